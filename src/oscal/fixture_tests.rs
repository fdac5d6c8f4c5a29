//! Tests of export and import against the fixtures (BSI excerpts, CC BY-SA 4.0, see
//! tests/fixtures/oscal/SOURCE.md) and the small two-field set.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::check::problems;
use super::export::{ExportInput, Targets, export};
use super::import::{ImportOptions, InputFile, SecLevel, import};
use crate::assessment::AssessmentFile;
use crate::diag::Findings;
use crate::i18n::Lang;
use crate::load::parse_yaml;
use crate::model::ChecklistSet;
use crate::scoring::{ScoreOptions, score};
use crate::set::{SetSource, load_set, load_usable, sha256_hex};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn builtin() -> ChecklistSet {
    load_usable(&SetSource::Builtin, Lang::De).expect("built-in set")
}

/// Imports a fixture catalog into a fresh folder and loads it; asserts it validates without
/// any finding (not even a warning).
fn import_fixture(
    catalog: &str,
    profile: Option<&str>,
    opts: &ImportOptions,
) -> (tempfile::TempDir, ChecklistSet, super::import::Summary) {
    let bytes = std::fs::read(fixture(catalog)).unwrap();
    import_bytes(catalog, &bytes, profile, opts)
}

fn import_bytes(
    catalog: &str,
    bytes: &[u8],
    profile: Option<&str>,
    opts: &ImportOptions,
) -> (tempfile::TempDir, ChecklistSet, super::import::Summary) {
    let pbytes = profile.map(|p| std::fs::read(fixture(p)).unwrap());
    let base = builtin();
    let imported = import(
        InputFile {
            name: catalog,
            bytes,
        },
        pbytes.as_deref().map(|b| InputFile {
            name: profile.unwrap(),
            bytes: b,
        }),
        opts,
        &base.manifest,
        "de",
        Lang::En,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &imported.files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let loaded = load_set(&SetSource::Dir(dir.path().to_owned()), Lang::En).unwrap();
    let msgs: Vec<String> = loaded
        .findings
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {} {}", d.file, d.loc.line, d.code, d.message))
        .collect();
    assert!(msgs.is_empty(), "{}", msgs.join("\n"));
    (dir, loaded.set.expect("set"), imported.summary)
}

fn assessment_for(set: &ChecklistSet, answers: &str) -> AssessmentFile {
    let yaml = format!(
        "format: 1\nset:\n  id: {}\n  version: \"{}\"\n  sha256: {}\norganisation: \"Gemeinde <b>Muster|hausen</b> *\"\nassessor: Jana Köhler\nprofile: standard\ncreated: 2026-10-05\nupdated: 2026-11-20\nanswers:\n{answers}",
        set.manifest.id.value, set.manifest.version.value, set.sha256
    );
    parse_yaml::<AssessmentFile>(&yaml, "a.yaml", Lang::En).unwrap_or_else(|d| panic!("{d:?}"))
}

fn check_assessment(set: &ChecklistSet, a: &AssessmentFile) {
    let mut f = Findings::default();
    crate::assessment::check(a, set, "a.yaml", Lang::En, &mut f);
    let msgs: Vec<String> = f
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert!(msgs.is_empty(), "{}", msgs.join("\n"));
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).expect("valid JSON")
}

