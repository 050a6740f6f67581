//! The one shape of a stored claim line ([`LineFields`]), its one column list, its one
//! named-column reader, and writing it. Inserting, reading back, editing and reversing a line
//! all go through here, so a new column is added in one place.

use rusqlite::{Connection, Row, ToSql};
use serde::{Deserialize, Serialize};

use super::kinds::{LineKind, TimeBasis, Vehicle};
use crate::store::{one, Result, Tx};
use crate::text::dates;

/// Every stored column of a claim line apart from its id, its claim and when it was made.
/// A line copies the rates it was worked out with (rate, band split, band size, cap), so a
/// later change of policy never changes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LineFields {
    /// ISO date the activity took place.
    pub line_date: String,
    pub kind: LineKind,
    pub meeting_id: Option<i64>,
    /// The other work this was for, when it was not a meeting ("" for meetings).
    pub activity: String,
    pub description: String,
    /// Time: minutes given. Childcare: minutes of care. Negative on a reversal.
    pub minutes: Option<i64>,
    pub time_basis: Option<TimeBasis>,
    /// Time: the hourly rate, or the half- or full-day amount.
    pub rate_pence: Option<i64>,
    pub from_place: Option<String>,
    pub to_place: Option<String>,
    pub miles_tenths: Option<i64>,
    pub vehicle: Option<Vehicle>,
    pub passengers: Option<i64>,
    /// Cars: the size of the mileage band (in miles) the line was worked out with.
    pub band_miles: Option<i64>,
    pub first_band_tenths: Option<i64>,
    pub after_band_tenths: Option<i64>,
    pub first_band_pence: Option<i64>,
    pub after_band_pence: Option<i64>,
    pub passenger_pence: Option<i64>,
    /// Childcare: what was spent.
    pub entered_pence: Option<i64>,
    /// Childcare: the most the policy pays for those hours.
    pub cap_pence: Option<i64>,
    pub amount_pence: i64,
    pub policy_id: Option<i64>,
    pub reverses_line_id: Option<i64>,
}

/// The columns of [`LineFields`], in the order [`LineFields::values`] gives them.
pub(crate) const COLUMNS: [&str; 24] = [
    "line_date",
    "kind",
    "meeting_id",
    "activity",
    "description",
    "minutes",
    "time_basis",
    "rate_pence",
    "from_place",
    "to_place",
    "miles_tenths",
    "vehicle",
    "passengers",
    "band_miles",
    "first_band_tenths",
    "after_band_tenths",
    "first_band_pence",
    "after_band_pence",
    "passenger_pence",
    "entered_pence",
    "cap_pence",
    "amount_pence",
    "policy_id",
    "reverses_line_id",
];

impl LineFields {
    /// Reads a line from a row that selected [`COLUMNS`] (under those names).
    pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<LineFields> {
        Ok(LineFields {
            line_date: r.get("line_date")?,
            kind: r.get("kind")?,
            meeting_id: r.get("meeting_id")?,
            activity: r.get("activity")?,
            description: r.get("description")?,
            minutes: r.get("minutes")?,
            time_basis: r.get("time_basis")?,
            rate_pence: r.get("rate_pence")?,
            from_place: r.get("from_place")?,
            to_place: r.get("to_place")?,
            miles_tenths: r.get("miles_tenths")?,
            vehicle: r.get("vehicle")?,
            passengers: r.get("passengers")?,
            band_miles: r.get("band_miles")?,
            first_band_tenths: r.get("first_band_tenths")?,
            after_band_tenths: r.get("after_band_tenths")?,
            first_band_pence: r.get("first_band_pence")?,
            after_band_pence: r.get("after_band_pence")?,
            passenger_pence: r.get("passenger_pence")?,
            entered_pence: r.get("entered_pence")?,
            cap_pence: r.get("cap_pence")?,
            amount_pence: r.get("amount_pence")?,
            policy_id: r.get("policy_id")?,
            reverses_line_id: r.get("reverses_line_id")?,
        })
    }

    /// The values for [`COLUMNS`], in that order.
    fn values(&self) -> [&dyn ToSql; 24] {
        [
            &self.line_date,
            &self.kind,
            &self.meeting_id,
            &self.activity,
            &self.description,
            &self.minutes,
            &self.time_basis,
            &self.rate_pence,
            &self.from_place,
            &self.to_place,
            &self.miles_tenths,
            &self.vehicle,
            &self.passengers,
            &self.band_miles,
            &self.first_band_tenths,
            &self.after_band_tenths,
            &self.first_band_pence,
            &self.after_band_pence,
            &self.passenger_pence,
            &self.entered_pence,
            &self.cap_pence,
            &self.amount_pence,
            &self.policy_id,
            &self.reverses_line_id,
        ]
    }

