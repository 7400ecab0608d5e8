//! The checked data model: what `load` hands to the rest of the program once every file
//! has been parsed and validated. Nothing here does I/O; every map that can reach the
//! output is ordered, so the same data always gives the same PDF.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use crate::value::{is_plausible, Value, MAX_MAGNITUDE};

/// Which direction of movement is good for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Polarity {
    /// Higher is better.
    Up,
    /// Lower is better.
    Down,
    /// Neither direction is better.
    Neutral,
}

/// A calendar month, the unit of every series in a scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    /// 1 to 12.
    month: u32,
}

/// The months in English, as messages and the English table of words write them.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl YearMonth {
    /// Builds a month; `None` unless `month` is 1 to 12 and the year has four digits.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1000..=9999).contains(&year)).then_some(Self { year, month })
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month number, 1 to 12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The month `n` months later (earlier when `n` is negative).
    pub fn plus(self, n: i32) -> Self {
        let index = self.year * 12 + self.month as i32 - 1 + n;
        Self {
            year: index.div_euclid(12),
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// Months from `earlier` to `self` (negative when `earlier` is later).
    pub fn months_since(self, earlier: Self) -> i32 {
        (self.year - earlier.year) * 12 + self.month as i32 - earlier.month as i32
    }

    /// "June 2020".
    pub fn long_name(self) -> String {
        format!("{} {}", MONTH_NAMES[self.month as usize - 1], self.year)
    }

    /// "Jun-20", the compact column heading boards are used to.
    pub fn short_name(self) -> String {
        format!(
            "{}-{:02}",
            &MONTH_NAMES[self.month as usize - 1][..3],
            self.year.rem_euclid(100)
        )
    }

    /// The last day of the month.
    pub fn last_day(self) -> chrono::NaiveDate {
        let next = self.plus(1);
        chrono::NaiveDate::from_ymd_opt(next.year, next.month, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(chrono::NaiveDate::MIN)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for YearMonth {
    type Err = ();

    /// Parses exactly `YYYY-MM`.
    fn from_str(text: &str) -> Result<Self, ()> {
        let bytes = text.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' {
            return Err(());
        }
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let (year, month) = (&text[..4], &text[5..]);
        if !digits(year) || !digits(month) {
            return Err(());
        }
        Self::new(
            year.parse().map_err(|_| ())?,
            month.parse().map_err(|_| ())?,
        )
        .ok_or(())
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How the direction-of-travel column is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum DirectionRule {
    /// The latest value against the 12-month average (the default).
    #[default]
    #[serde(rename = "latest-vs-12m-average")]
    LatestVs12mAverage,
    /// The latest value against the previous month.
    LatestVsPreviousMonth,
    /// The latest value against the same month a year earlier.
    LatestVsYearAgo,
}

/// A change within ± this percentage counts as steady unless report.yaml says otherwise.
pub const DEFAULT_STEADY_BAND_PCT: f64 = 5.0;
/// The N of "rate per N" unless an indicator says otherwise.
pub const DEFAULT_PER: f64 = 10_000.0;
/// Most decimals an indicator may show.
pub const MAX_DECIMALS: u8 = 4;

/// A number for a message: as typed when it is plausible, in scientific notation when
/// it is not (so 1e308 is not quoted as 309 digits).
pub fn describe_number(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 {
            "infinity".into()
        } else {
            "minus infinity".into()
        }
    } else if is_plausible(x) {
        x.to_string()
    } else {
        format!("{x:e}")
    }
}

/// Why `x` cannot be any figure at all, with how to fix it.
pub fn implausible(x: f64) -> Option<(String, &'static str)> {
    (!is_plausible(x)).then(|| {
        (
            format!("{} is too large to be a figure", describe_number(x)),
            "figures are below 1,000,000,000,000,000 (10^15) in size; check the number was typed or exported correctly",
        )
    })
}

/// One benchmark column (statistical neighbours, region, England...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparator {
    /// Key used in indicator benchmarks.
    pub id: String,
    /// Column heading.
    pub label: String,
    /// Spelled-out name for the legend.
    pub name: String,
}

/// Where the outcome statement goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutcomePlacement {
    /// Its own column, as in the seed.
    #[default]
    Column,
    /// In smaller type beneath the indicator's title, leaving the width to commentary.
    UnderTitle,
    /// Not printed.
    Hidden,
}

/// Where the commentary goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CommentaryPlacement {
    /// Its own column, unless it is so long that rows would grow taller than a few
    /// lines of figures; then below the row.
    #[default]
    Auto,
    /// The last column, as in the seed.
    Column,
    /// Beneath the row's figures, across the table's width.
    Below,
}

/// A column (or group of columns) a report may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionalColumn {
    /// The % change from a year ago.
    YearChange,
    /// Direction of travel.
    Direction,
    /// The 12-month average and maximum.
    TwelveMonth,
    /// Every benchmark column.
    Comparators,
    /// The sparkline and SPC icons.
    Trend,
}

