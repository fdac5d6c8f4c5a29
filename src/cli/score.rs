//! The commands `score`, `gate` and `explain`: read and check an assessment file, score it with
//! [`crate::scoring`], and render the result as a table, JSON, CI annotations or the
//! auditor's step-by-step explanation.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::assessment::{self, AssessmentFile, Checked, FileError};
use crate::diag::{did_you_mean, gh_data, gh_prop};
use crate::explain::index_text;
use crate::i18n::{Lang, decimal_text, percent, text_in};
use crate::model::ChecklistSet;
use crate::scoring::{FieldScore, GateOptions, GateReason, ScoreOptions, ScoreResult, gate, score};
use crate::table::{new_table, render, wrap};
use crate::tr;

/// Arguments of `score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Die Bewertungsdatei (the assessment file)
    pub file: PathBuf,
    /// Zielprofil statt des Profils der Datei (target profile instead of the file's)
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// Ausgabeformat (output format)
    #[arg(long, value_enum, default_value = "table")]
    pub format: ScoreFormat,
}

/// Output formats of `score`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScoreFormat {
    /// A table per field and the largest gaps.
    Table,
    /// The whole result as JSON (schema: `cyberkompass schema score`).
    Json,
}

/// Arguments of `gate`.
#[derive(Debug, Args)]
pub struct GateArgs {
    /// Die Bewertungsdatei (the assessment file)
    pub file: PathBuf,
    /// Zielprofil statt des Profils der Datei (target profile instead of the file's)
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// Jedes Feld muss mindestens diese Stufe erreichen, zusätzlich zum Profilziel; es gilt
    /// die höhere Anforderung (every field must reach this level too; the higher requirement
    /// applies)
    #[arg(long, value_name = "L", value_parser = clap::value_parser!(u8).range(0..=5))]
    pub min_level: Option<u8>,
    /// Vorläufige Felder (nicht alle Fragen beantwortet) nach ihrem vorläufigen Reifegrad
    /// werten statt sie scheitern zu lassen (judge provisional fields by their provisional
    /// level instead of failing them)
    #[arg(long)]
    pub allow_provisional: bool,
    /// Ausgabeformat (output format): human, json, github, gitlab (Code-Quality-Bericht),
    /// junit (XML); Standard: github unter GitHub Actions, sonst human
    #[arg(long, value_enum)]
    pub format: Option<GateFormat>,
    /// Woran das Gate scheitert, kommagetrennt: target (ein Feld verfehlt sein Ziel; Standard),
    /// regression (ein Feld oder der Gesamt-Reifegrad ist gegenüber --baseline gesunken)
    /// (what fails the gate: target, regression, or both)
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "target",
        value_name = "WHAT"
    )]
    pub fail_on: Vec<FailOn>,
    /// Die frühere Bewertung für --fail-on regression (the earlier assessment)
    #[arg(long, value_name = "OLD.yaml")]
    pub baseline: Option<PathBuf>,
}

/// What fails the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Ein Feld verfehlt sein Ziel (a field falls short of its target)
    Target,
    /// Ein Feld oder der Gesamt-Reifegrad ist gegenüber --baseline gesunken (a level fell)
    Regression,
}

/// Output formats of `gate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GateFormat {
    /// One line per field.
    Human,
    /// The verdict as JSON.
    Json,
    /// GitHub Actions annotations (`::error file=…::…`) for each field that falls short.
    Github,
    /// GitLab code-quality report (a JSON array) with one issue per field that falls short.
    Gitlab,
    /// JUnit XML: one test case per field, a failure when it falls short.
    Junit,
}

/// Arguments of `explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Die Bewertungsdatei (the assessment file)
    pub file: PathBuf,
    /// Nur dieses Handlungsfeld oder diese Frage (only this field or question)
    #[arg(value_name = "FIELD|QUESTION")]
    pub item: Option<String>,
    /// Zielprofil statt des Profils der Datei (target profile instead of the file's)
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
}

