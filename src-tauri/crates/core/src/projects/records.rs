//! The planning form (appendix C): saving, reading and listing projects.

use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{GroupRef, Ladder, Project, ProjectInput, ProjectSummaryRow};
use crate::store::{one, CoreError, Problems, Result, Store};
use crate::text::{dates, optional_line, optional_lines, parse_whole, required};

impl Store {
    /// Every project, by name, with its headline figures.
    pub fn projects_list(&self) -> Result<Vec<ProjectSummaryRow>> {
        let ids: Vec<i64> = self
            .conn
            .prepare("SELECT id FROM projects ORDER BY name COLLATE NOCASE")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        ids.into_iter()
            .map(|id| {
                let p = project_row(&self.conn, id)?;
                let summary = super::summary::summary(&self.conn, id, p.planned_level)?;
                Ok(ProjectSummaryRow {
                    id,
                    name: p.name,
                    planned_level: p.planned_level,
                    reached_level: summary.reached_level,
                    feedback_count: summary.forms,
                    average_rating: summary.average_rating,
                    open_escalations: super::monitoring::open_count(&self.conn, id)?,
                    groups: p.groups,
                    hours: super::links::hours(&self.conn, id)?,
                })
            })
            .collect()
    }

    /// A project with its monitoring, feedback, summary, links, hours and cost.
    pub fn project_get(&self, id: i64) -> Result<Project> {
        let mut p = project_row(&self.conn, id)?;
        p.monitoring = super::monitoring::entries(&self.conn, id)?;
        p.feedback = super::feedback::forms(&self.conn, id)?;
        p.summary = super::summary::summary(&self.conn, id, p.planned_level)?;
        p.hours = super::links::hours(&self.conn, id)?;
        p.meetings = super::links::meetings(&self.conn, id)?;
        p.lines = super::links::lines(&self.conn, id)?;
        Ok(p)
    }

