//! Reps on their own computers: a forum data folder and a rep's data folder exchanging
//! nothing but files through a shared folder, from invitation to "Paid", and every refusal.

mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use forumdesk_core::model::LineInput;
use forumdesk_core::{create_demo_folder, Clock, KdfParams, Store, DEMO_PASSPHRASE};

const REP_PASSPHRASE: &str = "lantern orchard pebble tractor";
const REP: &str = "Łukasz Nowak";
const COUNCIL: &str = "Eastbridge County Council";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn at(date: NaiveDate, hour: u32) -> Clock {
    Clock::Fixed(date.and_hms_opt(hour, 0, 0).unwrap())
}

struct World {
    tmp: tempfile::TempDir,
    forum: Store,
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        create_demo_folder(
            &tmp.path().join("forum"),
            today(),
            DEMO_PASSPHRASE,
            KdfParams::CHEAP_FOR_TESTS,
        )
        .unwrap();
        std::fs::create_dir_all(tmp.path().join("shared")).unwrap();
        let forum = sign_in_forum(tmp.path(), at(today(), 9));
        World { tmp, forum }
    }

    fn p(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    fn rep_id(&self) -> i64 {
        self.forum
            .connection()
            .query_row("SELECT id FROM members WHERE name = ?1", [REP], |r| {
                r.get(0)
            })
            .unwrap()
    }

    fn council(&self) -> i64 {
        self.forum.funder_by_name(COUNCIL).unwrap().id
    }

    /// The chair invites Łukasz; his computer joins in `folder`.
    fn invite_and_join(&mut self, folder: &str) -> Store {
        let inv = self.p(&format!("{folder}.invitation"));
        let invitation = self.forum.rep_invite(self.rep_id(), &inv).unwrap();
        let bytes = std::fs::read(&inv).unwrap();
        let mut rep = Store::join_at(
            &self.p(folder),
            &bytes,
            &invitation.code,
            REP_PASSPHRASE,
            KdfParams::CHEAP_FOR_TESTS,
            at(today(), 10),
        )
        .unwrap();
        rep.exchange_folder_set(None, self.p("shared").to_str().unwrap())
            .unwrap();
        rep
    }
}

fn sign_in_forum(root: &Path, clock: Clock) -> Store {
    let mut s = Store::sign_in_as(&root.join("forum"), "", DEMO_PASSPHRASE).unwrap();
    s.set_clock(clock);
    s.set_exports_dir(root.join("exports"));
    s
}

fn time_line(date: &str, minutes: &str) -> LineInput {
    LineInput {
        line_date: date.into(),
        kind: "time".into(),
        activity: "Reading the board papers".into(),
        minutes: minutes.into(),
        ..Default::default()
    }
}

fn car_line(date: &str, miles: &str) -> LineInput {
    LineInput {
        line_date: date.into(),
        kind: "mileage".into(),
        activity: "Visit to the SEND team".into(),
        from_place: "Hastings".into(),
        to_place: "Lewes".into(),
        miles: miles.into(),
        vehicle: "car".into(),
        ..Default::default()
    }
}

fn parking_line(date: &str, amount: &str) -> LineInput {
    LineInput {
        line_date: date.into(),
        kind: "parking".into(),
        activity: "Visit to the SEND team".into(),
        amount: amount.into(),
        ..Default::default()
    }
}

/// A tiny valid JPEG, varied by `n` so receipts differ.
fn jpeg(n: u8) -> Vec<u8> {
    common::jpeg(n)
}

