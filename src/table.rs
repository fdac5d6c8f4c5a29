//! Terminal tables: box-drawn and fitted to the terminal's width on a terminal, plain
//! Markdown-style ASCII without wrapping when piped.

use comfy_table::{ContentArrangement, Table, presets};

/// Where a table goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableTarget {
    /// A terminal of this many columns.
    Terminal(u16),
    /// A pipe or file: plain, unwrapped.
    Plain,
}

/// A new table with the style for `target`.
pub fn new_table(target: TableTarget) -> Table {
    let mut t = Table::new();
    t.force_no_tty();
    match target {
        TableTarget::Terminal(width) => {
            t.load_style(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(width);
        }
        TableTarget::Plain => {
            t.load_style(presets::ASCII_MARKDOWN)
                .set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    t
}

/// Renders a table with a trailing newline.
pub fn render(t: &Table) -> String {
    let mut s = t.to_string();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(target: TableTarget) -> String {
        let mut t = new_table(target);
        t.set_header(vec!["ID", "Frage"]);
        t.add_row(vec![
            "INC-01",
            "Gibt es eine schriftliche, von der Behördenleitung in Kraft gesetzte Richtlinie zur Behandlung von Sicherheitsvorfällen?",
        ]);
        render(&t)
    }

    #[test]
    fn fits_the_terminal_width() {
        let out = table(TableTarget::Terminal(40));
        for line in out.lines() {
            assert!(line.chars().count() <= 40, "{line:?} is wider than 40");
        }
        assert!(out.contains('│'), "box drawing on a terminal");
    }

    #[test]
    fn plain_when_piped() {
        let out = table(TableTarget::Plain);
        assert_eq!(out.lines().count(), 3, "no wrapping: {out}");
        assert!(
            out.is_ascii() || !out.contains('│'),
            "no box drawing: {out}"
        );
        assert!(out.starts_with("| ID "), "{out}");
    }
}
