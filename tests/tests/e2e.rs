//! End-to-end tests: the real window under Xvfb, the real binary's command line, and checks
//! that keep the project's structure honest (command list vs capability; no Tauri in the
//! core). One binary, so the expensive setup is shared and cargo links it once.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use forumdesk_e2e::app::within;
use forumdesk_e2e::commands_list::parse_commands_list;
use forumdesk_e2e::{app_binary, run_cli, workspace_root, App};

/// A month of forum work through the window.
mod accessibility;
/// Reps on their own computers: the rep's window sends, the forum's window imports.
mod exchange;
mod flow;
/// Projects, "you said, we did", the issues log and linking claim lines to projects.
mod impact;
/// Budgets, a rep's statement and the Carer's Allowance warning before submitting.
mod money;
/// Reach: a member's details with consent, and the panel on Members.
mod reach;
/// The Reports screen: figures for any dates, a CSV per table, the signed annual report.
mod reports;
mod terms;

/// Dates under several locales, impossible dates, every error at once.
mod figures;

// ---------------------------------------------------------------- the window

#[tokio::test]
async fn window_shows_data_folder_and_schema_version() {
    let app = App::launch().await;
    let folder = app.wait_for_text("#data-dir").await;
    assert_eq!(
        Path::new(folder.trim()),
        app.data_dir,
        "the page should show the data folder"
    );
    let version = app.wait_for_text("#schema-version").await;
    assert_eq!(version.trim(), expected_schema_version().to_string());
    let title = within(app.client.title())
        .await
        .expect("the window did not answer")
        .unwrap();
    assert_eq!(title, "Forum Desk");
    let shot = app.save_screenshot("start-screen");
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 1000,
        "the screenshot looks empty"
    );
    // Nothing is written before somebody sets the forum up with a passphrase.
    assert!(!app.data_dir.join("forumdesk.sqlite3").exists());

    // WebKit's web process runs the window's scripts without its optimising compilers
    // (main.rs says why): it inherited the settings from the program.
    let environ = web_process_environment(app.process_group());
    for setting in ["JSC_useDFGJIT=false", "JSC_useFTLJIT=false"] {
        assert!(
            environ.iter().any(|e| e == setting),
            "the web process lacks {setting}"
        );
    }
}

/// The environment of WebKit's web process started by the program in `group`.
fn web_process_environment(group: u32) -> Vec<String> {
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // "pid (name) state parent group ...": the name may hold spaces.
        let Some((name, rest)) = stat.split_once(" (").and_then(|(_, r)| r.rsplit_once(") "))
        else {
            continue;
        };
        let pgrp = rest.split(' ').nth(2).and_then(|g| g.parse::<u32>().ok());
        if name.starts_with("WebKitWebProces") && pgrp == Some(group) {
            let raw = std::fs::read(format!("/proc/{pid}/environ")).unwrap();
            return raw
                .split(|b| *b == 0)
                .map(|e| String::from_utf8_lossy(e).into_owned())
                .collect();
        }
    }
    panic!("no WebKit web process in the program's group {group}");
}

