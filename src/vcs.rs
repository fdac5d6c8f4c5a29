//! Whether a file would end up in git: an assessment lists an agency's weaknesses, so `assess`
//! warns before it creates one inside a git work tree where git does not ignore it. Asks
//! `git check-ignore`; without git, or outside a work tree, there is nothing to warn about.

use std::path::Path;
use std::process::{Command, Stdio};

/// True when `path` lies inside a git work tree and git does not ignore it. False when it is
/// ignored, when it is not in a work tree, and when git is missing or fails: the check never
/// stops anything.
pub fn unignored_in_git(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // Exit 0: ignored; 1: not ignored; 128: not a work tree (or another error).
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["check-ignore", "-q", "--"])
        .arg(name)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.code() == Some(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(dir: &Path, args: &[&str]) {
        let ok = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("git is installed (CI installs it)")
            .success();
        assert!(ok, "git {args:?}");
    }

    #[test]
    fn only_a_file_git_would_pick_up_counts() {
        let d = tempfile::tempdir().unwrap();
        // Not a work tree (the temporary folder lies outside any repository).
        assert!(!unignored_in_git(&d.path().join("assessment.yaml")));
        git(d.path(), &["init", "-q"]);
        assert!(unignored_in_git(&d.path().join("assessment.yaml")));
        std::fs::create_dir(d.path().join("sub")).unwrap();
        assert!(unignored_in_git(&d.path().join("sub/a.yaml")));
        std::fs::write(d.path().join(".gitignore"), "assessment.yaml\n").unwrap();
        assert!(!unignored_in_git(&d.path().join("assessment.yaml")));
        assert!(unignored_in_git(&d.path().join("sub/a.yaml")));
        // A folder that does not exist: git fails, no warning.
        assert!(!unignored_in_git(&d.path().join("nowhere/a.yaml")));
    }
}
