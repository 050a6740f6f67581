//! Reps on their own computers: inviting a rep, joining a forum from an invitation, reps'
//! computers, exchange folders, and sending and receiving signed exchange files.

use std::path::PathBuf;

use base64::Engine;
use forumdesk_core::model::*;
use forumdesk_core::{
    ExchangeFolder, FileOutcome, ForumClaimView, Invitation, KdfParams, RepComputer,
    RepComputerInfo, SentFiles, Store,
};
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

/// A file picked in the window, as base64 of its bytes.
fn decode(data: &str) -> Result<Vec<u8>, ApiError> {
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
pub fn join_forum(
    state: State<'_, AppState>,
    data_base64: String,
    code: String,
    passphrase: String,
) -> Result<SessionInfo, ApiError> {
    let bytes = decode(&data_base64)?;
    let made = Store::join(&state.data_dir, &bytes, &code, &passphrase, KdfParams::REAL);
    state.signed_in(made, |s| s.session_info())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rep_invite(
    state: State<'_, AppState>,
    rep_id: i64,
    file: String,
) -> Result<Invitation, ApiError> {
    state.with_session(|s| s.rep_invite(rep_id, &PathBuf::from(file.trim())))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invitation_days(state: State<'_, AppState>) -> Result<i64, ApiError> {
    state.with_session(|s| s.invitation_days())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn invitation_days_save(state: State<'_, AppState>, days: String) -> Result<i64, ApiError> {
    state.with_session(|s| s.invitation_days_save(&days))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rep_computers(state: State<'_, AppState>) -> Result<Vec<RepComputer>, ApiError> {
    state.with_session(|s| s.rep_computers())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rep_computer_remove(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with_session(|s| s.rep_computer_remove(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn claim_take_back(state: State<'_, AppState>, id: i64) -> Result<ClaimView, ApiError> {
    state.with_session(|s| s.claim_take_back(id))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn exchange_folder_set(
    state: State<'_, AppState>,
    rep_id: Option<i64>,
    path: String,
) -> Result<(), ApiError> {
    state.with_session(|s| s.exchange_folder_set(rep_id, &path))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn exchange_folders(state: State<'_, AppState>) -> Result<Vec<ExchangeFolder>, ApiError> {
    state.with_session(|s| s.exchange_folders())
}

/// `folder`: where to save; blank or null means the exchange folders.
#[tauri::command(async, rename_all = "snake_case")]
pub fn exchange_send(
    state: State<'_, AppState>,
    folder: Option<String>,
) -> Result<SentFiles, ApiError> {
    let out = folder
        .map(|f| f.trim().to_string())
        .filter(|f| !f.is_empty())
        .map(PathBuf::from);
    state.with_session(|s| s.exchange_send(out.as_deref()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn exchange_receive(
    state: State<'_, AppState>,
    file_name: String,
    data_base64: String,
) -> Result<FileOutcome, ApiError> {
    let bytes = decode(&data_base64)?;
    state.with_session(|s| s.exchange_receive(&file_name, &bytes))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn exchange_check_folders(state: State<'_, AppState>) -> Result<Vec<FileOutcome>, ApiError> {
    state.with_session(|s| s.exchange_check_folders())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn rep_computer_info(state: State<'_, AppState>) -> Result<Option<RepComputerInfo>, ApiError> {
    state.with_session(|s| s.rep_computer_info())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn forum_claims(state: State<'_, AppState>) -> Result<Vec<ForumClaimView>, ApiError> {
    state.with_session(|s| s.forum_claims())
}
