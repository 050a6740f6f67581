//! Signing in and everything around it: setting up a new forum, the one-time upgrade of a
//! forum from before encryption, signing in with a passphrase, a one-time code or the
//! recovery key, locking, and changing or resetting passphrases.

use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use forumdesk_export::ForumIdentity;
use rusqlite::params;
use zeroize::Zeroizing;

use super::codes;
use super::crypto::{self, KdfParams};
use super::model::{
    FolderState, RecoveryDetails, SetupInput, SignInChoice, SignInOptions, UpgradeChoice,
};
use super::session::Session;
use super::slots::{hex, slots_path, Slot, SlotKind, SlotPayload, SlotsFile};
use super::strength::require_strong;
use crate::store::{
    db_path, file_kind, open_connection, private_file, CoreError, FileKind, Problems, Result, Store,
};
use crate::text::required;

/// Where a re-keyed sign-in file waits until the database has its new key.
pub(crate) const NEXT_SUFFIX: &str = ".next";
/// Where an encrypted copy of an old plain database waits until it replaces it.
pub(crate) const ENCRYPTING_SUFFIX: &str = ".encrypting";

/// Wrong passphrases allowed before the pause starts.
const FREE_TRIES: u32 = 3;
/// The longest pause, in seconds.
const LONGEST_PAUSE: i64 = 300;

impl Store {
    /// What the start screen shows, read without any key and without writing anything.
    pub fn sign_in_options(dir: &Path) -> Result<SignInOptions> {
        finish_interrupted(dir)?;
        let file = SlotsFile::read(dir)?;
        let db = file_kind(&db_path(dir))?;
        match (file, db) {
            (Some(f), FileKind::Encrypted) => {
                let now = chrono::Local::now().naive_local();
                let people = f
                    .slots
                    .iter()
                    .filter(|s| s.kind == SlotKind::Person)
                    .map(|s| SignInChoice {
                        slot_id: s.id.clone(),
                        label: s.label.clone(),
                        one_time: s.one_time,
                        wait_seconds: wait_seconds(s, now),
                    })
                    .collect();
                Ok(SignInOptions {
                    state: FolderState::Ready,
                    people,
                    upgraders: Vec::new(),
                })
            }
            (None, FileKind::Missing) => Ok(SignInOptions {
                state: FolderState::New,
                people: Vec::new(),
                upgraders: Vec::new(),
            }),
            (None, FileKind::Plain) => Ok(SignInOptions {
                state: FolderState::Upgrade,
                people: Vec::new(),
                upgraders: upgraders(dir)?,
            }),
            (Some(_), FileKind::Missing) => Err(CoreError::NotADatabase {
                path: db_path(dir).display().to_string(),
            }),
            (None, FileKind::Encrypted) | (Some(_), FileKind::Plain) => {
                Err(CoreError::NotADatabase {
                    path: slots_path(dir).display().to_string(),
                })
            }
        }
    }

    /// First run: a new, encrypted forum in `dir`, with the person setting it up as its
    /// chair, signed in. Returns the store and the recovery key (shown once; never saved in
    /// the data folder).
    pub fn create(
        dir: &Path,
        input: &SetupInput,
        kdf: KdfParams,
    ) -> Result<(Store, RecoveryDetails)> {
        Self::create_with(dir, input, kdf, true)
    }

