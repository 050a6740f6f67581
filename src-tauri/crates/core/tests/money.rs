//! Money the forum must manage (issue 9): budgets and their approval warnings at 90% and
//! 100%, rates per funder with the forum's own as the fallback, days to pay and the claims
//! waiting past the target, and the Carer's Allowance earnings check by tax year.

mod common;

use common::*;
use forumdesk_core::model::{BudgetInput, LineInput, PolicyInput, WarningCode};
use forumdesk_core::CoreError;

fn other_line(date: &str, amount: &str) -> LineInput {
    LineInput {
        line_date: date.into(),
        kind: "other".into(),
        activity: "Printing for the board".into(),
        description: "Printing".into(),
        amount: amount.into(),
        ..Default::default()
    }
}

fn budget(funder: i64, amount: &str) -> BudgetInput {
    BudgetInput {
        id: None,
        funder_id: funder,
        name: "Grant 2026/27".into(),
        amount: amount.into(),
        starts_on: "01/04/2026".into(),
        ends_on: "31/03/2027".into(),
        pays_time: true,
        pays_travel: true,
        pays_childcare: true,
        pays_other: true,
    }
}

fn budget_codes(fx: &mut Fx, claim: i64) -> Vec<WarningCode> {
    fx.as_person(fx.treasurer);
    fx.store
        .claim_get(claim)
        .unwrap()
        .warnings
        .iter()
        .filter(|w| w.line_id.is_none())
        .map(|w| w.code)
        .collect()
}

/// A submitted claim for one "other" amount.
fn submitted_other(fx: &mut Fx, rep: i64, month: &str, amount: &str) -> i64 {
    let c = fx.claim(rep, fx.council, month);
    fx.add(c, &other_line(&format!("{month}-10"), amount));
    fx.store.claim_submit(c, true).unwrap();
    c
}

// ---------- budgets ----------

#[test]
fn budget_warnings_at_exactly_90_and_100_percent_and_one_penny_over() {
    let mut fx = fixture("2026-08-20");
    fx.as_person(fx.chair);
    let b = fx.store.budget_save(&budget(fx.council, "100.00")).unwrap();
    assert_eq!(
        (b.amount_pence, b.spent_pence, b.percent_spent),
        (10_000, 0, 0)
    );

    // £90.00 of £100.00 is exactly 90%: no budget warning for the claim that gets there.
    let (rep, rep2) = (fx.rep, fx.rep2);
    let first = submitted_other(&mut fx, rep, "2026-05", "90.00");
    assert!(budget_codes(&mut fx, first).is_empty());
    fx.store.claim_approve(first, true, "").unwrap();
    let b = fx.store.budget_get(b.id).unwrap();
    assert_eq!(
        (b.spent_pence, b.left_pence, b.percent_spent),
        (9_000, 1_000, 90)
    );

    // One penny more is past 90%.
    let penny = submitted_other(&mut fx, rep, "2026-06", "0.01");
    assert_eq!(
        budget_codes(&mut fx, penny),
        vec![WarningCode::BudgetPast90]
    );
    // Exactly 100% is past 90% but not past 100%.
    let to_100 = submitted_other(&mut fx, rep2, "2026-06", "10.00");
    assert_eq!(
        budget_codes(&mut fx, to_100),
        vec![WarningCode::BudgetPast90]
    );
    // One penny over 100% is past 100%.
    let over = submitted_other(&mut fx, rep2, "2026-07", "10.01");
    assert_eq!(
        budget_codes(&mut fx, over),
        vec![WarningCode::BudgetPast100]
    );
    let view = fx.store.claim_get(over).unwrap();
    let message = &view
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::BudgetPast100)
        .unwrap()
        .message;
    assert!(
        message.contains("£100.01 spent of £100.00, £0.01 over"),
        "{message}"
    );

    // The rep never sees the budget.
    fx.as_person(fx.rep2);
    let mine = fx.store.claim_get(over).unwrap();
    assert!(mine.warnings.iter().all(|w| w.line_id.is_some()));

    // Approving needs the warning accepted, and keeps it as data about the whole claim.
    fx.as_person(fx.treasurer);
    expect_invalid(fx.store.claim_approve(over, false, ""), "accept_warnings");
    fx.store.claim_approve(over, true, "").unwrap();
    let (line, code): (Option<i64>, String) = fx
        .store
        .connection()
        .query_row(
            "SELECT line_id, code FROM accepted_warnings WHERE claim_id = ?1 AND code LIKE 'budget%'",
            [over],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((line, code.as_str()), (None, "budget_past_100"));
    let b = fx.store.budget_get(b.id).unwrap();
    assert_eq!((b.spent_pence, b.left_pence), (10_001, -1));
    // The seal covers it: the records still check out.
    assert!(fx.store.claim_pack_pdf("2026-07", fx.council).is_ok());
}

