//! Reading input files safely (size limit, UTF-8, emptiness, link loops) and parsing YAML
//! with serde-saphyr under explicit budgets, turning every failure into a located diagnostic.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Findings, did_you_mean};
use crate::i18n::Lang;
use crate::model::Loc;
use crate::tr;

/// Largest file cyberkompass reads: 8 MiB. A field file of 100 questions is about 60 KB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// How reading a path failed.
#[derive(Debug)]
pub enum ReadError {
    /// The path does not exist or may not be read: a usage problem (exit 2).
    Unusable(String),
    /// The file exists but its content is unusable: a finding (exit 1).
    Finding(Box<Diagnostic>),
}

/// Reads a UTF-8 text file of at most [`MAX_FILE_BYTES`], refusing empty files.
pub fn read_text(path: &Path, name: &str, lang: Lang) -> Result<String, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(e, name, lang))?;
    if meta.is_dir() {
        return Err(ReadError::Finding(Box::new(
            Diagnostic::error(
                "not-a-file",
                name,
                Loc::default(),
                tr!(
                    lang,
                    "ist ein Ordner, keine Datei",
                    "is a folder, not a file"
                ),
            )
            .hint(tr!(
                lang,
                "Geben Sie eine YAML-Datei oder einen Ordner mit set.yaml an.",
                "Give a YAML file, or a folder that holds a set.yaml."
            )),
        )));
    }
    if !meta.is_file() {
        return Err(not_regular(&meta, name, lang));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(name, meta.len(), lang));
    }
    let file = open_regular(path).map_err(|e| io_error(e, name, lang))?;
    // The path may have been swapped for a FIFO or device between stat() and open().
    let meta = file.metadata().map_err(|e| io_error(e, name, lang))?;
    if !meta.is_file() {
        return Err(not_regular(&meta, name, lang));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read one byte past the limit so that a file that grew after stat() is still caught.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(e, name, lang))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len() as u64, lang));
    }
    text_from_bytes(bytes, name, lang).map_err(|d| ReadError::Finding(Box::new(d)))
}

/// Opens a file for reading without blocking on a FIFO (O_NONBLOCK on Unix; it has no
/// effect on regular files, which are the only ones read).
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK);
    }
    o.open(path)
}

/// What kind of file `meta` describes, for a message.
fn kind_of(meta: &std::fs::Metadata, lang: Lang) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return tr!(lang, "eine benannte Pipe (FIFO)", "a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return tr!(lang, "ein Gerät", "a device");
        }
        if t.is_socket() {
            return tr!(lang, "ein Socket", "a socket");
        }
    }
    let _ = meta;
    tr!(lang, "eine Sonderdatei", "a special file")
}

fn not_regular(meta: &std::fs::Metadata, name: &str, lang: Lang) -> ReadError {
    let kind = kind_of(meta, lang);
    ReadError::Finding(Box::new(
        Diagnostic::error(
            "not-a-file",
            name,
            Loc::default(),
            tr!(
                lang,
                "ist {kind}, keine reguläre Datei; cyberkompass liest nur Dateien",
                "is {kind}, not a regular file; cyberkompass reads files only"
            ),
        )
        .hint(tr!(
            lang,
            "Speichern Sie den Inhalt in einer Datei und geben Sie deren Pfad an.",
            "Save the content to a file and give its path."
        )),
    ))
}

fn too_large(name: &str, len: u64, lang: Lang) -> ReadError {
    let max = MAX_FILE_BYTES;
    let mib = MAX_FILE_BYTES / 1_048_576;
    ReadError::Finding(Box::new(
        Diagnostic::error(
            "file-too-large",
            name,
            Loc::default(),
            tr!(
                lang,
                "Datei ist {len} Bytes groß; höchstens {max} Bytes ({mib} MiB) sind erlaubt",
                "file is {len} bytes; at most {max} bytes ({mib} MiB) are allowed"
            ),
        )
        .hint(tr!(
            lang,
            "Teilen Sie den Inhalt auf mehrere Handlungsfeld-Dateien auf.",
            "Split the content into several field files."
        )),
    ))
}

