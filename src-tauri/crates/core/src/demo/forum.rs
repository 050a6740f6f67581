//! A realistic, fictional forum to try Forum Desk on: about 40 members, 5 reps, 3 groups, two
//! funders, meetings over the last two months, last month's claims approved and this month's
//! as drafts. Every name and figure is made up, except the Co-production Group, which is set
//! up exactly as the terms of reference in appendix B of the East Sussex SEND Co-production
//! Handbook, with its partners' own names (see `terms_of_reference`).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::*;
use crate::store::Clock;
use crate::store::Result;
use crate::store::Store;
use crate::text::dates;

const RECEIPTS: [(&str, &[u8]); 5] = [
    (
        "nursery-receipt.png",
        include_bytes!("../../../../../assets/demo/receipt-childcare-1.png"),
    ),
    (
        "childminder-receipt.png",
        include_bytes!("../../../../../assets/demo/receipt-childcare-2.png"),
    ),
    (
        "train-ticket.png",
        include_bytes!("../../../../../assets/demo/receipt-fares-1.png"),
    ),
    (
        "bus-ticket.png",
        include_bytes!("../../../../../assets/demo/receipt-fares-2.png"),
    ),
    (
        "parking-ticket.png",
        include_bytes!("../../../../../assets/demo/receipt-parking-1.png"),
    ),
];

const MEMBERS: [(&str, &str, &str); 40] = [
    ("Siobhán O'Brien", "Siobhán", "BN7 2AB"),
    ("Zoë Clarke", "Zoë", "BN2 4FG"),
    ("Łukasz Nowak", "Łukasz", "TN34 1LX"),
    ("Amara Okafor", "Amara", "BN21 3QE"),
    ("Gareth Price", "Gaz", "BN9 0DH"),
    ("Priya Sharma", "", "BN3 5HT"),
    ("Fiona MacLeod", "", "TN22 1AA"),
    ("Daniel Hughes", "Dan", "BN25 2RS"),
    ("Aisha Rahman", "", "BN1 6PL"),
    ("Chloe Bennett", "", "TN38 9DX"),
    ("Marek Kowalski", "", "BN17 5JE"),
    ("Grace Adeyemi", "", "BN11 2QP"),
    ("Rhys Morgan", "", "TN39 3BB"),
    ("Hannah Schmidt", "", "BN43 6AE"),
    ("Oliver Turner", "Olly", "BN20 7NR"),
    ("Niamh Gallagher", "", "BN27 1HH"),
    ("Sofia Rossi", "", "TN6 2LD"),
    ("Kwame Mensah", "", "BN10 8SW"),
    ("Emily Watson", "Em", "BN26 6PT"),
    ("Yusuf Ali", "", "BN22 9AZ"),
    ("Bethan Jones", "", "TN21 8QF"),
    ("Tomás Silva", "", "BN15 9RT"),
    ("Lucy Fraser", "", "BN8 4HQ"),
    ("Matthew Reid", "Matt", "TN40 1PY"),
    ("Ingrid Larsen", "", "BN23 5NE"),
    ("Samira Haddad", "", "BN6 8BT"),
    ("Callum Stewart", "", "TN35 4QS"),
    ("Ewa Zielińska", "", "BN41 1WE"),
    ("Joseph Byrne", "Joe", "BN24 5LS"),
    ("Rebecca Hall", "Becky", "TN31 7EJ"),
    ("Ahmed Hussain", "", "BN12 4DN"),
    ("Megan Lloyd", "", "BN16 3GL"),
    ("Chidi Eze", "", "TN33 0AG"),
    ("Laura Martínez", "", "BN18 9PD"),
    ("Patrick Doyle", "Paddy", "BN13 2HB"),
    ("Helen Wright", "", "TN19 7BQ"),
    ("Noor Malik", "", "BN14 7JF"),
    ("Stuart Campbell", "", "TN37 6RX"),
    ("Ruth Evans", "", "BN5 9XY"),
    ("Jamal Thompson", "", "BN45 7AH"),
];

/// What `demo` did, for the command line to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DemoOutcome {
    Created {
        members: usize,
        meetings: usize,
        claims: usize,
    },
    AlreadySetUp {
        forum: String,
    },
}

/// The demo forum's name, and its chair (who sets it up).
pub(crate) const FORUM_NAME: &str = "Eastbridge Parent Carer Forum";
pub(crate) const CHAIR_NAME: &str = MEMBERS[0].0;
pub(crate) const CHAIR_EMAIL: &str = "siobhan.obrien@example.org";
/// Besides the chair, who gets a demo sign-in: the treasurer and one rep.
pub(crate) const SIGN_IN_TOO: [&str; 2] = [MEMBERS[1].0, MEMBERS[2].0];

