//! End-to-end checks of every export, using the real verifiers where they
//! matter (pdftotext, qpdf, pdfsig, pyHanko, Python's csv and icalendar).
//! Tools that are missing make the tests fail with a message saying what to
//! install: they never pass silently.

mod common;

use common::*;
use forumdesk_export::format::{money, pounds_plain};
use forumdesk_export::*;
use std::sync::{Arc, OnceLock, Weak};

fn panel(identity: &ForumIdentity) -> SignaturePanel {
    SignaturePanel {
        forum: "Northshire Parent Carer Forum".into(),
        person: "Priya Shah".into(),
        role: "Treasurer".into(),
        signed_at: "25/11/2026 14:30".into(),
        fingerprint: identity.fingerprint_sha256(),
    }
}

fn identity(dir: &std::path::Path) -> ForumIdentity {
    ForumIdentity::load_or_create(
        &dir.join("identity"),
        "Northshire Parent Carer Forum",
        now(),
    )
    .unwrap()
}

/// Squashes whitespace so text wrapped across lines or columns still matches.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn claim_pack_text_and_totals() {
    let tmp = tempfile::tempdir().unwrap();
    let input = pack_input(false, None);
    let pdf = render_claim_pack(&input).unwrap();
    let text = pdftotext(tmp.path(), &pdf);
    let flat = squash(&text);

    // Totals equal the sum of the lines, to the penny.
    let totals = claim_totals(&input);
    let sum: i64 = input
        .claims
        .iter()
        .flat_map(|c| &c.lines)
        .map(|l| l.amount_pence)
        .sum();
    assert_eq!(totals.grand.total, sum);
    assert_eq!(
        totals.grand.total,
        2250 + 1200 + 437 + 4000 - 437 + 7550 + 393 + 123_456
    );
    let per_rep: i64 = totals.reps.iter().map(|r| r.totals.total).sum();
    assert_eq!(per_rep, sum);
    let g = totals.grand;
    assert_eq!(
        g.time + g.mileage + g.fares_and_parking + g.childcare + g.other,
        g.total
    );
    assert_eq!(totals.receipts, 3);

    for name in ["Siobhán O'Brien", "Zoë Clarke", "Łukasz Nowak"] {
        assert!(text.contains(name), "missing {name} in:\n{text}");
    }
    for line in input.claims.iter().flat_map(|c| &c.lines) {
        let amount = money(line.amount_pence);
        assert!(text.contains(&amount), "missing line amount {amount}");
    }
    assert!(
        text.contains(&money(totals.grand.total)),
        "missing grand total {}",
        money(totals.grand.total)
    );
    assert!(
        text.contains("£1,388.49"),
        "grand total should read £1,388.49"
    );
    assert!(text.contains("-£4.37"), "reversal shown negative");
    assert!(flat.contains("Reverses line of 03/10/2026"));
    assert!(flat.contains("90 minutes at £15.00 an hour"));
    assert!(flat.contains("Half day"));
    assert!(
        flat.contains("Home → County Hall, 24.0 miles, car, 1 passenger; 24.0 miles at 45p"),
        "{flat}"
    );
    assert!(flat.contains("after 10,000 miles"));
    assert!(flat.contains("cap £40.00"));
    assert!(flat.contains("Warning accepted by the approver"));
    assert!(flat.contains("October 2026"));
    assert!(flat.contains("SEN-4410") && flat.contains("PO 778812"));
    assert!(flat.contains("1187654") && flat.contains("11223344"));
    assert!(flat.contains("Number of receipts enclosed: 3 receipts"));
    assert!(flat.contains("Priya Shah (Treasurer)"));
    assert!(flat.contains("04/11/2026 09:40"));
    assert!(flat.contains("This receipt is a PDF file and is enclosed separately: invoice.pdf"));
    assert!(flat.contains("Payment terms"));
    assert!(flat.contains("I confirm this claim is true"));
    // Footer with page numbers on every page.
    let pages = text.matches('\u{c}').count().max(1);
    assert!(
        text.contains(&format!("Page 1 of {pages}")) || text.contains("Page 1 of"),
        "footer missing"
    );
    assert!(flat.contains("Northshire Parent Carer Forum · October 2026"));
    qpdf_check(tmp.path(), &pdf);

    // The PDF carries the generation date, not 1970.
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        raw.contains("D:20261125143000"),
        "CreationDate should be the generation time"
    );
}

