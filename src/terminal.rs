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
use crate::session::{Ask, Choice, Interrupted, Prompter, TextAsk};
use crate::tr;

/// A prompter on the process's terminal; question menus go to `out` (stdout), inquire's
/// prompts to stderr.
pub struct TerminalPrompter<'a> {
    out: &'a mut dyn Write,
    color: bool,
    lang: Lang,
}

impl<'a> TerminalPrompter<'a> {
    /// A prompter writing to `out` in `lang`; `color` allows bold and reverse video.
    pub fn new(out: &'a mut dyn Write, color: bool, lang: Lang) -> Self {
        if !color {
            inquire::set_global_render_config(inquire::ui::RenderConfig::empty());
        }
        TerminalPrompter { out, color, lang }
    }

    fn write(&mut self, s: &str) {
        let s = crate::sanitize::terminal_keep_colour(s);
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
            label: crate::sanitize::terminal(&match &l.anchor {
                Some(a) => format!("{} – {a}", l.name),
                None => l.name.clone(),
            })
            .into_owned(),
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

/// The usable width of the terminal (one less than its columns; 80 when unknown).
fn term_width() -> usize {
    terminal::size()
        .ok()
        .filter(|&(w, _)| w > 0)
        .map(|(w, _)| usize::from(w))
        .unwrap_or(80)
        .max(20)
        - 1
}

/// Word-wraps `s` into lines of at most `width` characters; lines after the first are indented
/// by `indent` spaces. The menu counts these lines to redraw itself, so no line may wrap in
/// the terminal.
fn wrap(s: &str, width: usize, indent: usize) -> Vec<String> {
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

impl TerminalPrompter<'_> {
    /// Draws the menu (in raw mode: lines end in CR LF); returns the number of lines.
    fn draw_menu(&mut self, items: &[Item], cursor_at: usize, lang: Lang) -> u16 {
        let width = term_width();
        let mut lines = 0u16;
        for (i, it) in items.iter().enumerate() {
            let mark = if i == cursor_at { '>' } else { ' ' };
            for line in wrap(&format!("{mark} {}  {}", it.key, it.label), width, 5) {
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
                lines = lines.saturating_add(1);
            }
        }
        let hint = tr!(
            lang,
            "Taste 0–5, n, s, b, q oder ↑/↓ und Enter · Strg-C speichert und beendet",
            "Press 0–5, n, s, b, q or ↑/↓ and Enter · Ctrl-C saves and quits"
        );
        let hint_lines = wrap(&hint, width, 0);
        lines = lines.saturating_add(hint_lines.len() as u16 - 1);
        let hint = hint_lines.join("\r\n");
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
        let width = term_width();
        let para = |s: &str| wrap(s, width, 0).join("\n");
        let mut head = format!(
            "\n{}\n{}\n\n{}\n",
            bold(&ask.field_line, self.color),
            ask.progress,
            bold(&para(&format!("{}  {}", ask.id, ask.text)), self.color)
        );
        if let Some(h) = &ask.help {
            head.push_str(&para(&format!("{}: {h}", tr!(lang, "Hinweis", "Help"))));
            head.push('\n');
        }
        head.push('\n');
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
                self.write(&format!(
                    "{}\n",
                    wrap(&format!("→ {label}"), term_width(), 5).join("\n")
                ));
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
        // A text with line breaks or control characters is not put into the line editor
        // (which would show it raw); Enter keeps it.
        let multiline = initial.contains(['\n', '\r'])
            || initial.chars().any(|c| {
                crate::sanitize::is_terminal_control(c) || crate::sanitize::is_bidi_control(c)
            });
        let help = if multiline {
            tr!(
                ask.lang,
                "der bisherige Text hat mehrere Zeilen; Enter behält ihn",
                "the current text has several lines; Enter keeps it"
            )
        } else {
            ask.help.clone().unwrap_or_default()
        };
        let help = crate::sanitize::terminal(&help).into_owned();
        let label = crate::sanitize::terminal(&ask.label).into_owned();
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
        let help = tr!(
            self.lang,
            "↑/↓ wählen, Enter bestätigt, Tippen filtert",
            "↑/↓ to move, Enter to select, type to filter"
        );
        let options: Vec<String> = options
            .iter()
            .map(|o| crate::sanitize::terminal(o).into_owned())
            .collect();
        let start = start.min(options.len().saturating_sub(1));
        inquire::Select::new(label, options)
            .with_help_message(&help)
            .with_starting_cursor(start)
            .raw_prompt()
            .map(|o| o.index)
            .map_err(|_| Interrupted)
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

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
