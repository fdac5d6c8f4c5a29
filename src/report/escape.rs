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
    let s = s.trim_matches(|c: char| c.is_whitespace() || c.is_control());
    escape_runs(out, s, |i, b| match b {
        b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'|' | b'~' => Some(Swap::Escape),
        b'<' => Some(Swap::With("&lt;")),
        b'>' => Some(Swap::With("&gt;")),
        b'&' => Some(Swap::With("&amp;")),
        b'\r' => Some(Swap::With("")),
        b'#' | b'-' | b'+' | b'=' if i == 0 => Some(Swap::Escape),
        // Line feed, tab and every other control character.
        0..=0x1f | 0x7f => Some(Swap::With(" ")),
        _ => None,
    });
}

/// Escapes text for HTML content and quoted or unquoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    html_into(&mut out, s);
    out
}

/// [`escape_html`] appended to `out`, copying unchanged runs whole like [`markdown_into`].
pub fn html_into(out: &mut String, s: &str) {
    escape_runs(out, s, |_, b| match b {
        b'&' => Some(Swap::With("&amp;")),
        b'<' => Some(Swap::With("&lt;")),
        b'>' => Some(Swap::With("&gt;")),
        b'"' => Some(Swap::With("&quot;")),
        b'\'' => Some(Swap::With("&#x27;")),
        b'`' => Some(Swap::With("&#x60;")),
        b'=' => Some(Swap::With("&#x3D;")),
        b'\n' | b'\t' => None,
        0..=0x1f | 0x7f => Some(Swap::With(" ")),
        _ => None,
    });
}

/// What replaces an ASCII character.
enum Swap {
    /// A backslash before it.
    Escape,
    /// This text.
    With(&'static str),
}

/// Appends `s` to `out` with each ASCII byte for which `swap(index, byte)` says so replaced,
/// and every non-ASCII control character (C1) as a space.
fn escape_runs(out: &mut String, s: &str, swap: impl Fn(usize, u8) -> Option<Swap>) {
    out.reserve(s.len());
    let b = s.as_bytes();
    let (mut run, mut i) = (0, 0);
    while i < b.len() {
        let x = b[i];
        if x.is_ascii() {
            if let Some(w) = swap(i, x) {
                out.push_str(&s[run..i]);
                match w {
                    Swap::Escape => {
                        out.push('\\');
                        out.push(char::from(x));
                    }
                    Swap::With(t) => out.push_str(t),
                }
                run = i + 1;
            }
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if c.is_control() {
            out.push_str(&s[run..i]);
            out.push(' ');
            run = i + c.len_utf8();
        }
        i += c.len_utf8();
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
