//! `forumdesk claims list --month YYYY-MM [--funder NAME] [--json]`.

use forumdesk_core::format_pence;
use forumdesk_core::model::ClaimFilter;
use serde::Serialize;

use crate::commands::table;
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum ClaimsCommand {
    /// List the claims for a month.
    List {
        /// The month, exactly YYYY-MM (like 2026-10).
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// Only this funder's claims (its name as in Settings).
        #[arg(long, value_name = "NAME")]
        funder: Option<String>,
        /// Print a JSON array for scripts instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct ClaimJson {
    id: i64,
    rep: String,
    funder: String,
    month: String,
    status: String,
    total_pence: i64,
    total: String,
    lines: i64,
    /// The day it was submitted, and the days from then to approval and to payment.
    submitted_on: Option<String>,
    days_to_approval: Option<i64>,
    days_to_payment: Option<i64>,
}

pub fn run(cmd: ClaimsCommand, access: &crate::access::Access) -> Result<(), CliError> {
    let ClaimsCommand::List {
        month,
        funder,
        json,
    } = cmd;
    let month = crate::args::month("--month", &month)?;
    let store = access.store()?;
    let funder_id = match funder {
        Some(name) => Some(store.funder_by_name(&name)?.id),
        None => None,
    };
    let claims = store.claims_list(&ClaimFilter {
        month,
        funder_id,
        ..Default::default()
    })?;
    if json {
        let out: Vec<ClaimJson> = claims
            .into_iter()
            .map(|c| ClaimJson {
                id: c.id,
                total: format_pence(c.total_pence),
                rep: c.rep_name,
                funder: c.funder_name,
                month: c.month,
                status: c.status.as_str().to_string(),
                total_pence: c.total_pence,
                lines: c.line_count,
                submitted_on: c.submitted_on,
                days_to_approval: c.days_to_approval,
                days_to_payment: c.days_to_payment,
            })
            .collect();
        say!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| CliError::Failed(e.to_string()))?
        );
        return Ok(());
    }
    if claims.is_empty() {
        say!("No claims for that month.");
        return Ok(());
    }
    let total: i64 = claims.iter().map(|c| c.total_pence).sum();
    let rows: Vec<Vec<String>> = claims
        .iter()
        .map(|c| {
            vec![
                c.id.to_string(),
                c.rep_name.clone(),
                c.funder_name.clone(),
                c.month.clone(),
                c.status.as_str().to_string(),
                c.line_count.to_string(),
                format_pence(c.total_pence),
            ]
        })
        .collect();
    say!(
        "{}",
        table::render(
            &["ID", "Rep", "Funder", "Month", "Status", "Lines", "Total"],
            &rows,
            &[0, 5, 6]
        )
    );
    say!("\n{} claims, {} in all.", claims.len(), format_pence(total));
    Ok(())
}
