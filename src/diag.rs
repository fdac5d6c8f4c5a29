//! Findings about input files (file, line, column, value, hint) and their three renderings:
//! human (miette), JSON (stable, versioned) and GitHub workflow annotations.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use crate::i18n::Lang;
use crate::model::Loc;
use crate::tr;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong; exit code 1.
    Error,
    /// The input works but should be improved; an error with `--strict`.
    Warning,
}

/// One finding about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case identifier of the rule (e.g. `unknown-key`).
    pub code: &'static str,
    /// The file, as given by the user (or `checklists/…` for the built-in set).
    pub file: String,
    /// Where in the file.
    #[serde(skip)]
    pub loc: Loc,
    /// What is wrong, in the chosen language.
    pub message: String,
    /// The offending value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// How to fix it, in the chosen language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error at `loc` in `file`.
    pub fn error(code: &'static str, file: &str, loc: Loc, message: String) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_owned(),
            loc,
            message,
            value: None,
            hint: None,
        }
    }

    /// A warning at `loc` in `file`.
    pub fn warning(code: &'static str, file: &str, loc: Loc, message: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, loc, message)
        }
    }

    /// Adds the offending value.
    pub fn value(mut self, v: impl Into<String>) -> Self {
        self.value = Some(v.into());
        self
    }

    /// Adds a hint on how to fix it.
    pub fn hint(mut self, h: impl Into<String>) -> Self {
        self.hint = Some(h.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn maybe_hint(mut self, h: Option<String>) -> Self {
        self.hint = h;
        self
    }

    /// The value, unless the message already quotes it.
    fn value_to_show(&self) -> Option<&str> {
        self.value
            .as_deref()
            .filter(|v| !self.message.contains(&format!("`{v}`")))
    }

    /// `file:line:column` (or just the file when the place is unknown).
    pub fn place(&self) -> String {
        if self.loc.is_known() {
            format!("{}:{}:{}", self.file, self.loc.line, self.loc.column)
        } else {
            self.file.clone()
        }
    }
}

/// All findings of one run, with the sources they point into (for the human rendering).
#[derive(Debug, Default, Clone)]
pub struct Findings {
    /// The findings, in the order the files and checks ran.
    pub diagnostics: Vec<Diagnostic>,
    /// File name → content, for the files that could be read.
    pub sources: BTreeMap<String, Arc<str>>,
    /// How many files were read.
    pub files: usize,
}

impl Findings {
    /// Adds one finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    /// Turns every warning into an error (`--strict`).
    pub fn make_strict(&mut self) {
        for d in &mut self.diagnostics {
            d.severity = Severity::Error;
        }
    }

    /// The findings in reading order: by file, line and column (a finding without a place
    /// first in its file); findings at the same place keep the order the checks ran in.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut v: Vec<&Diagnostic> = self.diagnostics.iter().collect();
        v.sort_by(|a, b| {
            (a.file.as_str(), a.loc.line, a.loc.column).cmp(&(
                b.file.as_str(),
                b.loc.line,
                b.loc.column,
            ))
        });
        v
    }

    /// Adds the findings and sources of another run.
    pub fn extend(&mut self, other: Findings) {
        self.diagnostics.extend(other.diagnostics);
        self.sources.extend(other.sources);
        self.files += other.files;
    }
}

/// Output format of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Readable text with the source excerpt (miette).
    Human,
    /// One JSON document (format documented in docs/validate-json.md).
    Json,
    /// GitHub Actions workflow annotations (`::error file=…`).
    Github,
    /// GitLab code-quality report (`artifacts: reports: codequality:`), a JSON array.
    Gitlab,
}

/// Options of the human rendering.
#[derive(Debug, Clone, Copy)]
pub struct HumanStyle {
    /// Use colour (only on a terminal and without NO_COLOR).
    pub color: bool,
    /// Width to wrap at.
    pub width: usize,
}

