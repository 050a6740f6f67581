//! `make bench`, window part: Forum Desk beside a bare Tauri 2 app (bench/bare-app, one
//! static list, the same Tauri and release profile), measured the same way in the same run.
//!
//!     FORUMDESK_BIN=target/release/forumdesk cargo run --release -p forumdesk-e2e \
//!         --example startup -- DATA_DIR BARE_APP_BIN
//!
//! DATA_DIR is the 20-year forum `bench_store --keep DIR` makes. Every launch is a cold start
//! under its own Xvfb and tauri-driver. Five start-up rounds come first, each the bare app
//! and then Forum Desk; then five sign-in rounds of Forum Desk alone. Start-ups have rounds
//! of their own so that every start, of either app, follows the same light work (the other
//! app's start), never the sign-in and screen draws on the 20-year forum.
//!
//! - start-up: from starting Xvfb and tauri-driver and asking for a session (which starts the
//!   program, WebKit, the page and its scripts) to the first content on screen: the bare
//!   app's list, Forum Desk's sign-in list. Split in two: until the page starts loading
//!   (the page's `performance.timeOrigin` against the clock at launch), and the page's own
//!   loading, to DOMContentLoaded;
//! - sign-in: from pressing "Sign in" to the first screen of records (Argon2id key
//!   derivation, opening the encrypted store, the claims list);
//! - idle memory: after 3 s without input, the proportional set size (PSS, from
//!   /proc/PID/smaps_rollup) of the program and every process it started (WebKit's web and
//!   network processes), summed: for Forum Desk on its sign-in screen and again on its first
//!   screen of records;
//! - screen draws (Forum Desk only): each screen's `screen:<id>` User Timing measure, which
//!   the window records from asking for the screen to the frame that shows it (ui/js/main.js).
//!
//! Figures are printed as min–max (and the median) with the ratios to the bare app. They are
//! a guide: the machine is shared. `BENCH_ROUNDS=1` makes one round of each instead of five,
//! for a quick look while working on a screen. `BENCH_SMAPS=DIR` also keeps each process's
//! `/proc/PID/smaps` at each memory reading, to see which mappings a difference comes from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use forumdesk_e2e::app::within;
use forumdesk_e2e::bench::{CHAIR, PASSPHRASE, SCREENS};
use forumdesk_e2e::{app_binary, App};
use serde_json::Value;

/// Rounds unless `BENCH_ROUNDS` says otherwise.
const ROUNDS: usize = 5;
/// How long a window is left alone before its memory is read.
const SETTLE: Duration = Duration::from_secs(3);

#[derive(Default)]
struct Figures {
    bare: Starts,
    ours: Starts,
    sign_in: Vec<f64>,
    signed_in_pss: Vec<f64>,
    /// The signed-in memory reading split by process, as in [`Starts::parts`].
    signed_in_parts: Parts,
    screens: BTreeMap<&'static str, Vec<f64>>,
}

/// One app's cold starts, a reading per round.
#[derive(Default)]
struct Starts {
    /// Launch to the first content on screen.
    total: Vec<f64>,
    /// The same split in two (see `page_timing`): until the page starts loading, and the
    /// page's loading to DOMContentLoaded.
    before_page: Vec<f64>,
    page: Vec<f64>,
    /// Idle memory on the first screen, and split by process (the program, WebKit's web and
    /// network processes), to see which one a difference comes from.
    pss: Vec<f64>,
    parts: Parts,
}

