//! A scanner for the canonical block-YAML subset of assessment files (what `assess` writes and
//! what is kept by hand like `examples/*.yaml`): it yields the very events granit-parser yields
//! for them — values, styles, spans and byte offsets, without the comment events — at a fraction
//! of the parser's cost, and feeds them to fastread's reader. Why: the event parse was two thirds
//! of reading an assessment file (issue 17).
//!
//! The subset, line by line: blank lines (no spaces), comment lines, and `key: value` /
//! `- key: value` lines whose keys are plain `[A-Za-z0-9_-]` words, whose values are a plain,
//! single- or double-quoted scalar on that one line (an optional ` # comment` after it) or a
//! literal block (`|` or `|-`, ended by a content line or the end of the text), and whose
//! nesting is by indentation: `key:` alone opens a deeper mapping or a block list of mappings
//! (`- ` more indented than the key). Anything else — tabs, CR, BOM, non-printable characters,
//! trailing spaces, flow collections, folded or `|+` blocks, anchors, aliases, tags, `?`,
//! `---`/`...`, directives, multi-line flow scalars, indentless lists, odd indentation, a null
//! value, an escape other than `\\ \" \/ \n \t \r \uXXXX`, a plain scalar that starts with an
//! indicator or holds `: ` — stops the scanner with an error, and fastread parses the text with
//! granit-parser as before. The rule: a scanner that reaches the end yields exactly
//! granit-parser's events (comments left out); proved by [`agrees_with_parser`], the tests in
//! `tests/cli/fastread.rs` and the fuzz target `fastscan`.

use std::borrow::Cow;
use std::collections::VecDeque;

use granit_parser::{Event, Marker, ScalarStyle, Span};

/// At most this many comments in a row (blank lines between them count to the run): more could
/// reach the parser's buffer of comment events (32), whose overflow is an error.
const MAX_COMMENT_RUN: usize = 16;
/// At most this many nested collections (the parser allows 255).
const MAX_DEPTH: usize = 32;
/// At most this many bytes in a key (the parser looks 1024 characters ahead for a key's `:`).
const MAX_KEY: usize = 128;

/// Why the scanner stopped: the text is outside its subset (or the events ran out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outside;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Map(usize),
    Seq(usize),
}

