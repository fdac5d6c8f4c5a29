//! Comparing two or more scored assessments of the same checklist set (pure, no I/O): the
//! files in date order, each field's and the overall level and index per file with deltas,
//! and between each file and the next the question changes, gaps closed and opened, actions
//! done and regressions. Every figure is taken from [`crate::scoring`]; this module only sets
//! results side by side. Renderings (text, Markdown, HTML, CSV) are in [`render`].
//!
//! The result is the data model of `compare --format json` (schema:
//! `cyberkompass schema compare`).

pub mod render;

use std::collections::{BTreeMap, HashMap};

use schemars::JsonSchema;
use serde::Serialize;

use crate::assessment::{ActionStatus, AssessmentFile, Rating};
use crate::model::{ChecklistSet, Text};
use crate::scoring::{AnswerStatus, Index, QuestionScore, ScoreResult};

/// Version of the compare data model.
pub const COMPARE_VERSION: u32 = 1;

/// One scored assessment to compare.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// The file's name as given.
    pub name: &'a str,
    /// SHA-256 (hex) of the file's bytes: breaks ties between files of the same date.
    pub sha256: &'a str,
    /// The assessment.
    pub file: &'a AssessmentFile,
    /// Its score against the set (from [`crate::scoring::score`]).
    pub score: &'a ScoreResult,
}

impl Input<'_> {
    /// The date the file stands for: `updated`, else `created`.
    pub fn date(&self) -> Option<&str> {
        self.file
            .updated
            .as_ref()
            .or(self.file.created.as_ref())
            .map(|d| d.value.as_str())
    }
}

/// Files of different checklist sets: they cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetIdMismatch {
    /// The first file (in date order) and its set id.
    pub first: (String, String),
    /// The first file with another set id, and that id.
    pub other: (String, String),
}

/// The comparison of two or more assessments.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(
    title = "cyberkompass compare",
    description = "The result of `cyberkompass compare --format json`: level and index per field and overall for each assessment in date order, and between consecutive assessments the question changes, gaps closed and opened, actions done and regressions (data model version 1)."
)]
pub struct Comparison {
    /// Version of this data model; 1.
    pub version: u32,
    /// The set every file was scored against (the active set).
    pub set: SetRef,
    /// The files, oldest first (by `updated`, else `created`; ties by content hash, then name).
    pub files: Vec<FileInfo>,
    /// Differences between the files that make the comparison less meaningful.
    pub warnings: Vec<Warning>,
    /// One series per field of action, in the set's order; one point per file.
    pub fields: Vec<FieldSeries>,
    /// The overall result per file.
    pub overall: Vec<Point>,
    /// Between each file and the next (n files give n − 1 steps).
    pub steps: Vec<Step>,
    /// Every question of the set with its answer in each file, in the set's order.
    pub questions: Vec<QuestionSeries>,
    /// Answers to questions the set does not have (`vanished:` or unknown ids): shown, never
    /// compared.
    pub not_comparable: Vec<NotComparable>,
    /// Nothing changed: no level, index, answer, gap or action differs between the files.
    pub no_changes: bool,
}

/// The set scored against.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct SetRef {
    /// The set's id.
    pub id: String,
    /// The set's version.
    pub version: String,
    /// SHA-256 of the set's content.
    pub sha256: String,
    /// Title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
}

/// One assessment file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FileInfo {
    /// The file's name as given on the command line.
    pub file: String,
    /// `updated`, else `created`; `null` without either.
    pub date: Option<String>,
    /// SHA-256 (hex) of the file's bytes.
    pub sha256: String,
    /// The set version the file was made against.
    pub set_version: String,
    /// The assessed organisation.
    pub organisation: String,
    /// The profile id whose targets apply.
    pub profile: String,
}

/// What differs between the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    /// The files name different organisations.
    Organisation,
    /// The files use different profiles (targets differ).
    Profile,
    /// The files were made against different versions of the set.
    SetVersion,
}

/// A difference between the files, with the value of each file in order.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Warning {
    /// What differs.
    pub kind: WarningKind,
    /// The value of each file, in file order.
    pub values: Vec<String>,
}

