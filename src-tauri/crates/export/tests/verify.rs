//! `check_pdf` against the ways a claim pack is really altered: a flipped
//! byte, bytes appended after %%EOF, an incremental update made with pyHanko,
//! a second signature by a stranger's key under the forum's name, and a pack
//! signed from scratch by a stranger. Each case is also shown to pdfsig and
//! pyHanko, so our verdict is checked against tools nobody here wrote.

mod common;

use std::path::Path;

use common::*;
use forumdesk_export::verify::{
    check_pdf, Report, SignatureState, TrustedCertificate, Verdict, FINANCE_OFFICER_STEPS,
    HOW_TO_CHECK,
};
use forumdesk_export::*;
use lopdf::dictionary;

const FORUM: &str = "Northshire Parent Carer Forum";

fn identity(dir: &Path, name: &str) -> ForumIdentity {
    ForumIdentity::load_or_create(dir, name, now()).unwrap()
}

fn panel(id: &ForumIdentity) -> SignaturePanel {
    SignaturePanel {
        forum: FORUM.into(),
        person: "Priya Shah".into(),
        role: "Treasurer".into(),
        signed_at: "25/11/2026 14:30".into(),
        fingerprint: id.fingerprint_sha256(),
    }
}

/// The forum's identity, its unsigned pack and the signed pack.
fn signed_pack(dir: &Path) -> (ForumIdentity, Vec<u8>, Vec<u8>) {
    let id = identity(&dir.join("forum"), FORUM);
    let unsigned = render_claim_pack(&pack_input(false, Some(panel(&id)))).unwrap();
    let signed = sign_pdf(
        &unsigned,
        &id,
        "Priya Shah",
        "Claim pack approved for payment",
        now(),
    )
    .unwrap();
    (id, unsigned, signed)
}

fn trust(id: &ForumIdentity) -> TrustedCertificate {
    TrustedCertificate::from_pem_or_der(id.certificate_pem().as_bytes()).unwrap()
}

/// Runs tests/pdf_tamper.py (pyHanko) and returns what it printed.
fn tamper(args: &[&str]) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pdf_tamper.py");
    let mut all = vec![script];
    all.extend_from_slice(args);
    let (ok, out) = run(
        "python3",
        "python3 with pyhanko and cryptography (pip install pyhanko pyhanko-cli)",
        &all,
    );
    assert!(ok, "pdf_tamper.py {args:?} failed:\n{out}");
    out
}

/// pyHanko's own verdict, trusting only `cert`.
fn pyhanko_validate(pdf: &str, cert: &str) -> (bool, String) {
    run(
        "pyhanko",
        "pyHanko's command line (pip install pyhanko pyhanko-cli)",
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            cert,
            "--trust-replace",
            pdf,
        ],
    )
}

/// The pdfsig report split per signature ("Signature #1:", "Signature #2:").
fn pdfsig_signatures(report: &str) -> Vec<String> {
    report
        .split("Signature #")
        .skip(1)
        .map(str::to_string)
        .collect()
}

fn show(r: &Report) -> String {
    format!("{r:#?}")
}

