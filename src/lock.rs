//! The advisory lock of an `assess` session: one session per assessment file at a time, so
//! that two sessions never overwrite each other's answers. The lock is a `flock` on the file
//! `.NAME.lock` beside the assessment, which names its holder (process id, host, start time);
//! the operating system releases it when the holder ends, even after kill -9.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A held session lock; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct SessionLock {
    file: File,
    path: PathBuf,
}

/// Why the lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another session holds it; the text names the holder as it wrote itself into the lock
    /// file (`pid …, host …, since …`), or is empty when it could not be read.
    Held {
        /// The lock file.
        path: PathBuf,
        /// Who holds it.
        holder: String,
    },
    /// The lock file could not be created or locked.
    Io(io::Error),
}

/// The lock file of assessment `target`: `.NAME.lock` beside the file a link points to.
pub fn lock_path(target: &Path) -> PathBuf {
    let real = match std::fs::symlink_metadata(target) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf())
        }
        _ => target.to_path_buf(),
    };
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    real.with_file_name(format!(".{name}.lock"))
}

/// Takes the session lock of assessment `target` without waiting.
pub fn acquire(target: &Path) -> Result<SessionLock, LockError> {
    let path = lock_path(target);
    // A releasing holder removes the file while still holding it; a lock taken on that removed
    // file is worthless, so check that the locked file is still the one at the path.
    for _ in 0..10 {
        let mut o = OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let mut file = o.open(&path).map_err(LockError::Io)?;
        match try_lock(&file) {
            Ok(true) => {}
            Ok(false) => {
                let mut holder = String::new();
                let _ = (&file).take(4096).read_to_string(&mut holder);
                return Err(LockError::Held {
                    path,
                    holder: holder.trim().replace('\n', ", "),
                });
            }
            Err(e) => return Err(LockError::Io(e)),
        }
        if !same_file(&file, &path) {
            continue;
        }
        let me = format!(
            "pid {}\nhost {}\nsince {}\n",
            std::process::id(),
            hostname(),
            now_utc()
        );
        file.set_len(0).map_err(LockError::Io)?;
        file.rewind().map_err(LockError::Io)?;
        file.write_all(me.as_bytes()).map_err(LockError::Io)?;
        let _ = file.sync_all();
        return Ok(SessionLock { file, path });
    }
    Err(LockError::Io(io::Error::other(
        "the lock file keeps being replaced",
    )))
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Remove while still holding the lock; closing the file then releases it.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.flush();
    }
}

#[cfg(unix)]
fn try_lock(f: &File) -> io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a file descriptor this function borrows for the call.
    let r = unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    if e.raw_os_error() == Some(libc::EWOULDBLOCK) {
        Ok(false)
    } else {
        Err(e)
    }
}

#[cfg(not(unix))]
fn try_lock(_: &File) -> io::Result<bool> {
    Ok(true)
}

#[cfg(unix)]
fn same_file(f: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (f.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &File, _: &Path) -> bool {
    true
}

fn hostname() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname NUL-terminates within it
        // or truncates, and the last byte stays 0.
        let r = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len() - 1) };
        if r == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            return String::from_utf8_lossy(&buf[..end]).into_owned();
        }
    }
    "?".to_owned()
}

/// The current time as `YYYY-MM-DD HH:MM:SS UTC`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    format!(
        "{} {:02}:{:02}:{:02} UTC",
        crate::assessment::date_of_day(days),
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_names_the_holder_and_the_first_release_frees_it() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("a.yaml");
        let first = acquire(&a).unwrap();
        match acquire(&a) {
            Err(LockError::Held { holder, .. }) => {
                assert!(
                    holder.contains(&format!("pid {}", std::process::id())),
                    "{holder}"
                );
                assert!(
                    holder.contains("host ") && holder.contains(" UTC"),
                    "{holder}"
                );
            }
            other => panic!("second lock must fail: {other:?}"),
        }
        drop(first);
        assert!(!lock_path(&a).exists());
        let again = acquire(&a).unwrap();
        drop(again);
    }

    #[test]
    fn a_lock_file_left_by_a_dead_holder_does_not_block() {
        let d = tempfile::tempdir().unwrap();
        let a = d.path().join("a.yaml");
        std::fs::write(lock_path(&a), "pid 999999\nhost x\nsince then\n").unwrap();
        let l = acquire(&a).unwrap();
        let text = std::fs::read_to_string(lock_path(&a)).unwrap();
        assert!(
            text.starts_with(&format!("pid {}\n", std::process::id())),
            "{text}"
        );
        drop(l);
    }
}
