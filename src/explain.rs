//! The auditor's explanation of a score (`cyberkompass explain`): every term of the
//! computation as plain text, so that index, level, overall result and gap order can be
//! recomputed by hand. Pure: renders a [`ScoreResult`] to a string.

use std::fmt::Write as _;

use crate::i18n::Lang;
use crate::model::{ChecklistSet, Text};
use crate::scoring::{
    AnswerStatus, FieldScore, Fraction, Index, LevelLimit, QuestionScore, ScoreResult,
};
use crate::table::{TableTarget, new_table, render_into};
use crate::tr;

/// [`tr!`] written straight into `o`, with a line feed: no String in between.
macro_rules! trln {
    ($o:expr, $lang:expr, $de:literal, $en:literal $(, $arg:expr)* $(,)?) => {{
        let _ = match $lang {
            Lang::De => writeln!($o, $de $(, $arg)*),
            Lang::En => writeln!($o, $en $(, $arg)*),
        };
    }};
}

fn t(x: &Text, lang: Lang) -> &str {
    crate::i18n::text_in(x, lang)
}

/// An index as shown in `lang`: one decimal, with a comma in German (the JSON keeps the point).
pub fn index_text(i: &Index, lang: Lang) -> String {
    crate::i18n::decimal_text(&i.shown, lang)
}

/// The one line that says why a level lies below the whole part of the index (from
/// [`crate::scoring::level_reason`]); every output that shows such a level shows this line.
pub fn level_reason_text(r: &crate::scoring::LevelReason, lang: Lang) -> String {
    let d = |x: &str| crate::i18n::decimal_text(x, lang);
    let (level, next) = (r.level, r.next);
    let share = tr!(
        lang,
        "nur {} % des bewerteten Gewichts erreichen Stufe {next}, die Schwelle ist {} %",
        "only {} % of the rated weight reaches level {next}, the threshold is {} %",
        d(&r.share_percent),
        d(&r.threshold_percent)
    );
    let critical = match r.critical_below.len() {
        0 => String::new(),
        1 => tr!(
            lang,
            "die kritische Frage {} liegt unter Stufe {next}",
            "the critical question {} is rated below level {next}",
            r.critical_below[0]
        ),
        _ => tr!(
            lang,
            "die kritischen Fragen {} liegen unter Stufe {next}",
            "the critical questions {} are rated below level {next}",
            r.critical_below.join(", ")
        ),
    };
    let why = match (r.meets_threshold, critical.is_empty()) {
        (false, true) => share,
        (true, false) => critical,
        _ => format!("{share}; {critical}"),
    };
    tr!(
        lang,
        "Reifegrad {level}, nicht {next}: {why}.",
        "Level {level}, not {next}: {why}."
    )
}

fn frac(f: Fraction) -> String {
    if f.denominator == 1 {
        f.numerator.to_string()
    } else {
        format!("{}/{}", f.numerator, f.denominator)
    }
}

fn dec(s: &str, lang: Lang) -> String {
    crate::i18n::decimal_text(s, lang)
}

fn yes_no(b: bool, lang: Lang) -> String {
    yes_no_str(b, lang).to_owned()
}

fn yes_no_str(b: bool, lang: Lang) -> &'static str {
    if b {
        lang.pick("ja", "yes")
    } else {
        lang.pick("nein", "no")
    }
}

