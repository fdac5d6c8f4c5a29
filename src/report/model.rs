//! The report's data model: everything a report shows, as the templates see it and as
//! `report --format json` writes it (schema: `cyberkompass schema report`).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

/// Version of the report data model; bumped when a field changes meaning or disappears.
pub const MODEL_VERSION: u32 = 1;

/// Everything a report shows: the data model handed to templates and written as JSON.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "cyberkompass report",
    description = "The data model of a cyberkompass report: what the templates see and what `report --format json` writes."
)]
pub struct Report {
    /// Version of this data model (1).
    pub model_version: u32,
    /// The report's language code (`de`, `en`).
    pub lang: String,
    /// The program that made the report.
    pub generator: Generator,
    /// Headings and labels in the report's language.
    pub labels: Labels,
    /// Who was assessed, by whom, when and against which profile.
    pub assessment: AssessmentInfo,
    /// The checklist set.
    pub set: SetInfo,
    /// The executive summary.
    pub summary: Summary,
    /// The fields of action in the set's order.
    pub fields: Vec<FieldReport>,
    /// The prioritised action plan: the questions below target, most urgent first.
    pub actions: Vec<Action>,
    /// The maturity scale 0–5.
    pub scale: Vec<ScaleEntry>,
    /// The scoring rules, one sentence each, in the report's language.
    pub rules: Vec<String>,
    /// Answers in the file to questions the set does not have (kept, not scored).
    pub vanished: Vec<VanishedAnswer>,
    /// Overview charts as SVG markup (already escaped; insert with `{{{ }}}`).
    pub charts: Charts,
    /// The trend against an earlier assessment (`report --baseline OLD.yaml`), or null.
    pub trend: Option<super::trend::Trend>,
    /// The section "Selbstbewertung und Prüfung · self-assessment vs audit" of
    /// `report FILE --audit AUDIT.yaml`; `null` without `--audit`.
    pub audit: Option<super::agree::AuditSection>,
}

/// The program that made the report.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Generator {
    /// `cyberkompass`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The assessment's metadata.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AssessmentInfo {
    /// The assessed organisation.
    pub organisation: String,
    /// Who assessed; null when not given.
    pub assessor: Option<String>,
    /// Date of the assessment shown in the report: `updated`, else `created`; null if neither.
    pub date: Option<String>,
    /// Date the assessment was started (YYYY-MM-DD), or null.
    pub created: Option<String>,
    /// Date of the last answer (YYYY-MM-DD), or null.
    pub updated: Option<String>,
    /// The target profile.
    pub profile: ProfileInfo,
    /// The assessment file's name as given on the command line.
    pub file: String,
    /// SHA-256 (hex) of the assessment file's bytes.
    pub sha256: String,
}

/// The target profile.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProfileInfo {
    /// Profile id (e.g. `standard`).
    pub id: String,
    /// Title in the report's language.
    pub title: String,
    /// Description in the report's language, or null.
    pub description: Option<String>,
}

/// The checklist set.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SetInfo {
    /// The set's id.
    pub id: String,
    /// The set's version.
    pub version: String,
    /// Title in the report's language.
    pub title: String,
    /// SHA-256 (hex) of the set's content the report was computed with.
    pub sha256: String,
    /// SHA-256 the assessment file records for its set.
    pub assessment_sha256: String,
    /// Whether the assessment was made against exactly this set (id, version and hash agree).
    pub matches: bool,
    /// Share (0 < t ≤ 1) of a field's weight that must reach a level.
    pub threshold: f64,
    /// The threshold as a percentage text (e.g. `80 %`).
    pub threshold_text: String,
}

/// The executive summary.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Summary {
    /// Overall maturity level: the lowest field level (weakest link); null when no field has a
    /// figure yet.
    pub level: Option<u8>,
    /// Name of the overall level, or "–".
    pub level_name: String,
    /// Overall index 0–5 (field-weighted mean of the field indices), one decimal; or null.
    pub index: Option<f64>,
    /// The index as text in the report's language (e.g. `2,4`), or "–".
    pub index_text: String,
    /// Whether some figure is provisional (not every question answered).
    pub provisional: bool,
    /// Questions answered or marked n/a, in per cent (rounded down).
    pub coverage_percent: u32,
    /// The coverage as text in the report's language (`100 %` / `100%`).
    pub coverage_text: String,
    /// Number of questions in the set.
    pub questions: usize,
    /// Questions with a rating 0–5.
    pub rated: usize,
    /// Questions marked n/a.
    pub not_applicable: usize,
    /// Questions not answered yet.
    pub unanswered: usize,
    /// Fields at or above their target.
    pub fields_on_target: usize,
    /// Fields below their target or without a level yet.
    pub fields_below_target: usize,
    /// The fields with the lowest level (then lowest index), at most three, weakest first.
    pub weakest: Vec<FieldRef>,
    /// Number of entries in the action plan.
    pub actions: usize,
    /// Number of critical questions in the action plan.
    pub critical_actions: usize,
    /// The largest number of questions in one field (columns of the heat table).
    pub max_questions: usize,
}

