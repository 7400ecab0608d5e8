//! `scorecard import` of binary workbooks built here, record by record, as a hostile or
//! careless sender could: an XLSB workbook is read cell by cell; an XLSB that unpacks to
//! gigabytes, declares or reaches a sheet of billions of cells, or lacks the records its
//! reader needs is refused; an XLS whose compound file is cut short, claims a 4 GB stream
//! or chains its sectors in a cycle, or that is not a compound file at all, is refused.
//! Each refusal names the file, exits 1 and changes nothing.

mod common;

use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{
    assert_fails, assert_ok, copy_tree, files_under, root, scorecard_in, scratch, stderr,
};

/// A scratch folder with `data/` holding a copy of `tests/fixtures/small`.
fn small_workspace(test: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(test);
    let data = dir.join("data");
    copy_tree(&root().join("tests/fixtures/small"), &data);
    (dir, data)
}

fn import(dir: &Path, file: &str) -> Output {
    let output = scorecard_in(dir, &["import", "--data", "data", file], &[]);
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    output
}

/// Imports `file` (written with `bytes`), which must be refused with exit status 1 and
/// each of `needles`, leaving the folder as it was.
fn refused(dir: &Path, file: &str, bytes: &[u8], needles: &[&str]) {
    fs::write(dir.join(file), bytes).unwrap();
    let before = files_under(&dir.join("data"));
    let err = assert_fails(&import(dir, file), 1, needles);
    assert!(err.contains(&format!("error: {file}: ")), "{err}");
    assert_eq!(files_under(&dir.join("data")), before, "{file}");
}

/// One BIFF12 record: its type and length as 7-bit varints, then its body.
fn record(out: &mut Vec<u8>, kind: u16, body: &[u8]) {
    if kind < 0x80 {
        out.push(kind as u8);
    } else {
        out.extend([(kind & 0x7F) as u8 | 0x80, (kind >> 7) as u8]);
    }
    let mut len = body.len();
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(body);
}

/// An XLWideString: a character count, then UTF-16.
fn wide(text: &str) -> Vec<u8> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let mut out = (units.len() as u32).to_le_bytes().to_vec();
    for unit in units {
        out.extend(unit.to_le_bytes());
    }
    out
}

