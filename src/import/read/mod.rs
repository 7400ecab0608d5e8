//! Reading a spreadsheet into a [`Grid`]: CSV (comma or semicolon, with or without a
//! UTF-8 byte-order mark) through the `csv` crate, and XLSX, XLSM, XLSB, XLS and ODS workbooks
//! through `calamine`. Every cell keeps its position, so later steps can name it the way
//! a spreadsheet user sees it (`Sheet1!C7`, or `C7` in a CSV). This module owns every
//! failure to open a file: missing, unreadable, encrypted, empty, a sheet that does not
//! exist, and a sheet or cell too large to read.
//!
//! Memory stays bounded by what the file holds, not by where its cells are: a workbook
//! is opened by `open` (zip sizes checked, an XLS file's compound file read and rebuilt
//! by the cfb crate in `ole`), XLSX and XLSB sheets are read cell by cell (`xlsx`,
//! `xlsb`), and XLS and ODS files are scanned first (`biff`, `ods`) for the extent of
//! their filled cells (and their percent formats, which calamine does not give for them)
//! before calamine reads them into rectangles.

mod biff;
mod csv;
mod ods;
mod ole;
mod open;
mod xlsb;
mod xlsx;

pub use csv::read_csv;

use std::collections::BTreeSet;
use std::path::Path;

use calamine::{Data, Reader, SheetType, SheetVisible, Sheets};

use crate::diag::Problem;

/// Largest file we read. Monthly extracts are kilobytes; this only stops a wrong file
/// (a database dump, a video) from being read into memory.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Largest sheet we look at, in cells. A stray cell far away (say at XFD1048576) would
/// otherwise make the grid enormous.
pub(super) const MAX_CELLS: usize = 4_000_000;

/// One cell's content, as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in the cell.
    Empty,
    /// A number. `percent` is true when the workbook formats the cell as a percentage,
    /// so that 0.244 is shown (and meant) as 24.4%.
    Number {
        /// The stored value.
        value: f64,
        /// Formatted as a percentage in the workbook.
        percent: bool,
    },
    /// Text (a CSV field is always text).
    Text(String),
    /// A date cell (Excel turns a typed `Jun-20` heading into one).
    Date {
        /// Calendar year.
        year: i32,
        /// 1 to 12.
        month: u32,
    },
    /// TRUE or FALSE.
    Bool(bool),
    /// A spreadsheet error such as `#DIV/0!`.
    Error(String),
    /// A formula with no saved result, as the workbook stores it (`B2/5` in XLSX,
    /// `of:=[.B2]/5` in ODS).
    Uncalculated(String),
}

impl Cell {
    /// True for an empty cell or one holding only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// For a formula with no saved result, what is wrong and how to mend it: such a cell
    /// can be read as nothing, neither a figure nor an id nor commentary.
    pub fn unsaved_formula(&self) -> Option<(String, &'static str)> {
        matches!(self, Cell::Uncalculated(_)).then(|| {
            (
                format!("{} has no saved result", self.describe()),
                "open the file in Excel or LibreOffice and save it, so each formula's result is stored, or paste the figures as values",
            )
        })
    }

    /// The cell as a user would read it, for messages: `"twelve"`, `1403`, `2020-06-01`.
    pub fn describe(&self) -> String {
        match self {
            Cell::Empty => "an empty cell".into(),
            Cell::Number { value, .. } => format!("{value}"),
            Cell::Text(t) => format!("\"{}\"", t.trim()),
            Cell::Date { year, month } => format!("the date {year:04}-{month:02}"),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Cell::Error(e) => e.clone(),
            Cell::Uncalculated(formula) => {
                // ODS writes `of:=[.B2]/5`, XLSX `B2/5`.
                let formula = formula.trim_start_matches("of:").trim_start_matches('=');
                format!("the formula `={formula}`")
            }
        }
    }
}

/// A sheet (or a CSV file) as a rectangle of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// The sheet's name, used in cell references; `None` for a CSV file.
    pub sheet: Option<String>,
    /// Row and column (0-based) of `rows[0][0]` in the sheet, so references match what the
    /// spreadsheet shows even when the used area does not start at A1.
    pub origin: (usize, usize),
    /// The cells, row by row; rows may be shorter than others.
    pub rows: Vec<Vec<Cell>>,
    /// True for a semicolon-separated CSV, where a comma in a number is the decimal mark
    /// (`24,4`) as Excel writes it in much of Europe.
    pub decimal_comma: bool,
    /// Merged cells: first and last (row, column), relative to `origin`.
    pub merges: Vec<((usize, usize), (usize, usize))>,
}

