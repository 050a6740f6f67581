//! The forum's money in the real window: the treasurer's budgets show what the core says is
//! spent, a budget typed with a decimal comma is refused beside its field and keeps what was
//! typed; the chair shows and saves Łukasz's signed statement for the tax year with the month
//! over the Carer's Allowance limit; and Łukasz, who gets Carer's Allowance, is warned before
//! he submits a month that goes over the limit, and cannot submit until he says he has read it.

use std::time::Duration;

use forumdesk_e2e::{run_cli, App};
use serde_json::Value;

use crate::flow::{
    absent, click, fill, go, go_settings, script, select, settle, sign_in_as, sign_out, wait_text,
    DEMO_PASSPHRASE,
};

const COUNCIL: &str = "Eastbridge County Council";
const REP: &str = "Łukasz Nowak";

/// What a command-line run printed, as JSON, after checking it worked.
fn cli_json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = run_cli(dir, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Pence as the window shows them: £1,234.56.
fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let p = pence.abs();
    let whole = (p / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}£{grouped}.{:02}", p % 100)
}

/// Today as (year, month, day), from the same clock the app reads.
fn today() -> (i32, u32, u32) {
    let out = std::process::Command::new("date")
        .arg("+%Y %m %d")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut parts = text.split_whitespace().map(|p| p.parse::<u32>().unwrap());
    let (y, m, d) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    (y as i32, m, d)
}

