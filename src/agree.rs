//! Agreement of two ratings of the same questions (self-assessment against audit, or two raters
//! against each other), pure and without I/O: per question both ratings, per field and overall
//! the share of exact agreement, the share within one level, the mean signed difference A − B
//! and the quadratic-weighted Cohen's kappa (exact, in integers), the levels and indices of both
//! sides taken from [`crate::scoring::score`], the agenda of a consensus meeting, and the
//! conservative consensus file of `agree --merge`. docs/scoring.md derives the kappa formula.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::assessment::{Answer, AssessmentFile, Disputed, Rating};
use crate::model::{Sp, Text};
use crate::scoring::{AnswerStatus, FieldScore, Index, QuestionScore, ScoreResult};

/// Version of the agreement data model (the JSON of `agree --format json`).
pub const AGREE_VERSION: u32 = 1;

/// The complete comparison of two ratings.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[schemars(
    title = "cyberkompass agree",
    description = "The result of `cyberkompass agree --format json`: how far two ratings of the same questions agree (data model version 1)."
)]
pub struct AgreeResult {
    /// Version of this data model; 1.
    pub version: u32,
    /// The set's id (the same in both files).
    pub set_id: String,
    /// The first rating (A).
    pub a: Side,
    /// The second rating (B).
    pub b: Side,
    /// Agreement over all questions, with both overall levels and indices.
    pub overall: FieldAgreement,
    /// Agreement per field of action, in the set's order.
    pub fields: Vec<FieldAgreement>,
    /// Every question in the set's order with both ratings.
    pub questions: Vec<QuestionPair>,
    /// The questions both rated that differ by two or more levels: largest difference first,
    /// then critical questions, then the set's order.
    pub agenda: Vec<AgendaItem>,
}

/// One of the two ratings.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Side {
    /// The role given with `--role` (e.g. `self`, `audit`), else `A` or `B`.
    pub role: String,
    /// The file's name as given.
    pub file: String,
    /// The assessed organisation.
    pub organisation: String,
    /// Who rated, if given.
    pub assessor: Option<String>,
    /// The set version the file names.
    pub set_version: String,
}

/// How one side answered one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct RatingView {
    /// Rated, n/a or not answered (open).
    pub status: AnswerStatus,
    /// The rating 0–5 when rated.
    pub rating: Option<u8>,
}

/// One question with both ratings.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct QuestionPair {
    /// The field's id.
    pub field: String,
    /// The question's id.
    pub id: String,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// Whether the question is critical.
    pub critical: bool,
    /// A's answer.
    pub a: RatingView,
    /// B's answer.
    pub b: RatingView,
    /// A − B when both rated, else `null`.
    pub difference: Option<i8>,
}

/// A level and index of one side, from the score.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LevelIndex {
    /// The level; `null` when nothing is rated.
    pub level: Option<u8>,
    /// The index; `null` when nothing is rated.
    pub index: Option<Index>,
    /// Whether the figures are provisional (questions open).
    pub provisional: bool,
}

/// An exact signed fraction with its value rounded for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Signed {
    /// Numerator (with the sign).
    pub numerator: i128,
    /// Denominator (> 0), reduced.
    pub denominator: i128,
    /// Rounded half away from zero to two decimals, with a point and a sign when not zero,
    /// e.g. `+0.50`, `-1.25`, `0.00`.
    pub shown: String,
}

/// Why a kappa has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KappaUndefined {
    /// No question is rated by both.
    NoPairs,
    /// Both raters gave every shared question one and the same rating: the expected
    /// disagreement is 0, so kappa is 0/0 (the agreement is exact; see `exact`).
    BothConstantAndEqual,
}

/// The quadratic-weighted kappa.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Kappa {
    /// The exact value (−1 ≤ κ ≤ 1); `null` when undefined.
    pub value: Option<Signed>,
    /// Why it is undefined; `null` when it has a value.
    pub undefined: Option<KappaUndefined>,
}

