//! The sign-in file (`sign-in.json` in the data folder): one slot per person who may sign in,
//! and one for the recovery key. Each slot has a display label in clear and nothing else
//! readable: its secret key is wrapped with a key derived from the person's passphrase (or a
//! one-time code, or the recovery key), and the keys it gives access to are sealed to its
//! public key. The payload is padded to one size, so an officer's slot cannot be told from a
//! rep's by its length.
//!
//! The file is written atomically (temporary file, fsync, rename), readable only by its
//! owner, and kept outside the database because it is what opens the database.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use zeroize::Zeroizing;

use super::crypto::{self, KdfParams};
use crate::store::{private_file, CoreError, Result};

pub(crate) const SLOTS_FILE: &str = "sign-in.json";
const FORMAT: &str = "forum-desk-sign-in/1";
/// Every payload is padded to this many bytes before sealing.
const PAYLOAD_SIZE: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum SlotKind {
    /// A person's own passphrase (or a one-time code they must replace).
    Person,
    /// The forum's recovery key.
    Recovery,
}

/// How a slot's key-encryption key is derived from what is typed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SlotKdf {
    pub params: KdfParams,
    pub salt: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Slot {
    pub id: String,
    pub kind: SlotKind,
    /// First name or known-as, for the start screen. Empty for the recovery slot.
    pub label: String,
    /// Opened with a one-time code that can only be used to choose a new passphrase.
    #[serde(default)]
    pub one_time: bool,
    /// Argon2id settings for person slots; the recovery key needs no stretching.
    #[serde(default)]
    pub kdf: Option<SlotKdf>,
    /// The slot's X25519 public key.
    pub public: String,
    /// The slot's secret key, wrapped with the key-encryption key.
    pub secret: String,
    /// The keys this slot gives, sealed to `public`.
    pub payload: String,
    /// Wrong passphrases in a row, and when the last one was, for the growing pause.
    #[serde(default)]
    pub failures: u32,
    #[serde(default)]
    pub last_failure: Option<String>,
}

/// What a slot gives the person who opens it. Officers' slots (and the recovery slot) carry
/// the forum's signing key; that, and nothing else, is what makes someone an officer.
#[derive(Clone, Serialize, Deserialize)]
pub(crate) struct SlotPayload {
    /// The database key, hex.
    pub db_key: String,
    /// The person this slot belongs to (none for the recovery slot).
    pub person_id: Option<i64>,
    /// The forum's private signing key, PKCS#8 DER in base64; officers only.
    pub signing_key: Option<String>,
}

impl std::fmt::Debug for SlotPayload {
    // Never print keys.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SlotPayload")
            .field("person_id", &self.person_id)
            .field("officer", &self.signing_key.is_some())
            .finish()
    }
}

/// What opening a slot gives.
pub(crate) struct Opened {
    pub payload: SlotPayload,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SlotsFile {
    pub format: String,
    /// The forum's random id, also kept in the database; binds each slot to this forum.
    pub forum: String,
    pub slots: Vec<Slot>,
}

pub(crate) fn slots_path(dir: &Path) -> PathBuf {
    dir.join(SLOTS_FILE)
}

impl SlotsFile {
    pub fn new(forum: &str) -> SlotsFile {
        SlotsFile {
            format: FORMAT.into(),
            forum: forum.into(),
            slots: Vec::new(),
        }
    }

    /// The sign-in file in `dir`, or `None` when there is none (a new folder, or a forum
    /// from before sign-in existed).
    pub fn read(dir: &Path) -> Result<Option<SlotsFile>> {
        let path = slots_path(dir);
        match std::fs::read(&path) {
            Ok(bytes) => Self::parse(&bytes, &path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(CoreError::Io {
                path: path.display().to_string(),
                reason: e.to_string(),
            }),
        }
    }

    pub fn parse(bytes: &[u8], path: &Path) -> Result<SlotsFile> {
        let f: SlotsFile = serde_json::from_slice(bytes).map_err(|_| damaged(path))?;
        if f.format != FORMAT {
            return Err(damaged(path));
        }
        Ok(f)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("the sign-in file is plain data")
    }

    /// Writes the file atomically, readable only by its owner.
    pub fn write(&self, dir: &Path) -> Result<()> {
        private_file::write_atomic(&slots_path(dir), &self.to_bytes())
    }

    pub fn slot(&self, id: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.id == id)
    }

