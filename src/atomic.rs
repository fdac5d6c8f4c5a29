//! Writing user data: atomic replacement of regular files (the whole new content or the old
//! file, never a torn one, even after a crash: temp file in the same folder with the final
//! permissions, fsync, rename, fsync of the folder), clean-up of temp files a killed process
//! left behind, and the one `-o` writer that never overwrites an input and streams into
//! devices and FIFOs instead of replacing them.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Mode of a new file: assessments and reports hold internal findings (often VS-NfD), so
/// only the owner may read them.
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o600;

/// Writes `bytes` to `path` atomically: a temp file beside it is created with the final
/// permissions, written and fsynced, then renamed over `path`, then the folder is fsynced so
/// that the rename itself is durable. A reader (or a crash) sees either the old content or
/// the new one, never a mix. An existing file's permissions are kept; a new file gets 0600.
/// When `path` is a symbolic link, the file it points to is replaced and the link kept.
/// Temp files of the same target left by a process that no longer runs are removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path)?;
            resolved.as_path()
        }
        _ => path,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?
        .to_string_lossy()
        .into_owned();
    remove_stale_temps(&dir, &name);
    let existing = std::fs::metadata(path).ok();
    let (tmp_path, mut tmp) = create_temp(&dir, &name, existing.as_ref())?;
    let result = (|| {
        tmp.write_all(bytes)?;
        tmp.sync_all()?;
        drop(tmp);
        std::fs::rename(&tmp_path, path)?;
        sync_dir(&dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    result
}

/// Why an output could not be written.
#[derive(Debug)]
pub enum OutputError {
    /// The target is one of the inputs (same device and inode: the path itself, a link, a
    /// hard link or a bind mount); nothing was written.
    IsInput(PathBuf),
    /// The target is a folder.
    IsDir,
    /// Writing failed.
    Io(io::Error),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutputError::IsInput(p) => write!(f, "is the input file {}", p.display()),
            OutputError::IsDir => f.write_str("is a folder"),
            OutputError::Io(e) => e.fmt(f),
        }
    }
}

/// Whether `out` is the same file as any of `inputs`: same device and inode, which also
/// catches symbolic links, hard links and bind mounts. A target that does not exist is no
/// input.
pub fn is_input<'a>(out: &Path, inputs: impl IntoIterator<Item = &'a Path>) -> Option<PathBuf> {
    let o = std::fs::metadata(out).ok()?;
    inputs
        .into_iter()
        .find(|i| std::fs::metadata(i).is_ok_and(|m| same_inode(&o, &m)))
        .map(Path::to_path_buf)
}

