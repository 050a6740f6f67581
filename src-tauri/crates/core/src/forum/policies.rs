//! The payment policy as dated data. A claim line uses the policy in force on its date (the
//! newest one that started on or before it) and copies the rates it used, so a later change
//! of policy never changes a line already made.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{Policy, PolicyInput};
use crate::store::{one, Store, Tx};
use crate::store::{CoreError, Result};
use crate::text::dates;
use crate::text::{parse_optional_pounds, parse_pounds, parse_whole};

const POLICY_COLS: &str =
    "id, effective_from, recognition_hourly_pence, recognition_half_day_pence,
    recognition_full_day_pence, car_first_band_pence, car_after_band_pence, car_band_miles,
    motorcycle_pence, bicycle_pence, passenger_pence, childcare_cap_hourly_pence,
    claim_age_limit_months, receipt_threshold_pence";

/// HMRC approved mileage allowance payments for 2025/26, and a modest recognition rate a
/// forum would change to its own.
pub fn default_policy() -> Policy {
    Policy {
        id: 0,
        effective_from: "2025-04-06".into(),
        recognition_hourly_pence: 1500,
        recognition_half_day_pence: Some(5000),
        recognition_full_day_pence: Some(10000),
        car_first_band_pence: 45,
        car_after_band_pence: 25,
        car_band_miles: 10_000,
        motorcycle_pence: 24,
        bicycle_pence: 20,
        passenger_pence: 5,
        childcare_cap_hourly_pence: 1200,
        claim_age_limit_months: 3,
        receipt_threshold_pence: 0,
    }
}

pub(crate) fn insert_default_policy(tx: &Tx) -> Result<()> {
    let exists: i64 = tx.query_row("SELECT count(*) FROM policies", [], |r| r.get(0))?;
    if exists == 0 {
        write_policy(tx, None, &default_policy())?;
    }
    Ok(())
}

/// Adds a policy (`id` None) or rewrites one, from one list of columns.
fn write_policy(conn: &Connection, id: Option<i64>, p: &Policy) -> Result<i64> {
    let updates: Vec<String> = POLICY_COLS
        .split(',')
        .map(str::trim)
        .filter(|c| *c != "id")
        .map(|c| format!("{c} = excluded.{c}"))
        .collect();
    conn.execute(
        &format!(
            "INSERT INTO policies ({POLICY_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (id) DO UPDATE SET {}",
            updates.join(", ")
        ),
        params![
            id,
            p.effective_from,
            p.recognition_hourly_pence,
            p.recognition_half_day_pence,
            p.recognition_full_day_pence,
            p.car_first_band_pence,
            p.car_after_band_pence,
            p.car_band_miles,
            p.motorcycle_pence,
            p.bicycle_pence,
            p.passenger_pence,
            p.childcare_cap_hourly_pence,
            p.claim_age_limit_months,
            p.receipt_threshold_pence
        ],
    )?;
    Ok(id.unwrap_or_else(|| conn.last_insert_rowid()))
}

fn policy_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Policy> {
    Ok(Policy {
        id: r.get(0)?,
        effective_from: r.get(1)?,
        recognition_hourly_pence: r.get(2)?,
        recognition_half_day_pence: r.get(3)?,
        recognition_full_day_pence: r.get(4)?,
        car_first_band_pence: r.get(5)?,
        car_after_band_pence: r.get(6)?,
        car_band_miles: r.get(7)?,
        motorcycle_pence: r.get(8)?,
        bicycle_pence: r.get(9)?,
        passenger_pence: r.get(10)?,
        childcare_cap_hourly_pence: r.get(11)?,
        claim_age_limit_months: r.get(12)?,
        receipt_threshold_pence: r.get(13)?,
    })
}

/// The policy in force on `date`.
pub(crate) fn policy_on(conn: &Connection, date: NaiveDate) -> Result<Policy> {
    conn.query_row(
        &format!("SELECT {POLICY_COLS} FROM policies WHERE effective_from <= ?1 ORDER BY effective_from DESC LIMIT 1"),
        [dates::iso(date)],
        policy_row,
    )
    .optional()?
    .ok_or_else(|| {
        CoreError::invalid(
            "line_date",
            format!(
                "There is no payment policy for {}. Add one in Settings that starts on or before that date.",
                dates::uk(date)
            ),
        )
    })
}

