//! The claim workflow (draft → submitted → returned/approved → paid), who may do what, and
//! that approved claims never change, through the API or straight through SQL.

mod common;

use common::*;
use forumdesk_core::model::ClaimFilter;
use rusqlite::params;

/// A submitted claim by Rita for June 2026 with one time line (no warnings).
fn submitted(fx: &mut Fx) -> (i64, i64) {
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let line = fx.add(jun, &time_line("2026-06-10", "90"));
    fx.store.claim_submit(jun, true).unwrap();
    (jun, line.id)
}

// ---------- submitting ----------

#[test]
fn submit_needs_the_declaration_and_at_least_one_line() {
    let mut fx = fixture("2026-07-01");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    expect_invalid(fx.store.claim_submit(jun, true), "lines");
    fx.add(jun, &time_line("2026-06-10", "90"));
    expect_invalid(fx.store.claim_submit(jun, false), "declaration_agreed");
    assert_eq!(fx.store.claim_get(jun).unwrap().summary.status, "draft");
    let view = fx.store.claim_submit(jun, true).unwrap();
    assert_eq!(view.summary.status, "submitted");
    assert_eq!(view.submitted_at.as_deref(), Some("2026-07-01T12:00:00"));
    let forum = fx.store.forum_get().unwrap();
    assert!(!forum.declaration.is_empty());
    assert_eq!(
        view.declaration.as_deref(),
        Some(forum.declaration.as_str())
    );
    // Stored in the claim row itself.
    let (decl, at): (String, String) = fx
        .store
        .connection()
        .query_row(
            "SELECT declaration, submitted_at FROM claims WHERE id = ?1",
            [jun],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (decl.as_str(), at.as_str()),
        (forum.declaration.as_str(), "2026-07-01T12:00:00")
    );
}

#[test]
fn the_declaration_agreed_to_is_kept_even_if_the_forum_changes_it_later() {
    let mut fx = fixture("2026-07-01");
    let (jun, _) = submitted(&mut fx);
    let before = fx.store.claim_get(jun).unwrap().declaration.unwrap();
    fx.as_person(fx.chair);
    let mut forum = fx.store.forum_get().unwrap();
    forum.declaration = "A completely new declaration.".into();
    fx.store.forum_save(&forum).unwrap();
    assert_eq!(
        fx.store.claim_get(jun).unwrap().declaration.unwrap(),
        before
    );
}

#[test]
fn a_submitted_claim_cannot_be_edited_by_the_rep() {
    let mut fx = fixture("2026-07-01");
    let (jun, line) = submitted(&mut fx);
    expect_code(
        fx.store.line_add(jun, &time_line("2026-06-11", "30")),
        "locked",
    );
    expect_code(
        fx.store.line_update(line, &time_line("2026-06-10", "30")),
        "locked",
    );
    expect_code(fx.store.line_delete(line), "locked");
    let view = fx.store.claim_get(jun).unwrap();
    assert!(!view.can_edit);
    assert_eq!(view.lines.len(), 1);
}

// ---------- who may approve ----------

#[test]
fn the_claimant_can_never_approve_their_own_claim_even_as_chair() {
    let mut fx = fixture("2026-07-01");
    let jun = fx.claim(fx.chair, fx.council, "2026-06");
    fx.add(jun, &time_line("2026-06-10", "60"));
    let view = fx.store.claim_submit(jun, true).unwrap();
    assert!(!view.can_approve);
    assert!(view.approve_blocked_reason.is_some());
    expect_code(fx.store.claim_approve(jun, true, ""), "not_allowed");
    expect_code(
        fx.store.claim_return(jun, "I changed my mind"),
        "not_allowed",
    );
    assert_eq!(fx.store.claim_get(jun).unwrap().summary.status, "submitted");
    // The treasurer can.
    fx.as_person(fx.treasurer);
    let view = fx.store.claim_approve(jun, false, "").unwrap();
    assert_eq!(view.summary.status, "approved");
    assert_eq!(view.approved_by_name.as_deref(), Some(TREASURER));
    assert_eq!(view.approved_at.as_deref(), Some("2026-07-01T12:00:00"));
    // And only somebody other than the claimant records payment.
    fx.as_person(fx.chair);
    expect_code(
        fx.store.claim_mark_paid(jun, "2026-07-01", "BACS 123", ""),
        "not_allowed",
    );
}

