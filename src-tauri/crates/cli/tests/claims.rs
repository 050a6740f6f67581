//! A month of claims from the command line only, as a script would run it: the real binary
//! in its own process, the passphrase from FORUMDESK_PASSPHRASE, on a demo forum. A rep adds
//! time, mileage and a line with a receipt, submits with the declaration; the chair is
//! refused until the warnings are accepted, returns the claim with a reason; the rep puts it
//! right and resubmits; the chair approves and records payment. Then every refusal: a
//! decimal comma, a future date, a claimant or a typist approving, a rep paying, no
//! declaration, and the shape of errors under --json. A refusal changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{Datelike, Local, NaiveDate};
use forumdesk_core::{create_demo_folder, KdfParams, Store, DEMO_PASSPHRASE};
use serde_json::Value;

const COUNCIL: &str = "Eastbridge County Council";
const CHAIR: &str = "Siobhán O'Brien";
const TREASURER: &str = "Zoë Clarke";
const REP: &str = "Łukasz Nowak";
/// A rep with no sign-in of their own: their claims come on paper.
const PAPER_REP: &str = "Amara Okafor";

struct Forum {
    _dir: tempfile::TempDir,
    data: PathBuf,
    /// Two months ago: the demo has no claims then, and every day of it has happened.
    month: String,
    first: NaiveDate,
}

/// What one run of the command line did.
struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        assert_eq!(self.code, 0, "failed: {}", self.stderr);
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }

    /// The JSON error, the last line of stderr (sign-in notices may come before it).
    fn json_error(&self) -> Value {
        let last = self.stderr.trim().lines().last().unwrap_or("");
        serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {}", self.stderr))
    }

    #[track_caller]
    fn refused(&self, words: &str) -> &Self {
        assert_eq!(self.code, 1, "expected a refusal; stdout: {}", self.stdout);
        assert!(
            self.stderr.contains(words),
            "expected {words:?} in: {}",
            self.stderr
        );
        self
    }
}

fn forum() -> Forum {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let today = Local::now().date_naive();
    create_demo_folder(&data, today, DEMO_PASSPHRASE, KdfParams::CHEAP_FOR_TESTS).unwrap();
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .unwrap()
        .checked_sub_months(chrono::Months::new(2))
        .unwrap();
    Forum {
        _dir: dir,
        data,
        month: first.format("%Y-%m").to_string(),
        first,
    }
}

impl Forum {
    /// Runs `forumdesk-cli --data-dir DATA [--as WHO] ARGS...` with the demo passphrase.
    fn run(&self, who: Option<&str>, args: &[&str]) -> Out {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_forumdesk-cli"));
        cmd.arg("--data-dir").arg(&self.data);
        if let Some(who) = who {
            cmd.args(["--as", who]);
        }
        let out = cmd
            .args(args)
            .env("FORUMDESK_PASSPHRASE", DEMO_PASSPHRASE)
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

    /// `claims add` for `who` in this month to the council, with `extra` options.
    fn add(&self, who: &str, extra: &[&str]) -> Out {
        let mut args = vec!["claims", "add", "--month", &self.month, "--funder", COUNCIL];
        args.extend_from_slice(extra);
        self.run(Some(who), &args)
    }

    /// Day `n` of the month as DD/MM/YYYY, and as YYYY-MM-DD.
    fn uk(&self, n: u32) -> String {
        self.first
            .with_day(n)
            .unwrap()
            .format("%d/%m/%Y")
            .to_string()
    }
    fn iso(&self, n: u32) -> String {
        self.first
            .with_day(n)
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    }

    /// Every claim of the month, as `claims list --json` gives them (as the chair).
    fn claims(&self) -> Vec<Value> {
        let out = self.run(None, &["claims", "list", "--month", &self.month, "--json"]);
        out.json().as_array().unwrap().clone()
    }

    fn claim_status(&self, id: i64) -> String {
        let claims = self.claims();
        let c = claims
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("claim {id} not listed"));
        c["status"].as_str().unwrap().to_string()
    }

    fn store(&self) -> Store {
        Store::sign_in_as(&self.data, "", DEMO_PASSPHRASE).unwrap()
    }

    fn audit_entries(&self) -> i64 {
        self.store()
            .connection()
            .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    }
}

fn receipt(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../assets/demo")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn newest_line(claim: &Value) -> &Value {
    claim["lines"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|l| l["id"].as_i64().unwrap())
        .unwrap()
}

