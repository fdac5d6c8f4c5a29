//! `compare`, `report --baseline` and `gate --baseline --fail-on regression`: identical files,
//! argument order, levels equal to `score`'s, hostile text in every format, files of two sets,
//! the two examples (Musterhausen 2025 and 2026).

use std::path::Path;

use crate::common::{root, run_in};
use cyberkompass::assessment::{self, AssessmentFile, answers_sha256};

const NEW: &str = "examples/musterhausen.yaml";
const OLD: &str = "examples/musterhausen-2025.yaml";
const FORMATS: [&str; 5] = ["text", "md", "json", "csv", "html"];

fn at_root(args: &[&str]) -> crate::common::Out {
    run_in(&root(), args)
}

fn read(p: &str) -> AssessmentFile {
    let mut f = cyberkompass::diag::Findings::default();
    assessment::read(&root().join(p), cyberkompass::i18n::Lang::En, &mut f)
        .unwrap()
        .unwrap()
        .file
}

fn json(args: &[&str]) -> serde_json::Value {
    let o = at_root(args);
    assert_eq!(o.code, 0, "{}", o.stderr);
    serde_json::from_str(&o.stdout).expect("valid JSON")
}

#[test]
fn the_2025_example_signoff_matches_its_answers() {
    let a = read(OLD);
    assert_eq!(
        a.signoffs.last().unwrap().answers_sha256.value,
        answers_sha256(&a),
        "set the sign-off hash of {OLD} to {}",
        answers_sha256(&a)
    );
}

