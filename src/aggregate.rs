//! The anonymised picture of many assessments (`aggregate`): a fold of per-file scoring
//! results ([`crate::scoring::score`], exactly as `score` scores) into histograms, the merge
//! of two partial folds (one per thread), the grouping by segment with k-anonymity (groups
//! below K merged so that none is recoverable by subtraction), and the output data. Only
//! counts leave a file: the output never holds an organisation's name, assessor, note,
//! evidence, justification or action owner (except the opt-in `--identify` table and the
//! benchmarked organisation's own name).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::model::{ChecklistSet, Text};
use crate::scoring::{MAX_LEVEL, ScoreResult};

/// Version of the aggregate's JSON (schema: `cyberkompass schema aggregate`).
pub const AGGREGATE_VERSION: u32 = 1;
/// Default of `--min-group` (K).
pub const DEFAULT_MIN_GROUP: u32 = 5;
/// How many of the most frequent gaps are listed.
pub const TOP_GAPS: usize = 10;
/// Bins of the index histogram: tenths 0.0 … 5.0.
const TENTH_BINS: usize = 51;
/// Bins of the coverage histogram: 0–9 %, 10–19 %, … 90–99 %, 100 %.
const COVERAGE_BINS: usize = 11;
/// Level bins: 0–5, then "no level".
const LEVEL_BINS: usize = MAX_LEVEL as usize + 2;

/// One field's counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldFold {
    levels: [u64; LEVEL_BINS],
    tenths: [u64; TENTH_BINS],
    at_target: u64,
    with_target: u64,
}

impl Default for FieldFold {
    fn default() -> Self {
        FieldFold {
            levels: [0; LEVEL_BINS],
            tenths: [0; TENTH_BINS],
            at_target: 0,
            with_target: 0,
        }
    }
}

/// One question's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionFold {
    ratings: [u64; 6],
    na: u64,
    open: u64,
    below: u64,
    rated_with_target: u64,
}

/// A row of the `--identify` table (kept only when asked for).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct OrgRow {
    /// The organisation's name.
    pub organisation: String,
    /// Its overall level (`null`: no field has a level).
    pub overall_level: Option<u8>,
    /// Ids of the fields below their target.
    pub fields_below_target: Vec<String>,
    /// Not every question is answered.
    pub provisional: bool,
    /// SHA-256 of the file (tells two files of the same name apart).
    pub sha256: String,
}

/// The counts of a set of assessments: what one thread folds, and what two folds merge to.
/// Fields and questions are in the set's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    files: u64,
    provisional: u64,
    overall_levels: [u64; LEVEL_BINS],
    overall_tenths: [u64; TENTH_BINS],
    meets_all: u64,
    with_targets: u64,
    coverage: [u64; COVERAGE_BINS],
    answered: u64,
    na: u64,
    total: u64,
    fields: Vec<FieldFold>,
    questions: Vec<QuestionFold>,
    set_versions: BTreeMap<String, u64>,
    first_date: Option<String>,
    last_date: Option<String>,
    hashes: Vec<String>,
    rows: Vec<OrgRow>,
}

/// What the fold takes from a file besides its score.
#[derive(Debug, Clone, Copy)]
pub struct FileMeta<'a> {
    /// SHA-256 (hex) of the file's bytes.
    pub sha256: &'a str,
    /// The set version the file names.
    pub set_version: &'a str,
    /// Its date: `updated`, else `created`.
    pub date: Option<&'a str>,
    /// Keep a row for `--identify`.
    pub keep_row: bool,
}

fn add_arr<const N: usize>(a: &mut [u64; N], b: &[u64; N]) {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
}

fn level_bin(l: Option<u8>) -> usize {
    l.map_or(LEVEL_BINS - 1, |l| usize::from(l.min(MAX_LEVEL)))
}

fn tenth_bin(t: u32) -> usize {
    (t as usize).min(TENTH_BINS - 1)
}