/// How the table is laid out: report.yaml `layout`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// Where the outcome goes.
    pub outcome: OutcomePlacement,
    /// Where the commentary goes.
    pub commentary: CommentaryPlacement,
    /// Columns left out, in a fixed order.
    pub hide: std::collections::BTreeSet<OptionalColumn>,
    /// Whether the document opens with the summary page (on unless report.yaml says
    /// `summary: false`).
    pub summary: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            outcome: OutcomePlacement::default(),
            commentary: CommentaryPlacement::default(),
            hide: std::collections::BTreeSet::new(),
            summary: true,
        }
    }
}

/// Which indicators get a detail page with a full SPC chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Detail {
    /// No detail pages.
    #[default]
    None,
    /// Only the indicators listed under "Needs attention".
    Exceptions,
    /// Every indicator.
    All,
}

impl Detail {
    /// As written in report.yaml and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Detail::None => "none",
            Detail::Exceptions => "exceptions",
            Detail::All => "all",
        }
    }
}

/// An edition of a document (the PDF, the web page, …): its place in
/// [`crate::edition::EDITIONS`], which names it; ordered as that list is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Format(usize);

impl Format {
    /// The edition at `index` in the list.
    pub(crate) fn from_index(index: usize) -> Self {
        Format(index)
    }

    /// Its index in the list.
    pub(crate) fn index(self) -> usize {
        self.0
    }
}

/// Who a pack is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The board and committees: every figure as reported.
    #[default]
    Board,
    /// Publication: small counts suppressed under the report's `suppression` rule.
    Public,
}

/// The small-number rule for public packs.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppression {
    /// Counts from 1 up to (not including) this are withheld; zero stays zero.
    pub below: u32,
    /// What is printed instead, e.g. `c` (the DfE convention).
    pub symbol: String,
    /// When set, every other count is rounded to the nearest multiple of this.
    pub round_to: Option<u32>,
}

/// The symbol a suppressed figure shows unless report.yaml says otherwise.
pub const DEFAULT_SUPPRESSION_SYMBOL: &str = "c";

/// One document rendered from the data folder: the full board pack, a committee's pack,
/// or a public version.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    /// Its id, part of the file name.
    pub id: String,
    /// A title that replaces the report's, e.g. "Children's Services Committee".
    pub title: Option<String>,
    /// The section ids it holds, in the report's order; `None` for all.
    pub sections: Option<Vec<String>>,
    /// Who it is for.
    pub audience: Audience,
    /// Its paper, when not the command line's.
    pub paper: Option<Paper>,
    /// Its PDF standards, when not the command line's.
    pub standards: Option<PackStandards>,
    /// Its detail pages, when not the command line's.
    pub detail: Option<Detail>,
    /// The editions it is published in (`formats: [pdf, html]`), when not the command
    /// line's.
    pub formats: Option<Vec<Format>>,
}

/// A pack's own PDF standards: as report.yaml writes them (for messages) and as parsed,
/// once, when report.yaml is loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct PackStandards {
    /// As written, e.g. `a-2b`.
    pub written: String,
    /// As parsed.
    pub choice: crate::standards::StandardsChoice,
}

impl Pack {
    /// True when the pack shows the section `id`.
    pub fn shows(&self, section: &str) -> bool {
        self.sections
            .as_ref()
            .is_none_or(|ids| ids.iter().any(|s| s == section))
    }
}

