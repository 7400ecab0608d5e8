//! The detail pages' full SPC charts, drawn with plotters' SVG backend: every month up to
//! the report month on a labelled month axis, the value axis in the indicator's unit, the
//! mean and process limits of each section (stepping where they were recalculated), the
//! target in force each month, special-cause points marked by colour and by shape, and
//! numbered markers for the indicator's events. Target steps planned after the report
//! month (a trajectory) are drawn ahead, to the last step, on a shaded stretch of axis
//! labelled as the plan; a proposed recalculation is only ever a line of words under the
//! title, never limits. Its alt text is written by the view.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{extent, rgb, runs, shown_events, target_steps, PlotError};
use super::{BAND, CONCERN, IMPROVEMENT, INK, MEAN, NEITHER, TARGET};

/// Months drawn after the trajectory's last step.
const PLAN_TAIL: usize = 2;

/// The planned months' background: lighter than the limit band, so the two never merge.
const PLAN: RGBColor = rgb(palette::BAND);
use crate::figures::IndicatorFigures;
use crate::model::{Event, YearMonth};
use crate::palette;
use crate::spc::{Signal, SpcPoint};

/// Canvas size in SVG pixels; the template scales the vector image to its box.
pub const WIDTH: u32 = 1000;
/// Canvas height in SVG pixels.
pub const HEIGHT: u32 = 460;

/// The font the chart's words are set in: one the renderer always embeds.
const FONT: &str = "DejaVu Sans";

const GRID: RGBColor = rgb(palette::BAND);

/// One month on the chart's axis.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartMonth {
    /// The month.
    pub month: YearMonth,
    /// Its value, when there is one.
    pub value: Option<f64>,
    /// Its SPC point, when the value was analysed.
    pub spc: Option<SpcPoint>,
    /// The target in force.
    pub target: Option<f64>,
}

/// Everything the chart draws, separated from the figures so it can be tested directly.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Every month from the first with data to the report month, oldest first.
    pub months: Vec<ChartMonth>,
    /// Events with the index of their month on the axis, numbered from 1 in this order.
    pub events: Vec<(usize, Event)>,
    /// The index of the first month after the report month: months from here on carry
    /// only the planned target. `None` when no target step lies ahead.
    pub plan_from: Option<usize>,
}

impl ChartData {
    /// The drawing data for an indicator's figures.
    pub fn from_figures(f: &IndicatorFigures) -> Self {
        let first = first_month(f);
        let data_count = f.month.months_since(first).max(0) as usize + 1;
        // A trajectory: the axis runs on to the last planned step of the target.
        let plan_end = f
            .indicator
            .target
            .steps
            .iter()
            .filter_map(|(from, _)| *from)
            .max()
            .filter(|last| *last > f.month);
        // Two months past the last step, so its value reads as a line, not a stub.
        let count = plan_end.map_or(data_count, |last| {
            last.months_since(first).max(0) as usize + 1 + PLAN_TAIL
        });
        let months: Vec<ChartMonth> = (0..count)
            .map(|i| {
                let month = first.plus(i as i32);
                let position = f
                    .spc_months
                    .iter()
                    .position(|m| *m == month)
                    .filter(|_| i < data_count);
                ChartMonth {
                    month,
                    value: position.map(|p| f.spc.points[p].value),
                    spc: position.map(|p| f.spc.points[p]),
                    target: f.indicator.target.at(month),
                }
            })
            .collect();
        let events = chart_events(f)
            .map(|e| (e.month.months_since(first) as usize, e.clone()))
            .collect();
        Self {
            months,
            events,
            plan_from: plan_end.map(|_| data_count),
        }
    }
}

/// The chart's first month: the first with data, or the report month when there is none.
fn first_month(f: &IndicatorFigures) -> YearMonth {
    f.spc_months.first().copied().unwrap_or(f.month)
}

/// The events the detail chart marks, in order: numbered from 1 on the chart, in its alt
/// text and beside it.
pub fn chart_events(f: &IndicatorFigures) -> impl Iterator<Item = &Event> {
    shown_events(&f.indicator.events, first_month(f), f.month)
}

