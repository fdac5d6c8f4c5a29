//! The terminal side of an assessment: a [`Prompter`] that shows a question with its levels and
//! reads single keys (digits 0–5, n, s, b, q, arrows, Enter, Ctrl-C) with crossterm, and asks
//! for text and selections with inquire.
//!
//! Neither inquire nor dialoguer offers a selection where a digit picks an option at once, so
//! the question menu reads keys itself (crossterm, which inquire uses too); text input and the
//! profile selection are inquire's (line editing, preselection, Ctrl-C as an error value).

use std::io::Write;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, Print, SetAttribute};
use crossterm::terminal::{self, ClearType};
use crossterm::{cursor, queue};
use inquire::InquireError;

use crate::i18n::Lang;
use crate::session::{Ask, Choice, FieldsOverview, Interrupted, Prompter, TextAsk};
use crate::tr;

/// A prompter on the process's terminal; question screens go to `out` (stdout), inquire's
/// prompts to stderr.
pub struct TerminalPrompter<'a> {
    out: &'a mut dyn Write,
    color: bool,
    lang: Lang,
    /// Messages said since the last prompt, shown again at the top of the next screen (which
    /// clears what was printed before it).
    notices: Vec<String>,
}

impl<'a> TerminalPrompter<'a> {
    /// A prompter writing to `out` in `lang`; `color` allows bold and reverse video.
    pub fn new(out: &'a mut dyn Write, color: bool, lang: Lang) -> Self {
        if !color {
            inquire::set_global_render_config(inquire::ui::RenderConfig::empty());
        }
        TerminalPrompter {
            out,
            color,
            lang,
            notices: Vec::new(),
        }
    }

    fn write(&mut self, s: &str) {
        let s = crate::sanitize::terminal_keep_colour(s);
        let _ = self.out.write_all(s.as_bytes());
        let _ = self.out.flush();
    }

    /// Clears the screen and draws `lines` from the top (in raw mode lines end in CR LF).
    fn paint(&mut self, lines: &[Line]) {
        let _ = queue!(
            &mut self.out,
            terminal::Clear(ClearType::All),
            cursor::MoveTo(0, 0)
        );
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                let _ = queue!(&mut self.out, Print("\r\n"));
            }
            let attr = match l.style {
                Style::Bold if self.color => Some(Attribute::Bold),
                Style::Reverse if self.color => Some(Attribute::Reverse),
                _ => None,
            };
            match attr {
                Some(a) => {
                    let _ = queue!(
                        &mut self.out,
                        SetAttribute(a),
                        Print(&l.text),
                        SetAttribute(Attribute::Reset)
                    );
                }
                None => {
                    let _ = queue!(&mut self.out, Print(&l.text));
                }
            }
        }
        let _ = self.out.flush();
    }
}

/// Leaves raw mode when dropped, also on early returns.
struct RawGuard;

impl RawGuard {
    fn enter() -> std::io::Result<RawGuard> {
        terminal::enable_raw_mode()?;
        Ok(RawGuard)
    }
}

impl Drop for RawGuard {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// A text as it may be drawn on a terminal: line breaks and tabs become spaces, every other
/// control character and bidi override is shown visibly by the one terminal escaper
/// ([`crate::sanitize::terminal`], e.g. `\u001b`) instead of being sent.
pub fn escape(s: &str) -> String {
    let flat: String = s
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => ' ',
            c => c,
        })
        .collect();
    crate::sanitize::terminal(&flat).into_owned()
}

/// One line of the menu: the key, the label, and the choice it stands for.
struct Item {
    key: char,
    /// The level's name (or the action).
    name: String,
    /// The anchor of the level for this question.
    anchor: Option<String>,
    choice: Choice,
}

impl Item {
    fn full(&self) -> String {
        match &self.anchor {
            Some(a) => format!("{} – {a}", self.name),
            None => self.name.clone(),
        }
    }
}