#[test]
fn an_untouched_pack_is_trusted_and_outside_tools_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, _, signed) = signed_pack(tmp.path());

    let r = check_pdf(&signed, Some(&trust(&id)));
    assert_eq!(r.verdict, Verdict::Trusted, "{}", show(&r));
    assert!(
        r.summary.starts_with("You can rely on this file"),
        "{}",
        r.summary
    );
    assert_eq!(r.signatures.len(), 1);
    let s = &r.signatures[0];
    assert_eq!(s.state, SignatureState::Intact);
    assert!(s.covers_whole_file);
    assert_eq!(s.covers_up_to, signed.len() as u64);
    assert_eq!(s.trusted, Some(true));
    assert_eq!(s.signer.as_deref(), Some(FORUM));
    assert_eq!(
        s.fingerprint.as_deref(),
        Some(id.fingerprint_sha256().as_str())
    );
    // Our signer puts the time in /M (PAdES forbids the CMS signing-time).
    assert_eq!(s.signed_at.as_deref(), Some("2026-11-25T14:30:00+00:00"));
    assert_eq!(s.signed_at_source.as_deref(), Some("pdf"));
    assert_eq!(s.name_in_pdf.as_deref(), Some("Priya Shah"));
    assert_eq!(r.trusted_fingerprint, Some(id.fingerprint_sha256()));
    assert!(r
        .checked
        .iter()
        .any(|c| c.contains("names are never trusted")));

    // The binary (.cer) form of the certificate is trusted the same way.
    let der = TrustedCertificate::from_pem_or_der(id.certificate_der()).unwrap();
    assert_eq!(check_pdf(&signed, Some(&der)).verdict, Verdict::Trusted);
    assert_eq!(der.fingerprint(), id.fingerprint_sha256());

    // With no certificate, only integrity can be checked.
    let r = check_pdf(&signed, None);
    assert_eq!(r.verdict, Verdict::IntegrityOnly, "{}", show(&r));
    assert!(
        r.summary.contains("Only integrity could be checked"),
        "{}",
        r.summary
    );
    assert_eq!(r.signatures[0].trusted, None);

    let report = pdfsig(tmp.path(), "signed.pdf", &signed);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(
        report.contains("Total document signed"),
        "pdfsig:\n{report}"
    );
    let pdf = write_temp(tmp.path(), "signed.pdf", &signed);
    let cert = write_temp(tmp.path(), "forum.pem", id.certificate_pem().as_bytes());
    let (ok, out) = pyhanko_validate(&pdf, &cert);
    assert!(ok, "pyHanko rejected the untouched pack:\n{out}");
    assert!(out.contains("The signature is judged VALID."), "{out}");
    assert!(
        out.contains("The signature covers the entire file."),
        "{out}"
    );
}

#[test]
fn a_flipped_byte_is_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, unsigned, signed) = signed_pack(tmp.path());
    let trusted = trust(&id);
    // Early in the file, in the middle of the document, and in the appended
    // signature objects (the /M date, just after the signature value).
    let contents_end = signed
        .windows(5)
        .rposition(|w| w == b"> /M ")
        .expect("our signer writes /M after /Contents");
    for at in [200, unsigned.len() / 2, contents_end + 8] {
        let mut tampered = signed.clone();
        tampered[at] ^= 0x01;
        let r = check_pdf(&tampered, Some(&trusted));
        assert_eq!(r.verdict, Verdict::Changed, "flip at {at}:\n{}", show(&r));
        assert_eq!(
            r.summary,
            "Do not pay on this file: it was changed after it was signed."
        );
        assert!(
            r.signatures[0]
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("digest mismatch")),
            "{}",
            show(&r)
        );
        let report = pdfsig(tmp.path(), "flipped.pdf", &tampered);
        assert!(
            report.contains("Digest Mismatch."),
            "pdfsig, flip at {at}:\n{report}"
        );
        assert!(!report.contains("Signature is Valid."), "{report}");
    }

    // A flip in the document's own cross-reference table leaves no revision
    // readable as a PDF: it is still reported as a change, from the signed
    // ranges written in the file.
    let xref = signed.windows(5).position(|w| w == b"\nxref").unwrap() + 1;
    assert!(xref < unsigned.len());
    let mut tampered = signed.clone();
    tampered[xref] ^= 0x01;
    assert!(lopdf::Document::load_mem(&tampered).is_err());
    let r = check_pdf(&tampered, Some(&trusted));
    assert_eq!(r.verdict, Verdict::Changed, "{}", show(&r));
}

#[test]
fn bytes_appended_after_eof_are_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, _, signed) = signed_pack(tmp.path());
    // A short comment, and a block long enough that the file no longer ends
    // with a readable trailer.
    for extra in [
        b"\n% added later\n".to_vec(),
        b"Pay to sort code 99-88-77\n".repeat(40),
    ] {
        let mut appended = signed.clone();
        appended.extend_from_slice(&extra);
        let r = check_pdf(&appended, Some(&trust(&id)));
        assert_eq!(r.verdict, Verdict::Changed, "{}", show(&r));
        assert!(
            r.summary.contains(&format!(
                "{} bytes were added after the last signature",
                extra.len()
            )),
            "{}",
            r.summary
        );
        // The signature itself is still sound: what fails is that it no
        // longer covers the file.
        assert_eq!(r.signatures[0].state, SignatureState::Intact);
        assert!(!r.signatures[0].covers_whole_file);
        let report = pdfsig(tmp.path(), "appended.pdf", &appended);
        assert!(
            !report.contains("Total document signed"),
            "pdfsig:\n{report}"
        );
    }
}

