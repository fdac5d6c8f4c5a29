//! The assessment file (format v1): who assessed against which set, and one answer per
//! question: a rating 0–5 or n/a with a justification, a note and an evidence reference.

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use crate::canonical::{Form, non_canonical};
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
    /// What is planned: owner, due date, status, effort. Allowed on any answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// Set by `agree --merge` when the two ratings differed: both ratings, so that the
    /// consensus meeting sees them. `assess --review` walks these questions first and removes
    /// the key once the question is answered again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disputed: Option<Disputed>,
}

/// The two ratings of a question the two raters disagreed on (written by `agree --merge`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Disputed {
    /// The first rater's (A's) rating; absent when A left the question open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<Sp<Rating>>,
    /// The second rater's (B's) rating; absent when B left the question open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<Sp<Rating>>,
}

/// How the assessment was made (`method.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MethodKind {
    /// The agency rated itself (e.g. the information security officer with the departments).
    SelfAssessment,
    /// Ratings were given in interviews led by someone else.
    Interview,
    /// An audit: an independent auditor rated.
    Audit,
}

impl MethodKind {
    /// The value as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            MethodKind::SelfAssessment => "self-assessment",
            MethodKind::Interview => "interview",
            MethodKind::Audit => "audit",
        }
    }

    /// A label for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            MethodKind::SelfAssessment => lang.pick("Selbstbewertung", "self-assessment"),
            MethodKind::Interview => lang.pick("Interviews", "interviews"),
            MethodKind::Audit => lang.pick("Audit", "audit"),
        }
    }
}

/// A yes/no value written as `true` or `false`. YAML 1.1 spellings (`yes`, `on`, `y`, `no`)
/// and anything else are kept as written (`Other`) and reported by `validate`, never guessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Flag {
    /// `true` or `false`.
    Bool(bool),
    /// Anything else, as written.
    Other(String),
}

impl Flag {
    /// The value when it is `true` or `false`.
    pub fn get(&self) -> Option<bool> {
        match self {
            Flag::Bool(b) => Some(*b),
            Flag::Other(_) => None,
        }
    }
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Flag::Bool(b) => s.serialize_bool(*b),
            Flag::Other(x) => s.serialize_str(x),
        }
    }
}

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read the scalar as text: the YAML reader would take `yes` or `on` for `true`.
        let s = String::deserialize(d)?;
        Ok(match s.as_str() {
            "true" => Flag::Bool(true),
            "false" => Flag::Bool(false),
            _ => Flag::Other(s),
        })
    }
}

impl JsonSchema for Flag {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Flag".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "boolean" })
    }
}

/// How the assessment was made.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Method {
    /// `self-assessment`, `interview` or `audit`.
    pub kind: Sp<MethodKind>,
    /// Whether the evidence (documents, configurations, records) was seen, not only reported:
    /// `true` or `false`.
    pub evidence_sighted: Sp<Flag>,
    /// A free note on the method (who took part, which documents were seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Sp<String>>,
}

/// The state of an action (`action.status`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    /// Not started.
    Open,
    /// Being worked on.
    InProgress,
    /// Finished.
    Done,
}

impl ActionStatus {
    /// All states, in their natural order.
    pub const ALL: [ActionStatus; 3] = [
        ActionStatus::Open,
        ActionStatus::InProgress,
        ActionStatus::Done,
    ];

    /// The value as written in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in-progress",
            ActionStatus::Done => "done",
        }
    }

    /// A label for people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ActionStatus::Open => lang.pick("offen", "open"),
            ActionStatus::InProgress => lang.pick("in Arbeit", "in progress"),
            ActionStatus::Done => lang.pick("erledigt", "done"),
        }
    }
}

/// What is planned for an answer: who, by when, how far.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Who is responsible (a person, a role or a unit, e.g. `IT-Leitung`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Sp<String>>,
    /// Due date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Sp<String>>,
    /// `open`, `in-progress` or `done`.
    pub status: Sp<ActionStatus>,
    /// Estimated effort as free text (e.g. `5 PT`, `2 Wochen`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Sp<String>>,
}

impl Action {
    /// Whether the action is overdue on `as_of` (`YYYY-MM-DD`): it has a valid due date before
    /// `as_of` and is not done. Never looks at the clock: the caller names the day.
    pub fn is_overdue(&self, as_of: &str) -> bool {
        self.status.value != ActionStatus::Done
            && self
                .due
                .as_ref()
                .is_some_and(|d| is_date(d) && is_date(as_of) && d.value.as_str() < as_of)
    }
}

