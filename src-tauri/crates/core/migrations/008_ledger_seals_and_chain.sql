-- A ledger that shows any tampering (issue 7).
--
-- 1. Claims can only be born as drafts: an approved claim cannot be INSERTed straight in.
CREATE TRIGGER claims_insert_as_draft BEFORE INSERT ON claims
WHEN NEW.status <> 'draft'
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: a claim can only be started as a draft');
END;

-- 2. No column of an approved or paid claim changes, its id included; recording payment
--    (approved -> paid, with the date and reference) is the one change allowed.
DROP TRIGGER claims_frozen;
CREATE TRIGGER claims_frozen BEFORE UPDATE ON claims
WHEN OLD.status IN ('approved', 'paid')
 AND NOT (OLD.status = 'approved' AND NEW.status = 'paid'
          AND NEW.id = OLD.id
          AND NEW.rep_id = OLD.rep_id AND NEW.funder_id = OLD.funder_id AND NEW.month = OLD.month
          AND NEW.approved_by IS OLD.approved_by AND NEW.approved_at IS OLD.approved_at
          AND NEW.submitted_at IS OLD.submitted_at AND NEW.submitted_by IS OLD.submitted_by
          AND NEW.declaration IS OLD.declaration AND NEW.accepted_warnings IS OLD.accepted_warnings
          AND NEW.returned_reason IS OLD.returned_reason AND NEW.returned_by IS OLD.returned_by
          AND NEW.returned_at IS OLD.returned_at)
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;

-- 3. Lines and receipts of a frozen claim: nothing added, taken or changed, ids included
--    (the old triggers looked only at the claim the row points to now).
DROP TRIGGER lines_frozen_update;
CREATE TRIGGER lines_frozen_update BEFORE UPDATE ON claim_lines
WHEN (SELECT status FROM claims WHERE id = OLD.claim_id) NOT IN ('draft', 'returned')
  OR (SELECT status FROM claims WHERE id = NEW.claim_id) NOT IN ('draft', 'returned')
  OR (NEW.id <> OLD.id AND EXISTS (SELECT 1 FROM receipts WHERE line_id = OLD.id))
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
DROP TRIGGER receipts_frozen_update;
CREATE TRIGGER receipts_frozen_update BEFORE UPDATE ON receipts
WHEN (SELECT c.status FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE l.id = OLD.line_id) NOT IN ('draft', 'returned')
  OR (SELECT c.status FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE l.id = NEW.line_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;

-- 4. Approval seals: the forum's signature over every column of an approved claim, its
--    lines and its receipts' content hashes, and the audit chain's head then. A claim
--    approved before seals existed gets a row here now with no signature; the first officer
--    to export or check seals it, marked "sealed at upgrade".
CREATE TABLE claim_seals (
    claim_id    INTEGER PRIMARY KEY REFERENCES claims (id),
    version     INTEGER NOT NULL,
    digest      TEXT,
    signature   TEXT,
    audit_head  TEXT,
    sealed_at   TEXT,
    at_upgrade  INTEGER NOT NULL DEFAULT 0 CHECK (at_upgrade IN (0, 1)),
    CHECK ((digest IS NULL) = (signature IS NULL))
);
INSERT INTO claim_seals (claim_id, version, at_upgrade)
    SELECT id, 1, 1 FROM claims WHERE status IN ('approved', 'paid');
-- A seal is written once; the only change is filling in a pending upgrade seal.
CREATE TRIGGER claim_seals_fixed BEFORE UPDATE ON claim_seals
WHEN OLD.signature IS NOT NULL OR NEW.claim_id <> OLD.claim_id OR NEW.at_upgrade <> OLD.at_upgrade
BEGIN
    SELECT RAISE(ABORT, 'FD-AUDIT: approval seals cannot be changed');
END;
CREATE TRIGGER claim_seals_kept BEFORE DELETE ON claim_seals
BEGIN
    SELECT RAISE(ABORT, 'FD-AUDIT: approval seals cannot be changed');
END;

-- 5. A chained audit log: each new entry holds the hash of the one before and of its own
--    content. Entries from before this version have none; the chain starts after them.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