impl Level {
    fn indent(self) -> usize {
        match self {
            Level::Map(i) | Level::Seq(i) => i,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first content line.
    Start,
    Body,
    /// After `StreamEnd` (or a stop).
    Done,
}

/// The scanner: an iterator of granit-parser's events (without comments) for `text`; an
/// `Err(Outside)` ends it when `text` leaves the subset.
pub struct Scanner<'a> {
    text: &'a str,
    /// Byte offset of the next line's start.
    pos: usize,
    /// The next line's number (1-based).
    line: usize,
    /// Characters before `pos`.
    chars: usize,
    /// UTF-8 continuation bytes in the current line (none: its bytes are its characters).
    cont: usize,
    stack: Vec<Level>,
    out: VecDeque<(Event<'a>, Span)>,
    state: State,
    /// Comments in the current run (see [`MAX_COMMENT_RUN`]).
    run: usize,
    /// Comments seen so far (granit-parser emits one event for each when it emits comments).
    pub comments: usize,
    /// After `key:` with nothing behind it: the key's column (the next content line must be
    /// deeper).
    open: Option<usize>,
    /// A literal block scalar being read.
    block: Option<Literal>,
}

/// A literal block scalar (`key: |` or `key: |-`) being read.
struct Literal {
    /// The column of its key: content lines are deeper.
    key: usize,
    /// `|-` (strip the final line breaks) rather than `|` (keep one).
    strip: bool,
    /// The content's indentation and the marker of its start, once the first line is read.
    start: Option<(usize, Marker)>,
    value: String,
    /// Blank lines not yet added to `value`.
    blank: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Self {
        Scanner {
            text,
            pos: 0,
            line: 1,
            chars: 0,
            cont: 0,
            stack: Vec::with_capacity(8),
            out: VecDeque::with_capacity(8),
            state: State::Start,
            run: 0,
            comments: 0,
            open: None,
            block: None,
        }
    }

    /// The number of the line the scanner is at (1-based).
    pub fn line_no(&self) -> usize {
        self.line
    }

    /// The marker at byte `byte` of the current line, `col` characters into it.
    fn mark(&self, byte: usize, col: usize) -> Marker {
        Marker::new(self.chars + col, self.line, col).with_byte_offset(Some(byte))
    }

    fn push(&mut self, ev: Event<'a>, span: Span) {
        self.out.push_back((ev, span));
    }

    /// Reads lines until there are events to hand out, the end, or a stop.
    fn fill(&mut self) -> Result<(), Outside> {
        let b = self.text.as_bytes();
        while self.out.is_empty() {
            if self.pos >= b.len() {
                return self.finish();
            }
            let start = self.pos;
            let (end, cont) = line_end(b, start)?;
            self.cont = cont;
            if end == b.len() && self.block.is_some() {
                // A literal block's last line without a line break.
                return Err(Outside);
            }
            let chars = self.line_content(start, end)?;
            if end == b.len() {
                // The last line without a line break: the end marker stays on it.
                self.pos = end;
                return self.finish_at(self.mark(end, chars));
            }
            self.chars += chars + 1;
            self.line += 1;
            self.pos = end + 1;
        }
        Ok(())
    }

    /// One line `start..end` (without its line break): its events; returns its length in
    /// characters.
    fn line_content(&mut self, start: usize, end: usize) -> Result<usize, Outside> {
        let b = &self.text.as_bytes()[start..end];
        let chars = b.len() - self.cont;
        let n = b.iter().take_while(|&&c| c == b' ').count();
        if n == b.len() {
            // A blank line; one of spaces only is trailing space.
            if !b.is_empty() {
                return Err(Outside);
            }
            if let Some(l) = &mut self.block {
                if l.start.is_none() {
                    return Err(Outside);
                }
                l.blank += 1;
            }
            return Ok(chars);
        }
        if let Some(l) = &mut self.block {
            let text = &self.text[start..end];
            match l.start {
                None if n > l.key => {
                    let mark =
                        Marker::new(self.chars + n, self.line, n).with_byte_offset(Some(start + n));
                    l.start = Some((n, mark));
                }
                None => return Err(Outside),
                Some(_) => {}
            }
            let ci = l.start.map_or(0, |(ci, _)| ci);
            if n >= ci {
                if b.last() == Some(&b' ') {
                    return Err(Outside);
                }
                for _ in 0..std::mem::take(&mut l.blank) {
                    l.value.push('\n');
                }
                l.value.push_str(&text[ci..]);
                l.value.push('\n');
                return Ok(chars);
            }
            if b[n] == b'#' {
                // A comment ends the block: left to the parser.
                return Err(Outside);
            }
            self.end_block(self.mark(start + n, n))?;
        }
        if b[n] == b'#' {
            return self.comment().map(|()| chars);
        }
        self.content(start, b, n)?;
        Ok(chars)
    }

    fn comment(&mut self) -> Result<(), Outside> {
        self.comments += 1;
        self.run += 1;
        if self.run > MAX_COMMENT_RUN {
            return Err(Outside);
        }
        Ok(())
    }

    /// A content line of the bytes `b` (starting at byte `start` of the text), indented by `n`.
    fn content(&mut self, start: usize, b: &[u8], n: usize) -> Result<(), Outside> {
        self.run = 0;
        let entry = b[n] == b'-';
        if entry && b.get(n + 1) != Some(&b' ') {
            return Err(Outside);
        }
        let key_col = if entry { n + 2 } else { n };
        let first = self.mark(start + n, n);
        let key_mark = self.mark(start + key_col, key_col);
        match (self.state, self.open.take()) {
            (State::Start, _) => {
                if entry || n != 0 {
                    return Err(Outside);
                }
                let zero = Marker::new(0, 1, 0).with_byte_offset(Some(0));
                self.push(Event::StreamStart, Span::empty(zero));
                self.push(Event::DocumentStart(false, None), Span::empty(first));
                self.open_map(key_col, key_mark)?;
                self.state = State::Body;
            }
            (State::Body, Some(parent)) => {
                if n <= parent {
                    return Err(Outside);
                }
                if entry {
                    self.stack.push(Level::Seq(n));
                    self.push(Event::SequenceStart(Block, 0, None), Span::empty(first));
                }
                self.open_map(key_col, key_mark)?;
            }
            (State::Body, None) => {
                while let Some(&top) = self.stack.last() {
                    if top.indent() <= n {
                        break;
                    }
                    self.stack.pop();
                    let ev = match top {
                        Level::Map(_) => Event::MappingEnd,
                        Level::Seq(_) => Event::SequenceEnd,
                    };
                    self.push(ev, Span::empty(first));
                }
                match (self.stack.last(), entry) {
                    (Some(Level::Seq(s)), true) if *s == n => self.open_map(key_col, key_mark)?,
                    (Some(Level::Map(m)), false) if *m == n => {}
                    _ => return Err(Outside),
                }
            }
            (State::Done, _) => return Err(Outside),
        }
        self.key_value(start, b, key_col)
    }

    /// Ends the literal block being read at `end` (the next token or the end of the text).
    fn end_block(&mut self, end: Marker) -> Result<(), Outside> {
        let Some(l) = self.block.take() else {
            return Ok(());
        };
        let (ci, start) = l.start.ok_or(Outside)?;
        let mut value = l.value;
        if l.strip {
            value.pop();
        }
        let span = Span::new(start, end).with_indent(Some(ci));
        self.push(
            Event::Scalar(Cow::Owned(value), ScalarStyle::Literal, 0, None),
            span,
        );
        Ok(())
    }

    fn open_map(&mut self, col: usize, mark: Marker) -> Result<(), Outside> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Outside);
        }
        self.stack.push(Level::Map(col));
        self.push(Event::MappingStart(Block, 0, None), Span::empty(mark));
        Ok(())
    }

    /// `key: value` (or `key:`) from column `k` of the line `b`.
    fn key_value(&mut self, start: usize, b: &[u8], k: usize) -> Result<(), Outside> {
        let key_len = b[k..]
            .iter()
            .take_while(|&&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            .count();
        if key_len == 0 || key_len > MAX_KEY || b[k] == b'-' || b.get(k + key_len) != Some(&b':') {
            return Err(Outside);
        }
        let colon = k + key_len;
        let key = &self.text[start + k..start + colon];
        let span = Span::new(self.mark(start + k, k), self.mark(start + colon, colon))
            .with_indent(Some(k));
        self.push(Event::Scalar(Cow::Borrowed(key), Plain, 0, None), span);
        if colon + 1 == b.len() {
            self.open = Some(k);
            return Ok(());
        }
        let v = colon + 1 + b[colon + 1..].iter().take_while(|&&c| c == b' ').count();
        if v == colon + 1 || v == b.len() {
            // `key:x`, or trailing spaces.
            return Err(Outside);
        }
        if matches!(&b[v..], b"|" | b"|-") {
            self.block = Some(Literal {
                key: k,
                strip: b.len() - v == 2,
                start: None,
                value: String::new(),
                blank: 0,
            });
            return Ok(());
        }
        let (value, style, after) = match b[v] {
            b'\'' => single_quoted(&self.text[start + v + 1..start + b.len()])?,
            b'"' => double_quoted(&self.text[start + v + 1..start + b.len()])?,
            c if is_indicator(c) => return Err(Outside),
            _ => plain(&self.text[start + v..start + b.len()])?,
        };
        // `after`: bytes of the value's token (quotes included) from `v`.
        let after = if style == Plain { after } else { after + 1 };
        let rest = &b[v + after..];
        if !rest.is_empty() {
            let sp = rest.iter().take_while(|&&c| c == b' ').count();
            if sp == 0 || rest.get(sp) != Some(&b'#') {
                return Err(Outside);
            }
            self.comments += 1;
            self.run = 1;
        }
        let token = &self.text[start + v..start + v + after];
        let end_col = v + if self.cont == 0 {
            after
        } else {
            count_chars(token)
        };
        let span = Span::new(
            self.mark(start + v, v),
            self.mark(start + v + after, end_col),
        );
        self.push(Event::Scalar(value, style, 0, None), span);
        Ok(())
    }

    /// The end of the text: closes what is open, the document and the stream.
    fn finish(&mut self) -> Result<(), Outside> {
        let mark = self.mark(self.pos, 0);
        self.end_block(mark)?;
        self.finish_at(mark)
    }

    fn finish_at(&mut self, mark: Marker) -> Result<(), Outside> {
        if self.state != State::Body || self.open.is_some() || self.block.is_some() {
            return Err(Outside);
        }
        while let Some(top) = self.stack.pop() {
            let ev = match top {
                Level::Map(_) => Event::MappingEnd,
                Level::Seq(_) => Event::SequenceEnd,
            };
            self.push(ev, Span::empty(mark));
        }
        self.push(Event::DocumentEnd, Span::empty(mark));
        self.push(Event::StreamEnd, Span::empty(mark));
        self.state = State::Done;
        Ok(())
    }
}

