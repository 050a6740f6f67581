//! The shapes of the meetings room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

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
