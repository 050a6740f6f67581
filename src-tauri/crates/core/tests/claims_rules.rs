//! How claim lines are worked out and which warnings they carry: rates by date, the
//! 10,000-mile band across tax years, vehicles and passengers, rounding, the childcare cap,
//! duplicates, age, receipts.

mod common;

use common::*;
use forumdesk_core::model::PolicyInput;

// ---------- rates by date ----------

#[test]
fn time_lines_use_the_policy_in_force_on_their_date() {
    let mut fx = fixture("2026-09-20");
    // Default policy: £15.00 an hour from 2025-04-06. A new one from 2026-09-01 at £16.00.
    fx.policy("2026-09-01", "16.00");
    let aug = fx.claim(fx.rep, fx.council, "2026-08");
    let before = fx.add(aug, &time_line("2026-08-31", "60"));
    assert_eq!((before.rate_pence, before.amount_pence), (Some(1500), 1500));
    let sep = fx.claim(fx.rep, fx.council, "2026-09");
    let after = fx.add(sep, &time_line("2026-09-01", "60"));
    assert_eq!((after.rate_pence, after.amount_pence), (Some(1600), 1600));
    assert!(
        after.details.contains("£16.00 an hour"),
        "{}",
        after.details
    );
}

#[test]
fn lines_keep_the_rates_they_copied_when_policies_change_later() {
    let mut fx = fixture("2026-09-20");
    let sep_policy = fx.policy("2026-09-01", "16.00");
    let sep = fx.claim(fx.rep, fx.council, "2026-09");
    let line = fx.add(sep, &time_line("2026-09-20", "90"));
    assert_eq!((line.rate_pence, line.amount_pence), (Some(1600), 2400));

    // Correct the policy the line used...
    fx.as_person(fx.chair);
    fx.store
        .policy_save(&PolicyInput {
            id: Some(sep_policy.id),
            ..policy_input("2026-09-01", "17.00")
        })
        .unwrap();
    // ...and add a newer one that now covers the line's date.
    fx.policy("2026-09-15", "18.00");

    fx.as_person(fx.rep);
    let view = fx.store.claim_get(sep).unwrap();
    let kept = line_of(&view, line.id);
    assert_eq!((kept.rate_pence, kept.amount_pence), (Some(1600), 2400));
    assert_eq!(view.summary.total_pence, 2400);
    // A new line on the same date uses the newest policy.
    let fresh = fx.add(sep, &time_line("2026-09-20", "90"));
    assert_eq!((fresh.rate_pence, fresh.amount_pence), (Some(1800), 2700));
}

#[test]
fn a_line_dated_before_any_policy_is_a_plain_error_on_line_date() {
    let mut fx = fixture("2025-04-20");
    let apr = fx.claim(fx.rep, fx.council, "2025-04");
    // The only policy starts on 2025-04-06.
    let msg = expect_invalid(
        fx.store.line_add(apr, &time_line("2025-04-05", "60")),
        "line_date",
    );
    assert!(msg.contains("05/04/2025"), "{msg}");
    assert!(fx.store.claim_get(apr).unwrap().lines.is_empty());
    // The first day of the policy is fine.
    assert_eq!(
        fx.add(apr, &time_line("2025-04-06", "60")).amount_pence,
        1500
    );
}

#[test]
fn a_line_must_be_dated_in_its_claims_month() {
    let mut fx = fixture("2026-09-20");
    let sep = fx.claim(fx.rep, fx.council, "2026-09");
    expect_invalid(
        fx.store.line_add(sep, &time_line("2026-08-31", "60")),
        "line_date",
    );
}

// ---------- rounding ----------

