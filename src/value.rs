//! A month's value of one indicator, the magnitudes a figure can have, and how a number
//! typed as text reads: the smallest part of the model, shared by the model itself, the
//! expressions it holds, month files and imported cells.

/// One month's value of one indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A number.
    Present(f64),
    /// No figure was reported (absent or null), or an input of a formula was missing.
    Missing,
    /// The figure does not exist this month ("n/a"): typed so (e.g. a percentage of no
    /// cases), or a formula's denominator was zero.
    NotApplicable,
    /// Withheld from a public pack: a small count, or a figure derived from one.
    Suppressed,
}

impl Value {
    /// The number, when there is one.
    pub fn number(self) -> Option<f64> {
        match self {
            Value::Present(x) => Some(x),
            _ => None,
        }
    }
}

/// No figure a scorecard reports reaches this magnitude (a thousand million million): a
/// value at or beyond it is a typing or export mistake, and would print as dozens of
/// digits or as "inf".
pub const MAX_MAGNITUDE: f64 = 1e15;

/// True for a finite number below [`MAX_MAGNITUDE`] in size.
pub fn is_plausible(x: f64) -> bool {
    x.is_finite() && x.abs() < MAX_MAGNITUDE
}

/// A number typed as text: `1403`, `1,403`, `24.4%` (the percent sign is dropped: the
/// number is already a percent) or `−0.8` (with the minus sign U+2212 a pack prints). With `decimal_comma` (semicolon CSV files), `24,4` is
/// 24.4 and `1.403` is not accepted. Returns the number and whether it had a `%`.
pub fn parse_number_text(text: &str, decimal_comma: bool) -> Option<(f64, bool)> {
    let text = text.trim();
    let (text, percent) = match text.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (text, false),
    };
    let (negative, digits) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let normal = if decimal_comma {
        if digits.contains('.') || digits.matches(',').count() > 1 {
            return None;
        }
        digits.replacen(',', ".", 1)
    } else if digits.contains(',') {
        // Only thousands separators: groups of three after the first.
        let (int_part, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (digits, None),
        };
        let groups: Vec<&str> = int_part.split(',').collect();
        let grouped =
            (1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3);
        if !grouped {
            return None;
        }
        match frac {
            Some(f) => format!("{}.{f}", groups.concat()),
            None => groups.concat(),
        }
    } else {
        digits.to_string()
    };
    // Plain decimal digits only: `parse` would also take `inf`, `nan` and `1e3`.
    let valid = !normal.is_empty()
        && normal.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && normal.matches('.').count() <= 1
        && normal.bytes().any(|b| b.is_ascii_digit());
    if !valid {
        return None;
    }
    let x: f64 = normal.parse().ok()?;
    Some((if negative { -x } else { x }, percent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_a_pack_prints_them_read_back() {
        assert_eq!(parse_number_text("\u{2212}0.7", false), Some((-0.7, false)));
        assert_eq!(parse_number_text("81.9%", false), Some((81.9, true)));
        assert_eq!(parse_number_text("1,403", false), Some((1403.0, false)));
        assert_eq!(parse_number_text("24,4", true), Some((24.4, false)));
        for bad in ["\u{2212}", "£0.8m", "22 days", "1e3", "inf", "--1"] {
            assert_eq!(parse_number_text(bad, false), None, "{bad}");
        }
    }
}
