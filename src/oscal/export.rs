//! Export: a checklist set as an OSCAL catalog, an assessment as OSCAL assessment-results and
//! its gap list as a plan of action and milestones. Every figure comes from the scoring
//! result; uuids are UUIDv5 of the inputs, so two runs give byte-identical files.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{NS, OSCAL_VERSION, markup_line, markup_multiline, string_value, uuid5};
use crate::assessment::AssessmentFile;
use crate::i18n::Lang;
use crate::model::{ChecklistSet, Question};
use crate::scoring::{AnswerStatus, QuestionScore, ScoreResult};
use crate::tr;

/// File names of the exported models inside the output folder.
pub const CATALOG_FILE: &str = "catalog.json";
/// See [`CATALOG_FILE`].
pub const AR_FILE: &str = "assessment-results.json";
/// See [`CATALOG_FILE`].
pub const POAM_FILE: &str = "poam.json";

/// What the findings of the assessment-results are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Targets {
    /// One finding per answered question (target: the question's statement).
    #[default]
    Questions,
    /// One finding per Grundschutz++ control the questions cite (target: its statement).
    Grundschutz,
}

/// Everything the export reads.
pub struct ExportInput<'a> {
    /// The active checklist set.
    pub set: &'a ChecklistSet,
    /// The assessment.
    pub assessment: &'a AssessmentFile,
    /// The assessment file's name as linked from the back-matter (a bare file name).
    pub assessment_name: &'a str,
    /// SHA-256 (hex) of the assessment file's bytes.
    pub assessment_sha256: &'a str,
    /// The scoring result of this assessment against this set.
    pub score: &'a ScoreResult,
    /// Date (`YYYY-MM-DD`) used when the assessment has neither `updated` nor `created`
    /// (from `--date` or `SOURCE_DATE_EPOCH`).
    pub fallback_date: &'a str,
    /// Reference day for "overdue" actions in the plan (see [`crate::plan::reference_day`]).
    pub as_of: Option<&'a str>,
    /// Language of the texts taken from the set and of the generated texts.
    pub lang: Lang,
    /// What the findings are about.
    pub targets: Targets,
}

/// The three exported models as pretty JSON with a trailing newline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    /// The set as an OSCAL catalog.
    pub catalog: String,
    /// The assessment as OSCAL assessment-results.
    pub assessment_results: String,
    /// The gap list as an OSCAL plan of action and milestones.
    pub poam: String,
}

fn prop(name: &str, value: impl ToString) -> Value {
    json!({ "name": name, "ns": NS, "value": value.to_string() })
}

fn group_prop(name: &str, value: impl ToString, group: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": value.to_string(), "group": group })
}

/// The classification marking (TLP, VS-NfD) as OSCAL's `marking` prop, when the file has one.
fn marking(a: &AssessmentFile) -> Option<Value> {
    let c = a.classification.as_ref()?;
    let v = string_value(c, "");
    (!v.is_empty()).then(|| json!({ "name": "marking", "value": v }))
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

fn timestamp(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::De => "de",
        Lang::En => "en",
    }
}

/// The date of the export: `updated`, else `created`, else the fallback.
fn export_date<'a>(a: &'a AssessmentFile, fallback: &'a str) -> &'a str {
    a.updated
        .as_ref()
        .or(a.created.as_ref())
        .map(|d| d.value.as_str())
        .unwrap_or(fallback)
}

/// Exports all three models.
pub fn export(input: &ExportInput) -> Exported {
    let date = export_date(input.assessment, input.fallback_date);
    let catalog = pretty(&catalog(input.set, date, input.lang));
    let catalog_sha = crate::set::sha256_hex(catalog.as_bytes());
    let ar = assessment_results(input, date, &catalog_sha);
    let poam = pretty(&poam(input, date));
    Exported {
        catalog,
        assessment_results: pretty(&ar),
        poam,
    }
}

