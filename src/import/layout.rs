//! Making sense of a grid: which row is the header, whether the table is wide (one
//! column per month) or long (`id`/`ref`, `month`, `value` columns), and which key,
//! month and value cell each entry has. Pure functions over [`Grid`]; nothing here knows
//! about indicators or files (month headings are read by [`super::parse`]).
//!
//! - **Wide:** a column of indicator ids or refs (headed `id` or `ref`, or the first column
//!   that is not a month) and one column per month, headed `2020-06`, `Jun-20`,
//!   `June 2020` or a date cell. Columns headed with other words (a title, a unit) are
//!   ignored and listed.
//! - **Long:** columns headed `id` or `ref`, `value`, and `month` (optional when the month
//!   is given on the command line), plus an optional `commentary`.
//! - **Months in rows:** a column headed `month` (and no `value` column), or a first
//!   column of month cells under a heading row; every other heading is an indicator's id
//!   or ref. This is what BI tools and case-management systems export.

use crate::model::YearMonth;

use super::parse::{looks_like_a_month, month_of_cell};
use super::read::{Cell, Grid};

/// How many rows are searched for the header, past any title rows above the table.
const HEADER_SEARCH_ROWS: usize = 50;

/// How an indicator is named in the key column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// The column is headed `id`.
    Id,
    /// The column is headed `ref`.
    Ref,
    /// Any other heading: an id, or failing that a ref.
    Either,
}

/// The two table shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One column per month.
    Wide,
    /// One row per indicator and month.
    Long,
    /// One row per month, one column per indicator.
    Rows,
    /// Read as a source in imports.yaml says.
    Mapped,
}

/// A grid position, (row, column), relative to the grid's origin.
pub type At = (usize, usize);

/// One value (and perhaps commentary) for one indicator and month, still uninterpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The indicator's id or ref as written.
    pub key: String,
    /// Where the key is.
    pub key_at: At,
    /// The month it is for.
    pub month: YearMonth,
    /// The value cell (may be empty when only commentary is given).
    pub value: Cell,
    /// Where the value is.
    pub value_at: At,
    /// Commentary text and where it is (long layout only).
    pub commentary: Option<(String, At)>,
}

/// What the grid holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Wide or long.
    pub shape: Shape,
    /// How keys name indicators.
    pub key_kind: KeyKind,
    /// The values, in reading order (row by row, left to right).
    pub entries: Vec<Entry>,
    /// Headings of columns that were not read, with their letters: `B (Title)`.
    pub ignored_columns: Vec<String>,
}

/// A problem with the grid's layout or one of its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct CellError {
    /// The cell concerned, when there is one.
    pub at: Option<At>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

fn error(at: Option<At>, message: impl Into<String>, hint: impl Into<String>) -> CellError {
    CellError {
        at,
        message: message.into(),
        hint: hint.into(),
    }
}

const MONTH_FORMS: &str = "write months as 2020-06, Jun-20 or June 2020, or use a date cell";

/// The heading words we recognise, lower-cased.
fn keyword(cell: &Cell) -> Option<&'static str> {
    let Cell::Text(text) = cell else { return None };
    match text.trim().to_lowercase().as_str() {
        "id" => Some("id"),
        "ref" => Some("ref"),
        "month" => Some("month"),
        "value" => Some("value"),
        "commentary" => Some("commentary"),
        _ => None,
    }
}

