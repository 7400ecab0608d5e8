//! Bad input gets a clear error naming the file, line and field, a non-zero exit, and
//! never a panic or a partial PDF. Each test breaks a scratch copy of the small fixture
//! in one way.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Replaces `from` with `to` in a fixture file (which must contain it).
fn edit(data: &Path, file: &str, from: &str, to: &str) {
    let path = data.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Runs `check` on the data and returns (exit code, stderr).
fn check(data: &Path) -> (Option<i32>, String) {
    let output = scorecard_in(
        data.parent().unwrap(),
        &["check", "--data", data.to_str().unwrap()],
        &[],
    );
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "panic: {err}");
    (output.status.code(), err)
}

fn assert_error(data: &Path, file: &str, line: u32, needles: &[&str]) -> String {
    let (code, err) = check(data);
    assert_eq!(code, Some(1), "check must fail: {err}");
    let located = format!("{}:{line}:", data.join(file).display());
    assert!(
        err.contains(&located),
        "expected a problem at {located}:\n{err}"
    );
    for needle in needles {
        assert!(err.contains(needle), "expected {needle:?} in:\n{err}");
    }
    err
}

#[test]
fn shipped_sample_and_fixture_check_clean() {
    for data in [root().join("data"), root().join("tests/fixtures/small")] {
        let (code, err) = check(&data);
        assert_eq!(code, Some(0), "{}: {err}", data.display());
        assert!(
            err.is_empty(),
            "no problems at all, not even warnings: {err}"
        );
    }
}

#[test]
fn yaml_that_does_not_parse() {
    let data = small_fixture("syntax");
    edit(
        &data,
        "indicators.yaml",
        "        unit: count\n        polarity: neutral\n      - id: referrals",
        "        unit: [count\n        polarity: neutral\n      - id: referrals",
    );
    let (code, err) = check(&data);
    assert_eq!(code, Some(1));
    assert!(
        err.contains(&format!("{}:", data.join("indicators.yaml").display())),
        "{err}"
    );
    assert!(err.lines().next().unwrap().starts_with("error: "), "{err}");
}

#[test]
fn empty_non_utf8_and_oversized_files() {
    let data = small_fixture("files");
    std::fs::write(data.join("report.yaml"), "  \n").unwrap();
    std::fs::write(
        data.join("months/2020-05.yaml"),
        b"month: 2020-05\nvalues:\n  contacts: \xff\xfe\n",
    )
    .unwrap();
    let big = "# padding\n".repeat(500_000);
    std::fs::write(data.join("months/2020-04.yaml"), big).unwrap();
    let (code, err) = check(&data);
    assert_eq!(code, Some(1));
    assert!(err.contains("report.yaml: the file is empty"), "{err}");
    assert!(
        err.contains("2020-05.yaml:3:13: the file is not valid UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("2020-04.yaml: the file is") && err.contains("byte limit"),
        "{err}"
    );
}

#[test]
fn alias_bombs_and_deep_nesting_fail_fast() {
    let data = small_fixture("bomb");
    let mut bomb = String::from(
        "month: 2020-05\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n",
    );
    let mut prev = 'a';
    for name in "bcdefghijk".chars() {
        bomb.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = name;
    }
    std::fs::write(data.join("months/2020-05.yaml"), bomb).unwrap();
    let deep = format!(
        "month: 2020-04\nvalues: {}{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    std::fs::write(data.join("months/2020-04.yaml"), deep).unwrap();
    let started = std::time::Instant::now();
    let (code, err) = check(&data);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        started.elapsed().as_secs() < 20,
        "hostile input must fail fast"
    );
    assert!(err.contains("2020-05.yaml"), "{err}");
    assert!(err.contains("2020-04.yaml"), "{err}");
}

#[test]
fn wrong_type_is_located() {
    let data = small_fixture("types");
    edit(
        &data,
        "months/2020-05.yaml",
        "  contacts: 1172",
        "  contacts: twelve",
    );
    assert_error(&data, "months/2020-05.yaml", 3, &[]);
}

#[test]
fn unknown_field_suggests_the_nearest_name() {
    let data = small_fixture("unknown");
    edit(
        &data,
        "indicators.yaml",
        "        polarity: up",
        "        polarty: up",
    );
    assert_error(
        &data,
        "indicators.yaml",
        47,
        &["polarty", "did you mean `polarity`?"],
    );
}

#[test]
fn missing_required_field() {
    let data = small_fixture("missing");
    edit(
        &data,
        "indicators.yaml",
        "        title: Number of referrals\n",
        "",
    );
    let (code, err) = check(&data);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("indicators.yaml:") && err.contains("title"),
        "{err}"
    );
}

