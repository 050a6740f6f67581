//! Opening the store: refuses files that are not ours or are from a newer version, and
//! never writes to a file it has not recognised.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};

use super::error::{CoreError, Result};

/// Every schema version, oldest first. A version is never edited once released: add a new one.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/001_initial.sql"),
    include_str!("../../migrations/002_submitted_by_and_indexes.sql"),
    include_str!("../../migrations/003_trigger_codes_and_band_size.sql"),
    include_str!("../../migrations/004_sign_in_and_backups.sql"),
    include_str!("../../migrations/007_receipt_print_copies.sql"),
    include_str!("../../migrations/008_ledger_seals_and_chain.sql"),
    include_str!("../../migrations/009_accepted_warnings_as_data.sql"),
    include_str!("../../migrations/010_meetings_terms_of_reference.sql"),
    include_str!("../../migrations/011_reps_own_computers.sql"),
    include_str!("../../migrations/012_money.sql"),
    include_str!("../../migrations/013_projects_and_impact.sql"),
    include_str!("../../migrations/014_reach.sql"),
    include_str!("../../migrations/015_claim_lines_amount_index.sql"),
    include_str!("../../migrations/016_member_left_on.sql"),
    include_str!("../../migrations/017_carried_recognition.sql"),
];

/// The newest schema version this build understands.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Each migration checks every foreign key before it is committed: a migration that rebuilds
/// a table runs with foreign keys off (see [`migrate`]), and must leave none dangling.
fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATIONS
            .iter()
            .map(|sql| M::up(sql).foreign_key_check())
            .collect(),
    )
}

/// The file name of the database inside a data folder.
pub const DB_FILE: &str = "forumdesk.sqlite3";

pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE)
}

/// How the database file at a path looks before it is opened, judged from its first bytes
/// only, so nothing is ever written to a file that is not ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file (or an empty one SQLite has not written yet).
    Missing,
    /// A plain SQLite file: a forum from before encryption, or somebody else's database.
    Plain,
    /// Anything else: an encrypted forum, or a damaged file. Only the key tells them apart.
    Encrypted,
}

pub fn file_kind(path: &Path) -> Result<FileKind> {
    let mut header = [0u8; 16];
    let mut f = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => {
            return Err(CoreError::Io {
                path: path.display().to_string(),
                reason: e.to_string(),
            })
        }
    };
    let n = f.read(&mut header).map_err(|e| CoreError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(if n == 0 {
        FileKind::Missing
    } else if n == 16 && &header == b"SQLite format 3\0" {
        FileKind::Plain
    } else {
        FileKind::Encrypted
    })
}

/// Opens (creating if needed) the database at `path` and brings its schema up to date in one
/// transaction. With a key, the file is an encrypted forum (SQLCipher, the key given raw: it
/// is 256 random bits, never a passphrase); without one, a plain file (a forum from before
/// encryption, being upgraded).
pub fn open_connection(path: &Path, key: Option<&[u8; 32]>) -> Result<Connection> {
    let kind = file_kind(path)?;
    let not_ours = || CoreError::NotADatabase {
        path: path.display().to_string(),
    };
    match (kind, key) {
        (FileKind::Plain, Some(_)) | (FileKind::Encrypted, None) => return Err(not_ours()),
        _ => {}
    }
    let exists = kind != FileKind::Missing;
    let flags = if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let mut conn = connect(path, flags).map_err(|e| io_or(e, path))?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
    }
    // Read before writing anything: a damaged file (or a wrong key) fails here, untouched.
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| not_ours())?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|_| not_ours())?;
    if found > schema_version() {
        return Err(CoreError::TooNew {
            found,
            supported: schema_version(),
        });
    }
    // A real SQLite file, but somebody else's: leave it alone. Ours has no tables before
    // its first migration, and our tables after it.
    if exists
        && ((found == 0 && has_foreign_tables(&conn)?) || (found > 0 && !has_our_tables(&conn)?))
    {
        return Err(not_ours());
    }
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// A second connection to an open forum (for a backup that must not make the window wait),
/// without running migrations: the first connection already did.
pub(crate) fn open_reader(path: &Path, key: &[u8; 32]) -> Result<Connection> {
    let conn = connect(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| io_or(e, path))?;
    apply_key(&conn, key)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(|_| CoreError::NotADatabase {
        path: path.display().to_string(),
    })?;
    Ok(conn)
}

