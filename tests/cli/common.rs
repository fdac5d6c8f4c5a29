//! Helpers shared by the integration tests: in-process runs through `cli::run` (most tests)
//! and the real binary (exit codes, signals, terminals, environment).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use std::sync::{Condvar, Mutex};

use assert_cmd::Command;
use clap::Parser;
use cyberkompass::cli::{Cli, Env};
use cyberkompass::i18n::Lang;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// A temporary folder for one test, removed when dropped. Without `TMPDIR` set, on Linux it
/// lies in /dev/shm when that is a memory file system with at least 1 GiB free: the tests
/// write many small files atomically (fsync of the file and of its folder) and remove them
/// again, which costs real waits on a disk and none in memory. Otherwise (TMPDIR set, a small
/// /dev/shm as in a default container, other systems) the system's temporary folder.
pub fn tempdir() -> tempfile::TempDir {
    static IN_MEMORY: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    match IN_MEMORY.get_or_init(memory_tempdir_base) {
        Some(base) => tempfile::Builder::new()
            .prefix("cyberkompass-test-")
            .tempdir_in(base)
            .expect("tempdir in /dev/shm"),
        None => tempfile::tempdir().expect("tempdir"),
    }
}

#[cfg(target_os = "linux")]
fn memory_tempdir_base() -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    if std::env::var_os("TMPDIR").is_some() {
        return None;
    }
    let shm = PathBuf::from("/dev/shm");
    let c = std::ffi::CString::new(shm.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs writes into the zeroed struct it is given and reads the path, a valid
    // NUL-terminated string that outlives the call.
    let mut st: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &mut st) } != 0 {
        return None;
    }
    // The field types differ between targets (u32 or u64).
    #[allow(clippy::useless_conversion)]
    let free = u64::from(st.f_bavail).saturating_mul(u64::from(st.f_frsize));
    // A memory file system (tmpfs), big enough for the tests' files, and writable.
    let tmpfs = std::fs::read_to_string("/proc/mounts").is_ok_and(|m| {
        m.lines().any(|l| {
            l.split(' ').nth(1) == Some("/dev/shm") && l.split(' ').nth(2) == Some("tmpfs")
        })
    });
    (tmpfs && free >= 1 << 30 && tempfile::tempdir_in(&shm).is_ok()).then_some(shm)
}

#[cfg(not(target_os = "linux"))]
fn memory_tempdir_base() -> Option<PathBuf> {
    None
}

/// How many cases a property test or a randomized loop runs: `quick` in a plain `cargo test`,
/// `full` with `CYBERKOMPASS_TEST_DEPTH=full` (`.ci/run` sets it), `full × N` with
/// `CYBERKOMPASS_TEST_DEPTH=N` for a longer run (docs/testing.md).
pub fn depth(quick: u32, full: u32) -> u32 {
    match std::env::var("CYBERKOMPASS_TEST_DEPTH").as_deref() {
        Err(_) | Ok("") => quick,
        Ok("full") => full,
        Ok(n) => match n.parse::<u32>() {
            Ok(n) if n > 0 => full.saturating_mul(n),
            _ => panic!("CYBERKOMPASS_TEST_DEPTH={n}: write full or a whole number > 0"),
        },
    }
}