impl Fold {
    /// An empty fold for `set`.
    pub fn new(set: &ChecklistSet) -> Fold {
        Fold {
            files: 0,
            provisional: 0,
            overall_levels: [0; LEVEL_BINS],
            overall_tenths: [0; TENTH_BINS],
            meets_all: 0,
            with_targets: 0,
            coverage: [0; COVERAGE_BINS],
            answered: 0,
            na: 0,
            total: 0,
            fields: vec![FieldFold::default(); set.fields.len()],
            questions: vec![QuestionFold::default(); set.questions().count()],
            set_versions: BTreeMap::new(),
            first_date: None,
            last_date: None,
            hashes: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Number of files folded.
    pub fn files(&self) -> u64 {
        self.files
    }

    /// Whether a file with this SHA-256 was folded.
    pub fn contains(&self, sha256: &str) -> bool {
        self.hashes.iter().any(|h| h == sha256)
    }

    /// Adds one scored file. `r` must come from `scoring::score` with the set of [`Fold::new`].
    pub fn add(&mut self, r: &ScoreResult, meta: FileMeta) {
        self.files += 1;
        let o = &r.overall;
        self.provisional += u64::from(o.provisional);
        self.overall_levels[level_bin(o.level)] += 1;
        if let Some(i) = &o.index {
            self.overall_tenths[tenth_bin(i.tenths)] += 1;
        }
        if let Some(m) = o.meets_targets {
            self.with_targets += 1;
            self.meets_all += u64::from(m);
        }
        self.coverage[(o.coverage_percent / 10).min(10) as usize] += 1;
        self.answered += u64::from(o.answered);
        self.na += u64::from(o.na);
        self.total += u64::from(o.total);
        let mut qi = 0;
        for (ff, fs) in self.fields.iter_mut().zip(&r.fields) {
            ff.levels[level_bin(fs.level)] += 1;
            if let Some(i) = &fs.index {
                ff.tenths[tenth_bin(i.tenths)] += 1;
            }
            if let Some(m) = fs.meets_target {
                ff.with_target += 1;
                ff.at_target += u64::from(m);
            }
            for q in &fs.questions {
                let Some(qf) = self.questions.get_mut(qi) else {
                    break;
                };
                qi += 1;
                match q.status {
                    crate::scoring::AnswerStatus::Rated => {
                        if let Some(r) = q.rating {
                            qf.ratings[usize::from(r.min(5))] += 1;
                        }
                        if q.target.is_some() {
                            qf.rated_with_target += 1;
                            qf.below += u64::from(q.shortfall.is_some_and(|s| s > 0));
                        }
                    }
                    crate::scoring::AnswerStatus::NotApplicable => qf.na += 1,
                    crate::scoring::AnswerStatus::Unanswered => qf.open += 1,
                }
            }
        }
        *self
            .set_versions
            .entry(meta.set_version.to_owned())
            .or_default() += 1;
        if let Some(d) = meta.date {
            if self.first_date.as_deref().is_none_or(|f| d < f) {
                self.first_date = Some(d.to_owned());
            }
            if self.last_date.as_deref().is_none_or(|l| d > l) {
                self.last_date = Some(d.to_owned());
            }
        }
        self.hashes.push(meta.sha256.to_owned());
        if meta.keep_row {
            self.rows.push(OrgRow {
                organisation: r.organisation.clone(),
                overall_level: o.level,
                fields_below_target: r
                    .fields
                    .iter()
                    .filter(|f| f.meets_target == Some(false))
                    .map(|f| f.id.clone())
                    .collect(),
                provisional: o.provisional,
                sha256: meta.sha256.to_owned(),
            });
        }
    }

    /// Merges another fold of the same set into this one; the result does not depend on the
    /// order of merges.
    pub fn merge(&mut self, b: Fold) {
        self.files += b.files;
        self.provisional += b.provisional;
        add_arr(&mut self.overall_levels, &b.overall_levels);
        add_arr(&mut self.overall_tenths, &b.overall_tenths);
        self.meets_all += b.meets_all;
        self.with_targets += b.with_targets;
        add_arr(&mut self.coverage, &b.coverage);
        self.answered += b.answered;
        self.na += b.na;
        self.total += b.total;
        for (x, y) in self.fields.iter_mut().zip(&b.fields) {
            add_arr(&mut x.levels, &y.levels);
            add_arr(&mut x.tenths, &y.tenths);
            x.at_target += y.at_target;
            x.with_target += y.with_target;
        }
        for (x, y) in self.questions.iter_mut().zip(&b.questions) {
            add_arr(&mut x.ratings, &y.ratings);
            x.na += y.na;
            x.open += y.open;
            x.below += y.below;
            x.rated_with_target += y.rated_with_target;
        }
        for (k, v) in b.set_versions {
            *self.set_versions.entry(k).or_default() += v;
        }
        if let Some(d) = b.first_date
            && self.first_date.as_ref().is_none_or(|f| &d < f)
        {
            self.first_date = Some(d);
        }
        if let Some(d) = b.last_date
            && self.last_date.as_ref().is_none_or(|l| &d > l)
        {
            self.last_date = Some(d);
        }
        self.hashes.extend(b.hashes);
        self.rows.extend(b.rows);
    }

    /// SHA-256 over the sorted SHA-256s of the files (one per line, LF-terminated): the same
    /// files give the same hash whatever their names and order.
    pub fn provenance(&self) -> String {
        let mut h = self.hashes.clone();
        h.sort_unstable();
        let mut text = String::with_capacity(h.len() * 65);
        for x in &h {
            text.push_str(x);
            text.push('\n');
        }
        crate::set::sha256_hex(text.as_bytes())
    }
}

/// The folds of a run, one per segment (`None`: the file has no `segment:`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Groups(pub BTreeMap<Option<String>, Fold>);

impl Groups {
    /// Adds one scored file to its segment's fold.
    pub fn add(&mut self, set: &ChecklistSet, segment: Option<&str>, r: &ScoreResult, m: FileMeta) {
        let key = segment.map(str::to_owned);
        self.0
            .entry(key)
            .or_insert_with(|| Fold::new(set))
            .add(r, m);
    }

    /// Merges another thread's folds.
    pub fn merge(&mut self, other: Groups) {
        for (k, f) in other.0 {
            match self.0.get_mut(&k) {
                Some(x) => x.merge(f),
                None => {
                    self.0.insert(k, f);
                }
            }
        }
    }

    /// All segments together.
    pub fn total(&self, set: &ChecklistSet) -> Fold {
        let mut t = Fold::new(set);
        for f in self.0.values() {
            t.merge(f.clone());
        }
        t
    }
}

// ---------------------------------------------------------------------------------------
// The output data.

/// A count out of a number, with the share in whole percent (rounded down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Share {
    /// How many.
    pub count: u64,
    /// Out of how many.
    pub of: u64,
    /// ⌊100 · count / of⌋; `null` when `of` is 0.
    pub percent: Option<u32>,
}

impl Share {
    fn new(count: u64, of: u64) -> Share {
        Share {
            count,
            of,
            percent: (of > 0).then(|| u32::try_from(count * 100 / of).unwrap_or(u32::MAX)),
        }
    }
}

/// Quartiles of an index over the files that have one, by nearest rank on the index in
/// tenths (as `score` shows it): Qp = the smallest value v with #{x ≤ v} ≥ ⌈p·n⌉.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Quartiles {
    /// Files with an index.
    pub n: u64,
    /// Lower quartile in tenths (`null` when n = 0).
    pub q1_tenths: Option<u32>,
    /// Median in tenths.
    pub median_tenths: Option<u32>,
    /// Upper quartile in tenths.
    pub q3_tenths: Option<u32>,
    /// Histogram of the index in tenths: entry t counts the files with index t/10 (0.0–5.0).
    pub histogram_tenths: Vec<u64>,
}

