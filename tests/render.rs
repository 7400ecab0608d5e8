//! End-to-end renders of the shipped sample and of fixtures, checked from the PDF itself:
//! its text, page count, page size, fonts, metadata and bytes.

mod common;

use std::path::Path;

use common::*;

/// Renders `data` to `out` and returns standard error; panics with the output on failure.
fn render(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let output = scorecard_in(dir, args, env);
    assert!(
        output.status.success(),
        "render failed ({:?}):\n{}\n{}",
        output.status.code(),
        stdout(&output),
        stderr(&output)
    );
    stderr(&output)
}

#[test]
fn sample_renders_the_summary_and_every_indicator_on_a4_landscape_within_eight_pages() {
    let dir = scratch("sample");
    let data = root().join("data");
    let out = dir.join("scorecard.pdf");
    let output = scorecard_in(
        &root(),
        &[
            "render",
            "--data",
            data.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("wrote") && said.contains("pages"),
        "says where and how many pages: {said}"
    );

    assert_eq!(
        pdf_info(&out, "Page size").split(" pts").next().unwrap(),
        "841.89 x 595.276"
    );
    let pages = page_count(&out);
    assert!(
        pages <= 8,
        "the seed fits on 7 pages, and the summary takes one; we used {pages}"
    );

    // Every indicator's title, June value and commentary, from the figures the CLI computes.
    let text = squeeze(&pdf_text(&out, None));
    let figures = stdout(&scorecard(&[
        "figures",
        "--format",
        "json",
        "--data",
        data.to_str().unwrap(),
    ]));
    let rows: serde_json::Value = serde_json::from_str(&figures).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(
        rows.len() >= 50,
        "the seed has about 55 indicators, got {}",
        rows.len()
    );
    for row in rows {
        let title = row["title"].as_str().unwrap();
        assert!(
            text.contains(&squeeze(title)),
            "title missing from the PDF: {title}"
        );
    }
    let yaml = std::fs::read_to_string(data.join("months/2020-06.yaml")).unwrap();
    assert!(yaml.contains("commentary:"));
    // Commentary: spot-check distinctive sentences from the seed.
    for phrase in [
        "There has been a 20% increase in Contacts since May",
        "Timeliness of ICPC has improved consistently for 4 months.",
        "The recruitment strategy for 2020-23 has been drafted and endorsed by CLT.",
    ] {
        assert!(
            text.contains(&squeeze(phrase)),
            "commentary missing: {phrase}"
        );
    }
    // Displayed figures, read row by row (pdftotext puts a row's figure cells on one
    // line): thousands separators, n/a for a zero base or an undefined percentage, and
    // Local where no benchmark is published.
    let lines = pdf_text(&out, None);
    let row = |cells: &str| {
        assert!(
            lines.lines().any(|l| l.starts_with(cells)),
            "no row with the cells {cells:?}"
        );
    };
    // Children in need: six months, changes, 12-month average 1,518 and maximum 1,948.
    row("1,337 1,379 1,334 1,292 1,311 1,313 0% \u{2212}26% 1,518 1,948 Local Local Local");
    // New UASC: nothing in the last four months, so both changes are from a zero base.
    row("2 1 0 0 0 0 n/a n/a 0 2 Local Local Local");
    // Transfer-ins made subject to a plan: June had no transfer-ins, so the value is n/a.
    row("n/a 100% n/a n/a 100% n/a n/a n/a n/a 63%");

    // The header row repeats on every page of the table (page 1 is the summary).
    for page in 2..=pages {
        let page_text = squeeze(&pdf_text(&out, Some(page)));
        assert!(
            page_text.contains("12-mthavg") && page_text.contains("Commentary(Jun-20)"),
            "page {page} lacks the header row"
        );
    }

    // All fonts embedded (and subset).
    let fonts = tool("pdffonts", &[out.to_str().unwrap()]);
    let font_rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!font_rows.is_empty());
    for line in font_rows {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {line}");
    }
}