#[test]
fn duplicate_indicator_and_section_ids() {
    let data = small_fixture("dupes");
    edit(
        &data,
        "indicators.yaml",
        "      - id: referrals\n",
        "      - id: contacts\n",
    );
    edit(
        &data,
        "indicators.yaml",
        "  - id: timeliness",
        "  - id: front-door",
    );
    let err = assert_error(
        &data,
        "indicators.yaml",
        11,
        &["indicator id `contacts` is used twice", "line 5"],
    );
    assert!(
        err.contains("section id `front-door` is used twice"),
        "{err}"
    );
}

#[test]
fn month_file_names_and_contents_must_agree() {
    let data = small_fixture("names");
    std::fs::rename(
        data.join("months/2020-05.yaml"),
        data.join("months/May.yaml"),
    )
    .unwrap();
    edit(
        &data,
        "months/2020-04.yaml",
        "month: 2020-04",
        "month: 2020-03",
    );
    let err = assert_error(
        &data,
        "months/2020-04.yaml",
        1,
        &["month: 2020-03", "named 2020-04.yaml"],
    );
    assert!(
        err.contains("May.yaml: `May.yaml` is not named after a month"),
        "{err}"
    );
    assert!(err.contains("YYYY-MM.yaml"), "{err}");
}

#[test]
fn values_for_undefined_indicators() {
    let data = small_fixture("undefined");
    edit(
        &data,
        "months/2020-06.yaml",
        "  referrals: 342",
        "  referals: 342",
    );
    assert_error(
        &data,
        "months/2020-06.yaml",
        4,
        &["no indicator `referals`", "did you mean `referrals`?"],
    );
}

#[test]
fn requested_month_without_a_file_lists_the_months() {
    let data = small_fixture("nomonth");
    let output = scorecard_in(
        data.parent().unwrap(),
        &["figures", "--month", "2021-01"],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("no file for 2021-01") && err.contains("2019-05, 2019-06"),
        "{err}"
    );
}

#[test]
fn formulas_naming_unknown_indicators_or_cycling() {
    let data = small_fixture("formula");
    edit(
        &data,
        "indicators.yaml",
        "          denominator: contacts",
        "          denominator: contact",
    );
    assert_error(
        &data,
        "indicators.yaml",
        28,
        &["unknown indicator `contact`", "did you mean `contacts`?"],
    );

    let data = small_fixture("cycle");
    // referrals becomes a rate computed from referral-rate, which is computed from referrals.
    edit(
        &data,
        "indicators.yaml",
        "        unit: count\n        polarity: neutral\n        benchmarks:",
        "        unit: rate\n        polarity: neutral\n        formula:\n          numerator: referral-rate\n          population: children\n        benchmarks:",
    );
    for m in std::fs::read_dir(data.join("months")).unwrap() {
        let path = m.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let kept: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with("  referrals: "))
            .collect();
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    }
    let (code, err) = check(&data);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("formulas form a cycle")
            && err.contains("referral-rate")
            && err.contains("indicators.yaml:"),
        "{err}"
    );
}

