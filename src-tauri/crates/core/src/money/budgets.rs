//! Funders' budgets. A grant has an amount, a period and the kinds of line it may pay for;
//! its spend is worked out every time from approved and paid lines in that period and those
//! categories, never stored. Approving a claim that takes a budget past 90%, or past 100%, of
//! its amount gives the approver a warning to accept, like any other warning.

use chrono::NaiveDate;
use rusqlite::{params, Connection};

use super::model::{Budget, BudgetInput};
use crate::claims::model::{Warning, WarningCode};
use crate::store::{one, CoreError, Problems, Result, Store};
use crate::text::{dates, format_pence, parse_pounds, required};

const BUDGET_SELECT: &str =
    "SELECT b.id, b.funder_id, f.name, b.name, b.amount_pence, b.starts_on, b.ends_on,
            b.pays_time, b.pays_travel, b.pays_childcare, b.pays_other
     FROM budgets b JOIN funders f ON f.id = b.funder_id";

/// The lines a budget pays for: its funder's, dated in its period, of its categories.
/// `?1` is the budget's id.
const PAID_BY_BUDGET: &str = "FROM claim_lines l JOIN claims c ON c.id = l.claim_id
     JOIN budgets b ON b.id = ?1
     WHERE c.funder_id = b.funder_id AND l.line_date BETWEEN b.starts_on AND b.ends_on
       AND ((l.kind = 'time' AND b.pays_time) OR (l.kind IN ('mileage', 'fares', 'parking') AND b.pays_travel)
            OR (l.kind = 'childcare' AND b.pays_childcare) OR (l.kind = 'other' AND b.pays_other))";

fn budget_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Budget> {
    Ok(Budget {
        id: r.get(0)?,
        funder_id: r.get(1)?,
        funder_name: r.get(2)?,
        name: r.get(3)?,
        amount_pence: r.get(4)?,
        starts_on: r.get(5)?,
        ends_on: r.get(6)?,
        pays_time: r.get(7)?,
        pays_travel: r.get(8)?,
        pays_childcare: r.get(9)?,
        pays_other: r.get(10)?,
        spent_pence: 0,
        left_pence: 0,
        percent_spent: 0,
    })
}

/// What approved and paid lines have spent of a budget, leaving out one claim (the one being
/// approved) when asked.
fn spent(conn: &Connection, budget_id: i64, leaving_out: Option<i64>) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT coalesce(sum(l.amount_pence), 0) {PAID_BY_BUDGET}
               AND c.status IN ('approved', 'paid') AND c.id IS NOT ?2"
        ),
        params![budget_id, leaving_out],
        |r| r.get(0),
    )?)
}

/// What one claim's lines would add to a budget.
fn claim_adds(conn: &Connection, budget_id: i64, claim_id: i64) -> Result<i64> {
    Ok(conn.query_row(
        &format!("SELECT coalesce(sum(l.amount_pence), 0) {PAID_BY_BUDGET} AND c.id = ?2"),
        params![budget_id, claim_id],
        |r| r.get(0),
    )?)
}

/// Whole per cent, rounded down, so a budget shown as 90% is never past 90%.
fn percent(spent: i64, amount: i64) -> i64 {
    if amount <= 0 {
        return 0;
    }
    (spent.max(0) as i128 * 100 / amount as i128) as i64
}

fn with_spend(conn: &Connection, mut b: Budget) -> Result<Budget> {
    b.spent_pence = spent(conn, b.id, None)?;
    b.left_pence = b.amount_pence - b.spent_pence;
    b.percent_spent = percent(b.spent_pence, b.amount_pence);
    Ok(b)
}

/// How far a budget would be spent after approving a claim: past 100% (strictly more than
/// the amount), past 90% (strictly more than nine tenths, in exact integer arithmetic), or
/// neither.
pub(crate) fn past_threshold(after: i64, amount: i64) -> Option<WarningCode> {
    if after > amount {
        Some(WarningCode::BudgetPast100)
    } else if after as i128 * 10 > amount as i128 * 9 {
        Some(WarningCode::BudgetPast90)
    } else {
        None
    }
}

