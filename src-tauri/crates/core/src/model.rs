//! The shapes that cross the boundary to the window and the command line. Field names are
//! snake_case in JSON. Money is integer pence, distances tenths of a mile, time minutes,
//! dates ISO `YYYY-MM-DD`, date-times `YYYY-MM-DDTHH:MM` (local time). Inputs that people
//! type (money, miles, hours) arrive as text and are parsed by the core, so that every
//! error is worded in one place.
//!
//! Each shape lives in the room it belongs to (`claims::model`, `members::model`, ...); this
//! module gathers them so the window and the command line have one place to import from.

pub use crate::audit::model::*;
pub use crate::backups::model::*;
pub use crate::check::model::*;
pub use crate::claims::model::*;
pub use crate::exports::model::*;
pub use crate::forum::model::*;
pub use crate::impact::model::*;
pub use crate::meetings::model::*;
pub use crate::members::model::*;
pub use crate::money::model::*;
pub use crate::projects::model::*;
pub use crate::reach::kinds::{HeardVia, Involvement, SteeringState};
pub use crate::reach::model::*;
pub use crate::reports::model::*;
pub use crate::reports::tables::{
    ReportTable, ReportTables, TableCell, TableColumn, REPORT_TABLE_KEYS,
};
pub use crate::reps::model::*;
pub use crate::signin::model::*;
