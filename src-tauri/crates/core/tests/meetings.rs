//! Meetings: the agreed standards (notice, papers, length), quoracy from who attended,
//! actions carried over, and finalised notes.

mod common;

use common::*;
use forumdesk_core::model::{
    GroupInput, GroupOrg, MeetingInput, MeetingItemInput, MeetingPersonInput,
};
use forumdesk_core::Store;

fn meeting_input(group: i64, title: &str, starts: &str, ends: &str) -> MeetingInput {
    MeetingInput {
        group_id: group,
        title: title.into(),
        starts_at: starts.into(),
        ends_at: ends.into(),
        place: "County Hall".into(),
        ..Default::default()
    }
}

fn new_meeting(store: &mut Store, group: i64, title: &str, starts: &str) -> i64 {
    let ends = format!("{}T11:00", &starts[..10]);
    store
        .meeting_save(&meeting_input(group, title, starts, &ends))
        .unwrap()
        .id
}

fn attend(store: &mut Store, meeting: i64, name: &str, org: &str, attendance: &str) -> i64 {
    let m = store
        .meeting_person_save(&MeetingPersonInput {
            meeting_id: meeting,
            name: name.into(),
            organisation: org.into(),
            attendance: attendance.into(),
            ..Default::default()
        })
        .unwrap();
    m.people.iter().find(|p| p.name == name).unwrap().id
}

fn action(store: &mut Store, meeting: i64, text: &str) -> i64 {
    let m = store
        .action_save(&MeetingItemInput {
            meeting_id: meeting,
            text: text.into(),
            who: "Council".into(),
            ..Default::default()
        })
        .unwrap();
    m.actions.iter().find(|a| a.text == text).unwrap().id
}

// ---------- standards ----------

#[test]
fn short_notice_late_papers_and_long_meetings_are_warned_about() {
    let mut fx = fixture("2026-09-15");
    let m = fx
        .store
        .meeting_save(&MeetingInput {
            notice_sent_on: "2026-09-20".into(), // 11 days before
            papers_sent_on: "2026-09-28".into(), // 3 days before
            ..meeting_input(fx.board, "Board", "2026-10-01T10:00", "2026-10-01T12:00")
        })
        .unwrap();
    let w = &m.checks.warnings;
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(
        w[0].starts_with("Short notice") && w[0].contains("11 days"),
        "{w:?}"
    );
    assert!(
        w[1].starts_with("Late papers") && w[1].contains("3 days"),
        "{w:?}"
    );
    assert!(
        w[2].starts_with("Long meeting") && w[2].contains("2 hours"),
        "{w:?}"
    );
}

#[test]
fn a_meeting_called_to_the_standards_has_no_warnings() {
    let mut fx = fixture("2026-09-15");
    let m = fx
        .store
        .meeting_save(&MeetingInput {
            notice_sent_on: "2026-10-06".into(), // exactly 14 days
            papers_sent_on: "2026-10-13".into(), // exactly 7 days
            ..meeting_input(fx.board, "Board", "2026-10-20T10:00", "2026-10-20T11:30") // exactly 90 minutes
        })
        .unwrap();
    assert!(m.checks.warnings.is_empty(), "{:?}", m.checks.warnings);
    // One more minute is too long.
    let m = fx
        .store
        .meeting_save(&MeetingInput {
            id: Some(m.id),
            notice_sent_on: "2026-10-06".into(),
            papers_sent_on: "2026-10-13".into(),
            ..meeting_input(fx.board, "Board", "2026-10-20T10:00", "2026-10-20T11:31")
        })
        .unwrap();
    assert_eq!(m.checks.warnings.len(), 1, "{:?}", m.checks.warnings);
    assert!(m.checks.warnings[0].contains("1 hour 31 minutes"));
}

