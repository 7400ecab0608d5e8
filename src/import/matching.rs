//! Matching a table's entries to indicators and checking each value as `load` checks a
//! typed one: the id or ref must name an indicator (with the nearest suggested when it
//! does not), formula indicators take no value (their inputs are named instead), each
//! indicator and month appears once, the number suits the unit, and no text read holds a
//! control character. Percent-formatted cells are read as percents; plain fractions for
//! a percentage raise a warning.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::diag::{closest, Problem};
use crate::model::{Dataset, Formula, Indicator, Unit, Value, YearMonth};

use super::layout::{Entry, KeyKind, Shape, Table};
use super::parse;
use super::read::{Cell, Grid};

/// An imported value, checked against its indicator.
pub(super) struct Incoming {
    /// The indicator's id (whatever the file called it).
    pub(super) id: String,
    /// The month it is for.
    pub(super) month: YearMonth,
    /// The value; `None` when the row gives only commentary.
    pub(super) value: Option<Value>,
    /// Commentary from a long table's `commentary` column.
    pub(super) commentary: Option<String>,
    /// The value cell's reference, for messages.
    pub(super) cell: String,
    /// A plain number for a percentage indicator: perhaps a fraction (0.244 for 24.4%).
    pub(super) maybe_fraction: bool,
    /// The file it came from.
    pub(super) file: std::path::PathBuf,
    /// For commentary from a returned commentary workbook: the month file's commentary
    /// when the workbook was made (empty when there was none).
    pub(super) base_commentary: Option<String>,
}

/// Matches every entry to an indicator and checks its value. Every problem is pushed to
/// `problems` (an unknown or formula key once per row, not once per month); entries with
/// a problem are left out of the result.
pub(super) fn check_entries(
    dataset: &Dataset,
    file: &Path,
    grid: &Grid,
    table: &Table,
    problems: &mut Vec<Problem>,
) -> Vec<Incoming> {
    let indicators: Vec<&Indicator> = dataset.indicators().map(|(_, i)| i).collect();
    let mut seen: BTreeMap<(String, YearMonth), String> = BTreeMap::new();
    let mut reported_keys = BTreeSet::new();
    let mut incoming = Vec::new();
    for entry in &table.entries {
        let key_cell = grid.reference(entry.key_at.0, entry.key_at.1);
        let cell = grid.reference(entry.value_at.0, entry.value_at.1);
        if let Some(problem) = control_problem(file, grid, entry, &mut reported_keys) {
            problems.push(problem);
            continue;
        }
        let Some(indicator) = resolve(&indicators, &entry.key, table.key_kind) else {
            if reported_keys.insert(key_cell.clone()) {
                problems.push(unknown_key(
                    file,
                    &key_cell,
                    &entry.key,
                    table.key_kind,
                    &indicators,
                ));
            }
            continue;
        };
        let has_value = !entry.value.is_blank();
        if has_value {
            if let Some(formula) = &indicator.formula {
                if reported_keys.insert(key_cell.clone()) {
                    problems.push(formula_problem(file, &key_cell, indicator, formula));
                }
                continue;
            }
        }
        let value = match interpret(&entry.value, indicator, grid.decimal_comma) {
            Ok(v) => v,
            Err((message, hint)) => {
                problems.push(Problem::error(file, message).field(&cell).hint(hint));
                continue;
            }
        };
        if let Some(first) = seen.insert((indicator.id.clone(), entry.month), cell.clone()) {
            problems.push(
                Problem::error(
                    file,
                    format!(
                        "`{}` for {} is given twice, here and at {first}",
                        indicator.id, entry.month
                    ),
                )
                .field(&cell)
                .hint(if table.shape == Shape::Mapped {
                    "the source reads several rows for one month: add `row:` to it in imports.yaml to pick one (e.g. `row: {Code: RF4}`)"
                } else {
                    "keep one of them"
                }),
            );
            continue;
        }
        incoming.push(Incoming {
            id: indicator.id.clone(),
            month: entry.month,
            value: value.map(|(v, _)| v),
            commentary: entry.commentary.as_ref().map(|(text, _)| text.clone()),
            cell,
            maybe_fraction: value.is_some_and(|(_, fraction)| fraction),
            file: file.to_path_buf(),
            base_commentary: None,
        });
    }
    incoming
}

