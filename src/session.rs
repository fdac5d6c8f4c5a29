//! The assessment session as a state machine: which question comes next, what an answer, a
//! skip, a step back or a quit does to the assessment, and that every answer is on disk before
//! the next question is asked. It talks to the person only through the [`Prompter`] trait and
//! knows nothing of terminals.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::assessment::{
    Action, ActionStatus, Answer, AssessmentFile, Rating, SetRef, check, to_yaml,
};
use crate::atomic::write_atomic;
use crate::diag::{Findings, did_you_mean};
use crate::i18n::Lang;
use crate::model::{ChecklistSet, FORMAT_VERSION, Sp};
use crate::tr;

/// The person pressed Ctrl-C (or the input ended).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted;

/// What the person chose for a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// A maturity level 0–5.
    Level(u8),
    /// Not applicable (a justification follows).
    NotApplicable,
    /// Leave the question as it is and go on.
    Skip,
    /// Go to the previous question.
    Back,
    /// Stop here; everything answered is already saved.
    Quit,
    /// Show the overview of the fields and perhaps jump to a field or a question.
    Overview,
}

/// One level as offered for a question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelChoice {
    /// 0–5.
    pub level: u8,
    /// The set's name of the level.
    pub name: String,
    /// This question's anchor for the level, if it has one.
    pub anchor: Option<String>,
}

/// Everything a prompter shows for one question, already in the session's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The question's id.
    pub id: String,
    /// Where in the set: "Field 1 of 8: Backup".
    pub field_line: String,
    /// Where in the field and overall: "Question 2 of 5 · overall 7 of 40 answered (18 %)".
    pub progress: String,
    /// The question.
    pub text: String,
    /// What to look at, what counts as evidence.
    pub help: Option<String>,
    /// The levels 0–5 with names and anchors.
    pub levels: Vec<LevelChoice>,
    /// The current answer, to preselect (`Level` or `NotApplicable`).
    pub current: Option<Choice>,
    /// A critical question: the field cannot reach a level this question has not.
    pub critical: bool,
    /// The level the assessment's profile asks of this question's field, with the profile's
    /// title.
    pub target: Option<(u8, String)>,
    /// The language of the labels the prompter adds (n/a, skip, back, save and quit).
    pub lang: Lang,
}

/// A one-line text question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextAsk {
    /// The prompt.
    pub label: String,
    /// A hint shown with it.
    pub help: Option<String>,
    /// The text to start from (the current value); the answer replaces it.
    pub initial: Option<String>,
    /// The language of anything the prompter adds.
    pub lang: Lang,
}

/// One field of action in the overview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewField {
    /// The field's number as the set gives it (what the person types to jump there).
    pub number: u32,
    /// Counts of the field (id, title, rated, n/a, total).
    pub count: FieldCount,
    /// The profile's target level for the field.
    pub target: Option<u8>,
    /// Whether this session asks the field's questions (`--field` limits them).
    pub in_scope: bool,
    /// Whether the current question belongs to the field.
    pub current: bool,
}

/// The overview of the fields with their progress, shown on request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldsOverview {
    /// The fields in the set's order.
    pub fields: Vec<OverviewField>,
    /// The question the session stands at.
    pub current: Option<String>,
    /// Answered (rated or n/a) and total questions of the set.
    pub answered: usize,
    /// Questions of the set.
    pub total: usize,
    /// The language of the labels.
    pub lang: Lang,
}

/// The person on the other side: a terminal, or a script in tests and benchmarks.
pub trait Prompter {
    /// Shows a message.
    fn say(&mut self, text: &str);
    /// Asks one question of the assessment.
    fn choose(&mut self, ask: &Ask) -> Result<Choice, Interrupted>;
    /// Asks for one line of text; "" means nothing.
    fn text(&mut self, ask: &TextAsk) -> Result<String, Interrupted>;
    /// Asks to pick one of `options`, starting at `start`.
    fn select(
        &mut self,
        label: &str,
        options: &[String],
        start: usize,
    ) -> Result<usize, Interrupted>;
    /// Shows the overview and asks where to go: a field's number or id, or a question id;
    /// "" goes back to the current question.
    fn overview(&mut self, ov: &FieldsOverview) -> Result<String, Interrupted>;
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every question in scope was walked.
    Done,
    /// The person quit (save-and-quit or Ctrl-C); all answers are saved.
    Quit,
}

/// Why a session could not start or go on.
#[derive(Debug)]
pub enum SessionError {
    /// A usage or I/O problem (exit 2), with the message.
    Usage(String),
    /// The existing file has errors (exit 1); nothing was written.
    Invalid(Findings),
    /// Ctrl-C before the file was first written: nothing to resume.
    InterruptedBeforeStart,
}

/// Settings of a session.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only this field's questions.
    pub field: Option<String>,
    /// Walk answered questions too, each with its answer preselected.
    pub review: bool,
    /// Today as YYYY-MM-DD (injectable for tests).
    pub today: String,
    /// Language of every prompt.
    pub lang: Lang,
}

/// Counts of one field for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldCount {
    /// The field's id.
    pub id: String,
    /// The field's title in the session's language.
    pub title: String,
    /// Questions rated 0–5.
    pub rated: usize,
    /// Questions marked n/a.
    pub na: usize,
    /// Questions of the field.
    pub total: usize,
}

/// A running assessment: the file, the set, and where the walk stands.
pub struct Session<'s> {
    set: &'s ChecklistSet,
    path: PathBuf,
    /// The assessment as it is on disk after the last save.
    pub file: AssessmentFile,
    opts: Options,
    /// Every question of the set in order: (field index, question index).
    all: Vec<(usize, usize)>,
    /// Question id → position in `all`.
    order: HashMap<String, usize>,
    /// The positions in `all` this session walks.
    scope: Vec<usize>,
    /// Where in `scope` the walk stands.
    pos: usize,
    /// The furthest position the walk has reached since its last jump: below it, going
    /// forward shows every question in order (after a step back), at or past it only the
    /// open ones.
    frontier: usize,
    /// Whether going forward skips answered questions (not in review; always in the pass over
    /// the skipped questions at the end).
    open_only: bool,
    /// The advisory lock held for the whole session (released when the session ends).
    _lock: crate::lock::SessionLock,
}