/// The value at nearest rank ⌈num/den · n⌉ of a histogram of `n` values.
fn rank_value(h: &[u64], n: u64, num: u64, den: u64) -> Option<u32> {
    if n == 0 {
        return None;
    }
    let rank = (num * n).div_ceil(den).max(1);
    let mut cum = 0;
    for (t, c) in h.iter().enumerate() {
        cum += c;
        if cum >= rank {
            return u32::try_from(t).ok();
        }
    }
    None
}

impl Quartiles {
    fn of(h: &[u64; TENTH_BINS]) -> Quartiles {
        let n = h.iter().sum();
        Quartiles {
            n,
            q1_tenths: rank_value(h, n, 1, 4),
            median_tenths: rank_value(h, n, 1, 2),
            q3_tenths: rank_value(h, n, 3, 4),
            histogram_tenths: h.to_vec(),
        }
    }
}

/// A histogram of levels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Levels {
    /// Entry L counts the files at level L (0–5).
    pub levels: Vec<u64>,
    /// Files without a level (nothing rated).
    pub no_level: u64,
}

impl Levels {
    fn of(h: &[u64; LEVEL_BINS]) -> Levels {
        Levels {
            levels: h[..LEVEL_BINS - 1].to_vec(),
            no_level: h[LEVEL_BINS - 1],
        }
    }
}