/// Reads the table in `grid`. With `only_month`, a long table without a `month` column is
/// for that month, and any other table keeps only that month's values.
pub fn read_table(grid: &Grid, only_month: Option<YearMonth>) -> Result<Table, Vec<CellError>> {
    // A row with `id`, `ref` or `value` is the header; failing that, the first row with a
    // month heading. Keywords come first so that a date in a title row above the table
    // ("Data as at 10/07/2020" as a date cell) is not taken for the header.
    let rows = 0..grid.rows.len().min(HEADER_SEARCH_ROWS);
    let has = |r: &usize, test: &dyn Fn(&Cell) -> bool| grid.rows[*r].iter().any(test);
    let keyed = rows.clone().find(|r| {
        has(r, &|c| {
            matches!(keyword(c), Some("id" | "ref" | "value" | "month"))
        })
    });
    let header = match keyed {
        Some(r) => r,
        None => {
            let first_month = rows
                .clone()
                .find(|r| has(r, &|c| month_of_cell(c).is_some()));
            if let Some(table) = first_month.and_then(|r| months_down_a_column(grid, r, only_month))
            {
                return table;
            }
            first_month.ok_or_else(|| no_header(grid))?
        }
    };
    let headings: Vec<(usize, &'static str)> = grid.rows[header]
        .iter()
        .enumerate()
        .filter_map(|(c, cell)| keyword(cell).map(|k| (c, k)))
        .collect();
    let column = |name: &str| headings.iter().find(|(_, k)| *k == name).map(|(c, _)| *c);
    let key = column("id")
        .map(|c| (c, KeyKind::Id))
        .or_else(|| column("ref").map(|c| (c, KeyKind::Ref)));
    if let Some(value_col) = column("value") {
        let Some((key_col, key_kind)) = key else {
            return Err(vec![error(
                Some((header, value_col)),
                "the table has a `value` column but no `id` or `ref` column",
                "add a column headed `id` (indicator ids) or `ref` (their reference numbers)",
            )]);
        };
        let columns = LongColumns {
            key: key_col,
            month: column("month"),
            value: value_col,
            commentary: column("commentary"),
        };
        read_long(grid, header, columns, key_kind, only_month)
    } else if let (Some(month_col), None) = (column("month"), key) {
        read_rows(grid, header, month_col, only_month)
    } else {
        read_wide(grid, header, key, only_month)
    }
}

fn no_header(grid: &Grid) -> Vec<CellError> {
    let message = if !grid.rows.iter().all(|r| r.iter().all(Cell::is_blank)) {
        "no header row found".to_string()
    } else if let Some(sheet) = &grid.sheet {
        format!("sheet `{sheet}` is empty")
    } else {
        "the file is empty".to_string()
    };
    vec![error(
        None,
        message,
        "start the table with a header row: `id` (or `ref`) and one column per month such as 2020-06, or `id`, `month`, `value`, or `month` and one column per indicator",
    )]
}

/// Months in rows without a `month` heading: the first month cell (in row `r`) has
/// another month below it, so the row above is the header.
fn months_down_a_column(
    grid: &Grid,
    r: usize,
    only_month: Option<YearMonth>,
) -> Option<Result<Table, Vec<CellError>>> {
    let c = grid.rows[r]
        .iter()
        .position(|c| month_of_cell(c).is_some())?;
    month_of_cell(grid.get(r + 1, c))?;
    let header = r.checked_sub(1)?;
    Some(read_rows(grid, header, c, only_month))
}

/// One row per month: the `month_col` cell gives the month, every other heading names an
/// indicator by id or ref.
fn read_rows(
    grid: &Grid,
    header: usize,
    month_col: usize,
    only_month: Option<YearMonth>,
) -> Result<Table, Vec<CellError>> {
    let keys: Vec<(usize, String)> = (0..grid.rows[header].len())
        .filter(|&c| c != month_col)
        .filter_map(|c| Some((c, key_text(grid.get(header, c))?)))
        .collect();
    if keys.is_empty() {
        return Err(vec![error(
            Some((header, month_col)),
            "the header row names no indicator beside the month column",
            "head each column of values with its indicator's id or ref",
        )]);
    }
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for r in header + 1..grid.rows.len() {
        let filled: Vec<&(usize, String)> = keys
            .iter()
            .filter(|(c, _)| !grid.get(r, *c).is_blank())
            .collect();
        if filled.is_empty() {
            continue;
        }
        let month = match month_of_cell(grid.get(r, month_col)) {
            Some(m) => m,
            None => {
                let cell = grid.get(r, month_col);
                let message = if cell.is_blank() {
                    "values with no month".to_string()
                } else {
                    format!("{} is not a month", cell.describe())
                };
                errors.push(error(Some((r, month_col)), message, MONTH_FORMS));
                continue;
            }
        };
        if only_month.is_some_and(|m| m != month) {
            continue;
        }
        for (c, key) in filled {
            entries.push(Entry {
                key: key.clone(),
                key_at: (header, *c),
                month,
                value: grid.get(r, *c).clone(),
                value_at: (r, *c),
                commentary: None,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Table {
        shape: Shape::Rows,
        key_kind: KeyKind::Either,
        entries,
        ignored_columns: Vec::new(),
    })
}

struct LongColumns {
    key: usize,
    month: Option<usize>,
    value: usize,
    commentary: Option<usize>,
}

/// A table with a row per value: each row's key, month (from its column, or `--month`),
/// value and commentary; with `only_month`, the rows for other months are passed over.
fn read_long(
    grid: &Grid,
    header: usize,
    columns: LongColumns,
    key_kind: KeyKind,
    only_month: Option<YearMonth>,
) -> Result<Table, Vec<CellError>> {
    if columns.month.is_none() && only_month.is_none() {
        return Err(vec![error(
            Some((header, columns.value)),
            "the table has no `month` column, so the month of its values is unknown",
            "give the month with --month YYYY-MM, or add a `month` column",
        )]);
    }
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    for r in header + 1..grid.rows.len() {
        match long_entry(grid, r, &columns, only_month) {
            Ok(Some(entry)) => entries.push(entry),
            Ok(None) => {}
            Err(problem) => errors.push(problem),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let ignored_columns = (0..grid.rows[header].len())
        .filter(|&c| {
            c != columns.key
                && c != columns.value
                && Some(c) != columns.month
                && Some(c) != columns.commentary
                && !grid.get(header, c).is_blank()
        })
        .map(|c| ignored(grid, header, c))
        .collect();
    Ok(Table {
        shape: Shape::Long,
        key_kind,
        entries,
        ignored_columns,
    })
}

/// Row `r` of a long table as an entry; `None` for a row with neither a value nor
/// commentary, or for another month than `only_month`.
fn long_entry(
    grid: &Grid,
    r: usize,
    columns: &LongColumns,
    only_month: Option<YearMonth>,
) -> Result<Option<Entry>, CellError> {
    let value = grid.get(r, columns.value).clone();
    let commentary = columns
        .commentary
        .map(|c| (c, grid.get(r, c)))
        .filter(|(_, cell)| !cell.is_blank())
        .map(|(c, cell)| (cell_text(cell), (r, c)));
    if value.is_blank() && commentary.is_none() {
        return Ok(None);
    }
    if let Some(problem) = uncalculated(grid, r, [Some(columns.key), columns.commentary]) {
        return Err(problem);
    }
    let Some(key) = key_text(grid.get(r, columns.key)) else {
        return Err(error(
            Some((r, columns.key)),
            "a value with no indicator",
            "write the indicator's id or ref in this cell, or delete the row",
        ));
    };
    let month = match columns.month {
        Some(c) => row_month(grid.get(r, c), (r, c), only_month)?,
        // Checked by the caller: without a month column, --month gives the month.
        None => match only_month {
            Some(m) => m,
            None => return Ok(None),
        },
    };
    if only_month.is_some_and(|m| m != month) {
        return Ok(None);
    }
    Ok(Some(Entry {
        key,
        key_at: (r, columns.key),
        month,
        value,
        value_at: (r, columns.value),
        commentary,
    }))
}

/// The month in a row's month cell (at `at`); a blank cell takes `--month`.
fn row_month(cell: &Cell, at: At, only_month: Option<YearMonth>) -> Result<YearMonth, CellError> {
    if cell.is_blank() {
        return only_month.ok_or_else(|| error(Some(at), "a value with no month", MONTH_FORMS));
    }
    month_of_cell(cell).ok_or_else(|| {
        error(
            Some(at),
            format!("{} is not a month", cell.describe()),
            MONTH_FORMS,
        )
    })
}

/// A table with a column per month: its month columns (all of them, or `only_month`'s),
/// the column of indicator keys, and an entry for each value under a month.
fn read_wide(
    grid: &Grid,
    header: usize,
    key: Option<(usize, KeyKind)>,
    only_month: Option<YearMonth>,
) -> Result<Table, Vec<CellError>> {
    let (mut months, others) = wide_headings(grid, header, key)?;
    let (key_col, key_kind) = match key {
        Some(k) => k,
        None => wide_key_column(grid, header, &others, months[0].0)?,
    };
    if let Some(wanted) = only_month {
        if !months.iter().any(|(_, m)| *m == wanted) {
            let found: Vec<String> = months.iter().map(|(_, m)| m.to_string()).collect();
            return Err(vec![error(
                None,
                format!("--month {wanted}: the file has no column for {wanted}"),
                format!("its months are: {}", found.join(", ")),
            )]);
        }
        months.retain(|(_, m)| *m == wanted);
    }
    let entries = wide_entries(grid, header, key_col, &months)?;
    let ignored_columns = others
        .into_iter()
        .filter(|&c| c != key_col && !grid.get(header, c).is_blank())
        .map(|c| ignored(grid, header, c))
        .collect();
    Ok(Table {
        shape: Shape::Wide,
        key_kind,
        entries,
        ignored_columns,
    })
}

/// Columns headed by a month, with their months, left to right.
type MonthColumns = Vec<(usize, YearMonth)>;

/// The header row's columns, but the key's: those headed by a month (at least one),
/// and the others. A heading that looks like a month but is not one is an error.
fn wide_headings(
    grid: &Grid,
    header: usize,
    key: Option<(usize, KeyKind)>,
) -> Result<(MonthColumns, Vec<usize>), Vec<CellError>> {
    let mut errors = Vec::new();
    let mut months = Vec::new();
    let mut others = Vec::new();
    for c in 0..grid.width() {
        if key.is_some_and(|(k, _)| k == c) {
            continue;
        }
        let cell = grid.get(header, c);
        match month_of_cell(cell) {
            Some(m) => months.push((c, m)),
            None if cell.is_blank() => others.push(c),
            None if looks_like_a_month(cell) => errors.push(error(
                Some((header, c)),
                format!("the heading {} is not a month", cell.describe()),
                MONTH_FORMS,
            )),
            None => others.push(c),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if months.is_empty() {
        return Err(vec![error(
            Some((header, 0)),
            "the header row has no month headings",
            format!("head each column of values with its month; {MONTH_FORMS}; or use the long layout (`id`, `month`, `value` columns)"),
        )]);
    }
    Ok((months, others))
}

/// With no column headed `id` or `ref`: the first column before the months (the first
/// at `first_month`) that has anything below the header.
fn wide_key_column(
    grid: &Grid,
    header: usize,
    others: &[usize],
    first_month: usize,
) -> Result<(usize, KeyKind), Vec<CellError>> {
    others
        .iter()
        .copied()
        .find(|&c| {
            c < first_month && (header + 1..grid.rows.len()).any(|r| !grid.get(r, c).is_blank())
        })
        .map(|c| (c, KeyKind::Either))
        .ok_or_else(|| {
            vec![error(
                Some((header, first_month)),
                "there is no column of indicator ids or refs before the months",
                "put the indicators' ids (or refs) in the first column, headed `id` (or `ref`)",
            )]
        })
}

/// An entry for each value under a month column, keyed by the row's key; a row with no
/// values (a section heading or a spacer) is passed over.
fn wide_entries(
    grid: &Grid,
    header: usize,
    key_col: usize,
    months: &[(usize, YearMonth)],
) -> Result<Vec<Entry>, Vec<CellError>> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for r in header + 1..grid.rows.len() {
        let values: Vec<&(usize, YearMonth)> = months
            .iter()
            .filter(|(c, _)| !grid.get(r, *c).is_blank())
            .collect();
        if values.is_empty() {
            continue;
        }
        if let Some(problem) = uncalculated(grid, r, [Some(key_col), None]) {
            errors.push(problem);
            continue;
        }
        let Some(key) = key_text(grid.get(r, key_col)) else {
            errors.push(error(
                Some((r, key_col)),
                "values with no indicator",
                "write the indicator's id or ref in this cell, or delete the row",
            ));
            continue;
        };
        for &&(c, month) in &values {
            entries.push(Entry {
                key: key.clone(),
                key_at: (r, key_col),
                month,
                value: grid.get(r, c).clone(),
                value_at: (r, c),
                commentary: None,
            });
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

fn ignored(grid: &Grid, header: usize, c: usize) -> String {
    format!(
        "{} ({})",
        grid.column_letters(c),
        cell_text(grid.get(header, c))
    )
}

/// A cell's text as typed, for keys and commentary; numbers print plainly (`1`, `2.1`).
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number { value, .. } => format!("{value}"),
        Cell::Empty => String::new(),
        other => other.describe(),
    }
}

/// An error for the first of `columns` in row `r` that holds a formula with no saved
/// result: its text cannot serve as an id or as commentary.
fn uncalculated(grid: &Grid, r: usize, columns: [Option<usize>; 2]) -> Option<CellError> {
    columns.into_iter().flatten().find_map(|c| {
        let (message, hint) = grid.get(r, c).unsaved_formula()?;
        Some(error(Some((r, c)), message, hint))
    })
}

/// The key in a cell: trimmed text, or a number as a ref (`1`, `2.1`).
fn key_text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        Cell::Number { value, .. } if value.is_finite() => Some(format!("{value}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    fn text(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn num(x: f64) -> Cell {
        Cell::Number {
            value: x,
            percent: false,
        }
    }

    fn grid(rows: Vec<Vec<Cell>>) -> Grid {
        Grid {
            sheet: Some("Sheet1".into()),
            origin: (0, 0),
            rows,
            decimal_comma: false,
            merges: Vec::new(),
        }
    }

    #[test]
    fn wide_table_with_title_row_and_ignored_column() {
        let g = grid(vec![
            vec![text("Scorecard extract")],
            vec![],
            vec![
                text("Ref"),
                text("Title"),
                text("May-20"),
                Cell::Date {
                    year: 2020,
                    month: 6,
                },
            ],
            vec![text("Front door")],
            vec![num(1.0), text("Contacts"), num(1172.0), num(1403.0)],
            vec![text("2"), text("Referrals"), Cell::Empty, text("342")],
        ]);
        let table = read_table(&g, None).unwrap();
        assert_eq!(table.shape, Shape::Wide);
        assert_eq!(table.key_kind, KeyKind::Ref);
        assert_eq!(table.ignored_columns, vec!["B (Title)".to_string()]);
        let got: Vec<(String, String, At)> = table
            .entries
            .iter()
            .map(|e| (e.key.clone(), e.month.to_string(), e.value_at))
            .collect();
        assert_eq!(
            got,
            vec![
                ("1".into(), "2020-05".into(), (4, 2)),
                ("1".into(), "2020-06".into(), (4, 3)),
                ("2".into(), "2020-06".into(), (5, 3)),
            ]
        );
        let june = read_table(&g, Some(ym("2020-06"))).unwrap();
        assert_eq!(june.entries.len(), 2);
        let missing = read_table(&g, Some(ym("2020-07"))).unwrap_err();
        assert!(missing[0].hint.contains("2020-05, 2020-06"), "{missing:?}");
    }

    #[test]
    fn a_date_in_a_title_row_is_not_the_header() {
        let g = grid(vec![
            vec![
                text("Data as at"),
                Cell::Date {
                    year: 2020,
                    month: 7,
                },
            ],
            vec![text("id"), text("2020-06")],
            vec![text("contacts"), num(1403.0)],
        ]);
        let table = read_table(&g, None).unwrap();
        assert_eq!(table.entries.len(), 1);
        assert_eq!(table.entries[0].value_at, (2, 1));
    }

    #[test]
    fn wide_table_without_key_heading_uses_first_column() {
        let g = grid(vec![
            vec![Cell::Empty, text("2020-06")],
            vec![text("contacts"), num(1403.0)],
        ]);
        let table = read_table(&g, None).unwrap();
        assert_eq!(table.key_kind, KeyKind::Either);
        assert_eq!(table.entries[0].key, "contacts");
    }

    #[test]
    fn a_heading_that_is_not_a_month_is_an_error() {
        let g = grid(vec![
            vec![
                text("id"),
                text("2020-06"),
                text("Juen 2020"),
                text("2020-13"),
            ],
            vec![text("contacts"), num(1.0), num(2.0), num(3.0)],
        ]);
        let errors = read_table(&g, None).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].at, Some((0, 2)));
        assert!(errors[0].message.contains("\"Juen 2020\" is not a month"));
        assert_eq!(errors[1].at, Some((0, 3)));
    }

    #[test]
    fn long_table_with_commentary_and_month_option() {
        let g = grid(vec![
            vec![text("id"), text("month"), text("value"), text("commentary")],
            vec![
                text("contacts"),
                text("2020-06"),
                num(1403.0),
                text("Up 20%"),
            ],
            vec![text("referrals"), text("Jun-20"), num(342.0)],
            vec![text("referrals"), text("May-20"), num(270.0)],
        ]);
        let table = read_table(&g, None).unwrap();
        assert_eq!(table.shape, Shape::Long);
        assert_eq!(table.key_kind, KeyKind::Id);
        assert_eq!(table.entries.len(), 3);
        assert_eq!(
            table.entries[0].commentary,
            Some(("Up 20%".to_string(), (1, 3)))
        );
        let june = read_table(&g, Some(ym("2020-06"))).unwrap();
        assert_eq!(june.entries.len(), 2);
    }

    #[test]
    fn two_column_table_needs_the_month_option() {
        let g = grid(vec![
            vec![text("ref"), text("value")],
            vec![text("1"), num(1403.0)],
        ]);
        let errors = read_table(&g, None).unwrap_err();
        assert!(errors[0].hint.contains("--month"), "{errors:?}");
        let table = read_table(&g, Some(ym("2020-06"))).unwrap();
        assert_eq!(table.key_kind, KeyKind::Ref);
        assert_eq!(table.entries[0].month, ym("2020-06"));
    }

    #[test]
    fn long_table_bad_month_and_missing_key() {
        let g = grid(vec![
            vec![text("id"), text("month"), text("value")],
            vec![text("contacts"), text("June"), num(1.0)],
            vec![Cell::Empty, text("2020-06"), num(2.0)],
        ]);
        let errors = read_table(&g, None).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].at, Some((1, 1)));
        assert_eq!(errors[1].at, Some((2, 0)));
    }

    #[test]
    fn months_in_rows_by_heading_or_by_a_column_of_months() {
        let headed = grid(vec![
            vec![text("Month"), text("contacts"), text("2")],
            vec![text("2020-06"), num(1403.0), num(342.0)],
            vec![text("Jul-20"), num(1500.0), Cell::Empty],
        ]);
        let table = read_table(&headed, None).unwrap();
        assert_eq!(table.shape, Shape::Rows);
        let got: Vec<(String, String, At)> = table
            .entries
            .iter()
            .map(|e| (e.key.clone(), e.month.to_string(), e.value_at))
            .collect();
        assert_eq!(
            got,
            vec![
                ("contacts".into(), "2020-06".into(), (1, 1)),
                ("2".into(), "2020-06".into(), (1, 2)),
                ("contacts".into(), "2020-07".into(), (2, 1)),
            ]
        );
        let unheaded = grid(vec![
            vec![text("Period"), text("contacts")],
            vec![
                Cell::Date {
                    year: 2020,
                    month: 6,
                },
                num(1403.0),
            ],
            vec![
                Cell::Date {
                    year: 2020,
                    month: 7,
                },
                num(1500.0),
            ],
        ]);
        let table = read_table(&unheaded, Some(ym("2020-07"))).unwrap();
        assert_eq!(table.shape, Shape::Rows);
        assert_eq!(table.entries.len(), 1);
        assert_eq!(table.entries[0].key_at, (0, 1));
        let wide_single_month = grid(vec![
            vec![text("contacts"), text("2020-06")],
            vec![text("referrals"), num(1.0)],
        ]);
        assert_eq!(
            read_table(&wide_single_month, None).unwrap().shape,
            Shape::Wide
        );
    }

    #[test]
    fn empty_and_headerless_sheets() {
        assert_eq!(
            read_table(&grid(vec![vec![]]), None).unwrap_err()[0].message,
            "sheet `Sheet1` is empty"
        );
        assert_eq!(
            read_table(&grid(vec![vec![text("hello")]]), None).unwrap_err()[0].message,
            "no header row found"
        );
    }
}