/// A field's or the overall result in one file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Point {
    /// The level; `null` when nothing is rated.
    pub level: Option<u8>,
    /// The index; `null` when nothing is rated.
    pub index: Option<Index>,
    /// The profile's target (fields only).
    pub target: Option<u8>,
    /// Level ≥ target (overall: every field meets its target); `null` without level or target.
    pub meets_target: Option<bool>,
    /// Coverage below 100 %.
    pub provisional: bool,
    /// Coverage in whole percent, rounded down.
    pub coverage_percent: u32,
    /// Level minus the previous file's level; `null` for the first file or without a level.
    pub delta_level: Option<i16>,
    /// Index minus the previous file's index, in tenths; `null` like `delta_level`.
    pub delta_index_tenths: Option<i64>,
}

/// One field of action across the files.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FieldSeries {
    /// The field's id.
    pub id: String,
    /// The field's number.
    pub number: u32,
    /// Title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
    /// One point per file.
    pub points: Vec<Point>,
}

/// What happened between two consecutive files.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Step {
    /// Index of the earlier file in `files`.
    pub from: usize,
    /// Index of the later file in `files`.
    pub to: usize,
    /// Answers that changed, in the set's order.
    pub questions: Vec<QuestionChange>,
    /// Questions below target before and not any more (rated at target, n/a or unanswered).
    pub gaps_closed: Vec<GapChange>,
    /// Questions below target now and not before.
    pub gaps_opened: Vec<GapChange>,
    /// Actions whose status became `done`.
    pub actions_done: Vec<ActionDone>,
    /// Field ids (and `overall`) whose level fell.
    pub regressions: Vec<String>,
}

impl Step {
    /// Nothing changed in this step.
    pub fn is_empty(&self) -> bool {
        self.questions.is_empty()
            && self.gaps_closed.is_empty()
            && self.gaps_opened.is_empty()
            && self.actions_done.is_empty()
            && self.regressions.is_empty()
    }
}

/// How an answer changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Rated higher.
    RatingUp,
    /// Rated lower.
    RatingDown,
    /// Not answered before, answered now (rating or n/a).
    NewlyAnswered,
    /// Answered before, not any more.
    AnswerRemoved,
    /// n/a before, rated now.
    NaToRating,
    /// Rated before, n/a now.
    RatingToNa,
    /// Answered now; the earlier file was made against another set version and has no answer:
    /// the question is new in the set or was left open (the older set is not at hand to tell
    /// which). Not compared.
    NewInSet,
}

/// One changed answer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct QuestionChange {
    /// How it changed.
    pub kind: ChangeKind,
    /// The question's id.
    pub question: String,
    /// The field's id.
    pub field: String,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// Whether the question is critical.
    pub critical: bool,
    /// The answer before: 0–5, `"n/a"` or `null` (not answered).
    pub from: Option<Rating>,
    /// The answer after.
    pub to: Option<Rating>,
}

/// A gap that closed or opened.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct GapChange {
    /// The question's id.
    pub question: String,
    /// The field's id.
    pub field: String,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// Whether the question is critical.
    pub critical: bool,
    /// The field's target in the file where the question is a gap.
    pub target: u8,
    /// The answer before.
    pub from: Option<Rating>,
    /// The answer after.
    pub to: Option<Rating>,
}

/// An action that was done between the files.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ActionDone {
    /// The question's id.
    pub question: String,
    /// The field's id.
    pub field: String,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// The status before (`null`: no action recorded).
    pub before: Option<ActionStatus>,
    /// Who was responsible.
    pub owner: Option<String>,
    /// The due date.
    pub due: Option<String>,
}

/// A question of the set with its answer in each file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct QuestionSeries {
    /// The question's id.
    pub id: String,
    /// The field's id.
    pub field: String,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// Whether the question is critical.
    pub critical: bool,
    /// The question's weight.
    pub weight: u32,
    /// The answer in each file: 0–5, `"n/a"` or `null`.
    pub answers: Vec<Option<Rating>>,
    /// The field's target in each file.
    pub targets: Vec<Option<u8>>,
    /// The note in each file.
    pub notes: Vec<Option<String>>,
}

/// An answer id the set does not know, with its answer in each file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct NotComparable {
    /// The question id as written in the files.
    pub id: String,
    /// The answer in each file (`null`: the file has none).
    pub answers: Vec<Option<Rating>>,
}

/// The answer a question got, as far as scoring counts it.
fn answer_of(q: &QuestionScore) -> Option<Rating> {
    match q.status {
        AnswerStatus::Rated => q.rating.map(Rating::Level),
        AnswerStatus::NotApplicable => Some(Rating::NotApplicable),
        AnswerStatus::Unanswered => None,
    }
}