/// A recorded approval of the assessment (Freigabe), appended and never edited.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signoff {
    /// Who signed (e.g. `Dr. Anna Beispiel`).
    pub name: Sp<String>,
    /// In which role (e.g. `Bürgermeisterin`).
    pub role: Sp<String>,
    /// When, `YYYY-MM-DD`.
    pub date: Sp<String>,
    /// What was approved, e.g. `Freigegeben für den Bericht an das Landes-CERT.`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<Sp<String>>,
    /// SHA-256 (64 lower-case hex digits) of the answers at signing; see
    /// docs/assessment-file.md, "Freigabe".
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub answers_sha256: Sp<String>,
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
    /// Classification marking of the assessment and its reports: `TLP:CLEAR`, `TLP:GREEN`,
    /// `TLP:AMBER`, `TLP:AMBER+STRICT`, `TLP:RED` (TLP 2.0), `VS-NUR FÜR DEN DIENSTGEBRAUCH`
    /// or `VS-NfD`, or another marking as free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<Sp<String>>,
    /// The checklist set the answers belong to.
    pub set: SetRef,
    /// The assessed organisation.
    pub organisation: Sp<String>,
    /// Who assessed (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<Sp<String>>,
    /// The scope (Geltungsbereich): which part of the organisation, which sites, processes
    /// and systems the assessment covers; free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Sp<String>>,
    /// The kind of organisation, for `aggregate --group-by segment` (Segment); free text,
    /// recommended: `Gemeinde < 10.000 EW`, `Gemeinde ≥ 10.000 EW`, `Landkreis`,
    /// `kreisfreie Stadt`, `Landesbehörde`, `Bundesbehörde`, `Zweckverband`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<Sp<String>>,
    /// How the assessment was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
    /// The target profile's id (e.g. `standard`).
    pub profile: Sp<String>,
    /// Date the assessment was started (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Sp<String>>,
    /// Date of the last answer (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Sp<String>>,
    /// The question `assess` stood at when the person stopped (a question id); the next
    /// session resumes there. Absent once every question has been walked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Sp<String>>,
    /// The answers, in the set's order.
    #[serde(default)]
    pub answers: Vec<Answer>,
    /// Answers to questions the set no longer has: kept, never dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vanished: Vec<Answer>,
    /// Approvals (Freigaben), oldest first; appended, never edited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signoffs: Vec<Signoff>,
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
    if let Some(c) = &a.classification {
        let _ = writeln!(o, "classification: {}", yaml_str(c));
    }
    o.push_str("set:\n");
    let _ = writeln!(o, "  id: {}", yaml_str(&a.set.id));
    let _ = writeln!(o, "  version: {}", quoted(&a.set.version));
    let _ = writeln!(o, "  sha256: {}", quoted(&a.set.sha256));
    let _ = writeln!(o, "organisation: {}", yaml_str(&a.organisation));
    if let Some(x) = &a.assessor {
        let _ = writeln!(o, "assessor: {}", yaml_str(x));
    }
    if let Some(x) = &a.scope {
        let _ = writeln!(o, "scope: {}", yaml_str(x));
    }
    if let Some(x) = &a.segment {
        let _ = writeln!(o, "segment: {}", yaml_str(x));
    }
    if let Some(m) = &a.method {
        o.push_str("method:\n");
        let _ = writeln!(o, "  kind: {}", m.kind.as_str());
        let flag = match &m.evidence_sighted.value {
            Flag::Bool(b) => b.to_string(),
            Flag::Other(x) => quoted(x),
        };
        let _ = writeln!(o, "  evidence_sighted: {flag}");
        if let Some(n) = &m.note {
            let _ = writeln!(o, "  note: {}", yaml_str(n));
        }
    }
    let _ = writeln!(o, "profile: {}", yaml_str(&a.profile));
    for (k, v) in [("created", &a.created), ("updated", &a.updated)] {
        if let Some(v) = v {
            let _ = writeln!(o, "{k}: {}", date_scalar(v));
        }
    }
    if let Some(p) = &a.position {
        let _ = writeln!(o, "position: {}", yaml_str(p));
    }
    write_answers(&mut o, "answers", &a.answers, true);
    write_answers(&mut o, "vanished", &a.vanished, false);
    if !a.signoffs.is_empty() {
        o.push_str("signoffs:\n");
        for x in &a.signoffs {
            let _ = writeln!(o, "  - name: {}", yaml_str(&x.name));
            let _ = writeln!(o, "    role: {}", yaml_str(&x.role));
            let _ = writeln!(o, "    date: {}", date_scalar(&x.date));
            if let Some(st) = &x.statement {
                let _ = writeln!(o, "    statement: {}", yaml_str(st));
            }
            let _ = writeln!(o, "    answers_sha256: {}", quoted(&x.answers_sha256));
        }
    }
    o
}

