//! Rendering a report model: handlebars templates (embedded or the user's own) with the
//! escaper of the format, or JSON. Template errors name file, line and column.

use handlebars::Handlebars;

use super::escape::{escape_html, escape_markdown};
use super::model::Report;
use super::{ReportFormat, TemplateFormat};

/// The default Markdown template.
pub const MD_TEMPLATE: &str = include_str!("../../reports/report.md.hbs");
/// The default HTML template.
pub const HTML_TEMPLATE: &str = include_str!("../../reports/report.html.hbs");
/// The stylesheet partial of the HTML template.
pub const HTML_STYLE: &str = include_str!("../../reports/style.css.hbs");
/// The partial of the HTML template for one field of action.
pub const HTML_FIELD: &str = include_str!("../../reports/field.html.hbs");
/// The partial of the HTML template for the roadmap, the open questions and the sign-off.
pub const HTML_PLAN: &str = include_str!("../../reports/plan.html.hbs");
/// The partial of the HTML template for the trend section (`report --baseline`).
pub const HTML_TREND: &str = include_str!("../../reports/trend.html.hbs");
/// The partial of the Markdown template for the trend section (`report --baseline`).
pub const MD_TREND: &str = include_str!("../../reports/trend.md.hbs");

/// The partials the default templates use: name, file name, embedded text. A file of that
/// name beside a user's template replaces the embedded one.
pub const PARTIALS: [(&str, &str, &str); 4] = [
    ("style", "style.css.hbs", HTML_STYLE),
    ("field", "field.html.hbs", HTML_FIELD),
    ("plan", "plan.html.hbs", HTML_PLAN),
    ("trend", "trend.html.hbs", HTML_TREND),
];

/// The partials the default Markdown template uses, like [`PARTIALS`].
pub const MD_PARTIALS: [(&str, &str, &str); 1] = [("trend_md", "trend.md.hbs", MD_TREND)];

/// The default templates with the names they are exported under and registered as.
pub const DEFAULT_TEMPLATES: [(&str, &str); 7] = [
    ("report.md.hbs", MD_TEMPLATE),
    ("report.html.hbs", HTML_TEMPLATE),
    ("style.css.hbs", HTML_STYLE),
    ("field.html.hbs", HTML_FIELD),
    ("plan.html.hbs", HTML_PLAN),
    ("trend.html.hbs", HTML_TREND),
    ("trend.md.hbs", MD_TREND),
];

/// Why a report could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderFailure {
    /// The template does not parse.
    #[error("{0}")]
    Template(String),
    /// Rendering failed (e.g. a field name the data model does not have).
    #[error("{0}")]
    Render(String),
    /// A partial includes itself, or its name is computed (crate::partials): refused before
    /// rendering, which would overflow the stack.
    #[error("{0}")]
    Recursion(String),
}

fn registry(format: TemplateFormat) -> Handlebars<'static> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.set_prevent_indent(true);
    match format {
        TemplateFormat::Md => hb.register_escape_fn(escape_markdown),
        TemplateFormat::Html => hb.register_escape_fn(escape_html),
    }
    hb
}

fn template_error(e: &handlebars::TemplateError, file: &str) -> RenderFailure {
    let reason = e.reason().to_string();
    RenderFailure::Template(match e.pos() {
        Some((line, col)) => format!("{file}:{line}:{col}: {reason}"),
        None => format!("{file}: {reason}"),
    })
}

/// Every key name that occurs anywhere in the data model.
fn known_keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                out.insert(k.clone());
                known_keys(x, out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| known_keys(x, out)),
        _ => {}
    }
}

fn render_error(
    e: &handlebars::RenderError,
    main: &str,
    main_file: &str,
    report: &Report,
) -> RenderFailure {
    let name = e.template_name.clone().unwrap_or_else(|| main.to_owned());
    let file = if name == main {
        main_file.to_owned()
    } else {
        name
    };
    let reason = match e.reason() {
        handlebars::RenderErrorReason::MissingVariable(Some(path)) => {
            let mut keys = std::collections::BTreeSet::new();
            known_keys(&serde_json::to_value(report).unwrap_or_default(), &mut keys);
            let unknown = path
                .split(['.', '/'])
                .map(|seg| seg.trim_matches(['[', ']']))
                .find(|seg| {
                    !seg.is_empty()
                        && seg.parse::<usize>().is_err()
                        && *seg != "this"
                        && !keys.contains(*seg)
                });
            let lang = if report.lang == "de" {
                crate::i18n::Lang::De
            } else {
                crate::i18n::Lang::En
            };
            let hint = unknown
                .and_then(|u| crate::diag::did_you_mean(u, keys.iter().map(String::as_str)))
                .map(|s| crate::tr!(lang, "; meinten Sie `{s}`?", "; did you mean `{s}`?"))
                .unwrap_or_default();
            crate::tr!(
                lang,
                "das Datenmodell hat kein `{path}`{hint}",
                "the data model has no `{path}`{hint}"
            )
        }
        other => other.to_string(),
    };
    RenderFailure::Render(match (e.line_no, e.column_no) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}: {reason}"),
        _ => format!("{file}: {reason}"),
    })
}

