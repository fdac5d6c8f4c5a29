//! The rules a checklist set must follow beyond its YAML shape: ids, uniqueness, texts in
//! every language, anchors, weights, threshold, profiles and reference formats.

use std::collections::{BTreeMap, HashMap};

use crate::canonical::{Form, non_canonical};
use crate::diag::{Diagnostic, Findings, did_you_mean};
use crate::i18n::Lang;
use crate::model::{Field, IdRule, Loc, Manifest, Question, Sp, Str, Text};
use crate::tr;

/// The smallest threshold a set may use: at least half of a field's weight must reach a level
/// for the field to reach it (documented in docs/checklist-format.md and docs/scoring.md).
pub const THRESHOLD_MIN: f64 = 0.5;

/// The checks of one run: findings go to `out`, messages are in `lang`.
pub struct Checker<'a> {
    /// Where findings go.
    pub out: &'a mut Findings,
    /// Language of the messages.
    pub lang: Lang,
    /// The languages every text must have.
    pub languages: Vec<String>,
    /// The rule question ids follow (from the manifest).
    pub ids: IdRule,
}

/// Whether `s` is a field, set or profile id: lower-case words of a–z and 0–9 joined by hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
        && s.as_bytes()[0].is_ascii_lowercase()
}

/// Whether `s` is a question id: 2–5 capital letters, a hyphen and 2–3 digits (`ISM-01`).
pub fn is_question_id(s: &str) -> bool {
    let Some((a, b)) = s.split_once('-') else {
        return false;
    };
    (2..=5).contains(&a.len())
        && a.bytes().all(|c| c.is_ascii_uppercase())
        && (2..=3).contains(&b.len())
        && b.bytes().all(|c| c.is_ascii_digit())
}

