//! Assessments made against an older state of the built-in set (2026.1) and against a renamed
//! profile still load: answers to ids that still exist keep counting, answers to ids the set no
//! longer has are kept (under `vanished:` once `assess` carries the file over), new questions
//! are open. The removed and new ids are derived from the set and the file, never listed here.

use std::collections::BTreeSet;

use cyberkompass::assessment::{self, AssessmentFile, Rating};
use cyberkompass::diag::{Findings, Severity};
use cyberkompass::i18n::Lang;
use cyberkompass::model::ChecklistSet;
use cyberkompass::scoring::{AnswerStatus, ScoreOptions, score};
use cyberkompass::session::{Options, Scripted, Session};
use cyberkompass::set::{SetSource, load_usable};

use crate::common::{fixture, root, run_in};

const OLD: &str = "assessments/musterhausen-2026.1.yaml";

fn builtin() -> ChecklistSet {
    load_usable(&SetSource::Builtin, Lang::En).expect("built-in set")
}

fn read(path: &std::path::Path) -> AssessmentFile {
    let mut f = Findings::default();
    assessment::read(path, Lang::En, &mut f)
        .expect("readable")
        .expect("parses")
        .file
}

fn ids_of(a: &AssessmentFile) -> BTreeSet<String> {
    a.answers.iter().map(|x| x.id.value.clone()).collect()
}

fn set_ids(set: &ChecklistSet) -> BTreeSet<String> {
    set.questions().map(|(_, q)| q.id.value.clone()).collect()
}

/// Checks the file against `set`, scores it, carries it over with `assess` (in a temporary
/// copy) and asserts that nothing is lost and everything still counts.
/// Returns the numbers of removed and new ids.
fn carries_over(set: &ChecklistSet, old: &AssessmentFile, text: &str) -> (usize, usize) {
    let in_file = ids_of(old);
    let in_set = set_ids(set);
    let removed: BTreeSet<&String> = in_file.difference(&in_set).collect();
    let new: BTreeSet<&String> = in_set.difference(&in_file).collect();

    // 1. It loads: warnings only – the set's state differs, and one per removed id.
    let mut f = Findings::default();
    assessment::check(old, set, "old.yaml", Lang::En, &mut f);
    assert_eq!(f.errors(), 0, "{:?}", f.diagnostics);
    let codes: Vec<&str> = f.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"set-mismatch"), "{codes:?}");
    let unknown: BTreeSet<&String> = f
        .diagnostics
        .iter()
        .filter(|d| d.code == "unknown-question")
        .map(|d| {
            assert_eq!(d.severity, Severity::Warning);
            removed
                .iter()
                .copied()
                .find(|id| d.value.as_deref() == Some(id.as_str()))
                .expect("a warning names a removed id")
        })
        .collect();
    assert_eq!(unknown, removed);

    // 2. It scores: answers to ids that still exist count with their rating; removed ones are
    //    listed as not scored; new questions are open and make their fields provisional.
    let r = score(set, old, &ScoreOptions::default());
    for fs in &r.fields {
        for q in &fs.questions {
            match old.answer(&q.id) {
                Some(a) => match a.rating.value {
                    Rating::Level(l) => {
                        assert_eq!(
                            (q.status, q.rating),
                            (AnswerStatus::Rated, Some(l)),
                            "{}",
                            q.id
                        )
                    }
                    Rating::NotApplicable => assert_eq!(q.status, AnswerStatus::NotApplicable),
                },
                None => {
                    assert!(new.contains(&q.id), "{} is open but not new", q.id);
                    assert_eq!(q.status, AnswerStatus::Unanswered);
                    assert!(fs.provisional);
                }
            }
        }
    }
    let not_scored: BTreeSet<&String> = r.unknown_answers.iter().collect();
    assert_eq!(not_scored, removed);
    assert_eq!(
        r.overall.answered + r.overall.na,
        u32::try_from(in_file.len() - removed.len()).unwrap()
    );
    assert_eq!(r.overall.unanswered, u32::try_from(new.len()).unwrap());

    // 3. `assess` carries it over: removed answers move under `vanished:` with everything they
    //    held, the rest stay, the first question asked is the first new one, and the file on
    //    disk keeps all of it.
    let d = crate::common::tempdir();
    let path = d.path().join("a.yaml");
    std::fs::write(&path, text).unwrap();
    let opts = Options {
        field: None,
        review: false,
        today: "2026-11-27".into(),
        lang: Lang::En,
    };
    let mut p = Scripted::new([]);
    let mut s = Session::start(set, &path, opts, &mut p).expect("session starts");
    assert!(
        p.said[0].contains("changed since the last session"),
        "{:?}",
        p.said
    );
    assert_eq!(
        s.current(),
        set.questions()
            .map(|(_, q)| q.id.as_str())
            .find(|id| new.iter().any(|n| n == id))
    );
    s.save().unwrap();
    let carried = read(&path);
    let vanished: BTreeSet<&String> = carried.vanished.iter().map(|a| &a.id.value).collect();
    assert_eq!(vanished, removed);
    assert_eq!(
        ids_of(&carried).len() + carried.vanished.len(),
        old.answers.len()
    );
    for a in &old.answers {
        let kept = carried
            .answer(&a.id)
            .or_else(|| carried.vanished.iter().find(|v| v.id.value == a.id.value))
            .expect("never dropped");
        assert_eq!(kept.rating.value, a.rating.value, "{}", a.id.value);
        assert_eq!(kept.note, a.note, "{}", a.id.value);
        assert_eq!(kept.evidence, a.evidence, "{}", a.id.value);
        assert_eq!(kept.justification, a.justification, "{}", a.id.value);
    }
    assert_eq!(carried.set.version.value, set.manifest.version.value);
    (removed.len(), new.len())
}

