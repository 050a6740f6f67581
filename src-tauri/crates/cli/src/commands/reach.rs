//! Reach from the command line: `forumdesk areas list|add|rename|retire|restore|delete`,
//! `forumdesk members reach [--json]` (who the forum reaches), `forumdesk members reach-set`
//! and `reach-clear` (a member's details, kept only with their consent), and
//! `forumdesk steering [--group NAME] [--needed N] [--json]`.

use forumdesk_core::model::{MemberFilter, ReachInput};
use forumdesk_core::{uk_iso, Store};

use crate::commands::table;
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum AreasCommand {
    /// List the areas members can choose, with how many chose each.
    List {
        /// Include retired areas.
        #[arg(long)]
        all: bool,
        /// Print a JSON array for scripts instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add an area.
    Add { name: String },
    /// Rename an area (members who chose it keep it, under its new name).
    Rename {
        name: String,
        #[arg(long, value_name = "NEW NAME")]
        to: String,
    },
    /// Stop offering an area; members who chose it keep it.
    Retire { name: String },
    /// Offer a retired area again.
    Restore { name: String },
    /// Delete an area nobody chose (one that members chose can only be retired).
    Delete { name: String },
}

/// What `members reach-set` is given.
#[derive(Debug, clap::Args)]
pub struct ReachSetArgs {
    /// The member's name or email.
    #[arg(long)]
    pub member: String,
    /// The member agreed that the forum keeps these details. Without it, nothing is kept.
    #[arg(long)]
    pub consent: bool,
    /// One of the forum's areas (`forumdesk areas list`).
    #[arg(long)]
    pub area: Option<String>,
    /// How they heard: word of mouth, school, social media, professional, event or other.
    #[arg(long)]
    pub heard: Option<String>,
    /// A few words about how they heard.
    #[arg(long)]
    pub heard_detail: Option<String>,
    /// How involved they want to be: newsletter, surveys, events or rep.
    #[arg(long)]
    pub involvement: Option<String>,
}

pub fn areas(cmd: AreasCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let mut store = access.store()?;
    match cmd {
        AreasCommand::List { all, json } => {
            let areas = store.areas_list(all)?;
            if json {
                say!("{}", to_json(&areas)?);
            } else if areas.is_empty() {
                say!("No areas yet. Add one with `forumdesk areas add NAME`.");
            } else {
                let rows: Vec<Vec<String>> = areas
                    .iter()
                    .map(|a| {
                        vec![
                            a.name.clone(),
                            a.members.to_string(),
                            a.retired_on.as_deref().map(uk_iso).unwrap_or_default(),
                        ]
                    })
                    .collect();
                say!(
                    "{}",
                    table::render(&["Area", "Members", "Retired"], &rows, &[1])
                );
            }
        }
        AreasCommand::Add { name } => {
            let a = store.area_save(None, &name)?;
            say!("Added the area {}.", a.name);
        }
        AreasCommand::Rename { name, to } => {
            let id = store.area_by_name(&name)?.id;
            let a = store.area_save(Some(id), &to)?;
            say!("Renamed {} to {}.", name.trim(), a.name);
        }
        AreasCommand::Retire { name } => {
            let id = store.area_by_name(&name)?.id;
            let a = store.area_retire(id, true)?;
            say!(
                "Retired {}: it is no longer offered, and the {} who chose it keep it.",
                a.name,
                members(a.members)
            );
        }
        AreasCommand::Restore { name } => {
            let id = store.area_by_name(&name)?.id;
            let a = store.area_retire(id, false)?;
            say!("{} is offered again.", a.name);
        }
        AreasCommand::Delete { name } => {
            let a = store.area_by_name(&name)?;
            store.area_delete(a.id)?;
            say!("Deleted the area {}.", a.name);
        }
    }
    Ok(())
}

/// `members reach [--json]`: who the forum reaches today.
pub fn summary(access: &crate::access::Access, json: bool) -> Result<(), CliError> {
    let store = access.store()?;
    let s = store.reach_summary()?;
    if json {
        say!("{}", to_json(&s)?);
        return Ok(());
    }
    say!(
        "{} active members on {}; {} gave reach details.",
        s.active_members,
        uk_iso(&s.as_of),
        s.with_details
    );
    say!(
        "New members from {} to {}: {}.",
        uk_iso(&s.year_from),
        uk_iso(&s.year_to),
        s.new_this_year
    );
    say!("Steering group: {}", s.steering.message);
    let rows = |rows: &[forumdesk_core::model::FigureRow]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| vec![r.label.clone(), r.text.clone()])
            .collect()
    };
    say!("");
    say!(
        "{}",
        table::render(&["Area", "Active members"], &rows(&s.by_area), &[1])
    );
    say!("");
    say!(
        "{}",
        table::render(
            &["How they heard", "Active members"],
            &rows(&s.heard_via),
            &[1]
        )
    );
    say!("");
    let months: Vec<Vec<String>> = s
        .joined_by_month
        .iter()
        .zip(&s.active_by_month)
        .map(|(j, a)| vec![j.label.clone(), j.text.clone(), a.text.clone()])
        .collect();
    say!(
        "{}",
        table::render(&["Month", "Joined", "Active at the end"], &months, &[1, 2])
    );
    Ok(())
}

