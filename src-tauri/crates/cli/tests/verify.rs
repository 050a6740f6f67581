//! `forumdesk verify` on real files: a signed claim pack passes, the same pack with one byte
//! changed fails with a non-zero exit code, and so does an unsigned file.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use forumdesk_cli::{run, Cli};
use forumdesk_core::{create_demo, Clock, Store};

fn code(c: ExitCode) -> String {
    format!("{c:?}")
}

fn cli(args: &[&str]) -> ExitCode {
    run(Cli::parse_from(args))
}

#[test]
fn verify_passes_a_signed_pack_and_fails_a_tampered_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    {
        let mut store = Store::open(&data).unwrap();
        create_demo(&mut store, today).unwrap();
    }
    let data_s = data.to_str().unwrap();
    let pdf = dir.path().join("pack.pdf");
    let pdf_s = pdf.to_str().unwrap();
    let csv = dir.path().join("pack.csv");
    assert_eq!(
        code(cli(&[
            "forumdesk",
            "--data-dir",
            data_s,
            "export",
            "claims",
            "--month",
            "2026-10",
            "--funder",
            "Eastbridge County Council",
            "--out",
            pdf_s,
            "--csv",
            csv.to_str().unwrap(),
        ])),
        code(ExitCode::SUCCESS)
    );
    assert!(csv.exists(), "the CSV was written too");
    assert_eq!(
        code(cli(&["forumdesk", "--data-dir", data_s, "verify", pdf_s])),
        code(ExitCode::SUCCESS),
        "an untouched pack verifies"
    );

    let mut bytes = std::fs::read(&pdf).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    let tampered = dir.path().join("tampered.pdf");
    std::fs::write(&tampered, &bytes).unwrap();
    let result = cli(&[
        "forumdesk",
        "--data-dir",
        data_s,
        "verify",
        tampered.to_str().unwrap(),
    ]);
    assert_ne!(
        code(result),
        code(ExitCode::SUCCESS),
        "a tampered pack must fail"
    );
    assert_eq!(
        code(cli(&[
            "forumdesk",
            "--data-dir",
            data_s,
            "verify",
            tampered.to_str().unwrap()
        ])),
        code(ExitCode::FAILURE)
    );

    // A PDF with no signature at all (a draft meeting's notes) fails too.
    let draft = dir.path().join("draft.pdf");
    let store = Store::open(&data).unwrap();
    let mut store = store;
    store.set_clock(Clock::at(today));
    let draft_id = store
        .meetings_list(&Default::default())
        .unwrap()
        .into_iter()
        .find(|m| !m.finalised)
        .unwrap()
        .id;
    std::fs::write(&draft, store.meeting_notes_pdf(draft_id).unwrap()).unwrap();
    assert_eq!(
        code(cli(&[
            "forumdesk",
            "--data-dir",
            data_s,
            "verify",
            draft.to_str().unwrap()
        ])),
        code(ExitCode::FAILURE),
        "an unsigned PDF is not accepted"
    );
}

#[test]
fn certificate_export_writes_pem_and_cer() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let mut store = Store::open(&data).unwrap();
        create_demo(&mut store, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).unwrap();
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
    let meetings = {
        let mut store = Store::open(&data).unwrap();
        create_demo(&mut store, NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()).unwrap();
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
        code(cli(&[
            "forumdesk",
            "--data-dir",
            data_s,
            "verify",
            notes.to_str().unwrap()
        ])),
        code(ExitCode::SUCCESS),
        "finalised notes are signed"
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
