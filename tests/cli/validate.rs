//! `validate`: every rule breaks a fixture and the unbroken fixture passes; every bad input
//! is refused with exit 1; the three output formats of a fixture with several errors.

use std::path::Path;

use crate::common::{fixture, run, run_in};

/// Copies the valid two-field set into a temp dir.
fn copy_base() -> tempfile::TempDir {
    let dir = crate::common::tempdir();
    for f in ["set.yaml", "backup.yaml", "warnings.yaml"] {
        std::fs::copy(fixture("sets/two-fields").join(f), dir.path().join(f)).expect("copy");
    }
    dir
}

/// Replaces the first `from` in `file` (must be present) with `to`.
fn mutate(dir: &Path, file: &str, from: &str, to: &str) {
    let p = dir.join(file);
    let text = std::fs::read_to_string(&p).expect("read");
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&p, text.replacen(from, to, 1)).expect("write");
}

fn validate_json(dir: &Path, strict: bool) -> (i32, serde_json::Value) {
    let mut args = vec!["validate", "--format", "json"];
    if strict {
        args.push("--strict");
    }
    let d = dir.to_str().expect("utf-8 path");
    args.push(d);
    let out = run_in(dir, &args);
    let v = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout));
    (out.code, v)
}

#[test]
fn the_base_fixture_passes_strict() {
    let dir = copy_base();
    let (code, v) = validate_json(dir.path(), true);
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["errors"], 0);
    assert_eq!(v["summary"]["warnings"], 0);
    assert_eq!(v["summary"]["files"], 3);
}

/// (rule code, file, from, to, expected line relative to the replacement's first line (None: not
/// checked), expected value, expected hint fragment)
type Rule = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<u64>,
    Option<&'static str>,
    &'static str,
);
const RULES: &[Rule] = &[
    (
        "yaml-syntax",
        "backup.yaml",
        "title: { de: Datensicherung, en: Backup }",
        "title: { de: Daten: sicherung, en: Backup",
        Some(0),
        None,
        "indentation",
    ),
    (
        "wrong-type",
        "backup.yaml",
        "weight: 2\n",
        "weight: zwei\n",
        Some(0),
        None,
        "`weight: 3`: a whole number",
    ),
    (
        "wrong-type",
        "backup.yaml",
        "description:\n  de: Sicherung und Wiederherstellung der Daten.\n  en: Backing up and restoring data.",
        "description:\n  - de\n  - en",
        Some(1),
        None,
        "mappings",
    ),
    (
        "unknown-key",
        "backup.yaml",
        "    recommendation:\n      de: Richten",
        "    recomendation:\n      de: Richten",
        Some(0),
        Some("recomendation"),
        "Did you mean `recommendation`?",
    ),
    (
        "missing-key",
        "backup.yaml",
        "number: 1\n",
        "",
        None,
        None,
        "number",
    ),
    (
        "duplicate-key",
        "backup.yaml",
        "weight: 2\n",
        "weight: 2\nweight: 3\n",
        Some(1),
        Some("weight"),
        "once",
    ),
    (
        "duplicate-id",
        "warnings.yaml",
        "id: WRN-01",
        "id: BAK-01",
        Some(0),
        Some("BAK-01"),
        "unique",
    ),
    (
        "duplicate-number",
        "warnings.yaml",
        "number: 2",
        "number: 1",
        Some(0),
        Some("1"),
        "Number the fields",
    ),
    (
        "id-pattern",
        "backup.yaml",
        "id: BAK-02",
        "id: bak-2",
        Some(0),
        Some("bak-2"),
        "INC-01",
    ),
    (
        "id-pattern",
        "backup.yaml",
        "id: backup",
        "id: Backup",
        Some(0),
        Some("Backup"),
        "lower-case",
    ),
    (
        "anchor-level",
        "backup.yaml",
        "      5: { de: Lücken",
        "      6: { de: Lücken",
        Some(0),
        Some("6"),
        "0 to 5",
    ),
    (
        "weight",
        "backup.yaml",
        "weight: 3",
        "weight: 0",
        Some(0),
        Some("0"),
        "Use 1",
    ),
    (
        "text-missing",
        "backup.yaml",
        "title: { de: Datensicherung, en: Backup }",
        "title: { de: Datensicherung }",
        Some(0),
        None,
        "`en: …`",
    ),
    (
        "text-empty",
        "backup.yaml",
        "en: Backup }",
        "en: \"\" }",
        Some(0),
        None,
        "Write the text",
    ),
    (
        "unknown-language",
        "backup.yaml",
        "title: { de: Datensicherung, en: Backup }",
        "title: { de: Datensicherung, en: Backup, dee: Sicherung }",
        Some(0),
        Some("dee"),
        "Did you mean `de`?",
    ),
    (
        "threshold",
        "set.yaml",
        "threshold: 0.8",
        "threshold: 1.5",
        Some(0),
        Some("1.5"),
        "0.8",
    ),
    (
        "threshold",
        "set.yaml",
        "threshold: 0.8",
        "threshold: 0",
        Some(0),
        Some("0"),
        "0.8",
    ),
    (
        "level-range",
        "set.yaml",
        "    target: 3",
        "    target: 7",
        Some(0),
        Some("7"),
        "0 to 5",
    ),
    (
        "critical-min",
        "set.yaml",
        "    target: 2\n",
        "    target: 2\n    critical_min: 1\n",
        Some(1),
        Some("1"),
        "at least every target",
    ),
    (
        "duplicate-id",
        "set.yaml",
        "  - id: standard\n",
        "  - id: standard\n    former_ids: [basis]\n",
        Some(1),
        Some("basis"),
        "unique",
    ),
    (
        "unknown-field",
        "set.yaml",
        "field: backup",
        "field: bakup",
        Some(0),
        Some("bakup"),
        "Did you mean `backup`?",
    ),
    (
        "field-file",
        "set.yaml",
        "  - warnings.yaml",
        "  - warning.yaml",
        Some(0),
        Some("warning.yaml"),
        "file name",
    ),
    (
        "reference",
        "backup.yaml",
        "A.8.13",
        "A.8.40",
        Some(0),
        Some("A.8.40"),
        "A.8.34",
    ),
    (
        "reference",
        "backup.yaml",
        "nis2: [c]",
        "nis2: [k]",
        Some(0),
        Some("k"),
        "`a` to `j`",
    ),
    (
        "reference",
        "backup.yaml",
        "[NOT.1.1]",
        "[NOT-1]",
        Some(0),
        Some("NOT-1"),
        "GC.1.1",
    ),
    (
        "scale",
        "set.yaml",
        "  - level: 5",
        "  - level: 4",
        None,
        None,
        "exactly once",
    ),
    (
        "format-version",
        "set.yaml",
        "format: 1",
        "format: 2",
        Some(0),
        Some("2"),
        "format: 1",
    ),
    (
        "id-pattern",
        "set.yaml",
        "id: test-zwei-felder",
        "id: Test_Set",
        Some(0),
        Some("Test_Set"),
        "lower-case",
    ),
    (
        "language-code",
        "set.yaml",
        "languages: [de, en]",
        "languages: [de, EN]",
        Some(0),
        Some("EN"),
        "ISO 639-1",
    ),
];

