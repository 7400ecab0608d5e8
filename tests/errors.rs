//! Bad input gets a clear error naming the file, line and field, a non-zero exit, and
//! never a panic or a partial PDF.
//!
//! Each data-file case is a folder in `tests/fixtures/errors/<case>/` holding only the
//! files that differ from `tests/fixtures/small` plus `expected.txt`: the whole of what the
//! command must print on standard error (the data folder written `$DATA`), after optional
//! `# exit: N` and `# command: ...` lines. [`case`] lays the folder over a scratch copy of
//! the small fixture, runs `scorecard` and compares standard error with it exactly, so an
//! extra or a missing line fails as surely as a changed one (`UPDATE_EXPECTED=1` rewrites
//! the files from what the command printed, for review as a diff). Cases that are not
//! about data-file contents (command-line refusals, output paths, templates, bytes that a
//! text fixture cannot hold) are written out in code below, also compared whole.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::*;

/// Where the error cases live.
fn cases() -> PathBuf {
    root().join("tests/fixtures/errors")
}

/// Asserts that standard error is exactly `expected`, one line each, once `dir` (a
/// scratch folder) is written `$DATA`.
#[track_caller]
fn assert_stderr(err: &str, dir: &Path, expected: &[String]) {
    let actual = redact(err, dir);
    let wanted: String = expected.iter().map(|l| format!("{l}\n")).collect();
    assert!(
        actual == wanted,
        "standard error differs\n--- expected\n{wanted}--- actual\n{actual}"
    );
}

/// `err` with every mention of `dir` written `$DATA`, so expectations do not depend on
/// where the scratch folder is.
fn redact(err: &str, dir: &Path) -> String {
    err.replace(dir.to_str().unwrap(), "$DATA")
}

/// Runs the error case `tests/fixtures/errors/<name>/` and checks its `expected.txt`;
/// returns the scratch data folder and the output for any further checks.
#[track_caller]
fn case(name: &str) -> (PathBuf, Output) {
    let folder = cases().join(name);
    let expected = std::fs::read_to_string(folder.join("expected.txt"))
        .unwrap_or_else(|e| panic!("{}/expected.txt: {e}", folder.display()));
    let data = small_fixture(&format!("case-{name}"));
    copy_tree(&folder, &data);
    std::fs::remove_file(data.join("expected.txt")).unwrap();

    let mut exit = 1;
    let mut command = "check".to_string();
    let mut header = String::new();
    let mut wanted = String::new();
    for line in expected.lines() {
        if let Some(code) = line.strip_prefix("# exit: ") {
            exit = code.trim().parse().expect("`# exit: N` takes a number");
            header.push_str(line);
            header.push('\n');
        } else if let Some(args) = line.strip_prefix("# command: ") {
            command = args.trim().to_string();
            header.push_str(line);
            header.push('\n');
        } else {
            wanted.push_str(line);
            wanted.push('\n');
        }
    }

    let mut args: Vec<&str> = command.split_whitespace().collect();
    args.extend(["--data", data.to_str().unwrap()]);
    let output = scorecard_in(data.parent().unwrap(), &args, &[]);
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "panic: {err}");
    assert_eq!(
        output.status.code(),
        Some(exit),
        "`scorecard {command}` exit status; stderr:\n{err}"
    );
    let actual = redact(&err, &data);
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(folder.join("expected.txt"), format!("{header}{actual}")).unwrap();
    }
    assert!(
        actual == wanted,
        "`scorecard {command}`: standard error differs from {name}/expected.txt\n--- expected\n{wanted}--- actual\n{actual}"
    );
    (data, output)
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

/// `lines` as owned strings, for [`assert_stderr`].
fn owned(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|l| l.to_string()).collect()
}

#[test]
fn every_case_folder_has_a_test() {
    let source = include_str!("errors.rs");
    for entry in std::fs::read_dir(cases()).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            entry.path().join("expected.txt").is_file(),
            "{name} has no expected.txt"
        );
        assert!(
            source.contains(&format!("case(\"{name}\")")),
            "tests/fixtures/errors/{name} is not run by any test in tests/errors.rs"
        );
    }
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
    let (_, output) = case("yaml-that-does-not-parse");
    let err = stderr(&output);
    assert!(err.lines().next().unwrap().starts_with("error: "), "{err}");
}

#[test]
fn wrong_type_is_located() {
    case("wrong-type-is-located");
}

#[test]
fn unknown_field_suggests_the_nearest_name() {
    case("unknown-field-suggests-the-nearest-name");
}

#[test]
fn missing_required_field() {
    case("missing-required-field");
}

#[test]
fn a_target_written_as_steps_names_its_indicator() {
    // `target: {steps: [...]}` names the indicator whose target it is, on its line.
    case("a-target-written-as-steps-names-its-indicator");
}

#[test]
fn a_population_without_a_value_is_named_in_full() {
    // `populations.children.value`, not a bare `value`.
    case("a-population-without-a-value-is-named-in-full");
}

#[test]
fn duplicate_indicator_and_section_ids() {
    case("duplicate-indicator-and-section-ids");
}

