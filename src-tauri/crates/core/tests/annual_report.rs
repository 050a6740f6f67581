//! The signed annual report of the demo forum, read back with pdftotext and checked against
//! the database; pdfsig and pyHanko check the signature.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{cancelled_when, paused_after_first_page};
use forumdesk_core::{
    create_demo_folder, format_hours, format_pence, Destination, KdfParams, DEMO_PASSPHRASE,
};
use forumdesk_core::{Clock, CoreError, ExportStage, Store};
use forumdesk_test_support::{pdfsig, pdftotext, pyhanko_validate, qpdf_check};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// The demo forum signed in as its chair, on 25 November 2026 in the morning.
fn demo() -> (tempfile::TempDir, Store) {
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
    (dir, store)
}

/// How many annual reports the audit log holds.
fn reports_logged(store: &Store) -> usize {
    store
        .audit_list(100)
        .unwrap()
        .iter()
        .filter(|e| e.action == "exported a signed annual report")
        .count()
}

#[test]
fn the_annual_report_agrees_with_the_records_and_is_signed() {
    let (dir, mut store) = demo();
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
    assert_eq!(f.members_over_time.len(), 8, "April to November");
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
    // Reach by area, worked out again from the tables: every area with members, and the
    // members who gave none, as the report shows them.
    let by_area: Vec<(String, i64)> = store
        .connection()
        .prepare(
            "SELECT coalesce(a.name, 'Not given'), count(*) FROM members m
             LEFT JOIN member_reach r ON r.member_id = m.id LEFT JOIN areas a ON a.id = r.area_id
             WHERE m.erased_on IS NULL AND m.status = 'active' AND m.joined_on <= '2027-03-31'
             GROUP BY 1",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(by_area.len() >= 5, "the demo gives areas: {by_area:?}");
    for (area, n) in &by_area {
        assert!(
            text.contains(&format!("{area} {n}")),
            "{area} {n} missing:\n{text}"
        );
        assert!(
            f.members_by_area
                .iter()
                .any(|r| &r.label == area && r.value == *n),
            "{area} {n} not in {:?}",
            f.members_by_area
        );
    }
    assert_eq!(
        by_area.iter().map(|(_, n)| n).sum::<i64>(),
        f.members_active
    );
    let steering = store.steering_status().unwrap();
    assert!(
        steering.needed > steering.active,
        "the demo shows the warning"
    );
    for needle in [
        "Members and reach".to_string(),
        "Active members at the end of each month".into(),
        // Months after today are not drawn: nobody knows yet who will be active then.
        format!("November 2026 {} Co-production projects", f.members_active),
        format!("Total {}", f.members_active),
        format!(
            "Steering group {} active today ({} needed, {} short)",
            steering.active,
            steering.needed,
            steering.needed - steering.active
        ),
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

    for (area, n) in &by_area {
        assert!(
            csv.contains(&format!("members_by_area,{area},{n},{n}")),
            "{area}: {csv}"
        );
    }
    assert!(
        csv.contains(&format!("summary,steering_needed,{},", steering.needed)),
        "{csv}"
    );

    // A year out of range is refused beside its field.
    assert_eq!(
        store.annual_figures(1899).unwrap_err().field(),
        Some("year")
    );
}

#[test]
fn a_cancelled_annual_report_is_not_saved_or_logged() {
    let (dir, store) = demo();
    let out = dir.path().join("annual.pdf");
    // Cancelled once the first page is drawn: no page after it is drawn.
    let progress = cancelled_when(|s| s.pages_done == 1);
    let e = store
        .annual_report_prepare(2026)
        .unwrap()
        .render_with(&progress)
        .err()
        .expect("cancelled");
    assert!(matches!(e, CoreError::Cancelled), "{e:?}");
    let last = progress.snapshot();
    assert!(last.pages_total > 1, "{last:?}");
    assert_eq!(last.pages_done, 1);
    // Cancelled at the last moment, while it is being signed.
    let progress = cancelled_when(|s| s.stage == ExportStage::Signing);
    let e = store
        .annual_report_prepare(2026)
        .unwrap()
        .render_with(&progress)
        .err()
        .expect("cancelled");
    assert!(matches!(e, CoreError::Cancelled), "{e:?}");
    assert_eq!(progress.snapshot().stage, ExportStage::Signing);
    assert!(!out.exists());
    assert!(!dir.path().join("exports").exists());
    assert_eq!(reports_logged(&store), 0);
}

#[test]
fn the_store_is_free_while_the_annual_report_is_drawn_and_the_steps_make_the_same_report() {
    let (dir, mut store) = demo();
    let cert = store
        .certificate_export(&Destination::Folder(dir.path().join("cert")))
        .unwrap();
    let prepared = store.annual_report_prepare(2026).unwrap();
    // Drawing pauses after its first page until the store has been used.
    let (progress, wait_reached, resume) = paused_after_first_page();
    let worker = {
        let progress = progress.clone();
        std::thread::spawn(move || prepared.render_with(&progress))
    };
    wait_reached
        .recv()
        .expect("the report finished before its first page");
    // Meanwhile the window goes on reading and writing the store.
    assert_eq!(store.annual_figures(2026).unwrap().from, "2026-04-01");
    let csv = store
        .export_report_csv(
            &store.annual_figures(2026).unwrap(),
            &Destination::File(dir.path().join("meanwhile.csv")),
        )
        .unwrap();
    assert!(PathBuf::from(csv.path).exists());
    resume.send(()).unwrap();
    let rendered = worker.join().unwrap().unwrap();
    let last = progress.snapshot();
    assert_eq!(last.stage, ExportStage::Done);
    assert!(last.pages_total > 1 && last.pages_done == last.pages_total);

    let saved = store
        .annual_report_save(&rendered, &Destination::ExportsFolder)
        .unwrap();
    let steps = PathBuf::from(&saved.path);
    assert_eq!(
        steps.file_name().unwrap().to_str(),
        Some("annual-report-2026-27.pdf")
    );
    assert_eq!(reports_logged(&store), 1);
    let report = pdfsig(&steps);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    pyhanko_validate(&steps, Path::new(&cert.path));

    // The same report as exporting it in one go.
    let at_once = dir.path().join("annual.pdf");
    store
        .export_annual_report(2026, &Destination::File(at_once.clone()))
        .unwrap();
    assert_eq!(pdftotext(&steps), pdftotext(&at_once));
    assert_eq!(reports_logged(&store), 2);
}
