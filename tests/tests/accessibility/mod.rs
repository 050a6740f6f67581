//! Every screen, and the dialogs, checked with axe-core (a tool nobody here wrote) for WCAG
//! 2.2 A and AA problems, on the demo forum signed in as its chair. Any violation fails.

use std::time::Duration;

use fantoccini::Locator;
use forumdesk_e2e::app::within;
use forumdesk_e2e::{run_cli, App};

const SCREENS: [&str; 9] = [
    "claims",
    "approvals",
    "members",
    "reps",
    "groups",
    "meetings",
    "exports",
    "settings",
    "activity",
];

async fn press(app: &App, css: &str) {
    let e = app.find(css).await;
    within(e.click())
        .await
        .expect("the window did not answer")
        .unwrap();
}

async fn type_in(app: &App, css: &str, text: &str) {
    let e = app.find(css).await;
    within(e.send_keys(text))
        .await
        .expect("the window did not answer")
        .unwrap();
}

async fn settle() {
    tokio::time::sleep(Duration::from_millis(600)).await;
}

#[tokio::test]
async fn axe_finds_nothing_on_any_screen_or_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::launch_with_data_dir(dir.path()).await;
    let mut found = Vec::new();

    app.find("[data-testid='people-list']").await;
    found.extend(app.axe("the sign-in screen").await);
    press(&app, "[data-person-name='Siobhán']").await;
    app.find("[data-testid='passphrase']").await;
    found.extend(app.axe("the passphrase screen").await);
    type_in(&app, "[data-testid='passphrase']", "demo-passphrase").await;
    press(&app, "[data-testid='sign-in']").await;
    app.wait_for_text("#current-person").await;

    for screen in SCREENS {
        press(&app, &format!("a[data-nav='{screen}']")).await;
        app.find("main h1").await;
        settle().await;
        found.extend(app.axe(&format!("the {screen} screen")).await);
    }

    // A confirmation dialog (Settings → make a new recovery key), then cancel it.
    press(&app, "a[data-nav='settings']").await;
    press(&app, "[data-testid='recovery-renew']").await;
    app.find("dialog[open]").await;
    found.extend(app.axe("a confirmation dialog").await);
    press(
        &app,
        "dialog[open] [data-testid$='-cancel'], dialog[open] [data-testid='dialog-cancel']",
    )
    .await;

    // The lock screen.
    press(&app, "#lock-now").await;
    app.find("[data-testid='lock-screen']").await;
    settle().await;
    found.extend(app.axe("the lock screen").await);
    type_in(&app, "[data-testid='unlock-passphrase']", "demo-passphrase").await;
    press(&app, "[data-testid='unlock']").await;
    while app
        .client
        .find(Locator::Css("[data-testid='lock-screen']"))
        .await
        .is_ok()
    {
        settle().await;
    }

    assert!(
        found.is_empty(),
        "axe found {} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}
