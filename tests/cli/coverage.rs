//! The reference index and NIS2 coverage of a checklist set: which Grundschutz++ and ISO/IEC
//! 27001:2022 Annex A ids exist, which references of a set are unknown, and which questions
//! cover each NIS2 Art. 21(2) measure, as a map and as a Markdown table.
//!
//! The index is derived from the BSI's OSCAL catalogs (BSI-Bund/Stand-der-Technik-Bibliothek,
//! CC BY-SA 4.0) by `data/reference-ids/derive.py` and embedded here; see
//! `data/reference-ids/README.md` for source and licence.
//!
//! Test support, not product code: it lives with the tests (the cli test binary) and checks
//! the built-in set and the docs' coverage table; the NIS2 letter check is the one in
//! [`cyberkompass::validate::is_nis2_letter`].
#![allow(dead_code)]

use cyberkompass::validate::is_nis2_letter;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::OnceLock;

use cyberkompass::i18n::Lang;
use cyberkompass::model::ChecklistSet;

/// Every control id of the Grundschutz++ Kernel and Methodik catalogs, one per line.
const GRUNDSCHUTZ_INDEX: &str = include_str!("../../data/reference-ids/grundschutz-plus-plus.txt");
/// Every ISO/IEC 27001:2022 Annex A control id (`A.5.1` …), one per line.
const ISO27001_INDEX: &str = include_str!("../../data/reference-ids/iso27001-annex-a.txt");

/// The NIS2 Art. 21(2) letters, in order.
pub const NIS2_LETTERS: [char; 10] = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];

/// The ids of an index file: every line that is neither empty nor a `#` comment.
fn parse_index(text: &str) -> BTreeSet<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// All valid Grundschutz++ control ids (Kernel and Methodik catalogs).
pub fn grundschutz_ids() -> &'static BTreeSet<&'static str> {
    static IDS: OnceLock<BTreeSet<&'static str>> = OnceLock::new();
    IDS.get_or_init(|| parse_index(GRUNDSCHUTZ_INDEX))
}

/// All valid ISO/IEC 27001:2022 Annex A control ids, written `A.5.1` … `A.8.34`.
pub fn iso27001_ids() -> &'static BTreeSet<&'static str> {
    static IDS: OnceLock<BTreeSet<&'static str>> = OnceLock::new();
    IDS.get_or_init(|| parse_index(ISO27001_INDEX))
}

/// Whether `id` is a control of the Grundschutz++ Kernel or Methodik catalog.
pub fn is_known_grundschutz(id: &str) -> bool {
    grundschutz_ids().contains(id)
}

/// Whether `id` is an ISO/IEC 27001:2022 Annex A control.
pub fn is_known_iso27001(id: &str) -> bool {
    iso27001_ids().contains(id)
}

/// The framework a reference belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Framework {
    /// Grundschutz++ (BSI).
    Grundschutz,
    /// NIS2 Art. 21(2).
    Nis2,
    /// ISO/IEC 27001:2022 Annex A.
    Iso27001,
}

impl Framework {
    /// The key of the framework in a question's `references`.
    pub fn key(self) -> &'static str {
        match self {
            Framework::Grundschutz => "grundschutz",
            Framework::Nis2 => "nis2",
            Framework::Iso27001 => "iso27001",
        }
    }
}

/// A reference that is not in the index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnknownReference {
    /// The field the question belongs to.
    pub field: String,
    /// The question's id.
    pub question: String,
    /// The framework of the reference.
    pub framework: Framework,
    /// The id as written.
    pub id: String,
}

/// A list of references of one framework, with the test whether an id is known.
type RefCheck<'a> = (
    Framework,
    &'a [cyberkompass::model::Sp<cyberkompass::model::Str>],
    fn(&str) -> bool,
);