    /// The same line with every quantity and amount negated: what a reversal claims. Rates,
    /// places and the band size stay as they were, so the reversal reads like the original.
    pub(crate) fn reversed(&self, line_id: i64, reason: &str) -> LineFields {
        let neg = |v: Option<i64>| v.map(|n| -n);
        LineFields {
            minutes: neg(self.minutes),
            miles_tenths: neg(self.miles_tenths),
            first_band_tenths: neg(self.first_band_tenths),
            after_band_tenths: neg(self.after_band_tenths),
            entered_pence: neg(self.entered_pence),
            cap_pence: neg(self.cap_pence),
            amount_pence: -self.amount_pence,
            reverses_line_id: Some(line_id),
            description: format!("Reversal: {reason}"),
            ..self.clone()
        }
    }

    /// "12/10/2026, mileage, £11.03": enough to tell lines apart in the activity log, which
    /// must never show database ids.
    pub(crate) fn log_text(&self) -> String {
        let date = dates::parse_date("line_date", &self.line_date)
            .map(dates::uk)
            .unwrap_or_else(|_| self.line_date.clone());
        format!(
            "{date}, {}, {}",
            self.kind.label().to_lowercase(),
            crate::text::format_pence(self.amount_pence)
        )
    }
}

/// `l.line_date, l.kind, ...` for a query that reads lines as `l`.
pub(crate) fn select_list(alias: &str) -> String {
    COLUMNS
        .iter()
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Adds a line to a claim; with `id`, under that id (an edit that must keep the line's place
/// in the mileage band). Returns the line's id.
pub(crate) fn insert(tx: &Tx, claim_id: i64, id: Option<i64>, l: &LineFields) -> Result<i64> {
    let now = tx.clock.stamp();
    let mut values: Vec<&dyn ToSql> = vec![&id, &claim_id, &now];
    values.extend(l.values());
    let marks: Vec<String> = (1..=values.len()).map(|i| format!("?{i}")).collect();
    tx.execute(
        &format!(
            "INSERT INTO claim_lines (id, claim_id, created_at, {}) VALUES ({})",
            COLUMNS.join(", "),
            marks.join(", ")
        ),
        values.as_slice(),
    )?;
    Ok(tx.last_insert_rowid())
}

/// Rewrites every stored field of a line.
pub(crate) fn update(tx: &Tx, id: i64, l: &LineFields) -> Result<()> {
    let sets: Vec<String> = COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ?{}", i + 2))
        .collect();
    let mut values: Vec<&dyn ToSql> = vec![&id];
    values.extend(l.values());
    tx.execute(
        &format!("UPDATE claim_lines SET {} WHERE id = ?1", sets.join(", ")),
        values.as_slice(),
    )?;
    Ok(())
}

/// One stored line.
pub(crate) fn read(conn: &Connection, id: i64) -> Result<LineFields> {
    one(
        conn,
        &format!(
            "SELECT {} FROM claim_lines WHERE id = ?1",
            COLUMNS.join(", ")
        ),
        [id],
        "claim line",
        LineFields::from_row,
    )
}

/// The claim a line belongs to.
pub(crate) fn claim_of(conn: &Connection, line_id: i64) -> Result<i64> {
    one(
        conn,
        "SELECT claim_id FROM claim_lines WHERE id = ?1",
        [line_id],
        "claim line",
        |r| r.get(0),
    )
}

/// SQL for a line's number within its claim (by date, then entry order), for a query that
/// reads lines as `alias`.
pub(crate) fn number_sql(alias: &str) -> String {
    format!(
        "(SELECT count(*) FROM claim_lines n WHERE n.claim_id = {alias}.claim_id
           AND (n.line_date < {alias}.line_date OR (n.line_date = {alias}.line_date AND n.id <= {alias}.id)))"
    )
}

/// How people refer to a line seen from `from_claim`: "line 3" in the same claim, "line 2 of
/// the October 2026 claim to County Council" in another.
pub(crate) fn line_label(conn: &Connection, line_id: i64, from_claim: i64) -> Result<String> {
    let (claim_id, number, month, funder): (i64, i64, String, String) = one(
        conn,
        &format!(
            "SELECT l.claim_id, {}, c.month, f.name FROM claim_lines l
             JOIN claims c ON c.id = l.claim_id JOIN funders f ON f.id = c.funder_id WHERE l.id = ?1",
            number_sql("l")
        ),
        [line_id],
        "claim line",
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    Ok(if claim_id == from_claim {
        format!("line {number}")
    } else {
        format!(
            "line {number} of the {} claim to {funder}",
            dates::month_label(&month)
        )
    })
}
