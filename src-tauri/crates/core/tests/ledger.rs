//! A ledger that shows any tampering: each forgery path found by a hostile tester is either
//! refused by the schema or, where the guards were dropped first, found by `check` and by
//! the claim pack. Every change here is made straight in SQL, around the core, as somebody
//! with the database key and `sqlite3` would.

mod common;

use common::*;
use forumdesk_core::model::*;
use forumdesk_core::Store;

const MONTH: &str = "2026-06";

/// A forum with one approved claim for the council (a time line and a fare with a receipt).
fn approved() -> (Fx, i64) {
    let mut fx = fixture("2026-07-10");
    fx.policy("2026-04-01", "15.00");
    let claim = fx.claim(fx.rep, fx.council, MONTH);
    fx.add(claim, &time_line("2026-06-03", "120"));
    let fare = fx.add(claim, &amount_line("2026-06-04", "fares", "6.80"));
    fx.store.receipt_add(fare.id, "ticket.jpg", JPEG).unwrap();
    fx.submit_and_approve(claim);
    (fx, claim)
}

fn sql(store: &Store, text: &str) -> Result<(), String> {
    store
        .connection()
        .execute_batch(text)
        .map_err(|e| e.to_string())
}

fn check(fx: &mut Fx) -> CheckReport {
    fx.as_person(fx.chair);
    fx.store.check_records().unwrap()
}

fn pack_refused(fx: &mut Fx) -> String {
    fx.as_person(fx.chair);
    match fx.store.claim_pack_input(MONTH, fx.council) {
        Ok(_) => panic!("the pack was made from tampered records"),
        Err(e) => {
            assert_eq!(e.code().as_str(), "tampered", "{e}");
            e.to_string()
        }
    }
}

/// Drops the guards an attacker would drop first (they are put back as they were).
const DROP_GUARDS: &str = "
    DROP TRIGGER claims_frozen; DROP TRIGGER lines_frozen_update;
    DROP TRIGGER receipts_frozen_update; DROP TRIGGER audit_append_only_update;
    DROP TRIGGER audit_append_only_delete;";

fn restore_guards(fx: &Fx) {
    // Made again from a fresh store's own text, so the schema check sees them as they were.
    let fresh = Store::open_in_memory().unwrap();
    let mut stmt = fresh
        .connection()
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('claims_frozen', 'lines_frozen_update', 'receipts_frozen_update', 'audit_append_only_update', 'audit_append_only_delete')")
        .unwrap();
    let sqls: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(sqls.len(), 5);
    for s in sqls {
        sql(&fx.store, &s).unwrap();
    }
}

#[test]
fn an_untouched_forum_passes_every_check_and_packs() {
    let (mut fx, _) = approved();
    let report = check(&mut fx);
    assert!(report.ok, "{:?}", report.problems);
    assert!(
        report
            .checked
            .iter()
            .any(|c| c.starts_with("Approval seals: 1 ")),
        "{:?}",
        report.checked
    );
    assert!(
        report
            .checked
            .iter()
            .any(|c| c.starts_with("Activity chain:")),
        "{:?}",
        report.checked
    );
    fx.store.claim_pack_input(MONTH, fx.council).unwrap();
}

#[test]
fn a_claim_cannot_be_inserted_already_approved() {
    let (fx, claim) = approved();
    let approver = fx.treasurer;
    let e = sql(
        &fx.store,
        &format!(
            "INSERT INTO claims (rep_id, funder_id, month, status, declaration, submitted_at, approved_by, approved_at)
             VALUES ({}, {}, '2026-05', 'approved', 'x', '2026-06-01T10:00', {approver}, '2026-06-02T10:00')",
            fx.rep2, fx.council
        ),
    )
    .unwrap_err();
    assert!(e.contains("FD-FROZEN"), "{e}");
    let _ = claim;
}