#[test]
fn amounts_are_rounded_to_the_penny() {
    let mut fx = fixture("2026-06-20");
    fx.policy("2026-06-01", "13.75");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    // 50 minutes at £13.75 = 1145.83p -> £11.46
    let t = fx.add(jun, &time_line("2026-06-02", "50"));
    assert_eq!((t.rate_pence, t.amount_pence), (Some(1375), 1146));
    // 24.5 miles at 45p = 1102.5p -> £11.03
    let m = fx.add(jun, &mileage_line("2026-06-03", "24.5", "car", ""));
    assert_eq!(
        (m.miles_tenths, m.first_band_tenths, m.after_band_tenths),
        (Some(245), Some(245), Some(0))
    );
    assert_eq!(m.amount_pence, 1103);
    let view = fx.store.claim_get(jun).unwrap();
    assert_eq!(view.totals.time_pence, 1146);
    assert_eq!(view.totals.mileage_pence, 1103);
    assert_eq!(view.totals.total_pence, 1146 + 1103);
    assert_eq!(view.summary.total_pence, 1146 + 1103);
}

// ---------- mileage ----------

/// 9,990 car miles for Rita between 6 April and 15 May 2026, split across both funders.
fn drive_9990_miles(fx: &mut Fx) {
    let rep = fx.rep;
    let apr_council = fx.claim(rep, fx.council, "2026-04");
    let may_nhs = fx.claim(rep, fx.nhs, "2026-05");
    for day in 0..5 {
        fx.add(
            apr_council,
            &mileage_line(&format!("2026-04-{:02}", 6 + day), "999", "car", ""),
        );
        fx.add(
            may_nhs,
            &mileage_line(&format!("2026-05-{:02}", 1 + day), "999", "car", ""),
        );
    }
    let total: i64 = [apr_council, may_nhs]
        .iter()
        .flat_map(|c| fx.store.claim_get(*c).unwrap().lines)
        .map(|l| {
            assert_eq!(l.after_band_tenths, Some(0), "all within the band so far");
            l.miles_tenths.unwrap()
        })
        .sum();
    assert_eq!(total, 99_900);
}

#[test]
fn car_miles_past_10000_in_the_tax_year_drop_to_the_lower_rate_across_funders() {
    let mut fx = fixture("2026-06-20");
    drive_9990_miles(&mut fx);
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    // 30 miles: 10 left in the band at 45p, 20 at 25p = 450 + 500.
    let l = fx.add(jun, &mileage_line("2026-06-10", "30", "car", ""));
    assert_eq!(
        (l.first_band_tenths, l.after_band_tenths),
        (Some(100), Some(200))
    );
    assert_eq!(
        (l.first_band_pence, l.after_band_pence),
        (Some(45), Some(25))
    );
    assert_eq!(l.amount_pence, 950);
    assert!(l.details.contains("over 10,000 miles"), "{}", l.details);
    // Everything after that is at 25p.
    let l2 = fx.add(jun, &mileage_line("2026-06-11", "10", "car", ""));
    assert_eq!(
        (l2.first_band_tenths, l2.after_band_tenths, l2.amount_pence),
        (Some(0), Some(100), 250)
    );
}

#[test]
fn the_band_starts_again_on_6_april() {
    let mut fx = fixture("2027-04-20");
    drive_9990_miles(&mut fx);
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    fx.add(jun, &mileage_line("2026-06-10", "30", "car", ""));
    let apr = fx.claim(fx.rep, fx.council, "2027-04");
    // 5 April 2027 is still in the 2026/27 tax year: all at 25p.
    let last_day = fx.add(apr, &mileage_line("2027-04-05", "30", "car", ""));
    assert_eq!(
        (
            last_day.first_band_tenths,
            last_day.after_band_tenths,
            last_day.amount_pence
        ),
        (Some(0), Some(300), 750)
    );
    // 6 April 2027 starts a new tax year: back to 45p.
    let new_year = fx.add(apr, &mileage_line("2027-04-06", "30", "car", ""));
    assert_eq!(
        (
            new_year.first_band_tenths,
            new_year.after_band_tenths,
            new_year.amount_pence
        ),
        (Some(300), Some(0), 1350)
    );
}