/// The binary with a clean, English, colourless environment.
pub fn cmd() -> Command {
    let mut c = Command::cargo_bin("cyberkompass").expect("binary");
    c.env_clear()
        .env("LANG", "en_US.UTF-8")
        .env("NO_COLOR", "1")
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

/// Output of a run: exit code, stdout, stderr.
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real binary with `args` in directory `dir` (for exit codes, signals, terminals
/// and the process environment).
pub fn run_bin_in(dir: &Path, args: &[&str]) -> Out {
    let o = cmd().current_dir(dir).args(args).output().expect("run");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Whether the calling thread has a working directory of its own: on Linux a thread can
/// leave the process's shared one (`unshare(CLONE_FS)`, no privilege needed, but a container's
/// seccomp filter may refuse it); then in-process runs change directory in their own thread
/// only and run in parallel whatever directory they are in. Each test runs in its own thread.
#[cfg(target_os = "linux")]
fn own_cwd() -> bool {
    thread_local! {
        static OWN: std::cell::Cell<Option<bool>> = const { std::cell::Cell::new(None) };
    }
    OWN.with(|own| {
        if let Some(ok) = own.get() {
            return ok;
        }
        // SAFETY: unshare(CLONE_FS) only gives this thread its own copy of the working
        // directory, root and umask; it touches no memory.
        let ok = unsafe { libc::unshare(libc::CLONE_FS) } == 0;
        own.set(Some(ok));
        ok
    })
}

#[cfg(not(target_os = "linux"))]
fn own_cwd() -> bool {
    false
}

/// Which directory in-process runs are in, and how many are running there (where threads
/// share the process's working directory).
struct InDir {
    dir: Option<PathBuf>,
    runs: usize,
    /// Runs waiting for another directory: new runs in the current one wait behind them.
    waiting: usize,
}

/// Where threads share the working directory: runs in the same directory run together (most
/// read tests/fixtures), a run in another directory waits until they are done.
static CWD: Mutex<InDir> = Mutex::new(InDir {
    dir: None,
    runs: 0,
    waiting: 0,
});
static CWD_FREE: Condvar = Condvar::new();

/// A run's hold on its working directory. Dropping it (also when the run panics) goes back to
/// the directory before (a thread of its own), or lets runs in other directories in (shared;
/// the last one out goes back to the repository root).
enum CwdGuard {
    Own(PathBuf),
    Shared,
}

impl CwdGuard {
    fn enter(dir: &Path) -> CwdGuard {
        if own_cwd() {
            let before = std::env::current_dir().expect("cwd");
            std::env::set_current_dir(dir).expect("cd");
            return CwdGuard::Own(before);
        }
        let mut s = CWD.lock().unwrap_or_else(|e| e.into_inner());
        let mut waited = false;
        loop {
            let open = s.runs == 0 || s.dir.as_deref() == Some(dir);
            if open && (s.waiting == 0 || waited) {
                break;
            }
            if !waited {
                s.waiting += 1;
                waited = true;
            }
            s = CWD_FREE.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        if waited {
            s.waiting -= 1;
        }
        if s.runs == 0 {
            std::env::set_current_dir(dir).expect("cd");
            s.dir = Some(dir.to_path_buf());
        }
        s.runs += 1;
        CwdGuard::Shared
    }
}

impl Drop for CwdGuard {
    fn drop(&mut self) {
        match self {
            CwdGuard::Own(before) => {
                let _ = std::env::set_current_dir(&*before);
            }
            CwdGuard::Shared => {
                let mut s = CWD.lock().unwrap_or_else(|e| e.into_inner());
                s.runs -= 1;
                if s.runs == 0 {
                    let _ = std::env::set_current_dir(root());
                    s.dir = None;
                    CWD_FREE.notify_all();
                }
            }
        }
    }
}

/// Runs `cyberkompass args` in-process through `cli::run` in directory `dir`, with the
/// environment the binary sees under [`cmd`] (English, no colour, no terminal) and captured
/// streams; clap's own errors and `--help` come out as the binary prints them.
pub fn run_in(dir: &Path, args: &[&str]) -> Out {
    run_in_env(dir, args, &Env::plain(Lang::En))
}

/// Like [`run_in`], with stdout on a terminal of `width` columns (no colour).
pub fn run_width(dir: &Path, args: &[&str], width: u16) -> Out {
    let env = Env {
        stdout_width: Some(width),
        ..Env::plain(Lang::En)
    };
    run_in_env(dir, args, &env)
}

/// Runs `cyberkompass args` in-process in `dir` with the given environment. Runs run in
/// parallel (in the same directory always, in different ones where a thread can have a
/// working directory of its own, [`own_cwd`]).
pub fn run_in_env(dir: &Path, args: &[&str], env: &Env) -> Out {
    let _in_dir = CwdGuard::enter(dir);
    let argv = std::iter::once("cyberkompass").chain(args.iter().copied());
    let (code, stdout, stderr) = match Cli::try_parse_from(argv) {
        Ok(cli) => {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let code = cyberkompass::cli::run(cli, env, &mut out, &mut err);
            (i32::from(code), out, err)
        }
        Err(e) => {
            let text = e.render().to_string().into_bytes();
            if e.use_stderr() {
                (e.exit_code(), Vec::new(), text)
            } else {
                (e.exit_code(), text, Vec::new())
            }
        }
    };
    Out {
        code,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// Runs `args` in-process in the fixtures folder (so paths in output are short and stable).
pub fn run(args: &[&str]) -> Out {
    run_in(&root().join("tests/fixtures"), args)
}

/// `exp_string` of a pty session without rexpect's 100 ms pause whenever the text has not come
/// yet (it made the terminal tests wait far longer than the program took): polls every 2 ms.
pub trait ExpectText {
    /// Consumes the output up to and including `needle` and returns what came before it; an
    /// error naming what was read after 30 s.
    fn exp_text(&mut self, needle: &str) -> Result<String, String>;
}

impl ExpectText for rexpect::session::PtySession {
    fn exp_text(&mut self, needle: &str) -> Result<String, String> {
        const LIMIT: std::time::Duration = std::time::Duration::from_secs(30);
        let start = std::time::Instant::now();
        let mut got = String::new();
        loop {
            while let Some(c) = self.try_read() {
                got.push(c);
                if got.ends_with(needle) {
                    got.truncate(got.len() - needle.len());
                    return Ok(got);
                }
            }
            if start.elapsed() > LIMIT {
                return Err(format!(
                    "{needle:?} did not come within {LIMIT:?}; read: {got:?}"
                ));
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
    }
}
