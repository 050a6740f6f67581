-- Version 4: sign-in, officers' powers and backups.
--
-- The forum has a random id that binds its sign-in file, backups and (later) the files it
-- exchanges with reps' computers to this forum, and a copy of its public certificate, so a
-- certificate file swapped in the data folder is noticed.
ALTER TABLE forum ADD COLUMN uid TEXT NOT NULL DEFAULT '';
ALTER TABLE forum ADD COLUMN certificate_pem TEXT NOT NULL DEFAULT '';

-- Who each sign-in slot belongs to. The sign-in file outside the database shows only a
-- label; which person a slot opens as is here, inside the encrypted store.
CREATE TABLE sign_in_slots (
    slot_id          TEXT PRIMARY KEY,
    person_id        INTEGER REFERENCES members (id),
    kind             TEXT NOT NULL CHECK (kind IN ('person', 'recovery')),
    officer          INTEGER NOT NULL DEFAULT 0 CHECK (officer IN (0, 1)),
    -- Opened with a one-time code, which can only be used to choose a new passphrase.
    one_time         INTEGER NOT NULL DEFAULT 0 CHECK (one_time IN (0, 1)),
    created_at       TEXT NOT NULL,
    -- Who made the slot or last set a one-time code for it (shown to the person at their next
    -- sign-in, so nobody can quietly become somebody else).
    set_by           INTEGER REFERENCES members (id),
    set_at           TEXT,
    last_sign_in_at  TEXT,
    CHECK (kind = 'recovery' OR person_id IS NOT NULL)
);
CREATE UNIQUE INDEX sign_in_slots_person ON sign_in_slots (person_id) WHERE kind = 'person';

-- Database keys the store was encrypted with before a re-key, so older backups still open.
CREATE TABLE db_keys (
    key_id      TEXT PRIMARY KEY,
    key_hex     TEXT NOT NULL,
    retired_at  TEXT NOT NULL
);

-- Settings that are not part of any one record: how soon the window locks, where backups
-- are copied off the laptop, and when that last happened.
CREATE TABLE settings (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Erasures and sign-in removals, by id only (never the erased text), so that restoring an
-- older backup can apply them again: a restore never brings back what was erased.
CREATE TABLE erasures (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('member', 'sign_in')),
    target     TEXT NOT NULL,
    done_at    TEXT NOT NULL
);

-- Officers' signatures (with the forum's key) over approvals, payments and role changes:
-- the hash of what was decided, and the signature. Anyone with the database key could write
-- rows, but only an officer's key can sign them, and `check` verifies every one.
CREATE TABLE signatures (
    id          INTEGER PRIMARY KEY,
    audit_id    INTEGER NOT NULL UNIQUE REFERENCES audit_log (id),
    digest      TEXT NOT NULL,
    signature   TEXT NOT NULL
);
CREATE TRIGGER signatures_append_only_update BEFORE UPDATE ON signatures
BEGIN
    SELECT RAISE(ABORT, 'FD-AUDIT: signatures cannot be changed');
END;
CREATE TRIGGER signatures_append_only_delete BEFORE DELETE ON signatures
BEGIN
    SELECT RAISE(ABORT, 'FD-AUDIT: signatures cannot be changed');
END;
