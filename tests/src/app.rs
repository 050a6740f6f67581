//! [`App`]: the real Forum Desk window under a private Xvfb display, driven through
//! tauri-driver with a keep-alive WebDriver client (fantoccini). Dropping it kills the app,
//! the drivers and the display, and removes the temporary data folder. Every WebDriver call
//! made through the helpers has a time limit, so a hung driver fails a test, not the run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;
use tokio::sync::{Mutex, MutexGuard};

use crate::paths::{app_binary, artefacts_dir};
use crate::procs::{TauriDriver, Xvfb};

/// One window at a time: the machine has 2 cores, and WebKit is heavy. An async mutex: the
/// guard is held while the test awaits the window, and a panicking test cannot poison it.
static ONE_WINDOW_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// How long the window may take to open.
pub const SESSION_TIMEOUT: Duration = Duration::from_secs(60);

/// How long to wait for the page to show something before failing the test.
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(20);

/// A running Forum Desk window. Fields drop in order: the session, then the processes, then
/// the display, then the data folder (after the app that uses it is gone).
pub struct App {
    pub client: Client,
    /// The data folder the app was started with.
    pub data_dir: PathBuf,
    /// The X display the window is on, e.g. `:99`.
    pub display: String,
    _driver: TauriDriver,
    _xvfb: Xvfb,
    _temp: Option<TempDir>,
    _one_at_a_time: MutexGuard<'static, ()>,
}

impl App {
    /// Opens the window with a fresh, empty temporary data folder.
    pub async fn launch() -> App {
        let temp = tempfile::Builder::new()
            .prefix("forumdesk-e2e-")
            .tempdir()
            .expect("could not create a temporary data folder");
        let dir = temp.path().to_path_buf();
        let mut app = App::launch_with_data_dir(&dir).await;
        app._temp = Some(temp);
        app
    }

    /// Opens the window on a data folder the test has prepared (for example with
    /// [`crate::run_cli`], or with a damaged database). The caller keeps the folder alive.
    pub async fn launch_with_data_dir(data_dir: &Path) -> App {
        App::launch_with_env(data_dir, &[]).await
    }

    /// Like [`App::launch_with_data_dir`], with extra environment variables for the app (and
    /// the drivers that start it): for example `LANG` and `LC_ALL`, to run the window under a
    /// given locale.
    pub async fn launch_with_env(data_dir: &Path, env: &[(&str, &str)]) -> App {
        let args = vec!["--data-dir".to_string(), data_dir.display().to_string()];
        let mut app = App::launch_program(&app_binary(), args, env).await;
        app.data_dir = data_dir.to_path_buf();
        app
    }