#[test]
fn a_claim_made_approved_in_two_steps_is_caught_by_check_and_the_pack() {
    let (mut fx, _) = approved();
    // Born a draft (allowed), then flipped to approved around the core.
    sql(
        &fx.store,
        &format!(
            "INSERT INTO claims (rep_id, funder_id, month) VALUES ({rep}, {council}, '{MONTH}');
             INSERT INTO claim_lines (claim_id, line_date, kind, activity, amount_pence, created_at)
                 VALUES (last_insert_rowid(), '2026-06-05', 'other', 'Forged', 95000, '2026-06-05T10:00');
             UPDATE claims SET status = 'approved', declaration = 'x', submitted_at = '2026-06-06T10:00',
                 approved_by = {t}, approved_at = '2026-06-07T10:00'
                 WHERE rep_id = {rep} AND month = '{MONTH}';",
            rep = fx.rep2,
            council = fx.council,
            t = fx.treasurer
        ),
    )
    .unwrap();
    let refused = pack_refused(&mut fx);
    assert!(refused.contains("never approved it"), "{refused}");
    assert!(refused.contains(REP2), "names the claim: {refused}");
    let report = check(&mut fx);
    assert!(!report.ok);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("never approved it")),
        "{:?}",
        report.problems
    );
}

#[test]
fn an_approved_claim_cannot_be_renumbered_even_while_being_paid() {
    let (fx, claim) = approved();
    let e = sql(
        &fx.store,
        &format!("UPDATE claims SET id = 999 WHERE id = {claim}"),
    )
    .unwrap_err();
    assert!(e.contains("FD-FROZEN"), "{e}");
    let e = sql(
        &fx.store,
        &format!(
            "UPDATE claims SET id = 999, status = 'paid', paid_on = '2026-07-01', payment_reference = 'BACS 1' WHERE id = {claim}"
        ),
    )
    .unwrap_err();
    assert!(e.contains("FD-FROZEN"), "{e}");
    // A line of the approved claim cannot be moved out of it, nor a receipt off its line.
    let e = sql(
        &fx.store,
        &format!("UPDATE claim_lines SET claim_id = claim_id WHERE claim_id = {claim}"),
    )
    .unwrap_err();
    assert!(e.contains("FD-FROZEN"), "{e}");
}

#[test]
fn a_line_changed_with_the_triggers_dropped_is_caught() {
    let (mut fx, claim) = approved();
    sql(&fx.store, DROP_GUARDS).unwrap();
    sql(
        &fx.store,
        &format!("UPDATE claim_lines SET amount_pence = amount_pence * 100 WHERE claim_id = {claim} AND kind = 'fares'"),
    )
    .unwrap();
    restore_guards(&fx);
    let refused = pack_refused(&mut fx);
    assert!(
        refused.contains("changed since it was approved"),
        "{refused}"
    );
    let report = check(&mut fx);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("changed since it was approved")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_receipt_swapped_with_the_triggers_dropped_is_caught() {
    let (mut fx, _) = approved();
    sql(&fx.store, DROP_GUARDS).unwrap();
    sql(
        &fx.store,
        "UPDATE receipts SET content = X'FFD8FFE000104A46494600010203FF'",
    )
    .unwrap();
    restore_guards(&fx);
    let report = check(&mut fx);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("receipt file ticket.jpg has been changed")),
        "{:?}",
        report.problems
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("changed since it was approved")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_trigger_left_dropped_is_reported() {
    let (mut fx, _) = approved();
    sql(&fx.store, "DROP TRIGGER claims_insert_as_draft;").unwrap();
    let report = check(&mut fx);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p == "The trigger claims_insert_as_draft is missing from the database."),
        "{:?}",
        report.problems
    );
}

