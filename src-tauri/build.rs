//! Build script: turns `commands.list` into Tauri's app manifest (one `allow-<name>`
//! permission per command) and into the `generate_handler!` list that gui.rs includes, and
//! refuses to build if capabilities/main.json grants anything else.

#[path = "commands_list.rs"]
mod commands_list;

use std::collections::BTreeSet;
use std::path::Path;

const LIST: &str = "commands.list";
const CAPABILITY: &str = "capabilities/main.json";

fn main() {
    println!("cargo:rerun-if-changed={LIST}");
    println!("cargo:rerun-if-changed={CAPABILITY}");
    println!("cargo:rerun-if-changed=commands_list.rs");

    let text =
        std::fs::read_to_string(LIST).unwrap_or_else(|e| fail(&format!("cannot read {LIST}: {e}")));
    let commands = commands_list::parse_commands_list(&text).unwrap_or_else(|e| fail(&e));

    check_capability(&commands);
    write_handler(&commands);

    // tauri_build wants &'static names; a build script is short-lived, so leaking is fine.
    let names: Vec<&'static str> = commands
        .iter()
        .map(|c| &*Box::leak(c.name.clone().into_boxed_str()))
        .collect();
    let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(names));
    if let Err(e) = tauri_build::try_build(attributes) {
        fail(&format!("tauri-build failed: {e:#}"));
    }
    lay_out_hot_code_first();
}

/// Functions the window runs at start-up, at sign-in and on its screens, in that order
/// (`make link-order` writes it; bench/link_order.py says how).
const LINK_ORDER: &str = "link-order.txt.gz";

/// Release builds for 64-bit Linux put the code the window runs first in the program, in
/// the order it first runs. Otherwise that code is scattered over the program's 23 MB of
/// code, and Linux maps each piece with its neighbours (64 KB at a time): once signed in,
/// about 15 MB of code is in memory against about 8 MB laid out this way. Functions the
/// list does not name (new code, or names changed by another compiler or newer crates) go
/// after it, so a stale list costs memory, never correctness. Only rust-lld, rustc's linker
/// for this target since Rust 1.90, understands the option; `FORUMDESK_LINK_ORDER=0` turns
/// it off.
fn lay_out_hot_code_first() {
    println!("cargo:rerun-if-changed={LINK_ORDER}");
    println!("cargo:rerun-if-env-changed=FORUMDESK_LINK_ORDER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    if var("TARGET") != "x86_64-unknown-linux-gnu"
        || var("PROFILE") != "release"
        || var("FORUMDESK_LINK_ORDER") == "0"
        // A linker chosen by hand may not be rust-lld.
        || var("CARGO_ENCODED_RUSTFLAGS").contains("linker")
        || !rustc_links_with_lld()
    {
        return;
    }
    let packed = std::fs::read(LINK_ORDER)
        .unwrap_or_else(|e| fail(&format!("cannot read {LINK_ORDER}: {e}")));
    let mut list = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&packed[..]), &mut list)
        .unwrap_or_else(|e| fail(&format!("{LINK_ORDER} is damaged: {e}")));
    let path = Path::new(&var("OUT_DIR")).join("link-order.txt");
    std::fs::write(&path, list)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
    println!(
        "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
        path.display()
    );
    println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
}

/// Whether rustc links this target with rust-lld: it has done so by default since 1.90.
fn rustc_links_with_lld() -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let Ok(out) = std::process::Command::new(rustc).arg("-vV").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(release) = text.lines().find_map(|l| l.strip_prefix("release: ")) else {
        return false;
    };
    let mut parts = release
        .split(['.', '-'])
        .map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    (major, minor) >= (1, 90)
}

/// The capability must grant exactly our commands' permissions, nothing more or less: a
/// missing one makes a screen fail at run time, an extra one widens what the page may do.
fn check_capability(commands: &[commands_list::ListedCommand]) {
    let text = std::fs::read_to_string(CAPABILITY)
        .unwrap_or_else(|e| fail(&format!("cannot read {CAPABILITY}: {e}")));
    let json: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("{CAPABILITY} is not valid JSON: {e}")));
    let granted: BTreeSet<String> = json["permissions"]
        .as_array()
        .unwrap_or_else(|| fail(&format!("{CAPABILITY} has no \"permissions\" list")))
        .iter()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    let wanted: BTreeSet<String> = commands.iter().map(|c| c.permission()).collect();
    if granted != wanted {
        let missing: Vec<_> = wanted.difference(&granted).collect();
        let extra: Vec<_> = granted.difference(&wanted).collect();
        fail(&format!(
            "{CAPABILITY} does not match {LIST}. Add to its \"permissions\": {missing:?}. Remove: {extra:?}."
        ));
    }
}

/// Writes `generate_handler![...]` for gui.rs to `include!`, so registering a command is
/// the same act as listing it.
fn write_handler(commands: &[commands_list::ListedCommand]) {
    let mut code = String::from("::tauri::generate_handler![\n");
    for c in commands {
        code.push_str(&format!("    crate::commands::{},\n", c.path));
    }
    code.push(']');
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    let path = Path::new(&out).join("invoke_handler.rs");
    std::fs::write(&path, code)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", path.display())));
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
