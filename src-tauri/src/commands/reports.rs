//! Reports: the figures for any date range as tables, each table's CSV, and the signed
//! annual report for a funders' year. Officers only; the core checks.
//!
//! `folder` is the screen's "Save in folder" field: blank or null means the default exports
//! folder.

use forumdesk_core::model::{ReportTables, SavedFile};
use forumdesk_core::Destination;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn report_tables(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<ReportTables, ApiError> {
    state.with_session(|s| s.report_tables(&from, &to))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_report_table_csv(
    state: State<'_, AppState>,
    from: String,
    to: String,
    key: String,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    state.with_session(|s| {
        s.export_report_table_csv(&from, &to, &key, &Destination::folder(folder.as_deref()))
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_annual_report(
    state: State<'_, AppState>,
    year: i32,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    // As the claim pack: drawn and signed off the store's lock, with progress and Cancel.
    state.export_in_steps(
        |s| s.annual_report_prepare(year),
        |prepared, progress| prepared.render_with(progress),
        |s, rendered| s.annual_report_save(rendered, &Destination::folder(folder.as_deref())),
    )
}
