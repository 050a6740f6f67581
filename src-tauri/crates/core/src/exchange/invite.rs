//! The forum laptop's side of joining: an invitation for one rep, encrypted with a code the
//! chair tells the rep another way; the list of reps' computers and removing one; and where
//! each claim is edited (with the rep, or taken back by the chair).

use std::path::Path;

use chrono::Duration;
use rusqlite::{params, Connection, OptionalExtension};

use super::model::{Invitation, InvitationPayload, RepComputer, INVITATION_FORMAT};
use crate::signin::{crypto_unwrap, crypto_wrap, KdfParams};
use crate::store::{private_file, CoreError, Result, Store};
use crate::text::{dates, hex};

/// The first line of every invitation file.
pub(crate) const INVITATION_MAGIC: &[u8] = b"FORUM DESK INVITATION 1\n";
/// An invitation lasts this many days unless the forum says otherwise (Settings).
pub(crate) const DEFAULT_INVITATION_DAYS: i64 = 14;

/// How an invitation's key is derived from its code: stored in the file beside the salt.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct InvitationHeader {
    pub kdf: KdfParams,
    pub salt: String,
}

impl Store {
    /// Makes an invitation for one rep to use Forum Desk on their own computer, written to
    /// `out`. Their draft and returned claims go with it and are read-only here from now on.
    /// The code is shown once; it is not kept anywhere.
    pub fn rep_invite(&mut self, rep_id: i64, out: &Path) -> Result<Invitation> {
        self.require_officer("invite a rep to use their own computer")?;
        self.require_forum_laptop()?;
        let rep = crate::reps::records::rep(&self.conn, rep_id)
            .map_err(|_| CoreError::invalid("rep_id", "Choose a representative to invite."))?;
        let name: String = self.conn.query_row(
            "SELECT name FROM members WHERE id = ?1 AND erased_on IS NULL",
            [rep_id],
            |r| r.get(0),
        )?;
        if !rep.active {
            return Err(CoreError::invalid(
                "rep_id",
                format!("{name} is not an active representative, so they cannot be invited."),
            ));
        }
        let days = self.invitation_days()?;
        let now = self.clock.now();
        let expires_at = (now + Duration::days(days))
            .format("%Y-%m-%dT%H:%M:%S")
            .to_string();
        let invitation_id = hex(&crate::signin::random_bytes::<16>());
        let secret = hex(&crate::signin::random_bytes::<32>());
        let code = crate::signin::new_one_time_code();
        // The rep's drafts and returned claims go to their computer with the invitation.
        let handed = self.write(|tx| {
            let n = tx.execute(
                "UPDATE claims SET with_rep = 1, taken_back_at = NULL
                 WHERE rep_id = ?1 AND status IN ('draft', 'returned')
                   AND NOT EXISTS (SELECT 1 FROM claim_lines l WHERE l.claim_id = claims.id AND l.reverses_line_id IS NOT NULL)",
                [rep_id],
            )?;
            tx.execute(
                "INSERT INTO rep_invitations (id, rep_id, secret, created_by, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![invitation_id, rep_id, secret, tx.actor, tx.clock.stamp(), expires_at],
            )?;
            tx.audit(
                "invited a rep to use their own computer",
                "member",
                Some(rep_id),
                &format!("invitation {invitation_id}, expires {expires_at}, {n} claims handed over"),
            )?;
            Ok(n)
        })?;
        let payload = InvitationPayload {
            format: INVITATION_FORMAT.into(),
            invitation_id,
            enrolment_secret: secret,
            expires_at: expires_at.clone(),
            forum_uid: crate::forum::settings::forum_uid(&self.conn)?,
            forum_certificate_pem: crate::forum::settings::certificate_pem(&self.conn)?,
            rep_id,
            rep_name: name.clone(),
            state: super::forum_side::state_for(&self.conn, rep_id, self.today(), true)?,
        };
        let bytes = seal_invitation(&payload, &code, self.kdf)?;
        private_file::write_atomic(out, &bytes)?;
        Ok(Invitation {
            path: out.display().to_string(),
            code: code.to_string(),
            rep_name: name,
            expires: dates::uk_stamp(&expires_at),
            claims_handed_over: handed,
        })
    }