/// Renders the findings for a person: one miette report each, then a summary line.
pub fn render_human(f: &Findings, style: HumanStyle, lang: Lang) -> String {
    let theme = if style.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for d in f.sorted() {
        let sev = match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        };
        let mut message = format!("{}: {}", d.place(), d.message);
        if let Some(v) = d.value_to_show() {
            let _ = write!(
                message,
                " ({}: {})",
                tr!(lang, "Wert", "value"),
                shorten(v, 80)
            );
        }
        let mut md = miette::MietteDiagnostic::new(message)
            .with_severity(sev)
            .with_code(d.code);
        if let Some(h) = &d.hint {
            md = md.with_help(h.clone());
        }
        let source = f.sources.get(&d.file);
        let rendered = match (source, d.loc.offset) {
            (Some(src), Some(off))
                if off <= src.len() && line_len_at(src, off) <= MAX_SNIPPET_LINE =>
            {
                let len = d.loc.len.min(src.len() - off);
                md = md.with_label(miette::LabeledSpan::at(off..off + len, d.code));
                let report = miette::Report::new(md)
                    .with_source_code(miette::NamedSource::new(&d.file, src.to_string()));
                render_one(&handler, report.as_ref())
            }
            _ => render_one(&handler, &md),
        };
        out.push_str(&rendered);
    }
    let (e, w, n) = (f.errors(), f.warnings(), f.files);
    out.push_str(&tr!(
        lang,
        "{n} Datei(en) geprüft: {e} Fehler, {w} Warnung(en)\n",
        "{n} file(s) checked: {e} error(s), {w} warning(s)\n"
    ));
    out
}

/// Lines longer than this are not shown as a source excerpt (a minified or generated file).
const MAX_SNIPPET_LINE: usize = 400;

fn line_len_at(src: &str, off: usize) -> usize {
    let start = src[..off].rfind('\n').map_or(0, |i| i + 1);
    let end = src[off..].find('\n').map_or(src.len(), |i| off + i);
    end - start
}

fn render_one(handler: &miette::GraphicalReportHandler, d: &dyn miette::Diagnostic) -> String {
    let mut s = String::new();
    if handler.render_report(&mut s, d).is_err() {
        s.clear();
        s.push_str(&d.to_string());
        s.push('\n');
    }
    s
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// The JSON document of `validate --format json` (version 1; see docs/validate-json.md).
#[derive(Debug, Serialize)]
struct JsonOut<'a> {
    version: u32,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiag<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Debug, Serialize)]
struct JsonDiag<'a> {
    #[serde(flatten)]
    d: &'a Diagnostic,
    line: Option<u32>,
    column: Option<u32>,
}

