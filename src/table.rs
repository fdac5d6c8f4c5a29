//! Terminal tables: box-drawn and fitted to the terminal's width on a terminal, plain
//! Markdown-style ASCII without wrapping when piped. A table never breaks a word: below the
//! width it needs, it becomes a list (one block per row); lists and long lines are wrapped at
//! the terminal's width by [`wrap`].

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Where a table goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableTarget {
    /// A terminal of this many columns.
    Terminal(u16),
    /// A pipe or file: plain, unwrapped.
    Plain,
}

/// A table's cells, rendered by [`render`]. The layout is comfy-table's (8.0, presets
/// `ASCII_MARKDOWN` when piped and `UTF8_FULL_CONDENSED` on a terminal), byte for byte: the
/// tests compare the two at every width. Drawn here because comfy-table's general layout
/// engine cost more than half of `explain`'s own work. The rows' cells live back to back in one
/// buffer (no String per cell): [`Table::cell`] and [`Table::cell_fmt`] write a cell straight
/// into it, [`Table::end_row`] closes the row.
#[derive(Debug, Clone)]
pub struct Table {
    target: TableTarget,
    header: Option<Vec<String>>,
    /// Every cell of every row, back to back.
    text: String,
    /// Where each cell ends in `text`.
    cells: Vec<usize>,
    /// Where each closed row ends in `cells`.
    rows: Vec<usize>,
}

/// A new table with the style for `target`.
pub fn new_table(target: TableTarget) -> Table {
    Table {
        target,
        header: None,
        text: String::new(),
        cells: Vec::new(),
        rows: Vec::new(),
    }
}

impl Table {
    /// Sets the header row.
    pub fn set_header<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.header = Some(cells.into_iter().map(|c| c.as_ref().to_owned()).collect());
        self
    }

    /// Adds a row (closing a row begun with [`Self::cell`] first).
    pub fn add_row<I, S>(&mut self, cells: I) -> &mut Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.end_open_row();
        for c in cells {
            self.cell(c.as_ref());
        }
        self.end_row()
    }

    /// Appends a cell to the row being built.
    pub fn cell(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self.cells.push(self.text.len());
        self
    }

    /// Appends a cell written by `format_args!` to the row being built, without a String of
    /// its own.
    pub fn cell_fmt(&mut self, args: std::fmt::Arguments<'_>) -> &mut Self {
        use std::fmt::Write as _;
        let _ = self.text.write_fmt(args);
        self.cells.push(self.text.len());
        self
    }

    /// Appends a cell with the decimal digits of `n` to the row being built.
    pub fn cell_uint(&mut self, n: u128) -> &mut Self {
        let Ok(n) = u64::try_from(n) else {
            return self.cell_fmt(format_args!("{n}"));
        };
        self.text.push_str(crate::i18n::digits(n, &mut [0; 20]));
        self.cells.push(self.text.len());
        self
    }

    /// Appends a cell of `parts` joined by `sep` to the row being built.
    pub fn cell_joined<'s>(
        &mut self,
        parts: impl IntoIterator<Item = &'s str>,
        sep: &str,
    ) -> &mut Self {
        for (i, p) in parts.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(sep);
            }
            self.text.push_str(p);
        }
        self.cells.push(self.text.len());
        self
    }

    /// Closes the row being built (a row without cells when none was added).
    pub fn end_row(&mut self) -> &mut Self {
        self.rows.push(self.cells.len());
        self
    }

    /// Closes a row begun with [`Self::cell`] and not yet closed.
    fn end_open_row(&mut self) {
        if self.cells.len() > self.rows.last().copied().unwrap_or(0) {
            self.end_row();
        }
    }

    /// Reserves room for about `rows` rows of `bytes` bytes of text each.
    pub fn reserve(&mut self, rows: usize, bytes: usize) -> &mut Self {
        self.text.reserve(rows * bytes);
        self.rows.reserve(rows);
        self
    }

    /// The cells of all rows (a row begun and not closed counts as one), each row a slice.
    fn row_cells(&self) -> (Vec<&str>, Vec<std::ops::Range<usize>>) {
        let mut cells = Vec::with_capacity(self.cells.len());
        let mut at = 0;
        for &end in &self.cells {
            cells.push(&self.text[at..end]);
            at = end;
        }
        let mut rows = Vec::with_capacity(self.rows.len() + 1);
        let mut start = 0;
        for &end in &self.rows {
            rows.push(start..end);
            start = end;
        }
        if start < self.cells.len() {
            rows.push(start..self.cells.len());
        }
        (cells, rows)
    }
}

