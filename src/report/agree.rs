//! The agreement of two ratings for people: [`section`] turns an [`AgreeResult`] into texts in
//! one language (the report's section "Selbstbewertung und Prüfung · self-assessment vs audit"
//! and every format of `agree`), and [`render_md`] / [`render_html`] write `agree`'s own
//! Markdown and self-contained HTML, escaping every user text with the one escaper of the
//! format. The figures come from [`crate::agree`], the levels and indices from the scores.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use super::escape::{escape_html, escape_markdown};
use crate::agree::{AgreeResult, FieldAgreement, KappaUndefined, RatingView, Share};
use crate::i18n::{Lang, decimal_text, percent, text_in};
use crate::scoring::AnswerStatus;
use crate::tr;

/// The agreement in one language, ready to render.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AuditSection {
    /// The section's heading.
    pub title: String,
    /// One sentence: which file is A, which is B.
    pub intro: String,
    /// Column headings of the figures table.
    pub header: Vec<String>,
    /// One row per field of action, then the overall row.
    pub rows: Vec<AgreeRow>,
    /// How to read the figures (kappa, signs), one sentence each.
    pub notes: Vec<String>,
    /// The agenda's heading.
    pub agenda_title: String,
    /// Column headings of the agenda.
    pub agenda_header: Vec<String>,
    /// The questions that differ by two or more levels, largest difference first.
    pub agenda: Vec<AgendaRow>,
    /// Said instead of the agenda when it is empty.
    pub no_agenda: String,
}

/// The figures of one field (or overall) as texts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AgreeRow {
    /// The field (or "overall").
    pub name: String,
    /// Questions both rated.
    pub pairs: String,
    /// Exact agreement, e.g. `2/4 (50 %)`.
    pub exact: String,
    /// Within one level.
    pub within_one: String,
    /// Mean of A − B, e.g. `+0,50`.
    pub mean_difference: String,
    /// Quadratic-weighted kappa, or `–` (the notes say why).
    pub kappa: String,
    /// A's level.
    pub level_a: String,
    /// B's level.
    pub level_b: String,
    /// A's index.
    pub index_a: String,
    /// B's index.
    pub index_b: String,
}

/// One agenda entry as texts.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct AgendaRow {
    /// Position.
    pub rank: u32,
    /// The question's id.
    pub question: String,
    /// The question.
    pub text: String,
    /// Whether it is critical.
    pub critical: bool,
    /// `(kritisch)` / `(critical)` for a critical question, else empty.
    pub critical_mark: String,
    /// A's rating.
    pub a: String,
    /// B's rating.
    pub b: String,
    /// A − B with sign.
    pub difference: String,
    /// A's note and evidence (empty when neither).
    pub remarks_a: String,
    /// B's note and evidence.
    pub remarks_b: String,
}

/// A rating as shown: the level, `n/a`, or `offen`/`open`.
pub fn rating_text(r: &RatingView, lang: Lang) -> String {
    match (r.status, r.rating) {
        (AnswerStatus::Rated, Some(l)) => l.to_string(),
        (AnswerStatus::NotApplicable, _) => "n/a".to_owned(),
        _ => tr!(lang, "offen", "open"),
    }
}

fn share(s: Option<Share>, lang: Lang) -> String {
    s.map_or_else(
        || "–".to_owned(),
        |s| format!("{}/{} ({})", s.count, s.of, percent(s.percent, lang)),
    )
}

fn opt_level(l: Option<u8>, provisional: bool) -> String {
    match l {
        Some(l) => format!("{l}{}", if provisional { "*" } else { "" }),
        None => "–".to_owned(),
    }
}

fn row(f: &FieldAgreement, name: String, lang: Lang) -> AgreeRow {
    AgreeRow {
        name,
        pairs: f.both_rated.to_string(),
        exact: share(f.exact, lang),
        within_one: share(f.within_one, lang),
        mean_difference: f
            .mean_difference
            .as_ref()
            .map_or_else(|| "–".to_owned(), |m| decimal_text(&m.shown, lang)),
        kappa: match (&f.kappa.value, f.kappa.undefined) {
            (Some(v), _) => decimal_text(v.shown.trim_start_matches('+'), lang),
            (None, Some(KappaUndefined::BothConstantAndEqual)) => "–¹".to_owned(),
            (None, _) => "–".to_owned(),
        },
        level_a: opt_level(f.a.level, f.a.provisional),
        level_b: opt_level(f.b.level, f.b.provisional),
        index_a: f
            .a
            .index
            .as_ref()
            .map_or_else(|| "–".to_owned(), |i| decimal_text(&i.shown, lang)),
        index_b: f
            .b
            .index
            .as_ref()
            .map_or_else(|| "–".to_owned(), |i| decimal_text(&i.shown, lang)),
    }
}