/// The rep's November claim: time, a car journey and parking with a receipt.
fn rep_month(rep: &mut Store, funder: i64, rep_id: i64) -> i64 {
    let claim = rep
        .claim_open(rep_id, funder, "2026-11")
        .unwrap()
        .summary
        .id;
    rep.line_add(claim, &time_line("20/11/2026", "90")).unwrap();
    rep.line_add(claim, &car_line("2026-11-21", "24.5"))
        .unwrap();
    let v = rep
        .line_add(claim, &parking_line("21/11/2026", "4.50"))
        .unwrap();
    let parking = v
        .lines
        .iter()
        .find(|l| l.kind.as_str() == "parking")
        .unwrap()
        .id;
    rep.receipt_add(parking, "car park.jpg", &jpeg(1)).unwrap();
    claim
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn forum_claim(forum: &Store, rep_id: i64, funder: i64, month: &str) -> (i64, String, i64) {
    forum
        .connection()
        .query_row(
            "SELECT id, status, coalesce((SELECT sum(amount_pence) FROM claim_lines WHERE claim_id = claims.id), 0)
             FROM claims WHERE rep_id = ?1 AND funder_id = ?2 AND month = ?3",
            rusqlite::params![rep_id, funder, month],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
}

fn outcomes(list: &[forumdesk_core::FileOutcome]) -> Vec<String> {
    list.iter().map(|o| o.outcome.clone()).collect()
}

#[test]
fn a_month_from_invitation_to_paid_through_a_shared_folder() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    w.forum
        .exchange_folder_set(Some(rep_id), w.p("shared").to_str().unwrap())
        .unwrap();
    let rep = w.invite_and_join("rep");

    // The rep's window knows who it is and which forum; only the rep signs in there.
    let info = rep.rep_computer_info().unwrap().unwrap();
    assert_eq!(info.rep_name, REP);
    assert!(!info.enrolled);
    drop(rep);
    let mut rep = Store::sign_in_as(&w.p("rep"), "", REP_PASSPHRASE).unwrap();
    rep.set_clock(at(today(), 11));
    assert_eq!(rep.actor(), Some(rep_id));
    assert!(!rep.is_officer());

    // A month of lines, worked out on the rep's computer by the forum's rules.
    let claim = rep_month(&mut rep, council, rep_id);
    // Łukasz gets Carer's Allowance and the demo's November is over the limit, so he ticks
    // that he has read the warning (see the last test).
    let view = rep.claim_submit_acknowledged(claim, true, true).unwrap();
    let rep_total: i64 = view.lines.iter().map(|l| l.amount_pence).sum();
    let sent = rep.exchange_send(None).unwrap();
    assert_eq!(sent.files.len(), 1, "{sent:?}");
    assert!(
        sent.files[0].contains(
            "Claim - Łukasz Nowak - Eastbridge County Council - November 2026 - version 1"
        ),
        "{sent:?}"
    );
    assert!(Path::new(&sent.files[0]).starts_with(w.p("shared").join("rep")));
    // Nothing is sent twice.
    assert!(rep.exchange_send(None).unwrap().files.is_empty());

    // The forum laptop imports it: the computer is enrolled and the claim waits for approval.
    let got = w.forum.exchange_check_folders().unwrap();
    assert_eq!(outcomes(&got), ["imported"], "{got:?}");
    assert!(got[0].message.contains("joined the forum"), "{got:?}");
    let fp = info.fingerprint.clone();
    assert!(
        got[0].message.contains(&fp),
        "the fingerprint to read back: {got:?}"
    );
    assert!(
        files_in(&w.p("shared").join("rep")).is_empty(),
        "moved to done"
    );
    assert_eq!(files_in(&w.p("shared").join("forum").join("done")).len(), 1);
    let (fid, status, total) = forum_claim(&w.forum, rep_id, council, "2026-11");
    assert_eq!((status.as_str(), total), ("submitted", rep_total));
    let computers = w.forum.rep_computers().unwrap();
    assert_eq!(computers.len(), 1);
    assert_eq!(computers[0].fingerprint, fp);
    // The receipt came with it, byte for byte.
    let receipts: i64 = w.forum.connection().query_row(
        "SELECT count(*) FROM receipts r JOIN claim_lines l ON l.id = r.line_id WHERE l.claim_id = ?1 AND r.sha256 = ?2",
        rusqlite::params![fid, forumdesk_core_sha(&jpeg(1))], |r| r.get(0)).unwrap();
    assert_eq!(receipts, 1);

    // Returned with a reason; the forum update opens it again on the rep's computer.
    w.forum
        .claim_return(fid, "Please add the parking ticket's time.")
        .unwrap();
    let sent = w.forum.exchange_send(None).unwrap();
    assert_eq!(sent.files.len(), 1);
    assert!(Path::new(&sent.files[0]).starts_with(w.p("shared").join("forum")));
    let got = rep.exchange_check_folders().unwrap();
    assert_eq!(outcomes(&got), ["applied"], "{got:?}");
    let v = rep.claim_get(claim).unwrap();
    assert_eq!(v.summary.status.as_str(), "returned");
    assert!(rep.rep_computer_info().unwrap().unwrap().enrolled);

    // Resubmitted with one more line: version 2 replaces the lines.
    rep.line_add(claim, &time_line("24/11/2026", "30")).unwrap();
    let v = rep.claim_submit_acknowledged(claim, true, true).unwrap();
    let rep_total: i64 = v.lines.iter().map(|l| l.amount_pence).sum();
    assert_eq!(rep.exchange_send(None).unwrap().files.len(), 1);
    let got = w.forum.exchange_check_folders().unwrap();
    assert_eq!(outcomes(&got), ["imported"], "{got:?}");
    let (_, status, total) = forum_claim(&w.forum, rep_id, council, "2026-11");
    assert_eq!((status.as_str(), total), ("submitted", rep_total));

    // Approved and paid on the forum laptop, by an officer with their passphrase.
    w.forum.claim_approve(fid, true, DEMO_PASSPHRASE).unwrap();
    w.forum
        .claim_mark_paid(fid, "25/11/2026", "BACS 4471", DEMO_PASSPHRASE)
        .unwrap();
    assert_eq!(w.forum.exchange_send(None).unwrap().files.len(), 1);
    let got = rep.exchange_check_folders().unwrap();
    assert_eq!(outcomes(&got), ["applied"], "{got:?}");
    let seen = rep.forum_claims().unwrap();
    let mine = seen
        .iter()
        .find(|c| c.funder_id == council && c.month == "2026-11")
        .unwrap();
    assert_eq!(mine.status, "paid");
    assert_eq!(mine.reference.as_deref(), Some("BACS 4471"));
    assert_eq!(mine.total_pence, rep_total);
    // The same update twice changes nothing and says so.
    let done = files_in(&w.p("shared").join("rep").join("done"));
    let again = rep.exchange_receive_path(done.last().unwrap()).unwrap();
    assert_eq!(outcomes(&again), ["already"]);
}

/// SHA-256 hex, as the store keeps it for receipts.
fn forumdesk_core_sha(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A rep's first file, made and sent to `out`.
fn first_file(rep: &mut Store, w: &World, funder: i64, rep_id: i64, out: &str) -> PathBuf {
    let claim = rep_month(rep, funder, rep_id);
    rep.claim_submit_acknowledged(claim, true, true).unwrap();
    let out = w.p(out);
    std::fs::create_dir_all(&out).unwrap();
    let sent = rep.exchange_send(Some(&out)).unwrap();
    PathBuf::from(&sent.files[0])
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Nothing that a refused file could have touched.
fn fingerprint_of_forum(store: &Store) -> (i64, i64, i64, i64) {
    (
        count(store, "SELECT count(*) FROM claims"),
        count(store, "SELECT count(*) FROM claim_lines"),
        count(store, "SELECT count(*) FROM rep_computers"),
        count(store, "SELECT count(*) FROM audit_log"),
    )
}

fn refused(store: &mut Store, file: &Path) -> String {
    let before = fingerprint_of_forum(store);
    let got = store.exchange_receive_path(file).unwrap();
    assert_eq!(outcomes(&got), ["refused"], "{got:?}");
    assert_eq!(
        fingerprint_of_forum(store),
        before,
        "a refused file changed something"
    );
    got[0].message.clone()
}

fn member(store: &Store, name: &str) -> i64 {
    store
        .connection()
        .query_row("SELECT id FROM members WHERE name = ?1", [name], |r| {
            r.get(0)
        })
        .unwrap()
}

fn dir(w: &World, name: &str) -> PathBuf {
    let d = w.p(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn a_changed_or_foreign_claim_file_is_refused_and_the_same_file_twice_changes_nothing() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let mut rep = w.invite_and_join("rep");
    let file = first_file(&mut rep, &w, council, rep_id, "out");
    let good = std::fs::read(&file).unwrap();

    // A flipped byte in the middle of the file, and just before the signature (where the
    // attached data ends). The signature value's own padding is the one part not signed.
    let text = String::from_utf8_lossy(&good);
    let range = text.find("/ByteRange [0 ").unwrap() + "/ByteRange [0 ".len();
    let signed_to: usize = text[range..]
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    for at in [good.len() / 3, signed_to - 50] {
        let mut flipped = good.clone();
        flipped[at] ^= 0x01;
        let f = w.p("flipped.pdf");
        std::fs::write(&f, &flipped).unwrap();
        let m = refused(&mut w.forum, &f);
        assert!(
            m.contains("changed after it was signed") || m.contains("not a signed"),
            "{m}"
        );
    }

    // A file from another forum (another demo forum inviting its own Łukasz).
    let other_root = tempfile::tempdir().unwrap();
    create_demo_folder(
        &other_root.path().join("forum"),
        today(),
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let mut other = sign_in_forum(other_root.path(), at(today(), 9));
    let other_rep = member(&other, REP);
    let inv = other_root.path().join("inv");
    let code = other.rep_invite(other_rep, &inv).unwrap().code;
    let mut stranger = Store::join_at(
        &other_root.path().join("rep"),
        &std::fs::read(&inv).unwrap(),
        &code,
        REP_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
        at(today(), 10),
    )
    .unwrap();
    let foreign = first_file(&mut stranger, &w, council, other_rep, "foreign");
    let m = refused(&mut w.forum, &foreign);
    assert!(m.contains("different forum"), "{m}");

    // The real file imports; the same file again changes nothing and says so.
    let got = w.forum.exchange_receive_path(&file).unwrap();
    assert_eq!(outcomes(&got), ["imported"], "{got:?}");
    let before = fingerprint_of_forum(&w.forum);
    let again = w.forum.exchange_receive_path(&file).unwrap();
    assert_eq!(outcomes(&again), ["already"]);
    assert!(again[0].message.contains("already"), "{again:?}");
    assert_eq!(fingerprint_of_forum(&w.forum), before);
}

#[test]
fn an_older_version_after_a_newer_one_changes_nothing() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let mut rep = w.invite_and_join("rep");
    let v1 = first_file(&mut rep, &w, council, rep_id, "v1");
    assert_eq!(
        outcomes(&w.forum.exchange_receive_path(&v1).unwrap()),
        ["imported"]
    );
    let (fid, _, _) = forum_claim(&w.forum, rep_id, council, "2026-11");
    w.forum
        .claim_return(fid, "Please add the train fare.")
        .unwrap();
    let upd = w.forum.exchange_send(Some(&dir(&w, "upd"))).unwrap().files;
    assert_eq!(
        outcomes(&rep.exchange_receive_path(Path::new(&upd[0])).unwrap()),
        ["applied"]
    );
    let claim = rep
        .claim_open(rep_id, council, "2026-11")
        .unwrap()
        .summary
        .id;
    rep.line_add(claim, &time_line("24/11/2026", "15")).unwrap();
    rep.claim_submit_acknowledged(claim, true, true).unwrap();
    let v2 = rep.exchange_send(Some(&dir(&w, "v2"))).unwrap().files;
    assert!(v2[0].contains("version 2"), "{v2:?}");
    assert_eq!(
        outcomes(&w.forum.exchange_receive_path(Path::new(&v2[0])).unwrap()),
        ["imported"]
    );
    w.forum.claim_return(fid, "One more thing.").unwrap();
    // Version 1 turns up again, under another name and with no record of having been read
    // (as after a restored backup): its revision alone refuses it.
    w.forum
        .connection()
        .execute("DELETE FROM exchange_seen", [])
        .unwrap();
    let copy = w.p("copy of v1.pdf");
    std::fs::copy(&v1, &copy).unwrap();
    let m = refused(&mut w.forum, &copy);
    assert!(m.contains("older version"), "{m}");
    assert_eq!(
        forum_claim(&w.forum, rep_id, council, "2026-11").1,
        "returned"
    );
}

#[test]
fn a_removed_computer_and_a_rep_who_left_are_refused() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let mut rep = w.invite_and_join("rep");
    let first = first_file(&mut rep, &w, council, rep_id, "first");
    assert_eq!(
        outcomes(&w.forum.exchange_receive_path(&first).unwrap()),
        ["imported"]
    );
    let (fid, _, _) = forum_claim(&w.forum, rep_id, council, "2026-11");
    w.forum.claim_return(fid, "Check the miles.").unwrap();
    let upd = w.forum.exchange_send(Some(&dir(&w, "upd"))).unwrap().files;
    rep.exchange_receive_path(Path::new(&upd[0])).unwrap();
    let claim = rep
        .claim_open(rep_id, council, "2026-11")
        .unwrap()
        .summary
        .id;
    rep.claim_submit_acknowledged(claim, true, true).unwrap();
    let second = rep.exchange_send(Some(&dir(&w, "second"))).unwrap().files;
    let computer = w.forum.rep_computers().unwrap()[0].id;
    w.forum.rep_computer_remove(computer).unwrap();
    assert_eq!(w.forum.rep_computers().unwrap()[0].state, "removed");
    let m = refused(&mut w.forum, Path::new(&second[0]));
    assert!(m.contains("removed"), "{m}");
    // The claim is back on the forum laptop, where it can be entered again.
    let with_rep: bool = w
        .forum
        .connection()
        .query_row("SELECT with_rep FROM claims WHERE id = ?1", [fid], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(!with_rep);
}

#[test]
fn claims_with_the_rep_are_read_only_on_the_forum_laptop_until_taken_back() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let _rep = w.invite_and_join("rep");
    // A paper claim typed in for a rep with their own computer is refused...
    let nhs = w
        .forum
        .funder_by_name("NHS Eastbridge Integrated Care Board")
        .unwrap()
        .id;
    let id = w
        .forum
        .claim_open(rep_id, nhs, "2025-05")
        .unwrap()
        .summary
        .id;
    let e = w
        .forum
        .line_add(id, &time_line("20/05/2025", "60"))
        .unwrap_err();
    assert_eq!(e.code().as_str(), "locked");
    assert!(e.to_string().contains("take it back"), "{e}");
    // ...until the chair takes it back; then the next update tells the rep's computer.
    w.forum.claim_take_back(id).unwrap();
    w.forum
        .line_add(id, &time_line("20/05/2025", "60"))
        .unwrap();
    let _ = council;
}

#[test]
fn invitations_need_the_right_code_and_work_once_and_only_before_they_expire() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let inv_path = w.p("inv");
    let invitation = w.forum.rep_invite(rep_id, &inv_path).unwrap();
    let bytes = std::fs::read(&inv_path).unwrap();
    assert!(invitation.code.len() >= 10);
    // Nothing readable without the code: not the rep's name, not the forum's.
    assert!(!String::from_utf8_lossy(&bytes).contains("Nowak"));
    // The wrong code opens nothing, and makes no folder.
    let e = Store::join_at(
        &w.p("wrong"),
        &bytes,
        "AAAA-BBBB-CC",
        REP_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
        at(today(), 10),
    )
    .err()
    .unwrap();
    assert_eq!(e.field(), Some("code"));
    assert!(!w.p("wrong").join("sign-in.json").exists());
    // Typed loosely (lower case, spaces), the code still works.
    let loose = invitation.code.to_lowercase().replace('-', " ");
    let mut a = Store::join_at(
        &w.p("a"),
        &bytes,
        &loose,
        REP_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
        at(today(), 10),
    )
    .unwrap();
    // Past its expiry (14 days by default) it does not open on the rep's computer either.
    let late = today() + chrono::Duration::days(15);
    let e = Store::join_at(
        &w.p("late"),
        &bytes,
        &invitation.code,
        REP_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
        at(late, 10),
    )
    .err()
    .unwrap();
    assert!(e.to_string().contains("expired"), "{e}");
    // Used twice: two computers joined with the same invitation; only the first is enrolled.
    let mut b = Store::join_at(
        &w.p("b"),
        &bytes,
        &invitation.code,
        REP_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
        at(today(), 10),
    )
    .unwrap();
    let fa = first_file(&mut a, &w, council, rep_id, "fa");
    let fb = first_file(&mut b, &w, council, rep_id, "fb");
    assert_eq!(
        outcomes(&w.forum.exchange_receive_path(&fa).unwrap()),
        ["imported"]
    );
    let m = refused(&mut w.forum, &fb);
    assert!(m.contains("already been used"), "{m}");

    // The forum enforces expiry: a computer that joined in time but first writes after the
    // invitation expired is not enrolled.
    let rep2 = member(&w.forum, "Gareth Price");
    let inv2 = w.p("inv2");
    let code2 = w.forum.rep_invite(rep2, &inv2).unwrap().code;
    let mut c = Store::join_at(
        &w.p("c"),
        &std::fs::read(&inv2).unwrap(),
        &code2,
        REP_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
        at(today(), 10),
    )
    .unwrap();
    let fc = c.exchange_send(Some(&dir(&w, "fc"))).unwrap().files;
    assert!(fc[0].contains("Join request"), "{fc:?}");
    w.forum.set_clock(at(late, 9));
    let m = refused(&mut w.forum, Path::new(&fc[0]));
    assert!(m.contains("expired"), "{m}");
}

#[test]
fn forum_updates_apply_only_in_order_and_only_on_the_computer_they_are_for() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let mut rep = w.invite_and_join("rep");
    let f = first_file(&mut rep, &w, council, rep_id, "f");
    w.forum.exchange_receive_path(&f).unwrap();
    // A second rep with their own computer.
    let rep2 = member(&w.forum, "Gareth Price");
    let inv2 = w.p("inv2");
    let code2 = w.forum.rep_invite(rep2, &inv2).unwrap().code;
    let mut other = Store::join_at(
        &w.p("other"),
        &std::fs::read(&inv2).unwrap(),
        &code2,
        REP_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
        at(today(), 10),
    )
    .unwrap();
    let join = other.exchange_send(Some(&dir(&w, "join"))).unwrap().files;
    assert_eq!(
        outcomes(&w.forum.exchange_receive_path(Path::new(&join[0])).unwrap()),
        ["enrolled"]
    );

    let first = w.forum.exchange_send(Some(&dir(&w, "u1"))).unwrap().files;
    assert_eq!(first.len(), 2, "one update per rep's computer: {first:?}");
    let mine = first.iter().find(|f| f.contains("Łukasz")).unwrap();
    let theirs = first.iter().find(|f| f.contains("Gareth")).unwrap();
    // Nothing changed: nothing more to send.
    assert!(w
        .forum
        .exchange_send(Some(&dir(&w, "u1b")))
        .unwrap()
        .files
        .is_empty());

    // Addressed to another rep's computer: refused, nothing applied.
    let got = rep.exchange_receive_path(Path::new(theirs)).unwrap();
    assert_eq!(outcomes(&got), ["refused"], "{got:?}");
    assert!(got[0].message.contains("another computer"), "{got:?}");
    assert_eq!(rep.rep_computer_info().unwrap().unwrap().last_update, 0);

    // A newer update (after a return), applied first; the older one then changes nothing.
    let (fid, _, _) = forum_claim(&w.forum, rep_id, council, "2026-11");
    w.forum.claim_return(fid, "Receipt missing.").unwrap();
    let second = w.forum.exchange_send(Some(&dir(&w, "u2"))).unwrap().files;
    assert_eq!(second.len(), 1);
    assert_eq!(
        outcomes(&rep.exchange_receive_path(Path::new(&second[0])).unwrap()),
        ["applied"]
    );
    let claim = rep.claim_open(rep_id, council, "2026-11").unwrap();
    assert_eq!(claim.summary.status.as_str(), "returned");
    let got = rep.exchange_receive_path(Path::new(mine)).unwrap();
    assert_eq!(outcomes(&got), ["refused"], "{got:?}");
    assert!(got[0].message.contains("older"), "{got:?}");
    assert_eq!(
        rep.claim_get(claim.summary.id)
            .unwrap()
            .summary
            .status
            .as_str(),
        "returned"
    );

    // An update signed by someone else (the other forum's key) is refused.
    let mut flipped = std::fs::read(&second[0]).unwrap();
    let n = flipped.len() / 2;
    flipped[n] ^= 0x20;
    let f = w.p("flipped-update.pdf");
    std::fs::write(&f, &flipped).unwrap();
    assert_eq!(
        outcomes(&rep.exchange_receive_path(&f).unwrap()),
        ["refused"]
    );
}

#[test]
fn amounts_that_disagree_with_the_rules_are_refused_but_changed_rates_send_the_claim_back() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let mut rep = w.invite_and_join("rep");
    // The rep (who holds their own store's key) pays themselves more, then submits.
    let claim = rep_month(&mut rep, council, rep_id);
    rep.connection()
        .execute(
            "UPDATE claim_lines SET amount_pence = amount_pence + 1000 WHERE claim_id = ?1 AND kind = 'time'",
            [claim],
        )
        .unwrap();
    rep.claim_submit_acknowledged(claim, true, true).unwrap();
    let forged = rep.exchange_send(Some(&dir(&w, "forged"))).unwrap().files;
    let m = refused(&mut w.forum, Path::new(&forged[0]));
    assert!(m.contains("forum's rules make it"), "{m}");

    // A claim made under the rates on the rep's computer, after the forum changed them: back
    // to the rep with the reason, not refused.
    let mut w = World::new();
    let mut rep = w.invite_and_join("rep2");
    let claim = rep_month(&mut rep, council, rep_id);
    rep.claim_submit_acknowledged(claim, true, true).unwrap();
    let file = rep.exchange_send(Some(&dir(&w, "f"))).unwrap().files;
    w.forum
        .policy_save(&common::policy_input("2026-11-10", "21.37"))
        .unwrap();
    let got = w.forum.exchange_receive_path(Path::new(&file[0])).unwrap();
    assert_eq!(outcomes(&got), ["returned"], "{got:?}");
    let (_, status, _) = forum_claim(&w.forum, rep_id, council, "2026-11");
    assert_eq!(status, "returned");
}

