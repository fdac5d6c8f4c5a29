//! The checklist-set model (format v1): manifest, fields of action, questions, texts and
//! references, as Rust types that serde reads with `deny_unknown_fields` and that keep the
//! source position of every value a check may point at.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Deref;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A position in a source file: 1-based line and column, and the byte range when known.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Loc {
    /// 1-based line; 0 when unknown.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub column: u32,
    /// Byte offset of the node in the source, when known.
    pub offset: Option<usize>,
    /// Byte length of the node in the source (0 when unknown).
    pub len: usize,
}

impl Loc {
    /// A location at the start of a file (line 1, column 1).
    pub const START: Loc = Loc {
        line: 1,
        column: 1,
        offset: Some(0),
        len: 0,
    };

    /// Whether this location points at a real place in a file.
    pub fn is_known(&self) -> bool {
        self.line > 0
    }

    pub(crate) fn from_saphyr(l: serde_saphyr::Location) -> Loc {
        if l.line() == 0 {
            return Loc::default();
        }
        let span = l.span();
        Loc {
            line: u32::try_from(l.line()).unwrap_or(u32::MAX),
            column: u32::try_from(l.column()).unwrap_or(u32::MAX),
            offset: span.byte_offset().and_then(|o| usize::try_from(o).ok()),
            len: span
                .byte_len()
                .and_then(|o| usize::try_from(o).ok())
                .unwrap_or(0),
        }
    }
}

/// A value together with where it stood in its file. Compares, orders, serializes and
/// describes itself (JSON Schema) as the bare value.
#[derive(Clone, Default)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written; unknown (line 0) for values not read from YAML.
    pub loc: Loc,
}

impl<T> Sp<T> {
    /// A value without a known position (built in code rather than read from a file).
    pub fn new(value: T) -> Self {
        Sp {
            value,
            loc: Loc::default(),
        }
    }
}

impl<T> Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Sp<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: PartialEq> PartialEq for Sp<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}
impl<T: Eq> Eq for Sp<T> {}
impl<T: PartialOrd> PartialOrd for Sp<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        self.value.partial_cmp(&other.value)
    }
}
impl<T: Ord> Ord for Sp<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.value.cmp(&other.value)
    }
}

impl Loc {
    /// The place in binary formats (the built-in set embedded at build time, src/compact.rs):
    /// line, column, offset + 1 (0: unknown) and length, each a little-endian `u32`, so that a
    /// run reads each of its thousands of places with four loads. A place beyond 4 GiB cannot be
    /// written this way.
    pub fn to_bytes(self) -> Option<[u8; 16]> {
        let offset = match self.offset {
            Some(o) => u32::try_from(o).ok()?.checked_add(1)?,
            None => 0,
        };
        let len = u32::try_from(self.len).ok()?;
        let mut b = [0u8; 16];
        for (i, v) in [self.line, self.column, offset, len]
            .into_iter()
            .enumerate()
        {
            b[i * 4..i * 4 + 4].copy_from_slice(&v.to_le_bytes());
        }
        Some(b)
    }

    /// The place [`Loc::to_bytes`] wrote.
    #[inline]
    pub fn from_bytes(b: &[u8; 16]) -> Loc {
        let at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Loc {
            line: at(0),
            column: at(4),
            offset: at(8).checked_sub(1).map(|o| o as usize),
            len: at(12) as usize,
        }
    }
}

/// A [`Loc`] in binary formats: its 16 bytes.
struct LocBytes(Loc);

impl Serialize for LocBytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.0.to_bytes().ok_or_else(|| {
            serde::ser::Error::custom("a place beyond 4 GiB cannot be written in binary form")
        })?;
        s.serialize_bytes(&b)
    }
}

impl<'de> Deserialize<'de> for LocBytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = LocBytes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a place (16 bytes)")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<LocBytes, E> {
                let b: &[u8; 16] = v
                    .try_into()
                    .map_err(|_| E::invalid_length(v.len(), &self))?;
                Ok(LocBytes(Loc::from_bytes(b)))
            }
        }
        d.deserialize_bytes(Visit)
    }
}

