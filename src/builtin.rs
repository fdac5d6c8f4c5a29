//! The built-in checklist set (checklists/ in the repository), read and checked once, when the
//! binary is built (build.rs runs the same loader and checks as `--checklists DIR`, and fails the
//! build on any finding), and embedded in compact form: every run only decodes it.

use crate::diag::Findings;
use crate::i18n::Lang;
use crate::model::{ChecklistSet, Field, Manifest};
use crate::set::Loaded;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// What build.rs embeds: the manifest, the fields in order (with every value's place), the
/// set's SHA-256, in the compact form of src/compact.rs.
pub type Embedded = (Manifest, Vec<Field>, String);

/// The built-in set as checked at build time: the set and its findings (none, or the build
/// would have failed; only the number of files read).
pub fn loaded(_lang: Lang) -> Result<Loaded, String> {
    let (manifest, mut fields, sha256): Embedded =
        crate::compact::from_parts(embedded::BIN, embedded::STRS)
            .map_err(|e| format!("the built-in set cannot be decoded: {e}"))?;
    for (f, name) in fields.iter_mut().zip(manifest.fields.iter()) {
        f.file = format!("checklists/{}", name.value);
    }
    let findings = findings(_lang)?;
    Ok(Loaded {
        set: Some(ChecklistSet {
            manifest,
            fields,
            sha256,
            origin: "built-in".into(),
        }),
        findings,
    })
}

/// `s` as a slice of the embedded texts, when it is one (the decoder of the built-in set hands
/// them out): a text of the built-in set need not be copied, it lives as long as the program.
pub fn as_static(s: &str) -> Option<&'static str> {
    let base = embedded::STRS.as_ptr() as usize;
    let start = (s.as_ptr() as usize).checked_sub(base)?;
    embedded::STRS.get(start..start.checked_add(s.len())?)
}

/// The findings of the build-time check, without decoding the set (`validate`): none, and the
/// number of files read.
pub fn findings(_lang: Lang) -> Result<Findings, String> {
    Ok(Findings {
        files: embedded::FILES_READ,
        ..Findings::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::{SetSource, load_set};

    /// The embedded set is exactly what loading checklists/ at run time gives: same values,
    /// same places, same hash, no findings.
    #[test]
    fn embedded_equals_runtime_load() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists");
        let runtime = load_set(&SetSource::Dir(dir), Lang::En).expect("checklists/");
        assert!(runtime.findings.diagnostics.is_empty());
        let built = loaded(Lang::En).expect("embedded set");
        assert_eq!(built.findings.files, runtime.findings.files);
        assert!(built.findings.diagnostics.is_empty());
        let (a, b) = (built.set.expect("set"), runtime.set.expect("set"));
        assert_eq!(a.sha256, b.sha256);
        let places =
            |s: &ChecklistSet| crate::compact::to_parts(&(&s.manifest, &s.fields)).expect("encode");
        assert_eq!(places(&a), places(&b));
        for (fa, fb) in a.fields.iter().zip(&b.fields) {
            assert!(fb.file.ends_with(fa.file.trim_start_matches("checklists")));
        }
    }

    /// The texts of the built-in set are slices of the embedded texts, not copies; texts read
    /// from a folder are not.
    #[test]
    fn builtin_texts_are_borrowed() {
        let set = loaded(Lang::En).expect("embedded set").set.expect("set");
        let (_, q) = set.questions().next().expect("a question");
        for (code, text) in &q.text.0 {
            assert!(as_static(code).is_some(), "{code}");
            assert!(as_static(&text.value).is_some(), "{code}");
        }
        let own = String::from(q.text.get("de"));
        assert!(as_static(&own).is_none());
    }
}