#[test]
fn missing_notice_is_only_a_warning_once_it_is_late() {
    let mut fx = fixture("2026-09-15");
    let id = new_meeting(&mut fx.store, fx.board, "Board", "2026-10-20T10:00");
    assert!(fx.store.meeting_get(id).unwrap().checks.warnings.is_empty());
    fx.today("2026-10-10");
    let w = fx.store.meeting_get(id).unwrap().checks.warnings;
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("No notice"), "{w:?}");
}

#[test]
fn meetings_must_end_after_they_start() {
    let mut fx = fixture("2026-09-15");
    expect_invalid(
        fx.store.meeting_save(&meeting_input(
            fx.board,
            "Board",
            "2026-10-20T10:00",
            "2026-10-20T10:00",
        )),
        "ends_at",
    );
    expect_invalid(
        fx.store.meeting_save(&meeting_input(
            fx.board,
            "Board",
            "2026-10-20T10:00",
            "2026-10-21T10:00",
        )),
        "ends_at",
    );
}

// ---------- quoracy ----------

fn quorum_4_group(fx: &mut Fx) -> i64 {
    fx.store
        .group_save(&GroupInput {
            name: "Health Board".into(),
            quorum_total: 4,
            orgs: vec![
                GroupOrg {
                    organisation: "Council".into(),
                    min_present: 2,
                    ..Default::default()
                },
                GroupOrg {
                    organisation: "Forum".into(),
                    min_present: 2,
                    ..Default::default()
                },
                GroupOrg {
                    organisation: "Health".into(),
                    min_present: 1,
                    ..Default::default()
                },
            ],
            ..Default::default()
        })
        .unwrap()
        .id
}

#[test]
fn quoracy_of_4_with_2_council_2_forum_1_health() {
    let mut fx = fixture("2026-09-15");
    let g = quorum_4_group(&mut fx);
    assert_eq!(
        fx.store.group_get(g).unwrap().quorum_rule,
        "At least 4 members, including at least 2 from Council, at least 2 from Forum and at least 1 from Health. Guests do not count."
    );
    let m = new_meeting(&mut fx.store, g, "Health Board", "2026-10-20T10:00");
    attend(&mut fx.store, m, "C1", "Council", "attended");
    attend(&mut fx.store, m, "C2", "council", "attended");
    attend(&mut fx.store, m, "F1", "Forum", "attended");
    let f2 = attend(&mut fx.store, m, "F2", "Forum", "attended");
    let q = fx.store.meeting_get(m).unwrap().checks;
    assert!(!q.quorate, "{}", q.quoracy_reason);
    assert!(
        q.quoracy_reason.contains("0 from Health but 1 needed"),
        "{}",
        q.quoracy_reason
    );
    attend(&mut fx.store, m, "H1", "Health", "attended");
    let q = fx.store.meeting_get(m).unwrap().checks;
    assert!(q.quorate, "{}", q.quoracy_reason);
    assert!(
        q.quoracy_reason.starts_with("Quorate: 5 members present"),
        "{}",
        q.quoracy_reason
    );
    // Only 1 from the forum.
    fx.store
        .meeting_person_save(&MeetingPersonInput {
            id: Some(f2),
            meeting_id: m,
            name: "F2".into(),
            organisation: "Forum".into(),
            attendance: "apologies".into(),
            ..Default::default()
        })
        .unwrap();
    let q = fx.store.meeting_get(m).unwrap().checks;
    assert!(!q.quorate, "{}", q.quoracy_reason);
    assert!(
        q.quoracy_reason.contains("1 from Forum but 2 needed"),
        "{}",
        q.quoracy_reason
    );
}

