//! Fuzz target: the scanner of canonical assessment files (src/fastscan.rs) never yields other
//! events than granit-parser (values, styles, spans, byte offsets), and the reader makes the
//! same file of both; the fast path as a whole never reads what serde-saphyr refuses, nor a
//! different value or place. Scanner `Some` ⇒ the same result as the parser's path.
#![no_main]

use cyberkompass::fastread::{agrees_with_serde_saphyr, scanner_agrees};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = scanner_agrees(text) {
        panic!("{e}");
    }
    if let Err(e) = agrees_with_serde_saphyr(text) {
        panic!("{e}");
    }
});
