//! Making user text safe to show: control characters (C0 except line feed and tab, DEL, C1)
//! and bidirectional overrides are replaced by a visible form, so that no input can retitle,
//! clear or rewrite a terminal, or reorder what a report or terminal shows.

use std::borrow::Cow;

/// Whether `c` is a bidirectional embedding, override or isolate (U+202A–U+202E,
/// U+2066–U+2069): characters that reorder the text around them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is a control character a terminal acts on: C0 except `\n` and `\t`, DEL, C1.
pub fn is_terminal_control(c: char) -> bool {
    (c < ' ' && c != '\n' && c != '\t') || ('\u{7f}'..='\u{9f}').contains(&c)
}

/// Whether `s` has a character for which `bad` holds, where `bad` is one of the checks here
/// (control characters, bidi controls). Each of those characters starts with a byte
/// [`may_start_bad`] knows (a test checks every character), so the text is scanned in blocks
/// for such bytes, and only characters starting with one are decoded and checked: a report of
/// 200 KB costs a fraction of what `chars().any` does.
fn any_char(s: &str, bad: impl Fn(char) -> bool) -> bool {
    const BLOCK: usize = 64;
    let b = s.as_bytes();
    for (n, block) in b.chunks(BLOCK).enumerate() {
        // No early exit inside a block: the compiler turns this into vector compares.
        if !block.iter().fold(false, |m, &x| m | may_start_bad(x)) {
            continue;
        }
        // Where two more bytes follow the block, each byte is tested again with the two after
        // it, so that dashes, quotes, arrows and the middle dot (E2 80 93, E2 80 9E, E2 86 92,
        // C2 B7) do not send the block to the slow path below.
        let (start, end) = (n * BLOCK, n * BLOCK + block.len());
        let hit = match (b.get(start + 1..end + 1), b.get(start + 2..end + 2)) {
            (Some(second), Some(third)) => block
                .iter()
                .zip(second)
                .zip(third)
                .fold(false, |m, ((&x, &y), &z)| m | may_be_bad(x, y, z)),
            _ => true,
        };
        if !hit {
            continue;
        }
        // German quotes and dashes (U+201E, U+2013: 0xE2 …) send many blocks here: visit only
        // the bytes that may start a refused character, one bit each.
        let mut starts = block
            .iter()
            .enumerate()
            .fold(0u64, |m, (j, &x)| m | (u64::from(may_start_bad(x)) << j));
        while starts != 0 {
            let j = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            // A byte `may_start_bad` accepts is ASCII or a lead byte: a character starts here.
            if let Some(c) = s[n * BLOCK + j..].chars().next()
                && bad(c)
            {
                return true;
            }
        }
    }
    false
}

/// Whether a character starting with byte `x` can be one the checks here refuse: C0 controls
/// other than line feed and tab, DEL, C1 (U+0080–U+009F: 0xC2 …), bidi controls (U+202A–U+202E,
/// U+2066–U+2069: 0xE2 …).
const fn may_start_bad(x: u8) -> bool {
    (x < 0x20 && x != b'\n' && x != b'\t') || x == 0x7f || x == 0xc2 || x == 0xe2
}

/// Whether the bytes `x`, `y`, `z` can start a character the checks here refuse: a C0 control
/// other than line feed and tab, DEL, a C1 control (C2 80–9F) or a bidi control (E2 80 AA–AE,
/// E2 81 A6–A9). Exact for the characters starting with 0xC2 and 0xE2; plain operations, so
/// that a fold over a block becomes vector compares.
const fn may_be_bad(x: u8, y: u8, z: u8) -> bool {
    let c0 = (x < 0x20) & (x != b'\n') & (x != b'\t');
    let del = x == 0x7f;
    let c1 = (x == 0xc2) & (y >= 0x80) & (y <= 0x9f);
    let bidi = (x == 0xe2)
        & (((y == 0x80) & (z >= 0xaa) & (z <= 0xae)) | ((y == 0x81) & (z >= 0xa6) & (z <= 0xa9)));
    c0 | del | c1 | bidi
}

/// The visible form on a terminal: `\u001b`, `\u202e`. It is also a valid JSON escape of the
/// same character, so JSON printed through it stays the same data.
fn push_visible(out: &mut String, c: char) {
    use std::fmt::Write as _;
    let _ = write!(out, "\\u{:04x}", c as u32);
}