/// The order of `inputs` for a comparison: by date (files without one first), then content
/// hash, then name; argument order never matters.
pub fn order(inputs: &[Input]) -> Vec<usize> {
    let keys: Vec<(Option<&str>, &str, &str)> = inputs
        .iter()
        .map(|i| (i.date(), i.sha256, i.name))
        .collect();
    order_keys(&keys)
}

/// The date order of files given as (date, content hash, name): by date (none first), then
/// hash, then name.
pub fn order_keys(keys: &[(Option<&str>, &str, &str)]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    idx.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    idx
}

/// The first file (in the order given) whose set id differs from the first file's.
pub fn set_id_mismatch(files: &[(&str, &AssessmentFile)]) -> Option<SetIdMismatch> {
    let (n0, f0) = files.first()?;
    files
        .iter()
        .find(|(_, f)| f.set.id.value != f0.set.id.value)
        .map(|(n, f)| SetIdMismatch {
            first: ((*n0).to_owned(), f0.set.id.value.clone()),
            other: ((*n).to_owned(), f.set.id.value.clone()),
        })
}

/// Compares `inputs` in date order (see [`order`]). All files must name the same set id.
pub fn compare(set: &ChecklistSet, inputs: &[Input]) -> Result<Comparison, SetIdMismatch> {
    let sorted: Vec<Input> = order(inputs).into_iter().map(|i| inputs[i]).collect();
    compare_in_order(set, &sorted)
}

/// Compares `inputs` in the order given (e.g. a baseline first). All files must name the same
/// set id.
pub fn compare_in_order(set: &ChecklistSet, inputs: &[Input]) -> Result<Comparison, SetIdMismatch> {
    let named: Vec<(&str, &AssessmentFile)> = inputs.iter().map(|i| (i.name, i.file)).collect();
    if let Some(e) = set_id_mismatch(&named) {
        return Err(e);
    }
    let m = &set.manifest;
    let files: Vec<FileInfo> = inputs
        .iter()
        .map(|i| FileInfo {
            file: i.name.to_owned(),
            date: i.date().map(str::to_owned),
            sha256: i.sha256.to_owned(),
            set_version: i.file.set.version.value.clone(),
            organisation: i.score.organisation.clone(),
            profile: i.score.profile_id.clone(),
        })
        .collect();
    let mut warnings = Vec::new();
    for (kind, get) in [
        (
            WarningKind::Organisation,
            (|f: &FileInfo| f.organisation.clone()) as fn(&FileInfo) -> String,
        ),
        (WarningKind::Profile, |f: &FileInfo| f.profile.clone()),
        (WarningKind::SetVersion, |f: &FileInfo| {
            f.set_version.clone()
        }),
    ] {
        let values: Vec<String> = files.iter().map(get).collect();
        if values.iter().any(|v| *v != values[0]) {
            warnings.push(Warning { kind, values });
        }
    }
    let fields = field_series(inputs);
    let overall = series(inputs.iter().map(|i| {
        let o = &i.score.overall;
        (
            o.level,
            o.index.clone(),
            None,
            o.meets_targets,
            o.provisional,
            o.coverage_percent,
        )
    }));
    let questions = question_series(inputs);
    let steps: Vec<Step> = (1..inputs.len())
        .map(|t| step(inputs, t, &fields, &overall))
        .collect();
    let not_comparable = not_comparable(inputs);
    let no_changes = steps.iter().all(Step::is_empty)
        && fields
            .iter()
            .flat_map(|f| &f.points)
            .chain(&overall)
            .all(|p| p.delta_level.unwrap_or(0) == 0 && p.delta_index_tenths.unwrap_or(0) == 0);
    Ok(Comparison {
        version: COMPARE_VERSION,
        set: SetRef {
            id: m.id.value.clone(),
            version: m.version.value.clone(),
            sha256: set.sha256.clone(),
            title: inputs
                .first()
                .map(|i| i.score.set.title.clone())
                .unwrap_or_default(),
        },
        files,
        warnings,
        fields,
        overall,
        steps,
        questions,
        not_comparable,
        no_changes,
    })
}

type Raw = (
    Option<u8>,
    Option<Index>,
    Option<u8>,
    Option<bool>,
    bool,
    u32,
);

