//! "You said, we did": what parent carers said (at a meeting, in a survey, through a project
//! or the issues log), what changed or why it did not, who decided, and when families and
//! reps were told. A decision in a meeting's notes is followed up in one step
//! ([`Store::outcome_from_decision`]).

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{Outcome, OutcomeInput, OutcomeSource};
use crate::store::{one, CoreError, Problems, Result, Store};
use crate::text::{dates, optional_line, optional_lines, required_lines};

impl Store {
    /// The log, newest first; `from` and `to` (dates as typed, inclusive, blank: no limit)
    /// are on the date it was said.
    pub fn outcomes_list(&self, from: &str, to: &str) -> Result<Vec<Outcome>> {
        let (from, to) = dates::parse_optional_range(from, to)?;
        list(&self.conn, &from, &to)
    }

    /// The entries about one meeting, including those following up its decisions (each
    /// carries its `decision_id`), so the meeting's screen can say which are followed up.
    pub fn outcomes_of_meeting(&self, meeting_id: i64) -> Result<Vec<Outcome>> {
        Ok(self
            .conn
            .prepare(&format!(
                "{SELECT} WHERE o.meeting_id = ?1 OR o.decision_id IN (SELECT id FROM decisions WHERE meeting_id = ?1)
                 ORDER BY o.said_on DESC, o.id DESC"
            ))?
            .query_map([meeting_id], read)?
            .collect::<rusqlite::Result<_>>()?)
    }

    pub fn outcome_save(&mut self, i: &OutcomeInput) -> Result<Outcome> {
        self.require_officer("keep the \"you said, we did\" log")?;
        let mut p = Problems::new();
        let said = p.check(required_lines("said", &i.said, "what parent carers said"))?;
        let said_on = p.check(dates::parse_date("said_on", &i.said_on))?;
        let source = p.check(OutcomeSource::parse("source", &i.source))?;
        let detail = p.check(optional_line(
            "source_detail",
            &i.source_detail,
            "where it came from",
        ))?;
        let we_did = p.check(optional_lines(
            "we_did",
            &i.we_did,
            "what changed, or why not",
        ))?;
        let decided_by = p.check(optional_line("decided_by", &i.decided_by, "who decided"))?;
        let told_on = p.check(dates::parse_optional_date("told_on", &i.told_on))?;
        // Each source needs the thing it names.
        match source {
            Some(OutcomeSource::Meeting) if i.meeting_id.is_none() => {
                p.add("meeting_id", "Please choose the meeting it was said at.")
            }
            Some(OutcomeSource::Project) if i.project_id.is_none() => {
                p.add("project_id", "Please choose the project.")
            }
            Some(OutcomeSource::IssuesLog) if i.issue_id.is_none() => {
                p.add("issue_id", "Please choose the issues log entry.")
            }
            Some(OutcomeSource::Survey) if detail.as_deref().unwrap_or("").is_empty() => {
                p.add("source_detail", "Please say which survey.")
            }
            _ => {}
        }
        if let Some(m) = i.meeting_id {
            if !row_exists(&self.conn, "meetings", m)? {
                p.add(
                    "meeting_id",
                    "That meeting no longer exists. Please choose again.",
                );
            }
        }
        if let Some(pr) = i.project_id {
            if !row_exists(&self.conn, "projects", pr)? {
                p.add(
                    "project_id",
                    "That project no longer exists. Please choose again.",
                );
            }
        }
        if let Some(x) = i.issue_id {
            if !super::issues::exists(&self.conn, x)? {
                p.add(
                    "issue_id",
                    "That issues log entry no longer exists. Please choose again.",
                );
            }
        }
        if i.changed && we_did.as_deref().unwrap_or("").is_empty() && !p.has("we_did") {
            p.add("we_did", "Please say what changed.");
        }
        p.finish()?;
        let (Some(said), Some(said_on), Some(source)) = (said, said_on, source) else {
            return Err(CoreError::invalid("said", "Please check the form."));
        };
        let (said_on, told_on) = (dates::iso(said_on), told_on.flatten().map(dates::iso));
        if let Some(id) = i.id {
            outcome(&self.conn, id)?;
        }
        let stamp = self.clock.stamp();
        let id = self.write(|tx| {
            let id = match i.id {
                Some(id) => {
                    tx.execute(
                        "UPDATE outcomes SET said = ?2, said_on = ?3, source = ?4, meeting_id = ?5, project_id = ?6,
                            issue_id = ?7, source_detail = ?8, changed = ?9, we_did = ?10, decided_by = ?11, told_on = ?12
                         WHERE id = ?1",
                        params![id, said, said_on, source, i.meeting_id, i.project_id, i.issue_id, detail,
                            i.changed, we_did, decided_by, told_on],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO outcomes (said, said_on, source, meeting_id, project_id, issue_id, source_detail,
                            changed, we_did, decided_by, told_on, recorded_by, recorded_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                        params![said, said_on, source, i.meeting_id, i.project_id, i.issue_id, detail,
                            i.changed, we_did, decided_by, told_on, tx.actor, stamp],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            tx.audit(
                if i.id.is_some() { "changed a \"you said, we did\" entry" } else { "added a \"you said, we did\" entry" },
                "outcome",
                Some(id),
                source.label(),
            )?;
            Ok(id)
        })?;
        outcome(&self.conn, id)
    }

    /// Follows up a decision in a meeting's notes: an entry saying what was decided, at
    /// which meeting and when, ready for what changed and when families were told. Doing it
    /// again returns the same entry. Confidential decisions are refused: this log is shared
    /// with families.
    pub fn outcome_from_decision(&mut self, decision_id: i64) -> Result<Outcome> {
        self.require_officer("keep the \"you said, we did\" log")?;
        let existing: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM outcomes WHERE decision_id = ?1",
                [decision_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return outcome(&self.conn, id);
        }
        let (meeting_id, text, confidential, starts_at, group): (i64, String, bool, String, String) = one(
            &self.conn,
            "SELECT d.meeting_id, d.text, d.confidential, m.starts_at, g.name
             FROM decisions d JOIN meetings m ON m.id = d.meeting_id JOIN groups g ON g.id = m.group_id
             WHERE d.id = ?1",
            [decision_id],
            "decision",
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        if confidential {
            return Err(CoreError::invalid(
                "decision_id",
                "This decision is confidential, and \"you said, we did\" is shared with families. Add an entry by hand with what can be shared.",
            ));
        }
        let said_on = starts_at.get(..10).unwrap_or(&starts_at).to_string();
        let stamp = self.clock.stamp();
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO outcomes (said, said_on, source, meeting_id, decision_id, decided_by, recorded_by, recorded_at)
                 VALUES (?1, ?2, 'meeting', ?3, ?4, ?5, ?6, ?7)",
                params![text, said_on, meeting_id, decision_id, group, tx.actor, stamp],
            )?;
            let id = tx.last_insert_rowid();
            tx.audit("followed up a meeting's decision", "outcome", Some(id), &group)?;
            Ok(id)
        })?;
        outcome(&self.conn, id)
    }

    pub fn outcome_delete(&mut self, id: i64) -> Result<()> {
        self.require_officer("keep the \"you said, we did\" log")?;
        outcome(&self.conn, id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM outcomes WHERE id = ?1", [id])?;
            tx.audit(
                "removed a \"you said, we did\" entry",
                "outcome",
                Some(id),
                "",
            )
        })
    }
}

fn row_exists(conn: &Connection, table: &str, id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            &format!("SELECT id FROM {table} WHERE id = ?1"),
            [id],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
        .is_some())
}

