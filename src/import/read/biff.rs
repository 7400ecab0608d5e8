//! What calamine does not tell about an XLS (BIFF8) sheet, read from the workbook's own
//! records before calamine opens it: which cells are formatted as percentages, and the
//! extent of the cells that hold values. calamine reads every sheet into a rectangle when
//! it opens the file, so the extent is checked first.
//!
//! The workbook stream (taken out of the file's OLE compound file by `ole`) holds records
//! of a type, a length and a body. FORMAT records (0x041E) give format strings by id, XF records
//! (0x00E0) give each cell style's format id, BOUNDSHEET8 (0x0085) gives each sheet's
//! name and offset, and the cell records (NUMBER, RK, MULRK, LABELSST, LABEL, BOOLERR,
//! FORMULA, RSTRING) carry their row, column and XF index.

use std::collections::BTreeMap;

use super::is_percent_format;

use super::SheetScan;

/// More sheets than any workbook of monthly figures has: reading each would take time in
/// proportion to their number times the workbook's size.
const MAX_SHEETS: usize = 4096;

/// Scans every sheet of an XLS workbook stream: `Ok(None)` when it is not a BIFF8
/// workbook this reader understands (calamine then reads it, and percents fall back to a
/// warning); an error for a stream calamine should not be given (see [`check_sheets`]).
pub(super) fn scan(stream: &[u8]) -> Result<Option<BTreeMap<String, SheetScan>>, (String, String)> {
    check_dimensions(Records::new(stream)).map_err(damaged)?;
    let Some((sheets, percent_xf)) = scan_sheets(stream) else {
        return Ok(None);
    };
    if sheets.len() > MAX_SHEETS {
        return Err((
            format!("the workbook lists {} sheets, more than the {MAX_SHEETS} an import reads", sheets.len()),
            "check this is the right file; copy the sheet with the figures into a workbook of its own".into(),
        ));
    }
    check_sheets(stream, &sheets).map_err(damaged)?;
    Ok(scan_cells(stream, (sheets, percent_xf)))
}

fn damaged(why: String) -> (String, String) {
    (
        format!("the workbook cannot be read: its records are damaged ({why})"),
        "open it in Excel or LibreOffice and save it again (as .xlsx if you can), then import that; if it will not open, ask for the file again".into(),
    )
}

/// Refuses a DIMENSIONS record (0x0200) reaching past the 65,536 rows and 256 columns of
/// an XLS sheet, or whose first row comes after its last: calamine reserves room for every
/// cell it declares, counting the rows from the first to the last.
fn check_dimensions<'a>(
    records: impl Iterator<Item = (u16, &'a [u8], usize)>,
) -> Result<(), String> {
    for (_, body, _) in records.filter(|(kind, _, _)| *kind == 0x0200) {
        let (first_row, last_row, last_col) = match body.len() {
            10 => (
                u32::from(u16le(body, 0)),
                u32::from(u16le(body, 2)),
                u16le(body, 6),
            ),
            14 | 16 => (u32le(body, 0), u32le(body, 4), u16le(body, 10)),
            _ => continue,
        };
        // The last row and column are one past the last used.
        if last_row > 65_536 || last_col > 256 {
            return Err(format!(
                "a sheet declares {last_row} rows by {last_col} columns, past the 65536 by 256 an .xls sheet holds"
            ));
        }
        if last_row > 0 && last_col > 0 && first_row >= last_row {
            return Err(format!(
                "a sheet declares its rows from {} to {last_row}, the first after the last",
                u64::from(first_row) + 1
            ));
        }
    }
    Ok(())
}