    /// Opens another Tauri program's window the same way (the bench's bare Tauri app):
    /// `binary` with `args`, under its own Xvfb and tauri-driver.
    pub async fn launch_program(binary: &Path, args: Vec<String>, env: &[(&str, &str)]) -> App {
        let guard = ONE_WINDOW_AT_A_TIME.lock().await;
        let xvfb = Xvfb::start();
        // The log is named after the test (libtest names each test's thread after it), so a
        // failing test's log is not overwritten by the next window test.
        let log_name = std::thread::current()
            .name()
            .map(safe_name)
            .unwrap_or_else(|| "app".into());
        let driver = TauriDriver::start(&xvfb.display, &log_name, env);

        // The data folder goes as an argument. The environment would reach the app too
        // (tauri-driver turns automation on that way), but an argument is explicit and shows
        // in `ps` and in the logs.
        let caps = json!({
            "tauri:options": {
                "application": binary.display().to_string(),
                "args": args,
            }
        });
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("capabilities are a JSON object"),
        };
        let client = open_session(&driver.url(), caps).await;
        App {
            client,
            data_dir: PathBuf::new(),
            display: xvfb.display.clone(),
            _driver: driver,
            _xvfb: xvfb,
            _temp: None,
            _one_at_a_time: guard,
        }
    }

    /// The process group of tauri-driver, which holds WebKitWebDriver, the app and the
    /// app's WebKit processes (for the bench's memory figures).
    pub fn process_group(&self) -> u32 {
        self._driver.process_group()
    }

    /// The element matching `css`, waiting for it to exist.
    pub async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + PAGE_TIMEOUT;
        loop {
            if let Some(Ok(e)) = within(self.client.find(Locator::Css(css))).await {
                return e;
            }
            if Instant::now() > deadline {
                self.save_screenshot("timeout");
                panic!("The page never showed `{css}` (screenshot: tests/artefacts/timeout.png)");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until the element matching `css` is shown and has some text, and returns it.
    /// Read list items one by one: WebKit runs a list's items together in its text.
    pub async fn wait_for_text(&self, css: &str) -> String {
        let deadline = Instant::now() + PAGE_TIMEOUT;
        loop {
            if let Some(Ok(e)) = within(self.client.find(Locator::Css(css))).await {
                if let Some(Ok(true)) = within(e.is_displayed()).await {
                    if let Some(Ok(text)) = within(e.text()).await {
                        if !text.trim().is_empty() {
                            return text;
                        }
                    }
                }
            }
            if Instant::now() > deadline {
                self.save_screenshot("timeout");
                panic!("The page never showed any text in `{css}` (screenshot: tests/artefacts/timeout.png)");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs axe-core (vendored in tests/vendor/axe-core) on the page as it is now, for the
    /// WCAG 2.0, 2.1 and 2.2 A and AA rules, and returns one line per violation:
    /// "rule (impact): what is wrong, at: selectors". Empty when axe finds nothing.
    pub async fn axe(&self, what: &str) -> Vec<String> {
        let loaded = within(
            self.client
                .execute("return typeof window.axe !== 'undefined';", vec![]),
        )
        .await
        .expect("the window did not answer")
        .unwrap();
        if loaded != serde_json::Value::Bool(true) {
            let source = std::fs::read_to_string(
                crate::paths::workspace_root().join("tests/vendor/axe-core/axe.min.js"),
            )
            .expect("tests/vendor/axe-core/axe.min.js is missing");
            within(self.client.execute(&source, vec![]))
                .await
                .expect("the window did not answer")
                .unwrap();
        }
        let script = "const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
              .then((r) => done(r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}, at: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`)))
              .catch((e) => done([`axe failed: ${e}`]));";
        let result = tokio::time::timeout(
            Duration::from_secs(60),
            self.client.execute_async(script, vec![]),
        )
        .await
        .unwrap_or_else(|_| panic!("axe did not finish on {what}"))
        .unwrap();
        result
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| format!("{what}: {}", v.as_str().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The value of attribute `name` on the element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        let e = self.find(css).await;
        within(e.attr(name)).await.and_then(Result::ok).flatten()
    }

    /// Saves a picture of the virtual display (the window fills it) as
    /// `tests/artefacts/<name>.png` and returns its path. Uses ImageMagick's `import`:
    /// WebKitWebDriver's own screenshot command hangs under Xvfb.
    pub fn save_screenshot(&self, name: &str) -> PathBuf {
        let path = artefacts_dir().join(format!("{}.png", safe_name(name)));
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(&path)
            .status();
        assert!(
            matches!(status, Ok(s) if s.success()),
            "Could not take a screenshot of the display with `import` (Debian package imagemagick)."
        );
        path
    }
}

/// How long one WebDriver call may take. A call that hangs (WebKitWebDriver can) fails the
/// wait instead of the whole test run.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Asks tauri-driver for a session (which starts the app). Tries again a couple of times
/// when the request itself fails, as a driver that has only just started may drop one.
async fn open_session(url: &str, caps: serde_json::Map<String, serde_json::Value>) -> Client {
    let mut builder = ClientBuilder::new(HttpConnector::new());
    builder.capabilities(caps);
    let mut last_error = String::new();
    for attempt in 0..3 {
        if attempt > 0 {
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        match tokio::time::timeout(SESSION_TIMEOUT, builder.connect(url)).await {
            Ok(Ok(client)) => return client,
            Ok(Err(e)) => last_error = e.to_string(),
            Err(_) => panic!(
                "The Forum Desk window did not open within {SESSION_TIMEOUT:?}. See the .log file in tests/artefacts"
            ),
        }
    }
    panic!("Could not open the Forum Desk window through tauri-driver: {last_error}. See the .log file in tests/artefacts")
}

/// `None` if `call` took longer than [`CALL_TIMEOUT`].
pub async fn within<T>(call: impl std::future::Future<Output = T>) -> Option<T> {
    tokio::time::timeout(CALL_TIMEOUT, call).await.ok()
}

/// Keeps artefact names to letters, digits, `-` and `_`.
fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
