//! Checks a signed PDF the way a council finance officer needs: is every
//! signature intact, does the last one cover the whole file, and was every
//! signer the certificate they trust.
//!
//! This is deliberately independent of the signing code's assumptions. It
//! finds every signature dictionary in every revision of the file (parsed as
//! PDF objects, so text such as "/ByteRange" inside a page or a stream cannot
//! fool it), recomputes each digest, checks each ECDSA signature with the key
//! in its embedded certificate, and compares signers with the trusted
//! certificate by public key, never by name: anyone can make a certificate
//! that carries the forum's name.
//!
//! [`check_pdf`] never fails: a file it cannot read is a [`Verdict`] too, so
//! callers always have one plain sentence to show.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier, SignerInfo};
use der::asn1::{AnyRef, ObjectIdentifier, OctetString};
use der::{Any, Decode, DecodePem, Encode, Reader, Sequence, SliceReader, Tag, Tagged};
use lopdf::Object;
use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::Signature;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::time::Time;
use x509_cert::Certificate;

use crate::error::{ExportError, Result};
use crate::signing::{
    cert_public_key, common_name, digest_ranges, fingerprint, OID_ECDSA_SHA256, OID_MESSAGE_DIGEST,
    OID_SHA256, OID_SIGNED_DATA, OID_SIGNING_CERT_V2,
};

/// One line for the signature panel of every signed document: how a reader
/// checks it. Kept short enough to fit the panel on one line.
pub const HOW_TO_CHECK: &str =
    "To check it: trust the forum's certificate (fingerprint above) in Adobe Reader, or run pdfsig.";

/// The full steps for a council finance officer, for the Settings screen and
/// for the forum to send with its certificate. Same advice as [`HOW_TO_CHECK`].
pub const FINANCE_OFFICER_STEPS: &str = "\
How to check a signed claim pack before paying it

1. Get the forum's certificate file (forum-certificate.pem or .cer) from the forum once, and confirm its SHA-256 fingerprint with them by phone or letter, not by the email that brings the pack. The fingerprint is also printed in each pack's signature panel.
2. In Adobe Acrobat Reader: Edit > Preferences > Signatures > Identities & Trusted Certificates > More > Trusted Certificates > Import, choose the forum's certificate, then Edit Trust and tick \"Use this certificate as a trusted root\". Open the pack: the signature panel must say the signature is valid, the signer's identity is valid, and the document has not been modified since it was signed.
3. Or, with poppler's pdfsig: run `pdfsig claim-pack.pdf`. Every signature must say \"Signature is Valid.\" and the last one must say \"Total document signed\". pdfsig shows the signer's name but does not check it: compare the certificate as in step 2, or use Forum Desk's `forumdesk verify claim-pack.pdf --certificate forum-certificate.pem`, which exits 0 only when all of this holds.
4. Do not pay if any check fails, or if the pack was signed by a certificate other than the forum's, even one with the forum's name. Ring the forum on a number you already hold, not one printed in the pack.";

/// The overall answer for a file, worst finding first: a change found
/// anywhere outweighs everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every signature is intact, the last covers the whole file, and every
    /// signer holds the trusted certificate's key.
    Trusted,
    /// Something changed after signing: a byte outside the signed ranges, an
    /// appended update, a digest or signature that no longer matches.
    Changed,
    /// Intact, but at least one signer is not the trusted certificate.
    UntrustedSigner,
    /// Intact, but no trusted certificate was given, so who signed it is unknown.
    IntegrityOnly,
    /// A readable PDF with no signature.
    NotSigned,
    /// Not a PDF this app can read.
    Unreadable,
    /// Signed, but with a signature this app cannot check (for example RSA),
    /// so it can say neither "intact" nor "changed".
    CannotCheck,
}

/// What was found for one signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureState {
    /// The bytes it signed are unchanged and the signature is genuine for
    /// the key in its certificate.
    Intact,
    /// The bytes it signed, or the signature itself, were changed.
    Changed,
    /// It is in a form this app cannot check.
    CannotCheck,
}