fn remarks(note: Option<&String>, evidence: Option<&String>, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(n) = note {
        parts.push(n.clone());
    }
    if let Some(e) = evidence {
        parts.push(tr!(lang, "Nachweis: {e}", "evidence: {e}"));
    }
    parts.join(" · ")
}

/// The report's section "self-assessment vs audit" (`report FILE --audit AUDIT`): the file
/// is A (the self-assessment), the audit B.
pub fn build_audit(r: &AgreeResult, lang: Lang) -> AuditSection {
    section(r, lang)
}

/// The agreement as texts in `lang`.
pub fn section(r: &AgreeResult, lang: Lang) -> AuditSection {
    let mut rows: Vec<AgreeRow> = r
        .fields
        .iter()
        .map(|f| {
            let name = format!(
                "{} {}",
                f.id.clone().unwrap_or_default(),
                text_in(&f.title, lang)
            );
            row(f, name, lang)
        })
        .collect();
    rows.push(row(&r.overall, tr!(lang, "Gesamt", "Overall"), lang));
    let agenda = r
        .agenda
        .iter()
        .map(|it| AgendaRow {
            rank: it.rank,
            question: it.question.clone(),
            text: text_in(&it.text, lang).to_owned(),
            critical: it.critical,
            critical_mark: critical_mark(it.critical, lang),
            a: it.a.to_string(),
            b: it.b.to_string(),
            difference: format!("{:+}", it.difference),
            remarks_a: remarks(it.note_a.as_ref(), it.evidence_a.as_ref(), lang),
            remarks_b: remarks(it.note_b.as_ref(), it.evidence_b.as_ref(), lang),
        })
        .collect();
    AuditSection {
        title: tr!(
            lang,
            "Selbstbewertung und Prüfung",
            "Self-assessment vs audit"
        ),
        intro: tr!(
            lang,
            "A: {} · B: {}; Set `{}`.",
            "A: {} · B: {}; set `{}`.",
            who(&r.a),
            who(&r.b),
            r.set_id
        ),
        header: vec![
            tr!(lang, "Handlungsfeld", "Field of action"),
            tr!(lang, "beide bewertet", "both rated"),
            tr!(lang, "gleich", "exact"),
            tr!(lang, "±1 Stufe", "within ±1"),
            tr!(lang, "Ø A − B", "mean A − B"),
            "κ".to_owned(),
            tr!(lang, "Reifegrad A", "level A"),
            tr!(lang, "Reifegrad B", "level B"),
            tr!(lang, "Index A", "index A"),
            tr!(lang, "Index B", "index B"),
        ],
        rows,
        notes: vec![
            tr!(
                lang,
                "Alle Anteile, der Mittelwert und κ beziehen sich auf die Fragen, die beide mit 0–5 bewertet haben; n/a und offene Fragen zählen nicht. Ø A − B > 0: A bewertet im Mittel höher als B.",
                "Every share, the mean and κ are over the questions both rated 0–5; n/a and open questions do not count. Mean A − B > 0: A rates higher than B on average."
            ),
            tr!(
                lang,
                "κ = quadratisch gewichtetes Cohens Kappa (1 = volle Übereinstimmung, 0 = nicht besser als Zufall, −1 = völlig gegenläufig); Rechnung in docs/scoring.md. ¹ nicht definiert: beide haben jede Frage gleich und mit derselben Stufe bewertet.",
                "κ = quadratic-weighted Cohen's kappa (1 = full agreement, 0 = no better than chance, −1 = fully opposed); computation in docs/scoring.md. ¹ undefined: both rated every question alike and with the same level."
            ),
            tr!(
                lang,
                "Reifegrad und Index je Datei wie bei `cyberkompass score`; * vorläufig.",
                "Level and index of each file as `cyberkompass score` computes them; * provisional."
            ),
        ],
        agenda_title: tr!(
            lang,
            "Tagesordnung der Abstimmung: Abweichungen um zwei Stufen und mehr",
            "Agenda of the consensus meeting: differences of two levels or more"
        ),
        agenda_header: vec![
            "#".to_owned(),
            tr!(lang, "Frage", "Question"),
            "A".to_owned(),
            "B".to_owned(),
            "A − B".to_owned(),
            tr!(lang, "Anmerkungen A", "remarks A"),
            tr!(lang, "Anmerkungen B", "remarks B"),
        ],
        agenda,
        no_agenda: tr!(
            lang,
            "Keine Frage weicht um zwei Stufen oder mehr ab.",
            "No question differs by two levels or more."
        ),
    }
}

/// A side as "role – file (organisation, assessor)"; the role only when it is not `A`/`B`.
fn who(s: &crate::agree::Side) -> String {
    let mut o = String::new();
    if s.role != "A" && s.role != "B" {
        o.push_str(&s.role);
        o.push_str(" – ");
    }
    o.push_str(&s.file);
    o.push_str(" (");
    o.push_str(&s.organisation);
    if let Some(x) = &s.assessor {
        o.push_str(", ");
        o.push_str(x);
    }
    o.push(')');
    o
}