/// In human-readable formats (YAML, JSON) an `Sp` is its bare value, its place taken from the
/// YAML reader. In binary formats (the built-in set embedded at build time, see build.rs) it is
/// the pair (value, place as [`Loc::to_bytes`]), so that places survive the round trip.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            let (value, LocBytes(loc)) = <(T, LocBytes)>::deserialize(d)?;
            return Ok(Sp { value, loc });
        }
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        Ok(Sp {
            value: s.value,
            loc: Loc::from_saphyr(s.referenced),
        })
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            self.value.serialize(s)
        } else {
            (&self.value, LocBytes(self.loc)).serialize(s)
        }
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// A checklist text or language code: owned when read from a file, borrowed when it comes from the
/// set built into the binary (the decoder hands out slices of the embedded texts, see
/// [`crate::builtin::as_static`]), so that loading the built-in set copies no text. Reads,
/// writes, compares and describes itself (JSON Schema) as a string.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str(Cow<'static, str>);

impl Str {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// A text that lives as long as the program (the built-in set's), borrowed, not copied.
    pub fn from_static(s: &'static str) -> Str {
        Str(Cow::Borrowed(s))
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(Cow::Owned(s))
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str(Cow::Owned(s.to_owned()))
    }
}

impl From<&Str> for String {
    fn from(s: &Str) -> String {
        s.0.clone().into_owned()
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Str {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Str;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // The words of serde's `String`, so that messages stay as they were.
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Str, E> {
                Ok(match crate::builtin::as_static(v) {
                    Some(s) => Str(Cow::Borrowed(s)),
                    None => Str(Cow::Owned(v.to_owned())),
                })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Str, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Str, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_string(Visit)
    }
}

impl JsonSchema for Str {
    fn inline_schema() -> bool {
        String::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        String::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// Values by language code, in code order: read, written, described (JSON Schema), compared and
/// iterated like a `BTreeMap<String, V>`, but kept as a short sorted list. A set has two or three
/// languages; a map node per text (about 900 bytes) was most of the memory of a loaded set and a
/// page fault per four texts on every run.
#[derive(Clone, PartialEq, Eq)]
pub struct LangMap<V>(Vec<(Str, V)>);

impl<V> Default for LangMap<V> {
    fn default() -> Self {
        LangMap(Vec::new())
    }
}

impl<V> LangMap<V> {
    /// An empty map with room for `n` languages.
    pub fn with_capacity(n: usize) -> Self {
        LangMap(Vec::with_capacity(n))
    }
    /// The value for language `code`.
    pub fn get(&self, code: &str) -> Option<&V> {
        self.find(code).ok().map(|i| &self.0[i].1)
    }
    /// Whether there is a value for `code`.
    pub fn contains_key(&self, code: &str) -> bool {
        self.find(code).is_ok()
    }
    /// Sets the value for `code`, returning the one it replaces (as `BTreeMap::insert`).
    pub fn insert(&mut self, code: Str, value: V) -> Option<V> {
        // Codes usually come in order (a decoded map, a file sorted by code): append.
        if self.0.last().is_none_or(|(k, _)| *k < code) {
            self.0.push((code, value));
            return None;
        }
        match self.find(&code) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (code, value));
                None
            }
        }
    }
    /// The pairs in code order.
    pub fn iter(&self) -> LangIter<'_, V> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    /// The language codes in order.
    pub fn keys(&self) -> impl Iterator<Item = &Str> {
        self.0.iter().map(|(k, _)| k)
    }
    /// The values in code order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
    /// How many languages have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether no language has a value.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    fn find(&self, code: &str) -> Result<usize, usize> {
        // Two or three entries: a linear scan beats a binary search.
        for (i, (k, _)) in self.0.iter().enumerate() {
            match k.as_str().cmp(code) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => return Ok(i),
                std::cmp::Ordering::Greater => return Err(i),
            }
        }
        Err(self.0.len())
    }
}

