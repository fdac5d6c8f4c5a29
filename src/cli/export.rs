//! The command `export oscal`: checks and scores an assessment against the active set and
//! writes the set as an OSCAL catalog, the assessment as assessment-results and the gaps as a
//! POA&M into a folder, each file atomically (the mapping lives in `crate::oscal::export`).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand, ValueEnum};

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::assessment::FileError;
use crate::diag::Findings;
use crate::oscal::export::{AR_FILE, CATALOG_FILE, ExportInput, POAM_FILE, Targets, export};
use crate::tr;

/// Subcommands of `export`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Set, Bewertung und Lücken als OSCAL 1.1.3 (JSON): catalog, assessment-results, POA&M
    /// (the set, the assessment and its gaps as OSCAL 1.1.3 JSON)
    Oscal(ExportOscalArgs),
}

/// What the findings of the assessment-results are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetsArg {
    /// Ein Befund je beantworteter Frage (one finding per answered question)
    Questions,
    /// Ein Befund je zitierter Grundschutz++-Anforderung, Abdeckung teilweise
    /// (one finding per cited Grundschutz++ control; partial coverage)
    Grundschutz,
}

/// Arguments of `export oscal`.
#[derive(Debug, Args)]
pub struct ExportOscalArgs {
    /// Die Bewertungsdatei (the assessment file)
    pub file: PathBuf,
    /// Zielordner; schreibt catalog.json, assessment-results.json, poam.json (output folder)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Worauf sich die Befunde beziehen (what the findings are about)
    #[arg(long, value_enum, default_value = "questions")]
    pub targets: TargetsArg,
    /// Datum JJJJ-MM-TT, wenn die Datei weder `updated` noch `created` hat, und Stichtag für
    /// „überfällig“ (date when the file has no dates, and reference day for overdue actions;
    /// default: SOURCE_DATE_EPOCH)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// `cyberkompass export …`.
pub fn run(ctx: &mut Ctx, c: ExportCommand) -> CmdResult {
    match c {
        ExportCommand::Oscal(a) => oscal(ctx, a),
    }
}

fn oscal(ctx: &mut Ctx, a: ExportOscalArgs) -> CmdResult {
    let lang = ctx.lang;
    let name = a.file.display().to_string();
    for f in [CATALOG_FILE, AR_FILE, POAM_FILE] {
        if same_file(&a.output.join(f), &a.file) {
            return Err(Failure::Usage(tr!(
                lang,
                "{}: das ist die Bewertungsdatei selbst; der Export würde sie überschreiben. Wählen Sie mit -o einen anderen Ordner.",
                "{}: that is the assessment file itself; the export would overwrite it. Choose another folder with -o.",
                a.output.join(f).display()
            )));
        }
    }
    let (read, set) = crate::assessment::read_checked(&a.file, lang, false, || ctx.load_set())
        .map_err(|e| match e {
            FileError::Unusable(m) => Failure::Usage(m),
            FileError::Unreadable(f) | FileError::Invalid(f) => no_export(f, lang),
            FileError::Set(e) => e,
        })?;
    if !read.warnings.diagnostics.is_empty() && !ctx.quiet {
        ctx.note_findings(&read.warnings);
    }
    let file = &read.file;
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let day = crate::plan::reference_day(
        a.date.as_deref(),
        epoch.as_deref(),
        file.updated.as_ref().map(|u| u.value.as_str()),
        lang,
    )
    .map_err(Failure::Usage)?;
    // The file's own dates win (`updated`, else `created`); the fallback is only used
    // without them.
    let fallback = match (&day, file.updated.is_some() || file.created.is_some()) {
        (Some(d), _) => d.clone(),
        (None, true) => String::new(),
        (None, false) => {
            return Err(Failure::Usage(tr!(
                lang,
                "{name}: die Bewertung hat weder `updated` noch `created`; geben Sie das Datum mit --date JJJJ-MM-TT an (oder SOURCE_DATE_EPOCH), damit der Export reproduzierbar ist.",
                "{name}: the assessment has neither `updated` nor `created`; give the date with --date YYYY-MM-DD (or SOURCE_DATE_EPOCH) so that the export is reproducible."
            )));
        }
    };
    let score = crate::scoring::score(&set, file, &crate::scoring::ScoreOptions::default());
    let base = a
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    let exported = export(&ExportInput {
        set: &set,
        assessment: file,
        assessment_name: &base,
        assessment_sha256: &read.sha256,
        score: &score,
        fallback_date: &fallback,
        as_of: day.as_deref(),
        lang,
        targets: match a.targets {
            TargetsArg::Questions => Targets::Questions,
            TargetsArg::Grundschutz => Targets::Grundschutz,
        },
    });
    if let Err(e) = std::fs::create_dir_all(&a.output) {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: Ordner kann nicht angelegt werden: {e}",
            "{}: cannot create the folder: {e}",
            a.output.display()
        )));
    }
    for (f, text) in [
        (CATALOG_FILE, &exported.catalog),
        (AR_FILE, &exported.assessment_results),
        (POAM_FILE, &exported.poam),
    ] {
        let p = a.output.join(f);
        crate::atomic::write_atomic(&p, text.as_bytes()).map_err(|e| {
            Failure::Usage(tr!(
                lang,
                "{}: kann nicht geschrieben werden: {e}",
                "{}: cannot be written: {e}",
                p.display()
            ))
        })?;
    }
    if !ctx.quiet {
        ctx.note(&tr!(
            lang,
            "OSCAL 1.1.3 geschrieben nach {}: {CATALOG_FILE}, {AR_FILE}, {POAM_FILE} ({} Antworten, {} Lücken)",
            "OSCAL 1.1.3 written to {}: {CATALOG_FILE}, {AR_FILE}, {POAM_FILE} ({} answers, {} gaps)",
            a.output.display(),
            score.overall.answered + score.overall.na,
            score.gaps.len()
        ));
        if a.targets == TargetsArg::Grundschutz {
            ctx.note(&tr!(
                lang,
                "Hinweis: Befunde je Grundschutz++-Anforderung decken die Anforderungen nur teilweise ab.",
                "Note: findings per Grundschutz++ control cover the controls only partially."
            ));
        }
    }
    Ok(Outcome::Done)
}

/// Whether `out` names the same file as `input` (also through links), or would.
fn same_file(out: &Path, input: &Path) -> bool {
    let Ok(inp) = std::fs::canonicalize(input) else {
        return false;
    };
    if let Ok(o) = std::fs::canonicalize(out) {
        return o == inp;
    }
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(dir), out.file_name()) {
        (Ok(d), Some(n)) => d.join(n) == inp,
        _ => false,
    }
}

fn no_export(f: Findings, lang: crate::i18n::Lang) -> Failure {
    Failure::Findings(
        f,
        tr!(
            lang,
            "Kein Export: Die Bewertungsdatei hat Fehler (siehe oben).",
            "No export: the assessment file has errors (see above)."
        ),
    )
}
