//! Sequence numbers that never go down. The highest number this computer has written is kept
//! in the store and in a small file beside it (outside the store), so restoring an older
//! backup never hands out a number twice: the next is one more than the larger of the two.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::store::{private_file, Result};

const SEQ_FILE: &str = "exchange-sequence.txt";

pub(crate) fn get(conn: &Connection, name: &str) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT value FROM exchange_counters WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

pub(crate) fn set(conn: &Connection, name: &str, value: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO exchange_counters (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)",
        params![name, value],
    )?;
    Ok(())
}

/// The number kept outside the store (0 when there is none).
fn outside(dir: Option<&Path>) -> i64 {
    dir.and_then(|d| std::fs::read_to_string(d.join(SEQ_FILE)).ok())
        .and_then(|t| t.trim().parse().ok())
        .unwrap_or(0)
}

/// The next number to send: one more than anything sent before, by the store or the file.
pub(crate) fn next_sent(conn: &Connection, dir: Option<&Path>) -> Result<i64> {
    Ok(get(conn, "sent")?.max(outside(dir)) + 1)
}

/// Records `seq` as sent, in the store (inside the caller's transaction) and in the file.
pub(crate) fn record_sent(conn: &Connection, dir: Option<&Path>, seq: i64) -> Result<()> {
    set(conn, "sent", seq)?;
    if let Some(d) = dir {
        if seq > outside(Some(d)) {
            private_file::write_atomic(&d.join(SEQ_FILE), seq.to_string().as_bytes())?;
        }
    }
    Ok(())
}
