//! The documentation runs: every ```console block of README.md and docs/*.md is executed
//! (in-process through `cli::run`; `assess` and `export` with the real binary) in a temporary
//! folder per Markdown file that holds the repository's fixtures and example, one block after
//! the other, and its output compared; every command line of docs/ci.md (GitHub Actions, GitLab
//! CI, pre-commit) is run too. A block that needs a terminal says `console no-run`.
//!
//! A console block: `$ cyberkompass ARGS` lines, each followed by its expected output (stdout,
//! then stderr). A line `…` stands for any number of lines. `> FILE` sends stdout to a file; a
//! trailing `# …` comment is for the reader, and `# Exit N` in it is the expected exit code
//! (default 0).

use std::path::{Path, PathBuf};

use cyberkompass::cli::Env;
use cyberkompass::i18n::Lang;

use crate::common::{cmd, root, run_in_env};

/// A fenced code block: its info string, the line of its opening fence, its lines.
struct Block {
    info: String,
    line: usize,
    lines: Vec<String>,
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Option<(Block, String)> = None;
    for (n, l) in md.lines().enumerate() {
        let t = l.trim_start();
        let indent = &l[..l.len() - t.len()];
        match &mut cur {
            None => {
                if let Some(info) = t.strip_prefix("```") {
                    cur = Some((
                        Block {
                            info: info.trim().to_owned(),
                            line: n + 1,
                            lines: Vec::new(),
                        },
                        indent.to_owned(),
                    ));
                }
            }
            Some((b, ind)) => {
                if t.starts_with("```") {
                    out.push(cur.take().expect("open block").0);
                } else {
                    let l = l.strip_prefix(ind.as_str()).unwrap_or(l);
                    b.lines.push(l.to_owned());
                }
            }
        }
    }
    out
}

/// The Markdown files whose examples must run.
fn doc_files() -> Vec<PathBuf> {
    let mut v = vec![root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    v.extend(docs);
    v
}

/// One command of an example.
#[derive(Debug)]
struct Example {
    args: Vec<String>,
    stdout_to: Option<String>,
    exit: i32,
}

/// Splits a command line like a shell would for these examples: words, single and double
/// quotes, `> FILE`, and a trailing comment.
fn parse_command(line: &str) -> Example {
    let mut words = Vec::new();
    let mut w = String::new();
    let mut has_word = false;
    let mut quote: Option<char> = None;
    let mut comment = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => w.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                has_word = true;
            }
            (None, '#') if !has_word => {
                comment = chars.by_ref().collect();
            }
            (None, c) if c.is_whitespace() => {
                if has_word {
                    words.push(std::mem::take(&mut w));
                    has_word = false;
                }
            }
            (None, c) => {
                w.push(c);
                has_word = true;
            }
        }
    }
    assert!(quote.is_none(), "unclosed quote in {line:?}");
    if has_word {
        words.push(w);
    }
    let mut stdout_to = None;
    if let Some(i) = words.iter().position(|w| w == ">") {
        stdout_to = Some(words.get(i + 1).expect("a file after >").clone());
        words.truncate(i);
    }
    assert_eq!(
        words.first().map(String::as_str),
        Some("cyberkompass"),
        "{line}"
    );
    let lower = comment.to_lowercase();
    let exit = lower
        .split("exit")
        .nth(1)
        .and_then(|r| {
            r.trim_start_matches(|c: char| !c.is_ascii_digit())
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse().ok())
        })
        .unwrap_or(0);
    Example {
        args: words[1..].to_vec(),
        stdout_to,
        exit,
    }
}

