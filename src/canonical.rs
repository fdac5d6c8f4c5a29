//! Canonical values only: numbers in the files must be written as plain YAML numbers in one
//! form (`3`, `0.8`), ratings as `0`–`5` or `n/a`, and no value carries a tag. The YAML reader
//! would also take `"3"`, `' 3'`, `0x3`, `+3`, `N/A`, or decode `!!binary` into any text; each
//! of these is a finding that names the place and the expected form, never a silent guess.
//! The checks read the written text of a value from its span in the source; tags are found by
//! the YAML parser's event stream ([`tags`]).

use crate::model::Loc;

/// The form a value must be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A whole number: decimal digits, no sign, no leading zero (`0`, `3`, `12`).
    Int,
    /// A decimal: `Int` optionally followed by `.` and digits (`1`, `0.8`, `0.6667`).
    Decimal,
    /// A rating: a digit `0`–`5` or `n/a`.
    Rating,
}

/// The text of the value at `loc` as written in `src`, and whether a tag (`!…`) stands
/// before it. None when the position is unknown (a value built in code).
pub fn written(src: &str, loc: Loc) -> Option<(&str, bool)> {
    let off = loc.offset?;
    let raw = src.get(off..off.checked_add(loc.len)?)?;
    let line_start = src[..off].rfind('\n').map_or(0, |i| i + 1);
    let before = src[line_start..off].trim_end();
    let tagged = before
        .rsplit([' ', '\t', '[', '{', ','])
        .next()
        .is_some_and(|tok| tok.starts_with('!'));
    Some((raw, tagged))
}

/// Whether `raw` is written in `form`.
pub fn is_canonical(raw: &str, form: Form) -> bool {
    let int = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    match form {
        Form::Int => int(raw),
        Form::Decimal => match raw.split_once('.') {
            None => int(raw),
            Some((i, f)) => int(i) && !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()),
        },
        Form::Rating => raw == "n/a" || (raw.len() == 1 && int(raw)),
    }
}

/// The written text when the value at `loc` is not in `form`; None when it is canonical or
/// its position is unknown. A tag before the value is not this check's business: [`tags`]
/// reports every tag on any value.
pub fn non_canonical(src: &str, loc: Loc, form: Form) -> Option<String> {
    let (raw, _) = written(src, loc)?;
    (!is_canonical(raw, form)).then(|| raw.to_owned())
}

/// A tag found in a YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagAt {
    /// The tag as written (`!!binary`, `!local`, `!<tag:yaml.org,2002:str>`).
    pub tag: String,
    /// Where the tag is written.
    pub loc: Loc,
    /// The key of the mapping entry it belongs to (`notes`), when it tags an entry's value.
    pub key: Option<String>,
    /// Whether it tags a mapping key rather than a value.
    pub on_key: bool,
}

/// Whether `src` may hold a tag: a `!` at the start of a line or after a space, tab, `[`,
/// `{` or `,` (a tag starts a node). Texts such as `Achtung!` do not need the second parse.
fn may_have_tag(src: &str) -> bool {
    let b = src.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        c == b'!' && (i == 0 || matches!(b[i - 1], b' ' | b'\t' | b'\n' | b'[' | b'{' | b','))
    })
}

/// Every tag in `src`, in order, with the key of the entry it belongs to. The parser's events
/// are read until the end or the first syntax error (which the reader reports on its own).
/// Cheap for a text without a `!` that could start a tag: no second parse then.
pub fn tags(src: &str) -> Vec<TagAt> {
    use granit_parser::{Event, Parser};
    let mut out = Vec::new();
    if !may_have_tag(src) {
        return out;
    }
    // For each open collection: a mapping's key of the entry being read (None while a key is
    // awaited), or a sequence with the key it stands under (its items belong to that key).
    enum Frame {
        Map { key: Option<String> },
        Seq { key: Option<String> },
    }
    let mut stack: Vec<Frame> = Vec::new();
    for ev in Parser::new_from_str(src) {
        let Ok((ev, span)) = ev else { break };
        let (tag, scalar) = match &ev {
            Event::Scalar(v, _, _, tag) => (tag.as_deref(), Some(v.as_ref())),
            Event::SequenceStart(_, _, tag) | Event::MappingStart(_, _, tag) => {
                (tag.as_deref(), None)
            }
            Event::Alias(_) => (None, None),
            Event::SequenceEnd | Event::MappingEnd => {
                stack.pop();
                if let Some(Frame::Map { key }) = stack.last_mut() {
                    *key = None;
                }
                continue;
            }
            _ => continue,
        };
        let (on_key, key) = match stack.last() {
            Some(Frame::Map { key: None }) => (true, None),
            Some(Frame::Map { key: Some(k) }) => (false, Some(k.clone())),
            Some(Frame::Seq { key }) => (false, key.clone()),
            None => (false, None),
        };
        if let Some(t) = tag {
            let at = span.tag_span().unwrap_or(span);
            let written = at.byte_range().and_then(|r| src.get(r));
            let offset = at.start.byte_offset();
            out.push(TagAt {
                tag: written.map_or_else(|| t.to_string(), str::to_owned),
                loc: Loc {
                    line: u32::try_from(at.start.line()).unwrap_or(u32::MAX),
                    column: u32::try_from(at.start.col() + 1).unwrap_or(u32::MAX),
                    offset,
                    len: written.map_or(0, str::len),
                },
                key: key.clone(),
                on_key,
            });
        }
        // The next node of a mapping is a key again after a value; a value after a key.
        let is_collection = scalar.is_none() && !matches!(ev, Event::Alias(_));
        if let Some(Frame::Map { key }) = stack.last_mut() {
            match (on_key, scalar) {
                (true, Some(v)) => *key = Some(v.to_owned()),
                (true, None) => *key = Some(String::new()),
                (false, _) if !is_collection => *key = None,
                (false, _) => {}
            }
        }
        match ev {
            Event::MappingStart(..) => stack.push(Frame::Map { key: None }),
            Event::SequenceStart(..) => stack.push(Frame::Seq { key }),
            _ => {}
        }
    }
    out
}

