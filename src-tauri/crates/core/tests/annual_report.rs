//! The signed annual report of the demo forum, read back with pdftotext and checked against
//! the database; pdfsig and pyHanko check the signature.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use forumdesk_core::{
    create_demo_folder, format_hours, format_pence, Destination, KdfParams, DEMO_PASSPHRASE,
};
use forumdesk_core::{Clock, Store};
use forumdesk_test_support::{pdfsig, pdftotext, pyhanko_validate, qpdf_check};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

#[test]
fn the_annual_report_agrees_with_the_records_and_is_signed() {
    let dir = tempfile::tempdir().unwrap();
    create_demo_folder(
        &dir.path().join("data"),
        today(),
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let mut store = Store::sign_in_as(&dir.path().join("data"), "", DEMO_PASSPHRASE).unwrap();
    store.set_clock(Clock::Fixed(today().and_hms_opt(9, 0, 0).unwrap()));
    store.set_exports_dir(dir.path().join("exports"));
    let cert = store
        .certificate_export(&Destination::Folder(dir.path().join("cert")))
        .unwrap();

    let f = store.annual_figures(2026).unwrap();
    assert_eq!(
        (f.from.as_str(), f.to.as_str()),
        ("2026-04-01", "2027-03-31")
    );
    let db = |sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).unwrap() };
    let minutes = db(
        "SELECT coalesce(sum(l.minutes), 0) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
         WHERE l.kind = 'time' AND c.status IN ('approved', 'paid') AND l.line_date BETWEEN '2026-04-01' AND '2027-03-31'",
    );
    assert!(minutes > 0);
    assert_eq!(f.hours_total_minutes, minutes);
    assert_eq!(
        f.hours_by_group.iter().map(|r| r.value).sum::<i64>(),
        minutes,
        "groups add up"
    );
    assert_eq!(
        f.hours_by_funder.iter().map(|r| r.value).sum::<i64>(),
        minutes,
        "funders add up"
    );
    assert_eq!(
        f.hours_by_month.iter().map(|r| r.value).sum::<i64>(),
        minutes,
        "months add up"
    );
    assert_eq!(f.hours_by_month.len(), 12);
    let held = db(
        "SELECT count(*) FROM meetings WHERE substr(starts_at, 1, 10) BETWEEN '2026-04-01' AND '2026-11-25'",
    );
    assert_eq!(f.meetings_held, held);
    assert_eq!(f.new_members, db("SELECT count(*) FROM members WHERE joined_on BETWEEN '2026-04-01' AND '2027-03-31' AND erased_on IS NULL"));
    assert_eq!(f.projects.len(), 2);
    assert_eq!(f.top_issues[0].theme, "EHCP delays");
    assert_eq!(f.top_issues[0].families, 32);

    let out = dir.path().join("annual.pdf");
    store
        .export_annual_report(2026, &Destination::File(out.clone()))
        .unwrap();
    let text = pdftotext(&out).replace('\n', " ");
    for needle in [
        "Annual report 2026–27".to_string(),
        format!("{} hours of reps' time", format_hours(minutes)),
        format!("Meetings held {held}"),
        "Hours by month".into(),
        "Ladder levels reached by projects".into(),
        "Neurodevelopmental pathway redesign".into(),
        "7.5/10".into(),
        "EHCP delays 2 32".into(),
        "You said, we did".into(),
        "Parents who work cannot come to daytime meetings.".into(),
        format!("Amount paid {}", format_pence(f.paid_pence)),
    ] {
        assert!(text.contains(&needle), "{needle:?} missing:\n{text}");
    }
    qpdf_check(&out);
    let report = pdfsig(&out);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(
        report.contains("Total document signed"),
        "pdfsig:\n{report}"
    );
    pyhanko_validate(&out, Path::new(&cert.path));

    // The CSV holds the same figures.
    let csv = store
        .export_report_csv(&f, &Destination::File(dir.path().join("annual.csv")))
        .unwrap();
    let csv = std::fs::read_to_string(PathBuf::from(csv.path)).unwrap();
    assert!(
        csv.contains(&format!("summary,hours_total_minutes,{minutes},")),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("summary,meetings_held,{held},")),
        "{csv}"
    );

    // A year out of range is refused beside its field.
    assert_eq!(
        store.annual_figures(1899).unwrap_err().field(),
        Some("year")
    );
}
