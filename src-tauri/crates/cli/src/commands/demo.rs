//! `forumdesk demo`: fills an empty data folder with a fictional forum to try things on.

use std::path::Path;

use forumdesk_core::Store;
use forumdesk_core::{create_demo, DemoOutcome};

use crate::CliError;

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Pretend today is this date (DD/MM/YYYY or YYYY-MM-DD): "last month" and "this month"
    /// follow from it.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

pub fn run(args: DemoArgs, data_dir: &Path) -> Result<(), CliError> {
    let today = match args.today {
        Some(t) => crate::args::date("--today", &t)?,
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
