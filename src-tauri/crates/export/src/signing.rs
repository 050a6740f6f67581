//! The forum's signing identity and PAdES B-B signatures on PDFs.
//!
//! The forum signs its own exports so a funder (or the forum later) can see
//! a pack has not been changed since it was approved. There is no
//! certificate authority involved: each forum makes its own self-signed
//! certificate once and shares its fingerprint. All cryptography comes from
//! RustCrypto (p256, x509-cert, cms, sha2); this module only assembles the
//! pieces and does the PDF plumbing (an incremental update holding the
//! signature).

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec, UtcTime, Utf8StringRef};
use der::{Any, DecodePem, Encode, EncodePem, Sequence};
use lopdf::{Dictionary, Object};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{DerSignature, Signature, SigningKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::{Attribute, AttributeTypeAndValue};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::error::{ExportError, Result};
use crate::format;
use crate::pdf_objects::{text_string, write_dictionary};

/// File name of the private key inside the identity folder.
pub const KEY_FILE: &str = "signing-key.pem";
/// File name of the certificate inside the identity folder.
pub const CERT_FILE: &str = "signing-cert.pem";

/// Room reserved for the signature in the PDF, in bytes (written as twice as
/// many hex digits). A P-256 signature with one certificate needs about 1 KB.
const SIGNATURE_ROOM: usize = 16 * 1024;

pub(crate) const OID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(crate) const OID_SIGNED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
pub(crate) const OID_CONTENT_TYPE: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub(crate) const OID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
/// id-aa-signingCertificateV2 (RFC 5035), required by PAdES.
pub(crate) const OID_SIGNING_CERT_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub(crate) const OID_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
pub(crate) const OID_ECDSA_SHA256: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_ORGANIZATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");

/// ESSCertIDv2 (RFC 5035). `hashAlgorithm` defaults to SHA-256, and DER
/// leaves defaults out, so only the hash is written.
#[derive(Debug, Clone, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

/// SigningCertificateV2 (RFC 5035): ties the signature to one certificate.
#[derive(Debug, Clone, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// The forum's key pair and self-signed certificate.
#[derive(Clone)]
pub struct ForumIdentity {
    key: SigningKey,
    cert: Certificate,
    cert_der: Vec<u8>,
}

impl std::fmt::Debug for ForumIdentity {
    // Never print the private key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ForumIdentity")
            .field("subject", &self.subject_name())
            .field("fingerprint", &self.fingerprint_sha256())
            .finish()
    }
}

impl ForumIdentity {
    /// Loads the identity from `dir`, or creates it there on first use.
    ///
    /// Forum Desk itself no longer keeps its key in files: since sign-in slots, the key lives
    /// only inside officers' slots and memory, and an old `signing-key.pem` is moved into
    /// them at the upgrade. This stays for the export crate's own tests and benchmarks, and
    /// to make a version-1 forum's files in the upgrade's tests.
    #[doc(hidden)]
    ///
    /// Creates an ECDSA P-256 key (`signing-key.pem`, PKCS#8, readable only
    /// by the owner on Unix) and a self-signed certificate
    /// (`signing-cert.pem`) naming the forum, valid for 10 years from `now`.
    /// If only one of the two files exists something has gone wrong, and we
    /// refuse rather than replace a key people may already trust.
    pub fn load_or_create(
        dir: &Path,
        forum_name: &str,
        now: DateTime<Utc>,
    ) -> Result<ForumIdentity> {
        let key_path = dir.join(KEY_FILE);
        let cert_path = dir.join(CERT_FILE);
        match (key_path.exists(), cert_path.exists()) {
            (true, true) => Self::load(&key_path, &cert_path),
            (false, false) => Self::create(dir, &key_path, &cert_path, forum_name, now),
            (true, false) => Err(missing_pair(&cert_path, &key_path)),
            (false, true) => Err(missing_pair(&key_path, &cert_path)),
        }
    }