#[test]
fn methodik_imports_validates_and_scores_end_to_end() {
    let opts = ImportOptions {
        sec_level: SecLevel::All,
        ..ImportOptions::default()
    };
    let (_dir, set, summary) =
        import_fixture("oscal/BSI-Methodik-Grundschutz++-catalog.json", None, &opts);
    assert_eq!(summary.controls, 95);
    assert_eq!(summary.imported, 95);
    assert_eq!(summary.fields, 5);
    assert_eq!(set.questions().count(), 95);
    assert_eq!(set.languages(), ["de"]);
    assert_eq!(set.manifest.ids.value, crate::model::IdRule::Oscal);
    // deep controls keep their ids; parameters are resolved
    assert!(set.question("GC.9.1.1.1").is_some());
    for (_, q) in set.questions() {
        assert!(!q.text.get("de").contains("{{"), "{}", q.id.value);
        assert!(!q.help.as_ref().unwrap().get("de").contains("{{"));
    }
    let (_, gc11) = set.question("GC.1.1").unwrap();
    assert!(gc11.text.get("de").contains("einem anerkannten Standard"));
    assert!(
        gc11.critical && gc11.weight.value == 3,
        "MUSS → critical, weight 3"
    );
    assert!(
        gc11.help
            .as_ref()
            .unwrap()
            .get("de")
            .contains("Nachweis: ISMS-Regelwerk")
    );
    assert!(
        gc11.anchors
            .get(3)
            .unwrap()
            .get("de")
            .starts_with("Allgemeiner Anker")
    );
    assert_eq!(gc11.references.grundschutz[0].value, "GC.1.1");
    // scripted answers: every question, ratings cycling 0..5, every seventh n/a
    let mut answers = String::new();
    for (i, (_, q)) in set.questions().enumerate() {
        if i % 7 == 6 {
            answers.push_str(&format!(
                "  - id: {}\n    rating: n/a\n    justification: Nicht einschlägig.\n",
                q.id.value
            ));
        } else {
            answers.push_str(&format!("  - id: {}\n    rating: {}\n", q.id.value, i % 6));
        }
    }
    let a = assessment_for(&set, &answers);
    check_assessment(&set, &a);
    let s = score(&set, &a, &ScoreOptions::default());
    assert_eq!(s.overall.unanswered, 0);
    assert_eq!(s.overall.total, 95);
    assert!(s.overall.level.is_some());
    // and the export of the imported set is structurally sound
    let ex = export(&ExportInput {
        set: &set,
        assessment: &a,
        assessment_name: "a.yaml",
        assessment_sha256: &sha256_hex(b"x"),
        score: &s,
        fallback_date: "2026-01-01",
        as_of: None,
        lang: Lang::De,
        targets: Targets::Grundschutz,
    });
    for m in [&ex.catalog, &ex.assessment_results, &ex.poam] {
        let p = problems(&json(m));
        assert!(p.is_empty(), "{}", p.join("\n"));
    }
}

#[test]
fn kernel_excerpt_sec_level_and_topics() {
    let (_d, all, s_all) = import_fixture(
        "oscal/BSI-Kernel-excerpt-catalog.json",
        None,
        &ImportOptions {
            sec_level: SecLevel::All,
            ..ImportOptions::default()
        },
    );
    let (_d2, normal, s_normal) = import_fixture(
        "oscal/BSI-Kernel-excerpt-catalog.json",
        None,
        &ImportOptions::default(),
    );
    assert_eq!(s_all.imported, 25);
    assert_eq!(s_normal.imported + s_normal.sec_level, 25);
    assert!(s_normal.sec_level >= 1);
    assert_eq!(all.questions().count(), 25);
    assert_eq!(normal.questions().count(), s_normal.imported);
    assert_eq!(all.fields.len(), 2, "nested topics fold into the practice");
    let (_, q) = all.question("ASST.1.1").unwrap();
    assert!(
        q.help
            .as_ref()
            .unwrap()
            .get("de")
            .contains("Thema: ASST.1 Grundlagen")
    );
}

#[test]
fn profile_selects_and_sets_parameters() {
    let (_d, set, summary) = import_fixture(
        "oscal/BSI-Methodik-Grundschutz++-catalog.json",
        Some("oscal/Grundschutz++-profile.json"),
        &ImportOptions {
            sec_level: SecLevel::All,
            ..ImportOptions::default()
        },
    );
    assert_eq!(summary.imported, 95);
    assert!(summary.parameters > 0);
    let (_, q) = set.question("GC.1.1").unwrap();
    assert!(
        q.text.get("de").contains("BSI Grundschutz++"),
        "{}",
        q.text.get("de")
    );
    assert!(
        set.manifest
            .source
            .as_ref()
            .unwrap()
            .profile_sha256
            .is_some()
    );
}

fn refusal(catalog: &str, profile: Option<&str>) -> super::import::ImportError {
    let bytes = std::fs::read(fixture(catalog)).unwrap();
    let pbytes = profile.map(|p| std::fs::read(fixture(p)).unwrap());
    import(
        InputFile {
            name: catalog,
            bytes: &bytes,
        },
        pbytes.as_deref().map(|b| InputFile {
            name: profile.unwrap(),
            bytes: b,
        }),
        &ImportOptions::default(),
        &builtin().manifest,
        "de",
        Lang::En,
    )
    .expect_err("must be refused")
}