/// Points with deltas to the previous point.
fn series(raw: impl Iterator<Item = Raw>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    for (level, index, target, meets_target, provisional, coverage_percent) in raw {
        let prev = out.last();
        let delta_level = match (prev.and_then(|p| p.level), level) {
            (Some(a), Some(b)) => Some(i16::from(b) - i16::from(a)),
            _ => None,
        };
        let delta_index_tenths = match (prev.and_then(|p| p.index.as_ref()), &index) {
            (Some(a), Some(b)) => Some(i64::from(b.tenths) - i64::from(a.tenths)),
            _ => None,
        };
        out.push(Point {
            level,
            index,
            target,
            meets_target,
            provisional,
            coverage_percent,
            delta_level,
            delta_index_tenths,
        });
    }
    out
}

fn field_series(inputs: &[Input]) -> Vec<FieldSeries> {
    let Some(first) = inputs.first() else {
        return Vec::new();
    };
    first
        .score
        .fields
        .iter()
        .enumerate()
        .map(|(k, f)| FieldSeries {
            id: f.id.clone(),
            number: f.number,
            title: f.title.clone(),
            points: series(inputs.iter().map(|i| {
                let x = &i.score.fields[k];
                (
                    x.level,
                    x.index.clone(),
                    x.target,
                    x.meets_target,
                    x.provisional,
                    x.coverage_percent,
                )
            })),
        })
        .collect()
}

fn question_series(inputs: &[Input]) -> Vec<QuestionSeries> {
    let Some(first) = inputs.first() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(first.score.overall.total as usize);
    for (k, f) in first.score.fields.iter().enumerate() {
        for (m, q) in f.questions.iter().enumerate() {
            let each = |g: &dyn Fn(&QuestionScore) -> _| -> Vec<_> {
                inputs
                    .iter()
                    .map(|i| g(&i.score.fields[k].questions[m]))
                    .collect()
            };
            out.push(QuestionSeries {
                id: q.id.clone(),
                field: f.id.clone(),
                text: q.text.clone(),
                critical: q.critical,
                weight: q.weight,
                answers: inputs
                    .iter()
                    .map(|i| answer_of(&i.score.fields[k].questions[m]))
                    .collect(),
                targets: inputs
                    .iter()
                    .map(|i| i.score.fields[k].questions[m].target)
                    .collect(),
                notes: each(&|x: &QuestionScore| x.note.clone()),
            });
        }
    }
    out
}

/// How an answer changed from `a` to `b`, or None when it did not.
fn change_kind(a: Option<Rating>, b: Option<Rating>, new_in_set: bool) -> Option<ChangeKind> {
    use Rating::{Level, NotApplicable};
    match (a, b) {
        (x, y) if x == y => None,
        (None, Some(_)) if new_in_set => Some(ChangeKind::NewInSet),
        (None, Some(_)) => Some(ChangeKind::NewlyAnswered),
        (Some(_), None) => Some(ChangeKind::AnswerRemoved),
        (Some(NotApplicable), Some(Level(_))) => Some(ChangeKind::NaToRating),
        (Some(Level(_)), Some(NotApplicable)) => Some(ChangeKind::RatingToNa),
        (Some(Level(x)), Some(Level(y))) if y > x => Some(ChangeKind::RatingUp),
        (Some(Level(_)), Some(Level(_))) => Some(ChangeKind::RatingDown),
        // Both n/a or both none are equal and handled above.
        (Some(NotApplicable), Some(NotApplicable)) | (None, None) => None,
    }
}

