//! Loading a checklist set, from a folder or from the copy built into the binary, with all
//! its findings, and the SHA-256 that identifies its content.

use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Findings};
use crate::i18n::Lang;
use crate::load::{parse_yaml, read_and_parse_with, read_text};
use crate::model::{Anchors, ChecklistSet, Field, Loc, Manifest, Question, References, Sp};
use crate::tr;
use crate::validate::Checker;

/// The manifest's file name inside a set folder.
pub const MANIFEST: &str = "set.yaml";

/// Where a set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetSource {
    /// The set built into the binary (source: checklists/ in the repository), parsed and
    /// checked when the binary was built (see build.rs and [`crate::builtin`]).
    Builtin,
    /// A folder holding a set.yaml.
    Dir(PathBuf),
}

/// A set as far as it could be read, with what was found wrong.
#[derive(Debug)]
pub struct Loaded {
    /// The set, when its manifest and every field file could be parsed (it may still have
    /// semantic errors: check `findings.errors()`).
    pub set: Option<ChecklistSet>,
    /// Everything found, including warnings.
    pub findings: Findings,
}

/// Loads and checks a whole set. `Err` only when the set's folder or manifest cannot be used
/// at all (missing path, no permission): a usage error.
pub fn load_set(src: &SetSource, lang: Lang) -> Result<Loaded, String> {
    match src {
        SetSource::Builtin => crate::builtin::loaded(lang),
        SetSource::Dir(d) => load_dir(d, lang, Keep::Set),
    }
}

/// Checks a whole set without keeping it (`validate`): the findings only. The built-in set was
/// checked when the binary was built; a folder is read on all cores, and memory holds only what
/// the checks across files need (ids, numbers, places) and the sources of files with findings.
pub fn check_set(src: &SetSource, lang: Lang) -> Result<Findings, String> {
    match src {
        SetSource::Builtin => crate::builtin::findings(lang),
        SetSource::Dir(d) => load_dir(d, lang, Keep::Findings).map(|l| l.findings),
    }
}

/// What [`load_dir`] keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The whole set and its hash.
    Set,
    /// Only the findings (the set is `None`).
    Findings,
}

/// What reading and checking one field file of a set gave.
struct Entry {
    findings: Findings,
    /// The field; with `Keep::Findings` only what the checks across files need.
    field: Option<Field>,
    /// The file's text, for the set's hash (`Keep::Set` only).
    text: Option<String>,
}

/// Loads and checks the set in folder `d`: the manifest, then the field files on all cores,
/// then what spans files. Findings come in the same order as when read one by one.
fn load_dir(d: &Path, lang: Lang, keep: Keep) -> Result<Loaded, String> {
    let mut findings = Findings::default();
    match std::fs::metadata(d) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(tr!(
                lang,
                "{}: Ordner nicht gefunden",
                "{}: no such folder",
                d.display()
            ));
        }
        Ok(m) if m.is_dir() && !d.join(MANIFEST).exists() => {
            findings.push(
                Diagnostic::error(
                    "no-manifest",
                    &d.display().to_string(),
                    Loc::default(),
                    tr!(
                        lang,
                        "der Ordner enthält kein Manifest `{MANIFEST}`",
                        "the folder holds no manifest `{MANIFEST}`"
                    ),
                )
                .hint(tr!(
                    lang,
                    "Legen Sie eine `{MANIFEST}` an (siehe docs/checklist-format.md) oder geben Sie den richtigen Ordner an.",
                    "Create a `{MANIFEST}` (see docs/checklist-format.md) or point at the right folder."
                )),
            );
            return Ok(Loaded {
                set: None,
                findings,
            });
        }
        _ => {}
    }

    let mut hasher = Sha256::new();
    let Some((manifest, mtext)) =
        read_parse::<Manifest>(d, MANIFEST, lang, &mut findings, |_| None)?
    else {
        return Ok(Loaded {
            set: None,
            findings,
        });
    };
    hash_file(&mut hasher, &mtext);
    drop(mtext);
    let languages: Vec<String> = manifest.languages.iter().map(|l| l.value.clone()).collect();
    let mname = display(d, MANIFEST);
    let mut checker = Checker {
        out: &mut findings,
        lang,
        languages,
        ids: manifest.ids.value,
    };
    checker.manifest(&mname, &manifest);
    // A file listed more than once is read once (Checker::manifest reports it, once).
    let mut seen = std::collections::HashSet::new();
    let all = manifest.fields.value.as_slice();
    let entries: Vec<&Sp<String>> = all
        .iter()
        .filter(|e| seen.insert(e.value.as_str()))
        .collect();
    let duplicated = entries.len() < all.len();
    let languages = &checker.languages;
    let ids = checker.ids;
    let results = par_map(entries.len(), |i| {
        check_entry(d, entries[i], &mname, lang, languages, ids, keep)
    });
    let mut fields = Vec::new();
    let mut complete = !duplicated;
    for r in results {
        let r = r?;
        checker.out.extend(r.findings);
        match r.field {
            Some(field) => {
                if let Some(text) = &r.text {
                    hash_file(&mut hasher, text);
                }
                fields.push(field);
            }
            None => complete = false,
        }
    }
    checker.across_fields(&fields);
    let ids: Vec<&str> = fields.iter().map(|f| f.id.value.as_str()).collect();
    checker.profiles(&mname, &manifest, &ids);
    attach_sources(&mut findings, lang);
    let set = (complete && keep == Keep::Set).then(|| ChecklistSet {
        manifest,
        fields,
        sha256: hex(&hasher.finalize()),
        origin: d.display().to_string(),
    });
    Ok(Loaded { set, findings })
}

