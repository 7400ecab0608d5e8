//! The commentary round trip: who owns each indicator's commentary, and what each owner
//! is sent. [`sheets`] builds, for a month, one [`OwnerSheet`] per owner from the view of
//! the board's scorecard (every figure formatted as the pack prints it) and a
//! [`suggestion`] per row; [`workbook`] writes it as the XLSX the owner fills in, with a
//! hidden sheet ([`HIDDEN_SHEET`]) recording what `import` needs to take it back
//! (`crate::import` reads returned workbooks); [`status`] counts what is still
//! outstanding. Nothing here reads or writes files.

pub mod status;
pub mod suggestion;
pub mod workbook;

use std::collections::BTreeMap;

use crate::diag::{did_you_mean, Problem};
use crate::figures::{figures_for_month, IndicatorFigures};
use crate::model::{Dataset, Detail, Paper, YearMonth};
use crate::send::owners::Owner;
use crate::view::words::{fill, ENGLISH};
use crate::view::{self, Document, ViewError};

/// The owner's sheet (checks use exactly this name).
pub const SHEET: &str = "Commentary";

/// The hidden sheet recording what the workbook was made from.
pub const HIDDEN_SHEET: &str = "scorecard";

/// The hidden sheet's first cell: how `import` knows the workbook.
pub const MARKER: &str = "scorecard commentary workbook 1";

/// Rows above the table on the owner's sheet (title lines and a blank row); the table's
/// header row is the next.
pub const HEADER_ROW: u32 = 7;

/// Months of history in each row's sparkline.
pub const TREND_MONTHS: i32 = 24;

/// One row of an owner's table: an indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    /// The indicator's id.
    pub id: String,
    /// Its displayed reference.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// The figures as the pack prints them, one per [`OwnerSheet::figure_headings`].
    pub figures: Vec<String>,
    /// The last [`TREND_MONTHS`] months, oldest first (none where there is no number).
    pub trend: Vec<Option<f64>>,
    /// Last month's commentary.
    pub last_commentary: String,
    /// The suggested opening.
    pub suggestion: String,
    /// This month's commentary as the month file has it (empty when none).
    pub commentary: String,
}

/// Everything one owner's workbook shows.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerSheet {
    /// report.yaml's organisation.
    pub organisation: String,
    /// report.yaml's title.
    pub title: String,
    /// The report month.
    pub month: YearMonth,
    /// The owner.
    pub owner: Owner,
    /// The due date in words.
    pub due: String,
    /// The headings of the figure columns, left to right.
    pub figure_headings: Vec<String>,
    /// The owner's indicators, in the report's order.
    pub rows: Vec<SheetRow>,
}

impl OwnerSheet {
    /// `Commentary for June 2020`: the editable column's heading.
    pub fn editable_heading(&self) -> String {
        editable_heading(self.month)
    }
}

/// `Commentary for June 2020`: the heading of the column an owner writes in, for `month`.
pub fn editable_heading(month: YearMonth) -> String {
    fill(
        ENGLISH.commentary_words.editable,
        &[("month", &ENGLISH.long(month))],
    )
}

/// The file name of an owner's workbook: `commentary-2020-06-mash-lead.xlsx`.
pub fn file_name(month: YearMonth, owner: &str) -> String {
    format!("commentary-{month}-{owner}.xlsx")
}

/// The date commentary for `month` is due: `due_day` of the following month, in words.
pub fn due_date(month: YearMonth, due_day: u32) -> String {
    let next = month.plus(1);
    chrono::NaiveDate::from_ymd_opt(next.year(), next.month(), due_day)
        .map(|d| ENGLISH.date(d))
        .unwrap_or_default()
}

/// The ids of the indicators each owner holds, in the report's order; indicators with
/// no owner are under `None`.
pub fn holdings(dataset: &Dataset) -> BTreeMap<Option<String>, Vec<String>> {
    let mut out: BTreeMap<Option<String>, Vec<String>> = BTreeMap::new();
    for (_, indicator) in dataset.indicators() {
        out.entry(indicator.owner.clone())
            .or_default()
            .push(indicator.id.clone());
    }
    out
}

/// The figures of every indicator for `month`, as the board's scorecard has them.
pub fn month_figures(dataset: &Dataset, month: YearMonth) -> Vec<IndicatorFigures> {
    figures_for_month(dataset, month)
}

/// Every indicator's row for a month, as a workbook shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Printed {
    /// The figure columns' headings.
    pub headings: Vec<String>,
    /// Each indicator's row, by id.
    pub rows: BTreeMap<String, SheetRow>,
}