/// The overall figures of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OverallAgg {
    /// Overall levels (the weakest field of each file).
    pub levels: Levels,
    /// Quartiles of the overall index.
    pub index: Quartiles,
    /// Files that meet every field's target, out of the files with targets.
    pub meets_all_targets: Share,
    /// Provisional assessments (some question open).
    pub provisional: u64,
    /// Coverage per file: entry k counts files with 10·k ≤ coverage < 10·(k+1) %, the last
    /// entry those at 100 %.
    pub coverage_histogram: Vec<u64>,
    /// Answered and n/a questions of all files out of all questions of all files.
    pub coverage: Share,
}

/// One field of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct FieldAgg {
    /// The field's id.
    pub id: String,
    /// Its number in the set.
    pub number: u32,
    /// Its title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
    /// Level histogram.
    pub levels: Levels,
    /// Quartiles of the field index.
    pub index: Quartiles,
    /// Files at or above the target, out of the files with a target and a level.
    pub at_target: Share,
}

/// One question of a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct QuestionAgg {
    /// The question's id.
    pub id: String,
    /// Its field's id.
    pub field: String,
    /// Whether it is critical.
    pub critical: bool,
    /// Entry r counts the files that rated it r (0–5).
    pub ratings: Vec<u64>,
    /// Files that marked it n/a.
    pub na: u64,
    /// Files that left it open.
    pub open: u64,
    /// Files that rated it below its field's target, out of those that rated it with a target.
    pub below_target: Share,
}

/// One of the most frequent gaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TopGap {
    /// 1-based rank: critical first, then the number of files below target, then set order.
    pub rank: u32,
    /// The question's id.
    pub question: String,
    /// Its field's id.
    pub field: String,
    /// Whether it is critical.
    pub critical: bool,
    /// The question per language.
    #[schemars(with = "crate::model::TextMap")]
    pub text: Text,
    /// Files below target.
    pub below_target: Share,
}

/// The figures of one group of files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Section {
    /// Files in the group.
    pub files: u64,
    /// Overall figures.
    pub overall: OverallAgg,
    /// Per field, in set order.
    pub fields: Vec<FieldAgg>,
    /// Per question, in set order.
    pub questions: Vec<QuestionAgg>,
    /// The most frequent gaps (at most 10).
    pub top_gaps: Vec<TopGap>,
}

/// What a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// Files with this `segment:`.
    Segment,
    /// Files without `segment:`.
    NotStated,
    /// Groups smaller than K merged (with as many further small groups as needed to reach
    /// K, so that no merged group can be recovered by subtraction).
    Other,
}

/// One group of `--group-by segment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Group {
    /// What the group is.
    pub kind: GroupKind,
    /// The segment (only for `segment`).
    pub segment: Option<String>,
    /// For `other`: how many groups were merged into it.
    pub merged_groups: u32,
    /// The figures.
    pub section: Section,
}

/// A set version and how many files name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct VersionCount {
    /// The version.
    pub version: String,
    /// Files.
    pub files: u64,
}

/// The inputs of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Inputs {
    /// Files read.
    pub read: u64,
    /// Valid files.
    pub valid: u64,
    /// Invalid files skipped (`--allow-invalid`); their paths go to stderr only.
    pub skipped_invalid: u64,
    /// Provisional files left out (`--complete-only`).
    pub excluded_provisional: u64,
    /// Files in the figures.
    pub counted: u64,
    /// SHA-256 over the sorted SHA-256s of the counted files (one lower-case hex per line,
    /// LF-terminated): independent of names and order.
    pub provenance_sha256: String,
    /// Earliest date (`updated`, else `created`) of the counted files.
    pub first_date: Option<String>,
    /// Latest date.
    pub last_date: Option<String>,
    /// The set versions the files name.
    pub set_versions: Vec<VersionCount>,
}

