//! A commentary workbook coming back from its owner (see `crate::commentary`): known by
//! its own content (a first sheet `Commentary` whose table has a `Suggested opening`
//! column), whatever the file is called or whichever program saved it. Its hidden sheet
//! says which data folder, month, owner and indicators it was made for, and what each
//! row's commentary and figures were then. Only the commentary column is read: figures
//! typed over are named in a warning and never imported, and figures that changed in
//! the data since are named too. The commentary goes on as any imported commentary,
//! remembering what the file had when the workbook was made so that only a text edited
//! in the month file meanwhile counts as a revision.

use std::collections::BTreeMap;
use std::path::Path;

use crate::commentary::workbook::{Columns, FIRST_FIGURE, HEADER, HIDDEN_HEADER};
use crate::commentary::{self, HIDDEN_SHEET, MARKER, SHEET};
use crate::diag::Problem;
use crate::load::{is_refused_control, LONG_COMMENTARY};
use crate::model::{Dataset, YearMonth};

use super::matching::Incoming;
use super::read::{self, column_name, Cell, Grid};
use super::FileRead;

/// True when `file` is a returned commentary workbook: a workbook whose sheet
/// `Commentary` has the table's `Suggested opening` heading.
pub(super) fn recognise(file: &Path) -> Option<Grid> {
    let ext = file.extension()?.to_str()?.to_ascii_lowercase();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "ods" | "xls" | "xlsb") {
        return None;
    }
    let grid = read::read(file, &[SHEET.to_string()]).ok()?;
    let heading = commentary_heading();
    grid.rows
        .iter()
        .any(|row| row.iter().any(|c| text(c) == heading))
        .then_some(grid)
}

fn commentary_heading() -> &'static str {
    crate::view::words::ENGLISH.commentary_words.suggested
}

/// A cell's text as the owner sees it.
fn text(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(t) => t.clone(),
        Cell::Number { value, .. } => format!("{value}"),
        other => other.describe(),
    }
}

/// Each month's rows as a workbook made now would print them, worked out once for all
/// the workbooks of a run.
pub(super) type Printed = BTreeMap<YearMonth, BTreeMap<String, commentary::SheetRow>>;

/// What the hidden sheet says.
struct Made {
    organisation: String,
    title: String,
    month: YearMonth,
    owner: String,
    commentary_column: usize,
    /// id, sheet row (1-based), commentary then, figures then.
    rows: Vec<(String, usize, String, Vec<String>)>,
}

/// The returned workbook's commentary as incoming items, or the problems that stop it.
pub(super) fn read_returned(
    dataset: &Dataset,
    file: &Path,
    grid: &Grid,
    printed: &mut Printed,
    problems: &mut Vec<Problem>,
) -> Option<(FileRead, Vec<Incoming>)> {
    let made = read_hidden(file, problems)?;
    let cell = |row: usize, col: usize| -> &Cell {
        match (
            row.checked_sub(grid.origin.0),
            col.checked_sub(grid.origin.1),
        ) {
            (Some(r), Some(c)) => grid.get(r, c),
            _ => &Cell::Empty,
        }
    };
    let heading = text(cell(HEADER as usize, made.commentary_column));
    if heading.trim() != commentary::editable_heading(made.month) {
        problems.push(hidden_problem(
            file,
            &format!("the table on sheet `{SHEET}` no longer has its commentary column where the workbook put it (a row or column was inserted or deleted), or its hidden sheet `scorecard` was changed"),
        ));
        return None;
    }
    let before = problems.len();
    check_origin(dataset, file, &made, problems);
    if problems.len() > before {
        return None;
    }
    let now = printed.entry(made.month).or_insert_with(|| {
        let figures = commentary::month_figures(dataset, made.month);
        commentary::printed_rows(dataset, made.month, &figures)
            .map(|printed| printed.rows)
            .unwrap_or_default()
    });
    let mut incoming = Vec::new();
    let (mut typed_over, mut changed) = (Vec::new(), Vec::new());
    for (id, row, then, figures_then) in &made.rows {
        let r = row - 1;
        for (j, printed) in figures_then.iter().enumerate() {
            let col = FIRST_FIGURE as usize + j;
            let reference = format!("'{SHEET}'!{}{row}", column_name(col));
            if text(cell(r, col)).trim() != printed.trim() {
                typed_over.push(reference.clone());
            }
            let current = now.get(id).and_then(|s| s.figures.get(j));
            if current.is_some_and(|c| c != printed) {
                changed.push(reference);
            }
        }
        let reference = format!("'{SHEET}'!{}{row}", column_name(made.commentary_column));
        let written = text(cell(r, made.commentary_column));
        let written = written.trim();
        if written.is_empty() {
            continue;
        }
        if let Some(problem) = refused_text(file, &reference, written) {
            problems.push(problem);
            continue;
        }
        incoming.push(Incoming {
            id: id.clone(),
            month: made.month,
            value: None,
            commentary: Some(written.to_string()),
            cell: reference,
            maybe_fraction: false,
            file: file.to_path_buf(),
            base_commentary: Some(then.clone()),
        });
    }
    problems.extend(figure_warnings(file, &typed_over, &changed));
    let read = FileRead {
        file: file.to_path_buf(),
        source: format!(
            "sheet `{SHEET}`, commentary workbook for {} ({})",
            made.owner, made.month
        ),
        ignored_columns: Vec::new(),
    };
    Some((read, incoming))
}

