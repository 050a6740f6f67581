//! The Backups screen: the list with sizes and the latest change in each, the size cap and
//! the off-laptop folder, and "Copy a backup to…".

use std::path::{Path, PathBuf};

use rusqlite::params;

use super::container;
use super::job::{copy_off, read_state, write_state, DEFAULT_CAP_MB};
use super::model::{BackupInfo, BackupSettingsInput, BackupsOverview};
use super::rotation;
use super::BACKUPS_DIR;
use crate::signin::key_id;
use crate::store::{CoreError, Result, Store};
use crate::text::{none_if_blank, parse_whole};

/// Days without a copy off the laptop before the home screen warns.
pub const COPY_OFF_WARNING_DAYS: i64 = 30;

impl Store {
    /// The size cap (MB) and the off-laptop folder.
    pub(crate) fn backup_settings(&self) -> Result<(u64, Option<PathBuf>)> {
        let cap = self
            .setting("backup_cap_mb")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_CAP_MB);
        let folder = self.setting("backup_copy_folder")?.map(PathBuf::from);
        Ok((cap, folder))
    }

    pub fn backup_settings_save(&mut self, input: &BackupSettingsInput) -> Result<BackupsOverview> {
        self.require_officer("change the backup settings")?;
        let cap = if input.cap_mb.trim().is_empty() {
            DEFAULT_CAP_MB as i64
        } else {
            parse_whole("cap_mb", &input.cap_mb, "megabytes", 50, 1_000_000)?
        };
        let folder = none_if_blank(&input.copy_folder);
        if let Some(f) = &folder {
            let p = Path::new(f);
            if !p.is_absolute() {
                return Err(CoreError::invalid(
                    "copy_folder",
                    "Please give the whole path of the folder, for example /media/usb/Forum backups.",
                ));
            }
            if self.data_dir().is_some_and(|d| p.starts_with(d)) {
                return Err(CoreError::invalid(
                    "copy_folder",
                    "That folder is inside Forum Desk's own data folder, so it would not be off the laptop. Choose a USB stick or a synced folder.",
                ));
            }
        }
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (name, value) VALUES ('backup_cap_mb', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [cap.to_string()],
            )?;
            match &folder {
                Some(f) => tx.execute(
                    "INSERT INTO settings (name, value) VALUES ('backup_copy_folder', ?1)
                     ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    [f],
                )?,
                None => tx.execute("DELETE FROM settings WHERE name = 'backup_copy_folder'", [])?,
            };
            tx.audit("changed the backup settings", "forum", Some(1), "")
        })?;
        self.backups_overview()
    }

    /// Every backup, newest first, with what the screen shows about each.
    pub fn backups_overview(&self) -> Result<BackupsOverview> {
        self.require_officer("see the backups")?;
        let dir = self.data_dir().ok_or(CoreError::NoSession)?;
        let folder = dir.join(BACKUPS_DIR);
        let keys = self.known_keys()?;
        let backups: Vec<BackupInfo> = rotation::list(&folder)
            .into_iter()
            .map(|k| {
                let header = container::read_header(&k.path).ok();
                let summary = header.as_ref().and_then(|h| {
                    keys.iter()
                        .find(|(id, _)| *id == h.key_id)
                        .and_then(|(_, key)| h.open_summary(key))
                });
                BackupInfo {
                    name: k
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    path: k.path.display().to_string(),
                    made_at: k.made_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    size_bytes: k.size,
                    latest_change: summary
                        .as_ref()
                        .map(|s| s.latest_change.clone())
                        .unwrap_or_default(),
                    latest_change_at: summary.and_then(|s| s.latest_change_at),
                }
            })
            .collect();
        let (cap_mb, copy_folder) = self.backup_settings()?;
        let state = read_state(dir);
        let since = state
            .last_copied_off_at
            .clone()
            .or_else(|| self.set_up_at());
        let days = since
            .and_then(|t| chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S").ok())
            .map(|t| (self.clock.now() - t).num_days())
            .unwrap_or(0);
        Ok(BackupsOverview {
            folder: folder.display().to_string(),
            total_bytes: backups.iter().map(|b| b.size_bytes).sum(),
            backups,
            cap_mb,
            copy_folder: copy_folder.map(|p| p.display().to_string()),
            last_copied_off_at: state.last_copied_off_at,
            days_since_copied_off: days,
            copy_off_overdue: days > COPY_OFF_WARNING_DAYS,
            changes_since_backup: self.backup_due()?,
        })
    }

    /// Saves a copy of the newest backup (taking one first if something has changed) at
    /// `dest`: a file, or a folder to put it in. Counts as a copy off the laptop.
    pub fn backup_copy_to(&mut self, dest: &Path) -> Result<PathBuf> {
        self.require_officer("copy a backup")?;
        if self.backup_due()? || self.newest_backup().is_none() {
            self.backup_job()?.run()?;
        }
        let newest = self
            .newest_backup()
            .ok_or_else(|| CoreError::NotFound("There is no backup to copy yet.".into()))?;
        let saved = if dest.is_dir() {
            copy_off(&newest, dest)?
        } else {
            let bytes = std::fs::read(&newest).map_err(|e| CoreError::Io {
                path: newest.display().to_string(),
                reason: e.to_string(),
            })?;
            crate::exports::write_file(dest, &bytes)?;
            dest.to_path_buf()
        };
        let dir = self.data_dir().ok_or(CoreError::NoSession)?.to_path_buf();
        let mut state = read_state(&dir);
        state.last_copied_off_at = Some(self.clock.stamp());
        write_state(&dir, &state)?;
        let shown = saved.display().to_string();
        self.write(|tx| tx.audit("copied a backup off the laptop", "forum", Some(1), &shown))?;
        Ok(saved)
    }

    pub(crate) fn newest_backup(&self) -> Option<PathBuf> {
        let dir = self.data_dir()?;
        rotation::list(&dir.join(BACKUPS_DIR))
            .into_iter()
            .next()
            .map(|k| k.path)
    }

    /// The current database key and every earlier one, by key id.
    pub(crate) fn known_keys(&self) -> Result<Vec<(String, [u8; 32])>> {
        let mut out = Vec::new();
        if let Some(k) = &self.db_key {
            out.push((key_id(k), **k));
        }
        let old: Vec<String> = self
            .conn
            .prepare("SELECT key_hex FROM db_keys")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for hex in old {
            if let Some(bytes) = crate::signin::from_hex(&hex).filter(|b| b.len() == 32) {
                let mut k = [0u8; 32];
                k.copy_from_slice(&bytes);
                out.push((key_id(&k), k));
            }
        }
        Ok(out)
    }

    pub(crate) fn setting(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .ok())
    }

    /// When the forum was set up (its first activity-log entry).
    fn set_up_at(&self) -> Option<String> {
        self.conn
            .query_row("SELECT min(at) FROM audit_log", [], |r| r.get(0))
            .ok()
            .flatten()
    }
}
