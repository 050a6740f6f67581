//! The shapes of the impact room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

use crate::text::choice;

choice! {
    /// Where what parent carers said came from.
    pub enum OutcomeSource ("source") {
        Meeting = "meeting", "A meeting";
        Survey = "survey", "A survey";
        Project = "project", "A project";
        IssuesLog = "issues_log", "The issues log";
    }
}

/// An issues-log entry as typed. Numbers only: how many families, never who.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct IssueInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub theme: String,
    #[serde(default)]
    pub service: String,
    pub families: String,
    pub raised_on: String,
    #[serde(default)]
    pub group_id: Option<i64>,
    #[serde(default)]
    pub meeting_id: Option<i64>,
    #[serde(default)]
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Issue {
    pub id: i64,
    pub theme: String,
    pub service: String,
    pub families: i64,
    pub raised_on: String,
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub meeting_id: Option<i64>,
    pub meeting_title: Option<String>,
    pub outcome: String,
}

/// A theme with how often and by how many families it was raised.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThemeCount {
    pub theme: String,
    pub entries: i64,
    pub families: i64,
}

/// A "you said, we did" entry as typed.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct OutcomeInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub said: String,
    pub said_on: String,
    /// An [`OutcomeSource`] value or label.
    pub source: String,
    #[serde(default)]
    pub meeting_id: Option<i64>,
    #[serde(default)]
    pub project_id: Option<i64>,
    #[serde(default)]
    pub issue_id: Option<i64>,
    #[serde(default)]
    pub source_detail: String,
    #[serde(default)]
    pub changed: bool,
    #[serde(default)]
    pub we_did: String,
    #[serde(default)]
    pub decided_by: String,
    #[serde(default)]
    pub told_on: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Outcome {
    pub id: i64,
    pub said: String,
    pub said_on: String,
    pub source: OutcomeSource,
    /// "SEND Strategy Board, 09/10/2026", "Survey: transport 2026", ...
    pub source_text: String,
    pub meeting_id: Option<i64>,
    pub decision_id: Option<i64>,
    pub project_id: Option<i64>,
    pub issue_id: Option<i64>,
    pub source_detail: String,
    pub changed: bool,
    pub we_did: String,
    pub decided_by: String,
    pub told_on: Option<String>,
}
