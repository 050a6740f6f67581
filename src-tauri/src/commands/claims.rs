//! Claims: a rep's month, lines and receipts, and the approval workflow.

use base64::Engine;
use forumdesk_core::model::*;
use forumdesk_core::ChoiceOption;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn claims_list(
    state: State<'_, AppState>,
    filter: ClaimFilter,
) -> Result<Vec<ClaimSummary>, ApiError> {
    state.with_session(|s| s.claims_list(&filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claims_page(
    state: State<'_, AppState>,
    filter: ClaimFilter,
    offset: i64,
    limit: i64,
) -> Result<ClaimsPage, ApiError> {
    state.with_session(|s| s.claims_page(&filter, offset, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claims_total(state: State<'_, AppState>, filter: ClaimFilter) -> Result<i64, ApiError> {
    state.with_session(|s| s.claims_total(&filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claims_queue(state: State<'_, AppState>) -> Result<Vec<ClaimSummary>, ApiError> {
    state.with_session(|s| s.claims_queue())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_open(
    state: State<'_, AppState>,
    rep_id: i64,
    funder_id: i64,
    month: String,
) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.claim_open(rep_id, funder_id, &month))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn line_kinds(state: State<'_, AppState>) -> Result<Vec<ChoiceOption>, ApiError> {
    state.with_session(|s| Ok(s.line_kinds()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_get(state: State<'_, AppState>, id: i64) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.claim_get(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn line_add(
    state: State<'_, AppState>,
    claim_id: i64,
    line: LineInput,
) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.line_add(claim_id, &line))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn line_update(
    state: State<'_, AppState>,
    line_id: i64,
    line: LineInput,
) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.line_update(line_id, &line))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn line_delete(state: State<'_, AppState>, line_id: i64) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.line_delete(line_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn line_reverse(
    state: State<'_, AppState>,
    line_id: i64,
    month: String,
    reason: String,
) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.line_reverse(line_id, &month, &reason))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn receipt_add(
    state: State<'_, AppState>,
    line_id: i64,
    file_name: String,
    data_base64: String,
) -> Result<ClaimView, ApiError> {
    let bytes = decode(&data_base64)?;
    state.with_session(|s| s.receipt_add(line_id, &file_name, &bytes))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn receipt_delete(state: State<'_, AppState>, id: i64) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.receipt_delete(id))
}

/// A receipt's file, for viewing in the window.
#[derive(Debug, serde::Serialize)]
pub struct ReceiptFile {
    pub mime: String,
    pub file_name: String,
    pub data_base64: String,
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn receipt_get(state: State<'_, AppState>, id: i64) -> Result<ReceiptFile, ApiError> {
    state
        .with_session(|s| s.receipt_get(id))
        .map(|r| ReceiptFile {
            mime: r.mime,
            file_name: r.file_name,
            data_base64: base64::engine::general_purpose::STANDARD.encode(r.content),
        })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_submit(
    state: State<'_, AppState>,
    id: i64,
    declaration_agreed: bool,
    earnings_warning_seen: Option<bool>,
) -> Result<ClaimView, ApiError> {
    state.with_session(|s| {
        s.claim_submit_acknowledged(
            id,
            declaration_agreed,
            earnings_warning_seen.unwrap_or(false),
        )
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_approve(
    state: State<'_, AppState>,
    id: i64,
    accept_warnings: bool,
    passphrase: String,
) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.claim_approve(id, accept_warnings, &passphrase))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_return(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.claim_return(id, &reason))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_mark_paid(
    state: State<'_, AppState>,
    id: i64,
    paid_on: String,
    reference: String,
    passphrase: String,
) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.claim_mark_paid(id, &paid_on, &reference, &passphrase))
}

/// The window sends files as base64 text, since only text crosses to the core.
fn decode(data: &str) -> Result<Vec<u8>, ApiError> {
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| {
            forumdesk_core::CoreError::invalid(
                "receipt",
                "The file could not be read. Please choose it again.",
            )
            .into()
        })
}
