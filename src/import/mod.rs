//! `scorecard import`: monthly values from a spreadsheet into the month files. The plan
//! runs in four steps, and nothing is written until all of them succeed:
//!
//! 1. [`read`] the file into a grid of cells (CSV, XLSX, XLS, ODS);
//! 2. [`layout`] finds the table (wide or long) and the indicator, month and value of
//!    each cell;
//! 3. [`plan`] matches each key to an indicator by id or ref, checks every value as
//!    `load` would, and compares it with the month file: added, revised or unchanged;
//! 4. [`month_file`] edits each month file's text in place, and [`write`] puts all of
//!    them on disk at once.
//!
//! Revisions (a value that differs from the one in the file) are written only when the
//! caller asks; the decision and all printing are the caller's.

pub mod layout;
pub mod month_file;
pub mod read;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{closest, Problem};
use crate::figures::format_in_unit;
use crate::model::{Dataset, Formula, Indicator, Unit, Value, YearMonth};
use crate::output::WriteError;

use layout::{KeyKind, Shape};
use month_file::{Block, Edit};
use read::{Cell, Grid};

/// What to import.
#[derive(Debug, Clone)]
pub struct Request {
    /// The spreadsheet, as the user named it (used in messages).
    pub file: PathBuf,
    /// The workbook sheet; default the first.
    pub sheet: Option<String>,
    /// The month of a file without months, or the one month to take from a file with many.
    pub month: Option<YearMonth>,
}

/// A value that differs from the one already in a month file.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    /// Indicator id.
    pub id: String,
    /// The month.
    pub month: YearMonth,
    /// True for a change of commentary rather than of the value.
    pub commentary: bool,
    /// The value in the file, as displayed: `1,172`, `90.5%`, `n/a`, or the start of the
    /// commentary in quotes.
    pub before: String,
    /// The imported value, as displayed.
    pub after: String,
}

impl fmt::Display for Revision {
    /// `contacts 2020-05: 1,172 → 1,180`, or `contacts 2020-05 commentary: "…" → "…"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.commentary { " commentary" } else { "" };
        write!(
            f,
            "{} {}{what}: {} \u{2192} {}",
            self.id, self.month, self.before, self.after
        )
    }
}

/// What importing does to one month file.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthPlan {
    /// The month.
    pub month: YearMonth,
    /// Its file in the data folder.
    pub path: PathBuf,
    /// True when the file does not exist yet.
    pub create: bool,
    /// The file's new text when anything changes (revisions included).
    pub new_text: Option<String>,
    /// Values (and commentary) that were absent or null.
    pub added: usize,
    /// Values (and commentary) that differ from the file's.
    pub revised: Vec<Revision>,
    /// Values (and commentary) already in the file.
    pub unchanged: usize,
}

/// The checked result of reading a file against a data set: ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// What was read: `sheet Sheet1, wide layout (one column per month)`.
    pub source: String,
    /// Columns that were not read, e.g. `B (Title)`.
    pub ignored_columns: Vec<String>,
    /// One entry per month in the file, in calendar order.
    pub months: Vec<MonthPlan>,
}

impl Plan {
    /// Every revision, month by month.
    pub fn revisions(&self) -> impl Iterator<Item = &Revision> {
        self.months.iter().flat_map(|m| &m.revised)
    }

    /// True when writing would change a value already in a file.
    pub fn has_revisions(&self) -> bool {
        self.revisions().next().is_some()
    }

    /// The one-line summary: months, values added, revised and unchanged.
    pub fn summary(&self) -> String {
        let added: usize = self.months.iter().map(|m| m.added).sum();
        let revised = self.revisions().count();
        let unchanged: usize = self.months.iter().map(|m| m.unchanged).sum();
        let months: Vec<String> = self.months.iter().map(|m| m.month.to_string()).collect();
        format!(
            "{} month{} ({}): {added} added, {revised} revised, {unchanged} unchanged",
            months.len(),
            plural(months.len()),
            months.join(", "),
        )
    }
}

