//! The choices of a member's reach details, as types.

use crate::text::{choice, ChoiceOption};

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

/// The choices of the member form's reach fieldset, as the window lists them.
pub(crate) fn options<T: Copy>(
    all: &[T],
    text: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<ChoiceOption> {
    all.iter()
        .map(|c| {
            let (value, label) = text(*c);
            ChoiceOption {
                value: value.into(),
                label: label.into(),
            }
        })
        .collect()
}

impl crate::store::Store {
    /// How members may have heard about the forum, and how involved they may want to be.
    pub fn reach_choices(&self) -> crate::model::ReachChoices {
        crate::model::ReachChoices {
            heard_via: options(HeardVia::ALL, |c| (c.as_str(), c.label())),
            involvement: options(Involvement::ALL, |c| (c.as_str(), c.label())),
        }
    }
}
