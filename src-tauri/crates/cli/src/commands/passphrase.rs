//! `forumdesk passphrase set --as PERSON` (choose a passphrase: after a one-time code, or to
//! change one) and `forumdesk passphrase reset --as PERSON` (a forgotten passphrase, with
//! the recovery key). New passphrases come from FORUMDESK_NEW_PASSPHRASE when there is no
//! terminal.

use forumdesk_core::Store;

use crate::access::{read_secret, Access, NEW_PASSPHRASE_VAR, PASSPHRASE_VAR, RECOVERY_VAR};
use crate::CliError;

#[derive(Debug, clap::Subcommand)]
pub enum PassphraseCommand {
    /// Choose your passphrase: after signing in with a one-time code (given in
    /// FORUMDESK_PASSPHRASE or typed), or to change your current one.
    Set,
    /// Reset a forgotten passphrase with the forum's recovery key (FORUMDESK_RECOVERY_KEY or
    /// typed).
    Reset,
}

pub fn run(cmd: PassphraseCommand, access: &Access) -> Result<(), CliError> {
    let who = if access.who().is_empty() {
        "the chair".to_string()
    } else {
        access.who().to_string()
    };
    match cmd {
        PassphraseCommand::Set => {
            let current = read_secret(
                PASSPHRASE_VAR,
                &format!("Current passphrase or one-time code for {who}: "),
            )?;
            let mut store = Store::sign_in_as(&access.data_dir, access.who(), &current)?;
            let new = read_new()?;
            if store.must_choose_passphrase() {
                store.choose_passphrase(&new)?;
            } else {
                store.change_passphrase(&current, &new)?;
            }
            say!("The new passphrase for {who} is set.");
        }
        PassphraseCommand::Reset => {
            let recovery = read_secret(RECOVERY_VAR, "Recovery key: ")?;
            let signed_in =
                Store::sign_in_with_recovery(&access.data_dir, &recovery, access.who())?;
            let slot = signed_in
                .own_slot_id()
                .ok_or_else(|| CliError::Usage(format!("{who} cannot sign in here.")))?;
            drop(signed_in);
            let new = read_new()?;
            Store::reset_passphrase_with_recovery(&access.data_dir, &slot, &recovery, &new)?;
            say!("The passphrase for {who} has been reset with the recovery key.");
        }
    }
    Ok(())
}

fn read_new() -> Result<String, CliError> {
    let first = read_secret(NEW_PASSPHRASE_VAR, "New passphrase: ")?;
    if std::env::var(NEW_PASSPHRASE_VAR).is_err() {
        let again = read_secret(NEW_PASSPHRASE_VAR, "The new passphrase again: ")?;
        if again != first {
            return Err(CliError::Usage(
                "The two passphrases are not the same.".into(),
            ));
        }
    }
    Ok(first)
}