/// Fills a new forum with the demo data: an empty store in memory, or a forum just made by
/// [`Store::create`] whose chair is the demo's. A forum that already has data is left
/// exactly as it is, so running the demo twice never duplicates anything.
pub fn create_demo(store: &mut Store, today: NaiveDate) -> Result<DemoOutcome> {
    let funders: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM funders", [], |r| r.get(0))?;
    if !store.setup_needed()? && funders > 0 {
        return Ok(DemoOutcome::AlreadySetUp {
            forum: store.forum_get()?.name,
        });
    }
    let this_month =
        NaiveDate::from_ymd_opt(today.year(), today.month(), 1).expect("first of month");
    let last_month = this_month
        .checked_sub_months(chrono::Months::new(1))
        .expect("month before");
    // Events are recorded as if they happened when they did.
    let at = |store: &mut Store, d: NaiveDate, hh: u32| {
        store.set_clock(Clock::Fixed(d.and_hms_opt(hh, 0, 0).expect("valid")))
    };
    at(store, last_month - Duration::days(30), 10);

    let chair = if store.setup_needed()? {
        store
            .setup_forum(&SetupInput {
                forum_name: FORUM_NAME.into(),
                your_name: CHAIR_NAME.into(),
                your_email: CHAIR_EMAIL.into(),
                ..SetupInput::default()
            })?
            .id
    } else {
        store.require_actor()?
    };
    store.forum_save(&Forum {
        name: FORUM_NAME.into(),
        address: "The Old School House, 12 Mill Lane, Eastbridge, BN7 2AB".into(),
        charity_number: "Registered charity 1187654".into(),
        payment_terms: "Please pay within 14 days to the forum's account: sort code 40-12-34, account 81234567.".into(),
        declaration: String::new(),
    })?;
    let council = store
        .funder_save(&FunderInput {
            id: None,
            name: "Eastbridge County Council".into(),
            cost_code: "PO 4500123987 / cost centre SEN-PART-07".into(),
            finance_contact:
                "Accounts Payable, County Hall, Eastbridge. payables@eastbridge.example".into(),
        })?
        .id;
    let nhs = store
        .funder_save(&FunderInput {
            id: None,
            name: "NHS Eastbridge Integrated Care Board".into(),
            cost_code: "Cost code ICB-CYP-2291".into(),
            finance_contact: "ICB Finance, Lewes Road, Eastbridge. icb.finance@nhs.example".into(),
        })?
        .id;

    // The NHS pays its own recognition rates; the council keeps the forum's own policy.
    store.policy_save(&PolicyInput {
        funder_id: Some(nhs),
        effective_from: "2025-04-06".into(),
        recognition_hourly: "18.00".into(),
        recognition_half_day: "60.00".into(),
        recognition_full_day: "110.00".into(),
        car_first_band: "45".into(),
        car_after_band: "25".into(),
        car_band_miles: "10000".into(),
        motorcycle: "24".into(),
        bicycle: "20".into(),
        passenger: "5".into(),
        childcare_cap_hourly: "12.00".into(),
        claim_age_limit_months: "3".into(),
        receipt_threshold: "0.00".into(),
        ..PolicyInput::default()
    })?;

    // Members: everyone in the list; the first is the chair set up above.
    let mut member_ids = vec![chair];
    store.member_save(&MemberInput {
        id: Some(chair),
        name: MEMBERS[0].0.into(),
        known_as: MEMBERS[0].1.into(),
        email: email(MEMBERS[0].0),
        phone: "07700 900101".into(),
        postcode: MEMBERS[0].2.into(),
        joined_on: "2019-03-14".into(),
        status: "active".into(),
        consent_email: true,
        consent_phone: true,
        consent_post: false,
    })?;
    for (i, (name, known, pc)) in MEMBERS.iter().enumerate().skip(1) {
        let joined = NaiveDate::from_ymd_opt(
            2018 + (i as i32 % 8),
            1 + (i as u32 * 5) % 12,
            1 + (i as u32 * 7) % 27,
        )
        .expect("date");
        let m = store.member_save(&MemberInput {
            id: None,
            name: (*name).into(),
            known_as: (*known).into(),
            email: if i % 9 == 8 {
                String::new()
            } else {
                email(name)
            },
            phone: if i % 3 == 0 {
                format!("07700 900{:03}", 100 + i)
            } else {
                String::new()
            },
            postcode: (*pc).into(),
            joined_on: dates::iso(joined),
            status: match i % 13 {
                5 => "lapsed".into(),
                11 => "left".into(),
                _ => "active".into(),
            },
            consent_email: i % 9 != 8,
            consent_phone: i % 3 == 0,
            consent_post: i % 4 == 0,
        })?;
        member_ids.push(m.id);
    }
    // Two members chose to tell the forum about their children, with recorded consent.
    for (idx, kids) in [
        (
            5usize,
            vec![(
                "R.",
                "5-10",
                "Autism; attends a mainstream primary with an EHC plan.",
            )],
        ),
        (
            8,
            vec![
                ("Sam", "11-15", "ADHD and dyslexia."),
                ("J.", "0-4", "Awaiting speech and language assessment."),
            ],
        ),
    ] {
        store.act_as(Some(chair))?;
        store.member_set_children_consent(member_ids[idx], true)?;
        for (n, band, needs) in kids {
            store.child_save(&ChildInput {
                id: None,
                member_id: member_ids[idx],
                name: n.into(),
                age_band: band.into(),
                needs: needs.into(),
            })?;
        }
    }

    // Groups.
    let org = |o: &str, n: i64| GroupOrg {
        organisation: o.into(),
        min_present: n,
        ..Default::default()
    };
    let strategy = store
        .group_save(&GroupInput {
            id: None,
            name: "SEND Strategy Board".into(),
            kind: "board".into(),
            funder_id: Some(council),
            quorum_total: 4,
            notes: "Sets the local area's SEND strategy. Meets monthly; chairing and notes rotate between the council and the forum.".into(),
            orgs: vec![org("Council", 2), org("Forum", 2), org("Health", 1)],
            ..Default::default()
        })?
        .id;
    for (name, starts, ends, (hs, he)) in super::school_terms::EASTBRIDGE_TERMS {
        store.school_term_save(&SchoolTermInput {
            id: None,
            name: name.into(),
            starts_on: starts.into(),
            ends_on: ends.into(),
            half_term_starts_on: hs.into(),
            half_term_ends_on: he.into(),
        })?;
    }
    let copro = super::terms_of_reference::group(store, council)?;
    let pathway = store
        .group_save(&GroupInput {
            id: None,
            name: "Neurodevelopmental Pathway Board".into(),
            kind: "board".into(),
            funder_id: Some(nhs),
            quorum_total: 3,
            notes: "Redesigning autism and ADHD assessment for children and young people.".into(),
            orgs: vec![org("Health", 1), org("Forum", 1)],
            ..Default::default()
        })?
        .id;

    // Representatives: chair, treasurer and three reps.
    let treasurer = member_ids[1];
    let reps = [
        (chair, true, false, "car"),
        (treasurer, false, true, "car"),
        (member_ids[2], false, false, "car"),
        (member_ids[3], false, false, "none"),
        (member_ids[4], false, false, "motorcycle"),
    ];
    for (i, (id, is_chair, is_treasurer, vehicle)) in reps.iter().enumerate() {
        let groups = match i {
            0 => vec![strategy, copro],
            1 => vec![copro, pathway],
            2 => vec![strategy, pathway],
            3 => vec![copro],
            _ => vec![pathway, strategy],
        };
        store.rep_save(&RepInput {
            member_id: *id,
            is_chair: *is_chair,
            is_treasurer: *is_treasurer,
            is_rep: true,
            started_on: format!("20{}-09-01", 19 + i),
            // One rep has not signed the agreement yet: the Co-production Group requires it.
            confidentiality_signed_on: if i == 3 {
                String::new()
            } else {
                format!("20{}-09-01", 19 + i)
            },
            vehicle: (*vehicle).into(),
            active: true,
            group_ids: groups,
        })?;
        store.training_add(
            *id,
            "Contact: Strategic participation for parent carer reps",
            &format!("20{}-10-15", 19 + i),
        )?;
    }
    // The Co-production Group asks for that course every three years: the chair renewed it
    // last year, the treasurer's runs out next month, and the fourth rep's has run out.
    let course = "Contact: Strategic participation for parent carer reps";
    store.training_add(chair, course, &dates::iso(dates::months_before(today, 12)))?;
    store.training_add(
        treasurer,
        course,
        &dates::iso(dates::months_before(today, 36) + Duration::days(30)),
    )?;
    store.act_as(Some(chair))?;

    // Meetings: each group met last month (finalised) and meets this month.
    let mut meetings = Vec::new();
    let slots = [
        (strategy, 9u32, 10u32, "SEND Strategy Board"),
        (pathway, 20, 10, "Neurodevelopmental Pathway Board"),
    ];
    for (month_start, finalise) in [(last_month, true), (this_month, false)] {
        for (gid, day, hour, gname) in slots {
            let day =
                NaiveDate::from_ymd_opt(month_start.year(), month_start.month(), day).expect("day");
            let start = NaiveDateTime::new(day, NaiveTime::from_hms_opt(hour, 0, 0).expect("time"));
            let past = day <= today;
            at(store, (day - Duration::days(21)).min(today), 9);
            let m = store.meeting_save(&MeetingInput {
                id: None,
                group_id: gid,
                title: format!("{gname}: {}", day.format("%B")),
                starts_at: dates::iso_datetime(start),
                ends_at: dates::iso_datetime(
                    start + Duration::minutes(if gid == strategy { 120 } else { 90 }),
                ),
                place: if gid == pathway {
                    String::new()
                } else {
                    "Committee Room 2, County Hall, Eastbridge".into()
                },
                online_link: if gid == pathway {
                    "https://meet.example.org/eastbridge-ndp".into()
                } else {
                    String::new()
                },
                notice_sent_on: dates::iso(
                    day - Duration::days(if gid == strategy { 10 } else { 21 }),
                ),
                papers_sent_on: dates::iso(
                    day - Duration::days(if gid == pathway { 4 } else { 7 }),
                ),
                chair_name: if finalise {
                    "Cllr Janet Moss".into()
                } else {
                    MEMBERS[0].0.into()
                },
                chair_org: if finalise {
                    "Council".into()
                } else {
                    "Forum".into()
                },
                note_taker_name: if finalise {
                    MEMBERS[2].0.into()
                } else {
                    "Tom Baker".into()
                },
                note_taker_org: if finalise {
                    "Forum".into()
                } else {
                    "Council".into()
                },
            })?;
            let mid = m.id;
            store.meeting_invite_group(mid)?;
            for (n, o) in [
                ("Cllr Janet Moss", "Council"),
                ("Tom Baker", "Council"),
                ("Dr Rachel Green", "Health"),
                ("Sue Patel", "Health"),
            ] {
                store.meeting_person_save(&MeetingPersonInput {
                    id: None,
                    meeting_id: mid,
                    member_id: None,
                    name: n.into(),
                    organisation: o.into(),
                    attendance: "invited".into(),
                    membership: String::new(),
                })?;
            }
            for (t, who) in [
                ("Welcome, introductions and apologies", "Chair"),
                ("Actions from the last meeting", "Chair"),
                ("Update on the local area inclusion plan", "Tom Baker"),
                ("What parent carers are telling the forum", MEMBERS[0].0),
                ("Any other business", "Chair"),
            ] {
                store.agenda_item_save(&MeetingItemInput {
                    id: None,
                    meeting_id: mid,
                    text: t.into(),
                    who: who.into(),
                    due_on: String::new(),
                    ..Default::default()
                })?;
            }
            if past {
                // Attendance, decisions and actions are written up once the meeting is over.
                at(store, day, hour + 2);
                let m = store.meeting_get(mid)?;
                for (i, p) in m.people.iter().enumerate() {
                    // One health partner sends apologies at the pathway board, leaving it inquorate last month.
                    let attendance = if p.name == "Sue Patel"
                        || (gid == pathway && finalise && p.organisation == "Health")
                        || i == 6
                    {
                        "apologies"
                    } else {
                        "attended"
                    };
                    store.meeting_person_save(&MeetingPersonInput {
                        id: Some(p.id),
                        meeting_id: mid,
                        member_id: p.member_id,
                        name: p.name.clone(),
                        organisation: p.organisation.clone(),
                        attendance: attendance.into(),
                        membership: p.membership.as_str().into(),
                    })?;
                }
                store.decision_save(&MeetingItemInput { id: None, meeting_id: mid, text: "The group agreed to co-produce a plain-English guide to EHC plan reviews with the forum.".into(), who: String::new(), due_on: String::new(), ..Default::default() })?;
                store.decision_save(&MeetingItemInput {
                    id: None,
                    meeting_id: mid,
                    text: "Papers will go out at least a week before each meeting from now on."
                        .into(),
                    who: String::new(),
                    due_on: String::new(),
                    ..Default::default()
                })?;
                store.action_save(&MeetingItemInput {
                    id: None,
                    meeting_id: mid,
                    text: "Share the draft EHC review guide with forum members for comment".into(),
                    who: MEMBERS[2].0.into(),
                    due_on: dates::iso(day + Duration::days(21)),
                    ..Default::default()
                })?;
                store.action_save(&MeetingItemInput {
                    id: None,
                    meeting_id: mid,
                    text: "Bring waiting-time figures for assessments to the next meeting".into(),
                    who: "Dr Rachel Green".into(),
                    due_on: dates::iso(day + Duration::days(28)),
                    ..Default::default()
                })?;
                if finalise {
                    at(store, day + Duration::days(2), 16);
                    store.meeting_finalise(mid)?;
                }
            }
            meetings.push((mid, gid, day, past));
        }
    }
    meetings.extend(super::terms_of_reference::meetings(store, copro, today)?);

    // Claims: last month's approved (and all but one paid), this month's drafts.
    let mut claims = 0;
    let mut approved = Vec::new();
    // Łukasz gets Carer's Allowance (he recorded it himself). Last month he also ran nine
    // days of co-production workshops: paid this month, this month's recognition payments
    // average more than the weekly earnings limit.
    let lukasz = reps[2].0;
    store.act_as(Some(lukasz))?;
    store.carers_allowance_set(lukasz, true)?;
    let mut workshops_added = false;
    for (ri, (rep, _, _, vehicle)) in reps.iter().enumerate() {
        let rep_groups: Vec<i64> = crate::reps::records::rep(store.connection(), *rep)?
            .groups
            .iter()
            .map(|g| g.id)
            .collect();
        for (month_start, approve) in [(last_month, true), (this_month, false)] {
            let mine: Vec<_> = meetings
                .iter()
                .filter(|(_, g, d, past)| {
                    rep_groups.contains(g) && *past && d.month() == month_start.month()
                })
                .cloned()
                .collect();
            if mine.is_empty() {
                continue;
            }
            store.act_as(Some(*rep))?;
            at(
                store,
                mine.last().map(|m| m.2).unwrap_or(today).min(today),
                20,
            );
            for funder in [council, nhs] {
                let here: Vec<_> = mine
                    .iter()
                    .filter(|(_, g, _, _)| (*g == pathway) == (funder == nhs))
                    .collect();
                if here.is_empty() {
                    continue;
                }
                let month = dates::month_of(month_start);
                let claim = store.claim_open(*rep, funder, &month)?.summary.id;
                for (k, (mid, _, day, _)) in here.iter().enumerate() {
                    let line = |kind: &str| LineInput {
                        line_date: dates::iso(*day),
                        kind: kind.into(),
                        meeting_id: Some(*mid),
                        ..Default::default()
                    };
                    store.line_add(
                        claim,
                        &LineInput {
                            minutes: if *mid % 2 == 0 {
                                "150".into()
                            } else {
                                "120".into()
                            },
                            ..line("time")
                        },
                    )?;
                    store.line_add(
                        claim,
                        &LineInput {
                            minutes: "60".into(),
                            ..line("time")
                        }
                        .with_activity(format!(
                            "Reading papers for the {}",
                            day.format("%-d %B meeting")
                        )),
                    )?;
                    match *vehicle {
                        "none" => {
                            let v = store.line_add(
                                claim,
                                &LineInput {
                                    amount: "6.40".into(),
                                    description: "Train, Lewes to Eastbridge return".into(),
                                    ..line("fares")
                                },
                            )?;
                            attach(
                                store,
                                v.lines.last().map(|l| l.id).unwrap_or_default(),
                                TRAIN_TICKET,
                            )?;
                        }
                        v => {
                            store.line_add(
                                claim,
                                &LineInput {
                                    from_place: "Home".into(),
                                    to_place: if funder == nhs {
                                        "Eastbridge General Hospital".into()
                                    } else {
                                        "County Hall, Eastbridge".into()
                                    },
                                    miles: format!("{}.{}", 12 + ri * 3 + k, (ri + k) % 10),
                                    vehicle: v.into(),
                                    passengers: if ri == 2 && v == "car" {
                                        "1".into()
                                    } else {
                                        String::new()
                                    },
                                    ..line("mileage")
                                },
                            )?;
                            if ri == 1 {
                                let c = store.line_add(
                                    claim,
                                    &LineInput {
                                        amount: "4.20".into(),
                                        ..line("parking")
                                    },
                                )?;
                                attach(
                                    store,
                                    c.lines.last().map(|l| l.id).unwrap_or_default(),
                                    PARKING_TICKET,
                                )?;
                            }
                        }
                    }
                    if ri % 2 == 0 && k == 0 {
                        let c = store.line_add(
                            claim,
                            &LineInput {
                                hours: "4".into(),
                                amount: if ri == 0 {
                                    "38.00".into()
                                } else {
                                    "44.00".into()
                                },
                                ..line("childcare")
                            },
                        )?;
                        let id = c
                            .lines
                            .iter()
                            .rev()
                            .find(|l| l.kind == LineKind::Childcare)
                            .map(|l| l.id)
                            .unwrap_or_default();
                        attach(store, id, if ri == 2 { CHILDMINDER } else { NURSERY })?;
                    }
                }
                if approve && *rep == lukasz && !workshops_added {
                    workshops_added = true;
                    for day in 1..=9u32 {
                        store.line_add(
                            claim,
                            &LineInput {
                                line_date: dates::iso(
                                    month_start.with_day(day + 10).expect("day in month"),
                                ),
                                kind: "time".into(),
                                time_basis: "full_day".into(),
                                activity: "Co-production workshop on the SEND strategy".into(),
                                ..Default::default()
                            },
                        )?;
                    }
                }
                claims += 1;
                if approve {
                    // Submitted on the 1st in the morning, approved two days later; when
                    // the demo is made on the 1st, that afternoon, so approval never comes
                    // before submission.
                    let submitted_on = this_month.min(today);
                    at(store, submitted_on, 9);
                    // Łukasz reads the Carer's Allowance warning, if there is one, and submits.
                    store.claim_submit_acknowledged(claim, true, true)?;
                    // The chair's own claims are approved by the treasurer, everyone else's by the chair.
                    store.act_as(Some(if *rep == chair { treasurer } else { chair }))?;
                    let approved_on = (this_month + Duration::days(2)).min(today);
                    at(
                        store,
                        approved_on,
                        if approved_on == submitted_on { 14 } else { 11 },
                    );
                    store.claim_approve(claim, true, "")?;
                    approved.push((claim, *rep));
                    store.act_as(Some(*rep))?;
                }
            }
        }
    }
    // The treasurer pays last month's claims a week into this month, all but one: that one
    // waits past the forum's 14-day target (the chair's own, paid by the treasurer later).
    let waiting = approved
        .iter()
        .find(|(_, rep)| *rep != lukasz)
        .map(|(c, _)| *c);
    // Early in a month, nothing is paid yet.
    let paid_on = this_month + Duration::days(7);
    at(store, paid_on.min(today), 15);
    for (n, (claim, rep)) in approved.iter().enumerate() {
        if Some(*claim) == waiting || paid_on > today {
            continue;
        }
        store.act_as(Some(if *rep == treasurer { chair } else { treasurer }))?;
        store.claim_mark_paid(
            *claim,
            &dates::iso(paid_on),
            &format!("BACS {:04}", 2101 + n),
            "",
        )?;
    }
    // The funders' grants for the year (April to March): the council's nearly spent.
    store.act_as(Some(chair))?;
    let year = if last_month.month() >= 4 {
        last_month.year()
    } else {
        last_month.year() - 1
    };
    let (starts, ends) = (format!("{year}-04-01"), format!("{}-03-31", year + 1));
    let grant = |funder: i64, name: &str, amount: String| BudgetInput {
        id: None,
        funder_id: funder,
        name: name.into(),
        amount,
        starts_on: starts.clone(),
        ends_on: ends.clone(),
        pays_time: true,
        pays_travel: true,
        pays_childcare: true,
        pays_other: true,
    };
    let council_grant =
        store.budget_save(&grant(council, "Participation grant", "100000.00".into()))?;
    // Set so that what is spent so far is about 93% of it: past the 90% warning.
    let spent = council_grant.spent_pence.max(100);
    let amount = (spent * 100 / 93).div_euclid(100).max(1) * 100 + 100;
    store.budget_save(&BudgetInput {
        id: Some(council_grant.id),
        ..grant(
            council,
            "Participation grant",
            crate::text::format_pence(amount).replace(['£', ','], ""),
        )
    })?;
    store.budget_save(&grant(
        nhs,
        "Children's health participation",
        "6000.00".into(),
    ))?;

    store.act_as(Some(chair))?;
    at(store, today, 12);
    super::projects::add(store, today, strategy, pathway, &meetings)?;
    super::reach::add(store, &member_ids, copro)?;
    store.set_clock(Clock::System);
    Ok(DemoOutcome::Created {
        members: member_ids.len(),
        meetings: meetings.len(),
        claims,
    })
}

