//! `forumdesk verify FILE.pdf [--certificate CERT.pem|.cer] [--json]`: can a council finance
//! officer rely on this PDF? Every signature must be intact, the last must cover the whole
//! file, and every signer must hold the trusted certificate's key (the one given, or this
//! forum's own from the data folder). The exit code says which, so scripts can act on it:
//!
//! - 0: all of that holds.
//! - 1: changed after signing. This wins over every other finding.
//! - 3: intact, but a signer is not the trusted certificate, or there was no certificate to
//!   compare with, so only integrity was checked.
//! - 4: not signed, not a PDF it can read, or a signature it cannot check (such as RSA).
//! - 2: usage problems, such as a file that does not exist.
//!
//! It never asks for a passphrase, never opens the store and never creates a data folder:
//! the forum's certificate is public and kept beside the store, not in it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use forumdesk_export::signing::CERT_FILE;
use forumdesk_export::verify::{
    check_pdf, Report, SignatureCheck, SignatureState, TrustedCertificate, Verdict,
};
use serde::Serialize;

use crate::{locate_data_dir, CliError};

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    /// The signed PDF to check.
    #[arg(value_name = "FILE.pdf")]
    pub file: PathBuf,
    /// The certificate to trust, as PEM or binary (.cer). Without it, this forum's own
    /// certificate is used when run with a forum's data folder.
    #[arg(long, value_name = "CERT.pem|.cer")]
    pub certificate: Option<PathBuf>,
    /// Print the result as JSON instead of sentences.
    #[arg(long)]
    pub json: bool,
}

/// The exit code for each verdict.
pub fn exit_code(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Trusted => 0,
        Verdict::Changed => 1,
        Verdict::UntrustedSigner | Verdict::IntegrityOnly => 3,
        Verdict::NotSigned | Verdict::Unreadable | Verdict::CannotCheck => 4,
    }
}

/// Where the trusted certificate came from.
#[derive(Debug, Serialize)]
struct TrustSource {
    name: String,
    fingerprint: String,
    /// "given" (--certificate) or "forum" (the data folder's).
    source: &'static str,
    path: String,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    file: String,
    exit_code: u8,
    trusted_certificate: Option<&'a TrustSource>,
    #[serde(flatten)]
    report: &'a Report,
}

/// Writes a line; a reader that has gone away (`forumdesk verify x.pdf | head -1`) is not an
/// error worth reporting, and the exit code still says what was found.
macro_rules! line {
    ($out:expr, $($arg:tt)*) => {{
        let _ = writeln!($out, $($arg)*);
    }};
}

pub fn run(args: VerifyArgs, requested_dir: Option<PathBuf>) -> Result<ExitCode, CliError> {
    run_to(args, requested_dir, &mut std::io::stdout().lock())
}

/// [`run`], writing to `out` instead of stdout (for tests and the window).
pub fn run_to(
    args: VerifyArgs,
    requested_dir: Option<PathBuf>,
    out: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let bytes = std::fs::read(&args.file).map_err(|e| {
        CliError::Usage(format!(
            "Could not read {}: {e}. Check the file name.",
            args.file.display()
        ))
    })?;
    let (trusted, source, no_cert_reason) = trusted_certificate(&args, requested_dir)?;
    let report = check_pdf(&bytes, trusted.as_ref());
    let code = exit_code(report.verdict);

    if args.json {
        let json = JsonReport {
            file: args.file.display().to_string(),
            exit_code: code,
            trusted_certificate: source.as_ref(),
            report: &report,
        };
        let text = serde_json::to_string_pretty(&json)
            .map_err(|e| CliError::Failed(format!("Could not write the result as JSON: {e}")))?;
        line!(out, "{text}");
    } else {
        print_report(out, &args.file, &report, source.as_ref(), &no_cert_reason);
    }
    Ok(ExitCode::from(code))
}

