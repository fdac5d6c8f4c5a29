//! What every command runs with: the process's surroundings ([`Env`]), the settings and
//! streams ([`Ctx`]), the exit codes, and the values a command returns ([`Outcome`],
//! [`Failure`]). [`report`] is the one place that prints a failure and maps it to an exit code.

use std::io::Write;

use crate::diag::{Findings, HumanStyle, render_human};
use crate::i18n::Lang;
use crate::model::ChecklistSet;
use crate::set::{LoadFailure, SetSource, load_usable};
use crate::table::TableTarget;
use crate::tr;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings (invalid input, gate not met).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: interrupted by the user after the session was saved.
pub const EXIT_INTERRUPTED: u8 = 130;

/// What a command that ran to its end reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done; exit 0.
    Done,
    /// Done, and what it wrote says the input falls short (validate errors, gate failed); exit 1.
    FindingsShown,
}

/// Why a command stopped. Commands return it; [`report`] prints it and picks the exit code.
#[derive(Debug)]
pub enum Failure {
    /// A usage or I/O problem, one message (without the `cyberkompass: ` prefix); exit 2.
    Usage(String),
    /// Findings in an input file and what they mean for the command (empty: nothing to add);
    /// exit 1.
    Findings(Findings, String),
    /// The command failed on valid arguments (e.g. a broken template), one message without
    /// the prefix; exit 1.
    Failed(String),
    /// The user interrupted; the message says what was kept; exit 130.
    Interrupted(String),
}

/// What a command returns.
pub type CmdResult = Result<Outcome, Failure>;

/// What the process knows about its surroundings.
#[derive(Debug, Clone)]
pub struct Env {
    /// Language from the locale.
    pub locale_lang: Lang,
    /// NO_COLOR is set (non-empty).
    pub no_color: bool,
    /// GITHUB_ACTIONS=true.
    pub github_actions: bool,
    /// Width of the terminal stdout is on; None when stdout is not a terminal.
    pub stdout_width: Option<u16>,
    /// stderr is a terminal.
    pub stderr_tty: bool,
    /// stdin is a terminal.
    pub stdin_tty: bool,
    /// `SOURCE_DATE_EPOCH` as set (the reference day of plans and reports when `--date` is
    /// not given); checked where it is used.
    pub source_date_epoch: Option<String>,
}

impl Env {
    /// Reads the process's environment and terminals.
    pub fn from_process() -> Env {
        use std::io::IsTerminal;
        let get = |k: &str| std::env::var(k).ok();
        let stdout_width = std::io::stdout().is_terminal().then(|| {
            terminal_size::terminal_size()
                .map(|(w, _)| w.0)
                .unwrap_or(100)
        });
        Env {
            locale_lang: Lang::from_locale(get),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            github_actions: get("GITHUB_ACTIONS").as_deref() == Some("true"),
            stdout_width,
            stderr_tty: std::io::stderr().is_terminal(),
            stdin_tty: std::io::stdin().is_terminal(),
            source_date_epoch: get("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()),
        }
    }

    /// A plain environment: no terminal, no colour, the given language (for tests and
    /// embedding).
    pub fn plain(lang: Lang) -> Env {
        Env {
            locale_lang: lang,
            no_color: true,
            github_actions: false,
            stdout_width: None,
            stderr_tty: false,
            stdin_tty: false,
            source_date_epoch: None,
        }
    }
}

/// Everything a command needs: settings and the output streams.
pub struct Ctx<'a> {
    /// Language of every message.
    pub lang: Lang,
    /// Whether colour may be used on stdout.
    pub color: bool,
    /// The environment.
    pub env: &'a Env,
    /// The checklist set to use.
    pub source: SetSource,
    /// Less output.
    pub quiet: bool,
    /// More output (on stderr).
    pub verbose: bool,
    /// Standard output.
    pub out: &'a mut dyn Write,
    /// Standard error.
    pub err: &'a mut dyn Write,
    /// Set when stdout was closed by the reader (`| head -1`): nothing more is written to it.
    pub stdout_closed: bool,
    /// The process exits right after this command ([`crate::cli::run_then_exit`], the
    /// binary); see [`Ctx::discard`].
    pub exits: bool,
}

