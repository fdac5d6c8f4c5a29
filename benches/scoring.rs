//! Speed of `scoring::score`: an assessment of the built-in set, and of a generated set of
//! 10,000 questions (8 fields × 1,250) built in memory. Goal: linear, under 50 ms for 10,000.
//! Beside it, in the same run, the action plan (`plan::build` on the score, and its CSV and
//! JSON renderings), so that its cost is read as a ratio to `score`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use cyberkompass::assessment::{Action, ActionStatus, answers_sha256};
use cyberkompass::assessment::{Answer, AssessmentFile, Rating, SetRef};
use cyberkompass::i18n::Lang;
use cyberkompass::model::{
    Anchors, ChecklistSet, Field, Manifest, Profile, Question, References, ScaleLevel, Sp, Text,
};
use cyberkompass::plan::{self, CsvStyle, PlanOptions};
use cyberkompass::scoring::{ScoreOptions, score};
use cyberkompass::set::{SetSource, load_usable};

fn txt(s: &str) -> Sp<Text> {
    Sp::new(Text::from_pairs([("de", s), ("en", s)]))
}

/// A set of `fields` × `per_field` questions with varied weights and every 7th critical.
fn generated_set(fields: usize, per_field: usize) -> ChecklistSet {
    let fields = (0..fields)
        .map(|f| Field {
            id: Sp::new(format!("field-{f}")),
            number: Sp::new(f as u32 + 1),
            title: txt("Handlungsfeld"),
            description: txt("-"),
            weight: Sp::new(1 + (f as u32 % 3)),
            questions: Sp::new(
                (0..per_field)
                    .map(|q| Question {
                        id: Sp::new(format!("F{f}-{q:04}")),
                        text: txt("Wird die Maßnahme umgesetzt?"),
                        help: None,
                        anchors: Anchors::default(),
                        recommendation: Some(txt("Setzen Sie die Maßnahme um.")),
                        weight: Sp::new(1 + (q as u32 % 5)),
                        critical: q % 7 == 0,
                        references: References::default(),
                    })
                    .collect(),
            ),
            file: String::new(),
        })
        .collect();
    ChecklistSet {
        manifest: Manifest {
            format: Sp::new(1),
            id: Sp::new("bench".into()),
            version: Sp::new("1".into()),
            title: txt("Bench"),
            description: None,
            languages: Sp::new(vec![Sp::new("de".into()), Sp::new("en".into())]),
            scale: Sp::new(
                (0..=5u8)
                    .map(|l| ScaleLevel {
                        level: Sp::new(l),
                        name: txt("Stufe"),
                        description: txt("-"),
                    })
                    .collect(),
            ),
            threshold: Sp::new(0.8),
            profiles: Sp::new(vec![Profile {
                id: Sp::new("standard".into()),
                title: txt("Standard"),
                description: None,
                target: Sp::new(3),
                fields: vec![],
                critical_min: None,
                former_ids: vec![],
            }]),
            fields: Sp::new(vec![]),
            ids: Sp::default(),
            source: None,
        },
        fields,
        sha256: String::new(),
        origin: "bench".into(),
    }
}

/// Answers every question; every 11th n/a, every 13th left open, the rest rated 0–5.
fn assessment_for(set: &ChecklistSet) -> AssessmentFile {
    let answers = set
        .questions()
        .enumerate()
        .filter(|(i, _)| i % 13 != 0)
        .map(|(i, (_, q))| Answer {
            id: q.id.clone(),
            rating: Sp::new(if i % 11 == 0 {
                Rating::NotApplicable
            } else {
                Rating::Level((i % 6) as u8)
            }),
            justification: (i % 11 == 0).then(|| Sp::new("trifft nicht zu".into())),
            note: None,
            evidence: None,
            action: None,
            disputed: None,
        })
        .collect();
    AssessmentFile {
        format: Sp::new(1),
        set: SetRef {
            id: set.manifest.id.clone(),
            version: set.manifest.version.clone(),
            sha256: Sp::new(set.sha256.clone()),
        },
        classification: None,
        organisation: Sp::new("Bench".into()),
        assessor: None,
        scope: None,
        segment: None,
        method: None,
        profile: Sp::new(
            set.manifest
                .profiles
                .first()
                .map(|p| p.id.value.clone())
                .unwrap_or_default(),
        ),
        created: None,
        updated: None,
        position: None,
        answers,
        vanished: vec![],
        signoffs: vec![],
    }
}