impl<'s> Session<'s> {
    /// Opens `path`: resumes an existing assessment (after checking it) or asks for the
    /// organisation, assessor and profile and creates it.
    pub fn start(
        set: &'s ChecklistSet,
        path: &Path,
        opts: Options,
        p: &mut dyn Prompter,
    ) -> Result<Session<'s>, SessionError> {
        let lang = opts.lang;
        let all: Vec<(usize, usize)> = set
            .fields
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| (0..f.questions.len()).map(move |qi| (fi, qi)))
            .collect();
        let order: HashMap<String, usize> = all
            .iter()
            .enumerate()
            .map(|(i, &(fi, qi))| (set.fields[fi].questions[qi].id.value.clone(), i))
            .collect();
        let scope: Vec<usize> = match &opts.field {
            None => (0..all.len()).collect(),
            Some(id) => {
                let by_number = set.field_by_id_or_number(id).map(|f| f.id.value.as_str());
                let Some(fi) = set
                    .fields
                    .iter()
                    .position(|f| Some(f.id.value.as_str()) == by_number)
                else {
                    let ids: Vec<&str> = set.fields.iter().map(|f| f.id.as_str()).collect();
                    let hint = did_you_mean(id, ids.iter().copied())
                        .map(|s| tr!(lang, " Meinten Sie `{s}`?", " Did you mean `{s}`?"))
                        .unwrap_or_else(|| tr!(lang, " Felder: {}", " Fields: {}", ids.join(", ")));
                    return Err(SessionError::Usage(tr!(
                        lang,
                        "unbekanntes Handlungsfeld `{id}`.{hint}",
                        "unknown field `{id}`.{hint}"
                    )));
                };
                (0..all.len()).filter(|&i| all[i].0 == fi).collect()
            }
        };
        let exists = std::fs::symlink_metadata(path).is_ok();
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        if !exists && parent.is_some_and(|p| !p.is_dir()) {
            return Err(SessionError::Usage(tr!(
                lang,
                "{}: den Ordner gibt es nicht; legen Sie ihn an oder wählen Sie einen anderen Pfad.",
                "{}: the folder does not exist; create it or choose another path.",
                path.display()
            )));
        }
        let lock = crate::lock::acquire(path).map_err(|e| lock_error(e, path, lang))?;
        let mut s = Session {
            _lock: lock,
            set,
            path: path.to_path_buf(),
            file: new_file(set, String::new(), None, String::new(), &opts.today),
            opts,
            all,
            order,
            scope,
            pos: 0,
            frontier: 0,
            open_only: false,
        };
        if exists {
            s.file = read_existing(path, set, lang)?;
            s.reconcile(p);
        } else {
            s.ask_header(p)?;
            s.save()?;
        }
        if s.opts.review {
            // The questions `agree --merge` marked as disputed come first, in the set's order;
            // then the others.
            let disputed = |i: &usize| {
                let (fi, qi) = s.all[*i];
                s.file
                    .answer(&s.set.fields[fi].questions[qi].id.value)
                    .is_some_and(|a| a.disputed.is_some())
            };
            let (mut first, rest): (Vec<usize>, Vec<usize>) =
                s.scope.iter().copied().partition(disputed);
            if !first.is_empty() {
                p.say(&tr!(
                    lang,
                    "{} umstrittene Fragen (aus `agree --merge`) zuerst.",
                    "{} disputed questions (from `agree --merge`) first.",
                    first.len()
                ));
            }
            first.extend(rest);
            s.scope = first;
        }
        s.open_only = !s.opts.review;
        s.pos = if s.opts.review {
            0
        } else {
            let from = s.resume_position();
            if from > 0 && s.next_open(from) < s.scope.len() && s.next_open(0) < from {
                p.say(&tr!(
                    lang,
                    "Weiter bei {}, wo Sie aufgehört haben; übersprungene Fragen folgen am Ende.",
                    "Continuing at {}, where you stopped; skipped questions follow at the end.",
                    s.question_id(s.scope[s.next_open(from)])
                ));
            }
            s.next_open(from)
        };
        s.frontier = s.pos;
        Ok(s)
    }

    /// Where in scope the stored `position` stands (0 when there is none or it is not in
    /// scope).
    fn resume_position(&self) -> usize {
        self.file
            .position
            .as_ref()
            .and_then(|p| self.order.get(p.as_str()))
            .and_then(|&i| self.scope.iter().position(|&s| s == i))
            .unwrap_or(0)
    }

    /// Asks organisation, assessor and profile for a new file.
    fn ask_header(&mut self, p: &mut dyn Prompter) -> Result<(), SessionError> {
        let lang = self.opts.lang;
        let stop = |_| SessionError::InterruptedBeforeStart;
        p.say(&tr!(
            lang,
            "Neue Selbstbewertung in {} mit dem Set „{}“ ({} Fragen in {} Handlungsfeldern).",
            "New self-assessment in {} with the set “{}” ({} questions in {} fields of action).",
            self.path.display(),
            self.set.manifest.title.get(lang.code()),
            self.all.len(),
            self.set.fields.len()
        ));
        let organisation = loop {
            let o = p
                .text(&TextAsk {
                    lang,
                    label: tr!(lang, "Organisation:", "Organisation:"),
                    help: Some(tr!(
                        lang,
                        "die bewertete Behörde oder Verwaltung",
                        "the agency or administration assessed"
                    )),
                    initial: None,
                })
                .map_err(stop)?;
            let o = o.trim().to_owned();
            if !o.is_empty() {
                break o;
            }
            p.say(&tr!(
                lang,
                "Bitte geben Sie die Organisation an.",
                "Please name the organisation."
            ));
        };
        let assessor = p
            .text(&TextAsk {
                lang,
                label: tr!(lang, "Bewertet von (optional):", "Assessor (optional):"),
                help: Some(tr!(
                    lang,
                    "z. B. die/der Informationssicherheitsbeauftragte; Enter lässt es leer",
                    "e.g. the information security officer; Enter leaves it empty"
                )),
                initial: None,
            })
            .map_err(stop)?;
        let assessor = Some(assessor.trim().to_owned()).filter(|a| !a.is_empty());
        let profiles = &self.set.manifest.profiles;
        let profile = if profiles.is_empty() {
            String::new()
        } else {
            let code = lang.code();
            let mut about = tr!(lang, "Zielprofile:", "Target profiles:");
            for pr in profiles.iter() {
                about.push_str(&format!("\n  {} – {}", pr.id.value, pr.title.get(code)));
                if let Some(d) = &pr.description {
                    about.push_str(&format!(": {}", d.get(code)));
                }
                about.push_str(&format!("\n      {}", self.targets_text(pr)));
            }
            p.say(&about);
            let options: Vec<String> = profiles
                .iter()
                .map(|pr| {
                    format!(
                        "{} – {} ({})",
                        pr.id.value,
                        pr.title.get(code),
                        tr!(lang, "Ziel {}", "target {}", pr.target.value)
                    )
                })
                .collect();
            let start = profiles
                .iter()
                .position(|pr| pr.id.value == "standard")
                .unwrap_or(0);
            let i = p
                .select(
                    &tr!(lang, "Zielprofil:", "Target profile:"),
                    &options,
                    start,
                )
                .map_err(stop)?;
            profiles[i.min(profiles.len() - 1)].id.value.clone()
        };
        self.file = new_file(self.set, organisation, assessor, profile, &self.opts.today);
        Ok(())
    }

    /// The target levels of a profile in one line: the general one and the fields that
    /// differ.
    fn targets_text(&self, pr: &crate::model::Profile) -> String {
        let lang = self.opts.lang;
        let code = lang.code();
        let level = |l: u8| format!("{l} {}", self.set.level_name(l, code));
        let mut t = tr!(
            lang,
            "Ziel: Reifegrad {} in jedem Handlungsfeld",
            "target: level {} in every field",
            level(pr.target.value)
        );
        let other: Vec<String> = self
            .set
            .fields
            .iter()
            .filter(|f| pr.target_for(&f.id) != pr.target.value)
            .map(|f| format!("{} {}", f.title.get(code), level(pr.target_for(&f.id))))
            .collect();
        if !other.is_empty() {
            t.push_str(&tr!(lang, ", außer {}", ", except {}", other.join(", ")));
        }
        t
    }

    /// Carries an existing file over to the current set: answers to vanished questions move
    /// under `vanished:`, answers under `vanished:` whose question is back return, and the
    /// answers are put in the set's order. Says what it found.
    fn reconcile(&mut self, p: &mut dyn Prompter) {
        let lang = self.opts.lang;
        let m = &self.set.manifest;
        let r = &self.file.set;
        if r.id.value != m.id.value
            || r.version.value != m.version.value
            || r.sha256.value != self.set.sha256
        {
            p.say(&tr!(
                lang,
                "Achtung: Das Checklisten-Set hat sich seit der letzten Sitzung geändert (Datei: {} {}, jetzt: {} {}). Antworten auf Fragen, die es nicht mehr gibt, bleiben unter `vanished:` erhalten; neue Fragen werden gestellt.",
                "Note: the checklist set changed since the last session (file: {} {}, now: {} {}). Answers to questions that no longer exist are kept under `vanished:`; new questions are asked.",
                r.id.value,
                r.version.value,
                m.id.value,
                m.version.value
            ));
        }
        if let Some(renamed) = self.set.renamed_profile(&self.file.profile) {
            p.say(&tr!(
                lang,
                "Das Profil `{}` heißt jetzt `{}` ({}); das nächste Speichern schreibt `{}` in die Datei.",
                "The profile `{}` is now called `{}` ({}); the next save writes `{}` into the file.",
                self.file.profile.value,
                renamed.id.value,
                renamed.title.get(lang.code()),
                renamed.id.value
            ));
            self.file.profile = Sp::new(renamed.id.value.clone());
        }
        let mut answers = Vec::new();
        let mut vanished = Vec::new();
        for a in std::mem::take(&mut self.file.answers) {
            if self.order.contains_key(&a.id.value) {
                answers.push(a);
            } else {
                vanished.push(a);
            }
        }
        let moved = vanished.len();
        for a in std::mem::take(&mut self.file.vanished) {
            if self.order.contains_key(&a.id.value)
                && !answers.iter().any(|b: &Answer| b.id.value == a.id.value)
            {
                answers.push(a);
            } else {
                vanished.push(a);
            }
        }
        answers.sort_by_key(|a| self.order[&a.id.value]);
        self.file.answers = answers;
        self.file.vanished = vanished;
        if moved > 0 {
            p.say(&tr!(
                lang,
                "{moved} Antwort(en) auf Fragen, die das Set nicht mehr hat, stehen jetzt unter `vanished:`.",
                "{moved} answer(s) to questions the set no longer has are now under `vanished:`."
            ));
        }
        let done = self.answered_in(&self.scope);
        let total = self.scope.len();
        if done == total && !self.opts.review {
            return;
        }
        p.say(&tr!(
            lang,
            "Fortsetzung von {}: {done} von {total} Fragen beantwortet ({}).",
            "Resuming {}: {done} of {total} questions answered ({}).",
            self.path.display(),
            crate::i18n::percent(share(done, total), lang)
        ));
    }

    /// Walks the questions until the end or a quit.
    pub fn run(&mut self, p: &mut dyn Prompter) -> Result<Outcome, SessionError> {
        if self.pos >= self.scope.len() && !self.opts.review {
            p.say(&tr!(
                self.opts.lang,
                "Alle Fragen sind beantwortet. Mit --review gehen Sie die Antworten noch einmal durch.",
                "Every question is answered. Use --review to walk through the answers again."
            ));
            return Ok(Outcome::Done);
        }
        loop {
            if let Some(o) = self.step(p)? {
                // The place to resume from (none once the walk is through).
                let at = match o {
                    Outcome::Quit => self.current().map(str::to_owned),
                    Outcome::Done => None,
                };
                if self.file.position.as_ref().map(|p| p.as_str()) != at.as_deref() {
                    self.save()?;
                }
                return Ok(o);
            }
        }
    }

    /// Asks the current question and handles the choice (saving an answer before it returns).
    /// `Some` when the session ends.
    pub fn step(&mut self, p: &mut dyn Prompter) -> Result<Option<Outcome>, SessionError> {
        let lang = self.opts.lang;
        if self.pos >= self.scope.len() {
            return self.offer_skipped(p);
        }
        let ask = self.ask();
        let choice = match p.choose(&ask) {
            Ok(c) => c,
            Err(Interrupted) => return Ok(Some(Outcome::Quit)),
        };
        let id = ask.id;
        let old = self.file.answer(&id).cloned();
        match choice {
            Choice::Level(l) => {
                let l = l.min(5);
                let Ok(note) = p.text(&TextAsk {
                    lang,
                    label: tr!(lang, "Notiz (optional):", "Note (optional):"),
                    help: Some(tr!(
                        lang,
                        "eine Zeile; Enter überspringt",
                        "one line; Enter skips"
                    )),
                    initial: old
                        .as_ref()
                        .and_then(|a| a.note.as_ref())
                        .map(|n| n.value.clone()),
                }) else {
                    return Ok(Some(Outcome::Quit));
                };
                let Ok(evidence) = p.text(&TextAsk {
                    lang,
                    label: tr!(lang, "Nachweis (optional):", "Evidence (optional):"),
                    help: Some(tr!(
                        lang,
                        "Dokument, Ticket oder Ablageort; Enter überspringt",
                        "document, ticket or file location; Enter skips"
                    )),
                    initial: old
                        .as_ref()
                        .and_then(|a| a.evidence.as_ref())
                        .map(|n| n.value.clone()),
                }) else {
                    return Ok(Some(Outcome::Quit));
                };
                self.put(Answer {
                    id: Sp::new(id),
                    rating: Sp::new(Rating::Level(l)),
                    justification: None,
                    note: non_empty(note),
                    evidence: non_empty(evidence),
                    action: old.as_ref().and_then(|a| a.action.clone()),
                    // Answered again: the dispute is settled.
                    disputed: None,
                });
                self.forward();
                self.save()?;
            }
            Choice::NotApplicable => {
                let Ok(j) = p.text(&TextAsk {
                    lang,
                    label: tr!(lang, "Begründung für n/a:", "Justification for n/a:"),
                    help: Some(tr!(
                        lang,
                        "Pflicht: warum trifft die Frage nicht zu?",
                        "required: why does the question not apply?"
                    )),
                    initial: old
                        .as_ref()
                        .and_then(|a| a.justification.as_ref())
                        .map(|n| n.value.clone()),
                }) else {
                    return Ok(Some(Outcome::Quit));
                };
                let Some(j) = non_empty(j) else {
                    p.say(&tr!(
                        lang,
                        "n/a braucht eine Begründung; die Frage wird noch einmal gestellt.",
                        "n/a needs a justification; the question is asked again."
                    ));
                    return Ok(None);
                };
                self.put(Answer {
                    id: Sp::new(id),
                    rating: Sp::new(Rating::NotApplicable),
                    justification: Some(j),
                    note: old.as_ref().and_then(|a| a.note.clone()),
                    evidence: old.as_ref().and_then(|a| a.evidence.clone()),
                    action: old.as_ref().and_then(|a| a.action.clone()),
                    // Answered again: the dispute is settled.
                    disputed: None,
                });
                self.forward();
                self.save()?;
            }
            Choice::Skip => self.forward(),
            Choice::Back => {
                if self.pos == 0 {
                    p.say(&tr!(
                        lang,
                        "Das ist die erste Frage.",
                        "This is the first question."
                    ));
                } else {
                    self.pos -= 1;
                }
            }
            Choice::Quit => return Ok(Some(Outcome::Quit)),
            Choice::Overview => return self.overview(p),
        }
        Ok(None)
    }

    /// Moves on from the current question: to the next one in order while below the
    /// frontier (after a step back), else to the next open one (or the next one in review).
    fn forward(&mut self) {
        let next = self.pos + 1;
        self.pos = if next <= self.frontier || !self.open_only {
            next
        } else {
            self.next_open(next)
        };
        self.frontier = self.frontier.max(self.pos);
    }

    /// At the end of the walk: offers the questions still open (skipped now or earlier),
    /// and walks them if the person wants to.
    fn offer_skipped(&mut self, p: &mut dyn Prompter) -> Result<Option<Outcome>, SessionError> {
        let lang = self.opts.lang;
        let open: Vec<&str> = self
            .scope
            .iter()
            .map(|&i| self.question_id(i))
            .filter(|id| self.file.answer(id).is_none())
            .collect();
        if open.is_empty() {
            return Ok(Some(Outcome::Done));
        }
        let shown = if open.len() > 12 {
            format!("{}, …", open[..12].join(", "))
        } else {
            open.join(", ")
        };
        p.say(&tr!(
            lang,
            "Das war die letzte Frage; {} Frage(n) sind noch offen: {shown}.",
            "That was the last question; {} question(s) are still open: {shown}.",
            open.len()
        ));
        let label = tr!(lang, "Jetzt beantworten?", "Answer them now?");
        let options = [
            tr!(
                lang,
                "ja, die offenen Fragen jetzt beantworten",
                "yes, answer the open questions now"
            ),
            tr!(
                lang,
                "nein, beenden (später mit `assess` fortsetzen)",
                "no, finish (resume later with `assess`)"
            ),
        ];
        match p.select(&label, &options, 0) {
            Ok(0) => {
                self.open_only = true;
                self.pos = self.next_open(0);
                self.frontier = self.pos;
                Ok(None)
            }
            Ok(_) => Ok(Some(Outcome::Done)),
            Err(Interrupted) => Ok(Some(Outcome::Quit)),
        }
    }

    /// Shows the overview and goes where the person asks.
    fn overview(&mut self, p: &mut dyn Prompter) -> Result<Option<Outcome>, SessionError> {
        let lang = self.opts.lang;
        let current = self.current().map(str::to_owned);
        let cur_field = self.scope.get(self.pos).map(|&i| self.all[i].0);
        let profile = self.set.profile(&self.file.profile);
        let in_scope: Vec<usize> = self.scope.iter().map(|&i| self.all[i].0).collect();
        let fields = self
            .counts()
            .into_iter()
            .zip(&self.set.fields)
            .enumerate()
            .map(|(fi, (count, f))| OverviewField {
                number: f.number.value,
                target: profile.map(|pr| pr.target_for(&f.id)),
                in_scope: in_scope.contains(&fi),
                current: cur_field == Some(fi),
                count,
            })
            .collect();
        let ov = FieldsOverview {
            fields,
            current,
            answered: self.file.answers.len(),
            total: self.all.len(),
            lang,
        };
        loop {
            let input = match p.overview(&ov) {
                Ok(s) => s,
                Err(Interrupted) => return Ok(Some(Outcome::Quit)),
            };
            match self.jump_target(input.trim()) {
                Ok(None) => return Ok(None),
                Ok(Some(pos)) => {
                    self.pos = pos;
                    self.frontier = pos;
                    return Ok(None);
                }
                Err(m) => p.say(&m),
            }
        }
    }

    /// Where in scope `input` points: a field's number or id (its first open question, or
    /// its first question when all are answered), or a question id. `None` for "".
    fn jump_target(&self, input: &str) -> Result<Option<usize>, String> {
        let lang = self.opts.lang;
        if input.is_empty() {
            return Ok(None);
        }
        let field = match input.parse::<u32>() {
            Ok(n) => self.set.fields.iter().position(|f| f.number.value == n),
            Err(_) => self
                .set
                .fields
                .iter()
                .position(|f| f.id.value.eq_ignore_ascii_case(input)),
        };
        let in_scope = |i: &usize| self.scope.iter().position(|s| s == i);
        let pos = if let Some(fi) = field {
            let mine: Vec<usize> = (0..self.scope.len())
                .filter(|&k| self.all[self.scope[k]].0 == fi)
                .collect();
            mine.iter()
                .copied()
                .find(|&k| self.file.answer(self.question_id(self.scope[k])).is_none())
                .or(mine.first().copied())
        } else if let Some(&i) = self.order.get(&input.to_ascii_uppercase()) {
            in_scope(&i)
        } else {
            let ids = self
                .set
                .fields
                .iter()
                .map(|f| f.id.as_str())
                .chain(self.set.questions().map(|(_, q)| q.id.as_str()));
            let hint = did_you_mean(input, ids)
                .map(|s| tr!(lang, " Meinten Sie `{s}`?", " Did you mean `{s}`?"))
                .unwrap_or_default();
            return Err(tr!(
                lang,
                "„{}“ ist weder ein Handlungsfeld (Nummer oder Id) noch eine Frage.{hint}",
                "“{}” is neither a field (number or id) nor a question.{hint}",
                input
            ));
        };
        match pos {
            Some(k) => Ok(Some(k)),
            None => Err(tr!(
                lang,
                "„{}“ gehört nicht zu dieser Sitzung (--field {}).",
                "“{}” is not part of this session (--field {}).",
                input,
                self.opts.field.as_deref().unwrap_or("")
            )),
        }
    }

    /// Puts the session at question `id` (for benchmarks and tests); false if not in scope.
    pub fn go_to(&mut self, id: &str) -> bool {
        let Some(&i) = self.order.get(id) else {
            return false;
        };
        match self.scope.iter().position(|&s| s == i) {
            Some(pos) => {
                self.pos = pos;
                self.frontier = pos;
                true
            }
            None => false,
        }
    }

    /// The id of the question the session stands at, if any.
    pub fn current(&self) -> Option<&str> {
        self.scope.get(self.pos).map(|&i| self.question_id(i))
    }

    /// Per field: rated, n/a, total.
    pub fn counts(&self) -> Vec<FieldCount> {
        let code = self.opts.lang.code();
        self.set
            .fields
            .iter()
            .map(|f| {
                let mut c = FieldCount {
                    id: f.id.value.clone(),
                    title: f.title.get(code).to_owned(),
                    rated: 0,
                    na: 0,
                    total: f.questions.len(),
                };
                for q in f.questions.iter() {
                    match self.file.answer(&q.id).map(|a| a.rating.value) {
                        Some(Rating::NotApplicable) => c.na += 1,
                        Some(Rating::Level(_)) => c.rated += 1,
                        None => {}
                    }
                }
                c
            })
            .collect()
    }

    /// Questions in scope still open.
    pub fn open_in_scope(&self) -> usize {
        self.scope.len() - self.answered_in(&self.scope)
    }

    fn question_id(&self, i: usize) -> &str {
        let (fi, qi) = self.all[i];
        &self.set.fields[fi].questions[qi].id.value
    }

    fn answered_in(&self, list: &[usize]) -> usize {
        list.iter()
            .filter(|&&i| self.file.answer(self.question_id(i)).is_some())
            .count()
    }

    /// The first position ≥ `from` in scope whose question is open (or the end).
    fn next_open(&self, from: usize) -> usize {
        (from..self.scope.len())
            .find(|&k| self.file.answer(self.question_id(self.scope[k])).is_none())
            .unwrap_or(self.scope.len())
    }

    fn ask(&self) -> Ask {
        let lang = self.opts.lang;
        let code = lang.code();
        let (fi, qi) = self.all[self.scope[self.pos]];
        let f = &self.set.fields[fi];
        let q = &f.questions[qi];
        let done = self.file.answers.len();
        let total = self.all.len();
        let current = self.file.answer(&q.id).map(|a| match a.rating.value {
            Rating::Level(l) => Choice::Level(l),
            Rating::NotApplicable => Choice::NotApplicable,
        });
        Ask {
            id: q.id.value.clone(),
            field_line: tr!(
                lang,
                "Handlungsfeld {} von {}: {}",
                "Field of action {} of {}: {}",
                fi + 1,
                self.set.fields.len(),
                f.title.get(code)
            ),
            progress: tr!(
                lang,
                "Frage {} von {} · insgesamt {done} von {total} beantwortet ({})",
                "Question {} of {} · overall {done} of {total} answered ({})",
                qi + 1,
                f.questions.len(),
                crate::i18n::percent(share(done, total), lang)
            ),
            text: q.text.get(code).to_owned(),
            help: q.help.as_ref().map(|h| h.get(code).to_owned()),
            levels: (0..=5)
                .map(|l| LevelChoice {
                    level: l,
                    name: self.set.level_name(l, code).to_owned(),
                    anchor: q.anchors.get(l).map(|t| t.get(code).to_owned()),
                })
                .collect(),
            current,
            critical: q.critical,
            target: self
                .set
                .profile(&self.file.profile)
                .map(|pr| (pr.target_for(&f.id), pr.title.get(code).to_owned())),
            lang,
        }
    }

    /// Stores an answer in the set's order (the caller saves).
    fn put(&mut self, a: Answer) {
        let rank = self.order[&a.id.value];
        let answers = &mut self.file.answers;
        match answers.iter().position(|b| b.id.value == a.id.value) {
            Some(i) => answers[i] = a,
            None => {
                let i = answers
                    .iter()
                    .position(|b| self.order.get(&b.id.value).is_some_and(|&r| r > rank))
                    .unwrap_or(answers.len());
                answers.insert(i, a);
            }
        }
    }

    /// Writes the whole file atomically, stamped with today, the current set and the
    /// position (the question the walk stands at, none at the end).
    pub fn save(&mut self) -> Result<(), SessionError> {
        self.file.position = self.current().map(|id| Sp::new(id.to_owned()));
        self.write()
    }

    /// Writes the whole file atomically, stamped with today and the current set; the position
    /// stays as it is.
    fn write(&mut self) -> Result<(), SessionError> {
        self.file.updated = Some(Sp::new(self.opts.today.clone()));
        if self.file.created.is_none() {
            self.file.created = Some(Sp::new(self.opts.today.clone()));
        }
        self.file.set = set_ref(self.set);
        write_atomic(&self.path, to_yaml(&self.file).as_bytes()).map_err(|e| {
            SessionError::Usage(tr!(
                self.opts.lang,
                "{}: kann nicht gespeichert werden: {e}",
                "{}: cannot be saved: {e}",
                self.path.display()
            ))
        })
    }
}