const NURSERY: usize = 0;
const CHILDMINDER: usize = 1;
const TRAIN_TICKET: usize = 2;
const PARKING_TICKET: usize = 4;

/// Attaches one of the demo receipts to a line. Every real receipt is its own photo, so each
/// attachment gets a few bytes of its own after the image data (viewers ignore them): the
/// same-receipt check then has nothing to flag, as it would for real photos.
fn attach(store: &mut Store, line_id: i64, which: usize) -> Result<()> {
    let (name, bytes) = RECEIPTS[which];
    let mut own = bytes.to_vec();
    own.extend_from_slice(format!("demo receipt for line {line_id}").as_bytes());
    store.receipt_add(line_id, name, &own).map(|_| ())
}

fn email(name: &str) -> String {
    let ascii: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' => 'a',
            'é' | 'ë' => 'e',
            'í' => 'i',
            'ó' | 'ö' => 'o',
            'ł' => 'l',
            'ń' => 'n',
            'ś' => 's',
            'ż' | 'ź' => 'z',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect();
    format!(
        "{}@example.org",
        ascii.split_whitespace().collect::<Vec<_>>().join(".")
    )
}

impl LineInput {
    /// The same line, for other work rather than a meeting.
    fn with_activity(mut self, activity: String) -> Self {
        self.meeting_id = None;
        self.activity = activity;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ClaimFilter, MeetingFilter, MemberFilter};

