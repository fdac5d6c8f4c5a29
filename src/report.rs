//! Reports: the data model every report format sees, building it from a set, an assessment
//! and its scores, and rendering it as Markdown or HTML (handlebars templates, embedded or the
//! user's own, each format with its own escaping) or as JSON.

use std::collections::BTreeMap;

use handlebars::Handlebars;
use schemars::JsonSchema;
use serde::Serialize;

/// Version of the report data model; bumped when a field changes meaning or disappears.
pub const MODEL_VERSION: u32 = 1;

/// The default Markdown template.
pub const MD_TEMPLATE: &str = include_str!("../reports/report.md.hbs");
/// The default HTML template.
pub const HTML_TEMPLATE: &str = include_str!("../reports/report.html.hbs");
/// The stylesheet partial of the HTML template.
pub const HTML_STYLE: &str = include_str!("../reports/style.css.hbs");
/// The partial of the HTML template for one field of action.
pub const HTML_FIELD: &str = include_str!("../reports/field.html.hbs");

/// The partials the default templates use: name, file name, embedded text. A file of that
/// name beside a user's template replaces the embedded one.
pub const PARTIALS: [(&str, &str, &str); 2] = [
    ("style", "style.css.hbs", HTML_STYLE),
    ("field", "field.html.hbs", HTML_FIELD),
];

/// The default templates with the names they are exported under and registered as.
pub const DEFAULT_TEMPLATES: [(&str, &str); 4] = [
    ("report.md.hbs", MD_TEMPLATE),
    ("report.html.hbs", HTML_TEMPLATE),
    ("style.css.hbs", HTML_STYLE),
    ("field.html.hbs", HTML_FIELD),
];

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown für GitHub, GitLab, pandoc (GitHub-flavoured Markdown)
    Md,
    /// Eine eigenständige HTML-Datei (one self-contained HTML file)
    Html,
    /// Das Datenmodell als JSON (the data model as JSON)
    Json,
}

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
    /// Target level of the profile.
    pub target: u8,
    /// Levels missing to the target (0 when met); null when the field has no level yet.
    pub gap: Option<u8>,
    /// Whether the level reaches the target.
    pub meets_target: bool,
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

