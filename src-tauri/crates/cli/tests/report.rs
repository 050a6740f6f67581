//! `forumdesk report figures` on the demo forum: the tables of the Reports screen for any
//! dates, one CSV per table, byte for byte what the core makes; bad dates are usage errors
//! before anything is opened or saved; a rep is refused.

use std::process::ExitCode;

use clap::Parser;
use forumdesk_cli::{run, Cli};
use forumdesk_core::model::REPORT_TABLE_KEYS;
use forumdesk_core::{create_demo_folder, KdfParams, Store, DEMO_PASSPHRASE};

fn cli(args: &[&str]) -> String {
    std::env::set_var("FORUMDESK_PASSPHRASE", DEMO_PASSPHRASE);
    format!("{:?}", run(Cli::parse_from(args)))
}

#[test]
fn report_figures_saves_one_csv_per_table_as_the_core_makes_it() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let data_dir = dir.path().join("data");
    create_demo_folder(
        &data_dir,
        today,
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let data = data_dir.to_str().unwrap();
    let csvs = dir.path().join("csvs");
    let c = csvs.to_str().unwrap();
    let ok = format!("{:?}", ExitCode::SUCCESS);
    let usage = format!("{:?}", ExitCode::from(2));

    // Bad dates: usage errors, nothing saved.
    for (from, to) in [("31/02/2026", "31/03/2027"), ("01/04/2026", "03/31/2027")] {
        assert_eq!(
            cli(&[
                "forumdesk",
                "--data-dir",
                data,
                "report",
                "figures",
                "--from",
                from,
                "--to",
                to,
                "--csv-dir",
                c
            ]),
            usage,
            "{from} {to}"
        );
    }
    assert!(!csvs.exists());

    // A rep is refused, and nothing is saved.
    assert_ne!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "--as",
            "Łukasz Nowak",
            "report",
            "figures",
            "--from",
            "01/04/2026",
            "--to",
            "31/03/2027",
            "--csv-dir",
            c
        ]),
        ok
    );
    assert!(!csvs.exists());

    assert_eq!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "report",
            "figures",
            "--from",
            "01/04/2026",
            "--to",
            "31/03/2027",
            "--json"
        ]),
        ok
    );
    assert_eq!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "report",
            "figures",
            "--from",
            "01/04/2026",
            "--to",
            "31/03/2027",
            "--csv-dir",
            c
        ]),
        ok
    );
    let store = Store::sign_in_as(&data_dir, "", DEMO_PASSPHRASE).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&csvs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = REPORT_TABLE_KEYS
        .iter()
        .map(|k| format!("report-{k}-2026-04-01-to-2027-03-31.csv"))
        .collect();
    want.sort();
    assert_eq!(names, want);
    for key in REPORT_TABLE_KEYS {
        let file = csvs.join(format!("report-{key}-2026-04-01-to-2027-03-31.csv"));
        assert_eq!(
            std::fs::read(&file).unwrap(),
            store
                .report_table_csv("01/04/2026", "31/03/2027", key)
                .unwrap(),
            "{key}"
        );
    }
    // The hours by funder add up to the reps' hours, in minutes.
    let text =
        std::fs::read_to_string(csvs.join("report-hours_by_funder-2026-04-01-to-2027-03-31.csv"))
            .unwrap();
    let minutes: i64 = text
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap().parse::<i64>().unwrap())
        .sum();
    let f = store.report_figures("01/04/2026", "31/03/2027").unwrap();
    assert!(minutes > 0);
    assert_eq!(minutes, f.hours_total_minutes);
}

/// `forumdesk report annual`: the signed annual report, made by the same core steps as the
/// window's (read, draw and sign, save), saved where asked and logged.
#[test]
fn report_annual_saves_the_signed_report_and_logs_it() {
    let dir = tempfile::tempdir().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let data_dir = dir.path().join("data");
    create_demo_folder(
        &data_dir,
        today,
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let data = data_dir.to_str().unwrap();
    let out = dir.path().join("annual.pdf");
    assert_eq!(
        cli(&[
            "forumdesk",
            "--data-dir",
            data,
            "report",
            "annual",
            "--year",
            "2026",
            "--out",
            out.to_str().unwrap()
        ]),
        format!("{:?}", ExitCode::SUCCESS)
    );
    let text = forumdesk_test_support::pdftotext(&out).replace('\n', " ");
    assert!(text.contains("Annual report 2026–27"), "{text}");
    let sig = forumdesk_test_support::pdfsig(&out);
    assert!(sig.contains("Signature is Valid."), "pdfsig:\n{sig}");
    let store = Store::sign_in_as(&data_dir, "", DEMO_PASSPHRASE).unwrap();
    let logged = store.audit_list(20).unwrap();
    assert!(
        logged
            .iter()
            .any(|e| e.action == "exported a signed annual report"
                && e.detail.ends_with(&format!("saved to {}", out.display()))),
        "{logged:?}"
    );
}