impl Ctx<'_> {
    /// Writes to stdout; once the reader has closed the pipe, further output is dropped.
    /// Every control character is shown visibly (`\u001b`), colour sequences too: nothing
    /// printed here is coloured by cyberkompass, so any escape sequence came from an input
    /// (an organisation's name, a checklist text) and is not sent (crate::sanitize).
    pub fn print(&mut self, s: &str) {
        if self.stdout_closed {
            return;
        }
        let s = crate::sanitize::terminal(s);
        self.write_stdout(&s);
    }

    /// Writes output that cyberkompass coloured itself (the findings of `validate` on a
    /// terminal), whose texts from the input were escaped before the colours were added
    /// ([`crate::diag::render_human`]): colour sequences are kept, every other control
    /// character is shown visibly.
    pub fn print_coloured(&mut self, s: &str) {
        if self.stdout_closed {
            return;
        }
        let s = crate::sanitize::terminal_keep_colour(s);
        self.write_stdout(&s);
    }

    /// Writes text that [`crate::sanitize::Shown`] already holds free of everything the filter
    /// of [`Self::print`] would change: as it stands, without scanning it a second time.
    pub fn print_shown(&mut self, s: &crate::sanitize::Shown) {
        if self.stdout_closed {
            return;
        }
        self.write_stdout(s.as_str());
    }

    fn write_stdout(&mut self, s: &str) {
        if let Err(e) = self
            .out
            .write_all(s.as_bytes())
            .and_then(|()| self.out.flush())
        {
            // A closed pipe ends the output quietly; any other error too, as there is no
            // other place to report it than stderr, which would only add noise.
            let _ = e;
            self.stdout_closed = true;
        }
    }

    /// Writes a data format (CSV, JSON) to stdout: to a pipe or file byte for byte (a CSV's
    /// CR LF and quoted control characters are data); to a terminal with CR LF as line ends
    /// and every other control character shown visibly, never sent.
    pub fn print_data(&mut self, s: &str) {
        if self.stdout_closed {
            return;
        }
        let shown;
        let bytes = if self.env.stdout_width.is_some() {
            shown = crate::sanitize::terminal(&s.replace("\r\n", "\n")).into_owned();
            shown.as_bytes()
        } else {
            s.as_bytes()
        };
        if self
            .out
            .write_all(bytes)
            .and_then(|()| self.out.flush())
            .is_err()
        {
            self.stdout_closed = true;
        }
    }

    /// Writes `bytes` to the `-o` target through the one output writer
    /// ([`crate::atomic::write_output`], which refuses any of `inputs`), then notes `written`
    /// on stderr unless quiet. Every command with `-o` ends here.
    pub fn write_output<'p>(
        &mut self,
        out: &std::path::Path,
        bytes: &[u8],
        inputs: impl IntoIterator<Item = &'p std::path::Path>,
        written: &str,
    ) -> Result<(), Failure> {
        let lang = self.lang;
        crate::atomic::write_output(out, bytes, inputs).map_err(|e| match e {
            crate::atomic::OutputError::IsInput(i) => Failure::Usage(crate::tr!(
                lang,
                "{}: das ist die Eingabedatei {}; sie würde überschrieben. Wählen Sie mit -o einen anderen Namen.",
                "{}: that is the input file {}; it would be overwritten. Choose another name with -o.",
                out.display(),
                i.display()
            )),
            e => Failure::Usage(crate::tr!(
                lang,
                "{}: kann nicht geschrieben werden: {e}",
                "{}: cannot be written: {e}",
                out.display()
            )),
        })?;
        if !self.quiet {
            self.note(written);
        }
        Ok(())
    }

    /// Writes a note (a warning, a progress line) to stderr; a line end is added if missing.
    /// Every control character is shown visibly, as in [`Self::print`].
    pub fn note(&mut self, s: &str) {
        let s = crate::sanitize::terminal(s);
        self.note_raw(&s);
    }

    fn note_raw(&mut self, s: &str) {
        let _ = self.err.write_all(s.as_bytes());
        if !s.ends_with('\n') {
            let _ = self.err.write_all(b"\n");
        }
    }

    /// Writes non-fatal findings (warnings) to stderr, in the one stderr style: coloured on a
    /// terminal, the input's texts escaped by [`render_human`] before the colours were added.
    pub fn note_findings(&mut self, f: &Findings) {
        let text = render_human(f, self.stderr_style(), self.lang);
        let s = crate::sanitize::terminal_keep_colour(&text);
        self.note_raw(&s);
    }

    /// Where tables go.
    pub fn table_target(&self) -> TableTarget {
        match self.env.stdout_width {
            Some(w) => TableTarget::Terminal(w),
            None => TableTarget::Plain,
        }
    }

    /// The style of findings on stderr: colour on a terminal unless NO_COLOR, 100 columns.
    pub fn stderr_style(&self) -> HumanStyle {
        HumanStyle {
            color: self.env.stderr_tty && !self.env.no_color,
            width: 100,
        }
    }

    /// Ends the life of a command's big values (the set, the assessment, its score) at the end
    /// of the command: the one place that decides whether they are freed.
    ///
    /// When the command runs as the process (the binary, [`crate::cli::run_then_exit`]), the
    /// process exits right after it and the system takes the whole heap back at once; freeing
    /// the thousands of allocations one by one first is wasted work (for `score` of the example
    /// 0.9 M instructions, an eighth of the run). So the value is forgotten, not dropped. In
    /// process (tests, embedding, [`crate::cli::run`]) it is dropped as usual, so that every
    /// allocation is still freed where a leak would matter and leak checkers stay meaningful.
    ///
    /// Only for plain data: never hand it a value whose drop does work (a file, a lock, a
    /// buffered writer, a temporary file).
    pub fn discard<T>(&self, value: T) {
        if self.exits {
            std::mem::forget(value);
        } else {
            drop(value);
        }
    }

    /// Loads the active set (with a line about it under `--verbose`).
    pub fn load_set(&mut self) -> Result<ChecklistSet, Failure> {
        match load_usable(&self.source, self.lang) {
            Ok(s) => {
                if self.verbose {
                    let m = &s.manifest;
                    let line = tr!(
                        self.lang,
                        "Set {} {} ({}), SHA-256 {}",
                        "set {} {} ({}), SHA-256 {}",
                        m.id.value,
                        m.version.value,
                        s.origin,
                        s.sha256
                    );
                    self.note(&line);
                }
                Ok(s)
            }
            Err(LoadFailure::Usage(msg)) => Err(Failure::Usage(msg)),
            Err(LoadFailure::Invalid(f)) => Err(Failure::Findings(
                f,
                tr!(
                    self.lang,
                    "Das Checklisten-Set ist ungültig; `cyberkompass validate` zeigt alle Befunde.",
                    "The checklist set is invalid; `cyberkompass validate` shows every finding."
                ),
            )),
        }
    }
}

