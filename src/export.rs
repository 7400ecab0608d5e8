//! The figures as machine-readable tables: the CSV and JSON printed by `scorecard figures`
//! and attached to archival PDFs. Numbers are unrounded, percentages are percents (24.4,
//! not 0.244), and a figure that does not exist is an empty field (CSV) or null (JSON),
//! with a status column saying whether it is "n/a" (zero base) or "missing".

use serde::Serialize;

use crate::figures::{Change, IndicatorFigures, Movement, Value};
use crate::model::Polarity;
use crate::spc::{Assurance, Variation};

/// The CSV header, in the documented order.
pub const CSV_COLUMNS: [&str; 22] = [
    "ref",
    "id",
    "section",
    "title",
    "unit",
    "polarity",
    "month",
    "value",
    "previous",
    "change_month_pct",
    "year_ago",
    "change_year_pct",
    "avg_12m",
    "max_12m",
    "months_in_window",
    "direction",
    "direction_judgement",
    "value_status",
    "change_month_status",
    "change_year_status",
    "variation",
    "assurance",
];

/// One indicator's row, shared by the CSV and JSON forms.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    #[serde(rename = "ref")]
    reference: String,
    id: String,
    section: String,
    title: String,
    unit: &'static str,
    polarity: Polarity,
    month: String,
    value: Option<f64>,
    previous: Option<f64>,
    change_month_pct: Option<f64>,
    year_ago: Option<f64>,
    change_year_pct: Option<f64>,
    avg_12m: Option<f64>,
    max_12m: Option<f64>,
    months_in_window: usize,
    direction: Option<crate::figures::Arrow>,
    direction_judgement: Option<crate::figures::Judgement>,
    value_status: &'static str,
    change_month_status: &'static str,
    change_year_status: &'static str,
    variation: Variation,
    assurance: Assurance,
}

fn value_status(value: Value) -> &'static str {
    match value {
        Value::Present(_) => "ok",
        Value::Missing => "missing",
        Value::NotApplicable => "n/a",
    }
}

fn change_status(change: Change) -> &'static str {
    match change {
        Change::Percent(_) => "ok",
        Change::NotApplicable => "n/a",
        Change::Unavailable => "missing",
    }
}

/// Builds the rows for a set of figures.
pub fn rows(figures: &[IndicatorFigures]) -> Vec<FigureRow> {
    figures
        .iter()
        .map(|f| {
            let direction: Option<Movement> = f.direction;
            FigureRow {
                reference: f.indicator.reference.clone(),
                id: f.indicator.id.clone(),
                section: f.section_id.clone(),
                title: f.indicator.title.clone(),
                unit: f.indicator.unit.name(),
                polarity: f.indicator.polarity,
                month: f.month.to_string(),
                value: f.value.number(),
                previous: f.previous.number(),
                change_month_pct: f.change_month.percent(),
                year_ago: f.year_ago.number(),
                change_year_pct: f.change_year.percent(),
                avg_12m: f.window.average,
                max_12m: f.window.maximum,
                months_in_window: f.window.months_present,
                direction: direction.map(|d| d.arrow),
                direction_judgement: direction.map(|d| d.judgement),
                value_status: value_status(f.value),
                change_month_status: change_status(f.change_month),
                change_year_status: change_status(f.change_year),
                variation: f.spc.variation,
                assurance: f.spc.assurance,
            }
        })
        .collect()
}

/// The figures as CSV with the documented header.
pub fn to_csv(figures: &[IndicatorFigures]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    for row in rows(figures) {
        // Serialising through JSON gives each field's canonical text (enums in kebab-case).
        let value = serde_json::to_value(&row).unwrap_or_default();
        let fields: Vec<String> = CSV_COLUMNS
            .iter()
            .map(|column| match value.get(*column) {
                None | Some(serde_json::Value::Null) => String::new(),
                Some(serde_json::Value::String(s)) => csv_field(s),
                Some(other) => other.to_string(),
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// The figures as a JSON array of row objects.
pub fn to_json(figures: &[IndicatorFigures]) -> String {
    let mut text = serde_json::to_string_pretty(&rows(figures)).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// Quotes a CSV field when it holds a comma, quote or line break.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
