//! `cargo run --release --example parse-floor -- DIR [serde|events|events-quiet|fast]`: the floors of
//! `aggregate`'s benchmark. Reads every *.yaml file of DIR, one after another on one core, and
//! does nothing else but
//! - `serde` (default): parse it into an assessment with serde-saphyr and the same options
//!   (`load::parse_yaml`), the slow path of `assessment::read`;
//! - `events`: pull granit-parser's events with serde-saphyr's parser options (the parser
//!   both paths use; the floor of "the same YAML library" for the fast path);
//! - `events-quiet`: the same without comment events (as the fast path parses a file with
//!   few `#`);
//! - `fast`: read it with the fast path (src/fastread.rs), falling back like `assessment::read`.
//!
//! Prints the number of files and answers (or events).
use cyberkompass::assessment::AssessmentFile;
use cyberkompass::i18n::Lang;
use cyberkompass::load::parse_yaml;

fn main() -> Result<(), String> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: parse-floor DIR [serde|events|events-quiet|fast]")?;
    let mode = std::env::args().nth(2).unwrap_or_else(|| "serde".into());
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
        n += match mode.as_str() {
            "serde" => parse_yaml::<AssessmentFile>(&text, "x", Lang::En)
                .map_err(|d| d.message)?
                .answers
                .len() as u64,
            "events" | "events-quiet" => {
                let mut o = cyberkompass::fastread::parser_options();
                o.emit_comments = mode == "events";
                let parser =
                    granit_parser::Parser::with_options(granit_parser::StrInput::new(&text), o);
                let mut events = 0u64;
                for ev in parser {
                    ev.map_err(|e| e.to_string())?;
                    events += 1;
                }
                events
            }
            "fast" => match cyberkompass::fastread::parse(&text) {
                Some(a) => a.answers.len() as u64,
                None => parse_yaml::<AssessmentFile>(&text, "x", Lang::En)
                    .map_err(|d| d.message)?
                    .answers
                    .len() as u64,
            },
            m => {
                return Err(format!(
                    "unknown mode {m}: serde, events, events-quiet or fast"
                ));
            }
        };
    }
    println!("{} files, {n} answers or events ({mode})", paths.len());
    Ok(())
}
