//! Members: CSV import and export, consent for children's details, subject access and
//! erasure, and the audit log.

mod common;

use common::*;
use forumdesk_core::model::{ChildInput, MemberFilter, MemberInput};
use rusqlite::params;

fn member_count(fx: &Fx) -> i64 {
    fx.store
        .connection()
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap()
}

fn alice(fx: &mut Fx) -> i64 {
    fx.as_person(fx.chair);
    fx.store
        .member_save(&MemberInput {
            name: "Alice Able".into(),
            known_as: "Ali".into(),
            email: "alice@example.org".into(),
            phone: "01234 567890".into(),
            postcode: "ab1 2cd".into(),
            joined_on: "12/03/2024".into(),
            status: "active".into(),
            consent_email: false,
            consent_phone: true,
            consent_post: false,
            ..Default::default()
        })
        .unwrap()
        .id
}

// ---------- CSV import ----------

#[test]
fn import_preview_shows_each_row_and_saves_nothing() {
    let mut fx = fixture("2026-07-01");
    alice(&mut fx);
    let before = member_count(&fx);
    let csv = "name,email,phone\nAlice Able,alice@example.org,\nBob Brown,bob@example.org,07700 900123\nNo Email,bad-address,\n";
    let p = fx.store.members_import_preview(csv).unwrap();
    assert_eq!((p.adds, p.updates, p.errors), (1, 1, 1));
    let rows: Vec<(usize, &str, &str)> = p
        .rows
        .iter()
        .map(|r| (r.line, r.action.as_str(), r.name.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (2, "update", "Alice Able"),
            (3, "add", "Bob Brown"),
            (4, "error", "No Email")
        ]
    );
    assert!(
        p.rows[2].errors.iter().any(|e| e.contains("bad-address")),
        "{:?}",
        p.rows[2].errors
    );
    assert!(p.rows[0].errors.is_empty() && p.rows[1].errors.is_empty());
    assert_eq!(member_count(&fx), before);
}

#[test]
fn import_matches_on_email_ignoring_case_and_blank_cells_keep_existing_data() {
    let mut fx = fixture("2026-07-01");
    let id = alice(&mut fx);
    let before = member_count(&fx);
    let csv = "Name,Email Address,Phone,Postcode,Known As,Joined,Status,consent_email,consent_phone,consent_post\n\
               Alice Able-Smith,ALICE@Example.ORG,,,,,,yes,,\n";
    let p = fx.store.members_import_preview(csv).unwrap();
    assert_eq!((p.adds, p.updates, p.errors), (0, 1, 0), "{:?}", p.rows);
    let r = fx.store.members_import_commit(csv).unwrap();
    assert_eq!((r.added, r.updated), (0, 1));
    assert_eq!(member_count(&fx), before);
    let m = fx.store.member_get(id).unwrap();
    assert_eq!(m.name, "Alice Able-Smith");
    assert!(m.consent_email);
    // Blank cells left these alone.
    assert_eq!(m.phone, "01234 567890");
    assert_eq!(m.postcode, "AB1 2CD");
    assert_eq!(m.known_as, "Ali");
    assert_eq!(m.joined_on.as_deref(), Some("2024-03-12"));
    assert_eq!(m.status, "active");
    assert!(m.consent_phone);
    assert!(!m.consent_post);
}

