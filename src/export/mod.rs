//! The figures as machine-readable tables: the CSV and JSON printed by `scorecard figures`
//! and attached to archival PDFs. Numbers are unrounded, percentages are percents (24.4,
//! not 0.244), and a figure that does not exist is an empty field (CSV) or null (JSON),
//! with a status column saying whether it is "n/a" (zero base) or "missing".

pub mod spc;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::attention;
use crate::figures::{Change, IndicatorFigures, Value};

/// One cell of the figures table.
#[derive(Debug, Clone, PartialEq)]
enum Field {
    /// Text, or nothing (an empty CSV field, JSON null).
    Text(Option<String>),
    /// A number, or nothing.
    Number(Option<f64>),
    /// A whole number that always exists.
    Count(usize),
}

/// One column: its name in the header and how a row's cell is found. The table is the
/// single list both forms are written from, so a column cannot lose its values.
struct Column {
    name: &'static str,
    cell: fn(&IndicatorFigures) -> Field,
}

fn text(s: impl Into<String>) -> Field {
    Field::Text(Some(s.into()))
}

/// An enum's serde name (`improvement-high`, `hit-or-miss`).
fn name_of(value: &impl Serialize) -> Option<String> {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
}

/// The columns, in the documented order.
const COLUMNS: [Column; 28] = [
    Column {
        name: "ref",
        cell: |f| text(&f.indicator.reference),
    },
    Column {
        name: "id",
        cell: |f| text(&f.indicator.id),
    },
    Column {
        name: "section",
        cell: |f| text(&f.section_id),
    },
    Column {
        name: "title",
        cell: |f| text(&f.indicator.title),
    },
    Column {
        name: "unit",
        cell: |f| text(f.indicator.unit.name()),
    },
    Column {
        name: "polarity",
        cell: |f| Field::Text(name_of(&f.indicator.polarity)),
    },
    Column {
        name: "month",
        cell: |f| text(f.month.to_string()),
    },
    Column {
        name: "value",
        cell: |f| Field::Number(f.value.number()),
    },
    Column {
        name: "previous",
        cell: |f| Field::Number(f.previous.number()),
    },
    Column {
        name: "change_month_pct",
        cell: |f| Field::Number(f.change_month.percent()),
    },
    Column {
        name: "year_ago",
        cell: |f| Field::Number(f.year_ago.number()),
    },
    Column {
        name: "change_year_pct",
        cell: |f| Field::Number(f.change_year.percent()),
    },
    Column {
        name: "avg_12m",
        cell: |f| Field::Number(f.window.average),
    },
    Column {
        name: "max_12m",
        cell: |f| Field::Number(f.window.maximum),
    },
    Column {
        name: "months_in_window",
        cell: |f| Field::Count(f.window.months_present),
    },
    Column {
        name: "direction",
        cell: |f| Field::Text(shown_direction(f).and_then(|d| name_of(&d.arrow))),
    },
    Column {
        name: "direction_judgement",
        cell: |f| Field::Text(shown_direction(f).and_then(|d| name_of(&d.judgement))),
    },
    Column {
        name: "value_status",
        cell: |f| text(value_status(f.value)),
    },
    Column {
        name: "change_month_status",
        cell: |f| text(change_status(f.change_month)),
    },
    Column {
        name: "change_year_status",
        cell: |f| text(change_status(f.change_year)),
    },
    Column {
        name: "variation",
        cell: |f| Field::Text(name_of(&f.spc.variation)),
    },
    Column {
        name: "assurance",
        cell: |f| Field::Text(name_of(&f.spc.assurance)),
    },
    Column {
        name: "rag",
        cell: |f| Field::Text(f.rag.and_then(|r| name_of(&r))),
    },
    Column {
        name: "last_updated",
        cell: |f| Field::Text(f.latest.map(|m| m.to_string())),
    },
    Column {
        name: "attention",
        cell: |f| {
            let codes: Vec<&str> = attention::reasons(f).iter().map(|r| r.code()).collect();
            Field::Text((!codes.is_empty()).then(|| codes.join(";")))
        },
    },
    Column {
        name: "change_month_points",
        cell: |f| Field::Number(f.points_month),
    },
    Column {
        name: "change_year_points",
        cell: |f| Field::Number(f.points_year),
    },
    // Advice for `scorecard check`: an empty string (never null) when there is none.
    Column {
        name: "proposed_recalculations",
        cell: |f| {
            let months: Vec<String> = f.proposals.iter().map(|(m, _)| m.to_string()).collect();
            Field::Text(Some(months.join(";")))
        },
    },
];

/// The column names, in order.
pub fn column_names() -> impl Iterator<Item = &'static str> {
    COLUMNS.iter().map(|c| c.name)
}

/// The direction of travel, none where the row has a withheld figure: the packs withhold
/// it there (it is read from the withheld figures), so the table must not reveal it.
fn shown_direction(f: &IndicatorFigures) -> Option<crate::figures::Movement> {
    f.direction.filter(|_| !f.has_withheld())
}

fn value_status(value: Value) -> &'static str {
    match value {
        Value::Present(_) => "ok",
        Value::Missing => "missing",
        Value::NotApplicable => "n/a",
        Value::Suppressed => "suppressed",
    }
}

fn change_status(change: Change) -> &'static str {
    match change {
        Change::Percent(_) => "ok",
        Change::NotApplicable => "n/a",
        Change::NegativeBase => "negative-base",
        Change::Unavailable => "missing",
        Change::Suppressed => "suppressed",
    }
}

/// The figures as CSV with the documented header.
pub fn to_csv(figures: &[IndicatorFigures]) -> String {
    let mut out = column_names().collect::<Vec<_>>().join(",");
    out.push('\n');
    for f in figures {
        let fields: Vec<String> = COLUMNS
            .iter()
            .map(|column| match (column.cell)(f) {
                Field::Text(None) | Field::Number(None) => String::new(),
                Field::Text(Some(s)) => csv_field(&s),
                Field::Number(Some(x)) => json_number(x),
                Field::Count(n) => n.to_string(),
            })
            .collect();
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// A number as JSON writes it (`24.4`, `3.0`), so the CSV and JSON agree.
fn json_number(x: f64) -> String {
    serde_json::Number::from_f64(x).map_or_else(String::new, |n| n.to_string())
}

/// One indicator's row as a JSON object, its keys in column order.
struct JsonRow<'a>(&'a IndicatorFigures);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(COLUMNS.len()))?;
        for column in &COLUMNS {
            match (column.cell)(self.0) {
                Field::Text(s) => map.serialize_entry(column.name, &s)?,
                Field::Number(x) => map.serialize_entry(column.name, &x)?,
                Field::Count(n) => map.serialize_entry(column.name, &n)?,
            }
        }
        map.end()
    }
}

/// The figures as a JSON array of row objects.
pub fn to_json(figures: &[IndicatorFigures]) -> String {
    let rows: Vec<JsonRow> = figures.iter().map(JsonRow).collect();
    let mut text = serde_json::to_string_pretty(&rows).unwrap_or_else(|_| "[]".into());
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

    #[test]
    fn column_names_are_unique() {
        let names: Vec<&str> = column_names().collect();
        assert_eq!(names.first(), Some(&"ref"));
        assert_eq!(names.last(), Some(&"proposed_recalculations"));
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
    }
}
