//! `cargo run --release --example parse-floor -- DIR`: the floor of `aggregate`'s benchmark:
//! reads every *.yaml file of DIR and parses it into an assessment with the same YAML library
//! and options (serde-saphyr through `load::parse_yaml`), on one core, nothing else. Prints
//! the number of files parsed.
use cyberkompass::assessment::AssessmentFile;
use cyberkompass::i18n::Lang;
use cyberkompass::load::parse_yaml;

fn main() -> Result<(), String> {
    let dir = std::env::args().nth(1).ok_or("usage: parse-floor DIR")?;
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    let mut n = 0u64;
    for p in &paths {
        let text = std::fs::read_to_string(p).map_err(|e| e.to_string())?;
        let a = parse_yaml::<AssessmentFile>(&text, "x", Lang::En).map_err(|d| d.message)?;
        n += a.answers.len() as u64;
    }
    println!("{} files, {n} answers", paths.len());
    Ok(())
}
