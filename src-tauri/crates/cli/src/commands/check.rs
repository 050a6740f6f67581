//! `forumdesk check`: every check on the forum's records (see the core's check room), as a
//! plain list. Exit 0 when all is well, 1 when anything is wrong.

use std::process::ExitCode;

use crate::access::Access;
use crate::CliError;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Print JSON for scripts: {ok, problems, checked}.
    #[arg(long)]
    json: bool,
}

pub fn run(args: CheckArgs, access: &Access) -> Result<ExitCode, CliError> {
    let mut store = access.store()?;
    let report = store.check_records()?;
    if args.json {
        say!(
            "{}",
            serde_json::to_string_pretty(&report)
                .map_err(|e| CliError::Core(forumdesk_core::CoreError::Database(e.to_string())))?
        );
    } else {
        if report.ok {
            say!(
                "All is well: nothing in the forum's records has been changed outside Forum Desk."
            );
        } else {
            say!(
                "Found {} problem{} in the forum's records:",
                report.problems.len(),
                if report.problems.len() == 1 { "" } else { "s" }
            );
            for p in &report.problems {
                say!("  - {p}");
            }
        }
        say!("Checked:");
        for c in &report.checked {
            say!("  {c}");
        }
    }
    Ok(if report.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
