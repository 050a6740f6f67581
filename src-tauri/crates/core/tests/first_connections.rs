//! The first connections of a process, opened by several threads at once, all take their key.
//! SQLite runs SQLCipher's set-up just after marking itself initialised, so without
//! `store::open::sqlite_ready` a thread keying its first connection in that gap failed ("An
//! error occurred with PRAGMA key": 3 of 400 processes here). The gap exists only once per
//! process, so the test runs itself again as many fresh processes.

use std::process::Command;
use std::sync::{Arc, Barrier};

mod common;

use forumdesk_core::Store;

/// Set in the child processes to the folder of forums they open.
const CHILD: &str = "FORUMDESK_FIRST_CONNECTIONS_CHILD";
/// Fresh processes: enough to catch a one-in-a-hundred failure nearly every time.
const PROCESSES: usize = 400;
const THREADS: usize = 8;

#[test]
fn forums_opened_at_once_as_a_process_starts_all_open() {
    if let Some(dir) = std::env::var_os(CHILD) {
        open_forums_at_once(std::path::Path::new(&dir));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for i in 0..THREADS {
        common::new_forum(&dir.path().join(format!("forum-{i}")));
    }
    let me = std::env::current_exe().unwrap();
    let mut failed = Vec::new();
    for _ in 0..PROCESSES {
        let out = Command::new(&me)
            .args([
                "--exact",
                "forums_opened_at_once_as_a_process_starts_all_open",
                "--nocapture",
            ])
            .env(CHILD, dir.path())
            .output()
            .unwrap();
        if !out.status.success() {
            failed.push(String::from_utf8_lossy(&out.stderr).into_owned());
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {PROCESSES} processes failed; the first: {}",
        failed.len(),
        failed[0]
    );
}

/// Every thread waits for the others, then signs in to its own forum: the process's first
/// connections, keyed at the same moment.
fn open_forums_at_once(dir: &std::path::Path) {
    let start = Arc::new(Barrier::new(THREADS));
    let threads: Vec<_> = (0..THREADS)
        .map(|i| {
            let start = start.clone();
            let folder = dir.join(format!("forum-{i}"));
            std::thread::spawn(move || {
                start.wait();
                Store::sign_in_as(&folder, common::CHAIR, common::PASSPHRASE)
                    .map(drop)
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap().expect("the forum opens");
    }
}
