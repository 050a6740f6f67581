-- Co-production projects (workstreams) and what they achieved: the co-production
-- handbook's planning form (appendix C), monitoring entries (appendix D) and feedback forms
-- (appendix E), with links from meetings and claim lines so the forum knows each project's
-- hours and cost.
--
-- This migration only uses tables of version 1 (groups, meetings, claim_lines, members), so
-- it can be applied after other additions in any order. Links live in their own tables:
-- nothing here changes a claim, a line or a seal.

-- The ladder of participation, as the handbook lists it.
-- 'information', 'consultation', 'engagement', 'co_design', 'co_production'

CREATE TABLE projects (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    lead_contacts      TEXT NOT NULL DEFAULT '',
    contact_info       TEXT NOT NULL DEFAULT '',
    organisations      TEXT NOT NULL DEFAULT '',
    departments        TEXT NOT NULL DEFAULT '',
    aim                TEXT NOT NULL DEFAULT '',
    planned_level      TEXT NOT NULL
        CHECK (planned_level IN ('information', 'consultation', 'engagement', 'co_design', 'co_production')),
    success            TEXT NOT NULL DEFAULT '',
    ongoing            INTEGER NOT NULL DEFAULT 0 CHECK (ongoing IN (0, 1)),
    timeframe          TEXT NOT NULL DEFAULT '',
    -- NULL: not known yet.
    meetings_per_year  INTEGER CHECK (meetings_per_year IS NULL OR meetings_per_year BETWEEN 0 AND 366),
    -- Any known or planned dates, times and places of meetings.
    meeting_plans      TEXT NOT NULL DEFAULT '',
    other_info         TEXT NOT NULL DEFAULT '',
    started_on         TEXT,
    created_at         TEXT NOT NULL
);

-- The group(s) a project works through.
CREATE TABLE project_groups (
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    group_id    INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, group_id)
);

-- Dated reflections on progress (appendix D). An escalation stays on the officers' first
-- screen until somebody records that it was dealt with.
CREATE TABLE project_monitoring (
    id                   INTEGER PRIMARY KEY,
    project_id           INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    entry_on             TEXT NOT NULL,
    going_well           TEXT NOT NULL DEFAULT '',
    going_less_well      TEXT NOT NULL DEFAULT '',
    next_steps           TEXT NOT NULL DEFAULT '',
    barriers_risks       TEXT NOT NULL DEFAULT '',
    embedding            TEXT NOT NULL DEFAULT '',
    missing_input        TEXT NOT NULL DEFAULT '',
    escalation           TEXT NOT NULL DEFAULT '',
    further_action       TEXT NOT NULL DEFAULT '',
    learning             TEXT NOT NULL DEFAULT '',
    escalation_dealt_on  TEXT,
    escalation_outcome   TEXT NOT NULL DEFAULT '',
    escalation_dealt_by  INTEGER REFERENCES members (id),
    recorded_by          INTEGER REFERENCES members (id),
    recorded_at          TEXT NOT NULL,
    -- Only an escalation can be dealt with.
    CHECK (escalation_dealt_on IS NULL OR length(trim(escalation)) > 0)
);
CREATE INDEX project_monitoring_project ON project_monitoring (project_id, entry_on);

-- One feedback form per participant (appendix E).
CREATE TABLE project_feedback (
    id                      INTEGER PRIMARY KEY,
    project_id              INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    given_on                TEXT NOT NULL,
    organisation            TEXT NOT NULL CHECK (length(trim(organisation)) > 0),
    role                    TEXT NOT NULL DEFAULT '',
    remit_clear             TEXT NOT NULL CHECK (remit_clear IN ('yes', 'partly', 'no')),
    remit_comment           TEXT NOT NULL DEFAULT '',
    meetings_effective      TEXT NOT NULL CHECK (meetings_effective IN ('yes', 'partly', 'no')),
    meetings_comment        TEXT NOT NULL DEFAULT '',
    communication_effective TEXT NOT NULL CHECK (communication_effective IN ('yes', 'partly', 'no')),
    communication_comment   TEXT NOT NULL DEFAULT '',
    impact                  TEXT NOT NULL DEFAULT '',
    learning                TEXT NOT NULL DEFAULT '',
    rating                  INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10),
    reached_level           TEXT NOT NULL
        CHECK (reached_level IN ('information', 'consultation', 'engagement', 'co_design', 'co_production')),
    top_tips                TEXT NOT NULL DEFAULT '',
    recorded_by             INTEGER REFERENCES members (id),
    recorded_at             TEXT NOT NULL
);
CREATE INDEX project_feedback_project ON project_feedback (project_id);

-- A meeting belongs to at most one project, so its time is never counted twice.
CREATE TABLE project_meetings (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX project_meetings_project ON project_meetings (project_id);

-- A claim line belongs to at most one project. The link sits beside the line: linking
-- never changes the line, its claim or the claim's seal. A draft line that is deleted takes
-- its link with it.
CREATE TABLE project_claim_lines (
    line_id     INTEGER PRIMARY KEY REFERENCES claim_lines (id) ON DELETE CASCADE,
    project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX project_claim_lines_project ON project_claim_lines (project_id);

-- The issues and themes log: what families raise, as numbers only. No family's personal
-- details are kept here.
CREATE TABLE issues (
    id           INTEGER PRIMARY KEY,
    theme        TEXT NOT NULL CHECK (length(trim(theme)) > 0),
    service      TEXT NOT NULL DEFAULT '',
    families     INTEGER NOT NULL CHECK (families BETWEEN 1 AND 100000),
    raised_on    TEXT NOT NULL,
    -- Where it was taken: a group, a meeting, or both; NULL: not taken anywhere yet.
    group_id     INTEGER REFERENCES groups (id) ON DELETE SET NULL,
    meeting_id   INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    outcome      TEXT NOT NULL DEFAULT '',
    recorded_by  INTEGER REFERENCES members (id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX issues_raised ON issues (raised_on);

-- "You said, we did": what parent carers said, what changed (or why it did not), who
-- decided, and when families and reps were told.
CREATE TABLE outcomes (
    id            INTEGER PRIMARY KEY,
    said          TEXT NOT NULL CHECK (length(trim(said)) > 0),
    said_on       TEXT NOT NULL,
    source        TEXT NOT NULL CHECK (source IN ('meeting', 'survey', 'project', 'issues_log')),
    meeting_id    INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    -- The decision in a meeting's notes this follows up, when it came from one.
    decision_id   INTEGER UNIQUE REFERENCES decisions (id) ON DELETE SET NULL,
    project_id    INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    issue_id      INTEGER REFERENCES issues (id) ON DELETE SET NULL,
    -- The survey's name, or anything else about where it came from.
    source_detail TEXT NOT NULL DEFAULT '',
    changed       INTEGER NOT NULL DEFAULT 0 CHECK (changed IN (0, 1)),
    -- What changed, or why it did not.
    we_did        TEXT NOT NULL DEFAULT '',
    decided_by    TEXT NOT NULL DEFAULT '',
    told_on       TEXT,
    recorded_by   INTEGER REFERENCES members (id),
    recorded_at   TEXT NOT NULL
);
CREATE INDEX outcomes_said ON outcomes (said_on);
