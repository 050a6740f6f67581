//! Members, their children's details (with consent), CSV in and out, and data rights.

use base64::Engine;
use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn members_list(
    state: State<'_, AppState>,
    filter: MemberFilter,
) -> Result<Vec<MemberSummary>, ApiError> {
    state.with_session(|s| s.members_list(&filter))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn members_page(
    state: State<'_, AppState>,
    filter: MemberFilter,
    offset: i64,
    limit: i64,
) -> Result<MembersPage, ApiError> {
    state.with_session(|s| s.members_page(&filter, offset, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_get(state: State<'_, AppState>, id: i64) -> Result<Member, ApiError> {
    state.with_session(|s| s.member_get(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_save(state: State<'_, AppState>, member: MemberInput) -> Result<Member, ApiError> {
    state.with_session(|s| s.member_save(&member))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_set_children_consent(
    state: State<'_, AppState>,
    member_id: i64,
    given: bool,
) -> Result<Member, ApiError> {
    state.with_session(|s| s.member_set_children_consent(member_id, given))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn child_save(state: State<'_, AppState>, child: ChildInput) -> Result<Member, ApiError> {
    state.with_session(|s| s.child_save(&child))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn child_delete(state: State<'_, AppState>, id: i64) -> Result<Member, ApiError> {
    state.with_session(|s| s.child_delete(id))
}

/// The CSV file comes as base64 of its bytes exactly as saved: the core works out whether
/// Excel saved it as UTF-8, UTF-16 or Windows-1252, so the window must not decode it first.
#[tauri::command(async, rename_all = "snake_case")]
pub fn members_import_preview(
    state: State<'_, AppState>,
    data_base64: String,
) -> Result<ImportPreview, ApiError> {
    let bytes = decode_file(&data_base64)?;
    state.with_session(|s| s.members_import_preview(&bytes))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn members_import_commit(
    state: State<'_, AppState>,
    data_base64: String,
) -> Result<ImportResult, ApiError> {
    let bytes = decode_file(&data_base64)?;
    state.with_session(|s| s.members_import_commit(&bytes))
}

fn decode_file(data: &str) -> Result<Vec<u8>, ApiError> {
    base64::engine::general_purpose::STANDARD
        .decode(data.trim())
        .map_err(|_| {
            forumdesk_core::CoreError::invalid(
                "file",
                "The file could not be read. Please choose it again.",
            )
            .into()
        })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn members_export_csv(state: State<'_, AppState>) -> Result<SavedFile, ApiError> {
    state.with_session(|s| s.members_export_csv())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_export_json(state: State<'_, AppState>, id: i64) -> Result<SavedFile, ApiError> {
    state.with_session(|s| s.member_export_json(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn member_erase(
    state: State<'_, AppState>,
    id: i64,
    confirm_name: String,
) -> Result<Member, ApiError> {
    state.with_session(|s| s.member_erase(id, &confirm_name))
}
