//! Saving what Forum Desk exports: where a file goes ([`Destination`]), writing it without
//! overwriting an earlier export, logging it, and opening an exported file later.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::SavedFile;
use crate::store::{CoreError, Result, Store};

/// Where an export is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// The default exports folder ([`Store::exports_dir`]). Never overwrites an earlier export.
    ExportsFolder,
    /// A folder the person chose; created when missing. Never overwrites an earlier export.
    Folder(PathBuf),
    /// Exactly this file (the command line's `--out`); replaced if it exists.
    File(PathBuf),
}

impl Destination {
    /// The window's "Save in folder" field: blank (or absent) means the default exports folder.
    pub fn folder(text: Option<&str>) -> Destination {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            None => Destination::ExportsFolder,
            Some(t) => Destination::Folder(expand_home(t)),
        }
    }
}

/// The default exports folder, for the window's "Save in folder" field.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ExportsFolder {
    pub path: String,
}

/// Files the window may open with the system's default app.
const OPENABLE: [&str; 6] = ["pdf", "csv", "ics", "pem", "cer", "json"];

impl Store {
    /// The default exports folder.
    pub fn exports_folder(&self) -> ExportsFolder {
        ExportsFolder {
            path: self.exports_dir().display().to_string(),
        }
    }

    /// Checks that `path` is a file Forum Desk exported (in the exports folder, or a file an
    /// export wrote to a chosen folder) and that it still exists; returns it ready to open.
    /// The window then opens it with the system's default app.
    pub fn export_path_to_open(&self, path: &str) -> Result<PathBuf> {
        let raw = PathBuf::from(path.trim());
        let refuse = || {
            CoreError::NotAllowed(
                "Forum Desk only opens files it has exported, from the exports folder or the folder you chose.".into(),
            )
        };
        if path.trim().is_empty() || !raw.is_absolute() {
            return Err(refuse());
        }
        let real = raw.canonicalize().map_err(|_| {
            CoreError::NotFound(format!(
                "{} is not there any more. It may have been moved or deleted.",
                raw.display()
            ))
        })?;
        if !real.is_file() {
            return Err(refuse());
        }
        let ext = real
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if !OPENABLE.contains(&ext.as_str()) {
            return Err(refuse());
        }
        let in_exports = self
            .exports_dir()
            .canonicalize()
            .is_ok_and(|dir| real.starts_with(dir));
        if in_exports || self.was_exported(&raw)? || self.was_exported(&real)? {
            Ok(real)
        } else {
            Err(refuse())
        }
    }

    /// The folder an export goes into, created if needed; a plain error when it cannot be used.
    pub(crate) fn folder_for(&self, dest: &Destination) -> Result<PathBuf> {
        let dir = match dest {
            Destination::ExportsFolder => self.exports_dir().to_path_buf(),
            Destination::Folder(d) => d.clone(),
            Destination::File(f) => f.parent().map(Path::to_path_buf).unwrap_or_default(),
        };
        if matches!(dest, Destination::Folder(_)) && !dir.is_absolute() {
            return Err(CoreError::invalid(
                "folder",
                format!(
                    "\"{}\" is not a full folder path. Please give the whole path, for example {}.",
                    dir.display(),
                    self.exports_dir().display()
                ),
            ));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(CoreError::invalid(
                "folder",
                format!(
                    "{} is a file, not a folder. Please choose a folder.",
                    dir.display()
                ),
            ));
        }
        std::fs::create_dir_all(&dir).map_err(|e| {
            CoreError::invalid(
                "folder",
                format!(
                    "Forum Desk could not use the folder {}: {e}. Please choose another folder.",
                    dir.display()
                ),
            )
        })?;
        Ok(dir)
    }

    pub(crate) fn save(&self, dest: &Destination, name: &str, bytes: &[u8]) -> Result<SavedFile> {
        let dir = self.folder_for(dest)?;
        match dest {
            Destination::File(path) => write_file(path, bytes),
            _ => write_export(&dir, name, bytes).map_err(|e| match e {
                CoreError::Io { path, reason } => CoreError::invalid(
                    "folder",
                    format!(
                        "Forum Desk could not save {path}: {reason}. Please choose another folder."
                    ),
                ),
                other => other,
            }),
        }
    }

    /// Logs an export with where it was saved, so that the window may open it later.
    pub(crate) fn log_export(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        what: &str,
        saved: &SavedFile,
    ) -> Result<()> {
        let detail = format!("{what}; saved to {}", saved.path);
        self.write(|tx| tx.audit(action, entity, entity_id, &detail))
    }

    fn was_exported(&self, path: &Path) -> Result<bool> {
        let text = format!("; saved to {}", path.display());
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM audit_log WHERE action LIKE 'exported %'
               AND length(detail) >= length(?1) AND substr(detail, length(detail) - length(?1) + 1) = ?1",
            [text],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}

/// "NHS Eastbridge Integrated Care Board" -> "nhs-eastbridge-integrated-care-board".
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(60).collect();
    if out.is_empty() {
        "export".into()
    } else {
        out.trim_end_matches('-').to_string()
    }
}

/// "~/Documents" means the home folder's Documents.
fn expand_home(text: &str) -> PathBuf {
    match (text.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ if text == "~" => std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(text)),
        _ => PathBuf::from(text),
    }
}

/// Writes exactly this file (replacing it), creating its folder.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<SavedFile> {
    let io = |e: std::io::Error| CoreError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    std::fs::write(path, bytes).map_err(io)?;
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

/// Writes a file into the exports folder, creating it, without overwriting an earlier export.
pub fn write_export(dir: &Path, name: &str, bytes: &[u8]) -> Result<SavedFile> {
    let io = |p: &Path, e: std::io::Error| CoreError::Io {
        path: p.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut path = dir.join(name);
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}).{ext}"));
        n += 1;
    }
    std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
    Ok(SavedFile {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_folder_means_the_exports_folder() {
        assert_eq!(Destination::folder(None), Destination::ExportsFolder);
        assert_eq!(Destination::folder(Some("  ")), Destination::ExportsFolder);
        assert_eq!(
            Destination::folder(Some("/tmp/x")),
            Destination::Folder(PathBuf::from("/tmp/x"))
        );
    }
}
