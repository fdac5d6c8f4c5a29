//! The action plan (pure, no I/O): the scoring module's gap list, in its order, joined with
//! the answers' planned actions (owner, due date, status, effort); the `--critical-only`
//! filter; the renderings as CSV (RFC 4180, or for Excel), JSON, Markdown and issue-tracker
//! JSON; and the roadmap grouping and summary figures the report shows. It never ranks gaps
//! itself: the order is the one of [`crate::scoring::gap_list`], so `score`, `plan` and the
//! report always agree.

use std::collections::HashMap;
use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use crate::assessment::{Action, ActionStatus, AssessmentFile, date_of_day, day_number, is_date};
use crate::i18n::Lang;
use crate::model::Text;
use crate::report::escape::escape_markdown;
use crate::scoring::{RefList, ScoreResult};

/// Version of the plan data model (`plan --format json`).
pub const PLAN_VERSION: u32 = 1;

/// Days ahead of the reference day that make up the roadmap's first phase.
pub const NEXT_DAYS: i64 = 90;

/// Options of [`build`].
#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    /// Keep only the gaps of critical questions.
    pub critical_only: bool,
    /// The reference day `YYYY-MM-DD` for "overdue" (from `--date`, `SOURCE_DATE_EPOCH` or
    /// the file's `updated`; never the clock). Without it nothing is overdue.
    pub as_of: Option<String>,
}

/// The action plan of one assessment.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "cyberkompass plan",
    description = "The action plan of `cyberkompass plan --format json`: the gap list of `score` in its order, with the planned actions (data model version 1)."
)]
pub struct Plan {
    /// Version of this data model; 1.
    pub version: u32,
    /// The checklist set.
    pub set: PlanSet,
    /// The assessed organisation.
    pub organisation: String,
    /// The profile whose targets apply (from `--profile` or the file).
    pub profile: String,
    /// The classification marking of the assessment, as written in the file.
    pub classification: Option<String>,
    /// The reference day for `overdue`, `YYYY-MM-DD`; `null`: nothing is overdue.
    pub as_of: Option<String>,
    /// Only critical gaps were kept (`--critical-only`).
    pub critical_only: bool,
    /// One item per gap, in the order of the gap list of `score`.
    pub items: Vec<PlanItem>,
}

/// The set a plan belongs to.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlanSet {
    /// The set's id.
    pub id: String,
    /// The set's version.
    pub version: String,
    /// The set's title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
}

/// One gap with its planned action.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PlanItem {
    /// Stable external id `cyberkompass:<set id>:<question id>`, for idempotent sync with
    /// spreadsheets and issue trackers.
    pub external_id: String,
    /// 1-based position in the gap list of `score` (before any filter).
    pub rank: u32,
    /// The field's id.
    pub field: String,
    /// The field's number in the set.
    pub field_number: u32,
    /// The field's title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub field_title: Text,
    /// The question's id.
    pub question: String,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// Whether the question is critical.
    pub critical: bool,
    /// The question's weight.
    pub weight: u32,
    /// The rating.
    pub rating: u8,
    /// The field's target.
    pub target: u8,
    /// target − rating.
    pub shortfall: u8,
    /// weight × shortfall.
    pub priority: u64,
    /// What to do, per language.
    #[schemars(with = "Option<crate::model::TextMap>")]
    pub recommendation: Option<Text>,
    /// Grundschutz++, NIS2 and ISO/IEC 27001 references.
    pub references: RefList,
    /// The answer's note.
    pub note: Option<String>,
    /// The answer's evidence.
    pub evidence: Option<String>,
    /// Who is responsible (`action.owner`).
    pub owner: Option<String>,
    /// Due date `YYYY-MM-DD` (`action.due`).
    pub due: Option<String>,
    /// `open`, `in-progress` or `done`; `null` when no action is planned.
    pub status: Option<ActionStatus>,
    /// Estimated effort (`action.effort`).
    pub effort: Option<String>,
    /// Due before `as_of` and not done.
    pub overdue: bool,
}

/// The external id of a question of a set: `cyberkompass:<set id>:<question id>`.
pub fn external_id(set_id: &str, question: &str) -> String {
    format!("cyberkompass:{set_id}:{question}")
}

/// The reference day (`YYYY-MM-DD`) of a plan or report, never the clock: `--date` when given,
/// else `SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC, as in reproducible builds), else
/// the assessment file's `updated` (when it is a valid date), else none. A malformed `--date`
/// or `SOURCE_DATE_EPOCH` is an error (a message in `lang` that says how to fix it), not ignored.
pub fn reference_day(
    date: Option<&str>,
    source_date_epoch: Option<&str>,
    updated: Option<&str>,
    lang: Lang,
) -> Result<Option<String>, String> {
    if let Some(d) = date {
        return if is_date(d) {
            Ok(Some(d.to_owned()))
        } else {
            Err(crate::tr!(
                lang,
                "--date `{d}` ist kein gültiges Datum: schreiben Sie JJJJ-MM-TT, z. B. 2026-11-27",
                "--date `{d}` is not a valid date: write YYYY-MM-DD, e.g. 2026-11-27"
            ))
        };
    }
    if let Some(e) = source_date_epoch {
        return match e.parse::<u64>() {
            Ok(secs) if secs / 86_400 <= 2_932_896 => Ok(Some(date_of_day((secs / 86_400) as i64))),
            _ => Err(crate::tr!(
                lang,
                "SOURCE_DATE_EPOCH `{e}` ist keine Anzahl Sekunden seit 1970-01-01 (bis 9999-12-31)",
                "SOURCE_DATE_EPOCH `{e}` is not a number of seconds since 1970-01-01 (up to 9999-12-31)"
            )),
        };
    }
    Ok(updated.filter(|u| is_date(u)).map(str::to_owned))
}