/// A short reference to a field.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FieldRef {
    /// Field id.
    pub id: String,
    /// Field number.
    pub number: u32,
    /// Field title.
    pub title: String,
    /// Level, or null.
    pub level: Option<u8>,
    /// Index as text, or "–".
    pub index_text: String,
    /// Target level.
    pub target: u8,
}

/// One field of action with its figures and questions.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FieldReport {
    /// Field id (e.g. `incident-response`).
    pub id: String,
    /// Field number in the set.
    pub number: u32,
    /// Title in the report's language.
    pub title: String,
    /// Description in the report's language.
    pub description: String,
    /// Weight in the overall index.
    pub weight: u32,
    /// Index 0–5, one decimal; null when no question is rated.
    pub index: Option<f64>,
    /// The index as text, or "–".
    pub index_text: String,
    /// Maturity level 0–5; null when no question is rated.
    pub level: Option<u8>,
    /// Name of the level, or "–".
    pub level_name: String,
    /// Why the level lies below the whole part of the index (the data of `score`'s JSON);
    /// null when it does not.
    pub level_reason: Option<crate::scoring::LevelReason>,
    /// That reason as one sentence in the report's language, or "".
    pub level_reason_text: String,
    /// Target level of the profile.
    pub target: u8,
    /// Levels missing to the target (0 when met); null when the field has no level yet.
    pub gap: Option<u8>,
    /// Whether the field meets its target (crate::scoring::meets_target): `false` also when
    /// nothing is rated yet, null when every question is n/a.
    pub meets_target: Option<bool>,
    /// Whether the figures are provisional (not every question answered).
    pub provisional: bool,
    /// Questions answered or marked n/a, in per cent (rounded down).
    pub coverage_percent: u32,
    /// The coverage as text in the report's language (`100 %` / `100%`).
    pub coverage_text: String,
    /// Number of questions.
    pub questions_total: usize,
    /// Questions with a rating.
    pub rated: usize,
    /// Questions marked n/a.
    pub not_applicable: usize,
    /// Questions not answered.
    pub unanswered: usize,
    /// Bar chart of the question ratings as SVG markup (already escaped).
    pub chart_svg: String,
    /// The questions in order.
    pub questions: Vec<QuestionReport>,
}

/// One question and its answer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionReport {
    /// Question id (e.g. `INC-01`).
    pub id: String,
    /// Position within the field (1, 2, …).
    pub position: usize,
    /// The question in the report's language.
    pub text: String,
    /// Weight within the field.
    pub weight: u32,
    /// Whether the question caps the field's level.
    pub critical: bool,
    /// `rated`, `n/a` or `open` (not answered).
    pub status: String,
    /// The rating 0–5, or null (n/a or not answered).
    pub rating: Option<u8>,
    /// The rating as shown: `0`–`5`, `n/a` or `–`.
    pub rating_text: String,
    /// CSS class of the heat table cell: `r0`–`r5`, `na` or `open`.
    pub rating_class: String,
    /// Name of the rated level, or "".
    pub level_name: String,
    /// Whether the rating is below the field's target.
    pub below_target: bool,
    /// Note, or null.
    pub note: Option<String>,
    /// Evidence reference, or null.
    pub evidence: Option<String>,
    /// Justification of n/a, or null.
    pub justification: Option<String>,
}

/// One entry of the action plan.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Action {
    /// Position in the plan (1 = most urgent).
    pub rank: usize,
    /// Question id.
    pub question: String,
    /// The question in the report's language.
    pub text: String,
    /// Field id.
    pub field: String,
    /// Field number.
    pub field_number: u32,
    /// Field title.
    pub field_title: String,
    /// The rating.
    pub rating: u8,
    /// The field's target.
    pub target: u8,
    /// Levels missing (target − rating).
    pub shortfall: u8,
    /// Question weight.
    pub weight: u32,
    /// Whether the question is critical.
    pub critical: bool,
    /// The recommendation in the report's language, or null.
    pub recommendation: Option<String>,
    /// Grundschutz++ control ids.
    pub grundschutz: Vec<String>,
    /// NIS2 Art. 21(2) letters.
    pub nis2: Vec<String>,
    /// ISO/IEC 27001:2022 Annex A ids.
    pub iso27001: Vec<String>,
    /// All references in one text (e.g. `Grundschutz++ REA.1.1 · NIS2 Art. 21(2)(b) · ISO 27001 A.5.24`), or "".
    pub references_text: String,
}

/// One level of the scale.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ScaleEntry {
    /// Level 0–5.
    pub level: u8,
    /// Name in the report's language.
    pub name: String,
    /// Description in the report's language.
    pub description: String,
}

/// An answer to a question the set does not have.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct VanishedAnswer {
    /// The question id.
    pub id: String,
    /// The rating as written (`0`–`5` or `n/a`).
    pub rating_text: String,
    /// Note, or null.
    pub note: Option<String>,
}

/// Overview charts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Charts {
    /// Radar of level against target per field (SVG), or null for fewer than three fields.
    pub radar_svg: Option<String>,
    /// Bars of level, index and target per field (SVG).
    pub bars_svg: String,
}

/// Headings and labels in the report's language: templates use these instead of literal
/// text so one template serves both languages.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Labels(pub BTreeMap<String, String>);
