//! Statistical process control: NHS England "Making Data Count" XmR charts, pure maths.
//!
//! This module owns everything the `scorecard spc` command computes and nothing it reads or
//! writes: the XmR rules of the Single Chart Tool v5.0 defaults ([`analyse`]), the parsing of
//! a one-series CSV held in memory ([`parse_series_csv`]), and the CSV and JSON text of the
//! result ([`to_csv`], [`to_json`]). It does no I/O and never panics, whatever the input.
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

use std::fmt;

use serde::Serialize;

use crate::model::Polarity;

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
    let n = values.len();

    // The lines that apply to each point, section by section.
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

    if n < MIN_POINTS_FOR_LIMITS {
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

    let mut high = vec![false; n];
    let mut low = vec![false; n];

    // Rule 1: a point strictly beyond a process limit.
    for (i, (&v, l)) in values.iter().zip(&lines).enumerate() {
        high[i] |= v > l.upper;
        low[i] |= v < l.lower;
    }

    // Rule 2: a shift; a point on the mean belongs to neither side and breaks the run.
    flag_runs(n, SHIFT_RUN, |i| values[i] > lines[i].mean, &mut high);
    flag_runs(n, SHIFT_RUN, |i| values[i] < lines[i].mean, &mut low);

    // Rule 3: a trend; a tie breaks the run, and the mean plays no part.
    flag_trends(values, TREND_RUN, |a, b| b > a, &mut high);
    flag_trends(values, TREND_RUN, |a, b| b < a, &mut low);

    // Rule 4: two of three beyond the 2-sigma line (but within the limit), all three on
    // one side of the mean; only the points in that outer band are flagged.
    for start in 0..n.saturating_sub(2) {
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

/// A series read from CSV: one value per data row, with an optional label per row.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Series {
    /// The `month` column of each row, if the file has one and the field is not empty.
    pub labels: Vec<Option<String>>,
    /// The `value` column of each row.
    pub values: Vec<f64>,
}

/// Why a CSV series could not be read. Lines and columns are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeriesError {
    /// The file has no header row (it is empty or blank).
    Empty,
    /// The header row has no `value` column.
    MissingValueColumn {
        /// The header's line.
        line: usize,
        /// The column names the header does have.
        found: Vec<String>,
    },
    /// The header names the same column (`value` or `month`) twice.
    DuplicateColumn {
        /// The header's line.
        line: usize,
        /// The column of the second occurrence.
        column: usize,
        /// The repeated name.
        name: String,
    },
    /// The file has a header but no data rows.
    NoDataRows {
        /// The header's line.
        line: usize,
    },
    /// A `value` field is empty or not a finite number.
    NotANumber {
        /// The row's line.
        line: usize,
        /// The `value` column.
        column: usize,
        /// The field as written (trimmed).
        text: String,
    },
    /// A row has a different number of fields from the header.
    WrongFieldCount {
        /// The row's line.
        line: usize,
        /// How many fields the header has.
        expected: usize,
        /// How many fields the row has.
        found: usize,
    },
    /// A double-quoted field is not closed before the end of its line.
    UnterminatedQuote {
        /// The row's line.
        line: usize,
        /// The column of the quoted field.
        column: usize,
    },
}

impl fmt::Display for SeriesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SeriesError::Empty => write!(
                f,
                "line 1: the file is empty; add a header row naming a `value` column \
                 (and optionally a `month` column), then one row per point"
            ),
            SeriesError::MissingValueColumn { line, found } => {
                let names: Vec<String> = found.iter().map(|n| format!("`{n}`")).collect();
                write!(
                    f,
                    "line {line}: the header must name a `value` column (it names {}); \
                     rename the column that holds the measurements to `value`",
                    if names.is_empty() {
                        "nothing".to_string()
                    } else {
                        names.join(", ")
                    }
                )
            }
            SeriesError::DuplicateColumn { line, column, name } => write!(
                f,
                "line {line}, column {column}: the header names `{name}` a second time; \
                 keep one `{name}` column and rename or remove the other"
            ),
            SeriesError::NoDataRows { line } => write!(
                f,
                "line {line}: the file has a header but no data rows; add one row per point \
                 below the header"
            ),
            SeriesError::NotANumber { line, column, text } if text.is_empty() => write!(
                f,
                "line {line}: `value` is empty (column {column}); every row needs a number \
                 such as 12 or 12.5 (remove the row if the point is missing)"
            ),
            SeriesError::NotANumber { line, column, text } => write!(
                f,
                "line {line}: `value` is \"{text}\", not a number (column {column}); write a \
                 plain number such as 12 or 12.5, without units, % signs or thousands separators"
            ),
            SeriesError::WrongFieldCount {
                line,
                expected,
                found,
            } => write!(
                f,
                "line {line}: the row has {found} field{} but the header has {expected} \
                 (column {}); check for a missing or stray comma, and put double quotes \
                 around a field that contains a comma",
                if *found == 1 { "" } else { "s" },
                expected.min(found) + 1,
            ),
            SeriesError::UnterminatedQuote { line, column } => write!(
                f,
                "line {line}, column {column}: a double-quoted field is not closed; add the \
                 closing `\"` (write `\"\"` for a quote inside the field)"
            ),
        }
    }
}