/// A scored assessment with what it was computed from.
pub(super) struct Scored {
    pub(super) set: ChecklistSet,
    pub(super) result: ScoreResult,
    pub(super) name: String,
    pub(super) file: AssessmentFile,
}

impl Scored {
    /// Where an annotation about `field` should point: the answer of the field's first
    /// question in the gap list, else the file's `profile:` line.
    fn field_loc(&self, field: &str) -> crate::model::Loc {
        self.result
            .gaps
            .iter()
            .find(|g| g.field == field)
            .and_then(|g| self.file.answer(&g.question))
            .map(|a| a.id.loc)
            .unwrap_or(self.file.profile.loc)
    }
}

/// Reads, checks and scores the assessment file. Warnings (another state of the set, unknown
/// questions) go to stderr.
pub(super) fn load_and_score(
    ctx: &mut Ctx,
    file: &Path,
    profile: Option<&str>,
) -> Result<Scored, Failure> {
    let name = file.display().to_string();
    let lang = ctx.lang;
    let (c, set) = assessment::read_checked(file, lang, profile.is_some(), || {
        let set = ctx.load_set()?;
        check_profile(lang, &set, profile)?;
        Ok(set)
    })
    .map_err(|e| file_failure(e, lang))?;
    let result = score_checked(ctx, &set, &c, profile);
    Ok(Scored {
        set,
        result,
        name,
        file: c.file,
    })
}

/// Why an assessment file cannot be scored, as the failure of `score` (an invalid file:
/// nothing was computed; the set's own failure as it is).
pub(super) fn file_failure(e: FileError<Failure>, lang: Lang) -> Failure {
    match e {
        FileError::Unusable(m) => Failure::Usage(m),
        FileError::Unreadable(f) => Failure::Findings(f, String::new()),
        FileError::Invalid(f) => Failure::Findings(
            f,
            tr!(
                lang,
                "Die Bewertungsdatei ist ungültig; es wurde nichts berechnet.",
                "The assessment file is invalid; nothing was computed."
            ),
        ),
        FileError::Set(e) => e,
    }
}

/// A usage error when `profile` is given and the set has no such profile.
pub(super) fn check_profile(
    lang: Lang,
    set: &ChecklistSet,
    profile: Option<&str>,
) -> Result<(), Failure> {
    if let Some(p) = profile
        && set.profile(p).is_none()
    {
        let ids: Vec<&str> = set
            .manifest
            .profiles
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        let hint = did_you_mean(p, ids.iter().copied())
            .map(|s| tr!(lang, " Meinten Sie `{s}`?", " Did you mean `{s}`?"))
            .unwrap_or_else(|| tr!(lang, " Profile: {}", " Profiles: {}", ids.join(", ")));
        return Err(Failure::Usage(tr!(
            lang,
            "unbekanntes Profil `{p}`.{hint}",
            "unknown profile `{p}`.{hint}"
        )));
    }
    Ok(())
}

/// Shows the warnings of a checked file on stderr (unless `--quiet`) and scores it exactly as
/// `score` does.
pub(super) fn score_checked(
    ctx: &mut Ctx,
    set: &ChecklistSet,
    c: &Checked,
    profile: Option<&str>,
) -> ScoreResult {
    if !c.warnings.diagnostics.is_empty() && !ctx.quiet {
        ctx.note_findings(&c.warnings);
    }
    score(
        set,
        &c.file,
        &ScoreOptions {
            profile: profile.map(str::to_owned),
        },
    )
}

fn level_text(set: &ChecklistSet, level: Option<u8>, lang: Lang) -> String {
    match level {
        Some(l) => format!("{l} {}", set.level_name(l, lang.code())),
        None => "–".to_owned(),
    }
}

fn opt(v: Option<u8>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| v.to_string())
}

