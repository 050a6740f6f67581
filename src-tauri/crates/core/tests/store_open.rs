//! Opening the data folder: a new folder becomes an encrypted forum, a forum reopens with its
//! data once somebody signs in, and anything else (not a database, somebody else's database,
//! a newer version, a damaged file) is refused without a single byte of it changing.

mod common;

use std::path::{Path, PathBuf};

use common::{new_forum, PASSPHRASE};
use forumdesk_core::model::{MemberFilter, SetupInput};
use forumdesk_core::{db_path, open_connection, schema_version, DB_FILE};
use forumdesk_core::{CoreError, FolderState, KdfParams, Store};
use rusqlite::Connection;

fn user_version(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// Every file's bytes in a folder, so a refusal can be shown to have touched nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    out.sort();
    out
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
fn a_new_folder_becomes_an_encrypted_forum_at_the_current_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("Forum Desk data");
    assert_eq!(
        Store::sign_in_options(&dir).unwrap().state,
        FolderState::New
    );
    let (store, recovery) = new_forum(&dir);
    assert!(db_path(&dir).exists());
    assert_eq!(db_path(&dir), dir.join(DB_FILE));
    assert_eq!(user_version(store.connection()), schema_version());
    assert!(schema_version() >= 4);
    assert!(!store.setup_needed().unwrap());
    assert!(store.is_officer(), "the person who sets up is the chair");
    assert_eq!(recovery.recovery_key.len(), 32, "{}", recovery.recovery_key);
    // Nothing in the folder is readable without a key: not the forum's name, not the
    // chair's, and the database does not even look like SQLite.
    for (path, bytes) in snapshot(&dir) {
        for needle in ["Testshire", "Chris Chair", "SQLite format 3"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
                    || path.ends_with("signing-cert.pem") && needle == "Testshire",
                "{} contains {needle:?}",
                path.display()
            );
        }
    }
    let options = Store::sign_in_options(&dir).unwrap();
    assert_eq!(options.state, FolderState::Ready);
    assert_eq!(options.people.len(), 1);
    assert_eq!(options.people[0].label, "Chris");
}

#[cfg(unix)]
#[test]
fn the_folder_and_every_file_in_it_are_private_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (store, _) = new_forum(&dir);
    store.backup_job().unwrap().run().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let mut files = 0;
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                assert_eq!(mode(&p), 0o700, "{}", p.display());
                stack.push(p);
            } else {
                assert_eq!(mode(&p), 0o600, "{}", p.display());
                files += 1;
            }
        }
    }
    assert!(
        files >= 4,
        "database, sign-in file, certificate and a backup"
    );
}

#[test]
fn wal_mode_foreign_keys_and_secure_delete_are_on() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = new_forum(tmp.path());
    let conn = store.connection();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");
    let fk: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let sd: i64 = conn
        .query_row("PRAGMA secure_delete", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sd, 1);
    // And they really bite: a claim for a member who does not exist is refused.
    assert!(conn
        .execute(
            "INSERT INTO claims (rep_id, funder_id, month) VALUES (999, 999, '2026-07')",
            []
        )
        .is_err());
}

#[test]
fn signing_in_again_opens_the_same_data() {
    let tmp = tempfile::tempdir().unwrap();
    let chair = {
        let (store, _) = new_forum(tmp.path());
        store.actor().unwrap()
    };
    let options = Store::sign_in_options(tmp.path()).unwrap();
    let store = Store::sign_in(tmp.path(), &options.people[0].slot_id, PASSPHRASE).unwrap();
    assert_eq!(store.actor(), Some(chair));
    assert_eq!(
        store.forum_get().unwrap().name,
        "Testshire Parent Carer Forum"
    );
    let members = store.members_list(&MemberFilter::default()).unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(user_version(store.connection()), schema_version());
    assert_eq!(store.policies_list().unwrap().len(), 1);
}

