//! The reach room: what funders ask about who the forum reaches. The forum's list of areas
//! (`areas.rs`: renamed or retired, never deleted while a member's details name one); a
//! member's optional reach details, kept only with their consent (`details.rs`: area, how
//! they heard about the forum, how involved they want to be); the steering group and the
//! number of active members it needs (`steering.rs`); and the counts (`summary.rs`: active
//! members by area and over time, new members this funders' year). The choices are types in
//! `kinds.rs`.
//!
//! One rule for "active on a date" everywhere, the same as the annual report's: not erased,
//! status active now, and joined on or before that date. The records keep no date of
//! leaving, so a member who has left is not counted for the months they were active.

pub(crate) mod areas;
pub(crate) mod details;
pub(crate) mod kinds;
pub(crate) mod model;
pub(crate) mod steering;
pub(crate) mod summary;
