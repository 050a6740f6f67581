//! `forumdesk budgets` as a script runs it: the real binary, the demo forum, the passphrase
//! from the environment. The treasurer adds a grant and sees it listed with the spend the
//! core works out; every refusal (a decimal comma, an end before the start, nothing to pay
//! for, a rep) changes nothing.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::Local;
use forumdesk_core::{create_demo_folder, KdfParams, Store, DEMO_PASSPHRASE};
use serde_json::Value;

const NHS: &str = "NHS Eastbridge Integrated Care Board";
const TREASURER: &str = "Zoë Clarke";
const REP: &str = "Łukasz Nowak";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(data: &PathBuf, who: &str, args: &[&str]) -> Out {
    let out = Command::new(env!("CARGO_BIN_EXE_forumdesk-cli"))
        .arg("--data-dir")
        .arg(data)
        .args(["--as", who])
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

fn budgets(data: &PathBuf) -> Vec<Value> {
    let out = run(data, TREASURER, &["budgets", "list", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str::<Vec<Value>>(&out.stdout).unwrap()
}

#[test]
fn a_grant_is_added_listed_with_its_spend_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    create_demo_folder(
        &data,
        Local::now().date_naive(),
        DEMO_PASSPHRASE,
        KdfParams::CHEAP_FOR_TESTS,
    )
    .unwrap();
    let nhs_funder = {
        let store = Store::sign_in_as(&data, TREASURER, DEMO_PASSPHRASE).unwrap();
        store.funder_by_name(NHS).unwrap().id
    };
    let before = budgets(&data);

    // Every refusal says which option is wrong and adds nothing.
    for (args, words) in [
        (vec!["--amount", "4,50", "--pays", "time"], "--amount:"),
        (
            vec!["--amount", "5000", "--pays", "time", "--to", "01/01/2020"],
            "--to: The budget must end on or after it starts",
        ),
    ] {
        let mut all = vec![
            "budgets",
            "add",
            "--funder",
            NHS,
            "--name",
            "Extra grant",
            "--from",
            "01/04/2026",
        ];
        all.extend(args.iter().copied());
        if !all.contains(&"--to") {
            all.extend(["--to", "31/03/2027"]);
        }
        let out = run(&data, TREASURER, &all);
        assert_eq!(out.code, 1, "expected a refusal: {}", out.stdout);
        assert!(out.stderr.contains(words), "{words:?} in {}", out.stderr);
    }
    let no_pays = run(
        &data,
        TREASURER,
        &[
            "budgets",
            "add",
            "--funder",
            NHS,
            "--name",
            "Extra grant",
            "--amount",
            "5000",
            "--from",
            "01/04/2026",
            "--to",
            "31/03/2027",
        ],
    );
    assert_eq!(no_pays.code, 2, "--pays is required: {}", no_pays.stderr);
    let rep = run(
        &data,
        REP,
        &[
            "budgets",
            "add",
            "--funder",
            NHS,
            "--name",
            "Extra grant",
            "--amount",
            "5000",
            "--from",
            "01/04/2026",
            "--to",
            "31/03/2027",
            "--pays",
            "time",
        ],
    );
    assert_eq!(rep.code, 1, "a rep may not add a budget: {}", rep.stdout);
    assert_eq!(budgets(&data), before, "refusals added nothing");

    let added = run(
        &data,
        TREASURER,
        &[
            "budgets",
            "add",
            "--funder",
            NHS,
            "--name",
            "Extra grant",
            "--amount",
            "£5,000.50",
            "--from",
            "01/04/2026",
            "--to",
            "31/03/2027",
            "--pays",
            "time,childcare",
        ],
    );
    assert_eq!(added.code, 0, "{}", added.stderr);
    assert!(added.stdout.contains("£5,000.50"), "{}", added.stdout);
    let after = budgets(&data);
    assert_eq!(after.len(), before.len() + 1);
    let new = after
        .iter()
        .find(|b| b["name"] == "Extra grant")
        .expect("the new budget is listed");
    assert_eq!(new["amount_pence"], 500_050);
    assert_eq!(new["starts_on"], "2026-04-01");
    assert_eq!(new["pays"], serde_json::json!(["time", "childcare"]));

    // Its spend is the core's: the NHS's approved and paid time and childcare lines in the
    // period, worked out here from the store directly.
    let store = Store::sign_in_as(&data, TREASURER, DEMO_PASSPHRASE).unwrap();
    let core = store
        .budgets_list(Some(nhs_funder))
        .unwrap()
        .into_iter()
        .find(|b| b.name == "Extra grant")
        .unwrap();
    assert_eq!(new["spent_pence"], core.spent_pence);
    assert_eq!(new["left_pence"], 500_050 - core.spent_pence);
    drop(store);

    let table = run(&data, TREASURER, &["budgets", "list", "--funder", NHS]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(table.stdout.contains("01/04/2026 to 31/03/2027"));
    assert!(table.stdout.contains("time, childcare"));

    let id = new["id"].as_i64().unwrap().to_string();
    assert_eq!(run(&data, REP, &["budgets", "remove", "--id", &id]).code, 1);
    let removed = run(&data, TREASURER, &["budgets", "remove", "--id", &id]);
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert_eq!(budgets(&data), before);
    let again = run(&data, TREASURER, &["budgets", "remove", "--id", &id]);
    assert_eq!(again.code, 1, "a removed budget is gone: {}", again.stdout);
}