fn provisional_text(f_prov: bool, coverage: u32, lang: Lang) -> String {
    if f_prov {
        let share = percent(coverage, lang);
        tr!(lang, "vorläufig ({share})", "provisional ({share})")
    } else {
        String::new()
    }
}

fn profile_line(r: &ScoreResult, lang: Lang) -> String {
    match &r.profile {
        Some(p) => format!("{} ({})", p.id, text_in(&p.title, lang)),
        None => tr!(
            lang,
            "{} (unbekannt, keine Ziele)",
            "{} (unknown, no targets)",
            r.profile_id
        ),
    }
}

fn title(t: &crate::model::Text, lang: Lang) -> &str {
    text_in(t, lang)
}

/// `cyberkompass score`.
pub fn run_score(ctx: &mut Ctx, a: ScoreArgs) -> CmdResult {
    let s = load_and_score(ctx, &a.file, a.profile.as_deref())?;
    match a.format {
        ScoreFormat::Json => {
            let mut j = serde_json::to_string_pretty(&s.result).unwrap_or_default();
            j.push('\n');
            ctx.print(&j);
        }
        ScoreFormat::Table => {
            let text = score_table(ctx, &s);
            ctx.print(&text);
        }
    }
    ctx.discard(s);
    Ok(Outcome::Done)
}

