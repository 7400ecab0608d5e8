//! The web edition, as a reader meets it: each page opened in headless Chromium
//! (`tests/browser/check-page.mjs`, puppeteer-core) and audited with axe-core for the
//! WCAG 2.2 A and AA rules, at desktop width and at 320 CSS px. Without a browser the
//! page's source is checked too: a public page holds nothing withheld, and two renders
//! give the same bytes.
//!
//! The browser tests need Chromium and the npm packages `./scripts/test` installs
//! (`SCORECARD_NODE_MODULES`); without them they print `SKIPPED:` and pass, except in CI
//! (`CI` or `SCORECARD_REQUIRE_BROWSER=1`), where that is a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    copy_tree, csv_rows, replace_in, root, run_on, scratch, small_fixture, stderr, stdout,
};
use serde_json::Value;

/// What the browser found on one page, or `None` when no browser is available here.
fn open_in_browser(test: &str, page: &Path, screenshots: Option<(&Path, &Path)>) -> Option<Value> {
    let modules = std::env::var("SCORECARD_NODE_MODULES").ok();
    let chromium =
        std::env::var("SCORECARD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing = match &modules {
        None => Some("SCORECARD_NODE_MODULES is not set (run ./scripts/test)".to_string()),
        Some(dir) if !Path::new(dir).join("puppeteer-core").is_dir() => {
            Some(format!("puppeteer-core is not installed in {dir}"))
        }
        _ if !Path::new(&chromium).exists() => Some(format!("no browser at {chromium}")),
        _ => None,
    };
    if let Some(reason) = missing {
        if std::env::var_os("SCORECARD_REQUIRE_BROWSER").is_some() {
            panic!("{test}: {reason}; CI must provide Chromium and the npm packages");
        }
        common::skip_or_fail(test, &reason);
        return None;
    }
    let mut command = Command::new("node");
    command
        .arg(root().join("tests/browser/check-page.mjs"))
        .arg(page)
        .env("SCORECARD_NODE_MODULES", modules.unwrap())
        .env("SCORECARD_CHROMIUM", &chromium);
    if let Some((desktop, narrow)) = screenshots {
        // The README's pictures: the first section's indicators, in colour and in grey.
        command
            .arg("--desktop-png")
            .arg(desktop)
            .arg("--narrow-png")
            .arg(narrow)
            .args(["--grey-pngs", "--shot-at", "#tables"]);
    }
    let output = command.output().expect("node runs");
    assert!(
        output.status.success(),
        "the browser check failed on {}:\n{}",
        page.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("the browser check prints JSON"))
}

/// Renders the web page of `data` (no packs) into a scratch folder and returns its path.
fn render_page(data: &Path, extra: &[&str]) -> PathBuf {
    let out = data.parent().unwrap().join("web");
    let mut args = vec![
        "render",
        "--format",
        "html",
        "--out-dir",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let output = run_on(data, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let written = stdout(&output);
    let path = written
        .lines()
        .find_map(|l| l.strip_prefix("wrote ").and_then(|l| l.split(" (").next()))
        .unwrap_or_else(|| panic!("nothing written: {written}"));
    PathBuf::from(path)
}

/// The shipped sample, in a scratch copy.
fn sample(name: &str) -> PathBuf {
    let data = scratch(name).join("data");
    copy_tree(&root().join("data"), &data);
    data
}

/// Every axe violation, named, for the assertion message.
fn violations(report: &Value) -> Vec<String> {
    report["axe"]["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            format!(
                "{} ({} nodes: {}): {}",
                v["id"], v["count"], v["nodes"], v["help"]
            )
        })
        .collect()
}