#[test]
fn phone_photos_are_shrunk() {
    let tmp = tempfile::tempdir().unwrap();
    let photo = phone_photo(3);
    assert!(
        photo.len() > 1_500_000,
        "test photo should be phone-sized, is {} bytes",
        photo.len()
    );
    let small = render_claim_pack(&pack_input(false, None)).unwrap();
    let big = render_claim_pack(&pack_input(true, None)).unwrap();
    let added = big.len() - small.len();
    assert!(added < 700_000, "a 2 MB photo added {added} bytes");
    qpdf_check(tmp.path(), &big);
}

#[test]
fn signed_pack_passes_pdfsig_qpdf_and_our_verifier() {
    let tmp = tempfile::tempdir().unwrap();
    let id = identity(tmp.path());
    let input = pack_input(false, Some(panel(&id)));
    let unsigned = render_claim_pack(&input).unwrap();
    let signed = sign_pdf(
        &unsigned,
        &id,
        "Priya Shah",
        "Claim pack approved for payment",
        now(),
    )
    .unwrap();

    let text = squash(&pdftotext(tmp.path(), &signed));
    assert!(text.contains("Digitally signed by Northshire Parent Carer Forum, for Priya Shah, Treasurer, on 25/11/2026 14:30"), "{text}");
    assert!(text.contains("Certificate SHA-256 fingerprint"));
    // Fingerprint may wrap; compare without spaces.
    assert!(text.replace(' ', "").contains(&id.fingerprint_sha256()));

    let report = pdfsig(tmp.path(), "signed.pdf", &signed);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(
        report.contains("Total document signed"),
        "pdfsig:\n{report}"
    );
    assert!(report.contains("ETSI.CAdES.detached"), "pdfsig:\n{report}");
    qpdf_check(tmp.path(), &signed);

    let v = verify_pdf(&signed, Some(id.certificate_der())).unwrap();
    assert!(v.intact && v.covers_whole_file, "{v:?}");
    assert_eq!(v.ours, Some(true));
    assert_eq!(v.signer, "Northshire Parent Carer Forum");
    assert_eq!(v.fingerprint, id.fingerprint_sha256());

    // Someone else's certificate is not ours.
    let other =
        ForumIdentity::load_or_create(&tmp.path().join("other"), "Southvale PCF", now()).unwrap();
    assert_eq!(
        verify_pdf(&signed, Some(other.certificate_der()))
            .unwrap()
            .ours,
        Some(false)
    );
    assert_eq!(verify_pdf(&signed, None).unwrap().ours, None);
}

#[test]
fn flipped_byte_is_detected() {
    let tmp = tempfile::tempdir().unwrap();
    let id = identity(tmp.path());
    let unsigned = render_claim_pack(&pack_input(false, Some(panel(&id)))).unwrap();
    let signed = sign_pdf(&unsigned, &id, "Priya Shah", "Approved", now()).unwrap();
    // Flip bytes in several places of the signed range: early, middle of
    // the original document, and in the appended signature objects.
    for at in [200, unsigned.len() / 2, unsigned.len() + 40] {
        let mut tampered = signed.clone();
        tampered[at] ^= 0x01;
        let report = pdfsig(tmp.path(), "tampered.pdf", &tampered);
        assert!(
            !report.contains("Signature is Valid."),
            "pdfsig missed a flipped byte at {at}:\n{report}"
        );
        let v = verify_pdf(&tampered, None)
            .expect("the signature itself is untouched, so it still parses");
        assert!(!v.intact, "verify_pdf missed a flipped byte at {at}");
    }
    // A flip at the very start of the content stream area is a digest mismatch.
    let mut tampered = signed.clone();
    tampered[unsigned.len() / 2] ^= 0x01;
    let report = pdfsig(tmp.path(), "tampered.pdf", &tampered);
    assert!(
        report.contains("Digest Mismatch")
            || report.contains("not valid")
            || report.contains("Invalid"),
        "{report}"
    );

    // Appending after the signature is a change too: the signature no
    // longer covers the whole file. (tests/verify.rs checks every case.)
    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n% added later\n");
    let v = verify_pdf(&appended, None).unwrap();
    assert!(!v.intact && !v.covers_whole_file);
}

#[test]
fn pyhanko_validates_signature() {
    let tmp = tempfile::tempdir().unwrap();
    let id = identity(tmp.path());
    let notes = render_meeting_notes(&notes_input(false, Some(panel(&id)), 0)).unwrap();
    let signed = sign_pdf(&notes, &id, "Siobhán O'Brien", "Notes agreed", now()).unwrap();
    let pdf = write_temp(tmp.path(), "signed-notes.pdf", &signed);
    let cert = write_temp(tmp.path(), "cert.pem", id.certificate_pem().as_bytes());
    let (ok, out) = run(
        "pyhanko",
        "pyHanko's command line (pip install pyhanko pyhanko-cli)",
        &[
            "sign",
            "validate",
            "--pretty-print",
            "--trust",
            &cert,
            "--trust-replace",
            &pdf,
        ],
    );
    assert!(ok, "pyHanko rejected the signature:\n{out}");
    for needle in [
        "The signer's certificate is trusted.",
        "The signature is cryptographically sound.",
        "The signature covers the entire file.",
        "The signature is judged VALID.",
    ] {
        assert!(
            out.contains(needle),
            "pyHanko did not say {needle:?}:\n{out}"
        );
    }
}