/// What a chart's words say: its value axis's labels, and what it says when there is no
/// value to chart.
pub struct ChartText<'a> {
    /// Formats a value on the value axis.
    pub label: &'a dyn Fn(f64) -> String,
    /// Written across an empty chart.
    pub no_values: &'a str,
    /// The label over the planned months.
    pub plan: &'a str,
    /// A line of advice under the chart's top edge (a proposed recalculation), if any.
    pub note: Option<&'a str>,
    /// Names a month on the time axis ("Jun-20"), in the words of the document.
    pub month: &'a dyn Fn(crate::model::YearMonth) -> String,
}

/// Draws the chart as an SVG document.
pub fn render_svg(data: &ChartData, text: &ChartText) -> Result<String, PlotError> {
    let mut svg = String::new();
    draw(&mut svg, data, text).map_err(|e| PlotError(e.to_string()))?;
    Ok(svg)
}

/// The value axis's range: every value, target, mean and limit, with a margin.
pub fn value_range(data: &ChartData) -> (f64, f64) {
    let mut all: Vec<f64> = Vec::new();
    for m in &data.months {
        all.extend(m.value);
        all.extend(m.target);
        if let Some(p) = m.spc {
            all.push(p.mean);
            all.extend(p.lower);
            all.extend(p.upper);
        }
    }
    let Some((low, high)) = extent(&all) else {
        return (0.0, 1.0);
    };
    if high > low {
        let pad = (high - low) * 0.08;
        return (low - pad, high + pad);
    }
    // A flat series: a band around it, never below zero when it is not.
    let pad = (low.abs() * 0.1).max(1.0);
    let bottom = if low >= 0.0 {
        (low - pad).max(0.0)
    } else {
        low - pad
    };
    (bottom, high + pad)
}

/// Consecutive months whose SPC points share a mean and limits: one section of limits.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LimitSection {
    start: usize,
    end: usize,
    mean: f64,
    lower: Option<f64>,
    upper: Option<f64>,
}

/// The sections of the limits, in month order.
fn limit_sections(data: &ChartData) -> Vec<LimitSection> {
    let mut out: Vec<LimitSection> = Vec::new();
    for (i, m) in data.months.iter().enumerate() {
        let Some(p) = m.spc else { continue };
        match out.last_mut() {
            Some(s) if s.mean == p.mean && s.lower == p.lower && s.upper == p.upper => s.end = i,
            _ => out.push(LimitSection {
                start: i,
                end: i,
                mean: p.mean,
                lower: p.lower,
                upper: p.upper,
            }),
        }
    }
    out
}

fn draw<'a>(
    svg: &'a mut String,
    data: &ChartData,
    text: &ChartText,
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    let (label, no_values) = (text.label, text.no_values);
    let root = SVGBackend::with_string(svg, (WIDTH, HEIGHT)).into_drawing_area();
    let n = data.months.len().max(1);
    let (low, high) = value_range(data);
    let right = n as f64 - 0.5;
    // With no value at all, a scale would only invent numbers: the plot says so instead.
    let empty = data.months.iter().all(|m| m.value.is_none());
    // Room for the advice line above the event markers, only when there is one.
    let top = if text.note.is_some() { 64 } else { 34 };
    let mut chart = ChartBuilder::on(&root)
        .margin_top(top)
        .margin_right(18)
        .margin_left(6)
        .margin_bottom(6)
        .x_label_area_size(44)
        .y_label_area_size(110)
        .build_cartesian_2d(-0.5f64..right, low..high)?;
    let months: Vec<String> = data.months.iter().map(|m| (text.month)(m.month)).collect();
    let step = n.div_ceil(12).max(1);
    let month_label = |x: &f64| {
        let i = x.round();
        if (x - i).abs() > 1e-6 || i < 0.0 || !(i as usize).is_multiple_of(step) {
            return String::new();
        }
        months.get(i as usize).cloned().unwrap_or_default()
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(2))
        .light_line_style(TRANSPARENT)
        .axis_style(INK.stroke_width(2))
        .x_labels(n.min(60))
        .x_label_formatter(&month_label)
        .y_labels(6)
        .y_label_formatter(&|y| if empty { String::new() } else { label(*y) })
        .label_style((FONT, 22).into_font().color(&INK))
        .draw()?;
    if empty {
        let style = (FONT, 28)
            .into_font()
            .color(&INK)
            .pos(Pos::new(HPos::Center, VPos::Center));
        let middle = ((n - 1) as f64 / 2.0, (low + high) / 2.0);
        chart.draw_series(std::iter::once(Text::new(
            no_values.to_string(),
            middle,
            style,
        )))?;
    }

    if let Some(plan_from) = data.plan_from {
        draw_plan(
            &mut chart,
            &root,
            (plan_from, right),
            (low, high),
            text.plan,
        )?;
    }
    draw_limits(&mut chart, data)?;
    draw_events(&mut chart, &root, data, (low, high), top)?;
    draw_points(&mut chart, data)?;
    if let Some(note) = text.note {
        root.draw(&Text::new(
            note.to_string(),
            (120, 6),
            (FONT, 20).into_font().color(&INK),
        ))?;
    }
    root.present()?;
    Ok(())
}

