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