/// A new chair sets up a forum with a passphrase, is shown the recovery key once and must
/// say they have kept it; afterwards no file in the data folder holds their name in
/// readable form.
#[tokio::test]
async fn a_new_chair_sets_up_a_forum_with_a_passphrase() {
    let app = App::launch().await;
    let form = "[data-testid='setup-form']";
    flow::fill(
        &app,
        &format!("{form} [name='forum_name']"),
        "Brookfield Parent Carer Forum",
    )
    .await;
    flow::fill(
        &app,
        &format!("{form} [name='your_name']"),
        "Yewande Okonkwo-Hartley",
    )
    .await;
    flow::fill(
        &app,
        "[data-testid='new-passphrase']",
        "lantern meadow copper thistle",
    )
    .await;
    // The strength meter is worked out by the core as the person types.
    let verdict = app
        .wait_for_text("[data-testid='new-passphrase-verdict']")
        .await;
    assert!(verdict.contains("Strength"), "meter: {verdict}");
    flow::fill(
        &app,
        "[data-testid='new-passphrase-again']",
        "lantern meadow copper thistle",
    )
    .await;
    flow::click(&app, "[data-testid='setup-forum']").await;

    let key = app.wait_for_text("[data-testid='recovery-key']").await;
    assert!(key.trim().len() >= 26, "a 128-bit key in groups: {key}");
    app.save_screenshot("recovery-key");
    // Carrying on without saying it is kept is refused, beside the box.
    flow::click(&app, "[data-testid='recovery-done']").await;
    let refused = app
        .wait_for_text("[data-testid='recovery-confirm-form'] .field-error")
        .await;
    assert!(refused.contains("recovery key"), "{refused}");
    flow::click(&app, "[data-testid='recovery-kept']").await;
    flow::click(&app, "[data-testid='recovery-done']").await;
    let who = app.wait_for_text("#current-person").await;
    assert_eq!(who.trim(), "Yewande Okonkwo-Hartley");

    // Every file in the data folder, read as bytes: the name is nowhere in clear.
    let mut seen = 0;
    for entry in walk(&app.data_dir) {
        let bytes = std::fs::read(&entry).unwrap();
        seen += 1;
        assert!(
            !bytes.windows(8).any(|w| w == b"Okonkwo-"),
            "{} holds the chair's name in clear",
            entry.display()
        );
    }
    assert!(seen >= 2, "the database and its sign-in file were written");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[tokio::test]
async fn damaged_database_opens_the_window_with_a_plain_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("forumdesk.sqlite3"),
        b"this is not a database at all",
    )
    .unwrap();
    let app = App::launch_with_data_dir(dir.path()).await;
    let message = app.wait_for_text("#error").await;
    assert!(message.contains("damaged"), "unexpected message: {message}");
    assert_eq!(
        app.attr("#error", "data-code").await.as_deref(),
        Some("not_a_database")
    );
    app.save_screenshot("damaged-database");
    // The file was not touched.
    let bytes = std::fs::read(dir.path().join("forumdesk.sqlite3")).unwrap();
    assert_eq!(bytes, b"this is not a database at all");
}

/// The version the page should show: asked of the binary itself, so this crate need not
/// link the core.
fn expected_schema_version() -> i64 {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["info"]);
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Data version: "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("`forumdesk info` printed no data version: {text}"))
}

// ---------------------------------------------------------------- the command line

#[test]
fn info_prints_the_data_folder_and_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["info"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("Data folder: {}", dir.path().display())),
        "{stdout}"
    );
    assert!(stdout.contains("Data version: "), "{stdout}");
}

#[test]
fn data_folder_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(app_binary())
        .args(["info", "--data-folder"])
        .env("FORUMDESK_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        dir.path().display().to_string()
    );
}

#[test]
fn info_on_a_damaged_database_says_so_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("forumdesk.sqlite3"), b"garbage").unwrap();
    let out = run_cli(dir.path(), &["info"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("is not a Forum Desk database, or it is damaged"),
        "{stderr}"
    );
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["no-such-command"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn without_a_display_the_window_explains_instead_of_crashing() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(app_binary())
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("needs a desktop display"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

// ---------------------------------------------------------------- project structure

/// commands.list is the single list of window commands. build.rs derives the app manifest
/// and `generate_handler!` from it; here we check the capability grants exactly those
/// permissions, to the main window only.
#[test]
fn capability_grants_exactly_the_listed_commands() {
    let root = workspace_root().join("src-tauri");
    let listed = listed_commands(&root);
    let cap: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("capabilities/main.json")).unwrap(),
    )
    .expect("capabilities/main.json is not valid JSON");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .expect("capabilities/main.json has no permissions list")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("permissions are plain names here")
                .to_string()
        })
        .collect();
    let wanted: BTreeSet<String> = listed.iter().map(|c| c.permission()).collect();
    assert_eq!(
        granted, wanted,
        "capabilities/main.json must grant exactly the commands in commands.list"
    );

    // It is the only capability file: a second one could quietly widen what pages may do.
    let files: Vec<_> = std::fs::read_dir(root.join("capabilities"))
        .unwrap()
        .collect();
    assert_eq!(
        files.len(),
        1,
        "src-tauri/capabilities/ should hold only main.json"
    );
}

