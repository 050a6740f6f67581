-- Version 2: record who submitted each claim (a treasurer may enter a rep's signed paper
-- claim for them), and index the approver's queue and the duplicate-line check.

-- The frozen-claims trigger must be lifted while existing rows are filled in, then put back
-- with the new column protected too.
DROP TRIGGER claims_frozen;

ALTER TABLE claims ADD COLUMN submitted_by INTEGER REFERENCES members (id);
UPDATE claims SET submitted_by = rep_id WHERE submitted_at IS NOT NULL;

CREATE TRIGGER claims_frozen BEFORE UPDATE ON claims
WHEN OLD.status IN ('approved', 'paid')
 AND NOT (OLD.status = 'approved' AND NEW.status = 'paid'
          AND NEW.rep_id = OLD.rep_id AND NEW.funder_id = OLD.funder_id AND NEW.month = OLD.month
          AND NEW.approved_by IS OLD.approved_by AND NEW.approved_at IS OLD.approved_at
          AND NEW.submitted_at IS OLD.submitted_at AND NEW.submitted_by IS OLD.submitted_by
          AND NEW.declaration IS OLD.declaration AND NEW.accepted_warnings IS OLD.accepted_warnings)
BEGIN
    SELECT RAISE(ABORT, 'approved claims cannot be changed');
END;

CREATE INDEX claims_status ON claims (status, submitted_at);

-- The duplicate-line warning looks lines up by date, kind and amount on every claim view.
CREATE INDEX claim_lines_same ON claim_lines (line_date, kind, amount_pence);
