//! The members room: members and (only with explicit consent) their children's details;
//! members in and out as CSV; and their rights under UK GDPR (a copy of everything held about
//! them, and erasure).

pub(crate) mod csv;
pub(crate) mod model;
pub(crate) mod privacy;
pub(crate) mod records;
