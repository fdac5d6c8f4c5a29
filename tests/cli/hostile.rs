//! Hostile inputs (issue #11): FIFOs, repeated set entries, floods of findings and unknown
//! keys, control characters, tiny thresholds and lenient coercions. Each case asserts the exit
//! code and the message; cases that used to take quadratic time also assert a bound on time
//! as a ratio to a valid input of the same size (never an absolute time).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{cmd, fixture, root};

/// Runs the binary in `dir` with a hard timeout, so that a hang fails instead of blocking.
fn run_t(dir: &Path, args: &[&str]) -> crate::common::Out {
    let o = cmd()
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(20))
        .output()
        .expect("run");
    crate::common::Out {
        code: o.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
    }
}

/// Copies the valid two-field set into `dir`.
fn copy_set(dir: &Path) {
    for f in ["set.yaml", "backup.yaml", "warnings.yaml"] {
        std::fs::copy(fixture("sets/two-fields").join(f), dir.join(f)).expect("copy");
    }
}

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let st = std::process::Command::new("mkfifo").arg(p).status().unwrap();
    assert!(st.success());
}

#[cfg(unix)]
#[test]
fn a_fifo_as_any_input_is_a_finding_not_a_hang() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    // A field file given to validate.
    mkfifo(&p.join("pipe.yaml"));
    let o = run_t(p, &["validate", "--format", "json", "pipe.yaml"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("\"not-a-file\""), "{}", o.stdout);
    assert!(o.stdout.contains("FIFO"), "{}", o.stdout);
    // set.yaml of a --checklists folder, and a field file the manifest lists.
    std::fs::create_dir(p.join("s1")).unwrap();
    mkfifo(&p.join("s1/set.yaml"));
    let o = run_t(p, &["validate", "--format", "json", "s1"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("\"not-a-file\""), "{}", o.stdout);
    std::fs::create_dir(p.join("s2")).unwrap();
    copy_set(&p.join("s2"));
    std::fs::remove_file(p.join("s2/backup.yaml")).unwrap();
    mkfifo(&p.join("s2/backup.yaml"));
    let o = run_t(p, &["--checklists", "s2", "list"]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stderr.contains("FIFO"), "{}", o.stderr);
    // An assessment file given to score, report and assess-free commands.
    for cmdline in [
        &["score", "pipe.yaml"][..],
        &["report", "pipe.yaml"],
        &["gate", "pipe.yaml"],
        &["explain", "pipe.yaml"],
    ] {
        let o = run_t(p, cmdline);
        assert_eq!(o.code, 1, "{cmdline:?}: {}{}", o.stdout, o.stderr);
        assert!(o.stderr.contains("FIFO"), "{cmdline:?}: {}", o.stderr);
    }
}
