//! Builds and runs the Tauri app. Before anybody signs in there is no store at all: the
//! start screen reads only the sign-in file's labels. Signing in opens the encrypted store,
//! which stays open (WAL, one connection) until the person signs out or the window closes.
//! Backups run on their own threads and connections, so the window never waits for them.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use forumdesk_core::{BackupJob, CoreError, ExportProgress, ProgressSnapshot, Store};

use crate::api_error::ApiError;

/// How often the window checks whether a backup is due.
const BACKUP_CHECK: Duration = Duration::from_secs(60);
/// While there are changes, a backup at least this often.
const BACKUP_EVERY_MINUTES: i64 = 15;

/// Shared by every command through `tauri::State<AppState>`.
pub struct AppState {
    pub data_dir: PathBuf,
    /// The signed-in store, or none before sign-in (and after signing out).
    store: Mutex<Option<Store>>,
    exports_dir: PathBuf,
    /// The claim pack being drawn and signed, if any: the window polls its counts and may
    /// cancel it. Its own lock, never the store's, so polling answers while the pack is made.
    export: Mutex<Option<Arc<ExportProgress>>>,
}

/// The running export's place in [`AppState`]; emptied when the export ends, however it
/// ends (even by a panic).
pub struct ExportSlot<'a> {
    state: &'a AppState,
    pub progress: Arc<ExportProgress>,
}

impl Drop for ExportSlot<'_> {
    fn drop(&mut self) {
        *self.state.export_lock() = None;
    }
}

impl AppState {
    pub fn new(data_dir: PathBuf) -> Self {
        let exports_dir = default_exports_dir(&data_dir);
        AppState {
            data_dir,
            store: Mutex::new(None),
            exports_dir,
            export: Mutex::new(None),
        }
    }

    fn export_lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<ExportProgress>>> {
        self.export.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts counting a new export. One at a time: the window shows one progress bar and
    /// one Cancel, and two packs drawn at once would only share the same two cores.
    pub fn start_export(&self) -> Result<ExportSlot<'_>, ApiError> {
        let mut slot = self.export_lock();
        if slot.is_some() {
            return Err(CoreError::Locked(
                "Another claim pack is being made. Wait for it to finish, or cancel it.".into(),
            )
            .into());
        }
        let progress = Arc::new(ExportProgress::new());
        *slot = Some(progress.clone());
        Ok(ExportSlot {
            state: self,
            progress,
        })
    }

    /// How far the running export has got; none when no export is running.
    pub fn export_progress(&self) -> Option<ProgressSnapshot> {
        self.export_lock().as_ref().map(|p| p.snapshot())
    }

    /// Asks the running export to stop; false when there is none.
    pub fn cancel_export(&self) -> bool {
        match self.export_lock().as_ref() {
            Some(p) => {
                p.cancel();
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Store>> {
        // A panic in an earlier command poisons the lock; the store itself is still sound
        // (every change is one transaction), so carry on with it.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps a store a sign-in produced, and returns what the window shows about it.
    pub fn signed_in<T>(
        &self,
        made: Result<Store, CoreError>,
        then: impl FnOnce(&mut Store) -> Result<T, CoreError>,
    ) -> Result<T, ApiError> {
        let mut store = made.map_err(ApiError::from)?;
        store.set_exports_dir(self.exports_dir.clone());
        let out = then(&mut store).map_err(ApiError::from)?;
        *self.lock() = Some(store);
        Ok(out)
    }

    /// Runs `f` with the signed-in store, or says that nobody is signed in. Afterwards, a
    /// backup the change asked for (an approval, a payment, an import) runs on its own thread.
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, CoreError>,
    ) -> Result<T, ApiError> {
        let (out, job) = {
            let mut guard = self.lock();
            let store = guard
                .as_mut()
                .ok_or_else(|| ApiError::from(CoreError::NoSession))?;
            let out = f(store);
            (out, store.take_backup_job())
        };
        if let Some(job) = job {
            run_in_background(job);
        }
        out.map_err(ApiError::from)
    }

    /// The same as [`AppState::with_session`], for commands that do not need a session
    /// (they are given the store if there is one).
    pub fn with_optional<T>(&self, f: impl FnOnce(Option<&mut Store>) -> T) -> T {
        let mut guard = self.lock();
        f(guard.as_mut())
    }

    /// Signs out ("Someone else"): the store is closed and what was being typed is dropped.
    pub fn sign_out(&self) {
        let store = self.lock().take();
        if let Some(store) = store {
            if store.backup_due().unwrap_or(false) {
                if let Ok(job) = store.backup_job() {
                    run_in_background(job);
                }
            }
        }
    }

    /// Every minute: if something changed and the newest backup is 15 minutes old or more,
    /// take one (on its own connection, off the lock).
    fn backup_tick(&self) {
        let job = {
            let guard = self.lock();
            let Some(store) = guard.as_ref() else {
                return;
            };
            if store.is_locked() || !store.backup_due().unwrap_or(false) {
                return;
            }
            let old_enough = store.last_backup_at().is_none_or(|t| {
                (chrono::Local::now().naive_local() - t).num_minutes() >= BACKUP_EVERY_MINUTES
            });
            if !old_enough {
                return;
            }
            store.backup_job().ok()
        };
        if let Some(job) = job {
            if let Err(e) = job.run() {
                eprintln!("Forum Desk could not take a backup: {e}");
            }
        }
    }

    /// On closing the window: a last backup if anything changed.
    fn backup_on_close(&self) {
        let job = {
            let guard = self.lock();
            guard
                .as_ref()
                .filter(|s| s.backup_due().unwrap_or(false))
                .and_then(|s| s.backup_job().ok())
        };
        if let Some(job) = job {
            if let Err(e) = job.run() {
                eprintln!("Forum Desk could not take a backup: {e}");
            }
        }
    }
}

fn run_in_background(job: BackupJob) {
    std::thread::spawn(move || {
        if let Err(e) = job.run() {
            eprintln!("Forum Desk could not take a backup: {e}");
        }
    });
}

/// "Forum Desk exports" in the person's Documents folder, where they will look for files;
/// inside the data folder when there is no Documents folder.
fn default_exports_dir(data_dir: &std::path::Path) -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(|d| d.join("Forum Desk exports")))
        .unwrap_or_else(|| data_dir.join("Forum Desk exports"))
}

/// Opens the main window (declared in tauri.conf.json) and runs until it is closed.
pub fn run(data_dir: PathBuf) -> Result<(), tauri::Error> {
    use tauri::Manager;
    let app = tauri::Builder::default()
        .manage(AppState::new(data_dir))
        .setup(|app| {
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(BACKUP_CHECK);
                handle.state::<AppState>().backup_tick();
            });
            Ok(())
        })
        // The command list is generated by build.rs from commands.list.
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/invoke_handler.rs")))
        .build(tauri::generate_context!())?;
    app.run(|handle, event| {
        if let tauri::RunEvent::ExitRequested { .. } = event {
            handle.state::<AppState>().backup_on_close();
        }
    });
    Ok(())
}
