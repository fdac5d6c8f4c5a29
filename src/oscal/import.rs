//! Import: an OSCAL catalog (optionally narrowed and parameterised by a profile) becomes the
//! files of a checklist set that `validate` accepts. Groups become fields of action (nested
//! groups folded into their top-level group), controls at any depth become questions that
//! keep their OSCAL ids (`ids: oscal`), BSI modal verbs set weight and `critical`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use serde_json::Value;

use super::{NS, unescape_markdown};
use crate::assessment::quoted;
use crate::i18n::Lang;
use crate::model::{Manifest, Text};
use crate::tr;
use crate::validate::{is_grundschutz_id, is_iso_annex_a_id, is_nis2_letter, is_oscal_id};

/// The largest catalog or profile file read, in bytes (64 MiB).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

/// Which BSI security levels (`sec_level` prop) to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SecLevel {
    /// Only `normal-SdT` (state of the art for normal protection needs) and controls without
    /// a `sec_level`.
    #[default]
    Normal,
    /// Every control, including `erhöht` (elevated protection needs).
    All,
}

/// Options of [`import`].
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The set id; default: derived from the catalog's title.
    pub set_id: Option<String>,
    /// Which security levels to import.
    pub sec_level: SecLevel,
}

/// One input file: its name (as shown in messages and matched against profile imports) and
/// its bytes.
#[derive(Debug, Clone, Copy)]
pub struct InputFile<'a> {
    /// The file's path as given.
    pub name: &'a str,
    /// Its content.
    pub bytes: &'a [u8],
}

/// Why a catalog could not be imported: the file, where in it, what and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file.
    pub file: String,
    /// JSON path of the offending value (`$.catalog.groups[0].controls[3].id`), or `$`.
    pub path: String,
    /// 1-based line and column for JSON syntax errors; 0 otherwise.
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}:{}: ", self.file, self.line, self.column)?;
        } else {
            write!(f, "{}: {}: ", self.file, self.path)?;
        }
        write!(f, "{}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  {}", self.hint)?;
        }
        Ok(())
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Controls found in the catalog (all depths).
    pub controls: usize,
    /// Controls that became questions.
    pub imported: usize,
    /// Controls skipped because they (or a parent) are withdrawn.
    pub withdrawn: usize,
    /// Controls skipped by `--sec-level`.
    pub sec_level: usize,
    /// Controls the profile does not select.
    pub not_selected: usize,
    /// Fields of action written.
    pub fields: usize,
    /// Questions marked critical (BSI `MUSS`).
    pub critical: usize,
    /// Parameter inserts replaced by a value, choice or label.
    pub parameters: usize,
    /// Profile `alters` that were not applied.
    pub alters_ignored: usize,
}

/// The set as files (name relative to the set folder, YAML text), the manifest first.
#[derive(Debug, Clone)]
pub struct Imported {
    /// `set.yaml` and one file per field.
    pub files: Vec<(String, String)>,
    /// What was done.
    pub summary: Summary,
}

struct Err<'a> {
    file: &'a str,
}

impl Err<'_> {
    fn at(&self, path: &str, message: String, hint: String) -> ImportError {
        ImportError {
            file: self.file.to_owned(),
            path: path.to_owned(),
            line: 0,
            column: 0,
            message,
            hint,
        }
    }
}

const MODELS: [&str; 9] = [
    "catalog",
    "profile",
    "mapping-collection",
    "component-definition",
    "system-security-plan",
    "assessment-plan",
    "assessment-results",
    "plan-of-action-and-milestones",
    "mapping",
];

