//! Findings about input files (file, line, column, value, hint) and their three renderings:
//! human (miette), JSON (stable, versioned) and GitHub workflow annotations.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use serde::{Serialize, Serializer};

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

/// One finding about one place in one file. The file name and the hint are shared between
/// the findings of a [`Findings`] (a flood of findings of one kind costs one copy of each).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case identifier of the rule (e.g. `unknown-key`).
    pub code: &'static str,
    /// The file, as given by the user (or `checklists/…` for the built-in set).
    #[serde(serialize_with = "arc_str")]
    pub file: Arc<str>,
    /// Where in the file.
    #[serde(skip)]
    pub loc: Loc,
    /// What is wrong, in the chosen language.
    pub message: String,
    /// The offending value, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// How to fix it, in the chosen language.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "opt_arc_str"
    )]
    pub hint: Option<Arc<str>>,
}

fn arc_str<S: Serializer>(v: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

fn opt_arc_str<S: Serializer>(v: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(v),
        None => s.serialize_none(),
    }
}

impl Diagnostic {
    /// An error at `loc` in `file`.
    pub fn error(code: &'static str, file: &str, loc: Loc, message: String) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: Arc::from(file),
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
        self.set_hint(h);
        self
    }

    /// Sets the hint on how to fix it.
    pub fn set_hint(&mut self, h: impl Into<String>) {
        self.hint = Some(Arc::from(h.into()));
    }

    /// Adds a hint when there is one.
    pub fn maybe_hint(mut self, h: Option<String>) -> Self {
        self.hint = h.map(Arc::from);
        self
    }

    /// The value, unless the message already quotes it.
    pub(crate) fn value_to_show(&self) -> Option<&str> {
        // As `!message.contains(&format!("`{v}`"))`, without a string per finding.
        let quoted = |v: &str| {
            let m = self.message.as_bytes();
            m.iter().enumerate().any(|(j, &b)| {
                b == b'`'
                    && m[j + 1..].starts_with(v.as_bytes())
                    && m.get(j + 1 + v.len()) == Some(&b'`')
            })
        };
        self.value.as_deref().filter(|v| !quoted(v))
    }

    /// `file:line:column` (or just the file when the place is unknown).
    pub fn place(&self) -> String {
        if self.loc.is_known() {
            format!("{}:{}:{}", self.file, self.loc.line, self.loc.column)
        } else {
            self.file.to_string()
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
    /// File names and hints shared by the findings (see [`Findings::push`]).
    pub(crate) shared: Shared,
}

impl Findings {
    /// Adds one finding. Its file name and hint are shared with earlier findings that have
    /// the same text, so that 400,000 findings of a few kinds hold a few copies, not 400,000
    /// (the hint of the finding before is shared now too: checks set it after pushing).
    pub fn push(&mut self, mut d: Diagnostic) {
        if let Some(last) = self.diagnostics.last_mut()
            && let Some(h) = last.hint.take()
        {
            last.hint = Some(self.shared.share(h));
        }
        d.file = self.shared.share(d.file);
        d.hint = d.hint.map(|h| self.shared.share(h));
        // Grow by half rather than double: a flood of 400,000 findings leaves less unused room.
        let len = self.diagnostics.len();
        if len == self.diagnostics.capacity() && len >= 1024 {
            self.diagnostics.reserve_exact(len / 2);
        }
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
            (&*a.file, a.loc.line, a.loc.column).cmp(&(&*b.file, b.loc.line, b.loc.column))
        });
        v
    }

    /// Adds the findings and sources of another run.
    pub fn extend(&mut self, other: Findings) {
        if self.diagnostics.is_empty() {
            self.diagnostics = other.diagnostics;
            self.shared = other.shared;
        } else {
            self.diagnostics.reserve(other.diagnostics.len());
            for d in other.diagnostics {
                self.push(d);
            }
        }
        self.sources.extend(other.sources);
        self.files += other.files;
    }
}

/// One copy of each file name and hint of a [`Findings`]: the last few texts are compared
/// first (findings of one file come in runs of a few kinds), then a hash set.
#[derive(Debug, Default, Clone)]
pub(crate) struct Shared {
    recent: Vec<Arc<str>>,
    all: HashSet<Arc<str>>,
}

impl Shared {
    const RECENT: usize = 8;

