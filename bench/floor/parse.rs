//! The YAML floor of the benchmarks: serde-saphyr alone reads and parses the given field files
//! into the same types as cyberkompass (with the same options), one after another on one core,
//! and does nothing else. Usage: floor-parse FILE…
use cyberkompass::load::yaml_options;
use cyberkompass::model::{Field, Manifest};

fn main() {
    let mut parsed = 0usize;
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
        let ok = if path.ends_with("set.yaml") {
            serde_saphyr::from_str_with_options::<Manifest>(&text, yaml_options()).is_ok()
        } else {
            serde_saphyr::from_str_with_options::<Field>(&text, yaml_options()).is_ok()
        };
        parsed += usize::from(ok);
    }
    std::process::exit(if parsed > 0 { 0 } else { 1 });
}
