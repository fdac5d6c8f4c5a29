//! The scoring model (pure, no I/O): index, level, coverage and provisional figures per field
//! of action, the weakest-link overall result, profile targets, the gap list and the CI gate.
//! Every figure is computed in integers so that it is exact at the threshold and can be
//! recomputed by hand; docs/scoring.md describes the formulas.
//!
//! The result types are the stable data model of `score --format json` (schema:
//! `cyberkompass schema score`); reports render them. Fields are only ever added.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::Serialize;

use crate::assessment::{Answer, AssessmentFile, Rating};
use crate::model::{ChecklistSet, Field, Goal, Question, References, Text};

/// Version of the score data model (the JSON of `score --format json`).
pub const SCORE_VERSION: u32 = 1;

/// The highest level of the scale.
pub const MAX_LEVEL: u8 = 5;

/// Options of [`score`].
#[derive(Debug, Clone, Default)]
pub struct ScoreOptions {
    /// Profile id that overrides the assessment file's `profile` (e.g. from `--profile`).
    pub profile: Option<String>,
}

/// The complete result of scoring one assessment against one set.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "cyberkompass score",
    description = "The result of `cyberkompass score --format json`: maturity per field of action and overall, the targets of the profile and the gap list (data model version 1)."
)]
pub struct ScoreResult {
    /// Version of this data model; 1.
    pub version: u32,
    /// The checklist set scored against.
    pub set: SetInfo,
    /// The assessed organisation.
    pub organisation: String,
    /// Who assessed, if given.
    pub assessor: Option<String>,
    /// Date the assessment was started, if given.
    pub created: Option<String>,
    /// Date of the last answer, if given.
    pub updated: Option<String>,
    /// The profile whose targets apply; `null` when the profile id is unknown to the set.
    pub profile: Option<ProfileInfo>,
    /// The profile id that was asked for (from `--profile` or the file).
    pub profile_id: String,
    /// The maturity scale of the set (levels 0–5 with names and descriptions).
    pub scale: Vec<ScaleInfo>,
    /// One result per field of action, in the set's order.
    pub fields: Vec<FieldScore>,
    /// The overall result.
    pub overall: Overall,
    /// Every rated question below its target (its field's target, or for a critical question
    /// the profile's `critical_min` when that is higher), in priority order (critical first,
    /// then weight × shortfall descending, then set order).
    pub gaps: Vec<Gap>,
    /// Ids of answers that match no question of the set (including `vanished:`); they are
    /// kept in the file but never scored.
    pub unknown_answers: Vec<String>,
}

/// The set a score was computed against.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SetInfo {
    /// The set's id.
    pub id: String,
    /// The set's version.
    pub version: String,
    /// SHA-256 of the set's content.
    pub sha256: String,
    /// The set's title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
    /// The level threshold.
    pub threshold: Threshold,
}

/// The share of a field's weight that must reach a level, as an exact integer.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Threshold {
    /// Ten-thousandths (0.8 → 8000).
    pub permyriad: u32,
    /// As a decimal for people, e.g. `0.8`.
    pub shown: String,
}

/// A target profile.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProfileInfo {
    /// Profile id.
    pub id: String,
    /// Title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
    /// Where the profile choice came from: `file` (the assessment's `profile`) or `option`
    /// (`--profile`).
    pub source: ProfileSource,
    /// The minimum rating the profile demands of every critical question (`null`: none).
    pub critical_min: Option<u8>,
    /// The former id that was asked for, when the profile was renamed (e.g. `erhoeht`);
    /// `null` when the profile was named by its id.
    pub renamed_from: Option<String>,
}

/// Where the profile choice came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileSource {
    /// The assessment file's `profile`.
    File,
    /// The command line (`--profile`).
    Option,
}

/// One level of the scale.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ScaleInfo {
    /// The level, 0–5.
    pub level: u8,
    /// Name per language.
    #[schemars(with = "crate::model::TextMap")]
    pub name: Text,
    /// Description per language.
    #[schemars(with = "crate::model::TextMap")]
    pub description: Text,
}

/// An exact non-negative fraction, reduced to lowest terms (0 is `0/1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Fraction {
    /// Numerator.
    pub numerator: u128,
    /// Denominator (> 0).
    pub denominator: u128,
}

/// An index (0–5): exact as a fraction, and as shown, rounded half up to one decimal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Index {
    /// The exact value.
    pub exact: Fraction,
    /// The value in tenths, rounded half up: ⌊(20·numerator + denominator) / (2·denominator)⌋.
    pub tenths: u32,
    /// The shown value with one decimal and a point, e.g. `2.7`.
    pub shown: String,
}

/// How a question was answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AnswerStatus {
    /// Rated 0–5: counts.
    Rated,
    /// Not applicable (`n/a`): never counts.
    NotApplicable,
    /// Not answered (or an invalid rating): never counts as 0, makes the field provisional.
    Unanswered,
}

/// Why a field's level is not higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LevelLimit {
    /// The level is 5, the top of the scale.
    Top,
    /// Too little weight is rated at the next level (the threshold test fails).
    Threshold,
    /// A critical question is rated below the next level (the critical test fails).
    Critical,
    /// Both tests fail at the next level.
    ThresholdAndCritical,
    /// No applicable question is rated, so there is no level.
    NoRatings,
}

/// Why a field's level is below the whole part of its index: the next level's share of the
/// rated weight and the threshold, or the critical questions rated below it (or both).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct LevelReason {
    /// The level reached.
    pub level: u8,
    /// The next level, which is not reached.
    pub next: u8,
    /// Share of the rated weight rated at `next` or above, exact.
    pub share: Fraction,
    /// That share in percent with one decimal, rounded down (never shows 80.0 for 79.99),
    /// with a point, e.g. `77.8`.
    pub share_percent: String,
    /// The threshold in percent, e.g. `80`.
    pub threshold_percent: String,
    /// Whether the share reaches the threshold (then only critical questions cap the level).
    pub meets_threshold: bool,
    /// Critical questions rated below `next`, in the set's order.
    pub critical_below: Vec<String>,
}

/// The reason for a level below the whole part of the index, from the field's level tests;
/// None when the level is not below it (or there is no level).
pub fn level_reason(
    level: Option<u8>,
    index: Option<&Index>,
    levels: &[LevelTest],
    permyriad: u32,
) -> Option<LevelReason> {
    let (l, i) = (level?, index?);
    if u32::from(l) >= i.tenths / 10 {
        return None;
    }
    let next = levels.get(usize::from(l) + 1)?;
    let share = next.share?;
    let tenths_of_percent = share.numerator * 1000 / share.denominator;
    Some(LevelReason {
        level: l,
        next: next.level,
        share,
        share_percent: format!("{}.{}", tenths_of_percent / 10, tenths_of_percent % 10),
        threshold_percent: percent_of_permyriad(permyriad),
        meets_threshold: next.meets_threshold,
        critical_below: next.critical_below.clone(),
    })
}

/// A permyriad as percent for people: 8000 → `80`, 8250 → `82.5`.
fn percent_of_permyriad(p: u32) -> String {
    let whole = p / 100;
    let frac = p % 100;
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{}", format!("{frac:02}").trim_end_matches('0'))
    }
}

/// The two tests of one level L for one field.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LevelTest {
    /// The level L tested.
    pub level: u8,
    /// Σ weight of rated questions with rating ≥ L.
    pub weight_at_or_above: u64,
    /// Σ weight of all rated questions.
    pub weight_rated: u64,
    /// The share weight_at_or_above / weight_rated, exact (`null` without rated questions).
    pub share: Option<Fraction>,
    /// Threshold test: weight_at_or_above · 10000 ≥ weight_rated · permyriad.
    pub meets_threshold: bool,
    /// Ids of rated critical questions with a rating below L.
    pub critical_below: Vec<String>,
    /// Both tests hold (L = 0 always holds when something is rated).
    pub holds: bool,
}

/// One question's part in the score.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionScore {
    /// The question's id.
    pub id: String,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// Weight within the field.
    pub weight: u32,
    /// Whether the question is critical (caps the field's level).
    pub critical: bool,
    /// How it was answered.
    pub status: AnswerStatus,
    /// The rating 0–5 when rated.
    pub rating: Option<u8>,
    /// Justification (for `n/a`), if given.
    pub justification: Option<String>,
    /// The note, if given.
    pub note: Option<String>,
    /// The evidence reference, if given.
    pub evidence: Option<String>,
    /// The level this question must reach, when the profile is known: its field's target, or
    /// for a critical question the profile's `critical_min` when that is higher.
    pub target: Option<u8>,
    /// The target is the profile's `critical_min` (a critical question, minimum above the
    /// field's target).
    pub target_from_critical_min: bool,
    /// target − rating when rated below target, else 0 (`null` when not rated or no target).
    pub shortfall: Option<u8>,
    /// weight × shortfall (`null` like shortfall).
    pub priority: Option<u64>,
    /// What to do when it falls short, per language.
    #[schemars(with = "Option<crate::model::TextMap>")]
    pub recommendation: Option<Text>,
    /// Grundschutz++, NIS2 and ISO/IEC 27001 references.
    pub references: RefList,
}

