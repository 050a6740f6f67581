//! The forum laptop's side: what a rep's computer should know (their state), checking and
//! importing the rep's signed claim files, enrolling a computer from its first file, and the
//! signed forum update for each rep's computer.

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use rusqlite::{params, Connection, OptionalExtension};
use sha2::Sha256;

use super::envelope::{self, refused};
use super::lines_io;
use super::model::{
    ClaimFileData, Enrolment, FileClaim, ForumClaim, RepState, UpdateData, CLAIM_FORMAT,
    UPDATE_FORMAT,
};
use super::rows::{select, select_one};
use crate::claims::entry::build_line;
use crate::claims::kinds::ClaimStatus;
use crate::claims::receipts::CheckedReceipt;
use crate::claims::records::ClaimRow;
use crate::store::{CoreError, Result, Store, Tx};
use crate::text::{dates, hex, sha256_hex};

/// What a rep's computer should know, complete: the forum, their own record, funders,
/// policies, their groups and those groups' meetings from three months back to three ahead
/// (never other attendees, items or notes), the forum's view of each of their claims, and the
/// car miles the forum holds for them outside that computer. `handing_over` adds the lines
/// and receipts of claims the computer is to edit.
pub(crate) fn state_for(
    conn: &Connection,
    rep_id: i64,
    today: NaiveDate,
    handing_over: bool,
) -> Result<RepState> {
    let from = dates::iso(dates::months_before(today, 3));
    let to = dates::iso(today + chrono::Months::new(3));
    let mut state = RepState {
        forum: select_one(
            conn,
            "SELECT name, address, charity_number, payment_terms, declaration, uid FROM forum WHERE id = 1",
            [],
        )?,
        member: select_one(
            conn,
            "SELECT id, name, known_as, email, phone, postcode, joined_on, status FROM members WHERE id = ?1",
            [rep_id],
        )?,
        rep: select_one(conn, "SELECT * FROM reps WHERE member_id = ?1", [rep_id])?,
        funders: select(conn, "SELECT id, name, cost_code FROM funders ORDER BY id", [])?,
        policies: select(conn, "SELECT * FROM policies ORDER BY effective_from", [])?,
        groups: select(
            conn,
            "SELECT g.id, g.name, g.kind, g.funder_id FROM groups g
             JOIN group_reps gr ON gr.group_id = g.id WHERE gr.member_id = ?1 ORDER BY g.id",
            [rep_id],
        )?,
        group_reps: select(
            conn,
            "SELECT group_id, member_id FROM group_reps WHERE member_id = ?1",
            [rep_id],
        )?,
        // Meetings of their groups in the window, and any older one a line on their computer
        // already names.
        meetings: select(
            conn,
            "SELECT m.id, m.group_id, m.title, m.starts_at, m.ends_at, m.place, m.online_link
             FROM meetings m JOIN group_reps gr ON gr.group_id = m.group_id AND gr.member_id = ?1
             WHERE (substr(m.starts_at, 1, 10) BETWEEN ?2 AND ?3)
                OR m.id IN (SELECT l.meeting_id FROM claim_lines l JOIN claims c ON c.id = l.claim_id
                            WHERE c.rep_id = ?1 AND (c.with_rep = 1 OR c.revision > 0))
             ORDER BY m.starts_at",
            params![rep_id, from, to],
        )?,
        claims: Vec::new(),
        carried_car_miles: carried(conn, rep_id, today)?,
        carried_recognition: carried_recognition(conn, rep_id, today)?,
    };
    let mut stmt = conn.prepare(
        "SELECT c.id, c.funder_id, c.month, c.status, c.revision, c.with_rep,
                coalesce((SELECT sum(amount_pence) FROM claim_lines WHERE claim_id = c.id), 0),
                c.returned_reason, c.submitted_at, c.approved_at, c.paid_on, c.payment_reference
         FROM claims c WHERE c.rep_id = ?1 ORDER BY c.month, c.funder_id",
    )?;
    let list = stmt
        .query_map([rep_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ForumClaim {
                    funder_id: r.get(1)?,
                    month: r.get(2)?,
                    status: r.get(3)?,
                    revision: r.get(4)?,
                    with_rep: r.get(5)?,
                    total_pence: r.get(6)?,
                    reason: r.get(7)?,
                    submitted_at: r.get(8)?,
                    approved_at: r.get(9)?,
                    paid_on: r.get(10)?,
                    reference: r.get(11)?,
                    lines: Vec::new(),
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, mut claim) in list {
        if claim.with_rep && (handing_over || claim.revision == 0) {
            for (line_id, l) in lines_io::claim_lines(conn, id)? {
                claim
                    .lines
                    .push(lines_io::file_line(conn, line_id, &l, true)?.0);
            }
        }
        state.claims.push(claim);
    }
    Ok(state)
}

/// A claim `c` of the rep's that is not on their computer: typed in here, or taken back. The
/// others (being edited there, or sent from there and not taken back) are counted there.
const NOT_ON_REPS_COMPUTER: &str =
    "NOT (c.with_rep = 1 OR (c.revision > 0 AND c.taken_back_at IS NULL))";

/// Car miles (tenths) per tax year, this one and last, in the rep's claims that are not on
/// their computer (typed here, or taken back), for the band on their computer.
fn carried(conn: &Connection, rep_id: i64, today: NaiveDate) -> Result<Vec<(String, i64)>> {
    let this = dates::tax_year_start(today);
    let last = dates::tax_year_start(this - chrono::Duration::days(1));
    let sql = format!(
        "SELECT coalesce(sum(l.miles_tenths), 0) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
         WHERE c.rep_id = ?1 AND l.kind = 'mileage' AND l.vehicle = 'car'
           AND l.line_date >= ?2 AND l.line_date < ?3 AND {NOT_ON_REPS_COMPUTER}"
    );
    let mut out = Vec::new();
    for start in [last, this] {
        let end = dates::iso(start + chrono::Months::new(12));
        let tenths: i64 =
            conn.query_row(&sql, params![rep_id, dates::iso(start), end], |r| r.get(0))?;
        out.push((dates::iso(start), tenths));
    }
    Ok(out)
}

/// Recognition payments by the month they count in for Carer's Allowance (the forum's own
/// rule, `COUNTED_LINES`), from the start of last tax year, in the rep's claims that are not
/// on their computer, so the check there sees every claim.
fn carried_recognition(
    conn: &Connection,
    rep_id: i64,
    today: NaiveDate,
) -> Result<Vec<(String, i64)>> {
    let this = dates::tax_year_start(today);
    let from = dates::tax_year_start(this - chrono::Duration::days(1));
    let mut stmt = conn.prepare(&format!(
        "SELECT substr(counted_on, 1, 7) AS month, sum(amount_pence)
         FROM ({}) WHERE kind = 'time' AND counted_on >= ?3
           AND claim_id IN (SELECT c.id FROM claims c WHERE {NOT_ON_REPS_COMPUTER})
         GROUP BY month ORDER BY month",
        crate::money::carers::COUNTED_LINES
    ))?;
    let rows = stmt.query_map(params![rep_id, None::<i64>, dates::iso(from)], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The proof a rep's first file carries: HMAC-SHA-256 under the invitation's enrolment
/// secret over the forum's id, the invitation's id and the computer's certificate
/// fingerprint (its public key), hex.
pub(crate) fn enrolment_proof(
    secret_hex: &str,
    forum_uid: &str,
    invitation_id: &str,
    certificate_pem: &str,
) -> Result<String> {
    Ok(hex(&proof_mac(
        secret_hex,
        forum_uid,
        invitation_id,
        certificate_pem,
    )?
    .finalize()
    .into_bytes()))
}

/// Whether `proof_hex` is the proof for this invitation and certificate, compared in
/// constant time.
fn proof_matches(
    secret_hex: &str,
    forum_uid: &str,
    invitation_id: &str,
    certificate_pem: &str,
    proof_hex: &str,
) -> Result<bool> {
    let Some(given) = crate::text::from_hex(proof_hex) else {
        return Ok(false);
    };
    Ok(
        proof_mac(secret_hex, forum_uid, invitation_id, certificate_pem)?
            .verify_slice(&given)
            .is_ok(),
    )
}

fn proof_mac(
    secret_hex: &str,
    forum_uid: &str,
    invitation_id: &str,
    certificate_pem: &str,
) -> Result<Hmac<Sha256>> {
    let secret = crate::text::from_hex(secret_hex)
        .ok_or_else(|| CoreError::Database("an enrolment secret is damaged".into()))?;
    let key = forumdesk_export::TrustedCertificate::from_pem_or_der(certificate_pem.as_bytes())
        .map_err(|_| refused("The certificate in this file cannot be read."))?;
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&secret)
        .map_err(|_| CoreError::Database("an enrolment secret is damaged".into()))?;
    for part in [forum_uid, invitation_id, key.fingerprint()] {
        mac.update(part.as_bytes());
        mac.update(&[0x1f]);
    }
    Ok(mac)
}

/// The computer a file came from, once it is known to be enrolled and current.
struct Sender {
    computer_id: i64,
    rep_id: i64,
    enrolled_now: bool,
}

impl Store {
    /// Checks and imports one file from a rep's computer. Nothing changes unless every check
    /// passes; the answer is one plain sentence either way.
    pub(crate) fn import_claim_file(&mut self, bytes: &[u8]) -> Result<(String, String)> {
        let identity = self
            .require_officer("import claim files from reps' computers")?
            .clone();
        let signer = envelope::signer_of(bytes)?;
        let known: Option<(i64, i64, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, rep_id, certificate_pem, retired_why FROM rep_computers WHERE fingerprint = ?1",
                [&signer.fingerprint],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let data: ClaimFileData;
        let attachments;
        let mut enrol: Option<Enrolment> = None;
        match &known {
            Some((_, rep_id, _, Some(why))) => {
                let name = member_name(&self.conn, *rep_id)?;
                return Err(refused(&format!(
                    "This file comes from a computer of {name}'s that was {} here, so nothing in it was used.",
                    if why == "removed" { "removed" } else { "replaced by a newer one" }
                )));
            }
            Some((_, _, pem, None)) => {
                envelope::check_trusted(bytes, pem)?;
                (data, attachments) = envelope::contents(bytes)?;
            }
            None => {
                (data, attachments) = envelope::contents(bytes)?;
                let e = data.enrolment.clone().ok_or_else(|| {
                    refused("This file comes from a computer this forum does not know, so nothing in it was used.")
                })?;
                // The certificate the file names must be the one that signed it.
                envelope::check_trusted(bytes, &e.certificate_pem)?;
                enrol = Some(e);
            }
        }
        let forum_uid = crate::forum::settings::forum_uid(&self.conn)?;
        if data.format != CLAIM_FORMAT {
            return Err(refused(
                "This file was made by a different version of Forum Desk and cannot be read here.",
            ));
        }
        if data.forum_uid != forum_uid {
            return Err(refused(
                "This file is for a different forum, so nothing in it was used.",
            ));
        }
        if data.from_computer != signer.fingerprint {
            return Err(CoreError::Tampered(
                "This file names a different computer from the one that signed it, so nothing in it was used.".into(),
            ));
        }
        let now = self.clock.stamp();
        let sha = sha256_hex(bytes);
        let rep_name = member_name(&self.conn, data.rep_id)?;
        // Checks that need no writing come first, so a refusal changes nothing.
        let enrol_rep = match &enrol {
            Some(e) => Some(check_enrolment(&self.conn, e, &data, &forum_uid, &now)?),
            None => None,
        };
        self.still_a_rep(data.rep_id, &rep_name)?;
        let claim_plan = match &data.claim {
            Some(c) => Some(self.plan_claim(data.rep_id, c, &rep_name)?),
            None => None,
        };
        let stamp = now.clone();
        let outcome = self.write(|tx| {
            let sender = match (&known, &enrol) {
                (Some((id, rep_id, _, None)), _) => Sender {
                    computer_id: *id,
                    rep_id: *rep_id,
                    enrolled_now: false,
                },
                (_, Some(e)) => enrol_computer(
                    tx,
                    &identity,
                    e,
                    enrol_rep.unwrap_or(data.rep_id),
                    &signer.fingerprint,
                    &stamp,
                )?,
                _ => unreachable!("a file is from a known computer or carries an enrolment"),
            };
            if sender.rep_id != data.rep_id {
                return Err(CoreError::Tampered(
                    "This file names a different rep from the computer that signed it, so nothing in it was used.".into(),
                ));
            }
            tx.execute(
                "UPDATE rep_computers SET last_seq = max(last_seq, ?2) WHERE id = ?1",
                params![sender.computer_id, data.seq],
            )?;
            let mut message = if sender.enrolled_now {
                format!(
                    "{rep_name}'s computer joined the forum (fingerprint {}). Read it back to them on the phone.",
                    signer.fingerprint
                )
            } else {
                String::new()
            };
            let mut outcome = if sender.enrolled_now { "enrolled" } else { "already" };
            if let (Some(claim), Some(plan)) = (&data.claim, &claim_plan) {
                let (o, m) = apply_claim(tx, &sender, claim, plan, &attachments, bytes, &sha, &rep_name)?;
                outcome = o;
                message = if message.is_empty() { m } else { format!("{message} {m}") };
            } else if !sender.enrolled_now {
                message = format!("{rep_name}'s computer is already part of the forum; this file had no claim in it.");
            }
            tx.execute(
                "INSERT INTO exchange_seen (sha256, seen_at, outcome) VALUES (?1, ?2, ?3)",
                params![sha, stamp, outcome],
            )?;
            Ok((outcome.to_string(), message))
        })?;
        self.backup_requested = true;
        Ok(outcome)
    }

    /// Refuses a file from someone who no longer holds the rep role.
    fn still_a_rep(&self, rep_id: i64, name: &str) -> Result<()> {
        let ok: bool = self
            .conn
            .query_row(
                "SELECT r.is_rep = 1 AND r.active = 1 AND m.erased_on IS NULL
                 FROM reps r JOIN members m ON m.id = r.member_id WHERE r.member_id = ?1",
                [rep_id],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        if !ok {
            return Err(refused(&format!(
                "{name} is no longer an active representative, so their claim file was not used."
            )));
        }
        Ok(())
    }

    /// Whether a claim file may replace what the forum holds for that claim.
    fn plan_claim(&self, rep_id: i64, c: &FileClaim, rep_name: &str) -> Result<ClaimPlan> {
        let funder: Option<String> = self
            .conn
            .query_row(
                "SELECT name FROM funders WHERE id = ?1",
                [c.funder_id],
                |r| r.get(0),
            )
            .optional()?;
        if funder.is_none() {
            return Err(refused(
                "This claim is for a funder the forum no longer has, so nothing in it was used.",
            ));
        }
        crate::claims::records::normalise_month("month", &c.month)
            .map_err(|_| refused("This claim file names a month that cannot be read."))?;
        let existing: Option<(i64, String, i64, bool, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, status, revision, with_rep, taken_back_at FROM claims WHERE rep_id = ?1 AND funder_id = ?2 AND month = ?3",
                params![rep_id, c.funder_id, c.month],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .optional()?;
        let what = format!(
            "{rep_name}'s {} claim for {}",
            funder.unwrap_or_default(),
            dates::month_label(&c.month)
        );
        if c.revision <= 0 {
            return Err(refused("This claim file has no version number."));
        }
        match existing {
            None => Ok(ClaimPlan {
                claim_id: None,
                what,
            }),
            Some((id, status, revision, with_rep, taken_back)) => {
                if c.revision <= revision {
                    return Err(refused(&format!(
                        "This is an older version of {what} than one already received (version {} after version {revision}), so nothing was changed.",
                        c.revision
                    )));
                }
                let status = ClaimStatus::from_text(&status).unwrap_or(ClaimStatus::Draft);
                if status.is_frozen() {
                    return Err(refused(&format!(
                        "{what} has already been approved, so this file changed nothing."
                    )));
                }
                if status == ClaimStatus::Submitted {
                    return Err(refused(&format!(
                        "{what} is already waiting for approval; ask the forum to return it before sending a new version."
                    )));
                }
                if !with_rep {
                    if let Some(at) = taken_back {
                        return Err(refused(&format!(
                            "The forum took {what} back on {} to enter it on the forum laptop, so this file changed nothing.",
                            dates::uk_stamp(&at)
                        )));
                    }
                    if revision == 0 {
                        return Err(refused(&format!(
                            "{what} is being entered on the forum laptop, so this file changed nothing."
                        )));
                    }
                }
                Ok(ClaimPlan {
                    claim_id: Some(id),
                    what,
                })
            }
        }
    }

    /// Writes a signed forum update for every rep's current computer whose state changed
    /// since its last update (or that has never had one). Returns (rep id, file name, bytes).
    pub(crate) fn forum_updates(&mut self) -> Result<Vec<(i64, String, Vec<u8>)>> {
        let identity = self
            .require_officer("send updates to reps' computers")?
            .clone();
        self.require_forum_laptop()?;
        let computers: Vec<(i64, i64, String, String)> = self
            .conn
            .prepare(
                "SELECT c.id, c.rep_id, c.fingerprint, m.name FROM rep_computers c
                 JOIN members m ON m.id = c.rep_id WHERE c.retired_at IS NULL ORDER BY c.id",
            )?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let signer = self.acting_person()?.name;
        let forum_uid = crate::forum::settings::forum_uid(&self.conn)?;
        let forum_name = crate::forum::settings::forum(&self.conn)?.name;
        let mut out = Vec::new();
        for (computer_id, rep_id, fingerprint, rep_name) in computers {
            let state = state_for(&self.conn, rep_id, self.today(), false)?;
            let state_hash = sha256_hex(
                &serde_json::to_vec(&state).map_err(|e| CoreError::Database(e.to_string()))?,
            );
            let key = format!("update_state:{computer_id}");
            if self.setting(&key)?.as_deref() == Some(state_hash.as_str()) {
                continue;
            }
            let dir = self.data_dir.clone();
            let seq = super::counters::next_sent(&self.conn, dir.as_deref())?;
            let made_at = self.clock.stamp();
            let data = UpdateData {
                format: UPDATE_FORMAT.into(),
                forum_uid: forum_uid.clone(),
                to_computer: fingerprint.clone(),
                seq,
                made_at: made_at.clone(),
                state,
            };
            let readable = forumdesk_export::render_notice(&forumdesk_export::Notice {
                title: format!("Forum update for {rep_name}"),
                footer: format!("{forum_name} · forum update {seq}"),
                paragraphs: vec![
                    format!("This file brings {rep_name}'s copy of Forum Desk up to date with {forum_name}: their claims and where each has got to, their groups' meetings and the forum's payment rates."),
                    "Open it in Forum Desk on their own computer (Claims → Check for files, or Receive a file). It only works on the computer it is addressed to.".into(),
                ],
                details: vec![
                    ("For the computer".into(), fingerprint.clone()),
                    ("Update number".into(), seq.to_string()),
                    ("Made".into(), dates::uk_stamp(&made_at)),
                ],
                made_at: self.now_utc(),
                signature_panel: None,
            })
            .map_err(crate::exports::export_error)?;
            let bytes = envelope::seal(
                &readable,
                &data,
                Vec::new(),
                &identity,
                &signer,
                &format!("Forum update {seq} for {rep_name}"),
                self.now_utc(),
            )?;
            self.write(|tx| {
                super::counters::record_sent(tx, dir.as_deref(), seq)?;
                tx.execute(
                    "INSERT INTO settings (name, value) VALUES (?1, ?2)
                     ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    params![key, state_hash],
                )?;
                tx.audit(
                    "sent a forum update to a rep's computer",
                    "member",
                    Some(rep_id),
                    &format!("update {seq}"),
                )
            })?;
            let name = super::folder::file_name(&format!("Forum update {seq:06} for {rep_name}"));
            out.push((rep_id, name, bytes));
        }
        Ok(out)
    }
}

struct ClaimPlan {
    claim_id: Option<i64>,
    what: String,
}

fn member_name(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT CASE WHEN erased_on IS NULL THEN name ELSE anon_ref END FROM members WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| "A rep".into()))
}

/// Enrols the computer that signed a rep's first file, if its invitation allows: this forum,
/// this rep, not used, not expired, and the proof made with the invitation's secret over
/// this computer's key. Retires the rep's previous computer.
fn check_enrolment(
    conn: &Connection,
    e: &Enrolment,
    data: &ClaimFileData,
    forum_uid: &str,
    now: &str,
) -> Result<i64> {
    let inv: Option<(i64, String, String, Option<String>)> = conn
        .query_row(
            "SELECT rep_id, secret, expires_at, used_at FROM rep_invitations WHERE id = ?1",
            [&e.invitation_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let (rep_id, secret, expires_at, used_at) = inv.ok_or_else(|| {
        refused("This file answers an invitation this forum never made, so nothing in it was used.")
    })?;
    let ok = proof_matches(
        &secret,
        forum_uid,
        &e.invitation_id,
        &e.certificate_pem,
        &e.proof,
    )?;
    if !ok || rep_id != data.rep_id {
        return Err(CoreError::Tampered(
            "This file does not prove it comes from the invited rep's computer, so nothing in it was used.".into(),
        ));
    }
    if used_at.is_some() {
        return Err(refused(
            "This invitation has already been used to join, so this computer was not enrolled. Ask the chair for a new invitation.",
        ));
    }
    if now > expires_at.as_str() {
        return Err(refused(&format!(
            "This invitation expired on {}, so this computer was not enrolled. Ask the chair for a new invitation.",
            dates::uk_stamp(&expires_at)
        )));
    }
    Ok(rep_id)
}

/// Enrols the computer that signed a rep's first file (its invitation already checked by
/// [`check_enrolment`]), retiring the rep's previous computer.
fn enrol_computer(
    tx: &Tx,
    identity: &forumdesk_export::ForumIdentity,
    e: &Enrolment,
    rep_id: i64,
    fingerprint: &str,
    now: &str,
) -> Result<Sender> {
    tx.execute(
        "UPDATE rep_computers SET retired_at = ?2, retired_why = 'replaced' WHERE rep_id = ?1 AND retired_at IS NULL",
        params![rep_id, now],
    )?;
    tx.execute(
        "INSERT INTO rep_computers (rep_id, invitation_id, certificate_pem, fingerprint, enrolled_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![rep_id, e.invitation_id, e.certificate_pem, fingerprint, now],
    )?;
    let computer_id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE rep_invitations SET used_at = ?2 WHERE id = ?1",
        params![e.invitation_id, now],
    )?;
    tx.audit_signed(
        identity,
        "enrolled a rep's computer",
        "member",
        Some(rep_id),
        fingerprint,
    )?;
    Ok(Sender {
        computer_id,
        rep_id,
        enrolled_now: true,
    })
}

/// Replaces the claim's lines with the file's, each worked out again here by the forum's
/// rules as they stood at the signed time of submission. Amounts that differ only because
/// the rates changed since send the claim back to the rep with the reason; any other
/// difference refuses the file.
#[allow(clippy::too_many_arguments)]
fn apply_claim(
    tx: &Tx,
    sender: &Sender,
    c: &FileClaim,
    plan: &ClaimPlan,
    attachments: &[forumdesk_export::Attachment],
    bytes: &[u8],
    sha: &str,
    rep_name: &str,
) -> Result<(&'static str, String)> {
    let submitted = dates::parse_datetime("submitted_at", &c.submitted_at)
        .map_err(|_| refused("This claim file's time of submission cannot be read."))?;
    if submitted.date() > tx.clock.today() + chrono::Duration::days(1) {
        return Err(refused(
            "This claim file says it was submitted in the future; check the date on the rep's computer.",
        ));
    }
    let claim_id = match plan.claim_id {
        Some(id) => id,
        None => {
            tx.execute(
                "INSERT INTO claims (rep_id, funder_id, month) VALUES (?1, ?2, ?3)",
                params![sender.rep_id, c.funder_id, c.month],
            )?;
            tx.last_insert_rowid()
        }
    };
    tx.execute(
        "DELETE FROM receipt_print_copies WHERE receipt_id IN
           (SELECT r.id FROM receipts r JOIN claim_lines l ON l.id = r.line_id WHERE l.claim_id = ?1)",
        [claim_id],
    )?;
    tx.execute(
        "DELETE FROM receipts WHERE line_id IN (SELECT id FROM claim_lines WHERE claim_id = ?1)",
        [claim_id],
    )?;
    tx.execute("DELETE FROM claim_lines WHERE claim_id = ?1", [claim_id])?;
    let row = ClaimRow {
        id: claim_id,
        rep_id: sender.rep_id,
        funder_id: c.funder_id,
        month: c.month.clone(),
        status: ClaimStatus::Draft,
    };
    let mut changed_rates = Vec::new();
    let stamp = tx.clock.stamp();
    for (n, fl) in c.lines.iter().enumerate() {
        let line = build_line(tx, &row, &fl.input, None, submitted.date()).map_err(|e| {
            refused(&format!(
                "Line {} of this claim file breaks the forum's rules ({}), so nothing in it was used.",
                n + 1,
                e.messages().join(" ")
            ))
        })?;
        if line.amount_pence != fl.amount_pence {
            let ours = lines_io::policy_from(tx, &line)?;
            let rates_differ = ours != fl.policy_from
                || line.rate_pence != fl.rate_pence
                || line.first_band_tenths != fl.first_band_tenths
                || line.cap_pence != fl.cap_pence;
            if !rates_differ {
                return Err(CoreError::Tampered(format!(
                    "Line {} of this claim file says {} but the forum's rules make it {}, so nothing in it was used.",
                    n + 1,
                    crate::text::format_pence(fl.amount_pence),
                    crate::text::format_pence(line.amount_pence)
                )));
            }
            changed_rates.push(format!(
                "line {} ({} by the rates on your computer, {} by the forum's rates now)",
                n + 1,
                crate::text::format_pence(fl.amount_pence),
                crate::text::format_pence(line.amount_pence)
            ));
        }
        let line_id = crate::claims::lines::insert(tx, claim_id, None, &line)?;
        for r in &fl.receipts {
            let a = attachments
                .iter()
                .find(|a| a.name == r.attachment)
                .filter(|a| sha256_hex(&a.bytes) == r.sha256)
                .ok_or_else(|| {
                    CoreError::Tampered(format!(
                        "A receipt for line {} is missing from this claim file or does not match it, so nothing in it was used.",
                        n + 1
                    ))
                })?;
            CheckedReceipt::new(&r.file_name, &a.bytes)
                .map_err(|e| {
                    refused(&format!(
                        "A receipt for line {}: {}",
                        n + 1,
                        e.messages().join(" ")
                    ))
                })?
                .insert(tx, line_id, &stamp)?;
        }
    }
    if c.lines.is_empty() {
        return Err(refused("This claim file has no lines in it."));
    }
    let (status, outcome, message) = if changed_rates.is_empty() {
        (
            "submitted",
            "imported",
            format!(
                "{} (version {}) is now waiting for approval.",
                plan.what, c.revision
            ),
        )
    } else {
        (
            "returned",
            "returned",
            format!(
                "{} was made with rates that have changed since, so it has been returned to {rep_name} to check: {}.",
                plan.what,
                changed_rates.join("; ")
            ),
        )
    };
    let reason = (!changed_rates.is_empty()).then(|| {
        format!(
            "The forum's payment rates changed after this claim was made, so some amounts are different now: {}. Please check the claim and send it again.",
            changed_rates.join("; ")
        )
    });
    tx.execute(
        "UPDATE claims SET status = ?2, declaration = ?3, submitted_at = ?4, submitted_by = ?5,
                revision = ?6, with_rep = ?7, taken_back_at = NULL,
                returned_reason = ?8, returned_by = CASE WHEN ?8 IS NULL THEN NULL ELSE ?9 END,
                returned_at = CASE WHEN ?8 IS NULL THEN NULL ELSE ?10 END
         WHERE id = ?1",
        params![
            claim_id,
            status,
            c.declaration,
            c.submitted_at,
            sender.rep_id,
            c.revision,
            reason.is_some(),
            reason,
            tx.actor,
            stamp
        ],
    )?;
    tx.execute(
        "INSERT INTO claim_files (claim_id, computer_id, revision, sha256, content, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![claim_id, sender.computer_id, c.revision, sha, bytes, stamp],
    )?;
    tx.audit(
        "imported a signed claim file",
        "claim",
        Some(claim_id),
        &format!("version {}, {outcome}", c.revision),
    )?;
    Ok((outcome, message))
}
