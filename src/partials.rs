//! Static check of handlebars templates for partials that include themselves (directly or
//! through others). handlebars has no recursion limit, so such a template would overflow the
//! stack and abort; the report's data has no nesting that could end a recursion, so any cycle
//! is refused before rendering, and so is a partial whose name is computed (`{{> (expr)}}`),
//! which cannot be checked.

use std::collections::{BTreeMap, BTreeSet};

/// Why templates were refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartialProblem {
    /// A cycle of partial names, the first repeated at the end (`a → b → a`).
    Cycle(Vec<String>),
    /// A partial call with a computed name, in the named template.
    Dynamic(String),
}

/// The edges "template or inline partial → partial it calls" in one template text. Inline
/// partials (`{{#*inline "x"}}…{{/inline}}`) are nodes of their own; calls outside them belong
/// to `owner`.
fn edges(
    owner: &str,
    text: &str,
    out: &mut BTreeMap<String, BTreeSet<String>>,
) -> Result<(), PartialProblem> {
    let mut stack: Vec<String> = vec![owner.to_owned()];
    out.entry(owner.to_owned()).or_default();
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        rest = &rest[i + 2..];
        // Comments may hold anything.
        if let Some(r) = rest.strip_prefix("!--") {
            rest = r.find("--}}").map_or("", |j| &r[j + 4..]);
            continue;
        }
        let end = rest.find("}}").unwrap_or(rest.len());
        let tag = rest[..end]
            .trim_start_matches(['{', '~'])
            .trim_end_matches(['}', '~']);
        rest = &rest[end.min(rest.len())..];
        let tag = tag.trim();
        if tag.starts_with('!') {
            continue;
        }
        if let Some(def) = tag.strip_prefix("#*inline") {
            let name = first_word(def);
            stack.push(name.clone());
            out.entry(name).or_default();
            continue;
        }
        if tag.starts_with("/inline") {
            if stack.len() > 1 {
                stack.pop();
            }
            continue;
        }
        let call = tag.strip_prefix("#>").or_else(|| tag.strip_prefix('>'));
        if let Some(call) = call {
            let call = call.trim_start();
            if call.starts_with('(') || call.is_empty() {
                return Err(PartialProblem::Dynamic(owner.to_owned()));
            }
            let name = first_word(call);
            if name == "@partial-block" {
                continue;
            }
            let from = stack.last().cloned().unwrap_or_else(|| owner.to_owned());
            out.entry(from).or_default().insert(name);
        }
    }
    Ok(())
}

/// The first word of a tag's arguments, without quotes.
fn first_word(s: &str) -> String {
    let s = s.trim_start();
    if let Some(q) = s.strip_prefix(['"', '\'']) {
        return q.split(['"', '\'']).next().unwrap_or("").to_owned();
    }
    s.split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_owned()
}

/// Checks templates given as (name, text): the report template and every partial. Returns the
/// first cycle found, or a computed partial name.
pub fn check(templates: &[(&str, &str)]) -> Result<(), PartialProblem> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, text) in templates {
        edges(name, text, &mut graph)?;
    }
    // Depth-first search with colours; the path gives the cycle.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut c = path[i..].to_vec();
            c.push(n.to_owned());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_owned());
        for m in g.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, g, done, path) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        if let Some(c) = visit(n, &graph, &mut done, &mut Vec::new()) {
            return Err(PartialProblem::Cycle(c));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_direct_and_indirect_cycles() {
        let t = r#"{{#*inline "loop"}}x{{> loop}}{{/inline}}{{> loop}}"#;
        assert_eq!(
            check(&[("report", t)]),
            Err(PartialProblem::Cycle(vec!["loop".into(), "loop".into()]))
        );
        let t = r#"{{#*inline "a"}}{{~> b ~}}{{/inline}}{{#*inline "b"}}{{#> a}}{{/a}}{{/inline}}{{> a}}"#;
        assert!(matches!(
            check(&[("report", t)]),
            Err(PartialProblem::Cycle(_))
        ));
        // Through a partial file.
        let t = "{{> field}}";
        assert!(matches!(
            check(&[("report", t), ("field", "{{> report}}")]),
            Err(PartialProblem::Cycle(_))
        ));
    }

    #[test]
    fn accepts_the_built_in_shapes_and_comments() {
        let t = r#"{{!-- {{> loop}} --}}{{#*inline "row"}}<tr>{{x}}</tr>{{/inline}}{{#each f}}{{> row}}{{> field}}{{/each}}{{> style}}"#;
        assert_eq!(
            check(&[("report", t), ("field", "<p>{{id}}</p>"), ("style", "")]),
            Ok(())
        );
        assert_eq!(
            check(&[("report", "{{> (lookup . \"x\")}}")]),
            Err(PartialProblem::Dynamic("report".into()))
        );
    }
}
