//! The shapes of the forum room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

/// Somebody who can use the app: a member with a role.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Person {
    pub id: i64,
    pub name: String,
    /// Roles as labels: "chair", "treasurer", "rep".
    pub roles: Vec<String>,
    /// For the signed-in person: whether their sign-in carries the forum's signing key, the
    /// only thing that gives officer powers. Always false in lists of other people.
    #[serde(default)]
    pub officer: bool,
}

impl Person {
    /// Officer powers: holding the forum's signing key (see `officer`), never a role label.
    pub fn can_approve(&self) -> bool {
        self.officer
    }
}

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
    /// The funder whose policy this is; `None` for the forum's own, which applies to every
    /// funder without a policy of its own in force.
    #[serde(default)]
    pub funder_id: Option<i64>,
    #[serde(default)]
    pub funder_name: Option<String>,
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
    /// Blank (`None`) for the forum's own policy.
    #[serde(default)]
    pub funder_id: Option<i64>,
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