/// References of a question as plain lists.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct RefList {
    /// Grundschutz++ ids.
    pub grundschutz: Vec<String>,
    /// NIS2 Art. 21(2) letters.
    pub nis2: Vec<String>,
    /// ISO/IEC 27001:2022 Annex A ids.
    pub iso27001: Vec<String>,
}

/// The result of one field of action.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FieldScore {
    /// The field's id.
    pub id: String,
    /// The field's number in the set.
    pub number: u32,
    /// Title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
    /// The field's weight in the overall index.
    pub weight: u32,
    /// Number of questions.
    pub total: u32,
    /// Number of questions rated 0–5.
    pub answered: u32,
    /// Number of questions marked n/a.
    pub na: u32,
    /// Number of questions not answered.
    pub unanswered: u32,
    /// (answered + n/a) / total; 1/1 for a field without questions.
    pub coverage: Fraction,
    /// Coverage in whole percent, rounded down (99.6 % shows as 99 %, never as 100 %).
    pub coverage_percent: u32,
    /// Coverage below 100 %: the figures may still change.
    pub provisional: bool,
    /// Σ weight of the rated questions (the denominator of index and shares).
    pub weight_rated: u64,
    /// Σ weight·rating of the rated questions.
    pub weighted_sum: u64,
    /// Σ w·r / Σ w over rated questions; `null` when none is rated.
    pub index: Option<Index>,
    /// The maturity level; `null` when no question is rated.
    pub level: Option<u8>,
    /// Why the level is not higher.
    pub limited_by: LevelLimit,
    /// The threshold and critical test for each level 0–5.
    pub levels: Vec<LevelTest>,
    /// Why the level lies below the whole part of the index (a reader expects 1 from 1.7),
    /// `null` when it does not. Every output that shows the level shows this line.
    pub level_reason: Option<LevelReason>,
    /// The profile's target for this field.
    pub target: Option<u8>,
    /// target − level when below target, else 0 (`null` without level or target).
    pub gap: Option<u8>,
    /// The profile's minimum rating of every critical question (`null`: none).
    pub critical_min: Option<u8>,
    /// Ids of the critical questions that do not meet `critical_min`: rated below it, or not
    /// answered (an unanswered question cannot meet a minimum; `n/a` ones are left out).
    pub critical_below_min: Vec<String>,
    /// Whether the field meets its target, by [`meets_target`]: level ≥ target and
    /// `critical_below_min` empty; `false` when nothing is rated yet (nothing rated never meets
    /// a target); `null` without a target and for a field whose every question is n/a (not
    /// applicable: neither on nor below target).
    pub meets_target: Option<bool>,
    /// Every question in the set's order.
    pub questions: Vec<QuestionScore>,
}

/// The overall result.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Overall {
    /// Field-weighted mean of the field indices, over fields that have an index.
    pub index: Option<Index>,
    /// Σ field weight of the fields in the mean.
    pub weight_included: u64,
    /// The lowest level of the fields that have one (weakest link); `null` when none has.
    pub level: Option<u8>,
    /// Ids of the fields at that lowest level.
    pub weakest_fields: Vec<String>,
    /// Ids of fields without a level (nothing rated): excluded from index and level.
    pub unscored_fields: Vec<String>,
    /// Some field is provisional (or has no level because of unanswered questions).
    pub provisional: bool,
    /// Questions in the set.
    pub total: u32,
    /// Questions rated 0–5.
    pub answered: u32,
    /// Questions marked n/a.
    pub na: u32,
    /// Questions not answered.
    pub unanswered: u32,
    /// (answered + n/a) / total.
    pub coverage: Fraction,
    /// Coverage in whole percent, rounded down.
    pub coverage_percent: u32,
    /// By [`meets_targets`]: no field falls short of its target and at least one field is
    /// rated (`null` without a profile).
    pub meets_targets: Option<bool>,
}

/// One entry of the gap list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Gap {
    /// 1-based position in the list.
    pub rank: u32,
    /// The field's id.
    pub field: String,
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
    /// The level the question must reach: its field's target, or for a critical question the
    /// profile's `critical_min` when that is higher.
    pub target: u8,
    /// The target is the profile's `critical_min`, above the field's target.
    pub target_from_critical_min: bool,
    /// target − rating (≥ 1).
    pub shortfall: u8,
    /// weight × shortfall.
    pub priority: u64,
    /// What to do, per language.
    #[schemars(with = "Option<crate::model::TextMap>")]
    pub recommendation: Option<Text>,
    /// References.
    pub references: RefList,
}

// The result carries the checklist's own text type (one bilingual type in the crate, with one
// language fallback, `Text::get`); it serializes as the bare map language → text.
fn lang_text(t: &Text) -> Text {
    t.clone()
}

