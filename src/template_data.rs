//! What the template receives: the report, the legend and every row as display-ready
//! strings in one JSON document (`/data.json`), plus one SVG per sparkline
//! (`/spark/<id>.svg`). The template only lays out; every number is formatted here, so
//! a custom template gets exactly the same figures as the embedded one. Text such as
//! commentary travels as JSON strings and is shown by the template as plain text, never
//! evaluated as Typst markup.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::attention::{
    self, matrix_cell, stale_since, AssuranceColumn, Reason, VariationRow, ASSURANCE_COLUMNS,
    VARIATION_ROWS,
};
use crate::chart::{self, ChartData};
use crate::figures::{
    format_change, format_in_unit, format_value, Arrow, Change, IndicatorFigures, Judgement,
    Movement, Rag, Value, SPARKLINE_MONTHS,
};
use crate::model::{
    Audience, Dataset, Detail, DirectionRule, Layout, Pack, Polarity, Unit, YearMonth,
};
use crate::palette::{palette, Palette};
use crate::sparkline::{alt_text, render_svg, SparklineData};
use crate::spc::{Assurance, Variation};

pub use crate::model::Paper;

/// The version of the `/data.json` layout documented in docs/template.md. It changes
/// only when a field is renamed, removed or changes meaning; new fields keep it.
pub const SCHEMA_VERSION: u32 = 1;

/// Months shown as columns, ending with the report month.
pub const MONTHS_SHOWN: i32 = 6;

/// The whole payload handed to the template as `/data.json`.
#[derive(Debug, Clone, Serialize)]
pub struct TemplateData {
    schema: u32,
    report: ReportInfo,
    layout: Layout,
    pack: Option<PackInfo>,
    paper: Paper,
    palette: Palette,
    labels: Labels,
    months: Vec<MonthLabel>,
    comparators: Vec<ComparatorInfo>,
    sections: Vec<SectionRows>,
    legend: Legend,
    summary: Option<Summary>,
    details: Vec<DetailInfo>,
    attachments: Vec<AttachmentInfo>,
}

/// The summary page: the Making Data Count matrix and what needs attention.
#[derive(Debug, Clone, Serialize)]
struct Summary {
    matrix_columns: Vec<MatrixHeading<AssuranceColumn>>,
    matrix: Vec<MatrixRow>,
    /// What the matrix leaves out: indicators whose series holds a withheld figure (a
    /// public pack), which have no SPC analysis; null when there are none.
    not_assessed: Option<String>,
    attention: Vec<AttentionItem>,
    /// What the list says when nothing needs attention.
    nothing: String,
}

#[derive(Debug, Clone, Serialize)]
struct MatrixHeading<K> {
    key: K,
    label: String,
}

#[derive(Debug, Clone, Serialize)]
struct MatrixRow {
    key: VariationRow,
    label: String,
    cells: Vec<MatrixCell>,
}

#[derive(Debug, Clone, Serialize)]
struct MatrixCell {
    count: usize,
    references: Vec<MatrixEntry>,
}

#[derive(Debug, Clone, Serialize)]
struct MatrixEntry {
    id: String,
    reference: String,
}

#[derive(Debug, Clone, Serialize)]
struct AttentionItem {
    id: String,
    reference: String,
    title: String,
    reasons: Vec<String>,
}

