//! "You said, we did" and the issues and themes log.

mod common;

use common::*;
use forumdesk_core::model::{IssueInput, MeetingInput, MeetingItemInput, OutcomeInput};

fn issue(theme: &str, families: &str, on: &str) -> IssueInput {
    IssueInput {
        theme: theme.into(),
        service: "Education".into(),
        families: families.into(),
        raised_on: on.into(),
        ..Default::default()
    }
}

#[test]
fn the_issues_log_keeps_numbers_only_and_ranks_themes_by_families() {
    let mut fx = fixture("2026-10-01");
    let bad = fx
        .store
        .issue_save(&IssueInput {
            theme: " ".into(),
            families: "0".into(),
            raised_on: "13/13/2026".into(),
            group_id: Some(999),
            ..Default::default()
        })
        .unwrap_err();
    let fields: Vec<String> = bad.fields().into_iter().map(|f| f.field).collect();
    for f in ["theme", "families", "raised_on", "group_id"] {
        assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
    }
    fx.store
        .issue_save(&issue("EHCP delays", "12", "2026-05-01"))
        .unwrap();
    fx.store
        .issue_save(&issue("ehcp delays", "5", "2026-06-01"))
        .unwrap();
    fx.store
        .issue_save(&issue("Transport", "14", "2026-06-02"))
        .unwrap();
    fx.store
        .issue_save(&issue("CAMHS waiting times", "3", "2025-06-02"))
        .unwrap();
    let themes = fx.store.issue_themes("2026-04-01", "2027-03-31").unwrap();
    let got: Vec<(&str, i64, i64)> = themes
        .iter()
        .map(|t| (t.theme.as_str(), t.entries, t.families))
        .collect();
    assert_eq!(got, [("EHCP delays", 2, 17), ("Transport", 1, 14)]);
    assert_eq!(fx.store.issues_list("", "").unwrap().len(), 4);
    fx.as_person(fx.rep);
    expect_code(
        fx.store.issue_save(&issue("Transport", "1", "2026-06-02")),
        "not_allowed",
    );
}

