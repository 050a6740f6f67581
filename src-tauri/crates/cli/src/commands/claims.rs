//! `forumdesk claims list|add|submit|approve|return|pay`: a rep's month of claims from the
//! command line. Each command is a thin layer over the core function the window calls, so
//! the rules and the words are the window's; this module only turns options into the core's
//! form, names the option a problem is about, and prints the answer.
//!
//! A claim's ID is the one `claims list` shows (and `"id"` in its JSON).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use forumdesk_core::model::{ClaimFilter, ClaimSummary, ClaimView, LineInput};
use forumdesk_core::{format_pence, uk_iso, CoreError, Store};
use serde::Serialize;

use crate::access::Access;
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
    /// Add a line to a rep's claim for a month and funder, starting the claim as a draft if
    /// there is none yet. The rep is whoever signed in (--as), unless a chair or treasurer
    /// types in a paper claim with --rep.
    Add(Box<AddArgs>),
    /// Submit a rep's claim for approval, agreeing to the forum's declaration.
    Submit {
        /// The month, exactly YYYY-MM.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// The funder, by its name as in Settings.
        #[arg(long, value_name = "NAME")]
        funder: String,
        /// I have read the forum's declaration and agree to it. Without it, the declaration
        /// is printed and nothing is submitted.
        #[arg(long)]
        agree: bool,
        /// A chair or treasurer submitting a paper claim they typed in: whose claim it is.
        #[arg(long, value_name = "NAME")]
        rep: Option<String>,
        /// Print the claim as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Approve a submitted claim (chair or treasurer, never the claimant nor whoever typed in
    /// their paper claim). The passphrase is asked for again, as in the window.
    Approve {
        /// The claim's ID, as `claims list` shows it.
        id: i64,
        /// Accept the claim's warnings. Without it, a claim with warnings is refused and the
        /// warnings are listed.
        #[arg(long)]
        accept_warnings: bool,
        /// Print the claim as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Send a submitted claim back to the rep with the reason (chair or treasurer).
    Return {
        /// The claim's ID, as `claims list` shows it.
        id: i64,
        /// Why it is being returned: the rep sees this.
        #[arg(long, value_name = "TEXT")]
        reason: String,
        /// Print the claim as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record that an approved claim has been paid (chair or treasurer, with the passphrase).
    Pay {
        /// The claim's ID, as `claims list` shows it.
        id: i64,
        /// The day it was paid: DD/MM/YYYY or YYYY-MM-DD.
        #[arg(long, value_name = "DD/MM/YYYY")]
        date: String,
        /// The payment's reference (the bank's or the finance system's).
        #[arg(long, value_name = "TEXT")]
        reference: String,
        /// Print the claim as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// A claim line, as the window's form has it. Figures are text: the core reads them, so a
/// mistake gets the window's words.
#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The month of the claim, exactly YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    /// The funder, by its name as in Settings.
    #[arg(long, value_name = "NAME")]
    funder: String,
    /// What is being claimed: time, mileage, fares, parking, childcare or other.
    #[arg(long, value_name = "KIND")]
    kind: String,
    /// The day: DD/MM/YYYY or YYYY-MM-DD.
    #[arg(long, value_name = "DD/MM/YYYY")]
    date: String,
    /// The meeting this was for (its ID in `meetings list`).
    #[arg(long, value_name = "ID")]
    meeting: Option<i64>,
    /// The other work this was for, when it was not a meeting.
    #[arg(long, value_name = "TEXT", default_value = "")]
    activity: String,
    /// time: minutes spent.
    #[arg(long, value_name = "N", default_value = "")]
    minutes: String,
    /// time: paid by the hour (hourly, the default), or a fixed half_day or full_day.
    #[arg(long, value_name = "BASIS", default_value = "")]
    basis: String,
    /// mileage: miles, to one decimal place (like 12.5).
    #[arg(long, value_name = "N", default_value = "")]
    miles: String,
    /// mileage: car, motorcycle or bicycle; the rep's usual vehicle when not given.
    #[arg(long, value_name = "VEHICLE", default_value = "")]
    vehicle: String,
    /// mileage: other forum people given a lift.
    #[arg(long, value_name = "N", default_value = "")]
    passengers: String,
    /// mileage: where the journey started.
    #[arg(long = "from", value_name = "TEXT", default_value = "")]
    from_place: String,
    /// mileage: where it went to.
    #[arg(long = "to", value_name = "TEXT", default_value = "")]
    to_place: String,
    /// childcare: hours of care (like 3.5).
    #[arg(long, value_name = "N", default_value = "")]
    hours: String,
    /// fares, parking, childcare, other: the amount in pounds (like 12.50).
    #[arg(long, value_name = "POUNDS", default_value = "")]
    amount: String,
    /// What it was (needed for "other").
    #[arg(long, value_name = "TEXT", default_value = "")]
    description: String,
    /// A receipt to attach: a JPEG or PNG photo, or a PDF.
    #[arg(long, value_name = "FILE")]
    receipt: Option<PathBuf>,
    /// A chair or treasurer typing in a paper claim: whose claim it is.
    #[arg(long, value_name = "NAME")]
    rep: Option<String>,
    /// Print the claim as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: ClaimsCommand, access: &Access) -> Result<(), CliError> {
    match cmd {
        ClaimsCommand::List {
            month,
            funder,
            json,
        } => list(access, &month, funder.as_deref(), json),
        ClaimsCommand::Add(args) => add(access, *args),
        ClaimsCommand::Submit {
            month,
            funder,
            agree,
            rep,
            json,
        } => submit(access, &month, &funder, agree, rep.as_deref(), json),
        ClaimsCommand::Approve {
            id,
            accept_warnings,
            json,
        } => approve(access, id, accept_warnings, json),
        ClaimsCommand::Return { id, reason, json } => {
            let mut store = access.store()?;
            let view = store.claim_return(id, &reason).map_err(worded)?;
            let done = format!("Claim {id} returned to {}.", view.summary.rep_name);
            show(&view, json, &done)
        }
        ClaimsCommand::Pay {
            id,
            date,
            reference,
            json,
        } => {
            let mut store = access.store()?;
            let passphrase = access.passphrase()?;
            let view = store
                .claim_mark_paid(id, &date, &reference, &passphrase)
                .map_err(worded)?;
            let done = format!(
                "Claim {id} recorded as paid on {}, reference {}.",
                view.paid_on.as_deref().map(uk_iso).unwrap_or_default(),
                view.payment_reference.as_deref().unwrap_or_default()
            );
            show(&view, json, &done)
        }
    }
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

fn list(access: &Access, month: &str, funder: Option<&str>, json: bool) -> Result<(), CliError> {
    let month = crate::args::month("--month", month)?;
    let store = access.store()?;
    let funder_id = match funder {
        Some(name) => Some(store.funder_by_name(name)?.id),
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
        say!("{}", to_json(&out)?);
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

/// Adds one line (and its receipt). Everything that can be wrong with what was typed is
/// checked before anything is written, so a refusal leaves no trace, not even a new draft.
fn add(access: &Access, a: AddArgs) -> Result<(), CliError> {
    let month = crate::args::month("--month", &a.month)?;
    let receipt = match &a.receipt {
        Some(path) => Some(read_receipt(path)?),
        None => None,
    };
    let mut store = access.store()?;
    let rep_id = claimant(&store, a.rep.as_deref())?;
    let funder_id = store
        .funder_by_name(&a.funder)
        .map_err(|e| CliError::about("--funder", e))?
        .id;
    let input = LineInput {
        line_date: a.date,
        kind: a.kind,
        meeting_id: a.meeting,
        activity: a.activity,
        description: a.description,
        minutes: a.minutes,
        time_basis: a.basis,
        from_place: a.from_place,
        to_place: a.to_place,
        miles: a.miles,
        vehicle: a.vehicle,
        passengers: a.passengers,
        hours: a.hours,
        // As the window's form: "£12.50" is 12.50.
        amount: a.amount.trim().trim_start_matches('£').to_string(),
    };
    store
        .line_check(rep_id, funder_id, &month, &input)
        .map_err(worded)?;
    let claim = store.claim_open(rep_id, funder_id, &month)?;
    let before: HashSet<i64> = claim.lines.iter().map(|l| l.id).collect();
    let mut view = store.line_add(claim.summary.id, &input).map_err(worded)?;
    let Some(line_id) = view
        .lines
        .iter()
        .find(|l| !before.contains(&l.id))
        .map(|l| l.id)
    else {
        return Err(CliError::Failed(
            "The line was saved but could not be found in the claim afterwards.".into(),
        ));
    };
    if let Some((name, bytes)) = &receipt {
        view = store.receipt_add(line_id, name, bytes).map_err(|e| {
            CliError::Failed(format!("The line was added, but the receipt was not: {e}"))
        })?;
    }
    let line = view
        .lines
        .iter()
        .find(|l| l.id == line_id)
        .expect("the line just added is in the claim");
    let mut done = format!(
        "Added line {} to claim {} ({}, {}, {}): {}, {}: {}{}.\nThe claim total is now {}.",
        line.number,
        view.summary.id,
        view.summary.rep_name,
        view.summary.funder_name,
        view.summary.month,
        uk_iso(&line.line_date),
        line.activity_label,
        format_pence(line.amount_pence),
        if line.details.is_empty() {
            String::new()
        } else {
            format!(" ({})", line.details)
        },
        format_pence(view.totals.total_pence)
    );
    for r in &line.receipts {
        done.push_str(&format!(
            "\nReceipt \u{201c}{}\u{201d} attached.",
            r.file_name
        ));
    }
    for w in &line.warnings {
        done.push_str(&format!("\nWarning: {}", w.message));
    }
    show(&view, a.json, &done)
}

fn submit(
    access: &Access,
    month: &str,
    funder: &str,
    agree: bool,
    rep: Option<&str>,
    json: bool,
) -> Result<(), CliError> {
    let month = crate::args::month("--month", month)?;
    let mut store = access.store()?;
    let rep_id = claimant(&store, rep)?;
    let funder = store
        .funder_by_name(funder)
        .map_err(|e| CliError::about("--funder", e))?;
    let claim = find_claim(&store, rep_id, funder.id, &month)?;
    let view = store
        .claim_submit(claim.id, agree)
        .map_err(|e| match e.field() {
            Some("declaration_agreed") => match declaration(&store) {
                Ok(text) => CliError::Worded {
                    message: format!(
                        "--agree: {e}\nThe declaration:\n  {text}\nIf you agree to it, run this again with --agree."
                    ),
                    error: e,
                },
                Err(other) => other,
            },
            _ => worded(e),
        })?;
    let done = format!(
        "Claim {} ({}, {}, {}) submitted for approval: {} lines, {}.",
        view.summary.id,
        view.summary.rep_name,
        view.summary.funder_name,
        view.summary.month,
        view.lines.len(),
        format_pence(view.totals.total_pence)
    );
    show(&view, json, &done)
}

fn approve(access: &Access, id: i64, accept: bool, json: bool) -> Result<(), CliError> {
    let mut store = access.store()?;
    let passphrase = access.passphrase()?;
    let view = store
        .claim_approve(id, accept, &passphrase)
        .map_err(|e| match e.field() {
            // Refused for want of --accept-warnings: list what is to be accepted.
            Some("accept_warnings") => match store.claim_get(id) {
                Ok(view) => {
                    let mut message = format!("--accept-warnings: {e}");
                    for w in &view.warnings {
                        message.push_str(&format!("\n  - {}", w.message));
                    }
                    message.push_str("\nTo accept them, run this again with --accept-warnings.");
                    CliError::Worded { error: e, message }
                }
                Err(other) => other.into(),
            },
            _ => worded(e),
        })?;
    let mut done = format!(
        "Claim {id} ({}, {}, {}) approved: {}.",
        view.summary.rep_name,
        view.summary.funder_name,
        view.summary.month,
        format_pence(view.totals.total_pence)
    );
    if !view.accepted_warnings.is_empty() {
        done.push_str("\nWarnings accepted:");
        for w in &view.accepted_warnings {
            done.push_str(&format!("\n  - {w}"));
        }
    }
    show(&view, json, &done)
}

/// Whose claim: the person signed in, or (for a chair or treasurer typing in a paper claim)
/// the rep named by `--rep`. Whether they may is the core's rule, checked when the claim is
/// opened.
fn claimant(store: &Store, rep: Option<&str>) -> Result<i64, CliError> {
    let Some(name) = rep else {
        return Ok(store.session_person()?.ok_or(CoreError::NoSession)?.id);
    };
    let wanted = name.trim().to_lowercase();
    store
        .people_list()?
        .into_iter()
        .find(|p| p.name.trim().to_lowercase() == wanted)
        .map(|p| p.id)
        .ok_or_else(|| {
            worded(CoreError::invalid(
                "rep_id",
                format!(
                    "There is no representative called \u{201c}{}\u{201d}. Write their name as the Representatives page shows it.",
                    name.trim()
                ),
            ))
        })
}

/// The rep's claim to the funder for the month, which must have been started (by adding a
/// line). Only the claim of exactly that rep: a rep naming someone else finds nothing.
fn find_claim(
    store: &Store,
    rep_id: i64,
    funder_id: i64,
    month: &str,
) -> Result<ClaimSummary, CliError> {
    store
        .claims_list(&ClaimFilter {
            month: month.to_string(),
            funder_id: Some(funder_id),
            rep_id: Some(rep_id),
            ..Default::default()
        })?
        .into_iter()
        .find(|c| c.rep_id == rep_id)
        .ok_or_else(|| {
            CoreError::NotFound(format!(
                "There is no claim for {month} to that funder yet. Add its lines first with `forumdesk claims add`."
            ))
            .into()
        })
}

/// The words a claimant agrees to: the forum's own, or Forum Desk's when it has none.
fn declaration(store: &Store) -> Result<String, CliError> {
    let own = store.forum_get()?.declaration;
    Ok(if own.trim().is_empty() {
        forumdesk_core::DEFAULT_DECLARATION.to_string()
    } else {
        own.trim().to_string()
    })
}

/// A receipt file, read and checked (photo or PDF, not too large) before anything changes.
fn read_receipt(path: &Path) -> Result<(String, Vec<u8>), CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::file("read", path, e))?;
    forumdesk_core::check_receipt(&bytes).map_err(|e| CliError::about("--receipt", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "receipt".into());
    Ok((name, bytes))
}

/// The core's refusal with each sentence after the option it is about.
fn worded(error: CoreError) -> CliError {
    CliError::worded(error, option_for)
}

/// The option that fills each of the core's fields.
fn option_for(field: &str) -> Option<&'static str> {
    Some(match field {
        "month" => "--month",
        "rep_id" => "--rep",
        "funder_id" => "--funder",
        "kind" => "--kind",
        "line_date" | "paid_on" => "--date",
        "meeting_id" => "--meeting",
        "activity" => "--meeting or --activity",
        "description" => "--description",
        "minutes" => "--minutes",
        "time_basis" => "--basis",
        "from_place" => "--from",
        "to_place" => "--to",
        "miles" => "--miles",
        "vehicle" => "--vehicle",
        "passengers" => "--passengers",
        "hours" => "--hours",
        "amount" => "--amount",
        "receipt" => "--receipt",
        "declaration_agreed" => "--agree",
        "accept_warnings" => "--accept-warnings",
        "reason" => "--reason",
        "reference" => "--reference",
        _ => return None,
    })
}

/// The claim as JSON for scripts, or `done` for people.
fn show(view: &ClaimView, json: bool, done: &str) -> Result<(), CliError> {
    if json {
        say!("{}", to_json(view)?);
    } else {
        say!("{done}");
    }
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Failed(e.to_string()))
}
