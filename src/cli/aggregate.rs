//! The `aggregate` command: finds the assessment files under the given paths, reads, checks
//! and scores them on all cores (a work queue over the paths; each thread folds its own
//! [`crate::aggregate::Groups`], merged at the end; no file is kept after it is folded), and
//! writes the anonymised aggregate as Markdown, HTML, JSON or CSV.

use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::aggregate::{self, BuildOptions, Counts, DEFAULT_MIN_GROUP, FileMeta, Groups};
use crate::assessment::{self, AssessmentFile, Checked, FileError};
use crate::diag::{Diagnostic, Findings, did_you_mean};
use crate::i18n::Lang;
use crate::model::ChecklistSet;
use crate::scoring::{ScoreOptions, ScoreResult, score_figures};
use crate::tr;

/// Output formats of `aggregate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AggregateFormat {
    /// Markdown.
    Md,
    /// Self-contained HTML with SVG charts, no script.
    Html,
    /// JSON (schema: `cyberkompass schema aggregate`).
    Json,
    /// CSV, one row per question and group, for BI tools.
    Csv,
}

/// Grouping of `aggregate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupBy {
    /// By the assessment key `segment:`.
    Segment,
}

/// Arguments of `aggregate`.
#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// Bewertungsdateien oder Ordner mit *.yaml/*.yml (assessment files or folders)
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Unterordner einbeziehen (descend into subfolders; symbolic links to folders are not followed)
    #[arg(long)]
    pub recursive: bool,
    /// Ausgabeformat (output format)
    #[arg(long, value_enum, default_value = "md")]
    pub format: AggregateFormat,
    /// In diese Datei schreiben statt auf stdout; atomar (write to this file, atomically)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Zielprofil für alle statt des Profils jeder Datei (target profile for all files)
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// Zusätzlich je Segment auswerten (also per segment)
    #[arg(long, value_enum, value_name = "KEY")]
    pub group_by: Option<GroupBy>,
    /// Kleinste gezeigte Gruppe K; kleinere werden zusammengefasst (smallest group shown)
    #[arg(long, value_name = "K", default_value_t = DEFAULT_MIN_GROUP,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub min_group: u32,
    /// Nur vollständige Bewertungen zählen (count complete assessments only)
    #[arg(long)]
    pub complete_only: bool,
    /// Diese Organisation mit den übrigen vergleichen (compare this organisation with the others)
    #[arg(long, value_name = "ORG.yaml")]
    pub benchmark: Option<PathBuf>,
    /// Tabelle je Organisation mit Namen – nur für den internen Gebrauch (a table per organisation, with names; internal use)
    #[arg(long)]
    pub identify: bool,
    /// Ungültige Dateien überspringen statt abzubrechen (skip invalid files instead of failing)
    #[arg(long)]
    pub allow_invalid: bool,
}