/// A detail page's chart of one indicator; its figures are the row with the same id.
#[derive(Debug, Clone, Serialize)]
struct DetailInfo {
    id: String,
    chart: Option<String>,
    chart_alt: String,
    events: Vec<EventInfo>,
    reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct EventInfo {
    number: usize,
    month: String,
    text: String,
}

#[derive(Debug, Clone, Serialize)]
struct ReportInfo {
    organisation: String,
    title: String,
    document_title: String,
    month: String,
    month_name: String,
    language: String,
    region: Option<String>,
    protective_marking: Option<String>,
    data_as_at: String,
    reconstructed_months: Vec<String>,
    fonts: Vec<String>,
}

/// A month column's heading, in its forms.
#[derive(Debug, Clone, Serialize)]
struct MonthLabel {
    /// `2020-06`.
    month: String,
    /// `Jun-20`.
    short: String,
    /// `Jun`.
    name: String,
    /// `20`.
    year: String,
}

impl MonthLabel {
    fn new(month: YearMonth) -> Self {
        let short = month.short_name();
        let (name, year) = short.split_once('-').unwrap_or((&short, ""));
        Self {
            month: month.to_string(),
            name: name.to_string(),
            year: year.to_string(),
            short,
        }
    }
}

/// Every heading the template prints that depends on the report month.
#[derive(Debug, Clone, Serialize)]
struct Labels {
    change_month: String,
    change_year: String,
    commentary: String,
    trend: String,
    trend_legend: String,
}

#[derive(Debug, Clone, Serialize)]
struct ComparatorInfo {
    label: String,
    name: String,
}

#[derive(Debug, Clone, Serialize)]
struct SectionRows {
    id: String,
    title: String,
    rows: Vec<Row>,
}

#[derive(Debug, Clone, Serialize)]
struct Trend {
    text: String,
    arrow: Option<Arrow>,
    judgement: Option<Judgement>,
    /// Spoken form for assistive technology, e.g. "up 20%, worsening".
    alt: String,
}

#[derive(Debug, Clone, Serialize)]
struct Row {
    id: String,
    reference: String,
    title: String,
    outcome: String,
    unit: &'static str,
    polarity: Polarity,
    values: Vec<String>,
    change_month: Trend,
    change_year: Trend,
    direction: Trend,
    average: String,
    maximum: String,
    window_note: Option<String>,
    benchmarks: Vec<String>,
    spark: Option<String>,
    spark_alt: String,
    variation: Variation,
    assurance: Assurance,
    spc_alt: String,
    last_updated: Option<String>,
    rag: Option<Rag>,
    rag_alt: String,
    commentary: String,
}

#[derive(Debug, Clone, Serialize)]
struct Legend {
    steady_band: String,
    direction_rule: String,
    suppression: Option<String>,
    withheld_trend: String,
    rag: bool,
}

#[derive(Debug, Clone, Serialize)]
struct PackInfo {
    id: String,
    audience: Audience,
}

#[derive(Debug, Clone, Serialize)]
struct AttachmentInfo {
    path: String,
    name: String,
    mime: &'static str,
    relationship: &'static str,
    description: String,
}

/// A file the template should attach to the PDF (archival copies carry their inputs).
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Name inside the PDF, e.g. `months/2020-06.yaml`.
    pub name: String,
    /// Exact bytes.
    pub bytes: Vec<u8>,
    /// MIME type.
    pub mime: &'static str,
    /// PDF/A-3 relationship: `source` for inputs, `data` for derived tables.
    pub relationship: &'static str,
    /// What it is.
    pub description: String,
}

/// Which document is being laid out: its month, paper and pack.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The report month.
    pub month: YearMonth,
    /// Page size.
    pub paper: Paper,
    /// The pack, when report.yaml defines packs.
    pub pack: Option<&'a Pack>,
    /// Which indicators get a detail page.
    pub detail: Detail,
}

impl Document<'_> {
    /// The symbol for withheld figures, when this is a public pack.
    pub fn withheld_symbol<'d>(&self, dataset: &'d Dataset) -> Option<&'d str> {
        let public = self.pack.is_some_and(|p| p.audience == Audience::Public);
        dataset
            .report
            .suppression
            .as_ref()
            .filter(|_| public)
            .map(|s| s.symbol.as_str())
    }
}

/// True when a figure in the row's view is withheld (its months, changes, 12-month
/// figures or trend), so nothing tied to its numbers may be shown.
pub fn has_withheld(f: &IndicatorFigures) -> bool {
    f.series_withheld
        || f.window.suppressed
        || f.last_six
            .iter()
            .chain(&f.history)
            .any(|(_, v)| *v == Value::Suppressed)
        || [f.change_month, f.change_year].contains(&Change::Suppressed)
}

