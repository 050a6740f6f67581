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

pub mod access;
mod args;
pub mod commands;
mod data_dir;
mod error;

pub use data_dir::{default_data_dir, locate_data_dir, resolve_data_dir};
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

    /// Whose sign-in to use (a name or email); the chair when not given. The passphrase
    /// comes from FORUMDESK_PASSPHRASE or the terminal.
    #[arg(long = "as", global = true, value_name = "PERSON")]
    pub as_person: Option<String>,

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
    /// Import or export members as CSV; who the forum reaches, and members' reach details.
    #[command(subcommand)]
    Members(commands::members::MembersCommand),
    /// The forum's list of areas, which members' reach details name.
    #[command(subcommand)]
    Areas(commands::reach::AreasCommand),
    /// Show the steering group against the number of active members it needs, or set them.
    Steering(commands::reach::SteeringArgs),
    /// List claims, add lines, submit, approve, return and record payment.
    #[command(subcommand)]
    Claims(commands::claims::ClaimsCommand),
    /// List meetings.
    #[command(subcommand)]
    Meetings(commands::meetings::MeetingsCommand),
    /// List co-production projects, or save a project's signed report.
    #[command(subcommand)]
    Projects(commands::projects::ProjectsCommand),
    /// Funders' budgets: list them with spend to date, add a grant, remove one.
    #[command(subcommand)]
    Budgets(commands::budgets::BudgetsCommand),
    /// The signed annual report for funders.
    #[command(subcommand)]
    Report(commands::report::ReportCommand),
    /// Make the files the forum sends out: signed claim packs, CSV, meeting notes, calendars.
    #[command(subcommand)]
    Export(commands::export::ExportCommand),
    /// Show or export the forum's signing certificate.
    #[command(subcommand)]
    Certificate(commands::certificate::CertificateCommand),
    /// Choose or reset a passphrase.
    #[command(subcommand)]
    Passphrase(commands::passphrase::PassphraseCommand),
    /// Back up the forum, list backups, copy one off the computer, or restore one.
    #[command(subcommand)]
    Backup(commands::backup::BackupCommand),
    /// Check the forum's records: the database, its structure, the activity chain, officers'
    /// signatures, approval seals and receipts. Exit 0 when all is well, 1 otherwise.
    Check(commands::check::CheckArgs),
    /// Representatives: invite one to use Forum Desk on their own computer, list or remove
    /// reps' computers, set the folder shared with each, and a rep's statement for a tax year.
    #[command(subcommand)]
    Reps(commands::reps::RepsCommand),
    /// Join a forum on your own computer, from the invitation file and the code the chair
    /// gave you (into a new data folder; passphrase from FORUMDESK_PASSPHRASE or asked).
    Join(commands::exchange::JoinArgs),
    /// Send and receive the signed files between a rep's computer and the forum laptop.
    #[command(subcommand)]
    Exchange(commands::exchange::ExchangeCommand),
    /// Check a signed PDF: unchanged since signing, and signed with the forum's certificate.
    ///
    /// Exit codes: 0 trusted; 1 changed after signing; 3 intact but the signer is not the
    /// trusted certificate, or no certificate to check against; 4 not signed or not a
    /// readable PDF; 2 usage problems (such as a missing file).
    Verify(commands::verify::VerifyArgs),
}

impl Command {
    fn run(
        self,
        requested_dir: Option<PathBuf>,
        as_person: Option<String>,
    ) -> Result<ExitCode, CliError> {
        // `verify` only reads the forum's public certificate, if there is one: it must never
        // create a data folder or open the (encrypted) store, so it gets the folder's path only.
        let command = match self {
            Command::Verify(args) => return commands::verify::run(args, requested_dir),
            command => command,
        };
        let data_dir = &resolve_data_dir(requested_dir)?;
        let access = access::Access {
            data_dir: data_dir.clone(),
            as_person,
        };
        match command {
            Command::Info(args) => commands::info::run(args, data_dir),
            Command::Demo(args) => commands::demo::run(args, data_dir),
            Command::Members(cmd) => commands::members::run(cmd, &access),
            Command::Areas(cmd) => commands::reach::areas(cmd, &access),
            Command::Steering(args) => commands::reach::steering(args, &access),
            Command::Claims(cmd) => commands::claims::run(cmd, &access),
            Command::Meetings(cmd) => commands::meetings::run(cmd, &access),
            Command::Projects(cmd) => commands::projects::run(cmd, &access),
            Command::Budgets(cmd) => commands::budgets::run(cmd, &access),
            Command::Report(cmd) => commands::report::run(cmd, &access),
            Command::Export(cmd) => commands::export::run(cmd, &access),
            Command::Certificate(cmd) => commands::certificate::run(cmd, &access),
            Command::Passphrase(cmd) => commands::passphrase::run(cmd, &access),
            Command::Backup(cmd) => commands::backup::run(cmd, &access),
            Command::Check(args) => return commands::check::run(args, &access),
            Command::Reps(cmd) => commands::reps::run(cmd, &access),
            Command::Join(args) => commands::exchange::join(args, data_dir),
            Command::Exchange(cmd) => commands::exchange::run(cmd, &access),
            // Already handled above, before any folder is made.
            Command::Verify(args) => return commands::verify::run(args, Some(data_dir.clone())),
        }
        .map(|()| ExitCode::SUCCESS)
    }
}

/// Runs the subcommand in `cli` and returns the process exit code: 0 on success, 1 when the
/// command failed (a plain-English line has been printed to stderr), 2 for usage problems
/// (clap exits with 2 itself while parsing). `verify` has its own codes: see [`Command::Verify`].
pub fn run(cli: Cli) -> ExitCode {
    let Some(command) = cli.command else {
        eprintln!(
            "Choose a command, for example `forumdesk info`. Run `forumdesk --help` to see them all."
        );
        return ExitCode::from(2);
    };
    // A script that asked for JSON gets its errors as JSON too: {code, message, field}, the
    // same shape the window gets.
    let json = std::env::args().any(|a| a == "--json");
    match command.run(cli.data_dir, cli.as_person) {
        Ok(code) => code,
        Err(e) => {
            if json {
                eprintln!("{}", e.to_json());
            } else {
                eprintln!("{e}");
            }
            ExitCode::from(e.exit_code())
        }
    }
}
