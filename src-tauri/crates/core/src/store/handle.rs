//! [`Store`]: one open connection to the forum's database, the clock, and who is signed in.
//! A store on disk is only ever made by signing in (see the sign-in room), so holding a
//! `Store` means holding the database key.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use zeroize::Zeroizing;

use super::clock::Clock;
use super::error::{CoreError, Result};
use super::open;
use super::tx::Tx;
use crate::signin::{KdfParams, Session};

pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) clock: Clock,
    pub(crate) session: Option<Session>,
    /// `None` for a throwaway store in memory.
    pub(crate) data_dir: Option<PathBuf>,
    exports_dir: PathBuf,
    /// The database key, kept to open a second connection (a backup must not make the
    /// window wait) and to seal it into new sign-in slots. `None` in memory.
    pub(crate) db_key: Option<Zeroizing<[u8; 32]>>,
    /// How new sign-in slots are stretched; tests make cheap ones.
    pub(crate) kdf: KdfParams,
    /// The forum's signing identity when this store made it (set-up, the demo builder, tests
    /// in memory), handed to whoever the demo or a test acts as when that person is an
    /// officer. A real sign-in gets the key only from the person's own slot.
    pub(crate) acting_identity: Option<forumdesk_export::ForumIdentity>,
    /// Set by changes worth a backup at once (an approval, a payment, an import); the window
    /// takes the backup on another thread (see [`Store::take_backup_job`]).
    pub(crate) backup_requested: bool,
}

impl Store {
    /// A store around an open connection to the forum in `data_dir`.
    pub(crate) fn on_disk(
        conn: Connection,
        data_dir: &Path,
        db_key: Zeroizing<[u8; 32]>,
        kdf: KdfParams,
    ) -> Store {
        Store {
            conn,
            clock: Clock::System,
            session: None,
            data_dir: Some(data_dir.to_path_buf()),
            exports_dir: data_dir.join("Forum Desk exports"),
            db_key: Some(db_key),
            kdf,
            acting_identity: None,
            backup_requested: false,
        }
    }

    /// A throwaway store in memory, for tests and benchmarks. Nobody is signed in until the
    /// forum is set up or a test acts as somebody.
    pub fn open_in_memory() -> Result<Store> {
        Ok(Store {
            conn: open::open_in_memory()?,
            clock: Clock::System,
            session: None,
            data_dir: None,
            exports_dir: std::env::temp_dir().join("Forum Desk exports"),
            db_key: None,
            kdf: KdfParams::CHEAP_FOR_TESTS,
            acting_identity: None,
            backup_requested: false,
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

    /// The signed-in person's id; `None` before anyone has signed in.
    pub fn actor(&self) -> Option<i64> {
        self.session.as_ref().map(|s| s.person_id)
    }

    /// The signed-in person, who must be there, unlocked, and not in the middle of choosing
    /// a new passphrase.
    pub(crate) fn require_actor(&self) -> Result<i64> {
        self.active_session().map(|s| s.person_id)
    }

    pub(crate) fn active_session(&self) -> Result<&Session> {
        let s = self.session.as_ref().ok_or(CoreError::NoSession)?;
        if s.locked {
            return Err(CoreError::SessionLocked);
        }
        if s.must_choose_passphrase {
            return Err(CoreError::NotAllowed(
                "Please choose your new passphrase first.".into(),
            ));
        }
        Ok(s)
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one transaction: all of its changes and its audit entries land together, or
    /// none of them do.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        let actor = self.actor();
        let tx = Tx {
            tx: self.conn.transaction()?,
            clock: self.clock,
            actor,
        };
        let out = f(&tx)?;
        tx.tx.commit()?;
        Ok(out)
    }

    pub(crate) fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }
}

impl Store {
    /// For `make bench` only: a plain (unencrypted) copy of a forum opened as an officer,
    /// to measure what encryption costs. A plain file protects nothing, so there is nothing
    /// to sign in to; the app itself never opens one this way.
    #[doc(hidden)]
    pub fn open_plain_copy_for_bench(path: &Path) -> Result<Store> {
        let conn = open::open_connection(path, None)?;
        let mut store = Store::open_in_memory()?;
        store.conn = conn;
        let chair = crate::forum::people::person_by_name_or_email(&store.conn, "")?;
        // A throwaway key, so the chair acts with officer powers and sees what the
        // encrypted store's chair sees.
        store.acting_identity = Some(
            forumdesk_export::ForumIdentity::generate("Bench copy", chrono::Utc::now())
                .map_err(|e| CoreError::Database(e.to_string()))?,
        );
        store.act_as(Some(chair))?;
        Ok(store)
    }
}
