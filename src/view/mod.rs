//! The format-neutral view of one document: everything a reader sees, as public typed
//! data built once from the figures ([`build`]). Every string (headings, labels, legend
//! entries, notes, alt text, reasons, page furniture) comes from one table of words
//! ([`words`]), every figure arrives formatted ([`crate::format`]), each cell names the
//! [`Icon`] it carries, and every sparkline and chart is drawn, once, into
//! [`DocumentView::graphics`]. An edition only lays the view out: the Typst edition
//! ([`crate::typst_edition`]) serialises it as `/data.json` and serves the drawings and
//! icons (only it gives an icon a path; the view names icons by id and kind); a
//! web edition is another adapter over the same value, so both always say the same thing.
//! The view holds no line-breaking hints; those belong to the edition that needs them.

pub mod advice;
pub(crate) mod alt;
mod build;
mod rows;
mod summary;
pub mod words;

use std::collections::BTreeMap;

use serde::Serialize;

pub use build::{build, has_withheld, Document, ViewError};

use crate::attention::{AssuranceColumn, VariationRow};
use crate::figures::{Arrow, Judgement, Rag};
use crate::icon::Icon;
use crate::model::{Audience, Layout, Paper, Polarity};
use crate::palette::Palette;
use crate::spc::{Assurance, Variation};
pub use words::Words;

/// The version of the view's serialised layout (the Typst edition's `/data.json`),
/// documented in docs/template.md. It changes only when a field is renamed, removed or
/// changes meaning; new fields keep it.
pub const SCHEMA_VERSION: u32 = 2;

/// Months shown as columns, ending with the report month.
pub const MONTHS_SHOWN: i32 = 6;

/// At most this many references are listed in one summary-matrix cell; the rest are
/// counted ("and 12 more"), so a large scorecard's common-cause cell cannot fill pages.
pub const MATRIX_REFERENCES: usize = 60;

/// One document, ready to lay out.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The report's identity.
    pub report: ReportInfo,
    /// report.yaml's `layout`.
    pub layout: Layout,
    /// The pack, when report.yaml defines packs.
    pub pack: Option<PackInfo>,
    /// Page size (always landscape).
    pub paper: Paper,
    /// The report's colours.
    pub palette: Palette,
    /// Page furniture: every fixed word an edition prints.
    pub words: Words,
    /// Headings that depend on the report month.
    pub labels: Labels,
    /// The month columns, oldest first.
    pub months: Vec<MonthLabel>,
    /// Benchmark columns.
    pub comparators: Vec<ComparatorInfo>,
    /// Sections with their rows; sections with no rows are left out.
    pub sections: Vec<SectionRows>,
    /// How to read the scorecard.
    pub legend: Legend,
    /// The summary page, unless report.yaml turns it off.
    pub summary: Option<Summary>,
    /// The detail pages asked for, in row order.
    pub details: Vec<DetailInfo>,
    /// Every sparkline and chart as an SVG document, by the name rows and details give
    /// (`sparkline <id>`, `chart <id>`); where an edition places them is its own affair.
    #[serde(skip)]
    pub graphics: BTreeMap<String, String>,
}

/// Who publishes the document, what it is called and when its data is from.
#[derive(Debug, Clone, Serialize)]
pub struct ReportInfo {
    /// Who publishes it.
    pub organisation: String,
    /// The pack's title, or the report's.
    pub title: String,
    /// The document's title (title and month).
    pub document_title: String,
    /// Keywords for the document's metadata.
    pub keywords: Vec<String>,
    /// The report month, `2020-06`.
    pub month: String,
    /// The report month in words.
    pub month_name: String,
    /// The report's BCP 47 language tag, as report.yaml gives it (`en-GB`).
    pub language_tag: String,
    /// Its language subtag in lower case (`en`).
    pub language: String,
    /// Its two-letter region, when it has one (`GB`).
    pub region: Option<String>,
    /// Printed top and bottom of every page.
    pub protective_marking: Option<String>,
    /// When the data was extracted, in words.
    pub data_as_at: String,
    /// Months shown that were rebuilt from published aggregates (`Jun-19`).
    pub reconstructed_months: Vec<String>,
    /// Families of the report's own fonts, to use after DejaVu Sans.
    pub fonts: Vec<String>,
}

/// The pack being laid out.
#[derive(Debug, Clone, Serialize)]
pub struct PackInfo {
    /// Its id.
    pub id: String,
    /// Who it is for.
    pub audience: Audience,
}