#[test]
fn a_plain_rep_cannot_approve_or_return_and_cannot_see_other_reps_claims() {
    let mut fx = fixture("2026-07-01");
    let (jun, _) = submitted(&mut fx);
    fx.as_person(fx.rep2);
    expect_code(fx.store.claim_get(jun), "not_allowed");
    expect_code(fx.store.claim_approve(jun, true, ""), "not_allowed");
    expect_code(fx.store.claim_return(jun, "no"), "not_allowed");
    expect_code(
        fx.store.claim_open(fx.rep, fx.council, "2026-06"),
        "not_allowed",
    );
    expect_code(
        fx.store.line_add(jun, &time_line("2026-06-11", "30")),
        "not_allowed",
    );
    // Lists and queues only show Ravi his own claims.
    assert!(fx
        .store
        .claims_list(&ClaimFilter::default())
        .unwrap()
        .is_empty());
    assert!(fx.store.claims_queue().unwrap().is_empty());
    // Rita cannot approve her own claim either (and is not an approver anyway).
    fx.as_person(fx.rep);
    expect_code(fx.store.claim_approve(jun, true, ""), "not_allowed");
    assert_eq!(fx.store.claim_get(jun).unwrap().summary.status, "submitted");
    // Nobody chosen (the command line) is not an approver either.
    fx.store.act_as_for_tests(None).unwrap();
    let view = fx.store.claim_get(jun).unwrap();
    assert!(!view.can_approve);
    assert!(
        view.approve_blocked_reason
            .as_deref()
            .unwrap_or("")
            .contains("chair or treasurer"),
        "{view:?}"
    );
    expect_code(fx.store.claim_approve(jun, true, ""), "no_session");
    // The treasurer sees it in the queue.
    fx.as_person(fx.treasurer);
    let queue = fx.store.claims_queue().unwrap();
    assert_eq!(queue.iter().map(|c| c.id).collect::<Vec<_>>(), vec![jun]);
}

#[test]
fn warnings_must_be_accepted_explicitly_and_are_kept_with_the_approval() {
    let mut fx = fixture("2026-07-01");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    fx.add(jun, &amount_line("2026-06-10", "fares", "6.80")); // no receipt
    fx.store.claim_submit(jun, true).unwrap();
    fx.as_person(fx.chair);
    expect_invalid(fx.store.claim_approve(jun, false, ""), "accept_warnings");
    assert_eq!(fx.store.claim_get(jun).unwrap().summary.status, "submitted");
    let view = fx.store.claim_approve(jun, true, "").unwrap();
    assert_eq!(view.summary.status, "approved");
    assert_eq!(view.accepted_warnings.len(), 1);
    assert!(
        view.accepted_warnings[0].contains("receipt"),
        "{:?}",
        view.accepted_warnings
    );
}

#[test]
fn a_returned_claim_needs_a_reason_and_can_be_corrected_and_resubmitted() {
    let mut fx = fixture("2026-07-01");
    let (jun, line) = submitted(&mut fx);
    fx.as_person(fx.treasurer);
    expect_invalid(fx.store.claim_return(jun, "   "), "reason");
    assert_eq!(fx.store.claim_get(jun).unwrap().summary.status, "submitted");
    let view = fx
        .store
        .claim_return(jun, "The meeting was 60 minutes, not 90.")
        .unwrap();
    assert_eq!(view.summary.status, "returned");
    assert_eq!(
        view.returned_reason.as_deref(),
        Some("The meeting was 60 minutes, not 90.")
    );
    assert_eq!(view.returned_by_name.as_deref(), Some(TREASURER));

    fx.as_person(fx.rep);
    let view = fx.store.claim_get(jun).unwrap();
    assert!(view.can_edit);
    let view = fx
        .store
        .line_update(line, &time_line("2026-06-10", "60"))
        .unwrap();
    assert_eq!(line_of(&view, line).amount_pence, 1500);
    let view = fx.store.claim_submit(jun, true).unwrap();
    assert_eq!(view.summary.status, "submitted");

    fx.as_person(fx.treasurer);
    let view = fx.store.claim_approve(jun, false, "").unwrap();
    assert_eq!(view.summary.status, "approved");
    assert_eq!(view.summary.total_pence, 1500);
    assert_eq!(view.returned_reason, None);
}