fn score_table(ctx: &Ctx, s: &Scored) -> String {
    let lang = ctx.lang;
    let r = &s.result;
    // On a terminal every line of text is wrapped between words at its width; piped, it is not.
    let width = ctx.env.stdout_width.map(usize::from);
    let para = |text: &str, first: &str, rest: &str| match width {
        Some(w) => wrap(text, w, first, rest),
        None => format!("{first}{text}\n"),
    };
    let mut out = String::new();
    let head = format!(
        "{}: {} · {}: {} · Set: {} {} · {}: {}",
        tr!(lang, "Organisation", "Organisation"),
        r.organisation,
        tr!(lang, "Profil", "Profile"),
        profile_line(r, lang),
        r.set.id,
        r.set.version,
        tr!(lang, "Schwelle", "Threshold"),
        decimal_text(&r.set.threshold.shown, lang)
    );
    out.push_str(&para(&head, "", ""));
    let mut t = new_table(ctx.table_target());
    t.set_header(vec![
        tr!(lang, "Handlungsfeld", "Field of action"),
        tr!(lang, "Bewertet", "Rated"),
        "n/a".to_owned(),
        tr!(lang, "Offen", "Open"),
        "Index".to_owned(),
        tr!(lang, "Reifegrad", "Level"),
        tr!(lang, "Ziel", "Target"),
        tr!(lang, "Lücke", "Gap"),
        tr!(lang, "Vorläufig", "Provisional"),
    ]);
    for f in &r.fields {
        t.add_row(vec![
            format!("{} {}", f.number, title(&f.title, lang)),
            format!("{}/{}", f.answered, f.total),
            f.na.to_string(),
            f.unanswered.to_string(),
            f.index
                .as_ref()
                .map_or_else(|| "–".to_owned(), |i| index_text(i, lang)),
            level_text(&s.set, f.level, lang),
            opt(f.target),
            opt(f.gap),
            provisional_text(f.provisional, f.coverage_percent, lang),
        ]);
    }
    let o = &r.overall;
    t.add_row(vec![
        tr!(lang, "Gesamt", "Overall"),
        format!("{}/{}", o.answered, o.total),
        o.na.to_string(),
        o.unanswered.to_string(),
        o.index
            .as_ref()
            .map_or_else(|| "–".to_owned(), |i| index_text(i, lang)),
        level_text(&s.set, o.level, lang),
        String::new(),
        String::new(),
        provisional_text(o.provisional, o.coverage_percent, lang),
    ]);
    out.push_str(&render(&t));
    for f in &r.fields {
        if let Some(why) = &f.level_reason {
            let line = format!(
                "{} {}: {}",
                f.number,
                title(&f.title, lang),
                crate::explain::level_reason_text(why, lang)
            );
            out.push_str(&para(&line, "", "  "));
        }
    }
    out.push_str(&para(
        &tr!(
            lang,
            "Bewertet = mit 0–5 bewertet, von allen Fragen; Offen = alle − bewertet − n/a. Gesamt-Reifegrad = niedrigster Feld-Reifegrad (schwächstes Glied).",
            "Rated = rated 0–5, of all questions; Open = all − rated − n/a. Overall level = lowest field level (weakest link)."
        ),
        "",
        "",
    ));
    if o.provisional {
        out.push_str(&para(
            &tr!(
                lang,
                "Vorläufig: nicht alle Fragen sind beantwortet; offene Fragen zählen nicht als 0, die Werte können sich noch ändern.",
                "Provisional: not every question is answered; open questions do not count as 0, the figures may still change."
            ),
            "",
            "",
        ));
    }
    if !o.unscored_fields.is_empty() {
        let titles: Vec<String> = o
            .unscored_fields
            .iter()
            .map(|id| match r.fields.iter().find(|f| &f.id == id) {
                Some(f) => format!("{} {}", f.number, title(&f.title, lang)),
                None => id.clone(),
            })
            .collect();
        out.push_str(&para(
            &tr!(
                lang,
                "Ohne Reifegrad (keine bewertete Frage): {}",
                "Without a level (no rated question): {}",
                titles.join(", ")
            ),
            "",
            "",
        ));
    }
    if !r.unknown_answers.is_empty() {
        out.push_str(&para(
            &tr!(
                lang,
                "Antworten ohne Frage im Set (nicht gewertet): {}",
                "Answers without a question in the set (not scored): {}",
                r.unknown_answers.join(", ")
            ),
            "",
            "",
        ));
    }
    out.push('\n');
    if r.profile.is_none() || o.answered == 0 {
        return out;
    }
    if r.gaps.is_empty() {
        out.push_str(&para(
            &tr!(
                lang,
                "Keine Lücken: jede bewertete Frage erreicht das Ziel ihres Handlungsfeldes.",
                "No gaps: every rated question reaches its field's target."
            ),
            "",
            "",
        ));
        return out;
    }
    let shown = r.gaps.len().min(10);
    out.push_str(&para(
        &tr!(
            lang,
            "Größte Lücken ({shown} von {}; kritische zuerst, dann Gewicht × Abstand):",
            "Largest gaps ({shown} of {}; critical first, then weight × shortfall):",
            r.gaps.len()
        ),
        "",
        "",
    ));
    for g in r.gaps.iter().take(10) {
        let crit = if g.critical {
            tr!(lang, ", kritisch", ", critical")
        } else {
            String::new()
        };
        let line = format!(
            "{} ({}{crit}): {} {} → {} {}; {} {} × {} {} = {}",
            g.question,
            title(&g.field_title, lang),
            tr!(lang, "Bewertung", "rating"),
            g.rating,
            tr!(lang, "Ziel", "target"),
            g.target,
            tr!(lang, "Gewicht", "weight"),
            g.weight,
            tr!(lang, "Abstand", "shortfall"),
            g.shortfall,
            g.priority
        );
        out.push_str(&para(&line, &format!("{:>2}. ", g.rank), "    "));
        out.push_str(&para(title(&g.text, lang), "    ", "    "));
        if let Some(rec) = &g.recommendation {
            out.push_str(&para(title(rec, lang), "    → ", "      "));
        }
    }
    out
}

