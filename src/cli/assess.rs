//! The `assess` command: checks for a terminal, runs a [`Session`] with the terminal
//! prompter, and ends with a summary per field and the command that renders a report.

use std::path::{Path, PathBuf};

use clap::Args;

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::assessment::is_date;
use crate::explain::index_text;
use crate::model::ChecklistSet;
use crate::scoring::{ScoreOptions, score};
use crate::session::{Options, Outcome as SessionOutcome, Session, SessionError};
use crate::set::SetSource;
use crate::table::{new_table, render};
use crate::terminal::{TerminalPrompter, escape, wrap};
use crate::tr;

/// Arguments of `assess`.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Die Bewertungsdatei; wird angelegt oder fortgesetzt (assessment file, created or resumed)
    #[arg(default_value = "assessment.yaml")]
    pub file: PathBuf,
    /// Nur dieses Handlungsfeld, per Id oder Nummer (only this field of action; its id or
    /// number)
    #[arg(long, value_name = "ID|NR")]
    pub field: Option<String>,
    /// Auch beantwortete Fragen zeigen, mit der Antwort vorausgewählt (walk answered questions too)
    #[arg(long)]
    pub review: bool,
    /// Maßnahmen planen: für jede Lücke (kritische zuerst) Verantwortliche, Termin, Status und
    /// Aufwand erfassen; mit --review alle Lücken, sonst die ohne Verantwortliche oder Termin
    /// (plan actions: owner, due date, status, effort for each gap)
    #[arg(long)]
    pub plan: bool,
}

/// Environment variable that fixes "today" (YYYY-MM-DD), for tests and reproducible files.
pub const TODAY_ENV: &str = "CYBERKOMPASS_TODAY";

/// Today as YYYY-MM-DD: from `CYBERKOMPASS_TODAY` when it holds a valid date, else the UTC
/// date of the system clock.
pub fn today() -> String {
    if let Ok(t) = std::env::var(TODAY_ENV)
        && is_date(&t)
    {
        return t;
    }
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::assessment::date_of_day((secs / 86_400) as i64)
}

/// A path or argument as the shell needs it (single quotes when it holds anything unusual).
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:+,@".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `cyberkompass`, with `--checklists DIR` when the set comes from a folder.
fn program(ctx: &Ctx) -> String {
    let mut c = String::from("cyberkompass");
    if let SetSource::Dir(d) = &ctx.source {
        c.push_str(&format!(
            " --checklists {}",
            shell_word(&d.display().to_string())
        ));
    }
    c
}

/// The command that resumes this session.
fn resume_command(ctx: &Ctx, a: &AssessArgs) -> String {
    let mut c = program(ctx);
    c.push_str(&format!(
        " assess {}",
        shell_word(&a.file.display().to_string())
    ));
    if let Some(f) = &a.field {
        c.push_str(&format!(" --field {}", shell_word(f)));
    }
    if a.plan {
        c.push_str(" --plan");
    }
    c
}

/// `cyberkompass assess`.
pub fn run(ctx: &mut Ctx, a: AssessArgs) -> CmdResult {
    let lang = ctx.lang;
    if !(ctx.env.stdin_tty && ctx.env.stdout_width.is_some() && ctx.env.stderr_tty) {
        return Err(Failure::Usage(tr!(
            lang,
            "`assess` fragt interaktiv und braucht ein Terminal (Ein- und Ausgabe). Ohne Terminal schreiben oder bearbeiten Sie die Bewertungsdatei als YAML (Format: docs/assessment-file.md, Schema: `cyberkompass schema assessment`) und prüfen sie mit `cyberkompass validate {}`.",
            "`assess` asks interactively and needs a terminal (input and output). Without one, write or edit the assessment file as YAML (format: docs/assessment-file.md, schema: `cyberkompass schema assessment`) and check it with `cyberkompass validate {}`.",
            shell_word(&a.file.display().to_string())
        )));
    }
    if a.plan && std::fs::symlink_metadata(&a.file).is_err() {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: Datei nicht gefunden. --plan plant die Lücken einer vorhandenen Bewertung; bewerten Sie zuerst mit `cyberkompass assess {}`.",
            "{}: no such file. --plan plans the gaps of an existing assessment; assess first with `cyberkompass assess {}`.",
            a.file.display(),
            shell_word(&a.file.display().to_string())
        )));
    }
    let set = ctx.load_set()?;
    let opts = Options {
        field: a.field.clone(),
        // The plan walk reads the file like a review (no resume message about questions).
        review: a.review || a.plan,
        today: today(),
        lang,
    };
    if std::fs::symlink_metadata(&a.file).is_err() && crate::vcs::unignored_in_git(&a.file) {
        let width = usize::from(ctx.env.stdout_width.unwrap_or(80)).max(20) - 1;
        let warning = tr!(
            lang,
            "Achtung: {} entsteht in einem git-Arbeitsverzeichnis, und git ignoriert die Datei nicht. Sie beschreibt die Schwachstellen Ihrer Behörde; tragen Sie sie in .gitignore ein, bevor Sie committen.",
            "Warning: {} is created inside a git work tree, and git does not ignore it. It describes your agency's weaknesses; add it to .gitignore before you commit.",
            escape(&a.file.display().to_string())
        );
        ctx.note(&wrap(&warning, width, 0).join("\n"));
    }
    let resume = resume_command(ctx, &a);
    let color = ctx.color;
    let mut p = TerminalPrompter::new(&mut *ctx.out, color, lang);
    let started = Session::start(&set, &a.file, opts, &mut p).and_then(|mut s| {
        let o = if a.plan {
            s.plan(&mut p, a.review)?
        } else {
            s.run(&mut p)?
        };
        Ok((s, o))
    });
    let (session, outcome) = match started {
        Ok(x) => x,
        Err(SessionError::Usage(m)) => return Err(Failure::Usage(m)),
        Err(SessionError::Invalid(f)) => {
            let meaning = tr!(
                lang,
                "Die Datei wurde nicht verändert. Beheben Sie die Fehler (`cyberkompass validate {}` prüft erneut) und starten Sie dann wieder.",
                "The file was not changed. Fix the errors (`cyberkompass validate {}` checks again), then start again.",
                shell_word(&a.file.display().to_string())
            );
            return Err(Failure::Findings(f, meaning));
        }
        Err(SessionError::InterruptedBeforeStart) => {
            return Err(Failure::Interrupted(tr!(
                lang,
                "Abgebrochen; es wurde noch nichts gespeichert.",
                "Interrupted; nothing was saved yet."
            )));
        }
    };
    if outcome == SessionOutcome::Quit {
        return Err(Failure::Interrupted(tr!(
            lang,
            "Gespeichert in {}. Weiter mit: {resume}",
            "Saved to {}. Resume with: {resume}",
            a.file.display()
        )));
    }
    let text = if a.plan {
        plan_summary(ctx, &set, &session, &a.file)
    } else {
        summary(ctx, &set, &session, &a.file)
    };
    ctx.print(&text);
    Ok(Outcome::Done)
}

