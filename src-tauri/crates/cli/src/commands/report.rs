//! `forumdesk report annual --year YYYY --out FILE.pdf [--csv FILE]`: the signed annual
//! report for the funders' year that starts in April of YYYY, and its figures as CSV.

use std::path::PathBuf;

use forumdesk_core::Destination;

use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// The signed annual report for the funders' year (April YYYY to March YYYY+1).
    Annual {
        /// The year the funders' year starts in, e.g. 2026 for April 2026 to March 2027.
        #[arg(long, value_name = "YYYY")]
        year: i32,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// Also save the report's figures as CSV.
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
    },
}

pub fn run(cmd: ReportCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let ReportCommand::Annual { year, out, csv } = cmd;
    let mut store = access.store()?;
    let saved = store.export_annual_report(year, &Destination::File(out))?;
    say!("Saved the signed annual report to {}", saved.path);
    if let Some(csv) = csv {
        let figures = store.annual_figures(year)?;
        let saved = store.export_report_csv(&figures, &Destination::File(csv))?;
        say!("Saved the figures to {}", saved.path);
    }
    Ok(())
}
