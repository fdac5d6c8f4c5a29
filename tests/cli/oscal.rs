//! `export oscal` and `import oscal` through the command line: files written, exit codes,
//! refusals, byte-identical repeated runs, and an imported BSI catalog assessed end to end
//! (fixtures: BSI excerpts under CC BY-SA 4.0, tests/fixtures/oscal/SOURCE.md).

use crate::common::{fixture, root, run, run_bin_in, run_in};

fn read(p: &std::path::Path) -> String {
    std::fs::read_to_string(p).expect("read")
}

#[test]
fn export_writes_three_models_byte_identical_twice() {
    let d = crate::common::tempdir();
    let (a, b) = (d.path().join("a"), d.path().join("b"));
    let ex = root().join("examples/musterhausen.yaml");
    for out in [&a, &b] {
        let o = run_in(
            &root(),
            &[
                "export",
                "oscal",
                ex.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(o.code, 0, "{}", o.stderr);
        assert!(o.stderr.contains("OSCAL 1.1.3 written"), "{}", o.stderr);
    }
    for f in ["catalog.json", "assessment-results.json", "poam.json"] {
        let (x, y) = (read(&a.join(f)), read(&b.join(f)));
        assert_eq!(x, y, "{f} differs between runs");
        let v: serde_json::Value = serde_json::from_str(&x).unwrap();
        let p = cyberkompass::oscal::check::problems(&v);
        assert!(p.is_empty(), "{f}: {}", p.join("\n"));
        assert_eq!(
            v.as_object().unwrap().values().next().unwrap()["metadata"]["oscal-version"],
            "1.1.3"
        );
    }
    // the AR's numbers are the score's
    let score = run_in(
        &root(),
        &["score", ex.to_str().unwrap(), "--format", "json"],
    );
    let s: serde_json::Value = serde_json::from_str(&score.stdout).unwrap();
    let ar: serde_json::Value =
        serde_json::from_str(&read(&a.join("assessment-results.json"))).unwrap();
    let props = ar["assessment-results"]["results"][0]["props"]
        .as_array()
        .unwrap()
        .clone();
    let prop = |n: &str| {
        props
            .iter()
            .find(|p| p["name"] == n)
            .map(|p| p["value"].clone())
    };
    assert_eq!(
        prop("overall-index").unwrap(),
        s["overall"]["index"]["shown"]
    );
    assert_eq!(
        prop("gaps").unwrap(),
        s["gaps"].as_array().unwrap().len().to_string()
    );
}

#[test]
fn export_grundschutz_targets_says_partial() {
    let d = crate::common::tempdir();
    let o = run(&[
        "--checklists",
        "sets/two-fields",
        "export",
        "oscal",
        "assessments/partial.yaml",
        "-o",
        d.path().to_str().unwrap(),
        "--targets",
        "grundschutz",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("partially"), "{}", o.stderr);
    let ar = read(&d.path().join("assessment-results.json"));
    assert!(ar.contains("\"coverage\""));
}

#[test]
fn export_refusals_and_exit_codes() {
    let d = crate::common::tempdir();
    let out = d.path().to_str().unwrap();
    // an invalid assessment: exit 1, nothing written
    let o = run(&[
        "--checklists",
        "sets/two-fields",
        "export",
        "oscal",
        "assessments/invalid-rating.yaml",
        "-o",
        out,
    ]);
    assert_eq!(o.code, 1, "{}", o.stderr);
    assert!(o.stderr.contains("No export"), "{}", o.stderr);
    assert!(!d.path().join("assessment-results.json").exists());
    // a missing file: exit 2
    let o = run(&["export", "oscal", "nope.yaml", "-o", out]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    // no dates in the file and none given: exit 2 with the fix
    let o = run(&[
        "--checklists",
        "sets/two-fields",
        "export",
        "oscal",
        "assessments/complete.yaml",
        "-o",
        out,
    ]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("--date"), "{}", o.stderr);
    let o = run(&[
        "--checklists",
        "sets/two-fields",
        "export",
        "oscal",
        "assessments/complete.yaml",
        "-o",
        out,
        "--date",
        "2026-11-27",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(read(&d.path().join("assessment-results.json")).contains("2026-11-27T00:00:00Z"));
    // the output folder holding the assessment under an exported name is refused
    let f = d.path().join("poam.json");
    std::fs::copy(fixture("assessments/partial.yaml"), &f).unwrap();
    let o = run(&[
        "--checklists",
        "sets/two-fields",
        "export",
        "oscal",
        f.to_str().unwrap(),
        "-o",
        out,
    ]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("assessment file itself"), "{}", o.stderr);
}

#[test]
fn import_methodik_then_assess_score_export_end_to_end() {
    let d = crate::common::tempdir();
    let set = d.path().join("set");
    let o = run(&[
        "import",
        "oscal",
        "oscal/BSI-Methodik-Grundschutz++-catalog.json",
        "-o",
        set.to_str().unwrap(),
        "--sec-level",
        "all",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr
            .contains("95 controls read → 95 questions in 5 fields"),
        "{}",
        o.stderr
    );
    let s = set.to_str().unwrap();
    let v = run(&["--checklists", s, "validate", "--strict"]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    assert!(
        v.stdout.contains("0 error(s), 0 warning(s)"),
        "{}",
        v.stdout
    );
    // a scripted answer file: every question answered, one n/a
    let list = run(&["--checklists", s, "list", "--field", "gc"]);
    assert_eq!(list.code, 0);
    let loaded = cyberkompass::set::load_usable(
        &cyberkompass::set::SetSource::Dir(set.clone()),
        cyberkompass::i18n::Lang::En,
    )
    .unwrap();
    let mut yaml = format!(
        "format: 1\nset:\n  id: {}\n  version: \"{}\"\n  sha256: {}\norganisation: Landkreis Beispiel\nprofile: standard\ncreated: 2026-11-01\nupdated: 2026-11-20\nanswers:\n",
        loaded.manifest.id.value, loaded.manifest.version.value, loaded.sha256
    );
    for (i, (_, q)) in loaded.questions().enumerate() {
        if i == 3 {
            yaml.push_str(&format!(
                "  - id: {}\n    rating: n/a\n    justification: Kein eigenes Rechenzentrum.\n",
                q.id.value
            ));
        } else {
            yaml.push_str(&format!(
                "  - id: {}\n    rating: {}\n",
                q.id.value,
                (i * 7) % 6
            ));
        }
    }
    let a = d.path().join("bewertung.yaml");
    std::fs::write(&a, yaml).unwrap();
    let a = a.to_str().unwrap();
    let v = run(&["--checklists", s, "validate", a]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    let sc = run(&["--checklists", s, "score", a, "--format", "json"]);
    assert_eq!(sc.code, 0, "{}", sc.stderr);
    let score: serde_json::Value = serde_json::from_str(&sc.stdout).unwrap();
    assert_eq!(score["overall"]["total"], 95);
    assert_eq!(score["overall"]["unanswered"], 0);
    let out = d.path().join("oscal");
    let e = run(&[
        "--checklists",
        s,
        "export",
        "oscal",
        a,
        "-o",
        out.to_str().unwrap(),
        "--targets",
        "grundschutz",
    ]);
    assert_eq!(e.code, 0, "{}", e.stderr);
    let ar: serde_json::Value =
        serde_json::from_str(&read(&out.join("assessment-results.json"))).unwrap();
    // every imported question cites its own control: one finding per answered control
    assert_eq!(
        ar["assessment-results"]["results"][0]["findings"]
            .as_array()
            .unwrap()
            .len(),
        95
    );
    assert!(cyberkompass::oscal::check::problems(&ar).is_empty());
}

#[test]
fn import_refusals_exit_1_with_file_and_path() {
    let d = crate::common::tempdir();
    let out = d.path().join("x");
    let out = out.to_str().unwrap();
    let o = run(&[
        "import",
        "oscal",
        "oscal/ITGS-mapping-excerpt.json",
        "-o",
        out,
    ]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("oscal/ITGS-mapping-excerpt.json: $.mapping-collection: expected an OSCAL catalog, found mapping-collection"), "{}", o.stderr);
    let o = run(&[
        "import",
        "oscal",
        "oscal/ISO27001-AnnexA-excerpt-catalog.json",
        "-o",
        out,
    ]);
    assert_eq!(o.code, 1);
    assert!(
        o.stderr
            .contains("$.catalog.groups[0].controls[0].id: control id `5.1` is not an OSCAL token"),
        "{}",
        o.stderr
    );
    let o = run(&[
        "import",
        "oscal",
        "oscal/Grundschutz++-profile.json",
        "-o",
        out,
    ]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("--profile"), "{}", o.stderr);
    let o = run(&["import", "oscal", "sets/two-fields/set.yaml", "-o", out]);
    assert_eq!(o.code, 1);
    assert!(
        o.stderr
            .contains("sets/two-fields/set.yaml:1:1: not valid JSON"),
        "{}",
        o.stderr
    );
    let o = run(&["import", "oscal", "nope.json", "-o", out]);
    assert_eq!(o.code, 2);
    assert!(
        !std::path::Path::new(out).exists(),
        "nothing written on refusal"
    );
    // a non-empty folder needs --force
    let o = run(&[
        "import",
        "oscal",
        "oscal/BSI-Kernel-excerpt-catalog.json",
        "-o",
        "sets",
    ]);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("--force"), "{}", o.stderr);
    // a file over the size limit is refused before it is read
    let big = d.path().join("big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(64 * 1024 * 1024 + 1).unwrap();
    let o = run(&["import", "oscal", big.to_str().unwrap(), "-o", out]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("larger than 64 MiB"), "{}", o.stderr);
}

#[test]
fn import_and_export_exit_codes_from_the_real_binary() {
    let d = crate::common::tempdir();
    let fx = root().join("tests/fixtures");
    let o = run_bin_in(
        &fx,
        &[
            "import",
            "oscal",
            "oscal/ITGS-mapping-excerpt.json",
            "-o",
            d.path().join("x").to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 1, "{}", o.stderr);
    let o = run_bin_in(
        &fx,
        &[
            "import",
            "oscal",
            "oscal/BSI-Kernel-excerpt-catalog.json",
            "-o",
            d.path().join("k").to_str().unwrap(),
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
}

/// The three models of the small two-field fixture, as snapshots (both `--targets`).
#[test]
fn export_snapshots_two_fields() {
    for targets in ["questions", "grundschutz"] {
        let d = crate::common::tempdir();
        let o = run(&[
            "--checklists",
            "sets/two-fields",
            "export",
            "oscal",
            "assessments/partial.yaml",
            "-o",
            d.path().to_str().unwrap(),
            "--targets",
            targets,
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        for f in ["catalog.json", "assessment-results.json", "poam.json"] {
            if targets == "grundschutz" && f == "catalog.json" {
                continue; // the catalog does not depend on --targets
            }
            insta::assert_snapshot!(format!("oscal_{targets}_{f}"), read(&d.path().join(f)));
        }
    }
}
