//! Meetings and claim lines linked to a project, and the hours and cost they add up to.
//!
//! A link sits in its own table beside the meeting or line: linking never changes a line,
//! its claim or the claim's seal, so lines of approved claims can be linked too. A line
//! counts for a project when it is linked itself; else when the line it reverses is linked
//! (a correction counts where the mistake did); else when its meeting is linked. Each line
//! and each meeting belongs to at most one project, so nothing is counted twice.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{LineProject, LinkedLine, LinkedMeeting, Project, ProjectHours};
use crate::store::{CoreError, Result, Store};
use crate::text::format_pence;

/// The claim lines that count for project `?1`, by the precedence above.
const LINES_OF_PROJECT: &str = "
    l.id IN (SELECT line_id FROM project_claim_lines WHERE project_id = ?1)
    OR (l.id NOT IN (SELECT line_id FROM project_claim_lines) AND (
        l.reverses_line_id IN (SELECT line_id FROM project_claim_lines WHERE project_id = ?1)
        OR (l.reverses_line_id IS NULL OR l.reverses_line_id NOT IN (SELECT line_id FROM project_claim_lines))
           AND l.meeting_id IN (SELECT meeting_id FROM project_meetings WHERE project_id = ?1)))";

/// A meeting's length in whole minutes.
const MEETING_MINUTES: &str =
    "CAST(round((julianday(m.ends_at) - julianday(m.starts_at)) * 1440) AS INTEGER)";