    #[test]
    fn demo_builds_a_month_of_work_and_never_duplicates() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let out = create_demo(&mut store, today).unwrap();
        assert!(
            matches!(
                out,
                DemoOutcome::Created {
                    members: 40,
                    meetings: 8,
                    ..
                }
            ),
            "{out:?}"
        );
        let members = store.members_list(&MemberFilter::default()).unwrap().len();
        let last = store
            .claims_list(&ClaimFilter {
                month: "2026-10".into(),
                ..Default::default()
            })
            .unwrap();
        let this = store
            .claims_list(&ClaimFilter {
                month: "2026-11".into(),
                ..Default::default()
            })
            .unwrap();
        assert!(last.len() >= 5, "{last:?}");
        assert!(
            last.iter().all(
                |c| matches!(c.status, ClaimStatus::Approved | ClaimStatus::Paid)
                    && c.total_pence > 0
            ),
            "{last:?}"
        );
        // Paid a week in, but one: waiting 24 days, past the 14-day target.
        store.set_clock(crate::store::Clock::at(today));
        let waiting = store.claims_waiting().unwrap();
        assert_eq!(waiting.count, 1, "{waiting:?}");
        assert_eq!(waiting.longest[0].days_waiting, 24);
        assert_eq!(
            last.iter()
                .filter(|c| c.status == ClaimStatus::Paid)
                .count(),
            last.len() - 1
        );
        // The council's grant is past 90% and not past 100%; the NHS pays its own rates.
        let budgets = store.budgets_list(None).unwrap();
        let council = budgets
            .iter()
            .find(|b| b.funder_name.contains("Council"))
            .unwrap();
        assert!(
            council.spent_pence * 10 > council.amount_pence * 9,
            "{council:?}"
        );
        assert!(council.spent_pence <= council.amount_pence, "{council:?}");
        let nhs_rates: Vec<_> = store
            .policies_list()
            .unwrap()
            .into_iter()
            .filter(|p| p.funder_id.is_some())
            .collect();
        assert_eq!(nhs_rates.len(), 1);
        assert!(nhs_rates[0]
            .funder_name
            .as_deref()
            .unwrap()
            .starts_with("NHS"));
        // Łukasz has Carer's Allowance and one month (this one, when last month's claim was
        // paid) over the limit.
        let lukasz = store
            .reps_list()
            .unwrap()
            .into_iter()
            .find(|r| r.name == "Łukasz Nowak")
            .unwrap()
            .member_id;
        assert!(store.carers_allowance_get(lukasz).unwrap());
        let months = store.earnings_months(lukasz, "2026-04", "2027-03").unwrap();
        let over: Vec<&str> = months
            .iter()
            .filter(|m| m.over_limit)
            .map(|m| m.month.as_str())
            .collect();
        assert_eq!(over, vec!["2026-11"]);
        assert!(
            !this.is_empty() && this.iter().all(|c| c.status == ClaimStatus::Draft),
            "{this:?}"
        );
        assert_eq!(store.people_list().unwrap().len(), 5);
        let projects = store.projects_list().unwrap();
        assert_eq!(projects.len(), 2);
        assert_eq!(store.escalations_open().unwrap().len(), 1);
        let nd = projects.iter().find(|p| p.feedback_count == 4).unwrap();
        assert_eq!(nd.average_rating.as_deref(), Some("7.5"));
        assert!(
            nd.hours.cost_pence > 0,
            "the pathway meetings' lines count: {nd:?}"
        );
        assert_eq!(store.issues_list("", "").unwrap().len(), 4);
        let outcomes = store.outcomes_list("", "").unwrap();
        assert_eq!(outcomes.len(), 4, "{outcomes:?}");
        assert!(
            outcomes.iter().any(|o| o.decision_id.is_some()),
            "one follows up a decision"
        );
        let meetings = store.meetings_list(&MeetingFilter::default()).unwrap();
        assert_eq!(meetings.iter().filter(|m| m.finalised).count(), 4);