/// The checks every page must pass in the browser, whatever its data.
fn assert_accessible_and_self_contained(report: &Value) {
    assert_eq!(
        violations(report),
        Vec::<String>::new(),
        "axe found violations"
    );
    assert!(
        report["axe"]["passes"].as_u64().unwrap() > 10,
        "axe ran its rules"
    );
    assert_eq!(
        report["requests"],
        serde_json::json!([]),
        "the page asked for nothing"
    );
    assert_eq!(report["console_errors"], serde_json::json!([]));
    let narrow = &report["narrow"];
    assert_eq!(narrow["viewport_width"], 320);
    assert_eq!(
        narrow["scroll_width"], 320,
        "at 320 px the page scrolls sideways"
    );
    assert_eq!(
        narrow["overflowing"],
        serde_json::json!([]),
        "at 320 px these reach past the screen's edge"
    );
    let desktop = &report["desktop"];
    assert_eq!(desktop["viewport_width"], 1280);
    assert_eq!(
        desktop["scroll_width"], 1280,
        "at 1,280 px the page scrolls sideways"
    );
    assert!(
        desktop["commentary_right"].as_f64().unwrap() <= 1280.0,
        "at 1,280 px a commentary ends at {} px, off the screen",
        desktop["commentary_right"]
    );
    for (view, width) in [(desktop, "1,280"), (&report["small_desktop"], "1,024")] {
        for table in view["tables"].as_array().unwrap() {
            let region = &table["region"];
            assert!(
                region["scroll_width"].as_u64() <= region["client_width"].as_u64(),
                "at {width} px {} scrolls sideways: {region}",
                table["caption"]
            );
        }
    }
    // On a phone only an indicator's small table of months may scroll inside its region;
    // the summary's tables reflow.
    for table in narrow["tables"].as_array().unwrap() {
        let region = &table["region"];
        if table["small"] == false {
            assert!(
                region["scroll_width"].as_u64() <= region["client_width"].as_u64(),
                "at 320 px {} scrolls sideways: {region}",
                table["caption"]
            );
        }
    }
    assert_blocks_read_in_order(narrow);
    assert_blocks_sit_side_by_side(desktop, 1280.0);
    let small_desktop = &report["small_desktop"];
    assert_eq!(
        small_desktop["scroll_width"], 1024,
        "at 1,024 px the page scrolls sideways"
    );
    assert_blocks_sit_side_by_side(small_desktop, 1024.0);
    for view in [&report["desktop"], narrow] {
        assert_eq!(view["scripts"], 0, "the page needs no script");
        assert_eq!(view["broken_links"], serde_json::json!([]));
        assert_eq!(view["external_links"], serde_json::json!([]));
        let unnamed: Vec<&Value> = view["images"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["role"] != "img" || i["name"].as_str().unwrap().is_empty())
            .collect();
        assert!(
            unnamed.is_empty(),
            "images without role=img and a name: {unnamed:?}"
        );
        for table in view["tables"].as_array().unwrap() {
            assert!(
                !table["caption"].as_str().unwrap().is_empty(),
                "uncaptioned: {table}"
            );
            assert_eq!(
                table["header_rows"], 1,
                "one header row: {}",
                table["caption"]
            );
            assert_eq!(
                table["merged_cells"], 0,
                "no merged cells: {}",
                table["caption"]
            );
            assert_eq!(
                table["empty_cells"], 0,
                "no blank cells: {}",
                table["caption"]
            );
            for th in table["column_headers"].as_array().unwrap() {
                assert_eq!(th["scope"], "col", "{}: {th}", table["caption"]);
            }
            let rows = table["row_headers"].as_array().unwrap();
            assert_eq!(
                rows.len() as u64,
                table["rows"].as_u64().unwrap(),
                "a row header per row"
            );
            for th in rows {
                assert_eq!(th["scope"], "row", "{}: {th}", table["caption"]);
            }
            // A table wider than the screen scrolls in its own region, which a keyboard
            // can reach.
            let region = &table["region"];
            assert!(
                region.is_object(),
                "{} is not in a scrolling region",
                table["caption"]
            );
            assert_eq!(region["tabindex"], "0");
            assert!(
                !region["label"].as_str().unwrap().is_empty(),
                "an unnamed region: {table}"
            );
        }
    }
    let first = &report["desktop"]["first_focusable"];
    assert_eq!(
        first["href"], "#tables",
        "the first thing a keyboard reaches is the skip link"
    );
}