/// Renders the findings as one JSON document.
pub fn render_json(f: &Findings) -> String {
    let out = JsonOut {
        version: 1,
        summary: JsonSummary {
            files: f.files,
            errors: f.errors(),
            warnings: f.warnings(),
        },
        diagnostics: f
            .sorted()
            .into_iter()
            .map(|d| JsonDiag {
                d,
                line: d.loc.is_known().then_some(d.loc.line),
                column: d.loc.is_known().then_some(d.loc.column),
            })
            .collect(),
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// Renders the findings as GitHub Actions workflow commands, one line each.
pub fn render_github(f: &Findings, lang: Lang) -> String {
    let mut out = String::new();
    for d in f.sorted() {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = format!("file={}", gh_prop(&d.file));
        if d.loc.is_known() {
            let _ = write!(props, ",line={},col={}", d.loc.line, d.loc.column);
        }
        let _ = write!(
            props,
            ",title={}",
            gh_prop(&format!("cyberkompass {}", d.code))
        );
        let mut msg = d.message.clone();
        if let Some(v) = d.value_to_show() {
            let _ = write!(msg, " ({}: {})", tr!(lang, "Wert", "value"), shorten(v, 80));
        }
        if let Some(h) = &d.hint {
            let _ = write!(msg, "\n{h}");
        }
        let _ = writeln!(out, "::{kind} {props}::{}", gh_data(&msg));
    }
    out
}

/// Renders the findings as GitLab's code-quality report: one issue per finding, errors
/// `major`, warnings `minor`, the hint after the message.
pub fn render_gitlab(f: &Findings, lang: Lang) -> String {
    let issues: Vec<crate::ci::CqIssue> = f
        .sorted()
        .into_iter()
        .map(|d| {
            let mut description = d.message.clone();
            if let Some(v) = d.value_to_show() {
                let _ = write!(
                    description,
                    " ({}: {})",
                    tr!(lang, "Wert", "value"),
                    shorten(v, 80)
                );
            }
            if let Some(h) = &d.hint {
                let _ = write!(description, " – {h}");
            }
            crate::ci::CqIssue {
                description,
                check_name: format!("cyberkompass/{}", d.code),
                path: d.file.clone(),
                line: d.loc.line,
                severity: match d.severity {
                    Severity::Error => crate::ci::CqSeverity::Major,
                    Severity::Warning => crate::ci::CqSeverity::Minor,
                },
                identity: d.value.clone().unwrap_or_else(|| d.message.clone()),
            }
        })
        .collect();
    crate::ci::gitlab_code_quality(&issues)
}

/// Escapes the data (message) part of a GitHub workflow command.
pub(crate) fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (file, title) of a GitHub workflow command.
pub(crate) fn gh_prop(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Up to ten items joined by ", ", then "…" when there are more (for hints).
pub fn list_some<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut it = items.into_iter();
    let mut out: Vec<&str> = it.by_ref().take(10).collect();
    if it.next().is_some() {
        out.push("…");
    }
    out.join(", ")
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&w, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_finds_typos() {
        let keys = ["id", "title", "description", "weight", "questions"];
        assert_eq!(did_you_mean("titel", keys), Some("title"));
        assert_eq!(did_you_mean("question", keys), Some("questions"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }

    #[test]
    fn findings_are_rendered_by_file_line_and_column() {
        let at = |line, column| Loc {
            line,
            column,
            offset: None,
            len: 0,
        };
        let mut f = Findings::default();
        for (file, line, column) in [("b.yaml", 3, 1), ("a.yaml", 34, 2), ("a.yaml", 12, 9)] {
            f.push(Diagnostic::error("x", file, at(line, column), "m".into()));
        }
        f.push(Diagnostic::error("x", "a.yaml", at(12, 3), "m".into()));
        f.push(Diagnostic::error("x", "a.yaml", Loc::default(), "m".into()));
        let places = |text: &str| -> Vec<String> {
            text.lines()
                .filter_map(|l| l.split("file=").nth(1))
                .map(|p| p.split(",title").next().unwrap_or("").to_owned())
                .collect()
        };
        assert_eq!(
            places(&render_github(&f, Lang::En)),
            [
                "a.yaml",
                "a.yaml,line=12,col=3",
                "a.yaml,line=12,col=9",
                "a.yaml,line=34,col=2",
                "b.yaml,line=3,col=1"
            ]
        );
        let j: serde_json::Value = serde_json::from_str(&render_json(&f)).unwrap();
        let lines: Vec<_> = j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["line"].clone())
            .collect();
        assert_eq!(
            lines,
            serde_json::json!([null, 12, 12, 34, 3])
                .as_array()
                .unwrap()
                .clone()
        );
        let human = render_human(
            &f,
            HumanStyle {
                color: false,
                width: 100,
            },
            Lang::En,
        );
        let order: Vec<usize> = ["a.yaml:12:3", "a.yaml:12:9", "a.yaml:34:2", "b.yaml:3:1"]
            .iter()
            .map(|p| human.find(p).unwrap())
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{human}");
    }

    #[test]
    fn github_escapes_properties_and_data() {
        let mut f = Findings::default();
        f.push(
            Diagnostic::error(
                "x",
                "a,b:c.yaml",
                Loc {
                    line: 2,
                    column: 3,
                    offset: None,
                    len: 0,
                },
                "50% wrong".into(),
            )
            .hint("line1\nline2"),
        );
        let out = render_github(&f, Lang::En);
        assert_eq!(
            out,
            "::error file=a%2Cb%3Ac.yaml,line=2,col=3,title=cyberkompass x::50%25 wrong%0Aline1%0Aline2\n"
        );
    }
}