/// The labels: key, German, English. docs/templates.md lists them.
const LABELS: &[(&str, &str, &str)] = &[
    (
        "title",
        "Bericht zur Cyber-Resilienz",
        "Cyber resilience report",
    ),
    ("organisation", "Organisation", "Organisation"),
    ("assessor", "Bewertet von", "Assessed by"),
    ("date", "Stand der Bewertung", "Date of assessment"),
    ("created", "Begonnen", "Started"),
    ("set", "Checklisten-Set", "Checklist set"),
    ("set_version", "Version", "Version"),
    ("set_hash", "SHA-256 des Sets", "SHA-256 of the set"),
    (
        "set_mismatch",
        "Achtung: Die Bewertung wurde mit einem anderen Stand des Sets erstellt; die Zahlen gelten für den hier genannten Stand. SHA-256 in der Bewertungsdatei:",
        "Note: the assessment was made against another state of the set; the figures apply to the state named here. SHA-256 in the assessment file:",
    ),
    ("profile", "Zielprofil", "Target profile"),
    ("not_given", "nicht angegeben", "not given"),
    ("summary", "Zusammenfassung", "Executive summary"),
    (
        "overall_level",
        "Gesamt-Reifegrad",
        "Overall maturity level",
    ),
    (
        "overall_level_hint",
        "niedrigster Reifegrad aller Handlungsfelder",
        "lowest level of all fields",
    ),
    ("overall_index", "Gesamtindex", "Overall index"),
    (
        "overall_index_hint",
        "gewichteter Mittelwert, 0–5",
        "weighted mean, 0–5",
    ),
    ("coverage", "Abdeckung", "Coverage"),
    (
        "coverage_hint",
        "Fragen beantwortet oder n/a",
        "questions answered or n/a",
    ),
    (
        "fields_on_target",
        "Handlungsfelder im Ziel",
        "Fields on target",
    ),
    ("weakest", "Schwächste Handlungsfelder", "Weakest fields"),
    ("actions_count", "Maßnahmen", "Actions"),
    ("critical_count", "kritisch", "critical"),
    ("provisional", "vorläufig", "provisional"),
    (
        "provisional_note",
        "Nicht alle Fragen sind beantwortet: mit * markierte Werte sind vorläufig. Unbeantwortete Fragen zählen nicht als 0.",
        "Not every question is answered: figures marked * are provisional. Unanswered questions do not count as 0.",
    ),
    ("charts", "Reifegrad je Handlungsfeld", "Maturity per field"),
    (
        "radar_title",
        "Reifegrad und Ziel je Handlungsfeld (Netzdiagramm)",
        "Level and target per field (radar chart)",
    ),
    (
        "bars_title",
        "Reifegrad, Index und Ziel je Handlungsfeld (Balkendiagramm)",
        "Level, index and target per field (bar chart)",
    ),
    (
        "field_chart_title",
        "Bewertungen der Fragen",
        "Ratings of the questions",
    ),
    ("legend_level", "Erreichter Reifegrad", "Level reached"),
    ("legend_target", "Ziel des Profils", "Target of the profile"),
    ("legend_index", "Index", "Index"),
    ("legend_on_target", "Bewertung im Ziel", "Rating on target"),
    (
        "legend_below_target",
        "Bewertung unter Ziel",
        "Rating below target",
    ),
    ("fields", "Handlungsfelder", "Fields of action"),
    ("number", "Nr.", "No."),
    ("field", "Handlungsfeld", "Field of action"),
    ("level", "Reifegrad", "Level"),
    ("index", "Index", "Index"),
    ("target", "Ziel", "Target"),
    ("gap", "Lücke", "Gap"),
    ("weight", "Gewicht", "Weight"),
    ("status", "Status", "Status"),
    ("on_target", "im Ziel", "on target"),
    ("below_target", "unter Ziel", "below target"),
    (
        "heat",
        "Bewertungen aller Fragen",
        "Ratings of all questions",
    ),
    (
        "heat_caption",
        "Jede Zelle ist eine Frage des Handlungsfeldes in ihrer Reihenfolge; n/a = nicht anwendbar, – = offen.",
        "Each cell is one question of the field in order; n/a = not applicable, – = open.",
    ),
    ("question", "Frage", "Question"),
    ("questions", "Fragen", "Questions"),
    ("id", "ID", "ID"),
    ("rating", "Bewertung", "Rating"),
    ("level_name", "Stufe", "Level name"),
    ("note", "Anmerkung", "Note"),
    ("evidence", "Nachweis", "Evidence"),
    ("justification", "Begründung n/a", "Justification of n/a"),
    ("critical", "kritisch", "critical"),
    (
        "critical_note",
        "* kritische Frage: Das Handlungsfeld kann keinen höheren Reifegrad erreichen als diese Frage.",
        "* critical question: the field cannot reach a higher level than this question.",
    ),
    ("open", "offen", "open"),
    ("not_rated", "noch nicht bewertet", "not rated yet"),
    ("not_applicable", "nicht anwendbar", "not applicable"),
    ("rated", "bewertet", "rated"),
    ("answered_of", "beantwortet", "answered"),
    ("actions", "Maßnahmenplan", "Action plan"),
    (
        "actions_intro",
        "Fragen unter ihrem Ziel (dem Ziel ihres Handlungsfeldes, bei kritischen Fragen dem Mindestwert des Profils, wenn er höher ist), kritische zuerst, dann nach Gewicht × Abstand zum Ziel.",
        "Questions below their target (their field's target; for critical questions the profile's minimum when higher), critical ones first, then by weight × shortfall.",
    ),
    (
        "no_actions",
        "Alle bewerteten Fragen erreichen das Ziel ihres Handlungsfeldes.",
        "Every rated question reaches its field's target.",
    ),
    ("rank", "Rang", "Rank"),
    ("recommendation", "Empfehlung", "Recommendation"),
    ("references", "Referenzen", "References"),
    ("shortfall", "Abstand", "Shortfall"),
    (
        "appendix",
        "Anhang: Skala und Bewertungsregeln",
        "Appendix: scale and scoring rules",
    ),
    ("scale", "Reifegradskala", "Maturity scale"),
    ("description", "Beschreibung", "Description"),
    ("rules", "Bewertungsregeln", "Scoring rules"),
    (
        "vanished",
        "Antworten auf Fragen, die das Set nicht mehr hat",
        "Answers to questions the set no longer has",
    ),
    (
        "vanished_note",
        "Diese Antworten bleiben in der Datei erhalten, zählen aber nicht.",
        "These answers are kept in the file but do not count.",
    ),
    ("integrity", "Prüfsummen", "Checksums"),
    (
        "assessment_hash",
        "SHA-256 der Bewertungsdatei",
        "SHA-256 of the assessment file",
    ),
    ("generated_by", "Erstellt mit", "Generated by"),
    ("contents", "Inhalt", "Contents"),
];

/// The labels in `lang`.
pub fn labels(lang: crate::i18n::Lang) -> Labels {
    Labels(
        LABELS
            .iter()
            .map(|(k, de, en)| ((*k).to_owned(), lang.pick(*de, *en).to_owned()))
            .collect(),
    )
}

/// A value as text in the report's language: one decimal, comma in German.
pub fn decimal(v: f64, lang: crate::i18n::Lang) -> String {
    let s = format!("{v:.1}");
    match lang {
        crate::i18n::Lang::De => s.replace('.', ","),
        crate::i18n::Lang::En => s,
    }
}

