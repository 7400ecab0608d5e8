//! `imports.yaml`: saved mappings for extracts that arrive every month in the same shape.
//! Each source says which files it is for (globs on the file name), which sheet, where
//! the month is, which row is the header, which row(s) to read and which column holds
//! each indicator. This module reads and checks the file (every problem located by line
//! and column) and picks a file's source; [`extract`] applies a source to a sheet.

pub mod extract;
pub(crate) mod pattern;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diag::{did_you_mean, Problem};
use crate::load::yaml::{self, location};
use crate::model::Dataset;

/// The file's name in the data folder.
pub const FILE_NAME: &str = "imports.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImports {
    sources: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    #[serde(default)]
    files: Vec<Spanned<String>>,
    #[serde(default)]
    sheet: Option<Spanned<RawSheets>>,
    month: Spanned<RawMonth>,
    #[serde(default)]
    header: Option<Spanned<RawHeader>>,
    #[serde(default)]
    row: BTreeMap<String, Spanned<String>>,
    columns: Spanned<BTreeMap<String, Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawSheets {
    One(String),
    Several(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMonth {
    #[serde(default)]
    right_of: Option<String>,
    #[serde(default)]
    cell: Option<String>,
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    file_name: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    row_with: String,
}

/// Where a source's month is.
#[derive(Debug, Clone, PartialEq)]
pub enum MonthFrom {
    /// In the first filled cell right of the cell with this text (`Period:`).
    RightOf(String),
    /// In this cell (`C6`), as (row, column), 0-based.
    Cell(String, (usize, usize)),
    /// In this column of each row read (months in rows).
    Column(String),
    /// In the file's name (`June-2021-...`, `2021-06-...`).
    FileName,
}

/// One indicator's column: its id and the heading pattern, split into group and heading.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnPattern {
    /// The indicator id.
    pub id: String,
    /// As written in imports.yaml.
    pub written: String,
    /// The group pattern (the merged cell above), when given.
    pub group: Option<String>,
    /// The heading pattern.
    pub heading: String,
}

/// A checked source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Its id.
    pub id: String,
    /// File-name globs.
    pub files: Vec<String>,
    /// Sheets to try in order; empty for the first visible sheet.
    pub sheets: Vec<String>,
    /// Where the month is.
    pub month: MonthFrom,
    /// The text of a cell in the header row; `None`: the first row is the header.
    pub header_row_with: Option<String>,
    /// Row filters: heading and the value its cell must hold.
    pub rows: Vec<(String, String)>,
    /// The indicators' columns.
    pub columns: Vec<ColumnPattern>,
}

/// What reading imports.yaml gave.
#[derive(Debug, Default)]
pub struct Imports {
    /// The file, when there is one.
    pub path: Option<PathBuf>,
    /// The sources, in the order written.
    pub sources: Vec<Source>,
}

impl Imports {
    /// The source for `file`: the first whose `files` patterns match its name.
    pub fn source_for(&self, file: &Path) -> Option<&Source> {
        let name = file.file_name()?.to_string_lossy();
        self.sources
            .iter()
            .find(|s| s.files.iter().any(|g| pattern::glob(g, &name)))
    }

    /// The source with this id, or the error naming the ids there are.
    pub fn by_id(&self, id: &str) -> Result<&Source, Box<Problem>> {
        if let Some(source) = self.sources.iter().find(|s| s.id == id) {
            return Ok(source);
        }
        let ids: Vec<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
        let problem = match &self.path {
            Some(path) => Problem::error(path, format!("--source {id}: there is no source `{id}`")),
            None => Problem::general(format!(
                "--source {id}: there is no {FILE_NAME} in the data folder"
            )),
        };
        Err(Box::new(match did_you_mean(id, ids.iter().copied()) {
            Some(hint) => problem.hint(hint),
            None if ids.is_empty() => {
                problem.hint(format!("define sources in {FILE_NAME} beside report.yaml"))
            }
            None => problem.hint(format!("the sources are: {}", ids.join(", "))),
        }))
    }
}

/// Reads and checks `root/imports.yaml` (absent: no sources). With `dataset`, each column
/// must name an indicator that takes typed values.
pub fn load(root: &Path, dataset: Option<&Dataset>) -> (Imports, Vec<Problem>) {
    let path = root.join(FILE_NAME);
    let mut problems = Vec::new();
    if !path.exists() {
        return (Imports::default(), problems);
    }
    let raw = crate::load::read::read_text(root, &path)
        .and_then(|(text, _)| yaml::parse::<RawImports>(&path, &text));
    let raw = match raw {
        Ok(raw) => raw,
        Err(problem) => {
            problems.push(*problem);
            return (Imports::default(), problems);
        }
    };
    let mut sources = Vec::new();
    for raw in raw.sources {
        if let Some(source) = check_source(&path, raw, dataset, &mut problems) {
            if sources.iter().any(|s: &Source| s.id == source.id) {
                problems.push(
                    Problem::error(
                        &path,
                        format!("the source id `{}` is used twice", source.id),
                    )
                    .field("id")
                    .hint("give each source its own id"),
                );
            }
            sources.push(source);
        }
    }
    let imports = Imports {
        path: Some(path),
        sources,
    };
    (imports, problems)
}