/// A control character (C0 or C1, apart from tab and line break) in a cell that is read:
/// it cannot be printed, and in a month file it would break the report.
fn control_problem(
    file: &Path,
    grid: &Grid,
    entry: &Entry,
    reported: &mut BTreeSet<String>,
) -> Option<Problem> {
    let value_text = match &entry.value {
        Cell::Text(t) => Some(t.as_str()),
        _ => None,
    };
    let texts = [
        (Some(entry.key.as_str()), entry.key_at),
        (value_text, entry.value_at),
        (
            entry.commentary.as_ref().map(|(t, _)| t.as_str()),
            entry
                .commentary
                .as_ref()
                .map_or(entry.value_at, |(_, at)| *at),
        ),
    ];
    texts.into_iter().find_map(|(text, at)| {
        let c = text?.chars().find(|&c| is_control(c))?;
        let cell = grid.reference(at.0, at.1);
        reported.insert(cell.clone()).then(|| {
            Problem::error(
                file,
                format!(
                    "the cell holds the control character U+{:04X}, which cannot be printed",
                    c as u32
                ),
            )
            .field(cell)
            .hint("delete it in the spreadsheet (it often comes from a copy and paste), then import again")
        })
    })
}

/// C0 and C1 control characters other than tab and line break, and bidirectional
/// overrides and isolates: refused as `load` refuses them in a month file.
pub(crate) fn is_control(c: char) -> bool {
    c != '\r' && crate::load::is_refused_control(c)
}

/// Finds the indicator a key names: by id (exactly, then ignoring case) and/or by ref.
fn resolve<'a>(indicators: &[&'a Indicator], key: &str, kind: KeyKind) -> Option<&'a Indicator> {
    let by_id = || {
        indicators
            .iter()
            .find(|i| i.id == key)
            .or_else(|| indicators.iter().find(|i| i.id.eq_ignore_ascii_case(key)))
    };
    let by_ref = || indicators.iter().find(|i| i.reference == key);
    match kind {
        KeyKind::Id => by_id(),
        KeyKind::Ref => by_ref(),
        KeyKind::Either => by_id().or_else(by_ref),
    }
    .copied()
}

fn unknown_key(
    file: &Path,
    cell: &str,
    key: &str,
    kind: KeyKind,
    indicators: &[&Indicator],
) -> Problem {
    let (what, candidates): (&str, Vec<&str>) = match kind {
        KeyKind::Id => ("id", indicators.iter().map(|i| i.id.as_str()).collect()),
        KeyKind::Ref => (
            "ref",
            indicators.iter().map(|i| i.reference.as_str()).collect(),
        ),
        KeyKind::Either => (
            "id or ref",
            indicators
                .iter()
                .flat_map(|i| [i.id.as_str(), i.reference.as_str()])
                .collect(),
        ),
    };
    let problem = Problem::error(file, format!("no indicator has the {what} `{key}`")).field(cell);
    match closest(key, candidates) {
        Some(near) => {
            let id = indicators
                .iter()
                .find(|i| i.reference == near && i.id != near)
                .map(|i| format!(" (ref of `{}`)", i.id))
                .unwrap_or_default();
            problem.hint(format!("did you mean `{near}`{id}?"))
        }
        None => problem.hint("indicators and their refs are defined in indicators.yaml"),
    }
}

