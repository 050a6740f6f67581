-- Reach: the optional details funders ask about (which area a member lives in, how they
-- heard about the forum, how involved they want to be), kept only with the member's
-- consent; the forum's list of areas; and which group is the steering group with how many
-- active members it needs.
--
-- Uses only tables of version 1 (members, groups, forum), so it can follow other
-- additions in any order.

-- The forum's own list of areas (districts, towns). An area is retired, never deleted
-- while a member's details name it, so renaming or retiring keeps every member's history.
CREATE TABLE areas (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    -- Set when the forum stopped offering it; members who chose it keep it.
    retired_on  TEXT
);

-- One row per member who agreed to keep reach details: the row IS the consent (who
-- recorded it and when), so withdrawing consent deletes the row and every detail with it.
-- Every detail is optional.
CREATE TABLE member_reach (
    member_id     INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    consent_on    TEXT NOT NULL CHECK (length(consent_on) = 10),
    consent_by    TEXT NOT NULL CHECK (length(trim(consent_by)) > 0),
    area_id       INTEGER REFERENCES areas (id),
    heard_via     TEXT CHECK (heard_via IS NULL OR heard_via IN
        ('word_of_mouth', 'school', 'social_media', 'professional', 'event', 'other')),
    heard_detail  TEXT NOT NULL DEFAULT '',
    involvement   TEXT CHECK (involvement IS NULL OR involvement IN
        ('newsletter', 'surveys', 'events', 'rep'))
);
CREATE INDEX member_reach_area ON member_reach (area_id);

-- An erased member's record keeps no reach details, whatever writes to it.
CREATE TRIGGER member_reach_not_erased_insert BEFORE INSERT ON member_reach
WHEN (SELECT erased_on FROM members WHERE id = NEW.member_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'FD-CONSENT: an erased member keeps no reach details');
END;
CREATE TRIGGER member_reach_not_erased_update BEFORE UPDATE ON member_reach
WHEN (SELECT erased_on FROM members WHERE id = NEW.member_id) IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'FD-CONSENT: an erased member keeps no reach details');
END;

-- Erasing a member (erased_on set) takes their reach details with it, even when the
-- erasure is applied again after restoring an older backup.
CREATE TRIGGER member_reach_erased AFTER UPDATE OF erased_on ON members
WHEN NEW.erased_on IS NOT NULL
BEGIN
    DELETE FROM member_reach WHERE member_id = NEW.id;
END;

-- An area members have chosen is retired, not deleted.
CREATE TRIGGER areas_in_use_delete BEFORE DELETE ON areas
WHEN EXISTS (SELECT 1 FROM member_reach WHERE area_id = OLD.id)
BEGIN
    SELECT RAISE(ABORT, 'FD-FROZEN: an area members have chosen is retired, not deleted');
END;

-- The steering group is one of the forum's groups (NULL: not chosen), and the number of
-- its members the forum needs to be active to take decisions (0: no number set).
ALTER TABLE forum ADD COLUMN steering_group_id INTEGER REFERENCES groups (id) ON DELETE SET NULL;
ALTER TABLE forum ADD COLUMN steering_needed INTEGER NOT NULL DEFAULT 0 CHECK (steering_needed BETWEEN 0 AND 1000);