/// The mark with a space before it, or nothing.
fn spaced_mark(c: bool, lang: Lang) -> String {
    if c {
        format!(" {}", critical_mark(c, lang))
    } else {
        String::new()
    }
}

fn critical_mark(c: bool, lang: Lang) -> String {
    if c {
        tr!(lang, "(kritisch)", "(critical)")
    } else {
        String::new()
    }
}

/// `agree --format md`: every user text through the Markdown escaper.
pub fn render_md(s: &AuditSection, lang: Lang) -> String {
    let e = escape_markdown;
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n\n{}\n", e(&s.title), e(&s.intro));
    let _ = writeln!(
        o,
        "| {} |",
        s.header
            .iter()
            .map(|h| e(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(o, "|---|{}", "--:|".repeat(s.header.len() - 1));
    for r in &s.rows {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            e(&r.name),
            r.pairs,
            r.exact,
            r.within_one,
            r.mean_difference,
            r.kappa,
            r.level_a,
            r.level_b,
            r.index_a,
            r.index_b
        );
    }
    o.push('\n');
    for n in &s.notes {
        let _ = writeln!(o, "- {}", e(n));
    }
    let _ = writeln!(o, "\n## {}\n", e(&s.agenda_title));
    if s.agenda.is_empty() {
        let _ = writeln!(o, "{}", e(&s.no_agenda));
        return o;
    }
    let _ = writeln!(
        o,
        "| {} |",
        s.agenda_header
            .iter()
            .map(|h| e(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(o, "|--:|---|--:|--:|--:|---|---|");
    for a in &s.agenda {
        let _ = writeln!(
            o,
            "| {} | {} {}{} | {} | {} | {} | {} | {} |",
            a.rank,
            e(&a.question),
            e(&a.text),
            spaced_mark(a.critical, lang),
            a.a,
            a.b,
            a.difference,
            e(&a.remarks_a),
            e(&a.remarks_b)
        );
    }
    o
}

/// `agree --format html`: one self-contained file (inline CSS, no script, a
/// Content-Security-Policy like the report's), every user text through the HTML escaper.
pub fn render_html(s: &AuditSection, lang: Lang) -> String {
    let e = escape_html;
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\nbody{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b}}\ntable{{border-collapse:collapse;margin:1rem 0}}th,td{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}}\n.num{{text-align:right;font-variant-numeric:tabular-nums}}\n</style>\n</head>\n<body>\n<main>\n",
        lang.code(),
        e(&s.title)
    );
    let _ = writeln!(o, "{}", section_html(s, lang, 1));
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// The section as HTML with headings from level `h` on.
pub fn section_html(s: &AuditSection, lang: Lang, h: u8) -> String {
    let e = escape_html;
    let h2 = h + 1;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "<section class=\"audit\" id=\"audit\">\n<h{h}>{}</h{h}>\n<p>{}</p>",
        e(&s.title),
        e(&s.intro)
    );
    o.push_str("<table>\n<thead><tr>");
    for (i, c) in s.header.iter().enumerate() {
        let class = if i > 0 { " class=\"num\"" } else { "" };
        let _ = write!(o, "<th scope=\"col\"{class}>{}</th>", e(c));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for r in &s.rows {
        let _ = write!(o, "<tr><th scope=\"row\">{}</th>", e(&r.name));
        for v in [
            &r.pairs,
            &r.exact,
            &r.within_one,
            &r.mean_difference,
            &r.kappa,
            &r.level_a,
            &r.level_b,
            &r.index_a,
            &r.index_b,
        ] {
            let _ = write!(o, "<td class=\"num\">{}</td>", e(v));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n<ul>\n");
    for n in &s.notes {
        let _ = writeln!(o, "<li>{}</li>", e(n));
    }
    o.push_str("</ul>\n");
    let _ = writeln!(o, "<h{h2}>{}</h{h2}>", e(&s.agenda_title));
    if s.agenda.is_empty() {
        let _ = writeln!(o, "<p>{}</p>\n</section>", e(&s.no_agenda));
        return o;
    }
    o.push_str("<table>\n<thead><tr>");
    for c in &s.agenda_header {
        let _ = write!(o, "<th scope=\"col\">{}</th>", e(c));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for a in &s.agenda {
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{}</td><th scope=\"row\"><code>{}</code> {}{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
            a.rank,
            e(&a.question),
            e(&a.text),
            e(&spaced_mark(a.critical, lang)),
            a.a,
            a.b,
            e(&a.difference),
            e(&a.remarks_a),
            e(&a.remarks_b)
        );
    }
    o.push_str("</tbody>\n</table>\n</section>");
    o
}
