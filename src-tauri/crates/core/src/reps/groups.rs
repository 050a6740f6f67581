//! Groups (boards and workstreams) and their terms of reference: partner organisations with
//! their departments, quoracy, who takes turns to chair and take notes and who signs the
//! notes off, the meeting standards, and what reps need to sit on the group.

use rusqlite::{params, Connection, OptionalExtension};

use crate::meetings::quoracy::rule_text;
use crate::meetings::{rotation, standards};
use crate::model::{Group, GroupInput, GroupOrg, NotesRotation, TrainingRequirement};
use crate::store::{one, Problems, Store};
use crate::store::{CoreError, Result};
use crate::text::{optional_lines, required};

impl Store {
    pub fn groups_list(&self) -> Result<Vec<Group>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM groups ORDER BY name COLLATE NOCASE")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter().map(|id| self.group_get(id)).collect()
    }

    /// The group, with whose turn it is to chair and take notes at its next meeting.
    pub fn group_get(&self, id: i64) -> Result<Group> {
        let mut g = group(&self.conn, id)?;
        g.next_turns = rotation::group_next_turns(
            &self.conn,
            id,
            &g.orgs,
            g.notes_rotation,
            self.clock.now(),
        )?;
        Ok(g)
    }

    pub fn group_by_name(&self, name: &str) -> Result<Group> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM groups WHERE name = ?1 COLLATE NOCASE",
                [name.trim()],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.group_get(id),
            None => Err(CoreError::NotFound(format!(
                "There is no group called \"{}\".",
                name.trim()
            ))),
        }
    }

    /// Adds or changes a group with its terms of reference.
    pub fn group_save(&mut self, input: &GroupInput) -> Result<Group> {
        self.require_officer("change groups")?;
        // Every problem with the form is reported together.
        let mut p = Problems::new();
        let name = p.check(required("name", &input.name, "the group's name"))?;
        let notes = p.check(optional_lines("notes", &input.notes, "the notes"))?;
        let kind = if input.kind.trim().is_empty() {
            "board".to_string()
        } else {
            input.kind.trim().to_lowercase()
        };
        if kind != "board" && kind != "workstream" {
            p.add("kind", "A group is either a board or a workstream.");
        }
        if !(0..=100).contains(&input.quorum_total) {
            p.add(
                "quorum_total",
                "The quorum must be between 0 and 100 people.",
            );
        }
        // Every problem with the form is reported together.
        let orgs = p.check(partners(&input.orgs))?;
        let standards = p.check(standards::parse(&input.standards))?;
        let notes_rotation = if input.notes_rotation.trim().is_empty() {
            Some(NotesRotation::default())
        } else {
            p.check(NotesRotation::parse(
                "notes_rotation",
                &input.notes_rotation,
            ))?
        };
        let training = p.check(training_rules(input))?;
        if let Some(name) = &name {
            let clash: Option<i64> = self
                .conn
                .query_row(
                    "SELECT id FROM groups WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
                    params![name, input.id],
                    |r| r.get(0),
                )
                .optional()?;
            if clash.is_some() {
                p.add(
                    "name",
                    format!("There is already a group called \"{name}\"."),
                );
            }
        }
        p.finish()?;
        // Past `finish`, every check above passed, so each value is there.
        let (name, notes) = (name.unwrap_or_default(), notes.unwrap_or_default());
        let (orgs, standards, notes_rotation, training) = (
            orgs.unwrap_or_default(),
            standards.unwrap_or_default(),
            notes_rotation.unwrap_or_default(),
            training.unwrap_or_default(),
        );
        let s = &standards;
        let id = self.write(|tx| {
            let id = match input.id {
                Some(id) => {
                    let n = tx.execute(
                        "UPDATE groups SET name = ?2, kind = ?3, funder_id = ?4, quorum_total = ?5, notes = ?6 WHERE id = ?1",
                        params![id, name, kind, input.funder_id, input.quorum_total, notes],
                    )?;
                    if n == 0 {
                        return Err(CoreError::NotFound("That group could not be found.".into()));
                    }
                    tx.audit("changed a group", "group", Some(id), "")?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO groups (name, kind, funder_id, quorum_total, notes) VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![name, kind, input.funder_id, input.quorum_total, notes],
                    )?;
                    let id = tx.last_insert_rowid();
                    tx.audit("added a group", "group", Some(id), "")?;
                    id
                }
            };
            tx.execute(
                "UPDATE groups SET notice_days = ?2, papers_rule = ?3, papers_days = ?4, items_working_days = ?5,
                    longest_minutes = ?6, earliest_start = ?7, latest_start = ?8, avoid_school_holidays = ?9,
                    notes_rotation = ?10, requires_confidentiality = ?11 WHERE id = ?1",
                params![
                    id,
                    s.notice_days,
                    s.papers_rule,
                    s.papers_days,
                    s.items_working_days,
                    s.longest_minutes,
                    s.earliest_start,
                    s.latest_start,
                    s.avoid_school_holidays,
                    notes_rotation,
                    input.requires_confidentiality
                ],
            )?;
            // Aliases go with their partner (ON DELETE CASCADE).
            tx.execute("DELETE FROM group_orgs WHERE group_id = ?1", [id])?;
            for (pos, o) in orgs.iter().enumerate() {
                tx.execute(
                    "INSERT INTO group_orgs (group_id, organisation, min_present, position, rotates_chair, rotates_notes, signs_off)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![id, o.organisation, o.min_present, pos as i64, o.rotates_chair, o.rotates_notes, o.signs_off],
                )?;
                for a in &o.aliases {
                    tx.execute(
                        "INSERT INTO group_org_aliases (group_id, organisation, alias) VALUES (?1, ?2, ?3)",
                        params![id, o.organisation, a],
                    )?;
                }
            }
            tx.execute("DELETE FROM group_training WHERE group_id = ?1", [id])?;
            for (pos, t) in training.iter().enumerate() {
                tx.execute(
                    "INSERT INTO group_training (group_id, course, valid_months, position) VALUES (?1, ?2, ?3, ?4)",
                    params![id, t.course, t.valid_months, pos as i64],
                )?;
            }
            Ok(id)
        })?;
        self.group_get(id)
    }
}