/// Everything the world serves besides the template: `/data.json`, the sparklines and
/// any attachments, by virtual path.
pub fn virtual_files(
    dataset: &Dataset,
    document: &Document,
    figures: &[IndicatorFigures],
    attachments: &[Attachment],
) -> BTreeMap<String, Vec<u8>> {
    let month = document.month;
    let paper = document.paper;
    let withheld = document.withheld_symbol(dataset);
    let mut files = BTreeMap::new();
    // Why each indicator needs attention, in the order of `figures`: the summary lists
    // them and the detail pages choose by them.
    let reasons: Vec<Vec<Reason>> = figures.iter().map(attention::reasons).collect();
    let details = details(document, figures, &reasons, withheld, &mut files);
    let mut sections: Vec<SectionRows> = dataset
        .sections
        .iter()
        .map(|s| SectionRows {
            id: s.id.clone(),
            title: s.title.clone(),
            rows: Vec::new(),
        })
        .collect();
    for f in figures {
        let spark = if is_hidden(f, withheld) {
            None
        } else {
            let path = format!("/spark/{}.svg", f.indicator.id);
            files.insert(
                path.clone(),
                render_svg(&SparklineData::from_figures(f)).into_bytes(),
            );
            Some(path)
        };
        let row = row(dataset, f, spark, withheld);
        if let Some(section) = sections.iter_mut().find(|s| s.id == f.section_id) {
            section.rows.push(row);
        }
    }
    let report = &dataset.report;
    let reconstructed_months = dataset
        .months
        .iter()
        .filter(|(m, data)| data.reconstructed && **m <= month && month.months_since(**m) < 24)
        .map(|(m, _)| m.short_name())
        .collect();
    let data_as_at = report.data_as_at.unwrap_or_else(|| month.last_day());
    let attachment_info = attachments
        .iter()
        .map(|a| {
            // Served at its own name, so the attachment is called e.g. `months/2020-06.yaml`.
            let path = format!("/{}", a.name);
            files.insert(path.clone(), a.bytes.clone());
            AttachmentInfo {
                path,
                name: a.name.clone(),
                mime: a.mime,
                relationship: a.relationship,
                description: a.description.clone(),
            }
        })
        .collect();
    let (language, region) = typst_language(&report.language);
    let title = document
        .pack
        .and_then(|p| p.title.clone())
        .unwrap_or_else(|| report.title.clone());
    let payload = TemplateData {
        schema: SCHEMA_VERSION,
        layout: report.layout.clone(),
        pack: document.pack.map(|p| PackInfo {
            id: p.id.clone(),
            audience: p.audience,
        }),
        palette: palette(),
        labels: Labels {
            change_month: format!("% change from {}", month.plus(-1).short_name()),
            change_year: format!("% change from {}", month.plus(-12).short_name()),
            commentary: format!("Commentary ({})", month.short_name()),
            trend: format!("Trend (up to {SPARKLINE_MONTHS} months)"),
            trend_legend: format!("up to the last {SPARKLINE_MONTHS} months"),
        },
        report: ReportInfo {
            organisation: report.organisation.clone(),
            title: title.clone(),
            document_title: format!("{title} \u{2014} {}", month.long_name()),
            month: month.to_string(),
            month_name: month.long_name(),
            language,
            region,
            protective_marking: report.protective_marking.clone(),
            data_as_at: data_as_at.format("%-d %B %Y").to_string(),
            reconstructed_months,
            fonts: crate::fonts::families(&report.fonts),
        },
        paper,
        months: (0..MONTHS_SHOWN)
            .rev()
            .map(|back| MonthLabel::new(month.plus(-back)))
            .collect(),
        comparators: report
            .comparators
            .iter()
            .map(|c| ComparatorInfo {
                label: c.label.clone(),
                name: c.name.clone(),
            })
            .collect(),
        sections: sections
            .into_iter()
            .filter(|s| !s.rows.is_empty())
            .collect(),
        legend: Legend {
            steady_band: format!(
                "\u{00b1}{}%",
                crate::figures::format_number(report.steady_band_pct, 1).trim_end_matches(".0")
            ),
            direction_rule: match report.direction_rule {
                DirectionRule::LatestVs12mAverage => "latest month against the 12-month average",
                DirectionRule::LatestVsPreviousMonth => "latest month against the previous month",
                DirectionRule::LatestVsYearAgo => "latest month against the same month last year",
            }
            .to_string(),
            withheld_trend: "Not shown (small numbers)".to_string(),
            rag: figures.iter().any(|f| f.rag.is_some()),
            suppression: withheld.zip(report.suppression.as_ref()).map(|(symbol, rule)| {
                let rounding = rule
                    .round_to
                    .map(|r| format!("; other counts are rounded to the nearest {r}"))
                    .unwrap_or_default();
                format!(
                    "{symbol} = withheld to protect small numbers (counts of 1 to {}, and figures derived from them){rounding}",
                    rule.below - 1
                )
            }),
        },
        summary: report
            .layout
            .summary
            .then(|| summary(figures, &reasons, withheld, month)),
        details,
        attachments: attachment_info,
    };
    let json = serde_json::to_vec_pretty(&payload).unwrap_or_default();
    files.insert("/data.json".to_string(), json);
    files
}