/// Each process's PSS in MB, by the process's name, one reading per round.
type Parts = BTreeMap<String, Vec<f64>>;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(bare)) = (args.next(), args.next()) else {
        panic!("usage: startup DATA_DIR BARE_APP_BIN");
    };
    let dir = PathBuf::from(dir);
    let bare = PathBuf::from(bare);
    let forumdesk = app_binary();
    assert!(
        bare.is_file(),
        "the bare app is not built at {}",
        bare.display()
    );

    let rounds = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
        .filter(|r| *r > 0)
        .unwrap_or(ROUNDS);
    let mut f = Figures::default();
    for round in 1..=rounds {
        eprintln!("start-up round {round} of {rounds}");
        let launch = App::launch_program(&bare, Vec::new(), &[]);
        start_round(launch, "#bare-list li", &bare, "bare", &mut f.bare).await;
        let launch = App::launch_with_data_dir(&dir);
        start_round(launch, CHAIR, &forumdesk, "start", &mut f.ours).await;
    }
    for round in 1..=rounds {
        eprintln!("sign-in round {round} of {rounds}");
        signed_in_round(&forumdesk, &dir, &mut f).await;
    }

    println!("{rounds} cold starts of each, alternating, on this machine:");
    println!(
        "{:<58} {:>22} {:>22} {:>14}",
        "", "bare Tauri 2 app", "Forum Desk", "ratio (median)"
    );
    row(
        "Start-up to first content (Forum Desk: sign-in list), ms",
        &f.bare.total,
        &f.ours.total,
    );
    row(
        "  of which until the page starts loading, ms",
        &f.bare.before_page,
        &f.ours.before_page,
    );
    row(
        "  of which the page loading (to DOMContentLoaded), ms",
        &f.bare.page,
        &f.ours.page,
    );
    row(
        "Idle memory (PSS, app + WebKit), start screen, MB",
        &f.bare.pss,
        &f.ours.pss,
    );
    row(
        "Idle memory (PSS, app + WebKit), signed in, MB",
        &f.bare.pss,
        &f.signed_in_pss,
    );
    for (state, bare_parts, ours) in [
        ("start screen", &f.bare.parts, &f.ours.parts),
        ("signed in", &f.bare.parts, &f.signed_in_parts),
    ] {
        println!("  of which, {state}, MB (median):");
        for name in ours
            .keys()
            .chain(bare_parts.keys())
            .collect::<std::collections::BTreeSet<_>>()
        {
            let med = |p: &Parts| {
                p.get(name)
                    .map_or("".to_string(), |v| format!("{:.1}", median(v)))
            };
            println!("    {name:<54} {:>22} {:>22}", med(bare_parts), med(ours));
        }
    }
    println!(
        "{:<58} {:>22} {:>22}",
        "Sign in to first data (Argon2id included), ms",
        "",
        range(&f.sign_in)
    );
    println!("Targets: start screen ≤ 1.1× the bare app; sign-in to first data < 1000 ms; idle PSS ≤ 1.15× the bare app.");
    println!();
    println!("Screen drawn in the window on the 20-year forum (target < 50 ms), ms:");
    for (screen, times) in &f.screens {
        println!("  {screen:<12} {:>22}", range(times));
    }
}

/// One cold start of either app, by `launch` (which starts nothing until awaited): from
/// launching to `first` on screen, split by [`page_timing`], then its idle memory there
/// (`state` names the reading's smaps files, which bench/link_order.py reads).
async fn start_round(
    launch: impl std::future::Future<Output = App>,
    first: &str,
    binary: &Path,
    state: &str,
    into: &mut Starts,
) {
    let (started, launched) = (Instant::now(), now_ms());
    let app = launch.await;
    soon(&app, first).await;
    into.total.push(ms(started.elapsed()));
    let (before, page) = page_timing(&app, launched).await;
    into.before_page.push(before);
    into.page.push(page);
    tokio::time::sleep(SETTLE).await;
    into.pss
        .push(pss_mb(app.process_group(), binary, state, &mut into.parts));
}

/// Forum Desk started again: sign-in to the first records, its memory then, and every
/// screen's draw.
async fn signed_in_round(forumdesk: &Path, dir: &Path, f: &mut Figures) {
    let app = App::launch_with_data_dir(dir).await;
    let chair = soon(&app, CHAIR).await;
    within(chair.click()).await.unwrap().unwrap();
    let field = app.find("[data-testid='passphrase']").await;
    within(field.send_keys(PASSPHRASE)).await.unwrap().unwrap();
    let button = app.find("[data-testid='sign-in']").await;
    let pressed = Instant::now();
    within(button.click()).await.unwrap().unwrap();
    soon(
        &app,
        "#view [data-testid='claims-table'], #view table, #view .empty",
    )
    .await;
    f.sign_in.push(ms(pressed.elapsed()));
    tokio::time::sleep(SETTLE).await;
    f.signed_in_pss.push(pss_mb(
        app.process_group(),
        forumdesk,
        "signed-in",
        &mut f.signed_in_parts,
    ));

    for screen in SCREENS {
        f.screens
            .entry(screen)
            .or_default()
            .push(draw_ms(&app, screen).await);
    }
}

/// The system clock, in ms since 1970: the page's `performance.timeOrigin` is on it too.
fn now_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Start-up in two parts, from the page's Navigation Timing: from `launched` until the page
/// started loading, and the page's own loading to DOMContentLoaded (its scripts included).
async fn page_timing(app: &App, launched: f64) -> (f64, f64) {
    let timing = run_js(
        app,
        "const n = performance.getEntriesByType('navigation')[0]; \
         return [performance.timeOrigin, n ? n.domContentLoadedEventEnd : null];",
    )
    .await;
    let origin = timing[0].as_f64().unwrap_or(f64::NAN);
    let loaded = timing[1].as_f64().unwrap_or(f64::NAN);
    (origin - launched, loaded)
}

