-- When a member stopped being active (lapsed or left), so "members over time" in the reach
-- summary and the annual report counts them in the months they were active instead of
-- taking them out of every month the day their status changes. The core sets it to the day
-- the status moved away from active and clears it when they are active again. Members who
-- had already lapsed or left before this version have no date: nobody knows it, so, as
-- before, they are not counted in any month.
--
-- Uses only a table of version 1 (members), so it can follow other additions in any order.

ALTER TABLE members ADD COLUMN left_on TEXT
    CHECK (left_on IS NULL OR (status <> 'active' AND left_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'));