#[test]
fn a_budget_counts_only_its_funder_its_period_and_its_categories() {
    let mut fx = fixture("2026-08-20");
    fx.as_person(fx.chair);
    let b = fx
        .store
        .budget_save(&BudgetInput {
            pays_other: false,
            starts_on: "2026-06-01".into(),
            ..budget(fx.council, "50.00")
        })
        .unwrap();
    // Time in the period counts: 60 minutes at £15.00.
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    fx.add(jun, &time_line("2026-06-10", "60"));
    fx.add(jun, &other_line("2026-06-10", "40.00"));
    fx.submit_and_approve(jun);
    // Time before the period, and another funder's time, do not.
    let may = fx.claim(fx.rep, fx.council, "2026-05");
    fx.add(may, &time_line("2026-05-10", "60"));
    fx.submit_and_approve(may);
    let nhs = fx.claim(fx.rep, fx.nhs, "2026-06");
    fx.add(nhs, &time_line("2026-06-11", "60"));
    fx.submit_and_approve(nhs);
    // A submitted claim is not spend yet.
    let jul = fx.claim(fx.rep, fx.council, "2026-07");
    fx.add(jul, &time_line("2026-07-10", "60"));
    fx.store.claim_submit(jul, true).unwrap();
    fx.as_person(fx.chair);
    assert_eq!(fx.store.budget_get(b.id).unwrap().spent_pence, 1_500);
    assert_eq!(fx.store.budgets_list(Some(fx.nhs)).unwrap().len(), 0);
}

#[test]
fn budgets_are_checked_and_only_officers_change_them() {
    let mut fx = fixture("2026-08-20");
    fx.as_person(fx.chair);
    let bad = BudgetInput {
        amount: "0.00".into(),
        ends_on: "2026-03-31".into(),
        pays_time: false,
        pays_travel: false,
        pays_childcare: false,
        pays_other: false,
        ..budget(fx.council, "")
    };
    match fx.store.budget_save(&bad).unwrap_err() {
        CoreError::Fields(f) => {
            let fields: Vec<&str> = f.iter().map(|e| e.field.as_str()).collect();
            assert_eq!(fields, vec!["amount", "ends_on", "pays_time"]);
        }
        other => panic!("expected every problem at once, got {other:?}"),
    }
    expect_invalid(fx.store.budget_save(&budget(9_999, "10.00")), "funder_id");
    let b = fx.store.budget_save(&budget(fx.council, "10.00")).unwrap();
    fx.as_person(fx.rep);
    assert!(matches!(
        fx.store.budget_save(&budget(fx.council, "10.00")),
        Err(CoreError::NotAllowed(_))
    ));
    assert!(matches!(
        fx.store.budget_delete(b.id),
        Err(CoreError::NotAllowed(_))
    ));
    // A funder with a budget cannot be removed.
    fx.as_person(fx.chair);
    assert!(matches!(
        fx.store.funder_delete(fx.council),
        Err(CoreError::Locked(_))
    ));
    fx.store.budget_delete(b.id).unwrap();
}

// ---------- rates per funder ----------

