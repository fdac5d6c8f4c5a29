//! OSCAL 1.1.3 both ways, as pure functions without I/O: `export` turns a checklist set, an
//! assessment and its score into a catalog, assessment-results and a plan of action and
//! milestones (JSON strings); `import` turns an OSCAL catalog (and a simple profile) into the
//! files of a checklist set. Shared here: the project's namespace, deterministic UUIDs and the
//! escaping of user text into OSCAL's markup and string types.

pub mod check;
pub mod export;
pub mod import;

use uuid::Uuid;

/// The OSCAL version written (the version the BSI's Grundschutz++ catalogs use).
pub const OSCAL_VERSION: &str = "1.1.3";

/// The namespace of every prop and part cyberkompass defines. Fixed forever: tools match on it.
pub const NS: &str = "https://cyberkompass.invalid/ns/oscal";

/// The UUIDv5 namespace of all generated uuids: UUIDv5 of [`NS`] in the URL namespace.
pub fn namespace() -> Uuid {
    Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes())
}

/// A deterministic uuid (version 5) for a name made of parts; the parts are joined with a
/// separator that cannot occur in them unnoticed (each part is length-prefixed).
pub fn uuid5(parts: &[&str]) -> String {
    let mut name = String::new();
    for p in parts {
        name.push_str(&p.len().to_string());
        name.push(':');
        name.push_str(p);
        name.push('|');
    }
    Uuid::new_v5(&namespace(), name.as_bytes()).to_string()
}

/// Drops control characters (C0 except newline and tab, DEL, C1, line/paragraph separators,
/// BOM) and bidirectional overrides: they have no place in an exchange format and could
/// steer a terminal or reorder what a reader shows.
fn strip_controls(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !(((c as u32) < 0x20 && c != '\n' && c != '\t')
                || (0x7f..=0x9f).contains(&(c as u32))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}')
                || crate::sanitize::is_bidi_control(c))
        })
        .collect()
}

/// User text for an OSCAL `markup-multiline` field: controls dropped, Markdown and HTML
/// syntax and OSCAL's `{{ insert }}` braces backslash-escaped, so the text reads back as it
/// was written.
pub fn markup_multiline(s: &str) -> String {
    let s = strip_controls(s).replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| escape_markdown(l.trim_end()))
        .collect();
    lines.join("\n").trim().to_owned()
}

/// User text for an OSCAL `markup-line` field (titles): one line, whitespace collapsed,
/// no leading or trailing space, Markdown escaped.
pub fn markup_line(s: &str) -> String {
    escape_markdown(&one_line(s))
}

/// User text for an OSCAL `string` field (party names): one line, whitespace collapsed, no
/// leading or trailing space (OSCAL's `^\S(.*\S)?$`); `fallback` when nothing is left.
pub fn string_value(s: &str, fallback: &str) -> String {
    let v = one_line(s);
    if v.is_empty() { fallback.to_owned() } else { v }
}

fn one_line(s: &str) -> String {
    strip_controls(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Backslash-escapes what Markdown, HTML or OSCAL's parameter inserts would interpret.
pub fn escape_markdown(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '|'
                | '~'
                | '&'
                | '{'
                | '}'
                | '!'
        ) {
            o.push('\\');
        }
        o.push(c);
    }
    o
}

/// Undoes [`escape_markdown`] (for tests and readers of exported files).
pub fn unescape_markdown(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            if let Some(n) = it.next() {
                o.push(n);
            }
        } else {
            o.push(c);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text survives the markup escaping (up to dropped control characters and
        /// trimmed line ends), and no Markdown or HTML syntax character is left unescaped.
        #[test]
        fn markup_round_trips(s in "\\PC{0,80}(\n\\PC{0,40}){0,3}") {
            let m = markup_multiline(&s);
            let want: Vec<String> = strip_controls(&s)
                .split('\n')
                .map(|l| l.trim_end().to_owned())
                .collect();
            proptest::prop_assert_eq!(unescape_markdown(&m), want.join("\n").trim().to_owned());
            let mut prev_backslash = false;
            for c in m.chars() {
                if !prev_backslash {
                    proptest::prop_assert!(!"<>*_[]`|{}&#~!".contains(c), "unescaped {c:?} in {m:?}");
                }
                prev_backslash = c == '\\' && !prev_backslash;
            }
            let t = markup_line(&s);
            proptest::prop_assert!(!t.contains('\n') && t.trim() == t);
        }
    }

    #[test]
    fn uuids_are_v5_and_stable() {
        let a = uuid5(&["x", "y"]);
        assert_eq!(a, uuid5(&["x", "y"]));
        assert_ne!(a, uuid5(&["xy", ""]));
        assert_eq!(&a[14..15], "5");
    }

    #[test]
    fn hostile_text_is_escaped_and_restored() {
        let s = "<script>alert(1)</script> *bold* | {{ insert: param, x }}\nzweite Zeile\u{1b}[31m\u{202e}";
        let m = markup_multiline(s);
        assert!(m.contains("\\<script"));
        assert!(!m.replace("\\<", "").contains('<'));
        assert!(!m.contains('\u{1b}'));
        assert_eq!(
            unescape_markdown(&m),
            "<script>alert(1)</script> *bold* | {{ insert: param, x }}\nzweite Zeile[31m"
        );
        let t = markup_line("  a\n b  ");
        assert_eq!(t, "a b");
        assert_eq!(string_value(" \n ", "?"), "?");
    }
}

#[cfg(test)]
mod fixture_tests;