/// Builds the plan from a score (whose gap list gives items and order) and the assessment
/// the score was computed from (whose answers give the actions; the first answer to an id
/// counts, as in scoring).
pub fn build(score: &ScoreResult, a: &AssessmentFile, opts: &PlanOptions) -> Plan {
    let mut actions: HashMap<&str, &Action> = HashMap::new();
    for ans in &a.answers {
        if let Some(act) = &ans.action {
            actions.entry(ans.id.value.as_str()).or_insert(act);
        }
    }
    let mut questions = HashMap::new();
    let mut numbers = HashMap::new();
    for f in &score.fields {
        numbers.insert(f.id.as_str(), f.number);
        for q in &f.questions {
            questions.insert(q.id.as_str(), q);
        }
    }
    let as_of = opts.as_of.as_deref().filter(|d| is_date(d));
    let items = score
        .gaps
        .iter()
        .filter(|g| !opts.critical_only || g.critical)
        .map(|g| {
            let act = actions.get(g.question.as_str()).copied();
            let q = questions.get(g.question.as_str());
            let text = |o: Option<&crate::model::Sp<String>>| o.map(|s| s.value.clone());
            PlanItem {
                external_id: external_id(&score.set.id, &g.question),
                rank: g.rank,
                field: g.field.clone(),
                field_number: numbers.get(g.field.as_str()).copied().unwrap_or(0),
                field_title: g.field_title.clone(),
                question: g.question.clone(),
                text: g.text.clone(),
                critical: g.critical,
                weight: g.weight,
                rating: g.rating,
                target: g.target,
                shortfall: g.shortfall,
                priority: g.priority,
                recommendation: g.recommendation.clone(),
                references: g.references.clone(),
                note: q.and_then(|q| q.note.clone()),
                evidence: q.and_then(|q| q.evidence.clone()),
                owner: act.and_then(|x| text(x.owner.as_ref())),
                due: act.and_then(|x| text(x.due.as_ref())),
                status: act.map(|x| x.status.value),
                effort: act.and_then(|x| text(x.effort.as_ref())),
                overdue: match (act, as_of) {
                    (Some(x), Some(d)) => x.is_overdue(d),
                    _ => false,
                },
            }
        })
        .collect();
    Plan {
        version: PLAN_VERSION,
        set: PlanSet {
            id: score.set.id.clone(),
            version: score.set.version.clone(),
            title: score.set.title.clone(),
        },
        organisation: score.organisation.clone(),
        profile: score.profile_id.clone(),
        classification: a.classification.as_ref().map(|c| c.value.clone()),
        as_of: as_of.map(str::to_owned),
        critical_only: opts.critical_only,
        items,
    }
}

/// Figures for the report's executive summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
pub struct PlanSummary {
    /// Items (gaps) in the plan.
    pub items: usize,
    /// Of these, critical.
    pub critical: usize,
    /// Items with a planned action.
    pub with_action: usize,
    /// Items with an owner.
    pub with_owner: usize,
    /// Items with a due date.
    pub with_due: usize,
    /// Items with both an owner and a due date.
    pub with_owner_and_due: usize,
    /// Items in progress.
    pub in_progress: usize,
    /// Items done.
    pub done: usize,
    /// Items overdue on the plan's `as_of`.
    pub overdue: usize,
}

/// Counts of the plan for the executive summary.
pub fn summary(plan: &Plan) -> PlanSummary {
    let mut s = PlanSummary {
        items: plan.items.len(),
        ..PlanSummary::default()
    };
    for i in &plan.items {
        s.critical += usize::from(i.critical);
        s.with_action += usize::from(i.status.is_some());
        s.with_owner += usize::from(i.owner.is_some());
        s.with_due += usize::from(i.due.is_some());
        s.with_owner_and_due += usize::from(i.owner.is_some() && i.due.is_some());
        s.in_progress += usize::from(i.status == Some(ActionStatus::InProgress));
        s.done += usize::from(i.status == Some(ActionStatus::Done));
        s.overdue += usize::from(i.overdue);
    }
    s
}

// ---------------------------------------------------------------------------------------
// Roadmap

/// A phase of the roadmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Due before the reference day and not done.
    Overdue,
    /// Due on the reference day or within the next [`NEXT_DAYS`] days.
    Next90Days,
    /// Due later than that.
    Later,
    /// Has a due date, but there is no reference day to place it.
    Scheduled,
    /// Not done and no due date: critical first, then by priority (the gap list's order).
    Unscheduled,
    /// Status `done`.
    Done,
}

impl Phase {
    /// The heading of the phase.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Phase::Overdue => lang.pick("Überfällig", "Overdue"),
            Phase::Next90Days => lang.pick("Nächste 90 Tage", "Next 90 days"),
            Phase::Later => lang.pick("Später", "Later"),
            Phase::Scheduled => lang.pick("Mit Termin", "Scheduled"),
            Phase::Unscheduled => lang.pick(
                "Ohne Termin (kritische zuerst, dann nach Priorität)",
                "Not scheduled (critical first, then by priority)",
            ),
            Phase::Done => lang.pick("Erledigt", "Done"),
        }
    }
}