/// The element matching `css`, asked for every 10 ms (App::find waits 100 ms between tries,
/// too coarse for start-up figures), the same way for both apps.
async fn soon(app: &App, css: &str) -> fantoccini::elements::Element {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(Ok(e)) = within(app.client.find(fantoccini::Locator::Css(css))).await {
            return e;
        }
        assert!(Instant::now() < deadline, "the window never showed `{css}`");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Opens `screen` from the menu and waits for the window's `screen:<id>` measure.
async fn draw_ms(app: &App, screen: &str) -> f64 {
    let name = format!("screen:{screen}");
    run_js(
        app,
        &format!("performance.clearMeasures('{name}'); return null;"),
    )
    .await;
    let link = app.find(&format!("[data-testid='nav-{screen}']")).await;
    within(link.click()).await.unwrap().unwrap();
    let read = format!(
        "const m = performance.getEntriesByName('{name}', 'measure'); return m.length ? m[m.length - 1].duration : null;"
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Value::Number(n) = run_js(app, &read).await {
            return n.as_f64().unwrap_or(f64::NAN);
        }
        assert!(
            Instant::now() < deadline,
            "the {screen} screen never finished drawing"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs `script` in the window. Right after signing in to the 20-year forum the window can
/// be busy for longer than one WebDriver call may take, so it is asked up to six times.
async fn run_js(app: &App, script: &str) -> Value {
    for _ in 0..6 {
        if let Some(result) = within(app.client.execute(script, vec![])).await {
            return result.expect("the script failed in the window");
        }
    }
    panic!("the window did not answer for a minute");
}

/// PSS in MB of the program `binary` started in process group `group`, and of every
/// process under it (WebKit's web and network processes), summed; each process's own figure
/// is added to `parts` under its name ("the program itself" for `binary`). With
/// `BENCH_SMAPS=DIR`, each process's whole `/proc/PID/smaps` is also copied to
/// `DIR/<state>-<name>-<pid>`, to see which mappings a difference comes from.
fn pss_mb(group: u32, binary: &Path, state: &str, parts: &mut Parts) -> f64 {
    let binary = std::fs::canonicalize(binary).unwrap_or_else(|_| binary.to_path_buf());
    // pid -> (parent, group), for every process we may read.
    let mut procs: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    for entry in std::fs::read_dir("/proc")
        .expect("/proc is needed")
        .flatten()
    {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // After the command name in brackets: state, parent, group.
        let Some(rest) = stat.rsplit_once(") ").map(|(_, r)| r) else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        if let (Some(Ok(ppid)), Some(Ok(pgrp))) = (
            fields.get(1).map(|s| s.parse::<u32>()),
            fields.get(2).map(|s| s.parse::<u32>()),
        ) {
            procs.insert(pid, (ppid, pgrp));
        }
    }
    let app = procs
        .iter()
        .filter(|(_, (_, pgrp))| *pgrp == group)
        .map(|(pid, _)| *pid)
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary))
        .unwrap_or_else(|| panic!("{} is not running", binary.display()));
    let mut family = vec![app];
    let mut i = 0;
    while i < family.len() {
        let parent = family[i];
        family.extend(
            procs
                .iter()
                .filter(|(_, (ppid, _))| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    let mut kib_by_name: BTreeMap<String, u64> = BTreeMap::new();
    for pid in &family {
        let kib = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0);
        let name = if *pid == app {
            "the program itself".to_string()
        } else {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|c| c.trim().to_string())
                .unwrap_or_else(|_| "?".into())
        };
        if let Some(dir) = std::env::var_os("BENCH_SMAPS") {
            let to = Path::new(&dir).join(format!("{state}-{}-{pid}", name.replace(' ', "-")));
            let _ = std::fs::create_dir_all(&dir);
            let _ = std::fs::copy(format!("/proc/{pid}/smaps"), to);
        }
        *kib_by_name.entry(name).or_default() += kib;
    }
    for (name, kib) in &kib_by_name {
        parts
            .entry(name.clone())
            .or_default()
            .push(*kib as f64 * 1024.0 / 1e6);
    }
    kib_by_name.values().sum::<u64>() as f64 * 1024.0 / 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(values: &[f64]) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// "min–max (median m)".
fn range(values: &[f64]) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let digits = if max < 100.0 { 1 } else { 0 };
    format!(
        "{min:.digits$}–{max:.digits$} (med {:.digits$})",
        median(values)
    )
}

fn row(what: &str, bare: &[f64], ours: &[f64]) {
    let min_ratio = ours.iter().copied().fold(f64::INFINITY, f64::min)
        / bare.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "{what:<58} {:>22} {:>22} {:>6.2}× (min {:.2}×)",
        range(bare),
        range(ours),
        median(ours) / median(bare),
        min_ratio
    );
}
