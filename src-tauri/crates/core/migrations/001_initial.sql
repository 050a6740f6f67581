-- Forum Desk schema, version 1.
-- Money is integer pence, distances are tenths of a mile, durations are minutes.
-- Dates are ISO 'YYYY-MM-DD'; date-times are local 'YYYY-MM-DDTHH:MM'.

CREATE TABLE forum (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    name            TEXT NOT NULL,
    address         TEXT NOT NULL DEFAULT '',
    charity_number  TEXT NOT NULL DEFAULT '',
    payment_terms   TEXT NOT NULL DEFAULT 'Please pay within 30 days of receiving this claim.',
    declaration     TEXT NOT NULL DEFAULT 'I declare that this claim is correct, that I have not claimed these costs from anyone else, and that I have attached receipts where they are needed.'
);

CREATE TABLE funders (
    id               INTEGER PRIMARY KEY,
    name             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    cost_code        TEXT NOT NULL DEFAULT '',
    finance_contact  TEXT NOT NULL DEFAULT ''
);

-- Payment policy as dated data: a line uses the policy in force on its date
-- (the row with the latest effective_from on or before it) and copies the rates it used.
CREATE TABLE policies (
    id                            INTEGER PRIMARY KEY,
    effective_from                TEXT NOT NULL UNIQUE,
    recognition_hourly_pence      INTEGER NOT NULL CHECK (recognition_hourly_pence >= 0),
    recognition_half_day_pence    INTEGER CHECK (recognition_half_day_pence >= 0),
    recognition_full_day_pence    INTEGER CHECK (recognition_full_day_pence >= 0),
    car_first_band_pence          INTEGER NOT NULL CHECK (car_first_band_pence >= 0),
    car_after_band_pence          INTEGER NOT NULL CHECK (car_after_band_pence >= 0),
    car_band_miles                INTEGER NOT NULL CHECK (car_band_miles > 0),
    motorcycle_pence              INTEGER NOT NULL CHECK (motorcycle_pence >= 0),
    bicycle_pence                 INTEGER NOT NULL CHECK (bicycle_pence >= 0),
    passenger_pence               INTEGER NOT NULL CHECK (passenger_pence >= 0),
    childcare_cap_hourly_pence    INTEGER NOT NULL CHECK (childcare_cap_hourly_pence >= 0),
    claim_age_limit_months        INTEGER NOT NULL CHECK (claim_age_limit_months > 0),
    receipt_threshold_pence       INTEGER NOT NULL CHECK (receipt_threshold_pence >= 0)
);

CREATE TABLE members (
    id                    INTEGER PRIMARY KEY,
    name                  TEXT NOT NULL,
    known_as              TEXT NOT NULL DEFAULT '',
    email                 TEXT NOT NULL DEFAULT '',
    phone                 TEXT NOT NULL DEFAULT '',
    postcode              TEXT NOT NULL DEFAULT '',
    joined_on             TEXT,
    status                TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'lapsed', 'left')),
    consent_email         INTEGER NOT NULL DEFAULT 0 CHECK (consent_email IN (0, 1)),
    consent_phone         INTEGER NOT NULL DEFAULT 0 CHECK (consent_phone IN (0, 1)),
    consent_post          INTEGER NOT NULL DEFAULT 0 CHECK (consent_post IN (0, 1)),
    -- Explicit consent to keep information about the member's children (special category data).
    children_consent_on   TEXT,
    children_consent_by   TEXT,
    -- Set when the member's personal data was erased on request; the row stays so that
    -- financial records keep pointing at it under the anonymous reference.
    erased_on             TEXT,
    anon_ref              TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX members_email ON members (email COLLATE NOCASE) WHERE email <> '';
CREATE INDEX members_name ON members (name COLLATE NOCASE);