/// One signature in the file, in the order of the bytes it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureCheck {
    /// 1 for the first signature in the file.
    pub number: usize,
    pub state: SignatureState,
    /// Why it is not intact, in plain English; `None` when intact.
    pub problem: Option<String>,
    /// The common name in the signer's certificate. Anyone can put any name
    /// in a certificate: this is shown, never trusted.
    pub signer: Option<String>,
    /// The signer's certificate's SHA-256 fingerprint, "AB:CD:...".
    pub fingerprint: Option<String>,
    /// Whether the signer's public key is the trusted certificate's. `None`
    /// when no trusted certificate was given or the signature was unreadable.
    pub trusted: Option<bool>,
    /// When it was signed, as the signer's own computer said (not a
    /// time-stamp authority), RFC 3339.
    pub signed_at: Option<String>,
    /// Where `signed_at` came from: "signature" (the signed CMS attribute) or
    /// "pdf" (the signature dictionary's /M entry).
    pub signed_at_source: Option<String>,
    /// The /Name and /Reason the signing software wrote, if any.
    pub name_in_pdf: Option<String>,
    pub reason: Option<String>,
    /// The signed ranges: [start, length, start, length].
    pub byte_range: Vec<i64>,
    /// One past the last byte it covers.
    pub covers_up_to: u64,
    /// True when it covers the whole file except its own signature value.
    pub covers_whole_file: bool,
}

/// The result of checking a file: the verdict, its one plain sentence, and
/// the details behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub verdict: Verdict,
    /// One plain sentence for a finance officer, to show first.
    pub summary: String,
    /// The file's size in bytes.
    pub file_size: u64,
    /// Fingerprint of the trusted certificate, when one was given.
    pub trusted_fingerprint: Option<String>,
    /// Every signature found.
    pub signatures: Vec<SignatureCheck>,
    /// What was checked, one plain sentence each.
    pub checked: Vec<String>,
}

/// The certificate a reader trusts, reduced to what matters: its public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedCertificate {
    spki_der: Vec<u8>,
    fingerprint: String,
    name: String,
}

impl TrustedCertificate {
    /// Reads a certificate in PEM ("-----BEGIN CERTIFICATE-----") or binary
    /// DER (.cer) form.
    pub fn from_pem_or_der(bytes: &[u8]) -> Result<TrustedCertificate> {
        let bad = |e: &dyn std::fmt::Display| {
            ExportError::Identity(format!("the certificate file could not be read ({e})"))
        };
        let text_start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(0);
        let cert = if bytes[text_start..].starts_with(b"-----BEGIN") {
            Certificate::from_pem(&bytes[text_start..]).map_err(|e| bad(&e))?
        } else {
            Certificate::from_der(bytes).map_err(|e| bad(&e))?
        };
        Self::from_certificate(&cert)
    }

    fn from_certificate(cert: &Certificate) -> Result<TrustedCertificate> {
        let err = |e: der::Error| {
            ExportError::Identity(format!("the certificate could not be encoded ({e})"))
        };
        let der = cert.to_der().map_err(err)?;
        Ok(TrustedCertificate {
            spki_der: cert
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .map_err(err)?,
            fingerprint: fingerprint(&der),
            name: common_name(&cert.tbs_certificate.subject),
        })
    }

