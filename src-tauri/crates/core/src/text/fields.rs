//! Rules every free-text field shares.

use crate::store::{CoreError, Result};

/// Trims `text` and refuses it when blank, naming what is missing.
pub(crate) fn required(field: &str, text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        Err(CoreError::invalid(field, format!("Please enter {what}.")))
    } else if t.chars().count() > 500 {
        Err(CoreError::invalid(
            field,
            format!("That is too long for {what}. Please shorten it."),
        ))
    } else {
        Ok(t.to_string())
    }
}

/// Blank text becomes NULL, so "not known" is stored one way only.
pub(crate) fn none_if_blank(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else {
        Some(t.to_string())
    }
}

/// The longest name (or known-as name) a person can have here.
pub const NAME_MAX: usize = 100;

/// A person's name: required, one line, no control characters, at most [`NAME_MAX`]
/// characters.
pub(crate) fn name(field: &str, text: &str, what: &str) -> Result<String> {
    let t = required(field, text, what)?;
    if t.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            field,
            format!("Please type {what} without special characters or line breaks."),
        ));
    }
    if t.chars().count() > NAME_MAX {
        return Err(CoreError::invalid(
            field,
            format!("Please shorten {what} to {NAME_MAX} characters or fewer."),
        ));
    }
    Ok(t)
}