#[test]
fn an_incremental_update_made_with_pyhanko_is_a_change() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, _, signed) = signed_pack(tmp.path());
    let src = write_temp(tmp.path(), "signed.pdf", &signed);
    let dst = tmp.path().join("edited.pdf");
    tamper(&["edit", &src, dst.to_str().unwrap()]);
    let edited = std::fs::read(&dst).unwrap();
    assert!(
        edited.starts_with(&signed),
        "the update must leave the signed bytes as they were"
    );
    // The change is real: a reader sees the new bank details.
    let text = pdftotext(tmp.path(), &edited);
    assert!(text.contains("sort code 99-88-77"), "{text}");

    let r = check_pdf(&edited, Some(&trust(&id)));
    assert_eq!(r.verdict, Verdict::Changed, "{}", show(&r));
    assert!(
        r.summary.starts_with("Do not pay on this file"),
        "{}",
        r.summary
    );
    assert_eq!(r.signatures.len(), 1);
    assert!(!r.signatures[0].covers_whole_file);
    assert_eq!(r.signatures[0].covers_up_to, signed.len() as u64);

    let report = pdfsig(tmp.path(), "edited.pdf", &edited);
    assert!(
        report.contains("Not total document signed"),
        "pdfsig:\n{report}"
    );
    let cert = write_temp(tmp.path(), "forum.pem", id.certificate_pem().as_bytes());
    let (_, out) = pyhanko_validate(dst.to_str().unwrap(), &cert);
    assert!(
        !out.contains("The signature covers the entire file."),
        "pyHanko:\n{out}"
    );
}

#[test]
fn a_stranger_countersigning_under_the_forums_name_is_untrusted() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, _, signed) = signed_pack(tmp.path());
    let src = write_temp(tmp.path(), "signed.pdf", &signed);
    let dst = tmp.path().join("countersigned.pdf");
    let stranger_fp = tamper(&["sign", &src, dst.to_str().unwrap(), FORUM])
        .trim()
        .to_string();
    let both = std::fs::read(&dst).unwrap();
    assert!(
        both.starts_with(&signed),
        "the first signature's bytes stay"
    );

    let r = check_pdf(&both, Some(&trust(&id)));
    assert_eq!(r.verdict, Verdict::UntrustedSigner, "{}", show(&r));
    assert!(r.summary.contains(&stranger_fp), "{}", r.summary);
    assert!(r.summary.starts_with("Do not pay on this file"));
    assert_eq!(r.signatures.len(), 2);
    let (first, second) = (&r.signatures[0], &r.signatures[1]);
    assert_eq!((first.number, second.number), (1, 2));
    assert_eq!(first.state, SignatureState::Intact);
    assert_eq!(first.trusted, Some(true));
    assert!(!first.covers_whole_file);
    assert_eq!(second.state, SignatureState::Intact, "{}", show(&r));
    assert_eq!(second.trusted, Some(false));
    assert!(second.covers_whole_file);
    // Same name, different key: names are never trusted.
    assert_eq!(second.signer.as_deref(), Some(FORUM));
    assert_eq!(second.fingerprint.as_deref(), Some(stranger_fp.as_str()));
    // pyHanko adds a signed signing-time attribute; it is preferred to /M.
    assert_eq!(second.signed_at_source.as_deref(), Some("signature"));

    // Trusting the stranger instead: the forum's own signature is now the
    // untrusted one. Trusting nobody: integrity only.
    let stranger_pem = std::fs::read(format!("{}.cert.pem", dst.display())).unwrap();
    let stranger = TrustedCertificate::from_pem_or_der(&stranger_pem).unwrap();
    assert_eq!(
        check_pdf(&both, Some(&stranger)).verdict,
        Verdict::UntrustedSigner
    );
    assert_eq!(check_pdf(&both, None).verdict, Verdict::IntegrityOnly);

    // pdfsig finds both valid (it does not know whom to trust), and the
    // second covers the whole document.
    let report = pdfsig(tmp.path(), "countersigned.pdf", &both);
    let sigs = pdfsig_signatures(&report);
    assert_eq!(sigs.len(), 2, "pdfsig:\n{report}");
    assert!(
        sigs.iter().all(|s| s.contains("Signature is Valid.")),
        "{report}"
    );
    assert!(sigs[1].contains("Total document signed"), "{report}");
    // pyHanko, trusting only the forum, rejects the stranger's signature.
    let cert = write_temp(tmp.path(), "forum.pem", id.certificate_pem().as_bytes());
    let (ok, out) = pyhanko_validate(dst.to_str().unwrap(), &cert);
    assert!(!ok, "pyHanko trusted a stranger:\n{out}");
}

