//! The shapes of the projects room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

pub use super::kinds::{Answer, Ladder, LinkVia};
use crate::model::GroupRef;

/// The planning form (appendix C) as typed. Text as typed; the core parses it.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ProjectInput {
    /// None: a new project.
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default)]
    pub lead_contacts: String,
    #[serde(default)]
    pub contact_info: String,
    #[serde(default)]
    pub organisations: String,
    #[serde(default)]
    pub departments: String,
    #[serde(default)]
    pub group_ids: Vec<i64>,
    #[serde(default)]
    pub aim: String,
    /// A [`Ladder`] value or label.
    pub planned_level: String,
    #[serde(default)]
    pub success: String,
    #[serde(default)]
    pub ongoing: bool,
    #[serde(default)]
    pub timeframe: String,
    /// Blank: not known yet.
    #[serde(default)]
    pub meetings_per_year: String,
    #[serde(default)]
    pub meeting_plans: String,
    #[serde(default)]
    pub other_info: String,
    #[serde(default)]
    pub started_on: String,
}

/// One line of the projects list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProjectSummaryRow {
    pub id: i64,
    pub name: String,
    pub planned_level: Ladder,
    /// The level most feedback forms say it reached; None before any feedback.
    pub reached_level: Option<Ladder>,
    pub feedback_count: i64,
    /// "7.3" (out of 10), exact average shown to one decimal; None before any feedback.
    pub average_rating: Option<String>,
    pub open_escalations: i64,
    pub groups: Vec<GroupRef>,
    pub hours: ProjectHours,
}

/// A project with everything recorded about it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Project {
    pub id: i64,
    pub name: String,
    pub lead_contacts: String,
    pub contact_info: String,
    pub organisations: String,
    pub departments: String,
    pub groups: Vec<GroupRef>,
    pub aim: String,
    pub planned_level: Ladder,
    pub success: String,
    pub ongoing: bool,
    pub timeframe: String,
    pub meetings_per_year: Option<i64>,
    pub meeting_plans: String,
    pub other_info: String,
    pub started_on: Option<String>,
    pub monitoring: Vec<MonitoringEntry>,
    pub feedback: Vec<Feedback>,
    pub summary: FeedbackSummary,
    pub hours: ProjectHours,
    pub meetings: Vec<LinkedMeeting>,
    pub lines: Vec<LinkedLine>,
}

/// A monitoring entry (appendix D) as typed.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MonitoringInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub project_id: i64,
    pub entry_on: String,
    #[serde(default)]
    pub going_well: String,
    #[serde(default)]
    pub going_less_well: String,
    #[serde(default)]
    pub next_steps: String,
    #[serde(default)]
    pub barriers_risks: String,
    #[serde(default)]
    pub embedding: String,
    #[serde(default)]
    pub missing_input: String,
    /// Anything to escalate; blank: nothing.
    #[serde(default)]
    pub escalation: String,
    #[serde(default)]
    pub further_action: String,
    #[serde(default)]
    pub learning: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MonitoringEntry {
    pub id: i64,
    pub project_id: i64,
    pub entry_on: String,
    pub going_well: String,
    pub going_less_well: String,
    pub next_steps: String,
    pub barriers_risks: String,
    pub embedding: String,
    pub missing_input: String,
    pub escalation: String,
    pub further_action: String,
    pub learning: String,
    /// When the escalation was dealt with; None while it is open (or there is none).
    pub escalation_dealt_on: Option<String>,
    pub escalation_outcome: String,
    pub escalation_dealt_by_name: Option<String>,
    pub recorded_by_name: Option<String>,
}

/// An escalation not yet dealt with, for the officers' first screen.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OpenEscalation {
    pub entry_id: i64,
    pub project_id: i64,
    pub project_name: String,
    pub entry_on: String,
    pub escalation: String,
}

