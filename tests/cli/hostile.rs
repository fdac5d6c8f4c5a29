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
    let st = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap();
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

/// No control character or bidi override from any input reaches the terminal raw: the
/// organisation and notes of an assessment, checklist texts, diagnostic snippets.
#[test]
fn control_characters_never_reach_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    copy_set(p);
    let evil = "\\e]0;pwned\\a\\e[2J\\u009b31m\\u202egnp.exe";
    // A checklist text with controls (a valid set otherwise).
    let field = std::fs::read_to_string(p.join("backup.yaml")).unwrap();
    let field = field.replacen(
        "en: Is every business application backed up daily?",
        &format!("en: \"{evil} backed up?\""),
        1,
    );
    assert!(field.contains("pwned"));
    std::fs::write(p.join("backup.yaml"), &field).unwrap();
    let a = std::fs::read_to_string(fixture("assessments/partial.yaml"))
        .unwrap()
        .replace(
            "organisation: Stadtverwaltung Musterstadt",
            &format!("organisation: \"Amt {evil}\""),
        );
    std::fs::write(p.join("a.yaml"), a).unwrap();
    // Raw C0 bytes in a diagnostic's snippet line.
    std::fs::write(p.join("bad.yaml"), b"id: a\x1b]0;x\x07\nnumber: [\n").unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["--checklists", ".", "score", "a.yaml"],
        vec!["--checklists", ".", "explain", "a.yaml"],
        vec!["--checklists", ".", "gate", "a.yaml"],
        vec!["--checklists", ".", "list"],
        vec!["--checklists", ".", "list", "--field", "backup"],
        vec!["--checklists", ".", "report", "a.yaml"],
        vec!["--checklists", ".", "report", "--format", "html", "a.yaml"],
        vec!["--checklists", ".", "report", "--format", "json", "a.yaml"],
        vec!["--checklists", ".", "score", "--format", "json", "a.yaml"],
        vec!["validate", "bad.yaml"],
        vec!["--no-color", "validate", "bad.yaml"],
        vec!["validate", "--format", "json", "bad.yaml"],
    ];
    for args in runs {
        let o = run_t(p, &args);
        assert!(o.code != -1, "{args:?} timed out");
        for (what, text) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
            let bad: Vec<char> = text
                .chars()
                .filter(|&c| {
                    (c < ' ' && c != '\n' && c != '\t')
                        || ('\u{7f}'..='\u{9f}').contains(&c)
                        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                })
                .collect();
            assert!(bad.is_empty(), "{args:?} {what}: {bad:?}\n{text}");
        }
    }
}
