//! Co-production projects: the planning form, monitoring with escalations, feedback and
//! what it adds up to, and the hours and cost of linked meetings and claim lines.

mod common;

use common::*;
use forumdesk_core::model::{FeedbackInput, MeetingInput, MonitoringInput, ProjectInput};

fn plan(name: &str, level: &str) -> ProjectInput {
    ProjectInput {
        name: name.into(),
        lead_contacts: "Ann Lead (Council)".into(),
        aim: "Fewer late EHCPs".into(),
        planned_level: level.into(),
        ..Default::default()
    }
}

fn feedback(project: i64, org: &str, rating: &str, level: &str) -> FeedbackInput {
    FeedbackInput {
        project_id: project,
        given_on: "2026-10-20".into(),
        organisation: org.into(),
        remit_clear: "yes".into(),
        meetings_effective: "partly".into(),
        communication_effective: "no".into(),
        rating: rating.into(),
        reached_level: level.into(),
        ..Default::default()
    }
}

#[test]
fn the_planning_form_checks_every_field_and_keeps_the_plan() {
    let mut fx = fixture("2026-10-01");
    let e = fx
        .store
        .project_save(&ProjectInput {
            name: " ".into(),
            planned_level: "top rung".into(),
            meetings_per_year: "lots".into(),
            started_on: "31/02/2026".into(),
            group_ids: vec![9999],
            ..Default::default()
        })
        .unwrap_err();
    let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
    for f in [
        "name",
        "planned_level",
        "meetings_per_year",
        "started_on",
        "group_ids",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
    }
    assert!(
        fx.store.projects_list().unwrap().is_empty(),
        "nothing saved"
    );

    let p = fx
        .store
        .project_save(&ProjectInput {
            group_ids: vec![fx.board],
            ongoing: true,
            meetings_per_year: "6".into(),
            started_on: "01/09/2026".into(),
            ..plan("EHCP timeliness", "Co-design")
        })
        .unwrap();
    assert_eq!(p.planned_level, "co_design");
    assert_eq!(p.meetings_per_year, Some(6));
    assert_eq!(p.started_on.as_deref(), Some("2026-09-01"));
    assert_eq!(p.groups.len(), 1);
    assert!(p.ongoing);
    // Names are unique whatever their case.
    let msg = expect_invalid(
        fx.store
            .project_save(&plan("ehcp TIMELINESS", "information")),
        "name",
    );
    assert!(msg.contains("already a project"), "{msg}");
    // A rep may read but not plan.
    fx.as_person(fx.rep);
    expect_code(
        fx.store.project_save(&plan("Transport", "engagement")),
        "not_allowed",
    );
    assert_eq!(fx.store.projects_list().unwrap().len(), 1);
}