#[test]
fn clear_refusals_name_file_and_path() {
    let e = refusal("oscal/ITGS-mapping-excerpt.json", None);
    assert!(
        e.to_string()
            .contains("expected an OSCAL catalog, found mapping-collection"),
        "{e}"
    );
    assert!(
        e.to_string()
            .starts_with("oscal/ITGS-mapping-excerpt.json: $.mapping-collection")
    );
    let e = refusal("oscal/Grundschutz++-profile.json", None);
    assert!(
        e.to_string().contains("found profile") && e.hint.contains("--profile"),
        "{e}"
    );
    let e = refusal("oscal/ISO27001-AnnexA-excerpt-catalog.json", None);
    assert_eq!(e.path, "$.catalog.groups[0].controls[0].id");
    assert!(e.message.contains("`5.1` is not an OSCAL token"), "{e}");
    let e = refusal(
        "oscal/BSI-Kernel-excerpt-catalog.json",
        Some("oscal/Grundschutz++-profile.json"),
    );
    assert_eq!(e.path, "$.profile.imports");
    let big = vec![b' '; super::import::MAX_BYTES + 1];
    let e = import(
        InputFile {
            name: "big.json",
            bytes: &big,
        },
        None,
        &ImportOptions::default(),
        &builtin().manifest,
        "de",
        Lang::En,
    )
    .unwrap_err();
    assert!(e.message.contains("larger than 64 MiB"), "{e}");
    let e = import(
        InputFile {
            name: "bad.json",
            bytes: b"{\n  \"catalog\": [1,\n}",
        },
        None,
        &ImportOptions::default(),
        &builtin().manifest,
        "de",
        Lang::En,
    )
    .unwrap_err();
    assert_eq!((e.line, e.column), (3, 1), "{e}");
}

#[test]
fn withdrawn_controls_are_skipped_in_any_case() {
    let cat = r#"{"$schema":"x","catalog":{"uuid":"0b6f2a36-4d8e-4f2e-9c7a-1d2e3f4a5b6c","metadata":{"title":"T","version":"1","last-modified":"2026-01-01T00:00:00Z","oscal-version":"1.1.3"},
      "params":[{"id":"p1","select":{"how-many":"one-or-more","choice":["a {{ insert: param, p2 }}","b"]}},{"id":"p2","label":"Zwei"}],
      "groups":[{"id":"g","title":"G","controls":[
        {"id":"c-1","title":"Eins","parts":[{"id":"c-1_smt","name":"statement","prose":"Tue {{ insert: param, p1 }}."}]},
        {"id":"c-2","title":"Zwei","props":[{"name":"status","value":"Withdrawn"}],"controls":[{"id":"c-2.1","title":"Kind"}]},
        {"id":"c-3","title":"Drei","props":[{"name":"status","value":"WITHDRAWN"}]}]}]}}"#;
    let e = import(
        InputFile {
            name: "t.json",
            bytes: cat.as_bytes(),
        },
        None,
        &ImportOptions::default(),
        &builtin().manifest,
        "de",
        Lang::En,
    )
    .unwrap();
    assert_eq!(e.summary.withdrawn, 3);
    assert_eq!(e.summary.imported, 1);
    let field = &e.files[1].1;
    assert!(
        field.contains("Eins: Tue [Auswahl, eins oder mehr: a [Zwei]; b]."),
        "{field}"
    );
}

fn two_fields() -> (ChecklistSet, AssessmentFile, String) {
    let set = load_usable(&SetSource::Dir(fixture("sets/two-fields")), Lang::En).unwrap();
    let text = std::fs::read_to_string(fixture("assessments/partial.yaml")).unwrap();
    let a = parse_yaml::<AssessmentFile>(&text, "partial.yaml", Lang::En).unwrap();
    (set, a, text)
}

fn export_two_fields(targets: Targets) -> (super::export::Exported, crate::scoring::ScoreResult) {
    let (set, a, text) = two_fields();
    let s = score(&set, &a, &ScoreOptions::default());
    let ex = export(&ExportInput {
        set: &set,
        assessment: &a,
        assessment_name: "partial.yaml",
        assessment_sha256: &sha256_hex(text.as_bytes()),
        score: &s,
        fallback_date: "2026-01-01",
        as_of: None,
        lang: Lang::De,
        targets,
    });
    (ex, s)
}

