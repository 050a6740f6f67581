//! The demo room: a realistic, fictional forum to try Forum Desk on (`forumdesk demo`, and
//! `make run` on a new computer). Every name and figure in it is made up, except the
//! Co-production Group's terms of reference, typed in from the East Sussex SEND
//! Co-production Handbook (appendix B) with its partners' names.

mod forum;
mod school_terms;
mod terms_of_reference;

pub use forum::{create_demo, DemoOutcome};