    fn load(key_path: &Path, cert_path: &Path) -> Result<ForumIdentity> {
        let key_pem = std::fs::read_to_string(key_path)?;
        let key = SigningKey::from_pkcs8_pem(&key_pem).map_err(|e| {
            ExportError::Identity(format!("the signing key file could not be read ({e})"))
        })?;
        let cert_pem = std::fs::read(cert_path)?;
        let cert = Certificate::from_pem(&cert_pem).map_err(|e| {
            ExportError::Identity(format!("the certificate file could not be read ({e})"))
        })?;
        let identity = Self::from_parts(key, cert)?;
        // The files must belong together, or every signature would fail to verify.
        let cert_key = cert_public_key(&identity.cert)?;
        if cert_key != *identity.key.verifying_key() {
            return Err(ExportError::Identity(
                "the signing key and certificate files do not belong together".into(),
            ));
        }
        Ok(identity)
    }

    fn create(
        dir: &Path,
        key_path: &Path,
        cert_path: &Path,
        forum_name: &str,
        now: DateTime<Utc>,
    ) -> Result<ForumIdentity> {
        if forum_name.trim().is_empty() {
            return Err(ExportError::Identity(
                "the forum needs a name before it can sign documents".into(),
            ));
        }
        std::fs::create_dir_all(dir)?;
        let key = SigningKey::random(&mut rand_core::OsRng);
        let cert = self_signed_certificate(&key, forum_name, now)?;
        let key_pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|e| ExportError::Identity(format!("the key could not be saved ({e})")))?;
        write_private(key_path, key_pem.as_bytes())?;
        let cert_pem = cert.to_pem(LineEnding::LF).map_err(|e| {
            ExportError::Identity(format!("the certificate could not be saved ({e})"))
        })?;
        std::fs::write(cert_path, cert_pem)?;
        Self::from_parts(key, cert)
    }

    fn from_parts(key: SigningKey, cert: Certificate) -> Result<ForumIdentity> {
        let cert_der = cert.to_der().map_err(|e| {
            ExportError::Identity(format!("the certificate could not be encoded ({e})"))
        })?;
        Ok(ForumIdentity {
            key,
            cert,
            cert_der,
        })
    }

    /// The certificate as PEM text, to share with funders.
    pub fn certificate_pem(&self) -> String {
        self.cert.to_pem(LineEnding::LF).unwrap_or_default()
    }

    /// The certificate in DER (binary) form.
    pub fn certificate_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// SHA-256 fingerprint as "AB:12:...", the form people compare by eye.
    pub fn fingerprint_sha256(&self) -> String {
        fingerprint(&self.cert_der)
    }

    /// The certificate's common name (the forum's name).
    pub fn subject_name(&self) -> String {
        common_name(&self.cert.tbs_certificate.subject)
    }
}

fn missing_pair(missing: &Path, present: &Path) -> ExportError {
    ExportError::Identity(format!(
        "{} is missing but {} exists; restore the missing file from a backup rather than make a new key",
        missing.display(),
        present.display()
    ))
}

/// Writes the private key so only the owner can read it. `create_new`
/// means an existing key is never overwritten.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// A self-signed X.509 v3 end-entity certificate for the forum:
/// CN and O are the forum name, key usage digitalSignature + nonRepudiation.
fn self_signed_certificate(
    key: &SigningKey,
    forum_name: &str,
    now: DateTime<Utc>,
) -> Result<Certificate> {
    let err =
        |what: &str, e: &dyn std::fmt::Display| ExportError::Identity(format!("{what} ({e})"));
    let subject =
        forum_name_as_x509(forum_name).map_err(|e| err("the forum name could not be used", &e))?;
    // Serial numbers must be positive and unique: 16 random bytes, top bit clear.
    let mut serial = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut serial);
    serial[0] = (serial[0] & 0x7F) | 0x01;
    let serial =
        SerialNumber::new(&serial).map_err(|e| err("the serial number could not be made", &e))?;
    let validity = Validity {
        not_before: x509_time(now).map_err(|e| err("the start date could not be used", &e))?,
        not_after: x509_time(now + Duration::days(3653))
            .map_err(|e| err("the end date could not be used", &e))?,
    };
    let spki = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key())
        .map_err(|e| err("the public key could not be encoded", &e))?;
    let profile = Profile::Leaf {
        issuer: subject.clone(),
        enable_key_agreement: false,
        enable_key_encipherment: false,
    };
    let builder = CertificateBuilder::new(profile, serial, validity, subject, spki, key)
        .map_err(|e| err("the certificate could not be prepared", &e))?;
    builder
        .build::<DerSignature>()
        .map_err(|e| err("the certificate could not be signed", &e))
}

