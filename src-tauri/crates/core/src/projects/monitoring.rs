//! Monitoring entries (appendix D): dated reflections on how a project is going. An entry
//! with something to escalate shows on the officers' first screen until somebody records how
//! it was dealt with; changing the escalation's words opens it again, as it is a new ask.

use rusqlite::{params, Connection};

use crate::model::{MonitoringEntry, MonitoringInput, OpenEscalation, Project};
use crate::store::{one, CoreError, Problems, Result, Store};
use crate::text::{dates, optional_lines, required_lines};

impl Store {
    /// Adds (or changes) a monitoring entry. At least one answer must be filled in.
    pub fn monitoring_save(&mut self, i: &MonitoringInput) -> Result<Project> {
        self.require_officer("record how projects are going")?;
        super::records::exists(&self.conn, i.project_id)?;
        let mut p = Problems::new();
        let on = p.check(dates::parse_date("entry_on", &i.entry_on))?;
        let fields = [
            ("going_well", &i.going_well, "what is going well"),
            (
                "going_less_well",
                &i.going_less_well,
                "what is going less well",
            ),
            ("next_steps", &i.next_steps, "what should happen next"),
            (
                "barriers_risks",
                &i.barriers_risks,
                "the barriers and risks",
            ),
            (
                "embedding",
                &i.embedding,
                "how it will be embedded and sustained",
            ),
            ("missing_input", &i.missing_input, "whose input is missing"),
            ("escalation", &i.escalation, "what needs escalating"),
            ("further_action", &i.further_action, "the further action"),
            ("learning", &i.learning, "the learning to capture"),
        ];
        let mut texts = Vec::with_capacity(fields.len());
        for (field, text, what) in fields {
            texts.push(
                p.check(optional_lines(field, text, what))?
                    .unwrap_or_default(),
            );
        }
        if !p.has("going_well") && texts.iter().all(|t| t.is_empty()) {
            p.add("going_well", "Please fill in at least one answer: what is going well, less well, next steps, ...");
        }
        p.finish()?;
        let on = on.map(dates::iso).unwrap_or_default();
        let escalation = texts[6].clone();
        let before = match i.id {
            Some(id) => {
                let e = entry(&self.conn, id)?;
                if e.project_id != i.project_id {
                    return Err(CoreError::NotFound(
                        "That monitoring entry belongs to another project.".into(),
                    ));
                }
                Some(e)
            }
            None => None,
        };
        let stamp = self.clock.stamp();
        self.write(|tx| {
            match &before {
                Some(old) => {
                    // A different escalation is a new ask: it shows again until dealt with.
                    let reopen = old.escalation != escalation;
                    tx.execute(
                        "UPDATE project_monitoring SET entry_on = ?2, going_well = ?3, going_less_well = ?4,
                            next_steps = ?5, barriers_risks = ?6, embedding = ?7, missing_input = ?8,
                            escalation = ?9, further_action = ?10, learning = ?11,
                            escalation_dealt_on = CASE WHEN ?12 THEN NULL ELSE escalation_dealt_on END,
                            escalation_outcome = CASE WHEN ?12 THEN '' ELSE escalation_outcome END,
                            escalation_dealt_by = CASE WHEN ?12 THEN NULL ELSE escalation_dealt_by END
                         WHERE id = ?1",
                        params![old.id, on, texts[0], texts[1], texts[2], texts[3], texts[4], texts[5],
                            texts[6], texts[7], texts[8], reopen],
                    )?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO project_monitoring (project_id, entry_on, going_well, going_less_well, next_steps,
                            barriers_risks, embedding, missing_input, escalation, further_action, learning,
                            recorded_by, recorded_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                        params![i.project_id, on, texts[0], texts[1], texts[2], texts[3], texts[4], texts[5],
                            texts[6], texts[7], texts[8], tx.actor, stamp],
                    )?;
                }
            }
            let what = if escalation.is_empty() { "" } else { "with an escalation" };
            tx.audit(
                if before.is_some() { "changed a monitoring entry" } else { "added a monitoring entry" },
                "project",
                Some(i.project_id),
                format!("{on} {what}").trim(),
            )
        })?;
        self.project_get(i.project_id)
    }