/// The parts of an indicator's block present on the page, in reading order, with where
/// each stands.
fn parts(indicator: &Value) -> Vec<(&'static str, &Value)> {
    [
        "indicator-title",
        "headline",
        "direction",
        "spc",
        "spark",
        "commentary",
        "figures",
    ]
    .into_iter()
    .filter(|part| indicator[*part].is_object())
    .map(|part| (part, &indicator[part]))
    .collect()
}

/// At phone width each indicator reads top to bottom as one block: ref and title, this
/// month's figure and changes, the direction, the SPC result, the sparkline, the
/// commentary, then the small table.
fn assert_blocks_read_in_order(narrow: &Value) {
    let indicators = narrow["indicators"].as_array().unwrap();
    assert!(!indicators.is_empty(), "no indicator blocks");
    for indicator in indicators {
        let parts = parts(indicator);
        assert!(parts.len() >= 5, "parts missing: {indicator}");
        for pair in parts.windows(2) {
            let ((above, a), (below, b)) = (pair[0], pair[1]);
            assert!(
                a["bottom"].as_f64().unwrap() <= b["top"].as_f64().unwrap() + 0.5,
                "at 320 px {above} does not come before {below}: {indicator}"
            );
        }
    }
}

/// At desktop widths (`width`) an indicator's figures, sparkline and commentary share one band of
/// the screen: the commentary is to the right of the figures and starts beside them.
fn assert_blocks_sit_side_by_side(desktop: &Value, width: f64) {
    for indicator in desktop["indicators"].as_array().unwrap() {
        let (headline, commentary) = (&indicator["headline"], &indicator["commentary"]);
        let right = |v: &Value| v["right"].as_f64().unwrap();
        let left = |v: &Value| v["left"].as_f64().unwrap();
        let top = |v: &Value| v["top"].as_f64().unwrap();
        assert!(
            left(commentary) >= right(headline),
            "the commentary is not beside the figures: {indicator}"
        );
        if indicator["spark"].is_object() {
            assert!(
                left(commentary) >= right(&indicator["spark"]),
                "{indicator}"
            );
        }
        assert!(
            (top(commentary) - top(headline)).abs() < 40.0,
            "the commentary does not start beside the figures: {indicator}"
        );
        assert!(right(commentary) <= width, "{indicator}");
    }
}

#[test]
fn the_sample_page_reads_like_the_pdf_and_passes_axe() {
    let data = sample("web-sample");
    let page = render_page(&data, &[]);
    let size = std::fs::metadata(&page).unwrap().len();
    assert!(
        size <= 400_000,
        "the sample page is {size} bytes, over 400 KB"
    );
    let shots = root().join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let desktop = shots.join("sample-1280.png");
    let narrow = shots.join("sample-320.png");
    let Some(report) = open_in_browser(
        "the_sample_page_reads_like_the_pdf_and_passes_axe",
        &page,
        Some((&desktop, &narrow)),
    ) else {
        return;
    };
    assert_accessible_and_self_contained(&report);
    let text = report["desktop"]["text"].as_str().unwrap();
    assert_eq!(report["desktop"]["lang"], "en-GB");
    let figures = csv_rows(&stdout(&run_on(&data, &["figures"])));
    assert!(figures.len() > 10);
    for row in &figures {
        assert!(
            text.contains(&row["title"]),
            "{} is not on the page",
            row["title"]
        );
        assert!(
            text.contains(&row["ref"]),
            "{} is not on the page",
            row["ref"]
        );
        if row["unit"] == "count" && !row["value"].is_empty() {
            let value: f64 = row["value"].parse().unwrap();
            let shown = thousands(value as i64);
            assert!(
                text.contains(&shown),
                "{}'s {shown} is not on the page",
                row["id"]
            );
        }
    }
    assert!(desktop.exists() && narrow.exists());
    assert!(shots.join("sample-320-grey.png").exists());
}

