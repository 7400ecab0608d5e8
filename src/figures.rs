//! The derived figures: formula values, changes, arrows, direction of travel and 12-month
//! statistics. Everything here is pure maths on the checked model: no I/O, and no
//! rounding before the display step, whose rules live in [`crate::format`].

use std::collections::BTreeMap;

use serde::Serialize;

use crate::expr::Expr;
pub use crate::model::Value;
use crate::model::{
    is_plausible, ChangeBasis, Dataset, DirectionRule, Formula, Indicator, Polarity, Suppression,
    Unit, YearMonth,
};
use crate::spc::{self, SpcAnalysis, SpcSettings};

pub use crate::format::round_half_away;

/// A percentage change between two values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    /// (current − base) ÷ base × 100.
    Percent(f64),
    /// The base is zero or itself not applicable: printed "n/a".
    NotApplicable,
    /// The base is below zero, so a percentage would mislead: printed "n/a".
    NegativeBase,
    /// A value is missing: printed "–".
    Unavailable,
    /// A value is withheld from a public pack, so the change would reveal it.
    Suppressed,
}

impl Change {
    /// The percentage, when there is one.
    pub fn percent(self) -> Option<f64> {
        match self {
            Change::Percent(p) => Some(p),
            _ => None,
        }
    }
}

/// Which way a figure moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arrow {
    /// Up by more than the steady band.
    Up,
    /// Down by more than the steady band.
    Down,
    /// Within the steady band.
    Steady,
}

/// Whether a movement is good news, given the indicator's polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Judgement {
    /// Moving the way the service wants.
    Improving,
    /// Moving the wrong way.
    Worsening,
    /// Steady, or no direction is better.
    Neutral,
}

/// An arrow with its judgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Movement {
    /// Direction of the arrow.
    pub arrow: Arrow,
    /// Its colour's meaning.
    pub judgement: Judgement,
}

/// Average and maximum over a window of months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowStats {
    /// Mean of the months present.
    pub average: Option<f64>,
    /// Largest month present.
    pub maximum: Option<f64>,
    /// How many months of the window had a number.
    pub months_present: usize,
    /// True when a month of the window is withheld, so neither figure can be shown.
    pub suppressed: bool,
}

/// The percentage change from `base` to `current`.
pub fn percent_change(current: Value, base: Value) -> Change {
    match (current, base) {
        (Value::Suppressed, _) | (_, Value::Suppressed) => Change::Suppressed,
        (Value::Missing, _) | (_, Value::Missing) => Change::Unavailable,
        (Value::NotApplicable, _) | (_, Value::NotApplicable) => Change::NotApplicable,
        (Value::Present(_), Value::Present(0.0)) => Change::NotApplicable,
        (Value::Present(_), Value::Present(b)) if b < 0.0 => Change::NegativeBase,
        (Value::Present(c), Value::Present(b)) => {
            let percent = (c - b) / b * 100.0;
            // A tiny base can make the change overflow; that is no percentage at all.
            if is_plausible(percent) {
                Change::Percent(percent)
            } else {
                Change::NotApplicable
            }
        }
    }
}

/// The change from `base` to `current` in percentage points, for a percentage
/// indicator; `None` unless both are numbers (a withheld one gives none either).
pub fn points_change(current: Value, base: Value) -> Option<f64> {
    Some(current.number()? - base.number()?)
}

/// The arrow for a change: steady when within ± `steady_band_pct`.
pub fn arrow_for(change_pct: f64, steady_band_pct: f64) -> Arrow {
    if change_pct.abs() <= steady_band_pct {
        Arrow::Steady
    } else if change_pct > 0.0 {
        Arrow::Up
    } else {
        Arrow::Down
    }
}

/// Good news or bad, from the arrow and the polarity.
pub fn judge(arrow: Arrow, polarity: Polarity) -> Judgement {
    match (arrow, polarity) {
        (Arrow::Steady, _) | (_, Polarity::Neutral) => Judgement::Neutral,
        (Arrow::Up, Polarity::Up) | (Arrow::Down, Polarity::Down) => Judgement::Improving,
        _ => Judgement::Worsening,
    }
}

