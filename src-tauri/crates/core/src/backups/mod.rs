//! The backups room: automatic, encrypted, checked backups of the whole forum, kept by a
//! rotation (the last 10, one a day for 14 days, one a month for 24 months, one a year for 7
//! years) under a size cap that thins the oldest first, copied off the laptop to a second
//! folder, and restored all or nothing.

mod container;
mod job;
pub(crate) mod model;
mod restore;
mod rotation;
mod settings;

pub use job::BackupJob;
pub(crate) use rotation::newest_backup_name;

/// The folder inside the data folder that holds the backups.
pub const BACKUPS_DIR: &str = "backups";
/// Backup files end with this.
pub const BACKUP_EXT: &str = "fdbackup";