/// Finds the assessment files under `paths`, sorted and without duplicates.
fn collect(paths: &[PathBuf], recursive: bool, lang: Lang) -> Result<Vec<PathBuf>, Failure> {
    fn walk(
        dir: &Path,
        recursive: bool,
        out: &mut Vec<PathBuf>,
        lang: Lang,
    ) -> Result<(), Failure> {
        let rd = std::fs::read_dir(dir).map_err(|e| {
            Failure::Usage(tr!(
                lang,
                "{}: Ordner kann nicht gelesen werden: {e}",
                "{}: folder cannot be read: {e}",
                dir.display()
            ))
        })?;
        for e in rd.flatten() {
            let p = e.path();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if recursive {
                    walk(&p, recursive, out, lang)?;
                }
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml")
                && (ft.is_file() || p.is_file())
            {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        let Ok(md) = std::fs::metadata(p) else {
            return Err(Failure::Usage(tr!(
                lang,
                "{}: Datei oder Ordner nicht gefunden",
                "{}: no such file or folder",
                p.display()
            )));
        };
        if md.is_dir() {
            walk(p, recursive, &mut out, lang)?;
        } else {
            out.push(p.clone());
        }
    }
    // The same file named twice (a folder and a file in it, `./x` and `x`) counts once.
    let mut keyed: Vec<(PathBuf, PathBuf)> = out
        .into_iter()
        .map(|p| (std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone()), p))
        .collect();
    keyed.sort();
    keyed.dedup_by(|a, b| a.0 == b.0);
    let mut out: Vec<PathBuf> = keyed.into_iter().map(|(_, p)| p).collect();
    out.sort();
    Ok(out)
}

/// The check `aggregate` adds to those of `validate`: the set's id must be the active set's.
fn set_id_error(
    file: &AssessmentFile,
    set: &ChecklistSet,
    name: &str,
    lang: Lang,
) -> Option<Diagnostic> {
    let (have, want) = (&file.set.id, &set.manifest.id.value);
    if have.value != *want {
        Some(
            Diagnostic::error(
                "set-id",
                name,
                have.loc,
                tr!(
                    lang,
                    "die Bewertung gehört zum Set `{}`, ausgewertet wird das Set `{want}`",
                    "the assessment belongs to set `{}`, the set aggregated is `{want}`",
                    have.value
                ),
            )
            .hint(tr!(
                lang,
                "Werten Sie nur Bewertungen desselben Sets zusammen aus (--checklists wählt das Set).",
                "Aggregate assessments of one set only (--checklists chooses the set)."
            )),
        )
    } else {
        None
    }
}

/// One file read, checked and scored.
enum Scored {
    /// The score, the file as read, its warnings.
    Valid(Box<(ScoreResult, Checked)>),
    Invalid(Findings),
    Unusable(String),
}

fn score_one(path: &Path, set: &ChecklistSet, lang: Lang, profile: Option<&str>) -> Scored {
    let name = path.display().to_string();
    let checked = assessment::read_for_check::<Infallible>(path, lang).and_then(|r| {
        let other = set_id_error(&r.0.file, set, &name, lang);
        match (
            assessment::check_read(r, &name, set, lang, profile.is_some()),
            other,
        ) {
            (Ok(c), None) => Ok(c),
            (Ok(c), Some(d)) => {
                let mut f = c.warnings;
                f.push(d);
                Err(FileError::Invalid(f))
            }
            (Err(FileError::Invalid(mut f)), Some(d)) => {
                f.push(d);
                Err(FileError::Invalid(f))
            }
            (Err(e), _) => Err(e),
        }
    });
    let c = match checked {
        Ok(c) => c,
        Err(FileError::Unreadable(f) | FileError::Invalid(f)) => return Scored::Invalid(f),
        Err(FileError::Unusable(m)) => return Scored::Unusable(m),
        Err(FileError::Set(never)) => match never {},
    };
    let r = score_figures(
        set,
        &c.file,
        &ScoreOptions {
            profile: profile.map(str::to_owned),
        },
    );
    Scored::Valid(Box::new((r, c)))
}

/// What one worker thread collected.
#[derive(Default)]
struct Part {
    groups: Groups,
    bad: Vec<(usize, Result<Findings, String>)>,
    read: u64,
    excluded: u64,
    warned_files: u64,
}

/// At most this many invalid files keep their text for the snippets of the error listing
/// (bounded memory however many files are broken).
const BAD_WITH_SOURCE: usize = 50;

fn work(
    paths: &[PathBuf],
    next: &AtomicUsize,
    done: &AtomicUsize,
    set: &ChecklistSet,
    lang: Lang,
    a: &AggregateArgs,
) -> Part {
    let mut p = Part::default();
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(path) = paths.get(i) else { break };
        p.read += 1;
        match score_one(path, set, lang, a.profile.as_deref()) {
            Scored::Valid(v) => {
                let (r, rf) = *v;
                p.warned_files += u64::from(rf.warnings.warnings() > 0);
                if a.complete_only && r.overall.provisional {
                    p.excluded += 1;
                } else {
                    let file = &rf.file;
                    let date = file.updated.as_ref().or(file.created.as_ref());
                    p.groups.add(
                        set,
                        file.segment.as_ref().map(|s| s.value.as_str()),
                        &r,
                        FileMeta {
                            sha256: &rf.sha256,
                            set_version: &file.set.version,
                            date: date.map(|d| d.value.as_str()),
                            keep_row: a.identify,
                        },
                    );
                }
            }
            Scored::Invalid(mut f) => {
                if p.bad.len() >= BAD_WITH_SOURCE {
                    f.sources.clear();
                }
                p.bad.push((i, Ok(f)));
            }
            Scored::Unusable(m) => p.bad.push((i, Err(m))),
        }
        done.fetch_add(1, Ordering::Relaxed);
    }
    p
}