/// A decimal written in [`Form::Decimal`] as an exact count of ten-thousandths, or None when
/// it has more than four decimals (or is not a plain decimal).
pub fn permyriad(raw: &str) -> Option<u64> {
    if !is_canonical(raw, Form::Decimal) {
        return None;
    }
    let (i, f) = raw.split_once('.').unwrap_or((raw, ""));
    if f.len() > 4 || i.len() > 6 {
        return None;
    }
    let frac: u64 = format!("{f:0<4}").parse().ok()?;
    Some(i.parse::<u64>().ok()? * 10_000 + frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc_of(src: &str, needle: &str) -> Loc {
        let off = src.find(needle).unwrap();
        Loc {
            line: 1,
            column: 1,
            offset: Some(off),
            len: needle.len(),
        }
    }

    #[test]
    fn canonical_forms() {
        for ok in ["0", "3", "12"] {
            assert!(is_canonical(ok, Form::Int), "{ok}");
        }
        for bad in ["\"3\"", "' 3'", "0x3", "+3", "03", "3.0", "-1", "", "3 "] {
            assert!(!is_canonical(bad, Form::Int), "{bad}");
        }
        for ok in ["1", "0.8", "0.6667", "1.0"] {
            assert!(is_canonical(ok, Form::Decimal), "{ok}");
        }
        for bad in ["8e-1", ".8", "\"0.8\"", "+0.8", "0.", "00.8"] {
            assert!(!is_canonical(bad, Form::Decimal), "{bad}");
        }
        for ok in ["0", "5", "n/a"] {
            assert!(is_canonical(ok, Form::Rating), "{ok}");
        }
        for bad in ["N/A", "na", "\"n/a\"", "\"3\"", "03", "6x"] {
            assert!(!is_canonical(bad, Form::Rating), "{bad}");
        }
    }

    #[test]
    fn tags_are_seen_on_any_node_with_their_key() {
        let src = "a: 3\nnotes: !!binary aGVsbG8=\nlist:\n  - !local {x: 1}\n  - {y: !!str 2, z: [!!int 3]}\n!!str k: v\ntext: Achtung! nichts\n";
        let found: Vec<(String, u32, u32, Option<String>, bool)> = tags(src)
            .into_iter()
            .map(|t| (t.tag, t.loc.line, t.loc.column, t.key, t.on_key))
            .collect();
        let s = |x: &str| Some(x.to_owned());
        assert_eq!(
            found,
            [
                ("!!binary".into(), 2, 8, s("notes"), false),
                ("!local".into(), 4, 5, s("list"), false),
                ("!!str".into(), 5, 9, s("y"), false),
                ("!!int".into(), 5, 22, s("z"), false),
                ("!!str".into(), 6, 1, None, true),
            ]
        );
        let off = tags(src)[0].loc.offset.unwrap();
        assert_eq!(&src[off..off + 8], "!!binary");
        assert!(tags("a: 3\ntext: Achtung! Wichtig!\n").is_empty());
        // A tag on the value does not make a number non-canonical on its own: `tags` says it.
        let src = "a: !!int 3\n";
        assert_eq!(non_canonical(src, loc_of(src, "3"), Form::Int), None);
        assert_eq!(non_canonical("a: 3\n", Loc::default(), Form::Int), None);
    }

    #[test]
    fn permyriad_is_exact_to_four_decimals() {
        assert_eq!(permyriad("0.8"), Some(8000));
        assert_eq!(permyriad("1"), Some(10_000));
        assert_eq!(permyriad("0.6667"), Some(6667));
        assert_eq!(permyriad("0.0001"), Some(1));
        assert_eq!(permyriad("0.66666"), None);
        assert_eq!(permyriad("0.80004"), None);
        assert_eq!(permyriad("8e-1"), None);
    }
}
