//! The report's governance sections, built apart from the figures so that other sections can
//! grow beside them: the classification marking, scope and method, the written executive
//! summary (sentences assembled from the score and the action plan), the action plan as a
//! roadmap in phases ([`crate::plan::roadmap`]), the open questions and the sign-off block.
//! Every number comes from [`crate::scoring`] through [`crate::plan`].

use super::model::*;
use crate::assessment::{AssessmentFile, MarkingCheck, answers_sha256, check_marking};
use crate::i18n::{Lang, text_in};
use crate::plan::{Plan, PlanOptions, PlanSummary};
use crate::scoring::{AnswerStatus, ScoreResult};
use crate::tr;

/// The labels of these sections: key, German, English (docs/templates.md lists them).
pub(super) const LABELS: &[(&str, &str, &str)] = &[
    ("classification", "Einstufung", "Classification"),
    ("generated", "Berichtsdatum", "Report date"),
    ("scope", "Geltungsbereich", "Scope"),
    ("method", "Vorgehen", "Method"),
    (
        "scope_method",
        "Geltungsbereich und Vorgehen",
        "Scope and method",
    ),
    ("roadmap", "Maßnahmen-Roadmap", "Action roadmap"),
    (
        "roadmap_intro",
        "Dieselben Lücken wie im Maßnahmenplan, nach Terminen in Phasen gruppiert; ohne Termin kritische zuerst, dann nach Priorität.",
        "The same gaps as in the action plan, grouped into phases by due date; without a due date critical ones first, then by priority.",
    ),
    ("as_of", "Stichtag", "Reference day"),
    ("owner", "Verantwortlich", "Owner"),
    ("due", "Termin", "Due"),
    ("effort", "Aufwand", "Effort"),
    ("overdue", "überfällig", "overdue"),
    ("open_questions", "Offene Fragen", "Open questions"),
    (
        "open_questions_intro",
        "Diese Fragen sind noch nicht beantwortet; solange sie offen sind, sind die Werte ihres Handlungsfeldes vorläufig.",
        "These questions have no answer yet; while they are open, their field's figures are provisional.",
    ),
    ("signoffs", "Freigabe", "Sign-off"),
    (
        "signoff_empty",
        "Noch keine Freigabe in der Bewertungsdatei. Zur Unterschrift auf dem Ausdruck:",
        "No sign-off recorded in the assessment file yet. For signing the printout:",
    ),
    ("name", "Name", "Name"),
    ("role", "Funktion", "Role"),
    ("sign_date", "Datum", "Date"),
    ("signature", "Unterschrift", "Signature"),
    ("statement", "Erklärung", "Statement"),
    (
        "answers_hash",
        "SHA-256 der Antworten",
        "SHA-256 of the answers",
    ),
];

/// What [`build`] adds to the report.
pub(super) struct Governance {
    pub classification: Option<Classification>,
    pub scope: Option<String>,
    pub method: Option<MethodInfo>,
    pub executive: Executive,
    pub plan: PlanReport,
    pub open_questions: Vec<OpenQuestion>,
    pub signoffs: Vec<SignoffInfo>,
    pub answers_sha256: String,
}

/// The CSS class of a marking.
fn marking_class(m: &str) -> &'static str {
    let canonical = match check_marking(m) {
        MarkingCheck::Canonical => m,
        MarkingCheck::NearMiss(c) => c,
        MarkingCheck::UnknownTlp | MarkingCheck::Empty | MarkingCheck::Free => "",
    };
    match canonical {
        "TLP:CLEAR" => "tlp-clear",
        "TLP:GREEN" => "tlp-green",
        "TLP:AMBER" => "tlp-amber",
        "TLP:AMBER+STRICT" => "tlp-amber-strict",
        "TLP:RED" => "tlp-red",
        "" => "marking",
        _ => "vs-nfd",
    }
}

/// A text as a quoted CSS string that cannot end the string, the rule or the `<style>`
/// element: every character but ASCII letters, digits and spaces becomes `\HHHHHH`.
fn css_string(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == ' ' {
            o.push(c);
        } else if !c.is_control() {
            o.push_str(&format!("\\{:06X}", c as u32));
        }
    }
    o.push('"');
    o
}