/// Each sheet must start at a place of its own with a BOF record and close (its EOF record,
/// after those of any chart inside it) before the next sheet starts, as calamine reads it
/// from its start to its close: so that every record is read once, however many sheets a
/// file lists, and each sheet's declared size is checked where calamine reads it.
fn check_sheets(stream: &[u8], sheets: &[(String, usize)]) -> Result<(), String> {
    let mut starts: Vec<(usize, &str)> = sheets.iter().map(|(n, o)| (*o, n.as_str())).collect();
    starts.sort_unstable();
    for (i, &(offset, name)) in starts.iter().enumerate() {
        let next = starts.get(i + 1);
        if let Some(&(_, other)) = next.filter(|next| next.0 == offset) {
            return Err(format!(
                "sheets `{name}` and `{other}` start at the same place"
            ));
        }
        let end = next.map_or(stream.len(), |next| next.0);
        let region = stream
            .get(offset..end)
            .ok_or_else(|| format!("sheet `{name}` starts past the end of the workbook"))?;
        check_dimensions(Records::new(region))?;
        let mut depth = 0usize;
        let mut records = Records::new(region);
        if records.next().map(|(kind, _, _)| kind) != Some(0x0809) {
            return Err(format!("sheet `{name}` does not start with a BOF record"));
        }
        let closed = records.any(|(kind, _, _)| match kind {
            0x0809 => {
                depth += 1;
                false
            }
            0x000A if depth == 0 => true,
            0x000A => {
                depth -= 1;
                false
            }
            _ => false,
        });
        if !closed {
            return Err(format!(
                "sheet `{name}` does not end before the next sheet starts"
            ));
        }
    }
    Ok(())
}

/// What the workbook globals say: each sheet's name and offset, and which XF (cell
/// style) indexes show percentages.
type Globals = (Vec<(String, usize)>, Vec<bool>);

/// The workbook globals, read up to their EOF record.
fn scan_sheets(stream: &[u8]) -> Option<Globals> {
    let records = Records::new(stream);
    let mut formats: BTreeMap<u16, String> = BTreeMap::new();
    let mut xf_formats: Vec<u16> = Vec::new();
    let mut sheets: Vec<(String, usize)> = Vec::new();
    for (kind, body, _) in records {
        match kind {
            0x041E if body.len() >= 5 => {
                let id = u16le(body, 0);
                formats.insert(id, unicode_string(&body[2..], 2)?);
            }
            0x00E0 if body.len() >= 4 => xf_formats.push(u16le(body, 2)),
            0x0085 if body.len() >= 8 => {
                let offset = u32le(body, 0) as usize;
                sheets.push((unicode_string(&body[6..], 1)?, offset));
            }
            0x000A => break,
            _ => {}
        }
    }
    // Built-in formats 9 (0%) and 10 (0.00%) are the percentages among the ids below 164.
    let percent_xf: Vec<bool> = xf_formats
        .iter()
        .map(|id| matches!(id, 9 | 10) || formats.get(id).is_some_and(|f| is_percent_format(f)))
        .collect();
    Some((sheets, percent_xf))
}

/// Each sheet's cells: their extent and which are percentages.
fn scan_cells(stream: &[u8], (sheets, percent_xf): Globals) -> Option<BTreeMap<String, SheetScan>> {
    // Each sheet's records run to the next sheet's (or to its EOF record).
    let mut starts: Vec<usize> = sheets.iter().map(|(_, offset)| *offset).collect();
    starts.sort_unstable();
    starts.dedup();
    let mut out = BTreeMap::new();
    for (name, offset) in sheets {
        let end = starts
            .iter()
            .find(|&&s| s > offset)
            .map_or(stream.len(), |&s| s.min(stream.len()));
        let mut scan = SheetScan::default();
        for (kind, body, _) in Records::new(stream.get(offset..end)?) {
            let cell = |scan: &mut SheetScan, at: usize, xf_at: usize| {
                if body.len() >= xf_at + 2 {
                    let position = (u32::from(u16le(body, at)), u32::from(u16le(body, at + 2)));
                    let percent = percent_xf.get(usize::from(u16le(body, xf_at))) == Some(&true);
                    scan.add(position, percent);
                }
            };
            match kind {
                0x0203 | 0x027E | 0x00FD | 0x0204 | 0x0205 | 0x0006 | 0x00D6 => {
                    cell(&mut scan, 0, 4)
                }
                0x00BD if body.len() >= 6 => {
                    let row = u32::from(u16le(body, 0));
                    let first = u32::from(u16le(body, 2));
                    for (i, rk) in body[4..body.len() - 2].chunks_exact(6).enumerate() {
                        let position = (row, first + i as u32);
                        scan.add(
                            position,
                            percent_xf.get(usize::from(u16le(rk, 0))) == Some(&true),
                        );
                    }
                }
                0x000A => break,
                _ => {}
            }
        }
        out.insert(name, scan);
    }
    Some(out)
}