#[tokio::test]
async fn budgets_the_statement_and_the_carers_allowance_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (year, month, day) = today();
    let today_uk = format!("{day:02}/{month:02}/{year}");
    let this_month = format!("{year}-{month:02}");
    let last_month = if month == 1 {
        format!("{}-12", year - 1)
    } else {
        format!("{year}-{:02}", month - 1)
    };
    let tax_year = if (month, day) < (4, 6) {
        year - 1
    } else {
        year
    };

    // Last month's council claim for Łukasz, approved in the demo, is paid today: its
    // recognition payments now count in this month, which takes this month over the limit.
    let claims = cli_json(
        dir.path(),
        &["claims", "list", "--month", &last_month, "--json"],
    );
    let claim = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rep"] == REP && c["funder"] == COUNCIL)
        .expect("the demo has Łukasz's council claim for last month");
    let id = claim["id"].as_i64().unwrap().to_string();
    let paid = run_cli(
        dir.path(),
        &[
            "claims",
            "pay",
            &id,
            "--date",
            &today_uk,
            "--reference",
            "BACS 1001",
        ],
    );
    assert!(
        paid.status.success(),
        "{}",
        String::from_utf8_lossy(&paid.stderr)
    );
    let budgets = cli_json(dir.path(), &["budgets", "list", "--json"]);
    let council_budget = budgets
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["funder"] == COUNCIL)
        .expect("the demo has a council budget")
        .clone();
    assert!(
        council_budget["spent_pence"].as_i64().unwrap() > 0,
        "the demo's council budget has spend: {council_budget}"
    );

    let app = App::launch_with_data_dir(dir.path()).await;
    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;

    // Budgets: the window shows the core's spend and per cent.
    go_settings(&app, "money").await;
    let spent_css = format!("[data-testid='budget-spent-{}']", council_budget["id"]);
    let spent = app.wait_for_text(&spent_css).await;
    let want = format!(
        "{} ({}%)",
        pounds(council_budget["spent_pence"].as_i64().unwrap()),
        council_budget["percent_spent"]
    );
    assert!(spent.starts_with(&want), "{spent:?} should start {want:?}");
    assert!(
        spent.contains("Past 90%"),
        "the demo grant is past 90%: {spent}"
    );

    // A decimal comma is refused beside the amount, and nothing typed is lost.
    let rows_before = script(
        &app,
        "return document.querySelectorAll(\"[data-testid^='budget-row-']\").length;",
    )
    .await;
    select(
        &app,
        "[data-testid='budget-funder']",
        &council_budget["funder_id"].to_string(),
    )
    .await;
    fill(&app, "[data-testid='budget-name']", "Small grant").await;
    fill(&app, "[data-testid='budget-amount']", "4,50").await;
    fill(&app, "[data-testid='budget-starts-on']", "01/04/2026").await;
    fill(&app, "[data-testid='budget-ends-on']", "31/03/2027").await;
    click(&app, "[data-testid='save-budget']").await;
    settle().await;
    let beside = script(
        &app,
        "const i = document.querySelector(\"[data-testid='budget-form'] [name='amount']\");
         const id = (i.getAttribute('aria-describedby') || '').split(' ')[0];
         return i.getAttribute('aria-invalid') + '|' + i.value + '|' + (document.getElementById(id) || {}).textContent;",
    )
    .await;
    let parts: Vec<&str> = beside.splitn(3, '|').collect();
    assert_eq!(parts[0], "true", "the amount is marked wrong: {beside}");
    assert_eq!(parts[1], "4,50", "what was typed stays: {beside}");
    assert!(parts[2].len() > 10, "a message beside the amount: {beside}");
    assert_eq!(
        script(
            &app,
            "return document.querySelectorAll(\"[data-testid^='budget-row-']\").length;"
        )
        .await,
        rows_before,
        "nothing was saved"
    );
    assert_eq!(
        script(
            &app,
            "return document.querySelector(\"[data-testid='budget-form'] [name='name']\").value;"
        )
        .await,
        "Small grant"
    );
    fill(&app, "[data-testid='budget-amount']", "450").await;
    click(&app, "[data-testid='save-budget']").await;
    wait_text(
        &app,
        "[data-testid='budgets-section']",
        "the new budget",
        |t| t.contains("Small grant") && t.contains("£450.00"),
    )
    .await;
    let after = cli_json(dir.path(), &["budgets", "list", "--json"]);
    assert!(
        after
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["name"] == "Small grant" && b["amount_pence"] == 45_000),
        "saved as £450.00 exactly: {after}"
    );

    // Łukasz's statement for the tax year: this month is over the limit, and the signed PDF
    // carries the same totals as the window.
    go(&app, "reps").await;
    let row = script(
        &app,
        "for (const r of document.querySelectorAll(\"[data-testid^='rep-row-']\"))
           if (r.textContent.includes('Łukasz')) return r.dataset.testid; return '';",
    )
    .await;
    let member_id = row.trim_start_matches("rep-row-").to_string();
    assert!(!member_id.is_empty(), "Łukasz is listed");
    click(&app, &format!("[data-testid='edit-rep-{member_id}']")).await;
    app.find("[data-testid='rep-money-section']").await;
    fill(
        &app,
        "[data-testid='statement-tax-year']",
        &tax_year.to_string(),
    )
    .await;
    click(&app, "[data-testid='show-statement']").await;
    let over = wait_text(
        &app,
        &format!("[data-testid='statement-month-{this_month}']"),
        "this month over the limit",
        |t| t.contains("Over the Carer’s Allowance limit"),
    )
    .await;
    let over_months = script(
        &app,
        "return [...document.querySelectorAll(\"[data-testid^='statement-month-']\")]
           .filter((r) => r.textContent.includes('Over the Carer’s Allowance limit')).length;",
    )
    .await;
    assert_eq!(over_months, "1", "only this month is over: {over}");
    let totals = script(
        &app,
        "return [...document.querySelectorAll(\"[data-testid='statement-totals'] td\")].map((c) => c.textContent).join(' ');",
    )
    .await;
    let recognition = totals
        .split_whitespace()
        .find(|w| w.starts_with('£'))
        .unwrap_or_else(|| panic!("a total in pounds: {totals:?}"))
        .to_string();
    click(&app, "[data-testid='export-statement']").await;
    let path = wait_text(
        &app,
        "[data-testid='statement-result'] .path",
        "a path",
        |t| t.ends_with(".pdf"),
    )
    .await;
    let sig = std::process::Command::new("pdfsig")
        .arg(&path)
        .output()
        .expect("pdfsig (poppler-utils) is needed");
    let sig = String::from_utf8_lossy(&sig.stdout);
    assert!(sig.contains("Signature is Valid."), "pdfsig: {sig}");
    let text = std::process::Command::new("pdftotext")
        .args(["-layout", &path, "-"])
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&recognition),
        "the PDF's recognition total {recognition} is the window's: {text}"
    );
    assert!(text.contains("Carer's Allowance Unit") || text.contains("Carer’s Allowance Unit"));

    // Łukasz is warned before he submits this month, and must say he has read it.
    sign_out(&app).await;
    sign_in_as(&app, "Łukasz", DEMO_PASSPHRASE).await;
    go(&app, "claims").await;
    wait_text(&app, "[data-testid='claim-status']", "a draft claim", |t| {
        t.contains("Draft")
    })
    .await;
    select(&app, "[data-testid='line-kind']", "time").await;
    fill(
        &app,
        "[data-testid='line-form'] [name='line_date']",
        &today_uk,
    )
    .await;
    fill(
        &app,
        "[data-testid='line-form'] [name='activity']",
        "Reading the SEND board papers",
    )
    .await;
    fill(&app, "[data-testid='line-form'] [name='minutes']", "60").await;
    click(&app, "[data-testid='add-line']").await;
    let warning = wait_text(
        &app,
        "[data-testid='earnings-warning']",
        "the warning",
        |t| t.contains("weekly earnings limit"),
    )
    .await;
    assert!(
        warning.contains("Carer's Allowance Unit") && warning.contains("does not give advice"),
        "{warning}"
    );
    click(&app, "[data-testid='declaration-agreed']").await;
    click(&app, "[data-testid='submit-claim']").await;
    wait_text(&app, "main", "the reminder to read the warning", |t| {
        t.contains("Please tick to say you have read the Carer’s Allowance warning")
    })
    .await;
    assert!(
        app.wait_for_text("[data-testid='claim-status']")
            .await
            .contains("Draft"),
        "not submitted without the tick"
    );
    click(&app, "[data-testid='earnings-warning-seen']").await;
    click(&app, "[data-testid='submit-claim']").await;
    wait_text(&app, "[data-testid='claim-status']", "submitted", |t| {
        t.contains("Submitted")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(absent(&app, "[data-testid='earnings-warning-seen']").await);
}