/// Which targets apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct TargetsFrom {
    /// `--profile` for every file; `null`: each file's own profile.
    pub profile: Option<String>,
}

/// The active set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct AggSet {
    /// Its id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Its title per language.
    #[schemars(with = "crate::model::TextMap")]
    pub title: Text,
}

/// One field of the benchmarked organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct BenchField {
    /// The field's id.
    pub id: String,
    /// The organisation's level.
    pub level: Option<u8>,
    /// Its index in tenths.
    pub index_tenths: Option<u32>,
    /// The others' median index in tenths.
    pub others_median_tenths: Option<u32>,
    /// Percentile rank among the others: ⌊100 · (below + equal / 2) / n⌋ on the index in
    /// tenths; `null` without an index or without others.
    pub percentile: Option<u32>,
}

/// `--benchmark`: one organisation against the others (itself excluded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Benchmark {
    /// Its name: the only name in the output.
    pub organisation: String,
    /// Others it is compared with.
    pub others: u64,
    /// Its overall level.
    pub overall_level: Option<u8>,
    /// Percentile of its overall index among the others.
    pub overall_percentile: Option<u32>,
    /// Per field.
    pub fields: Vec<BenchField>,
}

/// The aggregate: `aggregate --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(
    title = "cyberkompass aggregate",
    description = "The anonymised aggregate of many assessments (cyberkompass aggregate --format json)."
)]
pub struct Aggregate {
    /// Format version of this document.
    pub version: u32,
    /// Version of the scoring.
    pub score_version: u32,
    /// Whether the document contains organisation names (`--identify`).
    pub contains_names: bool,
    /// The active set.
    pub set: AggSet,
    /// Which targets apply.
    pub targets: TargetsFrom,
    /// K: the smallest group shown.
    pub min_group: u32,
    /// The inputs.
    pub inputs: Inputs,
    /// All counted files.
    pub total: Section,
    /// Groups (`--group-by segment`), largest first; empty without grouping.
    pub groups: Vec<Group>,
    /// `--benchmark`.
    pub benchmark: Option<Benchmark>,
    /// `--identify`: one row per organisation, by name.
    pub organisations: Vec<OrgRow>,
}

/// Builds the figures of one fold.
pub fn section(set: &ChecklistSet, f: &Fold) -> Section {
    let mut questions = Vec::with_capacity(f.questions.len());
    for ((field, q), qf) in set.questions().zip(&f.questions) {
        questions.push(QuestionAgg {
            id: q.id.value.clone(),
            field: field.id.value.clone(),
            critical: q.critical,
            ratings: qf.ratings.to_vec(),
            na: qf.na,
            open: qf.open,
            below_target: Share::new(qf.below, qf.rated_with_target),
        });
    }
    let mut order: Vec<(usize, &QuestionAgg)> = questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.below_target.count > 0)
        .collect();
    order.sort_by(|(ia, a), (ib, b)| {
        b.critical
            .cmp(&a.critical)
            .then(b.below_target.count.cmp(&a.below_target.count))
            .then(ia.cmp(ib))
    });
    let texts: Vec<Text> = set.questions().map(|(_, q)| q.text.value.clone()).collect();
    let top_gaps = order
        .into_iter()
        .take(TOP_GAPS)
        .enumerate()
        .map(|(rank, (i, q))| TopGap {
            rank: u32::try_from(rank + 1).unwrap_or(u32::MAX),
            question: q.id.clone(),
            field: q.field.clone(),
            critical: q.critical,
            text: texts.get(i).cloned().unwrap_or_default(),
            below_target: q.below_target,
        })
        .collect();
    Section {
        files: f.files,
        overall: OverallAgg {
            levels: Levels::of(&f.overall_levels),
            index: Quartiles::of(&f.overall_tenths),
            meets_all_targets: Share::new(f.meets_all, f.with_targets),
            provisional: f.provisional,
            coverage_histogram: f.coverage.to_vec(),
            coverage: Share::new(f.answered + f.na, f.total),
        },
        fields: set
            .fields
            .iter()
            .zip(&f.fields)
            .map(|(fd, ff)| FieldAgg {
                id: fd.id.value.clone(),
                number: fd.number.value,
                title: fd.title.value.clone(),
                levels: Levels::of(&ff.levels),
                index: Quartiles::of(&ff.tenths),
                at_target: Share::new(ff.at_target, ff.with_target),
            })
            .collect(),
        questions,
        top_gaps,
    }
}

