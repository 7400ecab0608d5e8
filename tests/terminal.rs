//! What reaches the user's terminal: outside text (a spreadsheet heading, a YAML key or
//! value) is shown with its control characters escaped, so no file can retitle or clear
//! the terminal; and a standard output closed early (`scorecard render | true`) neither
//! stops the work nor panics.

mod common;

use std::process::{Command, Stdio};

use common::*;

/// Fails unless `text` holds no raw control character but newline and tab, and shows
/// each of `escaped` (e.g. `\u{1b}`) instead.
fn escaped_only(text: &str, escaped: &[&str]) {
    let raw: Vec<char> = text
        .chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect();
    assert!(raw.is_empty(), "raw control characters {raw:?} in:\n{text}");
    for needle in escaped {
        assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
    }
}

#[test]
fn a_yaml_key_or_value_with_control_characters_is_quoted_escaped() {
    let data = small_fixture("terminal-yaml");
    // A key with ESC (a terminal title sequence) and a value with BEL.
    replace_in(
        &data.join("indicators.yaml"),
        &[
            (
                "        polarity: neutral\n        benchmarks:",
                "        \"polar\\e]0;owned\\aity\": neutral\n        benchmarks:",
            ),
            (
                "        unit: percentage\n        polarity: up",
                "        unit: \"percent\\a\"\n        polarity: up",
            ),
        ],
    );
    let check = run_on(&data, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    escaped_only(
        &stderr(&check),
        &[
            "`polar\\u{1b}]0;owned\\u{7}ity`: unknown field",
            "`percent\\u{7}` is not one of the values this field takes",
        ],
    );
}

#[test]
fn a_spreadsheet_heading_with_esc_is_quoted_escaped() {
    let data = small_fixture("terminal-heading");
    let dir = data.parent().unwrap();
    std::fs::write(
        dir.join("july.csv"),
        "id,2020-07,\u{1b}[2Jcleared\u{1b}]0;owned\u{7}\ncontacts,1500,1\n",
    )
    .unwrap();
    let import = scorecard_in(dir, &["import", "july.csv", "--data", "data"], &[]);
    let all = format!("{}{}", stdout(&import), stderr(&import));
    assert!(!all.contains("panicked"), "{all}");
    escaped_only(&all, &["\\u{1b}[2Jcleared\\u{1b}]0;owned\\u{7}"]);
}

/// Runs `scorecard ARGS` on `data` with its standard output closed before it writes.
fn with_stdout_closed(data: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = args.to_vec();
    all.extend(["--data", data.to_str().unwrap()]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_scorecard"))
        .args(&all)
        .current_dir(data.parent().unwrap())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_standard_output_neither_stops_the_work_nor_panics() {
    let data = small_fixture("closed-stdout");
    let out = data.parent().unwrap().join("out");
    let render = with_stdout_closed(
        &data,
        &["render", "--all-months", "--out-dir", out.to_str().unwrap()],
    );
    assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
    assert!(!stderr(&render).contains("panicked"), "{}", stderr(&render));
    let written = std::fs::read_dir(&out)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "pdf")
        })
        .count();
    assert_eq!(written, 14, "every month's PDF was written");
    assert!(out.join("index.html").is_file(), "and the folder's index");
    // Data on standard output too.
    let figures = with_stdout_closed(&data, &["figures"]);
    assert_eq!(figures.status.code(), Some(0), "{}", stderr(&figures));
    let check = with_stdout_closed(&data, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
}