fn io_error(e: std::io::Error, name: &str, lang: Lang) -> ReadError {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => ReadError::Unusable(tr!(
            lang,
            "{name}: Datei oder Ordner nicht gefunden",
            "{name}: no such file or folder"
        )),
        PermissionDenied => ReadError::Unusable(tr!(
            lang,
            "{name}: keine Leseberechtigung",
            "{name}: permission denied"
        )),
        _ => {
            // ELOOP has no stable ErrorKind; name it plainly.
            let looped = e.raw_os_error() == Some(40);
            let message = if looped {
                tr!(
                    lang,
                    "symbolische Verknüpfungen bilden eine Schleife",
                    "symbolic links form a loop"
                )
            } else {
                tr!(lang, "nicht lesbar: {e}", "cannot be read: {e}")
            };
            ReadError::Finding(Box::new(
                Diagnostic::error("unreadable", name, Loc::default(), message).hint(tr!(
                    lang,
                    "Prüfen Sie den Pfad und ersetzen Sie die Verknüpfung durch die Datei selbst.",
                    "Check the path, and replace the link with the file itself."
                )),
            ))
        }
    }
}

/// Checks that `bytes` are UTF-8 and not empty, naming the place of the first bad byte.
pub fn text_from_bytes(bytes: Vec<u8>, name: &str, lang: Lang) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..good]);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(Diagnostic::error(
                "not-utf8",
                name,
                Loc {
                    line: line as u32,
                    column: column as u32,
                    offset: None,
                    len: 0,
                },
                tr!(
                    lang,
                    "die Datei ist nicht in UTF-8 kodiert (Byte 0x{:02X} an Position {good})",
                    "the file is not UTF-8 (byte 0x{:02X} at offset {good})",
                    bytes[good]
                ),
            )
            .hint(tr!(
                lang,
                "Speichern Sie die Datei im Editor als UTF-8 (z. B. aus Windows-1252 umwandeln).",
                "Save the file as UTF-8 in your editor (e.g. convert from Windows-1252)."
            )));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return Err(Diagnostic::error(
            "empty-file",
            name,
            Loc::START,
            tr!(lang, "die Datei ist leer", "the file is empty"),
        )
        .hint(tr!(
            lang,
            "Füllen Sie die Datei; `cyberkompass schema` zeigt, welche Schlüssel sie braucht.",
            "Fill in the file; `cyberkompass schema` shows the keys it needs."
        )));
    }
    Ok(text)
}

/// Records a file that was read (or could not be) in `findings` and parses it, reporting
/// every problem found. `Ok(None)` when it could not be read or parsed (the findings say
/// why); `Err` for a usage error (missing file, no permission).
pub fn read_and_parse<T: DeserializeOwned>(
    read: Result<String, ReadError>,
    name: &str,
    lang: Lang,
    findings: &mut Findings,
) -> Result<Option<(T, String)>, String> {
    read_and_parse_with(read, name, lang, findings, |_| None)
}

/// [`read_and_parse`] with a fast path: `fast` reads the canonical, well-formed texts that
/// make up nearly all input (e.g. [`crate::fastfield::parse`]) and returns `None` for anything
/// else, which serde-saphyr then parses and reports on exactly as before. `fast` must never
/// return a value serde-saphyr would not (the fast modules prove it in their tests).
pub fn read_and_parse_with<T: DeserializeOwned>(
    read: Result<String, ReadError>,
    name: &str,
    lang: Lang,
    findings: &mut Findings,
    fast: fn(&str) -> Option<T>,
) -> Result<Option<(T, String)>, String> {
    let text = match read {
        Ok(t) => t,
        Err(ReadError::Unusable(msg)) => return Err(msg),
        Err(ReadError::Finding(d)) => {
            findings.files += 1;
            findings.push(*d);
            return Ok(None);
        }
    };
    findings.files += 1;
    findings
        .sources
        .insert(name.to_owned(), std::sync::Arc::from(text.as_str()));
    let (value, diags) = match fast(&text) {
        Some(v) => (Some(v), Vec::new()),
        None => parse_yaml_all::<T>(&text, name, lang),
    };
    for d in diags {
        findings.push(d);
    }
    for d in tag_findings(&text, name, lang) {
        findings.push(d);
    }
    Ok(value.map(|v| (v, text)))
}

