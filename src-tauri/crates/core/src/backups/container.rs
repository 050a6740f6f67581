//! The backup file (`.fdbackup`): one file that holds a consistent copy of the encrypted
//! database and the sign-in file it was taken with, so the same passphrases and the
//! recovery key open it on any computer. A short summary (when, and the latest change) is
//! sealed with the database key, so the Backups screen can list backups without opening
//! each database, and nothing about the forum is readable without a key.
//!
//! Layout: the magic line, then a little-endian u32 length and the header (JSON), then a
//! little-endian u64 length and the database's bytes.

use std::io::{Read, Write};
use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::signin::{crypto_unwrap, crypto_wrap, SlotsFile};
use crate::store::{CoreError, Result};

const MAGIC: &[u8] = b"FORUM-DESK-BACKUP/1\n";
const SUMMARY_AAD: &[u8] = b"forum-desk backup summary";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Header {
    /// The forum's random id: a backup restores only into its own forum.
    pub forum: String,
    /// When it was taken, `YYYY-MM-DDTHH:MM:SS` local time.
    pub made_at: String,
    /// Which database key it was encrypted with (a short hash, never the key).
    pub key_id: String,
    /// The sign-in file as it was, so its passphrases and recovery key open this backup.
    pub slots: SlotsFile,
    /// [`Summary`], sealed with the database key.
    pub summary: String,
}

/// What the Backups screen shows about a backup.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct Summary {
    pub forum_name: String,
    /// The newest activity-log entry in it, in words ("approved a claim, by Tess ...").
    pub latest_change: String,
    pub latest_change_at: Option<String>,
    pub members: i64,
    pub claims: i64,
}

impl Header {
    pub fn seal_summary(key: &[u8; 32], s: &Summary) -> String {
        let plain = serde_json::to_vec(s).expect("the summary is plain data");
        B64.encode(crypto_wrap(key, &plain, SUMMARY_AAD))
    }

    pub fn open_summary(&self, key: &[u8; 32]) -> Option<Summary> {
        let sealed = B64.decode(&self.summary).ok()?;
        let plain = crypto_unwrap(key, &sealed, SUMMARY_AAD)?;
        serde_json::from_slice(&plain).ok()
    }
}

fn not_a_backup(path: &Path) -> CoreError {
    CoreError::invalid(
        "file",
        format!(
            "{} is not a Forum Desk backup, or it is damaged.",
            path.display()
        ),
    )
}

/// Writes a backup file from its header and the database's bytes.
pub(crate) fn write(to: &mut impl Write, header: &Header, db: &[u8]) -> std::io::Result<()> {
    let h = serde_json::to_vec(header).expect("the header is plain data");
    to.write_all(MAGIC)?;
    to.write_all(&(h.len() as u32).to_le_bytes())?;
    to.write_all(&h)?;
    to.write_all(&(db.len() as u64).to_le_bytes())?;
    to.write_all(db)?;
    Ok(())
}

/// Reads only the header (cheap: for listing backups).
pub(crate) fn read_header(path: &Path) -> Result<Header> {
    let mut f = std::fs::File::open(path).map_err(|e| CoreError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    header_from(&mut f, path)
}

fn header_from(f: &mut impl Read, path: &Path) -> Result<Header> {
    let mut magic = vec![0u8; MAGIC.len()];
    f.read_exact(&mut magic).map_err(|_| not_a_backup(path))?;
    if magic != MAGIC {
        return Err(not_a_backup(path));
    }
    let mut len = [0u8; 4];
    f.read_exact(&mut len).map_err(|_| not_a_backup(path))?;
    let len = u32::from_le_bytes(len) as usize;
    if len > 4 * 1024 * 1024 {
        return Err(not_a_backup(path));
    }
    let mut h = vec![0u8; len];
    f.read_exact(&mut h).map_err(|_| not_a_backup(path))?;
    serde_json::from_slice(&h).map_err(|_| not_a_backup(path))
}

/// Reads the header and the database's bytes.
pub(crate) fn read(path: &Path) -> Result<(Header, Vec<u8>)> {
    let mut f = std::fs::File::open(path).map_err(|e| CoreError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let header = header_from(&mut f, path)?;
    let mut len = [0u8; 8];
    f.read_exact(&mut len).map_err(|_| not_a_backup(path))?;
    let len = u64::from_le_bytes(len);
    let mut db = Vec::new();
    f.read_to_end(&mut db).map_err(|_| not_a_backup(path))?;
    if db.len() as u64 != len {
        return Err(not_a_backup(path));
    }
    Ok((header, db))
}