/// Parses an OSCAL JSON file and returns the model's name and its object.
fn parse_model(input: InputFile, lang: Lang) -> Result<(String, Value), ImportError> {
    let e = Err { file: input.name };
    if input.bytes.len() > MAX_BYTES {
        return Err(e.at(
            "$",
            tr!(
                lang,
                "die Datei ist größer als {} MiB",
                "the file is larger than {} MiB",
                MAX_BYTES / 1024 / 1024
            ),
            tr!(
                lang,
                "Teilen Sie den Katalog auf oder importieren Sie einen kleineren Auszug.",
                "Split the catalog or import a smaller excerpt."
            ),
        ));
    }
    let v: Value = serde_json::from_slice(input.bytes).map_err(|je| ImportError {
        file: input.name.to_owned(),
        path: "$".into(),
        line: je.line(),
        column: je.column(),
        message: tr!(lang, "kein gültiges JSON: {}", "not valid JSON: {}", je),
        hint: tr!(
            lang,
            "OSCAL-Kataloge werden als JSON gelesen (nicht XML oder YAML).",
            "OSCAL catalogs are read as JSON (not XML or YAML)."
        ),
    })?;
    let Value::Object(mut root) = v else {
        return Err(e.at(
            "$",
            tr!(
                lang,
                "die Datei ist kein JSON-Objekt",
                "the file is not a JSON object"
            ),
            tr!(
                lang,
                "Ein OSCAL-Dokument ist ein Objekt mit genau einem Modell, z. B. {{\"catalog\": …}}.",
                "An OSCAL document is an object holding one model, e.g. {{\"catalog\": …}}."
            ),
        ));
    };
    root.remove("$schema");
    let keys: Vec<String> = root.keys().cloned().collect();
    match keys.as_slice() {
        [k] if MODELS.contains(&k.as_str()) => {
            let model = root.remove(k).unwrap_or(Value::Null);
            if !model.is_object() {
                return Err(e.at(
                    &format!("$.{k}"),
                    tr!(lang, "`{k}` ist kein Objekt", "`{k}` is not an object"),
                    String::new(),
                ));
            }
            Ok((k.clone(), model))
        }
        _ => Err(e.at(
            "$",
            tr!(
                lang,
                "kein OSCAL-Dokument: erwartet wird genau ein Modell, gefunden: {}",
                "not an OSCAL document: expected one model, found: {}",
                if keys.is_empty() {
                    "-".to_owned()
                } else {
                    keys.join(", ")
                }
            ),
            tr!(
                lang,
                "Erwartet wird z. B. {{\"catalog\": {{…}}}}.",
                "Expected e.g. {{\"catalog\": {{…}}}}."
            ),
        )),
    }
}

/// What a profile selects from the catalog, and its parameter values.
#[derive(Default)]
struct Selection {
    all: bool,
    ids: HashSet<String>,
    with_children: HashSet<String>,
    exclude: HashSet<String>,
    exclude_children: HashSet<String>,
    params: HashMap<String, String>,
    alters: usize,
}

fn basename(s: &str) -> &str {
    s.rsplit(['/', '\\']).next().unwrap_or(s)
}

fn id_lists(v: &Value, ids: &mut HashSet<String>, children: &mut HashSet<String>) {
    for entry in v.as_array().into_iter().flatten() {
        let with_children = entry["with-child-controls"].as_str() == Some("yes");
        for id in entry["with-ids"].as_array().into_iter().flatten() {
            if let Some(id) = id.as_str() {
                ids.insert(id.to_owned());
                if with_children {
                    children.insert(id.to_owned());
                }
            }
        }
    }
}

fn profile_selection(
    profile: InputFile,
    catalog_name: &str,
    lang: Lang,
) -> Result<Selection, ImportError> {
    let e = Err { file: profile.name };
    let (model, p) = parse_model(profile, lang)?;
    if model != "profile" {
        return Err(e.at(
            "$",
            tr!(
                lang,
                "erwartet wird ein OSCAL-Profil, gefunden: {model}",
                "expected an OSCAL profile, found {model}"
            ),
            tr!(
                lang,
                "`--profile` nimmt ein Profil; den Katalog geben Sie als erstes Argument an.",
                "`--profile` takes a profile; give the catalog as the first argument."
            ),
        ));
    }
    let resources: HashMap<&str, &str> = p["back-matter"]["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| Some((r["uuid"].as_str()?, r["rlinks"][0]["href"].as_str()?)))
        .collect();
    let imports = p["imports"].as_array().cloned().unwrap_or_default();
    let href_of = |imp: &Value| -> String {
        let h = imp["href"].as_str().unwrap_or("");
        match h.strip_prefix('#') {
            Some(u) => resources.get(u).copied().unwrap_or(h).to_owned(),
            None => h.to_owned(),
        }
    };
    let want = basename(catalog_name);
    let chosen = imports
        .iter()
        .position(|i| basename(&href_of(i)) == want)
        .or_else(|| (imports.len() == 1).then_some(0));
    let Some(ix) = chosen else {
        let hrefs: Vec<String> = imports.iter().map(href_of).collect();
        return Err(e.at(
            "$.profile.imports",
            tr!(
                lang,
                "das Profil importiert den Katalog `{want}` nicht (es importiert: {})",
                "the profile does not import the catalog `{want}` (it imports: {})",
                hrefs.join(", ")
            ),
            tr!(
                lang,
                "Geben Sie den Katalog an, den das Profil nennt; je Aufruf wird ein Katalog des Profils importiert.",
                "Give the catalog the profile names; each run imports one of the profile's catalogs."
            ),
        ));
    };
    let imp = &imports[ix];
    let mut sel = Selection {
        all: imp.get("include-all").is_some(),
        ..Selection::default()
    };
    id_lists(
        &imp["include-controls"],
        &mut sel.ids,
        &mut sel.with_children,
    );
    id_lists(
        &imp["exclude-controls"],
        &mut sel.exclude,
        &mut sel.exclude_children,
    );
    if !sel.all && sel.ids.is_empty() {
        sel.all = imp.get("include-controls").is_none();
    }
    for sp in p["modify"]["set-parameters"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let Some(id) = sp["param-id"].as_str() else {
            continue;
        };
        let values: Vec<&str> = sp["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let v = if values.is_empty() {
            sp["label"].as_str().map(|l| format!("[{l}]"))
        } else {
            Some(values.join("; "))
        };
        if let Some(v) = v {
            sel.params.insert(id.to_owned(), v);
        }
    }
    sel.alters = p["modify"]["alters"].as_array().map_or(0, Vec::len);
    Ok(sel)
}

/// Generated texts in the set's language (`de` or `en`).
fn g(lang: &str, de: &str, en: &str) -> String {
    if lang == "de" { de } else { en }.to_owned()
}

/// What a control passes on to its children under a profile's `with-child-controls: yes`.
#[derive(Debug, Clone, Copy, Default)]
struct Inherit {
    include: bool,
    exclude: bool,
}

struct Walker<'a> {
    lang: &'a str,
    msg: Lang,
    file: &'a str,
    ours: bool,
    params: HashMap<String, Value>,
    sel: Option<Selection>,
    opts: &'a ImportOptions,
    summary: Summary,
    seen: HashMap<String, String>,
    scale: HashMap<u8, String>,
}