/// Headings that depend on the report month.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// `% change from May-20`.
    pub change_month: String,
    /// `% change from Jun-19`.
    pub change_year: String,
    /// `Commentary (Jun-20)`.
    pub commentary: String,
    /// `Trend (up to 24 months)`.
    pub trend: String,
    /// `up to the last 24 months`.
    pub trend_legend: String,
    /// What the detail pages' charts show, under their heading.
    pub detail_intro: String,
}

/// A month column's heading, in its forms.
#[derive(Debug, Clone, Serialize)]
pub struct MonthLabel {
    /// `2020-06`.
    pub month: String,
    /// `Jun-20`.
    pub short: String,
    /// `Jun`.
    pub name: String,
    /// `20`.
    pub year: String,
}

/// A benchmark column.
#[derive(Debug, Clone, Serialize)]
pub struct ComparatorInfo {
    /// Its heading (`SN`).
    pub label: String,
    /// What the heading stands for (`Statistical neighbours`).
    pub name: String,
}

/// A section of the table.
#[derive(Debug, Clone, Serialize)]
pub struct SectionRows {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// One row per indicator, in display order.
    pub rows: Vec<Row>,
}

/// What a printed figure is: a number, or why there is none. An edition that writes
/// shorthand of its own (a web page's `[x]`, `[z]`, `[c]`) reads it here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shown {
    /// A number, formatted.
    Figure,
    /// No figure was reported (`–`).
    Missing,
    /// The figure does not apply (`n/a`).
    NotApplicable,
    /// Withheld to protect small numbers (the withheld symbol).
    Withheld,
}

impl Shown {
    /// What a value is.
    pub fn of(value: crate::model::Value) -> Self {
        match value {
            crate::model::Value::Present(_) => Shown::Figure,
            crate::model::Value::Missing => Shown::Missing,
            crate::model::Value::NotApplicable => Shown::NotApplicable,
            crate::model::Value::Suppressed => Shown::Withheld,
        }
    }
}

/// A change or a direction of travel, with its icon.
#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// The formatted change (`20%`, `n/a`, `–`, the withheld symbol); empty for a
    /// direction of travel that has an arrow.
    pub text: String,
    /// What `text` is.
    pub shown: Shown,
    /// Which way it moved.
    pub arrow: Option<Arrow>,
    /// Whether that is good news.
    pub judgement: Option<Judgement>,
    /// The arrow to draw.
    pub icon: Option<Icon>,
    /// Spoken form for assistive technology, e.g. "up 20% from last month, worsening".
    pub alt: String,
}

/// One indicator's row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The indicator's id.
    pub id: String,
    /// Where links to the row point (`row-contacts`).
    pub anchor: String,
    /// The displayed reference (may be empty).
    pub reference: String,
    /// What is counted.
    pub title: String,
    /// Why the board watches it (may be empty).
    pub outcome: String,
    /// `count`, `percentage`, `rate`, `money` or `number`.
    pub unit: &'static str,
    /// Which way is good.
    pub polarity: Polarity,
    /// One formatted value per month column.
    pub values: Vec<String>,
    /// What each of `values` is.
    pub values_shown: Vec<Shown>,
    /// % change from last month.
    pub change_month: Trend,
    /// % change from the same month last year.
    pub change_year: Trend,
    /// Direction of travel.
    pub direction: Trend,
    /// 12-month average.
    pub average: String,
    /// 12-month maximum.
    pub maximum: String,
    /// What `average` and `maximum` are.
    pub window_shown: Shown,
    /// Months in the window when fewer than 12 (`5 months`).
    pub window_note: Option<String>,
    /// One per comparator.
    pub benchmarks: Vec<String>,
    /// Name of the sparkline in [`DocumentView::graphics`]; none when withheld.
    pub spark: Option<String>,
    /// The sparkline's alt text.
    pub spark_alt: String,
    /// The SPC variation.
    pub variation: Variation,
    /// The SPC assurance.
    pub assurance: Assurance,
    /// The variation icon to draw (none without limits).
    pub variation_icon: Option<Icon>,
    /// The assurance icon to draw (none without one).
    pub assurance_icon: Option<Icon>,
    /// The SPC icons' alt text.
    pub spc_alt: String,
    /// When there is no value for the report month, the month of the latest one.
    pub last_updated: Option<String>,
    /// What the month cell says then (`last updated Mar-20`).
    pub last_updated_note: Option<String>,
    /// What the detail page says then.
    pub no_value_note: Option<String>,
    /// The RAG judgement.
    pub rag: Option<Rag>,
    /// The RAG mark to draw.
    pub rag_icon: Option<Icon>,
    /// The RAG mark's alt text (empty without a mark).
    pub rag_alt: String,
    /// This month's commentary (empty when none, or withheld).
    pub commentary: String,
}