/// Recalculations and events: a vertical rule at the month (long dashes when the limits
/// were recalculated), and in a box above the plot, `top` pixels down, the numbers of
/// every event in that month.
fn draw_events(
    chart: &mut Plot,
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    data: &ChartData,
    (low, high): (f64, f64),
    top: i32,
) -> Drawn {
    for (i, numbers, recalculation) in event_markers(&data.events) {
        let x = i as f64 - 0.5;
        chart.draw_series(DashedLineSeries::new(
            [(x, low), (x, high)],
            if recalculation { 14 } else { 4 },
            6,
            INK.stroke_width(if recalculation { 3 } else { 2 }),
        ))?;
        let (px, _) = chart.backend_coord(&(x, high));
        let half = 7 + 7 * numbers.chars().count() as i32;
        let marker = EmptyElement::at((px, top - 28))
            + Rectangle::new([(-half, 0), (half, 26)], WHITE.filled())
            + Rectangle::new([(-half, 0), (half, 26)], INK.stroke_width(2))
            + Text::new(
                numbers.clone(),
                (8 - half, 2),
                (FONT, 22).into_font().color(&INK),
            );
        root.draw(&marker)?;
    }
    Ok(())
}

/// The plotting area of a chart drawn into an SVG string.
type Plot<'c, 'b> = ChartContext<'c, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// What drawing one layer gives back.
type Drawn = Result<(), Box<dyn std::error::Error>>;

/// The planned months: a hatched stretch of the plot from `plan_from` to the right edge,
/// bounded by a solid rule and labelled, so the plan is not read as data (hatching, not
/// colour alone, so it survives a grey print).
fn draw_plan(
    chart: &mut Plot,
    root: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    (plan_from, right): (usize, f64),
    (low, high): (f64, f64),
    label: &str,
) -> Drawn {
    let from = plan_from as f64 - 0.5;
    chart.draw_series(std::iter::once(Rectangle::new(
        [(from, low), (right, high)],
        PLAN.filled(),
    )))?;
    // Diagonal hatching across the stretch, clipped to it.
    let (x0, y0) = chart.backend_coord(&(from, high));
    let (x1, y1) = chart.backend_coord(&(right, low));
    let mut x = x0 - (y1 - y0);
    while x < x1 {
        let (mut ax, mut ay, mut bx, mut by) = (x, y1, x + (y1 - y0), y0);
        if ax < x0 {
            ay -= x0 - ax;
            ax = x0;
        }
        if bx > x1 {
            by += bx - x1;
            bx = x1;
        }
        root.draw(&PathElement::new(
            [(ax, ay), (bx, by)],
            MEAN.stroke_width(1),
        ))?;
        x += 18;
    }
    chart.draw_series(std::iter::once(PathElement::new(
        [(from, low), (from, high)],
        INK.stroke_width(2),
    )))?;
    let style = (FONT, 22)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Bottom));
    let (px, py) = chart.backend_coord(&(from, low));
    root.draw(
        &(EmptyElement::at((px + 6, py - 6))
            + Rectangle::new(
                [(-2, -26), (8 + 13 * label.chars().count() as i32, 2)],
                PLAN.filled(),
            )
            + Text::new(label.to_string(), (2, 0), style)),
    )?;
    Ok(())
}