/// The agreement figures over a group of questions (a field, or all).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FieldAgreement {
    /// The field's id; `null` for the overall figures.
    pub id: Option<String>,
    /// The field's title per language (empty for the overall figures).
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
    /// Questions in the group.
    pub questions: u32,
    /// Questions both rated 0–5 (the base of every share, the mean and kappa).
    pub both_rated: u32,
    /// Questions where one side rated and the other marked n/a.
    pub rated_vs_na: u32,
    /// Questions where exactly one side left the question open.
    pub one_open: u32,
    /// Questions both rated the same; `null` without pairs.
    pub exact: Option<Share>,
    /// Questions both rated at most one level apart; `null` without pairs.
    pub within_one: Option<Share>,
    /// Mean of A − B over the pairs (positive: A rates higher); `null` without pairs.
    pub mean_difference: Option<Signed>,
    /// Quadratic-weighted Cohen's kappa over the pairs.
    pub kappa: Kappa,
    /// A's level and index (from the score).
    pub a: LevelIndex,
    /// B's level and index (from the score).
    pub b: LevelIndex,
}

/// A share of the pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Share {
    /// How many.
    pub count: u32,
    /// Of how many (the pairs).
    pub of: u32,
    /// In whole percent, rounded down.
    pub percent: u32,
}

/// One entry of the consensus meeting's agenda.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AgendaItem {
    /// 1-based position.
    pub rank: u32,
    /// The field's id.
    pub field: String,
    /// The question's id.
    pub question: String,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// Whether the question is critical.
    pub critical: bool,
    /// A's rating.
    pub a: u8,
    /// B's rating.
    pub b: u8,
    /// A − B.
    pub difference: i8,
    /// A's note.
    pub note_a: Option<String>,
    /// B's note.
    pub note_b: Option<String>,
    /// A's evidence.
    pub evidence_a: Option<String>,
    /// B's evidence.
    pub evidence_b: Option<String>,
}

/// The sums over the pairs that every figure is computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairSums {
    /// Pairs.
    pub n: i128,
    /// Σ a.
    pub sa: i128,
    /// Σ b.
    pub sb: i128,
    /// Σ a².
    pub saa: i128,
    /// Σ b².
    pub sbb: i128,
    /// Σ a·b.
    pub sab: i128,
    /// Pairs with a = b.
    pub exact: u32,
    /// Pairs with |a − b| ≤ 1.
    pub within_one: u32,
}

impl PairSums {
    /// Adds the pair (a, b).
    pub fn add(&mut self, a: u8, b: u8) {
        let (x, y) = (i128::from(a), i128::from(b));
        self.n += 1;
        self.sa += x;
        self.sb += y;
        self.saa += x * x;
        self.sbb += y * y;
        self.sab += x * y;
        self.exact += u32::from(a == b);
        self.within_one += u32::from(a.abs_diff(b) <= 1);
    }

    /// The sums of the pairs (a, b).
    pub fn of(pairs: &[(u8, u8)]) -> PairSums {
        let mut s = PairSums::default();
        for &(a, b) in pairs {
            s.add(a, b);
        }
        s
    }

    /// Quadratic-weighted Cohen's kappa, exact: with observed disagreement
    /// S_o = Σ (a − b)² and expected disagreement S_e = Σ_ij r_i c_j (i − j)² (r, c the
    /// margins), κ = 1 − n·S_o / S_e = 2(n·Σab − Σa·Σb) / (n(Σa² + Σb²) − 2·Σa·Σb).
    pub fn kappa(&self) -> Kappa {
        if self.n == 0 {
            return Kappa {
                value: None,
                undefined: Some(KappaUndefined::NoPairs),
            };
        }
        let den = self.n * (self.saa + self.sbb) - 2 * self.sa * self.sb;
        if den == 0 {
            return Kappa {
                value: None,
                undefined: Some(KappaUndefined::BothConstantAndEqual),
            };
        }
        let num = 2 * (self.n * self.sab - self.sa * self.sb);
        Kappa {
            value: Some(signed(num, den)),
            undefined: None,
        }
    }