/// Paper sizes the template knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// A4 landscape, the default.
    A4,
    /// A3 landscape, for wall copies and large print.
    A3,
}

impl Paper {
    /// As written in report.yaml and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
        }
    }
}

/// A population that "rate per N" indicators divide by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Population {
    /// Spelled-out name, e.g. "Children aged 0–17".
    pub name: String,
    /// Head count.
    pub value: f64,
}

/// The report's settings from `report.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Organisation name for the title block and running header.
    pub organisation: String,
    /// Report title.
    pub title: String,
    /// BCP 47 language tag of the document, e.g. `en-GB`.
    pub language: String,
    /// Protective marking printed at the top and bottom of every page, e.g. OFFICIAL.
    pub protective_marking: Option<String>,
    /// The date the data was extracted, when stated.
    pub data_as_at: Option<chrono::NaiveDate>,
    /// A change within ± this percentage counts as steady.
    pub steady_band_pct: f64,
    /// How the direction-of-travel column is judged.
    pub direction_rule: DirectionRule,
    /// Benchmark columns, in display order.
    pub comparators: Vec<Comparator>,
    /// Populations for rate indicators, by id.
    pub populations: BTreeMap<String, Population>,
    /// Font files from the data folder, tried after the embedded fonts.
    pub fonts: Vec<FontFile>,
    /// The documents to render; empty means one document of every section.
    pub packs: Vec<Pack>,
    /// The small-number rule for public packs.
    pub suppression: Option<Suppression>,
    /// The currency symbol money indicators print, e.g. `£`.
    pub currency: String,
    /// How the table is laid out.
    pub layout: Layout,
}

/// A font file named in report.yaml, as read.
#[derive(Debug, Clone, PartialEq)]
pub struct FontFile {
    /// Its path relative to the data folder.
    pub name: String,
    /// The exact bytes.
    pub bytes: Vec<u8>,
}

/// The scale money is typed and shown in: with `millions`, 1.2 is £1.2m.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scale {
    /// Whole units: £250.
    #[default]
    Units,
    /// Thousands: £250k.
    Thousands,
    /// Millions: £1.2m.
    Millions,
    /// Billions: £1.2bn.
    Billions,
}

impl Scale {
    /// What follows the number: "", "k", "m" or "bn".
    pub fn suffix(self) -> &'static str {
        match self {
            Scale::Units => "",
            Scale::Thousands => "k",
            Scale::Millions => "m",
            Scale::Billions => "bn",
        }
    }
}

/// The currency symbol unless report.yaml names another.
pub const DEFAULT_CURRENCY: &str = "\u{a3}";

/// What an indicator measures, which decides validation and display.
#[derive(Debug, Clone, PartialEq)]
pub enum Unit {
    /// A head count: never negative, shown with thousands separators.
    Count,
    /// A percentage, stored as percent (24.4 means 24.4%).
    Percentage,
    /// A rate per `per` of a population.
    Rate {
        /// The N of "per N".
        per: f64,
    },
    /// Money in the report's currency, typed in the scale's unit; may be negative (a
    /// budget variance).
    Money {
        /// The currency symbol, e.g. `£`.
        currency: String,
        /// The scale typed and shown.
        scale: Scale,
    },
    /// Any other quantity (days, kg, tonnes), with an optional word after the number.
    Number {
        /// E.g. `days`.
        suffix: Option<String>,
        /// Whether values below zero are allowed.
        negative: bool,
    },
}

