//! Building the view of one document from its figures: the report's identity, the month
//! columns, every row (with its sparkline drawn), the legend, the summary and the detail
//! pages (with their charts drawn), all in the words of one [`Table`].

use std::collections::BTreeMap;

use super::rows::{row, RowContext};
use super::summary::{reason_words_for, summary};
use super::words::{fill, Table, ENGLISH};
use super::{
    alt, ComparatorInfo, DetailInfo, DocumentView, EventInfo, Labels, Legend, LegendEntry,
    LegendGroup, MonthLabel, PackInfo, ReportInfo, SectionRows, MONTHS_SHOWN, SCHEMA_VERSION,
};
use crate::attention::{self, Reason};
use crate::figures::{Arrow, IndicatorFigures, Judgement, Rag, SPARKLINE_MONTHS};
use crate::format::{format_in_unit, format_number};
use crate::icon::Icon;
use crate::model::{
    Audience, Dataset, Detail, DirectionRule, OptionalColumn, Pack, Paper, YearMonth,
};
use crate::palette::palette;
use crate::plot::chart::{self, chart_events, ChartData, ChartText};
use crate::plot::sparkline::{self, SparklineData};
use crate::plot::PlotError;
use crate::spc::{Assurance, Variation};

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
    f.has_withheld()
}

/// A drawing of the view that could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewError {
    /// The indicator whose sparkline or chart it is.
    pub indicator: String,
    /// What went wrong.
    pub error: PlotError,
}

impl std::fmt::Display for ViewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "indicator `{}`: {}", self.indicator, self.error)
    }
}

impl std::error::Error for ViewError {}

fn plot_error(id: &str, error: PlotError) -> ViewError {
    ViewError {
        indicator: id.to_string(),
        error,
    }
}

/// The view of one document, with every sparkline and chart drawn.
pub fn build(
    dataset: &Dataset,
    document: &Document,
    figures: &[IndicatorFigures],
) -> Result<DocumentView, ViewError> {
    let t = &ENGLISH;
    let month = document.month;
    let withheld = document.withheld_symbol(dataset);
    let hidden: Vec<bool> = figures
        .iter()
        .map(|f| withheld.is_some() && has_withheld(f))
        .collect();
    let mut graphics = BTreeMap::new();
    // Why each indicator needs attention, in the order of `figures`: the summary lists
    // them and the detail pages choose by them.
    let reasons: Vec<Vec<Reason>> = figures.iter().map(attention::reasons).collect();
    let details = details(t, document, figures, &reasons, &hidden, &mut graphics)?;
    let mut sections: Vec<SectionRows> = dataset
        .sections
        .iter()
        .map(|s| SectionRows {
            id: s.id.clone(),
            title: s.title.clone(),
            rows: Vec::new(),
        })
        .collect();
    let context = RowContext {
        table: t,
        dataset,
        withheld,
    };
    for (f, hidden) in figures.iter().zip(&hidden) {
        let spark = if *hidden {
            None
        } else {
            let path = format!("sparkline {}", f.indicator.id);
            let svg = sparkline::render_svg(&SparklineData::from_figures(f))
                .map_err(|e| plot_error(&f.indicator.id, e))?;
            graphics.insert(path.clone(), svg);
            Some(path)
        };
        let row = row(&context, f, spark, *hidden);
        if let Some(section) = sections.iter_mut().find(|s| s.id == f.section_id) {
            section.rows.push(row);
        }
    }
    let report = &dataset.report;
    Ok(DocumentView {
        schema: SCHEMA_VERSION,
        report: report_info(t, dataset, document),
        layout: report.layout.clone(),
        pack: document.pack.map(|p| PackInfo {
            id: p.id.clone(),
            audience: p.audience,
        }),
        paper: document.paper,
        palette: palette(),
        words: t.words,
        labels: labels(t, month),
        months: (0..MONTHS_SHOWN)
            .rev()
            .map(|back| MonthLabel::new(t, month.plus(-back)))
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
        legend: legend(t, dataset, figures, withheld, month),
        summary: report
            .layout
            .summary
            .then(|| summary(t, figures, &reasons, &hidden, month)),
        details,
        graphics,
    })
}

impl MonthLabel {
    fn new(t: &Table, month: YearMonth) -> Self {
        let short = t.short(month);
        let (name, year) = short.split_once('-').unwrap_or((&short, ""));
        Self {
            month: month.to_string(),
            name: name.to_string(),
            year: year.to_string(),
            short,
        }
    }
}

fn labels(t: &Table, month: YearMonth) -> Labels {
    let n = SPARKLINE_MONTHS.to_string();
    Labels {
        change_month: fill(t.change_from, &[("month", &t.short(month.plus(-1)))]),
        change_year: fill(t.change_from, &[("month", &t.short(month.plus(-12)))]),
        commentary: fill(t.commentary, &[("month", &t.short(month))]),
        trend: fill(t.trend, &[("n", &n)]),
        trend_legend: fill(t.trend_legend, &[("n", &n)]),
        detail_intro: fill(t.detail_intro, &[("month", &t.long(month))]),
    }
}

