//! Inputs built to exhaust the program: an expression of tens of thousands of terms and a
//! chain of thousands of formula indicators. None may crash `check` or `render`; what
//! `check` accepts renders; a formula too long is refused where it is written; a long
//! chain and thousands of indicators are checked, with every figure right. (How their time
//! grows is measured by `scripts/bench`, not here.)

mod common;

use std::path::Path;

use common::*;

/// Appends a section of `indicators` (YAML list items) to the data folder's indicators.yaml.
fn add_section(data: &Path, indicators: &str) {
    append_to(
        &data.join("indicators.yaml"),
        &format!("  - id: generated\n    title: Generated\n    indicators:\n{indicators}"),
    );
}

/// A number indicator `id` computed by `formula`.
fn formula_indicator(id: &str, formula: &str) -> String {
    format!(
        "      - id: {id}\n        title: {id}\n        outcome: Generated.\n        unit: number\n        polarity: neutral\n        formula: \"{formula}\"\n"
    )
}

/// `contacts + contacts + ...` with `terms` terms.
fn long_sum(terms: usize) -> String {
    vec!["contacts"; terms].join(" + ")
}

#[test]
fn an_expression_too_long_is_refused_where_it_is_written_and_never_crashes() {
    for terms in [25_000, 100_000] {
        let data = small_fixture(&format!("long-expression-{terms}"));
        add_section(&data, &formula_indicator("huge", &long_sum(terms)));
        for command in ["check", "render"] {
            let run = run_on(&data, &[command]);
            let err = assert_fails(
                &run,
                1,
                &[
                    "indicators.yaml:",
                    "`huge.formula`: ",
                    " parts (numbers, ids, operators and parentheses), where at most 1000 are allowed, in the formula \"contacts + contacts",
                    "hint: compute part of it in an indicator of its own",
                ],
            );
            assert!(err.len() < 2_000, "the message quotes a short part: {err}");
        }
    }
}

#[test]
fn the_longest_expression_check_accepts_renders() {
    let data = small_fixture("longest-expression");
    // 500 terms and 499 plus signs: 999 parts.
    add_section(&data, &formula_indicator("big", &long_sum(500)));
    assert_ok(&run_on(&data, &["check"]));
    let out = data.parent().unwrap().join("big.pdf");
    assert_ok(&run_on(&data, &["render", "--out", out.to_str().unwrap()]));
    assert!(out.is_file());
}

#[test]
fn a_chain_of_four_thousand_formulas_is_checked_and_computed() {
    let data = small_fixture("formula-chain");
    let mut indicators = formula_indicator("chain-0", "contacts + 1");
    for i in 1..4_000 {
        indicators.push_str(&formula_indicator(
            &format!("chain-{i}"),
            &format!("chain-{} + 1", i - 1),
        ));
    }
    add_section(&data, &indicators);
    assert_ok(&run_on(&data, &["check"]));
    let figures = run_on(&data, &["figures", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&assert_ok(&figures)).unwrap();
    let last = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "chain-3999")
        .expect("the chain's last indicator");
    // June 2020 has 1,403 contacts.
    assert_eq!(last["value"], 1403.0 + 4000.0, "{last}");
}

#[test]
fn a_cycle_in_a_long_chain_is_reported_once() {
    let data = small_fixture("formula-cycle-chain");
    let mut indicators = formula_indicator("chain-0", "chain-2999 + 1");
    for i in 1..3_000 {
        indicators.push_str(&formula_indicator(
            &format!("chain-{i}"),
            &format!("chain-{} + 1", i - 1),
        ));
    }
    add_section(&data, &indicators);
    let err = assert_fails(
        &run_on(&data, &["check"]),
        1,
        &["formulas form a cycle: chain-0 -> chain-2999 -> chain-2998"],
    );
    assert_eq!(err.matches("form a cycle").count(), 1, "{err}");
}

/// A count indicator `id` with only the required settings.
fn plain_indicator(id: &str) -> String {
    format!(
        "      - id: {id}\n        title: {id}\n        outcome: Generated.\n        unit: count\n        polarity: up\n"
    )
}

#[test]
fn a_file_of_eight_thousand_indicators_is_checked_with_each_error_at_its_line() {
    let data = small_fixture("indicators-8000");
    let mut indicators: String = (0..8_000)
        .map(|i| plain_indicator(&format!("plain-{i}")))
        .collect();
    // The last indicator has a unit that does not exist, thousands of lines down.
    indicators.push_str(&plain_indicator("plain-last").replace("unit: count", "unit: counts"));
    add_section(&data, &indicators);
    let text = std::fs::read_to_string(data.join("indicators.yaml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim() == "unit: counts")
        .unwrap()
        + 1;
    assert!(line > 40_000, "{line}");
    assert_fails(
        &run_on(&data, &["check"]),
        1,
        &[&format!("indicators.yaml:{line}:"), "`plain-last.unit`"],
    );
}
