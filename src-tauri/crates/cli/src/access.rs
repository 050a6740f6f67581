//! Signing in from the command line. The passphrase comes from `FORUMDESK_PASSPHRASE`, or
//! from the terminal without echo; the recovery key only from `FORUMDESK_RECOVERY_KEY` or
//! the terminal (never an argument: other users can read the process list). `--as PERSON`
//! (a name or email) says whose sign-in to use; the chair when it is not given. With no
//! terminal and nothing in the environment, it says which variable to set and exits 2.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use forumdesk_core::{FolderState, KdfParams, Store};

use crate::CliError;

pub const PASSPHRASE_VAR: &str = "FORUMDESK_PASSPHRASE";
pub const RECOVERY_VAR: &str = "FORUMDESK_RECOVERY_KEY";
pub const NEW_PASSPHRASE_VAR: &str = "FORUMDESK_NEW_PASSPHRASE";

/// Where the forum is and who is asking: enough to sign in when a command needs the store.
#[derive(Debug, Clone)]
pub struct Access {
    pub data_dir: PathBuf,
    /// `--as PERSON`: a name or email; `None` means the chair.
    pub as_person: Option<String>,
}

impl Access {
    pub fn who(&self) -> &str {
        self.as_person.as_deref().unwrap_or("")
    }

    fn who_text(&self) -> String {
        match &self.as_person {
            Some(p) => p.clone(),
            None => "the chair".into(),
        }
    }

    /// Signs in and returns the store. A forum from before encryption is upgraded at this
    /// first sign-in: the passphrase given becomes the signing-in officer's new passphrase.
    pub fn store(&self) -> Result<Store, CliError> {
        let options = Store::sign_in_options(&self.data_dir)?;
        match options.state {
            FolderState::New => Err(CliError::Usage(format!(
                "There is no forum in {} yet. Set one up in the window, or try `forumdesk demo`.",
                self.data_dir.display()
            ))),
            FolderState::Upgrade => self.upgrade(&options),
            FolderState::Ready => {
                let store = if let Some(key) = secret_from_env(RECOVERY_VAR) {
                    Store::sign_in_with_recovery(&self.data_dir, &key, self.who())?
                } else {
                    let passphrase = self.passphrase()?;
                    Store::sign_in_as(&self.data_dir, self.who(), &passphrase)?
                };
                if store.must_choose_passphrase() {
                    return Err(CliError::Usage(format!(
                        "That was a one-time code. Choose a passphrase first: forumdesk passphrase set --as \"{}\" (the new one from {NEW_PASSPHRASE_VAR} or the terminal).",
                        self.who_text()
                    )));
                }
                for notice in store.sign_in_notices() {
                    eprintln!("{notice}");
                }
                Ok(store)
            }
        }
    }

    /// The passphrase: from the environment, or asked for on the terminal without echo.
    pub fn passphrase(&self) -> Result<String, CliError> {
        read_secret(
            PASSPHRASE_VAR,
            &format!("Passphrase for {}: ", self.who_text()),
        )
    }

    fn upgrade(&self, options: &forumdesk_core::model::SignInOptions) -> Result<Store, CliError> {
        let who = self.who().to_lowercase();
        let me = options
            .upgraders
            .iter()
            .find(|u| who.is_empty() || u.name.to_lowercase() == who)
            .ok_or_else(|| {
                CliError::Usage(
                    "Only the chair or the treasurer can do the one-time upgrade of this forum's data. Say who you are with --as NAME.".into(),
                )
            })?;
        eprintln!(
            "This forum was saved by an older Forum Desk. Its data will now be encrypted, and {}'s passphrase set.",
            me.name
        );
        let passphrase = read_secret(
            PASSPHRASE_VAR,
            &format!("Choose a passphrase for {}: ", me.name),
        )?;
        let (store, recovery) =
            Store::upgrade(&self.data_dir, me.person_id, &passphrase, KdfParams::REAL)?;
        say!("Recovery key: {}", recovery.recovery_key);
        eprintln!("Write the recovery key down and keep it somewhere safe, away from this computer. It is shown only once.");
        for c in recovery.codes {
            say!("One-time code for {}: {}", c.name, c.code);
        }
        Ok(store)
    }
}

/// A secret from the environment variable `var`, or typed at the terminal without echo.
pub fn read_secret(var: &str, prompt: &str) -> Result<String, CliError> {
    if let Some(v) = secret_from_env(var) {
        return Ok(v);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(format!(
            "Forum Desk needs a passphrase to open this forum. Set {var}, or run this in a terminal to type it."
        )));
    }
    rpassword::prompt_password(prompt)
        .map_err(|e| CliError::Usage(format!("Could not read the passphrase: {e}")))
}

fn secret_from_env(var: &str) -> Option<String> {
    std::env::var(var).ok().filter(|v| !v.is_empty())
}

/// The data folder for commands that must not create it (`info` on a folder that is not
/// there yet still says where it would be).
pub fn folder_exists(dir: &Path) -> bool {
    dir.is_dir()
}