fn step(inputs: &[Input], t: usize, fields: &[FieldSeries], overall: &[Point]) -> Step {
    let (a, b) = (&inputs[t - 1], &inputs[t]);
    // Another set version and no answer at all: the question may be new in the set.
    let other_version = a.file.set.version.value != b.score.set.version;
    let answered_in_a: std::collections::HashSet<&str> =
        a.file.answers.iter().map(|x| x.id.value.as_str()).collect();
    let mut questions = Vec::new();
    let mut actions_done = Vec::new();
    let actions_b: HashMap<&str, &crate::assessment::Action> = b
        .file
        .answers
        .iter()
        .filter_map(|x| x.action.as_ref().map(|ac| (x.id.value.as_str(), ac)))
        .collect();
    let actions_a: HashMap<&str, &crate::assessment::Action> = if actions_b.is_empty() {
        HashMap::new()
    } else {
        a.file
            .answers
            .iter()
            .filter_map(|x| x.action.as_ref().map(|ac| (x.id.value.as_str(), ac)))
            .collect()
    };
    for (fa, fb) in a.score.fields.iter().zip(&b.score.fields) {
        for (qa, qb) in fa.questions.iter().zip(&fb.questions) {
            let (ra, rb) = (answer_of(qa), answer_of(qb));
            let new_in_set = other_version && !answered_in_a.contains(qa.id.as_str());
            if let Some(kind) = change_kind(ra, rb, new_in_set) {
                questions.push(QuestionChange {
                    kind,
                    question: qb.id.clone(),
                    field: fb.id.clone(),
                    text: qb.text.clone(),
                    critical: qb.critical,
                    from: ra,
                    to: rb,
                });
            }
            if let Some(ac) = actions_b.get(qb.id.as_str())
                && ac.status.value == ActionStatus::Done
            {
                let before = actions_a.get(qb.id.as_str()).map(|x| x.status.value);
                if before != Some(ActionStatus::Done) {
                    actions_done.push(ActionDone {
                        question: qb.id.clone(),
                        field: fb.id.clone(),
                        text: qb.text.clone(),
                        before,
                        owner: ac.owner.as_ref().map(|x| x.value.clone()),
                        due: ac.due.as_ref().map(|x| x.value.clone()),
                    });
                }
            }
        }
    }
    let gaps_a: BTreeMap<&str, &crate::scoring::Gap> = a
        .score
        .gaps
        .iter()
        .map(|g| (g.question.as_str(), g))
        .collect();
    let gaps_b: BTreeMap<&str, &crate::scoring::Gap> = b
        .score
        .gaps
        .iter()
        .map(|g| (g.question.as_str(), g))
        .collect();
    fn answer_map<'x>(inp: &Input<'x>) -> HashMap<&'x str, Option<Rating>> {
        inp.score
            .fields
            .iter()
            .flat_map(|f| &f.questions)
            .map(|q| (q.id.as_str(), answer_of(q)))
            .collect()
    }
    let (map_a, map_b) = if a.score.gaps.is_empty() && b.score.gaps.is_empty() {
        (HashMap::new(), HashMap::new())
    } else {
        (answer_map(a), answer_map(b))
    };
    let answers = |m: &HashMap<&str, Option<Rating>>, id: &str| m.get(id).copied().flatten();
    let gap_change = |g: &crate::scoring::Gap| GapChange {
        question: g.question.clone(),
        field: g.field.clone(),
        text: g.text.clone(),
        critical: g.critical,
        target: g.target,
        from: answers(&map_a, &g.question),
        to: answers(&map_b, &g.question),
    };
    // In the order of the gap list they come from (its priority order).
    let gaps_closed = a
        .score
        .gaps
        .iter()
        .filter(|g| !gaps_b.contains_key(g.question.as_str()))
        .map(gap_change)
        .collect();
    let gaps_opened = b
        .score
        .gaps
        .iter()
        .filter(|g| !gaps_a.contains_key(g.question.as_str()))
        .map(gap_change)
        .collect();
    let fell = |p: &[Point]| p[t].delta_level.is_some_and(|d| d < 0);
    let mut regressions: Vec<String> = fields
        .iter()
        .filter(|f| fell(&f.points))
        .map(|f| f.id.clone())
        .collect();
    if fell(overall) {
        regressions.push("overall".to_owned());
    }
    Step {
        from: t - 1,
        to: t,
        questions,
        gaps_closed,
        gaps_opened,
        actions_done,
        regressions,
    }
}

/// A field or the overall level that fell from one file to the next.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Regression {
    /// The field's id, or `overall`.
    pub id: String,
    /// The field's title per language (empty for `overall`).
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
    /// The level in the earlier file.
    pub before: u8,
    /// The level in the later file.
    pub after: u8,
}

