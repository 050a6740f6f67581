//! The forum's signing identity: its key and self-signed certificate in the data folder,
//! who signs on the forum's behalf, the visible signature panel, and checking a signed file.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use forumdesk_export as ex;
use serde::{Deserialize, Serialize};

use super::files::{write_file, Destination};
use crate::model::SavedFile;
use crate::store::{Clock, CoreError, Result, Store};

/// The forum's signing certificate, as the settings screen shows it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CertificateInfo {
    /// The certificate's name: the forum's name.
    pub subject: String,
    /// SHA-256 fingerprint, "AB:12:...", for people to compare by eye or over the phone.
    pub fingerprint: String,
    /// The certificate as PEM text.
    pub pem: String,
    /// True when the certificate was made just now (the forum had none before).
    pub created: bool,
    /// How a finance officer checks a pack with this certificate before paying (the same
    /// steps `forumdesk verify --help` and the pack's signature panel point to).
    pub finance_officer_steps: String,
}

impl Store {
    /// The forum's signing certificate (public: it is what funders are given to check
    /// signatures with). It was made when the forum was set up.
    pub fn certificate_get(&self) -> Result<CertificateInfo> {
        self.active_session()?;
        let pem = crate::forum::settings::certificate_pem(&self.conn)?;
        let (subject, fingerprint, _) =
            ex::certificate_summary(pem.as_bytes()).map_err(export_error)?;
        Ok(CertificateInfo {
            subject,
            fingerprint,
            pem,
            created: false,
            finance_officer_steps: forumdesk_export::FINANCE_OFFICER_STEPS.to_string(),
        })
    }

    /// Writes the certificate (never the key) for funders: `forum-certificate.pem` and the
    /// same certificate in binary form as `forum-certificate.cer` beside it. Returns the .pem.
    /// With [`Destination::File`] the PEM goes to that file and the .cer beside it.
    pub fn certificate_export(&mut self, dest: &Destination) -> Result<SavedFile> {
        let info = self.certificate_get()?;
        let (_, _, der) = ex::certificate_summary(info.pem.as_bytes()).map_err(export_error)?;
        let pem_path = match dest {
            Destination::File(p) => p.clone(),
            other => self.folder_for(other)?.join("forum-certificate.pem"),
        };
        let mut cer_path = pem_path.with_extension("cer");
        if cer_path == pem_path {
            cer_path = pem_path.with_extension("der.cer");
        }
        let saved = write_file(&pem_path, info.pem.as_bytes())?;
        write_file(&cer_path, &der)?;
        self.log_export(
            "exported the forum's signing certificate",
            "forum",
            Some(1),
            &info.fingerprint,
            &saved,
        )?;
        Ok(saved)
    }

    /// Checks a signed PDF: unchanged since signing, who signed it, and whether it was this
    /// forum (compared with the forum's own certificate).
    pub fn verify_file(&self, bytes: &[u8]) -> Result<ex::Verification> {
        let own = match crate::forum::settings::certificate_pem(&self.conn) {
            Ok(pem) => Some(
                ex::certificate_summary(pem.as_bytes())
                    .map_err(export_error)?
                    .2,
            ),
            Err(_) => None,
        };
        ex::verify_pdf(bytes, own.as_deref()).map_err(export_error)
    }

    /// Who signs, and in what role: the signed-in officer, whose sign-in gave them the forum's
    /// signing key.
    pub(crate) fn signer(&self) -> Result<(String, String)> {
        self.require_officer("sign documents for the forum")?;
        let p = self.acting_person()?;
        let role = if p.roles.iter().any(|r| r == "chair") {
            "Chair"
        } else if p.roles.iter().any(|r| r == "treasurer") {
            "Treasurer"
        } else {
            "Officer"
        };
        Ok((p.name, role.to_string()))
    }

    /// The forum's signing identity, which only an officer's sign-in carries. The private
    /// key lives in memory only: it came out of the person's sign-in slot.
    pub(crate) fn identity(&self) -> Result<ex::ForumIdentity> {
        self.require_officer("sign documents for the forum")
            .cloned()
    }

    /// "Now" as an instant: the store's clock is UK wall-clock time.
    pub(crate) fn now_utc(&self) -> DateTime<Utc> {
        match self.clock() {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => uk_to_utc(t),
        }
    }
}

pub(crate) fn panel(
    forum: &str,
    person: &str,
    role: &str,
    now: DateTime<Utc>,
    identity: &ex::ForumIdentity,
) -> ex::SignaturePanel {
    ex::SignaturePanel {
        forum: forum.to_string(),
        person: person.to_string(),
        role: role.to_string(),
        signed_at: ex::format::date_time(ex::format::uk_local(now)),
        fingerprint: identity.fingerprint_sha256(),
    }
}

/// UK wall-clock time to an instant (the hour either side of a clock change is approximate).
fn uk_to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    let guess = Utc.from_utc_datetime(&(local - Duration::hours(1)));
    let offset = ex::format::uk_offset_hours(guess);
    Utc.from_utc_datetime(&(local - Duration::hours(offset)))
}

/// Signs pages drawn for an export the window is watching: stops with
/// [`CoreError::Cancelled`] (nothing to save) if Cancel was pressed before or while it was
/// signed, and reports the signing and done stages in `progress`.
pub(crate) fn sign_counted(
    unsigned: &[u8],
    identity: &ex::ForumIdentity,
    signer: &str,
    reason: &str,
    now: DateTime<Utc>,
    progress: &ex::Progress,
) -> Result<Vec<u8>> {
    progress.check().map_err(export_error)?;
    progress.stage(ex::Stage::Signing);
    let pdf = ex::sign_pdf(unsigned, identity, signer, reason, now).map_err(export_error)?;
    finished(progress)?;
    Ok(pdf)
}

/// The last check of an export the window is watching: a Cancel pressed up to now still
/// counts; after this the bytes are ready to save.
pub(crate) fn finished(progress: &ex::Progress) -> Result<()> {
    progress.check().map_err(export_error)?;
    progress.stage(ex::Stage::Done);
    Ok(())
}

/// The export library's errors, as the core's plain-English errors.
pub(crate) fn export_error(e: ex::ExportError) -> CoreError {
    use ex::ExportError as E;
    match e {
        E::InvalidInput(_) => CoreError::invalid("export", e.to_string()),
        E::BadReceipt { .. } => CoreError::invalid("receipt", e.to_string()),
        E::NotAPdf(_) | E::NotSigned | E::BadSignature(_) => {
            CoreError::invalid("file", e.to_string())
        }
        E::Identity(_) => CoreError::Locked(e.to_string()),
        E::Cancelled => CoreError::Cancelled,
        E::PdfWrite(_) | E::Csv(_) | E::Io(_) => CoreError::Io {
            path: "the export".into(),
            reason: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn uk_clock_to_instant() {
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(uk_to_utc(summer).format("%H").to_string(), "11");
        let winter = NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        assert_eq!(uk_to_utc(winter).format("%H").to_string(), "12");
    }
}
