//! The fast path of reading a field file (Handlungsfeld): builds the same [`Field`] (same values,
//! same places) as the serde-saphyr path straight from granit-parser's events (the parser
//! serde-saphyr itself uses, with the same options), for the canonical, well-formed files that
//! make up nearly all input — block or flow style (`{de: x, en: x}`), any scalar style for
//! texts. Anything unusual — a tag, an anchor or alias, an unknown or duplicate key, a quoted
//! or null-like value where a plain one is canonical, a number in another form, a value of
//! another shape, a directive, a budget near its limit, a parse error — returns `None`, and
//! the caller parses with serde-saphyr, which reports exactly today's findings. Why: the serde
//! layer above the events was most of the time of `validate` on large sets and floods
//! (issues 11 and 17).
//!
//! The rule: `parse(text) == Some(f)` implies `parse_yaml::<Field>(text) == Ok(f)`, places
//! included; proved by the tests below, `tests/cli/fastfield.rs` and the fuzz target
//! `fastfield`. The reader is a copy of the few helpers of src/fastread.rs it needs (build.rs
//! includes this module by path through src/load.rs, and fastread depends on the assessment
//! model).

use std::borrow::Cow;
use std::collections::BTreeMap;

use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

use crate::load::MAX_FILE_BYTES;
use crate::model::{Anchors, Field, LangMap, Loc, Question, References, Sp, Str, Text};

// serde-saphyr's limits (load::yaml_options): a file near one of them is left to the slow
// path, which reports the breach. Events with a margin (a field file has about 1.2 events per
// node, so the node limit comes first); nodes exactly: serde-saphyr counts every scalar (keys
// included) and every collection start, as `Reader::node` does, and refuses more than
// 1,000,000 — the 4 MB floor of bench/bad-inputs.sh has 992,547 (the test
// `the_node_budget_is_serde_saphyrs` checks both sides of a limit and that the limits agree).
const MAX_EVENTS: usize = 1_900_000;
const MAX_NODES: usize = 1_000_000;
/// serde-saphyr counts the bytes of every scalar's value (keys included) against
/// `max_total_scalar_bytes` (8 MiB); an escape such as `\L` gives 3 bytes for 2 of source.
const MAX_SCALAR_BYTES: usize = MAX_FILE_BYTES as usize - 64 * 1024;

/// The parser options serde-saphyr derives from `load::yaml_options()` (see
/// `fastread::parser_options`).
fn parser_options() -> granit_parser::Options {
    granit_parser::options! {
        simple_key_max_lookahead: 1024,
        flow_nesting_limit: 255,
        block_nesting_limit: 255,
        emit_comments: true,
        max_buffered_comment_events: 32,
        strict_indentation: false,
        bom_inside_document_as_content: false,
    }
}

/// At most this many `#` in a file, and the fast path parses without comment events (the only
/// error that depends on them, "too many comments", needs more than 32 at one place).
const QUIET_MAX_HASHES: usize = 16;

fn options_for(text: &str) -> granit_parser::Options {
    let mut o = parser_options();
    if text.bytes().filter(|&b| b == b'#').count() <= QUIET_MAX_HASHES {
        o.emit_comments = false;
    }
    o
}

/// Reads `text` as a field file when it is canonical and well-formed; `None` otherwise (the
/// caller then parses it with serde-saphyr).
pub fn parse(text: &str) -> Option<Field> {
    parse_within(text, MAX_NODES)
}

/// [`parse`] with at most `max_nodes` nodes (the tests compare a small limit with
/// serde-saphyr's budget set to the same).
fn parse_within(text: &str, max_nodes: usize) -> Option<Field> {
    if text.len() as u64 > MAX_FILE_BYTES || text.contains('\u{feff}') {
        return None;
    }
    let mut r = Reader {
        parser: Parser::with_options(StrInput::new(text), options_for(text)),
        events: 0,
        nodes: 0,
        max_nodes,
        scalar_bytes: 0,
    };
    if !matches!(r.raw()?.0, Event::StreamStart) {
        return None;
    }
    // One document, without directives (`%YAML`, `%TAG`).
    match r.raw()? {
        (Event::DocumentStart(_, None), _) => {}
        _ => return None,
    }
    if !matches!(r.node()?, Node::MapStart(_)) {
        return None;
    }
    let f = field(&mut r)?;
    // Only the end of the document and of the stream may follow.
    if !matches!(r.raw()?.0, Event::DocumentEnd) || !matches!(r.raw()?.0, Event::StreamEnd) {
        return None;
    }
    match r.parser.next() {
        None => Some(f),
        Some(_) => None,
    }
}

