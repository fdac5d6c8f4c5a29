//! The command `import oscal`: reads an OSCAL catalog (and optionally a profile), turns it
//! into a checklist set (the mapping lives in `crate::oscal::import`), writes the files
//! atomically into a folder and checks the result as `validate` would.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

use super::context::{CmdResult, Ctx, Failure, Outcome};
use crate::oscal::import::{ImportOptions, InputFile, MAX_BYTES, SecLevel, import};
use crate::set::{SetSource, load_set, load_usable};
use crate::tr;

/// Subcommands of `import`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Ein OSCAL-Katalog (z. B. Grundschutz++) als Checklisten-Set (an OSCAL catalog as a checklist set)
    Oscal(ImportOscalArgs),
}

/// Which BSI security levels to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SecLevelArg {
    /// Nur `normal-SdT` (und Anforderungen ohne `sec_level`) (only normal protection needs)
    Normal,
    /// Alle, auch `erhöht` (all, including elevated protection needs)
    All,
}

/// The language of the catalog's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CatalogLang {
    /// Deutsch (die BSI-Kataloge) (German, the BSI's catalogs)
    De,
    /// Englisch (z. B. NIST) (English, e.g. NIST)
    En,
}

/// Arguments of `import oscal`.
#[derive(Debug, Args)]
pub struct ImportOscalArgs {
    /// Der OSCAL-Katalog als JSON (the OSCAL catalog, JSON)
    pub catalog: PathBuf,
    /// Zielordner für das Checklisten-Set (output folder for the checklist set)
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// OSCAL-Profil, das Anforderungen auswählt und Parameter setzt (profile that selects controls and sets parameters)
    #[arg(long, value_name = "PROFILE.json")]
    pub profile: Option<PathBuf>,
    /// BSI-Sicherheitsniveau (BSI security level)
    #[arg(long, value_enum, default_value = "normal")]
    pub sec_level: SecLevelArg,
    /// Set-ID statt der aus dem Titel abgeleiteten (set id instead of the one derived from the title)
    #[arg(long, value_name = "ID")]
    pub set_id: Option<String>,
    /// Sprache der Katalogtexte (language of the catalog's texts)
    #[arg(long, value_enum, default_value = "de")]
    pub catalog_lang: CatalogLang,
    /// Einen nicht leeren Zielordner überschreiben (write into a non-empty folder)
    #[arg(long)]
    pub force: bool,
}

/// `cyberkompass import …`.
pub fn run(ctx: &mut Ctx, c: ImportCommand) -> CmdResult {
    match c {
        ImportCommand::Oscal(a) => oscal(ctx, a),
    }
}

fn read(p: &std::path::Path, lang: crate::i18n::Lang) -> Result<Vec<u8>, Failure> {
    let shown = p.display();
    match std::fs::metadata(p) {
        Err(e) => {
            return Err(Failure::Usage(tr!(
                lang,
                "{shown}: kann nicht gelesen werden: {e}",
                "{shown}: cannot be read: {e}"
            )));
        }
        Ok(m) if m.is_dir() => {
            return Err(Failure::Usage(tr!(
                lang,
                "{shown}: ist ein Ordner; erwartet wird eine JSON-Datei",
                "{shown}: is a folder; expected a JSON file"
            )));
        }
        Ok(m) if m.len() > MAX_BYTES as u64 => {
            return Err(Failure::Failed(tr!(
                lang,
                "{shown}: $: die Datei ist größer als {} MiB ({} Bytes)\n  Teilen Sie den Katalog auf oder importieren Sie einen kleineren Auszug.",
                "{shown}: $: the file is larger than {} MiB ({} bytes)\n  Split the catalog or import a smaller excerpt.",
                MAX_BYTES / 1024 / 1024,
                m.len()
            )));
        }
        Ok(_) => {}
    }
    std::fs::read(p).map_err(|e| {
        Failure::Usage(tr!(
            lang,
            "{shown}: kann nicht gelesen werden: {e}",
            "{shown}: cannot be read: {e}"
        ))
    })
}

