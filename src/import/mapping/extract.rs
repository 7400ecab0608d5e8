//! Applying a saved source to a sheet: find the header row, the group of each column
//! (the merged cell above it), each indicator's column by its pattern, the rows to read
//! and the month, and give the same [`Table`] of entries the built-in layouts give.
//! Every failure names the sheet and the heading, with the nearest heading there is.

use crate::import::layout::{At, CellError, Entry, KeyKind, Shape, Table};
use crate::import::parse::{month_of_cell, parse_month};
use crate::import::read::{Cell, Grid};
use crate::model::YearMonth;

use super::pattern::{normal, Heading, MAX_PATTERN_CHARS};
use super::{ColumnPattern, MonthFrom, Source};

/// How many rows are searched for the header.
const HEADER_SEARCH_ROWS: usize = 200;

fn error(at: Option<At>, message: String, hint: String) -> CellError {
    CellError { at, message, hint }
}

/// A cell's text for matching: text as typed, numbers plainly.
fn text_of(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.trim().to_string(),
        Cell::Number { value, .. } => format!("{value}"),
        _ => String::new(),
    }
}

fn sheet_words(grid: &Grid) -> String {
    match &grid.sheet {
        Some(name) => format!("sheet `{name}`"),
        None => "the file".to_string(),
    }
}

