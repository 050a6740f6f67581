//! Rough timings and sizes for the exports, without Criterion.
//!
//! Run with: cargo run --release -p forumdesk-export --example pack_bench

use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use forumdesk_export::*;
use image::ImageEncoder;

fn main() {
    let now = Utc.with_ymd_and_hms(2026, 11, 25, 14, 30, 0).unwrap();
    let dir = std::env::temp_dir().join(format!("forumdesk-bench-{}", std::process::id()));
    let identity = ForumIdentity::load_or_create(&dir, "Northshire Parent Carer Forum", now)
        .expect("identity");
    let panel = SignaturePanel {
        forum: "Northshire Parent Carer Forum".into(),
        person: "Priya Shah".into(),
        role: "Treasurer".into(),
        signed_at: "25/11/2026 14:30".into(),
        fingerprint: identity.fingerprint_sha256(),
    };

    print!("Generating 50 noisy 4000x3000 JPEG photos... ");
    let t = Instant::now();
    let photos: Vec<Vec<u8>> = (0..50).map(|i| phone_photo(i + 1)).collect();
    let total: usize = photos.iter().map(Vec::len).sum();
    println!(
        "done in {:.1} s, average {:.2} MB each, {:.1} MB in all",
        t.elapsed().as_secs_f64(),
        total as f64 / 50.0 / 1e6,
        total as f64 / 1e6
    );

    // (a) Receipts attached before print copies existed: the pack makes each
    // print copy while it is built.
    let receipts: Vec<(Vec<u8>, Option<PrintCopy>)> =
        photos.iter().map(|p| (p.clone(), None)).collect();
    let plain = pack(50, receipts, Some(panel.clone()), now);
    let run = build_and_sign(&plain, &identity, now, 5);
    println!(
        "Pack, 50 lines + 50 photo receipts, no print copies (made while building): {}",
        run.describe()
    );

    // (b) The print copy each receipt gets when it is attached, one at a
    // time as in the app.
    let mut each = Vec::new();
    let copies: Vec<PrintCopy> = photos
        .iter()
        .enumerate()
        .map(|(i, photo)| {
            let t = Instant::now();
            let copy = receipt_print_copy(&format!("IMG_{i:04}.jpg"), photo).expect("print copy");
            each.push(t.elapsed().as_secs_f64());
            copy
        })
        .collect();
    let copy_bytes: usize = copies.iter().map(|c| c.bytes.len()).sum();
    println!(
        "Print copies of the 50 photos (made once, when each receipt is attached): median {:.0} ms each, slowest {:.0} ms, {}x{} px, average {:.0} KB",
        median(&each) * 1e3,
        each.iter().copied().fold(0.0, f64::max) * 1e3,
        copies[0].width,
        copies[0].height,
        copy_bytes as f64 / 50.0 / 1e3
    );

    // (c) The usual case: every receipt has its print copy.
    let receipts: Vec<(Vec<u8>, Option<PrintCopy>)> = photos
        .into_iter()
        .zip(copies.into_iter().map(Some))
        .collect();
    let with_copies = pack(50, receipts, Some(panel.clone()), now);
    let run = build_and_sign(&with_copies, &identity, now, 5);
    println!(
        "Pack, 50 lines + 50 photo receipts, with print copies: {} (target under 1 s: {})",
        run.describe(),
        if run.total < 1.0 { "met" } else { "NOT met" }
    );

    // The smallest pack is a cover page plus one page per rep.
    let small = pack(3, Vec::new(), None, now);
    let one = render_claim_pack(&small).expect("render");
    println!(
        "Smallest pack (cover + 1 rep with 3 lines, no receipts): {} pages, {:.1} KB",
        page_count(&one),
        one.len() as f64 / 1e3
    );
    // Grow the number of lines until the pack runs to 12 pages.
    let mut lines = 100;
    let (twelve_pdf, took) = loop {
        let t = Instant::now();
        let pdf = render_claim_pack(&pack(lines, Vec::new(), None, now)).expect("render");
        if page_count(&pdf) >= 12 {
            break (pdf, t.elapsed());
        }
        lines += 10;
    };
    println!(
        "12-page pack ({lines} lines, no receipts): {} pages, {:.1} KB, render {:.3} s",
        page_count(&twelve_pdf),
        twelve_pdf.len() as f64 / 1e3,
        took.as_secs_f64()
    );

    let mut items = 40;
    let (signed_notes, took) = loop {
        let t = Instant::now();
        let pdf = render_meeting_notes(&notes(items, now)).expect("notes");
        let signed =
            sign_pdf(&pdf, &identity, "Siobhán O'Brien", "Notes agreed", now).expect("sign");
        if page_count(&signed) >= 12 {
            break (signed, t.elapsed());
        }
        items += 5;
    };
    println!(
        "Meeting notes ({items} agenda items): {} pages, render + sign {:.3} s, {:.1} KB",
        page_count(&signed_notes),
        took.as_secs_f64(),
        signed_notes.len() as f64 / 1e3
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Median timings of rendering and signing one pack several times.
struct Run {
    render: f64,
    sign: f64,
    total: f64,
    runs: usize,
    size: usize,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "render {:.2} s, sign {:.3} s, total {:.2} s (median of {}), size {:.2} MB",
            self.render,
            self.sign,
            self.total,
            self.runs,
            self.size as f64 / 1e6
        )
    }
}