fn funder_policy(funder: i64, from: &str, hourly: &str) -> PolicyInput {
    PolicyInput {
        funder_id: Some(funder),
        ..policy_input(from, hourly)
    }
}

#[test]
fn a_line_takes_its_funders_policy_on_its_date_and_falls_back_to_the_forums() {
    let mut fx = fixture("2026-10-20");
    fx.as_person(fx.chair);
    let nhs_policy = fx
        .store
        .policy_save(&funder_policy(fx.nhs, "2026-06-01", "20.00"))
        .unwrap();
    assert_eq!(nhs_policy.funder_name.as_deref(), Some("Testshire ICB"));
    // The forum's own from the same date is no clash; the funder's twice is.
    fx.policy("2026-09-01", "18.00");
    expect_invalid(
        fx.store
            .policy_save(&funder_policy(fx.nhs, "2026-06-01", "21.00")),
        "effective_from",
    );
    fx.store
        .policy_save(&funder_policy(fx.council, "2026-09-01", "19.00"))
        .map(|p| fx.store.policy_delete(p.id).unwrap())
        .unwrap();

    let rate = |fx: &mut Fx, funder: i64, date: &str| {
        let c = fx.claim(fx.rep, funder, &date[..7]);
        fx.add(c, &time_line(date, "60")).rate_pence
    };
    let (nhs, council) = (fx.nhs, fx.council);
    // Before the NHS's own policy starts, the forum's.
    assert_eq!(rate(&mut fx, nhs, "2026-05-10"), Some(1500));
    assert_eq!(rate(&mut fx, nhs, "2026-06-10"), Some(2000));
    assert_eq!(rate(&mut fx, council, "2026-06-11"), Some(1500));
    // The forum's newer policy changes the council's rate, never the NHS's.
    assert_eq!(rate(&mut fx, nhs, "2026-09-10"), Some(2000));
    assert_eq!(rate(&mut fx, council, "2026-09-11"), Some(1800));
    // A line keeps its rates when the funder's policy is corrected.
    fx.as_person(fx.chair);
    fx.store
        .policy_save(&PolicyInput {
            id: Some(nhs_policy.id),
            ..funder_policy(fx.nhs, "2026-06-01", "25.00")
        })
        .unwrap();
    fx.as_person(fx.rep);
    let jun = fx.store.claim_open(fx.rep, fx.nhs, "2026-06").unwrap();
    assert_eq!(jun.lines[0].rate_pence, Some(2000));

    // Every policy that can apply to the NHS's lines: the forum's own two and the NHS's.
    let for_nhs = fx.store.policies_for_funders(&[fx.nhs]).unwrap();
    let got: Vec<(Option<i64>, &str)> = for_nhs
        .iter()
        .map(|p| (p.funder_id, p.effective_from.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (None, "2025-04-06"),
            (None, "2026-09-01"),
            (Some(fx.nhs), "2026-06-01")
        ]
    );
    assert_eq!(
        fx.store.policies_for_funders(&[fx.council]).unwrap().len(),
        2
    );
    // A funder's policy lines have used cannot be removed.
    fx.as_person(fx.chair);
    assert!(matches!(
        fx.store.policy_delete(nhs_policy.id),
        Err(CoreError::Locked(_))
    ));
    expect_invalid(
        fx.store
            .policy_save(&funder_policy(9_999, "2026-06-01", "20.00")),
        "funder_id",
    );
}

// ---------- time to pay ----------

