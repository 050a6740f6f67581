//! The shapes that cross the boundary to the window and the command line. Field names are
//! snake_case in JSON. Money is integer pence, distances tenths of a mile, time minutes,
//! dates ISO `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM` (local time). Inputs that people
//! type (money, miles, hours) arrive as text and are parsed by the core, so that every
//! error is worded in one place.

use serde::{Deserialize, Serialize};

// ---------- people using the app ----------

/// Somebody who can use the app: a member with a role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    pub roles: Vec<String>,
}

impl Person {
    pub fn can_approve(&self) -> bool {
        self.roles.iter().any(|r| r == "chair" || r == "treasurer")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SetupInput {
    pub forum_name: String,
    pub your_name: String,
    #[serde(default)]
    pub your_email: String,
}

// ---------- forum settings ----------

#[derive(Debug, Clone, Serialize, Deserialize, Default, PartialEq)]
pub struct Forum {
    pub name: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub charity_number: String,
    #[serde(default)]
    pub payment_terms: String,
    #[serde(default)]
    pub declaration: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Funder {
    pub id: i64,
    pub name: String,
    pub cost_code: String,
    pub finance_contact: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct FunderInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub cost_code: String,
    #[serde(default)]
    pub finance_contact: String,
}

/// A payment policy in force from a date until the next one starts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Policy {
    pub id: i64,
    pub effective_from: String,
    pub recognition_hourly_pence: i64,
    pub recognition_half_day_pence: Option<i64>,
    pub recognition_full_day_pence: Option<i64>,
    pub car_first_band_pence: i64,
    pub car_after_band_pence: i64,
    pub car_band_miles: i64,
    pub motorcycle_pence: i64,
    pub bicycle_pence: i64,
    pub passenger_pence: i64,
    pub childcare_cap_hourly_pence: i64,
    pub claim_age_limit_months: i64,
    pub receipt_threshold_pence: i64,
}

/// A policy as typed into the settings form: money as pounds text ("15.00"), blank for none.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct PolicyInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub effective_from: String,
    pub recognition_hourly: String,
    #[serde(default)]
    pub recognition_half_day: String,
    #[serde(default)]
    pub recognition_full_day: String,
    pub car_first_band: String,
    pub car_after_band: String,
    pub car_band_miles: String,
    pub motorcycle: String,
    pub bicycle: String,
    pub passenger: String,
    pub childcare_cap_hourly: String,
    pub claim_age_limit_months: String,
    pub receipt_threshold: String,
}

// ---------- members ----------

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MemberFilter {
    /// Matches name, known-as, email, phone or postcode.
    #[serde(default)]
    pub text: String,
    /// "active", "lapsed", "left", or empty for all.
    #[serde(default)]
    pub status: String,
    /// Only members who are representatives.
    #[serde(default)]
    pub reps_only: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MemberSummary {
    pub id: i64,
    pub name: String,
    pub known_as: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub status: String,
    pub joined_on: Option<String>,
    pub is_rep: bool,
    pub erased: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub known_as: String,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub joined_on: Option<String>,
    pub status: String,
    pub consent_email: bool,
    pub consent_phone: bool,
    pub consent_post: bool,
    pub children_consent_on: Option<String>,
    pub children_consent_by: Option<String>,
    pub children: Vec<Child>,
    pub is_rep: bool,
    pub erased_on: Option<String>,
    pub anon_ref: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MemberInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub known_as: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub postcode: String,
    /// ISO or UK date; blank for unknown.
    #[serde(default)]
    pub joined_on: String,
    /// "active" (default), "lapsed" or "left".
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub consent_email: bool,
    #[serde(default)]
    pub consent_phone: bool,
    #[serde(default)]
    pub consent_post: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Child {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub age_band: String,
    pub needs: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ChildInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub member_id: i64,
    pub name: String,
    #[serde(default)]
    pub age_band: String,
    #[serde(default)]
    pub needs: String,
}

/// What a CSV import would do, row by row, before anything is saved.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportPreview {
    pub rows: Vec<ImportRow>,
    pub adds: usize,
    pub updates: usize,
    pub errors: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportRow {
    /// Line number in the file, counting the header as line 1.
    pub line: usize,
    /// "add", "update" or "error".
    pub action: String,
    pub name: String,
    pub email: String,
    pub errors: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportResult {
    pub added: usize,
    pub updated: usize,
}

/// Where an export was written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SavedFile {
    pub path: String,
    pub bytes: u64,
}

// ---------- representatives ----------

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Rep {
    pub member_id: i64,
    pub name: String,
    pub is_chair: bool,
    pub is_treasurer: bool,
    pub is_rep: bool,
    pub started_on: String,
    pub confidentiality_signed_on: Option<String>,
    /// "car", "motorcycle", "bicycle" or "none".
    pub vehicle: String,
    pub active: bool,
    pub training: Vec<Training>,
    pub groups: Vec<GroupRef>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct RepInput {
    pub member_id: i64,
    #[serde(default)]
    pub is_chair: bool,
    #[serde(default)]
    pub is_treasurer: bool,
    #[serde(default)]
    pub is_rep: bool,
    pub started_on: String,
    #[serde(default)]
    pub confidentiality_signed_on: String,
    #[serde(default)]
    pub vehicle: String,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub group_ids: Vec<i64>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Training {
    pub id: i64,
    pub course: String,
    pub completed_on: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GroupRef {
    pub id: i64,
    pub name: String,
}

// ---------- groups ----------

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Group {
    pub id: i64,
    pub name: String,
    /// "board" or "workstream".
    pub kind: String,
    pub funder_id: Option<i64>,
    pub funder_name: Option<String>,
    pub quorum_total: i64,
    pub notes: String,
    pub orgs: Vec<GroupOrg>,
    pub rep_ids: Vec<i64>,
    /// The quoracy rule in words, e.g. "At least 4 people, including at least 2 from the council…".
    pub quorum_rule: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct GroupOrg {
    pub organisation: String,
    pub min_present: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct GroupInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub funder_id: Option<i64>,
    #[serde(default)]
    pub quorum_total: i64,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub orgs: Vec<GroupOrg>,
}

// ---------- meetings ----------

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MeetingFilter {
    #[serde(default)]
    pub group_id: Option<i64>,
    /// ISO date, inclusive.
    #[serde(default)]
    pub from: String,
    /// ISO date, inclusive.
    #[serde(default)]
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingSummary {
    pub id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub finalised: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meeting {
    pub id: i64,
    pub group_id: i64,
    pub group_name: String,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub online_link: String,
    pub notice_sent_on: Option<String>,
    pub papers_sent_on: Option<String>,
    pub chair_name: String,
    pub chair_org: String,
    pub note_taker_name: String,
    pub note_taker_org: String,
    pub finalised_at: Option<String>,
    pub finalised_by_name: Option<String>,
    pub people: Vec<MeetingPerson>,
    pub agenda: Vec<AgendaItem>,
    pub decisions: Vec<Decision>,
    pub actions: Vec<Action>,
    /// Open actions from earlier meetings of the same group.
    pub carried_over: Vec<Action>,
    pub checks: MeetingChecks,
    pub reopenings: Vec<Reopening>,
    /// Whose turn it is to chair and take notes, by organisation, from the group's rotation.
    pub suggested_chair_org: Option<String>,
    pub suggested_note_taker_org: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct MeetingChecks {
    /// Plain-English warnings: short notice, late papers, too long.
    pub warnings: Vec<String>,
    pub quorate: bool,
    /// Why it is (or is not) quorate, e.g. "Quorate: 5 present (needs 4); council 2 of 2 …".
    pub quoracy_reason: String,
    pub quorum_rule: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MeetingInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub group_id: i64,
    pub title: String,
    /// `YYYY-MM-DDTHH:MM`
    pub starts_at: String,
    /// `YYYY-MM-DDTHH:MM`
    pub ends_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online_link: String,
    #[serde(default)]
    pub notice_sent_on: String,
    #[serde(default)]
    pub papers_sent_on: String,
    #[serde(default)]
    pub chair_name: String,
    #[serde(default)]
    pub chair_org: String,
    #[serde(default)]
    pub note_taker_name: String,
    #[serde(default)]
    pub note_taker_org: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingPerson {
    pub id: i64,
    pub member_id: Option<i64>,
    pub name: String,
    pub organisation: String,
    /// "invited", "attended", "apologies" or "absent".
    pub attendance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MeetingPersonInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub meeting_id: i64,
    #[serde(default)]
    pub member_id: Option<i64>,
    pub name: String,
    pub organisation: String,
    #[serde(default)]
    pub attendance: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AgendaItem {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub presenter: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Decision {
    pub id: i64,
    pub position: i64,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Action {
    pub id: i64,
    pub meeting_id: i64,
    pub meeting_title: String,
    pub meeting_date: String,
    pub text: String,
    pub owner: String,
    pub due_on: Option<String>,
    /// "open", "done" or "dropped".
    pub status: String,
}

/// Agenda items, decisions and actions share one input shape: the field that does not
/// apply is left blank.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MeetingItemInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub meeting_id: i64,
    pub text: String,
    /// Presenter for agenda items, owner for actions.
    #[serde(default)]
    pub who: String,
    /// Due date for actions.
    #[serde(default)]
    pub due_on: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reopening {
    pub reason: String,
    pub reopened_by_name: Option<String>,
    pub reopened_at: String,
}

// ---------- claims ----------

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
    /// "draft", "submitted", "returned", "approved" or "paid".
    pub status: String,
    pub total_pence: i64,
    pub line_count: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimView {
    pub summary: ClaimSummary,
    pub lines: Vec<ClaimLine>,
    /// Every line's warnings, for the approver.
    pub warnings: Vec<Warning>,
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

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClaimLine {
    pub id: i64,
    pub claim_id: i64,
    pub line_date: String,
    /// "time", "mileage", "fares", "parking", "childcare" or "other".
    pub kind: String,
    pub meeting_id: Option<i64>,
    /// "Meeting title (Group)" for meetings, or the activity typed in.
    pub activity: String,
    pub description: String,
    pub minutes: Option<i64>,
    pub time_basis: Option<String>,
    pub rate_pence: Option<i64>,
    pub from_place: Option<String>,
    pub to_place: Option<String>,
    pub miles_tenths: Option<i64>,
    pub vehicle: Option<String>,
    pub passengers: Option<i64>,
    pub first_band_tenths: Option<i64>,
    pub after_band_tenths: Option<i64>,
    pub first_band_pence: Option<i64>,
    pub after_band_pence: Option<i64>,
    pub passenger_pence: Option<i64>,
    pub entered_pence: Option<i64>,
    pub cap_pence: Option<i64>,
    pub amount_pence: i64,
    /// How the amount was worked out, in words.
    pub details: String,
    pub reverses_line_id: Option<i64>,
    /// The line that reverses this one, if any.
    pub reversed_by_line_id: Option<i64>,
    pub receipts: Vec<ReceiptInfo>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReceiptInfo {
    pub id: i64,
    pub file_name: String,
    pub mime: String,
    pub size_bytes: i64,
    /// Other lines that carry the very same file.
    pub same_file_on_lines: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Warning {
    pub line_id: i64,
    /// "duplicate", "too_old", "missing_receipt", "over_cap", "same_receipt".
    pub code: String,
    pub message: String,
}

/// A claim line as typed into the form. Only the fields for its kind are read.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
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

// ---------- audit ----------

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
}
