//! The aggregate (`cyberkompass aggregate`) as Markdown, self-contained HTML (SVG stacked
//! level bars per field and a heat map of questions × share below target; no script) and CSV
//! (one row per question and group, for BI tools). The content is built once as plain-text
//! blocks; each format escapes every text with its own escaper ([`super::escape`], the CSV
//! formula guard of [`crate::plan::csv_cell`]).

use std::fmt::Write as _;

use super::charts::{ChartText, HeatRow, StackedRow, heat_map, stacked_levels};
use super::escape::{escape_html, escape_markdown};
use crate::aggregate::{Aggregate, GroupKind, Levels, Quartiles, Section, Share};
use crate::i18n::{Lang, percent, tenths_text, text_in};
use crate::model::ChecklistSet;
use crate::tr;

/// A block of the document; all texts are plain and escaped by the renderer.
enum Block {
    Heading(u8, String),
    Para(String),
    /// A warning line (the names notice).
    Notice(String),
    Table(Vec<String>, Vec<Vec<String>>),
    /// Trusted SVG markup from [`super::charts`] (HTML only).
    Svg(String),
}

fn share_text(s: &Share, lang: Lang) -> String {
    match s.percent {
        Some(p) => format!("{} / {} ({})", s.count, s.of, percent(p, lang)),
        None => "–".to_owned(),
    }
}

fn tenths_opt(t: Option<u32>, lang: Lang) -> String {
    t.map_or_else(|| "–".to_owned(), |t| tenths_text(t, lang))
}

fn level_header(lang: Lang) -> Vec<String> {
    let mut h: Vec<String> = (0..=5).map(|l| l.to_string()).collect();
    h.push(tr!(lang, "ohne", "none"));
    h
}

fn level_cells(l: &Levels) -> Vec<String> {
    let mut v: Vec<String> = l.levels.iter().map(u64::to_string).collect();
    v.push(l.no_level.to_string());
    v
}

fn quartile_cells(q: &Quartiles, lang: Lang) -> [String; 3] {
    [
        tenths_opt(q.q1_tenths, lang),
        tenths_opt(q.median_tenths, lang),
        tenths_opt(q.q3_tenths, lang),
    ]
}

fn field_label(set: &ChecklistSet, id: &str, lang: Lang) -> String {
    match set.field(id) {
        Some(f) => format!("{} {}", f.number.value, f.title.get(lang.code())),
        None => id.to_owned(),
    }
}

