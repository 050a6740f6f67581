//! The shapes of the representatives room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

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
