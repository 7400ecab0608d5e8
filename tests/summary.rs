//! The board pack's first page says where to look, and the detail pages show each chart:
//! the summary's "Needs attention" list is exactly what `scorecard figures` marks, its
//! links and the PDF's bookmarks lead to the right pages, events are drawn and spoken, and
//! stale values say when they were last updated.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// The small fixture with two indicators that need attention: `waits` (below its floor,
/// with a run of high values where lower is better, an event and recalculated limits) and
/// `visits` (no value since March).
fn attention_fixture(name: &str) -> PathBuf {
    let data = small_fixture(name);
    append_to(
        &data.join("indicators.yaml"),
        "      - id: waits
        ref: T-7
        title: Average wait for a first appointment
        outcome: Families are seen quickly.
        unit: number
        suffix: days
        polarity: down
        target: 10
        floor: 14
        events:
          - month: 2019-12
            text: New booking system
        spc:
          recalculate_at:
            - month: 2020-03
              reason: definition changed
      - id: visits
        ref: T-8
        title: Number of home visits completed
        outcome: Children are seen at home.
        unit: count
        polarity: up
",
    );
    let months = [
        "2019-05", "2019-06", "2019-07", "2019-08", "2019-09", "2019-10", "2019-11", "2019-12",
        "2020-01", "2020-02", "2020-03", "2020-04", "2020-05", "2020-06",
    ];
    let waits = [9, 8, 9, 10, 8, 9, 8, 9, 10, 9, 21, 22, 23, 24];
    for (i, month) in months.iter().enumerate() {
        let visits = if *month <= "2020-03" {
            format!("  visits: {}\n", 40 + i)
        } else {
            String::new()
        };
        add_values(&data, month, &format!("  waits: {}\n{visits}", waits[i]));
    }
    data
}

