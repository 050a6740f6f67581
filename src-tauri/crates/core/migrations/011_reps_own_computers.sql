-- Reps on their own computers: invitations, enrolled computers, the files exchanged, and on a
-- rep's computer what it knows of the forum. Only files travel between the two.

-- Forum laptop: an invitation for one rep. The enrolment secret proves that a computer's
-- first file came from whoever opened this invitation; it is kept only in the encrypted store.
CREATE TABLE rep_invitations (
    id          TEXT PRIMARY KEY CHECK (length(id) = 32),
    rep_id      INTEGER NOT NULL REFERENCES members (id),
    secret      TEXT NOT NULL CHECK (length(secret) = 64),
    created_by  INTEGER REFERENCES members (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX rep_invitations_rep ON rep_invitations (rep_id);

-- Forum laptop: a rep's computer, known by its own signing certificate. One current computer
-- per rep; a retired one (replaced or removed) is kept so that its files are refused by name.
CREATE TABLE rep_computers (
    id               INTEGER PRIMARY KEY,
    rep_id           INTEGER NOT NULL REFERENCES members (id),
    invitation_id    TEXT NOT NULL UNIQUE REFERENCES rep_invitations (id),
    certificate_pem  TEXT NOT NULL,
    fingerprint      TEXT NOT NULL UNIQUE,
    enrolled_at      TEXT NOT NULL,
    retired_at       TEXT,
    retired_why      TEXT CHECK (retired_why IS NULL OR retired_why IN ('replaced', 'removed')),
    last_seq         INTEGER NOT NULL DEFAULT 0,
    CHECK ((retired_at IS NULL) = (retired_why IS NULL))
);
CREATE UNIQUE INDEX rep_computers_one_current ON rep_computers (rep_id) WHERE retired_at IS NULL;

-- Forum laptop: where each claim is edited. with_rep: a draft or returned claim being
-- edited on the rep's own computer (read-only here until it comes back in a file or the
-- chair takes it back); revision: the highest claim file accepted for it.
ALTER TABLE claims ADD COLUMN with_rep INTEGER NOT NULL DEFAULT 0 CHECK (with_rep IN (0, 1));
ALTER TABLE claims ADD COLUMN taken_back_at TEXT;
ALTER TABLE claims ADD COLUMN revision INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0);

-- Forum laptop: every signed claim file accepted, kept whole so the rep's signature can be
-- checked again at any time.
CREATE TABLE claim_files (
    id           INTEGER PRIMARY KEY,
    claim_id     INTEGER NOT NULL REFERENCES claims (id),
    computer_id  INTEGER NOT NULL REFERENCES rep_computers (id),
    revision     INTEGER NOT NULL CHECK (revision > 0),
    sha256       TEXT NOT NULL UNIQUE,
    content      BLOB NOT NULL,
    received_at  TEXT NOT NULL,
    UNIQUE (claim_id, revision)
);
CREATE TRIGGER claim_files_never_change BEFORE UPDATE ON claim_files
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: a received claim file never changes');
END;

-- Both sides: every file read, by its SHA-256, so the same file twice changes nothing.
CREATE TABLE exchange_seen (
    sha256   TEXT PRIMARY KEY,
    seen_at  TEXT NOT NULL,
    outcome  TEXT NOT NULL
);

-- Both sides: counters. 'sent' is the highest sequence number this computer has written
-- (also kept in a file outside the store, so restoring a backup never reuses one);
-- 'applied' on a rep's computer is the highest forum update applied.
CREATE TABLE exchange_counters (
    name   TEXT PRIMARY KEY CHECK (name IN ('sent', 'applied')),
    value  INTEGER NOT NULL CHECK (value >= 0)
);

-- A rep's computer: who it is and which forum it belongs to. One row; absent on a forum laptop.
CREATE TABLE rep_computer (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    forum_uid              TEXT NOT NULL,
    forum_certificate_pem  TEXT NOT NULL,
    rep_id                 INTEGER NOT NULL REFERENCES members (id),
    invitation_id          TEXT NOT NULL,
    enrolment_proof        TEXT NOT NULL,
    certificate_pem        TEXT NOT NULL,
    -- This computer's own signing key (PKCS#8 DER, base64). Only the rep signs in here, and
    -- the store is encrypted under their passphrase.
    private_key            TEXT NOT NULL,
    joined_at              TEXT NOT NULL,
    enrolled_seen          INTEGER NOT NULL DEFAULT 0 CHECK (enrolled_seen IN (0, 1))
);

-- A rep's computer: the forum's view of the rep's claims from the last update (status,
-- reason, payment, amounts), shown beside the rep's own copies.
CREATE TABLE forum_claims (
    funder_id     INTEGER NOT NULL,
    month         TEXT NOT NULL,
    status        TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    total_pence   INTEGER NOT NULL,
    reason        TEXT,
    submitted_at  TEXT,
    approved_at   TEXT,
    paid_on       TEXT,
    reference     TEXT,
    with_forum    INTEGER NOT NULL DEFAULT 0 CHECK (with_forum IN (0, 1)),
    PRIMARY KEY (funder_id, month)
);

-- A rep's computer: car miles the forum holds for this rep in a tax year, in claims that are
-- not on this computer, so the 10,000-mile band counts every funder.
CREATE TABLE carried_car_miles (
    tax_year_start  TEXT PRIMARY KEY,
    tenths          INTEGER NOT NULL CHECK (tenths >= 0)
);

-- A rep's computer: each claim's revision, raised at every submission.
CREATE TABLE claim_revisions (
    claim_id  INTEGER PRIMARY KEY REFERENCES claims (id),
    revision  INTEGER NOT NULL CHECK (revision > 0)
);

-- A rep's computer: signed files waiting to go to the forum.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    file_name  TEXT NOT NULL,
    content    BLOB NOT NULL,
    made_at    TEXT NOT NULL,
    sent_at    TEXT
);

-- Both sides: the folder shared between one rep and the forum (a folder both computers
-- already sync). On a forum laptop one row per rep; on a rep's computer one row, theirs.
-- The side that is the forum writes only its 'forum' subfolder, the rep only 'rep'.
CREATE TABLE exchange_folders (
    rep_id  INTEGER PRIMARY KEY REFERENCES members (id),
    path    TEXT NOT NULL CHECK (length(trim(path)) > 0)
);