#[test]
fn the_band_is_per_rep() {
    let mut fx = fixture("2026-06-20");
    drive_9990_miles(&mut fx);
    let other = fx.claim(fx.chair, fx.council, "2026-06");
    let l = fx.add(other, &mileage_line("2026-06-10", "30", "car", ""));
    assert_eq!((l.after_band_tenths, l.amount_pence), (Some(0), 1350));
}

#[test]
fn changing_a_lines_miles_works_out_the_band_again() {
    let mut fx = fixture("2026-06-25");
    drive_9990_miles(&mut fx);
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let l = fx.add(jun, &mileage_line("2026-06-10", "5", "car", ""));
    assert_eq!(
        (l.first_band_tenths, l.after_band_tenths, l.amount_pence),
        (Some(50), Some(0), 225)
    );
    let view = fx
        .store
        .line_update(l.id, &mileage_line("2026-06-10", "30", "car", ""))
        .unwrap();
    let changed = line_of(&view, l.id);
    assert_eq!(
        (
            changed.first_band_tenths,
            changed.after_band_tenths,
            changed.amount_pence
        ),
        (Some(100), Some(200), 950)
    );
    assert_eq!(view.lines.len(), 1);
}

#[test]
fn moving_a_mileage_line_later_in_the_month_does_not_count_its_own_miles() {
    let mut fx = fixture("2026-06-25");
    drive_9990_miles(&mut fx);
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let l = fx.add(jun, &mileage_line("2026-06-01", "10", "car", ""));
    // Exactly the 10 miles left in the band.
    assert_eq!(
        (l.first_band_tenths, l.after_band_tenths, l.amount_pence),
        (Some(100), Some(0), 450)
    );
    // The date was typed wrong: the journey was on the 20th. Nothing else changed.
    let view = fx
        .store
        .line_update(l.id, &mileage_line("2026-06-20", "10", "car", ""))
        .unwrap();
    let moved = line_of(&view, l.id);
    assert_eq!(moved.line_date, "2026-06-20");
    assert_eq!(
        (
            moved.first_band_tenths,
            moved.after_band_tenths,
            moved.amount_pence
        ),
        (Some(100), Some(0), 450)
    );
}

#[test]
fn motorcycles_and_bicycles_have_one_rate_and_passengers_add_5p_a_mile_each() {
    let mut fx = fixture("2026-06-20");
    drive_9990_miles(&mut fx);
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    // Motorcycle 24p whatever the car miles.
    let moto = fx.add(jun, &mileage_line("2026-06-01", "100", "motorcycle", ""));
    assert_eq!(
        (
            moto.vehicle.map(|v| v.as_str()),
            moto.amount_pence,
            moto.after_band_tenths
        ),
        (Some("motorcycle"), 2400, Some(0))
    );
    // Bicycle 20p: 5.5 miles = 110p.
    let bike = fx.add(jun, &mileage_line("2026-06-02", "5.5", "bicycle", ""));
    assert_eq!(bike.amount_pence, 110);
    // No passengers on a bicycle.
    expect_invalid(
        fx.store
            .line_add(jun, &mileage_line("2026-06-03", "5", "bicycle", "1")),
        "passengers",
    );
    // Motorcycle and bicycle miles do not use up the car band: 10 car miles still fit at 45p.
    let car = fx.add(jun, &mileage_line("2026-06-04", "10", "car", "2"));
    assert_eq!(
        (car.first_band_tenths, car.after_band_tenths),
        (Some(100), Some(0))
    );
    // 10 miles at 45p + 2 passengers x 10 miles x 5p = 450 + 100.
    assert_eq!(
        (car.passengers, car.passenger_pence, car.amount_pence),
        (Some(2), Some(5), 550)
    );
    assert!(car.details.contains("2 passengers"), "{}", car.details);
}

#[test]
fn passengers_are_paid_on_every_mile_even_past_the_band() {
    let mut fx = fixture("2026-06-20");
    drive_9990_miles(&mut fx);
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    // 30 miles, 1 passenger: 10 x 45 + 20 x 25 + 30 x 5 = 450 + 500 + 150.
    let l = fx.add(jun, &mileage_line("2026-06-10", "30", "car", "1"));
    assert_eq!(l.amount_pence, 1100);
}