/// The movement for a change, or `None` when there is no percentage.
pub fn movement(change: Change, steady_band_pct: f64, polarity: Polarity) -> Option<Movement> {
    let arrow = arrow_for(change.percent()?, steady_band_pct);
    Some(Movement {
        arrow,
        judgement: judge(arrow, polarity),
    })
}

/// The movement of a change measured in points: steady within ± the band, read as a
/// number of points.
pub fn movement_in_points(
    points: Option<f64>,
    steady_band: f64,
    polarity: Polarity,
) -> Option<Movement> {
    let arrow = arrow_for(points?, steady_band);
    Some(Movement {
        arrow,
        judgement: judge(arrow, polarity),
    })
}

/// Average and maximum of the `len` months ending with `end`, over the months present.
pub fn window_stats(series: &BTreeMap<YearMonth, Value>, end: YearMonth, len: i32) -> WindowStats {
    let values: Vec<Value> = (0..len)
        .filter_map(|back| series.get(&end.plus(-back)).copied())
        .collect();
    let numbers: Vec<f64> = values.iter().filter_map(|v| v.number()).collect();
    let months_present = numbers.len();
    let suppressed = values.contains(&Value::Suppressed);
    WindowStats {
        average: (months_present > 0 && !suppressed)
            .then(|| numbers.iter().sum::<f64>() / months_present as f64),
        maximum: numbers
            .iter()
            .copied()
            .reduce(f64::max)
            .filter(|_| !suppressed),
        months_present,
        suppressed,
    }
}

/// How a movement counts as steady: within ± `band`, a percentage of the base, or (for
/// an indicator whose changes are in points) a number of points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Steady {
    /// The band.
    pub band: f64,
    /// True when the band is a number of percentage points.
    pub in_points: bool,
}

/// Direction of travel under the report's rule. When the comparison base is zero, a
/// latest value of zero is steady and anything else moves in its own direction; in
/// points, the difference itself is judged against the band.
pub fn direction_of_travel(
    latest: Value,
    previous: Value,
    year_ago: Value,
    average_12m: Option<f64>,
    rule: DirectionRule,
    steady: Steady,
    polarity: Polarity,
) -> Option<Movement> {
    let latest = latest.number()?;
    let base = match rule {
        DirectionRule::LatestVs12mAverage => average_12m?,
        DirectionRule::LatestVsPreviousMonth => previous.number()?,
        DirectionRule::LatestVsYearAgo => year_ago.number()?,
    };
    let steady_band_pct = steady.band;
    let arrow = if steady.in_points {
        arrow_for(latest - base, steady.band)
    } else if base == 0.0 {
        match latest.partial_cmp(&0.0) {
            Some(std::cmp::Ordering::Greater) => Arrow::Up,
            Some(std::cmp::Ordering::Less) => Arrow::Down,
            _ => Arrow::Steady,
        }
    } else {
        arrow_for((latest - base) / base.abs() * 100.0, steady_band_pct)
    };
    Some(Movement {
        arrow,
        judgement: judge(arrow, polarity),
    })
}

/// Every indicator's value in every month of the data, formulas resolved.
///
/// Formula inputs are resolved first, whatever their order in the file; `load` has
/// already refused cycles and unknown ids, so a formula whose inputs never resolve simply
/// yields missing values rather than looping.
pub fn all_series(
    dataset: &Dataset,
    suppression: Option<&Suppression>,
) -> BTreeMap<String, BTreeMap<YearMonth, Value>> {
    let mut out: BTreeMap<String, BTreeMap<YearMonth, Value>> = BTreeMap::new();
    let mut pending: Vec<&Indicator> = Vec::new();
    for (_, indicator) in dataset.indicators() {
        if indicator.formula.is_some() {
            pending.push(indicator);
            continue;
        }
        let series = dataset
            .months
            .iter()
            .map(|(month, data)| {
                let value = data
                    .values
                    .get(&indicator.id)
                    .copied()
                    .unwrap_or(Value::Missing);
                match suppression {
                    Some(rule) if indicator.unit == Unit::Count => (*month, suppress(value, rule)),
                    _ => (*month, value),
                }
            })
            .collect();
        out.insert(indicator.id.clone(), series);
    }
    // Each formula once its inputs are known, in an order found in one pass over the
    // inputs (however the formulas are listed), so a long chain takes linear time. A
    // formula that never becomes ready (a cycle, an unknown input) has no values.
    let index: BTreeMap<&str, usize> = pending
        .iter()
        .enumerate()
        .map(|(i, indicator)| (indicator.id.as_str(), i))
        .collect();
    let mut waiting: Vec<usize> = vec![0; pending.len()];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); pending.len()];
    let mut ready: Vec<usize> = Vec::new();
    for (i, indicator) in pending.iter().enumerate() {
        let inputs = indicator
            .formula
            .as_ref()
            .map(Formula::inputs)
            .unwrap_or_default();
        for input in inputs {
            match index.get(input) {
                Some(&j) => {
                    waiting[i] += 1;
                    dependents[j].push(i);
                }
                None if out.contains_key(input) => {}
                // Neither typed nor computed: never ready.
                None => waiting[i] += 1,
            }
        }
        if waiting[i] == 0 {
            ready.push(i);
        }
    }
    while let Some(i) = ready.pop() {
        let indicator = pending[i];
        if let Some(formula) = &indicator.formula {
            let series = evaluate_formula(formula, &indicator.unit, &out, dataset);
            out.insert(indicator.id.clone(), series);
        }
        for &d in &dependents[i] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.push(d);
            }
        }
    }
    for indicator in pending {
        if !out.contains_key(&indicator.id) {
            let missing = dataset
                .months
                .keys()
                .map(|m| (*m, Value::Missing))
                .collect();
            out.insert(indicator.id.clone(), missing);
        }
    }
    out
}

