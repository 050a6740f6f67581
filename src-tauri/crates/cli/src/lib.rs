//! Forum Desk's command line. The `forumdesk` binary parses [`Cli`]; with a subcommand it
//! calls [`run`] and never opens a window, so everything here works over SSH, in scripts and
//! in tests. This crate must never depend on Tauri (a test in `tests/` checks that).
//!
//! Adding a subcommand family (for example `claims`): add `src/commands/claims.rs` with an
//! args type (a `clap::Args` struct or a nested `clap::Subcommand` enum) and a
//! `run(args, &data_dir) -> Result<(), CliError>` function, then add one variant to
//! [`Command`] and one arm to [`Command::run`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Prints a line to stdout like `println!`, but a reader that has gone away (`forumdesk claims
/// list | head`) is not an error worth a panic: there is simply nobody left to tell.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

pub mod commands;
mod data_dir;
mod error;

pub use data_dir::{default_data_dir, resolve_data_dir};
pub use error::CliError;

/// Forum Desk: membership, meetings and expense claims for a Parent Carer Forum.
///
/// Run with no command to open the window.
#[derive(Debug, Parser)]
#[command(name = "forumdesk", version, about, long_about = None)]
pub struct Cli {
    /// The folder that holds the forum's data. Defaults to your user data folder.
    #[arg(long, global = true, value_name = "DIR", env = "FORUMDESK_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Every subcommand. One variant per family; each family lives in its own module under
/// `commands/`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show where the data folder is and which data version this Forum Desk uses.
    Info(commands::info::InfoArgs),
    /// Fill an empty data folder with a fictional forum to try Forum Desk on.
    Demo(commands::demo::DemoArgs),
    /// Import or export members as CSV.
    #[command(subcommand)]
    Members(commands::members::MembersCommand),
    /// List claims.
    #[command(subcommand)]
    Claims(commands::claims::ClaimsCommand),
    /// List meetings.
    #[command(subcommand)]
    Meetings(commands::meetings::MeetingsCommand),
    /// Make the files the forum sends out: signed claim packs, CSV, meeting notes, calendars.
    #[command(subcommand)]
    Export(commands::export::ExportCommand),
    /// Show or export the forum's signing certificate.
    #[command(subcommand)]
    Certificate(commands::certificate::CertificateCommand),
    /// Check a signed PDF: unchanged since signing, and who signed it.
    Verify(commands::verify::VerifyArgs),
}

impl Command {
    fn run(self, data_dir: &std::path::Path) -> Result<(), CliError> {
        match self {
            Command::Info(args) => commands::info::run(args, data_dir),
            Command::Demo(args) => commands::demo::run(args, data_dir),
            Command::Members(cmd) => commands::members::run(cmd, data_dir),
            Command::Claims(cmd) => commands::claims::run(cmd, data_dir),
            Command::Meetings(cmd) => commands::meetings::run(cmd, data_dir),
            Command::Export(cmd) => commands::export::run(cmd, data_dir),
            Command::Certificate(cmd) => commands::certificate::run(cmd, data_dir),
            Command::Verify(args) => commands::verify::run(args, data_dir),
        }
    }
}

/// Runs the subcommand in `cli` and returns the process exit code: 0 on success, 1 when the
/// command failed (a plain-English line has been printed to stderr). Usage errors never get
/// here: clap prints them and exits with code 2 while parsing.
pub fn run(cli: Cli) -> ExitCode {
    let Some(command) = cli.command else {
        eprintln!(
            "Choose a command, for example `forumdesk info`. Run `forumdesk --help` to see them all."
        );
        return ExitCode::from(2);
    };
    let result = resolve_data_dir(cli.data_dir).and_then(|dir| command.run(&dir));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
