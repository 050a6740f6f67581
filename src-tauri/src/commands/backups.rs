//! Settings → Backups: the list, taking one now, the size cap and off-laptop folder,
//! "Copy a backup to…" and restoring (officers only, checked in the core).

use std::path::PathBuf;

use forumdesk_core::model::*;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn backups_overview(state: State<'_, AppState>) -> Result<BackupsOverview, ApiError> {
    state.with_session(|s| s.backups_overview())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupInfo, ApiError> {
    state.with_session(|s| s.backup_job()?.run())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_settings_save(
    state: State<'_, AppState>,
    settings: BackupSettingsInput,
) -> Result<BackupsOverview, ApiError> {
    state.with_session(|s| s.backup_settings_save(&settings))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_copy_to(state: State<'_, AppState>, path: String) -> Result<String, ApiError> {
    state.with_session(|s| {
        s.backup_copy_to(&PathBuf::from(path.trim()))
            .map(|p| p.display().to_string())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn backup_restore(state: State<'_, AppState>, path: String) -> Result<BackupInfo, ApiError> {
    state.with_session(|s| s.backup_restore(&PathBuf::from(path.trim())))
}
