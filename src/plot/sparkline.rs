//! Sparklines: one small SVG trend per indicator, drawn with plotters' SVG backend.
//!
//! A sparkline shows up to 24 months ending with the report month. Missing months are
//! gaps in the line, never zeros; the latest point carries a marker; a target, when set,
//! is a dashed line; and when the indicator has SPC limits, the process-limit band and
//! the mean sit behind the line with special-cause points coloured. Its alt text is
//! written by the view, beside every other word a reader meets.

use plotters::prelude::*;

use super::{extent, runs, target_steps, to_svg, PlotError};
use super::{BAND, CONCERN, IMPROVEMENT, INK, MEAN, NEITHER, TARGET};
use crate::figures::IndicatorFigures;
use crate::spc::Signal;

/// Canvas size in SVG pixels. Plotters works on an integer pixel grid, so we draw large
/// and let the template scale the vector image down to its cell.
pub const WIDTH: u32 = 480;
/// Canvas height in SVG pixels.
pub const HEIGHT: u32 = 190;

/// What a sparkline draws, separated from the figures so it can be tested directly.
#[derive(Debug, Clone, PartialEq)]
pub struct SparklineData {
    /// Values oldest first; `None` is a gap.
    pub values: Vec<Option<f64>>,
    /// The target in force each month (same length as `values`), drawn as a stepped line.
    pub targets: Vec<Option<f64>>,
    /// SPC mean and process limits that apply to the latest point.
    pub limits: Option<(f64, f64, f64)>,
    /// Special-cause signal per value (same length as `values`).
    pub signals: Vec<Signal>,
    /// Positions of the months with an event (a new system, recalculated limits), each
    /// drawn as a tick rising from the foot of the chart.
    pub events: Vec<usize>,
}

impl SparklineData {
    /// Builds the drawing data for an indicator's figures.
    pub fn from_figures(figures: &IndicatorFigures) -> Self {
        let values: Vec<Option<f64>> = figures.history.iter().map(|(_, v)| v.number()).collect();
        let signals = figures
            .history
            .iter()
            .map(|(month, _)| {
                figures
                    .spc_months
                    .iter()
                    .position(|m| m == month)
                    .map_or(Signal::Common, |i| figures.spc.points[i].signal)
            })
            .collect();
        let limits = figures
            .spc
            .points
            .last()
            .and_then(|p| Some((p.mean, p.lower?, p.upper?)));
        Self {
            values,
            targets: figures
                .history
                .iter()
                .map(|(month, _)| figures.indicator.target.at(*month))
                .collect(),
            limits,
            signals,
            events: figures
                .indicator
                .events
                .iter()
                .filter_map(|e| figures.history.iter().position(|(m, _)| *m == e.month))
                .collect(),
        }
    }
}

/// Draws the sparkline as an SVG document.
pub fn render_svg(data: &SparklineData) -> Result<String, PlotError> {
    to_svg(|svg| draw(svg, data))
}

fn draw<'a>(
    svg: &'a mut String,
    data: &SparklineData,
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let n = data.values.len().max(2);
    let (low, high) = value_range(data);
    let mut chart = ChartBuilder::on(&root)
        .margin(14)
        .build_cartesian_2d(0f64..(n - 1) as f64, low..high)?;

    if let Some((mean, lower, upper)) = data.limits {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, lower), ((n - 1) as f64, upper)],
            BAND.filled(),
        )))?;
        chart.draw_series(LineSeries::new(
            [(0.0, mean), ((n - 1) as f64, mean)],
            MEAN.stroke_width(3),
        ))?;
    }
    for (start, end, target) in target_steps(&data.targets) {
        // A step that lasts one month still shows as a short line around its point.
        let (from, to) = if start == end {
            (
                (start as f64 - 0.5).max(0.0),
                (end as f64 + 0.5).min((n - 1) as f64),
            )
        } else {
            (start as f64, end as f64)
        };
        chart.draw_series(DashedLineSeries::new(
            [(from, target), (to, target)],
            14,
            10,
            TARGET.stroke_width(4),
        ))?;
    }
    for &i in &data.events {
        let x = i as f64;
        let foot = low + (high - low) * 0.22;
        chart.draw_series(LineSeries::new([(x, low), (x, foot)], INK.stroke_width(4)))?;
    }
    for run in runs(&data.values) {
        if run.len() == 1 {
            // A lone month between gaps is shown as a dot so it does not vanish.
            let (x, y) = run[0];
            chart.draw_series(std::iter::once(Circle::new((x, y), 5, INK.filled())))?;
        } else {
            chart.draw_series(LineSeries::new(run, INK.stroke_width(5)))?;
        }
    }
    for (i, (value, signal)) in data.values.iter().zip(&data.signals).enumerate() {
        let colour = match signal {
            Signal::Common => continue,
            Signal::Improvement => IMPROVEMENT,
            Signal::Concern => CONCERN,
            Signal::Neither => NEITHER,
        };
        if let Some(y) = value {
            chart.draw_series(std::iter::once(Circle::new(
                (i as f64, *y),
                9,
                colour.filled(),
            )))?;
        }
    }
    if let Some((i, Some(y))) = data.values.iter().enumerate().next_back() {
        // The latest point: a ring, so it reads without colour.
        chart.draw_series(std::iter::once(Circle::new(
            (i as f64, *y),
            12,
            INK.stroke_width(5),
        )))?;
    }
    root.present()?;
    Ok(())
}

