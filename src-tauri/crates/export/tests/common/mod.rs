//! Shared fixtures and external-tool helpers for the export tests.
#![allow(dead_code)]

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use forumdesk_export::*;
use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn dt(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 14, 30, 0).unwrap()
}

/// Tiny deterministic random numbers so tests need no extra crates.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// A small JPEG "receipt".
pub fn receipt_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 180]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// A PNG with transparency.
pub fn receipt_png(w: u32, h: u32) -> Vec<u8> {
    let img = RgbaImage::from_fn(w, h, |x, y| {
        Rgba([
            20,
            (x % 200) as u8,
            (y % 200) as u8,
            if x < w / 2 { 255 } else { 90 },
        ])
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgba8)
        .unwrap();
    out
}

/// A phone-photo-sized noisy JPEG (4000x3000, about 2 MB).
pub fn phone_photo(seed: u64) -> Vec<u8> {
    let (w, h) = (4000u32, 3000u32);
    let mut rng = Rng::new(seed);
    let mut raw = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let n = rng.next();
            let noise = |shift: u32| ((n >> shift) % 25) as i32 - 12;
            let base_r = 150 + ((x / 16) % 60) as i32;
            let base_g = 140 + ((y / 16) % 70) as i32;
            let base_b = 120 + (((x + y) / 32) % 50) as i32;
            raw.push((base_r + noise(0)).clamp(0, 255) as u8);
            raw.push((base_g + noise(8)).clamp(0, 255) as u8);
            raw.push((base_b + noise(16)).clamp(0, 255) as u8);
        }
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80)
        .write_image(&raw, w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn forum() -> ForumDetails {
    ForumDetails {
        name: "Northshire Parent Carer Forum".into(),
        address_lines: vec![
            "The Old School, Mill Lane".into(),
            "Northtown NS1 2AB".into(),
        ],
        charity_number: Some("1187654".into()),
        company_number: Some("11223344".into()),
    }
}

fn meeting(title: &str, group: &str) -> LineActivity {
    LineActivity::Meeting {
        title: title.into(),
        group: group.into(),
    }
}

pub fn receipt(name: &str, bytes: Vec<u8>) -> Receipt {
    Receipt {
        file_name: name.into(),
        bytes,
        print_copy: None,
    }
}

/// Gives every picture receipt its print copy, as the app does when a
/// receipt is attached.
pub fn add_print_copies(input: &mut ClaimPackInput) {
    for receipt in input
        .claims
        .iter_mut()
        .flat_map(|c| c.lines.iter_mut())
        .flat_map(|l| l.receipts.iter_mut())
    {
        receipt.print_copy = receipt_print_copy(&receipt.file_name, &receipt.bytes).ok();
    }
}

/// A realistic pack: three reps, every kind of line, a reversal, a warning,
/// JPEG and PNG receipts, a PDF receipt and optionally a phone photo.
pub fn pack_input(with_photo: bool, panel: Option<SignaturePanel>) -> ClaimPackInput {
    let mut siobhan_lines = vec![
        ClaimLine {
            id: 101,
            date: d(2026, 10, 3),
            activity: meeting("SEND Partnership Board", "Northshire County Council"),
            kind: LineKind::Time {
                basis: TimeBasis::Hourly {
                    minutes: 90,
                    hourly_rate_pence: 1500,
                },
            },
            amount_pence: 2250,
            reverses_line_id: None,
            accepted_warnings: vec![],
            receipts: vec![],
        },
        ClaimLine {
            id: 102,
            date: d(2026, 10, 3),
            activity: meeting("SEND Partnership Board", "Northshire County Council"),
            kind: LineKind::Mileage {
                from: "Home".into(),
                to: "County Hall".into(),
                miles_tenths: 240,
                vehicle: "car".into(),
                passengers: 1,
                bands: vec![MileageBand {
                    miles_tenths: 240,
                    pence_per_mile: 45,
                    band: "first 10,000 miles this tax year".into(),
                }],
                passenger_pence_per_mile: 5,
            },
            amount_pence: 1200,
            reverses_line_id: None,
            accepted_warnings: vec![
                "The journey is longer than the usual route (18.5 miles).".into()
            ],
            receipts: vec![],
        },
        ClaimLine {
            id: 103,
            date: d(2026, 10, 3),
            activity: meeting("SEND Partnership Board", "Northshire County Council"),
            kind: LineKind::FaresAndParking {
                description: "Parking at County Hall".into(),
            },
            amount_pence: 437,
            reverses_line_id: None,
            accepted_warnings: vec![],
            receipts: vec![receipt("parking-03-10.jpg", receipt_jpeg(640, 480))],
        },
        ClaimLine {
            id: 104,
            date: d(2026, 10, 17),
            activity: LineActivity::Other {
                description: "Coffee morning for new parents".into(),
            },
            kind: LineKind::Childcare {
                minutes: 180,
                spent_pence: 4500,
                cap_pence: 4000,
            },
            amount_pence: 4000,
            reverses_line_id: None,
            accepted_warnings: vec![],
            receipts: vec![receipt("childminder.png", receipt_png(300, 400))],
        },
        ClaimLine {
            id: 105,
            date: d(2026, 10, 21),
            activity: LineActivity::Other {
                description: "Correction".into(),
            },
            kind: LineKind::FaresAndParking {
                description: "Parking at County Hall".into(),
            },
            amount_pence: -437,
            reverses_line_id: Some(103),
            accepted_warnings: vec![],
            receipts: vec![],
        },
    ];
    if with_photo {
        siobhan_lines[0]
            .receipts
            .push(receipt("IMG_2041.jpg", phone_photo(7)));
    }
    let zoe_lines = vec![
        ClaimLine {
            id: 201,
            date: d(2026, 10, 9),
            activity: meeting("Preparing for Adulthood group", "Northshire NHS"),
            kind: LineKind::Time {
                basis: TimeBasis::HalfDay,
            },
            amount_pence: 7550,
            reverses_line_id: None,
            accepted_warnings: vec![],
            receipts: vec![],
        },
        ClaimLine {
            id: 202,
            date: d(2026, 10, 9),
            activity: meeting("Preparing for Adulthood group", "Northshire NHS"),
            kind: LineKind::Mileage {
                from: "Home".into(),
                to: "Northtown Hospital".into(),
                miles_tenths: 125,
                vehicle: "car".into(),
                passengers: 0,
                bands: vec![
                    MileageBand {
                        miles_tenths: 40,
                        pence_per_mile: 45,
                        band: "first 10,000 miles this tax year".into(),
                    },
                    MileageBand {
                        miles_tenths: 85,
                        pence_per_mile: 25,
                        band: "after 10,000 miles".into(),
                    },
                ],
                passenger_pence_per_mile: 5,
            },
            amount_pence: 393,
            reverses_line_id: None,
            accepted_warnings: vec![],
            receipts: vec![],
        },
    ];
    let lukasz_lines = vec![ClaimLine {
        id: 301,
        date: d(2026, 10, 28),
        activity: LineActivity::Other {
            description: "=Printing leaflets for the autumn newsletter".into(),
        },
        kind: LineKind::Other {
            description: "Printing, 200 leaflets".into(),
        },
        amount_pence: 123_456,
        reverses_line_id: None,
        accepted_warnings: vec![],
        receipts: vec![receipt("invoice.pdf", b"%PDF-1.4\n% a receipt\n".to_vec())],
    }];
    let claim = |id: i64, name: &str, lines: Vec<ClaimLine>| {
        RepClaim {
        claim_id: id,
        rep_name: name.into(),
        status: "Approved".into(),
        lines,
        declaration: Some(Declaration {
            text: "I confirm this claim is true and that I have not claimed these costs from anyone else.".into(),
            made_at: dt(2026, 11, 2, 18, 5),
        }),
        approval: Some(Approval { approved_by: "Priya Shah (Treasurer)".into(), approved_at: dt(2026, 11, 4, 9, 40) }),
    }
    };
    ClaimPackInput {
        forum: forum(),
        funder: FunderDetails {
            name: "Northshire County Council".into(),
            cost_code: Some("SEN-4410".into()),
            po_reference: Some("PO 778812".into()),
        },
        month: ClaimMonth { year: 2026, month: 10 },
        payment_terms: "Please pay within 30 days to Northshire Parent Carer Forum, sort code 12-34-56, account 12345678.".into(),
        claims: vec![
            claim(1, "Siobhán O'Brien", siobhan_lines),
            claim(2, "Zoë Clarke", zoe_lines),
            claim(3, "Łukasz Nowak", lukasz_lines),
        ],
        generated_at: now(),
        signature_panel: panel,
    }
}

pub fn notes_input(
    draft: bool,
    panel: Option<SignaturePanel>,
    extra_items: usize,
) -> MeetingNotesInput {
    let person = |n: &str, o: &str| PersonRef {
        name: n.into(),
        organisation: Some(o.into()),
    };
    let att = |n: &str, o: Option<&str>, r: Option<&str>| Attendee {
        name: n.into(),
        organisation: o.map(Into::into),
        role: r.map(Into::into),
    };
    let mut agenda = vec![
        AgendaItem { title: "Welcome and apologies".into(), notes: None },
        AgendaItem {
            title: "Short breaks review".into(),
            notes: Some("Zoë Clarke presented the survey results: 62% of families said they could not find a short break within 10 miles.".into()),
        },
    ];
    for i in 0..extra_items {
        agenda.push(AgendaItem {
            title: format!("Update from working group {}", i + 1),
            notes: Some("The group met twice this term and reviewed the local offer pages on education, health and care plans, transport, and short breaks. Members raised concerns about waiting times for assessments and asked the council for figures by ward. ".repeat(3)),
        });
    }
    MeetingNotesInput {
        forum_name: "Northshire Parent Carer Forum".into(),
        group_name: "Steering Group".into(),
        title: "Autumn steering group".into(),
        starts_at: dt(2026, 11, 12, 18, 30),
        ends_at: Some(dt(2026, 11, 12, 20, 0)),
        place: Some("The Old School, Mill Lane".into()),
        online_link: Some("https://meet.example.org/npcf-autumn".into()),
        chair: Some(person("Siobhán O'Brien", "Northshire PCF")),
        note_taker: Some(person("Łukasz Nowak", "Northshire PCF")),
        attendees: vec![
            att("Siobhán O'Brien", Some("Northshire PCF"), Some("Chair")),
            att(
                "Zoë Clarke",
                Some("Northshire PCF"),
                Some("Parent carer rep"),
            ),
            att("Łukasz Nowak", Some("Northshire PCF"), None),
            att(
                "Dr Amrit Gill",
                Some("Northshire NHS"),
                Some("Designated clinical officer"),
            ),
            att("Jo Baker", None, None),
        ],
        apologies: vec![person("Priya Shah", "Northshire PCF")],
        quorum: Some(Quorum {
            quorate: true,
            rule: "At least 3 voting members, including 2 parent carers".into(),
            reason: "4 voting members present, 3 of them parent carers".into(),
        }),
        notice: NoticeInfo {
            notice_sent_on: Some(d(2026, 10, 29)),
            papers_sent_on: Some(d(2026, 11, 9)),
            warnings: vec![
                "Papers were sent 3 days before the meeting; the terms of reference ask for 7."
                    .into(),
            ],
            agreed_exceptions: vec![],
        },
        agenda,
        decisions: vec![
            Decision {
                text: "Adopt the short breaks survey report and send it to the council".into(),
                agenda_item: Some("Short breaks review".into()),
            },
            Decision {
                text: "Hold the next coffee morning in Southvale library".into(),
                agenda_item: None,
            },
        ],
        actions: vec![
            ActionItem {
                description: "Send survey report to the Head of SEND".into(),
                owner: "Zoë Clarke".into(),
                due_on: Some(d(2026, 11, 30)),
                status: "Open".into(),
            },
            ActionItem {
                description: "Book Southvale library".into(),
                owner: "Łukasz Nowak".into(),
                due_on: None,
                status: "Done".into(),
            },
        ],
        carried_over_actions: vec![CarriedAction {
            description: "Chase transport policy consultation response".into(),
            owner: "Siobhán O'Brien".into(),
            due_on: Some(d(2026, 9, 30)),
            status: "Open".into(),
            from_meeting: "Summer steering group, 14/07/2026".into(),
        }],
        finalised_at: if draft {
            None
        } else {
            Some(dt(2026, 11, 20, 10, 15))
        },
        draft,
        generated_at: now(),
        signature_panel: panel,
        guests: vec![],
        version_mark: None,
        notes_sent_on: None,
        sign_off: vec![],
    }
}

pub use forumdesk_test_support::run;

/// Writes `bytes` to `dir/name`; the path as text, for a tool's arguments.
pub fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> String {
    forumdesk_test_support::write_temp(dir, name, bytes)
        .to_string_lossy()
        .into_owned()
}

pub fn pdftotext(dir: &Path, bytes: &[u8]) -> String {
    forumdesk_test_support::pdftotext(&forumdesk_test_support::write_temp(dir, "text.pdf", bytes))
}

pub fn qpdf_check(dir: &Path, bytes: &[u8]) {
    forumdesk_test_support::qpdf_check(&forumdesk_test_support::write_temp(dir, "check.pdf", bytes))
}

/// One row of `pdfimages -list`.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedImage {
    pub page: u32,
    pub width: u32,
    pub height: u32,
    pub color: String,
    pub encoding: String,
    pub x_ppi: f64,
    pub y_ppi: f64,
}

/// The images in a PDF as `pdfimages -list` reports them, with the
/// resolution each is printed at.
pub fn pdfimages_list(dir: &Path, bytes: &[u8]) -> Vec<ListedImage> {
    let p = write_temp(dir, "images.pdf", bytes);
    let (ok, out) = run("pdfimages", "poppler-utils", &["-list", &p]);
    assert!(ok, "pdfimages failed: {out}");
    // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
    out.lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert!(f.len() >= 14, "unexpected pdfimages line: {l}");
            ListedImage {
                page: f[0].parse().unwrap(),
                width: f[3].parse().unwrap(),
                height: f[4].parse().unwrap(),
                color: f[5].to_string(),
                encoding: f[8].to_string(),
                x_ppi: f[12].parse().unwrap(),
                y_ppi: f[13].parse().unwrap(),
            }
        })
        .collect()
}

pub fn pdfsig(dir: &Path, name: &str, bytes: &[u8]) -> String {
    forumdesk_test_support::pdfsig(&forumdesk_test_support::write_temp(dir, name, bytes))
}
