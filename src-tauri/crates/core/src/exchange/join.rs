//! A rep's computer joins the forum: the invitation is opened with the code the chair gave,
//! the rep chooses a passphrase, and Forum Desk makes a new encrypted data folder holding
//! what the invitation carried and this computer's own signing key.

use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use rusqlite::params;

use super::forum_side::enrolment_proof;
use super::invite::open_invitation;
use super::model::InvitationPayload;
use super::rep_side::apply_state;
use crate::signin::{FolderState, KdfParams, Session, SlotsFile};
use crate::store::{db_path, open_connection, private_file, Clock, CoreError, Result, Store};
use crate::text::dates;

impl Store {
    /// Joins the forum from an invitation into the empty data folder `dir`, signed in as the
    /// rep. The invitation's code is the one the chair gave by phone or text.
    pub fn join(
        dir: &Path,
        invitation: &[u8],
        code: &str,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<Store> {
        Self::join_at(dir, invitation, code, passphrase, kdf, Clock::System)
    }

    /// [`Store::join`] at the time `clock` gives (tests).
    pub fn join_at(
        dir: &Path,
        invitation: &[u8],
        code: &str,
        passphrase: &str,
        kdf: KdfParams,
        clock: Clock,
    ) -> Result<Store> {
        let inv = open_invitation(invitation, code)?;
        if clock.stamp() > inv.expires_at {
            return Err(CoreError::invalid(
                "file",
                format!(
                    "This invitation expired on {}. Ask the chair for a new one.",
                    dates::uk_stamp(&inv.expires_at)
                ),
            ));
        }
        let email = super::rows::text(&inv.state.member, "email");
        crate::signin::require_strong("passphrase", passphrase, &[&inv.rep_name, &email])?;
        if Self::sign_in_options(dir)?.state != FolderState::New {
            return Err(CoreError::Locked(
                "This folder already holds Forum Desk data. Choose an empty folder to join the forum in."
                    .into(),
            ));
        }
        private_file::private_dir(dir)?;
        let key = crate::signin::crypto_random_key();
        let path = db_path(dir);
        drop(private_file::create_private(&path)?);
        let conn = open_connection(&path, Some(&key))?;
        let mut store = Store::on_disk(conn, dir, key, kdf);
        store.set_clock(clock);
        store.session = Some(Session {
            person_id: inv.rep_id,
            slot_id: None,
            signing: None,
            locked: false,
            must_choose_passphrase: false,
            notices: Vec::new(),
            without_sign_in: true,
        });
        let identity = store.new_identity(&format!("{} (own computer)", inv.rep_name))?;
        store.fill_from_invitation(&inv, &identity)?;
        let mut file = SlotsFile::new(&inv.forum_uid);
        let slot = store.make_person_slot(None, &file, inv.rep_id, passphrase, false, None)?;
        file.slots.push(slot.clone());
        store.record_slots(&[(&slot, Some(inv.rep_id), false)], None)?;
        file.write(dir)?;
        store.session = Some(Session {
            person_id: inv.rep_id,
            slot_id: Some(slot.id),
            signing: None,
            locked: false,
            must_choose_passphrase: false,
            notices: Vec::new(),
            without_sign_in: false,
        });
        Ok(store)
    }

    /// Writes what the invitation carried, and this computer's identity, in one transaction.
    fn fill_from_invitation(
        &mut self,
        inv: &InvitationPayload,
        identity: &forumdesk_export::ForumIdentity,
    ) -> Result<()> {
        let cert = identity.certificate_pem();
        let proof = enrolment_proof(
            &inv.enrolment_secret,
            &inv.forum_uid,
            &inv.invitation_id,
            &cert,
        )?;
        let key_b64 = B64.encode(identity.private_key_der().as_slice());
        let today = self.today();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO forum (id, name, uid, certificate_pem) VALUES (1, ?1, ?2, ?3)",
                params![
                    super::rows::text(&inv.state.forum, "name"),
                    inv.forum_uid,
                    inv.forum_certificate_pem
                ],
            )?;
            apply_state(tx, &inv.state, today)?;
            tx.execute(
                "INSERT INTO rep_computer (id, forum_uid, forum_certificate_pem, rep_id, invitation_id,
                                           enrolment_proof, certificate_pem, private_key, joined_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    inv.forum_uid,
                    inv.forum_certificate_pem,
                    inv.rep_id,
                    inv.invitation_id,
                    proof,
                    cert,
                    key_b64,
                    tx.clock.stamp()
                ],
            )?;
            tx.audit(
                "joined the forum from an invitation",
                "member",
                Some(inv.rep_id),
                &identity.fingerprint_sha256(),
            )
        })
    }
}
