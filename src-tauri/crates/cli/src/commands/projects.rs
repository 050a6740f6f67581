//! `forumdesk projects list [--json]`: every co-production project with its planned and
//! reached ladder level, average rating, open escalations, hours and cost; and
//! `forumdesk projects report --project NAME --out FILE.pdf`: the signed project report.

use std::path::PathBuf;

use forumdesk_core::{format_hours, Destination};
use serde::Serialize;

use crate::commands::table;
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum ProjectsCommand {
    /// List every project, by name.
    List {
        /// Print a JSON array for scripts instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Save a project's signed report (plan, monitoring history, feedback summary).
    Report {
        /// The project's name.
        #[arg(long, value_name = "NAME")]
        project: String,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

#[derive(Serialize)]
struct ProjectJson {
    id: i64,
    name: String,
    planned_level: String,
    reached_level: Option<String>,
    feedback_forms: i64,
    /// Exact average shown to one decimal, e.g. "7.3".
    average_rating: Option<String>,
    open_escalations: i64,
    groups: Vec<String>,
    meetings: i64,
    meeting_minutes: i64,
    claimed_minutes: i64,
    cost_pence: i64,
}

pub fn run(cmd: ProjectsCommand, access: &crate::access::Access) -> Result<(), CliError> {
    match cmd {
        ProjectsCommand::List { json } => list(access, json),
        ProjectsCommand::Report { project, out } => {
            let mut store = access.store()?;
            let id = store
                .projects_list()?
                .into_iter()
                .find(|p| p.name.eq_ignore_ascii_case(project.trim()))
                .map(|p| p.id)
                .ok_or_else(|| {
                    CliError::Failed(format!("There is no project called {project:?}."))
                })?;
            let saved = store.export_project_report(id, &Destination::File(out))?;
            say!("Saved the signed project report to {}", saved.path);
            Ok(())
        }
    }
}

fn list(access: &crate::access::Access, json: bool) -> Result<(), CliError> {
    let store = access.store()?;
    let projects = store.projects_list()?;
    if json {
        let out: Vec<ProjectJson> = projects
            .into_iter()
            .map(|p| ProjectJson {
                id: p.id,
                name: p.name,
                planned_level: p.planned_level.as_str().into(),
                reached_level: p.reached_level.map(|l| l.as_str().to_string()),
                feedback_forms: p.feedback_count,
                average_rating: p.average_rating,
                open_escalations: p.open_escalations,
                groups: p.groups.into_iter().map(|g| g.name).collect(),
                meetings: p.hours.meetings,
                meeting_minutes: p.hours.meeting_minutes,
                claimed_minutes: p.hours.claimed_minutes,
                cost_pence: p.hours.cost_pence,
            })
            .collect();
        say!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| CliError::Failed(e.to_string()))?
        );
        return Ok(());
    }
    if projects.is_empty() {
        say!("No projects yet.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = projects
        .iter()
        .map(|p| {
            vec![
                p.name.clone(),
                p.planned_level.label().into(),
                p.reached_level.map(|l| l.label()).unwrap_or("-").into(),
                p.average_rating.clone().unwrap_or_else(|| "-".into()),
                p.feedback_count.to_string(),
                p.open_escalations.to_string(),
                format_hours(p.hours.meeting_minutes),
                format_hours(p.hours.claimed_minutes),
                p.hours.cost_text.clone(),
            ]
        })
        .collect();
    say!(
        "{}",
        table::render(
            &[
                "Project",
                "Planned",
                "Reached",
                "Rating",
                "Forms",
                "Escalations",
                "Meeting hours",
                "Reps' hours",
                "Cost"
            ],
            &rows,
            &[3, 4, 5, 6, 7, 8]
        )
    );
    Ok(())
}
