//! A negative amount of money in the PDF: `−£0.9m` never wraps between its minus and its
//! currency symbol, however narrow the cell, and its text (what a reader copies, what
//! pdftotext reads) is exactly `−£0.9m`, with no invisible character between the two.

mod common;

use std::path::Path;

use common::*;

/// Words that end in a minus: the end of a line that split a signed figure.
fn minus_at_line_end(pdf: &Path) -> Vec<String> {
    words(pdf)
        .into_iter()
        .map(|w| w.text)
        .filter(|t| t.ends_with('\u{2212}'))
        .collect()
}

#[test]
fn a_negative_amount_stays_whole_and_copies_as_printed() {
    let data = negative_amounts_in_commentary("signed-whole");
    let out = data.parent().unwrap().join("signed.pdf");
    render_ok(&data, &out);

    assert_eq!(minus_at_line_end(&out), Vec::<String>::new());
    let text = pdf_text(&out, None);
    assert!(!text.contains('\u{2060}'), "a word joiner in the text");
    // The report month's value and every quote in the commentary, each copied as printed.
    let whole = text.matches("\u{2212}\u{a3}0.9m").count();
    assert!(
        whole > NEGATIVE_AMOUNT_QUOTES,
        "{whole} whole figures in:\n{text}"
    );
    validate(&out, "2a");
    validate(&out, "ua1");
}

#[test]
fn without_the_templates_rule_the_same_commentary_splits_a_figure() {
    // The test above can fail: the embedded template, less the one rule that keeps
    // signed figures whole, lets some line end between `−` and `£`.
    let data = negative_amounts_in_commentary("signed-split");
    let dir = data.parent().unwrap();
    let template = dir.join("without-rule.typ");
    let written = scorecard(&["template", "--out", template.to_str().unwrap()]);
    assert!(written.status.success(), "{}", stderr(&written));
    replace_in(&template, &[("#show: keep-signed-figures-whole\n", "")]);
    let out = dir.join("split.pdf");
    let output = run_on(
        &data,
        &[
            "render",
            "--template",
            template.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !minus_at_line_end(&out).is_empty(),
        "no line ends after a minus: the commentary no longer tests the rule"
    );
}
