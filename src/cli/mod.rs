//! The command line: the arguments (clap) and the dispatch to one handler per command. Each
//! command lives in its own file here; the domain modules never import from `cli`.

mod aggregate;
mod agree;
mod assess;
mod compare;
mod completions;
pub mod context;
mod export;
mod import;
mod list;
mod pair;
mod plan;
mod report;
mod schema;
mod score;
mod validate;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

pub use aggregate::{AggregateArgs, AggregateFormat, GroupBy};
pub use agree::{AgreeArgs, AgreeFormat};
pub use assess::{AssessArgs, TODAY_ENV, today};
pub use compare::{CompareArgs, CompareFormat};
pub use context::{
    CmdResult, Ctx, EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Env, Failure, Outcome,
};
pub use export::{ExportCommand, ExportOscalArgs, TargetsArg};
pub use import::{CatalogLang, ImportCommand, ImportOscalArgs, SecLevelArg};
pub use list::ListArgs;
pub use plan::{PlanArgs, PlanFormat};
pub use report::{ReportArgs, TemplatesCommand};
pub use score::{ExplainArgs, FailOn, GateArgs, GateFormat, ScoreArgs, ScoreFormat};
pub use validate::ValidateArgs;

use crate::i18n::Lang;
use crate::set::SetSource;

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
    Assess(AssessArgs),
    /// Prüft Checklisten-Sets, Handlungsfeld- und Bewertungsdateien (validate sets and files)
    Validate(ValidateArgs),
    /// Zeigt die Handlungsfelder oder die Fragen eines Feldes (list fields or questions)
    List(ListArgs),
    /// Reifegrad je Handlungsfeld und gesamt (maturity per field and overall)
    Score(ScoreArgs),
    /// Vergleicht zwei oder mehr Bewertungen desselben Sets: Verlauf, Änderungen, Lücken
    /// (compare two or more assessments of the same set: trend, changes, gaps)
    Compare(CompareArgs),
    /// Prüft für CI, ob jedes Feld sein Ziel erreicht; Exit 1 sonst (CI gate: exit 1 when a field falls short)
    Gate(GateArgs),
    /// Vergleicht zwei Bewertungen derselben Fragen: Übereinstimmung, Kappa, Tagesordnung;
    /// mit --merge eine Konsensdatei (two ratings of the same questions: agreement, kappa,
    /// agenda; with --merge a consensus file)
    Agree(AgreeArgs),
    /// Erklärt jeden Rechenschritt für Prüfende (every term of the computation, for auditors)
    Explain(ExplainArgs),
    /// Anonymisierte Auswertung vieler Bewertungen, z. B. für ein Land (anonymised aggregate of many assessments)
    Aggregate(AggregateArgs),
    /// Gibt ein JSON Schema (draft-07) aus (print a JSON Schema)
    Schema {
        /// Welches Schema (which schema)
        #[arg(value_enum)]
        kind: crate::schema::SchemaKind,
    },
    /// Maßnahmenplan aus den Lücken: CSV, Excel, JSON, Markdown, Tickets (action plan from the gaps)
    Plan(PlanArgs),
    /// Erzeugt einen Bericht als Markdown, HTML oder JSON (write a report)
    Report(ReportArgs),
    /// Berichtsvorlagen (report templates)
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Exportiert in andere Formate, z. B. OSCAL (export to other formats, e.g. OSCAL)
    #[command(subcommand)]
    Export(ExportCommand),
    /// Importiert Checklisten-Sets, z. B. aus OSCAL-Katalogen (import checklist sets, e.g. from OSCAL catalogs)
    #[command(subcommand)]
    Import(ImportCommand),
    /// Erzeugt Shell-Vervollständigungen (generate shell completions)
    Completions {
        /// Die Shell (the shell)
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Runs a parsed command line against `env`, writing to `out` and `err`; returns the exit
/// code. Every value the command built is freed before it returns (in-process use: tests,
/// embedding).
pub fn run(cli: Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    run_as(cli, env, out, err, false)
}

/// [`run`] for the binary, whose process exits as soon as this returns: the command's big
/// values are not freed one by one but left to the system ([`Ctx::discard`]).
pub fn run_then_exit(cli: Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    run_as(cli, env, out, err, true)
}

fn run_as(cli: Cli, env: &Env, out: &mut dyn Write, err: &mut dyn Write, exits: bool) -> u8 {
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
        stdout_closed: false,
        exits,
    };
    let result = match cli.command {
        Command::Assess(a) => assess::run(&mut ctx, a),
        Command::Validate(a) => validate::run(&mut ctx, a),
        Command::List(a) => list::run(&mut ctx, a),
        Command::Score(a) => score::run_score(&mut ctx, a),
        Command::Compare(a) => compare::run(&mut ctx, a),
        Command::Gate(a) => score::run_gate(&mut ctx, a),
        Command::Agree(a) => agree::run(&mut ctx, a),
        Command::Explain(a) => score::run_explain(&mut ctx, a),
        Command::Aggregate(a) => aggregate::run(&mut ctx, a),
        Command::Schema { kind } => schema::run(&mut ctx, kind),
        Command::Plan(a) => plan::run(&mut ctx, a),
        Command::Report(a) => report::run(&mut ctx, a),
        Command::Templates(TemplatesCommand::Export { dir, force }) => {
            report::export_templates(&mut ctx, &dir, force)
        }
        Command::Export(c) => export::run(&mut ctx, c),
        Command::Import(c) => import::run(&mut ctx, c),
        Command::Completions { shell } => completions::run(&mut ctx, shell),
    };
    context::report(&mut ctx, result)
}