/// Prints what a command returned (a failure goes to stderr) and gives the exit code: the one
/// place that maps results to exit codes.
pub fn report(ctx: &mut Ctx, result: CmdResult) -> u8 {
    match result {
        Ok(Outcome::Done) => EXIT_OK,
        Ok(Outcome::FindingsShown) => EXIT_FINDINGS,
        Err(Failure::Usage(m)) => {
            ctx.note(&format!("cyberkompass: {m}"));
            EXIT_USAGE
        }
        Err(Failure::Failed(m)) => {
            ctx.note(&format!("cyberkompass: {m}"));
            EXIT_FINDINGS
        }
        Err(Failure::Findings(f, meaning)) => {
            ctx.note_findings(&f);
            if !meaning.is_empty() {
                ctx.note(&meaning);
            }
            EXIT_FINDINGS
        }
        Err(Failure::Interrupted(m)) => {
            ctx.note(&m);
            EXIT_INTERRUPTED
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// Counts its drops.
    struct Counted<'a>(&'a Cell<u32>);
    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }

    /// In process a discarded value is dropped; when the process exits after the command it is
    /// left to the system (never dropped).
    #[test]
    fn discard_drops_in_process_only() {
        let env = Env::plain(Lang::En);
        for (exits, drops) in [(false, 1), (true, 0)] {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let ctx = Ctx {
                lang: Lang::En,
                color: false,
                env: &env,
                source: SetSource::Builtin,
                quiet: false,
                verbose: false,
                out: &mut out,
                err: &mut err,
                stdout_closed: false,
                exits,
            };
            let dropped = Cell::new(0);
            ctx.discard(Counted(&dropped));
            assert_eq!(dropped.get(), drops, "exits: {exits}");
        }
    }
}