fn ref_list(r: &References) -> RefList {
    let v = |x: &Vec<crate::model::Sp<crate::model::Str>>| {
        x.iter().map(|s| s.value.to_string()).collect()
    };
    RefList {
        grundschutz: v(&r.grundschutz),
        nis2: v(&r.nis2),
        iso27001: v(&r.iso27001),
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Fraction {
    /// `n/d` reduced; `d` must be > 0 (0 is treated as 1).
    pub fn new(n: u128, d: u128) -> Fraction {
        let d = d.max(1);
        let g = gcd(n, d).max(1);
        Fraction {
            numerator: n / g,
            denominator: d / g,
        }
    }

    /// Whole percent, rounded down.
    pub fn percent_floor(self) -> u32 {
        u32::try_from(self.numerator.saturating_mul(100) / self.denominator).unwrap_or(u32::MAX)
    }

    /// Tenths, rounded half up (⌊(20n + d) / 2d⌋); `None` on overflow.
    fn tenths(self) -> Option<u32> {
        let n = self
            .numerator
            .checked_mul(20)?
            .checked_add(self.denominator)?;
        let d = self.denominator.checked_mul(2)?;
        u32::try_from(n / d).ok()
    }

    /// `self + other`, exact; `None` when 128 bits do not suffice.
    fn checked_add(self, other: Fraction) -> Option<Fraction> {
        let g = gcd(self.denominator, other.denominator);
        let l = (self.denominator / g).checked_mul(other.denominator)?;
        let a = self.numerator.checked_mul(l / self.denominator)?;
        let b = other.numerator.checked_mul(l / other.denominator)?;
        Some(Fraction::new(a.checked_add(b)?, l))
    }

    /// `self × k`, exact.
    fn checked_mul_int(self, k: u128) -> Option<Fraction> {
        let g = gcd(k, self.denominator).max(1);
        Some(Fraction::new(
            self.numerator.checked_mul(k / g)?,
            self.denominator / g,
        ))
    }

    /// `self / k` (k > 0), exact.
    fn checked_div_int(self, k: u128) -> Option<Fraction> {
        let g = gcd(k, self.numerator).max(1);
        Some(Fraction::new(
            self.numerator / g,
            self.denominator.checked_mul(k / g)?,
        ))
    }
}

impl Index {
    /// The index of an exact value; `None` when it cannot be rounded in 128 bits.
    pub fn from_fraction(exact: Fraction) -> Option<Index> {
        let tenths = exact.tenths()?;
        Some(Index {
            exact,
            tenths,
            shown: format!("{}.{}", tenths / 10, tenths % 10),
        })
    }
}

/// The threshold's permyriad as a decimal for people (8000 → `0.8`, 10000 → `1`).
pub fn permyriad_shown(p: u32) -> String {
    let whole = p / 10_000;
    let frac = p % 10_000;
    if frac == 0 {
        return whole.to_string();
    }
    let s = format!("{frac:04}");
    format!("{whole}.{}", s.trim_end_matches('0'))
}

/// The one rule for "a field meets its target", which score, gate, explain and every report
/// take from here: with a target, a field with a level meets it when level ≥ target and every
/// critical question meets the profile's minimum (`critical_ok`); a field without a level
/// meets it not when questions are open (nothing rated never meets a target) and is not
/// applicable (`None`) when every question is n/a. Without a target: `None`.
pub fn meets_target(
    level: Option<u8>,
    target: Option<u8>,
    unanswered: u32,
    critical_ok: bool,
) -> Option<bool> {
    let t = target?;
    match level {
        Some(l) => Some(l >= t && critical_ok),
        None if unanswered > 0 => Some(false),
        None => None,
    }
}

/// Whether the assessment as a whole meets its targets: no field falls short and at least one
/// field is rated (an assessment with nothing rated, or only n/a, never meets a target).
/// `None` when no field has a target (no profile).
pub fn meets_targets(fields: &[FieldScore]) -> Option<bool> {
    if fields.iter().all(|f| f.target.is_none()) {
        return None;
    }
    let rated = fields.iter().any(|f| f.level.is_some());
    Some(rated && fields.iter().all(|f| f.meets_target != Some(false)))
}

/// Whether `at_or_above / rated` is at least the threshold, exactly.
pub fn meets_threshold(at_or_above: u64, rated: u64, permyriad: u32) -> bool {
    u128::from(at_or_above) * 10_000 >= u128::from(rated) * u128::from(permyriad)
}

/// The rating of an answer for scoring: a valid level, n/a, or unanswered (also for a rating
/// above 5, which `validate` rejects: it never inflates a figure).
fn status_of(a: Option<&Answer>) -> (AnswerStatus, Option<u8>) {
    match a.map(|a| a.rating.value) {
        Some(Rating::Level(l)) if l <= MAX_LEVEL => (AnswerStatus::Rated, Some(l)),
        Some(Rating::Level(_)) | None => (AnswerStatus::Unanswered, None),
        Some(Rating::NotApplicable) => (AnswerStatus::NotApplicable, None),
    }
}

/// Scores one field: `answers` maps question id to the (first) answer; `goal` is what the
/// profile demands of the field (`None` without a known profile).
pub fn score_field(
    field: &Field,
    answers: &HashMap<&str, &Answer>,
    permyriad: u32,
    goal: Option<Goal>,
) -> FieldScore {
    score_field_with(field, answers, permyriad, goal, Texts::All)
}

/// Whether a score carries the texts a report shows or the figures only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Texts {
    All,
    None,
}

fn score_field_with(
    field: &Field,
    answers: &HashMap<&str, &Answer>,
    permyriad: u32,
    goal: Option<Goal>,
    texts: Texts,
) -> FieldScore {
    let target = goal.map(|g| g.target);
    let critical_min = goal.and_then(|g| g.critical_min);
    // ids of critical questions rated below the profile's minimum, or not answered
    let mut critical_below_min: Vec<String> = Vec::new();
    let mut answered = 0u32;
    let mut na = 0u32;
    let mut unanswered = 0u32;
    let mut weight_rated = 0u64;
    let mut weighted_sum = 0u64;
    // weight rated exactly at each level, and the lowest rating of a critical question
    let mut at_level = [0u64; (MAX_LEVEL + 1) as usize];
    let mut questions = Vec::with_capacity(field.questions.len());
    // (id, rating) of the rated critical questions, for the critical test
    let mut critical: Vec<(&str, u8)> = Vec::new();
    for q in field.questions.iter() {
        let answer = answers.get(q.id.value.as_str()).copied();
        let (status, rating) = status_of(answer);
        let w = q.weight.value;
        match status {
            AnswerStatus::Rated => {
                answered += 1;
                let r = rating.unwrap_or(0);
                weight_rated += u64::from(w);
                weighted_sum += u64::from(w) * u64::from(r);
                at_level[usize::from(r)] += u64::from(w);
                if q.critical {
                    critical.push((q.id.value.as_str(), r));
                }
            }
            AnswerStatus::NotApplicable => na += 1,
            AnswerStatus::Unanswered => unanswered += 1,
        }
        if let Some(m) = critical_min
            && q.critical
            && status != AnswerStatus::NotApplicable
            && rating.is_none_or(|r| r < m)
        {
            critical_below_min.push(q.id.value.clone());
        }
        questions.push(question_score(q, answer, status, rating, goal, texts));
    }
    let total = answered + na + unanswered;
    let coverage = if total == 0 {
        Fraction::new(1, 1)
    } else {
        Fraction::new(u128::from(answered + na), u128::from(total))
    };
    let mut levels = Vec::with_capacity(6);
    let mut at_or_above = weight_rated;
    for l in 0..=MAX_LEVEL {
        if l > 0 {
            at_or_above -= at_level[usize::from(l - 1)];
        }
        let critical_below: Vec<String> = critical
            .iter()
            .filter(|(_, r)| *r < l)
            .map(|(id, _)| (*id).to_owned())
            .collect();
        let meets = weight_rated > 0 && meets_threshold(at_or_above, weight_rated, permyriad);
        levels.push(LevelTest {
            level: l,
            weight_at_or_above: at_or_above,
            weight_rated,
            share: (weight_rated > 0)
                .then(|| Fraction::new(u128::from(at_or_above), u128::from(weight_rated))),
            meets_threshold: meets,
            holds: meets && critical_below.is_empty(),
            critical_below,
        });
    }
    let level = if weight_rated == 0 {
        None
    } else {
        levels.iter().rev().find(|t| t.holds).map(|t| t.level)
    };
    let limited_by = match level {
        None => LevelLimit::NoRatings,
        Some(MAX_LEVEL) => LevelLimit::Top,
        Some(l) => {
            let next = &levels[usize::from(l) + 1];
            match (next.meets_threshold, next.critical_below.is_empty()) {
                (false, true) => LevelLimit::Threshold,
                (true, false) => LevelLimit::Critical,
                _ => LevelLimit::ThresholdAndCritical,
            }
        }
    };
    let index = (weight_rated > 0)
        .then(|| {
            Index::from_fraction(Fraction::new(
                u128::from(weighted_sum),
                u128::from(weight_rated),
            ))
        })
        .flatten();
    let gap = match (level, target) {
        (Some(l), Some(t)) => Some(t.saturating_sub(l)),
        _ => None,
    };
    let meets_target = meets_target(level, target, unanswered, critical_below_min.is_empty());
    let level_reason = level_reason(level, index.as_ref(), &levels, permyriad);
    FieldScore {
        id: field.id.value.clone(),
        number: field.number.value,
        title: match texts {
            Texts::All => lang_text(&field.title),
            Texts::None => Text::default(),
        },
        weight: field.weight.value,
        total,
        answered,
        na,
        unanswered,
        coverage_percent: coverage.percent_floor(),
        coverage,
        provisional: unanswered > 0,
        weight_rated,
        weighted_sum,
        index,
        level,
        limited_by,
        levels,
        level_reason,
        target,
        gap,
        critical_min,
        critical_below_min,
        meets_target,
        questions,
    }
}

fn question_score(
    q: &Question,
    a: Option<&Answer>,
    status: AnswerStatus,
    rating: Option<u8>,
    goal: Option<Goal>,
    texts: Texts,
) -> QuestionScore {
    let (target, target_from_critical_min) = match goal {
        Some(Goal {
            target,
            critical_min: Some(m),
        }) if q.critical && m > target => (Some(m), true),
        Some(g) => (Some(g.target), false),
        None => (None, false),
    };
    let shortfall = match (rating, target) {
        (Some(r), Some(t)) => Some(t.saturating_sub(r)),
        _ => None,
    };
    let shown = texts == Texts::All;
    let a = a.filter(|_| shown);
    let text_of = |o: &Option<crate::model::Sp<String>>| o.as_ref().map(|s| s.value.clone());
    QuestionScore {
        id: q.id.value.clone(),
        text: if shown {
            lang_text(&q.text)
        } else {
            Text::default()
        },
        weight: q.weight.value,
        critical: q.critical,
        status,
        rating,
        justification: a.and_then(|a| text_of(&a.justification)),
        note: a.and_then(|a| text_of(&a.note)),
        evidence: a.and_then(|a| text_of(&a.evidence)),
        target,
        target_from_critical_min,
        shortfall,
        priority: shortfall.map(|s| u64::from(q.weight.value) * u64::from(s)),
        recommendation: q
            .recommendation
            .as_ref()
            .filter(|_| shown)
            .map(|r| lang_text(&r.value)),
        references: if shown {
            ref_list(&q.references)
        } else {
            RefList::default()
        },
    }
}

/// Scores an assessment against a set. Pure and total: it never fails; an unknown profile
/// gives no targets (`profile: null`), invalid ratings count as unanswered. Call
/// [`crate::assessment::check`] first to report such problems.
pub fn score(set: &ChecklistSet, a: &AssessmentFile, opts: &ScoreOptions) -> ScoreResult {
    score_with(set, a, opts, Texts::All)
}

/// The figures of [`score`] — every number, level, status and id identical — without the texts
/// a report shows: question, field, set, profile and scale texts, justifications, notes,
/// evidence, recommendations and references are empty, and the gap list is empty. For
/// `aggregate`, which folds only figures of thousands of files (copying the texts was a third
/// of its work per file). Never render a report from it.
pub fn score_figures(set: &ChecklistSet, a: &AssessmentFile, opts: &ScoreOptions) -> ScoreResult {
    score_with(set, a, opts, Texts::None)
}

fn score_with(
    set: &ChecklistSet,
    a: &AssessmentFile,
    opts: &ScoreOptions,
    texts: Texts,
) -> ScoreResult {
    let shown = texts == Texts::All;
    let lang_text = |t: &Text| if shown { lang_text(t) } else { Text::default() };
    let permyriad = set.threshold_permyriad();
    let (profile_id, source) = match &opts.profile {
        Some(p) => (p.clone(), ProfileSource::Option),
        None => (a.profile.value.clone(), ProfileSource::File),
    };
    let profile = set.profile(&profile_id);
    let renamed_from = set.renamed_profile(&profile_id).map(|_| profile_id.clone());
    let mut answers: HashMap<&str, &Answer> = HashMap::with_capacity(a.answers.len());
    for ans in &a.answers {
        answers.entry(ans.id.value.as_str()).or_insert(ans);
    }
    let fields: Vec<FieldScore> = set
        .fields
        .iter()
        .map(|f| {
            let goal = profile.map(|p| p.goal_for(&f.id));
            score_field_with(f, &answers, permyriad, goal, texts)
        })
        .collect();
    let overall = overall(&fields);
    let gaps = if shown { gap_list(&fields) } else { Vec::new() };
    let known: HashSet<&str> = set.questions().map(|(_, q)| q.id.value.as_str()).collect();
    let unknown_answers = a
        .answers
        .iter()
        .chain(&a.vanished)
        .filter(|ans| !known.contains(ans.id.value.as_str()))
        .map(|ans| ans.id.value.clone())
        .collect();
    let m = &set.manifest;
    ScoreResult {
        version: SCORE_VERSION,
        set: SetInfo {
            id: m.id.value.clone(),
            version: m.version.value.clone(),
            sha256: set.sha256.clone(),
            title: lang_text(&m.title),
            threshold: Threshold {
                permyriad,
                shown: permyriad_shown(permyriad),
            },
        },
        organisation: a.organisation.value.clone(),
        assessor: a.assessor.as_ref().map(|s| s.value.clone()),
        created: a.created.as_ref().map(|s| s.value.clone()),
        updated: a.updated.as_ref().map(|s| s.value.clone()),
        profile: profile.map(|p| ProfileInfo {
            id: p.id.value.clone(),
            title: lang_text(&p.title),
            source,
            critical_min: p.critical_min.as_ref().map(|c| c.value),
            renamed_from,
        }),
        profile_id,
        scale: m
            .scale
            .iter()
            .filter(|_| shown)
            .map(|s| ScaleInfo {
                level: s.level.value,
                name: lang_text(&s.name),
                description: lang_text(&s.description),
            })
            .collect(),
        fields,
        overall,
        gaps,
        unknown_answers,
    }
}

/// The overall result of field results: the field-weighted mean of the field indices (fields
/// without an index excluded) and the lowest field level (fields without a level excluded,
/// the result then provisional).
pub fn overall(fields: &[FieldScore]) -> Overall {
    let mut sum = Some(Fraction::new(0, 1));
    let mut weight_included = 0u64;
    for f in fields {
        if let Some(i) = &f.index {
            weight_included += u64::from(f.weight);
            sum = sum.and_then(|s| {
                i.exact
                    .checked_mul_int(u128::from(f.weight))
                    .and_then(|t| s.checked_add(t))
            });
        }
    }
    let index = if weight_included == 0 {
        None
    } else {
        sum.and_then(|s| s.checked_div_int(u128::from(weight_included)))
            .and_then(Index::from_fraction)
    };
    let level = fields.iter().filter_map(|f| f.level).min();
    let weakest_fields = fields
        .iter()
        .filter(|f| level.is_some() && f.level == level)
        .map(|f| f.id.clone())
        .collect();
    let unscored_fields = fields
        .iter()
        .filter(|f| f.level.is_none())
        .map(|f| f.id.clone())
        .collect();
    let sum_u = |g: fn(&FieldScore) -> u32| fields.iter().map(g).sum::<u32>();
    let (total, answered, na, unanswered) = (
        sum_u(|f| f.total),
        sum_u(|f| f.answered),
        sum_u(|f| f.na),
        sum_u(|f| f.unanswered),
    );
    let coverage = if total == 0 {
        Fraction::new(1, 1)
    } else {
        Fraction::new(u128::from(answered + na), u128::from(total))
    };
    let meets_targets = meets_targets(fields);
    Overall {
        index,
        weight_included,
        level,
        weakest_fields,
        unscored_fields,
        provisional: fields.iter().any(|f| f.provisional),
        total,
        answered,
        na,
        unanswered,
        coverage_percent: coverage.percent_floor(),
        coverage,
        meets_targets,
    }
}

/// The gap list: every rated question below its target (the field's target, or for a
/// critical question the profile's `critical_min` when higher), critical first, then
/// weight × shortfall descending, then set order.
pub fn gap_list(fields: &[FieldScore]) -> Vec<Gap> {
    let mut gaps: Vec<(usize, Gap)> = Vec::new();
    let mut pos = 0usize;
    for f in fields {
        for q in &f.questions {
            pos += 1;
            let (Some(r), Some(t), Some(s)) = (q.rating, q.target, q.shortfall) else {
                continue;
            };
            if s == 0 {
                continue;
            }
            gaps.push((
                pos,
                Gap {
                    rank: 0,
                    field: f.id.clone(),
                    field_title: f.title.clone(),
                    question: q.id.clone(),
                    text: q.text.clone(),
                    critical: q.critical,
                    weight: q.weight,
                    rating: r,
                    target: t,
                    target_from_critical_min: q.target_from_critical_min,
                    shortfall: s,
                    priority: u64::from(q.weight) * u64::from(s),
                    recommendation: q.recommendation.clone(),
                    references: q.references.clone(),
                },
            ));
        }
    }
    gaps.sort_by(|(pa, a), (pb, b)| {
        b.critical
            .cmp(&a.critical)
            .then(b.priority.cmp(&a.priority))
            .then(pa.cmp(pb))
    });
    gaps.into_iter()
        .enumerate()
        .map(|(i, (_, mut g))| {
            g.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
            g
        })
        .collect()
}

/// Options of [`gate`].
#[derive(Debug, Clone, Copy, Default)]
pub struct GateOptions {
    /// Every field must reach at least this level, in addition to its profile target (the
    /// stricter of the two applies).
    pub min_level: Option<u8>,
    /// Provisional fields (coverage below 100 %) may pass on their provisional level.
    pub allow_provisional: bool,
}

/// Why a field fails the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GateReason {
    /// The level is below the required level.
    BelowRequired,
    /// Questions are unanswered (coverage below 100 %) and provisional figures are not allowed.
    Provisional,
    /// Nothing is rated although questions are unanswered: there is no level to compare.
    NoLevel,
    /// A critical question is rated below the profile's `critical_min`, or not answered.
    CriticalBelowMinimum,
}