fn at<T>(problem: Problem, spanned: &Spanned<T>) -> Problem {
    let (line, column) = location(spanned);
    problem.at(line, column)
}

/// One source checked, every problem in it reported; `None` when it has an error.
fn check_source(
    path: &Path,
    raw: RawSource,
    dataset: Option<&Dataset>,
    problems: &mut Vec<Problem>,
) -> Option<Source> {
    let before = problems.iter().filter(|p| p.is_error()).count();
    let id = raw.id.value.trim().to_string();
    if id.is_empty() {
        problems.push(at(Problem::error(path, "a source has an empty id"), &raw.id).field("id"));
    }
    for glob in &raw.files {
        check_file_glob(path, &id, glob, problems);
    }
    let month = check_month(path, &id, &raw.month, problems);
    let header_row_with = check_header(path, &id, raw.header.as_ref(), problems);
    let columns = check_columns(path, &id, &raw.columns, dataset, problems);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    (errors == before).then_some(Source {
        id,
        files: raw
            .files
            .iter()
            .map(|g| g.value.trim().to_string())
            .collect(),
        sheets: sheet_names(raw.sheet.as_ref()),
        month: month?,
        header_row_with,
        rows: raw
            .row
            .iter()
            .map(|(heading, value)| (heading.clone(), value.value.trim().to_string()))
            .collect(),
        columns,
    })
}

/// A `files:` entry is a pattern for a file's name: not empty, no folder, not too long,
/// and one the glob matcher can read.
fn check_file_glob(path: &Path, id: &str, glob: &Spanned<String>, problems: &mut Vec<Problem>) {
    let written = glob.value.trim();
    let why = if written.is_empty() || written.contains('/') {
        Some("it is empty or names a folder".to_string())
    } else if written.chars().count() > pattern::MAX_PATTERN_CHARS {
        Some(format!(
            "it is over {} characters long",
            pattern::MAX_PATTERN_CHARS
        ))
    } else {
        pattern::file_glob(written)
            .err()
            .map(|e| e.kind().to_string())
    };
    if let Some(why) = why {
        problems.push(
            at(Problem::error(path, format!("`{}` is not a file-name pattern: {why}", glob.value)), glob)
                .field(format!("{id}.files"))
                .hint("write a pattern for the file's name, without folders: `*` any text, `?` one character, `[789]` one of these, `{xls,xlsx}` one of these words, e.g. \"*-AE-by-provider-*.xls\""),
        );
    }
}

/// The sheets to try in order; empty for the first visible sheet.
fn sheet_names(raw: Option<&Spanned<RawSheets>>) -> Vec<String> {
    match raw.map(|s| &s.value) {
        None => Vec::new(),
        Some(RawSheets::One(name)) => vec![name.clone()],
        Some(RawSheets::Several(names)) => names.clone(),
    }
}

/// The text of a cell in the header row, which must not be empty; `None` when the first
/// row is the header.
fn check_header(
    path: &Path,
    id: &str,
    raw: Option<&Spanned<RawHeader>>,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let header = raw?;
    let row_with = header.value.row_with.trim();
    if row_with.is_empty() {
        problems.push(
            at(Problem::error(path, "`row_with` is empty"), header)
                .field(format!("{id}.header"))
                .hint("write the text of one cell of the header row, e.g. `row_with: Code`"),
        );
    }
    Some(row_with.to_string())
}

/// Each indicator's column heading, read into a pattern and checked; at least one.
fn check_columns(
    path: &Path,
    id: &str,
    raw: &Spanned<BTreeMap<String, Spanned<String>>>,
    dataset: Option<&Dataset>,
    problems: &mut Vec<Problem>,
) -> Vec<ColumnPattern> {
    if raw.value.is_empty() {
        problems.push(
            at(Problem::error(path, "`columns` names no indicator"), raw)
                .field(format!("{id}.columns"))
                .hint("list each indicator id with the heading of its column, e.g. `t1-attendances: \"A&E attendances / Type 1 Departments - Major A&E\"`"),
        );
    }
    raw.value
        .iter()
        .map(|(indicator, written)| check_column(path, id, indicator, written, dataset, problems))
        .collect()
}

