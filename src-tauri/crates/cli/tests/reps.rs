//! `forumdesk reps statement` on the demo forum: the signed statement is written where
//! `--out` says, and a name that is no rep is refused plainly.

use std::process::ExitCode;

use clap::Parser;
use forumdesk_cli::{run, Cli};
use forumdesk_core::{create_demo_folder, KdfParams, Store, DEMO_PASSPHRASE};

#[test]
fn a_reps_statement_is_written_signed_and_an_unknown_rep_refused() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::env::set_var("FORUMDESK_PASSPHRASE", DEMO_PASSPHRASE);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    create_demo_folder(&data, today, DEMO_PASSPHRASE, KdfParams::CHEAP_FOR_TESTS).unwrap();
    let out = dir.path().join("lukasz.pdf");
    let args = [
        "forumdesk",
        "--data-dir",
        data.to_str().unwrap(),
        "reps",
        "statement",
        "--rep",
        "łukasz nowak",
        "--tax-year",
        "2026",
        "--out",
        out.to_str().unwrap(),
    ];
    assert_eq!(
        format!("{:?}", run(Cli::parse_from(args))),
        format!("{:?}", ExitCode::SUCCESS)
    );
    let bytes = std::fs::read(&out).unwrap();
    let store = Store::sign_in_as(&data, "", DEMO_PASSPHRASE).unwrap();
    let v = store.verify_file(&bytes).unwrap();
    assert!(v.intact && v.covers_whole_file);
    assert_eq!(v.ours, Some(true));
    drop(store);

    let nobody_out = dir.path().join("nobody.pdf");
    let mut nobody = args;
    nobody[6] = "Nobody Atall";
    nobody[10] = nobody_out.to_str().unwrap();
    assert_ne!(
        format!("{:?}", run(Cli::parse_from(nobody))),
        format!("{:?}", ExitCode::SUCCESS)
    );
    assert!(!dir.path().join("nobody.pdf").exists());
}
