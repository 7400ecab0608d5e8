//! XLSX sheets read cell by cell through calamine's streaming cell reader, never through
//! `worksheet_range`: a range is allocated for the rectangle between the first and the
//! last cell, so one stray cell at XFD1048576 would ask for billions of cells. Here only
//! the cells that are there are kept; the caller works out the extent from them and
//! refuses a sheet too large before anything of that size exists. A second pass over the
//! same XML reads each cell's style, for percent formats.

use std::collections::BTreeSet;
use std::io::{Read, Seek};

use calamine::{Data, Xlsx};

use super::{check_text, is_percent_format, Cell, SparseCell, MAX_CELLS};

/// The sheet's cells that hold something (a value, or a formula with no saved result).
pub(super) fn read_sheet<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
) -> Result<Vec<SparseCell>, (String, String)> {
    let xml_error = |e: calamine::XlsxError| {
        (
            format!("sheet `{name}` cannot be read ({e})"),
            "check it opens in a spreadsheet program; saving it again as .xlsx usually helps"
                .to_string(),
        )
    };
    let mut percent = BTreeSet::new();
    {
        let mut reader = workbook.worksheet_cells_reader(name).map_err(xml_error)?;
        let styles: Vec<bool> = reader
            .styles()
            .iter()
            .map(|s| {
                s.number_format
                    .as_ref()
                    .is_some_and(|f| is_percent_format(&f.format_code))
            })
            .collect();
        let mut seen = 0usize;
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(xml_error)? {
            seen += 1;
            if seen > MAX_CELLS {
                return Err(too_many(name));
            }
            if styles.get(style).copied().unwrap_or(false) {
                percent.insert(cell.get_position());
            }
        }
    }
    let mut cells = Vec::new();
    let mut reader = workbook.worksheet_cells_reader(name).map_err(xml_error)?;
    while let Some(found) = reader.next_cell_with_formula().map_err(xml_error)? {
        let data = Data::from(found.value);
        let position = found.pos;
        let cell = match (&data, found.formula) {
            (Data::Empty, Some(formula)) if !formula.trim().is_empty() => {
                Cell::Uncalculated(formula.trim().to_string())
            }
            (Data::Empty, _) => continue,
            _ => super::convert(&data, percent.contains(&position)),
        };
        if cell.is_blank() {
            continue;
        }
        check_text(name, position, &cell)?;
        if cells.len() >= MAX_CELLS {
            return Err(too_many(name));
        }
        cells.push((position, cell));
    }
    Ok(cells)
}

fn too_many(name: &str) -> (String, String) {
    (
        format!("sheet `{name}` has more than {MAX_CELLS} cells"),
        "a month's figures fit in a few hundred cells; check this is the right file".into(),
    )
}