#[test]
fn an_assessment_of_2026_1_loads_against_the_built_in_set() {
    let path = fixture(OLD);
    let old = read(&path);
    assert_eq!(old.set.version.value, "2026.1");
    let set = builtin();
    assert_ne!(set.manifest.version.value, "2026.1");
    carries_over(&set, &old, &std::fs::read_to_string(&path).unwrap());
}

/// The same against a copy of the built-in set from which the first answered question of each
/// field is removed and to which one question is added per field: the removed and new paths
/// are exercised whatever the content of the set is today.
#[test]
fn an_assessment_of_2026_1_survives_removed_and_added_questions() {
    let path = fixture(OLD);
    let old = read(&path);
    let mut set = builtin();
    // what the built-in set itself already removed and added since 2026.1
    let (in_file, in_set) = (ids_of(&old), set_ids(&set));
    let removed_before = in_file.difference(&in_set).count();
    let new_before = in_set.difference(&in_file).count();
    for (i, f) in set.fields.iter_mut().enumerate() {
        let qs = &mut f.questions.value;
        if let Some(k) = qs.iter().position(|q| old.answer(&q.id).is_some()) {
            qs.remove(k);
        }
        let mut extra = qs[0].clone();
        extra.id.value = format!("NEU-{:02}", i + 1);
        qs.push(extra);
    }
    let n = set.fields.len();
    assert_eq!(
        carries_over(&set, &old, &std::fs::read_to_string(&path).unwrap()),
        (removed_before + n, new_before + n)
    );
}

#[test]
fn validate_and_score_accept_the_2026_1_file_with_a_notice() {
    let file = fixture(OLD);
    let file = file.to_str().unwrap();
    let v = run_in(&root(), &["validate", file]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    let all = format!("{}{}", v.stdout, v.stderr);
    assert!(all.contains("set-mismatch"), "{all}");
    let s = run_in(&root(), &["score", file, "--format", "json"]);
    assert_eq!(s.code, 0, "{}", s.stderr);
    assert!(s.stderr.contains("2026.1"), "{}", s.stderr);
    let j: serde_json::Value = serde_json::from_str(&s.stdout).unwrap();
    assert_eq!(
        j["set"]["version"],
        builtin().manifest.version.value.as_str()
    );
}

/// A file naming the former profile id `erhoeht` loads as `messbar`, with a warning
/// (`profile-renamed`) in validate, score and report, and `assess` writes the new id.
#[test]
fn the_former_profile_erhoeht_loads_as_messbar_with_a_warning() {
    let set = builtin();
    let p = set.profile("erhoeht").expect("former id resolves");
    assert_eq!(p.id.value, "messbar");
    assert!(set.renamed_profile("messbar").is_none());
    let d = crate::common::tempdir();
    let path = d.path().join("alt.yaml");
    let text = std::fs::read_to_string(root().join("examples/musterhausen.yaml"))
        .unwrap()
        .replace("profile: standard", "profile: erhoeht");
    assert!(text.contains("profile: erhoeht"));
    std::fs::write(&path, &text).unwrap();
    let file = path.to_str().unwrap();
    for args in [
        vec!["validate", file],
        vec!["score", file, "--format", "json"],
        vec!["report", file, "--format", "json"],
    ] {
        let o = run_in(d.path(), &args);
        assert_eq!(o.code, 0, "{args:?}: {}{}", o.stdout, o.stderr);
        let all = format!("{}{}", o.stdout, o.stderr);
        assert!(all.contains("profile-renamed"), "{args:?}: {all}");
        assert!(all.contains("`messbar`"), "{args:?}: {all}");
    }
    // score: the targets are those of `messbar`, and the JSON says it was renamed.
    let o = run_in(d.path(), &["score", file, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["profile"]["id"], "messbar");
    assert_eq!(j["profile"]["renamed_from"], "erhoeht");
    assert_eq!(j["profile"]["critical_min"], 4);
    for f in j["fields"].as_array().unwrap() {
        let id = f["id"].as_str().unwrap();
        assert_eq!(f["target"], u64::from(p.target_for(id)), "{id}");
    }
    // the report names the profile by its new id and title.
    let o = run_in(d.path(), &["report", file, "--format", "json"]);
    let j: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(j["assessment"]["profile"]["id"], "messbar");
    assert_eq!(j["assessment"]["profile"]["title"], "Measured");
    // gate judges it by the new profile, without an error about the profile.
    let g = run_in(d.path(), &["gate", file, "--format", "json"]);
    assert!(!g.stderr.contains("unknown-profile"), "{}", g.stderr);
    assert!(g.code == 0 || g.code == 1, "{}", g.stderr);
    // assess writes the new id the next time it saves.
    let mut p = Scripted::new([]);
    let mut s = Session::start(
        &set,
        &path,
        Options {
            field: None,
            review: false,
            today: "2026-11-27".into(),
            lang: Lang::En,
        },
        &mut p,
    )
    .unwrap();
    assert!(
        p.said.iter().any(|m| m.contains("is now called `messbar`")),
        "{:?}",
        p.said
    );
    s.save().unwrap();
    assert_eq!(read(&path).profile.value, "messbar");
}