    /// Saves the planning form, new or changed. Every problem is reported together.
    pub fn project_save(&mut self, i: &ProjectInput) -> Result<Project> {
        self.require_officer("plan co-production projects")?;
        let mut p = Problems::new();
        let name = p.check(required("name", &i.name, "the project's name"))?;
        let planned = p.check(Ladder::parse("planned_level", &i.planned_level))?;
        let lead = p.check(optional_line(
            "lead_contacts",
            &i.lead_contacts,
            "the lead contacts",
        ))?;
        let contact = p.check(optional_line(
            "contact_info",
            &i.contact_info,
            "the contact details",
        ))?;
        let orgs = p.check(optional_lines(
            "organisations",
            &i.organisations,
            "the organisations",
        ))?;
        let depts = p.check(optional_lines(
            "departments",
            &i.departments,
            "the departments or teams",
        ))?;
        let aim = p.check(optional_lines("aim", &i.aim, "the aim and end goal"))?;
        let success = p.check(optional_lines(
            "success",
            &i.success,
            "what success looks like",
        ))?;
        let timeframe = p.check(optional_line("timeframe", &i.timeframe, "the timeframe"))?;
        let per_year = if i.meetings_per_year.trim().is_empty() {
            Some(None)
        } else {
            p.check(parse_whole(
                "meetings_per_year",
                &i.meetings_per_year,
                "meetings a year",
                0,
                366,
            ))?
            .map(Some)
        };
        let plans = p.check(optional_lines(
            "meeting_plans",
            &i.meeting_plans,
            "the planned meetings",
        ))?;
        let other = p.check(optional_lines(
            "other_info",
            &i.other_info,
            "the other information",
        ))?;
        let started = p.check(dates::parse_optional_date("started_on", &i.started_on))?;
        for g in &i.group_ids {
            let known: Option<i64> = self
                .conn
                .query_row("SELECT id FROM groups WHERE id = ?1", [g], |r| r.get(0))
                .optional()?;
            if known.is_none() {
                p.add(
                    "group_ids",
                    "One of the chosen groups no longer exists. Please choose again.",
                );
            }
        }
        if let (Some(n), false) = (&name, p.has("name")) {
            let clash: Option<i64> = self
                .conn
                .query_row(
                    "SELECT id FROM projects WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
                    params![n, i.id],
                    |r| r.get(0),
                )
                .optional()?;
            if clash.is_some() {
                p.add(
                    "name",
                    "There is already a project with this name. Please choose another.",
                );
            }
        }
        p.finish()?;
        let (name, planned, per_year) = (
            name.unwrap_or_default(),
            planned.unwrap_or(Ladder::Information),
            per_year.unwrap_or(None),
        );
        let started = started.flatten().map(dates::iso);
        if let Some(id) = i.id {
            project_row(&self.conn, id)?;
        }
        let stamp = self.clock.stamp();
        let id = self.write(|tx| {
            let id = match i.id {
                Some(id) => {
                    tx.execute(
                        "UPDATE projects SET name = ?2, lead_contacts = ?3, contact_info = ?4, organisations = ?5,
                            departments = ?6, aim = ?7, planned_level = ?8, success = ?9, ongoing = ?10,
                            timeframe = ?11, meetings_per_year = ?12, meeting_plans = ?13, other_info = ?14,
                            started_on = ?15
                         WHERE id = ?1",
                        params![id, name, lead, contact, orgs, depts, aim, planned, success, i.ongoing,
                            timeframe, per_year, plans, other, started],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO projects (name, lead_contacts, contact_info, organisations, departments, aim,
                            planned_level, success, ongoing, timeframe, meetings_per_year, meeting_plans, other_info,
                            started_on, created_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
                        params![name, lead, contact, orgs, depts, aim, planned, success, i.ongoing,
                            timeframe, per_year, plans, other, started, stamp],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            tx.execute("DELETE FROM project_groups WHERE project_id = ?1", [id])?;
            for g in &i.group_ids {
                tx.execute(
                    "INSERT OR IGNORE INTO project_groups (project_id, group_id) VALUES (?1, ?2)",
                    params![id, g],
                )?;
            }
            tx.audit(
                if i.id.is_some() { "changed a project's plan" } else { "planned a project" },
                "project",
                Some(id),
                &name,
            )?;
            Ok(id)
        })?;
        self.project_get(id)
    }

    /// Removes a project with its monitoring, feedback and links. Meetings and claim lines
    /// stay as they are.
    pub fn project_delete(&mut self, id: i64) -> Result<()> {
        self.require_officer("remove co-production projects")?;
        let p = project_row(&self.conn, id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM projects WHERE id = ?1", [id])?;
            tx.audit("removed a project", "project", Some(id), &p.name)
        })
    }
}

/// The planning form's fields and groups; the rest of [`Project`] left empty.
pub(crate) fn project_row(conn: &Connection, id: i64) -> Result<Project> {
    let mut p = one(
        conn,
        "SELECT id, name, lead_contacts, contact_info, organisations, departments, aim, planned_level, success,
                ongoing, timeframe, meetings_per_year, meeting_plans, other_info, started_on
         FROM projects WHERE id = ?1",
        [id],
        "project",
        |r| {
            Ok(Project {
                id: r.get(0)?,
                name: r.get(1)?,
                lead_contacts: r.get(2)?,
                contact_info: r.get(3)?,
                organisations: r.get(4)?,
                departments: r.get(5)?,
                groups: Vec::new(),
                aim: r.get(6)?,
                planned_level: r.get(7)?,
                success: r.get(8)?,
                ongoing: r.get(9)?,
                timeframe: r.get(10)?,
                meetings_per_year: r.get(11)?,
                meeting_plans: r.get(12)?,
                other_info: r.get(13)?,
                started_on: r.get(14)?,
                monitoring: Vec::new(),
                feedback: Vec::new(),
                summary: super::summary::empty(Ladder::Information),
                hours: Default::default(),
                meetings: Vec::new(),
                lines: Vec::new(),
            })
        },
    )?;
    p.summary = super::summary::empty(p.planned_level);
    p.groups = conn
        .prepare(
            "SELECT g.id, g.name FROM project_groups pg JOIN groups g ON g.id = pg.group_id
             WHERE pg.project_id = ?1 ORDER BY g.name COLLATE NOCASE",
        )?
        .query_map([id], |r| {
            Ok(GroupRef {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(p)
}

/// Refuses an id that is not a project, in a form's `field`.
pub(crate) fn exists(conn: &Connection, id: i64) -> Result<()> {
    let n: i64 = conn.query_row("SELECT count(*) FROM projects WHERE id = ?1", [id], |r| {
        r.get(0)
    })?;
    if n == 0 {
        return Err(CoreError::NotFound("That project no longer exists.".into()));
    }
    Ok(())
}
