//! The Reports screen: the chair sees the demo forum's funders' year, its figures agree with
//! the command line's (the same core), a table saved as CSV is byte for byte the command
//! line's, a wrong date is reported beside its field, and the signed annual report passes
//! pdfsig.

use fantoccini::Locator;
use forumdesk_e2e::app::within;
use forumdesk_e2e::{run_cli, App};
use serde_json::{json, Value};

use crate::flow::{
    chrono_today, click, fill, go, sign_in_as, wait_attr, wait_text, DEMO_PASSPHRASE,
};

/// The text of the second cell of the row of `table` whose first cell is `label`.
async fn cell(app: &App, table: &str, label: &str) -> String {
    let script = "for (const tr of document.querySelectorAll(arguments[0] + ' tbody tr')) {
        const c = tr.querySelectorAll('td, th');
        if (c[0].textContent.trim() === arguments[1]) return c[1].textContent.trim();
      } return null;";
    let v = within(app.client.execute(
        script,
        vec![
            json!(format!("[data-testid='report-table-{table}']")),
            json!(label),
        ],
    ))
    .await
    .unwrap()
    .unwrap();
    v.as_str()
        .unwrap_or_else(|| panic!("no row {label} in {table}"))
        .to_string()
}

#[tokio::test]
async fn reports_the_chair_sees_the_funders_year_saves_a_csv_and_the_signed_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let today = chrono_today();
    let (y, m): (i32, u32) = (today[..4].parse().unwrap(), today[5..7].parse().unwrap());
    let fy = if m >= 4 { y } else { y - 1 };
    let (from, to) = (format!("01/04/{fy}"), format!("31/03/{}", fy + 1));

    // The command line's tables and CSVs first (the window holds the store once it is open).
    let cli_csvs = dir.path().join("cli-csvs");
    let out = run_cli(
        dir.path(),
        &[
            "report",
            "figures",
            "--from",
            &from,
            "--to",
            &to,
            "--json",
            "--csv-dir",
            cli_csvs.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tables: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row_text = |key: &str, label: &str| -> String {
        let t = tables["tables"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["key"] == key)
            .unwrap();
        let row = t["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[0]["text"] == label)
            .unwrap_or_else(|| panic!("{label} not in {key}"));
        row[1]["text"].as_str().unwrap().to_string()
    };
    let amount_paid = row_text("summary", "Amount paid");
    assert!(amount_paid.starts_with('£'), "{amount_paid}");

    let app = App::launch_with_data_dir(dir.path()).await;
    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;
    go(&app, "reports").await;
    app.find("[data-testid='report-table-summary']").await;
    let shown_from = within(app.find("[data-testid='report-from']").await.prop("value"))
        .await
        .unwrap()
        .unwrap()
        .unwrap_or_default();
    assert_eq!(shown_from, from, "the current funders' year by default");
    wait_text(
        &app,
        "[data-testid='report-results-heading']",
        "the dates",
        |t| t.contains(&from) && t.contains(&to),
    )
    .await;
    assert_eq!(cell(&app, "summary", "Amount paid").await, amount_paid);
    assert_eq!(
        cell(&app, "summary", "Meetings held").await,
        row_text("summary", "Meetings held")
    );
    // Reach: every area's count is the core's, and they add up to the active members.
    let areas: Vec<(String, String)> = tables["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "members_by_area")
        .expect("the reach table")["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[0]["text"].as_str().unwrap().to_string(),
                r[1]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(areas.len() > 1, "the demo's members have areas: {areas:?}");
    let mut total = 0;
    for (area, n) in &areas {
        assert_eq!(&cell(&app, "members_by_area", area).await, n, "{area}");
        total += n.parse::<i64>().unwrap();
    }
    assert_eq!(
        total.to_string(),
        cell(&app, "summary", "Active members").await
    );
    app.save_screenshot("screen-reports");

    // A table saved as CSV, into a folder of our own: the same bytes as the command line's.
    let out_dir = dir.path().join("window-csvs");
    fill(
        &app,
        "[data-testid='report-folder']",
        &out_dir.display().to_string(),
    )
    .await;
    click(&app, "[data-testid='report-csv-hours_by_funder']").await;
    let saved = wait_attr(
        &app,
        "[data-testid='report-csv-result-hours_by_funder']",
        "data-path",
    )
    .await;
    assert!(saved.starts_with(&out_dir.display().to_string()), "{saved}");
    let name = format!("report-hours_by_funder-{fy}-04-01-to-{}-03-31.csv", fy + 1);
    assert!(saved.ends_with(&name), "{saved}");
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        std::fs::read(cli_csvs.join(&name)).unwrap()
    );

    // A wrong date is said beside its field, and the tables shown stay as they were.
    fill(&app, "[data-testid='report-from']", "31/02/2026").await;
    click(&app, "[data-testid='report-show']").await;
    let error = wait_text(
        &app,
        "[data-testid='report-range-form'] .field-error",
        "the error",
        |t| !t.is_empty(),
    )
    .await;
    assert!(error.contains("first date"), "{error}");
    let invalid = within(
        app.find("[data-testid='report-from']")
            .await
            .attr("aria-invalid"),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(invalid.as_deref(), Some("true"));
    assert_eq!(cell(&app, "summary", "Amount paid").await, amount_paid);

    // A quick choice shows another range.
    click(&app, "[data-testid='report-quick-last-year']").await;
    wait_text(
        &app,
        "[data-testid='report-results-heading']",
        "last year",
        |t| t.contains(&format!("01/04/{}", fy - 1)),
    )
    .await;
    assert!(within(app.client.find(Locator::Css(
        "[data-testid='report-range-form'] .field-error"
    )))
    .await
    .unwrap()
    .is_err());

    // The signed annual report for this funders' year.
    click(&app, "[data-testid='report-annual']").await;
    let pdf = wait_attr(&app, "[data-testid='report-annual-result']", "data-path").await;
    assert!(
        pdf.ends_with(&format!("annual-report-{fy}-{:02}.pdf", (fy + 1) % 100)),
        "{pdf}"
    );
    let sig = std::process::Command::new("pdfsig")
        .arg(&pdf)
        .output()
        .expect("pdfsig (poppler-utils) is needed");
    let sig = String::from_utf8_lossy(&sig.stdout);
    assert!(
        sig.contains("Signature is Valid.") && sig.contains("Total document signed"),
        "pdfsig: {sig}"
    );
}
