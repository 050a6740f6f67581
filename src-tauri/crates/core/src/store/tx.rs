//! The write transaction: a change and its audit entry land together or not at all.

use std::ops::Deref;

use rusqlite::{Connection, Transaction};

use super::clock::Clock;
use super::error::Result;

/// A write transaction that knows the time and who is acting, so it can write the audit log.
pub(crate) struct Tx<'a> {
    pub tx: Transaction<'a>,
    pub clock: Clock,
    pub actor: Option<i64>,
}

impl Deref for Tx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl Tx<'_> {
    /// Records who did what. `detail` must never carry special category data (children's
    /// needs): name the fields that changed, not their contents.
    pub fn audit(
        &self,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        // Each entry is chained to the one before, so a change made around Forum Desk shows.
        let at = self.clock.stamp();
        let prev = crate::audit::chain::head(self)?;
        let hash =
            crate::audit::chain::link(&prev, &at, self.actor, action, entity, entity_id, detail);
        self.execute(
            "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            rusqlite::params![at, self.actor, action, entity, entity_id, detail, prev, hash],
        )?;
        Ok(())
    }
}

impl Tx<'_> {
    /// Records an officer's decision (an approval, a payment, a change of roles or of who
    /// may sign in) with the forum's signature over it, so a row written into the database
    /// by anyone without the forum's key is found out by `check`.
    pub fn audit_signed(
        &self,
        identity: &forumdesk_export::ForumIdentity,
        action: &str,
        entity: &str,
        entity_id: Option<i64>,
        detail: &str,
    ) -> Result<()> {
        self.audit(action, entity, entity_id, detail)?;
        let audit_id = self.last_insert_rowid();
        let digest = audit_digest(self, audit_id)?;
        let signature = identity.sign_bytes(digest.as_bytes());
        self.execute(
            "INSERT INTO signatures (audit_id, digest, signature) VALUES (?1, ?2, ?3)",
            rusqlite::params![
                audit_id,
                digest,
                base64::Engine::encode(&base64::engine::general_purpose::STANDARD, signature)
            ],
        )?;
        Ok(())
    }
}

/// The SHA-256 (hex) of an audit entry's fields, in a fixed order: what the forum signs.
pub(crate) fn audit_digest(conn: &Connection, audit_id: i64) -> Result<String> {
    let text: String = conn.query_row(
        "SELECT 'forum-desk audit v1' || char(31) || id || char(31) || at || char(31) || coalesce(actor_id, '')
                || char(31) || action || char(31) || entity || char(31) || coalesce(entity_id, '')
                || char(31) || detail
         FROM audit_log WHERE id = ?1",
        [audit_id],
        |r| r.get(0),
    )?;
    Ok(crate::text::sha256_hex(text.as_bytes()))
}
