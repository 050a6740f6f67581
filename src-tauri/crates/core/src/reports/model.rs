//! The shapes of the reports room.

use serde::{Deserialize, Serialize};

/// One row of a figures table: what it is, minutes (or a count) and the text shown.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FigureRow {
    pub label: String,
    pub value: i64,
    pub text: String,
}

/// What the forum did between two dates (inclusive), every figure from the records.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportFigures {
    pub from: String,
    pub to: String,
    /// Each funder's grant whose period overlaps the range: the amount (`text`) and what
    /// approved and paid lines in its period and categories have spent (`value`, pence).
    #[serde(default)]
    pub spend_by_budget: Vec<FigureRow>,
    /// Reps' time on approved or paid claims, in minutes, by group (through the meeting),
    /// funder, project and month.
    pub hours_total_minutes: i64,
    pub hours_by_group: Vec<FigureRow>,
    pub hours_by_funder: Vec<FigureRow>,
    pub hours_by_project: Vec<FigureRow>,
    pub hours_by_month: Vec<FigureRow>,
    /// Meetings that started in the range and are not in the future.
    pub meetings_held: i64,
    /// People recorded as attending them.
    pub attendances: i64,
    /// Met their group's notice and papers standards, or had an agreed exception.
    pub meetings_meeting_standards: i64,
    pub meetings_quorate: i64,
    pub claims_paid: i64,
    pub paid_pence: i64,
    /// Whole days from submission to payment, added up over `claims_paid`.
    pub days_to_pay_total: i64,
    /// The average to one decimal ("9.5"); None when no claim was paid.
    pub average_days_to_pay: Option<String>,
    pub members_active: i64,
    pub new_members: i64,
    /// Members active at the end of the range by area, "Not given" last (value = count,
    /// text = the count as text); they add up to `members_active`.
    pub members_by_area: Vec<FigureRow>,
    /// Each month of the range up to today, labelled like `hours_by_month`: members active
    /// at its end (the current month: today).
    pub members_over_time: Vec<FigureRow>,
    /// The steering group's active members today, and the number the forum needs (0: none
    /// set).
    pub steering_active: i64,
    pub steering_needed: i64,
    pub projects: Vec<ProjectLine>,
    pub top_issues: Vec<crate::model::ThemeCount>,
    pub outcomes: Vec<crate::model::Outcome>,
}

/// A project as the annual report lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ProjectLine {
    pub name: String,
    pub planned_level: String,
    pub reached_level: Option<String>,
    pub average_rating: Option<String>,
    pub feedback_forms: i64,
}