struct Reader<'a> {
    parser: Parser<'a, StrInput<'a>>,
    events: usize,
    nodes: usize,
    max_nodes: usize,
    scalar_bytes: usize,
}

/// A node event as the reader accepts it.
enum Node<'a> {
    Scalar(Cow<'a, str>, ScalarStyle, Span),
    MapStart(Span),
    MapEnd,
    SeqStart(Span),
    SeqEnd,
}

impl<'a> Reader<'a> {
    /// The next event but comments; `None` on a parse error, the end or a budget near its limit.
    fn raw(&mut self) -> Option<(Event<'a>, Span)> {
        loop {
            let (ev, span) = self.parser.next()?.ok()?;
            self.events += 1;
            if self.events > MAX_EVENTS {
                return None;
            }
            if !matches!(ev, Event::Comment(..)) {
                return Some((ev, span));
            }
        }
    }

    /// The next node event: untagged and without anchor; `None` for anything else.
    fn node(&mut self) -> Option<Node<'a>> {
        let (ev, span) = self.raw()?;
        let node = match ev {
            Event::Scalar(v, style, 0, None) => {
                self.scalar_bytes += v.len();
                if self.scalar_bytes > MAX_SCALAR_BYTES {
                    return None;
                }
                Node::Scalar(v, style, span)
            }
            Event::MappingStart(_, 0, None) => Node::MapStart(span),
            Event::SequenceStart(_, 0, None) => Node::SeqStart(span),
            Event::MappingEnd => return Some(Node::MapEnd),
            Event::SequenceEnd => return Some(Node::SeqEnd),
            _ => return None,
        };
        self.nodes += 1;
        (self.nodes <= self.max_nodes).then_some(node)
    }

    /// The next key of a mapping: a plain scalar that is neither null-like nor a merge key;
    /// `Some(None)` at the mapping's end.
    fn key(&mut self) -> Option<Option<(Cow<'a, str>, Span)>> {
        match self.node()? {
            Node::MapEnd => Some(None),
            Node::Scalar(k, ScalarStyle::Plain, span) if !null_like(&k) && k != "<<" => {
                Some(Some((k, span)))
            }
            _ => None,
        }
    }

    /// The start of a mapping, its place.
    fn map_start(&mut self) -> Option<Loc> {
        match self.node()? {
            Node::MapStart(span) => Some(loc(&span)),
            _ => None,
        }
    }

    /// The start of a sequence, its place.
    fn seq_start(&mut self) -> Option<Loc> {
        match self.node()? {
            Node::SeqStart(span) => Some(loc(&span)),
            _ => None,
        }
    }

    /// A scalar read as a string the way serde-saphyr reads it into `String`: any style; a
    /// plain null-like value (empty, `~`, `null`) is refused.
    fn string(&mut self) -> Option<Sp<String>> {
        match self.node()? {
            Node::Scalar(v, style, span) => {
                if style == ScalarStyle::Plain && null_like(&v) {
                    return None;
                }
                Some(Sp {
                    value: v.into_owned(),
                    loc: loc(&span),
                })
            }
            _ => None,
        }
    }

    /// A plain scalar, its text and place.
    fn plain(&mut self) -> Option<(Cow<'a, str>, Loc)> {
        match self.node()? {
            Node::Scalar(v, ScalarStyle::Plain, span) => Some((v, loc(&span))),
            _ => None,
        }
    }

    /// A whole number: plain decimal digits without a sign or a leading zero.
    fn number(&mut self) -> Option<Sp<u32>> {
        let (v, loc) = self.plain()?;
        Some(Sp {
            value: whole(&v)?.try_into().ok()?,
            loc,
        })
    }

    /// `true` or `false`, plain.
    fn boolean(&mut self) -> Option<bool> {
        match &*self.plain()?.0 {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }

    /// A text: a mapping from language code to a string, every code once.
    fn text(&mut self) -> Option<Sp<Text>> {
        let at = self.map_start()?;
        let mut m: LangMap<Sp<Str>> = LangMap::default();
        while let Some((k, _)) = self.key()? {
            let v = self.string()?;
            let v = Sp {
                value: Str::from(v.value),
                loc: v.loc,
            };
            if m.insert(Str::from(k.into_owned()), v).is_some() {
                return None;
            }
        }
        Some(Sp {
            value: Text(m),
            loc: at,
        })
    }

    /// A list of strings.
    fn strings(&mut self) -> Option<Vec<Sp<Str>>> {
        self.seq_start()?;
        let mut out = Vec::new();
        loop {
            match self.node()? {
                Node::SeqEnd => return Some(out),
                Node::Scalar(v, style, span) => {
                    if style == ScalarStyle::Plain && null_like(&v) {
                        return None;
                    }
                    out.push(Sp {
                        value: Str::from(v.into_owned()),
                        loc: loc(&span),
                    });
                }
                _ => return None,
            }
        }
    }
}