/// One question, ready to be written.
struct Q {
    id: String,
    text: String,
    help: String,
    recommendation: String,
    anchors: BTreeMap<u8, String>,
    weight: u32,
    critical: bool,
    grundschutz: Vec<String>,
    nis2: Vec<String>,
    iso: Vec<String>,
}

struct F {
    id: String,
    title: String,
    description: String,
    weight: u32,
    questions: Vec<Q>,
}

fn props<'v>(v: &'v Value, name: &str) -> impl Iterator<Item = &'v Value> + 'v {
    let name = name.to_owned();
    v["props"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |p| p["name"].as_str() == Some(name.as_str()))
}

fn prop_value<'v>(v: &'v Value, name: &str) -> Option<&'v str> {
    props(v, name).next().and_then(|p| p["value"].as_str())
}

fn our_props<'v>(v: &'v Value, name: &'v str) -> impl Iterator<Item = &'v str> + 'v {
    props(v, name)
        .filter(|p| p["ns"].as_str() == Some(NS))
        .filter_map(|p| p["value"].as_str())
}

/// The namespace part every BSI Stand-der-Technik prop carries.
const BSI_NS: &str = "github.com/BSI-Bund/Stand-der-Technik-Bibliothek";

/// Whether a control comes from one of the BSI's Stand-der-Technik catalogs: a prop of the
/// control or its statement is in the BSI's namespace.
fn is_bsi(c: &Value) -> bool {
    let in_ns = |v: &Value| {
        v["props"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["ns"].as_str().is_some_and(|n| n.contains(BSI_NS)))
    };
    in_ns(c)
        || c["parts"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["name"].as_str() == Some("statement") && in_ns(p))
}

