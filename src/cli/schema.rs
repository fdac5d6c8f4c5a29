//! The `schema` command: prints the JSON Schema (draft-07) of a file format, generated from
//! the Rust types in [`crate::schema`].

use super::context::{CmdResult, Ctx, Outcome};
use crate::schema::{SchemaKind, schema_json};

/// `cyberkompass schema KIND`.
pub fn run(ctx: &mut Ctx, kind: SchemaKind) -> CmdResult {
    ctx.print(&schema_json(kind));
    Ok(Outcome::Done)
}
