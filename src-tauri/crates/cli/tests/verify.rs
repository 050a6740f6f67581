//! `forumdesk verify` on real files, as a council finance officer would run it: a signed claim
//! pack passes only when it is untouched and signed with the forum's certificate. Each way of
//! altering it (a flipped byte, bytes after %%EOF, an incremental update made with pyHanko, a
//! stranger's signature under the forum's name) gets its own exit code and plain sentence.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use chrono::NaiveDate;
use clap::Parser;
use forumdesk_cli::commands::verify::run_to;
use forumdesk_cli::{run, Cli};
use forumdesk_core::model::NotesVersion;
use forumdesk_core::{create_demo_folder, Clock, KdfParams, Store, DEMO_PASSPHRASE};
use forumdesk_export::{sign_pdf, ForumIdentity};

const FORUM: &str = "Eastbridge Parent Carer Forum";

fn code(c: ExitCode) -> String {
    format!("{c:?}")
}

fn cli(args: &[&str]) -> ExitCode {
    run(Cli::parse_from(args))
}

/// Runs `forumdesk --data-dir DATA verify FILE EXTRA...` and returns its exit code and what it
/// printed. The exit code comes from the real command line; the text from the same command
/// writing into a buffer, so the two are checked to agree.
fn verify(data: &Path, file: &Path, extra: &[&str]) -> (u8, String) {
    let mut args = vec![
        "forumdesk",
        "--data-dir",
        data.to_str().unwrap(),
        "verify",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let exit = code(cli(&args));

    let parsed = Cli::parse_from(&args);
    let Some(forumdesk_cli::Command::Verify(verify_args)) = parsed.command else {
        panic!("not a verify command");
    };
    let mut out = Vec::new();
    let n = match run_to(verify_args, parsed.data_dir, &mut out) {
        Ok(c) => c,
        Err(e) => ExitCode::from(e.exit_code()),
    };
    assert_eq!(exit, code(n), "the command line and run_to disagree");
    let n = (0..=255u8)
        .find(|i| code(ExitCode::from(*i)) == exit)
        .unwrap();
    (n, String::from_utf8(out).unwrap())
}

fn first_line(out: &str) -> &str {
    out.lines().next().unwrap_or("")
}

/// Runs the pyHanko helper from the export crate's tests.
fn tamper(args: &[&str]) -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../export/tests/pdf_tamper.py");
    let out = Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("the test needs python3 with pyhanko (pip install pyhanko pyhanko-cli)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "pdf_tamper.py {args:?}:\n{text}");
    text
}

fn pdfsig(file: &Path) -> String {
    let out = Command::new("pdfsig")
        .arg(file)
        .output()
        .expect("the test needs pdfsig (apt-get install poppler-utils)");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The demo forum in `data`, signed in as its chair. The command line signs in with the demo
/// passphrase too, from the environment.
fn demo_folder(data: &Path, today: NaiveDate) -> Store {
    std::env::set_var("FORUMDESK_PASSPHRASE", DEMO_PASSPHRASE);
    create_demo_folder(data, today, DEMO_PASSPHRASE, KdfParams::CHEAP_FOR_TESTS).unwrap();
    Store::sign_in_as(data, "", DEMO_PASSPHRASE).unwrap()
}

/// A demo forum's data folder and its signed October claim pack, exported by the command line.
fn demo_pack(dir: &Path) -> (PathBuf, PathBuf) {
    let data = dir.join("data");
    {
        demo_folder(&data, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    }
    let pdf = dir.join("pack.pdf");
    assert_eq!(
        code(cli(&[
            "forumdesk",
            "--data-dir",
            data.to_str().unwrap(),
            "export",
            "claims",
            "--month",
            "2026-10",
            "--funder",
            "Eastbridge County Council",
            "--out",
            pdf.to_str().unwrap(),
        ])),
        code(ExitCode::SUCCESS)
    );
    (data, pdf)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The pack as it was before the forum signed it: the first revision, up to its %%EOF.
fn unsigned_part(signed: &[u8]) -> Vec<u8> {
    let eof = signed.windows(5).position(|w| w == b"%%EOF").unwrap() + 5;
    let end = eof
        + signed[eof..]
            .iter()
            .take_while(|b| b"\r\n".contains(b))
            .count();
    signed[..end].to_vec()
}

#[test]
fn every_case_has_its_exit_code_and_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let (data, pdf) = demo_pack(dir.path());
    let signed = std::fs::read(&pdf).unwrap();
    let forum_pem = data.join("signing-cert.pem");
    assert!(
        forum_pem.is_file(),
        "the forum's certificate is beside the store"
    );
    let (_, forum_fp, forum_der) =
        forumdesk_export::certificate_summary(&std::fs::read(&forum_pem).unwrap()).unwrap();

    // (a) Untouched: trusted with the data folder's certificate, or one given as PEM or DER.
    let (n, out) = verify(&data, &pdf, &[]);
    assert_eq!(n, 0, "{out}");
    assert_eq!(
        first_line(&out),
        "You can rely on this file: it was signed with the trusted certificate and has not been changed since."
    );
    assert!(out.contains(&forum_fp), "{out}");
    assert!(out.contains("this forum's certificate"), "{out}");
    assert!(out.contains("Covers: the whole file."), "{out}");
    let cer = write(dir.path(), "forum.cer", &forum_der);
    for cert in [&forum_pem, &cer] {
        let (n, out) = verify(&data, &pdf, &["--certificate", cert.to_str().unwrap()]);
        assert_eq!(n, 0, "{out}");
        assert!(out.contains("given with --certificate"), "{out}");
    }
    let report = pdfsig(&pdf);
    assert!(report.contains("Signature is Valid."), "{report}");
    assert!(report.contains("Total document signed"), "{report}");

    // (g) No certificate anywhere: only integrity, and the folder named is not created.
    let nowhere = dir.path().join("no-such-folder");
    let (n, out) = verify(&nowhere, &pdf, &[]);
    assert_eq!(n, 3, "{out}");
    assert!(
        first_line(&out).starts_with("Only integrity could be checked"),
        "{out}"
    );
    assert!(!nowhere.exists(), "verify must never create a data folder");

    // (b) A flipped byte inside the signed range.
    let mut bytes = signed.clone();
    bytes[signed.len() / 2] ^= 0x01;
    let flipped = write(dir.path(), "flipped.pdf", &bytes);
    let (n, out) = verify(&data, &flipped, &[]);
    assert_eq!(n, 1, "{out}");
    assert_eq!(
        first_line(&out),
        "Do not pay on this file: it was changed after it was signed."
    );
    assert!(out.contains("digest mismatch"), "{out}");
    assert!(pdfsig(&flipped).contains("Digest Mismatch."));
    // Changed wins even with no certificate to compare with.
    assert_eq!(verify(&nowhere, &flipped, &[]).0, 1);

    // (c) Bytes appended after %%EOF.
    let mut bytes = signed.clone();
    bytes.extend_from_slice(b"\nSort code 99-88-77\n");
    let appended = write(dir.path(), "appended.pdf", &bytes);
    let (n, out) = verify(&data, &appended, &[]);
    assert_eq!(n, 1, "{out}");
    assert!(
        first_line(&out).contains("20 bytes were added after the last signature"),
        "{out}"
    );

    // (d) An incremental update made with pyHanko that changes the first page.
    let edited = dir.path().join("edited.pdf");
    tamper(&["edit", pdf.to_str().unwrap(), edited.to_str().unwrap()]);
    let (n, out) = verify(&data, &edited, &[]);
    assert_eq!(n, 1, "{out}");
    assert!(
        first_line(&out).starts_with("Do not pay on this file"),
        "{out}"
    );
    assert!(
        pdfsig(&edited).contains("Not total document signed"),
        "pdfsig should agree"
    );

    // (e) A second signature by a stranger's key, with the forum's name in its certificate.
    let counter = dir.path().join("countersigned.pdf");
    let stranger_fp = tamper(&[
        "sign",
        pdf.to_str().unwrap(),
        counter.to_str().unwrap(),
        FORUM,
    ])
    .trim()
    .to_string();
    let (n, out) = verify(&data, &counter, &[]);
    assert_eq!(n, 3, "{out}");
    assert!(
        first_line(&out).starts_with("Do not pay on this file"),
        "{out}"
    );
    assert!(first_line(&out).contains(&stranger_fp), "{out}");
    assert!(out.contains("Signature 2 of 2"), "{out}");
    assert!(out.contains("NOT the trusted certificate's key"), "{out}");
    // Trusting the stranger's certificate instead does not help: the forum's is then the stranger.
    let stranger_pem = format!("{}.cert.pem", counter.display());
    assert_eq!(
        verify(&data, &counter, &["--certificate", &stranger_pem]).0,
        3
    );

    // (f) The unsigned pack signed from scratch by a stranger's key under the forum's name.
    let stranger =
        ForumIdentity::load_or_create(&dir.path().join("stranger"), FORUM, chrono::Utc::now())
            .unwrap();
    let forged = sign_pdf(
        &unsigned_part(&signed),
        &stranger,
        "Treasurer",
        "Approved",
        chrono::Utc::now(),
    )
    .unwrap();
    let forged = write(dir.path(), "forged.pdf", &forged);
    let (n, out) = verify(&data, &forged, &[]);
    assert_eq!(n, 3, "{out}");
    assert!(out.contains(&stranger.fingerprint_sha256()), "{out}");
    assert!(
        out.contains(&format!("Signer: {FORUM}")),
        "the name alone proves nothing"
    );

    // (h) Not signed, or not a PDF at all.
    let unsigned = write(dir.path(), "unsigned.pdf", &unsigned_part(&signed));
    let (n, out) = verify(&data, &unsigned, &[]);
    assert_eq!(n, 4, "{out}");
    assert_eq!(
        first_line(&out),
        "This file has not been digitally signed, so it cannot be checked."
    );
    let text = write(
        dir.path(),
        "notes.txt",
        b"Sort code 99-88-77, account 12345678",
    );
    let (n, out) = verify(&data, &text, &[]);
    assert_eq!(n, 4, "{out}");
    assert!(first_line(&out).starts_with("This file could not be read as a PDF"));

    // (i) Usage problems exit 2: a file that is not there, a certificate that is not one.
    let (n, _) = verify(&data, &dir.path().join("missing.pdf"), &[]);
    assert_eq!(n, 2);
    let (n, _) = verify(&data, &pdf, &["--certificate", text.to_str().unwrap()]);
    assert_eq!(n, 2);
    let missing_cert = dir.path().join("missing.pem");
    let (n, _) = verify(
        &data,
        &pdf,
        &["--certificate", missing_cert.to_str().unwrap()],
    );
    assert_eq!(n, 2);
}

#[test]
fn json_output_has_the_verdict_code_sentence_and_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let (data, pdf) = demo_pack(dir.path());
    let (n, out) = verify(&data, &pdf, &["--json"]);
    assert_eq!(n, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "trusted");
    assert_eq!(v["exit_code"], 0);
    assert!(v["summary"]
        .as_str()
        .unwrap()
        .starts_with("You can rely on this file"));
    assert_eq!(v["trusted_certificate"]["source"], "forum");
    let sigs = v["signatures"].as_array().unwrap();
    assert_eq!(sigs.len(), 1);
    assert_eq!(sigs[0]["signer"], FORUM);
    assert_eq!(sigs[0]["state"], "intact");
    assert_eq!(sigs[0]["trusted"], true);
    assert_eq!(sigs[0]["covers_whole_file"], true);
    assert_eq!(
        sigs[0]["fingerprint"],
        v["trusted_certificate"]["fingerprint"]
    );
    assert!(!v["checked"].as_array().unwrap().is_empty());

    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"% later\n");
    let appended = write(dir.path(), "appended.pdf", &bytes);
    let (n, out) = verify(&data, &appended, &["--json"]);
    assert_eq!(n, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "changed");
    assert_eq!(v["exit_code"], 1);
    assert_eq!(v["signatures"][0]["covers_whole_file"], false);
}

#[test]
fn verify_never_creates_a_data_folder_or_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("not-made");
    let file = write(dir.path(), "x.pdf", b"not a pdf");
    let data_s = data.to_str().unwrap();
    assert_eq!(
        code(cli(&[
            "forumdesk",
            "--data-dir",
            data_s,
            "verify",
            file.to_str().unwrap()
        ])),
        code(ExitCode::from(4))
    );
    assert_eq!(
        code(cli(&[
            "forumdesk",
            "--data-dir",
            data_s,
            "verify",
            "/no/such/file.pdf"
        ])),
        code(ExitCode::from(2))
    );
    assert!(!data.exists(), "verify created {}", data.display());
    // Other commands still make the folder on first use.
    assert_eq!(
        code(cli(&["forumdesk", "--data-dir", data_s, "info"])),
        code(ExitCode::SUCCESS)
    );
    assert!(data.is_dir());
}