/// True when this document withholds small numbers and the row's view holds one, so
/// nothing drawn from its series (trend, SPC, chart, commentary) may be shown.
fn is_hidden(f: &IndicatorFigures, withheld: Option<&str>) -> bool {
    withheld.is_some() && has_withheld(f)
}

/// The summary page's matrix and "Needs attention" list. In a public pack an indicator
/// whose series holds a withheld figure has no SPC analysis (see `figures`): the matrix
/// counts it apart, as not assessed, and its reasons for attention (below the floor, no
/// value) rest only on figures the table prints.
fn summary(
    figures: &[IndicatorFigures],
    reasons: &[Vec<Reason>],
    withheld: Option<&str>,
    month: YearMonth,
) -> Summary {
    let entry = |f: &IndicatorFigures| MatrixEntry {
        id: f.indicator.id.clone(),
        reference: display_reference(f),
    };
    let matrix = VARIATION_ROWS
        .iter()
        .map(|row| MatrixRow {
            key: *row,
            label: match row {
                VariationRow::Improvement => "Special cause improvement",
                VariationRow::Common => "Common cause",
                VariationRow::Concern => "Special cause concern",
                VariationRow::Neither => "Special cause, neither better nor worse",
                VariationRow::NoLimits => "Too few months for limits",
            }
            .to_string(),
            cells: ASSURANCE_COLUMNS
                .iter()
                .map(|column| {
                    let references: Vec<MatrixEntry> = figures
                        .iter()
                        .filter(|f| {
                            !is_hidden(f, withheld)
                                && matrix_cell(f.spc.variation, f.spc.assurance) == (*row, *column)
                        })
                        .map(entry)
                        .collect();
                    MatrixCell {
                        count: references.len(),
                        references,
                    }
                })
                .collect(),
        })
        .collect();
    let not_assessed = figures.iter().filter(|f| is_hidden(f, withheld)).count();
    let attention = figures
        .iter()
        .zip(reasons)
        .filter(|(_, reasons)| !reasons.is_empty())
        .map(|(f, reasons)| AttentionItem {
            id: f.indicator.id.clone(),
            reference: display_reference(f),
            title: breakable(&f.indicator.title),
            reasons: reasons.iter().map(|r| r.words(month)).collect(),
        })
        .collect();
    Summary {
        matrix_columns: ASSURANCE_COLUMNS
            .iter()
            .map(|c| MatrixHeading {
                key: *c,
                label: match c {
                    AssuranceColumn::Pass => "Target consistently met",
                    AssuranceColumn::HitOrMiss => "Target hit and miss",
                    AssuranceColumn::Fail => "Target consistently missed",
                    AssuranceColumn::NoTarget => "No target, or not assessed",
                }
                .to_string(),
            })
            .collect(),
        matrix,
        not_assessed: match not_assessed {
            0 => None,
            1 => Some("1 indicator is not assessed: its series includes figures withheld to protect small numbers.".to_string()),
            n => Some(format!("{n} indicators are not assessed: their series include figures withheld to protect small numbers.")),
        },
        attention,
        nothing: format!(
            "Nothing needs attention in {}: no special cause concern, no target the process will consistently miss, nothing below its floor and no value missing.",
            month.long_name()
        ),
    }
}