#[test]
fn a_stranger_countersigning_with_our_own_signer_is_untrusted() {
    // The same attack with this crate's signer, which appends its signature
    // as an incremental update and so keeps the first signature's bytes.
    let tmp = tempfile::tempdir().unwrap();
    let (id, _, signed) = signed_pack(tmp.path());
    let stranger = identity(&tmp.path().join("stranger"), FORUM);
    let both = sign_pdf(&signed, &stranger, "Priya Shah", "Approved", now()).unwrap();
    assert!(both.starts_with(&signed));
    let r = check_pdf(&both, Some(&trust(&id)));
    assert_eq!(r.verdict, Verdict::UntrustedSigner, "{}", show(&r));
    assert!(
        r.summary.contains(&stranger.fingerprint_sha256()),
        "{}",
        r.summary
    );
    assert_eq!(r.signatures.len(), 2);
    let report = pdfsig(tmp.path(), "twice.pdf", &both);
    assert_eq!(pdfsig_signatures(&report).len(), 2, "pdfsig:\n{report}");
}

#[test]
fn a_pack_signed_from_scratch_by_a_stranger_is_untrusted() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, unsigned, _) = signed_pack(tmp.path());
    let stranger = identity(&tmp.path().join("stranger"), FORUM);
    assert_eq!(stranger.subject_name(), id.subject_name());
    let forged = sign_pdf(&unsigned, &stranger, "Priya Shah", "Approved", now()).unwrap();

    let r = check_pdf(&forged, Some(&trust(&id)));
    assert_eq!(r.verdict, Verdict::UntrustedSigner, "{}", show(&r));
    assert!(
        r.summary.contains(&stranger.fingerprint_sha256()),
        "{}",
        r.summary
    );
    assert_eq!(r.signatures[0].signer.as_deref(), Some(FORUM));
    assert_eq!(r.signatures[0].trusted, Some(false));

    // pdfsig sees a valid signature by "the forum": only the key tells them apart.
    let report = pdfsig(tmp.path(), "forged.pdf", &forged);
    assert!(report.contains("Signature is Valid."), "{report}");
    assert!(report.contains(FORUM), "{report}");
    let pdf = write_temp(tmp.path(), "forged.pdf", &forged);
    let cert = write_temp(tmp.path(), "forum.pem", id.certificate_pem().as_bytes());
    let (ok, out) = pyhanko_validate(&pdf, &cert);
    assert!(!ok, "pyHanko trusted a stranger:\n{out}");
}

#[test]
fn an_rsa_countersignature_cannot_be_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let (id, _, signed) = signed_pack(tmp.path());
    let src = write_temp(tmp.path(), "signed.pdf", &signed);
    let dst = tmp.path().join("rsa.pdf");
    tamper(&["sign", &src, dst.to_str().unwrap(), FORUM, "rsa"]);
    let both = std::fs::read(&dst).unwrap();
    let r = check_pdf(&both, Some(&trust(&id)));
    assert_eq!(r.verdict, Verdict::CannotCheck, "{}", show(&r));
    assert!(r.summary.contains("RSA"), "{}", r.summary);
    assert_eq!(r.signatures[1].state, SignatureState::CannotCheck);
    // Still named, so a reader sees who it claims to be.
    assert!(r.signatures[1].fingerprint.is_some());

    // Anything added after it is still a change, which wins.
    let mut appended = both.clone();
    appended.extend_from_slice(b"\n% later\n");
    assert_eq!(
        check_pdf(&appended, Some(&trust(&id))).verdict,
        Verdict::Changed
    );
}