/// The head: set, threshold, profile, scale and the rules.
fn header(r: &ScoreResult, lang: Lang) -> String {
    let mut o = String::new();
    let th = &r.set.threshold;
    trln!(
        o,
        lang,
        "Erklärung der Bewertung – {}",
        "Explanation of the score – {}",
        r.organisation
    );
    let _ = writeln!(
        o,
        "Set: {} {} (SHA-256 {})",
        r.set.id, r.set.version, r.set.sha256
    );
    trln!(
        o,
        lang,
        "Schwelle t = {} = {}/10000",
        "Threshold t = {} = {}/10000",
        dec(&th.shown, lang),
        th.permyriad
    );
    let profile = match &r.profile {
        Some(p) => {
            let mut x = format!("{} ({})", p.id, t(&p.title, lang));
            if let Some(m) = p.critical_min {
                x.push_str(&tr!(
                    lang,
                    "; jede kritische Frage mindestens {m}",
                    "; every critical question at least {m}"
                ));
            }
            if let Some(old) = &p.renamed_from {
                x.push_str(&tr!(
                    lang,
                    "; angefragt als früherer Name `{old}`",
                    "; asked for by its former id `{old}`"
                ));
            }
            x
        }
        None => tr!(
            lang,
            "{} – dem Set unbekannt, daher keine Ziele",
            "{} – unknown to the set, so no targets",
            r.profile_id
        ),
    };
    let _ = writeln!(o, "{}: {profile}", tr!(lang, "Profil", "Profile"));
    let scale: Vec<String> = r
        .scale
        .iter()
        .map(|s| format!("{} {}", s.level, t(&s.name, lang)))
        .collect();
    let _ = writeln!(o, "{}: {}", tr!(lang, "Skala", "Scale"), scale.join(", "));
    let _ = writeln!(o);
    let _ = writeln!(o, "{}", tr!(lang, "Regeln:", "Rules:"));
    let rules = match lang {
        Lang::De => [
            "- Es zählen nur bewertete Fragen (0–5). n/a zählt nie; offene Fragen zählen nicht als 0, machen das Feld aber vorläufig.".to_owned(),
            "- Index = Σ w·r / Σ w (w Gewicht, r Bewertung), exakt als Bruch; gezeigt mit einer Nachkommastelle, kaufmännisch gerundet: Zehntel = ⌊(20·Σw·r + Σw) / (2·Σw)⌋.".to_owned(),
            format!("- Schwellentest für Stufe L: (Gewicht mit r ≥ L) · 10000 ≥ (Σ w) · {} – ganzzahlig, ein Anteil von genau t besteht.", th.permyriad),
            "- Kritischer Test für Stufe L: jede bewertete kritische Frage hat r ≥ L.".to_owned(),
            "- Reifegrad = die höchste Stufe L, für die beide Tests gelten (Stufe 0 gilt immer).".to_owned(),
            "- Gesamt: Index = Σ (Feldgewicht · Feldindex) / Σ Feldgewicht über Felder mit Index; Reifegrad = niedrigster Feld-Reifegrad (schwächstes Glied, nie ein Mittelwert).".to_owned(),
        ],
        Lang::En => [
            "- Only rated questions (0–5) count. n/a never counts; open questions do not count as 0 but make the field provisional.".to_owned(),
            "- Index = Σ w·r / Σ w (w weight, r rating), exact as a fraction; shown with one decimal, rounded half up: tenths = ⌊(20·Σw·r + Σw) / (2·Σw)⌋.".to_owned(),
            format!("- Threshold test for level L: (weight with r ≥ L) · 10000 ≥ (Σ w) · {} – in integers, a share of exactly t passes.", th.permyriad),
            "- Critical test for level L: every rated critical question has r ≥ L.".to_owned(),
            "- Level = the highest L for which both tests hold (level 0 always holds).".to_owned(),
            "- Overall: index = Σ (field weight · field index) / Σ field weight over fields with an index; level = lowest field level (weakest link, never an average).".to_owned(),
        ],
    };
    for rule in rules {
        let _ = writeln!(o, "{rule}");
    }
    if let Some(m) = r.profile.as_ref().and_then(|p| p.critical_min) {
        trln!(
            o,
            lang,
            "- Ziel erreicht = Reifegrad ≥ Ziel und jede kritische Frage mit r ≥ {m} (Mindestwert des Profils); eine offene kritische Frage erfüllt ihn nie, eine n/a-Frage zählt nicht.",
            "- Target met = level ≥ target and every critical question with r ≥ {m} (the profile's minimum); an open critical question never meets it, an n/a one does not count."
        );
    }
    o
}