/// The iterator over a [`LangMap`]'s pairs, as `BTreeMap::iter` gives them.
pub type LangIter<'a, V> =
    std::iter::Map<std::slice::Iter<'a, (Str, V)>, fn(&'a (Str, V)) -> (&'a Str, &'a V)>;

impl<'a, V> IntoIterator for &'a LangMap<V> {
    type Item = (&'a Str, &'a V);
    type IntoIter = LangIter<'a, V>;
    fn into_iter(self) -> LangIter<'a, V> {
        self.iter()
    }
}

/// `map["de"]`, as for a `BTreeMap`: panics when the language has no value.
impl<V> std::ops::Index<&str> for LangMap<V> {
    type Output = V;
    fn index(&self, code: &str) -> &V {
        self.get(code).expect("no value for this language")
    }
}

impl<V> FromIterator<(Str, V)> for LangMap<V> {
    fn from_iter<I: IntoIterator<Item = (Str, V)>>(iter: I) -> Self {
        let mut m = LangMap::default();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<V: fmt::Debug> fmt::Debug for LangMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for LangMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for LangMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = LangMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // The words of serde's `BTreeMap`, so that messages stay as they were.
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Self::Value, A::Error> {
                let mut m = LangMap(Vec::with_capacity(a.size_hint().unwrap_or(2).min(8)));
                while let Some((k, v)) = a.next_entry()? {
                    m.insert(k, v);
                }
                Ok(m)
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for LangMap<V> {
    fn inline_schema() -> bool {
        <BTreeMap<String, V>>::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, V>>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, V>>::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, V>>::json_schema(generator)
    }
}

/// A human text in every language of the set: a map from language code (`de`, `en`) to text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
#[schemars(
    description = "A text per language: a map from language code (e.g. `de`, `en`) to a non-empty text."
)]
pub struct Text(pub LangMap<Sp<Str>>);

impl Text {
    /// The one language fallback of a bilingual text: the text in `lang` (a language code),
    /// else in the first language that has one (checklist texts need German; English may be
    /// missing), else "".
    pub fn get(&self, lang: &str) -> &str {
        let t = self.0.get(lang).or_else(|| self.0.values().next());
        t.map_or("", |s| s.value.as_str())
    }

    /// An empty text (no language).
    pub fn new() -> Text {
        Text::default()
    }

    /// Sets the text in `lang` (a language code), without a position in a file.
    pub fn insert(&mut self, lang: impl Into<String>, text: impl Into<String>) {
        self.0
            .insert(Str::from(lang.into()), Sp::new(Str::from(text.into())));
    }

    /// Whether no language has a text.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A text from language/text pairs (used by tests and generated content).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Text {
        Text(
            pairs
                .into_iter()
                .map(|(l, t)| (Str::from(l), Sp::new(Str::from(t))))
                .collect(),
        )
    }
}

/// How a [`Text`] is described in the JSON Schemas of the outputs (`score`, `plan`, `compare`,
/// `agree`, `aggregate`): the bare map language → text they serialize to.
pub type TextMap = BTreeMap<String, String>;