impl std::error::Error for SeriesError {}

/// Splits one CSV line into trimmed fields, honouring double quotes (`""` inside quotes is a
/// literal quote). Text after a closing quote, up to the next comma, is kept as written.
fn split_csv_line(line: &str, line_no: usize) -> Result<Vec<String>, SeriesError> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    loop {
        // Leading whitespace, then an optional opening quote.
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let mut closed = false;
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        field.push('"');
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    field.push(c);
                }
            }
            if !closed {
                return Err(SeriesError::UnterminatedQuote {
                    line: line_no,
                    column: fields.len() + 1,
                });
            }
        }
        let mut at_comma = false;
        for c in chars.by_ref() {
            if c == ',' {
                at_comma = true;
                break;
            }
            field.push(c);
        }
        fields.push(field.trim().to_string());
        field.clear();
        if !at_comma {
            return Ok(fields);
        }
    }
}

/// Reads a series from comma-separated text with a header row.
///
/// The header must name a `value` column and may name a `month` column (names are matched
/// ignoring case and surrounding spaces; other columns are ignored). Fields are trimmed and
/// may be double-quoted; blank lines are skipped. Every row must have as many fields as the
/// header and a finite number in `value`.
pub fn parse_series_csv(text: &str) -> Result<Series, SeriesError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = text
        .lines()
        .enumerate()
        .map(|(i, line)| (i + 1, line))
        .filter(|(_, line)| !line.trim().is_empty());

    let (header_line, header) = rows.next().ok_or(SeriesError::Empty)?;
    let names = split_csv_line(header, header_line)?;
    let mut value_col = None;
    let mut month_col = None;
    for (i, name) in names.iter().enumerate() {
        let slot = if name.eq_ignore_ascii_case("value") {
            &mut value_col
        } else if name.eq_ignore_ascii_case("month") {
            &mut month_col
        } else {
            continue;
        };
        if slot.is_some() {
            return Err(SeriesError::DuplicateColumn {
                line: header_line,
                column: i + 1,
                name: name.to_ascii_lowercase(),
            });
        }
        *slot = Some(i);
    }
    let value_col = value_col.ok_or_else(|| SeriesError::MissingValueColumn {
        line: header_line,
        found: names.iter().filter(|n| !n.is_empty()).cloned().collect(),
    })?;

    let mut series = Series::default();
    for (line_no, line) in rows {
        let fields = split_csv_line(line, line_no)?;
        if fields.len() != names.len() {
            return Err(SeriesError::WrongFieldCount {
                line: line_no,
                expected: names.len(),
                found: fields.len(),
            });
        }
        let raw = &fields[value_col];
        let value = raw
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| SeriesError::NotANumber {
                line: line_no,
                column: value_col + 1,
                text: raw.clone(),
            })?;
        let label = month_col
            .map(|c| fields[c].clone())
            .filter(|l| !l.is_empty());
        series.values.push(value);
        series.labels.push(label);
    }
    if series.values.is_empty() {
        return Err(SeriesError::NoDataRows { line: header_line });
    }
    Ok(series)
}

