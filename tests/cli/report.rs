//! `report` and `templates export`: the three formats (snapshots on the two-fields fixture set,
//! a smoke test of the example against the built-in set),
//! escaping of hostile notes, determinism, `-o`, custom templates, and a real browser
//! (headless Chromium) that renders the HTML without fetching or running anything and prints
//! it to PDF.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{cmd, root, run_bin_in, run_in};

/// The example assessment, by the path the snapshots show.
const EXAMPLE: &str = "examples/musterhausen.yaml";

fn report(args: &[&str]) -> crate::common::Out {
    run_in(&root(), &[&["report", EXAMPLE][..], args].concat())
}

/// A report of a fixture assessment against the two-fields fixture set (small snapshots that
/// do not churn when the built-in checklists change).
fn fixture_report(assessment: &str, args: &[&str]) -> crate::common::Out {
    crate::common::run(
        &[
            &["--checklists", "sets/two-fields", "report", assessment][..],
            args,
        ]
        .concat(),
    )
}

/// The fixture with classification, scope, method, actions and a sign-off.
const PLANNED: &str = "assessments/planned.yaml";

#[test]
fn planned_markdown_snapshots_de_en() {
    for lang in ["de", "en"] {
        let o = fixture_report(PLANNED, &["--format", "md", "--lang", lang]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        insta::assert_snapshot!(format!("report_planned_md_{lang}"), o.stdout);
    }
}

#[test]
fn planned_html_snapshot() {
    let o = fixture_report(PLANNED, &["--format", "html", "--lang", "en"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("report_planned_html_en", o.stdout);
}

#[test]
fn planned_json_snapshot() {
    let o = fixture_report(PLANNED, &["--format", "json", "--lang", "de"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("report_planned_json_de", o.stdout);
}

#[test]
fn report_sections_agree_with_plan_and_the_date_is_the_reference_day() {
    let r = fixture_report(PLANNED, &["--format", "json", "--date", "2027-03-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(r["generated"], "2027-03-01");
    assert_eq!(r["plan"]["as_of"], "2027-03-01");
    let p = crate::common::run(&[
        "--checklists",
        "sets/two-fields",
        "plan",
        PLANNED,
        "--format",
        "json",
        "--date",
        "2027-03-01",
    ]);
    let p: serde_json::Value = serde_json::from_str(&p.stdout).unwrap();
    // Every plan item is in exactly one phase, with the plan's owner, due date and overdue flag.
    let mut in_phases: Vec<(String, serde_json::Value, serde_json::Value)> = r["plan"]["phases"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|ph| ph["items"].as_array().unwrap().clone())
        .map(|i| {
            (
                i["question"].as_str().unwrap().to_owned(),
                i["owner"].clone(),
                i["overdue"].clone(),
            )
        })
        .collect();
    in_phases.sort_by(|a, b| a.0.cmp(&b.0));
    let mut items: Vec<(String, serde_json::Value, serde_json::Value)> = p["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["question"].as_str().unwrap().to_owned(),
                i["owner"].clone(),
                i["overdue"].clone(),
            )
        })
        .collect();
    items.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(in_phases, items);
    let overdue = items.iter().filter(|i| i.2 == true).count();
    assert_eq!(r["plan"]["counts"]["overdue"], overdue);
    assert_eq!(r["plan"]["counts"]["items"], items.len());
    // Open questions are the unanswered ones of the score.
    let open: Vec<&str> = r["fields"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["questions"].as_array().unwrap())
        .filter(|q| q["status"] == "open")
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    let listed: Vec<&str> = r["open_questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(open, listed);
    assert_eq!(r["signoffs"][0]["current"], true);
    assert_eq!(r["signoffs"][0]["answers_sha256"], r["answers_sha256"]);
    let bad = fixture_report(PLANNED, &["--date", "2027-3-1"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn report_without_signoff_prints_signature_lines_and_the_marking_on_every_page_css() {
    let o = fixture_report(
        "assessments/complete.yaml",
        &["--format", "html", "--lang", "de"],
    );
    assert!(o.stdout.contains("class=\"sign-lines\""));
    assert!(
        !o.stdout.contains("@top-center"),
        "no marking, no running header"
    );
    let p = fixture_report(PLANNED, &["--format", "html"]);
    // The marking as a CSS string in the page's margin boxes (top and bottom of every page).
    let css = "content: \"VS\\00002DNUR F\\0000DCR DEN DIENSTGEBRAUCH\"";
    assert_eq!(p.stdout.matches(css).count(), 2, "{}", &p.stdout[..3000]);
}

#[test]
fn markdown_snapshot() {
    let o = fixture_report(
        "assessments/complete.yaml",
        &["--format", "md", "--lang", "de"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("report_md_de", o.stdout);
}

#[test]
fn html_snapshot() {
    let o = fixture_report(
        "assessments/complete.yaml",
        &["--format", "html", "--lang", "de"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("report_html_de", o.stdout);
}

#[test]
fn json_snapshot() {
    let o = fixture_report(
        "assessments/complete.yaml",
        &["--format", "json", "--lang", "en"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("report_json_en", o.stdout);
}

#[test]
fn english_markdown_snapshot() {
    let o = fixture_report(
        "assessments/partial.yaml",
        &["--format", "md", "--lang", "en"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    insta::assert_snapshot!("report_md_en", o.stdout);
}

#[test]
fn example_renders_against_the_built_in_set() {
    // Smoke test: the shipped example with the built-in set, in every format and language.
    let set = cyberkompass::set::load_usable(
        &cyberkompass::set::SetSource::Builtin,
        cyberkompass::i18n::Lang::En,
    )
    .expect("built-in set");
    for (format, lang) in [("md", "de"), ("html", "de"), ("json", "en"), ("md", "en")] {
        let o = report(&["--format", format, "--lang", lang]);
        assert_eq!(o.code, 0, "{format} {lang}: {}", o.stderr);
        assert_eq!(o.stderr, "", "{format} {lang}");
        assert!(o.stdout.contains("Musterhausen"), "{format} {lang}");
        for f in &set.fields {
            assert!(
                o.stdout.contains(&f.id.value),
                "{format} {lang}: field {} missing",
                f.id.value
            );
        }
    }
    let j: serde_json::Value =
        serde_json::from_str(&report(&["--format", "json"]).stdout).expect("json");
    assert_eq!(j["fields"].as_array().map(Vec::len), Some(set.fields.len()));
    assert!(j["charts"]["radar_svg"].is_string());
}

#[test]
fn output_is_byte_identical_across_runs() {
    for f in ["md", "html", "json"] {
        let a = report(&["--format", f]);
        let b = report(&["--format", f]);
        assert_eq!(a.code, 0, "{}", a.stderr);
        assert!(a.stdout == b.stdout, "{f} differs between runs");
    }
}

#[test]
fn html_escapes_hostile_notes() {
    let o = report(&["--format", "html"]);
    assert_eq!(o.code, 0);
    let h = &o.stdout;
    // No markup from the assessment file survives as markup.
    assert!(!h.contains("<script"), "a script element in the output");
    assert!(!h.contains("<img"), "an img element in the output");
    assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(h.contains("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"));
    assert!(h.contains("Jana Köhler (ISB) | mit Jörg Weiß"));
    // Self-contained: nothing that would make the browser fetch.
    for bad in ["http://", "https://", "src=\"", "@import", "url("] {
        let hits: Vec<&str> = h
            .match_indices(bad)
            .map(|(i, _)| &h[i.saturating_sub(40)..(i + 40).min(h.len())])
            .filter(|ctx| !ctx.contains("xmlns=\"http://www.w3.org/2000/svg\""))
            .collect();
        assert!(hits.is_empty(), "{bad} in the HTML: {hits:?}");
    }
    assert!(h.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:;"));
    assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(h.len() < 300 * 1024, "HTML is {} bytes", h.len());
}

#[test]
fn markdown_keeps_tables_intact() {
    let o = report(&["--format", "md"]);
    assert_eq!(o.code, 0);
    let md = &o.stdout;
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(md.contains("Jana Köhler (ISB) \\| mit Jörg Weiß"));
    // The multi-line note with a leading # stays in its cell.
    assert!(
        md.contains("| \\# Stand 11/2026 Protokolle werden zentral gesammelt (\\`syslog-ng\\`")
    );
    // Every table row has as many unescaped pipes as its header.
    let mut cols: Option<usize> = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = count_cells(line);
            match cols {
                None => cols = Some(n),
                Some(c) => assert_eq!(c, n, "row breaks its table: {line}"),
            }
        } else {
            cols = None;
        }
    }
}

fn count_cells(line: &str) -> usize {
    let mut n = 0;
    let mut esc = false;
    for c in line.chars() {
        match c {
            '\\' if !esc => esc = true,
            '|' if !esc => n += 1,
            _ => esc = false,
        }
    }
    n
}

#[test]
fn json_matches_the_published_schema_shape() {
    let o = report(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).expect("valid JSON");
    let schema = run_in(&root(), &["schema", "report"]);
    assert_eq!(schema.code, 0);
    let s: serde_json::Value = serde_json::from_str(&schema.stdout).unwrap();
    // Every top-level property of the data is declared in the schema and vice versa.
    let props = s["properties"].as_object().unwrap();
    let data = v.as_object().unwrap();
    let mut a: Vec<_> = props.keys().collect();
    let mut b: Vec<_> = data.keys().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert_eq!(v["fields"].as_array().unwrap().len(), 8);
    let asked: usize = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["questions"].as_array().unwrap().len())
        .sum();
    assert_eq!(v["summary"]["questions"], asked);
    assert_eq!(v["summary"]["not_applicable"], 3);
    assert!(
        v["set"]["matches"] == true,
        "examples/musterhausen.yaml was made against another state of the built-in set: set its \
         `set.sha256` to {} and run `INSTA_UPDATE=always cargo test --test cli report`, then review \
         the snapshots",
        v["set"]["sha256"]
    );
    let published = std::fs::read_to_string(root().join("schema/report.schema.json")).unwrap();
    assert_eq!(
        published, schema.stdout,
        "schema/report.schema.json is out of date"
    );
}

#[test]
fn output_file_is_written_and_never_the_assessment() {
    let d = crate::common::tempdir();
    let input = d.path().join("a.yaml");
    std::fs::copy(root().join(EXAMPLE), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    for target in ["a.yaml", "./a.yaml"] {
        let o = run_in(
            d.path(),
            &["report", "a.yaml", "--format", "html", "-o", target],
        );
        assert_eq!(o.code, 2, "{}", o.stderr);
        assert!(o.stderr.contains("assessment file itself"), "{}", o.stderr);
    }
    #[cfg(unix)]
    {
        // Also through a link to it.
        std::os::unix::fs::symlink(&input, d.path().join("link.yaml")).unwrap();
        let o = run_in(d.path(), &["report", "a.yaml", "-o", "link.yaml"]);
        assert_eq!(o.code, 2, "{}", o.stderr);
        std::fs::remove_file(d.path().join("link.yaml")).unwrap();
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);
    let o = run_in(
        d.path(),
        &["report", "a.yaml", "--format", "html", "-o", "r.html"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stdout.is_empty());
    let direct = run_in(d.path(), &["report", "a.yaml", "--format", "html"]);
    assert_eq!(
        std::fs::read_to_string(d.path().join("r.html")).unwrap(),
        direct.stdout
    );
    let names: Vec<_> = std::fs::read_dir(d.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "temp files left: {names:?}");
}

#[test]
fn the_format_follows_the_extension_of_the_output() {
    let d = crate::common::tempdir();
    std::fs::copy(root().join(EXAMPLE), d.path().join("a.yaml")).unwrap();
    for (file, format) in [
        ("r.html", "html"),
        ("r.HTM", "html"),
        ("r.md", "md"),
        ("r.markdown", "md"),
        ("r.json", "json"),
    ] {
        let o = run_in(d.path(), &["report", "a.yaml", "-o", file]);
        assert_eq!(o.code, 0, "{file}: {}", o.stderr);
        let direct = run_in(d.path(), &["report", "a.yaml", "--format", format]);
        assert_eq!(
            std::fs::read_to_string(d.path().join(file)).unwrap(),
            direct.stdout,
            "{file}"
        );
    }
    // A contradiction is a usage error, and nothing is written.
    let o = run_in(
        d.path(),
        &["report", "a.yaml", "--format", "md", "-o", "x.html"],
    );
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("--format html"), "{}", o.stderr);
    assert!(o.stderr.contains("--format md"), "{}", o.stderr);
    assert!(!d.path().join("x.html").exists());
    // An unknown extension needs --format, and then it is taken as given.
    let o = run_in(d.path(), &["report", "a.yaml", "-o", "x.txt"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(
        o.stderr.contains("--format md, html or json"),
        "{}",
        o.stderr
    );
    assert!(!d.path().join("x.txt").exists());
    let o = run_in(
        d.path(),
        &["report", "a.yaml", "--format", "html", "-o", "x.txt"],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        std::fs::read_to_string(d.path().join("x.txt"))
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn invalid_assessment_gives_findings_not_a_report() {
    let d = crate::common::tempdir();
    let text = std::fs::read_to_string(root().join(EXAMPLE))
        .unwrap()
        .replace("profile: standard", "profile: standart");
    std::fs::write(d.path().join("a.yaml"), text).unwrap();
    let o = run_in(d.path(), &["report", "a.yaml"]);
    assert_eq!(o.code, 1);
    assert!(o.stdout.is_empty());
    assert!(o.stderr.contains("standard"), "{}", o.stderr);
    let o = run_in(d.path(), &["report", "missing.yaml"]);
    assert_eq!(o.code, 2);
}

#[test]
fn unanswered_questions_make_figures_provisional() {
    let d = crate::common::tempdir();
    let before = report(&["--format", "json"]);
    let before: serde_json::Value = serde_json::from_str(&before.stdout).unwrap();
    let unanswered_before = before["summary"]["unanswered"].as_u64().unwrap();
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    // Drop the answer to INC-01 (rating 2).
    let cut = text.replace(
        "  - id: INC-01\n    rating: 2\n",
        "  - id: ZZZ-99\n    rating: 2\n",
    );
    std::fs::write(d.path().join("a.yaml"), cut).unwrap();
    let o = run_in(d.path(), &["report", "a.yaml", "--format", "json"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    assert_eq!(v["summary"]["provisional"], true);
    assert_eq!(v["summary"]["unanswered"], unanswered_before + 1);
    assert_eq!(v["vanished"][0]["id"], "ZZZ-99");
    let inc = &v["fields"][3];
    assert_eq!(inc["id"], "incident-response");
    assert_eq!(inc["provisional"], true);
    assert_eq!(inc["questions"][0]["status"], "open");
    let md = run_in(d.path(), &["report", "a.yaml", "--format", "md"]);
    assert!(md.stdout.contains("| INC-01 ! |"), "{}", md.stdout);
    assert!(md.stdout.contains("ZZZ-99"));
}

#[test]
fn custom_template_and_export() {
    let d = crate::common::tempdir();
    let o = run_in(d.path(), &["templates", "export", "tpl"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    for n in [
        "report.md.hbs",
        "report.html.hbs",
        "style.css.hbs",
        "field.html.hbs",
    ] {
        assert!(d.path().join("tpl").join(n).is_file(), "{n}");
    }
    // Exporting again does not overwrite.
    let again = run_in(d.path(), &["templates", "export", "tpl"]);
    assert_eq!(again.code, 2);
    // The exported default renders exactly like the built-in one.
    std::fs::copy(root().join(EXAMPLE), d.path().join("a.yaml")).unwrap();
    let builtin = run_in(d.path(), &["report", "a.yaml", "--format", "html"]);
    let exported = run_in(
        d.path(),
        &[
            "report",
            "a.yaml",
            "--format",
            "html",
            "--template",
            "tpl/report.html.hbs",
        ],
    );
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    assert_eq!(builtin.stdout, exported.stdout);
    // A partial beside the template replaces the embedded one by name.
    std::fs::write(
        d.path().join("tpl/field.html.hbs"),
        "<section>{{id}}: {{@root.labels.level}} {{level}}</section>\n",
    )
    .unwrap();
    let own = run_in(
        d.path(),
        &[
            "report",
            "a.yaml",
            "--format",
            "html",
            "--template",
            "tpl/report.html.hbs",
        ],
    );
    assert_eq!(own.code, 0, "{}", own.stderr);
    assert!(
        own.stdout
            .contains("<section>governance: Level 2</section>"),
        "{}",
        own.stdout
    );
    assert!(!own.stdout.contains("<section class=\"field\""));
    // A user's own template sees the same data, escaped for its format.
    std::fs::write(
        d.path().join("mine.md.hbs"),
        "{{assessment.organisation}}: {{summary.level}} / {{summary.index_text}}\n{{#each fields}}{{id}}={{level}}\n{{/each}}{{fields.6.questions.0.note}}\n",
    )
    .unwrap();
    let o = run_in(
        d.path(),
        &[
            "report",
            "a.yaml",
            "--format",
            "md",
            "--template",
            "mine.md.hbs",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stdout
            .starts_with("Gemeinde Musterhausen – Hauptamt, Sachgebiet IT &amp; Organisation: ")
    );
    assert!(o.stdout.contains("incident-response="));
    // A typo is an error with file, line and column, not an empty string.
    std::fs::write(
        d.path().join("typo.md.hbs"),
        "ok\n{{assesment.organisation}}\n",
    )
    .unwrap();
    let o = run_in(
        d.path(),
        &[
            "report",
            "a.yaml",
            "--format",
            "md",
            "--template",
            "typo.md.hbs",
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stdout.is_empty());
    assert!(o.stderr.contains("typo.md.hbs:2:"), "{}", o.stderr);
    assert!(
        o.stderr
            .contains("the data model has no `assesment.organisation`; did you mean `assessment`?"),
        "{}",
        o.stderr
    );
    std::fs::write(d.path().join("broken.md.hbs"), "{{#each fields}}\n").unwrap();
    let o = run_in(
        d.path(),
        &[
            "report",
            "a.yaml",
            "--format",
            "md",
            "--template",
            "broken.md.hbs",
        ],
    );
    assert_eq!(o.code, 1);
    assert!(o.stderr.contains("broken.md.hbs"), "{}", o.stderr);
    let o = run_in(
        d.path(),
        &[
            "report",
            "a.yaml",
            "--format",
            "json",
            "--template",
            "mine.md.hbs",
        ],
    );
    assert_eq!(o.code, 2);
}

/// The built-in templates are compiled when the binary is built (src/report/compiled.rs);
/// handlebars renders the same templates when exported and given with `--template`. Both give
/// the same bytes on every kind of report: trend, audit, sign-offs, open and n/a answers,
/// hostile notes, both languages (one test each, so that the two run in parallel: handlebars
/// compiles the exported template anew for every run, about 13 ms each in this build).
#[test]
fn exported_templates_render_exactly_like_the_built_in_ones_in_german() {
    exported_templates_render_exactly_like_the_built_in_ones("de");
}

#[test]
fn exported_templates_render_exactly_like_the_built_in_ones_in_english() {
    exported_templates_render_exactly_like_the_built_in_ones("en");
}

fn exported_templates_render_exactly_like_the_built_in_ones(lang: &str) {
    let d = crate::common::tempdir();
    let o = run_in(d.path(), &["templates", "export", "tpl"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let tpl = |f: &str| d.path().join("tpl").join(format!("report.{f}.hbs"));
    let fixtures = root().join("tests/fixtures");
    let top = root();
    let cases: Vec<(&Path, Vec<&str>)> = vec![
        (top.as_path(), vec!["report", EXAMPLE]),
        (
            top.as_path(),
            vec![
                "report",
                EXAMPLE,
                "--baseline",
                "examples/musterhausen-2025.yaml",
            ],
        ),
        (
            fixtures.as_path(),
            vec![
                "--checklists",
                "sets/two-fields",
                "report",
                "assessments/complete.yaml",
                "--audit",
                "assessments/audit.yaml",
            ],
        ),
    ]
    .into_iter()
    .chain(
        [
            PLANNED,
            "assessments/partial.yaml",
            "assessments/empty.yaml",
            "assessments/basis-critical.yaml",
            "assessments/passing.yaml",
        ]
        .into_iter()
        .map(|a| {
            (
                fixtures.as_path(),
                vec!["--checklists", "sets/two-fields", "report", a],
            )
        }),
    )
    .collect();
    for (dir, args) in &cases {
        // The data model, once for both formats.
        let json = run_in(
            dir,
            &[&args[..], &["--format", "json", "--lang", lang]].concat(),
        );
        let model: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
        for format in ["md", "html"] {
            let t = tpl(format);
            let base = [&args[..], &["--format", format, "--lang", lang]].concat();
            let builtin = run_in(dir, &base);
            assert_eq!(builtin.code, 0, "{args:?} {format}: {}", builtin.stderr);
            let exported = run_in(
                dir,
                &[&base[..], &["--template", t.to_str().unwrap()]].concat(),
            );
            assert_eq!(exported.code, 0, "{args:?} {format}: {}", exported.stderr);
            assert!(
                builtin.stdout == exported.stdout,
                "{args:?} {format} {lang}: the compiled and the handlebars rendering differ"
            );
            // The built-in output is the compiled templates' own, not handlebars' (which
            // they hand over to when they decline): they render the data model by themselves.
            let tf = match format {
                "md" => cyberkompass::report::TemplateFormat::Md,
                _ => cyberkompass::report::TemplateFormat::Html,
            };
            let own = cyberkompass::report::render_compiled(&model, tf)
                .unwrap_or_else(|| panic!("{args:?} {format}: the compiled templates declined"));
            assert!(
                cyberkompass::sanitize::report(&own) == builtin.stdout,
                "{args:?} {format} {lang}: compiled from the JSON model differs"
            );
        }
    }
}

/// The compiled templates render generated assessments of the built-in set (many answers,
/// notes, open questions) themselves, never handing over to handlebars, and give handlebars'
/// bytes.
#[test]
fn compiled_templates_never_decline_and_match_handlebars_on_generated_reports() {
    use cyberkompass::i18n::Lang;
    use cyberkompass::report::{
        HTML_TEMPLATE, Inputs, MD_TEMPLATE, ReportFormat, TemplateFormat, build, render,
        render_compiled,
    };
    let set = cyberkompass::set::load_usable(&cyberkompass::set::SetSource::Builtin, Lang::De)
        .expect("built-in set");
    let opts = cyberkompass::testgen::GenOptions {
        provisional: 0.5,
        ..Default::default()
    };
    // One generated assessment in a plain `cargo test`, six in CI (crate::common::depth):
    // handlebars compiles the template anew for each rendering.
    for i in 1..=u64::from(crate::common::depth(1, 6)) {
        let a = cyberkompass::testgen::assessment(&set, i, &opts);
        let score =
            cyberkompass::scoring::score(&set, &a, &cyberkompass::scoring::ScoreOptions::default());
        for lang in [Lang::De, Lang::En] {
            let report = build(&Inputs {
                date: Some("2026-11-28"),
                set: &set,
                assessment: &a,
                score: &score,
                file: "generated.yaml",
                file_sha256: "0000",
                answers_sha256: None,
                lang,
            });
            for (format, tf, text, file) in [
                (
                    ReportFormat::Md,
                    TemplateFormat::Md,
                    MD_TEMPLATE,
                    "reports/report.md.hbs",
                ),
                (
                    ReportFormat::Html,
                    TemplateFormat::Html,
                    HTML_TEMPLATE,
                    "reports/report.html.hbs",
                ),
            ] {
                let compiled = render_compiled(&report, tf).unwrap_or_else(|| {
                    panic!(
                        "{i} {format:?}: the compiled templates declined; handlebars: {:?}",
                        render(&report, format, Some((text, file)), &[]).err()
                    )
                });
                let handlebars = render(&report, format, Some((text, file)), &[]).expect("renders");
                assert!(
                    compiled == handlebars,
                    "{i} {format:?} {lang:?}: the compiled and the handlebars rendering differ"
                );
                assert_eq!(render(&report, format, None, &[]).unwrap(), compiled);
            }
        }
    }
}

#[test]
fn a_set_of_two_fields_has_bars_but_no_radar() {
    let args = |f: &'static str| {
        [
            "--checklists",
            "sets/two-fields",
            "report",
            "assessments/partial.yaml",
            "--format",
            f,
        ]
    };
    let j = crate::common::run(&args("json"));
    assert_eq!(j.code, 0, "{}", j.stderr);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert!(v["charts"]["radar_svg"].is_null());
    assert!(
        v["charts"]["bars_svg"]
            .as_str()
            .unwrap()
            .starts_with("<svg")
    );
    assert_eq!(v["summary"]["provisional"], true);
    let h = crate::common::run(&args("html"));
    assert_eq!(h.code, 0, "{}", h.stderr);
    assert_eq!(
        h.stdout.matches("<svg").count(),
        3,
        "bars and one chart per field"
    );
    let m = crate::common::run(&args("md"));
    assert_eq!(m.code, 0, "{}", m.stderr);
    assert!(
        m.stdout
            .contains("| 1 | [Backup](#backup) | 1 Planned \\* |"),
        "{}",
        m.stdout
    );
}

#[test]
fn nothing_answered_gives_a_report_without_figures() {
    let args = |f: &'static str| {
        [
            "--checklists",
            "sets/two-fields",
            "report",
            "assessments/empty.yaml",
            "--format",
            f,
        ]
    };
    let j = crate::common::run(&args("json"));
    assert_eq!(j.code, 0, "{}", j.stderr);
    let v: serde_json::Value = serde_json::from_str(&j.stdout).unwrap();
    assert!(v["summary"]["level"].is_null() && v["summary"]["index"].is_null());
    assert_eq!(v["summary"]["index_text"], "–");
    assert!(v["fields"][0]["gap"].is_null());
    assert!(v["assessment"]["assessor"].is_null() && v["assessment"]["date"].is_null());
    assert_eq!(v["actions"].as_array().unwrap().len(), 0);
    let h = crate::common::run(&args("html"));
    assert_eq!(h.code, 0, "{}", h.stderr);
    assert!(
        h.stdout
            .contains("<span class=\"muted\">not rated yet</span>")
    );
    assert!(
        h.stdout
            .contains("<p>Every rated question reaches its field&#x27;s target.</p>")
    );
    assert!(!h.stdout.contains("Gap 0"));
    let m = crate::common::run(&args("md"));
    assert_eq!(m.code, 0, "{}", m.stderr);
    assert!(
        m.stdout.contains("| Assessed by | not given |"),
        "{}",
        m.stdout
    );
    assert!(
        m.stdout
            .contains("| 1 | [Backup](#backup) | – \\* | – | 2 | – | 0 % |"),
        "{}",
        m.stdout
    );
}

#[test]
fn a_stale_set_hash_is_reported_but_the_report_is_made() {
    let d = crate::common::tempdir();
    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let start = text.find("  sha256: ").unwrap() + 10;
    let mut stale = text.clone();
    stale.replace_range(start..start + 64, &"0".repeat(64));
    std::fs::write(d.path().join("a.yaml"), stale).unwrap();
    let o = run_in(d.path(), &["report", "a.yaml", "--format", "html"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(
        o.stderr.contains("another state of the set"),
        "{}",
        o.stderr
    );
    assert!(o.stdout.contains(
        "<p class=\"notice\">Note: the assessment was made against another state of the set"
    ));
    assert!(o.stdout.contains(&"0".repeat(64)));
    let q = run_in(d.path(), &["-q", "report", "a.yaml", "--format", "md"]);
    assert_eq!(q.code, 0);
    assert!(q.stderr.is_empty(), "{}", q.stderr);
}

/// Cells per row of every table in HTML made by a Markdown renderer.
fn table_shapes(html: &str) -> Vec<Vec<usize>> {
    html.split("<table")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</table>").unwrap_or(t.len())];
            t.split("<tr")
                .skip(1)
                .map(|r| r.matches("<td").count() + r.matches("<th").count())
                .collect()
        })
        .collect()
}

#[test]
#[ignore = "needs cmark-gfm and pandoc (.ci/run installs them and runs ignored tests)"]
fn markdown_renders_with_cmark_gfm_and_pandoc() {
    // Debian's cmark-gfm (GitHub's renderer) and pandoc must both render the report's tables.
    let md = report(&["--format", "md", "--lang", "de"]).stdout;
    let json = report(&["--format", "json"]).stdout;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let first_field = json["fields"][0]["questions"].as_array().unwrap().len();
    for (exe, args) in [
        ("/usr/bin/cmark-gfm", &["-e", "table"][..]),
        ("/usr/bin/pandoc", &["-f", "gfm", "-t", "html"][..]),
    ] {
        assert!(
            Path::new(exe).exists(),
            "{exe} is not installed (apt-get install cmark-gfm pandoc)"
        );
        let mut child = Command::new(exe)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(md.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{exe} failed");
        let html = String::from_utf8_lossy(&out.stdout);
        let shapes = table_shapes(&html);
        // Meta, summary, fields, 8 field tables, actions, scale; one per roadmap phase, the
        // open questions when there are any, the signature lines when nobody signed.
        let extra = json["plan"]["phases"].as_array().unwrap().len()
            + usize::from(!json["open_questions"].as_array().unwrap().is_empty())
            + usize::from(json["signoffs"].as_array().unwrap().is_empty());
        assert_eq!(shapes.len(), 13 + extra, "{exe}: tables {shapes:?}");
        for (n, rows) in shapes.iter().enumerate() {
            assert!(
                rows.iter().all(|c| *c == rows[0]),
                "{exe}: table {n} has ragged rows {rows:?}"
            );
        }
        assert_eq!(
            shapes[3].len(),
            1 + first_field,
            "{exe}: field 1 has {first_field} question rows"
        );
        assert!(
            !html.contains("<script") && !html.contains("<img"),
            "{exe}: markup leaked"
        );
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(
            html.contains("(`syslog-ng` auf"),
            "{exe}: backticks not literal"
        );
    }
}

#[test]
fn docs_name_every_field_of_the_data_model() {
    let docs = std::fs::read_to_string(root().join("docs/templates.md")).unwrap();
    let o = report(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&o.stdout).unwrap();
    let mut missing = Vec::new();
    let mut check = |path: String| {
        if !docs.contains(&format!("`{path}`")) {
            missing.push(path);
        }
    };
    for (k, x) in v.as_object().unwrap() {
        check(k.clone());
        let (prefix, obj) = match (k.as_str(), x) {
            ("labels", serde_json::Value::Object(m)) => {
                for l in m.keys() {
                    check(format!("labels.{l}"));
                }
                continue;
            }
            (_, serde_json::Value::Object(m)) => (format!("{k}."), m.clone()),
            (_, serde_json::Value::Array(a)) => match a.first() {
                Some(serde_json::Value::Object(m)) => (format!("{k}[]."), m.clone()),
                _ => continue,
            },
            _ => continue,
        };
        for (k2, x2) in &obj {
            check(format!("{prefix}{k2}"));
            let inner = match x2 {
                serde_json::Value::Object(m) => Some((format!("{prefix}{k2}."), m.clone())),
                serde_json::Value::Array(a) => match a.first() {
                    Some(serde_json::Value::Object(m)) => {
                        Some((format!("{prefix}{k2}[]."), m.clone()))
                    }
                    _ => None,
                },
                _ => None,
            };
            if let Some((p3, m3)) = inner {
                for k3 in m3.keys() {
                    check(format!("{p3}{k3}"));
                }
            }
        }
    }
    assert!(missing.is_empty(), "docs/templates.md lacks {missing:?}");
}

// ---------------------------------------------------------------------------------------
// A real browser.

const CHROMIUM: &str = "/usr/bin/chromium";

/// Chromium; the tests that need it are ignored by default and fail when it is missing.
fn chromium() -> PathBuf {
    let p = PathBuf::from(CHROMIUM);
    assert!(
        p.exists(),
        "{CHROMIUM} is missing: install it (apt-get install -y chromium)"
    );
    p
}

fn chromium_cmd(exe: &Path, profile: &Path) -> Command {
    let mut c = Command::new(exe);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-first-run",
        "--no-default-browser-check",
        "--mute-audio",
        "--disable-features=Translate,MediaRouter,OptimizationHints",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .env("HOME", profile);
    c
}

#[test]
#[ignore = "needs chromium (.ci/run installs it and runs ignored tests)"]
fn browser_renders_without_fetching_or_scripting_and_prints() {
    let exe = chromium();
    let d = crate::common::tempdir();
    let html = d.path().join("report.html");
    let o = report(&[
        "--format",
        "html",
        "--lang",
        "de",
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let url = format!("file://{}", html.display());

    // 1. The DOM after load, with a net log of every request.
    let netlog = d.path().join("net.json");
    let dom = chromium_cmd(&exe, &d.path().join("p1"))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(
        dom.contains("Gemeinde Musterhausen"),
        "no report in the DOM"
    );
    // The payloads are inert text: escaped in the serialised DOM, no element made from them.
    assert!(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        !dom.contains("<script"),
        "a script element exists in the DOM"
    );
    assert!(!dom.contains("<img"), "an img element exists in the DOM");
    let svgs = dom.matches("<svg").count();
    assert!(svgs >= 10, "only {svgs} charts in the DOM");

    // No request started by the page. Chromium's own background requests (update checks,
    // time sync) carry the initiator "not an origin"; a page on file:// has the opaque
    // origin "null". The control page below proves the log shows page requests.
    let log = std::fs::read_to_string(&netlog).expect("net log written");
    let fetched = page_requests(&log);
    assert!(fetched.is_empty(), "the page fetched: {fetched:?}");

    // 2. Printed to PDF: A4 pages, each field on its own page.
    let pdf = d.path().join("report.pdf");
    let p = chromium_cmd(&exe, &d.path().join("p2"))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(&url)
        .output()
        .expect("run chromium");
    assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
    let bytes = std::fs::read(&pdf).expect("PDF written");
    assert!(bytes.starts_with(b"%PDF-"));
    let pages = count_pages(&bytes);
    assert!(
        (8..=48).contains(&pages),
        "{pages} pages: expected one per field at least and at most 48"
    );
    // A4 is 595 × 842 points.
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains("/MediaBox [0 0 594.95996 841.91998]")
            || text.contains("/MediaBox [0 0 595 842]")
            || text.contains("/MediaBox [0 0 595.0 842.0]")
            || text.contains("/MediaBox [0 0 594.96 841.92]"),
        "pages are not A4"
    );
}

/// URLs requested by a page (not by the browser itself) according to a Chromium net log:
/// the URL_REQUEST_START_JOB events whose initiator is an origin.
fn page_requests(log: &str) -> Vec<String> {
    // The log may be cut off when Chromium exits; close it so that it parses.
    let v: serde_json::Value = serde_json::from_str(log)
        .or_else(|_| serde_json::from_str(&format!("{}]}}", log.trim_end().trim_end_matches(','))))
        .expect("net log is JSON");
    let start_job = v["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
        .as_i64()
        .expect("net log constants");
    let mut urls: Vec<String> = Vec::new();
    for e in v["events"].as_array().into_iter().flatten() {
        if e["type"].as_i64() != Some(start_job) {
            continue;
        }
        let p = &e["params"];
        let (Some(url), initiator) = (p["url"].as_str(), p["initiator"].as_str()) else {
            continue;
        };
        if initiator != Some("not an origin") && !urls.iter().any(|u| u == url) {
            urls.push(url.to_owned());
        }
    }
    urls
}

#[test]
#[ignore = "needs chromium (.ci/run installs it and runs ignored tests)"]
fn browser_net_log_check_sees_page_requests() {
    // Control for the test above: a page that does fetch is caught by `page_requests`.
    let exe = chromium();
    let d = crate::common::tempdir();
    let page = d.path().join("fetch.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><img src=\"http://example.invalid/x.png\" alt=\"\"></body></html>",
    )
    .unwrap();
    let netlog = d.path().join("net.json");
    let o = chromium_cmd(&exe, &d.path().join("p"))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(o.status.success());
    let fetched = page_requests(&std::fs::read_to_string(&netlog).unwrap());
    assert_eq!(fetched, vec!["http://example.invalid/x.png".to_owned()]);
}

/// Number of page objects (`/Type /Page`, not `/Pages`) in a PDF.
fn count_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    pdf.windows(needle.len() + 1)
        .filter(|w| &w[..needle.len()] == needle && w[needle.len()] != b's')
        .count()
}

#[test]
fn language_follows_the_locale_and_the_option() {
    let o = cmd()
        .current_dir(root())
        .env("LANG", "de_DE.UTF-8")
        .args(["report", EXAMPLE, "--format", "md"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("\n# Bericht zur Cyber-Resilienz: Gemeinde Musterhausen")
    );
    let o = report(&["--format", "md", "--lang", "en"]);
    assert!(
        o.stdout
            .contains("\n# Cyber resilience report: Gemeinde Musterhausen")
    );
}

/// Runs a poppler tool (`pdfinfo`, `pdftotext`) and returns its stdout.
fn poppler(tool: &str, args: &[&str]) -> String {
    let o = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}; install poppler-utils"));
    assert!(
        o.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
#[ignore = "needs chromium and poppler-utils (.ci/run installs them and runs ignored tests)"]
fn printed_example_has_the_marking_on_every_page_and_a_full_first_page() {
    let exe = chromium();
    let d = crate::common::tempdir();
    for lang in ["de", "en"] {
        let html = d.path().join(format!("report-{lang}.html"));
        let o = report(&[
            "--format",
            "html",
            "--lang",
            lang,
            "-o",
            html.to_str().unwrap(),
        ]);
        assert_eq!(o.code, 0, "{}", o.stderr);
        let pdf = d.path().join(format!("report-{lang}.pdf"));
        let p = chromium_cmd(&exe, &d.path().join(format!("profile-{lang}")))
            .arg("--no-pdf-header-footer")
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .expect("run chromium");
        assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
        let pdf = pdf.to_str().unwrap();
        let info = poppler("pdfinfo", &[pdf]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("page count");
        // Eight fields each on their own page, plus summary, plan, roadmap, sign-off, appendix.
        assert!((12..=48).contains(&pages), "{lang}: {pages} pages");
        for page in 1..=pages {
            let n = page.to_string();
            let text = poppler("pdftotext", &["-f", &n, "-l", &n, "-layout", pdf, "-"]);
            assert!(
                text.matches("TLP:AMBER").count() >= 2,
                "{lang}: page {page} lacks the marking at top and bottom:\n{text}"
            );
            assert!(
                text.contains(&format!("{page} / {pages}")),
                "{lang}: page {page} number"
            );
            assert!(
                !text.contains("file://"),
                "{lang}: page {page} shows the file path"
            );
        }
        // Page 1 carries the written summary, not only the cover (the charts used to leave it
        // 60 % empty); the radar shows the long field name whole.
        let first = poppler("pdftotext", &["-f", "1", "-l", "1", pdf, "-"]);
        let (summary, overdue) = match lang {
            "de" => ("Gesamt-Reifegrad 1", "überfällig"),
            _ => ("Overall maturity level 1", "overdue"),
        };
        assert!(
            first.contains(summary) && first.contains(overdue),
            "{first}"
        );
        let all = poppler("pdftotext", &[pdf, "-"]);
        assert!(
            !all.contains("sicherheitsma…"),
            "{lang}: a radar label is cut"
        );
        assert!(!all.contains("– –"), "{lang}: doubled dash");
    }
}

#[test]
fn a_level_below_the_index_says_why_in_score_and_report_alike() {
    let score = run_in(&root(), &["score", EXAMPLE, "--format", "json"]);
    assert_eq!(score.code, 0, "{}", score.stderr);
    let score: serde_json::Value = serde_json::from_str(&score.stdout).unwrap();
    let rep = report(&["--format", "json"]);
    assert_eq!(rep.code, 0, "{}", rep.stderr);
    let rep: serde_json::Value = serde_json::from_str(&rep.stdout).unwrap();
    let (sf, rf) = (
        score["fields"].as_array().unwrap(),
        rep["fields"].as_array().unwrap(),
    );
    assert_eq!(sf.len(), rf.len());
    let mut reasons = 0;
    for (s, r) in sf.iter().zip(rf) {
        assert_eq!(s["id"], r["id"]);
        assert_eq!(s["level_reason"], r["level_reason"], "{}", s["id"]);
        let below = s["level"]
            .as_u64()
            .zip(s["index"]["tenths"].as_u64())
            .is_some_and(|(l, t)| l < t / 10);
        assert_eq!(!s["level_reason"].is_null(), below, "{}", s["id"]);
        if below {
            reasons += 1;
            let text = r["level_reason_text"].as_str().unwrap();
            let share = s["level_reason"]["share_percent"].as_str().unwrap();
            assert!(text.contains(&format!("{share} %")), "{text}");
        }
    }
    assert!(reasons > 0, "the example has a level below its index");
    // The Markdown report and the score table show the same sentences.
    let md = report(&["--format", "md", "--lang", "en"]).stdout;
    let table = run_in(&root(), &["--lang", "en", "score", EXAMPLE]).stdout;
    for r in rf.iter().filter(|r| !r["level_reason"].is_null()) {
        let text = r["level_reason_text"].as_str().unwrap();
        assert!(md.contains(text), "{text} not in the report");
        assert!(table.contains(text), "{text} not in the score table");
    }
}

#[cfg(unix)]
#[test]
fn output_through_a_hard_link_to_the_assessment_is_refused() {
    let d = crate::common::tempdir();
    let input = d.path().join("a.yaml");
    std::fs::copy(root().join(EXAMPLE), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    std::fs::hard_link(&input, d.path().join("hard.html")).unwrap();
    let o = run_in(d.path(), &["report", "a.yaml", "-o", "hard.html"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("assessment file itself"), "{}", o.stderr);
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn output_onto_a_fifo_streams_into_it_and_keeps_it() {
    use std::os::unix::fs::FileTypeExt;
    let d = crate::common::tempdir();
    let input = d.path().join("a.yaml");
    std::fs::copy(root().join(EXAMPLE), &input).unwrap();
    let fifo = d.path().join("out.fifo");
    let st = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(st.success());
    // A reader that gives up after 20 s, so a broken writer fails the test instead of hanging it.
    let reader = std::process::Command::new("timeout")
        .arg("20")
        .arg("cat")
        .arg(&fifo)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let o = run_in(d.path(), &["report", "a.yaml", "-o", "out.fifo"]);
    let got = String::from_utf8(reader.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(got.contains("\n# "), "{got}");
    let direct = run_in(d.path(), &["report", "a.yaml"]);
    assert_eq!(got, direct.stdout);
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
    assert_eq!(names.len(), 2, "temp files left");
}

#[cfg(unix)]
#[test]
fn output_to_dev_stdout_into_a_pipe_works() {
    let d = crate::common::tempdir();
    std::fs::copy(root().join(EXAMPLE), d.path().join("a.yaml")).unwrap();
    // The real binary: /dev/stdout is the process's own stdout, a pipe here.
    let o = run_bin_in(d.path(), &["report", "a.yaml", "-o", "/dev/stdout"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    let direct = run_in(d.path(), &["report", "a.yaml"]);
    assert_eq!(o.stdout, direct.stdout);
}

#[cfg(unix)]
#[test]
fn output_removes_temp_files_a_killed_run_left() {
    let d = crate::common::tempdir();
    std::fs::copy(root().join(EXAMPLE), d.path().join("a.yaml")).unwrap();
    let mut child = Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let stale = d.path().join(format!(".r.md.tmp-{dead}-0"));
    std::fs::write(&stale, b"half a report").unwrap();
    let o = run_in(d.path(), &["report", "a.yaml", "-o", "r.md"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(!stale.exists());
    let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().collect();
    assert_eq!(names.len(), 2);
}

#[test]
fn a_recursive_partial_is_a_clear_error_not_a_stack_overflow() {
    let d = crate::common::tempdir();
    std::fs::copy(root().join(EXAMPLE), d.path().join("a.yaml")).unwrap();
    std::fs::write(
        d.path().join("loop.md.hbs"),
        "{{#*inline \"again\"}}x{{> again}}{{/inline}}{{> again}}\n",
    )
    .unwrap();
    let o = run_in(d.path(), &["report", "a.yaml", "--template", "loop.md.hbs"]);
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert!(o.stderr.contains("again → again"), "{}", o.stderr);
}

#[test]
fn verbose_names_the_partials_loaded_beside_a_template() {
    let d = crate::common::tempdir();
    std::fs::copy(root().join(EXAMPLE), d.path().join("a.yaml")).unwrap();
    let o = run_in(d.path(), &["templates", "export", "tpl"]);
    assert_eq!(o.code, 0);
    std::fs::remove_file(d.path().join("tpl/style.css.hbs")).unwrap();
    let o = run_in(
        d.path(),
        &[
            "-v",
            "report",
            "a.yaml",
            "--format",
            "html",
            "--template",
            "tpl/report.html.hbs",
        ],
    );
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.stderr.contains("tpl/field.html.hbs"), "{}", o.stderr);
    assert!(!o.stderr.contains("style.css.hbs"), "{}", o.stderr);
}