/// A percentage as text: `80 %` in German, `80%` in English.
pub fn percent(p: u32, lang: crate::i18n::Lang) -> String {
    match lang {
        crate::i18n::Lang::De => format!("{p}\u{a0}%"),
        crate::i18n::Lang::En => format!("{p}%"),
    }
}

/// Escapes user text for Markdown: nothing in it can start markup, break out of a table cell
/// or start a new line. Emphasis, code, links, HTML, entities and headings are neutralised.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' | '\t' => out.push(' '),
            '#' | '-' | '+' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML content and quoted or unquoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '`' => out.push_str("&#x60;"),
            '=' => out.push_str("&#x3D;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderFailure {
    /// The template does not parse.
    #[error("{0}")]
    Template(String),
    /// Rendering failed (e.g. a field name the data model does not have).
    #[error("{0}")]
    Render(String),
}

fn registry(format: ReportFormat) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    match format {
        ReportFormat::Md => hb.register_escape_fn(escape_markdown),
        _ => hb.register_escape_fn(escape_html),
    }
    hb
}

fn template_error(e: &handlebars::TemplateError, file: &str) -> RenderFailure {
    let reason = e.reason().to_string();
    RenderFailure::Template(match e.pos() {
        Some((line, col)) => format!("{file}:{line}:{col}: {reason}"),
        None => format!("{file}: {reason}"),
    })
}

/// Every key name that occurs anywhere in the data model.
fn known_keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                known_keys(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| known_keys(x, out)),
        _ => {}
    }
}

fn render_error(
    e: &handlebars::RenderError,
    main: &str,
    main_file: &str,
    report: &Report,
) -> RenderFailure {
    let name = e.template_name.clone().unwrap_or_else(|| main.to_owned());
    let file = if name == main {
        main_file.to_owned()
    } else {
        name
    };
    let reason = match e.reason() {
        handlebars::RenderErrorReason::MissingVariable(Some(path)) => {
            let mut keys = std::collections::BTreeSet::new();
            known_keys(&serde_json::to_value(report).unwrap_or_default(), &mut keys);
            let unknown = path
                .split(['.', '/'])
                .map(|seg| seg.trim_matches(['[', ']']))
                .find(|seg| {
                    !seg.is_empty()
                        && seg.parse::<usize>().is_err()
                        && *seg != "this"
                        && !keys.contains(*seg)
                });
            let lang = if report.lang == "de" {
                crate::i18n::Lang::De
            } else {
                crate::i18n::Lang::En
            };
            let hint = unknown
                .and_then(|u| crate::diag::did_you_mean(u, keys.iter().map(String::as_str)))
                .map(|s| crate::tr!(lang, "; meinten Sie `{s}`?", "; did you mean `{s}`?"))
                .unwrap_or_default();
            crate::tr!(
                lang,
                "das Datenmodell hat kein `{path}`{hint}",
                "the data model has no `{path}`{hint}"
            )
        }
        other => other.to_string(),
    };
    RenderFailure::Render(match (e.line_no, e.column_no) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}: {reason}"),
        _ => format!("{file}: {reason}"),
    })
}

/// A template's text and the file name used in messages.
pub type Source<'a> = (&'a str, &'a str);

/// Renders a report. `template` is a user's template; without it the embedded default of
/// `format` is used. `partials` replace embedded partials by name (see [`PARTIALS`]).
/// JSON ignores templates.
pub fn render(
    report: &Report,
    format: ReportFormat,
    template: Option<Source>,
    partials: &[(&str, Source)],
) -> Result<String, RenderFailure> {
    if format == ReportFormat::Json {
        let mut s = serde_json::to_string_pretty(report)
            .map_err(|e| RenderFailure::Render(e.to_string()))?;
        s.push('\n');
        return Ok(s);
    }
    let mut hb = registry(format);
    // The partials are HTML; Markdown does not pay for compiling them.
    let html_partials = if format == ReportFormat::Html {
        &PARTIALS[..]
    } else {
        &[]
    };
    for (name, file, text) in html_partials {
        let embedded = format!("reports/{file}");
        let (text, file) = partials
            .iter()
            .find(|(n, _)| n == name)
            .map_or((*text, embedded.as_str()), |(_, src)| *src);
        hb.register_partial(name, text)
            .map_err(|e| template_error(&e, file))?;
    }
    let (text, file) = match template {
        Some(t) => t,
        None => match format {
            ReportFormat::Md => (MD_TEMPLATE, "reports/report.md.hbs"),
            _ => (HTML_TEMPLATE, "reports/report.html.hbs"),
        },
    };
    hb.register_template_string("report", text)
        .map_err(|e| template_error(&e, file))?;
    hb.render("report", report)
        .map_err(|e| render_error(&e, "report", file, report))
}