#[test]
fn marking_paid_needs_an_approved_claim_a_date_and_a_reference() {
    let mut fx = fixture("2026-07-01");
    let (jun, _) = submitted(&mut fx);
    fx.as_person(fx.treasurer);
    expect_code(
        fx.store.claim_mark_paid(jun, "2026-07-01", "BACS 123", ""),
        "locked",
    );
    fx.store.claim_approve(jun, false, "").unwrap();
    expect_invalid(fx.store.claim_mark_paid(jun, "", "BACS 123", ""), "paid_on");
    expect_invalid(
        fx.store.claim_mark_paid(jun, "2026-07-02", "BACS 123", ""),
        "paid_on",
    ); // the future
    expect_invalid(
        fx.store.claim_mark_paid(jun, "2026-07-01", "  ", ""),
        "reference",
    );
    assert_eq!(fx.store.claim_get(jun).unwrap().summary.status, "approved");
    let view = fx
        .store
        .claim_mark_paid(jun, "01/07/2026", "BACS 123", "")
        .unwrap();
    assert_eq!(view.summary.status, "paid");
    assert_eq!(view.paid_on.as_deref(), Some("2026-07-01"));
    assert_eq!(view.payment_reference.as_deref(), Some("BACS 123"));
    assert_eq!(view.approved_by_name.as_deref(), Some(TREASURER));
}

// ---------- approved claims never change ----------