/// What serde-saphyr reads as null in a plain scalar.
fn null_like(v: &str) -> bool {
    matches!(v, "" | "~" | "null" | "Null" | "NULL")
}

/// A canonical whole number: decimal digits, no sign, no leading zero.
fn whole(v: &str) -> Option<u64> {
    let b = v.as_bytes();
    if b.is_empty()
        || b.len() > 18
        || !b.iter().all(u8::is_ascii_digit)
        || (b.len() > 1 && b[0] == b'0')
    {
        return None;
    }
    v.parse().ok()
}

/// The place of a node as serde-saphyr reports it (`location_from_span` and
/// `Loc::from_saphyr`): line, column + 1, byte offset and byte length.
fn loc(span: &Span) -> Loc {
    let line = span.start.line();
    if line == 0 {
        return Loc::default();
    }
    let (offset, len) = match (span.start.byte_offset(), span.end.byte_offset()) {
        (Some(s), Some(e)) => (Some(s), e.saturating_sub(s)),
        _ => (None, 0),
    };
    Loc {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        offset,
        len,
    }
}

/// Sets `slot` once; a second value (a duplicate key) refuses the file.
fn once<T>(slot: &mut Option<T>, v: Option<T>) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(v?);
    Some(())
}

/// The field; its mapping's start is read.
fn field(r: &mut Reader) -> Option<Field> {
    let (mut id, mut number, mut title, mut description) = (None, None, None, None);
    let (mut weight, mut questions) = (None, None);
    while let Some((k, _)) = r.key()? {
        match &*k {
            "id" => once(&mut id, r.string())?,
            "number" => once(&mut number, r.number())?,
            "title" => once(&mut title, r.text())?,
            "description" => once(&mut description, r.text())?,
            "weight" => once(&mut weight, r.number())?,
            "questions" => once(&mut questions, question_list(r))?,
            _ => return None,
        }
    }
    Some(Field {
        id: id?,
        number: number?,
        title: title?,
        description: description?,
        weight: weight.unwrap_or(Sp::new(1)),
        questions: questions?,
        file: String::new(),
    })
}

fn question_list(r: &mut Reader) -> Option<Sp<Vec<Question>>> {
    let at = r.seq_start()?;
    let mut list = Vec::new();
    loop {
        match r.node()? {
            Node::SeqEnd => {
                return Some(Sp {
                    value: list,
                    loc: at,
                });
            }
            Node::MapStart(_) => list.push(question(r)?),
            _ => return None,
        }
    }
}