const SELECT: &str = "SELECT o.id, o.said, o.said_on, o.source, o.meeting_id, o.decision_id, o.project_id, o.issue_id,
    o.source_detail, o.changed, o.we_did, o.decided_by, o.told_on,
    g.name, m.starts_at, p.name, i.theme
    FROM outcomes o LEFT JOIN meetings m ON m.id = o.meeting_id LEFT JOIN groups g ON g.id = m.group_id
    LEFT JOIN projects p ON p.id = o.project_id LEFT JOIN issues i ON i.id = o.issue_id";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Outcome> {
    let source: OutcomeSource = r.get(3)?;
    let detail: String = r.get(8)?;
    let group: Option<String> = r.get(13)?;
    let starts: Option<String> = r.get(14)?;
    let project: Option<String> = r.get(15)?;
    let theme: Option<String> = r.get(16)?;
    let day = starts
        .as_deref()
        .and_then(|s| dates::parse_date("d", s.get(..10).unwrap_or(s)).ok())
        .map(dates::uk)
        .unwrap_or_default();
    let named = match source {
        OutcomeSource::Meeting => group.map(|g| format!("{g}, {day}")),
        OutcomeSource::Project => project.map(|p| format!("Project: {p}")),
        OutcomeSource::IssuesLog => theme.map(|t| format!("Issues log: {t}")),
        OutcomeSource::Survey => None,
    };
    let source_text = match (named, detail.is_empty()) {
        (Some(n), true) => n,
        (Some(n), false) => format!("{n} ({detail})"),
        (None, false) if source == OutcomeSource::Survey => format!("Survey: {detail}"),
        (None, false) => detail.clone(),
        (None, true) => source.label().to_string(),
    };
    Ok(Outcome {
        id: r.get(0)?,
        said: r.get(1)?,
        said_on: r.get(2)?,
        source,
        source_text,
        meeting_id: r.get(4)?,
        decision_id: r.get(5)?,
        project_id: r.get(6)?,
        issue_id: r.get(7)?,
        source_detail: detail,
        changed: r.get(9)?,
        we_did: r.get(10)?,
        decided_by: r.get(11)?,
        told_on: r.get(12)?,
    })
}

fn outcome(conn: &Connection, id: i64) -> Result<Outcome> {
    one(
        conn,
        &format!("{SELECT} WHERE o.id = ?1"),
        [id],
        "\"you said, we did\" entry",
        read,
    )
}

pub(crate) fn list(conn: &Connection, from: &str, to: &str) -> Result<Vec<Outcome>> {
    Ok(conn
        .prepare(&format!(
            "{SELECT} WHERE (?1 = '' OR o.said_on >= ?1) AND (?2 = '' OR o.said_on <= ?2)
             ORDER BY o.said_on DESC, o.id DESC"
        ))?
        .query_map(params![from, to], read)?
        .collect::<rusqlite::Result<_>>()?)
}