/// `n` with the singular or plural noun.
fn count(lang: Lang, n: usize, de: (&str, &str), en: (&str, &str)) -> String {
    let (one, many) = match lang {
        Lang::De => de,
        Lang::En => en,
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A list of ids, at most `max`, then "and N more".
fn id_list(lang: Lang, ids: &[String], max: usize) -> String {
    let mut s = ids.iter().take(max).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > max {
        let more = ids.len() - max;
        s.push_str(&tr!(lang, " und {more} weitere", " and {more} more"));
    }
    s
}

/// Builds the governance sections. `as_of` is the report's reference day; `hashed` the
/// answers' SHA-256 when the check already computed it ([`crate::assessment::Checked`]).
#[allow(clippy::too_many_arguments)]
pub(super) fn build(
    set: &crate::model::ChecklistSet,
    a: &AssessmentFile,
    s: &ScoreResult,
    summary: &Summary,
    profile_title: &str,
    as_of: Option<&str>,
    hashed: Option<&str>,
    lang: Lang,
) -> Governance {
    let plan = crate::plan::build(
        s,
        a,
        &PlanOptions {
            critical_only: false,
            as_of: as_of.map(str::to_owned),
        },
    );
    let counts = crate::plan::summary(&plan);
    let current = hashed.map_or_else(|| answers_sha256(a), str::to_owned);
    Governance {
        classification: a.classification.as_ref().map(|c| Classification {
            marking: c.value.clone(),
            class: marking_class(&c.value).to_owned(),
            css_string: css_string(&c.value),
        }),
        scope: a.scope.as_ref().map(|x| x.value.clone()),
        method: a.method.as_ref().map(|m| {
            let sighted = m.evidence_sighted.value.get();
            MethodInfo {
                kind: m.kind.value.as_str().to_owned(),
                kind_text: m.kind.value.label(lang).to_owned(),
                evidence_sighted: sighted,
                evidence_text: match sighted {
                    Some(true) => tr!(
                        lang,
                        "Nachweise wurden eingesehen.",
                        "Evidence was sighted."
                    ),
                    Some(false) => tr!(
                        lang,
                        "Nachweise wurden nicht eingesehen; die Bewertungen beruhen auf Angaben.",
                        "Evidence was not sighted; the ratings rest on statements."
                    ),
                    None => String::new(),
                },
                note: m.note.as_ref().map(|x| x.value.clone()),
            }
        }),
        executive: executive(set, s, summary, &plan, &counts, profile_title, lang),
        plan: roadmap(&plan, counts, lang),
        open_questions: open_questions(s, lang),
        signoffs: a
            .signoffs
            .iter()
            .map(|x| {
                let ok = x.answers_sha256.value == current;
                SignoffInfo {
                    name: x.name.value.clone(),
                    role: x.role.value.clone(),
                    date: x.date.value.clone(),
                    statement: x.statement.as_ref().map(|t| t.value.clone()),
                    answers_sha256: x.answers_sha256.value.clone(),
                    current: ok,
                    status_text: if ok {
                        tr!(
                            lang,
                            "gilt für die Antworten dieses Berichts",
                            "covers the answers of this report"
                        )
                    } else {
                        tr!(
                            lang,
                            "die Antworten wurden nach dieser Freigabe geändert",
                            "the answers changed after this sign-off"
                        )
                    },
                }
            })
            .collect(),
        answers_sha256: current,
    }
}

/// The written executive summary.
fn executive(
    set: &crate::model::ChecklistSet,
    s: &ScoreResult,
    summary: &Summary,
    plan: &Plan,
    c: &PlanSummary,
    profile: &str,
    lang: Lang,
) -> Executive {
    let mut p = Vec::new();
    let fields_total = s.fields.len();
    let on = summary.fields_on_target;
    let reach = match (lang, on) {
        (Lang::De, 1) => "erreicht",
        (Lang::De, _) => "erreichen",
        (Lang::En, 1) => "reaches",
        (Lang::En, _) => "reach",
    };
    let mut first = match summary.level {
        Some(l) => {
            let meaning = set
                .manifest
                .scale
                .iter()
                .find(|x| x.level.value == l)
                .map(|x| x.description.get(lang.code()).to_owned())
                .unwrap_or_default();
            tr!(
                lang,
                "Gesamt-Reifegrad {l} „{}“: {meaning} Der Gesamt-Reifegrad ist der niedrigste Reifegrad aller Handlungsfelder (schwächstes Glied); der Gesamtindex, das gewichtete Mittel, beträgt {}. {on} von {fields_total} Handlungsfeldern {reach} das Ziel des Profils „{profile}“.",
                "Overall maturity level {l} “{}”: {meaning} The overall level is the lowest level of all fields (weakest link); the overall index, the weighted mean, is {}. {on} of {fields_total} fields {reach} the target of the profile “{profile}”.",
                summary.level_name,
                summary.index_text
            )
        }
        None => tr!(
            lang,
            "Noch kein Gesamt-Reifegrad: Nicht jedes Handlungsfeld hat eine bewertete Frage. {on} von {fields_total} Handlungsfeldern {reach} das Ziel des Profils „{profile}“.",
            "No overall level yet: not every field has a rated question. {on} of {fields_total} fields {reach} the target of the profile “{profile}”."
        ),
    };
    if summary.provisional {
        first.push(' ');
        first.push_str(&tr!(
            lang,
            "Die Werte sind vorläufig: {} der Fragen sind beantwortet, {} offen.",
            "The figures are provisional: {} of the questions are answered, {} open.",
            summary.coverage_text,
            summary.unanswered
        ));
    }
    p.push(first);
    if !summary.weakest.is_empty() {
        let list: Vec<String> = summary
            .weakest
            .iter()
            .map(|f| {
                let lv = f.level.map_or("–".to_owned(), |v| v.to_string());
                tr!(
                    lang,
                    "{}. {} (Reifegrad {lv}, Ziel {})",
                    "{}. {} (level {lv}, target {})",
                    f.number,
                    f.title,
                    f.target
                )
            })
            .collect();
        p.push(tr!(
            lang,
            "Am schwächsten sind: {}.",
            "The weakest fields are: {}.",
            list.join("; ")
        ));
    }
    let gaps = count(lang, c.items, ("Lücke", "Lücken"), ("gap", "gaps"));
    if c.items == 0 {
        p.push(tr!(
            lang,
            "Keine bewertete Frage liegt unter dem Ziel ihres Handlungsfeldes.",
            "No rated question is below its field's target."
        ));
    } else {
        let crit: Vec<String> = plan
            .items
            .iter()
            .filter(|i| i.critical)
            .map(|i| i.question.clone())
            .collect();
        p.push(if crit.is_empty() {
            tr!(
                lang,
                "Der Maßnahmenplan nennt {gaps}; keine kritische Frage ist darunter.",
                "The action plan lists {gaps}; no critical question is among them."
            )
        } else if crit.len() == 1 {
            tr!(
                lang,
                "Der Maßnahmenplan nennt {gaps}; 1 davon betrifft eine kritische Frage, die den Reifegrad ihres Handlungsfeldes begrenzt und zuerst angegangen werden sollte: {}.",
                "The action plan lists {gaps}; 1 of them concerns a critical question, which caps its field's level and should come first: {}.",
                crit[0]
            )
        } else {
            tr!(
                lang,
                "Der Maßnahmenplan nennt {gaps}; {} davon betreffen kritische Fragen, die den Reifegrad ihres Handlungsfeldes begrenzen und zuerst angegangen werden sollten: {}.",
                "The action plan lists {gaps}; {} of them concern critical questions, which cap their field's level and should come first: {}.",
                crit.len(),
                id_list(lang, &crit, 10)
            )
        });
        p.push(if c.with_action == 0 {
            tr!(
                lang,
                "Für keine Lücke ist bisher eine Maßnahme mit Verantwortlichen und Termin geplant (cyberkompass assess --plan fragt sie ab).",
                "No gap has a planned action with owner and due date yet (cyberkompass assess --plan asks for them)."
            )
        } else {
            let have = match (lang, c.with_owner_and_due) {
                (Lang::De, 1) => "hat",
                (Lang::De, _) => "haben",
                (Lang::En, 1) => "has",
                (Lang::En, _) => "have",
            };
            let en_have = if c.with_action == 1 { "has" } else { "have" };
            let (is_de, is_en) = match c.in_progress {
                1 => ("ist", "is"),
                _ => ("sind", "are"),
            };
            tr!(
                lang,
                "Für {} von {} ist eine Maßnahme geplant; {} {have} Verantwortliche und Termin, {} {is_de} in Arbeit, {} erledigt.",
                "{} of {} {en_have} a planned action; {} {have} an owner and a due date, {} {is_en} in progress, {} done.",
                c.with_action,
                gaps,
                c.with_owner_and_due,
                c.in_progress,
                c.done
            )
        });
        if let Some(day) = &plan.as_of {
            let overdue: Vec<String> = plan
                .items
                .iter()
                .filter(|i| i.overdue)
                .map(|i| {
                    let due = i.due.clone().unwrap_or_default();
                    match &i.owner {
                        Some(o) => tr!(
                            lang,
                            "{} (fällig {due}, {o})",
                            "{} (due {due}, {o})",
                            i.question
                        ),
                        None => tr!(lang, "{} (fällig {due})", "{} (due {due})", i.question),
                    }
                })
                .collect();
            p.push(match overdue.len() {
                0 => tr!(
                    lang,
                    "Zum Stichtag {day} ist keine Maßnahme überfällig.",
                    "On the reference day {day} no action is overdue."
                ),
                1 => tr!(
                    lang,
                    "Zum Stichtag {day} ist 1 Maßnahme überfällig: {}.",
                    "On the reference day {day} 1 action is overdue: {}.",
                    overdue[0]
                ),
                n => tr!(
                    lang,
                    "Zum Stichtag {day} sind {n} Maßnahmen überfällig: {}.",
                    "On the reference day {day} {n} actions are overdue: {}.",
                    overdue.join("; ")
                ),
            });
        }
    }
    Executive { paragraphs: p }
}

/// The roadmap of the plan with the entries the templates show.
fn roadmap(plan: &Plan, counts: PlanSummary, lang: Lang) -> PlanReport {
    let phases = crate::plan::roadmap(plan)
        .into_iter()
        .map(|ph| PlanPhase {
            id: serde_json::to_value(ph.phase)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            title: ph.phase.label(lang).to_owned(),
            items: ph
                .items
                .iter()
                .map(|&n| {
                    let i = &plan.items[n];
                    PlanEntry {
                        rank: i.rank,
                        question: i.question.clone(),
                        text: text_in(&i.text, lang).to_owned(),
                        field_number: i.field_number,
                        field_title: text_in(&i.field_title, lang).to_owned(),
                        critical: i.critical,
                        rating: i.rating,
                        target: i.target,
                        owner: i.owner.clone(),
                        due: i.due.clone(),
                        status: i.status.map(|x| x.as_str().to_owned()),
                        status_text: i
                            .status
                            .map_or("–".to_owned(), |x| x.label(lang).to_owned()),
                        effort: i.effort.clone(),
                        overdue: i.overdue,
                    }
                })
                .collect(),
        })
        .collect();
    PlanReport {
        as_of: plan.as_of.clone(),
        counts,
        phases,
    }
}

/// The questions without an answer, in the set's order.
fn open_questions(s: &ScoreResult, lang: Lang) -> Vec<OpenQuestion> {
    s.fields
        .iter()
        .flat_map(|f| {
            f.questions
                .iter()
                .filter(|q| q.status == AnswerStatus::Unanswered)
                .map(move |q| OpenQuestion {
                    id: q.id.clone(),
                    text: text_in(&q.text, lang).to_owned(),
                    field_number: f.number,
                    field_title: text_in(&f.title, lang).to_owned(),
                    critical: q.critical,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_escape_everything_that_could_end_them() {
        assert_eq!(css_string("TLP:RED"), "\"TLP\\00003ARED\"");
        let evil = css_string("x\"; } </style><script>");
        assert!(!evil[1..evil.len() - 1].contains(['"', '<', '>', '}', ';']));
        assert_eq!(css_string("a\u{1b}b"), "\"ab\"");
    }

    #[test]
    fn marking_classes() {
        assert_eq!(marking_class("TLP:AMBER+STRICT"), "tlp-amber-strict");
        assert_eq!(marking_class("VS-NUR FÜR DEN DIENSTGEBRAUCH"), "vs-nfd");
        assert_eq!(marking_class("VS-NfD"), "vs-nfd");
        assert_eq!(marking_class("Nur für den Gemeinderat"), "marking");
    }

    #[test]
    fn id_lists_are_cut_with_a_count() {
        let ids: Vec<String> = (1..=4).map(|n| format!("Q-{n}")).collect();
        assert_eq!(id_list(Lang::En, &ids, 2), "Q-1, Q-2 and 2 more");
        assert_eq!(id_list(Lang::De, &ids, 5), "Q-1, Q-2, Q-3, Q-4");
        assert_eq!(
            count(Lang::De, 1, ("Lücke", "Lücken"), ("gap", "gaps")),
            "1 Lücke"
        );
    }
}