/// A date as a YAML scalar: plain when it is a valid date, otherwise quoted (so that a
/// malformed date reads back as the same text).
fn date_scalar(v: &str) -> String {
    if is_date(v) { v.to_owned() } else { quoted(v) }
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
        if let Some(act) = &ans.action {
            o.push_str("    action:\n");
            if let Some(v) = &act.owner {
                let _ = writeln!(o, "      owner: {}", yaml_str(v));
            }
            if let Some(v) = &act.due {
                let _ = writeln!(o, "      due: {}", date_scalar(v));
            }
            let _ = writeln!(o, "      status: {}", act.status.as_str());
            if let Some(v) = &act.effort {
                let _ = writeln!(o, "      effort: {}", yaml_str(v));
            }
        }
        if let Some(d) = &ans.disputed {
            if d.a.is_none() && d.b.is_none() {
                o.push_str("    disputed: {}\n");
            } else {
                o.push_str("    disputed:\n");
                for (k, v) in [("a", &d.a), ("b", &d.b)] {
                    if let Some(v) = v {
                        let _ = writeln!(o, "      {k}: {}", v.value);
                    }
                }
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

/// An assessment file as read: the parsed value, the file's text (its bytes, which are valid
/// UTF-8) and their SHA-256, so no caller reads the file twice.
#[derive(Debug)]
pub struct ReadFile {
    /// The parsed assessment.
    pub file: AssessmentFile,
    /// The file's text, byte for byte.
    pub text: String,
    /// SHA-256 (hex) of the file's bytes.
    pub sha256: String,
}

/// Days since 1970-01-01 of a valid `YYYY-MM-DD` (H. Hinnant's days-from-civil).
pub fn day_number(s: &str) -> Option<i64> {
    if !is_date(s) {
        return None;
    }
    let y: i64 = s[0..4].parse().ok()?;
    let m: i64 = s[5..7].parse().ok()?;
    let d: i64 = s[8..10].parse().ok()?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The date `YYYY-MM-DD` of day `days` after 1970-01-01 (H. Hinnant's civil-from-days); the
/// inverse of [`day_number`].
pub fn date_of_day(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The canonical text of the answers that a sign-off's `answers_sha256` covers: every answer
/// of `answers` and `vanished` (so that moving an answer between the two changes nothing),
/// sorted by question id (byte order, stable), each as a JSON object with the keys
/// `evidence`, `id`, `justification`, `note`, `rating` in this order, absent keys left out,
/// `rating` a number or the string `"n/a"`; one compact JSON array in UTF-8 without any
/// whitespace between tokens (RFC 8785 form for these values). Actions, scope, method,
/// classification, dates and sign-offs are not covered: planning may go on after a sign-off.
pub fn answers_canonical(a: &AssessmentFile) -> String {
    let mut out = Vec::new();
    write_canonical(a, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes [`answers_canonical`] to `w` without building it first (the sign-off hash of 10,000
/// answers streams into the hasher).
fn write_canonical(a: &AssessmentFile, w: &mut impl std::io::Write) {
    let mut all: Vec<&Answer> = a.answers.iter().chain(&a.vanished).collect();
    all.sort_by(|x, y| x.id.value.as_bytes().cmp(y.id.value.as_bytes()));
    // serde_json writes a string with JSON's escapes; writing to a Vec or a hasher never fails.
    let string = |w: &mut dyn std::io::Write, s: &str| {
        let _ = serde_json::to_writer(w, s);
    };
    let _ = w.write_all(b"[");
    for (n, ans) in all.into_iter().enumerate() {
        let _ = w.write_all(if n == 0 { b"{" } else { b",{" });
        // Keys in byte order: evidence, id, justification, note, rating.
        if let Some(e) = &ans.evidence {
            let _ = w.write_all(b"\"evidence\":");
            string(w, e);
            let _ = w.write_all(b",");
        }
        let _ = w.write_all(b"\"id\":");
        string(w, &ans.id);
        for (k, v) in [
            (&b",\"justification\":"[..], &ans.justification),
            (&b",\"note\":"[..], &ans.note),
        ] {
            if let Some(v) = v {
                let _ = w.write_all(k);
                string(w, v);
            }
        }
        let _ = match ans.rating.value {
            Rating::Level(l) => write!(w, ",\"rating\":{l}}}"),
            Rating::NotApplicable => w.write_all(b",\"rating\":\"n/a\"}"),
        };
    }
    let _ = w.write_all(b"]");
}

/// SHA-256 (lower-case hex) of [`answers_canonical`]: the value a sign-off records.
pub fn answers_sha256(a: &AssessmentFile) -> String {
    use sha2::{Digest, Sha256};
    /// Feeds what is written into the hash.
    struct Hashing(Sha256);
    impl std::io::Write for Hashing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.update(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hashing(Sha256::new());
    write_canonical(a, &mut h);
    h.0.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The classification markings written exactly like this are canonical: TLP 2.0 (FIRST) and
/// the German marking for classified information "for official use only" (VSA), long and
/// short.
pub const CLASSIFICATIONS: [&str; 8] = [
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
    "VS-NUR FÜR DEN DIENSTGEBRAUCH",
    "VS – NUR FÜR DEN DIENSTGEBRAUCH",
    "VS-NfD",
];

/// What a `classification` value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkingCheck {
    /// One of [`CLASSIFICATIONS`], exactly.
    Canonical,
    /// Close to a canonical marking but not written like it (`tlp:amber`, `TLP AMBER`,
    /// `VS-NFD`, the TLP 1.0 `TLP:WHITE`): the canonical form to write instead.
    NearMiss(&'static str),
    /// Starts like a TLP label but is none (`TLP:YELLOW`).
    UnknownTlp,
    /// Empty or blank.
    Empty,
    /// Another marking, taken as free text.
    Free,
}

/// Letters and digits only, upper case, `Ü`/`UE` as `U`: what two spellings of one marking share.
fn marking_key(s: &str) -> String {
    let k: String = s
        .chars()
        .flat_map(char::to_uppercase)
        .map(|c| if c == 'Ü' { 'U' } else { c })
        .filter(char::is_ascii_alphanumeric)
        .collect();
    k.replace("UE", "U")
}

/// Classifies a `classification` value; see [`MarkingCheck`].
pub fn check_marking(s: &str) -> MarkingCheck {
    if s.trim().is_empty() {
        return MarkingCheck::Empty;
    }
    if CLASSIFICATIONS.contains(&s) {
        return MarkingCheck::Canonical;
    }
    let key = marking_key(s);
    if let Some(c) = CLASSIFICATIONS.iter().find(|c| marking_key(c) == key) {
        // Both VS long forms share one key; suggest the first (hyphenated) one.
        return MarkingCheck::NearMiss(c);
    }
    match key.as_str() {
        "TLPWHITE" | "WHITE" | "CLEAR" => return MarkingCheck::NearMiss("TLP:CLEAR"),
        "GREEN" => return MarkingCheck::NearMiss("TLP:GREEN"),
        "AMBER" => return MarkingCheck::NearMiss("TLP:AMBER"),
        "AMBERSTRICT" => return MarkingCheck::NearMiss("TLP:AMBER+STRICT"),
        "RED" => return MarkingCheck::NearMiss("TLP:RED"),
        "NFD" | "VSNUFD" | "NURFURDENDIENSTGEBRAUCH" => {
            return MarkingCheck::NearMiss("VS-NUR FÜR DEN DIENSTGEBRAUCH");
        }
        _ => {}
    }
    if key.starts_with("TLP") {
        return MarkingCheck::UnknownTlp;
    }
    MarkingCheck::Free
}

/// Whether the text is an assessment file rather than a field file: decided from the parsed
/// document's top-level keys (`organisation` or `answers`), in any YAML style. A text that
/// does not parse as a mapping is not an assessment (the field checks then report why).
pub fn is_assessment_text(text: &str) -> bool {
    // Without either word the text cannot have either key: spare the parse (a field file of
    // 8 MiB would otherwise be parsed twice).
    if !text.contains("organisation") && !text.contains("answers") {
        return false;
    }
    let mut o = crate::load::yaml_options();
    o.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    serde_saphyr::from_str_with_options::<HashMap<String, serde::de::IgnoredAny>>(text, o)
        .is_ok_and(|m| m.contains_key("organisation") || m.contains_key("answers"))
}

/// Whether the file at `path` is an assessment file (see [`is_assessment_text`]); false when
/// it cannot be read (the checks of a field file then say why, without blocking on a FIFO).
pub fn is_assessment_file(path: &Path) -> bool {
    read_text(path, "", Lang::En).is_ok_and(|t| is_assessment_text(&t))
}

/// Reads and parses an assessment file, recording it (and any finding) in `f`: `Ok(None)`
/// when it could not be read or parsed (the findings say why), `Err` for a usage error
/// (missing file, no permission).
pub fn read(path: &Path, lang: Lang, f: &mut Findings) -> Result<Option<ReadFile>, String> {
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
    let tagged = crate::load::tag_findings(&text, &name, lang);
    let clean = tagged.is_empty();
    for d in tagged {
        f.push(d);
    }
    // Canonical files take the fast path; anything else is parsed (and its findings
    // reported) by serde-saphyr, exactly as before.
    let parsed = match crate::fastread::parse(&text) {
        Some(a) => Ok(a),
        None => parse_yaml::<AssessmentFile>(&text, &name, lang),
    };
    match parsed {
        // A tagged value is never read (the findings say where): nothing is decoded silently.
        Ok(_) if !clean => Ok(None),
        Ok(a) => Ok(Some(ReadFile {
            file: a,
            sha256: crate::set::sha256_hex(text.as_bytes()),
            text,
        })),
        Err(d) => {
            f.push(d);
            Ok(None)
        }
    }
}

/// Reads an assessment file and checks it against the active set: format, dates, ratings,
/// justifications, profile and question ids. `Err` for a usage error (missing file).
pub fn check_file(path: &Path, source: &SetSource, lang: Lang) -> Result<Findings, String> {
    check_file_as_of(path, source, lang, None)
}

/// Why an assessment file cannot be used by a command (`E`: why the set could not be had).
#[derive(Debug)]
pub enum FileError<E> {
    /// It cannot be read at all (missing file, no permission): a usage error.
    Unusable(String),
    /// It could not be read or parsed (syntax, types); the findings say why.
    Unreadable(Findings),
    /// Read, but checking it against the set found errors; the findings hold everything
    /// found while reading and checking it.
    Invalid(Findings),
    /// The set to check it against could not be had.
    Set(E),
}

/// An assessment file read and checked against the set: the parsed value, its text (bytes)
/// and their SHA-256, and the warnings of reading and checking it (no errors).
#[derive(Debug)]
pub struct Checked {
    /// The parsed assessment.
    pub file: AssessmentFile,
    /// The file's text, byte for byte.
    pub text: String,
    /// SHA-256 (hex) of the file's bytes.
    pub sha256: String,
    /// [`answers_sha256`] of the file, when the check computed it (for its last sign-off).
    pub answers_sha256: Option<String>,
    /// The warnings (e.g. a lenient value, another state of the set); no errors.
    pub warnings: Findings,
}

/// The first half of [`read_checked`] for commands that look at several files before they
/// check them (the files' set ids against each other): the file read and parsed, and the
/// findings so far (warnings), or why it cannot be used.
pub fn read_for_check<E>(path: &Path, lang: Lang) -> Result<(ReadFile, Findings), FileError<E>> {
    let mut f = Findings::default();
    match read(path, lang, &mut f) {
        Ok(Some(r)) => Ok((r, f)),
        Ok(None) => Err(FileError::Unreadable(f)),
        Err(m) => Err(FileError::Unusable(m)),
    }
}

/// The second half of [`read_checked`]: checks a file read by [`read_for_check`] against
/// `set`, adding to the findings of reading it (`name`: the file as given). With `profile_given` (`--profile` replaces
/// the file's profile) an unknown profile in the file is no finding.
pub fn check_read<E>(
    (r, mut f): (ReadFile, Findings),
    name: &str,
    set: &ChecklistSet,
    lang: Lang,
    profile_given: bool,
) -> Result<Checked, FileError<E>> {
    let answers_sha256 = check(&r.file, set, name, lang, &mut f);
    if profile_given {
        f.diagnostics.retain(|d| d.code != "unknown-profile");
    }
    if f.errors() > 0 {
        return Err(FileError::Invalid(f));
    }
    Ok(Checked {
        file: r.file,
        text: r.text,
        sha256: r.sha256,
        answers_sha256,
        warnings: f,
    })
}

/// Reads an assessment file and checks it against the set, in that order: the set is only
/// asked for (`set`, e.g. loading it) once the file could be read, so a missing or broken
/// file is reported before anything about the set. Returns the checked file (with its bytes,
/// SHA-256 and warnings) and the set. `profile_given` as in [`check_read`].
pub fn read_checked<S: std::borrow::Borrow<ChecklistSet>, E>(
    path: &Path,
    lang: Lang,
    profile_given: bool,
    set: impl FnOnce() -> Result<S, E>,
) -> Result<(Checked, S), FileError<E>> {
    let r = read_for_check(path, lang)?;
    let set = set().map_err(FileError::Set)?;
    let name = path.display().to_string();
    let c = check_read(r, &name, set.borrow(), lang, profile_given)?;
    Ok((c, set))
}

/// Reads and checks an assessment file like [`check_file`]; with `as_of` (`YYYY-MM-DD`, from
/// `validate --date`) also reports actions overdue on that day.
pub fn check_file_as_of(
    path: &Path,
    source: &SetSource,
    lang: Lang,
    as_of: Option<&str>,
) -> Result<Findings, String> {
    let mut f = Findings::default();
    let name = path.display().to_string();
    let Some(ReadFile { file: a, .. }) = read(path, lang, &mut f)? else {
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
    check_as_of(&a, &set, &name, lang, as_of, &mut f);
    Ok(f)
}

/// Checks a parsed assessment against a set, without a reference day (so no action is
/// reported as overdue); findings go to `f`. Returns the answers' SHA-256 when it was
/// computed (see [`check_planning`]).
pub fn check(
    a: &AssessmentFile,
    set: &ChecklistSet,
    name: &str,
    lang: Lang,
    f: &mut Findings,
) -> Option<String> {
    check_as_of(a, set, name, lang, None, f)
}

/// Checks a parsed assessment against a set; with `as_of` (`YYYY-MM-DD`) also reports
/// actions overdue on that day. Findings go to `f`. Returns the answers' SHA-256 when it was
/// computed (see [`check_planning`]).
pub fn check_as_of(
    a: &AssessmentFile,
    set: &ChecklistSet,
    name: &str,
    lang: Lang,
    as_of: Option<&str>,
    f: &mut Findings,
) -> Option<String> {
    let format_written = f
        .sources
        .get(name)
        .cloned()
        .and_then(|src| non_canonical(&src, a.format.loc, Form::Int));
    if let Some(raw) = format_written {
        f.push(
            Diagnostic::error(
                "non-canonical",
                name,
                a.format.loc,
                tr!(
                    lang,
                    "`{raw}` ist keine Formatversion in der erwarteten Schreibweise",
                    "`{raw}` is not a format version in the expected form"
                ),
            )
            .value(raw)
            .hint(tr!(
                lang,
                "Schreiben Sie `format: 1`: eine Zahl ohne Anführungszeichen, Vorzeichen, Präfix oder Tag.",
                "Write `format: 1`: a plain number without quotes, sign, prefix or tag."
            )),
        );
    } else if a.format.value != crate::model::FORMAT_VERSION {
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
    // Against another set, its profiles and questions say nothing; only the mismatch is shown.
    let other_set = a.set.id.value != m.id.value;
    if other_set {
        // Another set altogether: scoring it against this one would count every answer as
        // unknown, and `assess` would move them all under `vanished:`. An error, not a guess.
        f.push(
            Diagnostic::error(
                "set-id-mismatch",
                name,
                a.set.id.loc,
                tr!(
                    lang,
                    "die Bewertung wurde mit dem Checklisten-Set `{}` erstellt, aktiv ist das Set `{}` ({})",
                    "the assessment was made against the checklist set `{}`, the active set is `{}` ({})",
                    a.set.id.value,
                    m.id.value,
                    if set.origin == "built-in" {
                        tr!(lang, "eingebaut", "built-in")
                    } else {
                        set.origin.clone()
                    }
                ),
            )
            .value(a.set.id.value.clone())
            .hint(tr!(
                lang,
                "Wählen Sie das Set der Bewertung mit `--checklists ORDNER` (oder CYBERKOMPASS_CHECKLISTS); ohne die Option gilt das eingebaute Set.",
                "Choose the assessment's set with `--checklists DIR` (or CYBERKOMPASS_CHECKLISTS); without the option the built-in set applies."
            )),
        );
    } else if a.set.version.value != m.version.value || a.set.sha256.value != set.sha256 {
        let (what, loc) = if a.set.version.value != m.version.value {
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
    if other_set {
        // Profiles of another set say nothing; the mismatch is the finding.
    } else if let Some(p) = set.renamed_profile(&a.profile) {
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
            f.push(date_error(name, lang, d));
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
        if let Some(raw) = f
            .sources
            .get(name)
            .cloned()
            .and_then(|src| non_canonical(&src, ans.rating.loc, Form::Rating))
        {
            f.push(
                Diagnostic::error(
                    "non-canonical",
                    name,
                    ans.rating.loc,
                    tr!(
                        lang,
                        "{}: `{raw}` ist keine Bewertung in der erwarteten Schreibweise",
                        "{}: `{raw}` is not a rating in the expected form",
                        ans.id.value
                    ),
                )
                .value(raw)
                .hint(tr!(
                    lang,
                    "Schreiben Sie eine Stufe 0 bis 5 als Zahl ohne Anführungszeichen (`rating: 3`) oder genau `rating: n/a`.",
                    "Write a level 0 to 5 as a plain number (`rating: 3`) or exactly `rating: n/a`."
                )),
            );
            continue;
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
        for r in ans.disputed.iter().flat_map(|d| [&d.a, &d.b]).flatten() {
            if let Rating::Level(l) = r.value
                && l > 5
            {
                f.push(
                    Diagnostic::error(
                        "rating-range",
                        name,
                        r.loc,
                        tr!(
                            lang,
                            "{}: `disputed`: Bewertung außerhalb von 0–5",
                            "{}: `disputed`: rating outside 0–5",
                            ans.id.value
                        ),
                    )
                    .value(l.to_string())
                    .hint(tr!(
                        lang,
                        "`disputed` nennt die beiden Bewertungen aus `agree --merge`: 0 bis 5 oder `n/a`.",
                        "`disputed` holds the two ratings from `agree --merge`: 0 to 5 or `n/a`."
                    )),
                );
            }
        }
    }
    if let Some(p) = &a.position
        && set.question(p).is_none()
    {
        let ids = set.questions().map(|(_, q)| q.id.value.as_str());
        let hint = did_you_mean(p, ids)
            .map(|s| tr!(lang, "Meinten Sie `{s}`?", "Did you mean `{s}`?"))
            .unwrap_or_else(|| {
                tr!(
                    lang,
                    "`cyberkompass assess` beginnt dann bei der ersten offenen Frage; löschen Sie die Zeile oder nennen Sie eine Frage des Sets.",
                    "`cyberkompass assess` then starts at the first open question; delete the line or name a question of the set."
                )
            });
        f.push(
            Diagnostic::warning(
                "unknown-position",
                name,
                p.loc,
                tr!(
                    lang,
                    "`position`: das Set hat keine Frage `{}`",
                    "`position`: the set has no question `{}`",
                    p.value
                ),
            )
            .value(p.value.clone())
            .hint(hint),
        );
    }
    // One set of the question ids instead of a scan of the whole set per answer: the check
    // grows linearly with the number of answers.
    let known: std::collections::HashSet<&str> =
        set.questions().map(|(_, q)| q.id.value.as_str()).collect();
    for ans in &a.answers {
        if !other_set && !known.contains(ans.id.value.as_str()) {
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
    check_planning(a, name, lang, as_of, f)
}

/// The recommended values of `segment:` (kinds of organisation), so that `aggregate
/// --group-by segment` does not split one kind over spellings.
pub const SEGMENTS: [&str; 7] = [
    "Gemeinde < 10.000 EW",
    "Gemeinde ≥ 10.000 EW",
    "Landkreis",
    "kreisfreie Stadt",
    "Landesbehörde",
    "Bundesbehörde",
    "Zweckverband",
];

/// `segment:` must not be empty; a value that is not one of [`SEGMENTS`] is a warning (a
/// group of its own in `aggregate`), with the nearest recommended value as a hint.
fn check_segment(s: &Sp<String>, name: &str, lang: Lang, f: &mut Findings) {
    if s.trim().is_empty() {
        f.push(
            Diagnostic::error(
                "segment",
                name,
                s.loc,
                tr!(lang, "das Segment ist leer", "the segment is empty"),
            )
            .hint(tr!(
                lang,
                "Nennen Sie die Art der Organisation (z. B. `Landkreis`) oder lassen Sie `segment:` weg.",
                "Name the kind of organisation (e.g. `Landkreis`) or leave `segment:` out."
            )),
        );
    } else if !SEGMENTS.contains(&s.as_str()) {
        let hint = did_you_mean(s, SEGMENTS.iter().copied())
            .map(|v| tr!(lang, "Meinten Sie `{v}`?", "Did you mean `{v}`?"))
            .unwrap_or_else(|| {
                tr!(
                    lang,
                    "Empfohlen: {}. Ein anderer Wert bildet in `aggregate --group-by segment` eine eigene Gruppe.",
                    "Recommended: {}. Another value forms a group of its own in `aggregate --group-by segment`.",
                    SEGMENTS.join(", ")
                )
            });
        f.push(
            Diagnostic::warning(
                "segment-unusual",
                name,
                s.loc,
                tr!(
                    lang,
                    "kein empfohlenes Segment",
                    "not a recommended segment"
                ),
            )
            .value(s.value.clone())
            .hint(hint),
        );
    }
}

/// Checks the planning and approval parts of an assessment: classification, scope, actions
/// and sign-offs. With `as_of` (`YYYY-MM-DD`, from `--date`, `SOURCE_DATE_EPOCH` or the
/// file's `updated`, never the clock) actions due before that day and not done are reported
/// as overdue. Returns the answers' SHA-256 ([`answers_sha256`]) when the check of the last
/// sign-off computed it, so that a report need not hash them again.
pub fn check_planning(
    a: &AssessmentFile,
    name: &str,
    lang: Lang,
    as_of: Option<&str>,
    f: &mut Findings,
) -> Option<String> {
    if let Some(c) = &a.classification {
        let known = CLASSIFICATIONS.join(", ");
        match check_marking(c) {
            MarkingCheck::Canonical | MarkingCheck::Free => {}
            MarkingCheck::Empty => f.push(
                Diagnostic::error(
                    "classification",
                    name,
                    c.loc,
                    tr!(lang, "die Einstufung ist leer", "the classification is empty"),
                )
                .hint(tr!(
                    lang,
                    "Schreiben Sie eine Kennzeichnung ({known}) oder lassen Sie `classification:` weg.",
                    "Write a marking ({known}) or leave `classification:` out."
                )),
            ),
            MarkingCheck::NearMiss(canon) => f.push(
                Diagnostic::warning(
                    "classification",
                    name,
                    c.loc,
                    tr!(
                        lang,
                        "die Einstufung ist nicht in der festgelegten Schreibweise",
                        "the classification is not written in its defined form"
                    ),
                )
                .value(c.value.clone())
                .hint(tr!(
                    lang,
                    "Schreiben Sie genau `{canon}` (so erscheint die Kennzeichnung im Bericht).",
                    "Write exactly `{canon}` (the report shows the marking as written)."
                )),
            ),
            MarkingCheck::UnknownTlp => f.push(
                Diagnostic::warning(
                    "classification",
                    name,
                    c.loc,
                    tr!(
                        lang,
                        "unbekannte TLP-Stufe",
                        "unknown TLP label"
                    ),
                )
                .value(c.value.clone())
                .hint(tr!(
                    lang,
                    "TLP 2.0 kennt TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT und TLP:RED.",
                    "TLP 2.0 has TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT and TLP:RED."
                )),
            ),
        }
    }
    if let Some(m) = &a.method
        && let Flag::Other(x) = &m.evidence_sighted.value
    {
        f.push(
            Diagnostic::error(
                "method",
                name,
                m.evidence_sighted.loc,
                tr!(
                    lang,
                    "`method.evidence_sighted` ist weder `true` noch `false`",
                    "`method.evidence_sighted` is neither `true` nor `false`"
                ),
            )
            .value(x.clone())
            .hint(tr!(
                lang,
                "Schreiben Sie `true` (Nachweise eingesehen) oder `false` (nur benannt).",
                "Write `true` (evidence seen) or `false` (only named)."
            )),
        );
    }
    if let Some(s) = &a.scope
        && s.trim().is_empty()
    {
        f.push(
            Diagnostic::error(
                "scope",
                name,
                s.loc,
                tr!(
                    lang,
                    "der Geltungsbereich ist leer",
                    "the scope is empty"
                ),
            )
            .hint(tr!(
                lang,
                "Beschreiben Sie, welche Teile der Behörde, Standorte und Verfahren bewertet wurden, oder lassen Sie `scope:` weg.",
                "Describe which parts of the agency, sites and procedures were assessed, or leave `scope:` out."
            )),
        );
    }
    if let Some(s) = &a.segment {
        check_segment(s, name, lang, f);
    }
    for ans in a.answers.iter().chain(&a.vanished) {
        let Some(act) = &ans.action else { continue };
        for (key, v) in [("owner", &act.owner), ("effort", &act.effort)] {
            if let Some(v) = v
                && v.trim().is_empty()
            {
                f.push(
                    Diagnostic::error(
                        "action-empty",
                        name,
                        v.loc,
                        tr!(
                            lang,
                            "{}: `action.{key}` ist leer",
                            "{}: `action.{key}` is empty",
                            ans.id.value
                        ),
                    )
                    .hint(tr!(
                        lang,
                        "Tragen Sie einen Wert ein oder lassen Sie den Schlüssel weg.",
                        "Fill in a value or leave the key out."
                    )),
                );
            }
        }
        if let Some(d) = &act.due {
            if !is_date(d) {
                f.push(date_error(name, lang, d));
            } else if let Some(day) = as_of
                && act.is_overdue(day)
            {
                f.push(
                    Diagnostic::warning(
                        "action-overdue",
                        name,
                        d.loc,
                        tr!(
                            lang,
                            "{}: Maßnahme war am {} fällig und ist {} (Stand {day})",
                            "{}: the action was due on {} and is {} (as of {day})",
                            ans.id.value,
                            d.value,
                            act.status.label(lang)
                        ),
                    )
                    .hint(tr!(
                        lang,
                        "Setzen Sie einen neuen Termin (`due:`) oder den Status `done`, wenn sie erledigt ist.",
                        "Set a new date (`due:`), or the status `done` when it is finished."
                    )),
                );
            }
        }
    }
    for s in &a.signoffs {
        for (key, v) in [("name", &s.name), ("role", &s.role)] {
            if v.trim().is_empty() {
                f.push(
                    Diagnostic::error(
                        "signoff",
                        name,
                        v.loc,
                        tr!(
                            lang,
                            "Freigabe: `{key}` ist leer",
                            "sign-off: `{key}` is empty"
                        ),
                    )
                    .hint(tr!(
                        lang,
                        "Eine Freigabe nennt Name und Funktion der oder des Freigebenden.",
                        "A sign-off names the person who signed and their role."
                    )),
                );
            }
        }
        if !is_date(&s.date) {
            f.push(date_error(name, lang, &s.date));
        }
        if !is_sha256_hex(&s.answers_sha256) {
            f.push(
                Diagnostic::error(
                    "signoff-hash",
                    name,
                    s.answers_sha256.loc,
                    tr!(
                        lang,
                        "`answers_sha256` ist kein SHA-256-Wert",
                        "`answers_sha256` is not a SHA-256 value"
                    ),
                )
                .value(s.answers_sha256.value.clone())
                .hint(tr!(
                    lang,
                    "64 Hexadezimalziffern in Kleinbuchstaben, berechnet wie in docs/assessment-file.md („Freigabe“) beschrieben.",
                    "64 lower-case hexadecimal digits, computed as described in docs/assessment-file.md (\"Sign-off\")."
                )),
            );
        }
    }
    let last = a
        .signoffs
        .last()
        .filter(|last| is_sha256_hex(&last.answers_sha256));
    let current = last.map(|_| answers_sha256(a));
    if let Some(last) = last
        && current.as_deref() != Some(last.answers_sha256.value.as_str())
    {
        f.push(
            Diagnostic::warning(
                "signoff-stale",
                name,
                last.answers_sha256.loc,
                tr!(
                    lang,
                    "die Antworten wurden nach der Freigabe durch {} am {} geändert",
                    "the answers changed after the sign-off by {} on {}",
                    last.name.value,
                    last.date.value
                ),
            )
            .hint(tr!(
                lang,
                "Lassen Sie die geänderte Bewertung erneut freigeben (neuer Eintrag unter `signoffs:`) oder machen Sie die Änderung rückgängig.",
                "Have the changed assessment signed off again (a new entry under `signoffs:`) or undo the change."
            )),
        );
    }
    current
}

/// Whether `s` is 64 lower-case hexadecimal digits.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn date_error(name: &str, lang: Lang, d: &Sp<String>) -> Diagnostic {
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
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_comes_from_the_parsed_keys() {
        assert!(is_assessment_text("format: 1\norganisation: X\n"));
        assert!(is_assessment_text(
            "{format: 1, organisation: X, answers: []}\n"
        ));
        assert!(is_assessment_text("\"answers\": []\n"));
        assert!(!is_assessment_text(
            "id: a\nnumber: 1\ntitle:\n  de: |\n    organisation: X\n    answers: y\n"
        ));
        assert!(!is_assessment_text("- a\n"));
    }

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
    fn day_numbers_and_back() {
        // The one civil-from-days conversion (also used by `assess` for today's date and by
        // the session lock's time stamp).
        assert_eq!(date_of_day(0), "1970-01-01");
        assert_eq!(date_of_day(19_782), "2024-02-29");
        assert_eq!(date_of_day(20_418), "2025-11-26");
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(
            day_number("2024-03-01").unwrap() - day_number("2024-02-28").unwrap(),
            2
        );
        assert_eq!(day_number("2026-02-29"), None);
        for d in (0..40_000).step_by(7) {
            let s = date_of_day(d);
            assert!(is_date(&s), "{s}");
            assert_eq!(day_number(&s), Some(d));
        }
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
            classification: Some(Sp::new(note.into())),
            set: SetRef {
                id: Sp::new("set".into()),
                version: Sp::new("1.0".into()),
                sha256: Sp::new("0123".into()),
            },
            organisation: Sp::new(org.into()),
            assessor: Some(Sp::new(note.into())),
            scope: Some(Sp::new(note.into())),
            segment: Some(Sp::new(format!("{org} Segment"))),
            method: Some(Method {
                kind: Sp::new(MethodKind::Interview),
                evidence_sighted: Sp::new(Flag::Bool(true)),
                note: Some(Sp::new(note.into())),
            }),
            profile: Sp::new("standard".into()),
            created: Some(Sp::new("2026-11-26".into())),
            updated: Some(Sp::new("2026-11-26".into())),
            position: None,
            answers: vec![Answer {
                id: Sp::new("ABC-01".into()),
                rating: Sp::new(Rating::NotApplicable),
                justification: Some(Sp::new(note.into())),
                note: Some(Sp::new(note.into())),
                evidence: Some(Sp::new(note.into())),
                action: Some(Action {
                    owner: Some(Sp::new(note.into())),
                    due: Some(Sp::new(note.into())),
                    status: Sp::new(ActionStatus::InProgress),
                    effort: Some(Sp::new(note.into())),
                }),
                disputed: Some(Disputed {
                    a: Some(Sp::new(Rating::Level(3))),
                    b: Some(Sp::new(Rating::NotApplicable)),
                }),
            }],
            vanished: vec![Answer {
                id: Sp::new("OLD-01".into()),
                rating: Sp::new(Rating::Level(3)),
                justification: None,
                note: Some(Sp::new(note.into())),
                evidence: None,
                action: Some(Action {
                    owner: None,
                    due: Some(Sp::new("2027-03-31".into())),
                    status: Sp::new(ActionStatus::Done),
                    effort: None,
                }),
                disputed: Some(Disputed {
                    a: None,
                    b: Some(Sp::new(Rating::Level(1))),
                }),
            }],
            signoffs: vec![Signoff {
                name: Sp::new(note.into()),
                role: Sp::new("Bürgermeisterin".into()),
                date: Sp::new(note.into()),
                statement: Some(Sp::new(note.into())),
                answers_sha256: Sp::new(note.into()),
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

    #[test]
    fn keys_are_written_in_the_documented_order() {
        let y = to_yaml(&file_with_note("x", "Amt"));
        let top: Vec<&str> = y
            .lines()
            .filter(|l| !l.starts_with([' ', '#']))
            .map(|l| l.split(':').next().unwrap())
            .collect();
        assert_eq!(
            top,
            [
                "format",
                "classification",
                "set",
                "organisation",
                "assessor",
                "scope",
                "segment",
                "method",
                "profile",
                "created",
                "updated",
                "answers",
                "vanished",
                "signoffs"
            ]
        );
        assert!(
            y.contains(
                "    evidence: x\n    action:\n      owner: x\n      due: \"x\"\n      status: in-progress\n      effort: x\n"
            ),
            "{y}"
        );
        assert!(
            y.contains("method:\n  kind: interview\n  evidence_sighted: true\n  note: x\n"),
            "{y}"
        );
        assert!(
            y.contains("  - name: x\n    role: Bürgermeisterin\n    date: \"x\"\n    statement: x\n    answers_sha256: \"x\"\n"),
            "{y}"
        );
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

#[cfg(test)]
mod planning_tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::load::parse_yaml;
    use proptest::prelude::any;

    const FILE: &str = "format: 1
classification: TLP:AMBER
set:
  id: s
  version: \"1\"
  sha256: \"0\"
organisation: Amt
scope: Kernverwaltung
method:
  kind: audit
  evidence_sighted: true
profile: standard
updated: 2026-11-27
answers:
  - id: AB-01
    rating: 2
    note: \"Notiz: mit Doppelpunkt\"
    action:
      owner: IT-Leitung
      due: 2026-10-01
      status: in-progress
  - id: AB-02
    rating: n/a
    justification: trifft nicht zu
    action:
      due: 2026-01-01
      status: done
";

    fn parse(text: &str) -> AssessmentFile {
        parse_yaml::<AssessmentFile>(text, "a.yaml", Lang::En)
            .unwrap_or_else(|d| panic!("{}", d.message))
    }

    fn findings(a: &AssessmentFile, as_of: Option<&str>) -> Vec<(&'static str, u32, u32)> {
        let mut f = Findings::default();
        check_planning(a, "a.yaml", Lang::En, as_of, &mut f);
        f.diagnostics
            .iter()
            .map(|d| (d.code, d.loc.line, d.loc.column))
            .collect()
    }

    #[test]
    fn segment_is_checked_and_written_after_scope() {
        let text = FILE.replace(
            "scope: Kernverwaltung\n",
            "scope: Kernverwaltung\nsegment: Landkreis\n",
        );
        let a = parse(&text);
        assert_eq!(a.segment.as_ref().map(|s| s.as_str()), Some("Landkreis"));
        assert!(findings(&a, None).is_empty());
        let y = to_yaml(&a);
        assert!(
            y.contains("scope: Kernverwaltung\nsegment: Landkreis\nmethod:"),
            "{y}"
        );
        assert_eq!(parse(&y), a);
        let odd = parse(&FILE.replace("scope: Kernverwaltung\n", "segment: Landkreiss\n"));
        assert_eq!(findings(&odd, None), vec![("segment-unusual", 8, 10)]);
        let mut f = Findings::default();
        check_planning(&odd, "a.yaml", Lang::En, None, &mut f);
        assert_eq!(
            f.diagnostics[0].hint.as_deref(),
            Some("Did you mean `Landkreis`?")
        );
        let empty = parse(&FILE.replace("scope: Kernverwaltung\n", "segment: \"\"\n"));
        assert_eq!(findings(&empty, None), vec![("segment", 8, 10)]);
    }

    #[test]
    fn canonical_answers_text_is_fixed() {
        let a = parse(FILE);
        assert_eq!(
            answers_canonical(&a),
            r#"[{"id":"AB-01","note":"Notiz: mit Doppelpunkt","rating":2},{"id":"AB-02","justification":"trifft nicht zu","rating":"n/a"}]"#
        );
        // Computed independently with the Python recipe in docs/assessment-file.md.
        assert_eq!(
            answers_sha256(&a),
            "3b5b0eca0f66d4fe9f3d770d482b599ebcc518c81dff6852f11ea649b74fbaa4"
        );
    }

    #[test]
    fn hash_ignores_layout_order_actions_and_vanished_moves() {
        let a = parse(FILE);
        let h = answers_sha256(&a);
        let mut b = a.clone();
        b.answers.reverse();
        assert_eq!(answers_sha256(&b), h, "answer order");
        let moved = b.answers.remove(0);
        b.vanished.push(moved);
        assert_eq!(answers_sha256(&b), h, "moved to vanished");
        b.answers[0].action = None;
        b.classification = None;
        b.scope = None;
        assert_eq!(answers_sha256(&b), h, "planning keys are not covered");
        // Another YAML layout of the same content (flow style, quotes) hashes the same.
        let c = parse(&FILE.replace("    rating: 2\n", "    rating: \"2\"\n"));
        assert_eq!(answers_sha256(&c), h);
        let mut d = a.clone();
        d.answers[0].rating.value = Rating::Level(3);
        assert_ne!(answers_sha256(&d), h, "a rating change");
        let mut e = a.clone();
        e.answers[0].note = Some(Sp::new("Notiz: mit Doppelpunkt ".into()));
        assert_ne!(answers_sha256(&e), h, "a note change");
    }

    proptest::proptest! {
        #[test]
        fn canonical_text_is_the_json_of_the_sorted_answers(
            texts in proptest::collection::vec(proptest::option::of(any::<String>()), 9),
            ids in proptest::collection::vec("[A-Z]{2}-0[0-9]", 3),
        ) {
            let mut a = parse(FILE);
            a.answers.clear();
            for (i, id) in ids.iter().enumerate() {
                a.answers.push(Answer {
                    id: Sp::new(id.clone()),
                    rating: Sp::new(if i == 1 { Rating::NotApplicable } else { Rating::Level(i as u8) }),
                    justification: texts[3 * i].clone().map(Sp::new),
                    note: texts[3 * i + 1].clone().map(Sp::new),
                    evidence: texts[3 * i + 2].clone().map(Sp::new),
                    action: None,
                    disputed: None,
                });
            }
            // The definition, built the slow way: serde_json objects (keys sorted), sorted by id.
            let mut sorted: Vec<&Answer> = a.answers.iter().collect();
            sorted.sort_by(|x, y| x.id.value.as_bytes().cmp(y.id.value.as_bytes()));
            let want = serde_json::Value::Array(sorted.iter().map(|x| {
                let mut m = serde_json::Map::new();
                m.insert("id".into(), x.id.value.clone().into());
                m.insert("rating".into(), match x.rating.value {
                    Rating::Level(l) => l.into(),
                    Rating::NotApplicable => "n/a".into(),
                });
                for (k, v) in [("justification", &x.justification), ("note", &x.note), ("evidence", &x.evidence)] {
                    if let Some(v) = v {
                        m.insert(k.into(), v.value.clone().into());
                    }
                }
                serde_json::Value::Object(m)
            }).collect()).to_string();
            proptest::prop_assert_eq!(answers_canonical(&a), want);
        }
    }

    #[test]
    fn markings() {
        for c in CLASSIFICATIONS {
            assert_eq!(check_marking(c), MarkingCheck::Canonical, "{c}");
        }
        for (s, want) in [
            ("tlp:amber", "TLP:AMBER"),
            ("TLP AMBER", "TLP:AMBER"),
            ("TLP:Amber+Strict", "TLP:AMBER+STRICT"),
            ("TLP:AMBER STRICT", "TLP:AMBER+STRICT"),
            ("TLP:WHITE", "TLP:CLEAR"),
            ("VS-NFD", "VS-NfD"),
            ("vs-nfd", "VS-NfD"),
            (
                "VS-Nur für den Dienstgebrauch",
                "VS-NUR FÜR DEN DIENSTGEBRAUCH",
            ),
            (
                "VS-NUR FUER DEN DIENSTGEBRAUCH",
                "VS-NUR FÜR DEN DIENSTGEBRAUCH",
            ),
            (
                "Nur für den Dienstgebrauch",
                "VS-NUR FÜR DEN DIENSTGEBRAUCH",
            ),
        ] {
            assert_eq!(check_marking(s), MarkingCheck::NearMiss(want), "{s}");
        }
        assert_eq!(check_marking("TLP:YELLOW"), MarkingCheck::UnknownTlp);
        assert_eq!(check_marking("Intern – nur für Amt 10"), MarkingCheck::Free);
        assert_eq!(check_marking("  "), MarkingCheck::Empty);
    }

    #[test]
    fn a_clean_file_has_no_finding_and_overdue_needs_a_day() {
        let a = parse(FILE);
        assert_eq!(findings(&a, None), vec![]);
        // AB-01 is due 2026-10-01 and in progress; AB-02 is done.
        assert_eq!(findings(&a, Some("2026-10-01")), vec![]);
        assert_eq!(
            findings(&a, Some("2026-10-02")),
            vec![("action-overdue", 20, 12)]
        );
        assert!(
            a.answers[0]
                .action
                .as_ref()
                .unwrap()
                .is_overdue("2026-11-27")
        );
        assert!(
            !a.answers[1]
                .action
                .as_ref()
                .unwrap()
                .is_overdue("2026-11-27")
        );
    }

    #[test]
    fn malformed_values_are_located_findings() {
        let text = FILE
            .replace("TLP:AMBER", "tlp:amber")
            .replace("due: 2026-10-01", "due: 2026-13-01")
            .replace("owner: IT-Leitung", "owner: \"\"")
            .replace("evidence_sighted: true", "evidence_sighted: yes");
        let a = parse(&text);
        assert_eq!(
            findings(&a, Some("2026-11-27")),
            vec![
                ("classification", 2, 17),
                ("method", 11, 21),
                ("action-empty", 19, 14),
                ("date", 20, 12)
            ]
        );
        // A kept non-boolean is written back as it was read.
        assert_eq!(parse(&to_yaml(&a)), a);
        let bad = parse_yaml::<AssessmentFile>(
            &FILE.replace("status: in-progress", "status: in progress"),
            "a.yaml",
            Lang::En,
        )
        .unwrap_err();
        assert_eq!((bad.code, bad.loc.line), ("unknown-value", 21));
        assert_eq!(bad.hint.as_deref(), Some("Did you mean `in-progress`?"));
        let bad = parse_yaml::<AssessmentFile>(
            &FILE.replace("kind: audit", "kind: Audit"),
            "a",
            Lang::En,
        )
        .unwrap_err();
        assert_eq!(bad.code, "unknown-value");
    }

    #[test]
    fn signoff_stale_only_when_the_answers_changed() {
        let mut a = parse(FILE);
        a.signoffs.push(Signoff {
            name: Sp::new("Dr. Anna Beispiel".into()),
            role: Sp::new("Bürgermeisterin".into()),
            date: Sp::new("2026-11-27".into()),
            statement: None,
            answers_sha256: Sp::new(answers_sha256(&a)),
        });
        let a = parse(&to_yaml(&a));
        assert_eq!(findings(&a, None), vec![]);
        let mut b = a.clone();
        b.answers[1].action.as_mut().unwrap().status.value = ActionStatus::Open;
        assert_eq!(findings(&b, None), vec![], "actions are not signed");
        let b = parse(&to_yaml(&a).replace("rating: 2", "rating: 3"));
        let f = findings(&b, None);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "signoff-stale");
        let c =
            parse(&to_yaml(&a).replace(&answers_sha256(&a), &answers_sha256(&a).to_uppercase()));
        assert_eq!(findings(&c, None)[0].0, "signoff-hash");
    }
}
