//! Backups: taken while the forum is open, checked, kept by rotation, restored all or
//! nothing (never bringing back what was erased since), and restored onto a new computer
//! with the recovery key. And erasure: no trace of an erased member is left in the database
//! file or its journal, free pages included, which is proved by decrypting every page.

mod common;

use std::path::Path;

use common::{new_forum, PASSPHRASE};
use forumdesk_core::model::{ChildInput, ClaimFilter, MemberFilter, MemberInput};
use forumdesk_core::{db_path, Clock, Store};

fn member(store: &mut Store, name: &str, postcode: &str) -> i64 {
    store
        .member_save(&MemberInput {
            name: name.into(),
            postcode: postcode.into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn names(store: &Store) -> Vec<String> {
    let mut n: Vec<String> = store
        .members_list(&MemberFilter::default())
        .unwrap()
        .into_iter()
        .map(|m| m.name)
        .collect();
    n.sort();
    n
}

fn sign_in_chair(dir: &Path) -> Store {
    Store::sign_in_as(dir, "", PASSPHRASE).unwrap()
}

#[test]
fn a_backup_taken_while_open_restores_the_forum_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_forum(dir.path());
    member(&mut store, "Amara Okafor", "BN21 3QE");
    let backup = store.backup_job().unwrap().run().unwrap();
    assert!(backup.size_bytes > 0);
    assert!(
        backup.latest_change.contains("added a member"),
        "{backup:?}"
    );
    assert!(!store.backup_due().unwrap(), "nothing changed since");
    member(&mut store, "Gareth Price", "BN9 0DH");
    assert!(store.backup_due().unwrap());
    let overview = store.backups_overview().unwrap();
    assert_eq!(overview.backups.len(), 1);
    assert_eq!(overview.total_bytes, backup.size_bytes);
    assert!(overview.changes_since_backup);

    let before = store.backup_restore(Path::new(&backup.path)).unwrap();
    assert_eq!(names(&store), vec!["Amara Okafor", "Chris Chair"]);
    // The state before the restore was backed up first, so the restore can be undone.
    store.backup_restore(Path::new(&before.path)).unwrap();
    assert_eq!(
        names(&store),
        vec!["Amara Okafor", "Chris Chair", "Gareth Price"]
    );
}

#[test]
fn a_restore_never_brings_back_what_was_erased_since() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_forum(dir.path());
    let amara = member(&mut store, "Amara Okafor", "BN21 3QE");
    let backup = store.backup_job().unwrap().run().unwrap();
    store.set_clock(Clock::Fixed(
        chrono::Local::now().naive_local() + chrono::Duration::minutes(5),
    ));
    store.member_erase(amara, "Amara Okafor").unwrap();
    store.backup_restore(Path::new(&backup.path)).unwrap();
    assert_eq!(names(&store), vec!["Chris Chair", "Former member M-00002"]);
}

#[test]
fn a_backup_copied_to_another_folder_restores_on_a_new_computer_with_the_recovery_key() {
    let tmp = tempfile::tempdir().unwrap();
    let laptop = tmp.path().join("laptop");
    let stick = tmp.path().join("usb stick");
    std::fs::create_dir(&stick).unwrap();
    let (mut store, recovery) = new_forum(&laptop);
    member(&mut store, "Łukasz Nowak", "TN34 1LX");
    let copied = store.backup_copy_to(&stick).unwrap();
    assert!(copied.starts_with(&stick));
    let overview = store.backups_overview().unwrap();
    assert!(overview.last_copied_off_at.is_some());
    assert!(!overview.copy_off_overdue);
    let before_names = names(&store);
    let before_claims = store.claims_list(&ClaimFilter::default()).unwrap();
    drop(store);

    let new_laptop = tmp.path().join("new laptop");
    let restored =
        Store::restore_new_forum(&new_laptop, &copied, "", &recovery.recovery_key, true).unwrap();
    assert!(restored.is_officer());
    assert_eq!(names(&restored), before_names);
    assert_eq!(
        restored.claims_list(&ClaimFilter::default()).unwrap(),
        before_claims
    );
    drop(restored);
    // And the chair's own passphrase opens it there too, like any sign-in.
    let again = sign_in_chair(&new_laptop);
    assert_eq!(names(&again), before_names);
    assert!(new_laptop.join("signing-cert.pem").exists());
}

#[test]
fn a_wrong_key_restores_nothing_and_leaves_the_new_folder_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let (store, _) = new_forum(&tmp.path().join("laptop"));
    let b = store.backup_job().unwrap().run().unwrap();
    let fresh = tmp.path().join("fresh");
    let e = Store::restore_new_forum(
        &fresh,
        Path::new(&b.path),
        "",
        "0000-0000-0000-0000-0000-0000-00",
        true,
    )
    .err()
    .unwrap();
    assert_eq!(e.code().as_str(), "sign_in");
    let left: Vec<_> = std::fs::read_dir(&fresh)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_backup_of_another_forum_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut a, _) = new_forum(&tmp.path().join("a"));
    let (b, _) = new_forum(&tmp.path().join("b"));
    let other = b.backup_job().unwrap().run().unwrap();
    let e = a.backup_restore(Path::new(&other.path)).err().unwrap();
    assert_eq!(e.field(), Some("file"), "{e}");
}

