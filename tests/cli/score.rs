//! `score`, `gate` and `explain` against the two-fields fixture set with hand-written
//! assessments (tests/fixtures/assessments). The figures asserted here are computed by hand
//! in docs/scoring.md.

use crate::common::run;

const SET: &str = "sets/two-fields";

fn score(args: &[&str]) -> crate::common::Out {
    let mut v = vec!["--checklists", SET];
    v.extend_from_slice(args);
    run(&v)
}

fn json(file: &str) -> serde_json::Value {
    let o = score(&["score", file, "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    serde_json::from_str(&o.stdout).expect("valid JSON")
}

#[test]
fn score_table_complete_en() {
    let o = score(&["--lang", "en", "score", "assessments/complete.yaml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(o.stderr, "");
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn score_table_partial_de() {
    let o = score(&["--lang", "de", "score", "assessments/partial.yaml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .contains("| 1 Datensicherung | 2/3      | 0   | 1     | 1,6   | 1 Geplant")
    );
    assert!(o.stdout.contains("vorläufig (66 %)"));
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn score_json_complete_has_the_hand_computed_figures() {
    let j = json("assessments/complete.yaml");
    assert_eq!(j["version"], 1);
    assert_eq!(j["set"]["threshold"]["permyriad"], 8000);
    let backup = &j["fields"][0];
    assert_eq!(backup["id"], "backup");
    assert_eq!(backup["weighted_sum"], 13);
    assert_eq!(backup["weight_rated"], 6);
    assert_eq!(backup["index"]["exact"]["numerator"], 13);
    assert_eq!(backup["index"]["exact"]["denominator"], 6);
    assert_eq!(backup["index"]["shown"], "2.2");
    assert_eq!(backup["level"], 2);
    assert_eq!(backup["limited_by"], "threshold");
    assert_eq!(backup["target"], 2);
    assert_eq!(backup["gap"], 0);
    let warnings = &j["fields"][1];
    assert_eq!(warnings["index"]["shown"], "1.8"); // 7/4 = 1.75, half up
    assert_eq!(warnings["level"], 1);
    assert_eq!(warnings["limited_by"], "threshold_and_critical");
    assert_eq!(warnings["gap"], 2);
    let o = &j["overall"];
    assert_eq!(o["index"]["exact"]["numerator"], 73);
    assert_eq!(o["index"]["exact"]["denominator"], 36);
    assert_eq!(o["index"]["shown"], "2.0");
    assert_eq!(o["level"], 1);
    assert_eq!(o["weakest_fields"][0], "warnings");
    assert_eq!(o["provisional"], false);
    let gaps: Vec<&str> = j["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["question"].as_str().unwrap())
        .collect();
    assert_eq!(gaps, ["WRN-01", "WRN-02", "BAK-03"]);
    assert_eq!(
        j["gaps"][0]["recommendation"]["en"],
        "Subscribe a shared mailbox to the Land CERT."
    );
}

#[test]
fn score_json_partial_is_provisional_and_skips_na() {
    let j = json("assessments/partial.yaml");
    let b = &j["fields"][0];
    assert_eq!(
        (b["answered"].as_u64(), b["unanswered"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(b["provisional"], true);
    assert_eq!(b["coverage_percent"], 66);
    assert_eq!(b["index"]["shown"], "1.6");
    assert_eq!(b["questions"][2]["status"], "unanswered");
    assert_eq!(b["questions"][2]["rating"], serde_json::Value::Null);
    let w = &j["fields"][1];
    assert_eq!(w["na"], 1);
    assert_eq!(w["index"]["exact"]["numerator"], 11);
    assert_eq!(w["index"]["exact"]["denominator"], 3);
    assert_eq!(w["level"], 3);
    assert_eq!(j["overall"]["index"]["exact"]["numerator"], 103);
    assert_eq!(j["overall"]["index"]["exact"]["denominator"], 45);
    assert_eq!(j["overall"]["level"], 1);
    assert_eq!(j["overall"]["provisional"], true);
    insta::assert_snapshot!(serde_json::to_string_pretty(&j).unwrap());
}

#[test]
fn score_profile_option_replaces_the_file_profile() {
    let o = score(&[
        "score",
        "assessments/complete.yaml",
        "--profile",
        "basis",
        "--format",
        "json",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["profile"]["id"], "basis");
    assert_eq!(j["profile"]["source"], "option");
    assert_eq!(j["fields"][1]["target"], 2);
    let o = score(&[
        "score",
        "assessments/complete.yaml",
        "--profile",
        "standart",
    ]);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("Did you mean `standard`?"),
        "{}",
        o.stderr
    );
}

#[test]
fn score_empty_assessment_has_no_levels() {
    let o = score(&["--lang", "en", "score", "assessments/empty.yaml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn score_refuses_an_invalid_file() {
    let o = score(&["score", "assessments/invalid-rating.yaml"]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stdout, "");
    assert!(
        o.stderr.contains("assessments/invalid-rating.yaml:11:13"),
        "{}",
        o.stderr
    );
    assert!(o.stderr.contains("nothing was computed"));
    let o = score(&["score", "assessments/missing.yaml"]);
    assert_eq!(o.code, 2);
}

#[test]
fn gate_fails_below_target() {
    let o = score(&["gate", "assessments/complete.yaml"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stdout,
        "ok   backup (Backup): level 2 ≥ required 2\n\
         FAIL warnings (Warnings): level 1 below the required 3\n\
         Gate failed: 1 of 2 fields fall short (profile standard (Standard)).\n"
    );
}

#[test]
fn gate_passes_and_min_level_adds_a_requirement() {
    let o = score(&["gate", "assessments/passing.yaml"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    assert_eq!(
        o.stdout,
        "ok   backup (Backup): level 3 ≥ required 2\n\
         ok   warnings (Warnings): not applicable (all n/a)\n\
         Gate passed: all 2 fields reach their target (profile standard (Standard)).\n"
    );
    let o = score(&["gate", "assessments/passing.yaml", "--min-level", "4"]);
    assert_eq!(o.code, 1);
    assert!(
        o.stdout
            .contains("FAIL backup (Backup): level 3 below the required 4")
    );
    let o = score(&["-q", "gate", "assessments/passing.yaml"]);
    assert_eq!(
        (o.code, o.stdout.as_str()),
        (
            0,
            "ok   backup (Backup): level 3 ≥ required 2\nok   warnings (Warnings): not applicable (all n/a)\n"
        )
    );
    let o = score(&["gate", "assessments/passing.yaml", "--min-level", "6"]);
    assert_eq!(o.code, 2);
}

#[test]
fn gate_provisional_fails_unless_allowed() {
    let o = score(&["gate", "assessments/partial.yaml", "--profile", "basis"]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.contains(
        "FAIL backup (Backup): provisional: only 66 % answered (--allow-provisional allows this); level 1 below the required 2"
    ));
    let o = score(&[
        "gate",
        "assessments/partial.yaml",
        "--profile",
        "basis",
        "--allow-provisional",
    ]);
    assert_eq!(o.code, 1);
    assert!(
        o.stdout
            .contains("FAIL backup (Backup): level 1 below the required 2\n")
    );
}

#[test]
fn gate_github_annotations_are_escaped() {
    let o = score(&["gate", "assessments/partial.yaml", "--format", "github"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stdout,
        "::error file=assessments/partial.yaml,line=17,col=9,title=cyberkompass gate::Field backup (Backup): provisional: only 66 %25 answered (--allow-provisional allows this); level 1 below the required 2\n\
         Gate failed: 1 of 2 fields fall short (profile standard (Standard)).\n"
    );
    // Under GitHub Actions the annotations are the default.
    let o = crate::common::cmd()
        .current_dir(crate::common::fixture(""))
        .env("GITHUB_ACTIONS", "true")
        .args(["--checklists", SET, "gate", "assessments/empty.yaml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        out.matches("::error file=assessments/empty.yaml,line=9,col=10,title=cyberkompass gate::")
            .count(),
        2,
        "{out}"
    );
}

#[test]
fn gate_json() {
    let o = score(&["gate", "assessments/complete.yaml", "--format", "json"]);
    assert_eq!(o.code, 1);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["passed"], false);
    assert_eq!(j["checks"][1]["reasons"][0], "below_required");
    assert_eq!(j["checks"][1]["required"], 3);
}

#[test]
fn explain_all_en() {
    let o = score(&["--lang", "en", "explain", "assessments/complete.yaml"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .contains("Index = (2 · 13/6 + 1 · 7/4) / (2 + 1) = 73/36 → 2.0")
    );
    assert!(
        o.stdout
            .contains("| 2 | 5 / 6        | 5/6   | 50000 ≥ 48000: yes |")
    );
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn explain_field_de() {
    let o = score(&[
        "--lang",
        "de",
        "explain",
        "assessments/partial.yaml",
        "warnings",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!(o.stdout);
}

#[test]
fn explain_question_and_unknown_item() {
    let o = score(&[
        "--lang",
        "en",
        "explain",
        "assessments/partial.yaml",
        "WRN-03",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.contains("n/a: does not count"));
    assert!(
        o.stdout
            .contains("Justification: Die Verwaltung gibt keine Warnungen an Dritte weiter.")
    );
    let o = score(&[
        "--lang",
        "en",
        "explain",
        "assessments/partial.yaml",
        "BAK-02",
    ]);
    assert!(o.stdout.contains(
        "Field target 2: shortfall 1; weight × shortfall = 2 × 1 = 2; rank 1 of 1 in the gap list."
    ));
    let o = score(&["explain", "assessments/partial.yaml", "BAK-9"]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("Did you mean"), "{}", o.stderr);
}

#[test]
fn score_schema_is_published() {
    let o = run(&["schema", "score"]);
    assert_eq!(o.code, 0);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["title"], "cyberkompass score");
    assert!(j["definitions"]["FieldScore"].is_object());
}

#[test]
fn an_assessment_of_another_set_is_an_error_everywhere() {
    // complete.yaml belongs to test-zwei-felder; without --checklists the built-in set applies.
    let cases: [&[&str]; 5] = [
        &["validate", "assessments/complete.yaml"],
        &["score", "assessments/complete.yaml"],
        &["gate", "assessments/complete.yaml"],
        &["explain", "assessments/complete.yaml"],
        &["report", "assessments/complete.yaml"],
    ];
    for args in cases {
        let o = run(args);
        assert_eq!(o.code, 1, "{args:?}: {}{}", o.stdout, o.stderr);
        let all = format!("{}{}", o.stdout, o.stderr);
        for needle in [
            "set-id-mismatch",
            "`test-zwei",
            "`bsi-laender",
            "--checklists",
        ] {
            assert!(all.contains(needle), "{args:?} lacks {needle}: {all}");
        }
        assert!(!all.contains("unknown-question"), "{args:?}: {all}");
    }
}

/// The words of a piped output (table rules, pipes and table headers left out: a list shows
/// a header only beside a value).
fn words(plain: &str) -> Vec<String> {
    let lines: Vec<&str> = plain.lines().collect();
    let body: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !lines.get(i + 1).is_some_and(|n| n.starts_with("|-")))
        .map(|(_, l)| *l)
        .collect();
    body.join("\n")
        .split(|c: char| c.is_whitespace() || c == '|')
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c == '-'))
        .map(str::to_owned)
        .collect()
}

/// On a terminal of `width` columns: no line is wider (unless it is one word), and every word
/// of the piped output appears whole.
fn fits_without_breaking_words(args: &[&str], width: u16) -> String {
    let root = crate::common::root();
    let plain = crate::common::run_in(&root, args);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    let term = crate::common::run_width(&root, args, width);
    assert_eq!(term.code, 0, "{}", term.stderr);
    for line in term.stdout.lines() {
        assert!(
            line.chars().count() <= usize::from(width) || !line.trim().contains(' '),
            "{args:?} at {width}: {line:?}"
        );
    }
    for w in words(&plain.stdout) {
        assert!(
            term.stdout.contains(&w),
            "{args:?} at {width}: `{w}` broken in\n{}",
            term.stdout
        );
    }
    term.stdout
}

#[test]
fn narrow_terminals_get_lists_and_wrapped_text_never_broken_words() {
    for lang in ["de", "en"] {
        let score = ["--lang", lang, "score", "examples/musterhausen.yaml"];
        let at60 = fits_without_breaking_words(&score, 60);
        assert!(!at60.contains('│'), "a list at 60 columns:\n{at60}");
        let at100 = fits_without_breaking_words(&score, 100);
        let list = ["--lang", lang, "list"];
        fits_without_breaking_words(&list, 60);
        let wide = fits_without_breaking_words(&list, 100);
        assert!(wide.contains('│'), "a table at 100 columns:\n{wide}");
        let _ = at100;
    }
    let de =
        fits_without_breaking_words(&["--lang", "de", "score", "examples/musterhausen.yaml"], 60);
    assert!(de.contains("Informationssicherheitsmanagement"), "{de}");
}

/// `score` reads a consistent file while another process rewrites it again and again (the
/// atomic rename of every save): every read sees one whole version, never a torn one.
#[test]
fn score_reads_a_whole_file_while_another_process_writes() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let d = crate::common::tempdir();
    let set = crate::common::fixture("sets/two-fields");
    let a = std::fs::read_to_string(crate::common::fixture("assessments/partial.yaml")).unwrap();
    let b = std::fs::read_to_string(crate::common::fixture("assessments/complete.yaml")).unwrap();
    let path = d.path().join("a.yaml");
    std::fs::write(&path, &a).unwrap();
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let written = std::sync::Arc::new(AtomicU64::new(0));
    let writer = {
        let (stop, written, path) = (stop.clone(), written.clone(), path.clone());
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let t = if n.is_multiple_of(2) { &b } else { &a };
                cyberkompass::atomic::write_atomic(&path, t.as_bytes()).unwrap();
                n += 1;
                written.store(n, Ordering::Relaxed);
            }
            n
        })
    };
    // At least 20 reads, and reading on while the writer has not yet saved 20 times (each
    // save syncs to disk, slower than a read on a busy machine); bounded in time.
    let started = std::time::Instant::now();
    let mut reads = 0;
    while reads < 20
        || (written.load(Ordering::Relaxed) <= 20
            && started.elapsed() < std::time::Duration::from_secs(60))
    {
        let o = crate::common::run_in(
            d.path(),
            &[
                "--checklists",
                set.to_str().unwrap(),
                "score",
                "--format",
                "json",
                "a.yaml",
            ],
        );
        assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
        reads += 1;
    }
    stop.store(true, Ordering::Relaxed);
    assert!(
        writer.join().unwrap() > 20,
        "the writer must have run meanwhile"
    );
}

/// One truth for "meets the target": `score --format json`, `gate` and `report --format json`
/// agree field by field and overall — for a field whose questions are all n/a (no level: not
/// applicable, neither on nor below target), for an assessment with nothing rated (never meets
/// a target) and for one with every question n/a (nothing rated either).
#[test]
fn meets_target_is_the_same_in_score_gate_and_report() {
    let d = crate::common::tempdir();
    let set = crate::common::fixture(SET);
    let set = set.to_str().unwrap();
    let base =
        std::fs::read_to_string(crate::common::fixture("assessments/complete.yaml")).unwrap();
    let na = |ids: &[&str]| {
        let mut t = base.clone();
        for id in ids {
            let start = t.find(&format!("  - id: {id}\n    rating: ")).unwrap();
            let line_end = start + t[start..].find("rating: ").unwrap();
            let end = line_end + t[line_end..].find('\n').unwrap();
            t.replace_range(
                line_end..end,
                "rating: n/a\n    justification: nicht relevant",
            );
        }
        t
    };
    let empty = std::fs::read_to_string(crate::common::fixture("assessments/empty.yaml")).unwrap();
    let cases = [
        ("one-field-na", na(&["BAK-01", "BAK-02", "BAK-03"])),
        ("nothing-rated", empty),
        (
            "all-na",
            na(&["BAK-01", "BAK-02", "BAK-03", "WRN-01", "WRN-02", "WRN-03"]),
        ),
    ];
    for (name, text) in cases {
        let file = format!("{name}.yaml");
        std::fs::write(d.path().join(&file), text).unwrap();
        let run = |args: &[&str]| {
            let mut v = vec!["--checklists", set];
            v.extend_from_slice(args);
            crate::common::run_in(d.path(), &v)
        };
        let s = run(&["score", "--format", "json", &file]);
        assert_eq!(s.code, 0, "{name}: {}", s.stderr);
        let s: serde_json::Value = serde_json::from_str(&s.stdout).unwrap();
        let r = run(&["report", "--format", "json", &file]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let r: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let g = run(&["gate", "--allow-provisional", &file]);
        let sf = s["fields"].as_array().unwrap();
        let rf = r["fields"].as_array().unwrap();
        assert_eq!(sf.len(), rf.len());
        for (a, b) in sf.iter().zip(rf) {
            assert_eq!(a["meets_target"], b["meets_target"], "{name}: {}", a["id"]);
        }
        let count = |v: serde_json::Value| sf.iter().filter(|f| f["meets_target"] == v).count();
        assert_eq!(
            r["summary"]["fields_on_target"],
            count(serde_json::Value::Bool(true)),
            "{name}"
        );
        assert_eq!(
            r["summary"]["fields_below_target"],
            count(serde_json::Value::Bool(false)),
            "{name}"
        );
        let meets = s["overall"]["meets_targets"] == serde_json::Value::Bool(true);
        assert_eq!(
            meets,
            g.code == 0,
            "{name}: score {} / gate {}",
            s["overall"],
            g.stdout
        );
        if name != "one-field-na" {
            assert!(!meets, "{name}: nothing rated never meets a target");
        }
    }
}

/// The two-fields set with `critical_min: 3` added to `basis`, in a temporary folder.
fn set_with_critical_min() -> tempfile::TempDir {
    let dir = crate::common::tempdir();
    let src = crate::common::fixture(SET);
    for f in ["set.yaml", "backup.yaml", "warnings.yaml"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let p = dir.path().join("set.yaml");
    let t = std::fs::read_to_string(&p).unwrap();
    let from = "  - id: basis\n    title: { de: Basis, en: Basic }\n    target: 2\n";
    assert!(t.contains(from));
    std::fs::write(&p, t.replace(from, &format!("{from}    critical_min: 3\n"))).unwrap();
    dir
}

/// docs/scoring.md, "Mindestwert kritischer Fragen": the worked example.
#[test]
fn critical_min_of_the_profile_in_score_gate_and_explain() {
    let file = "assessments/basis-critical.yaml";
    // Without the minimum, both fields at level 2 meet basis: no gap, the gate passes.
    let j = json(file);
    assert_eq!(j["fields"][0]["level"], 2);
    assert_eq!(j["fields"][0]["index"]["shown"], "2.0");
    assert_eq!(j["fields"][1]["level"], 2);
    assert_eq!(j["fields"][1]["index"]["shown"], "2.3");
    assert_eq!(j["overall"]["index"]["exact"]["numerator"], 25);
    assert_eq!(j["overall"]["index"]["exact"]["denominator"], 12);
    assert_eq!(j["overall"]["meets_targets"], true);
    assert_eq!(j["gaps"].as_array().unwrap().len(), 0);
    assert_eq!(score(&["gate", file]).code, 0);

    let dir = set_with_critical_min();
    let set = dir.path().to_str().unwrap();
    let with = |args: &[&str]| {
        let mut v = vec!["--checklists", set];
        v.extend_from_slice(args);
        run(&v)
    };
    let o = with(&["score", file, "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let k: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    // Level and index do not change; the backup field misses its target because of BAK-01.
    for i in 0..2 {
        assert_eq!(k["fields"][i]["level"], j["fields"][i]["level"]);
        assert_eq!(k["fields"][i]["index"], j["fields"][i]["index"]);
    }
    assert_eq!(k["profile"]["critical_min"], 3);
    let b = &k["fields"][0];
    assert_eq!(b["critical_min"], 3);
    assert_eq!(b["critical_below_min"], serde_json::json!(["BAK-01"]));
    assert_eq!(b["meets_target"], false);
    assert_eq!(b["gap"], 0);
    assert_eq!(k["fields"][1]["meets_target"], true);
    assert_eq!(k["overall"]["meets_targets"], false);
    let gaps = k["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0]["question"], "BAK-01");
    assert_eq!(gaps[0]["target"], 3);
    assert_eq!(gaps[0]["target_from_critical_min"], true);
    assert_eq!(gaps[0]["shortfall"], 1);
    assert_eq!(gaps[0]["priority"], 3);
    // The table lists the gap, the gate fails with the reason, explain says why.
    let t = with(&["--lang", "en", "score", file]);
    assert!(t.stdout.contains("BAK-01"), "{}", t.stdout);
    assert!(t.stdout.contains("rating 2 → target 3"), "{}", t.stdout);
    let g = with(&["--lang", "en", "gate", file]);
    assert_eq!(g.code, 1, "{}{}", g.stdout, g.stderr);
    assert!(
        g.stdout.contains(
            "FAIL backup (Backup): critical question(s) below the profile's minimum 3 or open: BAK-01"
        ),
        "{}",
        g.stdout
    );
    let gj = with(&["gate", file, "--format", "json"]);
    let gj: serde_json::Value = serde_json::from_str(&gj.stdout).unwrap();
    assert_eq!(
        gj["checks"][0]["reasons"],
        serde_json::json!(["critical_below_minimum"])
    );
    let e = with(&["--lang", "en", "explain", file, "backup"]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    assert!(
        e.stdout
            .contains("Minimum of critical questions 3: not met by BAK-01"),
        "{}",
        e.stdout
    );
    assert!(
        e.stdout
            .contains("Target 2: missed – the level suffices (2 ≥ 2)"),
        "{}",
        e.stdout
    );
    let q = with(&["--lang", "en", "explain", file, "BAK-01"]);
    assert!(
        q.stdout
            .contains("Profile's minimum for critical questions 3: shortfall 1; weight × shortfall = 3 × 1 = 3; rank 1 of 1"),
        "{}",
        q.stdout
    );
}
