//! The one integration test binary: runs the real `cyberkompass` binary. One module per command.

mod assess;
mod common;
mod misc;
mod plan;
mod report;
mod score;
mod validate;
