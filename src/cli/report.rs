//! The commands `report` (check the assessment, score it, build the report model and render
//! it to stdout or atomically to a file) and `templates export` (the default templates as a
//! starting point for one's own).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::assessment::FileError;
use crate::diag::Findings;
use crate::i18n::Lang;
use crate::load::{ReadError, read_text};
use crate::report::{
    DEFAULT_TEMPLATES, Inputs, MD_PARTIALS, PARTIALS, RenderFailure, ReportFormat, Source, build,
    build_trend, render,
};
use crate::tr;

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Die Bewertungsdatei (the assessment file)
    pub file: PathBuf,
    /// Format des Berichts (report format); Standard: aus der Endung von -o (.md, .html,
    /// .json), sonst md (default: from the extension of -o, else md)
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// In diese Datei schreiben statt auf stdout; atomar (write to this file, atomically)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Eigene handlebars-Vorlage statt der eingebauten (your own handlebars template)
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Berichtsdatum und Stichtag für „überfällig“, JJJJ-MM-TT; sonst SOURCE_DATE_EPOCH, sonst
    /// `updated` der Datei (report date and reference day; else SOURCE_DATE_EPOCH, else the
    /// file's `updated`)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Frühere Bewertung desselben Sets: der Bericht zeigt die Entwicklung seitdem (an earlier
    /// assessment of the same set: the report shows the trend since)
    #[arg(long, value_name = "OLD.yaml")]
    pub baseline: Option<PathBuf>,
    /// Prüfung derselben Fragen: fügt den Abschnitt „Selbstbewertung und Prüfung“ hinzu
    /// (an audit of the same questions: adds the section "self-assessment vs audit")
    #[arg(long, value_name = "AUDIT")]
    pub audit: Option<PathBuf>,
}

/// Subcommands of `templates`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Schreibt die Standardvorlagen in DIR als Ausgangspunkt (write the default templates to DIR)
    Export {
        /// Zielordner (target folder)
        dir: PathBuf,
        /// Vorhandene Dateien überschreiben (overwrite existing files)
        #[arg(long)]
        force: bool,
    },
}

