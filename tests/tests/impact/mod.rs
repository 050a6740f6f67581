//! The Projects screen in the real window, on the demo forum as its chair: planning a
//! project, an escalation that shows on the chair's first screen until it is dealt with,
//! feedback and its average; "you said, we did" following up a meeting's decision, with
//! errors beside their fields and nothing typed lost; the issues log and its themes; and a
//! claim line linked to a project, which changes the project's cost.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use forumdesk_e2e::app::within;
use forumdesk_e2e::App;
use serde_json::json;

use crate::flow::{
    chrono_today, click, demo_as_chair, fill, go, id_from_address, option_value, select, settle,
    tick, uk, value_of, wait_text,
};

/// Whether anything matches `css` now.
async fn present(app: &App, css: &str) -> bool {
    within(app.client.find(Locator::Css(css)))
        .await
        .expect("the window did not answer")
        .is_ok()
}

/// Waits until nothing matches `css`.
async fn gone(app: &App, css: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while present(app, css).await {
        if Instant::now() > deadline {
            app.save_screenshot(&format!("still-there-{what}"));
            panic!("`{css}` ({what}) never went away");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The text of every element matching `css`, in order.
async fn texts(app: &App, css: &str) -> Vec<String> {
    let v = within(app.client.execute(
        "return [...document.querySelectorAll(arguments[0])].map((e) => e.textContent);",
        vec![json!(css)],
    ))
    .await
    .expect("the window did not answer")
    .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap_or_default().to_string())
        .collect()
}

/// "£1,234.56" as pence.
fn pence(text: &str) -> i64 {
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("not money: {text:?}"))
}

/// Opens the "Add a ..." part of a project's page (a <details>) unless it is open.
async fn open_details(app: &App, form: &str) {
    let open = within(app.client.execute(
        "const d = document.querySelector(arguments[0]).closest('details'); if (!d.open) d.open = true; return true;",
        vec![json!(form)],
    ))
    .await
    .expect("the window did not answer")
    .unwrap();
    assert_eq!(open, json!(true));
}

#[tokio::test]
async fn a_project_is_planned_monitored_with_an_escalation_and_rated() {
    let (_dir, app) = demo_as_chair().await;
    go(&app, "projects").await;
    app.save_screenshot("screen-projects");
    click(&app, "[data-testid='add-project']").await;
    // The name is required: the core says so beside the box, and nothing else is lost.
    fill(
        &app,
        "[data-testid='project-aim']",
        "Short breaks that families can find",
    )
    .await;
    click(&app, "[data-testid='save-project']").await;
    wait_text(
        &app,
        "[data-testid='project-form'] .field-error",
        "a message beside the name",
        |t| !t.trim().is_empty(),
    )
    .await;
    assert_eq!(
        value_of(&app, "[data-testid='project-aim']").await,
        "Short breaks that families can find"
    );
    fill(&app, "[data-testid='project-name']", "Short breaks review").await;
    select(&app, "[data-testid='project-planned_level']", "co_design").await;
    click(&app, "[data-testid='save-project']").await;
    let id = id_from_address(&app, "projects/").await;
    wait_text(
        &app,
        "[data-testid='project-heading']",
        "the new project",
        |t| t.contains("Short breaks review"),
    )
    .await;

    // A monitoring entry with something to escalate.
    let escalation = "The council has not named a lead officer for short breaks";
    open_details(&app, "[data-testid='monitoring-form']").await;
    fill(
        &app,
        "[data-testid='monitoring-going_well']",
        "Twelve families came to the first session.",
    )
    .await;
    fill(&app, "[data-testid='monitoring-escalation']", escalation).await;
    click(&app, "[data-testid='monitoring-save']").await;
    wait_text(
        &app,
        "[data-testid='monitoring-section']",
        "the entry",
        |t| t.contains("not yet dealt with"),
    )
    .await;

    // It shows on the chair's first screen (Claims), linking to the project.
    go(&app, "claims").await;
    let notice = wait_text(
        &app,
        "[data-testid='escalations-notice']",
        "the escalation on the first screen",
        |t| t.contains(escalation),
    )
    .await;
    assert!(notice.contains("Short breaks review"), "{notice}");
    app.save_screenshot("screen-escalation-notice");
    click(
        &app,
        &format!("[data-testid='escalations-notice'] a[href='#projects/{id}']"),
    )
    .await;
    wait_text(
        &app,
        "[data-testid='project-heading']",
        "the project",
        |t| t.contains("Short breaks review"),
    )
    .await;

    // Marked as dealt with, it leaves the first screen.
    click(&app, "[data-testid^='resolve-']").await;
    fill(
        &app,
        "dialog[open] [name='outcome']",
        "The Head of SEND named Amira Khan as lead.",
    )
    .await;
    click(&app, "[data-testid='resolve-dialog']").await;
    wait_text(
        &app,
        "[data-testid='monitoring-section']",
        "dealt with",
        |t| t.contains("Escalated, dealt with") && t.contains("Amira Khan"),
    )
    .await;
    go(&app, "claims").await;
    settle().await;
    let still = texts(&app, "[data-testid='escalations-notice']").await;
    assert!(
        still.iter().all(|t| !t.contains(escalation)),
        "a dealt-with escalation stays on the first screen: {still:?}"
    );
    // The demo's own open escalation is still there: only this one went.
    assert!(!still.is_empty(), "the demo's escalation went too");

    // Two feedback forms: the exact average shows, on the project and in the list.
    go(&app, "projects").await;
    click(&app, &format!("[data-testid='open-project-{id}']")).await;
    for (org, rating, level) in [
        ("Eastbridge County Council", "8", "co_design"),
        ("Eastbridge Parent Carer Forum", "5", "consultation"),
    ] {
        open_details(&app, "[data-testid='feedback-form']").await;
        fill(&app, "[data-testid='feedback-organisation']", org).await;
        select(&app, "[data-testid='feedback-remit_clear']", "yes").await;
        select(
            &app,
            "[data-testid='feedback-meetings_effective']",
            "partly",
        )
        .await;
        select(
            &app,
            "[data-testid='feedback-communication_effective']",
            "yes",
        )
        .await;
        select(&app, "[data-testid='feedback-rating']", rating).await;
        select(&app, "[data-testid='feedback-reached_level']", level).await;
        click(&app, "[data-testid='feedback-save']").await;
        wait_text(&app, "[data-testid='feedback-section']", org, |t| {
            t.contains(org)
        })
        .await;
    }
    let average = wait_text(
        &app,
        "[data-testid='project-average']",
        "the average",
        |t| t.contains("6.5"),
    )
    .await;
    assert!(average.contains("6.5 out of 10"), "{average}");
    // A tie between the levels reached goes to the lower rung.
    let summary = app.wait_for_text("[data-testid='project-summary']").await;
    assert!(summary.contains("Consultation"), "{summary}");
    app.save_screenshot("screen-project");
    go(&app, "projects").await;
    let row = wait_text(
        &app,
        &format!("[data-testid='project-row-{id}']"),
        "the project's row",
        |t| t.contains("6.5 / 10"),
    )
    .await;
    assert!(row.contains("Co-design"), "{row}");
}

#[tokio::test]
async fn you_said_we_did_follows_up_a_meetings_decision_and_keeps_the_issues_log() {
    let (_dir, app) = demo_as_chair().await;

    // A demo meeting with a decision nobody has followed up yet.
    go(&app, "meetings").await;
    let links = texts(&app, "[data-testid^='meeting-link-']").await.len();
    assert!(links > 0, "the demo has meetings");
    let ids = within(app.client.execute(
        "return [...document.querySelectorAll('[data-testid^=\"meeting-link-\"]')].map((a) => a.dataset.testid.slice('meeting-link-'.length));",
        vec![],
    ))
    .await
    .unwrap()
    .unwrap();
    let mut decision = None;
    let mut meeting = String::new();
    for mid in ids.as_array().unwrap() {
        let mid = mid.as_str().unwrap();
        within(app.client.execute(
            "location.hash = '#meetings/' + arguments[0]; return null;",
            vec![json!(mid)],
        ))
        .await
        .unwrap()
        .unwrap();
        wait_text(
            &app,
            "[data-testid='meeting-heading']",
            "the meeting",
            |_| true,
        )
        .await;
        settle().await;
        if let Some(Ok(button)) =
            within(app.client.find(Locator::Css("[data-testid^='follow-up-']"))).await
        {
            let testid = within(button.attr("data-testid"))
                .await
                .unwrap()
                .unwrap()
                .unwrap();
            decision = Some(testid["follow-up-".len()..].to_string());
            meeting = mid.to_string();
            break;
        }
    }
    let decision = decision.expect("a demo meeting has a decision to follow up");
    let said = app
        .wait_for_text(&format!("[data-testid='decision-row-{decision}'] > span"))
        .await;
    app.save_screenshot("screen-meeting-decisions");

    // One step: the button becomes "Followed up" with a way to open the entry.
    click(&app, &format!("[data-testid='follow-up-{decision}']")).await;
    wait_text(
        &app,
        &format!("[data-testid='followed-up-{decision}']"),
        "Followed up",
        |t| t.contains("Followed up"),
    )
    .await;
    assert!(!present(&app, &format!("[data-testid='follow-up-{decision}']")).await);
    click(&app, &format!("[data-testid='open-follow-up-{decision}']")).await;

    // The entry opens in its form, ready for what changed and when families were told.
    app.find("dialog[open] [data-testid='outcome-save-form']")
        .await;
    assert_eq!(
        value_of(&app, "dialog[open] [data-testid='outcome-said']").await,
        said.trim()
    );
    tick(&app, "dialog[open] [data-testid='outcome-changed']").await;
    // "Something changed" needs saying what: the core says so beside the box, and the date
    // typed is kept.
    let told = uk(&chrono_today());
    fill(&app, "dialog[open] [data-testid='outcome-told_on']", &told).await;
    click(&app, "dialog[open] [data-testid='outcome-save']").await;
    let err = wait_text(
        &app,
        "dialog[open] .field-error",
        "a message beside What we did",
        |t| t.contains("what changed"),
    )
    .await;
    assert!(err.contains("Please say what changed"), "{err}");
    assert_eq!(
        value_of(&app, "dialog[open] [data-testid='outcome-told_on']").await,
        told
    );
    fill(
        &app,
        "dialog[open] [data-testid='outcome-we_did']",
        "Agreed and done: reported back at the next meeting.",
    )
    .await;
    click(&app, "dialog[open] [data-testid='outcome-save']").await;
    gone(&app, "dialog[open]", "the entry's form").await;
    let results = wait_text(
        &app,
        "[data-testid='outcome-results']",
        "the followed-up decision in the log",
        |t| t.contains(said.trim()) && t.contains("reported back at the next meeting"),
    )
    .await;
    assert!(results.contains("(a decision in its notes)"), "{results}");
    app.save_screenshot("screen-you-said-we-did");

    // An entry by hand: a survey needs its name. Everything typed stays on the form.
    click(&app, "[data-testid='add-outcome']").await;
    fill(
        &app,
        "dialog[open] [data-testid='outcome-said']",
        "Buses to special schools arrive late",
    )
    .await;
    select(
        &app,
        "dialog[open] [data-testid='outcome-source']",
        "survey",
    )
    .await;
    fill(
        &app,
        "dialog[open] [data-testid='outcome-said_on']",
        "31/02/2026",
    )
    .await;
    click(&app, "dialog[open] [data-testid='outcome-save']").await;
    let errors = wait_text(
        &app,
        "dialog[open] [data-testid='error-summary']",
        "the problems",
        |t| t.contains("survey"),
    )
    .await;
    assert!(
        errors.contains("real date") || errors.contains("date"),
        "{errors}"
    );
    assert_eq!(
        value_of(&app, "dialog[open] [data-testid='outcome-said']").await,
        "Buses to special schools arrive late"
    );
    fill(
        &app,
        "dialog[open] [data-testid='outcome-said_on']",
        "15/01/2026",
    )
    .await;
    fill(
        &app,
        "dialog[open] [data-testid='outcome-source_detail']",
        "Transport survey 2026",
    )
    .await;
    click(&app, "dialog[open] [data-testid='outcome-save']").await;
    gone(&app, "dialog[open]", "the new entry's form").await;
    wait_text(
        &app,
        "[data-testid='outcome-results']",
        "the new entry",
        |t| t.contains("Survey: Transport survey 2026"),
    )
    .await;

    // The date range: a bad date is refused beside its box; a range shows only its entries.
    fill(&app, "[data-testid='outcome-filter-from']", "32/11/2026").await;
    click(&app, "[data-testid='outcome-filter-show']").await;
    wait_text(
        &app,
        "[data-testid='outcome-filter'] .field-error",
        "a message beside From",
        |t| !t.trim().is_empty(),
    )
    .await;
    fill(&app, "[data-testid='outcome-filter-from']", "15/01/2026").await;
    fill(&app, "[data-testid='outcome-filter-to']", "15/01/2026").await;
    click(&app, "[data-testid='outcome-filter-show']").await;
    wait_text(
        &app,
        "[data-testid='outcome-results']",
        "only the 15 January entry",
        |t| t.contains("Transport survey 2026") && !t.contains(said.trim()),
    )
    .await;
    click(&app, "[data-testid='outcome-filter-all']").await;
    wait_text(
        &app,
        "[data-testid='outcome-results']",
        "every entry again",
        |t| t.contains(said.trim()),
    )
    .await;

    // The issues log: a theme raised again in other words counts with the first; the most
    // raised comes first. The demo's EHCP delays (32 families) is overtaken by transport.
    click(&app, "[data-testid='tab-issues']").await;
    let first = wait_text(&app, "[data-testid='theme-1']", "the top theme", |t| {
        t.contains("EHCP delays")
    })
    .await;
    assert!(first.contains("32"), "{first}");
    click(&app, "[data-testid='add-issue']").await;
    fill(
        &app,
        "dialog[open] [data-testid='issue-theme']",
        "transport",
    )
    .await;
    fill(&app, "dialog[open] [data-testid='issue-families']", "none").await;
    click(&app, "dialog[open] [data-testid='issue-save']").await;
    wait_text(
        &app,
        "dialog[open] .field-error",
        "a message beside Families",
        |t| !t.trim().is_empty(),
    )
    .await;
    assert_eq!(
        value_of(&app, "dialog[open] [data-testid='issue-theme']").await,
        "transport"
    );
    fill(&app, "dialog[open] [data-testid='issue-families']", "25").await;
    click(&app, "dialog[open] [data-testid='issue-save']").await;
    gone(&app, "dialog[open]", "the issue's form").await;
    let first = wait_text(&app, "[data-testid='theme-1']", "transport on top", |t| {
        t.contains("Transport")
    })
    .await;
    // 11 families in the demo and 25 now.
    assert!(first.contains("36"), "{first}");
    app.save_screenshot("screen-issues-and-themes");

    // The meeting moves to another project from its page, and the project lists it.
    within(app.client.execute(
        "location.hash = '#meetings/' + arguments[0]; return null;",
        vec![json!(meeting)],
    ))
    .await
    .unwrap()
    .unwrap();
    let title = app.wait_for_text("[data-testid='meeting-heading']").await;
    let was = value_of(&app, "[data-testid='meeting-project']").await;
    let other = within(app.client.execute(
        "for (const o of document.querySelector('[data-testid=\"meeting-project\"]').options)
            if (o.value && o.value !== arguments[0]) return [o.value, o.textContent]; return null;",
        vec![json!(was)],
    ))
    .await
    .unwrap()
    .unwrap();
    let (project, name) = (
        other[0].as_str().unwrap().to_string(),
        other[1].as_str().unwrap().to_string(),
    );
    select(&app, "[data-testid='meeting-project']", &project).await;
    click(&app, "[data-testid='save-meeting-project']").await;
    wait_text(
        &app,
        "[data-testid='open-meeting-project']",
        "the project's link",
        |t| t.contains(&name),
    )
    .await;
    click(&app, "[data-testid='open-meeting-project']").await;
    wait_text(
        &app,
        "[data-testid='project-hours']",
        "the linked meeting",
        |t| t.contains(title.trim()),
    )
    .await;
    // "No project" unlinks it: the link to a project goes.
    within(app.client.execute(
        "location.hash = '#meetings/' + arguments[0]; return null;",
        vec![json!(meeting)],
    ))
    .await
    .unwrap()
    .unwrap();
    app.find("[data-testid='open-meeting-project']").await;
    select(&app, "[data-testid='meeting-project']", "").await;
    click(&app, "[data-testid='save-meeting-project']").await;
    gone(
        &app,
        "[data-testid='open-meeting-project']",
        "the project's link",
    )
    .await;
    wait_text(&app, "#status", "the unlink announced", |t| {
        t.contains("No longer linked")
    })
    .await;
}

/// The month before today, `YYYY-MM`: the demo's approved claims are for it.
fn last_month() -> String {
    let today = chrono_today();
    let (y, m): (i32, u32) = (today[..4].parse().unwrap(), today[5..7].parse().unwrap());
    if m == 1 {
        format!("{:04}-12", y - 1)
    } else {
        format!("{y:04}-{:02}", m - 1)
    }
}

const TRANSPORT: &str = "Home to school transport information";

async fn open_transport_project(app: &App) -> (String, i64) {
    go(app, "projects").await;
    click(app, &format!("a[aria-label='Open {TRANSPORT}']")).await;
    let id = id_from_address(app, "projects/").await;
    wait_text(app, "[data-testid='project-heading']", "the project", |t| {
        t.contains(TRANSPORT)
    })
    .await;
    let cost = app.wait_for_text("[data-testid='project-cost']").await;
    (id, pence(&cost))
}

/// A line of an approved claim, linked to a project from the claim's screen: the sealed claim
/// does not change, and the project's cost grows by the line's amount.
#[tokio::test]
async fn linking_a_line_of_an_approved_claim_to_a_project_adds_to_its_cost() {
    let (_dir, app) = demo_as_chair().await;
    let (project, before) = open_transport_project(&app).await;

    go(&app, "claims").await;
    let gareth = option_value(&app, "[data-testid='claim-rep']", "Gareth Price").await;
    select(&app, "[data-testid='claim-rep']", &gareth).await;
    settle().await;
    let council = option_value(
        &app,
        "[data-testid='claim-funder']",
        "Eastbridge County Council",
    )
    .await;
    select(&app, "[data-testid='claim-funder']", &council).await;
    settle().await;
    crate::flow::set_value(&app, "[data-testid='claim-month']", &last_month()).await;
    wait_text(
        &app,
        "[data-testid='claim-status']",
        "an approved claim",
        |t| t.contains("Approved"),
    )
    .await;
    let total = app.attr("[data-testid='claim-total']", "data-pence").await;
    app.find("[data-testid^='line-project-select-']").await;
    settle().await;

    // The first line that counts for no project yet.
    let found = within(app.client.execute(
        "for (const s of document.querySelectorAll('select[data-testid^=\"line-project-select-\"]')) {
            const id = s.dataset.testid.slice('line-project-select-'.length);
            const note = document.querySelector(`[data-testid=\"line-project-note-${id}\"]`);
            if (s.value === '' && !note.textContent) return id;
         } return null;",
        vec![],
    ))
    .await
    .unwrap()
    .unwrap();
    let line = found
        .as_str()
        .expect("the approved claim has a line in no project")
        .to_string();
    let amount = pence(
        &app.wait_for_text(&format!("[data-testid='line-amount-{line}']"))
            .await,
    );
    assert!(amount > 0);
    select(
        &app,
        &format!("[data-testid='line-project-select-{line}']"),
        &project,
    )
    .await;
    wait_text(&app, "#status", "the link announced", |t| {
        t.contains(TRANSPORT)
    })
    .await;
    app.save_screenshot("screen-claim-line-project");
    // The claim itself is as it was.
    assert_eq!(
        app.attr("[data-testid='claim-total']", "data-pence").await,
        total
    );
    assert_eq!(
        app.attr("[data-testid='claim-status']", "data-status")
            .await
            .as_deref(),
        Some("approved")
    );

    let (_, after) = open_transport_project(&app).await;
    assert_eq!(
        after,
        before + amount,
        "the project's cost grows by the line"
    );
    let lines = app.wait_for_text("[data-testid='project-hours']").await;
    assert!(lines.contains("Linked itself"), "{lines}");

    // Drawn again, the claim shows the line's project; unlinked, the cost goes back.
    go(&app, "claims").await;
    select(&app, "[data-testid='claim-rep']", &gareth).await;
    settle().await;
    select(&app, "[data-testid='claim-funder']", &council).await;
    settle().await;
    crate::flow::set_value(&app, "[data-testid='claim-month']", &last_month()).await;
    wait_text(
        &app,
        "[data-testid='claim-status']",
        "the approved claim",
        |t| t.contains("Approved"),
    )
    .await;
    let css = format!("[data-testid='line-project-select-{line}']");
    let deadline = Instant::now() + Duration::from_secs(20);
    while value_of(&app, &css).await != project {
        assert!(
            Instant::now() < deadline,
            "the line never showed its project"
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    select(&app, &css, "").await;
    wait_text(&app, "#status", "the unlink announced", |t| {
        t.contains("no longer linked")
    })
    .await;
    let (_, again) = open_transport_project(&app).await;
    assert_eq!(again, before);

    // A rep signed in on the forum laptop reads the logs, but is offered no linking and no
    // follow-up (the core refuses them too).
    click(&app, "#sign-out").await;
    app.find("[data-testid='people-list']").await;
    crate::flow::sign_in_as(&app, "Łukasz", crate::flow::DEMO_PASSPHRASE).await;
    go(&app, "claims").await;
    app.find("[data-testid='claim-status']").await;
    settle().await;
    assert!(!present(&app, "[data-testid^='line-project-']").await);
    go(&app, "projects").await;
    click(&app, "[data-testid='tab-outcomes']").await;
    wait_text(&app, "[data-testid='outcome-results']", "the log", |t| {
        !t.trim().is_empty()
    })
    .await;
    assert!(!present(&app, "[data-testid='add-outcome']").await);
    assert!(!present(&app, "[data-testid^='edit-outcome-']").await);
    go(&app, "meetings").await;
    click(&app, "[data-testid^='meeting-link-']").await;
    app.find("[data-testid='decisions-section']").await;
    settle().await;
    assert!(!present(&app, "[data-testid^='follow-up-']").await);
    assert!(!present(&app, "[data-testid='meeting-project-form']").await);
}
