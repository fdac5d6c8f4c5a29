//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture path under tests/fixtures.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
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

/// Runs the binary with `args` in directory `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Out {
    let o = cmd().current_dir(dir).args(args).output().expect("run");
    Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Runs the binary with `args` in the fixtures folder (so paths in output are short and stable).
pub fn run(args: &[&str]) -> Out {
    run_in(&root().join("tests/fixtures"), args)
}
