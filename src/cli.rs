//! The command line: arguments (clap), and each command run against the library, writing to
//! the given streams and returning the exit code.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::diag::{Findings, Format, HumanStyle, render_github, render_human, render_json};
use crate::i18n::Lang;
use crate::model::ChecklistSet;
use crate::schema::{SchemaKind, schema_json};
use crate::set::{LoadFailure, SetSource, load_set, load_usable};
use crate::table::{TableTarget, new_table, render};
use crate::tr;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings (invalid input, gate not met).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or I/O error.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: interrupted by the user after the session was saved.
pub const EXIT_INTERRUPTED: u8 = 130;

/// cyberkompass – Cyber-Resilienz-Selbstbewertung für die öffentliche Verwaltung
/// (cyber-resilience self-assessment for public administration).
#[derive(Debug, Parser)]
#[command(name = "cyberkompass", version, about, long_about = None)]
pub struct Cli {
    /// Checklisten-Set aus diesem Ordner statt des eingebauten (checklist set folder instead of the built-in one)
    #[arg(
        long,
        global = true,
        env = "CYBERKOMPASS_CHECKLISTS",
        value_name = "DIR"
    )]
    pub checklists: Option<PathBuf>,
    /// Sprache der Ausgabe (language of output); Standard aus LC_ALL/LANG
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Keine Farben (no colours; also NO_COLOR)
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Weniger Ausgabe (less output)
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Mehr Ausgabe (more output)
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Der Befehl (the command)
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Interaktive Selbstbewertung im Terminal, fortsetzbar (interactive self-assessment, resumable)
    Assess(crate::assess::AssessArgs),
    /// Prüft Checklisten-Sets, Handlungsfeld- und Bewertungsdateien (validate sets and files)
    Validate(ValidateArgs),
    /// Zeigt die Handlungsfelder oder die Fragen eines Feldes (list fields or questions)
    List(ListArgs),
    /// Reifegrad je Handlungsfeld und gesamt (maturity per field and overall)
    Score(crate::score_cmd::ScoreArgs),
    /// Prüft für CI, ob jedes Feld sein Ziel erreicht; Exit 1 sonst (CI gate: exit 1 when a field falls short)
    Gate(crate::score_cmd::GateArgs),
    /// Erklärt jeden Rechenschritt für Prüfende (every term of the computation, for auditors)
    Explain(crate::score_cmd::ExplainArgs),
    /// Gibt ein JSON Schema (draft-07) aus (print a JSON Schema)
    Schema {
        /// Welches Schema (which schema)
        #[arg(value_enum)]
        kind: SchemaKind,
    },
    /// Erzeugt einen Bericht als Markdown, HTML oder JSON (write a report)
    Report(ReportArgs),
    /// Berichtsvorlagen (report templates)
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Erzeugt Shell-Vervollständigungen (generate shell completions)
    Completions {
        /// Die Shell (the shell)
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Set-Ordner, set.yaml, Handlungsfeld- oder Bewertungsdateien; ohne Pfad das aktive Set
    /// (set folders or files; none: the active set)
    pub paths: Vec<PathBuf>,
    /// Warnungen als Fehler werten (treat warnings as errors)
    #[arg(long)]
    pub strict: bool,
    /// Ausgabeformat (output format); Standard: github unter GitHub Actions, sonst human
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Die Bewertungsdatei (the assessment file)
    pub file: PathBuf,
    /// Format des Berichts (report format)
    #[arg(long, value_enum, default_value = "md")]
    pub format: crate::report::ReportFormat,
    /// In diese Datei schreiben statt auf stdout; atomar (write to this file, atomically)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Eigene handlebars-Vorlage statt der eingebauten (your own handlebars template)
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
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

/// Arguments of `list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Nur die Fragen dieses Handlungsfeldes (only this field's questions)
    #[arg(long, value_name = "ID")]
    pub field: Option<String>,
}

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
}