#[test]
fn a_blank_vehicle_uses_the_reps_usual_vehicle() {
    let mut fx = fixture("2026-06-20");
    // Ravi rides a motorcycle.
    let jun = fx.claim(fx.rep2, fx.council, "2026-06");
    let l = fx.add(jun, &mileage_line("2026-06-10", "10", "", ""));
    assert_eq!(
        (l.vehicle.map(|v| v.as_str()), l.amount_pence),
        (Some("motorcycle"), 240)
    );
}

// ---------- childcare ----------

#[test]
fn childcare_is_paid_as_spent_up_to_the_hourly_cap() {
    let mut fx = fixture("2026-06-20");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    // Cap £12.00 an hour. 3 hours, £30 spent: under the cap of £36.
    let under = fx.add(jun, &childcare_line("2026-06-01", "3", "30.00"));
    assert_eq!(
        (under.entered_pence, under.cap_pence, under.amount_pence),
        (Some(3000), Some(3600), 3000)
    );
    assert!(
        !codes(&under.warnings).contains(&"over_cap".to_string()),
        "{:?}",
        under.warnings
    );
    // 2.5 hours, £40 spent: capped at £30.
    let over = fx.add(jun, &childcare_line("2026-06-02", "2.5", "40.00"));
    assert_eq!(
        (over.entered_pence, over.cap_pence, over.amount_pence),
        (Some(4000), Some(3000), 3000)
    );
    assert!(
        codes(&over.warnings).contains(&"over_cap".to_string()),
        "{:?}",
        over.warnings
    );
    // Exactly at the cap is not over it.
    let exact = fx.add(jun, &childcare_line("2026-06-03", "1", "12.00"));
    assert_eq!(exact.amount_pence, 1200);
    assert!(
        !codes(&exact.warnings).contains(&"over_cap".to_string()),
        "{:?}",
        exact.warnings
    );
    let view = fx.store.claim_get(jun).unwrap();
    assert_eq!(view.totals.childcare_pence, 3000 + 3000 + 1200);
    assert_eq!(
        view.warnings
            .iter()
            .filter(|w| w.code == "over_cap")
            .count(),
        1
    );
}

// ---------- duplicates ----------

#[test]
fn same_date_kind_and_amount_is_a_possible_duplicate_even_across_funders() {
    let mut fx = fixture("2026-06-20");
    let council = fx.claim(fx.rep, fx.council, "2026-06");
    let nhs = fx.claim(fx.rep, fx.nhs, "2026-06");
    let a = fx.add(council, &amount_line("2026-06-10", "parking", "4.50"));
    let b = fx.add(nhs, &amount_line("2026-06-10", "parking", "4.50"));
    assert!(
        codes(&b.warnings).contains(&"duplicate".to_string()),
        "{:?}",
        b.warnings
    );
    let a_now = line_of(&fx.store.claim_get(council).unwrap(), a.id);
    assert!(
        codes(&a_now.warnings).contains(&"duplicate".to_string()),
        "{:?}",
        a_now.warnings
    );
    // A different amount on the same day is not a duplicate.
    let c = fx.add(nhs, &amount_line("2026-06-10", "parking", "4.60"));
    assert!(
        !codes(&c.warnings).contains(&"duplicate".to_string()),
        "{:?}",
        c.warnings
    );
    // Nor is a different kind with the same amount.
    let e = fx.add(nhs, &amount_line("2026-06-10", "fares", "4.50"));
    assert!(
        !codes(&e.warnings).contains(&"duplicate".to_string()),
        "{:?}",
        e.warnings
    );
}

