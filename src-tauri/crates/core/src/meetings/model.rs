//! The shapes of the meetings room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

pub use super::kinds::{ExceptionKind, Membership, NotesRotation, NotesVersion, PapersRule};

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

/// One page of the meetings list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingsPage {
    pub meetings: Vec<MeetingSummary>,
    /// How many meetings match the filter in all.
    pub total: i64,
    /// Where this page starts (0 for the first).
    pub offset: i64,
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

/// A meeting with its checks worked out, for the command line's `meetings list --json`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingOverview {
    pub summary: MeetingSummary,
    pub checks: MeetingChecks,
    pub suggested_chair_org: Option<String>,
    pub suggested_note_taker_org: Option<String>,
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
    /// When the notes were sent to the partners.
    pub notes_sent_on: Option<String>,
    pub people: Vec<MeetingPerson>,
    pub agenda: Vec<AgendaItem>,
    pub decisions: Vec<Decision>,
    pub actions: Vec<Action>,
    /// Open actions from earlier meetings of the same group.
    pub carried_over: Vec<Action>,
    pub checks: MeetingChecks,
    pub reopenings: Vec<Reopening>,
    /// Whose turn it is to chair and take notes, by organisation, from the group's rotation
    /// and the record of who actually chaired and took notes at earlier meetings.
    pub suggested_chair_org: Option<String>,
    pub suggested_note_taker_org: Option<String>,
    /// Exceptions to the group's standards agreed for this meeting.
    pub exceptions: Vec<MeetingException>,
    /// Each partner that signs the notes off, and whether (who, when) it has.
    pub signoffs: Vec<SignOff>,
    /// Every signing-off partner has agreed the notes.
    pub signed_off: bool,
    /// Forum members invited or present who lack what the group requires (training, the
    /// confidentiality agreement) on the meeting's date.
    pub readiness_warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct MeetingChecks {
    /// Plain-English warnings: short notice, late papers, too long, at a time or in a school
    /// holiday that does not suit parents. A warning the group agreed an exception for is
    /// not here: its exception is.
    pub warnings: Vec<String>,
    /// The agreed exceptions, in words: "Called at short notice because …, agreed by …".
    pub exceptions: Vec<String>,
    pub quorate: bool,
    /// Why it is (or is not) quorate, e.g. "Quorate: 5 members present (ESCC 2 of 2, …); 1
    /// guest not counted."
    pub quoracy_reason: String,
    pub quorum_rule: String,
    /// When notice, papers and agenda items are due by the group's standards (ISO dates).
    pub notice_due_on: Option<String>,
    pub papers_due_on: Option<String>,
    pub items_due_on: Option<String>,
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
    /// Members count towards quoracy; guests do not.
    pub membership: Membership,
    /// The group's partner organisation this person counts for (their organisation is the
    /// partner's name or one of its departments or other names), if any.
    pub counts_for: Option<String>,
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
    /// "member" (the default) or "guest".
    #[serde(default)]
    pub membership: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AgendaItem {
    pub id: i64,
    pub position: i64,
    pub title: String,
    pub presenter: String,
    /// Left out of the shareable notes.
    pub confidential: bool,
    /// When the item (and its papers) reached the administrator.
    pub received_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Decision {
    pub id: i64,
    pub position: i64,
    pub text: String,
    /// Left out of the shareable notes.
    pub confidential: bool,
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
    /// Agenda items and decisions: left out of the shareable notes.
    #[serde(default)]
    pub confidential: bool,
    /// Agenda items: when the item reached the administrator.
    #[serde(default)]
    pub received_on: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reopening {
    pub reason: String,
    pub reopened_by_name: Option<String>,
    pub reopened_at: String,
}

/// A group's meeting standards, from its terms of reference. The defaults are what every
/// group had before they could be set: 14 days' notice, papers 7 days ahead, at most 90
/// minutes.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingStandards {
    pub notice_days: i64,
    pub papers_rule: PapersRule,
    pub papers_days: i64,
    /// Agenda items and papers to the administrator this many working days before.
    pub items_working_days: Option<i64>,
    pub longest_minutes: i64,
    /// `HH:MM`: the earliest and latest start that suit parents.
    pub earliest_start: Option<String>,
    pub latest_start: Option<String>,
    pub avoid_school_holidays: bool,
}

impl Default for MeetingStandards {
    fn default() -> Self {
        MeetingStandards {
            notice_days: 14,
            papers_rule: PapersRule::Days,
            papers_days: 7,
            items_working_days: None,
            longest_minutes: 90,
            earliest_start: None,
            latest_start: None,
            avoid_school_holidays: true,
        }
    }
}

/// The standards as typed in the group's form. Blank numbers take today's defaults (14, 7,
/// 90); blank items rule and start times mean "no such rule".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StandardsInput {
    #[serde(default)]
    pub notice_days: String,
    /// "days" or "working_days".
    #[serde(default)]
    pub papers_rule: String,
    #[serde(default)]
    pub papers_days: String,
    #[serde(default)]
    pub items_working_days: String,
    #[serde(default)]
    pub longest_minutes: String,
    #[serde(default)]
    pub earliest_start: String,
    #[serde(default)]
    pub latest_start: String,
    #[serde(default = "yes")]
    pub avoid_school_holidays: bool,
}

impl Default for StandardsInput {
    fn default() -> Self {
        StandardsInput {
            notice_days: String::new(),
            papers_rule: String::new(),
            papers_days: String::new(),
            items_working_days: String::new(),
            longest_minutes: String::new(),
            earliest_start: String::new(),
            latest_start: String::new(),
            avoid_school_holidays: true,
        }
    }
}

fn yes() -> bool {
    true
}

/// An exception to the group's standards that the group agreed for one meeting.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MeetingException {
    pub id: i64,
    pub kind: ExceptionKind,
    pub reason: String,
    pub agreed_by: String,
    pub agreed_on: Option<String>,
    pub recorded_by_name: Option<String>,
    pub recorded_at: String,
    /// "Called at short notice because …, agreed by …."
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct MeetingExceptionInput {
    pub meeting_id: i64,
    /// "short_notice", "late_papers" or "long_meeting".
    pub kind: String,
    pub reason: String,
    pub agreed_by: String,
    #[serde(default)]
    pub agreed_on: String,
}

/// One signing-off partner and its agreement to the notes, if given.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SignOff {
    pub organisation: String,
    pub agreed_by: Option<String>,
    pub agreed_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct SignOffInput {
    pub meeting_id: i64,
    pub organisation: String,
    pub agreed_by: String,
    pub agreed_on: String,
}

/// Whose turn it is at a group's next meeting: the first meeting from now on, or one after
/// the last if none is planned.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct NextTurns {
    pub meeting_id: Option<i64>,
    pub meeting_title: Option<String>,
    pub starts_at: Option<String>,
    pub chair_org: Option<String>,
    pub note_taker_org: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BankHoliday {
    /// ISO date.
    pub on_date: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct BankHolidayInput {
    pub on_date: String,
    pub name: String,
}

/// A school term of the local authority, with its half term.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SchoolTerm {
    pub id: i64,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    pub half_term_starts_on: Option<String>,
    pub half_term_ends_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct SchoolTermInput {
    #[serde(default)]
    pub id: Option<i64>,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
    #[serde(default)]
    pub half_term_starts_on: String,
    #[serde(default)]
    pub half_term_ends_on: String,
}
