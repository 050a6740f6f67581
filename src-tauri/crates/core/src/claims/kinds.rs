//! The states a claim moves through and the kinds of thing a line can claim for, as types.
//! Each is stored and sent to the window as snake_case text; the window asks the core for
//! the list of line kinds instead of keeping its own.

use crate::text::{choice, ChoiceOption};

choice! {
    /// Where a claim is in its life: a draft the rep is filling in, submitted for approval,
    /// returned to the rep with a reason, approved (frozen for ever), or paid.
    #[derive(Default)]
    pub enum ClaimStatus ("claim's status") {
        #[default]
        Draft = "draft", "Draft";
        Submitted = "submitted", "Submitted";
        Returned = "returned", "Returned";
        Approved = "approved", "Approved";
        Paid = "paid", "Paid";
    }
}

impl ClaimStatus {
    /// Lines can be added and changed only in a draft or a returned claim.
    pub fn is_editable(self) -> bool {
        matches!(self, ClaimStatus::Draft | ClaimStatus::Returned)
    }

    /// Approved and paid claims never change; mistakes are put right with reversing lines.
    pub fn is_frozen(self) -> bool {
        matches!(self, ClaimStatus::Approved | ClaimStatus::Paid)
    }
}

choice! {
    /// What a claim line is for.
    #[derive(Default)]
    pub enum LineKind ("kind of claim") {
        /// Recognition payment for time given.
        #[default]
        Time = "time", "Time";
        Mileage = "mileage", "Mileage";
        Fares = "fares", "Fares";
        Parking = "parking", "Parking";
        Childcare = "childcare", "Childcare";
        Other = "other", "Other";
    }
}

impl LineKind {
    /// Kinds where the person types the amount (and that may need a receipt above the
    /// policy's threshold), as opposed to amounts the rules work out.
    pub fn is_typed_amount(self) -> bool {
        matches!(self, LineKind::Fares | LineKind::Parking | LineKind::Other)
    }

    /// Every kind, for the window's "Kind of claim" list.
    pub fn options() -> Vec<ChoiceOption> {
        LineKind::ALL
            .iter()
            .map(|k| ChoiceOption {
                value: k.as_str().into(),
                label: k.label().into(),
            })
            .collect()
    }
}

choice! {
    /// The vehicle a journey was made in; it decides the mileage rate.
    pub enum Vehicle ("vehicle") {
        Car = "car", "Car";
        Motorcycle = "motorcycle", "Motorcycle";
        Bicycle = "bicycle", "Bicycle";
    }
}

choice! {
    /// The vehicle a representative usually uses, which a mileage line takes when none is
    /// given; some reps have none.
    #[derive(Default)]
    pub enum RepVehicle ("usual vehicle") {
        #[default]
        Car = "car", "Car";
        Motorcycle = "motorcycle", "Motorcycle";
        Bicycle = "bicycle", "Bicycle";
        NoVehicle = "none", "None";
    }
}

impl RepVehicle {
    /// What a mileage line uses by default: the rep's vehicle, or a car when they have none
    /// (a rep without a vehicle of their own may still borrow one).
    pub fn for_journeys(self) -> Vehicle {
        match self {
            RepVehicle::Motorcycle => Vehicle::Motorcycle,
            RepVehicle::Bicycle => Vehicle::Bicycle,
            RepVehicle::Car | RepVehicle::NoVehicle => Vehicle::Car,
        }
    }
}

choice! {
    /// How time is paid: by the hour, or a fixed half or full day.
    pub enum TimeBasis ("way the time is paid") {
        Hourly = "hourly", "By the hour";
        HalfDay = "half_day", "Half day";
        FullDay = "full_day", "Full day";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_text_labels_and_parsing_agree() {
        assert_eq!(TimeBasis::HalfDay.as_str(), "half_day");
        assert_eq!(
            TimeBasis::parse("t", "Half day").unwrap(),
            TimeBasis::HalfDay
        );
        assert_eq!(
            LineKind::parse("kind", " MILEAGE ").unwrap(),
            LineKind::Mileage
        );
        let e = LineKind::parse("kind", "tractor").unwrap_err();
        assert_eq!(e.field(), Some("kind"));
        assert_eq!(
            e.to_string(),
            "Choose the kind of claim: time, mileage, fares, parking, childcare or other."
        );
        assert_eq!(
            serde_json::to_value(ClaimStatus::Submitted).unwrap(),
            serde_json::json!("submitted")
        );
        assert_eq!(RepVehicle::NoVehicle.as_str(), "none");
        assert_eq!(RepVehicle::NoVehicle.for_journeys(), Vehicle::Car);
    }

    #[test]
    fn sql_round_trip_and_refusal() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let back: ClaimStatus = conn
            .query_row("SELECT ?1", [ClaimStatus::Paid], |r| r.get(0))
            .unwrap();
        assert_eq!(back, ClaimStatus::Paid);
        let bad: rusqlite::Result<ClaimStatus> = conn.query_row("SELECT 'lost'", [], |r| r.get(0));
        assert!(bad.is_err());
    }
}