/// Every `#[tauri::command]` in the source is in commands.list (so it is registered and
/// permitted), and every listed command exists; and nothing registers commands by hand.
#[test]
fn every_tauri_command_is_listed_and_registered_once() {
    let root = workspace_root().join("src-tauri");
    let listed: BTreeSet<String> = listed_commands(&root).into_iter().map(|c| c.path).collect();
    let mut found = BTreeSet::new();
    let mut handler_sites = 0;
    for file in rust_files(&root.join("src")) {
        let text = std::fs::read_to_string(&file).unwrap();
        let rel = file
            .strip_prefix(root.join("src"))
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        handler_sites += code.matches("generate_handler!").count();
        handler_sites += code.matches("/invoke_handler.rs\"").count();
        let module = rel
            .strip_prefix("commands/")
            .map(|m| m.trim_end_matches(".rs").replace('/', "::"));
        for name in tauri_commands_in(&text) {
            let path = match (&module, rel.as_str()) {
                (_, "commands.rs") => name,
                (Some(m), _) => format!("{m}::{name}"),
                (None, _) => panic!("src-tauri/src/{rel} defines command `{name}`: commands belong in src/commands.rs or src/commands/"),
            };
            found.insert(path);
        }
    }
    assert_eq!(
        found, listed,
        "the #[tauri::command] functions and commands.list differ"
    );
    // gui.rs includes the handler build.rs generates, and nothing else calls generate_handler!.
    let gui = std::fs::read_to_string(root.join("src/gui.rs")).unwrap();
    assert!(gui.contains("include!(concat!(env!(\"OUT_DIR\"), \"/invoke_handler.rs\"))"));
    assert_eq!(
        handler_sites, 1,
        "register commands only through commands.list"
    );
    // And the handler build.rs generated for the binary under test lists exactly the same
    // commands.
    let generated = generated_handler();
    let registered: BTreeSet<String> = generated
        .lines()
        .filter_map(|l| l.trim().strip_prefix("crate::commands::"))
        .map(|l| l.trim_end_matches(',').to_string())
        .collect();
    assert_eq!(
        registered, listed,
        "the generated invoke handler and commands.list differ"
    );
}

/// The `invoke_handler.rs` that build.rs wrote for the binary the tests drive: the newest
/// one in that binary's build folder.
fn generated_handler() -> String {
    let build_dir = app_binary()
        .parent()
        .expect("the binary is in a target folder")
        .join("build");
    let newest = std::fs::read_dir(&build_dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", build_dir.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("forumdesk-"))
        .map(|e| e.path().join("out/invoke_handler.rs"))
        .filter(|p| p.is_file())
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .unwrap_or_else(|| panic!("no invoke_handler.rs under {}", build_dir.display()));
    std::fs::read_to_string(newest).unwrap()
}

/// The core, the export crate and the command line must build and run without Tauri, so
/// their tests need no window and the command line works on a server.
#[test]
fn no_tauri_outside_the_window_crate() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for package in ["forumdesk-core", "forumdesk-export", "forumdesk-cli"] {
        let out = Command::new(&cargo)
            .current_dir(workspace_root())
            .args([
                "tree",
                "-p",
                package,
                "-e",
                "normal,build",
                "--prefix",
                "none",
                "--offline",
            ])
            .output()
            .expect("could not run cargo tree");
        assert!(
            out.status.success(),
            "cargo tree -p {package} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let tree = String::from_utf8_lossy(&out.stdout);
        let bad: Vec<&str> = tree
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| {
                *name == "tauri" || name.starts_with("tauri-") || *name == "wry" || *name == "tao"
            })
            .collect();
        assert!(
            bad.is_empty(),
            "{package} depends on {bad:?}; only src-tauri (package forumdesk) may use Tauri"
        );
    }
}

// ---------------------------------------------------------------- helpers