/// 1403 as "1,403".
fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

#[test]
fn two_renders_give_the_same_page() {
    let data = small_fixture("web-twice");
    let first = std::fs::read(render_page(&data, &[])).unwrap();
    let again = std::fs::read(render_page(&data, &[])).unwrap();
    assert!(first == again, "the page differs between two renders");
    assert!(first.starts_with(b"<!DOCTYPE html>"));
}

/// The small fixture with a section of small counts, a public pack and a board pack, both
/// published as PDF and web page. `episodes` are the monthly missing-from-home episodes.
fn public_fixture(name: &str, episodes: [u32; 14], commentary: &str) -> PathBuf {
    let data = small_fixture(name);
    common::append_to(
        &data.join("indicators.yaml"),
        "  - id: safeguarding\n    title: Safeguarding\n    indicators:\n\
         \x20     - id: missing-episodes\n        ref: \"6\"\n        title: Missing from home episodes\n\
         \x20       unit: count\n        polarity: down\n",
    );
    common::append_to(
        &data.join("report.yaml"),
        "suppression:\n  below: 5\npacks:\n  - id: board\n    formats: [pdf, html]\n\
         \x20 - id: public\n    title: Public Scorecard\n    audience: public\n    formats: [html, pdf]\n",
    );
    let months = [
        "2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11", "2019-12",
        "2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-06",
    ];
    for (month, count) in months.iter().zip(episodes) {
        common::add_values(&data, month, &format!("  missing-episodes: {count}\n"));
    }
    let june = data.join("months/2020-06.yaml");
    let text = std::fs::read_to_string(&june).unwrap();
    let text = text.replacen(
        "commentary:\n",
        &format!("commentary:\n  missing-episodes: \"{commentary}\"\n"),
        1,
    );
    std::fs::write(&june, text).unwrap();
    data
}