/// O = forum, CN = forum, as UTF-8 strings (names may have accents).
fn forum_name_as_x509(forum_name: &str) -> der::Result<Name> {
    let rdn = |oid: ObjectIdentifier| -> der::Result<RelativeDistinguishedName> {
        let value = Any::encode_from(&Utf8StringRef::new(forum_name)?)?;
        let set = SetOfVec::try_from(vec![AttributeTypeAndValue { oid, value }])?;
        Ok(RelativeDistinguishedName(set))
    };
    Ok(RdnSequence(vec![
        rdn(OID_ORGANIZATION)?,
        rdn(OID_COMMON_NAME)?,
    ]))
}

/// UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires.
fn x509_time(t: DateTime<Utc>) -> der::Result<Time> {
    let secs = u64::try_from(t.timestamp()).map_err(|_| der::ErrorKind::DateTime)?;
    let d = std::time::Duration::from_secs(secs);
    if t.timestamp() < 2_524_608_000 {
        Ok(Time::UtcTime(UtcTime::from_unix_duration(d)?))
    } else {
        Ok(Time::GeneralTime(
            der::asn1::GeneralizedTime::from_unix_duration(d)?,
        ))
    }
}

/// The common name in an X.509 name, whatever string type it uses.
pub(crate) fn common_name(name: &Name) -> String {
    for rdn in name.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == OID_COMMON_NAME {
                return String::from_utf8_lossy(atv.value.value()).into_owned();
            }
        }
    }
    String::from("(no name)")
}

/// "AB:CD:..." SHA-256 of DER bytes.
pub(crate) fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The P-256 public key inside a certificate.
pub(crate) fn cert_public_key(cert: &Certificate) -> Result<p256::ecdsa::VerifyingKey> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    p256::ecdsa::VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes()).map_err(|_| {
        ExportError::BadSignature(
            "the certificate does not hold a P-256 key this app can check".into(),
        )
    })
}

// ------------------------------------------------------------ signing PDFs

/// Signs a PDF made by this crate (or any PDF with a classic cross-reference
/// table), returning the signed file.
///
/// The signature covers the whole file except the signature value itself
/// (PAdES B-B, `/SubFilter /ETSI.CAdES.detached`). `signer_name` and
/// `reason` are shown by PDF readers; the time goes in `/M` because PAdES
/// forbids the CMS signing-time attribute.
pub fn sign_pdf(
    unsigned: &[u8],
    identity: &ForumIdentity,
    signer_name: &str,
    reason: &str,
    signing_time: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let mut out = add_signature_placeholder(unsigned, signer_name, reason, signing_time)?;
    let placement = find_placeholder(&out, unsigned.len())?;
    write_byte_range(&mut out, &placement)?;
    let digest = digest_ranges(&out, &placement.byte_range());
    let cms_der = build_cms(identity, &digest)?;
    write_contents(&mut out, &placement, &cms_der)?;
    Ok(out)
}

/// Where the placeholders sit in the output.
struct Placement {
    /// Offset of "[" of the ByteRange placeholder and its length.
    byte_range_at: usize,
    byte_range_len: usize,
    /// Offset of "<" and one past ">" of the Contents placeholder.
    contents_start: usize,
    contents_end: usize,
    file_len: usize,
}

