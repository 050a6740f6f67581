//! The shapes of the sign-in room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

pub use super::strength::PassphraseStrength;

/// What the data folder holds, judged without any key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FolderState {
    /// Nothing yet: first run sets up a forum.
    New,
    /// A forum from before sign-in existed: an officer signs in once to encrypt it.
    Upgrade,
    /// An encrypted forum: choose your name and give your passphrase.
    Ready,
}

/// What the start screen shows before anybody has signed in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SignInOptions {
    pub state: FolderState,
    /// People who may sign in (state `ready`): only their display labels.
    pub people: Vec<SignInChoice>,
    /// Officers who may do the one-time upgrade (state `upgrade`).
    pub upgraders: Vec<UpgradeChoice>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SignInChoice {
    pub slot_id: String,
    /// First name or known-as.
    pub label: String,
    /// Their sign-in was made with a one-time code they must replace.
    pub one_time: bool,
    /// Seconds to wait before trying again after several wrong passphrases; 0 if none.
    pub wait_seconds: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UpgradeChoice {
    pub person_id: i64,
    pub name: String,
}

/// First run: the forum and the person setting it up, with their passphrase.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct SetupInput {
    pub forum_name: String,
    pub your_name: String,
    #[serde(default)]
    pub your_email: String,
    #[serde(default)]
    pub passphrase: String,
}

/// What set-up (or the one-time upgrade) hands back once: the recovery key, to be written
/// down or printed and never saved in the data folder, and any one-time codes made for
/// officers who were not at the keyboard.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecoveryDetails {
    pub recovery_key: String,
    pub codes: Vec<OneTimeCode>,
}

/// A one-time code for somebody to choose their own passphrase with. Shown once.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct OneTimeCode {
    pub person_id: i64,
    pub name: String,
    pub code: String,
}

/// Somebody who may sign in, as Settings lists them for officers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SignInPerson {
    pub person_id: i64,
    pub name: String,
    pub label: String,
    pub officer: bool,
    /// Still waiting for them to replace a one-time code.
    pub one_time: bool,
    pub last_sign_in_at: Option<String>,
    /// Who last set a one-time code for them, and when.
    pub set_by_name: Option<String>,
    pub set_at: Option<String>,
}

/// A notice to show the person straight after they sign in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SignInNotice {
    pub message: String,
}

/// Who is signed in, as the window needs to know it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SessionInfo {
    pub person: crate::model::Person,
    /// Signed in with a one-time code: they must choose a passphrase before anything else.
    pub must_choose_passphrase: bool,
    pub locked: bool,
    /// Things to tell them now (see `Session::notices`).
    pub notices: Vec<String>,
    /// Minutes of no use before the window locks.
    pub lock_minutes: i64,
}

/// What set-up or the upgrade hands the window: who is signed in, and the recovery key (and
/// any one-time codes) to show once.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SetupDone {
    pub session: SessionInfo,
    pub recovery: RecoveryDetails,
}
