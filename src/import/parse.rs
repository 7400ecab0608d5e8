//! How a single cell's text reads: a month heading (`2020-06`, `Jun-20`, `June 2020`, an
//! ISO date, or a date cell) and a number typed as text (`1,403`, `24.4%`, or `88,5` in a
//! semicolon-separated file). Pure functions, shared by the layout and the value checks.

use crate::model::YearMonth;

use super::read::Cell;

/// The month a heading or `month` cell names, if any.
pub fn month_of_cell(cell: &Cell) -> Option<YearMonth> {
    match cell {
        Cell::Date { year, month } => YearMonth::new(*year, *month),
        Cell::Text(text) => parse_month(text),
        _ => None,
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The month number for `jun`, `June`, `sept`...: a full name or a prefix of three or
/// more letters.
fn month_number(word: &str) -> Option<u32> {
    let word = word.to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|name| name.starts_with(&word))
        .map(|i| i as u32 + 1)
}

/// Parses a month heading: `2020-06`, `2020-06-01` (a date written as text, as date
/// cells are in CSV exports), `Jun-20`, `Jun 2020`, `June 2020`, `June-2020`, `Jun/20`.
/// Two-digit years are 20xx.
pub fn parse_month(text: &str) -> Option<YearMonth> {
    let text = text.trim();
    if let Ok(m) = text.parse::<YearMonth>() {
        return Some(m);
    }
    // An ISO date, with or without a time: the month it falls in.
    if text.len() >= 10 && text.is_char_boundary(7) && text.is_char_boundary(10) {
        let bytes = text.as_bytes();
        let day_ok = bytes[7] == b'-'
            && bytes[8..10].iter().all(u8::is_ascii_digit)
            && (text.len() == 10 || matches!(bytes[10], b'T' | b' '));
        if day_ok {
            if let Ok(m) = text[..7].parse::<YearMonth>() {
                let day = u32::from(bytes[8] - b'0') * 10 + u32::from(bytes[9] - b'0');
                return (1..=31).contains(&day).then_some(m);
            }
        }
    }
    let split = text.find(['-', ' ', '/', '\''])?;
    let (name, rest) = text.split_at(split);
    let year_text = rest.trim_start_matches(['-', ' ', '/', '\'']);
    let month = month_number(name.trim_end_matches('.'))?;
    if !year_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = match year_text.len() {
        2 => 2000 + year_text.parse::<i32>().ok()?,
        4 => year_text.parse().ok()?,
        _ => return None,
    };
    YearMonth::new(year, month)
}

/// True for a heading that was meant as a month but does not read as one: it has a
/// digit in it, or starts with a month's name. Other words (`Title`, `Unit`) are not.
pub fn looks_like_a_month(cell: &Cell) -> bool {
    match cell {
        Cell::Text(text) => {
            let text = text.trim();
            let first_word: String = text.chars().take_while(|c| c.is_alphabetic()).collect();
            text.chars().any(|c| c.is_ascii_digit()) || month_number(&first_word).is_some()
        }
        Cell::Number { .. } => true,
        _ => false,
    }
}

pub use crate::value::parse_number_text;

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    #[test]
    fn month_headings_in_every_form() {
        for (heading, month) in [
            ("2020-06", "2020-06"),
            ("Jun-20", "2020-06"),
            ("jun-20", "2020-06"),
            ("June 2020", "2020-06"),
            ("Jun 2020", "2020-06"),
            ("June-2020", "2020-06"),
            ("Sept 2019", "2019-09"),
            ("Sep-19", "2019-09"),
            ("Jan/21", "2021-01"),
            ("2020-06-30", "2020-06"),
            ("2020-06-01 00:00:00", "2020-06"),
            (" Dec-19 ", "2019-12"),
        ] {
            assert_eq!(parse_month(heading), Some(ym(month)), "{heading}");
        }
        for bad in [
            "2020-13",
            "June",
            "Jun-2",
            "Juno 2020",
            "Ju-20",
            "June 20201",
            "2020",
            "value",
            "2020-06-45",
            "",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(
            month_of_cell(&Cell::Date {
                year: 2020,
                month: 6
            }),
            Some(ym("2020-06"))
        );
    }

    #[test]
    fn numbers_typed_as_text() {
        assert_eq!(parse_number_text("1403", false), Some((1403.0, false)));
        assert_eq!(parse_number_text(" 1,403 ", false), Some((1403.0, false)));
        assert_eq!(parse_number_text("1,403.5", false), Some((1403.5, false)));
        assert_eq!(parse_number_text("24.4%", false), Some((24.4, true)));
        assert_eq!(parse_number_text("-3", false), Some((-3.0, false)));
        assert_eq!(parse_number_text("24,4", true), Some((24.4, false)));
        assert_eq!(parse_number_text("24,4 %", true), Some((24.4, true)));
        for bad in [
            "twelve", "1,40", "14,03", "1e3", "inf", "NaN", "", "-", ".", "1.2.3",
        ] {
            assert_eq!(parse_number_text(bad, false), None, "{bad}");
        }
        assert_eq!(parse_number_text("1.403", true), None);
    }
}