/// The built-in template of `format` rendered by the compiled templates alone, without the
/// handlebars fallback of [`render`]: `None` where they decline. `data` is a [`Report`] or the
/// same data model read back from `report --format json`. Tests check that they never decline
/// on the reports they make, and that they render exactly what handlebars renders.
#[cfg(feature = "testing")]
pub fn render_compiled<T: serde::Serialize>(data: &T, format: TemplateFormat) -> Option<String> {
    super::compiled::render(data, format).ok()
}

/// A template's text and the file name used in messages.
pub type Source<'a> = (&'a str, &'a str);

/// Renders a report. `template` is a user's template; without it the embedded default of
/// `format` is used. `partials` replace embedded partials by name (see [`PARTIALS`]).
/// JSON ignores templates.
pub fn render(
    report: &Report,
    format: ReportFormat,
    template: Option<Source>,
    partials: &[(&str, Source)],
) -> Result<String, RenderFailure> {
    let Some(format) = format.template() else {
        // The example's JSON is about 210 KB: one allocation.
        let mut s = super::json::to_string_pretty(report, 1 << 18)
            .map_err(|e| RenderFailure::Render(e.to_string()))?;
        s.push('\n');
        return Ok(s);
    };
    // The built-in templates, compiled when the binary was built; handlebars renders a user's
    // own template or partial, and whatever the compiled renderer declines (it then gives the
    // exact output or error).
    if template.is_none()
        && partials.is_empty()
        && let Ok(s) = super::compiled::render(report, format)
    {
        return Ok(s);
    }
    let mut hb = registry(format);
    // Each format compiles its own partials only.
    let html_partials = match format {
        TemplateFormat::Html => &PARTIALS[..],
        TemplateFormat::Md => &MD_PARTIALS[..],
    };
    for (name, file, text) in html_partials {
        let embedded = format!("reports/{file}");
        let (text, file) = partials
            .iter()
            .find(|(n, _)| n == name)
            .map_or((*text, embedded.as_str()), |(_, src)| *src);
        hb.register_partial(name, text)
            .map_err(|e| template_error(&e, file))?;
    }
    let (text, file) = match template {
        Some(t) => t,
        None => match format {
            TemplateFormat::Md => (MD_TEMPLATE, "reports/report.md.hbs"),
            TemplateFormat::Html => (HTML_TEMPLATE, "reports/report.html.hbs"),
        },
    };
    let mut all: Vec<(&str, &str)> = vec![("report", text)];
    for (name, _, embedded) in html_partials {
        let t = partials
            .iter()
            .find(|(n, _)| n == name)
            .map_or(*embedded, |(_, (t, _))| *t);
        all.push((name, t));
    }
    crate::partials::check(&all).map_err(|p| {
        RenderFailure::Recursion(match p {
            crate::partials::PartialProblem::Cycle(c) => format!(
                "{file}: partial includes itself ({}); a report has no nesting that would end it",
                c.join(" → ")
            ),
            crate::partials::PartialProblem::Dynamic(t) => format!(
                "{file}: partial `{t}` calls a partial by a computed name (`{{{{> (…)}}}}`), which cannot be checked; name it directly"
            ),
        })
    })?;
    hb.register_template_string("report", text)
        .map_err(|e| template_error(&e, file))?;
    let data =
        handlebars::Context::wraps(report).map_err(|e| RenderFailure::Render(e.to_string()))?;
    hb.render_with_context("report", &data).map_err(|mut e| {
        // An error inside a partial names the template it was called from.
        e.template_name = Some("report".to_owned());
        render_error(&e, "report", file, report)
    })
}
