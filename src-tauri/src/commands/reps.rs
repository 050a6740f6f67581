//! Representatives, their training, and the groups they sit on.

use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn reps_list(state: State<'_, AppState>) -> Result<Vec<Rep>, ApiError> {
    state.with_session(|s| s.reps_list())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rep_save(state: State<'_, AppState>, rep: RepInput) -> Result<Rep, ApiError> {
    state.with_session(|s| s.rep_save(&rep))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn training_add(
    state: State<'_, AppState>,
    member_id: i64,
    course: String,
    completed_on: String,
) -> Result<Rep, ApiError> {
    state.with_session(|s| s.training_add(member_id, &course, &completed_on))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn training_delete(state: State<'_, AppState>, id: i64) -> Result<Rep, ApiError> {
    state.with_session(|s| s.training_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn groups_list(state: State<'_, AppState>) -> Result<Vec<Group>, ApiError> {
    state.with_session(|s| s.groups_list())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn group_save(state: State<'_, AppState>, group: GroupInput) -> Result<Group, ApiError> {
    state.with_session(|s| s.group_save(&group))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reps_readiness(state: State<'_, AppState>) -> Result<Vec<RepReadiness>, ApiError> {
    state.with_session(|s| s.reps_readiness())
}
