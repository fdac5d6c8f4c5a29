//! The command `agree`: two ratings of the same questions (self-assessment against audit, or
//! two raters) side by side with the agreement figures of [`crate::agree`], as text, Markdown,
//! HTML or JSON; with `--merge` the conservative consensus file instead.

use std::path::PathBuf;

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use super::pair::{Pair, read_pair};
use crate::agree::{AgreeInputs, AgreeResult, Side, agree, merge};
use crate::diag::Findings;
use crate::i18n::Lang;
use crate::report::agree::{render_html, render_md, section};
use crate::table::{new_table, render};
use crate::tr;

/// Arguments of `agree`.
#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// Die erste Bewertungsdatei, A (the first assessment file)
    pub a: PathBuf,
    /// Die zweite Bewertungsdatei, B (the second assessment file)
    pub b: PathBuf,
    /// Ausgabeformat (output format)
    #[arg(long, value_enum, default_value = "text")]
    pub format: AgreeFormat,
    /// In diese Datei schreiben statt auf stdout; atomar (write to this file, atomically)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Namen der beiden Rollen, z. B. `self,audit` (names of the two roles)
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub role: Vec<String>,
    /// Eine Konsensdatei schreiben (mit -o): gleiche Antworten übernommen, bei Abweichung die
    /// niedrigere Bewertung, als umstritten markiert (write a consensus file with -o: the lower
    /// rating where they differ, marked as disputed)
    #[arg(long, requires = "output")]
    pub merge: bool,
}

/// Output formats of `agree`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AgreeFormat {
    /// Tables for the terminal.
    Text,
    /// Markdown.
    Md,
    /// JSON (schema: `cyberkompass schema agree`).
    Json,
    /// One self-contained HTML file.
    Html,
}

/// The roles of A and B: from `--role`, else `A` and `B`.
fn roles(a: &AgreeArgs, lang: Lang) -> Result<(String, String), Failure> {
    match a.role.as_slice() {
        [] => Ok(("A".to_owned(), "B".to_owned())),
        [x, y] if !x.trim().is_empty() && !y.trim().is_empty() => {
            Ok((x.trim().to_owned(), y.trim().to_owned()))
        }
        _ => Err(Failure::Usage(tr!(
            lang,
            "--role erwartet zwei Namen, z. B. `--role self,audit`.",
            "--role expects two names, e.g. `--role self,audit`."
        ))),
    }
}

fn side(p: &super::pair::Loaded, role: String) -> Side {
    Side {
        role,
        file: p.name.clone(),
        organisation: p.file.organisation.value.clone(),
        assessor: p.file.assessor.as_ref().map(|x| x.value.clone()),
        set_version: p.file.set.version.value.clone(),
    }
}

/// Compares two loaded files (shared with `report --audit`).
pub fn compare_pair(p: &Pair, ra: String, rb: String) -> AgreeResult {
    agree(AgreeInputs {
        a: &p.a.score,
        b: &p.b.score,
        side_a: side(&p.a, ra),
        side_b: side(&p.b, rb),
    })
}

fn text(r: &AgreeResult, ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let s = section(r, lang);
    let mut t = new_table(ctx.table_target());
    t.set_header(s.header.clone());
    for x in &s.rows {
        t.add_row(vec![
            x.name.clone(),
            x.pairs.clone(),
            x.exact.clone(),
            x.within_one.clone(),
            x.mean_difference.clone(),
            x.kappa.clone(),
            x.level_a.clone(),
            x.level_b.clone(),
            x.index_a.clone(),
            x.index_b.clone(),
        ]);
    }
    let mut o = format!("{}\n{}\n\n", s.title, s.intro);
    o.push_str(&render(&t));
    for n in &s.notes {
        o.push_str(&format!("  {n}\n"));
    }
    o.push_str(&format!("\n{}\n", s.agenda_title));
    if s.agenda.is_empty() {
        o.push_str(&format!("  {}\n", s.no_agenda));
    }
    for a in &s.agenda {
        let crit = if a.critical {
            tr!(lang, " (kritisch)", " (critical)")
        } else {
            String::new()
        };
        o.push_str(&format!(
            "{:>3}. {}{crit}: A {} · B {} ({})\n     {}\n",
            a.rank, a.question, a.a, a.b, a.difference, a.text
        ));
        for (k, v) in [("A", &a.remarks_a), ("B", &a.remarks_b)] {
            if !v.is_empty() {
                o.push_str(&format!("     {k}: {v}\n"));
            }
        }
    }
    o
}

fn write_out(ctx: &mut Ctx, a: &AgreeArgs, out: &str, what: &str) -> CmdResult {
    match &a.output {
        None => {
            ctx.print(out);
            Ok(Outcome::Done)
        }
        Some(p) => {
            let written = format!("{what}: {}", p.display());
            ctx.write_output(p, out.as_bytes(), [a.a.as_path(), a.b.as_path()], &written)?;
            Ok(Outcome::Done)
        }
    }
}

/// `cyberkompass agree A B`.
pub fn run(ctx: &mut Ctx, a: AgreeArgs) -> CmdResult {
    let lang = ctx.lang;
    let (ra, rb) = roles(&a, lang)?;
    if let Some(out) = &a.output
        && let Some(i) = crate::atomic::is_input(out, [a.a.as_path(), a.b.as_path()])
    {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: das ist die Eingabedatei {}; sie würde überschrieben. Wählen Sie mit -o einen anderen Namen.",
            "{}: that is the input file {}; it would be overwritten. Choose another name with -o.",
            out.display(),
            i.display()
        )));
    }
    let pair = read_pair(ctx, &a.a, &a.b)?;
    if a.merge {
        let order: Vec<&str> = pair
            .set
            .questions()
            .map(|(_, q)| q.id.value.as_str())
            .collect();
        let merged = merge(&pair.a.file, &pair.b.file, &order, &ra, &rb);
        // The consensus must itself be a valid assessment: a bug here never reaches a file.
        let mut f = Findings::default();
        crate::assessment::check(&merged, &pair.set, "consensus", lang, &mut f);
        if f.errors() > 0 {
            return Err(Failure::Findings(
                f,
                tr!(
                    lang,
                    "Die Konsensdatei wäre ungültig; nichts geschrieben.",
                    "The consensus file would be invalid; nothing was written."
                ),
            ));
        }
        let disputed = merged
            .answers
            .iter()
            .filter(|x| x.disputed.is_some())
            .count();
        let yaml = crate::assessment::to_yaml(&merged);
        let what = tr!(
            lang,
            "Konsensdatei geschrieben ({disputed} umstrittene Fragen; `cyberkompass assess DATEI --review` geht sie zuerst durch)",
            "Consensus file written ({disputed} disputed questions; `cyberkompass assess FILE --review` walks them first)"
        );
        return write_out(ctx, &a, &yaml, &what);
    }
    let r = compare_pair(&pair, ra, rb);
    let out = match a.format {
        AgreeFormat::Json => {
            let mut s = serde_json::to_string_pretty(&r).unwrap_or_default();
            s.push('\n');
            crate::sanitize::json(&s).into_owned()
        }
        AgreeFormat::Md => {
            crate::sanitize::report(&render_md(&section(&r, lang), lang)).into_owned()
        }
        AgreeFormat::Html => {
            crate::sanitize::report(&render_html(&section(&r, lang), lang)).into_owned()
        }
        AgreeFormat::Text => crate::sanitize::terminal(&text(&r, ctx)).into_owned(),
    };
    let what = tr!(lang, "Geschrieben", "Written");
    write_out(ctx, &a, &out, &what)
}
