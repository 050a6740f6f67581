//! A month of forum work in the real window: the chair adds a member and makes them a rep,
//! records a meeting and who came; the new rep logs time, mileage and childcare with a
//! receipt and submits; the chair approves and sees the right total. A screenshot of every
//! main screen is saved in tests/artefacts/.

use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::Locator;
use forumdesk_e2e::app::within;
use forumdesk_e2e::{run_cli, workspace_root, App};
use serde_json::json;

/// Clicks the element matching `css` once it is there. A click can miss while the page is
/// still moving (a strength meter appearing above a button), so it is tried a few times.
pub(crate) async fn click(app: &App, css: &str) {
    let mut last = String::new();
    for _ in 0..5 {
        let e = app.find(css).await;
        match within(e.click()).await.expect("the window did not answer") {
            Ok(()) => return,
            Err(err) => last = format!("{err:?}"),
        }
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
    app.save_screenshot("click-failed");
    panic!("could not click `{css}`: {last}");
}

/// Types `text` into the field matching `css`, replacing what was there.
pub(crate) async fn fill(app: &App, css: &str, text: &str) {
    let e = app.find(css).await;
    within(e.clear())
        .await
        .expect("the window did not answer")
        .unwrap();
    // WebDriver refuses to "type" nothing; clearing was all that was asked.
    if text.is_empty() {
        return;
    }
    within(e.send_keys(text))
        .await
        .expect("the window did not answer")
        .unwrap_or_else(|err| panic!("could not type in `{css}`: {err}"));
}

/// Sets a field's value by script (for a month list, whose options are months by name).
pub(crate) async fn set_value(app: &App, css: &str, value: &str) {
    app.find(css).await;
    let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1];
                  e.dispatchEvent(new Event('input', {bubbles: true}));
                  e.dispatchEvent(new Event('change', {bubbles: true}));";
    within(app.client.execute(script, vec![json!(css), json!(value)]))
        .await
        .expect("the window did not answer")
        .unwrap();
}

pub(crate) async fn select(app: &App, css: &str, value: &str) {
    let e: Element = app.find(css).await;
    within(e.select_by_value(value))
        .await
        .expect("the window did not answer")
        .unwrap_or_else(|err| panic!("could not choose {value} in `{css}`: {err}"));
}