    /// The shared copy of `s` (`s` itself when it is new).
    fn share(&mut self, s: Arc<str>) -> Arc<str> {
        if let Some(r) = self.recent.iter().find(|r| ***r == *s) {
            return Arc::clone(r);
        }
        let shared = match self.all.get(&*s) {
            Some(shared) => Arc::clone(shared),
            None => {
                self.all.insert(Arc::clone(&s));
                s
            }
        };
        if self.recent.len() == Self::RECENT {
            self.recent.remove(0);
        }
        self.recent.push(Arc::clone(&shared));
        shared
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

/// At most this many findings are shown in the human rendering, per file and in total; the
/// rest are counted ("… and N more"). JSON and GitHub output have all of them.
pub const MAX_SHOWN: usize = 200;

/// Source lines in an excerpt are cut to this many characters (with "…").
pub const MAX_SNIPPET_CHARS: usize = 200;

/// Renders the findings for a person: one miette report each (at most [`MAX_SHOWN`] per
/// file and in total), then a summary line. Each source is indexed once (line starts), and
/// each finding shows only an excerpt of its line and the lines around it, cut to
/// [`MAX_SNIPPET_CHARS`]: linear in the size of the input, whatever the number of findings.
pub fn render_human(f: &Findings, style: HumanStyle, lang: Lang) -> String {
    let theme = if style.color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut index: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    let mut shown = 0usize;
    let mut out = String::new();
    for d in f.sorted() {
        let n = per_file.entry(&d.file).or_insert(0);
        *n += 1;
        if *n > MAX_SHOWN || shown >= MAX_SHOWN {
            continue;
        }
        shown += 1;
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
        // Every text from the input (file name, value, snippet) is shown visibly escaped
        // before the renderer adds its colours: only cyberkompass's own colour sequences
        // reach the terminal (crate::sanitize).
        let message = crate::sanitize::terminal(&message).into_owned();
        let mut md = miette::MietteDiagnostic::new(message)
            .with_severity(sev)
            .with_code(d.code);
        if let Some(h) = &d.hint {
            md = md.with_help(crate::sanitize::terminal(h).into_owned());
        }
        let excerpt = match (f.sources.get(&*d.file), d.loc.offset) {
            (Some(src), Some(off)) if off <= src.len() => {
                let starts = index.entry(&d.file).or_insert_with(|| line_starts(src));
                Excerpt::around(&d.file, src, starts, off, d.loc.len).map(Excerpt::shown)
            }
            _ => None,
        };
        let rendered = match excerpt {
            Some((ex, span)) => {
                md = md.with_label(miette::LabeledSpan::at(span, d.code));
                render_one(&handler, &WithSource { d: &md, src: &ex })
            }
            None => render_one(&handler, &md),
        };
        out.push_str(&rendered);
    }
    let total = f.diagnostics.len();
    if shown < total {
        let more = total - shown;
        out.push_str(&tr!(
            lang,
            "… und {more} weitere Befunde (alle: --format json)\n",
            "… and {more} more findings (all of them: --format json)\n"
        ));
    }
    let (e, w, n) = (f.errors(), f.warnings(), f.files);
    out.push_str(&tr!(
        lang,
        "{n} Datei(en) geprüft: {e} Fehler, {w} Warnung(en)\n",
        "{n} file(s) checked: {e} error(s), {w} warning(s)\n"
    ));
    out
}

/// Byte offsets at which the lines of `src` start.
fn line_starts(src: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(src.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The lines around a finding, each cut to [`MAX_SNIPPET_CHARS`], as a miette source whose
/// line numbers are those of the whole file.
struct Excerpt {
    name: String,
    text: String,
    first_line: usize,
}

impl Excerpt {
    /// The excerpt for the span `off..off+len` and the span's place in it; None when the
    /// span's start lies beyond the cut of its line.
    fn around(
        name: &str,
        src: &str,
        starts: &[usize],
        off: usize,
        len: usize,
    ) -> Option<(Excerpt, std::ops::Range<usize>)> {
        let line = starts.partition_point(|&s| s <= off).saturating_sub(1);
        let first = line.saturating_sub(1);
        // A final line feed opens no further line worth showing.
        let lines = starts.len() - usize::from(src.ends_with('\n') && starts.len() > 1);
        let last = (line + 1).min(lines.saturating_sub(1)).max(line);
        let mut text = String::new();
        let mut span = None;
        for l in first..=last {
            let start = starts[l];
            let end = starts.get(l + 1).map_or(src.len(), |&e| e);
            let full = src[start..end].trim_end_matches('\n');
            let (cut, truncated) = match full.char_indices().nth(MAX_SNIPPET_CHARS) {
                Some((i, _)) => (&full[..i], true),
                None => (full, false),
            };
            if l == line {
                let rel = off - start;
                if rel > cut.len() {
                    return None;
                }
                let at = text.len() + rel;
                let len = len.min(cut.len() - rel);
                span = Some(at..at + len);
            }
            text.push_str(cut);
            if truncated {
                text.push('…');
            }
            text.push('\n');
        }
        let ex = Excerpt {
            name: name.to_owned(),
            text,
            first_line: first,
        };
        span.map(|s| (ex, s))
    }

    /// The excerpt with its name and text escaped for a terminal ([`crate::sanitize::terminal`]:
    /// control characters and bidi overrides shown as `\u001b`), the span moved with the text.
    fn shown((ex, span): (Excerpt, std::ops::Range<usize>)) -> (Excerpt, std::ops::Range<usize>) {
        let std::borrow::Cow::Owned(text) = crate::sanitize::terminal(&ex.text) else {
            return (
                Excerpt {
                    name: crate::sanitize::terminal(&ex.name).into_owned(),
                    ..ex
                },
                span,
            );
        };
        // Where a byte offset of the old text lies in the new one: the old offset plus what
        // the characters before it grew by when shown.
        let moved = |at: usize| {
            at + ex.text[..at]
                .chars()
                .map(|c| crate::sanitize::terminal(c.encode_utf8(&mut [0; 4])).len() - c.len_utf8())
                .sum::<usize>()
        };
        let span = moved(span.start)..moved(span.end);
        let ex = Excerpt {
            name: crate::sanitize::terminal(&ex.name).into_owned(),
            text,
            first_line: ex.first_line,
        };
        (ex, span)
    }
}

impl miette::SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &miette::SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let inner = self.text.as_str().read_span(span, before, after)?;
        Ok(Box::new(miette::MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// A diagnostic with its excerpt, rendered without `miette::Report` (whose hook would ask the
/// terminal for its size once per finding).
struct WithSource<'a> {
    d: &'a miette::MietteDiagnostic,
    src: &'a Excerpt,
}

impl std::fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.d, f)
    }
}

impl std::fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.d, f)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.d.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.d.severity()
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.d.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.d.labels()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.src)
    }
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