    pub fn slot_mut(&mut self, id: &str) -> Option<&mut Slot> {
        self.slots.iter_mut().find(|s| s.id == id)
    }

    pub fn recovery(&self) -> Option<&Slot> {
        self.slots.iter().find(|s| s.kind == SlotKind::Recovery)
    }
}

fn damaged(path: &Path) -> CoreError {
    CoreError::NotADatabase {
        path: path.display().to_string(),
    }
}

impl Slot {
    /// A slot opened by a typed passphrase or one-time code; `id` keeps the id of the slot
    /// it replaces (a new one is made when `None`).
    pub fn new_person(
        id: Option<&str>,
        forum: &str,
        label: &str,
        typed: &str,
        one_time: bool,
        params: KdfParams,
        payload: &SlotPayload,
    ) -> Result<Slot> {
        let id = id
            .map(str::to_string)
            .unwrap_or_else(|| hex(&crypto::random_bytes::<8>()));
        let salt: [u8; 16] = crypto::random_bytes();
        let typed = typed_form(typed, one_time);
        let kek = crypto::derive_kek(typed.as_bytes(), &salt, params)?;
        Self::build(
            id,
            SlotKind::Person,
            label,
            one_time,
            Some(SlotKdf {
                params,
                salt: B64.encode(salt),
            }),
            forum,
            &kek,
            payload,
        )
    }

    /// The slot the recovery key opens.
    pub fn new_recovery(forum: &str, recovery: &[u8], payload: &SlotPayload) -> Result<Slot> {
        let id = hex(&crypto::random_bytes::<8>());
        let kek = recovery_kek(recovery);
        Self::build(
            id,
            SlotKind::Recovery,
            "",
            false,
            None,
            forum,
            &kek,
            payload,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        id: String,
        kind: SlotKind,
        label: &str,
        one_time: bool,
        kdf: Option<SlotKdf>,
        forum: &str,
        kek: &[u8; 32],
        payload: &SlotPayload,
    ) -> Result<Slot> {
        let (public, secret) = crypto::slot_keypair();
        let mut slot = Slot {
            secret: B64.encode(crypto::wrap(kek, &secret.to_bytes(), &aad(forum, &id))),
            id,
            kind,
            label: label.trim().to_string(),
            one_time,
            kdf,
            public: B64.encode(public.as_bytes()),
            payload: String::new(),
            failures: 0,
            last_failure: None,
        };
        slot.reseal(payload)?;
        Ok(slot)
    }

    /// Seals a new payload to this slot (after a re-key, or a change of powers). Needs no
    /// passphrase: anyone holding the keys may give them to a slot.
    pub fn reseal(&mut self, payload: &SlotPayload) -> Result<()> {
        let mut plain = serde_json::to_vec(payload).expect("the payload is plain data");
        if plain.len() > PAYLOAD_SIZE {
            return Err(CoreError::Database(
                "a sign-in slot's payload is too large".into(),
            ));
        }
        // JSON ignores trailing spaces, so padding needs no length prefix.
        plain.resize(PAYLOAD_SIZE, b' ');
        let plain = Zeroizing::new(plain);
        let public = B64
            .decode(&self.public)
            .map_err(|_| CoreError::Database("a sign-in slot's public key is damaged".into()))?;
        self.payload = B64.encode(crypto::seal(&public, &plain)?);
        Ok(())
    }

    /// Opens the slot with what the person typed; `None` when it is wrong.
    pub fn open(&self, forum: &str, typed: &str) -> Result<Option<Opened>> {
        let kek = match (&self.kind, &self.kdf) {
            (SlotKind::Person, Some(kdf)) => {
                let salt = B64.decode(&kdf.salt).map_err(|_| self.damaged())?;
                let typed = typed_form(typed, self.one_time);
                crypto::derive_kek(typed.as_bytes(), &salt, kdf.params)?
            }
            (SlotKind::Recovery, _) => match super::codes::read_recovery_key(typed) {
                Some(bytes) => recovery_kek(&bytes),
                None => return Ok(None),
            },
            (SlotKind::Person, None) => return Err(self.damaged()),
        };
        self.open_with_kek(forum, &kek)
    }

    fn open_with_kek(&self, forum: &str, kek: &[u8; 32]) -> Result<Option<Opened>> {
        let wrapped = B64.decode(&self.secret).map_err(|_| self.damaged())?;
        let Some(secret) = crypto::unwrap(kek, &wrapped, &aad(forum, &self.id)) else {
            return Ok(None);
        };
        let sealed = B64.decode(&self.payload).map_err(|_| self.damaged())?;
        let plain = crypto::unseal(&secret, &sealed).ok_or_else(|| self.damaged())?;
        let payload: SlotPayload = serde_json::from_slice(&plain).map_err(|_| self.damaged())?;
        Ok(Some(Opened { payload }))
    }

    fn damaged(&self) -> CoreError {
        CoreError::Database(format!("the sign-in slot {} is damaged", self.id))
    }
}

/// A one-time code may be typed in any case, with or without its dashes; a passphrase is
/// taken exactly as typed.
fn typed_form(typed: &str, one_time: bool) -> Zeroizing<String> {
    Zeroizing::new(if one_time {
        super::codes::canonical_code(typed)
    } else {
        typed.to_string()
    })
}

/// What the wrapped secret is bound to, so a slot copied into another forum's file, or under
/// another id, does not open.
fn aad(forum: &str, slot: &str) -> Vec<u8> {
    format!("forum-desk slot {forum} {slot}").into_bytes()
}

/// The recovery key is 128 random bits: nothing to stretch, so HKDF alone derives its key.
fn recovery_kek(recovery: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(b"forum-desk recovery key"), recovery)
        .expand(b"slot key-encryption key", out.as_mut())
        .expect("32 bytes is a valid HKDF length");
    out
}

pub(crate) use crate::text::{from_hex, hex};

#[cfg(test)]
mod tests {
    use super::*;

