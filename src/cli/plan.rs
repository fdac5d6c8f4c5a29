//! The `plan` command: reads, checks and scores an assessment (as `score` does), builds the
//! action plan from the score's gap list ([`crate::plan`]) and writes it as CSV, CSV for Excel,
//! JSON, Markdown or issue-tracker JSON to stdout or atomically to a file. Gaps are the normal
//! content of a plan, so it exits 0 when there are gaps.

use std::path::PathBuf;

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use super::score::load_and_score;
use crate::plan::{CsvStyle, PlanOptions, reference_day};
use crate::tr;

/// Arguments of `plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Die Bewertungsdatei (the assessment file)
    pub file: PathBuf,
    /// Ausgabeformat (output format)
    #[arg(long, value_enum, default_value = "csv")]
    pub format: PlanFormat,
    /// In diese Datei schreiben statt auf stdout; atomar (write to this file, atomically)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Zielprofil statt des Profils der Datei (target profile instead of the file's)
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// Nur Lücken kritischer Fragen (only the gaps of critical questions)
    #[arg(long)]
    pub critical_only: bool,
    /// Stichtag für „überfällig“, JJJJ-MM-TT; sonst SOURCE_DATE_EPOCH, sonst `updated` der
    /// Datei (reference day for "overdue"; else SOURCE_DATE_EPOCH, else the file's `updated`)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// Output formats of `plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    /// CSV nach RFC 4180 (`,`, CRLF) (CSV per RFC 4180).
    Csv,
    /// CSV für Excel: BOM, `;`, CRLF (CSV for Excel with German settings).
    Excel,
    /// JSON (schema: `cyberkompass schema plan`).
    Json,
    /// Markdown-Tabelle (a Markdown table).
    Md,
    /// JSON für ein Ticketsystem (issue-tracker JSON: title, body, labels, marker).
    Issues,
}

/// `cyberkompass plan`.
pub fn run(ctx: &mut Ctx, a: PlanArgs) -> CmdResult {
    let lang = ctx.lang;
    // Check the arguments before reading anything.
    if let Some(d) = &a.date
        && !crate::assessment::is_date(d)
    {
        return Err(Failure::Usage(
            reference_day(Some(d), None, None, lang)
                .err()
                .unwrap_or_default(),
        ));
    }
    if let Some(out) = &a.output
        && crate::atomic::is_input(out, [a.file.as_path()]).is_some()
    {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: das ist die Bewertungsdatei selbst; der Plan würde sie überschreiben. Wählen Sie mit -o einen anderen Namen (z. B. plan.csv).",
            "{}: that is the assessment file itself; the plan would overwrite it. Choose another name with -o (e.g. plan.csv).",
            out.display()
        )));
    }
    let s = load_and_score(ctx, &a.file, a.profile.as_deref())?;
    let updated = s.file.updated.as_ref().map(|u| u.value.as_str());
    let as_of = reference_day(
        a.date.as_deref(),
        ctx.env.source_date_epoch.as_deref(),
        updated,
        lang,
    )
    .map_err(Failure::Usage)?;
    let plan = crate::plan::build(
        &s.result,
        &s.file,
        &PlanOptions {
            critical_only: a.critical_only,
            as_of,
        },
    );
    let text = match a.format {
        PlanFormat::Csv => crate::plan::to_csv(&plan, lang, CsvStyle::Rfc4180),
        PlanFormat::Excel => crate::plan::to_csv(&plan, lang, CsvStyle::Excel),
        PlanFormat::Json => crate::plan::to_json(&plan),
        PlanFormat::Md => crate::plan::to_markdown(&plan, lang),
        PlanFormat::Issues => crate::plan::to_issues_json(&plan, lang),
    };
    let result = match &a.output {
        None => {
            ctx.print_data(&text);
            Ok(Outcome::Done)
        }
        Some(p) => {
            let written = tr!(
                lang,
                "Maßnahmenplan geschrieben: {} ({} Lücken)",
                "Action plan written: {} ({} gaps)",
                p.display(),
                plan.items.len()
            );
            ctx.write_output(p, text.as_bytes(), [a.file.as_path()], &written)
                .map(|()| Outcome::Done)
        }
    };
    ctx.discard((s, plan));
    result
}
