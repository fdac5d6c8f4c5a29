//! The `validate` command: checks checklist sets, field files and assessment files (each path
//! classified by what it is) and writes every finding as text, JSON or GitHub annotations.

use std::path::{Path, PathBuf};

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::ci::render_gitlab;
use crate::diag::{Findings, Format, HumanStyle, render_github, render_human, render_json};
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
            Target::Assessment(p) => crate::assessment::check_file(&p, &ctx.source, lang),
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
    let text = match format {
        Format::Human => render_human(
            &all,
            HumanStyle {
                color: ctx.color,
                width: ctx.env.stdout_width.map_or(100, usize::from),
            },
            lang,
        ),
        Format::Json => render_json(&all),
        Format::Github => render_github(&all, lang),
        Format::Gitlab => render_gitlab(&all, lang),
    };
    if !(ctx.quiet && format == Format::Human && all.diagnostics.is_empty()) {
        ctx.print(&text);
    }
    Ok(if all.errors() > 0 {
        Outcome::FindingsShown
    } else {
        Outcome::Done
    })
}
