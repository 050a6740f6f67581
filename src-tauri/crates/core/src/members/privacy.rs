//! A member's rights under UK GDPR: a copy of everything held about them, and erasure.
//! Erasure removes personal data but keeps financial lines, which the forum must keep for
//! its accounts, under an anonymous reference.

use rusqlite::params;
use serde_json::json;

use crate::exports::write_export;
use crate::members::records::{member, not_erased};
use crate::model::{Member, SavedFile};
use crate::store::Store;
use crate::store::{CoreError, Result};
use crate::text::dates;

impl Store {
    /// Everything held about one member, as a JSON document (subject access request).
    pub fn member_data_json(&self, id: i64) -> Result<serde_json::Value> {
        self.require_officer("export a member's data")?;
        let m = member(&self.conn, id)?;
        let rep = self.reps_list()?.into_iter().find(|r| r.member_id == id);
        let query = |sql: &str| -> Result<Vec<serde_json::Value>> {
            let mut stmt = self.conn.prepare(sql)?;
            let cols: Vec<String> = stmt.column_names().iter().map(|s| s.to_string()).collect();
            let rows = stmt.query_map([id], |r| {
                let mut o = serde_json::Map::new();
                for (i, c) in cols.iter().enumerate() {
                    let v: rusqlite::types::Value = r.get(i)?;
                    o.insert(
                        c.clone(),
                        match v {
                            rusqlite::types::Value::Null => serde_json::Value::Null,
                            rusqlite::types::Value::Integer(n) => json!(n),
                            rusqlite::types::Value::Real(f) => json!(f),
                            rusqlite::types::Value::Text(t) => json!(t),
                            rusqlite::types::Value::Blob(b) => json!(format!("{} bytes", b.len())),
                        },
                    );
                }
                Ok(serde_json::Value::Object(o))
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let meetings = query(
            "SELECT mt.title AS meeting, g.name AS group_name, mt.starts_at, p.organisation, p.attendance
             FROM meeting_people p JOIN meetings mt ON mt.id = p.meeting_id JOIN groups g ON g.id = mt.group_id
             WHERE p.member_id = ?1 ORDER BY mt.starts_at",
        )?;
        let claims = query(
            "SELECT c.id, c.month, f.name AS funder, c.status, c.submitted_at, c.approved_at, c.paid_on,
                    c.payment_reference, (SELECT coalesce(sum(amount_pence), 0) FROM claim_lines WHERE claim_id = c.id) AS total_pence
             FROM claims c JOIN funders f ON f.id = c.funder_id WHERE c.rep_id = ?1 ORDER BY c.month",
        )?;
        let lines = query(
            "SELECT l.id, l.claim_id, l.line_date, l.kind, l.activity, l.description, l.from_place, l.to_place,
                    l.miles_tenths, l.minutes, l.amount_pence
             FROM claim_lines l JOIN claims c ON c.id = l.claim_id WHERE c.rep_id = ?1 ORDER BY l.line_date, l.id",
        )?;
        let audit = query(
            "SELECT at, action, entity, entity_id, detail FROM audit_log
             WHERE actor_id = ?1 OR (entity = 'member' AND entity_id = ?1) ORDER BY id",
        )?;
        let reach = crate::reach::details::get(&self.conn, id)?;
        Ok(json!({
            "about": "Everything Forum Desk holds about this member, produced for a subject access request.",
            "produced_on": dates::iso(self.today()),
            "forum": crate::forum::settings::forum(&self.conn)?.name,
            "member": m,
            "representative": rep,
            "reach_details": reach,
            "meetings": meetings,
            "claims": claims,
            "claim_lines": lines,
            "activity_log": audit,
        }))
    }

    /// Writes [`Store::member_data_json`] to the exports folder.
    pub fn member_export_json(&mut self, id: i64) -> Result<SavedFile> {
        let doc = self.member_data_json(id)?;
        let text =
            serde_json::to_string_pretty(&doc).map_err(|e| CoreError::Database(e.to_string()))?;
        let name = format!("member-{id}-data-{}.json", dates::iso(self.today()));
        let saved = write_export(self.exports_dir(), &name, text.as_bytes())?;
        self.write(|tx| {
            tx.audit(
                "exported a member's data (subject access)",
                "member",
                Some(id),
                "",
            )
        })?;
        Ok(saved)
    }

    pub fn members_export_csv(&mut self) -> Result<SavedFile> {
        self.require_officer("export members")?;
        let text = self.members_export_csv_text()?;
        let name = format!("members-{}.csv", dates::iso(self.today()));
        let saved = write_export(self.exports_dir(), &name, text.as_bytes())?;
        self.write(|tx| tx.audit("exported members to CSV", "member", None, ""))?;
        Ok(saved)
    }

    /// Removes a member's personal data on request. `confirm_name` must repeat their name,
    /// so that nobody erases the wrong person by a slip of the mouse. Claims stay (the forum
    /// must keep its accounts) under the anonymous reference. Their sign-in, if any, goes
    /// too, and afterwards no trace of their text is left in the database file or its
    /// journal, free pages included.
    pub fn member_erase(&mut self, id: i64, confirm_name: &str) -> Result<Member> {
        self.require_officer("erase a member's data")?;
        not_erased(&self.conn, id)?;
        let m = member(&self.conn, id)?;
        if !m.name.trim().eq_ignore_ascii_case(confirm_name.trim()) {
            return Err(CoreError::invalid(
                "confirm_name",
                "The name typed does not match. Nothing was erased.",
            ));
        }
        if self.actor() == Some(id) {
            return Err(CoreError::NotAllowed(
                "You cannot erase yourself while you are using Forum Desk. Ask another chair or treasurer.".into(),
            ));
        }
        if crate::forum::people::has_officer_role(&self.conn, id)? {
            return Err(CoreError::NotAllowed(
                "This member is the chair or treasurer. Give the role to someone else before erasing them.".into(),
            ));
        }
        self.remove_sign_in(id, "took away the sign-in of an erased member")?;
        let today = dates::iso(self.today());
        let now = self.clock.stamp();
        let anon = self.write(|tx| {
            let anon = erase_rows(tx, id, &today)?;
            tx.execute(
                "INSERT INTO erasures (kind, target, done_at) VALUES ('member', ?1, ?2)",
                params![id.to_string(), now],
            )?;
            tx.audit(
                "erased a member's personal data on request",
                "member",
                Some(id),
                &anon,
            )?;
            Ok(anon)
        })?;
        let _ = anon;
        self.purge_free_pages()?;
        self.member_get(id)
    }

    /// Rebuilds the database so deleted text does not linger in free pages or the journal:
    /// deletions already overwrite with zeros (`secure_delete`); this moves what is left and
    /// empties the WAL.
    pub(crate) fn purge_free_pages(&mut self) -> Result<()> {
        self.conn.execute_batch(
            "PRAGMA wal_checkpoint(TRUNCATE); VACUUM; PRAGMA wal_checkpoint(TRUNCATE);",
        )?;
        Ok(())
    }
}

/// Erases member `id`'s personal data in place, leaving their anonymous reference, and
/// replaces their name wherever it was typed as free text (chairs, note-takers, action
/// owners). Used by erasure and again after restoring an older backup. Returns the
/// anonymous reference.
pub(crate) fn erase_rows(conn: &rusqlite::Connection, id: i64, today: &str) -> Result<String> {
    let anon = format!("Former member M-{id:05}");
    let name: String = conn
        .query_row("SELECT name FROM members WHERE id = ?1", [id], |r| r.get(0))
        .unwrap_or_default();
    conn.execute("DELETE FROM children WHERE member_id = ?1", [id])?;
    conn.execute("DELETE FROM member_reach WHERE member_id = ?1", [id])?;
    conn.execute("DELETE FROM training WHERE member_id = ?1", [id])?;
    conn.execute("DELETE FROM group_reps WHERE member_id = ?1", [id])?;
    conn.execute("DELETE FROM sign_in_slots WHERE person_id = ?1", [id])?;
    conn.execute(
        "UPDATE reps SET active = 0, confidentiality_signed_on = NULL WHERE member_id = ?1",
        [id],
    )?;
    conn.execute(
        "UPDATE meeting_people SET name = ?2 WHERE member_id = ?1",
        params![id, anon],
    )?;
    if !name.trim().is_empty() {
        // Names typed as free text in meetings and actions go too, finalised notes included:
        // erasure outranks keeping old notes word for word.
        conn.execute(
            "UPDATE meetings SET chair_name = ?2 WHERE chair_name = ?1 COLLATE NOCASE",
            params![name, anon],
        )?;
        conn.execute(
            "UPDATE meetings SET note_taker_name = ?2 WHERE note_taker_name = ?1 COLLATE NOCASE",
            params![name, anon],
        )?;
        conn.execute(
            "UPDATE actions SET owner = ?2 WHERE owner = ?1 COLLATE NOCASE",
            params![name, anon],
        )?;
    }
    conn.execute(
        "UPDATE members SET name = '', known_as = '', email = '', phone = '', postcode = '', joined_on = NULL,
            consent_email = 0, consent_phone = 0, consent_post = 0, children_consent_on = NULL,
            children_consent_by = NULL, left_on = NULL, erased_on = ?2, anon_ref = ?3 WHERE id = ?1",
        params![id, today, anon],
    )?;
    Ok(anon)
}
