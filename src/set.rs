//! Loading a checklist set, from a folder or from the copy built into the binary, with all
//! its findings, and the SHA-256 that identifies its content.

use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::{Diagnostic, Findings};
use crate::i18n::Lang;
use crate::load::{ReadError, parse_yaml, read_and_parse, read_text, text_from_bytes};
use crate::model::{ChecklistSet, Field, Loc, Manifest};
use crate::tr;
use crate::validate::Checker;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The manifest's file name inside a set folder.
pub const MANIFEST: &str = "set.yaml";

/// Where a set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetSource {
    /// The set built into the binary (source: checklists/ in the repository).
    Builtin,
    /// A folder holding a set.yaml.
    Dir(PathBuf),
}

impl SetSource {
    /// The name shown for a file of this set.
    fn display(&self, rel: &str) -> String {
        match self {
            SetSource::Builtin => format!("checklists/{rel}"),
            SetSource::Dir(d) => d.join(rel).display().to_string(),
        }
    }

    fn read(&self, rel: &str, lang: Lang) -> Result<String, ReadError> {
        let name = self.display(rel);
        match self {
            SetSource::Builtin => match builtin::FILES.iter().find(|(n, _)| *n == rel) {
                Some((_, text)) => text_from_bytes(text.as_bytes().to_vec(), &name, lang)
                    .map_err(|d| ReadError::Finding(Box::new(d))),
                None => Err(ReadError::Finding(Box::new(Diagnostic::error(
                    "missing-file",
                    &name,
                    Loc::default(),
                    tr!(
                        lang,
                        "Datei fehlt im eingebauten Set",
                        "file missing from the built-in set"
                    ),
                )))),
            },
            SetSource::Dir(d) => read_text(&d.join(rel), &name, lang),
        }
    }
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
    let mut findings = Findings::default();
    if let SetSource::Dir(d) = src {
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
    }
    let mut hasher = Sha256::new();
    let Some((manifest, mtext)) = read_parse::<Manifest>(src, MANIFEST, lang, &mut findings)?
    else {
        return Ok(Loaded {
            set: None,
            findings,
        });
    };
    hash_file(&mut hasher, &mtext);
    let languages: Vec<String> = manifest.languages.iter().map(|l| l.value.clone()).collect();
    let mname = src.display(MANIFEST);
    let mut checker = Checker {
        out: &mut findings,
        lang,
        languages,
        ids: manifest.ids.value,
    };
    checker.manifest(&mname, &manifest);
    let mut fields = Vec::new();
    let mut complete = true;
    for entry in manifest.fields.iter() {
        if let Some(bad) = bad_entry(entry) {
            let d = Diagnostic::error(
                "field-file",
                &mname,
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
            complete = false;
            continue;
        }
        let exists = match src {
            SetSource::Builtin => builtin::FILES.iter().any(|(n, _)| *n == entry.value),
            SetSource::Dir(d) => std::fs::symlink_metadata(d.join(&entry.value)).is_ok(),
        };
        if !exists {
            checker.out.push(
                Diagnostic::error(
                    "field-file",
                    &mname,
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
            complete = false;
            continue;
        }
        match read_parse::<Field>(src, &entry.value, lang, checker.out) {
            Ok(Some((mut field, text))) => {
                hash_file(&mut hasher, &text);
                field.file = src.display(&entry.value);
                checker.field(&field.file, &field);
                fields.push(field);
            }
            Ok(None) => complete = false,
            Err(usage) => {
                checker.out.push(Diagnostic::error(
                    "unreadable",
                    &src.display(&entry.value),
                    Loc::default(),
                    usage,
                ));
                complete = false;
            }
        }
    }
    checker.across_fields(&fields);
    let ids: Vec<&str> = fields.iter().map(|f| f.id.value.as_str()).collect();
    checker.profiles(&mname, &manifest, &ids);
    let set = complete.then(|| ChecklistSet {
        manifest,
        fields,
        sha256: hex(&hasher.finalize()),
        origin: match src {
            SetSource::Builtin => "built-in".into(),
            SetSource::Dir(d) => d.display().to_string(),
        },
    });
    Ok(Loaded { set, findings })
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
    let Some((mut field, _)) = read_and_parse::<Field>(read, &name, lang, &mut findings)? else {
        return Ok(findings);
    };
    field.file = name.clone();
    let mut checker = Checker {
        out: &mut findings,
        lang,
        languages,
        ids,
    };
    checker.field(&name, &field);
    checker.across_fields(std::slice::from_ref(&field));
    Ok(findings)
}

fn read_parse<T: serde::de::DeserializeOwned>(
    src: &SetSource,
    rel: &str,
    lang: Lang,
    findings: &mut Findings,
) -> Result<Option<(T, String)>, String> {
    let name = src.display(rel);
    read_and_parse(src.read(rel, lang), &name, lang, findings)
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