/// The manifest of a checklist set (`set.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "cyberkompass checklist set manifest",
    description = "The manifest (set.yaml) of a cyberkompass checklist set, format 1."
)]
pub struct Manifest {
    /// Format version of this file; must be 1.
    #[schemars(range(min = 1, max = 1))]
    pub format: Sp<u32>,
    /// Stable id of the set, lower case with hyphens (e.g. `bsi-laender-kooperation`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"))]
    pub id: Sp<String>,
    /// Version of the set's content (e.g. `2026.1`).
    pub version: Sp<String>,
    /// Title of the set per language.
    pub title: Sp<Text>,
    /// What the set is for, per language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Sp<Text>>,
    /// The languages every text must be given in; the first is the default.
    pub languages: Sp<Vec<Sp<String>>>,
    /// The maturity scale: exactly one entry for each level 0 to 5.
    pub scale: Sp<Vec<ScaleLevel>>,
    /// Share of a field's weight (0.5 ≤ t ≤ 1, at most four decimals) that must reach a level
    /// for the field to reach it.
    #[schemars(range(min = 0.5, max = 1.0))]
    pub threshold: Sp<f64>,
    /// Target profiles (e.g. basis, standard, messbar).
    #[serde(default)]
    pub profiles: Sp<Vec<Profile>>,
    /// The field files in the order they are asked, relative to this manifest.
    pub fields: Sp<Vec<Sp<String>>>,
    /// The rule question ids follow: `cyberkompass` (default: `ISM-01`) or `oscal` (OSCAL
    /// control ids kept verbatim, e.g. `GC.1.1`, `ac-2.1`, so that answers stay attached when an
    /// imported catalog changes upstream).
    #[serde(default, skip_serializing_if = "is_default_ids")]
    pub ids: Sp<IdRule>,
    /// Where an imported set came from (written by `import oscal`; informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ImportSource>,
}

fn is_default_ids(r: &Sp<IdRule>) -> bool {
    r.value == IdRule::Cyberkompass
}

/// The rule question ids of a set follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum IdRule {
    /// 2–5 capital letters, a hyphen and 2–3 digits (`ISM-01`).
    #[default]
    Cyberkompass,
    /// An OSCAL token: a letter or `_`, then letters, digits, `_`, `.`, `-`; at most 64
    /// characters (`GC.1.1`, `ac-2.1`).
    Oscal,
}

/// Provenance of an imported set: the OSCAL catalog (and profile) it was made from.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportSource {
    /// The catalog's `metadata.title`.
    pub title: Sp<String>,
    /// The catalog's `metadata.version`.
    pub version: Sp<String>,
    /// The catalog's `uuid`.
    pub uuid: Sp<String>,
    /// SHA-256 (hex) of the catalog file as read.
    pub sha256: Sp<String>,
    /// SHA-256 (hex) of the profile file, when one was applied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_sha256: Option<Sp<String>>,
}

/// One level of the maturity scale.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    /// The level, 0 to 5.
    #[schemars(range(max = 5))]
    pub level: Sp<u8>,
    /// Short name per language (e.g. "Etabliert").
    pub name: Sp<Text>,
    /// One sentence per language that says what this level means.
    pub description: Sp<Text>,
}

/// A target profile: the level each field should reach.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Profile id, lower case (e.g. `standard`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"))]
    pub id: Sp<String>,
    /// Title per language.
    pub title: Sp<Text>,
    /// What the profile is meant for, per language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Sp<Text>>,
    /// Target level (0 to 5) for every field not listed under `fields`.
    #[schemars(range(max = 5))]
    pub target: Sp<u8>,
    /// Targets (0 to 5) that differ from `target`, by field id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldTarget>,
    /// The level every critical question must be rated at least (up to 5, and at least every
    /// target of this profile): a field meets its target only when its level reaches the target
    /// and every critical question in it is rated at least this. An unanswered critical question
    /// does not meet it; an `n/a` one is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(max = 5))]
    pub critical_min: Option<Sp<u8>>,
    /// Former ids of this profile: an assessment file (or `--profile`) that names one is read
    /// as this profile, with a warning.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")))]
    pub former_ids: Vec<Sp<String>>,
}

/// A profile's target for one field.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldTarget {
    /// The field's id.
    pub field: Sp<String>,
    /// The target level, 0 to 5.
    #[schemars(range(max = 5))]
    pub target: Sp<u8>,
}

impl Profile {
    /// The target level of `field_id` in this profile.
    pub fn target_for(&self, field_id: &str) -> u8 {
        self.fields
            .iter()
            .find(|f| f.field.value == field_id)
            .map(|f| f.target.value)
            .unwrap_or(self.target.value)
    }

