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

    fn detail(&mut self, detail: &DetailInfo, r: &Row) -> Result<String, Error> {
        let view = self.view;
        let w = view.words;
        let width = text_width_mm(view.paper);
        let chart_mm = width * 1.55 / 2.55 - 4.0;
        let widths = [twips(width * 1.55 / 2.55), twips(width / 2.55)];
        let mark = self.bookmark(&detail.anchor);
        let heading = paragraph(
            Para {
                style: Some("Heading2"),
                keep_next: true,
                ..Para::default()
            },
            &format!(
                "{mark}{}",
                text(format!("{} {}", r.reference, r.title).trim())
            ),
        );
        let chart = match &detail.chart {
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
        };
        let mut panel = String::new();
        if !r.outcome.is_empty() {
            panel.push_str(&plain(&quiet(&r.outcome)));
        }
        let line =
            |name: &str, body: &str| plain(&format!("{}{body}", quiet(&format!("{name}: "))));
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
        panel.push_str(&line(month, &latest));
        panel.push_str(&line(
            &view.labels.change_month,
            &self.change_runs(&r.change_month)?,
        ));
        if !view.layout.hide.contains(&OptionalColumn::YearChange) {
            panel.push_str(&line(
                &view.labels.change_year,
                &self.change_runs(&r.change_year)?,
            ));
        }
        if !view.layout.hide.contains(&OptionalColumn::TwelveMonth) {
            panel.push_str(&line(
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
            panel.push_str(&line(w.spc, &marks));
        }
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
        let cells = cell(widths[0], 1, false, &chart) + &cell(widths[1], 1, false, &panel);
        Ok(heading
            + &table(
                &widths,
                &format!("{} {}", r.reference, r.title),
                false,
                &row(RowKind::Body, &cells),
            ))
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
