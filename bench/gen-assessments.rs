//! `cargo run --release --features testing --example gen-assessments -- N SEED DIR`: writes N
//! generated assessment files of the built-in set (seeded, see `cyberkompass::testgen`) as
//! DIR/gemeinde-0001.yaml … for the aggregate benchmark.
use std::path::PathBuf;

use cyberkompass::i18n::Lang;
use cyberkompass::set::{SetSource, load_usable};
use cyberkompass::testgen::{GenOptions, assessment_yaml};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [n, seed, dir] = args.as_slice() else {
        return Err("usage: gen-assessments N SEED DIR".to_owned());
    };
    let n: u64 = n.parse().map_err(|e| format!("N: {e}"))?;
    let seed: u64 = seed.parse().map_err(|e| format!("SEED: {e}"))?;
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let set = load_usable(&SetSource::Builtin, Lang::En).map_err(|_| "built-in set".to_owned())?;
    let o = GenOptions {
        seed,
        ..GenOptions::default()
    };
    for i in 1..=n {
        let text = assessment_yaml(&set, i, &o);
        std::fs::write(dir.join(format!("gemeinde-{i:05}.yaml")), text)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}
