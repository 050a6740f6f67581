//! `forumdesk projects list` and `forumdesk projects report` on the demo forum.
//! The report is made by the same core steps as the window's (read, draw and sign, save).

use std::process::ExitCode;

use clap::Parser;
use forumdesk_cli::{run, Cli};
use forumdesk_core::{create_demo_folder, KdfParams, Store, DEMO_PASSPHRASE};

fn cli(args: &[&str]) -> String {
    std::env::set_var("FORUMDESK_PASSPHRASE", DEMO_PASSPHRASE);
    format!("{:?}", run(Cli::parse_from(args)))
}

#[test]
fn projects_are_listed_and_a_named_project_report_is_saved_signed() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    create_demo_folder(
        dir.path(),
        today,
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let data = dir.path().to_str().unwrap();
    let ok = format!("{:?}", ExitCode::SUCCESS);
    assert_eq!(
        cli(&["forumdesk", "--data-dir", data, "projects", "list"]),
        ok
    );
    assert_eq!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "projects",
            "list",
            "--json"
        ]),
        ok
    );
    let out = dir.path().join("report.pdf");
    let o = out.to_str().unwrap();
    assert_ne!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "projects",
            "report",
            "--project",
            "No such",
            "--out",
            o
        ]),
        ok
    );
    assert!(!out.exists());
    assert_eq!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "projects",
            "report",
            "--project",
            "neurodevelopmental PATHWAY redesign",
            "--out",
            o
        ]),
        ok
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert!(
        bytes
            .windows(b"/ByteRange".len())
            .any(|w| w == b"/ByteRange"),
        "the report is signed"
    );
    let text = forumdesk_test_support::pdftotext(&out).replace('\n', " ");
    assert!(
        text.contains("Project report: Neurodevelopmental pathway redesign"),
        "{text}"
    );
    let sig = forumdesk_test_support::pdfsig(&out);
    assert!(sig.contains("Signature is Valid."), "pdfsig:\n{sig}");
    // Saved where asked and logged once: the unknown project logged nothing.
    let store = Store::sign_in_as(dir.path(), "", DEMO_PASSPHRASE).unwrap();
    let logged: Vec<_> = store
        .audit_list(20)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "exported a signed project report")
        .collect();
    assert_eq!(logged.len(), 1, "{logged:?}");
    assert!(
        logged[0]
            .detail
            .ends_with(&format!("saved to {}", out.display())),
        "{logged:?}"
    );
}