    /// SHA-256 fingerprint of the certificate, "AB:CD:...".
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The certificate's common name, for display only.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Checks every signature in `bytes`. With `trusted`, every signer must hold
/// that certificate's public key for the verdict to be [`Verdict::Trusted`].
pub fn check_pdf(bytes: &[u8], trusted: Option<&TrustedCertificate>) -> Report {
    let file_size = bytes.len() as u64;
    let mut checked = Vec::new();
    let (verdict, signatures, detail) = match find_signatures(bytes) {
        Err(reason) => (Verdict::Unreadable, Vec::new(), Some(reason)),
        Ok(found) if found.is_empty() => (Verdict::NotSigned, Vec::new(), None),
        Ok(found) => {
            let mut sigs: Vec<SignatureCheck> = found
                .iter()
                .map(|raw| check_signature(bytes, raw, trusted))
                .collect();
            sigs.sort_by_key(|s| (s.covers_up_to, s.byte_range.clone()));
            for (i, s) in sigs.iter_mut().enumerate() {
                s.number = i + 1;
            }
            let verdict = overall(&sigs, trusted.is_some());
            checked = what_was_checked(trusted);
            (verdict, sigs, None)
        }
    };
    let summary = summary(verdict, &signatures, file_size, detail.as_deref());
    Report {
        verdict,
        summary,
        file_size,
        trusted_fingerprint: trusted.map(|t| t.fingerprint.clone()),
        signatures,
        checked,
    }
}

/// Changed beats everything; then a signature we cannot check (we can say
/// neither "intact" nor "changed"); then who signed it.
fn overall(sigs: &[SignatureCheck], have_trusted: bool) -> Verdict {
    // Coverage is about bytes, not cryptography, so a signature we cannot
    // check still tells us whether anything was added after it.
    if sigs.iter().any(|s| s.state == SignatureState::Changed)
        || !sigs.iter().any(|s| s.covers_whole_file)
    {
        return Verdict::Changed;
    }
    if sigs.iter().any(|s| s.state == SignatureState::CannotCheck) {
        return Verdict::CannotCheck;
    }
    if !have_trusted {
        return Verdict::IntegrityOnly;
    }
    if sigs.iter().all(|s| s.trusted == Some(true)) {
        Verdict::Trusted
    } else {
        Verdict::UntrustedSigner
    }
}

fn summary(
    verdict: Verdict,
    sigs: &[SignatureCheck],
    file_size: u64,
    detail: Option<&str>,
) -> String {
    match verdict {
        Verdict::Trusted => "You can rely on this file: it was signed with the trusted certificate and has not been changed since.".into(),
        Verdict::Changed => {
            let last_end = sigs.iter().map(|s| s.covers_up_to).max().unwrap_or(0);
            if sigs.iter().all(|s| s.state != SignatureState::Changed) && last_end < file_size {
                format!(
                    "Do not pay on this file: it was changed after it was signed ({} bytes were added after the last signature).",
                    file_size - last_end
                )
            } else {
                "Do not pay on this file: it was changed after it was signed.".into()
            }
        }
        Verdict::UntrustedSigner => {
            let stranger = sigs.iter().find(|s| s.trusted == Some(false));
            let who = stranger
                .and_then(|s| s.fingerprint.as_deref())
                .unwrap_or("unknown");
            let name = stranger
                .and_then(|s| s.signer.as_deref())
                .unwrap_or("no name");
            format!(
                "Do not pay on this file: it was signed by a certificate that is not the trusted one (\"{name}\", fingerprint {who})."
            )
        }
        Verdict::IntegrityOnly => "Only integrity could be checked: the file has not been changed since it was signed, but no trusted certificate was given, so who signed it is not confirmed.".into(),
        Verdict::NotSigned => "This file has not been digitally signed, so it cannot be checked.".into(),
        Verdict::Unreadable => match detail {
            Some(why) => format!("This file could not be read as a PDF, so it cannot be checked ({why})."),
            None => "This file could not be read as a PDF, so it cannot be checked.".into(),
        },
        Verdict::CannotCheck => {
            let why = sigs
                .iter()
                .find(|s| s.state == SignatureState::CannotCheck)
                .and_then(|s| s.problem.as_deref())
                .unwrap_or("it is in a form this app cannot check");
            format!("This file's signature could not be checked, so do not rely on it: {why}.")
        }
    }
}

fn what_was_checked(trusted: Option<&TrustedCertificate>) -> Vec<String> {
    let mut out = vec![
        "Every signature in the file was found, including those added in later updates.".to_string(),
        "For each, the bytes it signed were hashed again (SHA-256) and compared with the digest the signer signed.".to_string(),
        "Each signature was checked with the public key in its certificate (ECDSA P-256).".to_string(),
        "The last signature must cover the whole file: nothing may be added after it.".to_string(),
    ];
    out.push(match trusted {
        Some(t) => format!(
            "Each signer's public key was compared with the trusted certificate's (\"{}\", fingerprint {}); names are never trusted.",
            t.name, t.fingerprint
        ),
        None => "No trusted certificate was given, so signers' keys were not compared with the forum's.".to_string(),
    });
    out
}

// ------------------------------------------------------------ finding signatures

/// A signature dictionary as found in the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RawSignature {
    byte_range: Vec<i64>,
    contents: Vec<u8>,
    m: Option<Vec<u8>>,
    name: Option<Vec<u8>>,
    reason: Option<Vec<u8>>,
    sub_filter: Option<Vec<u8>>,
}

/// Most revisions a file is read at. A real pack has two (the document and
/// its signature); many more "%%EOF" markers than this are not a pack.
const MAX_REVISIONS: usize = 64;

