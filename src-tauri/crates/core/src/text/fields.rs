//! Rules every free-text field shares: trimmed, not blank when required, not too long, and
//! without control characters. A control character (a stray tab or line break pasted from a
//! spreadsheet, an escape code) is invisible on screen but ends up in packs, CSV files and
//! emails, so it is refused where it is typed. Line breaks are allowed only in the few
//! multi-line fields (addresses, notes, declarations, reasons): see [`required_lines`].

use crate::store::{CoreError, Result};

/// The longest a person's name (or known-as name) may be, in characters. One limit for both,
/// so a name that fits one box fits the other.
pub const NAME_MAX: usize = 100;

/// The longest a one-line field may be.
const LINE_MAX: usize = 500;

/// The longest a multi-line field may be.
const LINES_MAX: usize = 2000;

/// Trims `text` and refuses it when blank, too long, or holding a control character (line
/// breaks included: this is for one-line fields), naming what is missing.
pub(crate) fn required(field: &str, text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(CoreError::invalid(field, format!("Please enter {what}.")));
    }
    one_line(field, t, what, LINE_MAX)
}

/// Like [`required`], for multi-line text (a reason, a decision): line breaks and tabs are
/// kept, other control characters are refused. Windows line endings become plain ones.
pub(crate) fn required_lines(field: &str, text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(CoreError::invalid(field, format!("Please enter {what}.")));
    }
    optional_lines(field, t, what)
}

/// Multi-line text that may be blank (an address, notes). Same rules as [`required_lines`].
pub(crate) fn optional_lines(field: &str, text: &str, what: &str) -> Result<String> {
    let t = text.trim().replace("\r\n", "\n").replace('\r', "\n");
    if t.chars().any(|c| is_control(c) && c != '\n' && c != '\t') {
        return Err(hidden_character(field, what));
    }
    if t.chars().count() > LINES_MAX {
        return Err(CoreError::invalid(
            field,
            format!("Please keep {what} to 2,000 characters or fewer."),
        ));
    }
    Ok(t)
}

/// One-line text that may be blank (a place, a reference). Same rules as [`required`].
pub(crate) fn optional_line(field: &str, text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    one_line(field, t, what, LINE_MAX)
}

/// A person's name: required, one line, no control characters, at most [`NAME_MAX`]
/// characters. Used for members' names, reps' names and the name given at first-run set-up.
pub(crate) fn name(field: &str, text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(CoreError::invalid(field, format!("Please enter {what}.")));
    }
    one_line(field, t, what, NAME_MAX)
}

/// A name that may be blank (the name a member likes to be called): the same rules and
/// limit as [`name`], so a name that fits one fits the other.
pub(crate) fn optional_name(field: &str, text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    one_line(field, t, what, NAME_MAX)
}

fn one_line(field: &str, t: &str, what: &str, max: usize) -> Result<String> {
    if t.contains(['\n', '\r']) {
        return Err(CoreError::invalid(
            field,
            format!("Please keep {what} on one line."),
        ));
    }
    if t.chars().any(is_control) {
        return Err(hidden_character(field, what));
    }
    let n = t.chars().count();
    if n > max {
        return Err(CoreError::invalid(
            field,
            format!(
                "That is too long for {what}: {n} characters, and the most is {max}. Please shorten it."
            ),
        ));
    }
    Ok(t.to_string())
}

/// C0 controls (below U+0020), DEL and the C1 controls (U+0080 to U+009F).
fn is_control(c: char) -> bool {
    (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32))
}

fn hidden_character(field: &str, what: &str) -> CoreError {
    CoreError::invalid(
        field,
        format!(
            "There is a hidden control character in {what} (perhaps pasted from another program). Please type it again."
        ),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_share_one_limit_and_refuse_control_characters() {
        assert_eq!(
            name("name", "  Siobhán Ó Ceallaigh ", "the member's name").unwrap(),
            "Siobhán Ó Ceallaigh"
        );
        let longest = "a".repeat(NAME_MAX);
        assert_eq!(name("name", &longest, "x").unwrap(), longest);
        assert_eq!(optional_name("known_as", &longest, "x").unwrap(), longest);
        let too_long = "a".repeat(NAME_MAX + 1);
        let e = name("name", &too_long, "the member's name").unwrap_err();
        assert_eq!(e.field(), Some("name"));
        assert!(e.to_string().contains("the most is 100"), "{e}");
        let e = optional_name("known_as", &too_long, "the name they like").unwrap_err();
        assert_eq!(e.field(), Some("known_as"));
        assert_eq!(optional_name("known_as", "  ", "x").unwrap(), "");
        assert!(name("name", " ", "the member's name")
            .unwrap_err()
            .to_string()
            .contains("Please enter the member's name"));
        for bad in [
            "Ann\tLee",
            "Ann\u{7}Lee",
            "Ann\u{1b}[31mLee",
            "Ann\u{7f}",
            "Ann\u{85}Lee",
        ] {
            let e = name("name", bad, "the member's name").unwrap_err();
            assert!(
                e.to_string().contains("hidden control character"),
                "{bad:?}: {e}"
            );
        }
        let e = name("name", "Ann\nLee", "the member's name").unwrap_err();
        assert_eq!(e.to_string(), "Please keep the member's name on one line.");
    }

    #[test]
    fn one_line_fields_refuse_breaks_and_multi_line_fields_keep_them() {
        assert!(required("title", "Board\r\nmeeting", "the title").is_err());
        assert!(required("title", "Board\u{0}", "the title").is_err());
        assert_eq!(required("title", " Board ", "the title").unwrap(), "Board");
        assert_eq!(
            required_lines("reason", "Wrong date.\r\nShould be the 5th.", "the reason").unwrap(),
            "Wrong date.\nShould be the 5th."
        );
        assert!(required_lines("reason", "Bell\u{7}", "the reason").is_err());
        assert!(required_lines("reason", "  ", "the reason").is_err());
        assert_eq!(optional_lines("address", "", "the address").unwrap(), "");
        assert!(optional_lines("address", &"x".repeat(2001), "the address").is_err());
        assert_eq!(optional_line("place", "  ", "the place").unwrap(), "");
        assert!(optional_line("place", "a\nb", "the place").is_err());
    }
}
