//! Every exchange file is a signed PDF: a page a person can read, with the data (and a claim's
//! receipts) attached inside. Reading one checks its signature first, by the same rule that
//! makes `forumdesk verify` exit 0, and only then looks at what is attached.

use forumdesk_export as ex;
use serde::de::DeserializeOwned;

use super::model::DATA_NAME;
use crate::store::{CoreError, Result};

/// The largest exchange file read: a month of lines with phone-photo receipts fits easily.
pub(crate) const MAX_FILE_BYTES: usize = 200 * 1024 * 1024;

/// Attaches `data` (as JSON) and `extra` files to `readable`, then signs the whole with
/// `identity`.
pub(crate) fn seal<T: serde::Serialize>(
    readable: &[u8],
    data: &T,
    extra: Vec<ex::Attachment>,
    identity: &ex::ForumIdentity,
    signer: &str,
    reason: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<u8>> {
    let mut files = vec![ex::Attachment {
        name: DATA_NAME.into(),
        bytes: serde_json::to_vec(data).map_err(|e| CoreError::Database(e.to_string()))?,
    }];
    files.extend(extra);
    let attached = ex::attach(readable, &files).map_err(crate::exports::export_error)?;
    ex::sign_pdf(&attached, identity, signer, reason, now).map_err(crate::exports::export_error)
}

/// Who signed a file, once its signature is known to be intact and to cover every byte.
pub(crate) struct Signed {
    pub fingerprint: String,
}

/// Checks that `bytes` carry exactly one intact signature covering the whole file, without
/// yet trusting its signer: the first step for a file from a computer not enrolled yet.
pub(crate) fn signer_of(bytes: &[u8]) -> Result<Signed> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(refused("This file is far too big to be from Forum Desk."));
    }
    let report = ex::check_pdf(bytes, None);
    match report.verdict {
        ex::Verdict::IntegrityOnly | ex::Verdict::UntrustedSigner | ex::Verdict::Trusted => {}
        ex::Verdict::Changed => {
            return Err(CoreError::Tampered(
                "This file was changed after it was signed, so nothing in it was used.".into(),
            ))
        }
        ex::Verdict::NotSigned | ex::Verdict::Unreadable | ex::Verdict::CannotCheck => {
            return Err(refused(
                "This is not a signed Forum Desk file, so nothing in it was used.",
            ))
        }
    }
    match report.signatures.as_slice() {
        [one] if one.covers_whole_file => Ok(Signed {
            fingerprint: one.fingerprint.clone().unwrap_or_default(),
        }),
        _ => Err(refused(
            "This file has been signed more than once or only in part, so nothing in it was used.",
        )),
    }
}

/// The rule `forumdesk verify --certificate` exits 0 for: every signature intact, the last
/// covering the whole file, and the signer the trusted certificate.
pub(crate) fn check_trusted(bytes: &[u8], certificate_pem: &str) -> Result<()> {
    let trusted = ex::TrustedCertificate::from_pem_or_der(certificate_pem.as_bytes())
        .map_err(crate::exports::export_error)?;
    match ex::check_pdf(bytes, Some(&trusted)).verdict {
        ex::Verdict::Trusted => Ok(()),
        ex::Verdict::Changed => Err(CoreError::Tampered(
            "This file was changed after it was signed, so nothing in it was used.".into(),
        )),
        _ => Err(CoreError::Tampered(
            "This file was not signed by the computer it claims to come from, so nothing in it was used."
                .into(),
        )),
    }
}

/// The data and other attachments of a file whose signature has been checked.
pub(crate) fn contents<T: DeserializeOwned>(bytes: &[u8]) -> Result<(T, Vec<ex::Attachment>)> {
    let mut files = ex::attachments(bytes).map_err(|_| {
        refused("This signed file does not hold Forum Desk data, so nothing in it was used.")
    })?;
    let at = files
        .iter()
        .position(|f| f.name == DATA_NAME)
        .ok_or_else(|| {
            refused("This signed file does not hold Forum Desk data, so nothing in it was used.")
        })?;
    let data = files.remove(at);
    let parsed = serde_json::from_slice(&data.bytes).map_err(|_| {
        refused(
            "This file's data is not in a form this Forum Desk reads, so nothing in it was used.",
        )
    })?;
    Ok((parsed, files))
}

/// A file refused for what it is, not because it was altered.
pub(crate) fn refused(message: &str) -> CoreError {
    CoreError::Locked(message.to_string())
}
