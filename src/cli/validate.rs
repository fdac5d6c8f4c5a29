//! The `validate` command: checks checklist sets, field files and assessment files (each path
//! classified by what it is) and writes every finding as text, JSON or GitHub annotations.

use std::path::{Path, PathBuf};

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::ci::write_gitlab;
use crate::diag::{Findings, Format, HumanStyle, render_human, write_github, write_json};
use crate::set::{SetSource, check_set};
use crate::tr;

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Set-Ordner, set.yaml, Handlungsfeld- oder Bewertungsdateien; ohne Pfad das aktive Set
    /// (set folders or files; none: the active set)
    pub paths: Vec<PathBuf>,
    /// Warnungen als Fehler werten (treat warnings as errors)
    #[arg(long)]
    pub strict: bool,
    /// Ausgabeformat (output format): human, json, github, gitlab (Code-Quality-Bericht); Standard:
    /// github unter GitHub Actions, sonst human
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Stichtag JJJJ-MM-TT: meldet Maßnahmen, deren Termin davor liegt und die nicht erledigt
    /// sind (reference day: report actions due before it and not done)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// What a path given to `validate` is.
enum Target {
    Set(PathBuf),
    Field(PathBuf),
    Assessment(PathBuf),
}

fn classify(p: &Path) -> Target {
    if p.is_dir() {
        return Target::Set(p.to_path_buf());
    }
    if p.file_name().is_some_and(|n| n == crate::set::MANIFEST) {
        let dir = p.parent().map(Path::to_path_buf).unwrap_or_default();
        return Target::Set(if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        });
    }
    let is_assessment = crate::assessment::is_assessment_file(p);
    if is_assessment {
        Target::Assessment(p.to_path_buf())
    } else {
        Target::Field(p.to_path_buf())
    }
}

/// `cyberkompass validate`.
pub fn run(ctx: &mut Ctx, a: ValidateArgs) -> CmdResult {
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
    let mut all = Findings::default();
    let targets: Vec<Target> = if a.paths.is_empty() {
        vec![match &ctx.source {
            SetSource::Builtin => Target::Set(PathBuf::new()),
            SetSource::Dir(d) => Target::Set(d.clone()),
        }]
    } else {
        let mut v = Vec::new();
        for p in &a.paths {
            if std::fs::symlink_metadata(p).is_err() {
                return Err(Failure::Usage(tr!(
                    lang,
                    "{}: Datei oder Ordner nicht gefunden",
                    "{}: no such file or folder",
                    p.display()
                )));
            }
            v.push(classify(p));
        }
        v
    };
    for t in targets {
        let result = match t {
            Target::Set(d) => {
                let src = if d.as_os_str().is_empty() {
                    SetSource::Builtin
                } else {
                    SetSource::Dir(d)
                };
                check_set(&src, lang)
            }
            Target::Field(p) => crate::set::check_field_file(&p, lang),
            Target::Assessment(p) => {
                crate::assessment::check_file_as_of(&p, &ctx.source, lang, a.date.as_deref())
            }
        };
        match result {
            Ok(f) => all.extend(f),
            Err(msg) => return Err(Failure::Usage(msg)),
        }
    }
    if a.strict {
        all.make_strict();
    }
    let format = a.format.unwrap_or(if ctx.env.github_actions {
        Format::Github
    } else {
        Format::Human
    });
    match format {
        Format::Human => {
            let text = render_human(
                &all,
                HumanStyle {
                    color: ctx.color,
                    width: ctx.env.stdout_width.map_or(100, usize::from),
                },
                lang,
            );
            if !(ctx.quiet && all.diagnostics.is_empty()) {
                ctx.print_coloured(&text);
            }
        }
        // JSON, workflow commands and the code-quality report hold every finding: written in
        // pieces as they are rendered, never as one string.
        Format::Json => {
            let _ = write_json(&all, &mut Printer::new(ctx));
        }
        Format::Github => {
            let _ = write_github(&all, lang, &mut Printer::new(ctx));
        }
        Format::Gitlab => {
            let _ = write_gitlab(&all, lang, &mut Printer::new(ctx));
        }
    }
    Ok(if all.errors() > 0 {
        Outcome::FindingsShown
    } else {
        Outcome::Done
    })
}

/// Passes rendered output to [`Ctx::print`] in pieces of about 64 KiB, each cut at a
/// character boundary (the rest waits for the next piece).
struct Printer<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    buf: Vec<u8>,
}

impl<'c, 'a> Printer<'c, 'a> {
    const PIECE: usize = 64 * 1024;

    fn new(ctx: &'c mut Ctx<'a>) -> Self {
        Printer {
            ctx,
            buf: Vec::with_capacity(Self::PIECE + 4096),
        }
    }

    fn emit(&mut self) {
        if self.buf.is_empty() {
            return;
        }
        // Whole characters only: a piece cut inside one keeps its start for the next piece.
        let ok = match std::str::from_utf8(&self.buf) {
            Ok(s) => {
                self.ctx.print(s);
                self.buf.clear();
                return;
            }
            Err(e) => e.valid_up_to(),
        };
        if let Ok(s) = std::str::from_utf8(&self.buf[..ok]) {
            self.ctx.print(s);
        }
        self.buf.drain(..ok);
    }
}

/// Text rendered as text (the GitLab report) needs no check: a piece of at least 64 KiB goes
/// to [`Ctx::print`] as it is, unless bytes wait before it.
impl std::fmt::Write for Printer<'_, '_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.buf.is_empty() && s.len() >= Self::PIECE {
            self.ctx.print(s);
        } else {
            let _ = std::io::Write::write(self, s.as_bytes());
        }
        Ok(())
    }
}

impl std::io::Write for Printer<'_, '_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= Self::PIECE {
            self.emit();
        }
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.emit();
        Ok(())
    }
}

impl Drop for Printer<'_, '_> {
    fn drop(&mut self) {
        self.emit();
    }
}