fn section_blocks(
    b: &mut Vec<Block>,
    s: &Section,
    set: &ChecklistSet,
    lang: Lang,
    level: u8,
    chart_id: &str,
    html: bool,
) {
    let o = &s.overall;
    let mut header = vec![tr!(lang, "Gesamt-Reifegrad", "Overall level")];
    header.extend(level_header(lang));
    let mut row = vec![tr!(lang, "Organisationen", "Organisations")];
    row.extend(level_cells(&o.levels));
    b.push(Block::Table(header, vec![row]));
    let [q1, med, q3] = quartile_cells(&o.index, lang);
    b.push(Block::Para(tr!(
        lang,
        "Ziele in allen Feldern erreicht: {} · vorläufige Bewertungen: {} · Abdeckung (beantwortet oder n/a): {} · Gesamtindex Q1 {q1}, Median {med}, Q3 {q3}",
        "Targets met in every field: {} · provisional assessments: {} · coverage (answered or n/a): {} · overall index Q1 {q1}, median {med}, Q3 {q3}",
        share_text(&o.meets_all_targets, lang),
        o.provisional,
        share_text(&o.coverage, lang)
    )));
    let bins: Vec<String> = o
        .coverage_histogram
        .iter()
        .enumerate()
        .map(|(k, c)| {
            if k == 10 {
                format!("100 %: {c}")
            } else {
                format!("{}–{} %: {c}", k * 10, k * 10 + 9)
            }
        })
        .collect();
    b.push(Block::Para(tr!(
        lang,
        "Abdeckung je Bewertung: {}",
        "Coverage per assessment: {}",
        bins.join(" · ")
    )));
    b.push(Block::Heading(
        level + 1,
        tr!(lang, "Handlungsfelder", "Fields of action"),
    ));
    if html {
        let rows: Vec<StackedRow> = s
            .fields
            .iter()
            .map(|f| {
                let mut levels = [0u64; 6];
                for (x, y) in levels.iter_mut().zip(&f.levels.levels) {
                    *x = *y;
                }
                StackedRow {
                    label: field_label(set, &f.id, lang),
                    levels,
                    none: f.levels.no_level,
                }
            })
            .collect();
        let legend: [String; 7] = std::array::from_fn(|k| {
            if k == 6 {
                tr!(lang, "ohne Stufe", "no level")
            } else {
                format!("{k} {}", set.level_name(k as u8, lang.code()))
            }
        });
        let t = ChartText {
            title: tr!(
                lang,
                "Reifegrade je Handlungsfeld",
                "Levels per field of action"
            ),
            desc: tr!(
                lang,
                "Anteil der Organisationen je Reifegrad 0 bis 5 und ohne Stufe, je Handlungsfeld",
                "Share of organisations at each level 0 to 5 and without a level, per field"
            ),
            level: String::new(),
            target: String::new(),
            index: String::new(),
            below: String::new(),
            not_rated: tr!(lang, "nicht bewertet", "not rated"),
        };
        b.push(Block::Svg(stacked_levels(
            &format!("{chart_id}-levels"),
            &rows,
            &legend,
            &t,
        )));
    }
    let mut header = vec![tr!(lang, "Handlungsfeld", "Field of action")];
    header.extend(level_header(lang));
    header.extend([
        "Q1".to_owned(),
        "Median".to_owned(),
        "Q3".to_owned(),
        tr!(lang, "Ziel erreicht", "At target"),
    ]);
    let rows = s
        .fields
        .iter()
        .map(|f| {
            let mut r = vec![field_label(set, &f.id, lang)];
            r.extend(level_cells(&f.levels));
            r.extend(quartile_cells(&f.index, lang));
            r.push(share_text(&f.at_target, lang));
            r
        })
        .collect();
    b.push(Block::Table(header, rows));
    b.push(Block::Heading(
        level + 1,
        tr!(lang, "Häufigste Lücken", "Most frequent gaps"),
    ));
    if s.top_gaps.is_empty() {
        b.push(Block::Para(tr!(
            lang,
            "Keine Frage liegt unter ihrem Ziel.",
            "No question is below its target."
        )));
    } else {
        let rows = s
            .top_gaps
            .iter()
            .map(|g| {
                vec![
                    g.rank.to_string(),
                    g.question.clone(),
                    if g.critical {
                        tr!(lang, "ja", "yes")
                    } else {
                        String::new()
                    },
                    text_in(&g.text, lang).to_owned(),
                    share_text(&g.below_target, lang),
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                "#".to_owned(),
                tr!(lang, "Frage", "Question"),
                tr!(lang, "kritisch", "critical"),
                tr!(lang, "Text", "Text"),
                tr!(lang, "unter Ziel", "below target"),
            ],
            rows,
        ));
    }
    b.push(Block::Heading(level + 1, tr!(lang, "Fragen", "Questions")));
    if html {
        let heat: Vec<HeatRow> = s
            .fields
            .iter()
            .map(|f| HeatRow {
                label: field_label(set, &f.id, lang),
                cells: s
                    .questions
                    .iter()
                    .filter(|q| q.field == f.id)
                    .map(|q| (q.id.clone(), q.below_target.percent))
                    .collect(),
            })
            .collect();
        let t = ChartText {
            title: tr!(
                lang,
                "Anteil unter Ziel je Frage",
                "Share below target per question"
            ),
            desc: tr!(
                lang,
                "Je Handlungsfeld eine Zeile, je Frage ein Feld: Prozent der Organisationen, die die Frage unter dem Ziel bewertet haben",
                "One row per field, one cell per question: per cent of organisations that rated the question below target"
            ),
            level: String::new(),
            target: String::new(),
            index: String::new(),
            below: String::new(),
            not_rated: tr!(lang, "nicht bewertet", "not rated"),
        };
        b.push(Block::Svg(heat_map(&format!("{chart_id}-heat"), &heat, &t)));
    }
    let mut header = vec![
        tr!(lang, "Frage", "Question"),
        tr!(lang, "kritisch", "critical"),
    ];
    header.extend((0..=5).map(|l| l.to_string()));
    header.extend([
        "n/a".to_owned(),
        tr!(lang, "offen", "open"),
        tr!(lang, "unter Ziel", "below target"),
    ]);
    let rows = s
        .questions
        .iter()
        .map(|q| {
            let mut r = vec![
                q.id.clone(),
                if q.critical {
                    tr!(lang, "ja", "yes")
                } else {
                    String::new()
                },
            ];
            r.extend(q.ratings.iter().map(u64::to_string));
            r.extend([
                q.na.to_string(),
                q.open.to_string(),
                share_text(&q.below_target, lang),
            ]);
            r
        })
        .collect();
    b.push(Block::Table(header, rows));
}

