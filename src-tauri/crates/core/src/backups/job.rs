//! Taking a backup. [`Store::backup_job`] gathers what a backup needs (the file, the key, the
//! sign-in file) in a moment; [`BackupJob::run`] then does the slow part on its own
//! read-only connection, so the window never waits for it. The copy is consistent even while
//! the window is writing (SQLite's backup API inside one read transaction, WAL included),
//! checked after writing (it opens, passes a quick check, holds the same rows), and written
//! atomically (temporary file, fsync, rename).

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::container::{self, Header, Summary};
use super::model::BackupInfo;
use super::rotation;
use super::{BACKUPS_DIR, BACKUP_EXT};
use crate::signin::{key_id, SlotsFile};
use crate::store::{db_path, open, private_file, CoreError, Result, Store};

/// The default size cap for the backups folder.
pub const DEFAULT_CAP_MB: u64 = 2048;
/// How many copies the off-laptop folder keeps.
const COPIES_KEPT: usize = 3;

/// What a backup needs, gathered from a signed-in store.
pub struct BackupJob {
    data_dir: PathBuf,
    key: Zeroizing<[u8; 32]>,
    slots: SlotsFile,
    made_at: NaiveDateTime,
    cap_mb: u64,
    copy_folder: Option<PathBuf>,
}

/// What the backups folder remembers between runs, outside the database (the backup job runs
/// without it): nothing here is about any person.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct State {
    /// The newest activity-log entry the last backup held.
    pub last_audit_id: i64,
    pub last_backup_at: Option<String>,
    /// When a backup last left the laptop.
    pub last_copied_off_at: Option<String>,
}

pub(crate) fn state_path(data_dir: &Path) -> PathBuf {
    data_dir.join(BACKUPS_DIR).join("state.json")
}

pub(crate) fn read_state(data_dir: &Path) -> State {
    std::fs::read(state_path(data_dir))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub(crate) fn write_state(data_dir: &Path, s: &State) -> Result<()> {
    private_file::write_atomic(
        &state_path(data_dir),
        &serde_json::to_vec_pretty(s).expect("plain data"),
    )
}

impl Store {
    /// Everything a backup needs, gathered now; run it with [`BackupJob::run`], on another
    /// thread if the window is open.
    pub fn backup_job(&self) -> Result<BackupJob> {
        self.active_session()?;
        let dir = self
            .data_dir()
            .ok_or_else(|| CoreError::Locked("A throwaway store has nothing to back up.".into()))?
            .to_path_buf();
        let key = self
            .db_key
            .clone()
            .ok_or_else(|| CoreError::Locked("This store has no database key.".into()))?;
        let slots = SlotsFile::read(&dir)?.ok_or(CoreError::NoSession)?;
        let (cap_mb, copy_folder) = self.backup_settings()?;
        Ok(BackupJob {
            data_dir: dir,
            key,
            slots,
            made_at: self.clock.now(),
            cap_mb,
            copy_folder,
        })
    }

    /// The backup a change just asked for (an approval, a payment, an import), if any: the
    /// window runs it on another thread so nobody waits for it.
    pub fn take_backup_job(&mut self) -> Option<BackupJob> {
        if !std::mem::take(&mut self.backup_requested) {
            return None;
        }
        self.backup_job().ok()
    }

    /// When the newest backup was taken, if there is one.
    pub fn last_backup_at(&self) -> Option<NaiveDateTime> {
        let dir = self.data_dir()?;
        read_state(dir)
            .last_backup_at
            .and_then(|t| NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S").ok())
    }

    /// True when something has changed since the newest backup.
    pub fn backup_due(&self) -> Result<bool> {
        let Some(dir) = self.data_dir() else {
            return Ok(false);
        };
        let newest: i64 =
            self.conn
                .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                    r.get(0)
                })?;
        Ok(newest > read_state(dir).last_audit_id)
    }
}

