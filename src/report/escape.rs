//! One escaper per output format of a report, shared by the templates and the charts: user
//! text can neither start markup nor break out of a Markdown table cell, an HTML element or
//! an attribute, nor an SVG text node (the charts are SVG inside the HTML).

/// Escapes user text for Markdown: nothing in it can start markup, break out of a table cell
/// or start a new line. Emphasis, code, links, HTML, entities and headings are neutralised.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
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

/// Escapes text for HTML content and quoted or unquoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
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

    #[test]
    fn html_escaping_is_attribute_safe() {
        assert_eq!(
            escape_html("<img src=x onerror=alert(1)>"),
            "&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"
        );
        assert_eq!(escape_html("\"'`&"), "&quot;&#x27;&#x60;&amp;");
    }
}
