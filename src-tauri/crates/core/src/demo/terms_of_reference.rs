//! The demo's Co-production Group, set up exactly as the terms of reference in appendix B of
//! the East Sussex SEND Co-production Handbook, with the handbook's names for the partners:
//!
//! - Membership: ESPCF, ESCC Education, ESCC Children's Social Care, NHS Sussex, Amaze, and
//!   guests invited as per the agenda (guests do not count).
//! - Quorate with at least 4 members, at least two each of ESCC and ESPCF and one from
//!   health.
//! - The chair rotates between ESPCF and ESCC for every meeting; notes alternate between them
//!   and mirror the chairing rotation (read here as: the partner not chairing takes them).
//! - Notes signed off by ESCC, NHS Sussex and ESPCF.
//! - Agenda items and papers to the administrator 3 working days before; meetings no longer
//!   than an hour and a half; two weeks' notice and papers a week ahead (section 7d); in
//!   school hours and not in school holidays.
//!
//! Its meetings show a guest who does not count, departments that do, an urgent meeting
//! called at short notice by agreement, a meeting in a school holiday, and the chair and
//! notes suggestions over the meetings.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use crate::meetings::school_year::SchoolCalendar;
use crate::model::*;
use crate::store::{Clock, Result, Store};
use crate::text::dates;

const CHAIR: &str = "Siobhán O'Brien";
const TREASURER: &str = "Zoë Clarke";
const REP: &str = "Amara Okafor";
const ESCC_EDUCATION: (&str, &str) = ("Tom Baker", "ESCC Education");
const ESCC_SOCIAL_CARE: (&str, &str) = ("Priya Desai", "ESCC Children's Social Care");
const HEALTH: (&str, &str) = ("Dr Rachel Green", "NHS Sussex");
const AMAZE: (&str, &str) = ("Helen Cho", "Amaze");
const GUEST: (&str, &str) = ("Dr Sam Okoro", "NHS Sussex");

/// Adds the group; returns its id.
pub fn group(store: &mut Store, funder_id: i64) -> Result<i64> {
    let partner = |name: &str, min: i64, rotates: bool, signs: bool, aliases: &[&str]| GroupOrg {
        organisation: name.into(),
        min_present: min,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        rotates_chair: rotates,
        rotates_notes: rotates,
        signs_off: signs,
    };
    Ok(store
        .group_save(&GroupInput {
            id: None,
            name: "Co-production Group".into(),
            kind: "workstream".into(),
            funder_id: Some(funder_id),
            quorum_total: 4,
            notes: "The three core partners' monthly co-production meeting, set up as appendix B of the East Sussex SEND Co-production Handbook (terms of reference), with the handbook's names for the partners. The forum's reps sit as ESPCF. Invitations, agendas and papers are coordinated by ESCC Admin support.".into(),
            orgs: vec![
                partner("ESPCF", 2, true, true, &["East Sussex Parent Carer Forum", "Parent Carer Forum"]),
                partner(
                    "ESCC",
                    2,
                    true,
                    true,
                    &["ESCC Education", "ESCC Children's Social Care", "East Sussex County Council"],
                ),
                partner("NHS Sussex", 1, false, true, &["Health"]),
                partner("Amaze", 0, false, false, &[]),
            ],
            standards: StandardsInput {
                notice_days: "14".into(),
                papers_rule: "days".into(),
                papers_days: "7".into(),
                items_working_days: "3".into(),
                longest_minutes: "90".into(),
                earliest_start: "09:30".into(),
                latest_start: "13:30".into(),
                avoid_school_holidays: true,
            },
            notes_rotation: NotesRotation::OtherPartner.as_str().into(),
            requires_confidentiality: true,
            training: vec![TrainingRequirementInput {
                course: "Contact: Strategic participation for parent carer reps".into(),
                valid_months: "36".into(),
            }],
        })?
        .id)
}

