//! Months and dates on the command line, and members' CSV files as Excel saves them: a
//! month is exactly YYYY-MM, a date is DD/MM/YYYY or YYYY-MM-DD, and a bad one is a usage
//! error (exit code 2) before any data is touched.

use std::process::ExitCode;

use clap::Parser;
use forumdesk_cli::{run, Cli};
use forumdesk_core::model::{ClaimFilter, MemberFilter};
use forumdesk_core::{create_demo_folder, KdfParams, Store, DEMO_PASSPHRASE};

/// Runs the command line as the chair of the demo forum (the passphrase comes from the
/// environment, as in a script).
fn cli(args: &[&str]) -> String {
    std::env::set_var("FORUMDESK_PASSPHRASE", DEMO_PASSPHRASE);
    format!("{:?}", run(Cli::parse_from(args)))
}

/// The demo forum made directly, with cheap key stretching (the command line's own `demo`
/// uses the real, slow one; it is run where `--today` is what is being tested).
fn demo(dir: &std::path::Path) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    create_demo_folder(dir, today, DEMO_PASSPHRASE, KdfParams::CHEAP_FOR_TESTS).unwrap();
}

fn signed_in(dir: &std::path::Path) -> Store {
    Store::sign_in_as(dir, "", DEMO_PASSPHRASE).unwrap()
}

fn exit(n: u8) -> String {
    format!("{:?}", ExitCode::from(n))
}

#[test]
fn month_must_be_yyyy_mm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    demo(dir.path());
    for bad in ["", "26-11", "2026-1", "11/2026", "2026-13"] {
        assert_eq!(
            cli(&[
                "forumdesk",
                "--data-dir",
                data,
                "claims",
                "list",
                "--month",
                bad
            ]),
            exit(2),
            "claims list --month {bad:?}"
        );
        let out = dir.path().join("pack.pdf");
        assert_eq!(
            cli(&[
                "forumdesk",
                "--data-dir",
                data,
                "export",
                "claims",
                "--month",
                bad,
                "--funder",
                "Eastbridge County Council",
                "--out",
                out.to_str().unwrap(),
            ]),
            exit(2),
            "export claims --month {bad:?}"
        );
        assert!(!out.exists());
    }
    assert_eq!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "claims",
            "list",
            "--month",
            "2026-11"
        ]),
        exit(0)
    );
}

#[test]
fn date_options_take_uk_and_iso_dates() {
    for (today, month) in [
        ("26/11/2026", "2026-11"),
        ("2026-11-26", "2026-11"),
        ("26/1/2027", "2027-01"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        assert_eq!(
            cli(&["forumdesk", "--data-dir", data, "demo", "--today", today]),
            exit(0),
            "demo --today {today}"
        );
        // "This month" in the demo follows the date: 26/11/2026 is November, not a month 26.
        let store = signed_in(dir.path());
        let claims = store
            .claims_list(&ClaimFilter {
                month: month.into(),
                ..Default::default()
            })
            .unwrap();
        assert!(
            !claims.is_empty(),
            "demo --today {today} has claims in {month}"
        );
    }
    for bad in ["11/26/2026", "31/02/2026", "26-11-2026", "tomorrow"] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        assert_eq!(
            cli(&["forumdesk", "--data-dir", data, "demo", "--today", bad]),
            exit(2),
            "demo --today {bad}"
        );
        assert!(
            !forumdesk_core::db_path(dir.path()).exists(),
            "a refused date touches no data"
        );
    }
}

#[test]
fn members_import_reads_excel_files_and_leaves_out_possible_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    demo(dir.path());
    let files = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data/");
    let windows = format!("{files}members-excel-windows-1252.csv");
    let unicode = format!("{files}members-unicode-text.txt");
    for file in [&windows, &unicode] {
        assert_eq!(
            cli(&["forumdesk", "--data-dir", data, "members", "import", file]),
            exit(0),
            "{file}"
        );
    }
    let store = signed_in(dir.path());
    let named = |text: &str| {
        store
            .members_list(&MemberFilter {
                text: text.into(),
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(named("zoe@example.org"), ["Zoë Lefèvre"]);
    assert_eq!(named("lukasz@example.org"), ["Łukasz Wójcik"]);
    drop(store);
    // A row with no email and a member's name and postcode is not added again.
    let again = dir.path().join("again.csv");
    std::fs::write(
        &again,
        "name,postcode\nSeán Ó Briain,BN8 4DD\nNew Person,BN8 4DD\n",
    )
    .unwrap();
    assert_eq!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "members",
            "import",
            again.to_str().unwrap()
        ]),
        exit(0)
    );
    let store = signed_in(dir.path());
    assert_eq!(
        store
            .members_list(&MemberFilter {
                text: "Seán Ó Briain".into(),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .members_list(&MemberFilter {
                text: "New Person".into(),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
}