/// The lines of one table style: left border, column junction, right border for content,
/// and (left, fill, junction, right) for the horizontal lines.
struct Style {
    content: (char, char, char),
    top: Option<(char, char, char, char)>,
    header_separator: (char, char, char, char),
    bottom: Option<(char, char, char, char)>,
}

/// comfy-table's `ASCII_MARKDOWN`.
const PLAIN: Style = Style {
    content: ('|', '|', '|'),
    top: None,
    header_separator: ('|', '-', '|', '|'),
    bottom: None,
};

/// comfy-table's `UTF8_FULL_CONDENSED`.
const BOXED: Style = Style {
    content: ('│', '┆', '│'),
    top: Some(('┌', '─', '┬', '┐')),
    header_separator: ('╞', '═', '╪', '╡'),
    bottom: Some(('└', '─', '┴', '┘')),
};

/// Renders a table with a trailing newline. On a terminal each column is at least as wide as
/// its longest word; when the terminal is too narrow for that, the rows are shown as a list.
pub fn render(t: &Table) -> String {
    let mut s = String::new();
    render_into(t, &mut s);
    s
}

/// [`render`], appended to `out`.
pub fn render_into(t: &Table, out: &mut String) {
    let (cells, ranges) = t.row_cells();
    let rows: Vec<&[&str]> = ranges.into_iter().map(|r| &cells[r]).collect();
    let header: Option<Vec<&str>> = t
        .header
        .as_ref()
        .map(|h| h.iter().map(String::as_str).collect());
    let TableTarget::Terminal(width) = t.target else {
        draw(&PLAIN, header.as_deref(), &rows, None, out);
        out.push('\n');
        return;
    };
    let header: &[&str] = header.as_deref().unwrap_or_default();
    let columns = rows
        .iter()
        .map(|r| r.len())
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
        fitted(
            header,
            &rows,
            &mins,
            usize::from(width) - (columns + 1),
            out,
        );
    } else {
        out.push_str(&as_list(header, &rows, usize::from(width)));
    }
}

/// The table with column widths chosen here and every cell wrapped between words (a layout
/// that splits a word that does not fit the rest of a line would be harder to read): each
/// column gets its longest word, then the space left goes, one column at a time, to the
/// column that lacks most. `room` is the width inside the borders.
fn fitted(header: &[&str], rows: &[&[&str]], mins: &[usize], room: usize, out: &mut String) {
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
    let wrapped_header: Option<Vec<String>> =
        (!header.is_empty()).then(|| header.iter().enumerate().map(|(i, h)| cell(h, i)).collect());
    let wrapped_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().enumerate().map(|(i, c)| cell(c, i)).collect())
        .collect();
    let header: Option<Vec<&str>> = wrapped_header
        .as_ref()
        .map(|h| h.iter().map(String::as_str).collect());
    let cells: Vec<Vec<&str>> = wrapped_rows
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let rows: Vec<&[&str]> = cells.iter().map(Vec::as_slice).collect();
    draw(&BOXED, header.as_deref(), &rows, Some(&widths), out);
    out.push('\n');
}

/// The display width of `s` in terminal columns (printable ASCII: one column per byte).
fn display_width(s: &str) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        s.len()
    } else {
        s.width()
    }
}

/// The display width of a one-line cell, or `None` when it has several lines: one pass over
/// its bytes (no early exit, so the compiler compares many bytes at once).
fn measure(s: &str) -> Option<usize> {
    let (mut printable, mut newline) = (true, false);
    for &b in s.as_bytes() {
        printable &= (0x20..0x7f).contains(&b);
        newline |= b == b'\n';
    }
    match (newline, printable) {
        (true, _) => None,
        (false, true) => Some(s.len()),
        (false, false) => Some(s.width()),
    }
}

/// Appends `n` times `c`: runs of a blank or an ASCII fill are copied from a row of them.
fn push_repeat(out: &mut String, c: char, n: usize) {
    const BLANKS: &str = "                                                                ";
    const DASHES: &str = "----------------------------------------------------------------";
    let run = match c {
        ' ' => BLANKS,
        '-' => DASHES,
        _ => {
            out.extend(std::iter::repeat_n(c, n));
            return;
        }
    };
    let mut n = n;
    while n > run.len() {
        out.push_str(run);
        n -= run.len();
    }
    out.push_str(&run[..n]);
}

