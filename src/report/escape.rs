//! One escaper per output format of a report, shared by the templates and the charts: user
//! text can neither start markup nor break out of a Markdown table cell, an HTML element or
//! an attribute, nor an SVG text node (the charts are SVG inside the HTML).

/// Escapes user text for Markdown: nothing in it can start markup, break out of a table cell
/// or start a new line. Emphasis, code, links, HTML, entities and headings are neutralised.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    markdown_into(&mut out, s);
    out
}

/// [`escape_markdown`] appended to `out`. Runs of characters that stay as they are are copied
/// whole (the characters that change are all ASCII, or a C1 control).
pub fn markdown_into(out: &mut String, s: &str) {
    const MARKED: [bool; 256] = marked(b"\\`*_[]|~<>&", b"");
    let mut s = s.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    // At the start, these would begin a heading, a list or a setext underline.
    if let Some(x @ (b'#' | b'-' | b'+' | b'=')) = s.bytes().next() {
        out.push('\\');
        out.push(char::from(x));
        s = &s[1..];
    }
    escape_runs(out, s, &MARKED, |x| match x {
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'&' => "&amp;",
        b'\r' => "",
        // Line feed, tab and every other control character.
        0..=0x1f | 0x7f => " ",
        _ => "\\",
    });
}

/// Escapes text for HTML content and quoted or unquoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    html_into(&mut out, s);
    out
}

/// The bytes [`html_into`] may change.
const HTML_MARKED: [bool; 256] = marked(b"&<>\"'`=", b"\n\t");

/// Text for HTML as `{}` writes it: [`escape_html`] of it, without a String of its own when
/// nothing in it changes (most labels and ids of a chart).
pub struct Html<'a>(pub &'a str);

impl std::fmt::Display for Html<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.bytes().any(|b| HTML_MARKED[usize::from(b)]) {
            f.write_str(&escape_html(self.0))
        } else {
            f.write_str(self.0)
        }
    }
}

/// [`escape_html`] appended to `out`, copying unchanged runs whole like [`markdown_into`].
pub fn html_into(out: &mut String, s: &str) {
    escape_runs(out, s, &HTML_MARKED, |x| match x {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#x27;",
        b'`' => "&#x60;",
        b'=' => "&#x3D;",
        _ => " ",
    });
}

/// The bytes that may change: `special`, the ASCII control characters except `keep`, and 0xC2,
/// the first byte of the C1 controls (U+0080–U+009F, the only other characters `is_control`).
const fn marked(special: &[u8], keep: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[0x7f] = true;
    t[0xc2] = true;
    let mut j = 0;
    while j < special.len() {
        t[special[j] as usize] = true;
        j += 1;
    }
    let mut k = 0;
    while k < keep.len() {
        t[keep[k] as usize] = false;
        k += 1;
    }
    t
}