/// Waits until the text of `css` satisfies `ok`, and returns it.
pub(crate) async fn wait_text(
    app: &App,
    css: &str,
    what: &str,
    ok: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = String::new();
    loop {
        if let Some(Ok(e)) = within(app.client.find(Locator::Css(css))).await {
            if let Some(Ok(t)) = within(e.text()).await {
                if ok(&t) {
                    return t;
                }
                last = t;
            }
        }
        if Instant::now() > deadline {
            app.save_screenshot(&format!("timeout-{what}"));
            panic!("`{css}` never showed {what}; last text: {last:?}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

pub(crate) async fn go(app: &App, screen: &str) {
    click(app, &format!("a[data-nav='{screen}']")).await;
    app.find("main h1").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
}

/// One page of Settings, from its sub-navigation ("money", "sign-ins", "safekeeping", ...),
/// once the window shows that page.
pub(crate) async fn go_settings(app: &App, page: &str) {
    go(app, "settings").await;
    let tab = format!("[data-testid='settings-tab-{page}']");
    click(app, &tab).await;
    wait_attr(app, &format!("{tab}[aria-current='page']"), "aria-current").await;
    app.find("main h1").await;
}

/// Gives the page a moment to finish drawing after a click.
pub(crate) async fn settle() {
    tokio::time::sleep(Duration::from_millis(600)).await;
}

/// The demo forum in a new folder, with the window open on its start screen. The folder is
/// returned too: it must outlive the window.
pub(crate) async fn demo_window() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let out = run_cli(dir.path(), &["demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::launch_with_data_dir(dir.path()).await;
    (dir, app)
}

/// [`demo_window`] with the demo's chair signed in.
pub(crate) async fn demo_as_chair() -> (tempfile::TempDir, App) {
    let (dir, app) = demo_window().await;
    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;
    (dir, app)
}

/// The passphrase `forumdesk demo` gives every demo officer.
pub(crate) const DEMO_PASSPHRASE: &str = "demo-passphrase";

/// Chooses a name on the start screen and types the passphrase (or one-time code).
async fn sign_in(app: &App, label: &str, passphrase: &str) {
    click(app, &format!("[data-person-name='{label}']")).await;
    fill(app, "[data-testid='passphrase']", passphrase).await;
    click(app, "[data-testid='sign-in']").await;
}

/// Signs in and waits for the shell to show who is signed in.
pub(crate) async fn sign_in_as(app: &App, label: &str, passphrase: &str) {
    sign_in(app, label, passphrase).await;
    wait_text(app, "#current-person", "the person's name", |t| {
        t.contains(label)
    })
    .await;
}

pub(crate) async fn sign_out(app: &App) {
    click(app, "#sign-out").await;
    app.find("[data-testid='people-list']").await;
}

pub(crate) async fn value_of(app: &App, css: &str) -> String {
    let e = app.find(css).await;
    within(e.prop("value"))
        .await
        .expect("the window did not answer")
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_month_of_forum_work_in_the_window() {
    // The demo forum, made for today so that this month's claim takes today's lines.
    let dir = tempfile::tempdir().unwrap();
    let today = chrono_today();
    let out = run_cli(dir.path(), &["demo", "--today", &today]);
    assert!(
        out.status.success(),
        "demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::launch_with_data_dir(dir.path()).await;

    // The chair (Siobhán in the demo) signs in. A wrong passphrase gets a plain message
    // beside the box, and nothing else.
    sign_in(&app, "Siobhán", "not her passphrase at all").await;
    wait_text(
        &app,
        "[data-testid='sign-in-form'] .field-error",
        "a wrong-passphrase message",
        |t| t.contains("passphrase"),
    )
    .await;
    assert!(
        app.client
            .find(Locator::Css("#current-person"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .trim()
            .is_empty(),
        "a wrong passphrase must not sign anybody in"
    );
    click(&app, "[data-testid='choose-another']").await;
    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;
    app.save_screenshot("screen-claims");

    // Add a member.
    go(&app, "members").await;
    app.save_screenshot("screen-members");
    click(&app, "[data-testid='add-member']").await;
    fill(
        &app,
        "[data-testid='member-form'] [name='name']",
        "Niamh Ó Ceallaigh",
    )
    .await;
    fill(
        &app,
        "[data-testid='member-form'] [name='email']",
        "niamh.oceallaigh@example.org",
    )
    .await;
    fill(
        &app,
        "[data-testid='member-form'] [name='postcode']",
        "BN7 1AA",
    )
    .await;
    click(&app, "[data-testid='save-member']").await;
    let member_id = wait_attr(&app, "[data-testid='member-heading']", "data-member-id").await;

    // Make them a rep on the SEND Strategy Board, driving a car.
    click(&app, "[data-testid='make-rep']").await;
    app.find("[data-testid='rep-form']").await;
    tick(&app, "[data-testid='rep-form'] [name='is_rep']").await;
    select(&app, "[data-testid='rep-form'] [name='vehicle']", "car").await;
    let strategy_board = group_id(&app, "SEND Strategy Board").await;
    tick(&app, &format!("[data-testid='rep-group-{strategy_board}']")).await;
    click(&app, "[data-testid='save-rep']").await;
    wait_text(&app, "main h1", "the rep's page", |t| t.contains("Niamh")).await;
    go(&app, "reps").await;
    wait_text(&app, "main", "the new rep in the list", |t| {
        t.contains("Niamh Ó Ceallaigh")
    })
    .await;
    app.save_screenshot("screen-reps");

    // A meeting today, with attendance.
    go(&app, "groups").await;
    app.save_screenshot("screen-groups");
    go(&app, "meetings").await;
    app.save_screenshot("screen-meetings");
    click(&app, "[data-testid='add-meeting']").await;
    select(
        &app,
        "[data-testid='meeting-form'] [name='group_id']",
        &strategy_board,
    )
    .await;
    fill(
        &app,
        "[data-testid='meeting-form'] [name='title']",
        "Extra board: transport to school",
    )
    .await;
    // Dates are typed the UK way, as a person would: the boxes never follow the locale.
    fill(
        &app,
        "[data-testid='meeting-form'] [name='meeting_date']",
        &uk(&today),
    )
    .await;
    fill(
        &app,
        "[data-testid='meeting-form'] [name='start_time']",
        "10:00",
    )
    .await;
    fill(
        &app,
        "[data-testid='meeting-form'] [name='end_time']",
        "11:30",
    )
    .await;
    fill(
        &app,
        "[data-testid='meeting-form'] [name='place']",
        "Committee Room 2, County Hall",
    )
    .await;
    click(&app, "[data-testid='save-meeting']").await;
    let meeting_id = id_from_address(&app, "meetings/").await;
    click(&app, "[data-testid='invite-group']").await;
    wait_text(&app, "main", "the invited reps", |t| {
        t.contains("Niamh Ó Ceallaigh")
    })
    .await;
    for (name, org) in [
        ("Cllr Janet Moss", "Council"),
        ("Tom Baker", "Council"),
        ("Dr Rachel Green", "Health"),
    ] {
        fill(&app, "[data-testid='attendee-form'] [name='name']", name).await;
        fill(
            &app,
            "[data-testid='attendee-form'] [name='organisation']",
            org,
        )
        .await;
        select(
            &app,
            "[data-testid='attendee-form'] [name='attendance']",
            "attended",
        )
        .await;
        click(&app, "[data-testid='add-person']").await;
        wait_text(&app, "main", name, |t| t.contains(name)).await;
    }
    // Mark every invited rep as attended.
    let selects = within(
        app.client
            .find_all(Locator::Css("select[data-testid^='attendance-']")),
    )
    .await
    .unwrap()
    .unwrap();
    for i in 0..selects.len() {
        let all = within(
            app.client
                .find_all(Locator::Css("select[data-testid^='attendance-']")),
        )
        .await
        .unwrap()
        .unwrap();
        let s = &all[i];
        if within(s.prop("value")).await.unwrap().unwrap().as_deref() != Some("attended") {
            within(s.select_by_value("attended"))
                .await
                .unwrap()
                .unwrap();
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
    }
    let quorate = wait_text(&app, "[data-testid='quorate']", "quoracy", |t| {
        t.contains("Yes")
    })
    .await;
    assert!(quorate.contains("Yes"));
    app.save_screenshot("screen-meeting");

    // The chair lets the new rep sign in on the forum laptop: a one-time code, shown once.
    go_settings(&app, "sign-ins").await;
    select(&app, "[data-testid='sign-in-grant-person']", &member_id).await;
    click(&app, "[data-testid='sign-in-grant']").await;
    let code = wait_text(
        &app,
        "[data-testid='one-time-code']",
        "a one-time code",
        |t| t.trim().len() > 8,
    )
    .await;
    sign_out(&app).await;

    // The new rep signs in with the code and must choose their own passphrase first.
    sign_in(&app, "Niamh", code.trim()).await;
    app.find("[data-testid='choose-passphrase-form']").await;
    fill(&app, "[data-testid='new-passphrase']", "short").await;
    fill(&app, "[data-testid='new-passphrase-again']", "short").await;
    click(&app, "[data-testid='choose-passphrase']").await;
    wait_text(
        &app,
        "[data-testid='choose-passphrase-form'] .field-error",
        "a too-weak message",
        |t| t.contains("10 characters"),
    )
    .await;
    let niamh_passphrase = "kettle harbour violet sparrow";
    fill(&app, "[data-testid='new-passphrase']", niamh_passphrase).await;
    fill(
        &app,
        "[data-testid='new-passphrase-again']",
        niamh_passphrase,
    )
    .await;
    // The meter (worked out by the core as she types) settles before she presses the button.
    wait_text(
        &app,
        "[data-testid='new-passphrase-verdict']",
        "an acceptable verdict",
        |t| t.contains("will accept"),
    )
    .await;
    click(&app, "[data-testid='choose-passphrase']").await;
    wait_text(&app, "#current-person", "the rep's name", |t| {
        t.contains("Niamh")
    })
    .await;

    // A rep is not an officer: no Approvals screen, and Settings holds only their passphrase.
    assert!(
        app.client
            .find(Locator::Css("a[data-nav='approvals']"))
            .await
            .is_err(),
        "a rep must not be offered Approvals"
    );
    go(&app, "settings").await;
    app.find("[data-testid='change-passphrase-form']").await;
    assert!(
        app.client
            .find(Locator::Css("[data-testid='forum-form']"))
            .await
            .is_err(),
        "a rep must not be offered the forum's details"
    );

    // Groups and meetings show a rep where things stand, without the officers' controls
    // the core would refuse them.
    go(&app, "groups").await;
    app.find("[data-testid='groups-officers-only']").await;
    for css in [
        "[data-testid='add-group']",
        "[data-testid='group-dates']",
        "a[data-testid^='edit-group-']",
    ] {
        assert!(absent(&app, css).await, "a rep must not be offered {css}");
    }
    script(&app, "location.hash = '#groups/dates'; return null;").await;
    wait_text(&app, "main", "the officers-only notice", |t| {
        t.contains("Only the chair or the treasurer can change groups")
    })
    .await;
    assert!(absent(&app, "[data-testid='bank-holiday-form']").await);
    script(
        &app,
        &format!("location.hash = '#meetings/{meeting_id}'; return null;"),
    )
    .await;
    app.find("[data-testid='signoff-officers-only']").await;
    for css in [
        "[data-testid='exception-form']",
        "[data-testid='notes-sent-form']",
        "[data-testid='signoff-form']",
    ] {
        assert!(absent(&app, css).await, "a rep must not be offered {css}");
    }

    // The new rep logs their claim.
    go(&app, "claims").await;
    wait_text(&app, "[data-testid='claim-status']", "a draft claim", |t| {
        t.contains("Draft")
    })
    .await;
    start_line(&app, "time", &today, &meeting_id).await;
    fill(&app, "[data-testid='line-form'] [name='minutes']", "90").await;
    click(&app, "[data-testid='add-line']").await;
    wait_text(&app, "[data-testid='claim-total']", "£22.50", |t| {
        t.contains("£22.50")
    })
    .await;

    start_line(&app, "mileage", &today, &meeting_id).await;
    fill(
        &app,
        "[data-testid='line-form'] [name='from_place']",
        "Home",
    )
    .await;
    fill(
        &app,
        "[data-testid='line-form'] [name='to_place']",
        "County Hall",
    )
    .await;
    fill(&app, "[data-testid='line-form'] [name='miles']", "12.4").await;
    fill(&app, "[data-testid='line-form'] [name='passengers']", "1").await;
    click(&app, "[data-testid='add-line']").await;
    // 12.4 miles at 45p + 1 passenger at 5p a mile = £5.58 + £0.62.
    wait_text(&app, "[data-testid='claim-total']", "£28.70", |t| {
        t.contains("£28.70")
    })
    .await;

    start_line(&app, "childcare", &today, &meeting_id).await;
    fill(&app, "[data-testid='line-form'] [name='hours']", "3").await;
    fill(&app, "[data-testid='line-form'] [name='amount']", "30.00").await;
    // Niamh's own receipt: the demo's files are already attached to other lines, and the
    // app rightly flags a file used twice.
    let receipt = dir.path().join("niamh-childminder-receipt.png");
    let mut bytes =
        std::fs::read(workspace_root().join("assets/demo/receipt-childcare-2.png")).unwrap();
    bytes.extend_from_slice(b"Niamh's copy");
    std::fs::write(&receipt, bytes).unwrap();
    let file = app.find("[data-testid='line-receipt']").await;
    within(file.send_keys(&receipt.display().to_string()))
        .await
        .unwrap()
        .unwrap();
    click(&app, "[data-testid='add-line']").await;
    wait_text(&app, "[data-testid='claim-total']", "£58.70", |t| {
        t.contains("£58.70")
    })
    .await;
    wait_text(&app, "main", "the receipt", |t| {
        t.contains("niamh-childminder-receipt.png")
    })
    .await;
    let pence = app.attr("[data-testid='claim-total']", "data-pence").await;
    assert_eq!(pence.as_deref(), Some("5870"));

    click(&app, "[data-testid='declaration-agreed']").await;
    click(&app, "[data-testid='submit-claim']").await;
    wait_text(&app, "[data-testid='claim-status']", "Submitted", |t| {
        t.contains("Submitted")
    })
    .await;

    // The chair approves it.
    sign_out(&app).await;
    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;
    go(&app, "approvals").await;
    app.save_screenshot("screen-approvals");
    // Every claim comes from the core a page at a time; the count is of every claim that
    // matches, and the demo's fit on one page.
    let count = wait_text(
        &app,
        "[data-testid='claims-count']",
        "the claims count",
        |t| t.ends_with("found."),
    )
    .await;
    let total = app
        .attr("[data-testid='claims-count']", "data-total")
        .await
        .unwrap_or_default();
    let rows = within(
        app.client
            .find_all(Locator::Css("[data-testid='all-claims'] tbody tr")),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(total, rows.len().to_string(), "{count}");
    assert!(count.starts_with(&format!("{total} claim")), "{count}");
    let claim = wait_attr(&app, "[data-testid^='open-claim-']", "data-testid").await;
    click(&app, &format!("[data-testid='{claim}']")).await;
    wait_text(&app, "[data-testid='claim-total']", "£58.70", |t| {
        t.contains("£58.70")
    })
    .await;
    // Half-way through typing a reason to return it, the chair locks the window; unlocking
    // brings back the same screen with the typing still there.
    fill(&app, "[data-testid='return-reason']", "Half-typed reason").await;
    click(&app, "#lock-now").await;
    app.find("[data-testid='lock-screen']").await;
    fill(
        &app,
        "[data-testid='unlock-passphrase']",
        "wrong passphrase here",
    )
    .await;
    click(&app, "[data-testid='unlock']").await;
    wait_text(
        &app,
        "[data-testid='unlock-form'] .field-error",
        "a wrong-passphrase message",
        |t| t.contains("passphrase"),
    )
    .await;
    fill(&app, "[data-testid='unlock-passphrase']", DEMO_PASSPHRASE).await;
    click(&app, "[data-testid='unlock']").await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while app
        .client
        .find(Locator::Css("[data-testid='lock-screen']"))
        .await
        .is_ok()
    {
        assert!(Instant::now() < deadline, "the lock screen never closed");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    assert_eq!(
        value_of(&app, "[data-testid='return-reason']").await,
        "Half-typed reason"
    );

    // The demo council's grant is past 90%, so approving its claim carries a budget warning
    // the approver must tick to accept.
    if app
        .client
        .find(Locator::Css("[data-testid='accept-warnings']"))
        .await
        .is_ok()
    {
        click(&app, "[data-testid='accept-warnings']").await;
    }
    // Approving is a signature: it asks for the passphrase again.
    click(&app, "[data-testid='approve-claim']").await;
    wait_text(
        &app,
        "[data-testid='approve-form'] .field-error",
        "a passphrase request",
        |t| t.contains("passphrase"),
    )
    .await;
    fill(&app, "[data-testid='approve-passphrase']", DEMO_PASSPHRASE).await;
    click(&app, "[data-testid='approve-claim']").await;
    wait_text(&app, "[data-testid='claim-status']", "Approved", |t| {
        t.contains("Approved")
    })
    .await;
    assert_eq!(
        app.attr("[data-testid='claim-status']", "data-status")
            .await
            .as_deref(),
        Some("approved")
    );
    assert_eq!(
        app.attr("[data-testid='claim-total']", "data-pence")
            .await
            .as_deref(),
        Some("5870")
    );
    app.save_screenshot("screen-claim-approved");

    // The chair exports last month's signed claim pack for the council from the window.
    go(&app, "exports").await;
    let out_dir = dir.path().join("exports");
    fill(
        &app,
        "[data-testid='export-folder']",
        &out_dir.display().to_string(),
    )
    .await;
    set_value(&app, "[data-testid='export-month']", &last_month(&today)).await;
    let council = option_value(
        &app,
        "[data-testid='export-funder']",
        "Eastbridge County Council",
    )
    .await;
    select(&app, "[data-testid='export-funder']", &council).await;
    click(&app, "[data-testid='export-pack']").await;
    let pack = wait_attr(&app, "[data-testid='export-result']", "data-path").await;
    app.save_screenshot("screen-exports");
    assert!(
        pack.starts_with(&out_dir.display().to_string()),
        "saved in the chosen folder: {pack}"
    );
    let sig = std::process::Command::new("pdfsig")
        .arg(&pack)
        .output()
        .expect("pdfsig (poppler-utils) is needed");
    let sig = String::from_utf8_lossy(&sig.stdout);
    assert!(
        sig.contains("Signature is Valid.") && sig.contains("Total document signed"),
        "pdfsig: {sig}"
    );

    go_settings(&app, "safekeeping").await;
    // The finance officer's steps for checking a pack are there to read out or send.
    let steps = app
        .wait_for_text("[data-testid='finance-officer-steps'] summary")
        .await;
    assert!(steps.contains("before paying"), "{steps}");
    // Checking the records finds nothing wrong with what the window did.
    click(&app, "[data-testid='records-check']").await;
    assert_eq!(
        wait_attr(&app, "[data-testid='check-result']", "data-ok").await,
        "true"
    );
    app.save_screenshot("screen-settings");
    go(&app, "activity").await;
    wait_text(&app, "main", "the approval in the activity log", |t| {
        t.contains("Approved a claim")
    })
    .await;
    app.save_screenshot("screen-activity");

    // The command line sees the same approved claim.
    drop(app);
    let month = &today[..7];
    let out = run_cli(dir.path(), &["claims", "list", "--month", month, "--json"]);
    let claims: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("claims list --json gives JSON");
    let niamh = claims
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["rep"] == "Niamh Ó Ceallaigh")
        .expect("Niamh's claim is listed");
    assert_eq!(niamh["status"], "approved");
    assert_eq!(niamh["total_pence"], 5870);
}

/// Chooses the kind of a new claim line, its date (typed as dd/mm/yyyy) and the meeting it
/// was for.
async fn start_line(app: &App, kind: &str, date: &str, meeting_id: &str) {
    select(app, "[data-testid='line-kind']", kind).await;
    fill(
        app,
        "[data-testid='line-form'] [name='line_date']",
        &uk(date),
    )
    .await;
    select(
        app,
        "[data-testid='line-form'] [name='meeting_id']",
        meeting_id,
    )
    .await;
}

/// `2026-11-26` as `26/11/2026`.
pub(crate) fn uk(iso: &str) -> String {
    format!("{}/{}/{}", &iso[8..10], &iso[5..7], &iso[..4])
}

/// The month before `today` (`YYYY-MM-DD`), as `YYYY-MM`.
fn last_month(today: &str) -> String {
    let (y, m): (i32, u32) = (today[..4].parse().unwrap(), today[5..7].parse().unwrap());
    if m == 1 {
        format!("{:04}-12", y - 1)
    } else {
        format!("{y:04}-{:02}", m - 1)
    }
}

/// The value of the option in select `css` whose text is `text`.
pub(crate) async fn option_value(app: &App, css: &str, text: &str) -> String {
    app.find(css).await;
    let script = "for (const o of document.querySelector(arguments[0]).options)
        if (o.textContent.trim() === arguments[1]) return o.value; return null;";
    let v = within(app.client.execute(script, vec![json!(css), json!(text)]))
        .await
        .unwrap()
        .unwrap();
    v.as_str()
        .unwrap_or_else(|| panic!("no option {text} in {css}"))
        .to_string()
}

/// Today's date, `YYYY-MM-DD`, as the app sees it.
pub(crate) fn chrono_today() -> String {
    let out = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub(crate) async fn wait_attr(app: &App, css: &str, name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(Ok(e)) = within(app.client.find(Locator::Css(css))).await {
            if let Some(Ok(Some(v))) = within(e.attr(name)).await {
                if !v.is_empty() {
                    return v;
                }
            }
        }
        assert!(Instant::now() < deadline, "`{css}` never had {name}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The id at the end of the address once it reads `#<prefix><id>` (a page just opened).
pub(crate) async fn id_from_address(app: &App, prefix: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = within(app.client.current_url()).await.unwrap().unwrap();
        if let Some(id) = url
            .fragment()
            .and_then(|f| f.strip_prefix(prefix))
            .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()))
        {
            return id.to_string();
        }
        assert!(
            Instant::now() < deadline,
            "the address never became #{prefix}<id> ({url})"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Whether nothing matches `css` now.
pub(crate) async fn absent(app: &App, css: &str) -> bool {
    within(app.client.find(Locator::Css(css)))
        .await
        .expect("the window did not answer")
        .is_err()
}

/// Runs `js` in the page and gives back what it returned, as text.
pub(crate) async fn script(app: &App, js: &str) -> String {
    let v = within(app.client.execute(js, vec![]))
        .await
        .expect("the window did not answer")
        .unwrap_or_else(|e| panic!("script failed: {e}"));
    match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// A group's id, from the rep form's group checkboxes' labels.
async fn group_id(app: &App, name: &str) -> String {
    let script = "for (const l of document.querySelectorAll('label')) {
        const i = l.querySelector('input[data-testid^=\"rep-group-\"]') || document.getElementById(l.htmlFor);
        if (i && i.dataset.testid && i.dataset.testid.startsWith('rep-group-') && l.textContent.includes(arguments[0]))
            return i.dataset.testid.slice('rep-group-'.length);
    } return null;";
    let v = within(app.client.execute(script, vec![json!(name)]))
        .await
        .unwrap()
        .unwrap();
    v.as_str()
        .unwrap_or_else(|| panic!("no group checkbox for {name}"))
        .to_string()
}

/// Makes sure a checkbox ends up ticked (clicking toggles it).
pub(crate) async fn tick(app: &App, css: &str) {
    let e = app.find(css).await;
    if within(e.prop("checked")).await.unwrap().unwrap().as_deref() != Some("true") {
        within(e.click()).await.unwrap().unwrap();
    }
}

/// Cancel stops a claim pack being made: nothing is saved, the window says so and gives the
/// focus back to "Make the claim pack". Made again without Cancel, the pack is saved and
/// signed.
#[tokio::test]
async fn a_claim_pack_can_be_cancelled_in_the_window() {
    let (dir, app) = demo_as_chair().await;
    go(&app, "exports").await;
    let out_dir = dir.path().join("chosen-exports");
    fill(
        &app,
        "[data-testid='export-folder']",
        &out_dir.display().to_string(),
    )
    .await;
    let council = option_value(
        &app,
        "[data-testid='export-funder']",
        "Eastbridge County Council",
    )
    .await;
    select(&app, "[data-testid='export-funder']", &council).await;

    // The progress lines the window shows are collected (check_progress_lines; the line is
    // made when the export starts, so the whole page is watched for it). Cancel is
    // pressed by script straight after "Make the claim pack" and must have the focus by
    // then; on a busy machine the demo's small pack can still be done before Cancel reaches
    // it, so cancel_in_time tries again (a pack made anyway is removed).
    script(
        &app,
        "window.__progressSeen = [];
        new MutationObserver(() => {
          const text = document.querySelector('[data-testid=\"export-progress-text\"]');
          const seen = window.__progressSeen;
          if (text && text.textContent && seen[seen.length - 1] !== text.textContent) seen.push(text.textContent);
        }).observe(document.body, { childList: true, characterData: true, subtree: true });
        return null;",
    )
    .await;
    cancel_in_time(&app, "export-pack", "export-result").await;
    let said = app.wait_for_text("[data-testid='export-result']").await;
    assert!(said.contains("Nothing was saved"), "{said}");
    app.save_screenshot("screen-export-cancelled");
    let focus = within(app.client.execute(
        "return document.activeElement && document.activeElement.dataset.testid;",
        vec![],
    ))
    .await
    .expect("the window did not answer")
    .unwrap();
    assert_eq!(focus, json!("export-pack"));
    let files: Vec<_> = std::fs::read_dir(&out_dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(files.is_empty(), "a cancelled pack left {files:?}");
    // Whatever progress the window showed before Cancel reads as counts of the real work.
    check_progress_lines(&app).await;

    // Without Cancel the same pack is saved, signed and valid.
    within(
        app.client
            .execute("window.__progressSeen = []; return null;", vec![]),
    )
    .await
    .expect("the window did not answer")
    .unwrap();
    click(&app, "[data-testid='export-pack']").await;
    let pack = wait_attr(&app, "[data-testid='export-result']", "data-path").await;
    assert!(pack.starts_with(&out_dir.display().to_string()), "{pack}");
    let sig = std::process::Command::new("pdfsig")
        .arg(&pack)
        .output()
        .expect("pdfsig (poppler-utils) is needed");
    let sig = String::from_utf8_lossy(&sig.stdout);
    assert!(sig.contains("Signature is Valid."), "pdfsig: {sig}");
    check_progress_lines(&app).await;
}

/// Presses `start` by script and, at once, the Cancel that must have taken the focus (a
/// WebDriver round trip could come after the demo's small file is done). True when Cancel had
/// the focus.
async fn start_and_cancel(app: &App, start: &str) -> bool {
    let script = format!(
        "document.querySelector('[data-testid=\"{start}\"]').click();
        const cancel = document.activeElement;
        const focused = Boolean(cancel) && cancel.dataset.testid === 'export-cancel' && !cancel.hidden;
        cancel.click();
        return focused;"
    );
    let focused = within(app.client.execute(&script, vec![]))
        .await
        .expect("the window did not answer")
        .unwrap();
    focused == json!(true)
}

/// Starts an export with `start` and presses Cancel at once (Cancel must have the focus),
/// until the result box `result` says it was cancelled. The demo's notes and report are
/// small: an idle machine can finish one before Cancel reaches it, so a file made anyway is
/// removed (by the path the window shows) and it is tried again, at most three times.
async fn cancel_in_time(app: &App, start: &str, result: &str) {
    for _ in 0..3 {
        assert!(
            start_and_cancel(app, start).await,
            "Cancel takes the focus while {start} runs"
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let css = format!("[data-testid='{result}']");
            let state = script(
                app,
                &format!(
                    "const r = document.querySelector(\"{css}\"); if (!r || r.hidden) return '';
                     return r.dataset.cancelled === 'true' ? 'cancelled' : (r.dataset.path ? 'saved:' + r.dataset.path : '');"
                ),
            )
            .await;
            if state == "cancelled" {
                return;
            }
            if let Some(saved) = state.strip_prefix("saved:") {
                std::fs::remove_file(saved).unwrap();
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{start} neither ended nor was cancelled"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // So the next try is not taken for this one.
        script(
            app,
            &format!("document.querySelector(\"[data-testid='{result}']\").removeAttribute('data-path'); return null;"),
        )
        .await;
        settle().await;
    }
    panic!("{start} finished before Cancel reached it three times running");
}

/// Files in `dir` (none when it was never made).
fn files_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default()
}

fn assert_signed(pdf: &str) {
    let sig = std::process::Command::new("pdfsig")
        .arg(pdf)
        .output()
        .expect("pdfsig (poppler-utils) is needed");
    let sig = String::from_utf8_lossy(&sig.stdout);
    assert!(sig.contains("Signature is Valid."), "pdfsig: {sig}");
}

/// Signed meeting notes (Exports screen) and the signed annual report (Reports screen) show
/// the claim pack's progress and Cancel: cancelled, nothing is saved and the focus goes back
/// to the button that started it; made again, the file is saved and signed.
#[tokio::test]
async fn signed_notes_and_the_annual_report_can_be_cancelled_in_the_window() {
    let (dir, app) = demo_as_chair().await;
    go(&app, "exports").await;
    let notes_dir = dir.path().join("notes-exports");
    fill(
        &app,
        "[data-testid='export-folder']",
        &notes_dir.display().to_string(),
    )
    .await;
    // The Meeting list offers the last twelve months' and coming meetings, or one year's.
    let year: i32 = chrono_today()[..4].parse().unwrap();
    let held = "[data-testid='export-meetings-held']";
    select(&app, held, &(year - 6).to_string()).await;
    wait_text(
        &app,
        "[data-testid='export-meeting']",
        "no meetings six years ago",
        |t| t.contains("No meetings then"),
    )
    .await;
    select(&app, held, "recent").await;
    wait_text(
        &app,
        "[data-testid='export-meeting']",
        "the recent meetings",
        |t| t.contains("Board"),
    )
    .await;
    let finalised = script(
        &app,
        "for (const o of document.querySelector('[data-testid=\"export-meeting\"]').options)
           if (!o.textContent.includes('not finalised')) return o.value; return null;",
    )
    .await;
    select(&app, "[data-testid='export-meeting']", &finalised).await;

    cancel_in_time(&app, "export-notes", "export-result").await;
    let said = app.wait_for_text("[data-testid='export-result']").await;
    assert!(said.contains("Nothing was saved"), "{said}");
    let focus = script(
        &app,
        "return document.activeElement && document.activeElement.dataset.testid;",
    )
    .await;
    assert_eq!(focus, "export-notes");
    assert!(
        files_in(&notes_dir).is_empty(),
        "cancelled notes were saved"
    );

    click(&app, "[data-testid='export-notes']").await;
    let notes = wait_attr(&app, "[data-testid='export-result']", "data-path").await;
    assert!(
        notes.starts_with(&notes_dir.display().to_string()),
        "{notes}"
    );
    assert_signed(&notes);

    go(&app, "reports").await;
    let report_dir = dir.path().join("report-exports");
    fill(
        &app,
        "[data-testid='report-folder']",
        &report_dir.display().to_string(),
    )
    .await;
    cancel_in_time(&app, "report-annual", "report-annual-result").await;
    let said = app
        .wait_for_text("[data-testid='report-annual-result']")
        .await;
    assert!(said.contains("Nothing was saved"), "{said}");
    let focus = script(
        &app,
        "return document.activeElement && document.activeElement.dataset.testid;",
    )
    .await;
    assert_eq!(focus, "report-annual");
    assert!(
        files_in(&report_dir).is_empty(),
        "a cancelled report was saved"
    );

    click(&app, "[data-testid='report-annual']").await;
    let report = wait_attr(&app, "[data-testid='report-annual-result']", "data-path").await;
    assert!(report.contains("annual-report-"), "{report}");
    assert_signed(&report);
    app.save_screenshot("screen-report-annual-after-cancel");
}

/// The signed project report (Projects screen) shows the same progress and Cancel:
/// cancelled, nothing is saved and the focus goes back to its button; made again, the report
/// is saved, signed, and alone in its folder.
#[tokio::test]
async fn a_signed_project_report_can_be_cancelled_in_the_window() {
    let (_dir, app) = demo_as_chair().await;
    go(&app, "projects").await;
    click(&app, "[data-testid^='open-project-']").await;
    app.find("[data-testid='export-project-report']").await;

    cancel_in_time(&app, "export-project-report", "project-report-result").await;
    let said = app
        .wait_for_text("[data-testid='project-report-result']")
        .await;
    assert!(said.contains("Nothing was saved"), "{said}");
    let focus = script(
        &app,
        "return document.activeElement && document.activeElement.dataset.testid;",
    )
    .await;
    assert_eq!(focus, "export-project-report");

    click(&app, "[data-testid='export-project-report']").await;
    let report = wait_attr(&app, "[data-testid='project-report-result']", "data-path").await;
    assert!(report.contains("project-report-"), "{report}");
    assert_signed(&report);
    let report = std::path::PathBuf::from(report);
    assert_eq!(
        files_in(report.parent().unwrap()),
        vec![report.clone()],
        "the cancelled report was saved beside it"
    );
    app.save_screenshot("screen-project-report-after-cancel");
}

/// Every progress line the window showed (collected by the script above) is one of the
/// forms the export's counts give, with counts that never pass their totals.
async fn check_progress_lines(app: &App) {
    let seen = within(
        app.client
            .execute("return window.__progressSeen || [];", vec![]),
    )
    .await
    .expect("the window did not answer")
    .unwrap();
    for line in seen.as_array().unwrap() {
        let line = line.as_str().unwrap();
        let numbers: Vec<u32> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        let known = [
            "Reading the approved claims",
            "Getting receipt ",
            "Drawing page ",
            "Writing the PDF",
            "Signing the pack",
        ];
        assert!(
            known.iter().any(|k| line.starts_with(k)),
            "unexpected progress line: {line}"
        );
        if line.starts_with("Getting") || line.starts_with("Drawing") {
            assert!(
                numbers.chunks(2).all(|p| p.len() == 2 && p[0] <= p[1]),
                "{line}"
            );
        }
    }
    eprintln!("progress lines seen: {seen}");
}

/// Choosing one member out of many: the new-rep form and a meeting's "Add a person" search
/// the members (a page of matches from the core) instead of listing every one; someone who
/// is a rep already is not offered as a new rep; the chosen member is saved.
#[tokio::test]
async fn members_are_found_by_searching() {
    let (_dir, app) = demo_as_chair().await;
    // The Members list itself comes 25 at a time.
    go(&app, "members").await;
    wait_text(
        &app,
        "[data-testid='member-count']",
        "the first page",
        |t| t.starts_with("Showing 1 to 25 of"),
    )
    .await;
    click(&app, "[data-testid='members-next']").await;
    wait_text(
        &app,
        "[data-testid='member-count']",
        "the second page",
        |t| t.starts_with("Showing 26 to"),
    )
    .await;
    // A member who lapses is counted in the reach figures until today: their page says so.
    click(&app, "a[data-testid^='member-link-']").await;
    select(&app, "[data-testid='member-status']", "lapsed").await;
    click(&app, "[data-testid='save-member']").await;
    wait_text(&app, "#member-status-hint", "the day they stopped", |t| {
        t.starts_with("Not active since ") && t.len() == "Not active since 02/12/2026.".len()
    })
    .await;
    go(&app, "reps").await;
    click(&app, "[data-testid='add-rep']").await;
    let count = "[data-testid='rep-member-count']";
    // The demo's 40 members are more than one page of matches.
    wait_text(&app, count, "the first matches", |t| {
        t.contains("Showing some of the")
    })
    .await;
    let found = app.axe("the new-rep form with its member search").await;
    assert!(found.is_empty(), "{found:#?}");
    // A rep already is not offered.
    fill(&app, "[data-testid='rep-member-search']", "Amara Okafor").await;
    wait_text(&app, count, "no match for a rep", |t| {
        t.contains("Nobody who can be chosen")
    })
    .await;
    assert_eq!(
        script(
            &app,
            "return document.querySelector(\"[data-testid='rep-member']\").options.length;"
        )
        .await,
        "1",
        "only the blank choice is left"
    );
    // A member who is not a rep, found by part of their name, chosen and made a rep.
    fill(&app, "[data-testid='rep-member-search']", "").await;
    wait_text(&app, count, "every match again", |t| {
        t.contains("Showing some of the")
    })
    .await;
    let first = script(
        &app,
        "const o = document.querySelector(\"[data-testid='rep-member']\").options[1]; return o.value + '|' + o.textContent;",
    )
    .await;
    let (id, label) = first.split_once('|').unwrap();
    let name = label.split(" (").next().unwrap().to_string();
    fill(&app, "[data-testid='rep-member-search']", &name).await;
    wait_text(&app, count, "the member found", |t| {
        t.contains("to choose from")
    })
    .await;
    select(&app, "[data-testid='rep-member']", id).await;
    click(&app, "[data-testid='save-rep']").await;
    assert_eq!(id_from_address(&app, "reps/").await, id);
    wait_text(&app, "main h1", "the new rep's page", |t| t.contains(&name)).await;

    // A meeting's "Add a person": the member found fills in the name.
    go(&app, "meetings").await;
    click(&app, "a[data-testid^='meeting-link-']").await;
    id_from_address(&app, "meetings/").await;
    // The demo's newest meeting is still to come, so people can be added to it.
    app.find("[data-testid='attendee-form']").await;
    fill(&app, "[data-testid='attendee-member-search']", &name).await;
    wait_text(
        &app,
        "[data-testid='attendee-member-count']",
        "the member found",
        |t| t.contains("to choose from"),
    )
    .await;
    select(&app, "[data-testid='attendee-member']", id).await;
    assert_eq!(
        value_of(&app, "[data-testid='attendee-form'] [name='name']").await,
        name
    );
    click(&app, "[data-testid='add-person']").await;
    wait_text(
        &app,
        "[data-testid='people-section']",
        "the member added",
        |t| t.contains(&name),
    )
    .await;
}

/// The start screen's facts come with the page (gui.rs hands them over before the page's
/// scripts run), so on the window's first load the sign-in list shows without the page
/// calling the core at all. After a reload (as after restoring a backup) they may be out of
/// date, so the page asks the core: the person who signed in before the reload is still
/// signed in, not shown the sign-in list that was true when the window was made.
#[tokio::test]
async fn the_start_screen_comes_with_the_page_and_a_reload_asks_again() {
    let (_dir, app) = demo_window().await;
    app.find("[data-person-name='Siobhán']").await;
    let calls = "return performance.getEntriesByType('measure')\
        .filter((m) => m.name.startsWith('command:')).map((m) => m.name).join(' ');";
    assert_eq!(
        script(&app, calls).await,
        "",
        "the first load called the core"
    );

    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;
    script(&app, "setTimeout(() => location.reload(), 0); return '';").await;
    // Wait for the new page (while it loads, the window may not answer scripts).
    let reloaded = "return performance.getEntriesByType('navigation')[0].type;";
    let deadline = Instant::now() + Duration::from_secs(60);
    while !matches!(
        within(app.client.execute(reloaded, vec![])).await,
        Some(Ok(serde_json::Value::String(t))) if t == "reload"
    ) {
        assert!(Instant::now() < deadline, "the page was never reloaded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_text(&app, "#current-person", "the person's name", |t| {
        t.contains("Siobhán")
    })
    .await;
    assert!(absent(&app, "[data-testid='people-list']").await);
}
