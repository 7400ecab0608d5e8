//! XLSB sheets read cell by cell through calamine's cell reader, as XLSX sheets are
//! (`xlsx`), never through `worksheet_range`, which allocates the rectangle the sheet
//! declares (its dimension record) or spans: a small file declaring XFD1048576 would ask
//! for billions of cells. The declared extent is checked first, then at most
//! [`MAX_CELLS`] cells are kept, and the caller checks the extent of those. A second
//! pass reads the formulas, so that one whose result was never saved is reported rather
//! than read as an empty cell.

use std::collections::BTreeSet;
use std::io::{Read, Seek};

use calamine::{Data, Xlsb};

use super::{check_extent, check_text, Cell, SparseCell, MAX_CELLS};

/// The sheet's cells that hold something (a value, or a formula with no saved result).
pub(super) fn read_sheet<RS: Read + Seek>(
    workbook: &mut Xlsb<RS>,
    name: &str,
) -> Result<Vec<SparseCell>, (String, String)> {
    let record_error = |e: calamine::XlsbError| {
        (
            format!("sheet `{name}` cannot be read ({e})"),
            "check it opens in a spreadsheet program; saving it again as .xlsx usually helps"
                .to_string(),
        )
    };
    let mut cells = Vec::new();
    let mut stored = BTreeSet::new();
    {
        let mut reader = workbook
            .worksheet_cells_reader(name)
            .map_err(record_error)?;
        let declared = reader.dimensions();
        if declared.end.0 >= declared.start.0 && declared.end.1 >= declared.start.1 {
            check_extent(name, (declared.start, declared.end)).map_err(|(message, hint)| {
                (message.replacen(" has cells ", " declares cells ", 1), hint)
            })?;
        }
        let mut seen = 0usize;
        while let Some(found) = reader.next_cell().map_err(record_error)? {
            seen += 1;
            if seen > MAX_CELLS {
                return Err(too_many(name));
            }
            let position = found.get_position();
            stored.insert(position);
            let cell = super::convert(&Data::from(found.get_value().clone()), false);
            if cell.is_blank() {
                continue;
            }
            check_text(name, position, &cell)?;
            cells.push((position, cell));
        }
    }
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(record_error)?;
    let mut formulas = 0usize;
    while let Some(found) = reader.next_formula().map_err(record_error)? {
        formulas += 1;
        if formulas > MAX_CELLS {
            return Err(too_many(name));
        }
        let formula = found.get_value().trim();
        if !stored.contains(&found.get_position()) && !formula.is_empty() {
            cells.push((
                found.get_position(),
                Cell::Uncalculated(formula.to_string()),
            ));
        }
    }
    Ok(cells)
}

fn too_many(name: &str) -> (String, String) {
    (
        format!("sheet `{name}` has more than {MAX_CELLS} cells"),
        "a month's figures fit in a few hundred cells; check this is the right file".into(),
    )
}
