//! Reports: the data model every report format sees ([`model`]), building it from a set, an
//! assessment and its score ([`build`]), the labels in both languages ([`labels`]), one escaper
//! per format ([`escape`]), the SVG charts ([`charts`]) and rendering as Markdown or HTML
//! (handlebars templates, embedded or the user's own) or as JSON ([`render`]).

pub mod aggregate;
pub mod agree;
mod build;
pub mod charts;
mod compiled;
pub mod escape;
mod governance;
pub(crate) mod json;
mod labels;
pub mod model;
mod render;
pub mod trend;

pub use agree::AuditSection;
pub use build::{Inputs, build};
pub use labels::labels;
pub use model::*;
#[cfg(feature = "testing")]
pub use render::render_compiled;
pub use render::{
    DEFAULT_TEMPLATES, HTML_FIELD, HTML_PLAN, HTML_STYLE, HTML_TEMPLATE, HTML_TREND, MD_PARTIALS,
    MD_TEMPLATE, MD_TREND, PARTIALS, RenderFailure, Source, render,
};
pub use trend::{Trend, build_trend};

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Markdown für GitHub, GitLab, pandoc (GitHub-flavoured Markdown)
    Md,
    /// Eine eigenständige HTML-Datei (one self-contained HTML file)
    Html,
    /// Das Datenmodell als JSON (the data model as JSON)
    Json,
}

/// The formats rendered through a template: a new one is a compile error in every match over
/// this enum until it is handled (its escaper, its default template).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateFormat {
    /// Markdown: the Markdown escaper.
    Md,
    /// HTML: the HTML escaper.
    Html,
}

impl ReportFormat {
    /// The template format, or None for JSON (the data model itself).
    pub fn template(self) -> Option<TemplateFormat> {
        match self {
            ReportFormat::Md => Some(TemplateFormat::Md),
            ReportFormat::Html => Some(TemplateFormat::Html),
            ReportFormat::Json => None,
        }
    }
}