/// Whether `s` is an OSCAL token usable as a question id under `ids: oscal`: a letter or `_`,
/// then letters, digits, `_`, `.` or `-`; at most 64 characters (`GC.1.1`, `ac-2.1`).
pub fn is_oscal_id(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 64
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// Whether `s` is a question id under `rule`.
pub fn is_question_id_for(rule: IdRule, s: &str) -> bool {
    match rule {
        IdRule::Cyberkompass => is_question_id(s),
        IdRule::Oscal => is_oscal_id(s),
    }
}

/// Whether `s` has the shape of a Grundschutz++ control id: a practice of 2–5 capital letters
/// and two to five numbers (`GC.1.1`, `DET.5.1.2`, `GC.9.1.1.1.1`), as in the BSI's catalogs.
pub fn is_grundschutz_id(s: &str) -> bool {
    let mut parts = s.split('.');
    let Some(group) = parts.next() else {
        return false;
    };
    let nums: Vec<&str> = parts.collect();
    (2..=5).contains(&group.len())
        && group.bytes().all(|c| c.is_ascii_uppercase())
        && (2..=5).contains(&nums.len())
        && nums.iter().all(|n| is_positive_number(n))
}

fn is_positive_number(n: &str) -> bool {
    !n.is_empty() && n.len() <= 3 && n.bytes().all(|c| c.is_ascii_digit()) && !n.starts_with('0')
}

/// Whether `s` is an ISO/IEC 27001:2022 Annex A control id: A.5.1–A.5.37, A.6.1–A.6.8,
/// A.7.1–A.7.14 or A.8.1–A.8.34.
pub fn is_iso_annex_a_id(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("A.") else {
        return false;
    };
    let Some((clause, n)) = rest.split_once('.') else {
        return false;
    };
    if !is_positive_number(n) {
        return false;
    }
    let n: u32 = n.parse().unwrap_or(0);
    let max = match clause {
        "5" => 37,
        "6" => 8,
        "7" => 14,
        "8" => 34,
        _ => return false,
    };
    (1..=max).contains(&n)
}

/// Whether `s` is a letter of NIS2 Art. 21(2): `a` to `j`.
pub fn is_nis2_letter(s: &str) -> bool {
    s.len() == 1 && (b'a'..=b'j').contains(&s.as_bytes()[0])
}

impl Checker<'_> {
    fn error(&mut self, code: &'static str, file: &str, loc: Loc, msg: String) -> &mut Diagnostic {
        self.out.push(Diagnostic::error(code, file, loc, msg));
        self.out.diagnostics.last_mut().expect("just pushed")
    }

    fn warning(
        &mut self,
        code: &'static str,
        file: &str,
        loc: Loc,
        msg: String,
    ) -> &mut Diagnostic {
        self.out.push(Diagnostic::warning(code, file, loc, msg));
        self.out.diagnostics.last_mut().expect("just pushed")
    }

    /// Checks a text: present and non-empty in every language, no undeclared language.
    pub fn text(&mut self, file: &str, what: &str, t: &Sp<Text>) {
        let lang = self.lang;
        for l in self.languages.clone() {
            match t.0.get(&l) {
                None => {
                    let d = self.error(
                        "text-missing",
                        file,
                        t.loc,
                        tr!(
                            lang,
                            "{what}: der Text auf `{l}` fehlt",
                            "{what}: the `{l}` text is missing"
                        ),
                    );
                    d.set_hint(tr!(
                        lang,
                        "Ergänzen Sie `{l}: …` – jeder Text braucht alle Sprachen des Sets.",
                        "Add `{l}: …` – every text needs all languages of the set."
                    ));
                }
                Some(s) if s.value.trim().is_empty() => {
                    let loc = if s.loc.is_known() { s.loc } else { t.loc };
                    let d = self.error(
                        "text-empty",
                        file,
                        loc,
                        tr!(
                            lang,
                            "{what}: der Text auf `{l}` ist leer",
                            "{what}: the `{l}` text is empty"
                        ),
                    );
                    d.set_hint(tr!(lang, "Schreiben Sie den Text aus.", "Write the text."));
                }
                Some(_) => {}
            }
        }
        for (k, v) in &t.0 {
            if !self.languages.iter().any(|l| l == k.as_str()) {
                let langs = self.languages.join(", ");
                let hint = did_you_mean(k, self.languages.iter().map(String::as_str))
                    .map(|s| tr!(lang, "Meinten Sie `{s}`?", "Did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        tr!(
                            lang,
                            "Erlaubt sind die Sprachen des Sets: {langs}; oder ergänzen Sie `languages` im Manifest.",
                            "Allowed are the set's languages: {langs}; or add it to `languages` in the manifest."
                        )
                    });
                let loc = if v.loc.is_known() { v.loc } else { t.loc };
                let d = self.error(
                    "unknown-language",
                    file,
                    loc,
                    tr!(
                        lang,
                        "{what}: unbekannte Sprache `{k}`",
                        "{what}: unknown language `{k}`"
                    ),
                );
                d.value = Some(k.as_str().to_owned());
                d.set_hint(hint);
            }
        }
    }

    /// A finding when the value at `loc` is not written in `form` (see crate::canonical);
    /// `example` is the expected form, e.g. `weight: 3`.
    fn canonical(&mut self, file: &str, loc: Loc, form: Form, example: &str) {
        let Some(src) = self.out.sources.get(file).cloned() else {
            return;
        };
        let Some(raw) = non_canonical(&src, loc, form) else {
            return;
        };
        let lang = self.lang;
        let what = match form {
            Form::Int => tr!(lang, "ganze Zahl", "whole number"),
            Form::Decimal => tr!(lang, "Dezimalzahl", "decimal number"),
            Form::Rating => tr!(lang, "Bewertung", "rating"),
        };
        let d = self.error(
            "non-canonical",
            file,
            loc,
            tr!(
                lang,
                "`{raw}` ist keine {what} in der erwarteten Schreibweise",
                "`{raw}` is not a {what} in the expected form"
            ),
        );
        d.value = Some(raw);
        d.set_hint(tr!(
            lang,
            "Schreiben Sie `{example}`: eine Zahl ohne Anführungszeichen, Vorzeichen, Präfix oder Tag.",
            "Write `{example}`: a plain number without quotes, sign, prefix or tag."
        ));
    }

    fn level(&mut self, file: &str, what: &str, v: &Sp<u8>) {
        self.canonical(file, v.loc, Form::Int, &format!("{what}: 3"));
        if v.value > 5 {
            let lang = self.lang;
            let d = self.error(
                "level-range",
                file,
                v.loc,
                tr!(
                    lang,
                    "{what} muss zwischen 0 und 5 liegen",
                    "{what} must be between 0 and 5"
                ),
            );
            d.value = Some(v.value.to_string());
            d.set_hint(tr!(
                lang,
                "Reifegrade gehen von 0 bis 5.",
                "Maturity levels run from 0 to 5."
            ));
        }
    }

    fn weight(&mut self, file: &str, v: &Sp<u32>) {
        self.canonical(file, v.loc, Form::Int, "weight: 3");
        if v.value == 0 {
            let lang = self.lang;
            let d = self.error(
                "weight",
                file,
                v.loc,
                tr!(
                    lang,
                    "das Gewicht muss größer als 0 sein",
                    "the weight must be greater than 0"
                ),
            );
            d.value = Some("0".into());
            d.set_hint(tr!(
                lang,
                "Verwenden Sie 1 (normal) bis 3 (hoch); eine Frage, die nicht zählen soll, gehört nicht ins Set.",
                "Use 1 (normal) to 3 (high); a question that should not count does not belong in the set."
            ));
        }
    }

    /// The threshold: a plain decimal with at most four decimals (so that scoring compares it
    /// exactly, in ten-thousandths) between [`THRESHOLD_MIN`] and 1.
    fn threshold(&mut self, file: &str, t: &Sp<f64>) {
        let lang = self.lang;
        let src = self.out.sources.get(file).cloned();
        let written = src
            .as_deref()
            .and_then(|s| crate::canonical::written(s, t.loc));
        if let Some((raw, tagged)) = written {
            if tagged || !crate::canonical::is_canonical(raw, Form::Decimal) {
                self.canonical(file, t.loc, Form::Decimal, "threshold: 0.8");
                return;
            }
            let in_range = t.value >= THRESHOLD_MIN && t.value <= 1.0;
            if in_range && crate::canonical::permyriad(raw).is_none() {
                let d = self.error(
                    "threshold-precision",
                    file,
                    t.loc,
                    tr!(
                        lang,
                        "die Schwelle hat mehr als vier Nachkommastellen und wäre gerundet",
                        "the threshold has more than four decimals and would be rounded"
                    ),
                );
                d.value = Some(raw.to_owned());
                d.set_hint(tr!(
                    lang,
                    "Geben Sie höchstens vier Nachkommastellen an, z. B. `threshold: 0.6667`.",
                    "Give at most four decimals, e.g. `threshold: 0.6667`."
                ));
                return;
            }
        }
        let p = crate::model::threshold_permyriad(t.value);
        let exact = (t.value * 10_000.0 - f64::from(p)).abs() < 1e-6;
        if !(t.value >= THRESHOLD_MIN && t.value <= 1.0 && exact) {
            let d = self.error(
                "threshold",
                file,
                t.loc,
                tr!(
                    lang,
                    "die Schwelle muss zwischen 0.5 und 1 liegen",
                    "the threshold must be between 0.5 and 1"
                ),
            );
            d.value = Some(
                written
                    .map(|(r, _)| r.to_owned())
                    .unwrap_or_else(|| t.value.to_string()),
            );
            d.set_hint(tr!(
                lang,
                "Üblich ist `threshold: 0.8`: 80 % des Gewichts müssen eine Stufe erreichen. Unter 0.5 hieße „Stufe erreicht“, dass der größere Teil darunter liegt.",
                "Usual is `threshold: 0.8`: 80 % of the weight must reach a level. Below 0.5, “level reached” would mean most of the weight is below it."
            ));
        }
    }

    /// Checks the manifest on its own (profiles against fields: see [`Checker::profiles`]).
    pub fn manifest(&mut self, file: &str, m: &Manifest) {
        let lang = self.lang;
        self.canonical(file, m.format.loc, Form::Int, "format: 1");
        if m.format.value != crate::model::FORMAT_VERSION {
            let d = self.error(
                "format-version",
                file,
                m.format.loc,
                tr!(lang, "unbekannte Formatversion", "unknown format version"),
            );
            d.value = Some(m.format.value.to_string());
            d.set_hint(tr!(
                lang,
                "Diese Version liest `format: 1`.",
                "This version reads `format: 1`."
            ));
        }
        if !is_slug(&m.id) {
            let d = self.error(
                "id-pattern",
                file,
                m.id.loc,
                tr!(lang, "ungültige Set-ID", "invalid set id"),
            );
            d.value = Some(m.id.value.clone());
            d.set_hint(slug_hint(lang));
        }
        if m.version.trim().is_empty() {
            self.error(
                "version",
                file,
                m.version.loc,
                tr!(lang, "die Version ist leer", "the version is empty"),
            )
            .set_hint(tr!(
                lang,
                "z. B. `version: \"2026.1\"`",
                "e.g. `version: \"2026.1\"`"
            ));
        }
        if m.languages.is_empty() {
            self.error(
                "languages",
                file,
                m.languages.loc,
                tr!(lang, "keine Sprache angegeben", "no language given"),
            )
            .set_hint(tr!(
                lang,
                "z. B. `languages: [de, en]`",
                "e.g. `languages: [de, en]`"
            ));
        }
        let mut seen = HashMap::new();
        for l in m.languages.iter() {
            let ok = (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase());
            if !ok {
                let d = self.error(
                    "language-code",
                    file,
                    l.loc,
                    tr!(lang, "ungültiger Sprachcode", "invalid language code"),
                );
                d.value = Some(l.value.clone());
                d.set_hint(tr!(
                    lang,
                    "Verwenden Sie ISO-639-1-Codes in Kleinbuchstaben, z. B. `de`, `en`.",
                    "Use lower-case ISO 639-1 codes such as `de`, `en`."
                ));
            }
            if let Some(first) = seen.insert(l.value.clone(), l.loc) {
                self.duplicate(file, l, first, "language");
            }
        }
        self.text(file, "title", &m.title);
        if let Some(d) = &m.description {
            self.text(file, "description", d);
        }
        self.threshold(file, &m.threshold);
        // The scale: each level 0..5 exactly once.
        let mut levels: BTreeMap<u8, Loc> = BTreeMap::new();
        for s in m.scale.iter() {
            self.level(file, "level", &s.level);
            if let Some(first) = levels.insert(s.level.value, s.level.loc) {
                let d = self.error(
                    "scale",
                    file,
                    s.level.loc,
                    tr!(
                        lang,
                        "Stufe {} ist doppelt (zuerst in Zeile {})",
                        "level {} appears twice (first on line {})",
                        s.level.value,
                        first.line
                    ),
                );
                d.set_hint(tr!(
                    lang,
                    "Jede Stufe 0–5 genau einmal.",
                    "Each level 0–5 exactly once."
                ));
            }
            let what = tr!(lang, "Stufe {}", "level {}", s.level.value);
            self.text(file, &format!("{what}: name"), &s.name);
            self.text(file, &format!("{what}: description"), &s.description);
        }
        let missing: Vec<String> = (0..=5u8)
            .filter(|l| !levels.contains_key(l))
            .map(|l| l.to_string())
            .collect();
        if !missing.is_empty() {
            let d = self.error(
                "scale",
                file,
                m.scale.loc,
                tr!(
                    lang,
                    "der Skala fehlen die Stufen {}",
                    "the scale lacks levels {}",
                    missing.join(", ")
                ),
            );
            d.set_hint(tr!(
                lang,
                "Die Skala braucht genau die Stufen 0 bis 5, jede mit `name` und `description`.",
                "The scale needs exactly levels 0 to 5, each with `name` and `description`."
            ));
        }
        if m.fields.is_empty() {
            self.error(
                "fields",
                file,
                m.fields.loc,
                tr!(
                    lang,
                    "das Set nennt keine Handlungsfeld-Dateien",
                    "the set names no field files"
                ),
            )
            .set_hint(tr!(
                lang,
                "Listen Sie unter `fields:` die Dateien der Handlungsfelder auf.",
                "List the field files under `fields:`."
            ));
        }
        // A file listed several times is one finding (at its second place), however often.
        let mut seen: HashMap<&str, (Loc, usize, Option<Loc>)> = HashMap::new();
        for f in m.fields.iter() {
            seen.entry(f.value.as_str())
                .and_modify(|(_, n, second)| {
                    *n += 1;
                    second.get_or_insert(f.loc);
                })
                .or_insert((f.loc, 1, None));
        }
        let mut dups: Vec<(&str, Loc, usize, Loc)> = seen
            .into_iter()
            .filter_map(|(v, (first, n, second))| second.map(|s| (v, first, n, s)))
            .collect();
        dups.sort_by_key(|d| d.3);
        for (v, first, times, second) in dups {
            let d = self.error(
                "duplicate-id",
                file,
                second,
                tr!(
                    lang,
                    "die Handlungsfeld-Datei `{v}` steht {times}-mal in der Liste (zuerst in Zeile {})",
                    "field file `{v}` is listed {times} times (first on line {})",
                    first.line
                ),
            );
            d.value = Some(v.to_owned());
            d.set_hint(tr!(
                lang,
                "Nennen Sie jede Handlungsfeld-Datei unter `fields:` genau einmal.",
                "List each field file under `fields:` exactly once."
            ));
        }
    }

    fn duplicate(&mut self, file: &str, v: &Sp<String>, first: Loc, what: &str) {
        let lang = self.lang;
        let d = self.error(
            "duplicate-id",
            file,
            v.loc,
            tr!(
                lang,
                "{what} `{}` ist doppelt (zuerst in Zeile {})",
                "{what} `{}` appears twice (first on line {})",
                v.value,
                first.line
            ),
        );
        d.value = Some(v.value.clone());
        d.set_hint(tr!(
            lang,
            "IDs müssen im ganzen Set eindeutig sein; vergeben Sie eine neue.",
            "Ids must be unique across the set; give this one a new id."
        ));
    }

    /// Checks the profiles against the field ids of the set.
    pub fn profiles(&mut self, file: &str, m: &Manifest, field_ids: &[&str]) {
        let lang = self.lang;
        let mut seen = HashMap::new();
        if m.profiles.is_empty() {
            // Without a profile `assess` has nothing to aim at and no target can be met.
            let loc = if m.profiles.loc.is_known() {
                m.profiles.loc
            } else {
                Loc::START
            };
            let d = self.error(
                "no-profile",
                file,
                loc,
                tr!(
                    lang,
                    "das Set hat kein Zielprofil",
                    "the set has no target profile"
                ),
            );
            d.set_hint(tr!(
                lang,
                "Legen Sie unter `profiles:` mindestens ein Profil an, z. B. `- {{id: standard, title: {{de: Standard, en: Standard}}, target: 3}}` (siehe docs/checklist-format.md).",
                "Add at least one profile under `profiles:`, e.g. `- {{id: standard, title: {{de: Standard, en: Standard}}, target: 3}}` (see docs/checklist-format.md)."
            ));
        }
        for p in m.profiles.iter() {
            if !is_slug(&p.id) {
                let d = self.error(
                    "id-pattern",
                    file,
                    p.id.loc,
                    tr!(lang, "ungültige Profil-ID", "invalid profile id"),
                );
                d.value = Some(p.id.value.clone());
                d.set_hint(slug_hint(lang));
            }
            if let Some(first) = seen.insert(p.id.value.clone(), p.id.loc) {
                self.duplicate(file, &p.id, first, "profile");
            }
            self.text(file, &format!("profile {}: title", p.id.value), &p.title);
            if let Some(d) = &p.description {
                self.text(file, &format!("profile {}: description", p.id.value), d);
            }
            self.level(file, "target", &p.target);
            if let Some(c) = &p.critical_min {
                self.level(file, "critical_min", c);
                let max = p.max_target();
                if c.value < max && c.value <= 5 {
                    let d = self.error(
                        "critical-min",
                        file,
                        c.loc,
                        tr!(
                            lang,
                            "Profil `{}`: `critical_min` liegt unter einem Ziel des Profils ({max})",
                            "profile `{}`: `critical_min` is below a target of the profile ({max})",
                            p.id.value
                        ),
                    );
                    d.value = Some(c.value.to_string());
                    d.set_hint(tr!(
                        lang,
                        "Der Mindestwert für kritische Fragen muss mindestens so hoch sein wie jedes Ziel des Profils ({max} bis 5); sonst verlangt er nichts, was das Ziel nicht schon verlangt.",
                        "The minimum for critical questions must be at least every target of the profile ({max} to 5); otherwise it asks nothing the target does not already ask."
                    ));
                }
            }
            let mut seen_f = HashMap::new();
            for ft in &p.fields {
                self.level(file, "target", &ft.target);
                if let Some(first) = seen_f.insert(ft.field.value.clone(), ft.field.loc) {
                    self.duplicate(file, &ft.field, first, "profile field");
                }
                if !field_ids.contains(&ft.field.as_str()) {
                    let hint = did_you_mean(&ft.field, field_ids.iter().copied())
                        .map(|s| tr!(lang, "Meinten Sie `{s}`?", "Did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            tr!(
                                lang,
                                "Handlungsfelder des Sets: {}",
                                "Fields of the set: {}",
                                crate::diag::list_some(field_ids.iter().copied())
                            )
                        });
                    let d = self.error(
                        "unknown-field",
                        file,
                        ft.field.loc,
                        tr!(
                            lang,
                            "Profil `{}` nennt ein unbekanntes Handlungsfeld",
                            "profile `{}` names an unknown field",
                            p.id.value
                        ),
                    );
                    d.value = Some(ft.field.value.clone());
                    d.set_hint(hint);
                }
            }
        }
        // Former ids name renamed profiles: they must look like ids and may neither be a
        // profile's id nor stand twice, or an old assessment would be read ambiguously.
        for p in m.profiles.iter() {
            for f in &p.former_ids {
                if !is_slug(f) {
                    let d = self.error(
                        "id-pattern",
                        file,
                        f.loc,
                        tr!(
                            lang,
                            "ungültige frühere Profil-ID",
                            "invalid former profile id"
                        ),
                    );
                    d.value = Some(f.value.clone());
                    d.set_hint(slug_hint(lang));
                }
                if let Some(first) = seen.insert(f.value.clone(), f.loc) {
                    self.duplicate(file, f, first, "profile");
                }
            }
        }
    }

    /// Checks one field on its own.
    pub fn field(&mut self, file: &str, f: &Field) {
        self.field_head(file, f);
        for q in f.questions.iter() {
            self.question(file, q);
        }
    }

    /// Checks a field like [`Checker::field`], dropping each question's texts as soon as it is
    /// checked (what [`Checker::across_fields`] needs stays): a large field's texts and the
    /// findings about them are never all in memory at once (a 4 MB field with 400,000
    /// findings).
    pub fn field_shedding(&mut self, file: &str, f: &mut Field) {
        self.field_head(file, f);
        for q in f.questions.value.iter_mut() {
            self.question(file, q);
            q.text = Sp::default();
            q.help = None;
            q.anchors = Default::default();
            q.recommendation = None;
            q.references = Default::default();
        }
    }

    /// The checks of a field's own keys (not its questions).
    fn field_head(&mut self, file: &str, f: &Field) {
        let lang = self.lang;
        if !is_slug(&f.id) {
            let d = self.error(
                "id-pattern",
                file,
                f.id.loc,
                tr!(lang, "ungültige Handlungsfeld-ID", "invalid field id"),
            );
            d.value = Some(f.id.value.clone());
            d.set_hint(slug_hint(lang));
        }
        self.canonical(file, f.number.loc, Form::Int, "number: 1");
        if f.number.value == 0 {
            let d = self.error(
                "number",
                file,
                f.number.loc,
                tr!(
                    lang,
                    "die Nummer muss ab 1 zählen",
                    "the number must count from 1"
                ),
            );
            d.value = Some("0".into());
        }
        self.text(file, "title", &f.title);
        self.text(file, "description", &f.description);
        self.weight(file, &f.weight);
        if f.questions.is_empty() {
            self.warning(
                "no-questions",
                file,
                f.questions.loc,
                tr!(
                    lang,
                    "das Handlungsfeld hat keine Fragen",
                    "the field has no questions"
                ),
            )
            .set_hint(tr!(
                lang,
                "Ohne Fragen kann das Handlungsfeld nicht bewertet werden.",
                "Without questions the field cannot be scored."
            ));
        }
    }

    fn question(&mut self, file: &str, q: &Question) {
        let lang = self.lang;
        let id = q.id.value.as_str();
        let rule = self.ids;
        if !is_question_id_for(rule, id) {
            let d = self.error(
                "id-pattern",
                file,
                q.id.loc,
                tr!(lang, "ungültige Fragen-ID", "invalid question id"),
            );
            d.value = Some(id.to_owned());
            d.set_hint(match rule {
                IdRule::Cyberkompass => tr!(
                    lang,
                    "Fragen-IDs bestehen aus 2–5 Großbuchstaben, Bindestrich und 2–3 Ziffern, z. B. `INC-01` (OSCAL-IDs erlaubt `ids: oscal` im Manifest).",
                    "Question ids are 2–5 capital letters, a hyphen and 2–3 digits, e.g. `INC-01` (`ids: oscal` in the manifest allows OSCAL ids)."
                ),
                IdRule::Oscal => tr!(
                    lang,
                    "Mit `ids: oscal` sind Fragen-IDs OSCAL-Token: Buchstabe oder `_`, dann Buchstaben, Ziffern, `_`, `.`, `-`; höchstens 64 Zeichen, z. B. `GC.1.1`.",
                    "With `ids: oscal` question ids are OSCAL tokens: a letter or `_`, then letters, digits, `_`, `.`, `-`; at most 64 characters, e.g. `GC.1.1`."
                ),
            });
        }
        self.text(file, &format!("{id}: text"), &q.text);
        match &q.help {
            Some(h) => self.text(file, &format!("{id}: help"), h),
            None => {
                self.warning(
                    "no-help",
                    file,
                    q.id.loc,
                    tr!(lang, "{id}: keine Hilfe (`help`)", "{id}: no help (`help`)"),
                )
                .set_hint(tr!(
                    lang,
                    "Sagen Sie, worauf man schauen soll und was als Nachweis gilt.",
                    "Say what to look at and what counts as evidence."
                ));
            }
        }
        match &q.recommendation {
            Some(r) => self.text(file, &format!("{id}: recommendation"), r),
            None => {
                self.warning(
                    "no-recommendation",
                    file,
                    q.id.loc,
                    tr!(
                        lang,
                        "{id}: keine Empfehlung (`recommendation`)",
                        "{id}: no recommendation (`recommendation`)"
                    ),
                )
                .set_hint(tr!(
                    lang,
                    "Nennen Sie den nächsten konkreten Schritt, wenn die Praxis fehlt.",
                    "Name the next concrete step when the practice falls short."
                ));
            }
        }
        if q.anchors.is_empty() {
            self.warning(
                "no-anchors",
                file,
                q.id.loc,
                tr!(
                    lang,
                    "{id}: keine Anker (`anchors`)",
                    "{id}: no anchors (`anchors`)"
                ),
            )
            .set_hint(tr!(
                lang,
                "Beschreiben Sie mindestens die Stufen 1, 3 und 5 für diese Praxis, damit zwei Personen gleich antworten.",
                "Describe at least levels 1, 3 and 5 for this practice, so that two people answer alike."
            ));
        }
        for (level, text) in q.anchors.0.value.iter() {
            if !(0..=5).contains(&level.value) {
                let loc = if level.loc.is_known() {
                    level.loc
                } else {
                    text.loc
                };
                let d = self.error(
                    "anchor-level",
                    file,
                    loc,
                    tr!(
                        lang,
                        "{id}: Anker nur für die Stufen 0–5",
                        "{id}: anchors only for levels 0–5"
                    ),
                );
                d.value = Some(level.value.to_string());
                d.set_hint(tr!(
                    lang,
                    "Verwenden Sie die Schlüssel 0 bis 5.",
                    "Use the keys 0 to 5."
                ));
            }
            self.text(file, &format!("{id}: anchor {}", level.value), text);
        }
        self.weight(file, &q.weight);
        self.references(file, id, &q.references);
    }

    fn references(&mut self, file: &str, id: &str, r: &crate::model::References) {
        let lang = self.lang;
        type RefList<'r> = (&'r str, &'r Vec<Sp<Str>>, fn(&str) -> bool, String);
        let lists: [RefList; 3] = [
            (
                "grundschutz",
                &r.grundschutz,
                is_grundschutz_id,
                tr!(
                    lang,
                    "Grundschutz++-IDs sehen aus wie `GC.1.1` oder `DET.5.1.2`.",
                    "Grundschutz++ ids look like `GC.1.1` or `DET.5.1.2`."
                ),
            ),
            (
                "nis2",
                &r.nis2,
                is_nis2_letter,
                tr!(
                    lang,
                    "NIS2 Art. 21(2) hat die Buchstaben `a` bis `j`.",
                    "NIS2 Art. 21(2) has the letters `a` to `j`."
                ),
            ),
            (
                "iso27001",
                &r.iso27001,
                is_iso_annex_a_id,
                tr!(
                    lang,
                    "ISO/IEC 27001:2022 Anhang A: `A.5.1`–`A.5.37`, `A.6.1`–`A.6.8`, `A.7.1`–`A.7.14`, `A.8.1`–`A.8.34`.",
                    "ISO/IEC 27001:2022 Annex A: `A.5.1`–`A.5.37`, `A.6.1`–`A.6.8`, `A.7.1`–`A.7.14`, `A.8.1`–`A.8.34`."
                ),
            ),
        ];
        for (kind, list, ok, hint) in lists {
            let mut seen = HashMap::new();
            for v in list {
                if !ok(v) {
                    let d = self.error(
                        "reference",
                        file,
                        v.loc,
                        tr!(
                            lang,
                            "{id}: ungültige Referenz in `{kind}`",
                            "{id}: malformed reference in `{kind}`"
                        ),
                    );
                    d.value = Some(v.value.to_string());
                    d.set_hint(hint.clone());
                }
                if seen.insert(v.value.as_str(), v.loc).is_some() {
                    let d = self.warning(
                        "duplicate-reference",
                        file,
                        v.loc,
                        tr!(
                            lang,
                            "{id}: Referenz doppelt genannt",
                            "{id}: reference given twice"
                        ),
                    );
                    d.value = Some(v.value.to_string());
                }
            }
        }
    }

    /// Checks what spans fields: unique field ids, numbers and question ids.
    pub fn across_fields(&mut self, fields: &[Field]) {
        let lang = self.lang;
        let mut ids: HashMap<&str, (&str, Loc)> = HashMap::new();
        let mut numbers: HashMap<u32, (&str, Loc)> = HashMap::new();
        let mut qids: HashMap<&str, (&str, Loc)> = HashMap::new();
        for f in fields {
            if let Some((ffile, first)) = ids.insert(&f.id, (&f.file, f.id.loc)) {
                self.duplicate_across(&f.file, &f.id.value, f.id.loc, ffile, first);
            }
            if let Some((ffile, first)) = numbers.insert(f.number.value, (&f.file, f.number.loc)) {
                let d = self.error(
                    "duplicate-number",
                    &f.file,
                    f.number.loc,
                    tr!(
                        lang,
                        "die Nummer {} hat schon {}:{}",
                        "number {} is already used in {}:{}",
                        f.number.value,
                        ffile,
                        first.line
                    ),
                );
                d.value = Some(f.number.value.to_string());
                d.set_hint(tr!(
                    lang,
                    "Nummerieren Sie die Handlungsfelder 1, 2, 3 …",
                    "Number the fields 1, 2, 3 …"
                ));
            }
            for q in f.questions.iter() {
                if let Some((ffile, first)) = qids.insert(&q.id, (&f.file, q.id.loc)) {
                    self.duplicate_across(&f.file, &q.id.value, q.id.loc, ffile, first);
                }
            }
        }
    }

    fn duplicate_across(&mut self, file: &str, id: &str, loc: Loc, first_file: &str, first: Loc) {
        let lang = self.lang;
        let d = self.error(
            "duplicate-id",
            file,
            loc,
            tr!(
                lang,
                "die ID `{id}` ist doppelt (zuerst in {first_file}:{}:{})",
                "id `{id}` appears twice (first in {first_file}:{}:{})",
                first.line,
                first.column
            ),
        );
        d.value = Some(id.to_owned());
        d.set_hint(tr!(
            lang,
            "IDs müssen im ganzen Set eindeutig sein; vergeben Sie eine neue.",
            "Ids must be unique across the set; give this one a new id."
        ));
    }
}

