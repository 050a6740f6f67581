//! The payment policy as dated data. A claim line uses the policy in force on its date (the
//! newest one that started on or before it) and copies the rates it used, so a later change
//! of policy never changes a line already made. A policy is the forum's own, or one funder's
//! (a council and the NHS often pay different rates): a line takes its funder's policy in
//! force on its date when there is one, and the forum's own otherwise.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use crate::model::{Policy, PolicyInput};
use crate::store::{one, Problems, Store, Tx};
use crate::store::{CoreError, Result};
use crate::text::dates;
use crate::text::{parse_optional_pounds, parse_pounds, parse_whole};

const POLICY_COLS: &str =
    "id, funder_id, effective_from, recognition_hourly_pence, recognition_half_day_pence,
    recognition_full_day_pence, car_first_band_pence, car_after_band_pence, car_band_miles,
    motorcycle_pence, bicycle_pence, passenger_pence, childcare_cap_hourly_pence,
    claim_age_limit_months, receipt_threshold_pence";

/// HMRC approved mileage allowance payments for 2025/26, and a modest recognition rate a
/// forum would change to its own.
pub fn default_policy() -> Policy {
    Policy {
        id: 0,
        funder_id: None,
        funder_name: None,
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
    let exists: i64 = tx.query_row(
        "SELECT count(*) FROM policies WHERE funder_id IS NULL",
        [],
        |r| r.get(0),
    )?;
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
            "INSERT INTO policies ({POLICY_COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
             ON CONFLICT (id) DO UPDATE SET {}",
            updates.join(", ")
        ),
        params![
            id,
            p.funder_id,
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
        funder_id: r.get(1)?,
        funder_name: r.get(15)?,
        effective_from: r.get(2)?,
        recognition_hourly_pence: r.get(3)?,
        recognition_half_day_pence: r.get(4)?,
        recognition_full_day_pence: r.get(5)?,
        car_first_band_pence: r.get(6)?,
        car_after_band_pence: r.get(7)?,
        car_band_miles: r.get(8)?,
        motorcycle_pence: r.get(9)?,
        bicycle_pence: r.get(10)?,
        passenger_pence: r.get(11)?,
        childcare_cap_hourly_pence: r.get(12)?,
        claim_age_limit_months: r.get(13)?,
        receipt_threshold_pence: r.get(14)?,
    })
}

/// The policy columns with the funder's name after them (`policy_row` reads both).
fn select_policies(filter: &str) -> String {
    let cols: Vec<String> = POLICY_COLS
        .split(',')
        .map(|c| format!("p.{}", c.trim()))
        .collect();
    format!(
        "SELECT {}, f.name FROM policies p LEFT JOIN funders f ON f.id = p.funder_id WHERE {filter}",
        cols.join(", ")
    )
}

/// The policy in force on `date` for a line paid by `funder_id`: the funder's own policy
/// that started latest on or before the date, or else the forum's own.
pub(crate) fn policy_on(
    conn: &Connection,
    date: NaiveDate,
    funder_id: Option<i64>,
) -> Result<Policy> {
    let on = dates::iso(date);
    let sql = select_policies(
        "p.effective_from <= ?1 AND p.funder_id IS ?2 ORDER BY p.effective_from DESC LIMIT 1",
    );
    let funders = funder_id.into_iter().map(Some).chain([None]);
    for funder in funders {
        if let Some(p) = conn
            .query_row(&sql, params![on, funder], policy_row)
            .optional()?
        {
            return Ok(p);
        }
    }
    Err(CoreError::invalid(
        "line_date",
        format!(
            "There is no payment policy for {}. Add one in Settings that starts on or before that date.",
            dates::uk(date)
        ),
    ))
}

