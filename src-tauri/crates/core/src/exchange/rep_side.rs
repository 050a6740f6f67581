//! A rep's own computer: what it knows of the forum (applied from the invitation and each
//! forum update, checked against the forum's certificate), and submitting a claim, which
//! writes a signed claim file for the forum laptop.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::envelope::{self, refused};
use super::lines_io;
use super::model::{
    ClaimFileData, Enrolment, FileClaim, ForumClaim, ForumClaimView, RepComputerInfo, RepState,
    UpdateData, CLAIM_FORMAT, UPDATE_FORMAT,
};
use super::rows::{self, upsert};
use crate::claims::entry::build_line;
use crate::claims::kinds::ClaimStatus;
use crate::claims::receipts::CheckedReceipt;
use crate::claims::records::ClaimRow;
use crate::store::{CoreError, Result, Store, Tx};
use crate::text::{dates, sha256_hex};

/// Car miles (tenths) the forum holds for this rep in the tax year of `date`, in claims not
/// on this computer; 0 on the forum laptop, which counts every claim itself.
pub(crate) fn carried_car_tenths(conn: &Connection, date: NaiveDate) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT tenths FROM carried_car_miles WHERE tax_year_start = ?1",
            [dates::iso(dates::tax_year_start(date))],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

/// This computer's own identity and how it joined.
struct Me {
    forum_uid: String,
    forum_certificate_pem: String,
    rep_id: i64,
    invitation_id: String,
    proof: String,
    certificate_pem: String,
    private_key: String,
    enrolled_seen: bool,
}