/// One phase of the roadmap with its items (indices into `plan.items`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapPhase {
    /// The phase.
    pub phase: Phase,
    /// Indices into the plan's items, in the phase's order.
    pub items: Vec<usize>,
}

/// Groups the plan into phases, in this order and leaving out empty ones: overdue, next 90
/// days, later (all relative to the plan's `as_of`; without it every dated item is
/// "scheduled"), not scheduled, done. Dated phases are ordered by due date, then by the gap
/// list's order; "not scheduled" and "done" keep the gap list's order (critical first, then
/// by priority). An item's due date that is not a valid date counts as no due date.
pub fn roadmap(plan: &Plan) -> Vec<RoadmapPhase> {
    let today = plan.as_of.as_deref().and_then(day_number);
    let mut by_phase: Vec<(Phase, Option<i64>, usize)> = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let due = it.due.as_deref().and_then(day_number);
            let phase = if it.status == Some(ActionStatus::Done) {
                Phase::Done
            } else {
                match (due, today) {
                    (None, _) => Phase::Unscheduled,
                    (Some(_), None) => Phase::Scheduled,
                    (Some(d), Some(t)) if d < t => Phase::Overdue,
                    (Some(d), Some(t)) if d - t <= NEXT_DAYS => Phase::Next90Days,
                    (Some(_), Some(_)) => Phase::Later,
                }
            };
            let key = match phase {
                Phase::Overdue | Phase::Next90Days | Phase::Later | Phase::Scheduled => due,
                Phase::Unscheduled | Phase::Done => None,
            };
            (phase, key, i)
        })
        .collect();
    by_phase.sort_by_key(|&(p, d, i)| (p, d, i));
    let mut out: Vec<RoadmapPhase> = Vec::new();
    for (p, _, i) in by_phase {
        match out.last_mut() {
            Some(last) if last.phase == p => last.items.push(i),
            _ => out.push(RoadmapPhase {
                phase: p,
                items: vec![i],
            }),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Renderings

/// The plan as JSON (pretty, with a trailing newline); schema: `cyberkompass schema plan`.
pub fn to_json(plan: &Plan) -> String {
    let mut s = serde_json::to_string_pretty(plan).unwrap_or_default();
    s.push('\n');
    s
}

/// The CSV dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvStyle {
    /// RFC 4180: `,` between cells, CRLF after each record, no byte order mark.
    Rfc4180,
    /// For Excel with German settings: UTF-8 byte order mark, `;` between cells, CRLF.
    Excel,
}

/// The CSV columns, in order: (English header = JSON name, German header).
pub const CSV_COLUMNS: [(&str, &str); 22] = [
    ("rank", "Rang"),
    ("external_id", "Externe Id"),
    ("field", "Handlungsfeld-Id"),
    ("field_number", "Nr."),
    ("field_title", "Handlungsfeld"),
    ("question", "Frage-Id"),
    ("text", "Frage"),
    ("critical", "kritisch"),
    ("weight", "Gewicht"),
    ("rating", "Reifegrad"),
    ("target", "Ziel"),
    ("shortfall", "Abstand"),
    ("priority", "Priorität"),
    ("recommendation", "Empfehlung"),
    ("references", "Bezüge"),
    ("note", "Notiz"),
    ("evidence", "Nachweis"),
    ("owner", "Verantwortlich"),
    ("due", "Termin"),
    ("status", "Status"),
    ("effort", "Aufwand"),
    ("overdue", "überfällig"),
];

/// A text in `lang`, or else in the first language there is.
fn yes_no(b: bool, lang: Lang) -> &'static str {
    match b {
        true => lang.pick("ja", "yes"),
        false => lang.pick("nein", "no"),
    }
}

/// References as one line: `GS++ DET.5.8; NIS2 e; ISO A.5.7`.
pub fn references_line(r: &RefList) -> String {
    let mut parts = Vec::new();
    for (prefix, list) in [
        ("GS++", &r.grundschutz),
        ("NIS2", &r.nis2),
        ("ISO", &r.iso27001),
    ] {
        for x in list {
            parts.push(format!("{prefix} {x}"));
        }
    }
    parts.join("; ")
}

/// The cells of one item, in [`CSV_COLUMNS`] order, as people read them in `lang`.
fn cells(i: &PlanItem, lang: Lang) -> [String; 22] {
    let o = |x: &Option<String>| x.clone().unwrap_or_default();
    [
        i.rank.to_string(),
        i.external_id.clone(),
        i.field.clone(),
        i.field_number.to_string(),
        crate::i18n::text_in(&i.field_title, lang).to_owned(),
        i.question.clone(),
        crate::i18n::text_in(&i.text, lang).to_owned(),
        yes_no(i.critical, lang).to_owned(),
        i.weight.to_string(),
        i.rating.to_string(),
        i.target.to_string(),
        i.shortfall.to_string(),
        i.priority.to_string(),
        i.recommendation
            .as_ref()
            .map(|r| crate::i18n::text_in(r, lang).to_owned())
            .unwrap_or_default(),
        references_line(&i.references),
        o(&i.note),
        o(&i.evidence),
        o(&i.owner),
        o(&i.due),
        i.status
            .map(|s| s.label(lang).to_owned())
            .unwrap_or_default(),
        o(&i.effort),
        yes_no(i.overdue, lang).to_owned(),
    ]
}