/// The gate's verdict on one field.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GateCheck {
    /// The field's id.
    pub field: String,
    /// The field's title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
    /// The field's level (`null` when nothing is rated).
    pub level: Option<u8>,
    /// The profile's target for the field.
    pub target: Option<u8>,
    /// The required level: the higher of target and `--min-level` (`null`: none).
    pub required: Option<u8>,
    /// Coverage below 100 %.
    pub provisional: bool,
    /// Coverage in whole percent, rounded down.
    pub coverage_percent: u32,
    /// The profile's minimum rating of every critical question (`null`: none).
    pub critical_min: Option<u8>,
    /// Critical questions rated below `critical_min` or not answered.
    pub critical_below_min: Vec<String>,
    /// No question applies (all n/a or no questions): nothing to require, passes.
    pub not_applicable: bool,
    /// Whether the field passes.
    pub passed: bool,
    /// Why it fails (empty when it passes).
    pub reasons: Vec<GateReason>,
}

/// The gate's verdict.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GateResult {
    /// Every field passes.
    pub passed: bool,
    /// The `--min-level` that applied.
    pub min_level: Option<u8>,
    /// Whether provisional fields were allowed.
    pub allow_provisional: bool,
    /// One check per field, in the set's order.
    pub checks: Vec<GateCheck>,
}

