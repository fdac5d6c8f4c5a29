//! CI report formats that are not GitHub's: GitLab's code-quality report (a JSON array of
//! issues with a stable fingerprint) and JUnit XML (one test case per check). The commands
//! build the entries; this module owns the formats, their escaping and the fingerprints.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::tr;
use sha2::{Digest, Sha256};

/// How bad a GitLab code-quality issue is (GitLab's five grades; cyberkompass uses two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CqSeverity {
    /// A warning.
    Minor,
    /// An error, a field that misses its target.
    Major,
}

/// One entry of a GitLab code-quality report, before its fingerprint is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CqIssue {
    /// What is wrong, in the chosen language.
    pub description: String,
    /// The rule (`cyberkompass/unknown-key`, `cyberkompass/gate`).
    pub check_name: String,
    /// The file, relative to the repository root as given.
    pub path: String,
    /// The line (1-based); GitLab needs one, so an unknown place is line 1.
    pub line: u32,
    /// Minor or major.
    pub severity: CqSeverity,
    /// What identifies the issue across runs besides rule and file (e.g. the field id or the
    /// offending value); the line is left out so that an edit above does not make it new.
    pub identity: String,
}

#[derive(Serialize)]
struct CqOut<'a, D: std::fmt::Display> {
    #[serde(serialize_with = "display")]
    description: D,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: CqSeverity,
    location: CqLocation<'a>,
}

/// Writes a text built by its `Display` (escaped like any JSON string) without a `String`.
fn display<D: std::fmt::Display, S: serde::Serializer>(d: &D, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

#[derive(Serialize)]
struct CqLocation<'a> {
    path: &'a str,
    lines: CqLines,
}

#[derive(Serialize)]
struct CqLines {
    begin: u32,
}

/// The fingerprints of a code-quality report: SHA-256 of rule, file and identity (each
/// followed by a zero byte) and the count of that triple so far. The triples seen are kept as
/// the first 16 bytes of their hash (a collision is as likely as one of SHA-256 itself), in a
/// table sized for the issues up front and hashed by those bytes themselves.
struct Fingerprints {
    seen: HashMap<u128, u32, std::hash::BuildHasherDefault<PrefixHasher>>,
    hex: [u8; 64],
}

impl Fingerprints {
    fn new(capacity: usize) -> Self {
        Fingerprints {
            seen: HashMap::with_capacity_and_hasher(capacity, Default::default()),
            hex: [0; 64],
        }
    }

