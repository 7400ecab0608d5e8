//! The section tables' columns: fixed widths for figures (fitted to the longest), shares
//! of the rest for the words, and whether the commentary has a column or runs beneath.

use super::twips;
use crate::model::{CommentaryPlacement, OptionalColumn, OutcomePlacement};
use crate::view::{DocumentView, Row};

use super::text_width_mm;

/// The section tables' columns: widths in twips, and where the commentary goes.
pub(super) struct Columns {
    /// Each column's width in twips.
    pub(super) widths: Vec<u32>,
    /// The trend column's width in millimetres.
    pub(super) trend_mm: f64,
    /// True when the commentary runs beneath each row.
    pub(super) commentary_below: bool,
}

impl Columns {
    /// The columns of `view`'s tables; `scale` widens fixed columns on A3.
    pub(super) fn new(view: &DocumentView, scale: f64) -> Self {
        let hidden = &view.layout.hide;
        let rows: Vec<&Row> = view.sections.iter().flat_map(|s| &s.rows).collect();
        // About 1.2 mm a character at 7 pt condensed, with the cell's margins.
        let fit = |texts: &mut dyn Iterator<Item = &str>, floor: f64| {
            let longest = texts.map(|t| t.chars().count()).max().unwrap_or(0) as f64;
            ((longest * 1.2 + 2.0) * scale).max(floor * scale)
        };
        let reference = fit(&mut rows.iter().map(|r| r.reference.as_str()), 8.0);
        let value = fit(
            &mut rows
                .iter()
                .flat_map(|r| r.values.iter().map(String::as_str)),
            8.3,
        );
        let mut fixed = vec![(reference, false), (0.0, true)];
        if view.layout.outcome == OutcomePlacement::Column {
            fixed.push((0.0, true));
        }
        fixed.extend(std::iter::repeat_n((value, false), view.months.len()));
        fixed.push((13.4 * scale, false));
        if !hidden.contains(&OptionalColumn::YearChange) {
            fixed.push((13.4 * scale, false));
        }
        if !hidden.contains(&OptionalColumn::Direction) {
            fixed.push((12.5 * scale, false));
        }
        if !hidden.contains(&OptionalColumn::TwelveMonth) {
            let window = fit(
                &mut rows
                    .iter()
                    .flat_map(|r| [r.average.as_str(), r.maximum.as_str()]),
                8.3,
            );
            fixed.extend([(window, false), (window, false)]);
        }
        if !hidden.contains(&OptionalColumn::Comparators) {
            for (i, c) in view.comparators.iter().enumerate() {
                // A heading wraps at its spaces, so its longest word (in bold) fits too.
                let mut texts = rows
                    .iter()
                    .filter_map(|r| r.benchmarks.get(i).map(String::as_str));
                let word = c.label.split(' ').map(|w| w.chars().count()).max();
                let heading = (word.unwrap_or(0) as f64 * 1.5 + 3.0) * scale;
                let width = fit(&mut texts, 10.5).max(heading);
                fixed.push((width, false));
            }
        }
        let trend_mm = 19.0 * scale;
        if !hidden.contains(&OptionalColumn::Trend) {
            fixed.push((trend_mm, false));
        }
        let width = text_width_mm(view.paper);
        let used: f64 = fixed.iter().map(|(w, _)| w).sum();
        let shares = fixed.iter().filter(|(_, share)| *share).count() as f64 * 1.2;
        let commentary_below = match view.layout.commentary {
            CommentaryPlacement::Column => false,
            CommentaryPlacement::Below => true,
            CommentaryPlacement::Auto => {
                let column = (width - used) * 2.55 / (shares + 2.55);
                let per_line = (column / 1.35).max(1.0);
                let lengths: Vec<usize> =
                    rows.iter().map(|r| r.commentary.chars().count()).collect();
                let longest = lengths.iter().copied().max().unwrap_or(0) as f64;
                let average = lengths.iter().sum::<usize>() as f64 / lengths.len().max(1) as f64;
                column <= 0.0 || average / per_line > 9.0 || longest / per_line > 40.0
            }
        };
        let total_shares = shares + if commentary_below { 0.0 } else { 2.55 };
        let share = (width - used).max(20.0) / total_shares.max(1.0);
        let mut widths: Vec<u32> = fixed
            .iter()
            .map(|(w, is_share)| twips(if *is_share { share * 1.2 } else { *w }))
            .collect();
        if !commentary_below {
            widths.push(twips(share * 2.55));
        }
        Columns {
            widths,
            trend_mm,
            commentary_below,
        }
    }

    /// The header row's headings.
    pub(super) fn heads(&self, view: &DocumentView) -> Vec<String> {
        let w = view.words;
        let hidden = &view.layout.hide;
        let mut heads = vec![w.reference.to_string(), w.indicator.to_string()];
        if view.layout.outcome == OutcomePlacement::Column {
            heads.push(w.outcome.to_string());
        }
        heads.extend(
            view.months
                .iter()
                .map(|m| format!("{}\n{}", m.name, m.year)),
        );
        heads.push(view.labels.change_month.clone());
        if !hidden.contains(&OptionalColumn::YearChange) {
            heads.push(view.labels.change_year.clone());
        }
        if !hidden.contains(&OptionalColumn::Direction) {
            heads.push(w.direction.to_string());
        }
        if !hidden.contains(&OptionalColumn::TwelveMonth) {
            heads.push(w.average_column.to_string());
            heads.push(w.maximum_column.to_string());
        }
        if !hidden.contains(&OptionalColumn::Comparators) {
            heads.extend(view.comparators.iter().map(|c| c.label.clone()));
        }
        if !hidden.contains(&OptionalColumn::Trend) {
            heads.push(view.labels.trend.clone());
        }
        if !self.commentary_below {
            heads.push(view.labels.commentary.clone());
        }
        heads
    }
}
