//! Checks a signed PDF: was it changed after signing, and who signed it.
//!
//! This is deliberately independent of the signing code's assumptions: it
//! reads whatever `/ByteRange` and `/Contents` the file holds, recomputes the
//! digest and checks the ECDSA signature with the embedded certificate.

use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::OctetString;
use der::{Encode, Reader, SliceReader};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::Signature;
use serde::{Deserialize, Serialize};
use x509_cert::Certificate;

use crate::error::{ExportError, Result};
use crate::signing::{
    cert_public_key, common_name, digest_ranges, fingerprint, rfind, OID_MESSAGE_DIGEST,
    OID_SHA256, OID_SIGNED_DATA,
};

/// The result of checking a signed PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// The signer's name from the certificate (its common name).
    pub signer: String,
    /// The signing certificate's SHA-256 fingerprint, "AB:CD:...".
    pub fingerprint: String,
    /// True when the signed bytes are unchanged and the signature is genuine
    /// for the embedded certificate.
    pub intact: bool,
    /// True when the signature covers the whole file except the signature
    /// value itself (nothing was added after signing).
    pub covers_whole_file: bool,
    /// Whether the signer is this forum: `None` when no own certificate was given.
    pub ours: Option<bool>,
}

/// Verifies the last signature in `bytes`. Pass the forum's own certificate
/// (DER) to learn whether the forum signed it.
pub fn verify_pdf(bytes: &[u8], own_cert_der: Option<&[u8]>) -> Result<Verification> {
    if !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(ExportError::NotAPdf(
            "it does not start like a PDF file".into(),
        ));
    }
    let range = byte_range(bytes)?;
    let (hole_start, hole_end) = (range[0] + range[1], range[2]);
    let contents = parse_hex(&bytes[hole_start..hole_end])?;
    let (signed_data, cert) = parse_cms(&contents)?;
    let cert_der = cert.to_der().map_err(|e| {
        ExportError::BadSignature(format!("the certificate could not be re-encoded ({e})"))
    })?;
    let fp = fingerprint(&cert_der);

    let digest = digest_ranges(bytes, &range);
    let intact = signature_holds(&signed_data, &cert, &digest)?;
    let covers_whole_file = range[0] == 0 && range[2] + range[3] == bytes.len();
    let ours = own_cert_der.map(|own| fingerprint(own) == fp);
    Ok(Verification {
        signer: common_name(&cert.tbs_certificate.subject),
        fingerprint: fp,
        intact,
        covers_whole_file,
        ours,
    })
}

/// The four numbers of the last /ByteRange, checked against the file size.
fn byte_range(bytes: &[u8]) -> Result<[usize; 4]> {
    let at = rfind(bytes, b"/ByteRange").ok_or(ExportError::NotSigned)?;
    let rest = &bytes[at + b"/ByteRange".len()..];
    let open = rest.iter().position(|&b| b == b'[').filter(|&p| p < 16);
    let close = rest.iter().position(|&b| b == b']').filter(|&p| p < 128);
    let (Some(open), Some(close)) = (open, close) else {
        return Err(ExportError::BadSignature(
            "the signed byte range is damaged".into(),
        ));
    };
    let text = String::from_utf8_lossy(rest.get(open + 1..close).unwrap_or_default()).into_owned();
    let nums: Vec<usize> = text
        .split_ascii_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [a, b, c, d] = nums[..] else {
        return Err(ExportError::BadSignature(
            "the signed byte range does not have four numbers".into(),
        ));
    };
    let fits = a.checked_add(b).is_some_and(|e| e <= c)
        && c.checked_add(d).is_some_and(|e| e <= bytes.len());
    if !fits || c - (a + b) < 2 {
        return Err(ExportError::BadSignature(
            "the signed byte range does not fit the file".into(),
        ));
    }
    Ok([a, b, c, d])
}

/// "<3082...0000>" to bytes. Trailing zero padding is harmless: DER
/// parsing below stops at the end of the first structure.
fn parse_hex(hole: &[u8]) -> Result<Vec<u8>> {
    let bad = || ExportError::BadSignature("the signature value is not valid hexadecimal".into());
    let inner = hole
        .strip_prefix(b"<")
        .and_then(|h| h.strip_suffix(b">"))
        .ok_or_else(bad)?;
    let digits: Vec<u8> = inner
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if !digits.len().is_multiple_of(2) {
        return Err(bad());
    }
    digits
        .chunks(2)
        .map(|pair| {
            let s = std::str::from_utf8(pair).map_err(|_| bad())?;
            u8::from_str_radix(s, 16).map_err(|_| bad())
        })
        .collect()
}

/// The SignedData and the signer's certificate.
fn parse_cms(der_bytes: &[u8]) -> Result<(SignedData, Certificate)> {
    let bad = |what: &str| ExportError::BadSignature(what.to_string());
    let mut reader = SliceReader::new(der_bytes).map_err(|_| bad("the signature is empty"))?;
    let info: ContentInfo = reader
        .decode()
        .map_err(|e| ExportError::BadSignature(format!("it is not a CMS signature ({e})")))?;
    if info.content_type != OID_SIGNED_DATA {
        return Err(bad("it is not a CMS SignedData signature"));
    }
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| ExportError::BadSignature(format!("the SignedData is damaged ({e})")))?;
    let signer = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| bad("it has no signer"))?;
    let certs: Vec<&Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(cert) => Some(cert),
            _ => None,
        })
        .collect();
    let cert = match &signer.sid {
        SignerIdentifier::IssuerAndSerialNumber(ias) => certs.iter().find(|c| {
            c.tbs_certificate.issuer == ias.issuer
                && c.tbs_certificate.serial_number == ias.serial_number
        }),
        SignerIdentifier::SubjectKeyIdentifier(_) => certs.first(),
    }
    .ok_or_else(|| bad("the signer's certificate is not included"))?;
    Ok((signed.clone(), (*cert).clone()))
}

/// Message digest matches and the ECDSA signature over the signed
/// attributes verifies with the certificate's key.
fn signature_holds(signed: &SignedData, cert: &Certificate, digest: &[u8]) -> Result<bool> {
    let Some(signer) = signed.signer_infos.0.iter().next() else {
        return Ok(false);
    };
    if signer.digest_alg.oid != OID_SHA256 {
        return Err(ExportError::BadSignature(
            "it uses a digest other than SHA-256, which this app cannot check".into(),
        ));
    }
    let Some(attrs) = &signer.signed_attrs else {
        return Ok(false);
    };
    let claimed = attrs
        .iter()
        .find(|a| a.oid == OID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<OctetString>().ok());
    let digest_matches = claimed.is_some_and(|c| c.as_bytes() == digest);
    let key = cert_public_key(cert)?;
    let Ok(sig) = Signature::from_der(signer.signature.as_bytes()) else {
        return Ok(false);
    };
    let Ok(signed_attrs_der) = attrs.to_der() else {
        return Ok(false);
    };
    let signature_ok = key.verify(&signed_attrs_der, &sig).is_ok();
    Ok(digest_matches && signature_ok)
}