/// The certificate to trust: the one given, else the forum's own public certificate from the
/// data folder when there is one. The folder is only looked into, never created.
fn trusted_certificate(
    args: &VerifyArgs,
    requested_dir: Option<PathBuf>,
) -> Result<(Option<TrustedCertificate>, Option<TrustSource>, String), CliError> {
    let (path, source) = match &args.certificate {
        Some(path) => (path.clone(), "given"),
        None => {
            let Ok(dir) = locate_data_dir(requested_dir) else {
                return Ok((
                    None,
                    None,
                    "no --certificate was given and there is no data folder".into(),
                ));
            };
            let path = dir.join(CERT_FILE);
            if !path.is_file() {
                return Ok((
                    None,
                    None,
                    format!(
                        "no --certificate was given and there is no forum certificate at {}",
                        path.display()
                    ),
                ));
            }
            (path, "forum")
        }
    };
    let bytes = std::fs::read(&path).map_err(|e| {
        CliError::Usage(format!(
            "Could not read the certificate {}: {e}.",
            path.display()
        ))
    })?;
    let cert = TrustedCertificate::from_pem_or_der(&bytes).map_err(|_| {
        CliError::Usage(format!(
            "{} is not a certificate Forum Desk can read. Give the forum's certificate, as a .pem or .cer file, with --certificate.",
            path.display()
        ))
    })?;
    let info = TrustSource {
        name: cert.name().to_string(),
        fingerprint: cert.fingerprint().to_string(),
        source,
        path: path.display().to_string(),
    };
    Ok((Some(cert), Some(info), String::new()))
}

fn print_report(
    out: &mut dyn Write,
    file: &Path,
    report: &Report,
    source: Option<&TrustSource>,
    no_cert: &str,
) {
    line!(out, "{}", report.summary);
    line!(out, "");
    line!(out, "File: {} ({} bytes)", file.display(), report.file_size);
    match source {
        Some(t) => line!(
            out,
            "Trusted certificate: \"{}\", fingerprint {} ({} {})",
            t.name,
            t.fingerprint,
            if t.source == "forum" {
                "this forum's certificate,"
            } else {
                "given with --certificate,"
            },
            t.path
        ),
        None => line!(out, "Trusted certificate: none ({no_cert})."),
    }
    let count = report.signatures.len();
    for sig in &report.signatures {
        print_signature(out, sig, count, report.file_size);
    }
    if !report.checked.is_empty() {
        line!(out, "What was checked:");
        for line in &report.checked {
            line!(out, "  - {line}");
        }
    }
}

fn print_signature(out: &mut dyn Write, sig: &SignatureCheck, count: usize, file_size: u64) {
    line!(out, "Signature {} of {count}:", sig.number);
    if let Some(name) = &sig.signer {
        line!(
            out,
            "  Signer: {name} (the name in its certificate; anyone can choose a name)"
        );
    }
    if let Some(fp) = &sig.fingerprint {
        line!(out, "  Certificate fingerprint (SHA-256): {fp}");
    }
    match sig.trusted {
        Some(true) => line!(out, "  Signer's key: the trusted certificate's key."),
        Some(false) => line!(out, "  Signer's key: NOT the trusted certificate's key."),
        None => line!(
            out,
            "  Signer's key: not compared with a trusted certificate."
        ),
    }
    if let Some(at) = &sig.signed_at {
        let shown = chrono::DateTime::parse_from_rfc3339(at)
            .map(|t| t.format("%d/%m/%Y %H:%M:%S UTC").to_string())
            .unwrap_or_else(|_| at.clone());
        let from = match sig.signed_at_source.as_deref() {
            Some("signature") => "in the signature",
            _ => "in the PDF",
        };
        line!(
            out,
            "  Signed at: {shown}, as the signer's computer stated it ({from})"
        );
    }
    if let Some(name) = &sig.name_in_pdf {
        line!(out, "  Signed for: {name}");
    }
    if let Some(reason) = &sig.reason {
        line!(out, "  Reason: {reason}");
    }
    let problem = sig.problem.as_deref().unwrap_or("");
    match sig.state {
        SignatureState::Intact => {
            line!(
                out,
                "  Intact: yes, the bytes it signed are unchanged and the signature is genuine."
            )
        }
        SignatureState::Changed => line!(out, "  Intact: NO, {problem}."),
        SignatureState::CannotCheck => line!(out, "  Intact: could not be checked: {problem}."),
    }
    if sig.covers_whole_file {
        line!(out, "  Covers: the whole file.");
    } else if sig.covers_up_to > 0 {
        line!(
            out,
            "  Covers: bytes 0 to {} of {file_size}; {} bytes were added after it.",
            sig.covers_up_to,
            file_size.saturating_sub(sig.covers_up_to)
        );
    }
}
