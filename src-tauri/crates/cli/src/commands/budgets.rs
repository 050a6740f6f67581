//! `forumdesk budgets list|add|remove`: each funder's grants, with what approved and paid
//! lines have spent of them. The rules (officers only, a real amount, a period that ends
//! after it starts, at least one kind of cost) are the core's; this file only reads the
//! options and prints.

use forumdesk_core::model::{Budget, BudgetInput};
use forumdesk_core::{format_pence, uk_iso, CoreError};
use serde::Serialize;

use crate::access::Access;
use crate::commands::table;
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum BudgetsCommand {
    /// Every funder's budgets (or one funder's), with spend to date and what is left.
    List {
        /// Only this funder's budgets (its name as in Settings).
        #[arg(long, value_name = "NAME")]
        funder: Option<String>,
        /// Print a JSON array for scripts instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Add a funder's grant: its amount, its period and the kinds of cost it pays for.
    Add(AddArgs),
    /// Remove a budget by the number `budgets list` shows. Spend is worked out from claim
    /// lines, so no claim changes.
    Remove {
        #[arg(long, value_name = "NUMBER")]
        id: i64,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The funder, by its name as in Settings.
    #[arg(long, value_name = "NAME")]
    funder: String,
    /// A name for the grant, such as "Grant 2026/27".
    #[arg(long, value_name = "NAME")]
    name: String,
    /// The grant's amount in pounds, such as 12000 or £12,000.00.
    #[arg(long, value_name = "POUNDS")]
    amount: String,
    /// First day of the grant's period (DD/MM/YYYY).
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Last day of the grant's period (DD/MM/YYYY).
    #[arg(long, value_name = "DATE")]
    to: String,
    /// What the grant may pay for, separated by commas: time, travel, childcare, other
    /// (travel covers mileage, fares and parking).
    #[arg(long, value_name = "KINDS", value_delimiter = ',', required = true)]
    pays: Vec<Pays>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Pays {
    Time,
    Travel,
    Childcare,
    Other,
}

#[derive(Serialize)]
struct BudgetJson {
    id: i64,
    funder_id: i64,
    funder: String,
    name: String,
    amount_pence: i64,
    starts_on: String,
    ends_on: String,
    pays: Vec<&'static str>,
    spent_pence: i64,
    left_pence: i64,
    percent_spent: i64,
}

pub fn run(cmd: BudgetsCommand, access: &Access) -> Result<(), CliError> {
    match cmd {
        BudgetsCommand::List { funder, json } => list(access, funder.as_deref(), json),
        BudgetsCommand::Add(args) => add(access, args),
        BudgetsCommand::Remove { id } => {
            let mut store = access.store()?;
            let budget = store
                .budget_get(id)
                .map_err(|e| CliError::about("--id", e))?;
            store.budget_delete(id)?;
            say!(
                "Removed the budget \"{}\" ({}). No claim changed.",
                budget.name,
                budget.funder_name
            );
            Ok(())
        }
    }
}

fn pays_of(b: &Budget) -> Vec<&'static str> {
    [
        (b.pays_time, "time"),
        (b.pays_travel, "travel"),
        (b.pays_childcare, "childcare"),
        (b.pays_other, "other"),
    ]
    .into_iter()
    .filter(|(yes, _)| *yes)
    .map(|(_, name)| name)
    .collect()
}

fn list(access: &Access, funder: Option<&str>, json: bool) -> Result<(), CliError> {
    let store = access.store()?;
    let funder_id = match funder {
        Some(name) => Some(
            store
                .funder_by_name(name)
                .map_err(|e| CliError::about("--funder", e))?
                .id,
        ),
        None => None,
    };
    let budgets = store.budgets_list(funder_id)?;
    if json {
        let out: Vec<BudgetJson> = budgets
            .iter()
            .map(|b| BudgetJson {
                id: b.id,
                funder_id: b.funder_id,
                funder: b.funder_name.clone(),
                name: b.name.clone(),
                amount_pence: b.amount_pence,
                starts_on: b.starts_on.clone(),
                ends_on: b.ends_on.clone(),
                pays: pays_of(b),
                spent_pence: b.spent_pence,
                left_pence: b.left_pence,
                percent_spent: b.percent_spent,
            })
            .collect();
        say!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| CliError::Failed(e.to_string()))?
        );
        return Ok(());
    }
    if budgets.is_empty() {
        say!("No budgets yet. Add one with `forumdesk budgets add`.");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = budgets
        .iter()
        .map(|b| {
            vec![
                b.id.to_string(),
                b.funder_name.clone(),
                b.name.clone(),
                format!("{} to {}", uk_iso(&b.starts_on), uk_iso(&b.ends_on)),
                pays_of(b).join(", "),
                format_pence(b.amount_pence),
                format_pence(b.spent_pence),
                format_pence(b.left_pence),
                format!("{}%", b.percent_spent),
            ]
        })
        .collect();
    say!(
        "{}",
        table::render(
            &[
                "No.", "Funder", "Budget", "Period", "Pays for", "Amount", "Spent", "Left",
                "Spent %"
            ],
            &rows,
            &[0, 5, 6, 7, 8]
        )
    );
    Ok(())
}

fn add(access: &Access, a: AddArgs) -> Result<(), CliError> {
    let mut store = access.store()?;
    let funder_id = store
        .funder_by_name(&a.funder)
        .map_err(|e| CliError::about("--funder", e))?
        .id;
    let input = BudgetInput {
        id: None,
        funder_id,
        name: a.name,
        // As the window's form: "£12,000" is 12,000 pounds.
        amount: a.amount.trim().trim_start_matches('£').to_string(),
        starts_on: a.from,
        ends_on: a.to,
        pays_time: a.pays.contains(&Pays::Time),
        pays_travel: a.pays.contains(&Pays::Travel),
        pays_childcare: a.pays.contains(&Pays::Childcare),
        pays_other: a.pays.contains(&Pays::Other),
    };
    let b = store.budget_save(&input).map_err(worded)?;
    say!(
        "Added budget {}: \"{}\" for {}, {} from {} to {} ({} spent so far).",
        b.id,
        b.name,
        b.funder_name,
        format_pence(b.amount_pence),
        uk_iso(&b.starts_on),
        uk_iso(&b.ends_on),
        format_pence(b.spent_pence)
    );
    Ok(())
}

/// The core's refusal with each sentence after the option it is about.
fn worded(error: CoreError) -> CliError {
    CliError::worded(error, option_for)
}

/// The option that fills each of the core's budget fields.
fn option_for(field: &str) -> Option<&'static str> {
    Some(match field {
        "name" => "--name",
        "amount" => "--amount",
        "starts_on" => "--from",
        "ends_on" => "--to",
        "funder_id" => "--funder",
        "pays_time" => "--pays",
        _ => return None,
    })
}