/// The hidden sheet, read and understood; its absence or damage is a problem.
fn read_hidden(file: &Path, problems: &mut Vec<Problem>) -> Option<Made> {
    let what = match read::read(file, &[HIDDEN_SHEET.to_string()]) {
        Ok(hidden) => match parse_hidden(&hidden) {
            Some(made) => return Some(made),
            None => "its hidden sheet `scorecard` has been changed",
        },
        Err(_) => "its hidden sheet `scorecard` is missing",
    };
    problems.push(hidden_problem(file, what));
    None
}

/// One warning naming every figure typed over, one naming every figure that changed.
fn figure_warnings(file: &Path, typed_over: &[String], changed: &[String]) -> Vec<Problem> {
    let mut warnings = Vec::new();
    if !typed_over.is_empty() {
        warnings.push(
            Problem::warning(
                file,
                format!(
                    "figures typed over in the workbook are not imported: {}",
                    typed_over.join(", ")
                ),
            )
            .hint("only the commentary column is read; correct a figure in the month file or the numbers spreadsheet"),
        );
    }
    if !changed.is_empty() {
        warnings.push(
            Problem::warning(
                file,
                format!(
                    "figures changed in the data since the workbook was made: {}",
                    changed.join(", ")
                ),
            )
            .hint("check the commentary still fits the figures as they are now"),
        );
    }
    warnings
}

fn hidden_problem(file: &Path, what: &str) -> Problem {
    Problem::error(file, format!("this commentary workbook cannot be read back: {what}"))
        .hint("the hidden sheet records what the workbook was made from; make a fresh one with `scorecard commentary request --owner ID` and copy the commentary into it")
}

/// The workbook was made from this data folder, for a month it has a file for, and
/// every indicator it lists still exists.
fn check_origin(dataset: &Dataset, file: &Path, made: &Made, problems: &mut Vec<Problem>) {
    let report = &dataset.report;
    for (what, theirs, ours) in [
        ("organisation", &made.organisation, &report.organisation),
        ("title", &made.title, &report.title),
    ] {
        if theirs != ours {
            problems.push(
                Problem::error(
                    file,
                    format!("this workbook was made from another data folder: its {what} is `{theirs}`, this folder's is `{ours}`"),
                )
                .hint("import it with --data pointing at the folder it was requested from"),
            );
        }
    }
    if !dataset.months.contains_key(&made.month) {
        problems.push(
            Problem::error(
                file,
                format!("this workbook is for {}, and there is no month file for it", made.month),
            )
            .hint(format!("add months/{}.yaml (`scorecard new-month {}`), or import it into the folder that has it", made.month, made.month)),
        );
    }
    let owners: BTreeMap<&str, Option<&str>> = dataset
        .indicators()
        .map(|(_, i)| (i.id.as_str(), i.owner.as_deref()))
        .collect();
    for (id, row, ..) in &made.rows {
        if let Some(holder) = owners
            .get(id.as_str())
            .filter(|h| **h != Some(made.owner.as_str()))
        {
            let holder = holder.map_or("nobody".to_string(), |h| format!("`{h}`"));
            problems.push(
                Problem::error(
                    file,
                    format!("row {row} is for indicator `{id}`, which indicators.yaml gives to {holder}, not to `{}`, whose workbook this is", made.owner),
                )
                .field(format!("'{SHEET}'!A{row}"))
                .hint("if the indicator changed hands since the workbook was made, copy its commentary into the month file by hand and delete the row; otherwise request a fresh workbook"),
            );
        }
        if !owners.contains_key(id.as_str()) {
            problems.push(
                Problem::error(
                    file,
                    format!("row {row} is for indicator `{id}`, which indicators.yaml no longer defines"),
                )
                .field(format!("'{SHEET}'!A{row}"))
                .hint("copy its commentary by hand if it still matters, and delete the row; or request a fresh workbook"),
            );
        }
    }
}