/// `s` for a terminal: every control character and bidi override shown visibly (`\u001b`,
/// `\u202e`); line feeds and tabs stay.
pub fn terminal(s: &str) -> Cow<'_, str> {
    if !any_char(s, |c| is_terminal_control(c) || is_bidi_control(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_terminal_control(c) || is_bidi_control(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Like [`terminal`], but keeps colour sequences (`ESC [ digits ; … m`, SGR), which can only
/// change colours: for output that cyberkompass itself coloured. Everything else that starts
/// with ESC (titles, clearing, cursor movement, hyperlinks) is shown visibly.
pub fn terminal_keep_colour(s: &str) -> Cow<'_, str> {
    if !any_char(s, |c| is_terminal_control(c) || is_bidi_control(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '\x1b'
            && let Some(len) = sgr_len(rest)
        {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
            continue;
        }
        if is_terminal_control(c) || is_bidi_control(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Length of an SGR sequence `ESC [ [0-9;]* m` at the start of `s`.
fn sgr_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 3 || b[0] != 0x1b || b[1] != b'[' {
        return None;
    }
    let body = b[2..]
        .iter()
        .take_while(|c| c.is_ascii_digit() || **c == b';')
        .count();
    (body <= 32 && b.get(2 + body) == Some(&b'm')).then_some(3 + body)
}

/// `s` for a Markdown or HTML report: control characters (other than line feed and tab) and
/// bidi overrides shown visibly as `[U+202E]`.
pub fn report(s: &str) -> Cow<'_, str> {
    let bad = |c: char| is_terminal_control(c) || is_bidi_control(c);
    if !any_char(s, bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if bad(c) {
            use std::fmt::Write as _;
            let _ = write!(out, "[U+{:04X}]", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with DEL, C1 controls and bidi overrides written as `\uXXXX` escapes: the same
/// data, but nothing a terminal acts on. (serde_json already escapes C0.) Valid only because
/// these characters can stand in JSON text only inside strings.
pub fn json(s: &str) -> Cow<'_, str> {
    let bad = |c: char| ('\u{7f}'..='\u{9f}').contains(&c) || is_bidi_control(c);
    if !any_char(s, bad) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if bad(c) {
            use std::fmt::Write as _;
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text in which no character is left that a terminal acts on (no control character other
/// than line feed and tab, no bidi control), made only by [`report_shown`] and [`json_shown`]:
/// the terminal filter of `Ctx::print` ([`terminal`]) would change nothing in it, so
/// it is written as it stands (`Ctx::print_shown`) instead of being scanned a second time.
#[derive(Debug)]
pub struct Shown(String);

impl Shown {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `s` changed by `f` where `f` changes it; else `s` itself, not copied.
fn changed_or_kept(s: String, f: impl Fn(&str) -> Cow<'_, str>) -> String {
    match f(&s) {
        Cow::Owned(c) => c,
        Cow::Borrowed(_) => s,
    }
}

/// A Markdown or HTML report, [`report`] applied: it refuses exactly what the terminal filter
/// refuses, and writes it as printable ASCII (`[U+202E]`).
pub fn report_shown(s: String) -> Shown {
    Shown(changed_or_kept(s, report))
}

/// A JSON report, [`json`] applied, and any C0 control character other than line feed and tab
/// written as a `\u00xx` escape as well (the form the terminal filter shows it in). The report's
/// JSON writer already escapes every C0 control inside strings and writes none outside them, so
/// for its output this is [`json`] byte for byte (a test checks both).
pub fn json_shown(s: String) -> Shown {
    let bad = |c: char| is_terminal_control(c) || is_bidi_control(c);
    Shown(changed_or_kept(s, |s: &str| {
        if !any_char(s, bad) {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len() + 16);
        for c in s.chars() {
            if bad(c) {
                push_visible(&mut out, c);
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_check_decodes_every_character_a_check_refuses() {
        let json_bad = |c: char| ('\u{7f}'..='\u{9f}').contains(&c) || is_bidi_control(c);
        let bad = |c: char| is_terminal_control(c) || is_bidi_control(c);
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            if bad(c) || json_bad(c) {
                let mut buf = [0; 4];
                let bytes = c.encode_utf8(&mut buf).as_bytes();
                assert!(may_start_bad(bytes[0]), "{c:?}");
                let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
                assert!(may_be_bad(bytes[0], at(1), at(2)), "{c:?}");
            }
        }
        let long = "ä – „x“ ".repeat(40);
        for s in [
            "",
            "abc\n\t",
            "äöü – „x“",
            "a\u{1b}b",
            "ä\u{202e}",
            "\u{85}",
            "x\r",
            &long,
            &format!("{long}\u{2066}"),
            &format!("{long}\u{9f}{long}"),
        ] {
            assert_eq!(any_char(s, bad), s.chars().any(bad), "{s:?}");
            assert_eq!(any_char(s, json_bad), s.chars().any(json_bad), "{s:?}");
        }
    }

    proptest::proptest! {
        /// What [`report_shown`] and [`json_shown`] return is what the terminal filter lets
        /// through unchanged, and the same text as the two passes (report or JSON filter, then
        /// the terminal filter) gave before: any text for a report, any string in JSON.
        #[test]
        fn shown_text_needs_no_terminal_filter(
            s in "(\\PC|[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}]|\\x1b\\[1;31m){0,24}",
        ) {
            let shown = report_shown(s.clone());
            let twice = terminal(&report(&s)).into_owned();
            proptest::prop_assert!(matches!(terminal(shown.as_str()), Cow::Borrowed(_)));
            proptest::prop_assert_eq!(shown.as_str(), twice.as_str());
            let j = crate::report::json::to_string_pretty(&[s.as_str(), "x"], 64).unwrap_or_default();
            let shown = json_shown(j.clone());
            let twice = terminal(&json(&j)).into_owned();
            proptest::prop_assert!(matches!(terminal(shown.as_str()), Cow::Borrowed(_)));
            proptest::prop_assert_eq!(shown.as_str(), twice.as_str());
            let once = json(&j).into_owned();
            proptest::prop_assert_eq!(shown.as_str(), once.as_str());
        }

        /// The block scan agrees with decoding every character, wherever in a block the refused
        /// character stands and whatever German text surrounds it.
        #[test]
        fn the_block_scan_agrees_with_every_character(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "ä", "–", "„", "“", "…", "\u{202e}", "\u{2066}", "\u{85}", "\u{9f}",
                    "\u{7f}", "\x1b", "\r", "\n", "\t", "€", "😀", "\u{a0}", "\u{2028}",
                ]),
                0..200,
            )
        ) {
            let s: String = parts.concat();
            let json_bad = |c: char| ('\u{7f}'..='\u{9f}').contains(&c) || is_bidi_control(c);
            let bad = |c: char| is_terminal_control(c) || is_bidi_control(c);
            proptest::prop_assert_eq!(any_char(&s, bad), s.chars().any(bad));
            proptest::prop_assert_eq!(any_char(&s, json_bad), s.chars().any(json_bad));
        }

        /// One refused character (or none) anywhere in long text of characters that share its
        /// first bytes (dashes, quotes, the ellipsis, U+2028 next to the bidi controls, NBSP
        /// and the middle dot next to the C1 controls): found in every block and at the end.
        #[test]
        fn one_refused_character_in_long_text_is_found(
            good in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "–", "„", "“", "…", "\u{2028}", "\u{2029}", "\u{2065}", "\u{206a}",
                    "\u{a0}", "·", "\u{201f}", "\u{2029}", "ä", "\n", "\t",
                ]),
                0..300,
            ),
            at in 0usize..300,
            bad in proptest::sample::select(vec![
                "", "\u{202a}", "\u{202e}", "\u{2066}", "\u{2069}", "\u{80}", "\u{9f}", "\u{85}",
                "\u{7f}", "\x1b", "\r", "\x00",
            ]),
        ) {
            let at = at.min(good.len());
            let s = format!("{}{bad}{}", good[..at].concat(), good[at..].concat());
            let json_bad = |c: char| ('\u{7f}'..='\u{9f}').contains(&c) || is_bidi_control(c);
            let bad = |c: char| is_terminal_control(c) || is_bidi_control(c);
            proptest::prop_assert_eq!(any_char(&s, bad), s.chars().any(bad));
            proptest::prop_assert_eq!(any_char(&s, json_bad), s.chars().any(json_bad));
        }
    }

    #[test]
    fn terminal_escapes_titles_clears_and_overrides() {
        let s = "Amt\x1b]0;pwned\x07\x1b[2J\u{9b}31m\r\u{202e}gnp.exe\u{2066}\nnext\tcol\x7f";
        let t = terminal(s);
        assert!(
            !t.chars()
                .any(|c| is_terminal_control(c) || is_bidi_control(c))
        );
        assert_eq!(
            t,
            "Amt\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m\\u000d\\u202egnp.exe\\u2066\nnext\tcol\\u007f"
        );
        assert!(matches!(terminal("plain Ä text\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn colour_is_kept_but_nothing_else() {
        let s = "\x1b[1mbold\x1b[0m \x1b[2J \x1b]8;;http://x\x1b\\";
        assert_eq!(
            terminal_keep_colour(s),
            "\x1b[1mbold\x1b[0m \\u001b[2J \\u001b]8;;http://x\\u001b\\"
        );
    }

    #[test]
    fn reports_show_overrides_in_brackets() {
        assert_eq!(
            report("a\u{202e}b\x1bc\r\n"),
            "a[U+202E]b[U+001B]c[U+000D]\n"
        );
    }

    #[test]
    fn terminal_form_of_json_is_the_same_json() {
        let v = serde_json::json!({"o": "a\u{202e}b\u{85}c\x1b\u{7f}"});
        let text = serde_json::to_string(&v).unwrap();
        let back: serde_json::Value = serde_json::from_str(&terminal(&text)).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn json_keeps_the_data() {
        let v = serde_json::json!({"o": "a\u{202e}b\u{85}c\x1b"});
        let text = serde_json::to_string(&v).unwrap();
        let safe = json(&text);
        assert!(
            !safe
                .chars()
                .any(|c| is_terminal_control(c) || is_bidi_control(c))
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, v);
    }
}
