//! Where things are: the workspace, the binary under test, the artefacts folder.

use std::path::PathBuf;

/// The repository root (this crate lives in `<root>/tests`).
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// The `forumdesk` binary to test: `FORUMDESK_BIN` when set (the Makefile sets it), otherwise
/// `<target>/debug/forumdesk`, honouring `CARGO_TARGET_DIR`. Panics with a plain message
/// when it has not been built, rather than testing a stale or missing file silently.
pub fn app_binary() -> PathBuf {
    let path = match std::env::var_os("FORUMDESK_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_root().join("target"));
            target.join("debug").join("forumdesk")
        }
    };
    let path = if path.is_absolute() {
        path
    } else {
        workspace_root().join(path)
    };
    assert!(
        path.is_file(),
        "The Forum Desk program was not found at {}. Build it first with `cargo build -p forumdesk` \
         (or run `make test`), or point FORUMDESK_BIN at it.",
        path.display()
    );
    path
}

/// `tests/artefacts/` (git-ignored): screenshots and logs a person can look at after a run.
pub fn artefacts_dir() -> PathBuf {
    let dir = workspace_root().join("tests").join("artefacts");
    std::fs::create_dir_all(&dir).expect("could not create tests/artefacts");
    dir
}

/// tauri-driver: `TAURI_DRIVER` when set, else from PATH, else cargo's own bin folder (where
/// `cargo install` puts it even when that folder is not on PATH).
pub fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = find_on_path("tauri-driver") {
        return p;
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_default();
    let p = cargo_home.join("bin").join("tauri-driver");
    assert!(
        p.is_file(),
        "tauri-driver is not installed. Run `make deps-test` (it runs `cargo install tauri-driver --version ^2 --locked`)."
    );
    p
}

/// First executable called `name` on PATH.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}
