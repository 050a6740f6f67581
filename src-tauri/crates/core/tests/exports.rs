//! Exports from the demo forum, checked with the tools a funder or a finance office would
//! use: pdftotext, pdfimages, qpdf and pdfsig (poppler-utils, qpdf), pyHanko, and Python's
//! csv and icalendar modules. A missing tool fails the test with a message saying what to
//! install (`make test` installs them all); nothing passes silently.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use common::{cancelled_when, paused_after_first_page};
use forumdesk_core::model::{ClaimFilter, MeetingFilter, MeetingInput, NotesVersion};
use forumdesk_core::{
    claim_totals, create_demo, create_demo_folder, format_pence, Destination, ExportProgress,
    ExportStage, KdfParams, DEMO_PASSPHRASE,
};
use forumdesk_core::{Clock, CoreError, Store};
use forumdesk_test_support::{
    pdfsig, pdftotext, pdftotext_layout, pyhanko_validate, python, qpdf_check, run,
};

const MONTH: &str = "2026-10";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

/// The demo forum in a real data folder, on 25 November 2026 (so October is approved).
/// The clock is fixed in the morning: the signing certificate is valid from a day before.
fn demo() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    create_demo_folder(
        &dir.path().join("data"),
        today(),
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let store = sign_in(&dir, "");
    (dir, store)
}

