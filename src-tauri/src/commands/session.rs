//! Start-up and sign-in: what the start screen shows, first-run set-up, the one-time
//! upgrade, signing in with a passphrase, a one-time code or the recovery key, restoring a
//! forum on a new computer, locking and unlocking, and signing out.

use std::path::PathBuf;

use forumdesk_core::model::*;
use forumdesk_core::{passphrase_strength, KdfParams, Store};
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in_options(state: State<'_, AppState>) -> Result<SignInOptions, ApiError> {
    Store::sign_in_options(&state.data_dir).map_err(ApiError::from)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn passphrase_check(passphrase: String, about_you: Vec<String>) -> PassphraseStrength {
    passphrase_strength(
        &passphrase,
        &about_you.iter().map(String::as_str).collect::<Vec<_>>(),
    )
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn setup_forum(state: State<'_, AppState>, input: SetupInput) -> Result<SetupDone, ApiError> {
    let made = Store::create(&state.data_dir, &input, KdfParams::REAL);
    let (store, recovery) = match made {
        Ok(m) => (Ok(m.0), m.1),
        Err(e) => return Err(e.into()),
    };
    state.signed_in(store, |s| {
        Ok(SetupDone {
            session: s.session_info()?,
            recovery,
        })
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn upgrade_forum(
    state: State<'_, AppState>,
    person_id: i64,
    passphrase: String,
) -> Result<SetupDone, ApiError> {
    let (store, recovery) =
        Store::upgrade(&state.data_dir, person_id, &passphrase, KdfParams::REAL)?;
    state.signed_in(Ok(store), |s| {
        Ok(SetupDone {
            session: s.session_info()?,
            recovery,
        })
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_in(
    state: State<'_, AppState>,
    slot_id: String,
    passphrase: String,
) -> Result<SessionInfo, ApiError> {
    state.signed_in(
        Store::sign_in(&state.data_dir, &slot_id, &passphrase),
        |s| s.session_info(),
    )
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reset_with_recovery(
    state: State<'_, AppState>,
    slot_id: String,
    recovery_key: String,
    new_passphrase: String,
) -> Result<SessionInfo, ApiError> {
    let made = Store::reset_passphrase_with_recovery(
        &state.data_dir,
        &slot_id,
        &recovery_key,
        &new_passphrase,
    );
    state.signed_in(made, |s| s.session_info())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn restore_new_forum(
    state: State<'_, AppState>,
    file: String,
    who: String,
    secret: String,
    with_recovery_key: bool,
) -> Result<SessionInfo, ApiError> {
    let made = Store::restore_new_forum(
        &state.data_dir,
        &PathBuf::from(file.trim()),
        &who,
        &secret,
        with_recovery_key,
    );
    state.signed_in(made, |s| s.session_info())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn session_get(state: State<'_, AppState>) -> Result<SessionInfo, ApiError> {
    state.with_session(|s| s.session_info())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn choose_passphrase(
    state: State<'_, AppState>,
    passphrase: String,
) -> Result<SessionInfo, ApiError> {
    state.with_session(|s| {
        s.choose_passphrase(&passphrase)
            .and_then(|()| s.session_info())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn change_passphrase(
    state: State<'_, AppState>,
    current: String,
    passphrase: String,
) -> Result<(), ApiError> {
    state.with_session(|s| s.change_passphrase(&current, &passphrase))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn lock_now(state: State<'_, AppState>) -> Result<(), ApiError> {
    state.with_session(|s| {
        s.lock();
        Ok(())
    })
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn unlock(state: State<'_, AppState>, passphrase: String) -> Result<SessionInfo, ApiError> {
    state.with_session(|s| s.unlock(&passphrase).and_then(|()| s.session_info()))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn sign_out(state: State<'_, AppState>) {
    state.sign_out()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn recovery_sheet_save(
    state: State<'_, AppState>,
    recovery_key: String,
    file: String,
) -> Result<SavedFile, ApiError> {
    state.with_session(|s| s.recovery_sheet_save(&recovery_key, &PathBuf::from(file.trim())))
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn people_list(state: State<'_, AppState>) -> Result<Vec<Person>, ApiError> {
    state.with_session(|s| s.people_list())
}