    /// [`Store::create`]; the demo builder alone skips the passphrase's strength check, so
    /// that its well-known demo passphrase works.
    pub(crate) fn create_with(
        dir: &Path,
        input: &SetupInput,
        kdf: KdfParams,
        check_strength: bool,
    ) -> Result<(Store, RecoveryDetails)> {
        // Every problem with the set-up form is reported together.
        let mut p = Problems::new();
        let forum_name = p.check(required(
            "forum_name",
            &input.forum_name,
            "the forum's name",
        ))?;
        let your_name = p.check(crate::text::name(
            "your_name",
            &input.your_name,
            "your name",
        ))?;
        // The same check as the member form: this person becomes the forum's first member.
        p.check(crate::members::records::check_email(
            "your_email",
            &input.your_email,
        ))?;
        let (forum_name, your_name) = (
            forum_name.unwrap_or_default(),
            your_name.unwrap_or_default(),
        );
        if check_strength {
            p.check(require_strong(
                "passphrase",
                &input.passphrase,
                &[&your_name, input.your_email.trim(), &forum_name],
            ))?;
        }
        p.finish()?;
        if Self::sign_in_options(dir)?.state != FolderState::New {
            return Err(CoreError::Locked(
                "This folder already holds a forum. Sign in to it, or choose an empty folder."
                    .into(),
            ));
        }
        private_file::private_dir(dir)?;
        let key = crypto::random_key();
        let path = db_path(dir);
        // Made private before SQLite opens it: its journal files take the same mode.
        drop(private_file::create_private(&path)?);
        let conn = open_connection(&path, Some(&key))?;
        let mut store = Store::on_disk(conn, dir, key, kdf);
        let forum_uid = hex(&crypto::random_bytes::<16>());
        let identity = store.new_identity(&forum_name)?;
        let person = store.setup_forum_record(
            &forum_name,
            &your_name,
            input.your_email.trim(),
            &forum_uid,
            &identity,
        )?;
        let mut file = SlotsFile::new(&forum_uid);
        let slot = store.make_person_slot(
            None,
            &file,
            person,
            &input.passphrase,
            false,
            Some(&identity),
        )?;
        let recovery = codes::new_recovery_key();
        let rslot = store.make_recovery_slot(&file, &recovery, &identity)?;
        file.slots.push(slot.clone());
        file.slots.push(rslot.clone());
        store.record_slots(&[(&slot, Some(person), true), (&rslot, None, true)], None)?;
        write_certificate(dir, &identity)?;
        file.write(dir)?;
        store.session = Some(Session {
            person_id: person,
            slot_id: Some(slot.id),
            signing: Some(identity.clone()),
            locked: false,
            must_choose_passphrase: false,
            notices: Vec::new(),
            without_sign_in: false,
        });
        store.acting_identity = Some(identity);
        Ok((
            store,
            RecoveryDetails {
                recovery_key: recovery.to_string(),
                codes: Vec::new(),
            },
        ))
    }

    /// Signs in with a person's passphrase (or the one-time code made for them).
    pub fn sign_in(dir: &Path, slot_id: &str, typed: &str) -> Result<Store> {
        finish_interrupted(dir)?;
        let mut file = SlotsFile::read(dir)?.ok_or(CoreError::NoSession)?;
        let slot = file
            .slot(slot_id)
            .filter(|s| s.kind == SlotKind::Person)
            .cloned()
            .ok_or_else(|| {
                CoreError::NotFound(
                    "That person can no longer sign in here. Choose your name again.".into(),
                )
            })?;
        let opened = open_slot(dir, &mut file, &slot, typed)?;
        let person = opened.payload.person_id.ok_or(CoreError::NoSession)?;
        let mut store = open_with_payload(dir, &opened.payload, &slot.id, typed)?;
        store.session = Some(Session {
            person_id: person,
            slot_id: Some(slot.id.clone()),
            signing: store.identity_from(&opened.payload)?,
            locked: false,
            must_choose_passphrase: slot.one_time,
            notices: Vec::new(),
            without_sign_in: false,
        });
        store.note_sign_in(&slot.id)?;
        Ok(store)
    }

    /// Signs in as whoever `who` names (a name or email; the chair when empty), trying
    /// `typed` on the sign-in slots that could be theirs. For the command line, where people
    /// name themselves instead of picking from a list.
    pub fn sign_in_as(dir: &Path, who: &str, typed: &str) -> Result<Store> {
        finish_interrupted(dir)?;
        let file = SlotsFile::read(dir)?.ok_or(CoreError::NoSession)?;
        let wanted = who.trim().to_lowercase();
        // Slots whose label could be the person's are tried first, the rest after.
        let mut order: Vec<&Slot> = file
            .slots
            .iter()
            .filter(|s| s.kind == SlotKind::Person)
            .collect();
        order.sort_by_key(|s| {
            let label = s.label.to_lowercase();
            !(wanted.is_empty() || (!label.is_empty() && wanted.contains(&label)))
        });
        let mut any_opened = false;
        for slot in order {
            let Some(opened) = slot.open(&file.forum, typed)? else {
                continue;
            };
            any_opened = true;
            let store = Self::sign_in(dir, &slot.id, typed)?;
            let me = store.actor().ok_or(CoreError::NoSession)?;
            if store.is_person(me, &wanted)? {
                return Ok(store);
            }
            drop(opened);
        }
        Err(if any_opened {
            CoreError::SignIn(format!(
                "That passphrase does not open {}'s sign-in.",
                if who.trim().is_empty() {
                    "the chair"
                } else {
                    who.trim()
                }
            ))
        } else {
            CoreError::SignIn(
                "That passphrase is not right for anyone who can sign in here.".into(),
            )
        })
    }

