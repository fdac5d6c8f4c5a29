//! Benchmark of `validate`: the built-in set, and a generated corpus of 1,000 field files of
//! 100 questions each, beside the time serde-saphyr alone takes to parse the same files.
//! Run with `cargo bench --bench validate`; prints files/s and MB/s (median of 5 runs).

use std::path::Path;
use std::time::{Duration, Instant};

use cyberkompass::i18n::Lang;
use cyberkompass::model::Field;
use cyberkompass::set::{SetSource, load_set};

const FIELDS: usize = 1_000;
const QUESTIONS: usize = 100;

/// A unique id prefix of four capital letters for field `f` (`QAAA`, `QAAB`, …).
fn prefix(f: usize) -> String {
    let l = |n: usize| char::from(b'A' + (n % 26) as u8);
    format!("Q{}{}{}", l(f / 676), l(f / 26), l(f))
}

fn question(f: usize, q: usize) -> String {
    format!(
        r#"  - id: {p}-{q:03}
    text:
      de: Wird die Praxis {q} im Handlungsfeld {f} vollständig, dokumentiert und nachweisbar umgesetzt?
      en: Is practice {q} of field {f} carried out fully, documented and with evidence?
    help:
      de: Sehen Sie die Dokumentation und die Protokolle der letzten zwölf Monate ein; Nachweis sind unterschriebene Berichte.
      en: Look at the documentation and the records of the last twelve months; evidence is signed reports.
    anchors:
      1: {{ de: Die Praxis ist geplant., en: The practice is planned. }}
      3: {{ de: Die Praxis ist umgesetzt und dokumentiert., en: The practice is carried out and documented. }}
      5: {{ de: Prüfergebnisse verbessern die Praxis nachweislich., en: Review results demonstrably improve the practice. }}
    recommendation:
      de: Legen Sie eine verantwortliche Person fest und dokumentieren Sie das Vorgehen nach BSI-Standard 200-2.
      en: Name a responsible person and document the procedure following BSI-Standard 200-2.
    weight: {w}
    critical: {c}
    references:
      grundschutz: [GC.1.1, DET.5.1]
      nis2: [a, b]
      iso27001: [A.5.1, A.8.8]
"#,
        p = prefix(f),
        w = q % 3 + 1,
        c = q.is_multiple_of(10)
    )
}

fn field(f: usize) -> String {
    let mut s = format!(
        "# yaml-language-server: $schema=../schema/field.schema.json\nid: field-{f:04}\nnumber: {n}\ntitle: {{ de: Handlungsfeld {f}, en: Field {f} }}\ndescription: {{ de: Erzeugt für den Benchmark., en: Generated for the benchmark. }}\nweight: 1\nquestions:\n",
        n = f + 1
    );
    for q in 0..QUESTIONS {
        s.push_str(&question(f, q));
    }
    s
}

fn write_corpus(dir: &Path) -> u64 {
    let builtin =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/checklists/set.yaml"))
            .expect("manifest");
    // The built-in manifest's head (scale, threshold) with one profile of its own.
    let head = builtin.split("\nprofiles:").next().expect("profiles key");
    let head = head.replace("id: bsi-laender-kooperation", "id: benchmark-corpus");
    let head = format!(
        "{head}\nprofiles:\n  - id: standard\n    title: {{ de: Standard, en: Standard }}\n    target: 3"
    );
    let mut manifest = format!("{head}\nfields:\n");
    let mut bytes = 0;
    for f in 0..FIELDS {
        let name = format!("field-{f:04}.yaml");
        let text = field(f);
        bytes += text.len() as u64;
        std::fs::write(dir.join(&name), text).expect("write");
        manifest.push_str(&format!("  - {name}\n"));
    }
    std::fs::write(dir.join("set.yaml"), manifest).expect("write manifest");
    bytes
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm the page cache
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn main() {
    // The built-in set.
    let t = time(20, || {
        let l = load_set(&SetSource::Builtin, Lang::En).expect("load");
        assert!(l.set.is_some());
    });
    println!("validate built-in set: {:.2} ms", t.as_secs_f64() * 1e3);

    // The generated corpus.
    let dir = tempfile::tempdir().expect("tempdir");
    let bytes = write_corpus(dir.path());
    let mb = bytes as f64 / 1e6;
    let files = FIELDS as f64;
    let full = time(5, || {
        let l = load_set(&SetSource::Dir(dir.path().to_path_buf()), Lang::En).expect("load");
        assert_eq!(
            l.findings.errors(),
            0,
            "{:?}",
            l.findings.diagnostics.first()
        );
    });
    let texts: Vec<String> = (0..FIELDS)
        .map(|f| {
            std::fs::read_to_string(dir.path().join(format!("field-{f:04}.yaml"))).expect("read")
        })
        .collect();
    let parse = time(5, || {
        for t in &texts {
            let f: Field = serde_saphyr::from_str(t).expect("parse");
            assert_eq!(f.questions.len(), QUESTIONS);
        }
    });
    let read_parse = time(5, || {
        for f in 0..FIELDS {
            let t = std::fs::read_to_string(dir.path().join(format!("field-{f:04}.yaml")))
                .expect("read");
            let f: Field = serde_saphyr::from_str(&t).expect("parse");
            assert_eq!(f.questions.len(), QUESTIONS);
        }
    });
    let row = |name: &str, d: Duration| {
        println!(
            "{name:<42} {:>8.1} ms {:>9.0} files/s {:>7.1} MB/s",
            d.as_secs_f64() * 1e3,
            files / d.as_secs_f64(),
            mb / d.as_secs_f64()
        );
    };
    println!("corpus: {FIELDS} field files × {QUESTIONS} questions, {mb:.1} MB");
    row("serde-saphyr parse only (in memory)", parse);
    row("read + serde-saphyr parse", read_parse);
    row("validate (read, parse, checks, hash)", full);
    println!(
        "validation adds {:.0} % to read + parse",
        (full.as_secs_f64() / read_parse.as_secs_f64() - 1.0) * 100.0
    );
}