/// One finding per tag in `text` (`!!binary`, `!!str`, `!custom` …): the reader would decode
/// or coerce the value silently, so a tag is never accepted. The hint names the expected form
/// of the entry's key.
pub fn tag_findings(text: &str, name: &str, lang: Lang) -> Vec<Diagnostic> {
    crate::canonical::tags(text)
        .into_iter()
        .map(|t| {
            let tag = &t.tag;
            let (message, example) = match (&t.key, t.on_key) {
                (_, true) => (
                    tr!(
                        lang,
                        "Tag `{tag}` an einem Schlüssel: cyberkompass liest nur Werte ohne Tag",
                        "tag `{tag}` on a key: cyberkompass reads values without tags only"
                    ),
                    tr!(lang, "schlüssel: wert", "key: value"),
                ),
                (Some(k), false) => (
                    tr!(
                        lang,
                        "Tag `{tag}` am Wert von `{k}`: cyberkompass liest nur Werte ohne Tag",
                        "tag `{tag}` on the value of `{k}`: cyberkompass reads values without tags only"
                    ),
                    expected_form(k, lang),
                ),
                (None, false) => (
                    tr!(
                        lang,
                        "Tag `{tag}`: cyberkompass liest nur Werte ohne Tag",
                        "tag `{tag}`: cyberkompass reads values without tags only"
                    ),
                    tr!(lang, "- wert", "- value"),
                ),
            };
            let hint = if tag.ends_with("binary") {
                tr!(
                    lang,
                    "Löschen Sie `{tag}` und schreiben Sie den Text lesbar aus (nicht Base64), z. B. `{example}`.",
                    "Remove `{tag}` and write the text out readably (not Base64), e.g. `{example}`."
                )
            } else {
                tr!(
                    lang,
                    "Löschen Sie `{tag}` und schreiben Sie den Wert selbst, z. B. `{example}`.",
                    "Remove `{tag}` and write the value itself, e.g. `{example}`."
                )
            };
            Diagnostic::error("tag", name, t.loc, message)
                .value(tag.clone())
                .hint(hint)
        })
        .collect()
}

/// The keys whose values are numbers (or ratings).
const NUMBER_KEYS: &[&str] = &[
    "format",
    "number",
    "weight",
    "threshold",
    "rating",
    "a",
    "b",
    "target",
    "level",
];

/// The key of the block or flow mapping entry whose value starts at `loc` (`format` for
/// `format: 1.0`), read from the source line.
fn key_of_value(text: &str, loc: Loc) -> Option<&str> {
    let off = loc.offset?;
    let line_start = text.get(..off)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text[line_start..off].trim_end().strip_suffix(':')?;
    before
        .rsplit([' ', '\t', '{', ',', '-'])
        .next()
        .filter(|k| !k.is_empty())
}

/// The canonical form of the value of `key`, as an example entry.
fn expected_form(key: &str, lang: Lang) -> String {
    match key {
        "format" => "format: 1".to_owned(),
        "number" => "number: 1".to_owned(),
        "weight" => "weight: 3".to_owned(),
        "threshold" => "threshold: 0.8".to_owned(),
        "rating" | "a" | "b" => tr!(
            lang,
            "{key}: 3` (0 bis 5) oder `{key}: n/a",
            "{key}: 3` (0 to 5) or `{key}: n/a"
        ),
        "target" | "level" | "target_level" => format!("{key}: 3"),
        "critical" | "evidence_sighted" => format!("{key}: true"),
        "date" | "due" | "created" | "updated" => format!("{key}: 2026-03-31"),
        k => tr!(lang, "{k}: Text ohne Tag", "{k}: text without a tag"),
    }
}

/// The serde-saphyr options cyberkompass parses with: explicit budgets against alias bombs,
/// deep nesting and huge documents, duplicate keys rejected, one document per file.
pub fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_documents: 1,
            max_nodes: 1_000_000,
            max_events: 2_000_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_total_scalar_bytes: MAX_FILE_BYTES as usize,
            max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
            max_merge_keys: 100,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_replay_stack_depth: 16,
            max_alias_expansions_per_anchor: 100,
        },
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        with_snippet: false,
    }
}

/// Parses YAML text into `T`, or returns one located diagnostic that says how to fix it.
pub fn parse_yaml<T: DeserializeOwned>(
    text: &str,
    name: &str,
    lang: Lang,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options::<T>(text, yaml_options())
        .map_err(|e| yaml_error(&e, text, name, lang))
}

/// How much repaired text [`parse_yaml_all`] parses again, in all.
pub const REPAIR_BUDGET_BYTES: usize = 2 * MAX_FILE_BYTES as usize;