    /// Signs in with the forum's recovery key, acting as the person `who` names (the chair
    /// when empty), with an officer's powers.
    pub fn sign_in_with_recovery(dir: &Path, recovery: &str, who: &str) -> Result<Store> {
        finish_interrupted(dir)?;
        let mut file = SlotsFile::read(dir)?.ok_or(CoreError::NoSession)?;
        let slot = file
            .recovery()
            .cloned()
            .ok_or_else(|| CoreError::NotFound("This forum has no recovery key.".into()))?;
        let opened = open_slot(dir, &mut file, &slot, recovery)?;
        let mut store = open_with_payload(dir, &opened.payload, &slot.id, recovery)?;
        let person = store.person_named(who)?;
        store.session = Some(Session {
            person_id: person,
            slot_id: None,
            signing: store.identity_from(&opened.payload)?,
            locked: false,
            must_choose_passphrase: false,
            notices: Vec::new(),
            without_sign_in: false,
        });
        store.write(|tx| {
            tx.audit(
                "signed in with the recovery key",
                "sign_in",
                Some(person),
                "",
            )
        })?;
        Ok(store)
    }

    /// A forgotten passphrase: the recovery key lets the person choose a new one. Their old
    /// sign-in is replaced, the reset is logged, and they are signed in.
    pub fn reset_passphrase_with_recovery(
        dir: &Path,
        slot_id: &str,
        recovery: &str,
        new_passphrase: &str,
    ) -> Result<Store> {
        let mut file = SlotsFile::read(dir)?.ok_or(CoreError::NoSession)?;
        let rslot = file
            .recovery()
            .cloned()
            .ok_or_else(|| CoreError::NotFound("This forum has no recovery key.".into()))?;
        let opened = open_slot(dir, &mut file, &rslot, recovery)?;
        let mut store = open_with_payload(dir, &opened.payload, &rslot.id, recovery)?;
        let identity = store
            .identity_from(&opened.payload)?
            .ok_or_else(|| CoreError::Database("the recovery slot has no signing key".into()))?;
        let person = store.slot_owner(slot_id)?;
        store.session = Some(Session {
            person_id: person,
            slot_id: Some(slot_id.to_string()),
            signing: Some(identity.clone()),
            locked: false,
            must_choose_passphrase: false,
            notices: Vec::new(),
            without_sign_in: false,
        });
        store.replace_person_slot(person, new_passphrase, false, Some(person))?;
        let officer = store.slot_is_officer(slot_id)?;
        if !officer {
            if let Some(s) = store.session.as_mut() {
                s.signing = None;
            }
        }
        store.write(|tx| {
            tx.audit(
                "reset their passphrase with the recovery key",
                "sign_in",
                Some(person),
                "",
            )
        })?;
        store.note_sign_in(slot_id)?;
        Ok(store)
    }

    /// After signing in with a one-time code: the person's own new passphrase replaces it.
    pub fn choose_passphrase(&mut self, new_passphrase: &str) -> Result<()> {
        let session = self.session.as_ref().ok_or(CoreError::NoSession)?;
        if session.locked {
            return Err(CoreError::NoSession);
        }
        let person = session.person_id;
        self.replace_person_slot(person, new_passphrase, false, Some(person))?;
        if let Some(s) = self.session.as_mut() {
            s.must_choose_passphrase = false;
        }
        self.write(|tx| tx.audit("chose a new passphrase", "sign_in", Some(person), ""))
    }

    /// Changes the signed-in person's passphrase; the current one must be given.
    pub fn change_passphrase(&mut self, current: &str, new_passphrase: &str) -> Result<()> {
        self.confirm_passphrase(current)?;
        let person = self.require_actor()?;
        self.replace_person_slot(person, new_passphrase, false, Some(person))?;
        self.write(|tx| tx.audit("changed their passphrase", "sign_in", Some(person), ""))
    }