/// The set as an OSCAL catalog: fields → groups, questions → controls.
pub fn catalog(set: &ChecklistSet, date: &str, lang: Lang) -> Value {
    let l = lang_code(lang);
    let m = &set.manifest;
    let groups: Vec<Value> = set
        .fields
        .iter()
        .map(|f| {
            let controls: Vec<Value> = f.questions.iter().map(|q| control(q, l)).collect();
            json!({
                "id": f.id.value,
                "class": "field-of-action",
                "title": markup_line(f.title.get(l)),
                "props": [
                    { "name": "label", "value": f.number.value.to_string() },
                    prop("weight", f.weight.value),
                ],
                "parts": [{
                    "id": format!("{}_ovw", f.id.value),
                    "name": "overview",
                    "prose": markup_multiline(f.description.get(l)),
                }],
                "controls": controls,
            })
        })
        .collect();
    let mut metadata = json!({
        "title": markup_line(m.title.get(l)),
        "last-modified": timestamp(date),
        "version": string_value(&m.version, "0"),
        "oscal-version": OSCAL_VERSION,
        "props": [
            prop("generator", "cyberkompass"),
            prop("set-id", &m.id.value),
            prop("set-sha256", &set.sha256),
            prop("threshold", crate::scoring::permyriad_shown(set.threshold_permyriad())),
        ],
    });
    if let Some(d) = &m.description {
        metadata["remarks"] = Value::String(markup_multiline(d.get(l)));
    }
    json!({
        "catalog": {
            "uuid": uuid5(&["catalog", &set.sha256, l]),
            "metadata": metadata,
            "groups": groups,
        }
    })
}

fn control(q: &Question, l: &str) -> Value {
    let id = &q.id.value;
    let mut props = vec![prop("weight", q.weight.value), prop("critical", q.critical)];
    for r in &q.references.grundschutz {
        props.push(prop("grundschutz", &r.value));
    }
    for r in &q.references.nis2 {
        props.push(prop("nis2-art21-2", &r.value));
    }
    for r in &q.references.iso27001 {
        props.push(prop("iso27001-2022-annex-a", &r.value));
    }
    let mut parts = vec![json!({
        "id": format!("{id}_smt"),
        "name": "statement",
        "prose": markup_multiline(q.text.get(l)),
    })];
    if let Some(h) = &q.help {
        parts.push(json!({
            "id": format!("{id}_gdn"),
            "name": "guidance",
            "prose": markup_multiline(h.get(l)),
        }));
    }
    for (level, text) in q.anchors.0.value.iter() {
        parts.push(json!({
            "id": format!("{id}_anc{}", level.value),
            "name": "maturity-anchor",
            "ns": NS,
            "props": [{ "name": "label", "value": level.value.to_string() }],
            "prose": markup_multiline(text.get(l)),
        }));
    }
    if let Some(r) = &q.recommendation {
        parts.push(json!({
            "id": format!("{id}_rec"),
            "name": "recommendation",
            "ns": NS,
            "prose": markup_multiline(r.get(l)),
        }));
    }
    json!({
        "id": id,
        "title": markup_line(q.text.get(l)),
        "props": props,
        "parts": parts,
    })
}

/// Stable names of the things uuids are made for. A document's own uuid changes with its
/// content (it includes the assessment file's SHA-256); everything inside it (parties,
/// observations, findings, POA&M items) keeps its uuid across revisions, named by the set,
/// the organisation and the question: changing one answer changes that observation and
/// finding, not every uuid.
struct Ids<'a> {
    set: &'a str,
    organisation: &'a str,
    assessment: &'a str,
}

impl Ids<'_> {
    fn of(&self, parts: &[&str]) -> String {
        let mut all = vec![self.set, self.organisation];
        all.extend_from_slice(parts);
        uuid5(&all)
    }

    fn document(&self, kind: &str) -> String {
        uuid5(&[self.set, self.assessment, kind])
    }
}

fn implementation_state(rating: u8) -> Option<&'static str> {
    match rating {
        0 => None,
        1 => Some("planned"),
        2 => Some("partial"),
        _ => Some("implemented"),
    }
}