/// A cell that a spreadsheet would take as a formula (it starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return) gets a leading `'`, so that it shows as text (CSV injection guard).
pub fn guard_formula(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// One CSV cell per RFC 4180 after the formula guard: quoted when it holds the separator, a
/// quote, CR or LF (quotes doubled), as is otherwise.
pub fn csv_cell(s: &str, sep: char) -> String {
    let g = guard_formula(s);
    if g.contains([sep, '"', '\r', '\n']) {
        format!("\"{}\"", g.replace('"', "\"\""))
    } else {
        g.into_owned()
    }
}

fn csv_record(o: &mut String, cells: impl IntoIterator<Item = impl AsRef<str>>, sep: char) {
    for (n, c) in cells.into_iter().enumerate() {
        if n > 0 {
            o.push(sep);
        }
        o.push_str(&csv_cell(c.as_ref(), sep));
    }
    o.push_str("\r\n");
}

/// The plan as CSV: a header row in `lang` (English headers are the JSON names), then one
/// record per item in plan order; every cell passes [`guard_formula`]. An empty plan gives
/// the header alone.
pub fn to_csv(plan: &Plan, lang: Lang, style: CsvStyle) -> String {
    let sep = match style {
        CsvStyle::Rfc4180 => ',',
        CsvStyle::Excel => ';',
    };
    let mut o = String::with_capacity(256 + 400 * plan.items.len());
    if style == CsvStyle::Excel {
        o.push('\u{feff}');
    }
    csv_record(
        &mut o,
        CSV_COLUMNS.iter().map(|(en, de)| lang.pick(*de, *en)),
        sep,
    );
    for i in &plan.items {
        csv_record(&mut o, cells(i, lang), sep);
    }
    o
}

/// Labels of the Markdown and issue renderings.
struct Labels {
    plan: &'static str,
    question: &'static str,
    field: &'static str,
    critical: &'static str,
    rating_target: &'static str,
    priority: &'static str,
    recommendation: &'static str,
    references: &'static str,
    note: &'static str,
    evidence: &'static str,
    owner: &'static str,
    due: &'static str,
    status: &'static str,
    effort: &'static str,
    overdue: &'static str,
    profile: &'static str,
    as_of: &'static str,
    none: &'static str,
    classification: &'static str,
}

fn labels(lang: Lang) -> Labels {
    Labels {
        plan: lang.pick("Maßnahmenplan", "Action plan"),
        question: lang.pick("Frage", "Question"),
        field: lang.pick("Handlungsfeld", "Field of action"),
        critical: lang.pick("kritisch", "critical"),
        rating_target: lang.pick("Reifegrad → Ziel", "Level → target"),
        priority: lang.pick("Priorität", "Priority"),
        recommendation: lang.pick("Empfehlung", "Recommendation"),
        references: lang.pick("Bezüge", "References"),
        note: lang.pick("Notiz", "Note"),
        evidence: lang.pick("Nachweis", "Evidence"),
        owner: lang.pick("Verantwortlich", "Owner"),
        due: lang.pick("Termin", "Due"),
        status: lang.pick("Status", "Status"),
        effort: lang.pick("Aufwand", "Effort"),
        overdue: lang.pick("überfällig", "overdue"),
        profile: lang.pick("Zielprofil", "Target profile"),
        as_of: lang.pick("Stand", "As of"),
        none: lang.pick("Keine Lücken.", "No gaps."),
        classification: lang.pick("Einstufung", "Classification"),
    }
}

fn status_text(i: &PlanItem, lang: Lang, l: &Labels) -> String {
    let mut s = i
        .status
        .map(|s| s.label(lang).to_owned())
        .unwrap_or_default();
    if i.overdue {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str("**");
        s.push_str(l.overdue);
        s.push_str("**");
    }
    s
}

/// The plan as one Markdown table (GitHub, GitLab and pandoc read it); all user and set text
/// is escaped so that nothing in it can break the table or start markup.
pub fn to_markdown(plan: &Plan, lang: Lang) -> String {
    let l = labels(lang);
    let e = |s: &str| escape_markdown(s);
    let mut o = String::with_capacity(512 + 300 * plan.items.len());
    if let Some(c) = &plan.classification {
        let _ = writeln!(o, "**{}: {}**\n", l.classification, e(c));
    }
    let _ = writeln!(o, "# {} – {}\n", l.plan, e(&plan.organisation));
    let _ = write!(
        o,
        "{}: {} · {}: {}",
        lang.pick("Set", "Set"),
        e(&format!(
            "{} {}",
            crate::i18n::text_in(&plan.set.title, lang),
            plan.set.version
        )),
        l.profile,
        e(&plan.profile)
    );
    if let Some(d) = &plan.as_of {
        let _ = write!(o, " · {}: {}", l.as_of, e(d));
    }
    o.push_str("\n\n");
    if plan.items.is_empty() {
        let _ = writeln!(o, "{}", l.none);
        return o;
    }
    let _ = writeln!(
        o,
        "| # | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        l.question,
        l.field,
        l.rating_target,
        l.priority,
        l.recommendation,
        l.owner,
        l.due,
        l.status,
        l.effort
    );
    o.push_str("|---:|---|---|---|---:|---|---|---|---|---|\n");
    for i in &plan.items {
        let crit = if i.critical {
            format!(" ({})", l.critical)
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "| {} | {}{}: {} | {} {} | {} → {} | {} | {} | {} | {} | {} | {} |",
            i.rank,
            e(&i.question),
            crit,
            e(crate::i18n::text_in(&i.text, lang)),
            i.field_number,
            e(crate::i18n::text_in(&i.field_title, lang)),
            i.rating,
            i.target,
            i.priority,
            i.recommendation
                .as_ref()
                .map(|r| e(crate::i18n::text_in(r, lang)))
                .unwrap_or_default(),
            i.owner.as_deref().map(e).unwrap_or_default(),
            i.due.as_deref().map(e).unwrap_or_default(),
            status_text(i, lang, &l),
            i.effort.as_deref().map(e).unwrap_or_default(),
        );
    }
    o
}

/// One issue for a tracker.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Issue {
    /// The item's external id (also in the body's marker).
    pub external_id: String,
    /// `<question id>: <question>`, one line, at most 200 characters.
    pub title: String,
    /// Markdown: field, levels, recommendation, references, note, evidence, plan; it ends in
    /// the marker `<!-- cyberkompass:<set id>:<question id> -->`.
    pub body: String,
    /// `cyberkompass`, `field:<id>`, `critical` when critical, `nis2:<letter>` per reference.
    pub labels: Vec<String>,
}

