//! Reach from the command line, as a script would run it: the real binary on a demo forum.
//! Areas are added, refused when deleted in use, a member's details are refused without
//! consent and saved with it, the summary counts them, consent withdrawn deletes them, and
//! the steering group's number is set, with errors as JSON under --json.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::Local;
use forumdesk_core::{create_demo_folder, KdfParams, DEMO_PASSPHRASE};
use serde_json::Value;

const REP: &str = "Łukasz Nowak";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    #[track_caller]
    fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "failed: {}", self.stderr);
        &self.stdout
    }

    #[track_caller]
    fn json(&self) -> Value {
        serde_json::from_str(self.ok()).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }

    #[track_caller]
    fn refused(&self, words: &str) {
        assert_eq!(self.code, 1, "expected a refusal; stdout: {}", self.stdout);
        assert!(
            self.stderr.contains(words),
            "expected {words:?} in: {}",
            self.stderr
        );
    }
}

fn run(data: &PathBuf, who: Option<&str>, args: &[&str]) -> Out {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_forumdesk-cli"));
    cmd.arg("--data-dir").arg(data);
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

/// The count shown for `area` in `members reach --json`.
fn count(data: &PathBuf, area: &str) -> i64 {
    let s = run(data, None, &["members", "reach", "--json"]).json();
    s["by_area"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == area)
        .unwrap_or_else(|| panic!("{area} not in {s}"))["value"]
        .as_i64()
        .unwrap()
}

#[test]
fn areas_details_with_consent_the_summary_and_the_steering_group() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    create_demo_folder(
        &data,
        Local::now().date_naive(),
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();

    let offered = run(&data, None, &["areas", "list", "--json"]).json();
    let all = run(&data, None, &["areas", "list", "--all", "--json"]).json();
    assert_eq!(
        (
            offered.as_array().unwrap().len(),
            all.as_array().unwrap().len()
        ),
        (4, 5),
        "the demo retired Old Town"
    );
    assert!(!run(&data, None, &["areas", "list"])
        .ok()
        .contains("Old Town"));
    assert!(run(&data, None, &["areas", "list", "--all"])
        .ok()
        .contains("Old Town"));
    run(&data, None, &["areas", "add", "Westfield"]).ok();
    run(&data, None, &["areas", "add", "westfield"]).refused("already an area called Westfield");
    run(&data, None, &["areas", "delete", "Old Town"]).refused("Retire it instead");

    // Without consent nothing is kept; with it, the details are saved and counted.
    run(
        &data,
        None,
        &[
            "members",
            "reach-set",
            "--member",
            REP,
            "--area",
            "Westfield",
            "--heard",
            "school",
        ],
    )
    .refused("agreed");
    assert_eq!(count(&data, "Westfield"), 0);
    let saved = run(
        &data,
        None,
        &[
            "members",
            "reach-set",
            "--member",
            "łukasz nowak",
            "--consent",
            "--area",
            "Westfield",
            "--heard",
            "social media",
            "--involvement",
            "rep",
        ],
    );
    assert!(
        saved.ok().contains("consent recorded on"),
        "{}",
        saved.stdout
    );
    assert_eq!(count(&data, "Westfield"), 1);
    let text = run(&data, None, &["members", "reach"]);
    assert!(text.ok().contains("Westfield"), "{}", text.stdout);
    run(&data, None, &["areas", "delete", "Westfield"]).refused("1 member chose Westfield");

    // A rep cannot record anyone's details, their own included.
    run(
        &data,
        Some(REP),
        &["members", "reach-set", "--member", REP, "--consent"],
    )
    .refused("Only the chair or the treasurer");

    run(&data, None, &["members", "reach-clear", "--member", REP]).ok();
    assert_eq!(count(&data, "Westfield"), 0);
    run(&data, None, &["areas", "delete", "Westfield"]).ok();

    // The steering group: the demo's is one short; setting its number to what it has is enough.
    let s = run(&data, None, &["steering", "--json"]).json();
    assert_eq!(s["state"], "below", "{s}");
    let active = s["active"].as_i64().unwrap();
    let set = run(
        &data,
        None,
        &["steering", "--needed", &active.to_string(), "--json"],
    )
    .json();
    assert_eq!(
        (set["state"].as_str(), set["needed"].as_i64()),
        (Some("enough"), Some(active))
    );
    let e = run(&data, None, &["steering", "--needed", "lots", "--json"]);
    assert_eq!(e.code, 1);
    let err: Value = serde_json::from_str(e.stderr.trim().lines().last().unwrap()).unwrap();
    assert_eq!(
        (err["code"].as_str(), err["field"].as_str()),
        (Some("invalid"), Some("steering_needed")),
        "{err}"
    );
    run(&data, None, &["steering", "--group", "No such group"]).refused("no group called");
}
