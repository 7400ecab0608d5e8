//! `scorecard spc` as an analyst runs it on a CSV series.

mod common;

use common::*;

fn write_csv(name: &str, text: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    let path = dir.join("series.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn csv_output_has_limits_from_thirteen_points() {
    // 15 points: the "Process limits - 15" shape, a stable series.
    let values = [20, 25, 18, 30, 22, 24, 19, 27, 21, 23, 26, 20, 24, 22, 27];
    let mut csv = String::from("month,value\n");
    for (i, v) in values.iter().enumerate() {
        csv.push_str(&format!("2020-{:02},{v}\n", (i % 12) + 1));
    }
    let path = write_csv("spc-csv", &csv);
    let output = scorecard(&["spc", path.to_str().unwrap(), "--polarity", "up"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "point,month,value,mean,lower,upper,signal");
    assert_eq!(lines.len(), 16);
    let first: Vec<&str> = lines[1].split(',').collect();
    assert_eq!(first[0], "1");
    assert_eq!(first[1], "2020-01");
    assert!(
        !first[4].is_empty() && !first[5].is_empty(),
        "limits with 15 points: {}",
        lines[1]
    );
    assert!(lines[1..].iter().all(|l| l.ends_with(",common")), "{out}");
}

/// Runs `scorecard spc FILE --format json ARGS...` and parses its output.
fn spc_json(path: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["spc", path.to_str().unwrap(), "--format", "json"];
    all.extend_from_slice(args);
    let output = scorecard(&all);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

#[test]
fn json_output_and_too_few_points() {
    let path = write_csv("spc-json", "value\n1\n2\n3\n4\n5\n6\n7\n");
    let json = spc_json(&path, &["--polarity", "down", "--target", "3"]);
    assert_eq!(json["variation"], "none");
    assert_eq!(json["assurance"], "none");
    assert_eq!(json["points"].as_array().unwrap().len(), 7);
    assert!(json["points"][0]["lower"].is_null());
}

#[test]
fn special_cause_and_assurance_through_the_cli() {
    // 14 steady points then a run of 6 above the mean: a shift, improvement when up is good.
    let mut csv = String::from("value\n");
    for v in [
        10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 11, 9, 10, 9, 14, 14, 15, 14, 15, 14,
    ] {
        csv.push_str(&format!("{v}\n"));
    }
    let path = write_csv("spc-shift", &csv);
    let json = spc_json(
        &path,
        &["--polarity", "up", "--target", "1", "--baseline", "14"],
    );
    assert_eq!(json["points"][19]["signal"], "improvement");
    assert_eq!(json["variation"], "improvement-high");
    assert_eq!(json["assurance"], "pass");
}

#[test]
fn clear_errors_for_bad_series_and_options() {
    let path = write_csv("spc-nocol", "month,count\n2020-01,3\n");
    let output = scorecard(&["spc", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("value"), "{}", stderr(&output));

    let path = write_csv("spc-nan", "value\n3\ntwelve\n");
    let output = scorecard(&["spc", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("line 3") && err.contains("twelve"), "{err}");

    let path = write_csv("spc-opts", "value\n1\n2\n3\n");
    let output = scorecard(&["spc", path.to_str().unwrap(), "--baseline", "10"]);
    assert_eq!(output.status.code(), Some(2));
    let output = scorecard(&["spc", path.to_str().unwrap(), "--recalc-at", "1"]);
    assert_eq!(output.status.code(), Some(2));
    let output = scorecard(&["spc", path.to_str().unwrap(), "--polarity", "sideways"]);
    assert_eq!(output.status.code(), Some(2));
    let output = scorecard(&["spc", "does-not-exist.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("does-not-exist.csv: file not found"),
        "{}",
        stderr(&output)
    );
}
