//! Figures that cannot be mistyped, in the real window: dates read the UK way whatever the
//! computer's locale, an impossible date is refused beside its field, and a form shows every
//! problem at once with a summary at the top.
//!
//! WebKitGTK's own date boxes follow the process's locale (month first under `C.UTF-8` and
//! `en_US.UTF-8`), so the window runs here under both, and `26/11/2026` must be saved as
//! 26 November each time. A locale that is not installed would make WebKit quietly fall back
//! to "C", so a missing one fails the test rather than passing it for the wrong reason.

use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::Locator;
use forumdesk_e2e::app::within;
use forumdesk_e2e::{run_cli, App};
use serde_json::json;

use crate::flow::{click, fill, go, script, sign_in_as, wait_attr, wait_text, DEMO_PASSPHRASE};

#[tokio::test]
async fn dates_read_the_uk_way_under_c_utf8() {
    uk_dates_under("C.UTF-8").await;
}

#[tokio::test]
async fn dates_read_the_uk_way_under_en_us_utf8() {
    uk_dates_under("en_US.UTF-8").await;
}

/// Fails (never skips) when `locale` is not installed, saying how to install it.
fn require_locale(locale: &str) {
    let out = std::process::Command::new("locale")
        .arg("-a")
        .output()
        .expect("could not run `locale -a`");
    let listed = String::from_utf8_lossy(&out.stdout).to_lowercase();
    let want = locale.to_lowercase().replace("utf-8", "utf8");
    assert!(
        listed.lines().any(|l| l.trim() == want),
        "The locale {locale} is not installed, so the window cannot be tested under it (WebKit \
         would quietly use \"C\" instead). Run `make deps-test`, which installs Debian's `locales` \
         package and generates it (or: enable it in /etc/locale.gen and run `locale-gen`). \
         `locale -a` lists: {}",
        listed.split_whitespace().collect::<Vec<_>>().join(", ")
    );
}