#[test]
fn every_indicator_has_a_sparkline_with_alt_text() {
    let dir = scratch("alt");
    let out = dir.join("s.pdf");
    render(&root(), &["render", "--out", out.to_str().unwrap()], &[]);
    let alts = figure_alts(&out);
    let figures = stdout(&scorecard(&["figures", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&figures).unwrap();
    for row in rows.as_array().unwrap() {
        let title = row["title"].as_str().unwrap();
        let alt = alts
            .iter()
            .find(|a| {
                a.starts_with(&format!("Trend of {title}:"))
                    || a.starts_with(&format!("Trend of {title} from "))
            })
            .unwrap_or_else(|| panic!("no sparkline alt text for {title}"));
        if row["max_12m"].is_null() {
            // No data at all (the seed's unreadable row): the alt text says so.
            assert!(alt.contains("no data in the"), "{alt}");
        } else {
            assert!(
                alt.contains("to June 2020") && alt.contains("Jun-20 "),
                "{alt}"
            );
        }
    }
    let sparklines = alts.iter().filter(|a| a.starts_with("Trend of ")).count();
    assert_eq!(
        sparklines,
        rows.as_array().unwrap().len(),
        "one sparkline per indicator"
    );
    let text = alts.join("\n");
    assert!(text.contains("Jun-20"), "alt text names the months");
}

#[test]
fn two_renders_are_byte_identical_and_source_date_epoch_sets_the_date() {
    let data = small_fixture("repro");
    let dir = data.parent().unwrap().to_path_buf();
    render(&dir, &["render", "--out", "a.pdf"], &[]);
    render(&dir, &["render", "--out", "b.pdf"], &[]);
    let a = std::fs::read(dir.join("a.pdf")).unwrap();
    let b = std::fs::read(dir.join("b.pdf")).unwrap();
    assert!(a == b, "renders differ");
    // Without SOURCE_DATE_EPOCH the date comes from the data: the end of the report month.
    let created = pdf_info(&dir.join("a.pdf"), "CreationDate");
    assert!(
        created.contains("Jun 30") && created.contains("2020"),
        "{created}"
    );

    render(
        &dir,
        &["render", "--out", "c.pdf"],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    let created = pdf_info(&dir.join("c.pdf"), "CreationDate");
    assert!(
        created.contains("Nov 14") && created.contains("2023"),
        "{created}"
    );
    let c = std::fs::read(dir.join("c.pdf")).unwrap();
    assert!(a != c, "the timestamp is part of the file");
}

#[test]
fn furniture_on_every_page() {
    let dir = scratch("furniture");
    let out = dir.join("s.pdf");
    render(&root(), &["render", "--out", out.to_str().unwrap()], &[]);
    let pages = page_count(&out);
    assert!(pages >= 2, "needs several pages to be meaningful");
    for page in 1..=pages {
        let text = pdf_text(&out, Some(page));
        let squeezed = squeeze(&text);
        assert!(
            squeezed.contains(&squeeze("Southampton City Council")),
            "organisation on page {page}"
        );
        assert!(
            squeezed.contains(&squeeze("Children's Services Performance Scorecard")),
            "title on page {page}"
        );
        assert!(squeezed.contains("June2020"), "month on page {page}");
        assert!(
            squeezed.contains(&format!("Page{page}of{pages}")),
            "page number on page {page}"
        );
        assert!(
            text.matches("OFFICIAL").count() >= 2,
            "marking at top and bottom of page {page}"
        );
    }
    assert!(pdf_text(&out, Some(1)).contains("Data as at"));
    // Every page names the section of its rows, including a section continued from the
    // previous page.
    let sections = [
        "Front door / MASH",
        "Early help and children in need",
        "Assessment",
        "Child protection",
        "Looked after children",
        "Care leavers",
        "Fostering",
    ];
    let mut continued = 0;
    for page in 2..=pages {
        let text = squeeze(&pdf_text(&out, Some(page)));
        continued += text.matches("(cont.)").count();
        assert!(
            sections.iter().any(|s| text.contains(&squeeze(s))),
            "page {page} names no section"
        );
    }
    assert!(continued >= 1, "continued sections are labelled");
    assert!(
        !pdf_text(&out, Some(2)).contains("Data as at"),
        "the data-as-at line is on the first page only"
    );
    let title = pdf_info(&out, "Title");
    assert_eq!(
        title,
        "Children's Services Performance Scorecard — June 2020"
    );
}

#[test]
fn sample_is_small_enough_to_email() {
    let dir = scratch("size");
    let out = dir.join("s.pdf");
    render(&root(), &["render", "--out", out.to_str().unwrap()], &[]);
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(
        size <= 300 * 1024,
        "sample PDF is {size} bytes, over 300 KB"
    );
}

#[test]
fn a3_uses_the_larger_page() {
    let data = small_fixture("a3");
    let dir = data.parent().unwrap().to_path_buf();
    render(&dir, &["render", "--paper", "a3", "--out", "a3.pdf"], &[]);
    assert_eq!(
        pdf_info(&dir.join("a3.pdf"), "Page size")
            .split(" pts")
            .next()
            .unwrap(),
        "1190.55 x 841.89"
    );
    let text = pdf_text(&dir.join("a3.pdf"), None);
    // Same body text, not a scaled page: the font size is set for A3 (8 pt), visible as
    // the same words on the page.
    assert!(squeeze(&text).contains("Numberofcontactsreceived"));
}

#[test]
fn commentary_prints_literally_and_templates_cannot_read_other_files() {
    let data = small_fixture("literal");
    let dir = data.parent().unwrap().to_path_buf();
    render(&dir, &["render", "--out", "l.pdf"], &[]);
    let text = squeeze(&pdf_text(&dir.join("l.pdf"), None));
    assert!(
        text.contains(&squeeze(
            r#"#read("/etc/passwd") $x^2$ *bold* <label> @ref [link] \\ back"#
        )),
        "commentary is shown exactly as typed: {text}"
    );
    assert!(!text.contains("root:x:0"), "no file content leaked");

    // A custom template that tries to read a real file gets "file not found".
    std::fs::write(dir.join("evil.typ"), "#read(\"/etc/passwd\")\n").unwrap();
    let output = scorecard_in(
        &dir,
        &["render", "--template", "evil.typ", "--out", "evil.pdf"],
        &[],
    );
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(
        err.contains("evil.typ:1:") && err.contains("not found"),
        "{err}"
    );
    assert!(!dir.join("evil.pdf").exists());
}

#[test]
fn custom_template_receives_the_same_data() {
    let data = small_fixture("custom");
    let dir = data.parent().unwrap().to_path_buf();
    std::fs::write(
        dir.join("mine.typ"),
        r#"#let d = json("/data.json")
#set document(title: d.report.document_title)
#set text(font: "DejaVu Sans", lang: "en", region: "GB")
= #d.report.title
#for s in d.sections { for r in s.rows [#r.reference #r.title: #r.values.last() (#r.change_month.text) #image(r.spark, alt: r.spark_alt, width: 2cm) \ ] }
"#,
    )
    .unwrap();
    render(
        &dir,
        &["render", "--template", "mine.typ", "--out", "mine.pdf"],
        &[],
    );
    let text = pdf_text(&dir.join("mine.pdf"), None);
    assert!(
        text.contains("1 Number of contacts received: 1,403 (20%)"),
        "{text}"
    );
    assert!(
        text.contains("3 Percentage of contacts that become referrals: 24% (6%)"),
        "{text}"
    );
}

#[test]
fn warnings_do_not_stop_the_render() {
    let data = small_fixture("warn");
    let dir = data.parent().unwrap().to_path_buf();
    let june = data.join("months/2020-06.yaml");
    replace_in(&june, &[("  on-time: Timeliness improved again.\n", "")]);
    let err = render(&dir, &["render", "--out", "w.pdf"], &[]);
    assert!(
        err.contains("warning:") && err.contains("`on-time` has no commentary"),
        "{err}"
    );
    assert!(dir.join("w.pdf").exists());
}

#[test]
fn spc_icons_carry_alt_text_and_the_legend_explains_them() {
    let data = small_fixture("spc-icons");
    let dir = data.parent().unwrap().to_path_buf();
    render(&dir, &["render", "--out", "spc.pdf"], &[]);
    let pdf = dir.join("spc.pdf");
    let alts = figure_alts(&pdf);
    // 14 months of data: every indicator has SPC limits and a variation icon; the one
    // with a target (on-time, 85%) also has an assurance icon.
    let variation = alts.iter().filter(|a| a.starts_with("Variation: ")).count();
    assert!(variation >= 5, "variation icons: {alts:#?}");
    assert!(
        alts.iter().any(|a| a.contains("target of 85.0%")),
        "assurance icon: {alts:#?}"
    );
    let on_time = alts
        .iter()
        .find(|a| a.starts_with("Trend of Percentage of assessments on time"))
        .unwrap();
    assert!(
        on_time.contains("Target 85.0%") && on_time.contains("process limits"),
        "{on_time}"
    );
    let text = squeeze(&pdf_text(&pdf, Some(1)));
    assert!(
        text.contains("commoncause") && text.contains("hitandmiss"),
        "legend explains the icons"
    );
}
