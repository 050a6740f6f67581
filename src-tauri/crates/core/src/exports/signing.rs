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
}

impl Store {
    /// The forum's signing certificate, made now if the forum has none yet.
    pub fn certificate_get(&mut self) -> Result<CertificateInfo> {
        let (identity, created) = self.identity()?;
        if created {
            self.write(|tx| {
                tx.audit(
                    "created the forum's signing certificate",
                    "forum",
                    Some(1),
                    &identity.fingerprint_sha256(),
                )
            })?;
        }
        Ok(CertificateInfo {
            subject: identity.subject_name(),
            fingerprint: identity.fingerprint_sha256(),
            pem: identity.certificate_pem(),
            created,
        })
    }

    /// Writes the certificate (never the key) for funders: `forum-certificate.pem` and the
    /// same certificate in binary form as `forum-certificate.cer` beside it. Returns the .pem.
    /// With [`Destination::File`] the PEM goes to that file and the .cer beside it.
    pub fn certificate_export(&mut self, dest: &Destination) -> Result<SavedFile> {
        self.certificate_get()?;
        let identity = self.identity()?.0;
        let pem_path = match dest {
            Destination::File(p) => p.clone(),
            other => self.folder_for(other)?.join("forum-certificate.pem"),
        };
        let mut cer_path = pem_path.with_extension("cer");
        if cer_path == pem_path {
            cer_path = pem_path.with_extension("der.cer");
        }
        let pem = identity.certificate_pem();
        let saved = write_file(&pem_path, pem.as_bytes())?;
        write_file(&cer_path, identity.certificate_der())?;
        self.log_export(
            "exported the forum's signing certificate",
            "forum",
            Some(1),
            &identity.fingerprint_sha256(),
            &saved,
        )?;
        Ok(saved)
    }

    /// Checks a signed PDF: unchanged since signing, who signed it, and whether it was this
    /// forum (compared with the certificate in the data folder, if there is one).
    pub fn verify_file(&self, bytes: &[u8]) -> Result<ex::Verification> {
        let own = match self.data_dir() {
            Some(dir) if dir.join(ex::signing::CERT_FILE).exists() => Some(self.identity()?.0),
            _ => None,
        };
        ex::verify_pdf(bytes, own.as_ref().map(|i| i.certificate_der())).map_err(export_error)
    }

    /// Who signs, and in what role: the person using the app, or for the command line the
    /// first active chair, else the first active treasurer.
    pub(crate) fn signer(&self) -> Result<(String, String)> {
        if let Some(p) = self.acting_person_opt()? {
            let role = if p.roles.iter().any(|r| r == "chair") {
                "Chair"
            } else if p.roles.iter().any(|r| r == "treasurer") {
                "Treasurer"
            } else {
                "Representative"
            };
            return Ok((p.name, role.to_string()));
        }
        for (col, role) in [("is_chair", "Chair"), ("is_treasurer", "Treasurer")] {
            let name: Option<String> = self
                .conn
                .query_row(
                    &format!(
                        "SELECT m.name FROM reps r JOIN members m ON m.id = r.member_id
                         WHERE r.active = 1 AND m.erased_on IS NULL AND r.{col} = 1 ORDER BY m.id LIMIT 1"
                    ),
                    [],
                    |r| r.get(0),
                )
                .ok();
            if let Some(name) = name {
                return Ok((name, role.to_string()));
            }
        }
        Err(CoreError::NotAllowed(
            "The forum has no active chair or treasurer to sign on its behalf. Give someone that role first.".into(),
        ))
    }

    /// The forum's signing identity from the data folder, made there on first use. The
    /// private key never leaves that folder. The flag says whether it was just made.
    pub(crate) fn identity(&self) -> Result<(ex::ForumIdentity, bool)> {
        let dir = self.data_dir().ok_or_else(|| {
            CoreError::Locked(
                "Documents can only be signed when the forum's data is kept in a data folder."
                    .into(),
            )
        })?;
        let existed = dir.join(ex::signing::KEY_FILE).exists();
        let forum = self.forum_get()?.name;
        // A new certificate is valid from a day ago, so a funder whose clock is a little
        // behind still sees it as valid.
        let since = self.now_utc() - Duration::days(1);
        let identity =
            ex::ForumIdentity::load_or_create(dir, &forum, since).map_err(|e| CoreError::Io {
                path: dir.join(ex::signing::KEY_FILE).display().to_string(),
                reason: e.to_string(),
            })?;
        Ok((identity, !existed))
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
