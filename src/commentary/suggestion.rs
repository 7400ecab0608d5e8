//! The suggested opening of a commentary: one deterministic sentence built from an
//! indicator's figures and its Making Data Count result, in the table of words' terms
//! only. It is offered in the workbook for the owner to keep, edit or delete and is
//! never printed in a pack.

use crate::figures::{Change, IndicatorFigures};
use crate::format::{format_in_unit, format_number};
use crate::model::Value;
use crate::view::alt::spc_in_words;
use crate::view::words::{fill, Table};

/// The sentence for `f`, e.g. "Contacts: 1,403 in June 2020, up 20% on May 2020 and 4% on
/// June 2019; above the 12-month average of 1,273. Common cause variation."
pub fn suggest(t: &Table, f: &IndicatorFigures) -> String {
    let w = &t.commentary_words;
    let ind = &f.indicator;
    let month = t.long(f.month);
    let Value::Present(x) = f.value else {
        return capitalise(&fill(w.opening_missing, &[("month", &month)])) + ".";
    };
    let value = format_in_unit(x, &ind.unit, ind.decimals);
    let mut sentence = fill(w.opening, &[("value", &value), ("month", &month)]);
    let changes: Vec<String> = [
        (f.change_month, f.points_month, f.month.plus(-1)),
        (f.change_year, f.points_year, f.month.plus(-12)),
    ]
    .into_iter()
    .filter_map(|(change, points, base)| change_words(t, f, change, points, base))
    .collect();
    match changes.as_slice() {
        [] => {}
        [one] => sentence = format!("{sentence}, {one}"),
        [first, second, ..] => {
            sentence = format!(
                "{sentence}, {}",
                fill(w.and, &[("first", first), ("second", second)])
            )
        }
    }
    if let Some(average) = f.window.average.filter(|_| !f.window.suppressed) {
        let shown = format_in_unit(average, &ind.unit, ind.decimals);
        let same = shown == value;
        let index = match () {
            _ if same => 2,
            _ if x > average => 0,
            _ => 1,
        };
        sentence = format!(
            "{sentence}; {}",
            fill(w.against_average[index], &[("average", &shown)])
        );
    }
    format!("{sentence}. {}.", spc_words(t, f))
}

/// `up 20% on May 2020`, in points for a `change: points` indicator; none when the change
/// cannot be worked out.
fn change_words(
    t: &Table,
    f: &IndicatorFigures,
    change: Change,
    points: Option<f64>,
    base: crate::model::YearMonth,
) -> Option<String> {
    let w = &t.commentary_words;
    let (amount, magnitude, size) = if f.in_points {
        let p = points?;
        let magnitude = format_number(p.abs(), 1);
        (
            p,
            magnitude.clone(),
            t.trend_words.points.replace("{n}", &magnitude),
        )
    } else {
        let p = change.percent()?;
        let magnitude = format_number(p.abs(), 0);
        (p, magnitude.clone(), format!("{magnitude}%"))
    };
    // A change that rounds to nothing is level, whatever its sign.
    let level = magnitude.chars().all(|c| c == '0' || c == '.');
    let index = match () {
        _ if level => 2,
        _ if amount > 0.0 => 0,
        _ => 1,
    };
    let base_value = if level { String::new() } else { size };
    Some(fill(
        w.changes[index],
        &[("change", &base_value), ("month", &t.long(base))],
    ))
}

/// "Common cause variation", with the assurance when there is a target.
fn spc_words(t: &Table, f: &IndicatorFigures) -> String {
    let unit = &f.indicator.unit;
    let decimals = f.indicator.decimals;
    match spc_in_words(
        t,
        f.spc.variation,
        f.spc.assurance,
        f.target,
        unit,
        decimals,
    ) {
        Some((variation, assurance)) => capitalise(variation) + &assurance,
        None => t.spc_words.no_limits.to_string(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::figures_for_month;
    use crate::view::words::ENGLISH;

    fn sample(id: &str) -> IndicatorFigures {
        let loaded = crate::load::load(std::path::Path::new("data"));
        let dataset = loaded.dataset.expect("the sample data loads");
        let june = "2020-06".parse().unwrap();
        figures_for_month(&dataset, june)
            .into_iter()
            .find(|f| f.indicator.id == id)
            .expect("the indicator")
    }

    #[test]
    fn the_opening_gives_the_value_the_changes_the_average_and_the_variation() {
        let text = suggest(&ENGLISH, &sample("contacts"));
        assert_eq!(
            text,
            "1,403 in June 2020, up 20% on May 2020 and up 4% on June 2019; above the 12-month average of 1,273. Common cause variation."
        );
    }

    #[test]
    fn a_month_without_a_value_says_so() {
        let mut f = sample("contacts");
        f.value = Value::Missing;
        assert_eq!(suggest(&ENGLISH, &f), "No value for June 2020.");
    }
}