/// Forms the groups of `--group-by segment`: each segment with at least `k` files is a group
/// of its own; the smaller ones are merged into `other`. If `other` would still have fewer
/// than `k` files (or consist of a single small group), the smallest shown groups are merged
/// into it too until it has at least `k` files and at least two groups — so no group below
/// `k` can be recovered by subtracting the shown groups from the total. Largest first.
pub fn form_groups(
    groups: &Groups,
    set: &ChecklistSet,
    k: u64,
) -> Vec<(GroupKind, Option<String>, u32, Fold)> {
    let mut shown: Vec<(&Option<String>, &Fold)> = Vec::new();
    let mut small: Vec<&Fold> = Vec::new();
    for (seg, f) in &groups.0 {
        if f.files < k {
            small.push(f);
        } else {
            shown.push((seg, f));
        }
    }
    // Smallest first, ties by name, so the merge order is deterministic.
    shown.sort_by(|a, b| a.1.files.cmp(&b.1.files).then(a.0.cmp(b.0)));
    let mut other: Option<(u32, Fold)> = None;
    if !small.is_empty() {
        let mut o = Fold::new(set);
        let mut n = 0u32;
        for f in small {
            o.merge(f.clone());
            n += 1;
        }
        while (o.files < k || n < 2) && !shown.is_empty() {
            let (_, f) = shown.remove(0);
            o.merge(f.clone());
            n += 1;
        }
        other = Some((n, o));
    }
    let mut out: Vec<(GroupKind, Option<String>, u32, Fold)> = shown
        .into_iter()
        .map(|(seg, f)| {
            let kind = if seg.is_some() {
                GroupKind::Segment
            } else {
                GroupKind::NotStated
            };
            (kind, seg.clone(), 0, f.clone())
        })
        .collect();
    out.sort_by(|a, b| b.3.files.cmp(&a.3.files).then(a.1.cmp(&b.1)));
    if let Some((n, o)) = other {
        out.push((GroupKind::Other, None, n, o));
    }
    out
}

/// Percentile rank of `t` in the histogram `h` of `n` values: ⌊100 · (below + equal/2) / n⌋.
fn percentile(h: &[u64], n: u64, t: u32) -> Option<u32> {
    if n == 0 {
        return None;
    }
    let t = tenth_bin(t);
    let below: u64 = h[..t].iter().sum();
    let equal = h[t];
    u32::try_from((200 * below + 100 * equal) / (2 * n)).ok()
}

/// `--benchmark`: `r` (the organisation, SHA-256 `sha`) against `total` with itself taken out
/// when it is among the inputs.
pub fn benchmark(r: &ScoreResult, sha: &str, total: &Fold) -> Benchmark {
    let inside = total.contains(sha);
    let minus = |h: &[u64; TENTH_BINS], own: Option<u32>| {
        let mut h = *h;
        if inside && let Some(t) = own {
            let b = tenth_bin(t);
            h[b] = h[b].saturating_sub(1);
        }
        h
    };
    let own_overall = r.overall.index.as_ref().map(|i| i.tenths);
    let oh = minus(&total.overall_tenths, own_overall);
    let on: u64 = oh.iter().sum();
    let fields = r
        .fields
        .iter()
        .zip(&total.fields)
        .map(|(fs, ff)| {
            let own = fs.index.as_ref().map(|i| i.tenths);
            let h = minus(&ff.tenths, own);
            let n: u64 = h.iter().sum();
            BenchField {
                id: fs.id.clone(),
                level: fs.level,
                index_tenths: own,
                others_median_tenths: rank_value(&h, n, 1, 2),
                percentile: own.and_then(|t| percentile(&h, n, t)),
            }
        })
        .collect();
    Benchmark {
        organisation: r.organisation.clone(),
        others: total.files - u64::from(inside),
        overall_level: r.overall.level,
        overall_percentile: own_overall.and_then(|t| percentile(&oh, on, t)),
        fields,
    }
}