#[test]
fn certificate_export_writes_pem_and_cer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        demo_folder(&data, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap());
    }
    let pem = dir.path().join("out").join("forum-certificate.pem");
    assert_eq!(
        code(cli(&[
            "forumdesk",
            "--data-dir",
            data.to_str().unwrap(),
            "certificate",
            "export",
            pem.to_str().unwrap(),
        ])),
        code(ExitCode::SUCCESS)
    );
    let text = std::fs::read_to_string(&pem).unwrap();
    assert!(text.starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(
        !text.contains("PRIVATE"),
        "the key never leaves the data folder"
    );
    let der = std::fs::read(pem.with_extension("cer")).unwrap();
    assert_eq!(der[0], 0x30, "the .cer is DER");
}

#[test]
fn notes_and_calendar_exports_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let meetings = {
        let store = demo_folder(&data, today);
        store.meetings_list(&Default::default()).unwrap()
    };
    let data_s = data.to_str().unwrap();
    let finalised = meetings.iter().find(|m| m.finalised).unwrap();
    let notes = dir.path().join("notes.pdf");
    let id = finalised.id.to_string();
    let args = [
        "forumdesk",
        "--data-dir",
        data_s,
        "export",
        "notes",
        "--meeting",
        &id,
        "--out",
        notes.to_str().unwrap(),
    ];
    assert_eq!(code(cli(&args)), code(ExitCode::SUCCESS));
    assert_eq!(
        verify(&data, &notes, &[]).0,
        0,
        "finalised notes are signed with the forum's certificate"
    );

    // A draft meeting's notes are not signed.
    let draft = dir.path().join("draft.pdf");
    let mut store = Store::sign_in_as(&data, "", DEMO_PASSPHRASE).unwrap();
    store.set_clock(Clock::at(today));
    let draft_id = meetings.iter().find(|m| !m.finalised).unwrap().id;
    std::fs::write(
        &draft,
        store
            .meeting_notes_pdf(draft_id, NotesVersion::Full)
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        verify(&data, &draft, &[]).0,
        4,
        "an unsigned PDF is not accepted"
    );

    let ics = dir.path().join("one.ics");
    let args = [
        "forumdesk",
        "--data-dir",
        data_s,
        "export",
        "ics",
        "--meeting",
        &id,
        "--out",
        ics.to_str().unwrap(),
    ];
    assert_eq!(code(cli(&args)), code(ExitCode::SUCCESS));
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.contains(&format!("UID:meeting-{id}@forumdesk.local")));
    // An unknown group is a plain error, not a crash.
    let args = [
        "forumdesk",
        "--data-dir",
        data_s,
        "export",
        "ics",
        "--group",
        "No Such Group",
        "--out",
        ics.to_str().unwrap(),
    ];
    assert_eq!(code(cli(&args)), code(ExitCode::FAILURE));
}
