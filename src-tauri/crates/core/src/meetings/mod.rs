//! The meetings room: meetings and their notes (attendance, agenda, decisions, actions), the
//! standards they are checked against, quoracy, whose turn it is to chair, and what the notes
//! PDF and calendar files are made from.

pub(crate) mod calendar;
pub(crate) mod checks;
pub(crate) mod model;
pub(crate) mod notes;
pub(crate) mod quoracy;
pub(crate) mod records;