CREATE TABLE children (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    age_band    TEXT NOT NULL DEFAULT '',
    needs       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX children_member ON children (member_id);

-- Children's details may only be kept while the member's explicit consent is recorded.
CREATE TRIGGER children_need_consent_insert BEFORE INSERT ON children
WHEN (SELECT children_consent_on FROM members WHERE id = NEW.member_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'children details need the member''s recorded consent');
END;
CREATE TRIGGER children_need_consent_update BEFORE UPDATE ON children
WHEN (SELECT children_consent_on FROM members WHERE id = NEW.member_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'children details need the member''s recorded consent');
END;

-- A representative is a member with at least one role.
CREATE TABLE reps (
    member_id                  INTEGER PRIMARY KEY REFERENCES members (id),
    is_chair                   INTEGER NOT NULL DEFAULT 0 CHECK (is_chair IN (0, 1)),
    is_treasurer               INTEGER NOT NULL DEFAULT 0 CHECK (is_treasurer IN (0, 1)),
    is_rep                     INTEGER NOT NULL DEFAULT 1 CHECK (is_rep IN (0, 1)),
    started_on                 TEXT NOT NULL,
    confidentiality_signed_on  TEXT,
    vehicle                    TEXT NOT NULL DEFAULT 'car' CHECK (vehicle IN ('car', 'motorcycle', 'bicycle', 'none')),
    active                     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE training (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES reps (member_id) ON DELETE CASCADE,
    course        TEXT NOT NULL,
    completed_on  TEXT NOT NULL
);

CREATE TABLE groups (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind           TEXT NOT NULL DEFAULT 'board' CHECK (kind IN ('board', 'workstream')),
    funder_id      INTEGER REFERENCES funders (id),
    quorum_total   INTEGER NOT NULL DEFAULT 0 CHECK (quorum_total >= 0),
    notes          TEXT NOT NULL DEFAULT ''
);

-- Partner organisations of a group, each with the minimum number present for quoracy.
CREATE TABLE group_orgs (
    group_id      INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    organisation  TEXT NOT NULL COLLATE NOCASE,
    min_present   INTEGER NOT NULL DEFAULT 0 CHECK (min_present >= 0),
    position      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, organisation)
);

CREATE TABLE group_reps (
    group_id   INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES reps (member_id),
    PRIMARY KEY (group_id, member_id)
);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    group_id         INTEGER NOT NULL REFERENCES groups (id),
    title            TEXT NOT NULL,
    starts_at        TEXT NOT NULL,
    ends_at          TEXT NOT NULL,
    place            TEXT NOT NULL DEFAULT '',
    online_link      TEXT NOT NULL DEFAULT '',
    notice_sent_on   TEXT,
    papers_sent_on   TEXT,
    chair_name       TEXT NOT NULL DEFAULT '',
    chair_org        TEXT NOT NULL DEFAULT '',
    note_taker_name  TEXT NOT NULL DEFAULT '',
    note_taker_org   TEXT NOT NULL DEFAULT '',
    finalised_at     TEXT,
    finalised_by     INTEGER REFERENCES members (id),
    CHECK (ends_at > starts_at)
);
CREATE INDEX meetings_group_start ON meetings (group_id, starts_at);
CREATE INDEX meetings_start ON meetings (starts_at);

CREATE TABLE meeting_people (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    member_id     INTEGER REFERENCES members (id),
    name          TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    attendance    TEXT NOT NULL DEFAULT 'invited' CHECK (attendance IN ('invited', 'attended', 'apologies', 'absent'))
);
CREATE INDEX meeting_people_meeting ON meeting_people (meeting_id);

CREATE TABLE agenda_items (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    presenter   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    text        TEXT NOT NULL
);

CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    text        TEXT NOT NULL,
    owner       TEXT NOT NULL,
    due_on      TEXT,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped'))
);
CREATE INDEX actions_meeting ON actions (meeting_id);

CREATE TABLE meeting_reopenings (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    reopened_by  INTEGER REFERENCES members (id),
    reopened_at  TEXT NOT NULL
);

-- One claim per rep per funder per month.
CREATE TABLE claims (
    id                  INTEGER PRIMARY KEY,
    rep_id              INTEGER NOT NULL REFERENCES members (id),
    funder_id           INTEGER NOT NULL REFERENCES funders (id),
    month               TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    status              TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'paid')),
    declaration         TEXT,
    submitted_at        TEXT,
    returned_reason     TEXT,
    returned_by         INTEGER REFERENCES members (id),
    returned_at         TEXT,
    approved_by         INTEGER REFERENCES members (id),
    approved_at         TEXT,
    accepted_warnings   TEXT NOT NULL DEFAULT '[]',
    paid_on             TEXT,
    payment_reference   TEXT,
    UNIQUE (rep_id, funder_id, month),
    -- The claimant is never the approver.
    CHECK (approved_by IS NULL OR approved_by <> rep_id),
    CHECK (status NOT IN ('approved', 'paid') OR (approved_by IS NOT NULL AND approved_at IS NOT NULL AND submitted_at IS NOT NULL)),
    CHECK (status <> 'paid' OR (paid_on IS NOT NULL AND length(trim(payment_reference)) > 0)),
    CHECK (status <> 'returned' OR length(trim(returned_reason)) > 0)
);
CREATE INDEX claims_month ON claims (month, funder_id);