impl Session<'_> {
    /// `assess --plan`: walks the gaps (rated questions below their field's target) in the
    /// order of the score's gap list (critical first, then by priority; limited to `--field`)
    /// and asks for each the owner, the due date (`YYYY-MM-DD` or none), the status and the
    /// effort of its action, each preselected with the current value. Every gap is saved
    /// atomically before the next one is asked; Ctrl-C at any prompt ends the walk with all
    /// earlier gaps saved (the gap being asked keeps its old action). Without `review` only
    /// the gaps that lack an owner or a due date are walked, so a new session resumes where
    /// the last one stopped; with `review` every gap. The assess walk's `position` is kept.
    pub fn plan(&mut self, p: &mut dyn Prompter, review: bool) -> Result<Outcome, SessionError> {
        let lang = self.opts.lang;
        let r = crate::scoring::score(
            self.set,
            &self.file,
            &crate::scoring::ScoreOptions::default(),
        );
        let planned = |a: Option<&Answer>| {
            a.and_then(|a| a.action.as_ref())
                .is_some_and(|x| x.owner.is_some() && x.due.is_some())
        };
        let all: Vec<&crate::scoring::Gap> = r
            .gaps
            .iter()
            .filter(|g| {
                // `--field` by id or by number, as the question walk takes it.
                self.opts.field.as_deref().is_none_or(|f| {
                    self.set
                        .field_by_id_or_number(f)
                        .is_some_and(|x| x.id.value == g.field)
                })
            })
            .collect();
        if all.is_empty() {
            p.say(&tr!(
                lang,
                "Keine Lücke: Jede bewertete Frage erreicht das Ziel ihres Handlungsfeldes; es gibt nichts zu planen.",
                "No gap: every rated question reaches its field's target; there is nothing to plan."
            ));
            return Ok(Outcome::Done);
        }
        let walk: Vec<&crate::scoring::Gap> = all
            .iter()
            .copied()
            .filter(|g| review || !planned(self.file.answer(&g.question)))
            .collect();
        if walk.is_empty() {
            p.say(&tr!(
                lang,
                "Jede der {} Lücken hat Verantwortliche und Termin. Mit --plan --review gehen Sie sie noch einmal durch (z. B. um den Status zu ändern).",
                "Each of the {} gaps has an owner and a due date. Use --plan --review to walk them again (e.g. to change the status).",
                all.len()
            ));
            return Ok(Outcome::Done);
        }
        p.say(&tr!(
            lang,
            "Maßnahmenplan: {} von {} Lücken, kritische zuerst, dann nach Priorität. Jede Lücke wird gespeichert, bevor die nächste kommt; Strg-C beendet.",
            "Action plan: {} of {} gaps, critical first, then by priority. Each gap is saved before the next one; Ctrl-C stops.",
            walk.len(),
            all.len()
        ));
        let statuses: Vec<String> = ActionStatus::ALL
            .iter()
            .map(|x| x.label(lang).to_owned())
            .collect();
        for (n, g) in walk.iter().enumerate() {
            let Some(old) = self.file.answer(&g.question).cloned() else {
                continue;
            };
            let act = old.action.clone();
            let crit = if g.critical {
                tr!(lang, " (kritisch)", " (critical)")
            } else {
                String::new()
            };
            p.say(&tr!(
                lang,
                "\nLücke {} von {}: {}{crit} – {}\n  {}: Reifegrad {} → Ziel {}",
                "\nGap {} of {}: {}{crit} – {}\n  {}: level {} → target {}",
                n + 1,
                walk.len(),
                g.question,
                crate::i18n::text_in(&g.text, lang),
                crate::i18n::text_in(&g.field_title, lang),
                g.rating,
                g.target
            ));
            let value = |f: fn(&Action) -> Option<&Sp<String>>| {
                act.as_ref().and_then(f).map(|v| v.value.clone())
            };
            let Ok(owner) = p.text(&TextAsk {
                lang,
                label: tr!(lang, "Verantwortlich:", "Owner:"),
                help: Some(tr!(
                    lang,
                    "Person, Rolle oder Stelle, z. B. IT-Leitung; leer: niemand",
                    "a person, role or unit, e.g. IT lead; empty: nobody"
                )),
                initial: value(|a| a.owner.as_ref()),
            }) else {
                return Ok(Outcome::Quit);
            };
            let mut due_initial = value(|a| a.due.as_ref());
            let due = loop {
                let Ok(d) = p.text(&TextAsk {
                    lang,
                    label: tr!(lang, "Termin (JJJJ-MM-TT):", "Due date (YYYY-MM-DD):"),
                    help: Some(tr!(lang, "leer: kein Termin", "empty: no due date")),
                    initial: due_initial.clone(),
                }) else {
                    return Ok(Outcome::Quit);
                };
                let d = d.trim().to_owned();
                if d.is_empty() || crate::assessment::is_date(&d) {
                    break d;
                }
                p.say(&tr!(
                    lang,
                    "`{d}` ist kein gültiges Datum: schreiben Sie JJJJ-MM-TT, z. B. 2027-03-31.",
                    "`{d}` is not a valid date: write YYYY-MM-DD, e.g. 2027-03-31."
                ));
                due_initial = Some(d);
            };
            let start = act
                .as_ref()
                .and_then(|a| ActionStatus::ALL.iter().position(|x| *x == a.status.value))
                .unwrap_or(0);
            let Ok(si) = p.select(&tr!(lang, "Status:", "Status:"), &statuses, start) else {
                return Ok(Outcome::Quit);
            };
            let status = ActionStatus::ALL[si.min(ActionStatus::ALL.len() - 1)];
            let Ok(effort) = p.text(&TextAsk {
                lang,
                label: tr!(lang, "Aufwand (optional):", "Effort (optional):"),
                help: Some(tr!(
                    lang,
                    "z. B. 5 PT oder 2 Wochen; leer: keine Angabe",
                    "e.g. 5 person-days or 2 weeks; empty: none"
                )),
                initial: value(|a| a.effort.as_ref()),
            }) else {
                return Ok(Outcome::Quit);
            };
            let (owner, due, effort) = (non_empty(owner), non_empty(due), non_empty(effort));
            let nothing = owner.is_none()
                && due.is_none()
                && effort.is_none()
                && status == ActionStatus::Open;
            let action = if nothing && act.is_none() {
                None
            } else {
                Some(Action {
                    owner,
                    due,
                    status: Sp::new(status),
                    effort,
                })
            };
            if action != act {
                self.put(Answer { action, ..old });
                self.write()?;
            }
        }
        Ok(Outcome::Done)
    }
}