/// Every signature dictionary in every revision of the file.
///
/// Each revision of a PDF ends with "%%EOF", and the file up to there is a
/// complete PDF of that revision. Reading each one finds signatures that a
/// later update dropped from the form or marked as deleted. A "%%EOF" that is
/// not a real revision end simply fails to parse, or finds the same objects.
fn find_signatures(bytes: &[u8]) -> std::result::Result<Vec<RawSignature>, String> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err("it does not start like a PDF file".into());
    }
    let mut ends: BTreeSet<usize> = BTreeSet::new();
    ends.insert(bytes.len());
    let mut at = 0;
    while let Some(pos) = find(&bytes[at..], b"%%EOF") {
        let mut end = at + pos + 5;
        for _ in 0..2 {
            if matches!(bytes.get(end), Some(b'\r' | b'\n')) {
                end += 1;
            }
        }
        ends.insert(end);
        at += pos + 5;
    }
    // Past the limit, keep the first revisions (where the document and its
    // first signature are) and the last ones.
    let mut ends: Vec<usize> = ends.into_iter().collect();
    if ends.len() > MAX_REVISIONS {
        ends.drain(MAX_REVISIONS / 4..ends.len() - MAX_REVISIONS * 3 / 4);
    }

    // Keyed by what was signed; oldest revision first, so a signature keeps
    // the /M, /Name and /Reason it was signed with even if a later update
    // rewrote its dictionary.
    let mut found: BTreeMap<(Vec<i64>, Vec<u8>), RawSignature> = BTreeMap::new();
    let mut any_read = false;
    for end in ends {
        let Ok(doc) = lopdf::Document::load_mem(&bytes[..end]) else {
            continue;
        };
        any_read = true;
        let mut in_revision = Vec::new();
        for object in doc.objects.values() {
            collect_signatures(object, &mut in_revision, 0);
        }
        for sig in in_revision {
            found
                .entry((sig.byte_range.clone(), sig.contents.clone()))
                .or_insert(sig);
        }
    }
    if !any_read {
        // Not one revision parses, perhaps because a byte in its structure
        // was changed. Fall back to the signed ranges written in the file, so
        // a change is reported as a change. This cannot make a file look
        // better: every signature found must still hold, and one must cover
        // the whole file, which means the file is exactly what was signed.
        let raw = raw_signatures(bytes);
        if raw.is_empty() {
            return Err("its structure is damaged".into());
        }
        return Ok(raw);
    }
    Ok(found.into_values().collect())
}