impl Unit {
    /// The name used in YAML and CSV.
    pub fn name(&self) -> &'static str {
        match self {
            Unit::Count => "count",
            Unit::Percentage => "percentage",
            Unit::Rate { .. } => "rate",
            Unit::Money { .. } => "money",
            Unit::Number { .. } => "number",
        }
    }

    /// Why `x` cannot be a value of this unit, if it cannot; with how to fix it.
    pub fn refuses(&self, x: f64) -> Option<(String, &'static str)> {
        if let Some(refusal) = implausible(x) {
            return Some(refusal);
        }
        match self {
            Unit::Percentage if !(0.0..=100.0).contains(&x) => Some((
                format!("{x} is not a percentage"),
                "percentages are written as percents from 0 to 100, e.g. 24.4 for 24.4%",
            )),
            Unit::Count if x < 0.0 => Some((
                format!("a count cannot be negative ({x})"),
                "counts are zero or more; for a figure that can fall below zero use `unit: number` with `negative: true`, or `unit: money`",
            )),
            Unit::Count if x.fract() != 0.0 => Some((
                format!("a count is a whole number, and this is {x}"),
                "check the figure; for a figure with decimals (an average, a full-time equivalent) use `unit: number`",
            )),
            Unit::Rate { .. } if x < 0.0 => Some((
                format!("a rate cannot be negative ({x})"),
                "rates are zero or more",
            )),
            Unit::Number { negative: false, .. } if x < 0.0 => Some((
                format!("{x} is below zero, and this indicator does not allow that"),
                "add `negative: true` to the indicator if its values can fall below zero",
            )),
            _ => None,
        }
    }
}

/// How a computed indicator is derived from others, month by month.
#[derive(Debug, Clone, PartialEq)]
pub enum Formula {
    /// 100 × numerator ÷ denominator (both indicator ids).
    Ratio {
        /// Indicator id on top.
        numerator: String,
        /// Indicator id underneath.
        denominator: String,
    },
    /// per × numerator ÷ population.
    Rate {
        /// Indicator id on top.
        numerator: String,
        /// Population id from the report.
        population: String,
    },
    /// An expression over numbers, indicators and populations that gives the value as
    /// shown (the 100 of a percentage is written in it).
    Expression(crate::expr::Expression),
}

impl Formula {
    /// The indicator ids this formula reads.
    pub fn inputs(&self) -> Vec<&str> {
        match self {
            Formula::Ratio {
                numerator,
                denominator,
            } => vec![numerator, denominator],
            Formula::Rate { numerator, .. } => vec![numerator],
            Formula::Expression(expression) => expression.indicators(),
        }
    }
}

/// How an indicator's changes from last month and last year are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChangeBasis {
    /// As a percentage of the earlier value (the default).
    #[default]
    Percent,
    /// In percentage points, the difference of two percentages (`change: points`): the
    /// steady band is then a number of points.
    Points,
}

/// Per-indicator statistical process control settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SpcConfig {
    /// Limits come from the first N months only.
    pub baseline: Option<usize>,
    /// Months at which a new section of limits starts.
    pub recalculate_at: Vec<YearMonth>,
}

/// Something that happened to an indicator, shown on its charts and named in their alt
/// text: a new system, a changed definition, or the SPC limits recalculated.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The month it took effect.
    pub month: YearMonth,
    /// What happened, in the service's words.
    pub text: String,
    /// Whether the SPC limits were recalculated from this month.
    pub recalculation: bool,
}

/// A figure that may change over time, such as a target that is reset each April: each
/// step is in force from its month (or from the start) until the next.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schedule {
    /// Steps in calendar order; a first step from `None` applies from the start.
    pub steps: Vec<(Option<YearMonth>, f64)>,
}

impl Schedule {
    /// One value for every month.
    pub fn constant(value: f64) -> Self {
        Self {
            steps: vec![(None, value)],
        }
    }

    /// The value in force in `month`, if any.
    pub fn at(&self, month: YearMonth) -> Option<f64> {
        self.steps
            .iter()
            .rev()
            .find(|(from, _)| from.is_none_or(|from| from <= month))
            .map(|(_, value)| *value)
    }

    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

/// One row of the scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Stable identifier used by month files and formulas.
    pub id: String,
    /// Displayed reference number.
    pub reference: String,
    /// What is counted.
    pub title: String,
    /// The outcome statement: why the board monitors it.
    pub outcome: String,
    /// What kind of number it is.
    pub unit: Unit,
    /// Whether up is good.
    pub polarity: Polarity,
    /// Decimals shown for values, averages and benchmarks.
    pub decimals: u8,
    /// Published benchmark per comparator id; absent means "Local".
    pub benchmarks: BTreeMap<String, f64>,
    /// Target, drawn on the sparkline and used for SPC assurance and RAG.
    pub target: Schedule,
    /// The floor standard: with a target, it gives the RAG judgement (red below it).
    pub floor: Schedule,
    /// Set when the value is computed rather than typed.
    pub formula: Option<Formula>,
    /// How its changes are measured and judged against the steady band.
    pub change: ChangeBasis,
    /// SPC baseline and recalculation settings.
    pub spc: SpcConfig,
    /// Annotations, in month order: `events` and the reasons for recalculated limits.
    pub events: Vec<Event>,
    /// Who writes its commentary: its own `owner`, else its section's (an id from
    /// distribution.yaml's `owners`).
    pub owner: Option<String>,
}

