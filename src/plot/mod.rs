//! The plot layer: every sparkline and detail chart is drawn here, with plotters' SVG
//! backend, from parts both share: the palette as plotters colours, the value extent,
//! the runs of present values (gaps are never zeros), the steps of the target in force
//! and the events that fall within the months drawn. [`sparkline`] draws the table's
//! small trends, [`chart`] the detail pages' full SPC charts. Drawing fails only on a
//! plotting error, which is returned, never swallowed.

pub mod chart;
pub mod sparkline;

use plotters::style::RGBColor;

use crate::model::{Event, YearMonth};
use crate::palette::{self, Rgb};

/// A palette colour as plotters draws it.
pub const fn rgb(colour: Rgb) -> RGBColor {
    RGBColor(colour.0, colour.1, colour.2)
}

/// Chart ink: the line and axis.
pub(crate) const INK: RGBColor = rgb(palette::INK);
/// The SPC process-limit band.
pub(crate) const BAND: RGBColor = rgb(palette::LIMIT_BAND);
/// The SPC mean line.
pub(crate) const MEAN: RGBColor = rgb(palette::MEAN);
/// Target lines.
pub(crate) const TARGET: RGBColor = rgb(palette::TARGET);
/// Special cause improvement.
pub(crate) const IMPROVEMENT: RGBColor = rgb(palette::IMPROVING);
/// Special cause concern.
pub(crate) const CONCERN: RGBColor = rgb(palette::CONCERN);
/// Special cause with no preferred direction.
pub(crate) const NEITHER: RGBColor = rgb(palette::NEITHER);

/// A drawing that plotters could not make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlotError(pub String);

impl std::fmt::Display for PlotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not draw the chart: {}", self.0)
    }
}

impl std::error::Error for PlotError {}

/// Draws into an SVG string with `draw`, turning plotters' error into a [`PlotError`].
pub(crate) fn to_svg(
    draw: impl FnOnce(&mut String) -> Result<(), Box<dyn std::error::Error + '_>>,
) -> Result<String, PlotError> {
    let mut svg = String::new();
    draw(&mut svg).map_err(|e| PlotError(e.to_string()))?;
    Ok(svg)
}

/// The lowest and highest of some values, or `None` when there are none (or they are not
/// finite): the start of every chart's value axis.
pub(crate) fn extent<'a>(values: impl IntoIterator<Item = &'a f64>) -> Option<(f64, f64)> {
    let (low, high) = values
        .into_iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &v| {
            (low.min(v), high.max(v))
        });
    (low.is_finite() && high.is_finite()).then_some((low, high))
}

/// Contiguous runs of present values, as (x, y) points.
pub fn runs(values: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(y) => current.push((i as f64, *y)),
            None if !current.is_empty() => out.push(std::mem::take(&mut current)),
            None => {}
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Runs of months with the same target: (first index, last index, target).
pub fn target_steps(targets: &[Option<f64>]) -> Vec<(usize, usize, f64)> {
    let mut steps: Vec<(usize, usize, f64)> = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        let Some(t) = *target else {
            continue;
        };
        match steps.last_mut() {
            Some((_, end, value)) if *end + 1 == i && *value == t => *end = i,
            _ => steps.push((i, i, t)),
        }
    }
    steps
}

/// The events that fall within the months drawn.
pub fn shown_events(
    events: &[Event],
    first: YearMonth,
    last: YearMonth,
) -> impl Iterator<Item = &Event> {
    events
        .iter()
        .filter(move |e| e.month >= first && e.month <= last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_line_steps_when_the_target_changes() {
        let targets = [
            None,
            Some(35.0),
            Some(35.0),
            Some(27.0),
            Some(27.0),
            Some(27.0),
        ];
        assert_eq!(target_steps(&targets), vec![(1, 2, 35.0), (3, 5, 27.0)]);
        assert!(target_steps(&[None, None]).is_empty());
    }

    #[test]
    fn runs_split_at_gaps() {
        let values = [Some(3.0), Some(4.0), None, Some(6.0)];
        assert_eq!(
            runs(&values),
            vec![vec![(0.0, 3.0), (1.0, 4.0)], vec![(3.0, 6.0)]]
        );
        assert_eq!(extent(&[]), None);
        assert_eq!(extent(&[2.0, -1.0]), Some((-1.0, 2.0)));
    }
}
