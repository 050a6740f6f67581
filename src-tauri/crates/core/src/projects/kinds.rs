//! The choices a project's plan and feedback are made of, as types.

use crate::text::choice;

choice! {
    /// The handbook's ladder of participation, lowest rung first. The order matters: the
    /// summary compares rungs (planned against reached).
    pub enum Ladder ("ladder level") {
        Information = "information", "Information";
        Consultation = "consultation", "Consultation";
        Engagement = "engagement", "Engagement";
        CoDesign = "co_design", "Co-design";
        CoProduction = "co_production", "Co-production";
    }
}

impl Ladder {
    /// 1 for Information up to 5 for Co-production.
    pub fn rung(self) -> usize {
        Ladder::ALL.iter().position(|l| *l == self).unwrap_or(0) + 1
    }
}

choice! {
    /// A feedback form's answer to a yes-or-no question that may be only partly true.
    pub enum Answer ("answer") {
        Yes = "yes", "Yes";
        Partly = "partly", "Partly";
        No = "no", "No";
    }
}

choice! {
    /// How a claim line comes to count for a project (see `links.rs` for the precedence).
    pub enum LinkVia ("link") {
        Line = "line", "Linked itself";
        CorrectedLine = "corrected_line", "Through the line it corrects";
        Meeting = "meeting", "Through its meeting";
    }
}