/// What a report is made of besides the set: the assessment file and its score.
pub struct Inputs<'a> {
    /// The checklist set the score was computed with.
    pub set: &'a crate::model::ChecklistSet,
    /// The assessment.
    pub assessment: &'a crate::assessment::AssessmentFile,
    /// Its score.
    pub score: &'a crate::scoring::ScoreResult,
    /// The assessment file's name as given.
    pub file: &'a str,
    /// SHA-256 (hex) of the assessment file's bytes.
    pub file_sha256: &'a str,
    /// The report's language.
    pub lang: crate::i18n::Lang,
}

fn pick(t: &BTreeMap<String, String>, lang: &str) -> String {
    t.get(lang)
        .or_else(|| t.values().next())
        .cloned()
        .unwrap_or_default()
}

/// An index in tenths as text in the report's language (27 → `2,7` / `2.7`).
pub fn tenths_text(tenths: u32, lang: crate::i18n::Lang) -> String {
    let sep = lang.pick(',', '.');
    format!("{}{sep}{}", tenths / 10, tenths % 10)
}

fn references_text(r: &crate::scoring::RefList) -> String {
    let mut parts = Vec::new();
    if !r.grundschutz.is_empty() {
        parts.push(format!("Grundschutz++ {}", r.grundschutz.join(", ")));
    }
    if !r.nis2.is_empty() {
        let letters: String = r.nis2.iter().map(|l| format!("({l})")).collect();
        parts.push(format!("NIS2 Art. 21(2){letters}"));
    }
    if !r.iso27001.is_empty() {
        parts.push(format!("ISO/IEC 27001 {}", r.iso27001.join(", ")));
    }
    parts.join(" · ")
}

fn rules(lang: crate::i18n::Lang, threshold: &str, profile: &str) -> Vec<String> {
    use crate::tr;
    vec![
        tr!(
            lang,
            "Index eines Handlungsfeldes = Σ Gewicht × Bewertung / Σ Gewicht über die bewerteten, anwendbaren Fragen (0–5, kaufmännisch auf eine Nachkommastelle gerundet).",
            "Index of a field = Σ weight × rating / Σ weight over the rated, applicable questions (0–5, rounded half up to one decimal)."
        ),
        tr!(
            lang,
            "Reifegrad eines Handlungsfeldes = die höchste Stufe L (0–5), bei der Fragen mit mindestens {threshold} des bewerteten Gewichts mit L oder höher bewertet sind und jede kritische Frage mit L oder höher bewertet ist.",
            "Level of a field = the highest level L (0–5) at which questions holding at least {threshold} of the rated weight are rated L or higher and every critical question is rated L or higher."
        ),
        tr!(
            lang,
            "Abdeckung = Anteil der Fragen, die bewertet oder als n/a markiert sind. Unter 100 % sind die Werte vorläufig (*). Unbeantwortete Fragen zählen nie als 0; n/a (mit Begründung) zählt gar nicht.",
            "Coverage = share of questions rated or marked n/a. Below 100 % the figures are provisional (*). Unanswered questions never count as 0; n/a (with a justification) does not count at all."
        ),
        tr!(
            lang,
            "Gesamtindex = nach dem Gewicht der Handlungsfelder gemittelter Index; Gesamt-Reifegrad = der niedrigste Reifegrad aller Handlungsfelder (schwächstes Glied).",
            "Overall index = the field-weighted mean of the field indices; overall level = the lowest level of all fields (weakest link)."
        ),
        tr!(
            lang,
            "Das Zielprofil „{profile}“ legt je Handlungsfeld einen Ziel-Reifegrad fest und kann für jede kritische Frage einen Mindestwert verlangen; ein Handlungsfeld erreicht sein Ziel nur, wenn auch jede kritische Frage ihn erreicht. Der Maßnahmenplan nennt jede bewertete Frage unter ihrem Ziel (bei kritischen Fragen dem Mindestwert, wenn er höher ist): kritische Fragen zuerst, dann absteigend nach Gewicht × Abstand zum Ziel, dann in der Reihenfolge des Sets.",
            "The target profile “{profile}” sets a target level per field and may demand a minimum rating of every critical question; a field meets its target only when every critical question reaches that minimum too. The action plan lists every rated question below its target (for critical questions the minimum when higher): critical questions first, then by weight × shortfall (descending), then in the set's order."
        ),
    ]
}

