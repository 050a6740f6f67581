//! The shapes of the backups room that cross to the window and the command line.

use serde::{Deserialize, Serialize};

/// One backup, as Settings → Backups lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BackupInfo {
    /// The file's name in the backups folder.
    pub name: String,
    pub path: String,
    /// `YYYY-MM-DDTHH:MM:SS`
    pub made_at: String,
    pub size_bytes: u64,
    /// The newest change it holds, in words; empty if it cannot be read with today's keys.
    pub latest_change: String,
    pub latest_change_at: Option<String>,
}

/// Everything the Backups screen shows.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BackupsOverview {
    pub folder: String,
    pub backups: Vec<BackupInfo>,
    pub total_bytes: u64,
    /// The most the backups folder may hold before the oldest are thinned, in MB.
    pub cap_mb: u64,
    /// Where a copy goes automatically (a USB stick, a synced folder), if set.
    pub copy_folder: Option<String>,
    /// When a backup last left the laptop (copied to that folder or saved elsewhere).
    pub last_copied_off_at: Option<String>,
    /// Days since then (or since the forum was set up).
    pub days_since_copied_off: i64,
    /// More than 30 days with no copy off the laptop: the home screen warns.
    pub copy_off_overdue: bool,
    /// Changes made since the newest backup.
    pub changes_since_backup: bool,
}

/// Backup settings as the form sends them.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct BackupSettingsInput {
    /// Blank for none.
    #[serde(default)]
    pub copy_folder: String,
    /// Whole megabytes.
    #[serde(default)]
    pub cap_mb: String,
}