/// Signs in to the demo forum in `dir` as `who` (the chair when empty).
fn sign_in(dir: &tempfile::TempDir, who: &str) -> Store {
    let mut store = Store::sign_in_as(&dir.path().join("data"), who, DEMO_PASSPHRASE).unwrap();
    store.set_clock(Clock::Fixed(today().and_hms_opt(9, 0, 0).unwrap()));
    store.set_exports_dir(dir.path().join("exports"));
    store
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn path(saved: &forumdesk_core::model::SavedFile) -> PathBuf {
    PathBuf::from(&saved.path)
}

/// Receipts stored for the approved and paid claims of a funder and month.
fn receipts_in_db(store: &Store, funder_id: i64, month: &str) -> i64 {
    store
        .connection()
        .query_row(
            "SELECT count(*) FROM receipts r JOIN claim_lines l ON l.id = r.line_id JOIN claims c ON c.id = l.claim_id
             WHERE c.funder_id = ?1 AND c.month = ?2 AND c.status IN ('approved', 'paid')",
            rusqlite::params![funder_id, month],
            |r| r.get(0),
        )
        .unwrap()
}

// ---------------------------------------------------------------- claim packs

#[test]
fn october_packs_match_the_database_and_are_signed() {
    let (dir, mut store) = demo();
    let cert = store
        .certificate_export(&Destination::Folder(dir.path().join("cert")))
        .unwrap();
    let funders = store.funders_list().unwrap();
    assert_eq!(funders.len(), 2);
    for funder in funders {
        let claims = store
            .claims_list(&ClaimFilter {
                month: MONTH.into(),
                funder_id: Some(funder.id),
                ..Default::default()
            })
            .unwrap();
        let approved: Vec<_> = claims
            .iter()
            .filter(|c| c.status == "approved" || c.status == "paid")
            .collect();
        assert!(!approved.is_empty(), "the demo approves October's claims");
        let expected: i64 = approved.iter().map(|c| c.total_pence).sum();

        let saved = store
            .export_claim_pack(MONTH, funder.id, &Destination::ExportsFolder)
            .unwrap();
        let pdf = path(&saved);
        assert!(pdf.starts_with(dir.path().join("exports")));
        assert!(
            s(&pdf).ends_with(&format!("-{MONTH}.pdf")),
            "{}",
            saved.path
        );
        assert!(s(&pdf).contains("claim-pack-"));

        // The pack's sums are the database's, to the penny.
        let input = store.claim_pack_input(MONTH, funder.id).unwrap();
        assert_eq!(claim_totals(&input).grand.total, expected);
        assert_eq!(input.claims.len(), approved.len());
        // Each claim in the pack carries every line the database holds for it, and nothing
        // else (the pack used to re-sum what it had just read; this checks it independently).
        for c in &input.claims {
            let (count, total): (i64, i64) = store
                .connection()
                .query_row(
                    "SELECT count(*), coalesce(sum(amount_pence), 0) FROM claim_lines WHERE claim_id = ?1",
                    [c.claim_id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert!(count > 0, "{} has an empty claim in the pack", c.rep_name);
            assert_eq!(c.lines.len() as i64, count, "lines of {}", c.rep_name);
            assert_eq!(
                c.lines.iter().map(|l| l.amount_pence).sum::<i64>(),
                total,
                "total of {}",
                c.rep_name
            );
        }

        // What a person reading the PDF sees.
        let text = pdftotext(&pdf);
        assert!(text.contains(&funder.name), "funder name missing");
        for c in &approved {
            assert!(
                text.contains(&c.rep_name),
                "{} missing from the pack",
                c.rep_name
            );
            for line in store.claim_get(c.id).unwrap().lines {
                let amount = format_pence(line.amount_pence);
                assert!(
                    text.contains(&amount),
                    "line {} ({amount}) missing from the {} pack",
                    line.number,
                    funder.name
                );
            }
        }
        let layout = pdftotext_layout(&pdf);
        let total_row = layout
            .lines()
            .find(|l| l.contains("Total for the month"))
            .unwrap_or_else(|| panic!("no total row in:\n{layout}"));
        assert!(
            total_row.trim_end().ends_with(&format_pence(expected)),
            "the grand total should be {}: {total_row}",
            format_pence(expected)
        );

        // Every receipt is in the pack, as a picture with its caption.
        let receipts = receipts_in_db(&store, funder.id, MONTH);
        let (ok, list) = run("pdfimages", "poppler-utils", &["-list", s(&pdf)]);
        assert!(ok, "pdfimages failed: {list}");
        let images = list
            .lines()
            .skip(2)
            .filter(|l| l.split_whitespace().nth(2) == Some("image"))
            .count() as i64;
        assert!(
            images >= receipts,
            "{images} images for {receipts} receipts:\n{list}"
        );
        let captions = text
            .lines()
            .map(|l| l.trim_start_matches('\x0c'))
            .filter(|l| l.starts_with("Receipt ") && l.contains(&format!(" of {receipts}: ")))
            .count() as i64;
        assert!(
            captions >= receipts,
            "{captions} captions for {receipts} receipts"
        );
        assert!(text.contains(&format!("Number of receipts enclosed: {receipts} ")));

        // Structure and signature, as outside tools see them.
        qpdf_check(&pdf);
        let report = pdfsig(&pdf);
        assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
        assert!(
            report.contains("Total document signed"),
            "pdfsig:\n{report}"
        );
        pyhanko_validate(&pdf, Path::new(&cert.path));

        let bytes = std::fs::read(&pdf).unwrap();
        let v = store.verify_file(&bytes).unwrap();
        assert!(v.intact && v.covers_whole_file);
        assert_eq!(v.ours, Some(true));
        assert_eq!(v.signer, "Eastbridge Parent Carer Forum");

        // One changed byte in the middle breaks it, for pdfsig and for us.
        let mut tampered = bytes.clone();
        let mid = tampered.len() / 2;
        tampered[mid] ^= 0x20;
        let bad = dir.path().join("tampered.pdf");
        std::fs::write(&bad, &tampered).unwrap();
        let report = pdfsig(&bad);
        assert!(
            report.contains("Digest Mismatch") || !report.contains("Signature is Valid."),
            "pdfsig missed the change:\n{report}"
        );
        assert!(!store.verify_file(&tampered).unwrap().intact);
    }
    let log = store.audit_list(50).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.action == "exported a signed claim pack")
            .count(),
        2
    );
}

/// Files in the exports folder (none when it was never made).
fn exported_files(dir: &tempfile::TempDir) -> Vec<PathBuf> {
    match std::fs::read_dir(dir.path().join("exports")) {
        Ok(list) => list.map(|e| e.unwrap().path()).collect(),
        Err(_) => Vec::new(),
    }
}

/// The window's three steps (read, draw and sign, save), with `progress` given to the
/// drawing; saving happens only when drawing succeeded, as in the shell.
fn export_in_steps(
    store: &mut Store,
    funder_id: i64,
    progress: &ExportProgress,
) -> Result<forumdesk_core::model::SavedFile, CoreError> {
    let prepared = store.claim_pack_prepare(MONTH, funder_id)?;
    let rendered = prepared.render_for_saving_with(progress)?;
    store.claim_pack_save(&rendered, &Destination::ExportsFolder)
}

#[test]
fn a_cancelled_pack_is_not_saved_or_logged() {
    let (dir, mut store) = demo();
    let council = store.funder_by_name("Eastbridge County Council").unwrap();
    let logged = |store: &Store| {
        store
            .audit_list(50)
            .unwrap()
            .iter()
            .filter(|e| e.action == "exported a signed claim pack")
            .count()
    };

    // Cancelled before drawing starts.
    let progress = ExportProgress::new();
    progress.cancel();
    let e = export_in_steps(&mut store, council.id, &progress).unwrap_err();
    assert_eq!(e.code().as_str(), "cancelled");
    assert_eq!(
        e.to_string(),
        "The export was cancelled. Nothing was saved."
    );

    // Cancelled at the last moment, while it is being signed: still nothing saved.
    let me: std::sync::Arc<std::sync::OnceLock<std::sync::Weak<ExportProgress>>> =
        Default::default();
    let handle = me.clone();
    let progress = std::sync::Arc::new(ExportProgress::with_observer(move |s| {
        if s.stage == ExportStage::Signing {
            if let Some(p) = handle.get().and_then(std::sync::Weak::upgrade) {
                p.cancel();
            }
        }
    }));
    me.set(std::sync::Arc::downgrade(&progress)).unwrap();
    let e = export_in_steps(&mut store, council.id, &progress).unwrap_err();
    assert!(matches!(e, CoreError::Cancelled), "{e:?}");
    let last = progress.snapshot();
    assert!(last.pages_total > 0 && last.pages_done == last.pages_total);
    assert_eq!(last.stage, ExportStage::Signing);

    assert_eq!(exported_files(&dir), Vec::<PathBuf>::new());
    assert_eq!(logged(&store), 0);

    // Not cancelled: the same steps save one pack and log it, and the counts end at Done
    // with every receipt in the database counted.
    let progress = ExportProgress::new();
    let saved = export_in_steps(&mut store, council.id, &progress).unwrap();
    assert_eq!(exported_files(&dir), vec![path(&saved)]);
    assert_eq!(logged(&store), 1);
    let last = progress.snapshot();
    assert_eq!(last.stage, ExportStage::Done);
    let receipts = receipts_in_db(&store, council.id, MONTH) as usize;
    assert!(receipts > 0, "the demo's October claims have receipts");
    assert_eq!(
        (last.receipts_done, last.receipts_total),
        (receipts, receipts)
    );
}

#[test]
fn pack_shows_declaration_approval_and_signer() {
    let (dir, store) = demo();
    let treasurer = store
        .people_list()
        .unwrap()
        .into_iter()
        .find(|p| p.roles.iter().any(|r| r == "treasurer"))
        .unwrap();
    let mut store = sign_in(&dir, &treasurer.name);
    let council = store.funder_by_name("Eastbridge County Council").unwrap();
    let saved = store
        .export_claim_pack(
            MONTH,
            council.id,
            &Destination::Folder(dir.path().join("chosen")),
        )
        .unwrap();
    assert!(path(&saved).starts_with(dir.path().join("chosen")));
    let text = pdftotext(&path(&saved));
    assert!(text.contains("Declaration"));
    assert!(text.contains("I declare that this claim is correct"));
    assert!(text.contains("Approved by"));
    assert!(
        text.contains(&treasurer.name),
        "the signer's name is on the pack"
    );
    assert!(text.contains("Treasurer"));
    let fp = store.certificate_get().unwrap().fingerprint;
    assert!(
        text.replace('\n', "").contains(&fp[..20]),
        "fingerprint on the pack"
    );
    // A second export never overwrites the first.
    let again = store
        .export_claim_pack(
            MONTH,
            council.id,
            &Destination::Folder(dir.path().join("chosen")),
        )
        .unwrap();
    assert_ne!(again.path, saved.path);
    assert!(path(&saved).exists() && path(&again).exists());
    // Both are files this forum exported, so the window may open them.
    assert!(store.export_path_to_open(&again.path).is_ok());
}

#[test]
fn nothing_to_send_and_who_may_export() {
    let (dir, mut store) = demo();
    let council = store.funder_by_name("Eastbridge County Council").unwrap();
    let e = store
        .export_claim_pack("2026-09", council.id, &Destination::ExportsFolder)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "There are no approved claims for Eastbridge County Council in September 2026, so there is nothing to send."
    );
    // November's claims are drafts: not in any pack.
    assert!(store
        .export_claim_pack("2026-11", council.id, &Destination::ExportsFolder)
        .is_err());
    // A plain rep cannot make the pack for everyone (Łukasz is the demo rep who can sign
    // in on the forum laptop).
    let mut store = sign_in(&dir, "Łukasz Nowak");
    assert!(!store.is_officer());
    assert!(matches!(
        store.export_claim_pack(MONTH, council.id, &Destination::ExportsFolder),
        Err(CoreError::NotAllowed(_))
    ));
    assert!(matches!(
        store.export_claims_csv(MONTH, council.id, &Destination::ExportsFolder),
        Err(CoreError::NotAllowed(_))
    ));
}

