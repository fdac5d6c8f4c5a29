//! Fuzz target: the fast reader of field files (src/fastfield.rs) never reads what serde-saphyr
//! refuses, nor a different value or place: fast `Some` ⇒ equal to serde-saphyr's `Ok`.
#![no_main]

use cyberkompass::fastfield::agrees_with_serde_saphyr;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = agrees_with_serde_saphyr(text) {
        panic!("{e}");
    }
});
