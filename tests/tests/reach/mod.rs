//! Reach in the real window: the chair records a demo member's reach details on the member
//! form (refused beside the consent box until it is ticked), and the reach panel on the
//! Members screen counts them.

use forumdesk_e2e::app::within;
use forumdesk_e2e::App;

use crate::flow::{click, demo_as_chair, go, select, settle, wait_text};

/// The count the reach panel shows for `area` (WebKit runs a table's cells together:
/// "Riverside3South Eastbridge4", so it is the digits just after the name).
fn count_in(table: &str, area: &str) -> i64 {
    table
        .find(area)
        .map(|at| &table[at + area.len()..])
        .map(|rest| {
            rest.trim_start()
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{area} is not in the reach panel: {table:?}"))
}

async fn open(app: &App, hash: &str) {
    within(app.client.execute(
        "location.hash = arguments[0];",
        vec![serde_json::json!(hash)],
    ))
    .await
    .expect("the window did not answer")
    .unwrap();
}

#[tokio::test]
async fn reach_details_are_saved_with_consent_and_counted_on_members() {
    let (_dir, app) = demo_as_chair().await;
    go(&app, "members").await;
    let before = wait_text(&app, "[data-testid='reach-by-area']", "Riverside", |t| {
        t.contains("Riverside")
    })
    .await;
    let riverside = count_in(&before, "Riverside");

    // Łukasz (the demo's third member) gave no reach details.
    open(&app, "#members/3").await;
    app.find("[data-testid='reach-form']").await;
    select(&app, "[data-testid='reach-area']", "3").await;
    click(&app, "[data-testid='save-reach']").await;
    wait_text(
        &app,
        "[data-testid='reach-form'] .field-error",
        "the consent refusal",
        |t| t.contains("agreed"),
    )
    .await;

    click(&app, "[data-testid='reach-consent']").await;
    select(&app, "[data-testid='reach-heard']", "school").await;
    click(&app, "[data-testid='save-reach']").await;
    wait_text(
        &app,
        "[data-testid='reach-consent-given']",
        "consent recorded",
        |t| t.starts_with("Consent recorded on"),
    )
    .await;
    settle().await;

    go(&app, "members").await;
    wait_text(
        &app,
        "[data-testid='reach-by-area']",
        "one more in Riverside",
        |t| t.contains("Riverside") && count_in(t, "Riverside") == riverside + 1,
    )
    .await;
    app.save_screenshot("reach-panel");
}
