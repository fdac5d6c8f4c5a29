//! Building the report model from a set, an assessment and its score. Every figure comes from
//! [`crate::scoring`]; this module only picks the report's language and arranges them.

use std::collections::BTreeMap;

use super::charts;
use super::labels::labels;
use super::model::*;
use crate::i18n::{Lang, percent, tenths_text};
use crate::scoring::{AnswerStatus, FieldScore, QuestionScore, ScoreResult};

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
    /// [`crate::assessment::answers_sha256`] of the assessment when already computed (by the
    /// check of its sign-off: [`crate::assessment::Checked::answers_sha256`]), else None.
    pub answers_sha256: Option<&'a str>,
    /// The report's language.
    pub lang: Lang,
    /// The report's date and reference day `YYYY-MM-DD` (see
    /// [`crate::plan::reference_day`]), or None.
    pub date: Option<&'a str>,
}

fn pick(t: &crate::model::Text, lang: &str) -> String {
    t.get(lang).to_owned()
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

fn rules(lang: Lang, threshold: &str, profile: &str) -> Vec<String> {
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
    let lang = i.lang;
    let l = lang.code();
    let s = i.score;
    let set = i.set;
    let b = Builder {
        set,
        lang,
        labels: labels(lang),
    };
    let fields: Vec<FieldReport> = s
        .fields
        .iter()
        .zip(&set.fields)
        .map(|(fs, f)| b.field(fs, f))
        .collect();
    let actions = actions(s, &fields, l);
    let charts = b.overview_charts(s, &fields);
    let threshold_text = percent((set.threshold_permyriad() / 100).min(100), lang);
    let profile = set.profile(&s.profile_id);
    let profile_title = profile
        .map(|p| p.title.get(l).to_owned())
        .unwrap_or_else(|| s.profile_id.clone());
    let m = &set.manifest;
    let a = i.assessment;
    let summary = b.summary(s, &fields, &actions);
    let g = super::governance::build(
        set,
        a,
        s,
        &summary,
        &profile_title,
        i.date,
        i.answers_sha256,
        lang,
    );
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
        summary,
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
        vanished: vanished(a, set),
        labels: b.labels,
        charts,
        generated: i.date.map(str::to_owned),
        classification: g.classification,
        scope: g.scope,
        method: g.method,
        executive: g.executive,
        plan: g.plan,
        open_questions: g.open_questions,
        signoffs: g.signoffs,
        answers_sha256: g.answers_sha256,
        trend: None,
        audit: None,
    }
}

/// What every part of the build needs: the set, the language and the labels.
struct Builder<'a> {
    set: &'a crate::model::ChecklistSet,
    lang: Lang,
    labels: Labels,
}

