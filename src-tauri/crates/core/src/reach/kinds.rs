//! The choices of a member's reach details, as types.

use crate::text::choice;

choice! {
    /// How a member heard about the forum.
    pub enum HeardVia ("way they heard about the forum") {
        WordOfMouth = "word_of_mouth", "Word of mouth";
        School = "school", "School or college";
        SocialMedia = "social_media", "Social media";
        Professional = "professional", "Council or health professional";
        Event = "event", "An event";
        Other = "other", "Other";
    }
}

choice! {
    /// How involved a member wants to be, least first.
    pub enum Involvement ("involvement") {
        Newsletter = "newsletter", "Newsletter only";
        Surveys = "surveys", "Surveys";
        Events = "events", "Events";
        Rep = "rep", "Being a rep";
    }
}

choice! {
    /// Whether the steering group has the active members the forum says it needs.
    pub enum SteeringState ("steering group state") {
        /// No steering group chosen, or no number set.
        NotSet = "not_set", "Not set";
        Enough = "enough", "Enough active members";
        Below = "below", "Below the number needed";
    }
}
