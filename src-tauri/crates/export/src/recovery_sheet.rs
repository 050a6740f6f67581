//! The one-page "Recovery sheet": the forum's recovery key, printed at set-up and kept
//! somewhere safe, away from the laptop. It opens the forum (and every backup) if every
//! officer forgets their passphrase, or if the laptop dies and a backup must be restored on
//! a new one. It is never saved inside the data folder.

use chrono::{DateTime, Utc};

use crate::error::Result;
use crate::fonts::Weight;
use crate::format;
use crate::layout::{PageWriter, BODY};

/// What the sheet shows.
#[derive(Debug, Clone)]
pub struct RecoverySheetInput {
    pub forum_name: String,
    /// The key in groups of four, as people copy it.
    pub recovery_key: String,
    /// Who set the forum up, and when.
    pub made_by: String,
    pub made_at: DateTime<Utc>,
    /// The forum's certificate fingerprint, so the sheet also says which forum it opens.
    pub fingerprint: String,
}

pub fn render_recovery_sheet(input: &RecoverySheetInput) -> Result<Vec<u8>> {
    let made = format::date_time(format::uk_local(input.made_at));
    let mut w = PageWriter::new(
        &format!("{}: recovery sheet", input.forum_name),
        format!("{} · Recovery sheet · Keep this safe", input.forum_name),
        None,
        input.made_at,
    )?;
    w.heading("Forum Desk recovery sheet", 1);
    w.paragraph(&input.forum_name, 14.0, Weight::Bold);
    w.space(8.0);
    w.paragraph("Recovery key", BODY, Weight::Bold);
    w.paragraph(&input.recovery_key, 20.0, Weight::Bold);
    w.space(12.0);
    for line in [
        "This key opens your forum's records in Forum Desk, and every backup of them, if nobody can remember their passphrase or the laptop is lost and a backup must be restored on a new one.",
        "Keep this sheet somewhere safe and away from the laptop: a locked drawer at home, or with the forum's other important papers. Anyone who has this key and a copy of the forum's data can read all of it, including children's details.",
        "To use it: on the sign-in screen choose your name, then \"I forgot my passphrase\", and type the key. To restore a backup on a new computer, choose \"Restore a forum from a backup file\".",
        "The key is not saved anywhere on the laptop. If this sheet is lost, print a new one: an officer can make a new recovery key in Settings.",
    ] {
        w.paragraph(line, BODY, Weight::Regular);
        w.space(6.0);
    }
    w.space(8.0);
    w.label_value("Made by", &input.made_by);
    w.label_value("Made on", &made);
    w.label_value("Forum's certificate", &input.fingerprint);
    w.finish()
}