fn evaluate_formula(
    formula: &Formula,
    unit: &Unit,
    known: &BTreeMap<String, BTreeMap<YearMonth, Value>>,
    dataset: &Dataset,
) -> BTreeMap<YearMonth, Value> {
    let value_of = |id: &str, month: &YearMonth| {
        known
            .get(id)
            .and_then(|s| s.get(month))
            .copied()
            .unwrap_or(Value::Missing)
    };
    dataset
        .months
        .keys()
        .map(|month| {
            let value = match formula {
                Formula::Ratio {
                    numerator,
                    denominator,
                } => divide(
                    value_of(numerator, month),
                    value_of(denominator, month),
                    100.0,
                ),
                Formula::Rate {
                    numerator,
                    population,
                } => {
                    let per = match unit {
                        Unit::Rate { per } => *per,
                        _ => 1.0,
                    };
                    let population = dataset
                        .report
                        .populations
                        .get(population)
                        .map_or(Value::Missing, |p| Value::Present(p.value));
                    divide(value_of(numerator, month), population, per)
                }
                Formula::Expression(expression) => expression.evaluate(&|name: &Expr| match name {
                    Expr::Indicator(id) => value_of(id, month),
                    Expr::Population(id) => dataset
                        .report
                        .populations
                        .get(id)
                        .map_or(Value::Missing, |p| Value::Present(p.value)),
                    _ => Value::Missing,
                }),
            };
            (*month, value)
        })
        .collect()
}

/// A typed count under a public pack's rule: 1 up to `below` is withheld, zero stays
/// zero, and with `round_to` every other count is rounded to the nearest multiple, so
/// what is derived from it (percentages, rates, changes) uses the rounded figure.
pub fn suppress(value: Value, rule: &Suppression) -> Value {
    match value {
        Value::Present(x) if x > 0.0 && x < f64::from(rule.below) => Value::Suppressed,
        Value::Present(x) => match rule.round_to {
            Some(step) if x != 0.0 => {
                let step = f64::from(step);
                Value::Present(round_half_away(x / step, 0) * step)
            }
            _ => value,
        },
        other => other,
    }
}

/// `scale × top ÷ bottom`; a zero bottom makes the figure not applicable, never infinite.
pub fn divide(top: Value, bottom: Value, scale: f64) -> Value {
    match (top, bottom) {
        (Value::Suppressed, _) | (_, Value::Suppressed) => Value::Suppressed,
        (Value::Missing, _) | (_, Value::Missing) => Value::Missing,
        (Value::NotApplicable, _) | (_, Value::NotApplicable) => Value::NotApplicable,
        (Value::Present(_), Value::Present(0.0)) => Value::NotApplicable,
        (Value::Present(t), Value::Present(b)) => {
            let x = scale * t / b;
            // A tiny population can make a rate overflow; that is no figure at all.
            if is_plausible(x) {
                Value::Present(x)
            } else {
                Value::NotApplicable
            }
        }
    }
}