fn items(ask: &Ask) -> Vec<Item> {
    let lang = ask.lang;
    let target = ask.target.as_ref().map(|t| t.0);
    let mut v: Vec<Item> = ask
        .levels
        .iter()
        .map(|l| Item {
            key: char::from(b'0' + l.level.min(9)),
            name: if target == Some(l.level) {
                format!("{} {}", escape(&l.name), tr!(lang, "(Ziel)", "(target)"))
            } else {
                escape(&l.name)
            },
            anchor: l.anchor.as_deref().map(escape),
            choice: Choice::Level(l.level),
        })
        .collect();
    for (key, name, choice) in [
        (
            'n',
            tr!(lang, "n/a – trifft nicht zu", "n/a – not applicable"),
            Choice::NotApplicable,
        ),
        ('s', tr!(lang, "überspringen", "skip"), Choice::Skip),
        (
            'b',
            tr!(
                lang,
                "zurück zur vorigen Frage",
                "back to the previous question"
            ),
            Choice::Back,
        ),
        (
            'q',
            tr!(lang, "speichern und beenden", "save and quit"),
            Choice::Quit,
        ),
    ] {
        v.push(Item {
            key,
            name,
            anchor: None,
            choice,
        });
    }
    v
}

/// The size of the terminal: usable width (one less than its columns, so that no line
/// wraps) and rows; 80×24 when unknown.
fn term_size() -> (usize, usize) {
    let (w, h) = terminal::size()
        .ok()
        .filter(|&(w, h)| w > 0 && h > 0)
        .unwrap_or((80, 24));
    (usize::from(w).max(20) - 1, usize::from(h).max(5))
}

/// Word-wraps `s` into lines of at most `width` characters; lines after the first are indented
/// by `indent` spaces. The screens count these lines to fit the height, so no line may wrap
/// in the terminal.
pub fn wrap(s: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.max(indent + 10);
    let mut lines = Vec::new();
    let rest = s.trim_start_matches(' ');
    let mut len = s.len() - rest.len();
    let mut line = " ".repeat(len);
    let mut first = true;
    for word in rest.split(' ') {
        let wlen = word.chars().count();
        if !first && len + 1 + wlen > width {
            lines.push(std::mem::take(&mut line));
            line = " ".repeat(indent);
            len = indent;
        } else if !first {
            line.push(' ');
            len += 1;
        }
        first = false;
        // A word longer than a line is cut into pieces.
        let mut chars = word.chars().peekable();
        while chars.peek().is_some() {
            if len >= width {
                lines.push(std::mem::take(&mut line));
                line = " ".repeat(indent);
                len = indent;
            }
            if let Some(c) = chars.next() {
                line.push(c);
                len += 1;
            }
        }
    }
    lines.push(line);
    lines
}

/// How a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Bold,
    Reverse,
}

/// One line of a screen, never wider than the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    text: String,
    style: Style,
}

fn push_wrapped(out: &mut Vec<Line>, s: &str, width: usize, indent: usize, style: Style) {
    out.extend(
        wrap(s, width, indent)
            .into_iter()
            .map(|text| Line { text, style }),
    );
}

/// How much of the level list a screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Levels {
    /// Every level with its anchor.
    Anchors,
    /// The highlighted level with its anchor, the others by name.
    CurrentAnchor,
    /// Only the highlighted line.
    CurrentOnly,
}

/// One way to lay out a question screen; [`question_screen`] takes the first that fits.
#[derive(Debug, Clone, Copy)]
struct Layout {
    help: bool,
    levels: Levels,
    /// n/a, skip, back and quit on one line.
    compact_actions: bool,
    blanks: bool,
    short_keys: bool,
    notices: bool,
}

/// What the question screen shows besides the question: the state of the keys pressed.
#[derive(Debug, Clone, Default)]
struct View {
    /// `h` pressed: Some(true) shows the help, Some(false) hides it, None decides by space.
    help: Option<bool>,
    /// `?` pressed: the list of keys instead of the levels.
    keys: bool,
    /// A one-line hint (after an unknown key).
    hint: Option<String>,
    /// The choice made: drawn instead of the menu.
    chosen: Option<String>,
}