    /// The fingerprint (64 hex digits) of the next issue with these parts; `rule` is written
    /// as the concatenation of its pieces.
    fn next(&mut self, rule: &[&str], path: &str, identity: &str) -> &str {
        let mut h = Sha256::new();
        for piece in rule {
            h.update(piece.as_bytes());
        }
        h.update([0]);
        for part in [path, identity] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        let key: [u8; 32] = h.clone().finalize().into();
        let mut k = [0u8; 16];
        k.copy_from_slice(&key[..16]);
        let n = self.seen.entry(u128::from_le_bytes(k)).or_insert(0);
        *n += 1;
        // The count in decimal, without a string.
        let (mut digits, mut i, mut m) = ([0u8; 10], 10, *n);
        loop {
            i -= 1;
            digits[i] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        h.update(&digits[i..]);
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for (i, b) in h.finalize().iter().enumerate() {
            self.hex[2 * i] = HEX[usize::from(b >> 4)];
            self.hex[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        std::str::from_utf8(&self.hex).unwrap_or_default()
    }
}

/// Hashes a `u128` key that is itself the prefix of a SHA-256: its low 64 bits are the hash.
#[derive(Default)]
struct PrefixHasher(u64);

impl std::hash::Hasher for PrefixHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u128(&mut self, i: u128) {
        self.0 = i as u64;
    }
}

/// Renders GitLab's code-quality report (`artifacts: reports: codequality:`). The fingerprint
/// is the SHA-256 of rule, file and identity (plus a counter when the same triple occurs more
/// than once), so the same finding keeps its fingerprint when lines move.
pub fn gitlab_code_quality(issues: &[CqIssue]) -> String {
    let mut v = Vec::new();
    let _ = write_code_quality(issues.iter().cloned(), &mut v);
    String::from_utf8(v).unwrap_or_else(|_| "[]\n".into())
}

/// Writes GitLab's code-quality report (see [`gitlab_code_quality`]) issue by issue to `w`:
/// memory holds one issue and the counters of the triples seen (their hashes), never the
/// whole report.
pub fn write_code_quality(
    issues: impl Iterator<Item = CqIssue>,
    mut w: impl std::io::Write,
) -> std::io::Result<()> {
    /// The issues, serialised once as a JSON array while they are produced.
    struct Stream<I>(std::cell::Cell<Option<I>>);
    impl<I: Iterator<Item = CqIssue>> Serialize for Stream<I> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let Some(issues) = self.0.take() else {
                return s.collect_seq(std::iter::empty::<()>());
            };
            let mut fp = Fingerprints::new(issues.size_hint().0);
            let mut seq = s.serialize_seq(None)?;
            for i in issues {
                let fingerprint = fp.next(&[&i.check_name], &i.path, &i.identity);
                seq.serialize_element(&CqOut {
                    description: &i.description,
                    check_name: &i.check_name,
                    fingerprint,
                    severity: i.severity,
                    location: CqLocation {
                        path: &i.path,
                        lines: CqLines {
                            begin: i.line.max(1),
                        },
                    },
                })?;
            }
            seq.end()
        }
    }
    serde_json::to_writer_pretty(&mut w, &Stream(std::cell::Cell::new(Some(issues))))
        .map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Writes the findings as GitLab's code-quality report to `w`, finding by finding: one issue per finding, errors
/// `major`, warnings `minor`, the hint after the message. Every text is borrowed from its
/// finding (no string per finding but the fingerprint's digits).
pub fn write_gitlab(
    f: &crate::diag::Findings,
    lang: crate::i18n::Lang,
    mut w: impl std::io::Write,
) -> std::io::Result<()> {
    /// The description of a finding: message, shown value, hint.
    struct Description<'a> {
        d: &'a crate::diag::Diagnostic,
        value_word: &'a str,
    }
    impl std::fmt::Display for Description<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let d = self.d;
            f.write_str(&d.message)?;
            if let Some(v) = d.value_to_show() {
                write!(f, " ({}: {})", self.value_word, crate::diag::shorten(v, 80))?;
            }
            if let Some(h) = &d.hint {
                write!(f, " – {h}")?;
            }
            Ok(())
        }
    }
    // Written element by element in pieces of about 64 KiB, by the report's JSON writer (byte
    // for byte serde_json's pretty form, a test below compares): 400,000 findings are a report
    // of 170 MB, which is never held whole.
    const PIECE: usize = 64 * 1024;
    let sorted = f.sorted();
    if sorted.is_empty() {
        return w.write_all(b"[]\n");
    }
    let value_word = tr!(lang, "Wert", "value");
    let mut fp = Fingerprints::new(sorted.len());
    let mut check_name = String::new();
    let mut out = String::with_capacity(PIECE + 4096);
    out.push('[');
    for (n, d) in sorted.into_iter().enumerate() {
        out.push_str(if n == 0 { "\n  " } else { ",\n  " });
        check_name.clear();
        check_name.push_str("cyberkompass/");
        check_name.push_str(d.code);
        let identity = d.value.as_deref().unwrap_or(&d.message);
        let fingerprint = fp.next(&[&check_name], &d.file, identity);
        crate::report::json::push_pretty(
            &mut out,
            &CqOut {
                description: Description {
                    d,
                    value_word: &value_word,
                },
                check_name: &check_name,
                fingerprint,
                severity: match d.severity {
                    crate::diag::Severity::Error => CqSeverity::Major,
                    crate::diag::Severity::Warning => CqSeverity::Minor,
                },
                location: CqLocation {
                    path: &d.file,
                    lines: CqLines {
                        begin: d.loc.line.max(1),
                    },
                },
            },
            1,
        )
        .map_err(std::io::Error::other)?;
        if out.len() >= PIECE {
            w.write_all(out.as_bytes())?;
            out.clear();
        }
    }
    out.push_str("\n]\n");
    w.write_all(out.as_bytes())
}

/// Renders the findings as GitLab's code-quality report (see [`write_gitlab`]).
pub fn render_gitlab(f: &crate::diag::Findings, lang: crate::i18n::Lang) -> String {
    let mut v = Vec::new();
    let _ = write_gitlab(f, lang, &mut v);
    String::from_utf8(v).unwrap_or_else(|_| "[]\n".into())
}

/// One JUnit test case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestCase {
    /// The case's name (`backup – Backup`).
    pub name: String,
    /// The class name (groups the cases; `cyberkompass.gate`).
    pub classname: String,
    /// The failure message, or None when it passed.
    pub failure: Option<String>,
    /// Extra text shown with the case (system-out), may be empty.
    pub output: String,
}

/// Renders one JUnit XML test suite (`artifacts: reports: junit:`); every text is
/// XML-escaped, and characters XML 1.0 cannot carry are replaced.
pub fn junit(suite: &str, cases: &[TestCase]) -> String {
    let failures = cases.iter().filter(|c| c.failure.is_some()).count();
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<testsuites name=\"{0}\" tests=\"{1}\" failures=\"{failures}\">",
        xml(suite),
        cases.len()
    );
    let _ = writeln!(
        s,
        "  <testsuite name=\"{0}\" tests=\"{1}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        xml(suite),
        cases.len()
    );
    for c in cases {
        let _ = write!(
            s,
            "    <testcase name=\"{}\" classname=\"{}\"",
            xml(&c.name),
            xml(&c.classname)
        );
        if c.failure.is_none() && c.output.is_empty() {
            s.push_str("/>\n");
            continue;
        }
        s.push_str(">\n");
        if let Some(f) = &c.failure {
            let _ = writeln!(
                s,
                "      <failure message=\"{0}\" type=\"below-target\">{0}</failure>",
                xml(f)
            );
        }
        if !c.output.is_empty() {
            let _ = writeln!(s, "      <system-out>{}</system-out>", xml(&c.output));
        }
        s.push_str("    </testcase>\n");
    }
    s.push_str("  </testsuite>\n</testsuites>\n");
    s
}

