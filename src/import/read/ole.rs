//! The OLE compound file around an XLS workbook, read with the `cfb` crate. Only the
//! workbook stream (`Workbook`, or `Book` in an Excel 5 file) is taken out, bounded by the
//! file's own size, and put into a new compound file that the cfb crate writes for
//! calamine. calamine's own compound-file reader follows the sector chains as the file
//! states them, so a damaged or hostile file (a cycle, a stream claiming gigabytes, a
//! sector number past its tables) could make it loop, allocate without bound or panic;
//! it only ever reads a file whose structure the cfb crate has checked and written.

use std::io::{Cursor, Read, Write};

/// The hint for a compound file that cannot be read.
const DAMAGED_HINT: &str = "open it in Excel or LibreOffice and save it again (as .xlsx if you can), then import that; if it will not open, ask for the file again";

/// An XLS file's workbook stream; an error (message and hint) when the file is not an
/// OLE compound file, is damaged, or holds no workbook.
pub(super) fn workbook_stream(file: &[u8]) -> Result<Vec<u8>, (String, String)> {
    const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if file.get(..8) != Some(&OLE[..]) {
        let hint = if file.starts_with(b"PK") {
            "it is a zip, as an .xlsx or .ods workbook is: rename it with the extension it was saved with, or save it again from the spreadsheet program"
        } else {
            "an .xls file saved by a web page or a database is often text or HTML: open it in a spreadsheet program and save it as .xlsx, then import that"
        };
        return Err((
            "the workbook cannot be read: it is not an Excel 97-2003 workbook (an .xls file starts with an OLE compound-file header)".into(),
            hint.into(),
        ));
    }
    let damaged = |e: std::io::Error| {
        (
            format!("the workbook cannot be read: its compound-file structure is damaged ({e})"),
            DAMAGED_HINT.to_string(),
        )
    };
    let mut compound = cfb::CompoundFile::open(Cursor::new(file)).map_err(damaged)?;
    let entry = compound
        .read_root_storage()
        .filter(|e| e.is_stream())
        .find(|e| e.name().eq_ignore_ascii_case("Workbook"))
        .or_else(|| {
            compound
                .read_root_storage()
                .filter(|e| e.is_stream())
                .find(|e| e.name().eq_ignore_ascii_case("Book"))
        })
        .ok_or_else(|| {
            (
                "the workbook cannot be read: the file holds no workbook (no `Workbook` stream), so it is not an Excel workbook".to_string(),
                "check this is the right file; a password-protected .xlsx is stored this way too: remove the password, save it and import that".to_string(),
            )
        })?;
    // A stream's length is only what the directory says; the file bounds what it holds.
    let size = file.len() as u64;
    if entry.len() > size {
        return Err((
            format!(
                "the workbook cannot be read: its workbook stream claims {} bytes, more than the whole file ({size} bytes), so the file is damaged",
                entry.len()
            ),
            DAMAGED_HINT.into(),
        ));
    }
    let mut stream = Vec::new();
    compound
        .open_stream(entry.path())
        .and_then(|s| s.take(size).read_to_end(&mut stream))
        .map_err(damaged)?;
    Ok(stream)
}

/// A compound file, written by the cfb crate, holding `stream` as its `Workbook`: what
/// calamine opens.
pub(super) fn rebuilt(stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut compound = cfb::CompoundFile::create_with_version(
        cfb::Version::V3,
        Cursor::new(Vec::with_capacity(stream.len() + 4096)),
    )?;
    compound.create_stream("/Workbook")?.write_all(stream)?;
    compound.flush()?;
    Ok(compound.into_inner().into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_comes_back_out_of_the_rebuilt_file() {
        for len in [100, 5000] {
            let stream: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let file = rebuilt(&stream).unwrap();
            assert_eq!(workbook_stream(&file).unwrap(), stream);
        }
    }

    #[test]
    fn damaged_and_foreign_files_are_refused_by_what_is_wrong() {
        let file = rebuilt(&[1u8; 5000]).unwrap();
        // Cut short: the sectors the tables name are not there.
        let (message, _) = workbook_stream(&file[..1024]).unwrap_err();
        assert!(message.contains("damaged"), "{message}");
        // The file's tables, as the header places them: the FAT in sector 0, the
        // directory in the sector the header names (the workbook's entry is its second).
        let le = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        let entry = 512 * (le(&file, 0x30) as usize + 1) + 128;
        let start = le(&file, entry + 0x74) as usize;
        // The stream claims 4 GB.
        let mut claims = file.clone();
        claims[entry + 0x78..entry + 0x7C].copy_from_slice(&u32::MAX.to_le_bytes());
        let (message, _) = workbook_stream(&claims).unwrap_err();
        assert!(message.contains("damaged"), "{message}");
        // The stream's chain runs back to its first sector from its last.
        let mut cycle = file.clone();
        let fat = 512;
        let mut last = start;
        while le(&cycle, fat + 4 * last) < 0xFFFF_FFFA {
            last = le(&cycle, fat + 4 * last) as usize;
        }
        cycle[fat + 4 * last..fat + 4 * last + 4].copy_from_slice(&(start as u32).to_le_bytes());
        let (message, _) = workbook_stream(&cycle).unwrap_err();
        assert!(message.contains("damaged"), "{message}");
        let (message, hint) = workbook_stream(b"PK\x03\x04 a zip").unwrap_err();
        assert!(
            message.contains("not an Excel 97-2003 workbook"),
            "{message}"
        );
        assert!(hint.contains("rename it"), "{hint}");
    }
}
