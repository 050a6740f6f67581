//! How strong a passphrase is, judged by zxcvbn (the estimator Dropbox made and many password
//! managers use), with plain-English advice. The window shows it as a meter while the person
//! types; the core refuses anything below the minimum, whoever asks.

use serde::{Deserialize, Serialize};

use crate::store::{CoreError, Result};

/// zxcvbn's score runs 0 (guessed at once) to 4 (very hard to guess); 3 is the least we take.
pub const MIN_SCORE: u8 = 3;
/// However clever, a short passphrase is refused: a few words are easier to remember anyway.
pub const MIN_LENGTH: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassphraseStrength {
    /// 0 to 4.
    pub score: u8,
    /// "Too weak", "Weak", "Fair", "Strong" or "Very strong".
    pub label: String,
    /// Whether Forum Desk will accept it.
    pub acceptable: bool,
    /// What would make it stronger, in plain English; empty when it is fine.
    pub advice: Vec<String>,
}

/// Judges `passphrase`; `about_you` are words a guesser would try first (the person's name,
/// email and the forum's name).
pub fn strength(passphrase: &str, about_you: &[&str]) -> PassphraseStrength {
    let length = passphrase.chars().count();
    let entropy = zxcvbn::zxcvbn(passphrase, about_you);
    let score = u8::from(entropy.score());
    let mut advice = Vec::new();
    if length < MIN_LENGTH {
        advice.push(format!(
            "Use at least {MIN_LENGTH} characters. Three or four unrelated words are easy to remember and hard to guess."
        ));
    }
    if let Some(feedback) = entropy.feedback() {
        if let Some(w) = feedback.warning() {
            advice.push(w.to_string());
        }
        advice.extend(feedback.suggestions().iter().map(|s| s.to_string()));
    }
    let acceptable = score >= MIN_SCORE && length >= MIN_LENGTH;
    if acceptable {
        advice.clear();
    } else if advice.is_empty() {
        advice.push("Add another word or two that have nothing to do with each other.".into());
    }
    let label = match score {
        0 | 1 if !acceptable => "Too weak",
        0..=2 => "Weak",
        3 => "Strong",
        _ => "Very strong",
    };
    PassphraseStrength {
        score,
        label: label.into(),
        acceptable,
        advice,
    }
}

/// Refuses a passphrase below the minimum, next to `field`, saying what would help.
pub(crate) fn require_strong(field: &str, passphrase: &str, about_you: &[&str]) -> Result<()> {
    let s = strength(passphrase, about_you);
    if s.acceptable {
        Ok(())
    } else {
        Err(CoreError::invalid(
            field,
            format!(
                "That passphrase is too easy to guess. {}",
                s.advice.join(" ")
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_or_common_passphrases_are_refused_with_advice() {
        let weak = strength("password1", &[]);
        assert!(!weak.acceptable);
        assert!(!weak.advice.is_empty());
        let named = strength("siobhan2026!", &["Siobhán O'Brien", "siobhan"]);
        assert!(named.score < 4);
        let good = strength("copper kettle marsh violin", &[]);
        assert!(good.acceptable, "{good:?}");
        assert!(good.advice.is_empty());
        let e = require_strong("passphrase", "abc", &[]).unwrap_err();
        assert_eq!(e.field(), Some("passphrase"));
    }
}