impl Grid {
    /// The cell at `row`, `col` (relative to `origin`), or an empty cell.
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    /// The widest row's length.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The reference a user sees for the cell at `row`, `col`: `Sheet1!C7` or `C7`.
    pub fn reference(&self, row: usize, col: usize) -> String {
        let a1 = format!(
            "{}{}",
            column_name(self.origin.1 + col),
            self.origin.0 + row + 1
        );
        match &self.sheet {
            // Excel quotes sheet names that are not a single plain word.
            Some(name) if name.chars().all(|c| c.is_alphanumeric() || c == '_') => {
                format!("{name}!{a1}")
            }
            Some(name) => format!("'{}'!{a1}", name.replace('\'', "''")),
            None => a1,
        }
    }

    /// The letters of the column at `col` (relative to `origin`), e.g. `C`.
    pub fn column_letters(&self, col: usize) -> String {
        column_name(self.origin.1 + col)
    }
}

/// Spreadsheet column letters for a 0-based column: 0 → A, 25 → Z, 26 → AA.
pub fn column_name(col: usize) -> String {
    let mut n = col + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The kinds of file we read, told by the file name's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Workbook,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => Some(Kind::Csv),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => Some(Kind::Workbook),
        _ => None,
    }
}

/// Reads `path` into a grid; `sheets` picks a workbook sheet, the first of them that
/// exists (none given: the first visible worksheet).
pub fn read(path: &Path, sheets: &[String]) -> Result<Grid, Box<Problem>> {
    let problem = |message: String, hint: &str| Box::new(Problem::error(path, message).hint(hint));
    let Some(kind) = kind_of(path) else {
        return Err(problem(
            "cannot tell what kind of file this is from its name".into(),
            "import a .csv, .xlsx, .xlsm, .xlsb, .xls or .ods file",
        ));
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(problem(
                "file not found".into(),
                "check the path of the file to import",
            ))
        }
        Err(e) => {
            return Err(problem(
                format!("cannot read the file: {e}"),
                "check the file's permissions",
            ))
        }
        Ok(m) if !m.is_file() => {
            return Err(problem(
                "this is not a regular file".into(),
                "give the path of a spreadsheet file",
            ))
        }
        Ok(m) if m.len() > MAX_IMPORT_BYTES => {
            return Err(problem(
                format!(
                    "the file is {} bytes, over the {MAX_IMPORT_BYTES} byte limit for an import",
                    m.len()
                ),
                "a month's figures are a few kilobytes; check this is the right file",
            ))
        }
        Ok(_) => {}
    }
    match kind {
        Kind::Csv => {
            if !sheets.is_empty() {
                return Err(problem(
                    "a sheet is named (--sheet, or `sheet:` in imports.yaml), and a CSV file has no sheets".into(),
                    "leave out --sheet, or the source's `sheet:`",
                ));
            }
            let bytes = std::fs::read(path).map_err(|e| {
                problem(
                    format!("cannot read the file: {e}"),
                    "check the file's permissions",
                )
            })?;
            read_csv(&bytes).map_err(|(message, hint)| problem(message, hint))
        }
        Kind::Workbook => read_workbook(path, sheets),
    }
}

/// A cell with its position in the sheet.
pub(super) type SparseCell = ((u32, u32), Cell);

/// What a pre-scan of an XLS or ODS file found for one sheet.
#[derive(Debug, Default, PartialEq)]
pub(super) struct SheetScan {
    /// Cells (row, column) formatted as percentages.
    pub(super) percent: BTreeSet<(u32, u32)>,
    /// The first and last row and column of the cells that hold values.
    pub(super) extent: Option<((u32, u32), (u32, u32))>,
}

impl SheetScan {
    fn add(&mut self, position: (u32, u32), percent: bool) {
        self.add_block(position, position, percent);
    }

