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
    include_str!("../../migrations/006_meetings_terms_of_reference.sql"),
];

/// The newest schema version this build understands.
pub fn schema_version() -> i64 {
    MIGRATIONS.len() as i64
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
}

/// The file name of the database inside a data folder.
pub const DB_FILE: &str = "forumdesk.sqlite3";

pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE)
}

/// Opens (creating if needed) the database at `path` and brings its schema up to date in one
/// transaction.
pub fn open_connection(path: &Path) -> Result<Connection> {
    let exists = path.exists();
    if exists {
        check_header(path)?;
    }
    let flags = if exists {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let not_ours = || CoreError::NotADatabase {
        path: path.display().to_string(),
    };
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| io_or(e, path))?;
    // Read before writing anything: a damaged file fails here, untouched.
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
    migrations().to_latest(&mut conn).map_err(|e| match e {
        rusqlite_migration::Error::RusqliteError { err, .. } => CoreError::from(err),
        other => CoreError::Database(other.to_string()),
    })?;
    Ok(conn)
}

/// An in-memory store, for tests and benchmarks.
pub fn open_in_memory() -> Result<Connection> {
    let mut conn = Connection::open_in_memory()?;
    configure(&conn)?;
    migrations()
        .to_latest(&mut conn)
        .map_err(|e| CoreError::Database(e.to_string()))?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<()> {
    // WAL keeps the window responsive while a long write (an import) runs; foreign keys
    // are off by default in SQLite and must be turned on for every connection.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn check_header(path: &Path) -> Result<()> {
    let mut header = [0u8; 16];
    let mut f = File::open(path).map_err(|e| CoreError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let n = f.read(&mut header).map_err(|e| CoreError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    // An empty file is a database SQLite has not written yet; anything else must carry
    // SQLite's magic string.
    if n == 0 || (n == 16 && &header == b"SQLite format 3\0") {
        Ok(())
    } else {
        Err(CoreError::NotADatabase {
            path: path.display().to_string(),
        })
    }
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
