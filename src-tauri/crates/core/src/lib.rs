//! Forum Desk's core: the store and every rule. It never depends on Tauri, so every rule is
//! tested here without a window. Each folder is a room named after what it holds; see
//! ARCHITECTURE.md for the map.

pub(crate) mod audit;
pub(crate) mod claims;
pub(crate) mod demo;
pub(crate) mod exports;
pub(crate) mod forum;
pub(crate) mod meetings;
pub(crate) mod members;
pub mod model;
pub(crate) mod reps;
pub(crate) mod store;
pub(crate) mod text;

pub use claims::{sniff as sniff_receipt, MAX_RECEIPT_BYTES};
pub use demo::{create_demo, DemoOutcome};
pub use exports::{
    claim_totals, CertificateInfo, ClaimPackInput, Destination, ExportsFolder, MeetingNotesInput,
    PackTotals, Verification,
};
pub use forum::policies::default_policy;
pub use store::{
    db_path, open_connection, schema_version, Clock, CoreError, ErrorCode, FieldError, Result, Store,
    DB_FILE,
};
pub use text::dates::{parse_date, parse_month};
pub use text::{format_pence, format_tenths, ChoiceOption};