    /// Checks the signed-in person's passphrase again (approving and paying are signatures,
    /// not clicks). Wrong answers count towards the pause like at sign-in.
    pub fn confirm_passphrase(&self, typed: &str) -> Result<()> {
        let session = self.session.as_ref().ok_or(CoreError::NoSession)?;
        let Some(dir) = self.data_dir() else {
            // A throwaway store in tests has no passphrases to check.
            return Ok(());
        };
        if session.without_sign_in {
            // The demo builder acts for its fictional people; it has no passphrases to ask.
            return Ok(());
        }
        let slot_id = session.slot_id.clone().ok_or_else(|| {
            CoreError::NotAllowed(
                "You signed in with the recovery key: choose a passphrase in Settings first."
                    .into(),
            )
        })?;
        let mut file = SlotsFile::read(dir)?.ok_or(CoreError::NoSession)?;
        let slot = file.slot(&slot_id).cloned().ok_or(CoreError::NoSession)?;
        open_slot(dir, &mut file, &slot, typed).map(|_| ())
    }

    /// Locks the window: nothing is done until the same person unlocks it.
    pub fn lock(&mut self) {
        if let Some(s) = self.session.as_mut() {
            s.locked = true;
        }
    }

    /// Unlocks with the passphrase of the person who locked it.
    pub fn unlock(&mut self, typed: &str) -> Result<()> {
        self.confirm_passphrase(typed)?;
        if let Some(s) = self.session.as_mut() {
            s.locked = false;
        }
        Ok(())
    }

    /// What to tell the signed-in person now (see [`Session::notices`]).
    pub fn sign_in_notices(&self) -> Vec<String> {
        self.session
            .as_ref()
            .map(|s| s.notices.clone())
            .unwrap_or_default()
    }