fn build_and_sign(
    input: &ClaimPackInput,
    identity: &ForumIdentity,
    now: chrono::DateTime<Utc>,
    runs: usize,
) -> Run {
    let (mut render, mut sign, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut size = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let unsigned = render_claim_pack(input).expect("render");
        let r = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let signed = sign_pdf(
            &unsigned,
            identity,
            "Priya Shah",
            "Claim pack approved",
            now,
        )
        .expect("sign");
        let s = t.elapsed().as_secs_f64();
        render.push(r);
        sign.push(s);
        total.push(r + s);
        size = signed.len();
    }
    Run {
        render: median(&render),
        sign: median(&sign),
        total: median(&total),
        runs,
        size,
    }
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).map_or(0, |d| d.get_pages().len())
}

fn phone_photo(seed: u64) -> Vec<u8> {
    let (w, h) = (4000u32, 3000u32);
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut raw = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let noise = |shift: u32| ((state >> shift) % 25) as i32 - 12;
            raw.push((150 + ((x / 16) % 60) as i32 + noise(0)).clamp(0, 255) as u8);
            raw.push((140 + ((y / 16) % 70) as i32 + noise(8)).clamp(0, 255) as u8);
            raw.push((120 + (((x + y) / 32) % 50) as i32 + noise(16)).clamp(0, 255) as u8);
        }
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .write_image(&raw, w, h, image::ExtendedColorType::Rgb8)
        .expect("encode");
    out
}

fn pack(
    lines: usize,
    mut photos: Vec<(Vec<u8>, Option<PrintCopy>)>,
    panel: Option<SignaturePanel>,
    now: chrono::DateTime<Utc>,
) -> ClaimPackInput {
    let day = |i: usize| NaiveDate::from_ymd_opt(2026, 10, 1 + (i % 28) as u32).expect("date");
    let lines: Vec<ClaimLine> = (0..lines)
        .map(|i| ClaimLine {
            id: i as i64 + 1,
            date: day(i),
            activity: LineActivity::Meeting {
                title: format!("Board meeting {}", i + 1),
                group: "Northshire County Council".into(),
            },
            kind: LineKind::FaresAndParking {
                description: "Bus fare, return".into(),
            },
            amount_pence: 345 + i as i64,
            reverses_line_id: None,
            accepted_warnings: vec![],
            receipts: if photos.is_empty() {
                vec![]
            } else {
                let (bytes, print_copy) = photos.remove(0);
                vec![Receipt {
                    file_name: format!("IMG_{i:04}.jpg"),
                    bytes,
                    print_copy,
                }]
            },
        })
        .collect();
    ClaimPackInput {
        forum: ForumDetails {
            name: "Northshire Parent Carer Forum".into(),
            address_lines: vec!["Mill Lane".into()],
            charity_number: None,
            company_number: None,
        },
        funder: FunderDetails {
            name: "Northshire County Council".into(),
            cost_code: Some("SEN-4410".into()),
            po_reference: None,
        },
        month: ClaimMonth {
            year: 2026,
            month: 10,
        },
        payment_terms: "Within 30 days.".into(),
        claims: vec![RepClaim {
            claim_id: 1,
            rep_name: "Zoë Clarke".into(),
            status: "Approved".into(),
            lines,
            declaration: None,
            approval: None,
        }],
        generated_at: now,
        signature_panel: panel,
    }
}

fn notes(items: usize, now: chrono::DateTime<Utc>) -> MeetingNotesInput {
    let dt = NaiveDate::from_ymd_opt(2026, 11, 12)
        .expect("date")
        .and_hms_opt(18, 30, 0)
        .expect("time");
    MeetingNotesInput {
        forum_name: "Northshire Parent Carer Forum".into(),
        group_name: "Steering Group".into(),
        title: "Autumn steering group".into(),
        starts_at: dt,
        ends_at: None,
        place: Some("Mill Lane".into()),
        online_link: None,
        chair: None,
        note_taker: None,
        attendees: (0..20).map(|i| Attendee { name: format!("Member {i}"), organisation: Some(format!("Organisation {}", i % 4)), role: None }).collect(),
        apologies: vec![],
        quorum: None,
        notice: NoticeInfo::default(),
        agenda: (0..items)
            .map(|i| AgendaItem {
                title: format!("Item {}", i + 1),
                notes: Some("Members discussed the local offer, transport, short breaks and waiting times, and agreed to follow up with the council. ".repeat(4)),
            })
            .collect(),
        decisions: vec![],
        actions: vec![],
        carried_over_actions: vec![],
        finalised_at: Some(dt),
        draft: false,
        generated_at: now,
        signature_panel: None,
        guests: Vec::new(),
        version_mark: None,
        notes_sent_on: None,
        sign_off: Vec::new(),
    }
}
