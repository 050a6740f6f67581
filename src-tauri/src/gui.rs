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
    /// The signed export (claim pack, meeting notes, annual or project report) being drawn
    /// and signed, if any: the window polls its counts and may cancel it. Its own lock, never
    /// the store's, so polling answers while the file is made.
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
    /// one Cancel, and two files drawn at once would only share the same two cores.
    pub fn start_export(&self) -> Result<ExportSlot<'_>, ApiError> {
        let mut slot = self.export_lock();
        if slot.is_some() {
            return Err(CoreError::Locked(
                "Another signed file is being made. Wait for it to finish, or cancel it.".into(),
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

    /// Makes a signed file without holding the store while it is drawn and signed, so the
    /// window stays usable and polls the counts: `prepare` reads under the store's lock,
    /// `render` runs without it (counting in the export's progress), and `save` runs under it
    /// again unless Cancel was pressed, so a cancelled file is never saved. One at a time.
    pub fn export_in_steps<P, R, T>(
        &self,
        prepare: impl FnOnce(&mut Store) -> Result<P, CoreError>,
        render: impl FnOnce(P, &ExportProgress) -> Result<R, CoreError>,
        save: impl FnOnce(&mut Store, &R) -> Result<T, CoreError>,
    ) -> Result<T, ApiError> {
        let slot = self.start_export()?;
        let prepared = self.with_session(prepare)?;
        let rendered = render(prepared, &slot.progress).map_err(ApiError::from)?;
        self.with_session(|s| {
            if slot.progress.is_cancelled() {
                return Err(CoreError::Cancelled);
            }
            save(s, &rendered)
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
    /// A file being made is cancelled first, so it is never saved and logged in the store of
    /// whoever signs in next.
    pub fn sign_out(&self) {
        self.cancel_export();
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
            open_window(app)?;
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

/// Opens the main window (tauri.conf.json describes it, with `create: false` so that it is
/// made here), handing its page what the start screen needs as it loads: the page can list
/// who may sign in without waiting for a call to the core. What is read here, before the
/// window exists, is small: the sign-in file and the database's first bytes.
fn open_window(app: &mut tauri::App) -> Result<(), Box<dyn std::error::Error>> {
    use tauri::Manager;
    let info = crate::commands::AppInfo::read(&app.state::<AppState>());
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .ok_or("tauri.conf.json has no main window")?
        .clone();
    tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .initialization_script(start_script(&info)?)
        .build()?;
    Ok(())
}

/// The script that runs before the page's own: it sets `window.__FORUMDESK_START__` to the
/// start screen's facts as JSON, which is also JavaScript. It holds nothing the page could not
/// ask the core for, and ui/js/api.js uses it only on the window's first load (after a reload
/// the folder or session may have changed since, so it asks the core).
pub(crate) fn start_script(info: &crate::commands::AppInfo) -> serde_json::Result<String> {
    // JSON is JavaScript, except that engines older than ES2019 end a line at U+2028 and
    // U+2029 even inside a string; they only ever appear inside strings here, so escape them.
    let json = serde_json::to_string(info)?
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    Ok(format!("window.__FORUMDESK_START__ = {json};"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::mpsc;
    use std::time::Duration;

    use forumdesk_core::model::{MeetingFilter, NotesVersion};
    use forumdesk_core::{
        create_demo_folder, Clock, Destination, ErrorCode, ExportStage, KdfParams, DEMO_PASSPHRASE,
    };

    use super::*;

    /// Long enough for a slow shared machine; only reached when something is wrong.
    const PATIENCE: Duration = Duration::from_secs(120);

    /// Signs the demo forum's chair in to `state`, saving exports in `dir/exports`.
    fn sign_in(state: &AppState, dir: &Path) {
        let exports = dir.join("exports");
        state
            .signed_in(
                Store::sign_in_as(&dir.join("data"), "", DEMO_PASSPHRASE),
                |s| {
                    s.set_exports_dir(exports);
                    let morning = chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
                        .and_then(|d| d.and_hms_opt(9, 0, 0))
                        .unwrap();
                    s.set_clock(Clock::Fixed(morning));
                    Ok(())
                },
            )
            .unwrap();
    }

    /// The window's state for the demo forum, signed in as its chair.
    fn demo(dir: &Path) -> AppState {
        create_demo_folder(
            &dir.join("data"),
            chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            DEMO_PASSPHRASE,
            KdfParams::CHEAP_FOR_TESTS,
        )
        .unwrap();
        let state = AppState::new(dir.join("data"));
        sign_in(&state, dir);
        state
    }

    fn exported_files(dir: &Path) -> Vec<PathBuf> {
        match std::fs::read_dir(dir.join("exports")) {
            Ok(list) => list.map(|e| e.unwrap().path()).collect(),
            Err(_) => Vec::new(),
        }
    }

    /// The saved file verifies as signed by the forum and unchanged.
    fn assert_intact(state: &AppState, path: &str) {
        let bytes = std::fs::read(path).unwrap();
        assert!(
            state
                .with_session(|s| s.verify_file(&bytes))
                .unwrap()
                .intact,
            "{path} does not verify"
        );
    }

    fn logged(state: &AppState, action: &str) -> usize {
        state
            .with_session(|s| s.audit_list(200))
            .unwrap()
            .iter()
            .filter(|e| e.action == action)
            .count()
    }

    fn finalised_meeting(state: &AppState) -> i64 {
        state
            .with_session(|s| s.meetings_list(&MeetingFilter::default()))
            .unwrap()
            .iter()
            .find(|m| m.finalised)
            .unwrap()
            .id
    }

    /// A step that stops until the test lets it go on: tells `reached`, waits on `resume`.
    struct Pause {
        reached: mpsc::Sender<()>,
        resume: mpsc::Receiver<()>,
    }

    impl Pause {
        fn new() -> (Pause, mpsc::Receiver<()>, mpsc::Sender<()>) {
            let (reached, wait_reached) = mpsc::channel();
            let (resume, wait_resume) = mpsc::channel();
            let pause = Pause {
                reached,
                resume: wait_resume,
            };
            (pause, wait_reached, resume)
        }

        fn here(&self) {
            self.reached.send(()).unwrap();
            self.resume.recv_timeout(PATIENCE).unwrap();
        }
    }

    #[test]
    fn the_store_is_free_while_notes_are_drawn_and_cancelled_notes_are_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let state = demo(dir.path());
        let meeting = finalised_meeting(&state);
        let (pause, reached, resume) = Pause::new();
        let result = std::thread::scope(|scope| {
            let state = &state;
            let worker = scope.spawn(move || {
                state.export_in_steps(
                    |s| s.meeting_notes_prepare(meeting, NotesVersion::Full),
                    |prepared, progress| {
                        pause.here();
                        prepared.render_with(progress)
                    },
                    |s, rendered| s.meeting_notes_save(rendered, &Destination::ExportsFolder),
                )
            });
            reached.recv_timeout(PATIENCE).unwrap();
            // While the notes are being made: the store's lock is free and the store answers,
            // the window sees the export's progress, and a second export is refused.
            let free = state.store.try_lock().is_ok();
            let answered = free && state.with_session(|s| s.audit_list(1)).is_ok();
            let progress = state.export_progress();
            let second = state.start_export().err();
            let cancelled = state.cancel_export();
            resume.send(()).unwrap();
            let result = worker.join().unwrap();
            assert!(free, "the store's lock was held while the notes were drawn");
            assert!(answered);
            assert!(progress.is_some_and(|p| !p.cancelled));
            assert!(second.is_some_and(|e| e.code == ErrorCode::Locked));
            assert!(cancelled);
            result
        });
        let e = result.unwrap_err();
        assert_eq!(e.code, ErrorCode::Cancelled, "{}", e.message);
        assert_eq!(state.export_progress(), None, "the slot is emptied");
        assert_eq!(exported_files(dir.path()), Vec::<PathBuf>::new());
        assert_eq!(logged(&state, "exported signed meeting notes"), 0);

        // Not cancelled, the same steps save the signed notes and log them.
        let saved = state
            .export_in_steps(
                |s| s.meeting_notes_prepare(meeting, NotesVersion::Full),
                |prepared, progress| prepared.render_with(progress),
                |s, rendered| s.meeting_notes_save(rendered, &Destination::ExportsFolder),
            )
            .unwrap();
        assert_eq!(exported_files(dir.path()), vec![PathBuf::from(&saved.path)]);
        assert_eq!(logged(&state, "exported signed meeting notes"), 1);
        assert_intact(&state, &saved.path);
    }

    #[test]
    fn an_annual_report_cancelled_after_signing_or_by_signing_out_is_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let state = demo(dir.path());
        let action = "exported a signed annual report";

        // Cancel pressed after the report was signed, before it was saved.
        let e = state
            .export_in_steps(
                |s| s.annual_report_prepare(2026),
                |prepared, progress| {
                    let rendered = prepared.render_with(progress)?;
                    assert_eq!(progress.snapshot().stage, ExportStage::Done);
                    progress.cancel();
                    Ok(rendered)
                },
                |s, rendered| s.annual_report_save(rendered, &Destination::ExportsFolder),
            )
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Cancelled, "{}", e.message);

        // Signing out (and back in) while the report is drawn cancels it.
        let (pause, reached, resume) = Pause::new();
        let result = std::thread::scope(|scope| {
            let state = &state;
            let worker = scope.spawn(move || {
                state.export_in_steps(
                    |s| s.annual_report_prepare(2026),
                    |prepared, progress| {
                        pause.here();
                        prepared.render_with(progress)
                    },
                    |s, rendered| s.annual_report_save(rendered, &Destination::ExportsFolder),
                )
            });
            reached.recv_timeout(PATIENCE).unwrap();
            state.sign_out();
            sign_in(state, dir.path());
            resume.send(()).unwrap();
            worker.join().unwrap()
        });
        let e = result.unwrap_err();
        assert_eq!(e.code, ErrorCode::Cancelled, "{}", e.message);
        assert_eq!(exported_files(dir.path()), Vec::<PathBuf>::new());
        assert_eq!(logged(&state, action), 0);

        // Not cancelled: saved as annual-report-2026-27.pdf, signed, and logged.
        let saved = state
            .export_in_steps(
                |s| s.annual_report_prepare(2026),
                |prepared, progress| prepared.render_with(progress),
                |s, rendered| s.annual_report_save(rendered, &Destination::ExportsFolder),
            )
            .unwrap();
        assert!(
            saved.path.ends_with("annual-report-2026-27.pdf"),
            "{}",
            saved.path
        );
        assert_eq!(logged(&state, action), 1);
        assert_intact(&state, &saved.path);
    }

    #[test]
    fn the_store_is_free_while_a_project_report_is_drawn_and_a_cancelled_one_is_not_saved() {
        let dir = tempfile::tempdir().unwrap();
        let state = demo(dir.path());
        let action = "exported a signed project report";
        let project = state
            .with_session(|s| s.projects_list())
            .unwrap()
            .iter()
            .find(|p| p.feedback_count > 0)
            .unwrap()
            .id;
        // The window's command, step for step (commands/projects.rs), paused while drawing.
        let make = |pause: Option<Pause>| {
            state.export_in_steps(
                |s| s.project_report_prepare(project),
                |prepared, progress| {
                    if let Some(pause) = pause {
                        pause.here();
                    }
                    prepared.render_with(progress)
                },
                |s, rendered| s.project_report_save(rendered, &Destination::ExportsFolder),
            )
        };
        let (pause, reached, resume) = Pause::new();
        let result = std::thread::scope(|scope| {
            let worker = scope.spawn(|| make(Some(pause)));
            reached.recv_timeout(PATIENCE).unwrap();
            // While the report is being made: the store's lock is free and the store answers
            // and takes changes, the window sees the export's progress, and Cancel is heard.
            let free = state.store.try_lock().is_ok();
            let answered = free
                && state
                    .with_session(|s| s.project_get(project))
                    .is_ok_and(|p| !p.feedback.is_empty());
            let wrote = free
                && state
                    .with_session(|s| {
                        s.export_report_csv(
                            &s.annual_figures(2026)?,
                            &Destination::Folder(dir.path().join("meanwhile")),
                        )
                    })
                    .is_ok();
            let progress = state.export_progress();
            let second = state.start_export().err();
            let cancelled = state.cancel_export();
            resume.send(()).unwrap();
            let result = worker.join().unwrap();
            assert!(free, "the store's lock was held while the report was drawn");
            assert!(answered && wrote);
            assert!(progress.is_some_and(|p| !p.cancelled));
            assert!(second.is_some_and(|e| e.code == ErrorCode::Locked));
            assert!(cancelled);
            result
        });
        let e = result.unwrap_err();
        assert_eq!(e.code, ErrorCode::Cancelled, "{}", e.message);
        assert_eq!(state.export_progress(), None, "the slot is emptied");
        assert_eq!(exported_files(dir.path()), Vec::<PathBuf>::new());
        assert_eq!(logged(&state, action), 0);

        // Not cancelled, the same steps save the signed report and log it.
        let saved = make(None).unwrap();
        assert_eq!(exported_files(dir.path()), vec![PathBuf::from(&saved.path)]);
        assert_eq!(logged(&state, action), 1);
        assert_intact(&state, &saved.path);
    }

    /// The start screen's facts reach the page as a script: whatever a name holds (quotes,
    /// backslashes, a closing script tag, the two line separators older JavaScript engines
    /// stop at), the script is one statement whose value is exactly the facts, so a name can
    /// neither break the page nor add code to it.
    #[test]
    fn the_start_script_carries_any_name_as_data() {
        use forumdesk_core::model::{SignInChoice, SignInOptions};
        use forumdesk_core::FolderState;
        let awkward = "Sîan \"Bo\" O'Neil \\ </script><script>alert(1)</script>\u{2028}\u{2029};";
        let info = crate::commands::AppInfo {
            app_version: "1".into(),
            data_dir: "/tmp/x".into(),
            db_path: "/tmp/x/forumdesk.sqlite3".into(),
            schema_version: 17,
            forum_name: None,
            today: "2026-12-02".into(),
            open_error: None,
            sign_in: Some(SignInOptions {
                state: FolderState::Ready,
                people: vec![SignInChoice {
                    slot_id: "s1".into(),
                    label: awkward.into(),
                    one_time: false,
                    wait_seconds: 0,
                }],
                upgraders: Vec::new(),
            }),
            session: None,
        };
        let script = start_script(&info).unwrap();
        let json = script
            .strip_prefix("window.__FORUMDESK_START__ = ")
            .and_then(|s| s.strip_suffix(';'))
            .expect("one assignment");
        assert!(!json.contains('\u{2028}') && !json.contains('\u{2029}'));
        assert!(!json.contains('\n'));
        let back: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back, serde_json::to_value(&info).unwrap());
        assert_eq!(back["sign_in"]["people"][0]["label"], awkward);
    }
}
