//! The claim workflow: draft → submitted → approved (or returned with a reason) → paid.
//! The claimant never approves their own claim; only a chair or treasurer approves.

use rusqlite::params;

use super::kinds::ClaimStatus;
use super::records::{claim_row, may_see};
use crate::model::ClaimView;
use crate::store::{CoreError, Result, Store};
use crate::text::{dates, required, required_lines};

impl Store {
    /// The claimant (or a chair or treasurer typing in a paper claim for them) agrees to the
    /// forum's declaration; its words and the time are kept with the claim.
    pub fn claim_submit(&mut self, id: i64, declaration_agreed: bool) -> Result<ClaimView> {
        let claim = self.editable_claim(id)?;
        if !declaration_agreed {
            return Err(CoreError::invalid(
                "declaration_agreed",
                "Please read the declaration and tick to agree before submitting.",
            ));
        }
        let lines: i64 = self.conn.query_row(
            "SELECT count(*) FROM claim_lines WHERE claim_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if lines == 0 {
            return Err(CoreError::invalid(
                "lines",
                "This claim has no lines yet. Add what you are claiming first.",
            ));
        }
        let me = self.acting_person()?;
        let mut declaration = crate::forum::settings::forum(&self.conn)?.declaration;
        if declaration.trim().is_empty() {
            declaration = crate::forum::settings::DEFAULT_DECLARATION.to_string();
        }
        if me.id != claim.rep_id {
            declaration.push_str(&format!(
                " (Entered by {} for the representative, from their signed claim form.)",
                me.name
            ));
        }
        let stamp = self.clock.stamp();
        // On a rep's own computer, submitting also makes the signed claim file for the forum,
        // queued with the submission so that neither happens without the other.
        let file = if crate::exchange::is_rep_computer(&self.conn)? {
            Some(self.claim_file(id, &declaration, &stamp)?)
        } else {
            None
        };
        let dir = self.data_dir.clone();
        self.write(|tx| {
            tx.execute(
                "UPDATE claims SET status = 'submitted', declaration = ?2, submitted_at = ?3, submitted_by = ?4 WHERE id = ?1",
                params![id, declaration, stamp, me.id],
            )?;
            if let Some(f) = &file {
                crate::exchange::queue_claim_file(tx, dir.as_deref(), id, f)?;
            }
            tx.audit("submitted a claim", "claim", Some(id), &claim.month)
        })?;
        self.claim_get(id)
    }