/// How a fast reader's result compares with [`parse_yaml`] on `text` (for the fast readers'
/// tests and fuzz targets, `fastread` and `fastfield`): `Ok(true)` when the fast reader read
/// it and serde-saphyr read the same value with the same places, `Ok(false)` when the fast
/// reader declined, `Err` (both results, from where they part) when they differ or serde-saphyr
/// refused what the fast reader read.
pub fn agrees_with_serde_saphyr<T>(fast: Option<T>, text: &str, name: &str) -> Result<bool, String>
where
    T: DeserializeOwned + serde::Serialize + std::fmt::Debug,
{
    let Some(fast) = fast else {
        return Ok(false);
    };
    let slow = parse_yaml::<T>(text, name, Lang::En)
        .map_err(|d| format!("the fast path read what serde-saphyr refuses: {d:?}"))?;
    // The compact form (src/compact.rs) writes every `Sp` as (value, place).
    let places = |v: &T| crate::compact::to_parts(v).map_err(|e| e.to_string());
    let (f, s) = (places(&fast)?, places(&slow)?);
    if f == s {
        return Ok(true);
    }
    // Show where they part: values first; when only places differ, the compact form.
    let (f, s) = match (format!("{fast:?}"), format!("{slow:?}")) {
        (a, b) if a != b => (a, b),
        _ => (format!("{f:?}"), format!("{s:?}")),
    };
    let at = f
        .char_indices()
        .zip(s.chars())
        .find(|((_, a), b)| a != b)
        .map_or(f.len().min(s.len()), |((i, _), _)| i);
    let at = at.saturating_sub(200);
    let at = (0..=at)
        .rev()
        .find(|&i| f.is_char_boundary(i) && s.is_char_boundary(i))
        .unwrap_or(0);
    let part = |x: &str| x[at..].chars().take(400).collect::<String>();
    Err(format!(
        "the fast path and serde-saphyr differ:\nfast: …{}\nslow: …{}",
        part(&f),
        part(&s)
    ))
}
/// Parses YAML text into `T`, reporting as many problems as possible in one run: an unknown
/// or duplicate key in block style is reported, blanked out (byte positions kept) and the
/// text parsed again, up to 50 times and at most [`REPAIR_BUDGET_BYTES`] of re-parsed text in
/// all (so an 8 MiB file is parsed at most three times, a small one up to 50). Returns the
/// value when the repaired text parses, with every diagnostic found on the way.
pub fn parse_yaml_all<T: DeserializeOwned>(
    text: &str,
    name: &str,
    lang: Lang,
) -> (Option<T>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut current: Option<String> = None;
    let mut budget = REPAIR_BUDGET_BYTES;
    for _ in 0..50 {
        let t = current.as_deref().unwrap_or(text);
        if current.is_some() {
            match budget.checked_sub(t.len()) {
                Some(b) => budget = b,
                // Enough found for one run; the next run finds the rest.
                None => return (None, diags),
            }
        }
        match parse_yaml::<T>(t, name, lang) {
            Ok(v) => return (Some(v), diags),
            Err(d) => {
                let repaired = matches!(d.code, "unknown-key" | "duplicate-key")
                    .then(|| blank_entry(t, d.loc))
                    .flatten();
                diags.push(d);
                match repaired {
                    Some(r) => current = Some(r),
                    None => return (None, diags),
                }
            }
        }
    }
    (None, diags)
}

/// Blanks out the block-style mapping entry whose key starts at `loc` (the key, its value and
/// the more-indented lines below it), replacing every byte with a space so that all other
/// positions stay the same. None when the entry is not in block style.
fn blank_entry(text: &str, loc: Loc) -> Option<String> {
    let line_no = loc.line.checked_sub(1)? as usize;
    let col = loc.column.checked_sub(1)? as usize;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line = lines.get(line_no)?;
    let prefix: String = line.chars().take(col).collect();
    let p = prefix.trim();
    if !(p.is_empty() || p == "-") || prefix.contains('\t') {
        return None;
    }
    let blank = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c == '\n' {
                    "\n".to_owned()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect()
    };
    let mut out = String::with_capacity(text.len());
    for l in &lines[..line_no] {
        out.push_str(l);
    }
    out.push_str(&prefix);
    out.push_str(&blank(&line[prefix.len()..]));
    let mut i = line_no + 1;
    while let Some(l) = lines.get(i) {
        let indent = l.len() - l.trim_start_matches(' ').len();
        if l.trim().is_empty() || indent > col {
            out.push_str(&blank(l));
            i += 1;
        } else {
            break;
        }
    }
    for l in &lines[i..] {
        out.push_str(l);
    }
    Some(out)
}