pub(crate) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

/// The JSON document of `validate --format json` (version 1; see docs/validate-json.md).
#[derive(Serialize)]
struct JsonOut<'a> {
    version: u32,
    summary: JsonSummary,
    diagnostics: JsonDiags<'a>,
}

#[derive(Debug, Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
}

/// The findings in reading order, serialised one by one as they are written (never held as
/// one JSON value or string).
struct JsonDiags<'a>(&'a [&'a Diagnostic]);

impl Serialize for JsonDiags<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&d| JsonDiag {
            d,
            line: d.loc.is_known().then_some(d.loc.line),
            column: d.loc.is_known().then_some(d.loc.column),
        }))
    }
}

/// One finding in the JSON document: the keys of [`Diagnostic`], then `line` and `column`
/// (written field by field: serde's `flatten` would buffer each finding as a map first).
#[derive(Debug)]
struct JsonDiag<'a> {
    d: &'a Diagnostic,
    line: Option<u32>,
    column: Option<u32>,
}

impl Serialize for JsonDiag<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let d = self.d;
        let mut st = s.serialize_struct("JsonDiag", 8)?;
        st.serialize_field("severity", &d.severity)?;
        st.serialize_field("code", d.code)?;
        st.serialize_field("file", &*d.file)?;
        st.serialize_field("message", &d.message)?;
        match &d.value {
            Some(v) => st.serialize_field("value", v)?,
            None => st.skip_field("value")?,
        }
        match &d.hint {
            Some(h) => st.serialize_field("hint", &**h)?,
            None => st.skip_field("hint")?,
        }
        st.serialize_field("line", &self.line)?;
        st.serialize_field("column", &self.column)?;
        st.end()
    }
}

