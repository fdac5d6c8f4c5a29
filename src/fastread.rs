//! The fast path of reading an assessment file: builds the same [`AssessmentFile`] (same values,
//! same places) as the serde-saphyr path straight from granit-parser's events (the parser
//! serde-saphyr itself uses, with the same options), for the canonical, well-formed files that
//! make up nearly all input. Anything unusual — a tag, an anchor or alias, an unknown or
//! duplicate key, a missing key, a quoted or null-like value where a plain one is canonical, a
//! value of another shape, a directive, a budget near its limit, a parse error — returns `None`,
//! and the caller parses with serde-saphyr, which reports exactly today's findings. Why: the
//! serde layer above the events costs almost as much as the parse itself (issues 15 and 17).
//!
//! The rule: `fast(text) == Some(a)` implies `parse_yaml(text) == Ok(a)`, places included;
//! proved by the tests below, `tests/cli/fastread.rs` and the fuzz target `fastread`.

use granit_parser::{Event, Parser, ScalarStyle, Span, StrInput};

use crate::assessment::{
    Action, ActionStatus, Answer, AssessmentFile, Disputed, Flag, Method, MethodKind, Rating,
    SetRef, Signoff,
};
use crate::load::MAX_FILE_BYTES;
use crate::model::{Loc, Sp};

// serde-saphyr's limits (load::yaml_options) with a margin: a file near one of them is left to
// the slow path, which reports the breach.
const MAX_EVENTS: usize = 1_900_000;
const MAX_NODES: usize = 950_000;
/// serde-saphyr counts the bytes of every scalar's value (keys included) against
/// `max_total_scalar_bytes` (8 MiB); an escape such as `\L` gives 3 bytes for 2 of source.
const MAX_SCALAR_BYTES: usize = MAX_FILE_BYTES as usize - 64 * 1024;

/// The parser options serde-saphyr derives from `load::yaml_options()` (its budget's
/// `parser_options`: comment look-ahead of 32 events, 1024 characters of simple-key
/// look-ahead, 255 nested flow and block collections; comments emitted; lenient indentation).
pub fn parser_options() -> granit_parser::Options {
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

/// At most this many `#` in a file, and the fast path parses without comment events.
const QUIET_MAX_HASHES: usize = 16;

/// The parser options for `text`: serde-saphyr's, but without comment events (a third of the
/// parse) when the text holds at most [`QUIET_MAX_HASHES`] `#`. Comments are still scanned and
/// checked then; the only error that depends on comment events is "too many comments" (more
/// than 32 buffered at one place), which needs more `#` than that.
pub fn options_for(text: &str) -> granit_parser::Options {
    let mut o = parser_options();
    if text.bytes().filter(|&b| b == b'#').count() <= QUIET_MAX_HASHES {
        o.emit_comments = false;
    }
    o
}

/// Reads `text` as an assessment file when it is canonical and well-formed; `None` otherwise
/// (the caller then parses it with serde-saphyr). The events come from the scanner of the
/// canonical subset (src/fastscan.rs) when it reads the whole text, else from granit-parser.
pub fn parse(text: &str) -> Option<AssessmentFile> {
    if text.len() as u64 > MAX_FILE_BYTES || text.contains('\u{feff}') {
        return None;
    }
    parse_scanned(text).or_else(|| parse_parsed(text))
}

/// [`parse`] with the events of the scanner only: `None` also when the text leaves its subset.
pub fn parse_scanned(text: &str) -> Option<AssessmentFile> {
    let mut r = Reader {
        src: Source::Scan(crate::fastscan::Scanner::new(text)),
        events: 0,
        nodes: 0,
        scalar_bytes: 0,
    };
    let a = read(&mut r)?;
    // granit-parser would have emitted a comment event for each comment the scanner passed
    // when `options_for` lets it; the budget of events counts them.
    if let Source::Scan(s) = &r.src
        && options_for(text).emit_comments
        && r.events + s.comments > MAX_EVENTS
    {
        return None;
    }
    Some(a)
}

/// [`parse`] with the events of granit-parser only (today's path before the scanner).
pub fn parse_parsed(text: &str) -> Option<AssessmentFile> {
    if text.len() as u64 > MAX_FILE_BYTES || text.contains('\u{feff}') {
        return None;
    }
    let mut r = Reader {
        src: Source::Parse(Parser::with_options(StrInput::new(text), options_for(text))),
        events: 0,
        nodes: 0,
        scalar_bytes: 0,
    };
    read(&mut r)
}

fn read(r: &mut Reader) -> Option<AssessmentFile> {
    if !matches!(r.raw()?.0, Event::StreamStart) {
        return None;
    }
    // One document, without directives (`%YAML`, `%TAG`).
    match r.raw()? {
        (Event::DocumentStart(_, None), _) => {}
        _ => return None,
    }
    let a = file(r)?;
    // Only the end of the document and of the stream may follow.
    if !matches!(r.raw()?.0, Event::DocumentEnd) || !matches!(r.raw()?.0, Event::StreamEnd) {
        return None;
    }
    match r.src.next() {
        None => Some(a),
        Some(_) => None,
    }
}

/// Where the reader's events come from. One lives on the stack for one read; boxing a variant
/// would add an allocation to every read.
#[allow(clippy::large_enum_variant)]
enum Source<'a> {
    Scan(crate::fastscan::Scanner<'a>),
    Parse(Parser<'a, StrInput<'a>>),
}

impl<'a> Source<'a> {
    /// The next event; `Some(Err)` on an error (or the text leaving the scanner's subset).
    /// Inlined, as is [`Reader::raw`]: an event with its span is about 200 bytes, and each
    /// function boundary it crosses was a `memcpy` (0.8 M instructions for the example).
    #[inline(always)]
    fn next(&mut self) -> Option<Result<(Event<'a>, Span), ()>> {
        match self {
            Source::Scan(s) => s.next().map(|e| e.map_err(|_| ())),
            Source::Parse(p) => p.next().map(|e| e.map_err(|_| ())),
        }
    }
}

struct Reader<'a> {
    src: Source<'a>,
    events: usize,
    nodes: usize,
    scalar_bytes: usize,
}