    fn payload(person: Option<i64>, officer: bool) -> SlotPayload {
        SlotPayload {
            db_key: hex(&[7u8; 32]),
            person_id: person,
            signing_key: officer.then(|| B64.encode([1u8; 138])),
        }
    }

    #[test]
    fn a_slot_opens_with_its_passphrase_only() {
        let s = Slot::new_person(
            None,
            "forum-a",
            "Siobhán",
            "river otter lamp",
            false,
            KdfParams::CHEAP_FOR_TESTS,
            &payload(Some(3), true),
        )
        .unwrap();
        let opened = s.open("forum-a", "river otter lamp").unwrap().unwrap();
        assert_eq!(opened.payload.person_id, Some(3));
        assert!(opened.payload.signing_key.is_some());
        assert!(s.open("forum-a", "river otter lamb").unwrap().is_none());
        // Copied into another forum's file, it does not open.
        assert!(s.open("forum-b", "river otter lamp").unwrap().is_none());
    }

    #[test]
    fn officer_and_rep_slots_look_the_same_size() {
        let officer = Slot::new_person(
            None,
            "f",
            "A",
            "pw",
            false,
            KdfParams::CHEAP_FOR_TESTS,
            &payload(Some(1), true),
        )
        .unwrap();
        let rep = Slot::new_person(
            None,
            "f",
            "B",
            "pw",
            false,
            KdfParams::CHEAP_FOR_TESTS,
            &payload(Some(2), false),
        )
        .unwrap();
        assert_eq!(officer.payload.len(), rep.payload.len());
        let text = serde_json::to_string(&rep).unwrap();
        assert!(!text.contains("person_id"), "{text}");
    }

    #[test]
    fn resealing_keeps_the_slot_working_and_codes_forgive_typing() {
        let mut s = Slot::new_person(
            None,
            "f",
            "A",
            "7K2M-9XQD-4R",
            true,
            KdfParams::CHEAP_FOR_TESTS,
            &payload(Some(1), false),
        )
        .unwrap();
        assert!(
            s.open("f", "7k2m 9xqd 4r").unwrap().is_some(),
            "codes forgive case and spaces"
        );
        assert!(s.open("f", "7K2M-9XQD-4S").unwrap().is_none());
        s.reseal(&payload(Some(1), true)).unwrap();
        let again = s.open("f", "7K2M9XQD4R").unwrap().unwrap();
        assert!(again.payload.signing_key.is_some());
    }

    #[test]
    fn the_recovery_slot_opens_with_the_key_however_typed() {
        let key = super::super::codes::new_recovery_key();
        let bytes = super::super::codes::read_recovery_key(&key).unwrap();
        let s = Slot::new_recovery("f", &bytes, &payload(None, true)).unwrap();
        assert!(s.open("f", &key.to_lowercase()).unwrap().is_some());
        assert!(s
            .open("f", "0000-0000-0000-0000-0000-0000-00")
            .unwrap()
            .is_none());
    }
}
