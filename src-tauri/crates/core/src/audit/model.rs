//! The shape of an audit entry as the window and the command line see it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub detail: String,
}

/// One page of the activity log, newest first, with how many entries there are in all.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub total: i64,
    /// Where this page starts (0 for the newest).
    pub offset: i64,
}
