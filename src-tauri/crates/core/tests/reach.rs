//! Reach: areas, members' reach details kept only with consent, the counts by area and over
//! time, new members in the funders' year, and the steering group against its number.

mod common;

use common::*;
use forumdesk_core::model::{FigureRow, MemberInput, ReachInput, RepInput, SteeringState};
use forumdesk_core::Clock;

fn reach(member_id: i64, area_id: Option<i64>) -> ReachInput {
    ReachInput {
        member_id,
        consent: true,
        area_id,
        heard_via: "school".into(),
        heard_detail: String::new(),
        involvement: "surveys".into(),
    }
}

fn member(fx: &mut Fx, name: &str, joined: &str, status: &str) -> i64 {
    fx.store
        .member_save(&MemberInput {
            name: name.into(),
            joined_on: joined.into(),
            status: status.into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn counts(rows: &[FigureRow]) -> Vec<(String, i64)> {
    rows.iter().map(|r| (r.label.clone(), r.value)).collect()
}

fn pairs(v: &[(&str, i64)]) -> Vec<(String, i64)> {
    v.iter().map(|(l, n)| (l.to_string(), *n)).collect()
}

fn reach_rows(fx: &Fx, member_id: i64) -> i64 {
    fx.store
        .connection()
        .query_row(
            "SELECT count(*) FROM member_reach WHERE member_id = ?1",
            [member_id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn details_are_kept_only_with_consent_recorded_by_whom_and_when() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    let north = fx.store.area_save(None, "North Eastbridge").unwrap().id;
    let m = member(&mut fx, "Alice Able", "2024-01-01", "active");

    let mut input = reach(m, Some(north));
    input.consent = false;
    let msg = expect_invalid(fx.store.member_reach_save(&input), "consent");
    assert!(msg.contains("agreed"), "{msg}");
    assert_eq!(reach_rows(&fx, m), 0, "nothing kept without consent");

    let r = fx
        .store
        .member_reach_save(&reach(m, Some(north)))
        .unwrap()
        .unwrap();
    assert_eq!(
        (r.consent_on.as_str(), r.consent_by.as_str()),
        ("2026-07-01", CHAIR)
    );
    assert_eq!(r.area_name.as_deref(), Some("North Eastbridge"));
    assert_eq!(r.heard_via.map(|h| h.label()), Some("School or college"));
    assert_eq!(r.involvement.map(|i| i.label()), Some("Surveys"));

    // A later change keeps the date consent was first recorded.
    fx.today("2026-08-01");
    let mut later = reach(m, None);
    later.involvement = "Being a rep".into();
    let r = fx.store.member_reach_save(&later).unwrap().unwrap();
    assert_eq!(r.consent_on, "2026-07-01");
    assert_eq!(
        (r.area_id, r.involvement.map(|i| i.as_str())),
        (None, Some("rep"))
    );

    // Consent withdrawn with a blank form: every detail goes.
    let blank = ReachInput {
        member_id: m,
        ..Default::default()
    };
    assert_eq!(fx.store.member_reach_save(&blank).unwrap(), None);
    assert_eq!(reach_rows(&fx, m), 0);
    assert_eq!(fx.store.member_reach_get(m).unwrap(), None);

    let actions: Vec<String> = fx
        .store
        .connection()
        .prepare(
            "SELECT action FROM audit_log WHERE entity = 'member' AND entity_id = ?1 ORDER BY id",
        )
        .unwrap()
        .query_map([m], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        actions[1..],
        [
            "recorded consent to keep reach details",
            "saved reach details",
            "saved reach details",
            "withdrew consent and deleted reach details"
        ]
    );
}

#[test]
fn only_officers_record_details_and_a_rep_sees_only_their_own() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    fx.store.member_reach_save(&reach(fx.rep2, None)).unwrap();
    fx.as_person(fx.rep);
    expect_code(
        fx.store.member_reach_save(&reach(fx.rep, None)),
        "not_allowed",
    );
    expect_code(fx.store.member_reach_get(fx.rep2), "not_allowed");
    assert_eq!(fx.store.member_reach_get(fx.rep).unwrap(), None);
    expect_code(fx.store.area_save(None, "Riverside"), "not_allowed");
    expect_code(fx.store.steering_set(Some(fx.board), "3"), "not_allowed");
    expect_code(fx.store.reach_summary(), "not_allowed");
}

#[test]
fn bad_choices_and_areas_are_refused_beside_their_fields() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    let mut bad = reach(fx.rep, Some(9999));
    bad.heard_via = "carrier pigeon".into();
    bad.involvement = "everything".into();
    let e = fx.store.member_reach_save(&bad).unwrap_err();
    let problems = e.fields();
    let fields: Vec<&str> = problems.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["heard_via", "involvement", "area_id"], "{e:?}");
    assert!(problems[0].message.contains("word of mouth"), "{e:?}");
    assert_eq!(reach_rows(&fx, fx.rep), 0);
}

#[test]
fn areas_are_renamed_and_retired_but_never_deleted_while_chosen() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    let old = fx.store.area_save(None, "Old Town").unwrap().id;
    let spare = fx.store.area_save(None, "Typo Town").unwrap().id;
    expect_invalid(fx.store.area_save(None, "old town"), "name");
    expect_invalid(fx.store.area_save(None, "  "), "name");
    fx.store
        .member_reach_save(&reach(fx.rep, Some(old)))
        .unwrap();

    let msg = expect_code(fx.store.area_delete(old), "locked");
    assert!(
        msg.contains("1 member chose Old Town") && msg.contains("Retire"),
        "{msg}"
    );
    // The schema refuses it too, whatever writes to it.
    assert!(fx
        .store
        .connection()
        .execute("DELETE FROM areas WHERE id = ?1", [old])
        .is_err());
    fx.store.area_delete(spare).unwrap();

    let renamed = fx.store.area_save(Some(old), "Old Town Quarter").unwrap();
    assert_eq!(renamed.members, 1);
    let r = fx.store.member_reach_get(fx.rep).unwrap().unwrap();
    assert_eq!(r.area_name.as_deref(), Some("Old Town Quarter"));

    let retired = fx.store.area_retire(old, true).unwrap();
    assert_eq!(retired.retired_on.as_deref(), Some("2026-07-01"));
    assert!(fx.store.areas_list(false).unwrap().is_empty());
    assert_eq!(fx.store.areas_list(true).unwrap().len(), 1);
    // A member who chose it keeps it; nobody new may choose it.
    fx.store
        .member_reach_save(&reach(fx.rep, Some(old)))
        .unwrap();
    expect_invalid(
        fx.store.member_reach_save(&reach(fx.rep2, Some(old))),
        "area_id",
    );
    fx.store.area_retire(old, false).unwrap();
    fx.store
        .member_reach_save(&reach(fx.rep2, Some(old)))
        .unwrap();
}

#[test]
fn erasure_removes_reach_details_and_subject_access_includes_them() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    let river = fx.store.area_save(None, "Riverside").unwrap().id;
    let mut input = reach(fx.rep, Some(river));
    input.heard_via = "other".into();
    input.heard_detail = "A leaflet at the library".into();
    fx.store.member_reach_save(&input).unwrap();

    let doc = fx.store.member_data_json(fx.rep).unwrap();
    let r = &doc["reach_details"];
    assert_eq!(r["area_name"], "Riverside");
    assert_eq!(r["heard_via"], "other");
    assert_eq!(r["heard_detail"], "A leaflet at the library");
    assert_eq!(r["involvement"], "surveys");
    assert_eq!(r["consent_by"], CHAIR);

    fx.store.member_erase(fx.rep, REP).unwrap();
    assert_eq!(reach_rows(&fx, fx.rep), 0);
    expect_code(fx.store.member_reach_save(&reach(fx.rep, None)), "locked");
    // The schema refuses details for an erased member, whatever writes them.
    let e = fx
        .store
        .connection()
        .execute(
            "INSERT INTO member_reach (member_id, consent_on, consent_by) VALUES (?1, '2026-07-01', 'x')",
            [fx.rep],
        )
        .unwrap_err();
    assert!(e.to_string().contains("FD-CONSENT"), "{e}");
    assert_eq!(fx.store.areas_list(true).unwrap()[0].members, 0);
}

