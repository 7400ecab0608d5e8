//! The template contract: what a custom template receives. The fixture's `/data.json` is
//! pinned by a snapshot (tests/snapshots/small-data.json), so any change to the payload is
//! a visible diff; docs/template.md documents exactly the fields the payload holds (every
//! field documented, every documented field produced); the embedded template written out
//! by `scorecard template` renders the same PDF as the embedded one.

mod common;

use common::*;
use std::collections::BTreeSet;

use scorecard::figures::{figures_for_month, Derivation};
use scorecard::model::{Audience, Event, Pack, Paper, Suppression};
use scorecard::typst_edition::virtual_files;
use scorecard::view::{self, Document, SCHEMA_VERSION};

#[test]
fn fixture_data_json_matches_its_snapshot() {
    let data = root().join("tests/fixtures/small");
    let (dataset, _) = scorecard::load::load(&data).into_result(&data).unwrap();
    let month = dataset.latest_month().unwrap();
    let figures = figures_for_month(&dataset, month);
    let document = Document {
        month,
        paper: Paper::A4,
        pack: None,
        detail: scorecard::model::Detail::All,
    };
    let view = view::build(&dataset, &document, &figures).unwrap();
    let files = virtual_files(&view, &[]).unwrap();
    let json = String::from_utf8(files["/data.json"].clone()).unwrap();
    let snapshot = root().join("tests/snapshots/small-data.json");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &json).unwrap();
    }
    let expected = std::fs::read_to_string(&snapshot)
        .expect("tests/snapshots/small-data.json exists (UPDATE_SNAPSHOTS=1 writes it)");
    assert!(
        json == expected,
        "/data.json changed; if on purpose, update docs/template.md and rerun with UPDATE_SNAPSHOTS=1\n{json}"
    );
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["schema"], SCHEMA_VERSION);
    assert_eq!(parsed["labels"]["change_year"], "% change from Jun-19");
}

/// The field names docs/template.md documents in its `/data.json` section: the backticked
/// names in the first column of its field tables (a cell may name several: `` `average`, `maximum` ``).
fn documented_fields() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(root().join("docs/template.md")).unwrap();
    let json = doc
        .split_once("## `/data.json`")
        .expect("docs/template.md has a `/data.json` section")
        .1;
    // The section ends where the next level-2 heading (the web page's template) starts.
    let json = json.split("\n## ").next().unwrap_or(json);
    let mut fields = BTreeSet::new();
    for line in json.lines() {
        let Some(first) = line.strip_prefix("| ").and_then(|l| l.split(" |").next()) else {
            continue;
        };
        for name in first.split(", ") {
            if let Some(name) = name.strip_prefix('`').and_then(|n| n.strip_suffix('`')) {
                fields.insert(name.to_string());
            }
        }
    }
    fields
}

/// The payload of a public pack of the small fixture with attachments, every detail page
/// and an event: between them and the snapshot, every field the view can produce.
fn public_payload() -> serde_json::Value {
    let data = root().join("tests/fixtures/small");
    let (mut dataset, _) = scorecard::load::load(&data).into_result(&data).unwrap();
    let month = dataset.latest_month().unwrap();
    let rule = Suppression {
        below: 5,
        symbol: "c".into(),
        round_to: Some(5),
    };
    dataset.report.suppression = Some(rule.clone());
    dataset.sections[0].indicators[0].events.push(Event {
        month,
        text: "new system".into(),
        recalculation: false,
    });
    let pack = Pack {
        id: "public".into(),
        title: None,
        sections: None,
        audience: Audience::Public,
        paper: None,
        standards: None,
        detail: None,
        formats: None,
    };
    let figures = Derivation::new(&dataset, Some(&rule)).month(month);
    let document = Document {
        month,
        paper: Paper::A3,
        pack: Some(&pack),
        detail: scorecard::model::Detail::All,
    };
    let attachments = scorecard::typst_edition::attachments(&dataset, &figures, month, true);
    let view = view::build(&dataset, &document, &figures).unwrap();
    let files = virtual_files(&view, &attachments).unwrap();
    serde_json::from_slice(&files["/data.json"]).unwrap()
}

#[test]
fn every_documented_field_is_in_the_payload_and_every_field_is_documented() {
    let snapshot: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/snapshots/small-data.json")).unwrap(),
    )
    .unwrap();
    let mut produced = BTreeSet::new();
    collect_keys(&snapshot, &mut produced);
    collect_keys(&public_payload(), &mut produced);
    let documented = documented_fields();
    let undocumented: Vec<&String> = produced.difference(&documented).collect();
    assert!(
        undocumented.is_empty(),
        "docs/template.md does not document {undocumented:?}"
    );
    let never_produced: Vec<&String> = documented.difference(&produced).collect();
    assert!(
        never_produced.is_empty(),
        "docs/template.md documents {never_produced:?}, which /data.json never holds"
    );
}

fn collect_keys(value: &serde_json::Value, keys: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                keys.insert(k.clone());
                collect_keys(v, keys);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_keys(v, keys)),
        _ => {}
    }
}

#[test]
fn the_written_template_renders_a_byte_identical_pdf() {
    let dir = scratch("template-copy");
    let template = dir.join("mine.typ");
    let written = scorecard(&["template", "--out", template.to_str().unwrap()]);
    assert!(written.status.success(), "{}", stderr(&written));
    let embedded = dir.join("embedded.pdf");
    let copied = dir.join("copied.pdf");
    let data = root().join("tests/fixtures/small");
    for (out, extra) in [
        (&embedded, vec![]),
        (&copied, vec!["--template", template.to_str().unwrap()]),
    ] {
        let mut args = vec![
            "render",
            "--data",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        let output = scorecard(&args);
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert!(std::fs::read(&embedded).unwrap() == std::fs::read(&copied).unwrap());
    let to_stdout = scorecard(&["template"]);
    assert_eq!(to_stdout.stdout, std::fs::read(&template).unwrap());
}
