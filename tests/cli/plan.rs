//! The action plan of the example assessment through the library (the `plan` command is wired
//! later): the same gaps in the same order as `score --format json`, the example's actions,
//! sign-off and classification are valid, and its roadmap shows every phase.

use cyberkompass::assessment::{self, AssessmentFile, answers_sha256};
use cyberkompass::diag::Findings;
use cyberkompass::i18n::Lang;
use cyberkompass::load::parse_yaml;
use cyberkompass::plan::{self, CsvStyle, Phase, PlanOptions};
use cyberkompass::scoring::{ScoreOptions, score};
use cyberkompass::set::{SetSource, load_usable};

use crate::common::{root, run_in};

const EXAMPLE: &str = "examples/musterhausen.yaml";

fn example() -> AssessmentFile {
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    parse_yaml::<AssessmentFile>(&text, EXAMPLE, Lang::En).unwrap()
}

#[test]
fn example_is_valid_strictly_and_its_signoff_matches() {
    let o = run_in(&root(), &["validate", EXAMPLE, "--strict"]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let a = example();
    assert!(
        a.signoffs.last().unwrap().answers_sha256.value == answers_sha256(&a),
        "the answers of {EXAMPLE} changed after its sign-off: when the change is meant, set \
         `answers_sha256` of its last sign-off to {}",
        answers_sha256(&a)
    );
    assert_eq!(
        a.classification.as_deref().map(String::as_str),
        Some("TLP:AMBER")
    );
}

#[test]
fn example_has_one_action_overdue_on_its_updated_day() {
    let a = example();
    let set = load_usable(&SetSource::Builtin, Lang::En).unwrap();
    let day = a.updated.as_ref().unwrap().value.clone();
    let mut f = Findings::default();
    assessment::check_as_of(&a, &set, EXAMPLE, Lang::En, Some(&day), &mut f);
    let codes: Vec<&str> = f.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["action-overdue"], "{f:?}");
}

#[test]
fn plan_of_the_example_is_the_score_gap_list() {
    let a = example();
    let set = load_usable(&SetSource::Builtin, Lang::En).unwrap();
    let sc = score(&set, &a, &ScoreOptions::default());
    let opts = PlanOptions {
        critical_only: false,
        as_of: a.updated.as_ref().map(|d| d.value.clone()),
    };
    let p = plan::build(&sc, &a, &opts);
    // Compare with the binary's `score --format json`, not with copied numbers.
    let o = run_in(&root(), &["score", EXAMPLE, "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let s: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let gaps: Vec<&str> = s["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["question"].as_str().unwrap())
        .collect();
    let items: Vec<&str> = p.items.iter().map(|i| i.question.as_str()).collect();
    assert_eq!(items, gaps);
    // The CSV, read by a real reader, has the same rows in the same order.
    let csv_text = plan::to_csv(&p, Lang::En, CsvStyle::Rfc4180);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let q = r
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "question")
        .unwrap();
    let rows: Vec<String> = r.records().map(|x| x.unwrap()[q].to_owned()).collect();
    assert_eq!(rows, gaps);
    let crit = plan::build(
        &sc,
        &a,
        &PlanOptions {
            critical_only: true,
            ..opts
        },
    );
    let want = s["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["critical"] == true)
        .count();
    assert_eq!(crit.items.len(), want);
    let sum = plan::summary(&p);
    assert_eq!((sum.with_action, sum.overdue, sum.done), (8, 1, 2));
    let phases: Vec<Phase> = plan::roadmap(&p).iter().map(|ph| ph.phase).collect();
    assert_eq!(
        phases,
        [
            Phase::Overdue,
            Phase::Next90Days,
            Phase::Later,
            Phase::Unscheduled,
            Phase::Done
        ]
    );
}

#[test]
fn validate_reports_a_changed_answer_after_signoff_and_a_near_miss_marking_with_places() {
    let d = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let changed = text
        .replacen(
            "classification: 'TLP:AMBER'",
            "classification: TLP AMBER",
            1,
        )
        .replacen(
            "  - id: INF-01\n    rating: 4\n",
            "  - id: INF-01\n    rating: 5\n",
            1,
        );
    assert_ne!(changed, text);
    std::fs::write(d.path().join("a.yaml"), &changed).unwrap();
    let o = run_in(d.path(), &["validate", "a.yaml", "--format", "json"]);
    assert_eq!(o.code, 0, "warnings only: {}{}", o.stdout, o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let found: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["code"].as_str().unwrap().to_owned(),
                x["hint"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let codes: Vec<&str> = found.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["classification", "signoff-stale"], "{}", o.stdout);
    assert!(found[0].1.contains("`TLP:AMBER`"), "{found:?}");
    let o = run_in(d.path(), &["validate", "a.yaml", "--strict"]);
    assert_eq!(o.code, 1);
    let human = format!("{}{}", o.stdout, o.stderr);
    let line = changed
        .lines()
        .position(|l| l.starts_with("classification:"))
        .unwrap()
        + 1;
    assert!(human.contains(&format!("a.yaml:{line}:17")), "{human}");
}
