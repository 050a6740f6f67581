//! `forumdesk export claims|notes|ics`: the files the forum sends out, written exactly where
//! `--out` says. Claim packs and finalised notes are signed with the forum's certificate,
//! which stays in the data folder.

use std::path::PathBuf;

use forumdesk_core::format_pence;
use forumdesk_core::model::NotesVersion;
use forumdesk_core::Destination;

use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum ExportCommand {
    /// The signed claim pack (PDF) for one funder and month, and optionally its CSV.
    Claims {
        /// The month, exactly YYYY-MM (like 2026-10).
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// The funder's name, as in Settings.
        #[arg(long, value_name = "NAME")]
        funder: String,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Also write the claim lines as CSV here.
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
    /// A meeting's notes as PDF: signed when finalised, a DRAFT otherwise. The full notes,
    /// or with --shareable the version without confidential items; each says which it is.
    Notes {
        /// The meeting's number (see `forumdesk meetings list`).
        #[arg(long, value_name = "ID")]
        meeting: i64,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// The shareable version: confidential agenda items and decisions left out.
        #[arg(long)]
        shareable: bool,
    },
    /// A calendar file: a group's upcoming meetings, or one meeting.
    Ics {
        /// The group's name: its meetings from now on.
        #[arg(
            long,
            value_name = "NAME",
            conflicts_with = "meeting",
            required_unless_present = "meeting"
        )]
        group: Option<String>,
        /// One meeting's number instead.
        #[arg(long, value_name = "ID")]
        meeting: Option<i64>,
        /// Where to write the .ics file.
        #[arg(long, value_name = "FILE.ics")]
        out: PathBuf,
    },
}

pub fn run(cmd: ExportCommand, access: &crate::access::Access) -> Result<(), CliError> {
    if let ExportCommand::Claims { month, .. } = &cmd {
        crate::args::month("--month", month)?;
    }
    let mut store = access.store()?;
    match cmd {
        ExportCommand::Claims {
            month,
            funder,
            out,
            csv,
        } => {
            let funder = store.funder_by_name(&funder)?;
            let saved = store.export_claim_pack(&month, funder.id, &Destination::File(out))?;
            let input = store.claim_pack_input(&month, funder.id)?;
            let totals = forumdesk_core::claim_totals(&input);
            say!(
                "Signed claim pack for {}, {}: {} claim{}, {} in all, {} receipt{}.",
                funder.name,
                input.month.display(),
                input.claims.len(),
                plural(input.claims.len()),
                format_pence(totals.grand.total),
                totals.receipts,
                plural(totals.receipts),
            );
            say!("Saved to {}", saved.path);
            if let Some(csv) = csv {
                let saved = store.export_claims_csv(&month, funder.id, &Destination::File(csv))?;
                say!("CSV saved to {}", saved.path);
            }
        }
        ExportCommand::Notes {
            meeting,
            out,
            shareable,
        } => {
            let m = store.meeting_get(meeting)?;
            let version = if shareable {
                NotesVersion::Shareable
            } else {
                NotesVersion::Full
            };
            let saved = store.export_meeting_notes(meeting, version, &Destination::File(out))?;
            say!("{}.", version.mark());
            if m.finalised_at.is_some() {
                say!("Signed notes of {} saved to {}", m.title, saved.path);
            } else {
                say!(
                    "These notes are not finalised, so this is a DRAFT preview and is not signed."
                );
                say!("Draft notes of {} saved to {}", m.title, saved.path);
            }
        }
        ExportCommand::Ics {
            group,
            meeting,
            out,
        } => {
            let saved = match (group, meeting) {
                (_, Some(id)) => store.export_meeting_ics(id, &Destination::File(out))?,
                (Some(name), None) => {
                    let g = store.group_by_name(&name)?;
                    store.export_group_ics(g.id, &Destination::File(out))?
                }
                (None, None) => {
                    return Err(CliError::Input(
                        "Say which meetings: --group NAME for a group's upcoming meetings, or --meeting ID for one.".into(),
                    ))
                }
            };
            say!("Calendar file saved to {}", saved.path);
        }
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