/// What planning produced: the plan when there are no errors, and every problem found.
#[derive(Debug)]
pub struct Planned {
    /// Present only when there are no errors.
    pub plan: Option<Plan>,
    /// Errors and warnings.
    pub problems: Vec<Problem>,
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// An imported value, checked against its indicator.
struct Incoming {
    id: String,
    month: YearMonth,
    value: Option<Value>,
    commentary: Option<String>,
    cell: String,
    /// A plain number for a percentage indicator: perhaps a fraction (0.244 for 24.4%).
    maybe_fraction: bool,
}

/// Reads `request.file` and works out what importing it into `dataset` would change.
pub fn plan(dataset: &Dataset, request: &Request) -> Planned {
    let file = request.file.as_path();
    let fail = |problems: Vec<Problem>| Planned {
        plan: None,
        problems,
    };
    let grid = match read::read(file, request.sheet.as_deref()) {
        Ok(grid) => grid,
        Err(problem) => return fail(vec![*problem]),
    };
    let table = match layout::read_table(&grid, request.month) {
        Ok(table) => table,
        Err(errors) => {
            return fail(
                errors
                    .into_iter()
                    .map(|e| {
                        let p = Problem::error(file, e.message).hint(e.hint);
                        match e.at {
                            Some((r, c)) => p.field(grid.reference(r, c)),
                            None => p,
                        }
                    })
                    .collect(),
            )
        }
    };
    let mut problems = Vec::new();
    let incoming = check_entries(dataset, file, &grid, &table, &mut problems);
    if problems.iter().any(Problem::is_error) {
        return fail(problems);
    }
    if incoming.is_empty() {
        problems.push(
            Problem::error(file, "there are no values to import").hint(match request.month {
                Some(m) => format!("the table has no values for {m}"),
                None => "fill in the value cells under the month headings".into(),
            }),
        );
        return fail(problems);
    }
    warn_fractions(dataset, file, &incoming, &mut problems);
    let mut by_month: BTreeMap<YearMonth, Vec<&Incoming>> = BTreeMap::new();
    for item in &incoming {
        by_month.entry(item.month).or_default().push(item);
    }
    let order: BTreeMap<&str, usize> = dataset
        .indicators()
        .enumerate()
        .map(|(i, (_, ind))| (ind.id.as_str(), i))
        .collect();
    let mut months = Vec::new();
    for (month, mut items) in by_month {
        items.sort_by_key(|i| order.get(i.id.as_str()).copied().unwrap_or(usize::MAX));
        match plan_month(dataset, month, &items) {
            Ok(m) => months.push(m),
            Err(problem) => problems.push(*problem),
        }
    }
    if problems.iter().any(Problem::is_error) {
        return fail(problems);
    }
    let shape = match table.shape {
        Shape::Wide => "wide layout (one column per month)",
        Shape::Long => "long layout (one row per value)",
    };
    let source = match &grid.sheet {
        Some(sheet) => format!("sheet `{sheet}`, {shape}"),
        None => shape.to_string(),
    };
    Planned {
        plan: Some(Plan {
            source,
            ignored_columns: table.ignored_columns,
            months,
        }),
        problems,
    }
}

/// Matches every entry to an indicator and checks its value, collecting every problem.
fn check_entries(
    dataset: &Dataset,
    file: &Path,
    grid: &Grid,
    table: &layout::Table,
    problems: &mut Vec<Problem>,
) -> Vec<Incoming> {
    let indicators: Vec<&Indicator> = dataset.indicators().map(|(_, i)| i).collect();
    let mut seen: BTreeMap<(String, YearMonth), String> = BTreeMap::new();
    let mut reported_keys = std::collections::BTreeSet::new();
    let mut incoming = Vec::new();
    for entry in &table.entries {
        let key_cell = grid.reference(entry.key_at.0, entry.key_at.1);
        let cell = grid.reference(entry.value_at.0, entry.value_at.1);
        let Some(indicator) = resolve(&indicators, &entry.key, table.key_kind) else {
            if reported_keys.insert(key_cell.clone()) {
                problems.push(unknown_key(file, &key_cell, &entry.key, table.key_kind, &indicators));
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
                .hint("keep one of them"),
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
        });
    }
    incoming
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
        KeyKind::Ref => ("ref", indicators.iter().map(|i| i.reference.as_str()).collect()),
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
            format!("import its inputs `{numerator}` and `{denominator}` instead, and leave this row out"),
        ),
        Formula::Rate {
            numerator,
            population,
        } => (
            format!("{numerator} per population `{population}`"),
            format!("import its input `{numerator}` instead (the population `{population}` is set in report.yaml), and leave this row out"),
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
    let number_hint = "write a number such as 1403 or 24.4, `n/a` when it does not apply, or leave the cell empty when there is no figure";
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
        Cell::Text(text) if text.trim().eq_ignore_ascii_case("n/a") => {
            return Ok(Some((Value::NotApplicable, false)))
        }
        Cell::Text(text) => match layout::parse_number_text(text, decimal_comma) {
            Some((_, true)) if !is_pct => return Err(not_a_pct(text.trim().to_string())),
            Some((x, had_percent_sign)) => (x, is_pct && !had_percent_sign),
            None => {
                return Err((
                    format!("{} is not a number", cell.describe()),
                    number_hint.into(),
                ))
            }
        },
        Cell::Date { .. } => {
            return Err((
                format!("{} is a date, not a number", cell.describe()),
                "format the cell as a number in the spreadsheet".into(),
            ))
        }
        Cell::Bool(_) => {
            return Err((
                format!("{} is not a number", cell.describe()),
                number_hint.into(),
            ))
        }
        Cell::Error(e) => {
            return Err((
                format!("the cell shows the spreadsheet error {e}"),
                "fix the formula in the spreadsheet, or clear the cell when there is no figure"
                    .into(),
            ))
        }
    };
    let range_problem = if !x.is_finite() || x.abs() >= 1e15 {
        Some(format!("{x} is too large to be a figure"))
    } else {
        match indicator.unit {
            Unit::Percentage if !(0.0..=100.0).contains(&x) => {
                Some(format!("{x} is not a percentage from 0 to 100"))
            }
            Unit::Count if x < 0.0 => Some(format!("a count cannot be negative ({x})")),
            Unit::Rate { .. } if x < 0.0 => Some(format!("a rate cannot be negative ({x})")),
            _ => None,
        }
    };
    match range_problem {
        Some(message) => Err((
            format!("`{}`: {message}", indicator.id),
            "check the figure in the spreadsheet".into(),
        )),
        None => Ok(Some((Value::Present(x), fraction))),
    }
}

