//! Moving exchange files: saving them where the person chooses, or through the folder one
//! rep and the forum share (a folder both computers already sync). Each side writes only its
//! own subfolder ("forum" or "rep") and reads the other's; files are written under a
//! temporary name and renamed, so a sync program never picks up half a file; a file read is
//! moved into the reader's own "done" (or "refused") subfolder only after its import has
//! committed, and "done" is emptied of files older than 30 days.

use std::path::{Path, PathBuf};

use rusqlite::{params, OptionalExtension};

use super::model::{FileOutcome, SentFiles};
use crate::store::{private_file, CoreError, Result, Store};
use crate::text::sha256_hex;

const FORUM_SIDE: &str = "forum";
const REP_SIDE: &str = "rep";
const DONE: &str = "done";
const REFUSED: &str = "refused";
const KEEP_DONE_DAYS: u64 = 30;

/// A file name people can read at a glance, safe on every system, ending ".pdf".
pub(crate) fn file_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    format!("{}.pdf", clean.trim().trim_start_matches('.'))
}

/// An exchange folder shared by one rep and the forum.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct ExchangeFolder {
    pub rep_id: i64,
    pub rep_name: String,
    pub path: String,
}

impl Store {
    /// Sets (or with an empty path, clears) the folder shared with a rep. On the forum laptop
    /// an officer sets one per rep; on a rep's computer the rep sets their own.
    pub fn exchange_folder_set(&mut self, rep_id: Option<i64>, path: &str) -> Result<()> {
        let rep_computer = super::is_rep_computer(&self.conn)?;
        let rep_id = if rep_computer {
            self.require_actor()?
        } else {
            self.require_officer("choose reps' exchange folders")?;
            rep_id.ok_or_else(|| {
                CoreError::invalid("rep_id", "Choose the rep this folder is shared with.")
            })?
        };
        let path = path.trim();
        if !path.is_empty() {
            let p = Path::new(path);
            if !p.is_dir() {
                return Err(CoreError::invalid(
                    "exchange_folder",
                    "That folder does not exist. Make it first (inside the folder your computers already sync), then choose it.",
                ));
            }
            if let Some(data) = &self.data_dir {
                let (a, b) = (canonical(p), canonical(data));
                if a.starts_with(&b) || b.starts_with(&a) {
                    return Err(CoreError::invalid(
                        "exchange_folder",
                        "The exchange folder must be outside Forum Desk's own data folder, and must not contain it: the forum's records never go in a shared folder.",
                    ));
                }
            }
        }
        self.write(|tx| {
            if path.is_empty() {
                tx.execute("DELETE FROM exchange_folders WHERE rep_id = ?1", [rep_id])?;
            } else {
                tx.execute(
                    "INSERT INTO exchange_folders (rep_id, path) VALUES (?1, ?2)
                     ON CONFLICT (rep_id) DO UPDATE SET path = excluded.path",
                    params![rep_id, path],
                )?;
            }
            tx.audit("set an exchange folder", "member", Some(rep_id), path)
        })
    }

