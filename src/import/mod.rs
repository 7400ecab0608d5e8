//! `scorecard import`: monthly values from spreadsheets into the month files. One run
//! takes any number of files, all or nothing. The plan runs in four steps, and nothing is
//! written until all of them succeed for every file:
//!
//! 1. [`read`] each file into a grid of cells (CSV, XLSX, XLS, ODS);
//! 2. [`layout`] finds the table (wide, long or months in rows), or a saved source in
//!    `imports.yaml` ([`mapping`]) says where it is, giving the indicator, month and
//!    value of each cell;
//! 3. `matching` matches each key to an indicator by id or ref and checks every value
//!    as `load` would; [`plan`] compares it with the month file (added, revised or
//!    unchanged) and has [`month_file`] edit each file's text in place;
//! 4. `save` loads the edited data folder in a scratch folder as `check` would, and
//!    [`write()`] puts every changed file on disk in one [`transaction`].
//!
//! Revisions (a value that differs from the one in the file) are written only when the
//! caller asks; the decision and all printing are the caller's.

pub mod layout;
pub mod mapping;
mod matching;
pub mod month_file;
pub mod parse;
pub mod read;
mod returned;
mod save;
pub mod transaction;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::Problem;
use crate::format::{format_in_unit, typed_decimals};
use crate::model::{Dataset, Unit, Value, YearMonth};

use layout::Shape;
use matching::{check_entries, warn_fractions, Incoming};
use month_file::{Block, Edit};
pub use save::write;

/// What to import from one file.
#[derive(Debug, Clone)]
pub struct Request {
    /// The spreadsheet, as the user named it (used in messages).
    pub file: PathBuf,
    /// The workbook sheet; default the source's, or the first visible one.
    pub sheet: Option<String>,
    /// The month of a file without months, or the one month to take from a file with many.
    pub month: Option<YearMonth>,
    /// The saved source in imports.yaml that says how to read it, if any.
    pub source: Option<mapping::Source>,
}

/// How one file was read.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRead {
    /// The file.
    pub file: PathBuf,
    /// What was read: `sheet Sheet1, wide layout (one column per month)`.
    pub source: String,
    /// Columns that were not read, e.g. `B (Title)`.
    pub ignored_columns: Vec<String>,
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