fn formula_problem(file: &Path, cell: &str, indicator: &Indicator, formula: &Formula) -> Problem {
    let (how, hint) = match formula {
        Formula::Ratio {
            numerator,
            denominator,
        } => (
            format!("100 × {numerator} ÷ {denominator}"),
            format!("import its inputs `{numerator}` and `{denominator}` instead, and take its values out of this file (its row or column)"),
        ),
        Formula::Rate {
            numerator,
            population,
        } => (
            format!("{numerator} per population `{population}`"),
            format!("import its input `{numerator}` instead (the population `{population}` is set in report.yaml), and take its values out of this file (its row or column)"),
        ),
        Formula::Expression(expression) => (
            expression.source.clone(),
            format!(
                "import its inputs ({}) instead, and take its values out of this file (its row or column)",
                expression
                    .indicators()
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    };
    Problem::error(
        file,
        format!(
            "`{}` is computed by its formula ({how}) and takes no typed value",
            indicator.id
        ),
    )
    .field(cell)
    .hint(hint)
}

/// The value in a cell for `indicator`, checked as `load` checks a typed value. `None`
/// for an empty cell. The flag is true for a plain number given to a percentage indicator
/// (it may be a fraction such as 0.244 meant as 24.4%).
fn interpret(
    cell: &Cell,
    indicator: &Indicator,
    decimal_comma: bool,
) -> Result<Option<(Value, bool)>, (String, String)> {
    match read_cell(cell, indicator, decimal_comma)? {
        Some((Value::Present(x), fraction)) => {
            Ok(Some((Value::Present(figure_for(x, indicator)?), fraction)))
        }
        other => Ok(other),
    }
}

/// What a cell holds for `indicator`, read but not yet checked against its unit: a
/// number (a percentage cell as the percentage it shows), `n/a`, or nothing (an empty
/// cell, or the dash published statistics print where there is no figure). Anything
/// else, or a percentage for an indicator that is not one, is an error.
fn read_cell(
    cell: &Cell,
    indicator: &Indicator,
    decimal_comma: bool,
) -> Result<Option<(Value, bool)>, (String, String)> {
    let is_pct = indicator.unit == Unit::Percentage;
    let not_a_pct = |shown: String| {
        (
            format!(
                "`{}` is a {}, but the cell holds a percentage ({shown})",
                indicator.id,
                indicator.unit.name()
            ),
            "give the number itself, formatted as a number".to_string(),
        )
    };
    let number_hint = if decimal_comma {
        "write a number such as 1403 or 24,4 (in a semicolon-separated file the comma is the decimal mark), `n/a` when it does not apply, or leave the cell empty when there is no figure"
    } else {
        "write a number such as 1403 or 24.4, `n/a` when it does not apply, or leave the cell empty when there is no figure"
    };
    let (x, fraction) = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number {
            value,
            percent: true,
        } => {
            if !is_pct {
                return Err(not_a_pct(format!("{}%", value * 100.0)));
            }
            // 24.4% is stored as 0.244; the multiplication leaves binary noise.
            ((value * 100.0 * 1e9).round() / 1e9, false)
        }
        Cell::Number {
            value,
            percent: false,
        } => (*value, is_pct),
        // Published statistics print `-` where there is no figure.
        Cell::Text(text) if matches!(text.trim(), "-" | "\u{2013}" | "\u{2014}") => {
            return Ok(None)
        }
        Cell::Text(text) if text.trim().eq_ignore_ascii_case("n/a") => {
            return Ok(Some((Value::NotApplicable, false)))
        }
        Cell::Text(text) => match parse::parse_number_text(text, decimal_comma) {
            Some((_, true)) if !is_pct => return Err(not_a_pct(text.trim().to_string())),
            Some((x, had_percent_sign)) => (x, is_pct && !had_percent_sign),
            None => {
                return Err((
                    format!("{} is not a number", cell.describe()),
                    number_hint.into(),
                ))
            }
        },
        Cell::Date { year, month } => {
            return Err((
                format!("the cell holds a date ({year:04}-{month:02}), not a number"),
                "format the cell as a number in the spreadsheet".into(),
            ))
        }
        Cell::Bool(_) => {
            return Err((
                format!("{} is not a number", cell.describe()),
                number_hint.into(),
            ))
        }
        Cell::Uncalculated(_) => {
            let (message, hint) = cell.unsaved_formula().unwrap_or_default();
            return Err((message, hint.into()));
        }
        Cell::Error(e) => {
            return Err((
                format!("the cell shows the spreadsheet error {e}"),
                "fix the formula in the spreadsheet, or clear the cell when there is no figure"
                    .into(),
            ))
        }
    };
    Ok(Some((Value::Present(x), fraction)))
}

/// The figure `x` for `indicator`: a count within a billionth of a whole number is that
/// number (a count computed in a spreadsheet can carry binary rounding,
/// 342.00000000000006); an error when it is too large or the unit refuses it.
fn figure_for(x: f64, indicator: &Indicator) -> Result<f64, (String, String)> {
    let x = if indicator.unit == Unit::Count && (x - x.round()).abs() < 1e-9 * x.abs().max(1.0) {
        x.round()
    } else {
        x
    };
    let range_problem = if !x.is_finite() || x.abs() >= 1e15 {
        Some(format!("{x} is too large to be a figure"))
    } else {
        indicator.unit.refuses(x).map(|(message, _)| message)
    };
    match range_problem {
        Some(message) => Err((
            format!("`{}`: {message}", indicator.id),
            "check the figure in the spreadsheet".into(),
        )),
        None => Ok(x),
    }
}

/// Warns when every value of a percentage indicator is between 0 and 1 and was not typed
/// as a percentage: 0.244 was probably meant as 24.4%.
pub(super) fn warn_fractions(
    dataset: &Dataset,
    file: &Path,
    incoming: &[Incoming],
    problems: &mut Vec<Problem>,
) {
    for (_, indicator) in dataset.indicators() {
        if indicator.unit != Unit::Percentage {
            continue;
        }
        let numbers: Vec<(f64, &Incoming)> = incoming
            .iter()
            .filter(|i| i.id == indicator.id)
            .filter_map(|i| Some((i.value?.number()?, i)))
            .collect();
        let all_fractions = !numbers.is_empty()
            && numbers.iter().all(|(x, i)| *x <= 1.0 && i.maybe_fraction)
            && numbers.iter().any(|(x, _)| *x > 0.0);
        if all_fractions {
            let cells: Vec<&str> = numbers.iter().map(|(_, i)| i.cell.as_str()).collect();
            let (x, _) = numbers[0];
            let percent = (x * 100.0 * 1e9).round() / 1e9;
            problems.push(
                Problem::warning(
                    file,
                    format!(
                        "every value of the percentage `{}` is at most 1 ({})",
                        indicator.id,
                        cells.join(", ")
                    ),
                )
                .hint(format!(
                    "percentages are written as percents: if {x} means {percent}%, type {percent} or format the cells as percentages"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(id: &str, unit: Unit) -> Indicator {
        Indicator {
            reference: "7".into(),
            title: String::new(),
            ..Indicator::for_test(id, unit, None)
        }
    }

    fn number(value: f64, percent: bool) -> Cell {
        Cell::Number { value, percent }
    }

    #[test]
    fn values_are_read_and_checked_like_typed_ones() {
        let pct = indicator("on-time", Unit::Percentage);
        let count = indicator("contacts", Unit::Count);
        let read = |cell: &Cell, ind: &Indicator| interpret(cell, ind, false);
        assert_eq!(read(&Cell::Empty, &count), Ok(None));
        assert_eq!(
            read(&number(0.244, true), &pct),
            Ok(Some((Value::Present(24.4), false)))
        );
        assert_eq!(
            read(&number(0.9, false), &pct),
            Ok(Some((Value::Present(0.9), true))),
            "a plain number for a percentage may be a fraction"
        );
        assert_eq!(
            read(&Cell::Text("88.5%".into()), &pct),
            Ok(Some((Value::Present(88.5), false)))
        );
        assert_eq!(
            read(&Cell::Text(" N/A ".into()), &count),
            Ok(Some((Value::NotApplicable, false)))
        );
        assert_eq!(
            read(&Cell::Text("1,403".into()), &count),
            Ok(Some((Value::Present(1403.0), false)))
        );
        let message = |cell: &Cell, ind: &Indicator| read(cell, ind).unwrap_err().0;
        assert_eq!(
            message(&Cell::Text("twelve".into()), &count),
            "\"twelve\" is not a number"
        );
        assert_eq!(
            message(&number(0.5, true), &count),
            "`contacts` is a count, but the cell holds a percentage (50%)"
        );
        assert_eq!(
            message(&Cell::Error("#DIV/0!".into()), &count),
            "the cell shows the spreadsheet error #DIV/0!"
        );
        assert_eq!(
            message(
                &Cell::Date {
                    year: 2020,
                    month: 6
                },
                &count
            ),
            "the cell holds a date (2020-06), not a number"
        );
        assert_eq!(
            read(&number(342.00000000000006, false), &count),
            Ok(Some((Value::Present(342.0), false))),
            "a spreadsheet's rounding leftover is the whole count"
        );
        assert_eq!(
            message(&number(342.5, false), &count),
            "`contacts`: a count is a whole number, and this is 342.5"
        );
        assert_eq!(
            message(&number(-1.0, false), &count),
            "`contacts`: a count cannot be negative (-1)"
        );
        assert_eq!(
            message(&number(101.0, false), &pct),
            "`on-time`: 101 is not a percentage"
        );
        assert!(message(&number(1e300, false), &count).contains("too large"));
        assert_eq!(
            interpret(&Cell::Text("88,5".into()), &pct, true),
            Ok(Some((Value::Present(88.5), true)))
        );
    }

    #[test]
    fn keys_match_ids_then_refs() {
        let a = indicator("contacts", Unit::Count);
        let list = [&a];
        assert!(resolve(&list, "contacts", KeyKind::Id).is_some());
        assert!(resolve(&list, "Contacts", KeyKind::Id).is_some());
        assert!(resolve(&list, "7", KeyKind::Id).is_none());
        assert!(resolve(&list, "7", KeyKind::Ref).is_some());
        assert!(resolve(&list, "contacts", KeyKind::Ref).is_none());
        assert!(resolve(&list, "7", KeyKind::Either).is_some());
        assert!(resolve(&list, "contacts", KeyKind::Either).is_some());
    }
}
