//! Approval seals: when a claim is approved, the forum's key signs a canonical encoding of
//! every column of the claim that approval fixes, every column of its lines, the SHA-256 of
//! each receipt's content (worked out from the bytes, not read from the stored hash) and the
//! audit chain's head at that moment. Somebody with the database key but not the forum's
//! (a representative who can sign in, or anyone who edits the file with `sqlite3`) cannot
//! make a seal, so a claim forged or changed that way is refused by the pack and reported
//! by `check`.

use crate::text::sha256_hex;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};

use crate::store::{CoreError, Result, Store};

/// The encoding's version, stored with each seal. A later version may seal more columns;
/// old seals keep being checked with the encoding they were made with.
pub(crate) const SEAL_VERSION: i64 = 1;

/// The claim columns approval fixes (not status, paid_on or payment_reference, which
/// recording payment fills in later).
const CLAIM_COLUMNS_V1: &[&str] = &[
    "id",
    "rep_id",
    "funder_id",
    "month",
    "declaration",
    "submitted_at",
    "submitted_by",
    "returned_reason",
    "returned_by",
    "returned_at",
    "approved_by",
    "approved_at",
    "accepted_warnings",
];

/// Every column of a claim line as version 1 knew them.
const LINE_COLUMNS_V1: &[&str] = &[
    "id",
    "claim_id",
    "line_date",
    "kind",
    "meeting_id",
    "activity",
    "description",
    "minutes",
    "time_basis",
    "rate_pence",
    "from_place",
    "to_place",
    "miles_tenths",
    "vehicle",
    "passengers",
    "first_band_tenths",
    "after_band_tenths",
    "first_band_pence",
    "after_band_pence",
    "passenger_pence",
    "entered_pence",
    "cap_pence",
    "amount_pence",
    "policy_id",
    "reverses_line_id",
    "created_at",
    "band_miles",
];

/// What a claim's seal says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SealState {
    /// Signed by the forum's key over exactly what the claim holds now.
    Good { at_upgrade: bool },
    /// Approved before seals existed; an officer has not yet sealed it.
    Pending,
    /// Approved or paid, but there is no seal at all: it was not approved in Forum Desk.
    Missing,
    /// The claim, a line or a receipt differs from what was sealed.
    Changed,
    /// The seal was not made with the forum's key.
    BadSignature,
}

/// One value in the encoding: its type and its text, so 1, 1.0, '1' and NULL all differ.
fn encode_value(v: ValueRef<'_>, out: &mut String) {
    match v {
        ValueRef::Null => out.push('N'),
        ValueRef::Integer(i) => {
            out.push('I');
            out.push_str(&i.to_string());
        }
        ValueRef::Real(f) => {
            out.push('R');
            out.push_str(&format!("{f:?}"));
        }
        ValueRef::Text(t) => {
            out.push('T');
            out.push_str(&t.len().to_string());
            out.push(':');
            out.push_str(&String::from_utf8_lossy(t));
        }
        ValueRef::Blob(b) => {
            out.push('B');
            out.push_str(&sha256_hex(b));
        }
    }
}

