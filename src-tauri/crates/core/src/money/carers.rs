//! Carer's Allowance. A rep can record, privately, that they get it; only they and the
//! officers see that. Then each calendar month's recognition payments (time lines: earnings,
//! never expenses repaid) are compared with the weekly earnings limit, which is dated data:
//! the month × 12 ÷ 52 against the limit in force at the month's end, warning when strictly
//! over. A payment counts in the month it was paid; before payment, in the claim's month.
//! The comparison is exact: month × 12 > limit × 52, in pence.
//!
//! The wording says what the rules are and who to ask. It never gives advice.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::model::EarningsMonth;
use crate::store::{CoreError, Result, Store};
use crate::text::{dates, div_round, format_pence};

/// A rep's claim lines with the date each counts on: the day it was paid, or before payment
/// the last day of the claim's month. Claims count once submitted (a draft or returned claim
/// does not, unless it is `?2`, the one about to be submitted). `?1` is the rep.
///
/// On a rep's own computer a claim stays "submitted" there once sent; the forum's updates
/// say when it was paid (`forum_claims`, empty on the forum laptop), and that is the day it
/// counts on, as it does on the forum laptop.
pub(crate) const COUNTED_LINES: &str = "SELECT l.kind AS kind, l.amount_pence AS amount_pence,
        c.id AS claim_id,
        (c.status = 'paid' OR f.paid_on IS NOT NULL) AS paid,
        CASE WHEN c.status = 'paid' THEN c.paid_on
             WHEN f.paid_on IS NOT NULL THEN f.paid_on
             ELSE date(c.month || '-01', '+1 month', '-1 day') END AS counted_on
     FROM claim_lines l JOIN claims c ON c.id = l.claim_id
     LEFT JOIN forum_claims f ON f.funder_id = c.funder_id AND f.month = c.month AND f.status = 'paid'
     WHERE c.rep_id = ?1 AND (c.status IN ('submitted', 'approved', 'paid') OR c.id IS ?2)";

/// Strictly over the weekly limit on average: month × 12 ÷ 52 > limit, without dividing.
pub fn over_weekly_limit(month_pence: i64, weekly_limit_pence: i64) -> bool {
    month_pence as i128 * 12 > weekly_limit_pence as i128 * 52
}

/// A month's payments as a weekly average (× 12 ÷ 52), to the penny, for showing.
pub(crate) fn weekly_average(month_pence: i64) -> i64 {
    div_round(month_pence * 12, 52)
}

/// The weekly earnings limit in force on a date, if one is recorded from then.
pub(crate) fn weekly_limit_on(conn: &Connection, on: NaiveDate) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT weekly_limit_pence FROM carers_allowance_limits WHERE effective_from <= ?1
             ORDER BY effective_from DESC LIMIT 1",
            [dates::iso(on)],
            |r| r.get(0),
        )
        .optional()?)
}

/// The last day of a `YYYY-MM` month.
pub(crate) fn month_end(month: &str) -> Result<NaiveDate> {
    let (y, m) = dates::parse_month("month", month)?;
    let first = NaiveDate::from_ymd_opt(y, m, 1)
        .ok_or_else(|| CoreError::invalid("month", "That is not a month."))?;
    Ok(first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(first))
}

pub(crate) fn has_carers_allowance(conn: &Connection, rep_id: i64) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT carers_allowance FROM reps WHERE member_id = ?1",
            [rep_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(false))
}

/// One calendar month of a rep's recognition payments against the limit; `claim` is a claim
/// about to be submitted, counted as if it were.
pub(crate) fn earnings_month(
    conn: &Connection,
    rep_id: i64,
    month: &str,
    claim: Option<i64>,
) -> Result<EarningsMonth> {
    // On a rep's computer, what the forum counts in claims that are not there is added
    // (`carried_recognition`, from the forum's updates; empty on the forum laptop).
    let recognition: i64 = conn.query_row(
        &format!(
            "SELECT coalesce(sum(amount_pence), 0)
                    + coalesce((SELECT pence FROM carried_recognition WHERE month = ?3), 0)
             FROM ({COUNTED_LINES}) WHERE kind = 'time' AND substr(counted_on, 1, 7) = ?3"
        ),
        params![rep_id, claim, month],
        |r| r.get(0),
    )?;
    let limit = weekly_limit_on(conn, month_end(month)?)?;
    Ok(EarningsMonth {
        month: month.to_string(),
        recognition_pence: recognition,
        weekly_average_pence: weekly_average(recognition),
        weekly_limit_pence: limit,
        over_limit: limit.is_some_and(|l| over_weekly_limit(recognition, l)),
    })
}

