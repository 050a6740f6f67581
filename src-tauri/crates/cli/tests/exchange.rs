//! Reps on their own computers from the command line only, as two scripts would run it on
//! two computers: the real binary, a forum data folder and a rep's, exchanging nothing but
//! files. Invite (the code on its own "Code: " line), join, a month of lines with a receipt,
//! submit, send, import, return with a reason, update, resubmit, approve, pay, update, and the
//! rep's `claims list --json` showing "paid". The claim file passes `verify` against the
//! certificate enrolled for the rep's computer, and pdfsig, qpdf and pyHanko agree.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Datelike, Local, NaiveDate};
use forumdesk_core::{create_demo_folder, KdfParams, Store, DEMO_PASSPHRASE};
use serde_json::Value;

const COUNCIL: &str = "Eastbridge County Council";
const REP: &str = "Łukasz Nowak";
const REP_PASSPHRASE: &str = "lantern orchard pebble tractor";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    #[track_caller]
    fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "failed:\n{}\n{}", self.stdout, self.stderr);
        self
    }
}

fn run(data: &Path, passphrase: &str, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_forumdesk-cli"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env("FORUMDESK_PASSPHRASE", passphrase)
        .env_remove("FORUMDESK_RECOVERY_KEY")
        .env_remove("FORUMDESK_DATA_DIR")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    v
}

