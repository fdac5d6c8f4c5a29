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
struct CqOut {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: CqSeverity,
    location: CqLocation,
}

#[derive(Serialize)]
struct CqLocation {
    path: String,
    lines: CqLines,
}

#[derive(Serialize)]
struct CqLines {
    begin: u32,
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
            let mut seen: HashMap<[u8; 32], u32> = HashMap::new();
            let issues = self.0.take().into_iter().flatten();
            s.collect_seq(issues.map(|i| {
                let mut h = Sha256::new();
                for part in [&i.check_name, &i.path, &i.identity] {
                    h.update(part.as_bytes());
                    h.update([0]);
                }
                let n = seen.entry(h.clone().finalize().into()).or_insert(0);
                *n += 1;
                h.update(n.to_string().as_bytes());
                CqOut {
                    fingerprint: hex(&h.finalize()),
                    severity: i.severity,
                    location: CqLocation {
                        lines: CqLines {
                            begin: i.line.max(1),
                        },
                        path: i.path,
                    },
                    description: i.description,
                    check_name: i.check_name,
                }
            }))
        }
    }
    serde_json::to_writer_pretty(&mut w, &Stream(std::cell::Cell::new(Some(issues))))
        .map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .fold(String::with_capacity(b.len() * 2), |mut s, x| {
            let _ = write!(s, "{x:02x}");
            s
        })
}

/// Writes the findings as GitLab's code-quality report to `w`, finding by finding: one issue per finding, errors
/// `major`, warnings `minor`, the hint after the message.
pub fn write_gitlab(
    f: &crate::diag::Findings,
    lang: crate::i18n::Lang,
    w: impl std::io::Write,
) -> std::io::Result<()> {
    let issues = f.sorted().into_iter().map(|d| {
        let mut description = d.message.clone();
        if let Some(v) = d.value_to_show() {
            let _ = write!(
                description,
                " ({}: {})",
                tr!(lang, "Wert", "value"),
                crate::diag::shorten(v, 80)
            );
        }
        if let Some(h) = &d.hint {
            let _ = write!(description, " – {h}");
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
    });
    write_code_quality(issues, w)
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