/// Four meetings around `today`: one two months ago with a guest, an urgent one at short
/// notice, one in the latest school holiday, and the next one. Returns (meeting, group,
/// day, past) for the claims the demo makes.
pub fn meetings(
    store: &mut Store,
    group_id: i64,
    today: NaiveDate,
) -> Result<Vec<(i64, i64, NaiveDate, bool)>> {
    let cal = SchoolCalendar::load(store.connection())?;
    let holiday = latest_holiday(&cal, today);
    let third = holiday.unwrap_or_else(|| school_day(&cal, today - Duration::days(14)));
    let first = school_day(&cal, third - Duration::days(35));
    let mut urgent = school_day(&cal, third - Duration::days(14));
    if urgent >= third || urgent <= first {
        urgent = third - Duration::days(7);
    }
    let next = school_day(&cal, today + Duration::days(14));
    let mut out = Vec::new();

    // 1. An ordinary meeting: departments count for ESCC, a guest from health does not.
    let m = plan(
        store,
        group_id,
        first,
        10,
        90,
        &monthly(first),
        first - Duration::days(21),
        Some(first - Duration::days(7)),
        (CHAIR, "ESPCF"),
        (ESCC_EDUCATION.0, "ESCC"),
    )?;
    people(
        store,
        m,
        first,
        &[
            (CHAIR, "attended"),
            (TREASURER, "attended"),
            (REP, "attended"),
        ],
        &[
            (ESCC_EDUCATION, "attended", Membership::Member),
            (ESCC_SOCIAL_CARE, "attended", Membership::Member),
            (HEALTH, "attended", Membership::Member),
            (AMAZE, "apologies", Membership::Member),
            (GUEST, "attended", Membership::Guest),
        ],
    )?;
    let items_in = dates::iso(first - Duration::days(8));
    for (text, who, confidential) in [
        ("Welcome, introductions and apologies", "Chair", false),
        ("Notes and actions of the last meeting", "Chair", false),
        (
            "Neurodevelopmental pathway: waiting times by locality",
            GUEST.0,
            false,
        ),
        (
            "Staffing changes in the SEND casework team",
            ESCC_SOCIAL_CARE.0,
            true,
        ),
        ("Refreshing the co-production charter", CHAIR, false),
        ("Any other business", "Chair", false),
    ] {
        store.agenda_item_save(&MeetingItemInput {
            meeting_id: m,
            text: text.into(),
            who: who.into(),
            confidential,
            received_on: items_in.clone(),
            ..Default::default()
        })?;
    }
    for (text, confidential) in [
        ("The group agreed the refreshed co-production charter, for sign-off by all three partners.", false),
        ("The group noted the interim management of the SEND casework team until the new team manager starts, and agreed that families will not be told of named staff changes before staff are.", true),
    ] {
        store.decision_save(&MeetingItemInput { meeting_id: m, text: text.into(), confidential, ..Default::default() })?;
    }
    for (text, who, days) in [
        (
            "Circulate the refreshed charter to the three partners",
            CHAIR,
            14,
        ),
        (
            "Share pathway waiting-time figures by locality with the forum",
            GUEST.0,
            28,
        ),
    ] {
        store.action_save(&MeetingItemInput {
            meeting_id: m,
            text: text.into(),
            who: who.into(),
            due_on: dates::iso(first + Duration::days(days)),
            ..Default::default()
        })?;
    }
    finalise_and_sign(
        store,
        m,
        first,
        &[("ESPCF", CHAIR, 4), ("ESCC", ESCC_EDUCATION.0, 6)],
    )?;
    out.push((m, group_id, first, first <= today));

    // 2. An urgent meeting, called at five days' notice by agreement, papers with the notice.
    let m = plan(
        store,
        group_id,
        urgent,
        11,
        60,
        "Co-production Group: urgent meeting on the inclusion plan",
        urgent - Duration::days(5),
        Some(urgent - Duration::days(5)),
        (ESCC_EDUCATION.0, "ESCC"),
        (TREASURER, "ESPCF"),
    )?;
    people(
        store,
        m,
        urgent,
        &[
            (CHAIR, "attended"),
            (TREASURER, "attended"),
            (REP, "apologies"),
        ],
        &[
            (ESCC_EDUCATION, "attended", Membership::Member),
            (ESCC_SOCIAL_CARE, "attended", Membership::Member),
            (HEALTH, "attended", Membership::Member),
        ],
    )?;
    let reason = "the Department for Education's consultation on the local area inclusion plan closes before the next scheduled meeting";
    for kind in ["short_notice", "late_papers"] {
        store.meeting_exception_save(&MeetingExceptionInput {
            meeting_id: m,
            kind: kind.into(),
            reason: reason.into(),
            agreed_by: format!("{} (ESCC) and {CHAIR} (ESPCF)", ESCC_EDUCATION.0),
            agreed_on: dates::iso(urgent - Duration::days(6)),
        })?;
    }
    store.agenda_item_save(&MeetingItemInput {
        meeting_id: m,
        text: "Local area inclusion plan: a joint response to the consultation".into(),
        who: ESCC_EDUCATION.0.into(),
        received_on: dates::iso(urgent - Duration::days(5)),
        ..Default::default()
    })?;
    store.decision_save(&MeetingItemInput {
        meeting_id: m,
        text: "The partners agreed a joint response; the council sends it with the forum's comments attached in full.".into(),
        ..Default::default()
    })?;
    finalise_and_sign(
        store,
        m,
        urgent,
        &[
            ("ESPCF", CHAIR, 2),
            ("ESCC", ESCC_EDUCATION.0, 2),
            ("NHS Sussex", HEALTH.0, 3),
        ],
    )?;
    out.push((m, group_id, urgent, urgent <= today));

    // 3. A meeting in the school holiday: parent reps could not come, so it was not quorate;
    //    one item reached the administrator late. Its notes are still being written.
    let title = match holiday {
        Some(_) => format!("{} (school holiday)", monthly(third)),
        None => monthly(third),
    };
    let m = plan(
        store,
        group_id,
        third,
        10,
        90,
        &title,
        third - Duration::days(14),
        Some(third - Duration::days(7)),
        (CHAIR, "ESPCF"),
        (ESCC_SOCIAL_CARE.0, "ESCC"),
    )?;
    people(
        store,
        m,
        third,
        &[
            (CHAIR, "attended"),
            (TREASURER, "apologies"),
            (REP, "apologies"),
        ],
        &[
            (ESCC_EDUCATION, "attended", Membership::Member),
            (ESCC_SOCIAL_CARE, "attended", Membership::Member),
            (HEALTH, "attended", Membership::Member),
            (AMAZE, "attended", Membership::Member),
        ],
    )?;
    for (text, who, received) in [
        (
            "Welcome, introductions and apologies",
            "Chair",
            third - Duration::days(10),
        ),
        (
            "Short breaks sufficiency statement",
            ESCC_SOCIAL_CARE.0,
            third - Duration::days(1),
        ),
        (
            "Preparing for adulthood: the forum's survey",
            CHAIR,
            third - Duration::days(10),
        ),
    ] {
        store.agenda_item_save(&MeetingItemInput {
            meeting_id: m,
            text: text.into(),
            who: who.into(),
            received_on: dates::iso(received),
            ..Default::default()
        })?;
    }
    out.push((m, group_id, third, third <= today));

    // 4. The next meeting: the turn is ESCC's to chair and ESPCF's to take notes.
    set_clock(store, today, 9);
    let m = plan(
        store,
        group_id,
        next,
        10,
        90,
        &monthly(next),
        today,
        None,
        ("", ""),
        ("", ""),
    )?;
    store.meeting_invite_group(m)?;
    for (text, who) in [
        ("Welcome, introductions and apologies", "Chair"),
        ("Co-production charter: sign-off by the partners", CHAIR),
        ("Any other business", "Chair"),
    ] {
        store.agenda_item_save(&MeetingItemInput {
            meeting_id: m,
            text: text.into(),
            who: who.into(),
            ..Default::default()
        })?;
    }
    out.push((m, group_id, next, next <= today));
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn plan(
    store: &mut Store,
    group_id: i64,
    day: NaiveDate,
    hour: u32,
    minutes: i64,
    title: &str,
    notice: NaiveDate,
    papers: Option<NaiveDate>,
    chair: (&str, &str),
    notes: (&str, &str),
) -> Result<i64> {
    set_clock(store, notice, 9);
    let start = NaiveDateTime::new(day, NaiveTime::from_hms_opt(hour, 0, 0).expect("time"));
    Ok(store
        .meeting_save(&MeetingInput {
            id: None,
            group_id,
            title: title.into(),
            starts_at: dates::iso_datetime(start),
            ends_at: dates::iso_datetime(start + Duration::minutes(minutes)),
            place: "Room 3, County Hall, Eastbridge".into(),
            online_link: "https://meet.example.org/eastbridge-copro".into(),
            notice_sent_on: dates::iso(notice),
            papers_sent_on: papers.map(dates::iso).unwrap_or_default(),
            chair_name: chair.0.into(),
            chair_org: chair.1.into(),
            note_taker_name: notes.0.into(),
            note_taker_org: notes.1.into(),
        })?
        .id)
}

/// Invites the group's reps (as ESPCF), marks them, and adds the partners' people.
fn people(
    store: &mut Store,
    meeting_id: i64,
    day: NaiveDate,
    reps: &[(&str, &str)],
    others: &[((&str, &str), &str, Membership)],
) -> Result<()> {
    // Written up after the meeting (10:00, at most 90 minutes), never before it met.
    set_clock(store, day, 12);
    let m = store.meeting_invite_group(meeting_id)?;
    for p in &m.people {
        if let Some((_, attendance)) = reps.iter().find(|(n, _)| *n == p.name) {
            store.meeting_person_save(&MeetingPersonInput {
                id: Some(p.id),
                meeting_id,
                member_id: p.member_id,
                name: p.name.clone(),
                organisation: p.organisation.clone(),
                attendance: (*attendance).into(),
                membership: p.membership.as_str().into(),
            })?;
        }
    }
    for ((name, org), attendance, membership) in others {
        store.meeting_person_save(&MeetingPersonInput {
            id: None,
            meeting_id,
            member_id: None,
            name: (*name).into(),
            organisation: (*org).into(),
            attendance: (*attendance).into(),
            membership: membership.as_str().into(),
        })?;
    }
    Ok(())
}

/// Finalises the notes two days after the meeting, sends them the day after, and records
/// each (partner, who, days after the meeting) sign-off.
fn finalise_and_sign(
    store: &mut Store,
    meeting_id: i64,
    day: NaiveDate,
    signed: &[(&str, &str, i64)],
) -> Result<()> {
    set_clock(store, day + Duration::days(1), 16);
    store.meeting_finalise(meeting_id)?;
    store.meeting_notes_sent(meeting_id, &dates::iso(day + Duration::days(1)))?;
    for (org, who, after) in signed {
        let on = day + Duration::days(*after);
        set_clock(store, on, 15);
        store.meeting_signoff_save(&SignOffInput {
            meeting_id,
            organisation: (*org).into(),
            agreed_by: (*who).into(),
            agreed_on: dates::iso(on),
        })?;
    }
    Ok(())
}

fn monthly(day: NaiveDate) -> String {
    format!("Co-production Group: {}", day.format("%B"))
}

fn set_clock(store: &mut Store, d: NaiveDate, hour: u32) {
    store.set_clock(Clock::Fixed(d.and_hms_opt(hour, 0, 0).expect("valid")));
}

/// The first Tuesday, Wednesday or Thursday from `d` that is not a bank holiday or in a
/// school holiday.
fn school_day(cal: &SchoolCalendar, d: NaiveDate) -> NaiveDate {
    let mut day = d;
    while !matches!(day.weekday(), Weekday::Tue | Weekday::Wed | Weekday::Thu)
        || cal.bank_holiday(day).is_some()
        || cal.school_holiday(day).is_some()
    {
        day += Duration::days(1);
    }
    day
}

/// A Wednesday in the latest school holiday that ended at least a week ago, within the last
/// five months, if the term dates reach that far.
fn latest_holiday(cal: &SchoolCalendar, today: NaiveDate) -> Option<NaiveDate> {
    (7..150).map(|n| today - Duration::days(n)).find(|d| {
        d.weekday() == Weekday::Wed
            && cal.bank_holiday(*d).is_none()
            && cal.school_holiday(*d).is_some()
    })
}