/// A progress line on stderr: `[#####·····] 512/10000`.
fn progress_line(done: usize, total: usize) -> String {
    let width = 30;
    let filled = (done * width / total.max(1)).min(width);
    format!(
        "\r[{}{}] {done}/{total}",
        "#".repeat(filled),
        "·".repeat(width - filled)
    )
}

fn check_profile(set: &ChecklistSet, p: &str, lang: Lang) -> Result<(), Failure> {
    if set.profile(p).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = set
        .manifest
        .profiles
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let hint = did_you_mean(p, ids.iter().copied())
        .map(|s| tr!(lang, " Meinten Sie `{s}`?", " Did you mean `{s}`?"))
        .unwrap_or_else(|| tr!(lang, " Profile: {}", " Profiles: {}", ids.join(", ")));
    Err(Failure::Usage(tr!(
        lang,
        "unbekanntes Profil `{p}`.{hint}",
        "unknown profile `{p}`.{hint}"
    )))
}

/// `cyberkompass aggregate`.
pub fn run(ctx: &mut Ctx, a: AggregateArgs) -> CmdResult {
    let lang = ctx.lang;
    let set = ctx.load_set()?;
    if let Some(p) = &a.profile {
        check_profile(&set, p, lang)?;
    }
    let paths = collect(&a.paths, a.recursive, lang)?;
    if let Some(out) = &a.output
        && crate::atomic::is_input(
            out,
            paths
                .iter()
                .map(PathBuf::as_path)
                .chain(a.benchmark.as_deref()),
        )
        .is_some()
    {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: das ist eine der Bewertungsdateien; wählen Sie mit -o einen anderen Namen.",
            "{}: that is one of the assessment files; choose another name with -o.",
            out.display()
        )));
    }
    // The benchmarked organisation: checked like every input.
    let bench_file = match &a.benchmark {
        None => None,
        Some(b) => match score_one(b, &set, lang, a.profile.as_deref()) {
            Scored::Valid(v) => {
                let (r, rf) = *v;
                Some((r, rf.sha256))
            }
            Scored::Invalid(f) => {
                return Err(Failure::Findings(
                    f,
                    tr!(
                        lang,
                        "Die Datei von --benchmark ist ungültig; es wurde nichts geschrieben.",
                        "The --benchmark file is invalid; nothing was written."
                    ),
                ));
            }
            Scored::Unusable(m) => return Err(Failure::Usage(m)),
        },
    };
    let started = Instant::now();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, paths.len().max(1));
    let mut parts: Vec<Part> = Vec::with_capacity(threads);
    let mut drew = false;
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| s.spawn(|| work(&paths, &next, &done, &set, lang, &a)))
            .collect();
        while !handles.iter().all(|h| h.is_finished()) {
            std::thread::sleep(Duration::from_millis(50));
            if ctx.env.stderr_tty && started.elapsed() > Duration::from_secs(1) && !ctx.quiet {
                let line = progress_line(done.load(Ordering::Relaxed), paths.len());
                let _ = ctx.err.write_all(line.as_bytes());
                let _ = ctx.err.flush();
                drew = true;
            }
        }
        for h in handles {
            match h.join() {
                Ok(p) => parts.push(p),
                Err(e) => std::panic::resume_unwind(e),
            }
        }
    });
    if drew {
        let _ = ctx.err.write_all(b"\r\x1b[2K");
    }
    let mut groups = Groups::default();
    let mut counts = Counts::default();
    let mut bad = Vec::new();
    let mut warned = 0;
    for p in parts {
        groups.merge(p.groups);
        counts.read += p.read;
        counts.excluded_provisional += p.excluded;
        warned += p.warned_files;
        bad.extend(p.bad);
    }
    bad.sort_by_key(|(i, _)| *i);
    counts.skipped_invalid = bad.len() as u64;
    if !bad.is_empty() {
        let mut all = Findings::default();
        let mut unusable = Vec::new();
        for (i, r) in bad {
            match r {
                Ok(f) => all.extend(f),
                Err(m) => {
                    unusable.push(m);
                    let _ = i;
                }
            }
        }
        if !a.allow_invalid {
            let mut meaning = unusable.join("\n");
            if !meaning.is_empty() {
                meaning.push('\n');
            }
            meaning.push_str(&tr!(
                lang,
                "{} von {} Dateien sind ungültig; es wurde nichts geschrieben. --allow-invalid überspringt sie (sie werden gezählt).",
                "{} of {} files are invalid; nothing was written. --allow-invalid skips them (they are counted).",
                counts.skipped_invalid,
                counts.read
            ));
            return Err(Failure::Findings(all, meaning));
        }
        if !ctx.quiet {
            let mut names: Vec<String> = all
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .map(|d| d.file.to_string())
                .collect();
            names.dedup();
            names.extend(unusable);
            let mut text = tr!(
                lang,
                "übersprungen (ungültig), {} Datei(en):",
                "skipped (invalid), {} file(s):",
                counts.skipped_invalid
            );
            for n in names {
                text.push_str("\n  ");
                text.push_str(&crate::terminal::escape(&n));
            }
            ctx.note(&text);
        }
    }
    if warned > 0 && !ctx.quiet {
        ctx.note(&tr!(
            lang,
            "{warned} Datei(en) mit Warnungen (z. B. ein anderer Stand des Sets); `cyberkompass validate` zeigt sie.",
            "{warned} file(s) with warnings (e.g. another state of the set); `cyberkompass validate` shows them."
        ));
    }
    let counted = groups.0.values().map(|f| f.files()).sum::<u64>();
    if counted < u64::from(a.min_group) && !a.identify {
        return Err(Failure::Failed(tr!(
            lang,
            "zu wenige Bewertungen ({counted} < {}): unter K Organisationen wäre jede erkennbar. --identify wertet trotzdem aus (mit Namen, nur intern).",
            "too few assessments ({counted} < {}): below K organisations each would be recognisable. --identify aggregates anyway (with names, internal use only).",
            a.min_group
        )));
    }
    let total = groups.total(&set);
    let bench = bench_file.map(|(r, sha)| aggregate::benchmark(&r, &sha, &total));
    drop(total);
    let agg = aggregate::build(
        &set,
        &groups,
        counts,
        &BuildOptions {
            profile: a.profile.clone(),
            group_by_segment: a.group_by.is_some(),
            min_group: a.min_group,
            identify: a.identify,
        },
        bench,
    );
    let text = match a.format {
        AggregateFormat::Json => aggregate::to_json(&agg),
        AggregateFormat::Md => crate::report::aggregate::to_markdown(&agg, &set, lang),
        AggregateFormat::Html => crate::report::aggregate::to_html(&agg, &set, lang),
        AggregateFormat::Csv => crate::report::aggregate::to_csv(&agg, lang),
    };
    match &a.output {
        None => {
            ctx.print(&text);
            Ok(Outcome::Done)
        }
        Some(p) => {
            let written = tr!(
                lang,
                "Auswertung geschrieben: {}",
                "Aggregate written: {}",
                p.display()
            );
            ctx.write_output(
                p,
                text.as_bytes(),
                paths.iter().map(PathBuf::as_path),
                &written,
            )?;
            Ok(Outcome::Done)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_line_fills_in_proportion() {
        assert!(progress_line(0, 10).contains("0/10"));
        assert!(progress_line(10, 10).starts_with("\r[##############################]"));
        assert!(progress_line(5, 0).contains("5/0"));
    }
}