fn tidy(s: &str) -> String {
    s.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Walker<'_> {
    fn text(&self, s: &str) -> String {
        if self.ours {
            unescape_markdown(s)
        } else {
            s.to_owned()
        }
    }

    fn collect_params(&mut self, v: &Value) {
        for p in v["params"].as_array().into_iter().flatten() {
            if let Some(id) = p["id"].as_str() {
                self.params
                    .entry(id.to_owned())
                    .or_insert_with(|| p.clone());
            }
        }
        for key in ["groups", "controls"] {
            for child in v[key].as_array().into_iter().flatten() {
                self.collect_params(child);
            }
        }
    }

    /// Replaces every `{{ insert: param, id }}`.
    fn resolve(&mut self, s: &str, depth: u8) -> String {
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(start) = rest.find("{{") {
            let Some(len) = rest[start..].find("}}") else {
                break;
            };
            out.push_str(&rest[..start]);
            let whole = &rest[start..start + len + 2];
            let inner = rest[start + 2..start + len].trim();
            rest = &rest[start + len + 2..];
            let id = inner
                .strip_prefix("insert:")
                .map(str::trim)
                .and_then(|r| r.strip_prefix("param"))
                .map(|r| r.trim_start_matches([',', ' ']).trim());
            let Some(id) = id else {
                out.push_str(whole);
                continue;
            };
            self.summary.parameters += 1;
            out.push_str(&self.param_text(id, depth));
        }
        out.push_str(rest);
        out
    }

    fn param_text(&mut self, id: &str, depth: u8) -> String {
        if let Some(v) = self.sel.as_ref().and_then(|s| s.params.get(id)) {
            return v.clone();
        }
        let Some(p) = self.params.get(id).cloned() else {
            return format!("[{id}]");
        };
        let values: Vec<&str> = p["values"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if !values.is_empty() {
            return values.join("; ");
        }
        if let Some(choices) = p["select"]["choice"].as_array() {
            let resolved: Vec<String> = choices
                .iter()
                .filter_map(Value::as_str)
                .map(|c| {
                    if depth < 4 {
                        self.resolve(c, depth + 1)
                    } else {
                        c.to_owned()
                    }
                })
                .collect();
            let how = if p["select"]["how-many"].as_str() == Some("one-or-more") {
                g(self.lang, "Auswahl, eins oder mehr", "choose one or more")
            } else {
                g(self.lang, "Auswahl", "choose one")
            };
            return format!("[{how}: {}]", resolved.join("; "));
        }
        match p["label"].as_str() {
            Some(l) => format!("[{l}]"),
            None => format!("[{id}]"),
        }
    }

    fn prose_of(&mut self, part: &Value, out: &mut Vec<String>) {
        let label = prop_value(part, "label");
        if let Some(p) = part["prose"].as_str() {
            let p = self.resolve(&self.text(p), 0);
            out.push(match label {
                Some(l) => format!("{l} {p}"),
                None => p,
            });
        } else if let Some(l) = label {
            out.push(l.to_owned());
        }
        for sub in part["parts"].as_array().into_iter().flatten() {
            self.prose_of(sub, out);
        }
    }

    fn part<'v>(c: &'v Value, name: &str) -> Option<&'v Value> {
        c["parts"]
            .as_array()?
            .iter()
            .find(|p| p["name"].as_str() == Some(name))
    }

    /// Whether the profile (if any) selects the control `id`, given what its parents pass on.
    fn selected(&self, id: &str, inh: Inherit) -> bool {
        let Some(s) = &self.sel else { return true };
        (s.all || s.ids.contains(id) || inh.include) && !(inh.exclude || s.exclude.contains(id))
    }

    /// What the control `id` passes on to its children (`with-child-controls: yes`).
    fn inherit(&self, id: &str, inh: Inherit) -> Inherit {
        let Some(s) = &self.sel else { return inh };
        Inherit {
            include: inh.include || s.with_children.contains(id),
            exclude: inh.exclude || s.exclude_children.contains(id),
        }
    }

    fn controls(
        &mut self,
        list: &Value,
        path: &str,
        topic: Option<&str>,
        inh: Inherit,
        out: &mut Vec<Q>,
    ) -> Result<(), ImportError> {
        for (i, c) in list.as_array().into_iter().flatten().enumerate() {
            let cpath = format!("{path}[{i}]");
            self.control(c, &cpath, topic, inh, out)?;
        }
        Ok(())
    }

    fn count_all(c: &Value) -> usize {
        1 + c["controls"]
            .as_array()
            .into_iter()
            .flatten()
            .map(Self::count_all)
            .sum::<usize>()
    }

    fn control(
        &mut self,
        c: &Value,
        path: &str,
        topic: Option<&str>,
        inh: Inherit,
        out: &mut Vec<Q>,
    ) -> Result<(), ImportError> {
        let e = Err { file: self.file };
        let lang = self.msg;
        let withdrawn =
            prop_value(c, "status").is_some_and(|s| s.eq_ignore_ascii_case("withdrawn"));
        if withdrawn {
            let n = Self::count_all(c);
            self.summary.controls += n;
            self.summary.withdrawn += n;
            return Ok(());
        }
        self.summary.controls += 1;
        let Some(id) = c["id"].as_str() else {
            return Err(e.at(
                &format!("{path}.id"),
                tr!(
                    lang,
                    "das Control hat keine `id`",
                    "the control has no `id`"
                ),
                String::new(),
            ));
        };
        if !is_oscal_id(id) {
            return Err(e.at(
                &format!("{path}.id"),
                tr!(
                    lang,
                    "die Control-ID `{id}` ist kein OSCAL-Token",
                    "control id `{id}` is not an OSCAL token"
                ),
                tr!(
                    lang,
                    "OSCAL-IDs beginnen mit einem Buchstaben oder `_` und enthalten nur Buchstaben, Ziffern, `_`, `.`, `-` (höchstens 64 Zeichen); der Katalog ist kein gültiges OSCAL.",
                    "OSCAL ids start with a letter or `_` and hold only letters, digits, `_`, `.`, `-` (at most 64 characters); the catalog is not valid OSCAL."
                ),
            ));
        }
        if let Some(first) = self.seen.insert(id.to_owned(), path.to_owned()) {
            return Err(e.at(
                &format!("{path}.id"),
                tr!(
                    lang,
                    "die Control-ID `{id}` ist doppelt (zuerst bei {first})",
                    "control id `{id}` appears twice (first at {first})"
                ),
                String::new(),
            ));
        }
        let children = self.inherit(id, inh);
        let sec_ok = match self.opts.sec_level {
            SecLevel::All => true,
            SecLevel::Normal => prop_value(c, "sec_level").is_none_or(|s| s == "normal-SdT"),
        };
        if !self.selected(id, inh) {
            self.summary.not_selected += 1;
        } else if !sec_ok {
            self.summary.sec_level += 1;
        } else {
            out.push(self.question(c, id, topic));
        }
        self.controls(
            &c["controls"],
            &format!("{path}.controls"),
            topic,
            children,
            out,
        )
    }

    fn question(&mut self, c: &Value, id: &str, topic: Option<&str>) -> Q {
        let lang = self.lang;
        let raw_title = self.text(c["title"].as_str().unwrap_or(id));
        let title = tidy(&self.resolve(&raw_title, 0));
        let title = if title.is_empty() {
            id.to_owned()
        } else {
            title
        };
        let stmt_part = Self::part(c, "statement").cloned();
        let mut lines = Vec::new();
        if let Some(s) = &stmt_part {
            self.prose_of(s, &mut lines);
        }
        let statement = tidy(&lines.join("\n"));
        let text = if statement.is_empty() || statement == title {
            title.clone()
        } else {
            format!("{title}: {statement}")
        };
        let mut help = Vec::new();
        if let Some(gd) = Self::part(c, "guidance").cloned() {
            let mut l = Vec::new();
            self.prose_of(&gd, &mut l);
            let t = tidy(&l.join("\n"));
            if !t.is_empty() {
                help.push(t);
            }
        }
        let stmt = stmt_part.unwrap_or(Value::Null);
        let doc = prop_value(&stmt, "documentation").map(str::to_owned);
        if let Some(d) = &doc {
            help.push(format!("{}: {d}", g(lang, "Nachweis", "Evidence")));
        }
        if let Some(t) = prop_value(&stmt, "target_object_categories") {
            help.push(format!("{}: {t}", g(lang, "Zielobjekte", "Target objects")));
        }
        if let Some(t) = topic {
            help.push(format!("{}: {t}", g(lang, "Thema", "Topic")));
        }
        if help.is_empty() {
            help.push(format!(
                "{} {id}.",
                g(
                    lang,
                    "Anforderung aus dem Katalog, Kennung",
                    "Requirement from the catalog, id"
                )
            ));
        }
        let modal = prop_value(&stmt, "modal_verb").or_else(|| prop_value(c, "modal_verb"));
        let (mut weight, mut critical) = match modal.map(str::to_uppercase).as_deref() {
            Some("MUSS") => (3, true),
            Some("SOLLTE") => (2, false),
            Some("KANN") => (1, false),
            _ => (1, false),
        };
        if let Some(w) = our_props(c, "weight").next().and_then(|w| w.parse().ok()) {
            weight = w;
        }
        if let Some(cr) = our_props(c, "critical").next() {
            critical = cr == "true";
        }
        let mut anchors = BTreeMap::new();
        let mut recommendation = None;
        for p in c["parts"].as_array().into_iter().flatten() {
            if p["ns"].as_str() != Some(NS) {
                continue;
            }
            let prose = tidy(&self.text(p["prose"].as_str().unwrap_or("")));
            match p["name"].as_str() {
                Some("maturity-anchor") => {
                    if let Some(l) = prop_value(p, "label").and_then(|l| l.parse::<u8>().ok())
                        && l <= 5
                        && !prose.is_empty()
                    {
                        anchors.insert(l, prose);
                    }
                }
                Some("recommendation") if !prose.is_empty() => recommendation = Some(prose),
                _ => {}
            }
        }
        if anchors.is_empty() {
            let generic = g(
                lang,
                "Allgemeiner Anker (aus der Skala erzeugt)",
                "Generic anchor (generated from the scale)",
            );
            for level in [1u8, 3, 5] {
                let mut a = format!(
                    "{generic}: {}",
                    self.scale.get(&level).cloned().unwrap_or_default()
                );
                if level == 3
                    && let Some(d) = &doc
                {
                    let _ = write!(a, " ({}: {d})", g(lang, "Nachweis", "evidence"));
                }
                anchors.insert(level, a.trim().to_owned());
            }
        }
        let recommendation = recommendation.unwrap_or_else(|| {
            if statement.is_empty() {
                title.clone()
            } else {
                statement.clone()
            }
        });
        let mut grundschutz: Vec<String> = our_props(c, "grundschutz")
            .filter(|r| is_grundschutz_id(r))
            .map(str::to_owned)
            .collect();
        // A BSI control's own id is its Grundschutz++ reference (only for the BSI's
        // catalogs: another catalog's `ABC.1.1` is no Grundschutz++ id).
        if !self.ours && is_grundschutz_id(id) && is_bsi(c) {
            grundschutz.push(id.to_owned());
        }
        let nis2 = our_props(c, "nis2-art21-2")
            .filter(|r| is_nis2_letter(r))
            .map(str::to_owned)
            .collect();
        let iso = our_props(c, "iso27001-2022-annex-a")
            .filter(|r| is_iso_annex_a_id(r))
            .map(str::to_owned)
            .collect();
        if critical {
            self.summary.critical += 1;
        }
        self.summary.imported += 1;
        Q {
            id: id.to_owned(),
            text,
            help: help.join("\n\n"),
            recommendation,
            anchors,
            weight: weight.max(1),
            critical,
            grundschutz,
            nis2,
            iso,
        }
    }
}