/// Signatures found by their "/ByteRange [a b c d]" text alone, when they
/// are well formed; the signature value is whatever the gap holds.
fn raw_signatures(bytes: &[u8]) -> Vec<RawSignature> {
    let mut found = BTreeSet::new();
    let mut at = 0;
    while let Some(pos) = find(&bytes[at..], b"/ByteRange") {
        at += pos + b"/ByteRange".len();
        let rest = &bytes[at..bytes.len().min(at + 160)];
        let (Some(open), Some(close)) = (
            rest.iter().position(|&b| b == b'['),
            rest.iter().position(|&b| b == b']'),
        ) else {
            continue;
        };
        if open > close || rest[..open].iter().any(|b| !b.is_ascii_whitespace()) {
            continue;
        }
        let byte_range: Vec<i64> = String::from_utf8_lossy(&rest[open + 1..close])
            .split_ascii_whitespace()
            .map(|n| n.parse().unwrap_or(-1))
            .collect();
        let contents = match byte_range[..] {
            [_, b, c, _] => usize::try_from(b)
                .ok()
                .zip(usize::try_from(c).ok())
                .filter(|&(b, c)| b + 2 <= c && c <= bytes.len())
                .and_then(|(b, c)| hex_decode(&bytes[b + 1..c - 1]))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let raw = RawSignature {
            byte_range,
            contents,
            m: None,
            name: None,
            reason: None,
            sub_filter: None,
        };
        // Only ranges that make sense: text that merely looks like one in an
        // unreadable file says nothing about a signature.
        if well_formed_range(bytes, &raw).is_ok() {
            found.insert(raw);
        }
    }
    found.into_iter().collect()
}

/// Any dictionary with a /ByteRange array and a /Contents string, however
/// deeply it is nested (a field's /V may hold it directly).
fn collect_signatures(object: &Object, found: &mut Vec<RawSignature>, depth: usize) {
    if depth > 32 {
        return;
    }
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        Object::Array(items) => {
            for item in items {
                collect_signatures(item, found, depth + 1);
            }
            return;
        }
        _ => return,
    };
    if let (Ok(Object::Array(range)), Ok(Object::String(contents, _))) =
        (dict.get(b"ByteRange"), dict.get(b"Contents"))
    {
        let string = |key: &[u8]| match dict.get(key) {
            Ok(Object::String(s, _)) => Some(s.clone()),
            Ok(Object::Name(n)) => Some(n.clone()),
            _ => None,
        };
        found.push(RawSignature {
            // Anything but an integer becomes -1, which fails the range checks.
            byte_range: range.iter().map(|o| o.as_i64().unwrap_or(-1)).collect(),
            contents: contents.clone(),
            m: string(b"M"),
            name: string(b"Name"),
            reason: string(b"Reason"),
            sub_filter: string(b"SubFilter"),
        });
    }
    for (_, value) in dict.iter() {
        collect_signatures(value, found, depth + 1);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ------------------------------------------------------------ checking one

/// Why a signature is not intact, sorted into the two honest answers.
enum Problem {
    Changed(String),
    CannotCheck(String),
}

fn check_signature(
    bytes: &[u8],
    raw: &RawSignature,
    trusted: Option<&TrustedCertificate>,
) -> SignatureCheck {
    let text = |v: &Option<Vec<u8>>| v.as_deref().map(pdf_text);
    let (signed_at, signed_at_source) = match raw.m.as_deref().and_then(parse_pdf_date) {
        Some(t) => (Some(t.to_rfc3339()), Some("pdf".to_string())),
        None => (None, None),
    };
    let mut check = SignatureCheck {
        number: 0,
        state: SignatureState::Intact,
        problem: None,
        signer: None,
        fingerprint: None,
        trusted: None,
        signed_at,
        signed_at_source,
        name_in_pdf: text(&raw.name),
        reason: text(&raw.reason),
        byte_range: raw.byte_range.clone(),
        covers_up_to: 0,
        covers_whole_file: false,
    };
    if let Err(problem) = check_into(bytes, raw, trusted, &mut check) {
        let (state, why) = match problem {
            Problem::Changed(why) => (SignatureState::Changed, why),
            Problem::CannotCheck(why) => (SignatureState::CannotCheck, why),
        };
        check.state = state;
        check.problem = Some(why);
    }
    check
}

/// Fills in `check` step by step; the first problem found stops it.
fn check_into(
    bytes: &[u8],
    raw: &RawSignature,
    trusted: Option<&TrustedCertificate>,
    check: &mut SignatureCheck,
) -> std::result::Result<(), Problem> {
    let range = well_formed_range(bytes, raw)?;
    check.covers_up_to = (range[2] + range[3]) as u64;
    check.covers_whole_file = range[2] + range[3] == bytes.len();

    if let Some(sub) = &raw.sub_filter {
        if !matches!(
            sub.as_slice(),
            b"adbe.pkcs7.detached" | b"ETSI.CAdES.detached"
        ) {
            return Err(Problem::CannotCheck(format!(
                "it is a \"{}\" signature, and only adbe.pkcs7.detached and ETSI.CAdES.detached can be checked",
                pdf_text(sub)
            )));
        }
    }

    let (signed_data, signed_data_der) = parse_cms(&raw.contents)?;
    let signer = match signed_data.signer_infos.0.as_slice() {
        [one] => one,
        [] => return Err(Problem::CannotCheck("its signature names no signer".into())),
        _ => {
            return Err(Problem::CannotCheck(
                "its signature holds several signers, which this app does not check".into(),
            ))
        }
    };
    let cert = signer_certificate(&signed_data, signer)?;
    let cert_der = cert
        .to_der()
        .map_err(|_| Problem::CannotCheck("its certificate could not be read".into()))?;
    check.signer = Some(common_name(&cert.tbs_certificate.subject));
    check.fingerprint = Some(fingerprint(&cert_der));
    if let Some(t) = trusted {
        let spki = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|_| Problem::CannotCheck("its certificate's key could not be read".into()))?;
        check.trusted = Some(spki == t.spki_der);
    }

    if signer.digest_alg.oid != OID_SHA256 {
        return Err(Problem::CannotCheck(format!(
            "it uses the digest {}, and only SHA-256 can be checked",
            algorithm_name(&signer.digest_alg)
        )));
    }
    let key_alg = &cert.tbs_certificate.subject_public_key_info.algorithm;
    if key_alg.oid != OID_EC_PUBLIC_KEY {
        return Err(Problem::CannotCheck(format!(
            "it is signed with {} keys, and only ECDSA P-256 keys can be checked",
            algorithm_name(key_alg)
        )));
    }
    let key = cert_public_key(cert).map_err(|_| {
        Problem::CannotCheck(
            "it is signed with an elliptic-curve key other than P-256, which cannot be checked"
                .into(),
        )
    })?;
    if !matches!(
        signer.signature_algorithm.oid,
        OID_ECDSA_SHA256 | OID_EC_PUBLIC_KEY
    ) {
        return Err(Problem::CannotCheck(format!(
            "it uses the signature algorithm {}, and only ECDSA with SHA-256 can be checked",
            algorithm_name(&signer.signature_algorithm)
        )));
    }
    let signature = Signature::from_der(signer.signature.as_bytes())
        .map_err(|_| Problem::Changed("its signature value is damaged".into()))?;

    let digest = digest_ranges(bytes, &range);
    match &signer.signed_attrs {
        Some(attrs) => {
            let claimed = attrs
                .iter()
                .find(|a| a.oid == OID_MESSAGE_DIGEST)
                .and_then(|a| a.values.iter().next())
                .and_then(|v| v.decode_as::<OctetString>().ok())
                .ok_or_else(|| {
                    Problem::CannotCheck("its signature does not say what digest it signed".into())
                })?;
            if let Some(t) = signing_time(attrs.iter()) {
                check.signed_at = Some(t.to_rfc3339());
                check.signed_at_source = Some("signature".into());
            }
            if claimed.as_bytes() != digest.as_slice() {
                return Err(Problem::Changed(
                    "the bytes it signed have changed (digest mismatch)".into(),
                ));
            }
            // The signature is over the attributes exactly as the signer
            // encoded them, so take their bytes from the file rather than
            // re-encoding what was parsed.
            let signed_attrs_der = raw_signed_attributes(&signed_data_der).ok_or_else(|| {
                Problem::CannotCheck("its signed attributes could not be read".into())
            })?;
            if key.verify(&signed_attrs_der, &signature).is_err() {
                return Err(Problem::Changed(
                    "its signature does not match the key in its certificate".into(),
                ));
            }
            if !signing_certificate_matches(attrs.iter(), &cert_der) {
                return Err(Problem::Changed(
                    "the certificate in it is not the one the signer signed with".into(),
                ));
            }
        }
        // Without signed attributes the signature is over the digest itself.
        None => {
            if key.verify_prehash(&digest, &signature).is_err() {
                return Err(Problem::Changed(
                    "the bytes it signed have changed, or its signature does not match its certificate".into(),
                ));
            }
        }
    }
    Ok(())
}

const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");

/// The signed ranges, checked: four whole numbers, starting at byte 0, inside
/// the file, and the gap between them exactly a hex string holding this
/// signature's value (so nothing else in the file goes unsigned).
fn well_formed_range(bytes: &[u8], raw: &RawSignature) -> std::result::Result<[usize; 4], Problem> {
    let bad = |why: &str| Problem::Changed(format!("its signed byte range {why}"));
    let [a, b, c, d] = raw.byte_range[..] else {
        return Err(bad("does not have four numbers"));
    };
    let to_usize = |n: i64| usize::try_from(n).map_err(|_| bad("has a negative or invalid number"));
    let (a, b, c, d) = (to_usize(a)?, to_usize(b)?, to_usize(c)?, to_usize(d)?);
    if a != 0 {
        return Err(bad("does not start at the beginning of the file"));
    }
    let gap_ok = b.checked_add(2).is_some_and(|min| min <= c);
    let inside = c.checked_add(d).is_some_and(|end| end <= bytes.len());
    if !gap_ok || !inside {
        return Err(bad("does not fit the file"));
    }
    let gap = &bytes[b..c];
    let hex_ok = gap.first() == Some(&b'<')
        && gap.last() == Some(&b'>')
        && gap[1..gap.len() - 1].iter().all(u8::is_ascii_hexdigit);
    if !hex_ok || hex_decode(&gap[1..gap.len() - 1]).as_deref() != Some(raw.contents.as_slice()) {
        return Err(bad(
            "leaves out more of the file than its own signature value",
        ));
    }
    Ok([a, b, c, d])
}

fn hex_decode(digits: &[u8]) -> Option<Vec<u8>> {
    // An odd final digit counts as followed by 0, as the PDF standard says.
    digits
        .chunks(2)
        .map(|pair| {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = pair.get(1).map_or(Some(0), |&c| (c as char).to_digit(16))?;
            Some((hi * 16 + lo) as u8)
        })
        .collect()
}

/// The SignedData (and its DER) in a /Contents value. Zero padding after the
/// DER structure is normal and ignored.
fn parse_cms(contents: &[u8]) -> std::result::Result<(SignedData, Vec<u8>), Problem> {
    let unreadable = || Problem::CannotCheck("its signature value could not be read".into());
    let mut reader = SliceReader::new(contents).map_err(|_| unreadable())?;
    let info: ContentInfo = reader.decode().map_err(|_| unreadable())?;
    if info.content_type != OID_SIGNED_DATA {
        return Err(Problem::CannotCheck(
            "its signature value is not a CMS SignedData".into(),
        ));
    }
    let der = info.content.to_der().map_err(|_| unreadable())?;
    let signed: SignedData = info.content.decode_as().map_err(|_| unreadable())?;
    Ok((signed, der))
}

/// The signer's certificate, found the way the signature names it.
fn signer_certificate<'a>(
    signed: &'a SignedData,
    signer: &SignerInfo,
) -> std::result::Result<&'a Certificate, Problem> {
    let mut certs = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(cert) => Some(cert),
            _ => None,
        });
    let found = match &signer.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(ski) => certs.find(|c| {
            c.tbs_certificate
                .extensions
                .iter()
                .flatten()
                .filter(|e| e.extn_id == OID_SUBJECT_KEY_ID)
                .filter_map(|e| OctetString::from_der(e.extn_value.as_bytes()).ok())
                .any(|id| id.as_bytes() == ski.0.as_bytes())
        }),
    };
    found.ok_or_else(|| {
        Problem::CannotCheck("the signer's certificate is not included in the signature".into())
    })
}

