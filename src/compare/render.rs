//! Renderings of a [`Comparison`]: text for the terminal (control characters escaped), GitHub
//! Markdown (the report's Markdown escaper), a self-contained HTML page (the report's HTML
//! escaper and stylesheet, the line chart of [`crate::report::charts`]) and CSV in long form
//! (one record per file × question, every cell through the formula guard of
//! [`crate::plan::csv_cell`]). Every figure comes from the comparison.

use std::fmt::Write as _;

use super::{ChangeKind, Comparison, GapChange, Point, QuestionChange, Step, WarningKind};
use crate::assessment::Rating;
use crate::i18n::{Lang, tenths_text, text_in};
use crate::report::escape::{escape_html, escape_markdown};
use crate::tr;

/// The kinds of change in the order they are shown.
const KINDS: [ChangeKind; 7] = [
    ChangeKind::RatingUp,
    ChangeKind::RatingDown,
    ChangeKind::NaToRating,
    ChangeKind::RatingToNa,
    ChangeKind::NewlyAnswered,
    ChangeKind::AnswerRemoved,
    ChangeKind::NewInSet,
];

/// A heading for a kind of change.
pub fn kind_label(k: ChangeKind, lang: Lang) -> &'static str {
    match k {
        ChangeKind::RatingUp => lang.pick("Bewertung gestiegen", "Rating up"),
        ChangeKind::RatingDown => lang.pick("Bewertung gesunken", "Rating down"),
        ChangeKind::NewlyAnswered => lang.pick("Neu beantwortet", "Newly answered"),
        ChangeKind::AnswerRemoved => lang.pick("Antwort entfernt", "Answer removed"),
        ChangeKind::NaToRating => lang.pick("n/a → Bewertung", "n/a → rating"),
        ChangeKind::RatingToNa => lang.pick("Bewertung → n/a", "Rating → n/a"),
        ChangeKind::NewInSet => lang.pick(
            "Neu im Set oder vorher offen (frühere Datei zu anderer Set-Version, nicht verglichen)",
            "New in the set or open before (earlier file of another set version, not compared)",
        ),
    }
}

/// An answer as shown: `0`–`5`, `n/a` or `–`.
pub fn answer_text(r: Option<Rating>) -> String {
    r.map_or_else(|| "–".to_owned(), |r| r.to_string())
}

/// The column label of each file: its date when every file has a distinct one, else
/// `#n date`.
pub fn file_labels(c: &Comparison) -> Vec<String> {
    let dates: Vec<&str> = c
        .files
        .iter()
        .map(|f| f.date.as_deref().unwrap_or("–"))
        .collect();
    let mut uniq = dates.clone();
    uniq.sort_unstable();
    uniq.dedup();
    if uniq.len() == dates.len() && !dates.contains(&"–") {
        dates.iter().map(|d| (*d).to_owned()).collect()
    } else {
        dates
            .iter()
            .enumerate()
            .map(|(i, d)| format!("#{} {d}", i + 1))
            .collect()
    }
}

/// A point as `level (index)`, `*` when provisional.
fn point_text(p: &Point, lang: Lang) -> String {
    let star = if p.provisional { "*" } else { "" };
    match (&p.level, &p.index) {
        (Some(l), Some(i)) => format!("{l} ({}){star}", tenths_text(i.tenths, lang)),
        _ => format!("–{star}"),
    }
}

fn signed(v: i64, unit: impl Fn(u32) -> String) -> String {
    match v {
        0 => "±0".to_owned(),
        v if v > 0 => format!("+{}", unit(v.unsigned_abs() as u32)),
        v => format!("−{}", unit(v.unsigned_abs() as u32)),
    }
}

/// The change from the first to the last file: `+1 / +0,4`, or `–` when one has no figure.
fn delta_text(points: &[Point], lang: Lang) -> String {
    let (Some(a), Some(b)) = (points.first(), points.last()) else {
        return "–".to_owned();
    };
    let dl = match (a.level, b.level) {
        (Some(x), Some(y)) => signed(i64::from(y) - i64::from(x), |u| u.to_string()),
        _ => "–".to_owned(),
    };
    let di = match (&a.index, &b.index) {
        (Some(x), Some(y)) => signed(i64::from(y.tenths) - i64::from(x.tenths), |u| {
            tenths_text(u, lang)
        }),
        _ => "–".to_owned(),
    };
    format!("{dl} / {di}")
}

