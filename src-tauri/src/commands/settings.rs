//! The forum's details, funders and payment policies.

use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn forum_get(state: State<'_, AppState>) -> Result<Forum, ApiError> {
    state.with_session(|s| s.forum_get())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn forum_save(state: State<'_, AppState>, forum: Forum) -> Result<Forum, ApiError> {
    state.with_session(|s| s.forum_save(&forum))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn funders_list(state: State<'_, AppState>) -> Result<Vec<Funder>, ApiError> {
    state.with_session(|s| s.funders_list())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn funder_save(state: State<'_, AppState>, funder: FunderInput) -> Result<Funder, ApiError> {
    state.with_session(|s| s.funder_save(&funder))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn funder_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.funder_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn policies_list(state: State<'_, AppState>) -> Result<Vec<Policy>, ApiError> {
    state.with_session(|s| s.policies_list())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn policy_save(state: State<'_, AppState>, policy: PolicyInput) -> Result<Policy, ApiError> {
    state.with_session(|s| s.policy_save(&policy))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn policy_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.policy_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn audit_page(
    state: State<'_, AppState>,
    offset: i64,
    limit: i64,
) -> Result<AuditPage, ApiError> {
    state.with_session(|s| s.audit_page(offset, limit))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn records_check(state: State<'_, AppState>) -> Result<CheckReport, ApiError> {
    state.with_session(|s| s.check_records())
}