/// The budget warnings for approving a claim: one for each budget of its funder that the
/// claim adds to and that approving it would take past 90% or past 100%.
pub(crate) fn approval_warnings(conn: &Connection, claim_id: i64) -> Result<Vec<Warning>> {
    let funder: i64 = conn.query_row(
        "SELECT funder_id FROM claims WHERE id = ?1",
        [claim_id],
        |r| r.get(0),
    )?;
    let mut out = Vec::new();
    for b in budgets_of(conn, Some(funder))? {
        let adds = claim_adds(conn, b.id, claim_id)?;
        if adds <= 0 {
            continue;
        }
        let after = spent(conn, b.id, Some(claim_id))? + adds;
        let message = match past_threshold(after, b.amount_pence) {
            Some(WarningCode::BudgetPast100) => format!(
                "Approving this claim takes the budget \"{}\" ({}, {} to {}) past 100%: {} spent of {}, {} over.",
                b.name,
                b.funder_name,
                dates::uk_iso(&b.starts_on),
                dates::uk_iso(&b.ends_on),
                format_pence(after),
                format_pence(b.amount_pence),
                format_pence(after - b.amount_pence)
            ),
            Some(_) => format!(
                "Approving this claim takes the budget \"{}\" ({}, {} to {}) past 90%: {} spent of {} ({}%), {} left.",
                b.name,
                b.funder_name,
                dates::uk_iso(&b.starts_on),
                dates::uk_iso(&b.ends_on),
                format_pence(after),
                format_pence(b.amount_pence),
                percent(after, b.amount_pence),
                format_pence(b.amount_pence - after)
            ),
            None => continue,
        };
        let code = past_threshold(after, b.amount_pence).expect("matched above");
        out.push(Warning {
            line_id: None,
            code,
            message,
        });
    }
    Ok(out)
}

/// A funder's budgets (every funder's for `None`), by funder and then start date, with their
/// spend.
pub(crate) fn budgets_of(conn: &Connection, funder_id: Option<i64>) -> Result<Vec<Budget>> {
    let mut stmt = conn.prepare(&format!(
        "{BUDGET_SELECT} WHERE ?1 IS NULL OR b.funder_id = ?1
         ORDER BY f.name COLLATE NOCASE, b.starts_on, b.id"
    ))?;
    let rows: Vec<Budget> = stmt
        .query_map([funder_id], budget_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|b| with_spend(conn, b)).collect()
}

impl Store {
    /// Every funder's budgets (or one funder's) with spend to date.
    pub fn budgets_list(&self, funder_id: Option<i64>) -> Result<Vec<Budget>> {
        budgets_of(&self.conn, funder_id)
    }

    pub fn budget_get(&self, id: i64) -> Result<Budget> {
        let b = one(
            &self.conn,
            &format!("{BUDGET_SELECT} WHERE b.id = ?1"),
            [id],
            "budget",
            budget_row,
        )?;
        with_spend(&self.conn, b)
    }