/// All derived figures for one indicator in the report month.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorFigures {
    /// Section id.
    pub section_id: String,
    /// The indicator these figures are for.
    pub indicator: Indicator,
    /// The report month.
    pub month: YearMonth,
    /// Value in the report month.
    pub value: Value,
    /// The latest month up to the report month with a value (withheld counts as one).
    pub latest: Option<YearMonth>,
    /// True when any value up to the report month is withheld (a public pack), so the
    /// series has no SPC analysis and nothing drawn from it may be shown.
    pub series_withheld: bool,
    /// Value in the previous month.
    pub previous: Value,
    /// Change from the previous month.
    pub change_month: Change,
    /// Value in the same month a year earlier.
    pub year_ago: Value,
    /// Change from the same month a year earlier.
    pub change_year: Change,
    /// For a percentage indicator, the change from the previous month in percentage
    /// points, when both months have a number.
    pub points_month: Option<f64>,
    /// For a percentage indicator, the change from a year earlier in points.
    pub points_year: Option<f64>,
    /// True when the indicator's changes are shown and judged in points
    /// (`change: points`), so the display gives `points_*` rather than the % changes.
    pub in_points: bool,
    /// Movement of the month-on-month change (in points when `in_points`).
    pub movement_month: Option<Movement>,
    /// Movement of the year-on-year change.
    pub movement_year: Option<Movement>,
    /// Direction of travel under the report's rule.
    pub direction: Option<Movement>,
    /// 12 months ending with the report month.
    pub window: WindowStats,
    /// The six months ending with the report month, oldest first.
    pub last_six: Vec<(YearMonth, Value)>,
    /// Up to 24 months ending with the report month, oldest first, for the sparkline;
    /// months before the first with data are left out.
    pub history: Vec<(YearMonth, Value)>,
    /// Statistical process control over every month present up to the report month.
    pub spc: SpcAnalysis,
    /// Months (oldest first) matching `spc.points`.
    pub spc_months: Vec<YearMonth>,
    /// Recalculations the figures suggest within the latest period, oldest first, each with
    /// the month it would start (advice for `scorecard check`; never drawn as limits).
    pub proposals: Vec<(YearMonth, spc::Proposal)>,
    /// This month's commentary.
    pub commentary: Option<String>,
    /// The target in force in the report month.
    pub target: Option<f64>,
    /// The RAG judgement of the report month's value, when a target and a floor are set.
    pub rag: Option<Rag>,
}

impl IndicatorFigures {
    /// True when a figure of the row is withheld (its months, changes, 12-month figures
    /// or trend), so nothing tied to its numbers may be shown: the direction of travel
    /// is withheld with them, in every edition and in the figures table.
    pub fn has_withheld(&self) -> bool {
        self.series_withheld
            || self.window.suppressed
            || self
                .last_six
                .iter()
                .chain(&self.history)
                .any(|(_, v)| *v == Value::Suppressed)
            || [self.change_month, self.change_year].contains(&Change::Suppressed)
    }
}

/// Red, amber or green: met the target, between the floor and the target, or below the
/// floor, judged by the indicator's polarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rag {
    /// The target is met.
    Green,
    /// The floor is met, the target is not.
    Amber,
    /// Below the floor.
    Red,
}

/// The RAG judgement of `value` against a target and a floor; none for an indicator
/// where neither direction is better.
pub fn rag(value: f64, target: f64, floor: f64, polarity: Polarity) -> Option<Rag> {
    let (meets_target, meets_floor) = match polarity {
        Polarity::Up => (value >= target, value >= floor),
        Polarity::Down => (value <= target, value <= floor),
        Polarity::Neutral => return None,
    };
    Some(if meets_target {
        Rag::Green
    } else if meets_floor {
        Rag::Amber
    } else {
        Rag::Red
    })
}

/// Months of history drawn on the sparkline.
pub const SPARKLINE_MONTHS: i32 = 24;

/// Derives every indicator's figures for `month`, as the board sees them.
pub fn figures_for_month(dataset: &Dataset, month: YearMonth) -> Vec<IndicatorFigures> {
    Derivation::new(dataset, None).month(month)
}