CREATE TABLE claim_lines (
    id                   INTEGER PRIMARY KEY,
    claim_id             INTEGER NOT NULL REFERENCES claims (id),
    line_date            TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('time', 'mileage', 'fares', 'parking', 'childcare', 'other')),
    meeting_id           INTEGER REFERENCES meetings (id),
    activity             TEXT NOT NULL DEFAULT '',
    description          TEXT NOT NULL DEFAULT '',
    -- time: minutes, basis and the rate used
    minutes              INTEGER,
    time_basis           TEXT CHECK (time_basis IN ('hourly', 'half_day', 'full_day')),
    rate_pence           INTEGER,
    -- mileage: the journey and the band split used
    from_place           TEXT,
    to_place             TEXT,
    miles_tenths         INTEGER,
    vehicle              TEXT CHECK (vehicle IN ('car', 'motorcycle', 'bicycle')),
    passengers           INTEGER,
    first_band_tenths    INTEGER,
    after_band_tenths    INTEGER,
    first_band_pence     INTEGER,
    after_band_pence     INTEGER,
    passenger_pence      INTEGER,
    -- childcare: what was spent and the cap that applied
    entered_pence        INTEGER,
    cap_pence            INTEGER,
    amount_pence         INTEGER NOT NULL,
    policy_id            INTEGER REFERENCES policies (id),
    reverses_line_id     INTEGER UNIQUE REFERENCES claim_lines (id),
    created_at           TEXT NOT NULL,
    CHECK (meeting_id IS NOT NULL OR length(trim(activity)) > 0)
);
CREATE INDEX claim_lines_claim ON claim_lines (claim_id);
CREATE INDEX claim_lines_date ON claim_lines (line_date);

CREATE TABLE receipts (
    id          INTEGER PRIMARY KEY,
    line_id     INTEGER NOT NULL REFERENCES claim_lines (id),
    file_name   TEXT NOT NULL,
    mime        TEXT NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'application/pdf')),
    sha256      TEXT NOT NULL,
    size_bytes  INTEGER NOT NULL,
    content     BLOB NOT NULL,
    added_at    TEXT NOT NULL
);
CREATE INDEX receipts_line ON receipts (line_id);
CREATE INDEX receipts_sha ON receipts (sha256);

-- Approved and paid claims never change. The only change allowed after approval is
-- recording payment (approved -> paid) without touching anything else.
CREATE TRIGGER claims_frozen BEFORE UPDATE ON claims
WHEN OLD.status IN ('approved', 'paid')
 AND NOT (OLD.status = 'approved' AND NEW.status = 'paid'
          AND NEW.rep_id = OLD.rep_id AND NEW.funder_id = OLD.funder_id AND NEW.month = OLD.month
          AND NEW.approved_by IS OLD.approved_by AND NEW.approved_at IS OLD.approved_at
          AND NEW.submitted_at IS OLD.submitted_at AND NEW.declaration IS OLD.declaration
          AND NEW.accepted_warnings IS OLD.accepted_warnings)
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;
CREATE TRIGGER claims_frozen_delete BEFORE DELETE ON claims
WHEN OLD.status IN ('approved', 'paid')
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;
CREATE TRIGGER claims_no_self_approval BEFORE UPDATE OF approved_by ON claims
WHEN NEW.approved_by = NEW.rep_id
BEGIN
    SELECT RAISE(ABORT, 'the claimant cannot approve their own claim');
END;

-- Lines may only be added, changed or removed while their claim is a draft or returned.
CREATE TRIGGER lines_frozen_insert BEFORE INSERT ON claim_lines
WHEN (SELECT status FROM claims WHERE id = NEW.claim_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;
CREATE TRIGGER lines_frozen_update BEFORE UPDATE ON claim_lines
WHEN (SELECT status FROM claims WHERE id = OLD.claim_id) NOT IN ('draft', 'returned')
  OR (SELECT status FROM claims WHERE id = NEW.claim_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;
CREATE TRIGGER lines_frozen_delete BEFORE DELETE ON claim_lines
WHEN (SELECT status FROM claims WHERE id = OLD.claim_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;
CREATE TRIGGER receipts_frozen_insert BEFORE INSERT ON receipts
WHEN (SELECT c.status FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE l.id = NEW.line_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;
CREATE TRIGGER receipts_frozen_update BEFORE UPDATE ON receipts
WHEN (SELECT c.status FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE l.id = OLD.line_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;
CREATE TRIGGER receipts_frozen_delete BEFORE DELETE ON receipts
WHEN (SELECT c.status FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE l.id = OLD.line_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;

-- Who changed what, and when. Append-only. Details never hold special category data.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER REFERENCES members (id),
    action     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit_log (at);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