/// The message when the session lock cannot be taken.
fn lock_error(e: crate::lock::LockError, path: &Path, lang: Lang) -> SessionError {
    use crate::lock::LockError;
    SessionError::Usage(match e {
        LockError::Held { path: lp, holder } => {
            let holder = if holder.is_empty() {
                "?".to_owned()
            } else {
                crate::sanitize::terminal(&holder).into_owned()
            };
            tr!(
                lang,
                "{}: wird gerade in einer anderen Sitzung bewertet ({holder}). Beenden Sie diese zuerst; zwei Sitzungen würden einander Antworten überschreiben. (Sperrdatei: {})",
                "{}: is being assessed in another session ({holder}). Finish that one first; two sessions would overwrite each other's answers. (lock file: {})",
                path.display(),
                lp.display()
            )
        }
        LockError::Io(e) => tr!(
            lang,
            "{}: die Sitzung kann nicht gesperrt werden: {e}",
            "{}: the session cannot be locked: {e}",
            path.display()
        ),
    })
}

fn non_empty(s: String) -> Option<Sp<String>> {
    let t = s.trim();
    (!t.is_empty()).then(|| Sp::new(t.to_owned()))
}

/// `part` of `whole` in per cent, rounded down; 100 for an empty whole.
fn share(part: usize, whole: usize) -> u32 {
    u32::try_from((part * 100).checked_div(whole).unwrap_or(100)).unwrap_or(100)
}