#[test]
fn export_is_deterministic_sound_and_agrees_with_the_score() {
    let (a, s) = export_two_fields(Targets::Questions);
    let (b, _) = export_two_fields(Targets::Questions);
    assert_eq!(a, b, "byte-identical");
    for m in [&a.catalog, &a.assessment_results, &a.poam] {
        let p = problems(&json(m));
        assert!(p.is_empty(), "{}", p.join("\n"));
    }
    let ar = json(&a.assessment_results);
    let r = &ar["assessment-results"]["results"][0];
    let answered = s.overall.answered + s.overall.na;
    assert_eq!(r["observations"].as_array().unwrap().len() as u32, answered);
    assert_eq!(r["findings"].as_array().unwrap().len() as u32, answered);
    assert_eq!(
        r["reviewed-controls"]["control-selections"][0]["include-controls"]
            .as_array()
            .unwrap()
            .len() as u32,
        s.overall.total
    );
    let not_satisfied = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["target"]["status"]["state"] == "not-satisfied")
        .count();
    assert_eq!(not_satisfied, s.gaps.len());
    let poam = json(&a.poam);
    let items = poam["plan-of-action-and-milestones"]["poam-items"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), s.gaps.len().max(1));
    let prop = |name: &str| {
        r["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .map(|p| p["value"].as_str().unwrap().to_owned())
    };
    assert_eq!(
        prop("overall-index"),
        s.overall.index.as_ref().map(|i| i.shown.clone())
    );
    assert_eq!(
        prop("overall-level"),
        s.overall.level.map(|l| l.to_string())
    );
    // the organisation's markup is escaped in titles, kept verbatim in the party's name
    let (set, mut asm, _) = two_fields();
    asm.organisation.value = "<script>x</script> *a* | b\n".into();
    if let Some(ans) = asm.answers.first_mut() {
        ans.note = Some(crate::model::Sp::new(
            "<img src=x onerror=alert(1)>\n**fett** [l](j)".into(),
        ));
    }
    let s2 = score(&set, &asm, &ScoreOptions::default());
    let ex = export(&ExportInput {
        set: &set,
        assessment: &asm,
        assessment_name: "partial.yaml",
        assessment_sha256: "00",
        score: &s2,
        fallback_date: "2026-01-01",
        as_of: None,
        lang: Lang::En,
        targets: Targets::Questions,
    });
    let v = json(&ex.assessment_results);
    let title = v["assessment-results"]["metadata"]["title"]
        .as_str()
        .unwrap();
    assert!(
        title.contains("\\<script\\>") && !title.ends_with(' '),
        "{title}"
    );
    let remarks = v["assessment-results"]["results"][0]["observations"][0]["remarks"]
        .as_str()
        .unwrap();
    assert_eq!(
        super::unescape_markdown(remarks),
        "<img src=x onerror=alert(1)>\n**fett** [l](j)"
    );
    assert!(!remarks.replace("\\<", "").contains('<'));
    assert!(problems(&v).is_empty());
}

#[test]
fn grundschutz_targets_state_partial_coverage() {
    let (ex, s) = export_two_fields(Targets::Grundschutz);
    let ar = json(&ex.assessment_results);
    let r = &ar["assessment-results"]["results"][0];
    assert!(r["description"].as_str().unwrap().contains("teilweise"));
    let (set, _, _) = two_fields();
    let mut cited: Vec<&str> = set
        .questions()
        .flat_map(|(_, q)| q.references.grundschutz.iter().map(|r| r.value.as_str()))
        .collect();
    cited.sort();
    cited.dedup();
    let findings = r["findings"].as_array().unwrap();
    assert_eq!(findings.len(), cited.len());
    for f in findings {
        assert!(f["target"]["target-id"].as_str().unwrap().ends_with("_stm"));
        // satisfied only when every citing question is at target
        let qids: Vec<&str> = f["props"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["name"] == "question-id")
            .map(|p| p["value"].as_str().unwrap())
            .collect();
        let all_at_target = qids.iter().all(|id| {
            let q = s
                .fields
                .iter()
                .flat_map(|f| &f.questions)
                .find(|q| q.id == *id)
                .unwrap();
            q.status == crate::scoring::AnswerStatus::NotApplicable
                || q.rating.zip(q.target).is_some_and(|(r, t)| r >= t)
        });
        assert_eq!(f["target"]["status"]["state"] == "satisfied", all_at_target);
    }
    assert!(problems(&ar).is_empty());
}

