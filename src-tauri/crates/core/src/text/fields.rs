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
