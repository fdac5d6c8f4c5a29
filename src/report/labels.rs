//! The headings and labels of a report in both languages: templates use these keys instead of
//! literal text so one template serves German and English (docs/templates.md lists them).

use super::model::Labels;
use crate::i18n::Lang;

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
        "! kritische Frage: Das Handlungsfeld kann keinen höheren Reifegrad erreichen als diese Frage. (* steht für vorläufige Werte.)",
        "! critical question: the field cannot reach a higher level than this question. (* marks provisional figures.)",
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
pub fn labels(lang: Lang) -> Labels {
    Labels(
        LABELS
            .iter()
            .map(|(k, de, en)| ((*k).to_owned(), lang.pick(*de, *en).to_owned()))
            .collect(),
    )
}
