//! The fonts a report is printed with: DejaVu Sans in its normal and condensed cuts,
//! compiled into the binary so every machine lays out the same text with the same glyphs,
//! plus any font files the data folder names under `fonts:` in report.yaml (for Welsh,
//! Polish, Urdu, Chinese...). It also answers which characters those fonts can draw, so
//! `check` can name a character that would otherwise fail the render.

use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::FontStore;

use crate::model::FontFile;

/// Largest font file accepted (CJK fonts run to tens of megabytes).
pub const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The family every template uses first.
pub const EMBEDDED_FAMILY: &str = "DejaVu Sans";

/// The embedded faces' font files, regular first.
pub(crate) fn embedded_faces() -> [&'static [u8]; 8] {
    [
        dejavu::sans::regular(),
        dejavu::sans::bold(),
        dejavu::sans::oblique(),
        dejavu::sans::bold_oblique(),
        dejavu::sans_condensed::regular(),
        dejavu::sans_condensed::bold(),
        dejavu::sans_condensed::oblique(),
        dejavu::sans_condensed::bold_oblique(),
    ]
}

/// Every face in a font file (a collection has several); none when it is not a font.
pub fn faces(bytes: &[u8]) -> Vec<Font> {
    Font::iter(Bytes::new(bytes.to_vec())).collect()
}

/// The embedded fonts followed by the report's own, ready for a typst World.
pub fn font_store(extra: &[FontFile]) -> FontStore {
    let mut store = FontStore::new();
    let embedded = embedded_faces()
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)));
    let added = extra.iter().flat_map(|f| faces(&f.bytes));
    for font in embedded.chain(added) {
        let info = font.info().clone();
        store.push((font, info));
    }
    store
}

/// The family names of the report's own fonts, in the order given, without repeats.
pub fn families(extra: &[FontFile]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for font in extra.iter().flat_map(|f| faces(&f.bytes)) {
        let family = font.info().family.clone();
        if family != EMBEDDED_FAMILY && !names.contains(&family) {
            names.push(family);
        }
    }
    names
}

/// True when one of `infos` has a glyph for `c`, or `c` is white space or a control
/// character (laid out, not drawn).
fn covered_by(infos: &[FontInfo], c: char) -> bool {
    c.is_whitespace() || c.is_control() || infos.iter().any(|info| info.coverage.contains(c as u32))
}

/// Which characters a set of fonts can draw.
pub struct Coverage {
    infos: Vec<FontInfo>,
    /// Whether each character below [`TABLE_END`] is covered, worked out once: a data
    /// folder has millions of characters, nearly all from these blocks.
    common: Vec<bool>,
}

/// The end of the characters [`Coverage`] keeps a table for: Latin, Greek, Cyrillic,
/// general punctuation (dashes, quotes) and currency symbols (the euro sign).
const TABLE_END: u32 = 0x2100;

impl Coverage {
    /// The embedded fonts and the report's own.
    pub fn new(extra: &[FontFile]) -> Self {
        let embedded = embedded_faces()
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)));
        let added = extra.iter().flat_map(|f| faces(&f.bytes));
        let infos: Vec<FontInfo> = embedded.chain(added).map(|f| f.info().clone()).collect();
        let common = (0..TABLE_END)
            .map(|c| char::from_u32(c).is_none_or(|c| covered_by(&infos, c)))
            .collect();
        Self { infos, common }
    }

    /// True when some font has a glyph for `c`. White space and control characters are
    /// laid out, not drawn, so they always count as covered.
    pub fn covers(&self, c: char) -> bool {
        match self.common.get(c as usize) {
            Some(&covered) => covered,
            None => covered_by(&self.infos, c),
        }
    }

    /// The characters of `text` no font can draw, each once, in order of appearance.
    pub fn missing(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars() {
            if !missing.contains(&c) && !self.covers(c) {
                missing.push(c);
            }
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_draws_european_text_and_not_chinese() {
        let coverage = Coverage::new(&[]);
        assert!(coverage.missing("Ŵ ŷ ł ż Ελλάδα Київ ±–−£€ ▲").is_empty());
        assert_eq!(coverage.missing("会议 会"), vec!['会', '议']);
    }

    #[test]
    fn the_table_of_common_characters_agrees_with_the_fonts() {
        let coverage = Coverage::new(&[]);
        for c in (0..TABLE_END + 16).filter_map(char::from_u32) {
            assert_eq!(coverage.covers(c), covered_by(&coverage.infos, c), "{c:?}");
        }
        // From the table, and beyond it.
        assert!(coverage.covers('€') && coverage.covers('–') && coverage.covers('\n'));
        assert!(coverage.covers('℃') && coverage.covers('▲'));
        assert!(
            !coverage.covers('\u{0378}'),
            "an unassigned Greek code point"
        );
        assert!(!coverage.covers('会'));
    }

    #[test]
    fn a_file_that_is_not_a_font_has_no_faces() {
        assert!(faces(b"not a font").is_empty());
        assert_eq!(faces(dejavu::sans::regular()).len(), 1);
    }
}
