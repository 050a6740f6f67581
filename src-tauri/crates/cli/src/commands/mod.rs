//! One module per subcommand family. Each exposes its clap args type and a `run` function.

pub mod backup;
pub mod budgets;
pub mod certificate;
pub mod check;
pub mod claims;
pub mod demo;
pub mod exchange;
pub mod export;
pub mod info;
pub mod meetings;
pub mod members;
pub mod passphrase;
pub mod projects;
pub mod reach;
pub mod report;
pub mod reps;
mod table;
pub mod verify;