fn bench(c: &mut Criterion) {
    let builtin = load_usable(&SetSource::Builtin, Lang::De).expect("built-in set is valid");
    let a = assessment_for(&builtin);
    c.bench_function(
        &format!(
            "score built-in set ({} questions)",
            builtin.questions().count()
        ),
        |b| b.iter(|| score(black_box(&builtin), black_box(&a), &ScoreOptions::default())),
    );
    for n in [1_250usize, 2_500, 5_000, 10_000] {
        let set = generated_set(8, n / 8);
        let a = assessment_for(&set);
        c.bench_function(&format!("score generated set ({n} questions)"), |b| {
            b.iter(|| score(black_box(&set), black_box(&a), &ScoreOptions::default()))
        });
        // The same without the time to free the result (it holds every question's texts).
        c.bench_function(
            &format!("score generated set ({n} questions), result not freed"),
            |b| {
                b.iter_with_large_drop(|| {
                    score(black_box(&set), black_box(&a), &ScoreOptions::default())
                })
            },
        );
    }
}

/// The plan of a scored assessment whose every third answer carries an action.
fn bench_plan(c: &mut Criterion) {
    let builtin = load_usable(&SetSource::Builtin, Lang::De).expect("built-in set is valid");
    let sets = [
        ("built-in set".to_owned(), builtin),
        (
            "generated set (10000 questions)".to_owned(),
            generated_set(8, 1_250),
        ),
    ];
    for (name, set) in &sets {
        let mut a = assessment_for(set);
        for (i, ans) in a.answers.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
            ans.action = Some(Action {
                owner: Some(Sp::new("IT-Leitung".into())),
                due: Some(Sp::new(format!("2027-0{}-15", 1 + i % 9))),
                status: Sp::new(ActionStatus::InProgress),
                effort: None,
            });
        }
        c.bench_function(&format!("signoff: answers_sha256 {name}"), |b| {
            b.iter(|| answers_sha256(black_box(&a)))
        });
        let opts = PlanOptions {
            critical_only: false,
            as_of: Some("2026-11-27".into()),
        };
        let s = score(set, &a, &ScoreOptions::default());
        c.bench_function(&format!("plan: score {name}"), |b| {
            b.iter(|| score(black_box(set), black_box(&a), &ScoreOptions::default()))
        });
        c.bench_function(&format!("plan: score + build {name}"), |b| {
            b.iter(|| {
                let s = score(black_box(set), black_box(&a), &ScoreOptions::default());
                plan::build(&s, &a, &opts)
            })
        });
        c.bench_function(&format!("plan: build alone {name}"), |b| {
            b.iter(|| plan::build(black_box(&s), black_box(&a), &opts))
        });
        c.bench_function(
            &format!("plan: build alone, result not freed {name}"),
            |b| b.iter_with_large_drop(|| plan::build(black_box(&s), black_box(&a), &opts)),
        );
        let p = plan::build(&s, &a, &opts);
        c.bench_function(
            &format!("plan: csv {name} ({} items)", p.items.len()),
            |b| b.iter(|| plan::to_csv(black_box(&p), Lang::De, CsvStyle::Excel)),
        );
        c.bench_function(
            &format!("plan: json {name} ({} items)", p.items.len()),
            |b| b.iter(|| plan::to_json(black_box(&p))),
        );
        c.bench_function(&format!("plan: roadmap {name}"), |b| {
            b.iter(|| plan::roadmap(black_box(&p)))
        });
    }
}

criterion_group!(benches, bench, bench_plan);
criterion_main!(benches);
