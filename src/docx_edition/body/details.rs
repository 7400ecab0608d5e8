//! The detail pages: for each indicator asked for, its chart beside its figures, reasons,
//! events and whole commentary, with a link back to its row.

use std::collections::BTreeMap;

use super::{commentary_labelled, text_width_mm, twips, Body, DETAIL_PAGES};
use crate::docx_edition::xml::{
    bold, cell, field, link, paragraph, plain, quiet, row, table, text, Para, RowKind,
};
use crate::error::Error;
use crate::model::OptionalColumn;
use crate::view::{DetailInfo, Row, Trend};

impl Body<'_> {
    /// The detail pages, from a new page.
    pub(super) fn details(&mut self) -> Result<String, Error> {
        let view = self.view;
        let w = view.words;
        let mark = self.bookmark(DETAIL_PAGES);
        let mut out = paragraph(
            Para {
                style: Some("Heading1"),
                page_break: true,
                keep_next: true,
                ..Para::default()
            },
            &format!("{mark}{}", text(w.detail_pages)),
        );
        out.push_str(&plain(&quiet(&view.labels.detail_intro)));
        let rows: BTreeMap<&str, &Row> = view
            .sections
            .iter()
            .flat_map(|s| &s.rows)
            .map(|r| (r.id.as_str(), r))
            .collect();
        for detail in &view.details {
            if let Some(r) = rows.get(detail.id.as_str()) {
                out.push_str(&self.detail(detail, r)?);
            }
        }
        Ok(out)
    }

    /// One indicator's detail: its heading, then its chart beside a panel of its figures
    /// and words, in a table of two cells.
    fn detail(&mut self, detail: &DetailInfo, r: &Row) -> Result<String, Error> {
        let width = text_width_mm(self.view.paper);
        let widths = [twips(width * 1.55 / 2.55), twips(width / 2.55)];
        let heading = self.detail_heading(detail, r);
        let chart = self.detail_chart(detail, width * 1.55 / 2.55 - 4.0)?;
        let mut panel = self.detail_figures(detail, r)?;
        panel.push_str(&self.detail_words(detail, r));
        let cells = cell(widths[0], 1, false, &chart) + &cell(widths[1], 1, false, &panel);
        Ok(heading
            + &table(
                &widths,
                &format!("{} {}", r.reference, r.title),
                false,
                &row(RowKind::Body, &cells),
            ))
    }

    /// The indicator's reference and title, at the bookmark its row links to.
    fn detail_heading(&mut self, detail: &DetailInfo, r: &Row) -> String {
        let mark = self.bookmark(&detail.anchor);
        paragraph(
            Para {
                style: Some("Heading2"),
                keep_next: true,
                ..Para::default()
            },
            &format!(
                "{mark}{}",
                text(format!("{} {}", r.reference, r.title).trim())
            ),
        )
    }

    /// The chart as a picture `chart_mm` wide, or the words saying its trend is withheld.
    fn detail_chart(&mut self, detail: &DetailInfo, chart_mm: f64) -> Result<String, Error> {
        let view = self.view;
        Ok(match &detail.chart {
            Some(name) => {
                let svg = view
                    .graphics
                    .get(name)
                    .map(String::as_str)
                    .unwrap_or_default();
                plain(
                    &self
                        .pictures
                        .place(name, svg, chart_mm, &detail.chart_alt)?,
                )
            }
            None => plain(&quiet(&view.legend.withheld_trend)),
        })
    }

    /// The panel's figures: the outcome, the latest value with its note and RAG icon, the
    /// changes on the month and the year, the twelve-month average and maximum (each
    /// unless the layout hides it), and the SPC marks when there is a chart.
    fn detail_figures(&mut self, detail: &DetailInfo, r: &Row) -> Result<String, Error> {
        let view = self.view;
        let w = view.words;
        let mut panel = String::new();
        if !r.outcome.is_empty() {
            panel.push_str(&plain(&quiet(&r.outcome)));
        }
        let month = view
            .months
            .last()
            .map(|m| m.short.as_str())
            .unwrap_or_default();
        let mut latest = text(r.values.last().map(String::as_str).unwrap_or_default());
        if let Some(note) = &r.no_value_note {
            latest.push_str(&text(&format!(" {note}")));
        }
        if let Some(icon) = r.rag_icon {
            latest.push_str(&text(" "));
            latest.push_str(&self.icon(icon, &r.rag_alt)?);
        }
        panel.push_str(&labelled(month, &latest));
        panel.push_str(&labelled(
            &view.labels.change_month,
            &self.change_runs(&r.change_month)?,
        ));
        if !view.layout.hide.contains(&OptionalColumn::YearChange) {
            panel.push_str(&labelled(
                &view.labels.change_year,
                &self.change_runs(&r.change_year)?,
            ));
        }
        if !view.layout.hide.contains(&OptionalColumn::TwelveMonth) {
            panel.push_str(&labelled(
                w.average,
                &text(&format!("{}, {} {}", r.average, w.maximum, r.maximum)),
            ));
        }
        let marks = match detail.chart {
            Some(_) => self.spc_pictures(r, "")?,
            None => None,
        };
        if let Some(mut marks) = marks {
            marks.push_str(&text(&format!(" {}", r.spc_alt)));
            panel.push_str(&labelled(w.spc, &marks));
        }
        Ok(panel)
    }

    /// The panel's words: why the indicator needs attention, its events, its whole
    /// commentary, and a link back to its row.
    fn detail_words(&self, detail: &DetailInfo, r: &Row) -> String {
        let view = self.view;
        let w = view.words;
        let mut panel = String::new();
        if !detail.reasons.is_empty() {
            panel.push_str(&plain(&format!(
                "{}{}",
                bold(&format!("{} ", w.needs_attention)),
                text(&format!("{}.", detail.reasons.join("; ")))
            )));
        }
        if !detail.events.is_empty() {
            let events: Vec<String> = detail
                .events
                .iter()
                .map(|e| format!("({}) {}: {}", e.number, e.month, e.text))
                .collect();
            panel.push_str(&plain(&format!(
                "{}{}",
                bold(&format!("{} ", w.events)),
                text(&events.join("; "))
            )));
        }
        if !r.commentary.is_empty() {
            panel.push_str(&commentary_labelled(&view.labels.commentary, &r.commentary));
        }
        panel.push_str(&plain(&link(
            &r.anchor,
            &format!(
                "{}{}",
                text(&format!("{} ", w.row_link)),
                field(&format!("PAGEREF {} \\h", r.anchor), "")
            ),
        )));
        panel
    }

    /// A change as runs: its figure and its arrow with the arrow's words.
    fn change_runs(&mut self, t: &Trend) -> Result<String, Error> {
        let mut body = text(&t.text);
        if let Some(icon) = t.icon {
            body.push_str(&text(" "));
            body.push_str(&self.picture(icon, &t.alt)?);
            body.push_str(&quiet(&format!(" {}", t.alt)));
        }
        Ok(body)
    }
}

/// A paragraph of `body` after its quiet label: "Jun 2020: 1,403".
fn labelled(name: &str, body: &str) -> String {
    plain(&format!("{}{body}", quiet(&format!("{name}: "))))
}
