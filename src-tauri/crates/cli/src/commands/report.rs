//! `forumdesk report annual --year YYYY --out FILE.pdf [--csv FILE]`: the signed annual
//! report for the funders' year that starts in April of YYYY, and its figures as CSV.
//! `forumdesk report figures --from DD/MM/YYYY --to DD/MM/YYYY [--json] [--csv-dir DIR]`: the
//! figures for any dates, as the same tables the Reports screen shows, one CSV each.

use std::path::PathBuf;

use forumdesk_core::Destination;

use crate::commands::table;
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
    /// The figures for any dates, table by table, as the Reports screen shows them.
    Figures {
        #[arg(long, value_name = "DD/MM/YYYY")]
        from: String,
        #[arg(long, value_name = "DD/MM/YYYY")]
        to: String,
        /// Print the tables as JSON (each cell's text and, where it has one, its raw number).
        #[arg(long)]
        json: bool,
        /// Also save one CSV per table in this folder (made if missing).
        #[arg(long, value_name = "DIR")]
        csv_dir: Option<PathBuf>,
    },
}

pub fn run(cmd: ReportCommand, access: &crate::access::Access) -> Result<(), CliError> {
    match cmd {
        ReportCommand::Annual { year, out, csv } => annual(access, year, out, csv),
        ReportCommand::Figures {
            from,
            to,
            json,
            csv_dir,
        } => figures(access, &from, &to, json, csv_dir),
    }
}

fn annual(
    access: &crate::access::Access,
    year: i32,
    out: PathBuf,
    csv: Option<PathBuf>,
) -> Result<(), CliError> {
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

fn figures(
    access: &crate::access::Access,
    from: &str,
    to: &str,
    json: bool,
    csv_dir: Option<PathBuf>,
) -> Result<(), CliError> {
    // Dates are checked before the store is opened: a bad one is a usage error.
    let from = crate::args::date("--from", from)?.to_string();
    let to = crate::args::date("--to", to)?.to_string();
    let mut store = access.store()?;
    let tables = store.report_tables(&from, &to)?;
    if json {
        say!(
            "{}",
            serde_json::to_string_pretty(&tables).map_err(|e| CliError::Failed(e.to_string()))?
        );
    } else {
        for t in &tables.tables {
            say!("{}\n", t.title);
            if t.rows.is_empty() {
                say!("{}\n", t.empty);
                continue;
            }
            let headers: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
            let rows: Vec<Vec<String>> = t
                .rows
                .iter()
                .map(|r| r.iter().map(|c| c.text.clone()).collect())
                .collect();
            let right: Vec<usize> = (0..t.columns.len())
                .filter(|i| t.columns[*i].numeric)
                .collect();
            say!("{}\n", table::render(&headers, &rows, &right));
        }
    }
    if let Some(dir) = csv_dir {
        // The same tables, one file each, in the folder (made if missing).
        for saved in store.export_report_tables_csv(&from, &to, &Destination::Folder(dir))? {
            // On stderr with --json, so the JSON on stdout stays one document.
            if json {
                eprintln!("Saved {}", saved.path);
            } else {
                say!("Saved {}", saved.path);
            }
        }
    }
    Ok(())
}