/// A set or field id from free text: lower-case ASCII words joined by hyphens.
pub fn slug(s: &str) -> String {
    let mut o = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        let rep = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            c if c.is_ascii_alphanumeric() => {
                o.push(c);
                continue;
            }
            _ => "-",
        };
        o.push_str(rep);
    }
    let words: Vec<&str> = o.split('-').filter(|w| !w.is_empty()).collect();
    let mut s = words.join("-");
    if s.len() > 48 {
        s.truncate(48);
        s = s.trim_end_matches('-').to_owned();
    }
    if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
        s = format!("x-{s}");
    }
    s.trim_end_matches('-').to_owned()
}

/// Imports a catalog. `base` is the manifest whose scale, threshold and profiles (without
/// field exceptions) the new set takes (the built-in set's); `language` is the catalog's
/// language (`de` for the BSI's catalogs), the one language of the new set.
pub fn import(
    catalog: InputFile,
    profile: Option<InputFile>,
    opts: &ImportOptions,
    base: &Manifest,
    language: &str,
    lang: Lang,
) -> Result<Imported, ImportError> {
    let e = Err { file: catalog.name };
    let (model, cat) = parse_model(catalog, lang)?;
    if model != "catalog" {
        let hint = if model == "profile" {
            tr!(
                lang,
                "Ein Profil wählt Anforderungen aus Katalogen aus: geben Sie den Katalog an und das Profil mit `--profile PROFIL.json`.",
                "A profile selects controls from catalogs: give the catalog and the profile with `--profile PROFILE.json`."
            )
        } else {
            tr!(
                lang,
                "`import oscal` liest OSCAL-Kataloge (Modell `catalog`).",
                "`import oscal` reads OSCAL catalogs (model `catalog`)."
            )
        };
        return Err(e.at(
            &format!("$.{model}"),
            tr!(
                lang,
                "erwartet wird ein OSCAL-Katalog, gefunden: {model}",
                "expected an OSCAL catalog, found {model}"
            ),
            hint,
        ));
    }
    let sel = match profile {
        Some(p) => Some(profile_selection(p, catalog.name, lang)?),
        None => None,
    };
    let ours = props(&cat["metadata"], "generator")
        .any(|p| p["ns"].as_str() == Some(NS) && p["value"].as_str() == Some("cyberkompass"));
    let scale: HashMap<u8, String> = base
        .scale
        .iter()
        .map(|s| (s.level.value, s.description.get(language).to_owned()))
        .collect();
    let mut w = Walker {
        lang: language,
        msg: lang,
        file: catalog.name,
        ours,
        params: HashMap::new(),
        sel,
        opts,
        summary: Summary::default(),
        seen: HashMap::new(),
        scale,
    };
    w.collect_params(&cat);
    let cat_title = tidy(&w.text(cat["metadata"]["title"].as_str().unwrap_or("OSCAL")));
    let mut fields: Vec<F> = Vec::new();
    let mut field_ids: HashSet<String> = HashSet::new();
    let mut new_field = |raw: &str, title: String, description: String, weight: u32| {
        let mut id = slug(raw);
        let mut n = 2;
        while field_ids.contains(&id) {
            id = format!("{}-{n}", slug(raw));
            n += 1;
        }
        field_ids.insert(id.clone());
        F {
            id,
            title,
            description,
            weight,
            questions: Vec::new(),
        }
    };
    if cat["controls"].is_array() {
        let mut f = new_field("catalog", cat_title.clone(), cat_title.clone(), 1);
        w.controls(
            &cat["controls"],
            "$.catalog.controls",
            None,
            Inherit::default(),
            &mut f.questions,
        )?;
        fields.push(f);
    }
    for (i, grp) in cat["groups"].as_array().into_iter().flatten().enumerate() {
        let path = format!("$.catalog.groups[{i}]");
        let gid = grp["id"].as_str().unwrap_or("");
        let title = tidy(&w.text(grp["title"].as_str().unwrap_or(gid)));
        let title = if title.is_empty() {
            format!("{} {}", g(language, "Gruppe", "Group"), i + 1)
        } else {
            title
        };
        let description = props(grp, "label")
            .find_map(|p| p["remarks"].as_str())
            .map(str::to_owned)
            .or_else(|| {
                Walker::part(grp, "overview")
                    .and_then(|p| p["prose"].as_str())
                    .map(str::to_owned)
            })
            .map(|d| tidy(&w.text(&d)))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| title.clone());
        let weight = our_props(grp, "weight")
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1u32)
            .max(1);
        let raw = if gid.is_empty() {
            title.clone()
        } else {
            gid.to_owned()
        };
        let mut f = new_field(&raw, title, description, weight);
        group_controls(&mut w, grp, &path, None, &mut f.questions)?;
        fields.push(f);
    }
    fields.retain(|f| !f.questions.is_empty());
    if fields.is_empty() {
        return Err(e.at(
            "$.catalog",
            tr!(
                lang,
                "keine Anforderung übrig: {} gelesen, {} zurückgezogen, {} durch --sec-level, {} nicht vom Profil gewählt",
                "no control left: {} read, {} withdrawn, {} by --sec-level, {} not selected by the profile",
                w.summary.controls,
                w.summary.withdrawn,
                w.summary.sec_level,
                w.summary.not_selected
            ),
            tr!(
                lang,
                "Prüfen Sie `--sec-level all` oder die Auswahl des Profils.",
                "Try `--sec-level all` or check the profile's selection."
            ),
        ));
    }
    let mut summary = w.summary.clone();
    summary.fields = fields.len();
    summary.alters_ignored = w.sel.as_ref().map_or(0, |s| s.alters);
    let set_id = opts
        .set_id
        .clone()
        .or_else(|| {
            our_props(&cat["metadata"], "set-id")
                .next()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| slug(&cat_title));
    let version = cat["metadata"]["version"]
        .as_str()
        .unwrap_or("0")
        .trim()
        .to_owned();
    let version = if version.is_empty() {
        "0".to_owned()
    } else {
        version
    };
    let mut files = Vec::with_capacity(fields.len() + 1);
    let manifest = manifest_yaml(&ManifestIn {
        set_id: &set_id,
        version: &version,
        title: &cat_title,
        description: cat["metadata"]["remarks"]
            .as_str()
            .map(|r| tidy(&w.text(r)))
            .filter(|r| !r.is_empty()),
        uuid: cat["uuid"].as_str().unwrap_or(""),
        sha256: &crate::set::sha256_hex(catalog.bytes),
        profile_sha256: profile.map(|p| crate::set::sha256_hex(p.bytes)),
        language,
        base,
        fields: &fields,
    });
    files.push((crate::set::MANIFEST.to_owned(), manifest));
    for (n, f) in fields.iter().enumerate() {
        files.push((format!("{}.yaml", f.id), field_yaml(f, n + 1, language)));
    }
    Ok(Imported { files, summary })
}