/// SQLCipher 4 with a raw key: each 4096-byte page is AES-256-CBC encrypted with the key
/// itself, its IV in the 80-byte reserve at the end of the page (page 1 starts with a
/// 16-byte salt). Decrypting every page lets the test read what the file really holds,
/// free pages included.
fn decrypt_pages(file: &[u8], key: &[u8; 32]) -> Vec<u8> {
    use aes::cipher::{BlockDecryptMut, KeyIvInit};
    type Dec = cbc::Decryptor<aes::Aes256>;
    const PAGE: usize = 4096;
    const RESERVE: usize = 80;
    let mut out = Vec::with_capacity(file.len());
    for (n, page) in file.chunks(PAGE).enumerate() {
        if page.len() < PAGE {
            break;
        }
        let start = if n == 0 { 16 } else { 0 };
        let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
        let mut data = page[start..PAGE - RESERVE].to_vec();
        Dec::new(key.into(), iv.into())
            .decrypt_padded_mut::<aes::cipher::block_padding::NoPadding>(&mut data)
            .unwrap();
        out.extend(data);
    }
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The database key, which anyone with a passphrase can get from the sign-in file.
fn db_key(store: &Store) -> [u8; 32] {
    forumdesk_core::testing_db_key(store)
}

#[test]
fn erasing_a_member_leaves_none_of_their_text_in_the_file_or_its_journal() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _) = new_forum(dir.path());
    let id = member(&mut store, "Zebedee Quartermaine", "ZZ9 9ZZ");
    store.member_set_children_consent(id, true).unwrap();
    store
        .child_save(&ChildInput {
            member_id: id,
            name: "Xanthippe".into(),
            needs: "Needs-marker-7731 for the test".into(),
            ..Default::default()
        })
        .unwrap();
    let key = db_key(&store);
    let wal = Path::new(&format!("{}-wal", db_path(dir.path()).display())).to_path_buf();
    let read_all = |dir: &Path| {
        let mut all = std::fs::read(db_path(dir)).unwrap();
        all.extend(std::fs::read(&wal).unwrap_or_default());
        all
    };
    // The encrypted file shows nothing in clear...
    let raw = read_all(dir.path());
    assert!(!contains(&raw, "Zebedee"));
    // ...and the decryption here is real: before erasure, the pages hold the name.
    store
        .connection()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let plain = decrypt_pages(&std::fs::read(db_path(dir.path())).unwrap(), &key);
    assert!(
        contains(&plain, "Zebedee Quartermaine"),
        "the check must be able to see the name"
    );
    assert!(contains(&plain, "Needs-marker-7731"));

    store.member_erase(id, "Zebedee Quartermaine").unwrap();
    let after_file = std::fs::read(db_path(dir.path())).unwrap();
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_len, 0, "the journal is emptied");
    let plain = decrypt_pages(&after_file, &key);
    for needle in [
        "Zebedee",
        "Quartermaine",
        "ZZ9 9ZZ",
        "Xanthippe",
        "Needs-marker-7731",
    ] {
        assert!(!contains(&plain, needle), "{needle} is still in the file");
    }
    // And the forum still works.
    assert!(names(&store).contains(&"Former member M-00002".to_string()));
}
