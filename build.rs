//! Reads and checks the built-in checklist set (checklists/) once, when the binary is built, with
//! the very loader and checks that `--checklists DIR` runs at run time (the modules below are the
//! crate's own files, included by path: one source of truth). Any finding, error or warning,
//! fails the build with the diagnostic. The checked set, with every value's place and the set's
//! SHA-256, is embedded in a compact binary form (src/compact.rs, read by src/builtin.rs), so no
//! run parses it again. The built-in report templates are compiled here too
//! (src/report/precompile.rs, rendered by src/report/compiled.rs), so no run parses them either.
#![allow(dead_code, unused_imports, clippy::result_large_err)]

#[path = "src/canonical.rs"]
mod canonical;
#[path = "src/compact.rs"]
mod compact;
#[path = "src/diag.rs"]
mod diag;
#[path = "src/fastfield.rs"]
mod fastfield;
#[path = "src/i18n.rs"]
mod i18n;
#[path = "src/load.rs"]
mod load;
#[path = "src/model.rs"]
mod model;
#[path = "src/report/precompile.rs"]
mod precompile;
#[path = "src/sanitize.rs"]
mod sanitize;
#[path = "src/set.rs"]
mod set;
#[path = "src/validate.rs"]
mod validate;

/// At build time the built-in set is the folder checklists/ itself.
mod builtin {
    use crate::i18n::Lang;
    use crate::set::{Loaded, SetSource, load_set};

    pub fn loaded(lang: Lang) -> Result<Loaded, String> {
        load_set(&SetSource::Dir(super::checklists()), lang)
    }

    pub fn findings(lang: Lang) -> Result<crate::diag::Findings, String> {
        loaded(lang).map(|l| l.findings)
    }

    /// Nothing is embedded yet: every text is owned.
    pub fn as_static(_: &str) -> Option<&'static str> {
        None
    }
}

fn checklists() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("checklists")
}

fn main() {
    let dir = checklists();
    println!("cargo:rerun-if-changed={}", dir.display());
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            println!("cargo:rerun-if-changed={}", e.path().display());
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
    for m in [
        "canonical",
        "compact",
        "diag",
        "fastfield",
        "i18n",
        "load",
        "model",
        "set",
        "validate",
    ] {
        println!("cargo:rerun-if-changed=src/{m}.rs");
    }
    report_templates();
    let loaded = match builtin::loaded(i18n::Lang::En) {
        Ok(l) => l,
        Err(msg) => fail(&format!("the built-in set cannot be read: {msg}")),
    };
    let set = match loaded.set {
        Some(s) if loaded.findings.diagnostics.is_empty() => s,
        _ => {
            let style = diag::HumanStyle {
                color: false,
                width: 100,
            };
            fail(&format!(
                "the built-in set (checklists/) has findings; fix them or the build cannot embed it:\n{}",
                diag::render_human(&loaded.findings, style, i18n::Lang::En)
            ))
        }
    };
    let (bin, strs) = match compact::to_parts(&(&set.manifest, &set.fields, &set.sha256)) {
        Ok(parts) => parts,
        Err(e) => fail(&format!("cannot encode the built-in set: {e}")),
    };
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let (bin_path, strs_path) = (out.join("builtin.bin"), out.join("builtin.txt"));
    std::fs::write(&bin_path, &bin).expect("write builtin.bin");
    std::fs::write(&strs_path, &strs).expect("write builtin.txt");
    let code = format!(
        "/// How many files the build-time check read (manifest and field files).\n\
         pub const FILES_READ: usize = {};\n\
         /// The checked set, `crate::builtin::Embedded` in the compact form (src/compact.rs):\n\
         /// the structure bytes and the texts.\n\
         pub static BIN: &[u8] = include_bytes!({:?});\n\
         pub static STRS: &str = include_str!({:?});\n",
        loaded.findings.files,
        bin_path.display().to_string(),
        strs_path.display().to_string()
    );
    std::fs::write(out.join("builtin.rs"), code).expect("write builtin.rs");
}

/// The built-in report templates, compiled once here (src/report/precompile.rs) into
/// `report_templates.rs`, which src/report/compiled.rs includes.
fn report_templates() {
    println!("cargo:rerun-if-changed=src/report/precompile.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("reports");
    let read = |f: &str| {
        println!("cargo:rerun-if-changed=reports/{f}");
        std::fs::read_to_string(dir.join(f)).unwrap_or_else(|e| fail(&format!("reports/{f}: {e}")))
    };
    let texts: Vec<(&str, &str, String)> = [
        ("P_STYLE", "style.css.hbs"),
        ("P_FIELD", "field.html.hbs"),
        ("P_PLAN", "plan.html.hbs"),
        ("P_TREND", "trend.html.hbs"),
        ("P_TREND_MD", "trend.md.hbs"),
        ("REPORT_HTML", "report.html.hbs"),
        ("REPORT_MD", "report.md.hbs"),
    ]
    .into_iter()
    .map(|(item, file)| (item, file, read(file)))
    .collect();
    // The partials each format registers (src/report/render.rs: PARTIALS, MD_PARTIALS).
    let html: &[(&str, &str)] = &[
        ("style", "P_STYLE"),
        ("field", "P_FIELD"),
        ("plan", "P_PLAN"),
        ("trend", "P_TREND"),
    ];
    let md: &[(&str, &str)] = &[("trend_md", "P_TREND_MD")];
    let sources: Vec<precompile::Source> = texts
        .iter()
        .map(|(item, file, text)| precompile::Source {
            item,
            file,
            text,
            partials: if file.ends_with(".md.hbs") { md } else { html },
        })
        .collect();
    let code = precompile::generate(&sources).unwrap_or_else(|e| fail(&e));
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("report_templates.rs"), code).expect("write report_templates.rs");
}

fn fail(msg: &str) -> ! {
    eprintln!("{msg}");
    std::process::exit(1);
}
