//! One error vocabulary for the core, the window and the command line. Every error has a
//! stable [`ErrorCode`] the window and scripts switch on, a plain-English message a tired
//! volunteer can act on, and (for bad input) the form field it concerns.
//!
//! A form with several problems reports them all at once ([`CoreError::Fields`]), so a person
//! fixes everything in one go instead of meeting one error per try.
//!
//! Raw SQLite messages ("UNIQUE constraint failed ...") never reach a person: triggers raise
//! messages with a stable `FD-...:` prefix that [`From<rusqlite::Error>`] matches, and
//! anything else becomes a plain sentence, with the raw text kept only for the logs.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The stable, machine-readable kind of an error. Serialised in snake_case: this is the
/// `code` of the window's `{code, message, field}` and of the command line's JSON errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Bad input; `field` says which.
    Invalid,
    NotFound,
    /// Nobody is signed in.
    NoSession,
    /// A wrong passphrase, code or recovery key, or too many tries.
    SignIn,
    /// This person may not do this.
    NotAllowed,
    /// The thing is in a state where this cannot be done (approved, finalised, ...).
    Locked,
    /// The window is locked: the person who locked it must unlock it with their passphrase.
    SessionLocked,
    /// A record no longer matches its seal or the activity chain: it was changed outside
    /// Forum Desk.
    Tampered,
    /// The data was saved by a newer Forum Desk.
    TooNew,
    /// The file is not a Forum Desk database, or it is damaged.
    NotADatabase,
    /// Another window or command is writing to this forum right now.
    Busy,
    /// The data folder or file cannot be written.
    ReadOnly,
    /// A file could not be read or written.
    Io,
    /// Something unexpected inside the data store.
    Database,
    /// The person cancelled a long job (an export) before it finished; nothing was saved.
    Cancelled,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Invalid => "invalid",
            ErrorCode::NotFound => "not_found",
            ErrorCode::NoSession => "no_session",
            ErrorCode::SignIn => "sign_in",
            ErrorCode::NotAllowed => "not_allowed",
            ErrorCode::Locked => "locked",
            ErrorCode::SessionLocked => "session_locked",
            ErrorCode::Tampered => "tampered",
            ErrorCode::TooNew => "too_new",
            ErrorCode::NotADatabase => "not_a_database",
            ErrorCode::Busy => "busy",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::Io => "io",
            ErrorCode::Database => "database",
            ErrorCode::Cancelled => "cancelled",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with one form field: what the window shows beside that field and lists in
/// the summary at the top of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Error)]
pub enum CoreError {
    /// Bad input from a person: the message names the field and what to do.
    #[error("{message}")]
    Invalid { field: String, message: String },

    /// Several fields of one form are wrong. Always two or more: a single problem is
    /// [`CoreError::Invalid`], so code that only knows about one field keeps working.
    #[error("{}", fields_summary(.0))]
    Fields(Vec<FieldError>),

    #[error("{0}")]
    NotFound(String),

    /// Nobody is signed in (or the window was locked).
    #[error("Please sign in first.")]
    NoSession,

    /// Signing in failed: a wrong passphrase, one-time code or recovery key, or a pause after
    /// too many tries. The message says which.
    #[error("{0}")]
    SignIn(String),

    /// The action is not allowed for this person (for example approving your own claim).
    #[error("{0}")]
    NotAllowed(String),

    /// The thing exists but is in a state where this cannot be done (for example editing an
    /// approved claim).
    #[error("{0}")]
    Locked(String),

    /// Somebody locked the window (or it locked itself after a while unused).
    #[error("Forum Desk is locked. Unlock it with your passphrase to carry on.")]
    SessionLocked,

    /// A record does not match its approval seal or the activity chain.
    #[error("{0}")]
    Tampered(String),

    /// The data folder holds a database written by a newer Forum Desk.
    #[error("This data was saved by a newer version of Forum Desk (data version {found}, this version understands up to {supported}). Please install the newer version. Your data has not been changed.")]
    TooNew { found: i64, supported: i64 },

    /// The file is not a Forum Desk database (damaged, or some other file).
    #[error("The file {path} is not a Forum Desk database, or it is damaged. It has not been changed. Restore it from a backup, or choose another data folder.")]
    NotADatabase { path: String },

    /// Another window (or a command) is writing to the same forum and did not finish within
    /// the wait.
    #[error("Forum Desk is busy with this forum in another window. Wait a moment and try again.")]
    Busy,

    /// The data folder or database file cannot be written to.
    #[error("{path} is read-only, so Forum Desk cannot save changes there. It is not damaged. Check the folder's permissions, or choose another data folder.")]
    ReadOnly { path: String },

    /// The forum's own database would not open with its own key: it is damaged.
    #[error("{}", damaged_message(path, newest_backup.as_deref()))]
    Damaged {
        path: String,
        newest_backup: Option<String>,
    },