impl BackupJob {
    /// Takes, checks and keeps the backup, prunes old ones and copies it off the laptop if a
    /// folder is set. Returns the new backup.
    pub fn run(&self) -> Result<BackupInfo> {
        let folder = self.data_dir.join(BACKUPS_DIR);
        private_file::private_dir(&folder)?;
        let name = rotation::file_name(self.made_at);
        let final_path = folder.join(&name);
        let work = folder.join(format!(".{name}.db-tmp"));
        let result = self.write_backup(&work, &final_path);
        let _ = std::fs::remove_file(&work);
        for suffix in ["-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", work.display()));
        }
        let (summary, audit_id) = result?;
        rotation::prune(&folder, self.cap_mb * 1024 * 1024);
        let mut state = read_state(&self.data_dir);
        state.last_audit_id = audit_id;
        state.last_backup_at = Some(self.made_at.format("%Y-%m-%dT%H:%M:%S").to_string());
        if let Some(to) = &self.copy_folder {
            copy_off(&final_path, to)?;
            state.last_copied_off_at = state.last_backup_at.clone();
        }
        write_state(&self.data_dir, &state)?;
        Ok(BackupInfo {
            name,
            path: final_path.display().to_string(),
            made_at: self.made_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            size_bytes: std::fs::metadata(&final_path).map(|m| m.len()).unwrap_or(0),
            latest_change: summary.latest_change,
            latest_change_at: summary.latest_change_at,
        })
    }

    fn write_backup(&self, work: &Path, final_path: &Path) -> Result<(Summary, i64)> {
        let source = open::open_reader(&db_path(&self.data_dir), &self.key)?;
        // One read transaction: the counts, the summary and the copy all see one moment.
        source.execute_batch("BEGIN")?;
        let expected = counts(&source)?;
        let (summary, audit_id) = summary(&source)?;
        drop(private_file::create_private(work)?);
        {
            let mut dest = open::connect(work, rusqlite::OpenFlags::default())?;
            open::apply_key(&dest, &self.key)?;
            let backup = rusqlite::backup::Backup::new(&source, &mut dest)?;
            backup.step(-1)?;
        }
        source.execute_batch("COMMIT")?;
        // The copy must open with the key, pass a quick check and hold the same rows.
        let check = open::open_reader(work, &self.key)?;
        let ok: String = check.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if ok != "ok" || counts(&check)? != expected {
            return Err(CoreError::Database(
                "the backup did not match the forum's data after writing".into(),
            ));
        }
        drop(check);
        let db = std::fs::read(work).map_err(|e| CoreError::Io {
            path: work.display().to_string(),
            reason: e.to_string(),
        })?;
        let header = Header {
            forum: self.slots.forum.clone(),
            made_at: self.made_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            key_id: key_id(&self.key),
            slots: self.slots.clone(),
            summary: Header::seal_summary(&self.key, &summary),
        };
        let mut bytes = Vec::with_capacity(db.len() + 8192);
        container::write(&mut bytes, &header, &db).map_err(|e| CoreError::Io {
            path: final_path.display().to_string(),
            reason: e.to_string(),
        })?;
        private_file::write_atomic(final_path, &bytes)?;
        Ok((summary, audit_id))
    }
}

/// Rows in the tables that matter, to compare a copy with its source.
fn counts(conn: &Connection) -> Result<Vec<i64>> {
    [
        "members",
        "claims",
        "claim_lines",
        "receipts",
        "meetings",
        "audit_log",
    ]
    .iter()
    .map(|t| {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .map_err(CoreError::from)
    })
    .collect()
}

fn summary(conn: &Connection) -> Result<(Summary, i64)> {
    let forum_name: String = conn
        .query_row("SELECT name FROM forum WHERE id = 1", [], |r| r.get(0))
        .unwrap_or_default();
    let latest: Option<(i64, String, String, String)> = conn
        .query_row(
            "SELECT a.id, a.at, a.action, coalesce(CASE WHEN m.erased_on IS NULL THEN m.name ELSE m.anon_ref END, 'the command line')
             FROM audit_log a LEFT JOIN members m ON m.id = a.actor_id ORDER BY a.id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .ok();
    let (members, claims): (i64, i64) = conn.query_row(
        "SELECT (SELECT count(*) FROM members WHERE erased_on IS NULL), (SELECT count(*) FROM claims)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let (audit_id, latest_change, latest_change_at) = match latest {
        Some((id, at, action, who)) => (id, format!("{who} {action}"), Some(at)),
        None => (0, String::new(), None),
    };
    Ok((
        Summary {
            forum_name,
            latest_change,
            latest_change_at,
            members,
            claims,
        },
        audit_id,
    ))
}

/// Copies a backup into the off-laptop folder atomically, keeping the newest few there.
pub(crate) fn copy_off(backup: &Path, to: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(to).map_err(|e| CoreError::invalid(
        "copy_folder",
        format!("Forum Desk could not use the folder {} for backup copies ({e}). Is the USB stick plugged in?", to.display()),
    ))?;
    let name = backup
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("forumdesk.{BACKUP_EXT}"));
    let dest = to.join(&name);
    let bytes = std::fs::read(backup).map_err(|e| CoreError::Io {
        path: backup.display().to_string(),
        reason: e.to_string(),
    })?;
    private_file::write_atomic(&dest, &bytes).map_err(|e| match e {
        CoreError::ReadOnly { path } => CoreError::invalid(
            "copy_folder",
            format!("{path} is read-only, so the backup copy could not be saved there."),
        ),
        other => other,
    })?;
    let copies = rotation::list(to);
    for old in copies.iter().skip(COPIES_KEPT) {
        let _ = std::fs::remove_file(&old.path);
    }
    Ok(dest)
}
