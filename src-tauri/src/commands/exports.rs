//! Exports: signed claim packs and their CSV, meeting notes, calendar files, the forum's
//! signing certificate, and opening an exported file with the system's default app.
//!
//! `folder` is the screen's "Save in folder" field: blank or null means the default exports
//! folder.

use forumdesk_core::model::{NotesVersion, SavedFile};
use forumdesk_core::{CertificateInfo, Destination, ExportsFolder, ProgressSnapshot};
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_claim_pack(
    state: State<'_, AppState>,
    month: String,
    funder_id: i64,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    // Read under the lock, draw and sign without it (the window stays usable and polls the
    // counts), save under it unless Cancel was pressed: a cancelled pack is never saved.
    state.export_in_steps(
        |s| {
            s.seal_pending_upgrades()?;
            s.claim_pack_prepare(&month, funder_id)
        },
        |prepared, progress| prepared.render_for_saving_with(progress),
        |s, rendered| s.claim_pack_save(rendered, &Destination::folder(folder.as_deref())),
    )
}

/// How far the signed file being made (claim pack, meeting notes, annual or project report)
/// has got (receipts ready, pages drawn, stage); null when none is being made. Needs no
/// session and never waits for the store.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_progress(state: State<'_, AppState>) -> Option<ProgressSnapshot> {
    state.export_progress()
}

/// Cancel: the signed file being made stops at its next receipt or page and is not saved.
/// False when nothing was being made (it had already finished).
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_cancel(state: State<'_, AppState>) -> bool {
    state.cancel_export()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_claims_csv(
    state: State<'_, AppState>,
    month: String,
    funder_id: i64,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    state.with_session(|s| {
        s.export_claims_csv(&month, funder_id, &Destination::folder(folder.as_deref()))
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_meeting_notes(
    state: State<'_, AppState>,
    meeting_id: i64,
    version: Option<NotesVersion>,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    // As the claim pack: drawn and signed off the store's lock, with progress and Cancel.
    state.export_in_steps(
        |s| s.meeting_notes_prepare(meeting_id, version.unwrap_or_default()),
        |prepared, progress| prepared.render_with(progress),
        |s, rendered| s.meeting_notes_save(rendered, &Destination::folder(folder.as_deref())),
    )
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_meeting_ics(
    state: State<'_, AppState>,
    meeting_id: i64,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    state
        .with_session(|s| s.export_meeting_ics(meeting_id, &Destination::folder(folder.as_deref())))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn export_group_ics(
    state: State<'_, AppState>,
    group_id: i64,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    state.with_session(|s| s.export_group_ics(group_id, &Destination::folder(folder.as_deref())))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn certificate_get(state: State<'_, AppState>) -> Result<CertificateInfo, ApiError> {
    state.with_session(|s| s.certificate_get())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn certificate_export(
    state: State<'_, AppState>,
    folder: Option<String>,
) -> Result<SavedFile, ApiError> {
    state.with_session(|s| s.certificate_export(&Destination::folder(folder.as_deref())))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn exports_folder(state: State<'_, AppState>) -> Result<ExportsFolder, ApiError> {
    state.with_session(|s| Ok(s.exports_folder()))
}

/// Opens an exported file with the system's default app. The core checks that it is a file
/// Forum Desk exported and that it is still there; we start the opener and do not wait.
#[tauri::command(async, rename_all = "snake_case")]
pub fn export_open(state: State<'_, AppState>, path: String) -> Result<(), ApiError> {
    let file = state.with_session(|s| s.export_path_to_open(&path))?;
    let mut opener = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    // The window's JavaScript settings are for WebKit inside Forum Desk, not for the
    // person's PDF viewer.
    for (name, _) in crate::JAVASCRIPT_TIERS {
        opener.env_remove(name);
    }
    let mut child = opener
        .arg(&file)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| {
            ApiError::from(forumdesk_core::CoreError::Io {
                path: file.display().to_string(),
                reason: format!(
                    "it is saved, but Forum Desk could not open it ({e}). Open it from your file manager"
                ),
            })
        })?;
    // Reap the opener when it exits, without holding up the window.
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}
