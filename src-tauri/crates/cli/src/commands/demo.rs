//! `forumdesk demo`: fills an empty data folder with a fictional forum to try things on, all
//! or nothing. Every demo sign-in (the chair, the treasurer and one rep) gets the passphrase
//! in FORUMDESK_PASSPHRASE, or `demo-passphrase` when it is not set; the recovery key is
//! printed on a line of its own starting `Recovery key: `.

use std::path::Path;

use forumdesk_core::{create_demo_folder, DemoOutcome, KdfParams, DEMO_PASSPHRASE};

use crate::access::PASSPHRASE_VAR;
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
        Some(t) => chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
            .or_else(|_| chrono::NaiveDate::parse_from_str(t.trim(), "%d/%m/%Y"))
            .map_err(|_| {
                CliError::Usage(format!(
                    "\"{t}\" is not a date. Write it like 25/11/2026 or 2026-11-25."
                ))
            })?,
        None => chrono::Local::now().date_naive(),
    };
    let (passphrase, from_env) = match std::env::var(PASSPHRASE_VAR) {
        Ok(p) if !p.is_empty() => (p, true),
        _ => (DEMO_PASSPHRASE.to_string(), false),
    };
    let made = create_demo_folder(data_dir, today, &passphrase, KdfParams::REAL)?;
    match made.outcome {
        DemoOutcome::Created {
            members,
            meetings,
            claims,
        } => {
            say!(
                "Created the demo forum in {}: {members} members, {meetings} meetings and {claims} claims.",
                data_dir.display()
            );
            say!("These people can sign in: {}.", made.sign_ins.join(", "));
            if from_env {
                say!("Their passphrase is the one in {PASSPHRASE_VAR}.");
            } else {
                say!("Their passphrase is: {DEMO_PASSPHRASE} ({PASSPHRASE_VAR} was not set).");
            }
            say!("Recovery key: {}", made.recovery_key);
        }
        DemoOutcome::AlreadySetUp { .. } => say!(
            "The data folder {} already holds a forum, so nothing was added.",
            data_dir.display()
        ),
    }
    Ok(())
}