        // A second run changes nothing.
        let again = create_demo(&mut store, today).unwrap();
        assert_eq!(
            again,
            DemoOutcome::AlreadySetUp {
                forum: "Eastbridge Parent Carer Forum".into()
            }
        );
        assert_eq!(
            store.members_list(&MemberFilter::default()).unwrap().len(),
            members
        );
        assert_eq!(
            store.claims_list(&ClaimFilter::default()).unwrap().len(),
            last.len() + this.len()
        );
    }

    /// The demo's records tell a story a finance officer could audit: nothing happens before
    /// what it follows (a claim approved before it was submitted, paid before it was approved,
    /// attendance recorded before the meeting met) and nothing after the day it was made,
    /// whichever day of the month that is.
    #[test]
    fn the_demos_story_runs_in_order_on_any_day() {
        for (y, m, d) in [
            (2027, 1, 1),
            (2026, 12, 2),
            (2026, 12, 3),
            (2026, 12, 9),
            (2026, 11, 25),
            (2027, 3, 31),
        ] {
            let today = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let mut store = Store::open_in_memory().unwrap();
            create_demo(&mut store, today).unwrap();
            let conn = store.connection();
            let rows = |sql: &str| -> Vec<String> {
                let mut st = conn.prepare(sql).unwrap();
                st.query_map([], |r| r.get::<_, String>(0))
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect()
            };
            let end_of_today = format!("{}T23:59:59", dates::iso(today));
            let claims_out_of_order = rows(
                "SELECT id || ': submitted ' || submitted_at || ', approved ' || approved_at || ', paid ' || ifnull(paid_on, '-')
                 FROM claims WHERE approved_at IS NOT NULL
                 AND (approved_at < submitted_at OR paid_on < substr(approved_at, 1, 10))",
            );
            assert!(
                claims_out_of_order.is_empty(),
                "{today}: {claims_out_of_order:?}"
            );
            let before_meeting = rows(
                "SELECT m.starts_at || ' ' || a.action || ' at ' || a.at FROM audit_log a
                 JOIN meetings m ON a.entity = 'meeting' AND a.entity_id = m.id
                 WHERE a.action IN ('changed the decisions', 'recorded an action', 'finalised a meeting''s notes', 'recorded a partner''s sign-off of the notes')
                 AND a.at < m.starts_at",
            );
            assert!(before_meeting.is_empty(), "{today}: {before_meeting:?}");
            let later = rows(&format!(
                "SELECT action || ' at ' || at FROM audit_log WHERE at > '{end_of_today}'
                 UNION ALL SELECT 'claim paid on ' || paid_on FROM claims WHERE paid_on > '{}'",
                dates::iso(today)
            ));
            assert!(later.is_empty(), "{today}: {later:?}");
        }
    }

    #[test]
    fn demo_works_early_in_a_month() {
        let mut store = Store::open_in_memory().unwrap();
        create_demo(&mut store, NaiveDate::from_ymd_opt(2027, 1, 2).unwrap()).unwrap();
        let last = store
            .claims_list(&ClaimFilter {
                month: "2026-12".into(),
                ..Default::default()
            })
            .unwrap();
        assert!(!last.is_empty(), "December's claims should be there");
        assert!(last.iter().all(|c| c.status == ClaimStatus::Approved));
    }
}
