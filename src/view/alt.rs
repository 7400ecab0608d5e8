//! Alt text: what a screen-reader user hears for each drawing and icon, in the words of
//! the report's [`Table`]. A sparkline's states every month and value it shows; a detail
//! chart's says what a sighted reader would take from it (period, latest value, mean and
//! limits, target, every special-cause signal and every event).

use super::words::{fill, Table};
use crate::figures::{Arrow, IndicatorFigures, Judgement, Rag};
use crate::format::format_in_unit;
use crate::model::{Unit, Value};
use crate::plot::chart::chart_events;
use crate::plot::shown_events;
use crate::spc::{Assurance, Side, Signal, Variation};

/// The sparkline's alt text.
pub(super) fn sparkline(t: &Table, figures: &IndicatorFigures) -> String {
    let w = &t.chart_words;
    let unit = &figures.indicator.unit;
    let decimals = figures.indicator.decimals;
    let title = figures.indicator.title.as_str();
    if figures.history.iter().all(|(_, v)| *v == Value::Missing) {
        let n = figures.history.len().to_string();
        let month = t.long(figures.month);
        return fill(
            w.spark_empty,
            &[("title", title), ("n", &n), ("month", &month)],
        );
    }
    // Runs of missing months are stated once ("Jan-20 to Mar-20 no data").
    let mut points: Vec<String> = Vec::new();
    let mut gap: Option<(String, String)> = None;
    for (month, value) in &figures.history {
        if *value == Value::Missing {
            let name = t.short(month);
            gap = Some(match gap {
                Some((start, _)) => (start, name),
                None => (name.clone(), name),
            });
            continue;
        }
        if let Some(run) = gap.take() {
            points.push(describe_gap(t, run));
        }
        let shown = match value {
            Value::Present(x) => format_in_unit(*x, unit, decimals),
            _ => t.not_applicable.into(),
        };
        points.push(format!("{} {}", t.short(month), shown));
    }
    if let Some(run) = gap {
        points.push(describe_gap(t, run));
    }
    let name = |m: Option<&(crate::model::YearMonth, Value)>| {
        m.map(|(m, _)| t.long(m)).unwrap_or_default()
    };
    let (first, last) = (name(figures.history.first()), name(figures.history.last()));
    let mut text = fill(
        w.spark,
        &[
            ("title", title),
            ("first", &first),
            ("last", &last),
            ("points", &points.join(", ")),
        ],
    );
    if let Some(target) = figures.target {
        text.push_str(&target_words(t, target, unit, decimals));
    }
    if let Some(point) = figures.spc.points.last() {
        if let (Some(lower), Some(upper)) = (point.lower, point.upper) {
            text.push_str(&limits(t, point.mean, lower, upper, unit, decimals));
        }
    }
    let events: Vec<String> = figures
        .history
        .first()
        .map(|(first, _)| shown_events(&figures.indicator.events, *first, figures.month))
        .into_iter()
        .flatten()
        .map(|e| format!("{} {}", t.short(e.month), e.text))
        .collect();
    if !events.is_empty() {
        text.push_str(&fill(w.marked, &[("events", &events.join("; "))]));
    }
    text
}

fn describe_gap(t: &Table, (start, end): (String, String)) -> String {
    if start == end {
        fill(t.chart_words.gap_one, &[("month", &start)])
    } else {
        fill(t.chart_words.gap, &[("first", &start), ("last", &end)])
    }
}

fn target_words(t: &Table, target: f64, unit: &Unit, decimals: u8) -> String {
    let target = format_in_unit(target, unit, decimals);
    fill(t.chart_words.target, &[("target", &target)])
}

/// The mean and limits, always with at least one decimal.
fn limits(t: &Table, mean: f64, lower: f64, upper: f64, unit: &Unit, decimals: u8) -> String {
    let precise = |x: f64| format_in_unit(x, unit, decimals.max(1));
    fill(
        t.chart_words.limits,
        &[
            ("mean", &precise(mean)),
            ("lower", &precise(lower)),
            ("upper", &precise(upper)),
        ],
    )
}