/// Each section's process-limit band and mean, and the target in force each month.
fn draw_limits(chart: &mut Plot, data: &ChartData) -> Drawn {
    for LimitSection {
        start,
        end,
        mean,
        lower,
        upper,
    } in limit_sections(data)
    {
        let (from, to) = (start as f64 - 0.4, end as f64 + 0.4);
        if let (Some(lower), Some(upper)) = (lower, upper) {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(from, lower), (to, upper)],
                BAND.filled(),
            )))?;
            for limit in [lower, upper] {
                chart.draw_series(DashedLineSeries::new(
                    [(from, limit), (to, limit)],
                    8,
                    6,
                    MEAN.stroke_width(2),
                ))?;
            }
        }
        chart.draw_series(LineSeries::new(
            [(from, mean), (to, mean)],
            MEAN.stroke_width(3),
        ))?;
    }
    let targets: Vec<Option<f64>> = data.months.iter().map(|m| m.target).collect();
    for (start, end, target) in target_steps(&targets) {
        chart.draw_series(DashedLineSeries::new(
            [(start as f64 - 0.4, target), (end as f64 + 0.4, target)],
            16,
            10,
            TARGET.stroke_width(4),
        ))?;
    }
    Ok(())
}

/// The line through the values, and each analysed month's marker by its signal.
fn draw_points(chart: &mut Plot, data: &ChartData) -> Drawn {
    let points: Vec<Vec<(f64, f64)>> =
        runs(&data.months.iter().map(|m| m.value).collect::<Vec<_>>());
    for run in points {
        chart.draw_series(LineSeries::new(run, INK.stroke_width(3)))?;
    }
    for (i, m) in data.months.iter().enumerate() {
        let (Some(y), Some(p)) = (m.value, m.spc) else {
            continue;
        };
        let at = (i as f64, y);
        match p.signal {
            Signal::Common => {
                chart.draw_series(std::iter::once(Circle::new(at, 5, INK.filled())))?;
            }
            Signal::Improvement => {
                chart.draw_series(std::iter::once(Circle::new(at, 10, IMPROVEMENT.filled())))?;
            }
            Signal::Concern => {
                chart.draw_series(std::iter::once(TriangleMarker::new(
                    at,
                    13,
                    CONCERN.filled(),
                )))?;
            }
            Signal::Neither => {
                chart.draw_series(std::iter::once(Cross::new(at, 9, NEITHER.stroke_width(5))))?;
            }
        }
    }
    Ok(())
}