#[test]
fn quoracy_is_worked_out_from_who_attended() {
    let mut fx = fixture("2026-09-15");
    // The fixture's board: 5 in all, at least 2 council, 2 forum, 1 health.
    let m = new_meeting(&mut fx.store, fx.board, "Board", "2026-10-20T10:00");
    let rule = fx.store.meeting_get(m).unwrap().checks.quorum_rule;
    assert_eq!(
        rule,
        "At least 5 members, including at least 2 from Council, at least 2 from Parent Carer Forum and at least 1 from Health. Guests do not count."
    );
    attend(&mut fx.store, m, "C1", "Council", "attended");
    attend(&mut fx.store, m, "C2", "Council", "attended");
    attend(&mut fx.store, m, "F1", "Parent Carer Forum", "attended");
    attend(&mut fx.store, m, "F2", "parent carer forum", "attended");
    let h = attend(&mut fx.store, m, "H1", "Health", "invited");
    // Invited is not attended.
    let q = fx.store.meeting_get(m).unwrap().checks;
    assert!(!q.quorate);
    assert!(
        q.quoracy_reason.starts_with("Not quorate"),
        "{}",
        q.quoracy_reason
    );
    assert!(
        q.quoracy_reason.contains("4 members present but 5 needed"),
        "{}",
        q.quoracy_reason
    );
    assert!(
        q.quoracy_reason.contains("0 from Health but 1 needed"),
        "{}",
        q.quoracy_reason
    );
    fx.store
        .meeting_person_save(&MeetingPersonInput {
            id: Some(h),
            meeting_id: m,
            name: "H1".into(),
            organisation: "Health".into(),
            attendance: "attended".into(),
            ..Default::default()
        })
        .unwrap();
    let q = fx.store.meeting_get(m).unwrap().checks;
    assert!(q.quorate, "{}", q.quoracy_reason);
    assert!(
        q.quoracy_reason.starts_with(
            "Quorate: 5 members present (Council 2 of 2, Parent Carer Forum 2 of 2, Health 1 of 1)"
        ),
        "{}",
        q.quoracy_reason
    );
    // Extra people from one organisation do not make up for another.
    attend(&mut fx.store, m, "C3", "Council", "attended");
    let c2 = fx
        .store
        .meeting_get(m)
        .unwrap()
        .people
        .iter()
        .find(|p| p.name == "C2")
        .unwrap()
        .id;
    fx.store.meeting_person_delete(c2).unwrap();
    let f2 = fx
        .store
        .meeting_get(m)
        .unwrap()
        .people
        .iter()
        .find(|p| p.name == "F2")
        .unwrap()
        .id;
    fx.store.meeting_person_delete(f2).unwrap();
    attend(&mut fx.store, m, "C4", "Council", "attended");
    let q = fx.store.meeting_get(m).unwrap().checks;
    assert!(!q.quorate, "{}", q.quoracy_reason);
    assert!(
        q.quoracy_reason
            .contains("1 from Parent Carer Forum but 2 needed"),
        "{}",
        q.quoracy_reason
    );
}

// ---------- actions carried over ----------

