//! The one integration test binary: commands run in-process through `cli::run` (the real
//! binary where exit codes, signals or terminals matter). One module per command.

mod aggregate;
mod assess;
mod assess_screen;
mod common;
mod coverage;
mod hostile;
mod layout;
mod misc;
mod plan;
mod report;
mod score;
mod validate;
