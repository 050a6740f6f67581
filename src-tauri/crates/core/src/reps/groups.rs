//! Groups (boards and workstreams), their partner organisations and quoracy rule.

use rusqlite::{params, Connection, OptionalExtension};

use crate::meetings::quoracy::rule_text;
use crate::model::{Group, GroupInput, GroupOrg};
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
        ids.into_iter().map(|id| group(&self.conn, id)).collect()
    }

    pub fn group_get(&self, id: i64) -> Result<Group> {
        group(&self.conn, id)
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
        let mut orgs: Vec<GroupOrg> = Vec::new();
        for o in &input.orgs {
            let org = o.organisation.trim();
            if org.is_empty() {
                continue;
            }
            if !(0..=100).contains(&o.min_present) {
                p.add(
                    "orgs",
                    format!("The minimum for {org} must be between 0 and 100."),
                );
            }
            if orgs
                .iter()
                .any(|x| x.organisation.eq_ignore_ascii_case(org))
            {
                p.add("orgs", format!("{org} is listed twice."));
            }
            orgs.push(GroupOrg {
                organisation: org.to_string(),
                min_present: o.min_present,
            });
        }
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
        let (name, notes) = (name.unwrap_or_default(), notes.unwrap_or_default());
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
            tx.execute("DELETE FROM group_orgs WHERE group_id = ?1", [id])?;
            for (pos, o) in orgs.iter().enumerate() {
                tx.execute(
                    "INSERT INTO group_orgs (group_id, organisation, min_present, position) VALUES (?1, ?2, ?3, ?4)",
                    params![id, o.organisation, o.min_present, pos as i64],
                )?;
            }
            Ok(id)
        })?;
        self.group_get(id)
    }
}

pub(crate) fn group(conn: &Connection, id: i64) -> Result<Group> {
    let mut g = one(
        conn,
        "SELECT g.id, g.name, g.kind, g.funder_id, f.name, g.quorum_total, g.notes
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
            })
        },
    )?;
    g.orgs = group_orgs(conn, id)?;
    g.rep_ids = conn
        .prepare("SELECT member_id FROM group_reps WHERE group_id = ?1 ORDER BY member_id")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    g.quorum_rule = rule_text(g.quorum_total, &g.orgs);
    Ok(g)
}

pub(crate) fn group_orgs(conn: &Connection, group_id: i64) -> Result<Vec<GroupOrg>> {
    Ok(conn
        .prepare("SELECT organisation, min_present FROM group_orgs WHERE group_id = ?1 ORDER BY position, organisation")?
        .query_map([group_id], |r| Ok(GroupOrg { organisation: r.get(0)?, min_present: r.get(1)? }))?
        .collect::<rusqlite::Result<_>>()?)
}
