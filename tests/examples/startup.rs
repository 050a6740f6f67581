//! `make bench`, window part: time from asking for the window to the first data on screen
//! (the sign-in list, read from the sign-in file), and from pressing "Sign in" to the first
//! screen of records (key derivation, opening the encrypted store, the claims list), on a
//! forum made by `bench_store --keep DIR`.
//!
//!     FORUMDESK_BIN=target/release/forumdesk cargo run --release -p forumdesk-e2e --example startup -- DIR
//!
//! The clock starts when the WebDriver session is requested: tauri-driver then starts the
//! program, so the figure includes process start, WebKit start, page load, the first IPC
//! calls and the first paint of the list. It is the median of five cold starts.

use std::time::Instant;

use forumdesk_e2e::app::within;
use forumdesk_e2e::App;

/// The passphrase `bench_store` gives the bench forum's chair ("Chair 1").
const BENCH_PASSPHRASE: &str = "bench forum copper kettle";

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = std::env::args().nth(1).expect("usage: startup DATA_DIR");
    let dir = std::path::PathBuf::from(dir);
    let mut times = Vec::new();
    let mut sign_ins = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let app = App::launch_with_data_dir(&dir).await;
        let chair = app.find("[data-person-name='Chair']").await;
        times.push(started.elapsed());
        within(chair.click()).await.unwrap().unwrap();
        let field = app.find("[data-testid='passphrase']").await;
        within(field.send_keys(BENCH_PASSPHRASE))
            .await
            .unwrap()
            .unwrap();
        let button = app.find("[data-testid='sign-in']").await;
        let pressed = Instant::now();
        within(button.click()).await.unwrap().unwrap();
        app.find("[data-testid='claims-table'], main .empty, main table")
            .await;
        sign_ins.push(pressed.elapsed());
        drop(app);
    }
    report("Start-up to the sign-in list on screen", &mut times);
    report(
        "Sign in (Argon2id, open the encrypted store) to the first screen of records",
        &mut sign_ins,
    );
}

fn report(what: &str, times: &mut [std::time::Duration]) {
    times.sort();
    println!(
        "{what}, median of 5: {:.0} ms (fastest {:.0} ms, slowest {:.0} ms)",
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[4].as_secs_f64() * 1000.0
    );
}