#[test]
fn an_escalation_stays_on_the_officers_list_until_dealt_with() {
    let mut fx = fixture("2026-10-01");
    let p = fx
        .store
        .project_save(&plan("Transport", "engagement"))
        .unwrap();
    let e = expect_invalid(
        fx.store.monitoring_save(&MonitoringInput {
            project_id: p.id,
            entry_on: "2026-10-01".into(),
            ..Default::default()
        }),
        "going_well",
    );
    assert!(e.contains("at least one"), "{e}");
    fx.store
        .monitoring_save(&MonitoringInput {
            project_id: p.id,
            entry_on: "2026-10-01".into(),
            going_well: "Drivers trained".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(
        fx.store.escalations_open().unwrap().is_empty(),
        "no escalation, nothing shown"
    );
    let p = fx
        .store
        .monitoring_save(&MonitoringInput {
            project_id: p.id,
            entry_on: "2026-10-15".into(),
            escalation: "The council has not named a lead officer".into(),
            ..Default::default()
        })
        .unwrap();
    let open = fx.store.escalations_open().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].project_name, "Transport");
    assert_eq!(fx.store.projects_list().unwrap()[0].open_escalations, 1);
    let entry = open[0].entry_id;
    // Reps are not shown the officers' list.
    fx.as_person(fx.rep);
    assert!(fx.store.escalations_open().unwrap().is_empty());
    expect_code(
        fx.store
            .escalation_resolve(entry, "2026-10-20", "Raised at the board"),
        "not_allowed",
    );
    fx.as_person(fx.chair);
    expect_invalid(
        fx.store.escalation_resolve(entry, "2026-10-20", " "),
        "outcome",
    );
    let other = p
        .monitoring
        .iter()
        .find(|m| m.escalation.is_empty())
        .unwrap()
        .id;
    expect_invalid(
        fx.store.escalation_resolve(other, "2026-10-20", "x"),
        "outcome",
    );
    let p = fx
        .store
        .escalation_resolve(entry, "2026-10-20", "Raised at the board")
        .unwrap();
    assert!(
        fx.store.escalations_open().unwrap().is_empty(),
        "dealt with: off the list"
    );
    let m = p.monitoring.iter().find(|m| m.id == entry).unwrap();
    assert_eq!(m.escalation_dealt_on.as_deref(), Some("2026-10-20"));
    assert_eq!(m.escalation_dealt_by_name.as_deref(), Some(CHAIR));
    expect_code(
        fx.store.escalation_resolve(entry, "2026-10-21", "Again"),
        "locked",
    );
    // Changing what is escalated is a new ask: it is back on the list.
    fx.store
        .monitoring_save(&MonitoringInput {
            id: Some(entry),
            project_id: p.id,
            entry_on: "2026-10-15".into(),
            escalation: "Still no lead officer, and now no budget".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(fx.store.escalations_open().unwrap().len(), 1);
}

#[test]
fn feedback_gives_the_exact_average_the_reached_level_and_answers_by_organisation() {
    let mut fx = fixture("2026-10-01");
    let p = fx
        .store
        .project_save(&plan("EHCP timeliness", "co_production"))
        .unwrap();
    let bad = fx
        .store
        .feedback_save(&FeedbackInput {
            project_id: p.id,
            given_on: "soon".into(),
            rating: "11".into(),
            reached_level: "the top".into(),
            remit_clear: "maybe".into(),
            ..Default::default()
        })
        .unwrap_err();
    let fields: Vec<String> = bad.fields().into_iter().map(|f| f.field).collect();
    for f in [
        "given_on",
        "organisation",
        "rating",
        "reached_level",
        "remit_clear",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
    }
    fx.store
        .feedback_save(&feedback(p.id, "Council", "8", "co_design"))
        .unwrap();
    fx.store
        .feedback_save(&feedback(p.id, "council", "7", "Co-design"))
        .unwrap();
    fx.store
        .feedback_save(&feedback(p.id, "NHS", "7", "engagement"))
        .unwrap();
    let p = fx.store.project_get(p.id).unwrap();
    let s = &p.summary;
    assert_eq!((s.forms, s.rating_sum), (3, 22));
    assert_eq!(s.average_rating.as_deref(), Some("7.3"), "22 / 3 = 7.33…");
    assert_eq!(s.reached_level.map(|l| l.as_str()), Some("co_design"));
    assert_eq!(
        s.against_plan.as_deref(),
        Some("Below the planned level: reached Co-design, planned Co-production")
    );
    let spread: Vec<i64> = s.reached_spread.iter().map(|c| c.count).collect();
    assert_eq!(spread, [0, 0, 1, 2, 0]);
    assert_eq!(s.by_organisation.len(), 2);
    assert_eq!(s.by_organisation[0].forms, 2);
    assert_eq!(s.by_organisation[0].average_rating, "7.5");
    assert_eq!(s.by_organisation[0].meetings_effective.partly, 2);
    let row = &fx.store.projects_list().unwrap()[0];
    assert_eq!(row.average_rating.as_deref(), Some("7.3"));
    assert_eq!(row.feedback_count, 3);
}

#[test]
fn linked_meetings_and_lines_give_hours_and_cost_without_touching_sealed_claims() {
    let mut fx = fixture("2026-11-10");
    fx.policy("2025-01-01", "15.00");
    let p = fx
        .store
        .project_save(&plan("Transport", "engagement"))
        .unwrap();
    let other = fx
        .store
        .project_save(&plan("CAMHS", "consultation"))
        .unwrap();
    let meeting = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: fx.board,
            title: "Transport review".into(),
            starts_at: "2026-10-05T10:00".into(),
            ends_at: "2026-10-05T11:30".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    fx.store.project_link_meeting(meeting, Some(p.id)).unwrap();

    let claim = fx.claim(fx.rep, fx.council, "2026-10");
    // Counts through its meeting.
    let at_meeting = fx.add(
        claim,
        &forumdesk_core::model::LineInput {
            meeting_id: Some(meeting),
            activity: String::new(),
            ..time_line("2026-10-05", "90")
        },
    );
    // Linked directly.
    let prep = fx.add(claim, &time_line("2026-10-04", "60"));
    let bus = fx.add(claim, &amount_line("2026-10-05", "fares", "4.20"));
    // Linked to the other project: never counted twice.
    let elsewhere = fx.add(claim, &time_line("2026-10-06", "30"));
    fx.as_person(fx.chair);
    fx.store.project_link_line(prep.id, Some(p.id)).unwrap();
    fx.store.project_link_line(bus.id, Some(p.id)).unwrap();
    fx.store
        .project_link_line(elsewhere.id, Some(other.id))
        .unwrap();

    // A draft claim counts for nothing yet, but its lines are listed.
    let draft = fx.store.project_get(p.id).unwrap();
    assert_eq!(draft.lines.len(), 3);
    let through = draft
        .lines
        .iter()
        .find(|l| l.line_id == at_meeting.id)
        .unwrap();
    assert!(!through.direct, "counts through its meeting");
    assert_eq!(draft.hours.cost_pence, 0);
    assert_eq!((draft.hours.meetings, draft.hours.meeting_minutes), (1, 90));

    let approved = fx.submit_and_approve(claim);
    let h = fx.store.project_get(p.id).unwrap().hours;
    assert_eq!(h.claimed_minutes, 150);
    // 90 minutes and 60 minutes at £15 an hour, and the bus fare.
    assert_eq!(h.cost_pence, 2250 + 1500 + 420);
    assert_eq!(h.cost_text, "£41.70");
    let total: i64 = approved.lines.iter().map(|l| l.amount_pence).sum();
    assert_eq!(
        total,
        h.cost_pence + fx.store.project_get(other.id).unwrap().hours.cost_pence,
        "every line counted once"
    );

    // Linking and unlinking lines of an approved claim works and changes no seal.
    fx.as_person(fx.chair);
    fx.store.project_link_line(bus.id, None).unwrap();
    assert_eq!(fx.store.project_get(p.id).unwrap().hours.cost_pence, 3750);
    fx.store.project_link_line(bus.id, Some(p.id)).unwrap();
    let check = fx.store.check_records().unwrap();
    assert!(
        check.ok,
        "seals and records still check: {:?}",
        check.problems
    );

    // A reversal in a later claim counts against the project of the line it reverses.
    fx.as_person(fx.rep);
    fx.today("2026-11-15");
    let later = fx
        .store
        .line_reverse(prep.id, "2026-11", "Double-claimed")
        .unwrap();
    let reversal = newest_line(&later);
    fx.as_person(fx.chair);
    let msg = expect_invalid(
        fx.store.project_link_line(reversal.id, Some(other.id)),
        "line_id",
    );
    assert!(msg.contains("reverses"), "{msg}");
    fx.submit_and_approve(later.summary.id);
    let h = fx.store.project_get(p.id).unwrap().hours;
    assert_eq!((h.claimed_minutes, h.cost_pence), (90, 2250 + 420));

    // Linking to a project that does not exist is refused; a rep cannot link.
    expect_code(
        fx.store.project_link_meeting(meeting, Some(9999)),
        "not_found",
    );
    fx.as_person(fx.rep);
    expect_code(fx.store.project_link_line(prep.id, None), "not_allowed");
}

/// The claim screen shows which project each line counts for, by the same precedence as the
/// project's hours: its own link, else the line it corrects, else its meeting. Only whoever
/// may see the claim is told, and only officers link.
#[test]
fn each_line_of_a_claim_says_which_project_it_counts_for_and_how() {
    let mut fx = fixture("2026-11-10");
    fx.policy("2025-01-01", "15.00");
    let p = fx
        .store
        .project_save(&plan("Transport", "engagement"))
        .unwrap();
    let other = fx
        .store
        .project_save(&plan("CAMHS", "consultation"))
        .unwrap();
    let meeting = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: fx.board,
            title: "Transport review".into(),
            starts_at: "2026-10-05T10:00".into(),
            ends_at: "2026-10-05T11:30".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    fx.store.project_link_meeting(meeting, Some(p.id)).unwrap();
    assert_eq!(fx.store.project_of_meeting(meeting).unwrap(), Some(p.id));

    let claim = fx.claim(fx.rep, fx.council, "2026-10");
    let at_meeting = fx.add(
        claim,
        &forumdesk_core::model::LineInput {
            meeting_id: Some(meeting),
            activity: String::new(),
            ..time_line("2026-10-05", "90")
        },
    );
    // At the linked meeting, but linked itself to the other project: its own link wins.
    let moved = fx.add(
        claim,
        &forumdesk_core::model::LineInput {
            meeting_id: Some(meeting),
            activity: String::new(),
            ..time_line("2026-10-05", "15")
        },
    );
    let prep = fx.add(claim, &time_line("2026-10-04", "60"));
    let nothing = fx.add(claim, &time_line("2026-10-07", "20"));
    fx.as_person(fx.chair);
    fx.store.project_link_line(prep.id, Some(p.id)).unwrap();
    fx.store
        .project_link_line(moved.id, Some(other.id))
        .unwrap();

    let shown = |fx: &Fx, claim: i64| -> Vec<(i64, String, String)> {
        fx.store
            .claim_line_projects(claim)
            .unwrap()
            .into_iter()
            .map(|l| (l.line_id, l.project_name, l.via.as_str().to_string()))
            .collect()
    };
    assert_eq!(
        shown(&fx, claim),
        [
            (
                at_meeting.id,
                "Transport".to_string(),
                "meeting".to_string()
            ),
            (moved.id, "CAMHS".to_string(), "line".to_string()),
            (prep.id, "Transport".to_string(), "line".to_string()),
        ]
    );
    assert!(shown(&fx, claim).iter().all(|l| l.0 != nothing.id));

    // The rep sees their own claim's links, but not another rep's, and cannot link.
    fx.as_person(fx.rep);
    assert_eq!(shown(&fx, claim).len(), 3);
    expect_code(
        fx.store.project_link_line(nothing.id, Some(p.id)),
        "not_allowed",
    );
    expect_code(fx.store.project_link_meeting(meeting, None), "not_allowed");
    fx.as_person(fx.rep2);
    expect_code(fx.store.claim_line_projects(claim), "not_allowed");
    fx.as_person(fx.chair);

    // Approved, then corrected in a later claim: the correction counts where the line did.
    fx.submit_and_approve(claim);
    fx.as_person(fx.rep);
    fx.today("2026-11-15");
    let later = fx
        .store
        .line_reverse(prep.id, "2026-11", "Double-claimed")
        .unwrap();
    let reversal = newest_line(&later);
    assert_eq!(
        shown(&fx, later.summary.id),
        [(
            reversal.id,
            "Transport".to_string(),
            "corrected_line".to_string()
        )]
    );
    // Moving the corrected line to the other project moves its correction with it, and
    // the approved claim's seal still checks.
    fx.as_person(fx.chair);
    fx.store.project_link_line(prep.id, Some(other.id)).unwrap();
    assert_eq!(shown(&fx, later.summary.id)[0].1, "CAMHS");
    assert!(fx.store.check_records().unwrap().ok);
}