/// Warns when every value of a percentage indicator is between 0 and 1 and was not typed
/// as a percentage: 0.244 was probably meant as 24.4%.
fn warn_fractions(
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

/// Compares a month's incoming values with its file and prepares the edited text.
fn plan_month(
    dataset: &Dataset,
    month: YearMonth,
    items: &[&Incoming],
) -> Result<MonthPlan, Box<Problem>> {
    let existing = dataset.months.get(&month);
    let (path, original) = existing_file(dataset, month);
    let create = original.is_none();
    let mut edits = Vec::new();
    let (mut added, mut unchanged, mut revised) = (0, 0, Vec::new());
    let unit_of = |id: &str| {
        dataset
            .indicators()
            .find(|(_, i)| i.id == id)
            .map(|(_, i)| (i.unit, i.decimals))
    };
    for item in items {
        if let Some(new) = item.value {
            let old = existing.and_then(|m| m.values.get(&item.id)).copied();
            let scalar = match new {
                Value::Present(x) => month_file::number_scalar(x),
                _ => month_file::Scalar::Inline("n/a".into()),
            };
            match old {
                None | Some(Value::Missing) => added += 1,
                Some(old) if same(old, new) => {
                    unchanged += 1;
                    continue;
                }
                Some(old) => {
                    let (unit, decimals) = unit_of(&item.id).unwrap_or((Unit::Count, 0));
                    revised.push(Revision {
                        id: item.id.clone(),
                        month,
                        commentary: false,
                        before: display(old, new, unit, decimals, true),
                        after: display(old, new, unit, decimals, false),
                    });
                }
            }
            edits.push(Edit {
                block: Block::Values,
                key: item.id.clone(),
                scalar,
            });
        }
        if let Some(text) = &item.commentary {
            match existing.and_then(|m| m.commentary.get(&item.id)) {
                None => added += 1,
                Some(old) if old.trim() == text.trim() => {
                    unchanged += 1;
                    continue;
                }
                Some(old) => revised.push(Revision {
                    id: item.id.clone(),
                    month,
                    commentary: true,
                    before: quote_start(old),
                    after: quote_start(text),
                }),
            }
            edits.push(Edit {
                block: Block::Commentary,
                key: item.id.clone(),
                scalar: month_file::text_scalar(text.trim()),
            });
        }
    }
    let new_text = if edits.is_empty() {
        None
    } else {
        let base = original
            .clone()
            .unwrap_or_else(|| month_file::new_file(month));
        let cannot = |why: String| {
            Box::new(
                Problem::error(&path, format!("cannot add the imported values: {why}"))
                    .hint("nothing was written; write the block as `values:` with one `id: value` per line, or type the values by hand"),
            )
        };
        let text = month_file::apply(&base, &edits).map_err(cannot)?;
        verify(original.as_deref(), &text, &edits).map_err(cannot)?;
        Some(text)
    };
    Ok(MonthPlan {
        month,
        path,
        create,
        new_text,
        added,
        revised,
        unchanged,
    })
}

/// The month's file and its text as loaded (`.yaml`, or `.yml` when that is what exists).
fn existing_file(dataset: &Dataset, month: YearMonth) -> (PathBuf, Option<String>) {
    for ext in ["yaml", "yml"] {
        let name = format!("months/{month}.{ext}");
        if let Some(source) = dataset.sources.iter().find(|s| s.name == name) {
            let text = String::from_utf8_lossy(&source.bytes).into_owned();
            return (dataset.root.join(&name), Some(text));
        }
    }
    (dataset.root.join(format!("months/{month}.yaml")), None)
}

/// Equal values; numbers within a relative 1e-9, so 24.4 from 0.244 × 100 matches.
fn same(a: Value, b: Value) -> bool {
    match (a, b) {
        (Value::Present(x), Value::Present(y)) => {
            x == y || (x - y).abs() <= 1e-9 * x.abs().max(y.abs())
        }
        (Value::NotApplicable, Value::NotApplicable) | (Value::Missing, Value::Missing) => true,
        _ => false,
    }
}

/// One side of a revision, with enough decimals to show the two numbers apart.
fn display(old: Value, new: Value, unit: Unit, decimals: u8, before: bool) -> String {
    let needed = |x: f64| {
        (decimals..=6)
            .find(|&d| (x * 10f64.powi(d as i32)).fract().abs() < 1e-6)
            .unwrap_or(6)
    };
    let places = [old, new]
        .iter()
        .filter_map(|v| v.number())
        .map(needed)
        .max()
        .unwrap_or(decimals);
    match if before { old } else { new } {
        Value::Present(x) => format_in_unit(x, unit, places),
        Value::NotApplicable => "n/a".into(),
        Value::Missing => "null".into(),
    }
}

/// The start of a commentary, quoted, for a revision line.
fn quote_start(text: &str) -> String {
    let text = text.trim();
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

/// A month file read leniently: only what import changes, to check an edit.
#[derive(serde::Deserialize, PartialEq, Debug)]
struct Readback {
    #[serde(default)]
    month: Option<String>,
    #[serde(default)]
    values: Option<BTreeMap<String, Option<ReadbackValue>>>,
    #[serde(default)]
    commentary: Option<BTreeMap<String, Option<String>>>,
}

#[derive(serde::Deserialize, PartialEq, Debug, Clone)]
#[serde(untagged)]
enum ReadbackValue {
    Number(f64),
    Text(String),
}

/// Checks that the edited text says exactly what the original said, plus the edits.
fn verify(original: Option<&str>, edited: &str, edits: &[Edit]) -> Result<(), String> {
    let parse = |text: &str| {
        serde_saphyr::from_str::<Readback>(text)
            .map_err(|e| format!("the edited file would not read back ({e})"))
    };
    let before = match original {
        Some(text) => parse(text)?,
        None => Readback {
            month: None,
            values: None,
            commentary: None,
        },
    };
    let after = parse(edited)?;
    if original.is_some() && before.month != after.month {
        return Err("the edit would change the month".into());
    }
    let mut values = before.values.unwrap_or_default();
    let mut commentary = before.commentary.unwrap_or_default();
    for edit in edits {
        let text = match &edit.scalar {
            month_file::Scalar::Inline(s) => s.clone(),
            month_file::Scalar::Folded(lines) => lines.join(" "),
        };
        match edit.block {
            Block::Values => {
                let value = match text.parse::<f64>() {
                    Ok(x) => ReadbackValue::Number(x),
                    Err(_) => ReadbackValue::Text(text),
                };
                values.insert(edit.key.clone(), Some(value));
            }
            Block::Commentary => {
                let plain = match &edit.scalar {
                    month_file::Scalar::Inline(_) => {
                        serde_saphyr::from_str::<String>(&text).map_err(|e| e.to_string())?
                    }
                    month_file::Scalar::Folded(_) => text,
                };
                commentary.insert(edit.key.clone(), Some(plain));
            }
        }
    }
    let got_values = after.values.unwrap_or_default();
    let got_commentary = after.commentary.unwrap_or_default();
    if got_values != values || got_commentary != commentary {
        return Err("the edited file would not say what was intended".into());
    }
    Ok(())
}

/// Writes every changed month file: each to a temporary file beside it first, then all
/// renamed into place, so a failure while writing leaves every file as it was.
pub fn write(plan: &Plan) -> Result<Vec<PathBuf>, WriteError> {
    use std::io::Write;
    let changed: Vec<(&Path, &str)> = plan
        .months
        .iter()
        .filter_map(|m| Some((m.path.as_path(), m.new_text.as_deref()?)))
        .collect();
    let temporary = |path: &Path| {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        path.with_file_name(format!(".{name}.{}.import", std::process::id()))
    };
    let mut staged = Vec::new();
    for (path, text) in &changed {
        let temp = temporary(path);
        let result = (|| -> std::io::Result<()> {
            let mut file = std::fs::File::create(&temp)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()
        })();
        staged.push(temp.clone());
        if let Err(e) = result {
            for t in &staged {
                let _ = std::fs::remove_file(t);
            }
            return Err(WriteError {
                path: path.to_path_buf(),
                message: format!("cannot write the month file: {e}"),
                hint: "check the months folder is writable and has space; no month file was changed"
                    .into(),
            });
        }
    }
    let mut written = Vec::new();
    for ((path, _), temp) in changed.iter().zip(&staged) {
        if let Err(e) = std::fs::rename(temp, path) {
            let _ = std::fs::remove_file(temp);
            let done: Vec<String> = written
                .iter()
                .map(|p: &PathBuf| p.display().to_string())
                .collect();
            return Err(WriteError {
                path: path.to_path_buf(),
                message: format!("cannot replace the month file: {e}"),
                hint: if done.is_empty() {
                    "no month file was changed".into()
                } else {
                    format!("already written: {}", done.join(", "))
                },
            });
        }
        written.push(path.to_path_buf());
    }
    Ok(written)
}