fn set_ref(set: &ChecklistSet) -> SetRef {
    SetRef {
        id: Sp::new(set.manifest.id.value.clone()),
        version: Sp::new(set.manifest.version.value.clone()),
        sha256: Sp::new(set.sha256.clone()),
    }
}

fn new_file(
    set: &ChecklistSet,
    organisation: String,
    assessor: Option<String>,
    profile: String,
    today: &str,
) -> AssessmentFile {
    AssessmentFile {
        format: Sp::new(FORMAT_VERSION),
        set: set_ref(set),
        classification: None,
        organisation: Sp::new(organisation),
        assessor: assessor.map(Sp::new),
        scope: None,
        segment: None,
        method: None,
        profile: Sp::new(profile),
        created: Some(Sp::new(today.to_owned())),
        updated: Some(Sp::new(today.to_owned())),
        position: None,
        answers: Vec::new(),
        vanished: Vec::new(),
        signoffs: Vec::new(),
    }
}

/// Reads and checks an existing assessment; any error stops the session before it writes.
fn read_existing(
    path: &Path,
    set: &ChecklistSet,
    lang: Lang,
) -> Result<AssessmentFile, SessionError> {
    let name = path.display().to_string();
    let mut f = Findings::default();
    let a = match crate::assessment::read(path, lang, &mut f) {
        Ok(Some(r)) => r.file,
        Ok(None) => return Err(SessionError::Invalid(f)),
        Err(m) => return Err(SessionError::Usage(m)),
    };
    check(&a, set, &name, lang, &mut f);
    if f.errors() > 0 {
        return Err(SessionError::Invalid(f));
    }
    Ok(a)
}

/// One scripted reply of a [`Scripted`] prompter.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The reply to a question.
    Choose(Choice),
    /// The reply to a text prompt.
    Text(String),
    /// The reply to a selection.
    Select(usize),
    /// Ctrl-C at the next prompt of any kind.
    Interrupt,
}

/// A prompter that replies from a script and records what it was asked: for tests and
/// benchmarks (behind the `testing` feature). When the script runs out, it interrupts.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Default)]
pub struct Scripted {
    /// The replies still to give.
    pub script: std::collections::VecDeque<Step>,
    /// The questions asked: id and preselection.
    pub asked: Vec<(String, Option<Choice>)>,
    /// The text prompts asked: label and initial value.
    pub texts: Vec<(String, Option<String>)>,
    /// Everything said.
    pub said: Vec<String>,
    /// The overviews shown.
    pub overviews: Vec<FieldsOverview>,
    /// The labels of the selections asked.
    pub selects: Vec<String>,
}

#[cfg(any(test, feature = "testing"))]
impl Scripted {
    /// A prompter with this script.
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Scripted {
        Scripted {
            script: steps.into_iter().collect(),
            ..Scripted::default()
        }
    }
}

#[cfg(any(test, feature = "testing"))]
impl Prompter for Scripted {
    fn say(&mut self, text: &str) {
        self.said.push(text.to_owned());
    }
    fn choose(&mut self, ask: &Ask) -> Result<Choice, Interrupted> {
        self.asked.push((ask.id.clone(), ask.current));
        match self.script.pop_front() {
            Some(Step::Choose(c)) => Ok(c),
            Some(Step::Interrupt) | None => Err(Interrupted),
            Some(other) => panic!("script: expected Choose for {}, got {other:?}", ask.id),
        }
    }
    fn text(&mut self, ask: &TextAsk) -> Result<String, Interrupted> {
        self.texts.push((ask.label.clone(), ask.initial.clone()));
        match self.script.pop_front() {
            Some(Step::Text(t)) => Ok(t),
            Some(Step::Interrupt) | None => Err(Interrupted),
            Some(other) => panic!("script: expected Text for {}, got {other:?}", ask.label),
        }
    }
    fn select(&mut self, label: &str, _: &[String], _: usize) -> Result<usize, Interrupted> {
        self.selects.push(label.to_owned());
        match self.script.pop_front() {
            Some(Step::Select(i)) => Ok(i),
            Some(Step::Interrupt) | None => Err(Interrupted),
            Some(other) => panic!("script: expected Select for {label}, got {other:?}"),
        }
    }
    fn overview(&mut self, ov: &FieldsOverview) -> Result<String, Interrupted> {
        self.overviews.push(ov.clone());
        match self.script.pop_front() {
            Some(Step::Text(t)) => Ok(t),
            Some(Step::Interrupt) | None => Err(Interrupted),
            Some(other) => panic!("script: expected Text for the overview, got {other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::set::{SetSource, load_usable};
    use Choice::*;
    use Step::*;

    fn set() -> ChecklistSet {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sets/two-fields");
        load_usable(&SetSource::Dir(dir), Lang::En).expect("fixture set")
    }

    fn opts() -> Options {
        Options {
            field: None,
            review: false,
            today: "2026-11-26".into(),
            lang: Lang::En,
        }
    }

    fn t(s: &str) -> Step {
        Text(s.into())
    }

    /// A level with empty note and evidence.
    fn lv(l: u8) -> [Step; 3] {
        [Choose(Level(l)), t(""), t("")]
    }

    fn header() -> Vec<Step> {
        vec![t("Stadt Musterhausen"), t(""), Select(1)]
    }

    fn on_disk(path: &Path) -> AssessmentFile {
        let text = std::fs::read_to_string(path).unwrap();
        crate::load::parse_yaml::<AssessmentFile>(&text, "x", Lang::En).unwrap()
    }

    fn ratings(a: &AssessmentFile) -> Vec<(String, String)> {
        a.answers
            .iter()
            .map(|a| (a.id.value.clone(), a.rating.value.to_string()))
            .collect()
    }

    fn ids(p: &Scripted) -> Vec<&str> {
        p.asked.iter().map(|(id, _)| id.as_str()).collect()
    }

    const ALL: [&str; 6] = ["BAK-01", "BAK-02", "BAK-03", "WRN-01", "WRN-02", "WRN-03"];

    #[test]
    fn whole_run_creates_the_file_and_saves_every_answer() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend([Choose(Level(3)), t("Note: \"x\" # y"), t("Ticket 7")]);
        for l in [2, 1, 0, 5, 4] {
            steps.extend(lv(l));
        }
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert!(p.script.is_empty());
        assert_eq!(ids(&p), ALL);
        let f = on_disk(&path);
        assert_eq!(f, s.file);
        assert_eq!(f.organisation.value, "Stadt Musterhausen");
        assert_eq!(f.assessor, None);
        assert_eq!(f.profile.value, "standard");
        assert_eq!(f.created.as_deref().map(String::as_str), Some("2026-11-26"));
        assert_eq!(f.set.sha256.value, set.sha256);
        assert_eq!(f.answers[0].note.as_deref().unwrap(), "Note: \"x\" # y");
        assert_eq!(f.answers[0].evidence.as_deref().unwrap(), "Ticket 7");
        let r: Vec<String> = ratings(&f).into_iter().map(|(_, r)| r).collect();
        assert_eq!(r, ["3", "2", "1", "0", "5", "4"]);
        let mut findings = Findings::default();
        check(&f, &set, "a.yaml", Lang::En, &mut findings);
        assert!(findings.diagnostics.is_empty(), "{findings:?}");
        let c = s.counts();
        assert_eq!((c[0].rated, c[0].na, c[0].total), (3, 0, 3));
    }

    #[test]
    fn a_second_session_on_the_same_file_is_refused_naming_the_first() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut p = Scripted::new(header());
        let first = Session::start(&set, &path, opts(), &mut p).unwrap();
        let mut p2 = Scripted::new(header());
        match Session::start(&set, &path, opts(), &mut p2) {
            Err(SessionError::Usage(m)) => {
                assert!(m.contains("another session"), "{m}");
                assert!(m.contains(&format!("pid {}", std::process::id())), "{m}");
            }
            Err(e) => panic!("wrong error: {e:?}"),
            Ok(_) => panic!("a second session must not start"),
        }
        drop(first);
        let mut p3 = Scripted::new(Vec::new());
        assert!(Session::start(&set, &path, opts(), &mut p3).is_ok());
    }

    #[test]
    fn each_answer_is_on_disk_before_the_next_question() {
        // A prompter that checks the file whenever it is asked a question.
        struct Checking {
            path: PathBuf,
            inner: Scripted,
            seen: Vec<usize>,
        }
        impl Prompter for Checking {
            fn say(&mut self, t: &str) {
                self.inner.say(t)
            }
            fn choose(&mut self, a: &Ask) -> Result<Choice, Interrupted> {
                self.seen.push(on_disk(&self.path).answers.len());
                self.inner.choose(a)
            }
            fn text(&mut self, a: &TextAsk) -> Result<String, Interrupted> {
                self.inner.text(a)
            }
            fn select(&mut self, l: &str, o: &[String], s: usize) -> Result<usize, Interrupted> {
                self.inner.select(l, o, s)
            }
            fn overview(&mut self, o: &FieldsOverview) -> Result<String, Interrupted> {
                self.inner.overview(o)
            }
        }
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        for l in [1, 2, 3] {
            steps.extend(lv(l));
        }
        let mut p = Checking {
            path: path.clone(),
            inner: Scripted::new(steps),
            seen: vec![],
        };
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        assert_eq!(p.seen, [0, 1, 2, 3]);
    }

    #[test]
    fn skip_leaves_a_question_open_and_resume_asks_it_first() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend(lv(1));
        steps.push(Choose(Skip));
        for l in [1, 1, 1, 1] {
            steps.extend(lv(l));
        }
        // At the end the open question is offered; finish instead.
        steps.push(Select(1));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert_eq!(s.open_in_scope(), 1);
        assert!(on_disk(&path).answer("BAK-02").is_none());
        drop(s); // the first session ends (and releases its lock) before the next starts
        let mut p = Scripted::new(lv(4));
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert!(
            p.said
                .iter()
                .any(|m| m.contains("5 of 6 questions answered"))
        );
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert_eq!(ids(&p), ["BAK-02"]);
        assert_eq!(ratings(&on_disk(&path))[1], ("BAK-02".into(), "4".into()));
    }

