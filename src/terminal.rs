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

use crate::session::{Ask, Choice, Interrupted, Prompter, TextAsk};
use crate::tr;

/// A prompter on the process's terminal; question menus go to `out` (stdout), inquire's
/// prompts to stderr.
pub struct TerminalPrompter<'a> {
    out: &'a mut dyn Write,
    color: bool,
}

impl<'a> TerminalPrompter<'a> {
    /// A prompter writing to `out`; `color` allows bold and reverse video.
    pub fn new(out: &'a mut dyn Write, color: bool) -> Self {
        if !color {
            inquire::set_global_render_config(inquire::ui::RenderConfig::empty());
        }
        TerminalPrompter { out, color }
    }

    fn write(&mut self, s: &str) {
        let _ = self.out.write_all(s.as_bytes());
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

/// One line of the menu: the key, the label, and the choice it stands for.
struct Item {
    key: char,
    label: String,
    choice: Choice,
}

fn items(ask: &Ask) -> Vec<Item> {
    let lang = ask.lang;
    let mut v: Vec<Item> = ask
        .levels
        .iter()
        .map(|l| Item {
            key: char::from(b'0' + l.level.min(9)),
            label: match &l.anchor {
                Some(a) => format!("{} – {a}", l.name),
                None => l.name.clone(),
            },
            choice: Choice::Level(l.level),
        })
        .collect();
    v.push(Item {
        key: 'n',
        label: tr!(lang, "n/a – trifft nicht zu", "n/a – not applicable"),
        choice: Choice::NotApplicable,
    });
    v.push(Item {
        key: 's',
        label: tr!(lang, "überspringen", "skip"),
        choice: Choice::Skip,
    });
    v.push(Item {
        key: 'b',
        label: tr!(
            lang,
            "zurück zur vorigen Frage",
            "back to the previous question"
        ),
        choice: Choice::Back,
    });
    v.push(Item {
        key: 'q',
        label: tr!(lang, "speichern und beenden", "save and quit"),
        choice: Choice::Quit,
    });
    v
}

/// Cuts `s` to `width` characters so that a menu line never wraps (redrawing counts lines).
fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
    t.push('…');
    t
}

impl TerminalPrompter<'_> {
    /// Draws the menu (in raw mode: lines end in CR LF); returns the number of lines.
    fn draw_menu(&mut self, items: &[Item], cursor_at: usize, lang: crate::i18n::Lang) -> u16 {
        let width = terminal::size()
            .ok()
            .filter(|&(w, _)| w > 0)
            .map(|(w, _)| usize::from(w))
            .unwrap_or(80)
            .max(20)
            - 1;
        let mut lines = 0u16;
        for (i, it) in items.iter().enumerate() {
            let mark = if i == cursor_at { '>' } else { ' ' };
            let line = fit(&format!("{mark} {}  {}", it.key, it.label), width);
            if i == cursor_at && self.color {
                let _ = queue!(
                    &mut self.out,
                    SetAttribute(Attribute::Reverse),
                    Print(line),
                    SetAttribute(Attribute::Reset),
                    Print("\r\n")
                );
            } else {
                let _ = queue!(&mut self.out, Print(line), Print("\r\n"));
            }
            lines += 1;
        }
        let hint = fit(
            &tr!(
                lang,
                "Taste 0–5, n, s, b, q oder ↑/↓ und Enter · Strg-C speichert und beendet",
                "Press 0–5, n, s, b, q or ↑/↓ and Enter · Ctrl-C saves and quits"
            ),
            width,
        );
        let _ = queue!(&mut self.out, Print(hint), Print("\r\n"));
        let _ = self.out.flush();
        lines + 1
    }

    fn clear_menu(&mut self, lines: u16) {
        let _ = queue!(
            &mut self.out,
            cursor::MoveToPreviousLine(lines),
            terminal::Clear(ClearType::FromCursorDown)
        );
    }
}

impl Prompter for TerminalPrompter<'_> {
    fn say(&mut self, text: &str) {
        self.write(&format!("{text}\n"));
    }

    fn choose(&mut self, ask: &Ask) -> Result<Choice, Interrupted> {
        let lang = ask.lang;
        let bold = |s: &str, color: bool| {
            if color {
                format!("\x1b[1m{s}\x1b[0m")
            } else {
                s.to_owned()
            }
        };
        let mut head = format!(
            "\n{}\n{}\n\n{}\n",
            bold(&ask.field_line, self.color),
            ask.progress,
            bold(&format!("{}  {}", ask.id, ask.text), self.color)
        );
        if let Some(h) = &ask.help {
            head.push_str(&format!("{}: {h}\n", tr!(lang, "Hinweis", "Help")));
        }
        self.write(&head);
        let items = items(ask);
        let mut at = match ask.current {
            Some(c) => items.iter().position(|i| i.choice == c).unwrap_or(0),
            None => 0,
        };
        let guard = RawGuard::enter().map_err(|_| Interrupted)?;
        let mut lines = self.draw_menu(&items, at, lang);
        let chosen = loop {
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
                continue;
            };
            if kind == KeyEventKind::Release {
                continue;
            }
            let ctrl = modifiers.contains(KeyModifiers::CONTROL);
            match code {
                KeyCode::Char('c' | 'd') if ctrl => break Err(Interrupted),
                KeyCode::Char(c) => {
                    let c = c.to_ascii_lowercase();
                    if let Some(it) = items.iter().find(|i| i.key == c) {
                        break Ok(it.choice);
                    }
                }
                KeyCode::Enter => break Ok(items[at].choice),
                KeyCode::Up | KeyCode::Down | KeyCode::Home | KeyCode::End => {
                    at = match code {
                        KeyCode::Up => at.checked_sub(1).unwrap_or(items.len() - 1),
                        KeyCode::Down => (at + 1) % items.len(),
                        KeyCode::Home => 0,
                        _ => items.len() - 1,
                    };
                    self.clear_menu(lines);
                    lines = self.draw_menu(&items, at, lang);
                }
                _ => {}
            }
        };
        self.clear_menu(lines);
        let _ = self.out.flush();
        drop(guard);
        match chosen {
            Ok(c) => {
                let label = items
                    .iter()
                    .find(|i| i.choice == c)
                    .map(|i| format!("{}  {}", i.key, i.label))
                    .unwrap_or_default();
                self.write(&format!("→ {label}\n"));
                Ok(c)
            }
            Err(e) => {
                self.write(&tr!(lang, "→ abgebrochen\n", "→ interrupted\n"));
                Err(e)
            }
        }
    }

    fn text(&mut self, ask: &TextAsk) -> Result<String, Interrupted> {
        let _ = self.out.flush();
        let initial = ask.initial.as_deref().unwrap_or("");
        let multiline = initial.contains(['\n', '\r']);
        let help = if multiline {
            tr!(
                ask.lang,
                "der bisherige Text hat mehrere Zeilen; Enter behält ihn",
                "the current text has several lines; Enter keeps it"
            )
        } else {
            ask.help.clone().unwrap_or_default()
        };
        let mut t = inquire::Text::new(&ask.label);
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
        inquire::Select::new(label, options.to_vec())
            .with_starting_cursor(start.min(options.len().saturating_sub(1)))
            .raw_prompt()
            .map(|o| o.index)
            .map_err(|_| Interrupted)
    }
}
