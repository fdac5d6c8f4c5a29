//! Fuzz target: an assessment file read and checked against the built-in set; when it has no
//! errors, scored, gated and rendered as Markdown, HTML and JSON reports.
#![no_main]

use std::sync::OnceLock;

use cyberkompass::assessment::{AssessmentFile, answers_sha256, check};
use cyberkompass::diag::Findings;
use cyberkompass::i18n::Lang;
use cyberkompass::load::{parse_yaml, text_from_bytes};
use cyberkompass::model::ChecklistSet;
use cyberkompass::report::{Inputs, ReportFormat, build, render};
use cyberkompass::scoring::{GateOptions, ScoreOptions, gate, score};
use cyberkompass::set::{SetSource, load_usable};
use libfuzzer_sys::fuzz_target;

fn set() -> &'static ChecklistSet {
    static SET: OnceLock<ChecklistSet> = OnceLock::new();
    SET.get_or_init(|| load_usable(&SetSource::Builtin, Lang::En).expect("built-in set"))
}

fuzz_target!(|data: &[u8]| {
    let name = "a.yaml";
    let Ok(text) = text_from_bytes(data.to_vec(), name, Lang::En) else {
        return;
    };
    let Ok(a) = parse_yaml::<AssessmentFile>(&text, name, Lang::En) else {
        return;
    };
    let mut f = Findings::default();
    f.sources.insert(name.into(), text.as_str().into());
    let hashed = check(&a, set(), name, Lang::En, &mut f);
    if f.errors() > 0 {
        return;
    }
    // The hash the sign-off check hands on to the report is the answers' hash.
    if let Some(h) = &hashed {
        assert_eq!(*h, answers_sha256(&a));
    }
    let s = score(set(), &a, &ScoreOptions::default());
    let _ = gate(&s, GateOptions::default());
    let report = build(&Inputs {
        set: set(),
        assessment: &a,
        score: &s,
        file: name,
        file_sha256: "0",
        answers_sha256: hashed.as_deref(),
        lang: Lang::De,
        date: a.updated.as_ref().map(|u| u.value.as_str()),
    });
    for format in [ReportFormat::Md, ReportFormat::Html, ReportFormat::Json] {
        let _ = render(&report, format, None, &[]).expect("the built-in templates render");
    }
});
