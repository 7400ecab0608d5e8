//! The format-neutral view of a document: every word and figure as plain text (no
//! edition's line-breaking hints), every drawing it names drawn, every icon it names one
//! the Typst edition serves, no edition's paths anywhere in it (icons and drawings go by
//! name), and the edition's `/data.json` the view itself plus hints and those paths.

mod common;

use common::*;
use scorecard::figures::figures_for_month;
use scorecard::icon::Icon;
use scorecard::model::{Detail, Paper, Scale, Unit, Value};
use scorecard::typst_edition::{icon_path, virtual_files};
use scorecard::view::{self, Document, DocumentView};

fn sample_view(detail: Detail) -> DocumentView {
    let data = root().join("data");
    let (dataset, _) = scorecard::load::load(&data).into_result(&data).unwrap();
    let month = dataset.latest_month().unwrap();
    let figures = figures_for_month(&dataset, month);
    let document = Document {
        month,
        paper: Paper::A4,
        pack: None,
        detail,
    };
    view::build(&dataset, &document, &figures).unwrap()
}

/// Every `path` the serialised value names (icons, sparklines, charts).
fn paths(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("path" | "spark" | "chart", serde_json::Value::String(p)) => {
                        out.push(p.clone())
                    }
                    _ => paths(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| paths(v, out)),
        _ => {}
    }
}

#[test]
fn hints_are_the_editions_not_the_views() {
    // A long word in a title and a negative amount of money: the PDF's narrow cells need
    // a break opportunity in the one and a joined sign in the other; the view has neither.
    let data = root().join("tests/fixtures/small");
    let (mut dataset, _) = scorecard::load::load(&data).into_result(&data).unwrap();
    let indicator = &mut dataset.sections[0].indicators[0];
    indicator.title = format!("{} {}", indicator.title, "x".repeat(30));
    indicator.unit = Unit::Money {
        currency: "\u{a3}".into(),
        scale: Scale::Millions,
    };
    let id = indicator.id.clone();
    for month in dataset.months.values_mut() {
        month.values.insert(id.clone(), Value::Present(-0.9));
    }
    let month = dataset.latest_month().unwrap();
    let figures = figures_for_month(&dataset, month);
    let document = Document {
        month,
        paper: Paper::A4,
        pack: None,
        detail: Detail::All,
    };
    let view = view::build(&dataset, &document, &figures).unwrap();
    let plain = serde_json::to_string(&view).unwrap();
    let files = virtual_files(&view, &[]).unwrap();
    let typst = String::from_utf8(files["/data.json"].clone()).unwrap();
    assert!(
        !plain.contains('\u{200b}'),
        "the view holds a zero-width space"
    );
    assert!(
        typst.contains('\u{200b}'),
        "the Typst edition adds the zero-width space"
    );
    // The template keeps a minus with its currency symbol; no word joiner reaches the
    // PDF's text.
    assert!(
        !typst.contains('\u{2060}'),
        "a word joiner in the Typst data"
    );
    assert!(
        plain.contains("\u{2212}\u{a3}0.9m"),
        "the figure itself is there"
    );
}

#[test]
fn every_drawing_and_icon_the_view_names_is_there() {
    let view = sample_view(Detail::All);
    let rows = view.sections.iter().flat_map(|s| &s.rows);
    let in_view: Vec<&String> = rows
        .filter_map(|r| r.spark.as_ref())
        .chain(view.details.iter().filter_map(|d| d.chart.as_ref()))
        .collect();
    assert!(!in_view.is_empty());
    assert!(
        in_view
            .iter()
            .all(|name| view.graphics.contains_key(name.as_str())),
        "every drawing the view names is drawn"
    );
    assert!(
        in_view.iter().all(|name| !name.starts_with('/')),
        "the view names no edition's paths: {in_view:?}"
    );
    let files = virtual_files(&view, &[]).unwrap();
    let data: serde_json::Value = serde_json::from_slice(&files["/data.json"]).unwrap();
    let mut named = Vec::new();
    paths(&data, &mut named);
    let icons: Vec<String> = Icon::all().into_iter().map(icon_path).collect();
    assert!(named.iter().any(|p| p.starts_with("/chart/")), "{named:?}");
    assert!(named.iter().any(|p| p.starts_with("/spark/")), "{named:?}");
    for path in &named {
        let drawing = path.starts_with("/spark/") || path.starts_with("/chart/");
        assert!(
            drawing || icons.contains(path),
            "{path} is neither drawing nor icon"
        );
        assert!(files.contains_key(path), "{path} is not served");
        assert!(
            std::str::from_utf8(&files[path])
                .unwrap()
                .starts_with("<svg"),
            "{path} is an SVG document"
        );
    }
}