/// The summary per field (counts, index and level as `score` computes them) and the next
/// commands.
/// After `assess --plan`: how many gaps have an action, an owner and a due date, and where
/// the plan goes next.
fn plan_summary(ctx: &Ctx, set: &ChecklistSet, s: &Session, file: &Path) -> String {
    let lang = ctx.lang;
    let r = score(set, &s.file, &ScoreOptions::default());
    let plan = crate::plan::build(&r, &s.file, &crate::plan::PlanOptions::default());
    let c = crate::plan::summary(&plan);
    let f = shell_word(&file.display().to_string());
    tr!(
        lang,
        "\nGespeichert in {}. Lücken: {}, mit Maßnahme: {}, mit Verantwortlichen und Termin: {}, erledigt: {}.\nAls Tabelle: cyberkompass plan {f} --format excel -o plan.csv\n",
        "\nSaved to {}. Gaps: {}, with an action: {}, with an owner and a due date: {}, done: {}.\nAs a spreadsheet: cyberkompass plan {f} --format excel -o plan.csv\n",
        escape(&file.display().to_string()),
        c.items,
        c.with_action,
        c.with_owner_and_due,
        c.done
    )
}

fn summary(ctx: &Ctx, set: &ChecklistSet, s: &Session, file: &Path) -> String {
    let lang = ctx.lang;
    let r = score(set, &s.file, &ScoreOptions::default());
    let level = |l: Option<u8>| match l {
        Some(l) => format!("{l} {}", set.level_name(l, lang.code())),
        None => "–".to_owned(),
    };
    let index = |i: Option<&crate::scoring::Index>| {
        i.map_or_else(|| "–".to_owned(), |i| index_text(i, lang))
    };
    let provisional = |p: bool| {
        if p {
            tr!(lang, "vorläufig", "provisional")
        } else {
            String::new()
        }
    };
    let mut t = new_table(ctx.table_target());
    t.set_header(vec![
        tr!(lang, "Handlungsfeld", "Field of action"),
        tr!(lang, "bewertet", "rated"),
        "n/a".to_owned(),
        tr!(lang, "offen", "open"),
        "Index".to_owned(),
        tr!(lang, "Reifegrad", "Level"),
        tr!(lang, "Ziel", "Target"),
        tr!(lang, "Vorläufig", "Provisional"),
    ]);
    for f in &r.fields {
        t.add_row(vec![
            crate::i18n::text_in(&f.title, lang).to_owned(),
            f.answered.to_string(),
            f.na.to_string(),
            f.unanswered.to_string(),
            index(f.index.as_ref()),
            level(f.level),
            f.target.map_or_else(|| "–".to_owned(), |t| t.to_string()),
            provisional(f.provisional),
        ]);
    }
    let o = &r.overall;
    t.add_row(vec![
        tr!(lang, "gesamt", "overall"),
        o.answered.to_string(),
        o.na.to_string(),
        o.unanswered.to_string(),
        index(o.index.as_ref()),
        level(o.level),
        String::new(),
        provisional(o.provisional),
    ]);
    let f = shell_word(&file.display().to_string());
    let prog = program(ctx);
    let mut out = format!(
        "\n{}\n{}",
        tr!(lang, "Zusammenfassung", "Summary"),
        render(&t)
    );
    for f in &r.fields {
        if let Some(why) = &f.level_reason {
            out.push_str(&format!(
                "{}: {}\n",
                crate::i18n::text_in(&f.title, lang),
                crate::explain::level_reason_text(why, lang)
            ));
        }
    }
    out.push('\n');
    let open = o.unanswered;
    if open > 0 {
        out.push_str(&tr!(
            lang,
            "{open} Frage(n) sind noch offen; die Werte sind vorläufig. `{prog} assess {f}` fragt sie nach.\n",
            "{open} question(s) are still open, so the figures are provisional; `{prog} assess {f}` asks them.\n"
        ));
    }
    out.push_str(&tr!(
        lang,
        "Rechenweg: {prog} explain {f}\nBericht erzeugen: {prog} report {f} --format html -o report.html\n",
        "How it is computed: {prog} explain {f}\nRender a report: {prog} report {f} --format html -o report.html\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("a.yaml"), "a.yaml");
        assert_eq!(shell_word("my file.yaml"), "'my file.yaml'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
    }
}