/// Checks the partner list: names once each, minimums in range, and every department or
/// other name belonging to one partner only.
fn partners(input: &[GroupOrg]) -> Result<Vec<GroupOrg>> {
    let mut orgs: Vec<GroupOrg> = Vec::new();
    for o in input {
        let org = o.organisation.trim();
        if org.is_empty() {
            continue;
        }
        if !(0..=100).contains(&o.min_present) {
            return Err(CoreError::invalid(
                "orgs",
                format!("The minimum for {org} must be between 0 and 100."),
            ));
        }
        if orgs
            .iter()
            .any(|x| x.organisation.eq_ignore_ascii_case(org))
        {
            return Err(CoreError::invalid(
                "orgs",
                format!("{org} is listed twice."),
            ));
        }
        let mut aliases: Vec<String> = Vec::new();
        for a in &o.aliases {
            let a = a.trim();
            if a.is_empty()
                || a.eq_ignore_ascii_case(org)
                || aliases.iter().any(|x| x.eq_ignore_ascii_case(a))
            {
                continue;
            }
            if a.chars().count() > 200 {
                return Err(CoreError::invalid(
                    "orgs",
                    format!("\"{a}\" is too long for another name of {org}."),
                ));
            }
            aliases.push(a.to_string());
        }
        orgs.push(GroupOrg {
            organisation: org.to_string(),
            min_present: o.min_present,
            aliases,
            rotates_chair: o.rotates_chair,
            rotates_notes: o.rotates_notes,
            signs_off: o.signs_off,
        });
    }
    for o in &orgs {
        for a in &o.aliases {
            if let Some(other) = orgs.iter().find(|x| {
                x.organisation != o.organisation
                    && (x.organisation.eq_ignore_ascii_case(a)
                        || x.aliases.iter().any(|y| y.eq_ignore_ascii_case(a)))
            }) {
                return Err(CoreError::invalid(
                    "orgs",
                    format!(
                        "\"{a}\" cannot count for both {} and {}. Give it to one of them.",
                        o.organisation, other.organisation
                    ),
                ));
            }
        }
    }
    Ok(orgs)
}