fn key_line(lang: Lang, short: bool, has_help: bool) -> String {
    let h = if has_help {
        tr!(lang, " · h Hinweis", " · h help")
    } else {
        String::new()
    };
    if short {
        tr!(
            lang,
            "0–5 n s b q ↑/↓ Enter · o Übersicht{h} · ? Tasten · Strg-C beendet",
            "0–5 n s b q ↑/↓ Enter · o overview{h} · ? keys · Ctrl-C saves and quits"
        )
    } else {
        tr!(
            lang,
            "Taste 0–5, n, s, b, q oder ↑/↓ und Enter · o/ü Übersicht{h} · ? alle Tasten · Strg-C speichert und beendet",
            "Press 0–5, n, s, b, q or ↑/↓ and Enter · o overview{h} · ? all keys · Ctrl-C saves and quits"
        )
    }
}

/// The list of keys shown by `?`.
fn keys_help(lang: Lang) -> Vec<(String, String)> {
    [
        ("0–5", tr!(lang, "Reifegrad wählen", "choose the level")),
        (
            "n",
            tr!(
                lang,
                "n/a – trifft nicht zu (mit Begründung)",
                "n/a – not applicable (with a justification)"
            ),
        ),
        (
            "s",
            tr!(
                lang,
                "überspringen (wird am Ende wieder angeboten)",
                "skip (offered again at the end)"
            ),
        ),
        (
            "b",
            tr!(
                lang,
                "zurück zur vorigen Frage",
                "back to the previous question"
            ),
        ),
        (
            "o, ü",
            tr!(
                lang,
                "Übersicht der Handlungsfelder; Sprung zu Feld oder Frage",
                "overview of the fields; jump to a field or a question"
            ),
        ),
        (
            "h",
            tr!(
                lang,
                "Hinweis zur Frage zeigen oder ausblenden",
                "show or hide the help for the question"
            ),
        ),
        ("?", tr!(lang, "diese Liste ein/aus", "this list on/off")),
        (
            "↑/↓ Enter",
            tr!(lang, "Zeile wählen und bestätigen", "move and confirm"),
        ),
        (
            "q, Strg-C",
            tr!(
                lang,
                "speichern und beenden (später fortsetzen)",
                "save and quit (resume later)"
            ),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The question screen for a terminal of `width` usable columns and `height` rows: the
/// question, the level list and the key line, laid out so that it fits (see [`Layout`]).
fn question_screen(
    ask: &Ask,
    items: &[Item],
    at: usize,
    view: &View,
    notices: &[String],
    width: usize,
    height: usize,
) -> (Vec<Line>, bool) {
    let has_help = ask.help.is_some();
    let mut layouts = Vec::new();
    for (levels, compact_actions, blanks, short_keys) in [
        (Levels::Anchors, false, true, false),
        (Levels::CurrentAnchor, false, true, false),
        (Levels::CurrentAnchor, true, true, false),
        (Levels::CurrentAnchor, true, false, false),
        (Levels::CurrentAnchor, true, false, true),
        (Levels::CurrentOnly, true, false, true),
    ] {
        let helps: &[bool] = match view.help {
            Some(h) => &[h][..],
            None if has_help && levels <= Levels::CurrentAnchor && !compact_actions => {
                &[true, false][..]
            }
            None => &[false][..],
        };
        for &help in helps {
            layouts.push(Layout {
                help: help && has_help,
                levels,
                compact_actions,
                blanks,
                short_keys,
                notices: true,
            });
        }
    }
    if let Some(&last) = layouts.last() {
        layouts.push(Layout {
            notices: false,
            ..last
        });
    }
    let mut best = (Vec::new(), false);
    for l in layouts {
        best = (
            draw_question(ask, items, at, view, notices, width, l),
            l.help,
        );
        if best.0.len() <= height {
            break;
        }
    }
    best
}

fn draw_question(
    ask: &Ask,
    items: &[Item],
    at: usize,
    view: &View,
    notices: &[String],
    width: usize,
    l: Layout,
) -> Vec<Line> {
    let lang = ask.lang;
    let mut o = Vec::new();
    if l.notices {
        for n in notices {
            push_wrapped(&mut o, &escape(n), width, 0, Style::Plain);
        }
    }
    push_wrapped(&mut o, &escape(&ask.field_line), width, 0, Style::Bold);
    push_wrapped(&mut o, &escape(&ask.progress), width, 0, Style::Plain);
    let mut status = Vec::new();
    if ask.critical {
        status.push(tr!(
            lang,
            "Kritische Frage: begrenzt den Reifegrad des Handlungsfelds",
            "Critical question: caps the level of the field"
        ));
    }
    if let Some((t, profile)) = &ask.target {
        let name = ask
            .levels
            .iter()
            .find(|x| x.level == *t)
            .map(|x| x.name.as_str())
            .unwrap_or("");
        status.push(tr!(
            lang,
            "Ziel ({}): {t} {}",
            "Target ({}): {t} {}",
            escape(profile),
            escape(name)
        ));
    }
    if !status.is_empty() {
        push_wrapped(&mut o, &status.join(" · "), width, 0, Style::Plain);
    }
    let blank = |o: &mut Vec<Line>| {
        if l.blanks {
            o.push(Line {
                text: String::new(),
                style: Style::Plain,
            });
        }
    };
    blank(&mut o);
    push_wrapped(
        &mut o,
        &format!("{}  {}", escape(&ask.id), escape(&ask.text)),
        width,
        0,
        Style::Bold,
    );
    if l.help
        && let Some(h) = &ask.help
    {
        push_wrapped(
            &mut o,
            &format!("{}: {}", tr!(lang, "Hinweis", "Help"), escape(h)),
            width,
            0,
            Style::Plain,
        );
    }
    blank(&mut o);
    if let Some(c) = &view.chosen {
        push_wrapped(&mut o, &format!("→ {c}"), width, 5, Style::Plain);
        return o;
    }
    if view.keys {
        for (k, v) in keys_help(lang) {
            push_wrapped(&mut o, &format!("  {k:<10} {v}"), width, 13, Style::Plain);
        }
    } else {
        let style = |i: usize| {
            if i == at {
                Style::Reverse
            } else {
                Style::Plain
            }
        };
        let mark = |i: usize| if i == at { '>' } else { ' ' };
        let mut compact = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let is_level = matches!(it.choice, Choice::Level(_));
            if !is_level && l.compact_actions && i != at {
                compact.push(format!("{} {}", it.key, it.name));
                continue;
            }
            let text = match l.levels {
                _ if !is_level => it.full(),
                Levels::Anchors => it.full(),
                Levels::CurrentAnchor | Levels::CurrentOnly if i == at => it.full(),
                Levels::CurrentOnly => continue,
                _ => it.name.clone(),
            };
            let text = format!("{} {}  {text}", mark(i), it.key);
            if i == at || l.levels == Levels::Anchors {
                push_wrapped(&mut o, &text, width, 5, style(i));
            } else {
                o.push(Line {
                    text: text.chars().take(width).collect(),
                    style: style(i),
                });
            }
        }
        if !compact.is_empty() {
            push_wrapped(
                &mut o,
                &format!("   {}", compact.join(" · ")),
                width,
                3,
                Style::Plain,
            );
        }
    }
    if let Some(h) = &view.hint {
        push_wrapped(&mut o, h, width, 0, Style::Bold);
    }
    push_wrapped(
        &mut o,
        &key_line(lang, l.short_keys, ask.help.is_some()),
        width,
        0,
        Style::Plain,
    );
    o
}

/// The overview screen: progress per field, which one the session stands in, and how to
/// jump.
fn overview_screen(ov: &FieldsOverview, notices: &[String], width: usize) -> Vec<Line> {
    let lang = ov.lang;
    let mut o = Vec::new();
    for n in notices {
        push_wrapped(&mut o, &escape(n), width, 0, Style::Plain);
    }
    let pct = (ov.answered * 100).checked_div(ov.total).unwrap_or(100);
    push_wrapped(
        &mut o,
        &tr!(
            lang,
            "Übersicht: {} von {} Fragen beantwortet ({pct} %)",
            "Overview: {} of {} questions answered ({pct} %)",
            ov.answered,
            ov.total
        ),
        width,
        0,
        Style::Bold,
    );
    o.push(Line {
        text: String::new(),
        style: Style::Plain,
    });
    for f in &ov.fields {
        let c = &f.count;
        let answered = c.rated + c.na;
        push_wrapped(
            &mut o,
            &format!(
                "{} {:>2}  {} ({})",
                if f.current { '>' } else { ' ' },
                f.number,
                escape(&c.title),
                escape(&c.id)
            ),
            width,
            6,
            Style::Plain,
        );
        let mut t = " ".repeat(6);
        t.push_str(&tr!(
            lang,
            "{answered} von {} beantwortet",
            "{answered} of {} answered",
            c.total
        ));
        if c.na > 0 {
            t.push_str(&format!(", {} n/a", c.na));
        }
        if let Some(z) = f.target {
            t.push_str(&tr!(lang, " · Ziel {z}", " · target {z}"));
        }
        if !f.in_scope {
            t.push_str(&tr!(
                lang,
                " · nicht in dieser Sitzung",
                " · not in this session"
            ));
        }
        push_wrapped(&mut o, &t, width, 6, Style::Plain);
    }
    o.push(Line {
        text: String::new(),
        style: Style::Plain,
    });
    let at = ov
        .current
        .as_ref()
        .map(|c| tr!(lang, "Sie stehen bei {}. ", "You are at {}. ", escape(c)))
        .unwrap_or_default();
    push_wrapped(
        &mut o,
        &tr!(
            lang,
            "{at}Tippen Sie die Nummer oder Id eines Handlungsfelds (z.\u{a0}B. 2) oder eine Frage-Id; Enter führt zurück zur Frage.",
            "{at}Type a field's number or id (e.g. 2) or a question id; Enter goes back to the question."
        ),
        width,
        0,
        Style::Plain,
    );
    o
}

impl Prompter for TerminalPrompter<'_> {
    fn say(&mut self, text: &str) {
        let (width, _) = term_size();
        let mut s = String::new();
        for line in text.lines() {
            // Continuation lines of an indented line are indented a little further.
            let lead = line.len() - line.trim_start_matches(' ').len();
            let indent = if lead > 0 { lead + 2 } else { 0 };
            s.push_str(&wrap(&escape(line), width, indent).join("\n"));
            s.push('\n');
        }
        self.write(&s);
        self.notices.push(text.to_owned());
    }

    fn choose(&mut self, ask: &Ask) -> Result<Choice, Interrupted> {
        let lang = ask.lang;
        let items = items(ask);
        let mut at = match ask.current {
            Some(c) => items.iter().position(|i| i.choice == c).unwrap_or(0),
            None => 0,
        };
        let notices = std::mem::take(&mut self.notices);
        let mut view = View::default();
        let guard = RawGuard::enter().map_err(|_| Interrupted)?;
        let chosen = loop {
            let (width, height) = term_size();
            let (screen, help_shown) =
                question_screen(ask, &items, at, &view, &notices, width, height);
            self.paint(&screen);
            view.hint = None;
            let ev = match crossterm::event::read() {
                Ok(ev) => ev,
                Err(_) => break Err(Interrupted),
            };
            let Event::Key(KeyEvent {
                code,
                modifiers,
                kind,
                ..
            }) = ev
            else {
                // A resize (or anything else) redraws.
                continue;
            };
            if kind == KeyEventKind::Release {
                continue;
            }
            let ctrl = modifiers.contains(KeyModifiers::CONTROL);
            match code {
                KeyCode::Char('c' | 'd') if ctrl => break Err(Interrupted),
                KeyCode::Char(c) => {
                    let c = c.to_lowercase().next().unwrap_or(c);
                    if let Some(it) = items.iter().find(|i| i.key == c) {
                        break Ok(it.choice);
                    }
                    match c {
                        'o' | 'ü' => break Ok(Choice::Overview),
                        '?' => view.keys = !view.keys,
                        'h' if ask.help.is_some() => {
                            view.help = Some(!help_shown);
                            view.keys = false;
                        }
                        other => {
                            view.hint = Some(tr!(
                                lang,
                                "Die Taste „{}“ ist nicht belegt; ? zeigt alle Tasten.",
                                "The key “{}” does nothing here; ? shows all keys.",
                                escape(&other.to_string())
                            ))
                        }
                    }
                }
                KeyCode::Enter => break Ok(items[at].choice),
                KeyCode::Esc if view.keys => view.keys = false,
                KeyCode::Up | KeyCode::Down | KeyCode::Home | KeyCode::End => {
                    at = match code {
                        KeyCode::Up => at.checked_sub(1).unwrap_or(items.len() - 1),
                        KeyCode::Down => (at + 1) % items.len(),
                        KeyCode::Home => 0,
                        _ => items.len() - 1,
                    };
                }
                _ => {
                    view.hint = Some(tr!(
                        lang,
                        "Diese Taste ist nicht belegt; ? zeigt alle Tasten.",
                        "That key does nothing here; ? shows all keys."
                    ))
                }
            }
        };
        let (width, height) = term_size();
        view.keys = false;
        view.chosen = Some(match chosen {
            Ok(Choice::Overview) => tr!(lang, "Übersicht", "overview"),
            Ok(c) => items
                .iter()
                .find(|i| i.choice == c)
                .map(|i| format!("{}  {}", i.key, i.full()))
                .unwrap_or_default(),
            Err(_) => tr!(lang, "abgebrochen", "interrupted"),
        });
        let (screen, _) = question_screen(ask, &items, at, &view, &[], width, height);
        self.paint(&screen);
        let _ = queue!(&mut self.out, Print("\r\n"));
        let _ = self.out.flush();
        drop(guard);
        chosen
    }

    fn text(&mut self, ask: &TextAsk) -> Result<String, Interrupted> {
        let _ = self.out.flush();
        self.notices.clear();
        let initial = ask.initial.as_deref().unwrap_or("");
        // A text with line breaks or other control characters is not put into the line
        // editor (which would send them to the terminal); Enter keeps it as it is.
        let multiline = initial.chars().any(char::is_control);
        let help = if multiline {
            tr!(
                ask.lang,
                "der bisherige Text hat mehrere Zeilen oder Steuerzeichen; Enter behält ihn",
                "the current text has several lines or control characters; Enter keeps it"
            )
        } else {
            ask.help.clone().unwrap_or_default()
        };
        let label = escape(&ask.label);
        let mut t = inquire::Text::new(&label);
        if !help.is_empty() {
            t = t.with_help_message(&help);
        }
        if !multiline && !initial.is_empty() {
            t = t.with_initial_value(initial);
        }
        match t.prompt() {
            Ok(s) if multiline && s.trim().is_empty() => Ok(initial.to_owned()),
            Ok(s) => Ok(s),
            // Esc leaves the value as it was.
            Err(InquireError::OperationCanceled) => Ok(initial.to_owned()),
            Err(_) => Err(Interrupted),
        }
    }

    fn select(
        &mut self,
        label: &str,
        options: &[String],
        start: usize,
    ) -> Result<usize, Interrupted> {
        let _ = self.out.flush();
        self.notices.clear();
        let help = tr!(
            self.lang,
            "↑/↓ wählen, Enter bestätigt, Tippen filtert",
            "↑/↓ to move, Enter to select, type to filter"
        );
        let start = start.min(options.len().saturating_sub(1));
        let options: Vec<String> = options.iter().map(|o| escape(o)).collect();
        inquire::Select::new(&escape(label), options)
            .with_help_message(&help)
            .with_starting_cursor(start)
            .raw_prompt()
            .map(|o| o.index)
            .map_err(|_| Interrupted)
    }

    fn overview(&mut self, ov: &FieldsOverview) -> Result<String, Interrupted> {
        let (width, _) = term_size();
        let notices = std::mem::take(&mut self.notices);
        let mut screen = overview_screen(ov, &notices, width);
        screen.push(Line {
            text: String::new(),
            style: Style::Plain,
        });
        self.paint(&screen);
        let _ = self.out.flush();
        let label = tr!(self.lang, "Springen zu:", "Jump to:");
        let help = tr!(
            self.lang,
            "Feld-Nummer, Feld-Id oder Frage-Id; Enter: zurück",
            "field number, field id or question id; Enter: back"
        );
        match inquire::Text::new(&label).with_help_message(&help).prompt() {
            Ok(s) => Ok(s),
            Err(InquireError::OperationCanceled) => Ok(String::new()),
            Err(_) => Err(Interrupted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::LevelChoice;
    use crate::set::{SetSource, load_usable};

    #[test]
    fn escape_shows_control_characters() {
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u001b[2Jb");
        assert_eq!(escape("x\u{7}y\u{7f}z"), "x\\u0007y\\u007fz");
        assert_eq!(escape("a\nb\tc"), "a b c");
        assert_eq!(escape("\u{9b}31m"), "\\u009b31m");
        assert_eq!(escape("a\u{202e}b"), "a\\u202eb");
        assert_eq!(escape("Übersicht – ok"), "Übersicht – ok");
    }

    /// The Ask of a question of the built-in set, as the session builds it.
    fn asks(lang: Lang) -> Vec<Ask> {
        let set = load_usable(&SetSource::Builtin, lang).unwrap();
        let code = lang.code();
        let n = set.questions().count();
        set.questions()
            .enumerate()
            .map(|(i, (f, q))| Ask {
                id: q.id.value.clone(),
                field_line: format!("Handlungsfeld 8 von 8: {}", f.title.get(code)),
                progress: format!("Frage 13 von 13 · insgesamt {i} von {n} beantwortet (100 %)"),
                text: q.text.get(code).to_owned(),
                help: q.help.as_ref().map(|h| h.get(code).to_owned()),
                levels: (0..=5)
                    .map(|l| LevelChoice {
                        level: l,
                        name: set.level_name(l, code).to_owned(),
                        anchor: q.anchors.get(l).map(|t| t.get(code).to_owned()),
                    })
                    .collect(),
                current: None,
                critical: q.critical,
                target: Some((4, "Erhöht".into())),
                lang,
            })
            .collect()
    }

    fn flat(lines: &[Line]) -> String {
        lines
            .iter()
            .flat_map(|l| l.text.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
    }

    // One test per language, so that the two run in parallel (the longest unit test).
    #[test]
    fn every_question_fits_80x24_with_any_line_highlighted_in_german() {
        every_question_fits_80x24_with_any_line_highlighted(Lang::De);
    }

    #[test]
    fn every_question_fits_80x24_with_any_line_highlighted_in_english() {
        every_question_fits_80x24_with_any_line_highlighted(Lang::En);
    }

    fn every_question_fits_80x24_with_any_line_highlighted(lang: Lang) {
        for ask in asks(lang) {
            let items = items(&ask);
            for at in 0..items.len() {
                let notice =
                    vec!["Fortsetzung von a.yaml: 5 von 95 Fragen beantwortet (5 %).".to_owned()];
                for view in [
                    View::default(),
                    View {
                        help: Some(true),
                        ..View::default()
                    },
                    View {
                        keys: true,
                        ..View::default()
                    },
                    View {
                        hint: Some("Die Taste „x“ ist nicht belegt; ? zeigt alle Tasten.".into()),
                        ..View::default()
                    },
                ] {
                    let (lines, help) = question_screen(&ask, &items, at, &view, &notice, 79, 24);
                    let f = flat(&lines);
                    assert!(lines.len() <= 24, "{}: {} lines", ask.id, lines.len());
                    assert!(lines.iter().all(|l| l.text.chars().count() <= 79));
                    assert!(
                        lines[0].text.starts_with("Fortsetzung")
                            || lines.iter().any(|l| l.text.starts_with("Handlungsfeld"))
                    );
                    assert!(
                        f.contains(&format!("{} {}", ask.id, flat_str(&ask.text))),
                        "{}",
                        ask.id
                    );
                    assert!(
                        lines.last().unwrap().text.contains("Strg-C")
                            || lines.last().unwrap().text.contains("Ctrl-C"),
                        "{} {:?} at {at}: {:#?}",
                        ask.id,
                        lang,
                        lines.iter().map(|l| &l.text).collect::<Vec<_>>()
                    );
                    if view.help == Some(true) {
                        assert!(
                            help && f.contains(&flat_str(ask.help.as_deref().unwrap())),
                            "{}",
                            ask.id
                        );
                    }
                    if !view.keys {
                        // The highlighted line is shown whole.
                        let it = &items[at];
                        assert!(f.contains(&flat_str(&it.full())), "{} {at}", ask.id);
                    }
                }
            }
        }
    }

    fn flat_str(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_overview_of_the_built_in_set_fits_80x24() {
        use crate::session::{FieldCount, OverviewField};
        for lang in [Lang::De, Lang::En] {
            let set = load_usable(&SetSource::Builtin, lang).unwrap();
            let fields: Vec<OverviewField> = set
                .fields
                .iter()
                .enumerate()
                .map(|(i, f)| OverviewField {
                    number: f.number.value,
                    count: FieldCount {
                        id: f.id.value.clone(),
                        title: f.title.get(lang.code()).to_owned(),
                        rated: 10,
                        na: 1,
                        total: f.questions.len(),
                    },
                    target: Some(4),
                    in_scope: true,
                    current: i == 0,
                })
                .collect();
            let ov = FieldsOverview {
                fields,
                current: Some("INF-12".into()),
                answered: 88,
                total: 95,
                lang,
            };
            let lines = overview_screen(&ov, &[], 79);
            // Two more rows for the prompt and its help line.
            assert!(lines.len() + 2 <= 24, "{} lines", lines.len());
            assert!(lines.iter().all(|l| l.text.chars().count() <= 79));
            let f = flat(&lines);
            for field in &set.fields {
                assert!(f.contains(&format!(
                    "{} {}",
                    field.number.value,
                    flat_str(field.title.get(lang.code()))
                )));
            }
            assert!(f.contains("INF-12"));
        }
    }

    #[test]
    fn a_large_screen_shows_every_anchor_and_the_help() {
        let ask = &asks(Lang::De)[0];
        let items = items(ask);
        let (lines, help) = question_screen(ask, &items, 0, &View::default(), &[], 99, 40);
        assert!(help);
        let f = flat(&lines);
        for it in &items {
            assert!(f.contains(&flat_str(&it.full())), "{}", it.full());
        }
        assert!(f.contains("Kritische Frage") == ask.critical);
        assert!(f.contains("Ziel (Erhöht): 4 Messbar"));
        assert!(f.contains("4 Messbar (Ziel)"));
    }

    #[test]
    fn wrap_keeps_every_line_within_the_width() {
        let text = "> 3  Etabliert – Eine benannte Person mit Vertretung bewertet jede Warnung nach Schweregrad innerhalb der Frist";
        let lines = wrap(text, 30, 5);
        assert!(lines.len() > 3);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert!(lines[1..].iter().all(|l| l.starts_with("     ")));
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(
            words.join(" "),
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        );
        assert_eq!(wrap("kurz", 30, 5), ["kurz"]);
        assert_eq!(wrap("  1  Geplant", 30, 5), ["  1  Geplant"]);
        let long = wrap(&"x".repeat(50), 20, 2);
        assert!(long.iter().all(|l| l.chars().count() <= 20), "{long:?}");
        assert_eq!(long.concat().replace(' ', ""), "x".repeat(50));
    }
}
