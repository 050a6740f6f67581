//! The warnings an approver must see on a line: a possible duplicate, a line older than the
//! age limit, a missing receipt, childcare over the cap, and the same receipt file on more
//! than one line. Lines are named by their number in the claim, never by database id.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::kinds::LineKind;
use super::lines::line_label;
use crate::model::{ClaimLine, Warning};
use crate::store::Result;
use crate::text::{choice, dates, format_pence};

choice! {
    /// What a warning is about.
    pub enum WarningCode ("warning") {
        Duplicate = "duplicate", "Possible duplicate";
        TooOld = "too_old", "Older than the claim age limit";
        MissingReceipt = "missing_receipt", "Missing receipt";
        OverCap = "over_cap", "Childcare over the cap";
        SameReceipt = "same_receipt", "Same receipt on another line";
        BudgetPast90 = "budget_past_90", "Takes a budget past 90%";
        BudgetPast100 = "budget_past_100", "Takes a budget past 100%";
    }
}

pub(crate) fn warnings_for(
    conn: &Connection,
    l: &ClaimLine,
    rep_id: i64,
    reference: NaiveDate,
    age_limit_months: i64,
    receipt_threshold: i64,
) -> Result<Vec<Warning>> {
    let mut w = Vec::new();
    let warn = |code: WarningCode, message: String| Warning {
        line_id: Some(l.id),
        code,
        message,
    };
    let n = l.number;
    let date = dates::parse_date("line_date", &l.line_date)?;
    let is_reversal = l.reverses_line_id.is_some();
    if !is_reversal && l.reversed_by_line_id.is_none() {
        let dups: Vec<i64> = conn
            .prepare(
                "SELECT o.id FROM claim_lines o JOIN claims c ON c.id = o.claim_id
                 WHERE c.rep_id = ?1 AND o.line_date = ?2 AND o.kind = ?3 AND o.amount_pence = ?4 AND o.id <> ?5
                   AND +o.reverses_line_id IS NULL -- unary + keeps SQLite on the date index
                   AND NOT EXISTS (SELECT 1 FROM claim_lines r WHERE r.reverses_line_id = o.id)
                 ORDER BY o.id",
            )?
            .query_map(params![rep_id, l.line_date, l.kind, l.amount_pence, l.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if !dups.is_empty() {
            let others = dups
                .iter()
                .map(|d| line_label(conn, *d, l.claim_id))
                .collect::<Result<Vec<_>>>()?;
            w.push(warn(
                WarningCode::Duplicate,
                format!(
                    "Possible duplicate: line {n} has the same date ({}), kind and amount ({}) as {}.",
                    dates::uk(date),
                    format_pence(l.amount_pence),
                    others.join(", ")
                ),
            ));
        }
        let limit = dates::months_before(reference, age_limit_months.clamp(0, 1200) as u32);
        if date < limit {
            w.push(warn(
                WarningCode::TooOld,
                format!(
                    "Line {n} is from {}, more than {age_limit_months} months before the claim. The policy says claims should be made within {age_limit_months} months.",
                    dates::uk(date),
                ),
            ));
        }
        let needs_receipt = match l.kind {
            LineKind::Childcare => true,
            k if k.is_typed_amount() => l.amount_pence > receipt_threshold,
            _ => false,
        };
        if needs_receipt && l.receipts.is_empty() {
            w.push(warn(
                WarningCode::MissingReceipt,
                format!(
                    "Line {n} ({}, {}) needs a receipt and has none.",
                    l.kind.label().to_lowercase(),
                    format_pence(l.amount_pence)
                ),
            ));
        }
        if l.kind == LineKind::Childcare && l.entered_pence.unwrap_or(0) > l.cap_pence.unwrap_or(0)
        {
            w.push(warn(
                WarningCode::OverCap,
                format!(
                    "Line {n}: childcare cost {}, more than the cap of {} for those hours. {} is claimed.",
                    format_pence(l.entered_pence.unwrap_or(0)),
                    format_pence(l.cap_pence.unwrap_or(0)),
                    format_pence(l.amount_pence)
                ),
            ));
        }
    }
    for r in &l.receipts {
        if !r.same_file_on_lines.is_empty() {
            w.push(warn(
                WarningCode::SameReceipt,
                format!(
                    "Line {n}: the receipt {} is the very same file as one on {}.",
                    r.file_name,
                    r.same_file_on_lines.join(", ")
                ),
            ));
        }
    }
    Ok(w)
}
