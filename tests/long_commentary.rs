//! Commentary longer than a page can hold reaches the PDF whole: the row's commentary goes
//! on in continuation rows (its reference and title repeated, marked "(cont.)") instead of
//! being cut off at the foot of the page, and the detail panel carries all of it.

mod common;

use common::*;

/// 600 sentences, each with a word of its own (`w0001` …), about 45,000 characters.
fn long_commentary() -> String {
    (1..=600)
        .map(|n| {
            format!("Sentence w{n:04} says what happened to contacts at the front door this month.")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_sentence_of_a_very_long_commentary_is_printed() {
    let data = small_fixture("long-commentary");
    replace_in(
        &data.join("months/2020-06.yaml"),
        &[(
            "  conversion: Conversion is steady.\n",
            &format!("  conversion: \"{}\"\n", long_commentary()),
        )],
    );
    let out = data.parent().unwrap().join("out");
    for detail in ["none", "all"] {
        let pdf = out.join(format!("{detail}.pdf"));
        let output = run_on(
            &data,
            &["render", "--detail", detail, "--out", pdf.to_str().unwrap()],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let text = pdf_text(&pdf, None);
        // Once in the table, and once more on the detail page when there is one.
        let expected = if detail == "all" { 2 } else { 1 };
        let missing: Vec<String> = (1..=600)
            .map(|n| format!("w{n:04}"))
            .filter(|word| text.matches(word.as_str()).count() < expected)
            .collect();
        assert!(
            missing.is_empty(),
            "--detail {detail}: not printed: {missing:?}"
        );
        assert!(
            page_count(&pdf) > 3,
            "the commentary runs over several pages"
        );
        assert!(text.contains("(cont.)"), "continuation rows are marked");
        validate(&pdf, "ua1");
    }
}