impl Placement {
    fn byte_range(&self) -> [usize; 4] {
        [
            0,
            self.contents_start,
            self.contents_end,
            self.file_len - self.contents_end,
        ]
    }
}

const BYTE_RANGE_PLACEHOLDER: &[u8] = b"[0 ********** ********** **********]";

/// Appends an incremental update holding the signature dictionary (with
/// placeholders), a signature field on the last page and an updated
/// catalog with an AcroForm.
fn add_signature_placeholder(
    unsigned: &[u8],
    signer_name: &str,
    reason: &str,
    signing_time: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let doc =
        lopdf::Document::load_mem(unsigned).map_err(|e| ExportError::NotAPdf(e.to_string()))?;
    let prev_xref = last_startxref(unsigned)?;
    if !unsigned
        .get(prev_xref..)
        .is_some_and(|s| s.starts_with(b"xref"))
    {
        return Err(ExportError::InvalidInput(
            "this PDF uses compressed cross-reference streams, which the signer does not support"
                .into(),
        ));
    }
    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| ExportError::NotAPdf("it has no document catalog".into()))?;
    let page_id = *doc
        .get_pages()
        .values()
        .last()
        .ok_or_else(|| ExportError::NotAPdf("it has no pages".into()))?;
    let size_before = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(0)
        .max(0) as u32;
    let sig_id = size_before.max(doc.max_id + 1);
    let field_id = sig_id + 1;

    // The field is also the widget (an invisible one: the visible panel is
    // ordinary page content drawn by the renderer).
    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", text_string("Forum signature"));
    field.set("V", Object::Reference((sig_id, 0)));
    field.set("F", Object::Integer(132)); // Print + Locked
    field.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    field.set("P", Object::Reference(page_id));

    let mut page = dictionary(&doc, page_id)?;
    let mut annots = resolve_array(&doc, page.get(b"Annots").ok());
    annots.push(Object::Reference((field_id, 0)));
    page.set("Annots", Object::Array(annots));

    let mut catalog = dictionary(&doc, root_id)?;
    let mut acroform = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => doc.get_dictionary(*id).cloned().unwrap_or_default(),
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => Dictionary::new(),
    };
    let mut fields = resolve_array(&doc, acroform.get(b"Fields").ok());
    fields.push(Object::Reference((field_id, 0)));
    acroform.set("Fields", Object::Array(fields));
    acroform.set("SigFlags", Object::Integer(3)); // signatures exist; append only
    catalog.set("AcroForm", Object::Dictionary(acroform));

    let mut out = unsigned.to_vec();
    if out.last() != Some(&b'\n') {
        out.push(b'\n');
    }
    let mut offsets: Vec<(u32, usize)> = Vec::new();

    // The signature dictionary, written by hand so the placeholders are exact.
    offsets.push((sig_id, out.len()));
    let mut sig = Vec::new();
    sig.extend_from_slice(format!("{sig_id} 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ").as_bytes());
    sig.extend_from_slice(BYTE_RANGE_PLACEHOLDER);
    sig.extend_from_slice(b" /Contents <");
    sig.resize(sig.len() + SIGNATURE_ROOM * 2, b'0');
    sig.extend_from_slice(b"> /M ");
    let mut extra = Dictionary::new();
    extra.set("Name", text_string(signer_name));
    extra.set("Reason", text_string(reason));
    crate::pdf_objects::write_object(&mut sig, &text_string(&format::pdf_date(signing_time)));
    // Name and Reason follow as ordinary entries.
    let mut tail = Vec::new();
    write_dictionary(&mut tail, &extra);
    // Strip "<<" and ">>" from the helper dictionary to splice its entries in.
    sig.extend_from_slice(&tail[2..tail.len() - 2]);
    sig.extend_from_slice(b">>\nendobj\n");
    out.extend_from_slice(&sig);

    for (id, dict) in [(field_id, field), (page_id.0, page), (root_id.0, catalog)] {
        offsets.push((id, out.len()));
        out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
        write_dictionary(&mut out, &dict);
        out.extend_from_slice(b"\nendobj\n");
    }

    // Cross-reference section for the update, one subsection per object.
    let xref_at = out.len();
    offsets.sort_unstable();
    out.extend_from_slice(b"xref\n");
    for (id, at) in &offsets {
        out.extend_from_slice(format!("{id} 1\n{at:010} 00000 n \n").as_bytes());
    }
    let mut trailer = Dictionary::new();
    trailer.set("Size", Object::Integer(i64::from(field_id) + 1));
    trailer.set("Root", Object::Reference(root_id));
    if let Ok(info) = doc.trailer.get(b"Info") {
        trailer.set("Info", info.clone());
    }
    if let Ok(id) = doc.trailer.get(b"ID") {
        trailer.set("ID", id.clone());
    }
    trailer.set("Prev", Object::Integer(prev_xref as i64));
    out.extend_from_slice(b"trailer\n");
    write_dictionary(&mut out, &trailer);
    out.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Ok(out)
}

