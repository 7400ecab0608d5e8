//! No text is ever drawn over other text: every word's box is read from the PDF
//! (`pdftotext -bbox`) and no two may overlap, on the shipped sample and on a data folder
//! built to be awkward (12-character references, long comparator labels, a 40-character
//! word in a title, 1,500-character commentary).

mod common;

use std::path::Path;

use common::*;

/// Pairs of words whose boxes overlap by more than half a point both ways.
fn overlaps(pdf: &Path) -> Vec<String> {
    let words = words(pdf);
    let mut found = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in words[i + 1..].iter().filter(|b| b.page == a.page) {
            let across = a.x.1.min(b.x.1) - a.x.0.max(b.x.0);
            let down = a.y.1.min(b.y.1) - a.y.0.max(b.y.0);
            if across > 0.5 && down > 0.5 {
                found.push(format!("page {}: {:?} over {:?}", a.page, a.text, b.text));
            }
        }
    }
    found
}

#[test]
fn the_sample_has_no_overlapping_words() {
    let out = scratch("layout-sample").join("sample.pdf");
    let output = scorecard(&["render", "--out", out.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(overlaps(&out), Vec::<String>::new());
}

#[test]
fn an_awkward_scorecard_has_no_overlapping_words() {
    // 12-character references, seven comparators with long labels, a 40-character word in
    // a title and 1,500 characters of commentary.
    let data = small_fixture("layout-awkward");
    let report = data.join("report.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    let comparators: String = [
        ("sn", "Statistical neighbours"),
        ("england", "England average"),
        ("cipfa", "CIPFA nearest neighbours"),
        ("region", "South East region"),
        ("unitary", "Unitary authorities"),
        ("shire", "Shire counties"),
        ("target-peers", "Target peer group"),
    ]
    .iter()
    .map(|(id, label)| format!("  - id: {id}\n    label: {label}\n"))
    .collect();
    let start = text.find("comparators:").unwrap();
    let end = text.find("populations:").unwrap();
    std::fs::write(
        &report,
        format!(
            "{}comparators:\n{comparators}{}",
            &text[..start],
            &text[end..]
        ),
    )
    .unwrap();
    let indicators = data.join("indicators.yaml");
    let long_word = "Supercalifragilisticexpialidociousnesses";
    assert_eq!(long_word.chars().count(), 40);
    replace_in(
        &indicators,
        &[
            ("ref: \"1\"", "ref: ADU-008-LONG"),
            ("ref: \"2\"", "ref: CHS-0142-RR"),
            (
                "title: Number of contacts received",
                &format!("title: Number of {long_word} contacts received"),
            ),
        ],
    );
    let month = data.join("months/2020-06.yaml");
    let commentary = "The service saw more contacts than in any month since the spring, most of them from schools and the police. ".repeat(14);
    assert!(commentary.len() >= 1500);
    replace_in(
        &month,
        &[(
            "  conversion: Conversion is steady.",
            &format!("  conversion: {}", commentary.trim()),
        )],
    );

    let out = data.parent().unwrap().join("awkward.pdf");
    render_ok(&data, &out);
    assert_eq!(overlaps(&out), Vec::<String>::new());
    let text = squeeze(&pdf_text(&out, None)).replace('\u{200b}', "");
    assert!(
        text.contains("ADU-008-LONG") && text.contains(long_word),
        "{text}"
    );
}

#[test]
fn the_outcome_can_go_under_the_title_and_columns_can_be_left_out() {
    let dir = scratch("layout-options");
    let data = dir.join("data");
    copy_tree(&root().join("data"), &data);
    let default = dir.join("default.pdf");
    render_ok(&data, &default);
    let report = data.join("report.yaml");
    append_to(
        &report,
        "layout:\n  outcome: under-title\n  hide: [comparators, twelve_month]\n",
    );
    let compact = dir.join("compact.pdf");
    render_ok(&data, &compact);
    let header = pdf_text(&compact, Some(2));
    assert!(
        !header.contains("SE region") && !header.contains("12-mth"),
        "{header}"
    );
    let whole = squeeze(&pdf_text(&compact, None));
    assert!(
        whole.contains(
            "Numberofcontactsreceived(includescontactsthatbecomereferrals)Thereisaneffective"
        ),
        "the outcome follows the title"
    );
    assert!(
        page_count(&compact) < page_count(&default),
        "the width goes to the commentary, so rows are shorter"
    );
    assert_eq!(overlaps(&compact), Vec::<String>::new());
    validate(&compact, "ua1");
}

#[test]
fn long_commentary_goes_beneath_the_figures_unless_the_report_keeps_it_in_a_column() {
    let data = small_fixture("layout-commentary");
    let month = data.join("months/2020-06.yaml");
    let long = "Demand rose again this month, driven by referrals from schools; the service has added two practitioners and expects waiting times to fall by the autumn. ".repeat(5);
    let text = std::fs::read_to_string(&month).unwrap();
    let mut text = text[..text.find("commentary:").unwrap()].to_string() + "commentary:\n";
    for id in [
        "contacts",
        "referrals",
        "conversion",
        "referral-rate",
        "on-time",
    ] {
        text.push_str(&format!("  {id}: {}\n", long.trim()));
    }
    std::fs::write(&month, text).unwrap();

    let below = data.parent().unwrap().join("below.pdf");
    render_ok(&data, &below);
    let words = squeeze(&pdf_text(&below, None));
    assert_eq!(
        words.matches("Commentary(Jun-20):").count(),
        5,
        "each row's commentary is labelled beneath its figures"
    );
    assert_eq!(overlaps(&below), Vec::<String>::new());
    validate(&below, "ua1");

    append_to(&data.join("report.yaml"), "layout:\n  commentary: column\n");
    let column = data.parent().unwrap().join("column.pdf");
    render_ok(&data, &column);
    let words = squeeze(&pdf_text(&column, None));
    assert!(
        !words.contains("Commentary(Jun-20):"),
        "the seed's commentary column"
    );
    assert!(page_count(&column) > page_count(&below));
}

#[test]
fn a_long_table_is_cut_into_parts_at_section_boundaries_with_every_row_once() {
    // 16 sections of 20 rows: 320 rows, so two parts of about 160.
    let dir = scratch("layout-parts");
    let data = long_scorecard(&dir, 16, 20, None);
    let out = dir.join("long.pdf");
    render_ok(&data, &out);
    let pages: Vec<String> = (1..=page_count(&out))
        .map(|p| pdf_text(&out, Some(p)))
        .collect();
    // Page 1 is the summary, whose matrix lists references too.
    let all = pages[1..].join("\n");
    for s in 0..16 {
        for i in 0..20 {
            let reference = format!("R{s:02}-{i:02}");
            assert_eq!(all.matches(&reference).count(), 1, "{reference}");
        }
    }
    // The second part starts a page with the first row of a section.
    let second = pages
        .iter()
        .position(|p| p.contains("R08-00"))
        .expect("the ninth section is printed");
    let first_row_on_page = pages[second]
        .lines()
        .find(|l| l.starts_with('R') && l.len() > 5 && l.as_bytes()[3] == b'-');
    assert_eq!(
        first_row_on_page.map(|l| &l[..6]),
        Some("R08-00"),
        "{}",
        pages[second]
    );
    assert_eq!(overlaps(&out), Vec::<String>::new());
}
