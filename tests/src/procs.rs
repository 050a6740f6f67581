//! The helper processes a window test needs: a private Xvfb display and tauri-driver. Each is
//! started in its own process group and the whole group is killed on drop, so WebKitWebDriver,
//! the app and WebKit's helper processes never outlive a test, even one that panicked.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::paths::{artefacts_dir, find_on_path, tauri_driver};

/// A child process and everything it starts; killed (with its group) on drop.
pub struct ProcessGroup {
    child: Child,
    what: &'static str,
}

impl ProcessGroup {
    pub fn spawn(mut cmd: Command, what: &'static str) -> std::io::Result<Self> {
        // A new group whose id is the child's pid: one kill reaches all its descendants.
        cmd.process_group(0);
        let child = cmd.spawn()?;
        Ok(ProcessGroup { child, what })
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `Some(status)` if the process has already exited.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        // `kill -KILL -<pgid>` signals the whole group; std can only signal the leader.
        let group = format!("-{}", self.child.id());
        let killed = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        if killed.is_err() {
            eprintln!("could not stop {} (process group {group})", self.what);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A private X display, so tests never draw on (or depend on) a person's screen.
pub struct Xvfb {
    pub display: String,
    _group: ProcessGroup,
}

impl Xvfb {
    /// Starts `Xvfb :N` (the size of the app's window, so a screenshot is just the window) on the first free N from 99 to 140 and waits for its socket.
    pub fn start() -> Xvfb {
        let xvfb = find_on_path("Xvfb").unwrap_or_else(|| {
            panic!("Xvfb is not installed. Run `make deps-test` (Debian package xvfb).")
        });
        for n in 99..=140u32 {
            let socket = format!("/tmp/.X11-unix/X{n}");
            let lock = format!("/tmp/.X{n}-lock");
            // A display left behind by a test run that was killed (its server is gone) would
            // otherwise block this number for good on a shared machine.
            if lock_is_stale(&lock) {
                let _ = std::fs::remove_file(&lock);
                let _ = std::fs::remove_file(&socket);
            }
            if Path::new(&socket).exists() || Path::new(&lock).exists() {
                continue;
            }
            let mut cmd = Command::new(&xvfb);
            cmd.arg(format!(":{n}"))
                .args(["-screen", "0", "1200x800x24", "-nolisten", "tcp"])
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            let Ok(mut group) = ProcessGroup::spawn(cmd, "Xvfb") else {
                continue;
            };
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if Path::new(&socket).exists() {
                    return Xvfb {
                        display: format!(":{n}"),
                        _group: group,
                    };
                }
                if group.exited().is_some() {
                    break; // another test or program took :N first; try the next one
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("Could not start a virtual display (Xvfb) on any of :99 to :140.");
    }
}

/// tauri-driver (and the WebKitWebDriver it starts) listening on a free local port.
pub struct TauriDriver {
    pub port: u16,
    _group: ProcessGroup,
}

impl TauriDriver {
    /// Starts tauri-driver on `display` and waits until it accepts connections. Its output
    /// (including the app's stderr) goes to `tests/artefacts/<log_name>.log`. `env` is set for
    /// tauri-driver, and so for WebKitWebDriver and the app it starts (for example `LANG`).
    pub fn start(display: &str, log_name: &str, env: &[(&str, &str)]) -> TauriDriver {
        let port = free_port();
        let native_port = free_port();
        let log_path = artefacts_dir().join(format!("{log_name}.log"));
        let log = File::create(&log_path).expect("could not create the tauri-driver log");
        let log2 = log
            .try_clone()
            .expect("could not share the tauri-driver log");
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ]);
        if let Some(native) = find_on_path("WebKitWebDriver") {
            cmd.arg("--native-driver").arg(native);
        } else {
            panic!("WebKitWebDriver is not installed. Run `make deps-test` (Debian package webkit2gtk-driver).");
        }
        cmd.envs(env.iter().copied());
        cmd.env("DISPLAY", display)
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log2));
        let mut group =
            ProcessGroup::spawn(cmd, "tauri-driver").expect("could not start tauri-driver");
        // tauri-driver listens at once but forwards to WebKitWebDriver, which starts a moment
        // later: a session asked for before both listen fails with "connection refused".
        let listening = |p: u16| TcpStream::connect(("127.0.0.1", p)).is_ok();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if listening(port) && listening(native_port) {
                return TauriDriver {
                    port,
                    _group: group,
                };
            }
            if let Some(status) = group.exited() {
                panic!(
                    "tauri-driver stopped straight away ({status}); see {}",
                    log_path.display()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "tauri-driver did not start listening within 20 s; see {}",
            log_path.display()
        );
    }

    /// The id of its process group (everything it started is in it).
    pub fn process_group(&self) -> u32 {
        self._group.pid()
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

/// A local TCP port nobody is listening on right now.
pub fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("could not find a free local port")
}

/// Whether an X lock file names a process that no longer exists.
fn lock_is_stale(lock: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(lock) else {
        return false;
    };
    match text.trim().parse::<u32>() {
        Ok(pid) => !Path::new(&format!("/proc/{pid}")).exists(),
        Err(_) => false,
    }
}