/// A copy of a dictionary object (page or catalog) to rewrite.
fn dictionary(doc: &lopdf::Document, id: lopdf::ObjectId) -> Result<Dictionary> {
    doc.get_dictionary(id)
        .cloned()
        .map_err(|_| ExportError::NotAPdf(format!("object {} is not a dictionary", id.0)))
}

/// An array that may be given directly or by reference.
fn resolve_array(doc: &lopdf::Document, obj: Option<&Object>) -> Vec<Object> {
    match obj {
        Some(Object::Array(a)) => a.clone(),
        Some(Object::Reference(id)) => doc
            .get_object(*id)
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The offset after the last "startxref" keyword.
pub(crate) fn last_startxref(bytes: &[u8]) -> Result<usize> {
    let tail_start = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_start..];
    let pos = rfind(tail, b"startxref")
        .ok_or_else(|| ExportError::NotAPdf("it has no startxref".into()))?;
    let digits: String = tail[pos + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    digits
        .parse()
        .map_err(|_| ExportError::NotAPdf("its startxref is damaged".into()))
}

pub(crate) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn find_placeholder(out: &[u8], search_from: usize) -> Result<Placement> {
    let missing = || ExportError::PdfWrite("the signature placeholder went missing".into());
    let appended = &out[search_from..];
    let br = find(appended, BYTE_RANGE_PLACEHOLDER).ok_or_else(missing)? + search_from;
    let contents_key = find(&out[br..], b"/Contents <").ok_or_else(missing)? + br;
    let contents_start = contents_key + b"/Contents ".len();
    let contents_end = contents_start + 1 + SIGNATURE_ROOM * 2 + 1;
    if out.get(contents_end - 1) != Some(&b'>') {
        return Err(missing());
    }
    Ok(Placement {
        byte_range_at: br,
        byte_range_len: BYTE_RANGE_PLACEHOLDER.len(),
        contents_start,
        contents_end,
        file_len: out.len(),
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Replaces the ByteRange placeholder in place, padding with spaces so no
/// offsets move.
fn write_byte_range(out: &mut [u8], p: &Placement) -> Result<()> {
    let [a, b, c, d] = p.byte_range();
    let mut text = format!("[{a} {b} {c} {d}]").into_bytes();
    if text.len() > p.byte_range_len {
        return Err(ExportError::PdfWrite(
            "the file is too large to sign".into(),
        ));
    }
    // Keep "]" last: pad before it.
    let close = text.pop().unwrap_or(b']');
    text.resize(p.byte_range_len - 1, b' ');
    text.push(close);
    out[p.byte_range_at..p.byte_range_at + p.byte_range_len].copy_from_slice(&text);
    Ok(())
}

/// SHA-256 of the two signed ranges.
pub(crate) fn digest_ranges(bytes: &[u8], range: &[usize; 4]) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(&bytes[range[0]..range[0] + range[1]]);
    h.update(&bytes[range[2]..range[2] + range[3]]);
    h.finalize().to_vec()
}

fn write_contents(out: &mut [u8], p: &Placement, der: &[u8]) -> Result<()> {
    let hex: Vec<u8> = der
        .iter()
        .flat_map(|b| format!("{b:02X}").into_bytes())
        .collect();
    if hex.len() > SIGNATURE_ROOM * 2 {
        return Err(ExportError::PdfWrite(
            "the signature is larger than the space reserved for it".into(),
        ));
    }
    out[p.contents_start + 1..p.contents_start + 1 + hex.len()].copy_from_slice(&hex);
    Ok(())
}

fn algorithm(oid: ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: None,
    }
}

fn cms_err(e: der::Error) -> ExportError {
    ExportError::PdfWrite(format!("the signature could not be encoded ({e})"))
}

/// Builds the detached CMS SignedData for PAdES B-B: signed attributes
/// content-type, message-digest and signing-certificate-v2; no signing-time.
fn build_cms(identity: &ForumIdentity, digest: &[u8]) -> Result<Vec<u8>> {
    let attr = |oid: ObjectIdentifier, value: Any| -> der::Result<Attribute> {
        Ok(Attribute {
            oid,
            values: SetOfVec::try_from(vec![value])?,
        })
    };
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(&identity.cert_der).to_vec())
                .map_err(cms_err)?,
        }],
    };
    let signed_attrs = SetOfVec::try_from(vec![
        attr(
            OID_CONTENT_TYPE,
            Any::encode_from(&OID_DATA).map_err(cms_err)?,
        )
        .map_err(cms_err)?,
        attr(
            OID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest).map_err(cms_err)?).map_err(cms_err)?,
        )
        .map_err(cms_err)?,
        attr(
            OID_SIGNING_CERT_V2,
            Any::encode_from(&ess).map_err(cms_err)?,
        )
        .map_err(cms_err)?,
    ])
    .map_err(cms_err)?;
    // The signature is over the DER encoding of the attributes as a SET.
    let to_sign = signed_attrs.to_der().map_err(cms_err)?;
    let signature: Signature = identity.key.sign(&to_sign);
    let signature_der = signature.to_der();

    let tbs = &identity.cert.tbs_certificate;
    let signer = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer.clone(),
            serial_number: tbs.serial_number.clone(),
        }),
        digest_alg: algorithm(OID_SHA256),
        signed_attrs: Some(signed_attrs),
        signature_algorithm: algorithm(OID_ECDSA_SHA256),
        signature: OctetString::new(signature_der.as_bytes()).map_err(cms_err)?,
        unsigned_attrs: None,
    };
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![algorithm(OID_SHA256)]).map_err(cms_err)?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: OID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(
            SetOfVec::try_from(vec![CertificateChoices::Certificate(identity.cert.clone())])
                .map_err(cms_err)?,
        )),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer]).map_err(cms_err)?),
    };
    let content_info = ContentInfo {
        content_type: OID_SIGNED_DATA,
        content: Any::encode_from(&signed_data).map_err(cms_err)?,
    };
    content_info.to_der().map_err(cms_err)
}