fn training_rules(input: &GroupInput) -> Result<Vec<TrainingRequirement>> {
    let mut out: Vec<TrainingRequirement> = Vec::new();
    for t in &input.training {
        let course = t.course.trim();
        if course.is_empty() {
            continue;
        }
        let course = required("training", course, "the course name")?;
        if out.iter().any(|x| x.course.eq_ignore_ascii_case(&course)) {
            return Err(CoreError::invalid(
                "training",
                format!("{course} is listed twice."),
            ));
        }
        let months = t.valid_months.trim();
        let valid_months = if months.is_empty() {
            None
        } else {
            match months.parse::<i64>() {
                Ok(n) if (1..=240).contains(&n) => Some(n),
                _ => {
                    return Err(CoreError::invalid(
                        "training",
                        format!(
                            "Please give how many months {course} lasts as a whole number from 1 to 240, or leave it blank if it never needs renewing."
                        ),
                    ))
                }
            }
        };
        out.push(TrainingRequirement {
            course,
            valid_months,
        });
    }
    Ok(out)
}

/// The group as stored (its next turns are filled in by [`Store::group_get`]).
pub(crate) fn group(conn: &Connection, id: i64) -> Result<Group> {
    let mut g = one(
        conn,
        "SELECT g.id, g.name, g.kind, g.funder_id, f.name, g.quorum_total, g.notes, g.notice_days, g.papers_rule,
                g.papers_days, g.items_working_days, g.longest_minutes, g.earliest_start, g.latest_start,
                g.avoid_school_holidays, g.notes_rotation, g.requires_confidentiality
         FROM groups g LEFT JOIN funders f ON f.id = g.funder_id WHERE g.id = ?1",
        [id],
        "group",
        |r| {
            Ok(Group {
                id: r.get(0)?,
                name: r.get(1)?,
                kind: r.get(2)?,
                funder_id: r.get(3)?,
                funder_name: r.get(4)?,
                quorum_total: r.get(5)?,
                notes: r.get(6)?,
                orgs: Vec::new(),
                rep_ids: Vec::new(),
                quorum_rule: String::new(),
                standards: crate::model::MeetingStandards {
                    notice_days: r.get(7)?,
                    papers_rule: r.get(8)?,
                    papers_days: r.get(9)?,
                    items_working_days: r.get(10)?,
                    longest_minutes: r.get(11)?,
                    earliest_start: r.get(12)?,
                    latest_start: r.get(13)?,
                    avoid_school_holidays: r.get(14)?,
                },
                standards_text: Vec::new(),
                notes_rotation: r.get(15)?,
                requires_confidentiality: r.get(16)?,
                training: Vec::new(),
                next_turns: Default::default(),
            })
        },
    )?;
    g.orgs = group_orgs(conn, id)?;
    g.rep_ids = conn
        .prepare("SELECT member_id FROM group_reps WHERE group_id = ?1 ORDER BY member_id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    g.quorum_rule = rule_text(g.quorum_total, &g.orgs);
    g.standards_text = standards::describe(&g.standards);
    g.training = conn
        .prepare("SELECT course, valid_months FROM group_training WHERE group_id = ?1 ORDER BY position, course")?
        .query_map([id], |r| {
            Ok(TrainingRequirement {
                course: r.get(0)?,
                valid_months: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(g)
}

pub(crate) fn group_orgs(conn: &Connection, group_id: i64) -> Result<Vec<GroupOrg>> {
    let mut orgs: Vec<GroupOrg> = conn
        .prepare(
            "SELECT organisation, min_present, rotates_chair, rotates_notes, signs_off FROM group_orgs
             WHERE group_id = ?1 ORDER BY position, organisation",
        )?
        .query_map([group_id], |r| {
            Ok(GroupOrg {
                organisation: r.get(0)?,
                min_present: r.get(1)?,
                aliases: Vec::new(),
                rotates_chair: r.get(2)?,
                rotates_notes: r.get(3)?,
                signs_off: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT alias FROM group_org_aliases WHERE group_id = ?1 AND organisation = ?2 ORDER BY rowid",
    )?;
    for o in &mut orgs {
        o.aliases = stmt
            .query_map(params![group_id, o.organisation], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
    }
    Ok(orgs)
}
