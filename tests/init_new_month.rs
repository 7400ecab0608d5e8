//! `scorecard init` and `scorecard new-month`: the starter folder checks clean and renders
//! at once; next month's file lists every typed indicator with last month's value, passes
//! `check`, and is never overwritten; a folder with no months yet takes a first month
//! from `new-month` or from `import` alike.

mod common;

use std::fs;

use common::{
    copy_tree, files_under, page_count, replace_in, root, scorecard_in, scratch, small_fixture,
    stderr, stdout,
};

#[test]
fn init_then_check_then_render() {
    let dir = scratch("init-render");
    let init = scorecard_in(&dir, &["init", "starter"], &[]);
    assert!(init.status.success(), "{}", stderr(&init));
    let said = stdout(&init);
    for name in ["report.yaml", "indicators.yaml", "months/2025-03.yaml"] {
        assert!(said.contains(name), "init names {name}: {said}");
        assert!(dir.join("starter").join(name).is_file(), "{name} written");
    }
    assert!(said.contains("scorecard check --data starter"), "{said}");
    assert!(said.contains("scorecard render --data starter"), "{said}");

    let check = scorecard_in(&dir, &["check", "--data", "starter"], &[]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("no errors, 0 warnings"),
        "{}",
        stdout(&check)
    );
    assert_eq!(stderr(&check), "", "check prints no problem");

    let render = scorecard_in(&dir, &["render", "--data", "starter"], &[]);
    assert!(render.status.success(), "{}", stderr(&render));
    assert_eq!(stderr(&render), "", "render gives no warning");
    let pdf = dir.join("out/scorecard-2025-03.pdf");
    assert!(pdf.is_file(), "{}", stdout(&render));
    assert!(page_count(&pdf) >= 1);
}

#[test]
fn every_starter_field_is_explained_by_a_comment() {
    let dir = scratch("init-comments");
    let init = scorecard_in(&dir, &["init", "d"], &[]);
    assert!(init.status.success(), "{}", stderr(&init));
    let report = fs::read_to_string(dir.join("d/report.yaml")).unwrap();
    let indicators = fs::read_to_string(dir.join("d/indicators.yaml")).unwrap();
    // In report.yaml each top-level setting follows its own comment.
    let lines: Vec<&str> = report.lines().filter(|l| !l.trim().is_empty()).collect();
    for (i, line) in lines.iter().enumerate() {
        if line.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
            assert!(
                i > 0 && lines[i - 1].starts_with('#'),
                "report.yaml: no comment above {line:?}"
            );
        }
    }
    // In indicators.yaml every field's name appears in a comment.
    let comments: String = indicators
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    for word in [
        "id",
        "ref",
        "title",
        "outcome",
        "unit",
        "polarity",
        "decimals",
        "benchmarks",
        "formula",
        "numerator",
        "denominator",
        "population",
        "per",
        "target",
        "spc",
    ] {
        assert!(
            comments.contains(word),
            "no comment mentions `{word}`:\n{comments}"
        );
    }
    assert!(indicators.contains("count | percentage | rate"));
    assert!(indicators.contains("up (higher is better) | down | neutral"));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = scratch("init-refused");
    let target = dir.join("mine");
    fs::create_dir_all(target.join("months")).unwrap();
    fs::write(target.join("report.yaml"), "organisation: Mine\n").unwrap();
    let before = files_under(&target);

    let init = scorecard_in(&dir, &["init", "mine"], &[]);
    assert_eq!(init.status.code(), Some(2), "{}", stderr(&init));
    let said = stderr(&init);
    assert!(
        said.contains("error: mine: the folder is not empty"),
        "{said}"
    );
    assert!(
        said.contains("hint: give a new folder, or an empty one"),
        "{said}"
    );
    assert_eq!(files_under(&target), before, "nothing changed");

    fs::write(dir.join("a-file"), "x").unwrap();
    let init = scorecard_in(&dir, &["init", "a-file"], &[]);
    assert_eq!(init.status.code(), Some(2), "{}", stderr(&init));
    assert!(stderr(&init).contains("not a folder"), "{}", stderr(&init));
    assert_eq!(fs::read(dir.join("a-file")).unwrap(), b"x");

    // An empty folder is fine.
    fs::create_dir_all(dir.join("empty")).unwrap();
    let init = scorecard_in(&dir, &["init", "empty"], &[]);
    assert!(init.status.success(), "{}", stderr(&init));
}

