//! Reading claims back: the list rows, and one whole claim as the window shows it, with its
//! numbered lines, their warnings and totals, and what the person using the app may do now.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::describe::line_details;
use super::kinds::{ClaimStatus, LineKind};
use super::lines::{line_label, number_sql, select_list, LineFields};
use super::warnings::warnings_for;
use crate::model::{CategoryTotals, ClaimLine, ClaimSummary, ClaimView, Person, ReceiptInfo};
use crate::money::time_to_pay::days_between_sql;
use crate::store::{CoreError, Result};
use crate::text::dates;

pub(crate) fn summaries(
    conn: &Connection,
    filter: &str,
    p: impl rusqlite::Params,
) -> Result<Vec<ClaimSummary>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT c.id, c.rep_id, CASE WHEN m.erased_on IS NULL THEN m.name ELSE m.anon_ref END AS rep_name,
                c.funder_id, f.name, c.month,
                -- On a rep's own computer a sent claim shows where the forum has got with it
                -- (from the last forum update); on the forum laptop forum_claims is empty.
                CASE WHEN c.status = 'submitted' AND fc.status IN ('approved', 'paid') THEN fc.status
                     ELSE c.status END AS status,
                coalesce((SELECT sum(amount_pence) FROM claim_lines WHERE claim_id = c.id), 0),
                (SELECT count(*) FROM claim_lines WHERE claim_id = c.id),
                c.with_rep, substr(c.submitted_at, 1, 10), {to_approval}, {to_payment}
         FROM claims c JOIN members m ON m.id = c.rep_id JOIN funders f ON f.id = c.funder_id
              LEFT JOIN forum_claims fc ON fc.funder_id = c.funder_id AND fc.month = c.month
         WHERE {filter}",
        to_approval = days_between_sql("c.approved_at"),
        to_payment = days_between_sql("c.paid_on"),
    ))?;
    let rows = stmt.query_map(p, |r| {
        Ok(ClaimSummary {
            id: r.get(0)?,
            rep_id: r.get(1)?,
            rep_name: r.get(2)?,
            funder_id: r.get(3)?,
            funder_name: r.get(4)?,
            month: r.get(5)?,
            status: r.get(6)?,
            total_pence: r.get(7)?,
            line_count: r.get(8)?,
            with_rep: r.get(9)?,
            submitted_on: r.get(10)?,
            days_to_approval: r.get(11)?,
            days_to_payment: r.get(12)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The whole claim as the window shows it, with what `me` may do with it.
pub(crate) fn claim_view(
    conn: &Connection,
    id: i64,
    me: Option<&Person>,
    today: NaiveDate,
) -> Result<ClaimView> {
    let summary = summaries(conn, "c.id = ?1", [id])?
        .pop()
        .ok_or_else(|| CoreError::NotFound("That claim could not be found.".into()))?;
    // Who did what to the claim and when; what `me` may do is worked out below.
    let v = conn.query_row(
        "SELECT c.declaration, c.submitted_at, c.returned_reason,
                CASE WHEN rb.erased_on IS NULL THEN rb.name ELSE rb.anon_ref END, c.returned_at,
                CASE WHEN ab.erased_on IS NULL THEN ab.name ELSE ab.anon_ref END, c.approved_at, c.accepted_warnings,
                c.paid_on, c.payment_reference,
                CASE WHEN sb.erased_on IS NULL THEN sb.name ELSE sb.anon_ref END, c.submitted_by
         FROM claims c LEFT JOIN members rb ON rb.id = c.returned_by LEFT JOIN members ab ON ab.id = c.approved_by
              LEFT JOIN members sb ON sb.id = c.submitted_by
         WHERE c.id = ?1",
        [id],
        |r| {
            Ok((r.get::<_, Option<i64>>(11)?, ClaimView {
                summary: summary.clone(),
                lines: Vec::new(),
                warnings: Vec::new(),
                readiness_warnings: Vec::new(),
                earnings_warning: None,
                totals: CategoryTotals::default(),
                declaration: r.get(0)?,
                submitted_at: r.get(1)?,
                returned_reason: r.get(2)?,
                returned_by_name: r.get(3)?,
                returned_at: r.get(4)?,
                approved_by_name: r.get(5)?,
                approved_at: r.get(6)?,
                accepted_warnings: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
                paid_on: r.get(8)?,
                payment_reference: r.get(9)?,
                submitted_by_name: r.get(10)?,
                can_edit: false,
                can_submit: false,
                can_approve: false,
                can_mark_paid: false,
                approve_blocked_reason: None,
            }))
        },
    )?;
    let (submitted_by, mut v) = v;
    v.lines = lines_of(conn, id, summary.rep_id, v.submitted_at.as_deref(), today)?;
    v.warnings = v.lines.iter().flat_map(|l| l.warnings.clone()).collect();
    // Budgets are the officers' business, and only matter while the claim awaits approval.
    if summary.status == ClaimStatus::Submitted && me.is_some_and(|p| p.can_approve()) {
        v.warnings
            .extend(crate::money::budgets::approval_warnings(conn, id)?);
    }
    v.readiness_warnings = crate::reps::readiness::claim_warnings(conn, id, summary.rep_id)?;
    v.totals = category_totals(&v.lines);
    let status = summary.status;
    let is_approver = me.is_some_and(|p| p.can_approve());
    let is_claimant = me.is_some_and(|p| p.id == summary.rep_id);
    v.approve_blocked_reason = if status != ClaimStatus::Submitted {
        Some("Only submitted claims can be approved.".to_string())
    } else if is_claimant {
        Some(
            "You cannot approve your own claim. Another chair or treasurer must approve it."
                .to_string(),
        )
    } else if !is_approver {
        Some("Only a chair or treasurer can approve claims.".to_string())
    } else if me.is_some_and(|p| Some(p.id) == submitted_by) {
        Some(
            "You typed in this paper claim for the representative, so another chair or treasurer must approve it."
                .to_string(),
        )
    } else {
        None
    };
    v.can_edit = status.is_editable() && (is_claimant || is_approver);
    v.can_submit = v.can_edit && !v.lines.is_empty();
    if v.can_edit {
        v.earnings_warning = crate::money::carers::submit_warning(conn, id)?;
    }
    v.can_approve = v.approve_blocked_reason.is_none();
    v.can_mark_paid = status == ClaimStatus::Approved && is_approver && !is_claimant;
    Ok(v)
}

/// A claim's lines in number order, each with its receipts, its description in words and
/// the warnings an approver must see.
fn lines_of(
    conn: &Connection,
    claim_id: i64,
    rep_id: i64,
    submitted_at: Option<&str>,
    today: NaiveDate,
) -> Result<Vec<ClaimLine>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT l.id, l.claim_id, {number} AS number, {cols},
                CASE WHEN l.meeting_id IS NULL THEN l.activity ELSE mt.title || ' (' || g.name || ')' END AS activity_label,
                (SELECT r.id FROM claim_lines r WHERE r.reverses_line_id = l.id) AS reversed_by,
                p.claim_age_limit_months, p.receipt_threshold_pence
         FROM claim_lines l
         LEFT JOIN meetings mt ON mt.id = l.meeting_id LEFT JOIN groups g ON g.id = mt.group_id
         LEFT JOIN policies p ON p.id = l.policy_id
         WHERE l.claim_id = ?1
         ORDER BY l.line_date, l.id",
        number = number_sql("l"),
        cols = select_list("l"),
    ))?;
    let rows: Vec<(ClaimLine, Option<i64>, Option<i64>)> = stmt
        .query_map([claim_id], |r| {
            Ok((
                ClaimLine {
                    id: r.get("id")?,
                    claim_id: r.get("claim_id")?,
                    number: r.get("number")?,
                    fields: LineFields::from_row(r)?,
                    activity_label: r
                        .get::<_, Option<String>>("activity_label")?
                        .unwrap_or_default(),
                    details: String::new(),
                    reversed_by_line_id: r.get("reversed_by")?,
                    reverses_label: None,
                    receipts: vec![],
                    warnings: vec![],
                },
                r.get("claim_age_limit_months")?,
                r.get("receipt_threshold_pence")?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // The age limit is measured from when the claim was submitted, or from today for drafts.
    let reference = submitted_at
        .and_then(|s| dates::parse_date("submitted_at", s.get(..10).unwrap_or("")).ok())
        .unwrap_or(today);
    let mut out = Vec::with_capacity(rows.len());
    for (mut l, age_limit, threshold) in rows {
        l.details = line_details(&l.fields);
        l.reverses_label = match l.reverses_line_id {
            Some(orig) => Some(line_label(conn, orig, claim_id)?),
            None => None,
        };
        l.receipts = receipts_of(conn, l.id, claim_id)?;
        l.warnings = warnings_for(
            conn,
            &l,
            rep_id,
            reference,
            age_limit.unwrap_or(3),
            threshold.unwrap_or(0),
        )?;
        out.push(l);
    }
    Ok(out)
}

pub fn category_totals(lines: &[ClaimLine]) -> CategoryTotals {
    let mut t = CategoryTotals::default();
    for l in lines {
        let slot = match l.kind {
            LineKind::Time => &mut t.time_pence,
            LineKind::Mileage => &mut t.mileage_pence,
            LineKind::Fares | LineKind::Parking => &mut t.fares_parking_pence,
            LineKind::Childcare => &mut t.childcare_pence,
            LineKind::Other => &mut t.other_pence,
        };
        *slot += l.amount_pence;
        t.total_pence += l.amount_pence;
    }
    t
}

/// A line's receipts, each with the other lines (as people name them) that carry the very
/// same file.
pub(crate) fn receipts_of(
    conn: &Connection,
    line_id: i64,
    claim_id: i64,
) -> Result<Vec<ReceiptInfo>> {
    let mut stmt = conn.prepare(
        "SELECT id, file_name, mime, size_bytes, sha256 FROM receipts WHERE line_id = ?1 ORDER BY id",
    )?;
    let rows: Vec<(ReceiptInfo, String)> = stmt
        .query_map([line_id], |r| {
            Ok((
                ReceiptInfo {
                    id: r.get(0)?,
                    file_name: r.get(1)?,
                    mime: r.get(2)?,
                    size_bytes: r.get(3)?,
                    same_file_on_lines: vec![],
                },
                r.get(4)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::new();
    for (mut info, sha) in rows {
        let others: Vec<i64> = conn
            .prepare("SELECT DISTINCT line_id FROM receipts WHERE sha256 = ?1 AND line_id <> ?2 ORDER BY line_id")?
            .query_map(params![sha, line_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        info.same_file_on_lines = others
            .into_iter()
            .map(|other| line_label(conn, other, claim_id))
            .collect::<Result<_>>()?;
        out.push(info);
    }
    Ok(out)
}