/// A folder with what the examples refer to: the fixtures, the example, the schemas, the
/// example as `bewertung.yaml` and the built-in set copied to `mein-set/` (as
/// docs/checklists.md tells a Land to start its own set).
fn workspace() -> tempfile::TempDir {
    let d = crate::common::tempdir();
    for dir in ["tests/fixtures", "examples", "schema", "checklists"] {
        copy_dir(&root().join(dir), &d.path().join(dir));
    }
    copy_dir(&root().join("checklists"), &d.path().join("mein-set"));
    std::fs::copy(
        root().join("examples/musterhausen.yaml"),
        d.path().join("bewertung.yaml"),
    )
    .expect("copy");
    d
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// Runs one example in `dir`; returns the exit code and what it showed (stdout unless
/// redirected, then stderr). In-process through `cli::run` with the environment the binary
/// gets; the real binary only for `assess` and `export`, which read their day from the process
/// environment (`CYBERKOMPASS_TODAY`, `SOURCE_DATE_EPOCH`).
fn execute(dir: &Path, ex: &Example) -> (i32, String) {
    let (code, stdout, stderr) = if ex.args.iter().any(|a| a == "assess" || a == "export") {
        let o = cmd()
            .current_dir(dir)
            .env("CYBERKOMPASS_TODAY", TODAY)
            .env("SOURCE_DATE_EPOCH", EPOCH)
            .args(&ex.args)
            .output()
            .expect("run");
        (o.status.code().unwrap_or(-1), o.stdout, o.stderr)
    } else {
        let env = Env {
            source_date_epoch: Some(EPOCH.to_owned()),
            ..Env::plain(Lang::En)
        };
        let args: Vec<&str> = ex.args.iter().map(String::as_str).collect();
        let o = run_in_env(dir, &args, &env);
        (o.code, o.stdout.into_bytes(), o.stderr.into_bytes())
    };
    let mut shown = String::new();
    match &ex.stdout_to {
        Some(f) => {
            let p = dir.join(f);
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(p, &stdout).expect("write");
        }
        None => shown.push_str(&String::from_utf8_lossy(&stdout)),
    }
    shown.push_str(&String::from_utf8_lossy(&stderr));
    (code, shown)
}

/// The day the examples run on (`CYBERKOMPASS_TODAY`) and the same day as `SOURCE_DATE_EPOCH`.
const TODAY: &str = "2026-11-27";
const EPOCH: &str = "1795737600";

/// Whether `actual` matches `expected`, where an expected line `…` stands for any lines.
fn matches(expected: &[&str], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((&"…", rest)) => (0..=actual.len()).any(|k| matches(rest, &actual[k..])),
        Some((e, rest)) => actual
            .split_first()
            .is_some_and(|(a, arest)| a.trim_end() == e.trim_end() && matches(rest, arest)),
    }
}