fn line_snapshot(fx: &Fx, claim: i64) -> Vec<(i64, i64, String)> {
    fx.store
        .connection()
        .prepare(
            "SELECT id, amount_pence, line_date FROM claim_lines WHERE claim_id = ?1 ORDER BY id",
        )
        .unwrap()
        .query_map([claim], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn approved_claims_refuse_changes_through_the_api() {
    let mut fx = fixture("2026-07-01");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let line = fx.add(jun, &amount_line("2026-06-10", "fares", "6.80"));
    fx.store.receipt_add(line.id, "ticket.jpg", JPEG).unwrap();
    fx.submit_and_approve(jun);
    let before = line_snapshot(&fx, jun);
    for who in [fx.rep, fx.treasurer, fx.chair] {
        fx.as_person(who);
        expect_code(
            fx.store.line_add(jun, &time_line("2026-06-11", "30")),
            "locked",
        );
        expect_code(
            fx.store
                .line_update(line.id, &amount_line("2026-06-10", "fares", "9.99")),
            "locked",
        );
        expect_code(fx.store.line_delete(line.id), "locked");
        expect_code(fx.store.receipt_add(line.id, "another.pdf", PDF), "locked");
        let receipt = fx.store.claim_get(jun).unwrap().lines[0].receipts[0].id;
        expect_code(fx.store.receipt_delete(receipt), "locked");
    }
    assert_eq!(line_snapshot(&fx, jun), before);
    let view = fx.store.claim_get(jun).unwrap();
    assert!(!view.can_edit && !view.can_submit);
    assert_eq!(view.lines[0].receipts.len(), 1);
}

#[test]
fn approved_claims_refuse_changes_straight_through_sql() {
    let mut fx = fixture("2026-07-01");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let line = fx.add(jun, &time_line("2026-06-10", "90"));
    fx.submit_and_approve(jun);
    let before = line_snapshot(&fx, jun);
    let conn = fx.store.connection();
    assert!(conn
        .execute(
            "UPDATE claim_lines SET amount_pence = 999999 WHERE id = ?1",
            [line.id]
        )
        .is_err());
    assert!(conn
        .execute("DELETE FROM claim_lines WHERE id = ?1", [line.id])
        .is_err());
    assert!(conn
        .execute("DELETE FROM claim_lines WHERE claim_id = ?1", [jun])
        .is_err());
    assert!(conn
        .execute("DELETE FROM claims WHERE id = ?1", [jun])
        .is_err());
    assert!(conn
        .execute(
            "INSERT INTO claim_lines (claim_id, line_date, kind, activity, amount_pence, created_at)
             VALUES (?1, '2026-06-12', 'other', 'sneaked in', 5000, '2026-07-01T12:00:00')",
            [jun]
        )
        .is_err());
    assert!(conn
        .execute(
            "INSERT INTO receipts (line_id, file_name, mime, sha256, size_bytes, content, added_at)
             VALUES (?1, 'late.pdf', 'application/pdf', 'x', 1, x'25', '2026-07-01T12:00:00')",
            [line.id]
        )
        .is_err());
    assert!(conn
        .execute("UPDATE claims SET status = 'draft' WHERE id = ?1", [jun])
        .is_err());
    assert!(conn
        .execute("UPDATE claims SET month = '2026-05' WHERE id = ?1", [jun])
        .is_err());
    assert!(conn
        .execute(
            "UPDATE claims SET approved_by = ?2 WHERE id = ?1",
            params![jun, fx.chair]
        )
        .is_err());
    // Moving the claim's line under another claim is refused too.
    let other = conn
        .execute(
            "INSERT INTO claims (rep_id, funder_id, month) VALUES (?1, ?2, '2026-08')",
            params![fx.rep, fx.council],
        )
        .map(|_| conn.last_insert_rowid())
        .unwrap();
    assert!(conn
        .execute(
            "UPDATE claim_lines SET claim_id = ?2 WHERE id = ?1",
            params![line.id, other]
        )
        .is_err());

    assert_eq!(line_snapshot(&fx, jun), before);
    let view = fx.store.claim_get(jun).unwrap();
    assert_eq!(view.summary.status, "approved");
    assert_eq!(view.summary.month, "2026-06");
    assert_eq!(view.approved_by_name.as_deref(), Some(TREASURER));
}

#[test]
fn approved_to_paid_is_the_only_change_and_paid_claims_are_frozen() {
    let mut fx = fixture("2026-07-01");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    fx.add(jun, &time_line("2026-06-10", "90"));
    fx.submit_and_approve(jun);
    let conn = fx.store.connection();
    // Paying while changing the approver is refused.
    assert!(conn
        .execute(
            "UPDATE claims SET status = 'paid', paid_on = '2026-07-01', payment_reference = 'X', approved_by = ?2 WHERE id = ?1",
            params![jun, fx.chair]
        )
        .is_err());
    // Plain approved -> paid is allowed.
    conn.execute("UPDATE claims SET status = 'paid', paid_on = '2026-07-01', payment_reference = 'BACS 1' WHERE id = ?1", [jun])
        .unwrap();
    assert!(conn
        .execute(
            "UPDATE claims SET approved_by = ?2 WHERE id = ?1",
            params![jun, fx.chair]
        )
        .is_err());
    assert!(conn
        .execute(
            "UPDATE claims SET payment_reference = 'BACS 2' WHERE id = ?1",
            [jun]
        )
        .is_err());
    assert!(conn
        .execute("UPDATE claims SET status = 'approved' WHERE id = ?1", [jun])
        .is_err());
    assert!(conn
        .execute("DELETE FROM claims WHERE id = ?1", [jun])
        .is_err());
    let (status, approver, reference): (String, i64, String) = conn
        .query_row(
            "SELECT status, approved_by, payment_reference FROM claims WHERE id = ?1",
            [jun],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (status.as_str(), approver, reference.as_str()),
        ("paid", fx.treasurer, "BACS 1")
    );
}

#[test]
fn the_claimant_cannot_be_set_as_approver_in_sql() {
    let mut fx = fixture("2026-07-01");
    let (jun, _) = submitted(&mut fx);
    let conn = fx.store.connection();
    assert!(conn
        .execute(
            "UPDATE claims SET approved_by = rep_id WHERE id = ?1",
            [jun]
        )
        .is_err());
    assert!(conn
        .execute(
            "UPDATE claims SET status = 'approved', approved_by = rep_id, approved_at = '2026-07-01T12:00:00' WHERE id = ?1",
            [jun]
        )
        .is_err());
    let (status, approver): (String, Option<i64>) = conn
        .query_row(
            "SELECT status, approved_by FROM claims WHERE id = ?1",
            [jun],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), approver), ("submitted", None));
}