#[test]
fn direction_of_travel_needs_more_than_one_month() {
    let data = small_fixture("dot");
    let dir = data.parent().unwrap();
    let output = scorecard_in(
        dir,
        &["figures", "--month", "2019-05", "--format", "json"],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    for row in rows.as_array().unwrap() {
        assert!(
            row["direction"].is_null(),
            "no direction from a single month: {row}"
        );
    }
    // With two months there is something to compare against.
    let output = scorecard_in(
        dir,
        &["figures", "--month", "2019-06", "--format", "json"],
        &[],
    );
    let rows: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert!(rows[0]["direction"].is_string(), "{}", rows[0]);
}

#[test]
fn zero_denominator_is_not_applicable_not_an_error() {
    let data = small_fixture("zero");
    edit(
        &data,
        "months/2020-04.yaml",
        "  contacts: 1050",
        "  contacts: 0",
    );
    let output = scorecard_in(
        data.parent().unwrap(),
        &["figures", "--month", "2020-04"],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let csv = stdout(&output);
    let row = csv.lines().find(|l| l.contains(",conversion,")).unwrap();
    assert!(row.contains(",n/a,"), "value status n/a: {row}");
    assert!(!row.contains("inf") && !row.contains("NaN"), "{row}");
}

#[test]
fn impossible_values_are_errors_and_suspicious_ones_warnings() {
    let data = small_fixture("impossible");
    edit(
        &data,
        "months/2020-06.yaml",
        "  on-time: 91.0",
        "  on-time: 191.0",
    );
    edit(
        &data,
        "months/2020-05.yaml",
        "  contacts: 1172",
        "  contacts: -3",
    );
    let err = assert_error(
        &data,
        "months/2020-06.yaml",
        5,
        &["191 is not a percentage"],
    );
    assert!(
        err.contains("2020-05.yaml:3:13: `values.contacts`: a count cannot be negative"),
        "{err}"
    );

    let data = small_fixture("suspicious");
    edit(
        &data,
        "months/2020-05.yaml",
        "  contacts: 1172",
        "  contacts: 11720",
    );
    let (code, err) = check(&data);
    assert_eq!(code, Some(0), "a warning does not fail check: {err}");
    assert!(
        err.contains("warning:") && err.contains("more than tenfold"),
        "{err}"
    );
}

#[test]
fn missing_data_folder() {
    let dir = scratch("nodata");
    let output = scorecard_in(&dir, &["render", "--data", "nowhere"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("nowhere: the data folder does not exist"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn unwritable_output_paths() {
    let data = small_fixture("unwritable");
    let dir = data.parent().unwrap().to_path_buf();
    // A folder where the PDF should go.
    std::fs::create_dir_all(dir.join("folder.pdf")).unwrap();
    let output = scorecard_in(&dir, &["render", "--out", "folder.pdf"], &[]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).contains("folder.pdf: this is a folder"),
        "{}",
        stderr(&output)
    );
    // A parent that cannot be created (a file is in the way).
    std::fs::write(dir.join("blocker"), "x").unwrap();
    let output = scorecard_in(&dir, &["render", "--out", "blocker/sub/s.pdf"], &[]);
    assert_eq!(output.status.code(), Some(4));
    assert!(
        stderr(&output).contains("cannot create the folder"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn template_errors_name_file_line_and_hint() {
    let data = small_fixture("template");
    let dir = data.parent().unwrap().to_path_buf();
    std::fs::write(
        dir.join("broken.typ"),
        "#let d = json(\"/data.json\")\n#let month = 1\n#month-name\n",
    )
    .unwrap();
    let output = scorecard_in(
        &dir,
        &["render", "--template", "broken.typ", "--out", "t.pdf"],
        &[],
    );
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(err.contains("error: broken.typ:3:"), "{err}");
    assert!(err.contains("unknown variable: month-name"), "{err}");
    assert!(
        err.contains("hint: if you meant to use subtraction"),
        "typst's hint is shown: {err}"
    );
    assert!(!dir.join("t.pdf").exists(), "no PDF on failure");
}

#[test]
fn failed_render_leaves_the_existing_pdf_untouched_and_no_stray_files() {
    let data = small_fixture("atomic");
    let dir = data.parent().unwrap().to_path_buf();
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let pdf: PathBuf = out_dir.join("s.pdf");
    let ok = scorecard_in(&dir, &["render", "--out", "out/s.pdf"], &[]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = std::fs::read(&pdf).unwrap();

    std::fs::write(dir.join("broken.typ"), "#panic(\"no\")\n").unwrap();
    let failed = scorecard_in(
        &dir,
        &["render", "--template", "broken.typ", "--out", "out/s.pdf"],
        &[],
    );
    assert_eq!(failed.status.code(), Some(3));
    // Bad data: render refuses what check rejects.
    edit(
        &data,
        "months/2020-06.yaml",
        "  contacts: 1403",
        "  contacts: lots",
    );
    let refused = scorecard_in(&dir, &["render", "--out", "out/s.pdf"], &[]);
    assert_eq!(refused.status.code(), Some(1));

    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        before,
        "earlier PDF unchanged"
    );
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["s.pdf".to_string()], "no stray files");
}

#[test]
fn bad_command_line_options() {
    let data = small_fixture("options");
    let dir = data.parent().unwrap().to_path_buf();
    let output = scorecard_in(&dir, &["render", "--pdf-standard", "ua-1,untagged"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("untagged PDF cannot conform to ua-1"),
        "{}",
        stderr(&output)
    );
    let output = scorecard_in(
        &dir,
        &["render", "--attach-data", "--pdf-standard", "a-2b"],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("PDF/A-3"), "{}", stderr(&output));
    let output = scorecard_in(&dir, &["render", "--month", "June"], &[]);
    assert_eq!(output.status.code(), Some(2));
    let output = scorecard_in(&dir, &["render"], &[("SOURCE_DATE_EPOCH", "yesterday")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("SOURCE_DATE_EPOCH"));
    for out_of_range in ["-5", "99999999999999"] {
        let output = scorecard_in(&dir, &["render"], &[("SOURCE_DATE_EPOCH", out_of_range)]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "SOURCE_DATE_EPOCH={out_of_range}"
        );
    }
    let output = scorecard_in(
        &dir,
        &["render", "--attach-data", "--pdf-standard", "a-4"],
        &[],
    );
    assert_eq!(
        output.status.code(),
        Some(2),
        "PDF/A-4 forbids attachments: {}",
        stderr(&output)
    );
    let output = scorecard_in(&dir, &["render", "--pdf-standard", ""], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        !dir.join("out").exists(),
        "nothing was written by refused commands"
    );
}

#[test]
fn check_reports_every_problem_in_one_run() {
    let data = small_fixture("every");
    // Three mistakes in three indicators of one file, and one in a month file. (Month
    // files' indicator ids are checked once indicators.yaml reads cleanly.)
    edit(
        &data,
        "indicators.yaml",
        "        polarity: up",
        "        polarty: up",
    );
    edit(
        &data,
        "indicators.yaml",
        "        title: Number of referrals",
        "        titel: Number of referrals",
    );
    edit(
        &data,
        "indicators.yaml",
        "        unit: rate\n",
        "        unit: rates\n",
    );
    edit(
        &data,
        "months/2020-05.yaml",
        "  contacts: 1172",
        "  contacts: many",
    );
    let (code, err) = check(&data);
    assert_eq!(code, Some(1));
    for (file, line, needle) in [
        ("indicators.yaml", 13, "did you mean `title`?"),
        ("indicators.yaml", 33, "did you mean `rate`?"),
        ("indicators.yaml", 47, "did you mean `polarity`?"),
        ("months/2020-05.yaml", 3, "`many` is not a number"),
    ] {
        let at = format!("{}:{line}:", data.join(file).display());
        assert!(
            err.contains(&at) && err.contains(needle),
            "missing {at} {needle}:\n{err}"
        );
    }
    assert!(err.contains("4 errors"), "{err}");
}