#[test]
fn a_signature_hidden_by_a_later_update_is_still_found() {
    // A later update that redefines the signature dictionary as null: the
    // newest revision has no signature at all, but the file was signed and
    // then changed, so the answer is "changed", not "not signed".
    let tmp = tempfile::tempdir().unwrap();
    let (id, _, signed) = signed_pack(tmp.path());
    let doc = lopdf::Document::load_mem(&signed).unwrap();
    let sig_id = doc
        .objects
        .iter()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"ByteRange")))
        .map(|(id, _)| id.0)
        .unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap().0;
    let mut hidden = signed.clone();
    let prev = doc.xref_start;
    let at = hidden.len();
    hidden.extend_from_slice(format!("{sig_id} 0 obj\nnull\nendobj\n").as_bytes());
    let xref = hidden.len();
    hidden.extend_from_slice(
        format!(
            "xref\n{sig_id} 1\n{at:010} 00000 n \ntrailer\n<< /Size {} /Root {root} 0 R /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n",
            doc.max_id + 1
        )
        .as_bytes(),
    );
    let newest = lopdf::Document::load_mem(&hidden).unwrap();
    assert!(
        !newest
            .objects
            .values()
            .any(|o| o.as_dict().is_ok_and(|d| d.has(b"ByteRange"))),
        "the newest revision should have no signature dictionary"
    );
    let r = check_pdf(&hidden, Some(&trust(&id)));
    assert_eq!(r.verdict, Verdict::Changed, "{}", show(&r));
    assert_eq!(r.signatures.len(), 1);
}

#[test]
fn unsigned_and_unreadable_files() {
    let tmp = tempfile::tempdir().unwrap();
    let id = identity(&tmp.path().join("forum"), FORUM);
    let trusted = trust(&id);
    let unsigned = render_meeting_notes(&notes_input(true, None, 0)).unwrap();
    let r = check_pdf(&unsigned, Some(&trusted));
    assert_eq!(r.verdict, Verdict::NotSigned);
    assert_eq!(
        r.summary,
        "This file has not been digitally signed, so it cannot be checked."
    );
    assert!(
        pdfsig(tmp.path(), "unsigned.pdf", &unsigned).contains("does not contain any signatures")
    );

    for junk in [
        &b""[..],
        b"hello world, not a pdf",
        b"%PDF-1.7\n/ByteRange [0 10 20 5] /Contents <zz>",
        b"%PDF-1.7\n/ByteRange [0 30 40 0]      <3082000000>",
    ] {
        let r = check_pdf(junk, Some(&trusted));
        assert_eq!(r.verdict, Verdict::Unreadable, "{junk:?}: {}", show(&r));
        assert!(r
            .summary
            .starts_with("This file could not be read as a PDF"));
    }
    // A truncated pack is not a PDF any more, whatever it once was.
    let (_, _, signed) = signed_pack(&tmp.path().join("p"));
    let truncated = &signed[..signed.len() / 3];
    assert_ne!(
        check_pdf(truncated, Some(&trusted)).verdict,
        Verdict::Trusted
    );
}

#[test]
fn text_that_looks_like_a_signature_does_not_count() {
    // "/ByteRange" and "/Contents" inside a page's content stream are just
    // text: only real signature dictionaries count.
    let mut doc = lopdf::Document::with_version("1.7");
    let content = doc.add_object(lopdf::Stream::new(
        lopdf::Dictionary::new(),
        b"% /ByteRange [0 10 20 30] /Contents <3082> /Type /Sig\n".to_vec(),
    ));
    let pages_id = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        lopdf::Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page.into()],
            "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    assert!(bytes.windows(10).any(|w| w == b"/ByteRange"));
    assert_eq!(check_pdf(&bytes, None).verdict, Verdict::NotSigned);
}

#[test]
fn the_signature_panel_says_how_to_check() {
    let tmp = tempfile::tempdir().unwrap();
    let (_, _, signed) = signed_pack(tmp.path());
    let text = pdftotext(tmp.path(), &signed);
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(HOW_TO_CHECK), "{flat}");
    // One line on the page, as promised.
    assert!(text.lines().any(|l| l.trim() == HOW_TO_CHECK), "{text}");
    // The longer steps give the same advice.
    for needle in ["Adobe", "pdfsig", "Total document signed", "fingerprint"] {
        assert!(FINANCE_OFFICER_STEPS.contains(needle), "{needle}");
    }
    // Meeting notes carry the same line.
    let id = identity(&tmp.path().join("forum"), FORUM);
    let notes = render_meeting_notes(&notes_input(false, Some(panel(&id)), 0)).unwrap();
    let text = pdftotext(tmp.path(), &notes);
    assert!(text.lines().any(|l| l.trim() == HOW_TO_CHECK), "{text}");
}