fn u16le(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32le(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// A BIFF8 string with a `len_bytes`-byte character count, then a flags byte (bit 0:
/// two bytes per character), without rich text or phonetic runs' contents.
fn unicode_string(b: &[u8], len_bytes: usize) -> Option<String> {
    let count = if len_bytes == 1 {
        usize::from(*b.first()?)
    } else {
        usize::from(u16le(b.get(..2)?, 0))
    };
    let flags = *b.get(len_bytes)?;
    let mut at = len_bytes + 1;
    if flags & 0x08 != 0 {
        at += 2;
    }
    if flags & 0x04 != 0 {
        at += 4;
    }
    if flags & 0x01 != 0 {
        let units: Vec<u16> = b
            .get(at..at + count * 2)?
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(
            b.get(at..at + count)?
                .iter()
                .map(|&c| char::from(c))
                .collect(),
        )
    }
}

/// BIFF records: (type, body, offset).
struct Records<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Records<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self { data, at: 0 }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8], usize);
    fn next(&mut self) -> Option<Self::Item> {
        let head = self.data.get(self.at..self.at + 4)?;
        let (kind, len) = (u16le(head, 0), usize::from(u16le(head, 2)));
        let start = self.at + 4;
        let body = self.data.get(start..start + len)?;
        let offset = self.at;
        self.at = start + len;
        Some((kind, body, offset))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(out: &mut Vec<u8>, kind: u16, body: &[u8]) {
        out.extend(kind.to_le_bytes());
        out.extend((body.len() as u16).to_le_bytes());
        out.extend_from_slice(body);
    }

    /// BOUNDSHEET8 for sheet `name` at `offset`.
    fn sheet(out: &mut Vec<u8>, name: &str, offset: u32) {
        let mut body = offset.to_le_bytes().to_vec();
        body.extend([0, 0, name.len() as u8, 0]);
        body.extend(name.bytes());
        record(out, 0x0085, &body);
    }

    /// NUMBER at (row, col) with style `xf`.
    fn number(out: &mut Vec<u8>, row: u16, col: u16, xf: u16) {
        let mut body = Vec::new();
        for v in [row, col, xf] {
            body.extend(v.to_le_bytes());
        }
        body.extend(1.0f64.to_le_bytes());
        record(out, 0x0203, &body);
    }

    const BOF: [u8; 16] = [0, 6, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// A workbook stream: globals (two XFs, the second a percentage) listing a sheet for
    /// each of `sheets`, which follow it, each closed by `close` (true: its EOF record).
    fn workbook(sheets: &[(&str, Vec<u8>)], close: bool) -> Vec<u8> {
        let mut globals = Vec::new();
        record(&mut globals, 0x0809, &BOF);
        // XF 0 plain, XF 1 with built-in format 10 (0.00%).
        record(&mut globals, 0x00E0, &[0, 0, 0, 0]);
        record(&mut globals, 0x00E0, &[0, 0, 10, 0]);
        // Each BOUNDSHEET8: a 4-byte header, 8 bytes and the name; then EOF.
        let names: usize = sheets.iter().map(|(n, _)| 4 + 8 + n.len()).sum();
        let mut offset = globals.len() + names + 4;
        let mut bodies = Vec::new();
        for (name, cells) in sheets {
            sheet(&mut globals, name, offset as u32);
            let mut body = Vec::new();
            record(&mut body, 0x0809, &BOF);
            body.extend(cells);
            if close {
                record(&mut body, 0x000A, &[]);
            }
            offset += body.len();
            bodies.push(body);
        }
        record(&mut globals, 0x000A, &[]);
        [vec![globals], bodies].concat().concat()
    }

    #[test]
    fn percent_cells_and_extents_per_sheet() {
        let mut one = Vec::new();
        number(&mut one, 0, 0, 0);
        number(&mut one, 4, 2, 1);
        let mut two = Vec::new();
        number(&mut two, 9, 9, 0);
        let stream = workbook(&[("One", one), ("Two", two)], true);
        let scans = scan(&stream).unwrap().unwrap();
        assert_eq!(scans["One"].extent, Some(((0, 0), (4, 2))));
        assert!(scans["One"].percent.contains(&(4, 2)));
        assert!(!scans["One"].percent.contains(&(0, 0)));
        assert_eq!(scans["Two"].extent, Some(((9, 9), (9, 9))));
    }

    #[test]
    fn sheets_that_overlap_run_on_or_declare_too_much_are_damaged() {
        let mut cells = Vec::new();
        number(&mut cells, 0, 0, 0);
        let message = |stream: &[u8]| scan(stream).unwrap_err().0;
        let open = workbook(&[("One", cells.clone()), ("Two", cells.clone())], false);
        assert!(
            message(&open).contains("sheet `One` does not end before the next sheet starts"),
            "{}",
            message(&open)
        );
        // DIMENSIONS: rows 0 to 1,048,576 (one past the last), columns 0 to 16,384.
        let mut far = cells.clone();
        let mut body = 0u32.to_le_bytes().to_vec();
        body.extend(1_048_576u32.to_le_bytes());
        body.extend([0, 0, 0, 0x40, 0, 0]);
        record(&mut far, 0x0200, &body);
        let stream = workbook(&[("One", far)], true);
        assert!(
            message(&stream).contains("declares 1048576 rows by 16384 columns"),
            "{}",
            message(&stream)
        );
        // DIMENSIONS: rows 4,000 to 10 (one past the last).
        let mut backwards = cells.clone();
        let mut body = 3_999u32.to_le_bytes().to_vec();
        body.extend(10u32.to_le_bytes());
        body.extend([0, 0, 1, 0, 0, 0]);
        record(&mut backwards, 0x0200, &body);
        let stream = workbook(&[("One", backwards)], true);
        assert!(
            message(&stream)
                .contains("declares its rows from 4000 to 10, the first after the last"),
            "{}",
            message(&stream)
        );
        // Both sheets listed at the first one's place.
        let mut same = workbook(&[("One", cells.clone()), ("Two", cells)], true);
        // Each BOUNDSHEET8's offset is 6 bytes before its name's length and flags.
        let at = |name: &[u8]| {
            same.windows(5)
                .position(|w| w[..2] == [3, 0] && &w[2..] == name)
                .unwrap()
                - 6
        };
        let (one, two) = (at(b"One"), at(b"Two"));
        let first = u32le(&same, one).to_le_bytes();
        same[two..two + 4].copy_from_slice(&first);
        assert!(
            message(&same).contains("sheets `One` and `Two` start at the same place"),
            "{}",
            message(&same)
        );
    }

    #[test]
    fn a_sheet_starting_at_the_end_of_the_stream_is_damaged() {
        let mut stream = Vec::new();
        sheet(&mut stream, "End", 4 + 8 + 3 + 4);
        record(&mut stream, 0x000A, &[]);
        let (message, _) = scan(&stream).unwrap_err();
        assert!(
            message.contains("sheet `End` does not start with a BOF record"),
            "{message}"
        );
    }

    #[test]
    fn a_workbook_listing_thousands_of_sheets_is_refused() {
        let mut stream = Vec::new();
        for i in 0..=MAX_SHEETS {
            sheet(&mut stream, &format!("S{i}"), 0);
        }
        let (message, _) = scan(&stream).unwrap_err();
        assert!(message.contains("lists 4097 sheets"), "{message}");
    }
}