#[test]
fn console_examples_in_readme_and_docs_run_as_shown() {
    let mut ran = 0;
    let mut failures = Vec::new();
    for file in doc_files() {
        let md = std::fs::read_to_string(&file).expect("read");
        let rel = file
            .strip_prefix(root())
            .unwrap_or(&file)
            .display()
            .to_string();
        // One folder per Markdown file, made when its first example runs: the examples of a
        // page run one after the other, as a reader would run them.
        let mut workspace_of_file: Option<tempfile::TempDir> = None;
        for b in blocks(&md) {
            let mut info = b.info.split_whitespace();
            if info.next() != Some("console") {
                // Every example of a command is a console block, so that it is run or marked.
                for l in &b.lines {
                    assert!(
                        !l.trim_start().starts_with("cyberkompass ")
                            && !l.trim_start().starts_with("$ cyberkompass"),
                        "{rel}:{}: a cyberkompass command outside a ```console block: {l}",
                        b.line
                    );
                }
                continue;
            }
            if info.any(|w| w == "no-run") {
                continue;
            }
            let dir = workspace_of_file.get_or_insert_with(workspace);
            let mut i = 0;
            while i < b.lines.len() {
                let l = &b.lines[i];
                let Some(command) = l.strip_prefix("$ ") else {
                    panic!("{rel}:{}: output before a command: {l}", b.line + 1 + i);
                };
                let at = b.line + 1 + i;
                let ex = parse_command(command);
                i += 1;
                let start = i;
                while i < b.lines.len() && !b.lines[i].starts_with("$ ") {
                    i += 1;
                }
                let expected: Vec<&str> = b.lines[start..i].iter().map(String::as_str).collect();
                let (code, shown) = execute(dir.path(), &ex);
                let actual: Vec<&str> = shown.lines().collect();
                ran += 1;
                if code != ex.exit || !matches(&expected, &actual) {
                    failures.push(format!(
                        "{rel}:{at}: $ {command}\n  exit {code} (expected {})\n--- expected\n{}\n--- actual\n{shown}",
                        ex.exit,
                        expected.join("\n")
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(ran >= 10, "only {ran} examples found");
}

/// The cyberkompass command lines of docs/ci.md's code blocks (`- run: …`, `- …`, plain).
fn ci_command_lines() -> Vec<String> {
    let md = std::fs::read_to_string(root().join("docs/ci.md")).expect("docs/ci.md");
    let mut v = Vec::new();
    for b in blocks(&md) {
        for l in &b.lines {
            let t = l.trim_start();
            let t = t.strip_prefix("$ ").unwrap_or(t);
            let t = t.strip_prefix("- ").unwrap_or(t);
            let t = t.strip_prefix("run: ").unwrap_or(t);
            if t.starts_with("cyberkompass ") {
                // Without the reader's comment: the command as a shell would run it.
                let t = t.split("  #").next().unwrap_or(t).trim_end();
                v.push(t.to_owned());
            }
        }
    }
    v
}

#[test]
fn ci_md_command_lines_run() {
    let lines = ci_command_lines();
    assert!(lines.len() >= 5, "{lines:?}");
    let dir = workspace();
    for line in &lines {
        let ex = parse_command(line);
        let (code, shown) = execute(dir.path(), &ex);
        // A gate may fail (that is its job); a usage error means the line is wrong.
        assert!(code == 0 || code == 1, "{line}: exit {code}\n{shown}");
        if ex.args.first().is_some_and(|a| a == "validate") {
            assert_eq!(code, 0, "{line}: the example validates cleanly\n{shown}");
        }
        if let Some(f) = &ex.stdout_to {
            let text = std::fs::read_to_string(dir.path().join(f)).expect("report");
            if f.ends_with(".json") {
                let v: serde_json::Value =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{line}: {e}"));
                assert!(v.is_array(), "{line}: a code-quality report is an array");
            } else if f.ends_with(".xml") {
                assert!(
                    text.starts_with("<?xml") && text.contains("<testcase "),
                    "{line}"
                );
            }
        }
    }
    // The GitLab job names every report it writes under `artifacts: reports:`.
    let md = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    for f in lines.iter().filter_map(|l| parse_command(l).stdout_to) {
        assert!(
            md.contains(&format!("- {f}")) || md.contains(&format!(": {f}")),
            "{f}"
        );
    }
}

#[test]
fn the_pre_commit_hook_runs_what_docs_ci_md_says() {
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).expect("hooks");
    let field = |key: &str| {
        hooks
            .lines()
            .find_map(|l| l.trim().strip_prefix(key).map(|v| v.trim().to_owned()))
            .unwrap_or_else(|| panic!("{key} in .pre-commit-hooks.yaml"))
    };
    assert_eq!(field("- id:"), "cyberkompass-validate");
    let entry = field("entry:");
    assert_eq!(entry, "cyberkompass validate");
    assert!(["rust", "system"].contains(&field("language:").as_str()));
    // docs/ci.md: the hook's `args:` and the command line it stands for.
    let md = std::fs::read_to_string(root().join("docs/ci.md")).unwrap();
    let args = md
        .lines()
        .find_map(|l| l.trim().strip_prefix("args: ["))
        .and_then(|r| r.strip_suffix(']'))
        .expect("args: [..] in docs/ci.md");
    let line = format!("{entry} {}", args.split(", ").collect::<Vec<_>>().join(" "));
    assert!(
        ci_command_lines().contains(&line),
        "docs/ci.md shows the hook's command `{line}`"
    );
}

#[test]
fn command_lines_parse_like_a_shell() {
    let e = parse_command("cyberkompass schema field > schema/field.schema.json   # Datei");
    assert_eq!(e.args, ["schema", "field"]);
    assert_eq!(e.stdout_to.as_deref(), Some("schema/field.schema.json"));
    assert_eq!(e.exit, 0);
    let e =
        parse_command("cyberkompass gate 'a b.yaml' --profile standard  # Exit 1: nicht bestanden");
    assert_eq!(e.args, ["gate", "a b.yaml", "--profile", "standard"]);
    assert_eq!(e.exit, 1);
    assert!(matches(&["a", "…", "d"], &["a", "b", "c", "d"]));
    assert!(matches(&["a", "…"], &["a"]));
    assert!(!matches(&["a", "d"], &["a", "b", "d"]));
}