#[test]
fn month_in_file_must_match_file_name() {
    case("month-in-file-must-match-file-name");
}

#[test]
fn month_file_not_named_after_a_month() {
    case("month-file-not-named-after-a-month");
}

#[test]
fn problems_in_many_month_files_come_in_file_order() {
    // Month files are parsed on several threads; what they report must not depend on that.
    case("problems-in-many-month-files-come-in-file-order");
}

#[test]
fn values_for_undefined_indicators() {
    case("values-for-undefined-indicators");
}

#[test]
fn requested_month_without_a_file_lists_the_months() {
    case("requested-month-without-a-file-lists-the-months");
}

#[test]
fn formula_naming_an_unknown_indicator() {
    case("formula-naming-an-unknown-indicator");
}

#[test]
fn formulas_that_form_a_cycle() {
    case("formulas-that-form-a-cycle");
}

#[test]
fn impossible_values_are_errors() {
    case("impossible-values-are-errors");
}

#[test]
fn suspicious_values_are_warnings() {
    // A warning does not fail check (`# exit: 0`).
    case("suspicious-values-are-warnings");
}

#[test]
fn gaps_and_a_stale_data_date_are_warnings() {
    // A missing month shows as a gap in every series, and a `data_as_at` inside the
    // report month would be printed on the report as the date of its data.
    case("gaps-and-a-stale-data-date-are-warnings");
}

#[test]
fn check_reports_every_problem_in_one_run() {
    // Three mistakes in three indicators of one file, and one in a month file. (Month
    // files' indicator ids are checked once indicators.yaml reads cleanly.)
    case("check-reports-every-problem-in-one-run");
}

#[test]
fn zero_denominator_is_not_applicable_not_an_error() {
    let (_, output) = case("zero-denominator-is-not-applicable-not-an-error");
    let csv = stdout(&output);
    let row = csv.lines().find(|l| l.contains(",conversion,")).unwrap();
    assert!(row.contains(",n/a,"), "value status n/a: {row}");
    assert!(!row.contains("inf") && !row.contains("NaN"), "{row}");
}