    /// What this profile demands of `field_id`: its target and the critical minimum.
    pub fn goal_for(&self, field_id: &str) -> Goal {
        Goal {
            target: self.target_for(field_id),
            critical_min: self.critical_min.as_ref().map(|c| c.value),
        }
    }

    /// The highest target of this profile over its default and its field exceptions.
    pub fn max_target(&self) -> u8 {
        self.fields
            .iter()
            .map(|f| f.target.value)
            .fold(self.target.value, u8::max)
    }
}

/// What a profile demands of one field: a target level, and optionally a minimum rating of
/// every critical question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Goal {
    /// The field's target level.
    pub target: u8,
    /// The minimum rating of every critical question of the field, if the profile sets one.
    pub critical_min: Option<u8>,
}

/// One field of action (Handlungsfeld): one YAML file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "cyberkompass field of action",
    description = "One field of action (Handlungsfeld) of a cyberkompass checklist set, format 1."
)]
pub struct Field {
    /// Stable id, lower case with hyphens (e.g. `incident-response`).
    #[schemars(regex(pattern = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"))]
    pub id: Sp<String>,
    /// Position of the field in the set (1, 2, …), shown to users.
    #[schemars(range(min = 1))]
    pub number: Sp<u32>,
    /// Title per language.
    pub title: Sp<Text>,
    /// What the field covers, per language.
    pub description: Sp<Text>,
    /// Weight of the field in the overall index (a positive integer; default 1).
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub weight: Sp<u32>,
    /// The questions, in the order they are asked.
    pub questions: Sp<Vec<Question>>,
    /// The file the field was read from (not part of the format).
    #[serde(skip)]
    #[schemars(skip)]
    pub file: String,
}

fn one() -> Sp<u32> {
    Sp::new(1)
}

/// One question: a single practice rated on the 0–5 scale.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Stable id. With the manifest's default id rule: two to five capital letters, a hyphen and
    /// two or three digits (e.g. `ISM-01`); with `ids: oscal` an OSCAL control id (e.g. `GC.1.1`).
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$"))]
    pub id: Sp<String>,
    /// The question per language: one concrete practice.
    pub text: Sp<Text>,
    /// What to look at and what counts as evidence, per language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Sp<Text>>,
    /// What each level looks like for this practice (keys 0 to 5), per language.
    #[serde(default, skip_serializing_if = "Anchors::is_empty")]
    pub anchors: Anchors,
    /// The next concrete step when the practice falls short, per language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Sp<Text>>,
    /// Weight within the field (a positive integer; default 1).
    #[serde(default = "one")]
    #[schemars(range(min = 1))]
    pub weight: Sp<u32>,
    /// A basic that caps the field's level: the field cannot reach a level this question has not.
    #[serde(default, skip_serializing_if = "is_false")]
    pub critical: bool,
    /// Grundschutz++, NIS2 and ISO/IEC 27001 references.
    #[serde(default, skip_serializing_if = "References::is_empty")]
    pub references: References,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Per-level anchors of a question: level (0–5) → text.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Anchors(pub Sp<BTreeMap<Sp<i64>, Sp<Text>>>);

impl Anchors {
    /// Whether no anchor is given.
    pub fn is_empty(&self) -> bool {
        self.0.value.is_empty()
    }
    /// The anchor text for `level`, if any.
    pub fn get(&self, level: u8) -> Option<&Text> {
        self.0
            .value
            .iter()
            .find(|(k, _)| k.value == i64::from(level))
            .map(|(_, v)| &v.value)
    }
}