/// What the run counted besides the folds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Files read.
    pub read: u64,
    /// Invalid files skipped.
    pub skipped_invalid: u64,
    /// Provisional files left out.
    pub excluded_provisional: u64,
}

/// How to build the aggregate.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `--profile`.
    pub profile: Option<String>,
    /// `--group-by segment`.
    pub group_by_segment: bool,
    /// K.
    pub min_group: u32,
    /// `--identify`.
    pub identify: bool,
}

/// The whole aggregate from the folds of a run.
pub fn build(
    set: &ChecklistSet,
    groups: &Groups,
    counts: Counts,
    opts: &BuildOptions,
    bench: Option<Benchmark>,
) -> Aggregate {
    let total = groups.total(set);
    let group_list = if opts.group_by_segment {
        form_groups(groups, set, u64::from(opts.min_group))
            .into_iter()
            .map(|(kind, segment, merged_groups, f)| Group {
                kind,
                segment,
                merged_groups,
                section: section(set, &f),
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut organisations = if opts.identify {
        total.rows.clone()
    } else {
        Vec::new()
    };
    organisations.sort();
    let m = &set.manifest;
    Aggregate {
        version: AGGREGATE_VERSION,
        score_version: crate::scoring::SCORE_VERSION,
        contains_names: opts.identify,
        set: AggSet {
            id: m.id.value.clone(),
            version: m.version.value.clone(),
            sha256: set.sha256.clone(),
            title: m.title.value.clone(),
        },
        targets: TargetsFrom {
            profile: opts.profile.clone(),
        },
        min_group: opts.min_group,
        inputs: Inputs {
            read: counts.read,
            valid: counts.read - counts.skipped_invalid,
            skipped_invalid: counts.skipped_invalid,
            excluded_provisional: counts.excluded_provisional,
            counted: total.files,
            provenance_sha256: total.provenance(),
            first_date: total.first_date.clone(),
            last_date: total.last_date.clone(),
            set_versions: total
                .set_versions
                .iter()
                .map(|(v, n)| VersionCount {
                    version: v.clone(),
                    files: *n,
                })
                .collect(),
        },
        total: section(set, &total),
        groups: group_list,
        benchmark: bench,
        organisations,
    }
}

/// The aggregate as pretty JSON with a trailing newline.
pub fn to_json(a: &Aggregate) -> String {
    let mut s = serde_json::to_string_pretty(a).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::tests::{assess, field, q, set};
    use crate::scoring::{ScoreOptions, score};
    use proptest::prelude::*;

    fn small_set() -> ChecklistSet {
        set(
            0.8,
            3,
            vec![
                field("A", 1, vec![q("A-01", 1, true), q("A-02", 2, false)]),
                field("B", 2, vec![q("B-01", 1, false), q("B-02", 1, false)]),
            ],
        )
    }

    fn fold_of(s: &ChecklistSet, files: &[Vec<Option<u8>>], seg: &[u8]) -> Groups {
        fold_from(s, files, seg, 0)
    }

    fn fold_from(s: &ChecklistSet, files: &[Vec<Option<u8>>], seg: &[u8], first: usize) -> Groups {
        let mut g = Groups::default();
        for (n, r) in files.iter().enumerate() {
            let ids = ["A-01", "A-02", "B-01", "B-02"];
            let answers: Vec<(&str, Option<u8>)> = ids
                .iter()
                .zip(r)
                .filter(|(_, r)| **r != Some(9))
                .map(|(i, r)| (*i, *r))
                .collect();
            let a = assess(&answers);
            let res = score(s, &a, &ScoreOptions::default());
            let sha = format!("{:064}", first + n);
            let segment = format!("S{}", seg.get(n).copied().unwrap_or(0));
            g.add(
                s,
                Some(&segment),
                &res,
                FileMeta {
                    sha256: &sha,
                    set_version: "1",
                    date: Some("2026-01-01"),
                    keep_row: false,
                },
            );
        }
        g
    }

    fn rating() -> impl Strategy<Value = Option<u8>> {
        // 9: unanswered; None: n/a.
        prop_oneof![(0u8..=5).prop_map(Some), Just(None), Just(Some(9))]
    }

    proptest! {
        /// Folding in two parts and merging gives the fold of the whole, in either order;
        /// every histogram sums to the number of files.
        #[test]
        fn merge_equals_the_fold_of_all(
            files in proptest::collection::vec(proptest::collection::vec(rating(), 4), 1..30),
            cut in 0usize..30,
            segs in proptest::collection::vec(0u8..3, 30),
        ) {
            let s = small_set();
            let cut = cut.min(files.len());
            let whole = fold_of(&s, &files, &segs).total(&s);
            let mut a = fold_of(&s, &files[..cut], &segs).total(&s);
            let b = fold_from(&s, &files[cut..], &segs[cut..], cut).total(&s);
            // Segments of the second part are shifted, but the total does not depend on them.
            let mut b2 = b.clone();
            b2.merge(a.clone());
            a.merge(b);
            a.hashes.sort();
            b2.hashes.sort();
            let mut w = whole.clone();
            w.hashes.sort();
            prop_assert_eq!(&a, &w);
            prop_assert_eq!(&b2, &w);
            let n = files.len() as u64;
            let sec = section(&s, &whole);
            for f in &sec.fields {
                prop_assert_eq!(f.levels.levels.iter().sum::<u64>() + f.levels.no_level, n);
            }
            for q in &sec.questions {
                prop_assert_eq!(q.ratings.iter().sum::<u64>() + q.na + q.open, n);
            }
        }
    }

    #[test]
    fn quartiles_by_nearest_rank() {
        let mut h = [0u64; TENTH_BINS];
        for t in [10, 20, 30, 40] {
            h[t] += 1;
        }
        let q = Quartiles::of(&h);
        assert_eq!(
            (q.q1_tenths, q.median_tenths, q.q3_tenths),
            (Some(10), Some(20), Some(30))
        );
        assert_eq!(Quartiles::of(&[0; TENTH_BINS]).median_tenths, None);
        assert_eq!(percentile(&h, 4, 20), Some(37));
        assert_eq!(percentile(&h, 4, 50), Some(100));
        assert_eq!(percentile(&h, 4, 0), Some(0));
    }

    #[test]
    fn small_groups_are_merged_with_a_second_group() {
        let s = small_set();
        let files = vec![vec![Some(3); 4]; 20];
        // 12 in S0, 6 in S1, 2 in S2.
        let segs: Vec<u8> = (0..20)
            .map(|i| {
                if i < 12 {
                    0
                } else if i < 18 {
                    1
                } else {
                    2
                }
            })
            .collect();
        let g = fold_of(&s, &files, &segs);
        let groups = form_groups(&g, &s, 5);
        let shown: Vec<(GroupKind, Option<String>, u64)> = groups
            .iter()
            .map(|(k, s, _, f)| (*k, s.clone(), f.files))
            .collect();
        assert_eq!(
            shown,
            vec![
                (GroupKind::Segment, Some("S0".into()), 12),
                (GroupKind::Other, None, 8)
            ]
        );
        // Two small groups that reach K together stay merged on their own.
        let segs: Vec<u8> = (0..20)
            .map(|i| {
                if i < 14 {
                    0
                } else if i < 17 {
                    1
                } else {
                    2
                }
            })
            .collect();
        let groups = form_groups(&fold_of(&s, &files, &segs), &s, 5);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[1].2, 2);
        assert_eq!(groups[1].3.files, 6);
        // No group below K: nothing merged.
        let groups = form_groups(&fold_of(&s, &files, &[0; 20]), &s, 5);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].0, GroupKind::Segment);
    }

    #[test]
    fn provenance_ignores_order() {
        let s = small_set();
        let files = vec![vec![Some(1); 4], vec![Some(2); 4], vec![Some(4); 4]];
        let a = fold_of(&s, &files, &[0, 1, 2]).total(&s);
        let b = fold_of(&s, &files, &[2, 2, 0]).total(&s);
        assert_eq!(a.provenance(), b.provenance());
        assert_eq!(a.provenance().len(), 64);
    }
}