/// Appends the named columns of each row `sql` returns, one row per line.
fn encode_rows(
    conn: &Connection,
    table: &str,
    columns: &[&str],
    filter: &str,
    claim_id: i64,
    out: &mut String,
) -> Result<()> {
    let sql = format!(
        "SELECT {} FROM {table} WHERE {filter} ORDER BY id",
        columns.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([claim_id])?;
    while let Some(row) = rows.next()? {
        out.push_str(table);
        for (i, name) in columns.iter().enumerate() {
            out.push('\u{1f}');
            out.push_str(name);
            out.push('=');
            encode_value(row.get_ref(i)?, out);
        }
        out.push('\n');
    }
    Ok(())
}

/// The canonical text a version-1 seal signs: the claim, its lines, its receipts' content
/// hashes, the warnings the approver accepted, and the audit head.
pub(crate) fn canonical(conn: &Connection, claim_id: i64, audit_head: &str) -> Result<String> {
    let mut out = format!("forum-desk claim seal v{SEAL_VERSION}\n");
    encode_rows(
        conn,
        "claims",
        CLAIM_COLUMNS_V1,
        "id = ?1",
        claim_id,
        &mut out,
    )?;
    encode_rows(
        conn,
        "claim_lines",
        LINE_COLUMNS_V1,
        "claim_id = ?1",
        claim_id,
        &mut out,
    )?;
    let mut stmt = conn.prepare(
        "SELECT r.id, r.line_id, r.file_name, r.mime, r.content FROM receipts r
         JOIN claim_lines l ON l.id = r.line_id WHERE l.claim_id = ?1 ORDER BY r.id",
    )?;
    let mut rows = stmt.query([claim_id])?;
    while let Some(r) = rows.next()? {
        let content: Vec<u8> = r.get(4)?;
        out.push_str(&format!(
            "receipt\u{1f}id=I{}\u{1f}line_id=I{}\u{1f}file_name=T{}\u{1f}mime=T{}\u{1f}content=B{}\n",
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            sha256_hex(&content),
        ));
    }
    encode_rows(
        conn,
        "accepted_warnings",
        &["id", "claim_id", "line_id", "code", "message"],
        "claim_id = ?1",
        claim_id,
        &mut out,
    )?;
    out.push_str("audit_head=");
    out.push_str(audit_head);
    out.push('\n');
    Ok(out)
}

fn digest_of(text: &str) -> String {
    sha256_hex(text.as_bytes())
}

/// Seals a claim just approved, in the approval's own transaction. `upgrade` fills in the
/// pending seal of a claim approved before seals existed.
pub(crate) fn seal(
    conn: &Connection,
    identity: &forumdesk_export::ForumIdentity,
    claim_id: i64,
    stamp: &str,
    upgrade: bool,
) -> Result<()> {
    let head = crate::audit::chain::head(conn)?;
    let digest = digest_of(&canonical(conn, claim_id, &head)?);
    let signature = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        identity.sign_bytes(digest.as_bytes()),
    );
    if upgrade {
        conn.execute(
            "UPDATE claim_seals SET digest = ?2, signature = ?3, audit_head = ?4, sealed_at = ?5
             WHERE claim_id = ?1 AND signature IS NULL AND at_upgrade = 1",
            params![claim_id, digest, signature, head, stamp],
        )?;
    } else {
        conn.execute(
            "INSERT INTO claim_seals (claim_id, version, digest, signature, audit_head, sealed_at, at_upgrade)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
            params![claim_id, SEAL_VERSION, digest, signature, head, stamp],
        )?;
    }
    Ok(())
}

/// A seal row as stored: version, digest, signature, audit head, sealed at upgrade.
type StoredSeal = (i64, Option<String>, Option<String>, Option<String>, bool);

