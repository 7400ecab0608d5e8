//! The `scorecard spc` command's text: a one-series CSV held in memory parsed into a
//! [`Series`] (with errors that name the line and column), and the analysis written back
//! as CSV or JSON. The method itself is in [`crate::spc`].

use std::fmt;

use serde::Serialize;

use crate::spc::{Assurance, Signal, SpcAnalysis, Variation};

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
    /// A `value` field is a number too large to be a figure (see
    /// [`crate::value::MAX_MAGNITUDE`]), whose limits would overflow.
    TooLarge {
        /// The row's line.
        line: usize,
        /// The `value` column.
        column: usize,
        /// The field as written (trimmed).
        text: String,
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
            SeriesError::TooLarge { line, column, text } => write!(
                f,
                "line {line}: `value` is {text} (column {column}), too large to be a figure; \
                 figures are below 1,000,000,000,000,000 (10^15) in size, so check the number \
                 was typed or exported correctly"
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
        if !crate::value::is_plausible(value) {
            return Err(SeriesError::TooLarge {
                line: line_no,
                column: value_col + 1,
                text: raw.clone(),
            });
        }
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
    use crate::spc::analyse;
    use crate::spc::tests::{two_sigma_fixture, up};

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
        let e = err("value\n1\n1e308\n");
        assert!(matches!(e, SeriesError::TooLarge { line: 3, .. }), "{e}");
        assert!(e.to_string().contains("too large to be a figure"), "{e}");
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