#[test]
fn any_bad_row_means_nothing_is_imported() {
    let mut fx = fixture("2026-07-01");
    alice(&mut fx);
    let before = member_count(&fx);
    let csv = "name,email,status,consent_post\n\
               Carol Cole,carol@example,active,no\n\
               Dan Dale,dan@example.org,retired,no\n\
               Eve East,eve@example.org,active,maybe\n\
               Fay Ford,fay@example.org,,\n\
               Gus Grey,FAY@example.org,lapsed,\n\
               Hal Hill,hal@example.org,lapsed,yes\n";
    let p = fx.store.members_import_preview(csv).unwrap();
    let actions: Vec<(usize, &str)> = p.rows.iter().map(|r| (r.line, r.action.as_str())).collect();
    assert_eq!(
        actions,
        vec![
            (2, "error"),
            (3, "error"),
            (4, "error"),
            (5, "add"),
            (6, "error"),
            (7, "add")
        ]
    );
    assert_eq!((p.adds, p.updates, p.errors), (2, 0, 4));
    let err = |line: usize| {
        p.rows
            .iter()
            .find(|r| r.line == line)
            .unwrap()
            .errors
            .join(" ")
    };
    assert!(err(2).contains("carol@example"), "{}", err(2));
    assert!(err(3).to_lowercase().contains("status"), "{}", err(3));
    assert!(err(4).contains("consent post"), "{}", err(4));
    assert!(err(6).contains("line 5"), "{}", err(6));

    expect_invalid(fx.store.members_import_commit(csv), "file");
    assert_eq!(member_count(&fx), before);
    let found = fx
        .store
        .members_list(&MemberFilter {
            text: "example.org".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(
        found
            .iter()
            .all(|m| !["Fay Ford", "Hal Hill"].contains(&m.name.as_str())),
        "{found:?}"
    );
}

#[test]
fn a_clean_file_is_imported_in_one_go() {
    let mut fx = fixture("2026-07-01");
    let id = alice(&mut fx);
    let before = member_count(&fx);
    let csv = "name,email,phone,status,consent_email\n\
               Alice Able,alice@example.org,01234 000000,lapsed,y\n\
               Bob Brown,bob@example.org,07700 900123,,no\n\
               Cat Cole,,,left,\n";
    let r = fx.store.members_import_commit(csv).unwrap();
    assert_eq!((r.added, r.updated), (2, 1));
    assert_eq!(member_count(&fx), before + 2);
    let a = fx.store.member_get(id).unwrap();
    assert_eq!(
        (a.phone.as_str(), a.status.as_str(), a.consent_email),
        ("01234 000000", "lapsed", true)
    );
    let bob = fx
        .store
        .members_list(&MemberFilter {
            text: "bob@example.org".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(bob.len(), 1);
    assert_eq!(
        (bob[0].name.as_str(), bob[0].status.as_str()),
        ("Bob Brown", "active")
    );
    let cat = fx
        .store
        .members_list(&MemberFilter {
            text: "Cat Cole".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(cat[0].status, "left");
    // One audit entry for the whole import.
    let entry = &fx.store.audit_list(1).unwrap()[0];
    assert_eq!(entry.action, "imported members from a CSV file");
    assert_eq!(entry.detail, "2 added, 1 updated");
    assert_eq!(entry.actor_name, CHAIR);
}

#[test]
fn an_unknown_column_is_refused_by_name() {
    let mut fx = fixture("2026-07-01");
    let before = member_count(&fx);
    let csv = "name,email,shoe_size\nBob Brown,bob@example.org,9\n";
    let msg = expect_invalid(fx.store.members_import_preview(csv), "file");
    assert!(msg.contains("shoe_size"), "{msg}");
    let msg = expect_invalid(fx.store.members_import_commit(csv), "file");
    assert!(msg.contains("shoe_size"), "{msg}");
    assert_eq!(member_count(&fx), before);
    // A file without a name column is refused too.
    expect_invalid(
        fx.store.members_import_preview("email\nbob@example.org\n"),
        "file",
    );
}

// ---------- CSV export ----------

#[test]
fn export_neutralises_cells_a_spreadsheet_would_run() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.chair);
    fx.store
        .member_save(&MemberInput {
            name: "=HYPERLINK(\"http://evil.example\",\"Click\")".into(),
            email: "formula@example.org".into(),
            phone: "+44 7700 900123".into(),
            known_as: "@admin".into(),
            ..Default::default()
        })
        .unwrap();
    let text = fx.store.members_export_csv_text().unwrap();
    assert!(text.contains("'=HYPERLINK("), "{text}");
    assert!(text.contains("'+44 7700 900123"), "{text}");
    assert!(text.contains("'@admin"), "{text}");
    for line in text.lines() {
        for cell in line.split(',') {
            let c = cell.trim_start_matches('"');
            assert!(
                !c.starts_with(['=', '+', '@']),
                "unneutralised cell {cell} in {line}"
            );
        }
    }
    // The file the window saves carries the same text.
    let dir = tempfile::tempdir().unwrap();
    fx.store.set_exports_dir(dir.path().to_path_buf());
    let saved = fx.store.members_export_csv().unwrap();
    assert_eq!(std::fs::read_to_string(&saved.path).unwrap(), text);
}

#[test]
fn export_then_import_changes_nothing() {
    let mut fx = fixture("2026-07-01");
    alice(&mut fx);
    fx.store
        .member_save(&MemberInput {
            name: "=HYPERLINK(\"http://evil.example\",\"Click\")".into(),
            email: "formula@example.org".into(),
            phone: "+44 7700 900123".into(),
            known_as: "-dash".into(),
            status: "lapsed".into(),
            consent_post: true,
            ..Default::default()
        })
        .unwrap();
    let ids: Vec<i64> = fx
        .store
        .members_list(&MemberFilter::default())
        .unwrap()
        .iter()
        .map(|m| m.id)
        .collect();
    let before: Vec<_> = ids
        .iter()
        .map(|id| fx.store.member_get(*id).unwrap())
        .collect();
    let text = fx.store.members_export_csv_text().unwrap();
    let p = fx.store.members_import_preview(&text).unwrap();
    assert_eq!(
        (p.adds, p.updates, p.errors),
        (0, ids.len(), 0),
        "{:?}",
        p.rows
    );
    let r = fx.store.members_import_commit(&text).unwrap();
    assert_eq!((r.added, r.updated), (0, ids.len()));
    let after: Vec<_> = ids
        .iter()
        .map(|id| fx.store.member_get(*id).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(member_count(&fx), ids.len() as i64);
}

// ---------- children's details need consent ----------

#[test]
fn childrens_details_need_recorded_consent() {
    let mut fx = fixture("2026-07-01");
    let id = alice(&mut fx);
    let child = ChildInput {
        member_id: id,
        name: "J".into(),
        age_band: "5-10".into(),
        needs: "Autism".into(),
        ..Default::default()
    };
    expect_invalid(fx.store.child_save(&child), "children");
    assert!(fx.store.member_get(id).unwrap().children.is_empty());

    fx.today("2026-07-02");
    let m = fx.store.member_set_children_consent(id, true).unwrap();
    assert_eq!(m.children_consent_on.as_deref(), Some("2026-07-02"));
    assert_eq!(m.children_consent_by.as_deref(), Some(CHAIR));
    let m = fx.store.child_save(&child).unwrap();
    assert_eq!(m.children.len(), 1);
    assert_eq!(
        (m.children[0].name.as_str(), m.children[0].needs.as_str()),
        ("J", "Autism")
    );
    // The audit log names the change, never the child's needs.
    let entry = &fx.store.audit_list(1).unwrap()[0];
    assert_eq!(entry.action, "added a child's details");
    assert!(!entry.detail.contains("Autism"));

    let m = fx.store.member_set_children_consent(id, false).unwrap();
    assert!(m.children.is_empty());
    assert_eq!((m.children_consent_on, m.children_consent_by), (None, None));
    let left: i64 = fx
        .store
        .connection()
        .query_row(
            "SELECT count(*) FROM children WHERE member_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    expect_invalid(fx.store.child_save(&child), "children");
}

#[test]
fn the_database_refuses_children_without_consent() {
    let mut fx = fixture("2026-07-01");
    let id = alice(&mut fx);
    let conn = fx.store.connection();
    assert!(conn
        .execute(
            "INSERT INTO children (member_id, name) VALUES (?1, 'J')",
            [id]
        )
        .is_err());
    let n: i64 = conn
        .query_row("SELECT count(*) FROM children", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    // Nor can a child be moved to a member who has not consented.
    fx.store.member_set_children_consent(id, true).unwrap();
    fx.store
        .child_save(&ChildInput {
            member_id: id,
            name: "J".into(),
            ..Default::default()
        })
        .unwrap();
    let conn = fx.store.connection();
    assert!(conn
        .execute("UPDATE children SET member_id = ?1", [fx.rep])
        .is_err());
    let owner: i64 = conn
        .query_row("SELECT member_id FROM children", [], |r| r.get(0))
        .unwrap();
    assert_eq!(owner, id);
}

// ---------- subject access and erasure ----------

/// Rita with a paid claim and a child on record.
fn rita_with_history(fx: &mut Fx) -> i64 {
    let jun = fx.claim(fx.rep, fx.council, "2026-06");
    fx.add(jun, &time_line("2026-06-10", "90"));
    fx.add(jun, &mileage_line("2026-06-10", "24.5", "car", ""));
    fx.submit_and_approve(jun);
    fx.store
        .claim_mark_paid(jun, "2026-07-01", "BACS 42", "")
        .unwrap();
    fx.as_person(fx.chair);
    fx.store.member_set_children_consent(fx.rep, true).unwrap();
    fx.store
        .child_save(&ChildInput {
            member_id: fx.rep,
            name: "K".into(),
            ..Default::default()
        })
        .unwrap();
    jun
}

#[test]
fn subject_access_export_holds_the_member_and_their_claims() {
    let mut fx = fixture("2026-07-01");
    let jun = rita_with_history(&mut fx);
    let doc = fx.store.member_data_json(fx.rep).unwrap();
    assert_eq!(doc["member"]["name"], REP);
    assert_eq!(doc["member"]["email"], "rita@example.org");
    assert_eq!(doc["member"]["children"][0]["name"], "K");
    assert_eq!(doc["representative"]["member_id"], fx.rep);
    let claims = doc["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0]["id"], jun);
    assert_eq!(claims[0]["month"], "2026-06");
    assert_eq!(claims[0]["status"], "paid");
    assert_eq!(claims[0]["total_pence"], 2250 + 1103);
    let lines = doc["claim_lines"].as_array().unwrap();
    let mut amounts: Vec<i64> = lines
        .iter()
        .map(|l| l["amount_pence"].as_i64().unwrap())
        .collect();
    amounts.sort();
    assert_eq!(amounts, vec![1103, 2250]);
    assert_eq!(doc["produced_on"], "2026-07-01");

    let dir = tempfile::tempdir().unwrap();
    fx.store.set_exports_dir(dir.path().to_path_buf());
    let saved = fx.store.member_export_json(fx.rep).unwrap();
    let read: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&saved.path).unwrap()).unwrap();
    assert_eq!(read["member"]["name"], REP);
    // A second export never overwrites the first.
    let again = fx.store.member_export_json(fx.rep).unwrap();
    assert_ne!(again.path, saved.path);
    assert!(std::path::Path::new(&saved.path).exists());
}

#[test]
fn erasure_needs_the_name_repeated() {
    let mut fx = fixture("2026-07-01");
    rita_with_history(&mut fx);
    expect_invalid(fx.store.member_erase(fx.rep, "Rita Reps"), "confirm_name");
    let m = fx.store.member_get(fx.rep).unwrap();
    assert_eq!((m.name.as_str(), m.erased_on), (REP, None));
    assert_eq!(m.children.len(), 1);
}

#[test]
fn erasure_removes_personal_data_but_keeps_the_accounts() {
    let mut fx = fixture("2026-07-01");
    let jun = rita_with_history(&mut fx);
    let amounts_before: Vec<i64> = fx
        .store
        .claim_get(jun)
        .unwrap()
        .lines
        .iter()
        .map(|l| l.amount_pence)
        .collect();
    let m = fx.store.member_erase(fx.rep, "  rita rep ").unwrap();
    let anon = format!("Former member M-{:05}", fx.rep);
    assert_eq!(anon, "Former member M-00003"); // the fixture's third member
    assert_eq!(m.name, anon);
    assert_eq!(m.anon_ref, anon);
    assert_eq!(m.erased_on.as_deref(), Some("2026-07-01"));
    assert_eq!(
        (
            m.email.as_str(),
            m.phone.as_str(),
            m.postcode.as_str(),
            m.known_as.as_str()
        ),
        ("", "", "", "")
    );
    assert_eq!(m.joined_on, None);
    assert!(m.children.is_empty());
    assert_eq!(m.children_consent_on, None);
    let raw: (String, i64) = fx
        .store
        .connection()
        .query_row("SELECT name, (SELECT count(*) FROM children WHERE member_id = ?1) FROM members WHERE id = ?1", [fx.rep], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(raw, (String::new(), 0));

    // The claim and its amounts stay, under the anonymous reference.
    let view = fx.store.claim_get(jun).unwrap();
    assert_eq!(view.summary.rep_name, anon);
    assert_eq!(view.summary.status, "paid");
    assert_eq!(
        view.lines
            .iter()
            .map(|l| l.amount_pence)
            .collect::<Vec<_>>(),
        amounts_before
    );
    // What Rita did is still in the log, under the anonymous reference.
    let log = fx.store.audit_list(1000).unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "submitted a claim" && e.actor_name == anon),
        "{log:?}"
    );
    assert!(
        log.iter()
            .all(|e| e.actor_name != REP && !e.detail.contains(REP)),
        "{log:?}"
    );
    // The subject access file now holds nothing personal.
    let doc = fx.store.member_data_json(fx.rep).unwrap();
    assert_eq!(doc["member"]["name"], anon.as_str());
    assert_eq!(doc["member"]["email"], "");
    // Erased people can no longer use the app, and are not found by their old name.
    assert!(fx
        .store
        .people_list()
        .unwrap()
        .iter()
        .all(|p| p.id != fx.rep));
    assert!(fx
        .store
        .members_list(&MemberFilter {
            text: "Rita".into(),
            ..Default::default()
        })
        .unwrap()
        .is_empty());
    // Nor can they be edited back.
    expect_code(
        fx.store.member_save(&MemberInput {
            id: Some(fx.rep),
            name: REP.into(),
            ..Default::default()
        }),
        "locked",
    );
}

#[test]
fn you_cannot_erase_yourself() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.treasurer);
    expect_code(
        fx.store.member_erase(fx.treasurer, TREASURER),
        "not_allowed",
    );
    assert_eq!(fx.store.member_get(fx.treasurer).unwrap().erased_on, None);
}

// ---------- audit log ----------

#[test]
fn changes_are_logged_under_the_acting_persons_name() {
    let mut fx = fixture("2026-07-01");
    fx.as_person(fx.treasurer);
    let id = add_member(&mut fx.store, "Zed Zee", "zed@example.org");
    let entry = &fx.store.audit_list(1).unwrap()[0];
    assert_eq!(entry.actor_name, TREASURER);
    assert_eq!(entry.action, "added a member");
    assert_eq!(entry.entity, "member");
    assert_eq!(entry.entity_id, Some(id));
    assert_eq!(entry.at, "2026-07-01T12:00:00");
}

#[test]
fn the_audit_log_cannot_be_changed_or_deleted() {
    let fx = fixture("2026-07-01");
    let conn = fx.store.connection();
    let count = || -> i64 {
        conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    };
    let n = count();
    assert!(n > 0);
    let first: (i64, String, String) = conn
        .query_row(
            "SELECT id, action, detail FROM audit_log ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert!(conn
        .execute(
            "UPDATE audit_log SET action = 'nothing happened' WHERE id = ?1",
            [first.0]
        )
        .is_err());
    assert!(conn
        .execute("UPDATE audit_log SET detail = 'x'", [])
        .is_err());
    assert!(conn
        .execute("DELETE FROM audit_log WHERE id = ?1", [first.0])
        .is_err());
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    assert_eq!(count(), n);
    let again: (i64, String, String) = conn
        .query_row(
            "SELECT id, action, detail FROM audit_log WHERE id = ?1",
            params![first.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(again, first);
}

/// The window reads the members list a page at a time: each page in list order, with the
/// total that match; a rep's pages hold only their own record.
#[test]
fn the_members_list_comes_a_page_at_a_time() {
    let mut fx = fixture("2026-06-20");
    fx.as_person(fx.chair);
    let all = fx.store.members_list(&MemberFilter::default()).unwrap();
    assert!(all.len() >= 4, "{all:?}");
    let first = fx
        .store
        .members_page(&MemberFilter::default(), 0, 2)
        .unwrap();
    assert_eq!(first.total, all.len() as i64);
    assert_eq!(first.offset, 0);
    assert_eq!(
        first.members.iter().map(|m| m.id).collect::<Vec<_>>(),
        all[..2].iter().map(|m| m.id).collect::<Vec<_>>()
    );
    let second = fx
        .store
        .members_page(&MemberFilter::default(), 2, 2)
        .unwrap();
    assert_eq!(
        second.members.iter().map(|m| m.id).collect::<Vec<_>>(),
        all[2..4].iter().map(|m| m.id).collect::<Vec<_>>()
    );
    // A search counts only what it matches.
    let rita = fx
        .store
        .members_page(
            &MemberFilter {
                text: "rita".into(),
                ..Default::default()
            },
            0,
            100,
        )
        .unwrap();
    assert_eq!((rita.total, rita.members.len()), (1, 1));
    // A rep sees a page of one: themselves.
    fx.as_person(fx.rep);
    let own = fx
        .store
        .members_page(&MemberFilter::default(), 0, 100)
        .unwrap();
    assert_eq!(own.total, 1);
    assert_eq!(own.members[0].id, fx.rep);
}

/// The activity log comes a page at a time, newest first, with how many entries there are;
/// only officers may read it.
#[test]
fn the_activity_log_comes_a_page_at_a_time() {
    let mut fx = fixture("2026-06-20");
    fx.as_person(fx.chair);
    let all = fx.store.audit_list(10_000).unwrap();
    assert!(all.len() >= 5, "{all:?}");
    let ids = |entries: &[forumdesk_core::model::AuditEntry]| {
        entries.iter().map(|e| e.id).collect::<Vec<_>>()
    };
    let first = fx.store.audit_page(0, 2).unwrap();
    assert_eq!((first.total, first.offset), (all.len() as i64, 0));
    assert_eq!(ids(&first.entries), ids(&all[..2]));
    assert!(first.entries[0].id > first.entries[1].id, "newest first");
    let next = fx.store.audit_page(2, 3).unwrap();
    assert_eq!(ids(&next.entries), ids(&all[2..5]));
    let past = fx.store.audit_page(all.len() as i64, 3).unwrap();
    assert!(past.entries.is_empty());
    assert_eq!(past.total, all.len() as i64);
    // A negative offset starts at the newest rather than failing.
    assert_eq!(
        ids(&fx.store.audit_page(-5, 1).unwrap().entries),
        ids(&all[..1])
    );
    fx.as_person(fx.rep);
    assert!(matches!(
        fx.store.audit_page(0, 10),
        Err(forumdesk_core::CoreError::NotAllowed(_))
    ));
}