    pub fn is_locked(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.locked)
    }

    pub fn must_choose_passphrase(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.must_choose_passphrase)
    }

    /// True when the signed-in person holds the forum's signing key.
    pub fn is_officer(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_officer)
    }

    /// Refuses unless the signed-in person is an officer (their slot gave them the forum's
    /// signing key).
    pub(crate) fn require_officer(&self, what: &str) -> Result<&ForumIdentity> {
        let s = self.active_session()?;
        s.signing.as_ref().ok_or_else(|| {
            CoreError::NotAllowed(format!("Only the chair or the treasurer can {what}."))
        })
    }

    /// For the demo builder and tests: acts as `person`, with officer powers if they are the
    /// chair or treasurer and this store holds the forum's identity. A real sign-in never
    /// comes this way.
    pub(crate) fn act_as(&mut self, person: Option<i64>) -> Result<()> {
        self.session = match person {
            None => None,
            Some(id) => {
                let officer = crate::forum::people::has_officer_role(&self.conn, id)?;
                Some(Session {
                    person_id: id,
                    slot_id: None,
                    signing: if officer {
                        self.acting_identity.clone()
                    } else {
                        None
                    },
                    locked: false,
                    must_choose_passphrase: false,
                    notices: Vec::new(),
                    without_sign_in: true,
                })
            }
        };
        Ok(())
    }

    /// Tests act as people without passphrases, on throwaway stores in memory only.
    #[doc(hidden)]
    pub fn act_as_for_tests(&mut self, person: Option<i64>) -> Result<()> {
        if self.data_dir.is_some() {
            return Err(CoreError::NotAllowed(
                "Only a throwaway store in memory can act as somebody without signing in.".into(),
            ));
        }
        self.act_as(person)
    }

    // ---------------------------------------------------------------- helpers

    /// A new signing identity for the forum. Valid from a day ago, so a funder whose clock is
    /// a little behind still sees it as valid.
    pub(crate) fn new_identity(&self, forum_name: &str) -> Result<ForumIdentity> {
        let since = self.now_utc() - chrono::Duration::days(1);
        ForumIdentity::generate(forum_name, since).map_err(crate::exports::export_error)
    }

    /// The forum's signing identity rebuilt from an officer's slot.
    pub(crate) fn identity_from(&self, payload: &SlotPayload) -> Result<Option<ForumIdentity>> {
        let Some(b64) = &payload.signing_key else {
            return Ok(None);
        };
        let der =
            Zeroizing::new(B64.decode(b64).map_err(|_| {
                CoreError::Database("a sign-in slot's signing key is damaged".into())
            })?);
        let cert = crate::forum::settings::certificate_pem(&self.conn)?;
        ForumIdentity::from_key_and_certificate(&der, cert.as_bytes())
            .map(Some)
            .map_err(crate::exports::export_error)
    }

    /// The payload a slot for `person` carries: the database key, and the signing key for
    /// officers.
    pub(crate) fn payload_for(
        &self,
        person: Option<i64>,
        identity: Option<&ForumIdentity>,
    ) -> Result<SlotPayload> {
        let key = self
            .db_key
            .as_ref()
            .ok_or_else(|| CoreError::Locked("This store has no database key.".into()))?;
        Ok(SlotPayload {
            db_key: hex(key.as_ref()),
            person_id: person,
            signing_key: identity.map(|i| B64.encode(i.private_key_der().as_slice())),
        })
    }

    /// A slot for `person` under `typed`; officers' slots carry `identity`'s key. `id`
    /// keeps the id of a slot it replaces.
    pub(crate) fn make_person_slot(
        &self,
        id: Option<&str>,
        file: &SlotsFile,
        person: i64,
        typed: &str,
        one_time: bool,
        identity: Option<&ForumIdentity>,
    ) -> Result<Slot> {
        let label = crate::forum::people::sign_in_label(&self.conn, person)?;
        let payload = self.payload_for(Some(person), identity)?;
        Slot::new_person(id, &file.forum, &label, typed, one_time, self.kdf, &payload)
    }

    fn make_recovery_slot(
        &self,
        file: &SlotsFile,
        recovery: &str,
        identity: &ForumIdentity,
    ) -> Result<Slot> {
        let bytes = codes::read_recovery_key(recovery)
            .ok_or_else(|| CoreError::Database("a new recovery key did not read back".into()))?;
        let payload = self.payload_for(None, Some(identity))?;
        Slot::new_recovery(&file.forum, &bytes, &payload)
    }

    /// Records who each new slot belongs to, inside the encrypted store.
    pub(crate) fn record_slots(
        &mut self,
        slots: &[(&Slot, Option<i64>, bool)],
        set_by: Option<i64>,
    ) -> Result<()> {
        let now = self.clock.stamp();
        self.write(|tx| {
            for (slot, person, officer) in slots {
                if let Some(p) = person {
                    tx.execute(
                        "DELETE FROM sign_in_slots WHERE person_id = ?1 AND kind = 'person' AND slot_id <> ?2",
                        params![p, slot.id],
                    )?;
                }
                tx.execute(
                    "INSERT INTO sign_in_slots (slot_id, person_id, kind, officer, one_time, created_at, set_by, set_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?6)
                     ON CONFLICT (slot_id) DO UPDATE SET officer = ?4, one_time = ?5, set_by = ?7, set_at = ?6",
                    params![
                        slot.id,
                        person,
                        if slot.kind == SlotKind::Person { "person" } else { "recovery" },
                        officer,
                        slot.one_time,
                        now,
                        set_by,
                    ],
                )?;
            }
            Ok(())
        })
    }

    /// Gives `person` a new sign-in under `typed` (their passphrase, or a one-time code),
    /// replacing any they had. An officer's slot carries the forum's signing key, which only
    /// a session holding it can give. Returns the slot's id.
    pub(crate) fn replace_person_slot(
        &mut self,
        person: i64,
        typed: &str,
        one_time: bool,
        set_by: Option<i64>,
    ) -> Result<String> {
        self.replace_person_slot_with(person, typed, one_time, set_by, true)
    }

    /// [`Store::replace_person_slot`]; only the demo builder skips the strength check.
    pub(crate) fn replace_person_slot_with(
        &mut self,
        person: i64,
        typed: &str,
        one_time: bool,
        set_by: Option<i64>,
        check_strength: bool,
    ) -> Result<String> {
        if !one_time && check_strength {
            let (name, email) = crate::forum::people::name_and_email(&self.conn, person)?;
            require_strong("passphrase", typed, &[&name, &email])?;
        }
        let dir = self.data_dir().ok_or(CoreError::NoSession)?.to_path_buf();
        let existing: Option<(String, bool)> = self
            .conn
            .query_row(
                "SELECT slot_id, officer FROM sign_in_slots WHERE person_id = ?1 AND kind = 'person'",
                [person],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        let officer = match &existing {
            Some((_, officer)) => *officer,
            None => crate::forum::people::has_officer_role(&self.conn, person)?,
        };
        let identity = if officer {
            Some(self.session_identity().ok_or_else(|| {
                CoreError::NotAllowed(
                    "Only the chair or the treasurer can give an officer their sign-in.".into(),
                )
            })?)
        } else {
            None
        };
        let mut file = SlotsFile::read(&dir)?.ok_or(CoreError::NoSession)?;
        let slot = self.make_person_slot(
            existing.as_ref().map(|(id, _)| id.as_str()),
            &file,
            person,
            typed,
            one_time,
            identity.as_ref(),
        )?;
        file.slots.retain(|s| s.id != slot.id);
        file.slots.push(slot.clone());
        self.record_slots(&[(&slot, Some(person), officer)], set_by)?;
        file.write(&dir)?;
        Ok(slot.id)
    }

    /// The forum's identity as the session (or, in tests and the demo, the store) holds it.
    pub(crate) fn session_identity(&self) -> Option<ForumIdentity> {
        self.session
            .as_ref()
            .and_then(|s| s.signing.clone())
            .or_else(|| self.acting_identity.clone())
    }

    /// Records the sign-in, first noting anything the person must be told: a one-time
    /// passphrase somebody else set for them since they last signed in.
    fn note_sign_in(&mut self, slot_id: &str) -> Result<()> {
        // Whose slot it is, who last set a code for it and when, and when they last signed in.
        type SlotHistory = (Option<i64>, Option<i64>, Option<String>, Option<String>);
        let row: Option<SlotHistory> = self
            .conn
            .query_row(
                "SELECT person_id, set_by, set_at, last_sign_in_at FROM sign_in_slots WHERE slot_id = ?1",
                [slot_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .ok();
        if let Some((Some(person), Some(by), Some(at), last)) = row {
            // Stamps are to the second, so a code set in the same second as their last
            // sign-in still counts as new: telling twice is better than not at all.
            if by != person && last.as_deref().is_none_or(|l| at.as_str() >= l) {
                let name = crate::forum::people::display_name(&self.conn, by)?;
                let when = crate::text::dates::parse_datetime("set_at", &at)
                    .map(|t| t.format("%d/%m/%Y at %H:%M").to_string())
                    .unwrap_or(at);
                if let Some(s) = self.session.as_mut() {
                    s.notices.push(format!(
                        "{name} set a one-time passphrase for you on {when}. If you did not ask for this, tell the chair."
                    ));
                }
            }
        }
        let now = self.clock.stamp();
        self.conn.execute(
            "UPDATE sign_in_slots SET last_sign_in_at = ?2 WHERE slot_id = ?1",
            params![slot_id, now],
        )?;
        Ok(())
    }

    fn slot_owner(&self, slot_id: &str) -> Result<i64> {
        crate::store::one(
            &self.conn,
            "SELECT person_id FROM sign_in_slots WHERE slot_id = ?1 AND kind = 'person'",
            [slot_id],
            "sign-in",
            |r| r.get(0),
        )
    }

    fn slot_is_officer(&self, slot_id: &str) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT officer FROM sign_in_slots WHERE slot_id = ?1",
                [slot_id],
                |r| r.get(0),
            )
            .unwrap_or(false))
    }

    /// Whether person `id` is the one `wanted` names (a name or email, any case; the chair
    /// when empty, or on a rep's own computer the rep, who is the only one who signs in there).
    fn is_person(&self, id: i64, wanted: &str) -> Result<bool> {
        if wanted.is_empty() {
            if crate::exchange::is_rep_computer(&self.conn)? {
                return Ok(true);
            }
            return crate::forum::people::is_chair(&self.conn, id);
        }
        let (name, email) = crate::forum::people::name_and_email(&self.conn, id)?;
        Ok(name.to_lowercase() == wanted || (!email.is_empty() && email.to_lowercase() == wanted))
    }

    /// The person `who` names (a name or email), or the chair when empty.
    fn person_named(&self, who: &str) -> Result<i64> {
        crate::forum::people::person_by_name_or_email(&self.conn, who)
    }
}

