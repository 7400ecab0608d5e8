//! The month files, `months/YYYY-MM.yaml`: each value typed as a number, `null` or `n/a`
//! and checked against its indicator's unit, commentary matched to defined indicators, and
//! a warning for counts that jump more than tenfold in a month.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::yaml::location;
use super::{read_and_parse, Loader};
use crate::diag::{did_you_mean, Problem};
use crate::model::{describe_number, Indicator, MonthData, Section, Unit, Value, YearMonth};

/// Commentary longer than this (in characters) is warned of: a board reads a paragraph,
/// not a report.
pub const LONG_COMMENTARY: usize = 2_000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMonth {
    month: Spanned<String>,
    #[serde(default)]
    reconstructed: bool,
    #[serde(default)]
    values: BTreeMap<String, Spanned<Option<RawValue>>>,
    #[serde(default)]
    commentary: BTreeMap<String, Spanned<String>>,
}

/// A typed value: a number, or text (only `n/a` is accepted).
#[derive(Deserialize)]
#[serde(untagged)]
pub(super) enum RawValue {
    Number(f64),
    Text(String),
}

/// A month file as loaded, with where each value was written (for warnings).
pub(super) struct LoadedMonth {
    path: PathBuf,
    /// The checked contents.
    pub(super) data: MonthData,
    value_sites: BTreeMap<String, (u64, u64)>,
}

impl Loader {
    /// Every month file in `root/months`, parsed and checked against the indicators in
    /// `sections` (only their own form when indicators.yaml could not be read).
    pub(super) fn load_months(
        &mut self,
        root: &Path,
        sections: Option<&[Section]>,
    ) -> BTreeMap<YearMonth, LoadedMonth> {
        let folder = root.join("months");
        let mut months = BTreeMap::new();
        let Some(paths) = self.month_folder(&folder) else {
            return months;
        };
        let indicators: BTreeMap<&str, &Indicator> = sections
            .unwrap_or_default()
            .iter()
            .flat_map(|s| &s.indicators)
            .map(|i| (i.id.as_str(), i))
            .collect();
        // Parsing is most of a load's time, so the month files are parsed together on
        // every core; everything is then recorded in path order, so the problems read as
        // they would from reading the files one by one.
        let judged: Vec<(PathBuf, NameJudgement)> = paths
            .into_iter()
            .map(|path| {
                let judgement = judge_name(&path);
                (path, judgement)
            })
            .collect();
        let parsed = crate::parallel::map_in_order(&judged, |(path, judgement)| {
            matches!(judgement, NameJudgement::Month(..))
                .then(|| read_and_parse::<RawMonth>(root, path))
        });
        for ((path, judgement), file) in judged.into_iter().zip(parsed) {
            let (file_name, month, file) = match (judgement, file) {
                (NameJudgement::Month(file_name, month), Some(file)) => (file_name, month, file),
                (NameJudgement::Refused(problem), _) => {
                    self.push(*problem);
                    continue;
                }
                _ => continue,
            };
            let Some(raw) = self.accept(&path, file) else {
                continue;
            };
            self.check_month_field(&path, &file_name, month, &raw.month);
            let value_sites = raw
                .values
                .iter()
                .map(|(id, v)| (id.clone(), location(v)))
                .collect();
            let data = self.check_month(&path, raw, &indicators, sections.is_some());
            months.insert(
                month,
                LoadedMonth {
                    path,
                    data,
                    value_sites,
                },
            );
        }
        if months.is_empty() && self.error_count() == 0 && !self.months_optional {
            self.push(
                Problem::error(&folder, "there are no month files")
                    .hint("add one YYYY-MM.yaml file per month, e.g. months/2020-06.yaml"),
            );
        }
        self.warn_of_gaps(&folder, months.keys().copied());
        months
    }

