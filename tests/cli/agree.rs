//! `agree` against the two-fields fixture set: complete.yaml (A, the self-assessment) against
//! audit.yaml (B). The figures are computed by hand here:
//!
//! pairs both rated: BAK-01 (3, 1), BAK-02 (2, 2), WRN-01 (1, 1), WRN-02 (1, 3); BAK-03 is
//! 0 against n/a, WRN-03 is 4 against open. Overall n = 4, Σa = Σb = 7, Σab = 11,
//! Σa² = Σb² = 15: κ = 2(4·11 − 49) / (4·30 − 98) = −10/22 = −5/11; mean A − B = 0;
//! exact 2/4, within one 2/4. Backup: (3,1), (2,2): κ = 2(2·7 − 15) / (2·18 − 30) = −1/3,
//! mean +1. Warnings: (1,1), (1,3): A constant, κ = 0, mean −1.

use crate::common::{root, run, run_in};

const SET: &str = "sets/two-fields";
const A: &str = "assessments/complete.yaml";
const B: &str = "assessments/audit.yaml";

fn agree(args: &[&str]) -> crate::common::Out {
    let mut v = vec!["--checklists", SET, "agree"];
    v.extend_from_slice(args);
    run(&v)
}

fn json(a: &str, b: &str) -> serde_json::Value {
    let o = agree(&[a, b, "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    serde_json::from_str(&o.stdout).expect("valid JSON")
}

fn frac(v: &serde_json::Value) -> (i64, i64) {
    (
        v["numerator"].as_i64().unwrap(),
        v["denominator"].as_i64().unwrap(),
    )
}

#[test]
fn figures_match_the_hand_computation() {
    let v = json(A, B);
    let o = &v["overall"];
    assert_eq!(o["questions"], 6);
    assert_eq!(o["both_rated"], 4);
    assert_eq!(o["rated_vs_na"], 1);
    assert_eq!(o["one_open"], 1);
    assert_eq!(o["exact"]["count"], 2);
    assert_eq!(o["within_one"]["count"], 2);
    assert_eq!(frac(&o["kappa"]["value"]), (-5, 11));
    assert_eq!(o["kappa"]["value"]["shown"], "-0.45");
    assert_eq!(frac(&o["mean_difference"]), (0, 1));
    let f = &v["fields"];
    assert_eq!(f[0]["id"], "backup");
    assert_eq!(frac(&f[0]["kappa"]["value"]), (-1, 3));
    assert_eq!(frac(&f[0]["mean_difference"]), (1, 1));
    assert_eq!(frac(&f[1]["kappa"]["value"]), (0, 1));
    assert_eq!(frac(&f[1]["mean_difference"]), (-1, 1));
    let agenda: Vec<&str> = v["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["question"].as_str().unwrap())
        .collect();
    // Both differ by two; the critical BAK-01 first.
    assert_eq!(agenda, ["BAK-01", "WRN-02"]);
    assert_eq!(v["agenda"][0]["difference"], 2);
    assert_eq!(v["agenda"][0]["note_b"], "Rücksicherung nie getestet | <b>");
    assert_eq!(v["agenda"][0]["evidence_b"], "Prüfbericht S. 4");
    let q = &v["questions"][2];
    assert_eq!(q["id"], "BAK-03");
    assert_eq!(q["b"]["status"], "not_applicable");
    assert_eq!(q["difference"], serde_json::Value::Null);
    assert_eq!(v["questions"][5]["b"]["status"], "unanswered");
}

#[test]
fn levels_and_indices_are_those_of_score() {
    let v = json(A, B);
    for (side, file) in [("a", A), ("b", B)] {
        let o = run(&["--checklists", SET, "score", file, "--format", "json"]);
        let s: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
        assert_eq!(v["overall"][side]["level"], s["overall"]["level"]);
        assert_eq!(v["overall"][side]["index"], s["overall"]["index"]);
        for (i, f) in s["fields"].as_array().unwrap().iter().enumerate() {
            assert_eq!(v["fields"][i][side]["level"], f["level"]);
            assert_eq!(v["fields"][i][side]["index"], f["index"]);
            assert_eq!(v["fields"][i][side]["provisional"], f["provisional"]);
        }
    }
}

#[test]
fn swapping_the_files_negates_the_mean_and_keeps_kappa() {
    let (ab, ba) = (json(A, B), json(B, A));
    for (x, y) in [(&ab["overall"], &ba["overall"])].into_iter().chain(
        ab["fields"]
            .as_array()
            .unwrap()
            .iter()
            .zip(ba["fields"].as_array().unwrap()),
    ) {
        assert_eq!(x["kappa"], y["kappa"]);
        let (n, d) = frac(&x["mean_difference"]);
        assert_eq!(frac(&y["mean_difference"]), (-n, d));
    }
}

#[test]
fn identical_files_agree_fully() {
    let v = json(A, A);
    assert_eq!(frac(&v["overall"]["kappa"]["value"]), (1, 1));
    assert_eq!(v["overall"]["exact"]["percent"], 100);
    assert_eq!(v["agenda"].as_array().unwrap().len(), 0);
}

#[test]
fn different_set_ids_are_refused_naming_both() {
    let d = crate::common::tempdir();
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(B)).unwrap();
    let other = d.path().join("other.yaml");
    std::fs::write(
        &other,
        text.replace("id: test-zwei-felder", "id: anderes-set"),
    )
    .unwrap();
    let set = root().join("tests/fixtures").join(SET);
    let a = root().join("tests/fixtures").join(A);
    let o = run_in(
        d.path(),
        &[
            "--checklists",
            set.to_str().unwrap(),
            "agree",
            a.to_str().unwrap(),
            "other.yaml",
        ],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("`test-zwei-felder`"), "{}", o.stderr);
    assert!(o.stderr.contains("`anderes-set`"), "{}", o.stderr);
}

#[test]
fn different_organisations_are_a_warning() {
    let d = crate::common::tempdir();
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(B)).unwrap();
    std::fs::write(
        d.path().join("b.yaml"),
        text.replace("Kreisverwaltung Beispielkreis", "Stadt Musterhausen"),
    )
    .unwrap();
    let set = root().join("tests/fixtures").join(SET);
    let a = root().join("tests/fixtures").join(A);
    let o = run_in(
        d.path(),
        &[
            "--checklists",
            set.to_str().unwrap(),
            "agree",
            a.to_str().unwrap(),
            "b.yaml",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("different organisations"), "{}", o.stderr);
    assert!(o.stderr.contains("Stadt Musterhausen"), "{}", o.stderr);
}

#[test]
fn markdown_and_html_escape_user_text_and_html_is_self_contained() {
    let md = agree(&[A, B, "--format", "md"]);
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert!(
        md.stdout
            .contains("Rücksicherung nie getestet \\| &lt;b&gt;"),
        "{}",
        md.stdout
    );
    let html = agree(&[A, B, "--format", "html", "--role", "self,audit"]);
    assert_eq!(html.code, 0, "{}", html.stderr);
    let h = &html.stdout;
    assert!(h.contains("Rücksicherung nie getestet | &lt;b&gt;"), "{h}");
    assert!(!h.contains("<b>"));
    assert!(!h.to_lowercase().contains("<script"));
    assert!(h.contains("Content-Security-Policy"));
    assert!(h.contains("self – assessments/complete.yaml"));
    // The same figures in every format.
    for out in [&md.stdout, h] {
        assert!(out.contains("-0.45") && out.contains("-0.33"), "{out}");
    }
}

#[test]
fn text_shows_control_characters_visibly() {
    let d = crate::common::tempdir();
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(B)).unwrap();
    std::fs::write(
        d.path().join("b.yaml"),
        text.replace("note: Warndienst abonniert", "note: \"Warn\\e[2Jdienst\""),
    )
    .unwrap();
    let set = root().join("tests/fixtures").join(SET);
    let a = root().join("tests/fixtures").join(A);
    let o = run_in(
        d.path(),
        &[
            "--checklists",
            set.to_str().unwrap(),
            "agree",
            a.to_str().unwrap(),
            "b.yaml",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!o.stdout.contains('\u{1b}'), "{:?}", o.stdout);
    assert!(o.stdout.contains("Warn"), "{}", o.stdout);
}

#[test]
fn merge_writes_the_conservative_consensus_and_refuses_the_inputs() {
    let d = crate::common::tempdir();
    let set = root().join("tests/fixtures").join(SET);
    let a = root().join("tests/fixtures").join(A);
    let b_text = std::fs::read_to_string(root().join("tests/fixtures").join(B)).unwrap();
    std::fs::write(d.path().join("b.yaml"), &b_text).unwrap();
    let args = |out: &str| {
        vec![
            "--checklists".to_owned(),
            set.display().to_string(),
            "agree".into(),
            a.display().to_string(),
            "b.yaml".into(),
            "--role".into(),
            "self,audit".into(),
            "--merge".into(),
            "-o".into(),
            out.into(),
        ]
    };
    let refuse = args("b.yaml");
    let refuse: Vec<&str> = refuse.iter().map(String::as_str).collect();
    let o = run_in(d.path(), &refuse);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(
        std::fs::read_to_string(d.path().join("b.yaml")).unwrap(),
        b_text
    );
    let ok = args("consensus.yaml");
    let ok: Vec<&str> = ok.iter().map(String::as_str).collect();
    let o = run_in(d.path(), &ok);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("4 disputed"), "{}", o.stderr);
    let text = std::fs::read_to_string(d.path().join("consensus.yaml")).unwrap();
    let c: cyberkompass::assessment::AssessmentFile =
        cyberkompass::load::parse_yaml(&text, "c", cyberkompass::i18n::Lang::En).unwrap();
    // The writer reads back what it wrote.
    assert_eq!(cyberkompass::assessment::to_yaml(&c), text);
    let r = |id: &str| c.answer(id).unwrap();
    use cyberkompass::assessment::Rating::*;
    assert_eq!(r("BAK-01").rating.value, Level(1));
    let dsp = r("BAK-01").disputed.as_ref().unwrap();
    assert_eq!(
        (dsp.a.as_ref().unwrap().value, dsp.b.as_ref().unwrap().value),
        (Level(3), Level(1))
    );
    assert_eq!(
        r("BAK-01").note.as_ref().unwrap().value,
        "audit: Rücksicherung nie getestet | <b>"
    );
    assert!(r("BAK-02").disputed.is_none());
    // A rating against n/a: the rating, with the n/a's justification kept.
    assert_eq!(r("BAK-03").rating.value, Level(0));
    assert!(r("BAK-03").note.as_ref().unwrap().contains("Keine Bänder"));
    assert_eq!(r("WRN-02").rating.value, Level(1));
    // Rated against open: the rating, disputed with only A's side.
    assert_eq!(r("WRN-03").rating.value, Level(4));
    assert!(r("WRN-03").disputed.as_ref().unwrap().b.is_none());
    // The consensus is a valid assessment.
    let v = run_in(
        d.path(),
        &[
            "--checklists",
            set.to_str().unwrap(),
            "validate",
            "consensus.yaml",
        ],
    );
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
}

#[test]
fn a_disputed_rating_out_of_range_is_an_error() {
    let d = crate::common::tempdir();
    let text = std::fs::read_to_string(root().join("tests/fixtures").join(A)).unwrap();
    std::fs::write(
        d.path().join("a.yaml"),
        text.replace(
            "    rating: 3\n",
            "    rating: 3\n    disputed:\n      a: 3\n      b: 7\n",
        ),
    )
    .unwrap();
    let set = root().join("tests/fixtures").join(SET);
    let o = run_in(
        d.path(),
        &["--checklists", set.to_str().unwrap(), "validate", "a.yaml"],
    );
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    assert!(o.stdout.contains("disputed"), "{}{}", o.stdout, o.stderr);
}

#[test]
fn report_with_audit_has_the_section_with_the_figures_of_agree() {
    let v = json(A, B);
    let rep = |format: &str| {
        let o = run(&[
            "--checklists",
            SET,
            "report",
            A,
            "--audit",
            B,
            "--format",
            format,
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        o.stdout
    };
    let j: serde_json::Value = serde_json::from_str(&rep("json")).unwrap();
    let rows = j["audit"]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let overall = &rows[2];
    assert_eq!(overall["kappa"], v["overall"]["kappa"]["value"]["shown"]);
    assert_eq!(
        overall["mean_difference"],
        v["overall"]["mean_difference"]["shown"]
    );
    assert_eq!(overall["index_a"], v["overall"]["a"]["index"]["shown"]);
    assert_eq!(overall["index_b"], v["overall"]["b"]["index"]["shown"]);
    assert_eq!(j["audit"]["agenda"][0]["question"], "BAK-01");
    let md = rep("md");
    assert!(md.contains("## Self-assessment vs audit"), "{md}");
    assert!(md.contains("| Overall | 4 | 2/4 (50 %) |"), "{md}");
    assert!(
        md.contains("Rücksicherung nie getestet \\| &lt;b&gt;"),
        "{md}"
    );
    let html = rep("html");
    assert!(
        html.contains("<section class=\"audit\" id=\"audit\""),
        "{html}"
    );
    assert!(html.contains("Rücksicherung nie getestet | &lt;b&gt;"));
    assert!(!html.contains("<b>"));
    // Without --audit there is no section.
    let plain = run(&["--checklists", SET, "report", A, "--format", "json"]);
    let p: serde_json::Value = serde_json::from_str(&plain.stdout).unwrap();
    assert_eq!(p["audit"], serde_json::Value::Null);
    let plain_md = run(&["--checklists", SET, "report", A]);
    assert!(!plain_md.stdout.contains("Self-assessment vs audit"));
}

#[test]
fn text_and_markdown_snapshots() {
    let t = agree(&[A, B, "--role", "self,audit"]);
    assert_eq!(t.code, 0, "{}", t.stderr);
    insta::assert_snapshot!("agree_text_en", t.stdout);
    let m = run(&[
        "--checklists",
        SET,
        "--lang",
        "de",
        "agree",
        A,
        B,
        "--format",
        "md",
    ]);
    assert_eq!(m.code, 0, "{}", m.stderr);
    insta::assert_snapshot!("agree_md_de", m.stdout);
}
