//! What calamine does not tell about an XLS (BIFF8) sheet, read from the workbook's own
//! records before calamine opens it: which cells are formatted as percentages, and the
//! extent of the cells that hold values. calamine reads every sheet into a rectangle when
//! it opens the file, so the extent is checked first.
//!
//! The file is an OLE compound file; its `Workbook` stream holds records of a type, a
//! length and a body. FORMAT records (0x041E) give format strings by id, XF records
//! (0x00E0) give each cell style's format id, BOUNDSHEET8 (0x0085) gives each sheet's
//! name and offset, and the cell records (NUMBER, RK, MULRK, LABELSST, LABEL, BOOLERR,
//! FORMULA, RSTRING) carry their row, column and XF index.

use std::collections::BTreeMap;

use super::is_percent_format;

use super::SheetScan;

/// Scans every sheet of an XLS file; `None` when it is not a BIFF8 workbook this reader
/// understands (calamine then reads it, and percents fall back to a warning).
pub(super) fn scan(bytes: &[u8]) -> Option<BTreeMap<String, SheetScan>> {
    let stream = cfb_stream(bytes, "Workbook").or_else(|| cfb_stream(bytes, "Book"))?;
    let records = Records::new(&stream);
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
    let mut out = BTreeMap::new();
    for (name, offset) in sheets {
        let mut scan = SheetScan::default();
        for (kind, body, _) in Records::new(stream.get(offset..)?) {
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

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector chains longer than this are a loop or a hostile file.
const MAX_SECTORS: usize = 1 << 20;

/// One stream of an OLE compound file, by name (only the root storage is searched).
fn cfb_stream(file: &[u8], wanted: &str) -> Option<Vec<u8>> {
    if file.get(..8)? != [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        return None;
    }
    let sector_size = 1usize << u16le(file, 0x1E).min(16);
    let mini_size = 1usize << u16le(file, 0x20).min(16);
    let sector = |n: u32| -> Option<&[u8]> {
        let start = (n as usize + 1).checked_mul(sector_size)?;
        file.get(start..start + sector_size)
    };
    // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .map(|i| u32le(file, 0x4C + i * 4))
        .take_while(|&s| s < 0xFFFF_FFFA)
        .collect();
    let mut difat = u32le(file, 0x44);
    let mut guard = 0;
    while difat < 0xFFFF_FFFA && guard < MAX_SECTORS {
        let s = sector(difat)?;
        let per = sector_size / 4 - 1;
        fat_sectors.extend(
            (0..per)
                .map(|i| u32le(s, i * 4))
                .filter(|&x| x < 0xFFFF_FFFA),
        );
        difat = u32le(s, per * 4);
        guard += 1;
    }
    let mut fat = Vec::new();
    for &s in &fat_sectors {
        let s = sector(s)?;
        fat.extend(s.chunks_exact(4).map(|c| u32le(c, 0)));
    }
    let chain = |first: u32, table: &[u32]| -> Option<Vec<u32>> {
        let mut out = Vec::new();
        let mut n = first;
        while n != END_OF_CHAIN {
            if out.len() > MAX_SECTORS {
                return None;
            }
            out.push(n);
            n = *table.get(n as usize)?;
        }
        Some(out)
    };
    let read_chain = |first: u32| -> Option<Vec<u8>> {
        let mut out = Vec::new();
        for s in chain(first, &fat)? {
            out.extend_from_slice(sector(s)?);
        }
        Some(out)
    };
    let directory = read_chain(u32le(file, 0x30))?;
    let entries: Vec<&[u8]> = directory.chunks_exact(128).collect();
    let root = entries.first()?;
    let name_of = |e: &[u8]| {
        let len = usize::from(u16le(e, 0x40)).min(64);
        let units: Vec<u16> = e[..len.saturating_sub(2)]
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let entry = entries
        .iter()
        .find(|e| e[0x42] == 2 && name_of(e).eq_ignore_ascii_case(wanted))?;
    let start = u32le(entry, 0x74);
    let size = u32le(entry, 0x78) as usize;
    let cutoff = u32le(file, 0x38) as usize;
    let mut data = if size < cutoff {
        // A small stream lives in the mini stream (the root entry's chain), in mini sectors.
        let mini_stream = read_chain(u32le(root, 0x74))?;
        let mut mini_fat = Vec::new();
        if let Some(first) = Some(u32le(file, 0x3C)).filter(|&f| f < 0xFFFF_FFFA) {
            mini_fat = read_chain(first)?
                .chunks_exact(4)
                .map(|c| u32le(c, 0))
                .collect();
        }
        let mut out = Vec::new();
        for s in chain(start, &mini_fat)? {
            let at = s as usize * mini_size;
            out.extend_from_slice(mini_stream.get(at..at + mini_size)?);
        }
        out
    } else {
        read_chain(start)?
    };
    data.truncate(size);
    Some(data)
}