/// Turns a serde-saphyr error into a diagnostic: kind, place, message, value and hint.
pub fn yaml_error(e: &serde_saphyr::Error, text: &str, name: &str, lang: Lang) -> Diagnostic {
    let inner = e.without_snippet();
    let loc = inner
        .location()
        .map(Loc::from_saphyr)
        .filter(Loc::is_known)
        .map(|l| fill_offset(l, text))
        .unwrap_or_default();
    let from_parser = matches!(inner, serde_saphyr::Error::ExternalMessage { .. });
    let raw = inner.to_string();
    let raw = strip_location_suffix(&raw);
    let lower = raw.to_lowercase();

    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let (key, expected) = split_expected(rest);
        let hint = match did_you_mean(&key, expected.iter().map(String::as_str)) {
            Some(s) => tr!(lang, "Meinten Sie `{s}`?", "Did you mean `{s}`?"),
            None => tr!(
                lang,
                "Erlaubt sind hier: {}",
                "Allowed here: {}",
                expected.join(", ")
            ),
        };
        return Diagnostic::error(
            "unknown-key",
            name,
            loc,
            tr!(lang, "unbekannter Schlüssel `{key}`", "unknown key `{key}`"),
        )
        .value(key)
        .hint(hint);
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (v, expected) = split_expected(rest);
        let hint = match did_you_mean(&v, expected.iter().map(String::as_str)) {
            Some(s) => tr!(lang, "Meinten Sie `{s}`?", "Did you mean `{s}`?"),
            None => tr!(lang, "Erlaubt sind: {}", "Allowed: {}", expected.join(", ")),
        };
        return Diagnostic::error(
            "unknown-value",
            name,
            loc,
            tr!(lang, "unbekannter Wert `{v}`", "unknown value `{v}`"),
        )
        .value(v)
        .hint(hint);
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("").to_owned();
        return Diagnostic::error(
            "missing-key",
            name,
            loc,
            tr!(
                lang,
                "der Pflichtschlüssel `{key}` fehlt",
                "required key `{key}` is missing"
            ),
        )
        .hint(tr!(
            lang,
            "Ergänzen Sie `{key}:` in diesem Abschnitt (siehe docs/checklist-format.md).",
            "Add `{key}:` to this mapping (see docs/checklist-format.md)."
        ));
    }
    if let Some(rest) = raw.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set ").next().unwrap_or(rest).to_owned();
        return Diagnostic::error(
            "duplicate-key",
            name,
            loc,
            tr!(lang, "doppelter Schlüssel `{key}`", "duplicate key `{key}`"),
        )
        .value(key)
        .hint(tr!(
            lang,
            "Jeder Schlüssel darf in einem Abschnitt nur einmal stehen; löschen oder benennen Sie einen um.",
            "Each key may appear once per mapping; remove or rename one of them."
        ));
    }
    if lower.contains("budget")
        || lower.contains("alias")
        || lower.contains("depth")
        || lower.contains("nesting")
    {
        return Diagnostic::error(
            "resource-limit",
            name,
            loc,
            tr!(
                lang,
                "die Datei überschreitet eine Grenze des Lesers: {raw}",
                "the file exceeds a limit of the reader: {raw}"
            ),
        )
        .hint(tr!(
            lang,
            "Checklisten brauchen weder tiefe Verschachtelung noch viele Aliase (*name); schreiben Sie die Werte aus.",
            "Checklists need neither deep nesting nor many aliases (*name); write the values out."
        ));
    }
    let raw = parser_text(&raw, lang);
    if !from_parser
        && (lower.starts_with("invalid ")
            || lower.starts_with("invalid value")
            || lower.contains("expected"))
    {
        let d = Diagnostic::error(
            "wrong-type",
            name,
            loc,
            tr!(lang, "falscher Typ: {raw}", "wrong type: {raw}"),
        );
        // A number written in another form (`format: 1.0`, `weight: 03`): name the expected one.
        if let Some(key) = key_of_value(text, loc).filter(|k| NUMBER_KEYS.contains(k)) {
            let example = expected_form(key, lang);
            return d.hint(match key {
                "threshold" => tr!(
                    lang,
                    "Schreiben Sie `{example}`: eine Dezimalzahl mit Punkt, ohne Anführungszeichen oder Tag.",
                    "Write `{example}`: a decimal number with a point, without quotes or tag."
                ),
                "rating" | "a" | "b" => tr!(
                    lang,
                    "Schreiben Sie `{example}`, ohne Anführungszeichen oder Tag.",
                    "Write `{example}`, without quotes or tag."
                ),
                _ => tr!(
                    lang,
                    "Schreiben Sie `{example}`: eine ganze Zahl ohne Anführungszeichen, Vorzeichen, Präfix, Nachkommastellen oder Tag.",
                    "Write `{example}`: a whole number without quotes, sign, prefix, decimals or tag."
                ),
            });
        }
        return d.hint(tr!(
            lang,
            "Vergleichen Sie mit docs/checklist-format.md: Texte sind Abschnitte mit `de:` und `en:`, Listen beginnen mit `- `, Gewichte sind ganze Zahlen > 0.",
            "Compare with docs/checklist-format.md: texts are mappings with `de:` and `en:`, lists start with `- `, weights are whole numbers > 0."
        ));
    }
    Diagnostic::error(
        "yaml-syntax",
        name,
        loc,
        tr!(lang, "ungültiges YAML: {raw}", "invalid YAML: {raw}"),
    )
    .hint(tr!(
        lang,
        "Prüfen Sie Einrückung (Leerzeichen, keine Tabs), Doppelpunkte und Anführungszeichen an dieser Stelle.",
        "Check indentation (spaces, no tabs), colons and quotes at this place."
    ))
}