/// Appends `s` to `out`, each ASCII byte `marked` replaced by `swap(byte)` (`"\\"`: a backslash
/// before it) and each C1 control by a space.
fn escape_runs(out: &mut String, s: &str, marked: &[bool; 256], swap: impl Fn(u8) -> &'static str) {
    out.reserve(s.len());
    let b = s.as_bytes();
    let (mut run, mut i) = (0, 0);
    while i < b.len() {
        // Eight bytes at a time while none of them is marked (no branch per byte); a block
        // with a marked byte is gone through byte by byte.
        let end = match b.get(i..i + 8) {
            Some(block) if !block.iter().fold(false, |m, &x| m | marked[usize::from(x)]) => {
                i += 8;
                continue;
            }
            Some(_) => i + 8,
            None => b.len(),
        };
        while i < end {
            let x = b[i];
            if !marked[usize::from(x)] {
                i += 1;
                continue;
            }
            if x.is_ascii() {
                out.push_str(&s[run..i]);
                match swap(x) {
                    "\\" => {
                        out.push('\\');
                        out.push(char::from(x));
                    }
                    t => out.push_str(t),
                }
                i += 1;
                run = i;
                continue;
            }
            // 0xC2 starts a character here (it is a lead byte).
            let Some(c) = s[i..].chars().next() else {
                i = b.len();
                break;
            };
            if c.is_control() {
                out.push_str(&s[run..i]);
                out.push(' ');
                run = i + c.len_utf8();
            }
            i += c.len_utf8();
        }
    }
    out.push_str(&s[run..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(escape_markdown("a | b"), "a \\| b");
        assert_eq!(
            escape_markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape_markdown("# Titel"), "\\# Titel");
        assert_eq!(escape_markdown("C# ist ok"), "C# ist ok");
        assert_eq!(
            escape_markdown("`code` *fett* _k_"),
            "\\`code\\` \\*fett\\* \\_k\\_"
        );
        assert_eq!(escape_markdown("[x](http://e)"), "\\[x\\](http://e)");
        assert_eq!(escape_markdown("zwei\nZeilen\r\n"), "zwei Zeilen");
        assert_eq!(escape_markdown("A & B"), "A &amp; B");
        assert_eq!(escape_markdown("- Liste"), "\\- Liste");
        assert_eq!(escape_markdown("back\\slash"), "back\\\\slash");
        assert_eq!(escape_markdown("Ä ö ü ß"), "Ä ö ü ß");
    }

    proptest::proptest! {
        #[test]
        fn markdown_escape_never_breaks_a_cell(s in "\\PC*") {
            let e = escape_markdown(&s);
            proptest::prop_assert!(!e.contains('\n') && !e.contains('\r'));
            proptest::prop_assert!(!e.contains('<') && !e.contains('>'));
            // Every pipe and backtick is preceded by an odd number of backslashes.
            let b = e.as_bytes();
            for (i, c) in b.iter().enumerate() {
                if *c == b'|' || *c == b'`' {
                    let n = b[..i].iter().rev().take_while(|x| **x == b'\\').count();
                    proptest::prop_assert!(n % 2 == 1, "unescaped {} in {e:?}", *c as char);
                }
            }
            proptest::prop_assert!(!e.trim_start().starts_with('#'));
        }

        #[test]
        fn html_escape_leaves_no_markup(s in "\\PC*") {
            let e = escape_html(&s);
            for c in ['<', '>', '"', '\'', '`', '='] {
                proptest::prop_assert!(!e.contains(c));
            }
        }
    }

    /// The escapers as they were written first, a character at a time: the reference.
    fn markdown_reference(s: &str) -> String {
        let mut out = String::new();
        let trimmed = s.trim_matches(|c: char| c.is_whitespace() || c.is_control());
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\r' => {}
                '\n' | '\t' => out.push(' '),
                '#' | '-' | '+' | '=' if i == 0 => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }

    fn html_reference(s: &str) -> String {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#x27;"),
                '`' => out.push_str("&#x60;"),
                '=' => out.push_str("&#x3D;"),
                c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn escaping_in_runs_equals_the_reference(
            s in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::char::any(),
                    proptest::sample::select(vec![
                        '#', '-', '+', '=', '|', '\\', '<', '&', '\r', '\n', '\t', ' ',
                        '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}', '\u{a0}', 'ä', '–', '\u{202e}',
                    ]),
                ],
                0..24,
            )
        ) {
            let s: String = s.into_iter().collect();
            proptest::prop_assert_eq!(escape_markdown(&s), markdown_reference(&s));
            proptest::prop_assert_eq!(escape_html(&s), html_reference(&s));
            proptest::prop_assert_eq!(Html(&s).to_string(), html_reference(&s));
        }
    }

    #[test]
    fn html_escaping_is_attribute_safe() {
        assert_eq!(
            escape_html("<img src=x onerror=alert(1)>"),
            "&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"
        );
        assert_eq!(escape_html("\"'`&"), "&quot;&#x27;&#x60;&amp;");
    }
}
