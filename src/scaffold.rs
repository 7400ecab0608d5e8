//! Starting points written for the user, so nobody begins from a blank file. The first is
//! the small data folder `scorecard init` writes: a report, one section holding a count, a
//! percentage and a rate by formula, and three months of values and commentary, every
//! field explained by a comment. Its files live in `templates/init/` and are compiled into
//! the binary. The second is next month's file, which `scorecard new-month` writes: every
//! indicator that takes a typed value listed as `null` with the previous month's value
//! beside it as a comment, and an empty commentary entry for every indicator. Nothing here
//! reads or writes files; the commands do.

use std::fmt::Write as _;

use crate::format::{format_in_unit, format_number, typed_decimals};
use crate::model::{Dataset, Indicator, Unit, Value, YearMonth, MAX_DECIMALS};

/// One file of the starter data folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StarterFile {
    /// Its path inside the data folder, with `/` separators.
    pub path: &'static str,
    /// Its contents.
    pub text: &'static str,
}

/// The data folder `scorecard init` writes, in the order it is written.
pub const STARTER_FILES: &[StarterFile] = &[
    StarterFile {
        path: "report.yaml",
        text: include_str!("../templates/init/report.yaml"),
    },
    StarterFile {
        path: "indicators.yaml",
        text: include_str!("../templates/init/indicators.yaml"),
    },
    StarterFile {
        path: "distribution.yaml",
        text: include_str!("../templates/init/distribution.yaml"),
    },
    StarterFile {
        path: "months/2025-01.yaml",
        text: include_str!("../templates/init/months/2025-01.yaml"),
    },
    StarterFile {
        path: "months/2025-02.yaml",
        text: include_str!("../templates/init/months/2025-02.yaml"),
    },
    StarterFile {
        path: "months/2025-03.yaml",
        text: include_str!("../templates/init/months/2025-03.yaml"),
    },
];

/// The month after the latest month file, or `None` when there is no month file or the
/// next month would leave the four-digit years.
pub fn next_month(dataset: &Dataset) -> Option<YearMonth> {
    let next = dataset.latest_month()?.plus(1);
    YearMonth::new(next.year(), next.month())
}

/// The indicators that take a typed value in month files (those without a formula), in
/// indicators.yaml's order.
pub fn typed_indicators(dataset: &Dataset) -> impl Iterator<Item = &Indicator> {
    dataset
        .indicators()
        .map(|(_, indicator)| indicator)
        .filter(|indicator| indicator.formula.is_none())
}

/// The text of a new file for `month`: a header saying what to fill in, `month:`, every
/// typed indicator under `values:` as `null` with the value from the latest earlier month
/// file beside it as a comment, and an empty entry under `commentary:` for every
/// indicator. Indicators keep indicators.yaml's order, each section introduced by a
/// comment. The file as written passes `scorecard check`.
pub fn month_file(dataset: &Dataset, month: YearMonth) -> String {
    let previous = dataset
        .months
        .range(..month)
        .next_back()
        .map(|(m, data)| (*m, data));
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# Figures and commentary for {}, written by `scorecard new-month`.",
        month.long_name()
    );
    text.push_str(
        "#\n\
         # Under `values:`, replace each `null` with this month's figure: a number such as\n\
         # 1403, 1,403 or 24.4 (percentages as percents: 81.9 or 81.9%), `n/a` when the figure\n\
         # does not apply this month, or leave `null` when there is no figure.\n",
    );
    match previous {
        Some((m, _)) => {
            let _ = writeln!(
                text,
                "# The comment beside each line is {}'s value, for comparison.",
                m.long_name()
            );
        }
        None => text.push_str("# There is no earlier month file to compare with.\n"),
    }
    text.push_str(
        "# Indicators computed by a formula are not listed: they follow from their inputs.\n\
         #\n\
         # Under `commentary:`, write what lies behind each number between the quotes. An\n\
         # empty entry is left out of the report (and `render` warns about it).\n\
         # Then run `scorecard check` and `scorecard render`.\n\n",
    );
    let _ = writeln!(text, "month: {month}");

    let typed: Vec<(&str, &Indicator)> = dataset
        .indicators()
        .filter(|(_, i)| i.formula.is_none())
        .map(|(s, i)| (s.title.as_str(), i))
        .collect();
    if typed.is_empty() {
        text.push_str("values: {}\n");
    } else {
        text.push_str("values:\n");
        let mut section = None;
        for (title, indicator) in typed {
            if section != Some(title) {
                let _ = writeln!(text, "  # {}", one_line(title));
                section = Some(title);
            }
            let _ = write!(text, "  {}: null", yaml_key(&indicator.id));
            if let Some((m, data)) = previous {
                let before = describe(data.values.get(&indicator.id).copied(), indicator);
                let _ = write!(text, "  # {}: {before}", m.short_name());
            }
            text.push('\n');
        }
    }

    let all: Vec<(&str, &Indicator)> = dataset
        .indicators()
        .map(|(s, i)| (s.title.as_str(), i))
        .collect();
    if all.is_empty() {
        text.push_str("commentary: {}\n");
    } else {
        text.push_str("commentary:\n");
        let mut section = None;
        for (title, indicator) in all {
            if section != Some(title) {
                let _ = writeln!(text, "  # {}", one_line(title));
                section = Some(title);
            }
            let _ = writeln!(text, "  {}: \"\"", yaml_key(&indicator.id));
        }
    }
    text
}