/// Decides the CI gate on a score: a field passes when its level reaches the required level
/// (the higher of the profile target and `min_level`), every critical question meets the
/// profile's `critical_min` (an unanswered one never does, even with `allow_provisional`), its
/// coverage is 100 % (unless `allow_provisional`), and it has a level at all. A field in which
/// nothing applies (all n/a) passes.
pub fn gate(s: &ScoreResult, opts: GateOptions) -> GateResult {
    // Nothing rated never meets a target: then no field counts as not applicable.
    let nothing_rated = s.fields.iter().all(|f| f.level.is_none());
    let checks: Vec<GateCheck> = s
        .fields
        .iter()
        .map(|f| {
            let required = match (f.target, opts.min_level) {
                (Some(t), Some(m)) => Some(t.max(m)),
                (t, m) => t.or(m),
            };
            let not_applicable = f.level.is_none() && !f.provisional && !nothing_rated;
            let mut reasons = Vec::new();
            if !not_applicable {
                if f.provisional && !opts.allow_provisional {
                    reasons.push(GateReason::Provisional);
                }
                match (f.level, required) {
                    (None, _) => reasons.push(GateReason::NoLevel),
                    (Some(l), Some(r)) if l < r => reasons.push(GateReason::BelowRequired),
                    _ => {}
                }
                if !f.critical_below_min.is_empty() {
                    reasons.push(GateReason::CriticalBelowMinimum);
                }
            }
            GateCheck {
                field: f.id.clone(),
                title: f.title.clone(),
                level: f.level,
                target: f.target,
                required,
                provisional: f.provisional,
                coverage_percent: f.coverage_percent,
                critical_min: f.critical_min,
                critical_below_min: f.critical_below_min.clone(),
                not_applicable,
                passed: reasons.is_empty(),
                reasons,
            }
        })
        .collect();
    GateResult {
        passed: checks.iter().all(|c| c.passed),
        min_level: opts.min_level,
        allow_provisional: opts.allow_provisional,
        checks,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn test_of(level: u8, at: u64, rated: u64, critical: &[&str]) -> LevelTest {
        let meets = meets_threshold(at, rated, 8000);
        LevelTest {
            level,
            weight_at_or_above: at,
            weight_rated: rated,
            share: Some(Fraction::new(u128::from(at), u128::from(rated))),
            meets_threshold: meets,
            critical_below: critical.iter().map(|c| (*c).to_owned()).collect(),
            holds: meets && critical.is_empty(),
        }
    }

    #[test]
    fn level_reason_names_share_and_threshold_or_the_critical_question() {
        // Index 1.7, level 0: 7 of 9 weight (77.7 %, rounded down) reach level 1.
        let index = Index::from_fraction(Fraction::new(17, 10)).unwrap();
        let levels = vec![test_of(0, 9, 9, &[]), test_of(1, 7, 9, &[])];
        let r = level_reason(Some(0), Some(&index), &levels, 8000).unwrap();
        assert_eq!((r.level, r.next), (0, 1));
        assert_eq!(r.share_percent, "77.7");
        assert_eq!(r.threshold_percent, "80");
        assert!(!r.meets_threshold && r.critical_below.is_empty());
        // Enough weight, but a critical question below level 1.
        let levels = vec![test_of(0, 9, 9, &[]), test_of(1, 9, 9, &["INF-03"])];
        let r = level_reason(Some(0), Some(&index), &levels, 8000).unwrap();
        assert!(r.meets_threshold);
        assert_eq!(r.critical_below, ["INF-03"]);
        // Level 1 from index 1.7: nothing to explain.
        assert_eq!(level_reason(Some(1), Some(&index), &levels, 8000), None);
        assert_eq!(percent_of_permyriad(8250), "82.5");
    }
    use crate::assessment::SetRef;
    use crate::model::{Anchors, Manifest, Profile, ScaleLevel, Sp};

    /// A question: id, weight, critical.
    pub(crate) fn q(id: &str, weight: u32, critical: bool) -> Question {
        Question {
            id: Sp::new(id.to_owned()),
            text: Sp::new(Text::from_pairs([("de", id), ("en", id)])),
            help: None,
            anchors: Anchors::default(),
            recommendation: Some(Sp::new(Text::from_pairs([
                ("de", "Tun Sie etwas."),
                ("en", "Do something."),
            ]))),
            weight: Sp::new(weight),
            critical,
            references: References::default(),
        }
    }

    pub(crate) fn field(id: &str, weight: u32, questions: Vec<Question>) -> Field {
        Field {
            id: Sp::new(id.to_owned()),
            number: Sp::new(1),
            title: Sp::new(Text::from_pairs([("de", id), ("en", id)])),
            description: Sp::new(Text::from_pairs([("de", "-"), ("en", "-")])),
            weight: Sp::new(weight),
            questions: Sp::new(questions),
            file: String::new(),
        }
    }

    /// A set with threshold `t` and a profile `p` with default target `target`.
    pub(crate) fn set(t: f64, target: u8, fields: Vec<Field>) -> ChecklistSet {
        let txt = |s: &str| Sp::new(Text::from_pairs([("de", s), ("en", s)]));
        ChecklistSet {
            manifest: Manifest {
                format: Sp::new(1),
                id: Sp::new("t".into()),
                version: Sp::new("1".into()),
                title: txt("T"),
                description: None,
                languages: Sp::new(vec![Sp::new("de".into()), Sp::new("en".into())]),
                scale: Sp::new(
                    (0..=5u8)
                        .map(|l| ScaleLevel {
                            level: Sp::new(l),
                            name: txt(&format!("L{l}")),
                            description: txt("-"),
                        })
                        .collect(),
                ),
                threshold: Sp::new(t),
                profiles: Sp::new(vec![Profile {
                    id: Sp::new("p".into()),
                    title: txt("P"),
                    description: None,
                    target: Sp::new(target),
                    fields: vec![],
                    critical_min: None,
                    former_ids: vec![],
                }]),
                fields: Sp::new(vec![]),
                ids: Sp::default(),
                source: None,
            },
            fields,
            sha256: "0".into(),
            origin: "test".into(),
        }
    }

    /// Like [`set`], with the profile's `critical_min`.
    pub(super) fn set_cm(t: f64, target: u8, cm: Option<u8>, fields: Vec<Field>) -> ChecklistSet {
        let mut s = set(t, target, fields);
        s.manifest.profiles.value[0].critical_min = cm.map(Sp::new);
        s
    }

    /// An assessment with answers (id, rating); `None` is n/a.
    pub(crate) fn assess(answers: &[(&str, Option<u8>)]) -> AssessmentFile {
        AssessmentFile {
            format: Sp::new(1),
            set: SetRef {
                id: Sp::new("t".into()),
                version: Sp::new("1".into()),
                sha256: Sp::new("0".into()),
            },
            classification: None,
            organisation: Sp::new("Org".into()),
            assessor: None,
            scope: None,
            segment: None,
            method: None,
            profile: Sp::new("p".into()),
            created: None,
            updated: None,
            position: None,
            answers: answers
                .iter()
                .map(|(id, r)| Answer {
                    id: Sp::new((*id).to_owned()),
                    rating: Sp::new(r.map_or(Rating::NotApplicable, Rating::Level)),
                    justification: r.is_none().then(|| Sp::new("n/a".into())),
                    note: None,
                    evidence: None,
                    action: None,
                    disputed: None,
                })
                .collect(),
            vanished: vec![],
            signoffs: vec![],
        }
    }

    #[test]
    fn index_and_level_of_a_simple_field() {
        // weights 3, 2, 1; ratings 3, 2, 1: index = (9 + 4 + 1) / 6 = 14/6 = 2.333… → 2.3
        let s = set(
            0.8,
            3,
            vec![field(
                "f",
                1,
                vec![
                    q("A-01", 3, false),
                    q("A-02", 2, false),
                    q("A-03", 1, false),
                ],
            )],
        );
        let r = score(
            &s,
            &assess(&[("A-01", Some(3)), ("A-02", Some(2)), ("A-03", Some(1))]),
            &ScoreOptions::default(),
        );
        let f = &r.fields[0];
        assert_eq!(f.index.as_ref().unwrap().exact, Fraction::new(7, 3));
        assert_eq!(f.index.as_ref().unwrap().shown, "2.3");
        // share ≥ 2 is 5/6 = 0.833 ≥ 0.8; share ≥ 3 is 3/6 = 0.5
        assert_eq!(f.level, Some(2));
        assert_eq!(f.limited_by, LevelLimit::Threshold);
    }

    fn one_field(t: f64, target: u8, qs: Vec<Question>, ans: &[(&str, Option<u8>)]) -> FieldScore {
        let s = set(t, target, vec![field("f", 1, qs)]);
        score(&s, &assess(ans), &ScoreOptions::default())
            .fields
            .remove(0)
    }

    #[test]
    fn na_is_excluded() {
        // A-02 n/a: only A-01 (w 1, r 4) and A-03 (w 3, r 2) count: (4 + 6) / 4 = 2.5
        let f = one_field(
            0.8,
            3,
            vec![q("A-01", 1, false), q("A-02", 5, true), q("A-03", 3, false)],
            &[("A-01", Some(4)), ("A-02", None), ("A-03", Some(2))],
        );
        assert_eq!((f.answered, f.na, f.unanswered, f.total), (2, 1, 0, 3));
        assert_eq!(f.index.as_ref().unwrap().exact, Fraction::new(5, 2));
        assert_eq!(f.index.as_ref().unwrap().shown, "2.5");
        assert!(!f.provisional);
        assert_eq!(f.coverage_percent, 100);
        // The critical A-02 is n/a and caps nothing: share ≥ 2 is 4/4.
        assert_eq!(f.level, Some(2));
        assert!(f.levels.iter().all(|l| l.critical_below.is_empty()));
    }

    #[test]
    fn unanswered_is_excluded_and_provisional() {
        // A-02 (w 5) open: it does not count as 0; index (4·1 + 2·3) / 4 = 2.5
        let f = one_field(
            0.8,
            3,
            vec![
                q("A-01", 1, false),
                q("A-02", 5, false),
                q("A-03", 3, false),
            ],
            &[("A-01", Some(4)), ("A-03", Some(2))],
        );
        assert_eq!((f.answered, f.na, f.unanswered), (2, 0, 1));
        assert_eq!(f.index.as_ref().unwrap().shown, "2.5");
        assert!(f.provisional);
        assert_eq!(f.coverage, Fraction::new(2, 3));
        assert_eq!(f.coverage_percent, 66);
        assert_eq!(f.level, Some(2));
        // Unanswered questions are never in the gap list.
        assert_eq!(f.questions[1].shortfall, None);
    }

    #[test]
    fn a_critical_question_caps_the_level() {
        // w 9 rated 4, critical w 1 rated 1: share ≥ 4 is 9/10 ≥ 0.8, but the critical test
        // fails from level 2 on: level 1, limited by the critical question.
        let f = one_field(
            0.8,
            3,
            vec![q("A-01", 9, false), q("A-02", 1, true)],
            &[("A-01", Some(4)), ("A-02", Some(1))],
        );
        assert_eq!(f.level, Some(1));
        assert_eq!(f.limited_by, LevelLimit::Critical);
        assert!(f.levels[4].meets_threshold);
        assert_eq!(f.levels[2].critical_below, vec!["A-02".to_owned()]);
        // Same without `critical`: level 4.
        let g = one_field(
            0.8,
            3,
            vec![q("A-01", 9, false), q("A-02", 1, false)],
            &[("A-01", Some(4)), ("A-02", Some(1))],
        );
        assert_eq!(g.level, Some(4));
        assert_eq!(g.index.as_ref().unwrap().exact, Fraction::new(37, 10));
    }

    #[test]
    fn a_share_of_exactly_the_threshold_passes() {
        // weights 4 and 1: share ≥ 3 is exactly 4/5 = 0.8: 4·10000 = 40000 ≥ 5·8000 = 40000.
        let f = one_field(
            0.8,
            3,
            vec![q("A-01", 4, false), q("A-02", 1, false)],
            &[("A-01", Some(3)), ("A-02", Some(0))],
        );
        assert!(f.levels[3].meets_threshold);
        assert_eq!(f.level, Some(3));
        // 0.7 + 0.1 is not 0.8 in floats, but the threshold is taken in ten-thousandths.
        let f = one_field(
            0.7 + 0.1,
            3,
            vec![q("A-01", 4, false), q("A-02", 1, false)],
            &[("A-01", Some(3)), ("A-02", Some(0))],
        );
        assert_eq!(f.level, Some(3));
        // One ten-thousandth more fails.
        let f = one_field(
            0.8001,
            3,
            vec![q("A-01", 4, false), q("A-02", 1, false)],
            &[("A-01", Some(3)), ("A-02", Some(0))],
        );
        assert_eq!(f.level, Some(0));
        assert_eq!(f.limited_by, LevelLimit::Threshold);
    }

    #[test]
    fn an_empty_field_has_no_level_and_makes_overall_provisional() {
        let s = set(
            0.8,
            2,
            vec![
                field("a", 2, vec![q("A-01", 1, false)]),
                field("b", 1, vec![q("B-01", 1, false)]),
            ],
        );
        let r = score(&s, &assess(&[("A-01", Some(3))]), &ScoreOptions::default());
        let b = &r.fields[1];
        assert_eq!((b.index.clone(), b.level), (None, None));
        assert_eq!(b.limited_by, LevelLimit::NoRatings);
        assert!(b.provisional);
        assert_eq!(b.gap, None);
        assert_eq!(r.overall.level, Some(3));
        assert!(r.overall.provisional);
        assert_eq!(r.overall.unscored_fields, vec!["b".to_owned()]);
        assert_eq!(r.overall.index.as_ref().unwrap().shown, "3.0");
        assert_eq!(r.overall.weight_included, 2);
        let g = gate(&r, GateOptions::default());
        assert!(!g.passed);
        assert_eq!(
            g.checks[1].reasons,
            vec![GateReason::Provisional, GateReason::NoLevel]
        );
        // A field without questions at all is complete and has no level.
        let s = set(0.8, 2, vec![field("a", 1, vec![])]);
        let r = score(&s, &assess(&[]), &ScoreOptions::default());
        assert_eq!(r.fields[0].coverage, Fraction::new(1, 1));
        assert!(!r.fields[0].provisional);
        assert_eq!(r.overall.level, None);
        assert_eq!(r.overall.index, None);
    }

    #[test]
    fn a_field_all_na_is_left_out_and_passes_the_gate() {
        let s = set(
            0.8,
            2,
            vec![
                field("a", 1, vec![q("A-01", 1, false)]),
                field("b", 5, vec![q("B-01", 1, true), q("B-02", 2, false)]),
            ],
        );
        let r = score(
            &s,
            &assess(&[("A-01", Some(2)), ("B-01", None), ("B-02", None)]),
            &ScoreOptions::default(),
        );
        let b = &r.fields[1];
        assert_eq!((b.level, b.provisional, b.na), (None, false, 2));
        assert_eq!(r.overall.level, Some(2));
        assert!(!r.overall.provisional);
        // The field weight 5 of b is not in the mean.
        assert_eq!(r.overall.weight_included, 1);
        assert_eq!(r.overall.index.as_ref().unwrap().shown, "2.0");
        let g = gate(&r, GateOptions::default());
        assert!(g.passed);
        assert!(g.checks[1].not_applicable);
    }

    #[test]
    fn index_rounds_half_up_in_integers() {
        // 13/4 = 3.25 → 3.3; 7/4 = 1.75 → 1.8; 1/3 → 0.3; 2/3 → 0.7; 1/20 = 0.05 → 0.1
        for (n, d, shown) in [
            (13, 4, "3.3"),
            (7, 4, "1.8"),
            (1, 3, "0.3"),
            (2, 3, "0.7"),
            (1, 20, "0.1"),
            (5, 1, "5.0"),
            (0, 7, "0.0"),
        ] {
            let i = Index::from_fraction(Fraction::new(n, d)).unwrap();
            assert_eq!(i.shown, shown, "{n}/{d}");
        }
        assert_eq!(permyriad_shown(8000), "0.8");
        assert_eq!(permyriad_shown(10000), "1");
        assert_eq!(permyriad_shown(7525), "0.7525");
        assert_eq!(permyriad_shown(500), "0.05");
    }

    #[test]
    fn overall_is_weighted_mean_and_weakest_link() {
        // a (weight 2): 13/6, level 2; b (weight 1): 7/4, level 1 → (2·13/6 + 7/4) / 3 = 73/36
        let s = set(
            0.8,
            3,
            vec![
                field(
                    "a",
                    2,
                    vec![q("A-01", 3, true), q("A-02", 2, false), q("A-03", 1, false)],
                ),
                field(
                    "b",
                    1,
                    vec![q("B-01", 1, true), q("B-02", 2, false), q("B-03", 1, false)],
                ),
            ],
        );
        let r = score(
            &s,
            &assess(&[
                ("A-01", Some(3)),
                ("A-02", Some(2)),
                ("A-03", Some(0)),
                ("B-01", Some(1)),
                ("B-02", Some(1)),
                ("B-03", Some(4)),
            ]),
            &ScoreOptions::default(),
        );
        assert_eq!(r.fields[0].level, Some(2));
        assert_eq!(r.fields[1].level, Some(1));
        assert_eq!(r.fields[1].limited_by, LevelLimit::ThresholdAndCritical);
        let o = &r.overall;
        assert_eq!(o.index.as_ref().unwrap().exact, Fraction::new(73, 36));
        assert_eq!(o.index.as_ref().unwrap().shown, "2.0");
        assert_eq!(o.level, Some(1));
        assert_eq!(o.weakest_fields, vec!["b".to_owned()]);
        // The gap list with target 3: critical first, then weight × shortfall, then set order.
        let order: Vec<(&str, u64)> = r
            .gaps
            .iter()
            .map(|g| (g.question.as_str(), g.priority))
            .collect();
        assert_eq!(
            order,
            vec![("B-01", 2), ("B-02", 4), ("A-03", 3), ("A-02", 2)]
        );
        assert_eq!(r.gaps[0].rank, 1);
        assert_eq!(o.meets_targets, Some(false));
    }

    #[test]
    fn profile_option_overrides_the_file_and_unknown_gives_no_targets() {
        let s = set(0.8, 4, vec![field("a", 1, vec![q("A-01", 1, false)])]);
        let a = assess(&[("A-01", Some(3))]);
        let r = score(&s, &a, &ScoreOptions::default());
        assert_eq!(r.fields[0].target, Some(4));
        assert_eq!(r.fields[0].gap, Some(1));
        let r = score(
            &s,
            &a,
            &ScoreOptions {
                profile: Some("nope".into()),
            },
        );
        assert!(r.profile.is_none());
        assert_eq!(r.fields[0].target, None);
        assert!(r.gaps.is_empty());
        assert_eq!(r.overall.meets_targets, None);
    }

    #[test]
    fn meets_target_one_rule() {
        assert_eq!(meets_target(Some(3), Some(3), 0, true), Some(true));
        assert_eq!(
            meets_target(Some(3), Some(3), 0, false),
            Some(false),
            "critical below min"
        );
        assert_eq!(meets_target(Some(2), Some(3), 1, true), Some(false));
        assert_eq!(
            meets_target(None, Some(3), 2, true),
            Some(false),
            "nothing rated"
        );
        assert_eq!(meets_target(None, Some(3), 0, true), None, "all n/a");
        assert_eq!(meets_target(Some(5), None, 0, true), None, "no target");
    }

    #[test]
    fn gate_min_level_adds_to_the_profile_target() {
        let s = set(0.8, 2, vec![field("a", 1, vec![q("A-01", 1, false)])]);
        let r = score(&s, &assess(&[("A-01", Some(3))]), &ScoreOptions::default());
        assert!(gate(&r, GateOptions::default()).passed);
        let g = gate(
            &r,
            GateOptions {
                min_level: Some(4),
                allow_provisional: false,
            },
        );
        assert!(!g.passed);
        assert_eq!(g.checks[0].required, Some(4));
        assert_eq!(g.checks[0].reasons, vec![GateReason::BelowRequired]);
        // A lower min level does not weaken the profile target.
        let g = gate(
            &r,
            GateOptions {
                min_level: Some(1),
                allow_provisional: false,
            },
        );
        assert_eq!(g.checks[0].required, Some(2));
    }

    #[test]
    fn gate_provisional_fails_unless_allowed() {
        let s = set(
            0.8,
            2,
            vec![field(
                "a",
                1,
                vec![q("A-01", 1, false), q("A-02", 1, false)],
            )],
        );
        let r = score(&s, &assess(&[("A-01", Some(3))]), &ScoreOptions::default());
        let g = gate(&r, GateOptions::default());
        assert_eq!(g.checks[0].reasons, vec![GateReason::Provisional]);
        let g = gate(
            &r,
            GateOptions {
                min_level: None,
                allow_provisional: true,
            },
        );
        assert!(g.passed);
    }

    #[test]
    fn critical_min_makes_a_field_miss_its_target_and_adds_gaps() {
        // basis-like: target 2, every critical question at least 3. A-01 (critical, w 3) is
        // rated 2, A-02 (w 1) 2: level 2 reaches the target, but A-01 is below the minimum.
        let qs = || vec![q("A-01", 3, true), q("A-02", 1, false)];
        let ans = [("A-01", Some(2)), ("A-02", Some(2))];
        let r = score(
            &set_cm(0.8, 2, Some(3), vec![field("a", 1, qs())]),
            &assess(&ans),
            &ScoreOptions::default(),
        );
        let f = &r.fields[0];
        assert_eq!((f.level, f.target, f.gap), (Some(2), Some(2), Some(0)));
        assert_eq!(f.critical_min, Some(3));
        assert_eq!(f.critical_below_min, vec!["A-01".to_owned()]);
        assert_eq!(f.meets_target, Some(false));
        assert_eq!(r.overall.meets_targets, Some(false));
        assert_eq!(r.profile.as_ref().unwrap().critical_min, Some(3));
        // The question's target is the minimum; the non-critical A-02 keeps the field's.
        assert_eq!(
            (
                f.questions[0].target,
                f.questions[0].target_from_critical_min
            ),
            (Some(3), true)
        );
        assert_eq!(f.questions[0].shortfall, Some(1));
        assert_eq!(
            (
                f.questions[1].target,
                f.questions[1].target_from_critical_min
            ),
            (Some(2), false)
        );
        // The gap list holds exactly the critical shortfall, with the minimum as its target.
        assert_eq!(r.gaps.len(), 1);
        let g = &r.gaps[0];
        assert_eq!(
            (g.question.as_str(), g.target, g.shortfall, g.priority),
            ("A-01", 3, 1, 3)
        );
        assert!(g.critical && g.target_from_critical_min);
        let gt = gate(&r, GateOptions::default());
        assert!(!gt.passed);
        assert_eq!(gt.checks[0].reasons, vec![GateReason::CriticalBelowMinimum]);
        assert_eq!(gt.checks[0].critical_below_min, vec!["A-01".to_owned()]);
        // Without the minimum the same answers meet the target and pass.
        let r0 = score(
            &set_cm(0.8, 2, None, vec![field("a", 1, qs())]),
            &assess(&ans),
            &ScoreOptions::default(),
        );
        assert_eq!(r0.fields[0].meets_target, Some(true));
        assert!(r0.gaps.is_empty());
        assert!(gate(&r0, GateOptions::default()).passed);
        // With A-01 at 3 the minimum is met.
        let r3 = score(
            &set_cm(0.8, 2, Some(3), vec![field("a", 1, qs())]),
            &assess(&[("A-01", Some(3)), ("A-02", Some(2))]),
            &ScoreOptions::default(),
        );
        assert_eq!(r3.fields[0].meets_target, Some(true));
        assert!(r3.fields[0].critical_below_min.is_empty());
        assert!(gate(&r3, GateOptions::default()).passed);
    }

    #[test]
    fn an_open_critical_question_cannot_meet_the_minimum_and_na_is_left_out() {
        let qs = vec![q("A-01", 1, true), q("A-02", 1, true), q("A-03", 4, false)];
        // A-01 open, A-02 n/a, A-03 rated 5: level 5 (provisional), but A-01 cannot meet 3.
        let r = score(
            &set_cm(0.8, 2, Some(3), vec![field("a", 1, qs)]),
            &assess(&[("A-02", None), ("A-03", Some(5))]),
            &ScoreOptions::default(),
        );
        let f = &r.fields[0];
        assert_eq!(f.level, Some(5));
        assert!(f.provisional);
        assert_eq!(f.critical_below_min, vec!["A-01".to_owned()]);
        assert_eq!(f.meets_target, Some(false));
        // Open questions are never in the gap list, and n/a ones are not below anything.
        assert!(r.gaps.is_empty());
        // Even when provisional figures are allowed, the open critical question fails.
        let g = gate(
            &r,
            GateOptions {
                min_level: None,
                allow_provisional: true,
            },
        );
        assert_eq!(g.checks[0].reasons, vec![GateReason::CriticalBelowMinimum]);
        let g = gate(&r, GateOptions::default());
        assert_eq!(
            g.checks[0].reasons,
            vec![GateReason::Provisional, GateReason::CriticalBelowMinimum]
        );
    }

    #[test]
    fn a_renamed_profile_is_found_by_its_former_id() {
        let mut s = set(0.8, 4, vec![field("a", 1, vec![q("A-01", 1, false)])]);
        s.manifest.profiles.value[0].former_ids = vec![Sp::new("alt".into())];
        let mut a = assess(&[("A-01", Some(4))]);
        a.profile = Sp::new("alt".into());
        let r = score(&s, &a, &ScoreOptions::default());
        let p = r.profile.as_ref().unwrap();
        assert_eq!(
            (p.id.as_str(), p.renamed_from.as_deref()),
            ("p", Some("alt"))
        );
        assert_eq!(r.profile_id, "alt");
        assert_eq!(r.fields[0].target, Some(4));
        assert_eq!(r.fields[0].meets_target, Some(true));
        // By its own id there is no rename.
        a.profile = Sp::new("p".into());
        let r = score(&s, &a, &ScoreOptions::default());
        assert_eq!(r.profile.as_ref().unwrap().renamed_from, None);
    }

    #[test]
    fn invalid_ratings_and_unknown_answers_do_not_count() {
        let s = set(0.8, 2, vec![field("a", 1, vec![q("A-01", 1, false)])]);
        let mut a = assess(&[("A-01", Some(9)), ("Z-99", Some(5))]);
        a.vanished = assess(&[("OLD-01", Some(5))]).answers;
        let r = score(&s, &a, &ScoreOptions::default());
        assert_eq!(r.fields[0].unanswered, 1);
        assert_eq!(r.fields[0].level, None);
        assert_eq!(
            r.unknown_answers,
            vec!["Z-99".to_owned(), "OLD-01".to_owned()]
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// (weight, critical, answer) of one question.
        type QSpec = (u32, bool, Option<Option<u8>>);
        /// (field weight, questions) of one field.
        type FSpec = (u32, Vec<QSpec>);

        /// A field of 1–12 questions: (weight, critical, answer) with answer None = open,
        /// Some(None) = n/a, Some(Some(r)) = rating.
        fn field_spec() -> impl Strategy<Value = Vec<QSpec>> {
            prop::collection::vec(
                (
                    1u32..20,
                    any::<bool>(),
                    prop::option::of(prop::option::of(0u8..=5)),
                ),
                1..12,
            )
        }

        fn build(fields: &[FSpec], t: f64) -> (ChecklistSet, AssessmentFile) {
            build_cm(fields, t, 3, None)
        }

        fn build_cm(
            fields: &[FSpec],
            t: f64,
            target: u8,
            cm: Option<u8>,
        ) -> (ChecklistSet, AssessmentFile) {
            let mut answers: Vec<(String, Option<u8>)> = Vec::new();
            let fs = fields
                .iter()
                .enumerate()
                .map(|(i, (fw, qs))| {
                    let questions = qs
                        .iter()
                        .enumerate()
                        .map(|(j, (w, c, a))| {
                            let id = format!("F{i}-{j:02}");
                            if let Some(a) = a {
                                answers.push((id.clone(), *a));
                            }
                            q(&id, *w, *c)
                        })
                        .collect();
                    field(&format!("f{i}"), *fw, questions)
                })
                .collect();
            let refs: Vec<(&str, Option<u8>)> =
                answers.iter().map(|(a, b)| (a.as_str(), *b)).collect();
            (set_cm(t, target, cm, fs), assess(&refs))
        }

        fn fields_spec() -> impl Strategy<Value = Vec<FSpec>> {
            prop::collection::vec((1u32..5, field_spec()), 1..5)
        }

        proptest! {
            #[test]
            fn index_stays_in_range(fs in fields_spec(), t in 1u32..=10_000) {
                let (s, a) = build(&fs, f64::from(t) / 10_000.0);
                let r = score(&s, &a, &ScoreOptions::default());
                for f in r.fields.iter() {
                    if let Some(i) = &f.index {
                        prop_assert!(i.exact.numerator <= 5 * i.exact.denominator);
                        prop_assert!(i.tenths <= 50);
                    }
                    if let Some(l) = f.level { prop_assert!(l <= 5); }
                }
                if let Some(i) = &r.overall.index {
                    prop_assert!(i.tenths <= 50);
                }
            }

            #[test]
            fn raising_a_rating_never_lowers_index_or_level(
                fs in fields_spec(), pick in any::<prop::sample::Index>(), t in 1u32..=10_000
            ) {
                let th = f64::from(t) / 10_000.0;
                let (s, a) = build(&fs, th);
                let rated: Vec<usize> = a.answers.iter().enumerate()
                    .filter(|(_, x)| matches!(x.rating.value, Rating::Level(l) if l < 5))
                    .map(|(i, _)| i).collect();
                prop_assume!(!rated.is_empty());
                let k = rated[pick.index(rated.len())];
                let mut b = a.clone();
                if let Rating::Level(l) = b.answers[k].rating.value {
                    b.answers[k].rating.value = Rating::Level(l + 1);
                }
                let ra = score(&s, &a, &ScoreOptions::default());
                let rb = score(&s, &b, &ScoreOptions::default());
                for (x, y) in ra.fields.iter().zip(&rb.fields) {
                    if let (Some(xi), Some(yi)) = (&x.index, &y.index) {
                        // n1/d ≤ n2/d, compared crosswise
                        prop_assert!(xi.exact.numerator * yi.exact.denominator
                            <= yi.exact.numerator * xi.exact.denominator);
                    }
                    prop_assert!(x.level <= y.level);
                }
                prop_assert!(ra.overall.level <= rb.overall.level);
                if let (Some(x), Some(y)) = (&ra.overall.index, &rb.overall.index) {
                    prop_assert!(x.exact.numerator * y.exact.denominator
                        <= y.exact.numerator * x.exact.denominator);
                }
            }

            #[test]
            fn adding_critical_min_never_makes_a_target_met(
                fs in fields_spec(), target in 0u8..=5, extra in 0u8..=5
            ) {
                let cm = target.saturating_add(extra).min(5);
                let (s0, a) = build_cm(&fs, 0.8, target, None);
                let (s1, _) = build_cm(&fs, 0.8, target, Some(cm));
                let r0 = score(&s0, &a, &ScoreOptions::default());
                let r1 = score(&s1, &a, &ScoreOptions::default());
                for (f0, f1) in r0.fields.iter().zip(&r1.fields) {
                    // level, index and gap are the same; only meeting the target can be lost
                    prop_assert_eq!(f0.level, f1.level);
                    prop_assert_eq!(&f0.index, &f1.index);
                    prop_assert_eq!(f0.gap, f1.gap);
                    if f1.meets_target == Some(true) {
                        prop_assert_eq!(f0.meets_target, Some(true));
                    }
                    prop_assert_eq!(
                        f1.meets_target == Some(false),
                        f0.meets_target == Some(false)
                            || (f1.level.is_some() && !f1.critical_below_min.is_empty())
                    );
                }
                if r1.overall.meets_targets == Some(true) {
                    prop_assert_eq!(r0.overall.meets_targets, Some(true));
                }
                // every gap without the minimum is a gap with it, never with a lower target
                for g0 in &r0.gaps {
                    let g1 = r1.gaps.iter().find(|g| g.question == g0.question);
                    prop_assert!(g1.is_some_and(|g| g.target >= g0.target));
                }
                // and the gate never passes a field it failed before
                let g0 = gate(&r0, GateOptions::default());
                let g1 = gate(&r1, GateOptions::default());
                for (c0, c1) in g0.checks.iter().zip(&g1.checks) {
                    prop_assert!(c0.passed || !c1.passed);
                }
            }

            #[test]
            fn critical_min_equal_to_the_target_changes_nothing_without_open_critical_questions(
                fs in fields_spec(), target in 0u8..=5
            ) {
                let (s0, a) = build_cm(&fs, 0.8, target, None);
                let (s1, _) = build_cm(&fs, 0.8, target, Some(target));
                let r0 = score(&s0, &a, &ScoreOptions::default());
                let r1 = score(&s1, &a, &ScoreOptions::default());
                for (i, (f0, f1)) in r0.fields.iter().zip(&r1.fields).enumerate() {
                    let open_critical = s0.fields[i].questions.iter().zip(&f0.questions)
                        .any(|(q, x)| q.critical && x.status == AnswerStatus::Unanswered);
                    if !open_critical {
                        // A field at its target has every rated critical question at ≥ target
                        // (the critical test), so the minimum asks nothing more.
                        prop_assert_eq!(f0.meets_target, f1.meets_target);
                        if f1.level.is_some_and(|l| l >= target) {
                            prop_assert!(f1.critical_below_min.is_empty());
                        }
                    }
                }
                // a minimum equal to the target never adds a gap
                let q0: Vec<_> = r0.gaps.iter().map(|g| (&g.question, g.target, g.shortfall)).collect();
                let q1: Vec<_> = r1.gaps.iter().map(|g| (&g.question, g.target, g.shortfall)).collect();
                prop_assert_eq!(q0, q1);
            }

            #[test]
            fn figures_are_the_score_without_its_texts(
                fs in fields_spec(), t in 1u32..=10_000, target in 0u8..=5, cm in prop::option::of(0u8..=5)
            ) {
                let (s, a) = build_cm(&fs, f64::from(t) / 10_000.0, target, cm);
                let mut full = score(&s, &a, &ScoreOptions::default());
                let figures = score_figures(&s, &a, &ScoreOptions::default());
                // What score_figures leaves out, removed from the full score by hand:
                full.set.title = Default::default();
                if let Some(p) = &mut full.profile { p.title = Default::default(); }
                full.scale.clear();
                full.gaps.clear();
                for f in &mut full.fields {
                    f.title = Default::default();
                    for q in &mut f.questions {
                        q.text = Default::default();
                        (q.justification, q.note, q.evidence, q.recommendation) = (None, None, None, None);
                        q.references = RefList::default();
                    }
                }
                prop_assert_eq!(
                    serde_json::to_string(&full).unwrap(),
                    serde_json::to_string(&figures).unwrap()
                );
            }

            #[test]
            fn overall_level_is_the_lowest_field_level(fs in fields_spec()) {
                let (s, a) = build(&fs, 0.8);
                let r = score(&s, &a, &ScoreOptions::default());
                let min = r.fields.iter().filter_map(|f| f.level).min();
                prop_assert_eq!(r.overall.level, min);
                for f in &r.fields {
                    if let (Some(l), Some(o)) = (f.level, r.overall.level) {
                        prop_assert!(o <= l);
                    }
                }
            }

            #[test]
            fn reordering_questions_changes_nothing(
                fs in fields_spec(), seed in any::<u64>()
            ) {
                let (s, a) = build(&fs, 0.8);
                let mut s2 = s.clone();
                let mut a2 = a.clone();
                // a deterministic shuffle of each field's questions and of the answers
                let mut x = seed | 1;
                let mut next = move || { x ^= x << 13; x ^= x >> 7; x ^= x << 17; x };
                for f in &mut s2.fields {
                    let qs = &mut f.questions.value;
                    for i in (1..qs.len()).rev() {
                        let j = (next() % (i as u64 + 1)) as usize;
                        qs.swap(i, j);
                    }
                }
                for i in (1..a2.answers.len()).rev() {
                    let j = (next() % (i as u64 + 1)) as usize;
                    a2.answers.swap(i, j);
                }
                let r1 = score(&s, &a, &ScoreOptions::default());
                let r2 = score(&s2, &a2, &ScoreOptions::default());
                for (f1, f2) in r1.fields.iter().zip(&r2.fields) {
                    prop_assert_eq!(&f1.index, &f2.index);
                    prop_assert_eq!(f1.level, f2.level);
                    prop_assert_eq!(f1.limited_by, f2.limited_by);
                    prop_assert_eq!(f1.coverage, f2.coverage);
                    prop_assert_eq!(f1.provisional, f2.provisional);
                }
                prop_assert_eq!(&r1.overall.index, &r2.overall.index);
                prop_assert_eq!(r1.overall.level, r2.overall.level);
                // the gap list holds the same questions
                let mut g1: Vec<_> = r1.gaps.iter().map(|g| g.question.clone()).collect();
                let mut g2: Vec<_> = r2.gaps.iter().map(|g| g.question.clone()).collect();
                g1.sort();
                g2.sort();
                prop_assert_eq!(g1, g2);
            }
        }
    }
}