fn reason_text(c: &crate::scoring::GateCheck, reason: GateReason, lang: Lang) -> String {
    match reason {
        GateReason::BelowRequired => tr!(
            lang,
            "Reifegrad {} unter gefordertem {}",
            "level {} below the required {}",
            opt(c.level),
            opt(c.required)
        ),
        GateReason::Provisional => tr!(
            lang,
            "vorläufig: nur {} beantwortet (--allow-provisional erlaubt das)",
            "provisional: only {} answered (--allow-provisional allows this)",
            percent(c.coverage_percent, lang)
        ),
        GateReason::NoLevel => tr!(
            lang,
            "kein Reifegrad: keine Frage bewertet",
            "no level: no question rated"
        ),
        GateReason::CriticalBelowMinimum => tr!(
            lang,
            "kritische Frage(n) unter dem Mindestwert {} des Profils oder offen: {}",
            "critical question(s) below the profile's minimum {} or open: {}",
            opt(c.critical_min),
            c.critical_below_min.join(", ")
        ),
    }
}

/// Why a field passes or fails the gate, in one line.
fn check_text(c: &crate::scoring::GateCheck, lang: Lang) -> String {
    if c.not_applicable {
        tr!(
            lang,
            "nicht anwendbar (alle n/a)",
            "not applicable (all n/a)"
        )
    } else if c.passed {
        tr!(
            lang,
            "Reifegrad {} ≥ gefordert {}",
            "level {} ≥ required {}",
            opt(c.level),
            opt(c.required)
        )
    } else {
        c.reasons
            .iter()
            .map(|r| reason_text(c, *r, lang))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// A failing field with its title and reasons, for annotations and code-quality issues.
fn field_check_text(c: &crate::scoring::GateCheck, lang: Lang) -> String {
    tr!(
        lang,
        "Handlungsfeld {} ({}): {}",
        "Field {} ({}): {}",
        c.field,
        title(&c.title, lang),
        check_text(c, lang)
    )
}

/// `cyberkompass gate`.
pub fn run_gate(ctx: &mut Ctx, a: GateArgs) -> CmdResult {
    let lang = ctx.lang;
    let on_target = a.fail_on.contains(&FailOn::Target);
    let on_regression = a.fail_on.contains(&FailOn::Regression);
    if on_regression != a.baseline.is_some() {
        return Err(Failure::Usage(if on_regression {
            tr!(
                lang,
                "--fail-on regression braucht --baseline ALT.yaml (die frühere Bewertung).",
                "--fail-on regression needs --baseline OLD.yaml (the earlier assessment)."
            )
        } else {
            tr!(
                lang,
                "--baseline gilt nur mit --fail-on regression.",
                "--baseline applies with --fail-on regression only."
            )
        }));
    }
    let s = load_and_score(ctx, &a.file, a.profile.as_deref())?;
    if on_target && s.result.profile.is_none() && a.min_level.is_none() {
        return Err(Failure::Usage(tr!(
            lang,
            "kein gültiges Profil und kein --min-level: es gibt nichts zu prüfen.",
            "no valid profile and no --min-level: there is nothing to check."
        )));
    }
    let format = a.format.unwrap_or(if ctx.env.github_actions {
        GateFormat::Github
    } else {
        GateFormat::Human
    });
    let g = on_target.then(|| {
        gate(
            &s.result,
            GateOptions {
                min_level: a.min_level,
                allow_provisional: a.allow_provisional,
            },
        )
    });
    let regression = match &a.baseline {
        Some(b) => Some(regression_check(ctx, &s, b, a.profile.as_deref())?),
        None => None,
    };
    let passed =
        g.as_ref().is_none_or(|g| g.passed) && regression.as_ref().is_none_or(|r| r.passed);
    let mut out = String::new();
    if format == GateFormat::Json {
        out = match (&g, &regression) {
            (Some(g), None) => serde_json::to_string_pretty(g),
            _ => serde_json::to_string_pretty(&serde_json::json!({
                "passed": passed,
                "target": g,
                "regression": regression,
            })),
        }
        .unwrap_or_default();
        out.push('\n');
    }
    match format {
        GateFormat::Gitlab => out = gitlab_lines(&s, g.as_ref(), regression.as_ref(), lang),
        GateFormat::Junit => out = junit_lines(&s, g.as_ref(), regression.as_ref(), lang),
        GateFormat::Json | GateFormat::Human | GateFormat::Github => {}
    }
    if let Some(g) = &g {
        target_lines(ctx, &s, g, format, a.min_level, &mut out);
    }
    if let Some(r) = &regression {
        regression_lines(ctx, &s, r, format, &mut out);
    }
    ctx.print(&out);
    ctx.discard(s);
    Ok(if passed {
        Outcome::Done
    } else {
        Outcome::FindingsShown
    })
}

/// What `gate --fail-on regression` found: the file against its baseline.
#[derive(Debug, serde::Serialize)]
struct RegressionCheck {
    /// The baseline file as given.
    baseline: String,
    /// Its date (`updated`, else `created`).
    baseline_date: Option<String>,
    /// No field and not the overall level fell.
    passed: bool,
    /// What fell.
    regressions: Vec<crate::compare::Regression>,
}

/// Scores the baseline as `score` would and compares the file with it, in that order.
fn regression_check(
    ctx: &mut Ctx,
    s: &Scored,
    baseline: &Path,
    profile: Option<&str>,
) -> Result<RegressionCheck, Failure> {
    let name = baseline.display().to_string();
    let lang = ctx.lang;
    let r = assessment::read_for_check(baseline, lang).map_err(|e| file_failure(e, lang))?;
    let named = [(name.as_str(), &r.0.file), (s.name.as_str(), &s.file)];
    if let Some(e) = crate::compare::set_id_mismatch(&named) {
        return Err(super::compare::mismatch_failure(&e, lang));
    }
    let b = assessment::check_read(r, &name, &s.set, lang, profile.is_some())
        .map_err(|e| file_failure(e, lang))?;
    let bs = score_checked(ctx, &s.set, &b, profile);
    let inputs = [
        crate::compare::Input {
            name: &name,
            sha256: &b.sha256,
            file: &b.file,
            score: &bs,
        },
        crate::compare::Input {
            name: &s.name,
            sha256: "",
            file: &s.file,
            score: &s.result,
        },
    ];
    let c = crate::compare::compare_in_order(&s.set, &inputs)
        .map_err(|e| super::compare::mismatch_failure(&e, ctx.lang))?;
    let regressions = crate::compare::last_regressions(&c);
    Ok(RegressionCheck {
        baseline: name,
        baseline_date: c.files[0].date.clone(),
        passed: regressions.is_empty(),
        regressions,
    })
}

fn regression_name(r: &crate::compare::Regression, lang: Lang) -> String {
    if r.title.is_empty() {
        tr!(lang, "Gesamt-Reifegrad", "Overall level")
    } else {
        tr!(
            lang,
            "Handlungsfeld {} ({})",
            "Field {} ({})",
            r.id,
            title(&r.title, lang)
        )
    }
}

/// One regression in words: what fell, from which level to which, against when.
fn regression_text(x: &crate::compare::Regression, r: &RegressionCheck, lang: Lang) -> String {
    let since = r.baseline_date.as_deref().unwrap_or(&r.baseline);
    format!(
        "{}: {}",
        regression_name(x, lang),
        tr!(
            lang,
            "Reifegrad gesunken von {} auf {} (gegenüber {since})",
            "level fell from {} to {} (against {since})",
            x.before,
            x.after
        )
    )
}

/// Where a regression points in the file: the field's first answer, or the profile line for
/// the overall level.
fn regression_loc(s: &Scored, x: &crate::compare::Regression) -> crate::model::Loc {
    if x.title.is_empty() {
        s.file.profile.loc
    } else {
        s.field_loc(&x.id)
    }
}

fn regression_lines(
    ctx: &Ctx,
    s: &Scored,
    r: &RegressionCheck,
    format: GateFormat,
    out: &mut String,
) {
    let lang = ctx.lang;
    match format {
        // JSON, GitLab and JUnit are built whole in run_gate.
        GateFormat::Json | GateFormat::Gitlab | GateFormat::Junit => return,
        GateFormat::Human => {
            for x in &r.regressions {
                let _ = writeln!(out, "FAIL {}", regression_text(x, r, lang));
            }
        }
        GateFormat::Github => {
            for x in &r.regressions {
                let loc = regression_loc(s, x);
                let place = if loc.is_known() {
                    format!(",line={},col={}", loc.line, loc.column)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "::error file={}{place},title={}::{}",
                    gh_prop(&s.name),
                    gh_prop("cyberkompass gate"),
                    gh_data(&regression_text(x, r, lang))
                );
            }
        }
    }
    let line = if r.passed {
        tr!(
            lang,
            "Kein Rückschritt gegenüber {}: kein Handlungsfeld und nicht der Gesamt-Reifegrad sind gesunken.",
            "No regression against {}: no field and not the overall level fell.",
            r.baseline
        )
    } else {
        tr!(
            lang,
            "Rückschritt gegenüber {}: {} Reifegrad(e) gesunken.",
            "Regression against {}: {} level(s) fell.",
            r.baseline,
            r.regressions.len()
        )
    };
    if !(ctx.quiet && r.passed) {
        out.push_str(&line);
        out.push('\n');
    }
}

fn target_lines(
    ctx: &Ctx,
    s: &Scored,
    g: &crate::scoring::GateResult,
    format: GateFormat,
    min_level: Option<u8>,
    out: &mut String,
) {
    let lang = ctx.lang;
    let failed = g.checks.iter().filter(|c| !c.passed).count();
    match format {
        // JSON, GitLab and JUnit are built whole in run_gate.
        GateFormat::Json | GateFormat::Gitlab | GateFormat::Junit => return,
        GateFormat::Human => {
            for c in &g.checks {
                let _ = writeln!(
                    out,
                    "{} {} ({}): {}",
                    if c.passed { "ok  " } else { "FAIL" },
                    c.field,
                    title(&c.title, lang),
                    check_text(c, lang)
                );
            }
        }
        GateFormat::Github => {
            for c in g.checks.iter().filter(|c| !c.passed) {
                let msg = field_check_text(c, lang);
                let loc = s.field_loc(&c.field);
                let place = if loc.is_known() {
                    format!(",line={},col={}", loc.line, loc.column)
                } else {
                    String::new()
                };
                let _ = writeln!(
                    out,
                    "::error file={}{place},title={}::{}",
                    gh_prop(&s.name),
                    gh_prop("cyberkompass gate"),
                    gh_data(&msg)
                );
            }
        }
    }
    let profile = profile_line(&s.result, lang);
    let min = min_level
        .map(|m| tr!(lang, ", Mindeststufe {m}", ", minimum level {m}"))
        .unwrap_or_default();
    let line = if g.passed {
        tr!(
            lang,
            "Gate bestanden: alle {} Handlungsfelder erreichen ihr Ziel (Profil {profile}{min}).",
            "Gate passed: all {} fields reach their target (profile {profile}{min}).",
            g.checks.len()
        )
    } else {
        tr!(
            lang,
            "Gate nicht bestanden: {failed} von {} Handlungsfeldern verfehlen ihr Ziel (Profil {profile}{min}).",
            "Gate failed: {failed} of {} fields fall short (profile {profile}{min}).",
            g.checks.len()
        )
    };
    if !(ctx.quiet && g.passed) {
        out.push_str(&line);
        out.push('\n');
    }
}

/// The GitLab code-quality report of the gate: one issue per field below target and per
/// level that fell.
fn gitlab_lines(
    s: &Scored,
    g: Option<&crate::scoring::GateResult>,
    r: Option<&RegressionCheck>,
    lang: Lang,
) -> String {
    let mut issues: Vec<crate::ci::CqIssue> = g
        .map(|g| g.checks.iter().filter(|c| !c.passed).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|c| crate::ci::CqIssue {
            description: field_check_text(c, lang),
            check_name: "cyberkompass/gate".to_owned(),
            path: s.name.clone(),
            line: s.field_loc(&c.field).line,
            severity: crate::ci::CqSeverity::Major,
            identity: c.field.clone(),
        })
        .collect();
    if let Some(r) = r {
        for x in &r.regressions {
            issues.push(crate::ci::CqIssue {
                description: regression_text(x, r, lang),
                check_name: "cyberkompass/regression".to_owned(),
                path: s.name.clone(),
                line: regression_loc(s, x).line,
                severity: crate::ci::CqSeverity::Major,
                identity: format!("regression:{}", x.id),
            });
        }
    }
    crate::ci::gitlab_code_quality(&issues)
}

/// The JUnit XML of the gate: one test case per field (target) and per level compared with
/// the baseline (regression).
fn junit_lines(
    s: &Scored,
    g: Option<&crate::scoring::GateResult>,
    r: Option<&RegressionCheck>,
    lang: Lang,
) -> String {
    let classname = format!("cyberkompass.gate.{}", s.result.set.id);
    let mut cases: Vec<crate::ci::TestCase> = g
        .map(|g| g.checks.iter().collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|c| crate::ci::TestCase {
            name: format!("{} ({})", c.field, title(&c.title, lang)),
            classname: classname.clone(),
            failure: (!c.passed).then(|| check_text(c, lang)),
            output: if c.passed {
                check_text(c, lang)
            } else {
                String::new()
            },
        })
        .collect();
    if let Some(r) = r {
        for x in &r.regressions {
            cases.push(crate::ci::TestCase {
                name: tr!(
                    lang,
                    "Rückschritt: {}",
                    "regression: {}",
                    regression_name(x, lang)
                ),
                classname: format!("{classname}.regression"),
                failure: Some(regression_text(x, r, lang)),
                output: String::new(),
            });
        }
    }
    crate::ci::junit(&format!("cyberkompass gate {}", s.name), &cases)
}

/// `cyberkompass explain`.
pub fn run_explain(ctx: &mut Ctx, a: ExplainArgs) -> CmdResult {
    let lang = ctx.lang;
    let s = load_and_score(ctx, &a.file, a.profile.as_deref())?;
    let text = match a.item.as_deref() {
        None => crate::explain::explain_all(&s.set, &s.result, lang),
        Some(item) => {
            if let Some(f) = s.result.fields.iter().find(|f| f.id == item) {
                crate::explain::explain_field_only(&s.set, &s.result, f, lang)
            } else if let Some((f, q)) = find_question(&s.result.fields, item) {
                crate::explain::explain_question(&s.set, &s.result, f, q, lang)
            } else {
                let candidates = s.result.fields.iter().flat_map(|f| {
                    std::iter::once(f.id.as_str()).chain(f.questions.iter().map(|q| q.id.as_str()))
                });
                let hint = did_you_mean(item, candidates)
                    .map(|s| tr!(lang, " Meinten Sie `{s}`?", " Did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        tr!(
                            lang,
                            " `cyberkompass list` zeigt die Felder und Fragen.",
                            " `cyberkompass list` shows the fields and questions."
                        )
                    });
                return Err(Failure::Usage(tr!(
                    lang,
                    "`{item}` ist weder ein Handlungsfeld noch eine Frage des Sets.{hint}",
                    "`{item}` is neither a field nor a question of the set.{hint}"
                )));
            }
        }
    };
    ctx.print(&text);
    ctx.discard(s);
    Ok(Outcome::Done)
}

fn find_question<'a>(
    fields: &'a [FieldScore],
    id: &str,
) -> Option<(&'a FieldScore, &'a crate::scoring::QuestionScore)> {
    fields
        .iter()
        .find_map(|f| f.questions.iter().find(|q| q.id == id).map(|q| (f, q)))
}