#[test]
fn the_same_amount_for_a_different_rep_is_not_a_duplicate() {
    let mut fx = fixture("2026-06-20");
    let rita = fx.claim(fx.rep, fx.council, "2026-06");
    fx.add(rita, &amount_line("2026-06-10", "parking", "4.50"));
    let ravi = fx.claim(fx.rep2, fx.council, "2026-06");
    let l = fx.add(ravi, &amount_line("2026-06-10", "parking", "4.50"));
    assert!(
        !codes(&l.warnings).contains(&"duplicate".to_string()),
        "{:?}",
        l.warnings
    );
}

#[test]
fn a_reversed_line_does_not_count_as_a_duplicate() {
    let mut fx = fixture("2026-06-20");
    let may = fx.claim(fx.rep, fx.council, "2026-05");
    let orig = fx.add(may, &time_line("2026-05-10", "60"));
    fx.submit_and_approve(may);
    // Claimed again under the other funder: a possible duplicate...
    let nhs = fx.claim(fx.rep, fx.nhs, "2026-05");
    let again = fx.add(nhs, &time_line("2026-05-10", "60"));
    assert!(
        codes(&again.warnings).contains(&"duplicate".to_string()),
        "{:?}",
        again.warnings
    );
    // ...until the first one is reversed.
    fx.as_person(fx.treasurer);
    fx.store
        .line_reverse(orig.id, "2026-06", "claimed from the wrong funder")
        .unwrap();
    let view = fx.store.claim_get(nhs).unwrap();
    assert!(view.warnings.is_empty(), "{:?}", view.warnings);
}

// ---------- age ----------

#[test]
fn lines_older_than_the_age_limit_are_flagged_relative_to_today_for_drafts() {
    let mut fx = fixture("2026-09-15");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    // Three months before 15 September is 15 June.
    let old = fx.add(jun, &time_line("2026-06-14", "60"));
    let edge = fx.add(jun, &time_line("2026-06-15", "30"));
    assert!(
        codes(&old.warnings).contains(&"too_old".to_string()),
        "{:?}",
        old.warnings
    );
    assert!(
        !codes(&edge.warnings).contains(&"too_old".to_string()),
        "{:?}",
        edge.warnings
    );
    // A day later, 15 June is too old as well.
    fx.today("2026-09-16");
    let view = fx.store.claim_get(jun).unwrap();
    assert!(codes(&line_of(&view, edge.id).warnings).contains(&"too_old".to_string()));
}

#[test]
fn once_submitted_the_age_is_measured_from_submission() {
    let mut fx = fixture("2026-09-15");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let l = fx.add(jun, &time_line("2026-06-20", "60"));
    assert!(l.warnings.is_empty(), "{:?}", l.warnings);
    fx.store.claim_submit(jun, true).unwrap();
    // Months later the approver looks at it: still within the limit at submission.
    fx.today("2026-12-01");
    fx.as_person(fx.treasurer);
    let view = fx.store.claim_get(jun).unwrap();
    assert!(view.warnings.is_empty(), "{:?}", view.warnings);
    // So it can be approved without accepting warnings.
    assert_eq!(
        fx.store
            .claim_approve(jun, false, "")
            .unwrap()
            .summary
            .status,
        "approved"
    );
}

// ---------- receipts ----------

#[test]
fn childcare_and_fares_need_a_receipt_and_attaching_one_clears_the_warning() {
    let mut fx = fixture("2026-06-20");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let child = fx.add(jun, &childcare_line("2026-06-01", "2", "20.00"));
    let fare = fx.add(jun, &amount_line("2026-06-02", "fares", "6.80"));
    let time = fx.add(jun, &time_line("2026-06-03", "60"));
    let miles = fx.add(jun, &mileage_line("2026-06-04", "12", "car", ""));
    let view = fx.store.claim_get(jun).unwrap();
    assert_eq!(
        codes(&line_of(&view, child.id).warnings),
        vec!["missing_receipt"]
    );
    assert_eq!(
        codes(&line_of(&view, fare.id).warnings),
        vec!["missing_receipt"]
    );
    assert!(line_of(&view, time.id).warnings.is_empty());
    assert!(line_of(&view, miles.id).warnings.is_empty());

    fx.store
        .receipt_add(child.id, "nursery invoice.pdf", PDF)
        .unwrap();
    let view = fx
        .store
        .receipt_add(fare.id, "C:\\Users\\rita\\ticket.jpg", JPEG)
        .unwrap();
    assert!(view.warnings.is_empty(), "{:?}", view.warnings);
    let r = &line_of(&view, fare.id).receipts[0];
    assert_eq!(
        (r.file_name.as_str(), r.mime.as_str(), r.size_bytes),
        ("ticket.jpg", "image/jpeg", JPEG.len() as i64)
    );
    assert!(r.same_file_on_lines.is_empty());
}

