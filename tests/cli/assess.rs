//! `assess` end to end in a pseudo-terminal (whole run, quit and resume, back, SIGKILL), without
//! a terminal, and `validate` on assessment files.

use std::path::{Path, PathBuf};
use std::process::Command;

use rexpect::process::WaitStatus;
use rexpect::session::PtySession;

use crate::common::{ExpectText, fixture, run_in};

const TODAY: &str = "2026-11-26";
/// Generous: the binary may start slowly on a busy machine.
const TIMEOUT_MS: u64 = 30_000;

fn set_dir() -> PathBuf {
    fixture("sets/two-fields")
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_cyberkompass"))
}

/// Starts `cyberkompass --checklists <two-fields> assess <args>` (see [`spawn_with`]).
fn spawn(dir: &Path, args: &[&str]) -> PtySession {
    spawn_with(dir, &[], args)
}

/// Starts `cyberkompass <global> --checklists <two-fields> assess <args>` in a pty of 100×40, in `dir`,
/// with English, no colour and a fixed date.
fn spawn_with(dir: &Path, global: &[&str], args: &[&str]) -> PtySession {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(r#"stty cols 100 rows 40 && exec "$0" "$@""#)
        .arg(bin())
        .args(global)
        .arg("--checklists")
        .arg(set_dir())
        .arg("assess")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("LANG", "en_US.UTF-8")
        .env("TERM", "dumb")
        .env("NO_COLOR", "1")
        .env("CYBERKOMPASS_TODAY", TODAY);
    rexpect::session::spawn_command(c, Some(TIMEOUT_MS)).expect("spawn in a pty")
}

// rexpect reads the output byte by byte as Latin-1, so every text waited for is ASCII.

/// Waits for the question `id` to be shown with its menu.
fn question(p: &mut PtySession, id: &str) {
    p.exp_text(id)
        .unwrap_or_else(|e| panic!("waiting for {id}: {e}"));
    p.exp_text("Ctrl-C saves and quits")
        .unwrap_or_else(|e| panic!("waiting for the menu of {id}: {e}"));
}

/// Sends keys without a newline (rexpect buffers `send` until a flush).
fn key(p: &mut PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

/// Answers the current question with a level and an optional note and evidence.
fn answer(p: &mut PtySession, k: &str, note: &str, evidence: &str) {
    key(p, k);
    p.exp_text("Note (optional):").unwrap();
    p.send_line(note).unwrap();
    p.exp_text("Evidence (optional):").unwrap();
    p.send_line(evidence).unwrap();
}

/// Fills in organisation, assessor and profile (the default: standard).
fn header(p: &mut PtySession) {
    p.exp_text("Organisation:").unwrap();
    p.send_line("Stadt Musterhausen").unwrap();
    p.exp_text("Assessor (optional):").unwrap();
    p.send_line("Erika Mustermann").unwrap();
    p.exp_text("Target profile:").unwrap();
    p.send_line("").unwrap();
}

/// Waits for the end and returns the exit code; consumes the session, since rexpect's reader
/// thread reads the closed pty in a busy loop until the session is dropped.
fn exit_code(mut p: PtySession) -> i32 {
    p.exp_eof().expect("end of output");
    match p.process().wait().expect("wait") {
        WaitStatus::Exited(_, c) => c,
        other => panic!("not a normal exit: {other:?}"),
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("assessment file")
}

/// Runs `validate` on the file with the two-field set; returns the exit code and stdout.
fn validate(dir: &Path, file: &str, extra: &[&str]) -> (i32, String) {
    let set = set_dir();
    let mut args = vec!["--checklists", set.to_str().unwrap(), "validate", file];
    args.extend_from_slice(extra);
    let o = run_in(dir, &args);
    (o.code, o.stdout + &o.stderr)
}

#[test]
fn whole_run_in_a_terminal() {
    let d = crate::common::tempdir();
    let mut p = spawn(d.path(), &[]);
    p.exp_text("New self-assessment in assessment.yaml")
        .unwrap();
    header(&mut p);
    question(&mut p, "BAK-01");
    answer(
        &mut p,
        "3",
        r#"Siehe "Handbuch": Kap. 4 # alt"#,
        "Ticket 42",
    );
    question(&mut p, "BAK-02");
    // Arrows and Enter work as well as digits: down twice from 0 is level 2.
    key(&mut p, "\x1b[B");
    key(&mut p, "\x1b[B");
    key(&mut p, "\r");
    p.exp_text("Note (optional):").unwrap();
    p.send_line("").unwrap();
    p.exp_text("Evidence (optional):").unwrap();
    p.send_line("").unwrap();
    question(&mut p, "BAK-03");
    key(&mut p, "n");
    p.exp_text("Justification for n/a:").unwrap();
    p.send_line("Kein Fachverfahren vor Ort").unwrap();
    question(&mut p, "WRN-01");
    answer(&mut p, "5", "", "");
    question(&mut p, "WRN-02");
    key(&mut p, "s");
    question(&mut p, "WRN-03");
    answer(&mut p, "0", "", "");
    // The skipped question is offered at the end; finish instead.
    p.exp_text("1 question(s) are still open: WRN-02").unwrap();
    p.exp_text("Answer them now?").unwrap();
    key(&mut p, "\x1b[B");
    key(&mut p, "\r");
    p.exp_text("Summary").unwrap();
    // Scored as `score` does: backup (3·3 + 2·2) / (3 + 2) = 2.6 (n/a does not count),
    // warnings (5·1 + 0·1) / 2 = 2.5 with one question open, so provisional.
    p.exp_text("Index").unwrap();
    p.exp_text("Backup").unwrap();
    p.exp_text("2.6").unwrap();
    p.exp_text("Warnings").unwrap();
    p.exp_text("2.5").unwrap();
    p.exp_text("provisional").unwrap();
    // Warnings: index 2.5 but level 0, and one line says why (as `score` and the report do).
    p.exp_text("Warnings: Level 0, not 1: only 50.0 % of the rated weight reaches level 1, the threshold is 80 %.")
        .unwrap();
    p.exp_text("1 question(s) are still open").unwrap();
    p.exp_text("explain assessment.yaml").unwrap();
    p.exp_text("report assessment.yaml --format html -o report.html")
        .unwrap();
    assert_eq!(exit_code(p), 0);

    let y = read(&d.path().join("assessment.yaml"));
    assert!(y.contains("organisation: Stadt Musterhausen\n"), "{y}");
    assert!(y.contains("assessor: Erika Mustermann\n"), "{y}");
    assert!(y.contains("profile: standard\n"), "{y}");
    assert!(
        y.contains("created: 2026-11-26\nupdated: 2026-11-26\n"),
        "{y}"
    );
    assert!(
        y.contains(
            "  - id: BAK-01\n    rating: 3\n    note: \"Siehe \\\"Handbuch\\\": Kap. 4 # alt\"\n    evidence: Ticket 42\n"
        ),
        "{y}"
    );
    assert!(y.contains("  - id: BAK-02\n    rating: 2\n"), "{y}");
    assert!(
        y.contains(
            "  - id: BAK-03\n    rating: n/a\n    justification: Kein Fachverfahren vor Ort\n"
        ),
        "{y}"
    );
    assert!(!y.contains("WRN-02"), "{y}");
    let (code, out) = validate(d.path(), "assessment.yaml", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn quit_and_resume() {
    let d = crate::common::tempdir();
    let mut p = spawn(d.path(), &["a.yaml"]);
    header(&mut p);
    question(&mut p, "BAK-01");
    answer(&mut p, "1", "erste Sitzung", "");
    question(&mut p, "BAK-02");
    key(&mut p, "q");
    p.exp_text("Resume with: cyberkompass --checklists")
        .unwrap();
    p.exp_text("assess a.yaml").unwrap();
    assert_eq!(exit_code(p), 130);
    let first = read(&d.path().join("a.yaml"));
    assert!(first.contains("  - id: BAK-01\n    rating: 1\n    note: erste Sitzung\n"));

    // Second sitting: resumes at BAK-02; Ctrl-C also saves and exits 130.
    let mut p = spawn(d.path(), &["a.yaml"]);
    p.exp_text("Resuming a.yaml: 1 of 6 questions answered (16 %)")
        .unwrap();
    question(&mut p, "BAK-02");
    answer(&mut p, "4", "", "");
    question(&mut p, "BAK-03");
    p.send_control('c').unwrap();
    p.exp_text("Resume with:").unwrap();
    assert_eq!(exit_code(p), 130);
    let y = read(&d.path().join("a.yaml"));
    assert!(y.contains("  - id: BAK-02\n    rating: 4\n"), "{y}");

    // Third sitting, only the second field.
    let mut p = spawn(d.path(), &["a.yaml", "--field", "warnings"]);
    p.exp_text("Resuming a.yaml: 0 of 3 questions answered")
        .unwrap();
    question(&mut p, "WRN-01");
    answer(&mut p, "2", "", "");
    question(&mut p, "WRN-02");
    key(&mut p, "q");
    p.exp_text("assess a.yaml --field warnings").unwrap();
    assert_eq!(exit_code(p), 130);
    let (code, out) = validate(d.path(), "a.yaml", &[]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn back_and_change_an_answer() {
    let d = crate::common::tempdir();
    let mut p = spawn(d.path(), &["a.yaml"]);
    header(&mut p);
    question(&mut p, "BAK-01");
    answer(&mut p, "2", "vorläufig", "");
    question(&mut p, "BAK-02");
    key(&mut p, "b");
    // The current answer is preselected: Enter keeps level 2 …
    p.exp_text("BAK-01").unwrap();
    p.exp_text("> 2  Partly implemented").unwrap();
    p.exp_text("Ctrl-C saves and quits").unwrap();
    key(&mut p, "\r");
    // … and the note prompt starts from the current note; replace it.
    p.exp_text("Note (optional):").unwrap();
    for _ in 0.."vorläufig".chars().count() {
        key(&mut p, "\x7f");
    }
    p.send_line("geprüft").unwrap();
    p.exp_text("Evidence (optional):").unwrap();
    p.send_line("").unwrap();
    question(&mut p, "BAK-02");
    key(&mut p, "b");
    question(&mut p, "BAK-01");
    key(&mut p, "4");
    p.exp_text("Note (optional):").unwrap();
    p.send_line("").unwrap();
    p.exp_text("Evidence (optional):").unwrap();
    p.send_line("").unwrap();
    question(&mut p, "BAK-02");
    key(&mut p, "q");
    assert_eq!(exit_code(p), 130);
    let y = read(&d.path().join("a.yaml"));
    assert!(
        y.ends_with("answers:\n  - id: BAK-01\n    rating: 4\n    note: geprüft\n"),
        "{y}"
    );
}

#[test]
fn german_prompts_and_ctrl_c_in_a_text_prompt() {
    let d = crate::common::tempdir();
    let mut p = spawn_with(d.path(), &["--lang", "de"], &["a.yaml"]);
    p.exp_text("Neue Selbstbewertung in a.yaml").unwrap();
    p.exp_text("Organisation:").unwrap();
    p.send_line("Amt").unwrap();
    p.exp_text("Bewertet von (optional):").unwrap();
    p.send_line("").unwrap();
    p.exp_text("Zielprofil:").unwrap();
    p.exp_text("Enter best").unwrap();
    p.send_line("").unwrap();
    p.exp_text("Handlungsfeld 1 von 2: Datensicherung").unwrap();
    p.exp_text("Frage 1 von 3").unwrap();
    p.exp_text("Hinweis: Sehen Sie im Sicherungsprotokoll")
        .unwrap();
    p.exp_text("n/a").unwrap();
    p.exp_text("speichern und beenden").unwrap();
    p.exp_text("speichert und beendet").unwrap();
    key(&mut p, "2");
    p.exp_text("Notiz (optional):").unwrap();
    p.send_line("").unwrap();
    p.exp_text("Nachweis (optional):").unwrap();
    p.send_line("").unwrap();
    p.exp_text("BAK-02").unwrap();
    p.exp_text("speichert und beendet").unwrap();
    key(&mut p, "1");
    p.exp_text("Notiz (optional):").unwrap();
    // Ctrl-C in the note: the answer to BAK-02 is not given, BAK-01's is kept.
    p.send_control('c').unwrap();
    p.exp_text("Gespeichert in a.yaml. Weiter mit: cyberkompass")
        .unwrap();
    assert_eq!(exit_code(p), 130);
    let y = read(&d.path().join("a.yaml"));
    assert!(
        y.ends_with("answers:\n  - id: BAK-01\n    rating: 2\n"),
        "{y}"
    );
}

#[test]
fn plan_walk_in_a_terminal_saves_owner_due_status_and_effort() {
    let d = crate::common::tempdir();
    std::fs::copy(fixture("assessments/partial.yaml"), d.path().join("a.yaml")).unwrap();
    let mut p = spawn(d.path(), &["a.yaml", "--plan"]);
    p.exp_text("Gap 1 of 1: BAK-02").unwrap();
    p.exp_text("Owner:").unwrap();
    p.send_line("IT-Leitung").unwrap();
    p.exp_text("Due date (YYYY-MM-DD):").unwrap();
    p.send_line("2027-01-31").unwrap();
    p.exp_text("Status:").unwrap();
    // One down: in progress.
    key(&mut p, "\x1b[B");
    p.send_line("").unwrap();
    p.exp_text("Effort (optional):").unwrap();
    p.send_line("2 PT").unwrap();
    p.exp_text("Gaps: 1, with an action: 1, with an owner and a due date: 1, done: 0.")
        .unwrap();
    assert_eq!(exit_code(p), 0);
    let y = read(&d.path().join("a.yaml"));
    assert!(
        y.contains(
            "  - id: BAK-02\n    rating: 1\n    note: Offline-Kopie ist beschafft, aber noch nicht eingerichtet.\n    action:\n      owner: IT-Leitung\n      due: 2027-01-31\n      status: in-progress\n      effort: \"2 PT\"\n"
        ),
        "{y}"
    );
    assert_eq!(validate(d.path(), "a.yaml", &["--strict"]).0, 0);
    // Without a file there is nothing to plan.
    let mut p = spawn(d.path(), &["none.yaml", "--plan"]);
    p.exp_text("no such file. --plan plans the gaps").unwrap();
    assert_eq!(exit_code(p), 2);
}

#[test]
fn sigkill_mid_run_leaves_a_valid_file_with_every_answer_given() {
    let d = crate::common::tempdir();
    let mut p = spawn(d.path(), &["a.yaml"]);
    header(&mut p);
    question(&mut p, "BAK-01");
    answer(&mut p, "3", "a: b", "");
    question(&mut p, "BAK-02");
    key(&mut p, "n");
    p.exp_text("Justification for n/a:").unwrap();
    p.send_line("nicht relevant").unwrap();
    question(&mut p, "BAK-03");
    // Start the third answer and kill the process in the middle of it.
    key(&mut p, "5");
    p.exp_text("Note (optional):").unwrap();
    key(&mut p, "half a no");
    p.process_mut()
        .signal(rexpect::process::Signal::SIGKILL)
        .unwrap();
    match p.process().wait().unwrap() {
        WaitStatus::Signaled(_, sig, _) => assert_eq!(sig, rexpect::process::Signal::SIGKILL),
        other => panic!("expected death by SIGKILL, got {other:?}"),
    }
    // Ends rexpect's reader thread, which reads the closed pty in a busy loop.
    drop(p);
    let y = read(&d.path().join("a.yaml"));
    assert!(
        y.contains("  - id: BAK-01\n    rating: 3\n    note: \"a: b\"\n"),
        "{y}"
    );
    assert!(
        y.contains("  - id: BAK-02\n    rating: n/a\n    justification: nicht relevant\n"),
        "{y}"
    );
    assert!(!y.contains("- id: BAK-03"), "{y}");
    // The question being answered is where the next session resumes.
    assert!(y.contains("\nposition: BAK-03\n"), "{y}");
    let (code, out) = validate(d.path(), "a.yaml", &[]);
    assert_eq!(code, 0, "{out}");
    // No temp file is left behind when the kill came between two saves; the session's lock
    // file stays (the kill released the lock itself) and does not block the next session.
    let mut names: Vec<String> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, [".a.yaml.lock", "a.yaml"]);
    let mut p = spawn(d.path(), &["a.yaml"]);
    question(&mut p, "BAK-03");
    key(&mut p, "q");
    assert_eq!(exit_code(p), 130);
    assert!(!d.path().join(".a.yaml.lock").exists());
}

#[test]
fn a_second_session_on_the_same_file_exits_2_naming_the_first() {
    let d = crate::common::tempdir();
    let mut first = spawn(d.path(), &["a.yaml"]);
    header(&mut first);
    question(&mut first, "BAK-01");
    let mut second = spawn(d.path(), &["a.yaml"]);
    second
        .exp_text("is being assessed in another session (pid ")
        .unwrap();
    second.exp_text("host ").unwrap();
    second.exp_text("since ").unwrap();
    assert_eq!(exit_code(second), 2);
    answer(&mut first, "3", "", "");
    question(&mut first, "BAK-02");
    key(&mut first, "q");
    assert_eq!(exit_code(first), 130);
    assert!(read(&d.path().join("a.yaml")).contains("BAK-01"));
}

#[test]
fn without_a_terminal_it_says_what_to_do_instead() {
    let d = crate::common::tempdir();
    let set = set_dir();
    let o = run_in(
        d.path(),
        &["--checklists", set.to_str().unwrap(), "assess", "a.yaml"],
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("needs a terminal"), "{}", o.stderr);
    assert!(
        o.stderr.contains("cyberkompass validate a.yaml"),
        "{}",
        o.stderr
    );
    assert!(!d.path().join("a.yaml").exists());
    let o = run_in(
        d.path(),
        &[
            "--lang",
            "de",
            "--checklists",
            set.to_str().unwrap(),
            "assess",
        ],
    );
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("braucht ein Terminal"), "{}", o.stderr);
}

/// A valid assessment of the two-field set, with the set's real hash.
fn valid() -> String {
    let set = cyberkompass::set::load_usable(
        &cyberkompass::set::SetSource::Dir(set_dir()),
        cyberkompass::i18n::Lang::En,
    )
    .unwrap();
    format!(
        r#"format: 1
set:
  id: test-zwei-felder
  version: "1.0"
  sha256: "{}"
organisation: Amt
profile: basis
created: 2026-11-01
updated: 2026-11-26
answers:
  - id: BAK-01
    rating: 3
  - id: BAK-02
    rating: n/a
    justification: Keine Daten
"#,
        set.sha256
    )
}

fn validate_text(text: &str) -> (i32, String) {
    let d = crate::common::tempdir();
    std::fs::write(d.path().join("a.yaml"), text).unwrap();
    validate(d.path(), "a.yaml", &["--format", "json"])
}

fn codes(json: &str) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_str(json).expect(json);
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pair(s: &str, c: &str) -> (String, String) {
    (s.to_owned(), c.to_owned())
}

#[test]
fn validate_accepts_a_valid_assessment() {
    let (code, out) = validate_text(&valid());
    assert_eq!(code, 0, "{out}");
    assert_eq!(codes(&out), []);
}

#[test]
fn validate_warns_about_unknown_question_ids() {
    let t = valid() + "  - id: BAK-09\n    rating: 2\n";
    let (code, out) = validate_text(&t);
    assert_eq!(code, 0, "{out}");
    assert_eq!(codes(&out), [pair("warning", "unknown-question")]);
    assert!(out.contains("\"line\": 16"), "{out}");
}

#[test]
fn validate_accepts_a_position_and_warns_about_an_unknown_one() {
    let at = |id: &str| valid().replace("answers:", &format!("position: {id}\nanswers:"));
    let (code, out) = validate_text(&at("BAK-03"));
    assert_eq!(code, 0, "{out}");
    assert_eq!(codes(&out), []);
    let (code, out) = validate_text(&at("BAK-30"));
    assert_eq!(code, 0, "{out}");
    assert_eq!(codes(&out), [pair("warning", "unknown-position")]);
    assert!(out.contains("\"line\": 10"), "{out}");
    assert!(out.contains("Did you mean `BAK-03`?"), "{out}");
}

#[test]
fn validate_rejects_a_rating_outside_0_to_5() {
    let (code, out) = validate_text(&valid().replace("rating: 3", "rating: 6"));
    assert_eq!(code, 1, "{out}");
    assert_eq!(codes(&out), [pair("error", "rating-range")]);
    let (code, out) = validate_text(&valid().replace("rating: 3", "rating: -1"));
    assert_eq!(code, 1, "{out}");
    assert_eq!(codes(&out).len(), 1, "{out}");
    let (code, out) = validate_text(&valid().replace("rating: 3", "rating: viel"));
    assert_eq!(code, 1, "{out}");
    assert_eq!(codes(&out).len(), 1, "{out}");
}

#[test]
fn validate_rejects_na_without_justification() {
    let (code, out) = validate_text(&valid().replace("    justification: Keine Daten\n", ""));
    assert_eq!(code, 1, "{out}");
    assert_eq!(codes(&out), [pair("error", "na-justification")]);
    let (code, out) = validate_text(&valid().replace("Keine Daten", "\" \""));
    assert_eq!(code, 1, "{out}");
    assert_eq!(codes(&out), [pair("error", "na-justification")]);
}

#[test]
fn validate_rejects_a_bad_date() {
    for bad in ["2026-02-30", "26.11.2026", "2026-1-1"] {
        let (code, out) = validate_text(&valid().replace("2026-11-01", bad));
        assert_eq!(code, 1, "{bad}: {out}");
        assert_eq!(codes(&out), [pair("error", "date")], "{bad}");
    }
}

#[test]
fn another_set_id_is_an_error_and_assess_moves_nothing() {
    let d = crate::common::tempdir();
    let other = valid().replace("id: test-zwei-felder", "id: landkreis-eigen");
    std::fs::write(d.path().join("a.yaml"), &other).unwrap();
    let (code, out) = validate(d.path(), "a.yaml", &["--format", "json"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(codes(&out), [pair("error", "set-id-mismatch")]);
    // assess stops before it asks or writes anything: no answer goes under `vanished:`.
    let mut p = spawn(d.path(), &["a.yaml"]);
    p.exp_text("set-id-mismatch").unwrap();
    p.exp_text("landkreis-eigen").unwrap();
    assert_eq!(exit_code(p), 1);
    assert_eq!(read(&d.path().join("a.yaml")), other);
}

#[test]
fn validate_warns_about_a_set_mismatch() {
    let (code, out) = validate_text(&valid().replace("version: \"1.0\"", "version: \"0.9\""));
    assert_eq!(code, 0, "{out}");
    assert_eq!(codes(&out), [pair("warning", "set-mismatch")]);
    let t = valid();
    let start = t.find("sha256: \"").unwrap() + 9;
    let mut changed = t.clone();
    changed.replace_range(start..start + 4, "ffff");
    let (code, out) = validate_text(&changed);
    assert_eq!(code, 0, "{out}");
    assert_eq!(codes(&out), [pair("warning", "set-mismatch")]);
    // --strict turns the warning into a failure.
    let d = crate::common::tempdir();
    std::fs::write(d.path().join("a.yaml"), &changed).unwrap();
    let (code, _) = validate(d.path(), "a.yaml", &["--strict"]);
    assert_eq!(code, 1);
}

#[test]
fn validate_human_and_github_formats_point_at_the_line() {
    let d = crate::common::tempdir();
    std::fs::write(
        d.path().join("a.yaml"),
        valid().replace("rating: 3", "rating: 7"),
    )
    .unwrap();
    let (code, out) = validate(d.path(), "a.yaml", &[]);
    assert_eq!(code, 1);
    assert!(out.contains("a.yaml:12"), "{out}");
    let (code, out) = validate(d.path(), "a.yaml", &["--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.contains("::error file=a.yaml,line=12"), "{out}");
}