    /// Cells `from` to `last` (inclusive), all alike.
    fn add_block(&mut self, from: (u32, u32), last: (u32, u32), percent: bool) {
        self.extent = Some(match self.extent {
            None => (from, last),
            Some((a, b)) => (
                (a.0.min(from.0), a.1.min(from.1)),
                (b.0.max(last.0), b.1.max(last.1)),
            ),
        });
        let count = u64::from(last.0 - from.0 + 1) * u64::from(last.1 - from.1 + 1);
        if percent && count <= MAX_CELLS as u64 {
            for r in from.0..=last.0 {
                for c in from.1..=last.1 {
                    self.percent.insert((r, c));
                }
            }
        }
    }
}

/// Longest text a cell may hold: Excel's own limit.
const MAX_CELL_CHARS: usize = 32_767;

/// Refuses a cell whose text is over the limit, naming it.
pub(super) fn check_text(sheet: &str, at: (u32, u32), cell: &Cell) -> Result<(), (String, String)> {
    if let Cell::Text(text) = cell {
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            let grid = Grid {
                sheet: Some(sheet.to_string()),
                origin: (0, 0),
                rows: Vec::new(),
                decimal_comma: false,
                merges: Vec::new(),
            };
            return Err((
                format!(
                    "{} holds {} characters, over the {MAX_CELL_CHARS} a cell may hold",
                    grid.reference(at.0 as usize, at.1 as usize),
                    text.chars().count()
                ),
                "a value or a commentary is far shorter; check this is the right file".into(),
            ));
        }
    }
    Ok(())
}

/// Refuses a sheet whose cells span more than [`MAX_CELLS`], naming its far corner.
fn check_extent(name: &str, extent: ((u32, u32), (u32, u32))) -> Result<(), (String, String)> {
    let ((r0, c0), (r1, c1)) = extent;
    let (height, width) = (u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1);
    if height * width <= MAX_CELLS as u64 {
        return Ok(());
    }
    let corner = |r: u32, c: u32| format!("{}{}", column_name(c as usize), r as u64 + 1);
    Err((
        format!(
            "sheet `{name}` has cells from {} to {}: {height} rows by {width} columns, too many cells",
            corner(r0, c0),
            corner(r1, c1)
        ),
        "delete stray cells far from the table, or copy the table to a new sheet".into(),
    ))
}

fn read_workbook(path: &Path, sheets: &[String]) -> Result<Grid, Box<Problem>> {
    let problem =
        |message: String, hint: String| Box::new(Problem::error(path, message).hint(hint));
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let open::Opened {
        mut workbook,
        scans,
    } = open::open(path, &ext).map_err(|(m, h)| problem(m, h))?;
    let name = choose_sheet(&mut workbook, sheets).map_err(|(m, h)| problem(m, h))?;
    let names = workbook.sheet_names();
    let scan = scans.as_ref().and_then(|s| s.get(&name));
    let (cells, merges) = open::guarded(|| sheet_cells(&mut workbook, &name, scan))
        .map_err(|(m, h)| problem(m, h))?;
    let listed = names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    grid_of(&name, cells, &merges).map_err(|(m, h)| {
        if m.ends_with("is empty") && names.len() > 1 {
            problem(
                m,
                format!("choose a sheet with --sheet; the sheets are: {listed}"),
            )
        } else {
            problem(m, h)
        }
    })
}

/// The cells and merged cells of sheet `name`.
fn sheet_cells(
    workbook: &mut open::Workbook,
    name: &str,
    scan: Option<&SheetScan>,
) -> Result<(Vec<SparseCell>, Vec<calamine::Dimensions>), (String, String)> {
    let merge_failed = |e: &dyn std::fmt::Display| (merge_error(name, e), MERGE_HINT.to_string());
    Ok(match &mut *workbook {
        Sheets::Xlsx(xlsx) => {
            let cells = xlsx::read_sheet(xlsx, name)?;
            let merges = xlsx
                .merge_cells_by_sheet_name(name)
                .map_err(|e| merge_failed(&e))?;
            (cells, merges)
        }
        Sheets::Xlsb(xlsb) => (xlsb::read_sheet(xlsb, name)?, Vec::new()),
        Sheets::Xls(xls) => {
            let merges = xls
                .merge_cells_by_sheet_name(name)
                .map_err(|e| merge_failed(&e))?;
            (ranged_cells(workbook, name, scan)?, merges)
        }
        other => (ranged_cells(other, name, scan)?, Vec::new()),
    })
}