    /// Mean of a − b; `None` without pairs.
    pub fn mean_difference(&self) -> Option<Signed> {
        (self.n > 0).then(|| signed(self.sa - self.sb, self.n))
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `num/den` reduced (den ≠ 0), with the value rounded half away from zero to two decimals.
pub fn signed(num: i128, den: i128) -> Signed {
    let (mut n, mut d) = if den < 0 { (-num, -den) } else { (num, den) };
    let g = gcd(n, d).max(1);
    n /= g;
    d /= g;
    // Hundredths, rounded half away from zero: ⌊(200|n| + d) / 2d⌋.
    let h = (200 * n.abs() + d) / (2 * d);
    let sign = if h == 0 {
        ""
    } else if n < 0 {
        "-"
    } else {
        "+"
    };
    Signed {
        numerator: n,
        denominator: d,
        shown: format!("{sign}{}.{:02}", h / 100, h % 100),
    }
}

fn view(q: &QuestionScore) -> RatingView {
    RatingView {
        status: q.status,
        rating: q.rating,
    }
}

fn level_index(f: &FieldScore) -> LevelIndex {
    LevelIndex {
        level: f.level,
        index: f.index.clone(),
        provisional: f.provisional,
    }
}

fn figures(
    pairs: &[&QuestionPair],
    id: Option<String>,
    title: Text,
    a: LevelIndex,
    b: LevelIndex,
) -> FieldAgreement {
    let mut s = PairSums::default();
    let (mut rated_vs_na, mut one_open) = (0, 0);
    for p in pairs {
        match (p.a.rating, p.b.rating) {
            (Some(x), Some(y)) => s.add(x, y),
            _ => {
                let st = (p.a.status, p.b.status);
                if matches!(
                    st,
                    (AnswerStatus::Rated, AnswerStatus::NotApplicable)
                        | (AnswerStatus::NotApplicable, AnswerStatus::Rated)
                ) {
                    rated_vs_na += 1;
                } else if (st.0 == AnswerStatus::Unanswered) != (st.1 == AnswerStatus::Unanswered) {
                    one_open += 1;
                }
            }
        }
    }
    let of = u32::try_from(s.n).unwrap_or(u32::MAX);
    let share = |count: u32| {
        (of > 0).then(|| Share {
            count,
            of,
            percent: u32::try_from(u64::from(count) * 100 / u64::from(of)).unwrap_or(100),
        })
    };
    FieldAgreement {
        id,
        title,
        questions: u32::try_from(pairs.len()).unwrap_or(u32::MAX),
        both_rated: of,
        rated_vs_na,
        one_open,
        exact: share(s.exact),
        within_one: share(s.within_one),
        mean_difference: s.mean_difference(),
        kappa: s.kappa(),
        a,
        b,
    }
}

/// What [`agree`] compares: the two scores (computed by [`crate::scoring::score`] against
/// the same set) and the descriptions of both sides.
pub struct AgreeInputs<'a> {
    /// A's score.
    pub a: &'a ScoreResult,
    /// B's score.
    pub b: &'a ScoreResult,
    /// A's side.
    pub side_a: Side,
    /// B's side.
    pub side_b: Side,
}

/// Compares two scores of the same set question by question. Levels and indices are taken
/// from the scores, never recomputed.
pub fn agree(i: AgreeInputs) -> AgreeResult {
    let mut questions = Vec::new();
    let mut agenda = Vec::new();
    let mut field_ranges = Vec::new();
    for (fa, fb) in i.a.fields.iter().zip(&i.b.fields) {
        let start = questions.len();
        let by_id: HashMap<&str, &QuestionScore> =
            fb.questions.iter().map(|q| (q.id.as_str(), q)).collect();
        for qa in &fa.questions {
            let Some(qb) = by_id.get(qa.id.as_str()) else {
                continue;
            };
            let difference = match (qa.rating, qb.rating) {
                (Some(x), Some(y)) => Some(i8::try_from(i16::from(x) - i16::from(y)).unwrap_or(0)),
                _ => None,
            };
            if let (Some(d), Some(x), Some(y)) = (difference, qa.rating, qb.rating)
                && d.unsigned_abs() >= 2
            {
                agenda.push((
                    questions.len(),
                    AgendaItem {
                        rank: 0,
                        field: fa.id.clone(),
                        question: qa.id.clone(),
                        text: qa.text.clone(),
                        critical: qa.critical,
                        a: x,
                        b: y,
                        difference: d,
                        note_a: qa.note.clone(),
                        note_b: qb.note.clone(),
                        evidence_a: qa.evidence.clone(),
                        evidence_b: qb.evidence.clone(),
                    },
                ));
            }
            questions.push(QuestionPair {
                field: fa.id.clone(),
                id: qa.id.clone(),
                text: qa.text.clone(),
                critical: qa.critical,
                a: view(qa),
                b: view(qb),
                difference,
            });
        }
        field_ranges.push((fa, fb, start..questions.len()));
    }
    let fields = field_ranges
        .into_iter()
        .map(|(fa, fb, r)| {
            let group: Vec<&QuestionPair> = questions[r].iter().collect();
            figures(
                &group,
                Some(fa.id.clone()),
                fa.title.clone(),
                level_index(fa),
                level_index(fb),
            )
        })
        .collect();
    let all: Vec<&QuestionPair> = questions.iter().collect();
    let side = |s: &ScoreResult| LevelIndex {
        level: s.overall.level,
        index: s.overall.index.clone(),
        provisional: s.overall.provisional,
    };
    let overall = figures(&all, None, Text::new(), side(i.a), side(i.b));
    agenda.sort_by(|(pa, x), (pb, y)| {
        y.difference
            .unsigned_abs()
            .cmp(&x.difference.unsigned_abs())
            .then(y.critical.cmp(&x.critical))
            .then(pa.cmp(pb))
    });
    let agenda = agenda
        .into_iter()
        .enumerate()
        .map(|(k, (_, mut it))| {
            it.rank = u32::try_from(k + 1).unwrap_or(u32::MAX);
            it
        })
        .collect();
    AgreeResult {
        version: AGREE_VERSION,
        set_id: i.a.set.id.clone(),
        a: i.side_a,
        b: i.side_b,
        overall,
        fields,
        questions,
        agenda,
    }
}

/// Two texts as one: the same or only one → that one; both and different →
/// `"LA: a / LB: b"`.
fn both_texts(
    a: Option<&Sp<String>>,
    b: Option<&Sp<String>>,
    la: &str,
    lb: &str,
) -> Option<String> {
    match (a.map(|s| s.value.as_str()), b.map(|s| s.value.as_str())) {
        (Some(x), Some(y)) if x == y => Some(x.to_owned()),
        (Some(x), Some(y)) => Some(format!("{la}: {x} / {lb}: {y}")),
        (Some(x), None) => Some(format!("{la}: {x}")),
        (None, Some(y)) => Some(format!("{lb}: {y}")),
        (None, None) => None,
    }
}

/// The later of two dates (`YYYY-MM-DD` compare as text).
fn later(a: &Option<Sp<String>>, b: &Option<Sp<String>>) -> Option<Sp<String>> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.value > x.value {
            y.clone()
        } else {
            x.clone()
        }),
        (x, y) => x.clone().or_else(|| y.clone()),
    }
}