/// The regressions of the last step of a comparison (the newest file against the one
/// before it): fields first in the set's order, then `overall`.
pub fn last_regressions(c: &Comparison) -> Vec<Regression> {
    let Some(st) = c.steps.last() else {
        return Vec::new();
    };
    let pair = |p: &[Point]| (p[st.from].level.unwrap_or(0), p[st.to].level.unwrap_or(0));
    st.regressions
        .iter()
        .map(|id| {
            let (title, (before, after)) = match c.fields.iter().find(|f| f.id == *id) {
                Some(f) => (f.title.clone(), pair(&f.points)),
                None => (Text::new(), pair(&c.overall)),
            };
            Regression {
                id: id.clone(),
                title,
                before,
                after,
            }
        })
        .collect()
}

fn not_comparable(inputs: &[Input]) -> Vec<NotComparable> {
    let mut ids: BTreeMap<&str, Vec<Option<Rating>>> = BTreeMap::new();
    for (n, i) in inputs.iter().enumerate() {
        if i.score.unknown_answers.is_empty() {
            continue;
        }
        // The scoring module decides which answers match no question of the set.
        let unknown: std::collections::HashSet<&str> =
            i.score.unknown_answers.iter().map(String::as_str).collect();
        for x in i.file.answers.iter().chain(&i.file.vanished) {
            if !unknown.contains(x.id.value.as_str()) {
                continue;
            }
            let slot = ids
                .entry(x.id.value.as_str())
                .or_insert_with(|| vec![None; inputs.len()]);
            if slot[n].is_none() {
                slot[n] = Some(x.rating.value);
            }
        }
    }
    ids.into_iter()
        .map(|(id, answers)| NotComparable {
            id: id.to_owned(),
            answers,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::tests::{assess, field, q, set};
    use crate::scoring::{ScoreOptions, score};

    fn the_set() -> ChecklistSet {
        set(
            0.8,
            3,
            vec![
                field("a", 1, vec![q("A1", 2, true), q("A2", 1, false)]),
                field("b", 1, vec![q("B1", 1, false), q("B2", 1, false)]),
            ],
        )
    }

    fn run(
        s: &ChecklistSet,
        files: &[(&str, &str, AssessmentFile)],
    ) -> Result<Comparison, SetIdMismatch> {
        let scores: Vec<ScoreResult> = files
            .iter()
            .map(|(_, _, a)| score(s, a, &ScoreOptions::default()))
            .collect();
        let inputs: Vec<Input> = files
            .iter()
            .zip(&scores)
            .map(|((name, sha, a), sc)| Input {
                name,
                sha256: sha,
                file: a,
                score: sc,
            })
            .collect();
        compare(s, &inputs)
    }

    fn dated(mut a: AssessmentFile, d: &str) -> AssessmentFile {
        a.updated = Some(crate::model::Sp::new(d.to_owned()));
        a
    }

    #[test]
    fn kinds_of_change_gaps_and_regressions() {
        let s = the_set();
        let old = dated(
            assess(&[("A1", Some(2)), ("A2", None), ("B1", Some(4))]),
            "2025-01-01",
        );
        let new = dated(
            assess(&[("A1", Some(3)), ("A2", Some(3)), ("B2", Some(1))]),
            "2026-01-01",
        );
        let c = run(&s, &[("new", "2", new), ("old", "1", old)]).unwrap();
        assert_eq!(c.files[0].file, "old");
        let st = &c.steps[0];
        let kinds: Vec<(&str, ChangeKind)> = st
            .questions
            .iter()
            .map(|x| (x.question.as_str(), x.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("A1", ChangeKind::RatingUp),
                ("A2", ChangeKind::NaToRating),
                ("B1", ChangeKind::AnswerRemoved),
                ("B2", ChangeKind::NewlyAnswered)
            ]
        );
        // A1 was 2 < 3: closed; B2 is 1 < 3: opened.
        assert_eq!(st.gaps_closed.len(), 1);
        assert_eq!(st.gaps_closed[0].question, "A1");
        assert_eq!(st.gaps_opened[0].question, "B2");
        // Field b: level 4 (B1) → 1 (B2): a regression, and so is the overall level (2 → 1).
        assert_eq!(st.regressions, ["b", "overall"]);
        assert_eq!(c.fields[1].points[1].delta_level, Some(-3));
        assert!(!c.no_changes);
    }

    #[test]
    fn set_ids_must_agree() {
        let s = the_set();
        let a = assess(&[("A1", Some(2))]);
        let mut b = a.clone();
        b.set.id = crate::model::Sp::new("other".into());
        let e = run(&s, &[("x.yaml", "1", a), ("y.yaml", "2", b)]).unwrap_err();
        assert_eq!(e.first, ("x.yaml".to_owned(), "t".to_owned()));
        assert_eq!(e.other, ("y.yaml".to_owned(), "other".to_owned()));
    }

    #[test]
    fn other_versions_and_vanished_answers_are_not_compared() {
        let s = the_set();
        let mut old = dated(assess(&[("A1", Some(2)), ("GONE", Some(4))]), "2025-01-01");
        old.set.version = crate::model::Sp::new("0.9".into());
        let new = dated(assess(&[("A1", Some(2)), ("A2", Some(3))]), "2026-01-01");
        let c = run(&s, &[("o", "1", old), ("n", "2", new)]).unwrap();
        assert_eq!(c.steps[0].questions.len(), 1);
        assert_eq!(c.steps[0].questions[0].kind, ChangeKind::NewInSet);
        assert_eq!(c.not_comparable.len(), 1);
        assert_eq!(c.not_comparable[0].id, "GONE");
        assert_eq!(c.not_comparable[0].answers, [Some(Rating::Level(4)), None]);
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.warnings[0].kind, WarningKind::SetVersion);
    }

    #[test]
    fn actions_done_between_files() {
        use crate::assessment::Action;
        use crate::model::Sp;
        let s = the_set();
        let act = |st| Action {
            owner: Some(Sp::new("IT".into())),
            due: None,
            status: Sp::new(st),
            effort: None,
        };
        let mut old = dated(assess(&[("A1", Some(2)), ("B1", Some(2))]), "2025-01-01");
        old.answers[0].action = Some(act(ActionStatus::InProgress));
        old.answers[1].action = Some(act(ActionStatus::Done));
        let mut new = old.clone();
        new.updated = Some(Sp::new("2026-01-01".into()));
        new.answers[0].action = Some(act(ActionStatus::Done));
        let c = run(&s, &[("o", "1", old), ("n", "2", new)]).unwrap();
        let d = &c.steps[0].actions_done;
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].question, "A1");
        assert_eq!(d[0].before, Some(ActionStatus::InProgress));
    }

    fn rating() -> impl proptest::strategy::Strategy<Value = Option<Option<u8>>> {
        use proptest::prelude::*;
        prop_oneof![
            Just(None),
            Just(Some(None)),
            (0u8..=5).prop_map(|r| Some(Some(r)))
        ]
    }

    fn file_of(rs: &[Option<Option<u8>>], date: &str) -> AssessmentFile {
        let ids = ["A1", "A2", "B1", "B2"];
        let answers: Vec<(&str, Option<u8>)> = ids
            .iter()
            .zip(rs)
            .filter_map(|(id, r)| r.map(|r| (*id, r)))
            .collect();
        dated(assess(&answers), date)
    }

    proptest::proptest! {
        #[test]
        fn argument_order_never_matters(
            files in proptest::collection::vec(
                (proptest::collection::vec(rating(), 4), 0u8..3), 2..5)
        ) {
            let s = the_set();
            let named: Vec<(String, String, AssessmentFile)> = files
                .iter()
                .enumerate()
                .map(|(n, (rs, d))| {
                    let a = file_of(rs, &format!("2026-01-0{}", d + 1));
                    let sha = crate::assessment::answers_sha256(&a);
                    (format!("f{n}"), sha, a)
                })
                .collect();
            let as_refs = |v: &[(String, String, AssessmentFile)]| -> Comparison {
                let r: Vec<(&str, &str, AssessmentFile)> = v
                    .iter()
                    .map(|(n, h, a)| (n.as_str(), h.as_str(), a.clone()))
                    .collect();
                run(&s, &r).unwrap()
            };
            let forward = as_refs(&named);
            let mut rev = named.clone();
            rev.reverse();
            proptest::prop_assert_eq!(&forward, &as_refs(&rev));
            rev.rotate_left(1);
            proptest::prop_assert_eq!(&forward, &as_refs(&rev));
        }

        #[test]
        fn a_file_compared_with_itself_has_no_changes(rs in proptest::collection::vec(rating(), 4)) {
            let s = the_set();
            let a = file_of(&rs, "2026-01-01");
            let c = run(&s, &[("x", "h", a.clone()), ("x", "h", a)]).unwrap();
            proptest::prop_assert!(c.no_changes);
            proptest::prop_assert!(c.steps.iter().all(Step::is_empty));
        }
    }
}