/// One marker per month with events: its position, the events' numbers ("1" or "2,3")
/// and whether the limits were recalculated then.
fn event_markers(events: &[(usize, Event)]) -> Vec<(usize, String, bool)> {
    let mut markers: Vec<(usize, String, bool)> = Vec::new();
    for (number, (i, event)) in events.iter().enumerate() {
        match markers.last_mut() {
            Some((at, numbers, recalculation)) if at == i => {
                numbers.push_str(&format!(",{}", number + 1));
                *recalculation |= event.recalculation;
            }
            _ => markers.push((*i, (number + 1).to_string(), event.recalculation)),
        }
    }
    markers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spc::Side;

    fn text<'a>(label: &'a dyn Fn(f64) -> String) -> ChartText<'a> {
        ChartText {
            label,
            no_values: "No values to chart",
            plan: "Plan",
            note: None,
            month: &|m| crate::view::words::ENGLISH.short(m),
        }
    }

    fn point(value: f64, signal: Signal) -> SpcPoint {
        SpcPoint {
            value,
            mean: 10.0,
            lower: Some(5.0),
            upper: Some(15.0),
            signal,
            side: (signal != Signal::Common).then_some(Side::High),
        }
    }

    fn data() -> ChartData {
        let start: YearMonth = "2020-01".parse().unwrap();
        let months = [
            (9.0, Signal::Common),
            (11.0, Signal::Common),
            (16.0, Signal::Concern),
        ]
        .iter()
        .enumerate()
        .map(|(i, (v, s))| ChartMonth {
            month: start.plus(i as i32),
            value: Some(*v),
            spc: Some(point(*v, *s)),
            target: Some(12.0),
        })
        .collect();
        ChartData {
            months,
            events: vec![(
                1,
                Event {
                    month: start.plus(1),
                    text: "new system".into(),
                    recalculation: false,
                },
            )],
            plan_from: None,
        }
    }

    #[test]
    fn the_chart_labels_its_months_and_values_in_the_unit() {
        let svg = render_svg(&data(), &text(&|y| format!("£{y:.0}m"))).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..80]);
        assert!(svg.contains("\nJan-20\n"), "month axis labels: {svg}");
        assert!(svg.contains("£"), "value axis in the unit");
        assert!(
            svg.contains(">\n1\n</text>"),
            "the event's numbered marker: {svg}"
        );
    }

    #[test]
    fn a_concern_is_drawn_in_the_concern_colour() {
        let svg = render_svg(&data(), &text(&|y| y.to_string())).unwrap();
        let concern = palette::CONCERN.hex().to_uppercase();
        assert!(
            svg.to_uppercase().contains(&concern),
            "no {concern} mark in the chart"
        );
    }

    #[test]
    fn events_in_one_month_share_a_marker() {
        let event = |text: &str, recalculation| Event {
            month: "2020-01".parse().unwrap(),
            text: text.into(),
            recalculation,
        };
        let markers = event_markers(&[
            (0, event("a", false)),
            (0, event("b", true)),
            (2, event("c", false)),
        ]);
        assert_eq!(
            markers,
            vec![(0, "1,2".to_string(), true), (2, "3".to_string(), false)]
        );
    }

    #[test]
    fn a_flat_series_still_has_an_axis_that_reads() {
        let mut d = data();
        for m in &mut d.months {
            m.value = Some(0.0);
            m.spc = None;
            m.target = None;
        }
        assert_eq!(value_range(&d), (0.0, 1.0));
    }

    #[test]
    fn a_chart_with_no_values_says_so_and_shows_no_scale() {
        let mut d = data();
        for m in &mut d.months {
            m.value = None;
            m.spc = None;
        }
        let svg = render_svg(&d, &text(&|y| format!("{y:.1} units"))).unwrap();
        assert!(svg.contains("No values to chart"), "{svg}");
        assert!(!svg.contains("units"), "no invented scale: {svg}");
        let svg = render_svg(&data(), &text(&|y| format!("{y:.1} units"))).unwrap();
        assert!(!svg.contains("No values to chart") && svg.contains("units"));
    }

    #[test]
    fn planned_months_are_labelled_and_a_proposal_is_only_words() {
        let mut d = data();
        let last = d.months[2].month;
        for k in 1..=3 {
            d.months.push(ChartMonth {
                month: last.plus(k),
                value: None,
                spc: None,
                target: Some(14.0),
            });
        }
        d.plan_from = Some(3);
        let label = |y: f64| y.to_string();
        let plain = render_svg(&d, &text(&label)).unwrap();
        assert!(plain.contains("\nPlan\n"), "the plan's label: {plain}");
        let note = "A recalculation from July 2018 is proposed: see `scorecard check`.";
        let with_note = render_svg(
            &d,
            &ChartText {
                note: Some(note),
                ..text(&label)
            },
        )
        .unwrap();
        assert!(with_note.contains("A recalculation from July 2018 is proposed"));
        assert!(!plain.contains("proposed"));
    }

    #[test]
    fn limits_step_where_they_were_recalculated() {
        let mut d = data();
        d.months[2].spc = Some(SpcPoint {
            mean: 20.0,
            ..point(16.0, Signal::Common)
        });
        let sections = limit_sections(&d);
        assert_eq!(sections.len(), 2);
        assert_eq!((sections[0].start, sections[0].end), (0, 1));
        assert_eq!((sections[1].start, sections[1].end), (2, 2));
    }
}
