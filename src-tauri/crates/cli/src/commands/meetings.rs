//! `forumdesk meetings list [--json]`.

use forumdesk_core::model::MeetingFilter;
use serde::Serialize;

use crate::commands::table;
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum MeetingsCommand {
    /// List every meeting, newest first.
    List {
        /// Only this group's meetings.
        #[arg(long, value_name = "NAME")]
        group: Option<String>,
        /// Print a JSON array for scripts instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct MeetingJson {
    id: i64,
    group: String,
    title: String,
    start: String,
    end: String,
    finalised: bool,
}

pub fn run(cmd: MeetingsCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let store = access.store()?;
    let MeetingsCommand::List { group, json } = cmd;
    let group_id = match group {
        Some(name) => Some(store.group_by_name(&name)?.id),
        None => None,
    };
    let meetings = store.meetings_list(&MeetingFilter {
        group_id,
        ..Default::default()
    })?;
    if json {
        let out: Vec<MeetingJson> = meetings
            .into_iter()
            .map(|m| MeetingJson {
                id: m.id,
                group: m.group_name,
                title: m.title,
                start: m.starts_at,
                end: m.ends_at,
                finalised: m.finalised,
            })
            .collect();
        say!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| CliError::Failed(e.to_string()))?
        );
        return Ok(());
    }
    if meetings.is_empty() {
        say!("No meetings yet.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = meetings
        .iter()
        .map(|m| {
            let start = chrono::NaiveDateTime::parse_from_str(&m.starts_at, "%Y-%m-%dT%H:%M")
                .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
                .unwrap_or_else(|_| m.starts_at.clone());
            vec![
                m.id.to_string(),
                start,
                m.group_name.clone(),
                m.title.clone(),
                if m.finalised {
                    "finalised".into()
                } else {
                    "draft".into()
                },
            ]
        })
        .collect();
    say!(
        "{}",
        table::render(&["ID", "Starts", "Group", "Title", "Notes"], &rows, &[0])
    );
    Ok(())
}