    #[test]
    fn back_shows_the_previous_answer_preselected_and_changes_it() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend([Choose(Level(2)), t("first"), t("")]);
        steps.push(Choose(Back));
        steps.extend([Choose(Level(4)), t("second"), t("")]);
        steps.push(Choose(Quit));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        assert_eq!(
            p.asked,
            [
                ("BAK-01".into(), None),
                ("BAK-02".into(), None),
                ("BAK-01".into(), Some(Level(2))),
                ("BAK-02".into(), None),
            ]
        );
        // The note prompt starts from the current note.
        assert_eq!(
            p.texts[4],
            ("Note (optional):".into(), Some("first".into()))
        );
        let f = on_disk(&path);
        assert_eq!(ratings(&f), [("BAK-01".into(), "4".into())]);
        assert_eq!(f.answers[0].note.as_deref().unwrap(), "second");
    }

    #[test]
    fn back_on_the_first_question_stays_there() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend([Choose(Back), Choose(Quit)]);
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        assert_eq!(ids(&p), ["BAK-01", "BAK-01"]);
        assert!(p.said.iter().any(|m| m == "This is the first question."));
    }

    #[test]
    fn na_requires_a_justification() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend([Choose(NotApplicable), t("   ")]);
        steps.extend([Choose(NotApplicable), t("Keine Fachverfahren vor Ort")]);
        steps.push(Choose(Quit));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        assert_eq!(ids(&p), ["BAK-01", "BAK-01", "BAK-02"]);
        assert!(p.said.iter().any(|m| m.contains("needs a justification")));
        let f = on_disk(&path);
        assert_eq!(f.answers[0].rating.value, Rating::NotApplicable);
        assert_eq!(
            f.answers[0].justification.as_deref().unwrap(),
            "Keine Fachverfahren vor Ort"
        );
    }

    #[test]
    fn interrupt_in_a_note_keeps_every_earlier_answer() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend(lv(3));
        steps.extend([Choose(Level(5)), Interrupt]);
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        assert_eq!(ratings(&on_disk(&path)), [("BAK-01".into(), "3".into())]);
    }

    #[test]
    fn interrupt_before_the_file_exists_writes_nothing() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut p = Scripted::new([t("Amt"), Interrupt]);
        assert!(matches!(
            Session::start(&set, &path, opts(), &mut p),
            Err(SessionError::InterruptedBeforeStart)
        ));
        assert!(!path.exists());
    }

    #[test]
    fn empty_organisation_is_asked_again() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut p = Scripted::new([t(" "), t("Amt"), t("ISB"), Select(0), Choose(Quit)]);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        s.run(&mut p).unwrap();
        let f = on_disk(&path);
        assert_eq!(f.organisation.value, "Amt");
        assert_eq!(f.assessor.as_deref().unwrap(), "ISB");
        assert_eq!(f.profile.value, "basis");
    }

    const OLD: &str = r#"format: 1
set:
  id: test-zwei-felder
  version: "0.9"
  sha256: "0000"
organisation: Amt
profile: basis
created: 2026-01-02
updated: 2026-01-03
answers:
  - id: WRN-01
    rating: 2
  - id: OLD-01
    rating: 3
    note: "kept: forever"
  - id: BAK-01
    rating: n/a
    justification: Kein Bedarf
vanished:
  - id: BAK-02
    rating: 1
  - id: GONE-02
    rating: 0