#[test]
fn a_month_of_claims_from_the_command_line_only() {
    let f = forum();

    // Time, by the hour, with the date as people write it in the UK.
    let claim = f
        .add(
            REP,
            &[
                "--kind",
                "time",
                "--date",
                &f.uk(12),
                "--minutes",
                "90",
                "--activity",
                "Reading papers for the board",
                "--json",
            ],
        )
        .json();
    let id = claim["summary"]["id"].as_i64().unwrap();
    assert_eq!(claim["summary"]["rep_name"], REP);
    assert_eq!(claim["summary"]["status"], "draft");
    let time = newest_line(&claim);
    assert_eq!(time["line_date"], f.iso(12));
    assert_eq!(
        (time["minutes"].as_i64(), time["amount_pence"].as_i64()),
        (Some(90), Some(2250))
    );

    // Mileage by car, with the date written the ISO way: the first band's rate (45p) on all
    // 24.5 miles, since the rep is far below 10,000 car miles this tax year.
    let claim = f
        .add(
            REP,
            &[
                "--kind",
                "mileage",
                "--date",
                &f.iso(13),
                "--miles",
                "24.5",
                "--vehicle",
                "car",
                "--from",
                "Home",
                "--to",
                "County Hall",
                "--activity",
                "SEND board",
                "--json",
            ],
        )
        .json();
    assert_eq!(claim["summary"]["id"], id, "the same month's claim");
    let miles = newest_line(&claim);
    assert_eq!(miles["line_date"], f.iso(13));
    assert_eq!(miles["miles_tenths"], 245);
    assert_eq!(miles["vehicle"], "car");
    assert_eq!(miles["band_miles"], 10_000);
    assert_eq!(
        (
            miles["first_band_tenths"].as_i64(),
            miles["after_band_tenths"].as_i64()
        ),
        (Some(245), Some(0))
    );
    // 24.5 miles at the first band's 45p = £11.025, rounded half away from zero once.
    assert_eq!(
        (
            miles["first_band_pence"].as_i64(),
            miles["amount_pence"].as_i64()
        ),
        (Some(45), Some(1103))
    );

    // Parking with its receipt, the amount typed with a pound sign as in the window.
    let out = f.add(
        REP,
        &[
            "--kind",
            "parking",
            "--date",
            &f.uk(13),
            "--amount",
            "£4.20",
            "--activity",
            "SEND board",
            "--receipt",
            &receipt("receipt-parking-1.png"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("Added line 3 to claim"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("£4.20"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("Receipt “receipt-parking-1.png” attached."),
        "{}",
        out.stdout
    );

    // A bus fare without its ticket: the approver will be warned.
    let out = f.add(
        REP,
        &[
            "--kind",
            "fares",
            "--date",
            &f.uk(14),
            "--amount",
            "6.40",
            "--activity",
            "SEND board",
            "--description",
            "Bus to County Hall",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Warning: Line 4 (fares, £6.40) needs a receipt and has none."),
        "{}",
        out.stdout
    );

    let claim = f
        .run(
            Some(REP),
            &["claims", "list", "--month", &f.month, "--json"],
        )
        .json();
    let listed = &claim.as_array().unwrap()[0];
    assert_eq!(
        (listed["id"].as_i64(), listed["lines"].as_i64()),
        (Some(id), Some(4))
    );
    assert_eq!(listed["total_pence"], 2250 + 1103 + 420 + 640);

    // No --agree: the declaration is printed and nothing is submitted.
    let submit = ["claims", "submit", "--month", &f.month, "--funder", COUNCIL];
    let declaration = {
        let own = f.store().forum_get().unwrap().declaration;
        if own.trim().is_empty() {
            forumdesk_core::DEFAULT_DECLARATION.to_string()
        } else {
            own
        }
    };
    f.run(Some(REP), &submit)
        .refused("--agree: Please read the declaration")
        .refused(&declaration);
    assert_eq!(f.claim_status(id), "draft");

    let mut agreed = submit.to_vec();
    agreed.extend(["--agree", "--json"]);
    let claim = f.run(Some(REP), &agreed).json();
    assert_eq!(claim["summary"]["status"], "submitted");
    assert_eq!(claim["declaration"].as_str(), Some(declaration.as_str()));
    assert_eq!(claim["submitted_by_name"], REP);

    // The rep cannot approve (nor can any non-officer); the chair must accept the warning.
    let approve = ["claims", "approve", &id.to_string()];
    f.run(Some(REP), &approve)
        .refused("Only the chair or the treasurer can approve claims.");
    f.run(None, &approve)
        // The demo's council budget is past 90% too, so there may be a budget warning.
        .refused("--accept-warnings: This claim has ")
        .refused("  - Line 4 (fares, £6.40) needs a receipt and has none.")
        .refused("run this again with --accept-warnings");
    assert_eq!(f.claim_status(id), "submitted");

    // Returned with the reason; the rep adds childcare (hours of care, with its receipt) and
    // resubmits.
    let claim = f
        .run(
            None,
            &[
                "claims",
                "return",
                &id.to_string(),
                "--reason",
                "Please add the childcare you mentioned.",
                "--json",
            ],
        )
        .json();
    assert_eq!(claim["summary"]["status"], "returned");
    assert_eq!(
        claim["returned_reason"],
        "Please add the childcare you mentioned."
    );
    let claim = f
        .add(
            REP,
            &[
                "--kind",
                "childcare",
                "--date",
                &f.uk(13),
                "--hours",
                "3.5",
                "--amount",
                "30.00",
                "--activity",
                "SEND board",
                "--receipt",
                &receipt("receipt-childcare-1.png"),
                "--json",
            ],
        )
        .json();
    let care = newest_line(&claim);
    // 3.5 hours of care is 210 minutes; £30.00 is under the cap (3.5 × £12.00).
    assert_eq!(
        (care["minutes"].as_i64(), care["amount_pence"].as_i64()),
        (Some(210), Some(3000))
    );
    assert_eq!(care["receipts"].as_array().unwrap().len(), 1);
    assert_eq!(
        f.run(Some(REP), &agreed).json()["summary"]["status"],
        "submitted"
    );

    // Approved with the warning accepted: kept with the approval, and as data (by line).
    let mut accept = approve.to_vec();
    accept.extend(["--accept-warnings", "--json"]);
    let claim = f.run(None, &accept).json();
    assert_eq!(claim["summary"]["status"], "approved");
    assert_eq!(claim["approved_by_name"], CHAIR);
    // The receipt warning, and (the demo's council grant being past 90%) the budget's.
    let accepted = claim["accepted_warnings"].as_array().unwrap();
    assert_eq!(
        accepted[0],
        "Line 5 (fares, £6.40) needs a receipt and has none."
    );
    assert!(
        accepted[1..]
            .iter()
            .all(|w| w.as_str().unwrap().contains("budget")),
        "{accepted:?}"
    );
    let stored: Vec<(String, String)> = f
        .store()
        .connection()
        .prepare("SELECT code, message FROM accepted_warnings WHERE claim_id = ?1")
        .unwrap()
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        stored[0],
        (
            "missing_receipt".to_string(),
            "Line 5 (fares, £6.40) needs a receipt and has none.".to_string()
        )
    );
    assert!(
        stored[1..]
            .iter()
            .all(|(code, _)| code.starts_with("budget")),
        "{stored:?}"
    );

    // Payment: only an officer, and with a date that has happened.
    let today = Local::now().date_naive();
    let pay = |who: Option<&str>, date: &str| {
        f.run(
            who,
            &[
                "claims",
                "pay",
                &id.to_string(),
                "--date",
                date,
                "--reference",
                "BACS 2026-117",
            ],
        )
    };
    pay(Some(REP), &today.format("%d/%m/%Y").to_string())
        .refused("Only the chair or the treasurer can record payments.");
    pay(
        None,
        &(today + chrono::Days::new(1))
            .format("%d/%m/%Y")
            .to_string(),
    )
    .refused("--date: The payment date cannot be in the future.");
    assert_eq!(f.claim_status(id), "approved");
    let out = pay(None, &today.format("%d/%m/%Y").to_string());
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout.trim(),
        format!(
            "Claim {id} recorded as paid on {}, reference BACS 2026-117.",
            today.format("%d/%m/%Y")
        )
    );
    assert_eq!(f.claim_status(id), "paid");
    // The table shows the same ID.
    let shown = f.run(Some(REP), &["claims", "list", "--month", &f.month]);
    let row = shown
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{id} ")))
        .unwrap_or_else(|| panic!("claim {id} not in: {}", shown.stdout));
    assert!(row.contains(REP) && row.contains("paid"), "{row}");
}

#[test]
fn bad_input_names_its_option_and_changes_nothing() {
    let f = forum();
    let before = f.audit_entries();
    let line = |amount: &str, date: &str| {
        vec![
            "--kind".to_string(),
            "parking".into(),
            "--date".into(),
            date.into(),
            "--amount".into(),
            amount.into(),
            "--activity".into(),
            "SEND board".into(),
        ]
    };
    let add = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        f.add(REP, &args)
    };

    // A decimal comma is refused, never read as £450.
    let out = add(line("4,50", &f.uk(10)));
    out.refused("--amount: Use a point for pence, like 4.50");
    assert!(!out.stderr.contains("£450"), "{}", out.stderr);

    // Tomorrow has not happened yet, in either way of writing it.
    let tomorrow = Local::now().date_naive() + chrono::Days::new(1);
    let month = tomorrow.format("%Y-%m").to_string();
    for date in [
        tomorrow.format("%d/%m/%Y").to_string(),
        tomorrow.format("%Y-%m-%d").to_string(),
    ] {
        f.run(
            Some(REP),
            &[
                "claims",
                "add",
                "--month",
                &month,
                "--funder",
                COUNCIL,
                "--kind",
                "time",
                "--date",
                &date,
                "--minutes",
                "60",
                "--activity",
                "Reading papers",
            ],
        )
        .refused("--date: You can claim for this once it has happened.");
    }
    // A month-first date is not guessed at.
    add(line(
        "4.50",
        &f.first.with_day(13).unwrap().format("%m/%d/%Y").to_string(),
    ))
    .refused("--date: ");
    // Every problem at once, each after its option.
    let out = add(vec![
        "--kind".into(),
        "mileage".into(),
        "--date".into(),
        f.uk(10),
        "--miles".into(),
        "12,5".into(),
    ]);
    out.refused(
        "--meeting or --activity: Choose the meeting this was for, or describe the other work.",
    )
    .refused("--from: ")
    .refused("--miles: ");
    // A file that is not a photo or a PDF is refused before the line is added.
    let not_receipt = f._dir.path().join("notes.txt");
    std::fs::write(&not_receipt, "not a receipt").unwrap();
    let mut with_file = line("4.50", &f.uk(10));
    with_file.extend([
        "--receipt".into(),
        not_receipt.to_string_lossy().into_owned(),
    ]);
    add(with_file).refused("--receipt: A receipt must be a photo (JPEG or PNG) or a PDF file.");
    // Somebody who is not a rep here.
    f.run(
        None,
        &[
            "claims",
            "add",
            "--month",
            &f.month,
            "--funder",
            COUNCIL,
            "--rep",
            "Nobody Atall",
            "--kind",
            "time",
            "--date",
            &f.uk(10),
            "--minutes",
            "60",
            "--activity",
            "x",
        ],
    )
    .refused("--rep: There is no representative called “Nobody Atall”.");
    f.run(
        Some(REP),
        &[
            "claims",
            "add",
            "--month",
            &f.month,
            "--funder",
            "Lottery",
            "--kind",
            "time",
            "--date",
            &f.uk(10),
            "--minutes",
            "60",
            "--activity",
            "x",
        ],
    )
    .refused("--funder: There is no funder called \"Lottery\".");
    // A rep cannot type in a claim for somebody else.
    f.run(
        Some(REP),
        &[
            "claims",
            "add",
            "--month",
            &f.month,
            "--funder",
            COUNCIL,
            "--rep",
            PAPER_REP,
            "--kind",
            "time",
            "--date",
            &f.uk(10),
            "--minutes",
            "60",
            "--activity",
            "x",
        ],
    )
    .refused("You can only see and change your own claims.");
    // Nothing to submit.
    f.run(
        Some(REP),
        &[
            "claims", "submit", "--month", &f.month, "--funder", COUNCIL, "--agree",
        ],
    )
    .refused("There is no claim for");

    // Not one claim started, not one line, not one audit entry.
    assert!(f.claims().is_empty());
    assert_eq!(f.audit_entries(), before);

    // Both ways of writing a date are taken.
    for (day, date) in [(10, f.uk(10)), (11, f.iso(11))] {
        let claim = add({
            let mut l = line("4.50", &date);
            l.push("--json".into());
            l
        })
        .json();
        assert_eq!(newest_line(&claim)["line_date"], f.iso(day));
    }
}

#[test]
fn json_errors_have_the_windows_shape() {
    let f = forum();
    let out = f.add(
        REP,
        &[
            "--kind",
            "parking",
            "--date",
            &f.uk(10),
            "--amount",
            "4,50",
            "--activity",
            "SEND board",
            "--json",
        ],
    );
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "", "nothing on stdout when refused");
    let e = out.json_error();
    assert_eq!(e["code"], "invalid");
    assert_eq!(e["field"], "amount");
    assert_eq!(e["message"], "--amount: Use a point for pence, like 4.50");
    assert_eq!(e.as_object().unwrap().len(), 3, "{e}");

    // Not about a field: the code says what kind of refusal.
    let out = f.run(
        Some(REP),
        &[
            "claims",
            "pay",
            "1",
            "--date",
            &f.uk(10),
            "--reference",
            "x",
            "--json",
        ],
    );
    assert_eq!(out.code, 1);
    let e = out.json_error();
    assert_eq!(e["code"], "not_allowed");
    assert_eq!(e["field"], Value::Null);
    assert_eq!(
        e["message"],
        "Only the chair or the treasurer can record payments."
    );
}

#[test]
fn neither_the_claimant_nor_the_typist_approves() {
    let f = forum();
    let time = |f: &Forum, who: &str, extra: &[&str]| {
        let day = f.uk(12);
        let mut args = vec![
            "--kind",
            "time",
            "--date",
            &day,
            "--minutes",
            "60",
            "--activity",
            "Reading papers",
            "--json",
        ];
        args.extend_from_slice(extra);
        f.add(who, &args).json()["summary"]["id"].as_i64().unwrap()
    };

    // The treasurer is also a rep: she cannot approve her own claim, the chair can.
    let own = time(&f, TREASURER, &[]);
    let submit = [
        "claims", "submit", "--month", &f.month, "--funder", COUNCIL, "--agree",
    ];
    assert_eq!(f.run(Some(TREASURER), &submit).code, 0);
    f.run(
        Some(TREASURER),
        &["claims", "approve", &own.to_string(), "--accept-warnings"],
    )
    .refused("You cannot approve your own claim. Another chair or treasurer must approve it.");
    f.run(
        Some(TREASURER),
        &["claims", "return", &own.to_string(), "--reason", "Mine"],
    )
    .refused("You cannot decide on your own claim.");
    assert_eq!(f.claim_status(own), "submitted");
    let out = f.run(
        None,
        &["claims", "approve", &own.to_string(), "--accept-warnings"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(f.claim_status(own), "approved");
    // And she cannot record her own claim as paid.
    f.run(
        Some(TREASURER),
        &[
            "claims",
            "pay",
            &own.to_string(),
            "--date",
            &f.uk(20),
            "--reference",
            "x",
        ],
    )
    .refused("Only a chair or treasurer, other than the claimant, can record payment.");

    // The chair types in a paper claim for a rep with no sign-in, and submits it for them.
    let paper = time(&f, CHAIR, &["--rep", PAPER_REP]);
    let mut submit_paper = submit.to_vec();
    submit_paper.extend(["--rep", PAPER_REP, "--json"]);
    let claim = f.run(None, &submit_paper).json();
    assert_eq!(claim["summary"]["id"], paper);
    assert_eq!(claim["summary"]["rep_name"], PAPER_REP);
    assert_eq!(claim["submitted_by_name"], CHAIR);
    assert!(
        claim["declaration"]
            .as_str()
            .unwrap()
            .contains(&format!("(Entered by {CHAIR} for the representative")),
        "{}",
        claim["declaration"]
    );
    // Whoever typed it in does not approve it; the treasurer does.
    f.run(None, &["claims", "approve", &paper.to_string(), "--accept-warnings"])
        .refused("You typed in this paper claim for the representative, so another chair or treasurer must approve it.");
    assert_eq!(f.claim_status(paper), "submitted");
    let out = f.run(
        Some(TREASURER),
        &["claims", "approve", &paper.to_string(), "--accept-warnings"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains(&format!(
            "Claim {paper} ({PAPER_REP}, {COUNCIL}, {}) approved",
            f.month
        )),
        "{}",
        out.stdout
    );
    assert_eq!(f.claim_status(paper), "approved");
}

#[test]
fn car_miles_cross_the_band_at_10000_in_the_tax_year() {
    let f = forum();
    // The demo's car journeys are all in later months, so none comes before these. Nine
    // long journeys and one of 999.9 miles fill the first band to 9,999.9 miles.
    let journey = |day: u32, miles: &str| {
        let date = f.uk(day);
        f.add(
            REP,
            &[
                "--kind",
                "mileage",
                "--date",
                &date,
                "--miles",
                miles,
                "--vehicle",
                "car",
                "--from",
                "Home",
                "--to",
                "Conference",
                "--activity",
                "National conference",
                "--json",
            ],
        )
        .json()
    };
    for day in 10..19 {
        let claim = journey(day, "1000");
        let line = newest_line(&claim);
        assert_eq!(line["after_band_tenths"], 0, "day {day}");
    }
    let filled = journey(19, "999.9");
    assert_eq!(newest_line(&filled)["after_band_tenths"], 0);
    // The next 10 miles: 0.1 in the first band at 45p, 9.9 after it at 25p:
    // 4.5p + 247.5p = £2.52.
    let crossing = journey(20, "10");
    let line = newest_line(&crossing);
    assert_eq!(
        (
            line["first_band_tenths"].as_i64(),
            line["after_band_tenths"].as_i64(),
            line["after_band_pence"].as_i64(),
            line["amount_pence"].as_i64()
        ),
        (Some(1), Some(99), Some(25), Some(252))
    );
    // And the one after is wholly in the lower band.
    let after = journey(21, "2");
    let line = newest_line(&after);
    assert_eq!(
        (
            line["first_band_tenths"].as_i64(),
            line["amount_pence"].as_i64()
        ),
        (Some(0), Some(50))
    );
}

#[test]
fn time_for_a_meeting_is_claimed_on_its_day_from_its_funder() {
    let f = forum();
    let meetings = f.run(None, &["meetings", "list", "--json"]).json();
    // The demo's co-production group (paid by the council) meets in the month two months
    // back; its meetings there are in the past.
    let meeting = meetings
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            m["group"] == "Co-production Group"
                && m["start"].as_str().unwrap().starts_with(&f.month)
        })
        .unwrap_or_else(|| panic!("no co-production meeting in {}: {meetings}", f.month));
    let id = meeting["id"].as_i64().unwrap().to_string();
    let day: u32 = meeting["start"].as_str().unwrap()[8..10].parse().unwrap();
    let other_day = if day == 1 { 2 } else { day - 1 };
    let time = |funder: &str, date: &str| {
        f.run(
            Some(CHAIR),
            &[
                "claims",
                "add",
                "--month",
                &f.month,
                "--funder",
                funder,
                "--kind",
                "time",
                "--date",
                date,
                "--meeting",
                &id,
                "--minutes",
                "120",
                "--json",
            ],
        )
    };
    time(COUNCIL, &f.uk(other_day)).refused(&format!(
        "--date: That meeting was on {}. Time for a meeting is claimed on the day it was held.",
        f.uk(day)
    ));
    time("NHS Eastbridge Integrated Care Board", &f.uk(day)).refused(
        "--meeting: Reps' costs for Co-production Group are paid by Eastbridge County Council.",
    );
    assert!(f.claims().is_empty());
    let claim = time(COUNCIL, &f.uk(day)).json();
    let line = newest_line(&claim);
    assert_eq!(line["meeting_id"].as_i64().unwrap().to_string(), id);
    assert_eq!(line["amount_pence"], 3000);
    assert!(
        line["activity_label"]
            .as_str()
            .unwrap()
            .contains(meeting["title"].as_str().unwrap()),
        "{line}"
    );
}

#[test]
fn no_paper_claim_for_a_rep_with_their_own_computer_and_no_draft_left_behind() {
    let f = forum();
    let before = f.audit_entries();
    // The chair invites the rep to use their own computer: their claims are edited there.
    {
        let mut store = f.store();
        let rep_id = store
            .people_list()
            .unwrap()
            .into_iter()
            .find(|p| p.name == REP)
            .unwrap()
            .id;
        store
            .rep_invite(rep_id, &f._dir.path().join("rep.invitation"))
            .unwrap();
    }
    let invited = f.audit_entries();
    assert!(invited > before);
    f.run(
        None,
        &[
            "claims",
            "add",
            "--month",
            &f.month,
            "--funder",
            COUNCIL,
            "--rep",
            REP,
            "--kind",
            "time",
            "--date",
            &f.uk(10),
            "--minutes",
            "60",
            "--activity",
            "Reading papers",
        ],
    )
    .refused("Łukasz Nowak is working on this claim on their own computer")
    .refused("take it back first");
    assert!(f.claims().is_empty(), "a draft was left behind");
    assert_eq!(f.audit_entries(), invited);
}