/// A node event as the reader accepts it.
enum Node<'a> {
    Scalar(std::borrow::Cow<'a, str>, ScalarStyle, Loc),
    MapStart,
    MapEnd,
    SeqStart,
    SeqEnd,
}

impl<'a> Reader<'a> {
    /// The next event but comments; `None` on a parse error, the end or a budget near its limit.
    #[inline(always)]
    fn raw(&mut self) -> Option<(Event<'a>, Span)> {
        loop {
            let (ev, span) = self.src.next()?.ok()?;
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
                Node::Scalar(v, style, loc(&span))
            }
            Event::MappingStart(_, 0, None) => Node::MapStart,
            Event::SequenceStart(_, 0, None) => Node::SeqStart,
            Event::MappingEnd => return Some(Node::MapEnd),
            Event::SequenceEnd => return Some(Node::SeqEnd),
            _ => return None,
        };
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(node)
    }

    /// The next key of a mapping: a plain scalar; `Ok(None)` at the mapping's end.
    fn key(&mut self) -> Option<Option<std::borrow::Cow<'a, str>>> {
        match self.node()? {
            Node::MapEnd => Some(None),
            Node::Scalar(k, ScalarStyle::Plain, _) => Some(Some(k)),
            _ => None,
        }
    }

    fn map_start(&mut self) -> Option<()> {
        matches!(self.node()?, Node::MapStart).then_some(())
    }

    /// A scalar read as a string the way serde-saphyr reads it into `String`: any style; a
    /// plain null-like value (empty, `~`, `null`) is refused.
    fn string(&mut self) -> Option<Sp<String>> {
        match self.node()? {
            Node::Scalar(v, style, at) => {
                if style == ScalarStyle::Plain && matches!(&*v, "" | "~" | "null" | "Null" | "NULL")
                {
                    return None;
                }
                Some(Sp {
                    value: v.into_owned(),
                    loc: at,
                })
            }
            _ => None,
        }
    }

    /// A plain scalar, its text and place.
    fn plain(&mut self) -> Option<(std::borrow::Cow<'a, str>, Loc)> {
        match self.node()? {
            Node::Scalar(v, ScalarStyle::Plain, at) => Some((v, at)),
            _ => None,
        }
    }

    /// A rating: a plain single digit or `n/a`.
    fn rating(&mut self) -> Option<Sp<Rating>> {
        let (v, loc) = self.plain()?;
        let value = match v.as_bytes() {
            [d @ b'0'..=b'9'] => Rating::Level(d - b'0'),
            b"n/a" => Rating::NotApplicable,
            _ => return None,
        };
        Some(Sp { value, loc })
    }

    /// A format number: plain decimal digits without a leading zero.
    fn number(&mut self) -> Option<Sp<u32>> {
        let (v, loc) = self.plain()?;
        let b = v.as_bytes();
        if b.is_empty() || !b.iter().all(u8::is_ascii_digit) || (b.len() > 1 && b[0] == b'0') {
            return None;
        }
        Some(Sp {
            value: v.parse().ok()?,
            loc,
        })
    }

    fn flag(&mut self) -> Option<Sp<Flag>> {
        let s = self.string()?;
        let value = match s.value.as_str() {
            "true" => Flag::Bool(true),
            "false" => Flag::Bool(false),
            _ => Flag::Other(s.value),
        };
        Some(Sp { value, loc: s.loc })
    }

    /// A plain scalar naming a unit variant of `T` (`method.kind`, `action.status`): the names
    /// come from `T`'s own serde derive, so they cannot drift from the slow path's.
    fn variant<T: serde::de::DeserializeOwned>(&mut self) -> Option<Sp<T>> {
        use serde::de::value::{Error, StrDeserializer};
        let (v, loc) = self.plain()?;
        let value = T::deserialize(StrDeserializer::<Error>::new(&v)).ok()?;
        Some(Sp { value, loc })
    }
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

