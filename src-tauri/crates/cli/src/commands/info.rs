//! `forumdesk info`: where the data is, which data version this build uses, and what the
//! folder holds. It never needs a passphrase and never changes anything.

use std::path::Path;

use forumdesk_core::{db_path, schema_version, FolderState, Store};

use crate::CliError;

#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    /// Print only the data folder's path (handy in scripts).
    #[arg(long)]
    pub data_folder: bool,
}

pub fn run(args: InfoArgs, data_dir: &Path) -> Result<(), CliError> {
    if args.data_folder {
        say!("{}", data_dir.display());
        return Ok(());
    }
    say!("Data folder: {}", data_dir.display());
    say!("Database: {}", db_path(data_dir).display());
    say!("Data version: {}", schema_version());
    let options = Store::sign_in_options(data_dir)?;
    match options.state {
        FolderState::New => {
            say!("Forum: none yet (set one up in the window, or try `forumdesk demo`)")
        }
        FolderState::Upgrade => {
            say!("Forum: saved by an older version; an officer's first sign-in encrypts it")
        }
        FolderState::Ready => say!(
            "Forum: encrypted; {} {} can sign in",
            options.people.len(),
            if options.people.len() == 1 {
                "person"
            } else {
                "people"
            }
        ),
    }
    Ok(())
}