fn blocks(a: &Aggregate, set: &ChecklistSet, lang: Lang, html: bool) -> Vec<Block> {
    let mut b = Vec::new();
    let title = text_in(&a.set.title, lang);
    b.push(Block::Heading(
        1,
        tr!(
            lang,
            "Auswertung von {} Bewertungen – {title}",
            "Aggregate of {} assessments – {title}",
            a.inputs.counted
        ),
    ));
    if a.contains_names {
        b.push(Block::Notice(tr!(
            lang,
            "Enthält Namen von Organisationen (--identify) – nur für den internen Gebrauch, nicht weitergeben.",
            "Contains names of organisations (--identify) – internal use only, do not pass on."
        )));
    }
    let i = &a.inputs;
    let versions: Vec<String> = i
        .set_versions
        .iter()
        .map(|v| format!("{} ({})", v.version, v.files))
        .collect();
    let targets = match &a.targets.profile {
        Some(p) => tr!(lang, "Profil `{p}` für alle", "profile `{p}` for all"),
        None => tr!(lang, "Profil jeder Datei", "each file's profile"),
    };
    b.push(Block::Para(tr!(
        lang,
        "Eingaben: {} gelesen, {} gültig, {} ungültig übersprungen, {} vorläufige ausgeschlossen, {} gezählt · Set {} {} (Stände der Dateien: {}) · Zeitraum {} bis {} · Ziele: {targets} · kleinste gezeigte Gruppe K = {}",
        "Inputs: {} read, {} valid, {} invalid skipped, {} provisional left out, {} counted · set {} {} (versions in the files: {}) · dates {} to {} · targets: {targets} · smallest group shown K = {}",
        i.read,
        i.valid,
        i.skipped_invalid,
        i.excluded_provisional,
        i.counted,
        a.set.id,
        a.set.version,
        versions.join(", "),
        i.first_date.as_deref().unwrap_or("–"),
        i.last_date.as_deref().unwrap_or("–"),
        a.min_group
    )));
    b.push(Block::Para(tr!(
        lang,
        "Herkunft (SHA-256 über die sortierten SHA-256 der Dateien): {}",
        "Provenance (SHA-256 over the sorted SHA-256s of the files): {}",
        i.provenance_sha256
    )));
    b.push(Block::Heading(2, tr!(lang, "Alle", "All")));
    section_blocks(&mut b, &a.total, set, lang, 2, "all", html);
    for (n, g) in a.groups.iter().enumerate() {
        let name = match g.kind {
            GroupKind::Segment => g.segment.clone().unwrap_or_default(),
            GroupKind::NotStated => tr!(lang, "ohne Angabe", "not stated"),
            GroupKind::Other => tr!(
                lang,
                "übrige ({} Gruppen unter K zusammengefasst)",
                "other ({} groups below K merged)",
                g.merged_groups
            ),
        };
        b.push(Block::Heading(
            2,
            tr!(
                lang,
                "Segment: {name} ({} Bewertungen)",
                "Segment: {name} ({} assessments)",
                g.section.files
            ),
        ));
        section_blocks(&mut b, &g.section, set, lang, 2, &format!("g{n}"), html);
    }
    if let Some(bm) = &a.benchmark {
        b.push(Block::Heading(
            2,
            tr!(
                lang,
                "Vergleich: {} mit {} anderen",
                "Benchmark: {} against {} others",
                bm.organisation,
                bm.others
            ),
        ));
        let pct = |p: Option<u32>| p.map_or_else(|| "–".to_owned(), |p| p.to_string());
        let mut rows = vec![vec![
            tr!(lang, "Gesamt", "Overall"),
            bm.overall_level
                .map_or_else(|| "–".to_owned(), |l| l.to_string()),
            String::new(),
            String::new(),
            pct(bm.overall_percentile),
        ]];
        for f in &bm.fields {
            rows.push(vec![
                field_label(set, &f.id, lang),
                f.level.map_or_else(|| "–".to_owned(), |l| l.to_string()),
                tenths_opt(f.index_tenths, lang),
                tenths_opt(f.others_median_tenths, lang),
                pct(f.percentile),
            ]);
        }
        b.push(Block::Table(
            vec![
                tr!(lang, "Handlungsfeld", "Field of action"),
                tr!(lang, "Reifegrad", "Level"),
                "Index".to_owned(),
                tr!(lang, "Median der anderen", "Median of the others"),
                tr!(lang, "Perzentil", "Percentile"),
            ],
            rows,
        ));
    }
    if !a.organisations.is_empty() {
        b.push(Block::Heading(
            2,
            tr!(
                lang,
                "Organisationen (mit Namen)",
                "Organisations (with names)"
            ),
        ));
        let rows = a
            .organisations
            .iter()
            .map(|o| {
                vec![
                    o.organisation.clone(),
                    o.overall_level
                        .map_or_else(|| "–".to_owned(), |l| l.to_string()),
                    o.fields_below_target.join(", "),
                    if o.provisional {
                        tr!(lang, "ja", "yes")
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        b.push(Block::Table(
            vec![
                tr!(lang, "Organisation", "Organisation"),
                tr!(lang, "Gesamt-Reifegrad", "Overall level"),
                tr!(lang, "Felder unter Ziel", "Fields below target"),
                tr!(lang, "vorläufig", "provisional"),
            ],
            rows,
        ));
    }
    b
}

/// The aggregate as GitHub-flavoured Markdown.
pub fn to_markdown(a: &Aggregate, set: &ChecklistSet, lang: Lang) -> String {
    let mut o = String::new();
    for b in blocks(a, set, lang, false) {
        match b {
            Block::Heading(l, t) => {
                let _ = writeln!(
                    o,
                    "{} {}\n",
                    "#".repeat(usize::from(l)),
                    escape_markdown(&t)
                );
            }
            Block::Para(t) => {
                let _ = writeln!(o, "{}\n", escape_markdown(&t));
            }
            Block::Notice(t) => {
                let _ = writeln!(o, "> **{}**\n", escape_markdown(&t));
            }
            Block::Table(h, rows) => {
                let cells = |r: &[String]| {
                    r.iter()
                        .map(|c| escape_markdown(c))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                let _ = writeln!(o, "| {} |", cells(&h));
                let _ = writeln!(o, "|{}", "---|".repeat(h.len()));
                for r in rows {
                    let _ = writeln!(o, "| {} |", cells(&r));
                }
                o.push('\n');
            }
            Block::Svg(_) => {}
        }
    }
    let trimmed = o.trim_end().len();
    o.truncate(trimmed);
    o.push('\n');
    o
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1f2933;max-width:1100px;margin:2rem auto;padding:0 1rem;line-height:1.45}\
table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.9rem}th,td{border:1px solid #c5ccd3;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#eef2f6}.notice{border:2px solid #b3261e;background:#fdecea;padding:.5rem 1rem;font-weight:bold}\
svg.chart{max-width:100%;height:auto;display:block;margin:.5rem 0}h2{border-bottom:1px solid #c5ccd3;margin-top:2.5rem}\
@media print{body{max-width:none;margin:0}h2{break-before:page}}";

/// The aggregate as one self-contained HTML file (inline CSS and SVG, no script).
pub fn to_html(a: &Aggregate, set: &ChecklistSet, lang: Lang) -> String {
    let bl = blocks(a, set, lang, true);
    let title = bl
        .iter()
        .find_map(|b| match b {
            Block::Heading(1, t) => Some(t.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let mut o = String::new();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang.code(),
        escape_html(&title)
    );
    for b in bl {
        match b {
            Block::Heading(l, t) => {
                let _ = writeln!(o, "<h{l}>{}</h{l}>", escape_html(&t));
            }
            Block::Para(t) => {
                let _ = writeln!(o, "<p>{}</p>", escape_html(&t));
            }
            Block::Notice(t) => {
                let _ = writeln!(
                    o,
                    "<p class=\"notice\" role=\"alert\">{}</p>",
                    escape_html(&t)
                );
            }
            Block::Table(h, rows) => {
                o.push_str("<table>\n<thead><tr>");
                for c in &h {
                    let _ = write!(o, "<th scope=\"col\">{}</th>", escape_html(c));
                }
                o.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    o.push_str("<tr>");
                    for c in &r {
                        let _ = write!(o, "<td>{}</td>", escape_html(c));
                    }
                    o.push_str("</tr>\n");
                }
                o.push_str("</tbody>\n</table>\n");
            }
            Block::Svg(s) => {
                o.push_str(&s);
                o.push('\n');
            }
        }
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn csv_row(o: &mut String, cells: &[String]) {
    let v: Vec<String> = cells
        .iter()
        .map(|c| crate::plan::csv_cell(c, ','))
        .collect();
    o.push_str(&v.join(","));
    o.push_str("\r\n");
}

/// The aggregate as CSV: one row per question of all files and of each group (RFC 4180, CRLF,
/// comma; every cell formula-guarded). Headers are the JSON names, in both languages the same,
/// so a BI tool's import does not depend on the language.
pub fn to_csv(a: &Aggregate, lang: Lang) -> String {
    let _ = lang;
    let mut o = String::new();
    let header: Vec<String> = [
        "group",
        "segment",
        "files",
        "question",
        "field",
        "critical",
        "rating_0",
        "rating_1",
        "rating_2",
        "rating_3",
        "rating_4",
        "rating_5",
        "na",
        "open",
        "below_target",
        "rated_with_target",
        "below_target_percent",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    csv_row(&mut o, &header);
    let mut sections: Vec<(&str, Option<&str>, &Section)> = vec![("all", None, &a.total)];
    for g in &a.groups {
        let kind = match g.kind {
            GroupKind::Segment => "segment",
            GroupKind::NotStated => "not_stated",
            GroupKind::Other => "other",
        };
        sections.push((kind, g.segment.as_deref(), &g.section));
    }
    for (kind, seg, s) in sections {
        for q in &s.questions {
            let mut r = vec![
                kind.to_owned(),
                seg.unwrap_or("").to_owned(),
                s.files.to_string(),
                q.id.clone(),
                q.field.clone(),
                q.critical.to_string(),
            ];
            r.extend(q.ratings.iter().map(u64::to_string));
            r.extend([
                q.na.to_string(),
                q.open.to_string(),
                q.below_target.count.to_string(),
                q.below_target.of.to_string(),
                q.below_target
                    .percent
                    .map_or_else(String::new, |p| p.to_string()),
            ]);
            csv_row(&mut o, &r);
        }
    }
    o
}