    /// The representative `name` names (their name or email, in any case: compared here,
    /// not by SQLite, whose NOCASE folds only ASCII letters and would miss "łukasz").
    pub fn rep_named(&self, name: &str) -> Result<i64> {
        self.active_session()?;
        let wanted = name.trim().to_lowercase();
        let mut stmt = self.conn.prepare(
            "SELECT m.id, m.name, m.email FROM members m JOIN reps r ON r.member_id = m.id
             WHERE m.erased_on IS NULL ORDER BY r.active DESC, m.id",
        )?;
        let reps = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        reps.into_iter()
            .find(|(_, n, e)| {
                n.to_lowercase() == wanted || (!e.is_empty() && e.to_lowercase() == wanted)
            })
            .map(|(id, _, _)| id)
            .ok_or_else(|| {
                CoreError::invalid(
                    "rep",
                    format!("There is no representative called \"{}\".", name.trim()),
                )
            })
    }

    /// Days an invitation lasts (Settings; 14 unless changed).
    pub fn invitation_days(&self) -> Result<i64> {
        Ok(self
            .setting("invitation_days")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_INVITATION_DAYS))
    }

    /// Changes how many days a new invitation lasts (1 to 90).
    pub fn invitation_days_save(&mut self, days: &str) -> Result<i64> {
        self.require_officer("change how long invitations last")?;
        let n = crate::text::parse_whole("invitation_days", days, "days", 1, 90)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (name, value) VALUES ('invitation_days', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [n.to_string()],
            )?;
            tx.audit(
                "changed how long invitations last",
                "forum",
                Some(1),
                &format!("{n} days"),
            )
        })?;
        Ok(n)
    }

    /// Every rep's computer the forum has known, current ones first.
    pub fn rep_computers(&self) -> Result<Vec<RepComputer>> {
        self.require_officer("see reps' computers")?;
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.rep_id, m.name, c.fingerprint, c.enrolled_at, coalesce(c.retired_why, 'current')
             FROM rep_computers c JOIN members m ON m.id = c.rep_id
             ORDER BY c.retired_at IS NOT NULL, m.name COLLATE NOCASE, c.id DESC",
        )?;
        let list = stmt.query_map([], |r| {
            Ok(RepComputer {
                id: r.get(0)?,
                rep_id: r.get(1)?,
                rep_name: r.get(2)?,
                fingerprint: r.get(3)?,
                enrolled_at: r.get(4)?,
                state: r.get(5)?,
            })
        })?;
        Ok(list.collect::<rusqlite::Result<_>>()?)
    }

    /// Removes a rep's computer: its files are refused from now on, and the claims it was
    /// editing come back to the forum laptop.
    pub fn rep_computer_remove(&mut self, computer_id: i64) -> Result<()> {
        let identity = self.require_officer("remove a rep's computer")?.clone();
        let rep_id: Option<i64> = self
            .conn
            .query_row(
                "SELECT rep_id FROM rep_computers WHERE id = ?1 AND retired_at IS NULL",
                [computer_id],
                |r| r.get(0),
            )
            .optional()?;
        let rep_id = rep_id.ok_or_else(|| {
            CoreError::NotFound("That computer has already been removed or replaced.".into())
        })?;
        self.write(|tx| {
            tx.execute(
                "UPDATE rep_computers SET retired_at = ?2, retired_why = 'removed' WHERE id = ?1",
                params![computer_id, tx.clock.stamp()],
            )?;
            // Unused invitations for the rep go too: removing means no computer at all.
            tx.execute(
                "UPDATE rep_invitations SET used_at = ?2 WHERE rep_id = ?1 AND used_at IS NULL",
                params![rep_id, tx.clock.stamp()],
            )?;
            tx.execute(
                "UPDATE claims SET with_rep = 0 WHERE rep_id = ?1 AND with_rep = 1",
                [rep_id],
            )?;
            tx.audit_signed(
                &identity,
                "removed a rep's computer",
                "member",
                Some(rep_id),
                &format!("computer {computer_id}"),
            )
        })
    }

    /// The chair takes a claim back from the rep's computer to type it in here (a paper
    /// claim, say). The next forum update tells the rep's computer.
    pub fn claim_take_back(&mut self, claim_id: i64) -> Result<crate::model::ClaimView> {
        self.require_officer("take a claim back from a rep's computer")?;
        let with_rep: bool = self
            .conn
            .query_row(
                "SELECT with_rep FROM claims WHERE id = ?1",
                [claim_id],
                |r| r.get(0),
            )
            .optional()?
            .ok_or_else(|| CoreError::NotFound("That claim is not there any more.".into()))?;
        if !with_rep {
            return Err(CoreError::Locked(
                "This claim is already on this computer.".into(),
            ));
        }
        self.write(|tx| {
            tx.execute(
                "UPDATE claims SET with_rep = 0, taken_back_at = ?2 WHERE id = ?1",
                params![claim_id, tx.clock.stamp()],
            )?;
            tx.audit(
                "took a claim back from the rep's computer",
                "claim",
                Some(claim_id),
                "",
            )
        })?;
        self.claim_get(claim_id)
    }

    /// Refuses on a rep's own computer: some things happen only on the forum laptop.
    pub(crate) fn require_forum_laptop(&self) -> Result<()> {
        if is_rep_computer(&self.conn)? {
            return Err(CoreError::NotAllowed(
                "This is done on the forum's laptop, not on a rep's own computer.".into(),
            ));
        }
        Ok(())
    }
}

