//! The summary page of the view: the Making Data Count matrix (indicators counted by
//! variation and assurance) and the "Needs attention" list. In a public pack an
//! indicator whose series holds a withheld figure has no SPC analysis: the matrix counts
//! it apart, as not assessed, and its reasons for attention rest only on figures the
//! table prints.

use super::rows::anchor;
use super::words::{fill, Table};
use super::{
    AttentionItem, MatrixCell, MatrixEntry, MatrixHeading, MatrixRow, Summary, MATRIX_REFERENCES,
};
use crate::attention::{
    matrix_cell, AssuranceColumn, Reason, VariationRow, ASSURANCE_COLUMNS, VARIATION_ROWS,
};
use crate::figures::IndicatorFigures;
use crate::icon::Icon;
use crate::model::YearMonth;
use crate::spc::{Assurance, Variation};

/// The reference as printed, or the id when the indicator has none.
fn display_reference(f: &IndicatorFigures) -> String {
    if f.indicator.reference.is_empty() {
        f.indicator.id.clone()
    } else {
        f.indicator.reference.clone()
    }
}

/// A reason in the reader's words.
pub(super) fn reason_words(t: &Table, reason: Reason, month: YearMonth) -> String {
    match reason {
        Reason::Concern { high: true } => t.reasons[0].into(),
        Reason::Concern { high: false } => t.reasons[1].into(),
        Reason::Fail => t.reasons[2].into(),
        Reason::BelowFloor => t.reasons[3].into(),
        Reason::Missing { last_updated: None } => fill(t.no_value, &[("month", &t.long(month))]),
        Reason::Missing {
            last_updated: Some(last),
        } => fill(
            t.no_value_since,
            &[("month", &t.long(month)), ("last", &t.short(last))],
        ),
    }
}

/// A reason in the reader's words for one indicator: with, when the RAG mark and the
/// assurance icon disagree, why they can.
pub(super) fn reason_words_for(t: &Table, f: &IndicatorFigures, reason: Reason) -> String {
    let words = reason_words(t, reason, f.month);
    match reason {
        Reason::Fail => super::advice::explain_disagreement(t, f, words, true),
        Reason::BelowFloor => super::advice::explain_disagreement(t, f, words, false),
        _ => words,
    }
}

/// The icons a matrix row carries: the variation's high and low forms.
fn row_icons(row: VariationRow) -> Vec<Icon> {
    let variations: &[Variation] = match row {
        VariationRow::Improvement => &[Variation::ImprovementHigh, Variation::ImprovementLow],
        VariationRow::Common => &[Variation::Common],
        VariationRow::Concern => &[Variation::ConcernHigh, Variation::ConcernLow],
        VariationRow::Neither => &[Variation::NeitherHigh, Variation::NeitherLow],
        VariationRow::NoLimits => &[],
    };
    variations.iter().map(|v| Icon::Variation(*v)).collect()
}

fn column_icon(column: AssuranceColumn) -> Option<Icon> {
    match column {
        AssuranceColumn::Pass => Some(Icon::Assurance(Assurance::Pass)),
        AssuranceColumn::HitOrMiss => Some(Icon::Assurance(Assurance::HitOrMiss)),
        AssuranceColumn::Fail => Some(Icon::Assurance(Assurance::Fail)),
        AssuranceColumn::NoTarget => None,
    }
}

fn cell(t: &Table, references: Vec<MatrixEntry>) -> MatrixCell {
    let count = references.len();
    let shown = count.min(MATRIX_REFERENCES);
    MatrixCell {
        count,
        references,
        shown,
        more: (count > shown).then(|| fill(t.more, &[("n", &(count - shown).to_string())])),
    }
}

/// The summary; `hidden` says, in the order of `figures`, which have no SPC analysis.
pub(super) fn summary(
    t: &Table,
    figures: &[IndicatorFigures],
    reasons: &[Vec<Reason>],
    hidden: &[bool],
    month: YearMonth,
) -> Summary {
    let entry = |f: &IndicatorFigures| MatrixEntry {
        id: f.indicator.id.clone(),
        anchor: anchor(&f.indicator.id),
        reference: display_reference(f),
    };
    let matrix = VARIATION_ROWS
        .iter()
        .zip(t.variation_rows)
        .map(|(row, label)| MatrixRow {
            key: *row,
            label: label.to_string(),
            icons: row_icons(*row),
            cells: ASSURANCE_COLUMNS
                .iter()
                .map(|column| {
                    let references = figures
                        .iter()
                        .zip(hidden)
                        .filter(|(f, hidden)| {
                            !**hidden
                                && matrix_cell(f.spc.variation, f.spc.assurance) == (*row, *column)
                        })
                        .map(|(f, _)| entry(f))
                        .collect();
                    cell(t, references)
                })
                .collect(),
        })
        .collect();
    let not_assessed = hidden.iter().filter(|h| **h).count();
    let attention: Vec<AttentionItem> = figures
        .iter()
        .zip(reasons)
        .filter(|(_, reasons)| !reasons.is_empty())
        .map(|(f, reasons)| AttentionItem {
            id: f.indicator.id.clone(),
            anchor: anchor(&f.indicator.id),
            reference: display_reference(f),
            title: f.indicator.title.clone(),
            reasons: reasons.iter().map(|r| reason_words_for(t, f, *r)).collect(),
        })
        .collect();
    Summary {
        matrix_columns: ASSURANCE_COLUMNS
            .iter()
            .zip(t.assurance_columns)
            .map(|(c, label)| MatrixHeading {
                key: *c,
                label: label.to_string(),
                icon: column_icon(*c),
            })
            .collect(),
        matrix,
        not_assessed: match not_assessed {
            0 => None,
            1 => Some(t.not_assessed_one.to_string()),
            n => Some(fill(t.not_assessed, &[("n", &n.to_string())])),
        },
        attention_heading: fill(t.attention_heading, &[("n", &attention.len().to_string())]),
        attention,
        nothing: fill(t.nothing, &[("month", &t.long(month))]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::words::ENGLISH;

    #[test]
    fn a_missing_value_names_the_month_it_was_last_updated() {
        let month = |m: &str| m.parse::<YearMonth>().unwrap();
        let reason = Reason::Missing {
            last_updated: Some(month("2020-03")),
        };
        assert_eq!(
            reason_words(&ENGLISH, reason, month("2020-04")),
            "no value for April 2020; last updated Mar-20"
        );
    }

    #[test]
    fn a_cell_lists_at_most_its_share_and_counts_the_rest() {
        let entry = |i: usize| MatrixEntry {
            id: format!("i{i}"),
            anchor: format!("row-i{i}"),
            reference: i.to_string(),
        };
        let full = cell(&ENGLISH, (0..MATRIX_REFERENCES + 12).map(entry).collect());
        assert_eq!(full.shown, MATRIX_REFERENCES);
        assert_eq!(full.more.as_deref(), Some("and 12 more"));
        assert_eq!(cell(&ENGLISH, vec![entry(1)]).more, None);
    }
}
