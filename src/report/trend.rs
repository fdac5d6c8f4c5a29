//! The trend section of a report (`report FILE --baseline OLD.yaml`): the field levels then
//! and now, the gaps closed and opened, and one sentence for the summary. Built from a
//! [`crate::compare::Comparison`] of the baseline and the file (every figure from
//! [`crate::scoring`] through it); rendered by the partials `trend` (HTML) and `trend_md`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::compare::render::answer_text;
use crate::compare::{Comparison, GapChange, Point, WarningKind};
use crate::i18n::{Lang, tenths_text, text_in};
use crate::tr;

/// The trend against an earlier assessment.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Trend {
    /// The baseline file as given on the command line.
    pub baseline_file: String,
    /// The baseline's date (`updated`, else `created`), or null.
    pub baseline_date: Option<String>,
    /// What the baseline is called in text: its date, else its file name.
    pub baseline_label: String,
    /// One sentence on the change, for the executive summary.
    pub sentence: String,
    /// The fields of action in the set's order.
    pub fields: Vec<TrendRow>,
    /// The overall result.
    pub overall: TrendRow,
    /// Questions below target in the baseline and not any more.
    pub gaps_closed: Vec<TrendGap>,
    /// Questions below target now and not in the baseline.
    pub gaps_opened: Vec<TrendGap>,
    /// Differences that make the comparison less meaningful (organisation, profile, set
    /// version), as sentences.
    pub warnings: Vec<String>,
    /// Headings and labels of the section in the report's language.
    pub labels: BTreeMap<String, String>,
}

/// One field (or the overall result) then and now.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TrendRow {
    /// Field id (`overall` for the overall row).
    pub id: String,
    /// Field number (0 for the overall row).
    pub number: u32,
    /// Title in the report's language.
    pub title: String,
    /// The baseline's level, or null.
    pub level_before: Option<u8>,
    /// The level now, or null.
    pub level_now: Option<u8>,
    /// The baseline's index as text, or "–".
    pub index_before_text: String,
    /// The index now as text, or "–".
    pub index_now_text: String,
    /// The change of the level as text (`+1`, `−1`, `±0`, `–`).
    pub level_change_text: String,
    /// The change of the index as text (`+0,4`, `–`).
    pub index_change_text: String,
    /// `up`, `down`, `same` (by level), or `none` when one level is missing.
    pub direction: String,
}

/// A gap closed or opened.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TrendGap {
    /// Question id.
    pub question: String,
    /// The question in the report's language.
    pub text: String,
    /// Whether the question is critical.
    pub critical: bool,
    /// The answer in the baseline (`0`–`5`, `n/a`, `–`).
    pub before_text: String,
    /// The answer now.
    pub now_text: String,
    /// The field's target.
    pub target: u8,
}

fn signed(v: i64, unit: impl Fn(u32) -> String) -> String {
    match v {
        0 => "±0".to_owned(),
        v if v > 0 => format!("+{}", unit(v.unsigned_abs() as u32)),
        v => format!("−{}", unit(v.unsigned_abs() as u32)),
    }
}

fn row(id: &str, number: u32, title: String, p: &[Point], lang: Lang) -> TrendRow {
    let (a, b) = (&p[0], &p[p.len() - 1]);
    let idx = |x: &Point| {
        x.index
            .as_ref()
            .map_or_else(|| "–".to_owned(), |i| tenths_text(i.tenths, lang))
    };
    let (level_change_text, direction) = match (a.level, b.level) {
        (Some(x), Some(y)) => (
            signed(i64::from(y) - i64::from(x), |u| u.to_string()),
            match y.cmp(&x) {
                std::cmp::Ordering::Greater => "up",
                std::cmp::Ordering::Less => "down",
                std::cmp::Ordering::Equal => "same",
            },
        ),
        _ => ("–".to_owned(), "none"),
    };
    let index_change_text = match (&a.index, &b.index) {
        (Some(x), Some(y)) => signed(i64::from(y.tenths) - i64::from(x.tenths), |u| {
            tenths_text(u, lang)
        }),
        _ => "–".to_owned(),
    };
    TrendRow {
        id: id.to_owned(),
        number,
        title,
        level_before: a.level,
        level_now: b.level,
        index_before_text: idx(a),
        index_now_text: idx(b),
        level_change_text,
        index_change_text,
        direction: direction.to_owned(),
    }
}

fn gap(g: &GapChange, lang: Lang) -> TrendGap {
    TrendGap {
        question: g.question.clone(),
        text: text_in(&g.text, lang).to_owned(),
        critical: g.critical,
        before_text: answer_text(g.from),
        now_text: answer_text(g.to),
        target: g.target,
    }
}