/// Every series resolved once, so the figures of many months (and packs) are derived
/// without recomputing formulas.
pub struct Derivation<'a> {
    dataset: &'a Dataset,
    series: BTreeMap<String, BTreeMap<YearMonth, Value>>,
}

impl<'a> Derivation<'a> {
    /// Resolves every series, with small counts withheld when `suppression` is given.
    pub fn new(dataset: &'a Dataset, suppression: Option<&Suppression>) -> Self {
        Self {
            dataset,
            series: all_series(dataset, suppression),
        }
    }

    /// Every indicator's figures for `month`.
    pub fn month(&self, month: YearMonth) -> Vec<IndicatorFigures> {
        derive_month(self.dataset, &self.series, month)
    }
}

fn derive_month(
    dataset: &Dataset,
    series: &BTreeMap<String, BTreeMap<YearMonth, Value>>,
    month: YearMonth,
) -> Vec<IndicatorFigures> {
    let empty = BTreeMap::new();
    dataset
        .indicators()
        .map(|(section, indicator)| {
            let s = series.get(&indicator.id).unwrap_or(&empty);
            indicator_figures(dataset, &section.id, indicator, s, month)
        })
        .collect()
}

/// One indicator's figures for `month`, from its resolved series `s`.
fn indicator_figures(
    dataset: &Dataset,
    section_id: &str,
    indicator: &Indicator,
    s: &BTreeMap<YearMonth, Value>,
    month: YearMonth,
) -> IndicatorFigures {
    let report = &dataset.report;
    let band = report.steady_band_pct;
    let polarity = indicator.polarity;
    let value = value_at(s, month);
    let previous = value_at(s, month.plus(-1));
    let year_ago = value_at(s, month.plus(-12));
    let change_month = percent_change(value, previous);
    let change_year = percent_change(value, year_ago);
    let window = window_stats(s, month, 12);
    // Against an average of itself alone, every value would look steady.
    let comparable_average = window.average.filter(|_| window.months_present >= 2);
    let in_points = indicator.change == ChangeBasis::Points;
    let direction = direction_of_travel(
        value,
        previous,
        year_ago,
        comparable_average,
        report.direction_rule,
        Steady { band, in_points },
        polarity,
    );
    let percentage = indicator.unit == Unit::Percentage;
    let points_month = points_change(value, previous).filter(|_| percentage);
    let points_year = points_change(value, year_ago).filter(|_| percentage);
    let (movement_month, movement_year) = if in_points {
        (
            movement_in_points(points_month, band, polarity),
            movement_in_points(points_year, band, polarity),
        )
    } else {
        (
            movement(change_month, band, polarity),
            movement(change_year, band, polarity),
        )
    };
    let spc = spc_figures(indicator, s, month);
    IndicatorFigures {
        section_id: section_id.to_string(),
        indicator: indicator.clone(),
        month,
        value,
        latest: latest_month(s, month),
        series_withheld: spc.withheld,
        previous,
        change_month,
        year_ago,
        change_year,
        points_month,
        points_year,
        in_points,
        movement_month,
        movement_year,
        direction,
        window,
        last_six: span(s, month, 6),
        history: sparkline_history(s, month),
        spc: spc.analysis,
        spc_months: spc.months,
        proposals: spc.proposals,
        commentary: dataset
            .months
            .get(&month)
            .and_then(|m| m.commentary.get(&indicator.id))
            .cloned(),
        target: indicator.target.at(month),
        rag: match (value, indicator.target.at(month), indicator.floor.at(month)) {
            (Value::Present(x), Some(target), Some(floor)) => {
                rag(x, target, floor, indicator.polarity)
            }
            _ => None,
        },
    }
}

/// The series' value in `month`: `Missing` where it has none.
fn value_at(s: &BTreeMap<YearMonth, Value>, month: YearMonth) -> Value {
    s.get(&month).copied().unwrap_or(Value::Missing)
}

/// The last month up to `month` with anything but a missing value.
fn latest_month(s: &BTreeMap<YearMonth, Value>, month: YearMonth) -> Option<YearMonth> {
    s.range(..=month)
        .rev()
        .find(|(_, v)| !matches!(v, Value::Missing))
        .map(|(m, _)| *m)
}

/// The `n` months ending with `month`, oldest first, with their values.
fn span(s: &BTreeMap<YearMonth, Value>, month: YearMonth, n: i32) -> Vec<(YearMonth, Value)> {
    (0..n)
        .rev()
        .map(|b| (month.plus(-b), value_at(s, month.plus(-b))))
        .collect()
}