/// What the rep is told about a month over the limit, before submitting and on the statement.
pub fn over_limit_wording(m: &EarningsMonth) -> String {
    format!(
        "Carer's Allowance: recognition payments for {} come to {}, an average of {} a week (the month's payments × 12 ÷ 52). That is more than the weekly earnings limit of {}. Going over the limit by even a penny can stop the whole of your Carer's Allowance for that week. Some expenses can be taken off your earnings when they are worked out. Please check with the Carer's Allowance Unit. Forum Desk does not give advice about benefits.",
        dates::month_label(&m.month),
        format_pence(m.recognition_pence),
        format_pence(m.weekly_average_pence),
        format_pence(m.weekly_limit_pence.unwrap_or(0)),
    )
}

/// The warning for submitting a claim, for a rep who gets Carer's Allowance, when the claim's
/// month would go over the limit with it.
pub(crate) fn submit_warning(conn: &Connection, claim_id: i64) -> Result<Option<String>> {
    let (rep_id, month): (i64, String) = conn.query_row(
        "SELECT rep_id, month FROM claims WHERE id = ?1",
        [claim_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if !has_carers_allowance(conn, rep_id)? {
        return Ok(None);
    }
    let m = earnings_month(conn, rep_id, &month, Some(claim_id))?;
    Ok(m.over_limit.then(|| over_limit_wording(&m)))
}

impl Store {
    /// Whether a rep has recorded that they get Carer's Allowance: only they and the
    /// officers may see it.
    pub fn carers_allowance_get(&self, rep_id: i64) -> Result<bool> {
        self.may_see_private(rep_id)?;
        has_carers_allowance(&self.conn, rep_id)
    }

    /// The rep (or an officer for them) records whether they get Carer's Allowance. The audit
    /// log says only that a private detail changed, never which way.
    pub fn carers_allowance_set(&mut self, rep_id: i64, gets_it: bool) -> Result<bool> {
        self.may_see_private(rep_id)?;
        crate::reps::records::rep(&self.conn, rep_id)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE reps SET carers_allowance = ?2 WHERE member_id = ?1",
                params![rep_id, gets_it],
            )?;
            tx.audit(
                "changed a rep's private benefit detail",
                "rep",
                Some(rep_id),
                "",
            )
        })?;
        has_carers_allowance(&self.conn, rep_id)
    }

    /// A rep's recognition payments month by month against the limit, from one `YYYY-MM` to
    /// another.
    pub fn earnings_months(&self, rep_id: i64, from: &str, to: &str) -> Result<Vec<EarningsMonth>> {
        self.may_see_private(rep_id)?;
        let (mut y, mut m) = dates::parse_month("from", from)?;
        let end = dates::parse_month("to", to)?;
        let mut out = Vec::new();
        while (y, m) <= end && out.len() < 240 {
            out.push(earnings_month(
                &self.conn,
                rep_id,
                &format!("{y:04}-{m:02}"),
                None,
            )?);
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        Ok(out)
    }

    /// Only the rep themself and the officers see a rep's private details.
    pub(crate) fn may_see_private(&self, rep_id: i64) -> Result<()> {
        let me = self.acting_person()?;
        if me.id == rep_id || me.can_approve() {
            Ok(())
        } else {
            Err(CoreError::NotAllowed(
                "Only the rep and the forum's officers can see this.".into(),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_at_the_limit_is_not_over_and_a_penny_more_is() {
        // £196 a week × 52 ÷ 12 = £849.33⅓ a month: £849.33 is under, £849.34 is over.
        assert!(!over_weekly_limit(84_933, 19_600));
        assert!(over_weekly_limit(84_934, 19_600));
        // £204 a week: exactly £884.00 a month averages exactly £204.00 a week.
        assert!(!over_weekly_limit(88_400, 20_400));
        assert!(over_weekly_limit(88_401, 20_400));
    }

    #[test]
    fn months_end_on_their_last_day() {
        assert_eq!(month_end("2026-02").unwrap().to_string(), "2026-02-28");
        assert_eq!(month_end("2028-02").unwrap().to_string(), "2028-02-29");
        assert_eq!(month_end("2026-12").unwrap().to_string(), "2026-12-31");
    }

    #[test]
    fn weekly_average_to_the_penny() {
        assert_eq!(weekly_average(88_400), 20_400);
        assert_eq!(weekly_average(84_933), 19_600);
    }
}
