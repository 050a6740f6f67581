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
        self.execute(
            "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![self.clock.stamp(), self.actor, action, entity, entity_id, detail],
        )?;
        Ok(())
    }
}