use granit_parser::ScalarStyle::Plain;
use granit_parser::StructureStyle::Block;

impl<'a> Iterator for Scanner<'a> {
    type Item = Result<(Event<'a>, Span), Outside>;

    // Inlined into the reader (src/fastread.rs): the event is moved once, not through calls.
    #[inline(always)]
    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.out.pop_front() {
            return Some(Ok(e));
        }
        if self.state == State::Done {
            return None;
        }
        if let Err(e) = self.fill() {
            self.state = State::Done;
            self.out.clear();
            return Some(Err(e));
        }
        self.out.pop_front().map(Ok)
    }
}

/// The characters of `s`.
fn count_chars(s: &str) -> usize {
    s.len() - s.bytes().filter(|&c| (c & 0xC0) == 0x80).count()
}

/// The end of the line that starts at byte `start` of the text `b` (its `\n`, or the end of
/// the text) and the UTF-8 continuation bytes in it; `Outside` when the line holds a character
/// that YAML does not allow as is or that the subset leaves out: controls (tab and CR among
/// them), DEL, C1 (NEL among them), the line and paragraph separators, BOM and the
/// non-characters U+FFFE/U+FFFF. Printable ASCII is skipped 16 bytes at a time.
fn line_end(b: &[u8], start: usize) -> Result<(usize, usize), Outside> {
    let mut i = start;
    let mut cont = 0;
    loop {
        while let Some(chunk) = b.get(i..i + 16) {
            let odd = chunk
                .iter()
                .fold(0u8, |acc, &c| acc | u8::from(c.wrapping_sub(0x20) >= 0x5f));
            if odd != 0 {
                break;
            }
            i += 16;
        }
        let Some(&c) = b.get(i) else {
            return Ok((i, cont));
        };
        match c {
            b'\n' => return Ok((i, cont)),
            0x20..=0x7e => {}
            0x80..=0xbf => cont += 1,
            // U+0080–U+009F; U+2028, U+2029; U+FEFF, U+FFFE, U+FFFF.
            0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => return Err(Outside),
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => {
                return Err(Outside);
            }
            0xef if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ) =>
            {
                return Err(Outside);
            }
            0xc0..=0xff => {}
            _ => return Err(Outside),
        }
        i += 1;
    }
}

