//! Upgrading a database made by the previous version keeps every row, fills in what the new
//! schema adds, and keeps approved claims frozen.

mod common;

use common::PASSPHRASE;
use forumdesk_core::model::ClaimFilter;
use forumdesk_core::{db_path, file_kind, schema_version, FileKind, FolderState, KdfParams};
use forumdesk_core::{Clock, Store};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

const V1: &str = include_str!("../migrations/001_initial.sql");

/// A version-1 database with one approved and one submitted claim, written the way version 1
/// wrote it (plain SQL, since the version-1 code is gone).
fn make_v1(path: &std::path::Path) {
    let mut conn = Connection::open(path).unwrap();
    Migrations::new(vec![M::up(V1)])
        .to_latest(&mut conn)
        .unwrap();
    conn.execute_batch(
        "INSERT INTO forum (id, name) VALUES (1, 'Old Forum');
         INSERT INTO funders (id, name) VALUES (1, 'County Council');
         INSERT INTO policies (effective_from, recognition_hourly_pence, car_first_band_pence, car_after_band_pence,
            car_band_miles, motorcycle_pence, bicycle_pence, passenger_pence, childcare_cap_hourly_pence,
            claim_age_limit_months, receipt_threshold_pence) VALUES ('2025-04-06', 1500, 45, 25, 10000, 24, 20, 5, 1200, 3, 0);
         INSERT INTO members (id, name) VALUES (1, 'Chair Person'), (2, 'Rep Person');
         INSERT INTO reps (member_id, is_chair, started_on) VALUES (1, 1, '2024-01-01'), (2, 0, '2024-01-01');
         INSERT INTO claims (id, rep_id, funder_id, month, status, declaration, submitted_at)
             VALUES (1, 2, 1, '2026-09', 'draft', NULL, NULL), (2, 2, 1, '2026-10', 'draft', NULL, NULL);
         INSERT INTO claim_lines (claim_id, line_date, kind, activity, minutes, time_basis, rate_pence, amount_pence, created_at)
             VALUES (1, '2026-09-10', 'time', 'Board', 90, 'hourly', 1500, 2250, '2026-09-10T12:00:00'),
                    (2, '2026-10-10', 'time', 'Board', 60, 'hourly', 1500, 1500, '2026-10-10T12:00:00');
         INSERT INTO claim_lines (claim_id, line_date, kind, activity, from_place, to_place, miles_tenths, vehicle,
             passengers, first_band_tenths, after_band_tenths, first_band_pence, after_band_pence, passenger_pence,
             amount_pence, policy_id, created_at)
             VALUES (1, '2026-09-10', 'mileage', 'Board', 'Home', 'County Hall', 100, 'car', 0, 100, 0, 45, 25, 0,
                     450, 1, '2026-09-10T12:00:00');
         UPDATE claims SET status = 'approved', declaration = 'I declare', submitted_at = '2026-09-30T10:00:00',
             approved_by = 1, approved_at = '2026-10-01T10:00:00',
             accepted_warnings = '[\"Line 2 (10.0 miles on 10/09/2026) needs a receipt and has none.\",\"The claim is over the monthly guide.\"]'
             WHERE id = 1;
         UPDATE claims SET status = 'submitted', declaration = 'I declare', submitted_at = '2026-10-30T10:00:00' WHERE id = 2;",
    )
    .unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1);
}