/// Escapes text for XML content and attribute values; control characters XML 1.0 forbids
/// become U+FFFD.
pub fn xml(t: &str) -> String {
    let mut s = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&apos;"),
            '\n' => s.push_str("&#10;"),
            '\t' | '\r' => {
                let _ = write!(s, "&#{};", u32::from(c));
            }
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => s.push('\u{FFFD}'),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(line: u32, identity: &str) -> CqIssue {
        CqIssue {
            description: "d".into(),
            check_name: "cyberkompass/x".into(),
            path: "a.yaml".into(),
            line,
            severity: CqSeverity::Major,
            identity: identity.into(),
        }
    }

    fn fingerprints(issues: &[CqIssue]) -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&gitlab_code_quality(issues)).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_owned())
            .collect()
    }

    /// `write_gitlab` (the report's JSON writer, element by element) writes byte for byte what
    /// serde_json writes for the same issues (`write_code_quality`): escapes, shown values,
    /// hints, repeated triples (counters), more than one 64 KiB piece, and no findings at all.
    #[test]
    fn gitlab_report_is_byte_for_byte_serde_jsons() {
        use crate::diag::{Diagnostic, Findings};
        use crate::model::Loc;
        let loc = |line| Loc {
            line,
            column: 1,
            offset: None,
            len: 0,
        };
        let mut f = Findings::default();
        for i in 0..1500u32 {
            let file = if i % 3 == 0 {
                "a \"b\".yaml"
            } else {
                "dir/ä–ß.yaml"
            };
            let mut d = if i % 2 == 0 {
                Diagnostic::error(
                    "id",
                    file,
                    loc(i),
                    format!("Kennung „{i}“ ist \\ falsch\t\u{1}"),
                )
            } else {
                Diagnostic::warning("text", file, loc(i % 7), "same message".into())
            };
            if i % 5 == 0 {
                d = d.value("x".repeat(i as usize % 120));
            }
            if i % 4 == 0 {
                d = d.hint("Schreiben Sie `id: ABC-01` – \"so\".");
            }
            f.push(d);
        }
        for lang in [crate::i18n::Lang::De, crate::i18n::Lang::En] {
            let value_word = tr!(lang, "Wert", "value");
            let issues: Vec<CqIssue> = f
                .sorted()
                .into_iter()
                .map(|d| {
                    let mut description = d.message.clone();
                    if let Some(v) = d.value_to_show() {
                        description += &format!(" ({value_word}: {})", crate::diag::shorten(v, 80));
                    }
                    if let Some(h) = &d.hint {
                        description += &format!(" – {h}");
                    }
                    CqIssue {
                        description,
                        check_name: format!("cyberkompass/{}", d.code),
                        path: d.file.to_string(),
                        line: d.loc.line,
                        severity: match d.severity {
                            crate::diag::Severity::Error => CqSeverity::Major,
                            crate::diag::Severity::Warning => CqSeverity::Minor,
                        },
                        identity: d.value.clone().unwrap_or_else(|| d.message.clone()),
                    }
                })
                .collect();
            let ours = render_gitlab(&f, lang);
            assert!(ours.len() > 2 * 64 * 1024, "{}", ours.len());
            assert_eq!(ours, gitlab_code_quality(&issues));
        }
        assert_eq!(
            render_gitlab(&Findings::default(), crate::i18n::Lang::En),
            gitlab_code_quality(&[])
        );
    }

    #[test]
    fn fingerprints_are_stable_across_lines_and_unique_within_a_report() {
        let a = fingerprints(&[issue(3, "k"), issue(9, "k"), issue(4, "other")]);
        let b = fingerprints(&[issue(30, "k"), issue(90, "k"), issue(40, "other")]);
        assert_eq!(a, b, "moving lines keeps the fingerprints");
        assert_eq!(a[0].len(), 64);
        assert!(a[0] != a[1] && a[1] != a[2] && a[0] != a[2], "{a:?}");
    }

    #[test]
    fn unknown_line_is_line_one() {
        let v: serde_json::Value =
            serde_json::from_str(&gitlab_code_quality(&[issue(0, "k")])).unwrap();
        assert_eq!(v[0]["location"]["lines"]["begin"], 1);
        assert_eq!(v[0]["severity"], "major");
    }

    #[test]
    fn junit_escapes_every_text() {
        let x = junit(
            "s<&>",
            &[TestCase {
                name: "a\"b'<c>".into(),
                classname: "k".into(),
                failure: Some("x & y\u{1b}[31m\nz".into()),
                output: String::new(),
            }],
        );
        assert!(x.contains("name=\"a&quot;b&apos;&lt;c&gt;\""), "{x}");
        assert!(x.contains("x &amp; y\u{FFFD}[31m&#10;z"), "{x}");
        assert!(!x.contains('\u{1b}'));
        assert!(x.contains("tests=\"1\" failures=\"1\""), "{x}");
    }
}
