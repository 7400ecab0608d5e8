//! Statistical process control: NHS England "Making Data Count" XmR charts, pure maths.
//!
//! This module owns the method and nothing that is read or written: the XmR rules of the
//! Single Chart Tool v5.0 defaults ([`analyse`]) and the icons they give. It does no I/O
//! and never panics, whatever the input. Reading a series from CSV and writing the result
//! are in [`crate::export::spc`].
//!
//! The rules, as NHS England's conformance cases encode them:
//! - each section (the whole series, or the stretch between recalculations) has its own
//!   mean and mean moving range (moving ranges never cross a section boundary); the process
//!   limits are mean ± 2.66 × mean moving range, with no screening of large moving ranges;
//! - a baseline takes the first section's mean and limits from its first N points only and
//!   extends them forward to the end of that section;
//! - with fewer than [`MIN_POINTS_FOR_LIMITS`] points there are no limits and every point is
//!   common cause;
//! - special cause (high or low side): a point strictly beyond a process limit; a shift of 6
//!   or more points strictly on one side of the mean; a trend of 6 or more points each
//!   strictly higher (or lower) than the one before; two of three consecutive points on one
//!   side of the mean lying beyond the 2-sigma line but not beyond the limit (only those
//!   points are flagged). The multi-point rules run across recalculation boundaries, each
//!   point judged against its own section's lines;
//! - the preferred direction turns a side into improvement or concern (or neither); a point
//!   that is both counts as improvement;
//! - the variation icon comes from the last point, the assurance icon from the target
//!   against the last section's limits.
//!
//! Where a sustained shift makes new limits appropriate, [`propose()`] says so, with the
//! evidence; a person accepts it with `recalculate_at`.

use serde::Serialize;

use crate::model::Polarity;

pub mod propose;
pub use propose::{propose, Proposal};

/// The fewest points a series needs before process limits are drawn and special causes are
/// looked for; with fewer, every point is common cause.
pub const MIN_POINTS_FOR_LIMITS: usize = 13;

/// Points in a row strictly on one side of the mean that make a shift.
const SHIFT_RUN: usize = 6;
/// Points in a row, each strictly above (or below) the one before, that make a trend.
const TREND_RUN: usize = 6;
/// The XmR scaling constant: process limits sit this many mean moving ranges from the mean.
const LIMIT_FACTOR: f64 = 2.66;
/// The 2-sigma lines sit this fraction of the way from the mean to the process limits.
const TWO_SIGMA_FRACTION: f64 = 2.0 / 3.0;

/// How a chart is drawn: the preferred direction, an optional target, baseline and
/// recalculation points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpcSettings {
    /// Which direction is better; decides whether a special cause is improvement, concern
    /// or neither.
    pub polarity: Polarity,
    /// The target, used only for the assurance icon (which also needs a preferred
    /// direction).
    pub target: Option<f64>,
    /// Take the first section's mean and limits from its first N points only and extend
    /// them forward. `None` or `Some(0)` means no baseline; a baseline longer than the
    /// first section covers the whole section.
    pub baseline: Option<usize>,
    /// 0-based indices of the points that start a new section with its own mean and
    /// limits. Order and duplicates do not matter; 0 and indices past the end are ignored.
    pub recalculate_at: Vec<usize>,
}

impl SpcSettings {
    /// Settings with the given polarity and no target, baseline or recalculation.
    pub fn new(polarity: Polarity) -> Self {
        SpcSettings {
            polarity,
            target: None,
            baseline: None,
            recalculate_at: Vec::new(),
        }
    }
}

impl Default for SpcSettings {
    /// No preferred direction, no target, baseline or recalculation.
    fn default() -> Self {
        SpcSettings::new(Polarity::Neutral)
    }
}

/// What kind of variation a point shows (the colour of its marker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Signal {
    /// Common cause variation (grey).
    Common,
    /// Special cause in the better direction (blue).
    Improvement,
    /// Special cause in the worse direction (orange).
    Concern,
    /// Special cause where neither direction is better (purple).
    Neither,
}

/// Which side of the mean a special cause points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// Higher values: above the mean, above the upper limit, or an upward trend.
    High,
    /// Lower values: below the mean, below the lower limit, or a downward trend.
    Low,
}