/// A commentary the month file could not take: control characters, bidi overrides, or
/// over the length a board can read.
fn refused_text(file: &Path, reference: &str, text: &str) -> Option<Problem> {
    let problem = |message: String, hint: &str| {
        Some(Problem::error(file, message).field(reference).hint(hint))
    };
    if let Some(c) = text
        .chars()
        .find(|c| is_refused_control(*c) && !is_bidi_control(*c) && *c != '\r')
    {
        return problem(
            format!(
                "the commentary holds the control character U+{:04X}, which cannot be printed",
                c as u32
            ),
            "delete it in the workbook (it often comes from a copy and paste), then import again",
        );
    }
    if let Some(c) = text.chars().find(|c| is_bidi_control(*c)) {
        return problem(
            format!("the commentary holds the bidirectional control U+{:04X}, which can make printed text read differently from what was typed", c as u32),
            "delete it in the workbook (retype the sentence around it), then import again",
        );
    }
    let length = text.chars().count();
    (length > LONG_COMMENTARY).then(|| {
        Problem::error(
            file,
            format!("the commentary is {length} characters long, more than the {LONG_COMMENTARY} a board can take in at a glance"),
        )
        .field(reference)
        .hint("shorten it to a paragraph in the workbook (nothing is cut for you); put the detail in a paper of its own")
    })
}

/// Unicode's explicit directional embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The most figure columns a workbook is made with; a hidden sheet claiming more has been
/// changed (and would otherwise have the reader allocate for them).
const MOST_FIGURE_COLUMNS: usize = 256;

/// Reads the hidden sheet; `None` when it is not as the workbook was made: its layout
/// facts must be the ones `commentary request` writes, and its rows consecutive from the
/// first row under the table's header, so a changed hidden sheet cannot point the reader
/// at another column or row.
fn parse_hidden(grid: &Grid) -> Option<Made> {
    let at = |row: usize, col: usize| -> String {
        match (
            row.checked_sub(grid.origin.0),
            col.checked_sub(grid.origin.1),
        ) {
            (Some(r), Some(c)) => text(grid.get(r, c)),
            _ => String::new(),
        }
    };
    if at(0, 0) != MARKER {
        return None;
    }
    let fact = |row: usize, name: &str| (at(row, 0) == name).then(|| at(row, 1));
    let number = |s: String| s.trim().parse::<usize>().ok();
    let organisation = fact(1, "organisation")?;
    let title = fact(2, "title")?;
    let month = fact(3, "month")?.trim().parse().ok()?;
    let owner = fact(4, "owner")?;
    let header_row = number(fact(5, "header row")?)?;
    let first_figure = column_index(&fact(6, "first figure column")?)?;
    let figures = number(fact(7, "figure columns")?)?;
    let commentary_column = column_index(&fact(8, "commentary column")?)?;
    let laid_out_as_made = header_row == HEADER as usize + 1
        && first_figure == FIRST_FIGURE as usize
        && figures <= MOST_FIGURE_COLUMNS
        && commentary_column == Columns::for_figures(figures).commentary as usize;
    if !laid_out_as_made {
        return None;
    }
    let mut rows: Vec<(String, usize, String, Vec<String>)> = Vec::new();
    let first = HIDDEN_HEADER as usize + 1;
    for r in first..grid.origin.0 + grid.rows.len() {
        let id = at(r, 0);
        if id.trim().is_empty() {
            break;
        }
        let row = number(at(r, 1))?;
        let listed_before = rows.iter().any(|(other, ..)| *other == id);
        if row != header_row + 1 + rows.len() || listed_before {
            return None;
        }
        let figures_then = (0..figures).map(|j| at(r, 3 + j)).collect();
        rows.push((id, row, at(r, 2), figures_then));
    }
    Some(Made {
        organisation,
        title,
        month,
        owner,
        commentary_column,
        rows,
    })
}

/// `C` → 2; `None` past a spreadsheet's last column letters (three).
fn column_index(letters: &str) -> Option<usize> {
    let letters = letters.trim();
    if letters.len() > 3 {
        return None;
    }
    let mut n = 0usize;
    for c in letters.chars() {
        if !c.is_ascii_uppercase() {
            return None;
        }
        n = n * 26 + (c as usize - 'A' as usize + 1);
    }
    n.checked_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_read_from_their_letters() {
        assert_eq!(column_index("A"), Some(0));
        assert_eq!(column_index("S"), Some(18));
        assert_eq!(column_index("AA"), Some(26));
        assert_eq!(column_index(""), None);
        assert_eq!(column_index("ZZZZZZZZZZZZZZZZ"), None);
        assert_eq!(column_name(column_index("AB").unwrap()), "AB");
    }

    #[test]
    fn bidi_overrides_and_controls_are_refused_and_located() {
        let file = Path::new("r.xlsx");
        let p = refused_text(file, "'Commentary'!S7", "abc\u{202E}def").unwrap();
        assert!(p.message.contains("U+202E"), "{}", p.message);
        assert!(refused_text(file, "x", "line\u{7}").is_some());
        assert!(refused_text(file, "x", "two\nlines").is_none());
        assert!(refused_text(file, "x", &"a".repeat(LONG_COMMENTARY + 1)).is_some());
    }
}