fn file(r: &mut Reader) -> Option<AssessmentFile> {
    r.map_start()?;
    let (mut format, mut classification, mut set, mut organisation) = (None, None, None, None);
    let (mut assessor, mut scope, mut segment, mut method) = (None, None, None, None);
    let (mut profile, mut created, mut updated, mut position) = (None, None, None, None);
    let (mut answers, mut vanished, mut signoffs) = (None, None, None);
    while let Some(k) = r.key()? {
        match &*k {
            "format" => once(&mut format, r.number())?,
            "classification" => once(&mut classification, r.string())?,
            "set" => once(&mut set, set_ref(r))?,
            "organisation" => once(&mut organisation, r.string())?,
            "assessor" => once(&mut assessor, r.string())?,
            "scope" => once(&mut scope, r.string())?,
            "segment" => once(&mut segment, r.string())?,
            "method" => once(&mut method, method_of(r))?,
            "profile" => once(&mut profile, r.string())?,
            "created" => once(&mut created, r.string())?,
            "updated" => once(&mut updated, r.string())?,
            "position" => once(&mut position, r.string())?,
            "answers" => once(&mut answers, list_of(r, answer))?,
            "vanished" => once(&mut vanished, list_of(r, answer))?,
            "signoffs" => once(&mut signoffs, list_of(r, signoff))?,
            _ => return None,
        }
    }
    Some(AssessmentFile {
        format: format?,
        classification,
        set: set?,
        organisation: organisation?,
        assessor,
        scope,
        segment,
        method,
        profile: profile?,
        created,
        updated,
        position,
        answers: answers.unwrap_or_default(),
        vanished: vanished.unwrap_or_default(),
        signoffs: signoffs.unwrap_or_default(),
    })
}

fn set_ref(r: &mut Reader) -> Option<SetRef> {
    r.map_start()?;
    let (mut id, mut version, mut sha256) = (None, None, None);
    while let Some(k) = r.key()? {
        match &*k {
            "id" => once(&mut id, r.string())?,
            "version" => once(&mut version, r.string())?,
            "sha256" => once(&mut sha256, r.string())?,
            _ => return None,
        }
    }
    Some(SetRef {
        id: id?,
        version: version?,
        sha256: sha256?,
    })
}

fn method_of(r: &mut Reader) -> Option<Method> {
    r.map_start()?;
    let (mut kind, mut evidence_sighted, mut note) = (None, None, None);
    while let Some(k) = r.key()? {
        match &*k {
            "kind" => once(&mut kind, r.variant::<MethodKind>())?,
            "evidence_sighted" => once(&mut evidence_sighted, r.flag())?,
            "note" => once(&mut note, r.string())?,
            _ => return None,
        }
    }
    Some(Method {
        kind: kind?,
        evidence_sighted: evidence_sighted?,
        note,
    })
}

