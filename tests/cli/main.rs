//! The one integration test binary: commands run in-process through `cli::run` (the real
//! binary where exit codes, signals or terminals matter). One module per command.

mod aggregate;
mod agree;
mod assess;
mod assess_screen;
mod ci;
mod common;
mod compare;
mod coverage;
mod docs;
mod fastfield;
mod fastread;
mod hostile;
mod layout;
mod migration;
mod misc;
mod oscal;
mod plan;
mod report;
mod score;
mod validate;
