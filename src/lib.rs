//! cyberkompass: cyber-resilience self-assessment for German public administration.
//! The library holds all logic and never prints; `main.rs` only parses arguments and maps
//! the result to an exit code.
#![warn(clippy::print_stdout, clippy::print_stderr)]
// A Diagnostic is the error value of input problems; they are rare and built once, so the
// size of the Err variant does not matter.
#![allow(clippy::result_large_err)]

pub mod aggregate;
pub mod agree;
pub mod assessment;
pub mod atomic;
pub mod builtin;
pub mod canonical;
pub mod ci;
pub mod cli;
pub mod compact;
pub mod compare;
pub mod diag;
pub mod explain;
pub mod fastfield;
pub mod fastread;
pub mod fastscan;
pub mod i18n;
pub mod load;
pub mod lock;
pub mod model;
pub mod oscal;
pub mod partials;
pub mod plan;
pub mod report;
pub mod sanitize;
pub mod schema;
pub mod scoring;
pub mod session;
pub mod set;
pub mod table;
pub mod terminal;
#[cfg(feature = "testing")]
pub mod testgen;
pub mod validate;
pub mod vcs;