fn assessment_results(input: &ExportInput, date: &str, catalog_sha: &str) -> Value {
    let lang = input.lang;
    let l = lang_code(lang);
    let a = input.assessment;
    let score = input.score;
    let ids = Ids {
        set: &input.set.sha256,
        organisation: &input.assessment.organisation.value,
        assessment: input.assessment_sha256,
    };
    let org_name = string_value(&a.organisation.value, "-");
    let org_uuid = ids.of(&["party", "organisation"]);
    let mut parties = vec![json!({ "uuid": org_uuid, "type": "organization", "name": org_name })];
    let mut metadata = json!({
        "title": markup_line(&tr!(lang, "Cyber-Resilienz-Selbstbewertung – {}", "Cyber-resilience self-assessment – {}", org_name)),
        "last-modified": timestamp(date),
        "version": date,
        "oscal-version": OSCAL_VERSION,
        "props": [prop("generator", "cyberkompass")],
    });
    if let Some(m) = marking(a)
        && let Some(p) = metadata["props"].as_array_mut()
    {
        p.push(m);
    }
    let mut roles = Vec::new();
    let mut responsible = Vec::new();
    if let Some(who) = &a.assessor {
        let uuid = ids.of(&["party", "assessor"]);
        parties.push(json!({
            "uuid": uuid,
            "type": "person",
            "name": string_value(who, "-"),
            "member-of-organizations": [org_uuid],
        }));
        roles
            .push(json!({ "id": "assessor", "title": tr!(lang, "Bewertende Person", "Assessor") }));
        responsible.push(json!({ "role-id": "assessor", "party-uuids": [uuid] }));
    }
    // Sign-offs (Freigaben): one person party each, role `approver`, and an attestation.
    let current_answers = crate::assessment::answers_sha256(a);
    let mut attestations = Vec::new();
    for (i, so) in a.signoffs.iter().enumerate() {
        let uuid = ids.of(&["party", "signoff", &i.to_string()]);
        parties.push(json!({
            "uuid": uuid,
            "type": "person",
            "name": string_value(&so.name, "-"),
            "member-of-organizations": [org_uuid],
        }));
        let current = so.answers_sha256.value == current_answers;
        let mut prose = tr!(
            lang,
            "{} ({}) hat die Bewertung am {} freigegeben.",
            "{} ({}) approved the assessment on {}.",
            string_value(&so.name, "-"),
            string_value(&so.role, "-"),
            so.date.value
        );
        if let Some(st) = &so.statement {
            prose.push_str("\n\n");
            prose.push_str(st);
        }
        if !current {
            prose.push_str("\n\n");
            prose.push_str(&tr!(
                lang,
                "Die Antworten wurden nach dieser Freigabe geändert.",
                "The answers were changed after this approval."
            ));
        }
        let mut props = vec![
            prop("answers-sha256", string_value(&so.answers_sha256, "-")),
            prop("answers-current", current),
        ];
        if crate::assessment::is_date(&so.date) {
            props.push(prop("signed-on", &so.date.value));
        }
        attestations.push(json!({
            "responsible-parties": [{ "role-id": "approver", "party-uuids": [uuid] }],
            "parts": [{
                "name": "sign-off",
                "ns": NS,
                "title": tr!(lang, "Freigabe", "Approval"),
                "props": props,
                "prose": markup_multiline(&prose),
            }],
        }));
    }
    if !attestations.is_empty() {
        roles.push(
            json!({ "id": "approver", "title": tr!(lang, "Freigebende Person", "Approver") }),
        );
    }
    if !roles.is_empty() {
        metadata["roles"] = Value::Array(roles);
    }
    if !responsible.is_empty() {
        metadata["responsible-parties"] = Value::Array(responsible);
    }
    metadata["parties"] = Value::Array(parties);

    let set_res = ids.of(&["resource", "set"]);
    let file_res = ids.of(&["resource", "assessment-file"]);
    let m = &input.set.manifest;
    let back_matter = json!({
        "resources": [
            {
                "uuid": set_res,
                "title": markup_line(&tr!(lang, "Checklisten-Set {} {}", "Checklist set {} {}", m.id.value, m.version.value)),
                "props": [
                    prop("set-id", &m.id.value),
                    prop("set-version", string_value(&m.version, "0")),
                    prop("set-sha256", &input.set.sha256),
                ],
                "rlinks": [{
                    "href": CATALOG_FILE,
                    "media-type": "application/json",
                    "hashes": [{ "algorithm": "SHA-256", "value": catalog_sha }],
                }],
            },
            {
                "uuid": file_res,
                "title": tr!(lang, "Bewertungsdatei", "Assessment file"),
                "rlinks": [{
                    "href": input.assessment_name,
                    "media-type": "application/yaml",
                    "hashes": [{ "algorithm": "SHA-256", "value": input.assessment_sha256 }],
                }],
            },
        ]
    });

    // Result props: every number from the score.
    let mut rprops = vec![prop("profile", &score.profile_id)];
    rprops.push(prop(
        "targets",
        match input.targets {
            Targets::Questions => "questions",
            Targets::Grundschutz => "grundschutz",
        },
    ));
    if let Some(level) = score.overall.level {
        rprops.push(prop("overall-level", level));
    }
    if let Some(ix) = &score.overall.index {
        rprops.push(prop("overall-index", &ix.shown));
    }
    rprops.push(prop("provisional", score.overall.provisional));
    let sighted = a.method.as_ref().and_then(|m| m.evidence_sighted.get());
    if let Some(m) = &a.method {
        rprops.push(prop("method", m.kind.as_str()));
        if let Some(s) = sighted {
            rprops.push(prop("evidence-sighted", s));
        }
    }
    rprops.push(prop("coverage-percent", score.overall.coverage_percent));
    rprops.push(prop("gaps", score.gaps.len()));
    for f in &score.fields {
        if let Some(level) = f.level {
            rprops.push(group_prop("field-level", level, &f.id));
        }
        if let Some(ix) = &f.index {
            rprops.push(group_prop("field-index", &ix.shown, &f.id));
        }
        if let Some(t) = f.target {
            rprops.push(group_prop("field-target", t, &f.id));
        }
        rprops.push(group_prop("field-provisional", f.provisional, &f.id));
    }

    // One observation per answer (rated or n/a), in the set's order.
    let collected = timestamp(date);
    let mut observations = Vec::new();
    let mut obs_of: BTreeMap<&str, String> = BTreeMap::new();
    let mut answered: Vec<(&str, &QuestionScore)> = Vec::new();
    for f in &score.fields {
        for q in &f.questions {
            if q.status == AnswerStatus::Unanswered {
                continue;
            }
            answered.push((&f.id, q));
            let uuid = ids.of(&["observation", &q.id]);
            let rating = match q.rating {
                Some(r) => r.to_string(),
                None => "n/a".to_owned(),
            };
            let mut o = json!({
                "uuid": uuid,
                "title": markup_line(&q.id),
                "description": markup_multiline(&text_of(&q.text, l)),
                "props": [prop("question-id", &q.id), prop("field", &f.id), prop("rating", rating)],
                // EXAMINE: evidence named and (as far as the file says) seen; else INTERVIEW.
                "methods": [if q.evidence.is_some() && sighted != Some(false) { "EXAMINE" } else { "INTERVIEW" }],
                "types": ["control-objective"],
                "subjects": [{ "subject-uuid": org_uuid, "type": "party" }],
                "collected": collected,
            });
            if let Some(e) = q.evidence.as_deref().filter(|e| !e.trim().is_empty()) {
                o["relevant-evidence"] = json!([{ "description": markup_multiline(e) }]);
            }
            let remarks = match (q.status, &q.justification, &q.note) {
                (AnswerStatus::NotApplicable, Some(j), Some(n)) => format!("{j}\n\n{n}"),
                (AnswerStatus::NotApplicable, Some(j), None) => j.clone(),
                (_, _, Some(n)) => n.clone(),
                _ => String::new(),
            };
            if !remarks.trim().is_empty() {
                o["remarks"] = Value::String(markup_multiline(&remarks));
            }
            obs_of.insert(&q.id, uuid);
            observations.push(o);
        }
    }

    let (reviewed, findings) = match input.targets {
        Targets::Questions => question_findings(&ids, &score.fields, &answered, &obs_of, lang, l),
        Targets::Grundschutz => grundschutz_findings(&ids, input.set, score, &obs_of, lang),
    };
    let profile_title = text_of(
        &score
            .profile
            .as_ref()
            .map(|p| p.title.clone())
            .unwrap_or_default(),
        l,
    );
    let mut description = tr!(
        lang,
        "Selbstbewertung mit cyberkompass gegen das Checklisten-Set {} {}, Zielprofil {} ({}).",
        "Self-assessment with cyberkompass against the checklist set {} {}, target profile {} ({}).",
        m.id.value,
        m.version.value,
        profile_title,
        score.profile_id
    );
    if let Some(scope) = &a.scope {
        description.push_str("\n\n");
        description.push_str(&tr!(lang, "Geltungsbereich: {}", "Scope: {}", scope.value));
    }
    if let Some(m) = &a.method {
        description.push_str("\n\n");
        description.push_str(&tr!(lang, "Vorgehen: {}", "Method: {}", m.kind.label(lang)));
        if let Some(n) = &m.note {
            description.push_str(" – ");
            description.push_str(n);
        }
    }
    if input.targets == Targets::Grundschutz {
        description.push_str("\n\n");
        description.push_str(&partial_coverage_note(lang));
    }
    let start = a.created.as_ref().map(|d| d.value.as_str()).unwrap_or(date);
    let mut result = json!({
        "uuid": ids.of(&["result"]),
        "title": markup_line(&tr!(lang, "Selbstbewertung {}", "Self-assessment {}", org_name)),
        "description": markup_multiline(&description),
        "start": timestamp(start),
        "props": rprops,
        "reviewed-controls": {
            "control-selections": [{ "include-controls": reviewed }]
        },
    });
    if date >= start {
        result["end"] = Value::String(timestamp(date));
    }
    if !attestations.is_empty() {
        result["attestations"] = Value::Array(attestations);
    }
    if !observations.is_empty() {
        result["observations"] = Value::Array(observations);
    }
    if !findings.is_empty() {
        result["findings"] = Value::Array(findings);
    }
    json!({
        "assessment-results": {
            "uuid": ids.document("assessment-results"),
            "metadata": metadata,
            "import-ap": {
                "href": format!("#{set_res}"),
                "remarks": tr!(lang,
                    "Der Prüfplan ist das Checklisten-Set (Ressource im Anhang); es gibt keinen eigenen OSCAL-Prüfplan.",
                    "The assessment plan is the checklist set (resource in the back-matter); there is no separate OSCAL assessment plan."),
            },
            "results": [result],
            "back-matter": back_matter,
        }
    })
}

