//! One error type for the core. Every variant carries a plain-English message a tired
//! volunteer can act on, and a stable `code` the window can switch on.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum CoreError {
    /// Bad input from a person: the message names the field and what to do.
    #[error("{message}")]
    Invalid { field: String, message: String },

    #[error("{0}")]
    NotFound(String),

    /// Nobody has been picked as the person using the app.
    #[error("Please choose who is using Forum Desk first.")]
    NoSession,

    /// The action is not allowed for this person (for example approving your own claim).
    #[error("{0}")]
    NotAllowed(String),

    /// The thing exists but is in a state where this cannot be done (for example editing an
    /// approved claim).
    #[error("{0}")]
    Locked(String),

    /// The data folder holds a database written by a newer Forum Desk.
    #[error("This data was saved by a newer version of Forum Desk (data version {found}, this version understands up to {supported}). Please install the newer version. Your data has not been changed.")]
    TooNew { found: i64, supported: i64 },

    /// The file is not a Forum Desk database (damaged, or some other file).
    #[error("The file {path} is not a Forum Desk database, or it is damaged. It has not been changed. Restore it from a backup, or choose another data folder.")]
    NotADatabase { path: String },

    #[error("Could not read or write {path}: {reason}")]
    Io { path: String, reason: String },

    #[error("Something went wrong with the database: {0}")]
    Database(String),
}

impl CoreError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// Stable machine-readable code, used by the window and the command line.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Invalid { .. } => "invalid",
            CoreError::NotFound(_) => "not_found",
            CoreError::NoSession => "no_session",
            CoreError::NotAllowed(_) => "not_allowed",
            CoreError::Locked(_) => "locked",
            CoreError::TooNew { .. } => "too_new",
            CoreError::NotADatabase { .. } => "not_a_database",
            CoreError::Io { .. } => "io",
            CoreError::Database(_) => "database",
        }
    }

    /// The form field the error concerns, so the window can show it next to that field.
    pub fn field(&self) -> Option<&str> {
        match self {
            CoreError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        // Trigger messages are written for people; pass them through as they are.
        if let rusqlite::Error::SqliteFailure(f, Some(msg)) = &e {
            if f.code == rusqlite::ErrorCode::ConstraintViolation {
                if msg.contains("approved claims cannot be changed") || msg.contains("audit log") {
                    return CoreError::Locked(capitalise(msg));
                }
                if msg.contains("claimant cannot approve") {
                    return CoreError::NotAllowed(capitalise(msg));
                }
                if msg.contains("children details need") {
                    return CoreError::invalid("children", capitalise(msg));
                }
            }
        }
        CoreError::Database(e.to_string())
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str() + ".",
        None => String::new(),
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