/// Opens a connection to a database file. Every file connection the core makes comes
/// through here, so none is opened before SQLCipher is ready (see `sqlite_ready`).
pub(crate) fn connect(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    sqlite_ready();
    Connection::open_with_flags(path, flags)
}

/// Called before every connection the core opens (`connect`, `open_in_memory`). SQLite marks itself initialised and lets go
/// of its lock before it runs SQLCipher's own set-up (`sqlcipher_extra_init`, its
/// SQLITE_EXTRA_INIT hook), so a second thread opening its first connection in that gap is
/// told all is ready, and keying that connection fails with "An error occurred with PRAGMA
/// key or rekey" (seen in parallel tests, as the first forums of a test run were made). The
/// process's first connection is therefore opened here, once, and every other thread waits
/// until it is done.
fn sqlite_ready() {
    static READY: std::sync::Once = std::sync::Once::new();
    READY.call_once(|| {
        // Opening any connection runs SQLite's and SQLCipher's set-up to the end in this
        // thread; the connection itself is not needed.
        drop(Connection::open_in_memory());
    });
}

/// Gives SQLCipher the raw 256-bit key. The hex is only [0-9a-f], so it cannot break out of
/// the statement.
pub(crate) fn apply_key(conn: &Connection, key: &[u8; 32]) -> Result<()> {
    let hex: zeroize::Zeroizing<String> =
        zeroize::Zeroizing::new(key.iter().map(|b| format!("{b:02x}")).collect());
    let sql = zeroize::Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex.as_str()));
    // Threads may key connections at once: the rare "error with PRAGMA key" that once made
    // keying take turns here came from SQLCipher's set-up, and `sqlite_ready` prevents it.
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Re-encrypts the open database under a new key, page by page, in one transaction.
pub(crate) fn rekey(conn: &Connection, key: &[u8; 32]) -> Result<()> {
    let hex: zeroize::Zeroizing<String> =
        zeroize::Zeroizing::new(key.iter().map(|b| format!("{b:02x}")).collect());
    let sql = zeroize::Zeroizing::new(format!("PRAGMA rekey = \"x'{}'\";", hex.as_str()));
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Brings the schema up to date. Foreign keys are off while the migrations run, as SQLite's
/// guide to changing a table's schema says: a table that others point to (policies) can then
/// be rebuilt without its rows being deleted under them. `foreign_key_check` after each
/// migration, inside its transaction, refuses any that would leave a dangling reference, and
/// foreign keys are on again before anything else touches the database.
fn migrate(conn: &mut Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", "OFF")?;
    let done = migrations().to_latest(conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => CoreError::from(err),
        other => CoreError::Database(other.to_string()),
    });
    conn.pragma_update(None, "foreign_keys", "ON")?;
    done
}

/// An in-memory store, for tests and benchmarks.
pub fn open_in_memory() -> Result<Connection> {
    sqlite_ready();
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrate(&mut conn)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    // WAL keeps the window responsive while a long write (an import) runs; foreign keys
    // are off by default in SQLite and must be turned on for every connection.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    // Deleted rows are overwritten with zeros, so an erased member's text does not linger in
    // free pages.
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

fn has_foreign_tables(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        [],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

fn has_our_tables(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('forum', 'members', 'claims', 'claim_lines')",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 4)
}

fn io_or(e: rusqlite::Error, path: &Path) -> CoreError {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            CoreError::NotADatabase {
                path: path.display().to_string(),
            }
        }
        other => CoreError::Io {
            path: path.display().to_string(),
            reason: other.to_string(),
        },
    }
}