/// Draws the table in `style`, lines joined by newlines (no trailing one). Each column's
/// content width is `fixed[i]` minus its padding of one space either side (at least 1), or
/// else its widest line; a line wider than that is split by [`split_line`]. A row with fewer
/// cells than the table has columns is filled with blanks.
fn draw(
    style: &Style,
    header: Option<&[&str]>,
    rows: &[&[&str]],
    fixed: Option<&[usize]>,
    out: &mut String,
) {
    let columns = header
        .iter()
        .map(|h| h.len())
        .chain(rows.iter().map(|r| r.len()))
        .max()
        .unwrap_or(0);
    // Each cell measured once, header first: its width, or None for several lines.
    let all_rows = || header.into_iter().chain(rows.iter().copied());
    let measured: Vec<Option<usize>> = all_rows()
        .flat_map(|r| r.iter().map(|c| measure(c)))
        .collect();
    // Content widths, in u16 like comfy-table's.
    let widths: Vec<u16> = match fixed {
        Some(fixed) => (0..columns)
            .map(|i| {
                let w = fixed.get(i).copied().unwrap_or(0);
                u16::try_from(w)
                    .unwrap_or(u16::MAX)
                    .saturating_sub(2)
                    .max(1)
            })
            .collect(),
        None => {
            let mut widths = vec![0u16; columns];
            let mut k = 0;
            for row in all_rows() {
                for (w, cell) in widths.iter_mut().zip(row.iter()) {
                    let lines = measured[k]
                        .unwrap_or_else(|| cell.split('\n').map(display_width).max().unwrap_or(0));
                    *w = (*w).max(u16::try_from(lines).unwrap_or(u16::MAX).max(1));
                    k += 1;
                }
            }
            widths.iter().map(|w| (*w).max(1)).collect()
        }
    };
    let full = |w: u16| usize::from(w.saturating_add(2));
    // Box-drawing characters take three bytes.
    let line_bytes = 3 * (widths.iter().map(|w| full(*w) + 1).sum::<usize>() + 1);
    out.reserve(rows.len().saturating_add(4) * line_bytes);
    let mut first_line = true;
    let mut newline = |out: &mut String| {
        if !first_line {
            out.push('\n');
        }
        first_line = false;
    };
    let horizontal = |out: &mut String, (l, fill, junction, r): (char, char, char, char)| {
        out.push(l);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                out.push(junction);
            }
            push_repeat(out, fill, full(*w));
        }
        out.push(r);
    };
    if let Some(top) = style.top {
        newline(out);
        horizontal(out, top);
    }
    let header_row = header.map(|h| (h, true));
    let mut k = 0;
    for (row, is_header) in header_row
        .into_iter()
        .chain(rows.iter().map(|r| (*r, false)))
    {
        let sizes = &measured[k..k + row.len()];
        k += row.len();
        draw_row(style, row, sizes, &widths, out, &mut newline);
        if is_header {
            newline(out);
            horizontal(out, style.header_separator);
        }
    }
    if let Some(bottom) = style.bottom {
        newline(out);
        horizontal(out, bottom);
    }
}

/// One row of [`draw`]: as many lines as its tallest cell.
fn draw_row(
    style: &Style,
    row: &[&str],
    sizes: &[Option<usize>],
    widths: &[u16],
    out: &mut String,
    newline: &mut impl FnMut(&mut String),
) {
    let (left, junction, right) = style.content;
    if widths.is_empty() {
        return;
    }
    let simple = sizes
        .iter()
        .zip(widths)
        .all(|(size, w)| size.is_some_and(|s| s <= usize::from(*w)));
    if simple {
        newline(out);
        out.push(left);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                out.push(junction);
            }
            match (row.get(i), sizes.get(i).copied().flatten()) {
                (Some(cell), Some(size)) => push_padded(out, cell, size, *w),
                _ => push_cell_line(out, None, *w),
            }
        }
        out.push(right);
        return;
    }
    // Each cell's lines: its own, each split to the column's width.
    let cells: Vec<Vec<Cow<'_, str>>> = widths
        .iter()
        .enumerate()
        .map(|(i, w)| match row.get(i) {
            None => Vec::new(),
            Some(c) => {
                let mut lines = Vec::new();
                for line in c.split('\n') {
                    if display_width(line) > usize::from(*w) {
                        lines.extend(
                            split_line(line, usize::from(*w))
                                .into_iter()
                                .map(Cow::Owned),
                        );
                    } else {
                        lines.push(Cow::Borrowed(line));
                    }
                }
                lines
            }
        })
        .collect();
    // A missing cell still counts as one (blank) line.
    let height = cells.iter().map(|c| c.len().max(1)).max().unwrap_or(0);
    for n in 0..height {
        newline(out);
        out.push(left);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                out.push(junction);
            }
            push_cell_line(out, cells[i].get(n).map(|l| &**l), *w);
        }
        out.push(right);
    }
}

