//! Reading a spreadsheet into a [`Grid`]: CSV (comma or semicolon, with or without a
//! UTF-8 byte-order mark) through the `csv` crate, and XLSX, XLSM, XLS and ODS workbooks
//! through `calamine`. Every cell keeps its position, so later steps can name it the way
//! a spreadsheet user sees it (`Sheet1!C7`, or `C7` in a CSV). This module owns every
//! failure to open a file: missing, unreadable, encrypted, empty, or a sheet that does
//! not exist.

use std::path::Path;

use calamine::{Data, Reader, SheetType, SheetVisible};

use crate::diag::Problem;

/// Largest file we read. Monthly extracts are kilobytes; this only stops a wrong file
/// (a database dump, a video) from being read into memory.
pub const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

/// Largest sheet we look at, in cells. A stray cell far away (say at XFD1048576) would
/// otherwise make the grid enormous.
const MAX_CELLS: usize = 4_000_000;

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

/// Reads `path` into a grid; `sheet` picks a workbook sheet (default: the first visible
/// worksheet).
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Grid, Box<Problem>> {
    let problem = |message: String, hint: &str| Box::new(Problem::error(path, message).hint(hint));
    let Some(kind) = kind_of(path) else {
        return Err(problem(
            "cannot tell what kind of file this is from its name".into(),
            "import a .csv, .xlsx, .xlsm, .xls or .ods file",
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
            if sheet.is_some() {
                return Err(problem(
                    "--sheet is for workbooks, and a CSV file has no sheets".into(),
                    "leave out --sheet",
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
        Kind::Workbook => read_workbook(path, sheet),
    }
}

/// Parses CSV bytes: strips a UTF-8 byte-order mark, picks `;` or `,` as the separator
/// from the first line, and keeps every field as text.
pub fn read_csv(bytes: &[u8]) -> Result<Grid, (String, &'static str)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((
            "the file is UTF-16 text".into(),
            "save it as \"CSV UTF-8 (comma delimited)\" in Excel",
        ));
    }
    let delimiter = sniff_delimiter(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut cells = 0usize;
    for record in reader.byte_records() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            (
                format!("line {line}: the CSV cannot be read: {e}"),
                "save the file again as CSV from the spreadsheet",
            )
        })?;
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let mut row = Vec::with_capacity(record.len());
        for field in record.iter() {
            let text = std::str::from_utf8(field).map_err(|_| {
                (
                    format!("line {line}: the text is not UTF-8"),
                    "save it as \"CSV UTF-8 (comma delimited)\" in Excel",
                )
            })?;
            row.push(if text.trim().is_empty() {
                Cell::Empty
            } else {
                Cell::Text(text.to_string())
            });
        }
        cells += row.len();
        if cells > MAX_CELLS {
            return Err((
                format!("the file has more than {MAX_CELLS} cells"),
                "a month's figures fit in a few hundred cells; check this is the right file",
            ));
        }
        rows.push(row);
    }
    Ok(Grid {
        sheet: None,
        origin: (0, 0),
        rows,
        decimal_comma: delimiter == b';',
    })
}

/// `;` when the first line has more semicolons than commas outside quotes, else `,`.
fn sniff_delimiter(bytes: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0, 0, false);
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Grid, Box<Problem>> {
    let problem =
        |message: String, hint: String| Box::new(Problem::error(path, message).hint(hint));
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| {
        let (message, hint) = describe_open_error(&e);
        problem(message, hint.into())
    })?;
    let names = workbook.sheet_names();
    let listed = || {
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if names.is_empty() {
        return Err(problem(
            "the workbook is empty: it has no sheets".into(),
            "check this is the right file".into(),
        ));
    }
    let name = match sheet {
        Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
            Some(n) => n.clone(),
            None => {
                // Sheet names are often typed with different case or spaces.
                let near = names
                    .iter()
                    .find(|n| n.trim().eq_ignore_ascii_case(wanted.trim()))
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                return Err(problem(
                    format!("there is no sheet `{wanted}`"),
                    format!("{near}the sheets are: {}", listed()),
                ));
            }
        },
        // The first sheet a user sees: hidden sheets and chart sheets hold no table.
        None => workbook
            .sheets_metadata()
            .iter()
            .find(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
            .map_or_else(|| names[0].clone(), |s| s.name.clone()),
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        let (message, hint) = describe_open_error(&e);
        problem(format!("sheet `{name}`: {message}"), hint.into())
    })?;
    // A formula whose result was never saved (a file written by a program rather than
    // saved from a spreadsheet) has no value, only its formula: the table spans both, so
    // such a cell is reported rather than read as empty.
    let formulas = workbook.worksheet_formula(&name).unwrap_or_default();
    // Percent formats are known only for XLSX; other formats give an empty style range and
    // the percentage check falls back to a warning.
    let styles = workbook.worksheet_style(&name).unwrap_or_default();
    let starts = [range.start(), formulas.start()].into_iter().flatten();
    let ends = [range.end(), formulas.end()].into_iter().flatten();
    let (Some(row0), Some(col0), Some(row_end), Some(col_end)) = (
        starts.clone().map(|(r, _)| r).min(),
        starts.map(|(_, c)| c).min(),
        ends.clone().map(|(r, _)| r).max(),
        ends.map(|(_, c)| c).max(),
    ) else {
        let hint = if names.len() > 1 {
            format!("choose a sheet with --sheet; the sheets are: {}", listed())
        } else {
            "check this is the right file".into()
        };
        return Err(problem(format!("sheet `{name}` is empty"), hint));
    };
    let (height, width) = ((row_end - row0 + 1) as usize, (col_end - col0 + 1) as usize);
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(problem(
            format!("sheet `{name}` spans {height} rows by {width} columns, too many cells"),
            "delete stray cells far from the table, or copy the table to a new sheet".into(),
        ));
    }
    let mut rows = Vec::with_capacity(height);
    for row in row0..=row_end {
        let cells = (col0..=col_end)
            .map(|column| {
                let position = (row, column);
                let data = range.get_value(position).unwrap_or(&Data::Empty);
                let percent = styles
                    .get(position)
                    .and_then(|s| s.number_format.as_ref())
                    .is_some_and(|f| is_percent_format(&f.format_code));
                let cell = convert(data, percent);
                match formulas.get_value(position) {
                    // Only a cell with no stored value at all: a formula whose result is
                    // the empty string (`=IF(B2="","",B2/5)`) is stored as "" and is blank.
                    Some(formula) if *data == Data::Empty && !formula.trim().is_empty() => {
                        Cell::Uncalculated(formula.trim().to_string())
                    }
                    _ => cell,
                }
            })
            .collect();
        rows.push(cells);
    }
    Ok(Grid {
        sheet: Some(name),
        origin: (row0 as usize, col0 as usize),
        rows,
        decimal_comma: false,
    })
}

/// True for a number format that shows a percentage: a `%` outside quotes and escapes.
fn is_percent_format(code: &str) -> bool {
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

fn convert(data: &Data, percent: bool) -> Cell {
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