/// The sparkline's months: up to [`SPARKLINE_MONTHS`] ending with `month`, starting at the
/// first with data, so a short history is drawn across the whole cell rather than
/// squeezed to the right.
fn sparkline_history(s: &BTreeMap<YearMonth, Value>, month: YearMonth) -> Vec<(YearMonth, Value)> {
    let mut history = span(s, month, SPARKLINE_MONTHS);
    let first_present = history.iter().position(|(_, v)| *v != Value::Missing);
    history.drain(..first_present.unwrap_or(0));
    history
}

/// An indicator's SPC up to a month: the analysis of its present values, the months they
/// are for, and the recalculations proposed.
struct SpcFigures {
    /// A value up to the month is withheld, so there are no points: a withheld point
    /// could be read back from the chart's limits and signals.
    withheld: bool,
    months: Vec<YearMonth>,
    analysis: SpcAnalysis,
    proposals: Vec<(YearMonth, spc::Proposal)>,
}

/// The SPC of series `s` up to `month`, with `indicator`'s settings.
fn spc_figures(
    indicator: &Indicator,
    s: &BTreeMap<YearMonth, Value>,
    month: YearMonth,
) -> SpcFigures {
    let withheld = s.range(..=month).any(|(_, v)| *v == Value::Suppressed);
    let (months, values): (Vec<YearMonth>, Vec<f64>) = s
        .range(..=month)
        .filter(|_| !withheld)
        .filter_map(|(m, v)| v.number().map(|x| (*m, x)))
        .unzip();
    let settings = spc_settings(indicator, &months);
    let analysis = spc::analyse(&values, &settings);
    let proposals = spc::propose(&values, &settings)
        .into_iter()
        .map(|p| (months[p.index], p))
        .collect();
    SpcFigures {
        withheld,
        months,
        analysis,
        proposals,
    }
}