#[test]
fn a_file_from_someone_no_longer_a_rep_is_refused() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let mut rep = w.invite_and_join("rep");
    let file = first_file(&mut rep, &w, council, rep_id, "out");
    // Łukasz steps down before his file arrives.
    let r = w.forum.rep_get(rep_id).unwrap();
    w.forum
        .rep_save(&forumdesk_core::model::RepInput {
            member_id: rep_id,
            is_rep: true,
            started_on: r.started_on.clone(),
            confidentiality_signed_on: r.confidentiality_signed_on.clone().unwrap_or_default(),
            vehicle: r.vehicle.as_str().into(),
            active: false,
            group_ids: r.groups.iter().map(|g| g.id).collect(),
            ..Default::default()
        })
        .unwrap();
    let m = refused(&mut w.forum, &file);
    assert!(m.contains("no longer an active representative"), "{m}");
}

/// Project links are the forum's own records: a rep's computer holds no forum key, so it
/// may link neither its own claim's lines nor its groups' meetings to a project.
#[test]
fn a_reps_computer_links_nothing_to_projects() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    let mut rep = w.invite_and_join("rep");
    let claim = rep_month(&mut rep, council, rep_id);
    let line = rep.claim_get(claim).unwrap().lines[0].id;
    let meeting: i64 = rep
        .connection()
        .query_row("SELECT min(id) FROM meetings", [], |r| r.get(0))
        .unwrap();
    let project: i64 = w
        .forum
        .connection()
        .query_row("SELECT min(id) FROM projects", [], |r| r.get(0))
        .unwrap();
    for e in [
        rep.project_link_line(line, Some(project)).unwrap_err(),
        rep.project_link_line(line, None).unwrap_err(),
        rep.project_link_meeting(meeting, Some(project))
            .unwrap_err(),
    ] {
        assert_eq!(e.code().as_str(), "not_allowed", "{e}");
    }
    let links: i64 = rep
        .connection()
        .query_row(
            "SELECT (SELECT count(*) FROM project_claim_lines) + (SELECT count(*) FROM project_meetings)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(links, 0);
}

