//! The fast reader of field files (src/fastfield.rs) against serde-saphyr: whenever the fast
//! path reads a file, serde-saphyr reads the identical value with identical places — on every
//! YAML file of the repository, on generated files (the shapes of bench/gen.py and
//! bench/bad-inputs.sh), and on generated files perturbed at random (proptest). And `validate`
//! reports the same findings whichever path read the file.

use std::path::{Path, PathBuf};

use cyberkompass::fastfield::{agrees_with_serde_saphyr, parse};
use proptest::prelude::*;

use crate::common::depth;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
            out.push(p);
        }
    }
}

#[test]
fn every_yaml_file_of_the_repository_reads_the_same() {
    let mut files = Vec::new();
    for d in [
        "examples",
        "tests",
        "fuzz/corpus",
        "docs",
        "checklists",
        "bench",
        "data",
    ] {
        yaml_files(&root().join(d), &mut files);
    }
    assert!(files.len() > 20, "{files:?}");
    let mut fast = 0;
    for p in &files {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match agrees_with_serde_saphyr(text) {
            Ok(took) => fast += usize::from(took),
            Err(e) => panic!("{}: {e}", p.display()),
        }
    }
    // Every built-in field file and the canonical fixtures take the fast path.
    let mut builtin = 0;
    for p in &files {
        if p.starts_with(root().join("checklists")) && !p.ends_with("set.yaml") {
            let text = std::fs::read_to_string(p).unwrap();
            assert!(
                parse(&text).is_some(),
                "{} takes the fast path",
                p.display()
            );
            builtin += 1;
        }
    }
    assert!(builtin >= 8, "{builtin} built-in field files");
    assert!(fast >= builtin + 5, "only {fast} files took the fast path");
}

/// A field file of `n` questions in the shape of bench/gen.py (block texts, flow anchors,
/// flow reference lists), with values drawn from `seed`.
fn gen_field(seed: u64, n: usize) -> String {
    let mut rng = cyberkompass::testgen::Rng::new(seed);
    let mut t = format!(
        "id: field-{seed:04}\nnumber: {}\ntitle: {{ de: Handlungsfeld {seed}, en: Field {seed} }}\n\
         description: {{ de: Erzeugt für den Benchmark., en: Generated for the benchmark. }}\n\
         weight: {}\nquestions:\n",
        seed + 1,
        1 + rng.below(3)
    );
    for q in 0..n {
        t += &format!(
            "  - id: QAB-{q:03}\n    text:\n      de: Wird die Praxis {q} vollständig umgesetzt?\n      \
             en: Is practice {q} carried out fully?\n    help:\n      de: Sehen Sie die Protokolle der \
             letzten {} Monate ein.\n      en: Look at the records.\n    anchors:\n      \
             1: {{ de: Die Praxis ist geplant., en: The practice is planned. }}\n      \
             3: {{ de: Umgesetzt., en: Carried out. }}\n      5: {{ de: Verbessert., en: Improved. }}\n    \
             recommendation:\n      de: Legen Sie eine verantwortliche Person fest.\n      \
             en: Name a responsible person.\n    weight: {}\n    critical: {}\n    references:\n      \
             grundschutz: [GC.1.{}, DET.5.1]\n      nis2: [{}]\n      iso27001: [A.5.{}, A.8.8]\n",
            2 + rng.below(23),
            1 + rng.below(3),
            rng.below(10) == 0,
            1 + rng.below(9),
            (b'a' + rng.below(10) as u8) as char,
            1 + rng.below(37),
        );
    }
    t
}

/// The shapes of bench/bad-inputs.sh: the findings flood (lower-case ids, flow texts) and the
/// clean file of the same size.
fn flood(n: usize) -> String {
    let head = "id: flood\nnumber: 3\ntitle: {de: Flut, en: Flood}\ndescription: {de: D, en: D}\nquestions:\n";
    let mut t = head.to_owned();
    for i in 0..n {
        t += &format!("  - id: bad{i}\n    text: {{de: x, en: x}}\n");
    }
    t
}

fn clean(n: usize) -> String {
    let head = "id: flood\nnumber: 3\ntitle: {de: Flut, en: Flood}\ndescription: {de: D, en: D}\nquestions:\n";
    let mut t = head.to_owned();
    for i in 0..n {
        t += &format!(
            "  - id: OK{}{}-{:03}\n    text: {{de: x, en: x}}\n    help: {{de: h, en: h}}\n    \
             anchors: {{1: {{de: a, en: a}}, 3: {{de: b, en: b}}, 5: {{de: c, en: c}}}}\n    \
             recommendation: {{de: r, en: r}}\n",
            (b'A' + (i / 26000) as u8) as char,
            (b'A' + (i / 1000 % 26) as u8) as char,
            i % 1000
        );
    }
    t
}