/// True in a rep's own data folder.
pub(crate) fn is_rep_computer(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM rep_computer WHERE id = 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Whether a rep uses their own computer now (a current one, or an invitation not yet used
/// or expired), so new claims for them are edited there.
pub(crate) fn rep_has_computer(conn: &Connection, rep_id: i64, now: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM rep_computers WHERE rep_id = ?1 AND retired_at IS NULL)
             OR EXISTS (SELECT 1 FROM rep_invitations WHERE rep_id = ?1 AND used_at IS NULL AND expires_at > ?2)",
        params![rep_id, now],
        |r| r.get(0),
    )?)
}

/// Encrypts an invitation under a key stretched from its code.
fn seal_invitation(payload: &InvitationPayload, code: &str, kdf: KdfParams) -> Result<Vec<u8>> {
    let salt = crate::signin::random_bytes::<16>();
    let header = serde_json::to_vec(&InvitationHeader {
        kdf,
        salt: hex(&salt),
    })
    .map_err(|e| CoreError::Database(e.to_string()))?;
    let key =
        crate::signin::derive_kek(crate::signin::canonical_code(code).as_bytes(), &salt, kdf)?;
    let plain = serde_json::to_vec(payload).map_err(|e| CoreError::Database(e.to_string()))?;
    let mut out = INVITATION_MAGIC.to_vec();
    out.extend_from_slice(&header);
    out.push(b'\n');
    let aad = out.clone();
    out.extend(crypto_wrap(&key, &plain, &aad));
    Ok(out)
}

/// Opens an invitation with the code the chair gave. A wrong code and a damaged file look
/// the same: both are refused with the same sentence.
pub(crate) fn open_invitation(bytes: &[u8], code: &str) -> Result<InvitationPayload> {
    let wrong = || {
        CoreError::invalid(
            "code",
            "That code does not open this invitation. Check it with the person who sent it.",
        )
    };
    let rest = bytes
        .strip_prefix(INVITATION_MAGIC)
        .ok_or_else(|| CoreError::invalid("file", "This is not a Forum Desk invitation file."))?;
    let nl = rest.iter().position(|&b| b == b'\n').ok_or_else(wrong)?;
    let header: InvitationHeader = serde_json::from_slice(&rest[..nl]).map_err(|_| wrong())?;
    // Refuse settings that would make opening the file take forever (or nothing at all).
    if header.kdf.m_kib > 1024 * 1024 || header.kdf.t > 20 || header.kdf.p > 8 {
        return Err(wrong());
    }
    let salt = crate::text::from_hex(&header.salt).ok_or_else(wrong)?;
    let key = crate::signin::derive_kek(
        crate::signin::canonical_code(code).as_bytes(),
        &salt,
        header.kdf,
    )
    .map_err(|_| wrong())?;
    let aad_len = INVITATION_MAGIC.len() + nl + 1;
    let plain = crypto_unwrap(&key, &bytes[aad_len..], &bytes[..aad_len]).ok_or_else(wrong)?;
    let payload: InvitationPayload = serde_json::from_slice(&plain).map_err(|_| wrong())?;
    if payload.format != INVITATION_FORMAT {
        return Err(CoreError::invalid(
            "file",
            "This invitation was made by a newer Forum Desk. Update Forum Desk and try again.",
        ));
    }
    Ok(payload)
}