/// The parser's (serde-saphyr's) message in `lang`: the common ones translated, in German
/// with the English original in parentheses so that it can still be searched for; others as
/// they are.
pub fn parser_text(raw: &str, lang: Lang) -> String {
    let de = parser_german(raw);
    match (lang, de) {
        (Lang::De, Some(de)) => format!("{de} ({raw})"),
        (Lang::En, _) | (_, None) => match raw {
            "invalid u8" | "invalid u32" | "invalid u64" | "invalid i64" => {
                "not a whole number".to_owned()
            }
            "invalid f64" => "not a number".to_owned(),
            "invalid boolean" => "not true or false".to_owned(),
            "expected mapping start" => "a mapping (`key: value`) belongs here".to_owned(),
            "expected sequence start" => "a list (`- …`) belongs here".to_owned(),
            "expected string scalar" => "a text belongs here".to_owned(),
            _ => raw.to_owned(),
        },
    }
}

/// The German text of a parser message, for the messages users meet.
fn parser_german(raw: &str) -> Option<String> {
    let starts = |p: &str| raw.starts_with(p);
    Some(match raw {
        "invalid u8" | "invalid u32" | "invalid u64" | "invalid i64" => "keine ganze Zahl".into(),
        "invalid f64" => "keine Zahl".into(),
        "invalid boolean" => "kein Wahrheitswert (true oder false)".into(),
        "expected mapping start" => "hier gehört ein Abschnitt mit `schlüssel: wert` hin".into(),
        "expected sequence start" => "hier gehört eine Liste (`- …`) hin".into(),
        "expected string scalar" => "hier gehört ein Text hin".into(),
        _ if starts("unclosed quote") => "Anführungszeichen nicht geschlossen".into(),
        _ if starts("unclosed bracket '['") => "eckige Klammer `[` nicht geschlossen".into(),
        _ if starts("unclosed bracket '{'") => "geschweifte Klammer `{` nicht geschlossen".into(),
        _ if starts("mapping values are not allowed") => {
            "hier ist kein `schlüssel: wert` erlaubt (zu tief eingerückt oder `: ` im Wert)".into()
        }
        _ if starts("while parsing a block mapping, did not find expected key") => {
            "Einrückung passt nicht: hier wird ein Schlüssel in der Spalte der Schlüssel darüber erwartet".into()
        }
        _ if starts("while parsing a block collection, did not find expected '-'") => {
            "Einrückung passt nicht: hier wird ein Listeneintrag (`- …`) erwartet".into()
        }
        _ if raw.contains("found a tab") || raw.contains("tab character") => {
            "Tabulator gefunden: YAML rückt nur mit Leerzeichen ein".into()
        }
        _ if starts("alias references unknown anchor") => {
            "der Alias (`*name`) verweist auf einen unbekannten Anker (`&name`)".into()
        }
        _ if starts("unexpected character") => "unerwartetes Zeichen".into(),
        _ if starts("invalid trailing content after") => {
            "nach dem schließenden Anführungszeichen folgt noch Text".into()
        }
        _ if starts("duplicate version directive") => "doppelte `%YAML`-Angabe".into(),
        _ if raw.contains("end of stream") || raw.contains("unexpected end") => {
            "die Datei endet unerwartet".into()
        }
        _ if starts("did not find expected") || raw.contains("did not find expected") => {
            "Einrückung oder Zeichensetzung passt hier nicht".into()
        }
        _ if starts("invalid type") => "falscher Typ".into(),
        _ => return None,
    })
}

