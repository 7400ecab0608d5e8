//! Any council's or trust's numbers: money in a currency and scale (negative variances
//! with a true minus), durations and other quantities with a word after the number, and
//! the refusals that still hold (a negative count; a negative number not allowed).

mod common;

use std::path::PathBuf;

use common::*;

/// The small fixture with a finance section: a revenue budget variance in £m (negative
/// this month, negative last month too) and the average days to re-let a home.
fn corporate(name: &str, variance_june: &str) -> PathBuf {
    let data = small_fixture(name);
    let append = |file: &str, text: &str| append_to(&data.join(file), text);
    append(
        "indicators.yaml",
        "  - id: finance\n    title: Finance and housing\n    indicators:\n\
         \x20     - id: budget-variance\n        ref: FIN-001\n        title: Revenue budget variance\n\
         \x20       unit: money\n        scale: millions\n        decimals: 1\n        polarity: up\n\
         \x20     - id: relet-days\n        ref: HOU-014\n        title: Average days to re-let a home\n\
         \x20       unit: number\n        suffix: days\n        polarity: down\n",
    );
    let months = [
        ("2020-04", "0.3", "31"),
        ("2020-05", "-0.4", "28"),
        ("2020-06", variance_june, "26"),
    ];
    for (month, variance, days) in months {
        let lines = format!("  budget-variance: {variance}\n  relet-days: {days}\n");
        add_values(&data, month, &lines);
    }
    data
}

#[test]
fn money_and_days_print_in_their_units() {
    let data = corporate("units", "-0.94");
    let out = data.parent().unwrap().join("units.pdf");
    render_ok(&data, &out);
    // Apr to Jun: £0.3m, −£0.4m, −£0.9m; the change from a negative base is n/a. Cells
    // are narrow, so words may wrap: compare the text without white space.
    let raw = pdf_text(&out, None);
    // The minus is kept with the £ without a word joiner: a copied figure holds only what
    // a reader sees.
    assert!(!raw.contains('\u{2060}'), "{raw:?}");
    let text = squeeze(&raw);
    assert!(
        text.contains("Revenuebudgetvariance–––\u{a3}0.3m\u{2212}\u{a3}0.4m\u{2212}\u{a3}0.9mn/a"),
        "{text}"
    );
    assert!(text.contains("31days28days26days"), "{text}");
    validate(&out, "2a");

    let csv = stdout(&run_on(&data, &["figures"]));
    let row = csv
        .lines()
        .find(|l| l.contains(",budget-variance,"))
        .unwrap();
    assert!(
        row.starts_with(
            "FIN-001,budget-variance,finance,Revenue budget variance,money,up,2020-06,-0.94,-0.4,,"
        ),
        "{row}"
    );
    assert!(
        row.contains(",ok,negative-base,"),
        "the reason is in the status: {row}"
    );
}