fn slug_hint(lang: Lang) -> String {
    tr!(
        lang,
        "Verwenden Sie Kleinbuchstaben, Ziffern und Bindestriche, z. B. `incident-response`.",
        "Use lower-case letters, digits and hyphens, e.g. `incident-response`."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_shapes() {
        assert!(is_slug("incident-response"));
        assert!(!is_slug("Incident"));
        assert!(!is_slug("a--b"));
        assert!(!is_slug("-a"));
        assert!(is_question_id("INC-01"));
        assert!(is_question_id("ABCDE-123"));
        assert!(!is_question_id("I-01"));
        assert!(!is_question_id("INC-1"));
        assert!(!is_question_id("inc-01"));
        assert!(is_oscal_id("GC.9.1.1.1"));
        assert!(is_oscal_id("ac-2.1"));
        assert!(is_oscal_id("_x"));
        assert!(!is_oscal_id("5.1"));
        assert!(!is_oscal_id("a b"));
        assert!(!is_oscal_id(""));
        assert!(!is_oscal_id(&"a".repeat(65)));
        assert!(is_question_id_for(IdRule::Oscal, "GC.1.1"));
        assert!(!is_question_id_for(IdRule::Cyberkompass, "GC.1.1"));
        assert!(is_grundschutz_id("GC.1.1"));
        assert!(is_grundschutz_id("DET.5.1.2"));
        assert!(is_grundschutz_id("GC.9.1.1.1.1"));
        assert!(!is_grundschutz_id("GC.9.1.1.1.1.1"));
        assert!(!is_grundschutz_id("DET.5"));
        assert!(!is_grundschutz_id("DER.2.1.A4"));
        assert!(!is_grundschutz_id("det.5.1"));
        assert!(is_iso_annex_a_id("A.5.1"));
        assert!(is_iso_annex_a_id("A.5.37"));
        assert!(is_iso_annex_a_id("A.8.34"));
        assert!(!is_iso_annex_a_id("A.8.35"));
        assert!(!is_iso_annex_a_id("A.6.9"));
        assert!(!is_iso_annex_a_id("A.9.1"));
        assert!(!is_iso_annex_a_id("5.1"));
        assert!(!is_iso_annex_a_id("A.5.01"));
        assert!(is_nis2_letter("a"));
        assert!(is_nis2_letter("j"));
        assert!(!is_nis2_letter("k"));
        assert!(!is_nis2_letter("A"));
    }

    /// Codes of the findings for the profiles of a manifest whose `profiles:` are `yaml`.
    fn profile_findings(yaml: &str) -> Vec<(&'static str, Option<String>)> {
        let text = format!(
            "format: 1\nid: t\nversion: \"1\"\ntitle: {{ de: T, en: T }}\nlanguages: [de, en]\n\
             threshold: 0.8\nscale: []\nfields: [a.yaml]\nprofiles:\n{yaml}"
        );
        let m: Manifest = serde_saphyr::from_str(&text).expect("manifest");
        let mut out = Findings::default();
        let mut c = Checker {
            out: &mut out,
            lang: Lang::En,
            languages: vec!["de".into(), "en".into()],
            ids: IdRule::default(),
        };
        c.profiles("set.yaml", &m, &["a", "b"]);
        out.diagnostics
            .iter()
            .map(|d| (d.code, d.value.clone()))
            .collect()
    }

    #[test]
    fn critical_min_is_at_least_every_target_and_at_most_5() {
        let p = |extra: &str| {
            format!(
                "  - id: p\n    title: {{ de: P, en: P }}\n    target: 2\n    fields: [{{ field: b, target: 4 }}]\n{extra}"
            )
        };
        assert_eq!(profile_findings(&p("    critical_min: 4\n")), vec![]);
        assert_eq!(profile_findings(&p("    critical_min: 5\n")), vec![]);
        // Below the field exception's target 4, though above the default target 2.
        assert_eq!(
            profile_findings(&p("    critical_min: 3\n")),
            vec![("critical-min", Some("3".to_owned()))]
        );
        assert_eq!(
            profile_findings(&p("    critical_min: 6\n")),
            vec![("level-range", Some("6".to_owned()))]
        );
    }

    #[test]
    fn former_ids_are_ids_and_unique() {
        let two = |a: &str, b: &str| {
            format!(
                "  - id: p\n    title: {{ de: P, en: P }}\n    target: 2\n    former_ids: [{a}]\n  \
                 - id: q\n    title: {{ de: Q, en: Q }}\n    target: 3\n    former_ids: [{b}]\n"
            )
        };
        assert_eq!(profile_findings(&two("alt", "older")), vec![]);
        assert_eq!(
            profile_findings(&two("q", "older")),
            vec![("duplicate-id", Some("q".to_owned()))]
        );
        assert_eq!(
            profile_findings(&two("alt", "alt")),
            vec![("duplicate-id", Some("alt".to_owned()))]
        );
        assert_eq!(
            profile_findings(&two("Alt", "older")),
            vec![("id-pattern", Some("Alt".to_owned()))]
        );
    }
}