#[test]
fn every_rule_breaks_its_fixture() {
    for (code, file, from, to, line, value, hint) in RULES {
        let dir = copy_base();
        let before = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let replaced_at = before[..before.find(from).unwrap()].matches('\n').count() as u64 + 1;
        mutate(dir.path(), file, from, to);
        let (exit, v) = validate_json(dir.path(), false);
        assert_eq!(exit, 1, "{code}: exit code; {v:#}");
        let diags = v["diagnostics"].as_array().expect("array");
        // Findings come sorted by place: the one at the changed line, else the first of the code.
        let at_change = line.map(|off| replaced_at + off);
        let d = diags
            .iter()
            .find(|d| d["code"] == *code && at_change.is_some_and(|l| d["line"] == l))
            .or_else(|| {
                diags.iter().find(|d| {
                    d["code"] == *code
                        && [&d["hint"], &d["message"]]
                            .iter()
                            .any(|t| t.as_str().is_some_and(|t| t.contains(hint)))
                })
            })
            .or_else(|| diags.iter().find(|d| d["code"] == *code))
            .unwrap_or_else(|| panic!("{code} not reported for {from:?} → {to:?}: {v:#}"));
        assert!(
            d["file"].as_str().is_some_and(|f| f.ends_with(file)),
            "{code}: file {}",
            d["file"]
        );
        if let Some(off) = line {
            assert_eq!(d["line"], replaced_at + off, "{code}: line; {d:#}");
        }
        assert!(
            d["column"].is_u64() || d["line"].is_null(),
            "{code}: column"
        );
        if let Some(val) = value {
            assert_eq!(d["value"], *val, "{code}: value; {d:#}");
        }
        let h = d["hint"].as_str().unwrap_or("");
        let m = d["message"].as_str().unwrap_or("");
        assert!(
            h.contains(hint) || m.contains(hint),
            "{code}: hint {h:?} / message {m:?} lacks {hint:?}"
        );
    }
}