/// Reads, parses and checks field file `entry` of the set in `d`. `Err` for a usage error.
fn check_entry(
    d: &Path,
    entry: &Sp<String>,
    mname: &str,
    lang: Lang,
    languages: &[String],
    ids: crate::model::IdRule,
    keep: Keep,
) -> Result<Entry, String> {
    let mut findings = Findings::default();
    let mut checker = Checker {
        out: &mut findings,
        lang,
        languages: languages.to_vec(),
        ids,
    };
    let incomplete = |findings| Entry {
        findings,
        field: None,
        text: None,
    };
    if let Some(bad) = bad_entry(entry) {
        let d = Diagnostic::error(
            "field-file",
            mname,
            entry.loc,
            tr!(
                lang,
                "ungültiger Dateiname: {bad}",
                "invalid file name: {bad}"
            ),
        )
        .value(entry.value.clone())
        .hint(tr!(
            lang,
            "Nennen Sie Dateien relativ zum Manifest und im selben Ordner oder darunter.",
            "Name files relative to the manifest, in its folder or below."
        ));
        checker.out.push(d);
        return Ok(incomplete(findings));
    }
    let exists = std::fs::symlink_metadata(d.join(&entry.value)).is_ok();
    if !exists {
        checker.out.push(
            Diagnostic::error(
                "field-file",
                mname,
                entry.loc,
                tr!(
                    lang,
                    "die Handlungsfeld-Datei `{}` gibt es nicht",
                    "the field file `{}` does not exist",
                    entry.value
                ),
            )
            .value(entry.value.clone())
            .hint(tr!(
                lang,
                "Prüfen Sie den Dateinamen oder legen Sie die Datei an.",
                "Check the file name or create the file."
            )),
        );
        return Ok(incomplete(findings));
    }
    let name = display(d, &entry.value);
    match read_parse::<Field>(d, &entry.value, lang, checker.out, crate::fastfield::parse) {
        Ok(Some((mut field, text))) => {
            field.file = name.clone();
            match keep {
                Keep::Set => checker.field(&name, &field),
                // Only the findings are wanted: texts go as soon as they are checked.
                Keep::Findings => checker.field_shedding(&name, &mut field),
            }
            // Keep a file's source only when it has findings; attach_sources reads it again
            // for a finding across files.
            if findings.diagnostics.is_empty() {
                findings.sources.clear();
            }
            let (field, text) = match keep {
                Keep::Set => (field, Some(text)),
                Keep::Findings => (skeleton(field), None),
            };
            Ok(Entry {
                findings,
                field: Some(field),
                text,
            })
        }
        Ok(None) => Ok(incomplete(findings)),
        Err(usage) => {
            checker.out.push(Diagnostic::error(
                "unreadable",
                &name,
                Loc::default(),
                usage,
            ));
            Ok(incomplete(findings))
        }
    }
}

/// What the checks across files need of a field: its id, number, file and question ids with
/// their places. The texts are dropped, so that a large set's memory does not add up.
fn skeleton(f: Field) -> Field {
    Field {
        title: Sp::default(),
        description: Sp::default(),
        questions: Sp {
            loc: f.questions.loc,
            value: f
                .questions
                .value
                .into_iter()
                .map(|q| Question {
                    id: q.id,
                    text: Sp::default(),
                    help: None,
                    anchors: Anchors::default(),
                    recommendation: None,
                    weight: q.weight,
                    critical: q.critical,
                    references: References::default(),
                })
                .collect(),
        },
        ..f
    }
}

/// Reads again the files that only a check across files found something in (their sources
/// were not kept), so that the findings show their place in the source.
fn attach_sources(findings: &mut Findings, lang: Lang) {
    let missing: Vec<String> = findings
        .diagnostics
        .iter()
        .filter(|d| !findings.sources.contains_key(&*d.file))
        .map(|d| d.file.to_string())
        .collect();
    for name in missing {
        if findings.sources.contains_key(&name) {
            continue;
        }
        if let Ok(text) = read_text(Path::new(&name), &name, lang) {
            findings.sources.insert(name, std::sync::Arc::from(text));
        }
    }
}

