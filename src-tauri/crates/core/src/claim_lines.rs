//! Reading a claim's lines, with the warnings an approver must see: possible duplicates,
//! lines older than the age limit, missing receipts, childcare over the cap, and the same
//! receipt file on more than one line.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use crate::claims::{line_details, receipts_of};
use crate::dates;
use crate::error::Result;
use crate::model::{ClaimLine, ClaimSummary, Warning};
use crate::money::format_pence;

pub(crate) fn lines_of(
    conn: &Connection,
    claim_id: i64,
    claim: &ClaimSummary,
    submitted_at: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<ClaimLine>> {
    let mut stmt = conn.prepare(
        "SELECT l.id, l.claim_id, l.line_date, l.kind, l.meeting_id,
                CASE WHEN l.meeting_id IS NULL THEN l.activity ELSE mt.title || ' (' || g.name || ')' END,
                l.description, l.minutes, l.time_basis, l.rate_pence, l.from_place, l.to_place, l.miles_tenths, l.vehicle,
                l.passengers, l.first_band_tenths, l.after_band_tenths, l.first_band_pence, l.after_band_pence,
                l.passenger_pence, l.entered_pence, l.cap_pence, l.amount_pence, l.reverses_line_id,
                (SELECT r.id FROM claim_lines r WHERE r.reverses_line_id = l.id),
                p.claim_age_limit_months, p.receipt_threshold_pence
         FROM claim_lines l
         LEFT JOIN meetings mt ON mt.id = l.meeting_id LEFT JOIN groups g ON g.id = mt.group_id
         LEFT JOIN policies p ON p.id = l.policy_id
         WHERE l.claim_id = ?1
         ORDER BY coalesce((SELECT o.line_date FROM claim_lines o WHERE o.id = l.reverses_line_id), l.line_date),
                  coalesce(l.reverses_line_id, l.id), l.id",
    )?;
    let rows: Vec<(ClaimLine, Option<i64>, Option<i64>)> = stmt
        .query_map([claim_id], |r| {
            Ok((
                ClaimLine {
                    id: r.get(0)?,
                    claim_id: r.get(1)?,
                    line_date: r.get(2)?,
                    kind: r.get(3)?,
                    meeting_id: r.get(4)?,
                    activity: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                    description: r.get(6)?,
                    minutes: r.get(7)?,
                    time_basis: r.get(8)?,
                    rate_pence: r.get(9)?,
                    from_place: r.get(10)?,
                    to_place: r.get(11)?,
                    miles_tenths: r.get(12)?,
                    vehicle: r.get(13)?,
                    passengers: r.get(14)?,
                    first_band_tenths: r.get(15)?,
                    after_band_tenths: r.get(16)?,
                    first_band_pence: r.get(17)?,
                    after_band_pence: r.get(18)?,
                    passenger_pence: r.get(19)?,
                    entered_pence: r.get(20)?,
                    cap_pence: r.get(21)?,
                    amount_pence: r.get(22)?,
                    details: String::new(),
                    reverses_line_id: r.get(23)?,
                    reversed_by_line_id: r.get(24)?,
                    receipts: vec![],
                    warnings: vec![],
                },
                r.get(25)?,
                r.get(26)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // The age limit is measured from when the claim was submitted, or from today for drafts.
    let reference = submitted_at
        .and_then(|s| dates::parse_date("x", s.get(..10).unwrap_or("")).ok())
        .unwrap_or(today);
    let mut out = Vec::with_capacity(rows.len());
    for (mut l, age_limit, threshold) in rows {
        l.details = line_details(&l);
        l.receipts = receipts_of(conn, l.id)?;
        l.warnings = warnings_for(
            conn,
            &l,
            claim.rep_id,
            reference,
            age_limit.unwrap_or(3),
            threshold.unwrap_or(0),
        )?;
        out.push(l);
    }
    Ok(out)
}

fn warnings_for(
    conn: &Connection,
    l: &ClaimLine,
    rep_id: i64,
    reference: NaiveDate,
    age_limit_months: i64,
    receipt_threshold: i64,
) -> Result<Vec<Warning>> {
    let mut w = Vec::new();
    let warn = |code: &str, message: String| Warning {
        line_id: l.id,
        code: code.into(),
        message,
    };
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
            w.push(warn(
                "duplicate",
                format!(
                    "Possible duplicate: line {} has the same date ({}), kind and amount ({}) as line {}.",
                    l.id,
                    dates::uk(date),
                    format_pence(l.amount_pence),
                    dups.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        let limit = dates::months_before(reference, age_limit_months.clamp(0, 1200) as u32);
        if date < limit {
            w.push(warn(
                "too_old",
                format!(
                    "Line {} is from {}, more than {} months before the claim. The policy says claims should be made within {} months.",
                    l.id,
                    dates::uk(date),
                    age_limit_months,
                    age_limit_months
                ),
            ));
        }
        let needs_receipt = match l.kind.as_str() {
            "childcare" => true,
            "fares" | "parking" | "other" => l.amount_pence > receipt_threshold,
            _ => false,
        };
        if needs_receipt && l.receipts.is_empty() {
            w.push(warn(
                "missing_receipt",
                format!(
                    "Line {} ({}, {}) needs a receipt and has none.",
                    l.id,
                    l.kind,
                    format_pence(l.amount_pence)
                ),
            ));
        }
        if l.kind == "childcare" && l.entered_pence.unwrap_or(0) > l.cap_pence.unwrap_or(0) {
            w.push(warn(
                "over_cap",
                format!(
                    "Line {}: childcare cost {}, more than the cap of {} for those hours. {} is claimed.",
                    l.id,
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
                "same_receipt",
                format!(
                    "Line {}: the receipt {} is the very same file as one on line {}.",
                    l.id,
                    r.file_name,
                    r.same_file_on_lines
                        .iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    Ok(w)
}
