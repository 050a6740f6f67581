//! The demo forum in a data folder, all or nothing: it is built in a folder beside the
//! target and moved into place in one rename, so a `forumdesk demo` killed half-way leaves
//! either no forum or a whole one.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::forum::{create_demo, DemoOutcome, CHAIR_EMAIL, CHAIR_NAME, FORUM_NAME, SIGN_IN_TOO};
use crate::model::SetupInput;
use crate::signin::{FolderState, KdfParams};
use crate::store::{private_file, CoreError, Result, Store};

/// The passphrase every demo sign-in gets when none is given.
pub const DEMO_PASSPHRASE: &str = "demo-passphrase";

/// What `forumdesk demo` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoFolder {
    pub outcome: DemoOutcome,
    /// The recovery key, shown once (empty when the folder already held a forum).
    pub recovery_key: String,
    /// The people who can sign in, with the passphrase they were given.
    pub sign_ins: Vec<String>,
}

/// Builds the demo forum in `dir` (which must be empty or missing), giving the chair, the
/// treasurer and one rep sign-ins with `passphrase`.
pub fn create_demo_folder(
    dir: &Path,
    today: NaiveDate,
    passphrase: &str,
    kdf: KdfParams,
) -> Result<DemoFolder> {
    if Store::sign_in_options(dir)?.state != FolderState::New {
        return Ok(DemoFolder {
            outcome: DemoOutcome::AlreadySetUp {
                forum: "this folder's forum".into(),
            },
            recovery_key: String::new(),
            sign_ins: Vec::new(),
        });
    }
    if dir.exists()
        && std::fs::read_dir(dir)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(CoreError::invalid(
            "data_dir",
            format!(
                "{} is not empty. The demo forum goes into an empty or new folder.",
                dir.display()
            ),
        ));
    }
    let building = building_path(dir);
    let _ = std::fs::remove_dir_all(&building);
    let built = build(&building, today, passphrase, kdf);
    let (recovery_key, outcome, sign_ins) = match built {
        Ok(b) => b,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&building);
            return Err(e);
        }
    };
    // An empty target folder is replaced in one step; a missing one appears in one step.
    if dir.exists() {
        std::fs::remove_dir(dir).map_err(|e| CoreError::Io {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })?;
    }
    std::fs::rename(&building, dir).map_err(|e| CoreError::Io {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    if let Some(parent) = dir.parent() {
        private_file::sync_dir(parent);
    }
    Ok(DemoFolder {
        outcome,
        recovery_key,
        sign_ins,
    })
}

fn build(
    at: &Path,
    today: NaiveDate,
    passphrase: &str,
    kdf: KdfParams,
) -> Result<(String, DemoOutcome, Vec<String>)> {
    let (mut store, recovery) = Store::create_with(
        at,
        &SetupInput {
            forum_name: FORUM_NAME.into(),
            your_name: CHAIR_NAME.into(),
            your_email: CHAIR_EMAIL.into(),
            passphrase: passphrase.into(),
        },
        kdf,
        false,
    )?;
    let outcome = create_demo(&mut store, today)?;
    let mut sign_ins = vec![CHAIR_NAME.to_string()];
    for name in SIGN_IN_TOO {
        let id = crate::forum::people::person_by_name_or_email(&store.conn, name)?;
        store.replace_person_slot_with(id, passphrase, false, store.actor(), false)?;
        sign_ins.push(name.to_string());
    }
    store
        .conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok((recovery.recovery_key, outcome, sign_ins))
}

fn building_path(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "forum".into());
    dir.with_file_name(format!(".{name}.demo-{}", std::process::id()))
}
