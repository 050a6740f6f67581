//! The one error shape the window sees: `{code, message, field}`. `ui/js/api.js` rethrows it
//! as is, so a screen can show `message` next to `field` and switch on `code`. The codes are
//! the core's [`ErrorCode`], so the window, the core and the command line share one
//! vocabulary.

use forumdesk_core::{CoreError, ErrorCode};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// Stable machine-readable code, e.g. `invalid`, `not_found`, `too_new`.
    pub code: ErrorCode,
    /// Plain-English sentence for the person using the window.
    pub message: String,
    /// The form field the error is about, when there is one.
    pub field: Option<String>,
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        // What went wrong underneath goes to the log, never to the window.
        if let Some(detail) = e.detail() {
            eprintln!("Forum Desk: {} ({detail})", e.code());
        }
        ApiError {
            code: e.code(),
            message: e.to_string(),
            field: e.field().map(str::to_string),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_code_message_and_field() {
        let e = ApiError::from(CoreError::invalid("email", "Enter an email address."));
        assert_eq!(e.code, ErrorCode::Invalid);
        assert_eq!(e.message, "Enter an email address.");
        assert_eq!(e.field.as_deref(), Some("email"));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "invalid");
        assert_eq!(json["field"], "email");
    }
}
