//! Display formatting, in one place: how a number, a count, money, a percentage or a
//! missing value is written for a reader (rounding half away from zero, thousands
//! separators, a true minus, the currency before the magnitude) and the rule for keeping
//! every decimal a user typed. It depends only on the model, so the figures, the view,
//! `import` and `scaffold` all write a number the same way.

use crate::model::{Unit, Value, DEFAULT_SUPPRESSION_SYMBOL};

/// What a figure that does not exist prints as: an en dash.
pub const MISSING: &str = "\u{2013}";

/// Rounds half away from zero at `decimals` places, robust to binary representation
/// (2.675 rounds to 2.68, as a person would expect).
pub fn round_half_away(x: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    let scaled = x * scale;
    // Nudge by a few ulps so values like 2.675 (stored as 2.67499999...) round up.
    let nudged = scaled + scaled.signum() * scaled.abs().max(1.0) * 4.0 * f64::EPSILON;
    nudged.round() / scale
}

/// Formats a number with thousands separators and `decimals` places.
pub fn format_number(x: f64, decimals: u8) -> String {
    let rounded = round_half_away(x, decimals);
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (int_part, frac_part) = match text.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (text.as_str(), None),
    };
    let mut grouped = String::new();
    for (i, ch) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    if let Some(f) = frac_part {
        grouped.push('.');
        grouped.push_str(f);
    }
    // A value that rounds to zero prints without a sign.
    if rounded < 0.0 {
        format!("\u{2212}{grouped}")
    } else {
        grouped
    }
}

/// Displays a value in its unit: "1,518", "24%", "67", "−£0.9m", "12 days"; a missing
/// value is [`MISSING`], one that does not apply `not_applicable` (the words table's
/// `n/a`).
pub fn format_value(value: Value, unit: &Unit, decimals: u8, not_applicable: &str) -> String {
    match value {
        Value::Present(x) => format_in_unit(x, unit, decimals),
        Value::Missing => MISSING.into(),
        Value::NotApplicable => not_applicable.into(),
        Value::Suppressed => DEFAULT_SUPPRESSION_SYMBOL.into(),
    }
}

/// Displays a number in its unit. Money carries its sign before the currency symbol,
/// with a true minus: `−£0.9m` (the editions keep the two on one line without adding a
/// character: the PDF template in a box, the web page in a no-wrap span).
pub fn format_in_unit(x: f64, unit: &Unit, decimals: u8) -> String {
    match unit {
        Unit::Percentage => format!("{}%", format_number(x, decimals)),
        Unit::Count | Unit::Rate { .. } => format_number(x, decimals),
        Unit::Money { currency, scale } => {
            let magnitude = format_number(x.abs(), decimals);
            let sign = if round_half_away(x, decimals) < 0.0 {
                "\u{2212}"
            } else {
                ""
            };
            format!("{sign}{currency}{magnitude}{}", scale.suffix())
        }
        Unit::Number { suffix, .. } => match suffix {
            Some(word) => format!("{} {word}", format_number(x, decimals)),
            None => format_number(x, decimals),
        },
    }
}

/// A percentage change as a whole percentage: "27%", "−30%".
pub fn format_percent_change(percent: f64) -> String {
    format!("{}%", format_number(percent, 0))
}

/// A change in percentage points with its sign and one decimal, in the words of `unit`
/// (`{n} pts`): `+2.3 pts`, `−0.8 pts`, `0.0 pts`.
pub fn format_points_change(points: f64, unit: &str) -> String {
    let magnitude = format_number(points.abs(), 1);
    let sign = match round_half_away(points, 1) {
        p if p > 0.0 => "+",
        p if p < 0.0 => "\u{2212}",
        _ => "",
    };
    format!("{sign}{}", unit.replace("{n}", &magnitude))
}

/// The fewest decimals, at least `at_least` and at most `at_most`, that write `x` back
/// exactly as it was typed (`at_most` when none does): a reminder of a typed figure
/// never rounds it.
pub fn typed_decimals(x: f64, at_least: u8, at_most: u8) -> u8 {
    (at_least..=at_most)
        .find(|&d| format!("{x:.*}", d as usize).parse::<f64>() == Ok(x))
        .unwrap_or(at_most.max(at_least))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_carry_their_sign_and_one_decimal() {
        assert_eq!(format_points_change(13.2, "{n}\u{a0}pts"), "+13.2\u{a0}pts");
        assert_eq!(format_points_change(-0.84, "{n} pts"), "\u{2212}0.8 pts");
        assert_eq!(format_points_change(0.04, "{n} pts"), "0.0 pts");
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_half_away(0.5, 0), 1.0);
        assert_eq!(round_half_away(-0.5, 0), -1.0);
        assert_eq!(round_half_away(2.5, 0), 3.0);
        assert_eq!(round_half_away(2.675, 2), 2.68);
        assert_eq!(round_half_away(-2.675, 2), -2.68);
        assert_eq!(round_half_away(24.449, 1), 24.4);
        assert_eq!(format_number(1518.4, 0), "1,518");
        assert_eq!(format_number(1234567.0, 0), "1,234,567");
        assert_eq!(format_number(999.5, 0), "1,000");
        assert_eq!(format_number(-1518.0, 0), "\u{2212}1,518");
        assert_eq!(format_number(-0.4, 0), "0");
        assert_eq!(format_number(77.9, 1), "77.9");
        assert_eq!(
            format_value(Value::Present(24.4), &Unit::Percentage, 0, "n/a"),
            "24%"
        );
        assert_eq!(
            format_value(Value::Missing, &Unit::Count, 0, "n/a"),
            "\u{2013}"
        );
        assert_eq!(
            format_value(Value::NotApplicable, &Unit::Percentage, 0, "n/a"),
            "n/a"
        );
        assert_eq!(format_percent_change(-100.0), "\u{2212}100%");
    }

    #[test]
    fn money_and_numbers_print_in_their_units() {
        let millions = Unit::Money {
            currency: "\u{a3}".into(),
            scale: crate::model::Scale::Millions,
        };
        assert_eq!(format_in_unit(1.2, &millions, 1), "\u{a3}1.2m");
        assert_eq!(format_in_unit(-0.94, &millions, 1), "\u{2212}\u{a3}0.9m");
        assert_eq!(
            format_in_unit(-0.04, &millions, 1),
            "\u{a3}0.0m",
            "rounds to no sign"
        );
        let thousands = Unit::Money {
            currency: "\u{20ac}".into(),
            scale: crate::model::Scale::Thousands,
        };
        assert_eq!(format_in_unit(250.0, &thousands, 0), "\u{20ac}250k");
        let days = Unit::Number {
            suffix: Some("days".into()),
            negative: false,
        };
        assert_eq!(format_in_unit(1234.5, &days, 1), "1,234.5 days");
    }

    #[test]
    fn typed_decimals_are_kept_within_their_bounds() {
        assert_eq!(typed_decimals(91.0, 1, 4), 1);
        assert_eq!(typed_decimals(12.345, 0, 4), 3);
        assert_eq!(typed_decimals(0.123456789, 0, 4), 4);
        assert_eq!(typed_decimals(0.1234567, 0, 6), 6);
        assert_eq!(typed_decimals(7.0, 2, 4), 2);
    }
}
