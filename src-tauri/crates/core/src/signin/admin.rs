//! Who may sign in, managed by the officers: giving somebody a sign-in (with a one-time code
//! they replace with their own passphrase), setting a new one-time code for somebody who
//! forgot theirs, and removing a sign-in, which re-keys the store so a copy of the old
//! sign-in file no longer opens it.

use rusqlite::params;

use super::crypto;
use super::flows::next_path;
use super::model::{OneTimeCode, SignInPerson};
use super::slots::{hex, slots_path, SlotsFile};
use crate::store::{open, private_file, CoreError, Result, Store};

impl Store {
    /// Everybody who may sign in, for Settings.
    pub fn sign_in_people(&self) -> Result<Vec<SignInPerson>> {
        self.require_officer("see who can sign in")?;
        let mut stmt = self.conn.prepare(
            "SELECT s.person_id, m.name, m.known_as, s.officer, s.one_time, s.last_sign_in_at,
                    CASE WHEN b.erased_on IS NULL THEN b.name ELSE b.anon_ref END, s.set_at
             FROM sign_in_slots s JOIN members m ON m.id = s.person_id
             LEFT JOIN members b ON b.id = s.set_by
             WHERE s.kind = 'person' ORDER BY s.officer DESC, m.name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            let name: String = r.get(1)?;
            let known: String = r.get(2)?;
            Ok(SignInPerson {
                person_id: r.get(0)?,
                label: crate::forum::people::label_of(&name, &known),
                name,
                officer: r.get(3)?,
                one_time: r.get(4)?,
                last_sign_in_at: r.get(5)?,
                set_by_name: r.get(6)?,
                set_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Gives `person` a sign-in, opened at first with a one-time code (shown once) that they
    /// replace with their own passphrase. For an officer, this is also how they get the
    /// forum's signing key.
    pub fn sign_in_grant(&mut self, person: i64) -> Result<OneTimeCode> {
        self.require_officer("give somebody a sign-in")?;
        crate::reps::records::rep(&self.conn, person).map_err(|_| {
            CoreError::invalid(
                "person_id",
                "Only a representative, chair or treasurer can be given a sign-in. Give them a role first.",
            )
        })?;
        let has: bool = self.conn.query_row(
            "SELECT count(*) FROM sign_in_slots WHERE person_id = ?1 AND kind = 'person'",
            [person],
            |r| r.get(0),
        )?;
        if has {
            return Err(CoreError::invalid(
                "person_id",
                "They can already sign in. To give them a new one-time code, use \"Reset their passphrase\".",
            ));
        }
        self.one_time_code_for(person, "gave a sign-in")
    }

    /// Somebody forgot their passphrase: a new one-time code, which can only be used to
    /// choose a new passphrase. Logged, and shown to them when they next sign in.
    pub fn sign_in_reset(&mut self, person: i64) -> Result<OneTimeCode> {
        self.require_officer("reset somebody's passphrase")?;
        if self.actor() == Some(person) {
            return Err(CoreError::invalid(
                "person_id",
                "To change your own passphrase, use \"Change my passphrase\".",
            ));
        }
        self.one_time_code_for(person, "set a one-time passphrase")
    }

    fn one_time_code_for(&mut self, person: i64, action: &str) -> Result<OneTimeCode> {
        let code = super::codes::new_one_time_code();
        let me = self.require_actor()?;
        self.replace_person_slot(person, &code, true, Some(me))?;
        let name = crate::forum::people::display_name(&self.conn, person)?;
        // The log names the person by id (the Activity screen shows who), never by typed
        // text an erasure would have to find.
        self.write(|tx| tx.audit(action, "person", Some(person), ""))?;
        Ok(OneTimeCode {
            person_id: person,
            name,
            code: code.to_string(),
        })
    }

    /// Takes away somebody's sign-in and re-keys the store. The chair and treasurer always
    /// keep theirs: take away the role first.
    pub fn sign_in_remove(&mut self, person: i64) -> Result<()> {
        self.require_officer("take away somebody's sign-in")?;
        if crate::forum::people::has_officer_role(&self.conn, person)? {
            return Err(CoreError::invalid(
                "person_id",
                "The chair and the treasurer always keep their sign-in. Give the role to someone else first.",
            ));
        }
        self.remove_sign_in(person, "took away a sign-in")
    }

    /// Removes `person`'s slot (if they have one) and re-keys. Also used when somebody loses
    /// an officer's role, or is erased.
    pub(crate) fn remove_sign_in(&mut self, person: i64, action: &str) -> Result<()> {
        let slot: Option<String> = self
            .conn
            .query_row(
                "SELECT slot_id FROM sign_in_slots WHERE person_id = ?1 AND kind = 'person'",
                [person],
                |r| r.get(0),
            )
            .ok();
        let Some(slot) = slot else {
            return Ok(());
        };
        if self.actor() == Some(person) {
            return Err(CoreError::invalid(
                "person_id",
                "You cannot take away your own sign-in while you are signed in.",
            ));
        }
        let now = self.clock.stamp();
        self.write(|tx| {
            tx.execute("DELETE FROM sign_in_slots WHERE slot_id = ?1", [&slot])?;
            tx.execute(
                "INSERT INTO erasures (kind, target, done_at) VALUES ('sign_in', ?1, ?2)",
                params![person.to_string(), now],
            )?;
            tx.audit(action, "person", Some(person), "")
        })?;
        self.rekey_store()
    }

    /// Re-encrypts the store under a new key and gives it to every remaining slot. The old
    /// key is kept inside the store, so older backups still open.
    ///
    /// Order matters if Forum Desk stops half-way: the new sign-in file is written beside
    /// the old one first, then the database is re-keyed, then the new file takes the old
    /// one's place. Signing in finishes whichever step was left.
    pub(crate) fn rekey_store(&mut self) -> Result<()> {
        let Some(dir) = self.data_dir().map(|d| d.to_path_buf()) else {
            return Ok(());
        };
        let identity = self.require_officer("change the forum's key")?.clone();
        let old = self
            .db_key
            .clone()
            .ok_or_else(|| CoreError::Locked("This store has no database key.".into()))?;
        let new = crypto::random_key();
        let now = self.clock.stamp();
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO db_keys (key_id, key_hex, retired_at) VALUES (?1, ?2, ?3)",
                params![key_id(&old), hex(old.as_ref()), now],
            )?;
            tx.audit("changed the forum's database key", "forum", Some(1), "")
        })?;
        let owners: Vec<(String, Option<i64>, bool)> = self
            .conn
            .prepare("SELECT slot_id, person_id, officer FROM sign_in_slots")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut file = SlotsFile::read(&dir)?.ok_or(CoreError::NoSession)?;
        // Slots the store no longer knows (the one just removed) are dropped.
        file.slots
            .retain(|s| owners.iter().any(|(id, _, _)| *id == s.id));
        self.db_key = Some(new.clone());
        for slot in &mut file.slots {
            let (_, person, officer) = owners
                .iter()
                .find(|(id, _, _)| *id == slot.id)
                .expect("kept slots have owners");
            let payload = self.payload_for(*person, officer.then_some(&identity))?;
            slot.reseal(&payload)?;
        }
        let next = next_path(&dir);
        private_file::write_atomic(&next, &file.to_bytes())?;
        if let Err(e) = open::rekey(&self.conn, &new) {
            self.db_key = Some(old);
            let _ = std::fs::remove_file(&next);
            return Err(e);
        }
        std::fs::rename(&next, slots_path(&dir)).map_err(|e| CoreError::Io {
            path: next.display().to_string(),
            reason: e.to_string(),
        })?;
        private_file::sync_dir(&dir);
        Ok(())
    }
}

/// A short, stable name for a database key (never the key itself).
pub(crate) fn key_id(key: &[u8; 32]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(key)[..8])
}