#[test]
fn a_decision_in_a_meetings_notes_is_followed_up_in_one_step() {
    let mut fx = fixture("2026-10-01");
    let meeting = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: fx.board,
            title: "Board".into(),
            starts_at: "2026-09-20T10:00".into(),
            ends_at: "2026-09-20T11:00".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let m = fx
        .store
        .decision_save(&MeetingItemInput {
            meeting_id: meeting,
            text: "Publish EHCP waiting times monthly".into(),
            ..Default::default()
        })
        .unwrap();
    let decision = m.decisions[0].id;
    let o = fx.store.outcome_from_decision(decision).unwrap();
    assert_eq!(o.said, "Publish EHCP waiting times monthly");
    assert_eq!(o.said_on, "2026-09-20");
    assert_eq!(o.source, "meeting");
    assert_eq!(o.source_text, "SEND Partnership Board, 20/09/2026");
    assert_eq!(o.meeting_id, Some(meeting));
    // Again: the same entry, not a second one.
    assert_eq!(fx.store.outcome_from_decision(decision).unwrap().id, o.id);
    assert_eq!(fx.store.outcomes_list("", "").unwrap().len(), 1);
    // Then what changed and when families were told.
    let done = fx
        .store
        .outcome_save(&OutcomeInput {
            id: Some(o.id),
            said: o.said.clone(),
            said_on: o.said_on.clone(),
            source: "meeting".into(),
            meeting_id: Some(meeting),
            changed: true,
            we_did: "Waiting times are on the Local Offer each month.".into(),
            decided_by: "SEND Partnership Board".into(),
            told_on: "05/10/2026".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(done.changed);
    assert_eq!(done.told_on.as_deref(), Some("2026-10-05"));
    assert_eq!(
        done.decision_id,
        Some(decision),
        "still follows the decision"
    );

    // A confidential decision is never put in a log shared with families.
    let m = fx
        .store
        .decision_save(&MeetingItemInput {
            meeting_id: meeting,
            text: "Staffing matter".into(),
            confidential: true,
            ..Default::default()
        })
        .unwrap();
    let secret = m.decisions.iter().find(|d| d.confidential).unwrap().id;
    let msg = expect_invalid(fx.store.outcome_from_decision(secret), "decision_id");
    assert!(msg.contains("confidential"), "{msg}");
    assert_eq!(fx.store.outcomes_list("", "").unwrap().len(), 1);
}

#[test]
fn each_source_needs_what_it_names_and_a_change_needs_saying() {
    let mut fx = fixture("2026-10-01");
    for (source, field) in [
        ("meeting", "meeting_id"),
        ("project", "project_id"),
        ("issues_log", "issue_id"),
        ("survey", "source_detail"),
    ] {
        let e = fx
            .store
            .outcome_save(&OutcomeInput {
                said: "More evening meetings".into(),
                said_on: "2026-09-01".into(),
                source: source.into(),
                ..Default::default()
            })
            .unwrap_err();
        assert!(
            e.fields().iter().any(|f| f.field == field),
            "{source}: {e:?}"
        );
    }
    let e = fx
        .store
        .outcome_save(&OutcomeInput {
            said: "More evening meetings".into(),
            said_on: "2026-09-01".into(),
            source: "survey".into(),
            source_detail: "Annual survey 2026".into(),
            changed: true,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("we_did"));
    let i = fx
        .store
        .issue_save(&issue("Transport", "14", "2026-06-02"))
        .unwrap();
    let o = fx
        .store
        .outcome_save(&OutcomeInput {
            said: "Drivers do not know our children".into(),
            said_on: "2026-06-02".into(),
            source: "The issues log".into(),
            issue_id: Some(i.id),
            we_did: "Not changed yet: the contract is renewed in 2027.".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(o.source_text, "Issues log: Transport");
    assert!(!o.changed);
    assert!(fx.store.outcomes_list("2026-07-01", "").unwrap().is_empty());
}

/// The lists take dates as people type them, checked together; an end before the start is
/// refused beside the end date.
#[test]
fn the_logs_are_filtered_by_dates_as_typed() {
    let mut fx = fixture("2026-10-01");
    fx.store
        .issue_save(&issue("Transport", "14", "2026-06-02"))
        .unwrap();
    fx.store
        .issue_save(&issue("EHCP delays", "3", "2026-08-20"))
        .unwrap();
    fx.store
        .outcome_save(&OutcomeInput {
            said: "More evening meetings".into(),
            said_on: "02/06/2026".into(),
            source: "survey".into(),
            source_detail: "Annual survey 2026".into(),
            ..Default::default()
        })
        .unwrap();
    let june = fx.store.issues_list("01/06/2026", "30/06/2026").unwrap();
    assert_eq!(june.len(), 1);
    assert_eq!(june[0].theme, "Transport");
    assert_eq!(
        fx.store.issue_themes("1/8/2026", "").unwrap()[0].theme,
        "EHCP delays"
    );
    assert_eq!(fx.store.outcomes_list("", "2/6/2026").unwrap().len(), 1);
    assert!(fx.store.outcomes_list("03/06/2026", "").unwrap().is_empty());

    let e = fx
        .store
        .issues_list("31/02/2026", "06/13/2026")
        .unwrap_err();
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    assert_eq!(fields, ["from", "to"]);
    let msg = expect_invalid(fx.store.outcomes_list("30/06/2026", "01/06/2026"), "to");
    assert!(msg.contains("before the start"), "{msg}");
    expect_invalid(fx.store.issue_themes("", "yesterday"), "to");
}

/// Everyone signed in may read the logs; only officers write them.
#[test]
fn only_officers_keep_the_logs() {
    let mut fx = fixture("2026-10-01");
    let meeting = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: fx.board,
            title: "Board".into(),
            starts_at: "2026-09-20T10:00".into(),
            ends_at: "2026-09-20T11:00".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let m = fx
        .store
        .decision_save(&MeetingItemInput {
            meeting_id: meeting,
            text: "Publish EHCP waiting times monthly".into(),
            ..Default::default()
        })
        .unwrap();
    let decision = m.decisions[0].id;
    let issue_id = fx
        .store
        .issue_save(&issue("Transport", "14", "2026-06-02"))
        .unwrap()
        .id;
    let followed = fx.store.outcome_from_decision(decision).unwrap();
    let entry = OutcomeInput {
        said: "More evening meetings".into(),
        said_on: "2026-09-01".into(),
        source: "survey".into(),
        source_detail: "Annual survey 2026".into(),
        ..Default::default()
    };

    fx.as_person(fx.rep);
    assert_eq!(fx.store.outcomes_list("", "").unwrap().len(), 1);
    assert_eq!(fx.store.issues_list("", "").unwrap().len(), 1);
    expect_code(fx.store.outcome_save(&entry), "not_allowed");
    expect_code(
        fx.store.outcome_save(&OutcomeInput {
            id: Some(followed.id),
            ..entry.clone()
        }),
        "not_allowed",
    );
    expect_code(fx.store.outcome_from_decision(decision), "not_allowed");
    expect_code(fx.store.outcome_delete(followed.id), "not_allowed");
    expect_code(fx.store.issue_delete(issue_id), "not_allowed");
    expect_code(
        fx.store.issue_save(&IssueInput {
            id: Some(issue_id),
            ..issue("Transport", "99", "2026-06-02")
        }),
        "not_allowed",
    );
    // Nothing changed.
    fx.as_person(fx.chair);
    assert_eq!(fx.store.outcomes_list("", "").unwrap().len(), 1);
    assert_eq!(fx.store.issues_list("", "").unwrap()[0].families, 14);
}

/// The meeting's screen learns which of its decisions are followed up, and a deleted
/// follow-up can be made again.
#[test]
fn a_meetings_follow_ups_are_listed_with_their_decisions() {
    let mut fx = fixture("2026-10-01");
    let meeting = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: fx.board,
            title: "Board".into(),
            starts_at: "2026-09-20T10:00".into(),
            ends_at: "2026-09-20T11:00".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    for text in [
        "Publish EHCP waiting times monthly",
        "Meet in the evening twice a year",
    ] {
        fx.store
            .decision_save(&MeetingItemInput {
                meeting_id: meeting,
                text: text.into(),
                ..Default::default()
            })
            .unwrap();
    }
    let decisions = fx.store.meeting_get(meeting).unwrap().decisions;
    assert!(fx.store.outcomes_of_meeting(meeting).unwrap().is_empty());
    let o = fx.store.outcome_from_decision(decisions[1].id).unwrap();
    let of = fx.store.outcomes_of_meeting(meeting).unwrap();
    assert_eq!(of.len(), 1);
    assert_eq!(of[0].decision_id, Some(decisions[1].id));
    fx.store.outcome_delete(o.id).unwrap();
    assert!(fx.store.outcomes_of_meeting(meeting).unwrap().is_empty());
    let again = fx.store.outcome_from_decision(decisions[1].id).unwrap();
    assert_eq!(again.decision_id, Some(decisions[1].id));
    assert_eq!(fx.store.outcomes_list("", "").unwrap().len(), 1);
}
