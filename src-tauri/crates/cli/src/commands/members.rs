//! `forumdesk members import FILE.csv` and `forumdesk members export FILE.csv`; the reach
//! subcommands are in `reach.rs`.

use std::path::PathBuf;

use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum MembersCommand {
    /// Add or update members from a CSV file (matched on email). All rows or none are saved.
    ///
    /// The file may be saved as UTF-8, UTF-16 ("Unicode text") or Windows-1252, with commas,
    /// semicolons or tabs between columns. Rows with no email that have the name and postcode
    /// of a member already on the list are reported as possible duplicates and not added.
    Import {
        file: PathBuf,
        /// Show what would happen, with each name as read, without saving anything.
        #[arg(long)]
        dry_run: bool,
    },
    /// Write every member (except erased ones) to a CSV file.
    Export { file: PathBuf },
    /// Who the forum reaches: active members by area and by how they heard, joined and
    /// active by month this funders' year, and the steering group against its number.
    Reach {
        /// Print JSON for scripts instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Record a member's reach details (area, how they heard, how involved they want to be),
    /// with their consent. Details left out are saved as not given.
    ReachSet(crate::commands::reach::ReachSetArgs),
    /// Consent withdrawn: delete every reach detail kept about a member.
    ReachClear {
        /// The member's name or email.
        #[arg(long)]
        member: String,
    },
}

pub fn run(cmd: MembersCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let cmd = match cmd {
        MembersCommand::Reach { json } => return crate::commands::reach::summary(access, json),
        MembersCommand::ReachSet(args) => return crate::commands::reach::set(args, access),
        MembersCommand::ReachClear { member } => {
            return crate::commands::reach::clear(&member, access)
        }
        cmd => cmd,
    };
    let mut store = access.store()?;
    match cmd {
        MembersCommand::Import { file, dry_run } => {
            let bytes = std::fs::read(&file).map_err(|e| CliError::file("read", &file, e))?;
            let preview = store.members_import_preview(&bytes)?;
            say!(
                "Read {} as {}, with {} between the columns.",
                file.display(),
                preview.encoding,
                preview.delimiter
            );
            for row in preview.rows.iter().filter(|r| r.action == "duplicate") {
                say!("Line {} ({}): {}", row.line, row.name, row.note);
            }
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
                // Each name as read, so accents can be checked before anything is saved.
                for row in preview
                    .rows
                    .iter()
                    .filter(|r| r.action == "add" || r.action == "update")
                {
                    say!("Line {}: {} ({})", row.line, row.name, row.action);
                }
                say!(
                    "Would add {} and update {} members{}. Nothing was saved.",
                    preview.adds,
                    preview.updates,
                    if preview.duplicates > 0 {
                        format!(", and leave out {} possible duplicates", preview.duplicates)
                    } else {
                        String::new()
                    }
                );
                return Ok(());
            }
            let done = store.members_import_commit(&bytes)?;
            say!(
                "Imported {}: {} added, {} updated{}.",
                file.display(),
                done.added,
                done.updated,
                if done.skipped > 0 {
                    format!(", {} possible duplicates left out", done.skipped)
                } else {
                    String::new()
                }
            );
        }
        MembersCommand::Export { file } => {
            let text = store.members_export_csv_text()?;
            std::fs::write(&file, text).map_err(|e| CliError::file("write", &file, e))?;
            say!("Saved the members to {}.", file.display());
        }
        MembersCommand::Reach { .. }
        | MembersCommand::ReachSet(_)
        | MembersCommand::ReachClear { .. } => unreachable!("handled above"),
    }
    Ok(())
}