impl Store {
    /// Keeps sign-in in step with a change of roles: a new chair or treasurer gets an
    /// officer's sign-in (or their rep's sign-in gains the signing key); one who stops being
    /// an officer loses their sign-in. Returns a one-time code when one was made.
    pub(crate) fn sign_in_follows_role(
        &mut self,
        person: i64,
        was_officer: bool,
        will_be_officer: bool,
    ) -> Result<Option<String>> {
        if self.data_dir().is_none() || was_officer == will_be_officer {
            return Ok(None);
        }
        if !will_be_officer {
            self.remove_sign_in(person, "took away an officer's sign-in with their role")?;
            return Ok(None);
        }
        let has_slot: bool = self.conn.query_row(
            "SELECT count(*) FROM sign_in_slots WHERE person_id = ?1 AND kind = 'person'",
            [person],
            |r| r.get(0),
        )?;
        if has_slot {
            self.give_officer_powers(person)?;
            Ok(None)
        } else {
            self.sign_in_grant(person).map(|c| Some(c.code))
        }
    }

    /// Seals the forum's signing key into a person's existing sign-in (a rep made treasurer,
    /// say): no passphrase is needed, because a slot's payload is sealed to its public key.
    fn give_officer_powers(&mut self, person: i64) -> Result<()> {
        let identity = self.require_officer("give officer powers")?.clone();
        let dir = self.data_dir().ok_or(CoreError::NoSession)?.to_path_buf();
        let slot_id: String = self.conn.query_row(
            "SELECT slot_id FROM sign_in_slots WHERE person_id = ?1 AND kind = 'person'",
            [person],
            |r| r.get(0),
        )?;
        let mut file = SlotsFile::read(&dir)?.ok_or(CoreError::NoSession)?;
        let payload = self.payload_for(Some(person), Some(&identity))?;
        let slot = file.slot_mut(&slot_id).ok_or_else(|| {
            CoreError::Database("a sign-in is missing from the sign-in file".into())
        })?;
        slot.reseal(&payload)?;
        self.conn.execute(
            "UPDATE sign_in_slots SET officer = 1 WHERE slot_id = ?1",
            [&slot_id],
        )?;
        file.write(&dir)
    }
}