/// A list of mappings, each read by `item` (its mapping's start is read).
fn list_of<T>(r: &mut Reader, item: fn(&mut Reader) -> Option<T>) -> Option<Vec<T>> {
    if !matches!(r.node()?, Node::SeqStart) {
        return None;
    }
    let mut list = Vec::new();
    loop {
        match r.node()? {
            Node::SeqEnd => return Some(list),
            Node::MapStart => list.push(item(r)?),
            _ => return None,
        }
    }
}

/// One answer; its mapping's start is read.
fn answer(r: &mut Reader) -> Option<Answer> {
    let (mut id, mut rating, mut justification, mut note) = (None, None, None, None);
    let (mut evidence, mut action, mut disputed) = (None, None, None);
    while let Some(k) = r.key()? {
        match &*k {
            "id" => once(&mut id, r.string())?,
            "rating" => once(&mut rating, r.rating())?,
            "justification" => once(&mut justification, r.string())?,
            "note" => once(&mut note, r.string())?,
            "evidence" => once(&mut evidence, r.string())?,
            "action" => once(&mut action, action_of(r))?,
            "disputed" => once(&mut disputed, disputed_of(r))?,
            _ => return None,
        }
    }
    Some(Answer {
        id: id?,
        rating: rating?,
        justification,
        note,
        evidence,
        action,
        disputed,
    })
}

fn action_of(r: &mut Reader) -> Option<Action> {
    r.map_start()?;
    let (mut owner, mut due, mut status, mut effort) = (None, None, None, None);
    while let Some(k) = r.key()? {
        match &*k {
            "owner" => once(&mut owner, r.string())?,
            "due" => once(&mut due, r.string())?,
            "status" => once(&mut status, r.variant::<ActionStatus>())?,
            "effort" => once(&mut effort, r.string())?,
            _ => return None,
        }
    }
    Some(Action {
        owner,
        due,
        status: status?,
        effort,
    })
}

fn disputed_of(r: &mut Reader) -> Option<Disputed> {
    r.map_start()?;
    let (mut a, mut b) = (None, None);
    while let Some(k) = r.key()? {
        match &*k {
            "a" => once(&mut a, r.rating())?,
            "b" => once(&mut b, r.rating())?,
            _ => return None,
        }
    }
    Some(Disputed { a, b })
}

fn signoff(r: &mut Reader) -> Option<Signoff> {
    let (mut name, mut role, mut date, mut statement, mut hash) = (None, None, None, None, None);
    while let Some(k) = r.key()? {
        match &*k {
            "name" => once(&mut name, r.string())?,
            "role" => once(&mut role, r.string())?,
            "date" => once(&mut date, r.string())?,
            "statement" => once(&mut statement, r.string())?,
            "answers_sha256" => once(&mut hash, r.string())?,
            _ => return None,
        }
    }
    Some(Signoff {
        name: name?,
        role: role?,
        date: date?,
        statement,
        answers_sha256: hash?,
    })
}

/// How the fast path and serde-saphyr compare on `text` (for tests and the fuzz target):
/// `Ok(true)` when the fast path read it and serde-saphyr read the same value with the same
/// places, `Ok(false)` when the fast path declined, `Err` (both results) when they differ or
/// serde-saphyr refused what the fast path read.
pub fn agrees_with_serde_saphyr(text: &str) -> Result<bool, String> {
    crate::load::agrees_with_serde_saphyr(parse(text), text, "a.yaml")
}

