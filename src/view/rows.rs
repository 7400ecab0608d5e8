//! One indicator's row of the view: its formatted figures, its trends with their arrows,
//! its SPC and RAG icons, and every alt text. In a public pack a row whose figures hold a
//! withheld number shows the withheld symbol in their place, and nothing drawn from its
//! series: no sparkline, no SPC icon, no commentary (free text may quote the number).

use super::words::{fill, Table};
use super::{alt, Row, Shown, Trend};
use crate::attention::stale_since;
use crate::figures::{Change, IndicatorFigures, Movement};
use crate::format::{
    format_in_unit, format_percent_change, format_points_change, format_value, MISSING,
};
use crate::icon::Icon;
use crate::model::{Dataset, Value, DEFAULT_SUPPRESSION_SYMBOL};

/// What a row needs besides its figures.
pub(super) struct RowContext<'a> {
    pub(super) table: &'a Table,
    pub(super) dataset: &'a Dataset,
    /// The withheld symbol, in a public pack.
    pub(super) withheld: Option<&'a str>,
}

/// Where links to an indicator's row point.
pub(super) fn anchor(id: &str) -> String {
    format!("row-{id}")
}

/// The row; `spark` is the sparkline's path, none when it is not drawn. `hidden` says
/// that the row's figures hold a withheld number in a public pack.
pub(super) fn row(
    c: &RowContext,
    f: &IndicatorFigures,
    spark: Option<String>,
    hidden: bool,
) -> Row {
    let t = c.table;
    let unit = &f.indicator.unit;
    let decimals = f.indicator.decimals;
    let symbol = c.withheld.unwrap_or(DEFAULT_SUPPRESSION_SYMBOL);
    let number = |x: Option<f64>| {
        if f.window.suppressed {
            return symbol.to_string();
        }
        x.map_or(MISSING.to_string(), |x| format_in_unit(x, unit, decimals))
    };
    let show = |v: Value| match v {
        Value::Suppressed => symbol.to_string(),
        v => format_value(v, unit, decimals, t.not_applicable),
    };
    let withheld_alt = || t.withheld_trend_alt.to_string();
    let stale = stale_since(f).map(|m| t.short(m));
    let tw = &t.trend_words;
    Row {
        id: f.indicator.id.clone(),
        anchor: anchor(&f.indicator.id),
        reference: f.indicator.reference.clone(),
        title: f.indicator.title.clone(),
        outcome: f.indicator.outcome.clone(),
        unit: unit.name(),
        polarity: f.indicator.polarity,
        values: f.last_six.iter().map(|(_, v)| show(*v)).collect(),
        values_shown: f.last_six.iter().map(|(_, v)| Shown::of(*v)).collect(),
        change_month: trend(
            t,
            f.change_month,
            f.in_points.then_some(f.points_month),
            f.movement_month,
            tw.from_last_month,
            symbol,
        ),
        change_year: trend(
            t,
            f.change_year,
            f.in_points.then_some(f.points_year),
            f.movement_year,
            tw.from_last_year,
            symbol,
        ),
        direction: direction(t, f.direction, f.value, hidden.then_some(symbol)),
        average: number(f.window.average),
        maximum: number(f.window.maximum),
        window_shown: match (f.window.suppressed, f.window.average) {
            (true, _) => Shown::Withheld,
            (false, Some(_)) => Shown::Figure,
            (false, None) => Shown::Missing,
        },
        window_note: window_note(t, f),
        benchmarks: benchmarks(c, f),
        spark_alt: if hidden {
            withheld_alt()
        } else {
            alt::sparkline(t, f)
        },
        spark,
        variation: f.spc.variation,
        assurance: f.spc.assurance,
        variation_icon: Icon::for_variation(f.spc.variation),
        assurance_icon: Icon::for_assurance(f.spc.assurance),
        spc_alt: if hidden {
            withheld_alt()
        } else {
            alt::spc(
                t,
                f.spc.variation,
                f.spc.assurance,
                f.target,
                unit,
                decimals,
            )
        },
        last_updated_note: stale
            .as_ref()
            .map(|m| fill(t.last_updated, &[("month", m)])),
        no_value_note: stale
            .as_ref()
            .map(|m| fill(t.no_value_note, &[("month", m)])),
        last_updated: stale,
        rag: f.rag,
        rag_icon: f.rag.map(Icon::Rag),
        rag_alt: f.rag.zip(f.target).map_or(String::new(), |(rag, target)| {
            alt::rag(t, rag, &format_in_unit(target, unit, decimals))
        }),
        commentary: if hidden {
            String::new()
        } else {
            f.commentary.clone().unwrap_or_default()
        },
    }
}

/// "6 months" under the 12-month average when fewer months than twelve hold a value.
fn window_note(t: &Table, f: &IndicatorFigures) -> Option<String> {
    let present = f.window.months_present;
    (present < 12 && present > 0 && !f.window.suppressed).then(|| match present {
        1 => t.one_month.to_string(),
        n => fill(t.months, &[("n", &n.to_string())]),
    })
}