enum Value {
    Text(&'static str),
    Number(f64),
}

/// A worksheet part: `declared` as its dimension record (first and last row and column;
/// `None` leaves the record out), then the cells, row by row.
fn sheet_bin(declared: Option<[u32; 4]>, cells: &[(u32, u32, Value)]) -> Vec<u8> {
    let mut out = Vec::new();
    record(&mut out, 0x0081, &[]); // BrtBeginSheet
    if let Some([r0, r1, c0, c1]) = declared {
        let body: Vec<u8> = [r0, r1, c0, c1]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        record(&mut out, 0x0094, &body); // BrtWsDim
        record(&mut out, 0x0091, &[]); // BrtBeginSheetData
    }
    let mut row = None;
    for (r, c, value) in cells {
        if row != Some(*r) {
            // BrtRowHdr: row, style, height (15 pt), flags, no column spans.
            let mut body = r.to_le_bytes().to_vec();
            body.extend(0u32.to_le_bytes());
            body.extend(300u16.to_le_bytes());
            body.extend([0, 0, 0]);
            body.extend(0u32.to_le_bytes());
            record(&mut out, 0x0000, &body);
            row = Some(*r);
        }
        let mut body = c.to_le_bytes().to_vec();
        body.extend(0u32.to_le_bytes()); // style 0
        match value {
            Value::Text(text) => {
                body.extend(wide(text));
                record(&mut out, 0x0006, &body); // BrtCellSt
            }
            Value::Number(x) => {
                body.extend(x.to_le_bytes());
                record(&mut out, 0x0005, &body); // BrtCellReal
            }
        }
    }
    record(&mut out, 0x0092, &[]); // BrtEndSheetData
    record(&mut out, 0x0082, &[]); // BrtEndSheet
    out
}

/// An XLSB workbook of one sheet, `Sheet1`, and any `extra` parts.
fn xlsb(sheet: &[u8], extra: &[(&str, &[u8])]) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/><Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;
    let workbook_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;
    let mut workbook = Vec::new();
    record(&mut workbook, 0x0083, &[]); // BrtBeginBook
    record(&mut workbook, 0x008F, &[]); // BrtBeginBundleShs
    let mut bundle = 0u32.to_le_bytes().to_vec(); // visible
    bundle.extend(1u32.to_le_bytes()); // sheet id
    bundle.extend(wide("rId1"));
    bundle.extend(wide("Sheet1"));
    record(&mut workbook, 0x009C, &bundle); // BrtBundleSh
    record(&mut workbook, 0x0090, &[]); // BrtEndBundleShs
    record(&mut workbook, 0x0084, &[]); // BrtEndBook
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", content_types.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        ("xl/workbook.bin", &workbook),
        ("xl/_rels/workbook.bin.rels", workbook_rels.as_bytes()),
        ("xl/worksheets/sheet1.bin", sheet),
    ];
    for (name, bytes) in parts.into_iter().chain(extra.iter().copied()) {
        out.start_file(name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// July's contacts and referrals, as the small fixture's ids.
fn july_cells() -> Vec<(u32, u32, Value)> {
    vec![
        (0, 0, Value::Text("id")),
        (0, 1, Value::Text("2020-07")),
        (1, 0, Value::Text("contacts")),
        (1, 1, Value::Number(1500.0)),
        (2, 0, Value::Text("referrals")),
        (2, 1, Value::Number(360.0)),
    ]
}

#[test]
fn an_xlsb_workbook_is_read_cell_by_cell() {
    let (dir, data) = small_workspace("xlsb-read");
    let bytes = xlsb(&sheet_bin(Some([0, 2, 0, 1]), &july_cells()), &[]);
    fs::write(dir.join("july.xlsb"), bytes).unwrap();
    assert_ok(&import(&dir, "july.xlsb"));
    let july = fs::read_to_string(data.join("months/2020-07.yaml")).unwrap();
    assert!(july.contains("  contacts: 1500\n"), "{july}");
    assert!(july.contains("  referrals: 360\n"), "{july}");
}

#[test]
fn an_xlsb_too_large_unpacked_declared_or_reached_or_damaged_is_refused() {
    let (dir, _) = small_workspace("xlsb-bounds");
    let sheet = sheet_bin(Some([0, 2, 0, 1]), &july_cells());
    // 101 MB of zeros in one part packs into about 100 KB.
    let zeros = vec![0u8; 101_000_000];
    let bomb = xlsb(
        &sheet,
        &[("xl/printerSettings/printerSettings1.bin", &zeros)],
    );
    drop(zeros);
    assert!(bomb.len() < 1_000_000, "{} bytes", bomb.len());
    refused(
        &dir,
        "bomb.xlsb",
        &bomb,
        &["the workbook unpacks to 101 MB, over the 100 MB limit for an import"],
    );
    // The dimension record claims the whole grid; two cells are there.
    let declared = sheet_bin(Some([0, 1_048_575, 0, 16_383]), &july_cells());
    refused(
        &dir,
        "declared.xlsb",
        &xlsb(&declared, &[]),
        &["sheet `Sheet1` declares cells from A1 to XFD1048576: 1048576 rows by 16384 columns, too many cells"],
    );
    // A small declared extent, and a cell at the far corner all the same.
    let mut cells = july_cells();
    cells.push((1_048_575, 16_383, Value::Number(1.0)));
    refused(
        &dir,
        "far.xlsb",
        &xlsb(&sheet_bin(Some([0, 2, 0, 1]), &cells), &[]),
        &["sheet `Sheet1` has cells from A1 to XFD1048576: 1048576 rows by 16384 columns, too many cells"],
    );
    // No dimension record, nor the start of the sheet's data.
    refused(
        &dir,
        "truncated.xlsb",
        &xlsb(&sheet_bin(None, &july_cells()), &[]),
        &["sheet `Sheet1` cannot be read (I/O error: failed to fill whole buffer)"],
    );
    // A cell naming shared string 7 in a workbook with none: calamine indexes past the
    // end of its table.
    let mut sheet = sheet_bin(Some([0, 2, 0, 1]), &july_cells());
    let end = sheet.len() - 6; // before BrtEndSheetData and BrtEndSheet, 3 bytes each
    let mut isst = Vec::new();
    let body: Vec<u8> = [2u32, 0, 7].iter().flat_map(|v| v.to_le_bytes()).collect();
    record(&mut isst, 0x0007, &body); // BrtCellIsst
    sheet.splice(end..end, isst);
    refused(
        &dir,
        "damaged.xlsb",
        &xlsb(&sheet, &[]),
        &["the workbook cannot be read: its contents are damaged"],
    );
}

/// A compound file, as the cfb crate writes one, holding a `Workbook` stream of 5,000
/// bytes (a BOF record, then zeros): the shape of an XLS file, to damage.
fn compound_file() -> Vec<u8> {
    let mut stream = vec![0u8; 5000];
    // BOF: BIFF8, workbook globals.
    stream[..8].copy_from_slice(&[0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]);
    compound_file_of(&stream)
}

/// A compound file holding `stream` as its `Workbook`.
fn compound_file_of(stream: &[u8]) -> Vec<u8> {
    let mut file =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    file.create_stream("/Workbook")
        .unwrap()
        .write_all(stream)
        .unwrap();
    file.flush().unwrap();
    file.into_inner().into_inner()
}

fn le(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

#[test]
fn a_damaged_or_hostile_xls_is_refused_with_the_file_named() {
    let (dir, _) = small_workspace("xls-hostile");
    let file = compound_file();
    // Where the header puts the directory (the workbook is its second entry); the FAT is
    // sector 0, right after the 512-byte header.
    let entry = 512 * (le(&file, 0x30) as usize + 1) + 128;
    let fat = 512;
    let first = le(&file, entry + 0x74) as usize;

    refused(
        &dir,
        "cut.xls",
        &file[..1024],
        &["the workbook cannot be read: its compound-file structure is damaged"],
    );

    let mut claims = file.clone();
    claims[entry + 0x78..entry + 0x7C].copy_from_slice(&u32::MAX.to_le_bytes());
    refused(
        &dir,
        "claims-4gb.xls",
        &claims,
        &["the workbook cannot be read: its workbook stream claims 4294967295 bytes, more than the whole file"],
    );

    // The workbook's last sector leads back to its first.
    let mut cycle = file.clone();
    let mut last = first;
    while le(&cycle, fat + 4 * last) < 0xFFFF_FFFA {
        last = le(&cycle, fat + 4 * last) as usize;
    }
    cycle[fat + 4 * last..fat + 4 * last + 4].copy_from_slice(&(first as u32).to_le_bytes());
    refused(
        &dir,
        "cycle.xls",
        &cycle,
        &["the workbook cannot be read: its compound-file structure is damaged"],
    );

    // A web page saved with an .xls name.
    refused(
        &dir,
        "page.xls",
        b"<html><table><tr><td>id</td></tr></table></html>",
        &[
            "the workbook cannot be read: it is not an Excel 97-2003 workbook",
            "open it in a spreadsheet program and save it as .xlsx",
        ],
    );

    // A sound compound file whose one sheet declares (DIMENSIONS) a million rows by
    // 16,384 columns: calamine would reserve room for every one of them.
    let biff = |out: &mut Vec<u8>, kind: u16, body: &[u8]| {
        out.extend(kind.to_le_bytes());
        out.extend((body.len() as u16).to_le_bytes());
        out.extend_from_slice(body);
    };
    let bof = [0u8, 6, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    let mut stream = Vec::new();
    biff(&mut stream, 0x0809, &bof);
    let sheet_at = (stream.len() + 4 + 8 + 6 + 4) as u32;
    let mut boundsheet = sheet_at.to_le_bytes().to_vec();
    boundsheet.extend([0, 0, 6, 0]);
    boundsheet.extend(b"Sheet1");
    biff(&mut stream, 0x0085, &boundsheet);
    biff(&mut stream, 0x000A, &[]);
    assert_eq!(stream.len() as u32, sheet_at);
    biff(&mut stream, 0x0809, &bof);
    let mut dimensions = 0u32.to_le_bytes().to_vec();
    dimensions.extend(1_048_576u32.to_le_bytes());
    dimensions.extend([0, 0, 0, 0x40, 0, 0]);
    biff(&mut stream, 0x0200, &dimensions);
    biff(&mut stream, 0x000A, &[]);
    refused(
        &dir,
        "declares.xls",
        &compound_file_of(&stream),
        &["the workbook cannot be read: its records are damaged (a sheet declares 1048576 rows by 16384 columns, past the 65536 by 256 an .xls sheet holds)"],
    );

    // A sound compound file whose workbook lists no sheet.
    refused(
        &dir,
        "empty.xls",
        &file,
        &["the workbook is empty: it has no sheets"],
    );
}