#[test]
fn a_version_1_database_is_upgraded_in_place_and_keeps_its_rules() {
    let dir = tempfile::tempdir().unwrap();
    make_v1(&db_path(dir.path()));

    // A version-1 forum that had already signed a pack: its key and certificate were files.
    let since = chrono::Utc::now() - chrono::Duration::days(30);
    let legacy =
        forumdesk_export::ForumIdentity::load_or_create(dir.path(), "Old Forum", since).unwrap();
    let options = Store::sign_in_options(dir.path()).unwrap();
    assert_eq!(options.state, FolderState::Upgrade);
    assert_eq!(
        options
            .upgraders
            .iter()
            .map(|u| u.person_id)
            .collect::<Vec<_>>(),
        vec![1]
    );
    // The first officer to sign in after the upgrade chooses a passphrase; the data is then
    // encrypted in place, the copy checked first.
    let (mut store, recovery) =
        Store::upgrade(dir.path(), 1, PASSPHRASE, KdfParams::CHEAP_FOR_TESTS).unwrap();
    assert!(!recovery.recovery_key.is_empty());
    assert_eq!(
        file_kind(&db_path(dir.path())).unwrap(),
        FileKind::Encrypted
    );
    // No plain copy is left behind: no file in the folder is a plain SQLite database, and
    // the half-way copy is gone.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.contains("encrypting"), "{name} was left behind");
        if p.is_file() {
            let bytes = std::fs::read(&p).unwrap();
            assert!(
                !bytes.starts_with(b"SQLite format 3\0"),
                "{name} is a plain database"
            );
            assert!(
                !bytes.windows(9).any(|w| w == b"Rep Perso"),
                "{name} holds a member's name in clear"
            );
        }
    }
    // The old key moved into the officers' sign-in and its file is gone; the certificate,
    // which councils already trust, is unchanged.
    assert!(!dir.path().join("signing-key.pem").exists());
    assert_eq!(
        store.certificate_get().unwrap().fingerprint,
        legacy.fingerprint_sha256()
    );
    assert!(store.is_officer());
    store.set_clock(Clock::at(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
    ));
    let conn = store.connection();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema_version());
    assert!(schema_version() >= 3);

    // Every row is still there, and the new column is filled for submitted claims.
    let claims = store.claims_list(&ClaimFilter::default()).unwrap();
    assert_eq!(claims.len(), 2);
    assert_eq!(claims.iter().map(|c| c.total_pence).sum::<i64>(), 4200);
    // Money (migration 012): the policies table was rebuilt with a funder column, keeping
    // its ids, so the mileage line still points at its policy; the old default payment terms
    // now say 14 days, and the payment target is 14 days.
    let (policy_id, funder): (i64, Option<i64>) = conn
        .query_row(
            "SELECT p.id, p.funder_id FROM claim_lines l JOIN policies p ON p.id = l.policy_id WHERE l.kind = 'mileage'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((policy_id, funder), (1, None));
    let (terms, target): (String, i64) = conn
        .query_row(
            "SELECT payment_terms, payment_target_days FROM forum",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (terms.as_str(), target),
        ("Please pay within 14 days of receiving this claim.", 14)
    );
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
    let fks: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fks, 1, "foreign keys are on again after migrating");
    // Version 3: the approved car line now records the band size its policy had.
    let band: Option<i64> = conn
        .query_row(
            "SELECT band_miles FROM claim_lines WHERE kind = 'mileage'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(band, Some(10_000));
    let by: Vec<Option<i64>> = conn
        .prepare("SELECT submitted_by FROM claims ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(by, vec![Some(2), Some(2)]);

    // The approved claim is still frozen, including the new column.
    let err = conn
        .execute("UPDATE claims SET submitted_by = 1 WHERE id = 1", [])
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("FD-FROZEN: approved claims cannot be changed"),
        "{err}"
    );
    let err = conn
        .execute(
            "UPDATE claim_lines SET amount_pence = 1 WHERE claim_id = 1",
            [],
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("approved claims cannot be changed"),
        "{err}"
    );

    // Version 9: the accepted warnings are rows, each on the line it named (line 2 is the
    // mileage line: lines are numbered by date, then entry order), or on none.
    let warnings: Vec<(Option<String>, String)> = conn
        .prepare(
            "SELECT l.kind, w.message FROM accepted_warnings w LEFT JOIN claim_lines l ON l.id = w.line_id
             WHERE w.claim_id = 1 ORDER BY w.id",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert_eq!(warnings[0].0.as_deref(), Some("mileage"));
    assert_eq!(warnings[1].0, None);

    // Version 8: the claim approved before seals existed waits for an officer, who seals it
    // "at upgrade"; after that every check passes.
    let report = store.check_records().unwrap();
    assert!(report.ok, "{:?}", report.problems);
    assert!(
        report
            .checked
            .iter()
            .any(|c| c.contains("(1 sealed at upgrade)")),
        "{:?}",
        report.checked
    );
    let conn = store.connection();
    let sealed: Option<String> = conn
        .query_row(
            "SELECT signature FROM claim_seals WHERE claim_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sealed.is_some());

    // And the upgraded store works: the chair approves the submitted claim, with the
    // passphrase chosen at the upgrade.
    let approved = store.claim_approve(2, false, PASSPHRASE).unwrap();
    assert_eq!(approved.summary.status, "approved");
    assert_eq!(approved.submitted_by_name.as_deref(), Some("Rep Person"));
}

#[test]
fn an_empty_folder_gets_the_newest_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = common::new_forum(dir.path());
    let v: i64 = store
        .connection()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, schema_version());
    let cols: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM pragma_table_info('claims') WHERE name = 'submitted_by'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cols, 1);
}