/// `cyberkompass report`: validates the assessment, scores it and writes the report.
pub fn run(ctx: &mut Ctx, a: ReportArgs) -> CmdResult {
    let lang = ctx.lang;
    if let Some(d) = &a.date
        && !crate::assessment::is_date(d)
    {
        return Err(Failure::Usage(
            crate::plan::reference_day(Some(d), None, None, lang)
                .err()
                .unwrap_or_default(),
        ));
    }
    if let Some(out) = &a.output
        && crate::atomic::is_input(
            out,
            [a.file.as_path()].into_iter().chain(a.audit.as_deref()),
        )
        .is_some()
    {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: das ist die Bewertungsdatei selbst; der Bericht würde sie überschreiben. Wählen Sie mit -o einen anderen Namen (z. B. bericht.html).",
            "{}: that is the assessment file itself; the report would overwrite it. Choose another name with -o (e.g. report.html).",
            out.display()
        )));
    }
    let format = report_format(a.format, a.output.as_deref(), lang)?;
    if format == ReportFormat::Json && a.template.is_some() {
        return Err(Failure::Usage(tr!(
            lang,
            "--template gilt nur für --format md und html; JSON ist das Datenmodell selbst.",
            "--template applies to --format md and html only; JSON is the data model itself."
        )));
    }
    let name = a.file.display().to_string();
    let (checked, set) = crate::assessment::read_checked(&a.file, lang, false, || ctx.load_set())
        .map_err(|e| match e {
        FileError::Unusable(m) => Failure::Usage(m),
        FileError::Unreadable(f) | FileError::Invalid(f) => no_report(f, lang),
        FileError::Set(e) => e,
    })?;
    if !checked.warnings.diagnostics.is_empty() && !ctx.quiet {
        ctx.note_findings(&checked.warnings);
    }
    let (assessment, file_sha256, answers_sha256) =
        (checked.file, checked.sha256, checked.answers_sha256);
    let template = match &a.template {
        Some(p) => match read_text(p, &p.display().to_string(), lang) {
            Ok(t) => Some((t, p.display().to_string())),
            Err(ReadError::Unusable(m)) => return Err(Failure::Usage(m)),
            Err(ReadError::Finding(d)) => {
                let mut f = Findings::default();
                f.push(*d);
                return Err(no_report(f, lang));
            }
        },
        None => None,
    };
    let score = crate::scoring::score(&set, &assessment, &crate::scoring::ScoreOptions::default());
    let date = crate::plan::reference_day(
        a.date.as_deref(),
        ctx.env.source_date_epoch.as_deref(),
        assessment.updated.as_ref().map(|u| u.value.as_str()),
        lang,
    )
    .map_err(Failure::Usage)?;
    let mut report = build(&Inputs {
        date: date.as_deref(),
        set: &set,
        assessment: &assessment,
        score: &score,
        file: &name,
        file_sha256: &file_sha256,
        answers_sha256: answers_sha256.as_deref(),
        lang,
    });
    if let Some(b) = &a.baseline {
        report.trend = Some(trend(
            ctx,
            &set,
            b,
            (&name, &file_sha256, &assessment, &score),
        )?);
    }
    if let Some(audit) = &a.audit {
        report.audit = Some(audit_section(ctx, &a.file, audit)?);
    }
    // A partial's file (style.css.hbs, field.html.hbs) beside the user's template replaces
    // the embedded one.
    let own: Vec<(&str, String, String)> = match &a.template {
        Some(p) => PARTIALS
            .iter()
            .chain(&MD_PARTIALS)
            .filter_map(|(name, file, _)| {
                let pp = p.with_file_name(file);
                let shown = pp.display().to_string();
                let text = crate::load::read_text(&pp, &shown, lang).ok()?;
                Some((*name, text, shown))
            })
            .collect(),
        None => Vec::new(),
    };
    if ctx.verbose {
        for (n, _, shown) in &own {
            ctx.note(&tr!(
                lang,
                "Teilvorlage `{n}` aus {shown}",
                "partial `{n}` from {shown}"
            ));
        }
    }
    let own: Vec<(&str, Source)> = own
        .iter()
        .map(|(n, t, f)| (*n, (t.as_str(), f.as_str())))
        .collect();
    let out = match render(
        &report,
        format,
        template.as_ref().map(|(t, n)| (t.as_str(), n.as_str())),
        &own,
    ) {
        // Control characters and bidi overrides from any input are shown visibly (JSON keeps
        // the same data with \u escapes), on stdout and in the file alike.
        // (Mostly there is nothing to show: then the text is kept, not copied.)
        // Either leaves nothing the terminal filter would change (crate::sanitize::Shown).
        Ok(s) if format == ReportFormat::Json => crate::sanitize::json_shown(s),
        Ok(s) => crate::sanitize::report_shown(s),
        Err(RenderFailure::Recursion(e)) => return Err(Failure::Usage(e)),
        Err(e) => {
            return Err(Failure::Failed(tr!(
                lang,
                "Vorlage fehlerhaft: {e}\nHinweis: docs/templates.md nennt jedes Feld des Datenmodells; `cyberkompass templates export DIR` schreibt die Standardvorlagen als Ausgangspunkt.",
                "template error: {e}\nHint: docs/templates.md names every field of the data model; `cyberkompass templates export DIR` writes the default templates as a starting point."
            )));
        }
    };
    let result = match &a.output {
        None => {
            ctx.print_shown(&out);
            Ok(Outcome::Done)
        }
        Some(p) => {
            let written = tr!(
                lang,
                "Bericht geschrieben: {}",
                "Report written: {}",
                p.display()
            );
            ctx.write_output(
                p,
                out.as_str().as_bytes(),
                [a.file.as_path()].into_iter().chain(a.audit.as_deref()),
                &written,
            )
            .map(|()| Outcome::Done)
        }
    };
    ctx.discard((set, assessment, score, report));
    result
}

/// `s` through `f`: the changed text, or `s` itself when `f` changed nothing (no copy of a
/// large report).
/// The section "self-assessment vs audit": the file (A) against the audit (B), loaded and
/// compared exactly as `agree` does.
fn audit_section(
    ctx: &mut Ctx,
    file: &Path,
    audit: &Path,
) -> Result<crate::report::AuditSection, Failure> {
    let lang = ctx.lang;
    let pair = super::pair::read_pair(ctx, file, audit)?;
    let r = super::agree::compare_pair(
        &pair,
        tr!(lang, "Selbstbewertung", "self-assessment"),
        tr!(lang, "Prüfung", "audit"),
    );
    Ok(crate::report::agree::build_audit(&r, lang))
}

