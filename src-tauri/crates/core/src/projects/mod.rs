//! The projects room: co-production projects (workstreams) as the co-production handbook
//! plans, monitors and rates them. The planning form (`records`, appendix C), dated
//! monitoring entries with escalations that stay on the officers' first screen until dealt
//! with (`monitoring`, appendix D), one feedback form per participant (`feedback`, appendix
//! E), what the feedback adds up to (`summary`: average rating, planned against reached
//! ladder level, answers by organisation), the meetings and claim lines linked to a project
//! and the hours and cost they add up to (`links`), and the signed project report (`report`).

pub(crate) mod feedback;
pub(crate) mod kinds;
pub(crate) mod links;
pub(crate) mod model;
pub(crate) mod monitoring;
pub(crate) mod records;
pub(crate) mod report;
pub(crate) mod summary;

pub use report::{PreparedProjectReport, RenderedProjectReport};