/// Every payment policy that can apply to lines paid by these funders: the forum's own and
/// each of theirs, oldest first within each. For sending the rates a rep may need.
pub fn policies_for_funders(conn: &Connection, funder_ids: &[i64]) -> Result<Vec<Policy>> {
    let mut stmt = conn.prepare(&select_policies(
        "p.funder_id IS NULL OR p.funder_id IN (SELECT value FROM json_each(?1))
         ORDER BY p.funder_id IS NOT NULL, f.name COLLATE NOCASE, p.effective_from",
    ))?;
    let ids = serde_json::to_string(funder_ids).map_err(|e| CoreError::Database(e.to_string()))?;
    let rows = stmt.query_map([ids], policy_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The forum's own policies first, then each funder's, newest first within each.
    pub fn policies_list(&self) -> Result<Vec<Policy>> {
        let mut stmt = self.conn.prepare(&select_policies(
            "1 ORDER BY p.funder_id IS NOT NULL, f.name COLLATE NOCASE, p.effective_from DESC",
        ))?;
        let rows = stmt.query_map([], policy_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The policy a line on `date` paid by `funder_id` takes (the forum's own for `None`).
    pub fn policy_on(&self, date: NaiveDate, funder_id: Option<i64>) -> Result<Policy> {
        policy_on(&self.conn, date, funder_id)
    }

    /// Every policy that can apply to lines paid by these funders (see
    /// [`policies_for_funders`]).
    pub fn policies_for_funders(&self, funder_ids: &[i64]) -> Result<Vec<Policy>> {
        policies_for_funders(&self.conn, funder_ids)
    }

    /// Adds a policy from a date, or corrects one. Lines already made keep the rates they
    /// copied, so correcting a policy never changes an existing line.
    pub fn policy_save(&mut self, input: &PolicyInput) -> Result<Policy> {
        self.require_officer("change the payment rates")?;
        let p = parse_policy(input)?;
        if let Some(funder) = p.funder_id {
            crate::forum::settings::funder_exists(&self.conn, funder).map_err(|_| {
                CoreError::invalid(
                    "funder_id",
                    "Please choose one of the forum's funders, or none for the forum's own policy.",
                )
            })?;
        }
        let clash: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM policies WHERE effective_from = ?1 AND funder_id IS ?2 AND id IS NOT ?3",
                params![p.effective_from, p.funder_id, input.id],
                |r| r.get(0),
            )
            .optional()?;
        if clash.is_some() {
            return Err(CoreError::invalid(
                "effective_from",
                if p.funder_id.is_some() {
                    "This funder already has a policy starting on that date. Change that one instead."
                } else {
                    "There is already a policy starting on that date. Change that one instead."
                },
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
            let whose = match &p.funder_id {
                Some(f) => format!(" for funder {f}"),
                None => String::new(),
            };
            tx.audit(
                action,
                "policy",
                Some(id),
                &format!("from {}{whose}", p.effective_from),
            )?;
            Ok(id)
        })?;
        one(
            &self.conn,
            &select_policies("p.id = ?1"),
            [id],
            "policy",
            policy_row,
        )
    }

    /// A policy can be removed while no line has used it and it is not the forum's only own
    /// one (a funder's can always go: its lines fall back to the forum's).
    pub fn policy_delete(&mut self, id: i64) -> Result<()> {
        self.require_officer("change the payment rates")?;
        let (used, count): (i64, i64) = self.conn.query_row(
            "SELECT (SELECT count(*) FROM claim_lines WHERE policy_id = ?1),
                    CASE WHEN (SELECT funder_id FROM policies WHERE id = ?1) IS NULL
                         THEN (SELECT count(*) FROM policies WHERE funder_id IS NULL) ELSE 2 END",
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
                "This is the forum's only payment policy of its own, so it cannot be removed."
                    .into(),
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

/// Reads the policy form, reporting every field's problem together.
fn parse_policy(i: &PolicyInput) -> Result<Policy> {
    let mut p = Problems::new();
    let effective_from = p.check(dates::parse_date("effective_from", &i.effective_from))?;
    let hourly = p.check(parse_pounds("recognition_hourly", &i.recognition_hourly))?;
    let half_day = p.check(parse_optional_pounds(
        "recognition_half_day",
        &i.recognition_half_day,
    ))?;
    let full_day = p.check(parse_optional_pounds(
        "recognition_full_day",
        &i.recognition_full_day,
    ))?;
    let car_first = p.check(parse_pence_whole("car_first_band", &i.car_first_band))?;
    let car_after = p.check(parse_pence_whole("car_after_band", &i.car_after_band))?;
    let band_miles = p.check(parse_whole(
        "car_band_miles",
        &i.car_band_miles,
        "miles",
        1,
        1_000_000,
    ))?;
    let motorcycle = p.check(parse_pence_whole("motorcycle", &i.motorcycle))?;
    let bicycle = p.check(parse_pence_whole("bicycle", &i.bicycle))?;
    let passenger = p.check(parse_pence_whole("passenger", &i.passenger))?;
    let childcare = p.check(parse_pounds(
        "childcare_cap_hourly",
        &i.childcare_cap_hourly,
    ))?;
    let age_limit = p.check(parse_whole(
        "claim_age_limit_months",
        &i.claim_age_limit_months,
        "months",
        1,
        120,
    ))?;
    let receipts = p.check(parse_pounds("receipt_threshold", &i.receipt_threshold))?;
    p.finish()?;
    // No problems, so every value is there.
    let got = "checked above";
    Ok(Policy {
        id: i.id.unwrap_or(0),
        funder_id: i.funder_id,
        funder_name: None,
        effective_from: dates::iso(effective_from.expect(got)),
        recognition_hourly_pence: hourly.expect(got),
        recognition_half_day_pence: half_day.expect(got),
        recognition_full_day_pence: full_day.expect(got),
        car_first_band_pence: car_first.expect(got),
        car_after_band_pence: car_after.expect(got),
        car_band_miles: band_miles.expect(got),
        motorcycle_pence: motorcycle.expect(got),
        bicycle_pence: bicycle.expect(got),
        passenger_pence: passenger.expect(got),
        childcare_cap_hourly_pence: childcare.expect(got),
        claim_age_limit_months: age_limit.expect(got),
        receipt_threshold_pence: receipts.expect(got),
    })
}