#[test]
fn identity_is_created_once_and_reloaded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("id");
    let a = ForumIdentity::load_or_create(&dir, "Łódź & Zoë's Forum, Northshire", now()).unwrap();
    let b = ForumIdentity::load_or_create(&dir, "ignored on reload", now()).unwrap();
    assert_eq!(a.fingerprint_sha256(), b.fingerprint_sha256());
    assert_eq!(b.subject_name(), "Łódź & Zoë's Forum, Northshire");
    let fp = a.fingerprint_sha256();
    assert_eq!(fp.len(), 32 * 3 - 1);
    assert!(fp
        .chars()
        .all(|c| c == ':' || c.is_ascii_digit() || c.is_ascii_uppercase()));
    assert!(a
        .certificate_pem()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("signing-key.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The certificate says what we promised.
    let (ok, text) = run(
        "openssl",
        "openssl",
        &[
            "x509",
            "-in",
            &dir.join("signing-cert.pem").to_string_lossy(),
            "-noout",
            "-text",
        ],
    );
    assert!(ok, "{text}");
    assert!(
        text.contains("Digital Signature, Non Repudiation"),
        "{text}"
    );
    assert!(
        text.contains("prime256v1") || text.contains("P-256"),
        "{text}"
    );
    assert!(text.contains("Not After : Nov 25"), "{text}");
    assert!(text.contains("2036"), "{text}");

    // A lone certificate without its key is refused, not silently replaced.
    std::fs::remove_file(dir.join("signing-key.pem")).unwrap();
    let err = ForumIdentity::load_or_create(&dir, "x", now()).unwrap_err();
    assert!(err.to_string().contains("missing"), "{err}");
}

#[test]
fn verify_rejects_garbage_and_unsigned() {
    assert!(matches!(
        verify_pdf(b"", None),
        Err(ExportError::NotAPdf(_))
    ));
    assert!(verify_pdf(b"hello world, not a pdf", None).is_err());
    let unsigned = render_meeting_notes(&notes_input(true, None, 0)).unwrap();
    let err = verify_pdf(&unsigned, None).unwrap_err();
    assert!(matches!(err, ExportError::NotSigned), "{err}");
    assert_eq!(err.to_string(), "This PDF has not been digitally signed.");
    // Damaged signatures give an error or "not intact", never a panic.
    let mut junk = b"%PDF-1.7\n/ByteRange [0 10 20 5] /Contents <zz>".to_vec();
    assert!(verify_pdf(&junk, None).is_err());
    junk.extend_from_slice(b"/ByteRange [0 99999999 1 1]");
    assert!(verify_pdf(&junk, None).is_err());
    let mut fake = b"%PDF-1.7\n/ByteRange [0 30 40 0]".to_vec();
    fake.resize(30, b' ');
    fake.extend_from_slice(b"<3082000000>");
    assert!(verify_pdf(&fake, None).is_err());
    assert!(sign_pdf(
        b"not a pdf",
        &identity(tempfile::tempdir().unwrap().path()),
        "a",
        "b",
        now()
    )
    .is_err());
}

#[test]
fn meeting_notes_final_and_draft() {
    let tmp = tempfile::tempdir().unwrap();
    let id = identity(tmp.path());
    let final_pdf = render_meeting_notes(&notes_input(false, Some(panel(&id)), 0)).unwrap();
    let text = squash(&pdftotext(tmp.path(), &final_pdf));
    for needle in [
        "Autumn steering group",
        "Steering Group",
        "12/11/2026 18:30 to 20:00",
        "The Old School, Mill Lane",
        "https://meet.example.org/npcf-autumn",
        "Siobhán O'Brien (Northshire PCF)",
        "Łukasz Nowak (Northshire PCF)",
        "Northshire PCF (3)",
        "Northshire NHS (1)",
        "Dr Amrit Gill, Designated clinical officer",
        "No organisation recorded (1)",
        "Apologies",
        "Priya Shah (Northshire PCF)",
        "The meeting was quorate.",
        "At least 3 voting members, including 2 parent carers",
        "29/10/2026",
        "09/11/2026",
        "Papers were sent 3 days before the meeting",
        "Short breaks review",
        "62% of families",
        "Adopt the short breaks survey report",
        "Send survey report to the Head of SEND",
        "Zoë Clarke",
        "30/11/2026",
        "Chase transport policy consultation response",
        "Summer steering group, 14/07/2026",
        "Finalised on 20/11/2026 10:15",
        "Digitally signed by Northshire Parent Carer Forum",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    assert!(!text.contains("DRAFT"));
    qpdf_check(tmp.path(), &final_pdf);

    // Drafts: watermark on every page, never a signature panel.
    let draft = render_meeting_notes(&notes_input(true, Some(panel(&id)), 8)).unwrap();
    let raw_text = pdftotext(tmp.path(), &draft);
    let pages = raw_text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .count();
    assert!(pages >= 2, "expected several pages, got {pages}");
    for (i, page) in raw_text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .enumerate()
    {
        // The rotated watermark comes out one letter per line.
        let joined: String = page.split_whitespace().collect();
        assert!(
            joined.contains("DRAFT"),
            "page {} has no DRAFT watermark",
            i + 1
        );
        assert!(
            page.contains(&format!("Page {} of {pages}", i + 1)),
            "page {} footer",
            i + 1
        );
    }
    assert!(!raw_text.contains("Digitally signed"));
    assert!(squash(&raw_text).contains("These are draft notes"));
    qpdf_check(tmp.path(), &draft);
}

/// Progress whose observer cancels it the first time `when` holds, as the window's Cancel
/// would at that moment.
fn cancelled_when(when: impl Fn(&ProgressSnapshot) -> bool + Send + 'static) -> Arc<Progress> {
    let me: Arc<OnceLock<Weak<Progress>>> = Default::default();
    let handle = me.clone();
    let progress = Arc::new(Progress::with_observer(move |s| {
        if when(&s) {
            if let Some(p) = handle.get().and_then(Weak::upgrade) {
                p.cancel();
            }
        }
    }));
    me.set(Arc::downgrade(&progress)).unwrap();
    progress
}

type Render = Box<dyn Fn(&Progress) -> std::result::Result<Vec<u8>, ExportError>>;

#[test]
fn notes_and_reports_count_their_pages_and_stop_when_cancelled() {
    let tmp = tempfile::tempdir().unwrap();
    let notes = notes_input(true, None, 8);
    let report = ReportInput {
        title: "Annual report 2026–27".into(),
        footer: "Northshire Parent Carer Forum · Annual report 2026–27".into(),
        generated_at: now(),
        blocks: (1..=150)
            .map(|i| Block::Paragraph(format!("Paragraph {i} of a long report.")))
            .collect(),
        signature_panel: None,
    };
    let renders: Vec<(&str, Render)> = vec![
        (
            "notes",
            Box::new(move |p: &Progress| render_meeting_notes_with(&notes, p)),
        ),
        (
            "report",
            Box::new(move |p: &Progress| render_report_with(&report, p)),
        ),
    ];
    for (what, render) in renders {
        // Not cancelled: every page counted, the total is the PDF's real page count.
        let progress = Progress::new();
        let pdf = render(&progress).unwrap();
        let pages = pdftotext(tmp.path(), &pdf)
            .split('\u{c}')
            .filter(|p| !p.trim().is_empty())
            .count();
        assert!(pages >= 2, "{what}: expected several pages, got {pages}");
        let last = progress.snapshot();
        assert_eq!(
            (last.pages_done, last.pages_total),
            (pages, pages),
            "{what}"
        );
        assert_eq!(last.stage, Stage::Writing, "{what}");

        // Cancelled once the first page is drawn: it stops there, with no bytes.
        let progress = cancelled_when(|s| s.pages_done == 1);
        let result = render(&progress);
        assert!(matches!(result, Err(ExportError::Cancelled)), "{what}");
        let last = progress.snapshot();
        assert_eq!((last.pages_done, last.pages_total), (1, pages), "{what}");
        assert!(last.cancelled);
    }
}

#[test]
fn csv_rows_and_total_match_the_pack() {
    let tmp = tempfile::tempdir().unwrap();
    let input = pack_input(false, None);
    let bytes = claim_lines_csv(&input).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let lines: usize = input.claims.iter().map(|c| c.lines.len()).sum();
    assert_eq!(rows.len(), lines + 1);
    let mut sum = 0i64;
    for row in &rows[..lines] {
        let amount = &row[7];
        assert!(!amount.starts_with('\''), "amounts stay numeric: {amount}");
        let pence = (amount.parse::<f64>().unwrap() * 100.0).round() as i64;
        sum += pence;
        assert!(
            row[3].len() == 10 && row[3].as_bytes()[2] == b'/',
            "date {}",
            &row[3]
        );
    }
    let total = &rows[lines];
    assert_eq!(&total[0], "TOTAL");
    assert_eq!(&total[7], pounds_plain(claim_totals(&input).grand.total));
    assert_eq!(&total[7], "1388.49");
    assert_eq!(sum, claim_totals(&input).grand.total);
    // The reversal keeps its minus sign and points at the line it reverses.
    assert!(rows.iter().any(|r| &r[7] == "-4.37" && &r[8] == "103"));
    // A formula-looking activity is neutralised.
    assert!(rows
        .iter()
        .any(|r| &r[5] == "'=Printing leaflets for the autumn newsletter"));
    assert!(rows
        .iter()
        .any(|r| &r[0] == "Siobhán O'Brien" && &r[10] == "Priya Shah (Treasurer)"));

    // Python's csv module agrees on the total.
    let path = write_temp(tmp.path(), "claims.csv", &bytes);
    let script = "import csv,sys\nrows=list(csv.reader(open(sys.argv[1],encoding='utf-8',newline='')))\n\
                  body=rows[1:-1]\nt=round(sum(float(r[7]) for r in body),2)\nassert rows[-1][0]=='TOTAL'\n\
                  assert abs(t-float(rows[-1][7]))<0.001,(t,rows[-1][7])\nprint('ok',t)";
    let (ok, out) = run("python3", "python3", &["-c", script, &path]);
    assert!(ok && out.contains("ok 1388.49"), "{out}");
}

#[test]
fn ics_is_valid_icalendar() {
    let tmp = tempfile::tempdir().unwrap();
    let meetings = vec![
        IcsMeeting {
            id: 42,
            title: "Autumn steering group; budget, transport & short breaks".into(),
            group_name: Some("Steering Group".into()),
            starts_at: dt(2026, 11, 12, 18, 30),
            ends_at: Some(dt(2026, 11, 12, 20, 0)),
            location: Some("The Old School, Mill Lane, Northtown".into()),
            online_link: Some("https://meet.example.org/npcf-autumn?pwd=abc;def".into()),
            description: Some(
                "Chair: Siobhán O'Brien\nNotes: Łukasz Nowak\nBring the survey results \\ papers. "
                    .repeat(3),
            ),
            cancelled: false,
        },
        IcsMeeting {
            id: 43,
            title: "Summer coffee morning".into(),
            group_name: None,
            starts_at: dt(2026, 7, 14, 10, 0),
            ends_at: None,
            location: None,
            online_link: None,
            description: None,
            cancelled: true,
        },
    ];
    let ics = meeting_ics(&meetings, now());
    assert!(ics.contains("UID:meeting-42@forumdesk.local\r\n"));
    assert!(ics.contains("DTSTAMP:20261125T143000Z\r\n"));
    assert!(ics.contains("DTSTART;TZID=Europe/London:20261112T183000\r\n"));
    assert!(ics.contains("BEGIN:VTIMEZONE"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "line longer than 75 octets: {line}");
        assert!(!line.contains('\n'));
    }
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    let path = write_temp(tmp.path(), "meetings.ics", ics.as_bytes());
    let script = "import sys, icalendar\nraw=open(sys.argv[1],'rb').read()\ncal=icalendar.Calendar.from_ical(raw)\n\
ev=[c for c in cal.walk('VEVENT')]\nassert len(ev)==2\ne=ev[0]\n\
assert str(e['SUMMARY'])=='Autumn steering group; budget, transport & short breaks', e['SUMMARY']\n\
assert str(e['LOCATION'])=='The Old School, Mill Lane, Northtown'\n\
assert 'Siobhán O\\'Brien' in str(e['DESCRIPTION']) and '\\\\ papers' in str(e['DESCRIPTION'])\n\
d=e.decoded('DTSTART')\nassert d.hour==18 and d.minute==30 and str(d.tzinfo) in ('Europe/London','GMT'), d\n\
assert d.utcoffset().total_seconds()==0\n\
s=ev[1].decoded('DTSTART')\nassert s.utcoffset().total_seconds()==3600, s\n\
assert str(ev[1]['STATUS'])=='CANCELLED'\nassert str(e['URL']).startswith('https://meet.example.org')\nprint('ok')";
    let (ok, out) = run(
        "python3",
        "python3 with the icalendar package (pip install icalendar)",
        &["-c", script, &path],
    );
    assert!(
        ok && out.contains("ok"),
        "Python icalendar rejected the file:\n{out}\n{ics}"
    );
}