/// How the two sources of events compare on `text` (for tests and the fuzz target): `Ok(true)`
/// when the scanner (src/fastscan.rs) read the whole text, yields granit-parser's events
/// ([`crate::fastscan::agrees_with_parser`]) and the reader makes the same of both (the same
/// file with the same places, or nothing of either); `Ok(false)` when the scanner declined;
/// `Err` saying where they part otherwise.
pub fn scanner_agrees(text: &str) -> Result<bool, String> {
    if !crate::fastscan::agrees_with_parser(text)? {
        return Ok(false);
    }
    let places = |a: &AssessmentFile| crate::compact::to_parts(a).map_err(|e| e.to_string());
    match (parse_scanned(text), parse_parsed(text)) {
        (None, None) => Ok(true),
        (Some(a), Some(b)) if places(&a)? == places(&b)? => Ok(true),
        (a, b) => Err(format!(
            "the reader makes different files of the scanner's and the parser's events:\nscanner: {a:?}\nparser:  {b:?}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file with every key, in several scalar styles.
    const FULL: &str = r#"# a comment
format: 1
classification: 'TLP:AMBER'
set:
  id: bsi-laender-kooperation
  version: "2026.2"
  sha256: 7eaf5f84811b04cafaf79f95f101446bbff2f6ba9fdfb3110b929ac1dbc255be
organisation: Gemeinde Süd – Hauptamt & IT   # trailing comment
assessor: "Jana \"J\" Köhler\n(ISB)"
scope: >
  Rathaus und
  Serverraum
segment: |
  Landkreis
method: {kind: self-assessment, evidence_sighted: yes, note: 'it''s'}
profile: standard
created: 2026-10-05
updated: 2026-11-20
position: INF-02
answers:
  - id: INF-01
    rating: 4
    note: plain note
      over two lines
    evidence: 'Postfach'
    action:
      owner: IT-Leitung
      due: 2027-01-15
      status: in-progress
      effort: 5 PT
    disputed: {}
  - {id: INF-02, rating: n/a, justification: trifft nicht zu}
  - id: INF-03
    rating: 9
    disputed:
      a: 2
      b: n/a
vanished:
  - id: OLD-01
    rating: 0
signoffs:
  - name: Dr. Anna Beispiel
    role: Bürgermeisterin
    date: 2026-11-21
    statement: Freigegeben.
    answers_sha256: "0000000000000000000000000000000000000000000000000000000000000000"
"#;

    fn agrees(text: &str) -> bool {
        agrees_with_serde_saphyr(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    #[test]
    fn every_key_and_style_reads_as_serde_saphyr_reads_it() {
        assert!(agrees(FULL));
        let a = parse(FULL).unwrap();
        assert_eq!(
            a.method.as_ref().unwrap().evidence_sighted.value,
            Flag::Other("yes".into())
        );
        assert_eq!(a.answers[2].rating.value, Rating::Level(9));
        assert_eq!(a.vanished.len(), 1);
        assert_eq!(a.signoffs.len(), 1);
        assert!(agrees(&format!("---\n{FULL}...\n")));
        let empty = "format: 1\nset: {id: a, version: b, sha256: c}\norganisation: o\nprofile: p\nanswers: []\n";
        assert!(agrees(empty));
        assert!(agrees(
            "format: 1\nset: {id: a, version: b, sha256: c}\norganisation: o\nprofile: p\n"
        ));
    }

    #[test]
    fn the_unusual_falls_back_to_serde_saphyr() {
        let minimal =
            "format: 1\nset: {id: a, version: b, sha256: c}\norganisation: o\nprofile: p\n";
        assert!(parse(minimal).is_some());
        for (what, text) in [
            (
                "anchor and alias",
                minimal.replace("organisation: o", "organisation: &o o\nscope: *o"),
            ),
            (
                "tag",
                minimal.replace("organisation: o", "organisation: !!str o"),
            ),
            (
                "local tag",
                minimal.replace("organisation: o", "organisation: !x o"),
            ),
            ("duplicate key", format!("{minimal}profile: q\n")),
            ("unknown key", format!("{minimal}profiel: q\n")),
            ("missing key", minimal.replace("profile: p\n", "")),
            (
                "null value",
                minimal.replace("organisation: o", "organisation: ~"),
            ),
            (
                "empty value",
                minimal.replace("organisation: o", "organisation:"),
            ),
            ("null option", format!("{minimal}scope: null\n")),
            (
                "quoted key",
                minimal.replace("organisation:", "\"organisation\":"),
            ),
            ("quoted format", minimal.replace("format: 1", "format: '1'")),
            (
                "format with sign",
                minimal.replace("format: 1", "format: +1"),
            ),
            (
                "format with zero",
                minimal.replace("format: 1", "format: 01"),
            ),
            ("hex format", minimal.replace("format: 1", "format: 0x1")),
            (
                "quoted rating",
                format!("{minimal}answers:\n  - id: A\n    rating: '3'\n"),
            ),
            (
                "NA rating",
                format!("{minimal}answers:\n  - id: A\n    rating: NA\n"),
            ),
            (
                "two-digit rating",
                format!("{minimal}answers:\n  - id: A\n    rating: 10\n"),
            ),
            (
                "quoted kind",
                format!("{minimal}method: {{kind: 'audit', evidence_sighted: true}}\n"),
            ),
            (
                "unknown status",
                format!("{minimal}answers:\n  - {{id: A, rating: 1, action: {{status: later}}}}\n"),
            ),
            ("answers null", format!("{minimal}answers:\n")),
            ("answers map", format!("{minimal}answers: {{}}\n")),
            ("two documents", format!("{minimal}---\n{minimal}")),
            ("directive", format!("%YAML 1.2\n---\n{minimal}")),
            (
                "merge key",
                format!("{minimal}method: {{<<: {{kind: audit}}, evidence_sighted: true}}\n"),
            ),
            ("bom inside", format!("{minimal}scope: a\u{feff}b\n")),
            ("parse error", format!("{minimal}scope: [\n")),
            ("not a mapping", "- a\n".to_owned()),
        ] {
            assert_eq!(agrees_with_serde_saphyr(&text), Ok(false), "{what}: {text}");
        }
    }

    #[test]
    fn many_comments_read_as_serde_saphyr_reads_them() {
        let minimal =
            "format: 1\nset: {id: a, version: b, sha256: c}\norganisation: o\nprofile: p\n";
        for n in [1, 15, 16, 17, 31, 32, 33, 40, 100] {
            let block = "# c\n".repeat(n);
            for text in [
                format!("{block}{minimal}"),
                format!("{minimal}{block}"),
                minimal.replace("organisation: o\n", &format!("organisation:\n{block}  o\n")),
                minimal.replace("set: {id: a,", &format!("set: {{\n{block} id: a,")),
                minimal.replace("profile: p", &format!("profile: p {}", "#".repeat(n))),
            ] {
                assert!(agrees_with_serde_saphyr(&text).is_ok(), "{n}: {text}");
            }
        }
        // 33 comments between a key and its value: serde-saphyr refuses ("too many comments"),
        // the parser without comment events would accept; the fast path must decline.
        let text = minimal.replace(
            "organisation: o\n",
            &format!("organisation:\n{}  o\n", "# c\n".repeat(33)),
        );
        assert!(
            crate::load::parse_yaml::<AssessmentFile>(&text, "a", crate::i18n::Lang::En).is_err()
        );
        let mut quiet = parser_options();
        quiet.emit_comments = false;
        assert!(Parser::with_options(StrInput::new(&text), quiet).all(|e| e.is_ok()));
        assert!(parse(&text).is_none());
    }

    #[test]
    fn escapes_that_grow_past_the_scalar_budget_fall_back() {
        // `\L` is 2 bytes of source and 3 of value: 5.6 MB of file, 8.4 MB of scalars,
        // over serde-saphyr's budget of 8 MiB.
        let minimal =
            "format: 1\nset: {id: a, version: b, sha256: c}\norganisation: o\nprofile: p\n";
        let text = format!("{minimal}scope: \"{}\"\n", "\\L".repeat(2_800_000));
        assert!(
            crate::load::parse_yaml::<AssessmentFile>(&text, "a", crate::i18n::Lang::En).is_err()
        );
        assert!(parse(&text).is_none());
        // Below the budget both read it.
        let text = format!("{minimal}scope: \"{}\"\n", "\\L".repeat(100_000));
        assert_eq!(agrees_with_serde_saphyr(&text), Ok(true));
    }

    #[test]
    fn places_are_serde_saphyrs() {
        let a = parse(FULL).unwrap();
        // `organisation: Gemeinde Süd …` on line 8: the value starts at column 15.
        assert_eq!(
            (a.organisation.loc.line, a.organisation.loc.column),
            (8, 15)
        );
        let off = a.organisation.loc.offset.unwrap();
        assert_eq!(
            &FULL[off..off + a.organisation.loc.len],
            "Gemeinde Süd – Hauptamt & IT"
        );
    }
}
