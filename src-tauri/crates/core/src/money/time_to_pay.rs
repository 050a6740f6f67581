//! Time to pay: the days from a claim's submission to its approval and to its payment (shown
//! with every claim, worked out in `claims::view`), the forum's target for paying (default
//! 14 days, the SE7 report's "within two weeks"), and the claims waiting longer than it.

use rusqlite::params;

use super::model::{ClaimsWaiting, PaymentTarget, WaitingClaim};
use crate::store::{CoreError, Result, Store};
use crate::text::{dates, parse_whole};

/// SQL for whole days from the day a claim was submitted to a later date (its `c.` columns).
/// Calendar days, counted on UK dates: submitted on the 1st and paid on the 15th is 14.
pub(crate) fn days_between_sql(later: &str) -> String {
    format!(
        "CAST(julianday(substr({later}, 1, 10)) - julianday(substr(c.submitted_at, 1, 10)) AS INTEGER)"
    )
}

/// How many waiting claims the first screen names; the rest are counted.
pub const WAITING_SHOWN: i64 = 10;

pub(crate) fn payment_target(conn: &rusqlite::Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT payment_target_days FROM forum WHERE id = 1",
        [],
        |r| r.get(0),
    )?)
}

impl Store {
    pub fn payment_target_get(&self) -> Result<PaymentTarget> {
        Ok(PaymentTarget {
            days: payment_target(&self.conn)?,
        })
    }

    /// Sets the forum's target for paying claims, in days from submission (1 to 365).
    pub fn payment_target_save(&mut self, days: &str) -> Result<PaymentTarget> {
        self.require_officer("change the forum's details")?;
        let days = parse_whole("payment_target_days", days, "days", 1, 365)?;
        self.write(|tx| {
            let changed = tx.execute(
                "UPDATE forum SET payment_target_days = ?1 WHERE id = 1",
                [days],
            )?;
            if changed == 0 {
                return Err(CoreError::Locked("The forum is not set up yet.".into()));
            }
            tx.audit(
                "changed the payment target",
                "forum",
                Some(1),
                &format!("{days} days"),
            )
        })?;
        self.payment_target_get()
    }

    /// Claims submitted, or approved and not yet paid, for longer than the forum's target,
    /// counted from submission: how many, and the longest waiting [`WAITING_SHOWN`] first.
    /// Officers see every rep's; a rep sees their own.
    pub fn claims_waiting(&self) -> Result<ClaimsWaiting> {
        self.claims_waiting_up_to(WAITING_SHOWN)
    }

    /// As [`Store::claims_waiting`], naming at most `limit` claims.
    pub fn claims_waiting_up_to(&self, limit: i64) -> Result<ClaimsWaiting> {
        let me = self.acting_person()?;
        let target = payment_target(&self.conn)?;
        let today = dates::iso(self.today());
        // Waiting more than `target` days means submitted before this day. Compared with
        // the stored time as text (whose first ten characters are the day), so SQLite finds
        // them through the claims' (status, submitted_at) index instead of working out every
        // approved claim's days: a twenty-year forum has 25,000 of them.
        let before = dates::iso(self.today() - chrono::Duration::days(target));
        let days = days_between_sql("?1");
        let waiting = "FROM claims c
             WHERE c.status IN ('submitted', 'approved') AND c.submitted_at < ?2
               AND (?3 OR c.rep_id = ?4)";
        let who = params![today, before, me.can_approve(), me.id];
        let count: i64 = self
            .conn
            .query_row(&format!("SELECT count(*) {waiting}"), who, |r| r.get(0))?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT c.id, {days} {waiting} ORDER BY substr(c.submitted_at, 1, 10), c.id LIMIT ?5"
        ))?;
        let rows: Vec<(i64, i64)> = stmt
            .query_map(
                params![today, before, me.can_approve(), me.id, limit.max(0)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?
            .collect::<rusqlite::Result<_>>()?;
        let mut longest = Vec::with_capacity(rows.len());
        for (id, days) in rows {
            let claim = crate::claims::view::summaries(&self.conn, "c.id = ?1", [id])?
                .pop()
                .ok_or_else(|| CoreError::NotFound("That claim could not be found.".into()))?;
            longest.push(WaitingClaim {
                claim,
                days_waiting: days,
                target_days: target,
            });
        }
        Ok(ClaimsWaiting {
            count,
            target_days: target,
            longest,
        })
    }
}
