//! Meetings run by each group's own terms of reference: standards per group, working days
//! over bank holidays, school terms, agreed exceptions, rotation between named partners,
//! members and guests, departments that count for a partner, joint sign-off, confidential
//! items, and reps ready to sit. The handbook used throughout is the East Sussex SEND
//! Co-production Handbook's appendix B, as typed into the demo.

mod common;

use common::*;
use forumdesk_core::model::{
    BankHolidayInput, GroupInput, GroupOrg, LineInput, MeetingExceptionInput, MeetingFilter,
    MeetingInput, MeetingItemInput, MeetingPersonInput, NotesVersion, RepInput, SchoolTermInput,
    SignOffInput, StandardsInput, TrainingRequirementInput,
};
use forumdesk_core::{create_demo, Destination, Store};

fn partner(name: &str, min: i64, rotates: bool, aliases: &[&str]) -> GroupOrg {
    GroupOrg {
        organisation: name.into(),
        min_present: min,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        rotates_chair: rotates,
        rotates_notes: rotates,
        signs_off: false,
    }
}

/// The handbook's group: 4 members, two each from ESCC and ESPCF and one from health; chair
/// and notes rotate between ESPCF and ESCC only.
fn handbook_group(fx: &mut Fx, standards: StandardsInput) -> i64 {
    fx.store
        .group_save(&GroupInput {
            name: "Co-production Group".into(),
            kind: "workstream".into(),
            quorum_total: 4,
            orgs: vec![
                GroupOrg {
                    signs_off: true,
                    ..partner("ESPCF", 2, true, &["Parent Carer Forum"])
                },
                GroupOrg {
                    signs_off: true,
                    ..partner(
                        "ESCC",
                        2,
                        true,
                        &["ESCC Education", "ESCC Children's Social Care"],
                    )
                },
                GroupOrg {
                    signs_off: true,
                    ..partner("NHS Sussex", 1, false, &["Health"])
                },
                partner("Amaze", 0, false, &[]),
            ],
            standards,
            notes_rotation: "other_partner".into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn meeting(fx: &mut Fx, group: i64, starts: &str, ends: &str, notice: &str, papers: &str) -> i64 {
    fx.store
        .meeting_save(&MeetingInput {
            group_id: group,
            title: format!("Meeting on {}", &starts[..10]),
            starts_at: starts.into(),
            ends_at: ends.into(),
            notice_sent_on: notice.into(),
            papers_sent_on: papers.into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn person(fx: &mut Fx, meeting: i64, name: &str, org: &str, membership: &str) -> i64 {
    let m = fx
        .store
        .meeting_person_save(&MeetingPersonInput {
            meeting_id: meeting,
            name: name.into(),
            organisation: org.into(),
            attendance: "attended".into(),
            membership: membership.into(),
            ..Default::default()
        })
        .unwrap();
    m.people.iter().find(|p| p.name == name).unwrap().id
}

fn warnings(fx: &Fx, meeting: i64) -> Vec<String> {
    fx.store.meeting_get(meeting).unwrap().checks.warnings
}

// ---------------------------------------------------------------- standards per group

#[test]
fn a_group_without_its_own_standards_keeps_todays_values() {
    let mut fx = fixture("2026-09-15");
    let g = fx.store.group_get(fx.board).unwrap();
    assert_eq!(g.standards.notice_days, 14);
    assert_eq!(g.standards.papers_days, 7);
    assert_eq!(g.standards.longest_minutes, 90);
    assert_eq!(g.standards.items_working_days, None);
    // 13 days' notice, 6 days' papers, 91 minutes: all three warned about.
    let board_id = fx.board;
    let m = meeting(
        &mut fx,
        board_id,
        "2026-10-20T10:00",
        "2026-10-20T11:31",
        "2026-10-07",
        "2026-10-14",
    );
    let w = warnings(&fx, m);
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        w[0].starts_with("Short notice") && w[0].contains("at least 14 days of notice"),
        "{w:?}"
    );
}

#[test]
fn each_groups_standards_are_its_own() {
    let mut fx = fixture("2026-09-15");
    let g = handbook_group(
        &mut fx,
        StandardsInput {
            notice_days: "10".into(),
            papers_days: "5".into(),
            papers_rule: "working_days".into(),
            longest_minutes: "120".into(),
            ..Default::default()
        },
    );
    // 10 days' notice, papers 5 working days before, two hours: no warnings here...
    let ok = meeting(
        &mut fx,
        g,
        "2026-11-12T10:00",
        "2026-11-12T12:00",
        "2026-11-02",
        "2026-11-05",
    );
    assert!(warnings(&fx, ok).is_empty(), "{:?}", warnings(&fx, ok));
    // ...but the board next to it still has the defaults: 14 days' notice, 90 minutes (its
    // papers, 7 calendar days before, are on time).
    let board_id = fx.board;
    let board = meeting(
        &mut fx,
        board_id,
        "2026-11-12T10:00",
        "2026-11-12T12:00",
        "2026-11-02",
        "2026-11-05",
    );
    let w = warnings(&fx, board);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].starts_with("Short notice") && w[1].starts_with("Long meeting"),
        "{w:?}"
    );
    // A bad value is refused next to its field.
    let e = expect_invalid(
        fx.store.group_save(&GroupInput {
            id: Some(g),
            name: "Co-production Group".into(),
            standards: StandardsInput {
                notice_days: "a fortnight".into(),
                ..Default::default()
            },
            ..Default::default()
        }),
        "notice_days",
    );
    assert!(e.contains("whole number"), "{e}");
}

#[test]
fn papers_in_working_days_skip_the_easter_bank_holiday_weekend() {
    let mut fx = fixture("2026-03-01");
    let g = handbook_group(
        &mut fx,
        StandardsInput {
            papers_rule: "working_days".into(),
            papers_days: "3".into(),
            items_working_days: "3".into(),
            ..Default::default()
        },
    );
    // Tuesday 7 April 2026, after Good Friday (3rd) and Easter Monday (6th): three working
    // days before is Tuesday 31 March.
    let m = meeting(
        &mut fx,
        g,
        "2026-04-07T10:00",
        "2026-04-07T11:00",
        "2026-03-20",
        "2026-03-31",
    );
    let view = fx.store.meeting_get(m).unwrap();
    assert_eq!(view.checks.papers_due_on.as_deref(), Some("2026-03-31"));
    assert_eq!(view.checks.items_due_on.as_deref(), Some("2026-03-31"));
    assert!(
        view.checks.warnings.is_empty(),
        "{:?}",
        view.checks.warnings
    );
    // Papers on Wednesday 1 April are late: only 2 working days before.
    let m2 = meeting(
        &mut fx,
        g,
        "2026-04-07T10:00",
        "2026-04-07T11:00",
        "2026-03-20",
        "2026-04-01",
    );
    let w = warnings(&fx, m2);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("2 working days before the meeting") && w[0].contains("by 31/03/2026"),
        "{w:?}"
    );
    // An agenda item that reached the administrator on 1 April is late too.
    fx.store
        .agenda_item_save(&MeetingItemInput {
            meeting_id: m,
            text: "Short breaks".into(),
            received_on: "01/04/2026".into(),
            ..Default::default()
        })
        .unwrap();
    let w = warnings(&fx, m);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].starts_with("Late agenda item: \u{201c}Short breaks\u{201d} reached the administrator on 01/04/2026"), "{w:?}");

    // The forum can add a bank holiday (a one-off, say): the deadline moves back a day.
    fx.store
        .bank_holiday_save(&BankHolidayInput {
            on_date: "2026-03-31".into(),
            name: "A one-off bank holiday".into(),
        })
        .unwrap();
    let view = fx.store.meeting_get(m).unwrap();
    assert_eq!(view.checks.papers_due_on.as_deref(), Some("2026-03-30"));
    assert!(fx
        .store
        .bank_holidays_list()
        .unwrap()
        .iter()
        .any(|b| b.on_date == "2026-12-28" && b.name.contains("Boxing Day")));
    fx.store.bank_holiday_delete("2026-03-31").unwrap();
    assert_eq!(
        fx.store
            .meeting_get(m)
            .unwrap()
            .checks
            .papers_due_on
            .as_deref(),
        Some("2026-03-31")
    );
}