/// The reference as printed, or the id when the indicator has none.
fn display_reference(f: &IndicatorFigures) -> String {
    if f.indicator.reference.is_empty() {
        f.indicator.id.clone()
    } else {
        f.indicator.reference.clone()
    }
}

/// The detail pages' charts (as `/chart/<id>.svg`) for the indicators `document.detail`
/// asks for. A chart whose series holds a withheld figure is not drawn.
fn details(
    document: &Document,
    figures: &[IndicatorFigures],
    reasons: &[Vec<Reason>],
    withheld: Option<&str>,
    files: &mut BTreeMap<String, Vec<u8>>,
) -> Vec<DetailInfo> {
    figures
        .iter()
        .zip(reasons)
        .filter(|(_, reasons)| match document.detail {
            Detail::None => false,
            Detail::All => true,
            Detail::Exceptions => !reasons.is_empty(),
        })
        .map(|(f, reasons)| {
            let hidden = is_hidden(f, withheld);
            let chart = (!hidden).then(|| {
                let path = format!("/chart/{}.svg", f.indicator.id);
                let data = ChartData::from_figures(f);
                let axis = axis_decimals(&data, f.indicator.decimals);
                let unit = &f.indicator.unit;
                let svg = chart::render_svg(&data, &|y| format_in_unit(y, unit, axis));
                files.insert(path.clone(), svg.into_bytes());
                path
            });
            DetailInfo {
                id: f.indicator.id.clone(),
                chart,
                chart_alt: if hidden {
                    WITHHELD_TREND.to_string()
                } else {
                    chart::alt_text(f)
                },
                events: if hidden {
                    Vec::new()
                } else {
                    chart::chart_events(f)
                        .enumerate()
                        .map(|(i, e)| EventInfo {
                            number: i + 1,
                            month: e.month.short_name(),
                            text: e.text.clone(),
                        })
                        .collect()
                },
                reasons: reasons.iter().map(|r| r.words(f.month)).collect(),
            }
        })
        .collect()
}

/// Decimals for the value axis: the indicator's own, or more when its range is so small
/// that ticks would otherwise print the same number twice.
fn axis_decimals(data: &ChartData, decimals: u8) -> u8 {
    let (low, high) = chart::value_range(data);
    let tick = (high - low) / 6.0;
    if !tick.is_finite() || tick <= 0.0 {
        return decimals;
    }
    let needed = (-tick.log10()).ceil().clamp(0.0, 3.0) as u8;
    decimals.max(needed)
}

/// Words longer than this may break inside, so they cannot run out of a narrow cell.
const LONG_WORD: usize = 20;

/// `text` with an invisible break opportunity (a zero-width space) every ten characters
/// of any word longer than twenty characters; ordinary words are untouched, so they stay
/// whole and searchable.
pub fn breakable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0;
    let mut word_len = 0;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            run = 0;
            word_len = 0;
        } else {
            if word_len == 0 {
                word_len = text[i..].chars().take_while(|c| !c.is_whitespace()).count();
            }
            if word_len > LONG_WORD && run > 0 && run % 10 == 0 {
                out.push('\u{200b}');
            }
            run += 1;
        }
        out.push(c);
    }
    out
}

/// A BCP 47 tag as typst takes it: the language in lower case and, when the tag has one,
/// the two-letter region (a script subtag such as `Latn` is skipped; typst has no place
/// for it and the PDF's language is still right).
pub fn typst_language(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("en").to_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_uppercase);
    (language, region)
}