fn group_controls(
    w: &mut Walker,
    grp: &Value,
    path: &str,
    topic: Option<&str>,
    out: &mut Vec<Q>,
) -> Result<(), ImportError> {
    w.controls(
        &grp["controls"],
        &format!("{path}.controls"),
        topic,
        Inherit::default(),
        out,
    )?;
    for (i, sub) in grp["groups"].as_array().into_iter().flatten().enumerate() {
        let t = format!(
            "{} {}",
            sub["id"].as_str().unwrap_or(""),
            sub["title"].as_str().unwrap_or("")
        );
        let t = tidy(&w.text(&t));
        group_controls(w, sub, &format!("{path}.groups[{i}]"), Some(&t), out)?;
    }
    Ok(())
}

struct ManifestIn<'a> {
    set_id: &'a str,
    version: &'a str,
    title: &'a str,
    description: Option<String>,
    uuid: &'a str,
    sha256: &'a str,
    profile_sha256: Option<String>,
    language: &'a str,
    base: &'a Manifest,
    fields: &'a [F],
}

fn text_yaml(o: &mut String, indent: &str, key: &str, lang: &str, t: &str) {
    let _ = writeln!(o, "{indent}{key}:\n{indent}  {lang}: {}", quoted(t));
}

fn base_text(t: &Text, lang: &str) -> String {
    t.get(lang).to_owned()
}