#[test]
fn the_typst_data_is_the_view_with_hints_and_attachments() {
    let view = sample_view(Detail::None);
    let files = virtual_files(&view, &[]).unwrap();
    let data: serde_json::Value = serde_json::from_slice(&files["/data.json"]).unwrap();
    let plain = serde_json::to_value(&view).unwrap();
    assert_eq!(data["attachments"], serde_json::json!([]));
    for key in ["schema", "report", "words", "labels", "months"] {
        assert_eq!(
            data[key], plain[key],
            "`{key}` reaches the template as built"
        );
    }
    // The legend is the view's, each icon given the path the template finds it at.
    let mut legend = data["legend"].clone();
    let mut located = 0;
    strip_icon_paths(&mut legend, &mut located);
    assert_eq!(
        legend, plain["legend"],
        "`legend` reaches the template as built"
    );
    assert!(located >= 10, "every legend icon has its path ({located})");
    assert_eq!(data["words"]["contents"], "Contents");
    assert_eq!(
        data["months"].as_array().unwrap().len(),
        view.months.len(),
        "the template is told how many month columns there are"
    );
}

/// Takes each icon's `path` out of a serialised value, checking it is where the Typst
/// edition serves that icon; counts them in `located`.
fn strip_icon_paths(value: &mut serde_json::Value, located: &mut usize) {
    match value {
        serde_json::Value::Object(map) => {
            if let (Some(id), Some(path)) = (map.get("id").cloned(), map.get("path").cloned()) {
                if map.contains_key("kind") {
                    let id = id.as_str().unwrap();
                    assert_eq!(path, format!("/icon/{id}.svg"), "icon {id}");
                    map.remove("path");
                    *located += 1;
                }
            }
            map.values_mut().for_each(|v| strip_icon_paths(v, located));
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| strip_icon_paths(v, located))
        }
        _ => {}
    }
}

/// Every icon in a serialised value, as its fields.
fn icons_in(value: &serde_json::Value, out: &mut Vec<serde_json::Map<String, serde_json::Value>>) {
    match value {
        serde_json::Value::Object(map) => {
            let ids: Vec<String> = Icon::all().iter().map(|i| i.id()).collect();
            let is_icon = map
                .get("id")
                .and_then(|id| id.as_str())
                .is_some_and(|id| ids.iter().any(|i| i == id))
                && map.contains_key("kind");
            if is_icon {
                out.push(map.clone());
            }
            map.values().for_each(|v| icons_in(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| icons_in(v, out)),
        _ => {}
    }
}

#[test]
fn the_view_names_icons_and_drawings_and_holds_no_editions_paths() {
    for detail in [Detail::None, Detail::All] {
        let view = sample_view(detail);
        let plain = serde_json::to_string(&view).unwrap();
        for path in ["/icon/", "/spark/", "/chart/", ".svg"] {
            assert!(
                !plain.contains(path),
                "the serialised view ({detail:?}) holds an edition's path: {path}"
            );
        }
        // Icons go by name: an id and a kind, nothing an edition decides.
        let mut icons = Vec::new();
        icons_in(&serde_json::from_str(&plain).unwrap(), &mut icons);
        assert!(icons.len() >= 10, "{detail:?}: {} icons", icons.len());
        for icon in &icons {
            let keys: Vec<&str> = icon.keys().map(String::as_str).collect();
            assert_eq!(keys, ["id", "kind"], "{icon:?}");
        }
        // The Typst edition alone gives each of them the path it serves the icon at.
        let files = virtual_files(&view, &[]).unwrap();
        let data: serde_json::Value = serde_json::from_slice(&files["/data.json"]).unwrap();
        let mut typst_icons = Vec::new();
        icons_in(&data, &mut typst_icons);
        assert_eq!(typst_icons.len(), icons.len(), "{detail:?}");
        for icon in &typst_icons {
            let path = icon["path"].as_str().unwrap();
            assert_eq!(path, format!("/icon/{}.svg", icon["id"].as_str().unwrap()));
            assert!(files.contains_key(path), "{path} is served");
        }
        assert!(
            serde_json::to_string(&view).unwrap() == plain,
            "serialising for the Typst edition leaves the view's own serialisation alone"
        );
    }
}
