//! What calamine does not tell about an ODS sheet, read from `content.xml` before
//! calamine opens the file: which cells are percentages (`office:value-type=
//! "percentage"`, set on the cell itself) and the extent of the cells that hold values,
//! counting `number-columns-repeated` and `number-rows-repeated`, so that a sheet whose
//! cells reach far away is refused before calamine reads it into a rectangle.

use std::collections::BTreeMap;
use std::io::Read;

use quick_xml::events::{BytesStart, Event};

use super::SheetScan;

/// Largest `content.xml` read, uncompressed.
const MAX_CONTENT_BYTES: u64 = 256 * 1024 * 1024;

/// Scans every sheet of an ODS file; `None` when its content cannot be read this way
/// (calamine then reports what is wrong).
pub(super) fn scan(bytes: &[u8]) -> Option<BTreeMap<String, SheetScan>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = zip.by_name("content.xml").ok()?;
    if entry.size() > MAX_CONTENT_BYTES {
        return None;
    }
    let mut xml = Vec::new();
    entry.take(MAX_CONTENT_BYTES).read_to_end(&mut xml).ok()?;
    scan_content(&xml)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.into_owned())
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

fn scan_content(xml: &[u8]) -> Option<BTreeMap<String, SheetScan>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = BTreeMap::new();
    let mut sheet: Option<(String, SheetScan)> = None;
    let (mut row, mut column, mut rows_repeated) = (0u32, 0u32, 1u32);
    let mut row_cells: Vec<(u32, u32, bool)> = Vec::new();
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.name().as_ref() {
                "table:table" => {
                    let name = attr(&e, "table:name").unwrap_or_default();
                    sheet = Some((name, SheetScan::default()));
                    row = 0;
                }
                "table:table-row" => {
                    rows_repeated = repeat(&e, "table:number-rows-repeated");
                    column = 0;
                    row_cells.clear();
                    if empty {
                        row = row.saturating_add(rows_repeated);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let n = repeat(&e, "table:number-columns-repeated");
                    let kind = attr(&e, "office:value-type");
                    if kind.is_some() || !empty {
                        row_cells.push((column, n, kind.as_deref() == Some("percentage")));
                    }
                    column = column.saturating_add(n);
                }
                _ => {}
            }
        }
        match &event {
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if let Some((_, scan)) = sheet.as_mut() {
                    for &(c, n, percent) in &row_cells {
                        let last = (
                            row.saturating_add(rows_repeated - 1),
                            c.saturating_add(n - 1),
                        );
                        scan.add_block((row, c), last, percent);
                    }
                }
                row = row.saturating_add(rows_repeated);
            }
            Event::End(e) if e.name().as_ref() == "table:table" => {
                if let Some((name, scan)) = sheet.take() {
                    out.insert(name, scan);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_repeats_are_counted() {
        let xml = br#"<office:document-content><office:body><office:spreadsheet>
<table:table table:name="Sheet1">
<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let scans = scan_content(xml).unwrap();
        let scan = &scans["Sheet1"];
        assert!(scan.percent.contains(&(0, 3)));
        assert!(!scan.percent.contains(&(0, 0)));
        assert_eq!(scan.extent, Some(((0, 0), (1048571, 3))));
    }
}