/// The format of the report: `--format`, else the extension of `-o`, else Markdown (also for
/// a device or FIFO as `-o`). A contradiction between the two, or an unknown extension of a
/// file without `--format`, is a usage error.
fn report_format(
    given: Option<ReportFormat>,
    output: Option<&Path>,
    lang: Lang,
) -> Result<ReportFormat, Failure> {
    let Some(out) = output else {
        return Ok(given.unwrap_or(ReportFormat::Md));
    };
    // A device or FIFO (`-o /dev/stdout`) is a stream like stdout: its name says no format.
    if std::fs::metadata(out).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return Ok(given.unwrap_or(ReportFormat::Md));
    }
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let by_ext = match ext.as_str() {
        "md" | "markdown" => Some(ReportFormat::Md),
        "html" | "htm" => Some(ReportFormat::Html),
        "json" => Some(ReportFormat::Json),
        _ => None,
    };
    let name = |f: ReportFormat| match f {
        ReportFormat::Md => "md",
        ReportFormat::Html => "html",
        ReportFormat::Json => "json",
    };
    match (given, by_ext) {
        (Some(g), Some(e)) if g != e => Err(Failure::Usage(tr!(
            lang,
            "{}: die Endung passt zu --format {}, verlangt ist --format {}. Passen Sie die Endung oder --format an.",
            "{}: the extension means --format {}, but --format {} was given. Change the extension or --format.",
            out.display(),
            name(e),
            name(g)
        ))),
        (Some(g), _) => Ok(g),
        (None, Some(e)) => Ok(e),
        (None, None) => Err(Failure::Usage(tr!(
            lang,
            "{}: aus dieser Endung geht kein Format hervor. Geben Sie --format md, html oder json an, oder eine Endung .md, .markdown, .html, .htm oder .json.",
            "{}: this extension names no format. Give --format md, html or json, or an extension .md, .markdown, .html, .htm or .json.",
            out.display()
        ))),
    }
}

/// The trend section: the baseline read, checked and scored as `score` does, compared with
/// the file (baseline first).
fn trend(
    ctx: &mut Ctx,
    set: &crate::model::ChecklistSet,
    baseline: &Path,
    (name, sha256, file, score): (
        &str,
        &str,
        &crate::assessment::AssessmentFile,
        &crate::scoring::ScoreResult,
    ),
) -> Result<crate::report::Trend, Failure> {
    let bname = baseline.display().to_string();
    let lang = ctx.lang;
    let fail = |e| super::score::file_failure(e, lang);
    let r = crate::assessment::read_for_check(baseline, lang).map_err(fail)?;
    let named = [(bname.as_str(), &r.0.file), (name, file)];
    if let Some(e) = crate::compare::set_id_mismatch(&named) {
        return Err(super::compare::mismatch_failure(&e, lang));
    }
    let b = crate::assessment::check_read(r, &bname, set, lang, false).map_err(fail)?;
    let bs = super::score::score_checked(ctx, set, &b, None);
    let inputs = [
        crate::compare::Input {
            name: &bname,
            sha256: &b.sha256,
            file: &b.file,
            score: &bs,
        },
        crate::compare::Input {
            name,
            sha256,
            file,
            score,
        },
    ];
    let c = crate::compare::compare_in_order(set, &inputs)
        .map_err(|e| super::compare::mismatch_failure(&e, ctx.lang))?;
    Ok(build_trend(&c, ctx.lang))
}

/// The failure of a report whose input has errors.
fn no_report(f: Findings, lang: Lang) -> Failure {
    Failure::Findings(
        f,
        tr!(
            lang,
            "Kein Bericht: Die Bewertungsdatei hat Fehler (siehe oben).",
            "No report: the assessment file has errors (see above)."
        ),
    )
}

/// `cyberkompass templates export DIR`: writes the default templates as a starting point.
pub fn export_templates(ctx: &mut Ctx, dir: &Path, force: bool) -> CmdResult {
    let lang = ctx.lang;
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: Ordner kann nicht angelegt werden: {e}",
            "{}: cannot create the folder: {e}",
            dir.display()
        )));
    }
    if !force {
        let existing: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| dir.join(n))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Failure::Usage(tr!(
                lang,
                "vorhanden, nicht überschrieben: {}. Mit --force überschreiben.",
                "already there, not overwritten: {}. Use --force to overwrite.",
                existing.join(", ")
            )));
        }
    }
    for (n, text) in DEFAULT_TEMPLATES {
        let p = dir.join(n);
        if let Err(e) = crate::atomic::write_atomic(&p, text.as_bytes()) {
            return Err(Failure::Usage(tr!(
                lang,
                "{}: kann nicht geschrieben werden: {e}",
                "{}: cannot be written: {e}",
                p.display()
            )));
        }
        ctx.print(&format!("{}\n", p.display()));
    }
    Ok(Outcome::Done)
}
