//! Secrets people copy by hand: the recovery key (128 random bits) and one-time codes (50
//! random bits). Both are written in Crockford's base32 (no I, L, O or U, so nothing is
//! mistaken for 1 or 0) in groups of four, and read back forgivingly: any case, spaces or
//! dashes, and I, L and O taken as 1, 1 and 0.

use data_encoding::{Encoding, Specification};
use zeroize::Zeroizing;

use super::crypto::random_bytes;

fn crockford() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzIiLlOo");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ111100");
    spec.check_trailing_bits = false;
    spec.encoding()
        .expect("Crockford's alphabet is a valid base32 specification")
}

/// "ABCD-EFGH-..." for people to copy.
fn grouped(symbols: &str) -> String {
    symbols
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// What a person typed, reduced to the symbols (spaces and dashes dropped).
fn symbols_of(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// A new recovery key, as people see it: 26 symbols in groups of four.
pub(crate) fn new_recovery_key() -> Zeroizing<String> {
    let bits: [u8; 16] = random_bytes();
    Zeroizing::new(grouped(&crockford().encode(&bits)))
}

/// The 16 bytes behind a typed recovery key, or `None` if it cannot be one.
pub(crate) fn read_recovery_key(typed: &str) -> Option<Zeroizing<Vec<u8>>> {
    let s = symbols_of(typed);
    if s.len() != 26 {
        return None;
    }
    crockford()
        .decode(s.as_bytes())
        .ok()
        .filter(|b| b.len() == 16)
        .map(Zeroizing::new)
}

/// A new one-time code: 10 symbols (50 bits) in groups of four, e.g. "7K2M-9XQD-4R".
pub(crate) fn new_one_time_code() -> Zeroizing<String> {
    let bits: [u8; 7] = random_bytes();
    let full = crockford().encode(&bits);
    Zeroizing::new(grouped(&full[..10]))
}

/// A typed one-time code in its canonical form (upper case, no separators), so that the
/// same code typed differently derives the same key.
pub(crate) fn canonical_code(typed: &str) -> String {
    let s = symbols_of(typed).to_uppercase();
    s.chars()
        .map(|c| match c {
            'I' | 'L' => '1',
            'O' => '0',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_keys_round_trip_however_they_are_typed() {
        let key = new_recovery_key();
        assert_eq!(key.len(), 26 + 6, "{}", *key);
        let bytes = read_recovery_key(&key).unwrap();
        let messy = key.to_lowercase().replace('-', " ");
        assert_eq!(read_recovery_key(&messy).unwrap(), bytes);
        assert!(read_recovery_key("not a key").is_none());
        assert!(read_recovery_key(&key[..20]).is_none());
    }

    #[test]
    fn look_alike_letters_are_read_as_digits() {
        let key = "0000-0000-0000-0000-0000-0000-01";
        let o_and_l = "oooo oooo OOOO 0000 0000 0000 0l";
        assert_eq!(read_recovery_key(key), read_recovery_key(o_and_l));
        assert_eq!(canonical_code("7k2m-9xqd-4r"), "7K2M9XQD4R");
        assert_eq!(canonical_code("I1 lO"), "1110");
    }

    #[test]
    fn one_time_codes_have_fifty_bits() {
        let c = new_one_time_code();
        assert_eq!(canonical_code(&c).len(), 10);
        assert_ne!(*c, *new_one_time_code());
    }
}