#[test]
fn only_a_signed_in_officer_can_sign() {
    // A throwaway store nobody signed in to has no key to sign with.
    let mut store = Store::open_in_memory().unwrap();
    create_demo(&mut store, today()).unwrap();
    store.act_as_for_tests(None).unwrap();
    store.set_clock(Clock::at(today()));
    let council = store.funder_by_name("Eastbridge County Council").unwrap();
    let e = store
        .export_claim_pack(MONTH, council.id, &Destination::ExportsFolder)
        .unwrap_err();
    assert!(
        matches!(e, CoreError::NoSession | CoreError::NotAllowed(_)),
        "{e:?}"
    );
}

#[test]
fn unusable_folders_are_refused_plainly() {
    let (dir, mut store) = demo();
    let council = store.funder_by_name("Eastbridge County Council").unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let e = store
        .export_claims_csv(MONTH, council.id, &Destination::folder(Some(s(&file))))
        .unwrap_err();
    assert_eq!(e.field(), Some("folder"));
    assert!(e.to_string().contains("is a file, not a folder"), "{e}");
    let e = store
        .export_claims_csv(
            MONTH,
            council.id,
            &Destination::folder(Some("relative/folder")),
        )
        .unwrap_err();
    assert_eq!(e.field(), Some("folder"));
    // A folder that does not exist yet is made.
    let fresh = dir.path().join("new").join("folder");
    let saved = store
        .export_claims_csv(MONTH, council.id, &Destination::folder(Some(s(&fresh))))
        .unwrap();
    assert!(path(&saved).starts_with(&fresh));
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_opens_in_python_and_its_total_matches_the_pack() {
    let (_dir, mut store) = demo();
    let funders = store.funders_list().unwrap();
    assert_eq!(funders.len(), 2, "the demo has two funders");
    for funder in funders {
        let saved = store
            .export_claims_csv(MONTH, funder.id, &Destination::ExportsFolder)
            .unwrap();
        let input = store.claim_pack_input(MONTH, funder.id).unwrap();
        let total = claim_totals(&input).grand.total;
        let lines: usize = input.claims.iter().map(|c| c.lines.len()).sum();
        let out = python(
            r#"
import csv, sys
from decimal import Decimal
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    rows = list(csv.DictReader(f))
total = [r for r in rows if r['Rep'] == 'TOTAL']
lines = [r for r in rows if r['Rep'] != 'TOTAL']
assert len(total) == 1, total
s = sum(Decimal(r['Amount (£)']) for r in lines)
print(len(lines), total[0]['Amount (£)'], s)
"#,
            &[&saved.path],
            "csv",
            "python3",
        );
        let parts: Vec<&str> = out.split_whitespace().collect();
        let expected = format!("{}.{:02}", total / 100, total % 100);
        assert_eq!(
            parts,
            vec![lines.to_string().as_str(), &expected, &expected],
            "{out}"
        );
    }
}

// ---------------------------------------------------------------- meeting notes

#[test]
fn finalised_notes_are_signed_and_complete() {
    let (dir, mut store) = demo();
    let cert = store
        .certificate_export(&Destination::Folder(dir.path().join("cert")))
        .unwrap();
    let meetings = store.meetings_list(&MeetingFilter::default()).unwrap();
    let fin = meetings.iter().find(|m| m.finalised).unwrap();
    let m = store.meeting_get(fin.id).unwrap();
    let saved = store
        .export_meeting_notes(fin.id, NotesVersion::Full, &Destination::ExportsFolder)
        .unwrap();
    let pdf = path(&saved);
    assert!(!saved.path.contains("DRAFT"));
    let text = pdftotext(&pdf);
    assert!(!text.replace('\n', "").contains("DRAFT"));
    assert!(text.contains(&m.title));
    let attended: Vec<_> = m
        .people
        .iter()
        .filter(|p| p.attendance == "attended")
        .collect();
    assert!(!attended.is_empty());
    for p in attended {
        assert!(text.contains(&p.name), "attendee {} missing", p.name);
    }
    for p in m.people.iter().filter(|p| p.attendance == "apologies") {
        assert!(text.contains(&p.name), "apology from {} missing", p.name);
    }
    for d in &m.decisions {
        assert!(
            text.replace('\n', " ").contains(&d.text),
            "decision missing: {}",
            d.text
        );
    }
    for a in &m.actions {
        assert!(
            text.replace('\n', " ").contains(&a.text),
            "action missing: {}",
            a.text
        );
        assert!(text.contains(&a.owner));
    }
    assert!(text.contains(&m.checks.quorum_rule.replace('\n', " ")[..20]));
    assert!(text.contains("Finalised on"));
    qpdf_check(&pdf);
    let report = pdfsig(&pdf);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(
        report.contains("Total document signed"),
        "pdfsig:\n{report}"
    );
    pyhanko_validate(&pdf, Path::new(&cert.path));
    assert!(
        store
            .verify_file(&std::fs::read(&pdf).unwrap())
            .unwrap()
            .intact
    );
}

#[test]
fn draft_notes_say_draft_and_are_not_signed() {
    let (_dir, mut store) = demo();
    let meetings = store.meetings_list(&MeetingFilter::default()).unwrap();
    let draft = meetings.iter().find(|m| !m.finalised).unwrap();
    let saved = store
        .export_meeting_notes(draft.id, NotesVersion::Full, &Destination::ExportsFolder)
        .unwrap();
    assert!(saved.path.ends_with("-DRAFT.pdf"), "{}", saved.path);
    let pdf = path(&saved);
    let text = pdftotext(&pdf);
    // The watermark's letters come out one per line.
    assert!(
        text.replace('\n', "").contains("DRAFT"),
        "no DRAFT mark:\n{text}"
    );
    assert!(text.contains("Draft notes of meeting"));
    assert!(text.contains("These are draft notes."));
    qpdf_check(&pdf);
    let report = pdfsig(&pdf);
    assert!(
        report.contains("does not contain any signatures"),
        "pdfsig found a signature on a draft:\n{report}"
    );
    assert!(!report.contains("Signature is Valid."));
    let e = store
        .verify_file(&std::fs::read(&pdf).unwrap())
        .unwrap_err();
    assert!(e.to_string().contains("not been digitally signed"), "{e}");
    assert!(store
        .audit_list(5)
        .unwrap()
        .iter()
        .any(|a| a.action == "exported draft meeting notes"));
}

/// The window's steps for notes (read; draw and sign; save), with `progress` given to the
/// drawing; saving happens only when drawing succeeded, as in the shell.
fn notes_in_steps(
    store: &mut Store,
    meeting_id: i64,
    progress: &ExportProgress,
) -> Result<forumdesk_core::model::SavedFile, CoreError> {
    let prepared = store.meeting_notes_prepare(meeting_id, NotesVersion::Full)?;
    let rendered = prepared.render_with(progress)?;
    store.meeting_notes_save(&rendered, &Destination::ExportsFolder)
}

/// How many notes exports the audit log holds.
fn notes_logged(store: &Store) -> usize {
    store
        .audit_list(100)
        .unwrap()
        .iter()
        .filter(|e| e.action.starts_with("exported") && e.action.ends_with("meeting notes"))
        .count()
}

#[test]
fn cancelled_notes_are_not_saved_or_logged() {
    let (dir, mut store) = demo();
    let meetings = store.meetings_list(&MeetingFilter::default()).unwrap();
    let fin = meetings.iter().find(|m| m.finalised).unwrap().id;
    let draft = meetings.iter().find(|m| !m.finalised).unwrap().id;

    // Cancelled before drawing starts, signed or draft.
    for id in [fin, draft] {
        let progress = ExportProgress::new();
        progress.cancel();
        let e = notes_in_steps(&mut store, id, &progress).unwrap_err();
        assert!(matches!(e, CoreError::Cancelled), "{e:?}");
    }
    // Cancelled once the first page is drawn.
    for id in [fin, draft] {
        let progress = cancelled_when(|s| s.pages_done == 1);
        let e = notes_in_steps(&mut store, id, &progress).unwrap_err();
        assert!(matches!(e, CoreError::Cancelled), "{e:?}");
        assert_eq!(progress.snapshot().pages_done, 1);
    }
    // Cancelled at the last moment, while the finalised notes are being signed.
    let progress = cancelled_when(|s| s.stage == ExportStage::Signing);
    let e = notes_in_steps(&mut store, fin, &progress).unwrap_err();
    assert!(matches!(e, CoreError::Cancelled), "{e:?}");
    let last = progress.snapshot();
    assert!(last.pages_total > 0 && last.pages_done == last.pages_total);
    assert_eq!(last.stage, ExportStage::Signing);

    assert_eq!(exported_files(&dir), Vec::<PathBuf>::new());
    assert_eq!(notes_logged(&store), 0);
}

#[test]
fn notes_made_in_steps_are_the_notes_made_at_once() {
    let (dir, mut store) = demo();
    let cert = store
        .certificate_export(&Destination::Folder(dir.path().join("cert")))
        .unwrap();
    let meetings = store.meetings_list(&MeetingFilter::default()).unwrap();
    let fin = meetings.iter().find(|m| m.finalised).unwrap().id;

    let progress = ExportProgress::new();
    let saved = notes_in_steps(&mut store, fin, &progress).unwrap();
    let last = progress.snapshot();
    assert_eq!(last.stage, ExportStage::Done);
    assert!(last.pages_total > 0 && last.pages_done == last.pages_total);
    assert_eq!(exported_files(&dir), vec![path(&saved)]);
    assert_eq!(notes_logged(&store), 1);

    let at_once = store
        .export_meeting_notes(
            fin,
            NotesVersion::Full,
            &Destination::Folder(dir.path().join("at-once")),
        )
        .unwrap();
    assert_eq!(
        path(&saved).file_name(),
        path(&at_once).file_name(),
        "the same file name"
    );
    assert_eq!(pdftotext(&path(&saved)), pdftotext(&path(&at_once)));
    let report = pdfsig(&path(&saved));
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    pyhanko_validate(&path(&saved), Path::new(&cert.path));
    assert_eq!(notes_logged(&store), 2);
}

#[test]
fn the_store_is_free_while_notes_are_drawn_and_reopened_notes_are_not_saved() {
    let (dir, mut store) = demo();
    let meetings = store.meetings_list(&MeetingFilter::default()).unwrap();
    let fin = meetings.iter().find(|m| m.finalised).unwrap().id;

    // Drawing pauses after its first page until the store has been used.
    let prepared = store
        .meeting_notes_prepare(fin, NotesVersion::Full)
        .unwrap();
    let (progress, wait_reached, resume) = paused_after_first_page();
    let worker = std::thread::spawn(move || prepared.render_with(&progress));
    wait_reached
        .recv()
        .expect("the notes finished before their first page");
    // Meanwhile the window goes on: somebody reopens the notes.
    store
        .meeting_reopen(fin, "A decision was worded wrongly")
        .unwrap();
    resume.send(()).unwrap();
    let rendered = worker.join().unwrap().unwrap();

    // The file would call reopened notes finalised: it is not saved, nor logged.
    let e = store
        .meeting_notes_save(&rendered, &Destination::ExportsFolder)
        .unwrap_err();
    assert_eq!(e.code().as_str(), "locked", "{e}");
    assert!(e.to_string().contains("export them again"), "{e}");
    assert_eq!(exported_files(&dir), Vec::<PathBuf>::new());
    assert_eq!(notes_logged(&store), 0);
}

// ---------------------------------------------------------------- calendars

const READ_ICS: &str = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for ev in cal.walk('VEVENT'):
    print(ev['UID'], '|', ev['SUMMARY'], '|', ev.decoded('DTSTART').isoformat(), '|', ev.decoded('DTEND').isoformat())
"#;

#[test]
fn calendar_files_parse_with_icalendar() {
    let (_dir, mut store) = demo();
    let meetings = store.meetings_list(&MeetingFilter::default()).unwrap();
    let one = &meetings[0];
    let saved = store
        .export_meeting_ics(one.id, &Destination::ExportsFolder)
        .unwrap();
    let out = python(READ_ICS, &[&saved.path], "icalendar", "icalendar");
    let events: Vec<&str> = out.lines().collect();
    assert_eq!(events.len(), 1, "{out}");
    assert!(events[0].contains(&format!("meeting-{}@forumdesk.local", one.id)));
    assert!(events[0].contains(&one.title));
    assert!(
        events[0].contains(&format!("{}:00", one.starts_at)),
        "{out}"
    );

    // Every SEND Strategy Board meeting is in the past on 25 November, so there is nothing
    // upcoming...
    let group = store.group_by_name("SEND Strategy Board").unwrap();
    let e = store
        .export_group_ics(group.id, &Destination::ExportsFolder)
        .unwrap_err();
    assert!(e.to_string().contains("no meetings coming up"), "{e}");

    // ...until two are planned; the past ones stay out.
    for (title, start, end) in [
        ("Winter meeting", "2026-12-09T10:00", "2026-12-09T11:30"),
        (
            "New year meeting, part 1; review",
            "2027-01-13T14:00",
            "2027-01-13T16:00",
        ),
    ] {
        store
            .meeting_save(&MeetingInput {
                group_id: group.id,
                title: title.into(),
                starts_at: start.into(),
                ends_at: end.into(),
                place: "County Hall".into(),
                ..Default::default()
            })
            .unwrap();
    }
    let saved = store
        .export_group_ics(group.id, &Destination::ExportsFolder)
        .unwrap();
    let out = python(READ_ICS, &[&saved.path], "icalendar", "icalendar");
    let events: Vec<&str> = out.lines().collect();
    assert_eq!(events.len(), 2, "{out}");
    assert!(events[0].contains("Winter meeting") && events[0].contains("2026-12-09T10:00:00"));
    assert!(events[1].contains("New year meeting, part 1; review"));
    assert!(events[1].contains("2027-01-13T16:00:00"));
}

// ---------------------------------------------------------------- certificate and opening

#[test]
fn the_certificate_is_made_at_set_up_and_exported_without_the_key() {
    let (dir, mut store) = demo();
    let first = store.certificate_get().unwrap();
    let again = store.certificate_get().unwrap();
    assert_eq!(first.fingerprint, again.fingerprint);
    assert_eq!(first.subject, "Eastbridge Parent Carer Forum");
    let saved = store
        .certificate_export(&Destination::ExportsFolder)
        .unwrap();
    assert!(saved.path.ends_with("forum-certificate.pem"));
    let pem = std::fs::read_to_string(&saved.path).unwrap();
    assert_eq!(pem, first.pem);
    assert!(!pem.contains("PRIVATE"));
    let cer = path(&saved).with_extension("cer");
    assert_eq!(std::fs::read(&cer).unwrap()[0], 0x30);
    // The public certificate sits beside the store, for `verify`; no private key is written
    // anywhere in the data folder in clear.
    let beside = std::fs::read_to_string(dir.path().join("data").join("signing-cert.pem")).unwrap();
    assert_eq!(beside, first.pem);
    assert!(!dir.path().join("data").join("signing-key.pem").exists());
    for entry in std::fs::read_dir(dir.path().join("data")).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            let text = std::fs::read(&p).unwrap();
            assert!(
                !String::from_utf8_lossy(&text).contains("PRIVATE KEY"),
                "{}",
                p.display()
            );
        }
    }
    for entry in std::fs::read_dir(dir.path().join("exports")).unwrap() {
        let text = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!String::from_utf8_lossy(&text).contains("PRIVATE KEY"));
    }
}

