//! `forumdesk meetings list [--json]`: every meeting with its quoracy, warnings and agreed
//! exceptions, and whose turn it is to chair and take notes at each group's next meeting.

use std::collections::BTreeMap;

use forumdesk_core::model::{MeetingFilter, NextTurns};
use serde::Serialize;

use crate::commands::table;
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum MeetingsCommand {
    /// List every meeting, newest first, with its checks and the groups' next turns.
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
    quorate: bool,
    quoracy_reason: String,
    /// Warnings about notice, papers, length, time and school holidays not covered by an
    /// agreed exception.
    warnings: Vec<String>,
    /// Agreed exceptions, in words.
    exceptions: Vec<String>,
    /// Whose turn it was to chair and take notes at this meeting, by the rotation.
    suggested_chair_org: Option<String>,
    suggested_note_taker_org: Option<String>,
    /// Whose turn it is at the group's next meeting (the first from now, or one after the
    /// last when none is planned).
    group_next: NextJson,
}

#[derive(Serialize, Clone)]
struct NextJson {
    meeting_id: Option<i64>,
    starts_at: Option<String>,
    chair_org: Option<String>,
    note_taker_org: Option<String>,
}

impl From<&NextTurns> for NextJson {
    fn from(n: &NextTurns) -> Self {
        NextJson {
            meeting_id: n.meeting_id,
            starts_at: n.starts_at.clone(),
            chair_org: n.chair_org.clone(),
            note_taker_org: n.note_taker_org.clone(),
        }
    }
}

pub fn run(cmd: MeetingsCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let store = access.store()?;
    let MeetingsCommand::List { group, json } = cmd;
    let group_id = match group {
        Some(name) => Some(store.group_by_name(&name)?.id),
        None => None,
    };
    let meetings = store.meetings_overview(&MeetingFilter {
        group_id,
        ..Default::default()
    })?;
    // Each group's next turns, once.
    let mut next: BTreeMap<i64, (String, NextTurns)> = BTreeMap::new();
    for m in &meetings {
        if !next.contains_key(&m.summary.group_id) {
            let g = store.group_get(m.summary.group_id)?;
            next.insert(g.id, (g.name, g.next_turns));
        }
    }
    if json {
        let out: Vec<MeetingJson> = meetings
            .into_iter()
            .map(|m| MeetingJson {
                group_next: NextJson::from(&next[&m.summary.group_id].1),
                id: m.summary.id,
                group: m.summary.group_name,
                title: m.summary.title,
                start: m.summary.starts_at,
                end: m.summary.ends_at,
                finalised: m.summary.finalised,
                quorate: m.checks.quorate,
                quoracy_reason: m.checks.quoracy_reason,
                warnings: m.checks.warnings,
                exceptions: m.checks.exceptions,
                suggested_chair_org: m.suggested_chair_org,
                suggested_note_taker_org: m.suggested_note_taker_org,
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
            let s = &m.summary;
            let start = chrono::NaiveDateTime::parse_from_str(&s.starts_at, "%Y-%m-%dT%H:%M")
                .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
                .unwrap_or_else(|_| s.starts_at.clone());
            vec![
                s.id.to_string(),
                start,
                s.group_name.clone(),
                s.title.clone(),
                if s.finalised {
                    "finalised".into()
                } else {
                    "draft".into()
                },
                if m.checks.quorate { "yes" } else { "no" }.into(),
                m.checks.warnings.len().to_string(),
                m.checks.exceptions.len().to_string(),
            ]
        })
        .collect();
    say!(
        "{}",
        table::render(
            &[
                "ID",
                "Starts",
                "Group",
                "Title",
                "Notes",
                "Quorate",
                "Warnings",
                "Agreed exceptions"
            ],
            &rows,
            &[0, 6, 7]
        )
    );
    for (name, turns) in next.values() {
        let who = |o: &Option<String>| {
            o.clone()
                .unwrap_or_else(|| "nobody (no partner rotates)".into())
        };
        say!(
            "Next {name} meeting: {} to chair, {} to take notes.",
            who(&turns.chair_org),
            who(&turns.note_taker_org)
        );
    }
    Ok(())
}
