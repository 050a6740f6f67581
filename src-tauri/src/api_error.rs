//! The one error shape the window sees: `{code, message, field, fields}`. `ui/js/api.js`
//! rethrows it as is, so a screen can show `message` next to `field` and switch on `code`.
//! `fields` lists every problem with a form (`[{field, message}]`), so all of them are shown
//! at once, each beside its field. The codes are the core's [`ErrorCode`], so the window,
//! the core and the command line share one vocabulary.

use forumdesk_core::{CoreError, ErrorCode, FieldError};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// Stable machine-readable code, e.g. `invalid`, `not_found`, `too_new`.
    pub code: ErrorCode,
    /// Plain-English sentence for the person using the window.
    pub message: String,
    /// The form field the error is about, when there is one (the first, when there are
    /// several).
    pub field: Option<String>,
    /// Every field problem of a form, in order; empty when the error is not about input.
    pub fields: Vec<FieldError>,
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
            fields: e.fields(),
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
        assert_eq!(
            json["fields"],
            serde_json::json!([{"field": "email", "message": "Enter an email address."}])
        );
    }

    #[test]
    fn carries_every_problem_of_a_form() {
        let e = ApiError::from(CoreError::Fields(vec![
            FieldError {
                field: "name".into(),
                message: "Please enter the member's name.".into(),
            },
            FieldError {
                field: "joined_on".into(),
                message: "The date they joined must be a real date.".into(),
            },
        ]));
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "invalid");
        assert_eq!(json["message"], "There are 2 problems with this form.");
        assert_eq!(json["field"], "name");
        assert_eq!(json["fields"][1]["field"], "joined_on");
        assert_eq!(
            json["fields"][1]["message"],
            "The date they joined must be a real date."
        );
    }
}
