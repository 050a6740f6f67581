//! [`Store`]: one SQLite connection, the clock, and the person using the app.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::clock::Clock;
use super::error::{CoreError, Result};
use super::open;
use super::tx::Tx;

pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) clock: Clock,
    actor: Option<i64>,
    data_dir: Option<PathBuf>,
    exports_dir: PathBuf,
}

impl Store {
    /// Opens the store in `data_dir`, creating the folder and the database if needed.
    pub fn open(data_dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(data_dir).map_err(|e| CoreError::Io {
            path: data_dir.display().to_string(),
            reason: e.to_string(),
        })?;
        let conn = open::open_connection(&open::db_path(data_dir))?;
        Ok(Store {
            conn,
            clock: Clock::System,
            actor: None,
            data_dir: Some(data_dir.to_path_buf()),
            exports_dir: data_dir.join("Forum Desk exports"),
        })
    }

    /// A throwaway store, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        Ok(Store {
            conn: open::open_in_memory()?,
            clock: Clock::System,
            actor: None,
            data_dir: None,
            exports_dir: std::env::temp_dir().join("Forum Desk exports"),
        })
    }

    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    pub fn clock(&self) -> Clock {
        self.clock
    }

    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    /// Where exports (CSV, subject access files, PDFs) are written.
    pub fn exports_dir(&self) -> &Path {
        &self.exports_dir
    }

    pub fn set_exports_dir(&mut self, dir: PathBuf) {
        self.exports_dir = dir;
    }

    /// The person using the app; `None` for the command line, whose changes are logged as such.
    pub fn set_actor(&mut self, person_id: Option<i64>) {
        self.actor = person_id;
    }

    pub fn actor(&self) -> Option<i64> {
        self.actor
    }

    /// The person using the app, for actions that need one (approving, for example).
    pub(crate) fn require_actor(&self) -> Result<i64> {
        self.actor.ok_or(CoreError::NoSession)
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction: all of its changes and its audit entries land together, or
    /// none of them do.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let tx = Tx {
            tx: self.conn.transaction()?,
            clock: self.clock,
            actor: self.actor,
        };
        let out = f(&tx)?;
        tx.tx.commit()?;
        Ok(out)
    }

    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}