#[test]
fn a_change_from_a_negative_base_is_keyed_as_what_it_is() {
    // −£0.4m to −£0.9m: the change is n/a because its base is negative, not zero, and
    // both editions' keys say so.
    let data = corporate("negative-base", "-0.94");
    let out = data.parent().unwrap().join("out");
    let output = run_on(
        &data,
        &[
            "render",
            "--format",
            "pdf,html",
            "--out-dir",
            out.to_str().unwrap(),
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let pdf = squeeze(&pdf_text(&out.join("scorecard-2020-06.pdf"), None));
    assert!(
        pdf.contains("n/a=notapplicable(azeroornegativebase,orazerodenominator)"),
        "{pdf}"
    );
    assert!(!pdf.contains("(zerobase)"), "{pdf}");
    let page = std::fs::read_to_string(out.join("scorecard-2020-06.html")).unwrap();
    assert!(
        page.contains("not applicable: the base is zero or negative"),
        "{page}"
    );
    assert!(
        !page.contains("the base or the denominator is zero"),
        "{page}"
    );
}

#[test]
fn a_currency_from_the_report_is_used() {
    let data = corporate("euro", "1.25");
    let report = data.join("report.yaml");
    append_to(&report, "currency: \u{20ac}\n");
    let out = data.parent().unwrap().join("euro.pdf");
    render_ok(&data, &out);
    assert!(squeeze(&pdf_text(&out, None)).contains("\u{20ac}1.3m"));
}

#[test]
fn negative_counts_and_disallowed_negative_numbers_are_refused() {
    let data = corporate("negatives", "-0.2");
    let path = data.join("months/2020-06.yaml");
    replace_in(
        &path,
        &[
            ("relet-days: 26", "relet-days: -2"),
            ("contacts: 1403", "contacts: -1"),
        ],
    );
    let output = run_on(&data, &["check"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`values.contacts`: a count cannot be negative (-1)"),
        "{err}"
    );
    assert!(
        err.contains(
            "`values.relet-days`: -2 is below zero, and this indicator does not allow that"
        ),
        "{err}"
    );
    assert!(err.contains("add `negative: true`"), "{err}");
    assert!(
        !err.contains("budget-variance"),
        "money may be negative: {err}"
    );
}

#[test]
fn targets_that_change_and_floors_give_a_rag_mark() {
    let data = corporate("rag", "-0.94");
    let indicators = data.join("indicators.yaml");
    replace_in(
        &indicators,
        &[
            (
                "        scale: millions\n",
                "        scale: millions\n        target: 0\n        floor: -0.5\n",
            ),
            (
                "        suffix: days\n",
                "        suffix: days\n        target: [{from: 2019-04, value: 35}, {from: 2020-04, value: 27}]\n        floor: 40\n",
            ),
        ],
    );
    let out = data.parent().unwrap().join("rag.pdf");
    render_ok(&data, &out);

    let csv = stdout(&run_on(&data, &["figures"]));
    let rows = csv_rows(&csv);
    let rag = |id: &str| {
        let row = rows.iter().find(|r| r["id"] == id).unwrap();
        row.get("rag").expect("a rag column").clone()
    };
    assert_eq!(
        rag("budget-variance"),
        "red",
        "−0.94 is below the floor of −0.5"
    );
    assert_eq!(
        rag("relet-days"),
        "green",
        "26 days meets April's new target of 27"
    );
    assert_eq!(rag("contacts"), "", "no target, no RAG");

    let alts = figure_alts(&out).join("\n");
    assert!(
        alts.contains("RAG red: below the floor (target \u{a3}0.0m)"),
        "{alts}"
    );
    assert!(
        alts.contains("RAG green: the target of 27 days is met"),
        "{alts}"
    );
    assert!(
        alts.contains("square with R: below the floor"),
        "the legend: {alts}"
    );
    validate(&out, "2a");
    validate(&out, "ua1");
}

#[test]
fn a_target_schedule_out_of_order_is_refused() {
    let data = corporate("schedule", "0.1");
    let indicators = data.join("indicators.yaml");
    replace_in(
        &indicators,
        &[(
            "        suffix: days\n",
            "        suffix: days\n        target: [{from: 2020-04, value: 27}, {from: 2019-04, value: 35}]\n        floor: 40\n",
        )],
    );
    let output = run_on(&data, &["check"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`relet-days.target`: `2019-04` is not after the step before it"),
        "{err}"
    );
}

#[test]
fn new_month_comments_can_be_typed_back_into_the_month_file() {
    let data = corporate("new-month-round-trip", "-0.94");
    let dir = data.parent().unwrap();
    assert_ok(&scorecard_in(dir, &["new-month", "--data", "data"], &[]));
    let path = data.join("months/2020-07.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    // Money without its symbol and scale, days without the word: what the file takes.
    assert!(
        text.contains("  budget-variance: null  # Jun-20: \u{2212}0.94\n"),
        "{text}"
    );
    assert!(
        text.contains("  relet-days: null  # Jun-20: 26\n"),
        "{text}"
    );
    assert!(
        text.contains("  on-time: null  # Jun-20: 91.0%\n"),
        "{text}"
    );
    // Each comment typed in as it stands, true minus, % sign and thousands comma included.
    let filled: String = text
        .lines()
        .map(|line| match line.split_once(": null  # Jun-20: ") {
            Some((key, last)) => format!("{key}: {last}\n"),
            None => format!("{line}\n"),
        })
        .collect();
    assert!(filled.contains("  contacts: 1,403\n"), "{filled}");
    std::fs::write(&path, filled).unwrap();
    assert_ok(&scorecard_in(dir, &["check", "--data", "data"], &[]));
    let figures = |month: &str| {
        let out = assert_ok(&scorecard_in(
            dir,
            &["figures", "--data", "data", "--month", month],
            &[],
        ));
        csv_rows(&out)
            .into_iter()
            .map(|r| (r["id"].clone(), r["value"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(figures("2020-07"), figures("2020-06"));
    // A % sign on a figure that is not a percentage is refused, naming both.
    replace_in(&path, &[("relet-days: 26", "relet-days: 26%")]);
    assert_fails(
        &scorecard_in(dir, &["check", "--data", "data"], &[]),
        1,
        &["`values.relet-days`: `26%` has a % sign, but `relet-days` is a number"],
    );
}