#[test]
fn the_same_receipt_file_on_two_lines_is_flagged_on_both() {
    let mut fx = fixture("2026-06-20");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let a = fx.add(jun, &amount_line("2026-06-01", "fares", "6.80"));
    let b = fx.add(jun, &amount_line("2026-06-08", "fares", "7.20"));
    fx.store.receipt_add(a.id, "ticket.png", PNG).unwrap();
    let view = fx.store.receipt_add(b.id, "ticket copy.png", PNG).unwrap();
    let (la, lb) = (line_of(&view, a.id), line_of(&view, b.id));
    assert_eq!(codes(&la.warnings), vec!["same_receipt"]);
    assert_eq!(codes(&lb.warnings), vec!["same_receipt"]);
    // Lines are named by their number in the claim, never by database id.
    assert_eq!((la.number, lb.number), (1, 2));
    assert_eq!(la.receipts[0].same_file_on_lines, vec!["line 2"]);
    assert_eq!(lb.receipts[0].same_file_on_lines, vec!["line 1"]);
    assert!(
        la.warnings[0]
            .message
            .contains("is the very same file as one on line 2"),
        "{}",
        la.warnings[0].message
    );
    assert_eq!(la.receipts[0].mime, "image/png");
    // A different file is not flagged.
    let c = fx.add(jun, &amount_line("2026-06-15", "fares", "7.40"));
    let view = fx.store.receipt_add(c.id, "ticket3.jpg", &jpeg(3)).unwrap();
    assert!(
        line_of(&view, c.id).warnings.is_empty(),
        "{:?}",
        line_of(&view, c.id).warnings
    );
}

#[test]
fn receipts_are_recognised_by_their_content_not_their_name() {
    let mut fx = fixture("2026-06-20");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let l = fx.add(jun, &amount_line("2026-06-01", "fares", "6.80"));
    expect_invalid(
        fx.store
            .receipt_add(l.id, "receipt.pdf", b"This is a text file, not a PDF.\n"),
        "receipt",
    );
    expect_invalid(fx.store.receipt_add(l.id, "receipt.jpg", b""), "receipt");
    assert!(line_of(&fx.store.claim_get(jun).unwrap(), l.id)
        .receipts
        .is_empty());
    for (bytes, mime) in [
        (JPEG, "image/jpeg"),
        (PNG, "image/png"),
        (PDF, "application/pdf"),
    ] {
        let view = fx.store.receipt_add(l.id, "scan.txt", bytes).unwrap();
        let r = line_of(&view, l.id)
            .receipts
            .into_iter()
            .max_by_key(|r| r.id)
            .unwrap();
        assert_eq!(r.mime, mime);
        let stored = fx.store.receipt_get(r.id).unwrap();
        assert_eq!(stored.content, bytes);
    }
}

// ---------- lines for meetings ----------