/// Opens `slot` with what was typed, keeping count of wrong tries (and the pause after
/// them) in the sign-in file.
fn open_slot(
    dir: &Path,
    file: &mut SlotsFile,
    slot: &Slot,
    typed: &str,
) -> Result<super::slots::Opened> {
    let now = chrono::Local::now().naive_local();
    let wait = wait_seconds(slot, now);
    if wait > 0 {
        return Err(CoreError::SignIn(format!(
            "Too many wrong tries. Please wait {} before trying again.",
            seconds_text(wait)
        )));
    }
    match slot.open(&file.forum, typed)? {
        Some(opened) => {
            if slot.failures > 0 {
                if let Some(s) = file.slot_mut(&slot.id) {
                    s.failures = 0;
                    s.last_failure = None;
                }
                file.write(dir)?;
            }
            Ok(opened)
        }
        None => {
            let failures = slot.failures + 1;
            if let Some(s) = file.slot_mut(&slot.id) {
                s.failures = failures;
                s.last_failure = Some(now.format("%Y-%m-%dT%H:%M:%S").to_string());
            }
            file.write(dir)?;
            let what = if slot.kind == SlotKind::Recovery {
                "That recovery key is not right. Check each group of letters and numbers."
            } else if slot.one_time {
                "That one-time code is not right. Check it with the person who gave it to you."
            } else {
                "That passphrase is not right. Check Caps Lock and try again."
            };
            Err(CoreError::SignIn(match pause_after(failures) {
                0 => what.to_string(),
                p => format!(
                    "{what} After several wrong tries, please wait {} first.",
                    seconds_text(p)
                ),
            }))
        }
    }
}