fn row(
    dataset: &Dataset,
    f: &IndicatorFigures,
    spark: Option<String>,
    withheld: Option<&str>,
) -> Row {
    let unit = &f.indicator.unit;
    let decimals = f.indicator.decimals;
    let symbol = withheld.unwrap_or(crate::model::DEFAULT_SUPPRESSION_SYMBOL);
    let hidden = is_hidden(f, withheld);
    let number = |x: Option<f64>| {
        if f.window.suppressed {
            return symbol.to_string();
        }
        x.map_or("\u{2013}".to_string(), |x| {
            format_in_unit(x, unit, decimals)
        })
    };
    let show = |v: Value| match v {
        Value::Suppressed => symbol.to_string(),
        v => format_value(v, unit, decimals),
    };
    let window_note = (f.window.months_present < 12
        && f.window.months_present > 0
        && !f.window.suppressed)
        .then(|| match f.window.months_present {
            1 => "1 month".to_string(),
            n => format!("{n} months"),
        });
    let benchmarks = dataset
        .report
        .comparators
        .iter()
        .map(|c| {
            f.indicator
                .benchmarks
                .get(&c.id)
                .map_or("Local".to_string(), |b| format_in_unit(*b, unit, decimals))
        })
        .collect();
    Row {
        id: f.indicator.id.clone(),
        reference: f.indicator.reference.clone(),
        title: breakable(&f.indicator.title),
        outcome: breakable(&f.indicator.outcome),
        unit: unit.name(),
        polarity: f.indicator.polarity,
        values: f.last_six.iter().map(|(_, v)| show(*v)).collect(),
        change_month: trend(f.change_month, f.movement_month, "from last month", symbol),
        change_year: trend(
            f.change_year,
            f.movement_year,
            "from the same month last year",
            symbol,
        ),
        direction: direction(f.direction, f.value, hidden.then_some(symbol)),
        average: number(f.window.average),
        maximum: number(f.window.maximum),
        window_note,
        benchmarks,
        spark_alt: if hidden {
            WITHHELD_TREND.to_string()
        } else {
            alt_text(f)
        },
        spark,
        variation: f.spc.variation,
        assurance: f.spc.assurance,
        spc_alt: if hidden {
            WITHHELD_TREND.to_string()
        } else {
            spc_alt(f.spc.variation, f.spc.assurance, f.target, unit, decimals)
        },
        last_updated: stale_since(f).map(YearMonth::short_name),
        rag: f.rag,
        rag_alt: f.rag.zip(f.target).map_or(String::new(), |(rag, target)| {
            let target = format_in_unit(target, unit, decimals);
            match rag {
                Rag::Green => format!("RAG green: the target of {target} is met"),
                Rag::Amber => format!("RAG amber: the floor is met, the target of {target} is not"),
                Rag::Red => format!("RAG red: below the floor (target {target})"),
            }
        }),
        // Commentary is free text that may quote a withheld number.
        commentary: if hidden {
            String::new()
        } else {
            breakable(f.commentary.as_deref().unwrap_or_default())
        },
    }
}

fn judgement_word(j: Judgement) -> &'static str {
    match j {
        Judgement::Improving => "improving",
        Judgement::Worsening => "worsening",
        Judgement::Neutral => "no better or worse",
    }
}

fn arrow_word(a: Arrow) -> &'static str {
    match a {
        Arrow::Up => "up",
        Arrow::Down => "down",
        Arrow::Steady => "steady",
    }
}

/// Alt text where a trend or SPC icon is withheld.
const WITHHELD_TREND: &str =
    "Trend not shown: it includes figures withheld to protect small numbers";

