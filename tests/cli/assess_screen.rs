//! `assess` as the person sees it: the real binary in a pseudo-terminal of a given size, its
//! output fed into a vt100 emulation, and the tests read the resulting screen (every question
//! readable whole at 80×24 and 60×40, back navigation, resume where the person stopped, the
//! overview and the keys, the git warning).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cyberkompass::i18n::Lang;
use cyberkompass::model::ChecklistSet;
use cyberkompass::set::{SetSource, load_usable};
use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use crate::common::fixture;

const TIMEOUT: Duration = Duration::from_secs(30);

/// The program in a pty with a vt100 screen of the same size.
struct Term {
    p: PtySession,
    vt: vt100::Parser,
}

impl Term {
    /// Starts `cyberkompass [--lang L] [--checklists DIR] assess <args>` in `dir` in a pty of
    /// `cols`×`rows` (the built-in set when `set` is None).
    fn spawn(
        dir: &Path,
        lang: &str,
        set: Option<&Path>,
        args: &[&str],
        cols: u16,
        rows: u16,
    ) -> Term {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!(r#"stty cols {cols} rows {rows} && exec "$0" "$@""#))
            .arg(PathBuf::from(env!("CARGO_BIN_EXE_cyberkompass")))
            .args(["--lang", lang]);
        if let Some(s) = set {
            c.arg("--checklists").arg(s);
        }
        c.arg("assess")
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("LANG", "en_US.UTF-8")
            .env("TERM", "xterm")
            .env("NO_COLOR", "1")
            .env("CYBERKOMPASS_TODAY", "2026-11-26");
        let p = rexpect::session::spawn_command(c, Some(TIMEOUT.as_millis() as u64))
            .expect("spawn in a pty");
        let (r, c) = (rows.try_into().unwrap(), cols.try_into().unwrap());
        Term {
            p,
            vt: vt100::Parser::new(r, c, 0),
        }
    }

    /// Feeds what the program wrote so far into the screen; false when there was nothing.
    fn pump(&mut self) -> bool {
        // rexpect hands the output over byte by byte as Latin-1 chars.
        let mut bytes = Vec::new();
        while let Some(c) = self.p.try_read() {
            bytes.push(c as u32 as u8);
        }
        self.vt.process(&bytes);
        !bytes.is_empty()
    }

    /// The screen's rows.
    fn rows(&self) -> Vec<String> {
        let cols = self.vt.screen().size().1.get();
        self.vt.screen().rows(0, cols).collect()
    }

    /// The screen as one line: rows joined by spaces, runs of spaces made one (so that a
    /// wrapped text reads as it was written).
    fn flat(&self) -> String {
        flat(&self.rows().join(" "))
    }

    /// Waits until the screen holds every one of `texts` (compared as [`flat`]), and returns
    /// the rows; panics with the screen after the timeout.
    fn wait(&mut self, texts: &[&str]) -> Vec<String> {
        let start = Instant::now();
        loop {
            self.pump();
            let f = self.flat();
            if texts.iter().all(|t| f.contains(&flat(t))) {
                return self.rows();
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "waiting for {texts:?}; the screen:\n{}",
                    self.rows().join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Waits until the screen no longer holds `text`.
    fn wait_without(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            self.pump();
            if !self.flat().contains(text) {
                return;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "waiting for {text:?} to go; the screen:\n{}",
                self.rows().join("\n")
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Sends keys as typed.
    fn key(&mut self, keys: &str) {
        self.p.send(keys).unwrap();
        self.p.flush().unwrap();
    }

    /// Answers with level `k` and empty note and evidence.
    fn answer(&mut self, k: &str) {
        self.key(k);
        self.wait(&["Note (optional):"]);
        self.key("\r");
        self.wait(&["Evidence (optional):"]);
        self.key("\r");
    }

    /// Organisation, no assessor, the preselected profile (standard).
    fn header(&mut self) {
        self.wait(&["Organisation:"]);
        self.key("Amt\r");
        self.wait(&["(optional):"]);
        self.key("\r");
        self.wait(&["Enter"]);
        self.key("\r");
    }

    fn exit_code(mut self) -> i32 {
        let _ = self.p.exp_eof();
        match self.p.process().wait().expect("wait") {
            WaitStatus::Exited(_, c) => c,
            other => panic!("not a normal exit: {other:?}"),
        }
    }
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn builtin(lang: Lang) -> ChecklistSet {
    load_usable(&SetSource::Builtin, lang).expect("built-in set")
}

const KEYS_EN: &str = "Ctrl-C saves and quits";
// The long and the short key line both end with this.
const KEYS_DE: &str = "Strg-C";

/// Walks every question of the built-in set (skipping each) and checks that the screen shows
/// its id at the start of a row, the whole question text, the key line and the row above.
fn walk_every_question(t: &mut Term, lang: Lang, keys: &str) {
    let set = builtin(lang);
    let code = lang.code();
    let n = set.questions().count();
    for (i, (f, q)) in set.questions().enumerate() {
        let text = q.text.get(code);
        let rows = t.wait(&[&format!("{}  ", q.id.value), keys, text]);
        let first = rows
            .iter()
            .position(|r| r.starts_with(&format!("{}  ", q.id.value)))
            .unwrap_or_else(|| panic!("{} starts a row:\n{}", q.id.value, rows.join("\n")));
        // The field line and the progress stand above the question.
        assert!(
            flat(&rows[..first].join(" ")).contains(&flat(f.title.get(code))),
            "{}: field title above the question:\n{}",
            q.id.value,
            rows.join("\n")
        );
        assert!(rows.iter().any(|r| r.contains(keys)), "{}", rows.join("\n"));
        if q.critical {
            let c = match lang {
                Lang::De => "Kritische Frage",
                Lang::En => "Critical question",
            };
            assert!(t.flat().contains(c), "{}:\n{}", q.id.value, rows.join("\n"));
        }
        t.key("s");
        if i + 1 < n {
            // Wait for the next screen before reading it.
            let next = set.questions().nth(i + 1).unwrap().1.id.value.clone();
            t.wait(&[&format!("{next}  ")]);
        }
    }
}

#[test]
fn every_question_is_readable_whole_at_80x24() {
    let d = crate::common::tempdir();
    let mut t = Term::spawn(d.path(), "en", None, &[], 80, 24);
    t.header();
    let set = builtin(Lang::En);
    let first = set.questions().next().unwrap().1;
    // Critical, and the level the profile asks.
    t.wait(&[
        &first.id.value,
        "Critical question: caps the level of the field",
        "Target (Standard): 3 Established",
        KEYS_EN,
    ]);
    walk_every_question(&mut t, Lang::En, KEYS_EN);
    t.wait(&["Answer them now?"]);
    t.key("\x1b[B");
    t.key("\r");
    t.wait(&["Render a report:"]);
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn every_question_is_readable_whole_at_60x40_in_german() {
    let d = crate::common::tempdir();
    let mut t = Term::spawn(d.path(), "de", None, &[], 60, 40);
    // The profile prompt tells what each profile means and asks.
    t.wait(&["Organisation:"]);
    t.key("Amt\r");
    t.wait(&["Bewertet von (optional):"]);
    t.key("\r");
    t.wait(&[
        "Standard: Jede Praxis ist etabliert, dokumentiert und verbindlich geregelt (Stufe 3)",
        "Ziel: Reifegrad 3 Etabliert in jedem Handlungsfeld",
        "Ziel: Reifegrad 4 Messbar in jedem Handlungsfeld, außer Aufklärung der Bürgerinnen und Bürger 3 Etabliert",
        "Zielprofil:",
    ]);
    t.key("\r");
    // At 60 columns the long anchors of INF-01 leave no room for the help: it is offered on h.
    t.wait(&["INF-01  ", KEYS_DE, "h Hinweis"]);
    // ü opens the overview as o does; Enter goes back.
    t.key("ü");
    t.wait(&["Übersicht: 0 von", "Springen zu:"]);
    t.key("\r");
    walk_every_question(&mut t, Lang::De, KEYS_DE);
    t.wait(&["Jetzt beantworten?"]);
    t.key("\x1b[B");
    t.key("\r");
    t.wait(&["Bericht erzeugen:"]);
    assert_eq!(t.exit_code(), 0);
}

fn two_fields() -> PathBuf {
    fixture("sets/two-fields")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("assessment file")
}

#[test]
fn after_going_back_the_next_question_follows_in_order() {
    let d = crate::common::tempdir();
    let set = two_fields();
    let mut t = Term::spawn(d.path(), "en", Some(&set), &["a.yaml"], 80, 24);
    t.header();
    t.wait(&["BAK-01  ", KEYS_EN]);
    t.answer("1");
    t.wait(&["BAK-02  ", KEYS_EN]);
    t.answer("2");
    t.wait(&["BAK-03  ", KEYS_EN]);
    t.key("b");
    t.wait(&["BAK-02  ", "> 2  Partly implemented", KEYS_EN]);
    t.key("b");
    t.wait(&["BAK-01  ", "> 1  Planned", KEYS_EN]);
    t.answer("3");
    // BAK-02 follows (with its answer preselected), not the next open question BAK-03.
    let rows = t.wait(&["Question 2 of 3", KEYS_EN]);
    assert!(
        rows.iter().any(|r| r.starts_with("BAK-02  ")),
        "{}",
        rows.join("\n")
    );
    assert!(
        t.flat().contains("> 2 Partly implemented"),
        "{}",
        rows.join("\n")
    );
    t.key("\r");
    t.wait(&["Note (optional):"]);
    t.key("\r");
    t.wait(&["Evidence (optional):"]);
    t.key("\r");
    t.wait(&["BAK-03  ", KEYS_EN]);
    t.key("q");
    t.wait(&["Resume with:"]);
    assert_eq!(t.exit_code(), 130);
    let y = read(&d.path().join("a.yaml"));
    assert!(
        y.contains("  - id: BAK-01\n    rating: 3\n  - id: BAK-02\n    rating: 2\n"),
        "{y}"
    );
    assert!(y.contains("\nposition: BAK-03\n"), "{y}");
}

#[test]
fn resume_continues_where_the_person_stopped_and_offers_the_skipped_at_the_end() {
    let d = crate::common::tempdir();
    let set = two_fields();
    let mut t = Term::spawn(d.path(), "en", Some(&set), &["a.yaml"], 80, 24);
    t.header();
    t.wait(&["BAK-01  ", KEYS_EN]);
    t.answer("1");
    t.wait(&["BAK-02  ", KEYS_EN]);
    t.key("s");
    t.wait(&["BAK-03  ", KEYS_EN]);
    t.answer("2");
    t.wait(&["WRN-01  ", KEYS_EN]);
    t.key("q");
    t.wait(&["Resume with:"]);
    assert_eq!(t.exit_code(), 130);
    assert!(read(&d.path().join("a.yaml")).contains("\nposition: WRN-01\n"));

    let mut t = Term::spawn(d.path(), "en", Some(&set), &["a.yaml"], 80, 24);
    // The message stays on the first question screen.
    t.wait(&[
        "Resuming a.yaml: 2 of 6 questions answered",
        "Continuing at WRN-01, where you stopped; skipped questions follow at the end.",
        "WRN-01  ",
        KEYS_EN,
    ]);
    t.answer("3");
    t.wait(&["WRN-02  ", KEYS_EN]);
    t.answer("3");
    t.wait(&["WRN-03  ", KEYS_EN]);
    t.answer("3");
    t.wait(&[
        "That was the last question; 1 question(s) are still open: BAK-02.",
        "Answer them now?",
    ]);
    t.key("\r");
    t.wait(&["BAK-02  ", KEYS_EN]);
    t.answer("4");
    t.wait(&["Summary"]);
    assert_eq!(t.exit_code(), 0);
    let y = read(&d.path().join("a.yaml"));
    assert!(!y.contains("position:"), "{y}");
    assert!(y.contains("  - id: BAK-02\n    rating: 4\n"), "{y}");
}

#[test]
fn overview_keys_help_and_hints() {
    let d = crate::common::tempdir();
    let set = two_fields();
    let mut t = Term::spawn(d.path(), "en", Some(&set), &["a.yaml"], 80, 24);
    t.header();
    t.wait(&["BAK-01  ", KEYS_EN]);
    // An unknown key: a one-line hint.
    t.key("x");
    t.wait(&["The key “x” does nothing here; ? shows all keys.", KEYS_EN]);
    // ? lists the keys; again hides them.
    t.key("?");
    t.wait(&[
        "o, ü overview of the fields; jump to a field or a question",
        "h show or hide the help for the question",
    ]);
    t.key("?");
    t.wait(&["> 0  Not in place"]);
    // The help fits beside the levels here; h hides it and shows it again.
    t.wait(&["Help: Look at the backup log"]);
    t.key("h");
    t.wait_without("Help:");
    t.key("h");
    t.wait(&["Help: Look at the backup log"]);
    // The overview, and a jump to field 2 by its number.
    t.key("o");
    let rows = t.wait(&[
        "Overview: 0 of 6 questions answered (0 %)",
        "Jump to:",
        "You are at BAK-01.",
    ]);
    let f = flat(&rows.join(" "));
    assert!(
        f.contains("> 1 Backup (backup) 0 of 3 answered · target 2"),
        "{f}"
    );
    assert!(
        f.contains("2 Warnings (warnings) 0 of 3 answered · target 3"),
        "{f}"
    );
    t.key("2\r");
    t.wait(&["WRN-01  ", "Field of action 2 of 2", KEYS_EN]);
    // A question id works as well; an unknown one is explained.
    t.key("o");
    t.wait(&["Jump to:"]);
    t.key("BAK-9\r");
    t.wait(&[
        "is neither a field (number or id) nor a question",
        "Jump to:",
    ]);
    t.key("bak-03\r");
    t.wait(&["BAK-03  ", KEYS_EN]);
    t.key("q");
    assert_eq!(t.exit_code(), 130);
}

#[test]
fn control_characters_from_files_are_shown_not_sent() {
    // A set whose question text holds escape sequences (clear screen, set title, bell), and
    // an assessment whose note does.
    let d = crate::common::tempdir();
    let set = d.path().join("set");
    std::fs::create_dir(&set).unwrap();
    for f in ["set.yaml", "backup.yaml", "warnings.yaml"] {
        let text = read(&two_fields().join(f)).replace(
            "en: Is every business application backed up daily?",
            r#"en: "Is every business \e[2J\e]0;pwned\u0007application backed up daily?""#,
        );
        std::fs::write(set.join(f), text).unwrap();
    }
    let sha = load_usable(&SetSource::Dir(set.clone()), Lang::En)
        .unwrap()
        .sha256;
    std::fs::write(
        d.path().join("a.yaml"),
        format!(
            "format: 1\nset:\n  id: test-zwei-felder\n  version: \"1.0\"\n  sha256: \"{sha}\"\norganisation: Amt\nprofile: standard\nanswers:\n  - id: BAK-01\n    rating: 2\n    note: \"x\\e]0;pwned\\ay\"\n"
        ),
    )
    .unwrap();
    let mut t = Term::spawn(d.path(), "en", Some(&set), &["a.yaml", "--review"], 80, 24);
    let rows = t.wait(&[
        "BAK-01  Is every business \\u001b[2J\\u001b]0;pwned\\u0007application backed up daily?",
        KEYS_EN,
    ]);
    // Nothing was cleared: the field line still stands above the question.
    assert!(
        rows.iter().any(|r| r.starts_with("Field of action 1 of 2")),
        "{}",
        rows.join("\n")
    );
    t.key("\r");
    // The note with an escape sequence is not put into the line editor; Enter keeps it.
    t.wait(&["Note (optional):", "several lines or control characters"]);
    t.key("\r");
    t.wait(&["Evidence (optional):"]);
    t.key("\r");
    t.wait(&["BAK-02  ", KEYS_EN]);
    t.key("q");
    assert_eq!(t.exit_code(), 130);
    let y = read(&d.path().join("a.yaml"));
    assert!(y.contains("note: \"x\\u001b]0;pwned\\u0007y\""), "{y}");
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("git is installed here and in CI")
        .status
        .success();
    assert!(ok, "git {args:?}");
}

/// Starts a new assessment in `dir`, reads the screen up to the first prompt and stops.
fn first_screen(dir: &Path, lang: &str) -> String {
    let set = two_fields();
    let mut t = Term::spawn(dir, lang, Some(&set), &[], 80, 24);
    t.wait(&["Organisation:"]);
    let f = t.flat();
    t.p.send_control('c').unwrap();
    assert_eq!(t.exit_code(), 130);
    f
}

#[test]
fn a_new_file_in_a_git_work_tree_that_git_does_not_ignore_is_warned_about() {
    let d = crate::common::tempdir();
    // Outside a work tree: nothing to say.
    assert!(!first_screen(d.path(), "en").contains("git"));
    git(d.path(), &["init", "-q"]);
    let f = first_screen(d.path(), "en");
    assert!(
        f.contains("Warning: assessment.yaml is created inside a git work tree, and git does not ignore it."),
        "{f}"
    );
    let f = first_screen(d.path(), "de");
    assert!(f.contains("git ignoriert die Datei nicht"), "{f}");
    // Ignored: no warning.
    std::fs::write(d.path().join(".gitignore"), "assessment.yaml\n").unwrap();
    assert!(!first_screen(d.path(), "en").contains("git"));
}

#[test]
fn the_repository_ignores_assessment_files() {
    let root = crate::common::root();
    if !root.join(".git").exists() {
        eprintln!("skipped: {} is not a git work tree", root.display());
        return;
    }
    for name in [
        "assessment.yaml",
        "sub/assessment.yaml",
        "stadt.assessment.yaml",
    ] {
        let ok = Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(["check-ignore", "-q", "--no-index", name])
            .status()
            .expect("git")
            .success();
        assert!(ok, "{name} is ignored");
    }
}
