//! Start-up: what the window needs to know, first-run set-up, and choosing who is using it.

use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn setup_forum(state: State<'_, AppState>, input: SetupInput) -> Result<Person, ApiError> {
    state.with_store(|s| s.setup_forum(&input))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn people_list(state: State<'_, AppState>) -> Result<Vec<Person>, ApiError> {
    state.with_store(|s| s.people_list())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn session_set(state: State<'_, AppState>, person_id: i64) -> Result<Person, ApiError> {
    state.with_store(|s| s.session_set(person_id))
}