// ---------------------------------------------------------------- times and school terms

fn autumn_term(fx: &mut Fx) {
    fx.store
        .school_term_save(&SchoolTermInput {
            name: "Autumn term 2026".into(),
            starts_on: "03/09/2026".into(),
            ends_on: "18/12/2026".into(),
            half_term_starts_on: "26/10/2026".into(),
            half_term_ends_on: "30/10/2026".into(),
            ..Default::default()
        })
        .unwrap();
    fx.store
        .school_term_save(&SchoolTermInput {
            name: "Spring term 2027".into(),
            starts_on: "2027-01-04".into(),
            ends_on: "2027-03-25".into(),
            ..Default::default()
        })
        .unwrap();
}

#[test]
fn meetings_in_school_holidays_or_outside_the_groups_times_are_warned_about() {
    let mut fx = fixture("2026-09-01");
    autumn_term(&mut fx);
    let g = handbook_group(
        &mut fx,
        StandardsInput {
            earliest_start: "09:30".into(),
            latest_start: "13:30".into(),
            ..Default::default()
        },
    );
    let good = ("2026-08-20", "2026-08-20");
    let term = meeting(
        &mut fx,
        g,
        "2026-11-11T10:00",
        "2026-11-11T11:30",
        good.0,
        good.1,
    );
    assert!(warnings(&fx, term).is_empty(), "{:?}", warnings(&fx, term));
    let half_term = meeting(
        &mut fx,
        g,
        "2026-10-28T10:00",
        "2026-10-28T11:30",
        good.0,
        good.1,
    );
    assert_eq!(
        warnings(&fx, half_term),
        vec!["In a school holiday: 28/10/2026 is in the Autumn term 2026 half term (26/10/2026 to 30/10/2026), when parent carers' children are off school."]
    );
    let christmas = meeting(
        &mut fx,
        g,
        "2026-12-22T10:00",
        "2026-12-22T11:30",
        good.0,
        good.1,
    );
    assert!(
        warnings(&fx, christmas)[0].contains("between the Autumn term 2026 (ended 18/12/2026) and the Spring term 2027 (starts 04/01/2027)"),
        "{:?}",
        warnings(&fx, christmas)
    );
    let evening = meeting(
        &mut fx,
        g,
        "2026-11-11T18:30",
        "2026-11-11T20:00",
        good.0,
        good.1,
    );
    assert_eq!(
        warnings(&fx, evening),
        vec!["Starts at 18:30: the times that suit parents for this group are starting between 09:30 and 13:30."]
    );
    // A group that does not ask for it is not warned about holidays.
    let board_id = fx.board;
    let board_half_term = meeting(
        &mut fx,
        board_id,
        "2026-10-28T10:00",
        "2026-10-28T11:30",
        good.0,
        good.1,
    );
    assert!(warnings(&fx, board_half_term)
        .iter()
        .any(|w| w.starts_with("In a school holiday")));
    fx.store
        .group_save(&GroupInput {
            id: Some(fx.board),
            name: "SEND Partnership Board".into(),
            quorum_total: 5,
            standards: StandardsInput {
                avoid_school_holidays: false,
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert!(warnings(&fx, board_half_term).is_empty());
}

#[test]
fn school_terms_are_checked_when_entered() {
    let mut fx = fixture("2026-09-01");
    autumn_term(&mut fx);
    let overlap = expect_invalid(
        fx.store.school_term_save(&SchoolTermInput {
            name: "Wrong term".into(),
            starts_on: "2026-12-01".into(),
            ends_on: "2027-01-10".into(),
            ..Default::default()
        }),
        "starts_on",
    );
    assert!(
        overlap.contains("overlap the Autumn term 2026"),
        "{overlap}"
    );
    let outside = expect_invalid(
        fx.store.school_term_save(&SchoolTermInput {
            name: "Summer term 2027".into(),
            starts_on: "2027-04-12".into(),
            ends_on: "2027-07-21".into(),
            half_term_starts_on: "2027-08-01".into(),
            half_term_ends_on: "2027-08-05".into(),
            ..Default::default()
        }),
        "half_term_starts_on",
    );
    assert!(outside.contains("inside the term"), "{outside}");
    expect_invalid(
        fx.store.school_term_save(&SchoolTermInput {
            name: "Summer term 2027".into(),
            starts_on: "2027-04-12".into(),
            ends_on: "2027-07-21".into(),
            half_term_starts_on: "2027-05-31".into(),
            ..Default::default()
        }),
        "half_term_ends_on",
    );
    let terms = fx.store.school_terms_list().unwrap();
    assert_eq!(terms.len(), 2);
    // Changing a term keeps its id; deleting it removes it.
    let spring = terms[1].id;
    let after = fx
        .store
        .school_term_save(&SchoolTermInput {
            id: Some(spring),
            name: "Spring term 2027".into(),
            starts_on: "2027-01-05".into(),
            ends_on: "2027-03-25".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(after[1].starts_on, "2027-01-05");
    assert_eq!(fx.store.school_term_delete(spring).unwrap().len(), 1);
}

// ---------------------------------------------------------------- exceptions

#[test]
fn each_agreed_exception_replaces_its_warning() {
    let mut fx = fixture("2026-11-01");
    fx.as_person(fx.chair);
    let g = handbook_group(&mut fx, StandardsInput::default());
    // 5 days' notice, papers 2 days before, two hours long.
    let m = meeting(
        &mut fx,
        g,
        "2026-11-12T10:00",
        "2026-11-12T12:00",
        "2026-11-07",
        "2026-11-10",
    );
    assert_eq!(warnings(&fx, m).len(), 3);
    let agree = |fx: &mut Fx, kind: &str, reason: &str| {
        fx.store
            .meeting_exception_save(&MeetingExceptionInput {
                meeting_id: m,
                kind: kind.into(),
                reason: reason.into(),
                agreed_by: "Tom Baker (ESCC) and Chris Chair (ESPCF)".into(),
                agreed_on: "2026-11-06".into(),
            })
            .unwrap()
    };
    let v = agree(
        &mut fx,
        "short_notice",
        "The consultation closes before the next meeting.",
    );
    assert_eq!(v.checks.warnings.len(), 2, "{:?}", v.checks.warnings);
    assert!(!v
        .checks
        .warnings
        .iter()
        .any(|w| w.starts_with("Short notice")));
    assert_eq!(
        v.checks.exceptions,
        vec!["Called at short notice because the consultation closes before the next meeting, agreed by Tom Baker (ESCC) and Chris Chair (ESPCF) on 06/11/2026."]
    );
    let v = agree(&mut fx, "late_papers", "the council's figures came late");
    assert!(!v
        .checks
        .warnings
        .iter()
        .any(|w| w.starts_with("Late papers")));
    let v = agree(
        &mut fx,
        "long meeting",
        "the strategy needs a full discussion",
    );
    assert!(v.checks.warnings.is_empty(), "{:?}", v.checks.warnings);
    assert_eq!(v.checks.exceptions.len(), 3);
    assert_eq!(v.exceptions[2].recorded_by_name.as_deref(), Some(CHAIR));
    assert!(v.checks.exceptions[2].starts_with(
        "Allowed to run longer than usual because the strategy needs a full discussion"
    ));

    // Recording the same kind again changes it; removing it brings the warning back.
    let v = agree(&mut fx, "short_notice", "an urgent deadline");
    assert_eq!(v.exceptions.len(), 3);
    let short = v
        .exceptions
        .iter()
        .find(|e| e.kind == "short_notice")
        .unwrap()
        .id;
    let v = fx.store.meeting_exception_delete(short).unwrap();
    assert!(
        v.checks.warnings[0].starts_with("Short notice"),
        "{:?}",
        v.checks.warnings
    );

    // The reason and who agreed are required, the kind must be one of the three.
    for (kind, reason, by, field) in [
        ("short_notice", " ", "the chair", "reason"),
        ("short_notice", "urgent", "", "agreed_by"),
        ("holiday", "urgent", "the chair", "kind"),
    ] {
        expect_invalid(
            fx.store.meeting_exception_save(&MeetingExceptionInput {
                meeting_id: m,
                kind: kind.into(),
                reason: reason.into(),
                agreed_by: by.into(),
                agreed_on: String::new(),
            }),
            field,
        );
    }
    // Finalised notes cannot gain an exception.
    person(&mut fx, m, "F1", "ESPCF", "member");
    fx.store.meeting_finalise(m).unwrap();
    expect_code(
        fx.store.meeting_exception_save(&MeetingExceptionInput {
            meeting_id: m,
            kind: "short_notice".into(),
            reason: "urgent".into(),
            agreed_by: "the chair".into(),
            agreed_on: String::new(),
        }),
        "locked",
    );
}

// ---------------------------------------------------------------- rotation

#[test]
fn rotation_between_two_of_three_partners_follows_who_actually_chaired() {
    let mut fx = fixture("2026-09-01");
    let g = fx
        .store
        .group_save(&GroupInput {
            name: "Three partners".into(),
            orgs: vec![
                partner("Forum", 1, true, &[]),
                partner("Council", 1, true, &["Council Education"]),
                partner("NHS", 1, false, &[]),
            ],
            ..Default::default()
        })
        .unwrap()
        .id;
    let mut chairs = Vec::new();
    let mut takers = Vec::new();
    for (k, day) in ["2026-09-10", "2026-10-08", "2026-11-12", "2026-12-10"]
        .iter()
        .enumerate()
    {
        let id = meeting(
            &mut fx,
            g,
            &format!("{day}T10:00"),
            &format!("{day}T11:00"),
            "",
            "",
        );
        let m = fx.store.meeting_get(id).unwrap();
        chairs.push(m.suggested_chair_org.clone().unwrap());
        takers.push(m.suggested_note_taker_org.clone().unwrap());
        // Record what happened: the suggested partners, except that at the second meeting
        // the NHS stood in as chair (through nobody's turn) and the council's education
        // department took the notes.
        let (chair, notes) = if k == 1 {
            ("NHS".to_string(), "Council Education".to_string())
        } else {
            (
                m.suggested_chair_org.unwrap(),
                m.suggested_note_taker_org.unwrap(),
            )
        };
        fx.store
            .meeting_save(&MeetingInput {
                id: Some(id),
                group_id: g,
                title: m.title.clone(),
                starts_at: m.starts_at.clone(),
                ends_at: m.ends_at.clone(),
                chair_org: chair,
                note_taker_org: notes,
                ..Default::default()
            })
            .unwrap();
    }
    // The NHS never appears; its turn as stand-in chair did not move the rotation on.
    assert_eq!(chairs, vec!["Forum", "Council", "Council", "Forum"]);
    // Notes rotate on their own (the default): Forum, Council, then after "Council
    // Education" (the council) it is the forum's turn again.
    assert_eq!(takers, vec!["Forum", "Council", "Forum", "Council"]);
    // The group's next meeting, once December's is past: after it (chaired by the forum).
    fx.today("2027-01-05");
    let next = fx.store.group_get(g).unwrap().next_turns;
    assert_eq!(next.meeting_id, None);
    assert_eq!(next.chair_org.as_deref(), Some("Council"));

    // Notes can follow the chair instead.
    let mut input = GroupInput {
        id: Some(g),
        name: "Three partners".into(),
        orgs: fx.store.group_get(g).unwrap().orgs,
        notes_rotation: "same_as_chair".into(),
        ..Default::default()
    };
    fx.store.group_save(&input).unwrap();
    let next = fx.store.group_get(g).unwrap().next_turns;
    assert_eq!(next.note_taker_org.as_deref(), Some("Council"));
    input.notes_rotation = "other_partner".into();
    fx.store.group_save(&input).unwrap();
    let next = fx.store.group_get(g).unwrap().next_turns;
    assert_eq!(next.note_taker_org.as_deref(), Some("Forum"));
    expect_invalid(
        fx.store.group_save(&GroupInput {
            notes_rotation: "alphabetical".into(),
            ..input
        }),
        "notes_rotation",
    );
}

#[test]
fn the_next_meeting_is_the_first_one_from_now() {
    let mut fx = fixture("2026-10-01");
    let g = handbook_group(&mut fx, StandardsInput::default());
    let past = meeting(&mut fx, g, "2026-09-10T10:00", "2026-09-10T11:00", "", "");
    let upcoming = meeting(&mut fx, g, "2026-10-08T10:00", "2026-10-08T11:00", "", "");
    meeting(&mut fx, g, "2026-11-12T10:00", "2026-11-12T11:00", "", "");
    let m = fx.store.meeting_get(past).unwrap();
    fx.store
        .meeting_save(&MeetingInput {
            id: Some(past),
            group_id: g,
            title: m.title,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            chair_org: "ESPCF".into(),
            note_taker_org: "ESCC Children's Social Care".into(),
            ..Default::default()
        })
        .unwrap();
    let next = fx.store.group_get(g).unwrap().next_turns;
    assert_eq!(next.meeting_id, Some(upcoming));
    assert_eq!(next.chair_org.as_deref(), Some("ESCC"));
    assert_eq!(next.note_taker_org.as_deref(), Some("ESPCF"));
}

// ---------------------------------------------------------------- members, guests, departments

#[test]
fn only_members_count_and_departments_count_for_their_partner() {
    let mut fx = fixture("2026-09-01");
    let g = handbook_group(&mut fx, StandardsInput::default());
    let m = meeting(&mut fx, g, "2026-10-08T10:00", "2026-10-08T11:00", "", "");
    // The handbook's own names: two council officers from two departments.
    person(&mut fx, m, "Tom Baker", "ESCC Education", "member");
    person(
        &mut fx,
        m,
        "Priya Desai",
        "ESCC Children's Social Care",
        "member",
    );
    person(&mut fx, m, "F1", "ESPCF", "member");
    person(&mut fx, m, "F2", "Parent Carer Forum", "member");
    let guest = person(&mut fx, m, "Dr Sam Okoro", "NHS Sussex", "guest");
    let v = fx.store.meeting_get(m).unwrap();
    assert!(!v.checks.quorate);
    assert_eq!(
        v.checks.quoracy_reason,
        "Not quorate: 0 from NHS Sussex but 1 needed. 4 members present (ESPCF 2 of 2, ESCC 2 of 2, NHS Sussex 0 of 1); 1 guest not counted."
    );
    let tom = v.people.iter().find(|p| p.name == "Tom Baker").unwrap();
    assert_eq!(tom.counts_for.as_deref(), Some("ESCC"));
    assert_eq!(
        v.people.iter().find(|p| p.id == guest).unwrap().membership,
        "guest"
    );
    // The same person as a member makes it quorate.
    fx.store
        .meeting_person_save(&MeetingPersonInput {
            id: Some(guest),
            meeting_id: m,
            name: "Dr Sam Okoro".into(),
            organisation: "Health".into(),
            attendance: "attended".into(),
            membership: "member".into(),
            ..Default::default()
        })
        .unwrap();
    let v = fx.store.meeting_get(m).unwrap();
    assert!(v.checks.quorate, "{}", v.checks.quoracy_reason);
    assert_eq!(
        v.checks.quoracy_reason,
        "Quorate: 5 members present (ESPCF 2 of 2, ESCC 2 of 2, NHS Sussex 1 of 1)."
    );
    assert!(v.checks.quorum_rule.ends_with("Guests do not count."));
    expect_invalid(
        fx.store.meeting_person_save(&MeetingPersonInput {
            meeting_id: m,
            name: "X".into(),
            organisation: "Amaze".into(),
            membership: "observer".into(),
            ..Default::default()
        }),
        "membership",
    );
}

#[test]
fn a_department_belongs_to_one_partner_only() {
    let mut fx = fixture("2026-09-01");
    let e = expect_invalid(
        fx.store.group_save(&GroupInput {
            name: "Muddled".into(),
            orgs: vec![
                partner("ESCC", 2, true, &["Education"]),
                partner("NHS Sussex", 1, false, &["education"]),
            ],
            ..Default::default()
        }),
        "orgs",
    );
    assert!(
        e.contains("cannot count for both ESCC and NHS Sussex"),
        "{e}"
    );
    // A department named like another partner is refused too.
    expect_invalid(
        fx.store.group_save(&GroupInput {
            name: "Muddled".into(),
            orgs: vec![
                partner("ESCC", 2, true, &["NHS Sussex"]),
                partner("NHS Sussex", 1, false, &[]),
            ],
            ..Default::default()
        }),
        "orgs",
    );
    // Saved aliases come back in order, blanks and repeats dropped.
    let g = fx
        .store
        .group_save(&GroupInput {
            name: "Tidy".into(),
            orgs: vec![partner(
                "ESCC",
                2,
                true,
                &["ESCC Education", " ", "escc education", "ESCC SEND"],
            )],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(g.orgs[0].aliases, vec!["ESCC Education", "ESCC SEND"]);
}

// ---------------------------------------------------------------- sign-off and notes

#[test]
fn notes_are_sent_then_signed_off_by_each_named_partner() {
    let mut fx = fixture("2026-10-01");
    fx.as_person(fx.chair);
    let g = handbook_group(&mut fx, StandardsInput::default());
    let m = meeting(&mut fx, g, "2026-10-08T10:00", "2026-10-08T11:00", "", "");
    person(&mut fx, m, "F1", "ESPCF", "member");
    fx.today("2026-10-12");
    let v = fx.store.meeting_get(m).unwrap();
    assert_eq!(
        v.signoffs
            .iter()
            .map(|s| s.organisation.as_str())
            .collect::<Vec<_>>(),
        vec!["ESPCF", "ESCC", "NHS Sussex"]
    );
    assert!(!v.signed_off);
    let sign = |fx: &mut Fx, org: &str, on: &str| {
        fx.store.meeting_signoff_save(&SignOffInput {
            meeting_id: m,
            organisation: org.into(),
            agreed_by: format!("Someone from {org}"),
            agreed_on: on.into(),
        })
    };
    // Not before the notes are finalised.
    expect_invalid(sign(&mut fx, "ESCC", "2026-10-11"), "organisation");
    fx.store.meeting_finalise(m).unwrap();
    // Sent: not before the meeting, not in the future.
    expect_invalid(
        fx.store.meeting_notes_sent(m, "2026-10-07"),
        "notes_sent_on",
    );
    expect_invalid(
        fx.store.meeting_notes_sent(m, "2026-10-13"),
        "notes_sent_on",
    );
    fx.store.meeting_notes_sent(m, "2026-10-09").unwrap();
    // Agreed: not before they were sent, only by a partner that signs off (a department
    // counts as its partner).
    let e = expect_invalid(sign(&mut fx, "ESCC", "2026-10-08"), "agreed_on");
    assert!(e.contains("sent on 09/10/2026"), "{e}");
    let e = expect_invalid(sign(&mut fx, "Amaze", "2026-10-10"), "organisation");
    assert!(e.contains("ESPCF, ESCC or NHS Sussex"), "{e}");
    sign(&mut fx, "ESCC Education", "2026-10-10").unwrap();
    sign(&mut fx, "ESPCF", "2026-10-10").unwrap();
    let v = sign(&mut fx, "Health", "2026-10-11").unwrap();
    assert!(v.signed_off);
    let escc = v
        .signoffs
        .iter()
        .find(|s| s.organisation == "ESCC")
        .unwrap();
    assert_eq!(
        escc.agreed_by.as_deref(),
        Some("Someone from ESCC Education")
    );
    assert_eq!(escc.agreed_on.as_deref(), Some("2026-10-10"));
    let v = fx.store.meeting_signoff_delete(m, "escc").unwrap();
    assert!(!v.signed_off);
    assert_eq!(v.notes_sent_on.as_deref(), Some("2026-10-09"));
}

#[test]
fn shareable_notes_leave_confidential_items_out_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut fx = fixture("2026-10-01");
    fx.store.set_exports_dir(dir.path().join("exports"));
    fx.as_person(fx.chair);
    let g = handbook_group(&mut fx, StandardsInput::default());
    let m = meeting(
        &mut fx,
        g,
        "2026-10-08T10:00",
        "2026-10-08T11:00",
        "2026-09-20",
        "2026-09-30",
    );
    person(&mut fx, m, "Fiona Forum", "ESPCF", "member");
    person(&mut fx, m, "Dr Sam Okoro", "NHS Sussex", "guest");
    for (text, confidential) in [
        ("Local offer update", false),
        ("Casework team restructure", true),
    ] {
        fx.store
            .agenda_item_save(&MeetingItemInput {
                meeting_id: m,
                text: text.into(),
                who: "Tom Baker".into(),
                confidential,
                ..Default::default()
            })
            .unwrap();
    }
    for (text, confidential) in [
        ("Publish the local offer pages", false),
        ("Interim manager named", true),
    ] {
        fx.store
            .decision_save(&MeetingItemInput {
                meeting_id: m,
                text: text.into(),
                confidential,
                ..Default::default()
            })
            .unwrap();
    }
    fx.store
        .meeting_exception_save(&MeetingExceptionInput {
            meeting_id: m,
            kind: "short_notice".into(),
            reason: "the DfE deadline".into(),
            agreed_by: "the chair".into(),
            agreed_on: String::new(),
        })
        .unwrap();
    fx.today("2026-10-12");
    fx.store.meeting_finalise(m).unwrap();
    fx.store.meeting_notes_sent(m, "2026-10-09").unwrap();
    fx.store
        .meeting_signoff_save(&SignOffInput {
            meeting_id: m,
            organisation: "ESCC".into(),
            agreed_by: "Tom Baker".into(),
            agreed_on: "2026-10-10".into(),
        })
        .unwrap();

    let full = fx
        .store
        .export_meeting_notes(m, NotesVersion::Full, &Destination::ExportsFolder)
        .unwrap();
    let share = fx
        .store
        .export_meeting_notes(m, NotesVersion::Shareable, &Destination::ExportsFolder)
        .unwrap();
    assert!(full.path.ends_with("-full.pdf"), "{}", full.path);
    assert!(share.path.ends_with("-shareable.pdf"), "{}", share.path);
    let text =
        |p: &str| forumdesk_test_support::pdftotext(std::path::Path::new(p)).replace('\n', " ");
    let (full_text, share_text) = (text(&full.path), text(&share.path));

    assert!(
        full_text.contains("Full notes — includes confidential items"),
        "{full_text}"
    );
    assert!(!full_text.contains("Shareable notes"), "{full_text}");
    assert!(
        full_text.contains("Confidential: Casework team restructure"),
        "{full_text}"
    );
    assert!(
        full_text.contains("Confidential: Interim manager named"),
        "{full_text}"
    );

    assert!(
        share_text.contains("Shareable notes — confidential items removed"),
        "{share_text}"
    );
    assert!(
        !share_text.contains("Full notes — includes"),
        "{share_text}"
    );
    assert!(
        !share_text.contains("Casework team restructure"),
        "{share_text}"
    );
    assert!(
        !share_text.contains("Interim manager named"),
        "{share_text}"
    );
    assert!(
        share_text.contains("Confidential item, left out of the shareable notes"),
        "{share_text}"
    );
    for t in [&full_text, &share_text] {
        assert!(
            t.contains("Local offer update") && t.contains("Publish the local offer pages"),
            "{t}"
        );
        // Guests on their own; the agreed exception instead of a warning; sent and signed off.
        assert!(
            t.contains("Guests (1)") && t.contains("Dr Sam Okoro (NHS Sussex)"),
            "{t}"
        );
        assert!(
            t.contains("Called at short notice because the DfE deadline, agreed by the chair."),
            "{t}"
        );
        assert!(!t.contains("Warning: Short notice"), "{t}");
        assert!(t.contains("Notes sent 09/10/2026"), "{t}");
        assert!(t.contains("ESCC: agreed by Tom Baker on 10/10/2026"), "{t}");
        assert!(t.contains("NHS Sussex: not yet agreed"), "{t}");
    }
    // Both are signed.
    for p in [&full.path, &share.path] {
        let report = forumdesk_test_support::pdfsig(std::path::Path::new(p));
        assert!(report.contains("Signature is Valid."), "{report}");
    }
}

// ---------------------------------------------------------------- reps ready to sit

#[test]
fn reps_lacking_what_the_group_requires_are_warned_about() {
    let mut fx = fixture("2026-11-01");
    fx.as_person(fx.chair);
    let g = fx
        .store
        .group_save(&GroupInput {
            name: "Needs training".into(),
            funder_id: Some(fx.council),
            orgs: vec![partner("Parent Carer Forum", 1, true, &[])],
            requires_confidentiality: true,
            training: vec![
                TrainingRequirementInput {
                    course: "Safeguarding".into(),
                    valid_months: "24".into(),
                },
                TrainingRequirementInput {
                    course: "Strategic participation".into(),
                    valid_months: String::new(),
                },
            ],
            ..Default::default()
        })
        .unwrap()
        .id;
    // Rita: on the group, no agreement, Safeguarding done 23 months ago (runs out in a month),
    // no strategic participation course.
    fx.store
        .rep_save(&RepInput {
            member_id: fx.rep,
            is_rep: true,
            started_on: "2025-01-01".into(),
            vehicle: "car".into(),
            active: true,
            group_ids: vec![g],
            ..Default::default()
        })
        .unwrap();
    fx.store
        .training_add(fx.rep, "safeguarding", "2024-12-01")
        .unwrap();
    let all = fx.store.reps_readiness().unwrap();
    let rita = all.iter().find(|r| r.member_id == fx.rep).unwrap();
    let kinds: Vec<&str> = rita.gaps.iter().map(|g| g.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "expiring_training",
            "missing_training",
            "no_confidentiality"
        ]
    );
    assert_eq!(
        rita.gaps[0].message,
        "Rita Rep\u{2019}s Safeguarding runs out on 01/12/2026 (Needs training asks for it to be renewed every 24 months)."
    );
    // Others on no such group lack nothing.
    assert!(all
        .iter()
        .find(|r| r.member_id == fx.rep2)
        .unwrap()
        .gaps
        .is_empty());

    // At a meeting: inviting the group warns about what she lacks on the day (not about
    // training that runs out later).
    let m = meeting(
        &mut fx,
        g,
        "2026-11-12T10:00",
        "2026-11-12T11:00",
        "2026-10-20",
        "2026-11-02",
    );
    let v = fx.store.meeting_invite_group(m).unwrap();
    assert_eq!(
        v.readiness_warnings,
        vec![
            "Rita Rep has not done Strategic participation, which Needs training requires.",
            "Rita Rep has not signed the confidentiality agreement, which Needs training requires."
        ]
    );
    // On approving her claim for that meeting, the approver sees the same.
    fx.today("2026-12-05");
    let claim = fx.claim(fx.rep, fx.council, "2026-11");
    fx.store
        .line_add(
            claim,
            &LineInput {
                line_date: "2026-11-12".into(),
                kind: "time".into(),
                meeting_id: Some(m),
                minutes: "60".into(),
                ..Default::default()
            },
        )
        .unwrap();
    fx.store.claim_submit(claim, true).unwrap();
    fx.as_person(fx.treasurer);
    let view = fx.store.claim_get(claim).unwrap();
    assert_eq!(
        view.readiness_warnings.len(),
        2,
        "{:?}",
        view.readiness_warnings
    );
    assert!(view.readiness_warnings[0].starts_with("At the Needs training meeting on 12/11/2026: Rita Rep has not done Strategic participation"));

    // Once she has done it and signed, the warnings go; the Safeguarding course has now run
    // out (1 December) and says so.
    fx.as_person(fx.chair);
    fx.store
        .training_add(fx.rep, "Strategic participation", "2026-11-20")
        .unwrap();
    fx.store
        .rep_save(&RepInput {
            member_id: fx.rep,
            is_rep: true,
            started_on: "2025-01-01".into(),
            confidentiality_signed_on: "2026-11-20".into(),
            vehicle: "car".into(),
            active: true,
            group_ids: vec![g],
            ..Default::default()
        })
        .unwrap();
    let rita = fx
        .store
        .reps_readiness()
        .unwrap()
        .into_iter()
        .find(|r| r.member_id == fx.rep)
        .unwrap();
    assert_eq!(rita.gaps.len(), 1, "{:?}", rita.gaps);
    assert_eq!(rita.gaps[0].kind, "expired_training");
    assert!(rita.gaps[0].message.contains("ran out on 01/12/2026"));
    // The meeting on 12 November still shows what she lacked that day.
    assert_eq!(fx.store.meeting_get(m).unwrap().readiness_warnings.len(), 2);
    // A bad renewal period is refused.
    expect_invalid(
        fx.store.group_save(&GroupInput {
            id: Some(g),
            name: "Needs training".into(),
            training: vec![TrainingRequirementInput {
                course: "Safeguarding".into(),
                valid_months: "two years".into(),
            }],
            ..Default::default()
        }),
        "training",
    );
}

// ---------------------------------------------------------------- the demo's handbook group

#[test]
fn the_demo_group_follows_the_handbooks_terms_of_reference() {
    let mut store = Store::open_in_memory().unwrap();
    create_demo(&mut store, d("2026-11-25")).unwrap();
    store.set_clock(forumdesk_core::Clock::at(d("2026-11-25")));
    let g = store.group_by_name("Co-production Group").unwrap();
    assert_eq!(
        g.quorum_rule,
        "At least 4 members, including at least 2 from ESPCF, at least 2 from ESCC and at least 1 from NHS Sussex. Guests do not count."
    );
    let rotating: Vec<&str> = g
        .orgs
        .iter()
        .filter(|o| o.rotates_chair)
        .map(|o| o.organisation.as_str())
        .collect();
    assert_eq!(rotating, vec!["ESPCF", "ESCC"]);
    assert!(g.standards_text.contains(
        &"Agenda items and their papers to the administrator at least 3 working days before."
            .to_string()
    ));

    let mut meetings = store
        .meetings_list(&MeetingFilter {
            group_id: Some(g.id),
            ..Default::default()
        })
        .unwrap();
    meetings.reverse();
    assert_eq!(meetings.len(), 4);
    let view: Vec<_> = meetings
        .iter()
        .map(|m| store.meeting_get(m.id).unwrap())
        .collect();

    // September: two council officers from two departments count for ESCC; the guest from
    // NHS Sussex does not count.
    let first = &view[0];
    assert!(first.checks.quorate);
    assert_eq!(
        first.checks.quoracy_reason,
        "Quorate: 6 members present (ESPCF 3 of 2, ESCC 2 of 2, NHS Sussex 1 of 1); 1 guest not counted."
    );
    assert!(
        first.checks.warnings.is_empty(),
        "{:?}",
        first.checks.warnings
    );
    // The rep who has not signed the agreement and whose course ran out is flagged.
    assert!(
        first
            .readiness_warnings
            .iter()
            .any(|w| w.contains("Amara Okafor has not signed")),
        "{:?}",
        first.readiness_warnings
    );

    // October: the urgent meeting at short notice, agreed.
    let urgent = &view[1];
    assert!(urgent.title.contains("urgent"));
    assert!(
        urgent.checks.warnings.is_empty(),
        "{:?}",
        urgent.checks.warnings
    );
    assert!(
        urgent.checks.exceptions[0].starts_with(
            "Called at short notice because the Department for Education's consultation"
        ),
        "{:?}",
        urgent.checks.exceptions
    );
    assert!(urgent.signed_off);

    // The October half term: warned about, and parents could not come.
    let holiday = &view[2];
    assert!(
        holiday.starts_at.starts_with("2026-10-28"),
        "{}",
        holiday.starts_at
    );
    assert!(
        holiday.checks.warnings.iter().any(|w| w
            .starts_with("In a school holiday: 28/10/2026 is in the Autumn term 2026 half term")),
        "{:?}",
        holiday.checks.warnings
    );
    assert!(
        holiday
            .checks
            .warnings
            .iter()
            .any(|w| w.starts_with("Late agenda item")),
        "{:?}",
        holiday.checks.warnings
    );
    assert!(!holiday.checks.quorate);
    assert!(
        holiday
            .checks
            .quoracy_reason
            .starts_with("Not quorate: 1 from ESPCF but 2 needed."),
        "{}",
        holiday.checks.quoracy_reason
    );

    // The suggestions over the meetings: chair between ESPCF and ESCC, notes the other one.
    let turns: Vec<(String, String)> = view
        .iter()
        .map(|m| {
            (
                m.suggested_chair_org.clone().unwrap(),
                m.suggested_note_taker_org.clone().unwrap(),
            )
        })
        .collect();
    let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        turns,
        vec![
            pair("ESPCF", "ESCC"),
            pair("ESCC", "ESPCF"),
            pair("ESPCF", "ESCC"),
            pair("ESCC", "ESPCF")
        ]
    );
    assert_eq!(g.next_turns.meeting_id, Some(view[3].id));
    assert_eq!(g.next_turns.chair_org.as_deref(), Some("ESCC"));
    assert_eq!(g.next_turns.note_taker_org.as_deref(), Some("ESPCF"));

    // The treasurer's course runs out within 60 days.
    let readiness = store.reps_readiness().unwrap();
    assert!(readiness
        .iter()
        .any(|r| r.name == "Zoë Clarke" && r.gaps.iter().any(|g| g.kind == "expiring_training")));
}

// ---------------------------------------------------------------- who may change what

/// A rep who is not an officer can read every part of the terms of reference and the
/// meetings, but only the chair or the treasurer can change the group's standards, the bank
/// holidays and school terms, or record exceptions and sign-off.
#[test]
fn only_officers_change_terms_of_reference_exceptions_and_sign_off() {
    let mut fx = fixture("2026-10-12");
    fx.as_person(fx.chair);
    autumn_term(&mut fx);
    let g = handbook_group(&mut fx, StandardsInput::default());
    let m = meeting(
        &mut fx,
        g,
        "2026-10-08T10:00",
        "2026-10-08T11:00",
        "2026-09-30",
        "2026-10-05",
    );
    person(&mut fx, m, "F1", "ESPCF", "member");
    let exception = fx
        .store
        .meeting_exception_save(&MeetingExceptionInput {
            meeting_id: m,
            kind: "short_notice".into(),
            reason: "the DfE deadline".into(),
            agreed_by: "the chair".into(),
            agreed_on: String::new(),
        })
        .unwrap()
        .exceptions[0]
        .id;
    fx.store.meeting_finalise(m).unwrap();
    fx.store.meeting_notes_sent(m, "2026-10-09").unwrap();
    fx.store
        .meeting_signoff_save(&SignOffInput {
            meeting_id: m,
            organisation: "ESCC".into(),
            agreed_by: "Tom Baker".into(),
            agreed_on: "2026-10-10".into(),
        })
        .unwrap();
    let term = fx.store.school_terms_list().unwrap()[0].id;

    let rep = fx.rep;
    fx.as_person(rep);
    // Reading is for anyone signed in.
    assert_eq!(fx.store.group_get(g).unwrap().standards.notice_days, 14);
    let agreed = |v: &forumdesk_core::model::Meeting| -> Vec<String> {
        v.signoffs
            .iter()
            .filter(|s| s.agreed_by.is_some())
            .map(|s| s.organisation.clone())
            .collect()
    };
    assert_eq!(agreed(&fx.store.meeting_get(m).unwrap()), vec!["ESCC"]);
    assert!(!fx.store.bank_holidays_list().unwrap().is_empty());
    assert_eq!(fx.store.school_terms_list().unwrap().len(), 2);
    // Changing is not.
    let refused = |r: Result<(), forumdesk_core::CoreError>| {
        let e = expect_code(r, "not_allowed");
        assert!(e.starts_with("Only the chair or the treasurer can"), "{e}");
    };
    let mut group = fx.store.group_get(g).unwrap();
    refused(
        fx.store
            .group_save(&GroupInput {
                id: Some(g),
                name: group.name.clone(),
                quorum_total: group.quorum_total,
                orgs: std::mem::take(&mut group.orgs),
                standards: StandardsInput {
                    notice_days: "3".into(),
                    ..Default::default()
                },
                ..Default::default()
            })
            .map(drop),
    );
    refused(
        fx.store
            .bank_holiday_save(&BankHolidayInput {
                on_date: "2026-11-02".into(),
                name: "A made-up holiday".into(),
            })
            .map(drop),
    );
    refused(fx.store.bank_holiday_delete("2026-12-25").map(drop));
    refused(
        fx.store
            .school_term_save(&SchoolTermInput {
                name: "Summer term 2027".into(),
                starts_on: "2027-04-12".into(),
                ends_on: "2027-07-21".into(),
                ..Default::default()
            })
            .map(drop),
    );
    refused(fx.store.school_term_delete(term).map(drop));
    refused(
        fx.store
            .meeting_exception_save(&MeetingExceptionInput {
                meeting_id: m,
                kind: "late_papers".into(),
                reason: "late figures".into(),
                agreed_by: "the chair".into(),
                agreed_on: String::new(),
            })
            .map(drop),
    );
    refused(fx.store.meeting_exception_delete(exception).map(drop));
    refused(fx.store.meeting_notes_sent(m, "2026-10-11").map(drop));
    refused(
        fx.store
            .meeting_signoff_save(&SignOffInput {
                meeting_id: m,
                organisation: "NHS Sussex".into(),
                agreed_by: "Dr Sam Okoro".into(),
                agreed_on: "2026-10-11".into(),
            })
            .map(drop),
    );
    refused(fx.store.meeting_signoff_delete(m, "ESCC").map(drop));

    // Nothing changed.
    let after = fx.store.meeting_get(m).unwrap();
    assert_eq!(after.notes_sent_on.as_deref(), Some("2026-10-09"));
    assert_eq!(agreed(&after), vec!["ESCC"]);
    assert_eq!(after.exceptions.len(), 1);
    assert_eq!(fx.store.group_get(g).unwrap().standards.notice_days, 14);
    assert_eq!(fx.store.school_terms_list().unwrap().len(), 2);
    assert!(fx
        .store
        .bank_holidays_list()
        .unwrap()
        .iter()
        .any(|b| b.on_date == "2026-12-25"));
}
