//! The audit chain: each entry's `hash` is the SHA-256 of the previous entry's hash and its
//! own content, so an entry changed, removed or slipped in between is found by walking the
//! chain. Entries from before the chain existed have no hash; the chain starts after them.

use rusqlite::{Connection, OptionalExtension};

use crate::store::Result;

/// The newest entry's hash, or "" before the first chained entry.
pub(crate) fn head(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT hash FROM audit_log WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .unwrap_or_default())
}

/// The hash of an entry's content following `prev`.
pub(crate) fn link(
    prev: &str,
    at: &str,
    actor: Option<i64>,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    detail: &str,
) -> String {
    let text = [
        "forum-desk audit chain v1",
        prev,
        at,
        &actor.map(|a| a.to_string()).unwrap_or_default(),
        action,
        entity,
        &entity_id.map(|a| a.to_string()).unwrap_or_default(),
        detail,
    ]
    .join("\u{1f}");
    crate::text::sha256_hex(text.as_bytes())
}

/// Walks the chain from its first entry; returns a sentence for each break, and how many
/// chained entries were checked.
pub(crate) fn walk(conn: &Connection) -> Result<(Vec<String>, usize)> {
    let mut stmt = conn.prepare(
        "SELECT id, at, actor_id, action, entity, entity_id, detail, prev_hash, hash FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut problems = Vec::new();
    let mut prev: Option<String> = None;
    let mut checked = 0;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let prev_hash: Option<String> = r.get(7)?;
        let hash: Option<String> = r.get(8)?;
        let Some(hash) = hash else {
            if prev.is_some() {
                problems.push(format!(
                    "Activity entry {id} has no link in the activity chain: it was written outside Forum Desk."
                ));
            }
            continue;
        };
        checked += 1;
        let expected_prev = prev.clone().unwrap_or_default();
        let stated_prev = prev_hash.unwrap_or_default();
        if stated_prev != expected_prev {
            problems.push(format!(
                "The activity log is broken before entry {id}: an entry was removed, or one was slipped in."
            ));
        }
        let again = link(
            &stated_prev,
            &r.get::<_, String>(1)?,
            r.get(2)?,
            &r.get::<_, String>(3)?,
            &r.get::<_, String>(4)?,
            r.get(5)?,
            &r.get::<_, String>(6)?,
        );
        if again != hash {
            problems.push(format!(
                "Activity entry {id} was changed after it was written."
            ));
        }
        prev = Some(hash);
    }
    Ok((problems, checked))
}