#[test]
fn days_to_approval_and_payment_and_claims_waiting_past_the_target() {
    let mut fx = fixture("2026-06-01");
    let jun = fx.claim(fx.rep, fx.council, "2026-05");
    fx.add(jun, &time_line("2026-05-10", "60"));
    fx.store.claim_submit(jun, true).unwrap();
    let other = fx.claim(fx.rep2, fx.council, "2026-05");
    fx.add(other, &time_line("2026-05-11", "60"));
    fx.store.claim_submit(other, true).unwrap();
    let s = fx.store.claim_get(other).unwrap().summary;
    assert_eq!(
        (
            s.submitted_on.as_deref(),
            s.days_to_approval,
            s.days_to_payment
        ),
        (Some("2026-06-01"), None, None)
    );

    fx.today("2026-06-05");
    fx.as_person(fx.treasurer);
    let s = fx.store.claim_approve(jun, true, "").unwrap().summary;
    assert_eq!((s.days_to_approval, s.days_to_payment), (Some(4), None));
    assert_eq!(fx.store.payment_target_get().unwrap().days, 14);

    // 14 days on is the target itself: not yet waiting too long.
    fx.today("2026-06-15");
    let none = fx.store.claims_waiting().unwrap();
    assert_eq!(
        (none.count, none.longest.len(), none.target_days),
        (0, 0, 14)
    );
    // A day later both are: the approved one and the one still submitted.
    fx.today("2026-06-16");
    let waiting = fx.store.claims_waiting().unwrap();
    assert_eq!(waiting.count, 2);
    // Asked for fewer, the count is still every claim waiting, and the longest come first.
    let one = fx.store.claims_waiting_up_to(1).unwrap();
    assert_eq!(one.count, 2);
    assert_eq!(
        one.longest.iter().map(|w| w.claim.id).collect::<Vec<_>>(),
        vec![jun]
    );
    let got: Vec<(i64, i64)> = waiting
        .longest
        .iter()
        .map(|w| (w.claim.id, w.days_waiting))
        .collect();
    assert_eq!(got, vec![(jun, 15), (other, 15)]);
    // A rep sees only their own.
    fx.as_person(fx.rep2);
    let mine: Vec<i64> = fx
        .store
        .claims_waiting()
        .unwrap()
        .longest
        .iter()
        .map(|w| w.claim.id)
        .collect();
    assert_eq!(mine, vec![other]);

    // Paid: no longer waiting, and the days to payment are kept.
    fx.as_person(fx.treasurer);
    let s = fx
        .store
        .claim_mark_paid(jun, "15/06/2026", "BACS 1", "")
        .unwrap()
        .summary;
    assert_eq!((s.days_to_approval, s.days_to_payment), (Some(4), Some(14)));
    let left: Vec<i64> = fx
        .store
        .claims_waiting()
        .unwrap()
        .longest
        .iter()
        .map(|w| w.claim.id)
        .collect();
    assert_eq!(left, vec![other]);

    // The forum's own target.
    expect_invalid(fx.store.payment_target_save("0"), "payment_target_days");
    fx.store.payment_target_save("21").unwrap();
    assert_eq!(fx.store.claims_waiting().unwrap().count, 0);
    fx.as_person(fx.rep);
    assert!(matches!(
        fx.store.payment_target_save("7"),
        Err(CoreError::NotAllowed(_))
    ));
}

#[test]
fn new_forums_say_14_days_in_their_payment_terms() {
    let fx = fixture("2026-06-01");
    assert_eq!(
        fx.store.forum_get().unwrap().payment_terms,
        "Please pay within 14 days of receiving this claim."
    );
}

// ---------- Carer's Allowance ----------

/// NHS time pays £884.00 an hour from 6 April 2026 (£849.33 before): one hour is a month
/// exactly at the weekly limit (£204, or £196 before). Council time pays £0.60 an hour, so
/// one minute is one penny.
fn ca_fixture(today: &str) -> Fx {
    let mut fx = fixture(today);
    fx.as_person(fx.chair);
    for (funder, from, hourly) in [
        (fx.nhs, "2025-04-07", "849.33"),
        (fx.nhs, "2026-04-06", "884.00"),
        (fx.council, "2025-04-07", "0.60"),
    ] {
        fx.store
            .policy_save(&funder_policy(funder, from, hourly))
            .unwrap();
    }
    fx.as_person(fx.rep);
    fx.store.carers_allowance_set(fx.rep, true).unwrap();
    fx
}