/// One question; its mapping's start is read.
fn question(r: &mut Reader) -> Option<Question> {
    let (mut id, mut text, mut help, mut anchors) = (None, None, None, None);
    let (mut recommendation, mut weight, mut critical, mut references) = (None, None, None, None);
    while let Some((k, _)) = r.key()? {
        match &*k {
            "id" => once(&mut id, r.string())?,
            "text" => once(&mut text, r.text())?,
            "help" => once(&mut help, r.text())?,
            "anchors" => once(&mut anchors, anchors_of(r))?,
            "recommendation" => once(&mut recommendation, r.text())?,
            "weight" => once(&mut weight, r.number())?,
            "critical" => once(&mut critical, r.boolean())?,
            "references" => once(&mut references, references_of(r))?,
            _ => return None,
        }
    }
    Some(Question {
        id: id?,
        text: text?,
        help,
        anchors: anchors.unwrap_or_default(),
        recommendation,
        weight: weight.unwrap_or(Sp::new(1)),
        critical: critical.unwrap_or(false),
        references: references.unwrap_or_default(),
    })
}

/// Level → text; every level a canonical whole number, once.
fn anchors_of(r: &mut Reader) -> Option<Anchors> {
    let at = r.map_start()?;
    let mut m = BTreeMap::new();
    while let Some((k, span)) = r.key()? {
        let level = Sp {
            value: i64::try_from(whole(&k)?).ok()?,
            loc: loc(&span),
        };
        let t = r.text()?;
        if m.insert(level, t).is_some() {
            return None;
        }
    }
    Some(Anchors(Sp { value: m, loc: at }))
}

fn references_of(r: &mut Reader) -> Option<References> {
    r.map_start()?;
    let (mut grundschutz, mut nis2, mut iso27001) = (None, None, None);
    while let Some((k, _)) = r.key()? {
        match &*k {
            "grundschutz" => once(&mut grundschutz, r.strings())?,
            "nis2" => once(&mut nis2, r.strings())?,
            "iso27001" => once(&mut iso27001, r.strings())?,
            _ => return None,
        }
    }
    Some(References {
        grundschutz: grundschutz.unwrap_or_default(),
        nis2: nis2.unwrap_or_default(),
        iso27001: iso27001.unwrap_or_default(),
    })
}