#[test]
fn a_month_from_invitation_to_paid_with_nothing_but_files() {
    let tmp = tempfile::tempdir().unwrap();
    let forum = tmp.path().join("forum");
    let rep = tmp.path().join("rep");
    let today = Local::now().date_naive();
    create_demo_folder(&forum, today, DEMO_PASSPHRASE, KdfParams::CHEAP_FOR_TESTS).unwrap();
    // Two months ago: the demo has no claims then, and every day of it has happened.
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .unwrap()
        .checked_sub_months(chrono::Months::new(2))
        .unwrap();
    let month = first.format("%Y-%m").to_string();
    let day = |n: u32| first.with_day(n).unwrap().format("%d/%m/%Y").to_string();
    let dir = |name: &str| {
        let d = tmp.path().join(name);
        std::fs::create_dir_all(&d).unwrap();
        d
    };
    let forum_run = |args: &[&str]| run(&forum, DEMO_PASSPHRASE, args);
    let rep_run = |args: &[&str]| run(&rep, REP_PASSPHRASE, args);

    // The chair invites Łukasz; the code is on a line of its own.
    let inv = tmp.path().join("invitation.fdinvite");
    let out = forum_run(&[
        "reps",
        "invite",
        "--rep",
        REP,
        "--out",
        inv.to_str().unwrap(),
    ]);
    out.ok();
    let code = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Code: "))
        .expect("a Code: line")
        .trim()
        .to_string();
    // The wrong code opens nothing.
    let wrong = run(
        &tmp.path().join("wrong"),
        REP_PASSPHRASE,
        &["join", inv.to_str().unwrap(), "--code", "AAAA-BBBB-CC"],
    );
    assert_eq!(wrong.code, 1, "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains("code does not open"),
        "{}",
        wrong.stderr
    );

    // Łukasz joins on his own computer and reads his fingerprint.
    let joined = rep_run(&[
        "join",
        inv.to_str().unwrap(),
        "--code",
        &code.to_lowercase(),
    ]);
    joined.ok();
    let fingerprint = joined
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("This computer's fingerprint: "))
        .unwrap()
        .to_string();

    // A month of lines on his computer, by the forum's rules; --as is him by default.
    let add = |extra: &[&str]| {
        let mut args = vec!["claims", "add", "--month", &month, "--funder", COUNCIL];
        args.extend_from_slice(extra);
        rep_run(&args)
    };
    add(&[
        "--kind",
        "time",
        "--date",
        &day(3),
        "--activity",
        "Reading board papers",
        "--minutes",
        "90",
    ])
    .ok();
    add(&[
        "--kind",
        "mileage",
        "--date",
        &day(4),
        "--activity",
        "SEND team visit",
        "--from",
        "Hastings",
        "--to",
        "Lewes",
        "--miles",
        "31.4",
        "--vehicle",
        "car",
    ])
    .ok();
    let receipt =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../assets/demo/receipt-parking-1.png");
    add(&[
        "--kind",
        "parking",
        "--date",
        &day(4),
        "--activity",
        "SEND team visit",
        "--amount",
        "4.50",
        "--receipt",
        receipt.to_str().unwrap(),
    ])
    .ok();
    // The rep's computer refuses "4,50" as the forum laptop does.
    let comma = add(&[
        "--kind",
        "parking",
        "--date",
        &day(4),
        "--activity",
        "x",
        "--amount",
        "4,50",
    ]);
    assert_eq!(comma.code, 1);
    rep_run(&[
        "claims", "submit", "--month", &month, "--funder", COUNCIL, "--agree",
    ])
    .ok();
    let out1 = dir("out1");
    rep_run(&["exchange", "send", "--out", out1.to_str().unwrap()]).ok();
    let sent = files(&out1);
    assert_eq!(sent.len(), 1);
    let name = sent[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("Claim - Łukasz Nowak - Eastbridge County Council - "),
        "{name}"
    );

    // The forum laptop imports it.
    let got = forum_run(&["exchange", "receive", out1.to_str().unwrap(), "--json"]);
    got.ok();
    let got: Value = serde_json::from_str(&got.stdout).unwrap();
    assert_eq!(got[0]["outcome"], "imported", "{got}");
    assert!(
        got[0]["message"].as_str().unwrap().contains(&fingerprint),
        "{got}"
    );

    // The claim file is a signed PDF anyone can check, against the enrolled certificate.
    let cert = tmp.path().join("rep-computer.pem");
    {
        let store = Store::sign_in_as(&forum, "", DEMO_PASSPHRASE).unwrap();
        let pem: String = store
            .connection()
            .query_row("SELECT certificate_pem FROM rep_computers", [], |r| {
                r.get(0)
            })
            .unwrap();
        std::fs::write(&cert, pem).unwrap();
    }
    let v = run(
        &forum,
        DEMO_PASSPHRASE,
        &[
            "verify",
            sent[0].to_str().unwrap(),
            "--certificate",
            cert.to_str().unwrap(),
        ],
    );
    assert_eq!(v.code, 0, "{}\n{}", v.stdout, v.stderr);
    let sig = forumdesk_test_support::pdfsig(&sent[0]);
    assert!(
        sig.contains("Signature is Valid") && sig.contains("Total document signed"),
        "{sig}"
    );
    forumdesk_test_support::qpdf_check(&sent[0]);
    forumdesk_test_support::pyhanko_validate(&sent[0], &cert);
    let text = forumdesk_test_support::pdftotext(&sent[0]);
    assert!(
        text.contains("Łukasz Nowak") && text.contains("claim form"),
        "{text}"
    );

    // Returned with a reason; the update opens it again on his computer.
    let list = forum_run(&["claims", "list", "--month", &month, "--json"]);
    let list: Value = serde_json::from_str(&list.ok().stdout).unwrap();
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rep"] == REP && c["funder"] == COUNCIL)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    forum_run(&[
        "claims",
        "return",
        &id,
        "--reason",
        "Please add the train fare too.",
    ])
    .ok();
    let upd1 = dir("upd1");
    forum_run(&["exchange", "send", "--out", upd1.to_str().unwrap()]).ok();
    let r = rep_run(&["exchange", "receive", upd1.to_str().unwrap()]);
    assert!(r.ok().stdout.contains("applied"), "{}", r.stdout);
    add(&[
        "--kind",
        "fares",
        "--date",
        &day(5),
        "--activity",
        "SEND team visit",
        "--amount",
        "12.40",
    ])
    .ok();
    rep_run(&[
        "claims", "submit", "--month", &month, "--funder", COUNCIL, "--agree",
    ])
    .ok();
    let out2 = dir("out2");
    rep_run(&["exchange", "send", "--out", out2.to_str().unwrap()]).ok();
    assert!(files(&out2)[0].to_string_lossy().contains("version 2"));
    let r = forum_run(&["exchange", "receive", out2.to_str().unwrap()]);
    assert!(r.ok().stdout.contains("imported"), "{}", r.stdout);
    // The same file again changes nothing and says so.
    let again = forum_run(&["exchange", "receive", out2.to_str().unwrap()]);
    assert!(again.ok().stdout.contains("already"), "{}", again.stdout);

    // Approved and paid on the forum laptop; the next update says so on his computer.
    forum_run(&["claims", "approve", &id, "--accept-warnings"]).ok();
    forum_run(&[
        "claims",
        "pay",
        &id,
        "--date",
        &today.format("%d/%m/%Y").to_string(),
        "--reference",
        "BACS 5521",
    ])
    .ok();
    let upd2 = dir("upd2");
    forum_run(&["exchange", "send", "--out", upd2.to_str().unwrap()]).ok();
    rep_run(&["exchange", "receive", upd2.to_str().unwrap()]).ok();
    let mine = rep_run(&["claims", "list", "--month", &month, "--json"]);
    let mine: Value = serde_json::from_str(&mine.ok().stdout).unwrap();
    assert_eq!(mine[0]["status"], "paid", "{mine}");
    // The older update again changes nothing, and says so.
    let old = rep_run(&["exchange", "receive", files(&upd1)[0].to_str().unwrap()]);
    assert!(old.ok().stdout.contains("already"), "{}", old.stdout);
    let mine = rep_run(&["claims", "list", "--month", &month, "--json"]);
    let mine: Value = serde_json::from_str(&mine.ok().stdout).unwrap();
    assert_eq!(mine[0]["status"], "paid", "{mine}");
}