/// Writes the findings as one JSON document to `w`, finding by finding: memory holds the
/// findings and the writer's buffer, never the whole document.
pub fn write_json(f: &Findings, mut w: impl std::io::Write) -> std::io::Result<()> {
    let sorted = f.sorted();
    let out = JsonOut {
        version: 1,
        summary: JsonSummary {
            files: f.files,
            errors: f.errors(),
            warnings: f.warnings(),
        },
        diagnostics: JsonDiags(&sorted),
    };
    serde_json::to_writer_pretty(&mut w, &out).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Renders the findings as one JSON document (see [`write_json`]).
pub fn render_json(f: &Findings) -> String {
    let mut v = Vec::new();
    let _ = write_json(f, &mut v);
    String::from_utf8(v).unwrap_or_else(|_| "{}\n".into())
}

/// Writes the findings as GitHub Actions workflow commands, one line each, to `w`. Each line
/// is built in one buffer, escaped as it is written (no string per finding).
pub fn write_github(f: &Findings, lang: Lang, mut w: impl std::io::Write) -> std::io::Result<()> {
    let mut line = String::new();
    let value_word = tr!(lang, "Wert", "value");
    for d in f.sorted() {
        line.clear();
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        line.push_str("::");
        line.push_str(kind);
        line.push_str(" file=");
        push_gh_prop(&mut line, &d.file);
        if d.loc.is_known() {
            let _ = write!(line, ",line={},col={}", d.loc.line, d.loc.column);
        }
        line.push_str(",title=");
        push_gh_prop(&mut line, "cyberkompass ");
        push_gh_prop(&mut line, d.code);
        line.push_str("::");
        push_gh_data(&mut line, &d.message);
        if let Some(v) = d.value_to_show() {
            line.push_str(" (");
            push_gh_data(&mut line, &value_word);
            line.push_str(": ");
            push_gh_data(&mut line, &shorten(v, 80));
            line.push(')');
        }
        if let Some(h) = &d.hint {
            line.push_str("%0A");
            push_gh_data(&mut line, h);
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

/// Renders the findings as GitHub Actions workflow commands (see [`write_github`]).
pub fn render_github(f: &Findings, lang: Lang) -> String {
    let mut v = Vec::new();
    let _ = write_github(f, lang, &mut v);
    String::from_utf8(v).unwrap_or_default()
}

/// Escapes the data (message) part of a GitHub workflow command.
pub(crate) fn gh_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_gh_data(&mut out, s);
    out
}

/// Escapes a property value (file, title) of a GitHub workflow command.
pub(crate) fn gh_prop(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_gh_prop(&mut out, s);
    out
}

/// Appends `s` to `out` escaped as [`gh_data`] (`%`, CR, LF).
fn push_gh_data(out: &mut String, s: &str) {
    push_escaped(out, s, false);
}

/// Appends `s` to `out` escaped as [`gh_prop`] (also `:` and `,`).
fn push_gh_prop(out: &mut String, s: &str) {
    push_escaped(out, s, true);
}

fn push_escaped(out: &mut String, s: &str, prop: bool) {
    let mut rest = s;
    while let Some(i) =
        rest.find(|c| matches!(c, '%' | '\r' | '\n') || (prop && matches!(c, ':' | ',')))
    {
        out.push_str(&rest[..i]);
        out.push_str(match rest.as_bytes()[i] {
            b'%' => "%25",
            b'\r' => "%0D",
            b'\n' => "%0A",
            b':' => "%3A",
            _ => "%2C",
        });
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
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
    fn an_excerpt_shows_control_characters_and_its_span_moves_with_them() {
        let ex = Excerpt {
            name: "a\u{1b}]0;t\u{7}.yaml".into(),
            text: "k: a\u{1b}[8m\u{202e}b c\n".into(),
            first_line: 3,
        };
        // The span covers "b" (after ESC [ 8 m and the right-to-left override).
        let at = ex.text.find('b').unwrap();
        let (shown, span) = Excerpt::shown((ex, at..at + 1));
        assert_eq!(shown.text, "k: a\\u001b[8m\\u202eb c\n");
        assert_eq!(&shown.text[span], "b");
        assert_eq!(shown.name, "a\\u001b]0;t\\u0007.yaml");
        assert_eq!(shown.first_line, 3);
        // Nothing to show: text and span stay as they are.
        let plain = Excerpt {
            name: "f.yaml".into(),
            text: "k: v\n".into(),
            first_line: 0,
        };
        let (same, span) = Excerpt::shown((plain, 3..4));
        assert_eq!((same.text.as_str(), span), ("k: v\n", 3..4));
    }

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

    fn at(file: &str, src: &str, needle: &str, line: u32) -> Diagnostic {
        let off = src.find(needle).unwrap();
        Diagnostic::error(
            "x",
            file,
            Loc {
                line,
                column: 1,
                offset: Some(off),
                len: needle.len(),
            },
            "bad".into(),
        )
    }

    #[test]
    fn human_output_is_capped_and_excerpts_are_short_and_numbered_right() {
        let long = "a".repeat(1_000_000);
        let src = format!("k: v\nlong: {long}\nbad: here\nz: 1\n");
        let mut f = Findings::default();
        f.sources.insert("f.yaml".into(), Arc::from(src.as_str()));
        let d = at("f.yaml", &src, "here", 3);
        for _ in 0..1_000 {
            f.push(d.clone());
        }
        let style = HumanStyle {
            color: false,
            width: 100,
        };
        let out = render_human(&f, style, Lang::En);
        assert_eq!(out.matches("f.yaml:3:1: bad").count(), MAX_SHOWN);
        assert!(
            out.contains("… and 800 more findings"),
            "{}",
            &out[out.len() - 300..]
        );
        assert!(
            out.lines().all(|l| l.chars().count() < 300),
            "a line is too long"
        );
        assert!(out.contains(" 3 │ bad: here"), "{}", &out[..600]);
        assert!(out.contains(" 2 │ long: aaaa"), "{}", &out[..600]);
    }
}