    /// Approves a submitted claim. Approving is a signature, not a click: the approver gives
    /// their passphrase again, and the approval is signed with the forum's key. Any warnings
    /// must be accepted explicitly, and are kept with the approval so that the funder can see
    /// what was accepted.
    pub fn claim_approve(
        &mut self,
        id: i64,
        accept_warnings: bool,
        passphrase: &str,
    ) -> Result<ClaimView> {
        let identity = self.require_officer("approve claims")?.clone();
        let view = self.claim_get(id)?;
        if let Some(reason) = &view.approve_blocked_reason {
            return Err(if view.summary.status != ClaimStatus::Submitted {
                CoreError::Locked(reason.clone())
            } else {
                CoreError::NotAllowed(reason.clone())
            });
        }
        if !view.warnings.is_empty() && !accept_warnings {
            return Err(CoreError::invalid(
                "accept_warnings",
                format!(
                    "This claim has {} warning{}. Check them, then tick to accept them before approving.",
                    view.warnings.len(),
                    if view.warnings.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        self.confirm_passphrase(passphrase)?;
        let accepted: Vec<&str> = view.warnings.iter().map(|w| w.message.as_str()).collect();
        let accepted =
            serde_json::to_string(&accepted).map_err(|e| CoreError::Database(e.to_string()))?;
        let me = self.acting_person()?;
        let stamp = self.clock.stamp();
        self.write(|tx| {
            // Each accepted warning as data, by line, while the claim is still submitted.
            for w in &view.warnings {
                tx.execute(
                    "INSERT INTO accepted_warnings (claim_id, line_id, code, message) VALUES (?1, ?2, ?3, ?4)",
                    params![id, w.line_id, w.code.as_str(), w.message],
                )?;
            }
            tx.execute(
                "UPDATE claims SET status = 'approved', approved_by = ?2, approved_at = ?3, accepted_warnings = ?4,
                    returned_reason = NULL, returned_by = NULL, returned_at = NULL
                 WHERE id = ?1 AND status = 'submitted'",
                params![id, me.id, stamp, accepted],
            )?;
            tx.audit_signed(&identity, "approved a claim", "claim", Some(id), &crate::text::format_pence(view.summary.total_pence))?;
            super::seals::seal(tx, &identity, id, &stamp, false)
        })?;
        self.backup_requested = true;
        self.claim_get(id)
    }

    /// Sends a submitted claim back to the rep with the reason, so they can put it right.
    pub fn claim_return(&mut self, id: i64, reason: &str) -> Result<ClaimView> {
        let reason = required_lines("reason", reason, "why the claim is being returned")?;
        let view = self.claim_get(id)?;
        if view.summary.status != ClaimStatus::Submitted {
            return Err(CoreError::Locked(
                "Only a submitted claim can be returned.".into(),
            ));
        }
        let me = self.acting_person()?;
        if !me.can_approve() {
            return Err(CoreError::NotAllowed(
                "Only a chair or treasurer can return claims.".into(),
            ));
        }
        if me.id == view.summary.rep_id {
            return Err(CoreError::NotAllowed(
                "You cannot decide on your own claim. Another chair or treasurer must do it."
                    .into(),
            ));
        }
        let stamp = self.clock.stamp();
        self.write(|tx| {
            tx.execute(
                "UPDATE claims SET status = 'returned', returned_reason = ?2, returned_by = ?3, returned_at = ?4 WHERE id = ?1",
                params![id, reason, me.id, stamp],
            )?;
            // A claim that came from the rep's own computer goes back there to be put right.
            if crate::exchange::rep_has_computer(tx, view.summary.rep_id, &stamp)? {
                tx.execute(
                    "UPDATE claims SET with_rep = 1, taken_back_at = NULL WHERE id = ?1",
                    [id],
                )?;
            }
            tx.audit("returned a claim", "claim", Some(id), &reason)
        })?;
        self.claim_get(id)
    }

    /// Records that an approved claim has been paid: like approving, a signature that needs
    /// the passphrase again.
    pub fn claim_mark_paid(
        &mut self,
        id: i64,
        paid_on: &str,
        reference: &str,
        passphrase: &str,
    ) -> Result<ClaimView> {
        let identity = self.require_officer("record payments")?.clone();
        let claim = claim_row(&self.conn, id)?;
        let me = self.acting_person()?;
        may_see(&me, claim.rep_id)?;
        if !me.can_approve() || me.id == claim.rep_id {
            return Err(CoreError::NotAllowed(
                "Only a chair or treasurer, other than the claimant, can record payment.".into(),
            ));
        }
        if claim.status != ClaimStatus::Approved {
            return Err(CoreError::Locked(
                "Only an approved claim can be marked as paid.".into(),
            ));
        }
        let on = dates::parse_date("paid_on", paid_on)?;
        if on > self.today() {
            return Err(CoreError::invalid(
                "paid_on",
                "The payment date cannot be in the future.",
            ));
        }
        let reference = required("reference", reference, "the payment reference")?;
        self.confirm_passphrase(passphrase)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE claims SET status = 'paid', paid_on = ?2, payment_reference = ?3 WHERE id = ?1",
                params![id, dates::iso(on), reference],
            )?;
            tx.audit_signed(&identity, "recorded a claim as paid", "claim", Some(id), &reference)
        })?;
        self.backup_requested = true;
        self.claim_get(id)
    }
}
