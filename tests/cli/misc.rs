//! `schema`, `list`, `completions`, `--version` and the language switch.

use crate::common::{cmd, root, run};

#[test]
fn committed_schemas_match_the_types() {
    for kind in [
        "set",
        "field",
        "assessment",
        "score",
        "report",
        "plan",
        "compare",
        "agree",
        "aggregate",
    ] {
        let out = run(&["schema", kind]);
        assert_eq!(out.code, 0);
        let path = root().join("schema").join(format!("{kind}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "schema/{kind}.schema.json is out of date: run `cargo run -- schema {kind} > schema/{kind}.schema.json`"
        );
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}

#[test]
fn every_checklist_file_names_its_schema() {
    for dir in ["checklists", "tests/fixtures/sets/two-fields"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&p).unwrap();
            let first = text.lines().next().unwrap_or("");
            let want = if p.file_name().unwrap() == "set.yaml" {
                "set.schema.json"
            } else {
                "field.schema.json"
            };
            assert!(
                first.starts_with("# yaml-language-server: $schema=") && first.ends_with(want),
                "{} must start with `# yaml-language-server: $schema=…/{want}`",
                p.display()
            );
        }
    }
}

#[test]
fn list_fields_plain_when_piped() {
    let out = run(&["--checklists", "sets/two-fields", "list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("list_two_fields_en", out.stdout);
}

#[test]
fn list_questions_of_a_field_in_german() {
    let out = run(&[
        "--checklists",
        "sets/two-fields",
        "--lang",
        "de",
        "list",
        "--field",
        "backup",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("list_backup_de", out.stdout);
}

#[test]
fn list_unknown_field_suggests() {
    let out = run(&[
        "--checklists",
        "sets/two-fields",
        "list",
        "--field",
        "bakup",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("Did you mean `backup`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn list_the_built_in_set() {
    let out = run(&["list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for id in [
        "information-sharing",
        "governance",
        "cyber-defence",
        "incident-response",
        "business-continuity",
        "awareness-training",
        "citizen-outreach",
        "supply-chain",
    ] {
        assert!(out.stdout.contains(id), "{id} missing:\n{}", out.stdout);
    }
}

#[test]
fn list_refuses_an_invalid_set() {
    let out = run(&["--checklists", "sets/broken", "list"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("checklist set is invalid"),
        "{}",
        out.stderr
    );
}

#[test]
fn language_from_locale() {
    let out = cmd()
        .current_dir(crate::common::fixture(""))
        .env("LANG", "de_DE.UTF-8")
        .args(["--checklists", "sets/two-fields", "list"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("Handlungsfeld"), "{s}");
    let out = cmd()
        .current_dir(crate::common::fixture(""))
        .env("LANG", "de_DE.UTF-8")
        .env("LC_ALL", "en_GB.UTF-8")
        .args(["--checklists", "sets/two-fields", "list"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("Field of action"), "{s}");
}

#[test]
fn completions_and_version() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.code, 0);
        assert!(out.stdout.contains("validate"), "{shell}");
    }
    let out = run(&["--version"]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        format!("cyberkompass {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["frobnicate"]).code, 2);
    assert_eq!(run(&["validate", "--format", "xml"]).code, 2);
    assert_eq!(run(&["--checklists", "no/such/dir", "list"]).code, 2);
}

#[test]
fn verbose_names_the_set_on_stderr() {
    let out = run(&["-v", "--checklists", "sets/two-fields", "list"]);
    assert_eq!(out.code, 0);
    assert!(
        out.stderr
            .starts_with("set test-zwei-felder 1.0 (sets/two-fields), SHA-256 "),
        "{}",
        out.stderr
    );
}

#[test]
fn closed_pipe_ends_quietly() {
    // `cyberkompass list | head -0`: the reader is gone before anything is written.
    use std::process::Stdio;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("cyberkompass"))
        .args(["--lang", "en", "list"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let o = child.wait_with_output().expect("wait");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

/// `--no-color` is honoured for findings on stderr too (not only NO_COLOR), on a terminal.
#[test]
fn no_color_flag_also_governs_diagnostics_on_stderr() {
    use clap::Parser;
    let d = crate::common::tempdir();
    std::fs::write(
        d.path().join("a.yaml"),
        "format: 1\norganisation: X\nprofile: standard\n",
    )
    .unwrap();
    let file = d.path().join("a.yaml").display().to_string();
    let env = cyberkompass::cli::Env {
        locale_lang: cyberkompass::i18n::Lang::En,
        no_color: false,
        github_actions: false,
        stdout_width: Some(100),
        stderr_tty: true,
        stdin_tty: false,
        source_date_epoch: None,
    };
    let run = |args: &[&str]| {
        let cli = cyberkompass::cli::Cli::try_parse_from(args).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cyberkompass::cli::run(cli, &env, &mut out, &mut err);
        (code, String::from_utf8(err).unwrap())
    };
    let (code, coloured) = run(&["cyberkompass", "score", &file]);
    assert_eq!(code, 1);
    assert!(
        coloured.contains('\x1b'),
        "colour expected on a terminal: {coloured}"
    );
    let (code, plain) = run(&["cyberkompass", "--no-color", "score", &file]);
    assert_eq!(code, 1);
    assert!(!plain.contains('\x1b'), "{plain}");
}