/// The consensus of two ratings of the same set (`agree --merge`), conservative:
///
/// - the same rating (or both n/a): kept; notes and evidence merged (`"A: … / B: …"` when
///   they differ);
/// - two ratings that differ: the **lower** one, marked `disputed` with both ratings;
/// - a rating against n/a: the **rating** (n/a would take the question out of the score and
///   could hide a weakness), marked `disputed`; the n/a justification is kept in the note;
/// - a rating or n/a against an open question: that answer, marked `disputed` (only one side
///   has rated it, so there is no consensus yet);
/// - open on both sides: no answer.
///
/// The header (organisation, set, profile, scope, method, classification) is A's; the
/// assessors are joined; `updated` is the later date; sign-offs are dropped (they sign other
/// answers); A's vanished answers are kept. Answers follow the set's order (`order`).
pub fn merge(
    a: &AssessmentFile,
    b: &AssessmentFile,
    order: &[&str],
    la: &str,
    lb: &str,
) -> AssessmentFile {
    let mut answers = Vec::new();
    for &id in order {
        let (x, y) = (a.answer(id), b.answer(id));
        fn valid(r: Option<&Answer>) -> Option<&Answer> {
            r.filter(
                |r| !matches!(r.rating.value, Rating::Level(l) if l > crate::scoring::MAX_LEVEL),
            )
        }
        let (x, y) = (valid(x), valid(y));
        let note = both_texts(
            x.and_then(|r| r.note.as_ref()),
            y.and_then(|r| r.note.as_ref()),
            la,
            lb,
        );
        let evidence = both_texts(
            x.and_then(|r| r.evidence.as_ref()),
            y.and_then(|r| r.evidence.as_ref()),
            la,
            lb,
        );
        let action = x
            .and_then(|r| r.action.clone())
            .or_else(|| y.and_then(|r| r.action.clone()));
        let (rating, justification, disputed) = match (x, y) {
            (None, None) => continue,
            (Some(p), Some(q)) if p.rating.value == q.rating.value => {
                let j = both_texts(p.justification.as_ref(), q.justification.as_ref(), la, lb);
                (p.rating.value, j, None)
            }
            (Some(p), Some(q)) => {
                let d = Some(Disputed {
                    a: Some(p.rating.clone()),
                    b: Some(q.rating.clone()),
                });
                match (p.rating.value, q.rating.value) {
                    (Rating::Level(l), Rating::Level(m)) => (Rating::Level(l.min(m)), None, d),
                    (Rating::Level(l), Rating::NotApplicable)
                    | (Rating::NotApplicable, Rating::Level(l)) => (Rating::Level(l), None, d),
                    (Rating::NotApplicable, Rating::NotApplicable) => {
                        (Rating::NotApplicable, None, None)
                    }
                }
            }
            (Some(p), None) | (None, Some(p)) => (
                p.rating.value,
                p.justification.as_ref().map(|j| j.value.clone()),
                Some(Disputed {
                    a: x.map(|r| r.rating.clone()),
                    b: y.map(|r| r.rating.clone()),
                }),
            ),
        };
        // A rating taken over an n/a keeps the n/a's justification in the note.
        let note = match (rating, x, y) {
            (Rating::Level(_), _, _) => {
                let just = |r: Option<&Answer>, l: &str| {
                    r.and_then(|r| r.justification.as_ref())
                        .filter(|_| r.is_some_and(|r| r.rating.value == Rating::NotApplicable))
                        .map(|j| format!("{l} (n/a): {}", j.value))
                };
                let extra: Vec<String> = [just(x, la), just(y, lb)].into_iter().flatten().collect();
                match (note, extra.is_empty()) {
                    (n, true) => n,
                    (None, false) => Some(extra.join(" / ")),
                    (Some(n), false) => Some(format!("{n} / {}", extra.join(" / "))),
                }
            }
            (Rating::NotApplicable, _, _) => note,
        };
        answers.push(Answer {
            id: Sp::new(id.to_owned()),
            rating: Sp::new(rating),
            justification: justification.map(Sp::new),
            note: note.map(Sp::new),
            evidence: evidence.map(Sp::new),
            action,
            disputed,
        });
    }
    let assessor = both_texts(a.assessor.as_ref(), b.assessor.as_ref(), la, lb).map(Sp::new);
    AssessmentFile {
        assessor,
        updated: later(&a.updated, &b.updated),
        position: None,
        answers,
        signoffs: Vec::new(),
        ..a.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kappa_of(pairs: &[(u8, u8)]) -> Kappa {
        PairSums::of(pairs).kappa()
    }

    fn value(k: &Kappa) -> (i128, i128) {
        let v = k.value.as_ref().expect("kappa has a value");
        (v.numerator, v.denominator)
    }

    /// Kappa by the definition, 1 − n·Σ(a−b)² / Σ_ij r_i c_j (i−j)², to check the closed form.
    fn kappa_by_definition(pairs: &[(u8, u8)]) -> Option<(i128, i128)> {
        let n = pairs.len() as i128;
        let so: i128 = pairs
            .iter()
            .map(|&(a, b)| (i128::from(a) - i128::from(b)).pow(2))
            .sum();
        let se: i128 = pairs
            .iter()
            .flat_map(|&(a, _)| {
                pairs
                    .iter()
                    .map(move |&(_, b)| (i128::from(a) - i128::from(b)).pow(2))
            })
            .sum();
        (se != 0).then(|| {
            let s = signed(se - n * so, se);
            (s.numerator, s.denominator)
        })
    }

    #[test]
    fn perfect_agreement_is_one() {
        let k = kappa_of(&[(1, 1), (3, 3)]);
        assert_eq!(value(&k), (1, 1));
        assert_eq!(k.value.unwrap().shown, "+1.00");
    }

    #[test]
    fn total_disagreement_is_minus_one() {
        // A: 0, 5; B: 5, 0. n=2, Σab=0, Σa=Σb=5, Σa²=Σb²=25:
        // 2(2·0 − 25) / (2·50 − 50) = −50/50.
        let k = kappa_of(&[(0, 5), (5, 0)]);
        assert_eq!(value(&k), (-1, 1));
        assert_eq!(k.value.unwrap().shown, "-1.00");
    }

    #[test]
    fn one_rater_constant_is_zero() {
        // A rates 2 everywhere, B 1, 2, 3: n·Σab − Σa·Σb = 3·12 − 6·6 = 0.
        let k = kappa_of(&[(2, 1), (2, 2), (2, 3)]);
        assert_eq!(value(&k), (0, 1));
        assert_eq!(k.value.unwrap().shown, "0.00");
    }

    #[test]
    fn both_constant_and_equal_is_undefined() {
        let k = kappa_of(&[(3, 3), (3, 3), (3, 3)]);
        assert_eq!(k.value, None);
        assert_eq!(k.undefined, Some(KappaUndefined::BothConstantAndEqual));
        let s = PairSums::of(&[(3, 3), (3, 3), (3, 3)]);
        assert_eq!(s.exact, 3);
    }

    #[test]
    fn both_constant_but_different_is_zero() {
        // n²(a−b)² expected against n·n(a−b)² observed: κ = 0.
        let k = kappa_of(&[(4, 2), (4, 2)]);
        assert_eq!(value(&k), (0, 1));
    }

    #[test]
    fn no_pairs_is_undefined() {
        let k = kappa_of(&[]);
        assert_eq!(k.undefined, Some(KappaUndefined::NoPairs));
        assert_eq!(PairSums::default().mean_difference(), None);
    }

    #[test]
    fn worked_example_of_the_docs() {
        // docs/scoring.md: A = 3, 2, 4, 1; B = 2, 2, 3, 1.
        let pairs = [(3, 2), (2, 2), (4, 3), (1, 1)];
        let s = PairSums::of(&pairs);
        assert_eq!(
            (s.n, s.sa, s.sb, s.saa, s.sbb, s.sab),
            (4, 10, 8, 30, 18, 23)
        );
        let k = s.kappa();
        assert_eq!(value(&k), (3, 4));
        assert_eq!(k.value.unwrap().shown, "+0.75");
        assert_eq!(kappa_by_definition(&pairs), Some((3, 4)));
        let m = s.mean_difference().unwrap();
        assert_eq!(
            (m.numerator, m.denominator, m.shown.as_str()),
            (1, 2, "+0.50")
        );
        assert_eq!((s.exact, s.within_one), (2, 4));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(signed(1, 8).shown, "+0.13");
        assert_eq!(signed(-1, 8).shown, "-0.13");
        assert_eq!(signed(-1, 1000).shown, "0.00");
        assert_eq!(signed(5, -4).shown, "-1.25");
    }

    proptest::proptest! {
        #[test]
        fn kappa_is_at_most_one_and_symmetric(pairs in proptest::collection::vec((0u8..=5, 0u8..=5), 0..40)) {
            let k = kappa_of(&pairs);
            let swapped: Vec<(u8, u8)> = pairs.iter().map(|&(a, b)| (b, a)).collect();
            let ks = kappa_of(&swapped);
            proptest::prop_assert_eq!(&k, &ks);
            if let Some(v) = &k.value {
                proptest::prop_assert!(v.numerator <= v.denominator);
                proptest::prop_assert!(-v.numerator <= v.denominator);
                proptest::prop_assert_eq!(Some((v.numerator, v.denominator)), kappa_by_definition(&pairs));
            }
            let m = PairSums::of(&pairs).mean_difference();
            let ms = PairSums::of(&swapped).mean_difference();
            proptest::prop_assert_eq!(m.map(|m| (-m.numerator, m.denominator)), ms.map(|m| (m.numerator, m.denominator)));
        }
    }
}