/// Builds the report's data model. Deterministic: the same inputs give the same model.
pub fn build(i: &Inputs) -> Report {
    use crate::scoring::AnswerStatus;
    let lang = i.lang;
    let l = lang.code();
    let s = i.score;
    let set = i.set;
    let labels = labels(lang);
    let lab = |k: &str| labels.0.get(k).cloned().unwrap_or_default();
    let level_name = |lv: Option<u8>| match lv {
        Some(v) => set.level_name(v, l).to_owned(),
        None => "–".to_owned(),
    };
    let profile = set.profile(&s.profile_id);
    let mut fields = Vec::with_capacity(s.fields.len());
    let mut points = Vec::with_capacity(s.fields.len());
    for (fs, f) in s.fields.iter().zip(&set.fields) {
        let target = fs.target.unwrap_or(0);
        let title = pick(&fs.title, l);
        let questions: Vec<QuestionReport> = fs
            .questions
            .iter()
            .enumerate()
            .map(|(n, q)| {
                let (status, rating_text, class) = match q.status {
                    AnswerStatus::Rated => {
                        let r = q.rating.unwrap_or(0);
                        ("rated", r.to_string(), format!("r{r}"))
                    }
                    AnswerStatus::NotApplicable => ("n/a", "n/a".to_owned(), "na".to_owned()),
                    AnswerStatus::Unanswered => ("open", "–".to_owned(), "open".to_owned()),
                };
                QuestionReport {
                    id: q.id.clone(),
                    position: n + 1,
                    text: pick(&q.text, l),
                    weight: q.weight,
                    critical: q.critical,
                    status: status.to_owned(),
                    rating: q.rating,
                    rating_text,
                    rating_class: class,
                    level_name: q
                        .rating
                        .map(|r| set.level_name(r, l).to_owned())
                        .unwrap_or_default(),
                    below_target: q.rating.is_some_and(|r| r < target),
                    note: q.note.clone(),
                    evidence: q.evidence.clone(),
                    justification: if q.status == AnswerStatus::NotApplicable {
                        q.justification.clone()
                    } else {
                        None
                    },
                }
            })
            .collect();
        let bars: Vec<crate::charts::QuestionBar> = questions
            .iter()
            .map(|q| crate::charts::QuestionBar {
                id: q.id.clone(),
                rating: q.rating,
                missing: q.rating_text.clone(),
                critical: q.critical,
            })
            .collect();
        let chart_svg = crate::charts::question_bars(
            &format!("chart-{}", fs.id),
            &bars,
            target,
            &crate::charts::ChartText {
                title: format!("{}: {}", lab("field_chart_title"), title),
                desc: questions
                    .iter()
                    .map(|q| format!("{} {}", q.id, q.rating_text))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + &format!("; {} {target}", lab("target")),
                level: lab("legend_on_target"),
                target: lab("legend_target"),
                index: lab("legend_index"),
                below: lab("legend_below_target"),
            },
        );
        let index_text = fs
            .index
            .as_ref()
            .map_or("–".to_owned(), |x| tenths_text(x.tenths, lang));
        points.push(crate::charts::FieldPoint {
            label: format!("{} {}", fs.number, title),
            level: fs.level.unwrap_or(0),
            index: fs
                .index
                .as_ref()
                .map_or(0.0, |x| f64::from(x.tenths) / 10.0),
            target,
            provisional: fs.provisional,
        });
        fields.push(FieldReport {
            id: fs.id.clone(),
            number: fs.number,
            title,
            description: f.description.get(l).to_owned(),
            weight: fs.weight,
            index: fs.index.as_ref().map(|x| f64::from(x.tenths) / 10.0),
            index_text,
            level: fs.level,
            level_name: level_name(fs.level),
            target,
            gap: fs.gap,
            meets_target: fs.meets_target.unwrap_or(false),
            provisional: fs.provisional,
            coverage_percent: fs.coverage_percent,
            coverage_text: percent(fs.coverage_percent, lang),
            questions_total: fs.total as usize,
            rated: fs.answered as usize,
            not_applicable: fs.na as usize,
            unanswered: fs.unanswered as usize,
            chart_svg,
            questions,
        });
    }
    let mut weakest: Vec<&FieldReport> = fields.iter().filter(|f| f.level.is_some()).collect();
    weakest.sort_by_key(|f| {
        (
            f.level,
            f.index.map(|x| (x * 10.0).round() as i64),
            f.number,
        )
    });
    let weakest: Vec<FieldRef> = weakest
        .into_iter()
        .take(3)
        .map(|f| FieldRef {
            id: f.id.clone(),
            number: f.number,
            title: f.title.clone(),
            level: f.level,
            index_text: f.index_text.clone(),
            target: f.target,
        })
        .collect();
    let field_num: BTreeMap<&str, u32> = fields.iter().map(|f| (f.id.as_str(), f.number)).collect();
    let actions: Vec<Action> = s
        .gaps
        .iter()
        .map(|g| Action {
            rank: g.rank as usize,
            question: g.question.clone(),
            text: pick(&g.text, l),
            field: g.field.clone(),
            field_number: field_num.get(g.field.as_str()).copied().unwrap_or(0),
            field_title: pick(&g.field_title, l),
            rating: g.rating,
            target: g.target,
            shortfall: g.shortfall,
            weight: g.weight,
            critical: g.critical,
            recommendation: g.recommendation.as_ref().map(|r| pick(r, l)),
            grundschutz: g.references.grundschutz.clone(),
            nis2: g.references.nis2.clone(),
            iso27001: g.references.iso27001.clone(),
            references_text: references_text(&g.references),
        })
        .collect();
    let o = &s.overall;
    let chart_text = |title: &str| crate::charts::ChartText {
        title: lab(title),
        desc: fields
            .iter()
            .map(|f| {
                format!(
                    "{} {}: {} {}, {} {}",
                    f.number,
                    f.title,
                    lab("level"),
                    f.level.map_or("–".to_owned(), |v| v.to_string()),
                    lab("target"),
                    f.target
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        level: lab("legend_level"),
        target: lab("legend_target"),
        index: lab("legend_index"),
        below: lab("legend_below_target"),
    };
    let charts = Charts {
        radar_svg: crate::charts::radar("chart-radar", &points, &chart_text("radar_title")),
        bars_svg: crate::charts::bars("chart-bars", &points, &chart_text("bars_title")),
    };
    let threshold_text = percent((set.threshold_permyriad() / 100).min(100), lang);
    let m = &set.manifest;
    let a = i.assessment;
    let profile_title = profile
        .map(|p| p.title.get(l).to_owned())
        .unwrap_or_else(|| s.profile_id.clone());
    Report {
        model_version: MODEL_VERSION,
        lang: l.to_owned(),
        generator: Generator {
            name: "cyberkompass".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        assessment: AssessmentInfo {
            organisation: a.organisation.value.clone(),
            assessor: a.assessor.as_ref().map(|x| x.value.clone()),
            date: a
                .updated
                .as_ref()
                .or(a.created.as_ref())
                .map(|x| x.value.clone()),
            created: a.created.as_ref().map(|x| x.value.clone()),
            updated: a.updated.as_ref().map(|x| x.value.clone()),
            profile: ProfileInfo {
                id: s.profile.as_ref().map_or(&s.profile_id, |p| &p.id).clone(),
                title: profile_title.clone(),
                description: profile
                    .and_then(|p| p.description.as_ref())
                    .map(|d| d.get(l).to_owned()),
            },
            file: i.file.to_owned(),
            sha256: i.file_sha256.to_owned(),
        },
        set: SetInfo {
            id: m.id.value.clone(),
            version: m.version.value.clone(),
            title: m.title.get(l).to_owned(),
            sha256: set.sha256.clone(),
            assessment_sha256: a.set.sha256.value.clone(),
            matches: a.set.id.value == m.id.value
                && a.set.version.value == m.version.value
                && a.set.sha256.value == set.sha256,
            threshold: f64::from(set.threshold_permyriad()) / 10_000.0,
            threshold_text: threshold_text.clone(),
        },
        summary: Summary {
            level: o.level,
            level_name: level_name(o.level),
            index: o.index.as_ref().map(|x| f64::from(x.tenths) / 10.0),
            index_text: o
                .index
                .as_ref()
                .map_or("–".to_owned(), |x| tenths_text(x.tenths, lang)),
            provisional: o.provisional,
            coverage_percent: o.coverage_percent,
            coverage_text: percent(o.coverage_percent, lang),
            questions: o.total as usize,
            rated: o.answered as usize,
            not_applicable: o.na as usize,
            unanswered: o.unanswered as usize,
            fields_on_target: fields.iter().filter(|f| f.meets_target).count(),
            fields_below_target: fields.iter().filter(|f| !f.meets_target).count(),
            weakest,
            actions: actions.len(),
            critical_actions: actions.iter().filter(|x| x.critical).count(),
            max_questions: fields.iter().map(|f| f.questions.len()).max().unwrap_or(0),
        },
        fields,
        actions,
        scale: m
            .scale
            .iter()
            .map(|x| ScaleEntry {
                level: x.level.value,
                name: x.name.get(l).to_owned(),
                description: x.description.get(l).to_owned(),
            })
            .collect(),
        rules: rules(lang, &threshold_text, &profile_title),
        vanished: a
            .answers
            .iter()
            .chain(&a.vanished)
            .filter(|x| set.question(&x.id).is_none())
            .map(|x| VanishedAnswer {
                id: x.id.value.clone(),
                rating_text: x.rating.value.to_string(),
                note: x.note.as_ref().map(|n| n.value.clone()),
            })
            .collect(),
        labels,
        charts,
    }
}

/// `cyberkompass report`: validates the assessment, scores it and writes the report.
pub fn run(ctx: &mut crate::cli::Ctx, a: crate::cli::ReportArgs) -> u8 {
    use crate::cli::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
    use crate::load::{ReadError, read_text};
    use crate::tr;
    let lang = ctx.lang;
    if a.format == ReportFormat::Json && a.template.is_some() {
        ctx.eprint(&tr!(
            lang,
            "cyberkompass: --template gilt nur für --format md und html; JSON ist das Datenmodell selbst.",
            "cyberkompass: --template applies to --format md and html only; JSON is the data model itself."
        ));
        return EXIT_USAGE;
    }
    let name = a.file.display().to_string();
    if let Some(out) = &a.output
        && same_file(out, &a.file)
    {
        ctx.eprint(&tr!(
            lang,
            "cyberkompass: {}: das ist die Bewertungsdatei selbst; der Bericht würde sie überschreiben. Wählen Sie mit -o einen anderen Namen (z. B. bericht.html).",
            "cyberkompass: {}: that is the assessment file itself; the report would overwrite it. Choose another name with -o (e.g. report.html).",
            out.display()
        ));
        return EXIT_USAGE;
    }
    let mut findings = crate::diag::Findings::default();
    let assessment = match crate::assessment::read(&a.file, lang, &mut findings) {
        Ok(Some((x, _))) => x,
        Ok(None) => return show_findings(ctx, &findings, true),
        Err(m) => {
            ctx.eprint(&format!("cyberkompass: {m}"));
            return EXIT_USAGE;
        }
    };
    let file_sha256 = match std::fs::read(&a.file) {
        Ok(b) => crate::set::sha256_hex(&b),
        Err(e) => {
            ctx.eprint(&format!("cyberkompass: {name}: {e}"));
            return EXIT_USAGE;
        }
    };
    let set = match ctx.load_set() {
        Ok(s) => s,
        Err(code) => return code,
    };
    crate::assessment::check(&assessment, &set, &name, lang, &mut findings);
    if findings.errors() > 0 {
        return show_findings(ctx, &findings, true);
    }
    if !findings.diagnostics.is_empty() && !ctx.quiet {
        show_findings(ctx, &findings, false);
    }
    let template = match &a.template {
        Some(p) => match read_text(p, &p.display().to_string(), lang) {
            Ok(t) => Some((t, p.display().to_string())),
            Err(ReadError::Unusable(m)) => {
                ctx.eprint(&format!("cyberkompass: {m}"));
                return EXIT_USAGE;
            }
            Err(ReadError::Finding(d)) => {
                let mut f = crate::diag::Findings::default();
                f.push(*d);
                return show_findings(ctx, &f, true);
            }
        },
        None => None,
    };
    let score = crate::scoring::score(&set, &assessment, &crate::scoring::ScoreOptions::default());
    let report = build(&Inputs {
        set: &set,
        assessment: &assessment,
        score: &score,
        file: &name,
        file_sha256: &file_sha256,
        lang,
    });
    // A partial's file (style.css.hbs, field.html.hbs) beside the user's template replaces
    // the embedded one.
    let own: Vec<(&str, String, String)> = match &a.template {
        Some(p) => PARTIALS
            .iter()
            .filter_map(|(name, file, _)| {
                let pp = p.with_file_name(file);
                let shown = pp.display().to_string();
                let text = crate::load::read_text(&pp, &shown, lang).ok()?;
                Some((*name, text, shown))
            })
            .collect(),
        None => Vec::new(),
    };
    let own: Vec<(&str, Source)> = own
        .iter()
        .map(|(n, t, f)| (*n, (t.as_str(), f.as_str())))
        .collect();
    let out = match render(
        &report,
        a.format,
        template.as_ref().map(|(t, n)| (t.as_str(), n.as_str())),
        &own,
    ) {
        Ok(s) => s,
        Err(e) => {
            ctx.eprint(&tr!(
                lang,
                "cyberkompass: Vorlage fehlerhaft: {e}\nHinweis: docs/templates.md nennt jedes Feld des Datenmodells; `cyberkompass templates export DIR` schreibt die Standardvorlagen als Ausgangspunkt.",
                "cyberkompass: template error: {e}\nHint: docs/templates.md names every field of the data model; `cyberkompass templates export DIR` writes the default templates as a starting point."
            ));
            return EXIT_FINDINGS;
        }
    };
    match &a.output {
        None => {
            ctx.print(&out);
            EXIT_OK
        }
        Some(p) => match crate::atomic::write_atomic(p, out.as_bytes()) {
            Ok(()) => {
                if !ctx.quiet {
                    ctx.eprint(&tr!(
                        lang,
                        "Bericht geschrieben: {}",
                        "Report written: {}",
                        p.display()
                    ));
                }
                EXIT_OK
            }
            Err(e) => {
                ctx.eprint(&tr!(
                    lang,
                    "cyberkompass: {}: kann nicht geschrieben werden: {e}",
                    "cyberkompass: {}: cannot be written: {e}",
                    p.display()
                ));
                EXIT_USAGE
            }
        },
    }
}

/// Whether `out` names the same file as `input` (also through links or `./`), or would.
fn same_file(out: &std::path::Path, input: &std::path::Path) -> bool {
    let Ok(inp) = std::fs::canonicalize(input) else {
        return false;
    };
    if let Ok(o) = std::fs::canonicalize(out) {
        return o == inp;
    }
    // The output does not exist yet: compare its folder and name.
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    match (std::fs::canonicalize(dir), out.file_name()) {
        (Ok(d), Some(n)) => d.join(n) == inp,
        _ => false,
    }
}

fn show_findings(ctx: &mut crate::cli::Ctx, f: &crate::diag::Findings, fatal: bool) -> u8 {
    let style = crate::diag::HumanStyle {
        color: ctx.env.stderr_tty && !ctx.env.no_color,
        width: 100,
    };
    let text = crate::diag::render_human(f, style, ctx.lang);
    ctx.eprint(&text);
    if fatal {
        let lang = ctx.lang;
        ctx.eprint(&crate::tr!(
            lang,
            "Kein Bericht: Die Bewertungsdatei hat Fehler (siehe oben).",
            "No report: the assessment file has errors (see above)."
        ));
    }
    crate::cli::EXIT_FINDINGS
}

/// `cyberkompass templates export DIR`: writes the default templates as a starting point.
pub fn export_templates(ctx: &mut crate::cli::Ctx, dir: &std::path::Path, force: bool) -> u8 {
    use crate::cli::{EXIT_OK, EXIT_USAGE};
    use crate::tr;
    let lang = ctx.lang;
    if let Err(e) = std::fs::create_dir_all(dir) {
        ctx.eprint(&tr!(
            lang,
            "cyberkompass: {}: Ordner kann nicht angelegt werden: {e}",
            "cyberkompass: {}: cannot create the folder: {e}",
            dir.display()
        ));
        return EXIT_USAGE;
    }
    if !force {
        let existing: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| dir.join(n))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            ctx.eprint(&tr!(
                lang,
                "cyberkompass: vorhanden, nicht überschrieben: {}. Mit --force überschreiben.",
                "cyberkompass: already there, not overwritten: {}. Use --force to overwrite.",
                existing.join(", ")
            ));
            return EXIT_USAGE;
        }
    }
    for (n, text) in DEFAULT_TEMPLATES {
        let p = dir.join(n);
        if let Err(e) = crate::atomic::write_atomic(&p, text.as_bytes()) {
            ctx.eprint(&tr!(
                lang,
                "cyberkompass: {}: kann nicht geschrieben werden: {e}",
                "cyberkompass: {}: cannot be written: {e}",
                p.display()
            ));
            return EXIT_USAGE;
        }
        ctx.print(&format!("{}\n", p.display()));
    }
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(escape_markdown("a | b"), "a \\| b");
        assert_eq!(
            escape_markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape_markdown("# Titel"), "\\# Titel");
        assert_eq!(escape_markdown("C# ist ok"), "C# ist ok");
        assert_eq!(
            escape_markdown("`code` *fett* _k_"),
            "\\`code\\` \\*fett\\* \\_k\\_"
        );
        assert_eq!(escape_markdown("[x](http://e)"), "\\[x\\](http://e)");
        assert_eq!(escape_markdown("zwei\nZeilen\r\n"), "zwei Zeilen");
        assert_eq!(escape_markdown("A & B"), "A &amp; B");
        assert_eq!(escape_markdown("- Liste"), "\\- Liste");
        assert_eq!(escape_markdown("back\\slash"), "back\\\\slash");
        assert_eq!(escape_markdown("Ä ö ü ß"), "Ä ö ü ß");
    }

    proptest::proptest! {
        #[test]
        fn markdown_escape_never_breaks_a_cell(s in "\\PC*") {
            let e = escape_markdown(&s);
            proptest::prop_assert!(!e.contains('\n') && !e.contains('\r'));
            proptest::prop_assert!(!e.contains('<') && !e.contains('>'));
            // Every pipe and backtick is preceded by an odd number of backslashes.
            let b = e.as_bytes();
            for (i, c) in b.iter().enumerate() {
                if *c == b'|' || *c == b'`' {
                    let n = b[..i].iter().rev().take_while(|x| **x == b'\\').count();
                    proptest::prop_assert!(n % 2 == 1, "unescaped {} in {e:?}", *c as char);
                }
            }
            proptest::prop_assert!(!e.trim_start().starts_with('#'));
        }

        #[test]
        fn html_escape_leaves_no_markup(s in "\\PC*") {
            let e = escape_html(&s);
            for c in ['<', '>', '"', '\'', '`', '='] {
                proptest::prop_assert!(!e.contains(c));
            }
        }
    }

    #[test]
    fn html_escaping_is_attribute_safe() {
        assert_eq!(
            escape_html("<img src=x onerror=alert(1)>"),
            "&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"
        );
        assert_eq!(escape_html("\"'`&"), "&quot;&#x27;&#x60;&amp;");
    }

    #[test]
    fn decimals_follow_language() {
        use crate::i18n::Lang;
        assert_eq!(decimal(2.46, Lang::En), "2.5");
        assert_eq!(decimal(2.4, Lang::De), "2,4");
        assert_eq!(percent(80, Lang::De), "80\u{a0}%");
    }
}