/// Formats a number with at most 6 decimal places, trailing zeros trimmed (`23.2`, `8.76`,
/// `30`); never `-0`.
fn format_number(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let mut s = format!("{x:.6}");
    if s.contains('.') {
        let trimmed = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(trimmed);
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// Rounds a number to 6 decimal places for JSON output (so it prints as in the CSV).
fn round_number(x: f64) -> f64 {
    if !x.is_finite() || x.abs() >= 1e15 {
        return x;
    }
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Quotes a CSV field if it contains a comma, quote or line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The lower-case name of a signal, as in the CSV and JSON output.
fn signal_name(signal: Signal) -> &'static str {
    match signal {
        Signal::Common => "common",
        Signal::Improvement => "improvement",
        Signal::Concern => "concern",
        Signal::Neither => "neither",
    }
}

/// The analysis as CSV, one row per point under the header
/// `point,month,value,mean,lower,upper,signal`.
///
/// `point` is 1-based; a missing month or limit is an empty field; numbers have at most 6
/// decimal places with trailing zeros trimmed. Each line ends with `\n`.
pub fn to_csv(series: &Series, analysis: &SpcAnalysis) -> String {
    let mut out = String::from("point,month,value,mean,lower,upper,signal\n");
    for (i, p) in analysis.points.iter().enumerate() {
        let month = series
            .labels
            .get(i)
            .and_then(|l| l.as_deref())
            .map(csv_field)
            .unwrap_or_default();
        let limit = |x: Option<f64>| x.map(format_number).unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            i + 1,
            month,
            format_number(p.value),
            format_number(p.mean),
            limit(p.lower),
            limit(p.upper),
            signal_name(p.signal),
        ));
    }
    out
}

/// One point of the JSON output.
#[derive(Serialize)]
struct JsonPoint<'a> {
    point: usize,
    month: Option<&'a str>,
    value: f64,
    mean: f64,
    lower: Option<f64>,
    upper: Option<f64>,
    signal: Signal,
}

/// The JSON output.
#[derive(Serialize)]
struct JsonAnalysis<'a> {
    points: Vec<JsonPoint<'a>>,
    variation: Variation,
    assurance: Assurance,
}