impl Ctx<'_> {
    /// Writes to stdout, ignoring a closed pipe. Control characters other than colours are
    /// shown visibly (crate::sanitize), whatever input they came from.
    pub fn print(&mut self, s: &str) {
        let s = crate::sanitize::terminal_keep_colour(s);
        let _ = self.out.write_all(s.as_bytes());
    }
    /// Writes a line to stderr, control characters shown visibly like [`Ctx::print`].
    pub fn eprint(&mut self, s: &str) {
        let s = crate::sanitize::terminal_keep_colour(s);
        let _ = self.err.write_all(s.as_bytes());
        if !s.ends_with('\n') {
            let _ = self.err.write_all(b"\n");
        }
    }
    /// Where tables go.
    pub fn table_target(&self) -> TableTarget {
        match self.env.stdout_width {
            Some(w) => TableTarget::Terminal(w),
            None => TableTarget::Plain,
        }
    }

    /// Loads the active set; on failure writes the findings or the message and returns the
    /// exit code.
    pub fn load_set(&mut self) -> Result<ChecklistSet, u8> {
        match load_usable(&self.source, self.lang) {
            Ok(s) => {
                if self.verbose {
                    let m = &s.manifest;
                    self.eprint(&tr!(
                        self.lang,
                        "Set {} {} ({}), SHA-256 {}",
                        "set {} {} ({}), SHA-256 {}",
                        m.id.value,
                        m.version.value,
                        s.origin,
                        s.sha256
                    ));
                }
                Ok(s)
            }
            Err(LoadFailure::Usage(msg)) => {
                self.eprint(&format!("cyberkompass: {msg}"));
                Err(EXIT_USAGE)
            }
            Err(LoadFailure::Invalid(f)) => {
                let text = render_human(&f, self.human_style_err(), self.lang);
                self.eprint(&text);
                self.eprint(&tr!(
                    self.lang,
                    "Das Checklisten-Set ist ungültig; `cyberkompass validate` zeigt alle Befunde.",
                    "The checklist set is invalid; `cyberkompass validate` shows every finding."
                ));
                Err(EXIT_FINDINGS)
            }
        }
    }

    fn human_style_err(&self) -> HumanStyle {
        HumanStyle {
            color: self.env.stderr_tty && !self.env.no_color,
            width: 100,
        }
    }
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    // --no-color counts like NO_COLOR everywhere, also for findings on stderr.
    let env = &Env {
        no_color: env.no_color || cli.no_color,
        ..env.clone()
    };
    let lang = cli.lang.unwrap_or(env.locale_lang);
    let source = match &cli.checklists {
        Some(d) => SetSource::Dir(d.clone()),
        None => SetSource::Builtin,
    };
    let mut ctx = Ctx {
        lang,
        color: env.stdout_width.is_some() && !env.no_color && !cli.no_color,
        env,
        source,
        quiet: cli.quiet,
        verbose: cli.verbose,
        out,
        err,
    };
    match cli.command {
        Command::Assess(a) => crate::assess::assess(&mut ctx, a),
        Command::Validate(a) => validate(&mut ctx, a),
        Command::List(a) => list(&mut ctx, a),
        Command::Score(a) => crate::score_cmd::run_score(&mut ctx, a),
        Command::Gate(a) => crate::score_cmd::run_gate(&mut ctx, a),
        Command::Explain(a) => crate::score_cmd::run_explain(&mut ctx, a),
        Command::Schema { kind } => {
            ctx.print(&schema_json(kind));
            EXIT_OK
        }
        Command::Report(a) => crate::report::run(&mut ctx, a),
        Command::Templates(TemplatesCommand::Export { dir, force }) => {
            crate::report::export_templates(&mut ctx, &dir, force)
        }
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "cyberkompass", &mut buf);
            let _ = ctx.out.write_all(&buf);
            EXIT_OK
        }
    }
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

fn validate(ctx: &mut Ctx, a: ValidateArgs) -> u8 {
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
                ctx.eprint(&tr!(
                    lang,
                    "cyberkompass: {}: Datei oder Ordner nicht gefunden",
                    "cyberkompass: {}: no such file or folder",
                    p.display()
                ));
                return EXIT_USAGE;
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
                load_set(&src, lang).map(|l| l.findings)
            }
            Target::Field(p) => crate::set::check_field_file(&p, lang),
            Target::Assessment(p) => crate::assessment::check_file(&p, &ctx.source, lang),
        };
        match result {
            Ok(f) => all.extend(f),
            Err(msg) => {
                ctx.eprint(&format!("cyberkompass: {msg}"));
                return EXIT_USAGE;
            }
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
    };
    if !(ctx.quiet && format == Format::Human && all.diagnostics.is_empty()) {
        ctx.print(&text);
    }
    if all.errors() > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn list(ctx: &mut Ctx, a: ListArgs) -> u8 {
    let set = match ctx.load_set() {
        Ok(s) => s,
        Err(code) => return code,
    };
    let lang = ctx.lang;
    let l = lang.code();
    let mut t = new_table(ctx.table_target());
    match a.field {
        None => {
            t.set_header(vec![
                "Nr.".to_owned(),
                "ID".to_owned(),
                tr!(lang, "Handlungsfeld", "Field of action"),
                tr!(lang, "Fragen", "Questions"),
                tr!(lang, "Gewicht", "Weight"),
            ]);
            for f in &set.fields {
                t.add_row(vec![
                    f.number.to_string(),
                    f.id.value.clone(),
                    f.title.get(l).to_owned(),
                    f.questions.len().to_string(),
                    f.weight.to_string(),
                ]);
            }
        }
        Some(id) => {
            let Some(f) = set.field(&id) else {
                let ids: Vec<&str> = set.fields.iter().map(|f| f.id.as_str()).collect();
                let hint = crate::diag::did_you_mean(&id, ids.iter().copied())
                    .map(|s| tr!(lang, " Meinten Sie `{s}`?", " Did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        tr!(
                            lang,
                            " Felder: {}",
                            " Fields: {}",
                            crate::diag::list_some(ids.iter().copied())
                        )
                    });
                ctx.eprint(&tr!(
                    lang,
                    "cyberkompass: unbekanntes Handlungsfeld `{id}`.{hint}",
                    "cyberkompass: unknown field `{id}`.{hint}"
                ));
                return EXIT_USAGE;
            };
            t.set_header(vec![
                "ID".to_owned(),
                tr!(lang, "Frage", "Question"),
                tr!(lang, "Gewicht", "Weight"),
                tr!(lang, "Kritisch", "Critical"),
            ]);
            for q in f.questions.iter() {
                t.add_row(vec![
                    q.id.value.clone(),
                    q.text.get(l).to_owned(),
                    q.weight.to_string(),
                    if q.critical {
                        tr!(lang, "ja", "yes")
                    } else {
                        String::new()
                    },
                ]);
            }
        }
    }
    ctx.print(&render(&t));
    EXIT_OK
}
