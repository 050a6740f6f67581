//! `forumdesk info`: where the data is and which data version this build uses. Opening the
//! database also proves it is readable (and brings an older one up to date).

use std::path::Path;

use forumdesk_core::{db_path, open_connection, schema_version};

use crate::CliError;

#[derive(Debug, clap::Args)]
pub struct InfoArgs {
    /// Print only the data folder's path, without opening the database (handy in scripts).
    #[arg(long)]
    pub data_folder: bool,
}

pub fn run(args: InfoArgs, data_dir: &Path) -> Result<(), CliError> {
    if args.data_folder {
        say!("{}", data_dir.display());
        return Ok(());
    }
    let path = db_path(data_dir);
    open_connection(&path)?;
    say!("Data folder: {}", data_dir.display());
    say!("Database: {}", path.display());
    say!("Data version: {}", schema_version());
    Ok(())
}
