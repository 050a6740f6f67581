//! The reports room: the figures a forum shows its funders for any date range
//! (`figures`), and the signed annual report for the funders' year, April to March
//! (`annual`), with charts drawn in the PDF; `tables` describes the figures as the tables the
//! Reports screen draws and saves one CSV each of.

pub(crate) mod annual;
pub(crate) mod figures;
pub(crate) mod model;
pub(crate) mod tables;

pub use annual::{PreparedAnnualReport, RenderedAnnualReport};