#[test]
fn alias_bombs_and_deep_nesting_fail_fast() {
    let started = std::time::Instant::now();
    case("alias-bombs-and-deep-nesting-fail-fast");
    assert!(
        started.elapsed().as_secs() < 20,
        "hostile input must fail fast"
    );
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
    assert_stderr(
        &err,
        &data,
        &owned(&[
            "error: $DATA/report.yaml: the file is empty",
            "  = hint: see docs/data-format.md for what it must contain",
            "error: $DATA/months/2020-04.yaml: the file is 5000000 bytes, over the 4194304 byte limit for a data file",
            "  = hint: data files hold a few kilobytes of YAML; check this is the right file",
            "error: $DATA/months/2020-05.yaml:3:13: the file is not valid UTF-8 text",
            "  = hint: save it as UTF-8 (most editors offer this under \"Save As\")",
            "warning: $DATA/months: there are no files for the 2 months 2020-04 to 2020-05, between 2020-03 and 2020-06: no indicator has a figure there",
            "  = hint: add months/2020-04.yaml to 2020-05.yaml (scorecard new-month 2020-04 writes one); if no figures were collected, the gap is right",
            "3 errors in $DATA",
        ]),
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
fn missing_data_folder() {
    let dir = scratch("nodata");
    let output = scorecard_in(&dir, &["render", "--data", "nowhere"], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_stderr(
        &stderr(&output),
        &dir,
        &owned(&[
            "error: nowhere: the data folder does not exist or is not a folder",
            "  = hint: pass the folder holding report.yaml, indicators.yaml and months/ with --data",
            "1 error in nowhere",
        ]),
    );
}

#[test]
fn unwritable_output_paths() {
    let data = small_fixture("unwritable");
    let dir = data.parent().unwrap().to_path_buf();
    // A folder where the PDF should go.
    std::fs::create_dir_all(dir.join("folder.pdf")).unwrap();
    let output = scorecard_in(&dir, &["render", "--out", "folder.pdf"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr(
        &stderr(&output),
        &dir,
        &owned(&[
            "error: folder.pdf: this is a folder, not a regular file, and a file is written here",
            "  = hint: give a file name, e.g. --out out/scorecard.pdf, or move the folder away",
        ]),
    );
    // A parent that cannot be created (a file is in the way).
    std::fs::write(dir.join("blocker"), "x").unwrap();
    let output = scorecard_in(&dir, &["render", "--out", "blocker/sub/s.pdf"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr(
        &stderr(&output),
        &dir,
        &owned(&[
            "error: blocker/sub/s.pdf: blocker is a file, not a folder, so nothing can be written inside it",
            "  = hint: move that file away, or choose an output path in a folder you can write to",
        ]),
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
    // typst's hint is shown.
    assert_stderr(
        &stderr(&output),
        &dir,
        &owned(&[
            "error: broken.typ:3:2: unknown variable: month-name",
            "  = hint: if you meant to use subtraction, try adding spaces around the minus sign: `month - name`",
            "no PDF was written",
        ]),
    );
    assert!(!dir.join("t.pdf").exists(), "no PDF on failure");
}

/// `tests/fixtures/small/months/2020-06.yaml` with `contacts: lots` instead of a number.
const JUNE_WITH_A_WORD_FOR_A_NUMBER: &str = r#"month: 2020-06
values:
  contacts: lots
  referrals: 342
  on-time: 91.0
commentary:
  contacts: '#read("/etc/passwd") $x^2$ *bold* <label> @ref [link] \\ back'
  referrals: >-
    Referrals rose by 27% in June, in line with contacts.
  conversion: Conversion is steady.
  referral-rate: The rate is high.
  on-time: Timeliness improved again.
"#;

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
    std::fs::write(
        data.join("months/2020-06.yaml"),
        JUNE_WITH_A_WORD_FOR_A_NUMBER,
    )
    .unwrap();
    let refused = scorecard_in(&dir, &["render", "--out", "out/s.pdf"], &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert_stderr(
        &stderr(&refused),
        &dir,
        &owned(&[
            "error: data/months/2020-06.yaml:3:13: `values.contacts`: `lots` is not a number",
            "  = hint: write a number such as 1403 or 24.4, `null` when there is no figure, or `n/a` when it does not apply",
            "1 error in data",
        ]),
    );

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
    assert_stderr(
        &stderr(&output),
        &dir,
        &owned(&[
            "error: --pdf-standard: an untagged PDF cannot conform to ua-1: these standards require a tagged structure; drop `untagged` or choose e.g. a-2b",
            "  = hint: for example: --pdf-standard a-2a,ua-1",
        ]),
    );
    let output = scorecard_in(
        &dir,
        &["render", "--attach-data", "--pdf-standard", "a-2b"],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_stderr(
        &stderr(&output),
        &dir,
        &owned(&[
            "error: --attach-data needs PDF/A-3, PDF/A-4f or no PDF/A: PDF/A-1, PDF/A-2 and PDF/A-4 forbid embedded files",
            "  = hint: use --pdf-standard a-3a,ua-1 (the default with --attach-data)",
        ]),
    );
    let output = scorecard_in(&dir, &["render", "--month", "June"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr(
        &stderr(&output),
        &dir,
        &owned(&[
            "error: invalid value 'June' for '--month <YYYY-MM>': `June` is not a month; write it as YYYY-MM, e.g. 2020-06",
            "",
            "For more information, try '--help'.",
        ]),
    );
    for bad in ["yesterday", "-5", "99999999999999"] {
        let output = scorecard_in(&dir, &["render"], &[("SOURCE_DATE_EPOCH", bad)]);
        assert_eq!(output.status.code(), Some(2), "SOURCE_DATE_EPOCH={bad}");
        assert_stderr(
            &stderr(&output),
            &dir,
            &[format!(
                "error: invalid value '{bad}' for '--creation-timestamp <UNIX_TIME>': `{bad}` is not a Unix time from 0 to 253402300799; give seconds since 1970 such as 1593561600 (SOURCE_DATE_EPOCH sets it too)"
            ),
            String::new(),
            "For more information, try '--help'.".to_string()],
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
    let output = scorecard_in(&dir, &["render", "--jobs", "0"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_stderr(
        &stderr(&output),
        &dir,
        &owned(&[
            "error: invalid value '0' for '--jobs <N>': `0` is not a number of documents: it must be 1 or more, e.g. --jobs 2",
            "",
            "For more information, try '--help'.",
        ]),
    );
    assert!(
        !dir.join("out").exists(),
        "nothing was written by refused commands"
    );
}

#[test]
fn packs_that_cannot_be_rendered() {
    case("packs-that-cannot-be-rendered");
}

#[test]
fn public_pack_with_a_wrong_suppression_rule() {
    // The rule is reported; the public pack is not also told there is no rule.
    case("public-pack-with-a-wrong-suppression-rule");
}

#[test]
fn pack_naming_an_unknown_section() {
    case("pack-naming-an-unknown-section");
}

#[test]
fn an_id_of_digits_is_refused() {
    // `100 * 100 / contacts` would multiply by the number 100, not by the indicator `100`.
    case("an-id-of-digits-is-refused");
}

#[test]
fn bidirectional_controls_are_refused() {
    // U+202E shows `%05` as `50%` on screen while the PDF's text keeps `%05`.
    case("bidirectional-controls-are-refused");
}

#[test]
fn a_failed_file_makes_no_false_errors_elsewhere() {
    // A typo in a month file: distribution.yaml's packs are still checked against the
    // report.yaml that loaded, and found right.
    let (data, _) = case("a-failed-file-makes-no-false-errors-elsewhere");
    // A typo in report.yaml itself: its packs are unknown, so the lists naming them are
    // not called wrong, and no hint says to delete them.
    replace_in(&data.join("report.yaml"), &[("title:", "titel:")]);
    let (code, err) = check(&data);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("unknown field `titel`"), "{err}");
    assert!(!err.contains("distribution.yaml"), "{err}");
}