/// The variation icon, read from the last point of the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variation {
    /// No icon: the series is too short for limits (or empty).
    None,
    /// The last point is common cause.
    Common,
    /// Special cause improvement, with high values (higher is better).
    ImprovementHigh,
    /// Special cause improvement, with low values (lower is better).
    ImprovementLow,
    /// Special cause concern, with high values (lower is better).
    ConcernHigh,
    /// Special cause concern, with low values (higher is better).
    ConcernLow,
    /// Special cause on the high side where neither direction is better.
    NeitherHigh,
    /// Special cause on the low side where neither direction is better.
    NeitherLow,
}

/// The assurance icon: whether the process as it stands will meet the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Assurance {
    /// No icon: no target, no preferred direction, or no limits.
    None,
    /// The target lies outside the limits on the good side: it is consistently met.
    Pass,
    /// The target lies outside the limits on the bad side: it is consistently missed.
    Fail,
    /// The target lies between the limits: the process will sometimes meet it.
    HitOrMiss,
}

/// One point of an analysed series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpcPoint {
    /// The measurement.
    pub value: f64,
    /// The mean that applies to the point: its section's, or the baseline's.
    pub mean: f64,
    /// The lower process limit that applies to the point; `None` below
    /// [`MIN_POINTS_FOR_LIMITS`] points.
    pub lower: Option<f64>,
    /// The upper process limit that applies to the point; `None` below
    /// [`MIN_POINTS_FOR_LIMITS`] points.
    pub upper: Option<f64>,
    /// Common cause, or which kind of special cause.
    pub signal: Signal,
    /// The side of the special cause; `None` for common cause.
    pub side: Option<Side>,
}

/// The result of [`analyse`]: every point, and the two summary icons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpcAnalysis {
    /// One entry per input value, in order.
    pub points: Vec<SpcPoint>,
    /// The variation icon (from the last point).
    pub variation: Variation,
    /// The assurance icon (target against the last section's limits).
    pub assurance: Assurance,
}

/// The centre line and limits that apply to one point.
#[derive(Debug, Clone, Copy)]
struct Lines {
    mean: f64,
    lower: f64,
    upper: f64,
    lower_2s: f64,
    upper_2s: f64,
}

impl Lines {
    /// Lines from the mean and mean moving range of `values` (which may be empty).
    fn from_values(values: &[f64]) -> Lines {
        let mean = average(values.iter().copied());
        let mean_mr = average(values.windows(2).map(|w| (w[1] - w[0]).abs()));
        let half_width = LIMIT_FACTOR * mean_mr;
        let half_width_2s = TWO_SIGMA_FRACTION * half_width;
        Lines {
            mean,
            lower: mean - half_width,
            upper: mean + half_width,
            lower_2s: mean - half_width_2s,
            upper_2s: mean + half_width_2s,
        }
    }
}

/// The arithmetic mean, or 0 for no values.
fn average(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    if count == 0 {
        0.0
    } else {
        sum / count as f64
    }
}

/// The half-open index ranges of the sections of a series of `n` points.
fn sections(n: usize, recalculate_at: &[usize]) -> Vec<(usize, usize)> {
    let mut starts: Vec<usize> = recalculate_at
        .iter()
        .copied()
        .filter(|&i| i > 0 && i < n)
        .collect();
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    starts
        .iter()
        .enumerate()
        .map(|(k, &start)| (start, starts.get(k + 1).copied().unwrap_or(n)))
        .collect()
}

