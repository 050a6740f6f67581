//! Figures that cannot be mistyped: money with a decimal comma, impossible and future dates,
//! names, every problem of a form at once, first-run set-up's email, one name for the forum
//! in meetings, and members' CSV files as Excel saves them.

mod common;

use common::*;
use forumdesk_core::model::{
    FunderInput, GroupInput, GroupOrg, LineInput, MeetingInput, MeetingPersonInput, MemberFilter,
    MemberInput, RepInput, SetupInput,
};
use forumdesk_core::{CoreError, Store};

/// Every field an error is about, in order.
fn fields(e: &CoreError) -> Vec<String> {
    e.fields().into_iter().map(|f| f.field).collect()
}

// ---------- money ----------

#[test]
fn a_decimal_comma_is_refused_not_multiplied_by_100() {
    let mut fx = fixture("2026-07-20");
    let claim = fx.claim(fx.rep, fx.council, "2026-07");
    // `4,50` as a fare used to be £450.00, and `12,50` childcare £1,250.00.
    let msg = expect_invalid(
        fx.store
            .line_add(claim, &amount_line("2026-07-03", "fares", "4,50")),
        "amount",
    );
    assert_eq!(msg, "Use a point for pence, like 4.50");
    let msg = expect_invalid(
        fx.store
            .line_add(claim, &childcare_line("2026-07-03", "2", "12,50")),
        "amount",
    );
    assert_eq!(msg, "Use a point for pence, like 4.50");
    assert!(fx.store.claim_get(claim).unwrap().lines.is_empty());
    // A thousands separator in its place and a pound sign are fine.
    let line = fx.add(claim, &amount_line("2026-07-03", "other", "£1,000.00"));
    assert_eq!(line.amount_pence, 100_000);
}

// ---------- dates ----------

#[test]
fn a_line_is_refused_until_it_has_happened() {
    let mut fx = fixture("2026-07-20");
    let claim = fx.claim(fx.rep, fx.council, "2026-07");
    let msg = expect_invalid(
        fx.store
            .line_add(claim, &amount_line("21/07/2026", "fares", "4.50")),
        "line_date",
    );
    assert_eq!(msg, "You can claim for this once it has happened.");
    // Today is fine, and so is tomorrow once tomorrow comes.
    fx.add(claim, &amount_line("20/07/2026", "fares", "4.50"));
    fx.today("2026-07-21");
    fx.as_person(fx.rep);
    fx.add(claim, &amount_line("21/07/2026", "fares", "4.50"));
    // Changing a line to a future date is refused too.
    let line = fx.add(claim, &amount_line("2026-07-10", "parking", "3.00"));
    expect_invalid(
        fx.store
            .line_update(line.id, &amount_line("2026-07-30", "parking", "3.00")),
        "line_date",
    );
}

