//! Positions in a block of YAML parsed on its own, moved to where the block sits in its
//! file. An indicator is parsed from its own lines (so one indicator's mistakes do not
//! hide the next one's), which numbers its lines from 1; every position read from it, in
//! a value or in a problem, is moved down by the lines above the block. Parsing the block
//! padded with blank lines instead would read the whole file again for every indicator.

use serde::de::value::{Error as ValueError, MapDeserializer};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::diag::Problem;

/// A value parsed from a block whose positions can be moved down by the lines above it.
pub(super) trait Relocate {
    /// Adds `lines` to the line of every known position in the value.
    fn move_down(&mut self, lines: u64);
}

/// `location` moved down by `lines`; an unknown position (line 0) stays unknown.
fn moved(location: Location, lines: u64) -> Location {
    if location.line() == 0 || lines == 0 {
        return location;
    }
    // serde-saphyr has no start line to parse from, and a Location's fields are its own;
    // its Deserialize is the public way to build one. The character span is not used
    // by the loader and is left out.
    let fields = [
        ("line", location.line() + lines),
        ("column", location.column()),
    ];
    Location::deserialize(MapDeserializer::<_, ValueError>::new(fields.into_iter()))
        .unwrap_or(location)
}

impl<T: Relocate> Relocate for Spanned<T> {
    fn move_down(&mut self, lines: u64) {
        self.referenced = moved(self.referenced, lines);
        self.defined = moved(self.defined, lines);
        self.value.move_down(lines);
    }
}

impl<T: Relocate> Relocate for Option<T> {
    fn move_down(&mut self, lines: u64) {
        if let Some(value) = self {
            value.move_down(lines);
        }
    }
}

impl<T: Relocate> Relocate for Vec<T> {
    fn move_down(&mut self, lines: u64) {
        for value in self {
            value.move_down(lines);
        }
    }
}

impl<T: Relocate> Relocate for Box<T> {
    fn move_down(&mut self, lines: u64) {
        (**self).move_down(lines);
    }
}

impl<K, T: Relocate> Relocate for std::collections::BTreeMap<K, T> {
    fn move_down(&mut self, lines: u64) {
        for value in self.values_mut() {
            value.move_down(lines);
        }
    }
}

impl Relocate for Problem {
    fn move_down(&mut self, lines: u64) {
        if let Some(line) = &mut self.line {
            *line += lines;
        }
    }
}

/// Values that hold no position of their own.
macro_rules! holds_no_position {
    ($($t:ty),*) => {
        $(impl Relocate for $t {
            fn move_down(&mut self, _lines: u64) {}
        })*
    };
}

holds_no_position!(
    String,
    f64,
    bool,
    u8,
    usize,
    crate::model::Scale,
    crate::model::Polarity
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_moves_down_and_an_unknown_one_stays_unknown() {
        let mut value: Spanned<Vec<Spanned<String>>> =
            serde_saphyr::from_str("\n- a\n-   b\n").unwrap();
        value.move_down(40);
        let places: Vec<(u64, u64)> = value
            .value
            .iter()
            .map(|s| (s.referenced.line(), s.referenced.column()))
            .collect();
        assert_eq!(places, [(42, 3), (43, 5)]);
        let mut unknown = Spanned::new(String::new(), Location::UNKNOWN, Location::UNKNOWN);
        unknown.move_down(40);
        assert_eq!(unknown.referenced.line(), 0);
    }
}
