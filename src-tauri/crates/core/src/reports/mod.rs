//! The reports room: the figures a forum shows its funders for any date range
//! (`figures`), and the signed annual report for the funders' year, April to March
//! (`annual`), with charts drawn in the PDF.

pub(crate) mod annual;
pub(crate) mod figures;
pub(crate) mod model;