#[test]
fn the_carers_allowance_flag_is_private_to_the_rep_and_the_officers() {
    let mut fx = fixture("2026-06-01");
    fx.as_person(fx.rep);
    assert!(!fx.store.carers_allowance_get(fx.rep).unwrap());
    assert!(fx.store.carers_allowance_set(fx.rep, true).unwrap());
    fx.as_person(fx.rep2);
    assert!(matches!(
        fx.store.carers_allowance_get(fx.rep),
        Err(CoreError::NotAllowed(_))
    ));
    assert!(matches!(
        fx.store.carers_allowance_set(fx.rep, false),
        Err(CoreError::NotAllowed(_))
    ));
    assert!(matches!(
        fx.store.rep_statement(fx.rep, 2026),
        Err(CoreError::NotAllowed(_))
    ));
    fx.as_person(fx.treasurer);
    assert!(fx.store.carers_allowance_get(fx.rep).unwrap());
    // The audit log never says which way.
    let detail: String = fx
        .store
        .connection()
        .query_row(
            "SELECT action || detail FROM audit_log WHERE entity = 'rep' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!detail.to_lowercase().contains("carer"), "{detail}");
}

#[test]
fn at_the_limit_is_fine_and_one_penny_over_warns_before_submitting() {
    let mut fx = ca_fixture("2026-06-20");
    // May 2026, limit £204: £884.00 averages exactly £204.00 a week.
    let nhs = fx.claim(fx.rep, fx.nhs, "2026-05");
    assert_eq!(
        fx.add(nhs, &time_line("2026-05-05", "60")).amount_pence,
        88_400
    );
    assert_eq!(fx.store.claim_get(nhs).unwrap().earnings_warning, None);
    fx.store.claim_submit(nhs, true).unwrap();
    // A penny more, in another funder's claim for the same month, goes over.
    let council = fx.claim(fx.rep, fx.council, "2026-05");
    assert_eq!(
        fx.add(council, &time_line("2026-05-06", "1")).amount_pence,
        1
    );
    let warning = fx
        .store
        .claim_get(council)
        .unwrap()
        .earnings_warning
        .unwrap();
    for words in [
        "May 2026",
        "£884.01",
        "£204.00",
        "even a penny can stop the whole of your Carer's Allowance for that week",
        "Some expenses can be taken off",
        "Carer's Allowance Unit",
        "does not give advice",
    ] {
        assert!(warning.contains(words), "{words:?} not in {warning}");
    }
    // A warning to acknowledge, never a refusal.
    expect_invalid(
        fx.store.claim_submit(council, true),
        "earnings_warning_seen",
    );
    let view = fx
        .store
        .claim_submit_acknowledged(council, true, true)
        .unwrap();
    assert_eq!(view.summary.status, "submitted");
    // Expenses are not earnings: an expense in the month adds nothing.
    let other_rep = fx.claim(fx.rep2, fx.council, "2026-05");
    fx.add(other_rep, &time_line("2026-05-06", "1"));
    assert_eq!(
        fx.store.claim_get(other_rep).unwrap().earnings_warning,
        None
    );
}

#[test]
fn the_limit_follows_the_tax_year() {
    let mut fx = ca_fixture("2026-05-20");
    // March 2026, limit £196: £849.33 is under (£195.99... a week), £849.34 over.
    let nhs = fx.claim(fx.rep, fx.nhs, "2026-03");
    assert_eq!(
        fx.add(nhs, &time_line("2026-03-05", "60")).amount_pence,
        84_933
    );
    fx.submit_and_approve(nhs);
    fx.as_person(fx.rep);
    let months = fx
        .store
        .earnings_months(fx.rep, "2026-03", "2026-04")
        .unwrap();
    assert_eq!(months[0].weekly_limit_pence, Some(19_600));
    assert!(!months[0].over_limit);
    // April 2026 ends in the new tax year: £204.
    assert_eq!(months[1].weekly_limit_pence, Some(20_400));
    let council = fx.claim(fx.rep, fx.council, "2026-03");
    fx.add(council, &time_line("2026-03-06", "1"));
    assert!(fx
        .store
        .claim_get(council)
        .unwrap()
        .earnings_warning
        .is_some());
    // The same £849.34 in April 2026 is under the new limit.
    fx.store
        .line_delete(fx.store.claim_get(council).unwrap().lines[0].id)
        .unwrap();
    let apr = fx.claim(fx.rep, fx.nhs, "2026-04");
    let line = fx.add(apr, &time_line("2026-04-06", "60"));
    assert_eq!(line.amount_pence, 88_400);
    assert_eq!(fx.store.claim_get(apr).unwrap().earnings_warning, None);
}

#[test]
fn payments_count_in_the_month_they_are_paid() {
    let mut fx = ca_fixture("2026-06-20");
    let may = fx.claim(fx.rep, fx.nhs, "2026-05");
    fx.add(may, &time_line("2026-05-05", "60"));
    fx.submit_and_approve(may);
    fx.as_person(fx.rep);
    let before = fx
        .store
        .earnings_months(fx.rep, "2026-05", "2026-06")
        .unwrap();
    assert_eq!(
        (before[0].recognition_pence, before[1].recognition_pence),
        (88_400, 0)
    );
    fx.as_person(fx.treasurer);
    fx.store
        .claim_mark_paid(may, "02/06/2026", "BACS 7", "")
        .unwrap();
    let after = fx
        .store
        .earnings_months(fx.rep, "2026-05", "2026-06")
        .unwrap();
    assert_eq!(
        (after[0].recognition_pence, after[1].recognition_pence),
        (0, 88_400)
    );
}

#[test]
fn the_statement_keeps_earnings_apart_from_expenses_by_month() {
    let mut fx = ca_fixture("2026-07-20");
    // May: £884.01 of time (over the limit) and £12.34 of expenses, paid in June.
    let may = fx.claim(fx.rep, fx.nhs, "2026-05");
    fx.add(may, &time_line("2026-05-05", "60"));
    fx.add(may, &other_line("2026-05-05", "12.34"));
    fx.submit_and_approve(may);
    let may_c = fx.claim(fx.rep, fx.council, "2026-05");
    fx.add(may_c, &time_line("2026-05-06", "1"));
    fx.as_person(fx.rep);
    fx.store
        .claim_submit_acknowledged(may_c, true, true)
        .unwrap();
    fx.as_person(fx.treasurer);
    fx.store.claim_approve(may_c, true, "").unwrap();
    fx.store
        .claim_mark_paid(may, "03/06/2026", "BACS 9", "")
        .unwrap();
    // A draft never counts; a March 2026 claim is in the tax year before.
    let jul = fx.claim(fx.rep, fx.council, "2026-07");
    fx.add(jul, &time_line("2026-07-06", "600"));
    let s = fx.store.rep_statement(fx.rep, 2026).unwrap();
    let months: Vec<(&str, i64, i64, i64)> = s
        .months
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.recognition_pence,
                m.expenses_pence,
                m.unpaid_pence,
            )
        })
        .collect();
    assert_eq!(
        months,
        vec![("2026-05", 1, 0, 1), ("2026-06", 88_400, 1_234, 0)]
    );
    assert_eq!(
        (s.recognition_pence, s.expenses_pence, s.unpaid_pence),
        (88_401, 1_234, 1)
    );
    assert_eq!(s.weekly_average_pence, 1_700); // £884.01 ÷ 52 = £17.0002
                                               // Paid in June, so June (£884.00) is exactly at the limit and May (1p) is far under.
    assert!(s.carers_allowance);
    assert!(s.over_limit.is_empty());
    fx.as_person(fx.treasurer);
    assert!(fx
        .store
        .rep_statement(fx.rep2, 2026)
        .unwrap()
        .months
        .is_empty());
    expect_invalid(fx.store.rep_statement(fx.rep, 26), "tax_year");
}