/// `f(0)`, …, `f(n - 1)` on all cores, in order. Each worker takes the next index when it is
/// done with one, so memory holds one item in work per core, plus the results.
fn par_map<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(n);
    if threads <= 1 {
        return (0..n).map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, T)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            return out;
                        }
                        out.push((i, f(i)));
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, t)| t).collect()
}

/// Loads a set and insists that it has no errors: the set, or the findings to show.
pub fn load_usable(src: &SetSource, lang: Lang) -> Result<ChecklistSet, LoadFailure> {
    let loaded = load_set(src, lang).map_err(LoadFailure::Usage)?;
    match loaded.set {
        Some(set) if loaded.findings.errors() == 0 => Ok(set),
        _ => Err(LoadFailure::Invalid(loaded.findings)),
    }
}

/// Why a set could not be used.
#[derive(Debug)]
pub enum LoadFailure {
    /// A usage error (exit 2): missing folder, no permission.
    Usage(String),
    /// The set has errors (exit 1).
    Invalid(Findings),
}

/// Validates one field file on its own. Its languages come from a `set.yaml` beside it when
/// that can be read, otherwise `de` and `en`.
pub fn check_field_file(path: &Path, lang: Lang) -> Result<Findings, String> {
    let mut findings = Findings::default();
    let name = path.display().to_string();
    let mut languages = vec!["de".to_owned(), "en".to_owned()];
    let mut ids = crate::model::IdRule::default();
    if let Some(dir) = path.parent() {
        let mpath = dir.join(MANIFEST);
        if let Ok(t) = read_text(&mpath, &mpath.display().to_string(), lang)
            && let Ok(m) = parse_yaml::<Manifest>(&t, "", lang)
        {
            languages = m.languages.iter().map(|l| l.value.clone()).collect();
            ids = m.ids.value;
        }
    }
    let read = read_text(path, &name, lang);
    let Some((mut field, _)) =
        read_and_parse_with::<Field>(read, &name, lang, &mut findings, crate::fastfield::parse)?
    else {
        return Ok(findings);
    };
    field.file = name.clone();
    let mut checker = Checker {
        out: &mut findings,
        lang,
        languages,
        ids,
    };
    checker.field_shedding(&name, &mut field);
    checker.across_fields(std::slice::from_ref(&field));
    Ok(findings)
}

/// The name shown for file `rel` of the set in folder `d`.
fn display(d: &Path, rel: &str) -> String {
    d.join(rel).display().to_string()
}

fn read_parse<T: serde::de::DeserializeOwned>(
    d: &Path,
    rel: &str,
    lang: Lang,
    findings: &mut Findings,
    fast: fn(&str) -> Option<T>,
) -> Result<Option<(T, String)>, String> {
    let name = display(d, rel);
    let read = read_text(&d.join(rel), &name, lang);
    read_and_parse_with(read, &name, lang, findings, fast)
}

fn bad_entry(entry: &str) -> Option<&'static str> {
    let p = Path::new(entry);
    if entry.trim().is_empty() {
        Some("empty")
    } else if p.is_absolute() {
        Some("absolute path")
    } else if p.components().any(|c| matches!(c, Component::ParentDir)) {
        Some("`..`")
    } else {
        None
    }
}

fn hash_file(h: &mut Sha256, text: &str) {
    h.update((text.len() as u64).to_le_bytes());
    h.update(text.as_bytes());
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// SHA-256 of bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> SetSource {
        SetSource::Dir(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/sets")
                .join(name),
        )
    }

    /// `validate` (check_set, in parallel and without keeping the set) finds exactly what
    /// loading the set finds, in the same order, with the source of every file it names.
    #[test]
    fn check_set_finds_what_load_set_finds() {
        for name in ["broken", "two-fields"] {
            let src = fixture(name);
            let loaded = load_set(&src, Lang::En).expect("fixture");
            let checked = check_set(&src, Lang::En).expect("fixture");
            assert_eq!(checked.diagnostics, loaded.findings.diagnostics, "{name}");
            assert_eq!(checked.files, loaded.findings.files, "{name}");
            for d in &checked.diagnostics {
                if d.loc.offset.is_some() {
                    assert!(checked.sources.contains_key(&*d.file), "{name}: {}", d.file);
                }
            }
        }
    }

    #[test]
    fn par_map_keeps_the_order() {
        let v = par_map(1000, |i| i * 2);
        assert_eq!(v, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
        assert!(par_map(0, |i| i).is_empty());
    }
}
