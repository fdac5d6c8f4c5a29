//! The action plan: of the example through the library and through `cyberkompass plan` (the
//! same gaps in the same order as `score --format json` and the report's JSON), the example's
//! actions, sign-off and classification, its roadmap, the formats, `-o`, `--date` and
//! `validate --date`.

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
    let d = crate::common::tempdir();
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

fn questions(v: &serde_json::Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["question"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn plan_command_has_the_gaps_of_score_and_report_in_their_order_and_exits_0() {
    let o = run_in(&root(), &["plan", EXAMPLE, "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let p: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let s = run_in(&root(), &["score", EXAMPLE, "--format", "json"]);
    let s: serde_json::Value = serde_json::from_str(&s.stdout).unwrap();
    let r = run_in(&root(), &["report", EXAMPLE, "--format", "json"]);
    let r: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items = questions(&p, "items");
    assert!(!items.is_empty());
    assert_eq!(items, questions(&s, "gaps"));
    assert_eq!(items, questions(&r, "actions"));
    // Reference day from the file's `updated`, classification from the file.
    let a = example();
    assert_eq!(p["as_of"], a.updated.as_ref().unwrap().value.as_str());
    assert_eq!(p["classification"], "TLP:AMBER");
    // --critical-only keeps the critical gaps, in the same order, with their original ranks.
    let c = run_in(
        &root(),
        &["plan", EXAMPLE, "--format", "json", "--critical-only"],
    );
    let c: serde_json::Value = serde_json::from_str(&c.stdout).unwrap();
    let want: Vec<String> = s["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["critical"] == true)
        .map(|g| g["question"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(questions(&c, "items"), want);
    assert_eq!(c["critical_only"], true);
}

#[test]
fn plan_profile_changes_targets_like_score() {
    let o = run_in(
        &root(),
        &["plan", EXAMPLE, "--format", "json", "--profile", "basis"],
    );
    let s = run_in(
        &root(),
        &["score", EXAMPLE, "--format", "json", "--profile", "basis"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    let p: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let s: serde_json::Value = serde_json::from_str(&s.stdout).unwrap();
    assert_eq!(questions(&p, "items"), questions(&s, "gaps"));
    assert_eq!(p["profile"], "basis");
    let bad = run_in(&root(), &["plan", EXAMPLE, "--profile", "nope"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown profile `nope`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn plan_date_sets_the_reference_day_and_a_bad_one_is_a_usage_error() {
    let o = run_in(
        &root(),
        &["plan", EXAMPLE, "--format", "json", "--date", "2030-01-01"],
    );
    let p: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(p["as_of"], "2030-01-01");
    let overdue: Vec<&str> = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["overdue"] == true)
        .map(|i| i["question"].as_str().unwrap())
        .collect();
    let open_dated = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["due"].is_null() && i["status"] != "done")
        .count();
    assert_eq!(
        overdue.len(),
        open_dated,
        "every open dated action is overdue in 2030"
    );
    let bad = run_in(&root(), &["plan", EXAMPLE, "--date", "2030-02-30"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("YYYY-MM-DD"), "{}", bad.stderr);
}

#[test]
fn plan_formats_csv_excel_md_issues() {
    let csv_out = run_in(&root(), &["plan", EXAMPLE]);
    assert_eq!(csv_out.code, 0);
    assert!(csv_out.stdout.starts_with("rank,external_id,"));
    assert!(csv_out.stdout.contains("\r\n"));
    let xl = run_in(
        &root(),
        &["plan", EXAMPLE, "--format", "excel", "--lang", "de"],
    );
    assert!(
        xl.stdout.starts_with("\u{feff}Rang;Externe Id;"),
        "{}",
        &xl.stdout[..40]
    );
    let md = run_in(&root(), &["plan", EXAMPLE, "--format", "md"]);
    assert!(md.stdout.contains("| # |"), "{}", md.stdout);
    let is = run_in(&root(), &["plan", EXAMPLE, "--format", "issues"]);
    let v: serde_json::Value = serde_json::from_str(&is.stdout).unwrap();
    let first = &v.as_array().unwrap()[0];
    assert!(
        first["body"]
            .as_str()
            .unwrap()
            .contains(first["external_id"].as_str().unwrap())
    );
}

#[test]
fn plan_output_file_is_written_and_the_input_is_refused() {
    let d = crate::common::tempdir();
    let out = d.path().join("plan.csv");
    let o = run_in(&root(), &["plan", EXAMPLE, "-o", out.to_str().unwrap()]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let stdout = run_in(&root(), &["plan", EXAMPLE]).stdout;
    assert_eq!(std::fs::read_to_string(&out).unwrap(), stdout);
    assert!(o.stderr.contains("Action plan written"), "{}", o.stderr);
    let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "no temp file left");
    let copy = d.path().join("a.yaml");
    std::fs::copy(root().join(EXAMPLE), &copy).unwrap();
    let before = std::fs::read(&copy).unwrap();
    let o = run_in(d.path(), &["plan", "a.yaml", "-o", "./a.yaml"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(std::fs::read(&copy).unwrap(), before);
}

#[test]
fn plan_source_date_epoch_is_the_reference_day_of_the_binary() {
    // 2027-03-01T00:00:00Z
    let o = crate::common::cmd()
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1803859200")
        .args(["plan", EXAMPLE, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let p: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(p["as_of"], "2027-03-01");
    let bad = crate::common::cmd()
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["plan", EXAMPLE])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn validate_date_reports_overdue_actions() {
    let without = run_in(&root(), &["validate", EXAMPLE]);
    assert!(
        !without.stdout.contains("action-overdue"),
        "{}",
        without.stdout
    );
    let with = run_in(&root(), &["validate", EXAMPLE, "--date", "2030-01-01"]);
    assert_eq!(with.code, 0, "overdue is a warning: {}", with.stdout);
    assert!(with.stdout.contains("action-overdue"), "{}", with.stdout);
    let strict = run_in(
        &root(),
        &["validate", EXAMPLE, "--date", "2030-01-01", "--strict"],
    );
    assert_eq!(strict.code, 1);
    let bad = run_in(&root(), &["validate", EXAMPLE, "--date", "1.1.2030"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn plan_csv_is_exact_in_a_pipe_and_shows_control_characters_on_a_terminal() {
    use clap::Parser;
    let d = crate::common::tempdir();
    let file = d.path().join("a.yaml");
    let text = std::fs::read_to_string(root().join(EXAMPLE))
        .unwrap()
        .replace(
            "owner: IT-Leitung\n",
            "owner: \"IT\\e]0;pwned\\aLeitung\"\n",
        );
    std::fs::write(&file, text).unwrap();
    let run = |width: Option<u16>| {
        let env = cyberkompass::cli::Env {
            stdout_width: width,
            ..cyberkompass::cli::Env::plain(Lang::En)
        };
        let cli = cyberkompass::cli::Cli::try_parse_from([
            "cyberkompass",
            "plan",
            file.to_str().unwrap(),
        ])
        .unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = cyberkompass::cli::run(cli, &env, &mut out, &mut err);
        assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
        String::from_utf8(out).unwrap()
    };
    let piped = run(None);
    assert!(
        piped.contains("IT\u{1b}]0;pwned\u{7}Leitung"),
        "data kept in a pipe"
    );
    assert!(
        piped.ends_with("\r\n") && !piped.contains("\\u000d"),
        "CR LF kept in a pipe"
    );
    let shown = run(Some(100));
    assert!(!shown.contains(['\u{1b}', '\u{7}', '\r']), "{shown}");
    assert!(shown.contains("IT\\u001b]0;pwned\\u0007Leitung"), "{shown}");
}