// ---------- reversals ----------

#[test]
fn reversing_an_approved_line_adds_its_exact_negative_to_a_later_claim() {
    let mut fx = fixture("2026-07-15");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let orig = fx.add(jun, &mileage_line("2026-06-10", "24.5", "car", "1"));
    // 24.5 x 45 + 24.5 x 5 = 1102.5 + 122.5 = 1225
    assert_eq!(orig.amount_pence, 1225);
    fx.submit_and_approve(jun);
    let before = line_snapshot(&fx, jun);

    fx.as_person(fx.treasurer);
    expect_invalid(fx.store.line_reverse(orig.id, "2026-07", " "), "reason");
    let jul = fx
        .store
        .line_reverse(orig.id, "2026-07", "Wrong journey")
        .unwrap();
    assert_eq!(jul.summary.month, "2026-07");
    assert_eq!(jul.summary.rep_id, fx.rep);
    assert_eq!(jul.summary.funder_id, fx.council);
    assert_eq!(jul.summary.status, "draft");
    assert_eq!(jul.lines.len(), 1);
    let rev = &jul.lines[0];
    assert_eq!(rev.amount_pence, -1225);
    assert_eq!(rev.reverses_line_id, Some(orig.id));
    assert_eq!(rev.miles_tenths, Some(-245));
    assert_eq!(rev.kind, "mileage");
    assert!(
        rev.description.contains("Wrong journey"),
        "{}",
        rev.description
    );
    assert_eq!(jul.summary.total_pence, -1225);

    // The original is untouched, and knows it was reversed.
    assert_eq!(line_snapshot(&fx, jun), before);
    let june = fx.store.claim_get(jun).unwrap();
    assert_eq!(june.summary.status, "approved");
    assert_eq!(june.summary.total_pence, 1225);
    assert_eq!(line_of(&june, orig.id).reversed_by_line_id, Some(rev.id));

    // Only once.
    expect_code(fx.store.line_reverse(orig.id, "2026-08", "again"), "locked");
    let n: i64 = fx
        .store
        .connection()
        .query_row(
            "SELECT count(*) FROM claim_lines WHERE reverses_line_id = ?1",
            [orig.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn a_reversal_cannot_go_into_a_month_already_submitted() {
    let mut fx = fixture("2026-08-15");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let orig = fx.add(jun, &time_line("2026-06-10", "90"));
    fx.submit_and_approve(jun);
    let jul = fx.claim(fx.rep, fx.council, "2026-07");
    fx.add(jul, &time_line("2026-07-10", "60"));
    fx.store.claim_submit(jul, true).unwrap();
    let jul_before = line_snapshot(&fx, jul);

    fx.as_person(fx.treasurer);
    expect_invalid(
        fx.store.line_reverse(orig.id, "2026-07", "Wrong meeting"),
        "month",
    );
    // The approved month itself is no place for it either.
    expect_invalid(
        fx.store.line_reverse(orig.id, "2026-06", "Wrong meeting"),
        "month",
    );
    assert_eq!(line_snapshot(&fx, jul), jul_before);
    assert_eq!(
        line_of(&fx.store.claim_get(jun).unwrap(), orig.id).reversed_by_line_id,
        None
    );
    // A later, open month works.
    let aug = fx
        .store
        .line_reverse(orig.id, "2026-08", "Wrong meeting")
        .unwrap();
    assert_eq!(aug.lines[0].amount_pence, -2250);
}

#[test]
fn only_lines_of_approved_claims_are_reversed() {
    let mut fx = fixture("2026-07-15");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let line = fx.add(jun, &time_line("2026-06-10", "90"));
    expect_invalid(fx.store.line_reverse(line.id, "2026-07", "oops"), "line_id");
}

#[test]
fn a_rep_cannot_reverse_another_reps_line() {
    let mut fx = fixture("2026-07-15");
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    let line = fx.add(jun, &time_line("2026-06-10", "90"));
    fx.submit_and_approve(jun);
    fx.as_person(fx.rep2);
    expect_code(
        fx.store.line_reverse(line.id, "2026-07", "oops"),
        "not_allowed",
    );
}

#[test]
fn a_chair_can_enter_a_paper_claim_for_a_rep_and_the_declaration_says_so() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    let jun = fx
        .store
        .claim_open(fx.rep, fx.council, "2026-06")
        .unwrap()
        .summary
        .id;
    fx.add(jun, &time_line("2026-06-10", "60"));
    let view = fx.store.claim_submit(jun, true).unwrap();
    let decl = view.declaration.unwrap();
    assert!(decl.contains(&format!("Entered by {CHAIR}")), "{decl}");
    // The chair typed it in, so the chair may not approve it: another officer must.
    assert!(!view.can_approve);
    assert!(
        view.approve_blocked_reason
            .as_deref()
            .unwrap_or("")
            .contains("You typed in this paper claim"),
        "{:?}",
        view.approve_blocked_reason
    );
    expect_code(fx.store.claim_approve(jun, false, ""), "not_allowed");
    fx.as_person(fx.treasurer);
    assert_eq!(
        fx.store
            .claim_approve(jun, false, "")
            .unwrap()
            .approved_by_name
            .as_deref(),
        Some(TREASURER)
    );
}

#[test]
fn only_representatives_make_claims() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    let plain = add_member(&mut fx.store, "Polly Plain", "polly@example.org");
    expect_invalid(fx.store.claim_open(plain, fx.council, "2026-06"), "rep_id");
    expect_invalid(fx.store.claim_open(fx.rep, 9999, "2026-06"), "funder_id");
    expect_invalid(fx.store.claim_open(fx.rep, fx.council, "June"), "month");
}

#[test]
fn there_is_always_somebody_who_can_approve() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    let as_rep_only = |id: i64| forumdesk_core::model::RepInput {
        member_id: id,
        is_rep: true,
        started_on: "2025-01-01".into(),
        active: true,
        ..Default::default()
    };
    // The treasurer can step down while the chair remains...
    fx.store.rep_save(&as_rep_only(fx.treasurer)).unwrap();
    // ...but then the chair cannot.
    expect_invalid(fx.store.rep_save(&as_rep_only(fx.chair)), "is_chair");
    assert!(fx.store.rep_get(fx.chair).unwrap().is_chair);
}

