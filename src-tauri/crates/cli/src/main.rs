//! `forumdesk-cli`: Forum Desk's command line without the window. It parses and runs exactly
//! as `forumdesk <command>` does (the same [`Cli`] and [`run`]), so this crate's tests run
//! it as a separate process, the way a script would, with its own environment, output and
//! exit code.

use std::process::ExitCode;

use clap::Parser;
use forumdesk_cli::{run, Cli};

fn main() -> ExitCode {
    run(Cli::parse())
}
