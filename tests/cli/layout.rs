//! The module layout holds: commands live under src/cli/, and no other module imports from
//! `cli` (the command layer depends on the domain, never the other way round).

use std::path::{Path, PathBuf};

use crate::common::root;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read src") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn no_module_outside_cli_imports_from_cli() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "found only {} source files", files.len());
    let mut offenders = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        if rel.starts_with("cli") || rel == Path::new("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("read source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("crate::cli") || code.contains("cyberkompass::cli") {
                offenders.push(format!("src/{}:{}: {}", rel.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "domain modules must not import from `cli`:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn every_command_has_its_handler_under_src_cli() {
    let cli = root().join("src/cli");
    for f in [
        "mod.rs",
        "context.rs",
        "validate.rs",
        "list.rs",
        "assess.rs",
        "score.rs",
        "report.rs",
        "schema.rs",
        "completions.rs",
        "export.rs",
        "import.rs",
    ] {
        assert!(cli.join(f).is_file(), "src/cli/{f} is missing");
    }
    for gone in [
        "cli.rs",
        "assess.rs",
        "score_cmd.rs",
        "report.rs",
        "charts.rs",
    ] {
        assert!(
            !root().join("src").join(gone).exists(),
            "src/{gone} should have moved"
        );
    }
}