/// The y range covering values, target and limits, padded so nothing touches the edge.
fn value_range(data: &SparklineData) -> (f64, f64) {
    let limits = data.limits.map(|(mean, lower, upper)| [mean, lower, upper]);
    let all = data.values.iter().chain(&data.targets).flatten();
    let Some((low, high)) = extent(all.chain(limits.iter().flatten())) else {
        return (0.0, 1.0);
    };
    let span = high - low;
    let pad = if span > 0.0 {
        span * 0.08
    } else {
        low.abs().max(1.0) * 0.1
    };
    (low - pad, high + pad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(values: &[Option<f64>]) -> SparklineData {
        SparklineData {
            values: values.to_vec(),
            targets: Vec::new(),
            limits: None,
            signals: vec![Signal::Common; values.len()],
            events: Vec::new(),
        }
    }

    #[test]
    fn an_event_is_a_tick_at_its_month() {
        let values = [Some(3.0), Some(4.0), Some(5.0)];
        let plain = render_svg(&data(&values)).unwrap();
        let mut marked = data(&values);
        marked.events = vec![1];
        let svg = render_svg(&marked).unwrap();
        assert_eq!(
            svg.matches("<polyline").count(),
            plain.matches("<polyline").count() + 1,
            "{svg}"
        );
    }

    #[test]
    fn gaps_split_the_line_and_are_never_zero() {
        let values = [Some(3.0), Some(4.0), None, Some(6.0), Some(7.0), Some(5.0)];
        assert_eq!(runs(&values).len(), 2);
        let svg = render_svg(&data(&values)).unwrap();
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        // Each polyline carries exactly its own points: 2 and 3.
        let counts: Vec<usize> = svg
            .split("<polyline")
            .skip(1)
            .map(|p| {
                p.split("points=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .split_whitespace()
                    .count()
            })
            .collect();
        assert_eq!(counts, vec![2, 3]);
    }

    #[test]
    fn latest_point_has_a_marker_and_lone_points_a_dot() {
        let svg = render_svg(&data(&[
            Some(1.0),
            None,
            Some(2.0),
            None,
            Some(3.0),
            Some(4.0),
        ]))
        .unwrap();
        // A dot for each lone month (1.0 and 2.0), and a ring for the latest.
        assert_eq!(svg.matches("<circle").count(), 3, "{svg}");
        assert_eq!(
            svg.matches("r=\"12\"").count(),
            1,
            "one latest-point ring: {svg}"
        );
        assert_eq!(svg.matches("<polyline").count(), 1);
        let no_latest = render_svg(&data(&[Some(1.0), Some(2.0), None])).unwrap();
        assert_eq!(
            no_latest.matches("<circle").count(),
            0,
            "a missing latest month has no marker"
        );
    }

    #[test]
    fn limits_target_and_signals_are_drawn() {
        let mut d = data(&[Some(10.0), Some(12.0), Some(30.0)]);
        d.targets = vec![Some(15.0); d.values.len()];
        d.limits = Some((12.0, 5.0, 19.0));
        d.signals[2] = Signal::Concern;
        let svg = render_svg(&d).unwrap();
        assert!(svg.contains("<rect"), "process-limit band");
        assert!(
            svg.contains("#E67E00") || svg.contains("#e67e00"),
            "concern colour: {svg}"
        );
        // Dashed target = several short segments.
        assert!(svg.matches("<polyline").count() >= 4);
    }

    #[test]
    fn empty_series_is_still_a_valid_svg() {
        let svg = render_svg(&data(&[None, None])).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{svg}"
        );
    }
}