#[test]
fn only_exported_files_may_be_opened() {
    let (dir, mut store) = demo();
    let council = store.funder_by_name("Eastbridge County Council").unwrap();
    let chosen = dir.path().join("chosen");
    let saved = store
        .export_claims_csv(MONTH, council.id, &Destination::Folder(chosen.clone()))
        .unwrap();
    assert!(store.export_path_to_open(&saved.path).is_ok());
    let in_exports = store
        .export_claims_csv(MONTH, council.id, &Destination::ExportsFolder)
        .unwrap();
    assert!(store.export_path_to_open(&in_exports.path).is_ok());
    // A file Forum Desk did not write, even beside an export, is refused.
    let other = chosen.join("other.csv");
    std::fs::write(&other, b"a,b\n").unwrap();
    assert!(matches!(
        store.export_path_to_open(s(&other)),
        Err(CoreError::NotAllowed(_))
    ));
    // So are programs, files that are gone, and relative paths.
    let script = dir.path().join("exports").join("run.sh");
    std::fs::write(&script, b"#!/bin/sh\n").unwrap();
    assert!(store.export_path_to_open(s(&script)).is_err());
    assert!(matches!(
        store.export_path_to_open(s(&dir.path().join("exports").join("gone.pdf"))),
        Err(CoreError::NotFound(_))
    ));
    assert!(store.export_path_to_open("claims.csv").is_err());
}