#[test]
fn new_month_writes_the_next_month_and_never_overwrites_it() {
    let data = small_fixture("new-month");
    let dir = data.parent().unwrap();
    let run = scorecard_in(dir, &["new-month", "--data", "data"], &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let path = data.join("months/2020-07.yaml");
    assert!(
        stdout(&run).contains("wrote data/months/2020-07.yaml"),
        "{}",
        stdout(&run)
    );
    let text = fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for line in [
        "month: 2020-07",
        "values:",
        "  contacts: null  # Jun-20: 1,403",
        "  referrals: null  # Jun-20: 342",
        "  on-time: null  # Jun-20: 91.0%",
        "commentary:",
        "  contacts: \"\"",
        "  conversion: \"\"",
        "  referral-rate: \"\"",
        "  on-time: \"\"",
    ] {
        assert!(lines.contains(&line), "no line {line:?} in:\n{text}");
    }
    // Formula indicators take no typed value; indicators.yaml's order is kept.
    assert!(!text.contains("conversion: null"), "{text}");
    assert!(!text.contains("referral-rate: null"), "{text}");
    let position = |l: &str| lines.iter().position(|x| *x == l).unwrap();
    assert!(
        position("  contacts: null  # Jun-20: 1,403")
            < position("  referrals: null  # Jun-20: 342")
    );
    assert!(text.starts_with("# "), "a header comment: {text}");

    let check = scorecard_in(dir, &["check", "--data", "data"], &[]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("15 months (2019-05 to 2020-07): no errors"),
        "{}",
        stdout(&check)
    );

    // Filled in, then asked for again: refused, and the file is exactly as it was.
    let filled = text.replace(
        "  contacts: null  # Jun-20: 1,403",
        "  contacts: 1500  # Jun-20: 1,403",
    );
    fs::write(&path, &filled).unwrap();
    let again = scorecard_in(dir, &["new-month", "2020-07", "--data", "data"], &[]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("2020-07 already has a month file"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("hint:"), "{}", stderr(&again));
    assert_eq!(fs::read(&path).unwrap(), filled.as_bytes());
    let names: Vec<_> = fs::read_dir(data.join("months"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 15, "no stray file: {names:?}");
}

#[test]
fn new_month_on_shipped_data_names_not_applicable_and_missing_values() {
    let dir = scratch("new-month-shipped");
    let data = dir.join("data");
    copy_tree(&root().join("data"), &data);
    // One indicator left out of June altogether, as a team might.
    let june_path = data.join("months/2020-06.yaml");
    replace_in(&june_path, &[("\n  uasc: 12\n", "\n")]);

    let run = scorecard_in(&dir, &["new-month", "--data", "data"], &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let text = fs::read_to_string(data.join("months/2020-07.yaml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for line in [
        "  contacts: null  # Jun-20: 1,403",
        "  transfer-ins-cp-pct: null  # Jun-20: n/a",
        "  foster-carers: null  # Jun-20: no figure",
        "  uasc: null  # Jun-20: no figure",
    ] {
        assert!(lines.contains(&line), "no line {line:?} in:\n{text}");
    }
    assert!(!text.contains("referral-conversion: null"), "{text}");
    assert!(text.contains("\n  referral-conversion: \"\"\n"), "{text}");

    let check = scorecard_in(&dir, &["check", "--data", "data"], &[]);
    assert!(check.status.success(), "{}", stderr(&check));
}

fn ok(output: &std::process::Output) -> String {
    assert_eq!(
        output.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
    stdout(output)
}

/// A folder with report.yaml and indicators.yaml but no month files: `new-month MONTH`
/// and a first import both create the month and give a folder `check` passes.
#[test]
fn a_new_folder_takes_new_month_and_a_first_import_alike() {
    for (name, args) in [
        (
            "first-new-month",
            vec!["new-month", "2020-07", "--data", "data"],
        ),
        ("first-import", vec!["import", "july.csv", "--data", "data"]),
    ] {
        let data = small_fixture(name);
        let dir = data.parent().unwrap().to_path_buf();
        fs::remove_dir_all(data.join("months")).unwrap();
        fs::write(dir.join("july.csv"), "id,2020-07\ncontacts,1500\n").unwrap();
        let out = ok(&scorecard_in(&dir, &args, &[]));
        assert!(out.contains("data/months/2020-07.yaml"), "{name}: {out}");
        let check = ok(&scorecard_in(&dir, &["check", "--data", "data"], &[]));
        assert!(
            check.contains("1 month (2020-07 to 2020-07): no errors"),
            "{name}: {check}"
        );
    }
    let data = small_fixture("first-new-month-no-month");
    let dir = data.parent().unwrap().to_path_buf();
    fs::remove_dir_all(data.join("months")).unwrap();
    let run = scorecard_in(&dir, &["new-month", "--data", "data"], &[]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("give the first month to write, e.g. `scorecard new-month 2020-07`"),
        "{}",
        stderr(&run)
    );
}
