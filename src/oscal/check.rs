//! Structural checks of exported OSCAL that compliance-trestle does not make: every uuid
//! unique and of version 4 or 5, every referenced observation present, only OSCAL's values
//! for methods, finding reasons, states and implementation status, no title or prop value
//! with surrounding space, every non-OSCAL prop in a namespace. Used by the tests and
//! available to callers that want to check a file before handing it on.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

const METHODS: [&str; 4] = ["EXAMINE", "INTERVIEW", "TEST", "UNKNOWN"];
const REASONS: [&str; 3] = ["pass", "fail", "other"];
const STATES: [&str; 2] = ["satisfied", "not-satisfied"];
const IMPLEMENTATION: [&str; 5] = [
    "implemented",
    "partial",
    "planned",
    "alternative",
    "not-applicable",
];
/// Prop names OSCAL defines itself (no namespace needed).
const OSCAL_PROPS: [&str; 6] = [
    "label",
    "sort-id",
    "alt-identifier",
    "status",
    "marking",
    "version",
];

fn is_uuid_v4_or_v5(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
        })
        && matches!(b[14], b'4' | b'5')
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// Every problem found in one exported model, each with its JSON path.
pub fn problems(model: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut uuids: BTreeMap<String, String> = BTreeMap::new();
    let mut observation_uuids = BTreeSet::new();
    let mut referenced: Vec<(String, String)> = Vec::new();
    walk(model, "$", &mut |path, key, v| match (key, v) {
        ("uuid", Value::String(u)) => {
            if !is_uuid_v4_or_v5(u) {
                out.push(format!("{path}: `{u}` is not a version 4 or 5 uuid"));
            }
            if let Some(first) = uuids.insert(u.clone(), path.to_owned()) {
                out.push(format!("{path}: uuid `{u}` also at {first}"));
            }
            if path.contains(".observations[") {
                observation_uuids.insert(u.clone());
            }
        }
        ("observation-uuid", Value::String(u)) => referenced.push((path.to_owned(), u.clone())),
        ("methods", Value::Array(ms)) => {
            for m in ms {
                if !m.as_str().is_some_and(|m| METHODS.contains(&m)) {
                    out.push(format!("{path}: method {m} is not one of {METHODS:?}"));
                }
            }
        }
        ("reason", Value::String(r))
            if path.contains(".status") && !REASONS.contains(&r.as_str()) =>
        {
            out.push(format!("{path}: reason `{r}` is not one of {REASONS:?}"));
        }
        ("state", Value::String(s))
            if path.ends_with("implementation-status.state")
                && !IMPLEMENTATION.contains(&s.as_str()) =>
        {
            out.push(format!(
                "{path}: implementation status `{s}` is not one of {IMPLEMENTATION:?}"
            ));
        }
        ("state", Value::String(s))
            if path.ends_with("target.status.state") && !STATES.contains(&s.as_str()) =>
        {
            out.push(format!("{path}: state `{s}` is not one of {STATES:?}"));
        }
        ("title", Value::String(t)) if t.is_empty() || t.trim() != t || t.contains('\n') => {
            out.push(format!(
                "{path}: title {t:?} is empty, spans lines or has surrounding space"
            ));
        }
        ("props", Value::Array(ps)) => {
            for (i, p) in ps.iter().enumerate() {
                let value = p["value"].as_str().unwrap_or("");
                if value.is_empty() || value.trim() != value || value.contains('\n') {
                    out.push(format!("{path}[{i}]: prop value {value:?} is empty, spans lines or has surrounding space"));
                }
                let name = p["name"].as_str().unwrap_or("");
                if p.get("ns").is_none() && !OSCAL_PROPS.contains(&name) {
                    out.push(format!(
                        "{path}[{i}]: prop `{name}` is not an OSCAL prop and has no `ns`"
                    ));
                }
            }
        }
        _ => {}
    });
    for (path, u) in referenced {
        if !observation_uuids.contains(&u) {
            out.push(format!("{path}: observation `{u}` does not exist"));
        }
    }
    out
}

fn walk(v: &Value, path: &str, f: &mut impl FnMut(&str, &str, &Value)) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let p = format!("{path}.{k}");
                f(&p, k, child);
                walk(child, &p, f);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                walk(child, &format!("{path}[{i}]"), f);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_what_trestle_misses() {
        let bad = json!({ "assessment-results": { "results": [{
            "title": "x ",
            "observations": [{ "uuid": "0b6f2a36-4d8e-5f2e-9c7a-1d2e3f4a5b6c", "methods": ["SELF"] }],
            "findings": [{
                "uuid": "1b6f2a36-4d8e-5f2e-9c7a-1d2e3f4a5b6c",
                "target": { "status": { "state": "satisfied", "reason": "ok" },
                            "implementation-status": { "state": "not-implemented" } },
                "props": [{ "name": "rating", "value": "3" }],
                "related-observations": [{ "observation-uuid": "2b6f2a36-4d8e-5f2e-9c7a-1d2e3f4a5b6c" }]
            }]
        }]}});
        let p = problems(&bad).join("\n");
        for needle in [
            "method \"SELF\"",
            "reason `ok`",
            "implementation status `not-implemented`",
            "title \"x \"",
            "observation `2b6f2a36",
            "prop `rating` is not an OSCAL prop",
        ] {
            assert!(p.contains(needle), "missing {needle} in\n{p}");
        }
        let good =
            json!({ "x": { "uuid": "0b6f2a36-4d8e-5f2e-9c7a-1d2e3f4a5b6c", "title": "ok" } });
        assert!(problems(&good).is_empty());
    }
}