    /// Adds a budget, or corrects one. Spend is worked out, so changing the period or the
    /// categories changes what counts against it from then on.
    pub fn budget_save(&mut self, input: &BudgetInput) -> Result<Budget> {
        self.require_officer("change the funders' budgets")?;
        let b = parse_budget(input)?;
        crate::forum::settings::funder_exists(&self.conn, input.funder_id)
            .map_err(|_| CoreError::invalid("funder_id", "Please choose a funder."))?;
        if let Some(id) = input.id {
            self.budget_get(id)?;
        }
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO budgets (id, funder_id, name, amount_pence, starts_on, ends_on,
                    pays_time, pays_travel, pays_childcare, pays_other)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
                 ON CONFLICT (id) DO UPDATE SET funder_id = excluded.funder_id, name = excluded.name,
                    amount_pence = excluded.amount_pence, starts_on = excluded.starts_on,
                    ends_on = excluded.ends_on, pays_time = excluded.pays_time,
                    pays_travel = excluded.pays_travel, pays_childcare = excluded.pays_childcare,
                    pays_other = excluded.pays_other",
                params![
                    input.id,
                    input.funder_id,
                    b.name,
                    b.amount_pence,
                    b.starts_on,
                    b.ends_on,
                    b.pays_time,
                    b.pays_travel,
                    b.pays_childcare,
                    b.pays_other
                ],
            )?;
            let id = input.id.unwrap_or_else(|| tx.last_insert_rowid());
            tx.audit(
                if input.id.is_some() {
                    "changed a budget"
                } else {
                    "added a budget"
                },
                "budget",
                Some(id),
                &format!(
                    "{}: {} from {} to {}",
                    b.name,
                    format_pence(b.amount_pence),
                    b.starts_on,
                    b.ends_on
                ),
            )?;
            Ok(id)
        })?;
        self.budget_get(id)
    }

    /// A budget holds no money of its own (spend is worked out from lines), so removing one
    /// loses nothing but the record of the grant.
    pub fn budget_delete(&mut self, id: i64) -> Result<()> {
        self.require_officer("change the funders' budgets")?;
        let b = self.budget_get(id)?;
        self.write(|tx| {
            tx.execute("DELETE FROM budgets WHERE id = ?1", [id])?;
            tx.audit("removed a budget", "budget", Some(id), &b.name)
        })
    }
}

/// Reads the budget form, reporting every field's problem together.
fn parse_budget(i: &BudgetInput) -> Result<Budget> {
    let mut p = Problems::new();
    let name = p.check(required(
        "name",
        &i.name,
        "a name for the budget, such as \"Grant 2026/27\"",
    ))?;
    let amount = p.check(parse_pounds("amount", &i.amount))?;
    let starts = p.check(dates::parse_date("starts_on", &i.starts_on))?;
    let ends = p.check(dates::parse_date("ends_on", &i.ends_on))?;
    if amount == Some(0) {
        p.add("amount", "A budget needs an amount more than £0.00.");
    }
    if let (Some(s), Some(e)) = (starts, ends) {
        if e < s {
            p.add(
                "ends_on",
                format!(
                    "The budget must end on or after it starts ({}).",
                    dates::uk(s)
                ),
            );
        }
    }
    if !(i.pays_time || i.pays_travel || i.pays_childcare || i.pays_other) {
        p.add(
            "pays_time",
            "Tick at least one thing the budget may pay for: time, travel, childcare or other costs.",
        );
    }
    p.finish()?;
    let got = "checked above";
    let day = |d: Option<NaiveDate>| dates::iso(d.expect(got));
    Ok(Budget {
        id: i.id.unwrap_or(0),
        funder_id: i.funder_id,
        funder_name: String::new(),
        name: name.expect(got),
        amount_pence: amount.expect(got),
        starts_on: day(starts),
        ends_on: day(ends),
        pays_time: i.pays_time,
        pays_travel: i.pays_travel,
        pays_childcare: i.pays_childcare,
        pays_other: i.pays_other,
        spent_pence: 0,
        left_pence: 0,
        percent_spent: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_strictly_past_in_exact_pence() {
        // £1,000.00: 90% is exactly £900.00, and one penny more is past it.
        assert_eq!(past_threshold(90_000, 100_000), None);
        assert_eq!(
            past_threshold(90_001, 100_000),
            Some(WarningCode::BudgetPast90)
        );
        assert_eq!(
            past_threshold(100_000, 100_000),
            Some(WarningCode::BudgetPast90)
        );
        assert_eq!(
            past_threshold(100_001, 100_000),
            Some(WarningCode::BudgetPast100)
        );
        // An amount whose nine tenths is not whole: £0.15, nine tenths is 13.5p.
        assert_eq!(past_threshold(13, 15), None);
        assert_eq!(past_threshold(14, 15), Some(WarningCode::BudgetPast90));
    }

    #[test]
    fn percent_rounds_down() {
        assert_eq!(percent(89_999, 100_000), 89);
        assert_eq!(percent(100_001, 100_000), 100);
        assert_eq!(percent(-5, 100), 0);
    }
}
