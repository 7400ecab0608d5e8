//! CSV files: comma or semicolon separated (told from the first line), with or without a
//! UTF-8 byte-order mark; every field is text, as the file gives it.

use super::{Cell, Grid, MAX_CELLS};

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
    let mut reader = ::csv::ReaderBuilder::new()
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
        merges: Vec::new(),
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
