//! `forumdesk backup now|list|copy|restore`: the same backups the window takes, for scripts
//! and for a new computer.

use std::path::PathBuf;

use forumdesk_core::{FolderState, Store};

use crate::access::{read_secret, Access, PASSPHRASE_VAR, RECOVERY_VAR};
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum BackupCommand {
    /// Take a backup now.
    Now,
    /// List the backups, newest first.
    List {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Save a copy of the newest backup (taking one first if anything changed) to FILE, or
    /// into a folder.
    Copy {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a backup file: over this forum (the current state is backed up first), or
    /// into an empty data folder on a new computer (with a passphrase or the recovery key).
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(cmd: BackupCommand, access: &Access) -> Result<(), CliError> {
    match cmd {
        BackupCommand::Now => {
            let store = access.store()?;
            let b = store.backup_job()?.run()?;
            say!("Backed up to {} ({})", b.path, size(b.size_bytes));
        }
        BackupCommand::List { json } => {
            let store = access.store()?;
            let o = store.backups_overview()?;
            if json {
                say!(
                    "{}",
                    serde_json::to_string_pretty(&o)
                        .map_err(|e| CliError::Failed(e.to_string()))?
                );
                return Ok(());
            }
            if o.backups.is_empty() {
                say!("No backups yet.");
            }
            for b in &o.backups {
                say!("{}  {}  {}", b.made_at, size(b.size_bytes), b.latest_change);
            }
            say!(
                "{} backups, {} in all, in {}",
                o.backups.len(),
                size(o.total_bytes),
                o.folder
            );
        }
        BackupCommand::Copy { out } => {
            let mut store = access.store()?;
            let saved = store.backup_copy_to(&out)?;
            say!("Saved a backup to {}", saved.display());
        }
        BackupCommand::Restore { file } => {
            if !file.is_file() {
                return Err(CliError::Usage(format!(
                    "There is no file {}.",
                    file.display()
                )));
            }
            let state = Store::sign_in_options(&access.data_dir)?.state;
            if state == FolderState::New {
                let store = match std::env::var(RECOVERY_VAR) {
                    Ok(key) if !key.is_empty() => {
                        Store::restore_new_forum(&access.data_dir, &file, access.who(), &key, true)?
                    }
                    _ => {
                        let pass = read_secret(
                            PASSPHRASE_VAR,
                            "Passphrase (as it was when the backup was made): ",
                        )?;
                        Store::restore_new_forum(
                            &access.data_dir,
                            &file,
                            access.who(),
                            &pass,
                            false,
                        )?
                    }
                };
                say!(
                    "Restored {} into {}: {}.",
                    file.display(),
                    access.data_dir.display(),
                    store.forum_get()?.name
                );
            } else {
                let mut store = access.store()?;
                let before = store.backup_restore(&file)?;
                say!(
                    "Restored {}. The state before it was backed up to {}.",
                    file.display(),
                    before.path
                );
            }
        }
    }
    Ok(())
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}