    /// The exchange folders this computer knows.
    pub fn exchange_folders(&self) -> Result<Vec<ExchangeFolder>> {
        self.active_session()?;
        let mut stmt = self.conn.prepare(
            "SELECT e.rep_id, m.name, e.path FROM exchange_folders e JOIN members m ON m.id = e.rep_id
             ORDER BY m.name COLLATE NOCASE",
        )?;
        let list = stmt.query_map([], |r| {
            Ok(ExchangeFolder {
                rep_id: r.get(0)?,
                rep_name: r.get(1)?,
                path: r.get(2)?,
            })
        })?;
        Ok(list.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes what this computer owes the other side: on a rep's computer their submitted
    /// claims (or a request to join); on the forum laptop an update for each rep's computer
    /// whose state changed. Into `out`, or each rep's exchange folder when `out` is `None`.
    pub fn exchange_send(&mut self, out: Option<&Path>) -> Result<SentFiles> {
        let mut files = Vec::new();
        if super::is_rep_computer(&self.conn)? {
            let me = self.require_actor()?;
            let dir = match out {
                Some(d) => d.to_path_buf(),
                None => self.own_side(me, REP_SIDE)?,
            };
            for (id, name, bytes) in self.rep_outgoing()? {
                let path = write_new(&dir, &name, &bytes)?;
                self.outbox_sent(id)?;
                files.push(path.display().to_string());
            }
        } else {
            let updates = self.forum_updates()?;
            for (rep_id, name, bytes) in updates {
                let dir = match out {
                    Some(d) => d.to_path_buf(),
                    None => match self.folder_of(rep_id)? {
                        Some(shared) => side(&shared, FORUM_SIDE)?,
                        // No folder for this rep: the exports folder, to send by email or USB.
                        None => self.exports_dir().to_path_buf(),
                    },
                };
                files.push(write_new(&dir, &name, &bytes)?.display().to_string());
            }
        }
        Ok(SentFiles { files })
    }

    /// Reads one exchange file (picked by hand, dropped on the window, or from a folder).
    /// A file that is refused is an answer, not an error: only a problem with the session
    /// itself is an error.
    pub fn exchange_receive(&mut self, name: &str, bytes: &[u8]) -> Result<FileOutcome> {
        self.active_session()?;
        let sha = sha256_hex(bytes);
        let seen: Option<String> = self
            .conn
            .query_row(
                "SELECT seen_at FROM exchange_seen WHERE sha256 = ?1",
                [&sha],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(at) = seen {
            return Ok(FileOutcome {
                file: name.to_string(),
                outcome: "already".into(),
                message: format!(
                    "This file was already read on {}, so nothing changed.",
                    crate::text::dates::uk_stamp(&at)
                ),
            });
        }
        let result = if super::is_rep_computer(&self.conn)? {
            self.apply_forum_update(bytes)
        } else {
            self.import_claim_file(bytes)
        };
        match result {
            Ok((outcome, message)) => Ok(FileOutcome {
                file: name.to_string(),
                outcome,
                message,
            }),
            Err(
                e @ (CoreError::NoSession | CoreError::SessionLocked | CoreError::NotAllowed(_)),
            ) => Err(e),
            Err(e) => Ok(FileOutcome {
                file: name.to_string(),
                outcome: "refused".into(),
                message: e.messages().join(" "),
            }),
        }
    }

    /// Reads a file, or every Forum Desk file in a folder, leaving them where they are.
    pub fn exchange_receive_path(&mut self, path: &Path) -> Result<Vec<FileOutcome>> {
        let mut out = Vec::new();
        for file in candidates(path)? {
            let bytes = read(&file)?;
            out.push(self.exchange_receive(&display_name(&file), &bytes)?);
        }
        Ok(out)
    }

    /// Checks every exchange folder for files from the other side, reads them, and moves each
    /// into this side's "done" (or "refused") subfolder once its import has committed.
    pub fn exchange_check_folders(&mut self) -> Result<Vec<FileOutcome>> {
        self.active_session()?;
        let rep_computer = super::is_rep_computer(&self.conn)?;
        if !rep_computer && !self.is_officer() {
            return Ok(Vec::new());
        }
        let (mine, theirs) = if rep_computer {
            (REP_SIDE, FORUM_SIDE)
        } else {
            (FORUM_SIDE, REP_SIDE)
        };
        let mut out = Vec::new();
        for f in self.exchange_folders()? {
            let shared = PathBuf::from(&f.path);
            if !shared.is_dir() {
                out.push(FileOutcome {
                    file: f.path.clone(),
                    outcome: "refused".into(),
                    message: format!("The exchange folder for {} cannot be found. Is the drive or sync program running?", f.rep_name),
                });
                continue;
            }
            let own = side(&shared, mine)?;
            tidy_done(&own.join(DONE));
            let incoming = shared.join(theirs);
            if !incoming.is_dir() {
                continue;
            }
            for file in candidates(&incoming)? {
                let bytes = read(&file)?;
                let outcome = self.exchange_receive(&display_name(&file), &bytes)?;
                let to = own.join(if outcome.outcome == "refused" {
                    REFUSED
                } else {
                    DONE
                });
                move_into(&file, &to)?;
                out.push(outcome);
            }
        }
        Ok(out)
    }

    fn folder_of(&self, rep_id: i64) -> Result<Option<PathBuf>> {
        Ok(self
            .conn
            .query_row(
                "SELECT path FROM exchange_folders WHERE rep_id = ?1",
                [rep_id],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(PathBuf::from))
    }

    /// This side's subfolder of the rep's exchange folder.
    fn own_side(&self, rep_id: i64, which: &str) -> Result<PathBuf> {
        let shared = self.folder_of(rep_id)?.ok_or_else(|| {
            CoreError::invalid(
                "exchange_folder",
                "Choose where to save the file, or set an exchange folder in Settings first.",
            )
        })?;
        side(&shared, which)
    }
}

fn side(shared: &Path, which: &str) -> Result<PathBuf> {
    let dir = shared.join(which);
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    Ok(dir)
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn io(path: &Path, e: std::io::Error) -> CoreError {
    CoreError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    }
}

/// Writes `bytes` as `name` in `dir` without ever replacing a file already there, under a
/// temporary name first and then renamed.
fn write_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let mut path = dir.join(name);
    let stem = name.trim_end_matches(".pdf").to_string();
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}).pdf"));
        n += 1;
    }
    private_file::write_atomic(&path, bytes)?;
    Ok(path)
}

/// Forum Desk files in a folder (or the one file), oldest name first; hidden and temporary
/// files (a sync program's or our own half-written ones) are never read.
fn candidates(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| io(path, e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = display_name(p);
            !name.starts_with('.') && name.to_lowercase().ends_with(".pdf")
        })
        .collect();
    files.sort();
    Ok(files)
}

fn read(path: &Path) -> Result<Vec<u8>> {
    let len = std::fs::metadata(path).map_err(|e| io(path, e))?.len();
    if len as usize > super::envelope::MAX_FILE_BYTES {
        return Err(CoreError::invalid(
            "file",
            "This file is far too big to be from Forum Desk.",
        ));
    }
    std::fs::read(path).map_err(|e| io(path, e))
}

fn display_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Moves a file that has been read into `dir`, keeping any earlier file of the same name.
fn move_into(file: &Path, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let name = display_name(file);
    let mut to = dir.join(&name);
    let mut n = 2;
    while to.exists() {
        to = dir.join(format!("{} ({n}).pdf", name.trim_end_matches(".pdf")));
        n += 1;
    }
    if std::fs::rename(file, &to).is_err() {
        // Another drive: copy, then remove the original only once the copy is whole.
        std::fs::copy(file, &to).map_err(|e| io(&to, e))?;
        std::fs::remove_file(file).map_err(|e| io(file, e))?;
    }
    // The 30 days in "done" count from when the file was read.
    if let Ok(f) = std::fs::File::options().write(true).open(&to) {
        let _ = f.set_modified(std::time::SystemTime::now());
    }
    Ok(())
}

/// Deletes files in a "done" folder that were read more than 30 days ago.
fn tidy_done(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let limit = std::time::Duration::from_secs(KEEP_DONE_DAYS * 24 * 3600);
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > limit);
        if old && e.path().is_file() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
