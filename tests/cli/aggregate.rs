//! `aggregate`: histograms against the files' own `score --format json`, anonymity (canary
//! strings of every input in no output format), k-anonymity of segments, bad inputs,
//! byte-identical output for renamed and reordered files, benchmark and identify.

use std::path::{Path, PathBuf};

use cyberkompass::i18n::Lang;
use cyberkompass::model::ChecklistSet;
use cyberkompass::set::{SetSource, load_usable};
use cyberkompass::testgen::{GenOptions, assessment_yaml};
use serde_json::Value;

use crate::common::{root, run_in};

fn builtin() -> ChecklistSet {
    load_usable(&SetSource::Builtin, Lang::En).expect("built-in set")
}

/// Writes files `first..first+n` of seed `seed` into `dir` (with a fixed segment when given).
fn generate(
    dir: &Path,
    first: u64,
    n: u64,
    seed: u64,
    segment: Option<Option<&str>>,
) -> Vec<PathBuf> {
    let set = builtin();
    let o = GenOptions {
        seed,
        segment: segment.map(|s| s.map(str::to_owned)),
        provisional: 0.2,
    };
    std::fs::create_dir_all(dir).unwrap();
    (first..first + n)
        .map(|i| {
            let p = dir.join(format!("gemeinde-{i:05}.yaml"));
            std::fs::write(&p, assessment_yaml(&set, i, &o)).unwrap();
            p
        })
        .collect()
}