/// The analysis as compact JSON:
/// `{"points":[{"point":1,"month":"2024-04"|null,"value":..,"mean":..,"lower":..|null,
/// "upper":..|null,"signal":"common"},...],"variation":"common","assurance":"none"}`.
///
/// `point` is 1-based; numbers are rounded to 6 decimal places.
pub fn to_json(series: &Series, analysis: &SpcAnalysis) -> String {
    let doc = JsonAnalysis {
        points: analysis
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| JsonPoint {
                point: i + 1,
                month: series.labels.get(i).and_then(|l| l.as_deref()),
                value: round_number(p.value),
                mean: round_number(p.mean),
                lower: p.lower.map(round_number),
                upper: p.upper.map(round_number),
                signal: p.signal,
            })
            .collect(),
        variation: analysis.variation,
        assurance: analysis.assurance,
    };
    // Serialising plain structs to a string cannot fail; fall back to an empty object.
    serde_json::to_string(&doc).unwrap_or_else(|_| "{}".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A flat-ish series with mean 20 and small moving ranges, 20 points long.
    fn steady() -> Vec<f64> {
        vec![
            20.0, 21.0, 19.0, 20.0, 21.0, 19.0, 20.0, 21.0, 19.0, 20.0, 21.0, 19.0, 20.0, 21.0,
            19.0, 20.0, 21.0, 19.0, 20.0, 20.0,
        ]
    }

    fn up() -> SpcSettings {
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
    fn two_sigma_fixture() -> (Vec<f64>, SpcSettings) {
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

    #[test]
    fn parses_a_simple_series() {
        let text = "\u{feff}month, value\n2024-04, 12\n\n\"2024-05\",\"13.5\"\r\n, 7\n";
        let s = parse_series_csv(text).unwrap();
        assert_eq!(s.values, vec![12.0, 13.5, 7.0]);
        assert_eq!(
            s.labels,
            vec![Some("2024-04".into()), Some("2024-05".into()), None]
        );
        let s = parse_series_csv("Value\n1\n2").unwrap();
        assert_eq!(s.labels, vec![None, None]);
        let s =
            parse_series_csv("month,value,note\n\"Apr, 2024\",3,\"said \"\"hi\"\"\"\n").unwrap();
        assert_eq!(s.labels, vec![Some("Apr, 2024".into())]);
        assert_eq!(s.values, vec![3.0]);
    }

    #[test]
    fn csv_errors_name_line_and_column() {
        let err = |t: &str| parse_series_csv(t).unwrap_err();
        assert_eq!(err(""), SeriesError::Empty);
        assert_eq!(err("\n  \n"), SeriesError::Empty);
        let e = err("month,count\nApr,3\n");
        assert!(matches!(e, SeriesError::MissingValueColumn { line: 1, .. }));
        assert!(
            e.to_string()
                .contains("the header must name a `value` column"),
            "{e}"
        );
        assert!(e.to_string().contains("`count`"), "{e}");
        let e = err("\nmonth,value\n\n");
        assert_eq!(e, SeriesError::NoDataRows { line: 2 });
        assert!(e.to_string().contains("line 2"), "{e}");
        let e = err("month,value\na,1\nb,2\nc,3\nd,4\ne,5\nf,twelve\n");
        assert_eq!(
            e,
            SeriesError::NotANumber {
                line: 7,
                column: 2,
                text: "twelve".into()
            }
        );
        assert!(
            e.to_string()
                .contains("line 7: `value` is \"twelve\", not a number"),
            "{e}"
        );
        assert!(e.to_string().contains("column 2"), "{e}");
        let e = err("value\n\"\"\n");
        assert!(e.to_string().contains("`value` is empty"), "{e}");
        assert!(matches!(
            err("value\nNaN\n"),
            SeriesError::NotANumber { .. }
        ));
        assert!(matches!(
            err("value\ninf\n"),
            SeriesError::NotANumber { .. }
        ));
        let e = err("month,value\nApr,1,2\n");
        assert_eq!(
            e,
            SeriesError::WrongFieldCount {
                line: 2,
                expected: 2,
                found: 3
            }
        );
        assert!(
            e.to_string().contains("line 2") && e.to_string().contains("column 3"),
            "{e}"
        );
        let e = err("month,value\n\"Apr,1\n");
        assert_eq!(e, SeriesError::UnterminatedQuote { line: 2, column: 1 });
        let e = err("value,Value\n1,2\n");
        assert_eq!(
            e,
            SeriesError::DuplicateColumn {
                line: 1,
                column: 2,
                name: "value".into()
            }
        );
    }

    #[test]
    fn numbers_are_trimmed() {
        assert_eq!(format_number(23.2), "23.2");
        assert_eq!(format_number(23.200000000000003), "23.2");
        assert_eq!(format_number(30.0), "30");
        assert_eq!(format_number(-0.0000001), "0");
        assert_eq!(format_number(8.7634567), "8.763457");
        assert_eq!(format_number(-2.5), "-2.5");
        assert_eq!(round_number(23.200000000000003), 23.2);
    }

    #[test]
    fn csv_and_json_output() {
        let series = Series {
            labels: vec![Some("Apr, 2024".into()), None],
            values: vec![1.0, 2.5],
        };
        let a = analyse(&series.values, &up());
        assert_eq!(
            to_csv(&series, &a),
            "point,month,value,mean,lower,upper,signal\n\
             1,\"Apr, 2024\",1,1.75,,,common\n\
             2,,2.5,1.75,,,common\n"
        );
        assert_eq!(
            to_json(&series, &a),
            "{\"points\":[\
             {\"point\":1,\"month\":\"Apr, 2024\",\"value\":1.0,\"mean\":1.75,\"lower\":null,\"upper\":null,\"signal\":\"common\"},\
             {\"point\":2,\"month\":null,\"value\":2.5,\"mean\":1.75,\"lower\":null,\"upper\":null,\"signal\":\"common\"}\
             ],\"variation\":\"none\",\"assurance\":\"none\"}"
        );
        let (v, s) = two_sigma_fixture();
        let series = Series {
            labels: vec![None; v.len()],
            values: v.clone(),
        };
        let csv = to_csv(&series, &analyse(&v, &s));
        assert_eq!(csv.lines().nth(1), Some("1,,17,20,12.02,27.98,common"));
        assert_eq!(csv.lines().count(), v.len() + 1);
        let json = to_json(&series, &analyse(&v, &s));
        assert!(json.contains("\"lower\":12.02,\"upper\":27.98"), "{json}");
        assert!(
            json.ends_with("\"variation\":\"common\",\"assurance\":\"none\"}"),
            "{json}"
        );
    }
}
