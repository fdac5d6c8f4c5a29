//! The built-in checklist set (checklists/ in the repository), read and checked once, when the
//! binary is built (build.rs runs the same loader and checks as `--checklists DIR`, and fails the
//! build on any finding), and embedded in compact form: every run only decodes it.

use std::collections::BTreeMap;

use crate::compact::{Decode, Error, Reader};
use crate::diag::Findings;
use crate::i18n::Lang;
use crate::model::{
    Anchors, ChecklistSet, Field, FieldTarget, IdRule, ImportSource, LangMap, Loc, Manifest,
    Profile, Question, References, ScaleLevel, Sp, Str, Text,
};
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
        crate::compact::decode_parts(embedded::BIN, embedded::STRS)
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

// ------------------------------------------------ decoding the model from the compact form
//
// Hand-written rather than through serde's visitors (src/compact.rs, `Decode`): every run
// decodes the whole set, about 5,000 values with their places. The field indices are the
// declaration order in src/model.rs, the order serde's derive writes them in (build.rs encodes
// with serde); the tests below compare the result with serde's decoder and with a run-time load.

/// Decodes a struct of the model: each field by its index, required unless a default is given
/// (the default of its `#[serde(default …)]`); `rest` are the fields serde skips.
macro_rules! decode_struct {
    ($r:ident, $ty:ident { $($i:literal $field:ident $(= $default:expr)?),* $(,)? } $($rest:ident: $val:expr),*) => {{
        $(let mut $field = None;)*
        while let Some(i) = $r.field()? {
            match i {
                $($i => $field = Some(Decode::decode($r)?),)*
                _ => return Err($r.damaged(stringify!($ty))),
            }
        }
        Ok($ty {
            $($field: decode_struct!(@take $r, $ty, $field $(, $default)?),)*
            $($rest: $val,)*
        })
    }};
    (@take $r:ident, $ty:ident, $field:ident) => {
        $field.ok_or_else(|| $r.damaged(concat!(stringify!($ty), ".", stringify!($field))))?
    };
    (@take $r:ident, $ty:ident, $field:ident, $default:expr) => {
        $field.unwrap_or_else(|| $default)
    };
}

/// A text of the built-in set: a slice of the embedded texts, never copied.
impl Decode<'static> for Str {
    #[inline]
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        r.str().map(Str::from_static)
    }
}

/// A place: its 16 bytes ([`Loc::to_bytes`]).
impl Decode<'_> for Loc {
    #[inline]
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.bytes::<16>().map(Loc::from_bytes)
    }
}

/// In the compact form an `Sp` is the pair (value, place).
impl<'de, T: Decode<'de>> Decode<'de> for Sp<T> {
    #[inline]
    fn decode(r: &mut Reader<'de>) -> Result<Self, Error> {
        let value = T::decode(r)?;
        Ok(Sp {
            value,
            loc: Loc::decode(r)?,
        })
    }
}

impl<V: Decode<'static>> Decode<'static> for LangMap<V> {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        let n = r.count()?;
        let mut m = LangMap::with_capacity(n);
        for _ in 0..n {
            let code = Str::decode(r)?;
            m.insert(code, V::decode(r)?);
        }
        Ok(m)
    }
}

impl Decode<'static> for Text {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        LangMap::decode(r).map(Text)
    }
}

impl Decode<'_> for IdRule {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        match r.varint()? {
            0 => Ok(IdRule::Cyberkompass),
            1 => Ok(IdRule::Oscal),
            _ => Err(r.damaged("IdRule")),
        }
    }
}

impl Decode<'static> for Manifest {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        decode_struct!(r, Manifest {
            0 format,
            1 id,
            2 version,
            3 title,
            4 description = None,
            5 languages,
            6 scale,
            7 threshold,
            8 profiles = Sp::default(),
            9 fields,
            10 ids = Sp::default(),
            11 source = None,
        })
    }
}

impl Decode<'_> for ImportSource {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        decode_struct!(r, ImportSource {
            0 title,
            1 version,
            2 uuid,
            3 sha256,
            4 profile_sha256 = None,
        })
    }
}

impl Decode<'static> for ScaleLevel {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        decode_struct!(r, ScaleLevel { 0 level, 1 name, 2 description })
    }
}

impl Decode<'static> for Profile {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        decode_struct!(r, Profile {
            0 id,
            1 title,
            2 description = None,
            3 target,
            4 fields = Vec::new(),
            5 critical_min = None,
            6 former_ids = Vec::new(),
        })
    }
}

impl Decode<'_> for FieldTarget {
    fn decode(r: &mut Reader<'_>) -> Result<Self, Error> {
        decode_struct!(r, FieldTarget { 0 field, 1 target })
    }
}

impl Decode<'static> for Field {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        decode_struct!(r, Field {
            0 id,
            1 number,
            2 title,
            3 description,
            4 weight = Sp::new(1),
            5 questions,
        } file: String::new())
    }
}

impl Decode<'static> for Question {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        decode_struct!(r, Question {
            0 id,
            1 text,
            2 help = None,
            3 anchors = Anchors::default(),
            4 recommendation = None,
            5 weight = Sp::new(1),
            6 critical = false,
            7 references = References::default(),
        })
    }
}

impl Decode<'static> for Anchors {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        <Sp<BTreeMap<Sp<i64>, Sp<Text>>>>::decode(r).map(Anchors)
    }
}

impl Decode<'static> for References {
    fn decode(r: &mut Reader<'static>) -> Result<Self, Error> {
        decode_struct!(r, References {
            0 grundschutz = Vec::new(),
            1 nis2 = Vec::new(),
            2 iso27001 = Vec::new(),
        })
    }
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

    /// The hand-written decoder gives what serde's derive gives from the same bytes: every
    /// value, every place (the field indices in `decode_struct!` match the model's order).
    #[test]
    fn decode_agrees_with_serde() {
        let by_hand: Embedded =
            crate::compact::decode_parts(embedded::BIN, embedded::STRS).expect("decode");
        let by_serde: Embedded =
            crate::compact::from_parts(embedded::BIN, embedded::STRS).expect("serde decode");
        let enc = |e: &Embedded| crate::compact::to_parts(e).expect("encode");
        assert_eq!(enc(&by_hand), enc(&by_serde));
        assert_eq!(
            enc(&by_hand),
            (embedded::BIN.to_vec(), embedded::STRS.to_owned())
        );
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