/// References of a question to other frameworks.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct References {
    /// Grundschutz++ control ids (e.g. `GC.1.1`, `DET.5.1`, `GC.9.1.1.1`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = r"^[A-Z]{2,5}(\.[1-9][0-9]{0,2}){2,5}$")))]
    pub grundschutz: Vec<Sp<Str>>,
    /// NIS2 Art. 21(2) letters, `a` to `j`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(pattern = r"^[a-j]$")))]
    pub nis2: Vec<Sp<Str>>,
    /// ISO/IEC 27001:2022 Annex A control ids, `A.5.1` to `A.8.34`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(inner(regex(
        pattern = r"^A\.(5\.([1-9]|[12][0-9]|3[0-7])|6\.[1-8]|7\.([1-9]|1[0-4])|8\.([1-9]|[12][0-9]|3[0-4]))$"
    )))]
    pub iso27001: Vec<Sp<Str>>,
}

impl References {
    /// Whether no reference is given.
    pub fn is_empty(&self) -> bool {
        self.grundschutz.is_empty() && self.nis2.is_empty() && self.iso27001.is_empty()
    }
}

/// A loaded checklist set: the manifest and its fields in order, with where they came from.
#[derive(Debug, Clone)]
pub struct ChecklistSet {
    /// The manifest.
    pub manifest: Manifest,
    /// The fields, in the manifest's order.
    pub fields: Vec<Field>,
    /// SHA-256 (hex) over the manifest and the field files, in order.
    pub sha256: String,
    /// Where the set came from (`built-in` or a folder).
    pub origin: String,
}

impl ChecklistSet {
    /// The languages of the set.
    pub fn languages(&self) -> Vec<&str> {
        self.manifest
            .languages
            .iter()
            .map(|l| l.value.as_str())
            .collect()
    }

    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id.value == id)
    }

    /// The field named by its id or by its number (`--field backup`, `--field 2`).
    pub fn field_by_id_or_number(&self, s: &str) -> Option<&Field> {
        self.field(s).or_else(|| {
            let n: u32 = s.trim().parse().ok()?;
            self.fields.iter().find(|f| f.number.value == n)
        })
    }

    /// The profile with this id, or the profile that lists it among its `former_ids` (a
    /// renamed profile: see [`ChecklistSet::renamed_profile`]).
    pub fn profile(&self, id: &str) -> Option<&Profile> {
        let ps = &self.manifest.profiles;
        ps.iter()
            .find(|p| p.id.value == id)
            .or_else(|| self.renamed_profile(id))
    }

    /// The profile that `id` is a former id of, when no profile has `id` as its id.
    pub fn renamed_profile(&self, id: &str) -> Option<&Profile> {
        let ps = &self.manifest.profiles;
        if ps.iter().any(|p| p.id.value == id) {
            return None;
        }
        ps.iter()
            .find(|p| p.former_ids.iter().any(|f| f.value == id))
    }

    /// The question with this id, with its field.
    pub fn question(&self, id: &str) -> Option<(&Field, &Question)> {
        self.fields.iter().find_map(|f| {
            f.questions
                .iter()
                .find(|q| q.id.value == id)
                .map(|q| (f, q))
        })
    }

    /// All questions in order, with their field.
    pub fn questions(&self) -> impl Iterator<Item = (&Field, &Question)> {
        self.fields
            .iter()
            .flat_map(|f| f.questions.iter().map(move |q| (f, q)))
    }

    /// The scale entry for `level`.
    pub fn level_name(&self, level: u8, lang: &str) -> &str {
        self.manifest
            .scale
            .iter()
            .find(|s| s.level.value == level)
            .map(|s| s.name.get(lang))
            .unwrap_or("")
    }

    /// The threshold as an exact fraction of 10,000 (0.8 → 8000).
    pub fn threshold_permyriad(&self) -> u32 {
        threshold_permyriad(self.manifest.threshold.value)
    }
}

/// A threshold in (0, 1] as an exact count of ten-thousandths, so that shares can be compared
/// in integers: the threshold is taken to four decimal places.
pub fn threshold_permyriad(t: f64) -> u32 {
    if t.is_nan() || t <= 0.0 {
        return 0;
    }
    (t.min(1.0) * 10_000.0).round() as u32
}