fn report_info(t: &Table, dataset: &Dataset, document: &Document) -> ReportInfo {
    let report = &dataset.report;
    let month = document.month;
    let reconstructed_months = dataset
        .months
        .iter()
        .filter(|(m, data)| data.reconstructed && **m <= month && month.months_since(**m) < 24)
        .map(|(m, _)| t.short(m))
        .collect();
    let data_as_at = report.data_as_at.unwrap_or_else(|| month.last_day());
    let (language, region) = language_and_region(&report.language);
    let title = document
        .pack
        .and_then(|p| p.title.clone())
        .unwrap_or_else(|| report.title.clone());
    ReportInfo {
        organisation: report.organisation.clone(),
        document_title: fill(
            t.document_title,
            &[("title", &title), ("month", &t.long(month))],
        ),
        title,
        keywords: vec![t.keyword.to_string(), t.long(month)],
        month: month.to_string(),
        month_name: t.long(month),
        language_tag: report.language.clone(),
        language,
        region,
        protective_marking: report.protective_marking.clone(),
        data_as_at: t.date(data_as_at),
        reconstructed_months,
        fonts: crate::fonts::families(&report.fonts),
    }
}

/// A BCP 47 tag's language in lower case and, when the tag has one, its two-letter
/// region (a script subtag such as `Latn` is skipped).
pub(super) fn language_and_region(tag: &str) -> (String, Option<String>) {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("en").to_lowercase();
    let region = parts
        .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .map(str::to_uppercase);
    (language, region)
}

fn entry(icon: Icon, (alt, words): (&str, &str)) -> LegendEntry {
    LegendEntry {
        icon,
        alt: alt.to_string(),
        words: words.to_string(),
    }
}

/// The key to the table: the arrows, the direction rule, the comparators, what a
/// withheld figure means, the RAG and SPC icons (when shown), and the months rebuilt from
/// published aggregates in the two years up to `month`.
fn legend(
    t: &Table,
    dataset: &Dataset,
    figures: &[IndicatorFigures],
    withheld: Option<&str>,
    month: YearMonth,
) -> Legend {
    let report = &dataset.report;
    let shown = |column| !report.layout.hide.contains(&column);
    let rule = match report.direction_rule {
        DirectionRule::LatestVs12mAverage => t.direction_rules[0],
        DirectionRule::LatestVsPreviousMonth => t.direction_rules[1],
        DirectionRule::LatestVsYearAgo => t.direction_rules[2],
    };
    let comparators: Vec<String> = report
        .comparators
        .iter()
        .map(|c| fill(t.comparator, &[("label", &c.label), ("name", &c.name)]))
        .collect();
    let (suppression, suppression_meaning) = suppression_words(t, report, withheld);
    let reconstructed: Vec<String> = dataset
        .months
        .iter()
        .filter(|(m, data)| data.reconstructed && **m <= month && month.months_since(**m) < 24)
        .map(|(m, _)| t.short(m))
        .collect();
    Legend {
        heading: t.legend_heading.to_string(),
        arrows: arrow_entries(t, report.steady_band_pct),
        direction: shown(OptionalColumn::Direction).then(|| fill(t.direction, &[("rule", rule)])),
        comparators: (shown(OptionalColumn::Comparators) && !comparators.is_empty())
            .then(|| format!("{}.", comparators.join("; "))),
        notes: t.notes.to_string(),
        suppression,
        suppression_meaning,
        rag: figures
            .iter()
            .any(|f| f.rag.is_some())
            .then(|| LegendGroup {
                intro: t.rag_intro.to_string(),
                entries: vec![
                    entry(Icon::Rag(Rag::Green), t.rag[0]),
                    entry(Icon::Rag(Rag::Amber), t.rag[1]),
                    entry(Icon::Rag(Rag::Red), t.rag[2]),
                ],
            }),
        trend: shown(OptionalColumn::Trend).then(|| {
            let months = fill(t.trend_legend, &[("n", &SPARKLINE_MONTHS.to_string())]);
            fill(t.trend_key, &[("months", &months)])
        }),
        spc: shown(OptionalColumn::Trend).then(|| spc_group(t)),
        reconstructed: (!reconstructed.is_empty())
            .then(|| fill(t.reconstructed, &[("months", &reconstructed.join(", "))])),
        withheld_trend: t.withheld_trend.to_string(),
    }
}

