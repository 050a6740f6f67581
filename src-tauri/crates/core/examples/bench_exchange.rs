//! `make bench`: reps on their own computers. 30 reps, each on their own data folder, send
//! 12 months of claims (a time line, a car journey and a parking charge with a phone-photo
//! receipt each month) through one folder; the forum laptop imports them a month at a time.
//! Prints the time to import each month's 30 files and the size of the files.

use std::path::Path;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use forumdesk_core::model::{LineInput, MemberInput, RepInput};
use forumdesk_core::{create_demo_folder, Clock, KdfParams, Store, DEMO_PASSPHRASE};

const REPS: usize = 30;
const MONTHS: u32 = 12;

fn main() {
    let root = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    let clock = Clock::Fixed(today.and_hms_opt(9, 0, 0).unwrap());
    create_demo_folder(
        &root.path().join("forum"),
        today,
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let mut forum = Store::sign_in_as(&root.path().join("forum"), "", DEMO_PASSPHRASE).unwrap();
    forum.set_clock(clock);
    let council = forum
        .funder_by_name("Eastbridge County Council")
        .unwrap()
        .id;
    let photo = phone_photo();

    // 30 reps, each invited and joined on a computer of their own.
    let mut reps = Vec::new();
    for i in 0..REPS {
        let m = forum
            .member_save(&MemberInput {
                name: format!("Bench Rep {i:02}"),
                email: format!("bench{i}@example.org"),
                joined_on: "2024-09-01".into(),
                ..Default::default()
            })
            .unwrap();
        forum
            .rep_save(&RepInput {
                member_id: m.id,
                is_rep: true,
                started_on: "2024-09-01".into(),
                confidentiality_signed_on: "2024-09-01".into(),
                vehicle: "car".into(),
                active: true,
                ..Default::default()
            })
            .unwrap();
        let inv = root.path().join(format!("inv{i}"));
        let code = forum.rep_invite(m.id, &inv).unwrap().code;
        let rep = Store::join_at(
            &root.path().join(format!("rep{i}")),
            &std::fs::read(&inv).unwrap(),
            &code,
            "lantern orchard pebble tractor",
            KdfParams::CHEAP_FOR_TESTS,
            clock,
        )
        .unwrap();
        reps.push((m.id, rep));
    }

    // Each rep makes and sends 12 months of claims into one folder, a folder per month.
    let made = Instant::now();
    let mut sizes = Vec::new();
    let first = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
    for month in 0..MONTHS {
        let start = first + chrono::Months::new(month);
        let ym = start.format("%Y-%m").to_string();
        let out = root.path().join("exchange").join(&ym);
        for (rep_id, rep) in reps.iter_mut() {
            let claim = rep.claim_open(*rep_id, council, &ym).unwrap().summary.id;
            let day = |d: u32| {
                start
                    .with_day0(d - 1)
                    .unwrap()
                    .format("%Y-%m-%d")
                    .to_string()
            };
            rep.line_add(claim, &line("time", &day(9), |l| l.minutes = "90".into()))
                .unwrap();
            rep.line_add(
                claim,
                &line("mileage", &day(9), |l| {
                    l.from_place = "Hastings".into();
                    l.to_place = "Lewes".into();
                    l.miles = "31.4".into();
                    l.vehicle = "car".into();
                }),
            )
            .unwrap();
            let v = rep
                .line_add(
                    claim,
                    &line("parking", &day(9), |l| l.amount = "4.50".into()),
                )
                .unwrap();
            let parking = v
                .lines
                .iter()
                .find(|l| l.kind.as_str() == "parking")
                .unwrap()
                .id;
            rep.receipt_add(parking, "ticket.jpg", &photo).unwrap();
            rep.claim_submit(claim, true).unwrap();
            for f in rep.exchange_send(Some(&out)).unwrap().files {
                sizes.push(std::fs::metadata(&f).unwrap().len());
            }
        }
    }
    println!(
        "Made and sent {} claim files in {:.1} s ({} reps × {} months)",
        sizes.len(),
        made.elapsed().as_secs_f64(),
        REPS,
        MONTHS
    );
    sizes.sort_unstable();
    let total: u64 = sizes.iter().sum();
    println!(
        "Claim files: {:.1} MB in all; each {:.0}–{:.0} KB, median {:.0} KB (with one {:.0} KB phone photo)",
        total as f64 / 1e6,
        sizes[0] as f64 / 1e3,
        sizes[sizes.len() - 1] as f64 / 1e3,
        sizes[sizes.len() / 2] as f64 / 1e3,
        photo.len() as f64 / 1e3
    );

    // The forum laptop imports a month at a time.
    let mut times = Vec::new();
    for month in 0..MONTHS {
        let ym = (first + chrono::Months::new(month))
            .format("%Y-%m")
            .to_string();
        let dir = root.path().join("exchange").join(&ym);
        let t = Instant::now();
        let got = forum.exchange_receive_path(&dir).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        assert!(
            got.iter().all(|o| o.outcome == "imported"),
            "{:?}",
            got.iter().find(|o| o.outcome != "imported")
        );
        println!(
            "Import {ym}: {} files in {ms:.0} ms ({:.0} ms a file)",
            got.len(),
            ms / got.len() as f64
        );
        times.push(ms);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "Importing a month's {REPS} claim files: median {:.0} ms, {:.0}–{:.0} ms over {MONTHS} months (the first month also enrols the {REPS} computers)",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    let t = Instant::now();
    let updates = forum
        .exchange_send(Some(&root.path().join("updates")))
        .unwrap();
    let bytes: u64 = updates
        .files
        .iter()
        .map(|f| std::fs::metadata(Path::new(f)).unwrap().len())
        .sum();
    println!(
        "Forum updates: {} files, {:.0} KB each on average, made and signed in {:.0} ms",
        updates.files.len(),
        bytes as f64 / updates.files.len().max(1) as f64 / 1e3,
        t.elapsed().as_secs_f64() * 1000.0
    );
}

fn line(kind: &str, date: &str, set: impl FnOnce(&mut LineInput)) -> LineInput {
    let mut l = LineInput {
        line_date: date.into(),
        kind: kind.into(),
        activity: "Board meeting".into(),
        ..Default::default()
    };
    set(&mut l);
    l
}

/// A phone-photo-like JPEG (noisy, 1600×1200) of a few hundred kilobytes.
fn phone_photo() -> Vec<u8> {
    let (w, h) = (1600u32, 1200u32);
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let n = (seed >> 24) as u8 / 4;
        image::Rgb([(x % 256) as u8 / 2 + n, (y % 256) as u8 / 2 + n, 128 + n])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .unwrap();
    out.into_inner()
}
