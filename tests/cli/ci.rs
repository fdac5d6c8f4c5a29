//! The CI formats: GitLab's code-quality report from `validate` and `gate`, JUnit XML from
//! `gate`; each compared with the command's own JSON, not with copied figures.

use crate::common::run;

const SET: &str = "sets/two-fields";

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn validate_gitlab_has_one_issue_per_finding_in_the_json_order() {
    let gl = run(&["validate", "--format", "gitlab", "sets/broken"]);
    let js = run(&["validate", "--format", "json", "sets/broken"]);
    assert_eq!(gl.code, 1);
    assert_eq!(gl.code, js.code);
    let issues = json(&gl.stdout);
    let diags = json(&js.stdout)["diagnostics"].clone();
    let (issues, diags) = (issues.as_array().unwrap(), diags.as_array().unwrap());
    assert_eq!(issues.len(), diags.len());
    let mut fingerprints = std::collections::BTreeSet::new();
    for (i, d) in issues.iter().zip(diags) {
        assert_eq!(
            i["check_name"],
            format!("cyberkompass/{}", d["code"].as_str().unwrap())
        );
        assert_eq!(i["location"]["path"], d["file"]);
        assert_eq!(
            i["location"]["lines"]["begin"],
            d["line"].as_u64().unwrap_or(1)
        );
        let sev = if d["severity"] == "error" {
            "major"
        } else {
            "minor"
        };
        assert_eq!(i["severity"], sev);
        assert!(
            i["description"]
                .as_str()
                .unwrap()
                .starts_with(d["message"].as_str().unwrap())
        );
        let fp = i["fingerprint"].as_str().unwrap();
        assert!(fp.len() == 64 && fp.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(
            fingerprints.insert(fp.to_owned()),
            "duplicate fingerprint {fp}"
        );
    }
    // Same inputs, same report.
    assert_eq!(
        run(&["validate", "--format", "gitlab", "sets/broken"]).stdout,
        gl.stdout
    );
    // A clean set gives an empty array, exit 0.
    let ok = run(&["validate", "--format", "gitlab", SET]);
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    assert_eq!(json(&ok.stdout), serde_json::json!([]));
}

fn gate(format: &str) -> crate::common::Out {
    run(&[
        "--checklists",
        SET,
        "gate",
        "assessments/complete.yaml",
        "--format",
        format,
    ])
}

#[test]
fn gate_gitlab_and_junit_agree_with_the_gate_json() {
    let g = json(&gate("json").stdout);
    let checks = g["checks"].as_array().unwrap();
    let failed: Vec<&str> = checks
        .iter()
        .filter(|c| c["passed"] == false)
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert!(!failed.is_empty(), "the fixture fails the gate");

    let gl = gate("gitlab");
    assert_eq!(gl.code, 1);
    let issues = json(&gl.stdout);
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), failed.len());
    for (i, f) in issues.iter().zip(&failed) {
        assert_eq!(i["check_name"], "cyberkompass/gate");
        assert_eq!(i["severity"], "major");
        assert_eq!(i["location"]["path"], "assessments/complete.yaml");
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(
            i["description"]
                .as_str()
                .unwrap()
                .contains(&format!("Field {f} ")),
            "{i}"
        );
    }

    let ju = gate("junit");
    assert_eq!(ju.code, 1);
    let x = &ju.stdout;
    assert!(
        x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        "{x}"
    );
    assert_eq!(x.matches("<testcase ").count(), checks.len(), "{x}");
    assert_eq!(x.matches("<failure ").count(), failed.len(), "{x}");
    assert!(
        x.contains(&format!(
            "tests=\"{}\" failures=\"{}\"",
            checks.len(),
            failed.len()
        )),
        "{x}"
    );
    for c in checks {
        let name = format!("<testcase name=\"{} (", c["field"].as_str().unwrap());
        let at = x.find(&name).unwrap_or_else(|| panic!("{name} in {x}"));
        let case = &x[at..];
        let case = &case[..case.find("</testcase>").unwrap_or(case.len())];
        assert_eq!(case.contains("<failure "), c["passed"] == false, "{case}");
    }
    // Nothing but the report on stdout: no summary line after the XML or JSON.
    assert!(x.ends_with("</testsuites>\n"));
    assert!(gl.stdout.ends_with("]\n"));
}
