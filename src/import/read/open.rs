//! Opening a workbook for calamine, from its bytes and by its extension, after the checks
//! that bound what calamine will hold: a zipped workbook (XLSX, XLSM, XLSB, ODS) whose
//! parts unpack to too much is refused; an XLS file's compound file is read and rebuilt
//! by the cfb crate (`ole`), and its sheets scanned (`biff`), as an ODS file's are (`ods`),
//! so that a sheet whose cells reach too far is refused before calamine reads every sheet
//! into a rectangle; and a panic inside calamine on a damaged file is caught and reported
//! as one.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use calamine::{Ods, Reader, Sheets, Xls, Xlsb, Xlsx};

use super::{biff, check_extent, describe_open_error, ods, ole, SheetScan};

/// A workbook as calamine reads it, from the file's bytes in memory.
pub(super) type Workbook = Sheets<Cursor<Vec<u8>>>;

/// An opened workbook, with what the scan of an XLS or ODS file found per sheet.
pub(super) struct Opened {
    pub(super) workbook: Workbook,
    pub(super) scans: Option<BTreeMap<String, SheetScan>>,
}

/// Largest total a zipped workbook's parts may unpack to.
const MAX_UNPACKED: u64 = 100 * 1000 * 1000;

/// Opens the workbook at `path`, whose extension (lower case) is `ext`.
pub(super) fn open(path: &Path, ext: &str) -> Result<Opened, (String, String)> {
    let bytes = std::fs::read(path).map_err(|e| {
        (
            format!("cannot read the file: {e}"),
            "check the file's permissions".to_string(),
        )
    })?;
    if matches!(ext, "xlsx" | "xlsm" | "xlsb" | "ods") {
        check_zip_sizes(&bytes)?;
    }
    // calamine reads every XLS and ODS sheet into a rectangle on opening: the extents
    // found by the scans are checked first.
    let checked = |scans: Option<BTreeMap<String, SheetScan>>| {
        for (name, scan) in scans.iter().flatten() {
            if let Some(extent) = scan.extent {
                check_extent(name, extent)?;
            }
        }
        Ok::<_, (String, String)>(scans)
    };
    let (opened, scans) = guarded(|| match ext {
        "xls" => {
            let stream = ole::workbook_stream(&bytes)?;
            let scans = checked(biff::scan(&stream)?)?;
            let file = ole::rebuilt(&stream).map_err(|e| {
                (
                    format!("cannot read the workbook: {e}"),
                    "check the machine has memory to spare, then try again".to_string(),
                )
            })?;
            Ok((
                Xls::new(Cursor::new(file))
                    .map(Sheets::Xls)
                    .map_err(calamine::Error::Xls),
                scans,
            ))
        }
        "ods" => {
            let scans = checked(ods::scan(&bytes))?;
            Ok((
                Ods::new(Cursor::new(bytes))
                    .map(Sheets::Ods)
                    .map_err(calamine::Error::Ods),
                scans,
            ))
        }
        "xlsb" => Ok((
            Xlsb::new(Cursor::new(bytes))
                .map(Sheets::Xlsb)
                .map_err(calamine::Error::Xlsb),
            None,
        )),
        _ => Ok((
            Xlsx::new(Cursor::new(bytes))
                .map(Sheets::Xlsx)
                .map_err(calamine::Error::Xlsx),
            None,
        )),
    })?;
    let workbook = opened.map_err(|e| {
        let (message, hint) = describe_open_error(&e);
        (message, hint.to_string())
    })?;
    Ok(Opened { workbook, scans })
}

/// Runs `read` (calamine's parsing of a file), turning a panic inside it into an error:
/// calamine's XLSB and XLS readers index their records without checking every length,
/// so a damaged file can stop them where the file, not this program, is at fault.
pub(super) fn guarded<T>(
    read: impl FnOnce() -> Result<T, (String, String)>,
) -> Result<T, (String, String)> {
    let previous = std::panic::take_hook();
    // The panic is reported as the file's fault, below; its own message would only
    // point into calamine.
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(previous);
    result.unwrap_or_else(|_| {
        Err((
            "the workbook cannot be read: its contents are damaged (the reader stopped on a record it could not make sense of)".into(),
            "open it in Excel or LibreOffice and save it again (as .xlsx if you can), then import that".into(),
        ))
    })
}

/// Refuses a zipped workbook whose parts would unpack to more than calamine should hold
/// in memory (a small file can unpack to gigabytes: one cell of repeated text compresses
/// well).
fn check_zip_sizes(bytes: &[u8]) -> Result<(), (String, String)> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // calamine says what is wrong with it.
        return Ok(());
    };
    let mut total = 0u64;
    for i in 0..zip.len() {
        if let Ok(entry) = zip.by_index_raw(i) {
            total = total.saturating_add(entry.size());
        }
    }
    if total > MAX_UNPACKED {
        return Err((
            format!(
                "the workbook unpacks to {} MB, over the {} MB limit for an import",
                total / 1_000_000,
                MAX_UNPACKED / 1_000_000
            ),
            "a month's figures are a few kilobytes; check this is the right file".into(),
        ));
    }
    Ok(())
}