#[test]
fn round_trip_export_catalog_import_same_questions_and_weights() {
    let (ex, _) = export_two_fields(Targets::Questions);
    let (set, _, _) = two_fields();
    let base = builtin();
    let imported = import(
        InputFile {
            name: "catalog.json",
            bytes: ex.catalog.as_bytes(),
        },
        None,
        &ImportOptions::default(),
        &base.manifest,
        "de",
        Lang::En,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &imported.files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let back = load_usable(&SetSource::Dir(dir.path().to_owned()), Lang::En).unwrap();
    let shape = |s: &ChecklistSet| -> Vec<(String, String, String, u32, bool, Vec<String>)> {
        s.questions()
            .map(|(f, q)| {
                (
                    f.id.value.clone(),
                    q.id.value.clone(),
                    q.text.get("de").to_owned(),
                    q.weight.value,
                    q.critical,
                    q.references
                        .grundschutz
                        .iter()
                        .map(|r| r.value.to_string())
                        .collect(),
                )
            })
            .collect()
    };
    assert_eq!(shape(&back), shape(&set));
    assert_eq!(back.manifest.id.value, set.manifest.id.value);
    for ((_, a), (_, b)) in back.questions().zip(set.questions()) {
        assert_eq!(
            a.anchors.get(3).map(|t| t.get("de")),
            b.anchors.get(3).map(|t| t.get("de"))
        );
    }
}

/// The trestle executable: `$TRESTLE`, else `trestle` on the PATH.
fn trestle() -> PathBuf {
    std::env::var_os("TRESTLE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("trestle"))
}

fn trestle_validate(ws: &Path, kind: &str, name: &str, text: &str) {
    let stem = if kind == "catalogs" { "catalog" } else { kind };
    let file = ws.join(kind).join(name).join(format!("{stem}.json"));
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    let out = std::process::Command::new(trestle())
        .current_dir(ws)
        .args(["validate", "-f"])
        .arg(&file)
        .output()
        .expect("run trestle (set TRESTLE or put it on the PATH)");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && all.contains("VALID"),
        "{kind}/{name}: {all}"
    );
    assert!(!all.contains("INVALID"), "{kind}/{name}: {all}");
}

#[test]
#[ignore = "needs compliance-trestle (TRESTLE=path or trestle on PATH; .ci/run installs it)"]
fn trestle_accepts_every_exported_model() {
    let ws = tempfile::tempdir().unwrap();
    let init = std::process::Command::new(trestle())
        .current_dir(ws.path())
        .arg("init")
        .output()
        .expect("run trestle init");
    assert!(init.status.success(), "{init:?}");
    let set = builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/musterhausen.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut a = parse_yaml::<AssessmentFile>(&text, "musterhausen.yaml", Lang::De).unwrap();
    // hostile strings in every markup field the assessment feeds
    if let Some(ans) = a.answers.first_mut() {
        ans.note = Some(crate::model::Sp::new(
            "<script>alert(1)</script> *fett* | {{ insert: param, x }}\nZeile 2".into(),
        ));
        ans.evidence = Some(crate::model::Sp::new("[Link](javascript:x) `code`".into()));
    }
    let s = score(&set, &a, &ScoreOptions::default());
    for (targets, name) in [(Targets::Questions, "q"), (Targets::Grundschutz, "gs")] {
        let ex = export(&ExportInput {
            set: &set,
            assessment: &a,
            assessment_name: "musterhausen.yaml",
            assessment_sha256: &sha256_hex(text.as_bytes()),
            score: &s,
            fallback_date: "2026-01-01",
            as_of: None,
            lang: Lang::De,
            targets,
        });
        trestle_validate(ws.path(), "catalogs", name, &ex.catalog);
        trestle_validate(
            ws.path(),
            "assessment-results",
            name,
            &ex.assessment_results,
        );
        trestle_validate(ws.path(), "plan-of-action-and-milestones", name, &ex.poam);
    }
    // the catalog of an imported BSI set
    let (_d, imported, _) = import_fixture(
        "oscal/BSI-Methodik-Grundschutz++-catalog.json",
        None,
        &ImportOptions::default(),
    );
    let cat = super::export::catalog(&imported, "2026-11-20", Lang::De);
    trestle_validate(
        ws.path(),
        "catalogs",
        "methodik",
        &serde_json::to_string_pretty(&cat).unwrap(),
    );
}

#[test]
fn stable_ids_keep_answers_when_a_control_is_removed_upstream() {
    let path = "oscal/BSI-Kernel-excerpt-catalog.json";
    let bytes = std::fs::read(fixture(path)).unwrap();
    let opts = ImportOptions {
        sec_level: SecLevel::All,
        ..ImportOptions::default()
    };
    let (_d1, first, _) = import_bytes(path, &bytes, None, &opts);
    // remove the second control of the first topic (ASST.1.2) upstream
    let mut v: Value = serde_json::from_slice(&bytes).unwrap();
    let controls = v["catalog"]["groups"][0]["groups"][0]["controls"]
        .as_array_mut()
        .unwrap();
    let removed = controls.remove(1)["id"].as_str().unwrap().to_owned();
    let (_d2, second, _) = import_bytes(path, &serde_json::to_vec(&v).unwrap(), None, &opts);
    let ids = |s: &ChecklistSet| -> Vec<String> {
        s.questions().map(|(_, q)| q.id.value.clone()).collect()
    };
    let (a, b) = (ids(&first), ids(&second));
    let gone: Vec<&String> = a.iter().filter(|id| !b.contains(id)).collect();
    assert_eq!(gone, vec![&removed], "exactly the removed control is gone");
    assert!(b.iter().all(|id| a.contains(id)), "no id shifted");
    // an assessment of the first import, checked against the second: one unknown question
    let answers: String = first
        .questions()
        .map(|(_, q)| format!("  - id: {}\n    rating: 3\n", q.id.value))
        .collect();
    let mut asm = assessment_for(&first, &answers);
    asm.set.sha256.value = second.sha256.clone();
    let mut f = Findings::default();
    crate::assessment::check(&asm, &second, "a.yaml", Lang::En, &mut f);
    let codes: Vec<(&str, Option<&str>)> = f
        .diagnostics
        .iter()
        .map(|d| (d.code, d.value.as_deref()))
        .collect();
    assert_eq!(f.errors(), 0, "{codes:?}");
    assert_eq!(codes.len(), 1, "{codes:?}");
    assert!(codes[0].0.contains("unknown"), "{codes:?}");
}

#[test]
fn hostile_catalog_text_survives_the_yaml_writer() {
    let nasty =
        "Titel: \"quoted\" # kein Kommentar\n- keine Liste {{ x }} & <b>x</b> \\ \u{7}: 'a'";
    let cat = serde_json::json!({ "catalog": {
        "uuid": "0b6f2a36-4d8e-4f2e-9c7a-1d2e3f4a5b6c",
        "metadata": { "title": nasty, "version": " 1 ", "last-modified": "2026-01-01T00:00:00Z", "oscal-version": "1.1.3" },
        "groups": [{ "id": "G.1", "title": nasty, "controls": [
            { "id": "ABC.1.1", "title": nasty, "parts": [{ "name": "guidance", "prose": nasty }] }
        ]}]
    }});
    let bytes = serde_json::to_vec(&cat).unwrap();
    let (_d, set, _) = import_bytes("n.json", &bytes, None, &ImportOptions::default());
    let (f, q) = set.question("ABC.1.1").unwrap();
    assert_eq!(f.id.value, "g-1");
    assert!(
        q.references.grundschutz.is_empty(),
        "`ABC.1.1` has the shape, but the catalog is not the BSI's"
    );
    let want = "Titel: \"quoted\" # kein Kommentar\n- keine Liste {{ x }} & <b>x</b> \\ \u{7}: 'a'";
    assert_eq!(q.text.get("de"), want);
    assert!(q.help.as_ref().unwrap().get("de").starts_with(want));
}

#[test]
fn example_export_carries_plan_signoffs_scope_and_marking() {
    let set = builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/musterhausen.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let a = parse_yaml::<AssessmentFile>(&text, "musterhausen.yaml", Lang::De).unwrap();
    let s = score(&set, &a, &ScoreOptions::default());
    let ex = export(&ExportInput {
        set: &set,
        assessment: &a,
        assessment_name: "musterhausen.yaml",
        assessment_sha256: &sha256_hex(text.as_bytes()),
        score: &s,
        fallback_date: "2026-01-01",
        as_of: Some("2026-12-31"),
        lang: Lang::De,
        targets: Targets::Questions,
    });
    let ar = json(&ex.assessment_results);
    let poam = json(&ex.poam);
    for m in [&ar, &poam, &json(&ex.catalog)] {
        let p = problems(m);
        assert!(p.is_empty(), "{}", p.join("\n"));
    }
    let r = &ar["assessment-results"]["results"][0];
    assert_eq!(
        r["attestations"].as_array().map_or(0, Vec::len),
        a.signoffs.len()
    );
    let marking = a.classification.as_ref().map(|c| c.value.clone());
    let meta_props = ar["assessment-results"]["metadata"]["props"]
        .as_array()
        .unwrap();
    assert_eq!(
        meta_props
            .iter()
            .find(|p| p["name"] == "marking")
            .map(|p| p["value"].as_str().unwrap().to_owned()),
        marking
    );
    if let Some(scope) = &a.scope {
        let d = super::unescape_markdown(r["description"].as_str().unwrap());
        assert!(d.contains(scope.value.as_str()));
    }
    // the POA&M is the plan: same items, same order, actions carried
    let plan = crate::plan::build(
        &s,
        &a,
        &crate::plan::PlanOptions {
            critical_only: false,
            as_of: Some("2026-12-31".into()),
        },
    );
    let items = poam["plan-of-action-and-milestones"]["poam-items"]
        .as_array()
        .unwrap();
    assert_eq!(items.len(), plan.items.len().max(1));
    for (item, p) in items.iter().zip(&plan.items) {
        let get = |n: &str| {
            item["props"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["name"] == n)
                .map(|x| x["value"].as_str().unwrap().to_owned())
        };
        assert_eq!(get("question-id").as_deref(), Some(p.question.as_str()));
        assert_eq!(get("rank"), Some(p.rank.to_string()));
        assert_eq!(
            get("action-status").as_deref(),
            p.status.map(|s| s.as_str())
        );
        if let Some(o) = &p.owner {
            assert!(
                super::unescape_markdown(item["remarks"].as_str().unwrap()).contains(o.as_str())
            );
        }
    }
    assert!(
        plan.items.iter().any(|p| p.status.is_some()),
        "the example plans actions"
    );
}

fn export_of(set: &ChecklistSet, a: &AssessmentFile, sha: &str) -> Value {
    let s = score(set, a, &ScoreOptions::default());
    json(
        &export(&ExportInput {
            set,
            assessment: a,
            assessment_name: "a.yaml",
            assessment_sha256: sha,
            score: &s,
            fallback_date: "2026-01-01",
            as_of: None,
            lang: Lang::De,
            targets: Targets::Questions,
        })
        .assessment_results,
    )
}

#[test]
fn one_changed_answer_changes_that_observation_and_finding_only() {
    let (set, a, _) = two_fields();
    let mut b = a.clone();
    let changed = b.answers[0].id.value.clone();
    b.answers[0].rating.value = crate::assessment::Rating::Level(5);
    let (x, y) = (export_of(&set, &a, "aa"), export_of(&set, &b, "bb"));
    assert_ne!(
        x["assessment-results"]["uuid"],
        y["assessment-results"]["uuid"]
    );
    for list in ["observations", "findings"] {
        let (l, r) = (
            x["assessment-results"]["results"][0][list]
                .as_array()
                .unwrap(),
            y["assessment-results"]["results"][0][list]
                .as_array()
                .unwrap(),
        );
        assert_eq!(l.len(), r.len());
        let differing: Vec<&Value> = l
            .iter()
            .zip(r)
            .filter(|(p, q)| p != q)
            .map(|(p, _)| p)
            .collect();
        assert_eq!(differing.len(), 1, "{list}");
        assert!(
            r.iter().any(|o| o["uuid"] == differing[0]["uuid"]),
            "{list}: the uuid stays the same"
        );
        let text = differing[0].to_string();
        assert!(text.contains(&changed), "{list}: {text}");
    }
}

#[test]
fn assessment_results_read_back_every_answer() {
    let set = builtin();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/musterhausen.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let a = parse_yaml::<AssessmentFile>(&text, "musterhausen.yaml", Lang::De).unwrap();
    let ar = export_of(&set, &a, &sha256_hex(text.as_bytes()));
    let r = &ar["assessment-results"]["results"][0];
    let obs = r["observations"].as_array().unwrap();
    let findings = r["findings"].as_array().unwrap();
    assert_eq!(obs.len(), a.answers.len());
    let norm = |s: &str| -> String {
        s.split('\n')
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_owned()
    };
    for ans in &a.answers {
        let o = obs
            .iter()
            .find(|o| {
                o["props"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["name"] == "question-id" && p["value"] == ans.id.value.as_str())
            })
            .unwrap_or_else(|| panic!("no observation for {}", ans.id.value));
        let rating = o["props"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == "rating")
            .unwrap()["value"]
            .as_str()
            .unwrap()
            .to_owned();
        let f = findings
            .iter()
            .find(|f| f["related-observations"][0]["observation-uuid"] == o["uuid"])
            .unwrap();
        match ans.rating.value {
            crate::assessment::Rating::Level(l) => {
                assert_eq!(rating, l.to_string());
                if let Some(n) = &ans.note {
                    assert_eq!(
                        super::unescape_markdown(o["remarks"].as_str().unwrap()),
                        norm(n)
                    );
                }
            }
            crate::assessment::Rating::NotApplicable => {
                assert_eq!(rating, "n/a");
                assert_eq!(
                    f["target"]["implementation-status"]["state"],
                    "not-applicable"
                );
                let j = ans.justification.as_ref().unwrap();
                assert_eq!(
                    super::unescape_markdown(f["target"]["status"]["remarks"].as_str().unwrap()),
                    norm(j)
                );
            }
        }
        if let Some(e) = &ans.evidence {
            assert_eq!(
                super::unescape_markdown(
                    o["relevant-evidence"][0]["description"].as_str().unwrap()
                ),
                norm(e)
            );
            assert_eq!(o["methods"][0], "EXAMINE");
        }
    }
}

#[test]
fn profile_include_and_exclude_with_child_controls() {
    let cat = serde_json::json!({ "catalog": {
        "uuid": "0b6f2a36-4d8e-4f2e-9c7a-1d2e3f4a5b6c",
        "metadata": { "title": "T", "version": "1", "last-modified": "2026-01-01T00:00:00Z", "oscal-version": "1.1.3" },
        "params": [{ "id": "p1", "label": "Frist" }],
        "groups": [{ "id": "g", "title": "G", "controls": [
            { "id": "a-1", "title": "A1 {{ insert: param, p1 }}", "parts": [{ "name": "statement", "prose": "Binnen {{ insert: param, p1 }}." }],
              "controls": [{ "id": "a-1.1", "title": "A1.1", "controls": [{ "id": "a-1.1.1", "title": "A1.1.1" }] }] },
            { "id": "b-1", "title": "B1", "controls": [{ "id": "b-1.1", "title": "B1.1" }] },
            { "id": "c-1", "title": "C1" }
        ]}]
    }});
    let profile = serde_json::json!({ "profile": {
        "uuid": "1b6f2a36-4d8e-4f2e-9c7a-1d2e3f4a5b6c",
        "metadata": { "title": "P", "version": "1", "last-modified": "2026-01-01T00:00:00Z", "oscal-version": "1.1.3" },
        "imports": [{
            "href": "#2b6f2a36-4d8e-4f2e-9c7a-1d2e3f4a5b6c",
            "include-all": {},
            "exclude-controls": [{ "with-ids": ["b-1"], "with-child-controls": "yes" }, { "with-ids": ["a-1.1"] }]
        }],
        "modify": { "set-parameters": [{ "param-id": "p1", "values": ["30 Tagen"] }] },
        "back-matter": { "resources": [{ "uuid": "2b6f2a36-4d8e-4f2e-9c7a-1d2e3f4a5b6c", "rlinks": [{ "href": "../x/t.json" }] }] }
    }});
    let dir = tempfile::tempdir().unwrap();
    let pf = dir.path().join("p.json");
    std::fs::write(&pf, serde_json::to_vec(&profile).unwrap()).unwrap();
    let cb = serde_json::to_vec(&cat).unwrap();
    let pb = std::fs::read(&pf).unwrap();
    let imported = import(
        InputFile {
            name: "t.json",
            bytes: &cb,
        },
        Some(InputFile {
            name: "p.json",
            bytes: &pb,
        }),
        &ImportOptions::default(),
        &builtin().manifest,
        "de",
        Lang::En,
    )
    .unwrap();
    let field = &imported.files[1].1;
    let ids: Vec<&str> = field
        .lines()
        .filter_map(|l| l.strip_prefix("  - id: "))
        .collect();
    // b-1 and its child excluded; a-1.1 alone excluded (its child stays)
    assert_eq!(ids, ["\"a-1\"", "\"a-1.1.1\"", "\"c-1\""]);
    assert_eq!(imported.summary.not_selected, 3);
    assert!(field.contains("A1 30 Tagen: Binnen 30 Tagen."), "{field}");
    assert!(!field.contains("{{"), "{field}");
    // include-controls with children: only the named subtree
    let profile2 = serde_json::json!({ "profile": {
        "uuid": "1b6f2a36-4d8e-4f2e-9c7a-1d2e3f4a5b6c",
        "metadata": { "title": "P", "version": "1", "last-modified": "2026-01-01T00:00:00Z", "oscal-version": "1.1.3" },
        "imports": [{ "href": "t.json", "include-controls": [{ "with-ids": ["a-1"], "with-child-controls": "yes" }, { "with-ids": ["c-1"] }] }]
    }});
    let pb2 = serde_json::to_vec(&profile2).unwrap();
    let imported = import(
        InputFile {
            name: "t.json",
            bytes: &cb,
        },
        Some(InputFile {
            name: "p2.json",
            bytes: &pb2,
        }),
        &ImportOptions::default(),
        &builtin().manifest,
        "de",
        Lang::En,
    )
    .unwrap();
    assert_eq!(imported.summary.imported, 4, "a-1, a-1.1, a-1.1.1, c-1");
}
