//! The shapes of the money room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

use crate::model::ClaimSummary;

/// One grant from a funder: an amount for a period, what it may pay for, and what approved
/// and paid claim lines have spent of it so far.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Budget {
    pub id: i64,
    pub funder_id: i64,
    pub funder_name: String,
    pub name: String,
    pub amount_pence: i64,
    pub starts_on: String,
    pub ends_on: String,
    pub pays_time: bool,
    /// Mileage, fares and parking.
    pub pays_travel: bool,
    pub pays_childcare: bool,
    pub pays_other: bool,
    /// Approved and paid lines in the period and the categories it pays for.
    pub spent_pence: i64,
    /// Negative when overspent.
    pub left_pence: i64,
    /// Whole per cent spent, rounded down (so 90% means at most 90%).
    pub percent_spent: i64,
}

/// A budget as typed into the form: the amount as pounds text, dates as typed.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct BudgetInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub funder_id: i64,
    pub name: String,
    pub amount: String,
    pub starts_on: String,
    pub ends_on: String,
    #[serde(default)]
    pub pays_time: bool,
    #[serde(default)]
    pub pays_travel: bool,
    #[serde(default)]
    pub pays_childcare: bool,
    #[serde(default)]
    pub pays_other: bool,
}

/// The forum's target for paying claims, in days from submission.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PaymentTarget {
    pub days: i64,
}

/// A claim submitted, or approved and not yet paid, for longer than the forum's target.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WaitingClaim {
    pub claim: ClaimSummary,
    /// Days since it was submitted.
    pub days_waiting: i64,
    pub target_days: i64,
}

/// The claims waiting longer than the forum's target: how many there are, and the longest
/// waiting few (a 20-year forum that never records payments can have thousands, and the
/// first screen must not wait for them all).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimsWaiting {
    pub count: i64,
    pub target_days: i64,
    /// The longest waiting first, at most [`crate::money::time_to_pay::WAITING_SHOWN`].
    pub longest: Vec<WaitingClaim>,
}

/// One calendar month of a rep's recognition payments against the Carer's Allowance weekly
/// earnings limit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EarningsMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Recognition payments (time lines) counted to the month: by the month they were paid,
    /// or before payment the claim's month.
    pub recognition_pence: i64,
    /// The month's recognition × 12 ÷ 52, rounded to the penny (for showing only; the check
    /// itself is exact).
    pub weekly_average_pence: i64,
    /// The weekly earnings limit in force at the end of the month, if any is recorded.
    pub weekly_limit_pence: Option<i64>,
    /// Strictly over the limit: recognition × 12 > limit × 52.
    pub over_limit: bool,
}

/// A rep's statement for one tax year (6 April to 5 April): recognition payments kept apart
/// from expenses repaid, by calendar month.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RepStatement {
    pub rep_id: i64,
    pub rep_name: String,
    /// The year the tax year starts in: 2026 for 6 April 2026 to 5 April 2027.
    pub tax_year: i32,
    pub starts_on: String,
    pub ends_on: String,
    pub months: Vec<StatementMonth>,
    pub recognition_pence: i64,
    pub expenses_pence: i64,
    /// Of the totals, what is approved or submitted but not yet paid.
    pub unpaid_pence: i64,
    /// The year's recognition payments ÷ 52, to the penny.
    pub weekly_average_pence: i64,
    /// Only for a rep who has recorded that they get Carer's Allowance.
    pub carers_allowance: bool,
    /// The months (whole calendar months) whose recognition payments average more than the
    /// weekly earnings limit; empty unless `carers_allowance`.
    pub over_limit: Vec<EarningsMonth>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StatementMonth {
    /// `YYYY-MM`.
    pub month: String,
    pub recognition_pence: i64,
    pub expenses_pence: i64,
    /// Part of this month's amounts not paid yet (counted in the claim's month).
    pub unpaid_pence: i64,
    /// Recognition × 12 ÷ 52, to the penny.
    pub weekly_average_pence: i64,
}
