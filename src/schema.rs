//! JSON Schemas (draft-07) of the file formats, generated from the Rust types.

use schemars::generate::SchemaSettings;

/// The documents that have a published schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// The manifest of a checklist set (set.yaml).
    Set,
    /// One field-of-action file.
    Field,
    /// An assessment file.
    Assessment,
    /// The result of `score --format json`.
    Score,
    /// The data model of a report (`report --format json`).
    Report,
    /// The action plan (`plan --format json`).
    Plan,
    /// The comparison of assessments (`compare --format json`).
    Compare,
    /// The agreement of two ratings (`agree --format json`).
    Agree,
    /// The anonymised aggregate (`aggregate --format json`).
    Aggregate,
}

impl SchemaKind {
    /// All kinds, in the order they are published.
    pub const ALL: [SchemaKind; 9] = [
        SchemaKind::Set,
        SchemaKind::Field,
        SchemaKind::Assessment,
        SchemaKind::Score,
        SchemaKind::Report,
        SchemaKind::Plan,
        SchemaKind::Compare,
        SchemaKind::Agree,
        SchemaKind::Aggregate,
    ];

    /// The file name under schema/.
    pub fn file_name(self) -> &'static str {
        match self {
            SchemaKind::Set => "set.schema.json",
            SchemaKind::Field => "field.schema.json",
            SchemaKind::Assessment => "assessment.schema.json",
            SchemaKind::Score => "score.schema.json",
            SchemaKind::Report => "report.schema.json",
            SchemaKind::Plan => "plan.schema.json",
            SchemaKind::Compare => "compare.schema.json",
            SchemaKind::Agree => "agree.schema.json",
            SchemaKind::Aggregate => "aggregate.schema.json",
        }
    }
}

/// The schema of `kind` as pretty JSON with a trailing newline.
pub fn schema_json(kind: SchemaKind) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match kind {
        SchemaKind::Set => generator.into_root_schema_for::<crate::model::Manifest>(),
        SchemaKind::Field => generator.into_root_schema_for::<crate::model::Field>(),
        SchemaKind::Assessment => {
            generator.into_root_schema_for::<crate::assessment::AssessmentFile>()
        }
        SchemaKind::Score => generator.into_root_schema_for::<crate::scoring::ScoreResult>(),
        SchemaKind::Report => generator.into_root_schema_for::<crate::report::Report>(),
        SchemaKind::Plan => generator.into_root_schema_for::<crate::plan::Plan>(),
        SchemaKind::Compare => generator.into_root_schema_for::<crate::compare::Comparison>(),
        SchemaKind::Agree => generator.into_root_schema_for::<crate::agree::AgreeResult>(),
        SchemaKind::Aggregate => generator.into_root_schema_for::<crate::aggregate::Aggregate>(),
    };
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