impl Store {
    /// Links a meeting to a project, or (with `None`) unlinks it. A meeting belongs to one
    /// project at most: linking it again moves it.
    pub fn project_link_meeting(
        &mut self,
        meeting_id: i64,
        project_id: Option<i64>,
    ) -> Result<Project> {
        self.require_officer("link meetings to projects")?;
        let title: String = self
            .conn
            .query_row(
                "SELECT title FROM meetings WHERE id = ?1",
                [meeting_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound("That meeting could not be found.".into()))?;
        let before = meeting_project(&self.conn, meeting_id)?;
        let shown = project_id.or(before).ok_or_else(|| {
            CoreError::invalid("project_id", "This meeting is not linked to a project.")
        })?;
        super::records::exists(&self.conn, shown)?;
        self.write(|tx| {
            tx.execute(
                "DELETE FROM project_meetings WHERE meeting_id = ?1",
                [meeting_id],
            )?;
            if let Some(p) = project_id {
                tx.execute(
                    "INSERT INTO project_meetings (meeting_id, project_id) VALUES (?1, ?2)",
                    params![meeting_id, p],
                )?;
            }
            tx.audit(
                if project_id.is_some() {
                    "linked a meeting to a project"
                } else {
                    "unlinked a meeting from a project"
                },
                "project",
                Some(shown),
                &title,
            )
        })?;
        self.project_get(shown)
    }

    /// Links a claim line to a project, or (with `None`) unlinks it. The line itself is not
    /// touched, so this works for lines of approved and paid claims. A reversing line counts
    /// with the line it reverses and cannot be linked on its own.
    pub fn project_link_line(&mut self, line_id: i64, project_id: Option<i64>) -> Result<Project> {
        self.require_officer("link claim lines to projects")?;
        let reverses: Option<Option<i64>> = self
            .conn
            .query_row(
                "SELECT reverses_line_id FROM claim_lines WHERE id = ?1",
                [line_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(reverses) = reverses else {
            return Err(CoreError::NotFound(
                "That claim line could not be found.".into(),
            ));
        };
        if reverses.is_some() {
            return Err(CoreError::invalid(
                "line_id",
                "A reversing line counts for the project of the line it reverses. Link that line instead.",
            ));
        }
        let before: Option<i64> = self
            .conn
            .query_row(
                "SELECT project_id FROM project_claim_lines WHERE line_id = ?1",
                [line_id],
                |r| r.get(0),
            )
            .optional()?;
        let shown = project_id.or(before).ok_or_else(|| {
            CoreError::invalid("project_id", "This line is not linked to a project.")
        })?;
        super::records::exists(&self.conn, shown)?;
        let label = crate::claims::lines::read(&self.conn, line_id)?.log_text();
        self.write(|tx| {
            tx.execute(
                "DELETE FROM project_claim_lines WHERE line_id = ?1",
                [line_id],
            )?;
            if let Some(p) = project_id {
                tx.execute(
                    "INSERT INTO project_claim_lines (line_id, project_id) VALUES (?1, ?2)",
                    params![line_id, p],
                )?;
            }
            tx.audit(
                if project_id.is_some() {
                    "linked a claim line to a project"
                } else {
                    "unlinked a claim line from a project"
                },
                "project",
                Some(shown),
                &label,
            )
        })?;
        self.project_get(shown)
    }

    /// For each line of a claim that counts for a project: which project, and how (linked
    /// itself, through the line it corrects, or through its meeting), by the same precedence
    /// as the project's own hours and cost. Seen by whoever may see the claim.
    pub fn claim_line_projects(&self, claim_id: i64) -> Result<Vec<LineProject>> {
        let claim = crate::claims::records::claim_row(&self.conn, claim_id)?;
        crate::claims::records::may_see(&self.acting_person()?, claim.rep_id)?;
        Ok(self
            .conn
            .prepare(
                "SELECT l.id, coalesce(own.project_id, fixed.project_id, met.project_id) AS pid, p.name,
                        CASE WHEN own.project_id IS NOT NULL THEN 'line'
                             WHEN fixed.project_id IS NOT NULL THEN 'corrected_line' ELSE 'meeting' END
                 FROM claim_lines l
                 LEFT JOIN project_claim_lines own ON own.line_id = l.id
                 LEFT JOIN project_claim_lines fixed ON fixed.line_id = l.reverses_line_id
                 LEFT JOIN project_meetings met ON met.meeting_id = l.meeting_id
                 JOIN projects p ON p.id = coalesce(own.project_id, fixed.project_id, met.project_id)
                 WHERE l.claim_id = ?1
                 ORDER BY l.id",
            )?
            .query_map([claim_id], |r| {
                Ok(LineProject {
                    line_id: r.get(0)?,
                    project_id: r.get(1)?,
                    project_name: r.get(2)?,
                    via: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The project a meeting is linked to, if any (for the meeting screen).
    pub fn project_of_meeting(&self, meeting_id: i64) -> Result<Option<i64>> {
        meeting_project(&self.conn, meeting_id)
    }
}

fn meeting_project(conn: &Connection, meeting_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT project_id FROM project_meetings WHERE meeting_id = ?1",
            [meeting_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// A project's hours and cost over all time.
pub(crate) fn hours(conn: &Connection, project_id: i64) -> Result<ProjectHours> {
    hours_between(conn, project_id, "", "")
}

/// A project's hours and cost for meetings starting and lines dated from `from` to `to`
/// (ISO dates, inclusive; blank: no limit).
pub(crate) fn hours_between(
    conn: &Connection,
    project_id: i64,
    from: &str,
    to: &str,
) -> Result<ProjectHours> {
    let (meetings, meeting_minutes): (i64, i64) = conn.query_row(
        &format!(
            "SELECT count(*), coalesce(sum({MEETING_MINUTES}), 0)
             FROM project_meetings pm JOIN meetings m ON m.id = pm.meeting_id
             WHERE pm.project_id = ?1 AND (?2 = '' OR substr(m.starts_at, 1, 10) >= ?2)
               AND (?3 = '' OR substr(m.starts_at, 1, 10) <= ?3)"
        ),
        params![project_id, from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (claimed_minutes, cost_pence): (i64, i64) = conn.query_row(
        &format!(
            "SELECT coalesce(sum(CASE WHEN l.kind = 'time' THEN coalesce(l.minutes, 0) ELSE 0 END), 0),
                    coalesce(sum(l.amount_pence), 0)
             FROM claim_lines l JOIN claims c ON c.id = l.claim_id
             WHERE c.status IN ('approved', 'paid') AND ({LINES_OF_PROJECT})
               AND (?2 = '' OR l.line_date >= ?2) AND (?3 = '' OR l.line_date <= ?3)"
        ),
        params![project_id, from, to],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(ProjectHours {
        meetings,
        meeting_minutes,
        claimed_minutes,
        cost_pence,
        cost_text: format_pence(cost_pence),
    })
}

pub(crate) fn meetings(conn: &Connection, project_id: i64) -> Result<Vec<LinkedMeeting>> {
    Ok(conn
        .prepare(&format!(
            "SELECT m.id, m.title, g.name, m.starts_at, {MEETING_MINUTES}
             FROM project_meetings pm JOIN meetings m ON m.id = pm.meeting_id JOIN groups g ON g.id = m.group_id
             WHERE pm.project_id = ?1 ORDER BY m.starts_at DESC"
        ))?
        .query_map([project_id], |r| {
            Ok(LinkedMeeting {
                meeting_id: r.get(0)?,
                title: r.get(1)?,
                group_name: r.get(2)?,
                starts_at: r.get(3)?,
                minutes: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every line that counts for the project, whatever its claim's status, newest first.
pub(crate) fn lines(conn: &Connection, project_id: i64) -> Result<Vec<LinkedLine>> {
    Ok(conn
        .prepare(&format!(
            "SELECT l.id, c.id, CASE WHEN p.erased_on IS NULL THEN p.name ELSE p.anon_ref END, l.line_date, l.kind,
                    l.minutes, l.amount_pence, c.status,
                    l.id IN (SELECT line_id FROM project_claim_lines)
             FROM claim_lines l JOIN claims c ON c.id = l.claim_id JOIN members p ON p.id = c.rep_id
             WHERE {LINES_OF_PROJECT}
             ORDER BY l.line_date DESC, l.id DESC"
        ))?
        .query_map([project_id], |r| {
            Ok(LinkedLine {
                line_id: r.get(0)?,
                claim_id: r.get(1)?,
                rep_name: r.get(2)?,
                line_date: r.get(3)?,
                kind: r.get(4)?,
                minutes: r.get(5)?,
                amount_pence: r.get(6)?,
                claim_status: r.get(7)?,
                direct: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}