/// Reads `grid` as `source` says. `file_name` is for a month given by the file's name;
/// `only_month` keeps only that month's values.
pub fn read_mapped(
    grid: &Grid,
    source: &Source,
    file_name: &str,
    only_month: Option<YearMonth>,
) -> Result<Table, Vec<CellError>> {
    let header = find_header(grid, source).map_err(|e| vec![e])?;
    let groups = column_groups(grid, header);
    let mut errors = Vec::new();
    let mut columns: Vec<(&ColumnPattern, usize)> = Vec::new();
    for pattern in &source.columns {
        match find_column(grid, header, &groups, pattern) {
            Ok(c) => columns.push((pattern, c)),
            Err(e) => errors.push(e),
        }
    }
    let rows = find_rows(grid, header, source, &mut errors);
    let month_column = match &source.month {
        MonthFrom::Column(heading) => match heading_column(grid, header, heading) {
            Ok(c) => Some(c),
            Err(e) => {
                errors.push(e);
                None
            }
        },
        _ => None,
    };
    let fixed_month = match &source.month {
        MonthFrom::Column(_) => None,
        other => match month_of_sheet(grid, other, file_name) {
            Ok(m) => Some(m),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    if fixed_month.is_some() {
        one_row_per_month(grid, source, &rows, &columns)?;
    }
    let mut entries = Vec::new();
    for r in rows {
        let month = match (fixed_month, month_column) {
            (Some(m), _) => m,
            (None, Some(c)) => match month_of_cell(grid.get(r, c)) {
                Some(m) => m,
                None if grid.get(r, c).is_blank() => continue,
                None => {
                    errors.push(error(
                        Some((r, c)),
                        format!("{} is not a month", grid.get(r, c).describe()),
                        "write months as 2020-06, Jun-20 or June 2020, or use a date cell".into(),
                    ));
                    continue;
                }
            },
            (None, None) => continue,
        };
        if only_month.is_some_and(|m| m != month) {
            continue;
        }
        for (pattern, c) in &columns {
            let value = grid.get(r, *c).clone();
            if value.is_blank() {
                continue;
            }
            entries.push(Entry {
                key: pattern.id.clone(),
                key_at: (header, *c),
                month,
                value,
                value_at: (r, *c),
                commentary: None,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Table {
        shape: Shape::Mapped,
        key_kind: KeyKind::Id,
        entries,
        ignored_columns: Vec::new(),
    })
}

fn find_header(grid: &Grid, source: &Source) -> Result<usize, CellError> {
    let Some(wanted) = &source.header_row_with else {
        return Ok(0);
    };
    let rows = grid.rows.len().min(HEADER_SEARCH_ROWS);
    if let Some(r) = (0..rows).find(|&r| {
        grid.rows[r]
            .iter()
            .any(|c| normal(&text_of(c)) == normal(wanted))
    }) {
        return Ok(r);
    }
    let texts: Vec<String> = (0..rows)
        .flat_map(|r| grid.rows[r].iter().map(text_of))
        .filter(|t| !t.is_empty() && t.len() < 80)
        .collect();
    let near = nearest(wanted, texts.iter().map(String::as_str))
        .map(|n| format!("the nearest cell text is `{n}`; "))
        .unwrap_or_default();
    Err(error(
        None,
        format!(
            "{}: no row has a cell `{wanted}` (header.row_with)",
            sheet_words(grid)
        ),
        format!("{near}set `header: {{row_with: ...}}` to the text of a cell in the header row"),
    ))
}

/// The group each column falls under: the merged cell (or, where the workbook records no
/// merges, the nearest filled cell to the left) in the row above the header.
fn column_groups(grid: &Grid, header: usize) -> Vec<Option<String>> {
    let width = grid.width();
    let mut groups = vec![None; width];
    let Some(above) = header.checked_sub(1) else {
        return groups;
    };
    let merged: Vec<_> = grid
        .merges
        .iter()
        .filter(|((r0, _), (r1, _))| *r0 <= above && above <= *r1)
        .collect();
    if merged.is_empty() {
        let mut current: Option<String> = None;
        for (c, group) in groups.iter_mut().enumerate() {
            let text = text_of(grid.get(above, c));
            if !text.is_empty() {
                current = Some(text);
            }
            *group = current.clone();
        }
    } else {
        for (c, group) in groups.iter_mut().enumerate() {
            let text = text_of(grid.get(above, c));
            *group = merged
                .iter()
                .find(|((_, c0), (_, c1))| *c0 <= c && c <= *c1)
                .map(|((r0, c0), _)| text_of(grid.get(*r0, *c0)))
                .or_else(|| (!text.is_empty()).then_some(text));
        }
    }
    groups
}

/// `group / heading` as a user would write it for a column.
fn full_heading(grid: &Grid, header: usize, groups: &[Option<String>], c: usize) -> String {
    let heading = text_of(grid.get(header, c));
    match groups.get(c).cloned().flatten() {
        Some(group) => format!("{group} / {heading}"),
        None => heading,
    }
}

fn find_column(
    grid: &Grid,
    header: usize,
    groups: &[Option<String>],
    pattern: &ColumnPattern,
) -> Result<usize, CellError> {
    let wanted = Heading::new(&pattern.heading);
    let group_wanted = pattern.group.as_deref().map(Heading::new);
    let in_group = |c: usize| {
        group_wanted.as_ref().is_some_and(|g| {
            groups
                .get(c)
                .cloned()
                .flatten()
                .is_some_and(|group| g.matches(&group))
        })
    };
    let found: Vec<usize> = (0..grid.width())
        .filter(|&c| {
            let heading = text_of(grid.get(header, c));
            !heading.is_empty()
                && wanted.matches(&heading)
                && (group_wanted.is_none() || in_group(c))
        })
        .collect();
    let where_ = format!("{}, columns.{}", sheet_words(grid), pattern.id);
    match found.as_slice() {
        [c] => Ok(*c),
        [] => {
            // Columns under a group the pattern matches come first: there the heading is
            // what is wrong.
            let filled: Vec<usize> = (0..grid.width())
                .filter(|&c| !grid.get(header, c).is_blank())
                .collect();
            let grouped: Vec<usize> = filled.iter().copied().filter(|&c| in_group(c)).collect();
            let near = if grouped.is_empty() {
                let headings: Vec<String> = filled
                    .iter()
                    .map(|&c| full_heading(grid, header, groups, c))
                    .collect();
                nearest(&pattern.written, headings.iter().map(String::as_str)).map(str::to_string)
            } else {
                let headings: Vec<String> = grouped
                    .iter()
                    .map(|&c| text_of(grid.get(header, c)))
                    .collect();
                nearest(&pattern.heading, headings.iter().map(String::as_str)).and_then(|h| {
                    let c = grouped
                        .iter()
                        .copied()
                        .find(|&c| text_of(grid.get(header, c)) == h)?;
                    Some(full_heading(grid, header, groups, c))
                })
            };
            let near = near.as_deref();
            let hint = match near {
                Some(n) => {
                    let c = (0..grid.width())
                        .find(|&c| full_heading(grid, header, groups, c) == n)
                        .unwrap_or(0);
                    format!(
                        "the nearest heading is `{n}` ({}); correct the pattern in imports.yaml (`*` matches any text)",
                        grid.reference(header, c)
                    )
                }
                None => "the header row has no headings".into(),
            };
            Err(error(
                None,
                format!("{where_}: no column is headed `{}`", pattern.written),
                hint,
            ))
        }
        several => {
            let listed: Vec<String> = several
                .iter()
                .map(|&c| {
                    format!(
                        "{} (`{}`)",
                        grid.reference(header, c),
                        full_heading(grid, header, groups, c)
                    )
                })
                .collect();
            Err(error(
                None,
                format!(
                    "{where_}: `{}` matches {} columns: {}",
                    pattern.written,
                    several.len(),
                    listed.join(", ")
                ),
                "make the pattern match one column: add its group (\"group / heading\") or more of the heading".into(),
            ))
        }
    }
}

/// The column whose header cell is `heading` exactly (case and spacing aside).
fn heading_column(grid: &Grid, header: usize, heading: &str) -> Result<usize, CellError> {
    if let Some(c) =
        (0..grid.width()).find(|&c| normal(&text_of(grid.get(header, c))) == normal(heading))
    {
        return Ok(c);
    }
    let headings: Vec<String> = (0..grid.width())
        .map(|c| text_of(grid.get(header, c)))
        .filter(|t| !t.is_empty())
        .collect();
    let near = nearest(heading, headings.iter().map(String::as_str))
        .map(|n| format!("the nearest heading is `{n}`"))
        .unwrap_or_else(|| "the header row has no headings".into());
    Err(error(
        Some((header, 0)),
        format!(
            "{}: the header row has no column `{heading}`",
            sheet_words(grid)
        ),
        near,
    ))
}

/// The rows to read: those whose cells hold the `row` values, or every filled row.
fn find_rows(
    grid: &Grid,
    header: usize,
    source: &Source,
    errors: &mut Vec<CellError>,
) -> Vec<usize> {
    let below = header + 1..grid.rows.len();
    let mut rows: Vec<usize> = below
        .clone()
        .filter(|&r| grid.rows[r].iter().any(|c| !c.is_blank()))
        .collect();
    for (heading, wanted) in &source.rows {
        let c = match heading_column(grid, header, heading) {
            Ok(c) => c,
            Err(e) => {
                errors.push(e);
                return Vec::new();
            }
        };
        rows.retain(|&r| normal(&text_of(grid.get(r, c))) == normal(wanted));
        if rows.is_empty() {
            let values: Vec<String> = below.clone().map(|r| text_of(grid.get(r, c))).collect();
            let near = nearest(
                wanted,
                values.iter().filter(|v| !v.is_empty()).map(String::as_str),
            )
            .map(|n| format!("the nearest is `{n}`; "))
            .unwrap_or_default();
            errors.push(error(
                Some((header, c)),
                format!(
                    "{}: no row has `{wanted}` under `{heading}`",
                    sheet_words(grid)
                ),
                format!("{near}check the `row:` value in imports.yaml"),
            ));
            return Vec::new();
        }
    }
    rows
}

/// With one month for the whole sheet, one row may hold values: several would give each
/// indicator several values for that month. Said once, however many rows there are.
fn one_row_per_month(
    grid: &Grid,
    source: &Source,
    rows: &[usize],
    columns: &[(&ColumnPattern, usize)],
) -> Result<(), Vec<CellError>> {
    let filled: Vec<usize> = rows
        .iter()
        .copied()
        .filter(|&r| columns.iter().any(|(_, c)| !grid.get(r, *c).is_blank()))
        .collect();
    let (Some(&second), Some((_, column))) = (filled.get(1), columns.first()) else {
        return Ok(());
    };
    let shown: Vec<String> = filled
        .iter()
        .take(3)
        .map(|&r| grid.reference(r, *column))
        .collect();
    let more = match filled.len() - shown.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    let (picks, hint) = if source.rows.is_empty() {
        (
            "the source reads every row".to_string(),
            "add `row:` to the source in imports.yaml to pick one row, e.g. `row: {Code: RF4}`"
                .to_string(),
        )
    } else {
        let selector: Vec<String> = source
            .rows
            .iter()
            .map(|(h, v)| format!("{h}: {v}"))
            .collect();
        (
            format!("`row: {{{}}}` picks several rows", selector.join(", ")),
            "add another heading and its value to `row:` in imports.yaml so that it picks one row"
                .to_string(),
        )
    };
    Err(vec![error(
        Some((second, *column)),
        format!(
            "{}: {picks}, and {} of them hold values ({}{more}), but the sheet has one month",
            sheet_words(grid),
            filled.len(),
            shown.join(", ")
        ),
        hint,
    )])
}

/// The one month of the whole sheet.
fn month_of_sheet(grid: &Grid, from: &MonthFrom, file_name: &str) -> Result<YearMonth, CellError> {
    let not_a_month = |at: At, cell: &Cell| {
        error(
            Some(at),
            format!("{} is not a month", cell.describe()),
            "the month must read as 2021-06, Jun-21 or June 2021, or be a date cell".into(),
        )
    };
    match from {
        MonthFrom::RightOf(label) => {
            let found = (0..grid.rows.len()).find_map(|r| {
                let c = grid.rows[r]
                    .iter()
                    .position(|cell| normal(&text_of(cell)) == normal(label))?;
                Some((r, c))
            });
            let Some((r, c)) = found else {
                return Err(error(
                    None,
                    format!("{}: no cell says `{label}` (month.right_of)", sheet_words(grid)),
                    "set `month:` in imports.yaml to where the month is: {right_of: \"Period:\"}, {cell: C6} or {file_name: true}".into(),
                ));
            };
            let Some(v) = (c + 1..grid.width()).find(|&v| !grid.get(r, v).is_blank()) else {
                return Err(error(
                    Some((r, c)),
                    format!("nothing is written right of `{label}`"),
                    "the month must be in a cell to its right".into(),
                ));
            };
            month_of_cell(grid.get(r, v)).ok_or_else(|| not_a_month((r, v), grid.get(r, v)))
        }
        MonthFrom::Cell(name, (row, column)) => {
            let at = (
                row.checked_sub(grid.origin.0).unwrap_or(usize::MAX),
                column.checked_sub(grid.origin.1).unwrap_or(usize::MAX),
            );
            let cell = grid.get(at.0, at.1);
            if cell.is_blank() {
                return Err(error(
                    None,
                    format!("{}: the month cell {name} is empty", sheet_words(grid)),
                    "set `month: {cell: ...}` in imports.yaml to the cell that holds the month".into(),
                ));
            }
            month_of_cell(cell).ok_or_else(|| not_a_month(at, cell))
        }
        MonthFrom::FileName => month_of_file_name(file_name).ok_or_else(|| {
            error(
                None,
                format!("the file name `{file_name}` has no month in it"),
                "name the file with its month (June-2021-..., 2021-06-...), or say where the month is in imports.yaml".into(),
            )
        }),
        // Each row has its own month; read_mapped reads it row by row.
        MonthFrom::Column(heading) => Err(error(
            None,
            format!("the month is in the column `{heading}`, one per row"),
            String::new(),
        )),
    }
}

/// The month in a file name: `2021-06`, or a month name followed by a year
/// (`June-2021`, `Jun21` is not enough: a separator is needed).
pub fn month_of_file_name(name: &str) -> Option<YearMonth> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let words: Vec<&str> = stem
        .split(['-', '_', ' ', '.'])
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|pair| {
        parse_month(&format!("{}-{}", pair[0], pair[1]))
            .or_else(|| parse_month(&format!("{} {}", pair[0], pair[1])))
    })
}

/// How many cells the nearest-text hint compares: a sheet's header row or a column of
/// row labels is far shorter; beyond this the hint is not worth the time.
const MAX_NEAREST_CANDIDATES: usize = 20_000;

/// The nearest of `candidates` to `wanted` (by edit distance on the normal forms). Both
/// sides are cut to [`MAX_PATTERN_CHARS`] characters first, so the hint's cost is bounded
/// whatever a cell or a pattern holds.
fn nearest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let cut = |text: &str| -> String { normal(text).chars().take(MAX_PATTERN_CHARS).collect() };
    let wanted = cut(&wanted.replace('*', ""));
    candidates
        .take(MAX_NEAREST_CANDIDATES)
        .min_by_key(|c| strsim::levenshtein(&wanted, &cut(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_file_names() {
        let ym = |s: &str| s.parse::<YearMonth>().ok();
        assert_eq!(
            month_of_file_name("June-2021-AE-by-provider-2Qavs.xls"),
            ym("2021-06")
        );
        assert_eq!(month_of_file_name("ae-2021-06.xls"), ym("2021-06"));
        assert_eq!(month_of_file_name("Monthly-AE-March.xls"), None);
    }
}
