//! The shapes of the representatives room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

use crate::meetings::model::{MeetingStandards, NextTurns, NotesRotation, StandardsInput};

pub use super::readiness::GapKind;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Rep {
    pub member_id: i64,
    pub name: String,
    pub is_chair: bool,
    pub is_treasurer: bool,
    pub is_rep: bool,
    pub started_on: String,
    pub confidentiality_signed_on: Option<String>,
    pub vehicle: crate::claims::kinds::RepVehicle,
    pub active: bool,
    pub training: Vec<Training>,
    pub groups: Vec<GroupRef>,
    /// Only in the answer to a save that made them chair or treasurer: the one-time code
    /// they choose their own passphrase with. Shown once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_sign_in_code: Option<String>,
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
    /// The quoracy rule in words, e.g. "At least 4 members, including at least 2 from ESCC…".
    pub quorum_rule: String,
    /// The group's meeting standards, and the same in words.
    pub standards: MeetingStandards,
    pub standards_text: Vec<String>,
    pub notes_rotation: NotesRotation,
    /// What reps who sit on the group need: the confidentiality agreement, training.
    pub requires_confidentiality: bool,
    pub training: Vec<TrainingRequirement>,
    /// Whose turn it is to chair and take notes at the group's next meeting.
    pub next_turns: NextTurns,
}

/// A partner organisation of a group: how many of its members a quorum needs, the other
/// names and departments that count as it, and its part in chairing, notes and sign-off.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GroupOrg {
    pub organisation: String,
    pub min_present: i64,
    /// Departments and other names that count as this partner, e.g. "ESCC Education".
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Takes turns to chair.
    #[serde(default = "yes")]
    pub rotates_chair: bool,
    /// Takes turns to take the notes.
    #[serde(default = "yes")]
    pub rotates_notes: bool,
    /// Signs the notes off.
    #[serde(default)]
    pub signs_off: bool,
}

impl Default for GroupOrg {
    fn default() -> Self {
        GroupOrg {
            organisation: String::new(),
            min_present: 0,
            aliases: Vec::new(),
            rotates_chair: true,
            rotates_notes: true,
            signs_off: false,
        }
    }
}

/// A course the reps on a group must have done, and how long it lasts before renewal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TrainingRequirement {
    pub course: String,
    /// `None`: it never needs renewing.
    pub valid_months: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct TrainingRequirementInput {
    pub course: String,
    /// Whole months; blank: it never needs renewing.
    #[serde(default)]
    pub valid_months: String,
}

/// Something a rep lacks to sit on a group: a course not done, run out or running out soon,
/// or the confidentiality agreement not signed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReadinessGap {
    pub group_id: i64,
    pub group_name: String,
    pub kind: GapKind,
    pub course: Option<String>,
    /// When the training ran out or runs out (ISO date).
    pub on: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RepReadiness {
    pub member_id: i64,
    pub name: String,
    pub gaps: Vec<ReadinessGap>,
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
    #[serde(default)]
    pub standards: StandardsInput,
    /// "own_turn" (the default), "same_as_chair" or "other_partner".
    #[serde(default)]
    pub notes_rotation: String,
    #[serde(default)]
    pub requires_confidentiality: bool,
    #[serde(default)]
    pub training: Vec<TrainingRequirementInput>,
}
