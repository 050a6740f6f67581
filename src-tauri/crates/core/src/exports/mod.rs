//! The exports room: the machinery every document the forum sends out shares. Where a file
//! is saved and how it is logged ([`files`]), and the forum's signing identity, certificate
//! and signature checks ([`signing`]), and a report's three steps, read, drawn and
//! signed, saved ([`signed_report`]). The documents themselves are made in their own rooms
//! (claim packs in `claims::pack`, notes and calendars in `meetings`) and drawn by the
//! `forumdesk-export` crate.

mod files;
pub(crate) mod model;
mod signed_report;
mod signing;

pub(crate) use files::{slug, write_export, write_file};
pub use files::{Destination, ExportsFolder};
pub use signed_report::{PreparedReport, RenderedReport};
pub use signing::CertificateInfo;
pub(crate) use signing::{export_error, finished, panel, sign_counted};

pub use forumdesk_export::{
    claim_totals, ClaimPackInput, MeetingNotesInput, PackTotals, Verification,
};
