//! The data model's edges, run through the built binary: expression formulas, changes in
//! percentage points, text and numbers `check` refuses, outputs that must never replace
//! an input, and the warnings a newcomer sees first.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Appends `text` to a file of the data folder.
fn append(data: &Path, file: &str, text: &str) {
    let path = data.join(file);
    let mut all = std::fs::read_to_string(&path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

/// Replaces `from` with `to` in a file of the data folder, which must hold it.
fn edit(data: &Path, file: &str, from: &str, to: &str) {
    let path = data.join(file);
    let all = std::fs::read_to_string(&path).unwrap();
    assert!(all.contains(from), "{file} holds {from:?}");
    std::fs::write(path, all.replacen(from, to, 1)).unwrap();
}

/// Runs scorecard on `data` in its parent folder with `--data` appended.
fn run(data: &Path, args: &[&str]) -> std::process::Output {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--data", data.to_str().unwrap()]);
    let output = scorecard_in(data.parent().unwrap(), &all, &[]);
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    output
}

/// The row of `id` in `figures --format json` (with extra arguments).
fn figures_row(data: &Path, id: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["figures", "--format", "json"];
    args.extend(extra);
    let output = run(data, &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    rows.into_iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

/// 1-based line and column of the first `needle` in a file.
fn position(file: &Path, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(file).unwrap();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find(needle) {
            return (i + 1, line[..at].chars().count() + 1);
        }
    }
    panic!("{needle} not in {}", file.display());
}

const FOUR_HOUR: &str = "      - id: within-4h
        ref: \"6\"
        title: Percentage of contacts not referred
        unit: percentage
        polarity: up
        decimals: 1
        change: points
        formula: \"100 * (contacts - referrals) / contacts\"
";

#[test]
fn an_expression_gives_the_value_as_shown_and_changes_in_points() {
    let data = small_fixture("expression");
    append(&data, "indicators.yaml", FOUR_HOUR);
    append(
        &data,
        "indicators.yaml",
        "      - id: per-contact
        ref: \"7\"
        title: Referrals per 1,000 contacts
        unit: rate
        per: 1000
        polarity: neutral
        formula: 1,000 * referrals / contacts
      - id: share-of-children
        ref: \"8\"
        title: Referrals per 10,000 children, as an expression
        unit: rate
        polarity: neutral
        formula: \"referrals / children * 10000\"
",
    );
    let check = run(&data, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));

    let row = figures_row(&data, "within-4h", &[]);
    let june = 100.0 * (1403.0 - 342.0) / 1403.0;
    assert!(
        (row["value"].as_f64().unwrap() - june).abs() < 1e-9,
        "{row}"
    );
    let previous = row["previous"].as_f64().unwrap();
    let points = row["change_month_points"].as_f64().unwrap();
    assert!((points - (june - previous)).abs() < 1e-9, "{row}");

    let rate = figures_row(&data, "per-contact", &[]);
    assert!((rate["value"].as_f64().unwrap() - 1000.0 * 342.0 / 1403.0).abs() < 1e-9);
    assert_eq!(
        rate["change_month_points"],
        serde_json::Value::Null,
        "not a percentage"
    );
    let per_child = figures_row(&data, "share-of-children", &[]);
    assert!((per_child["value"].as_f64().unwrap() - 342.0 / 20000.0 * 10000.0).abs() < 1e-9);

    // Every percentage indicator has its changes in points, `change: points` or not.
    let conversion = figures_row(&data, "conversion", &[]);
    assert!(
        conversion["change_month_points"].is_number(),
        "{conversion}"
    );
    let contacts = figures_row(&data, "contacts", &[]);
    assert!(contacts["change_month_points"].is_null());

    let csv = stdout(&run(&data, &["figures"]));
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(
            ",last_updated,attention,change_month_points,change_year_points,proposed_recalculations"
        ),
        "{header}"
    );
}

#[test]
fn the_steady_band_is_read_in_points_for_change_points() {
    let data = small_fixture("points-band");
    // 40% to 43%: 3 points (steady within 5 points), but a rise of 7.5%.
    append(
        &data,
        "indicators.yaml",
        "      - id: typed-pct
        ref: \"6\"
        title: A typed percentage
        unit: percentage
        polarity: up
        change: points
      - id: typed-pct-percent
        ref: \"7\"
        title: The same, as a percentage change
        unit: percentage
        polarity: up
",
    );
    edit(
        &data,
        "months/2020-05.yaml",
        "values:\n",
        "values:\n  typed-pct: 40\n  typed-pct-percent: 40\n",
    );
    edit(
        &data,
        "months/2020-06.yaml",
        "values:\n",
        "values:\n  typed-pct: 43\n  typed-pct-percent: 43\n",
    );
    let mut report = std::fs::read_to_string(data.join("report.yaml")).unwrap();
    report = report.replace(
        "direction_of_travel: latest-vs-12m-average",
        "direction_of_travel: latest-vs-previous-month",
    );
    std::fs::write(data.join("report.yaml"), report).unwrap();
    let points = figures_row(&data, "typed-pct", &[]);
    assert_eq!(points["change_month_points"].as_f64(), Some(3.0));
    assert_eq!(points["direction"], "steady", "{points}");
    let percent = figures_row(&data, "typed-pct-percent", &[]);
    assert_eq!(percent["change_month_points"].as_f64(), Some(3.0));
    assert_eq!(percent["direction"], "up", "{percent}");
}

#[test]
fn a_division_by_zero_is_not_applicable_and_a_missing_input_gives_no_value() {
    let data = small_fixture("expression-na");
    append(
        &data,
        "indicators.yaml",
        "      - id: by-zero
        ref: \"6\"
        title: Divided by nothing
        unit: number
        polarity: neutral
        formula: \"referrals / (contacts - contacts)\"
      - id: with-gap
        ref: \"7\"
        title: Needs a missing input
        unit: number
        polarity: neutral
        formula: \"referrals + gap\"
      - id: gap
        ref: \"8\"
        title: Never typed
        unit: count
        polarity: neutral
",
    );
    let by_zero = figures_row(&data, "by-zero", &[]);
    assert_eq!(by_zero["value_status"], "n/a");
    assert!(by_zero["value"].is_null());
    let with_gap = figures_row(&data, "with-gap", &[]);
    assert_eq!(with_gap["value_status"], "missing");
}

#[test]
fn a_figure_computed_from_a_withheld_count_is_withheld() {
    let data = small_fixture("expression-public");
    append(
        &data,
        "report.yaml",
        "suppression:\n  below: 5\npacks:\n  - id: board\n  - id: public\n    audience: public\n",
    );
    append(
        &data,
        "indicators.yaml",
        "      - id: small
        ref: \"6\"
        title: A small count
        unit: count
        polarity: neutral
      - id: small-share
        ref: \"7\"
        title: Small count as a percentage of contacts
        unit: percentage
        polarity: neutral
        formula: \"100 * small / contacts\"
",
    );
    edit(
        &data,
        "months/2020-06.yaml",
        "values:\n",
        "values:\n  small: 3\n",
    );
    let public = figures_row(&data, "small-share", &["--audience", "public"]);
    assert_eq!(public["value_status"], "suppressed", "{public}");
    assert!(public["value"].is_null());
    let board = figures_row(&data, "small-share", &[]);
    assert!((board["value"].as_f64().unwrap() - 300.0 / 1403.0).abs() < 1e-9);
}

#[test]
fn a_mistaken_expression_is_located_with_the_nearest_id() {
    let data = small_fixture("expression-errors");
    append(
        &data,
        "indicators.yaml",
        "      - id: typo
        ref: \"6\"
        title: Unknown id
        unit: percentage
        polarity: up
        formula: \"100 * (contacts - referals) / contacts\"
      - id: joined
        ref: \"7\"
        title: A minus without spaces
        unit: percentage
        polarity: up
        formula: \"100 * contacts-referrals / contacts\"
      - id: unclosed
        ref: \"8\"
        title: A parenthesis left open
        unit: percentage
        polarity: up
        formula: \"100 * (contacts / referrals\"
      - id: counted
        ref: \"9\"
        title: A count by formula
        unit: count
        polarity: up
        formula: \"contacts + referrals\"
        change: points
",
    );
    let output = run(&data, &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let file = data.join("indicators.yaml");
    let at = |needle: &str| {
        let (l, c) = position(&file, needle);
        format!("{}:{l}:{c}:", file.display())
    };
    for (place, field, message) in [
        (at("referals"), "typo.formula", "the formula names `referals`, which is neither an indicator nor a population"),
        (at("contacts-referrals"), "joined.formula", "the formula names `contacts-referrals`, which is neither an indicator nor a population"),
        (at("(contacts / referrals"), "unclosed.formula", "this `(` is never closed in the formula \"100 * (contacts / referrals\""),
    ] {
        let line = format!("error: {place} `{field}`: {message}");
        assert!(err.lines().any(|l| l == line), "expected\n{line}\nin\n{err}");
    }
    assert!(err.contains("did you mean `referrals`?"), "{err}");
    assert!(
        err.contains("a minus between ids needs spaces around it: `contacts - referrals`"),
        "{err}"
    );
    assert!(
        err.contains("`counted.formula`: a count cannot be computed by a formula"),
        "{err}"
    );
    assert!(
        err.contains(
            "`counted.change`: `change: points` applies only to percentages, and this is a count"
        ),
        "{err}"
    );
}

#[test]
fn expression_cycles_are_refused() {
    let data = small_fixture("expression-cycle");
    append(
        &data,
        "indicators.yaml",
        "      - id: a
        title: A
        unit: number
        polarity: up
        formula: \"b + 1\"
      - id: b
        title: B
        unit: number
        polarity: up
        formula: \"a * 2\"
",
    );
    let output = run(&data, &["check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("formulas form a cycle: a -> b -> a"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn control_characters_in_printed_text_are_refused_where_they_are() {
    let data = small_fixture("controls");
    edit(
        &data,
        "months/2020-06.yaml",
        "  conversion: Conversion is steady.",
        "  conversion: \"Conversion is \\a steady.\"",
    );
    edit(
        &data,
        "indicators.yaml",
        "title: Number of referrals",
        "title: \"Number of \\e[31mreferrals\"",
    );
    edit(
        &data,
        "report.yaml",
        "title: Test Services Scorecard",
        "title: \"Test \\x85Services\"",
    );
    let output = run(&data, &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let month = data.join("months/2020-06.yaml");
    let (l, c) = position(&month, "\"Conversion");
    let expected = format!(
        "error: {}:{l}:{c}: `commentary.conversion`: the control character U+0007 cannot be printed",
        month.display()
    );
    assert!(
        err.lines().any(|line| line == expected),
        "{expected}\n{err}"
    );
    assert!(
        err.contains("`referrals.title`: the control character U+001B cannot be printed"),
        "{err}"
    );
    assert!(
        err.contains("`title`: the control character U+0085 cannot be printed"),
        "{err}"
    );
    // Render loads the same way, so it refuses too, before any PDF.
    let render = run(&data, &["render", "--out", "c.pdf"]);
    assert_eq!(render.status.code(), Some(1));
    assert!(!data.parent().unwrap().join("c.pdf").exists());
}

#[test]
fn numbers_too_large_to_mean_anything_are_refused() {
    let data = small_fixture("huge");
    edit(
        &data,
        "months/2020-06.yaml",
        "contacts: 1403",
        "contacts: 1e308",
    );
    edit(
        &data,
        "months/2020-05.yaml",
        "referrals:",
        "on-time: .inf\n  referrals:",
    );
    edit(&data, "indicators.yaml", "sn: 82", "sn: 1e20");
    let output = run(&data, &["check"]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    let june = data.join("months/2020-06.yaml");
    let (l, c) = position(&june, "1e308");
    let expected = format!(
        "error: {}:{l}:{c}: `values.contacts`: 1e308 is too large to be a figure",
        june.display()
    );
    assert!(
        err.lines().any(|line| line == expected),
        "{expected}\n{err}"
    );
    assert!(
        err.contains("2020-05.yaml:4:12: non-finite float `.inf` rejected"),
        "{err}"
    );
    assert!(
        err.contains("`on-time.benchmarks.sn`: 1e20 is too large to be a figure"),
        "{err}"
    );
    assert!(
        err.lines().all(|l| l.len() < 400),
        "no 309-digit numbers: {err}"
    );
}

#[test]
fn a_derived_figure_never_prints_as_inf_or_nan() {
    let data = small_fixture("overflow");
    append(
        &data,
        "indicators.yaml",
        "      - id: tiny
        title: A tiny number
        unit: number
        polarity: up
        decimals: 4
      - id: blown-up
        title: Contacts over a tiny number
        unit: number
        polarity: up
        formula: \"contacts * contacts * contacts * contacts / tiny\"
",
    );
    edit(
        &data,
        "months/2020-06.yaml",
        "values:\n",
        "values:\n  tiny: 0.0001\n",
    );
    edit(
        &data,
        "months/2020-05.yaml",
        "values:\n",
        "values:\n  tiny: 0.0001\n",
    );
    let check = run(&data, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let row = figures_row(&data, "blown-up", &[]);
    assert_eq!(row["value_status"], "n/a", "{row}");
    let csv = stdout(&run(&data, &["figures"]));
    assert!(!csv.contains("inf") && !csv.contains("NaN"), "{csv}");
}

#[test]
fn render_never_writes_over_an_input_or_a_special_file() {
    let data = small_fixture("no-overwrite");
    let dir = data.parent().unwrap().to_path_buf();
    let report = std::fs::read(data.join("report.yaml")).unwrap();
    let refused = |out: &str, what: &str| {
        let output = run(&data, &["render", "--out", out]);
        assert_eq!(output.status.code(), Some(2), "{what}: {}", stderr(&output));
        assert!(
            stdout(&output).is_empty(),
            "no work was done: {}",
            stdout(&output)
        );
        stderr(&output)
    };
    let err = refused("data/report.yaml", "the report itself");
    assert!(
        err.contains("error: data/report.yaml: this is the data folder's file report.yaml"),
        "{err}"
    );
    // A month or an imports.yaml not written yet: a PDF there would stop the folder loading.
    let err = refused("data/months/2020-07.yaml", "a month not there yet");
    assert!(
        err.contains("this is the data folder's file months/2020-07.yaml")
            && err.contains("stop the folder from loading"),
        "{err}"
    );
    assert!(!data.join("months/2020-07.yaml").exists());
    refused("data/imports.yaml", "imports.yaml not there yet");
    assert!(!data.join("imports.yaml").exists());
    refused("data/months/notes.pdf", "any file in months/");
    let output = run(&data, &["render", "--out-dir", "data/months"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = run(&data, &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    refused(
        "data/months/../months/2020-06.yaml",
        "a month file by another path",
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(data.join("report.yaml"), dir.join("link.pdf")).unwrap();
        refused("link.pdf", "a symlink to an input");
        assert!(dir.join("link.pdf").is_symlink(), "the link is left alone");
        refused("/dev/null", "a device");
        match std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.pdf"))
            .status()
        {
            Ok(status) if status.success() => {
                let err = refused("pipe.pdf", "a FIFO");
                assert!(err.contains("not a regular file"), "{err}");
            }
            _ if std::env::var_os("CI").is_some() => panic!("mkfifo is needed in CI"),
            _ => eprintln!("SKIPPED: the FIFO case needs mkfifo"),
        }
    }
    assert_eq!(std::fs::read(data.join("report.yaml")).unwrap(), report);
    // --out-dir must be a folder.
    std::fs::write(dir.join("a-file"), "x").unwrap();
    let output = run(&data, &["render", "--out-dir", "a-file"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // Files named by month in --out-dir are checked too: the data folder's months/
    // holds no PDF, so this one is written.
    let output = run(&data, &["render", "--out-dir", "data"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(data.join("scorecard-2020-06.pdf").is_file());
}

#[test]
fn indicators_without_commentary_are_named_in_one_line() {
    let data = small_fixture("one-line");
    edit(
        &data,
        "months/2020-06.yaml",
        "  conversion: Conversion is steady.\n",
        "",
    );
    edit(
        &data,
        "months/2020-06.yaml",
        "  on-time: Timeliness improved again.\n",
        "",
    );
    let render = run(&data, &["render", "--out", "one.pdf"]);
    assert!(render.status.success(), "{}", stderr(&render));
    let err = stderr(&render);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("no commentary"))
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(
        lines[0].ends_with(
            "`commentary`: 2 indicators have no commentary for June 2020: `conversion`, `on-time`"
        ),
        "{err}"
    );
    let check = run(&data, &["check"]);
    assert!(check.status.success());
    assert!(
        stdout(&check)
            .contains("\n2 indicators have no commentary for June 2020: `conversion`, `on-time`\n"),
        "{}",
        stdout(&check)
    );
}

#[test]
fn packs_of_one_month_name_the_missing_commentary_once() {
    let data = small_fixture("one-line-packs");
    append(
        &data,
        "report.yaml",
        "packs:\n  - id: board\n  - id: committee\n",
    );
    edit(
        &data,
        "months/2020-06.yaml",
        "  on-time: Timeliness improved again.\n",
        "",
    );
    let render = run(&data, &["render", "--out-dir", "packs"]);
    assert!(render.status.success(), "{}", stderr(&render));
    let err = stderr(&render);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("no commentary"))
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].ends_with("`commentary.on-time`: `on-time` has no commentary for June 2020"));
}

#[test]
fn a_commentary_a_board_cannot_read_at_a_glance_is_warned_of() {
    let data = small_fixture("long-commentary");
    let long = "The service is improving. ".repeat(90);
    edit(
        &data,
        "months/2020-06.yaml",
        "  conversion: Conversion is steady.",
        &format!("  conversion: {}", long.trim()),
    );
    let output = run(&data, &["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains(
            "`commentary.conversion`: the commentary on `conversion` is 2339 characters long"
        ),
        "{err}"
    );
}

#[test]
fn a_template_error_names_no_option_scorecard_lacks() {
    let data = small_fixture("root-hint");
    let dir: PathBuf = data.parent().unwrap().to_path_buf();
    std::fs::write(dir.join("escape.typ"), "#read(\"../../../etc/passwd\")\n").unwrap();
    let output = run(
        &data,
        &["render", "--template", "escape.typ", "--out", "e.pdf"],
    );
    assert_eq!(output.status.code(), Some(3));
    let err = stderr(&output);
    assert!(err.contains("escape"), "{err}");
    assert!(!err.contains("--root"), "{err}");
    assert!(err.contains("a template can read only /data.json"), "{err}");
}
