//! cyberkompass: cyber-resilience self-assessment for German public administration.
//! The library holds all logic and never prints; `main.rs` only parses arguments and maps
//! the result to an exit code.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod diag;
pub mod i18n;
pub mod load;
pub mod model;
