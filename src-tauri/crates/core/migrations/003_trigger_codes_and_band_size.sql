-- Version 3: every trigger's message starts with a stable code (FD-FROZEN:, FD-AUDIT:,
-- FD-SELF-APPROVAL:, FD-CONSENT:) that the core matches, so the wording after it can change
-- without breaking anything; and each car mileage line keeps the size of the mileage band it
-- was worked out with, so a forum whose policy says 5,000 miles never sees "first 10,000
-- miles" on a line.

DROP TRIGGER children_need_consent_insert;
DROP TRIGGER children_need_consent_update;
DROP TRIGGER claims_frozen;
DROP TRIGGER claims_frozen_delete;
DROP TRIGGER claims_no_self_approval;
DROP TRIGGER lines_frozen_insert;
DROP TRIGGER lines_frozen_update;
DROP TRIGGER lines_frozen_delete;
DROP TRIGGER receipts_frozen_insert;
DROP TRIGGER receipts_frozen_update;
DROP TRIGGER receipts_frozen_delete;
DROP TRIGGER audit_append_only_update;
DROP TRIGGER audit_append_only_delete;

-- The band size in force for each car line, copied from the policy it used (lines never look
-- their policy up again once made).
ALTER TABLE claim_lines ADD COLUMN band_miles INTEGER CHECK (band_miles IS NULL OR band_miles > 0);
UPDATE claim_lines SET band_miles = (SELECT p.car_band_miles FROM policies p WHERE p.id = claim_lines.policy_id)
 WHERE kind = 'mileage' AND vehicle = 'car';

CREATE TRIGGER children_need_consent_insert BEFORE INSERT ON children
WHEN (SELECT children_consent_on FROM members WHERE id = NEW.member_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'FD-CONSENT: children details need the member''s recorded consent');
END;
CREATE TRIGGER children_need_consent_update BEFORE UPDATE ON children
WHEN (SELECT children_consent_on FROM members WHERE id = NEW.member_id) IS NULL
BEGIN
    SELECT RAISE(ABORT, 'FD-CONSENT: children details need the member''s recorded consent');
END;

CREATE TRIGGER claims_frozen BEFORE UPDATE ON claims
WHEN OLD.status IN ('approved', 'paid')
 AND NOT (OLD.status = 'approved' AND NEW.status = 'paid'
          AND NEW.rep_id = OLD.rep_id AND NEW.funder_id = OLD.funder_id AND NEW.month = OLD.month
          AND NEW.approved_by IS OLD.approved_by AND NEW.approved_at IS OLD.approved_at
          AND NEW.submitted_at IS OLD.submitted_at AND NEW.submitted_by IS OLD.submitted_by
          AND NEW.declaration IS OLD.declaration AND NEW.accepted_warnings IS OLD.accepted_warnings)
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER claims_frozen_delete BEFORE DELETE ON claims
WHEN OLD.status IN ('approved', 'paid')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER claims_no_self_approval BEFORE UPDATE OF approved_by ON claims
WHEN NEW.approved_by = NEW.rep_id
BEGIN
    SELECT RAISE(ABORT, 'FD-SELF-APPROVAL: the claimant cannot approve their own claim');
END;

CREATE TRIGGER lines_frozen_insert BEFORE INSERT ON claim_lines
WHEN (SELECT status FROM claims WHERE id = NEW.claim_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER lines_frozen_update BEFORE UPDATE ON claim_lines
WHEN (SELECT status FROM claims WHERE id = OLD.claim_id) NOT IN ('draft', 'returned')
  OR (SELECT status FROM claims WHERE id = NEW.claim_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER lines_frozen_delete BEFORE DELETE ON claim_lines
WHEN (SELECT status FROM claims WHERE id = OLD.claim_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER receipts_frozen_insert BEFORE INSERT ON receipts
WHEN (SELECT c.status FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE l.id = NEW.line_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER receipts_frozen_update BEFORE UPDATE ON receipts
WHEN (SELECT c.status FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE l.id = OLD.line_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER receipts_frozen_delete BEFORE DELETE ON receipts
WHEN (SELECT c.status FROM claims c JOIN claim_lines l ON l.claim_id = c.id WHERE l.id = OLD.line_id) NOT IN ('draft', 'returned')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;

CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'FD-AUDIT: the audit log cannot be changed');
END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'FD-AUDIT: the audit log cannot be changed');
END;
