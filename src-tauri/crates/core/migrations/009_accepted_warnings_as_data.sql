-- Accepted warnings as data (issue 7): each warning an approver accepted keeps its line, its
-- code and its message, so the pack places it by line id instead of reading "Line N" back
-- out of the text. The JSON text in claims.accepted_warnings stays as it was (it is part of
-- what approval fixed), and is converted here once: the line is the one the message names
-- first, numbered as the window numbers lines (by date, then entry order).
CREATE TABLE accepted_warnings (
    id        INTEGER PRIMARY KEY,
    claim_id  INTEGER NOT NULL REFERENCES claims (id),
    line_id   INTEGER REFERENCES claim_lines (id),
    code      TEXT    NOT NULL,
    message   TEXT    NOT NULL
);
CREATE INDEX accepted_warnings_claim ON accepted_warnings (claim_id);

WITH numbered AS (
    SELECT id, claim_id, ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY line_date, id) AS n
    FROM claim_lines
), messages AS (
    SELECT c.id AS claim_id, j.key AS k, j.value AS message,
           CASE WHEN instr(lower(j.value), 'line ') > 0
                THEN CAST(substr(j.value, instr(lower(j.value), 'line ') + 5) AS INTEGER) END AS n
    FROM claims c, json_each(c.accepted_warnings) j
    WHERE json_valid(c.accepted_warnings)
)
INSERT INTO accepted_warnings (claim_id, line_id, code, message)
SELECT m.claim_id,
       (SELECT nl.id FROM numbered nl WHERE nl.claim_id = m.claim_id AND nl.n = m.n),
       'accepted_before_codes', m.message
FROM messages m ORDER BY m.claim_id, m.k;

-- Written once, at approval, while the claim is still submitted; never changed after.
CREATE TRIGGER accepted_warnings_at_approval BEFORE INSERT ON accepted_warnings
WHEN (SELECT status FROM claims WHERE id = NEW.claim_id) IS NOT 'submitted'
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER accepted_warnings_fixed BEFORE UPDATE ON accepted_warnings
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
CREATE TRIGGER accepted_warnings_kept BEFORE DELETE ON accepted_warnings
WHEN (SELECT status FROM claims WHERE id = OLD.claim_id) IN ('approved', 'paid')
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: approved claims cannot be changed');
END;
