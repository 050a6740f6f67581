//! The window's commands. Each is a one-liner that calls the core through
//! [`AppState::with_session`] (or, for sign-in itself, the core's sign-in functions) and returns
//! `Result<_, ApiError>`; the rules live in forumdesk-core, never here.
//!
//! To add a command: write it in `commands/<family>.rs`, add its path to `commands.list`, and
//! add `allow-<name>` (underscores as hyphens) to `capabilities/main.json`. build.rs registers
//! it with `generate_handler!` and refuses to build if the capability does not match.
//!
//! Write every command as `#[tauri::command(async, rename_all = "snake_case")]`:
//! - `async` runs it off the main thread, so a slow query never freezes the window;
//! - `rename_all = "snake_case"` makes its argument names the same in JavaScript as in Rust
//!   (`invoke('session_set', { person_id })`); Tauri's default would expect `personId`.
//!
//! A test in tests/tests/e2e.rs checks both, and that commands.list matches.

pub mod access;
pub mod backups;
pub mod claims;
pub mod exchange;
pub mod exports;
pub mod impact;
pub mod meetings;
pub mod members;
pub mod money;
pub mod projects;
pub mod reach;
pub mod reports;
pub mod reps;
pub mod session;
pub mod settings;

use forumdesk_core::model::{SessionInfo, SignInOptions};
use serde::Serialize;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

/// What the start screen needs: where the data is, what the folder holds, and (after sign-in)
/// who is signed in.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub app_version: String,
    pub data_dir: String,
    pub db_path: String,
    pub schema_version: i64,
    pub forum_name: Option<String>,
    pub today: String,
    /// Why the folder cannot be used, if it cannot (damaged, not ours, too new).
    pub open_error: Option<ApiError>,
    /// What the folder holds (new, upgrade or ready) and who may sign in or do the upgrade,
    /// when the folder can be used: the start screen lists them without asking again.
    pub sign_in: Option<SignInOptions>,
    pub session: Option<SessionInfo>,
}

impl AppInfo {
    /// Never fails: when the folder cannot be used, `open_error` says why.
    pub fn read(state: &AppState) -> AppInfo {
        let options =
            forumdesk_core::Store::sign_in_options(&state.data_dir).map_err(ApiError::from);
        let (forum_name, session) = state.with_optional(|s| match s {
            Some(s) => (s.forum_get().ok().map(|f| f.name), s.session_info().ok()),
            None => (None, None),
        });
        let (sign_in, open_error) = match options {
            Ok(o) => (Some(o), None),
            Err(e) => (None, Some(e)),
        };
        AppInfo {
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: state.data_dir.display().to_string(),
            db_path: forumdesk_core::db_path(&state.data_dir)
                .display()
                .to_string(),
            schema_version: forumdesk_core::schema_version(),
            forum_name,
            today: chrono::Local::now().format("%Y-%m-%d").to_string(),
            sign_in,
            open_error,
            session,
        }
    }
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    Ok(AppInfo::read(&state))
}