/// How the fast path and serde-saphyr compare on `text` (for tests and the fuzz target):
/// `Ok(true)` when the fast path read it and serde-saphyr read the same value with the same
/// places, `Ok(false)` when the fast path declined, `Err` (both results) when they differ or
/// serde-saphyr refused what the fast path read.
pub fn agrees_with_serde_saphyr(text: &str) -> Result<bool, String> {
    crate::load::agrees_with_serde_saphyr(parse(text), text, "f.yaml")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field with every key, block and flow style, several scalar styles.
    const FULL: &str = r#"# yaml-language-server: $schema=../schema/field.schema.json
id: backup
number: 2
title:
  de: Datensicherung
  en: "Backup \"and\" restore"
description: {de: 'Wie gesichert wird', en: How it is backed up}
weight: 3
questions:
  - id: BAK-01
    text:
      de: Gibt es ein Konzept?   # a comment
      en: >
        Is there a
        concept?
    help:
      de: |
        Nachweis: das Konzept.
      en: Evidence
        over two lines.
    anchors:
      1: {de: geplant, en: planned}
      3:
        de: umgesetzt
        en: carried out
      5: {de: gemessen, en: measured}
    recommendation: {de: Schreiben, en: Write}
    weight: 2
    critical: true
    references:
      grundschutz: [CON.3.1, OPS.1.2]
      nis2: [c]
      iso27001:
        - A.8.13
  - {id: BAK-02, text: {de: Zwei, en: Two}, critical: false, references: {}}
  - id: BAK-03
    text: {de: Drei, en: Three}
    anchors: {}
"#;

    fn agrees(text: &str) -> bool {
        agrees_with_serde_saphyr(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn every_key_and_style_reads_as_serde_saphyr_reads_it() {
        assert!(agrees(FULL));
        let f = parse(FULL).unwrap();
        assert_eq!(f.questions.len(), 3);
        assert_eq!(f.questions[0].anchors.0.value.len(), 3);
        assert!(f.questions[0].critical);
        assert_eq!(f.questions[1].weight.value, 1);
        assert!(agrees(&format!("---\n{FULL}...\n")));
        let minimal = "id: a\nnumber: 1\ntitle: {de: T}\ndescription: {de: D}\nquestions: []\n";
        assert!(agrees(minimal));
    }

    #[test]
    fn places_are_serde_saphyrs() {
        let f = parse(FULL).unwrap();
        let t = &f.questions[0].text.value.0;
        let de = t.get("de").unwrap();
        let off = de.loc.offset.unwrap();
        assert_eq!(&FULL[off..off + de.loc.len], "Gibt es ein Konzept?");
        assert_eq!(f.number.loc.line, 3);
    }

    #[test]
    fn the_unusual_falls_back_to_serde_saphyr() {
        let minimal = "id: a\nnumber: 1\ntitle: {de: T, en: T}\ndescription: {de: D, en: D}\nquestions:\n  - id: AB-01\n    text: {de: x, en: x}\n";
        assert!(parse(minimal).is_some());
        let q = |extra: &str| format!("{minimal}    {extra}\n");
        for (what, text) in [
            (
                "anchor and alias",
                minimal.replace(
                    "title: {de: T, en: T}",
                    "title: &t {de: T, en: T}\nsubtitle: *t",
                ),
            ),
            (
                "alias as value",
                minimal.replace("description: {de: D, en: D}", "description: *x"),
            ),
            ("tag", minimal.replace("id: a", "id: !!str a")),
            (
                "binary tag",
                minimal.replace("{de: x,", "{de: !!binary eA==,"),
            ),
            ("local tag", minimal.replace("id: a", "id: !x a")),
            ("duplicate key", format!("{minimal}number: 2\n")),
            (
                "duplicate language",
                minimal.replace("{de: T, en: T}", "{de: T, de: U}"),
            ),
            (
                "duplicate anchor level",
                q("anchors: {1: {de: a}, 1: {de: b}}"),
            ),
            ("unknown key", format!("{minimal}titel: {{de: x}}\n")),
            ("unknown question key", q("txt: {de: x}")),
            ("unknown reference key", q("references: {bsi: [x]}")),
            ("missing key", minimal.replace("number: 1\n", "")),
            (
                "missing question text",
                minimal.replace("    text: {de: x, en: x}\n", ""),
            ),
            ("null value", minimal.replace("id: a", "id: ~")),
            ("empty value", minimal.replace("id: a", "id:")),
            ("null text", minimal.replace("{de: x,", "{de: null,")),
            ("null help", q("help: ~")),
            ("null language", minimal.replace("{de: x,", "{~: x,")),
            ("quoted key", minimal.replace("number:", "\"number\":")),
            ("quoted number", minimal.replace("number: 1", "number: '1'")),
            (
                "number with sign",
                minimal.replace("number: 1", "number: +1"),
            ),
            (
                "number with zero",
                minimal.replace("number: 1", "number: 01"),
            ),
            ("hex number", minimal.replace("number: 1", "number: 0x1")),
            (
                "decimal number",
                minimal.replace("number: 1", "number: 1.0"),
            ),
            (
                "negative number",
                minimal.replace("number: 1", "number: -1"),
            ),
            (
                "huge number",
                minimal.replace("number: 1", "number: 99999999999"),
            ),
            ("quoted weight", q("weight: \"3\"")),
            ("quoted anchor level", q("anchors: {'1': {de: a}}")),
            ("negative anchor level", q("anchors: {-1: {de: a}}")),
            ("anchor level with zero", q("anchors: {01: {de: a}}")),
            ("critical yes", q("critical: yes")),
            ("critical quoted", q("critical: 'true'")),
            ("critical True", q("critical: True")),
            ("text as string", minimal.replace("{de: T, en: T}", "T")),
            ("text as list", minimal.replace("{de: T, en: T}", "[T]")),
            (
                "nested text",
                minimal.replace("{de: T, en: T}", "{de: {x: T}}"),
            ),
            ("reference null item", q("references: {nis2: [~]}")),
            ("reference map item", q("references: {nis2: [{a: b}]}")),
            (
                "questions null",
                minimal.replace(
                    "questions:\n  - id: AB-01\n    text: {de: x, en: x}\n",
                    "questions:\n",
                ),
            ),
            (
                "questions map",
                minimal.replace(
                    "questions:\n  - id: AB-01\n    text: {de: x, en: x}\n",
                    "questions: {}\n",
                ),
            ),
            ("question scalar", format!("{minimal}  - x\n")),
            ("two documents", format!("{minimal}---\n{minimal}")),
            ("directive", format!("%YAML 1.2\n---\n{minimal}")),
            ("merge key", q("text: {<<: {de: x}, en: x}")),
            ("bom inside", minimal.replace("id: a", "id: a\u{feff}b")),
            ("parse error", format!("{minimal}    help: [\n")),
            ("not a mapping", "- a\n".to_owned()),
            ("a scalar", "a\n".to_owned()),
        ] {
            assert_eq!(agrees_with_serde_saphyr(&text), Ok(false), "{what}: {text}");
        }
    }

    #[test]
    fn many_comments_read_as_serde_saphyr_reads_them() {
        let minimal =
            "id: a\nnumber: 1\ntitle: {de: T, en: T}\ndescription: {de: D, en: D}\nquestions: []\n";
        for n in [1, 15, 16, 17, 31, 32, 33, 40] {
            let block = "# c\n".repeat(n);
            for text in [
                format!("{block}{minimal}"),
                format!("{minimal}{block}"),
                minimal.replace("id: a\n", &format!("id:\n{block}  a\n")),
                minimal.replace("title: {de: T,", &format!("title: {{\n{block} de: T,")),
            ] {
                assert!(agrees_with_serde_saphyr(&text).is_ok(), "{n}: {text}");
            }
        }
        // 33 comments between a key and its value: serde-saphyr refuses ("too many comments").
        let text = minimal.replace("id: a\n", &format!("id:\n{}  a\n", "# c\n".repeat(33)));
        assert!(crate::load::parse_yaml::<Field>(&text, "f", crate::i18n::Lang::En).is_err());
        assert!(parse(&text).is_none());
    }

    #[test]
    fn the_node_budget_is_serde_saphyrs() {
        let options = crate::load::yaml_options();
        assert_eq!(
            options.budget.as_ref().map(|b| b.max_nodes),
            Some(MAX_NODES)
        );
        // Both count every scalar (keys included) and every collection start: with the same
        // small limit they refuse at the same node. Head: 19 nodes; each question
        // `{id: Q, text: {de: x}}` 7; the last one with references 11 + its items.
        const LIMIT: usize = 1_000;
        let head =
            "id: a\nnumber: 1\ntitle: {de: T, en: T}\ndescription: {de: D, en: D}\nquestions:\n";
        let n = (LIMIT - 19 - 11) / 7 - 1;
        let file = |extra: usize| {
            let mut t = head.to_owned();
            for _ in 0..n {
                t.push_str("- {id: Q, text: {de: x}}\n");
            }
            t.push_str("- {id: Q, text: {de: x}, references: {nis2: [");
            t.push_str(&vec!["a"; LIMIT - 19 - 7 * n - 11 + extra].join(", "));
            t.push_str("]}}\n");
            t
        };
        let slow = |text: &str| {
            let mut o = crate::load::yaml_options();
            if let Some(b) = o.budget.as_mut() {
                b.max_nodes = LIMIT;
            }
            serde_saphyr::from_str_with_options::<Field>(text, o)
        };
        let at_limit = file(0);
        let (fast, slow_ok) = (parse_within(&at_limit, LIMIT), slow(&at_limit));
        assert!(fast.is_some() && slow_ok.is_ok(), "{slow_ok:?}");
        let over = file(1);
        assert!(slow(&over).is_err());
        assert!(parse_within(&over, LIMIT).is_none());
    }

    #[test]
    fn escapes_that_grow_past_the_scalar_budget_fall_back() {
        let minimal = "id: a\nnumber: 1\ntitle: {de: T, en: T}\nquestions: []\n";
        let text = format!(
            "{minimal}description: {{de: \"{}\"}}\n",
            "\\L".repeat(2_800_000)
        );
        assert!(crate::load::parse_yaml::<Field>(&text, "f", crate::i18n::Lang::En).is_err());
        assert!(parse(&text).is_none());
        let text = format!(
            "{minimal}description: {{de: \"{}\"}}\n",
            "\\L".repeat(100_000)
        );
        assert_eq!(agrees_with_serde_saphyr(&text), Ok(true));
    }
}