/// A previous value in a form a month file takes back: "1,172", "91.0%", "−0.84" (money
/// without its symbol and scale, a number without its suffix), "no figure" or "n/a".
/// It keeps every decimal that was typed (up to the most an indicator may show), so the
/// comment never rounds the figure it reminds the user of.
fn describe(value: Option<Value>, indicator: &Indicator) -> String {
    match value.unwrap_or(Value::Missing) {
        Value::Present(x) => {
            let decimals = typed_decimals(x, indicator.decimals, MAX_DECIMALS);
            match &indicator.unit {
                // A currency symbol, a scale's letter and a suffix word are the pack's, not
                // what a month file takes: the comment shows the number to type.
                Unit::Money { .. } | Unit::Number { .. } => format_number(x, decimals),
                unit => format_in_unit(x, unit, decimals),
            }
        }
        Value::Missing => "no figure".into(),
        Value::NotApplicable => "n/a".into(),
        // Typed values are never withheld; only public figures derived from them are.
        Value::Suppressed => "withheld".into(),
    }
}

/// An id as a YAML mapping key. Ids hold only lower-case letters, digits, `-` and `_`;
/// one that YAML would read as a number, a boolean or null is quoted.
fn yaml_key(id: &str) -> String {
    const PLAIN_SPECIAL: [&str; 11] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    let starts_with_letter = id.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    let plain = starts_with_letter
        && !PLAIN_SPECIAL.contains(&id)
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if plain {
        id.to_string()
    } else {
        format!("\"{}\"", id.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// Text for a one-line comment: line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn small() -> Dataset {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
        let (dataset, _) = crate::load::load(&root).into_result(&root).unwrap();
        dataset
    }

    fn month(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    #[test]
    fn the_next_month_follows_the_latest_file() {
        assert_eq!(next_month(&small()), Some(month("2020-07")));
    }

    #[test]
    fn typed_indicators_are_listed_with_last_months_value() {
        let dataset = small();
        let text = month_file(&dataset, month("2020-07"));
        assert!(
            text.starts_with("# Figures and commentary for July 2020"),
            "{text}"
        );
        assert!(text.contains("\nmonth: 2020-07\n"), "{text}");
        let values: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "values:")
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            .collect();
        assert_eq!(
            values,
            [
                "  # Front door",
                "  contacts: null  # Jun-20: 1,403",
                "  referrals: null  # Jun-20: 342",
                "  # Timeliness",
                "  on-time: null  # Jun-20: 91.0%",
            ]
        );
        let commentary: Vec<&str> = text
            .lines()
            .skip_while(|l| *l != "commentary:")
            .skip(1)
            .filter(|l| !l.trim_start().starts_with('#'))
            .collect();
        assert_eq!(
            commentary,
            [
                "  contacts: \"\"",
                "  referrals: \"\"",
                "  conversion: \"\"",
                "  referral-rate: \"\"",
                "  on-time: \"\"",
            ]
        );
    }

    #[test]
    fn missing_and_not_applicable_values_are_named() {
        let mut dataset = small();
        let june = dataset.months.get_mut(&month("2020-06")).unwrap();
        june.values.insert("contacts".into(), Value::NotApplicable);
        june.values.insert("referrals".into(), Value::Missing);
        june.values.remove("on-time");
        let text = month_file(&dataset, month("2020-07"));
        assert!(text.contains("  contacts: null  # Jun-20: n/a\n"), "{text}");
        assert!(
            text.contains("  referrals: null  # Jun-20: no figure\n"),
            "{text}"
        );
        assert!(
            text.contains("  on-time: null  # Jun-20: no figure\n"),
            "{text}"
        );
    }

    #[test]
    fn the_comment_is_from_the_latest_earlier_month() {
        let mut dataset = small();
        // A month in a gap compares with the file before it, named by its month.
        dataset.months.remove(&month("2020-05"));
        let text = month_file(&dataset, month("2020-05"));
        assert!(
            text.contains("  contacts: null  # Apr-20: 1,050\n"),
            "{text}"
        );
        assert!(text.contains("is April 2020's value"), "{text}");
        // Before the first file there is nothing to compare with.
        let text = month_file(&dataset, month("2019-04"));
        assert!(text.contains("no earlier month file"), "{text}");
        assert!(text.contains("\n  contacts: null\n"), "{text}");
    }

    #[test]
    fn typed_decimals_are_kept_and_display_decimals_respected() {
        let dataset = small();
        let on_time = typed_indicators(&dataset)
            .find(|i| i.id == "on-time")
            .unwrap()
            .clone();
        assert_eq!(describe(Some(Value::Present(90.25)), &on_time), "90.25%");
        assert_eq!(describe(Some(Value::Present(90.0)), &on_time), "90.0%");
        let contacts = typed_indicators(&dataset).next().unwrap().clone();
        assert_eq!(
            describe(Some(Value::Present(12345.5)), &contacts),
            "12,345.5"
        );
        assert_eq!(describe(None, &contacts), "no figure");
    }

    #[test]
    fn ids_yaml_would_misread_are_quoted() {
        assert_eq!(yaml_key("contacts"), "contacts");
        assert_eq!(yaml_key("re-referrals_2"), "re-referrals_2");
        assert_eq!(yaml_key("12"), "\"12\"");
        assert_eq!(yaml_key("1e3"), "\"1e3\"");
        assert_eq!(yaml_key("null"), "\"null\"");
        assert_eq!(yaml_key("no"), "\"no\"");
    }

    #[test]
    fn the_starter_folder_loads_without_a_problem() {
        let root = std::env::temp_dir().join(format!("scorecard-scaffold-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for file in STARTER_FILES {
            let path: PathBuf = root.join(file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, file.text).unwrap();
        }
        let loaded = crate::load::load(&root);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        let dataset = loaded.dataset.unwrap();
        assert_eq!(dataset.sections.len(), 1);
        assert_eq!(dataset.indicators().count(), 4);
        assert_eq!(dataset.months.len(), 3);
        assert_eq!(dataset.report.comparators.len(), 2);
        // Every indicator has commentary in every month, so a render gives no warnings.
        for data in dataset.months.values() {
            for (_, indicator) in dataset.indicators() {
                assert!(
                    data.commentary.contains_key(&indicator.id),
                    "{}",
                    indicator.id
                );
            }
        }
        // A new month on the starter folder is valid too.
        let next = next_month(&dataset).unwrap();
        assert_eq!(next, month("2025-04"));
        let text = month_file(&dataset, next);
        assert!(
            text.contains("  contacts: null  # Mar-25: 1,090\n"),
            "{text}"
        );
        std::fs::write(root.join("months/2025-04.yaml"), &text).unwrap();
        let loaded = crate::load::load(&root);
        assert!(loaded.problems.is_empty(), "{:#?}", loaded.problems);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
