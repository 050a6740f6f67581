//! Reads `commands.list`, the single list of the window's commands. Shared word for word by
//! build.rs and the tests crate (through `#[path]`), so both read the list the same way.

/// One command from the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedCommand {
    /// Rust path under `crate::commands`, e.g. `app_info` or `members::list_members`.
    pub path: String,
    /// The name the window invokes: the path's last part.
    pub name: String,
}

impl ListedCommand {
    /// The permission Tauri generates for this command in the app manifest.
    pub fn permission(&self) -> String {
        format!("allow-{}", self.name.replace('_', "-"))
    }
}

/// Parses the list: one path per line; blank lines and `#` comments are ignored. Refuses
/// names that are not Rust paths and names listed twice.
pub fn parse_commands_list(text: &str) -> Result<Vec<ListedCommand>, String> {
    let mut out: Vec<ListedCommand> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let parts: Vec<&str> = line.split("::").collect();
        let valid = parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !p.starts_with(|c: char| c.is_ascii_digit())
        });
        if !valid {
            return Err(format!(
                "commands.list line {}: `{line}` is not a command path (use lower_snake_case, e.g. members::list_members)",
                i + 1
            ));
        }
        let name = parts.last().copied().unwrap_or_default().to_string();
        if out.iter().any(|c| c.name == name) {
            return Err(format!(
                "commands.list line {}: the command name `{name}` is listed twice",
                i + 1
            ));
        }
        out.push(ListedCommand {
            path: line.to_string(),
            name,
        });
    }
    Ok(out)
}