fn met_text(points: &[Point], lang: Lang) -> String {
    points
        .iter()
        .map(|p| match p.meets_target {
            Some(true) => lang.pick("ja", "yes"),
            Some(false) => lang.pick("nein", "no"),
            None => "–",
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

fn target_text(points: &[Point]) -> String {
    let mut t: Vec<String> = points
        .iter()
        .map(|p| p.target.map_or_else(|| "–".to_owned(), |t| t.to_string()))
        .collect();
    t.dedup();
    t.join(" → ")
}

fn warning_text(c: &Comparison, w: &super::Warning, lang: Lang) -> String {
    let what = match w.kind {
        WarningKind::Organisation => lang.pick(
            "Die Dateien nennen verschiedene Organisationen",
            "The files name different organisations",
        ),
        WarningKind::Profile => lang.pick(
            "Die Dateien verwenden verschiedene Zielprofile (die Ziele unterscheiden sich)",
            "The files use different target profiles (the targets differ)",
        ),
        WarningKind::SetVersion => lang.pick(
            "Die Dateien gehören zu verschiedenen Versionen des Sets; Fragen, die neu sind oder fehlen, werden nicht verglichen",
            "The files belong to different versions of the set; questions that are new or gone are not compared",
        ),
    };
    let labels = file_labels(c);
    let vals: Vec<String> = labels
        .iter()
        .zip(&w.values)
        .map(|(l, v)| format!("{l}: {v}"))
        .collect();
    format!("{what}: {}", vals.join("; "))
}

fn step_title(c: &Comparison, st: &Step, lang: Lang) -> String {
    let l = file_labels(c);
    tr!(
        lang,
        "Änderungen {} → {}",
        "Changes {} → {}",
        l[st.from],
        l[st.to]
    )
}

fn regression_text(c: &Comparison, id: &str, lang: Lang) -> String {
    if id == "overall" {
        return lang.pick("Gesamt", "Overall").to_owned();
    }
    c.fields.iter().find(|f| f.id == id).map_or_else(
        || id.to_owned(),
        |f| format!("{} {}", f.number, text_in(&f.title, lang)),
    )
}

fn no_changes_text(lang: Lang) -> &'static str {
    lang.pick(
        "Keine Änderungen: Reifegrade, Indizes, Antworten, Lücken und Maßnahmen sind gleich.",
        "No changes: levels, indices, answers, gaps and actions are the same.",
    )
}

/// Plain text for the terminal: every user text passes [`crate::terminal::escape`].
pub fn to_text(c: &Comparison, lang: Lang, table: crate::table::TableTarget) -> String {
    let e = crate::terminal::escape;
    let mut o = String::new();
    let labels = file_labels(c);
    let _ = writeln!(
        o,
        "{}",
        tr!(
            lang,
            "Vergleich von {} Bewertungen · Set: {} {}",
            "Comparison of {} assessments · Set: {} {}",
            c.files.len(),
            e(&c.set.id),
            e(&c.set.version)
        )
    );
    for (i, f) in c.files.iter().enumerate() {
        let _ = writeln!(
            o,
            "  {}. {}  {} ({}, {} {})",
            i + 1,
            e(&labels[i]),
            e(&f.file),
            e(&f.organisation),
            lang.pick("Profil", "profile"),
            e(&f.profile)
        );
    }
    for w in &c.warnings {
        let _ = writeln!(
            o,
            "{}: {}",
            lang.pick("Warnung", "Warning"),
            e(&warning_text(c, w, lang))
        );
    }
    o.push('\n');
    let mut t = crate::table::new_table(table);
    let mut head = vec![lang.pick("Handlungsfeld", "Field of action").to_owned()];
    head.extend(labels.iter().map(|l| e(l)));
    head.extend([
        lang.pick("Δ Reifegrad / Index", "Δ level / index")
            .to_owned(),
        lang.pick("Ziel", "Target").to_owned(),
        lang.pick("Ziel erreicht", "Target met").to_owned(),
    ]);
    t.set_header(head);
    for f in &c.fields {
        let mut row = vec![format!("{} {}", f.number, e(text_in(&f.title, lang)))];
        row.extend(f.points.iter().map(|p| point_text(p, lang)));
        row.extend([
            delta_text(&f.points, lang),
            target_text(&f.points),
            met_text(&f.points, lang),
        ]);
        t.add_row(row);
    }
    let mut row = vec![lang.pick("Gesamt", "Overall").to_owned()];
    row.extend(c.overall.iter().map(|p| point_text(p, lang)));
    row.extend([
        delta_text(&c.overall, lang),
        String::new(),
        met_text(&c.overall, lang),
    ]);
    t.add_row(row);
    o.push_str(&crate::table::render(&t));
    let _ = writeln!(
        o,
        "{}",
        lang.pick(
            "Reifegrad (Index); * vorläufig (nicht alle Fragen beantwortet). Δ = letzte minus erste Bewertung.",
            "Level (index); * provisional (not every question answered). Δ = last minus first assessment."
        )
    );
    if c.no_changes {
        let _ = writeln!(o, "\n{}", no_changes_text(lang));
    }
    for st in &c.steps {
        if st.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n{}:", e(&step_title(c, st, lang)));
        if !st.regressions.is_empty() {
            let names: Vec<String> = st
                .regressions
                .iter()
                .map(|r| e(&regression_text(c, r, lang)))
                .collect();
            let _ = writeln!(
                o,
                "  {}: {}",
                lang.pick("Reifegrad gesunken", "Level fell"),
                names.join(", ")
            );
        }
        for k in KINDS {
            let items: Vec<&QuestionChange> = st.questions.iter().filter(|q| q.kind == k).collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(o, "  {} ({}):", kind_label(k, lang), items.len());
            for q in items {
                let _ = writeln!(
                    o,
                    "    {} {} → {}  {}",
                    e(&q.question),
                    answer_text(q.from),
                    answer_text(q.to),
                    e(text_in(&q.text, lang))
                );
            }
        }
        for (title, gaps) in [
            (
                lang.pick("Lücken geschlossen", "Gaps closed"),
                &st.gaps_closed,
            ),
            (lang.pick("Lücken neu", "Gaps opened"), &st.gaps_opened),
        ] {
            if gaps.is_empty() {
                continue;
            }
            let _ = writeln!(o, "  {title} ({}):", gaps.len());
            for g in gaps {
                let _ = writeln!(o, "    {}", gap_line(g, lang, &e));
            }
        }
        if !st.actions_done.is_empty() {
            let _ = writeln!(
                o,
                "  {} ({}):",
                lang.pick("Maßnahmen erledigt", "Actions done"),
                st.actions_done.len()
            );
            for a in &st.actions_done {
                let owner = a
                    .owner
                    .as_deref()
                    .map(|x| format!(" ({})", e(x)))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "    {}{owner}  {}",
                    e(&a.question),
                    e(text_in(&a.text, lang))
                );
            }
        }
    }
    if !c.not_comparable.is_empty() {
        let _ = writeln!(
            o,
            "\n{}:",
            lang.pick(
                "Nicht vergleichbar (Fragen, die das Set nicht hat)",
                "Not comparable (questions the set does not have)"
            )
        );
        for x in &c.not_comparable {
            let vals: Vec<String> = x.answers.iter().map(|r| answer_text(*r)).collect();
            let _ = writeln!(o, "    {}  {}", e(&x.id), vals.join(" | "));
        }
    }
    o
}

fn gap_line(g: &GapChange, lang: Lang, esc: &dyn Fn(&str) -> String) -> String {
    let crit = if g.critical {
        lang.pick(", kritisch", ", critical")
    } else {
        ""
    };
    format!(
        "{} {} → {} ({} {}{crit})  {}",
        esc(&g.question),
        answer_text(g.from),
        answer_text(g.to),
        lang.pick("Ziel", "target"),
        g.target,
        esc(text_in(&g.text, lang))
    )
}

/// GitHub-flavoured Markdown: every user text passes the report's Markdown escaper.
pub fn to_markdown(c: &Comparison, lang: Lang) -> String {
    let m = escape_markdown;
    let mut o = String::new();
    let labels = file_labels(c);
    let _ = writeln!(
        o,
        "# {}\n",
        tr!(
            lang,
            "Vergleich von {} Bewertungen",
            "Comparison of {} assessments",
            c.files.len()
        )
    );
    let _ = writeln!(
        o,
        "{}: {} (`{}`, {} {})\n",
        lang.pick("Checklisten-Set", "Checklist set"),
        m(text_in(&c.set.title, lang)),
        m(&c.set.id),
        lang.pick("Version", "version"),
        m(&c.set.version)
    );
    let _ = writeln!(
        o,
        "| # | {} | {} | {} | {} |\n|--:|---|---|---|---|",
        lang.pick("Stand", "Date"),
        lang.pick("Datei", "File"),
        lang.pick("Organisation", "Organisation"),
        lang.pick("Profil", "Profile")
    );
    for (i, f) in c.files.iter().enumerate() {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |",
            i + 1,
            m(&labels[i]),
            m(&f.file),
            m(&f.organisation),
            m(&f.profile)
        );
    }
    o.push('\n');
    for w in &c.warnings {
        let _ = writeln!(
            o,
            "> **{}:** {}\n",
            lang.pick("Warnung", "Warning"),
            m(&warning_text(c, w, lang))
        );
    }
    let _ = write!(
        o,
        "## {}\n\n| {} |",
        lang.pick("Handlungsfelder", "Fields of action"),
        lang.pick("Handlungsfeld", "Field of action")
    );
    for l in &labels {
        let _ = write!(o, " {} |", m(l));
    }
    let _ = writeln!(
        o,
        " {} | {} | {} |",
        lang.pick("Δ Reifegrad / Index", "Δ level / index"),
        lang.pick("Ziel", "Target"),
        lang.pick("Ziel erreicht", "Target met")
    );
    let _ = writeln!(o, "|---|{}---|--:|---|", "--:|".repeat(labels.len() + 1));
    let row = |o: &mut String, name: String, pts: &[Point], target: String| {
        let _ = write!(o, "| {name} |");
        for p in pts {
            let _ = write!(o, " {} |", m(&point_text(p, lang)));
        }
        let _ = writeln!(
            o,
            " {} | {} | {} |",
            delta_text(pts, lang),
            target,
            met_text(pts, lang)
        );
    };
    for f in &c.fields {
        row(
            &mut o,
            format!("{} {}", f.number, m(text_in(&f.title, lang))),
            &f.points,
            target_text(&f.points),
        );
    }
    row(
        &mut o,
        format!("**{}**", lang.pick("Gesamt", "Overall")),
        &c.overall,
        String::new(),
    );
    let _ = writeln!(
        o,
        "\n{}\n",
        m(lang.pick(
            "Reifegrad (Index); * vorläufig (nicht alle Fragen beantwortet). Δ = letzte minus erste Bewertung.",
            "Level (index); * provisional (not every question answered). Δ = last minus first assessment."
        ))
    );
    if c.no_changes {
        let _ = writeln!(o, "**{}**\n", no_changes_text(lang));
    }
    for st in c.steps.iter().filter(|s| !s.is_empty()) {
        let _ = writeln!(o, "## {}\n", m(&step_title(c, st, lang)));
        if !st.regressions.is_empty() {
            let names: Vec<String> = st
                .regressions
                .iter()
                .map(|r| m(&regression_text(c, r, lang)))
                .collect();
            let _ = writeln!(
                o,
                "**{}:** {}\n",
                lang.pick("Reifegrad gesunken", "Level fell"),
                names.join(", ")
            );
        }
        if !st.questions.is_empty() {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |\n|---|---|---|---|",
                lang.pick("Änderung", "Change"),
                lang.pick("Frage", "Question"),
                lang.pick("vorher → nachher", "before → after"),
                lang.pick("Text", "Text")
            );
            for k in KINDS {
                for q in st.questions.iter().filter(|q| q.kind == k) {
                    let _ = writeln!(
                        o,
                        "| {} | {} | {} → {} | {} |",
                        m(kind_label(k, lang)),
                        m(&q.question),
                        answer_text(q.from),
                        answer_text(q.to),
                        m(text_in(&q.text, lang))
                    );
                }
            }
            o.push('\n');
        }
        for (title, gaps) in [
            (
                lang.pick("Lücken geschlossen", "Gaps closed"),
                &st.gaps_closed,
            ),
            (lang.pick("Lücken neu", "Gaps opened"), &st.gaps_opened),
        ] {
            if gaps.is_empty() {
                continue;
            }
            let _ = writeln!(o, "### {title} ({})\n", gaps.len());
            for g in gaps {
                let _ = writeln!(o, "- {}", gap_line(g, lang, &|s: &str| m(s)));
            }
            o.push('\n');
        }
        if !st.actions_done.is_empty() {
            let _ = writeln!(
                o,
                "### {} ({})\n",
                lang.pick("Maßnahmen erledigt", "Actions done"),
                st.actions_done.len()
            );
            for a in &st.actions_done {
                let owner = a
                    .owner
                    .as_deref()
                    .map(|x| format!(" ({})", m(x)))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "- {}{owner}: {}",
                    m(&a.question),
                    m(text_in(&a.text, lang))
                );
            }
            o.push('\n');
        }
    }
    if !c.not_comparable.is_empty() {
        let _ = write!(
            o,
            "## {}\n\n| {} |",
            m(lang.pick(
                "Nicht vergleichbar (Fragen, die das Set nicht hat)",
                "Not comparable (questions the set does not have)"
            )),
            lang.pick("Frage", "Question")
        );
        for l in &labels {
            let _ = write!(o, " {} |", m(l));
        }
        let _ = writeln!(o, "\n|---|{}", "---|".repeat(labels.len()));
        for x in &c.not_comparable {
            let _ = write!(o, "| {} |", m(&x.id));
            for r in &x.answers {
                let _ = write!(o, " {} |", answer_text(*r));
            }
            o.push('\n');
        }
        o.push('\n');
    }
    o
}