/// Each comparator's benchmark in the report's order, `Local` where there is none.
fn benchmarks(c: &RowContext, f: &IndicatorFigures) -> Vec<String> {
    let t = c.table;
    c.dataset
        .report
        .comparators
        .iter()
        .map(|comparator| {
            f.indicator
                .benchmarks
                .get(&comparator.id)
                .map_or(t.local.to_string(), |b| {
                    format_in_unit(*b, &f.indicator.unit, f.indicator.decimals)
                })
        })
        .collect()
}

/// A change as printed: a whole percentage, `n/a`, `–` or the withheld symbol.
pub(super) fn change_text(change: Change, symbol: &str, not_applicable: &str) -> String {
    match change {
        Change::Percent(p) => format_percent_change(p),
        Change::NotApplicable | Change::NegativeBase => not_applicable.into(),
        Change::Unavailable => MISSING.into(),
        Change::Suppressed => symbol.into(),
    }
}

/// A change as a row shows it: the % change, or with `points` (an indicator whose
/// changes are in percentage points) the difference in points, when both months have one.
fn trend(
    t: &Table,
    change: Change,
    points: Option<Option<f64>>,
    movement: Option<Movement>,
    context: &str,
    symbol: &str,
) -> Trend {
    let w = &t.trend_words;
    if change == Change::Suppressed {
        return withheld(symbol, fill(w.withheld, &[("context", context)]));
    }
    let (text, spoken) = match points {
        Some(Some(p)) => (
            format_points_change(p, w.points),
            Some(format_points_change(p.abs(), w.points_spoken)),
        ),
        Some(None) => (MISSING.to_string(), None),
        None => {
            let text = change_text(change, symbol, t.not_applicable);
            // The arrow word carries the sign: "down 30%", not "down minus 30%".
            let spoken = matches!(change, Change::Percent(_))
                .then(|| text.trim_start_matches('\u{2212}').to_string());
            (text, spoken)
        }
    };
    let alt = match (spoken, movement) {
        (Some(spoken), Some(m)) => fill(
            w.change,
            &[
                ("arrow", alt::arrow_word(t, m.arrow)),
                ("change", &spoken),
                ("context", context),
                ("judgement", alt::judgement_word(t, m.judgement)),
            ],
        ),
        _ if points.is_none() && change == Change::NotApplicable => {
            fill(w.not_applicable, &[("context", context)])
        }
        _ => fill(w.not_available, &[("context", context)]),
    };
    Trend {
        text,
        shown: match change {
            Change::Percent(_) => Shown::Figure,
            Change::NotApplicable | Change::NegativeBase => Shown::NotApplicable,
            Change::Unavailable => Shown::Missing,
            Change::Suppressed => Shown::Withheld,
        },
        arrow: movement.map(|m| m.arrow),
        judgement: movement.map(|m| m.judgement),
        icon: movement.map(|m| Icon::Arrow(m.arrow, m.judgement)),
        alt,
    }
}

/// A change or direction withheld to protect small numbers: the symbol, and `alt`.
fn withheld(symbol: &str, alt: String) -> Trend {
    Trend {
        text: symbol.to_string(),
        shown: Shown::Withheld,
        arrow: None,
        judgement: None,
        icon: None,
        alt,
    }
}

fn direction(
    t: &Table,
    movement: Option<Movement>,
    value: Value,
    withheld_symbol: Option<&str>,
) -> Trend {
    let w = &t.trend_words;
    if let Some(symbol) = withheld_symbol {
        return withheld(symbol, w.direction_withheld.into());
    }
    match movement {
        Some(m) => Trend {
            text: String::new(),
            shown: Shown::Figure,
            arrow: Some(m.arrow),
            judgement: Some(m.judgement),
            icon: Some(Icon::Arrow(m.arrow, m.judgement)),
            alt: fill(
                w.direction,
                &[
                    ("arrow", alt::arrow_word(t, m.arrow)),
                    ("judgement", alt::judgement_word(t, m.judgement)),
                ],
            ),
        },
        // A figure that does not apply has no direction either: say n/a, not "no data".
        None => Trend {
            text: if value == Value::NotApplicable {
                t.not_applicable
            } else {
                MISSING
            }
            .into(),
            shown: if value == Value::NotApplicable {
                Shown::NotApplicable
            } else {
                Shown::Missing
            },
            arrow: None,
            judgement: None,
            icon: None,
            alt: w.direction_not_available.into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_print_as_whole_percentages_or_say_why_not() {
        assert_eq!(change_text(Change::NotApplicable, "c", "n/a"), "n/a");
        assert_eq!(change_text(Change::NegativeBase, "c", "n/a"), "n/a");
        assert_eq!(change_text(Change::Unavailable, "c", "n/a"), "\u{2013}");
        assert_eq!(change_text(Change::Suppressed, "*", "n/a"), "*");
        assert_eq!(
            change_text(Change::Percent(-100.0), "c", "n/a"),
            "\u{2212}100%"
        );
        assert_eq!(change_text(Change::Percent(19.6), "c", "n/a"), "20%");
    }
}