#[cfg(unix)]
fn same_inode(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// The one writer of every `-o` target. Refuses a target that is one of `inputs` (see
/// [`is_input`]) and a folder; streams into a target that exists and is not a regular file
/// (a character device such as /dev/null, a FIFO, /dev/stdout into a pipe), as `> target`
/// would; replaces a regular file (or creates a new one) atomically with [`write_atomic`].
pub fn write_output<'a>(
    out: &Path,
    bytes: &[u8],
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<(), OutputError> {
    if let Some(i) = is_input(out, inputs) {
        return Err(OutputError::IsInput(i));
    }
    match std::fs::metadata(out) {
        Ok(m) if m.is_dir() => Err(OutputError::IsDir),
        Ok(m) if !m.is_file() => {
            // No truncation and no rename: a device or FIFO is written like `> target`.
            let mut f = OpenOptions::new()
                .write(true)
                .open(out)
                .map_err(OutputError::Io)?;
            f.write_all(bytes).map_err(OutputError::Io)?;
            f.flush().map_err(OutputError::Io)
        }
        _ => write_atomic(out, bytes).map_err(OutputError::Io),
    }
}

/// The prefix of the temp files of target `name`: `.NAME.tmp-`.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Creates a new, unique temp file `.NAME.tmp-PID-N` in `dir`, with the permissions of
/// `existing` (or 0600) before anything is written to it.
fn create_temp(
    dir: &Path,
    name: &str,
    existing: Option<&std::fs::Metadata>,
) -> io::Result<(PathBuf, File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let pid = std::process::id();
    let prefix = temp_prefix(name);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let p = dir.join(format!("{prefix}{pid}-{n}"));
        let mut o = OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        let mode = {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            let mode = existing.map_or(NEW_FILE_MODE, |m| m.permissions().mode() & 0o7777);
            o.mode(mode & 0o777);
            mode
        };
        #[cfg(not(unix))]
        let _ = existing;
        match o.open(&p) {
            Ok(f) => {
                // The umask may have narrowed the mode; set it exactly, still before writing.
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt;
                    if let Err(e) = f.set_permissions(std::fs::Permissions::from_mode(mode)) {
                        let _ = std::fs::remove_file(&p);
                        return Err(e);
                    }
                }
                return Ok((p, f));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temp files `.NAME.tmp-PID-N` of this target whose process no longer runs
/// (left behind by a kill -9 or a power cut). Files of running processes, of this process
/// and anything not matching the pattern exactly are left alone; errors are ignored.
fn remove_stale_temps(dir: &Path, name: &str) {
    let prefix = temp_prefix(name);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let me = std::process::id();
    for e in entries.flatten() {
        let file_name = e.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('-') else {
            continue;
        };
        let (Ok(pid), true) = (
            pid.parse::<u32>(),
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()),
        ) else {
            continue;
        };
        if pid != me && !process_alive(pid) && e.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether a process with this id runs (on this machine).
pub(crate) fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Fsyncs a folder so a rename in it survives a crash (a no-op where folders cannot be
/// opened, e.g. on Windows).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_leaves_no_temp() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.yaml");
        write_atomic(&p, b"one\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one\n");
        write_atomic(&p, b"two\n").unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two\n");
        let names: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["a.yaml".to_owned()]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions_of_existing_file() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.yaml");
        std::fs::write(&p, b"x").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&p, b"y").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink_and_keeps_it() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("real.yaml");
        let link = d.path().join("link.yaml");
        std::fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn missing_folder_is_an_error_and_leaves_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("no/such/a.yaml");
        assert!(write_atomic(&p, b"x").is_err());
        assert!(!p.exists());
    }
    #[cfg(unix)]
    #[test]
    fn new_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.yaml");
        write_atomic(&p, b"x").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn stale_temp_files_of_dead_processes_are_removed() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.yaml");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stale = d.path().join(format!(".a.yaml.tmp-{dead}-0"));
        let live = d.path().join(".a.yaml.tmp-1-3");
        let other = d.path().join(format!(".b.yaml.tmp-{dead}-0"));
        let odd = d.path().join(format!(".a.yaml.tmp-{dead}-x"));
        for f in [&stale, &live, &other, &odd] {
            std::fs::write(f, b"copy").unwrap();
        }
        write_atomic(&p, b"new").unwrap();
        assert!(
            !stale.exists(),
            "stale temp file of a dead process is removed"
        );
        assert!(live.exists(), "a running process's temp file stays");
        assert!(other.exists(), "another target's temp file stays");
        assert!(odd.exists(), "a name that does not match exactly stays");
    }

    #[cfg(unix)]
    #[test]
    fn output_refuses_inputs_by_inode_and_streams_into_devices() {
        use std::os::unix::fs::FileTypeExt;
        let d = tempfile::tempdir().unwrap();
        let input = d.path().join("a.yaml");
        std::fs::write(&input, b"keep").unwrap();
        let hard = d.path().join("hard.md");
        std::fs::hard_link(&input, &hard).unwrap();
        assert!(matches!(
            write_output(&hard, b"report", [input.as_path()]),
            Err(OutputError::IsInput(_))
        ));
        assert_eq!(std::fs::read(&input).unwrap(), b"keep");
        assert!(matches!(
            write_output(d.path(), b"report", [input.as_path()]),
            Err(OutputError::IsDir)
        ));
        write_output(Path::new("/dev/null"), b"report", [input.as_path()]).unwrap();
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
        let new = d.path().join("r.md");
        write_output(&new, b"report", [input.as_path()]).unwrap();
        assert_eq!(std::fs::read(&new).unwrap(), b"report");
    }
}
