//! The cryptography behind sign-in slots, from maintained RustCrypto crates: Argon2id turns a
//! passphrase into a key-encryption key, XChaCha20-Poly1305 wraps a slot's own secret key
//! with it, and a sealed box (X25519 + XSalsa20-Poly1305, `crypto_box`) carries the database
//! key (and, for officers, the forum's signing key) to the slot's public key.
//!
//! Why a key pair per slot: removing somebody re-keys the database, and the new key must be
//! given to everyone else without knowing their passphrases. Sealing to each slot's public
//! key does that; only the slot's passphrase can open its secret key.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use crypto_box::{PublicKey, SecretKey};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::store::{CoreError, Result};

/// Argon2id's cost, stored with each slot so tests can make cheap slots and a later version
/// can raise the cost for new slots without breaking old ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Passes.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// What real slots use: 64 MiB and 3 passes (about 0.1 s on an old laptop in a release
    /// build), the floor the forum's security review asked for.
    pub const REAL: KdfParams = KdfParams {
        m_kib: 64 * 1024,
        t: 3,
        p: 1,
    };

    /// Cheap parameters for tests that make many slots. Never used by the app itself.
    pub const CHEAP_FOR_TESTS: KdfParams = KdfParams {
        m_kib: 256,
        t: 1,
        p: 1,
    };
}

/// 32 random bytes from the operating system.
pub(crate) fn random_key() -> Zeroizing<[u8; 32]> {
    let mut k = Zeroizing::new([0u8; 32]);
    OsRng.fill_bytes(k.as_mut());
    k
}

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    OsRng.fill_bytes(&mut b);
    b
}

/// The key-encryption key for a secret the person types (a passphrase or a one-time code).
pub(crate) fn derive_kek(
    secret: &[u8],
    salt: &[u8],
    params: KdfParams,
) -> Result<Zeroizing<[u8; 32]>> {
    let p = Params::new(params.m_kib, params.t, params.p, Some(32))
        .map_err(|e| CoreError::Database(format!("key derivation settings: {e}")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, p)
        .hash_password_into(secret, salt, out.as_mut())
        .map_err(|e| CoreError::Database(format!("key derivation: {e}")))?;
    Ok(out)
}

/// Encrypts `plain` under `key` with a fresh random nonce; `aad` binds it to where it is kept.
/// Returns nonce followed by ciphertext.
pub(crate) fn wrap(key: &[u8; 32], plain: &[u8], aad: &[u8]) -> Vec<u8> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let nonce: [u8; 24] = random_bytes();
    let ct = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
        .expect("encrypting in memory cannot fail");
    let mut out = nonce.to_vec();
    out.extend(ct);
    out
}

/// Opens what [`wrap`] made; `None` when the key is wrong or the bytes were changed.
pub(crate) fn unwrap(key: &[u8; 32], wrapped: &[u8], aad: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if wrapped.len() < 24 {
        return None;
    }
    let (nonce, ct) = wrapped.split_at(24);
    XChaCha20Poly1305::new(key.into())
        .decrypt(XNonce::from_slice(nonce), Payload { msg: ct, aad })
        .ok()
        .map(Zeroizing::new)
}

/// A fresh slot key pair: the public half in clear, the secret half to be wrapped.
pub(crate) fn slot_keypair() -> (PublicKey, SecretKey) {
    let sk = SecretKey::generate(&mut OsRng);
    (sk.public_key(), sk)
}

/// Seals `plain` so only the holder of the secret key for `public` can open it.
pub(crate) fn seal(public: &[u8], plain: &[u8]) -> Result<Vec<u8>> {
    let pk = public_key(public)?;
    pk.seal(&mut OsRng, plain)
        .map_err(|_| CoreError::Database("sealing a slot's keys failed".into()))
}

/// Opens a sealed box with a slot's secret key.
pub(crate) fn unseal(secret: &[u8], sealed: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let bytes: [u8; 32] = secret.try_into().ok()?;
    SecretKey::from(bytes)
        .unseal(sealed)
        .ok()
        .map(Zeroizing::new)
}

fn public_key(bytes: &[u8]) -> Result<PublicKey> {
    let b: [u8; 32] = bytes
        .try_into()
        .map_err(|_| CoreError::Database("a sign-in slot's public key is damaged".into()))?;
    Ok(PublicKey::from(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_needs_the_same_key_and_place() {
        let key = random_key();
        let w = wrap(&key, b"secret", b"slot-1");
        assert_eq!(unwrap(&key, &w, b"slot-1").unwrap().as_slice(), b"secret");
        assert!(unwrap(&key, &w, b"slot-2").is_none(), "bound to its slot");
        assert!(unwrap(&random_key(), &w, b"slot-1").is_none());
        let mut bent = w.clone();
        *bent.last_mut().unwrap() ^= 1;
        assert!(unwrap(&key, &bent, b"slot-1").is_none());
    }

    #[test]
    fn sealed_boxes_open_only_with_their_secret_key() {
        let (pk, sk) = slot_keypair();
        let sealed = seal(pk.as_bytes(), b"db key").unwrap();
        assert_eq!(
            unseal(&sk.to_bytes(), &sealed).unwrap().as_slice(),
            b"db key"
        );
        let (_, other) = slot_keypair();
        assert!(unseal(&other.to_bytes(), &sealed).is_none());
    }

    #[test]
    fn the_same_passphrase_and_salt_give_the_same_key() {
        let a = derive_kek(
            b"correct horse",
            b"saltsaltsalt",
            KdfParams::CHEAP_FOR_TESTS,
        )
        .unwrap();
        let b = derive_kek(
            b"correct horse",
            b"saltsaltsalt",
            KdfParams::CHEAP_FOR_TESTS,
        )
        .unwrap();
        let c = derive_kek(
            b"correct horse",
            b"othersaltsal",
            KdfParams::CHEAP_FOR_TESTS,
        )
        .unwrap();
        assert_eq!(*a, *b);
        assert_ne!(*a, *c);
    }
}