/// The pause after `failures` wrong tries in a row: none for the first few, then doubling.
fn pause_after(failures: u32) -> i64 {
    if failures < FREE_TRIES {
        0
    } else {
        (1i64 << (failures - FREE_TRIES).min(16))
            .saturating_mul(2)
            .min(LONGEST_PAUSE)
    }
}

fn wait_seconds(slot: &Slot, now: chrono::NaiveDateTime) -> i64 {
    let Some(last) = slot
        .last_failure
        .as_deref()
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S").ok())
    else {
        return 0;
    };
    let elapsed = (now - last).num_seconds().max(0);
    (pause_after(slot.failures) - elapsed).max(0)
}

fn seconds_text(s: i64) -> String {
    match s {
        1 => "1 second".into(),
        s if s < 90 => format!("{s} seconds"),
        s => format!("{} minutes", (s + 59) / 60),
    }
}

/// Opens the database with the key a slot gave. If Forum Desk stopped in the middle of
/// re-keying, the database may already have the new key, which the waiting sign-in file
/// gives to the same slot: use it, and finish by putting that file in place.
fn open_with_payload(
    dir: &Path,
    payload: &SlotPayload,
    slot_id: &str,
    typed: &str,
) -> Result<Store> {
    let key = payload_key(payload)?;
    let path = db_path(dir);
    match open_connection(&path, Some(&key)) {
        Ok(conn) => {
            // A waiting file from a re-key that never reached the database is stale.
            let _ = std::fs::remove_file(next_path(dir));
            Ok(Store::on_disk(conn, dir, key, KdfParams::REAL))
        }
        Err(CoreError::NotADatabase { path }) => {
            if let Some(store) = finish_rekey(dir, slot_id, typed)? {
                return Ok(store);
            }
            Err(CoreError::Damaged {
                path,
                newest_backup: crate::backups::newest_backup_name(dir),
            })
        }
        Err(e) => Err(e),
    }
}

pub(crate) fn next_path(dir: &Path) -> std::path::PathBuf {
    let mut p = slots_path(dir).into_os_string();
    p.push(NEXT_SUFFIX);
    p.into()
}

