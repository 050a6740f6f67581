//! Receipt pictures in claim packs: print copies made at attach time, the
//! packs that embed them as they are, the fallback for receipts without one,
//! and that receipts print at 150 dpi or better. Checked with the real tools
//! (qpdf, pdfimages, pdftotext, pdftoppm, pdfsig).

mod common;

use common::*;
use forumdesk_export::*;
use image::{ImageEncoder, Luma, Rgb, RgbImage};

/// A pack with one rep and one line per receipt.
fn pack_of(receipts: Vec<Receipt>, signed_by: Option<SignaturePanel>) -> ClaimPackInput {
    let lines = receipts
        .into_iter()
        .enumerate()
        .map(|(i, r)| ClaimLine {
            id: i as i64 + 1,
            date: d(2026, 10, 1 + i as u32),
            activity: LineActivity::Other {
                description: format!("Visit {}", i + 1),
            },
            kind: LineKind::FaresAndParking {
                description: "Parking".into(),
            },
            amount_pence: 300 + i as i64,
            reverses_line_id: None,
            accepted_warnings: vec![],
            receipts: vec![r],
        })
        .collect();
    ClaimPackInput {
        forum: forum(),
        funder: FunderDetails {
            name: "Northshire County Council".into(),
            cost_code: None,
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
        generated_at: now(),
        signature_panel: signed_by,
    }
}

fn with_copy(name: &str, bytes: Vec<u8>) -> Receipt {
    let copy = receipt_print_copy(name, &bytes).unwrap();
    Receipt {
        print_copy: Some(copy),
        ..receipt(name, bytes)
    }
}

fn jpeg_of(img: &RgbImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The frame type of a JPEG: 0xC0 for baseline.
fn jpeg_frame_marker(bytes: &[u8]) -> u8 {
    let mut at = 2;
    loop {
        let marker = bytes[at + 1];
        if (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker) {
            return marker;
        }
        at += 2 + usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
    }
}

fn assert_prints_at_150_dpi(img: &ListedImage) {
    assert!(
        img.x_ppi >= 150.0 && img.y_ppi >= 150.0,
        "printed at less than 150 dpi: {img:?}"
    );
}

#[test]
fn print_copy_of_a_phone_photo() {
    assert_eq!(print_size_limit(), (1032, 1452));
    let photo = phone_photo(3);
    let copy = receipt_print_copy("IMG_2041.jpg", &photo).unwrap();
    assert_eq!(copy.format, PrintFormat::Jpeg);
    assert_eq!((copy.width, copy.height), (1032, 774));
    assert!(copy.bytes.starts_with(&[0xFF, 0xD8, 0xFF]));
    assert_eq!(jpeg_frame_marker(&copy.bytes), 0xC0, "baseline JPEG");
    let back = image::load_from_memory_with_format(&copy.bytes, image::ImageFormat::Jpeg).unwrap();
    assert_eq!((back.width(), back.height()), (1032, 774));
    assert!(
        copy.bytes.len() < photo.len() / 3,
        "{} bytes",
        copy.bytes.len()
    );
}

#[test]
fn pack_with_print_copies_embeds_them_as_they_are_and_signs() {
    let tmp = tempfile::tempdir().unwrap();
    let id = ForumIdentity::load_or_create(
        &tmp.path().join("identity"),
        "Northshire Parent Carer Forum",
        now(),
    )
    .unwrap();
    let panel = SignaturePanel {
        forum: "Northshire Parent Carer Forum".into(),
        person: "Priya Shah".into(),
        role: "Treasurer".into(),
        signed_at: "25/11/2026 14:30".into(),
        fingerprint: id.fingerprint_sha256(),
    };
    let mut input = pack_input(true, Some(panel));
    add_print_copies(&mut input);
    let photo_copy = input.claims[0].lines[0].receipts[0]
        .print_copy
        .clone()
        .unwrap();
    let png_copy = input.claims[0].lines[3].receipts[0]
        .print_copy
        .clone()
        .unwrap();
    assert_eq!(png_copy.format, PrintFormat::Png);

    let unsigned = render_claim_pack(&input).unwrap();
    // The copies' bytes are in the PDF unchanged: nothing was re-encoded.
    assert!(
        contains(&unsigned, &photo_copy.bytes),
        "JPEG copy re-encoded"
    );
    qpdf_check(tmp.path(), &unsigned);

    let signed = sign_pdf(&unsigned, &id, "Priya Shah", "Claim pack approved", now()).unwrap();
    qpdf_check(tmp.path(), &signed);
    let report = pdfsig(tmp.path(), "signed.pdf", &signed);
    assert!(report.contains("Signature is Valid."), "pdfsig:\n{report}");
    assert!(
        report.contains("Total document signed"),
        "pdfsig:\n{report}"
    );
    let v = verify_pdf(&signed, Some(id.certificate_der())).unwrap();
    assert!(v.intact && v.covers_whole_file, "{v:?}");

    let images = pdfimages_list(tmp.path(), &signed);
    let sizes: Vec<(u32, u32, &str)> = images
        .iter()
        .map(|i| (i.width, i.height, i.encoding.as_str()))
        .collect();
    // Receipts in pack order: the photo (line 101), the parking JPEG (103),
    // the transparent PNG (104). The PDF receipt is listed, not shown.
    assert_eq!(
        sizes,
        vec![(1032, 774, "jpeg"), (640, 480, "jpeg"), (300, 400, "image")],
        "{images:?}"
    );
    assert_prints_at_150_dpi(&images[0]);

    let text = pdftotext(tmp.path(), &signed);
    for caption in [
        "Receipt 1 of 4: IMG_2041.jpg",
        "Receipt 2 of 4: parking-03-10.jpg",
        "Receipt 3 of 4: childminder.png",
        "This receipt is a PDF file and is enclosed separately: invoice.pdf",
    ] {
        assert!(text.contains(caption), "missing {caption:?} in:\n{text}");
    }
}

#[test]
fn fallback_without_print_copies_gives_the_same_pictures() {
    let tmp = tempfile::tempdir().unwrap();
    let plain_input = pack_input(true, None);
    let plain = render_claim_pack(&plain_input).unwrap();
    let mut input = plain_input.clone();
    add_print_copies(&mut input);
    let copied = render_claim_pack(&input).unwrap();
    qpdf_check(tmp.path(), &plain);
    let strip = |list: Vec<ListedImage>| {
        list.into_iter()
            .map(|i| (i.width, i.height, i.encoding, i.x_ppi))
            .collect::<Vec<_>>()
    };
    let plain_images = strip(pdfimages_list(tmp.path(), &plain));
    assert_eq!(plain_images, strip(pdfimages_list(tmp.path(), &copied)));
    assert_eq!((plain_images[0].0, plain_images[0].1), (1032, 774));
    // The same code makes the copy either way, so the pictures are identical.
    let photo_copy = &input.claims[0].lines[0].receipts[0].print_copy;
    assert!(contains(&plain, &photo_copy.as_ref().unwrap().bytes));
}

#[test]
fn tall_narrow_and_small_receipts() {
    let tmp = tempfile::tempdir().unwrap();
    // A long till receipt photographed on its own: 800 x 6000.
    let tall = jpeg_of(
        &RgbImage::from_fn(800, 6000, |x, y| {
            Rgb([250 - (x % 7) as u8, 250 - (y % 11) as u8, 240])
        }),
        85,
    );
    // A small picture, below print size: never enlarged.
    let small = receipt_jpeg(500, 300);
    let tall_copy = receipt_print_copy("till-roll.jpg", &tall).unwrap();
    assert_eq!((tall_copy.width, tall_copy.height), (194, 1452));
    let small_copy = receipt_print_copy("small.jpg", &small).unwrap();
    assert_eq!((small_copy.width, small_copy.height), (500, 300));

    for given in [true, false] {
        let receipts = if given {
            vec![
                with_copy("till-roll.jpg", tall.clone()),
                with_copy("small.jpg", small.clone()),
            ]
        } else {
            vec![
                receipt("till-roll.jpg", tall.clone()),
                receipt("small.jpg", small.clone()),
            ]
        };
        let pdf = render_claim_pack(&pack_of(receipts, None)).unwrap();
        qpdf_check(tmp.path(), &pdf);
        let images = pdfimages_list(tmp.path(), &pdf);
        assert_eq!(images.len(), 2, "{images:?}");
        assert_eq!((images[0].width, images[0].height), (194, 1452));
        assert_prints_at_150_dpi(&images[0]);
        assert_eq!((images[1].width, images[1].height), (500, 300));
    }
}

#[test]
fn corrupt_jpeg_is_a_plain_bad_receipt() {
    let tmp = tempfile::tempdir().unwrap();
    // Cut off inside its headers, before any picture data.
    let mut cut = receipt_jpeg(1600, 1200);
    cut.truncate(600);
    let header_only = vec![0xFF, 0xD8, 0xFF, 0, 0, 0];
    for bytes in [&cut, &header_only] {
        let err = receipt_print_copy("IMG_9999.jpg", bytes).unwrap_err();
        assert!(
            matches!(&err, ExportError::BadReceipt { file_name, .. } if file_name == "IMG_9999.jpg"),
            "{err:?}"
        );
        assert!(err.to_string().contains("\"IMG_9999.jpg\""), "{err}");
    }

    // In a pack, the receipt is listed as one that could not be shown, and
    // the good receipt beside it still prints.
    let pdf = render_claim_pack(&pack_of(
        vec![
            receipt("IMG_9999.jpg", header_only),
            receipt("parking.jpg", receipt_jpeg(640, 480)),
        ],
        None,
    ))
    .unwrap();
    qpdf_check(tmp.path(), &pdf);
    let text = pdftotext(tmp.path(), &pdf);
    assert!(
        text.contains("This receipt could not be shown.")
            && text.contains("The receipt \"IMG_9999.jpg\" could not be read as a picture"),
        "{text}"
    );
    assert_eq!(pdfimages_list(tmp.path(), &pdf).len(), 1);
}

#[test]
fn damaged_or_mismatched_print_copy_is_remade_from_the_original() {
    let tmp = tempfile::tempdir().unwrap();
    let photo = receipt_jpeg(1600, 1200);
    let good = receipt_print_copy("a.jpg", &photo).unwrap();
    let mut cut = good.clone();
    cut.bytes.truncate(cut.bytes.len() / 2);
    // Another receipt's copy: a different shape from this original.
    let other = receipt_print_copy("b.jpg", &receipt_jpeg(300, 900)).unwrap();
    for copy in [cut, other] {
        let r = Receipt {
            print_copy: Some(copy),
            ..receipt("a.jpg", photo.clone())
        };
        let pdf = render_claim_pack(&pack_of(vec![r], None)).unwrap();
        qpdf_check(tmp.path(), &pdf);
        assert!(contains(&pdf, &good.bytes), "not remade from the original");
    }
}

/// Fine, text-like detail survives: horizontal black lines one print pixel
/// thick, every fourth print pixel (at 150 dpi, strokes of 0.17 mm, finer
/// than the text on a till receipt), drawn on a photo three times the
/// print size, still show as separate lines when the pack page is rendered
/// at 150 dpi.
#[test]
fn fine_detail_stays_legible_at_150_dpi() {
    let tmp = tempfile::tempdir().unwrap();
    let (w, h) = (3096, 4356);
    let lines = RgbImage::from_fn(w, h, |_, y| {
        if y % 12 < 3 {
            Rgb([0, 0, 0])
        } else {
            Rgb([255, 255, 255])
        }
    });
    let photo = jpeg_of(&lines, 92);
    let input = pack_of(vec![with_copy("lines.jpg", photo)], None);
    let pdf = render_claim_pack(&input).unwrap();
    let images = pdfimages_list(tmp.path(), &pdf);
    assert_eq!((images[0].width, images[0].height), (1032, 1452));
    assert_prints_at_150_dpi(&images[0]);

    let page = images[0].page.to_string();
    let pdf_path = write_temp(tmp.path(), "lines.pdf", &pdf);
    let out = tmp.path().join("page").to_string_lossy().into_owned();
    let (ok, msg) = run(
        "pdftoppm",
        "poppler-utils",
        &[
            "-r",
            "150",
            "-gray",
            "-png",
            "-f",
            &page,
            "-l",
            &page,
            "-singlefile",
            &pdf_path,
            &out,
        ],
    );
    assert!(ok, "pdftoppm failed: {msg}");
    let rendered = image::open(format!("{out}.png")).unwrap().to_luma8();
    // A column down the middle of the page, over the middle of the picture.
    let x = rendered.width() / 2;
    let (top, bottom) = (rendered.height() * 3 / 10, rendered.height() * 7 / 10);
    let column: Vec<u8> = (top..bottom)
        .map(|y| {
            let Luma([v]) = *rendered.get_pixel(x, y);
            v
        })
        .collect();
    // Every run of four pixels holds a line that is still clearly dark and
    // paper that is still clearly light: the lines have not blurred together
    // into grey.
    for (i, run) in column.chunks_exact(4).enumerate() {
        let (darkest, lightest) = (run.iter().min().unwrap(), run.iter().max().unwrap());
        assert!(
            *darkest < 170 && *lightest > 210,
            "lines blurred at row {}: {run:?}",
            top as usize + i * 4
        );
    }
}

/// A pack of `n` small receipts with their print copies, for the progress tests.
fn pack_of_receipts(n: usize) -> ClaimPackInput {
    let receipts = (0..n)
        .map(|i| with_copy(&format!("receipt-{i}.jpg"), receipt_jpeg(640, 480)))
        .collect();
    pack_of(receipts, None)
}

/// The number of pages in a PDF, as qpdf counts them.
fn qpdf_pages(dir: &std::path::Path, bytes: &[u8]) -> usize {
    let path = write_temp(dir, "pages.pdf", bytes);
    let out = std::process::Command::new("qpdf")
        .args(["--show-npages", &path])
        .output()
        .expect("qpdf is needed (Debian package qpdf)");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
fn progress_counts_every_receipt_and_page_in_order() {
    let input = pack_of_receipts(7);
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let progress = Progress::with_observer(move |s| log.lock().unwrap().push(s));
    let pdf = render_claim_pack_with(&input, &progress).unwrap();
    let seen = seen.lock().unwrap().clone();

    // Receipts: each counted once, one more each time, ending at the total.
    let receipts: Vec<usize> = seen.iter().map(|s| s.receipts_done).collect();
    let mut distinct = receipts.clone();
    distinct.dedup();
    assert_eq!(distinct, (0..=7).collect::<Vec<_>>(), "{receipts:?}");
    // Pages: the total is the PDF's real page count, and each page is counted in order.
    let dir = tempfile::tempdir().unwrap();
    let pages = qpdf_pages(dir.path(), &pdf);
    assert!(pages >= 8, "a cover, a claim and 7 receipt pages: {pages}");
    let drawn: Vec<usize> = seen
        .iter()
        .filter(|s| s.pages_total > 0)
        .map(|s| s.pages_done)
        .collect();
    let mut distinct = drawn.clone();
    distinct.dedup();
    assert_eq!(distinct, (0..=pages).collect::<Vec<_>>());
    // Stages only move forwards, and totals never change once known.
    assert!(seen.windows(2).all(|w| w[0].stage <= w[1].stage));
    assert!(seen
        .iter()
        .all(|s| s.receipts_total == 0 || s.receipts_total == 7));
    assert!(seen
        .iter()
        .all(|s| s.pages_total == 0 || s.pages_total == pages));
    let last = progress.snapshot();
    assert_eq!(
        (
            last.stage,
            last.receipts_done,
            last.pages_done,
            last.pages_total
        ),
        (Stage::Writing, 7, pages, pages)
    );
    assert!(!last.cancelled);
}

/// Renders `input`, cancelling from another thread as soon as `when` holds, while the
/// export waits (so the test does not depend on timing). Returns what rendering returned
/// and the last counts.
fn render_cancelled_when(
    input: ClaimPackInput,
    when: impl Fn(&ProgressSnapshot) -> bool + Send + 'static,
) -> (Result<Vec<u8>, ExportError>, ProgressSnapshot) {
    let (reached, wait_reached) = std::sync::mpsc::channel::<()>();
    let (resume, wait_resume) = std::sync::mpsc::channel::<()>();
    let wait_resume = std::sync::Mutex::new(wait_resume);
    let mut fired = false;
    let progress = std::sync::Arc::new(Progress::with_observer(move |s| {
        if !fired && when(&s) {
            fired = true;
            reached.send(()).unwrap();
            wait_resume.lock().unwrap().recv().unwrap();
        }
    }));
    let worker = {
        let progress = progress.clone();
        std::thread::spawn(move || render_claim_pack_with(&input, &progress))
    };
    wait_reached
        .recv()
        .expect("the export finished before the point to cancel at");
    progress.cancel();
    resume.send(()).unwrap();
    (worker.join().unwrap(), progress.snapshot())
}

#[test]
fn cancel_while_preparing_receipts_stops_with_nothing_made() {
    let (result, last) = render_cancelled_when(pack_of_receipts(12), |s| s.receipts_done == 3);
    assert!(matches!(result, Err(ExportError::Cancelled)), "{result:?}");
    assert!(last.cancelled);
    // The other core may finish the receipt it had started, but nobody starts another.
    assert!(last.receipts_done < 6, "{last:?}");
    assert_eq!(
        last.pages_done, 0,
        "no page drawn after cancelling: {last:?}"
    );
}

#[test]
fn cancel_between_pages_stops_with_nothing_made() {
    let (result, last) = render_cancelled_when(pack_of_receipts(5), |s| s.pages_done == 2);
    assert!(matches!(result, Err(ExportError::Cancelled)), "{result:?}");
    assert_eq!(
        last.pages_done, 2,
        "no page drawn after cancelling: {last:?}"
    );
    assert!(last.pages_total > 2);
    assert!(last.stage < Stage::Writing);
}