/// A self-contained HTML page: inline CSS (the report's stylesheet), no script, a CSP that
/// forbids every request; the line chart of the field levels for three or more files.
pub fn to_html(c: &Comparison, lang: Lang) -> String {
    let h = escape_html;
    let labels = file_labels(c);
    let title = tr!(
        lang,
        "Vergleich von {} Bewertungen",
        "Comparison of {} assessments",
        c.files.len()
    );
    let mut o = String::with_capacity(16_384);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"cyberkompass {}\">\n<title>{}</title>\n<style>\n{}\
         .up {{ color: var(--ok); font-weight: 600; }} .down {{ color: var(--warn); font-weight: 600; }}\n</style>\n</head>\n<body>\n",
        lang.code(),
        env!("CARGO_PKG_VERSION"),
        h(&title),
        crate::report::HTML_STYLE
    );
    let _ = write!(
        o,
        "<header class=\"cover\">\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<dl class=\"meta\">\n<dt>{}</dt><dd>{} <span class=\"muted\">(<code>{}</code>, {} {})</span></dd>\n</dl>\n",
        h(&title),
        h(c.files.first().map_or("", |f| f.organisation.as_str())),
        lang.pick("Checklisten-Set", "Checklist set"),
        h(text_in(&c.set.title, lang)),
        h(&c.set.id),
        lang.pick("Version", "version"),
        h(&c.set.version)
    );
    for w in &c.warnings {
        let _ = writeln!(
            o,
            "<p class=\"notice\">{}</p>",
            h(&warning_text(c, w, lang))
        );
    }
    o.push_str("</header>\n<main>\n<table>\n<thead><tr><th scope=\"col\" class=\"num\">#</th>");
    for x in [
        lang.pick("Stand", "Date"),
        lang.pick("Datei", "File"),
        lang.pick("Organisation", "Organisation"),
        lang.pick("Profil", "Profile"),
    ] {
        let _ = write!(o, "<th scope=\"col\">{x}</th>");
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for (i, f) in c.files.iter().enumerate() {
        let _ = writeln!(
            o,
            "<tr><td class=\"num\">{}</td><td>{}</td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td></tr>",
            i + 1,
            h(&labels[i]),
            h(&f.file),
            h(&f.organisation),
            h(&f.profile)
        );
    }
    o.push_str("</tbody>\n</table>\n");
    let _ = write!(
        o,
        "<section id=\"fields\">\n<h2>{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th>",
        lang.pick("Handlungsfelder", "Fields of action"),
        lang.pick("Handlungsfeld", "Field of action")
    );
    for l in &labels {
        let _ = write!(o, "<th scope=\"col\" class=\"num\">{}</th>", h(l));
    }
    let _ = writeln!(
        o,
        "<th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        lang.pick("Δ Reifegrad / Index", "Δ level / index"),
        lang.pick("Ziel", "Target"),
        lang.pick("Ziel erreicht", "Target met")
    );
    let row = |o: &mut String, name: String, pts: &[Point], target: String| {
        let _ = write!(o, "<tr><th scope=\"row\">{name}</th>");
        for p in pts {
            let _ = write!(o, "<td class=\"num\">{}</td>", h(&point_text(p, lang)));
        }
        let d = delta_text(pts, lang);
        let class = if d.starts_with('+') {
            " up"
        } else if d.starts_with('−') {
            " down"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "<td class=\"num{class}\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            h(&d),
            h(&target),
            h(&met_text(pts, lang))
        );
    };
    for f in &c.fields {
        row(
            &mut o,
            format!("{} {}", f.number, h(text_in(&f.title, lang))),
            &f.points,
            target_text(&f.points),
        );
    }
    row(
        &mut o,
        lang.pick("Gesamt", "Overall").to_owned(),
        &c.overall,
        String::new(),
    );
    let _ = writeln!(
        o,
        "</tbody>\n</table>\n<p class=\"muted\">{}</p>",
        h(lang.pick(
            "Reifegrad (Index); * vorläufig (nicht alle Fragen beantwortet). Δ = letzte minus erste Bewertung.",
            "Level (index); * provisional (not every question answered). Δ = last minus first assessment."
        ))
    );
    let lines: Vec<crate::report::charts::Line> = c
        .fields
        .iter()
        .map(|f| crate::report::charts::Line {
            label: format!("{} {}", f.number, text_in(&f.title, lang)),
            levels: f.points.iter().map(|p| p.level).collect(),
        })
        .collect();
    let chart_title = lang.pick(
        "Reifegrad je Handlungsfeld im Zeitverlauf",
        "Level per field over time",
    );
    let chart = crate::report::charts::level_lines(
        "chart-trend",
        &labels,
        &lines,
        &crate::report::charts::ChartText {
            title: chart_title.to_owned(),
            desc: c
                .fields
                .iter()
                .map(|f| {
                    let v: Vec<String> = f
                        .points
                        .iter()
                        .map(|p| p.level.map_or_else(|| "–".to_owned(), |l| l.to_string()))
                        .collect();
                    format!(
                        "{} {}: {}",
                        f.number,
                        text_in(&f.title, lang),
                        v.join(" → ")
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
            level: String::new(),
            target: String::new(),
            index: String::new(),
            below: String::new(),
        },
    );
    if let Some(svg) = chart {
        let _ = writeln!(
            o,
            "<figure>{svg}<figcaption>{}</figcaption></figure>",
            h(chart_title)
        );
    }
    if c.no_changes {
        let _ = writeln!(o, "<p class=\"notice\">{}</p>", h(no_changes_text(lang)));
    }
    o.push_str("</section>\n");
    for st in c.steps.iter().filter(|s| !s.is_empty()) {
        let _ = writeln!(o, "<section>\n<h2>{}</h2>", h(&step_title(c, st, lang)));
        if !st.regressions.is_empty() {
            let names: Vec<String> = st
                .regressions
                .iter()
                .map(|r| h(&regression_text(c, r, lang)))
                .collect();
            let _ = writeln!(
                o,
                "<p class=\"notice\">{}: {}</p>",
                lang.pick("Reifegrad gesunken", "Level fell"),
                names.join(", ")
            );
        }
        if !st.questions.is_empty() {
            let _ = writeln!(
                o,
                "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
                lang.pick("Änderung", "Change"),
                lang.pick("Frage", "Question"),
                lang.pick("vorher → nachher", "before → after"),
                lang.pick("Text", "Text")
            );
            for k in KINDS {
                for q in st.questions.iter().filter(|q| q.kind == k) {
                    let class = match k {
                        ChangeKind::RatingUp => " class=\"up\"",
                        ChangeKind::RatingDown => " class=\"down\"",
                        _ => "",
                    };
                    let _ = writeln!(
                        o,
                        "<tr><td{class}>{}</td><td class=\"id\">{}</td><td class=\"num\">{} → {}</td><td>{}</td></tr>",
                        h(kind_label(k, lang)),
                        h(&q.question),
                        h(&answer_text(q.from)),
                        h(&answer_text(q.to)),
                        h(text_in(&q.text, lang))
                    );
                }
            }
            o.push_str("</tbody>\n</table>\n");
        }
        for (title, gaps) in [
            (
                lang.pick("Lücken geschlossen", "Gaps closed"),
                &st.gaps_closed,
            ),
            (lang.pick("Lücken neu", "Gaps opened"), &st.gaps_opened),
        ] {
            if gaps.is_empty() {
                continue;
            }
            let _ = writeln!(o, "<h3>{title} ({})</h3>\n<ul>", gaps.len());
            for g in gaps {
                let _ = writeln!(o, "<li>{}</li>", gap_line(g, lang, &|s: &str| h(s)));
            }
            o.push_str("</ul>\n");
        }
        if !st.actions_done.is_empty() {
            let _ = writeln!(
                o,
                "<h3>{} ({})</h3>\n<ul>",
                lang.pick("Maßnahmen erledigt", "Actions done"),
                st.actions_done.len()
            );
            for a in &st.actions_done {
                let owner = a
                    .owner
                    .as_deref()
                    .map(|x| format!(" ({})", h(x)))
                    .unwrap_or_default();
                let _ = writeln!(
                    o,
                    "<li><strong>{}</strong>{owner}: {}</li>",
                    h(&a.question),
                    h(text_in(&a.text, lang))
                );
            }
            o.push_str("</ul>\n");
        }
        o.push_str("</section>\n");
    }
    if !c.not_comparable.is_empty() {
        let _ = write!(
            o,
            "<section>\n<h2>{}</h2>\n<table>\n<thead><tr><th scope=\"col\">{}</th>",
            h(lang.pick(
                "Nicht vergleichbar (Fragen, die das Set nicht hat)",
                "Not comparable (questions the set does not have)"
            )),
            lang.pick("Frage", "Question")
        );
        for l in &labels {
            let _ = write!(o, "<th scope=\"col\">{}</th>", h(l));
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for x in &c.not_comparable {
            let _ = write!(o, "<tr><td class=\"id\">{}</td>", h(&x.id));
            for r in &x.answers {
                let _ = write!(o, "<td>{}</td>", h(&answer_text(*r)));
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</tbody>\n</table>\n</section>\n");
    }
    o.push_str("</main>\n</body>\n</html>\n");
    o
}

/// CSV in long form for pivot tables: one record per file × question (RFC 4180, CRLF), the
/// header in `lang`. Every cell passes the formula guard.
pub fn to_csv(c: &Comparison, lang: Lang) -> String {
    let labels = file_labels(c);
    let mut o = String::with_capacity(64 + 96 * c.questions.len() * c.files.len().max(1));
    let head = [
        ("file_no", "datei_nr"),
        ("label", "bezeichnung"),
        ("date", "datum"),
        ("file", "datei"),
        ("field", "handlungsfeld"),
        ("question", "frage"),
        ("critical", "kritisch"),
        ("weight", "gewicht"),
        ("rating", "bewertung"),
        ("target", "ziel"),
        ("note", "anmerkung"),
    ];
    record(&mut o, head.iter().map(|(en, de)| lang.pick(*de, *en)));
    for (i, f) in c.files.iter().enumerate() {
        let no = (i + 1).to_string();
        for q in &c.questions {
            let rating = q.answers[i].map(|r| r.to_string()).unwrap_or_default();
            let target = q.targets[i].map(|t| t.to_string()).unwrap_or_default();
            record(
                &mut o,
                [
                    no.as_str(),
                    labels[i].as_str(),
                    f.date.as_deref().unwrap_or(""),
                    f.file.as_str(),
                    q.field.as_str(),
                    q.id.as_str(),
                    if q.critical { "true" } else { "false" },
                    &q.weight.to_string(),
                    &rating,
                    &target,
                    q.notes[i].as_deref().unwrap_or(""),
                ],
            );
        }
    }
    o
}

fn record<'a>(o: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (n, c) in cells.into_iter().enumerate() {
        if n > 0 {
            o.push(',');
        }
        o.push_str(&crate::plan::csv_cell(c, ','));
    }
    o.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_deltas_use_a_minus_sign() {
        assert_eq!(signed(0, |u| u.to_string()), "±0");
        assert_eq!(signed(2, |u| u.to_string()), "+2");
        assert_eq!(signed(-4, |u| tenths_text(u, Lang::De)), "−0,4");
    }
}