fn agg(dir: &Path, args: &[&str]) -> crate::common::Out {
    let mut v = vec!["aggregate"];
    v.extend_from_slice(args);
    run_in(dir, &v)
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut v = vec![".", "--format", "json"];
    v.extend_from_slice(args);
    let out = agg(dir, &v);
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn sum(v: &Value) -> u64 {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .sum()
}

/// Nearest rank: the smallest value v with #{x ≤ v} ≥ ⌈p·n⌉, from the sorted values.
fn nearest_rank(sorted: &[u64], num: u64, den: u64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len() as u64;
    let rank = (num * n).div_ceil(den).max(1);
    Some(sorted[(rank - 1) as usize])
}

#[test]
fn histograms_and_quartiles_agree_with_score_of_each_file() {
    let tmp = crate::common::tempdir();
    let files = generate(tmp.path(), 1, 40, 7, None);
    let a = json(tmp.path(), &[]);
    assert_eq!(a["inputs"]["valid"], 40);
    assert_eq!(a["inputs"]["counted"], 40);
    let t = &a["total"];
    assert_eq!(
        sum(&t["overall"]["levels"]["levels"])
            + t["overall"]["levels"]["no_level"].as_u64().unwrap(),
        40
    );
    assert_eq!(sum(&t["overall"]["coverage_histogram"]), 40);
    for f in t["fields"].as_array().unwrap() {
        assert_eq!(
            sum(&f["levels"]["levels"]) + f["levels"]["no_level"].as_u64().unwrap(),
            40
        );
        assert_eq!(
            f["index"]["n"].as_u64().unwrap(),
            sum(&f["index"]["histogram_tenths"])
        );
    }
    for q in t["questions"].as_array().unwrap() {
        let total = sum(&q["ratings"]) + q["na"].as_u64().unwrap() + q["open"].as_u64().unwrap();
        assert_eq!(total, 40, "{}", q["id"]);
    }
    // The same figures from `score --format json` of every file.
    let mut per_field: Vec<Vec<u64>> = vec![Vec::new(); t["fields"].as_array().unwrap().len()];
    let mut overall = Vec::new();
    let mut levels = [0u64; 6];
    let mut meets = 0;
    for f in &files {
        let out = run_in(
            tmp.path(),
            &["score", f.to_str().unwrap(), "--format", "json"],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        let s: Value = serde_json::from_str(&out.stdout).unwrap();
        for (i, fs) in s["fields"].as_array().unwrap().iter().enumerate() {
            if let Some(t) = fs["index"]["tenths"].as_u64() {
                per_field[i].push(t);
            }
        }
        if let Some(t) = s["overall"]["index"]["tenths"].as_u64() {
            overall.push(t);
        }
        if let Some(l) = s["overall"]["level"].as_u64() {
            levels[l as usize] += 1;
        }
        meets += u64::from(s["overall"]["meets_targets"] == Value::Bool(true));
    }
    for (i, f) in t["fields"].as_array().unwrap().iter().enumerate() {
        let v = &mut per_field[i];
        v.sort_unstable();
        assert_eq!(
            f["index"]["median_tenths"].as_u64(),
            nearest_rank(v, 1, 2),
            "{}",
            f["id"]
        );
        assert_eq!(f["index"]["q1_tenths"].as_u64(), nearest_rank(v, 1, 4));
        assert_eq!(f["index"]["q3_tenths"].as_u64(), nearest_rank(v, 3, 4));
    }
    overall.sort_unstable();
    assert_eq!(
        t["overall"]["index"]["median_tenths"].as_u64(),
        nearest_rank(&overall, 1, 2)
    );
    let got: Vec<u64> = t["overall"]["levels"]["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    assert_eq!(got, levels);
    assert_eq!(t["overall"]["meets_all_targets"]["count"], meets);
}

#[test]
fn no_name_note_evidence_justification_or_owner_reaches_any_format() {
    let tmp = crate::common::tempdir();
    generate(tmp.path(), 1, 30, 3, None);
    let set_text = std::fs::read_to_string(tmp.path().join("gemeinde-00001.yaml")).unwrap();
    // The generator did write the canaries and the names.
    for c in [
        "CANARY-note",
        "CANARY-assessor",
        "CANARY-owner",
        "Gemeinde 0001",
    ] {
        assert!(set_text.contains(c), "{c}");
    }
    let all = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(
        all.contains("CANARY-justification"),
        "some n/a with a justification"
    );
    assert!(all.contains("CANARY-evidence"));
    for format in ["md", "html", "json", "csv"] {
        for extra in [&[][..], &["--group-by", "segment", "--min-group", "2"][..]] {
            let mut args = vec![".", "--format", format];
            args.extend_from_slice(extra);
            let out = agg(tmp.path(), &args);
            assert_eq!(out.code, 0, "{}", out.stderr);
            assert!(
                !out.stdout.contains("CANARY"),
                "{format}: a user text leaked"
            );
            assert!(
                !out.stdout.contains("Gemeinde 0"),
                "{format}: a name leaked"
            );
            assert!(!out.stderr.contains("CANARY") && !out.stderr.contains("Gemeinde 0"));
            if format == "html" {
                assert!(out.stdout.contains("<svg") && out.stdout.contains("-heat-t"));
                assert!(out.stdout.contains("-levels-t"));
                assert!(!out.stdout.contains("<script") && !out.stdout.contains("http://e"));
            }
        }
    }
}

#[test]
fn segments_below_k_are_merged_so_none_can_be_recovered() {
    let tmp = crate::common::tempdir();
    generate(tmp.path(), 1, 12, 5, Some(Some("Gemeinde < 10.000 EW")));
    generate(tmp.path(), 100, 8, 5, Some(Some("Gemeinde ≥ 10.000 EW")));
    generate(tmp.path(), 200, 4, 5, Some(Some("Landkreis")));
    let a = json(tmp.path(), &["--group-by", "segment"]);
    let groups = a["groups"].as_array().unwrap();
    let text = serde_json::to_string(&groups).unwrap();
    assert!(!text.contains("Landkreis"), "the group of 4 is not shown");
    // Landkreis (4) alone would be recoverable as total − the others: the smallest shown
    // group (8) is merged into "other" too.
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0]["segment"], "Gemeinde < 10.000 EW");
    assert_eq!(groups[0]["section"]["files"], 12);
    assert_eq!(groups[1]["kind"], "other");
    assert_eq!(groups[1]["merged_groups"], 2);
    assert_eq!(groups[1]["section"]["files"], 12);
    for g in groups {
        assert!(g["section"]["files"].as_u64().unwrap() >= 5);
    }
    let md = agg(tmp.path(), &[".", "--group-by", "segment"]);
    assert!(!md.stdout.contains("Landkreis"));
    // Fewer than K in total is an error, unless --identify.
    let small = tmp.path().join("small");
    generate(&small, 1, 4, 5, Some(Some("Landkreis")));
    let out = agg(&small, &["."]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("too few assessments (4 < 5)"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.is_empty());
    let out = agg(&small, &[".", "--identify"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Contains names of organisations"));
    assert!(out.stdout.contains("Gemeinde 0001"));
}

#[test]
fn a_corrupt_file_fails_the_run_unless_allowed() {
    let tmp = crate::common::tempdir();
    generate(tmp.path(), 1, 10, 9, None);
    let bad = tmp.path().join("gemeinde-00003.yaml");
    let text = std::fs::read_to_string(&bad).unwrap();
    std::fs::write(&bad, text.replacen("    rating: ", "    rating: [", 1)).unwrap();
    let out_file = tmp.path().join("out.json");
    let out = agg(
        tmp.path(),
        &[".", "--format", "json", "-o", out_file.to_str().unwrap()],
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.is_empty());
    assert!(!out_file.exists(), "nothing written");
    assert!(
        out.stderr.contains("gemeinde-00003.yaml:"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("1 of 10 files are invalid"),
        "{}",
        out.stderr
    );
    let line_col = regex_like_line_col(&out.stderr, "gemeinde-00003.yaml");
    assert!(line_col, "file:line:col in {}", out.stderr);
    let out = agg(tmp.path(), &[".", "--format", "json", "--allow-invalid"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let a: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(a["inputs"]["read"], 10);
    assert_eq!(a["inputs"]["skipped_invalid"], 1);
    assert_eq!(a["inputs"]["counted"], 9);
    assert!(out.stderr.contains("skipped (invalid), 1 file(s)"));
    assert!(out.stderr.contains("gemeinde-00003.yaml"));
    assert!(
        !out.stdout.contains("gemeinde-00003"),
        "paths stay out of the output"
    );
}

/// Whether `text` names `file:LINE:COL`.
fn regex_like_line_col(text: &str, file: &str) -> bool {
    text.match_indices(file).any(|(i, _)| {
        let rest = &text[i + file.len()..];
        let mut parts = rest.splitn(3, ':');
        parts.next() == Some("")
            && parts
                .next()
                .is_some_and(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_digit()))
            && parts
                .next()
                .is_some_and(|c| c.chars().next().is_some_and(|c| c.is_ascii_digit()))
    })
}

#[test]
fn another_set_id_is_refused_with_both_ids() {
    let tmp = crate::common::tempdir();
    generate(tmp.path(), 1, 6, 2, None);
    let p = tmp.path().join("gemeinde-00002.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("id: bsi-laender-kooperation", "id: anderes-set", 1),
    )
    .unwrap();
    let out = agg(tmp.path(), &["."]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("anderes-set") && out.stderr.contains("bsi-laender-kooperation"),
        "{}",
        out.stderr
    );
}

#[test]
fn renamed_and_reordered_files_give_byte_identical_output() {
    let tmp = crate::common::tempdir();
    let a_dir = tmp.path().join("a");
    let files = generate(&a_dir, 1, 15, 11, None);
    let b_dir = tmp.path().join("b/sub");
    std::fs::create_dir_all(&b_dir).unwrap();
    for (n, f) in files.iter().rev().enumerate() {
        std::fs::copy(f, b_dir.join(format!("x-{n}.yml"))).unwrap();
    }
    for format in ["md", "html", "json", "csv"] {
        let args = [
            "--format",
            format,
            "--group-by",
            "segment",
            "--min-group",
            "2",
        ];
        let mut a1 = vec!["a"];
        a1.extend_from_slice(&args);
        let mut a2 = vec!["b", "--recursive"];
        a2.extend_from_slice(&args);
        let o1 = agg(tmp.path(), &a1);
        let o2 = agg(tmp.path(), &a2);
        assert_eq!(o1.code, 0, "{}", o1.stderr);
        assert_eq!(o1.stdout, o2.stdout, "{format}");
    }
    // Without --recursive the folder b has no files of its own.
    let o = agg(tmp.path(), &["b"]);
    assert_eq!(o.code, 1);
}

#[test]
fn benchmark_shows_its_own_name_once_and_percentiles() {
    let tmp = crate::common::tempdir();
    generate(tmp.path(), 1, 20, 4, None);
    let example = root().join("examples/musterhausen.yaml");
    let out = agg(
        tmp.path(),
        &[
            ".",
            "--benchmark",
            example.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let a: Value = serde_json::from_str(&out.stdout).unwrap();
    let b = &a["benchmark"];
    assert_eq!(b["others"], 20);
    for f in b["fields"].as_array().unwrap() {
        let p = f["percentile"].as_u64().unwrap();
        assert!(p <= 100);
    }
    let md = agg(tmp.path(), &[".", "--benchmark", example.to_str().unwrap()]);
    assert_eq!(
        md.stdout.matches("Musterhausen").count(),
        1,
        "{}",
        md.stdout
    );
    // Among the inputs itself, it is taken out of its peers.
    std::fs::copy(&example, tmp.path().join("muster.yaml")).unwrap();
    let a: Value = json(tmp.path(), &["--benchmark", example.to_str().unwrap()]);
    assert_eq!(a["benchmark"]["others"], 20);
    assert_eq!(a["inputs"]["counted"], 21);
}

#[test]
fn csv_has_one_row_per_question_and_guards_formulas() {
    let tmp = crate::common::tempdir();
    generate(tmp.path(), 1, 6, 8, Some(Some("=HYPERLINK(\"x\")")));
    let out = agg(
        tmp.path(),
        &[".", "--format", "csv", "--group-by", "segment"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut r = csv::ReaderBuilder::new().from_reader(out.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let questions = builtin().questions().count();
    assert_eq!(rows.len(), 2 * questions);
    assert!(rows.iter().all(|r| !r[1].starts_with('=')));
    assert!(rows.iter().any(|r| r[1].starts_with("'=HYPERLINK")));
}

#[test]
fn a_file_named_twice_counts_once_and_no_input_is_overwritten() {
    let tmp = crate::common::tempdir();
    let files = generate(tmp.path(), 1, 6, 12, None);
    let one = files[0].to_str().unwrap();
    let a = json(tmp.path(), &["./gemeinde-00001.yaml", one]);
    assert_eq!(a["inputs"]["read"], 6);
    let before = std::fs::read(&files[0]).unwrap();
    let out = agg(tmp.path(), &[".", "-o", one]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(std::fs::read(&files[0]).unwrap(), before);
    let out = agg(tmp.path(), &[".", "--min-group", "0"]);
    assert_eq!(out.code, 2, "K must be at least 1");
}

/// `aggregate` folds `scoring::score_figures`: on generated files of the built-in set (with
/// notes, evidence, n/a justifications, actions) it is `score` without its texts, figure for
/// figure.
#[test]
fn the_figures_aggregate_folds_are_the_score_without_its_texts() {
    use cyberkompass::scoring::{RefList, ScoreOptions, score, score_figures};
    let set = load_usable(&SetSource::Builtin, Lang::En).unwrap();
    let (mut notes, mut gaps) = (0, 0);
    for i in 1..=20 {
        let text = assessment_yaml(&set, i, &GenOptions::default());
        let a = cyberkompass::load::parse_yaml(&text, "a.yaml", Lang::En).unwrap();
        for profile in [None, Some("basis".to_owned())] {
            let o = ScoreOptions { profile };
            let mut full = score(&set, &a, &o);
            let figures = score_figures(&set, &a, &o);
            gaps += full.gaps.len();
            notes += full
                .fields
                .iter()
                .flat_map(|f| &f.questions)
                .filter(|q| q.note.is_some())
                .count();
            full.set.title = Default::default();
            if let Some(p) = &mut full.profile {
                p.title = Default::default();
            }
            full.scale.clear();
            full.gaps.clear();
            for f in &mut full.fields {
                f.title = Default::default();
                for q in &mut f.questions {
                    q.text = Default::default();
                    (q.justification, q.note, q.evidence, q.recommendation) =
                        (None, None, None, None);
                    q.references = RefList::default();
                }
            }
            assert_eq!(
                serde_json::to_string(&full).unwrap(),
                serde_json::to_string(&figures).unwrap(),
                "file {i}"
            );
        }
    }
    // The texts left out were there: the comparison compared something.
    assert!(notes > 100 && gaps > 100, "notes {notes}, gaps {gaps}");
}