/// The checked result of reading the files against a data set: ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Each file, in the order given.
    pub files: Vec<FileRead>,
    /// One entry per month in the files, in calendar order.
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

    /// The error for revisions found without `--revise`: every revision, one a line, and
    /// how to write them. `None` when there are none.
    pub fn revisions_problem(&self, file: &Path) -> Option<Problem> {
        let lines: Vec<String> = self.revisions().map(|r| format!("  {r}")).collect();
        (!lines.is_empty()).then(|| {
            Problem::error(
                file,
                format!(
                    "{} revision{} to the month files:\n{}",
                    lines.len(),
                    plural(lines.len()),
                    lines.join("\n")
                ),
            )
            .hint("these differ from the values already in the files; check them, then run the import again with --revise to write them")
        })
    }

    /// The one-line summary: months, values added, revised and unchanged.
    pub fn summary(&self) -> String {
        let added: usize = self.months.iter().map(|m| m.added).sum();
        let revised = self.revisions().count();
        let unchanged: usize = self.months.iter().map(|m| m.unchanged).sum();
        let months: Vec<String> = self.months.iter().map(|m| m.month.to_string()).collect();
        if months.is_empty() {
            return "nothing: the files held no value or commentary".to_string();
        }
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

/// Reads every requested file and works out what importing them all into `dataset` would
/// change. A problem in any file stops the whole plan.
pub fn plan(dataset: &Dataset, requests: &[Request]) -> Planned {
    let fail = |problems: Vec<Problem>| Planned {
        plan: None,
        problems,
    };
    let mut problems = Vec::new();
    let mut files = Vec::new();
    let mut incoming: Vec<Incoming> = Vec::new();
    let mut printed = returned::Printed::default();
    for request in requests {
        if let Some((read, items)) = read_one(dataset, request, &mut printed, &mut problems) {
            files.push(read);
            incoming.extend(items);
        }
    }
    if problems.iter().any(Problem::is_error) {
        return fail(problems);
    }
    problems.extend(duplicates_across_files(&incoming));
    if problems.iter().any(Problem::is_error) {
        return fail(problems);
    }
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
    problems.extend(save::precheck(dataset, &months));
    if problems.iter().any(Problem::is_error) {
        return fail(problems);
    }
    Planned {
        plan: Some(Plan { files, months }),
        problems,
    }
}

/// Reads one file into checked values; its problems go to `problems`.
fn read_one(
    dataset: &Dataset,
    request: &Request,
    printed: &mut returned::Printed,
    problems: &mut Vec<Problem>,
) -> Option<(FileRead, Vec<Incoming>)> {
    let file = request.file.as_path();
    if request.sheet.is_none() && request.source.is_none() {
        if let Some(grid) = returned::recognise(file) {
            let before = problems.len();
            let read = returned::read_returned(dataset, file, &grid, printed, problems);
            return read.filter(|_| !problems[before..].iter().any(Problem::is_error));
        }
    }
    let sheets: Vec<String> = match (&request.sheet, &request.source) {
        (Some(sheet), _) => vec![sheet.clone()],
        (None, Some(source)) => source.sheets.clone(),
        (None, None) => Vec::new(),
    };
    let grid = match read::read(file, &sheets) {
        Ok(grid) => grid,
        Err(problem) => {
            problems.push(*problem);
            return None;
        }
    };
    let file_name = file.file_name().unwrap_or_default().to_string_lossy();
    let table = match &request.source {
        Some(source) => mapping::extract::read_mapped(&grid, source, &file_name, request.month),
        None => layout::read_table(&grid, request.month),
    };
    let table = match table {
        Ok(table) => table,
        Err(errors) => {
            problems.extend(errors.into_iter().map(|e| {
                let p = Problem::error(file, e.message).hint(e.hint);
                match e.at {
                    Some((r, c)) => p.field(grid.reference(r, c)),
                    None => p,
                }
            }));
            return None;
        }
    };
    let before = problems.len();
    let incoming = check_entries(dataset, file, &grid, &table, problems);
    if problems[before..].iter().any(Problem::is_error) {
        return None;
    }
    if incoming.is_empty() {
        problems.push(Problem::error(file, "there are no values to import").hint(
            match request.month {
                Some(m) => format!("the table has no values for {m}"),
                None => "fill in the value cells under the month headings".into(),
            },
        ));
        return None;
    }
    warn_fractions(dataset, file, &incoming, problems);
    let shape = match table.shape {
        Shape::Wide => "wide layout (one column per month)".to_string(),
        Shape::Long => "long layout (one row per value)".to_string(),
        Shape::Rows => "months in rows (one column per indicator)".to_string(),
        Shape::Mapped => match &request.source {
            Some(source) => format!("source `{}` in imports.yaml", source.id),
            None => "a saved source".to_string(),
        },
    };
    let source = match &grid.sheet {
        Some(sheet) => format!("sheet `{sheet}`, {shape}"),
        None => shape,
    };
    let read = FileRead {
        file: file.to_path_buf(),
        source,
        ignored_columns: table.ignored_columns,
    };
    Some((read, incoming))
}

/// The same indicator and month from two files of one run.
fn duplicates_across_files(incoming: &[Incoming]) -> Vec<Problem> {
    let mut first: BTreeMap<(&str, YearMonth), &Incoming> = BTreeMap::new();
    let mut problems = Vec::new();
    for item in incoming {
        match first.get(&(item.id.as_str(), item.month)) {
            Some(earlier) if earlier.file != item.file => problems.push(
                Problem::error(
                    &item.file,
                    format!(
                        "`{}` for {} is also in {} at {}",
                        item.id,
                        item.month,
                        earlier.file.display(),
                        earlier.cell
                    ),
                )
                .field(&item.cell)
                .hint("import each month from one file: leave one of the files out of this run"),
            ),
            Some(_) => {}
            None => {
                first.insert((item.id.as_str(), item.month), item);
            }
        }
    }
    problems
}

/// Compares a month's incoming values with its file and prepares the edited text.
fn plan_month(
    dataset: &Dataset,
    month: YearMonth,
    items: &[&Incoming],
) -> Result<MonthPlan, Box<Problem>> {
    let existing = dataset.months.get(&month);
    let (path, original) = existing_file(dataset, month);
    let mut tally = Tally::default();
    for item in items {
        if let Some(new) = item.value {
            let old = existing.and_then(|m| m.values.get(&item.id)).copied();
            let change = value_change(dataset, month, &item.id, old, new);
            tally.count(change, Block::Values, &item.id, || match new {
                Value::Present(x) => month_file::number_scalar(x),
                _ => month_file::Scalar::Inline("n/a".into()),
            });
        }
        if let Some(text) = &item.commentary {
            let old = existing.and_then(|m| m.commentary.get(&item.id));
            let change = commentary_change(month, item, old, text);
            tally.count(change, Block::Commentary, &item.id, || {
                month_file::text_scalar(text.trim())
            });
        }
    }
    let new_text = edited_text(&path, month, original.as_deref(), &tally.edits)?;
    Ok(MonthPlan {
        month,
        create: original.is_none(),
        path,
        new_text,
        added: tally.added,
        revised: tally.revised,
        unchanged: tally.unchanged,
    })
}

/// How an incoming value or commentary compares with the month file's.
enum Change {
    /// The file has none (or `null`).
    Added,
    /// The file has the same.
    Unchanged,
    /// The file has something else, which the import replaces.
    Revised(Revision),
}

/// A month's changes counted, and the edits they make to its file.
#[derive(Default)]
struct Tally {
    edits: Vec<Edit>,
    added: usize,
    unchanged: usize,
    revised: Vec<Revision>,
}

impl Tally {
    /// Counts `change` to `key` in `block`, and adds its edit (the new `scalar`) unless
    /// the file already has it.
    fn count(
        &mut self,
        change: Change,
        block: Block,
        key: &str,
        scalar: impl FnOnce() -> month_file::Scalar,
    ) {
        match change {
            Change::Added => self.added += 1,
            Change::Unchanged => {
                self.unchanged += 1;
                return;
            }
            Change::Revised(revision) => self.revised.push(revision),
        }
        self.edits.push(Edit {
            block,
            key: key.to_string(),
            scalar: scalar(),
        });
    }
}

/// An incoming value against the file's `old` one; a revision shows both as the
/// indicator's unit prints them.
fn value_change(
    dataset: &Dataset,
    month: YearMonth,
    id: &str,
    old: Option<Value>,
    new: Value,
) -> Change {
    match old {
        None | Some(Value::Missing) => Change::Added,
        Some(old) if same(old, new) => Change::Unchanged,
        Some(old) => {
            let (unit, decimals) = dataset
                .indicators()
                .find(|(_, i)| i.id == id)
                .map(|(_, i)| (i.unit.clone(), i.decimals))
                .unwrap_or((Unit::Count, 0));
            Change::Revised(Revision {
                id: id.to_string(),
                month,
                commentary: false,
                before: display(old, new, &unit, decimals, true),
                after: display(old, new, &unit, decimals, false),
            })
        }
    }
}

/// Incoming commentary against the file's `old` text.
fn commentary_change(
    month: YearMonth,
    item: &Incoming,
    old: Option<&String>,
    text: &str,
) -> Change {
    match old {
        None => Change::Added,
        Some(old) if old.trim() == text.trim() => Change::Unchanged,
        // A returned commentary workbook replaces the text it was made with; only an
        // edit made in the month file since is a revision.
        Some(old) if item.base_commentary.as_deref().map(str::trim) == Some(old.trim()) => {
            Change::Added
        }
        Some(old) => Change::Revised(Revision {
            id: item.id.clone(),
            month,
            commentary: true,
            before: quote_start(old),
            after: quote_start(text),
        }),
    }
}

/// The month file's text with `edits` made (a new file's when there is none), checked
/// to read back as intended; `None` when nothing changes.
fn edited_text(
    path: &Path,
    month: YearMonth,
    original: Option<&str>,
    edits: &[Edit],
) -> Result<Option<String>, Box<Problem>> {
    if edits.is_empty() {
        return Ok(None);
    }
    let base = original.map_or_else(|| month_file::new_file(month), str::to_string);
    let cannot = |why: String| {
        Box::new(
            Problem::error(path, format!("cannot add the imported values: {why}"))
                .hint("nothing was written; write the block as `values:` with one `id: value` per line, or type the values by hand"),
        )
    };
    let text = month_file::apply(&base, edits).map_err(|e| cannot(e.to_string()))?;
    save::verify(original, &text, edits).map_err(|e| cannot(e.to_string()))?;
    Ok(Some(text))
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
fn display(old: Value, new: Value, unit: &Unit, decimals: u8, before: bool) -> String {
    let needed = |x: f64| typed_decimals(x, decimals, 6);
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
        // Month files hold typed values, which are never withheld.
        Value::Suppressed => "withheld".into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_show_enough_decimals_to_differ() {
        let (old, new) = (Value::Present(1172.0), Value::Present(1180.0));
        assert_eq!(display(old, new, &Unit::Count, 0, true), "1,172");
        assert_eq!(display(old, new, &Unit::Count, 0, false), "1,180");
        let (old, new) = (Value::Present(90.5), Value::Present(90.55));
        assert_eq!(display(old, new, &Unit::Percentage, 1, true), "90.50%");
        assert_eq!(display(old, new, &Unit::Percentage, 1, false), "90.55%");
        let na = Value::NotApplicable;
        assert_eq!(display(na, new, &Unit::Percentage, 1, true), "n/a");
        let revision = Revision {
            id: "contacts".into(),
            month: "2020-05".parse().unwrap(),
            commentary: false,
            before: "1,172".into(),
            after: "1,180".into(),
        };
        assert_eq!(
            revision.to_string(),
            "contacts 2020-05: 1,172 \u{2192} 1,180"
        );
    }

    #[test]
    fn values_compare_as_numbers() {
        assert!(same(Value::Present(24.4), Value::Present(0.244 * 100.0)));
        assert!(same(Value::NotApplicable, Value::NotApplicable));
        assert!(!same(Value::Present(0.0), Value::NotApplicable));
        assert!(!same(Value::Present(1172.0), Value::Present(1172.5)));
    }
}