/// The characters that may not start a plain scalar of the subset.
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b' '
    )
}

/// A plain scalar at the start of `s` (the rest of the line): its value, style and length in
/// bytes (without the spaces before a comment).
fn plain(s: &str) -> Result<(Cow<'_, str>, ScalarStyle, usize), Outside> {
    let b = s.as_bytes();
    let mut end = b.len();
    let mut i = 0;
    while let Some(j) = b[i..].iter().position(|&c| c == b':' || c == b'#') {
        let j = i + j;
        if b[j] == b':' {
            if j + 1 == b.len() || b[j + 1] == b' ' {
                return Err(Outside);
            }
        } else if j > 0 && b[j - 1] == b' ' {
            end = j - 1;
            break;
        }
        i = j + 1;
    }
    let len = s[..end].trim_end_matches(' ').len();
    if len < end && end == b.len() {
        // Trailing spaces.
        return Err(Outside);
    }
    Ok((Cow::Borrowed(&s[..len]), Plain, len))
}

/// A single-quoted scalar whose opening quote precedes `s`: its value, style and length in
/// bytes from the opening quote up to (without) the closing one.
fn single_quoted(s: &str) -> Result<(Cow<'_, str>, ScalarStyle, usize), Outside> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut owned: Option<String> = None;
    let mut from = 0;
    loop {
        let j = i + b[i..].iter().position(|&c| c == b'\'').ok_or(Outside)?;
        if b.get(j + 1) == Some(&b'\'') {
            let o = owned.get_or_insert_with(String::new);
            o.push_str(&s[from..=j]);
            i = j + 2;
            from = i;
            continue;
        }
        let value = match owned {
            Some(mut o) => {
                o.push_str(&s[from..j]);
                Cow::Owned(o)
            }
            None => Cow::Borrowed(&s[..j]),
        };
        return Ok((value, ScalarStyle::SingleQuoted, j + 1));
    }
}