/// One line of a cell `size` columns wide, padded to the content width `w` plus one space
/// either side.
fn push_padded(out: &mut String, line: &str, size: usize, w: u16) {
    out.push(' ');
    out.push_str(line);
    push_repeat(out, ' ', usize::from(w).saturating_sub(size) + 1);
}

/// One line of a cell, padded to the content width `w` plus one space either side; `None`
/// (no more lines, or no cell) is all blanks.
fn push_cell_line(out: &mut String, line: Option<&str>, w: u16) {
    match line {
        None => push_repeat(out, ' ', usize::from(w.saturating_add(2))),
        Some(line) => {
            let rest = usize::from(w).saturating_sub(display_width(line));
            out.push(' ');
            out.push_str(line);
            push_repeat(out, ' ', rest + 1);
        }
    }
}

/// Splits a line wider than `width` at spaces, and a word wider than a line between grapheme
/// clusters: comfy-table's `split_line` (8.0.1, MIT), kept step for step so that the output
/// stays the same for wide (CJK, emoji) and zero-width (combining) characters.
fn split_line(line: &str, width: usize) -> Vec<String> {
    /// A line with no more than this many columns left is full.
    const MIN_FREE_CHARS: usize = 2;
    let full = |lines: &mut Vec<String>, current: &mut String, length: &mut usize| {
        if *length > width.saturating_sub(MIN_FREE_CHARS) {
            lines.push(std::mem::take(current));
            *length = 0;
        }
    };
    let mut lines = Vec::new();
    let mut elements: Vec<Cow<'_, str>> = line.split(' ').map(Cow::Borrowed).collect();
    elements.reverse();
    let mut current = String::new();
    let mut length = 0;
    while let Some(next) = elements.pop() {
        let next_length = display_width(&next);
        let mut added = next_length + length;
        if !current.is_empty() {
            added += 1;
        }
        let mut remaining = width.saturating_sub(length);
        if !current.is_empty() {
            remaining = remaining.saturating_sub(1);
        }
        if added <= width {
            if !current.is_empty() {
                current.push(' ');
                length += 1;
            }
            current.push_str(&next);
            length += next_length;
            full(&mut lines, &mut current, &mut length);
            continue;
        }
        if !current.is_empty() && remaining <= MIN_FREE_CHARS {
            elements.push(next);
            lines.push(std::mem::take(&mut current));
            length = 0;
            continue;
        }
        if next_length > width {
            let new_line = current.is_empty();
            if !new_line {
                current.push(' ');
            }
            let (head, tail) = split_long_word(remaining, &next);
            if new_line && head.is_empty() {
                // A character wider than the column: it stands alone, too wide.
                let mut chars = tail.chars();
                current.extend(chars.next());
                elements.push(Cow::Owned(chars.collect()));
            } else {
                current.push_str(head);
                elements.push(Cow::Owned(tail.to_owned()));
            }
            lines.push(std::mem::take(&mut current));
            length = 0;
            continue;
        }
        lines.push(std::mem::take(&mut current));
        current = next.into_owned();
        length = next_length;
        full(&mut lines, &mut current, &mut length);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Splits `word` after as many grapheme clusters as fit in `width` columns.
fn split_long_word(width: usize, word: &str) -> (&str, &str) {
    if word.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return word.split_at(word.len().min(width));
    }
    let mut used = 0;
    let mut at = word.len();
    for (i, g) in word.grapheme_indices(true) {
        let w = g.width();
        if used + w > width {
            at = i;
            break;
        }
        used += w;
    }
    word.split_at(at)
}

/// The rows as a list: the first cell as the item's heading, then `header: value` for every
/// other non-empty cell, wrapped at `width` and indented.
fn as_list<S: AsRef<str>, R: AsRef<[S]>>(header: &[S], rows: &[R], width: usize) -> String {
    let mut out = String::new();
    for r in rows {
        let mut cells = r.as_ref().iter().map(AsRef::as_ref).enumerate();
        if let Some((_, first)) = cells.next() {
            out.push_str(&wrap(first, width, "", "  "));
        }
        let pairs: Vec<String> = cells
            .filter(|(_, v)| !v.trim().is_empty())
            .map(
                |(i, v)| match header.get(i).map(AsRef::as_ref).filter(|h| !h.is_empty()) {
                    Some(h) => format!("{h}: {v}"),
                    None => v.to_owned(),
                },
            )
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

    /// The renderer this module replaced, on comfy-table (a dev-dependency for this test).
    mod reference {
        use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

        use super::super::{TableTarget, as_list, wrap};

        pub fn render(
            target: TableTarget,
            header: Option<&[String]>,
            rows: &[Vec<String>],
        ) -> String {
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
            if let Some(h) = header {
                t.set_header(h.to_vec());
            }
            for r in rows {
                t.add_row(r.clone());
            }
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
            let needed = mins.iter().map(|m| m + 2).sum::<usize>() + columns + 1;
            if needed <= usize::from(width) {
                return fitted(&header, &rows, &mins, usize::from(width) - (columns + 1));
            }
            as_list(&header, &rows, usize::from(width))
        }

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
    }

    fn ours(target: TableTarget, header: Option<&[String]>, rows: &[Vec<String>]) -> String {
        let mut t = new_table(target);
        if let Some(h) = header {
            t.set_header(h.iter().cloned());
        }
        for r in rows {
            t.add_row(r.iter().cloned());
        }
        render(&t)
    }

    /// Both renderers, piped and at every terminal width from 1 to `max`.
    fn same_at_every_width(header: Option<&[String]>, rows: &[Vec<String>], max: u16) {
        let targets =
            std::iter::once(TableTarget::Plain).chain((1..=max).map(TableTarget::Terminal));
        for target in targets {
            assert_eq!(
                ours(target, header, rows),
                reference::render(target, header, rows),
                "{target:?}, header {header:?}, rows {rows:?}"
            );
        }
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn same_as_comfy_table_at_every_width() {
        let header = strings(&["Handlungsfeld", "Bewertung r", "w·r", "kritisch < L"]);
        let rows = vec![
            strings(&[
                "8 Informationssicherheitsmanagement und Steuerung",
                "3 (teilweise)",
                "12",
                "–",
            ]),
            strings(&["INC-01", "zählt nicht", "", "INC-02, INC-03"]),
            strings(&["Zeile eins\nZeile zwei ist länger", "n/a"]),
            strings(&[
                "情報セキュリティ 管理 とても長い単語です",
                "🙂‍↕️ 🙂 e\u{301}e\u{301}",
                "漢字",
                "x",
            ]),
            strings(&["\u{301}\u{301}", "a\tb", "  führende und folgende  ", " "]),
        ];
        same_at_every_width(Some(&header), &rows, 140);
        same_at_every_width(None, &rows, 60);
        same_at_every_width(Some(&header), &[], 40);
        same_at_every_width(Some(&[]), &rows[..1], 40);
        same_at_every_width(None, &[], 10);
        same_at_every_width(Some(&[]), &[], 10);
        same_at_every_width(None, &[vec![]], 10);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Any cells (ASCII, umlauts, CJK, emoji, combining marks, newlines, tabs) at any width:
        /// byte for byte comfy-table's output.
        #[test]
        fn same_as_comfy_table(
            header in proptest::option::of(proptest::collection::vec(CELL, 0..5)),
            rows in proptest::collection::vec(proptest::collection::vec(CELL, 0..5), 0..5),
            width in 0u16..100,
        ) {
            let target = if width == 0 { TableTarget::Plain } else { TableTarget::Terminal(width) };
            proptest::prop_assert_eq!(
                ours(target, header.as_deref(), &rows),
                reference::render(target, header.as_deref(), &rows)
            );
        }
    }

    /// Cells for the proptest: words of few or many columns, wide and zero-width characters.
    const CELL: &str = "([a-zäöüß]{0,12}|[情報漢字]{1,6}|🙂|🙂\u{200D}↕\u{FE0F}|e\u{301}|\u{301}|[ \n\t]|-|·){0,8}";

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
