//! The demo room: a realistic, fictional forum to try Forum Desk on (`forumdesk demo`, and
//! `make run` on a new computer). Every name and figure in it is made up.

mod forum;

pub use forum::{create_demo, DemoOutcome};
