//! Fuzz target: a set manifest (set.yaml) through the loader and the manifest and profile
//! checks, then both renderings of the findings.
#![no_main]

use cyberkompass::diag::{Findings, HumanStyle, render_human, render_json};
use cyberkompass::i18n::Lang;
use cyberkompass::load::{parse_yaml_all, text_from_bytes};
use cyberkompass::model::Manifest;
use cyberkompass::validate::Checker;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = "set.yaml";
    let mut f = Findings::default();
    match text_from_bytes(data.to_vec(), name, Lang::En) {
        Err(d) => f.push(d),
        Ok(text) => {
            f.sources.insert(name.into(), text.as_str().into());
            let (v, d) = parse_yaml_all::<Manifest>(&text, name, Lang::En);
            f.diagnostics.extend(d);
            if let Some(m) = v {
                let languages = m.languages.iter().map(|l| l.value.clone()).collect();
                let mut c = Checker {
                    out: &mut f,
                    lang: Lang::En,
                    languages,
                    ids: m.ids.value,
                };
                c.manifest(name, &m);
                c.profiles(name, &m, &["backup", "warnings"]);
            }
        }
    }
    let style = HumanStyle {
        color: true,
        width: 80,
    };
    let _ = render_human(&f, style, Lang::En);
    let _ = render_json(&f);
});
