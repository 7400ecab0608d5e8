//! A month's value of one indicator, and the magnitudes a figure can have: the smallest
//! part of the model, shared by the model itself and the expressions it holds.

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