// ------------------------------------------------------------ keys held in memory

/// A forum identity whose private key lives only in memory: made new at set-up, or rebuilt
/// from the PKCS#8 bytes a sign-in slot carries. Nothing here touches the disk.
impl ForumIdentity {
    /// A new key pair and self-signed certificate naming the forum, valid for 10 years from
    /// `now`.
    pub fn generate(forum_name: &str, now: DateTime<Utc>) -> Result<ForumIdentity> {
        if forum_name.trim().is_empty() {
            return Err(ExportError::Identity(
                "the forum needs a name before it can sign documents".into(),
            ));
        }
        let key = SigningKey::random(&mut rand_core::OsRng);
        let cert = self_signed_certificate(&key, forum_name, now)?;
        Self::from_parts(key, cert)
    }

    /// Rebuilds the identity from the private key (PKCS#8 DER) and its certificate (PEM or
    /// DER), refusing a key and certificate that do not belong together.
    pub fn from_key_and_certificate(key_der: &[u8], cert: &[u8]) -> Result<ForumIdentity> {
        let key = SigningKey::from_pkcs8_der(key_der).map_err(|e| {
            ExportError::Identity(format!("the signing key could not be read ({e})"))
        })?;
        let cert = read_certificate(cert)?;
        let identity = Self::from_parts(key, cert)?;
        if cert_public_key(&identity.cert)? != *identity.key.verifying_key() {
            return Err(ExportError::Identity(
                "the signing key and certificate do not belong together".into(),
            ));
        }
        Ok(identity)
    }

