//! The shapes of the claims room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

pub use super::kinds::{ClaimStatus, LineKind, RepVehicle, TimeBasis, Vehicle};
pub use super::lines::LineFields;
pub use super::warnings::WarningCode;

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ClaimFilter {
    /// `YYYY-MM`, or empty for every month.
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub funder_id: Option<i64>,
    #[serde(default)]
    pub rep_id: Option<i64>,
    /// Empty for every status.
    #[serde(default)]
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimSummary {
    pub id: i64,
    pub rep_id: i64,
    pub rep_name: String,
    pub funder_id: i64,
    pub funder_name: String,
    pub month: String,
    pub status: ClaimStatus,
    pub total_pence: i64,
    pub line_count: i64,
    /// On the forum laptop: being edited on the rep's own computer, so read-only here.
    #[serde(default)]
    pub with_rep: bool,
    /// The day it was submitted (`YYYY-MM-DD`), and the days from then to its approval and to
    /// its payment; `None` until each has happened.
    #[serde(default)]
    pub submitted_on: Option<String>,
    #[serde(default)]
    pub days_to_approval: Option<i64>,
    #[serde(default)]
    pub days_to_payment: Option<i64>,
}

/// One page of the claims list, with how many claims match in all.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimsPage {
    pub claims: Vec<ClaimSummary>,
    /// How many claims match the filter in all.
    pub total: i64,
    /// Where this page starts (0 for the first).
    pub offset: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimView {
    pub summary: ClaimSummary,
    pub lines: Vec<ClaimLine>,
    /// Every line's warnings, for the approver.
    pub warnings: Vec<Warning>,
    /// What the rep lacked (training, the confidentiality agreement) for the groups whose
    /// meetings the claim is for, on the meetings' dates.
    pub readiness_warnings: Vec<String>,
    /// For a rep who gets Carer's Allowance, shown only to them and the officers while the
    /// claim can still be submitted: the claim's month would average more than the weekly
    /// earnings limit. They acknowledge it before submitting; it never stops them.
    #[serde(default)]
    pub earnings_warning: Option<String>,
    pub totals: CategoryTotals,
    pub declaration: Option<String>,
    pub submitted_at: Option<String>,
    /// Who submitted it: the rep, or a chair or treasurer entering their paper claim.
    pub submitted_by_name: Option<String>,
    pub returned_reason: Option<String>,
    pub returned_by_name: Option<String>,
    pub returned_at: Option<String>,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<String>,
    pub accepted_warnings: Vec<String>,
    pub paid_on: Option<String>,
    pub payment_reference: Option<String>,
    /// What the person using the app may do with this claim now.
    pub can_edit: bool,
    pub can_submit: bool,
    pub can_approve: bool,
    pub can_mark_paid: bool,
    /// Why they cannot approve, in plain English, when they cannot.
    pub approve_blocked_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CategoryTotals {
    pub time_pence: i64,
    pub mileage_pence: i64,
    pub fares_parking_pence: i64,
    pub childcare_pence: i64,
    pub other_pence: i64,
    pub total_pence: i64,
}

/// A line as the window and the pack show it: its stored fields, its number within the
/// claim, and what it means in words.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimLine {
    pub id: i64,
    pub claim_id: i64,
    /// 1, 2, 3 within its claim, by date and then the order the lines were entered. This, not
    /// the database id, is what people see.
    pub number: i64,
    #[serde(flatten)]
    pub fields: LineFields,
    /// "Meeting title (Group)" for meetings, or the activity typed in.
    pub activity_label: String,
    /// How the amount was worked out, in words.
    pub details: String,
    /// The line that reverses this one, if any.
    pub reversed_by_line_id: Option<i64>,
    /// "line 3", or "line 2 of the October 2026 claim to County Council" for the line this one
    /// reverses.
    pub reverses_label: Option<String>,
    pub receipts: Vec<ReceiptInfo>,
    pub warnings: Vec<Warning>,
}

impl std::ops::Deref for ClaimLine {
    type Target = LineFields;
    fn deref(&self) -> &LineFields {
        &self.fields
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReceiptInfo {
    pub id: i64,
    pub file_name: String,
    pub mime: String,
    pub size_bytes: i64,
    /// Other lines that carry the very same file, as people see them ("line 2", "line 1 of
    /// the October 2026 claim to County Council").
    pub same_file_on_lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Warning {
    /// The line it is about; `None` for a warning about the whole claim (a budget).
    pub line_id: Option<i64>,
    pub code: WarningCode,
    pub message: String,
}

/// A claim line as typed into the form. Only the fields for its kind are read.
#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct LineInput {
    pub line_date: String,
    pub kind: String,
    #[serde(default)]
    pub meeting_id: Option<i64>,
    /// The other work this was for, when it was not a meeting.
    #[serde(default)]
    pub activity: String,
    #[serde(default)]
    pub description: String,
    /// time: minutes spent.
    #[serde(default)]
    pub minutes: String,
    /// time: "hourly" (default), "half_day" or "full_day".
    #[serde(default)]
    pub time_basis: String,
    #[serde(default)]
    pub from_place: String,
    #[serde(default)]
    pub to_place: String,
    /// mileage: miles, to one decimal place.
    #[serde(default)]
    pub miles: String,
    /// mileage: "car", "motorcycle" or "bicycle"; blank for the rep's usual vehicle.
    #[serde(default)]
    pub vehicle: String,
    #[serde(default)]
    pub passengers: String,
    /// childcare: hours of care, e.g. "3.5".
    #[serde(default)]
    pub hours: String,
    /// fares, parking, childcare, other: amount in pounds, e.g. "12.50".
    #[serde(default)]
    pub amount: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Receipt {
    pub id: i64,
    pub line_id: i64,
    pub file_name: String,
    pub mime: String,
    pub content: Vec<u8>,
}
