//! End-to-end test support: finds the `forumdesk` binary, starts a private Xvfb display and
//! tauri-driver, opens the real window through WebDriver, and cleans everything up when the
//! [`App`] is dropped, even when a test panics.
//!
//! Typical use in `tests/e2e.rs`:
//! ```text
//! let app = App::launch().await;          // fresh temp data folder
//! app.wait_for_text("#data-dir").await;   // poll until the page has filled it in
//! app.save_screenshot("start-screen");     // tests/artefacts/start-screen.png
//! ```

pub mod app;
pub mod paths;
pub mod procs;

/// The parser of `src-tauri/commands.list`, shared word for word with build.rs.
#[path = "../../src-tauri/commands_list.rs"]
pub mod commands_list;

pub use app::App;
pub use paths::{app_binary, artefacts_dir, workspace_root};

/// Runs `forumdesk <args>` (the command line, no window) against `data_dir` and returns its
/// output. Uses `--data-dir` so the person's own data is never touched.
pub fn run_cli(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(app_binary())
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("FORUMDESK_DATA_DIR")
        // The passphrase `forumdesk demo` gives the demo officers.
        .env("FORUMDESK_PASSPHRASE", "demo-passphrase")
        .output()
        .expect("could not start the forumdesk binary")
}

/// What the window benches (`examples/startup.rs`, `examples/screen_profile.rs`) share about
/// the 20-year forum `bench_store --keep DIR` makes.
pub mod bench {
    /// The passphrase `bench_store` gives the bench forum's chair ("Chair 1", listed by
    /// first name).
    pub const PASSPHRASE: &str = "bench forum copper kettle";
    /// The chair on the start screen.
    pub const CHAIR: &str = "[data-person-name='Chair']";
    /// The screens drawn after signing in, in this order (Claims last: it is the first
    /// screen, so it is drawn again from another one).
    pub const SCREENS: [&str; 9] = [
        "approvals",
        "members",
        "reps",
        "groups",
        "meetings",
        "exports",
        "settings",
        "activity",
        "claims",
    ];
}
