//! Where a screen's draw goes: for each screen, the window's `screen:<id>` measure beside
//! every command it called (when it started after the screen was asked for, and how long it
//! took). A working aid beside `startup`, for finding what to make faster.
//!
//!     FORUMDESK_BIN=target/release/forumdesk cargo run --release -p forumdesk-e2e \
//!         --example screen_profile -- DATA_DIR [SCREEN ...]
//!
//! DATA_DIR is the 20-year forum `bench_store --keep DIR` makes.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use forumdesk_e2e::app::within;
use forumdesk_e2e::bench::{CHAIR, PASSPHRASE, SCREENS};
use forumdesk_e2e::App;
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().expect("give the bench forum's folder"));
    let only: Vec<&str> = args[1..].iter().map(String::as_str).collect();
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2);
    let app = App::launch_with_data_dir(&dir).await;
    app.find(CHAIR).await.click().await.unwrap();
    app.find("[data-testid='passphrase']")
        .await
        .send_keys(PASSPHRASE)
        .await
        .unwrap();
    app.find("[data-testid='sign-in']")
        .await
        .click()
        .await
        .unwrap();
    app.find("#view [data-testid='claims-table'], #view table, #view .empty")
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    for round in 1..=rounds {
        println!("round {round}");
        for screen in SCREENS
            .iter()
            .filter(|s| only.is_empty() || only.contains(s))
        {
            profile(&app, screen).await;
        }
    }
}

async fn profile(app: &App, screen: &str) {
    let name = format!("screen:{screen}");
    js(
        app,
        &format!("performance.clearMeasures('{name}'); return null;"),
    )
    .await;
    let link = app.find(&format!("[data-testid='nav-{screen}']")).await;
    within(link.click()).await.unwrap().unwrap();
    let read = format!(
        "const m = performance.getEntriesByName('{name}', 'measure'); \
         return m.length ? [m[m.length - 1].startTime, m[m.length - 1].duration, \
         performance.getEntriesByType('measure').filter((c) => c.name.startsWith('command:')) \
           .map((c) => [c.name.slice(8), c.startTime, c.startTime + c.duration])] : null;"
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Value::Array(found) = js(app, &read).await {
            let start = found[0].as_f64().unwrap_or(0.0);
            let total = found[1].as_f64().unwrap_or(f64::NAN);
            println!("  {screen:<10} {total:>7.1} ms");
            for call in found[2].as_array().into_iter().flatten() {
                let cmd = call[0].as_str().unwrap_or("?");
                let from = call[1].as_f64().unwrap_or(0.0) - start;
                let to = call[2].as_f64().unwrap_or(0.0) - start;
                println!(
                    "      {cmd:<28} {from:>7.1} → {to:>7.1}  ({:.1} ms)",
                    to - from
                );
            }
            redraw(app).await;
            return;
        }
        assert!(Instant::now() < deadline, "{screen} never finished drawing");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The screen's content put back again: how long inserting it, laying it out and showing
/// the next frame take, and how many elements it has.
async fn redraw(app: &App) {
    let script = r#"
const done = arguments[arguments.length - 1];
const v = document.querySelector('#view');
const c = v.cloneNode(true);
const t0 = performance.now();
v.replaceWith(c);
const t1 = performance.now();
void c.offsetHeight;
const t2 = performance.now();
requestAnimationFrame(() => setTimeout(() => done([t1 - t0, t2 - t1, performance.now() - t2, c.querySelectorAll('*').length]), 0));
"#;
    if let Some(Ok(Value::Array(v))) = within(app.client.execute_async(script, vec![])).await {
        println!(
            "      again: insert {:.1}, layout {:.1}, frame {:.1} ms, {} elements",
            v[0].as_f64().unwrap_or(0.0),
            v[1].as_f64().unwrap_or(0.0),
            v[2].as_f64().unwrap_or(0.0),
            v[3]
        );
    }
}

async fn js(app: &App, script: &str) -> Value {
    for _ in 0..6 {
        if let Some(result) = within(app.client.execute(script, vec![])).await {
            return result.expect("the script failed in the window");
        }
    }
    panic!("the window did not answer");
}