/// The four arrows' entries; the steady one names the band (`±2%`) within which a change
/// counts as steady.
fn arrow_entries(t: &Table, steady_band_pct: f64) -> Vec<LegendEntry> {
    let band = format!(
        "\u{00b1}{}%",
        format_number(steady_band_pct, 1).trim_end_matches(".0")
    );
    let steady = fill(t.arrows[3].1, &[("band", &band)]);
    vec![
        entry(Icon::Arrow(Arrow::Up, Judgement::Improving), t.arrows[0]),
        entry(Icon::Arrow(Arrow::Down, Judgement::Worsening), t.arrows[1]),
        entry(Icon::Arrow(Arrow::Up, Judgement::Neutral), t.arrows[2]),
        entry(
            Icon::Arrow(Arrow::Steady, Judgement::Neutral),
            (t.arrows[3].0, &steady),
        ),
    ]
}

/// In a pack that withholds small numbers (`withheld` is its symbol): the line that
/// explains the symbol, and what it stands for (below how many, and the rounding).
fn suppression_words(
    t: &Table,
    report: &crate::model::Report,
    withheld: Option<&str>,
) -> (Option<String>, Option<String>) {
    let meaning = withheld.and(report.suppression.as_ref()).map(|rule| {
        let rounding = rule.round_to.map_or(String::new(), |r| {
            fill(t.rounding, &[("n", &r.to_string())])
        });
        let top = (rule.below - 1).to_string();
        fill(
            t.suppression_meaning,
            &[("top", &top), ("rounding", &rounding)],
        )
    });
    let suppression = withheld
        .zip(meaning.as_deref())
        .map(|(symbol, meaning)| fill(t.suppression, &[("symbol", symbol), ("meaning", meaning)]));
    (suppression, meaning)
}

/// The SPC icons' entries: the variation icons, then the assurance icons.
fn spc_group(t: &Table) -> LegendGroup {
    let variation = Icon::Variation;
    let assurance = Icon::Assurance;
    LegendGroup {
        intro: t.spc_intro.to_string(),
        entries: vec![
            entry(variation(Variation::Common), t.spc[0]),
            entry(variation(Variation::ImprovementHigh), t.spc[1]),
            entry(variation(Variation::ConcernLow), t.spc[2]),
            entry(variation(Variation::NeitherHigh), t.spc[3]),
            entry(assurance(Assurance::Pass), t.spc[4]),
            entry(assurance(Assurance::Fail), t.spc[5]),
            entry(assurance(Assurance::HitOrMiss), t.spc[6]),
        ],
    }
}

/// The detail pages' charts (named `chart <id>`) for the indicators `document.detail`
/// asks for. A chart whose series holds a withheld figure is not drawn.
fn details(
    t: &Table,
    document: &Document,
    figures: &[IndicatorFigures],
    reasons: &[Vec<Reason>],
    hidden: &[bool],
    graphics: &mut BTreeMap<String, String>,
) -> Result<Vec<DetailInfo>, ViewError> {
    let mut out = Vec::new();
    for ((f, reasons), hidden) in figures.iter().zip(reasons).zip(hidden) {
        let wanted = match document.detail {
            Detail::None => false,
            Detail::All => true,
            Detail::Exceptions => !reasons.is_empty(),
        };
        if !wanted {
            continue;
        }
        let chart = if *hidden {
            None
        } else {
            let path = format!("chart {}", f.indicator.id);
            let data = ChartData::from_figures(f);
            let note = super::advice::chart_note(t, f);
            let axis = axis_decimals(&data, f.indicator.decimals);
            let unit = &f.indicator.unit;
            let text = ChartText {
                // The axis's labels are set in the drawing itself, where text never
                // wraps.
                label: &|y| format_in_unit(y, unit, axis),
                no_values: t.chart_words.no_values,
                plan: t.advice_words.plan,
                note: note.as_deref(),
                month: &|m| t.short(m),
            };
            let svg =
                chart::render_svg(&data, &text).map_err(|e| plot_error(&f.indicator.id, e))?;
            graphics.insert(path.clone(), svg);
            Some(path)
        };
        out.push(DetailInfo {
            id: f.indicator.id.clone(),
            anchor: format!("detail-{}", f.indicator.id),
            chart,
            chart_alt: if *hidden {
                t.withheld_trend_alt.to_string()
            } else {
                alt::chart(t, f)
            },
            events: if *hidden {
                Vec::new()
            } else {
                chart_events(f)
                    .enumerate()
                    .map(|(i, e)| EventInfo {
                        number: i + 1,
                        month: t.short(e.month),
                        text: e.text.clone(),
                    })
                    .collect()
            },
            reasons: reasons.iter().map(|r| reason_words_for(t, f, *r)).collect(),
        });
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_labels_come_from_the_calendar_not_string_arithmetic() {
        let january_2000: YearMonth = "2000-01".parse().unwrap();
        let label = MonthLabel::new(&ENGLISH, january_2000.plus(-12));
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
    fn language_tags_become_language_and_region() {
        let split = language_and_region;
        assert_eq!(split("en-GB"), ("en".into(), Some("GB".into())));
        assert_eq!(split("sr-Latn-RS"), ("sr".into(), Some("RS".into())));
        assert_eq!(split("es-419"), ("es".into(), None));
        assert_eq!(split("cy"), ("cy".into(), None));
    }
}