impl Builder<'_> {
    /// A label in the report's language.
    fn lab(&self, k: &str) -> String {
        self.labels.0.get(k).cloned().unwrap_or_default()
    }

    /// The name of a level, or "–" without one.
    fn level_name(&self, lv: Option<u8>) -> String {
        match lv {
            Some(v) => self.set.level_name(v, self.lang.code()).to_owned(),
            None => "–".to_owned(),
        }
    }

    /// One question of a field with its answer.
    fn question(&self, n: usize, q: &QuestionScore, target: u8) -> QuestionReport {
        let l = self.lang.code();
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
                .map(|r| self.set.level_name(r, l).to_owned())
                .unwrap_or_default(),
            below_target: q.rating.is_some_and(|r| r < target),
            note: q.note.clone(),
            evidence: q.evidence.clone(),
            justification: match q.status {
                AnswerStatus::NotApplicable => q.justification.clone(),
                AnswerStatus::Rated | AnswerStatus::Unanswered => None,
            },
        }
    }

    /// One field of action: its figures, its questions and the bar chart of their ratings.
    fn field(&self, fs: &FieldScore, f: &crate::model::Field) -> FieldReport {
        let lang = self.lang;
        let target = fs.target.unwrap_or(0);
        let title = pick(&fs.title, lang.code());
        let questions: Vec<QuestionReport> = fs
            .questions
            .iter()
            .enumerate()
            .map(|(n, q)| self.question(n, q, target))
            .collect();
        let chart_svg = self.question_chart(&fs.id, &title, &questions, target);
        FieldReport {
            id: fs.id.clone(),
            number: fs.number,
            title,
            description: f.description.get(lang.code()).to_owned(),
            weight: fs.weight,
            index: fs.index.as_ref().map(|x| f64::from(x.tenths) / 10.0),
            index_text: index_text(fs.index.as_ref(), lang),
            level: fs.level,
            level_name: self.level_name(fs.level),
            level_reason: fs.level_reason.clone(),
            level_reason_text: fs
                .level_reason
                .as_ref()
                .map(|r| crate::explain::level_reason_text(r, self.lang))
                .unwrap_or_default(),
            target,
            gap: fs.gap,
            meets_target: fs.meets_target,
            provisional: fs.provisional,
            coverage_percent: fs.coverage_percent,
            coverage_text: percent(fs.coverage_percent, lang),
            questions_total: fs.total as usize,
            rated: fs.answered as usize,
            not_applicable: fs.na as usize,
            unanswered: fs.unanswered as usize,
            chart_svg,
            questions,
        }
    }

    /// The bar chart of a field's question ratings against its target.
    fn question_chart(
        &self,
        field: &str,
        title: &str,
        questions: &[QuestionReport],
        target: u8,
    ) -> String {
        let bars: Vec<charts::QuestionBar> = questions
            .iter()
            .map(|q| charts::QuestionBar {
                id: q.id.clone(),
                rating: q.rating,
                missing: q.rating_text.clone(),
                critical: q.critical,
            })
            .collect();
        charts::question_bars(
            &format!("chart-{field}"),
            &bars,
            target,
            &charts::ChartText {
                title: format!("{}: {}", self.lab("field_chart_title"), title),
                desc: questions
                    .iter()
                    .map(|q| format!("{} {}", q.id, q.rating_text))
                    .collect::<Vec<_>>()
                    .join(", ")
                    + &format!("; {} {target}", self.lab("target")),
                level: self.lab("legend_on_target"),
                target: self.lab("legend_target"),
                index: self.lab("legend_index"),
                below: self.lab("legend_below_target"),
                not_rated: self.lab("not_rated"),
            },
        )
    }

    /// The radar and the bars over all fields.
    fn overview_charts(&self, s: &ScoreResult, fields: &[FieldReport]) -> Charts {
        let points: Vec<charts::FieldPoint> = s
            .fields
            .iter()
            .zip(fields)
            .map(|(fs, f)| charts::FieldPoint {
                label: format!("{} {}", fs.number, f.title),
                level: fs.level,
                index: fs.index.as_ref().map(|x| f64::from(x.tenths) / 10.0),
                target: f.target,
                provisional: fs.provisional,
            })
            .collect();
        let chart_text = |title: &str| charts::ChartText {
            title: self.lab(title),
            desc: fields
                .iter()
                .map(|f| {
                    format!(
                        "{} {}: {} {}, {} {}",
                        f.number,
                        f.title,
                        self.lab("level"),
                        f.level.map_or("–".to_owned(), |v| v.to_string()),
                        self.lab("target"),
                        f.target
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            level: self.lab("legend_level"),
            target: self.lab("legend_target"),
            index: self.lab("legend_index"),
            below: self.lab("legend_below_target"),
            not_rated: self.lab("not_rated"),
        };
        Charts {
            radar_svg: charts::radar("chart-radar", &points, &chart_text("radar_title")),
            bars_svg: charts::bars("chart-bars", &points, &chart_text("bars_title")),
        }
    }

    /// The executive summary.
    fn summary(&self, s: &ScoreResult, fields: &[FieldReport], actions: &[Action]) -> Summary {
        let lang = self.lang;
        let o = &s.overall;
        Summary {
            level: o.level,
            level_name: self.level_name(o.level),
            index: o.index.as_ref().map(|x| f64::from(x.tenths) / 10.0),
            index_text: index_text(o.index.as_ref(), lang),
            provisional: o.provisional,
            coverage_percent: o.coverage_percent,
            coverage_text: percent(o.coverage_percent, lang),
            questions: o.total as usize,
            rated: o.answered as usize,
            not_applicable: o.na as usize,
            unanswered: o.unanswered as usize,
            fields_on_target: fields
                .iter()
                .filter(|f| f.meets_target == Some(true))
                .count(),
            fields_below_target: fields
                .iter()
                .filter(|f| f.meets_target == Some(false))
                .count(),
            weakest: weakest(fields),
            actions: actions.len(),
            critical_actions: actions.iter().filter(|x| x.critical).count(),
            max_questions: fields.iter().map(|f| f.questions.len()).max().unwrap_or(0),
        }
    }
}

/// An index as text, or "–" without one.
fn index_text(i: Option<&crate::scoring::Index>, lang: Lang) -> String {
    i.map_or("–".to_owned(), |x| tenths_text(x.tenths, lang))
}

/// The fields with the lowest level (then lowest index), at most three, weakest first.
fn weakest(fields: &[FieldReport]) -> Vec<FieldRef> {
    let mut weakest: Vec<&FieldReport> = fields.iter().filter(|f| f.level.is_some()).collect();
    weakest.sort_by_key(|f| {
        (
            f.level,
            f.index.map(|x| (x * 10.0).round() as i64),
            f.number,
        )
    });
    weakest
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
        .collect()
}

/// The action plan: the gaps of the score in their order.
fn actions(s: &ScoreResult, fields: &[FieldReport], l: &str) -> Vec<Action> {
    let field_num: BTreeMap<&str, u32> = fields.iter().map(|f| (f.id.as_str(), f.number)).collect();
    s.gaps
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
        .collect()
}

/// Answers in the file to questions the set does not have.
fn vanished(
    a: &crate::assessment::AssessmentFile,
    set: &crate::model::ChecklistSet,
) -> Vec<VanishedAnswer> {
    // A set of the question ids, not a scan of the set per answer (linear growth).
    let known: std::collections::HashSet<&str> =
        set.questions().map(|(_, q)| q.id.value.as_str()).collect();
    a.answers
        .iter()
        .chain(&a.vanished)
        .filter(|x| !known.contains(x.id.value.as_str()))
        .map(|x| VanishedAnswer {
            id: x.id.value.clone(),
            rating_text: x.rating.value.to_string(),
            note: x.note.as_ref().map(|n| n.value.clone()),
        })
        .collect()
}