const OID_SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");

/// The signed attributes exactly as encoded in the file, re-tagged as a SET
/// (RFC 5652 §5.4: the signature is over their DER with a SET tag).
///
/// Walks SignedData ::= SEQUENCE { version, digestAlgorithms, encapContentInfo,
/// [0] certificates OPTIONAL, [1] crls OPTIONAL, signerInfos SET } to the first
/// SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] signedAttrs ... }.
fn raw_signed_attributes(signed_data_der: &[u8]) -> Option<Vec<u8>> {
    let signed_data = AnyRef::from_der(signed_data_der).ok()?;
    let signer_infos = elements(signed_data.value())?.into_iter().last()?;
    let signer_info = *elements(signer_infos.value())?.first()?;
    let attrs = elements(signer_info.value())?
        .into_iter()
        .skip(3)
        .find(|e| {
            e.tag()
                == Tag::ContextSpecific {
                    constructed: true,
                    number: der::TagNumber::N0,
                }
        })?;
    AnyRef::new(Tag::Set, attrs.value()).ok()?.to_der().ok()
}

/// The elements of a constructed value, borrowed from the original bytes.
fn elements(value: &[u8]) -> Option<Vec<AnyRef<'_>>> {
    let mut reader = SliceReader::new(value).ok()?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        out.push(reader.decode::<AnyRef<'_>>().ok()?);
    }
    Some(out)
}