/// One field: questions, sums, index, the level tests and the verdict.
fn field_section(set: &ChecklistSet, r: &ScoreResult, f: &FieldScore, lang: Lang, o: &mut String) {
    let _ = writeln!(
        o,
        "== {} {}: {} – {} ({} {}) ==",
        tr!(lang, "Handlungsfeld", "Field"),
        f.number,
        f.id,
        t(&f.title, lang),
        tr!(lang, "Feldgewicht", "field weight"),
        f.weight
    );
    let prov = if f.provisional {
        tr!(lang, "vorläufig", "provisional")
    } else {
        tr!(lang, "vollständig", "complete")
    };
    trln!(
        o,
        lang,
        "Fragen {}: bewertet {}, n/a {}, offen {} → Abdeckung ({} + {}) / {} = {} (abgerundet) → {prov}",
        "Questions {}: rated {}, n/a {}, open {} → coverage ({} + {}) / {} = {} (rounded down) → {prov}",
        f.total,
        f.answered,
        f.na,
        f.unanswered,
        f.answered,
        f.na,
        f.total,
        crate::i18n::percent(f.coverage_percent, lang)
    );
    let mut tab = new_table(TableTarget::Plain);
    tab.set_header([
        lang.pick("Frage", "Question"),
        lang.pick("Gewicht w", "Weight w"),
        lang.pick("kritisch", "critical"),
        lang.pick("Bewertung r", "Rating r"),
        "w·r",
    ]);
    // Every cell written into the table's one buffer: no String per cell.
    tab.reserve(f.questions.len(), 32);
    for q in &f.questions {
        tab.cell(&q.id)
            .cell_uint(u128::from(q.weight))
            .cell(yes_no_str(q.critical, lang));
        match (q.status, q.rating) {
            (AnswerStatus::Rated, Some(r)) => tab.cell_uint(u128::from(r)),
            (AnswerStatus::Rated, None) => tab.cell(""),
            (AnswerStatus::NotApplicable, _) => tab.cell("n/a"),
            (AnswerStatus::Unanswered, _) => tab.cell(lang.pick("offen", "open")),
        };
        match q.rating {
            Some(r) => tab.cell_uint(u128::from(q.weight) * u128::from(r)),
            None => tab.cell(lang.pick("zählt nicht", "does not count")),
        };
        tab.end_row();
    }
    render_into(&tab, o);
    let (sw, swr) = (f.weight_rated, f.weighted_sum);
    let _ = writeln!(o, "Σ w = {sw}, Σ w·r = {swr}");
    match &f.index {
        Some(i) => {
            let _ = writeln!(
                o,
                "Index = {swr} / {sw} = {} → {} ({}: ⌊(20·{swr} + {sw}) / (2·{sw})⌋ = ⌊{} / {}⌋ = {})",
                frac(i.exact),
                index_text(i, lang),
                tr!(lang, "Zehntel", "tenths"),
                20 * u128::from(swr) + u128::from(sw),
                2 * u128::from(sw),
                i.tenths
            );
        }
        None => {
            trln!(
                o,
                lang,
                "Index: keiner – keine Frage ist bewertet.",
                "Index: none – no question is rated."
            );
        }
    }
    if f.weight_rated > 0 {
        let _ = writeln!(o, "{}", tr!(lang, "Stufen-Tests:", "Level tests:"));
        let mut lt = new_table(TableTarget::Plain);
        lt.set_header([
            "L",
            lang.pick("Gewicht r ≥ L", "weight r ≥ L"),
            lang.pick("Anteil", "share"),
            lang.pick("Schwellentest", "threshold test"),
            lang.pick("kritisch < L", "critical < L"),
            lang.pick("gilt", "holds"),
        ]);
        lt.reserve(f.levels.len(), 64);
        let p = r.set.threshold.permyriad;
        for l in &f.levels {
            let lhs = u128::from(l.weight_at_or_above) * 10_000;
            let rhs = u128::from(l.weight_rated) * u128::from(p);
            lt.cell_uint(u128::from(l.level)).cell_fmt(format_args!(
                "{} / {}",
                l.weight_at_or_above, l.weight_rated
            ));
            match l.share {
                Some(sh) if sh.denominator == 1 => lt.cell_uint(sh.numerator),
                Some(sh) => lt.cell_fmt(format_args!("{}/{}", sh.numerator, sh.denominator)),
                None => lt.cell(""),
            };
            lt.cell_fmt(format_args!(
                "{lhs} {} {rhs}: {}",
                if l.meets_threshold { "≥" } else { "<" },
                yes_no_str(l.meets_threshold, lang)
            ));
            if l.critical_below.is_empty() {
                lt.cell("–");
            } else {
                lt.cell_joined(l.critical_below.iter().map(String::as_str), ", ");
            }
            lt.cell(yes_no_str(l.holds, lang)).end_row();
        }
        render_into(&lt, o);
    }
    let verdict = match (f.level, f.limited_by) {
        (None, _) if f.provisional => tr!(
            lang,
            "Reifegrad: keiner – es ist noch keine Frage bewertet. Das Feld zählt weder zum Gesamtindex noch zum Gesamt-Reifegrad; das Gesamtergebnis ist vorläufig.",
            "Level: none – no question is rated yet. The field counts neither in the overall index nor the overall level; the overall result is provisional."
        ),
        (None, _) => tr!(
            lang,
            "Reifegrad: keiner – keine Frage trifft zu (alle n/a). Das Feld zählt weder zum Gesamtindex noch zum Gesamt-Reifegrad.",
            "Level: none – no question applies (all n/a). The field counts neither in the overall index nor the overall level."
        ),
        (Some(l), LevelLimit::Top) => tr!(
            lang,
            "Reifegrad = {l} ({}): beide Tests gelten auf der höchsten Stufe.",
            "Level = {l} ({}): both tests hold at the top level.",
            set.level_name(l, lang.code())
        ),
        (Some(l), limit) => {
            let next = &f.levels[usize::from(l) + 1];
            let mut why = Vec::new();
            if matches!(
                limit,
                LevelLimit::Threshold | LevelLimit::ThresholdAndCritical
            ) {
                why.push(tr!(
                    lang,
                    "scheitert der Schwellentest (Anteil {} < {})",
                    "the threshold test fails (share {} < {})",
                    next.share.map(frac).unwrap_or_default(),
                    dec(&r.set.threshold.shown, lang)
                ));
            }
            if matches!(
                limit,
                LevelLimit::Critical | LevelLimit::ThresholdAndCritical
            ) {
                let ids = next.critical_below.join(", ");
                let l = next.level;
                why.push(if next.critical_below.len() == 1 {
                    tr!(
                        lang,
                        "liegt die kritische Frage {ids} unter {l}",
                        "the critical question {ids} is below {l}"
                    )
                } else {
                    tr!(
                        lang,
                        "liegen die kritischen Fragen {ids} unter {l}",
                        "the critical questions {ids} are below {l}"
                    )
                });
            }
            tr!(
                lang,
                "Reifegrad = {l} ({}): die höchste Stufe, für die beide Tests gelten; auf Stufe {} {}.",
                "Level = {l} ({}): the highest level for which both tests hold; at level {} {}.",
                set.level_name(l, lang.code()),
                next.level,
                why.join(tr!(lang, " und ", " and ").as_str())
            )
        }
    };
    let _ = writeln!(o, "{verdict}");
    if f.provisional && f.level.is_some() {
        trln!(
            o,
            lang,
            "Vorläufig: {} Frage(n) offen; ihre Bewertung kann Index und Reifegrad noch in beide Richtungen ändern.",
            "Provisional: {} question(s) open; rating them may still move index and level either way.",
            f.unanswered
        );
    }
    if let Some(m) = f.critical_min {
        let _ = writeln!(
            o,
            "{}",
            if f.critical_below_min.is_empty() {
                tr!(
                    lang,
                    "Mindestwert kritischer Fragen {m}: erfüllt.",
                    "Minimum of critical questions {m}: met."
                )
            } else {
                tr!(
                    lang,
                    "Mindestwert kritischer Fragen {m}: nicht erfüllt von {} (darunter bewertet oder offen; eine offene Frage erfüllt keinen Mindestwert).",
                    "Minimum of critical questions {m}: not met by {} (rated below or open; an open question meets no minimum).",
                    f.critical_below_min.join(", ")
                )
            }
        );
    }
    match (f.target, f.level) {
        (Some(tg), Some(l)) if l >= tg && !f.critical_below_min.is_empty() => {
            trln!(
                o,
                lang,
                "Ziel {tg}: verfehlt – der Reifegrad reicht ({l} ≥ {tg}), aber nicht jede kritische Frage erreicht den Mindestwert des Profils.",
                "Target {tg}: missed – the level suffices ({l} ≥ {tg}), but not every critical question reaches the profile's minimum."
            );
        }
        (Some(tg), Some(l)) if l >= tg => {
            trln!(
                o,
                lang,
                "Ziel {tg}: erreicht ({l} ≥ {tg}).",
                "Target {tg}: met ({l} ≥ {tg})."
            );
        }
        (Some(tg), Some(l)) => {
            trln!(
                o,
                lang,
                "Ziel {tg}: verfehlt, Lücke {tg} − {l} = {}.",
                "Target {tg}: missed, gap {tg} − {l} = {}.",
                tg - l
            );
        }
        (Some(tg), None) => {
            trln!(
                o,
                lang,
                "Ziel {tg}: nicht beurteilbar ohne Reifegrad.",
                "Target {tg}: cannot be judged without a level."
            );
        }
        (None, _) => {}
    }
}

