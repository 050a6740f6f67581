//! Meetings by each group's terms of reference, in the real window (the rules themselves
//! are tested in the core).

use fantoccini::Locator;
use forumdesk_e2e::app::within;
use forumdesk_e2e::run_cli;

use crate::flow::{click, demo_as_chair, fill, select, settle};

/// The terms of reference in the window: a group's standards saved and read back, and an
/// exception the group agreed replacing a meeting's warning with "… because …, agreed by …".
#[tokio::test]
async fn a_groups_standards_and_an_agreed_exception_work_in_the_window() {
    let (_dir, app) = demo_as_chair().await;

    // A group's days of notice, changed and read back.
    click(&app, "a[data-nav='groups']").await;
    let edit = app.find("[data-testid^='edit-group-']").await;
    let edit_id = edit.attr("data-testid").await.unwrap().unwrap();
    within(edit.click()).await.unwrap().unwrap();
    fill(&app, "[data-testid='std-notice-days']", "21").await;
    click(&app, "[data-testid='save-group']").await;
    settle().await;
    click(&app, "a[data-nav='groups']").await;
    click(&app, &format!("[data-testid='{edit_id}']")).await;
    let days = app.find("[data-testid='std-notice-days']").await;
    assert_eq!(
        days.prop("value").await.unwrap().as_deref(),
        Some("21"),
        "the standard was saved"
    );

    // A meeting warned about short notice: the group agrees it, and the warning becomes
    // the agreed exception.
    click(&app, "a[data-nav='meetings']").await;
    app.find("main h1").await;
    settle().await;
    let mut ids = Vec::new();
    for l in app
        .client
        .find_all(Locator::Css("[data-testid^='meeting-link-']"))
        .await
        .unwrap()
    {
        ids.push(l.attr("data-testid").await.unwrap().unwrap_or_default());
    }
    let mut found = false;
    for id in ids {
        click(&app, "a[data-nav='meetings']").await;
        settle().await;
        click(&app, &format!("[data-testid='{id}']")).await;
        app.find("[data-testid='meeting-checks']").await;
        settle().await;
        let warned = match app
            .client
            .find(Locator::Css("[data-testid='meeting-warnings']"))
            .await
        {
            Ok(w) => w
                .text()
                .await
                .unwrap_or_default()
                .to_lowercase()
                .contains("notice"),
            Err(_) => false,
        };
        if warned
            && app
                .client
                .find(Locator::Css("[data-testid='exception-form']"))
                .await
                .is_ok()
        {
            found = true;
            break;
        }
    }
    assert!(
        found,
        "the demo has an open meeting with a short-notice warning"
    );
    select(&app, "[data-testid='exception-kind']", "short_notice").await;
    fill(
        &app,
        "[data-testid='exception-reason']",
        "the consultation closes on Friday",
    )
    .await;
    fill(
        &app,
        "[data-testid='exception-agreed-by']",
        "the chair and ESCC's lead",
    )
    .await;
    click(&app, "[data-testid='save-exception']").await;
    let agreed = app
        .wait_for_text("[data-testid='meeting-exceptions']")
        .await;
    assert!(
        agreed.contains("Called at short notice because the consultation closes on Friday"),
        "{agreed}"
    );
    assert!(agreed.contains("the chair and ESCC's lead"), "{agreed}");
    found = match app
        .client
        .find(Locator::Css("[data-testid='meeting-warnings']"))
        .await
    {
        Ok(w) => w
            .text()
            .await
            .unwrap_or_default()
            .to_lowercase()
            .contains("short notice"),
        Err(_) => false,
    };
    assert!(
        !found,
        "the short-notice warning is replaced by the agreed exception"
    );
}

/// `forumdesk meetings list --json` on the demo: each meeting's quoracy and reason, warnings
/// and agreed exceptions, and the next chair and note-taker, with the handbook's group
/// rotating between the council and the forum only and its guest not counted.
#[test]
fn meetings_list_json_follows_the_handbooks_terms() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_cli(dir.path(), &["meetings", "list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let meetings = list.as_array().unwrap();
    assert!(!meetings.is_empty());
    for m in meetings {
        for key in [
            "quorate",
            "quoracy_reason",
            "warnings",
            "exceptions",
            "suggested_chair_org",
            "suggested_note_taker_org",
        ] {
            assert!(m.get(key).is_some(), "{key} missing from {m}");
        }
    }
    let coproduction: Vec<&serde_json::Value> = meetings
        .iter()
        .filter(|m| m["group"] == "Co-production Group")
        .collect();
    assert!(coproduction.len() >= 3, "{coproduction:?}");
    for m in &coproduction {
        for key in ["suggested_chair_org", "suggested_note_taker_org"] {
            let org = m[key].as_str().unwrap_or_default();
            assert!(
                org == "ESCC" || org == "ESPCF",
                "{key} {org}: only the council and the forum rotate"
            );
        }
    }
    assert!(
        coproduction.iter().any(|m| m["quoracy_reason"]
            .as_str()
            .unwrap_or_default()
            .contains("guest not")),
        "a guest who does not count: {coproduction:?}"
    );
    assert!(
        coproduction
            .iter()
            .any(|m| m["exceptions"]
                .as_array()
                .is_some_and(|e| e.iter().any(|x| x
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("Called at short notice because")))),
        "an urgent meeting called at short notice by agreement: {coproduction:?}"
    );
}

/// The chair records the notes' sign-off in the window: a finalised meeting whose partners
/// sign its notes off offers the day the notes went out, a Remove for each agreement
/// recorded, and the form for a partner's agreement (a rep sees none of these: see the
/// flow test).
#[tokio::test]
async fn the_chair_is_offered_the_notes_sign_off() {
    let (_dir, app) = demo_as_chair().await;
    click(&app, "a[data-nav='meetings']").await;
    app.find("main h1").await;
    settle().await;
    let mut ids = Vec::new();
    for l in app
        .client
        .find_all(Locator::Css("[data-testid^='meeting-link-']"))
        .await
        .unwrap()
    {
        ids.push(l.attr("data-testid").await.unwrap().unwrap_or_default());
    }
    let mut found = false;
    for id in ids {
        click(&app, "a[data-nav='meetings']").await;
        settle().await;
        click(&app, &format!("[data-testid='{id}']")).await;
        app.find("[data-testid='signoff-section']").await;
        settle().await;
        let has = |css: &'static str| {
            let client = app.client.clone();
            async move { client.find(Locator::Css(css)).await.is_ok() }
        };
        if has("[data-testid^='remove-signoff-']").await {
            assert!(has("[data-testid='notes-sent-form']").await);
            assert!(has("[data-testid='signoff-form']").await);
            assert!(!has("[data-testid='signoff-officers-only']").await);
            found = true;
            break;
        }
    }
    assert!(
        found,
        "the demo has a finalised meeting signed off by a partner"
    );
}
