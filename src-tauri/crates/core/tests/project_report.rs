//! The signed project report, read back with tools nobody here wrote: pdftotext for what it
//! says (its figures against the database), pdfsig and pyHanko for the signature.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{cancelled_when, paused_after_first_page};
use forumdesk_core::{create_demo_folder, format_pence, Destination, KdfParams, DEMO_PASSPHRASE};
use forumdesk_core::{Clock, CoreError, ExportProgress, ExportStage, Store};
use forumdesk_test_support::{pdfsig, pdftotext, pyhanko_validate, qpdf_check};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

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

#[test]
fn the_project_report_agrees_with_the_records_and_is_signed() {
    let (dir, mut store) = demo();
    let cert = store
        .certificate_export(&Destination::Folder(dir.path().join("cert")))
        .unwrap();
    let p = store
        .projects_list()
        .unwrap()
        .into_iter()
        .find(|p| p.feedback_count > 0)
        .expect("the demo's pathway project has feedback");
    let saved = store
        .export_project_report(p.id, &Destination::ExportsFolder)
        .unwrap();
    let pdf = PathBuf::from(&saved.path);
    assert!(
        saved
            .path
            .contains("project-report-neurodevelopmental-pathway-redesign"),
        "{}",
        saved.path
    );
    let text = pdftotext(&pdf).replace('\n', " ");

    // The cost is every approved or paid line of the linked meetings, to the penny.
    let cost: i64 = store
        .connection()
        .query_row(
            "SELECT coalesce(sum(l.amount_pence), 0) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
             WHERE c.status IN ('approved', 'paid')
               AND l.meeting_id IN (SELECT meeting_id FROM project_meetings WHERE project_id = ?1)",
            [p.id],
            |r| r.get(0),
        )
        .unwrap();
    assert!(cost > 0);
    assert!(
        text.contains(&format_pence(cost)),
        "cost {} missing:\n{text}",
        format_pence(cost)
    );
    // The average, worked out here from the stored ratings.
    let (sum, n): (i64, i64) = store
        .connection()
        .query_row(
            "SELECT sum(rating), count(*) FROM project_feedback WHERE project_id = ?1",
            [p.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let tenths = (sum * 20 + n) / (2 * n);
    let average = format!("{}.{} out of 10", tenths / 10, tenths % 10);
    assert!(text.contains(&average), "{average} missing:\n{text}");
    assert!(
        text.contains(&format!("({sum} points from {n} forms)")),
        "{text}"
    );
    for needle in [
        "The plan",
        "Planned ladder level Co-production",
        "Below the planned level: reached Co-design, planned Co-production",
        "Ladder level reached, as the forms say",
        "Ask the SEND Strategy Board to confirm funding",
        "Escalation dealt with Not yet",
        "NHS Eastbridge Integrated Care Board",
        "Eastbridge County Council",
        "Send papers two weeks ahead",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    // Each organisation's row: forms, average and yes/partly/no counts.
    assert!(
        text.contains("Eastbridge Parent Carer Forum 2 8.5 2/0/0 1/1/0 2/0/0"),
        "{text}"
    );

    qpdf_check(&pdf);
    let report = pdfsig(&pdf);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(
        report.contains("Total document signed"),
        "pdfsig:\n{report}"
    );
    pyhanko_validate(&pdf, Path::new(&cert.path));

    // A rep cannot sign the forum's report.
    let mut rep =
        Store::sign_in_as(&dir.path().join("data"), "Łukasz Nowak", DEMO_PASSPHRASE).unwrap();
    rep.set_clock(Clock::Fixed(today().and_hms_opt(9, 0, 0).unwrap()));
    let e = rep.project_report_pdf(p.id).unwrap_err();
    assert_eq!(e.code().as_str(), "not_allowed", "{e}");
}

/// The demo's pathway project, the one with feedback (and so the longest report).
fn pathway(store: &Store) -> i64 {
    store
        .projects_list()
        .unwrap()
        .into_iter()
        .find(|p| p.feedback_count > 0)
        .expect("the demo's pathway project has feedback")
        .id
}

/// How many project reports the audit log holds.
fn reports_logged(store: &Store) -> usize {
    store
        .audit_list(100)
        .unwrap()
        .iter()
        .filter(|e| e.action == "exported a signed project report")
        .count()
}

#[test]
fn a_cancelled_project_report_is_not_saved_or_logged() {
    let (dir, mut store) = demo();
    let id = pathway(&store);
    // Cancelled once the first page is drawn: no page after it is drawn.
    let progress = cancelled_when(|s| s.pages_done == 1);
    let e = store
        .project_report_prepare(id)
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
        .project_report_prepare(id)
        .unwrap()
        .render_with(&progress)
        .err()
        .expect("cancelled");
    assert!(matches!(e, CoreError::Cancelled), "{e:?}");
    assert_eq!(progress.snapshot().stage, ExportStage::Signing);
    assert!(!dir.path().join("exports").exists());
    assert_eq!(reports_logged(&store), 0);

    // Removed while its report was drawn: there is nothing to log it against, so the signed
    // report is not saved either.
    let rendered = store
        .project_report_prepare(id)
        .unwrap()
        .render_with(&ExportProgress::new())
        .unwrap();
    store.project_delete(id).unwrap();
    let e = store
        .project_report_save(&rendered, &Destination::ExportsFolder)
        .unwrap_err();
    assert_eq!(e.code().as_str(), "not_found", "{e}");
    assert!(e.to_string().contains("was not saved"), "{e}");
    assert!(!dir.path().join("exports").exists());
    assert_eq!(reports_logged(&store), 0);
}

#[test]
fn the_store_is_free_while_the_project_report_is_drawn_and_the_steps_make_the_same_report() {
    let (dir, mut store) = demo();
    let cert = store
        .certificate_export(&Destination::Folder(dir.path().join("cert")))
        .unwrap();
    let id = pathway(&store);
    let prepared = store.project_report_prepare(id).unwrap();
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
    assert!(store.project_get(id).unwrap().feedback.len() > 1);
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
        .project_report_save(&rendered, &Destination::ExportsFolder)
        .unwrap();
    let steps = PathBuf::from(&saved.path);
    assert_eq!(
        steps.file_name().unwrap().to_str(),
        Some("project-report-neurodevelopmental-pathway-redesign-2026-11-25.pdf")
    );
    assert_eq!(reports_logged(&store), 1);
    let report = pdfsig(&steps);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    pyhanko_validate(&steps, Path::new(&cert.path));

    // The same report as exporting it in one go.
    let at_once = dir.path().join("project.pdf");
    store
        .export_project_report(id, &Destination::File(at_once.clone()))
        .unwrap();
    assert_eq!(pdftotext(&steps), pdftotext(&at_once));
    assert_eq!(reports_logged(&store), 2);
}