    pub fn monitoring_delete(&mut self, id: i64) -> Result<Project> {
        self.require_officer("record how projects are going")?;
        let e = entry(&self.conn, id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM project_monitoring WHERE id = ?1", [id])?;
            tx.audit(
                "removed a monitoring entry",
                "project",
                Some(e.project_id),
                &e.entry_on,
            )
        })?;
        self.project_get(e.project_id)
    }

    /// Records how an escalation was dealt with, which takes it off the first screen.
    pub fn escalation_resolve(
        &mut self,
        entry_id: i64,
        dealt_on: &str,
        outcome: &str,
    ) -> Result<Project> {
        self.require_officer("deal with escalations")?;
        let e = entry(&self.conn, entry_id)?;
        if e.escalation.is_empty() {
            return Err(CoreError::invalid(
                "outcome",
                "This entry has nothing to escalate.",
            ));
        }
        if e.escalation_dealt_on.is_some() {
            return Err(CoreError::Locked(
                "This escalation has already been dealt with.".into(),
            ));
        }
        let mut p = Problems::new();
        let on = p.check(dates::parse_date("dealt_on", dealt_on))?;
        let outcome = p.check(required_lines("outcome", outcome, "how it was dealt with"))?;
        p.finish()?;
        let (on, outcome) = (
            on.map(dates::iso).unwrap_or_default(),
            outcome.unwrap_or_default(),
        );
        self.write(|tx| {
            tx.execute(
                "UPDATE project_monitoring SET escalation_dealt_on = ?2, escalation_outcome = ?3, escalation_dealt_by = ?4
                 WHERE id = ?1",
                params![entry_id, on, outcome, tx.actor],
            )?;
            tx.audit("dealt with an escalation", "project", Some(e.project_id), &e.entry_on)
        })?;
        self.project_get(e.project_id)
    }

    /// Escalations nobody has dealt with yet, oldest first: the officers' first screen shows
    /// them. Reps are not shown them (they are the officers' to act on).
    pub fn escalations_open(&self) -> Result<Vec<OpenEscalation>> {
        if self.only_own_record()?.is_some() {
            return Ok(Vec::new());
        }
        Ok(self
            .conn
            .prepare(
                "SELECT m.id, p.id, p.name, m.entry_on, m.escalation
                 FROM project_monitoring m JOIN projects p ON p.id = m.project_id
                 WHERE length(m.escalation) > 0 AND m.escalation_dealt_on IS NULL
                 ORDER BY m.entry_on, m.id",
            )?
            .query_map([], |r| {
                Ok(OpenEscalation {
                    entry_id: r.get(0)?,
                    project_id: r.get(1)?,
                    project_name: r.get(2)?,
                    entry_on: r.get(3)?,
                    escalation: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }
}

const COLUMNS: &str = "m.id, m.project_id, m.entry_on, m.going_well, m.going_less_well, m.next_steps, m.barriers_risks,
    m.embedding, m.missing_input, m.escalation, m.further_action, m.learning, m.escalation_dealt_on,
    m.escalation_outcome,
    (SELECT CASE WHEN x.erased_on IS NULL THEN x.name ELSE x.anon_ref END FROM members x WHERE x.id = m.escalation_dealt_by),
    (SELECT CASE WHEN x.erased_on IS NULL THEN x.name ELSE x.anon_ref END FROM members x WHERE x.id = m.recorded_by)";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<MonitoringEntry> {
    Ok(MonitoringEntry {
        id: r.get(0)?,
        project_id: r.get(1)?,
        entry_on: r.get(2)?,
        going_well: r.get(3)?,
        going_less_well: r.get(4)?,
        next_steps: r.get(5)?,
        barriers_risks: r.get(6)?,
        embedding: r.get(7)?,
        missing_input: r.get(8)?,
        escalation: r.get(9)?,
        further_action: r.get(10)?,
        learning: r.get(11)?,
        escalation_dealt_on: r.get(12)?,
        escalation_outcome: r.get(13)?,
        escalation_dealt_by_name: r.get(14)?,
        recorded_by_name: r.get(15)?,
    })
}

fn entry(conn: &Connection, id: i64) -> Result<MonitoringEntry> {
    one(
        conn,
        &format!("SELECT {COLUMNS} FROM project_monitoring m WHERE m.id = ?1"),
        [id],
        "monitoring entry",
        read,
    )
}

/// A project's entries, newest first.
pub(crate) fn entries(conn: &Connection, project_id: i64) -> Result<Vec<MonitoringEntry>> {
    Ok(conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM project_monitoring m WHERE m.project_id = ?1 ORDER BY m.entry_on DESC, m.id DESC"
        ))?
        .query_map([project_id], read)?
        .collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn open_count(conn: &Connection, project_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM project_monitoring
         WHERE project_id = ?1 AND length(escalation) > 0 AND escalation_dealt_on IS NULL",
        [project_id],
        |r| r.get(0),
    )?)
}