fn trend(change: Change, movement: Option<Movement>, context: &str, symbol: &str) -> Trend {
    if change == Change::Suppressed {
        return Trend {
            text: symbol.to_string(),
            arrow: None,
            judgement: None,
            alt: format!("change {context} withheld to protect small numbers"),
        };
    }
    let text = format_change(change);
    let alt = match (change, movement) {
        // The arrow word carries the sign: "down 30%", not "down minus 30%".
        (Change::Percent(_), Some(m)) => format!(
            "{} {} {context}, {}",
            arrow_word(m.arrow),
            text.trim_start_matches('\u{2212}'),
            judgement_word(m.judgement)
        ),
        (Change::NotApplicable, _) => format!("change {context} not applicable"),
        _ => format!("change {context} not available"),
    };
    Trend {
        text,
        arrow: movement.map(|m| m.arrow),
        judgement: movement.map(|m| m.judgement),
        alt,
    }
}

fn direction(movement: Option<Movement>, value: Value, withheld: Option<&str>) -> Trend {
    if let Some(symbol) = withheld {
        return Trend {
            text: symbol.to_string(),
            arrow: None,
            judgement: None,
            alt: "direction of travel withheld to protect small numbers".into(),
        };
    }
    match movement {
        Some(m) => Trend {
            text: String::new(),
            arrow: Some(m.arrow),
            judgement: Some(m.judgement),
            alt: format!(
                "direction of travel {}, {}",
                arrow_word(m.arrow),
                judgement_word(m.judgement)
            ),
        },
        // A figure that does not apply has no direction either: say n/a, not "no data".
        None => Trend {
            text: if value == Value::NotApplicable {
                "n/a"
            } else {
                "\u{2013}"
            }
            .into(),
            arrow: None,
            judgement: None,
            alt: "direction of travel not available".into(),
        },
    }
}

fn spc_alt(
    variation: Variation,
    assurance: Assurance,
    target: Option<f64>,
    unit: &Unit,
    decimals: u8,
) -> String {
    let variation_text = match variation {
        Variation::None => return "Too few months for SPC limits".into(),
        Variation::Common => "common cause variation",
        Variation::ImprovementHigh => "special cause improvement, high",
        Variation::ImprovementLow => "special cause improvement, low",
        Variation::ConcernHigh => "special cause concern, high",
        Variation::ConcernLow => "special cause concern, low",
        Variation::NeitherHigh => "special cause, higher (neither better nor worse)",
        Variation::NeitherLow => "special cause, lower (neither better nor worse)",
    };
    let assurance_text = match (assurance, target) {
        (Assurance::Pass, Some(t)) => format!(
            "; will consistently meet the target of {}",
            format_in_unit(t, unit, decimals)
        ),
        (Assurance::Fail, Some(t)) => format!(
            "; will consistently miss the target of {}",
            format_in_unit(t, unit, decimals)
        ),
        (Assurance::HitOrMiss, Some(t)) => format!(
            "; will hit and miss the target of {} at random",
            format_in_unit(t, unit, decimals)
        ),
        _ => String::new(),
    };
    format!("Variation: {variation_text}{assurance_text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels_come_from_the_calendar_not_string_arithmetic() {
        let january_2000: YearMonth = "2000-01".parse().unwrap();
        let label = MonthLabel::new(january_2000.plus(-12));
        assert_eq!(
            (
                label.short.as_str(),
                label.name.as_str(),
                label.year.as_str()
            ),
            ("Jan-99", "Jan", "99")
        );
    }

    #[test]
    fn only_long_words_get_break_opportunities() {
        assert_eq!(breakable("a normal sentence"), "a normal sentence");
        let long = "x".repeat(25);
        assert_eq!(
            breakable(&format!("see {long} now")),
            format!(
                "see {}\u{200b}{}\u{200b}{} now",
                "x".repeat(10),
                "x".repeat(10),
                "x".repeat(5)
            )
        );
    }

    #[test]
    fn language_tags_become_typst_language_and_region() {
        assert_eq!(typst_language("en-GB"), ("en".into(), Some("GB".into())));
        assert_eq!(
            typst_language("sr-Latn-RS"),
            ("sr".into(), Some("RS".into()))
        );
        assert_eq!(typst_language("es-419"), ("es".into(), None));
        assert_eq!(typst_language("cy"), ("cy".into(), None));
    }
}