#[test]
fn an_impossible_date_is_refused_beside_its_field() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let msg = expect_invalid(
        fx.store.member_save(&MemberInput {
            name: "Dee Date".into(),
            joined_on: "31/02/2026".into(),
            ..Default::default()
        }),
        "joined_on",
    );
    assert_eq!(
        msg,
        "The date they joined must be a real date: February 2026 has 28 days, so there is no 31/02/2026."
    );
    // Not saved as some other date, and not dropped.
    assert!(fx
        .store
        .members_list(&MemberFilter {
            text: "Dee Date".into(),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    // A US-order date is refused, not read as another day.
    let msg = expect_invalid(
        fx.store.member_save(&MemberInput {
            name: "Dee Date".into(),
            joined_on: "11/26/2025".into(),
            ..Default::default()
        }),
        "joined_on",
    );
    assert!(msg.contains("no month 26"), "{msg}");
    let m = fx
        .store
        .member_save(&MemberInput {
            name: "Dee Date".into(),
            joined_on: "26/11/2025".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(m.joined_on.as_deref(), Some("2025-11-26"));
}

#[test]
fn nobody_joined_in_the_future() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let msg = expect_invalid(
        fx.store.member_save(&MemberInput {
            name: "Fay Future".into(),
            joined_on: "21/07/2026".into(),
            ..Default::default()
        }),
        "joined_on",
    );
    assert!(msg.contains("cannot be in the future"), "{msg}");
    let m = fx
        .store
        .member_save(&MemberInput {
            name: "Fay Future".into(),
            joined_on: "20/07/2026".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(m.joined_on.as_deref(), Some("2026-07-20"));
}

// ---------- every error at once ----------

#[test]
fn the_member_form_reports_every_problem_at_once() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let e = fx
        .store
        .member_save(&MemberInput {
            name: " ".into(),
            email: "not an email".into(),
            phone: "call me".into(),
            joined_on: "31/02/2026".into(),
            status: "retired".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.code().as_str(), "invalid");
    assert_eq!(
        fields(&e),
        ["name", "email", "phone", "status", "joined_on"],
        "{e:?}"
    );
    assert_eq!(e.to_string(), "There are 5 problems with this form.");
    assert_eq!(e.field(), Some("name"));
    // An email another member has is reported with the rest, not on a later try.
    let e = fx
        .store
        .member_save(&MemberInput {
            name: String::new(),
            email: "RITA@example.org".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(fields(&e), ["name", "email"]);
    assert!(e.fields()[1].message.contains("Another member"), "{e:?}");
}

#[test]
fn a_claim_line_reports_every_problem_at_once() {
    let mut fx = fixture("2026-07-20");
    let claim = fx.claim(fx.rep, fx.council, "2026-07");
    let e = fx
        .store
        .line_add(
            claim,
            &LineInput {
                line_date: "31/06/2026".into(),
                kind: "mileage".into(),
                miles: "12,5".into(),
                passengers: "nine".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        fields(&e),
        [
            "line_date",
            "activity",
            "from_place",
            "to_place",
            "miles",
            "passengers"
        ],
        "{e:?}"
    );
    let e = fx
        .store
        .line_add(
            claim,
            &LineInput {
                line_date: "2026-08-02".into(),
                kind: "other".into(),
                activity: "Reading papers".into(),
                amount: "4,50".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(fields(&e), ["line_date", "description", "amount"]);
    assert_eq!(
        e.fields()[0].message,
        "You can claim for this once it has happened."
    );
    assert_eq!(e.fields()[2].message, "Use a point for pence, like 4.50");
}

#[test]
fn the_meeting_funder_and_policy_forms_report_every_problem_at_once() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let e = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: 0,
            title: String::new(),
            starts_at: "31/06/2026 10:00".into(),
            ends_at: "30/06/2026 25:00".into(),
            online_link: "meet.example.org".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(
        fields(&e),
        ["title", "group_id", "starts_at", "ends_at", "online_link"],
        "{e:?}"
    );
    // One date and two times, as the window sends them.
    let m = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: fx.board,
            title: "Board".into(),
            starts_at: "26/11/2026 10:00".into(),
            ends_at: "26/11/2026 11:30".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (m.starts_at.as_str(), m.ends_at.as_str()),
        ("2026-11-26T10:00", "2026-11-26T11:30")
    );

    let e = fx
        .store
        .funder_save(&FunderInput {
            name: String::new(),
            cost_code: "A\nB".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(fields(&e), ["name", "cost_code"]);

    let mut p = policy_input("31/02/2027", "15,00");
    p.car_first_band = "lots".into();
    p.receipt_threshold = "1,0000".into();
    let e = fx.store.policy_save(&p).unwrap_err();
    assert_eq!(
        fields(&e),
        [
            "effective_from",
            "recognition_hourly",
            "car_first_band",
            "receipt_threshold"
        ]
    );
}

// ---------- names ----------

#[test]
fn names_and_known_as_share_one_limit_and_refuse_control_characters() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let hundred = "N".repeat(100);
    let m = fx
        .store
        .member_save(&MemberInput {
            name: hundred.clone(),
            known_as: hundred.clone(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((m.name.len(), m.known_as.len()), (100, 100));
    let e = fx
        .store
        .member_save(&MemberInput {
            name: format!("{hundred}N"),
            known_as: format!("{hundred}N"),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(fields(&e), ["name", "known_as"]);
    for bad in ["Ann\nLee", "Ann\tLee", "Ann\u{1b}Lee", "Ann\u{9b}Lee"] {
        expect_invalid(
            fx.store.member_save(&MemberInput {
                name: bad.into(),
                ..Default::default()
            }),
            "name",
        );
    }
    // Multi-line fields keep their line breaks.
    let g = fx
        .store
        .group_save(&GroupInput {
            name: "Short Breaks Group".into(),
            notes: "Meets monthly.\r\nPapers a week before.".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(g.notes, "Meets monthly.\nPapers a week before.");
}

// ---------- first-run set-up ----------

#[test]
fn set_up_checks_the_email_like_the_member_form() {
    let dir = tempfile::tempdir().unwrap();
    let setup = |name: &str, email: &str, passphrase: &str| SetupInput {
        forum_name: "Anytown Parent Carer Forum".into(),
        your_name: name.into(),
        your_email: email.into(),
        passphrase: passphrase.into(),
    };
    let cheap = forumdesk_core::KdfParams::CHEAP_FOR_TESTS;
    // Every problem with the first-run form at once, the email worded as the member form's.
    let e = Store::create(
        dir.path(),
        &setup("Sam\u{7}Setup", "not an email", "password1"),
        cheap,
    )
    .map(|_| ())
    .unwrap_err();
    assert_eq!(
        fields(&e),
        ["your_name", "your_email", "passphrase"],
        "{e:?}"
    );
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let member_form = fx
        .store
        .member_save(&MemberInput {
            name: "Sam Setup".into(),
            email: "not an email".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.fields()[1].message, member_form.to_string());
    // Nothing was made: the folder is still empty and can be set up.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    // Blank is fine: not everybody gives one.
    Store::create(
        dir.path(),
        &setup("Sam Setup", "", "copper kettle marsh violin"),
        cheap,
    )
    .unwrap();
    // The in-memory set-up (tests, benchmarks) checks the same way.
    let mut mem = Store::open_in_memory().unwrap();
    let e = mem
        .setup_forum(&setup("Sam Setup", "sam@", ""))
        .unwrap_err();
    assert_eq!(fields(&e), ["your_email"], "{e:?}");
    assert!(mem.setup_needed().unwrap());
}

// ---------- one name for the forum ----------

#[test]
fn the_forum_is_one_organisation_in_a_meeting_however_it_was_typed() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    // The fixture's board lists the forum as "Parent Carer Forum".
    fx.store
        .rep_save(&RepInput {
            member_id: fx.rep,
            is_rep: true,
            started_on: "2025-01-01".into(),
            vehicle: "car".into(),
            active: true,
            group_ids: vec![fx.board],
            ..Default::default()
        })
        .unwrap();
    let m = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: fx.board,
            title: "Board".into(),
            starts_at: "2026-07-14T10:00".into(),
            ends_at: "2026-07-14T11:30".into(),
            ..Default::default()
        })
        .unwrap();
    fx.store.meeting_invite_group(m.id).unwrap();
    let person = |member_id: Option<i64>, name: &str, org: &str| MeetingPersonInput {
        meeting_id: m.id,
        member_id,
        name: name.into(),
        organisation: org.into(),
        attendance: "attended".into(),
        ..Default::default()
    };
    fx.store
        .meeting_person_save(&person(Some(fx.rep2), "", ""))
        .unwrap();
    fx.store
        .meeting_person_save(&person(Some(fx.treasurer), "", "forum"))
        .unwrap();
    fx.store
        .meeting_person_save(&person(None, "Pat Parent", "Testshire Parent Carer Forum"))
        .unwrap();
    let m = fx
        .store
        .meeting_person_save(&person(None, "Yan Youth", "Testshire Youth Forum"))
        .unwrap();
    let orgs: Vec<(&str, &str)> = m
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.organisation.as_str()))
        .collect();
    for (name, org) in &orgs {
        let want = if *name == "Yan Youth" {
            "Testshire Youth Forum"
        } else {
            "Parent Carer Forum"
        };
        assert_eq!(*org, want, "{name} in {orgs:?}");
    }
    // A group that does not list the forum uses the forum's own name.
    let g = fx
        .store
        .group_save(&GroupInput {
            name: "Transport Workstream".into(),
            orgs: vec![GroupOrg {
                organisation: "Council".into(),
                min_present: 1,
                ..Default::default()
            }],
            ..Default::default()
        })
        .unwrap();
    let m = fx
        .store
        .meeting_save(&MeetingInput {
            group_id: g.id,
            title: "Transport".into(),
            starts_at: "2026-07-15T10:00".into(),
            ends_at: "2026-07-15T11:00".into(),
            ..Default::default()
        })
        .unwrap();
    let m = fx
        .store
        .meeting_person_save(&MeetingPersonInput {
            meeting_id: m.id,
            member_id: Some(fx.rep),
            name: String::new(),
            organisation: "Parent Carer Forum".into(),
            attendance: "invited".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(m.people[0].organisation, "Testshire Parent Carer Forum");
    // Someone who is not a member still needs an organisation.
    expect_invalid(
        fx.store.meeting_person_save(&person(None, "Cllr Moss", "")),
        "organisation",
    );
}

// ---------- members' CSV files as Excel saves them ----------

fn names(p: &forumdesk_core::model::ImportPreview) -> Vec<&str> {
    p.rows.iter().map(|r| r.name.as_str()).collect()
}

#[test]
fn a_windows_1252_file_from_excel_keeps_its_accents() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let file = include_bytes!("data/members-excel-windows-1252.csv");
    // "á" is the one byte E1 here, as Windows-1252 writes it, not UTF-8's C3 A1.
    assert!(file.contains(&0xE1) && !file.windows(2).any(|w| w == [0xC3, 0xA1]));
    let p = fx.store.members_import_preview(file).unwrap();
    assert_eq!(p.encoding, "Windows-1252 (Excel on Windows)");
    assert_eq!(p.delimiter, "commas");
    assert_eq!(
        names(&p),
        [
            "Siobhán Ní Bhriain",
            "Zoë Lefèvre",
            "Renée Öztürk",
            "Seán Ó Briain"
        ]
    );
    assert_eq!((p.adds, p.errors), (4, 0), "{:?}", p.rows);
    fx.store.members_import_commit(file).unwrap();
    let m = fx
        .store
        .members_list(&MemberFilter {
            text: "siobhan@example.org".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(m[0].name, "Siobhán Ní Bhriain");
    assert_eq!(m[0].joined_on.as_deref(), Some("2024-09-03"));
}

#[test]
fn an_excel_unicode_text_file_is_utf16_with_tabs() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let file = include_bytes!("data/members-unicode-text.txt");
    let p = fx.store.members_import_preview(file).unwrap();
    assert_eq!(p.encoding, "UTF-16 (Excel's \"Unicode text\")");
    assert_eq!(p.delimiter, "tabs");
    assert_eq!(
        names(&p),
        ["Łukasz Wójcik", "Zofia Żółkiewska", "Małgorzata Dąbrowska"]
    );
    let r = fx.store.members_import_commit(file).unwrap();
    assert_eq!(r.added, 3);
    let m = fx
        .store
        .members_list(&MemberFilter {
            text: "zofia@example.org".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        (m[0].name.as_str(), m[0].known_as.as_str()),
        ("Zofia Żółkiewska", "Zosia")
    );

    // The same file without its byte-order mark is still recognised.
    let p = fx.store.members_import_preview(&file[2..]).unwrap();
    assert_eq!(names(&p)[0], "Łukasz Wójcik");
}

#[test]
fn a_semicolon_separated_file_is_recognised() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    let file = include_bytes!("data/members-semicolons.csv");
    let p = fx.store.members_import_preview(file).unwrap();
    assert_eq!(
        (p.encoding.as_str(), p.delimiter.as_str()),
        ("UTF-8", "semicolons")
    );
    assert_eq!(names(&p), ["Aoife Byrne", "Kowalski; Jan"]);
    assert_eq!((p.adds, p.errors), (2, 0));
    // A file whose columns cannot be told apart is explained, not guessed.
    let msg = expect_invalid(
        fx.store
            .members_import_preview("Naam|E-mail\nJan|jan@example.org\n"),
        "file",
    );
    assert!(
        msg.contains("commas, semicolons or tabs") && msg.contains("Naam|E-mail"),
        "{msg}"
    );
    // So is a workbook saved as .xlsx by mistake.
    let msg = expect_invalid(
        fx.store.members_import_preview(b"PK\x03\x04rest of a zip"),
        "file",
    );
    assert!(msg.contains("Save As"), "{msg}");
}

#[test]
fn rows_without_email_that_look_like_a_member_are_possible_duplicates() {
    let mut fx = fixture("2026-07-20");
    fx.as_person(fx.chair);
    // Rita is already a member, at BN7 9ZZ.
    fx.store
        .member_save(&MemberInput {
            id: Some(fx.rep),
            name: REP.into(),
            email: "rita@example.org".into(),
            postcode: "BN7 9ZZ".into(),
            ..Default::default()
        })
        .unwrap();
    let before = fx
        .store
        .members_list(&MemberFilter::default())
        .unwrap()
        .len();
    let file = include_bytes!("data/members-no-email-duplicates.csv");
    let p = fx.store.members_import_preview(file).unwrap();
    let actions: Vec<(usize, &str)> = p.rows.iter().map(|r| (r.line, r.action.as_str())).collect();
    assert_eq!(
        actions,
        [
            (2, "duplicate"),
            (3, "duplicate"),
            (4, "add"),
            (5, "duplicate")
        ]
    );
    assert_eq!((p.adds, p.duplicates, p.errors), (1, 3, 0));
    assert!(
        p.rows[0].note.contains("Rita Rep is already a member"),
        "{}",
        p.rows[0].note
    );
    assert!(p.rows[3].note.contains("line 4"), "{}", p.rows[3].note);
    let r = fx.store.members_import_commit(file).unwrap();
    assert_eq!((r.added, r.updated, r.skipped), (1, 0, 3));
    assert_eq!(
        fx.store
            .members_list(&MemberFilter::default())
            .unwrap()
            .len(),
        before + 1
    );
}
