//! Terminal tables: box-drawn and fitted to the terminal's width on a terminal, plain
//! Markdown-style ASCII without wrapping when piped. A table never breaks a word: below the
//! width it needs, it becomes a list (one block per row); lists and long lines are wrapped at
//! the terminal's width by [`wrap`].

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

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

/// Renders a table with a trailing newline. On a terminal each column is at least as wide as
/// its longest word; when the terminal is too narrow for that, the rows are shown as a list.
pub fn render(t: &Table) -> String {
    let Some(width) = t.width() else {
        let mut s = t.to_string();
        s.push('\n');
        return s;
    };
    let header: Vec<String> = t
        .header()
        .map(|h| h.cell_iter().map(|c| c.content()).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = t
        .row_iter()
        .map(|r| r.cell_iter().map(|c| c.content()).collect())
        .collect();
    let columns = rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(header.len()))
        .max()
        .unwrap_or(0);
    let longest_word = |i: usize| {
        header
            .get(i)
            .into_iter()
            .chain(rows.iter().filter_map(|r| r.get(i)))
            .flat_map(|c| c.split_whitespace())
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
    };
    let mins: Vec<usize> = (0..columns).map(longest_word).collect();
    // Each column: its content plus one space either side, and a border between and around.
    let needed = mins.iter().map(|m| m + 2).sum::<usize>() + columns + 1;
    if needed <= usize::from(width) {
        return fitted(&header, &rows, &mins, usize::from(width) - (columns + 1));
    }
    as_list(&header, &rows, usize::from(width))
}

/// The table with column widths chosen here and every cell wrapped between words (comfy-table
/// would split a word that does not fit the rest of a line): each column gets its longest
/// word, then the space left goes, one column at a time, to the column that lacks most.
/// `room` is the width inside the borders.
fn fitted(header: &[String], rows: &[Vec<String>], mins: &[usize], room: usize) -> String {
    let natural: Vec<usize> = (0..mins.len())
        .map(|i| {
            header
                .get(i)
                .into_iter()
                .chain(rows.iter().filter_map(|r| r.get(i)))
                .flat_map(|c| c.lines())
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut widths: Vec<usize> = mins.iter().map(|m| m + 2).collect();
    let mut left = room.saturating_sub(widths.iter().sum());
    while left > 0 {
        let lack = |i: usize| (natural[i] + 2).saturating_sub(widths[i]);
        let Some(i) = (0..widths.len())
            .filter(|&i| lack(i) > 0)
            .max_by_key(|&i| lack(i))
        else {
            break;
        };
        widths[i] += 1;
        left -= 1;
    }
    let cell = |text: &str, i: usize| {
        let w = widths[i].saturating_sub(2).max(1);
        wrap(text, w, "", "").trim_end_matches('\n').to_owned()
    };
    let mut t = Table::new();
    t.force_no_tty()
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    if !header.is_empty() {
        t.set_header(header.iter().enumerate().map(|(i, h)| cell(h, i)));
    }
    for r in rows {
        t.add_row(r.iter().enumerate().map(|(i, c)| cell(c, i)));
    }
    for (i, w) in widths.iter().enumerate() {
        if let Some(c) = t.column_mut(i) {
            c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                u16::try_from(*w).unwrap_or(u16::MAX),
            )));
        }
    }
    let mut s = t.to_string();
    s.push('\n');
    s
}

/// The rows as a list: the first cell as the item's heading, then `header: value` for every
/// other non-empty cell, wrapped at `width` and indented.
fn as_list(header: &[String], rows: &[Vec<String>], width: usize) -> String {
    let mut out = String::new();
    for r in rows {
        let mut cells = r.iter().enumerate();
        if let Some((_, first)) = cells.next() {
            out.push_str(&wrap(first, width, "", "  "));
        }
        let pairs: Vec<String> = cells
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(i, v)| match header.get(i).filter(|h| !h.is_empty()) {
                Some(h) => format!("{h}: {v}"),
                None => v.clone(),
            })
            .collect();
        if !pairs.is_empty() {
            out.push_str(&wrap(&pairs.join(" · "), width, "  ", "  "));
        }
    }
    out
}

/// Wraps `text` at `width` columns between words (a word longer than a line stands alone on
/// its line, unbroken); the first line starts with `first`, the others with `rest`. Every line
/// ends with a newline; line breaks in `text` are kept.
pub fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut indent = first;
    for para in text.split('\n') {
        let mut line = String::from(indent);
        let mut len = indent.chars().count();
        let mut empty = true;
        for word in para.split_whitespace() {
            let w = word.chars().count();
            if !empty && len + 1 + w > width {
                out.push_str(&line);
                out.push('\n');
                indent = rest;
                line = String::from(indent);
                len = indent.chars().count();
                empty = true;
            }
            if !empty {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += w;
            empty = false;
        }
        out.push_str(line.trim_end());
        out.push('\n');
        indent = rest;
    }
    out
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

    /// Every word of the table's cells appears whole in its output.
    fn words_unbroken(cells: &[&str], out: &str) {
        for c in cells {
            for w in c.split_whitespace() {
                assert!(out.contains(w), "{w:?} broken in\n{out}");
            }
        }
    }

    #[test]
    fn never_breaks_a_word_and_becomes_a_list_when_too_narrow() {
        let cells = [
            "Handlungsfeld",
            "Reifegrad",
            "8 Informationssicherheitsmanagement und Steuerung",
            "2 Teilweise umgesetzt",
            "3 Krisenmanagement",
            "0 Nicht vorhanden",
        ];
        let build = |w| {
            let mut t = new_table(TableTarget::Terminal(w));
            t.set_header(vec![cells[0], cells[1]]);
            t.add_row(vec![cells[2], cells[3]]);
            t.add_row(vec![cells[4], cells[5]]);
            render(&t)
        };
        for w in [24u16, 40, 60, 100] {
            let out = build(w);
            // The list does not repeat the first column's header.
            words_unbroken(&cells[1..], &out);
            // (A word longer than the terminal stands alone, unbroken, on its line.)
            for line in out.lines().filter(|l| l.trim().contains(' ')) {
                assert!(line.chars().count() <= usize::from(w), "{w}: {line:?}");
            }
        }
        // Wide enough: a table; too narrow for its longest words: a list.
        assert!(build(100).contains('│'));
        let narrow = build(40);
        assert!(!narrow.contains('│'), "{narrow}");
        assert!(
            narrow.contains("  Reifegrad: 2 Teilweise umgesetzt\n"),
            "{narrow}"
        );
    }

    #[test]
    fn wraps_between_words() {
        assert_eq!(
            wrap("eins zwei drei vier", 10, "- ", "  "),
            "- eins\n  zwei\n  drei\n  vier\n"
        );
        assert_eq!(wrap("ab cd", 80, "", ""), "ab cd\n");
        assert_eq!(
            wrap("Informationssicherheitsmanagement x", 10, "", ""),
            "Informationssicherheitsmanagement\nx\n"
        );
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
