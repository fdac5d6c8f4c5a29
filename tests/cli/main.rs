//! The one integration test binary: runs the real `cyberkompass` binary. One module per command.

mod assess;
mod common;
mod migration;
mod misc;
mod report;
mod score;
mod validate;
