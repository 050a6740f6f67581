//! Who may sign in (officers only, checked in the core), the recovery key, and how soon the
//! window locks.

use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in_people(state: State<'_, AppState>) -> Result<Vec<SignInPerson>, ApiError> {
    state.with_session(|s| s.sign_in_people())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in_grant(state: State<'_, AppState>, person_id: i64) -> Result<OneTimeCode, ApiError> {
    state.with_session(|s| s.sign_in_grant(person_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in_reset(state: State<'_, AppState>, person_id: i64) -> Result<OneTimeCode, ApiError> {
    state.with_session(|s| s.sign_in_reset(person_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in_remove(state: State<'_, AppState>, person_id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.sign_in_remove(person_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn recovery_key_renew(state: State<'_, AppState>) -> Result<String, ApiError> {
    state.with_session(|s| s.recovery_key_renew())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn lock_minutes_save(state: State<'_, AppState>, minutes: String) -> Result<i64, ApiError> {
    state.with_session(|s| s.lock_minutes_save(&minutes))
}