impl Store {
    /// A new recovery key (when the old sheet is lost, or an officer leaves who knew it): the
    /// recovery slot is replaced and the store re-keyed, so the old key opens nothing made
    /// from now on. Older backups still open with the old key. Shown once.
    pub fn recovery_key_renew(&mut self) -> Result<String> {
        let identity = self.require_officer("make a new recovery key")?.clone();
        let dir = self.data_dir().ok_or(CoreError::NoSession)?.to_path_buf();
        let key = super::codes::new_recovery_key();
        let bytes = super::codes::read_recovery_key(&key)
            .ok_or_else(|| CoreError::Database("a new recovery key did not read back".into()))?;
        let mut file = SlotsFile::read(&dir)?.ok_or(CoreError::NoSession)?;
        let old: Vec<String> = file
            .slots
            .iter()
            .filter(|s| s.kind == super::slots::SlotKind::Recovery)
            .map(|s| s.id.clone())
            .collect();
        let slot = super::slots::Slot::new_recovery(
            &file.forum,
            &bytes,
            &self.payload_for(None, Some(&identity))?,
        )?;
        file.slots.retain(|s| !old.contains(&s.id));
        file.slots.push(slot.clone());
        let now = self.clock.stamp();
        self.write(|tx| {
            for id in &old {
                tx.execute("DELETE FROM sign_in_slots WHERE slot_id = ?1", [id])?;
            }
            tx.execute(
                "INSERT INTO sign_in_slots (slot_id, person_id, kind, officer, created_at) VALUES (?1, NULL, 'recovery', 1, ?2)",
                params![slot.id, now],
            )?;
            tx.audit_signed(&identity, "made a new recovery key", "forum", Some(1), "")
        })?;
        file.write(&dir)?;
        self.rekey_store()?;
        Ok(key.to_string())
    }

    /// The one-page recovery sheet as a PDF, to print. Refuses to save it inside the data
    /// folder: a key kept beside what it opens protects nothing.
    pub fn recovery_sheet_pdf(&self, recovery_key: &str) -> Result<Vec<u8>> {
        let me = self.acting_person()?;
        let cert = self.certificate_get()?;
        forumdesk_export::render_recovery_sheet(&forumdesk_export::RecoverySheetInput {
            forum_name: self.forum_get()?.name,
            recovery_key: recovery_key.trim().to_string(),
            made_by: me.name,
            made_at: self.now_utc(),
            fingerprint: cert.fingerprint,
        })
        .map_err(crate::exports::export_error)
    }

    /// Saves the recovery sheet at `path` (never inside the data folder).
    pub fn recovery_sheet_save(
        &self,
        recovery_key: &str,
        path: &std::path::Path,
    ) -> Result<crate::model::SavedFile> {
        if let Some(dir) = self.data_dir() {
            let inside = path
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .zip(dir.canonicalize().ok())
                .is_some_and(|(p, d)| p.starts_with(d));
            if inside {
                return Err(CoreError::invalid(
                    "folder",
                    "Save the recovery sheet somewhere other than Forum Desk's data folder, for example your Documents folder or a USB stick, then print it.",
                ));
            }
        }
        let pdf = self.recovery_sheet_pdf(recovery_key)?;
        crate::exports::write_file(path, &pdf)
    }
}