/// A double-quoted scalar whose opening quote precedes `s` (see [`single_quoted`]).
fn double_quoted(s: &str) -> Result<(Cow<'_, str>, ScalarStyle, usize), Outside> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut owned: Option<String> = None;
    let mut from = 0;
    loop {
        let j = i + b[i..]
            .iter()
            .position(|&c| c == b'"' || c == b'\\')
            .ok_or(Outside)?;
        if b[j] == b'"' {
            let value = match owned {
                Some(mut o) => {
                    o.push_str(&s[from..j]);
                    Cow::Owned(o)
                }
                None => Cow::Borrowed(&s[..j]),
            };
            return Ok((value, ScalarStyle::DoubleQuoted, j + 1));
        }
        let o = owned.get_or_insert_with(String::new);
        o.push_str(&s[from..j]);
        let (c, len) = match b.get(j + 1).ok_or(Outside)? {
            b'\\' => ('\\', 2),
            b'"' => ('"', 2),
            b'/' => ('/', 2),
            b'n' => ('\n', 2),
            b't' => ('\t', 2),
            b'r' => ('\r', 2),
            b'u' => {
                let hex = s.get(j + 2..j + 6).ok_or(Outside)?;
                if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return Err(Outside);
                }
                let n = u32::from_str_radix(hex, 16).map_err(|_| Outside)?;
                (char::from_u32(n).ok_or(Outside)?, 6)
            }
            _ => return Err(Outside),
        };
        o.push(c);
        i = j + len;
        from = i;
    }
}

/// Every event of `text` as the scanner yields it; `None` when the text leaves the subset.
pub fn events(text: &str) -> Option<Vec<(Event<'_>, Span)>> {
    Scanner::new(text).collect::<Result<Vec<_>, _>>().ok()
}

