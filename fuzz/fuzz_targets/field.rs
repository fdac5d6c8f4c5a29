//! Fuzz target: a field file through the loader, every check and both renderings of the
//! findings. Any panic, hang or runaway memory is a bug.
#![no_main]

use cyberkompass::diag::{Findings, HumanStyle, render_human, render_json};
use cyberkompass::i18n::Lang;
use cyberkompass::load::{parse_yaml_all, text_from_bytes};
use cyberkompass::model::Field;
use cyberkompass::validate::Checker;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = "f.yaml";
    let mut f = Findings::default();
    match text_from_bytes(data.to_vec(), name, Lang::En) {
        Err(d) => f.push(d),
        Ok(text) => {
            f.sources.insert(name.into(), text.as_str().into());
            let (v, d) = parse_yaml_all::<Field>(&text, name, Lang::En);
            f.diagnostics.extend(d);
            if let Some(mut field) = v {
                field.file = name.into();
                let mut c = Checker {
                    out: &mut f,
                    lang: Lang::En,
                    languages: vec!["de".into(), "en".into()],
                    ids: Default::default(),
                };
                c.field(name, &field);
                c.across_fields(std::slice::from_ref(&field));
            }
        }
    }
    let style = HumanStyle {
        color: false,
        width: 100,
    };
    let _ = render_human(&f, style, Lang::De);
    let _ = render_json(&f);
});
