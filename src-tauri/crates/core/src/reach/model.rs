//! The shapes of the reach room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

use super::kinds::{HeardVia, Involvement, SteeringState};
use crate::model::FigureRow;

/// One of the forum's areas.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Area {
    pub id: i64,
    pub name: String,
    /// When the forum stopped offering it (ISO); members who chose it keep it.
    pub retired_on: Option<String>,
    /// Members whose details name it.
    pub members: i64,
}

/// A member's reach details, held only with their consent.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MemberReach {
    pub member_id: i64,
    /// When their consent to keep these details was recorded (ISO), and by whom.
    pub consent_on: String,
    pub consent_by: String,
    pub area_id: Option<i64>,
    pub area_name: Option<String>,
    pub heard_via: Option<HeardVia>,
    pub heard_detail: String,
    pub involvement: Option<Involvement>,
}

/// The reach details as a form sends them. Blank means not given.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ReachInput {
    pub member_id: i64,
    /// The member agreed that the forum keeps these details.
    #[serde(default)]
    pub consent: bool,
    #[serde(default)]
    pub area_id: Option<i64>,
    /// A `HeardVia` value or label; blank for not given.
    #[serde(default)]
    pub heard_via: String,
    #[serde(default)]
    pub heard_detail: String,
    /// An `Involvement` value or label; blank for not given.
    #[serde(default)]
    pub involvement: String,
}

/// The steering group and whether it has enough active members.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SteeringStatus {
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    /// Its active reps who are active members.
    pub active: i64,
    /// The number the forum set (0: none).
    pub needed: i64,
    pub state: SteeringState,
    /// In words, for the window, the command line and the report.
    pub message: String,
}

/// Who the forum reaches, as of one day.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReachSummary {
    pub as_of: String,
    /// Active members by area, "Not given" last (`value` the count).
    pub by_area: Vec<FigureRow>,
    pub active_members: i64,
    /// Active members who gave reach details with consent.
    pub with_details: i64,
    /// The funders' year (April to March) that `as_of` falls in.
    pub year_from: String,
    pub year_to: String,
    pub new_this_year: i64,
    /// That year's months up to `as_of`: members who joined in each, and active at its end.
    pub joined_by_month: Vec<FigureRow>,
    pub active_by_month: Vec<FigureRow>,
    /// Active members by how they heard about the forum and how involved they want to be.
    pub heard_via: Vec<FigureRow>,
    pub involvement: Vec<FigureRow>,
    pub steering: SteeringStatus,
}

/// The lists of the member form's reach fieldset.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReachChoices {
    pub heard_via: Vec<crate::text::ChoiceOption>,
    pub involvement: Vec<crate::text::ChoiceOption>,
}