/// How the scanner and granit-parser compare on `text` (for tests and the fuzz target):
/// `Ok(true)` when the scanner read it and the parser (with fastread's options for the text and
/// with serde-saphyr's) yields the same events without comments — values, styles, spans and
/// byte offsets — as many comments as the scanner counted, and no error; `Ok(false)` when the
/// scanner declined; `Err` saying where they part otherwise.
pub fn agrees_with_parser(text: &str) -> Result<bool, String> {
    let mut scanner = Scanner::new(text);
    let mut ours = Vec::new();
    for e in scanner.by_ref() {
        match e {
            Ok(e) => ours.push(e),
            Err(Outside) => return Ok(false),
        }
    }
    for options in [
        crate::fastread::options_for(text),
        crate::fastread::parser_options(),
    ] {
        let emit_comments = options.emit_comments;
        let mut theirs = Vec::new();
        let mut comments = 0;
        for e in granit_parser::Parser::with_options(granit_parser::StrInput::new(text), options) {
            match e {
                Ok((Event::Comment(..), _)) => comments += 1,
                Ok(e) => theirs.push(e),
                Err(e) => return Err(format!("the parser refuses what the scanner read: {e}")),
            }
        }
        fn full<'e>((e, s): &(Event<'e>, Span)) -> (Event<'e>, Span, Option<usize>, Option<usize>) {
            (e.clone(), *s, s.start.byte_offset(), s.end.byte_offset())
        }
        for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
            if full(a) != full(b) {
                return Err(format!(
                    "event {i} differs:\nscanner: {:?}\nparser:  {:?}",
                    full(a),
                    full(b)
                ));
            }
        }
        if ours.len() != theirs.len() {
            return Err(format!(
                "the scanner yields {} events, the parser {}",
                ours.len(),
                theirs.len()
            ));
        }
        if emit_comments && comments != scanner.comments {
            return Err(format!(
                "the scanner counts {} comments, the parser {comments}",
                scanner.comments
            ));
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "format: 1\nset:\n  id: a\n  version: \"2026.2\"\n  sha256: c\norganisation: o\nprofile: p\nanswers:\n  - id: A\n    rating: 3\n  - id: B\n    rating: n/a\n";

    fn agrees(text: &str) -> bool {
        agrees_with_parser(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn canonical_files_scan_as_the_parser_parses_them() {
        for text in [
            include_str!("../examples/musterhausen.yaml"),
            include_str!("../examples/musterhausen-2025.yaml"),
            include_str!("../tests/fixtures/assessments/planned.yaml"),
            MINIMAL,
        ] {
            assert!(agrees(text), "{text}");
            assert_eq!(crate::fastread::scanner_agrees(text), Ok(true));
            assert!(crate::fastread::parse_scanned(text).is_some());
        }
    }

    #[test]
    fn the_subset_scans_as_the_parser_parses_it() {
        let m = MINIMAL;
        for (what, text) in [
            ("comments", format!("# a\n\n# b\n{m}# end\n\n")),
            (
                "comments inside",
                m.replace("  sha256", "  # x\n# y\n\n  sha256")
                    .replace("  - id: B", "\n    # z\n  - id: B"),
            ),
            (
                "trailing comments",
                m.replace("organisation: o", "organisation: o p   # c #d")
                    .replace("\"2026.2\"", "\"2026.2\" # c"),
            ),
            ("no final line break", m.trim_end().to_owned()),
            (
                "styles",
                m.replace(
                    "organisation: o",
                    "organisation: 'it''s: #x' \nassessor: \"a\\\\b\\\"c\\/\\n\\t\\r\\u00e9\\u2028\"",
                )
                .replace("' \n", "'\n"),
            ),
            (
                "plain with indicators inside",
                m.replace("organisation: o", "organisation: a:b c#d e-f [g] {h} 'i' \"j\" k,l ä"),
            ),
            ("unicode", m.replace("organisation: o", "organisation: Gemeinde Süd – 🦀")),
            (
                "literal blocks",
                m.replace(
                    "organisation: o",
                    "organisation: |-\n  # not a comment\n    deeper\n\n  after a blank\n\n\nscope: |\n   x\n",
                ),
            ),
            ("literal block at the end", format!("{m}    note: |-\n      a\n\n      b\n\n")),
            ("literal block in a list", m.replace("rating: 3\n", "rating: 3\n    note: |\n      a\n")),
            (
                "deeper lists and maps",
                m.replace("rating: 3\n", "rating: 3\n    action:\n      status: open\n      owner: x\n"),
            ),
            (
                "wide indentation",
                m.replace("  - id: A\n    rating: 3", "      - id: A\n        rating: 3")
                    .replace("  - id: B\n    rating: n/a", "      - id: B\n        rating: n/a"),
            ),
            ("wide value gap", m.replace("organisation: o", "organisation:    o")),
            ("null-like plain", m.replace("organisation: o", "organisation: null\nscope: ~")),
            ("16 comments", format!("{}{m}", "# c\n".repeat(16))),
        ] {
            assert_eq!(agrees_with_parser(&text), Ok(true), "{what}:\n{text}");
            assert!(crate::fastread::scanner_agrees(&text).is_ok(), "{what}");
        }
    }

    #[test]
    fn anything_else_is_left_to_the_parser() {
        let m = MINIMAL;
        let o = |v: &str| m.replace("organisation: o", v);
        for (what, text) in [
            ("empty", String::new()),
            ("comments only", "# a\n".to_owned()),
            ("tab", o("organisation:\to")),
            ("tab in a value", o("organisation: a\tb")),
            ("tab indentation", m.replace("  id: a", "\tid: a")),
            ("CR", m.replace('\n', "\r\n")),
            ("BOM", format!("\u{feff}{m}")),
            ("NEL", o("organisation: a\u{85}b")),
            ("DEL", o("organisation: a\u{7f}b")),
            ("control", o("organisation: a\u{1}b")),
            ("line separator", o("organisation: a\u{2028}b")),
            ("non-character", o("organisation: a\u{ffff}b")),
            ("trailing spaces", o("organisation: o  ")),
            ("trailing spaces after a quote", o("organisation: 'o' ")),
            ("spaces-only line", m.replace("profile", "  \nprofile")),
            (
                "flow mapping",
                m.replace("set:\n  id: a\n", "set: {id: a}\nx:\n  id: a\n"),
            ),
            ("flow sequence", format!("{m}vanished: []\n")),
            ("folded block", o("organisation: >\n  o")),
            ("kept block", o("organisation: |+\n  o\n")),
            ("indented block", o("organisation: |2\n  o")),
            ("block with a comment", o("organisation: | # c\n  o")),
            ("block ended by a comment", o("organisation: |\n  o\n# c")),
            ("empty block", o("organisation: |")),
            (
                "block at the end without a line break",
                format!("{m}    note: |\n      o"),
            ),
            ("block with trailing space", o("organisation: |\n  o ")),
            (
                "block with a leading blank line",
                o("organisation: |\n\n  o"),
            ),
            ("anchor", o("organisation: &a o")),
            ("alias", o("organisation: *a")),
            ("tag", o("organisation: !!str o")),
            ("complex key", o("? organisation\n: o")),
            ("quoted key", o("'organisation': o")),
            ("multi-line plain", o("organisation: o\n  p")),
            ("multi-line single-quoted", o("organisation: 'o\n  p'")),
            ("multi-line double-quoted", o("organisation: \"o\n  p\"")),
            ("escaped line break", o("organisation: \"o\\\n  p\"")),
            ("unhandled escape", o("organisation: \"\\x41\"")),
            ("long escape", o("organisation: \"\\U00000041\"")),
            ("surrogate escape", o("organisation: \"\\ud800\"")),
            ("short escape", o("organisation: \"\\u00e\"")),
            ("text after a quote", o("organisation: 'o' p")),
            (
                "comment after a quote without space",
                o("organisation: 'o'#c"),
            ),
            ("plain with `: `", o("organisation: a: b")),
            ("plain ending in `:`", o("organisation: a:")),
            (
                "plain ending in `:` before a comment",
                o("organisation: a: # c"),
            ),
            ("plain starting with `-`", o("organisation: -o")),
            ("plain starting with `@`", o("organisation: @o")),
            ("plain starting with a backtick", o("organisation: `o")),
            ("plain starting with `%`", o("organisation: %o")),
            ("plain starting with `?`", o("organisation: ?o")),
            ("plain starting with `:`", o("organisation: :o")),
            ("key without a space", o("organisation:o")),
            ("key with a comment", o("organisation: # c\n  o")),
            ("null value", o("organisation:\nscope: s")),
            ("null at the end", format!("{m}scope:")),
            (
                "indentless list",
                m.replace(
                    "  - id: A\n    rating: 3\n  - id: B\n    rating: n/a\n",
                    "- id: A\n  rating: 3\n",
                ),
            ),
            ("odd indentation", m.replace("  sha256", "   sha256")),
            ("odd dedent", m.replace("    rating: n/a", "   rating: n/a")),
            ("deeper line after a value", o("organisation: o\n    p: q")),
            (
                "list item without a space",
                m.replace("  - id: B", "  -id: B"),
            ),
            (
                "list item with two spaces",
                m.replace("  - id: B", "  -  id: B"),
            ),
            ("nested list", m.replace("  - id: B", "  - - id: B")),
            ("list where a key belongs", format!("{m}- x: y\n")),
            (
                "key where an item belongs",
                m.replace("  - id: B", "  id: B"),
            ),
            ("indented top", format!(" {}", m.replace('\n', "\n "))),
            ("document start", format!("---\n{m}")),
            ("document end", format!("{m}...\n")),
            ("directive", format!("%YAML 1.2\n---\n{m}")),
            ("key starting with `-`", o("-organisation: o")),
            ("long key", o(&format!("{}: o", "k".repeat(129)))),
            (
                "17 comments in a row",
                format!("{}{m}", "# c\n\n".repeat(17)),
            ),
            (
                "17 comments after a trailing one",
                m.replace(
                    "profile: p",
                    &format!("profile: p # c\n{}", "# c\n".repeat(16)),
                ),
            ),
            ("deep nesting", {
                let mut t = String::from("format: 1\n");
                for d in 0..40 {
                    t.push_str(&format!("{}k:\n", "  ".repeat(d)));
                }
                t.push_str(&format!("{}k: v\n", "  ".repeat(40)));
                t
            }),
        ] {
            assert_eq!(agrees_with_parser(&text), Ok(false), "{what}:\n{text}");
            assert!(events(&text).is_none(), "{what}");
            assert!(crate::fastread::parse_scanned(&text).is_none(), "{what}");
            // The fallback runs unchanged: the reader's result is granit-parser's.
            assert_eq!(
                format!("{:?}", crate::fastread::parse(&text)),
                format!("{:?}", crate::fastread::parse_parsed(&text)),
                "{what}"
            );
        }
    }

    #[test]
    fn runs_of_comments_scan_as_the_parser_parses_them_or_fall_back() {
        for n in [1, 15, 16, 17, 31, 32, 33, 40] {
            let block = "# c\n".repeat(n);
            for text in [
                format!("{block}{MINIMAL}"),
                format!("{MINIMAL}{block}"),
                MINIMAL.replace("profile: p\n", &format!("profile: p\n{block}")),
                MINIMAL.replace("  - id: B", &format!("{block}  - id: B")),
                MINIMAL.replace("set:\n", &format!("set:\n{block}")),
                MINIMAL.replace("profile: p", &format!("profile: p {}", "#".repeat(n))),
            ] {
                let took = agrees_with_parser(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
                assert_eq!(
                    took,
                    n <= MAX_COMMENT_RUN || !text.contains("# c\n"),
                    "{n}: {text}"
                );
                assert!(crate::fastread::scanner_agrees(&text).is_ok());
            }
        }
    }
}