/// Checks one approved or paid claim's seal against the forum's certificate (PEM).
pub(crate) fn check(conn: &Connection, certificate_pem: &str, claim_id: i64) -> Result<SealState> {
    let row: Option<StoredSeal> = conn
        .query_row(
            "SELECT version, digest, signature, audit_head, at_upgrade FROM claim_seals WHERE claim_id = ?1",
            [claim_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((version, digest, signature, head, at_upgrade)) = row else {
        return Ok(SealState::Missing);
    };
    let (Some(digest), Some(signature)) = (digest, signature) else {
        return Ok(if at_upgrade {
            SealState::Pending
        } else {
            SealState::Missing
        });
    };
    if version != SEAL_VERSION {
        return Ok(SealState::Changed);
    }
    let sig = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, signature)
        .unwrap_or_default();
    if !forumdesk_export::verify_bytes(certificate_pem.as_bytes(), digest.as_bytes(), &sig) {
        return Ok(SealState::BadSignature);
    }
    let now = digest_of(&canonical(conn, claim_id, head.as_deref().unwrap_or(""))?);
    Ok(if now == digest {
        SealState::Good { at_upgrade }
    } else {
        SealState::Changed
    })
}

/// The claim in words for a message: "Rita Patel's claim to Eastbridge County Council for
/// November 2026".
pub(crate) fn claim_words(conn: &Connection, claim_id: i64) -> String {
    conn.query_row(
        "SELECT coalesce(m.name, 'a representative'), coalesce(f.name, 'a funder'), c.month
         FROM claims c LEFT JOIN members m ON m.id = c.rep_id LEFT JOIN funders f ON f.id = c.funder_id
         WHERE c.id = ?1",
        [claim_id],
        |r| {
            Ok(format!(
                "{}'s claim to {} for {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                crate::text::dates::month_label(&r.get::<_, String>(2)?)
            ))
        },
    )
    .unwrap_or_else(|_| format!("claim {claim_id}"))
}

/// What a bad seal means, in one sentence for a person. The claim is named (one more read)
/// only when something is wrong, so checking thousands of good seals reads nothing extra.
pub(crate) fn problem(conn: &Connection, claim_id: i64, state: &SealState) -> Option<String> {
    if matches!(state, SealState::Good { .. } | SealState::Pending) {
        return None;
    }
    let words = claim_words(conn, claim_id);
    match state {
        SealState::Good { .. } | SealState::Pending => None,
        SealState::Missing => Some(format!(
            "{words} is marked approved, but Forum Desk never approved it: it has no approval seal."
        )),
        SealState::Changed => Some(format!(
            "{words} has been changed since it was approved: it no longer matches its approval seal."
        )),
        SealState::BadSignature => Some(format!(
            "{words} has an approval seal that was not made with the forum's key."
        )),
    }
}

impl Store {
    /// The certificate seals are checked against: the signed-in officer's own key when
    /// there is one (it cannot be swapped inside the database), otherwise the forum's.
    pub(crate) fn seal_certificate(&self) -> Result<String> {
        if let Some(identity) = self.session.as_ref().and_then(|s| s.signing.as_ref()) {
            return Ok(identity.certificate_pem());
        }
        crate::forum::settings::certificate_pem(&self.conn)
    }

    /// Seals the claims approved before seals existed (marked by the migration), once an
    /// officer is signed in. Logged, so the upgrade is on the record. The window calls it
    /// before preparing a pack, which reads under the lock and cannot write.
    pub fn seal_pending_upgrades(&mut self) -> Result<usize> {
        let Some(identity) = self
            .session
            .as_ref()
            .and_then(|s| s.signing.as_ref())
            .cloned()
        else {
            return Ok(0);
        };
        let pending: Vec<i64> = {
            let mut stmt = self.conn.prepare(
                "SELECT claim_id FROM claim_seals WHERE signature IS NULL AND at_upgrade = 1 ORDER BY claim_id",
            )?;
            let ids = stmt.query_map([], |r| r.get(0))?;
            ids.collect::<rusqlite::Result<_>>()?
        };
        if pending.is_empty() {
            return Ok(0);
        }
        let stamp = self.clock.stamp();
        let count = pending.len();
        self.write(|tx| {
            for id in &pending {
                seal(tx, &identity, *id, &stamp, true)?;
            }
            tx.audit(
                "sealed claims approved before seals existed",
                "claim",
                None,
                &format!("{count} claim{}", if count == 1 { "" } else { "s" }),
            )
        })?;
        Ok(count)
    }

    /// Refuses to go on if any of these approved claims fails its seal (the pack and its CSV).
    pub(crate) fn require_seals(&self, claim_ids: &[i64]) -> Result<()> {
        let cert = self.seal_certificate()?;
        for id in claim_ids {
            let state = check(&self.conn, &cert, *id)?;
            if let Some(p) = problem(&self.conn, *id, &state) {
                return Err(CoreError::Tampered(format!(
                    "{p} The pack has not been made. Use Settings → Check the records (or `forumdesk check`) and restore the newest good backup."
                )));
            }
            if state == SealState::Pending {
                let words = claim_words(&self.conn, *id);
                return Err(CoreError::Tampered(format!(
                    "{words} was approved before approval seals existed and is not sealed yet. A chair or treasurer must make this pack."
                )));
            }
        }
        Ok(())
    }
}