#[test]
fn open_actions_carry_over_to_later_meetings_of_the_same_group_only() {
    let mut fx = fixture("2026-09-15");
    let other_group = fx
        .store
        .group_save(&GroupInput {
            name: "Transport Workstream".into(),
            kind: "workstream".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let earlier = new_meeting(&mut fx.store, fx.board, "Board (Sept)", "2026-09-20T10:00");
    let first = new_meeting(&mut fx.store, fx.board, "Board (Oct)", "2026-10-01T10:00");
    let a1 = action(&mut fx.store, first, "Send the SEND strategy draft");
    let a2 = action(&mut fx.store, first, "Book the room");
    let later = new_meeting(&mut fx.store, fx.board, "Board (Nov)", "2026-11-01T10:00");
    let elsewhere = new_meeting(&mut fx.store, other_group, "Transport", "2026-11-05T10:00");

    let carried = |s: &Store, id: i64| -> Vec<i64> {
        s.meeting_get(id)
            .unwrap()
            .carried_over
            .iter()
            .map(|a| a.id)
            .collect()
    };
    assert_eq!(carried(&fx.store, later), vec![a1, a2]);
    let later_view = fx.store.meeting_get(later).unwrap();
    assert_eq!(later_view.carried_over[0].meeting_title, "Board (Oct)");
    assert_eq!(later_view.carried_over[0].meeting_date, "2026-10-01");
    assert!(carried(&fx.store, elsewhere).is_empty());
    assert!(carried(&fx.store, earlier).is_empty());
    // An action does not carry over into its own meeting.
    assert!(carried(&fx.store, first).is_empty());

    // Done (recorded at the later meeting) stops it carrying over.
    let view = fx.store.action_set_status(a1, "done", later).unwrap();
    assert_eq!(
        view.carried_over.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![a2]
    );
    fx.store.action_set_status(a2, "dropped", later).unwrap();
    assert!(carried(&fx.store, later).is_empty());
    expect_invalid(fx.store.action_set_status(a2, "finished", later), "status");
}

// ---------- finalised notes ----------

#[test]
fn finalising_needs_attendance_and_locks_the_notes_except_action_progress() {
    let mut fx = fixture("2026-10-02");
    fx.as_person(fx.chair);
    let m = new_meeting(&mut fx.store, fx.board, "Board", "2026-10-01T10:00");
    fx.store
        .agenda_item_save(&MeetingItemInput {
            meeting_id: m,
            text: "Welcome".into(),
            who: "Chair".into(),
            ..Default::default()
        })
        .unwrap();
    let person = attend(&mut fx.store, m, "C1", "Council", "apologies");
    expect_invalid(fx.store.meeting_finalise(m), "people");
    assert!(fx.store.meeting_get(m).unwrap().finalised_at.is_none());

    attend(&mut fx.store, m, "F1", "Parent Carer Forum", "attended");
    let act = action(&mut fx.store, m, "Write to the ICB");
    let done = fx.store.meeting_finalise(m).unwrap();
    assert_eq!(done.finalised_at.as_deref(), Some("2026-10-02T12:00:00"));
    assert_eq!(done.finalised_by_name.as_deref(), Some(CHAIR));
    let before = fx.store.meeting_get(m).unwrap();

    let mut edit = meeting_input(
        fx.board,
        "Board (renamed)",
        "2026-10-01T10:00",
        "2026-10-01T11:00",
    );
    edit.id = Some(m);
    expect_code(fx.store.meeting_save(&edit), "locked");
    expect_code(
        fx.store.agenda_item_save(&MeetingItemInput {
            meeting_id: m,
            text: "AOB".into(),
            ..Default::default()
        }),
        "locked",
    );
    expect_code(fx.store.agenda_item_delete(before.agenda[0].id), "locked");
    expect_code(
        fx.store.decision_save(&MeetingItemInput {
            meeting_id: m,
            text: "Agreed".into(),
            ..Default::default()
        }),
        "locked",
    );
    expect_code(
        fx.store.action_save(&MeetingItemInput {
            meeting_id: m,
            text: "More".into(),
            who: "Me".into(),
            ..Default::default()
        }),
        "locked",
    );
    expect_code(fx.store.action_delete(act), "locked");
    expect_code(
        fx.store.meeting_person_save(&MeetingPersonInput {
            meeting_id: m,
            name: "X".into(),
            organisation: "Health".into(),
            ..Default::default()
        }),
        "locked",
    );
    expect_code(fx.store.meeting_person_delete(person), "locked");
    expect_code(fx.store.meeting_invite_group(m), "locked");
    expect_code(fx.store.meeting_finalise(m), "locked");
    assert_eq!(fx.store.meeting_get(m).unwrap(), before);

    // Progress on actions is still recorded.
    let after = fx.store.action_set_status(act, "done", m).unwrap();
    assert_eq!(after.actions[0].status, "done");
    assert!(after.finalised_at.is_some());
}

#[test]
fn reopening_needs_a_reason_and_is_recorded() {
    let mut fx = fixture("2026-10-02");
    fx.as_person(fx.chair);
    let m = new_meeting(&mut fx.store, fx.board, "Board", "2026-10-01T10:00");
    expect_code(fx.store.meeting_reopen(m, "Typo in the notes"), "locked");
    attend(&mut fx.store, m, "F1", "Parent Carer Forum", "attended");
    fx.store.meeting_finalise(m).unwrap();

    fx.as_person(fx.treasurer);
    fx.today("2026-10-05");
    expect_invalid(fx.store.meeting_reopen(m, "  "), "reason");
    assert!(fx.store.meeting_get(m).unwrap().finalised_at.is_some());
    let view = fx
        .store
        .meeting_reopen(m, "Health's apologies were missed")
        .unwrap();
    assert!(view.finalised_at.is_none());
    assert_eq!(view.reopenings.len(), 1);
    assert_eq!(view.reopenings[0].reason, "Health's apologies were missed");
    assert_eq!(
        view.reopenings[0].reopened_by_name.as_deref(),
        Some(TREASURER)
    );
    assert_eq!(view.reopenings[0].reopened_at, "2026-10-05T12:00:00");
    let entry = &fx.store.audit_list(1).unwrap()[0];
    assert_eq!(
        (entry.action.as_str(), entry.actor_name.as_str()),
        ("reopened a meeting's notes", TREASURER)
    );
    // Editable again.
    attend(&mut fx.store, m, "H1", "Health", "apologies");
}

// ---------- the list, a page at a time ----------

/// The window reads the meetings list a page at a time, newest first, with how many match in
/// all; a group filter counts only that group's meetings.
#[test]
fn the_meetings_list_comes_a_page_at_a_time() {
    let mut fx = fixture("2026-09-15");
    let works = fx
        .store
        .group_save(&GroupInput {
            name: "Transport Workstream".into(),
            kind: "workstream".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    for (group, day) in [
        (fx.board, "2026-09-01"),
        (works, "2026-09-02"),
        (fx.board, "2026-09-03"),
        (works, "2026-09-04"),
        (fx.board, "2026-09-05"),
    ] {
        new_meeting(&mut fx.store, group, "Meeting", &format!("{day}T10:00"));
    }
    let every = forumdesk_core::model::MeetingFilter::default();
    let all = fx.store.meetings_list(&every).unwrap();
    assert!(all.len() >= 5, "{all:?}");
    let ids = |list: &[forumdesk_core::model::MeetingSummary]| -> Vec<i64> {
        list.iter().map(|m| m.id).collect()
    };
    let first = fx.store.meetings_page(&every, 0, 2).unwrap();
    assert_eq!((first.total, first.offset), (all.len() as i64, 0));
    assert_eq!(first.meetings, all[..2].to_vec());
    assert!(first.meetings[0].starts_at > first.meetings[1].starts_at);
    let last_offset = (all.len() as i64 - 1) / 2 * 2;
    let last = fx.store.meetings_page(&every, last_offset, 2).unwrap();
    assert_eq!(ids(&last.meetings), ids(&all[last_offset as usize..]));
    let beyond = fx.store.meetings_page(&every, 1000, 2).unwrap();
    assert!(beyond.meetings.is_empty());
    assert_eq!(beyond.total, all.len() as i64);

    let only_works = forumdesk_core::model::MeetingFilter {
        group_id: Some(works),
        ..Default::default()
    };
    let page = fx.store.meetings_page(&only_works, 0, 100).unwrap();
    assert_eq!(page.total, 2);
    assert!(page.meetings.iter().all(|m| m.group_id == works));
    assert_eq!(page.meetings, fx.store.meetings_list(&only_works).unwrap());
    // Dates bound the count as they bound the list.
    let from_third = forumdesk_core::model::MeetingFilter {
        from: "2026-09-03".into(),
        to: "2026-09-04".into(),
        ..Default::default()
    };
    assert_eq!(
        fx.store.meetings_page(&from_third, 0, 100).unwrap().total,
        2
    );
}
