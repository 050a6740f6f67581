//! Restoring a backup: over this forum (the current state is backed up first, the restore is
//! all or nothing, and erasures and sign-in removals made since the backup are applied
//! again), or onto a new computer's empty data folder with a passphrase or the recovery key.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection};

use super::container;
use super::model::BackupInfo;
use crate::signin::{key_id, FolderState, SlotsFile};
use crate::store::{db_path, open, open_connection, private_file, CoreError, Result, Store};

impl Store {
    /// Replaces this forum's data with `file`'s. Returns the backup of the state before.
    pub fn backup_restore(&mut self, file: &Path) -> Result<BackupInfo> {
        self.require_officer("restore a backup")?;
        let dir = self.data_dir().ok_or(CoreError::NoSession)?.to_path_buf();
        let (header, bytes) = container::read(file)?;
        let forum = crate::forum::settings::forum_uid(&self.conn)?;
        if header.forum != forum {
            return Err(CoreError::invalid(
                "file",
                "That backup is of a different forum, so it cannot be restored over this one.",
            ));
        }
        let keys = self.known_keys()?;
        let backup_key = keys
            .iter()
            .find(|(id, _)| *id == header.key_id)
            .map(|(_, k)| *k)
            .ok_or_else(|| {
                CoreError::invalid(
                    "file",
                    "That backup was made with a key this forum no longer has.",
                )
            })?;
        let current_key = **self.db_key.as_ref().ok_or(CoreError::NoSession)?;
        // The state now, in case this restore was a mistake.
        let before = self.backup_job()?.run()?;

        let staging = staging_path(&dir);
        remove_with_journals(&staging);
        drop(private_file::create_private(&staging)?);
        std::fs::write(&staging, &bytes).map_err(|e| CoreError::Io {
            path: staging.display().to_string(),
            reason: e.to_string(),
        })?;
        let prepared = (|| -> Result<()> {
            let staged = open_connection(&staging, Some(&backup_key))?;
            let ok: String = staged.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
            if ok != "ok" {
                return Err(CoreError::invalid(
                    "file",
                    "That backup is damaged (it fails SQLite's integrity check), so nothing was restored.",
                ));
            }
            if backup_key != current_key {
                open::rekey(&staged, &current_key)?;
            }
            self.carry_forward(&staged, &header.made_at)?;
            staged.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
            Ok(())
        })();
        if let Err(e) = prepared {
            remove_with_journals(&staging);
            return Err(e);
        }
        self.swap_database(&dir, &staging, &current_key)?;
        let shown = file.display().to_string();
        self.write(|tx| tx.audit("restored a backup", "forum", Some(1), &shown))?;
        Ok(before)
    }

    /// What the restored data must keep from today: who may sign in now (the sign-in file
    /// stays as it is), every key the forum has had, and every erasure and sign-in removal
    /// made after the backup, applied again.
    fn carry_forward(&self, staged: &Connection, backup_made_at: &str) -> Result<()> {
        let tx = staged.unchecked_transaction()?;
        // Who may sign in is today's list: copy it across column for column.
        tx.execute("DELETE FROM sign_in_slots", [])?;
        let cols = "slot_id, person_id, kind, officer, one_time, created_at, set_by, set_at, last_sign_in_at";
        let rows: Vec<Vec<rusqlite::types::Value>> = self
            .conn
            .prepare(&format!("SELECT {cols} FROM sign_in_slots"))?
            .query_map([], |r| (0..9).map(|i| r.get(i)).collect())?
            .collect::<rusqlite::Result<_>>()?;
        for row in rows {
            tx.execute(
                &format!("INSERT INTO sign_in_slots ({cols}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
                rusqlite::params_from_iter(row),
            )?;
        }
        let keys: Vec<(String, String, String)> = self
            .conn
            .prepare("SELECT key_id, key_hex, retired_at FROM db_keys")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for k in keys {
            tx.execute(
                "INSERT OR IGNORE INTO db_keys (key_id, key_hex, retired_at) VALUES (?1, ?2, ?3)",
                params![k.0, k.1, k.2],
            )?;
        }
        let later: Vec<(String, String, String)> = self
            .conn
            .prepare("SELECT kind, target, done_at FROM erasures WHERE done_at > ?1 ORDER BY id")?
            .query_map([backup_made_at], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (kind, target, done_at) in later {
            tx.execute(
                "INSERT INTO erasures (kind, target, done_at) VALUES (?1, ?2, ?3)",
                params![kind, target, done_at],
            )?;
            if kind == "member" {
                if let Ok(id) = target.parse::<i64>() {
                    crate::members::privacy::erase_rows(
                        &tx,
                        id,
                        &done_at[..10.min(done_at.len())],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Puts the staged database in place of the live one and reopens it.
    fn swap_database(&mut self, dir: &Path, staged: &Path, key: &[u8; 32]) -> Result<()> {
        let live = db_path(dir);
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        // Close the live connection (its journal files belong to the file being replaced).
        let closed = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        drop(closed);
        let result = std::fs::rename(staged, &live).map_err(|e| CoreError::Io {
            path: live.display().to_string(),
            reason: e.to_string(),
        });
        private_file::sync_dir(dir);
        // Whatever happened, reopen the live file: the restored one, or the untouched one.
        self.conn = open_connection(&live, Some(key))?;
        result
    }

    /// A new computer: restores `file` into the empty folder `dir` and signs in, as `who`
    /// with their passphrase (from the backup's own sign-in file), or with the recovery key.
    pub fn restore_new_forum(
        dir: &Path,
        file: &Path,
        who: &str,
        typed: &str,
        with_recovery_key: bool,
    ) -> Result<Store> {
        if Store::sign_in_options(dir)?.state != FolderState::New {
            return Err(CoreError::Locked(
                "That folder already holds a forum. Restore into an empty folder, or sign in and restore from Settings → Backups.".into(),
            ));
        }
        let (header, bytes) = container::read(file)?;
        private_file::private_dir(dir)?;
        let db = db_path(dir);
        let written = (|| -> Result<Store> {
            private_file::write_atomic(&db, &bytes)?;
            header.slots.write(dir)?;
            let store = if with_recovery_key {
                Store::sign_in_with_recovery(dir, typed, who)?
            } else {
                Store::sign_in_as(dir, who, typed)?
            };
            if key_id(store.db_key.as_ref().ok_or(CoreError::NoSession)?) != header.key_id {
                return Err(CoreError::invalid(
                    "file",
                    "That backup's key does not match its sign-in file.",
                ));
            }
            let cert = crate::forum::settings::certificate_pem(&store.conn)?;
            private_file::write_atomic(
                &dir.join(forumdesk_export::signing::CERT_FILE),
                cert.as_bytes(),
            )?;
            Ok(store)
        })();
        match written {
            Ok(mut store) => {
                let shown = file.display().to_string();
                store.write(|tx| {
                    tx.audit(
                        "restored the forum from a backup file",
                        "forum",
                        Some(1),
                        &shown,
                    )
                })?;
                Ok(store)
            }
            Err(e) => {
                // All or nothing: the folder is left as empty as it was.
                remove_with_journals(&db);
                let _ = std::fs::remove_file(crate::signin::slots_path(dir));
                let _ = std::fs::remove_file(
                    crate::signin::slots_path(dir).with_extension("json.next"),
                );
                let _ = SlotsFile::read(dir);
                Err(e)
            }
        }
    }
}

fn staging_path(dir: &Path) -> PathBuf {
    dir.join("forumdesk.sqlite3.restoring")
}

fn remove_with_journals(path: &Path) {
    let _ = std::fs::remove_file(path);
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
