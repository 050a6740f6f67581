//! Files in the data folder are the owner's alone: the folder is 0700 and every file in it
//! 0600, whatever the umask. Files other than the database are written atomically (a
//! temporary file in the same folder, fsync, rename, fsync the folder), so a crash or a sync
//! program never sees half a file.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::Path;

use super::error::{CoreError, Result};

fn io(path: &Path, e: std::io::Error) -> CoreError {
    if e.kind() == std::io::ErrorKind::PermissionDenied || e.raw_os_error() == Some(30) {
        // EACCES, or EROFS (30): a read-only folder is read-only, not damaged.
        CoreError::ReadOnly {
            path: path.display().to_string(),
        }
    } else {
        CoreError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        }
    }
}

/// Creates `dir` (and its parents) if needed and makes it private (0700 on Unix).
pub(crate) fn private_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    set_mode(dir, 0o700)
}

/// Makes an existing file private (0600 on Unix).
pub(crate) fn private_mode(path: &Path) -> Result<()> {
    set_mode(path, 0o600)
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let current = std::fs::metadata(path).map_err(|e| io(path, e))?;
    if current.permissions().mode() & 0o777 != mode {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .map_err(|e| io(path, e))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) -> Result<()> {
    // Windows and macOS keep a user's application data private to that user already.
    Ok(())
}

/// Opens a new file for writing, private from the first byte (the umask cannot widen it).
pub(crate) fn create_private(path: &Path) -> Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let f = opts.open(path).map_err(|e| io(path, e))?;
    private_mode(path)?;
    Ok(f)
}

/// Writes `bytes` to `path` atomically and privately.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    let result = (|| {
        let mut f = create_private(&tmp)?;
        f.write_all(bytes).map_err(|e| io(&tmp, e))?;
        f.sync_all().map_err(|e| io(&tmp, e))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| io(path, e))?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Flushes a folder's entries (a rename is only durable once its folder is). Best effort:
/// not every platform can open a folder.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Overwrites a file's bytes with zeros and flushes them before it is removed, so a plain
/// copy does not linger in the file's old blocks. Best effort: SSDs and copy-on-write file
/// systems may keep old blocks elsewhere, which only whole-disk encryption answers.
pub(crate) fn shred(path: &Path) -> Result<()> {
    let len = match std::fs::metadata(path) {
        Ok(m) => m.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(path, e)),
    };
    {
        let mut f = OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| io(path, e))?;
        let zeros = vec![0u8; 64 * 1024];
        let mut left = len;
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            f.write_all(&zeros[..n]).map_err(|e| io(path, e))?;
            left -= n as u64;
        }
        f.sync_all().map_err(|e| io(path, e))?;
    }
    std::fs::remove_file(path).map_err(|e| io(path, e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_and_folders_are_private_whatever_the_umask() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        private_dir(&dir).unwrap();
        let file = dir.join("x.json");
        write_atomic(&file, b"{}").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&file), 0o600);
        assert_eq!(std::fs::read(&file).unwrap(), b"{}");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        shred(&file).unwrap();
        assert!(!file.exists());
    }
}
