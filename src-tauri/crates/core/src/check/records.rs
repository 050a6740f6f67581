//! Each check, one function each; `Store::check_records` runs them all.

use rusqlite::Connection;

use super::model::CheckReport;
use crate::claims::seals::{self, SealState};
use crate::store::{Result, Store};

impl Store {
    /// Runs every check (officers only: it seals claims approved before seals existed,
    /// which needs the forum's key).
    pub fn check_records(&mut self) -> Result<CheckReport> {
        self.require_officer("check the records")?;
        self.seal_pending_upgrades()?;
        let cert = self.seal_certificate()?;
        let mut problems = Vec::new();
        let mut checked = Vec::new();
        integrity(&self.conn, &mut problems, &mut checked)?;
        foreign_keys(&self.conn, &mut problems, &mut checked)?;
        schema(&self.conn, &mut problems, &mut checked)?;
        let (chain, entries) = crate::audit::chain::walk(&self.conn)?;
        problems.extend(chain);
        checked.push(format!("Activity chain: {} entries", thousands(entries)));
        signatures(&self.conn, &cert, &mut problems, &mut checked)?;
        claim_seals(&self.conn, &cert, &mut problems, &mut checked)?;
        receipts(&self.conn, &mut problems, &mut checked)?;
        Ok(CheckReport {
            ok: problems.is_empty(),
            problems,
            checked,
        })
    }
}

/// 12345 → "12,345".
fn thousands(n: usize) -> String {
    crate::text::group_thousands(&n.to_string())
}

fn integrity(
    conn: &Connection,
    problems: &mut Vec<String>,
    checked: &mut Vec<String>,
) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if rows != ["ok"] {
        for r in rows.iter().take(20) {
            problems.push(format!("The database file is damaged: {r}."));
        }
    }
    checked.push("Database file: SQLite's integrity check".into());
    Ok(())
}

fn foreign_keys(
    conn: &Connection,
    problems: &mut Vec<String>,
    checked: &mut Vec<String>,
) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows: Vec<(String, Option<i64>, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (table, rowid, parent) in rows.iter().take(50) {
        problems.push(format!(
            "Row {} of {table} points at a {parent} row that does not exist.",
            rowid.map(|r| r.to_string()).unwrap_or_default()
        ));
    }
    checked.push("Links between records: SQLite's foreign-key check".into());
    Ok(())
}

/// The tables, indexes and triggers, compared with a fresh database this version makes: a
/// trigger dropped (or dropped and made again differently) shows here.
fn schema(conn: &Connection, problems: &mut Vec<String>, checked: &mut Vec<String>) -> Result<()> {
    let fresh = crate::store::open_in_memory()?;
    let read = |c: &Connection| -> Result<Vec<(String, String, Option<String>)>> {
        let mut stmt = c.prepare(
            "SELECT type, name, sql FROM sqlite_master
             WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let want = read(&fresh)?;
    let have = read(conn)?;
    for (kind, name, sql) in &want {
        match have.iter().find(|(k, n, _)| k == kind && n == name) {
            None => problems.push(format!("The {kind} {name} is missing from the database.")),
            Some((_, _, s)) if s != sql => {
                problems.push(format!("The {kind} {name} has been changed."))
            }
            Some(_) => {}
        }
    }
    for (kind, name, _) in &have {
        if !want.iter().any(|(k, n, _)| k == kind && n == name) {
            problems.push(format!(
                "The database has an extra {kind} {name} that Forum Desk did not make."
            ));
        }
    }
    checked.push(format!(
        "Structure: {} tables, indexes and triggers",
        want.len()
    ));
    Ok(())
}

/// Approvals, payments and role changes carry the forum's signature over their entry.
fn signatures(
    conn: &Connection,
    cert: &str,
    problems: &mut Vec<String>,
    checked: &mut Vec<String>,
) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT audit_id, digest, signature FROM signatures ORDER BY audit_id")?;
    let rows: Vec<(i64, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (audit_id, digest, signature) in &rows {
        let now = crate::store::audit_digest(conn, *audit_id).unwrap_or_default();
        let sig = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, signature)
            .unwrap_or_default();
        if &now != digest {
            problems.push(format!(
                "Activity entry {audit_id} (an officer's signed decision) was changed after it was signed."
            ));
        } else if !forumdesk_export::verify_bytes(cert.as_bytes(), digest.as_bytes(), &sig) {
            problems.push(format!(
                "Activity entry {audit_id} carries a signature that was not made with the forum's key."
            ));
        }
    }
    checked.push(format!("Officers' signatures: {}", thousands(rows.len())));
    Ok(())
}

fn claim_seals(
    conn: &Connection,
    cert: &str,
    problems: &mut Vec<String>,
    checked: &mut Vec<String>,
) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT id FROM claims WHERE status IN ('approved', 'paid') ORDER BY id")?;
    let ids: Vec<i64> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut at_upgrade = 0;
    for id in &ids {
        let state = seals::check(conn, cert, *id)?;
        if matches!(state, SealState::Good { at_upgrade: true }) {
            at_upgrade += 1;
        }
        if let Some(p) = seals::problem(conn, *id, &state) {
            problems.push(p);
        }
    }
    // A seal for a claim that is not approved is a sign of a claim taken back out.
    let stray: i64 = conn.query_row(
        "SELECT count(*) FROM claim_seals s LEFT JOIN claims c ON c.id = s.claim_id
         WHERE c.id IS NULL OR c.status NOT IN ('approved', 'paid')",
        [],
        |r| r.get(0),
    )?;
    if stray > 0 {
        problems.push(format!(
            "{stray} approval seal{} belong{} to a claim that is no longer approved.",
            if stray == 1 { "" } else { "s" },
            if stray == 1 { "s" } else { "" }
        ));
    }
    checked.push(format!(
        "Approval seals: {} approved or paid claims ({} sealed at upgrade)",
        thousands(ids.len()),
        thousands(at_upgrade)
    ));
    Ok(())
}

fn receipts(
    conn: &Connection,
    problems: &mut Vec<String>,
    checked: &mut Vec<String>,
) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT id, file_name, sha256, content FROM receipts ORDER BY id")?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(r) = rows.next()? {
        n += 1;
        let stored: String = r.get(2)?;
        let content: Vec<u8> = r.get(3)?;
        let now = crate::text::sha256_hex(&content);
        if now != stored {
            problems.push(format!(
                "The receipt file {} has been changed since it was attached.",
                r.get::<_, String>(1)?
            ));
        }
    }
    checked.push(format!("Receipt files: {}", thousands(n)));
    Ok(())
}