/// The re-key reached the database but not the sign-in file: the waiting file's copy of the
/// same slot gives the new key (re-keying re-seals payloads; passphrases are unchanged).
fn finish_rekey(dir: &Path, slot_id: &str, typed: &str) -> Result<Option<Store>> {
    let next = next_path(dir);
    let Ok(bytes) = std::fs::read(&next) else {
        return Ok(None);
    };
    let file = SlotsFile::parse(&bytes, &next)?;
    let Some(opened) = file
        .slot(slot_id)
        .map(|s| s.open(&file.forum, typed))
        .transpose()?
        .flatten()
    else {
        return Ok(None);
    };
    let key = payload_key(&opened.payload)?;
    let conn = match open_connection(&db_path(dir), Some(&key)) {
        Ok(conn) => conn,
        Err(CoreError::NotADatabase { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    std::fs::rename(&next, slots_path(dir)).map_err(|e| CoreError::Io {
        path: next.display().to_string(),
        reason: e.to_string(),
    })?;
    private_file::sync_dir(dir);
    Ok(Some(Store::on_disk(conn, dir, key, KdfParams::REAL)))
}

fn payload_key(payload: &SlotPayload) -> Result<Zeroizing<[u8; 32]>> {
    let bytes = super::slots::from_hex(&payload.db_key)
        .filter(|b| b.len() == 32)
        .ok_or_else(|| CoreError::Database("a sign-in slot's database key is damaged".into()))?;
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&bytes);
    Ok(key)
}

/// Finishes work a crash interrupted: an encrypted copy that was ready to replace an old
/// plain database, or a re-keyed sign-in file whose database already has the new key.
fn finish_interrupted(dir: &Path) -> Result<()> {
    let db = db_path(dir);
    let mut encrypting = db.clone().into_os_string();
    encrypting.push(ENCRYPTING_SUFFIX);
    let encrypting = std::path::PathBuf::from(encrypting);
    if encrypting.exists() && slots_path(dir).exists() && file_kind(&db)? == FileKind::Plain {
        super::upgrade::swap_in_encrypted(dir, &encrypting)?;
    }
    Ok(())
}

/// The forum's public certificate beside the store, for `verify` (which never asks for a
/// passphrase).
pub(crate) fn write_certificate(dir: &Path, identity: &ForumIdentity) -> Result<()> {
    private_file::write_atomic(
        &dir.join(forumdesk_export::signing::CERT_FILE),
        identity.certificate_pem().as_bytes(),
    )
}

/// The officers of a forum from before encryption, any of whom may do the upgrade.
fn upgraders(dir: &Path) -> Result<Vec<UpgradeChoice>> {
    let conn = crate::store::open::connect(
        &db_path(dir),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|_| CoreError::NotADatabase {
        path: db_path(dir).display().to_string(),
    })?;
    let mut stmt = conn
        .prepare(
            "SELECT m.id, m.name FROM reps r JOIN members m ON m.id = r.member_id
             WHERE r.active = 1 AND m.erased_on IS NULL AND (r.is_chair = 1 OR r.is_treasurer = 1)
             ORDER BY r.is_chair DESC, m.name COLLATE NOCASE",
        )
        .map_err(|_| CoreError::NotADatabase {
            path: db_path(dir).display().to_string(),
        })?;
    let rows = stmt.query_map([], |r| {
        Ok(UpgradeChoice {
            person_id: r.get(0)?,
            name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Store {
    /// The signed-in person's own sign-in slot: theirs even when this session came in by the
    /// recovery key.
    pub fn own_slot_id(&self) -> Option<String> {
        let me = self.actor()?;
        self.conn
            .query_row(
                "SELECT slot_id FROM sign_in_slots WHERE person_id = ?1 AND kind = 'person'",
                [me],
                |r| r.get(0),
            )
            .ok()
    }
}

/// The window locks after this many minutes of no use, unless the forum set otherwise.
pub const DEFAULT_LOCK_MINUTES: i64 = 15;

impl Store {
    /// Who is signed in, for the window.
    pub fn session_info(&self) -> Result<super::model::SessionInfo> {
        let s = self.session.as_ref().ok_or(CoreError::NoSession)?;
        let mut person = crate::forum::people::person(&self.conn, s.person_id)?;
        person.officer = s.is_officer();
        Ok(super::model::SessionInfo {
            person,
            must_choose_passphrase: s.must_choose_passphrase,
            locked: s.locked,
            notices: s.notices.clone(),
            lock_minutes: self.lock_minutes()?,
        })
    }

    /// Minutes of no use before the window locks (a setting, 15 by default).
    pub fn lock_minutes(&self) -> Result<i64> {
        Ok(self
            .setting("lock_minutes")?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_LOCK_MINUTES))
    }

    pub fn lock_minutes_save(&mut self, minutes: &str) -> Result<i64> {
        self.require_officer("change how soon the window locks")?;
        let m = crate::text::parse_whole("lock_minutes", minutes, "minutes", 1, 240)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO settings (name, value) VALUES ('lock_minutes', ?1)
                 ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [m.to_string()],
            )?;
            tx.audit(
                "changed how soon the window locks",
                "forum",
                Some(1),
                &format!("{m} minutes"),
            )
        })?;
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_grows_after_a_few_wrong_tries() {
        assert_eq!(pause_after(1), 0);
        assert_eq!(pause_after(2), 0);
        assert_eq!(pause_after(3), 2);
        assert_eq!(pause_after(4), 4);
        assert_eq!(pause_after(6), 16);
        assert_eq!(pause_after(30), LONGEST_PAUSE);
    }
}
