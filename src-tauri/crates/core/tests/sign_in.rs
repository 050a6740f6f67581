//! Sign-in and the roles that hold: who may do what is decided in the core by the sign-in a
//! person used, never by a label they could change. Every rule is tested through the core,
//! on a real encrypted forum on disk.

mod common;

use common::{new_forum, PASSPHRASE};
use forumdesk_core::model::{
    Forum, FunderInput, LineInput, MemberFilter, MemberInput, PolicyInput, RepInput,
};
use forumdesk_core::{Clock, CoreError, Store};

const REP_PASSPHRASE: &str = "lantern orchard pebble quartz";

fn today() -> Clock {
    Clock::at(chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
}

/// A forum with the chair, a treasurer and a rep who both can sign in, a funder, and the rep's
/// submitted claim for November. Returns the chair's store and the ids.
struct World {
    dir: tempfile::TempDir,
    chair: i64,
    treasurer: i64,
    rep: i64,
    funder: i64,
    rep_claim: i64,
    treasurer_code: String,
}

fn member(store: &mut Store, name: &str, email: &str) -> i64 {
    store
        .member_save(&MemberInput {
            name: name.into(),
            email: email.into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn make_rep(store: &mut Store, id: i64, treasurer: bool) -> forumdesk_core::model::Rep {
    store
        .rep_save(&RepInput {
            member_id: id,
            is_treasurer: treasurer,
            is_rep: true,
            started_on: "2026-01-01".into(),
            active: true,
            ..Default::default()
        })
        .unwrap()
}

fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_forum(dir.path());
    store.set_clock(today());
    let chair = store.actor().unwrap();
    let funder = store
        .funder_save(&FunderInput {
            name: "Testshire Council".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let treasurer = member(&mut store, "Tess Treasurer", "tess@example.org");
    let saved = make_rep(&mut store, treasurer, true);
    let treasurer_code = saved
        .new_sign_in_code
        .expect("a new treasurer gets a one-time code");
    let rep = member(&mut store, "Rita Rep", "rita@example.org");
    make_rep(&mut store, rep, false);
    let code = store.sign_in_grant(rep).unwrap().code;
    // Rita chooses her passphrase with her one-time code, then claims.
    let mut rita = sign_in_person(dir.path(), "Rita", &code);
    assert!(rita.must_choose_passphrase());
    rita.choose_passphrase(REP_PASSPHRASE).unwrap();
    rita.set_clock(today());
    let claim = rita.claim_open(rep, funder, "2026-11").unwrap().summary.id;
    rita.line_add(
        claim,
        &LineInput {
            line_date: "2026-11-10".into(),
            kind: "time".into(),
            activity: "Reading board papers".into(),
            minutes: "60".into(),
            ..Default::default()
        },
    )
    .unwrap();
    rita.claim_submit(claim, true).unwrap();
    World {
        dir,
        chair,
        treasurer,
        rep,
        funder,
        rep_claim: claim,
        treasurer_code,
    }
}

fn sign_in_person(dir: &std::path::Path, label: &str, typed: &str) -> Store {
    let slot = Store::sign_in_options(dir)
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.label == label)
        .unwrap_or_else(|| panic!("{label} cannot sign in"))
        .slot_id;
    let mut s = Store::sign_in(dir, &slot, typed).unwrap();
    s.set_clock(today());
    s
}

fn refused<T: std::fmt::Debug>(r: Result<T, CoreError>) {
    match r {
        Err(CoreError::NotAllowed(_)) => {}
        other => panic!("expected not allowed, got {other:?}"),
    }
}

#[test]
fn a_rep_cannot_change_roles_rates_funders_or_forum_details_nor_approve() {
    let w = world();
    let mut rita = sign_in_person(w.dir.path(), "Rita", REP_PASSPHRASE);
    assert!(!rita.is_officer());
    // Ticking "Treasurer" on her own record.
    refused(rita.rep_save(&RepInput {
        member_id: w.rep,
        is_treasurer: true,
        is_rep: true,
        started_on: "2026-01-01".into(),
        active: true,
        ..Default::default()
    }));
    refused(rita.forum_save(&Forum {
        name: "Rita's Forum".into(),
        ..Default::default()
    }));
    refused(rita.funder_save(&FunderInput {
        name: "Rita Ltd".into(),
        ..Default::default()
    }));
    refused(rita.policy_save(&PolicyInput::default()));
    refused(rita.claim_approve(w.rep_claim, true, REP_PASSPHRASE));
    refused(rita.claim_mark_paid(w.rep_claim, "2026-11-20", "X", REP_PASSPHRASE));
    refused(rita.sign_in_grant(w.chair));
    refused(rita.audit_list(10));
    // She sees and edits only her own record.
    let list = rita.members_list(&MemberFilter::default()).unwrap();
    assert_eq!(list.iter().map(|m| m.id).collect::<Vec<_>>(), vec![w.rep]);
    refused(rita.member_get(w.chair));
    refused(rita.member_save(&MemberInput {
        id: Some(w.chair),
        name: "Someone Else".into(),
        ..Default::default()
    }));
    refused(rita.member_save(&MemberInput {
        name: "New Person".into(),
        ..Default::default()
    }));
    let me = rita
        .member_save(&MemberInput {
            id: Some(w.rep),
            name: "Rita Rep".into(),
            email: "rita@example.org".into(),
            phone: "07700 900123".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(me.phone, "07700 900123");
    // Nothing changed the roles behind the scenes either.
    let chair = sign_in_person(w.dir.path(), "Chris", PASSPHRASE);
    let rita_rep = chair.rep_get(w.rep).unwrap();
    assert!(!rita_rep.is_treasurer);
}

#[test]
fn a_role_column_edited_behind_the_apps_back_gives_no_powers() {
    let w = world();
    let rita = sign_in_person(w.dir.path(), "Rita", REP_PASSPHRASE);
    // With the database key, Rita could write the role column directly...
    rita.connection()
        .execute(
            "UPDATE reps SET is_treasurer = 1 WHERE member_id = ?1",
            [w.rep],
        )
        .unwrap();
    drop(rita);
    // ...but her sign-in still carries no signing key, so she is no officer.
    let mut rita = sign_in_person(w.dir.path(), "Rita", REP_PASSPHRASE);
    assert!(!rita.is_officer());
    refused(rita.claim_approve(w.rep_claim, true, REP_PASSPHRASE));
}

#[test]
fn approving_needs_the_approvers_passphrase_and_is_signed() {
    let w = world();
    let mut chair = sign_in_person(w.dir.path(), "Chris", PASSPHRASE);
    let wrong = chair
        .claim_approve(w.rep_claim, true, "not my passphrase")
        .err()
        .unwrap();
    assert_eq!(wrong.code().as_str(), "sign_in", "{wrong}");
    let view = chair.claim_approve(w.rep_claim, true, PASSPHRASE).unwrap();
    assert_eq!(view.summary.status, "approved");
    let paid = chair
        .claim_mark_paid(w.rep_claim, "2026-11-20", "BACS 1", PASSPHRASE)
        .unwrap();
    assert_eq!(paid.summary.status, "paid");
    // Both decisions carry the forum's signature over their audit entries.
    let signed: i64 = chair
        .connection()
        .query_row(
            "SELECT count(*) FROM signatures s JOIN audit_log a ON a.id = s.audit_id
             WHERE a.action IN ('approved a claim', 'recorded a claim as paid')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(signed, 2);
}

#[test]
fn nobody_approves_their_own_claim_or_a_paper_claim_they_typed_in() {
    let w = world();
    let mut chair = sign_in_person(w.dir.path(), "Chris", PASSPHRASE);
    // The chair types in the treasurer's paper claim...
    let claim = chair
        .claim_open(w.treasurer, w.funder, "2026-11")
        .unwrap()
        .summary
        .id;
    chair
        .line_add(
            claim,
            &LineInput {
                line_date: "2026-11-12".into(),
                kind: "parking".into(),
                activity: "Board meeting".into(),
                amount: "4.50".into(),
                ..Default::default()
            },
        )
        .unwrap();
    chair.claim_submit(claim, true).unwrap();
    // ...so the chair may not approve it.
    refused(chair.claim_approve(claim, true, PASSPHRASE));
    // The treasurer (the claimant) may not either, once signed in properly.
    let mut tess = sign_in_person(w.dir.path(), "Tess", &w.treasurer_code);
    assert!(tess.must_choose_passphrase());
    refused(tess.claims_list(&Default::default()).map(|_| ()));
    tess.choose_passphrase("harbour tulip granite echo")
        .unwrap();
    assert!(tess.is_officer());
    refused(tess.claim_approve(claim, true, "harbour tulip granite echo"));
    // But the treasurer can approve Rita's.
    tess.claim_approve(w.rep_claim, true, "harbour tulip granite echo")
        .unwrap();
}

#[test]
fn a_one_time_code_opens_only_the_choice_of_a_new_passphrase() {
    let w = world();
    let mut tess = sign_in_person(w.dir.path(), "Tess", &w.treasurer_code.to_lowercase());
    assert!(tess.must_choose_passphrase());
    refused(tess.members_list(&MemberFilter::default()).map(|_| ()));
    let weak = tess.choose_passphrase("tess").err().unwrap();
    assert_eq!(weak.field(), Some("passphrase"));
    tess.choose_passphrase("harbour tulip granite echo")
        .unwrap();
    drop(tess);
    // The code no longer works; the new passphrase does.
    let slot = Store::sign_in_options(w.dir.path())
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.label == "Tess")
        .unwrap();
    assert!(!slot.one_time);
    assert!(Store::sign_in(w.dir.path(), &slot.slot_id, &w.treasurer_code).is_err());
    let tess = Store::sign_in(w.dir.path(), &slot.slot_id, "harbour tulip granite echo").unwrap();
    assert_eq!(tess.actor(), Some(w.treasurer));
}

#[test]
fn wrong_passphrases_get_a_plain_message_and_a_growing_pause() {
    let w = world();
    let slot = Store::sign_in_options(w.dir.path())
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.label == "Rita")
        .unwrap()
        .slot_id;
    for _ in 0..3 {
        let e = Store::sign_in(w.dir.path(), &slot, "guess").err().unwrap();
        assert_eq!(e.code().as_str(), "sign_in");
    }
    let e = Store::sign_in(w.dir.path(), &slot, REP_PASSPHRASE)
        .err()
        .unwrap();
    assert!(e.to_string().contains("wait"), "{e}");
    let waiting = Store::sign_in_options(w.dir.path())
        .unwrap()
        .people
        .into_iter()
        .find(|p| p.label == "Rita")
        .unwrap();
    assert!(waiting.wait_seconds > 0);
}

#[test]
fn taking_away_a_sign_in_rekeys_so_an_old_copy_of_the_sign_in_file_opens_nothing() {
    let w = world();
    let old_file = std::fs::read(w.dir.path().join("sign-in.json")).unwrap();
    let mut chair = sign_in_person(w.dir.path(), "Chris", PASSPHRASE);
    chair.sign_in_remove(w.rep).unwrap();
    assert!(Store::sign_in_options(w.dir.path())
        .unwrap()
        .people
        .iter()
        .all(|p| p.label != "Rita"));
    // The chair's session carries on with the new key; a backup of the old key is kept.
    assert_eq!(
        chair.members_list(&MemberFilter::default()).unwrap().len(),
        3
    );
    drop(chair);
    // Rita kept a copy of the old sign-in file: her old slot still opens, but what it gives
    // no longer opens the forum.
    std::fs::write(w.dir.path().join("sign-in.json"), &old_file).unwrap();
    let slot = serde_json::from_slice::<serde_json::Value>(&old_file).unwrap()["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["label"] == "Rita")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let e = Store::sign_in(w.dir.path(), &slot, REP_PASSPHRASE)
        .err()
        .unwrap();
    assert_eq!(e.code().as_str(), "not_a_database", "{e}");
}

#[test]
fn the_chair_and_treasurer_always_keep_their_sign_in_and_losing_the_role_loses_it() {
    let w = world();
    let mut chair = sign_in_person(w.dir.path(), "Chris", PASSPHRASE);
    let e = chair.sign_in_remove(w.treasurer).err().unwrap();
    assert_eq!(e.field(), Some("person_id"));
    // Tess stops being treasurer: her sign-in goes with the role.
    make_rep(&mut chair, w.treasurer, false);
    assert!(Store::sign_in_options(w.dir.path())
        .unwrap()
        .people
        .iter()
        .all(|p| p.label != "Tess"));
    // Rita becomes treasurer: her own sign-in gains the forum's key, no new code needed.
    let saved = make_rep(&mut chair, w.rep, true);
    assert!(saved.new_sign_in_code.is_none());
    let rita = sign_in_person(w.dir.path(), "Rita", REP_PASSPHRASE);
    assert!(rita.is_officer());
}

#[test]
fn the_recovery_key_resets_a_forgotten_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (_, recovery) = new_forum(dir.path());
    let slot = Store::sign_in_options(dir.path()).unwrap().people[0]
        .slot_id
        .clone();
    let wrong = Store::reset_passphrase_with_recovery(
        dir.path(),
        &slot,
        "0000-0000-0000-0000-0000-0000-00",
        "bramble lighthouse copper fig",
    )
    .err()
    .unwrap();
    assert_eq!(wrong.code().as_str(), "sign_in");
    let store = Store::reset_passphrase_with_recovery(
        dir.path(),
        &slot,
        &recovery.recovery_key.to_lowercase(),
        "bramble lighthouse copper fig",
    )
    .unwrap();
    assert!(store.is_officer());
    drop(store);
    assert!(Store::sign_in(dir.path(), &slot, PASSPHRASE).is_err());
    Store::sign_in(dir.path(), &slot, "bramble lighthouse copper fig").unwrap();
    let by_key = Store::sign_in_with_recovery(dir.path(), &recovery.recovery_key, "").unwrap();
    assert!(by_key.is_officer());
}

#[test]
fn a_one_time_passphrase_set_by_someone_else_is_logged_and_told_to_the_person() {
    let w = world();
    let mut chair = sign_in_person(w.dir.path(), "Chris", PASSPHRASE);
    // Sign-ins are stamped by the real clock; so is this reset.
    chair.set_clock(Clock::System);
    let code = chair.sign_in_reset(w.rep).unwrap().code;
    let logged: i64 = chair
        .connection()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'set a one-time passphrase' AND entity_id = ?1",
            [w.rep],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
    drop(chair);
    let rita = sign_in_person(w.dir.path(), "Rita", &code);
    let notices = rita.sign_in_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains("Chris Chair set a one-time passphrase for you"),
        "{notices:?}"
    );
}

#[test]
fn locking_keeps_the_session_and_only_its_owner_unlocks() {
    let w = world();
    let mut rita = sign_in_person(w.dir.path(), "Rita", REP_PASSPHRASE);
    rita.lock();
    assert!(rita.is_locked());
    let e = rita.members_list(&MemberFilter::default()).err().unwrap();
    assert_eq!(e.code().as_str(), "session_locked");
    // The chair's passphrase does not unlock Rita's window.
    assert!(rita.unlock(PASSPHRASE).is_err());
    rita.unlock(REP_PASSPHRASE).unwrap();
    assert_eq!(
        rita.members_list(&MemberFilter::default()).unwrap().len(),
        1
    );
}