/// Merged cells decide which heading a value sits under, so a sheet whose merges cannot
/// be read is not read by guesswork.
fn merge_error(sheet: &str, error: &dyn std::fmt::Display) -> String {
    format!("sheet `{sheet}`: its merged cells cannot be read ({error}), so which heading each value sits under is not known")
}

const MERGE_HINT: &str = "open the file in a spreadsheet program and save it again (or save it as .xlsx), then import that";

/// The sheet to read: the first of `wanted` that exists, or the first visible worksheet.
fn choose_sheet<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    wanted: &[String],
) -> Result<String, (String, String)> {
    let names = workbook.sheet_names();
    let listed = || {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if names.is_empty() {
        return Err((
            "the workbook is empty: it has no sheets".into(),
            "check this is the right file".into(),
        ));
    }
    if wanted.is_empty() {
        // The first sheet a user sees: hidden sheets and chart sheets hold no table.
        return Ok(workbook
            .sheets_metadata()
            .iter()
            .find(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
            .map_or_else(|| names[0].clone(), |s| s.name.clone()));
    }
    if let Some(found) = wanted.iter().find_map(|w| names.iter().find(|n| *n == w)) {
        return Ok(found.clone());
    }
    // Sheet names are often typed with different case or spaces.
    let near = wanted
        .iter()
        .find_map(|w| {
            names
                .iter()
                .find(|n| n.trim().eq_ignore_ascii_case(w.trim()))
        })
        .map(|n| format!("did you mean `{n}`? "))
        .unwrap_or_default();
    let asked: Vec<String> = wanted.iter().map(|w| format!("`{w}`")).collect();
    Err((
        format!("there is no sheet {}", asked.join(" or ")),
        format!("{near}the sheets are: {}", listed()),
    ))
}

/// The cells of an XLS or ODS sheet through calamine's ranges (bounded by the scan
/// above), with percent formats from the scan.
fn ranged_cells<RS: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
    scan: Option<&SheetScan>,
) -> Result<Vec<SparseCell>, (String, String)> {
    let range = workbook.worksheet_range(name).map_err(|e| {
        let (message, hint) = describe_open_error(&e);
        (format!("sheet `{name}`: {message}"), hint.to_string())
    })?;
    // A formula whose result was never saved (a file written by a program rather than
    // saved from a spreadsheet) has no value, only its formula: such a cell is reported
    // rather than read as empty.
    let formulas = workbook.worksheet_formula(name).map_err(|e| {
        (
            format!("sheet `{name}`: its formulas cannot be read ({e}), so a formula whose result was never saved could not be told from an empty cell"),
            "open the file in a spreadsheet program and save it again (so every formula's result is stored), then import that".to_string(),
        )
    })?;
    let mut cells = Vec::new();
    for (row, column, data) in range.used_cells() {
        let position = (
            range.start().unwrap_or_default().0 + row as u32,
            range.start().unwrap_or_default().1 + column as u32,
        );
        let percent = scan.is_some_and(|s| s.percent.contains(&position));
        let cell = convert(data, percent);
        if !cell.is_blank() {
            check_text(name, position, &cell)?;
            cells.push((position, cell));
        }
    }
    for (row, column, formula) in formulas.used_cells() {
        let start = formulas.start().unwrap_or_default();
        let position = (start.0 + row as u32, start.1 + column as u32);
        // Only a cell with no stored value at all: a formula whose result is the empty
        // string (`=IF(B2="","",B2/5)`) is stored as "" and is blank.
        let stored = range.get_value(position).unwrap_or(&Data::Empty);
        if *stored == Data::Empty && !formula.trim().is_empty() {
            cells.push((position, Cell::Uncalculated(formula.trim().to_string())));
        }
    }
    Ok(cells)
}

/// A grid holding `cells`, from the first used row and column to the last.
fn grid_of(
    name: &str,
    cells: Vec<SparseCell>,
    merges: &[calamine::Dimensions],
) -> Result<Grid, (String, String)> {
    let rows_of = cells.iter().map(|((r, _), _)| *r);
    let columns_of = cells.iter().map(|((_, c), _)| *c);
    let (Some(r0), Some(r1), Some(c0), Some(c1)) = (
        rows_of.clone().min(),
        rows_of.max(),
        columns_of.clone().min(),
        columns_of.max(),
    ) else {
        return Err((
            format!("sheet `{name}` is empty"),
            "check this is the right file".into(),
        ));
    };
    check_extent(name, ((r0, c0), (r1, c1)))?;
    let (height, width) = ((r1 - r0 + 1) as usize, (c1 - c0 + 1) as usize);
    let mut rows = vec![vec![Cell::Empty; width]; height];
    for ((r, c), cell) in cells {
        rows[(r - r0) as usize][(c - c0) as usize] = cell;
    }
    let relative = |(r, c): (u32, u32)| {
        (
            (r.saturating_sub(r0)) as usize,
            (c.saturating_sub(c0)) as usize,
        )
    };
    Ok(Grid {
        sheet: Some(name.to_string()),
        origin: (r0 as usize, c0 as usize),
        rows,
        decimal_comma: false,
        merges: merges
            .iter()
            .map(|d| (relative(d.start), relative(d.end)))
            .collect(),
    })
}

/// True for a number format that shows a percentage: a `%` outside quotes and escapes.
pub(super) fn is_percent_format(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

pub(super) fn convert(data: &Data, percent: bool) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number {
            value: *i as f64,
            percent,
        },
        Data::Float(x) => Cell::Number { value: *x, percent },
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            let (year, month, ..) = dt.to_ymd_hms_milli();
            if dt.is_datetime() {
                Cell::Date {
                    year: i32::from(year),
                    month: u32::from(month),
                }
            } else {
                Cell::Number {
                    value: dt.as_f64(),
                    percent: false,
                }
            }
        }
        // ODS dates arrive as ISO text: 2020-06-01 or 2020-06-01T00:00:00.
        Data::DateTimeIso(text) => iso_date(text).unwrap_or_else(|| Cell::Text(text.clone())),
        Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

fn iso_date(text: &str) -> Option<Cell> {
    let year = text.get(..4)?.parse().ok()?;
    let month = text.get(5..7)?.parse().ok()?;
    (text.as_bytes().get(4) == Some(&b'-') && (1..=12).contains(&month))
        .then_some(Cell::Date { year, month })
}

/// A user's words for what went wrong opening a workbook.
fn describe_open_error(error: &calamine::Error) -> (String, &'static str) {
    use calamine::{Error, OdsError, XlsError, XlsxError};
    let password = (
        "the workbook is password-protected (encrypted), so it cannot be read".to_string(),
        "open it in the spreadsheet program, remove the password (Excel: File > Info > Protect Workbook > Encrypt with Password), save a copy and import that",
    );
    match error {
        Error::Xlsx(XlsxError::Password)
        | Error::Xls(XlsError::Password)
        | Error::Ods(OdsError::Password) => password,
        Error::Io(e) => (
            format!("cannot read the file: {e}"),
            "check the file's permissions",
        ),
        other => (
            format!("the workbook cannot be read ({other})"),
            "check it opens in a spreadsheet program and that its extension matches its format; saving it again as .xlsx usually helps",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn csv_with_bom_and_semicolons() {
        let grid = read_csv("\u{FEFF}id;2020-06\ncontacts;\"1403\"\n".as_bytes()).unwrap();
        assert!(grid.decimal_comma);
        assert_eq!(grid.get(0, 0), &Cell::Text("id".into()));
        assert_eq!(grid.get(1, 1), &Cell::Text("1403".into()));
        assert_eq!(grid.reference(1, 1), "B2");
        let comma = read_csv(b"id,value\r\ncontacts,\"1,403\"\r\n").unwrap();
        assert!(!comma.decimal_comma);
        assert_eq!(comma.get(1, 1), &Cell::Text("1,403".into()));
    }

    #[test]
    fn references_quote_sheet_names_with_spaces() {
        let grid = Grid {
            sheet: Some("June figures".into()),
            origin: (2, 1),
            rows: vec![],
            decimal_comma: false,
            merges: Vec::new(),
        };
        assert_eq!(grid.reference(0, 0), "'June figures'!B3");
    }

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("0%"));
        assert!(!is_percent_format("0.00"));
        assert!(!is_percent_format("0\"%\""));
        assert!(!is_percent_format("0\\%"));
    }
}
