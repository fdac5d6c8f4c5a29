//! Time from an answer to the next prompt, including the atomic save, on an assessment with 100
//! answers: the Session driven by a scripted prompter, writing real files into a temp folder.

use std::fmt::Write as _;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use cyberkompass::assessment::to_yaml;
use cyberkompass::atomic::write_atomic;
use cyberkompass::i18n::Lang;
use cyberkompass::session::{Choice, Options, Scripted, Session, Step};
use cyberkompass::set::{SetSource, load_usable};

const QUESTIONS: usize = 101;

/// A set of two fields with 101 questions in all, written into `dir`.
fn write_set(dir: &Path) {
    let scale: String = (0..=5)
        .map(|l| {
            format!(
                "  - level: {l}\n    name: {{ de: Stufe {l}, en: Level {l} }}\n    description: {{ de: Stufe {l} ist erreicht., en: Level {l} is reached. }}\n"
            )
        })
        .collect();
    let manifest = format!(
        "format: 1\nid: bench\nversion: \"1\"\ntitle: {{ de: Messset, en: Bench set }}\nlanguages: [de, en]\nthreshold: 0.8\nscale:\n{scale}profiles:\n  - id: standard\n    title: {{ de: Standard, en: Standard }}\n    target: 3\nfields:\n  - one.yaml\n  - two.yaml\n"
    );
    std::fs::write(dir.join("set.yaml"), manifest).unwrap();
    for (n, (file, id, range)) in [
        ("one.yaml", "one", 1..51),
        ("two.yaml", "two", 51..QUESTIONS + 1),
    ]
    .into_iter()
    .enumerate()
    {
        let mut f = format!(
            "id: {id}\nnumber: {}\ntitle: {{ de: Feld {id}, en: Field {id} }}\ndescription: {{ de: Ein Feld zum Messen., en: A field to measure with. }}\nquestions:\n",
            n + 1
        );
        for i in range {
            write!(
                f,
                "  - id: BEN-{i:03}\n    text: {{ de: Wird Praxis {i} gelebt?, en: Is practice {i} in place? }}\n    help: {{ de: Sehen Sie nach., en: Have a look. }}\n    anchors:\n      1: {{ de: Geplant., en: Planned. }}\n      3: {{ de: Umgesetzt., en: In place. }}\n      5: {{ de: Verbessert., en: Improved. }}\n    recommendation: {{ de: Setzen Sie Praxis {i} um., en: Put practice {i} in place. }}\n"
            )
            .unwrap();
        }
        std::fs::write(dir.join(file), f).unwrap();
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let set_dir = dir.path().join("set");
    std::fs::create_dir(&set_dir).unwrap();
    write_set(&set_dir);
    let set = load_usable(&SetSource::Dir(set_dir), Lang::En).expect("bench set is valid");
    let path = dir.path().join("assessment.yaml");
    let opts = |review| Options {
        field: None,
        review,
        today: "2026-11-26".into(),
        lang: Lang::En,
    };
    // Set up: 100 answers, each with a note and evidence.
    let mut steps = vec![
        Step::Text("Stadt Musterhausen".into()),
        Step::Text("ISB".into()),
        Step::Select(0),
    ];
    for i in 0..100 {
        steps.push(Step::Choose(Choice::Level((i % 6) as u8)));
        steps.push(Step::Text(format!("Notiz {i}: siehe Protokoll")));
        steps.push(Step::Text(format!("DMS-{i:04}")));
    }
    let mut p = Scripted::new(steps);
    let mut s = Session::start(&set, &path, opts(false), &mut p).unwrap();
    s.run(&mut p).unwrap();
    assert_eq!(s.file.answers.len(), 100);

    // Answering the 101st question (and overwriting it each round) with 100 others on file.
    let mut p = Scripted::new([]);
    let mut s = Session::start(&set, &path, opts(true), &mut p).unwrap();
    let target = format!("BEN-{QUESTIONS:03}");
    c.bench_function("answer_to_next_prompt_100_answers_atomic_save", |b| {
        b.iter(|| {
            assert!(s.go_to(&target));
            p.script.extend([
                Step::Choose(Choice::Level(3)),
                Step::Text("Notiz: \"geprüft\"".into()),
                Step::Text(String::new()),
            ]);
            s.step(&mut p).unwrap();
        })
    });
    assert_eq!(s.file.answers.len(), 101);
    let file = s.file.clone();
    c.bench_function("to_yaml_101_answers", |b| b.iter(|| to_yaml(&file)));
    // The disk's share: the same atomic write of the same bytes, without the session.
    let bytes = to_yaml(&file).into_bytes();
    c.bench_function("write_atomic_only_101_answers", |b| {
        b.iter(|| write_atomic(&path, &bytes).unwrap())
    });
    // The same step on a RAM file system (where fsync costs next to nothing), when there is one.
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        let d = tempfile::tempdir_in(shm).unwrap();
        let path = d.path().join("assessment.yaml");
        std::fs::write(&path, to_yaml(&file)).unwrap();
        let mut p = Scripted::new([]);
        let mut s = Session::start(&set, &path, opts(true), &mut p).unwrap();
        c.bench_function("answer_to_next_prompt_100_answers_tmpfs", |b| {
            b.iter(|| {
                assert!(s.go_to(&target));
                p.script.extend([
                    Step::Choose(Choice::Level(3)),
                    Step::Text("Notiz: \"geprüft\"".into()),
                    Step::Text(String::new()),
                ]);
                s.step(&mut p).unwrap();
            })
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
