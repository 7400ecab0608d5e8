//! Where the board should look: which indicators need attention and why (a special-cause
//! concern, a target the process will consistently miss, a value below the floor, no
//! value for the report month), and the Making Data Count summary matrix that counts
//! indicators by variation and assurance. Pure functions of the derived figures, so the
//! summary page, `scorecard figures` and `send` all agree.

use serde::Serialize;

use crate::figures::{IndicatorFigures, Rag};
use crate::model::{Value, YearMonth};
use crate::spc::{Assurance, Variation};

/// Why an indicator is listed under "Needs attention".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Reason {
    /// The latest point is special cause concern.
    Concern {
        /// True when the concern is an unusually high value.
        high: bool,
    },
    /// The process limits say the target will consistently be missed.
    Fail,
    /// Below the floor: RAG red.
    BelowFloor,
    /// No value for the report month; the latest earlier value's month, if any.
    Missing {
        /// When it was last updated.
        last_updated: Option<YearMonth>,
    },
}

impl Reason {
    /// A one-word code, as `scorecard figures` prints it.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Concern { .. } => "concern",
            Reason::Fail => "fail",
            Reason::BelowFloor => "below-floor",
            Reason::Missing { .. } => "missing",
        }
    }
}

/// Every reason the indicator needs attention, in a fixed order; empty when it does not.
pub fn reasons(f: &IndicatorFigures) -> Vec<Reason> {
    let mut out = Vec::new();
    match f.spc.variation {
        Variation::ConcernHigh => out.push(Reason::Concern { high: true }),
        Variation::ConcernLow => out.push(Reason::Concern { high: false }),
        _ => {}
    }
    if f.spc.assurance == Assurance::Fail {
        out.push(Reason::Fail);
    }
    if f.rag == Some(Rag::Red) {
        out.push(Reason::BelowFloor);
    }
    if f.value == Value::Missing {
        out.push(Reason::Missing {
            last_updated: f.latest,
        });
    }
    out
}

/// The month of the latest value when it is older than the report month: the row says
/// "last updated" rather than letting the old value pass for this month's.
pub fn stale_since(f: &IndicatorFigures) -> Option<YearMonth> {
    (f.value == Value::Missing).then_some(f.latest).flatten()
}

/// A row of the summary matrix: one kind of variation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VariationRow {
    /// Special cause improvement, high or low.
    Improvement,
    /// Common cause only.
    Common,
    /// Special cause concern, high or low.
    Concern,
    /// Special cause where neither direction is better.
    Neither,
    /// Too few points for process limits.
    NoLimits,
}

/// A column of the summary matrix: one kind of assurance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AssuranceColumn {
    /// Target consistently met.
    Pass,
    /// Target sometimes met.
    HitOrMiss,
    /// Target consistently missed.
    Fail,
    /// No target, or no limits to judge it by.
    NoTarget,
}

/// The matrix's rows, top to bottom.
pub const VARIATION_ROWS: [VariationRow; 5] = [
    VariationRow::Improvement,
    VariationRow::Common,
    VariationRow::Concern,
    VariationRow::Neither,
    VariationRow::NoLimits,
];

/// The matrix's columns, left to right.
pub const ASSURANCE_COLUMNS: [AssuranceColumn; 4] = [
    AssuranceColumn::Pass,
    AssuranceColumn::HitOrMiss,
    AssuranceColumn::Fail,
    AssuranceColumn::NoTarget,
];

