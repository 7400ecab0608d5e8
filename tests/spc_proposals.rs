//! Proposed recalculations of SPC limits and trajectories, through the built binary: the
//! `proposed_recalculations` column of `figures`, `check`'s notes, accepting proposals in
//! indicators.yaml, and what the detail chart and its alt text say.
//!
//! The nine-year case is built around NHS England's real June 2021 A&E workbook (read from
//! `../shared/data/nhse-ae/`, imported as a user would): 108 month files from July 2015 to
//! June 2024 around the trust's real figures, with type 1 attendances stepping down in July
//! 2018 and the 4-hour percentage stepping in July 2018 and April 2021. Without the
//! workbook the test prints `SKIPPED:` (in CI, with `CI` set, it fails).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use common::{
    assert_ok, copy_tree, csv_rows, figure_alts, root, run_on, scorecard_in, scratch, skip_or_fail,
    stderr, stdout,
};

const NHSE_WORKBOOK: &str = "June-2021-AE-by-provider-2Qavs.xls";

/// The latest month's figures, by indicator id, from `figures` (CSV).
fn figures(data: &Path, extra: &[&str]) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut args = vec!["figures"];
    args.extend_from_slice(extra);
    let output = run_on(data, &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    csv_rows(&stdout(&output))
        .into_iter()
        .map(|row| (row["id"].clone(), row))
        .collect()
}

/// The proposed months of every indicator.
fn proposals(data: &Path) -> BTreeMap<String, Vec<String>> {
    figures(data, &[])
        .into_iter()
        .map(|(id, row)| {
            let months = row["proposed_recalculations"]
                .split(';')
                .filter(|m| !m.is_empty())
                .map(str::to_string)
                .collect();
            (id, months)
        })
        .collect()
}

/// Months from July 2015, `i` months on, as `YYYY-MM`.
fn month(i: usize) -> String {
    let m = 2015 * 12 + 6 + i;
    format!("{}-{:02}", m / 12, m % 12 + 1)
}

/// Deterministic noise in [-1, 1] (a linear congruential generator), so every run writes
/// the same history.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as f64 / (1u64 << 31) as f64) * 2.0 - 1.0
    }
}

/// A scratch data folder with the A&E fixture, June 2021 imported from the real workbook,
/// and 107 more months written around it; `None` (after saying so) without the workbook.
fn nine_years(test: &str) -> Option<PathBuf> {
    let workbook = root().join("../shared/data/nhse-ae").join(NHSE_WORKBOOK);
    if !workbook.is_file() {
        skip_or_fail(test, &format!("{} is missing", workbook.display()));
        return None;
    }
    let dir = scratch(test);
    let data = dir.join("data");
    copy_tree(&root().join("tests/fixtures/import/nhse"), &data);
    fs::copy(&workbook, dir.join(NHSE_WORKBOOK)).unwrap();
    assert_ok(&scorecard_in(
        &dir,
        &["import", "--data", "data", NHSE_WORKBOOK],
        &[],
    ));
    let real = figures(&data, &["--month", "2021-06"]);
    let value = |id: &str| -> f64 { real[id]["value"].parse().unwrap() };
    let (attendances, percent) = (value("t1-attendances"), value("t1-within-4h"));
    let mut noise = Noise(2018);
    for i in 0..108 {
        let m = month(i);
        if m == "2021-06" {
            continue; // the real month, as imported
        }
        // Attendances step down by a sixth in July 2018 (index 36) and stay there.
        let level = if i < 36 { 1.2 } else { 1.0 };
        let count = (attendances * level * (1.0 + 0.03 * noise.next())).round();
        // The 4-hour percentage: 3 points above the real level, then 6 below from July
        // 2018, then back to the real level from April 2021 (index 69).
        let offset = match i {
            0..36 => 3.0,
            36..69 => -6.0,
            _ => 0.0,
        };
        let pct = (percent + offset + 1.2 * noise.next()).clamp(0.0, 100.0);
        let breaches = (count * (100.0 - pct) / 100.0).round();
        fs::write(
            data.join(format!("months/{m}.yaml")),
            format!(
                "month: {m}\nvalues:\n  t1-attendances: {count}\n  t1-breaches: {breaches}\n  t1-within-4h: {pct:.1}\n"
            ),
        )
        .unwrap();
    }
    // A trajectory: the operational plan's 76% from April 2024, rising to 78% in March
    // 2025, after the 95% standard.
    let indicators = data.join("indicators.yaml");
    let text = fs::read_to_string(&indicators).unwrap().replace(
        "        decimals: 1\n        polarity: up\n",
        "        decimals: 1\n        polarity: up\n        target: [{from: 2015-07, value: 95}, {from: 2024-04, value: 76}, {from: 2025-03, value: 78}]\n",
    );
    fs::write(&indicators, text).unwrap();
    Some(data)
}