    /// The paths in the months folder, sorted; `None` when it cannot be read (an error,
    /// unless months are optional and there is no folder).
    fn month_folder(&mut self, folder: &Path) -> Option<Vec<PathBuf>> {
        let entries = match std::fs::read_dir(folder) {
            Ok(entries) => entries,
            Err(_) if self.months_optional && !folder.exists() => return None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.push(
                    Problem::error(folder, "the months folder is missing")
                        .hint("create months/ with one YYYY-MM.yaml file per month"),
                );
                return None;
            }
            Err(e) => {
                self.push(
                    Problem::error(folder, format!("the months folder cannot be read: {e}"))
                        .hint("check it is a folder you may read (its permissions, or a disk that is not mounted)"),
                );
                return None;
            }
        };
        let mut paths = Vec::new();
        for entry in entries {
            match entry {
                Ok(entry) => paths.push(entry.path()),
                Err(e) => {
                    // A month that cannot be listed must not vanish from the report.
                    self.push(
                        Problem::error(
                            folder,
                            format!("the months folder cannot be read in full: {e}"),
                        )
                        .hint("check the folder and the disk, then run the command again"),
                    );
                    return None;
                }
            }
        }
        paths.sort();
        Some(paths)
    }

    /// The file's `month:` is the month its name gives.
    fn check_month_field(
        &mut self,
        path: &Path,
        file_name: &str,
        month: YearMonth,
        written: &Spanned<String>,
    ) {
        if written.value.parse::<YearMonth>() != Ok(month) {
            let (line, column) = location(written);
            self.push(
                Problem::error(
                    path,
                    format!(
                        "the file says `month: {}` but is named {file_name}",
                        written.value
                    ),
                )
                .at(line, column)
                .field("month")
                .hint(format!("set `month: {month}` or rename the file")),
            );
        }
    }

    /// A month missing between two others shows as a gap in the series and shortens the
    /// 12-month windows, so it is pointed out (the file may have been deleted or misnamed
    /// by mistake) when it falls in the two years up to the latest month, which the
    /// table's figures and trend lines draw on; older gaps are history.
    fn warn_of_gaps(&mut self, folder: &Path, months: impl Iterator<Item = YearMonth>) {
        let months: Vec<YearMonth> = months.collect();
        let Some(recent) = months.last().map(|latest| latest.plus(-23)) else {
            return;
        };
        for pair in months.windows(2) {
            let (before, after) = (pair[0], pair[1]);
            if after.plus(-1) < recent {
                continue;
            }
            let missing = after.months_since(before) - 1;
            if missing > 0 {
                let (first, last) = (before.plus(1), after.plus(-1));
                let (gap, files) = if missing == 1 {
                    (
                        format!("there is no file for {first}"),
                        format!("months/{first}.yaml"),
                    )
                } else {
                    (
                        format!("there are no files for the {missing} months {first} to {last}"),
                        format!("months/{first}.yaml to {last}.yaml"),
                    )
                };
                self.push(
                    Problem::warning(
                        folder,
                        format!("{gap}, between {before} and {after}: no indicator has a figure there"),
                    )
                    .hint(format!(
                        "add {files} (scorecard new-month {first} writes one); if no figures were collected, the gap is right"
                    )),
                );
            }
        }
    }

    /// One month file checked into the model: each value and each commentary on its own,
    /// every mistake reported, the rest kept.
    fn check_month(
        &mut self,
        path: &Path,
        raw: RawMonth,
        indicators: &BTreeMap<&str, &Indicator>,
        indicators_known: bool,
    ) -> MonthData {
        let mut values = BTreeMap::new();
        for (id, value) in raw.values {
            if let Some(value) = self.check_value(path, &id, value, indicators, indicators_known) {
                values.insert(id, value);
            }
        }
        let mut commentary = BTreeMap::new();
        for (id, text) in raw.commentary {
            if let Some(text) = self.check_commentary(path, &id, text, indicators, indicators_known)
            {
                commentary.insert(id, text);
            }
        }
        MonthData {
            path: path.to_path_buf(),
            reconstructed: raw.reconstructed,
            values,
            commentary,
        }
    }

    /// The value typed for indicator `id`, when it is one the indicator can take; `None`
    /// after reporting why not. `indicators_known` is false when indicators.yaml could
    /// not be read, and then only the value's own form is checked.
    fn check_value(
        &mut self,
        path: &Path,
        id: &str,
        value: Spanned<Option<RawValue>>,
        indicators: &BTreeMap<&str, &Indicator>,
        indicators_known: bool,
    ) -> Option<Value> {
        let (line, column) = location(&value);
        let field = format!("values.{id}");
        let Some((typed, percent_sign)) = read_value(&value.value) else {
            self.push(
                Problem::error(path, format!("`{}` is not a number", value_text(&value)))
                    .at(line, column)
                    .field(field)
                    .hint("write a number such as 1403 or 24.4, `null` when there is no figure, or `n/a` when it does not apply"),
            );
            return None;
        };
        let Some(indicator) = indicators.get(id) else {
            if indicators_known && !self.unparsed_ids.contains(id) {
                self.push(self.unknown_indicator(path, id, indicators, line, column, &field));
            }
            return None;
        };
        if let Some(problem) = refusal(path, id, indicator, typed, percent_sign) {
            self.push(problem.at(line, column).field(field));
            return None;
        }
        Some(typed)
    }

    /// The commentary on indicator `id`, trimmed, when it names a defined indicator and is
    /// not empty; a warning when it runs longer than a board reads.
    fn check_commentary(
        &mut self,
        path: &Path,
        id: &str,
        text: Spanned<String>,
        indicators: &BTreeMap<&str, &Indicator>,
        indicators_known: bool,
    ) -> Option<String> {
        let (line, column) = location(&text);
        let field = format!("commentary.{id}");
        if indicators_known && !indicators.contains_key(id) && !self.unparsed_ids.contains(id) {
            self.push(self.unknown_indicator(path, id, indicators, line, column, &field));
            return None;
        }
        self.check_printed(path, (line, column), &field, &text.value);
        let length = text.value.trim().chars().count();
        if length > LONG_COMMENTARY {
            self.push(
                Problem::warning(
                    path,
                    format!("the commentary on `{id}` is {length} characters long, more than a board can take in at a glance ({LONG_COMMENTARY})"),
                )
                .at(line, column)
                .field(field)
                .hint("keep the story behind the number to a short paragraph; put the detail in a paper of its own"),
            );
        }
        let text = text.value.trim();
        (!text.is_empty()).then(|| text.to_string())
    }

    fn unknown_indicator(
        &self,
        path: &Path,
        id: &str,
        indicators: &BTreeMap<&str, &Indicator>,
        line: u64,
        column: u64,
        field: &str,
    ) -> Problem {
        let problem = Problem::error(path, format!("no indicator `{id}` is defined"))
            .at(line, column)
            .field(field);
        problem.hint(
            did_you_mean(id, indicators.keys().copied())
                .unwrap_or_else(|| "define it in indicators.yaml, or remove this line".to_string()),
        )
    }

    /// Warns about typed counts that jump more than tenfold in a month. Small counts swing
    /// naturally, so only movements to or from 50 or more are flagged.
    pub(super) fn check_months_plausible(
        &mut self,
        sections: &[Section],
        months: &BTreeMap<YearMonth, LoadedMonth>,
    ) {
        for indicator in sections.iter().flat_map(|s| &s.indicators) {
            if indicator.unit == Unit::Percentage {
                self.check_fractions(indicator, months);
            }
            if indicator.unit != Unit::Count {
                continue;
            }
            for ((previous_month, previous), (month, current)) in
                months.iter().zip(months.iter().skip(1))
            {
                if month.months_since(*previous_month) != 1 {
                    continue;
                }
                let (Some(Value::Present(before)), Some(Value::Present(now))) = (
                    previous.data.values.get(&indicator.id),
                    current.data.values.get(&indicator.id),
                ) else {
                    continue;
                };
                let (low, high) = (before.min(*now), before.max(*now));
                if high >= 50.0 && high > 10.0 * low {
                    let (line, column) = current
                        .value_sites
                        .get(&indicator.id)
                        .copied()
                        .unwrap_or((0, 0));
                    self.push(
                        Problem::warning(
                            &current.path,
                            format!(
                                "`{}` moved from {} in {previous_month} to {} in {month}, more than tenfold",
                                indicator.id,
                                describe_number(*before),
                                describe_number(*now),
                            ),
                        )
                        .at(line, column)
                        .field(format!("values.{}", indicator.id))
                        .hint("check the figure was typed correctly"),
                    );
                }
            }
        }
    }
}

