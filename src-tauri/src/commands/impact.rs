//! "You said, we did" and the issues and themes log.

use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn outcomes_list(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<Outcome>, ApiError> {
    state.with_session(|s| s.outcomes_list(&from, &to))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn outcomes_of_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<Outcome>, ApiError> {
    state.with_session(|s| s.outcomes_of_meeting(meeting_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn outcome_save(state: State<'_, AppState>, entry: OutcomeInput) -> Result<Outcome, ApiError> {
    state.with_session(|s| s.outcome_save(&entry))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn outcome_from_decision(
    state: State<'_, AppState>,
    decision_id: i64,
) -> Result<Outcome, ApiError> {
    state.with_session(|s| s.outcome_from_decision(decision_id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn outcome_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.outcome_delete(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn issues_list(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<Issue>, ApiError> {
    state.with_session(|s| s.issues_list(&from, &to))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn issue_themes(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<Vec<ThemeCount>, ApiError> {
    state.with_session(|s| s.issue_themes(&from, &to))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn issue_save(state: State<'_, AppState>, entry: IssueInput) -> Result<Issue, ApiError> {
    state.with_session(|s| s.issue_save(&entry))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn issue_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.issue_delete(id))
}