/// The printed figures of every indicator for `month`, by id: what a workbook shows and
/// what `import` compares a returned one with.
pub fn printed_rows(
    dataset: &Dataset,
    month: YearMonth,
    figures: &[IndicatorFigures],
) -> Result<Printed, ViewError> {
    let document = Document {
        month,
        paper: Paper::A4,
        pack: None,
        detail: Detail::None,
    };
    let view = view::build(dataset, &document, figures)?;
    let t = &ENGLISH;
    let w = &t.commentary_words;
    let mut headings: Vec<String> = view.months.iter().map(|m| m.short.clone()).collect();
    headings.push(view.labels.change_month.clone());
    headings.push(view.labels.change_year.clone());
    headings.push(w.average.to_string());
    headings.push(w.target.to_string());
    headings.extend(view.comparators.iter().map(|c| c.label.clone()));
    headings.push(w.spc.to_string());
    let by_id: BTreeMap<&str, &IndicatorFigures> = figures
        .iter()
        .map(|f| (f.indicator.id.as_str(), f))
        .collect();
    let last_month = dataset.months.get(&month.plus(-1));
    let mut rows = BTreeMap::new();
    for row in view.sections.into_iter().flat_map(|s| s.rows) {
        let Some(f) = by_id.get(row.id.as_str()) else {
            continue;
        };
        let mut printed = row.values.clone();
        printed.push(row.change_month.text.clone());
        printed.push(row.change_year.text.clone());
        printed.push(row.average.clone());
        printed.push(f.target.map_or(String::new(), |x| {
            crate::format::format_in_unit(x, &f.indicator.unit, f.indicator.decimals)
        }));
        printed.extend(row.benchmarks.iter().cloned());
        printed.push(row.spc_alt.clone());
        let trend = (0..TREND_MONTHS)
            .rev()
            .map(|back| {
                let m = month.plus(-back);
                f.history
                    .iter()
                    .find(|(hm, _)| *hm == m)
                    .and_then(|(_, v)| v.number())
            })
            .collect();
        let sheet_row = SheetRow {
            id: row.id.clone(),
            reference: row.reference.clone(),
            title: row.title.clone(),
            figures: printed,
            trend,
            last_commentary: last_month
                .and_then(|m| m.commentary.get(&row.id))
                .cloned()
                .unwrap_or_default(),
            suggestion: suggestion::suggest(t, f),
            commentary: f.commentary.clone().unwrap_or_default(),
        };
        rows.insert(row.id, sheet_row);
    }
    Ok(Printed { headings, rows })
}

/// One sheet per owner in `owners` (in their order) who holds an indicator.
pub fn sheets(
    dataset: &Dataset,
    month: YearMonth,
    owners: &[Owner],
    due_day: u32,
) -> Result<Vec<OwnerSheet>, ViewError> {
    let figures = month_figures(dataset, month);
    let Printed {
        headings,
        rows: mut printed,
    } = printed_rows(dataset, month, &figures)?;
    let held = holdings(dataset);
    let mut out = Vec::new();
    for owner in owners {
        let Some(ids) = held.get(&Some(owner.id.clone())) else {
            continue;
        };
        let rows = ids.iter().filter_map(|id| printed.remove(id)).collect();
        out.push(OwnerSheet {
            organisation: dataset.report.organisation.clone(),
            title: dataset.report.title.clone(),
            month,
            owner: owner.clone(),
            due: due_date(month, due_day),
            figure_headings: headings.clone(),
            rows,
        });
    }
    Ok(out)
}

/// Problems with owners: an id indicators.yaml uses that distribution.yaml's `owners:`
/// does not list is an error, located where it is written, with the nearest id; owners
/// named with no `owners:` list at all (or no distribution.yaml) are one warning.
pub fn owners_problems(
    dataset: &Dataset,
    distribution: Option<&crate::send::distribution::Distribution>,
) -> Vec<Problem> {
    let path = dataset.root.join("indicators.yaml");
    let mut used: Vec<&str> = dataset
        .sections
        .iter()
        .flat_map(|s| {
            s.owner
                .iter()
                .chain(s.indicators.iter().flat_map(|i| i.owner.iter()))
        })
        .map(String::as_str)
        .collect();
    used.sort_unstable();
    used.dedup();
    let listed: Vec<&str> = distribution
        .map(|d| d.owners.iter().map(|o| o.id.as_str()).collect())
        .unwrap_or_default();
    if used.is_empty() {
        return Vec::new();
    }
    if listed.is_empty() {
        return vec![Problem::warning(
            &path,
            format!("indicators.yaml names owners ({}), and distribution.yaml lists none", used.join(", ")),
        )
        .hint("list them under `owners:` in distribution.yaml (id, name, email) so `scorecard commentary request` can ask them for commentary")];
    }
    let text = dataset
        .sources
        .iter()
        .find(|s| s.name == "indicators.yaml")
        .map(|s| String::from_utf8_lossy(&s.bytes).into_owned())
        .unwrap_or_default();
    used.iter()
        .filter(|id| !listed.contains(id))
        .map(|id| {
            let problem = Problem::error(
                &path,
                format!("owner `{id}` is not listed in distribution.yaml's `owners`"),
            )
            .field("owner")
            .hint(did_you_mean(id, listed.iter().copied()).unwrap_or_else(|| {
                format!("add `- id: {id}` with its `name:` to `owners:` in distribution.yaml")
            }));
            match owner_line(&text, id) {
                Some((line, column)) => problem.at(line, column),
                None => problem,
            }
        })
        .collect()
}

/// Where `owner: ID` is first written in indicators.yaml, 1-based.
fn owner_line(text: &str, id: &str) -> Option<(u64, u64)> {
    text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find("owner:")?;
        let value = line[at + 6..]
            .split('#')
            .next()?
            .trim()
            .trim_matches(['"', '\'']);
        (value == id).then_some((i as u64 + 1, at as u64 + 1))
    })
}