/// serde-saphyr appends " at line L, column C" to some messages; the diagnostic has its own.
fn strip_location_suffix(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// From "key`, expected one of a, b" (or "`a`, `b`") returns ("key", ["a", "b"]).
fn split_expected(rest: &str) -> (String, Vec<String>) {
    let mut parts = rest.splitn(2, '`');
    let key = parts.next().unwrap_or("").to_owned();
    let tail = parts.next().unwrap_or("");
    let list = tail
        .split_once("expected one of ")
        .or_else(|| tail.split_once("expected "))
        .map_or("", |(_, l)| l);
    let expected = list
        .split(", ")
        .map(|s| s.trim_matches('`').trim().to_owned())
        .filter(|s| !s.is_empty() && !s.contains(' '))
        .collect();
    (key, expected)
}

/// Computes the byte offset of a line/column location when the parser did not give one.
fn fill_offset(mut l: Loc, text: &str) -> Loc {
    if l.offset.is_none() && l.line > 0 {
        let mut off = 0usize;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i + 1 == l.line as usize {
                let col: usize = line
                    .chars()
                    .take(l.column.saturating_sub(1) as usize)
                    .map(char::len_utf8)
                    .sum();
                l.offset = Some(off + col);
                break;
            }
            off += line.len();
        }
    }
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;

    fn err(yaml: &str) -> Diagnostic {
        parse_yaml::<Field>(yaml, "f.yaml", Lang::En).expect_err("must fail")
    }

    #[test]
    fn parser_messages_in_german_keep_the_original() {
        for (yaml, de) in [
            (
                "id: 'unclosed\nnumber: 1\n",
                "Anführungszeichen nicht geschlossen (unclosed quote)",
            ),
            (
                "id: x\n  title: y\n",
                "hier ist kein `schlüssel: wert` erlaubt",
            ),
            ("id: x\ntitle:\n  de: a\n en: b\n", "Einrückung passt nicht"),
            ("id: [a, b\n", "eckige Klammer `[` nicht geschlossen"),
            ("id: x\nnumber: abc\n", "keine ganze Zahl (invalid u32)"),
            ("id: x\nid: y\n", "doppelter Schlüssel `id`"),
        ] {
            let d = parse_yaml::<serde_json::Value>(yaml, "f.yaml", Lang::De)
                .err()
                .or_else(|| parse_yaml::<Field>(yaml, "f.yaml", Lang::De).err())
                .expect("must fail");
            assert!(d.message.contains(de), "{yaml:?}: {}", d.message);
            assert!(
                !d.message.starts_with("ungültiges YAML: unclosed"),
                "{}",
                d.message
            );
        }
        let en = parse_yaml::<Field>("id: 'unclosed\n", "f.yaml", Lang::En).expect_err("fails");
        assert_eq!(en.message, "invalid YAML: unclosed quote");
    }

    #[test]
    fn unknown_key_suggests() {
        let d = err("id: a\nnumber: 1\ntitel: {de: x}\n");
        assert_eq!(d.code, "unknown-key");
        assert_eq!(d.value.as_deref(), Some("titel"));
        assert_eq!(d.hint.as_deref(), Some("Did you mean `title`?"));
        assert_eq!((d.loc.line, d.loc.column), (3, 1));
    }

    #[test]
    fn several_unknown_and_duplicate_keys_in_one_run() {
        let yaml = "id: a\nnumber: 1\ntitel:\n  de: x\n  en: y\ntitle: {de: T, en: T}\nnumber: 2\ndescription: {de: D, en: D}\nquestions:\n  - id: AB-01\n    txt: {de: x}\n    text: {de: Ä, en: A}\n";
        let (v, diags) = parse_yaml_all::<Field>(yaml, "f.yaml", Lang::En);
        let codes: Vec<(&str, u32)> = diags.iter().map(|d| (d.code, d.loc.line)).collect();
        assert_eq!(
            codes,
            [
                ("unknown-key", 3),
                ("duplicate-key", 7),
                ("unknown-key", 11)
            ]
        );
        let f = v.expect("repaired text parses");
        assert_eq!(f.questions[0].text.get("de"), "Ä");
        assert_eq!(f.questions[0].text.loc.line, 12);
        assert_eq!(f.questions[0].text.0["de"].loc.offset, yaml.find("Ä"));
    }

    #[test]
    fn repairs_are_bounded_by_the_bytes_parsed_again() {
        let keys: String = (0..60).map(|i| format!("zz{i}: 1\n")).collect();
        let small = format!("id: a\nnumber: 1\n{keys}");
        let (_, d) = parse_yaml_all::<Field>(&small, "f.yaml", Lang::En);
        assert_eq!(d.len(), 50, "a small file gets up to 50 repairs");
        let big = format!(
            "id: a\nnumber: 1\ndescription: {{de: \"{}\"}}\n{keys}",
            "x".repeat(1 << 20)
        );
        let (_, d) = parse_yaml_all::<Field>(&big, "f.yaml", Lang::En);
        let most = 1 + REPAIR_BUDGET_BYTES / big.len();
        assert!(!d.is_empty() && d.len() <= most, "{} > {most}", d.len());
    }

    #[test]
    fn missing_key_named() {
        let d = err("id: a\nnumber: 1\n");
        assert_eq!(d.code, "missing-key");
        assert!(d.message.contains("title"), "{}", d.message);
    }

    #[test]
    fn list_where_mapping_belongs() {
        let d = err("- a\n- b\n");
        assert_eq!(d.code, "wrong-type", "{d:?}");
        assert_eq!(d.loc.line, 1);
    }

    #[test]
    fn duplicate_keys_rejected() {
        let d = err("id: a\nid: b\n");
        assert_eq!(d.code, "duplicate-key", "{d:?}");
        assert_eq!(d.loc.line, 2);
    }

    #[test]
    fn syntax_error_located() {
        let d = err("id: 'a\nnumber: 1\n");
        assert_eq!(d.code, "yaml-syntax", "{d:?}");
        assert!(d.loc.is_known());
    }

    #[test]
    fn budgets_stop_alias_bombs_and_deep_nesting() {
        // Parsed into a generic value, so that only the budgets can stop them.
        let mut bomb = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let r = serde_saphyr::from_str_with_options::<serde_json::Value>(&bomb, yaml_options());
        assert!(r.is_err(), "alias bomb must be refused");
        let deep = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let r = serde_saphyr::from_str_with_options::<serde_json::Value>(&deep, yaml_options());
        assert!(r.is_err(), "deep flow nesting must be refused");
        let block: String = (0..200).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let r = serde_saphyr::from_str_with_options::<serde_json::Value>(&block, yaml_options());
        assert!(r.is_err(), "deep block nesting must be refused");
    }

    #[test]
    fn not_utf8_located() {
        let d = text_from_bytes(b"id: a\ntitle: \xe4\n".to_vec(), "f.yaml", Lang::En).unwrap_err();
        assert_eq!(d.code, "not-utf8");
        assert_eq!((d.loc.line, d.loc.column), (2, 8));
    }

    #[test]
    fn empty_and_comment_only_files() {
        for t in ["", "   \n", "# nur ein Kommentar\n"] {
            let d = text_from_bytes(t.as_bytes().to_vec(), "f.yaml", Lang::En).unwrap_err();
            assert_eq!(d.code, "empty-file");
        }
    }

    #[test]
    fn size_message_names_exact_bytes() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("big.yaml");
        let f = std::fs::File::create(&p).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        let Err(ReadError::Finding(diag)) = read_text(&p, "big.yaml", Lang::En) else {
            panic!("must be a finding");
        };
        assert_eq!(diag.code, "file-too-large");
        assert!(
            diag.message
                .contains("8388609 bytes; at most 8388608 bytes (8 MiB)"),
            "{}",
            diag.message
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("pipe.yaml");
        let st = std::process::Command::new("mkfifo")
            .arg(&p)
            .status()
            .unwrap();
        assert!(st.success());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = read_text(&p, "pipe.yaml", Lang::En);
            let _ = tx.send(r.map(|_| ()));
        });
        let r = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("read_text must not block on a FIFO");
        let Err(ReadError::Finding(diag)) = r else {
            panic!("must be a finding");
        };
        assert_eq!(diag.code, "not-a-file");
        assert!(diag.message.contains("FIFO"), "{}", diag.message);
    }
}
