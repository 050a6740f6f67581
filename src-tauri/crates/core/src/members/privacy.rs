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
        Ok(json!({
            "about": "Everything Forum Desk holds about this member, produced for a subject access request.",
            "produced_on": dates::iso(self.today()),
            "forum": crate::forum::settings::forum(&self.conn)?.name,
            "member": m,
            "representative": rep,
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
        let text = self.members_export_csv_text()?;
        let name = format!("members-{}.csv", dates::iso(self.today()));
        let saved = write_export(self.exports_dir(), &name, text.as_bytes())?;
        self.write(|tx| tx.audit("exported members to CSV", "member", None, ""))?;
        Ok(saved)
    }

    /// Removes a member's personal data on request. `confirm_name` must repeat their name,
    /// so that nobody erases the wrong person by a slip of the mouse. Claims stay (the forum
    /// must keep its accounts) under the anonymous reference.
    pub fn member_erase(&mut self, id: i64, confirm_name: &str) -> Result<Member> {
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
        let anon = format!("Former member M-{id:05}");
        let today = dates::iso(self.today());
        self.write(|tx| {
            tx.execute("DELETE FROM children WHERE member_id = ?1", [id])?;
            tx.execute("DELETE FROM training WHERE member_id = ?1", [id])?;
            tx.execute("DELETE FROM group_reps WHERE member_id = ?1", [id])?;
            tx.execute("UPDATE reps SET active = 0, confidentiality_signed_on = NULL WHERE member_id = ?1", [id])?;
            tx.execute("UPDATE meeting_people SET name = ?2 WHERE member_id = ?1", params![id, anon])?;
            tx.execute(
                "UPDATE members SET name = '', known_as = '', email = '', phone = '', postcode = '', joined_on = NULL,
                    consent_email = 0, consent_phone = 0, consent_post = 0, children_consent_on = NULL,
                    children_consent_by = NULL, erased_on = ?2, anon_ref = ?3 WHERE id = ?1",
                params![id, today, anon],
            )?;
            tx.audit("erased a member's personal data on request", "member", Some(id), &anon)
        })?;
        self.member_get(id)
    }
}
