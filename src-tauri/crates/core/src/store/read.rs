//! Small reading helpers shared by every room.

use rusqlite::{Connection, OptionalExtension};

use super::error::{CoreError, Result};

/// Reads one row or says plainly that it is not there.
pub(crate) fn one<T>(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    what: &str,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<T> {
    conn.query_row(sql, params, f).optional()?.ok_or_else(|| {
        CoreError::NotFound(format!(
            "That {what} could not be found. It may have been removed."
        ))
    })
}