fn text_of(t: &crate::model::Text, l: &str) -> String {
    t.get(l).to_owned()
}

fn partial_coverage_note(lang: Lang) -> String {
    tr!(
        lang,
        "Die Befunde gelten je Grundschutz++-Anforderung, die eine Frage nennt; die Abdeckung ist nur teilweise: eine Anforderung gilt als erfüllt, wenn jede Frage, die sie nennt, ihr Ziel erreicht – das ist kein Nachweis, dass die Anforderung vollständig umgesetzt ist.",
        "The findings are per Grundschutz++ control a question cites; coverage is partial only: a control counts as satisfied when every question citing it reaches its target – this does not show that the control is fully implemented."
    )
}

type Reviewed = Vec<Value>;

fn question_findings(
    ids: &Ids,
    fields: &[crate::scoring::FieldScore],
    answered: &[(&str, &QuestionScore)],
    obs_of: &BTreeMap<&str, String>,
    lang: Lang,
    l: &str,
) -> (Reviewed, Vec<Value>) {
    let reviewed = fields
        .iter()
        .flat_map(|f| f.questions.iter())
        .map(|q| json!({ "control-id": q.id }))
        .collect();
    let findings = answered
        .iter()
        .map(|(_field, q)| {
            let mut target = json!({
                "type": "statement-id",
                "target-id": format!("{}_smt", q.id),
            });
            let target_s = q
                .target
                .map(|t| t.to_string())
                .unwrap_or_else(|| "-".into());
            let title = match q.rating {
                Some(r) => tr!(lang, "{}: Reifegrad {} (Ziel {})", "{}: level {} (target {})", q.id, r, target_s),
                None => tr!(lang, "{}: nicht anwendbar", "{}: not applicable", q.id),
            };
            let mut props = vec![];
            match q.rating {
                Some(r) => {
                    props.push(prop("rating", r));
                    let met = q.target.is_some_and(|t| r >= t);
                    target["status"] = if met {
                        json!({ "state": "satisfied", "reason": "pass" })
                    } else if q.target.is_none() {
                        json!({ "state": "not-satisfied", "reason": "other",
                                "remarks": tr!(lang, "Das Zielprofil gibt kein Ziel vor.", "The target profile sets no target.") })
                    } else {
                        json!({ "state": "not-satisfied", "reason": "fail" })
                    };
                    if let Some(s) = implementation_state(r) {
                        target["implementation-status"] = json!({ "state": s });
                    }
                }
                None => {
                    props.push(prop("rating", "n/a"));
                    let j = q.justification.clone().unwrap_or_default();
                    let mut status = json!({ "state": "satisfied", "reason": "other" });
                    if !j.trim().is_empty() {
                        status["remarks"] = Value::String(markup_multiline(&j));
                    }
                    target["status"] = status;
                    target["implementation-status"] = json!({ "state": "not-applicable" });
                }
            }
            if let Some(t) = q.target {
                props.push(prop("target-level", t));
            }
            props.push(prop("weight", q.weight));
            props.push(prop("critical", q.critical));
            if let Some(p) = q.priority {
                props.push(prop("priority", p));
            }
            json!({
                "uuid": ids.of(&["finding", &q.id]),
                "title": markup_line(&title),
                "description": markup_multiline(&text_of(&q.text, l)),
                "props": props,
                "target": target,
                "related-observations": [{ "observation-uuid": obs_of[q.id.as_str()] }],
            })
        })
        .collect();
    (reviewed, findings)
}

