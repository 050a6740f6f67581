//! Where the forum's data lives. One function decides it for the window and the command
//! line alike, so both always agree.

use std::path::PathBuf;

use directories::ProjectDirs;

use crate::CliError;

/// The data folder used when neither `--data-dir` nor `FORUMDESK_DATA_DIR` is given, for
/// example `~/.local/share/forumdesk` on Linux. `None` when the system has no home folder.
pub fn default_data_dir() -> Option<PathBuf> {
    ProjectDirs::from("uk.org", "Forum Desk", "Forum Desk").map(|d| d.data_dir().to_path_buf())
}

/// Picks the data folder (the one asked for, otherwise the default) without creating it or
/// looking inside, for commands such as `verify` that only read a file from it if it is there.
pub fn locate_data_dir(requested: Option<PathBuf>) -> Result<PathBuf, CliError> {
    match requested {
        Some(dir) => Ok(dir),
        None => default_data_dir().ok_or(CliError::NoHomeFolder),
    }
}

/// Picks the data folder (the one asked for, otherwise the default) and creates it if it is
/// missing, so the first run just works.
pub fn resolve_data_dir(requested: Option<PathBuf>) -> Result<PathBuf, CliError> {
    let dir = locate_data_dir(requested)?;
    std::fs::create_dir_all(&dir).map_err(|e| CliError::DataDir {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_a_missing_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let wanted = tmp.path().join("a").join("b");
        let got = resolve_data_dir(Some(wanted.clone())).unwrap();
        assert_eq!(got, wanted);
        assert!(wanted.is_dir());
    }

    #[test]
    fn locating_does_not_create() {
        let tmp = tempfile::tempdir().unwrap();
        let wanted = tmp.path().join("a");
        assert_eq!(locate_data_dir(Some(wanted.clone())).unwrap(), wanted);
        assert!(!wanted.exists());
    }

    #[test]
    fn explains_a_folder_that_cannot_be_made() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-folder");
        std::fs::write(&file, "x").unwrap();
        let err = resolve_data_dir(Some(file.join("inside"))).unwrap_err();
        assert!(
            err.to_string().starts_with("Could not use the data folder"),
            "{err}"
        );
    }
}
