//! `forumdesk reps statement --rep NAME --tax-year YYYY --out FILE.pdf`: a rep's signed
//! statement for the tax year that starts in April of YYYY.

use std::path::PathBuf;

use forumdesk_core::format_pence;
use forumdesk_core::Destination;

use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum RepsCommand {
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

pub fn run(cmd: RepsCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let RepsCommand::Statement { rep, tax_year, out } = cmd;
    let mut store = access.store()?;
    let wanted = rep.trim().to_lowercase();
    let found = store
        .reps_list()?
        .into_iter()
        .find(|r| r.name.to_lowercase() == wanted)
        .ok_or_else(|| CliError::Input(format!("There is no rep called \"{}\".", rep.trim())))?;
    let saved = store.export_rep_statement(found.member_id, tax_year, &Destination::File(out))?;
    let s = store.rep_statement(found.member_id, tax_year)?;
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
    Ok(())
}