const V2: &str = include_str!("../migrations/002_submitted_by_and_indexes.sql");
const V3: &str = include_str!("../migrations/003_trigger_codes_and_band_size.sql");

/// Meetings made before groups had terms of reference keep today's behaviour after the
/// upgrade: the old standards, everyone a member, every partner taking turns, no sign-off.
#[test]
fn meetings_made_before_terms_of_reference_keep_their_behaviour() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    {
        let mut conn = Connection::open(&path).unwrap();
        Migrations::new(vec![M::up(V1), M::up(V2), M::up(V3)])
            .to_latest(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO forum (id, name) VALUES (1, 'Old Forum');
             INSERT INTO members (id, name) VALUES (1, 'Chair Person');
             INSERT INTO reps (member_id, is_chair, started_on) VALUES (1, 1, '2024-01-01');
             INSERT INTO groups (id, name, quorum_total) VALUES (1, 'Board', 4);
             INSERT INTO group_orgs (group_id, organisation, min_present, position)
                 VALUES (1, 'Council', 2, 0), (1, 'Forum', 2, 1), (1, 'Health', 0, 2);
             INSERT INTO meetings (id, group_id, title, starts_at, ends_at, notice_sent_on, papers_sent_on, chair_org, note_taker_org)
                 VALUES (1, 1, 'Old meeting', '2026-10-20T10:00', '2026-10-20T12:00', '2026-10-10', '2026-10-15', 'Council', 'Forum'),
                        (2, 1, 'Next meeting', '2026-11-20T10:00', '2026-11-20T11:00', NULL, NULL, '', '');
             INSERT INTO meeting_people (meeting_id, name, organisation, attendance)
                 VALUES (1, 'C1', 'Council', 'attended'), (1, 'C2', 'Council', 'attended'),
                        (1, 'F1', 'Forum', 'attended'), (1, 'F2', 'Forum', 'attended');
             INSERT INTO agenda_items (meeting_id, position, title) VALUES (1, 1, 'Welcome');
             INSERT INTO decisions (meeting_id, position, text) VALUES (1, 1, 'Agreed');",
        )
        .unwrap();
    }
    // A forum from before sign-in: the chair's upgrade brings it up to date and encrypts it.
    let (mut store, _) =
        Store::upgrade(dir.path(), 1, PASSPHRASE, KdfParams::CHEAP_FOR_TESTS).unwrap();
    store.set_clock(Clock::at(
        chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
    ));
    let g = store.group_get(1).unwrap();
    assert_eq!(
        (
            g.standards.notice_days,
            g.standards.papers_days,
            g.standards.longest_minutes
        ),
        (14, 7, 90)
    );
    assert!(g
        .orgs
        .iter()
        .all(|o| o.rotates_chair && o.rotates_notes && !o.signs_off && o.aliases.is_empty()));
    assert_eq!(g.notes_rotation, "own_turn");
    let m = store.meeting_get(1).unwrap();
    // 10 days' notice, papers 5 days before, two hours: the same three warnings as before.
    assert_eq!(m.checks.warnings.len(), 3, "{:?}", m.checks.warnings);
    assert!(m.people.iter().all(|p| p.membership == "member"));
    assert!(m.checks.quorate, "{}", m.checks.quoracy_reason);
    assert!(m
        .checks
        .quoracy_reason
        .starts_with("Quorate: 4 members present"));
    assert!(!m.agenda[0].confidential && !m.decisions[0].confidential);
    assert!(m.exceptions.is_empty() && m.signoffs.is_empty() && m.notes_sent_on.is_none());
    // Every partner still takes turns: after the council chaired, it is the forum's turn,
    // and after the forum took notes, health's.
    let next = store.meeting_get(2).unwrap();
    assert_eq!(next.suggested_chair_org.as_deref(), Some("Forum"));
    assert_eq!(next.suggested_note_taker_org.as_deref(), Some("Health"));
    // England and Wales bank holidays come with the upgrade.
    let n: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM bank_holidays WHERE on_date BETWEEN '2025-01-01' AND '2027-12-31'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 24);
}
