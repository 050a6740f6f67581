//! Reading the audit log, newest first.

use rusqlite::params;

use crate::model::{AuditEntry, AuditPage};
use crate::store::Result;
use crate::store::Store;

impl Store {
    /// The newest entries first.
    pub fn audit_list(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        self.require_officer("see the activity log")?;
        self.audit_entries(limit.clamp(1, 10_000), 0)
    }

    /// One page of the log, newest first: the Activity screen shows a page at a time, so a
    /// forum's twenty years of changes draw as quickly as a week's.
    pub fn audit_page(&self, offset: i64, limit: i64) -> Result<AuditPage> {
        self.require_officer("see the activity log")?;
        let offset = offset.max(0);
        Ok(AuditPage {
            entries: self.audit_entries(limit.clamp(1, 500), offset)?,
            total: self
                .conn
                .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?,
            offset,
        })
    }

    fn audit_entries(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.at, a.actor_id, m.name, m.anon_ref, m.erased_on, a.action, a.entity, a.entity_id, a.detail
             FROM audit_log a LEFT JOIN members m ON m.id = a.actor_id
             ORDER BY a.id DESC LIMIT ?1 OFFSET ?2",
        )?;
        let rows = stmt.query_map(params![limit, offset], |r| {
            let actor_id: Option<i64> = r.get(2)?;
            let name: Option<String> = r.get(3)?;
            let anon: Option<String> = r.get(4)?;
            let erased: Option<String> = r.get(5)?;
            let actor_name = match (actor_id, erased) {
                (None, _) => "Command line".to_string(),
                (Some(_), Some(_)) => anon.unwrap_or_default(),
                (Some(_), None) => name.unwrap_or_default(),
            };
            Ok(AuditEntry {
                id: r.get(0)?,
                at: r.get(1)?,
                actor_name,
                action: r.get(6)?,
                entity: r.get(7)?,
                entity_id: r.get(8)?,
                detail: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