/// ESSCertIDv2 (RFC 5035), read leniently: the hash algorithm defaults to
/// SHA-256 and the issuer and serial are optional.
#[derive(Debug, Clone, Sequence)]
struct EssCertIdV2 {
    #[asn1(optional = "true")]
    hash_algorithm: Option<AlgorithmIdentifierOwned>,
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<Any>,
}

#[derive(Debug, Clone, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
    #[asn1(optional = "true")]
    policies: Option<Any>,
}

/// When the signer signed the certificate's hash (PAdES and most CAdES
/// signers do), it must be the certificate included. No such attribute, or
/// one hashed with something other than SHA-256, proves nothing either way.
fn signing_certificate_matches<'a>(
    mut attrs: impl Iterator<Item = &'a x509_cert::attr::Attribute>,
    cert_der: &[u8],
) -> bool {
    let Some(attr) = attrs.find(|a| a.oid == OID_SIGNING_CERT_V2) else {
        return true;
    };
    let Some(Ok(value)) = attr
        .values
        .iter()
        .next()
        .map(|v| v.decode_as::<SigningCertificateV2>())
    else {
        return false;
    };
    let Some(first) = value.certs.first() else {
        return false;
    };
    if first
        .hash_algorithm
        .as_ref()
        .is_some_and(|alg| alg.oid != OID_SHA256)
    {
        return true;
    }
    first.cert_hash.as_bytes() == Sha256::digest(cert_der).as_slice()
}

/// The signed signing-time attribute, if the signer added one.
fn signing_time<'a>(
    mut attrs: impl Iterator<Item = &'a x509_cert::attr::Attribute>,
) -> Option<DateTime<Utc>> {
    let attr = attrs.find(|a| a.oid == OID_SIGNING_TIME)?;
    // Time is a CHOICE, so it is decoded from the value's whole encoding.
    let time = Time::from_der(&attr.values.iter().next()?.to_der().ok()?).ok()?;
    let secs = i64::try_from(time.to_unix_duration().as_secs()).ok()?;
    Utc.timestamp_opt(secs, 0).single()
}

/// "D:20261125143000+00'00'" (the PDF date format) to a time.
fn parse_pdf_date(raw: &[u8]) -> Option<DateTime<Utc>> {
    let s = std::str::from_utf8(raw).ok()?;
    let s = s.strip_prefix("D:").unwrap_or(s);
    let digits = |from: usize, len: usize, default: u32| -> Option<u32> {
        match s.get(from..from + len) {
            Some(part) if part.bytes().all(|b| b.is_ascii_digit()) => part.parse().ok(),
            Some(_) => None,
            None => Some(default),
        }
    };
    let year = i32::try_from(digits(0, 4, 0)?).ok()?;
    if s.len() < 4 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year, digits(4, 2, 1)?, digits(6, 2, 1)?)?;
    let time = date.and_hms_opt(digits(8, 2, 0)?, digits(10, 2, 0)?, digits(12, 2, 0)?)?;
    let zone = s.get(14..).unwrap_or("");
    let offset_secs = match zone.as_bytes().first() {
        None | Some(b'Z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let rest: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
            let h: i32 = rest.get(0..2)?.parse().ok()?;
            let m: i32 = rest.get(2..4).map_or(Some(0), |m| m.parse().ok())?;
            let secs = h * 3600 + m * 60;
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        Some(_) => return None,
    };
    let offset = FixedOffset::east_opt(offset_secs)?;
    Some(
        offset
            .from_local_datetime(&time)
            .single()?
            .with_timezone(&Utc),
    )
}