fn manifest_yaml(m: &ManifestIn) -> String {
    let l = m.language;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# {}",
        g(
            l,
            "Erzeugt von `cyberkompass import oscal`; Quelle siehe `source`.",
            "Generated by `cyberkompass import oscal`; source: see `source`."
        )
    );
    let _ = writeln!(
        o,
        "format: 1\nid: {}\nversion: {}",
        m.set_id,
        quoted(m.version)
    );
    text_yaml(&mut o, "", "title", l, m.title);
    if let Some(d) = &m.description {
        text_yaml(&mut o, "", "description", l, d);
    }
    let _ = writeln!(o, "languages: [{l}]\nids: oscal\nsource:");
    let _ = writeln!(
        o,
        "  title: {}\n  version: {}\n  uuid: {}\n  sha256: {}",
        quoted(m.title),
        quoted(m.version),
        quoted(m.uuid),
        m.sha256
    );
    if let Some(p) = &m.profile_sha256 {
        let _ = writeln!(o, "  profile_sha256: {p}");
    }
    let _ = writeln!(
        o,
        "threshold: {}",
        crate::scoring::permyriad_shown(crate::model::threshold_permyriad(m.base.threshold.value))
    );
    o.push_str("scale:\n");
    for s in m.base.scale.iter() {
        let _ = writeln!(o, "  - level: {}", s.level.value);
        text_yaml(&mut o, "    ", "name", l, &base_text(&s.name, l));
        text_yaml(
            &mut o,
            "    ",
            "description",
            l,
            &base_text(&s.description, l),
        );
    }
    if !m.base.profiles.is_empty() {
        o.push_str("profiles:\n");
        for p in m.base.profiles.iter() {
            let _ = writeln!(o, "  - id: {}", p.id.value);
            text_yaml(&mut o, "    ", "title", l, &base_text(&p.title, l));
            if let Some(d) = &p.description {
                text_yaml(&mut o, "    ", "description", l, &base_text(d, l));
            }
            let _ = writeln!(o, "    target: {}", p.target.value);
            if let Some(c) = &p.critical_min {
                let _ = writeln!(o, "    critical_min: {}", c.value);
            }
        }
    }
    o.push_str("fields:\n");
    for f in m.fields {
        let _ = writeln!(o, "  - {}.yaml", f.id);
    }
    o
}