#[test]
fn generated_files_take_the_fast_path_and_read_the_same() {
    for seed in 1..6 {
        let text = gen_field(seed, 20);
        assert_eq!(agrees_with_serde_saphyr(&text), Ok(true), "seed {seed}");
    }
    assert_eq!(agrees_with_serde_saphyr(&flood(500)), Ok(true));
    assert_eq!(agrees_with_serde_saphyr(&clean(500)), Ok(true));
}

/// `validate` of a field file gives the same findings whichever path read it: a flood of
/// findings (fast path) and the same file behind a `%YAML` directive, which only serde-saphyr
/// reads (its places two lines lower).
#[test]
fn validate_reports_the_same_findings_from_either_path() {
    let d = crate::common::tempdir();
    let text = flood(300);
    assert!(parse(&text).is_some());
    let directive = format!("%YAML 1.2\n---\n{text}");
    assert!(parse(&directive).is_none());
    let run = |body: &str| {
        std::fs::write(d.path().join("flood.yaml"), body).unwrap();
        let out = crate::common::run_in(d.path(), &["validate", "--format", "json", "flood.yaml"]);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        // Lines shift by the two lines of the directive; everything else stays.
        let mut items: Vec<(String, String, i64, i64)> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| {
                (
                    x["code"].as_str().unwrap_or("").to_owned(),
                    x["message"].as_str().unwrap_or("").to_owned(),
                    x["line"].as_i64().unwrap_or(0),
                    x["column"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        items.sort();
        items
    };
    let fast = run(&text);
    let slow: Vec<_> = run(&directive)
        .into_iter()
        .map(|(c, m, l, col)| (c, m, l - 2, col))
        .collect();
    assert!(fast.len() >= 300, "{}", fast.len());
    assert_eq!(fast, slow);
}

/// Small edits that turn a canonical file into something unusual, each at a chosen place.
fn perturb(text: &str, at: usize, what: u8, extra: &str) -> String {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let (a, b) = text.split_at(at);
    let ins = match what % 18 {
        0 => "&x ".to_owned(),
        1 => "*x".to_owned(),
        2 => "!!str ".to_owned(),
        3 => "\n".to_owned(),
        4 => " ".to_owned(),
        5 => "#".to_owned(),
        6 => "'".to_owned(),
        7 => "\"".to_owned(),
        8 => ": ".to_owned(),
        9 => "- ".to_owned(),
        10 => "\n---\n".to_owned(),
        11 => "{".to_owned(),
        12 => "~".to_owned(),
        13 => "\t".to_owned(),
        14 => extra.to_owned(),
        15 => "|\n".to_owned(),
        16 => "0".to_owned(),
        _ => return format!("{a}{}", b.get(1..).unwrap_or("")),
    };
    format!("{a}{ins}{b}")
}

proptest! {
    // 32 cases in a plain `cargo test`, 256 in CI (crate::common::depth).
    #![proptest_config(ProptestConfig { cases: depth(32, 256), ..ProptestConfig::default() })]

    #[test]
    fn perturbed_generated_fields_never_disagree(
        seed in 1u64..40,
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), "[ -~äö\\n]{0,6}"), 1..4),
    ) {
        let mut text = gen_field(seed, 3);
        for (at, what, extra) in &edits {
            text = perturb(&text, at % (text.len() + 1), *what, extra);
        }
        prop_assert!(agrees_with_serde_saphyr(&text).is_ok(), "{:?}", agrees_with_serde_saphyr(&text));
    }

    #[test]
    fn perturbed_builtin_field_never_disagrees(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), "[ -~äö\\n]{0,6}"), 1..4),
    ) {
        let mut text = std::fs::read_to_string(root().join("checklists/governance.yaml")).unwrap();
        for (at, what, extra) in &edits {
            text = perturb(&text, at % (text.len() + 1), *what, extra);
        }
        prop_assert!(agrees_with_serde_saphyr(&text).is_ok(), "{:?}", agrees_with_serde_saphyr(&text));
    }
}

/// The same as the proptests, deterministic and counted: the perturbed files that stay
/// canonical take the fast path (so the comparison compares something), the rest fall back.
#[test]
fn perturbed_fields_fall_back_or_agree_and_many_stay_fast() {
    let mut rng = cyberkompass::testgen::Rng::new(11);
    let base = gen_field(3, 4);
    let (mut fast, mut slow) = (0, 0);
    // 150 files in a plain `cargo test`, 600 in CI; at least a tenth each way.
    let n = depth(150, 600);
    for _ in 0..n {
        let mut text = base.clone();
        for _ in 0..1 + rng.below(2) {
            let at = rng.below(text.len() as u64 + 1) as usize;
            text = perturb(&text, at, rng.below(256) as u8, "x: 1");
        }
        match agrees_with_serde_saphyr(&text) {
            Ok(true) => fast += 1,
            Ok(false) => slow += 1,
            Err(e) => panic!("{e}\n--- text:\n{text}"),
        }
    }
    assert!(fast > n / 10 && slow > n / 10, "fast {fast}, slow {slow}");
}