/// The HTML comment that marks an issue as the one for `external_id`; a sync script finds an
/// existing issue by it and updates it instead of opening a second one. Characters that could
/// end the comment early are replaced.
pub fn issue_marker(external_id: &str) -> String {
    let safe: String = external_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ":._".contains(c) || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    // `--` may not appear inside an HTML comment.
    let mut s = safe;
    while s.contains("--") {
        s = s.replace("--", "-_");
    }
    format!("<!-- {s} -->")
}

/// A one-line title of at most `max` characters (an ellipsis marks a cut); control characters
/// become spaces.
fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut t: String = flat.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// The plan as issues for a tracker, one per item in plan order.
pub fn issues(plan: &Plan, lang: Lang) -> Vec<Issue> {
    let l = labels(lang);
    let e = |s: &str| escape_markdown(s);
    plan.items
        .iter()
        .map(|i| {
            let mut b = String::new();
            let _ = writeln!(
                b,
                "**{}:** {}\n",
                l.question,
                e(crate::i18n::text_in(&i.text, lang))
            );
            let _ = writeln!(
                b,
                "- {}: {} {}",
                l.field,
                i.field_number,
                e(crate::i18n::text_in(&i.field_title, lang))
            );
            let _ = writeln!(
                b,
                "- {}: {} → {} · {}: {}{}",
                l.rating_target,
                i.rating,
                i.target,
                l.priority,
                i.priority,
                if i.critical {
                    format!(" · **{}**", l.critical)
                } else {
                    String::new()
                }
            );
            let refs = references_line(&i.references);
            for (k, v) in [
                (l.references, Some(refs.as_str()).filter(|r| !r.is_empty())),
                (l.note, i.note.as_deref()),
                (l.evidence, i.evidence.as_deref()),
                (l.owner, i.owner.as_deref()),
                (l.due, i.due.as_deref()),
                (l.effort, i.effort.as_deref()),
            ] {
                if let Some(v) = v {
                    let _ = writeln!(b, "- {k}: {}", e(v));
                }
            }
            let st = status_text(i, lang, &l);
            if !st.is_empty() {
                let _ = writeln!(b, "- {}: {st}", l.status);
            }
            if let Some(r) = &i.recommendation {
                let _ = writeln!(
                    b,
                    "\n**{}:** {}",
                    l.recommendation,
                    e(crate::i18n::text_in(r, lang))
                );
            }
            let _ = write!(b, "\n{}\n", issue_marker(&i.external_id));
            let mut labels = vec!["cyberkompass".to_owned(), format!("field:{}", i.field)];
            if i.critical {
                labels.push("critical".to_owned());
            }
            labels.extend(i.references.nis2.iter().map(|n| format!("nis2:{n}")));
            Issue {
                external_id: i.external_id.clone(),
                title: one_line(
                    &format!("{}: {}", i.question, crate::i18n::text_in(&i.text, lang)),
                    200,
                ),
                body: b,
                labels,
            }
        })
        .collect()
}

