//! Opening the data folder: a fresh folder is set up, a Forum Desk database reopens with its
//! data, and anything else (not a database, somebody else's database, a newer version) is
//! refused without a single byte of it changing.

use std::path::{Path, PathBuf};

use forumdesk_core::model::{MemberFilter, SetupInput};
use forumdesk_core::{db_path, open_connection, schema_version, DB_FILE};
use forumdesk_core::{Clock, CoreError, Store};
use rusqlite::Connection;

fn today() -> Clock {
    Clock::at(chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap())
}

fn user_version(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// A file's bytes, and the folder's listing, so a refusal can be shown to have touched nothing.
fn snapshot(dir: &Path) -> (Vec<u8>, Vec<PathBuf>) {
    let bytes = std::fs::read(db_path(dir)).unwrap();
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    (bytes, names)
}

fn code_of<T>(r: Result<T, CoreError>) -> String {
    match r {
        Ok(_) => "ok".into(),
        Err(e) => e.code().as_str().into(),
    }
}

/// Deterministic noise.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u8
        })
        .collect()
}

#[test]
fn a_fresh_folder_gets_a_database_at_the_current_schema_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Forum Desk data");
    let store = Store::open(&dir).unwrap();
    assert!(db_path(&dir).exists());
    assert_eq!(db_path(&dir), dir.join(DB_FILE));
    assert_eq!(user_version(store.connection()), schema_version());
    assert!(schema_version() >= 1);
    assert!(store.setup_needed().unwrap());
    assert_eq!(store.data_dir(), Some(dir.as_path()));
}

#[test]
fn wal_mode_and_foreign_keys_are_on() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let conn = store.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    // And they really bite: a claim for a member who does not exist is refused.
    assert!(conn
        .execute(
            "INSERT INTO claims (rep_id, funder_id, month) VALUES (999, 999, '2026-07')",
            []
        )
        .is_err());
    // The same holds for a connection opened directly.
    let direct = open_connection(&tmp.path().join("other.sqlite3")).unwrap();
    let fk: i64 = direct
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let mode: String = direct
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
}

#[test]
fn reopening_keeps_the_data() {
    let tmp = tempfile::tempdir().unwrap();
    let chair = {
        let mut store = Store::open(tmp.path()).unwrap();
        store.set_clock(today());
        store
            .setup_forum(&SetupInput {
                forum_name: "Testshire PCF".into(),
                your_name: "Chris Chair".into(),
                your_email: String::new(),
            })
            .unwrap()
            .id
    };
    let store = Store::open(tmp.path()).unwrap();
    assert!(!store.setup_needed().unwrap());
    assert_eq!(store.forum_get().unwrap().name, "Testshire PCF");
    let members = store.members_list(&MemberFilter::default()).unwrap();
    assert_eq!(
        members
            .iter()
            .map(|m| (m.id, m.name.as_str()))
            .collect::<Vec<_>>(),
        vec![(chair, "Chris Chair")]
    );
    assert_eq!(user_version(store.connection()), schema_version());
    assert_eq!(store.policies_list().unwrap().len(), 1);
}

#[test]
fn random_bytes_are_not_a_database_and_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(db_path(tmp.path()), noise(64 * 1024, 7)).unwrap();
    let before = snapshot(tmp.path());
    assert_eq!(code_of(Store::open(tmp.path())), "not_a_database");
    assert_eq!(
        code_of(open_connection(&db_path(tmp.path()))),
        "not_a_database"
    );
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn a_text_file_is_not_a_database_and_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    for text in [
        "hello\n",
        "name,email\nAlice,alice@example.org\nBob,bob@example.org\nCarol,carol@example.org\n",
    ] {
        std::fs::write(db_path(tmp.path()), text).unwrap();
        let before = snapshot(tmp.path());
        let err = Store::open(tmp.path())
            .err()
            .expect("a text file must be refused");
        assert_eq!(err.code().as_str(), "not_a_database");
        assert!(err.to_string().contains("has not been changed"), "{err}");
        assert_eq!(snapshot(tmp.path()), before);
    }
}

#[test]
fn a_damaged_database_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(noise(8 * 1024, 11));
    std::fs::write(db_path(tmp.path()), &bytes).unwrap();
    let before = snapshot(tmp.path());
    assert_eq!(code_of(Store::open(tmp.path())), "not_a_database");
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(tmp.path()).unwrap();
        store.set_clock(today());
        store
            .setup_forum(&SetupInput {
                forum_name: "Testshire PCF".into(),
                your_name: "Chris Chair".into(),
                your_email: String::new(),
            })
            .unwrap();
    }
    let newer = schema_version() + 5;
    {
        let conn = Connection::open(db_path(tmp.path())).unwrap();
        conn.pragma_update(None, "user_version", newer).unwrap();
        conn.execute("CREATE TABLE from_the_future (id INTEGER PRIMARY KEY)", [])
            .unwrap();
    }
    let before = snapshot(tmp.path());
    let err = Store::open(tmp.path())
        .err()
        .expect("a newer database must be refused");
    assert_eq!(err.code().as_str(), "too_new");
    match &err {
        CoreError::TooNew { found, supported } => {
            assert_eq!((*found, *supported), (newer, schema_version()))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(code_of(open_connection(&db_path(tmp.path()))), "too_new");
    assert_eq!(snapshot(tmp.path()), before);
    let conn = Connection::open(db_path(tmp.path())).unwrap();
    assert_eq!(user_version(&conn), newer);
}

#[test]
fn somebody_elses_sqlite_database_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(db_path(tmp.path())).unwrap();
        conn.execute_batch(
            "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
             INSERT INTO recipes (title) VALUES ('Flapjack'), ('Scones');",
        )
        .unwrap();
        assert_eq!(user_version(&conn), 0);
    }
    let before = snapshot(tmp.path());
    assert_eq!(code_of(Store::open(tmp.path())), "not_a_database");
    assert_eq!(
        code_of(open_connection(&db_path(tmp.path()))),
        "not_a_database"
    );
    assert_eq!(snapshot(tmp.path()), before);
    let conn = Connection::open(db_path(tmp.path())).unwrap();
    assert_eq!(user_version(&conn), 0);
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn somebody_elses_database_with_a_user_version_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(db_path(tmp.path())).unwrap();
        conn.execute_batch("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT NOT NULL); PRAGMA user_version = 1;").unwrap();
    }
    let before = snapshot(tmp.path());
    assert_eq!(code_of(Store::open(tmp.path())), "not_a_database");
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn an_empty_file_is_set_up_as_a_new_database() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(db_path(tmp.path()), b"").unwrap();
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(user_version(store.connection()), schema_version());
}
