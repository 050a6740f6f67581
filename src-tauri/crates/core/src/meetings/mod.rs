//! The meetings room: meetings and their notes (attendance, agenda, decisions, actions), the
//! group's standards they are checked against (`standards`, `checks`), working days and the
//! dated bank holidays and school terms behind them (`working_days`, `school_year`), agreed
//! exceptions, quoracy of members (not guests), whose turn it is to chair and take notes
//! (`rotation`), the partners' sign-off, and what the notes PDF (full or shareable) and
//! calendar files are made from.

pub(crate) mod calendar;
pub(crate) mod checks;
pub(crate) mod exceptions;
pub(crate) mod kinds;
pub(crate) mod model;
pub(crate) mod notes;
pub(crate) mod quoracy;
pub(crate) mod records;
pub(crate) mod rotation;
pub(crate) mod school_year;
pub(crate) mod signoff;
pub(crate) mod standards;
pub(crate) mod working_days;

pub use notes::{PreparedNotes, RenderedNotes};