fn listed_commands(src_tauri: &Path) -> Vec<forumdesk_e2e::commands_list::ListedCommand> {
    let text = std::fs::read_to_string(src_tauri.join("commands.list")).unwrap();
    parse_commands_list(&text).unwrap_or_else(|e| panic!("{e}"))
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Names of the functions marked `#[tauri::command]` (any form) in `text`.
fn tauri_commands_in(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut pending = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with("#[tauri::command") {
            // ui/js/api.js sends snake_case argument names and expects the window to stay
            // responsive, so every command must say both (see src-tauri/src/commands.rs).
            assert!(
                line.contains("async") && line.contains(r#"rename_all = "snake_case""#),
                "write `#[tauri::command(async, rename_all = \"snake_case\")]`, not `{line}`"
            );
            pending = true;
            continue;
        }
        if pending && !line.starts_with("#[") && !line.starts_with("//") {
            let rest = line.split("fn ").nth(1).unwrap_or_else(|| {
                panic!("#[tauri::command] on something that is not a fn: {line}")
            });
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
            pending = false;
        }
    }
    names
}

// ---------------------------------------------------------------- the window's files

/// The list release builds lay out first (src-tauri/build.rs) names this program's
/// functions once each, by when the window first runs them: start-up's (`main`) before
/// sign-in's (opening the encrypted store, deriving the key with Argon2).
#[test]
fn the_link_order_lists_start_up_code_before_sign_in_code() {
    let file = workspace_root().join("src-tauri/link-order.txt.gz");
    let out = Command::new("gzip").arg("-dc").arg(&file).output().unwrap();
    assert!(out.status.success(), "{} is not gzip", file.display());
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = text.lines().collect();
    assert!(names.len() > 1000, "only {} functions", names.len());
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "a function is named twice");
    let at = |wanted: &dyn Fn(&str) -> bool, what: &str| {
        names
            .iter()
            .position(|n| wanted(n))
            .unwrap_or_else(|| panic!("the list has no {what}"))
    };
    let main = at(&|n| n == "main", "main");
    let open = at(&|n| n == "sqlite3_open_v2", "sqlite3_open_v2");
    let argon2 = at(
        &|n| n.contains("argon2") && n.contains("fill_blocks"),
        "Argon2",
    );
    assert!(main < open && main < argon2, "{main} {open} {argon2}");
}

/// index.html asks at once for every module main.js imports before the sign-in list shows
/// (`<link rel="modulepreload">`), so they are not fetched one level of imports after
/// another. The list must be exactly main.js's static imports, followed through: a module
/// missing from it is fetched late, and a screen's module in it would be loaded at start-up
/// after all.
#[test]
fn index_preloads_exactly_what_main_js_imports() {
    let ui = workspace_root().join("ui");
    let html = std::fs::read_to_string(ui.join("index.html")).unwrap();
    let preloaded: BTreeSet<String> = html
        .lines()
        .filter(|l| l.contains("rel=\"modulepreload\""))
        .filter_map(|l| l.split("href=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    let mut imported = BTreeSet::new();
    static_imports(&ui, "js/main.js", &mut imported);
    imported.remove("js/main.js");
    assert!(
        imported.contains("js/views/start.js") && imported.contains("js/api.js"),
        "main.js's imports were not read: {imported:?}"
    );
    assert_eq!(preloaded, imported);
}

/// `file` (relative to ui/) and every module it imports with a static `import … from`,
/// followed through, as paths relative to ui/.
fn static_imports(ui: &Path, file: &str, seen: &mut BTreeSet<String>) {
    if !seen.insert(file.to_string()) {
        return;
    }
    let text = std::fs::read_to_string(ui.join(file)).unwrap();
    let dir = Path::new(file).parent().unwrap();
    for part in text.split("from '").skip(1) {
        let Some(spec) = part.split('\'').next().filter(|s| s.starts_with('.')) else {
            continue;
        };
        let mut path = dir.to_path_buf();
        for piece in spec.split('/') {
            match piece {
                "." => {}
                ".." => {
                    path.pop();
                }
                p => path.push(p),
            }
        }
        static_imports(ui, &path.to_string_lossy(), seen);
    }
}