    /// Reads a private key written by an earlier version into `signing-key.pem`, so that it
    /// can be moved into the encrypted store. Returns its PKCS#8 DER bytes.
    pub fn read_legacy_key_pem(path: &Path) -> Result<zeroize::Zeroizing<Vec<u8>>> {
        let pem = zeroize::Zeroizing::new(std::fs::read_to_string(path)?);
        let key = SigningKey::from_pkcs8_pem(&pem).map_err(|e| {
            ExportError::Identity(format!("the signing key file could not be read ({e})"))
        })?;
        let der = key.to_pkcs8_der().map_err(|e| {
            ExportError::Identity(format!("the signing key could not be encoded ({e})"))
        })?;
        Ok(zeroize::Zeroizing::new(der.as_bytes().to_vec()))
    }

    /// The private key as PKCS#8 DER, for sealing into an officer's sign-in slot.
    pub fn private_key_der(&self) -> zeroize::Zeroizing<Vec<u8>> {
        let der = self
            .key
            .to_pkcs8_der()
            .expect("a P-256 key always encodes as PKCS#8");
        zeroize::Zeroizing::new(der.as_bytes().to_vec())
    }

    /// An ECDSA P-256 / SHA-256 signature (DER) over `message`: the forum's seal on a record.
    pub fn sign_bytes(&self, message: &[u8]) -> Vec<u8> {
        let sig: DerSignature = self.key.sign(message);
        sig.as_bytes().to_vec()
    }
}

/// A certificate from PEM text or DER bytes.
pub fn read_certificate(bytes: &[u8]) -> Result<Certificate> {
    let parsed = if bytes.starts_with(b"-----BEGIN") {
        Certificate::from_pem(bytes).map_err(|e| e.to_string())
    } else {
        der::Decode::from_der(bytes).map_err(|e: der::Error| e.to_string())
    };
    parsed.map_err(|e| ExportError::Identity(format!("the certificate could not be read ({e})")))
}

/// Checks a signature made by [`ForumIdentity::sign_bytes`] against a certificate (PEM or
/// DER): true only when the certificate's key signed exactly `message`.
pub fn verify_bytes(cert: &[u8], message: &[u8], signature_der: &[u8]) -> bool {
    use p256::ecdsa::signature::Verifier;
    let Ok(cert) = read_certificate(cert) else {
        return false;
    };
    let Ok(key) = cert_public_key(&cert) else {
        return false;
    };
    let Ok(sig) = p256::ecdsa::DerSignature::try_from(signature_der) else {
        return false;
    };
    key.verify(message, &sig).is_ok()
}

/// A certificate (PEM or DER) as people compare it: its name, its SHA-256 fingerprint, and
/// its DER bytes.
pub fn certificate_summary(bytes: &[u8]) -> Result<(String, String, Vec<u8>)> {
    let cert = read_certificate(bytes)?;
    let der = cert.to_der().map_err(|e| {
        ExportError::Identity(format!("the certificate could not be encoded ({e})"))
    })?;
    Ok((
        common_name(&cert.tbs_certificate.subject),
        fingerprint(&der),
        der,
    ))
}