/// One indicator's column: "heading", or "group / heading" for a heading under a merged
/// group cell; neither part empty, not too long, and for an indicator the data folder
/// defines (when it could be read).
fn check_column(
    path: &Path,
    id: &str,
    indicator: &str,
    written: &Spanned<String>,
    dataset: Option<&Dataset>,
    problems: &mut Vec<Problem>,
) -> ColumnPattern {
    let field = format!("{id}.columns.{indicator}");
    let text = written.value.trim();
    let (group, heading) = match text.split_once(" / ") {
        Some((g, h)) => (Some(g.trim().to_string()), h.trim().to_string()),
        None => (None, text.to_string()),
    };
    if text.chars().count() > pattern::MAX_PATTERN_CHARS {
        problems.push(
            at(
                Problem::error(
                    path,
                    format!(
                        "the heading for `{indicator}` is over {} characters long",
                        pattern::MAX_PATTERN_CHARS
                    ),
                ),
                written,
            )
            .field(field.clone())
            .hint("write enough of the heading to tell its column apart, with `*` for the rest"),
        );
    } else if heading.is_empty() || group.as_deref() == Some("") {
        problems.push(
            at(Problem::error(path, format!("the heading for `{indicator}` is empty")), written)
                .field(field.clone())
                .hint("write the column's heading, or \"group / heading\" for a heading under a merged group cell"),
        );
    }
    if let Some(problem) = dataset.and_then(|d| check_indicator(d, path, indicator)) {
        problems.push(at(problem, written).field(field));
    }
    ColumnPattern {
        id: indicator.to_string(),
        written: text.to_string(),
        group,
        heading,
    }
}

fn check_month(
    path: &Path,
    id: &str,
    raw: &Spanned<RawMonth>,
    problems: &mut Vec<Problem>,
) -> Option<MonthFrom> {
    let m = &raw.value;
    let given = [
        m.right_of.is_some(),
        m.cell.is_some(),
        m.column.is_some(),
        m.file_name.is_some(),
    ];
    let field = format!("{id}.month");
    let forms =
        "write one of {right_of: \"Period:\"}, {cell: C6}, {column: Month} or {file_name: true}";
    if given.iter().filter(|g| **g).count() != 1 || m.file_name == Some(false) {
        problems.push(
            at(
                Problem::error(path, "`month` must say in one way where the month is"),
                raw,
            )
            .field(field)
            .hint(forms),
        );
        return None;
    }
    if let Some(label) = &m.right_of {
        return Some(MonthFrom::RightOf(label.trim().to_string()));
    }
    if let Some(column) = &m.column {
        return Some(MonthFrom::Column(column.trim().to_string()));
    }
    if let Some(cell) = &m.cell {
        return match parse_a1(cell.trim()) {
            Some(position) => Some(MonthFrom::Cell(cell.trim().to_uppercase(), position)),
            None => {
                problems.push(
                    at(
                        Problem::error(path, format!("`{cell}` is not a cell reference")),
                        raw,
                    )
                    .field(field)
                    .hint("write a cell as the spreadsheet names it, e.g. C6"),
                );
                None
            }
        };
    }
    Some(MonthFrom::FileName)
}

/// `C6` as (row 5, column 2).
pub fn parse_a1(text: &str) -> Option<(usize, usize)> {
    let letters: String = text.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &text[letters.len()..];
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() || digits.starts_with('0') {
        return None;
    }
    let row: usize = digits.parse().ok()?;
    let column = letters
        .to_ascii_uppercase()
        .bytes()
        .fold(0usize, |n, b| n * 26 + usize::from(b - b'A') + 1);
    Some((row.checked_sub(1)?, column - 1))
}

fn check_indicator(dataset: &Dataset, path: &Path, id: &str) -> Option<Problem> {
    let indicator = dataset.indicators().map(|(_, i)| i).find(|i| i.id == id);
    match indicator {
        Some(i) if i.formula.is_some() => Some(
            Problem::error(
                path,
                format!("`{id}` is computed by its formula and takes no imported value"),
            )
            .hint("map the formula's inputs instead"),
        ),
        Some(_) => None,
        None => {
            let ids = dataset.indicators().map(|(_, i)| i.id.as_str());
            Some(
                Problem::error(path, format!("no indicator has the id `{id}`")).hint(
                    did_you_mean(id, ids)
                        .unwrap_or_else(|| "indicators are defined in indicators.yaml".into()),
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(parse_a1("C6"), Some((5, 2)));
        assert_eq!(parse_a1("a1"), Some((0, 0)));
        assert_eq!(parse_a1("AA10"), Some((9, 26)));
        for bad in ["6", "C", "C0", "C06", "ABCD1", "C6x"] {
            assert_eq!(parse_a1(bad), None, "{bad}");
        }
    }
}