impl Loader {
    /// A percentage typed as a fraction (`0.819` among months of about 80) is warned
    /// about in its month file, naming the indicator and the month.
    fn check_fractions(
        &mut self,
        indicator: &Indicator,
        months: &BTreeMap<YearMonth, LoadedMonth>,
    ) {
        let typed: Vec<(YearMonth, &LoadedMonth, f64)> = months
            .iter()
            .filter_map(|(m, loaded)| match loaded.data.values.get(&indicator.id) {
                Some(Value::Present(x)) => Some((*m, loaded, *x)),
                _ => None,
            })
            .collect();
        let numbers: Vec<f64> = typed.iter().map(|(_, _, x)| *x).collect();
        for i in crate::plausible::fractions_among_percents(&numbers) {
            let (month, loaded, x) = typed[i];
            let (line, column) = loaded
                .value_sites
                .get(&indicator.id)
                .copied()
                .unwrap_or((0, 0));
            let percent = (x * 100.0 * 1e9).round() / 1e9;
            self.push(
                Problem::warning(
                    &loaded.path,
                    format!(
                        "the percentage `{}` is {} in {month}, far below its other months: a fraction typed for {percent}%?",
                        indicator.id,
                        describe_number(x),
                    ),
                )
                .at(line, column)
                .field(format!("values.{}", indicator.id))
                .hint(format!(
                    "percentages are written as percents: if {} means {percent}%, type {percent}",
                    describe_number(x)
                )),
            );
        }
    }
}