/// The detail chart's alt text.
pub(super) fn chart(t: &Table, f: &IndicatorFigures) -> String {
    let w = &t.chart_words;
    let unit = &f.indicator.unit;
    let decimals = f.indicator.decimals;
    let title = f.indicator.title.as_str();
    let events: Vec<String> = chart_events(f)
        .enumerate()
        .map(|(i, e)| format!("{} {}: {}", i + 1, t.short(e.month), e.text))
        .collect();
    let events = if events.is_empty() {
        String::new()
    } else {
        fill(w.events_marked, &[("events", &events.join("; "))])
    };
    let month = t.long(f.month);
    let (Some(first), Some(last)) = (f.spc_months.first(), f.spc_months.last()) else {
        return fill(
            w.chart_empty,
            &[("title", title), ("month", &month), ("events", &events)],
        );
    };
    let n = f.spc_months.len().to_string();
    let mut text = fill(
        w.chart,
        &[
            ("title", title),
            ("first", &t.long(first)),
            ("last", &month),
            ("n", &n),
        ],
    );
    if let Some(p) = f.spc.points.last() {
        let value = format_in_unit(p.value, unit, decimals);
        text.push_str(&fill(
            w.latest,
            &[("value", &value), ("month", &t.long(last))],
        ));
        if f.value == Value::Missing {
            text.push_str(&fill(w.no_value, &[("month", &month)]));
        }
        match (p.lower, p.upper) {
            (Some(lower), Some(upper)) => {
                text.push_str(&limits(t, p.mean, lower, upper, unit, decimals))
            }
            _ => {
                let mean = format_in_unit(p.mean, unit, decimals.max(1));
                text.push_str(&fill(w.mean_only, &[("mean", &mean)]));
            }
        }
    }
    if let Some(target) = f.target {
        text.push_str(&target_words(t, target, unit, decimals));
    }
    text.extend(super::advice::trajectory(t, f));
    let signals = signals(t, f);
    if signals.is_empty() {
        text.push_str(w.common_only);
    } else {
        text.push_str(&fill(w.signals_list, &[("signals", &signals.join("; "))]));
    }
    text.push_str(&events);
    // A proposal is advice: named as a note, never as limits.
    if let Some(note) = super::advice::chart_note(t, f) {
        text.push(' ');
        text.push_str(&note);
    }
    text
}

/// Every special-cause signal, by kind and side, with its months.
fn signals(t: &Table, f: &IndicatorFigures) -> Vec<String> {
    let w = &t.chart_words;
    let mut out: Vec<String> = Vec::new();
    let kinds = [Signal::Improvement, Signal::Concern, Signal::Neither];
    for (kind, name) in kinds.into_iter().zip(w.signals) {
        for (side, side_name) in [Side::High, Side::Low].into_iter().zip(w.sides) {
            let months: Vec<String> = f
                .spc
                .points
                .iter()
                .zip(&f.spc_months)
                .filter(|(p, _)| p.signal == kind && p.side == Some(side))
                .map(|(_, m)| t.short(m))
                .collect();
            if !months.is_empty() {
                out.push(fill(
                    w.signal,
                    &[
                        ("signal", name),
                        ("side", side_name),
                        ("months", &months.join(", ")),
                    ],
                ));
            }
        }
    }
    out
}

/// The SPC icons' alt text.
pub(super) fn spc(
    t: &Table,
    variation: Variation,
    assurance: Assurance,
    target: Option<f64>,
    unit: &Unit,
    decimals: u8,
) -> String {
    let w = &t.spc_words;
    let Some((variation_words, assurance_text)) =
        spc_in_words(t, variation, assurance, target, unit, decimals)
    else {
        return w.no_limits.into();
    };
    fill(
        w.variation,
        &[
            ("variation", variation_words),
            ("assurance", &assurance_text),
        ],
    )
}

/// The variation in words ("common cause variation") and the assurance after it (", the
/// target of 80% will consistently be met"), or none when there are too few points for
/// limits: the words of the SPC icons, for alt texts and the commentary's suggestions.
pub(crate) fn spc_in_words(
    t: &Table,
    variation: Variation,
    assurance: Assurance,
    target: Option<f64>,
    unit: &Unit,
    decimals: u8,
) -> Option<(&'static str, String)> {
    let w = &t.spc_words;
    let index = match variation {
        Variation::None => return None,
        Variation::Common => 0,
        Variation::ImprovementHigh => 1,
        Variation::ImprovementLow => 2,
        Variation::ConcernHigh => 3,
        Variation::ConcernLow => 4,
        Variation::NeitherHigh => 5,
        Variation::NeitherLow => 6,
    };
    let assurance_text = match (assurance, target) {
        (Assurance::Pass, Some(t)) => Some((w.pass, t)),
        (Assurance::Fail, Some(t)) => Some((w.fail, t)),
        (Assurance::HitOrMiss, Some(t)) => Some((w.hit_or_miss, t)),
        _ => None,
    }
    .map_or(String::new(), |(words, target)| {
        fill(
            words,
            &[("target", &format_in_unit(target, unit, decimals))],
        )
    });
    Some((w.variations[index], assurance_text))
}

/// The RAG mark's alt text.
pub(super) fn rag(t: &Table, rag: Rag, target: &str) -> String {
    let index = match rag {
        Rag::Green => 0,
        Rag::Amber => 1,
        Rag::Red => 2,
    };
    fill(t.spc_words.rag[index], &[("target", target)])
}

/// An arrow in words.
pub(super) fn arrow_word(t: &Table, a: Arrow) -> &'static str {
    let words = t.trend_words.arrows;
    match a {
        Arrow::Up => words[0],
        Arrow::Down => words[1],
        Arrow::Steady => words[2],
    }
}

/// A judgement in words.
pub(super) fn judgement_word(t: &Table, j: Judgement) -> &'static str {
    let words = t.trend_words.judgements;
    match j {
        Judgement::Improving => words[0],
        Judgement::Worsening => words[1],
        Judgement::Neutral => words[2],
    }
}