fn field_yaml(f: &F, number: usize, l: &str) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "id: {}\nnumber: {number}", f.id);
    text_yaml(&mut o, "", "title", l, &f.title);
    text_yaml(&mut o, "", "description", l, &f.description);
    let _ = writeln!(o, "weight: {}\nquestions:", f.weight);
    for q in &f.questions {
        let _ = writeln!(o, "  - id: {}", quoted(&q.id));
        text_yaml(&mut o, "    ", "text", l, &q.text);
        text_yaml(&mut o, "    ", "help", l, &q.help);
        o.push_str("    anchors:\n");
        for (level, a) in &q.anchors {
            let _ = writeln!(o, "      {level}:\n        {l}: {}", quoted(a));
        }
        text_yaml(&mut o, "    ", "recommendation", l, &q.recommendation);
        let _ = writeln!(o, "    weight: {}", q.weight);
        if q.critical {
            o.push_str("    critical: true\n");
        }
        if !(q.grundschutz.is_empty() && q.nis2.is_empty() && q.iso.is_empty()) {
            o.push_str("    references:\n");
            for (k, v) in [
                ("grundschutz", &q.grundschutz),
                ("nis2", &q.nis2),
                ("iso27001", &q.iso),
            ] {
                if !v.is_empty() {
                    let _ = writeln!(
                        o,
                        "      {k}: [{}]",
                        v.iter().map(|s| quoted(s)).collect::<Vec<_>>().join(", ")
                    );
                }
            }
        }
    }
    o
}
