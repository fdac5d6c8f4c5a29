//! CI report formats that are not GitHub's: GitLab's code-quality report (a JSON array of
//! issues with a stable fingerprint) and JUnit XML (one test case per check). The commands
//! build the entries; this module owns the formats, their escaping and the fingerprints.

use std::fmt::Write as _;

use serde::Serialize;

use crate::report::json::escape_content_into;
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
struct CqOut<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: CqSeverity,
    location: CqLocation<'a>,
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

/// What a fingerprint is made of: the rule (written as the concatenation of its pieces, so
/// that `cyberkompass/` and a finding's code need no string), the file and the identity.
struct Triple<'a> {
    rule: [&'a str; 2],
    path: &'a str,
    identity: &'a str,
}

impl Triple<'_> {
    /// SHA-256 of rule, file and identity, each followed by a zero byte, then `count` in
    /// decimal: the fingerprint of the `count`-th issue with this triple in a report.
    fn digest(&self, count: u32) -> [u8; 32] {
        let mut h = Sha256::new();
        for piece in self.rule {
            h.update(piece.as_bytes());
        }
        h.update([0]);
        for part in [self.path, self.identity] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        h.update(crate::i18n::digits(count.into(), &mut [0; 20]));
        h.finalize().into()
    }
}

/// The fingerprints of a report's issues, in their order (see [`gitlab_code_quality`]): the
/// SHA-256 of rule, file and identity (each followed by a zero byte) and how many issues of
/// the report up to this one have that triple, in decimal.
///
/// Each issue is hashed once with the count 1, which is its fingerprint unless an earlier
/// issue has the same triple. Two triples are the same exactly when those digests are (the
/// bytes hashed name the triple unambiguously: rule and file hold no zero byte), so sorting
/// the digests' first eight bytes with the issues' positions once, rather than counting in a
/// hash table per issue (400,000 random probes into 16 MB), finds the repeated ones; only
/// they are hashed again with their count.
fn fingerprints<'a>(n: usize, triple: impl Fn(usize) -> Triple<'a>) -> Vec<[u8; 32]> {
    let digests: Vec<[u8; 32]> = (0..n).map(|i| triple(i).digest(1)).collect();
    let mut order: Vec<(u64, u32)> = digests
        .iter()
        .zip(0u32..)
        .map(|(d, i)| {
            let mut k = [0u8; 8];
            k.copy_from_slice(&d[..8]);
            (u64::from_le_bytes(k), i)
        })
        .collect();
    // By key, then position: the issues of a run of equal keys in report order.
    order.sort_unstable();
    let mut fixed: Vec<(u32, u32)> = Vec::new();
    for run in order.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // The distinct triples of the run (almost always one) and how often each came so far.
        let mut seen: Vec<([u8; 32], u32)> = Vec::new();
        for &(_, i) in run {
            let d = digests[i as usize];
            match seen.iter_mut().find(|(s, _)| *s == d) {
                Some((_, count)) => {
                    *count += 1;
                    fixed.push((i, *count));
                }
                None => seen.push((d, 1)),
            }
        }
    }
    drop(order);
    let mut digests = digests;
    for (i, count) in fixed {
        digests[i as usize] = triple(i as usize).digest(count);
    }
    digests
}

/// The 64 lower-case hex digits of a digest.
fn hex(d: &[u8; 32]) -> [u8; 64] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 64];
    for (i, b) in d.iter().enumerate() {
        out[2 * i] = HEX[usize::from(b >> 4)];
        out[2 * i + 1] = HEX[usize::from(b & 15)];
    }
    out
}

