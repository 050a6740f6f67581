//! Forum Desk's core: the store and every rule. It never depends on Tauri, so every rule is
//! tested here without a window. Each folder is a room named after what it holds; see
//! ARCHITECTURE.md for the map.

pub(crate) mod audit;
pub(crate) mod backups;
pub(crate) mod check;
pub(crate) mod claims;
pub(crate) mod demo;
pub(crate) mod exchange;
pub(crate) mod exports;
pub(crate) mod forum;
pub(crate) mod impact;
pub(crate) mod meetings;
pub(crate) mod members;
pub mod model;
pub(crate) mod money;
pub(crate) mod projects;
pub(crate) mod reach;
pub(crate) mod reports;
pub(crate) mod reps;
pub(crate) mod signin;
pub(crate) mod store;
pub(crate) mod text;

pub use backups::{BackupJob, BACKUPS_DIR, BACKUP_EXT};
pub use claims::{
    check_receipt, sniff as sniff_receipt, PreparedPack, RenderedPack, MAX_RECEIPT_BYTES,
};
pub use demo::{create_demo, create_demo_folder, DemoFolder, DemoOutcome, DEMO_PASSPHRASE};
pub use exchange::model::{
    FileOutcome, ForumClaimView, Invitation, RepComputer, RepComputerInfo, SentFiles,
};
pub use exchange::ExchangeFolder;
pub use exports::{
    claim_totals, CertificateInfo, ClaimPackInput, Destination, ExportsFolder, MeetingNotesInput,
    PackTotals, Verification,
};
pub use forum::policies::{default_policy, policies_for_funders};
pub use forum::settings::DEFAULT_DECLARATION;
/// How far a long export has got, and its Cancel: the window polls and cancels these.
pub use forumdesk_export::{Progress as ExportProgress, ProgressSnapshot, Stage as ExportStage};
pub use meetings::{PreparedNotes, RenderedNotes};
pub use projects::{PreparedProjectReport, RenderedProjectReport};
pub use reports::{PreparedAnnualReport, RenderedAnnualReport};
pub use signin::{passphrase_strength, FolderState, KdfParams, MIN_LENGTH, MIN_SCORE};
pub use store::{
    db_path, file_kind, open_connection, schema_version, Clock, CoreError, ErrorCode, FieldError,
    FileKind, Result, Store, DB_FILE,
};
pub use text::dates::{parse_date, parse_month, uk_iso};
pub use text::{format_hours, format_pence, format_tenths, ChoiceOption, NAME_MAX};

/// The database key of a signed-in store, for tests that decrypt the file's pages to prove
/// what is and is not in it. Anyone who can sign in can get the key from the sign-in file.
#[doc(hidden)]
pub fn testing_db_key(store: &Store) -> [u8; 32] {
    store.db_key.as_ref().map(|k| **k).unwrap_or([0; 32])
}