/// `members reach-set`: a member's reach details, with their consent.
pub fn set(args: ReachSetArgs, access: &crate::access::Access) -> Result<(), CliError> {
    let mut store = access.store()?;
    let member_id = member_named(&store, &args.member)?;
    let area_id = match args.area.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(a) => Some(store.area_by_name(a)?.id),
    };
    let saved = store.member_reach_save(&ReachInput {
        member_id,
        consent: args.consent,
        area_id,
        heard_via: args.heard.unwrap_or_default(),
        heard_detail: args.heard_detail.unwrap_or_default(),
        involvement: args.involvement.unwrap_or_default(),
    })?;
    match saved {
        Some(r) => say!(
            "Saved the reach details of {} (consent recorded on {} by {}).",
            args.member.trim(),
            uk_iso(&r.consent_on),
            r.consent_by
        ),
        None => say!(
            "No reach details are kept for {}: consent was not given.",
            args.member.trim()
        ),
    }
    Ok(())
}

/// `members reach-clear`: consent withdrawn, every detail deleted.
pub fn clear(member: &str, access: &crate::access::Access) -> Result<(), CliError> {
    let mut store = access.store()?;
    let id = member_named(&store, member)?;
    store.member_reach_clear(id)?;
    say!("Deleted the reach details of {}.", member.trim());
    Ok(())
}

#[derive(Debug, clap::Args)]
pub struct SteeringArgs {
    /// Choose the steering group (one of the forum's groups); "none" for no group.
    #[arg(long)]
    pub group: Option<String>,
    /// How many active members the steering group needs (0 for no number).
    #[arg(long)]
    pub needed: Option<String>,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

/// `steering`: shows the steering group against its number, after setting what was given.
pub fn steering(args: SteeringArgs, access: &crate::access::Access) -> Result<(), CliError> {
    let mut store = access.store()?;
    let mut status = store.steering_status()?;
    if args.group.is_some() || args.needed.is_some() {
        let group_id = match args.group.as_deref().map(str::trim) {
            None => status.group_id,
            Some(g) if g.eq_ignore_ascii_case("none") => None,
            Some(g) => Some(
                store
                    .groups_list()?
                    .into_iter()
                    .find(|x| x.name.to_lowercase() == g.to_lowercase())
                    .map(|x| x.id)
                    .ok_or_else(|| {
                        CliError::Failed(format!("There is no group called \"{g}\"."))
                    })?,
            ),
        };
        let needed = args.needed.unwrap_or_else(|| status.needed.to_string());
        status = store.steering_set(group_id, &needed)?;
    }
    if args.json {
        say!("{}", to_json(&status)?);
    } else {
        say!("{}", status.message);
    }
    Ok(())
}

/// The member called `name` (or with that email), in any case, Ł included (SQLite's LIKE
/// folds only ASCII, so the list is matched here).
fn member_named(store: &Store, name: &str) -> Result<i64, CliError> {
    let wanted = name.trim().to_lowercase();
    store
        .members_list(&MemberFilter::default())?
        .into_iter()
        .find(|m| {
            !m.erased
                && (m.name.to_lowercase() == wanted
                    || (!m.email.is_empty() && m.email.to_lowercase() == wanted))
        })
        .map(|m| m.id)
        .ok_or_else(|| CliError::Failed(format!("There is no member called \"{}\".", name.trim())))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(v).map_err(|e| CliError::Failed(e.to_string()))
}

fn members(n: i64) -> String {
    format!("{n} {}", if n == 1 { "member" } else { "members" })
}