/// A feedback form (appendix E) as typed.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct FeedbackInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub project_id: i64,
    pub given_on: String,
    pub organisation: String,
    #[serde(default)]
    pub role: String,
    pub remit_clear: String,
    #[serde(default)]
    pub remit_comment: String,
    pub meetings_effective: String,
    #[serde(default)]
    pub meetings_comment: String,
    pub communication_effective: String,
    #[serde(default)]
    pub communication_comment: String,
    #[serde(default)]
    pub impact: String,
    #[serde(default)]
    pub learning: String,
    /// 0 (very poor) to 10 (perfection).
    pub rating: String,
    pub reached_level: String,
    #[serde(default)]
    pub top_tips: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Feedback {
    pub id: i64,
    pub project_id: i64,
    pub given_on: String,
    pub organisation: String,
    pub role: String,
    pub remit_clear: Answer,
    pub remit_comment: String,
    pub meetings_effective: Answer,
    pub meetings_comment: String,
    pub communication_effective: Answer,
    pub communication_comment: String,
    pub impact: String,
    pub learning: String,
    pub rating: i64,
    pub reached_level: Ladder,
    pub top_tips: String,
}

/// How many forms chose each answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct AnswerCounts {
    pub yes: i64,
    pub partly: i64,
    pub no: i64,
}

/// How many forms said the project reached a level.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LevelCount {
    pub level: Ladder,
    pub label: String,
    pub count: i64,
}

/// What one organisation's forms say.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OrganisationFeedback {
    pub organisation: String,
    pub forms: i64,
    pub rating_sum: i64,
    /// Exact average shown to one decimal, e.g. "7.5".
    pub average_rating: String,
    pub remit_clear: AnswerCounts,
    pub meetings_effective: AnswerCounts,
    pub communication_effective: AnswerCounts,
    /// Every level, lowest first, with how many of this organisation's forms chose it.
    pub reached: Vec<LevelCount>,
}

/// What a project's feedback adds up to.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FeedbackSummary {
    pub forms: i64,
    pub rating_sum: i64,
    /// Exact average (rating_sum ÷ forms) shown to one decimal; None before any feedback.
    pub average_rating: Option<String>,
    pub planned_level: Ladder,
    /// The level most forms chose; a tie goes to the lower level, so the forum never claims
    /// more than its partners agree on. None before any feedback.
    pub reached_level: Option<Ladder>,
    /// "Reached the planned level", "Below the planned level (Consultation, planned
    /// Co-production)", ...; None before any feedback.
    pub against_plan: Option<String>,
    /// Every level, lowest first, with how many forms chose it.
    pub reached_spread: Vec<LevelCount>,
    pub by_organisation: Vec<OrganisationFeedback>,
}

/// The time and money a project took, from its linked meetings and claim lines. Only lines
/// of approved or paid claims count; reversals count against the line they reverse.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct ProjectHours {
    pub meetings: i64,
    /// The linked meetings' lengths added up.
    pub meeting_minutes: i64,
    /// Reps' time lines (minutes) on approved or paid claims.
    pub claimed_minutes: i64,
    /// Every approved or paid line's amount (time, travel, childcare, ...).
    pub cost_pence: i64,
    /// "£1,234.56"
    pub cost_text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LinkedMeeting {
    pub meeting_id: i64,
    pub title: String,
    pub group_name: String,
    pub starts_at: String,
    pub minutes: i64,
}

/// A claim line linked to a project, directly or through its meeting.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LinkedLine {
    pub line_id: i64,
    pub claim_id: i64,
    pub rep_name: String,
    pub line_date: String,
    pub kind: String,
    pub minutes: Option<i64>,
    pub amount_pence: i64,
    pub claim_status: String,
    /// True when linked on its own; false when it counts through its meeting.
    pub direct: bool,
}

/// The project a line of a claim counts for, for the claim's screen.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LineProject {
    pub line_id: i64,
    pub project_id: i64,
    pub project_name: String,
    pub via: LinkVia,
}