/// Every reference of the set that does not exist: Grundschutz++ and ISO ids missing from the
/// index, NIS2 letters outside `a`–`j`. In the order of the set.
pub fn unknown_references(set: &ChecklistSet) -> Vec<UnknownReference> {
    let mut out = Vec::new();
    for (field, q) in set.questions() {
        let refs = &q.references;
        let checks: [RefCheck<'_>; 3] = [
            (
                Framework::Grundschutz,
                &refs.grundschutz,
                is_known_grundschutz,
            ),
            (Framework::Nis2, &refs.nis2[..], is_nis2_letter),
            (Framework::Iso27001, &refs.iso27001[..], is_known_iso27001),
        ];
        for (framework, ids, known) in checks {
            for id in ids.iter().filter(|id| !known(id)) {
                out.push(UnknownReference {
                    field: field.id.value.clone(),
                    question: q.id.value.clone(),
                    framework,
                    id: id.value.to_string(),
                });
            }
        }
    }
    out
}

/// NIS2 Art. 21(2) letter → the ids of the questions that reference it, in the order of the
/// set. Every letter `a`–`j` is a key, with an empty list when no question covers it.
pub fn nis2_coverage(set: &ChecklistSet) -> BTreeMap<char, Vec<String>> {
    let mut map: BTreeMap<char, Vec<String>> =
        NIS2_LETTERS.iter().map(|&c| (c, Vec::new())).collect();
    for (_, q) in set.questions() {
        let mut seen = BTreeSet::new();
        for letter in &q.references.nis2 {
            let mut chars = letter.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && let Some(ids) = map.get_mut(&c)
                && seen.insert(c)
            {
                ids.push(q.id.value.clone());
            }
        }
    }
    map
}

/// A short name of the measure behind a NIS2 Art. 21(2) letter.
pub fn nis2_measure(letter: char, lang: Lang) -> &'static str {
    let (de, en) = match letter {
        'a' => (
            "Risikoanalyse und Sicherheitskonzepte für Informationssysteme",
            "Risk analysis and information system security policies",
        ),
        'b' => ("Bewältigung von Sicherheitsvorfällen", "Incident handling"),
        'c' => (
            "Aufrechterhaltung des Betriebs: Backup, Wiederherstellung, Krisenmanagement",
            "Business continuity: backup, disaster recovery, crisis management",
        ),
        'd' => ("Sicherheit der Lieferkette", "Supply chain security"),
        'e' => (
            "Sicherheit bei Erwerb, Entwicklung und Wartung, einschließlich Umgang mit Schwachstellen",
            "Security in acquisition, development and maintenance, incl. vulnerability handling",
        ),
        'f' => (
            "Bewertung der Wirksamkeit der Maßnahmen",
            "Assessing the effectiveness of measures",
        ),
        'g' => (
            "Cyberhygiene und Schulungen",
            "Basic cyber hygiene and training",
        ),
        'h' => (
            "Kryptografie und Verschlüsselung",
            "Cryptography and encryption",
        ),
        'i' => (
            "Personalsicherheit, Zugriffskontrolle und Management von Anlagen",
            "Human resources security, access control and asset management",
        ),
        'j' => (
            "Multi-Faktor-Authentifizierung, gesicherte Kommunikation und Notfallkommunikation",
            "Multi-factor authentication, secured communication and emergency communication",
        ),
        _ => ("", ""),
    };
    lang.pick(de, en)
}