/// Maps an indicator's month-based SPC settings onto point indices of its present values.
fn spc_settings(indicator: &Indicator, months: &[YearMonth]) -> SpcSettings {
    SpcSettings {
        polarity: indicator.polarity,
        // Assurance asks whether the process will meet the target in force now.
        target: months.last().and_then(|m| indicator.target.at(*m)),
        baseline: indicator.spc.baseline,
        recalculate_at: indicator
            .spc
            .recalculate_at
            .iter()
            .filter_map(|start| months.iter().position(|m| m >= start))
            .filter(|&i| i > 0)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BAND: f64 = 5.0;

    #[test]
    fn change_is_relative_to_the_base() {
        assert_eq!(
            percent_change(Value::Present(1403.0), Value::Present(1172.0))
                .percent()
                .map(|p| round_half_away(p, 0)),
            Some(20.0)
        );
        let fall = percent_change(Value::Present(1.0), Value::Present(10.0))
            .percent()
            .unwrap();
        assert!(
            (fall + 90.0).abs() < 1e-9,
            "negative changes keep their sign: {fall}"
        );
    }

    #[test]
    fn zero_base_is_not_applicable_and_missing_is_unavailable() {
        assert_eq!(
            percent_change(Value::Present(2.0), Value::Present(0.0)),
            Change::NotApplicable
        );
        assert_eq!(
            percent_change(Value::Present(0.0), Value::Present(0.0)),
            Change::NotApplicable
        );
        assert_eq!(
            percent_change(Value::Missing, Value::Present(3.0)),
            Change::Unavailable
        );
        assert_eq!(
            percent_change(Value::Present(3.0), Value::Missing),
            Change::Unavailable
        );
        assert_eq!(
            percent_change(Value::NotApplicable, Value::Present(3.0)),
            Change::NotApplicable
        );
        // A fall to zero is a real change, not n/a.
        assert_eq!(
            percent_change(Value::Present(0.0), Value::Present(3.0)).percent(),
            Some(-100.0)
        );
    }

    #[test]
    fn arrows_respect_the_steady_band_and_polarity() {
        assert_eq!(arrow_for(5.0, BAND), Arrow::Steady);
        assert_eq!(arrow_for(-5.0, BAND), Arrow::Steady);
        assert_eq!(arrow_for(5.1, BAND), Arrow::Up);
        assert_eq!(arrow_for(-27.0, BAND), Arrow::Down);
        assert_eq!(judge(Arrow::Up, Polarity::Up), Judgement::Improving);
        assert_eq!(judge(Arrow::Up, Polarity::Down), Judgement::Worsening);
        assert_eq!(judge(Arrow::Down, Polarity::Down), Judgement::Improving);
        assert_eq!(judge(Arrow::Down, Polarity::Up), Judgement::Worsening);
        assert_eq!(judge(Arrow::Up, Polarity::Neutral), Judgement::Neutral);
        assert_eq!(judge(Arrow::Steady, Polarity::Up), Judgement::Neutral);
        assert_eq!(movement(Change::NotApplicable, BAND, Polarity::Up), None);
    }

    fn series(values: &[(&str, Option<f64>)]) -> BTreeMap<YearMonth, Value> {
        values
            .iter()
            .map(|(m, v)| (m.parse().unwrap(), v.map_or(Value::Missing, Value::Present)))
            .collect()
    }

    #[test]
    fn window_counts_only_months_present() {
        let s = series(&[
            ("2019-06", Some(1000.0)), // outside the window ending 2020-06
            ("2019-07", Some(10.0)),
            ("2020-05", None),
            ("2020-06", Some(20.0)),
        ]);
        let w = window_stats(&s, "2020-06".parse().unwrap(), 12);
        assert_eq!(w.months_present, 2);
        assert_eq!(w.average, Some(15.0));
        assert_eq!(w.maximum, Some(20.0));
        let none = window_stats(&BTreeMap::new(), "2020-06".parse().unwrap(), 12);
        assert_eq!(
            (none.average, none.maximum, none.months_present),
            (None, None, 0)
        );
    }

    #[test]
    fn direction_of_travel_follows_the_rule() {
        let dot = |rule, latest: f64| {
            direction_of_travel(
                Value::Present(latest),
                Value::Present(100.0),
                Value::Present(50.0),
                Some(80.0),
                rule,
                Steady {
                    band: BAND,
                    in_points: false,
                },
                Polarity::Up,
            )
            .map(|m| m.arrow)
        };
        assert_eq!(
            dot(DirectionRule::LatestVs12mAverage, 82.0),
            Some(Arrow::Steady)
        );
        assert_eq!(
            dot(DirectionRule::LatestVs12mAverage, 90.0),
            Some(Arrow::Up)
        );
        assert_eq!(
            dot(DirectionRule::LatestVsPreviousMonth, 90.0),
            Some(Arrow::Down)
        );
        assert_eq!(dot(DirectionRule::LatestVsYearAgo, 90.0), Some(Arrow::Up));
        let zero_base = direction_of_travel(
            Value::Present(0.0),
            Value::Missing,
            Value::Missing,
            Some(0.0),
            DirectionRule::LatestVs12mAverage,
            Steady {
                band: BAND,
                in_points: false,
            },
            Polarity::Down,
        );
        assert_eq!(zero_base.map(|m| m.arrow), Some(Arrow::Steady));
        let missing = direction_of_travel(
            Value::Missing,
            Value::Missing,
            Value::Missing,
            Some(3.0),
            DirectionRule::LatestVs12mAverage,
            Steady {
                band: BAND,
                in_points: false,
            },
            Polarity::Down,
        );
        assert_eq!(missing, None);
    }

    #[test]
    fn points_are_the_difference_of_two_percentages_and_the_band_is_in_points() {
        let up = points_change(Value::Present(71.1), Value::Present(57.9)).unwrap();
        assert!((up - 13.2).abs() < 1e-9, "{up}");
        assert_eq!(
            points_change(Value::Present(5.0), Value::Present(0.0)),
            Some(5.0)
        );
        assert_eq!(points_change(Value::Suppressed, Value::Present(3.0)), None);
        assert_eq!(points_change(Value::Present(3.0), Value::Missing), None);
        let arrow = |p: f64| movement_in_points(Some(p), BAND, Polarity::Up).map(|m| m.arrow);
        assert_eq!(arrow(4.9), Some(Arrow::Steady), "within 5 points");
        assert_eq!(arrow(-5.1), Some(Arrow::Down));
        let in_points = Steady {
            band: BAND,
            in_points: true,
        };
        let dot = direction_of_travel(
            Value::Present(57.0),
            Value::Present(60.0),
            Value::Missing,
            None,
            DirectionRule::LatestVsPreviousMonth,
            in_points,
            Polarity::Up,
        );
        assert_eq!(
            dot.map(|m| m.arrow),
            Some(Arrow::Steady),
            "3 points is steady, though it is a fall of 5%"
        );
    }

    #[test]
    fn an_overflowing_change_or_rate_is_not_a_figure() {
        assert_eq!(
            percent_change(Value::Present(9e14), Value::Present(1e-300)),
            Change::NotApplicable
        );
        assert_eq!(
            divide(Value::Present(9e14), Value::Present(1e-300), 1e4),
            Value::NotApplicable
        );
    }

    #[test]
    fn division_by_zero_is_not_applicable() {
        assert_eq!(
            divide(Value::Present(3.0), Value::Present(0.0), 100.0),
            Value::NotApplicable
        );
        assert_eq!(
            divide(Value::Present(0.0), Value::Present(0.0), 100.0),
            Value::NotApplicable
        );
        assert_eq!(
            divide(Value::Missing, Value::Present(0.0), 100.0),
            Value::Missing
        );
        assert_eq!(
            divide(Value::Present(342.0), Value::Present(1403.0), 100.0)
                .number()
                .map(|x| round_half_away(x, 1)),
            Some(24.4)
        );
    }

    #[test]
    fn small_counts_are_withheld_and_the_rest_rounded() {
        let rule = Suppression {
            below: 8,
            symbol: "c".into(),
            round_to: Some(5),
        };
        let shown = |x: f64| suppress(Value::Present(x), &rule);
        assert_eq!(shown(0.0), Value::Present(0.0), "zero stays zero");
        assert_eq!(shown(1.0), Value::Suppressed);
        assert_eq!(shown(7.0), Value::Suppressed);
        assert_eq!(shown(8.0), Value::Present(10.0));
        assert_eq!(shown(12.0), Value::Present(10.0));
        assert_eq!(shown(13.0), Value::Present(15.0));
        assert_eq!(suppress(Value::Missing, &rule), Value::Missing);
        assert_eq!(suppress(Value::NotApplicable, &rule), Value::NotApplicable);
    }

    #[test]
    fn anything_derived_from_a_withheld_count_is_withheld() {
        assert_eq!(
            divide(Value::Suppressed, Value::Present(20.0), 100.0),
            Value::Suppressed
        );
        assert_eq!(
            divide(Value::Present(9.0), Value::Suppressed, 100.0),
            Value::Suppressed
        );
        assert_eq!(
            percent_change(Value::Present(16.0), Value::Suppressed),
            Change::Suppressed
        );
        let series: BTreeMap<YearMonth, Value> = [
            ("2020-05", Value::Suppressed),
            ("2020-06", Value::Present(16.0)),
        ]
        .into_iter()
        .map(|(m, v)| (m.parse().unwrap(), v))
        .collect();
        let window = window_stats(&series, "2020-06".parse().unwrap(), 12);
        assert!(window.suppressed);
        assert_eq!((window.average, window.maximum), (None, None));
    }

    #[test]
    fn a_change_from_a_negative_base_is_not_a_percentage() {
        assert_eq!(
            percent_change(Value::Present(0.5), Value::Present(-0.9)),
            Change::NegativeBase
        );
        assert_eq!(
            percent_change(Value::Present(-0.5), Value::Present(1.0)).percent(),
            Some(-150.0)
        );
    }

    #[test]
    fn each_unit_refuses_what_it_cannot_hold() {
        let number = |negative| Unit::Number {
            suffix: None,
            negative,
        };
        assert!(Unit::Count.refuses(-1.0).is_some());
        assert!(Unit::Count.refuses(1403.5).is_some(), "a count is whole");
        assert!(Unit::Count.refuses(1403.0).is_none());
        assert!(number(false).refuses(-1.0).is_some());
        assert!(number(true).refuses(-1.0).is_none());
        let money = Unit::Money {
            currency: "\u{a3}".into(),
            scale: crate::model::Scale::Units,
        };
        assert!(money.refuses(-1e6).is_none(), "a variance can be negative");
        assert!(Unit::Percentage.refuses(100.5).is_some());
    }
}
