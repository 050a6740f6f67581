//! `forumdesk demo`: fills an empty data folder with a fictional forum to try things on.

use std::path::Path;

use forumdesk_core::Store;
use forumdesk_core::{create_demo, DemoOutcome};

use crate::CliError;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Pretend today is this date (YYYY-MM-DD): "last month" and "this month" follow from it.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

pub fn run(args: DemoArgs, data_dir: &Path) -> Result<(), CliError> {
    let today = match args.today {
        Some(t) => chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").map_err(|_| {
            CliError::Input(format!("\"{t}\" is not a date. Write it like 2026-11-25."))
        })?,
        None => chrono::Local::now().date_naive(),
    };
    let mut store = Store::open(data_dir)?;
    match create_demo(&mut store, today)? {
        DemoOutcome::Created { members, meetings, claims } => say!(
            "Created the demo forum in {}: {members} members, {meetings} meetings and {claims} claims.",
            data_dir.display()
        ),
        DemoOutcome::AlreadySetUp { forum } => say!(
            "The data folder {} already holds a forum ({forum}), so nothing was added.",
            data_dir.display()
        ),
    }
    Ok(())
}
