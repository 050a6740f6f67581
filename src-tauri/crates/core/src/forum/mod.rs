//! The forum room: the forum's own details and first-run set-up, its funders, the dated
//! payment policies every claim line is worked out with, and the people who may use the app.

pub(crate) mod model;
pub(crate) mod people;
pub(crate) mod policies;
pub(crate) mod settings;