#[test]
fn the_activity_chain_shows_an_entry_changed_or_removed() {
    let (mut fx, _) = approved();
    sql(&fx.store, DROP_GUARDS).unwrap();
    sql(
        &fx.store,
        "UPDATE audit_log SET detail = 'nothing to see' WHERE id = (SELECT max(id) FROM audit_log WHERE action = 'attached a receipt')",
    )
    .unwrap();
    sql(
        &fx.store,
        "DELETE FROM audit_log WHERE id = (SELECT min(id) FROM audit_log WHERE entity = 'claim' AND hash IS NOT NULL)",
    )
    .unwrap();
    assert_eq!(fx.store.connection().changes(), 1, "an entry was removed");
    restore_guards(&fx);
    let report = check(&mut fx);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("was changed after it was written")),
        "{:?}",
        report.problems
    );
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.contains("an entry was removed")),
        "{:?}",
        report.problems
    );
}

#[test]
fn a_seal_made_with_a_strangers_key_is_refused() {
    let (mut fx, claim) = approved();
    sql(&fx.store, DROP_GUARDS).unwrap();
    sql(&fx.store, "DROP TRIGGER claim_seals_fixed;").unwrap();
    // A stranger signs the same digest with their own key, under the forum's name.
    let stranger = forumdesk_export::ForumIdentity::generate(
        "Testshire Parent Carer Forum",
        chrono::Utc::now(),
    )
    .unwrap();
    let digest: String = fx
        .store
        .connection()
        .query_row(
            "SELECT digest FROM claim_seals WHERE claim_id = ?1",
            [claim],
            |r| r.get(0),
        )
        .unwrap();
    let forged = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        stranger.sign_bytes(digest.as_bytes()),
    );
    fx.store
        .connection()
        .execute(
            "UPDATE claim_seals SET signature = ?2 WHERE claim_id = ?1",
            rusqlite::params![claim, forged],
        )
        .unwrap();
    // Even with the stranger's certificate put in the forum's place inside the database,
    // the signed-in officer's own key decides.
    fx.store
        .connection()
        .execute(
            "UPDATE forum SET certificate_pem = ?1",
            [stranger.certificate_pem()],
        )
        .unwrap();
    let refused = pack_refused(&mut fx);
    assert!(
        refused.contains("not made with the forum's key"),
        "{refused}"
    );
}

/// An accepted warning is kept as data with its line and code, and the pack puts it on that
/// line by id, not by reading "Line N" out of the words.
#[test]
fn accepted_warnings_are_kept_by_line_and_placed_by_id() {
    let mut fx = fixture("2026-07-10");
    fx.policy("2026-04-01", "15.00");
    let claim = fx.claim(fx.rep, fx.council, MONTH);
    fx.add(claim, &time_line("2026-06-03", "120"));
    let fare = fx.add(claim, &amount_line("2026-06-04", "fares", "86.80"));
    let view = fx.submit_and_approve(claim);
    assert!(
        !view.accepted_warnings.is_empty(),
        "the fare with no receipt is warned about"
    );
    let rows: Vec<(Option<i64>, String)> = fx
        .store
        .connection()
        .prepare("SELECT line_id, code FROM accepted_warnings WHERE claim_id = ?1")
        .unwrap()
        .query_map([claim], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows, vec![(Some(fare.id), "missing_receipt".to_string())]);
    fx.as_person(fx.chair);
    let pack = fx.store.claim_pack_input(MONTH, fx.council).unwrap();
    let lines = &pack.claims[0].lines;
    let on_fare = &lines
        .iter()
        .find(|l| l.id == fare.id)
        .unwrap()
        .accepted_warnings;
    assert_eq!(on_fare.len(), 1, "{lines:?}");
    assert!(lines
        .iter()
        .filter(|l| l.id != fare.id)
        .all(|l| l.accepted_warnings.is_empty()));
    // Written once: the accepted warning cannot be changed or removed afterwards.
    let e = sql(&fx.store, "UPDATE accepted_warnings SET message = 'fine'").unwrap_err();
    assert!(e.contains("FD-FROZEN"), "{e}");
    let e = sql(&fx.store, "DELETE FROM accepted_warnings").unwrap_err();
    assert!(e.contains("FD-FROZEN"), "{e}");
}
