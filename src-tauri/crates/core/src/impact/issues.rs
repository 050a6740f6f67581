//! The issues and themes log: a theme (EHCP delays, transport, CAMHS waiting times), the
//! service, how many families raised it, when, where it was taken and what came of it.
//! Numbers only: there is no field for a family's name or details.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{Issue, IssueInput, ThemeCount};
use crate::store::{one, CoreError, Problems, Result, Store};
use crate::text::{dates, optional_line, optional_lines, parse_whole, required};

impl Store {
    /// The log, newest first; `from` and `to` (dates as typed, inclusive, blank: no limit)
    /// are on the date it was raised.
    pub fn issues_list(&self, from: &str, to: &str) -> Result<Vec<Issue>> {
        let (from, to) = dates::parse_optional_range(from, to)?;
        Ok(self
            .conn
            .prepare(&format!(
                "{SELECT} WHERE (?1 = '' OR i.raised_on >= ?1) AND (?2 = '' OR i.raised_on <= ?2)
                 ORDER BY i.raised_on DESC, i.id DESC"
            ))?
            .query_map(params![from, to], read)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Themes by the number of families who raised them, most first, then by name.
    pub fn issue_themes(&self, from: &str, to: &str) -> Result<Vec<ThemeCount>> {
        let (from, to) = dates::parse_optional_range(from, to)?;
        themes(&self.conn, &from, &to)
    }

    pub fn issue_save(&mut self, i: &IssueInput) -> Result<Issue> {
        self.require_officer("keep the issues log")?;
        let mut p = Problems::new();
        let theme = p.check(required("theme", &i.theme, "the theme"))?;
        let service = p.check(optional_line("service", &i.service, "the service"))?;
        let families = p.check(parse_whole("families", &i.families, "families", 1, 100_000))?;
        let on = p.check(dates::parse_date("raised_on", &i.raised_on))?;
        let outcome = p.check(optional_lines("outcome", &i.outcome, "what came of it"))?;
        if let Some(g) = i.group_id {
            let n: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM groups WHERE id = ?1", [g], |r| {
                        r.get(0)
                    })?;
            if n == 0 {
                p.add(
                    "group_id",
                    "That group no longer exists. Please choose again.",
                );
            }
        }
        if let Some(m) = i.meeting_id {
            let n: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM meetings WHERE id = ?1", [m], |r| {
                        r.get(0)
                    })?;
            if n == 0 {
                p.add(
                    "meeting_id",
                    "That meeting no longer exists. Please choose again.",
                );
            }
        }
        p.finish()?;
        let (Some(theme), Some(families), Some(on)) = (theme, families, on) else {
            return Err(CoreError::invalid("theme", "Please check the form."));
        };
        let on = dates::iso(on);
        if let Some(id) = i.id {
            issue(&self.conn, id)?;
        }
        let stamp = self.clock.stamp();
        let id = self.write(|tx| {
            let id = match i.id {
                Some(id) => {
                    tx.execute(
                        "UPDATE issues SET theme = ?2, service = ?3, families = ?4, raised_on = ?5, group_id = ?6,
                            meeting_id = ?7, outcome = ?8 WHERE id = ?1",
                        params![id, theme, service, families, on, i.group_id, i.meeting_id, outcome],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO issues (theme, service, families, raised_on, group_id, meeting_id, outcome,
                            recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![theme, service, families, on, i.group_id, i.meeting_id, outcome, tx.actor, stamp],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            tx.audit(
                if i.id.is_some() { "changed an issues log entry" } else { "added an issues log entry" },
                "issue",
                Some(id),
                &format!("{theme}, {families} families"),
            )?;
            Ok(id)
        })?;
        issue(&self.conn, id)
    }

    pub fn issue_delete(&mut self, id: i64) -> Result<()> {
        self.require_officer("keep the issues log")?;
        let i = issue(&self.conn, id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM issues WHERE id = ?1", [id])?;
            tx.audit("removed an issues log entry", "issue", Some(id), &i.theme)
        })
    }
}

const SELECT: &str = "SELECT i.id, i.theme, i.service, i.families, i.raised_on, i.group_id, g.name, i.meeting_id, m.title, i.outcome
    FROM issues i LEFT JOIN groups g ON g.id = i.group_id LEFT JOIN meetings m ON m.id = i.meeting_id";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Issue> {
    Ok(Issue {
        id: r.get(0)?,
        theme: r.get(1)?,
        service: r.get(2)?,
        families: r.get(3)?,
        raised_on: r.get(4)?,
        group_id: r.get(5)?,
        group_name: r.get(6)?,
        meeting_id: r.get(7)?,
        meeting_title: r.get(8)?,
        outcome: r.get(9)?,
    })
}

pub(crate) fn issue(conn: &Connection, id: i64) -> Result<Issue> {
    one(
        conn,
        &format!("{SELECT} WHERE i.id = ?1"),
        [id],
        "issues log entry",
        read,
    )
}

pub(crate) fn exists(conn: &Connection, id: i64) -> Result<bool> {
    Ok(conn
        .query_row("SELECT id FROM issues WHERE id = ?1", [id], |r| {
            r.get::<_, i64>(0)
        })
        .optional()?
        .is_some())
}

/// Themes grouped whatever their case, by families (most first), then entries, then name.
pub(crate) fn themes(conn: &Connection, from: &str, to: &str) -> Result<Vec<ThemeCount>> {
    Ok(conn
        .prepare(
            "SELECT min(theme), count(*), sum(families) FROM issues
             WHERE (?1 = '' OR raised_on >= ?1) AND (?2 = '' OR raised_on <= ?2)
             GROUP BY lower(trim(theme))
             ORDER BY sum(families) DESC, count(*) DESC, lower(min(theme))",
        )?
        .query_map(params![from, to], |r| {
            Ok(ThemeCount {
                theme: r.get(0)?,
                entries: r.get(1)?,
                families: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
