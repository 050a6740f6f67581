//! Every screen, and the dialogs, checked with axe-core (a tool nobody here wrote) for WCAG
//! 2.2 A and AA problems, on the demo forum signed in as its chair. Any violation fails.

use fantoccini::Locator;
use forumdesk_e2e::app::within;

use crate::flow::{click, demo_as_chair, demo_window, fill, settle, DEMO_PASSPHRASE};

const SCREENS: [&str; 12] = [
    "claims",
    "approvals",
    "exchange",
    "members",
    "reps",
    "groups",
    "meetings",
    "projects",
    "exports",
    "reports",
    "settings",
    "activity",
];

/// Settings' pages after its first, by their sub-navigation's names (ui/js/views/settings.js).
const SETTINGS_PAGES: [&str; 4] = ["money", "sign-ins", "computers", "safekeeping"];

#[tokio::test]
async fn axe_finds_nothing_on_any_screen_or_dialog() {
    let (_dir, app) = demo_window().await;
    let mut found = Vec::new();

    app.find("[data-testid='people-list']").await;
    found.extend(app.axe("the sign-in screen").await);
    click(&app, "[data-person-name='Siobhán']").await;
    app.find("[data-testid='passphrase']").await;
    found.extend(app.axe("the passphrase screen").await);
    fill(&app, "[data-testid='passphrase']", DEMO_PASSPHRASE).await;
    click(&app, "[data-testid='sign-in']").await;
    app.wait_for_text("#current-person").await;

    for screen in SCREENS {
        click(&app, &format!("a[data-nav='{screen}']")).await;
        app.find("main h1").await;
        settle().await;
        found.extend(app.axe(&format!("the {screen} screen")).await);
    }
    // Settings' other pages (the first was checked above as "the settings screen").
    click(&app, "a[data-nav='settings']").await;
    for page in SETTINGS_PAGES {
        click(&app, &format!("[data-testid='settings-tab-{page}']")).await;
        app.find(&format!(
            "[data-testid='settings-tab-{page}'][aria-current='page']"
        ))
        .await;
        settle().await;
        found.extend(app.axe(&format!("the settings page {page}")).await);
    }

    // The Projects screen's other parts, a project, and the forms of "you said, we did"
    // and the issues log (opened, checked, cancelled).
    click(&app, "a[data-nav='projects']").await;
    click(&app, "[data-testid^='open-project-']").await;
    app.find("[data-testid='project-heading']").await;
    settle().await;
    found.extend(app.axe("a project").await);
    for (tab, add, what) in [
        ("outcomes", "add-outcome", "\"you said, we did\""),
        ("issues", "add-issue", "the issues and themes log"),
    ] {
        click(&app, "a[data-nav='projects']").await;
        click(&app, &format!("[data-testid='tab-{tab}']")).await;
        app.find(&format!("[data-testid='{add}']")).await;
        settle().await;
        found.extend(app.axe(&format!("the {what} screen")).await);
        click(&app, &format!("[data-testid='{add}']")).await;
        app.find("dialog[open]").await;
        found.extend(app.axe(&format!("the form of {what}")).await);
        click(&app, "dialog[open] [data-testid$='-save-cancel']").await;
    }
    // A meeting with decisions to follow up and its project.
    click(&app, "a[data-nav='meetings']").await;
    click(&app, "[data-testid^='meeting-link-']").await;
    app.find("[data-testid='meeting-project-form']").await;
    settle().await;
    found.extend(app.axe("a meeting with its project and follow-ups").await);

    // A confirmation dialog (Settings → Sign-ins → make a new recovery key), then cancel it.
    click(&app, "a[data-nav='settings']").await;
    click(&app, "[data-testid='settings-tab-sign-ins']").await;
    click(&app, "[data-testid='recovery-renew']").await;
    app.find("dialog[open]").await;
    found.extend(app.axe("a confirmation dialog").await);
    click(
        &app,
        "dialog[open] [data-testid$='-cancel'], dialog[open] [data-testid='dialog-cancel']",
    )
    .await;

    // The invitation dialog (Representatives → Invite ...), then cancel it.
    click(&app, "a[data-nav='reps']").await;
    click(&app, "[data-testid^='invite-rep-']").await;
    app.find("dialog[open] [data-testid='invite-file']").await;
    found.extend(app.axe("the invitation dialog").await);
    click(&app, "dialog[open] [data-testid='invite-save-cancel']").await;

    // The lock screen.
    click(&app, "#lock-now").await;
    app.find("[data-testid='lock-screen']").await;
    settle().await;
    found.extend(app.axe("the lock screen").await);
    fill(&app, "[data-testid='unlock-passphrase']", DEMO_PASSPHRASE).await;
    click(&app, "[data-testid='unlock']").await;
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

/// What does not fit the window now: the page scrolling sideways, or a table wider than its
/// space.
const OVERFLOW: &str = "
    const out = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
        out.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${window.innerWidth}px window`);
    for (const w of document.querySelectorAll('.table-wrap')) {
        if (w.scrollWidth > w.clientWidth + 1) {
            const t = w.querySelector('table');
            out.push(`a table (${t && (t.dataset.testid || (t.caption && t.caption.textContent))}) needs ${w.scrollWidth}px but has ${w.clientWidth}px`);
        }
    }
    return out;";

/// Whether the header's parts sit on one line.
const HEADER_ONE_LINE: &str = "
    const parts = [...document.querySelectorAll('.app-header > *')].filter((e) => e.offsetParent !== null);
    const tops = parts.map((e) => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2));
    return Math.max(...tops) - Math.min(...tops) <= 12;";

#[tokio::test]
async fn a_small_window_needs_no_sideways_scrolling_and_the_header_stays_on_one_line() {
    let (_dir, app) = demo_as_chair().await;

    within(app.client.set_window_size(1200, 800))
        .await
        .unwrap()
        .unwrap();
    settle().await;
    let one_line = within(app.client.execute(HEADER_ONE_LINE, vec![]))
        .await
        .unwrap()
        .unwrap();
    app.save_screenshot("header-1200");
    assert_eq!(
        one_line,
        serde_json::Value::Bool(true),
        "the header wraps at 1200 px"
    );

    within(app.client.set_window_size(1024, 700))
        .await
        .unwrap()
        .unwrap();
    let mut problems = Vec::new();
    for screen in SCREENS {
        click(&app, &format!("a[data-nav='{screen}']")).await;
        app.find("main h1").await;
        settle().await;
        let found = within(app.client.execute(OVERFLOW, vec![]))
            .await
            .unwrap()
            .unwrap();
        for p in found.as_array().cloned().unwrap_or_default() {
            problems.push(format!("{screen}: {}", p.as_str().unwrap_or_default()));
        }
    }
    // A claim with its lines, the widest table: the first one listed for approval that
    // has lines.
    click(&app, "a[data-nav='approvals']").await;
    app.find("main h1").await;
    settle().await;
    let links = app
        .client
        .find_all(Locator::Css("[data-testid^='open-claim-']"))
        .await
        .unwrap();
    let mut ids = Vec::new();
    for l in links {
        ids.push(l.attr("data-testid").await.unwrap().unwrap_or_default());
    }
    let mut opened = false;
    for id in ids {
        click(&app, "a[data-nav='approvals']").await;
        settle().await;
        click(&app, &format!("[data-testid='{id}']")).await;
        settle().await;
        if app
            .client
            .find(Locator::Css("[data-testid='claim-lines']"))
            .await
            .is_ok()
        {
            opened = true;
            break;
        }
    }
    assert!(opened, "the demo has a claim with lines to approve");
    app.save_screenshot("claim-at-1024");
    let found = within(app.client.execute(OVERFLOW, vec![]))
        .await
        .unwrap()
        .unwrap();
    for p in found.as_array().cloned().unwrap_or_default() {
        problems.push(format!("a claim: {}", p.as_str().unwrap_or_default()));
    }
    assert!(problems.is_empty(), "at 1024×700:\n{}", problems.join("\n"));
}