/// One entry of the legend: an icon and what it means.
#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    /// The icon.
    pub icon: Icon,
    /// Its alt text.
    pub alt: String,
    /// What it means.
    pub words: String,
}

/// Legend entries under a lead-in.
#[derive(Debug, Clone, Serialize)]
pub struct LegendGroup {
    /// The lead-in (`RAG against target and floor:`).
    pub intro: String,
    /// Its entries.
    pub entries: Vec<LegendEntry>,
}

/// How to read the scorecard, in the order it is printed. A part that does not apply
/// (a hidden column, no RAG marks, nothing withheld) is none.
#[derive(Debug, Clone, Serialize)]
pub struct Legend {
    /// Its heading.
    pub heading: String,
    /// The direction arrows.
    pub arrows: Vec<LegendEntry>,
    /// What the direction of travel compares.
    pub direction: Option<String>,
    /// The comparators' labels spelled out.
    pub comparators: Option<String>,
    /// The shorthand (Local, n/a, –, last updated).
    pub notes: String,
    /// What the withheld symbol means, in a public pack.
    pub suppression: Option<String>,
    /// The same without the symbol, for an edition that writes withheld figures its own
    /// way (the web page's `[c]`).
    pub suppression_meaning: Option<String>,
    /// The RAG marks.
    pub rag: Option<LegendGroup>,
    /// How to read a sparkline.
    pub trend: Option<String>,
    /// The SPC icons.
    pub spc: Option<LegendGroup>,
    /// Which months were reconstructed.
    pub reconstructed: Option<String>,
    /// What a trend cell says when its series is withheld.
    pub withheld_trend: String,
}

/// The summary page: the Making Data Count matrix and what needs attention.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The assurance columns, left to right.
    pub matrix_columns: Vec<MatrixHeading>,
    /// The variation rows, top to bottom.
    pub matrix: Vec<MatrixRow>,
    /// What the matrix leaves out (indicators whose series holds a withheld figure).
    pub not_assessed: Option<String>,
    /// The heading of the list, with its count.
    pub attention_heading: String,
    /// What needs attention, in row order.
    pub attention: Vec<AttentionItem>,
    /// What the list says when nothing needs attention.
    pub nothing: String,
}

/// A column of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixHeading {
    /// Which assurance.
    pub key: AssuranceColumn,
    /// Its heading.
    pub label: String,
    /// Its icon, when it has one.
    pub icon: Option<Icon>,
}

/// A row of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    /// Which variation.
    pub key: VariationRow,
    /// Its heading.
    pub label: String,
    /// Its icons (high and low), possibly none.
    pub icons: Vec<Icon>,
    /// One cell per column.
    pub cells: Vec<MatrixCell>,
}

/// A cell of the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixCell {
    /// How many indicators.
    pub count: usize,
    /// Which, in row order.
    pub references: Vec<MatrixEntry>,
    /// How many of them to list (at most [`MATRIX_REFERENCES`]).
    pub shown: usize,
    /// What to say of the rest (`and 12 more`).
    pub more: Option<String>,
}

/// An indicator named in the matrix.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixEntry {
    /// Its id.
    pub id: String,
    /// Its row's anchor.
    pub anchor: String,
    /// Its reference, or its id when it has none.
    pub reference: String,
}

/// An indicator that needs attention.
#[derive(Debug, Clone, Serialize)]
pub struct AttentionItem {
    /// Its id.
    pub id: String,
    /// Its row's anchor.
    pub anchor: String,
    /// Its reference, or its id when it has none.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Why, in words.
    pub reasons: Vec<String>,
}

/// A detail page's chart of one indicator; its figures are the row with the same id.
#[derive(Debug, Clone, Serialize)]
pub struct DetailInfo {
    /// The indicator.
    pub id: String,
    /// Where links to the panel point (`detail-contacts`).
    pub anchor: String,
    /// Name of the chart in [`DocumentView::graphics`]; none when withheld.
    pub chart: Option<String>,
    /// The chart's alt text.
    pub chart_alt: String,
    /// The numbered event markers.
    pub events: Vec<EventInfo>,
    /// Why it needs attention (empty when it does not).
    pub reasons: Vec<String>,
}

/// A numbered event marker on a chart.
#[derive(Debug, Clone, Serialize)]
pub struct EventInfo {
    /// Its number, from 1.
    pub number: usize,
    /// Its month (`Dec-19`).
    pub month: String,
    /// What happened.
    pub text: String,
}
