//! `validate`: every rule, every bad input, the three output formats.