/// Adds `recalculate_at` entries (month, reason) under an indicator in indicators.yaml.
fn accept(data: &Path, id: &str, months: &[(String, String)]) {
    let path = data.join("indicators.yaml");
    let text = fs::read_to_string(&path).unwrap();
    let mut yaml = String::from("        spc:\n          recalculate_at:\n");
    for (m, reason) in months {
        yaml.push_str(&format!(
            "            - {{month: {m}, reason: \"{reason}\"}}\n"
        ));
    }
    let at = format!("      - id: {id}\n");
    let start = text.find(&at).unwrap() + at.len();
    let mut out = text.clone();
    out.insert_str(start, &yaml);
    fs::write(&path, out).unwrap();
}

fn months_between(a: &str, b: &str) -> i32 {
    let n = |s: &str| {
        let (y, m) = s.split_once('-').unwrap();
        y.parse::<i32>().unwrap() * 12 + m.parse::<i32>().unwrap()
    };
    (n(a) - n(b)).abs()
}

#[test]
fn nine_years_of_ae_get_proposals_at_the_steps_and_accepting_them_clears_them() {
    let Some(data) = nine_years("nine-years") else {
        return;
    };
    let found = proposals(&data);
    let near = |id: &str, step: &str| found[id].iter().any(|m| months_between(m, step) <= 2);
    assert!(near("t1-attendances", "2018-07"), "{found:?}");
    assert!(near("t1-within-4h", "2018-07"), "{found:?}");
    assert!(near("t1-within-4h", "2021-04"), "{found:?}");

    // `check` says so as notes, with the evidence and the YAML, and still succeeds.
    let output = run_on(&data, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stdout(&output);
    let note = said
        .lines()
        .find(|l| l.contains("`t1-attendances.spc.recalculate_at`"))
        .unwrap_or_else(|| panic!("no note for t1-attendances: {said}"));
    assert!(note.starts_with("note: "), "{note}");
    assert!(
        note.contains("indicators.yaml:5: "),
        "the indicator's line: {note}"
    );
    assert!(
        note.contains("are below the centre line; new limits from"),
        "{note}"
    );
    assert!(said.contains("          recalculate_at:\n"), "{said}");
    let first = &found["t1-attendances"][0];
    assert!(
        said.contains(&format!(
            "            - {{month: {first}, reason: \"say what changed\"}}"
        )),
        "{said}"
    );

    // The detail chart's alt text names the proposal as a note, and the trajectory.
    let out = data.parent().unwrap().join("before.pdf");
    let output = run_on(
        &data,
        &["render", "--detail", "all", "--out", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let alts = figure_alts(&out).join("\n");
    assert!(
        alts.contains("is proposed: see `scorecard check`."),
        "{alts}"
    );
    assert!(
        alts.contains("The planned target rises to 78.0% by March 2025."),
        "{alts}"
    );

    // Accept every proposal, with a reason, until none is left.
    let mut accepted: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for _ in 0..3 {
        let found = proposals(&data);
        if found.values().all(Vec::is_empty) {
            break;
        }
        fs::copy(
            root().join("tests/fixtures/import/nhse/indicators.yaml"),
            data.join("indicators.yaml"),
        )
        .unwrap();
        for (id, months) in found {
            let list = accepted.entry(id).or_default();
            for m in months {
                list.push((m.clone(), format!("new pathway from {m}")));
            }
        }
        // The trajectory again, then the accepted months.
        let path = data.join("indicators.yaml");
        let text = fs::read_to_string(&path).unwrap().replace(
            "        decimals: 1\n        polarity: up\n",
            "        decimals: 1\n        polarity: up\n        target: [{from: 2015-07, value: 95}, {from: 2024-04, value: 76}, {from: 2025-03, value: 78}]\n",
        );
        fs::write(&path, text).unwrap();
        for (id, months) in &accepted {
            if !months.is_empty() {
                accept(&data, id, months);
            }
        }
    }
    let left = proposals(&data);
    for (id, months) in &accepted {
        for (m, _) in months {
            assert!(!left[id].contains(m), "{id}: {m} proposed again: {left:?}");
        }
    }
    assert!(
        left.values().all(Vec::is_empty),
        "accepting every proposal leaves none: {left:?}"
    );
    let within = &accepted["t1-within-4h"];
    assert_eq!(within.len(), 2, "three periods: {within:?}");

    // The accepted reasons are on the chart and in its alt text; no proposal note is left.
    let out = data.parent().unwrap().join("after.pdf");
    let output = run_on(
        &data,
        &["render", "--detail", "all", "--out", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let alts = figure_alts(&out).join("\n");
    for (m, reason) in within {
        assert!(
            alts.contains(&format!("SPC limits recalculated: {reason}")),
            "{m}: {alts}"
        );
    }
    assert!(!alts.contains("is proposed"), "{alts}");
    let text = common::pdf_text(&out, None);
    assert!(
        text.contains("new pathway from"),
        "reasons beside the chart"
    );
    assert!(text.contains("Plan"), "the planned months are labelled");
}

#[test]
fn the_shipped_sample_has_no_unjustified_proposals_and_check_exits_zero() {
    let data = root().join("data");
    let output = run_on(&data, &["check"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let found = proposals(&data);
    let with: Vec<_> = found.iter().filter(|(_, m)| !m.is_empty()).collect();
    let notes = stdout(&output)
        .lines()
        .filter(|l| l.starts_with("note: ") && l.contains(".spc.recalculate_at`"))
        .count();
    assert_eq!(notes, with.len(), "one note per indicator with a proposal");
    let json = stdout(&run_on(&data, &["figures", "--format", "json"]));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    for row in rows.as_array().unwrap() {
        assert!(
            row["proposed_recalculations"].is_string(),
            "a string, empty when none: {row}"
        );
    }
}

/// A data folder with one percentage rising through two years to 81.9% against a target
/// of 80 and a floor of 75: RAG green, while limits across the rise sit below the target.
fn rising(test: &str) -> PathBuf {
    let data = scratch(test).join("data");
    fs::create_dir_all(data.join("months")).unwrap();
    fs::write(
        data.join("report.yaml"),
        "organisation: Partshire\ntitle: Urgent Care\nlanguage: en-GB\nsteady_band_pct: 5\n",
    )
    .unwrap();
    fs::write(
        data.join("indicators.yaml"),
        "sections:\n  - id: ae\n    title: A&E\n    indicators:\n      - id: seen-4h\n        ref: \"1\"\n        title: Seen within 4 hours\n        unit: percentage\n        decimals: 1\n        polarity: up\n        target: 80\n        floor: 75\n",
    )
    .unwrap();
    for i in 0..24 {
        let value = if i == 23 {
            81.9
        } else {
            70.0 + 0.5 * i as f64 + if i % 2 == 0 { 0.3 } else { -0.3 }
        };
        let m = 2022 * 12 + 6 + i;
        let month = format!("{}-{:02}", m / 12, m % 12 + 1);
        fs::write(
            data.join(format!("months/{month}.yaml")),
            format!("month: {month}\nvalues:\n  seen-4h: {value:.1}\n"),
        )
        .unwrap();
    }
    data
}

#[test]
fn a_mark_that_disagrees_with_the_assurance_icon_says_why() {
    use scorecard::figures::{figures_for_month, Rag};
    use scorecard::spc::Assurance;
    use scorecard::view::{self, Document};

    let data = rising("disagree");
    let (dataset, _) = scorecard::load::load(&data).into_result(&data).unwrap();
    let month = dataset.latest_month().unwrap();
    let derived = figures_for_month(&dataset, month);
    assert_eq!(derived[0].rag, Some(Rag::Green));
    assert_eq!(derived[0].spc.assurance, Assurance::Fail);
    let document = Document {
        month,
        paper: scorecard::model::Paper::A4,
        pack: None,
        detail: scorecard::model::Detail::All,
    };
    let view = view::build(&dataset, &document, &derived).unwrap();
    let summary = view.summary.expect("a summary page");
    let reasons = summary.attention[0].reasons.join(" | ");
    assert_eq!(
        reasons,
        "the target will consistently be missed (SPC assurance), though June 2024 meets it: \
         the process limits span the 24 months since July 2022 and sit below the target",
    );
    assert_eq!(
        view.details[0].reasons.join(" | "),
        reasons,
        "the detail says so too"
    );
    // `figures` keeps the plain code.
    let row = &figures(&data, &[])["seen-4h"];
    assert_eq!(row["attention"], "fail");
}

#[test]
fn accepted_recalculations_that_change_nothing_or_rest_on_one_month_are_named() {
    let dir = scratch("spc-recalculation-sites");
    let data = dir.join("data");
    copy_tree(&root().join("data"), &data);
    let accept_at = |months: &str| {
        let path = data.join("indicators.yaml");
        let text = fs::read_to_string(root().join("data/indicators.yaml")).unwrap();
        let with = text.replacen(
            "- id: contacts\n        ref: \"1\"\n",
            &format!(
                "- id: contacts\n        ref: \"1\"\n        spc: {{recalculate_at: [{months}]}}\n"
            ),
            1,
        );
        assert_ne!(with, text, "the sample's contacts indicator moved");
        fs::write(path, with).unwrap();
        run_on(&data, &["check"])
    };

    let outside = accept_at("2019-06, 2030-01");
    let said = stderr(&outside);
    assert_eq!(outside.status.code(), Some(0), "{said}");
    for month in ["2019-06", "2030-01"] {
        assert!(
            said.contains(&format!(
                "`contacts.spc.recalculate_at`: a recalculation at {month} changes nothing: the data runs from 2019-06 to 2020-06"
            )),
            "{said}"
        );
    }
    assert!(said.contains("indicators.yaml:10:"), "located: {said}");

    let one_month = accept_at("2019-07, 2019-08");
    let said = stderr(&one_month);
    assert_eq!(one_month.status.code(), Some(0), "{said}");
    assert!(
        said.contains("the limits from 2019-07 rest on that one month"),
        "{said}"
    );
    assert!(!said.contains("from 2019-08 rest"), "{said}");

    let twice = accept_at("2020-01, {month: 2020-01, reason: moved}");
    common::assert_fails(
        &twice,
        1,
        &["2020-01 is listed twice", "indicators.yaml:10:"],
    );

    let fine = accept_at("2020-01");
    assert_ok(&fine);
    assert!(!stderr(&fine).contains("recalculat"), "{}", stderr(&fine));
}
