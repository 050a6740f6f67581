//! Reps on their own computers, in the real window: a rep's window submits a claim and saves
//! the signed file with "Send to the forum"; the forum's window imports it and the claim is
//! waiting in Approvals. And a rep joins a forum from the start screen. axe-core checks every
//! new screen on the way.

use std::path::Path;
use std::process::Command;

use forumdesk_e2e::app::within;
use forumdesk_e2e::{app_binary, run_cli, App};

use crate::flow::{
    absent, chrono_today, click, fill, go, select, settle, sign_in_as, uk, wait_attr, wait_text,
    DEMO_PASSPHRASE,
};

const REP: &str = "Łukasz Nowak";
const REP_PASSPHRASE: &str = "lantern orchard pebble tractor";

/// The demo forum (made for today) in `forum`, and an invitation for Łukasz; returns the
/// invitation's path and its code (from the `Code: ` line).
fn forum_with_invitation(root: &Path) -> (std::path::PathBuf, String) {
    let forum = root.join("forum");
    let out = run_cli(&forum, &["demo", "--today", &chrono_today()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let invitation = root.join("invitation.pdf");
    let out = run_cli(
        &forum,
        &[
            "reps",
            "invite",
            "--rep",
            REP,
            "--out",
            invitation.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let code = text
        .lines()
        .find_map(|l| l.strip_prefix("Code: "))
        .unwrap_or_else(|| panic!("no `Code: ` line in {text}"))
        .trim()
        .to_string();
    (invitation, code)
}

/// Signs in on a computer whose only person is the rep.
async fn sign_in_rep(app: &App) {
    click(app, "[data-testid^='person-']").await;
    fill(app, "[data-testid='passphrase']", REP_PASSPHRASE).await;
    click(app, "[data-testid='sign-in']").await;
    wait_text(app, "#current-person", "the rep's name", |t| {
        t.contains(REP)
    })
    .await;
}

#[tokio::test]
async fn a_reps_window_sends_a_claim_file_and_the_forums_window_imports_it() {
    let root = tempfile::tempdir().unwrap();
    let (invitation, code) = forum_with_invitation(root.path());
    let rep_dir = root.path().join("rep");
    let joined = Command::new(app_binary())
        .arg("--data-dir")
        .arg(&rep_dir)
        .args(["join", invitation.to_str().unwrap(), "--code", &code])
        .env_remove("FORUMDESK_DATA_DIR")
        .env("FORUMDESK_PASSPHRASE", REP_PASSPHRASE)
        .output()
        .unwrap();
    assert!(
        joined.status.success(),
        "{}",
        String::from_utf8_lossy(&joined.stderr)
    );
    let fingerprint = String::from_utf8_lossy(&joined.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("This computer's fingerprint: "))
        .expect("join prints the fingerprint")
        .trim()
        .to_string();
    let outbox = root.path().join("to the forum");
    std::fs::create_dir_all(&outbox).unwrap();
    let mut found = Vec::new();

    // The rep's own computer: only what a rep needs.
    let app = App::launch_with_data_dir(&rep_dir).await;
    sign_in_rep(&app).await;
    for officer_only in [
        "approvals",
        "exchange",
        "members",
        "reps",
        "groups",
        "exports",
        "activity",
        "projects",
    ] {
        assert!(
            absent(&app, &format!("a[data-nav='{officer_only}']")).await,
            "a rep's computer must not offer {officer_only}"
        );
    }
    go(&app, "forum").await;
    let shown = wait_text(
        &app,
        "[data-testid='rep-fingerprint']",
        "the fingerprint",
        |t| !t.trim().is_empty(),
    )
    .await;
    assert_eq!(
        shown.trim(),
        fingerprint,
        "the window shows the same fingerprint as join"
    );
    settle().await;
    found.extend(app.axe("the rep's Send to the forum screen").await);

    // A line this month, submitted with the declaration.
    go(&app, "claims").await;
    wait_text(&app, "[data-testid='claim-status']", "a draft claim", |t| {
        t.contains("Draft")
    })
    .await;
    found.extend(app.axe("the rep's claims screen").await);
    select(&app, "[data-testid='line-kind']", "time").await;
    fill(
        &app,
        "[data-testid='line-form'] [name='line_date']",
        &uk(&chrono_today()),
    )
    .await;
    fill(
        &app,
        "[data-testid='line-form'] [name='activity']",
        "Reading the board papers",
    )
    .await;
    fill(&app, "[data-testid='line-form'] [name='minutes']", "90").await;
    click(&app, "[data-testid='add-line']").await;
    wait_text(&app, "[data-testid='claim-total']", "a total", |t| {
        t.contains('£') && !t.contains("£0.00")
    })
    .await;
    // Projects are the forum's: no line is offered a project here.
    assert!(
        absent(&app, "[data-testid^='line-project-']").await,
        "a rep's computer must not offer linking lines to projects"
    );
    click(&app, "[data-testid='declaration-agreed']").await;
    // Łukasz gets Carer's Allowance. From the 8th of a month the demo has paid last month's
    // claim (nine workshop days, held at the forum, not on his computer), which puts this
    // month over the limit, and his computer warns as the forum laptop would: he ticks it.
    if !absent(&app, "[data-testid='earnings-warning-seen']").await {
        click(&app, "[data-testid='earnings-warning-seen']").await;
    }
    click(&app, "[data-testid='submit-claim']").await;
    wait_text(&app, "[data-testid='claim-status']", "submitted", |t| {
        t.contains("Submitted")
    })
    .await;

    // "Send to the forum", into a folder the rep chose.
    go(&app, "forum").await;
    wait_text(
        &app,
        "[data-testid='waiting-to-send']",
        "one file waiting",
        |t| t.trim() == "1",
    )
    .await;
    fill(
        &app,
        "[data-testid='exchange-send-folder']",
        outbox.to_str().unwrap(),
    )
    .await;
    click(&app, "[data-testid='exchange-send']").await;
    assert_eq!(
        wait_attr(&app, "[data-testid='exchange-sent']", "data-count").await,
        "1"
    );
    found.extend(app.axe("the rep's screen after sending").await);
    drop(app);

    let files: Vec<_> = std::fs::read_dir(&outbox)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one signed claim file: {files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(name.ends_with(".pdf") && name.contains("Nowak"), "{name}");

    // The forum laptop: the chair imports the file, and the claim waits in Approvals.
    let app = App::launch_with_data_dir(&root.path().join("forum")).await;
    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;
    go(&app, "exchange").await;
    settle().await;
    found.extend(app.axe("the Reps' computers screen").await);
    let picker = app.find("[data-testid='exchange-files']").await;
    within(picker.send_keys(files[0].to_str().unwrap()))
        .await
        .unwrap()
        .unwrap();
    click(&app, "[data-testid='exchange-receive']").await;
    let said = wait_text(
        &app,
        "[data-testid='exchange-outcomes'] li",
        "the import's outcome",
        |t| !t.trim().is_empty(),
    )
    .await;
    assert_eq!(
        app.attr("[data-testid='exchange-outcomes'] li", "data-outcome")
            .await
            .as_deref(),
        Some("imported"),
        "{said}"
    );
    // Enrolled by that file: the forum shows the same fingerprint.
    wait_text(
        &app,
        "[data-testid='rep-computers']",
        "the rep's computer",
        |t| t.contains(&fingerprint),
    )
    .await;

    // The same file again changes nothing, and says so.
    let picker = app.find("[data-testid='exchange-files']").await;
    within(picker.send_keys(files[0].to_str().unwrap()))
        .await
        .unwrap()
        .unwrap();
    click(&app, "[data-testid='exchange-receive']").await;
    wait_text(
        &app,
        "[data-testid='exchange-outcomes'] li",
        "already read",
        |t| t.contains("Already read"),
    )
    .await;

    go(&app, "approvals").await;
    wait_text(&app, "main", "the rep's claim in Approvals", |t| {
        t.contains(REP)
    })
    .await;

    // "Send updates to reps' computers" into a folder: one signed update, for Łukasz.
    let to_rep = root.path().join("to the rep");
    std::fs::create_dir_all(&to_rep).unwrap();
    go(&app, "exchange").await;
    fill(
        &app,
        "[data-testid='exchange-send-folder']",
        to_rep.to_str().unwrap(),
    )
    .await;
    click(&app, "[data-testid='exchange-send']").await;
    assert_eq!(
        wait_attr(&app, "[data-testid='exchange-sent']", "data-count").await,
        "1"
    );
    drop(app);
    let updates: Vec<_> = std::fs::read_dir(&to_rep)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(updates.len(), 1, "{updates:?}");

    // The rep's window reads it ("Receive a file") and shows the claim as with the forum.
    let app = App::launch_with_data_dir(&rep_dir).await;
    sign_in_rep(&app).await;
    go(&app, "forum").await;
    let picker = app.find("[data-testid='exchange-files']").await;
    within(picker.send_keys(updates[0].to_str().unwrap()))
        .await
        .unwrap()
        .unwrap();
    click(&app, "[data-testid='exchange-receive']").await;
    let said = wait_text(
        &app,
        "[data-testid='exchange-outcomes'] li",
        "the update's outcome",
        |t| !t.trim().is_empty(),
    )
    .await;
    assert_eq!(
        app.attr("[data-testid='exchange-outcomes'] li", "data-outcome")
            .await
            .as_deref(),
        Some("applied"),
        "{said}"
    );
    wait_text(
        &app,
        "[data-testid='forum-claims']",
        "the claim with the forum",
        |t| t.contains("With the forum"),
    )
    .await;
    drop(app);

    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}

#[tokio::test]
async fn a_rep_joins_a_forum_from_the_start_screen() {
    let root = tempfile::tempdir().unwrap();
    let (invitation, code) = forum_with_invitation(root.path());
    let rep_dir = root.path().join("rep");
    let app = App::launch_with_data_dir(&rep_dir).await;
    app.find("[data-testid='join-form']").await;
    let mut found = app.axe("the start screen with Join a forum").await;

    let picker = app.find("[data-testid='join-file']").await;
    within(picker.send_keys(invitation.to_str().unwrap()))
        .await
        .unwrap()
        .unwrap();
    // A wrong code is refused beside the code box, and nothing is made.
    fill(&app, "[data-testid='join-code']", "AAAA-BBBB-CC").await;
    fill(&app, "[data-testid='join-passphrase']", REP_PASSPHRASE).await;
    fill(
        &app,
        "[data-testid='join-passphrase-again']",
        REP_PASSPHRASE,
    )
    .await;
    // The strength verdict appears under the passphrase a moment after typing, moving the
    // button down: a click sent while it moves can land on the field above instead.
    strength_shown(&app).await;
    click(&app, "[data-testid='join-forum']").await;
    wait_text(
        &app,
        "[data-testid='join-form'] .field-error",
        "a wrong-code message",
        |t| !t.trim().is_empty(),
    )
    .await;
    assert!(absent(&app, "[data-testid='join-fingerprint']").await);

    // The code as a person might type it: lower case, spaces instead of dashes.
    let typed = code.to_lowercase().replace('-', " ");
    fill(&app, "[data-testid='join-code']", &typed).await;
    fill(&app, "[data-testid='join-passphrase']", REP_PASSPHRASE).await;
    fill(
        &app,
        "[data-testid='join-passphrase-again']",
        REP_PASSPHRASE,
    )
    .await;
    wait_text(
        &app,
        "[data-testid='join-passphrase-verdict']",
        "an acceptable verdict",
        |t| t.contains("will accept"),
    )
    .await;
    click(&app, "[data-testid='join-forum']").await;
    let fingerprint = wait_text(
        &app,
        "[data-testid='join-fingerprint']",
        "the fingerprint",
        |t| t.contains(':'),
    )
    .await;
    found.extend(app.axe("the joined screen").await);
    click(&app, "[data-testid='join-done']").await;
    wait_text(&app, "#current-person", "the rep signed in", |t| {
        t.contains(REP)
    })
    .await;
    go(&app, "forum").await;
    wait_text(
        &app,
        "[data-testid='rep-fingerprint']",
        "the same fingerprint",
        |t| t.trim() == fingerprint.trim(),
    )
    .await;
    drop(app);

    // The command line sees the same rep's computer, signed in with the new passphrase.
    let info = Command::new(app_binary())
        .arg("--data-dir")
        .arg(&rep_dir)
        .args(["claims", "list", "--month", &chrono_today()[..7], "--json"])
        .env_remove("FORUMDESK_DATA_DIR")
        .env("FORUMDESK_PASSPHRASE", REP_PASSPHRASE)
        .output()
        .unwrap();
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    assert!(found.is_empty(), "axe found:\n{}", found.join("\n"));
}

#[tokio::test]
async fn the_chair_invites_a_rep_from_the_window_and_the_code_opens_the_invitation() {
    let root = tempfile::tempdir().unwrap();
    let forum = root.path().join("forum");
    let out = run_cli(&forum, &["demo", "--today", &chrono_today()]);
    assert!(out.status.success());
    let invitation = root.path().join("Łukasz's invitation.pdf");
    let app = App::launch_with_data_dir(&forum).await;
    sign_in_as(&app, "Siobhán", DEMO_PASSPHRASE).await;
    go(&app, "reps").await;
    click(&app, &format!("button[aria-label$=': {REP}']")).await;
    fill(
        &app,
        "dialog[open] [data-testid='invite-file']",
        invitation.to_str().unwrap(),
    )
    .await;
    click(&app, "dialog[open] [data-testid='invite-save']").await;
    let code = wait_text(&app, "[data-testid='invite-code']", "the code", |t| {
        t.trim().len() >= 10
    })
    .await;
    let said = app.wait_for_text("dialog[open]").await;
    assert!(
        said.contains("Tell them this code by phone or text, not in the email with the file"),
        "{said}"
    );
    drop(app);
    assert!(invitation.is_file());

    // The code shown once opens the invitation the window saved.
    let joined = Command::new(app_binary())
        .arg("--data-dir")
        .arg(root.path().join("rep"))
        .args(["join", invitation.to_str().unwrap(), "--code", code.trim()])
        .env_remove("FORUMDESK_DATA_DIR")
        .env("FORUMDESK_PASSPHRASE", REP_PASSPHRASE)
        .output()
        .unwrap();
    assert!(
        joined.status.success(),
        "{}",
        String::from_utf8_lossy(&joined.stderr)
    );
}

/// Waits for the join form's passphrase strength verdict.
async fn strength_shown(app: &App) {
    wait_text(
        app,
        "[data-testid='join-passphrase-verdict']",
        "the passphrase's strength",
        |t| t.contains("Strength"),
    )
    .await;
}