async fn uk_dates_under(locale: &str) {
    require_locale(locale);
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["demo", "--today", "30/11/2026"]);
    assert!(
        out.status.success(),
        "demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::launch_with_env(
        dir.path(),
        &[("LANG", locale), ("LC_ALL", locale), ("LANGUAGE", "")],
    )
    .await;
    let shot = |what: &str| format!("locale-{}-{what}", locale.replace('.', "-"));

    // The window really is under this locale: the web view's own date formatting says so.
    let own = script(
        &app,
        "return new Date(2026, 10, 26).toLocaleDateString() + ' ' + navigator.language;",
    )
    .await;
    eprintln!("{locale}: the web view formats 26 November 2026 as {own}");
    if locale.starts_with("en_US") {
        assert!(
            own.starts_with("11/26/2026") && own.ends_with("en-US"),
            "the window was meant to run under {locale}, but WebKit says {own:?}"
        );
    }

    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;
    go(&app, "members").await;
    click(&app, "[data-testid='add-member']").await;
    let form = "[data-testid='member-form']";

    // Three problems at once: no name, an email that is not one, and 31 February.
    fill(&app, &format!("{form} [name='email']"), "not an email").await;
    fill(&app, &format!("{form} [name='joined_on']"), "31/02/2026").await;
    click(&app, "[data-testid='save-member']").await;
    let summary = wait_text(
        &app,
        "[data-testid='error-summary']",
        "the error summary",
        |t| t.contains("There is a problem"),
    )
    .await;
    let items = texts(&app, "[data-testid='error-summary'] li").await;
    assert_eq!(items.len(), 3, "every problem in the summary: {summary}");
    assert!(
        items[0].contains("Please enter the member's name"),
        "{items:?}"
    );
    assert!(items[1].contains("not an email"), "{items:?}");
    assert!(items[2].contains("February 2026 has 28 days"), "{items:?}");
    // Each links to its field, each field says what is wrong beside it, and focus is on the
    // summary.
    let links = texts_attr(&app, "[data-testid='error-summary'] li a", "href").await;
    assert_eq!(links.len(), 3, "{links:?}");
    let focused = script(
        &app,
        "return document.activeElement.dataset.testid || document.activeElement.tagName;",
    )
    .await;
    assert_eq!(focused, "error-summary");
    let beside = script(
        &app,
        "const i = document.querySelector(\"[data-testid='member-form'] [name='joined_on']\");
         const id = (i.getAttribute('aria-describedby') || '').split(' ')[0];
         return i.getAttribute('aria-invalid') + ' ' + (document.getElementById(id) || {}).textContent;",
    )
    .await;
    assert!(
        beside.starts_with("true ") && beside.contains("February 2026 has 28 days"),
        "the date's own message: {beside}"
    );
    let invalid = script(
        &app,
        "return document.querySelectorAll(\"[data-testid='member-form'] [aria-invalid='true']\").length;",
    )
    .await;
    assert_eq!(invalid, "3");
    // Following a link in the summary puts the cursor in that field.
    click(&app, "[data-testid='error-summary'] li:nth-child(3) a").await;
    let focused = script(&app, "return document.activeElement.name || '';").await;
    assert_eq!(focused, "joined_on");
    app.save_screenshot(&shot("member-errors"));

    // Fixed, it saves: 26/11/2026 is 26 November, not a month 26 or 11 December.
    let name = format!("Locale Test {locale}");
    fill(&app, &format!("{form} [name='name']"), &name).await;
    fill(&app, &format!("{form} [name='email']"), "").await;
    fill(&app, &format!("{form} [name='joined_on']"), "26/11/2026").await;
    click(&app, "[data-testid='save-member']").await;
    let member_id = wait_attr(&app, "[data-testid='member-heading']", "data-member-id").await;
    // The saved date is shown back the UK way.
    let shown = script(
        &app,
        "return document.querySelector(\"[data-testid='member-joined-on']\").value;",
    )
    .await;
    assert_eq!(shown, "26/11/2026");

    // The calendar writes dd/mm/yyyy too: it opens on the box's month, and the arrow keys
    // and Enter pick the next day.
    click(&app, "[data-testid='member-joined-on-calendar']").await;
    let title = wait_text(
        &app,
        "[data-testid='calendar'] h2",
        "the calendar's month",
        |t| !t.trim().is_empty(),
    )
    .await;
    assert_eq!(title.trim(), "November 2026");
    let day = script(&app, "return document.activeElement.dataset.iso || '';").await;
    assert_eq!(day, "2026-11-26", "the chosen day has focus");
    let active = within(app.client.active_element()).await.unwrap().unwrap();
    within(active.send_keys(&format!("{}", Key::Left)))
        .await
        .unwrap()
        .unwrap();
    let active = within(app.client.active_element()).await.unwrap().unwrap();
    within(active.send_keys(&format!("{}", Key::Enter)))
        .await
        .unwrap()
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let picked = script(
        &app,
        "return document.querySelector(\"[data-testid='member-joined-on']\").value;",
    )
    .await;
    assert_eq!(picked, "25/11/2026", "the calendar writes the UK way");
    app.save_screenshot(&shot("member-saved"));
    drop(app);

    // And the command line reads it back from the data: 2026-11-26.
    let csv = dir.path().join("members.csv");
    let out = run_cli(dir.path(), &["members", "export", csv.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&csv).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with(&name))
        .unwrap_or_else(|| panic!("member {member_id} ({name}) is not in the export:\n{text}"));
    assert!(
        row.split(',').any(|c| c == "2026-11-26"),
        "joined on 26 November 2026 under {locale}: {row}"
    );
}

/// The text of each element matching `css`, read one by one (WebKit runs a list together).
async fn texts(app: &App, css: &str) -> Vec<String> {
    let all = within(app.client.find_all(Locator::Css(css)))
        .await
        .unwrap()
        .unwrap();
    let mut out = Vec::new();
    for e in all {
        out.push(within(e.text()).await.unwrap().unwrap());
    }
    out
}

async fn texts_attr(app: &App, css: &str, name: &str) -> Vec<String> {
    let v = within(app.client.execute(
        "return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.getAttribute(arguments[1]) || '');",
        vec![json!(css), json!(name)],
    ))
    .await
    .unwrap()
    .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap_or_default().to_string())
        .collect()
}
