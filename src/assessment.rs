//! The assessment file (format v1): who assessed against which set, and one answer per
//! question: a rating 0–5 or n/a with a justification, a note and an evidence reference.

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Findings, did_you_mean};
use crate::i18n::Lang;
use crate::load::{ReadError, parse_yaml, read_text};
use crate::model::{ChecklistSet, Loc};
use crate::set::{LoadFailure, SetSource, load_usable};
use crate::tr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::Sp;

/// A rating: a maturity level 0–5, or not applicable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    /// A level; valid files hold 0–5 only (checked by `validate`).
    Level(u8),
    /// Not applicable (`n/a`): needs a justification; never counts in scoring.
    NotApplicable,
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rating::Level(l) => write!(f, "{l}"),
            Rating::NotApplicable => f.write_str("n/a"),
        }
    }
}

impl Serialize for Rating {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Rating::Level(l) => s.serialize_u8(*l),
            Rating::NotApplicable => s.serialize_str("n/a"),
        }
    }
}

impl<'de> Deserialize<'de> for Rating {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Rating;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a level 0 to 5 or `n/a`")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Rating, E> {
                u8::try_from(v).map(Rating::Level).map_err(|_| {
                    E::custom(format!(
                        "invalid value {v}, expected a level 0 to 5 or `n/a`"
                    ))
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Rating, E> {
                u64::try_from(v)
                    .map_err(|_| {
                        E::custom(format!(
                            "invalid value {v}, expected a level 0 to 5 or `n/a`"
                        ))
                    })
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rating, E> {
                match v.trim().to_lowercase().as_str() {
                    "n/a" | "na" => Ok(Rating::NotApplicable),
                    other => other
                        .parse::<u64>()
                        .map_err(|_| {
                            E::custom(format!(
                                "invalid value `{v}`, expected a level 0 to 5 or `n/a`"
                            ))
                        })
                        .and_then(|n| self.visit_u64(n)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for Rating {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rating".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A maturity level 0–5, or `n/a` (not applicable; needs a justification).",
            "oneOf": [
                { "type": "integer", "minimum": 0, "maximum": 5 },
                { "type": "string", "enum": ["n/a"] }
            ]
        })
    }
}

/// The set an assessment was made against.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetRef {
    /// The set's id.
    pub id: Sp<String>,
    /// The set's version.
    pub version: Sp<String>,
    /// SHA-256 (hex) of the set's content when the file was last written.
    pub sha256: Sp<String>,
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// The question's id.
    pub id: Sp<String>,
    /// The rating: 0–5 or `n/a`.
    pub rating: Sp<Rating>,
    /// Why the question does not apply (required for `n/a`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<Sp<String>>,
    /// A free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Sp<String>>,
    /// Where the evidence is (document, ticket, file path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Sp<String>>,
}

/// An assessment file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "cyberkompass assessment",
    description = "An assessment file of cyberkompass, format 1."
)]
pub struct AssessmentFile {
    /// Format version; must be 1.
    pub format: Sp<u32>,
    /// The checklist set the answers belong to.
    pub set: SetRef,
    /// The assessed organisation.
    pub organisation: Sp<String>,
    /// Who assessed (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<Sp<String>>,
    /// The target profile's id (e.g. `standard`).
    pub profile: Sp<String>,
    /// Date the assessment was started (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Sp<String>>,
    /// Date of the last answer (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Sp<String>>,
    /// The answers, in the set's order.
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// Answers to questions the set no longer has: kept, never dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vanished: Vec<Answer>,
}

impl AssessmentFile {
    /// The answer to question `id`.
    pub fn answer(&self, id: &str) -> Option<&Answer> {
        self.answers.iter().find(|a| a.id.value == id)
    }
}

/// The assessment as YAML, format v1, written by hand so that it reads and diffs well: a
/// fixed key order, one block per answer in the order of `answers`, and every user text either
/// as a plain scalar (when that is unambiguous) or double-quoted with escapes, so that any
/// string reads back exactly.
pub fn to_yaml(a: &AssessmentFile) -> String {
    let mut o = String::with_capacity(256 + 96 * (a.answers.len() + a.vanished.len()));
    o.push_str("# cyberkompass – Selbstbewertung (assessment), Format 1 · prüfen/check: cyberkompass validate DATEI · fortsetzen/resume: cyberkompass assess DATEI\n");
    let _ = writeln!(o, "format: {}", a.format.value);
    o.push_str("set:\n");
    let _ = writeln!(o, "  id: {}", yaml_str(&a.set.id));
    let _ = writeln!(o, "  version: {}", quoted(&a.set.version));
    let _ = writeln!(o, "  sha256: {}", quoted(&a.set.sha256));
    let _ = writeln!(o, "organisation: {}", yaml_str(&a.organisation));
    if let Some(x) = &a.assessor {
        let _ = writeln!(o, "assessor: {}", yaml_str(x));
    }
    let _ = writeln!(o, "profile: {}", yaml_str(&a.profile));
    for (k, v) in [("created", &a.created), ("updated", &a.updated)] {
        if let Some(v) = v {
            let d = if is_date(v) {
                v.value.clone()
            } else {
                quoted(v)
            };
            let _ = writeln!(o, "{k}: {d}");
        }
    }
    write_answers(&mut o, "answers", &a.answers, true);
    write_answers(&mut o, "vanished", &a.vanished, false);
    o
}

fn write_answers(o: &mut String, key: &str, list: &[Answer], always: bool) {
    if list.is_empty() {
        if always {
            let _ = writeln!(o, "{key}: []");
        }
        return;
    }
    let _ = writeln!(o, "{key}:");
    for ans in list {
        let _ = writeln!(o, "  - id: {}", yaml_str(&ans.id));
        let _ = writeln!(o, "    rating: {}", ans.rating.value);
        for (k, v) in [
            ("justification", &ans.justification),
            ("note", &ans.note),
            ("evidence", &ans.evidence),
        ] {
            if let Some(v) = v {
                let _ = writeln!(o, "    {k}: {}", yaml_str(v));
            }
        }
    }
}

/// A string as a YAML scalar: plain when it is a simple text (starts with a letter, holds only
/// letters, digits, spaces and `.,;()/_+-`, does not end in a space, is no YAML keyword),
/// otherwise double-quoted.
pub fn yaml_str(s: &str) -> String {
    let plain = s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars()
            .all(|c| c.is_alphanumeric() || " .,;()/_+-".contains(c))
        && !s.ends_with(' ')
        && !matches!(
            s.to_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain { s.to_owned() } else { quoted(s) }
}

/// A string as a double-quoted YAML scalar: `\\`, `"` and every character that YAML does not
/// allow as is or would fold (controls, DEL, C1, NEL, line and paragraph separators, BOM,
/// non-characters) are escaped.
pub fn quoted(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\t' => o.push_str("\\t"),
            '\r' => o.push_str("\\r"),
            c if (c as u32) < 0x20
                || (0x7f..=0x9f).contains(&(c as u32))
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                o.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// Whether `s` is a calendar date `YYYY-MM-DD` that exists.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    if !s[0..4]
        .bytes()
        .chain(s[5..7].bytes())
        .chain(s[8..10].bytes())
        .all(|c| c.is_ascii_digit())
    {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d) && y >= 1970
}

/// Reads and parses an assessment file, recording it (and any finding) in `f`: `Ok(None)`
/// when it could not be read or parsed (the findings say why), `Err` for a usage error
/// (missing file, no permission). Returns the file's text beside the parsed value.
pub fn read(
    path: &Path,
    lang: Lang,
    f: &mut Findings,
) -> Result<Option<(AssessmentFile, String)>, String> {
    let name = path.display().to_string();
    f.files += 1;
    let text = match read_text(path, &name, lang) {
        Ok(t) => t,
        Err(ReadError::Unusable(m)) => return Err(m),
        Err(ReadError::Finding(d)) => {
            f.push(*d);
            return Ok(None);
        }
    };
    f.sources.insert(name.clone(), Arc::from(text.as_str()));
    match parse_yaml::<AssessmentFile>(&text, &name, lang) {
        Ok(a) => Ok(Some((a, text))),
        Err(d) => {
            f.push(d);
            Ok(None)
        }
    }
}

/// Reads an assessment file and checks it against the active set: format, dates, ratings,
/// justifications, profile and question ids. `Err` for a usage error (missing file).
pub fn check_file(path: &Path, source: &SetSource, lang: Lang) -> Result<Findings, String> {
    let mut f = Findings::default();
    let name = path.display().to_string();
    let Some((a, _)) = read(path, lang, &mut f)? else {
        return Ok(f);
    };
    let set = match load_usable(source, lang) {
        Ok(s) => s,
        Err(LoadFailure::Usage(m)) => return Err(m),
        Err(LoadFailure::Invalid(mut sf)) => {
            sf.push(Diagnostic::error(
                "set-invalid",
                &name,
                Loc::default(),
                tr!(
                    lang,
                    "das Checklisten-Set ist ungültig; die Antworten wurden nicht geprüft",
                    "the checklist set is invalid; the answers were not checked"
                ),
            ));
            f.extend(sf);
            return Ok(f);
        }
    };
    check(&a, &set, &name, lang, &mut f);
    Ok(f)
}

/// Checks a parsed assessment against a set; findings go to `f`.
pub fn check(a: &AssessmentFile, set: &ChecklistSet, name: &str, lang: Lang, f: &mut Findings) {
    if a.format.value != crate::model::FORMAT_VERSION {
        f.push(
            Diagnostic::error(
                "format-version",
                name,
                a.format.loc,
                tr!(lang, "unbekannte Formatversion", "unknown format version"),
            )
            .value(a.format.value.to_string())
            .hint(tr!(
                lang,
                "Diese Version liest `format: 1`.",
                "This version reads `format: 1`."
            )),
        );
    }
    let m = &set.manifest;
    if a.set.id.value != m.id.value
        || a.set.version.value != m.version.value
        || a.set.sha256.value != set.sha256
    {
        let (what, loc) = if a.set.id.value != m.id.value {
            ("id", a.set.id.loc)
        } else if a.set.version.value != m.version.value {
            ("version", a.set.version.loc)
        } else {
            ("sha256", a.set.sha256.loc)
        };
        f.push(
            Diagnostic::warning(
                "set-mismatch",
                name,
                loc,
                tr!(
                    lang,
                    "die Bewertung gehört zu einem anderen Stand des Sets ({what} weicht ab: Datei {} {}, Set {} {})",
                    "the assessment belongs to another state of the set ({what} differs: file {} {}, set {} {})",
                    a.set.id.value,
                    a.set.version.value,
                    m.id.value,
                    m.version.value
                ),
            )
            .hint(tr!(
                lang,
                "`cyberkompass assess` übernimmt die Antworten in den aktuellen Stand und fragt neue Fragen nach.",
                "`cyberkompass assess` carries the answers over to the current set and asks the new questions."
            )),
        );
    }
    if a.organisation.trim().is_empty() {
        f.push(Diagnostic::error(
            "organisation",
            name,
            a.organisation.loc,
            tr!(
                lang,
                "die Organisation ist leer",
                "the organisation is empty"
            ),
        ));
    }
    if let Some(p) = set.renamed_profile(&a.profile) {
        f.push(
            Diagnostic::warning(
                "profile-renamed",
                name,
                a.profile.loc,
                tr!(
                    lang,
                    "das Profil `{}` heißt jetzt `{}` ({}); die Bewertung wird mit `{}` berechnet",
                    "the profile `{}` is now called `{}` ({}); the assessment is scored with `{}`",
                    a.profile.value,
                    p.id.value,
                    p.title.get(lang.code()),
                    p.id.value
                ),
            )
            .value(a.profile.value.clone())
            .hint(tr!(
                lang,
                "Schreiben Sie `profile: {}`; `cyberkompass assess` übernimmt den neuen Namen, sobald es die Datei das nächste Mal speichert. Die Ziele des Profils können sich mit dem Namen geändert haben (siehe docs/checklists.md).",
                "Write `profile: {}`; `cyberkompass assess` takes the new name over the next time it saves the file. The profile's targets may have changed along with its name (see docs/checklists.md).",
                p.id.value
            )),
        );
    } else if set.profile(&a.profile).is_none() {
        let ids: Vec<&str> = m.profiles.iter().map(|p| p.id.as_str()).collect();
        let hint = did_you_mean(&a.profile, ids.iter().copied())
            .map(|s| tr!(lang, "Meinten Sie `{s}`?", "Did you mean `{s}`?"))
            .unwrap_or_else(|| {
                tr!(
                    lang,
                    "Profile des Sets: {}",
                    "Profiles of the set: {}",
                    ids.join(", ")
                )
            });
        f.push(
            Diagnostic::error(
                "unknown-profile",
                name,
                a.profile.loc,
                tr!(lang, "unbekanntes Profil", "unknown profile"),
            )
            .value(a.profile.value.clone())
            .hint(hint),
        );
    }
    for d in [&a.created, &a.updated].into_iter().flatten() {
        if !is_date(d) {
            f.push(
                Diagnostic::error(
                    "date",
                    name,
                    d.loc,
                    tr!(lang, "ungültiges Datum", "invalid date"),
                )
                .value(d.value.clone())
                .hint(tr!(
                    lang,
                    "Schreiben Sie das Datum als JJJJ-MM-TT, z. B. 2026-11-26.",
                    "Write the date as YYYY-MM-DD, e.g. 2026-11-26."
                )),
            );
        }
    }
    let mut seen: HashMap<&str, Loc> = HashMap::new();
    for ans in a.answers.iter().chain(&a.vanished) {
        if let Some(first) = seen.insert(&ans.id, ans.id.loc) {
            f.push(
                Diagnostic::error(
                    "duplicate-answer",
                    name,
                    ans.id.loc,
                    tr!(
                        lang,
                        "zweite Antwort auf `{}` (erste in Zeile {})",
                        "second answer to `{}` (first on line {})",
                        ans.id.value,
                        first.line
                    ),
                )
                .value(ans.id.value.clone())
                .hint(tr!(
                    lang,
                    "Behalten Sie eine der beiden Antworten.",
                    "Keep one of the two answers."
                )),
            );
        }
        match ans.rating.value {
            Rating::Level(l) if l > 5 => f.push(
                Diagnostic::error(
                    "rating-range",
                    name,
                    ans.rating.loc,
                    tr!(
                        lang,
                        "{}: Bewertung außerhalb von 0–5",
                        "{}: rating outside 0–5",
                        ans.id.value
                    ),
                )
                .value(l.to_string())
                .hint(tr!(
                    lang,
                    "Bewerten Sie mit 0 bis 5 oder `n/a` (mit Begründung).",
                    "Rate 0 to 5, or `n/a` (with a justification)."
                )),
            ),
            Rating::NotApplicable
                if ans
                    .justification
                    .as_ref()
                    .is_none_or(|j| j.trim().is_empty()) =>
            {
                f.push(
                    Diagnostic::error(
                        "na-justification",
                        name,
                        ans.rating.loc,
                        tr!(
                            lang,
                            "{}: `n/a` ohne Begründung",
                            "{}: `n/a` without a justification",
                            ans.id.value
                        ),
                    )
                    .hint(tr!(
                        lang,
                        "Ergänzen Sie `justification:` – warum trifft die Frage nicht zu?",
                        "Add `justification:` – why does the question not apply?"
                    )),
                )
            }
            _ => {}
        }
    }
    for ans in &a.answers {
        if set.question(&ans.id).is_none() {
            let ids = set.questions().map(|(_, q)| q.id.value.as_str());
            let hint = did_you_mean(&ans.id, ids)
                .map(|s| tr!(lang, "Meinten Sie `{s}`?", "Did you mean `{s}`?"))
                .unwrap_or_else(|| tr!(
                    lang,
                    "Die Antwort bleibt erhalten; `cyberkompass assess` verschiebt sie unter `vanished:`.",
                    "The answer is kept; `cyberkompass assess` moves it under `vanished:`."
                ));
            f.push(
                Diagnostic::warning(
                    "unknown-question",
                    name,
                    ans.id.loc,
                    tr!(
                        lang,
                        "das Set hat keine Frage `{}`",
                        "the set has no question `{}`",
                        ans.id.value
                    ),
                )
                .value(ans.id.value.clone())
                .hint(hint),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2026-11-26"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2026-02-29"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("26-11-2026"));
        assert!(!is_date("2026-1-01"));
        assert!(!is_date("2026-+1-01"));
    }

    #[test]
    fn rating_reads_levels_and_na() {
        let a: Vec<Rating> = serde_saphyr::from_str("[0, 5, n/a, \"N/A\", 7]").unwrap();
        assert_eq!(
            a,
            vec![
                Rating::Level(0),
                Rating::Level(5),
                Rating::NotApplicable,
                Rating::NotApplicable,
                Rating::Level(7)
            ]
        );
        assert!(serde_saphyr::from_str::<Rating>("-1").is_err());
        assert!(serde_saphyr::from_str::<Rating>("viel").is_err());
    }
}

#[cfg(test)]
mod yaml_tests {
    use super::*;
    use crate::i18n::Lang;
    use proptest::prelude::*;

    fn file_with_note(note: &str, org: &str) -> AssessmentFile {
        AssessmentFile {
            format: Sp::new(1),
            set: SetRef {
                id: Sp::new("set".into()),
                version: Sp::new("1.0".into()),
                sha256: Sp::new("0123".into()),
            },
            organisation: Sp::new(org.into()),
            assessor: Some(Sp::new(note.into())),
            profile: Sp::new("standard".into()),
            created: Some(Sp::new("2026-11-26".into())),
            updated: Some(Sp::new("2026-11-26".into())),
            answers: vec![Answer {
                id: Sp::new("ABC-01".into()),
                rating: Sp::new(Rating::NotApplicable),
                justification: Some(Sp::new(note.into())),
                note: Some(Sp::new(note.into())),
                evidence: Some(Sp::new(note.into())),
            }],
            vanished: vec![Answer {
                id: Sp::new("OLD-01".into()),
                rating: Sp::new(Rating::Level(3)),
                justification: None,
                note: Some(Sp::new(note.into())),
                evidence: None,
            }],
        }
    }

    fn round_trip(a: &AssessmentFile) -> AssessmentFile {
        let y = to_yaml(a);
        parse_yaml::<AssessmentFile>(&y, "t.yaml", Lang::En)
            .unwrap_or_else(|d| panic!("{}\n---\n{y}", d.message))
    }

    #[test]
    fn nasty_notes_round_trip() {
        for n in [
            "",
            " ",
            "a: b",
            "- leading dash",
            "# hash",
            "x # y",
            "\"quoted\"",
            "'single'",
            "multi\nline\n",
            "Ümläute ß €",
            "true",
            "NO",
            "null",
            "~",
            "0x1F",
            "1e5",
            ".inf",
            "tab\there",
            "back\\slash",
            "\u{85}\u{2028}\u{feff}\u{7f}\u{0}",
            "[a, b]",
            "{a: b}",
            "&anchor",
            "*alias",
            "!tag",
            "%directive",
            "@at",
            "`tick`",
            "|",
            ">",
            "? key",
            "trailing ",
            "---",
            "...",
        ] {
            let a = file_with_note(n, n);
            assert_eq!(round_trip(&a), a, "{n:?}");
        }
    }

    #[test]
    fn output_is_stable_and_readable() {
        let a = file_with_note("Siehe Ordner: IT/Sicherung", "Stadt Musterhausen");
        let y = to_yaml(&a);
        assert!(y.contains("organisation: Stadt Musterhausen\n"), "{y}");
        assert!(
            y.contains("    note: \"Siehe Ordner: IT/Sicherung\"\n"),
            "{y}"
        );
        assert!(y.contains("  - id: ABC-01\n    rating: n/a\n"), "{y}");
        assert!(y.contains("created: 2026-11-26\n"), "{y}");
        assert!(y.contains("  version: \"1.0\"\n"), "{y}");
        assert_eq!(to_yaml(&round_trip(&a)), y);
    }

    proptest! {
        #[test]
        fn any_note_round_trips(note in any::<String>(), org in "\\PC{1,40}") {
            let a = file_with_note(&note, &org);
            prop_assert_eq!(round_trip(&a), a);
        }

        #[test]
        fn yaml_like_notes_round_trip(note in "[-:#'\" a-zA-Zäöü0-9\\n\\t\\[\\]{},&*!|>%@`?.~]{0,30}") {
            let a = file_with_note(&note, "Amt");
            prop_assert_eq!(round_trip(&a), a);
        }
    }
}
