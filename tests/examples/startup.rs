//! `make bench`, window part: time from asking for the window to the first data on screen
//! (the "Who is using Forum Desk?" list, read from the database), on a given data folder.
//!
//!     FORUMDESK_BIN=target/release/forumdesk cargo run --release -p forumdesk-e2e --example startup -- DIR
//!
//! The clock starts when the WebDriver session is requested: tauri-driver then starts the
//! program, so the figure includes process start, WebKit start, page load, the first IPC
//! calls and the first paint of the list. It is the median of five cold starts.

use std::time::Instant;

use forumdesk_e2e::App;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let dir = std::env::args().nth(1).expect("usage: startup DATA_DIR");
    let dir = std::path::PathBuf::from(dir);
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let app = App::launch_with_data_dir(&dir).await;
        app.find("[data-testid^='person-']").await;
        times.push(started.elapsed());
        drop(app);
    }
    times.sort();
    println!(
        "Start-up to first data on screen (people list), median of 5: {:.0} ms (fastest {:.0} ms, slowest {:.0} ms)",
        times[2].as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[4].as_secs_f64() * 1000.0
    );
}
