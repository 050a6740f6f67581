-- Meetings run by each group's own terms of reference.
--
-- Every default keeps what Forum Desk did before this version: 14 days' notice, papers 7 days
-- ahead, at most 90 minutes, every partner taking turns to chair and take notes, and everyone
-- at a meeting counting towards quoracy. This migration only uses tables of version 1
-- (groups, group_orgs, meetings, meeting_people, agenda_items, decisions, members), so it
-- can be applied after other additions in any order.

-- A group's meeting standards, edited with the group.
ALTER TABLE groups ADD COLUMN notice_days INTEGER NOT NULL DEFAULT 14 CHECK (notice_days BETWEEN 0 AND 365);
-- Papers go out `papers_days` days (or working days) before the meeting.
ALTER TABLE groups ADD COLUMN papers_rule TEXT NOT NULL DEFAULT 'days' CHECK (papers_rule IN ('days', 'working_days'));
ALTER TABLE groups ADD COLUMN papers_days INTEGER NOT NULL DEFAULT 7 CHECK (papers_days BETWEEN 0 AND 365);
-- Agenda items and papers reach the administrator this many working days before; NULL: no such rule.
ALTER TABLE groups ADD COLUMN items_working_days INTEGER CHECK (items_working_days IS NULL OR items_working_days BETWEEN 0 AND 60);
ALTER TABLE groups ADD COLUMN longest_minutes INTEGER NOT NULL DEFAULT 90 CHECK (longest_minutes BETWEEN 1 AND 1440);
-- The earliest and latest start times that suit parents ('HH:MM'); NULL: not checked.
ALTER TABLE groups ADD COLUMN earliest_start TEXT CHECK (earliest_start IS NULL OR earliest_start GLOB '[0-2][0-9]:[0-5][0-9]');
ALTER TABLE groups ADD COLUMN latest_start TEXT CHECK (latest_start IS NULL OR latest_start GLOB '[0-2][0-9]:[0-5][0-9]');
-- Warn about meetings in school holidays (when the forum has entered its term dates).
ALTER TABLE groups ADD COLUMN avoid_school_holidays INTEGER NOT NULL DEFAULT 1 CHECK (avoid_school_holidays IN (0, 1));
-- How the note-taker's turn follows the chair's.
ALTER TABLE groups ADD COLUMN notes_rotation TEXT NOT NULL DEFAULT 'own_turn'
    CHECK (notes_rotation IN ('own_turn', 'same_as_chair', 'other_partner'));
-- Reps who sit on the group must have signed the forum's confidentiality agreement.
ALTER TABLE groups ADD COLUMN requires_confidentiality INTEGER NOT NULL DEFAULT 0 CHECK (requires_confidentiality IN (0, 1));

-- Which partners take turns to chair and to take notes, and which sign the notes off.
ALTER TABLE group_orgs ADD COLUMN rotates_chair INTEGER NOT NULL DEFAULT 1 CHECK (rotates_chair IN (0, 1));
ALTER TABLE group_orgs ADD COLUMN rotates_notes INTEGER NOT NULL DEFAULT 1 CHECK (rotates_notes IN (0, 1));
ALTER TABLE group_orgs ADD COLUMN signs_off INTEGER NOT NULL DEFAULT 0 CHECK (signs_off IN (0, 1));

-- Departments and other names that count as a partner ("ESCC Education" counts for "ESCC").
-- An alias belongs to one partner of a group.
CREATE TABLE group_org_aliases (
    group_id      INTEGER NOT NULL,
    organisation  TEXT NOT NULL COLLATE NOCASE,
    alias         TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(alias)) > 0),
    PRIMARY KEY (group_id, alias),
    FOREIGN KEY (group_id, organisation) REFERENCES group_orgs (group_id, organisation) ON DELETE CASCADE
);

-- Training a group requires of the reps who sit on it; `valid_months` NULL: never needs renewing.
CREATE TABLE group_training (
    group_id      INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    course        TEXT NOT NULL COLLATE NOCASE CHECK (length(trim(course)) > 0),
    valid_months  INTEGER CHECK (valid_months IS NULL OR valid_months BETWEEN 1 AND 240),
    position      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (group_id, course)
);

