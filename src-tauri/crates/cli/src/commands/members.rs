//! `forumdesk members import FILE.csv` and `forumdesk members export FILE.csv`.

use std::path::PathBuf;

use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum MembersCommand {
    /// Add or update members from a CSV file (matched on email). All rows or none are saved.
    Import {
        file: PathBuf,
        /// Show what would happen without saving anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write every member (except erased ones) to a CSV file.
    Export { file: PathBuf },
}

pub fn run(cmd: MembersCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let mut store = access.store()?;
    match cmd {
        MembersCommand::Import { file, dry_run } => {
            let bytes = std::fs::read(&file).map_err(|e| CliError::file("read", &file, e))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                CliError::Input(format!(
                    "{} is not a UTF-8 text file. Save it as \"CSV UTF-8\" and try again.",
                    file.display()
                ))
            })?;
            let preview = store.members_import_preview(&text)?;
            for row in preview.rows.iter().filter(|r| r.action == "error") {
                eprintln!("Line {}: {}", row.line, row.errors.join(" "));
            }
            if preview.errors > 0 {
                return Err(CliError::Failed(format!(
                    "{} row(s) have problems, so nothing was imported. Fix them and run the import again.",
                    preview.errors
                )));
            }
            if dry_run {
                say!(
                    "Would add {} and update {} members. Nothing was saved.",
                    preview.adds,
                    preview.updates
                );
                return Ok(());
            }
            let done = store.members_import_commit(&text)?;
            say!(
                "Imported {}: {} added, {} updated.",
                file.display(),
                done.added,
                done.updated
            );
        }
        MembersCommand::Export { file } => {
            let text = store.members_export_csv_text()?;
            std::fs::write(&file, text).map_err(|e| CliError::file("write", &file, e))?;
            say!("Saved the members to {}.", file.display());
        }
    }
    Ok(())
}
