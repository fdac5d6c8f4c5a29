//! The command `compare`: reads two or more assessment files, checks and scores each exactly
//! as `score` does, compares them with [`crate::compare`] and renders the comparison as text,
//! Markdown, HTML, CSV or JSON, to stdout or atomically to a file.

use std::path::PathBuf;

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use super::score::{file_failure, score_checked};
use crate::assessment::{Checked, check_read, read_for_check};
use crate::compare::{Input, SetIdMismatch, compare, order_keys, render, set_id_mismatch};
use crate::i18n::Lang;
use crate::tr;

/// Arguments of `compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Zwei oder mehr Bewertungsdateien desselben Sets; die Reihenfolge ergibt sich aus ihrem
    /// Datum (two or more assessment files of the same set; ordered by their date)
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Ausgabeformat (output format)
    #[arg(long, value_enum, default_value = "text")]
    pub format: CompareFormat,
    /// In diese Datei schreiben statt auf stdout; atomar (write to this file, atomically)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// Output formats of `compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// Tabelle und Änderungen für das Terminal (table and changes for the terminal)
    Text,
    /// GitHub-Markdown
    Md,
    /// Eigenständige HTML-Datei mit Verlaufsdiagramm ab drei Dateien (self-contained HTML)
    Html,
    /// Das Datenmodell (schema: `cyberkompass schema compare`)
    Json,
    /// Langform: eine Zeile je Datei × Frage (long form: one record per file × question)
    Csv,
}

/// The error of files of different sets.
pub(super) fn mismatch_failure(e: &SetIdMismatch, lang: Lang) -> Failure {
    Failure::Failed(tr!(
        lang,
        "Die Dateien gehören zu verschiedenen Checklisten-Sets und lassen sich nicht vergleichen: {} hat das Set `{}`, {} das Set `{}`. Vergleichen Sie nur Bewertungen desselben Sets.",
        "The files belong to different checklist sets and cannot be compared: {} has set `{}`, {} has set `{}`. Compare only assessments of the same set.",
        e.first.0,
        e.first.1,
        e.other.0,
        e.other.1
    ))
}

/// `cyberkompass compare`.
pub fn run(ctx: &mut Ctx, a: CompareArgs) -> CmdResult {
    let lang = ctx.lang;
    let names: Vec<String> = a.files.iter().map(|p| p.display().to_string()).collect();
    let mut read = Vec::with_capacity(a.files.len());
    for p in &a.files {
        read.push(read_for_check(p, lang).map_err(|e| file_failure(e, lang))?);
    }
    // Different sets are an error before anything is scored; named in date order so that the
    // message does not depend on the order of the arguments.
    let keys: Vec<(Option<&str>, &str, &str)> = read
        .iter()
        .zip(&names)
        .map(|(r, n)| {
            let d =
                r.0.file
                    .updated
                    .as_ref()
                    .or(r.0.file.created.as_ref())
                    .map(|d| d.value.as_str());
            (d, r.0.sha256.as_str(), n.as_str())
        })
        .collect();
    let ord = order_keys(&keys);
    let named: Vec<(&str, &crate::assessment::AssessmentFile)> = ord
        .iter()
        .map(|&i| (names[i].as_str(), &read[i].0.file))
        .collect();
    if let Some(e) = set_id_mismatch(&named) {
        return Err(mismatch_failure(&e, lang));
    }
    let set = ctx.load_set()?;
    let mut checked: Vec<Checked> = Vec::with_capacity(read.len());
    let mut scores = Vec::with_capacity(read.len());
    for (r, n) in read.into_iter().zip(&names) {
        let c = check_read(r, n, &set, lang, false).map_err(|e| file_failure(e, lang))?;
        scores.push(score_checked(ctx, &set, &c, None));
        checked.push(c);
    }
    let inputs: Vec<Input> = checked
        .iter()
        .zip(&names)
        .zip(&scores)
        .map(|((r, n), s)| Input {
            name: n,
            sha256: &r.sha256,
            file: &r.file,
            score: s,
        })
        .collect();
    let c = compare(&set, &inputs).map_err(|e| mismatch_failure(&e, lang))?;
    // Control characters and bidi overrides from any input are shown visibly, on stdout and in
    // the file alike (as in `report`).
    let text = match a.format {
        CompareFormat::Text => {
            crate::sanitize::terminal(&render::to_text(&c, lang, ctx.table_target())).into_owned()
        }
        CompareFormat::Md => crate::sanitize::report(&render::to_markdown(&c, lang)).into_owned(),
        CompareFormat::Html => crate::sanitize::report(&render::to_html(&c, lang)).into_owned(),
        CompareFormat::Csv => crate::sanitize::report(&render::to_csv(&c, lang)).into_owned(),
        CompareFormat::Json => {
            let mut j = serde_json::to_string_pretty(&c).unwrap_or_default();
            j.push('\n');
            crate::sanitize::json(&j).into_owned()
        }
    };
    match &a.output {
        None => ctx.print(&text),
        Some(p) => {
            let written = tr!(
                lang,
                "Vergleich geschrieben: {}",
                "Comparison written: {}",
                p.display()
            );
            ctx.write_output(
                p,
                text.as_bytes(),
                a.files.iter().map(PathBuf::as_path),
                &written,
            )?;
        }
    }
    Ok(Outcome::Done)
}