/// What a file in months/ is, judged by its name.
enum NameJudgement {
    /// A month file: its name and month.
    Month(String, YearMonth),
    /// A hidden file, skipped without a word.
    Hidden,
    /// Not a month file, and what to tell the user.
    Refused(Box<Problem>),
}

/// Whether a file in months/ is a month file, by its name alone.
fn judge_name(path: &Path) -> NameJudgement {
    let file_name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    if file_name.starts_with('.') {
        return NameJudgement::Hidden;
    }
    let Some(stem) = file_name
        .strip_suffix(".yaml")
        .or_else(|| file_name.strip_suffix(".yml"))
    else {
        return NameJudgement::Refused(Box::new(Problem::warning(
            path,
            "not a YAML file; ignored",
        )));
    };
    match stem.parse::<YearMonth>() {
        Ok(month) => NameJudgement::Month(file_name, month),
        Err(_) => NameJudgement::Refused(Box::new(
            Problem::error(path, format!("`{file_name}` is not named after a month")).hint(
                match month_in_other_form(stem) {
                    Some(month) => format!("rename it to {month}.yaml"),
                    None => "name month files YYYY-MM.yaml, e.g. 2020-06.yaml".to_string(),
                },
            ),
        )),
    }
}

/// The month a name means when written another way: `2026-1`, `2026_01`, `2026.1`.
fn month_in_other_form(stem: &str) -> Option<YearMonth> {
    let (year, month) = stem.split_once(['-', '_', '.', ' '])?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !digits(year) || !digits(month) || month.len() > 2 {
        return None;
    }
    YearMonth::new(year.parse().ok()?, month.parse().ok()?)
}

/// A value's own form, whatever its indicator: a number, `null`, `n/a`, or text that reads
/// as a number as an imported cell does (`−0.7` with the minus sign a pack prints, `81.9%`
/// for a percentage, as new-month's comments show them), with the text when it carried a
/// % sign. `None` when it is none of these.
fn read_value(value: &Option<RawValue>) -> Option<(Value, Option<String>)> {
    match value {
        None => Some((Value::Missing, None)),
        Some(RawValue::Number(x)) => Some((Value::Present(*x), None)),
        Some(RawValue::Text(text)) if text.trim().eq_ignore_ascii_case("n/a") => {
            Some((Value::NotApplicable, None))
        }
        Some(RawValue::Text(text)) => {
            let (x, percent) = crate::value::parse_number_text(text, false)?;
            Some((Value::Present(x), percent.then(|| text.clone())))
        }
    }
}