#[test]
fn set_up_refuses_weak_passphrases_and_bad_emails_beside_their_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let input = |passphrase: &str, email: &str| SetupInput {
        forum_name: "Testshire Parent Carer Forum".into(),
        your_name: "Chris Chair".into(),
        your_email: email.into(),
        passphrase: passphrase.into(),
    };
    let e = Store::create(
        tmp.path(),
        &input("password1", ""),
        KdfParams::CHEAP_FOR_TESTS,
    )
    .err()
    .unwrap();
    assert_eq!(e.field(), Some("passphrase"), "{e}");
    let e = Store::create(
        tmp.path(),
        &input(PASSPHRASE, "not an email"),
        KdfParams::CHEAP_FOR_TESTS,
    )
    .err()
    .unwrap();
    assert_eq!(e.field(), Some("your_email"), "{e}");
    // Nothing was made by the refusals.
    assert_eq!(
        Store::sign_in_options(tmp.path()).unwrap().state,
        FolderState::New
    );
}

#[test]
fn random_bytes_are_not_a_forum_and_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(db_path(tmp.path()), noise(64 * 1024, 7)).unwrap();
    let before = snapshot(tmp.path());
    assert_eq!(
        code_of(Store::sign_in_options(tmp.path())),
        "not_a_database"
    );
    assert_eq!(
        code_of(open_connection(&db_path(tmp.path()), None)),
        "not_a_database"
    );
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn a_damaged_forum_says_so_names_the_newest_backup_and_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let slot = {
        let (store, _) = new_forum(tmp.path());
        store.backup_job().unwrap().run().unwrap();
        Store::sign_in_options(tmp.path()).unwrap().people[0]
            .slot_id
            .clone()
    };
    // Scribble over the middle of the encrypted database (its first page included).
    let path = db_path(tmp.path());
    let mut bytes = std::fs::read(&path).unwrap();
    for b in bytes.iter_mut().take(3000).skip(100) {
        *b ^= 0x5a;
    }
    std::fs::write(&path, &bytes).unwrap();
    let before = snapshot(tmp.path());
    let err = Store::sign_in(tmp.path(), &slot, PASSPHRASE).err().unwrap();
    assert_eq!(err.code().as_str(), "not_a_database");
    let text = err.to_string();
    assert!(text.contains("damaged"), "{text}");
    assert!(
        text.contains(".fdbackup"),
        "the newest backup is named: {text}"
    );
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn a_newer_version_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let newer = schema_version() + 1;
    let slot = {
        let (store, _) = new_forum(tmp.path());
        store
            .connection()
            .execute_batch(&format!(
                "PRAGMA user_version = {newer}; PRAGMA wal_checkpoint(TRUNCATE);"
            ))
            .unwrap();
        Store::sign_in_options(tmp.path()).unwrap().people[0]
            .slot_id
            .clone()
    };
    let before = snapshot(tmp.path());
    let err = Store::sign_in(tmp.path(), &slot, PASSPHRASE).err().unwrap();
    match &err {
        CoreError::TooNew { found, supported } => {
            assert_eq!((*found, *supported), (newer, schema_version()))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(snapshot(tmp.path()), before);
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
    }
    let before = snapshot(tmp.path());
    // It looks like a forum from before encryption, but it has none of our tables: the
    // upgrade finds nobody to offer it to, and opening it is refused.
    let options = Store::sign_in_options(tmp.path());
    assert!(
        options.is_err() || options.as_ref().unwrap().upgraders.is_empty(),
        "{options:?}"
    );
    assert_eq!(
        code_of(open_connection(&db_path(tmp.path()), None)),
        "not_a_database"
    );
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn a_damaged_sign_in_file_is_refused_plainly() {
    let tmp = tempfile::tempdir().unwrap();
    new_forum(tmp.path());
    std::fs::write(tmp.path().join("sign-in.json"), b"{ not json").unwrap();
    let before = snapshot(tmp.path());
    assert_eq!(
        code_of(Store::sign_in_options(tmp.path())),
        "not_a_database"
    );
    assert_eq!(snapshot(tmp.path()), before);
}