/// A PDF text string: UTF-16 with a byte-order mark, or PDFDocEncoding
/// (read as Latin-1, which matches it for everything a name needs).
fn pdf_text(raw: &[u8]) -> String {
    if let Some(utf16) = raw.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Ok(s) = std::str::from_utf8(raw.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(raw)) {
        return s.to_string();
    }
    raw.iter().map(|&b| b as char).collect()
}

fn algorithm_name(alg: &AlgorithmIdentifierOwned) -> String {
    match alg.oid.to_string().as_str() {
        "1.2.840.113549.1.1.1" => "RSA".into(),
        "1.2.840.113549.1.1.11" => "RSA with SHA-256".into(),
        "1.2.840.113549.1.1.10" => "RSA-PSS".into(),
        "1.3.14.3.2.26" => "SHA-1".into(),
        "2.16.840.1.101.3.4.2.2" => "SHA-384".into(),
        "2.16.840.1.101.3.4.2.3" => "SHA-512".into(),
        "1.3.101.112" => "Ed25519".into(),
        "1.2.840.10045.4.3.3" => "ECDSA with SHA-384".into(),
        other => format!("OID {other}"),
    }
}

// ------------------------------------------------------------ the old answer

/// The result of checking a signed PDF, in the older, simpler form.
///
/// Kept because the core's `Store::verify_file` returns it. New code should
/// use [`check_pdf`] and its [`Verdict`], which is what a finance officer can
/// rely on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// The last signer's name from its certificate (its common name).
    pub signer: String,
    /// The last signer's certificate's SHA-256 fingerprint, "AB:CD:...".
    pub fingerprint: String,
    /// True when nothing in the file was changed after it was signed: every
    /// signature is intact and nothing was added after the last one.
    pub intact: bool,
    /// True when the last signature covers the whole file except the
    /// signature value itself (nothing was added after signing).
    pub covers_whole_file: bool,
    /// Whether every signer is this forum (by public key): `None` when no own
    /// certificate was given.
    pub ours: Option<bool>,
}

/// [`check_pdf`] in the older form. Pass the forum's own certificate (DER) to
/// learn whether the forum signed it. Errors when the file is not a PDF, is
/// not signed, or has a signature that cannot be checked.
pub fn verify_pdf(bytes: &[u8], own_cert_der: Option<&[u8]>) -> Result<Verification> {
    let own = own_cert_der
        .map(TrustedCertificate::from_pem_or_der)
        .transpose()?;
    let report = check_pdf(bytes, own.as_ref());
    match report.verdict {
        Verdict::Unreadable => return Err(ExportError::NotAPdf(report.summary)),
        Verdict::NotSigned => return Err(ExportError::NotSigned),
        Verdict::CannotCheck => return Err(ExportError::BadSignature(report.summary)),
        _ => {}
    }
    let last = report
        .signatures
        .iter()
        .max_by_key(|s| s.covers_up_to)
        .ok_or(ExportError::NotSigned)?;
    Ok(Verification {
        signer: last.signer.clone().unwrap_or_else(|| "(unknown)".into()),
        fingerprint: last.fingerprint.clone().unwrap_or_default(),
        intact: report.verdict != Verdict::Changed,
        covers_whole_file: last.covers_whole_file,
        ours: own.map(|_| report.signatures.iter().all(|s| s.trusted == Some(true))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        let t = parse_pdf_date(b"D:20261125143000+00'00'").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-11-25T14:30:00+00:00");
        let t = parse_pdf_date(b"D:20260701100000+01'00'").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-07-01T09:00:00+00:00");
        let t = parse_pdf_date(b"D:20260701100000Z").unwrap();
        assert_eq!(t.to_rfc3339(), "2026-07-01T10:00:00+00:00");
        assert!(parse_pdf_date(b"yesterday").is_none());
    }

    #[test]
    fn hex_and_text() {
        assert_eq!(hex_decode(b"0aFf").unwrap(), vec![0x0a, 0xff]);
        assert_eq!(hex_decode(b"7").unwrap(), vec![0x70]);
        assert!(hex_decode(b"zz").is_none());
        assert_eq!(pdf_text(&[0xFE, 0xFF, 0, b'Z', 0, 0xEB]), "Zë");
        assert_eq!(pdf_text(b"Priya"), "Priya");
    }

    #[test]
    fn how_to_check_is_one_short_line() {
        assert!(!HOW_TO_CHECK.contains('\n'));
        assert!(FINANCE_OFFICER_STEPS.contains("pdfsig"));
        assert!(FINANCE_OFFICER_STEPS.contains("Adobe"));
    }
}
