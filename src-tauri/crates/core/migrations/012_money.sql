-- Money the forum must manage (issue 9): funders' budgets, rates per funder, time to pay and
-- the Carer's Allowance earnings limit.
--
-- Two tables are rebuilt (SQLite cannot change a UNIQUE constraint or a column default in
-- place). The runner turns foreign keys off around the migrations and checks every foreign
-- key before committing (store/open.rs), the way SQLite's own guide to rebuilding a table
-- says. Ids are copied as they are, so claim_lines.policy_id keeps pointing at the same
-- policies. This migration only uses tables of version 1 and 4, so it does not depend on any
-- migration placed before it.

-- 1. Payment policies can belong to one funder. A line takes its funder's policy in force on
--    its date, or the forum's own (funder_id NULL). One policy per funder and start date.
CREATE TABLE policies_new (
    id                            INTEGER PRIMARY KEY,
    funder_id                     INTEGER REFERENCES funders (id),
    effective_from                TEXT NOT NULL,
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
INSERT INTO policies_new (id, funder_id, effective_from, recognition_hourly_pence,
    recognition_half_day_pence, recognition_full_day_pence, car_first_band_pence,
    car_after_band_pence, car_band_miles, motorcycle_pence, bicycle_pence, passenger_pence,
    childcare_cap_hourly_pence, claim_age_limit_months, receipt_threshold_pence)
SELECT id, NULL, effective_from, recognition_hourly_pence,
    recognition_half_day_pence, recognition_full_day_pence, car_first_band_pence,
    car_after_band_pence, car_band_miles, motorcycle_pence, bicycle_pence, passenger_pence,
    childcare_cap_hourly_pence, claim_age_limit_months, receipt_threshold_pence
FROM policies;
DROP TABLE policies;
ALTER TABLE policies_new RENAME TO policies;
-- NULLs are all different to UNIQUE, so the forum's own policies (funder_id NULL) are
-- counted as funder 0 here.
CREATE UNIQUE INDEX policies_funder_from ON policies (coalesce(funder_id, 0), effective_from);

-- 2. The forum's target for paying claims, in days from submission (the SE7 report's
--    "within two weeks"), and payment terms that say 14 days for new forums. A forum that
--    still has the old default wording gets the new one; wording a forum wrote is kept.
CREATE TABLE forum_new (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    name                 TEXT NOT NULL,
    address              TEXT NOT NULL DEFAULT '',
    charity_number       TEXT NOT NULL DEFAULT '',
    payment_terms        TEXT NOT NULL DEFAULT 'Please pay within 14 days of receiving this claim.',
    declaration          TEXT NOT NULL DEFAULT 'I declare that this claim is correct, that I have not claimed these costs from anyone else, and that I have attached receipts where they are needed.',
    uid                  TEXT NOT NULL DEFAULT '',
    certificate_pem      TEXT NOT NULL DEFAULT '',
    payment_target_days  INTEGER NOT NULL DEFAULT 14 CHECK (payment_target_days BETWEEN 1 AND 365)
);
INSERT INTO forum_new (id, name, address, charity_number, payment_terms, declaration, uid, certificate_pem)
SELECT id, name, address, charity_number,
       CASE WHEN payment_terms = 'Please pay within 30 days of receiving this claim.'
            THEN 'Please pay within 14 days of receiving this claim.' ELSE payment_terms END,
       declaration, uid, certificate_pem
FROM forum;
DROP TABLE forum;
ALTER TABLE forum_new RENAME TO forum;

-- 3. Funders' grants: an amount for a period, and what it may pay for. Spend is worked out
--    from approved and paid claim lines, never stored.
CREATE TABLE budgets (
    id              INTEGER PRIMARY KEY,
    funder_id       INTEGER NOT NULL REFERENCES funders (id),
    name            TEXT NOT NULL,
    amount_pence    INTEGER NOT NULL CHECK (amount_pence > 0),
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    pays_time       INTEGER NOT NULL DEFAULT 1 CHECK (pays_time IN (0, 1)),
    pays_travel     INTEGER NOT NULL DEFAULT 1 CHECK (pays_travel IN (0, 1)),
    pays_childcare  INTEGER NOT NULL DEFAULT 1 CHECK (pays_childcare IN (0, 1)),
    pays_other      INTEGER NOT NULL DEFAULT 1 CHECK (pays_other IN (0, 1)),
    CHECK (ends_on >= starts_on),
    CHECK (pays_time + pays_travel + pays_childcare + pays_other > 0)
);
CREATE INDEX budgets_funder ON budgets (funder_id, starts_on);

-- 4. Whether a rep gets Carer's Allowance: private, kept with the rep's record, shown only to
--    the rep and the officers.
ALTER TABLE reps ADD COLUMN carers_allowance INTEGER NOT NULL DEFAULT 0 CHECK (carers_allowance IN (0, 1));

-- 5. Carer's Allowance weekly earnings limit, as dated data: the limit in force on a date is
--    the row with the latest effective_from on or before it.
CREATE TABLE carers_allowance_limits (
    effective_from      TEXT PRIMARY KEY,
    weekly_limit_pence  INTEGER NOT NULL CHECK (weekly_limit_pence > 0)
);
INSERT INTO carers_allowance_limits (effective_from, weekly_limit_pence) VALUES
    ('2025-04-07', 19600),
    ('2026-04-06', 20400);