fn grundschutz_findings(
    ids: &Ids,
    set: &ChecklistSet,
    score: &ScoreResult,
    obs_of: &BTreeMap<&str, String>,
    lang: Lang,
) -> (Reviewed, Vec<Value>) {
    // Grundschutz++ id → the questions citing it, in the set's order.
    let mut cited: BTreeMap<&str, Vec<&QuestionScore>> = BTreeMap::new();
    let by_id: BTreeMap<&str, &QuestionScore> = score
        .fields
        .iter()
        .flat_map(|f| f.questions.iter())
        .map(|q| (q.id.as_str(), q))
        .collect();
    for (_, q) in set.questions() {
        if let Some(qs) = by_id.get(q.id.value.as_str()) {
            for r in &q.references.grundschutz {
                cited.entry(r.value.as_str()).or_default().push(qs);
            }
        }
    }
    let reviewed = cited.keys().map(|id| json!({ "control-id": id })).collect();
    let note = partial_coverage_note(lang);
    let findings = cited
        .iter()
        .map(|(gs, qs)| {
            let below: Vec<&str> = qs
                .iter()
                .filter(|q| q.status == AnswerStatus::Rated && q.target.is_none_or(|t| q.rating.is_none_or(|r| r < t)))
                .map(|q| q.id.as_str())
                .collect();
            let open: Vec<&str> = qs.iter().filter(|q| q.status == AnswerStatus::Unanswered).map(|q| q.id.as_str()).collect();
            let na = qs.iter().all(|q| q.status == AnswerStatus::NotApplicable);
            let status = if !below.is_empty() {
                json!({ "state": "not-satisfied", "reason": "fail" })
            } else if !open.is_empty() {
                json!({ "state": "not-satisfied", "reason": "other",
                        "remarks": markup_multiline(&tr!(lang, "Noch offen: {}", "Still open: {}", open.join(", "))) })
            } else if na {
                json!({ "state": "satisfied", "reason": "other",
                        "remarks": tr!(lang, "Alle zitierenden Fragen sind nicht anwendbar.", "All citing questions are not applicable.") })
            } else {
                json!({ "state": "satisfied", "reason": "pass" })
            };
            let list: Vec<String> = qs
                .iter()
                .map(|q| {
                    let r = match (q.status, q.rating) {
                        (AnswerStatus::NotApplicable, _) => "n/a".to_owned(),
                        (_, Some(r)) => r.to_string(),
                        _ => "-".to_owned(),
                    };
                    let t = q.target.map(|t| t.to_string()).unwrap_or_else(|| "-".into());
                    tr!(lang, "{}: Reifegrad {} (Ziel {})", "{}: level {} (target {})", q.id, r, t)
                })
                .collect();
            let related: Vec<Value> = qs
                .iter()
                .filter_map(|q| obs_of.get(q.id.as_str()))
                .map(|u| json!({ "observation-uuid": u }))
                .collect();
            let mut props = vec![prop("coverage", "partial")];
            for q in qs {
                props.push(prop("question-id", &q.id));
            }
            let mut f = json!({
                "uuid": ids.of(&["gs-finding", gs]),
                "title": markup_line(&tr!(lang, "Grundschutz++ {}", "Grundschutz++ {}", gs)),
                "description": markup_multiline(&format!("{}\n\n{}", list.join("\n"), note)),
                "props": props,
                "target": {
                    "type": "statement-id",
                    "target-id": format!("{gs}_stm"),
                    "status": status,
                },
                "remarks": markup_multiline(&note),
            });
            if !related.is_empty() {
                f["related-observations"] = Value::Array(related);
            }
            f
        })
        .collect();
    (reviewed, findings)
}