#[cfg(test)]
impl Indicator {
    /// A plain indicator for unit tests: the id as its title, up is good, no extras.
    pub(crate) fn for_test(id: &str, unit: Unit, formula: Option<Formula>) -> Self {
        Self {
            id: id.into(),
            reference: String::new(),
            title: id.into(),
            outcome: String::new(),
            unit,
            polarity: Polarity::Up,
            decimals: 0,
            benchmarks: BTreeMap::new(),
            target: Schedule::default(),
            floor: Schedule::default(),
            formula,
            change: ChangeBasis::Percent,
            spc: SpcConfig::default(),
            events: Vec::new(),
            owner: None,
        }
    }
}

/// A titled group of indicators.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Stable identifier.
    pub id: String,
    /// Heading shown as the rotated label.
    pub title: String,
    /// The default owner of its indicators' commentary.
    pub owner: Option<String>,
    /// Rows, in display order.
    pub indicators: Vec<Indicator>,
}

/// One month file's contents.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MonthData {
    /// The file it was read from.
    pub path: PathBuf,
    /// True when the month was rebuilt from published aggregates rather than reported.
    pub reconstructed: bool,
    /// Typed values by indicator id.
    pub values: BTreeMap<String, Value>,
    /// That month's commentary by indicator id.
    pub commentary: BTreeMap<String, String>,
}

/// An input file as read, kept so it can be attached to an archival PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// Path relative to the data folder, with `/` separators.
    pub name: String,
    /// The exact bytes read.
    pub bytes: Vec<u8>,
}

/// Everything in a data folder, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The folder it came from.
    pub root: PathBuf,
    /// The settings from report.yaml.
    pub report: Report,
    /// Sections in display order.
    pub sections: Vec<Section>,
    /// Months in calendar order.
    pub months: BTreeMap<YearMonth, MonthData>,
    /// The files read, in a fixed order.
    pub sources: Vec<SourceFile>,
}

impl Dataset {
    /// Every indicator, in display order.
    pub fn indicators(&self) -> impl Iterator<Item = (&Section, &Indicator)> {
        self.sections
            .iter()
            .flat_map(|s| s.indicators.iter().map(move |i| (s, i)))
    }

    /// The latest month that has a file.
    pub fn latest_month(&self) -> Option<YearMonth> {
        self.months.keys().next_back().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_arithmetic_crosses_years() {
        let june: YearMonth = "2020-06".parse().unwrap();
        assert_eq!(june.plus(-12).to_string(), "2019-06");
        assert_eq!(june.plus(7).to_string(), "2021-01");
        assert_eq!(june.plus(-6).to_string(), "2019-12");
        assert_eq!(june.months_since("2019-07".parse().unwrap()), 11);
        assert_eq!(june.long_name(), "June 2020");
        assert_eq!(june.short_name(), "Jun-20");
        assert_eq!(june.last_day().to_string(), "2020-06-30");
        assert_eq!(
            "2020-02"
                .parse::<YearMonth>()
                .unwrap()
                .last_day()
                .to_string(),
            "2020-02-29"
        );
    }

    #[test]
    fn month_parsing_is_strict() {
        for bad in [
            "2020-6", "2020-13", "2020-00", "20-06", "2020_06", "2020-06x", "abcd-ef",
        ] {
            assert!(
                bad.parse::<YearMonth>().is_err(),
                "{bad} should be rejected"
            );
        }
    }
}