const LABELS: &[(&str, &str, &str)] = &[
    (
        "title",
        "Entwicklung seit der letzten Bewertung",
        "Trend since the last assessment",
    ),
    ("baseline", "Vergleichsbasis", "Baseline"),
    ("then", "damals", "then"),
    ("now", "jetzt", "now"),
    ("change", "Veränderung", "Change"),
    ("gaps_closed", "Geschlossene Lücken", "Gaps closed"),
    ("gaps_opened", "Neue Lücken", "Gaps opened"),
    (
        "no_gaps_closed",
        "Keine Lücke wurde geschlossen.",
        "No gap was closed.",
    ),
    ("no_gaps_opened", "Keine neue Lücke.", "No new gap."),
    (
        "answer_then_now",
        "Antwort damals → jetzt",
        "Answer then → now",
    ),
];

/// The trend section from a comparison of exactly the baseline (first) and the file (last).
pub fn build_trend(c: &Comparison, lang: Lang) -> Trend {
    let first = &c.files[0];
    let baseline_label = first.date.clone().unwrap_or_else(|| first.file.clone());
    let fields: Vec<TrendRow> = c
        .fields
        .iter()
        .map(|f| {
            row(
                &f.id,
                f.number,
                text_in(&f.title, lang).to_owned(),
                &f.points,
                lang,
            )
        })
        .collect();
    let overall = row(
        "overall",
        0,
        tr!(lang, "Gesamt", "Overall"),
        &c.overall,
        lang,
    );
    let step = c.steps.last();
    let gaps_closed: Vec<TrendGap> = step
        .map(|s| s.gaps_closed.iter().map(|g| gap(g, lang)).collect())
        .unwrap_or_default();
    let gaps_opened: Vec<TrendGap> = step
        .map(|s| s.gaps_opened.iter().map(|g| gap(g, lang)).collect())
        .unwrap_or_default();
    let up = fields.iter().filter(|f| f.direction == "up").count();
    let down = fields.iter().filter(|f| f.direction == "down").count();
    let level_part = match (overall.level_before, overall.level_now) {
        (Some(a), Some(b)) if b > a => tr!(
            lang,
            "ist der Gesamt-Reifegrad von {a} auf {b} gestiegen",
            "the overall level rose from {a} to {b}"
        ),
        (Some(a), Some(b)) if b < a => tr!(
            lang,
            "ist der Gesamt-Reifegrad von {a} auf {b} gesunken",
            "the overall level fell from {a} to {b}"
        ),
        (Some(a), Some(_)) => tr!(
            lang,
            "ist der Gesamt-Reifegrad mit {a} gleich geblieben",
            "the overall level stayed at {a}"
        ),
        _ => tr!(
            lang,
            "lässt sich der Gesamt-Reifegrad nicht vergleichen",
            "the overall level cannot be compared"
        ),
    };
    let sentence = tr!(
        lang,
        "Gegenüber der Bewertung vom {baseline_label} {level_part} (Gesamtindex {} → {}); {up} Handlungsfelder haben sich verbessert, {down} verschlechtert; {} Lücken wurden geschlossen, {} sind neu.",
        "Compared with the assessment of {baseline_label}, {level_part} (overall index {} → {}); {up} fields improved, {down} declined; {} gaps were closed, {} are new.",
        overall.index_before_text,
        overall.index_now_text,
        gaps_closed.len(),
        gaps_opened.len()
    );
    let warnings = c
        .warnings
        .iter()
        .map(|w| {
            let what = match w.kind {
                WarningKind::Organisation => {
                    tr!(lang, "verschiedene Organisationen", "different organisations")
                }
                WarningKind::Profile => tr!(
                    lang,
                    "verschiedene Zielprofile",
                    "different target profiles"
                ),
                WarningKind::SetVersion => tr!(
                    lang,
                    "verschiedene Versionen des Sets; neue oder entfallene Fragen werden nicht verglichen",
                    "different versions of the set; new or removed questions are not compared"
                ),
            };
            format!("{what}: {}", w.values.join(" → "))
        })
        .collect();
    Trend {
        baseline_file: first.file.clone(),
        baseline_date: first.date.clone(),
        baseline_label,
        sentence,
        fields,
        overall,
        gaps_closed,
        gaps_opened,
        warnings,
        labels: LABELS
            .iter()
            .map(|(k, de, en)| ((*k).to_owned(), lang.pick(*de, *en).to_owned()))
            .collect(),
    }
}
