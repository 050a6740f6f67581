//! The signed-in person and their powers. Officer powers come only from holding the forum's
//! signing key, which only officers' slots (and the recovery slot) carry: never from a role
//! column a person with the database key could change.

use forumdesk_export::ForumIdentity;

/// Who is using the forum's data now.
#[derive(Clone)]
pub(crate) struct Session {
    pub person_id: i64,
    /// The slot they signed in with; `None` for a throwaway store in tests.
    pub slot_id: Option<String>,
    /// The forum's signing key, for officers only.
    pub signing: Option<ForumIdentity>,
    /// Locked after a period of no use or on "Lock now": nothing is done until the same
    /// person unlocks with their passphrase.
    pub locked: bool,
    /// Signed in with a one-time code or the recovery key for a reset: the only thing they
    /// may do is choose a new passphrase.
    pub must_choose_passphrase: bool,
    /// What to tell the person as they sign in (for example that somebody set a one-time
    /// passphrase for them since they last signed in).
    pub notices: Vec<String>,
    /// Acting without a sign-in: the demo builder, or a test on a throwaway store. Such a
    /// session has no passphrase to confirm.
    pub without_sign_in: bool,
}

impl Session {
    pub fn is_officer(&self) -> bool {
        self.signing.is_some()
    }
}

impl std::fmt::Debug for Session {
    // Never print keys.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("person_id", &self.person_id)
            .field("officer", &self.is_officer())
            .field("locked", &self.locked)
            .finish()
    }
}