/// [`issues`] as a JSON array (pretty, with a trailing newline).
pub fn to_issues_json(plan: &Plan, lang: Lang) -> String {
    let mut s = serde_json::to_string_pretty(&issues(plan, lang)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sp;
    use crate::scoring::tests::{assess, field, q, set};
    use crate::scoring::{ScoreOptions, score};
    use proptest::prelude::*;

    fn action(owner: Option<&str>, due: Option<&str>, status: ActionStatus) -> Action {
        Action {
            owner: owner.map(|s| Sp::new(s.to_owned())),
            due: due.map(|s| Sp::new(s.to_owned())),
            status: Sp::new(status),
            effort: None,
        }
    }

    /// Five questions in two fields, target 3; four gaps; actions on three gaps and on A-03,
    /// which has no gap.
    fn fixture() -> (crate::model::ChecklistSet, AssessmentFile) {
        let s = set(
            0.8,
            3,
            vec![
                field(
                    "a",
                    1,
                    vec![q("A-01", 1, true), q("A-02", 3, false), q("A-03", 2, false)],
                ),
                field("b", 1, vec![q("B-01", 2, true), q("B-02", 1, false)]),
            ],
        );
        let mut a = assess(&[
            ("A-01", Some(1)),
            ("A-02", Some(2)),
            ("A-03", Some(3)),
            ("B-01", Some(2)),
            ("B-02", Some(0)),
        ]);
        let set_action = |a: &mut AssessmentFile, id: &str, x: Action| {
            a.answers
                .iter_mut()
                .find(|y| y.id.value == id)
                .unwrap()
                .action = Some(x);
        };
        set_action(
            &mut a,
            "A-01",
            action(
                Some("=HYPERLINK(\"http://x\",\"y\")"),
                Some("2026-10-01"),
                ActionStatus::InProgress,
            ),
        );
        set_action(
            &mut a,
            "B-01",
            action(None, Some("2026-01-01"), ActionStatus::Done),
        );
        set_action(
            &mut a,
            "A-02",
            action(Some("IT; Leitung"), Some("2027-01-15"), ActionStatus::Open),
        );
        set_action(
            &mut a,
            "A-03",
            action(Some("Hauptamt"), Some("2027-06-30"), ActionStatus::Open),
        );
        a.classification = Some(Sp::new("TLP:AMBER".into()));
        (s, a)
    }

    fn plan_of(critical_only: bool, as_of: Option<&str>) -> (ScoreResult, Plan) {
        let (s, a) = fixture();
        let sc = score(&s, &a, &ScoreOptions::default());
        let p = build(
            &sc,
            &a,
            &PlanOptions {
                critical_only,
                as_of: as_of.map(str::to_owned),
            },
        );
        (sc, p)
    }

    #[test]
    fn items_are_the_gap_list_in_its_order_with_the_actions() {
        let (sc, p) = plan_of(false, Some("2026-11-27"));
        let gaps: Vec<(&str, u32, u64)> = sc
            .gaps
            .iter()
            .map(|g| (g.question.as_str(), g.rank, g.priority))
            .collect();
        let items: Vec<(&str, u32, u64)> = p
            .items
            .iter()
            .map(|i| (i.question.as_str(), i.rank, i.priority))
            .collect();
        assert_eq!(items, gaps);
        assert!(
            !p.items.iter().any(|i| i.question == "A-03"),
            "no gap, no item"
        );
        let a01 = &p.items.iter().find(|i| i.question == "A-01").unwrap();
        assert_eq!(a01.external_id, "cyberkompass:t:A-01");
        assert_eq!(a01.status, Some(ActionStatus::InProgress));
        assert!(a01.overdue);
        let b01 = &p.items.iter().find(|i| i.question == "B-01").unwrap();
        assert!(!b01.overdue, "done is never overdue");
        assert_eq!(p.items.iter().filter(|i| i.status.is_none()).count(), 1);
        assert_eq!(p.classification.as_deref(), Some("TLP:AMBER"));

        let (_, no_day) = plan_of(false, None);
        assert!(
            no_day.items.iter().all(|i| !i.overdue),
            "no day, nothing overdue"
        );

        let (sc, crit) = plan_of(true, Some("2026-11-27"));
        let want: Vec<&str> = sc
            .gaps
            .iter()
            .filter(|g| g.critical)
            .map(|g| g.question.as_str())
            .collect();
        let got: Vec<&str> = crit.items.iter().map(|i| i.question.as_str()).collect();
        assert_eq!(got, want);
        assert!(!want.is_empty() && want.len() < sc.gaps.len());
    }

    #[test]
    fn summary_counts() {
        let (_, p) = plan_of(false, Some("2026-11-27"));
        let s = summary(&p);
        assert_eq!(s.items, p.items.len());
        assert_eq!(s.critical, p.items.iter().filter(|i| i.critical).count());
        assert_eq!((s.with_action, s.with_owner, s.with_due), (3, 2, 3));
        assert_eq!(
            (s.with_owner_and_due, s.in_progress, s.done, s.overdue),
            (2, 1, 1, 1)
        );
    }

    #[test]
    fn csv_quotes_guards_and_has_a_header_in_each_language() {
        let (_, p) = plan_of(false, Some("2026-11-27"));
        let c = to_csv(&p, Lang::En, CsvStyle::Rfc4180);
        let header = c.split("\r\n").next().unwrap();
        assert_eq!(header, CSV_COLUMNS.map(|(en, _)| en).join(","));
        assert!(
            c.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","),
            "{c}"
        );
        assert!(c.contains(",IT; Leitung,"), "no `,` in it: not quoted {c}");
        assert_eq!(c.matches("\r\n").count(), p.items.len() + 1);
        assert!(!c.replace("\r\n", "").contains('\n'));
        let de = to_csv(&p, Lang::De, CsvStyle::Excel);
        assert!(de.starts_with("\u{feff}Rang;Externe Id;"), "{de}");
        assert!(de.contains(";\"IT; Leitung\";"), "{de}");
        assert!(de.contains(";in Arbeit;"), "{de}");
        assert_eq!(de.as_bytes()[..3], [0xef, 0xbb, 0xbf]);
        let empty = Plan {
            items: vec![],
            ..p.clone()
        };
        assert_eq!(
            to_csv(&empty, Lang::En, CsvStyle::Rfc4180)
                .matches("\r\n")
                .count(),
            1
        );
    }

    #[test]
    fn formula_guard() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(guard_formula(s), format!("'{s}"));
        }
        for s in ["1", "a=b", "", "'=x", " =x", "2027-03-31"] {
            assert_eq!(guard_formula(s), s);
        }
        assert_eq!(csv_cell("a\"b", ','), "\"a\"\"b\"");
        assert_eq!(csv_cell("a;b", ','), "a;b");
        assert_eq!(csv_cell("a;b", ';'), "\"a;b\"");
        assert_eq!(csv_cell("-x\ny", ','), "\"'-x\ny\"");
    }

    fn read_csv(text: &str, sep: u8) -> Vec<Vec<String>> {
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        csv::ReaderBuilder::new()
            .delimiter(sep)
            .has_headers(false)
            .from_reader(body.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect()
    }

    fn unguard(cell: &str, original: &str) -> String {
        if original.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            cell.strip_prefix('\'').unwrap().to_owned()
        } else {
            cell.to_owned()
        }
    }

    proptest! {
        #[test]
        fn csv_round_trips_through_a_real_reader(
            owner in any::<String>(),
            note in "[-=+@\t\r\n\",; a-zä'|]{0,20}",
            excel in any::<bool>(),
        ) {
            let (s, mut a) = fixture();
            a.answers[0].note = Some(Sp::new(note.clone()));
            a.answers[0].action.as_mut().unwrap().owner = Some(Sp::new(owner.clone()));
            let sc = score(&s, &a, &ScoreOptions::default());
            let p = build(&sc, &a, &PlanOptions::default());
            let (style, sep) = if excel { (CsvStyle::Excel, b';') } else { (CsvStyle::Rfc4180, b',') };
            let rows = read_csv(&to_csv(&p, Lang::De, style), sep);
            prop_assert_eq!(rows.len(), p.items.len() + 1);
            let col = |name: &str| CSV_COLUMNS.iter().position(|(en, _)| *en == name).unwrap();
            for (row, item) in rows[1..].iter().zip(&p.items) {
                prop_assert_eq!(row.len(), CSV_COLUMNS.len());
                prop_assert_eq!(&row[col("question")], &item.question);
                let o = item.owner.clone().unwrap_or_default();
                prop_assert_eq!(unguard(&row[col("owner")], &o), o);
                let n = item.note.clone().unwrap_or_default();
                prop_assert_eq!(unguard(&row[col("note")], &n), n);
                for c in row {
                    prop_assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", c);
                }
            }
        }

        #[test]
        fn items_follow_the_gap_list_for_any_ratings(
            ratings in proptest::collection::vec(proptest::option::of(0u8..=5), 12),
            weights in proptest::collection::vec(1u32..4, 12),
            crit in proptest::collection::vec(any::<bool>(), 12),
            critical_only in any::<bool>(),
        ) {
            let qs: Vec<_> = (0..12).map(|i| q(&format!("Q-{i:02}"), weights[i], crit[i])).collect();
            let s = set(0.8, 4, vec![field("a", 1, qs[..5].to_vec()), field("b", 2, qs[5..].to_vec())]);
            let ids: Vec<String> = (0..12).map(|i| format!("Q-{i:02}")).collect();
            let answers: Vec<(&str, Option<u8>)> = ids.iter().zip(&ratings)
                .filter_map(|(id, r)| r.map(|r| (id.as_str(), Some(r)))).collect();
            let a = assess(&answers);
            let sc = score(&s, &a, &ScoreOptions::default());
            let p = build(&sc, &a, &PlanOptions { critical_only, as_of: None });
            let want: Vec<&str> = sc.gaps.iter().filter(|g| !critical_only || g.critical)
                .map(|g| g.question.as_str()).collect();
            let got: Vec<&str> = p.items.iter().map(|i| i.question.as_str()).collect();
            prop_assert_eq!(got, want);
            let mut ext: Vec<&str> = p.items.iter().map(|i| i.external_id.as_str()).collect();
            ext.sort_unstable();
            ext.dedup();
            prop_assert_eq!(ext.len(), p.items.len());
            // Same input, same bytes.
            prop_assert_eq!(to_json(&p), to_json(&build(&sc, &a, &PlanOptions { critical_only, as_of: None })));
        }
    }

    #[test]
    fn markdown_escapes_user_text() {
        let (s, mut a) = fixture();
        a.organisation = Sp::new("Amt | <script>".into());
        a.answers[0].action.as_mut().unwrap().owner = Some(Sp::new("a|b\n# x `c`".into()));
        let sc = score(&s, &a, &ScoreOptions::default());
        let p = build(
            &sc,
            &a,
            &PlanOptions {
                critical_only: false,
                as_of: Some("2026-11-27".into()),
            },
        );
        let m = to_markdown(&p, Lang::De);
        assert!(m.starts_with("**Einstufung: TLP:AMBER**\n"), "{m}");
        assert!(
            m.contains("# Maßnahmenplan – Amt \\| &lt;script&gt;\n"),
            "{m}"
        );
        let rows: Vec<&str> = m.lines().filter(|l| l.starts_with("| ")).collect();
        assert_eq!(rows.len(), p.items.len() + 1);
        // Every row has the same number of unescaped pipes as the header.
        let pipes = |l: &str| {
            let b = l.as_bytes();
            (0..b.len())
                .filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'))
                .count()
        };
        for r in &rows {
            assert_eq!(pipes(r), pipes(rows[0]), "{r}");
        }
        assert!(
            m.contains("a\\|b \\# x \\`c\\`") || m.contains("a\\|b # x \\`c\\`"),
            "{m}"
        );
        assert!(m.contains("**überfällig**"), "{m}");
        let empty = Plan { items: vec![], ..p };
        assert!(to_markdown(&empty, Lang::En).ends_with("No gaps.\n"));
    }

    #[test]
    fn issues_have_unique_titles_a_marker_and_labels() {
        let (_, p) = plan_of(false, Some("2026-11-27"));
        let is = issues(&p, Lang::En);
        assert_eq!(is.len(), p.items.len());
        let mut titles: Vec<&str> = is.iter().map(|i| i.title.as_str()).collect();
        titles.sort_unstable();
        titles.dedup();
        assert_eq!(titles.len(), is.len());
        for (i, item) in is.iter().zip(&p.items) {
            assert!(
                i.body
                    .ends_with(&format!("<!-- {} -->\n", item.external_id)),
                "{}",
                i.body
            );
            assert_eq!(i.labels[0], "cyberkompass");
            assert_eq!(i.labels[1], format!("field:{}", item.field));
            assert_eq!(i.labels.contains(&"critical".to_owned()), item.critical);
            assert!(!i.title.contains('\n'));
        }
        let j: serde_json::Value = serde_json::from_str(&to_issues_json(&p, Lang::De)).unwrap();
        assert_eq!(j.as_array().unwrap().len(), p.items.len());
        assert_eq!(
            issue_marker("cyberkompass:a--b:X-01 -->"),
            "<!-- cyberkompass:a-_b:X-01_-__ -->"
        );
        assert_eq!(one_line("a\nb", 10), "a b");
        assert_eq!(one_line(&"x".repeat(300), 200).chars().count(), 200);
    }

    #[test]
    fn reference_day_prefers_date_then_source_date_epoch_then_updated() {
        let r = |d, e, u| reference_day(d, e, u, Lang::En);
        assert_eq!(
            r(Some("2026-12-01"), Some("0"), Some("2026-11-20")),
            Ok(Some("2026-12-01".into()))
        );
        assert_eq!(
            r(None, Some("1764201600"), Some("2026-11-20")),
            Ok(Some("2025-11-27".into()))
        );
        assert_eq!(
            r(None, None, Some("2026-11-20")),
            Ok(Some("2026-11-20".into()))
        );
        assert_eq!(r(None, None, Some("20.11.2026")), Ok(None));
        assert_eq!(r(None, None, None), Ok(None));
        assert!(
            r(Some("27.11.2026"), None, None)
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(r(None, Some("-1"), None).is_err());
        assert!(r(None, Some("1e9"), None).is_err());
        assert!(r(None, Some("99999999999999"), None).is_err());
        assert_eq!(
            r(None, Some("253402300799"), None),
            Ok(Some("9999-12-31".into()))
        );
    }

    #[test]
    fn roadmap_phases() {
        let (_, p) = plan_of(false, Some("2026-11-27"));
        let r = roadmap(&p);
        let named: Vec<(Phase, Vec<&str>)> = r
            .iter()
            .map(|ph| {
                (
                    ph.phase,
                    ph.items
                        .iter()
                        .map(|&i| p.items[i].question.as_str())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            named,
            vec![
                (Phase::Overdue, vec!["A-01"]),
                (Phase::Next90Days, vec!["A-02"]),
                (Phase::Unscheduled, vec!["B-02"]),
                (Phase::Done, vec!["B-01"]),
            ]
        );
        // Every item is in exactly one phase.
        let mut all: Vec<usize> = r.iter().flat_map(|ph| ph.items.clone()).collect();
        all.sort_unstable();
        assert_eq!(all, (0..p.items.len()).collect::<Vec<_>>());
        // 90 days is inclusive; 91 is later; without a day, dated items are "scheduled".
        let mut q = p.clone();
        q.as_of = Some("2026-10-17".into()); // 2027-01-15 is 90 days later
        let r = roadmap(&q);
        assert!(r.iter().any(|ph| ph.phase == Phase::Next90Days
            && ph.items.iter().any(|&i| q.items[i].question == "A-02")));
        q.as_of = Some("2026-10-16".into());
        assert!(roadmap(&q).iter().any(|ph| ph.phase == Phase::Later));
        q.as_of = None;
        let phases: Vec<Phase> = roadmap(&q).iter().map(|ph| ph.phase).collect();
        assert_eq!(phases, [Phase::Scheduled, Phase::Unscheduled, Phase::Done]);
    }

    #[test]
    fn roadmap_orders_dated_phases_by_due_then_plan_order_and_the_rest_by_plan_order() {
        let (_, mut p) = plan_of(false, Some("2026-11-27"));
        for (i, it) in p.items.iter_mut().enumerate() {
            it.status = Some(ActionStatus::Open);
            it.due = Some(
                if i % 2 == 0 {
                    "2026-12-31"
                } else {
                    "2026-12-01"
                }
                .to_owned(),
            );
        }
        let r = roadmap(&p);
        assert_eq!(r.len(), 1);
        let n = p.items.len();
        let want: Vec<usize> = (0..n)
            .filter(|i| i % 2 == 1)
            .chain((0..n).filter(|i| i % 2 == 0))
            .collect();
        assert_eq!(r[0].items, want);
        for it in &mut p.items {
            it.due = None;
        }
        assert_eq!(roadmap(&p)[0].items, (0..n).collect::<Vec<_>>());
    }
}