#[test]
fn a_file_compared_with_itself_has_no_changes() {
    for lang in ["de", "en"] {
        let o = at_root(&["--lang", lang, "compare", NEW, NEW]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let want = if lang == "de" {
            "Keine Änderungen"
        } else {
            "No changes"
        };
        assert!(o.stdout.contains(want), "{}", o.stdout);
        assert!(!o.stdout.contains('+') && !o.stdout.contains('−'));
    }
    let j = json(&["compare", NEW, NEW, "--format", "json"]);
    assert_eq!(j["no_changes"], true);
    assert!(j["steps"][0]["questions"].as_array().unwrap().is_empty());
}

#[test]
fn swapped_arguments_give_byte_identical_output_in_every_format() {
    for f in FORMATS {
        for lang in ["de", "en"] {
            let a = at_root(&["--lang", lang, "compare", OLD, NEW, "--format", f]);
            let b = at_root(&["--lang", lang, "compare", NEW, OLD, "--format", f]);
            assert_eq!(a.code, 0, "{}", a.stderr);
            assert!(
                a.stdout == b.stdout,
                "{f} {lang} differs with swapped arguments"
            );
        }
    }
    // Three files in any order, too.
    let a = at_root(&["compare", OLD, NEW, OLD, "--format", "json"]);
    let b = at_root(&["compare", NEW, OLD, OLD, "--format", "json"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn levels_and_indices_are_those_of_score() {
    let c = json(&["compare", NEW, OLD, "--format", "json"]);
    let files = c["files"].as_array().unwrap();
    assert_eq!(files[0]["file"], OLD, "the older file comes first");
    for (n, f) in files.iter().enumerate() {
        let s = json(&["score", f["file"].as_str().unwrap(), "--format", "json"]);
        for (k, field) in s["fields"].as_array().unwrap().iter().enumerate() {
            let p = &c["fields"][k]["points"][n];
            assert_eq!(c["fields"][k]["id"], field["id"]);
            assert_eq!(p["level"], field["level"], "{} in {n}", field["id"]);
            assert_eq!(p["index"], field["index"]);
            assert_eq!(p["target"], field["target"]);
            assert_eq!(p["meets_target"], field["meets_target"]);
        }
        assert_eq!(c["overall"][n]["level"], s["overall"]["level"]);
        assert_eq!(c["overall"][n]["index"], s["overall"]["index"]);
    }
    // Deltas are differences of those figures.
    for f in c["fields"].as_array().unwrap() {
        let p = f["points"].as_array().unwrap();
        if let (Some(a), Some(b)) = (p[0]["level"].as_i64(), p[1]["level"].as_i64()) {
            assert_eq!(p[1]["delta_level"].as_i64(), Some(b - a));
        }
    }
}

#[test]
fn question_changes_match_the_two_files() {
    let c = json(&["compare", OLD, NEW, "--format", "json"]);
    let (old, new) = (read(OLD), read(NEW));
    let rating = |a: &AssessmentFile, id: &str| a.answer(id).map(|x| x.rating.value);
    // Count "rating up" directly from the two files.
    let up = new
        .answers
        .iter()
        .filter(|x| {
            matches!(
                (rating(&old, &x.id.value), x.rating.value),
                (Some(assessment::Rating::Level(a)), assessment::Rating::Level(b)) if b > a
            )
        })
        .count();
    let changes = c["steps"][0]["questions"].as_array().unwrap();
    let n = |k: &str| changes.iter().filter(|x| x["kind"] == k).count();
    assert_eq!(n("rating_up"), up);
    assert!(n("rating_down") > 0 && n("rating_to_na") == 1);
    // The 2025 file belongs to set version 2025.1 and has no answer to the newer questions.
    assert!(n("new_in_set") >= 4, "{changes:?}");
    assert_eq!(c["not_comparable"][0]["id"], "AWA-08");
    let kinds: Vec<&str> = c["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["set_version"]);
    // Actions recorded in 2025 and done in 2026.
    let done: Vec<&str> = c["steps"][0]["actions_done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["question"].as_str().unwrap())
        .collect();
    assert_eq!(done, ["DEF-08", "SUP-02"]);
    // Gaps closed and opened are the difference of score's gap lists.
    let gaps = |p: &str| -> std::collections::BTreeSet<String> {
        json(&["score", p, "--format", "json"])["gaps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["question"].as_str().unwrap().to_owned())
            .collect()
    };
    let (g_old, g_new) = (gaps(OLD), gaps(NEW));
    let ids = |k: &str| -> std::collections::BTreeSet<String> {
        c["steps"][0][k]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["question"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        ids("gaps_closed"),
        g_old.difference(&g_new).cloned().collect()
    );
    assert_eq!(
        ids("gaps_opened"),
        g_new.difference(&g_old).cloned().collect()
    );
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A fixture assessment of the two-fields set with a hostile note and organisation.
fn hostile(dir: &Path) {
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/assessments/partial.yaml")).unwrap();
    let evil = base
        .replace(
            "organisation: Stadtverwaltung Musterstadt",
            "organisation: \"<script>alert(1)</script> | `x` \\e[31m\"",
        )
        .replace(
            "note: Offline-Kopie ist beschafft, aber noch nicht eingerichtet.",
            "note: \"=cmd|' /C calc'!A0 <img src=x onerror=alert(1)> | `code`\"",
        )
        .replace("updated: 2026-11-20", "updated: 2026-12-01")
        .replace("rating: 1\n", "rating: 3\n");
    write(dir, "old.yaml", &base);
    write(dir, "new.yaml", &evil);
}

#[test]
fn hostile_text_is_escaped_in_every_format() {
    let dir = crate::common::tempdir();
    hostile(dir.path());
    let set = root().join("tests/fixtures/sets/two-fields");
    let set = set.to_str().unwrap();
    let run = |f: &str| {
        let o = run_in(
            dir.path(),
            &[
                "--checklists",
                set,
                "compare",
                "old.yaml",
                "new.yaml",
                "--format",
                f,
            ],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        o.stdout
    };
    let html = run("html");
    assert!(!html.contains("<script") && !html.contains("<img"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("Content-Security-Policy"));
    let md = run("md");
    assert!(!md.contains("<script") && !md.contains("<img"));
    assert!(md.contains("\\|") && md.contains("\\`"));
    let csv = run("csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let mut notes = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        for cell in rec.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "formula: {cell}");
        }
        if rec.get(10).is_some_and(|n| n.contains("calc")) {
            notes += 1;
            assert!(rec.get(10).unwrap().starts_with("'="));
        }
    }
    assert_eq!(notes, 1, "the hostile note is in the new file only");
    let text = run("text");
    assert!(
        !text.contains('\u{1b}'),
        "control characters are shown, not sent"
    );
    assert!(text.contains("\\u001b"), "{text}");
}

#[test]
fn long_form_csv_has_one_record_per_file_and_question() {
    let c = json(&["compare", OLD, NEW, "--format", "json"]);
    let o = at_root(&["compare", OLD, NEW, "--format", "csv"]);
    let mut r = csv::Reader::from_reader(o.stdout.as_bytes());
    let recs: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let q = c["questions"].as_array().unwrap();
    assert_eq!(recs.len(), 2 * q.len());
    // The rating column equals the JSON answer of that file.
    for (i, rec) in recs.iter().enumerate() {
        let (file, k) = (i / q.len(), i % q.len());
        let a = &q[k]["answers"][file];
        let want = match a {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        assert_eq!(rec.get(5), q[k]["id"].as_str());
        assert_eq!(rec.get(8), Some(want.as_str()));
    }
}

#[test]
fn three_files_give_series_of_three_and_a_chart() {
    let dir = crate::common::tempdir();
    let mid = std::fs::read_to_string(root().join(NEW))
        .unwrap()
        .replace("updated: 2026-11-20", "updated: 2026-05-02");
    write(dir.path(), "mid.yaml", &mid);
    let mid = dir.path().join("mid.yaml");
    let mid = mid.to_str().unwrap();
    let c = json(&["compare", NEW, OLD, mid, "--format", "json"]);
    assert_eq!(c["fields"][0]["points"].as_array().unwrap().len(), 3);
    assert_eq!(c["steps"].as_array().unwrap().len(), 2);
    let o = at_root(&["compare", NEW, OLD, mid, "--format", "html"]);
    assert!(o.stdout.contains("<svg") && !o.stdout.contains("<script"));
    let two = at_root(&["compare", NEW, OLD, "--format", "html"]);
    assert!(!two.stdout.contains("<svg"), "no chart for two files");
}

#[test]
fn files_of_two_sets_exit_1_naming_both() {
    let dir = crate::common::tempdir();
    let other =
        std::fs::read_to_string(root().join("tests/fixtures/assessments/partial.yaml")).unwrap();
    write(dir.path(), "other.yaml", &other);
    let other = dir.path().join("other.yaml");
    let o = at_root(&["compare", NEW, other.to_str().unwrap()]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("bsi-laender-kooperation"), "{}", o.stderr);
    assert!(o.stderr.contains("test-zwei-felder"), "{}", o.stderr);
    let swapped = at_root(&["compare", other.to_str().unwrap(), NEW]);
    assert_eq!(swapped.stderr, o.stderr);
}

#[test]
fn one_file_or_an_unreadable_file_is_a_usage_error() {
    assert_eq!(at_root(&["compare", NEW]).code, 2);
    let o = at_root(&["compare", NEW, "no/such.yaml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
}

#[test]
fn output_file_is_written_and_never_an_input() {
    let dir = crate::common::tempdir();
    let out = dir.path().join("vergleich.html");
    let o = at_root(&[
        "compare",
        OLD,
        NEW,
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let o = at_root(&["compare", OLD, NEW, "-o", NEW]);
    assert_eq!(o.code, 2);
}

#[test]
fn regression_gate_names_what_fell() {
    // Citizen outreach fell from 2025 to 2026 (CIT-01 lower): the gate names it.
    let c = json(&["compare", OLD, NEW, "--format", "json"]);
    let fell: Vec<&str> = c["steps"][0]["regressions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert_eq!(fell, ["citizen-outreach"]);
    let o = at_root(&[
        "gate",
        NEW,
        "--baseline",
        OLD,
        "--fail-on",
        "regression",
        "--format",
        "human",
    ]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(
        o.stdout.contains("FAIL Field citizen-outreach"),
        "{}",
        o.stdout
    );
    assert!(o.stdout.contains("from 2 to 1"));
    let gh = at_root(&[
        "gate",
        NEW,
        "--baseline",
        OLD,
        "--fail-on",
        "regression",
        "--format",
        "github",
    ]);
    assert_eq!(gh.code, 1);
    assert!(
        gh.stdout.starts_with(&format!("::error file={NEW},line=")),
        "{}",
        gh.stdout
    );
    assert!(gh.stdout.contains("citizen-outreach"));
    let j = json_code(
        &[
            "gate",
            NEW,
            "--baseline",
            OLD,
            "--fail-on",
            "regression",
            "--format",
            "json",
        ],
        1,
    );
    assert_eq!(j["passed"], false);
    assert_eq!(j["regression"]["regressions"][0]["id"], "citizen-outreach");
    assert_eq!(j["target"], serde_json::Value::Null);
    // Against itself nothing fell.
    let same = at_root(&["gate", NEW, "--baseline", NEW, "--fail-on", "regression"]);
    assert_eq!(same.code, 0, "{}", same.stdout);
    // Both checks: the target check still fails the example.
    let both = at_root(&[
        "gate",
        NEW,
        "--baseline",
        NEW,
        "--fail-on",
        "regression,target",
    ]);
    assert_eq!(both.code, 1);
    assert!(both.stdout.contains("Gate failed"));
}

#[test]
fn regression_gate_needs_a_baseline_of_the_same_set() {
    assert_eq!(at_root(&["gate", NEW, "--fail-on", "regression"]).code, 2);
    assert_eq!(at_root(&["gate", NEW, "--baseline", OLD]).code, 2);
    let o = at_root(&[
        "gate",
        NEW,
        "--baseline",
        "tests/fixtures/assessments/partial.yaml",
        "--fail-on",
        "regression",
    ]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("test-zwei-felder") && o.stderr.contains("bsi-laender-kooperation"));
}

fn json_code(args: &[&str], code: i32) -> serde_json::Value {
    let o = at_root(args);
    assert_eq!(o.code, code, "{}", o.stderr);
    serde_json::from_str(&o.stdout).expect("valid JSON")
}

#[test]
fn report_with_a_baseline_has_a_trend_section_and_a_summary_sentence() {
    let c = json(&["compare", OLD, NEW, "--format", "json"]);
    let r = json(&["report", NEW, "--baseline", OLD, "--format", "json"]);
    let t = &r["trend"];
    assert_eq!(t["baseline_file"], OLD);
    for (k, f) in t["fields"].as_array().unwrap().iter().enumerate() {
        let p = &c["fields"][k]["points"];
        assert_eq!(f["level_before"], p[0]["level"]);
        assert_eq!(f["level_now"], p[1]["level"]);
        // The report's own figures are those "now".
        assert_eq!(f["level_now"], r["fields"][k]["level"]);
    }
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|g| g["question"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&t["gaps_closed"]), ids(&c["steps"][0]["gaps_closed"]));
    assert_eq!(ids(&t["gaps_opened"]), ids(&c["steps"][0]["gaps_opened"]));
    // Without a baseline there is no trend.
    assert!(json(&["report", NEW, "--format", "json"])["trend"].is_null());
    for (f, lang, want) in [
        ("md", "de", "Gegenüber der Bewertung vom 2025-11-14"),
        ("html", "en", "Compared with the assessment of 2025-11-14"),
    ] {
        let o = at_root(&[
            "--lang",
            lang,
            "report",
            NEW,
            "--baseline",
            OLD,
            "--format",
            f,
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let summary_at = o.stdout.find(want).expect("sentence");
        let title = if lang == "de" {
            "Entwicklung seit der letzten Bewertung"
        } else {
            "Trend since the last assessment"
        };
        assert!(
            o.stdout[summary_at..].contains(title),
            "the section follows the summary"
        );
    }
    // Every key of the trend is documented for template authors.
    let docs = std::fs::read_to_string(root().join("docs/templates.md")).unwrap();
    for k in t.as_object().unwrap().keys() {
        assert!(
            docs.contains(&format!("`trend.{k}")),
            "docs/templates.md lacks trend.{k}"
        );
    }
    for k in t["fields"][0].as_object().unwrap().keys() {
        assert!(
            docs.contains(&format!("`trend.fields[].{k}`")),
            "lacks trend.fields[].{k}"
        );
    }
    for k in t["gaps_closed"][0].as_object().unwrap().keys() {
        assert!(
            docs.contains(&format!("`trend.gaps_closed[].{k}`")),
            "lacks {k}"
        );
    }
}

#[test]
fn report_baseline_of_another_set_fails_naming_both() {
    let o = at_root(&[
        "report",
        NEW,
        "--baseline",
        "tests/fixtures/assessments/partial.yaml",
    ]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("test-zwei-felder"));
}

#[test]
fn an_invalid_file_stops_compare_report_and_gate_with_its_findings() {
    let dir = crate::common::tempdir();
    let base = std::fs::read_to_string(root().join(NEW)).unwrap();
    // A quoted rating is a lenient coercion: a finding, never a guess.
    let bad = base.replacen("rating: 4\n", "rating: \"4\"\n", 1);
    assert_ne!(bad, base);
    write(dir.path(), "bad.yaml", &bad);
    let bad = dir.path().join("bad.yaml");
    let bad = bad.to_str().unwrap();
    for args in [
        vec!["compare", OLD, bad],
        vec!["report", NEW, "--baseline", bad],
        vec!["gate", NEW, "--baseline", bad, "--fail-on", "regression"],
    ] {
        let o = at_root(&args);
        assert_eq!(o.code, 1, "{args:?}: {}", o.stderr);
        assert!(o.stdout.is_empty(), "{args:?}: nothing is compared");
        assert!(o.stderr.contains("bad.yaml"), "{args:?}: {}", o.stderr);
    }
}

#[test]
fn text_and_markdown_snapshots_on_the_two_fields_set() {
    let args = |f: &str| {
        vec![
            "--checklists",
            "sets/two-fields",
            "--lang",
            "en",
            "compare",
            "assessments/partial.yaml",
            "assessments/complete.yaml",
            "--format",
            f,
        ]
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>()
    };
    for f in ["text", "md"] {
        let a = args(f);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = crate::common::run(&a);
        assert_eq!(o.code, 0, "{}", o.stderr);
        insta::assert_snapshot!(format!("compare_two_fields_{f}"), o.stdout);
    }
}