/// Each month's recognition payments and whether they are over the Carer's Allowance limit,
/// as a store counts them for the rep.
fn recognition_by_month(s: &Store, rep_id: i64) -> Vec<(String, i64, bool)> {
    s.earnings_months(rep_id, "2025-04", "2027-03")
        .unwrap()
        .into_iter()
        .map(|m| (m.month, m.recognition_pence, m.over_limit))
        .collect()
}

#[test]
fn carers_allowance_on_the_reps_computer_counts_every_claim_the_forum_holds() {
    let mut w = World::new();
    let rep_id = w.rep_id();
    let council = w.council();
    w.forum
        .exchange_folder_set(Some(rep_id), w.p("shared").to_str().unwrap())
        .unwrap();
    drop(w.invite_and_join("rep"));
    let mut rep = Store::sign_in_as(&w.p("rep"), "", REP_PASSPHRASE).unwrap();
    rep.set_clock(at(today(), 11));

    // The demo's October claim (nine workshop days, paid this month) was typed in at the
    // forum and is not on his computer; November is over the limit there all the same.
    let at_forum = recognition_by_month(&w.forum, rep_id);
    assert!(
        at_forum.iter().any(|(m, _, over)| m == "2026-11" && *over),
        "{at_forum:?}"
    );
    assert_eq!(recognition_by_month(&rep, rep_id), at_forum);

    // So submitting his November claim on his computer shows him the warning first.
    let claim = rep_month(&mut rep, council, rep_id);
    let e = rep.claim_submit(claim, true).unwrap_err();
    assert_eq!(e.field(), Some("earnings_warning_seen"), "{e:?}");
    rep.claim_submit_acknowledged(claim, true, true).unwrap();
    assert_eq!(rep.exchange_send(None).unwrap().files.len(), 1);
    w.forum.set_clock(at(today(), 12));
    let got = w.forum.exchange_check_folders().unwrap();
    assert_eq!(outcomes(&got), ["imported"], "{got:?}");
    assert_eq!(
        recognition_by_month(&rep, rep_id),
        recognition_by_month(&w.forum, rep_id)
    );

    // Approved, and paid on 2 December at the forum: it counts in December on both.
    let (fid, _, _) = forum_claim(&w.forum, rep_id, council, "2026-11");
    w.forum.claim_approve(fid, true, DEMO_PASSPHRASE).unwrap();
    let december = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
    w.forum.set_clock(at(december, 9));
    w.forum
        .claim_mark_paid(fid, "02/12/2026", "BACS 5120", DEMO_PASSPHRASE)
        .unwrap();
    assert_eq!(w.forum.exchange_send(None).unwrap().files.len(), 1);
    rep.set_clock(at(december, 12));
    let got = rep.exchange_check_folders().unwrap();
    assert_eq!(outcomes(&got), ["applied"], "{got:?}");
    let on_rep = recognition_by_month(&rep, rep_id);
    assert_eq!(on_rep, recognition_by_month(&w.forum, rep_id));
    assert!(
        on_rep.iter().any(|(m, p, _)| m == "2026-12" && *p > 0),
        "{on_rep:?}"
    );
}