    #[error("Could not read or write {path}: {reason}")]
    Io { path: String, reason: String },

    /// The person pressed Cancel while an export was being made.
    #[error("The export was cancelled. Nothing was saved.")]
    Cancelled,

    /// Something unexpected inside SQLite. The raw text is for the logs only.
    #[error("Something went wrong inside Forum Desk's data, and nothing was changed. If it happens again, use Settings → Check the records.")]
    Database(String),
}

fn damaged_message(path: &str, newest_backup: Option<&str>) -> String {
    match newest_backup {
        Some(b) => format!("The forum's data in {path} is damaged: it fails its checks, although your passphrase is right. It has not been changed. The newest backup is {b}: restore it from Settings → Backups on another computer, or with `forumdesk backup restore`."),
        None => format!("The forum's data in {path} is damaged: it fails its checks, although your passphrase is right. It has not been changed, and there is no backup in this data folder. If you copied a backup elsewhere, restore it with \"Restore a forum from a backup file\"."),
    }
}

/// The prefixes the schema's triggers put before their messages, and what each means.
const TRIGGER_PREFIXES: [(&str, ErrorCode); 4] = [
    ("FD-FROZEN: ", ErrorCode::Locked),
    ("FD-AUDIT: ", ErrorCode::Locked),
    ("FD-SELF-APPROVAL: ", ErrorCode::NotAllowed),
    ("FD-CONSENT: ", ErrorCode::Invalid),
];

impl CoreError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        CoreError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    /// Stable machine-readable code, used by the window and the command line.
    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Invalid { .. } | CoreError::Fields(_) => ErrorCode::Invalid,
            CoreError::NotFound(_) => ErrorCode::NotFound,
            CoreError::NoSession => ErrorCode::NoSession,
            CoreError::SignIn(_) => ErrorCode::SignIn,
            CoreError::NotAllowed(_) => ErrorCode::NotAllowed,
            CoreError::Locked(_) => ErrorCode::Locked,
            CoreError::SessionLocked => ErrorCode::SessionLocked,
            CoreError::Tampered(_) => ErrorCode::Tampered,
            CoreError::TooNew { .. } => ErrorCode::TooNew,
            CoreError::NotADatabase { .. } | CoreError::Damaged { .. } => ErrorCode::NotADatabase,
            CoreError::Busy => ErrorCode::Busy,
            CoreError::ReadOnly { .. } => ErrorCode::ReadOnly,
            CoreError::Io { .. } => ErrorCode::Io,
            CoreError::Database(_) => ErrorCode::Database,
            CoreError::Cancelled => ErrorCode::Cancelled,
        }
    }

    /// The form field the error concerns, so the window can show it next to that field. For
    /// several problems, the first one's field (where the person should start).
    pub fn field(&self) -> Option<&str> {
        match self {
            CoreError::Invalid { field, .. } => Some(field),
            CoreError::Fields(list) => list.first().map(|f| f.field.as_str()),
            _ => None,
        }
    }

    /// Every field problem, in the order of the form: one for [`CoreError::Invalid`], all of
    /// them for [`CoreError::Fields`], none for other errors.
    pub fn fields(&self) -> Vec<FieldError> {
        match self {
            CoreError::Invalid { field, message } => vec![FieldError {
                field: field.clone(),
                message: message.clone(),
            }],
            CoreError::Fields(list) => list.clone(),
            _ => Vec::new(),
        }
    }

    /// Each sentence a person needs to read: every field's message for a form's problems,
    /// else the one message. For places that print rather than point at fields (the command
    /// line, an import preview's row).
    pub fn messages(&self) -> Vec<String> {
        match self {
            CoreError::Fields(list) => list.iter().map(|f| f.message.clone()).collect(),
            other => vec![other.to_string()],
        }
    }

    /// What went wrong underneath, for a log line; never shown to a person.
    pub fn detail(&self) -> Option<&str> {
        match self {
            CoreError::Database(d) => Some(d),
            CoreError::Io { reason, .. } => Some(reason),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let rusqlite::Error::SqliteFailure(f, msg) = &e {
            match f.code {
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked => {
                    return CoreError::Busy
                }
                rusqlite::ErrorCode::ReadOnly => {
                    return CoreError::ReadOnly {
                        path: "The forum's data".into(),
                    }
                }
                rusqlite::ErrorCode::NotADatabase => {
                    return CoreError::NotADatabase {
                        path: "The forum's database".into(),
                    }
                }
                rusqlite::ErrorCode::ConstraintViolation => {
                    if let Some(e) = msg.as_deref().and_then(from_trigger) {
                        return e;
                    }
                }
                _ => {}
            }
        }
        CoreError::Database(e.to_string())
    }
}

