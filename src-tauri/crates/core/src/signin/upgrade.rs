//! The one-time upgrade of a forum saved by a version from before encryption. The first
//! officer to sign in after the upgrade chooses their passphrase; the database is copied
//! into an encrypted file, the copy is checked row by row, and only then does it replace the
//! plain file, whose bytes are overwritten. Other officers get one-time codes. The forum's
//! old signing key file is moved into the officers' slots and its file overwritten; its
//! certificate stays, because councils already trust it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::codes;
use super::crypto::{self, KdfParams};
use super::flows::{write_certificate, ENCRYPTING_SUFFIX};
use super::model::{OneTimeCode, RecoveryDetails};
use super::session::Session;
use super::slots::{hex, SlotsFile};
use super::strength::require_strong;
use crate::store::{db_path, open, open_connection, private_file, CoreError, Result, Store};

impl Store {
    /// Upgrades the plain forum in `dir`, with `person` (an active chair or treasurer) signing
    /// in with their new passphrase. Returns the signed-in store, the recovery key and the
    /// one-time codes made for the other officers.
    pub fn upgrade(
        dir: &Path,
        person: i64,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<(Store, RecoveryDetails)> {
        let path = db_path(dir);
        // Bring the plain database up to date first, so the copy is checked at one version.
        let plain = open_connection(&path, None)?;
        let officers = officers(&plain)?;
        let me = officers
            .iter()
            .find(|(id, _)| *id == person)
            .ok_or_else(|| {
                CoreError::NotAllowed(
                    "Only an active chair or treasurer can do the one-time upgrade.".into(),
                )
            })?
            .clone();
        let email: String =
            plain.query_row("SELECT email FROM members WHERE id = ?1", [person], |r| {
                r.get(0)
            })?;
        require_strong("passphrase", passphrase, &[&me.1, &email])?;
        plain.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        let key = crypto::random_key();
        let encrypting = encrypting_path(dir);
        let _ = std::fs::remove_file(&encrypting);
        export_encrypted(&plain, &encrypting, &key)?;
        check_copy(&plain, &encrypting, &key)?;
        drop(plain);

        // Open the copy, and give it the forum id and identity a new forum has.
        let conn = open_connection(&encrypting, Some(&key))?;
        let mut store = Store::on_disk(conn, dir, key, kdf);
        let forum_uid = hex(&crypto::random_bytes::<16>());
        let forum_name = store.forum_get()?.name;
        let (identity, legacy_key) = store.identity_for_upgrade(dir, &forum_name)?;
        store.set_forum_identity(&forum_uid, &identity)?;
        store.session = Some(Session {
            person_id: person,
            slot_id: None,
            signing: Some(identity.clone()),
            locked: false,
            must_choose_passphrase: false,
            notices: Vec::new(),
            without_sign_in: false,
        });
        let mut file = SlotsFile::new(&forum_uid);
        let mine =
            store.make_person_slot(None, &file, person, passphrase, false, Some(&identity))?;
        let recovery = codes::new_recovery_key();
        let rbytes = codes::read_recovery_key(&recovery)
            .ok_or_else(|| CoreError::Database("a new recovery key did not read back".into()))?;
        let rslot = super::slots::Slot::new_recovery(
            &file.forum,
            &rbytes,
            &store.payload_for(None, Some(&identity))?,
        )?;
        let mut made = vec![(mine.clone(), Some(person)), (rslot, None)];
        let mut one_time = Vec::new();
        for (id, name) in officers.iter().filter(|(id, _)| *id != person) {
            let code = codes::new_one_time_code();
            let slot = store.make_person_slot(None, &file, *id, &code, true, Some(&identity))?;
            made.push((slot, Some(*id)));
            one_time.push(OneTimeCode {
                person_id: *id,
                name: name.clone(),
                code: code.to_string(),
            });
        }
        let rows: Vec<(&super::slots::Slot, Option<i64>, bool)> =
            made.iter().map(|(s, p)| (s, *p, true)).collect();
        store.record_slots(&rows, Some(person))?;
        store.write(|tx| {
            tx.audit(
                "encrypted the forum's data and set up sign-in",
                "forum",
                Some(1),
                &format!("{} officer(s) given one-time codes", one_time.len()),
            )
        })?;
        store.session.as_mut().expect("set above").slot_id = Some(mine.id.clone());
        file.slots = made.into_iter().map(|(s, _)| s).collect();
        // The sign-in file first, then the swap: a stop between them is finished at the next
        // start (a plain database beside a sign-in file and a waiting encrypted copy).
        store
            .conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        let Store { conn, .. } = store;
        drop(conn);
        file.write(dir)?;
        write_certificate(dir, &identity)?;
        swap_in_encrypted(dir, &encrypting)?;
        if let Some(legacy) = legacy_key {
            private_file::shred(&legacy)?;
        }
        let mut store = Store::sign_in(dir, &mine.id, passphrase)?;
        store.kdf = kdf;
        Ok((
            store,
            RecoveryDetails {
                recovery_key: recovery.to_string(),
                codes: one_time,
            },
        ))
    }

    /// The forum's identity after the upgrade: the key an earlier version kept in
    /// `signing-key.pem` (councils trust its certificate), or a new one if it never signed.
    fn identity_for_upgrade(
        &self,
        dir: &Path,
        forum_name: &str,
    ) -> Result<(forumdesk_export::ForumIdentity, Option<PathBuf>)> {
        let key_file = dir.join(forumdesk_export::signing::KEY_FILE);
        let cert_file = dir.join(forumdesk_export::signing::CERT_FILE);
        if key_file.exists() && cert_file.exists() {
            let der = forumdesk_export::ForumIdentity::read_legacy_key_pem(&key_file)
                .map_err(crate::exports::export_error)?;
            let cert = std::fs::read(&cert_file).map_err(|e| CoreError::Io {
                path: cert_file.display().to_string(),
                reason: e.to_string(),
            })?;
            let identity = forumdesk_export::ForumIdentity::from_key_and_certificate(&der, &cert)
                .map_err(crate::exports::export_error)?;
            Ok((identity, Some(key_file)))
        } else {
            Ok((self.new_identity(forum_name)?, None))
        }
    }
}

fn encrypting_path(dir: &Path) -> PathBuf {
    let mut p = db_path(dir).into_os_string();
    p.push(ENCRYPTING_SUFFIX);
    p.into()
}

/// Active chairs and treasurers, chair first.
fn officers(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.name FROM reps r JOIN members m ON m.id = r.member_id
         WHERE r.active = 1 AND m.erased_on IS NULL AND (r.is_chair = 1 OR r.is_treasurer = 1)
         ORDER BY r.is_chair DESC, m.id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Copies the plain database into an encrypted file with SQLCipher's own export.
fn export_encrypted(plain: &Connection, to: &Path, key: &[u8; 32]) -> Result<()> {
    drop(private_file::create_private(to)?);
    let hex_key = zeroize::Zeroizing::new(hex(key));
    let sql = zeroize::Zeroizing::new(format!(
        "ATTACH DATABASE ?1 AS encrypted KEY \"x'{}'\";",
        hex_key.as_str()
    ));
    plain.execute(&sql, [to.display().to_string()])?;
    let version: i64 = plain.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
    plain.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
    // sqlcipher_export copies the data, not the schema version.
    plain.execute_batch(&format!("PRAGMA encrypted.user_version = {version};"))?;
    plain.execute_batch("DETACH DATABASE encrypted;")?;
    Ok(())
}

/// The copy must open with its key, pass SQLite's integrity check, and hold exactly the
/// rows of every table of the original; otherwise the plain file stays as it is.
fn check_copy(plain: &Connection, copy: &Path, key: &[u8; 32]) -> Result<()> {
    let c = open::open_reader(copy, key)?;
    let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    let bad =
        || CoreError::Database("the encrypted copy did not match; nothing was changed".into());
    if ok != "ok" {
        return Err(bad());
    }
    let tables: Vec<String> = plain
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for t in tables {
        let q = format!("SELECT count(*) FROM \"{}\"", t.replace('"', "\"\""));
        let a: i64 = plain.query_row(&q, [], |r| r.get(0))?;
        let b: i64 = c.query_row(&q, [], |r| r.get(0)).map_err(|_| bad())?;
        if a != b {
            return Err(bad());
        }
    }
    Ok(())
}

/// Puts the checked encrypted copy in the plain file's place, then overwrites the plain
/// file's old bytes through a handle kept open across the rename, and removes its journal
/// files. No plain copy is left in the folder.
pub(crate) fn swap_in_encrypted(dir: &Path, encrypting: &Path) -> Result<()> {
    let path = db_path(dir);
    let io = |p: &Path, e: std::io::Error| CoreError::Io {
        path: p.display().to_string(),
        reason: e.to_string(),
    };
    let old = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .map_err(|e| io(&path, e))?;
    let len = old.metadata().map_err(|e| io(&path, e))?.len();
    std::fs::rename(encrypting, &path).map_err(|e| io(&path, e))?;
    private_file::sync_dir(dir);
    overwrite(&old, len).map_err(|e| io(&path, e))?;
    drop(old);
    for suffix in ["-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let p = PathBuf::from(p);
        private_file::shred(&p)?;
    }
    Ok(())
}

fn overwrite(f: &std::fs::File, len: u64) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = f;
    f.seek(SeekFrom::Start(0))?;
    let zeros = vec![0u8; 64 * 1024];
    let mut left = len;
    while left > 0 {
        let n = left.min(zeros.len() as u64) as usize;
        f.write_all(&zeros[..n])?;
        left -= n as u64;
    }
    f.sync_all()
}
