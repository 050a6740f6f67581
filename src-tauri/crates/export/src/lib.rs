//! forumdesk-export: turns plain input structs into the files a Parent Carer
//! Forum sends out: claim packs, meeting notes and reps' statements (PDF), signed PDFs, a CSV of
//! claim lines for finance systems, and iCalendar files for meetings.
//!
//! This is a leaf library. It knows nothing of Tauri or the database and never
//! touches the network: the core store maps its rows into the input structs in
//! [`claim_pack`] and [`meeting_notes`], and gets bytes back.
//!
//! Money is always integer pence (`i64`). Dates and times in the inputs are UK
//! wall-clock values (what the forum sees on the clock), except "now" style
//! instants, which are `DateTime<Utc>` and converted to UK time here.

pub mod attachments;
pub mod claim_pack;
pub mod claims_csv;
pub mod error;
pub mod fonts;
pub mod format;
pub mod ics;
mod images;
mod layout;
pub mod meeting_notes;
pub mod notice;
mod pdf_objects;
pub mod progress;
mod recovery_sheet;
pub mod rep_statement;
pub mod report;
pub mod signing;
pub mod verify;

pub use attachments::{attach, attachments, Attachment};
pub use claim_pack::{
    claim_totals, render_claim_form, render_claim_pack, render_claim_pack_with, Approval,
    ClaimLine, ClaimMonth, ClaimPackInput, ClaimTotals, Declaration, ForumDetails, FunderDetails,
    LineActivity, LineKind, MileageBand, PackTotals, Receipt, RepClaim, RepTotals, TimeBasis,
};
pub use claims_csv::claim_lines_csv;
pub use error::ExportError;
pub use ics::{meeting_ics, IcsMeeting};
pub use images::{print_size_limit, receipt_print_copy, PrintCopy, PrintFormat, PRINT_DPI};
pub use meeting_notes::{
    render_meeting_notes, render_meeting_notes_with, ActionItem, AgendaItem, Attendee,
    CarriedAction, Decision, MeetingNotesInput, NoticeInfo, PartnerSignOff, PersonRef, Quorum,
};
pub use notice::{render_notice, Notice};
pub use progress::{Progress, ProgressSnapshot, Stage};
pub use recovery_sheet::{render_recovery_sheet, RecoverySheetInput};
pub use rep_statement::{render_rep_statement, RepStatementInput, StatementRow, HMRC_LINE};
pub use report::{render_report, render_report_with, Bar, Block, ReportColumn, ReportInput};
pub use signing::{certificate_summary, read_certificate, sign_pdf, verify_bytes, ForumIdentity};
pub use verify::{
    check_pdf, verify_pdf, Report, SignatureCheck, SignatureState, TrustedCertificate, Verdict,
    Verification, FINANCE_OFFICER_STEPS, HOW_TO_CHECK,
};

use serde::{Deserialize, Serialize};

/// The visible "digitally signed" box drawn on the last page of a PDF.
///
/// The renderers draw it as ordinary page content; the cryptographic
/// signature itself is added afterwards by [`sign_pdf`]. All fields are
/// already formatted for display.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SignaturePanel {
    /// The forum's name, for example "Northshire Parent Carer Forum".
    pub forum: String,
    /// The person signing on the forum's behalf.
    pub person: String,
    /// Their role, for example "Treasurer".
    pub role: String,
    /// When they signed, already formatted, for example "25/11/2026 14:30".
    pub signed_at: String,
    /// The certificate's SHA-256 fingerprint, from [`ForumIdentity::fingerprint_sha256`].
    pub fingerprint: String,
}