/// The overall result: the weighted mean and the weakest link.
fn overall_section(r: &ScoreResult, set: &ChecklistSet, lang: Lang) -> String {
    let mut o = String::new();
    let ov = &r.overall;
    let _ = writeln!(o, "== {} ==", tr!(lang, "Gesamt", "Overall"));
    let with: Vec<&FieldScore> = r.fields.iter().filter(|f| f.index.is_some()).collect();
    match &ov.index {
        Some(i) => {
            let terms: Vec<String> = with
                .iter()
                .filter_map(|f| {
                    f.index
                        .as_ref()
                        .map(|x| format!("{} · {}", f.weight, frac(x.exact)))
                })
                .collect();
            let weights: Vec<String> = with.iter().map(|f| f.weight.to_string()).collect();
            let _ = writeln!(
                o,
                "Index = ({}) / ({}) = {} → {}",
                terms.join(" + "),
                weights.join(" + "),
                frac(i.exact),
                index_text(i, lang)
            );
        }
        None => {
            trln!(
                o,
                lang,
                "Index: keiner – kein Feld hat einen Index.",
                "Index: none – no field has an index."
            );
        }
    }
    let levels: Vec<String> = r
        .fields
        .iter()
        .filter_map(|f| f.level.map(|l| format!("{} {l}", f.id)))
        .collect();
    match ov.level {
        Some(l) => {
            trln!(
                o,
                lang,
                "Reifegrad = min({}) = {l} ({}); schwächstes Glied: {}.",
                "Level = min({}) = {l} ({}); weakest link: {}.",
                levels.join(", "),
                set.level_name(l, lang.code()),
                ov.weakest_fields.join(", ")
            );
        }
        None => {
            trln!(
                o,
                lang,
                "Reifegrad: keiner – kein Feld hat einen Reifegrad.",
                "Level: none – no field has a level."
            );
        }
    }
    if !ov.unscored_fields.is_empty() {
        trln!(
            o,
            lang,
            "Nicht einbezogen (kein Reifegrad): {}.",
            "Not included (no level): {}.",
            ov.unscored_fields
                .iter()
                .map(|id| match r.fields.iter().find(|f| &f.id == id) {
                    Some(f) => format!("{} {} ({id})", f.number, t(&f.title, lang)),
                    None => id.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    trln!(
        o,
        lang,
        "Warum kein Mittelwert der Reifegrade: ein hoher Wert in einem Feld gleicht eine fehlende Grundlage in einem anderen nicht aus.",
        "Why levels are not averaged: a high value in one field does not make up for a missing basic in another."
    );
    trln!(
        o,
        lang,
        "Abdeckung: ({} + {}) / {} = {} (abgerundet){}",
        "Coverage: ({} + {}) / {} = {} (rounded down){}",
        ov.answered,
        ov.na,
        ov.total,
        crate::i18n::percent(ov.coverage_percent, lang),
        if ov.provisional {
            tr!(lang, " → vorläufig", " → provisional")
        } else {
            String::new()
        }
    );
    o
}

fn gaps_section(r: &ScoreResult, lang: Lang, o: &mut String) {
    if r.profile.is_none() {
        return;
    }
    o.push('\n');
    let _ = writeln!(o, "== {} ==", tr!(lang, "Lückenliste", "Gap list"));
    trln!(
        o,
        lang,
        "Bewertete Fragen unter ihrem Ziel (dem Ziel ihres Feldes, bei kritischen Fragen dem Mindestwert des Profils, wenn der höher ist); Reihenfolge: kritisch zuerst, dann Gewicht × Abstand absteigend, dann Reihenfolge im Set.",
        "Rated questions below their target (their field's target, for critical questions the profile's minimum when higher); order: critical first, then weight × shortfall descending, then set order."
    );
    if r.gaps.is_empty() {
        let _ = writeln!(o, "{}", tr!(lang, "Keine.", "None."));
        return;
    }
    let mut tab = new_table(TableTarget::Plain);
    tab.set_header([
        "#",
        lang.pick("Frage", "Question"),
        lang.pick("kritisch", "critical"),
        "r",
        lang.pick("Ziel", "target"),
        lang.pick("w × Abstand", "w × shortfall"),
    ]);
    tab.reserve(r.gaps.len(), 40);
    for g in &r.gaps {
        tab.cell_uint(u128::from(g.rank))
            .cell(&g.question)
            .cell(yes_no_str(g.critical, lang))
            .cell_fmt(format_args!("{}", g.rating))
            .cell_fmt(format_args!("{}", g.target))
            .cell_fmt(format_args!(
                "{} × {} = {}",
                g.weight, g.shortfall, g.priority
            ))
            .end_row();
    }
    render_into(&tab, o);
}

/// The whole explanation: rules, every field, the overall result and the gap list.
pub fn explain_all(set: &ChecklistSet, r: &ScoreResult, lang: Lang) -> String {
    let mut o = header(r, lang);
    // The example's explanation is about 22 KB: grown once, not doubled step by step.
    o.reserve(1 << 15);
    for f in &r.fields {
        o.push('\n');
        field_section(set, r, f, lang, &mut o);
    }
    o.push('\n');
    o.push_str(&overall_section(r, set, lang));
    gaps_section(r, lang, &mut o);
    if !r.unknown_answers.is_empty() {
        o.push('\n');
        trln!(
            o,
            lang,
            "Antworten ohne Frage im Set (nicht gewertet): {}",
            "Answers without a question in the set (not scored): {}",
            r.unknown_answers.join(", ")
        );
    }
    o
}

/// The explanation of one field.
pub fn explain_field_only(
    set: &ChecklistSet,
    r: &ScoreResult,
    f: &FieldScore,
    lang: Lang,
) -> String {
    let mut o = header(r, lang);
    o.push('\n');
    field_section(set, r, f, lang, &mut o);
    o
}

/// The explanation of one question: its answer, its terms in the field's sums and tests, and
/// its place in the gap list.
pub fn explain_question(
    set: &ChecklistSet,
    r: &ScoreResult,
    f: &FieldScore,
    q: &QuestionScore,
    lang: Lang,
) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} ({} {}: {} – {})",
        tr!(lang, "Frage", "Question"),
        q.id,
        tr!(lang, "Handlungsfeld", "field"),
        f.number,
        f.id,
        t(&f.title, lang)
    );
    let _ = writeln!(o, "{}", t(&q.text, lang));
    trln!(
        o,
        lang,
        "Gewicht w = {}, kritisch: {}",
        "Weight w = {}, critical: {}",
        q.weight,
        yes_no(q.critical, lang)
    );
    match (q.status, q.rating) {
        (AnswerStatus::Rated, Some(rt)) => {
            trln!(
                o,
                lang,
                "Bewertung r = {rt} ({})",
                "Rating r = {rt} ({})",
                set.level_name(rt, lang.code())
            );
            trln!(
                o,
                lang,
                "Index des Feldes: trägt w·r = {} · {rt} = {} zu Σ w·r = {} und w = {} zu Σ w = {} bei.",
                "Field index: contributes w·r = {} · {rt} = {} to Σ w·r = {} and w = {} to Σ w = {}.",
                q.weight,
                u64::from(q.weight) * u64::from(rt),
                f.weighted_sum,
                q.weight,
                f.weight_rated
            );
            trln!(
                o,
                lang,
                "Schwellentests: das Gewicht {} zählt für die Stufen 0 bis {rt} (r ≥ L), nicht für höhere.",
                "Threshold tests: the weight {} counts for levels 0 to {rt} (r ≥ L), not above.",
                q.weight
            );
            if q.critical {
                trln!(
                    o,
                    lang,
                    "Kritisch: das Feld kann höchstens Stufe {rt} erreichen.",
                    "Critical: the field can reach level {rt} at most."
                );
            }
        }
        (AnswerStatus::NotApplicable, _) => {
            trln!(
                o,
                lang,
                "n/a: zählt nicht – weder im Index noch in den Stufen-Tests, auch nicht als kritische Frage.",
                "n/a: does not count – neither in the index nor in the level tests, nor as a critical question."
            );
        }
        _ => {
            trln!(
                o,
                lang,
                "Offen: zählt nicht (nicht als 0), macht das Feld aber vorläufig.",
                "Open: does not count (not as 0), but makes the field provisional."
            );
        }
    }
    for (label, v) in [
        (tr!(lang, "Begründung", "Justification"), &q.justification),
        (tr!(lang, "Notiz", "Note"), &q.note),
        (tr!(lang, "Nachweis", "Evidence"), &q.evidence),
    ] {
        if let Some(v) = v {
            let _ = writeln!(o, "{label}: {v}");
        }
    }
    let whose = if q.target_from_critical_min {
        tr!(
            lang,
            "Mindestwert des Profils für kritische Fragen",
            "Profile's minimum for critical questions"
        )
    } else {
        tr!(lang, "Ziel des Feldes", "Field target")
    };
    match (q.target, q.shortfall) {
        (Some(tg), Some(0)) => {
            trln!(
                o,
                lang,
                "{whose} {tg}: erreicht, keine Lücke.",
                "{whose} {tg}: met, no gap."
            );
        }
        (Some(tg), Some(s)) => {
            let rank = r
                .gaps
                .iter()
                .find(|g| g.question == q.id)
                .map_or(0, |g| g.rank);
            trln!(
                o,
                lang,
                "{whose} {tg}: Abstand {s}; Gewicht × Abstand = {} × {s} = {}; Platz {rank} von {} der Lückenliste.",
                "{whose} {tg}: shortfall {s}; weight × shortfall = {} × {s} = {}; rank {rank} of {} in the gap list.",
                q.weight,
                u64::from(q.weight) * u64::from(s),
                r.gaps.len()
            );
        }
        (Some(tg), None) => {
            trln!(
                o,
                lang,
                "{whose} {tg}: ohne Bewertung nicht in der Lückenliste.",
                "{whose} {tg}: not rated, so not in the gap list."
            );
        }
        _ => {}
    }
    if let Some(rec) = &q.recommendation {
        let _ = writeln!(
            o,
            "{}: {}",
            tr!(lang, "Empfehlung", "Recommendation"),
            t(rec, lang)
        );
    }
    let refs = &q.references;
    if !(refs.grundschutz.is_empty() && refs.nis2.is_empty() && refs.iso27001.is_empty()) {
        let _ = writeln!(
            o,
            "{}: Grundschutz++ {}; NIS2 Art. 21(2) {}; ISO/IEC 27001 {}",
            tr!(lang, "Referenzen", "References"),
            dash(&refs.grundschutz),
            dash(&refs.nis2),
            dash(&refs.iso27001)
        );
    }
    o.push('\n');
    field_section(set, r, f, lang, &mut o);
    o
}

fn dash(v: &[String]) -> String {
    if v.is_empty() {
        "–".to_owned()
    } else {
        v.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::LevelReason;

    fn reason(meets: bool, critical: &[&str]) -> LevelReason {
        LevelReason {
            level: 0,
            next: 1,
            share: Fraction {
                numerator: 7,
                denominator: 9,
            },
            share_percent: "77.7".into(),
            threshold_percent: "80".into(),
            meets_threshold: meets,
            critical_below: critical.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn says_share_and_threshold_or_the_critical_question() {
        assert_eq!(
            level_reason_text(&reason(false, &[]), Lang::De),
            "Reifegrad 0, nicht 1: nur 77,7 % des bewerteten Gewichts erreichen Stufe 1, die Schwelle ist 80 %."
        );
        assert_eq!(
            level_reason_text(&reason(true, &["INF-03"]), Lang::En),
            "Level 0, not 1: the critical question INF-03 is rated below level 1."
        );
        let both = level_reason_text(&reason(false, &["A-1", "B-2"]), Lang::En);
        assert!(
            both.contains("77.7 %") && both.contains("questions A-1, B-2 are"),
            "{both}"
        );
    }
}