/// Renders `data` to `out` with `--detail`, failing the test with what was said if it fails.
fn render_with_detail(data: &Path, out: &Path, detail: &str) {
    let output = run_on(
        data,
        &["render", "--detail", detail, "--out", out.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
}

/// The references `scorecard figures` marks as needing attention, with their titles.
fn marked_by_figures(data: &Path) -> Vec<(String, String)> {
    let output = run_on(data, &["figures"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = stdout(&output);
    csv_rows(&csv)
        .into_iter()
        .filter(|r| !r["attention"].is_empty())
        .map(|r| (r["ref"].clone(), r["title"].clone()))
        .collect()
}

/// The text of page 1 between "Needs attention" and "Contents".
fn attention_text(pdf: &Path) -> String {
    let page = pdf_text(pdf, Some(1));
    let start = page
        .find("Needs attention")
        .expect("a Needs attention list");
    let end = page[start..].find("Contents").expect("a contents list") + start;
    page[start..end].to_string()
}

#[test]
fn the_sample_opens_with_the_summary_and_fits_eight_pages() {
    let out = scratch("summary-sample").join("sample.pdf");
    let output = scorecard(&["render", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(page_count(&out) <= 8, "{} pages", page_count(&out));
    let first = squeeze(&pdf_text(&out, Some(1)));
    for phrase in [
        "Summary",
        "MakingDataCount",
        "Needsattention",
        "Contents",
        "Commoncause",
    ] {
        assert!(first.contains(phrase), "page 1 lacks {phrase}");
    }
    let listed = squeeze(&attention_text(&out));
    let marked = marked_by_figures(&root().join("data"));
    assert!(!marked.is_empty());
    assert!(
        listed.contains(&format!("Needsattention({})", marked.len())),
        "{listed}"
    );
    for (reference, title) in marked {
        assert!(
            listed.contains(&squeeze(&title)),
            "{reference} {title} is marked by figures but not listed"
        );
    }
}

#[test]
fn the_samples_detail_pages_chart_every_indicator_or_the_exceptions_and_conform() {
    let dir = scratch("summary-sample-detail");
    let marked = marked_by_figures(&root().join("data"));
    for (detail, expected) in [("all", 55), ("exceptions", marked.len())] {
        let out = dir.join(format!("{detail}.pdf"));
        let output = scorecard(&["render", "--detail", detail, "--out", out.to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        let charts = figure_alts(&out)
            .into_iter()
            .filter(|a| a.starts_with("SPC chart of"))
            .count();
        assert_eq!(charts, expected, "--detail {detail}");
        validate(&out, "2a");
        validate(&out, "ua1");
    }
}

#[test]
fn an_empty_needs_attention_list_says_so() {
    let data = small_fixture("summary-nothing");
    assert!(
        marked_by_figures(&data).is_empty(),
        "the small fixture needs no attention"
    );
    let out = data.parent().unwrap().join("calm.pdf");
    render_ok(&data, &out);
    let listed = squeeze(&attention_text(&out));
    assert!(listed.contains("Needsattention(0)"), "{listed}");
    assert!(
        listed.contains("NothingneedsattentioninJune2020"),
        "{listed}"
    );
}

#[test]
fn needs_attention_lists_exactly_what_figures_marks() {
    let data = attention_fixture("summary-attention");
    let out = data.parent().unwrap().join("pack.pdf");
    render_ok(&data, &out);
    let marked = marked_by_figures(&data);
    let marked_refs: Vec<&str> = marked.iter().map(|(r, _)| r.as_str()).collect();
    assert_eq!(
        marked_refs,
        ["T-7", "T-8"],
        "the fixture is built to need attention twice"
    );
    let listed = attention_text(&out);
    assert!(listed.contains("Needs attention (2)"), "{listed}");
    let squeezed = squeeze(&listed);
    assert!(squeezed.contains("belowthefloor(RAGred)"), "{listed}");
    assert!(
        squeezed.contains("novalueforJune2020;lastupdatedMar-20"),
        "{listed}"
    );
    for title in [
        "Number of contacts received",
        "Number of referrals",
        "Percentage of assessments on time",
    ] {
        assert!(
            !squeezed.contains(&squeeze(title)),
            "{title} is listed: {listed}"
        );
    }
    // The stale row says so instead of showing an old value as this month's.
    let table = squeeze(&pdf_text(&out, Some(2)));
    assert!(table.contains("lastupdatedMar-20"), "{table}");
}

#[test]
fn links_and_bookmarks_lead_to_the_rows_and_sections() {
    let data = attention_fixture("summary-links");
    let out = data.parent().unwrap().join("pack.pdf");
    render_with_detail(&data, &out, "exceptions");
    let page_of = |needle: &str| {
        (1..=page_count(&out))
            .find(|p| squeeze(&pdf_text(&out, Some(*p))).contains(&squeeze(needle)) && *p > 1)
            .unwrap_or_else(|| panic!("{needle} is on no page after the first"))
    };

    let links = links(&out, 1);
    for title in [
        "Average wait for a first appointment",
        "Number of home visits completed",
    ] {
        let first_word = title.split(' ').next().unwrap();
        let link = links
            .iter()
            .find(|l| l.text.starts_with(first_word) && title.starts_with(&l.text))
            .unwrap_or_else(|| panic!("no link on {title}: {links:?}"));
        assert_eq!(link.target, page_of(title), "{title}");
    }
    for section in ["Front door", "Timeliness"] {
        let link = links
            .iter()
            .find(|l| l.text == section)
            .unwrap_or_else(|| panic!("no contents link for {section}: {links:?}"));
        let first_row = if section == "Front door" {
            "Number of contacts received"
        } else {
            "Percentage of assessments on time"
        };
        assert_eq!(link.target, page_of(first_row), "{section}");
    }

    let bookmarks = outline(&out);
    let find = |title: &str| {
        bookmarks
            .iter()
            .find(|b| b.title.starts_with(title))
            .unwrap_or_else(|| panic!("no bookmark {title}: {bookmarks:?}"))
            .clone()
    };
    assert_eq!(find("Summary").page, 1);
    assert_eq!(
        find("Front door").page,
        page_of("Number of contacts received")
    );
    assert_eq!(
        find("Timeliness").page,
        page_of("Percentage of assessments on time")
    );
    let details = find("Detail pages");
    assert!(details.page > find("Timeliness").page);
    let wait = find("T-7 Average wait");
    assert!(
        wait.depth > details.depth && wait.page >= details.page,
        "{bookmarks:?}"
    );
    assert!(bookmarks
        .iter()
        .any(|b| b.title.starts_with("T-8 Number of home visits")));
    assert!(
        !bookmarks
            .iter()
            .any(|b| b.title.starts_with("1 Number of contacts")),
        "exceptions gives detail pages only to what needs attention: {bookmarks:?}"
    );
}

#[test]
fn detail_pages_chart_every_indicator_or_only_the_exceptions_and_conform() {
    let data = attention_fixture("summary-detail");
    for (detail, expected) in [("all", 7), ("exceptions", 2)] {
        let out = data.parent().unwrap().join(format!("{detail}.pdf"));
        render_with_detail(&data, &out, detail);
        let charts: Vec<String> = figure_alts(&out)
            .into_iter()
            .filter(|a| a.starts_with("SPC chart of"))
            .collect();
        assert_eq!(charts.len(), expected, "--detail {detail}: {charts:#?}");
        validate(&out, "2a");
        validate(&out, "ua1");
    }
}

#[test]
fn an_event_is_on_its_chart_its_sparkline_and_in_the_alt_text() {
    let data = attention_fixture("summary-event");
    let out = data.parent().unwrap().join("events.pdf");
    render_with_detail(&data, &out, "exceptions");
    let alts = figure_alts(&out);
    let chart = alts
        .iter()
        .find(|a| a.starts_with("SPC chart of Average wait"))
        .expect("the chart of waits");
    assert!(chart.contains("1 Dec-19: New booking system"), "{chart}");
    assert!(
        chart.contains("2 Mar-20: SPC limits recalculated: definition changed"),
        "{chart}"
    );
    let sparkline = alts
        .iter()
        .find(|a| a.starts_with("Trend of Average wait"))
        .expect("the sparkline of waits");
    assert!(
        sparkline.contains("Dec-19 New booking system"),
        "{sparkline}"
    );
    // The detail page lists the numbered events beside the chart.
    let text = squeeze(&pdf_text(&out, None));
    assert!(text.contains("Events:1Dec-19:Newbookingsystem"), "{text}");
}

#[test]
fn check_refuses_an_event_its_fonts_cannot_draw() {
    let data = attention_fixture("summary-event-glyph");
    let indicators = data.join("indicators.yaml");
    replace_in(
        &indicators,
        &[(
            "text: New booking system",
            "text: New booking system 新系统",
        )],
    );
    let output = run_on(&data, &["check"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`waits.events.text`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_long_attention_list_runs_the_full_width_beneath_the_matrix() {
    // 160 of 320 indicators have no value this month.
    let dir = scratch("summary-long-list");
    let data = long_scorecard(&dir, 16, 20, Some(2));
    let out = dir.join("long.pdf");
    render_ok(&data, &out);
    let first = pdf_text(&out, Some(1));
    assert!(first.contains("Needs attention (160)"), "{first}");
    // Full width: each entry is one line (reference, title, reason, page), so the list of
    // 160 takes under four pages; beside the matrix it would wrap over twice as many.
    let table_starts = (1..=page_count(&out))
        .find(|p| pdf_text(&out, Some(*p)).contains("Section"))
        .expect("the table follows the summary");
    assert!(
        table_starts <= 6,
        "the summary takes {} pages",
        table_starts - 1
    );
    let words = words(&out);
    let line = words
        .iter()
        .find(|w| w.page == 1 && w.text == "R00-02")
        .expect("R00-02 is listed");
    let same_line: Vec<&str> = words
        .iter()
        .filter(|w| w.page == 1 && (w.y.0 - line.y.0).abs() < 1.0)
        .map(|w| w.text.as_str())
        .collect();
    assert!(
        same_line
            .join(" ")
            .contains("Measure 2 of service 0 no value for June 2020"),
        "{same_line:?}"
    );
}
