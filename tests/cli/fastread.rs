//! The fast reader of assessment files (src/fastread.rs) against serde-saphyr: whenever the
//! fast path reads a file, serde-saphyr reads the identical value with identical places — on
//! every YAML file of the repository, on generated files, and on generated files perturbed at
//! random (proptest). The same for the scanner under it (src/fastscan.rs): whenever it reads a
//! file, granit-parser yields the same events and the reader makes the same file of them.

use std::path::{Path, PathBuf};

use cyberkompass::fastread::{agrees_with_serde_saphyr, parse, parse_scanned, scanner_agrees};
use cyberkompass::i18n::Lang;
use cyberkompass::model::ChecklistSet;
use cyberkompass::set::{SetSource, load_usable};
use cyberkompass::testgen::{GenOptions, assessment_yaml};
use proptest::prelude::*;

use crate::common::depth;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn set() -> &'static ChecklistSet {
    static SET: std::sync::OnceLock<ChecklistSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| load_usable(&SetSource::Builtin, Lang::En).expect("built-in set"))
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
    let (mut fast, mut scanned, mut declined) = (0, 0, 0);
    for p in &files {
        let Ok(text) = std::fs::read_to_string(p) else {
            continue;
        };
        for text in [
            text.as_str(),
            text.strip_prefix('\u{feff}').unwrap_or(&text),
        ] {
            match agrees_with_serde_saphyr(text) {
                Ok(took) => fast += usize::from(took),
                Err(e) => panic!("{}: {e}", p.display()),
            }
            match scanner_agrees(text) {
                Ok(true) => scanned += 1,
                Ok(false) => declined += 1,
                Err(e) => panic!("{}: {e}", p.display()),
            }
        }
    }
    // The example and the canonical fixtures take the fast path; the scanner reads them, and
    // leaves the sets and field files (flow collections, folded blocks …) to the parser.
    assert!(fast >= 3, "only {fast} files took the fast path");
    assert!(
        scanned >= 20 && declined >= 20,
        "scanned {scanned}, declined {declined}"
    );
    for f in [
        "examples/musterhausen.yaml",
        "examples/musterhausen-2025.yaml",
    ] {
        let example = std::fs::read_to_string(root().join(f)).unwrap();
        assert!(parse(&example).is_some(), "{f} takes the fast path");
        assert!(parse_scanned(&example).is_some(), "{f} takes the scanner");
    }
}

#[test]
fn generated_files_take_the_fast_path_and_read_the_same() {
    // One seed in a plain `cargo test`, three in CI.
    for seed in 1..=u64::from(depth(1, 3)) {
        let o = GenOptions {
            seed,
            ..GenOptions::default()
        };
        // 10 files in a plain `cargo test`, 25 in CI.
        for i in 1..=u64::from(depth(10, 25)) {
            let text = assessment_yaml(set(), i, &o);
            assert_eq!(
                agrees_with_serde_saphyr(&text),
                Ok(true),
                "seed {seed}, file {i}"
            );
            assert_eq!(scanner_agrees(&text), Ok(true), "seed {seed}, file {i}");
            assert!(parse_scanned(&text).is_some(), "seed {seed}, file {i}");
        }
    }
}

/// Small edits that turn a canonical file into something unusual, each at a chosen place.
fn perturb(text: &str, at: usize, what: u8, extra: &str) -> String {
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let (a, b) = text.split_at(at);
    let ins = match what % 16 {
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
        _ => return format!("{a}{}", b.get(1..).unwrap_or("")),
    };
    format!("{a}{ins}{b}")
}

proptest! {
    // 32 cases in a plain `cargo test`, 512 in CI (crate::common::depth).
    #![proptest_config(ProptestConfig { cases: depth(32, 512), ..ProptestConfig::default() })]

    #[test]
    fn perturbed_generated_files_never_disagree(
        i in 1u64..40,
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), "[ -~äö\\n]{0,6}"), 1..4),
    ) {
        let mut text = assessment_yaml(set(), i, &GenOptions::default());
        for (at, what, extra) in &edits {
            text = perturb(&text, at % (text.len() + 1), *what, extra);
        }
        prop_assert!(agrees_with_serde_saphyr(&text).is_ok(), "{:?}", agrees_with_serde_saphyr(&text));
        prop_assert!(scanner_agrees(&text).is_ok(), "{:?}", scanner_agrees(&text));
    }

    #[test]
    fn perturbed_example_never_disagrees(
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), "[ -~äö\\n]{0,6}"), 1..4),
    ) {
        let mut text = std::fs::read_to_string(root().join("examples/musterhausen.yaml")).unwrap();
        for (at, what, extra) in &edits {
            text = perturb(&text, at % (text.len() + 1), *what, extra);
        }
        prop_assert!(agrees_with_serde_saphyr(&text).is_ok(), "{:?}", agrees_with_serde_saphyr(&text));
        prop_assert!(scanner_agrees(&text).is_ok(), "{:?}", scanner_agrees(&text));
    }
}

/// The same as the proptests, deterministic and counted: the perturbed files that stay
/// canonical take the fast path (so the comparison compares something), the rest fall back.
#[test]
fn perturbed_files_fall_back_or_agree_and_many_stay_fast() {
    let mut rng = cyberkompass::testgen::Rng::new(7);
    let base = assessment_yaml(set(), 3, &GenOptions::default());
    let (mut fast, mut slow) = (0, 0);
    let (mut scanned, mut declined) = (0, 0);
    // 100 files in a plain `cargo test`, 600 in CI; at least a tenth each way.
    let n = depth(100, 600);
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
        match scanner_agrees(&text) {
            Ok(true) => scanned += 1,
            Ok(false) => declined += 1,
            Err(e) => panic!("{e}\n--- text:\n{text}"),
        }
    }
    assert!(fast > n / 10 && slow > n / 10, "fast {fast}, slow {slow}");
    // Both ways through the scanner are taken: it reads what stays in its subset and leaves
    // the rest to the parser.
    assert!(
        scanned > n / 10 && declined > n / 10,
        "scanned {scanned}, declined {declined}"
    );
}
