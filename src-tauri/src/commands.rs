//! The window's commands. Each is a one-liner that calls the core through
//! [`AppState::with_session`] (or `with_store` before anyone is chosen) and returns
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

pub mod claims;
pub mod exports;
pub mod meetings;
pub mod members;
pub mod reps;
pub mod session;
pub mod settings;

use forumdesk_core::model::Person;
use serde::Serialize;
use tauri::State;

use crate::api_error::ApiError;
use crate::gui::AppState;

/// What the start screen needs: where the data is, whether the forum is set up, and any
/// reason the data could not be opened.
#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub app_version: String,
    pub data_dir: String,
    pub db_path: String,
    pub schema_version: i64,
    pub forum_name: Option<String>,
    pub setup_needed: bool,
    pub today: String,
    pub open_error: Option<ApiError>,
    pub person: Option<Person>,
}

/// Never fails: when the data cannot be opened, `open_error` says why.
#[tauri::command(async, rename_all = "snake_case")]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    let details =
        state.with_store(|s| Ok((s.setup_needed()?, s.forum_get()?.name, s.session_person()?)));
    let (setup_needed, forum_name, person) =
        details.clone().unwrap_or((false, String::new(), None));
    Ok(AppInfo {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        data_dir: state.data_dir.display().to_string(),
        db_path: forumdesk_core::db_path(&state.data_dir)
            .display()
            .to_string(),
        schema_version: forumdesk_core::schema_version(),
        forum_name: Some(forum_name).filter(|n| !n.is_empty()),
        setup_needed,
        today: chrono::Local::now().format("%Y-%m-%d").to_string(),
        open_error: state.open_error().or(details.err()),
        person,
    })
}