/// The matrix cell an indicator belongs in.
pub fn matrix_cell(variation: Variation, assurance: Assurance) -> (VariationRow, AssuranceColumn) {
    let row = match variation {
        Variation::ImprovementHigh | Variation::ImprovementLow => VariationRow::Improvement,
        Variation::Common => VariationRow::Common,
        Variation::ConcernHigh | Variation::ConcernLow => VariationRow::Concern,
        Variation::NeitherHigh | Variation::NeitherLow => VariationRow::Neither,
        Variation::None => VariationRow::NoLimits,
    };
    let column = match assurance {
        Assurance::Pass => AssuranceColumn::Pass,
        Assurance::HitOrMiss => AssuranceColumn::HitOrMiss,
        Assurance::Fail => AssuranceColumn::Fail,
        Assurance::None => AssuranceColumn::NoTarget,
    };
    (row, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Derivation;
    use crate::model::Dataset;

    fn month(text: &str) -> YearMonth {
        text.parse().unwrap()
    }

    /// A one-indicator data folder (a count where up is good), loaded as a user's would be.
    fn dataset(values: &[(&str, Option<f64>)], target: Option<(f64, f64)>) -> Dataset {
        let root = std::env::temp_dir().join(format!(
            "scorecard-attention-{}-{}",
            std::process::id(),
            values.len() * 10 + target.is_some() as usize
        ));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("months")).unwrap();
        std::fs::write(
            root.join("report.yaml"),
            "organisation: Testshire\ntitle: Test\nlanguage: en-GB\nsteady_band_pct: 5\n",
        )
        .unwrap();
        let targets = target.map_or(String::new(), |(t, f)| {
            format!("        target: {t}\n        floor: {f}\n")
        });
        std::fs::write(
            root.join("indicators.yaml"),
            format!(
                "sections:\n  - id: s\n    title: S\n    indicators:\n      - id: waits\n        title: Waits\n        unit: count\n        polarity: up\n{targets}"
            ),
        )
        .unwrap();
        for (m, v) in values {
            let value = v.map_or("null".to_string(), |v| v.to_string());
            std::fs::write(
                root.join(format!("months/{m}.yaml")),
                format!("month: {m}\nvalues:\n  waits: {value}\n"),
            )
            .unwrap();
        }
        let loaded = crate::load::load(&root);
        let dataset = loaded
            .dataset
            .unwrap_or_else(|| panic!("{:#?}", loaded.problems));
        let _ = std::fs::remove_dir_all(&root);
        dataset
    }

    fn reasons_at(data: &Dataset, m: &str) -> Vec<Reason> {
        reasons(&Derivation::new(data, None).month(month(m))[0])
    }

    #[test]
    fn a_missing_value_names_the_month_it_was_last_updated() {
        let data = dataset(&[("2020-03", Some(4.0)), ("2020-04", None)], None);
        let found = reasons_at(&data, "2020-04");
        assert_eq!(
            found,
            vec![Reason::Missing {
                last_updated: Some(month("2020-03"))
            }]
        );
    }

    #[test]
    fn a_value_below_the_floor_needs_attention_and_one_on_target_does_not() {
        let data = dataset(
            &[("2020-03", Some(4.0)), ("2020-04", Some(9.0))],
            Some((8.0, 5.0)),
        );
        assert_eq!(reasons_at(&data, "2020-03"), vec![Reason::BelowFloor]);
        assert!(reasons_at(&data, "2020-04").is_empty());
    }

    #[test]
    fn a_run_of_high_values_where_up_is_good_is_not_a_concern_but_low_ones_are() {
        let mut values: Vec<(String, Option<f64>)> = (1..=12)
            .map(|m| (format!("2019-{m:02}"), Some(10.0 + (m % 3) as f64)))
            .collect();
        for m in 1..=8 {
            values.push((format!("2020-{m:02}"), Some(2.0)));
        }
        let refs: Vec<(&str, Option<f64>)> = values.iter().map(|(m, v)| (m.as_str(), *v)).collect();
        let data = dataset(&refs, None);
        assert_eq!(
            reasons_at(&data, "2020-08"),
            vec![Reason::Concern { high: false }]
        );
    }

    #[test]
    fn every_variation_and_assurance_has_one_matrix_cell() {
        assert_eq!(
            matrix_cell(Variation::ConcernLow, Assurance::Fail),
            (VariationRow::Concern, AssuranceColumn::Fail)
        );
        assert_eq!(
            matrix_cell(Variation::None, Assurance::None),
            (VariationRow::NoLimits, AssuranceColumn::NoTarget)
        );
        assert_eq!(
            matrix_cell(Variation::ImprovementHigh, Assurance::HitOrMiss),
            (VariationRow::Improvement, AssuranceColumn::HitOrMiss)
        );
    }
}
