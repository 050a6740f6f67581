//! `forumdesk reps ...`: inviting a rep to use Forum Desk on their own computer, the list of
//! reps' computers, removing one, each rep's exchange folder, and a rep's signed statement
//! for a tax year (`reps statement --rep NAME --tax-year YYYY --out FILE.pdf`).

use std::path::PathBuf;

use forumdesk_core::format_pence;
use forumdesk_core::Destination;
use serde::Serialize;

use crate::commands::table;
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum RepsCommand {
    /// Make an invitation file for one rep to use Forum Desk on their own computer. Prints the
    /// code on a line of its own starting "Code: ": tell it to the rep another way (a phone
    /// call or text), never in the same email as the file.
    Invite {
        /// The rep's name (or email).
        #[arg(long, value_name = "NAME")]
        rep: String,
        /// Where to write the invitation file.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// List reps' computers: current, replaced and removed.
    Computers {
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
    },
    /// Remove a rep's computer (by the number `reps computers` shows): its files are refused
    /// from now on, and the claims it was editing come back to this laptop.
    RemoveComputer { id: i64 },
    /// Set the folder shared with a rep (a folder both computers already sync). On a rep's
    /// own computer, sets theirs. An empty path clears it.
    ExchangeFolder {
        /// The rep's name (on the forum laptop).
        #[arg(long, value_name = "NAME")]
        rep: Option<String>,
        /// The folder.
        path: String,
    },
    /// A rep's signed statement for a tax year (6 April to 5 April): recognition payments
    /// kept apart from expenses repaid, by month, with the Carer's Allowance check for a rep
    /// who gets it.
    Statement {
        /// The rep's name, as in the members list.
        #[arg(long, value_name = "NAME")]
        rep: String,
        /// The year the tax year starts in: 2026 for 6 April 2026 to 5 April 2027.
        #[arg(long, value_name = "YYYY")]
        tax_year: i32,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
    },
}

#[derive(Serialize)]
struct Invited<'a> {
    file: &'a str,
    code: &'a str,
    rep: &'a str,
    expires: &'a str,
    claims_handed_over: usize,
}

pub fn run(cmd: RepsCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let json = std::env::args().any(|a| a == "--json");
    let mut store = access.store()?;
    match cmd {
        RepsCommand::Invite { rep, out } => {
            let rep_id = store.rep_named(&rep)?;
            let inv = store.rep_invite(rep_id, &out)?;
            if json {
                say!(
                    "{}",
                    serde_json::to_string_pretty(&Invited {
                        file: &inv.path,
                        code: &inv.code,
                        rep: &inv.rep_name,
                        expires: &inv.expires,
                        claims_handed_over: inv.claims_handed_over,
                    })
                    .map_err(|e| CliError::Failed(e.to_string()))?
                );
                return Ok(());
            }
            say!("Invitation for {} written to {}.", inv.rep_name, inv.path);
            say!("Code: {}", inv.code);
            say!(
                "Tell {} this code by phone or text, not in the email with the file. It works once, until {}.",
                inv.rep_name, inv.expires
            );
            if inv.claims_handed_over > 0 {
                say!(
                    "{} draft or returned claims go with it and are read-only here until they come back.",
                    inv.claims_handed_over
                );
            }
        }
        RepsCommand::Computers { json } => {
            let list = store.rep_computers()?;
            if json {
                say!(
                    "{}",
                    serde_json::to_string_pretty(&list)
                        .map_err(|e| CliError::Failed(e.to_string()))?
                );
                return Ok(());
            }
            if list.is_empty() {
                say!("No rep uses Forum Desk on their own computer yet.");
                return Ok(());
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|c| {
                    vec![
                        c.id.to_string(),
                        c.rep_name.clone(),
                        c.state.clone(),
                        c.enrolled_at.clone(),
                        c.fingerprint.clone(),
                    ]
                })
                .collect();
            say!(
                "{}",
                table::render(
                    &["ID", "Rep", "State", "Joined", "Fingerprint"],
                    &rows,
                    &[0]
                )
            );
        }
        RepsCommand::RemoveComputer { id } => {
            store.rep_computer_remove(id)?;
            say!("Removed. Files from that computer will be refused from now on.");
        }
        RepsCommand::Statement { rep, tax_year, out } => {
            let rep_id = store.rep_named(&rep)?;
            let saved = store.export_rep_statement(rep_id, tax_year, &Destination::File(out))?;
            let s = store.rep_statement(rep_id, tax_year)?;
            say!(
                "Signed statement for {}, tax year {}/{:02}: recognition payments {}, expenses repaid {}.",
                s.rep_name,
                tax_year,
                (tax_year + 1) % 100,
                format_pence(s.recognition_pence),
                format_pence(s.expenses_pence)
            );
            for m in &s.over_limit {
                say!(
                    "Carer's Allowance: {} averages {} a week, over the weekly earnings limit.",
                    m.month,
                    format_pence(m.weekly_average_pence)
                );
            }
            say!("Saved to {}", saved.path);
        }
        RepsCommand::ExchangeFolder { rep, path } => {
            let rep_id = match rep {
                Some(name) => Some(store.rep_named(&name)?),
                None => None,
            };
            store.exchange_folder_set(rep_id, &path)?;
            say!("Exchange folder set.");
        }
    }
    Ok(())
}
