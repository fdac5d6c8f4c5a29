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
