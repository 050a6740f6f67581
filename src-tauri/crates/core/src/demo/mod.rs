//! The demo room: a realistic, fictional forum to try Forum Desk on (`forumdesk demo`, and
//! `make run` on a new computer), built in memory for tests or in a data folder, all or
//! nothing. Every name and figure in it is made up, except the Co-production Group's terms
//! of reference, typed in from the East Sussex SEND Co-production Handbook (appendix B) with
//! its partners' names.

mod folder;
mod forum;
mod projects;
mod reach;
mod school_terms;
mod terms_of_reference;

pub use folder::{create_demo_folder, DemoFolder, DEMO_PASSPHRASE};
pub use forum::{create_demo, DemoOutcome};