/// Renders GitLab's code-quality report (`artifacts: reports: codequality:`). The fingerprint
/// is the SHA-256 of rule, file and identity (plus a counter when the same triple occurs more
/// than once), so the same finding keeps its fingerprint when lines move.
pub fn gitlab_code_quality(issues: &[CqIssue]) -> String {
    let hexes: Vec<[u8; 64]> = fingerprints(issues.len(), |i| Triple {
        rule: [&issues[i].check_name, ""],
        path: &issues[i].path,
        identity: &issues[i].identity,
    })
    .iter()
    .map(hex)
    .collect();
    let out: Vec<CqOut> = issues
        .iter()
        .zip(&hexes)
        .map(|(i, h)| CqOut {
            description: &i.description,
            check_name: &i.check_name,
            fingerprint: std::str::from_utf8(h).unwrap_or_default(),
            severity: i.severity,
            location: CqLocation {
                path: &i.path,
                lines: CqLines {
                    begin: i.line.max(1),
                },
            },
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

/// A text shared by many findings (a file name, a hint: one `Arc` each in
/// [`crate::diag::Findings`]), escaped once for as long as the same text follows.
#[derive(Default)]
struct Escaped {
    of: Option<std::sync::Arc<str>>,
    text: String,
}

impl Escaped {
    fn get(&mut self, s: &std::sync::Arc<str>) -> &str {
        if !self
            .of
            .as_ref()
            .is_some_and(|o| std::sync::Arc::ptr_eq(o, s))
        {
            self.text.clear();
            escape_content_into(&mut self.text, s);
            self.of = Some(std::sync::Arc::clone(s));
        }
        &self.text
    }
}

/// Writes the findings as GitLab's code-quality report to `w` (byte for byte what
/// [`gitlab_code_quality`] writes for them, a test below compares): one issue per finding in
/// reading order, errors `major`, warnings `minor`, the shown value and the hint after the
/// message. The report of 400,000 findings (170 MB) is written straight into pieces of about
/// 64 KiB, never held whole, with no string per finding: the fingerprints first (32 bytes per
/// finding), then each issue from its finding's texts, a file name or hint shared by the
/// findings escaped once.
pub fn write_gitlab(
    f: &crate::diag::Findings,
    lang: crate::i18n::Lang,
    w: &mut impl std::fmt::Write,
) -> std::fmt::Result {
    const PIECE: usize = 64 * 1024;
    let sorted = f.sorted();
    if sorted.is_empty() {
        return w.write_str("[]\n");
    }
    let fps = fingerprints(sorted.len(), |i| {
        let d = sorted[i];
        Triple {
            rule: ["cyberkompass/", d.code],
            path: &d.file,
            identity: d.value.as_deref().unwrap_or(&d.message),
        }
    });
    let value_word = tr!(lang, "Wert", "value");
    let (mut path, mut hint) = (Escaped::default(), Escaped::default());
    let mut out = String::with_capacity(PIECE + 4096);
    out.push('[');
    for (n, (d, fp)) in sorted.iter().zip(&fps).enumerate() {
        out.push_str(if n == 0 { "\n  " } else { ",\n  " });
        out.push_str("{\n    \"description\": \"");
        escape_content_into(&mut out, &d.message);
        if let Some(v) = d.value_to_show() {
            out.push_str(" (");
            escape_content_into(&mut out, &value_word);
            out.push_str(": ");
            // As `diag::shorten(v, 80)`, without a string: 80 bytes are at most 80 characters.
            match (v.len() > 80).then(|| v.char_indices().nth(80)).flatten() {
                Some((cut, _)) => {
                    escape_content_into(&mut out, &v[..cut]);
                    out.push('…');
                }
                None => escape_content_into(&mut out, v),
            }
            out.push(')');
        }
        if let Some(h) = &d.hint {
            out.push_str(" – ");
            out.push_str(hint.get(h));
        }
        out.push_str("\",\n    \"check_name\": \"cyberkompass/");
        escape_content_into(&mut out, d.code);
        out.push_str("\",\n    \"fingerprint\": \"");
        out.push_str(std::str::from_utf8(&hex(fp)).unwrap_or_default());
        out.push_str("\",\n    \"severity\": \"");
        out.push_str(match d.severity {
            crate::diag::Severity::Error => "major",
            crate::diag::Severity::Warning => "minor",
        });
        out.push_str("\",\n    \"location\": {\n      \"path\": \"");
        out.push_str(path.get(&d.file));
        out.push_str("\",\n      \"lines\": {\n        \"begin\": ");
        out.push_str(crate::i18n::digits(d.loc.line.max(1).into(), &mut [0; 20]));
        out.push_str("\n      }\n    }\n  }");
        if out.len() >= PIECE {
            w.write_str(&out)?;
            out.clear();
        }
    }
    out.push_str("\n]\n");
    w.write_str(&out)
}

/// Renders the findings as GitLab's code-quality report (see [`write_gitlab`]).
pub fn render_gitlab(f: &crate::diag::Findings, lang: crate::i18n::Lang) -> String {
    let mut s = String::new();
    let _ = write_gitlab(f, lang, &mut s);
    s
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

    fn fingerprints_in(issues: &[CqIssue]) -> Vec<String> {
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

    /// The fingerprint is GitLab's key of an issue across pipelines, so its definition is
    /// fixed: SHA-256 of `rule\0path\0identity\0` and the count of that triple in the report
    /// so far. Checked against that definition computed naively (a map of the triples as
    /// strings) on triples that repeat near and far apart, share prefixes and hold zero bytes,
    /// and against one pinned value.
    #[test]
    fn fingerprints_follow_their_definition() {
        let mut issues = Vec::new();
        for i in 0..3000u32 {
            let identity = match i % 7 {
                0 => format!("v{}", i % 11),
                1 => "same".to_owned(),
                2 => format!("a\0b{}", i % 3),
                3 => String::new(),
                _ => format!("unique {i}"),
            };
            issues.push(CqIssue {
                description: String::new(),
                check_name: format!("cyberkompass/r{}", i % 2),
                path: if i % 5 == 0 { "a" } else { "a\u{1}b/ä.yaml" }.to_owned(),
                line: i,
                severity: CqSeverity::Minor,
                identity,
            });
        }
        let mut counts = std::collections::HashMap::new();
        let expected: Vec<String> = issues
            .iter()
            .map(|i| {
                let n = counts
                    .entry((i.check_name.clone(), i.path.clone(), i.identity.clone()))
                    .or_insert(0u32);
                *n += 1;
                let bytes = format!("{}\0{}\0{}\0{n}", i.check_name, i.path, i.identity);
                Sha256::digest(bytes.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect()
            })
            .collect();
        assert!(counts.values().any(|&n| n > 100), "repeats far apart");
        assert_eq!(fingerprints_in(&issues), expected);
        let first = CqIssue {
            check_name: "cyberkompass/id-pattern".into(),
            path: "findings-100000.yaml".into(),
            identity: "bad0".into(),
            ..issues[0].clone()
        };
        assert_eq!(
            fingerprints_in(&[first]),
            ["88d3a744d3d190d883e4bd556187f1b37aab70578040e634434bfb3cb4583e8c"]
        );
    }

    #[test]
    fn fingerprints_are_stable_across_lines_and_unique_within_a_report() {
        let a = fingerprints_in(&[issue(3, "k"), issue(9, "k"), issue(4, "other")]);
        let b = fingerprints_in(&[issue(30, "k"), issue(90, "k"), issue(40, "other")]);
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
