//! Errors the command line can report. Every message is a plain-English sentence for a
//! volunteer, printed on its own line to stderr.

use forumdesk_core::{CoreError, ErrorCode};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum CliError {
    /// Anything the core refused or could not do; its message is already plain English.
    #[error("{0}")]
    Core(#[from] CoreError),
    /// Something the core refused, in the command line's words: each of the core's sentences
    /// after the option it is about (`--amount: ...`), and sometimes what to do next. `--json`
    /// still gives the core's code and field.
    #[error("{message}")]
    Worded { error: CoreError, message: String },
    /// The data folder could not be created or used.
    #[error(
        "Could not use the data folder {path}: {reason}. Choose another folder with --data-dir."
    )]
    DataDir { path: String, reason: String },
    /// No home folder, so no default data folder.
    #[error("Could not find your home folder to keep the forum's data in. Choose a folder with --data-dir.")]
    NoHomeFolder,
    /// A file named on the command line could not be read or written.
    #[error("Could not {action} {path}: {reason}")]
    File {
        action: &'static str,
        path: String,
        reason: String,
    },
    /// Bad input on the command line that clap could not catch (a date, a month, a name).
    #[error("{0}")]
    Input(String),
    /// The command ran, and what it found means failure (an import with errors, a tampered file).
    #[error("{0}")]
    Failed(String),
    /// The command was asked for something it cannot start on (a file that does not exist,
    /// a certificate that is not one). Exits with 2, like clap's own usage errors.
    #[error("{0}")]
    Usage(String),
}

impl CliError {
    /// The process exit code for this error: 2 for usage and sign-in problems, 1 for
    /// everything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Core(e) | CliError::Worded { error: e, .. }
                if matches!(e.code(), ErrorCode::SignIn | ErrorCode::NoSession) =>
            {
                2
            }
            _ => 1,
        }
    }

    /// The window's error shape, `{code, message, field}`, for `--json` commands.
    pub fn to_json(&self) -> String {
        let (code, field) = match self {
            CliError::Core(e) | CliError::Worded { error: e, .. } => (e.code().as_str(), e.field()),
            CliError::Usage(_) | CliError::Input(_) => ("invalid", None),
            CliError::Failed(_) => ("failed", None),
            CliError::DataDir { .. } | CliError::NoHomeFolder | CliError::File { .. } => {
                ("io", None)
            }
        };
        serde_json::json!({ "code": code, "message": self.to_string(), "field": field }).to_string()
    }

    /// One option's refusal, whatever the core called the field: "--funder: ...".
    pub fn about(option: &str, error: CoreError) -> Self {
        CliError::Worded {
            message: format!("{option}: {error}"),
            error,
        }
    }

    /// The core's refusal with each field's sentence after the option that fills that field
    /// (`option_for`), or on its own when no option does. Errors that are not about a field
    /// (not allowed, locked) keep their own words.
    pub fn worded(error: CoreError, option_for: fn(&str) -> Option<&'static str>) -> Self {
        let fields = error.fields();
        if fields.is_empty() {
            return error.into();
        }
        let message = fields
            .iter()
            .map(|f| match option_for(&f.field) {
                Some(option) => format!("{option}: {}", f.message),
                None => f.message.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        CliError::Worded { error, message }
    }

    pub fn file(action: &'static str, path: &std::path::Path, e: std::io::Error) -> Self {
        CliError::File {
            action,
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    }
}