// ---------- the list, a page at a time ----------

/// The window reads the claims list a page at a time: each page in list order, with how many
/// claims match in all and their total; a filter counts only what it matches; a rep's pages
/// hold only their own claims.
#[test]
fn the_claims_list_comes_a_page_at_a_time() {
    let mut fx = fixture("2026-07-01");
    for (rep, funder, month, minutes) in [
        (fx.rep, fx.council, "2026-04", "60"),
        (fx.rep, fx.nhs, "2026-04", "90"),
        (fx.rep2, fx.council, "2026-05", "120"),
        (fx.rep, fx.council, "2026-05", "30"),
        (fx.rep2, fx.nhs, "2026-06", "45"),
    ] {
        fx.as_person(rep);
        let id = fx.claim(rep, funder, month);
        fx.add(id, &time_line(&format!("{month}-10"), minutes));
    }
    fx.as_person(fx.chair);
    let all = fx.store.claims_list(&ClaimFilter::default()).unwrap();
    assert_eq!(all.len(), 5, "{all:?}");
    let everything: i64 = all.iter().map(|c| c.total_pence).sum();
    assert!(everything > 0);
    let ids = |list: &[forumdesk_core::model::ClaimSummary]| -> Vec<i64> {
        list.iter().map(|c| c.id).collect()
    };

    // The first page, the middle and the last (shorter) page follow the list's order.
    let first = fx.store.claims_page(&ClaimFilter::default(), 0, 2).unwrap();
    assert_eq!((first.total, first.offset), (5, 0));
    assert_eq!(
        fx.store.claims_total(&ClaimFilter::default()).unwrap(),
        everything
    );
    assert_eq!(ids(&first.claims), ids(&all[..2]));
    assert_eq!(first.claims, all[..2].to_vec());
    let second = fx.store.claims_page(&ClaimFilter::default(), 2, 2).unwrap();
    assert_eq!(ids(&second.claims), ids(&all[2..4]));
    let last = fx.store.claims_page(&ClaimFilter::default(), 4, 2).unwrap();
    assert_eq!(ids(&last.claims), ids(&all[4..]));
    assert_eq!(last.total, 5);
    // Past the end is an empty page that still counts every match.
    let beyond = fx
        .store
        .claims_page(&ClaimFilter::default(), 10, 2)
        .unwrap();
    assert!(beyond.claims.is_empty());
    assert_eq!(beyond.total, 5);
    // Every page of every size, from the front and (past the middle) from the back, holds
    // exactly the list's claims at that place, in the list's order.
    for size in 1..=6_i64 {
        for offset in 0..=6_i64 {
            let page = fx
                .store
                .claims_page(&ClaimFilter::default(), offset, size)
                .unwrap();
            let from = (offset as usize).min(all.len());
            let to = ((offset + size) as usize).min(all.len());
            assert_eq!(
                ids(&page.claims),
                ids(&all[from..to]),
                "offset {offset}, size {size}"
            );
        }
    }

    // A month's claims: counted and summed alone.
    let may_filter = ClaimFilter {
        month: "2026-05".into(),
        ..Default::default()
    };
    let may = fx.store.claims_list(&may_filter).unwrap();
    let may_page = fx.store.claims_page(&may_filter, 0, 100).unwrap();
    assert_eq!(may_page.total, 2);
    assert_eq!(may_page.claims, may);
    let may_total = fx.store.claims_total(&may_filter).unwrap();
    assert_eq!(may_total, may.iter().map(|c| c.total_pence).sum::<i64>());
    assert!(0 < may_total && may_total < everything);
    // A funder and a status filter.
    let nhs = fx
        .store
        .claims_page(
            &ClaimFilter {
                funder_id: Some(fx.nhs),
                ..Default::default()
            },
            0,
            100,
        )
        .unwrap();
    assert_eq!(nhs.total, 2);
    assert!(nhs.claims.iter().all(|c| c.funder_id == fx.nhs));
    let submitted = fx
        .store
        .claims_page(
            &ClaimFilter {
                status: "submitted".into(),
                ..Default::default()
            },
            0,
            100,
        )
        .unwrap();
    assert_eq!(submitted.total, 0);
    assert!(submitted.claims.is_empty());
    // Two choices at once: only claims matching both.
    let may_council = ClaimFilter {
        month: "2026-05".into(),
        funder_id: Some(fx.council),
        ..Default::default()
    };
    let both = fx.store.claims_page(&may_council, 0, 100).unwrap();
    assert_eq!(both.total, 2);
    assert!(both
        .claims
        .iter()
        .all(|c| c.funder_id == fx.council && c.month == "2026-05"));
    let nhs_april = ClaimFilter {
        month: "2026-04".into(),
        funder_id: Some(fx.nhs),
        ..Default::default()
    };
    assert_eq!(fx.store.claims_page(&nhs_april, 0, 100).unwrap().total, 1);
    assert_eq!(
        fx.store
            .claims_total(&ClaimFilter {
                status: "submitted".into(),
                ..Default::default()
            })
            .unwrap(),
        0
    );
    // A bad month is refused beside its field, as the whole list's is.
    expect_invalid(
        fx.store.claims_page(
            &ClaimFilter {
                month: "2026-13".into(),
                ..Default::default()
            },
            0,
            100,
        ),
        "month",
    );

    // Ravi sees only his own claims, whatever rep the filter names.
    fx.as_person(fx.rep2);
    let own = fx
        .store
        .claims_page(
            &ClaimFilter {
                rep_id: Some(fx.rep),
                ..Default::default()
            },
            0,
            100,
        )
        .unwrap();
    assert_eq!(own.total, 2);
    assert!(own.claims.iter().all(|c| c.rep_id == fx.rep2));
    let ravis: i64 = all
        .iter()
        .filter(|c| c.rep_id == fx.rep2)
        .map(|c| c.total_pence)
        .sum();
    assert_eq!(
        fx.store
            .claims_total(&ClaimFilter {
                rep_id: Some(fx.rep),
                ..Default::default()
            })
            .unwrap(),
        ravis
    );
}