/// Changes only a member's status, on `day` (the store's clock).
fn set_status(fx: &mut Fx, id: i64, joined: &str, status: &str, day: &str) {
    fx.store.set_clock(Clock::at(d(day)));
    fx.store
        .member_save(&MemberInput {
            id: Some(id),
            name: "X".into(),
            joined_on: joined.into(),
            status: status.into(),
            ..Default::default()
        })
        .unwrap();
}

fn left_on(fx: &Fx, id: i64) -> Option<String> {
    fx.store
        .connection()
        .query_row("SELECT left_on FROM members WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap()
}

#[test]
fn a_member_who_leaves_still_counts_in_the_months_before() {
    let mut fx = fixture("2026-07-15");
    fx.as_person(fx.chair);
    // Four active before April (the fixture's people); X joins in April.
    let x = member(&mut fx, "X", "2026-04-01", "active");
    let over_time = |fx: &Fx| {
        counts(
            &fx.store
                .report_figures("2026-04-01", "2026-07-15")
                .unwrap()
                .members_over_time,
        )
    };
    let with_x = pairs(&[
        ("April 2026", 4),
        ("May 2026", 4),
        ("June 2026", 4),
        ("July 2026", 5),
    ]);
    // The chair joined today, so April to June count the other three and X.
    assert_eq!(over_time(&fx), with_x);

    // X lapses on 10 June: active at the end of April and May, not of June or July.
    set_status(&mut fx, x, "2026-04-01", "lapsed", "2026-06-10");
    assert_eq!(left_on(&fx, x).as_deref(), Some("2026-06-10"));
    fx.store.set_clock(Clock::at(d("2026-07-15")));
    let without_x_from_june = pairs(&[
        ("April 2026", 4),
        ("May 2026", 4),
        ("June 2026", 3),
        ("July 2026", 4),
    ]);
    assert_eq!(over_time(&fx), without_x_from_june);
    // A report that ended before they left still counts them at its end.
    let may = fx.store.report_figures("2026-04-01", "2026-05-31").unwrap();
    assert_eq!(may.members_active, 4);

    // Lapsed becoming left keeps the day they stopped.
    set_status(&mut fx, x, "2026-04-01", "left", "2026-07-01");
    assert_eq!(left_on(&fx, x).as_deref(), Some("2026-06-10"));
    fx.store.set_clock(Clock::at(d("2026-07-15")));
    assert_eq!(over_time(&fx), without_x_from_june);

    // Coming back clears it: active again, they count from when they joined.
    set_status(&mut fx, x, "2026-04-01", "active", "2026-07-15");
    assert_eq!(left_on(&fx, x), None);
    assert_eq!(over_time(&fx), with_x);

    // Added as already gone, nobody knows when they left: not counted in any month.
    member(&mut fx, "Y", "2026-04-01", "left");
    assert_eq!(over_time(&fx), with_x);

    // The schema keeps a leave date off an active member, whatever writes to it.
    let e = fx
        .store
        .connection()
        .execute(
            "UPDATE members SET left_on = '2026-05-01' WHERE id = ?1",
            [x],
        )
        .unwrap_err();
    assert!(e.to_string().contains("CHECK"), "{e}");

    // Erasing a member who left removes the date with the rest of their details.
    set_status(&mut fx, x, "2026-04-01", "left", "2026-07-15");
    fx.store.member_erase(x, "X").unwrap();
    assert_eq!(left_on(&fx, x), None);
}

#[test]
fn active_members_are_counted_by_area_and_over_time_exactly() {
    let mut fx = fixture("2026-07-15");
    fx.as_person(fx.chair);
    let north = fx.store.area_save(None, "North").unwrap().id;
    let south = fx.store.area_save(None, "South").unwrap().id;
    let gone = fx.store.area_save(None, "Gone").unwrap().id;
    let _empty = fx.store.area_save(None, "Empty").unwrap().id;
    // The fixture's treasurer, rep and rep2 joined 2024-09-01; the chair on the day the
    // forum was set up (today). All active.
    let a = member(&mut fx, "A", "2026-04-01", "active");
    let b = member(&mut fx, "B", "2026-05-31", "active");
    let c = member(&mut fx, "C", "2026-06-01", "active");
    let lapsed = member(&mut fx, "L", "2025-01-01", "lapsed");
    // Joined today: active today, and new this year.
    member(&mut fx, "Z", "2026-07-15", "active");
    for (m, area) in [
        (a, Some(north)),
        (b, Some(north)),
        (c, Some(south)),
        (lapsed, Some(south)),
    ] {
        fx.store.member_reach_save(&reach(m, area)).unwrap();
    }
    fx.store
        .member_reach_save(&reach(fx.rep, Some(gone)))
        .unwrap();
    fx.store.member_reach_save(&reach(fx.rep2, None)).unwrap();
    fx.store.area_retire(gone, true).unwrap();

    let s = fx.store.reach_summary().unwrap();
    assert_eq!(
        counts(&s.by_area),
        pairs(&[
            ("Empty", 0),
            ("Gone", 1),
            ("North", 2),
            ("South", 1),
            ("Not given", 4)
        ])
    );
    assert_eq!(s.active_members, 8);
    assert_eq!(s.with_details, 5);
    assert_eq!(
        (s.year_from.as_str(), s.year_to.as_str()),
        ("2026-04-01", "2027-03-31")
    );
    assert_eq!(s.new_this_year, 5);
    assert_eq!(
        counts(&s.joined_by_month),
        pairs(&[
            ("April 2026", 1),
            ("May 2026", 1),
            ("June 2026", 1),
            ("July 2026", 2)
        ])
    );
    assert_eq!(
        counts(&s.active_by_month),
        pairs(&[
            ("April 2026", 4),
            ("May 2026", 5),
            ("June 2026", 6),
            ("July 2026", 8)
        ])
    );
    assert_eq!(
        counts(&s.heard_via),
        pairs(&[("School or college", 5), ("Not given", 3)])
    );

    // The report for a range counts on its last day, and adds up to its active members.
    let f = fx.store.report_figures("2026-04-01", "2026-06-30").unwrap();
    assert_eq!(
        counts(&f.members_by_area),
        pairs(&[
            ("Empty", 0),
            ("Gone", 1),
            ("North", 2),
            ("South", 1),
            ("Not given", 2)
        ])
    );
    assert_eq!(
        f.members_by_area.iter().map(|r| r.value).sum::<i64>(),
        f.members_active
    );
    assert_eq!(f.members_by_area[2].text, "2");
    assert_eq!(
        counts(&f.members_over_time),
        pairs(&[("April 2026", 4), ("May 2026", 5), ("June 2026", 6)])
    );
    // A retired area with nobody left in the range is not listed.
    let f = fx.store.report_figures("2024-01-01", "2024-08-31").unwrap();
    assert_eq!(
        counts(&f.members_by_area),
        pairs(&[("Empty", 0), ("North", 0), ("South", 0), ("Not given", 0)])
    );
}

#[test]
fn new_members_this_year_start_on_the_first_of_april() {
    // The chair joins on the day the forum is set up, a year before.
    let mut fx = fixture("2025-03-01");
    fx.today("2026-03-31");
    fx.as_person(fx.chair);
    member(&mut fx, "March", "2026-03-31", "active");
    let s = fx.store.reach_summary().unwrap();
    assert_eq!((s.year_from.as_str(), s.new_this_year), ("2025-04-01", 1));
    fx.today("2026-04-01");
    member(&mut fx, "April", "2026-04-01", "active");
    let s = fx.store.reach_summary().unwrap();
    assert_eq!((s.year_from.as_str(), s.new_this_year), ("2026-04-01", 1));
    assert_eq!(counts(&s.joined_by_month), pairs(&[("April 2026", 1)]));
}

#[test]
fn the_steering_group_warns_only_below_its_number() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    let s = fx.store.steering_status().unwrap();
    assert_eq!((s.state, s.group_id), (SteeringState::NotSet, None));
    for (m, t) in [(fx.rep, true), (fx.rep2, false), (fx.treasurer, false)] {
        fx.store
            .rep_save(&RepInput {
                member_id: m,
                is_rep: true,
                is_treasurer: t,
                started_on: "2025-01-01".into(),
                vehicle: "none".into(),
                active: true,
                group_ids: vec![fx.board],
                ..Default::default()
            })
            .unwrap();
    }
    let s = fx.store.steering_set(Some(fx.board), "3").unwrap();
    assert_eq!((s.active, s.needed, s.state), (3, 3, SteeringState::Enough));
    assert_eq!(s.group_name.as_deref(), Some("SEND Partnership Board"));
    // A member who left no longer counts.
    let mut m = fx.store.member_get(fx.rep2).unwrap();
    m.status = "left".into();
    fx.store
        .member_save(&MemberInput {
            id: Some(m.id),
            name: m.name,
            email: m.email,
            joined_on: m.joined_on.unwrap_or_default(),
            status: m.status,
            ..Default::default()
        })
        .unwrap();
    let s = fx.store.steering_status().unwrap();
    assert_eq!((s.active, s.state), (2, SteeringState::Below));
    assert!(
        s.message.contains("fewer than the 3") && s.message.contains("1 more"),
        "{}",
        s.message
    );
    let s = fx.store.steering_set(Some(fx.board), "2").unwrap();
    assert_eq!(s.state, SteeringState::Enough);
    expect_invalid(
        fx.store.steering_set(Some(fx.board), "three"),
        "steering_needed",
    );
    expect_invalid(
        fx.store.steering_set(Some(fx.board), "-1"),
        "steering_needed",
    );
    expect_invalid(fx.store.steering_set(Some(9999), "2"), "steering_group_id");
    let f = fx.store.report_figures("2026-04-01", "2026-06-30").unwrap();
    assert_eq!((f.steering_active, f.steering_needed), (2, 2));
}