fn me(conn: &Connection) -> Result<Me> {
    conn.query_row(
        "SELECT forum_uid, forum_certificate_pem, rep_id, invitation_id, enrolment_proof,
                certificate_pem, private_key, enrolled_seen FROM rep_computer WHERE id = 1",
        [],
        |r| {
            Ok(Me {
                forum_uid: r.get(0)?,
                forum_certificate_pem: r.get(1)?,
                rep_id: r.get(2)?,
                invitation_id: r.get(3)?,
                proof: r.get(4)?,
                certificate_pem: r.get(5)?,
                private_key: r.get(6)?,
                enrolled_seen: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| {
        CoreError::NotAllowed(
            "This is done on a rep's own computer, not on the forum laptop.".into(),
        )
    })
}

impl Me {
    fn identity(&self) -> Result<forumdesk_export::ForumIdentity> {
        let der =
            zeroize::Zeroizing::new(B64.decode(&self.private_key).map_err(|_| {
                CoreError::Database("this computer's signing key is damaged".into())
            })?);
        forumdesk_export::ForumIdentity::from_key_and_certificate(
            &der,
            self.certificate_pem.as_bytes(),
        )
        .map_err(crate::exports::export_error)
    }

    fn enrolment(&self) -> Option<Enrolment> {
        (!self.enrolled_seen).then(|| Enrolment {
            invitation_id: self.invitation_id.clone(),
            certificate_pem: self.certificate_pem.clone(),
            proof: self.proof.clone(),
        })
    }
}

/// Writes what the forum says this computer should know: the forum's details, the rep's own
/// record, funders, policies, groups and meetings, the forum's view of each claim, and car
/// miles and recognition payments held elsewhere. Claims handed to this computer are created if they are not here.
pub(crate) fn apply_state(tx: &Tx, state: &RepState, today: NaiveDate) -> Result<()> {
    tx.execute(
        "UPDATE forum SET name = ?1, address = ?2, charity_number = ?3, payment_terms = ?4, declaration = ?5 WHERE id = 1",
        params![
            rows::text(&state.forum, "name"),
            rows::text(&state.forum, "address"),
            rows::text(&state.forum, "charity_number"),
            rows::text(&state.forum, "payment_terms"),
            rows::text(&state.forum, "declaration"),
        ],
    )?;
    upsert(tx, "members", &["id"], &state.member)?;
    upsert(tx, "reps", &["member_id"], &state.rep)?;
    for f in &state.funders {
        upsert(tx, "funders", &["id"], f)?;
    }
    for p in &state.policies {
        upsert(tx, "policies", &["id"], p)?;
    }
    for g in &state.groups {
        upsert(tx, "groups", &["id"], g)?;
    }
    for gr in &state.group_reps {
        upsert(tx, "group_reps", &["group_id", "member_id"], gr)?;
    }
    for m in &state.meetings {
        upsert(tx, "meetings", &["id"], m)?;
    }
    tx.execute("DELETE FROM carried_car_miles", [])?;
    for (start, tenths) in &state.carried_car_miles {
        tx.execute(
            "INSERT INTO carried_car_miles (tax_year_start, tenths) VALUES (?1, ?2)",
            params![start, tenths],
        )?;
    }
    tx.execute("DELETE FROM carried_recognition", [])?;
    for (month, pence) in &state.carried_recognition {
        tx.execute(
            "INSERT INTO carried_recognition (month, pence) VALUES (?1, ?2)",
            params![month, pence],
        )?;
    }
    tx.execute("DELETE FROM forum_claims", [])?;
    let rep_id = rows::int(&state.member, "id").unwrap_or(0);
    for c in &state.claims {
        tx.execute(
            "INSERT INTO forum_claims (funder_id, month, status, revision, total_pence, reason,
                                       submitted_at, approved_at, paid_on, reference, with_forum)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                c.funder_id,
                c.month,
                c.status,
                c.revision,
                c.total_pence,
                c.reason,
                c.submitted_at,
                c.approved_at,
                c.paid_on,
                c.reference,
                !c.with_rep && matches!(c.status.as_str(), "draft" | "returned"),
            ],
        )?;
        follow_forum(tx, rep_id, c, today)?;
    }
    Ok(())
}

/// Brings this computer's own copy of one claim in line with the forum: returned claims open
/// again with the reason; a claim handed over is created; a claim the chair took back goes.
fn follow_forum(tx: &Tx, rep_id: i64, c: &ForumClaim, today: NaiveDate) -> Result<()> {
    let local: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, status FROM claims WHERE rep_id = ?1 AND funder_id = ?2 AND month = ?3",
            params![rep_id, c.funder_id, c.month],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let local_revision = |id: i64| -> Result<i64> {
        Ok(tx
            .query_row(
                "SELECT revision FROM claim_revisions WHERE claim_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0))
    };
    match (c.with_rep, c.status.as_str(), local) {
        // Returned by the forum: open again here, with the reason, if this is the version
        // the forum returned.
        (true, "returned", Some((id, status)))
            if status == "submitted" && local_revision(id)? <= c.revision =>
        {
            tx.execute(
                "UPDATE claims SET status = 'returned', returned_reason = ?2, returned_at = ?3 WHERE id = ?1",
                params![id, c.reason, tx.clock.stamp()],
            )?;
            tx.audit(
                "the forum returned a claim",
                "claim",
                Some(id),
                c.reason.as_deref().unwrap_or(""),
            )?;
        }
        (true, _, None) => create_handed_over(tx, rep_id, c, today)?,
        // Taken back by the chair: it is edited on the forum laptop now, so this computer's
        // copy goes (nothing in it had reached the forum since the claim was last sent).
        (false, "draft" | "returned", Some((id, status))) if status != "submitted" => {
            delete_local_claim(tx, id)?;
            tx.audit("the forum took a claim back", "claim", None, &c.month)?;
        }
        _ => {}
    }
    Ok(())
}

/// A claim handed to this computer with its lines and receipts, worked out here again.
fn create_handed_over(tx: &Tx, rep_id: i64, c: &ForumClaim, today: NaiveDate) -> Result<()> {
    tx.execute(
        "INSERT INTO claims (rep_id, funder_id, month) VALUES (?1, ?2, ?3)",
        params![rep_id, c.funder_id, c.month],
    )?;
    let id = tx.last_insert_rowid();
    let row = ClaimRow {
        id,
        rep_id,
        funder_id: c.funder_id,
        month: c.month.clone(),
        status: ClaimStatus::Draft,
    };
    let stamp = tx.clock.stamp();
    for fl in &c.lines {
        let line = build_line(tx, &row, &fl.input, None, today)?;
        let line_id = crate::claims::lines::insert(tx, id, None, &line)?;
        for r in &fl.receipts {
            let bytes = r
                .content_b64
                .as_deref()
                .and_then(|b| B64.decode(b).ok())
                .ok_or_else(|| refused("A receipt in this file is damaged."))?;
            CheckedReceipt::new(&r.file_name, &bytes)?.insert(tx, line_id, &stamp)?;
        }
    }
    if c.status == "returned" {
        tx.execute(
            "UPDATE claims SET status = 'returned', returned_reason = ?2, returned_at = ?3 WHERE id = ?1",
            params![id, c.reason, stamp],
        )?;
    }
    if c.revision > 0 {
        tx.execute(
            "INSERT INTO claim_revisions (claim_id, revision) VALUES (?1, ?2)",
            params![id, c.revision],
        )?;
    }
    tx.audit(
        "the forum handed a claim to this computer",
        "claim",
        Some(id),
        &c.month,
    )
}

fn delete_local_claim(tx: &Tx, id: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM receipt_print_copies WHERE receipt_id IN
           (SELECT r.id FROM receipts r JOIN claim_lines l ON l.id = r.line_id WHERE l.claim_id = ?1)",
        [id],
    )?;
    tx.execute(
        "DELETE FROM receipts WHERE line_id IN (SELECT id FROM claim_lines WHERE claim_id = ?1)",
        [id],
    )?;
    tx.execute("DELETE FROM claim_lines WHERE claim_id = ?1", [id])?;
    tx.execute("DELETE FROM claim_revisions WHERE claim_id = ?1", [id])?;
    tx.execute("DELETE FROM claims WHERE id = ?1", [id])?;
    Ok(())
}

/// A signed claim file, ready to go: its name, bytes, revision and sequence number.
pub(crate) struct ClaimFile {
    pub name: String,
    pub bytes: Vec<u8>,
    pub revision: i64,
    pub seq: i64,
}

/// Queues a claim file with its submission: the outbox, the claim's revision and the
/// sequence number, in the caller's transaction.
pub(crate) fn queue_claim_file(
    tx: &Tx,
    dir: Option<&std::path::Path>,
    claim_id: i64,
    f: &ClaimFile,
) -> Result<()> {
    super::counters::record_sent(tx, dir, f.seq)?;
    tx.execute(
        "INSERT INTO claim_revisions (claim_id, revision) VALUES (?1, ?2)
         ON CONFLICT (claim_id) DO UPDATE SET revision = excluded.revision",
        params![claim_id, f.revision],
    )?;
    tx.execute(
        "INSERT INTO outbox (file_name, content, made_at) VALUES (?1, ?2, ?3)",
        params![f.name, f.bytes, tx.clock.stamp()],
    )?;
    Ok(())
}

impl Store {
    /// On a rep's computer: the signed claim file for submitting `claim_id` with
    /// `declaration` at `stamp`. Nothing is written; the caller queues it with the
    /// submission, in one transaction.
    pub(crate) fn claim_file(
        &self,
        claim_id: i64,
        declaration: &str,
        stamp: &str,
    ) -> Result<ClaimFile> {
        let me = me(&self.conn)?;
        let identity = me.identity()?;
        let row = crate::claims::records::claim_row(&self.conn, claim_id)?;
        let revision: i64 = self
            .conn
            .query_row(
                "SELECT revision FROM claim_revisions WHERE claim_id = ?1",
                [claim_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0)
            + 1;
        let mut lines = Vec::new();
        let mut attachments = Vec::new();
        for (line_id, l) in lines_io::claim_lines(&self.conn, claim_id)? {
            let (fl, a) = lines_io::file_line(&self.conn, line_id, &l, false)?;
            lines.push(fl);
            attachments.extend(a);
        }
        let (rep_name, funder_name): (String, String) = self.conn.query_row(
            "SELECT m.name, f.name FROM claims c JOIN members m ON m.id = c.rep_id JOIN funders f ON f.id = c.funder_id WHERE c.id = ?1",
            [claim_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let seq = super::counters::next_sent(&self.conn, self.data_dir.as_deref())?;
        let data = ClaimFileData {
            format: CLAIM_FORMAT.into(),
            forum_uid: me.forum_uid.clone(),
            from_computer: identity.fingerprint_sha256(),
            seq,
            enrolment: me.enrolment(),
            rep_id: me.rep_id,
            rep_name: rep_name.clone(),
            claim: Some(FileClaim {
                funder_id: row.funder_id,
                funder_name: funder_name.clone(),
                month: row.month.clone(),
                revision,
                declaration: declaration.to_string(),
                submitted_at: stamp.to_string(),
                lines,
            }),
        };
        let input = crate::claims::pack::claim_form_input(
            &self.conn,
            claim_id,
            self.today(),
            declaration,
            stamp,
            self.now_utc(),
        )?;
        let readable =
            forumdesk_export::render_claim_form(&input).map_err(crate::exports::export_error)?;
        let month = dates::month_label(&row.month);
        let bytes = envelope::seal(
            &readable,
            &data,
            attachments,
            &identity,
            &rep_name,
            &format!("{rep_name}'s {funder_name} claim for {month}, version {revision}"),
            self.now_utc(),
        )?;
        Ok(ClaimFile {
            name: super::folder::file_name(&format!(
                "Claim - {rep_name} - {funder_name} - {month} - version {revision}"
            )),
            bytes,
            revision,
            seq,
        })
    }

    /// A signed file that only asks to join (for a rep with nothing to claim yet), so the
    /// chair can enrol this computer and read its fingerprint back.
    fn join_request(&self) -> Result<ClaimFile> {
        let me = me(&self.conn)?;
        let identity = me.identity()?;
        let rep_name: String =
            self.conn
                .query_row("SELECT name FROM members WHERE id = ?1", [me.rep_id], |r| {
                    r.get(0)
                })?;
        let forum_name = crate::forum::settings::forum(&self.conn)?.name;
        let seq = super::counters::next_sent(&self.conn, self.data_dir.as_deref())?;
        let data = ClaimFileData {
            format: CLAIM_FORMAT.into(),
            forum_uid: me.forum_uid.clone(),
            from_computer: identity.fingerprint_sha256(),
            seq,
            enrolment: me.enrolment(),
            rep_id: me.rep_id,
            rep_name: rep_name.clone(),
            claim: None,
        };
        let readable = forumdesk_export::render_notice(&forumdesk_export::Notice {
            title: format!("{rep_name} asks to join {forum_name}"),
            footer: format!("{forum_name} · request to join"),
            paragraphs: vec![
                format!("{rep_name} has opened their invitation to use Forum Desk on their own computer. Import this file on the forum laptop (Representatives → Import claim files) to let this computer send claims."),
                "Then read the fingerprint below back to the rep on the phone: their Forum Desk shows the same one.".into(),
            ],
            details: vec![("This computer's fingerprint".into(), identity.fingerprint_sha256())],
            made_at: self.now_utc(),
            signature_panel: None,
        })
        .map_err(crate::exports::export_error)?;
        let bytes = envelope::seal(
            &readable,
            &data,
            Vec::new(),
            &identity,
            &rep_name,
            &format!("{rep_name} asks to join {forum_name}"),
            self.now_utc(),
        )?;
        Ok(ClaimFile {
            name: super::folder::file_name(&format!("Join request - {rep_name} - {seq:06}")),
            bytes,
            revision: 0,
            seq,
        })
    }

    /// On a rep's computer: files waiting for the forum, each marked sent as it is handed
    /// over. Until the forum has answered, a computer with nothing to send sends a request
    /// to join.
    pub(crate) fn rep_outgoing(&mut self) -> Result<Vec<(i64, String, Vec<u8>)>> {
        let me = me(&self.conn)?;
        let mut waiting: Vec<(i64, String, Vec<u8>)> = self
            .conn
            .prepare("SELECT id, file_name, content FROM outbox WHERE sent_at IS NULL ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let ever_sent: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM outbox)", [], |r| r.get(0))?;
        if waiting.is_empty() && !me.enrolled_seen && !ever_sent {
            let f = self.join_request()?;
            let dir = self.data_dir.clone();
            let id = self.write(|tx| {
                super::counters::record_sent(tx, dir.as_deref(), f.seq)?;
                tx.execute(
                    "INSERT INTO outbox (file_name, content, made_at) VALUES (?1, ?2, ?3)",
                    params![f.name, f.bytes, tx.clock.stamp()],
                )?;
                tx.audit("asked to join the forum", "member", Some(me.rep_id), "")?;
                Ok(tx.last_insert_rowid())
            })?;
            waiting.push((id, f.name, f.bytes));
        }
        Ok(waiting)
    }

    /// Marks an outbox file as handed over (saved or dropped in the exchange folder).
    pub(crate) fn outbox_sent(&mut self, id: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE outbox SET sent_at = ?2 WHERE id = ?1 AND sent_at IS NULL",
                params![id, tx.clock.stamp()],
            )?;
            Ok(())
        })
    }

    /// On a rep's computer: checks a forum update (the forum's signature, this forum, this
    /// computer, newer than the last applied) and applies it. Nothing changes unless every
    /// check passes.
    pub(crate) fn apply_forum_update(&mut self, bytes: &[u8]) -> Result<(String, String)> {
        let me = me(&self.conn)?;
        envelope::signer_of(bytes)?;
        envelope::check_trusted(bytes, &me.forum_certificate_pem).map_err(|e| match e {
            CoreError::Tampered(m) if m.contains("not signed by") => CoreError::Tampered(
                "This file was not signed by your forum, so nothing in it was used.".into(),
            ),
            other => other,
        })?;
        let (data, _): (UpdateData, _) = envelope::contents(bytes)?;
        if data.format != UPDATE_FORMAT {
            return Err(refused(
                "This file was made by a different version of Forum Desk and cannot be read here.",
            ));
        }
        if data.forum_uid != me.forum_uid {
            return Err(refused(
                "This update is for a different forum, so nothing was changed.",
            ));
        }
        let identity = me.identity()?;
        if data.to_computer != identity.fingerprint_sha256() {
            return Err(refused(
                "This update is addressed to another computer, so nothing was changed.",
            ));
        }
        let applied = super::counters::get(&self.conn, "applied")?;
        if data.seq <= applied {
            return Err(refused(&format!(
                "This update (number {}) is older than one already applied (number {applied}), so nothing was changed.",
                data.seq
            )));
        }
        let sha = sha256_hex(bytes);
        let today = self.today();
        self.write(|tx| {
            apply_state(tx, &data.state, today)?;
            super::counters::set(tx, "applied", data.seq)?;
            tx.execute("UPDATE rep_computer SET enrolled_seen = 1 WHERE id = 1", [])?;
            tx.execute(
                "INSERT OR IGNORE INTO exchange_seen (sha256, seen_at, outcome) VALUES (?1, ?2, 'applied')",
                params![sha, tx.clock.stamp()],
            )?;
            tx.audit("applied a forum update", "forum", Some(1), &format!("update {}", data.seq))
        })?;
        Ok((
            "applied".into(),
            format!(
                "Forum update {} applied: your claims and meetings are up to date.",
                data.seq
            ),
        ))
    }

    /// On a rep's computer: who it is, for its window.
    pub fn rep_computer_info(&self) -> Result<Option<RepComputerInfo>> {
        self.active_session()?;
        if !super::is_rep_computer(&self.conn)? {
            return Ok(None);
        }
        let me = me(&self.conn)?;
        let identity = me.identity()?;
        let forum_fp = forumdesk_export::certificate_summary(me.forum_certificate_pem.as_bytes())
            .map_err(crate::exports::export_error)?
            .1;
        Ok(Some(RepComputerInfo {
            forum_name: crate::forum::settings::forum(&self.conn)?.name,
            rep_id: me.rep_id,
            rep_name: self.conn.query_row(
                "SELECT name FROM members WHERE id = ?1",
                [me.rep_id],
                |r| r.get(0),
            )?,
            fingerprint: identity.fingerprint_sha256(),
            forum_fingerprint: forum_fp,
            enrolled: me.enrolled_seen,
            last_update: super::counters::get(&self.conn, "applied")?,
            waiting_to_send: self.conn.query_row(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL",
                [],
                |r| r.get(0),
            )?,
            exchange_folder: self
                .conn
                .query_row(
                    "SELECT path FROM exchange_folders WHERE rep_id = ?1",
                    [me.rep_id],
                    |r| r.get(0),
                )
                .optional()?,
        }))
    }

    /// On a rep's computer: the forum's view of each claim from the last update.
    pub fn forum_claims(&self) -> Result<Vec<ForumClaimView>> {
        self.active_session()?;
        let mut stmt = self.conn.prepare(
            "SELECT fc.funder_id, coalesce(f.name, ''), fc.month, fc.status, fc.with_forum, fc.total_pence,
                    fc.reason, fc.paid_on, fc.reference
             FROM forum_claims fc LEFT JOIN funders f ON f.id = fc.funder_id
             ORDER BY fc.month DESC, f.name",
        )?;
        let list = stmt.query_map([], |r| {
            let status: String = r.get(3)?;
            let with_forum: bool = r.get(4)?;
            Ok(ForumClaimView {
                funder_id: r.get(0)?,
                funder_name: r.get(1)?,
                month: r.get(2)?,
                status: if with_forum {
                    "with_forum".into()
                } else {
                    status
                },
                total_pence: r.get(5)?,
                reason: r.get(6)?,
                paid_on: r.get(7)?,
                reference: r.get(8)?,
            })
        })?;
        Ok(list.collect::<rusqlite::Result<_>>()?)
    }
}