/// Renders every pack and edition; returns the output folder.
fn render_packs(data: &Path) -> PathBuf {
    let out = data.parent().unwrap().join("out");
    let output = run_on(data, &["render", "--out-dir", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("4 of 4 documents written"), "{said}");
    out
}

#[test]
fn a_public_page_holds_nothing_withheld_anywhere_in_its_source() {
    // Two data folders that differ only in small counts (1 to 4, withheld) and in the
    // commentary of the series that holds them: the public pages must be the same bytes,
    // so nothing on them (text, attributes, drawings, comments) depends on a withheld
    // number. The board pages differ, which shows the change reaches what is published.
    let first = [9, 12, 3, 15, 0, 22, 6, 14, 2, 18, 11, 25, 4, 16];
    let second = [9, 12, 1, 15, 0, 22, 6, 14, 4, 18, 11, 25, 3, 16];
    let a = render_packs(&public_fixture(
        "web-public-a",
        first,
        "Three children went missing twice",
    ));
    let b = render_packs(&public_fixture(
        "web-public-b",
        second,
        "Four children went missing",
    ));
    let page = |out: &Path, pack: &str| {
        std::fs::read(out.join(format!("scorecard-{pack}-2020-06.html"))).unwrap()
    };
    assert!(
        page(&a, "public") == page(&b, "public"),
        "a withheld count changed the public page"
    );
    assert!(
        page(&a, "board") != page(&b, "board"),
        "the board page shows the counts"
    );
    let public = String::from_utf8(page(&a, "public")).unwrap();
    assert!(
        !public.contains("went missing"),
        "withheld commentary is left out"
    );
    assert!(public.contains("[c]"), "withheld figures are marked [c]");
    assert!(
        a.join("scorecard-public-2020-06.pdf").exists(),
        "formats: [html, pdf] writes both"
    );

    let Some(report) = open_in_browser(
        "a_public_page_holds_nothing_withheld_anywhere_in_its_source",
        &a.join("scorecard-public-2020-06.html"),
        None,
    ) else {
        return;
    };
    assert_accessible_and_self_contained(&report);
    let text = report["desktop"]["text"].as_str().unwrap();
    assert!(text.contains("Public Scorecard"));
    assert!(
        text.contains("[c]") && text.contains("withheld"),
        "the key explains [c]"
    );
}

#[test]
fn six_hundred_indicators_make_an_accessible_page() {
    let dir = scratch("web-600");
    let data = dir.join("synthetic");
    let made = Command::new("python3")
        .arg(root().join("scripts/synthetic.py"))
        .arg(&data)
        .args(["--indicators", "600", "--months", "24"])
        .output()
        .expect("python3 runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let page = render_page(&data, &[]);
    let Some(report) = open_in_browser(
        "six_hundred_indicators_make_an_accessible_page",
        &page,
        None,
    ) else {
        return;
    };
    assert_accessible_and_self_contained(&report);
    let rows: u64 = report["desktop"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["small"] == true)
        .map(|t| t["rows"].as_u64().unwrap())
        .sum();
    assert_eq!(rows, 600, "one small table row per indicator");
    assert_eq!(
        report["desktop"]["indicators"].as_array().unwrap().len(),
        600,
        "one block per indicator"
    );
}

#[test]
fn the_written_page_template_renders_the_same_page_and_a_broken_one_is_located() {
    let data = small_fixture("web-template");
    let dir = data.parent().unwrap().to_path_buf();
    let template = written_page_template(&dir);
    let embedded = std::fs::read(render_page(&data, &[])).unwrap();
    let own = std::fs::read(render_page(
        &data,
        &["--html-template", template.to_str().unwrap()],
    ))
    .unwrap();
    assert!(embedded == own, "the written template renders another page");

    // A misspelt field: exit 3, the template's line named, and no page written.
    replace_in(
        &template,
        &[(
            "{{ view.report.organisation }}",
            "{{ view.report.organisaton }}",
        )],
    );
    let line = std::fs::read_to_string(&template)
        .unwrap()
        .lines()
        .position(|l| l.contains("organisaton"))
        .unwrap()
        + 1;
    let out = dir.join("broken");
    let output = run_on(
        &data,
        &[
            "render",
            "--format",
            "html",
            "--html-template",
            template.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(said.contains(&format!("page.html:{line}:")), "{said}");
    assert!(said.contains("no web page was written"), "{said}");
    assert!(!out.join("scorecard-2020-06.html").exists());
}

#[test]
fn a_negative_amount_in_commentary_never_wraps_after_its_minus() {
    let test = "a_negative_amount_in_commentary_never_wraps_after_its_minus";
    let data = common::negative_amounts_in_commentary("web-amounts");
    let page = render_page(&data, &["--detail", "all"]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains('\u{2060}'), "a word joiner in the page");
    // The commentary in the indicator's block and again on its detail panel.
    let spans = html
        .matches("<span class=\"amount\">\u{2212}\u{a3}0.9m</span>")
        .count();
    assert!(
        spans >= 2 * common::NEGATIVE_AMOUNT_QUOTES,
        "{spans} amounts kept whole"
    );
    let Some(report) = open_in_browser(test, &page, None) else {
        return;
    };
    for width in ["desktop", "narrow"] {
        let seen = &report[width];
        assert_eq!(seen["split_amounts"], 0, "at {width} width");
        assert!(seen["amounts"].as_u64().unwrap() >= spans as u64);
        let text = seen["text"].as_str().unwrap();
        assert!(
            text.contains("x \u{2212}\u{a3}0.9m xx \u{2212}\u{a3}0.9m"),
            "{text}"
        );
    }

    // The same page without the style that keeps them whole splits some: the commentary
    // does test the rule.
    let template = written_page_template(data.parent().unwrap());
    replace_in(&template, &[(".amount { white-space: nowrap; }", "")]);
    let plain = render_page(
        &data,
        &[
            "--detail",
            "all",
            "--html-template",
            template.to_str().unwrap(),
        ],
    );
    let report = open_in_browser(test, &plain, None).expect("the browser ran above");
    assert!(
        report["narrow"]["split_amounts"].as_u64().unwrap() > 0,
        "no amount split at 320 px even without the style"
    );
}

/// A 58-letter Welsh place name and other unbroken strings where a council might put them.
const LONG_PLACE: &str = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch";
const LONG_FILE: &str =
    "Quarterly_performance_extract_children_services_FINAL_v12_signed_off_2020-06-30.xlsx";

#[test]
fn long_words_wrap_everywhere_and_the_page_never_scrolls_sideways() {
    let data = small_fixture("web-long-words");
    replace_in(
        &data.join("report.yaml"),
        &[
            (
                "organisation: Testshire County Council",
                &format!("organisation: Cyngor Sir {LONG_PLACE}"),
            ),
            (
                "title: Test Services Scorecard",
                &format!("title: {LONG_PLACE}PerformanceScorecard"),
            ),
            (
                "protective_marking: OFFICIAL-SENSITIVE",
                "protective_marking: OFFICIAL-SENSITIVE-PERSONAL-HANDLING-INSTRUCTIONS-APPLY",
            ),
        ],
    );
    replace_in(
        &data.join("indicators.yaml"),
        &[
            (
                "title: Front door",
                &format!("title: {LONG_PLACE} front door"),
            ),
            (
                "title: Number of referrals",
                &format!("title: Referrals from {LONG_PLACE}"),
            ),
        ],
    );
    replace_in(
        &data.join("months/2020-06.yaml"),
        &[(
            "Conversion is steady.",
            &format!("Conversion is steady; see {LONG_FILE} for the detail."),
        )],
    );
    let page = render_page(&data, &["--detail", "all"]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(LONG_FILE) && html.contains(LONG_PLACE));
    let Some(report) = open_in_browser(
        "long_words_wrap_everywhere_and_the_page_never_scrolls_sideways",
        &page,
        None,
    ) else {
        return;
    };
    assert_accessible_and_self_contained(&report);
    let text = report["narrow"]["text"].as_str().unwrap();
    assert!(text.contains(LONG_PLACE), "the place name is on the page");
}

/// The index page's links, in order, as (href, link text, size shown).
fn index_links(html: &str) -> Vec<(String, String)> {
    html.split("<li><a href=\"")
        .skip(1)
        .map(|item| {
            let (href, rest) = item.split_once("\">").unwrap();
            let (text, _) = rest.split_once("</a>").unwrap();
            (href.to_string(), text.to_string())
        })
        .collect()
}

#[test]
fn a_render_of_several_months_writes_an_index_that_keeps_earlier_months() {
    let data = public_fixture(
        "web-index",
        [9, 12, 3, 15, 0, 22, 6, 14, 2, 18, 11, 25, 4, 16],
        "Three children went missing twice",
    );
    let out = data.parent().unwrap().join("site");
    let render = |extra: &[&str]| {
        let mut args = vec!["render", "--out-dir", out.to_str().unwrap()];
        args.extend(extra);
        let output = run_on(&data, &args);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let index = out.join("index.html");

    // One month, one pack: no index.
    render(&["--pack", "public", "--month", "2020-06"]);
    assert!(!index.exists(), "one document needs no index");

    // Two months of both packs: every page and PDF of both months, newest first, the
    // web page before the PDF, each with its pack's title and its size.
    let said = render(&["--months", "2020-05..2020-06"]);
    assert!(said.contains("index.html (index of 8 files"), "{said}");
    let html = std::fs::read_to_string(&index).unwrap();
    let links = index_links(&html);
    let hrefs: Vec<&str> = links.iter().map(|(h, _)| h.as_str()).collect();
    assert_eq!(
        hrefs,
        [
            "scorecard-board-2020-06.html",
            "scorecard-board-2020-06.pdf",
            "scorecard-public-2020-06.html",
            "scorecard-public-2020-06.pdf",
            "scorecard-board-2020-05.html",
            "scorecard-board-2020-05.pdf",
            "scorecard-public-2020-05.html",
            "scorecard-public-2020-05.pdf",
        ]
    );
    assert_eq!(links[2].1, "Public Scorecard, June 2020: web page");
    assert_eq!(links[1].1, "Test Services Scorecard, June 2020: PDF");
    let size = std::fs::metadata(out.join("scorecard-public-2020-06.pdf"))
        .unwrap()
        .len()
        .div_ceil(1024);
    assert!(
        html.contains(&format!("scorecard-public-2020-06.pdf\">Public Scorecard, June 2020: PDF</a> <span class=\"size\">({size} KB)</span>")),
        "the PDF's size is shown"
    );
    assert!(html.find("June 2020").unwrap() < html.find("May 2020").unwrap());
    assert!(html.contains("<h1>Test Services Scorecard</h1>"));

    // Another range, public only: the earlier months' public files stay listed, the board's
    // are left out, a file deleted since drops out, and the same folder gives the same bytes.
    std::fs::remove_file(out.join("scorecard-public-2020-05.pdf")).unwrap();
    // Files a render would not have named are never listed.
    for stray in [
        "scorecard-public-2020-5.pdf",
        "scorecard-nopack-2020-05.pdf",
        "notes.html",
    ] {
        std::fs::write(out.join(stray), "x").unwrap();
    }
    render(&["--pack", "public", "--months", "2020-03..2020-04"]);
    let public = std::fs::read_to_string(&index).unwrap();
    let hrefs: Vec<String> = index_links(&public).into_iter().map(|(h, _)| h).collect();
    assert_eq!(
        hrefs,
        [
            "scorecard-public-2020-06.html",
            "scorecard-public-2020-06.pdf",
            "scorecard-public-2020-05.html",
            "scorecard-public-2020-04.html",
            "scorecard-public-2020-04.pdf",
            "scorecard-public-2020-03.html",
            "scorecard-public-2020-03.pdf",
        ]
    );
    assert!(!public.contains("board") && !public.contains("Test Services Scorecard,"));
    render(&["--pack", "public", "--months", "2020-03..2020-04"]);
    assert_eq!(
        std::fs::read_to_string(&index).unwrap(),
        public,
        "same folder, same index"
    );
    let leftovers: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    let Some(report) = open_in_browser(
        "a_render_of_several_months_writes_an_index_that_keeps_earlier_months",
        &index,
        None,
    ) else {
        return;
    };
    assert_eq!(
        violations(&report),
        Vec::<String>::new(),
        "axe found violations"
    );
    assert_eq!(report["requests"], serde_json::json!([]));
    for view in [&report["desktop"], &report["narrow"]] {
        assert_eq!(view["scripts"], 0);
        assert_eq!(view["external_links"], serde_json::json!([]));
        assert_eq!(view["overflowing"], serde_json::json!([]));
        assert_eq!(view["scroll_width"], view["viewport_width"]);
    }
    assert_eq!(report["desktop"]["lang"], "en-GB");
}

/// `scorecard template --format html` written into `dir` as page.html, as a user starts
/// their own page template.
fn written_page_template(dir: &Path) -> PathBuf {
    let template = dir.join("page.html");
    let written = common::scorecard(&[
        "template",
        "--format",
        "html",
        "--out",
        template.to_str().unwrap(),
    ]);
    assert!(written.status.success(), "{}", stderr(&written));
    template
}