/// Flags every point of each run of at least `min_len` consecutive points satisfying `pred`.
fn flag_runs(n: usize, min_len: usize, pred: impl Fn(usize) -> bool, flags: &mut [bool]) {
    let mut start = 0;
    while start < n {
        if !pred(start) {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < n && pred(end) {
            end += 1;
        }
        if end - start >= min_len {
            for flag in &mut flags[start..end] {
                *flag = true;
            }
        }
        start = end;
    }
}

/// Flags every point of each trend of at least `min_len` points, each point related to the
/// one before it by `step` (strictly higher, or strictly lower).
fn flag_trends(
    values: &[f64],
    min_len: usize,
    step: impl Fn(f64, f64) -> bool,
    flags: &mut [bool],
) {
    // A trend of k steps covers k + 1 points: step i joins point i to point i + 1.
    let steps = values.len().saturating_sub(1);
    let mut start = 0;
    while start < steps {
        if !step(values[start], values[start + 1]) {
            start += 1;
            continue;
        }
        let mut end = start + 1;
        while end < steps && step(values[end], values[end + 1]) {
            end += 1;
        }
        if end - start + 1 >= min_len {
            for flag in &mut flags[start..=end] {
                *flag = true;
            }
        }
        start = end;
    }
}

/// Analyses a series with the XmR rules of NHS England's "Making Data Count" Single Chart
/// Tool (v5.0 defaults): limits, special causes, variation and assurance icons.
///
/// Never panics; an empty series gives no points and no icons.
pub fn analyse(values: &[f64], settings: &SpcSettings) -> SpcAnalysis {
    let lines = lines_per_point(values, settings);
    if values.len() < MIN_POINTS_FOR_LIMITS {
        let points = values
            .iter()
            .zip(&lines)
            .map(|(&value, l)| SpcPoint {
                value,
                mean: l.mean,
                lower: None,
                upper: None,
                signal: Signal::Common,
                side: None,
            })
            .collect();
        return SpcAnalysis {
            points,
            variation: Variation::None,
            assurance: Assurance::None,
        };
    }
    let (high, low) = special_causes(values, &lines);
    let points: Vec<SpcPoint> = values
        .iter()
        .zip(&lines)
        .enumerate()
        .map(|(i, (&value, l))| {
            let (signal, side) = classify(settings.polarity, high[i], low[i], value, l.mean);
            SpcPoint {
                value,
                mean: l.mean,
                lower: Some(l.lower),
                upper: Some(l.upper),
                signal,
                side,
            }
        })
        .collect();
    let variation = points.last().map_or(Variation::None, variation_of);
    let assurance = match (points.last(), settings.target) {
        (Some(last), Some(target)) => assurance_of(settings.polarity, target, last),
        _ => Assurance::None,
    };
    SpcAnalysis {
        points,
        variation,
        assurance,
    }
}

/// The mean and limits that apply to each point: each section between recalculations
/// has its own, computed from its points (the first section's from its baseline, when
/// one is set).
fn lines_per_point(values: &[f64], settings: &SpcSettings) -> Vec<Lines> {
    let n = values.len();
    let mut lines = Vec::with_capacity(n);
    for (k, (start, end)) in sections(n, &settings.recalculate_at)
        .into_iter()
        .enumerate()
    {
        let basis_end = match settings.baseline {
            Some(b) if k == 0 && b > 0 => end.min(start + b),
            _ => end,
        };
        let section_lines = Lines::from_values(&values[start..basis_end]);
        lines.extend(std::iter::repeat_n(section_lines, end - start));
    }
    lines
}

/// The points flagged by the four special-cause rules, above the mean (`high`) and below
/// it (`low`).
fn special_causes(values: &[f64], lines: &[Lines]) -> (Vec<bool>, Vec<bool>) {
    let n = values.len();
    let mut high = vec![false; n];
    let mut low = vec![false; n];

    // Rule 1: a point strictly beyond a process limit.
    for (i, (&v, l)) in values.iter().zip(lines).enumerate() {
        high[i] |= v > l.upper;
        low[i] |= v < l.lower;
    }

    // Rule 2: a shift; a point on the mean belongs to neither side and breaks the run.
    flag_runs(n, SHIFT_RUN, |i| values[i] > lines[i].mean, &mut high);
    flag_runs(n, SHIFT_RUN, |i| values[i] < lines[i].mean, &mut low);

    // Rule 3: a trend; a tie breaks the run, and the mean plays no part.
    flag_trends(values, TREND_RUN, |a, b| b > a, &mut high);
    flag_trends(values, TREND_RUN, |a, b| b < a, &mut low);

    flag_two_of_three(values, lines, &mut high, &mut low);
    (high, low)
}

/// Rule 4: two of three beyond the 2-sigma line (but within the limit), all three on
/// one side of the mean; only the points in that outer band are flagged.
fn flag_two_of_three(values: &[f64], lines: &[Lines], high: &mut [bool], low: &mut [bool]) {
    for start in 0..values.len().saturating_sub(2) {
        let window = start..start + 3;
        if window.clone().all(|i| values[i] > lines[i].mean) {
            let outer =
                |i: &usize| values[*i] > lines[*i].upper_2s && values[*i] <= lines[*i].upper;
            if window.clone().filter(outer).count() >= 2 {
                for i in window.clone().filter(outer) {
                    high[i] = true;
                }
            }
        }
        if window.clone().all(|i| values[i] < lines[i].mean) {
            let outer =
                |i: &usize| values[*i] < lines[*i].lower_2s && values[*i] >= lines[*i].lower;
            if window.clone().filter(outer).count() >= 2 {
                for i in window.clone().filter(outer) {
                    low[i] = true;
                }
            }
        }
    }
}

/// Turns the sides a point is flagged on into a signal, by the preferred direction.
///
/// A point flagged on both sides counts as improvement when there is a preferred
/// direction; with none, its side is the side of the mean it lies on (high when on it).
fn classify(
    polarity: Polarity,
    high: bool,
    low: bool,
    value: f64,
    mean: f64,
) -> (Signal, Option<Side>) {
    let (good, good_flag, bad, bad_flag) = match polarity {
        Polarity::Up => (Side::High, high, Side::Low, low),
        Polarity::Down => (Side::Low, low, Side::High, high),
        Polarity::Neutral => {
            return match (high, low) {
                (false, false) => (Signal::Common, None),
                (true, false) => (Signal::Neither, Some(Side::High)),
                (false, true) => (Signal::Neither, Some(Side::Low)),
                (true, true) if value < mean => (Signal::Neither, Some(Side::Low)),
                (true, true) => (Signal::Neither, Some(Side::High)),
            };
        }
    };
    if good_flag {
        (Signal::Improvement, Some(good))
    } else if bad_flag {
        (Signal::Concern, Some(bad))
    } else {
        (Signal::Common, None)
    }
}

/// The variation icon that a (last) point gives.
fn variation_of(point: &SpcPoint) -> Variation {
    match (point.signal, point.side) {
        (Signal::Improvement, Some(Side::High)) => Variation::ImprovementHigh,
        (Signal::Improvement, Some(Side::Low)) => Variation::ImprovementLow,
        (Signal::Concern, Some(Side::High)) => Variation::ConcernHigh,
        (Signal::Concern, Some(Side::Low)) => Variation::ConcernLow,
        (Signal::Neither, Some(Side::High)) => Variation::NeitherHigh,
        (Signal::Neither, Some(Side::Low)) => Variation::NeitherLow,
        _ => Variation::Common,
    }
}

/// The assurance icon for a target against the limits of the (last) point.
fn assurance_of(polarity: Polarity, target: f64, point: &SpcPoint) -> Assurance {
    let (Some(lower), Some(upper)) = (point.lower, point.upper) else {
        return Assurance::None;
    };
    match polarity {
        Polarity::Neutral => Assurance::None,
        Polarity::Up if target <= lower => Assurance::Pass,
        Polarity::Up if target >= upper => Assurance::Fail,
        Polarity::Down if target >= upper => Assurance::Pass,
        Polarity::Down if target <= lower => Assurance::Fail,
        _ => Assurance::HitOrMiss,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A flat-ish series with mean 20 and small moving ranges, 20 points long.
    fn steady() -> Vec<f64> {
        vec![
            20.0, 21.0, 19.0, 20.0, 21.0, 19.0, 20.0, 21.0, 19.0, 20.0, 21.0, 19.0, 20.0, 21.0,
            19.0, 20.0, 21.0, 19.0, 20.0, 20.0,
        ]
    }

    pub(crate) fn up() -> SpcSettings {
        SpcSettings::new(Polarity::Up)
    }

    fn signals(a: &SpcAnalysis) -> Vec<Signal> {
        a.points.iter().map(|p| p.signal).collect()
    }

    fn special(a: &SpcAnalysis) -> Vec<usize> {
        a.points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.signal != Signal::Common)
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn empty_input_gives_nothing() {
        let a = analyse(&[], &up());
        assert!(a.points.is_empty());
        assert_eq!(a.variation, Variation::None);
        assert_eq!(a.assurance, Assurance::None);
        let mut s = up();
        s.baseline = Some(5);
        s.recalculate_at = vec![0, 3, 99];
        s.target = Some(1.0);
        assert!(analyse(&[], &s).points.is_empty());
    }

    #[test]
    fn odd_settings_never_panic() {
        let v = steady();
        for baseline in [None, Some(0), Some(1), Some(2), Some(100)] {
            for recalc in [
                vec![],
                vec![0],
                vec![1],
                vec![19],
                vec![20, 5, 5, 1000],
                vec![1, 2, 3],
            ] {
                let s = SpcSettings {
                    polarity: Polarity::Neutral,
                    target: Some(f64::NAN),
                    baseline,
                    recalculate_at: recalc,
                };
                assert_eq!(analyse(&v, &s).points.len(), v.len());
                assert_eq!(analyse(&v[..1], &s).points.len(), 1);
            }
        }
    }

    #[test]
    fn twelve_points_have_no_limits_thirteen_do() {
        // Point 6 is far below: a special cause once limits exist.
        let mut v = vec![
            30.0, 31.0, 30.0, 31.0, 30.0, -100.0, 30.0, 31.0, 30.0, 31.0, 30.0, 31.0,
        ];
        let a = analyse(&v, &up());
        assert_eq!(a.points.len(), 12);
        assert!(a.points.iter().all(|p| p.signal == Signal::Common
            && p.lower.is_none()
            && p.upper.is_none()
            && p.side.is_none()));
        assert_eq!(a.variation, Variation::None);
        let mean = v.iter().sum::<f64>() / 12.0;
        assert!((a.points[0].mean - mean).abs() < 1e-9);

        v.push(30.0);
        let a = analyse(&v, &up());
        assert!(a
            .points
            .iter()
            .all(|p| p.lower.is_some() && p.upper.is_some()));
        assert_eq!(a.points[5].signal, Signal::Concern);
        assert_eq!(a.points[5].side, Some(Side::Low));
        // The seven points after the dip are a shift above the (lowered) mean.
        assert_eq!(a.variation, Variation::ImprovementHigh);
    }

    #[test]
    fn limits_are_mean_plus_minus_2_66_mean_moving_range() {
        let v = [
            20.0, 24.0, 20.0, 26.0, 22.0, 16.0, 18.0, 16.0, 31.0, 28.0, 25.0, 27.0, 28.0, 24.0,
            23.0,
        ];
        let a = analyse(&v, &up());
        let mean = v.iter().sum::<f64>() / 15.0;
        let mr = v.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / 14.0;
        let p = a.points[0];
        assert!((p.mean - mean).abs() < 1e-9);
        assert!((p.upper.unwrap() - (mean + 2.66 * mr)).abs() < 1e-9);
        assert!((p.lower.unwrap() - (mean - 2.66 * mr)).abs() < 1e-9);
    }

    #[test]
    fn point_beyond_a_limit_is_special() {
        let mut v = steady();
        assert!(special(&analyse(&v, &up())).is_empty());
        v[10] = 40.0;
        let a = analyse(&v, &up());
        assert!(a.points[10].value > a.points[10].upper.unwrap());
        assert_eq!(special(&a), vec![10]);
        assert_eq!(a.points[10].signal, Signal::Improvement);
        assert_eq!(a.points[10].side, Some(Side::High));
    }

    #[test]
    fn limit_is_strict() {
        // A baseline keeps the limit fixed, so the last point can sit exactly on it.
        let mut v = vec![
            10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0,
        ];
        let mut s = up();
        s.baseline = Some(12);
        v.push(10.0);
        let upper = analyse(&v, &s).points[0].upper.unwrap();
        v[12] = upper;
        let a = analyse(&v, &s);
        assert_eq!(a.points[12].signal, Signal::Common);
        v[12] = upper + 1e-9;
        assert_eq!(analyse(&v, &s).points[12].signal, Signal::Improvement);
    }

    #[test]
    fn shift_of_six_flags_and_five_does_not() {
        let mut v = steady();
        for x in &mut v[5..10] {
            *x = 22.0;
        }
        // Five points above the mean (plus neighbours on either side of it).
        v[4] = 18.0;
        v[10] = 18.0;
        let a = analyse(&v, &up());
        assert!(
            a.points[5..10].iter().all(|p| p.signal == Signal::Common),
            "{:?}",
            signals(&a)
        );
        v[10] = 22.0;
        let a = analyse(&v, &up());
        let mean = a.points[0].mean;
        assert!(v[5..11].iter().all(|&x| x > mean));
        assert!(a.points[5..11]
            .iter()
            .all(|p| p.signal == Signal::Improvement && p.side == Some(Side::High)));
    }

    #[test]
    fn point_on_the_mean_breaks_a_shift() {
        let (mut v, mut s) = two_sigma_fixture();
        s.polarity = Polarity::Neutral;
        v[16..23].copy_from_slice(&[21.0, 21.0, 21.0, 20.0, 21.0, 21.0, 21.0]);
        let a = analyse(&v, &s);
        assert_eq!(a.points[19].mean, 20.0);
        assert!(special(&a).is_empty(), "{:?}", signals(&a));
        v[19] = 21.0;
        let a = analyse(&v, &s);
        assert_eq!(special(&a), (16..23).collect::<Vec<_>>());
        assert!(a.points[16..23]
            .iter()
            .all(|p| p.signal == Signal::Neither && p.side == Some(Side::High)));
    }

    #[test]
    fn trend_of_six_flags_and_a_tie_breaks_it() {
        let mut v = steady();
        // Six strictly rising points around the mean: 17.5, 18.5, ..., 22.5 would cross it.
        let rise = [18.0, 18.5, 19.5, 20.5, 21.0, 21.5];
        v[4..10].copy_from_slice(&rise);
        v[3] = 21.0; // higher than 18, so the trend starts at index 4
        v[10] = 19.0; // lower than 21.5, so it ends at index 9
        let a = analyse(&v, &up());
        let mean = a.points[0].mean;
        assert!(v[4] < mean && v[9] > mean, "the trend crosses the mean");
        assert_eq!(special(&a), (4..10).collect::<Vec<_>>());
        assert!(a.points[4..10].iter().all(|p| p.side == Some(Side::High)));

        // A tie in the middle breaks it into two short runs.
        v[7] = v[6];
        let a = analyse(&v, &up());
        assert!(special(&a).is_empty(), "{:?}", signals(&a));
    }

    #[test]
    fn falling_trend_is_concern_when_higher_is_better() {
        let mut v = steady();
        v[12..18].copy_from_slice(&[22.0, 21.5, 20.5, 19.5, 19.0, 18.5]);
        v[11] = 19.0;
        v[18] = 21.0;
        let a = analyse(&v, &up());
        assert_eq!(special(&a), (12..18).collect::<Vec<_>>());
        assert!(a.points[12..18]
            .iter()
            .all(|p| p.signal == Signal::Concern && p.side == Some(Side::Low)));
        let a = analyse(&v, &SpcSettings::new(Polarity::Down));
        assert!(a.points[12..18]
            .iter()
            .all(|p| p.signal == Signal::Improvement && p.side == Some(Side::Low)));
    }

    /// Mean 20, mean moving range 3 (limits 12.02..27.98; 2-sigma 14.68..25.32) from a
    /// 16-point baseline, so the points after it (indices 16..23, all 20) do not move the
    /// lines.
    pub(crate) fn two_sigma_fixture() -> (Vec<f64>, SpcSettings) {
        let mut v: Vec<f64> = [17.0, 20.0, 23.0, 20.0].repeat(4);
        let mut s = up();
        s.baseline = Some(v.len());
        v.extend([20.0; 7]);
        (v, s)
    }

    #[test]
    fn two_of_three_flags_only_the_outer_points() {
        let (mut v, s) = two_sigma_fixture();
        let a = analyse(&v, &s);
        let p = a.points[0];
        assert!((p.mean - 20.0).abs() < 1e-9 && (p.upper.unwrap() - 27.98).abs() < 1e-9);
        assert!(special(&a).is_empty());
        // 26, 21, 26: all above the mean, two beyond 2-sigma.
        v[18] = 26.0;
        v[19] = 21.0;
        v[20] = 26.0;
        let a = analyse(&v, &s);
        assert_eq!(special(&a), vec![18, 20]);
        assert_eq!(a.points[18].signal, Signal::Improvement);
        // The middle point on the other side of the mean: no longer all on one side.
        v[19] = 19.0;
        assert!(special(&analyse(&v, &s)).is_empty());
        // Low side mirrors it.
        v[18] = 14.0;
        v[19] = 19.0;
        v[20] = 14.0;
        let a = analyse(&v, &s);
        assert_eq!(special(&a), vec![18, 20]);
        assert_eq!(a.points[18].signal, Signal::Concern);
        assert_eq!(a.points[18].side, Some(Side::Low));
    }

    #[test]
    fn two_of_three_does_not_count_points_beyond_the_limit() {
        let (mut v, s) = two_sigma_fixture();
        // 26 is in the outer band; 30 is beyond the limit, so only one point counts.
        v[18] = 26.0;
        v[19] = 30.0;
        v[20] = 21.0;
        let a = analyse(&v, &s);
        assert_eq!(special(&a), vec![19], "{:?}", signals(&a));
        // Only one point beyond 2-sigma: nothing.
        v[19] = 21.0;
        assert!(special(&analyse(&v, &s)).is_empty());
    }

    #[test]
    fn conflict_resolves_to_improvement() {
        // High above the upper limit at the start, then a falling trend through it.
        let (mut v, mut s) = two_sigma_fixture();
        v[16..22].copy_from_slice(&[35.0, 30.0, 26.0, 22.0, 19.0, 18.0]);
        let a = analyse(&v, &s);
        // Point 16 is beyond the upper limit (improvement) and starts a falling trend.
        assert_eq!(a.points[16].signal, Signal::Improvement);
        assert_eq!(a.points[16].side, Some(Side::High));
        assert_eq!(a.points[21].signal, Signal::Concern);
        assert_eq!(special(&a), (16..22).collect::<Vec<_>>());
        s.polarity = Polarity::Down;
        let a = analyse(&v, &s);
        assert_eq!(a.points[16].signal, Signal::Improvement);
        assert_eq!(a.points[16].side, Some(Side::Low));
        s.polarity = Polarity::Neutral;
        let a = analyse(&v, &s);
        assert_eq!(a.points[16].signal, Signal::Neither);
        assert_eq!(a.points[16].side, Some(Side::High), "above the mean: high");
    }

    #[test]
    fn baseline_limits_extend_forward() {
        let (mut v, s) = two_sigma_fixture();
        for x in &mut v[16..] {
            *x = 24.0;
        }
        let a = analyse(&v, &s);
        assert!(a.points.iter().all(|p| (p.mean - 20.0).abs() < 1e-9));
        // Seven points above the baseline mean: a shift, though they would set a new mean.
        assert_eq!(special(&a), (16..23).collect::<Vec<_>>());
        let without = analyse(&v, &up());
        assert!(without.points[0].mean > 20.0);
    }

    #[test]
    fn recalculation_starts_a_new_section() {
        let mut v: Vec<f64> = steady();
        v.extend(steady().iter().map(|x| x + 100.0));
        let a = analyse(&v, &up());
        // One section: everything after the step is above the mean.
        assert!(a.points[20..]
            .iter()
            .all(|p| p.signal == Signal::Improvement));
        let mut s = up();
        s.recalculate_at = vec![20];
        let a = analyse(&v, &s);
        assert!(special(&a).is_empty(), "{:?}", signals(&a));
        assert!((a.points[0].mean - 20.0).abs() < 1e-9);
        assert!((a.points[20].mean - 120.0).abs() < 1e-9);
        // The moving range across the boundary (100) is not counted in either section.
        assert!(a.points[20].upper.unwrap() < 130.0);
    }

    #[test]
    fn shift_runs_across_a_recalculation() {
        let mut v = steady();
        v.extend(steady());
        // Three points below each section's mean either side of the boundary at 20.
        v[17..23].copy_from_slice(&[18.0, 18.5, 18.0, 18.5, 18.0, 18.5]);
        let mut s = up();
        s.recalculate_at = vec![20];
        let a = analyse(&v, &s);
        assert!(a.points[17].mean > 18.5 && a.points[22].mean > 18.5);
        assert_eq!(special(&a), (17..23).collect::<Vec<_>>());
        assert!(a.points[17..23].iter().all(|p| p.signal == Signal::Concern));
    }

    #[test]
    fn variation_icons() {
        let (base, s) = two_sigma_fixture();
        let base = &base[..16];
        let run = |tail: &[f64], polarity: Polarity| {
            let mut v = base.to_vec();
            v.extend_from_slice(tail);
            let mut s = s.clone();
            s.polarity = polarity;
            analyse(&v, &s).variation
        };
        assert_eq!(run(&[20.0], Polarity::Up), Variation::Common);
        assert_eq!(run(&[40.0], Polarity::Up), Variation::ImprovementHigh);
        assert_eq!(run(&[0.0], Polarity::Down), Variation::ImprovementLow);
        assert_eq!(run(&[40.0], Polarity::Down), Variation::ConcernHigh);
        assert_eq!(run(&[0.0], Polarity::Up), Variation::ConcernLow);
        assert_eq!(run(&[40.0], Polarity::Neutral), Variation::NeitherHigh);
        assert_eq!(run(&[0.0], Polarity::Neutral), Variation::NeitherLow);
        // Only the last point counts.
        assert_eq!(run(&[40.0, 20.0], Polarity::Up), Variation::Common);
        assert_eq!(analyse(&base[..12], &s).variation, Variation::None);
    }

    #[test]
    fn assurance_icons() {
        let (v, s) = two_sigma_fixture(); // limits 12.02 .. 27.98
        let with = |polarity: Polarity, target: Option<f64>| {
            let mut s = s.clone();
            s.polarity = polarity;
            s.target = target;
            analyse(&v, &s).assurance
        };
        assert_eq!(with(Polarity::Up, Some(10.0)), Assurance::Pass);
        assert_eq!(with(Polarity::Up, Some(30.0)), Assurance::Fail);
        assert_eq!(with(Polarity::Up, Some(20.0)), Assurance::HitOrMiss);
        assert_eq!(with(Polarity::Down, Some(30.0)), Assurance::Pass);
        assert_eq!(with(Polarity::Down, Some(10.0)), Assurance::Fail);
        assert_eq!(with(Polarity::Down, Some(20.0)), Assurance::HitOrMiss);
        assert_eq!(with(Polarity::Neutral, Some(10.0)), Assurance::None);
        assert_eq!(with(Polarity::Up, None), Assurance::None);
        // At the limit counts as consistently passing / failing.
        let lower = analyse(&v, &s).points[0].lower.unwrap();
        let upper = analyse(&v, &s).points[0].upper.unwrap();
        assert_eq!(with(Polarity::Up, Some(lower)), Assurance::Pass);
        assert_eq!(with(Polarity::Up, Some(upper)), Assurance::Fail);
        // Too few points: no icon.
        let mut short = s.clone();
        short.target = Some(10.0);
        assert_eq!(analyse(&v[..12], &short).assurance, Assurance::None);
    }

    #[test]
    fn assurance_uses_the_last_section() {
        let mut v = steady();
        v.extend(steady().iter().map(|x| x + 100.0));
        let mut s = up();
        s.recalculate_at = vec![20];
        s.target = Some(70.0);
        assert_eq!(analyse(&v, &s).assurance, Assurance::Pass);
        s.recalculate_at.clear();
        assert_eq!(analyse(&v, &s).assurance, Assurance::HitOrMiss);
    }

    #[test]
    fn serde_names() {
        fn j<T: Serialize>(x: &T) -> String {
            serde_json::to_string(x).unwrap()
        }
        assert_eq!(j(&Signal::Common), "\"common\"");
        assert_eq!(j(&Signal::Improvement), "\"improvement\"");
        assert_eq!(j(&Variation::ImprovementHigh), "\"improvement-high\"");
        assert_eq!(j(&Variation::NeitherLow), "\"neither-low\"");
        assert_eq!(j(&Assurance::HitOrMiss), "\"hit-or-miss\"");
        assert_eq!(j(&Side::High), "\"high\"");
    }
}