#[test]
fn a_line_for_a_meeting_must_match_its_day_and_its_funder() {
    let mut fx = fixture("2026-06-25");
    fx.as_person(fx.chair);
    let meeting = fx
        .store
        .meeting_save(&forumdesk_core::model::MeetingInput {
            group_id: fx.board,
            title: "June board".into(),
            starts_at: "2026-06-10T10:00".into(),
            ends_at: "2026-06-10T11:30".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let for_meeting = |date: &str| forumdesk_core::model::LineInput {
        meeting_id: Some(meeting),
        activity: String::new(),
        ..time_line(date, "90")
    };
    // The board is paid for by the council, not the ICB.
    let nhs = fx.claim(fx.rep, fx.nhs, "2026-06");
    let msg = expect_invalid(
        fx.store.line_add(nhs, &for_meeting("2026-06-10")),
        "meeting_id",
    );
    assert!(msg.contains("Testshire Council"), "{msg}");
    let council = fx.claim(fx.rep, fx.council, "2026-06");
    // Time for a meeting is claimed on its day...
    expect_invalid(
        fx.store.line_add(council, &for_meeting("2026-06-11")),
        "line_date",
    );
    let l = fx.add(council, &for_meeting("2026-06-10"));
    assert_eq!(l.meeting_id, Some(meeting));
    assert_eq!(l.activity_label, "June board (SEND Partnership Board)");
    assert_eq!(
        l.activity, "",
        "a meeting's line stores no activity text of its own"
    );
    // ...but travel to it may be on another day.
    let travel = forumdesk_core::model::LineInput {
        meeting_id: Some(meeting),
        activity: String::new(),
        ..mileage_line("2026-06-09", "12", "car", "")
    };
    assert_eq!(fx.add(council, &travel).amount_pence, 540);
    // A line with neither a meeting nor an activity is refused.
    expect_invalid(
        fx.store.line_add(
            council,
            &forumdesk_core::model::LineInput {
                activity: " ".into(),
                ..time_line("2026-06-12", "30")
            },
        ),
        "activity",
    );
}

#[test]
fn a_policy_used_by_a_line_cannot_be_removed() {
    let mut fx = fixture("2026-09-20");
    let sep_policy = fx.policy("2026-09-01", "16.00");
    let unused = fx.policy("2026-10-01", "17.00");
    let sep = fx.claim(fx.rep, fx.council, "2026-09");
    fx.add(sep, &time_line("2026-09-10", "60"));
    fx.as_person(fx.chair);
    expect_code(fx.store.policy_delete(sep_policy.id), "locked");
    fx.store.policy_delete(unused.id).unwrap();
    let froms: Vec<String> = fx
        .store
        .policies_list()
        .unwrap()
        .into_iter()
        .map(|p| p.effective_from)
        .collect();
    assert_eq!(froms, vec!["2026-09-01", "2025-04-06"]);
    // Two policies cannot start on the same day.
    expect_invalid(
        fx.store.policy_save(&policy_input("2026-09-01", "20.00")),
        "effective_from",
    );
}

#[test]
fn only_people_who_may_see_the_claim_may_see_its_receipts() {
    let mut fx = fixture("2026-06-20");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let l = fx.add(jun, &amount_line("2026-06-01", "fares", "6.80"));
    let view = fx.store.receipt_add(l.id, "ticket.pdf", PDF).unwrap();
    let receipt = line_of(&view, l.id).receipts[0].id;
    fx.as_person(fx.rep2);
    expect_code(fx.store.receipt_get(receipt), "not_allowed");
    expect_code(fx.store.receipt_add(l.id, "mine.pdf", PDF), "not_allowed");
    fx.as_person(fx.treasurer);
    assert_eq!(fx.store.receipt_get(receipt).unwrap().content, PDF);
}

/// A picture's print copy is made once, when it is attached, and kept beside it (so the
/// pack need not shrink every phone photo again); a PDF or an unreadable picture gets none;
/// the copy goes when its receipt goes.
#[test]
fn a_picture_gets_its_print_copy_when_attached() {
    let mut fx = fixture("2026-06-20");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let photo_line = fx.add(jun, &amount_line("2026-06-01", "fares", "6.80"));
    let pdf_line = fx.add(jun, &amount_line("2026-06-02", "fares", "6.90"));
    let broken_line = fx.add(jun, &amount_line("2026-06-03", "fares", "7.00"));
    let photo = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../assets/demo/receipt-childcare-2.png"),
    )
    .unwrap();
    let view = fx
        .store
        .receipt_add(photo_line.id, "childminder.png", &photo)
        .unwrap();
    fx.store
        .receipt_add(pdf_line.id, "invoice.pdf", PDF)
        .unwrap();
    fx.store
        .receipt_add(broken_line.id, "broken.jpg", JPEG)
        .unwrap();
    let copies: Vec<(String, String, i64, i64, i64)> = {
        let mut stmt = fx
            .store
            .connection()
            .prepare(
                "SELECT r.file_name, p.format, p.width, p.height, length(p.bytes)
                 FROM receipt_print_copies p JOIN receipts r ON r.id = p.receipt_id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    assert_eq!(copies.len(), 1, "only the readable picture: {copies:?}");
    let (name, format, width, height, size) = &copies[0];
    assert_eq!(name, "childminder.png");
    assert!(format == "png" || format == "jpeg", "{format}");
    let (max_w, max_h) = forumdesk_export::print_size_limit();
    assert!(*width > 0 && *width as u32 <= max_w && *height > 0 && *height as u32 <= max_h);
    assert!(*size > 100);

    let receipt = line_of(&view, photo_line.id).receipts[0].id;
    fx.store.receipt_delete(receipt).unwrap();
    let left: i64 = fx
        .store
        .connection()
        .query_row("SELECT count(*) FROM receipt_print_copies", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(left, 0, "the copy goes with its receipt");
}

// ---------- checking a line before the claim exists ----------

#[test]
fn line_check_refuses_what_line_add_refuses_and_starts_no_claim() {
    let mut fx = fixture("2026-09-20");
    fx.as_person(fx.rep);
    let no_claims = |fx: &Fx| {
        fx.store
            .claims_list(&forumdesk_core::model::ClaimFilter::default())
            .unwrap()
            .len()
    };
    let before = no_claims(&fx);
    let bad = amount_line("2026-09-10", "parking", "4,50");
    let checked = expect_invalid(
        fx.store.line_check(fx.rep, fx.council, "2026-09", &bad),
        "amount",
    );
    assert_eq!(no_claims(&fx), before, "checking started a claim");
    let future = time_line("2026-09-21", "60");
    let checked_future = expect_invalid(
        fx.store.line_check(fx.rep, fx.council, "2026-09", &future),
        "line_date",
    );
    // Another rep's claim is not theirs to check either.
    expect_code(
        fx.store.line_check(
            fx.rep2,
            fx.council,
            "2026-09",
            &time_line("2026-09-10", "60"),
        ),
        "not_allowed",
    );
    assert_eq!(no_claims(&fx), before);
    // The same words as adding the line to the claim itself.
    let claim = fx.claim(fx.rep, fx.council, "2026-09");
    assert_eq!(
        expect_invalid(fx.store.line_add(claim, &bad), "amount"),
        checked
    );
    assert_eq!(
        expect_invalid(fx.store.line_add(claim, &future), "line_date"),
        checked_future
    );
    // A good line passes, and then adds.
    let good = time_line("2026-09-10", "60");
    fx.store
        .line_check(fx.rep, fx.council, "2026-09", &good)
        .unwrap();
    assert_eq!(fx.add(claim, &good).amount_pence, 1500);
}

#[test]
fn check_receipt_is_the_rule_receipt_add_uses() {
    assert_eq!(forumdesk_core::check_receipt(JPEG).unwrap(), "image/jpeg");
    assert_eq!(
        forumdesk_core::check_receipt(PDF).unwrap(),
        "application/pdf"
    );
    let e = forumdesk_core::check_receipt(b"GIF89a").unwrap_err();
    assert_eq!(e.field(), Some("receipt"));
    let mut fx = fixture("2026-09-20");
    let claim = fx.claim(fx.rep, fx.council, "2026-09");
    let line = fx.add(claim, &amount_line("2026-09-10", "parking", "4.50"));
    assert_eq!(
        fx.store
            .receipt_add(line.id, "x.gif", b"GIF89a")
            .unwrap_err()
            .to_string(),
        e.to_string()
    );
}