#[test]
fn located_rules_name_line_and_column() {
    let dir = copy_base();
    mutate(dir.path(), "backup.yaml", "weight: 3", "weight: 0");
    let out = run_in(dir.path(), &["validate", "backup.yaml"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("backup.yaml:24:13: the weight must be greater than 0"),
        "{}",
        out.stdout
    );
}

#[test]
fn warnings_pass_unless_strict() {
    let dir = copy_base();
    let p = dir.path().join("warnings.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    // WRN-03 without help, anchors and recommendation.
    let cut = text
        .find("    help:\n      de: Fragen Sie nach der Regel")
        .unwrap();
    std::fs::write(&p, &text[..cut]).unwrap();
    let (code, v) = validate_json(dir.path(), false);
    assert_eq!(code, 0, "{v:#}");
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["no-help", "no-recommendation", "no-anchors"]);
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] == "warning")
    );
    let (code, v) = validate_json(dir.path(), true);
    assert_eq!(code, 1);
    assert_eq!(v["summary"]["errors"], 3);
}

#[test]
fn single_field_file_and_manifest_path() {
    let out = run(&["validate", "sets/two-fields/backup.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    let out = run(&["validate", "sets/two-fields/set.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        out.stdout
            .contains("3 file(s) checked: 0 error(s), 0 warning(s)")
    );
}

#[test]
fn several_errors_in_one_run_human() {
    let out = run(&["validate", "sets/broken"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("broken_human", out.stdout);
}

#[test]
fn several_errors_in_one_run_json() {
    let out = run(&["validate", "--format", "json", "sets/broken"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("broken_json", out.stdout);
}

#[test]
fn several_errors_in_one_run_github() {
    let out = run(&["validate", "--format", "github", "sets/broken"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("broken_github", out.stdout);
}

#[test]
fn github_is_default_under_github_actions() {
    let out = crate::common::cmd()
        .current_dir(fixture(""))
        .env("GITHUB_ACTIONS", "true")
        .args(["validate", "sets/broken"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("::warning file="), "{stdout}");
    assert!(stdout.contains("\n::error file="), "{stdout}");
}

#[test]
fn german_messages() {
    let out = run(&["--lang", "de", "validate", "sets/broken"]);
    assert!(out.stdout.contains("Datei(en) geprüft"), "{}", out.stdout);
    assert!(out.stdout.contains("Meinten Sie"), "{}", out.stdout);
}

#[test]
fn exit_2_for_missing_path() {
    let out = run(&["validate", "does/not/exist.yaml"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no such file or folder"),
        "{}",
        out.stderr
    );
}

/// Runs validate on one generated bad file; asserts exit 1 and the rule's code.
fn bad_input(name: &str, bytes: &[u8], code: &str) {
    let dir = crate::common::tempdir();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let out = run_in(dir.path(), &["validate", "--format", "json", name]);
    assert_eq!(out.code, 1, "{name}: {}{}", out.stdout, out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&code), "{name}: {v:#}");
    assert!(out.stderr.is_empty(), "{name}: {}", out.stderr);
}

#[test]
fn bad_inputs_are_refused_cleanly() {
    bad_input("empty.yaml", b"", "empty-file");
    bad_input("comments.yaml", b"# nichts\n\n", "empty-file");
    bad_input(
        "latin1.yaml",
        b"id: x\ntitle: {de: Gr\xfc\xdfe}\n",
        "not-utf8",
    );
    bad_input("syntax.yaml", b"id: 'unclosed\nnumber: 1\n", "yaml-syntax");
    bad_input("list.yaml", b"- id: x\n- number: 1\n", "wrong-type");
    bad_input("dup.yaml", b"id: a\nnumber: 1\nid: b\n", "duplicate-key");
    let mut bomb = String::from("id: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        bomb.push_str(&format!("x{i}: &a{i} [{refs}]\n"));
    }
    bad_input("bomb.yaml", bomb.as_bytes(), "wrong-type");
    let deep = format!(
        "id: x\nnumber: 1\ntitle: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    bad_input("deep.yaml", deep.as_bytes(), "wrong-type");
    let block: String = (1..1_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    bad_input(
        "deepblock.yaml",
        format!("id: x\nnumber: 1\ntitle:\n{block}").as_bytes(),
        "wrong-type",
    );
}

#[test]
fn a_50_mb_file_is_refused_before_reading() {
    let dir = crate::common::tempdir();
    let f = std::fs::File::create(dir.path().join("big.yaml")).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let out = run_in(dir.path(), &["validate", "--format", "json", "big.yaml"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("\"file-too-large\""), "{}", out.stdout);
}

#[test]
fn folder_without_manifest() {
    let dir = crate::common::tempdir();
    let out = run_in(dir.path(), &["validate", "."]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("holds no manifest `set.yaml`"),
        "{}",
        out.stdout
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops() {
    let dir = crate::common::tempdir();
    std::os::unix::fs::symlink("b.yaml", dir.path().join("a.yaml")).unwrap();
    std::os::unix::fs::symlink("a.yaml", dir.path().join("b.yaml")).unwrap();
    let out = run_in(dir.path(), &["validate", "a.yaml"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("symbolic links form a loop"),
        "{}",
        out.stdout
    );
    // A set whose field file is a link loop.
    let set = copy_base();
    std::fs::remove_file(set.path().join("warnings.yaml")).unwrap();
    std::os::unix::fs::symlink("warnings.yaml", set.path().join("warnings.yaml")).unwrap();
    let out = run_in(set.path(), &["validate", "."]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("symbolic links form a loop"),
        "{}",
        out.stdout
    );
}

#[test]
fn validates_the_built_in_set_without_arguments() {
    let out = run(&["validate", "--strict"]);
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn checklists_env_var_selects_a_set() {
    let out = crate::common::cmd()
        .current_dir(fixture(""))
        .env("CYBERKOMPASS_CHECKLISTS", "sets/broken")
        .args(["validate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn german_output_translates_parser_messages_and_keeps_the_original() {
    let dir = crate::common::tempdir();
    std::fs::write(dir.path().join("a.yaml"), "id: 'unclosed\nnumber: 1\n").unwrap();
    std::fs::write(dir.path().join("b.yaml"), "id: x\n  title: y\n").unwrap();
    let out = run_in(
        dir.path(),
        &["--lang", "de", "validate", "a.yaml", "b.yaml"],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("ungültiges YAML: Anführungszeichen nicht geschlossen (unclosed quote)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("(mapping values are not allowed in this context)"),
        "{}",
        out.stdout
    );
    // Sorted by file: a.yaml before b.yaml.
    assert!(out.stdout.find("a.yaml:1").unwrap() < out.stdout.find("b.yaml:2").unwrap());
}

#[test]
fn an_assessment_in_flow_style_is_checked_as_an_assessment() {
    let dir = crate::common::tempdir();
    std::fs::write(
        dir.path().join("a.yaml"),
        "{format: 1, set: {id: x, version: '1', sha256: ab}, organisation: X, profile: standard, answers: [{id: ISM-01, rating: 9}]}\n",
    )
    .unwrap();
    let out = run_in(dir.path(), &["validate", "--format", "json", "a.yaml"]);
    assert!(
        !out.stdout.contains("\"missing-key\"") && !out.stdout.contains("unknown key"),
        "checked as a field file: {}",
        out.stdout
    );
    assert!(out.stdout.contains("rating"), "{}", out.stdout);
}

/// A set without profiles is an error: `assess` would have nothing to aim at (and used to
/// write `profile: ""`, which no command could read again).
#[test]
fn a_set_needs_at_least_one_profile() {
    for (from, to) in [
        (
            "profiles:\n  - id: basis\n    title: { de: Basis, en: Basic }\n    target: 2\n  - id: standard\n    title: { de: Standard, en: Standard }\n    target: 3\n    fields:\n      - field: backup\n        target: 2\n",
            "",
        ),
        (
            "profiles:\n  - id: basis",
            "profiles: []\nx:\n  - id: basis",
        ),
    ] {
        let dir = copy_base();
        mutate(dir.path(), "set.yaml", from, to);
        if to.contains("x:") {
            // Keep the file valid YAML of the manifest: drop the orphaned profile list.
            let t = std::fs::read_to_string(dir.path().join("set.yaml")).unwrap();
            let start = t.find("x:\n").unwrap();
            let end = t.find("fields:\n  - backup.yaml").unwrap();
            std::fs::write(
                dir.path().join("set.yaml"),
                format!("{}{}", &t[..start], &t[end..]),
            )
            .unwrap();
        }
        let (exit, v) = validate_json(dir.path(), false);
        assert_eq!(exit, 1, "{v:#}");
        let d = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "no-profile")
            .unwrap_or_else(|| panic!("{v:#}"));
        assert!(d["file"].as_str().unwrap().ends_with("set.yaml"));
        assert!(d["line"].is_u64(), "{d:#}");
    }
}