/// A trigger's message, recognised by its stable prefix; the words after it are for people.
fn from_trigger(msg: &str) -> Option<CoreError> {
    TRIGGER_PREFIXES.iter().find_map(|(prefix, code)| {
        let text = capitalise(msg.strip_prefix(prefix)?);
        Some(match code {
            ErrorCode::NotAllowed => CoreError::NotAllowed(text),
            ErrorCode::Invalid => CoreError::invalid("children", text),
            _ => CoreError::Locked(text),
        })
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str() + ".",
        None => String::new(),
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;

fn fields_summary(list: &[FieldError]) -> String {
    match list.len() {
        1 => list[0].message.clone(),
        n => format!("There are {n} problems with this form."),
    }
}

/// Collects a form's problems so that every one is reported together. Checks that cannot go
/// on without an earlier answer (an amount that needs the kind of line) simply skip; errors
/// that are not about the input (the database, a locked record) stop at once.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<FieldError>,
}

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps a field's problem (only the first for each field, as a field shows one message)
    /// and returns `Ok(None)`; passes the value through when there is none; returns any other
    /// kind of error as it is.
    pub fn check<T>(&mut self, r: Result<T>) -> Result<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(e @ (CoreError::Invalid { .. } | CoreError::Fields(_))) => {
                for f in e.fields() {
                    self.push(f);
                }
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Adds a problem with `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    fn push(&mut self, f: FieldError) {
        if !self.list.iter().any(|x| x.field == f.field) {
            self.list.push(f);
        }
    }

    /// True when `field` already has a problem (so a later check about it can be skipped).
    pub fn has(&self, field: &str) -> bool {
        self.list.iter().any(|x| x.field == field)
    }

    /// `Ok(())` when nothing was wrong; one problem as [`CoreError::Invalid`]; several as
    /// [`CoreError::Fields`].
    pub fn finish(mut self) -> Result<()> {
        match self.list.len() {
            0 => Ok(()),
            1 => {
                let f = self.list.remove(0);
                Err(CoreError::Invalid {
                    field: f.field,
                    message: f.message,
                })
            }
            _ => Err(CoreError::Fields(self.list)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_stable_names() {
        for code in [
            ErrorCode::Invalid,
            ErrorCode::NotADatabase,
            ErrorCode::ReadOnly,
        ] {
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::String(code.as_str().into())
            );
        }
    }

    #[test]
    fn problems_are_reported_together_one_per_field() {
        let mut p = Problems::new();
        assert_eq!(p.check(Ok::<_, CoreError>(5)).unwrap(), Some(5));
        assert!(p.finish().is_ok());

        let mut p = Problems::new();
        let r: Result<i64> = Err(CoreError::invalid(
            "name",
            "Please enter the member's name.",
        ));
        assert_eq!(p.check(r).unwrap(), None);
        let one = p.finish().unwrap_err();
        // A single problem keeps the single-field shape.
        assert!(matches!(one, CoreError::Invalid { .. }));
        assert_eq!(one.field(), Some("name"));

        let mut p = Problems::new();
        p.add("name", "Please enter the member's name.");
        p.add("email", "\"x\" does not look like an email address.");
        p.add("name", "A second problem with the name is not shown.");
        p.add("joined_on", "The date they joined must be a real date.");
        let e = p.finish().unwrap_err();
        assert_eq!(e.code(), ErrorCode::Invalid);
        assert_eq!(e.to_string(), "There are 3 problems with this form.");
        assert_eq!(e.field(), Some("name"));
        let fields: Vec<String> = e.fields().into_iter().map(|f| f.field).collect();
        assert_eq!(fields, ["name", "email", "joined_on"]);
        assert_eq!(e.messages()[0], "Please enter the member's name.");
    }

    #[test]
    fn problems_do_not_swallow_errors_about_the_data() {
        let mut p = Problems::new();
        let r: Result<i64> = Err(CoreError::Busy);
        assert!(matches!(p.check(r), Err(CoreError::Busy)));
    }

    #[test]
    fn trigger_messages_are_matched_by_prefix_only() {
        let e = from_trigger("FD-FROZEN: approved claims cannot be changed").unwrap();
        assert_eq!(e.code(), ErrorCode::Locked);
        assert_eq!(e.to_string(), "Approved claims cannot be changed.");
        // The same words without the prefix are not a trigger's message.
        assert!(from_trigger("approved claims cannot be changed").is_none());
    }

    #[test]
    fn raw_sqlite_text_never_reaches_a_person() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (x UNIQUE); INSERT INTO t VALUES (1);")
            .unwrap();
        let e = CoreError::from(conn.execute("INSERT INTO t VALUES (1)", []).unwrap_err());
        assert_eq!(e.code(), ErrorCode::Database);
        assert!(!e.to_string().contains("UNIQUE"), "{e}");
        assert!(e.detail().unwrap().contains("UNIQUE"));
    }
}