-- Members of the group count towards quoracy; guests do not.
ALTER TABLE meeting_people ADD COLUMN membership TEXT NOT NULL DEFAULT 'member' CHECK (membership IN ('member', 'guest'));

-- Confidential agenda items and decisions are left out of the shareable notes.
ALTER TABLE agenda_items ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1));
-- When the item (and its papers) reached the administrator.
ALTER TABLE agenda_items ADD COLUMN received_on TEXT;
ALTER TABLE decisions ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0 CHECK (confidential IN (0, 1));

-- When the notes were sent to the partners.
ALTER TABLE meetings ADD COLUMN notes_sent_on TEXT;

-- Exceptions to the group's standards that the group agreed: an urgent meeting at short
-- notice, late papers, a longer meeting. One of each kind per meeting.
CREATE TABLE meeting_exceptions (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('short_notice', 'late_papers', 'long_meeting')),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    agreed_by    TEXT NOT NULL CHECK (length(trim(agreed_by)) > 0),
    agreed_on    TEXT,
    recorded_by  INTEGER REFERENCES members (id),
    recorded_at  TEXT NOT NULL,
    UNIQUE (meeting_id, kind)
);

-- Each signing-off partner's agreement to a meeting's notes.
CREATE TABLE meeting_signoffs (
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    organisation  TEXT NOT NULL COLLATE NOCASE,
    agreed_by     TEXT NOT NULL CHECK (length(trim(agreed_by)) > 0),
    agreed_on     TEXT NOT NULL,
    recorded_by   INTEGER REFERENCES members (id),
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (meeting_id, organisation)
);

-- Bank holidays (dated data: working days skip them). Seeded with England and Wales
-- 2025-2027 as published on GOV.UK; the forum adds later years (or Scotland's, Northern
-- Ireland's) in the window.
CREATE TABLE bank_holidays (
    on_date  TEXT PRIMARY KEY CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    name     TEXT NOT NULL CHECK (length(trim(name)) > 0)
);
INSERT INTO bank_holidays (on_date, name) VALUES
    ('2025-01-01', 'New Year''s Day'),
    ('2025-04-18', 'Good Friday'),
    ('2025-04-21', 'Easter Monday'),
    ('2025-05-05', 'Early May bank holiday'),
    ('2025-05-26', 'Spring bank holiday'),
    ('2025-08-25', 'Summer bank holiday'),
    ('2025-12-25', 'Christmas Day'),
    ('2025-12-26', 'Boxing Day'),
    ('2026-01-01', 'New Year''s Day'),
    ('2026-04-03', 'Good Friday'),
    ('2026-04-06', 'Easter Monday'),
    ('2026-05-04', 'Early May bank holiday'),
    ('2026-05-25', 'Spring bank holiday'),
    ('2026-08-31', 'Summer bank holiday'),
    ('2026-12-25', 'Christmas Day'),
    ('2026-12-28', 'Boxing Day (substitute day)'),
    ('2027-01-01', 'New Year''s Day'),
    ('2027-03-26', 'Good Friday'),
    ('2027-03-29', 'Easter Monday'),
    ('2027-05-03', 'Early May bank holiday'),
    ('2027-05-31', 'Spring bank holiday'),
    ('2027-08-30', 'Summer bank holiday'),
    ('2027-12-27', 'Christmas Day (substitute day)'),
    ('2027-12-28', 'Boxing Day (substitute day)');

-- The local authority's school terms, each with its half term, as the forum enters them.
-- A weekday between two terms, or in a half term, is a school holiday.
CREATE TABLE school_terms (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL CHECK (length(trim(name)) > 0),
    starts_on            TEXT NOT NULL,
    ends_on              TEXT NOT NULL,
    half_term_starts_on  TEXT,
    half_term_ends_on    TEXT,
    CHECK (ends_on >= starts_on),
    CHECK ((half_term_starts_on IS NULL) = (half_term_ends_on IS NULL)),
    CHECK (half_term_starts_on IS NULL
           OR (half_term_starts_on > starts_on AND half_term_ends_on < ends_on AND half_term_ends_on >= half_term_starts_on))
);
CREATE INDEX school_terms_start ON school_terms (starts_on);
