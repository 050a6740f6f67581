//! Feedback forms (appendix E): one per participant (a rep, a council officer, a health
//! partner) when a stage or the project ends, with a 0 to 10 rating of the collaboration and
//! the ladder level it actually reached.

use rusqlite::{params, Connection};

use crate::model::{Answer, Feedback, FeedbackInput, Ladder, Project};
use crate::store::{one, CoreError, Problems, Result, Store};
use crate::text::{dates, optional_line, optional_lines, parse_whole, required};

impl Store {
    /// Adds (or changes) a participant's feedback form. Every problem is reported together.
    pub fn feedback_save(&mut self, i: &FeedbackInput) -> Result<Project> {
        self.require_officer("record project feedback")?;
        super::records::exists(&self.conn, i.project_id)?;
        let mut p = Problems::new();
        let on = p.check(dates::parse_date("given_on", &i.given_on))?;
        let org = p.check(required(
            "organisation",
            &i.organisation,
            "the organisation they are from",
        ))?;
        let role = p.check(optional_line("role", &i.role, "their role"))?;
        let remit = p.check(Answer::parse("remit_clear", &i.remit_clear))?;
        let meetings = p.check(Answer::parse("meetings_effective", &i.meetings_effective))?;
        let comms = p.check(Answer::parse(
            "communication_effective",
            &i.communication_effective,
        ))?;
        let mut text = |field: &str, value: &str, what: &str| -> Result<String> {
            Ok(p.check(optional_lines(field, value, what))?
                .unwrap_or_default())
        };
        let remit_comment = text(
            "remit_comment",
            &i.remit_comment,
            "the comment on the remit",
        )?;
        let meetings_comment = text(
            "meetings_comment",
            &i.meetings_comment,
            "the comment on meetings",
        )?;
        let comms_comment = text(
            "communication_comment",
            &i.communication_comment,
            "the comment on communication",
        )?;
        let impact = text("impact", &i.impact, "the impact")?;
        let learning = text("learning", &i.learning, "the learning")?;
        let tips = text("top_tips", &i.top_tips, "the top tips")?;
        let rating = p.check(
            parse_whole("rating", &i.rating, "points out of 10", 0, 10).map_err(|_| {
                CoreError::invalid(
                    "rating",
                    "Please rate the collaboration from 0 (very poor) to 10 (perfection).",
                )
            }),
        )?;
        let reached = p.check(Ladder::parse("reached_level", &i.reached_level))?;
        p.finish()?;
        let (
            Some(on),
            Some(org),
            Some(remit),
            Some(meetings),
            Some(comms),
            Some(rating),
            Some(reached),
        ) = (on, org, remit, meetings, comms, rating, reached)
        else {
            return Err(CoreError::invalid("project_id", "Please check the form."));
        };
        let on = dates::iso(on);
        let role = role.unwrap_or_default();
        if let Some(id) = i.id {
            let f = form(&self.conn, id)?;
            if f.project_id != i.project_id {
                return Err(CoreError::NotFound(
                    "That feedback form belongs to another project.".into(),
                ));
            }
        }
        let stamp = self.clock.stamp();
        self.write(|tx| {
            match i.id {
                Some(id) => tx.execute(
                    "UPDATE project_feedback SET given_on = ?2, organisation = ?3, role = ?4, remit_clear = ?5,
                        remit_comment = ?6, meetings_effective = ?7, meetings_comment = ?8,
                        communication_effective = ?9, communication_comment = ?10, impact = ?11, learning = ?12,
                        rating = ?13, reached_level = ?14, top_tips = ?15
                     WHERE id = ?1",
                    params![id, on, org, role, remit, remit_comment, meetings, meetings_comment, comms,
                        comms_comment, impact, learning, rating, reached, tips],
                )?,
                None => tx.execute(
                    "INSERT INTO project_feedback (project_id, given_on, organisation, role, remit_clear, remit_comment,
                        meetings_effective, meetings_comment, communication_effective, communication_comment,
                        impact, learning, rating, reached_level, top_tips, recorded_by, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                    params![i.project_id, on, org, role, remit, remit_comment, meetings, meetings_comment, comms,
                        comms_comment, impact, learning, rating, reached, tips, tx.actor, stamp],
                )?,
            };
            tx.audit(
                if i.id.is_some() { "changed project feedback" } else { "recorded project feedback" },
                "project",
                Some(i.project_id),
                &format!("from {org}, rated {rating}/10"),
            )
        })?;
        self.project_get(i.project_id)
    }

    pub fn feedback_delete(&mut self, id: i64) -> Result<Project> {
        self.require_officer("record project feedback")?;
        let f = form(&self.conn, id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM project_feedback WHERE id = ?1", [id])?;
            tx.audit(
                "removed project feedback",
                "project",
                Some(f.project_id),
                &format!("from {}", f.organisation),
            )
        })?;
        self.project_get(f.project_id)
    }
}

const COLUMNS: &str = "id, project_id, given_on, organisation, role, remit_clear, remit_comment, meetings_effective,
    meetings_comment, communication_effective, communication_comment, impact, learning, rating, reached_level, top_tips";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Feedback> {
    Ok(Feedback {
        id: r.get(0)?,
        project_id: r.get(1)?,
        given_on: r.get(2)?,
        organisation: r.get(3)?,
        role: r.get(4)?,
        remit_clear: r.get(5)?,
        remit_comment: r.get(6)?,
        meetings_effective: r.get(7)?,
        meetings_comment: r.get(8)?,
        communication_effective: r.get(9)?,
        communication_comment: r.get(10)?,
        impact: r.get(11)?,
        learning: r.get(12)?,
        rating: r.get(13)?,
        reached_level: r.get(14)?,
        top_tips: r.get(15)?,
    })
}

fn form(conn: &Connection, id: i64) -> Result<Feedback> {
    one(
        conn,
        &format!("SELECT {COLUMNS} FROM project_feedback WHERE id = ?1"),
        [id],
        "feedback form",
        read,
    )
}

/// A project's forms, by organisation then date.
pub(crate) fn forms(conn: &Connection, project_id: i64) -> Result<Vec<Feedback>> {
    Ok(conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM project_feedback WHERE project_id = ?1
             ORDER BY organisation COLLATE NOCASE, given_on, id"
        ))?
        .query_map([project_id], read)?
        .collect::<rusqlite::Result<_>>()?)
}