fn poam(input: &ExportInput, date: &str) -> Value {
    let lang = input.lang;
    let l = lang_code(lang);
    let score = input.score;
    let ids = Ids {
        set: &input.set.sha256,
        organisation: &input.assessment.organisation.value,
        assessment: input.assessment_sha256,
    };
    let org = string_value(&input.assessment.organisation.value, "-");
    let plan = crate::plan::build(
        score,
        input.assessment,
        &crate::plan::PlanOptions {
            critical_only: false,
            as_of: input.as_of.map(str::to_owned),
        },
    );
    let items: Vec<Value> = plan
        .items
        .iter()
        .map(|g| {
            let rec = g
                .recommendation
                .as_ref()
                .map(|r| text_of(r, l))
                .unwrap_or_else(|| text_of(&g.text, l));
            let mut props = vec![
                prop("rank", g.rank),
                prop("question-id", &g.question),
                prop("field", &g.field),
                prop("rating", g.rating),
                prop("target-level", g.target),
                prop("shortfall", g.shortfall),
                prop("weight", g.weight),
                prop("priority", g.priority),
                prop("critical", g.critical),
            ];
            // The planned action: machine values as props, free text in remarks.
            if let Some(st) = g.status {
                props.push(prop("action-status", st.as_str()));
            }
            if let Some(d) = g.due.as_deref().filter(|d| crate::assessment::is_date(d)) {
                props.push(prop("due", d));
                props.push(prop("overdue", g.overdue));
            }
            let mut remarks = Vec::new();
            if let Some(o) = &g.owner {
                remarks.push(tr!(lang, "Verantwortlich: {}", "Owner: {}", o));
            }
            if let Some(d) = g.due.as_deref().filter(|d| !crate::assessment::is_date(d)) {
                remarks.push(tr!(lang, "Fällig: {}", "Due: {}", d));
            }
            if let Some(e) = &g.effort {
                remarks.push(tr!(lang, "Aufwand: {}", "Effort: {}", e));
            }
            let mut item = json!({
                "uuid": ids.of(&["poam-item", &g.question]),
                "title": markup_line(&format!("{}: {}", g.question, text_of(&g.text, l))),
                "description": markup_multiline(&rec),
                "props": props,
            });
            if !remarks.is_empty() {
                item["remarks"] = Value::String(markup_multiline(&remarks.join("\n")));
            }
            // Links to the finding(s) in the assessment-results: the question's own, or with
            // `--targets grundschutz` those of the controls the question cites.
            let links: Vec<Value> = match input.targets {
                Targets::Questions => vec![ids.of(&["finding", &g.question])],
                Targets::Grundschutz => g
                    .references
                    .grundschutz
                    .iter()
                    .map(|gs| ids.of(&["gs-finding", gs]))
                    .collect(),
            }
            .into_iter()
            .map(|u| json!({ "href": format!("{AR_FILE}#{u}"), "rel": "related" }))
            .collect();
            if !links.is_empty() {
                item["links"] = Value::Array(links);
            }
            item
        })
        .collect();
    let mut root = json!({
        "uuid": ids.document("poam"),
        "metadata": {
            "title": markup_line(&tr!(lang, "Maßnahmenplan – {}", "Plan of action – {}", org)),
            "last-modified": timestamp(date),
            "version": date,
            "oscal-version": OSCAL_VERSION,
            "props": [prop("generator", "cyberkompass")],
        },
        "system-id": {
            "identifier-type": "https://ietf.org/rfc/rfc4122",
            "id": uuid5(&["system", &org]),
        },
    });
    // OSCAL requires at least one poam-item; with no gaps a single item says so.
    let items = if items.is_empty() {
        vec![json!({
            "uuid": ids.of(&["poam-item", "none"]),
            "title": tr!(lang, "Keine Lücken", "No gaps"),
            "description": tr!(lang, "Jede bewertete Frage erreicht das Ziel ihres Handlungsfelds.", "Every rated question reaches its field's target."),
        })]
    } else {
        items
    };
    root["poam-items"] = Value::Array(items);
    if let Some(m) = marking(input.assessment)
        && let Some(p) = root["metadata"]["props"].as_array_mut()
    {
        p.push(m);
    }
    let mut out = Map::new();
    out.insert("plan-of-action-and-milestones".into(), root);
    Value::Object(out)
}
