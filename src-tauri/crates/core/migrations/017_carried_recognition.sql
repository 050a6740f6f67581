-- A rep's computer: recognition payments (time lines) the forum counts for this rep, by the
-- calendar month each counts in (the month it was paid, or before payment the claim's month),
-- in claims that are not on this computer: typed in at the forum from paper, or taken back.
-- With them, the Carer's Allowance check on the rep's computer sees every claim, as it does
-- on the forum laptop. Written only from a signed forum update; empty on the forum laptop.
--
-- Uses no other table, so it can follow other additions in any order.

CREATE TABLE carried_recognition (
    month   TEXT PRIMARY KEY CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
    pence   INTEGER NOT NULL CHECK (pence >= 0)
);