/// The question ids of one letter as a Markdown cell: code spans joined by commas, or `–`.
fn ids_cell(ids: &[String]) -> String {
    if ids.is_empty() {
        return "–".to_owned();
    }
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The NIS2 coverage of the set as one bilingual Markdown table (German first, English
/// alongside), as docs/checklists.md shows it: one row per letter `a`–`j` with the measure in
/// both languages, the number of questions and their ids in the order of the set.
pub fn coverage_table_markdown_de_en(set: &ChecklistSet) -> String {
    let coverage = nis2_coverage(set);
    let mut out = String::from(
        "| Art. 21 Abs. 2 · Art. 21(2) | Maßnahme | Measure | Fragen · questions | \
         Fragen-IDs · question ids |\n|---|---|---|---:|---|\n",
    );
    for (letter, ids) in &coverage {
        let _ = writeln!(
            out,
            "| ({letter}) | {} | {} | {} | {} |",
            nis2_measure(*letter, Lang::De),
            nis2_measure(*letter, Lang::En),
            ids.len(),
            ids_cell(ids)
        );
    }
    out
}

/// The NIS2 coverage of the set as a Markdown table: one row per letter `a`–`j` with the
/// measure, the number of questions and their ids in the order of the set.
pub fn coverage_table_markdown(set: &ChecklistSet, lang: Lang) -> String {
    let coverage = nis2_coverage(set);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            "| Art. 21 Abs. 2 | Maßnahme | Fragen | Fragen-IDs |",
            "| Art. 21(2) | Measure | Questions | Question ids |",
        )
    );
    out.push_str("|---|---|---:|---|\n");
    for (letter, ids) in &coverage {
        let _ = writeln!(
            out,
            "| ({letter}) | {} | {} | {} |",
            nis2_measure(*letter, lang),
            ids.len(),
            ids_cell(ids)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use cyberkompass::model::{Field, Manifest};

    const MANIFEST: &str = r#"
format: 1
id: t
version: "1"
title: { de: T, en: T }
languages: [de, en]
threshold: 0.8
scale:
  - { level: 0, name: { de: a, en: a }, description: { de: a, en: a } }
fields: [f.yaml]
"#;

    const FIELD: &str = r#"
id: f
number: 1
title: { de: F, en: F }
description: { de: F, en: F }
questions:
  - id: AB-01
    text: { de: Frage, en: Question }
    references:
      grundschutz: [GC.1.1, NOPE.9.9]
      nis2: [a, b, a]
      iso27001: [A.5.1, A.9.1]
  - id: AB-02
    text: { de: Frage, en: Question }
    references:
      nis2: [b, k]
"#;

    pub(super) fn small_set() -> ChecklistSet {
        ChecklistSet {
            manifest: serde_saphyr::from_str::<Manifest>(MANIFEST).expect("manifest"),
            fields: vec![serde_saphyr::from_str::<Field>(FIELD).expect("field")],
            sha256: String::new(),
            origin: "test".into(),
        }
    }

    #[test]
    fn index_holds_known_ids_and_no_comments() {
        for id in [
            "GC.1.1",
            "ASST.1.1",
            "DET.5.1.1",
            "REA.2.1",
            "GC.9.1.1.1.2",
            "VRB.6.1",
        ] {
            assert!(is_known_grundschutz(id), "{id}");
        }
        for id in ["A.5.1", "A.5.37", "A.6.8", "A.7.14", "A.8.34"] {
            assert!(is_known_iso27001(id), "{id}");
        }
        assert!(!is_known_grundschutz("REA.9.9"));
        assert!(!is_known_iso27001("A.5.38"));
        assert!(!is_known_iso27001("5.1"));
        assert_eq!(iso27001_ids().len(), 93);
        assert!(grundschutz_ids().len() > 900);
        assert!(grundschutz_ids().iter().all(|id| !id.starts_with('#')));
    }

    #[test]
    fn index_files_carry_the_attribution() {
        for text in [GRUNDSCHUTZ_INDEX, ISO27001_INDEX] {
            let header: String = text
                .lines()
                .take_while(|l| l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n");
            for needle in [
                "Bundesamt für Sicherheit in der Informationstechnik (BSI)",
                "BSI-Bund/Stand-der-Technik-Bibliothek",
                "47de2824a341812438ef3f044b3f65ce2cad6e32",
                "CC BY-SA 4.0",
                "derive.py",
            ] {
                assert!(header.contains(needle), "header lacks {needle}");
            }
        }
    }

    #[test]
    fn nis2_letters_are_a_to_j() {
        assert!(is_nis2_letter("a"));
        assert!(is_nis2_letter("j"));
        assert!(!is_nis2_letter("k"));
        assert!(!is_nis2_letter("ab"));
        assert!(!is_nis2_letter(""));
    }

    #[test]
    fn unknown_references_lists_each_bad_id_with_its_question() {
        let unknown = unknown_references(&small_set());
        let found: Vec<(&str, Framework, &str)> = unknown
            .iter()
            .map(|u| (u.question.as_str(), u.framework, u.id.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("AB-01", Framework::Grundschutz, "NOPE.9.9"),
                ("AB-01", Framework::Iso27001, "A.9.1"),
                ("AB-02", Framework::Nis2, "k"),
            ]
        );
        assert!(unknown.iter().all(|u| u.field == "f"));
    }

    #[test]
    fn nis2_coverage_has_every_letter_and_counts_a_question_once() {
        let cov = nis2_coverage(&small_set());
        assert_eq!(cov.keys().copied().collect::<Vec<_>>(), NIS2_LETTERS);
        assert_eq!(cov[&'a'], vec!["AB-01"]);
        assert_eq!(cov[&'b'], vec!["AB-01", "AB-02"]);
        assert!(cov[&'c'].is_empty());
    }

    #[test]
    fn coverage_table_has_a_row_per_letter() {
        let table = coverage_table_markdown(&small_set(), Lang::En);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2 + 10);
        assert_eq!(
            lines[0],
            "| Art. 21(2) | Measure | Questions | Question ids |"
        );
        assert_eq!(
            lines[2],
            "| (a) | Risk analysis and information system security policies | 1 | `AB-01` |"
        );
        assert_eq!(
            lines[3],
            "| (b) | Incident handling | 2 | `AB-01`, `AB-02` |"
        );
        assert!(lines[4].ends_with("| 0 | – |"));
        let de = coverage_table_markdown(&small_set(), Lang::De);
        assert!(de.starts_with("| Art. 21 Abs. 2 | Maßnahme |"));
    }

    #[test]
    fn bilingual_coverage_table_puts_german_first() {
        let table = coverage_table_markdown_de_en(&small_set());
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 12);
        assert_eq!(
            lines[0],
            "| Art. 21 Abs. 2 · Art. 21(2) | Maßnahme | Measure | Fragen · questions | \
             Fragen-IDs · question ids |"
        );
        assert_eq!(lines[1], "|---|---|---|---:|---|");
        assert_eq!(
            lines[3],
            "| (b) | Bewältigung von Sicherheitsvorfällen | Incident handling | 2 | \
             `AB-01`, `AB-02` |"
        );
        assert!(lines[4].ends_with("| 0 | – |"));
    }
}

/// Checks of the built-in set (checklists/): references, NIS2 coverage, the topics the
/// fields must cover, and the coverage table in docs/checklists.md.
#[cfg(test)]
mod builtin_set {
    use super::*;
    use cyberkompass::diag::render_human;
    use cyberkompass::model::Anchors;
    use cyberkompass::set::{SetSource, load_set, load_usable};
    use tests::small_set;

    /// Start and end markers of the generated table in docs/checklists.md.
    const START: &str = "<!-- nis2-coverage:start -->";
    const END: &str = "<!-- nis2-coverage:end -->";

    fn builtin() -> ChecklistSet {
        match load_usable(&SetSource::Builtin, Lang::En) {
            Ok(set) => set,
            Err(e) => panic!("the built-in set does not load: {e:?}"),
        }
    }

    /// All texts of a field in one language, lower-cased: field description, question texts,
    /// help, anchors and recommendations.
    fn field_text(set: &ChecklistSet, field: &str, lang: &str) -> String {
        let f = set
            .field(field)
            .unwrap_or_else(|| panic!("no field {field}"));
        let mut all = vec![f.description.get(lang).to_owned()];
        for q in f.questions.iter() {
            all.push(q.text.get(lang).to_owned());
            if let Some(h) = &q.help {
                all.push(h.get(lang).to_owned());
            }
            if let Some(r) = &q.recommendation {
                all.push(r.get(lang).to_owned());
            }
            for (_, a) in q.anchors.0.iter() {
                all.push(a.get(lang).to_owned());
            }
        }
        all.join("\n").to_lowercase()
    }

    fn assert_mentions(set: &ChecklistSet, field: &str, lang: &str, needles: &[&str]) {
        let text = field_text(set, field, lang);
        for n in needles {
            assert!(
                text.contains(&n.to_lowercase()),
                "field {field} ({lang}) does not mention {n:?}"
            );
        }
    }

    #[test]
    fn validate_strict_is_clean() {
        let loaded = load_set(&SetSource::Builtin, Lang::En).expect("built-in set");
        let mut findings = loaded.findings;
        findings.make_strict();
        assert!(
            findings.errors() == 0 && findings.warnings() == 0,
            "validate --strict of the built-in set is not clean:\n{}",
            render_human(
                &findings,
                cyberkompass::diag::HumanStyle {
                    color: false,
                    width: 100
                },
                Lang::En
            )
        );
    }

    #[test]
    fn every_reference_exists_in_the_index() {
        let unknown = unknown_references(&builtin());
        assert!(unknown.is_empty(), "unknown references: {unknown:#?}");
    }

    /// Where the catalog nests a control deeper than three numbers, the questions cite the
    /// precise control, not only its parent (e.g. the ISB's direct right to report).
    #[test]
    fn questions_cite_the_precise_nested_controls() {
        let set = builtin();
        for (question, id) in [
            ("GOV-02", "GC.9.1.1.1"),
            ("GOV-02", "GC.9.1.1.2"),
            ("GOV-02", "GC.9.1.1.3"),
            ("GOV-03", "GC.9.1.1.1.1"),
            ("GOV-04", "GC.9.1.1.1.2"),
            ("AWA-11", "GC.9.1.1.4"),
            ("INF-04", "GC.9.1.1.2"),
            ("INC-06", "REA.2.6.2.1"),
            ("DEF-11", "ARCH.5.1.10.1"),
            ("INF-11", "BES.5.10.3.1"),
        ] {
            let (_, q) = set
                .question(question)
                .unwrap_or_else(|| panic!("no question {question}"));
            assert!(
                q.references.grundschutz.iter().any(|r| r.value == id),
                "{question} does not cite {id}"
            );
        }
    }

    #[test]
    fn every_nis2_letter_is_referenced_by_at_least_two_questions() {
        for (letter, ids) in nis2_coverage(&builtin()) {
            assert!(
                ids.len() >= 2,
                "NIS2 Art. 21(2)({letter}) is covered by {ids:?} only"
            );
        }
    }

    #[test]
    fn the_set_has_eight_fields_of_10_to_16_questions_and_a_few_critical_ones() {
        let set = builtin();
        let ids: Vec<&str> = set.fields.iter().map(|f| f.id.value.as_str()).collect();
        assert_eq!(
            ids,
            [
                "information-sharing",
                "governance",
                "cyber-defence",
                "incident-response",
                "business-continuity",
                "awareness-training",
                "citizen-outreach",
                "supply-chain",
            ]
        );
        let mut total = 0;
        for f in &set.fields {
            let n = f.questions.len();
            let critical = f.questions.iter().filter(|q| q.critical).count();
            assert!((10..=16).contains(&n), "{}: {n} questions", f.id.value);
            assert!(
                (2..=4).contains(&critical),
                "{}: {critical} critical",
                f.id.value
            );
            for q in f.questions.iter() {
                for level in 1..=5 {
                    assert!(
                        q.anchors.get(level).is_some(),
                        "{}: no anchor {level}",
                        q.id.value
                    );
                }
                assert!((1..=3).contains(&q.weight.value), "{}: weight", q.id.value);
            }
            total += n;
        }
        assert!(total >= 90, "only {total} questions");
    }

    /// A text for comparison: whitespace runs collapsed to one space, trimmed, lower-cased.
    fn normalised(s: &str) -> String {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    /// Every pair of anchors of one question that say the same in one language after
    /// normalising whitespace and case: (question, language, level, level).
    fn identical_anchors(set: &ChecklistSet) -> Vec<(String, String, i64, i64)> {
        let mut out = Vec::new();
        for (_, q) in set.questions() {
            let anchors: Vec<_> = q.anchors.0.value.iter().collect();
            for lang in set.languages() {
                for (i, (la, ta)) in anchors.iter().enumerate() {
                    for (lb, tb) in &anchors[i + 1..] {
                        let (a, b) = (ta.get(lang), tb.get(lang));
                        if normalised(a) == normalised(b) {
                            out.push((q.id.value.clone(), lang.to_owned(), la.value, lb.value));
                        }
                    }
                }
            }
        }
        out
    }

    #[test]
    fn identical_anchors_are_found_whatever_their_whitespace_and_case() {
        let mut set = small_set();
        let anchors: Anchors = serde_saphyr::from_str(
            "{ 1: { de: \"Geplant.\", en: Planned. }, 2: { de: \"  geplant.\\n\", en: Partly. }, 3: { de: Etabliert., en: \"PLANNED.\" } }",
        )
        .expect("anchors");
        set.fields[0].questions.value[0].anchors = anchors;
        assert_eq!(
            identical_anchors(&set),
            vec![
                ("AB-01".to_owned(), "de".to_owned(), 1, 2),
                ("AB-01".to_owned(), "en".to_owned(), 1, 3),
            ]
        );
    }

    /// Two levels of one question never read alike (after normalising whitespace and case):
    /// otherwise a rater cannot tell them apart. Over the built-in set and every fixture set
    /// that loads.
    #[test]
    fn no_two_anchors_of_one_question_are_identical() {
        let mut sets = vec![builtin()];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sets");
        let mut dirs: Vec<_> = std::fs::read_dir(&dir)
            .expect("fixture sets")
            .map(|e| e.expect("entry").path())
            .collect();
        dirs.sort();
        for d in dirs {
            if let Ok(Some(set)) = load_set(&SetSource::Dir(d), Lang::En).map(|l| l.set) {
                sets.push(set);
            }
        }
        assert!(sets.len() >= 2, "no fixture set loaded");
        for set in &sets {
            let same = identical_anchors(set);
            assert!(
                same.is_empty(),
                "{}: identical anchors (question, language, level, level): {same:?}",
                set.origin
            );
        }
    }

    #[test]
    fn incident_response_covers_the_art_23_reporting_deadlines() {
        let set = builtin();
        assert_mentions(
            &set,
            "incident-response",
            "de",
            &["24 Stunden", "72 Stunden", "einen Monat"],
        );
        assert_mentions(
            &set,
            "incident-response",
            "en",
            &["24 hours", "72 hours", "one month"],
        );
    }

    #[test]
    fn citizen_outreach_covers_a_vulnerability_disclosure_contact() {
        let set = builtin();
        for lang in ["de", "en"] {
            assert_mentions(
                &set,
                "citizen-outreach",
                lang,
                &["security.txt", "RFC 9116"],
            );
        }
    }

    #[test]
    fn information_sharing_covers_the_land_cert_and_tlp() {
        let set = builtin();
        assert_mentions(
            &set,
            "information-sharing",
            "de",
            &["Landes-CERT", "TLP", "Traffic Light Protocol"],
        );
        assert_mentions(
            &set,
            "information-sharing",
            "en",
            &["Land CERT", "TLP", "Traffic Light Protocol"],
        );
    }

    /// The table between the markers in docs/checklists.md must equal the generated one. With
    /// `UPDATE_DOCS=1` the test rewrites the doc instead of failing.
    #[test]
    fn docs_coverage_table_is_in_sync() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checklists.md");
        let doc = std::fs::read_to_string(&path).expect("docs/checklists.md");
        let (Some(s), Some(e)) = (doc.find(START), doc.find(END)) else {
            panic!("docs/checklists.md lacks the markers {START} … {END}");
        };
        assert!(s < e, "markers out of order in docs/checklists.md");
        let body_start = s + START.len();
        let wanted = format!("\n{}", coverage_table_markdown_de_en(&builtin()));
        if doc[body_start..e] == wanted {
            return;
        }
        if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
            let updated = format!("{}{wanted}{}", &doc[..body_start], &doc[e..]);
            std::fs::write(&path, updated).expect("write docs/checklists.md");
            return;
        }
        panic!(
            "the NIS2 coverage table in docs/checklists.md is out of date; \
             run `UPDATE_DOCS=1 cargo test docs_coverage_table` to regenerate it"
        );
    }
}