impl Store {
    /// Newest first.
    pub fn policies_list(&self) -> Result<Vec<Policy>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {POLICY_COLS} FROM policies ORDER BY effective_from DESC"
        ))?;
        let rows = stmt.query_map([], policy_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn policy_on(&self, date: NaiveDate) -> Result<Policy> {
        policy_on(&self.conn, date)
    }

    /// Adds a policy from a date, or corrects one. Lines already made keep the rates they
    /// copied, so correcting a policy never changes an existing line.
    pub fn policy_save(&mut self, input: &PolicyInput) -> Result<Policy> {
        self.require_officer("change the payment rates")?;
        let p = parse_policy(input)?;
        let clash: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM policies WHERE effective_from = ?1 AND id IS NOT ?2",
                params![p.effective_from, input.id],
                |r| r.get(0),
            )
            .optional()?;
        if clash.is_some() {
            return Err(CoreError::invalid(
                "effective_from",
                "There is already a policy starting on that date. Change that one instead.",
            ));
        }
        if let Some(id) = input.id {
            one(
                &self.conn,
                "SELECT id FROM policies WHERE id = ?1",
                [id],
                "policy",
                |r| r.get::<_, i64>(0),
            )?;
        }
        let id = self.write(|tx| {
            let id = write_policy(tx, input.id, &p)?;
            let action = if input.id.is_some() {
                "changed a payment policy"
            } else {
                "added a payment policy"
            };
            tx.audit(
                action,
                "policy",
                Some(id),
                &format!("from {}", p.effective_from),
            )?;
            Ok(id)
        })?;
        one(
            &self.conn,
            &format!("SELECT {POLICY_COLS} FROM policies WHERE id = ?1"),
            [id],
            "policy",
            policy_row,
        )
    }

    /// A policy can be removed while no line has used it and it is not the only one.
    pub fn policy_delete(&mut self, id: i64) -> Result<()> {
        self.require_officer("change the payment rates")?;
        let (used, count): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM claim_lines WHERE policy_id = ?1), (SELECT count(*) FROM policies)",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if used > 0 {
            return Err(CoreError::Locked(
                "Claim lines have used this policy, so it cannot be removed. Add a new policy from a later date instead.".into(),
            ));
        }
        if count <= 1 {
            return Err(CoreError::Locked(
                "This is the only payment policy, so it cannot be removed.".into(),
            ));
        }
        self.write(|tx| {
            tx.execute("DELETE FROM policies WHERE id = ?1", [id])?;
            tx.audit("removed a payment policy", "policy", Some(id), "")
        })
    }
}

fn parse_pence_whole(field: &str, text: &str) -> Result<i64> {
    parse_whole(field, text, "pence a mile", 0, 1000)
}

fn parse_policy(i: &PolicyInput) -> Result<Policy> {
    Ok(Policy {
        id: i.id.unwrap_or(0),
        effective_from: dates::iso(dates::parse_date("effective_from", &i.effective_from)?),
        recognition_hourly_pence: parse_pounds("recognition_hourly", &i.recognition_hourly)?,
        recognition_half_day_pence: parse_optional_pounds(
            "recognition_half_day",
            &i.recognition_half_day,
        )?,
        recognition_full_day_pence: parse_optional_pounds(
            "recognition_full_day",
            &i.recognition_full_day,
        )?,
        car_first_band_pence: parse_pence_whole("car_first_band", &i.car_first_band)?,
        car_after_band_pence: parse_pence_whole("car_after_band", &i.car_after_band)?,
        car_band_miles: parse_whole("car_band_miles", &i.car_band_miles, "miles", 1, 1_000_000)?,
        motorcycle_pence: parse_pence_whole("motorcycle", &i.motorcycle)?,
        bicycle_pence: parse_pence_whole("bicycle", &i.bicycle)?,
        passenger_pence: parse_pence_whole("passenger", &i.passenger)?,
        childcare_cap_hourly_pence: parse_pounds("childcare_cap_hourly", &i.childcare_cap_hourly)?,
        claim_age_limit_months: parse_whole(
            "claim_age_limit_months",
            &i.claim_age_limit_months,
            "months",
            1,
            120,
        )?,
        receipt_threshold_pence: parse_pounds("receipt_threshold", &i.receipt_threshold)?,
    })
}
