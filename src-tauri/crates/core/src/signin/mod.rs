//! The sign-in room: who may open the forum's data, and with what powers. The database key
//! (256 random bits) is sealed into one sign-in slot per person and one for the recovery
//! key, in `sign-in.json` beside the database; each slot opens only with its passphrase,
//! one-time code or the recovery key. Officers' slots also carry the forum's private
//! signing key, and holding that key is what makes someone an officer.

mod admin;
mod codes;
mod crypto;
mod flows;
pub(crate) mod model;
mod session;
mod slots;
mod strength;
mod upgrade;

pub(crate) use admin::key_id;
pub(crate) use codes::{canonical_code, new_one_time_code};
pub use crypto::KdfParams;
pub(crate) use crypto::{derive_kek, random_bytes, random_key as crypto_random_key};
pub(crate) use crypto::{unwrap as crypto_unwrap, wrap as crypto_wrap};
pub use model::FolderState;
pub(crate) use session::Session;
pub(crate) use slots::{from_hex, slots_path, SlotsFile};
pub(crate) use strength::require_strong;
pub use strength::{strength as passphrase_strength, MIN_LENGTH, MIN_SCORE};

/// A new forum's random id: 128 bits, hex.
pub(crate) fn new_forum_uid() -> String {
    slots::hex(&crypto::random_bytes::<16>())
}