fn oscal(ctx: &mut Ctx, a: ImportOscalArgs) -> CmdResult {
    let lang = ctx.lang;
    if let Some(id) = &a.set_id
        && !crate::validate::is_slug(id)
    {
        return Err(Failure::Usage(tr!(
            lang,
            "--set-id `{id}`: Kleinbuchstaben, Ziffern und Bindestriche, z. B. `grundschutz-kernel`",
            "--set-id `{id}`: lower-case letters, digits and hyphens, e.g. `grundschutz-kernel`"
        )));
    }
    if let Ok(mut entries) = std::fs::read_dir(&a.output)
        && entries.next().is_some()
        && !a.force
    {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: der Ordner ist nicht leer; wählen Sie einen neuen Ordner oder überschreiben Sie mit --force.",
            "{}: the folder is not empty; choose a new folder or overwrite with --force.",
            a.output.display()
        )));
    }
    let catalog_name = a.catalog.display().to_string();
    let catalog = read(&a.catalog, lang)?;
    let profile = match &a.profile {
        Some(p) => Some((p.display().to_string(), read(p, lang)?)),
        None => None,
    };
    let base = load_usable(&SetSource::Builtin, lang).map_err(|_| {
        Failure::Failed(tr!(
            lang,
            "das eingebaute Set ist ungültig",
            "the built-in set is invalid"
        ))
    })?;
    let opts = ImportOptions {
        set_id: a.set_id.clone(),
        sec_level: match a.sec_level {
            SecLevelArg::Normal => SecLevel::Normal,
            SecLevelArg::All => SecLevel::All,
        },
    };
    let language = match a.catalog_lang {
        CatalogLang::De => "de",
        CatalogLang::En => "en",
    };
    let imported = import(
        InputFile {
            name: &catalog_name,
            bytes: &catalog,
        },
        profile
            .as_ref()
            .map(|(n, b)| InputFile { name: n, bytes: b }),
        &opts,
        &base.manifest,
        language,
        lang,
    )
    .map_err(|e| Failure::Failed(e.to_string()))?;
    if let Err(e) = std::fs::create_dir_all(&a.output) {
        return Err(Failure::Usage(tr!(
            lang,
            "{}: Ordner kann nicht angelegt werden: {e}",
            "{}: cannot create the folder: {e}",
            a.output.display()
        )));
    }
    for (name, text) in &imported.files {
        let p = a.output.join(name);
        crate::atomic::write_atomic(&p, text.as_bytes()).map_err(|e| {
            Failure::Usage(tr!(
                lang,
                "{}: kann nicht geschrieben werden: {e}",
                "{}: cannot be written: {e}",
                p.display()
            ))
        })?;
    }
    // The result must be a valid set: check it as `validate` would.
    let loaded = load_set(&SetSource::Dir(a.output.clone()), lang).map_err(Failure::Usage)?;
    if loaded.findings.errors() > 0 || loaded.set.is_none() {
        return Err(Failure::Findings(
            loaded.findings,
            tr!(
                lang,
                "Das erzeugte Set ist ungültig (ein Fehler von cyberkompass; bitte melden).",
                "The generated set is invalid (a bug in cyberkompass; please report it)."
            ),
        ));
    }
    if !ctx.quiet {
        let s = &imported.summary;
        ctx.note(&tr!(
            lang,
            "{} Anforderungen gelesen → {} Fragen in {} Handlungsfeldern ({} kritisch, MUSS); übersprungen: {} zurückgezogen, {} durch --sec-level, {} nicht vom Profil gewählt; {} Parameter eingesetzt.",
            "{} controls read → {} questions in {} fields of action ({} critical, MUSS); skipped: {} withdrawn, {} by --sec-level, {} not selected by the profile; {} parameters substituted.",
            s.controls,
            s.imported,
            s.fields,
            s.critical,
            s.withdrawn,
            s.sec_level,
            s.not_selected,
            s.parameters
        ));
        if s.alters_ignored > 0 {
            ctx.note(&tr!(
                lang,
                "Warnung: {} `alters` des Profils wurden nicht angewandt.",
                "Warning: {} `alters` of the profile were not applied.",
                s.alters_ignored
            ));
        }
        ctx.note(&tr!(
            lang,
            "Set geschrieben nach {0}; weiter mit: cyberkompass --checklists {0} assess BEWERTUNG.yaml",
            "Set written to {0}; next: cyberkompass --checklists {0} assess ASSESSMENT.yaml",
            a.output.display()
        ));
    }
    Ok(Outcome::Done)
}
