//! `forumdesk check` on a real data folder: all is well on an untouched demo forum (exit 0);
//! a guard dropped with the database key in hand is reported in plain words (exit 1).

use std::process::ExitCode;

use clap::Parser;
use forumdesk_cli::{run, Cli};
use forumdesk_core::{create_demo_folder, KdfParams, Store, DEMO_PASSPHRASE};

#[test]
fn check_says_all_is_well_then_finds_a_dropped_guard() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::env::set_var("FORUMDESK_PASSPHRASE", DEMO_PASSPHRASE);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    create_demo_folder(&data, today, DEMO_PASSPHRASE, KdfParams::CHEAP_FOR_TESTS).unwrap();
    let args = ["forumdesk", "--data-dir", data.to_str().unwrap(), "check"];
    assert_eq!(
        format!("{:?}", run(Cli::parse_from(args))),
        format!("{:?}", ExitCode::SUCCESS)
    );

    // Somebody who can sign in has the database key: they open the file and drop a guard.
    {
        let store = Store::sign_in_as(&data, "", DEMO_PASSPHRASE).unwrap();
        store
            .connection()
            .execute_batch("DROP TRIGGER claims_insert_as_draft;")
            .unwrap();
    }
    assert_eq!(
        format!("{:?}", run(Cli::parse_from(args))),
        format!("{:?}", ExitCode::from(1))
    );
    let mut store = Store::sign_in_as(&data, "", DEMO_PASSPHRASE).unwrap();
    let report = store.check_records().unwrap();
    assert!(!report.ok);
    assert_eq!(
        report.problems,
        vec!["The trigger claims_insert_as_draft is missing from the database.".to_string()]
    );
}