/// Łukasz's statement for 2026/27 from the demo: read back with pdftotext, its totals agree
/// with the claim lines in the database to the penny (worked out here with plain SQL, not
/// the core's code), the Carer's Allowance month over the limit is named, and pdfsig finds
/// the forum's signature valid over the whole file.
#[test]
fn a_reps_statement_matches_the_database_and_is_signed() {
    let (dir, mut store) = demo();
    let lukasz = store
        .reps_list()
        .unwrap()
        .into_iter()
        .find(|r| r.name == "Łukasz Nowak")
        .unwrap()
        .member_id;
    let out = dir.path().join("statement.pdf");
    store
        .export_rep_statement(lukasz, 2026, &Destination::File(out.clone()))
        .unwrap();
    let text = pdftotext(&out);
    let layout = pdftotext_layout(&out);

    // Straight from the database: each line counts on the day it was paid, or the last day
    // of its claim's month before then, from 6 April 2026 to 5 April 2027.
    let sum = |kind: &str| -> i64 {
        store
            .connection()
            .query_row(
                &format!(
                    "SELECT coalesce(sum(l.amount_pence), 0) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
                     WHERE c.rep_id = ?1 AND c.status IN ('submitted', 'approved', 'paid') AND l.kind {kind}
                       AND CASE WHEN c.status = 'paid' THEN c.paid_on
                                ELSE date(c.month || '-01', '+1 month', '-1 day') END
                           BETWEEN '2026-04-06' AND '2027-04-05'"
                ),
                [lukasz],
                |r| r.get(0),
            )
            .unwrap()
    };
    let recognition = sum("= 'time'");
    let expenses = sum("<> 'time'");
    assert!(recognition > 88_400, "the demo puts one month over £884");
    assert!(expenses > 0);
    let year_row = layout
        .lines()
        .find(|l| l.trim_start().starts_with("Tax year") && l.contains('£'))
        .unwrap_or_else(|| panic!("no totals row in:\n{layout}"));
    for figure in [
        format_pence(recognition),
        format_pence(expenses),
        format_pence((recognition * 2 + 52) / 104),
    ] {
        assert!(year_row.contains(&figure), "{figure} not in {year_row:?}");
    }
    // The month he was paid for the workshops, in words, with its weekly average.
    let november: i64 = store
        .connection()
        .query_row(
            "SELECT sum(l.amount_pence) FROM claim_lines l JOIN claims c ON c.id = l.claim_id
             WHERE c.rep_id = ?1 AND l.kind = 'time' AND c.status = 'paid' AND c.paid_on LIKE '2026-11-%'",
            [lukasz],
            |r| r.get(0),
        )
        .unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for words in [
        "Statement for tax year 2026/27".to_string(),
        "6 April 2026 to 5 April 2027".to_string(),
        format!(
            "recognition payments for November 2026 come to {}",
            format_pence(november)
        ),
        "even a penny can stop the whole of your Carer's Allowance for that week".to_string(),
        "Carer's Allowance Unit".to_string(),
        "You may need to tell HMRC about the recognition payments".to_string(),
    ] {
        assert!(flat.contains(&words), "{words:?} not in:\n{flat}");
    }

    qpdf_check(&out);
    let report = pdfsig(&out);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(
        report.contains("Total document signed"),
        "pdfsig:\n{report}"
    );
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(store.verify_file(&bytes).unwrap().ours, Some(true));

    // Only the rep and the officers; and only an officer can sign.
    let rep = sign_in(&dir, "Łukasz Nowak");
    assert!(rep.rep_statement(lukasz, 2026).is_ok());
    assert!(rep.rep_statement_pdf(lukasz, 2026).is_err());
}