/// The text of a value written as text, for quoting; empty otherwise.
fn value_text(value: &Spanned<Option<RawValue>>) -> &str {
    match &value.value {
        Some(RawValue::Text(text)) => text,
        _ => "",
    }
}

/// Why `indicator` cannot take the value typed for it, if it cannot: it is computed by
/// its formula, the value has a % sign and the indicator is not a percentage, or the
/// indicator's unit refuses the number. The problem is not located yet.
fn refusal(
    path: &Path,
    id: &str,
    indicator: &Indicator,
    typed: Value,
    percent_sign: Option<String>,
) -> Option<Problem> {
    if indicator.formula.is_some() {
        return Some(
            Problem::error(
                path,
                format!("`{id}` is computed by its formula and takes no typed value"),
            )
            .hint("remove this line; enter the formula's inputs instead"),
        );
    }
    if let Some(text) = percent_sign.filter(|_| indicator.unit != Unit::Percentage) {
        return Some(
            Problem::error(
                path,
                format!(
                    "`{text}` has a % sign, but `{id}` is a {}",
                    indicator.unit.name()
                ),
            )
            .hint("write the number without the % sign"),
        );
    }
    match typed {
        Value::Present(x) => indicator
            .unit
            .refuses(x)
            .map(|(message, hint)| Problem::error(path, message).hint(hint)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Formula;

    fn indicator(id: &str, unit: Unit, formula: Option<Formula>) -> Indicator {
        Indicator::for_test(id, unit, formula)
    }

    /// A problem as (line, field, message).
    type Found = (u64, String, String);

    /// Checks one month file's text against three indicators; returns the values kept
    /// and each problem found.
    fn check(text: &str) -> (BTreeMap<String, Value>, Vec<Found>) {
        let contacts = indicator("contacts", Unit::Count, None);
        let share = indicator(
            "share",
            Unit::Percentage,
            Some(Formula::Ratio {
                numerator: "contacts".into(),
                denominator: "contacts".into(),
            }),
        );
        let on_time = indicator("on-time", Unit::Percentage, None);
        let indicators: BTreeMap<&str, &Indicator> = [&contacts, &share, &on_time]
            .into_iter()
            .map(|i| (i.id.as_str(), i))
            .collect();
        let path = Path::new("months/2020-06.yaml");
        let raw: RawMonth = super::super::yaml::parse(path, text).unwrap();
        let mut loader = Loader::default();
        let data = loader.check_month(path, raw, &indicators, true);
        let problems = loader
            .problems
            .iter()
            .map(|p| {
                (
                    p.line.unwrap_or(0),
                    p.field.clone().unwrap_or_default(),
                    p.message.clone(),
                )
            })
            .collect();
        (data.values, problems)
    }

    #[test]
    fn values_are_numbers_null_or_n_a() {
        let (values, problems) =
            check("month: 2020-06\nvalues:\n  contacts: null\n  on-time: n/a\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(values["contacts"], Value::Missing);
        assert_eq!(values["on-time"], Value::NotApplicable);
    }

    #[test]
    fn each_bad_value_is_reported_at_its_line() {
        let (values, problems) = check(
            "month: 2020-06\nvalues:\n  contacts: -3\n  share: 40\n  on-time: 120\n  contact: 1\n",
        );
        assert!(values.is_empty());
        let expected = [
            (3, "values.contacts", "a count cannot be negative (-3)"),
            (
                4,
                "values.share",
                "`share` is computed by its formula and takes no typed value",
            ),
            (5, "values.on-time", "120 is not a percentage"),
            (6, "values.contact", "no indicator `contact` is defined"),
        ];
        let mut found: Vec<(u64, &str, &str)> = problems
            .iter()
            .map(|(l, f, m)| (*l, f.as_str(), m.as_str()))
            .collect();
        found.sort_unstable();
        assert_eq!(found, expected);
    }
}