"#;

    #[test]
    fn resume_against_a_changed_set_keeps_vanished_answers_and_asks_new_questions() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        std::fs::write(&path, OLD).unwrap();
        let mut steps = vec![];
        for l in [3, 3, 3] {
            steps.extend(lv(l));
        }
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert!(
            p.said[0].contains("changed since the last session"),
            "{:?}",
            p.said
        );
        assert!(p.said[1].contains("1 answer(s)"), "{:?}", p.said);
        assert!(p.said[2].contains("3 of 6"), "{:?}", p.said);
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        // BAK-02 came back from vanished; the open ones are BAK-03, WRN-02, WRN-03.
        assert_eq!(ids(&p), ["BAK-03", "WRN-02", "WRN-03"]);
        let f = on_disk(&path);
        assert_eq!(
            ratings(&f),
            [
                ("BAK-01".into(), "n/a".into()),
                ("BAK-02".into(), "1".into()),
                ("BAK-03".into(), "3".into()),
                ("WRN-01".into(), "2".into()),
                ("WRN-02".into(), "3".into()),
                ("WRN-03".into(), "3".into()),
            ]
        );
        let v: Vec<&str> = f.vanished.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(v, ["OLD-01", "GONE-02"]);
        assert_eq!(f.vanished[0].note.as_deref().unwrap(), "kept: forever");
        assert_eq!(f.set.sha256.value, set.sha256);
        assert_eq!(f.set.version.value, "1.0");
        assert_eq!(f.created.as_deref().unwrap(), "2026-01-02");
        assert_eq!(f.updated.as_deref().unwrap(), "2026-11-26");
    }

    #[test]
    fn field_walks_only_that_field() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        for l in [1, 2, 3] {
            steps.extend(lv(l));
        }
        let o = Options {
            field: Some("warnings".into()),
            ..opts()
        };
        let mut p = Scripted::new(steps.clone());
        let mut s = Session::start(&set, &path, o, &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert_eq!(ids(&p), ["WRN-01", "WRN-02", "WRN-03"]);
        assert_eq!(on_disk(&path).answers.len(), 3);
        // The field's number names it as well.
        let path = d.path().join("b.yaml");
        let o = Options {
            field: Some("2".into()),
            ..opts()
        };
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, o, &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert_eq!(ids(&p), ["WRN-01", "WRN-02", "WRN-03"]);
    }

    #[test]
    fn unknown_field_is_a_usage_error_with_a_suggestion() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let o = Options {
            field: Some("warning".into()),
            ..opts()
        };
        let mut p = Scripted::new([]);
        match Session::start(&set, &d.path().join("a.yaml"), o, &mut p) {
            Err(SessionError::Usage(m)) => assert!(m.contains("`warnings`"), "{m}"),
            _ => panic!("expected a usage error"),
        }
    }

    #[test]
    fn review_walks_answered_questions_with_their_answers_preselected() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        std::fs::write(&path, OLD).unwrap();
        let o = Options {
            review: true,
            ..opts()
        };
        let mut steps = vec![Choose(Skip), Choose(Skip)];
        steps.extend(lv(5));
        steps.extend([Choose(Skip), Choose(Skip), Choose(Skip)]);
        steps.push(Select(1));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, o, &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert_eq!(
            p.asked,
            [
                ("BAK-01".into(), Some(NotApplicable)),
                ("BAK-02".into(), Some(Level(1))),
                ("BAK-03".into(), None),
                ("WRN-01".into(), Some(Level(2))),
                ("WRN-02".into(), None),
                ("WRN-03".into(), None),
            ]
        );
        let f = on_disk(&path);
        assert_eq!(f.answers.len(), 4);
        assert_eq!(
            f.answer("BAK-01").unwrap().rating.value,
            Rating::NotApplicable
        );
    }

    #[test]
    fn review_walks_the_disputed_questions_first_and_answering_settles_them() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("c.yaml");
        let mut text = format!(
            "format: 1\nset:\n  id: test-zwei-felder\n  version: \"1.0\"\n  sha256: \"{}\"\norganisation: Amt\nprofile: basis\nanswers:\n",
            set.sha256
        );
        for id in ALL {
            text.push_str(&format!("  - id: {id}\n    rating: 1\n"));
            if id == "BAK-03" || id == "WRN-02" {
                text.push_str("    disputed:\n      a: 3\n      b: 1\n");
            }
        }
        std::fs::write(&path, &text).unwrap();
        let o = Options {
            review: true,
            ..opts()
        };
        // BAK-03 is answered (the dispute is settled), WRN-02 skipped (it stays disputed).
        let mut steps: Vec<Step> = lv(2).into();
        steps.extend((0..5).map(|_| Choose(Skip)));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, o, &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert_eq!(
            ids(&p),
            ["BAK-03", "WRN-02", "BAK-01", "BAK-02", "WRN-01", "WRN-03"]
        );
        assert!(p.said.iter().any(|m| m.contains("2 disputed questions")));
        let f = on_disk(&path);
        assert_eq!(f.answer("BAK-03").unwrap().rating.value, Rating::Level(2));
        assert!(f.answer("BAK-03").unwrap().disputed.is_none());
        assert!(f.answer("WRN-02").unwrap().disputed.is_some());
        // Answers stay in the set's order in the file.
        let order: Vec<&str> = f.answers.iter().map(|a| a.id.value.as_str()).collect();
        assert_eq!(order, ALL);
    }

    #[test]
    fn answering_again_keeps_the_action_and_every_planning_key() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let text = OLD
            .replace("format: 1\n", "format: 1\nclassification: TLP:AMBER\n")
            .replace(
                "organisation: Amt\n",
                "organisation: Amt\nscope: \"Amt 10: Hauptamt\"\nmethod:\n  kind: interview\n  evidence_sighted: false\n",
            )
            .replace(
                "  - id: WRN-01\n    rating: 2\n",
                "  - id: WRN-01\n    rating: 2\n    action:\n      owner: IT-Leitung\n      due: 2027-03-31\n      status: open\n",
            )
            + "signoffs:\n  - name: Dr. Anna Beispiel\n    role: Bürgermeisterin\n    date: 2026-01-03\n    answers_sha256: \"0000000000000000000000000000000000000000000000000000000000000000\"\n";
        std::fs::write(&path, &text).unwrap();
        let before = on_disk(&path);
        let o = Options {
            review: true,
            ..opts()
        };
        let mut steps = vec![Choose(Skip), Choose(Skip), Choose(Skip)];
        steps.extend(lv(3));
        steps.extend([Choose(Skip), Choose(Skip)]);
        // The walk ends with the offer to answer the open questions: "no, finish".
        steps.push(Select(1));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, o, &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        let f = on_disk(&path);
        let w = f.answer("WRN-01").unwrap();
        assert_eq!(w.rating.value, Rating::Level(3));
        assert_eq!(w.action, before.answer("WRN-01").unwrap().action);
        assert!(w.action.is_some());
        assert_eq!(f.classification, before.classification);
        assert_eq!(f.scope, before.scope);
        assert_eq!(f.method, before.method);
        assert_eq!(f.signoffs, before.signoffs);
        assert_eq!(f.signoffs.len(), 1);
    }

    #[test]
    fn all_answered_says_so_and_asks_nothing() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        for _ in 0..6 {
            steps.extend(lv(2));
        }
        let mut p = Scripted::new(steps);
        Session::start(&set, &path, opts(), &mut p)
            .unwrap()
            .run(&mut p)
            .unwrap();
        let mut p = Scripted::new([]);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert!(p.asked.is_empty());
        assert!(p.said.iter().any(|m| m.contains("--review")));
    }

    #[test]
    fn a_missing_folder_is_a_usage_error_before_any_question() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let mut p = Scripted::new([]);
        let r = Session::start(&set, &d.path().join("no/a.yaml"), opts(), &mut p);
        assert!(matches!(r, Err(SessionError::Usage(m)) if m.contains("folder does not exist")));
        assert!(p.texts.is_empty());
    }

    #[test]
    fn a_file_with_errors_is_not_touched() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let bad = OLD.replace("rating: 2", "rating: 9");
        std::fs::write(&path, &bad).unwrap();
        let mut p = Scripted::new([]);
        match Session::start(&set, &path, opts(), &mut p) {
            Err(SessionError::Invalid(f)) => assert!(f.errors() > 0),
            _ => panic!("expected findings"),
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
        std::fs::write(&path, "organisation: [").unwrap();
        assert!(matches!(
            Session::start(&set, &path, opts(), &mut p),
            Err(SessionError::Invalid(_))
        ));
    }

    fn builtin() -> ChecklistSet {
        load_usable(&SetSource::Builtin, Lang::En).expect("built-in set")
    }

    #[test]
    fn after_going_back_the_next_question_is_the_one_that_follows() {
        // Issue 12, item 2: INF-01 to INF-05 answered, at INF-06 `b` three times, INF-03
        // answered again: the next question is INF-04 (it was INF-06, and the answer meant for
        // INF-04 landed there).
        let set = builtin();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        for l in [1, 2, 3, 4, 5] {
            steps.extend(lv(l));
        }
        steps.extend([Choose(Back), Choose(Back), Choose(Back)]);
        steps.extend(lv(0));
        steps.extend(lv(1));
        steps.push(Choose(Quit));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        assert_eq!(
            p.asked[5..],
            [
                ("INF-06".into(), None),
                ("INF-05".into(), Some(Level(5))),
                ("INF-04".into(), Some(Level(4))),
                ("INF-03".into(), Some(Level(3))),
                ("INF-04".into(), Some(Level(4))),
                ("INF-05".into(), Some(Level(5))),
            ]
        );
        let f = on_disk(&path);
        assert_eq!(
            ratings(&f)[..5],
            [
                ("INF-01".into(), "1".into()),
                ("INF-02".into(), "2".into()),
                ("INF-03".into(), "0".into()),
                ("INF-04".into(), "1".into()),
                ("INF-05".into(), "5".into()),
            ]
        );
        assert!(f.answer("INF-06").is_none());
        assert_eq!(f.position.as_deref().map(String::as_str), Some("INF-05"));
    }

    #[test]
    fn going_forward_past_the_frontier_skips_answered_questions_again() {
        // Back over a skipped question and forward again: in order up to where the person
        // was, then on to the next open question.
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        std::fs::write(&path, OLD).unwrap();
        // BAK-01, BAK-02 (from vanished) and WRN-01 are answered: the walk starts at BAK-03.
        let mut steps = vec![Choose(Back), Choose(Skip), Choose(Skip)];
        steps.extend(lv(3));
        steps.push(Choose(Quit));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        assert_eq!(ids(&p), ["BAK-03", "BAK-02", "BAK-03", "WRN-02", "WRN-03"]);
    }

    #[test]
    fn quit_stores_the_position_and_resume_starts_there_with_the_skipped_at_the_end() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend(lv(1));
        steps.push(Choose(Skip));
        steps.extend(lv(3));
        steps.push(Choose(Quit));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        let f = on_disk(&path);
        assert_eq!(f.position.as_deref().map(String::as_str), Some("WRN-01"));
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("\nposition: WRN-01\n")
        );

        // Second sitting: WRN-01 first, the skipped BAK-02 at the end.
        let mut steps = vec![];
        for l in [2, 2, 2] {
            steps.extend(lv(l));
        }
        steps.push(Select(0));
        steps.extend(lv(4));
        let mut p = Scripted::new(steps);
        drop(s);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert!(
            p.said.iter().any(|m| m.contains("Continuing at WRN-01")),
            "{:?}",
            p.said
        );
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Done);
        assert_eq!(ids(&p), ["WRN-01", "WRN-02", "WRN-03", "BAK-02"]);
        assert!(
            p.said
                .iter()
                .any(|m| m.contains("1 question(s) are still open: BAK-02")),
            "{:?}",
            p.said
        );
        let f = on_disk(&path);
        assert_eq!(f.answers.len(), 6);
        // Walked through: no position any more.
        assert_eq!(f.position, None);
    }

    #[test]
    fn ctrl_c_in_a_note_stores_the_question_as_the_position() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend(lv(1));
        steps.extend([Choose(Level(2)), Interrupt]);
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        let f = on_disk(&path);
        assert_eq!(f.position.as_deref().map(String::as_str), Some("BAK-02"));
        assert!(f.answer("BAK-02").is_none());
    }

    #[test]
    fn a_position_outside_the_set_or_the_scope_starts_at_the_first_open_question() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let text = OLD.replace(
            "updated: 2026-01-03\n",
            "updated: 2026-01-03\nposition: XYZ-01\n",
        );
        std::fs::write(&path, &text).unwrap();
        let mut p = Scripted::new([Choose(Quit)]);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        s.run(&mut p).unwrap();
        assert_eq!(ids(&p), ["BAK-03"]);
        // With --field warnings, a position in backup is outside the scope.
        std::fs::write(
            &path,
            OLD.replace(
                "updated: 2026-01-03\n",
                "updated: 2026-01-03\nposition: BAK-03\n",
            ),
        )
        .unwrap();
        let o = Options {
            field: Some("warnings".into()),
            ..opts()
        };
        let mut p = Scripted::new([Choose(Quit)]);
        drop(s);
        let mut s = Session::start(&set, &path, o, &mut p).unwrap();
        s.run(&mut p).unwrap();
        assert_eq!(ids(&p), ["WRN-02"]);
    }

    #[test]
    fn the_overview_shows_progress_and_jumps_to_a_field_or_a_question() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend(lv(2));
        // Field 2 by number, then a question by id in lower case, then a wrong input, then
        // Enter (back to the question).
        steps.extend([Choose(Overview), t("2"), Choose(Overview), t("bak-03")]);
        steps.extend([Choose(Overview), t("warnigns"), t("")]);
        steps.extend([Choose(Overview), t("warnings")]);
        steps.push(Choose(Quit));
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        assert_eq!(s.run(&mut p).unwrap(), Outcome::Quit);
        assert_eq!(
            ids(&p),
            ["BAK-01", "BAK-02", "WRN-01", "BAK-03", "BAK-03", "WRN-01"]
        );
        let ov = &p.overviews[0];
        assert_eq!(ov.current.as_deref(), Some("BAK-02"));
        assert_eq!((ov.answered, ov.total), (1, 6));
        let f = &ov.fields[0];
        assert_eq!((f.number, f.count.rated, f.count.total), (1, 1, 3));
        assert!(f.current && f.in_scope);
        // The standard profile asks level 2 of backup and 3 of the rest.
        assert_eq!(f.target, Some(2));
        assert_eq!(ov.fields[1].target, Some(3));
        assert!(
            p.said
                .iter()
                .any(|m| m.contains("neither a field") && m.contains("`warnings`")),
            "{:?}",
            p.said
        );
    }

    #[test]
    fn the_overview_refuses_a_jump_outside_the_field() {
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend([Choose(Overview), t("BAK-01"), t(""), Choose(Quit)]);
        let o = Options {
            field: Some("warnings".into()),
            ..opts()
        };
        let mut p = Scripted::new(steps);
        let mut s = Session::start(&set, &path, o, &mut p).unwrap();
        s.run(&mut p).unwrap();
        assert_eq!(ids(&p), ["WRN-01", "WRN-01"]);
        assert!(
            p.said
                .iter()
                .any(|m| m.contains("not part of this session"))
        );
        assert!(!p.overviews[0].fields[0].in_scope);
    }

    #[test]
    fn the_question_says_whether_it_is_critical_and_what_the_profile_asks() {
        // A prompter that keeps every Ask.
        struct Keep(Vec<Ask>, Scripted);
        impl Prompter for Keep {
            fn say(&mut self, t: &str) {
                self.1.say(t)
            }
            fn choose(&mut self, a: &Ask) -> Result<Choice, Interrupted> {
                self.0.push(a.clone());
                self.1.choose(a)
            }
            fn text(&mut self, a: &TextAsk) -> Result<String, Interrupted> {
                self.1.text(a)
            }
            fn select(&mut self, l: &str, o: &[String], s: usize) -> Result<usize, Interrupted> {
                self.1.select(l, o, s)
            }
            fn overview(&mut self, o: &FieldsOverview) -> Result<String, Interrupted> {
                self.1.overview(o)
            }
        }
        let set = set();
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let mut steps = header();
        steps.extend([Choose(Skip), Choose(Quit)]);
        let mut p = Keep(vec![], Scripted::new(steps));
        let mut s = Session::start(&set, &path, opts(), &mut p).unwrap();
        s.run(&mut p).unwrap();
        assert!(p.0[0].critical);
        assert!(!p.0[1].critical);
        assert_eq!(p.0[0].target, Some((2, "Standard".into())));
        // The profile prompt told each profile's targets before the selection.
        let about =
            p.1.said
                .iter()
                .find(|m| m.starts_with("Target profiles:"))
                .unwrap();
        assert!(about.contains("basis – Basic"), "{about}");
        assert!(
            about.contains(
                "target: level 3 Established in every field, except Backup 2 Partly implemented"
            ),
            "{about}"
        );
    }

    // --- assess --plan ---------------------------------------------------------------------

    /// A session on a copy of the fixture `partial.yaml` (gaps: BAK-02, then by priority).
    fn planning(dir: &Path) -> PathBuf {
        let src =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessments/planned.yaml");
        let path = dir.join("a.yaml");
        std::fs::copy(src, &path).unwrap();
        path
    }

    fn plan_opts() -> Options {
        Options {
            review: true,
            ..opts()
        }
    }

    fn actions(a: &AssessmentFile) -> Vec<(String, Option<String>, Option<String>, String)> {
        a.answers
            .iter()
            .filter_map(|x| {
                x.action.as_ref().map(|c| {
                    (
                        x.id.value.clone(),
                        c.owner.as_ref().map(|v| v.value.clone()),
                        c.due.as_ref().map(|v| v.value.clone()),
                        c.status.value.as_str().to_owned(),
                    )
                })
            })
            .collect()
    }

    #[test]
    fn plan_walks_the_gaps_in_score_order_with_current_values_preselected() {
        let d = tempfile::tempdir().unwrap();
        let path = planning(d.path());
        let set = set();
        let before = on_disk(&path);
        let order: Vec<String> = crate::scoring::score(&set, &before, &Default::default())
            .gaps
            .iter()
            .map(|g| g.question.clone())
            .collect();
        let mut p = Scripted::new([
            // First gap: keep the owner, a bad date, then a good one, done, keep the effort.
            t("IT-Leitung"),
            t("15.12.2026"),
            t("2026-12-15"),
            Select(2),
            t("3 PT"),
            // Second gap: everything new.
            t("Hausmeister"),
            t(""),
            Select(1),
            t("1 Tag"),
            // Third gap: unchanged.
            t("ISB"),
            t("2026-10-01"),
            Select(2),
            t(""),
        ]);
        let mut s = Session::start(&set, &path, plan_opts(), &mut p).unwrap();
        assert_eq!(s.plan(&mut p, true).unwrap(), Outcome::Done);
        // The owner prompts come in the gap list's order, each with its current value.
        let owners: Vec<Option<String>> = p
            .texts
            .iter()
            .filter(|(l, _)| l == "Owner:")
            .map(|(_, i)| i.clone())
            .collect();
        let want: Vec<Option<String>> = order
            .iter()
            .map(|q| {
                before
                    .answer(q)
                    .and_then(|a| a.action.as_ref())
                    .and_then(|a| a.owner.as_ref())
                    .map(|o| o.value.clone())
            })
            .collect();
        assert_eq!(owners, want);
        assert!(
            p.said
                .iter()
                .any(|m| m.contains("`15.12.2026` is not a valid date"))
        );
        let after = on_disk(&path);
        let got = actions(&after);
        assert_eq!(
            got[..],
            [
                (
                    "BAK-01".into(),
                    Some("IT-Leitung".into()),
                    Some("2026-12-15".into()),
                    "done".into()
                ),
                (
                    "BAK-02".into(),
                    Some("Hausmeister".into()),
                    None,
                    "in-progress".into()
                ),
                (
                    "WRN-02".into(),
                    Some("ISB".into()),
                    Some("2026-10-01".into()),
                    "done".into()
                ),
            ]
        );
        assert_eq!(after.position, before.position);
        assert_eq!(ratings(&after), ratings(&before));
    }

    #[test]
    fn plan_saves_each_gap_and_ctrl_c_keeps_the_earlier_ones() {
        let d = tempfile::tempdir().unwrap();
        let path = planning(d.path());
        let set = set();
        let mut p = Scripted::new([
            t("Neu"),
            t("2027-05-01"),
            Select(0),
            t(""),
            t("Halb"),
            Interrupt,
        ]);
        let mut s = Session::start(&set, &path, plan_opts(), &mut p).unwrap();
        assert_eq!(s.plan(&mut p, true).unwrap(), Outcome::Quit);
        let got = actions(&on_disk(&path));
        assert_eq!(
            got[0],
            (
                "BAK-01".into(),
                Some("Neu".into()),
                Some("2027-05-01".into()),
                "open".into()
            )
        );
        // The gap being asked when Ctrl-C came keeps its old action.
        assert_eq!(got[1].1.as_deref(), Some("*Hausmeister* | IT"));
    }

    #[test]
    fn plan_without_review_resumes_at_the_gaps_lacking_owner_or_due_date() {
        let d = tempfile::tempdir().unwrap();
        let path = planning(d.path());
        let set = set();
        // BAK-01 and WRN-02 have owner and due date; BAK-02 has no due date after this.
        let mut p = Scripted::new([t("IT"), t(""), Select(0), t("")]);
        let mut s = Session::start(&set, &path, plan_opts(), &mut p).unwrap();
        // planned.yaml: every gap has owner and due date, so nothing is asked.
        assert_eq!(s.plan(&mut p, false).unwrap(), Outcome::Done);
        drop(s);
        assert!(p.texts.is_empty());
        assert!(p.said.iter().any(|m| m.contains("--plan --review")));
        // Remove BAK-02's due date: the next session asks BAK-02 only.
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("      due: 2027-01-31\n", "");
        std::fs::write(&path, text).unwrap();
        let mut s = Session::start(&set, &path, plan_opts(), &mut p).unwrap();
        assert_eq!(s.plan(&mut p, false).unwrap(), Outcome::Done);
        let initial: Vec<Option<String>> = p.texts.iter().map(|(_, i)| i.clone()).collect();
        assert_eq!(initial[0].as_deref(), Some("*Hausmeister* | IT"));
        assert_eq!(p.texts.len(), 3);
    }

    #[test]
    fn plan_field_limits_the_walk_by_id_or_number() {
        let set = set();
        for field in ["warnings", "2"] {
            let d = tempfile::tempdir().unwrap();
            let path = planning(d.path());
            let mut p = Scripted::new([t("ISB"), t("2026-10-01"), Select(2), t("")]);
            let o = Options {
                field: Some(field.into()),
                ..plan_opts()
            };
            let mut s = Session::start(&set, &path, o, &mut p).unwrap();
            assert_eq!(s.plan(&mut p, true).unwrap(), Outcome::Done);
            assert!(
                p.said.iter().any(|m| m.contains("Gap 1 of 1: WRN-02")),
                "{:?}",
                p.said
            );
        }
    }

    #[test]
    fn plan_with_no_gap_says_so() {
        let d = tempfile::tempdir().unwrap();
        let path = d.path().join("a.yaml");
        let src =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/assessments/passing.yaml");
        std::fs::copy(src, &path).unwrap();
        let before = std::fs::read(&path).unwrap();
        let set = set();
        let mut p = Scripted::new([]);
        let mut s = Session::start(&set, &path, plan_opts(), &mut p).unwrap();
        assert_eq!(s.plan(&mut p, true).unwrap(), Outcome::Done);
        assert!(p.said.iter().any(|m| m.starts_with("No gap")));
        assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
    }
}
