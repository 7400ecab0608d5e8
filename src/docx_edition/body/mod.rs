//! The document's body, in the PDF's order: the title block, the summary (the Making
//! Data Count matrix, what needs attention, the contents) and the legend, one table per
//! section, then the detail pages when asked for. Headings use Word's own styles, so the
//! navigation pane and a screen reader's list of headings work; every table's first row
//! repeats on each page and no row splits; every icon is a picture with the view's alt
//! text and, since its meaning must not rest on shape and colour alone, the same words
//! beside it.

mod columns;
mod details;

use self::columns::Columns;
use super::pictures::Pictures;
use super::xml::{
    bold, bookmark, cell, field, link, paragraph, plain, quiet, row, run, styled, table, text,
    Look, Para, RowKind, BREAK,
};
use crate::error::Error;
use crate::figures::Arrow;
use crate::icon::Icon;
use crate::model::{OptionalColumn, OutcomePlacement, Paper};
use crate::view::{DocumentView, Row, SectionRows, Summary, Trend};

/// Twips (the unit of Word's measures) in a millimetre.
const TWIPS_PER_MM: f64 = 56.7;

/// The page's text width in millimetres (landscape, 8 mm margins as the PDF's).
pub(super) fn text_width_mm(paper: Paper) -> f64 {
    match paper {
        Paper::A4 => 297.0 - 16.0,
        Paper::A3 => 420.0 - 16.0,
    }
}

fn twips(mm: f64) -> u32 {
    (mm * TWIPS_PER_MM).round() as u32
}

/// Lays the body out; bookmarks are numbered from 1.
pub(super) struct Body<'a> {
    view: &'a DocumentView,
    pictures: &'a mut Pictures,
    bookmarks: usize,
    /// Larger fixed columns on A3, as the PDF's.
    scale: f64,
}

impl<'a> Body<'a> {
    /// A body for `view`, placing pictures in `pictures`.
    pub(super) fn new(view: &'a DocumentView, pictures: &'a mut Pictures) -> Self {
        let scale = match view.paper {
            Paper::A4 => 1.0,
            Paper::A3 => 1.35,
        };
        Body {
            view,
            pictures,
            bookmarks: 0,
            scale,
        }
    }

    /// Every paragraph and table of the body, in order.
    pub(super) fn write(mut self) -> Result<String, Error> {
        let mut out = self.title_block();
        if let Some(summary) = &self.view.summary {
            out.push_str(&self.summary(summary)?);
        }
        out.push_str(&self.legend()?);
        for (i, section) in self.view.sections.iter().enumerate() {
            out.push_str(&self.section(section, i == 0)?);
        }
        if !self.view.details.is_empty() {
            out.push_str(&self.details()?);
        }
        Ok(out)
    }

    fn bookmark(&mut self, name: &str) -> String {
        self.bookmarks += 1;
        bookmark(self.bookmarks, name)
    }

    fn title_block(&mut self) -> String {
        let r = &self.view.report;
        let mut out = styled("Title", &text(&r.title));
        out.push_str(&plain(&run(
            &format!("{} \u{b7} {}", r.organisation, r.month_name),
            Look {
                size: Some(20),
                ..Look::default()
            },
        )));
        out.push_str(&plain(&format!(
            "{}{}",
            text(&format!("{} ", self.view.words.data_as_at)),
            text(&r.data_as_at)
        )));
        out
    }

    /// An icon as a picture described by `alt`, followed by its words from the legend
    /// (or `alt` itself when the legend has none for it), in the cell's grey.
    fn icon(&mut self, icon: Icon, alt: &str) -> Result<String, Error> {
        let picture = self.picture(icon, alt)?;
        let words = legend_words(self.view, icon).unwrap_or(alt).to_string();
        Ok(format!("{picture}{}", quiet(&format!(" {words}"))))
    }

    /// An icon as a picture described by `alt`, at the PDF's size.
    fn picture(&mut self, icon: Icon, alt: &str) -> Result<String, Error> {
        let size = match icon.kind() {
            crate::icon::IconKind::Arrow => 2.6,
            crate::icon::IconKind::Spc => 3.4,
            crate::icon::IconKind::Rag => 2.8,
        };
        self.pictures.place(&icon.id(), &icon.svg(), size, alt)
    }

    /// The row's SPC icons as pictures described by its SPC alt text, `gap` between them;
    /// none when the row has no variation icon.
    fn spc_pictures(&mut self, r: &Row, gap: &str) -> Result<Option<String>, Error> {
        let Some(variation) = r.variation_icon else {
            return Ok(None);
        };
        let mut marks = self.picture(variation, &r.spc_alt)?;
        if let Some(assurance) = r.assurance_icon {
            marks.push_str(gap);
            marks.push_str(&self.picture(assurance, &r.spc_alt)?);
        }
        Ok(Some(marks))
    }

    fn summary(&mut self, summary: &Summary) -> Result<String, Error> {
        let w = self.view.words;
        let width = text_width_mm(self.view.paper);
        let mut out = styled("Heading1", &text(w.summary));
        out.push_str(&styled("Heading2", &text(w.matrix)));
        let corner = twips(34.0 * self.scale);
        let columns = summary.matrix_columns.len().max(1) as u32;
        let each = (twips(width) - corner) / columns;
        let mut widths = vec![corner];
        widths.extend(std::iter::repeat_n(each, columns as usize));
        let mut head = cell(corner, 1, true, &plain(&bold(w.matrix_corner)));
        for c in &summary.matrix_columns {
            let mark = match c.icon {
                Some(icon) => self
                    .pictures
                    .place(&icon.id(), &icon.svg(), 3.4, &c.label)?,
                None => String::new(),
            };
            head.push_str(&cell(
                each,
                1,
                true,
                &plain(&format!("{mark}{}", bold(&format!(" {}", c.label)))),
            ));
        }
        let mut rows = row(RowKind::Header, &head);
        for r in &summary.matrix {
            let mut marks = String::new();
            for icon in &r.icons {
                marks.push_str(
                    &self
                        .pictures
                        .place(&icon.id(), &icon.svg(), 3.4, &r.label)?,
                );
            }
            let mut cells = cell(
                corner,
                1,
                true,
                &plain(&format!("{marks}{}", bold(&format!(" {}", r.label)))),
            );
            for c in &r.cells {
                let body = if c.count == 0 {
                    plain(&quiet(w.empty))
                } else {
                    let links: Vec<String> = c.references[..c.shown.min(c.references.len())]
                        .iter()
                        .map(|e| link(&e.anchor, &text(&e.reference)))
                        .collect();
                    let more = c
                        .more
                        .as_deref()
                        .map(|m| text(&format!(" {m}")))
                        .unwrap_or_default();
                    format!(
                        "{}{}",
                        plain(&run(
                            &c.count.to_string(),
                            Look {
                                bold: true,
                                size: Some(18),
                                ..Look::default()
                            }
                        )),
                        plain(&format!("{}{more}", links.join(&text(", "))))
                    )
                };
                cells.push_str(&cell(each, 1, false, &body));
            }
            rows.push_str(&row(RowKind::Body, &cells));
        }
        out.push_str(&table(&widths, w.matrix, true, &rows));
        if let Some(note) = &summary.not_assessed {
            out.push_str(&plain(&quiet(note)));
        }
        out.push_str(&styled("Heading2", &text(&summary.attention_heading)));
        out.push_str(&self.attention(summary, width));
        out.push_str(&styled("Heading2", &text(w.contents)));
        out.push_str(&self.contents(width));
        Ok(out)
    }

    fn attention(&self, summary: &Summary, width: f64) -> String {
        let w = self.view.words;
        if summary.attention.is_empty() {
            return plain(&run(
                &summary.nothing,
                Look {
                    italic: true,
                    ..Look::default()
                },
            ));
        }
        // The reference column fits the longest reference (about 1.2 mm a character).
        let longest = summary
            .attention
            .iter()
            .map(|i| i.reference.chars().count())
            .max()
            .unwrap_or(0) as f64;
        let reference = (longest * 1.2 + 2.0).max(12.0) * self.scale;
        let fixed = [reference, 0.0, 0.0, 12.0 * self.scale];
        let room = width - fixed[0] - fixed[3];
        let widths = [
            twips(fixed[0]),
            twips(room * 0.52),
            twips(room * 0.48),
            twips(fixed[3]),
        ];
        let heads = [w.reference, w.indicator, w.why, w.page_column];
        let head: String = heads
            .iter()
            .zip(widths)
            .map(|(h, width)| cell(width, 1, true, &plain(&bold(h))))
            .collect();
        let mut rows = row(RowKind::Header, &head);
        for item in &summary.attention {
            let cells = [
                plain(&text(&item.reference)),
                plain(&link(&item.anchor, &text(&item.title))),
                plain(&text(&item.reasons.join("; "))),
                paragraph(
                    Para {
                        right: true,
                        ..Para::default()
                    },
                    &field(&format!("PAGEREF {} \\h", item.anchor), ""),
                ),
            ];
            let cells: String = cells
                .iter()
                .zip(widths)
                .map(|(body, width)| cell(width, 1, false, body))
                .collect();
            rows.push_str(&row(RowKind::Body, &cells));
        }
        table(&widths, &summary.attention_heading, false, &rows)
    }

    fn contents(&self, width: f64) -> String {
        let w = self.view.words;
        let widths = [twips(width * 0.4), twips(14.0)];
        let mut entries: Vec<(&str, String)> = self
            .view
            .sections
            .iter()
            .map(|s| (s.title.as_str(), section_anchor(s)))
            .collect();
        if !self.view.details.is_empty() {
            entries.push((w.detail_pages, DETAIL_PAGES.to_string()));
        }
        let rows: String = entries
            .iter()
            .map(|(name, anchor)| {
                let cells = cell(widths[0], 1, false, &plain(&link(anchor, &text(name))))
                    + &cell(
                        widths[1],
                        1,
                        false,
                        &paragraph(
                            Para {
                                right: true,
                                ..Para::default()
                            },
                            &field(&format!("PAGEREF {anchor} \\h"), ""),
                        ),
                    );
                row(RowKind::Body, &cells)
            })
            .collect();
        table(&widths, w.contents, false, &rows)
    }

    fn legend(&mut self) -> Result<String, Error> {
        let legend = &self.view.legend;
        let mut runs = bold(&format!("{} ", legend.heading));
        let entries = |runs: &mut String,
                       entries: &[crate::view::LegendEntry],
                       this: &mut Self|
         -> Result<(), Error> {
            for e in entries {
                let size = match e.icon.kind() {
                    crate::icon::IconKind::Arrow => 2.6,
                    crate::icon::IconKind::Spc => 3.4,
                    crate::icon::IconKind::Rag => 2.8,
                };
                runs.push_str(
                    &this
                        .pictures
                        .place(&e.icon.id(), &e.icon.svg(), size, &e.alt)?,
                );
                runs.push_str(&text(&format!(" {}  ", e.words)));
            }
            Ok(())
        };
        entries(&mut runs, &legend.arrows, self)?;
        let add = |part: &Option<String>, runs: &mut String| {
            if let Some(p) = part {
                runs.push_str(&text(&format!("{p} ")));
            }
        };
        add(&legend.direction, &mut runs);
        add(&legend.comparators, &mut runs);
        runs.push_str(&text(&format!("{} ", legend.notes)));
        add(&legend.suppression, &mut runs);
        if let Some(rag) = &legend.rag {
            runs.push_str(&text(&format!("{} ", rag.intro)));
            entries(&mut runs, &rag.entries, self)?;
        }
        add(&legend.trend, &mut runs);
        if let Some(spc) = &legend.spc {
            runs.push_str(&text(&format!("{} ", spc.intro)));
            entries(&mut runs, &spc.entries, self)?;
        }
        if let Some(reconstructed) = &legend.reconstructed {
            runs.push_str(BREAK);
            runs.push_str(&run(
                reconstructed,
                Look {
                    italic: true,
                    ..Look::default()
                },
            ));
        }
        Ok(styled("Legend", &runs))
    }

    fn section(&mut self, section: &SectionRows, first: bool) -> Result<String, Error> {
        let columns = Columns::new(self.view, self.scale);
        let anchor = section_anchor(section);
        let mark = self.bookmark(&anchor);
        let heading = paragraph(
            Para {
                style: Some("Heading1"),
                keep_next: true,
                page_break: first && self.view.summary.is_some(),
                ..Para::default()
            },
            &format!("{mark}{}", text(&section.title)),
        );
        let head: String = columns
            .heads(self.view)
            .iter()
            .zip(&columns.widths)
            .map(|(h, w)| {
                cell(
                    *w,
                    1,
                    true,
                    &paragraph(
                        Para {
                            keep_next: true,
                            ..Para::default()
                        },
                        &bold(h),
                    ),
                )
            })
            .collect();
        let mut rows = row(RowKind::Header, &head);
        for r in &section.rows {
            rows.push_str(&self.table_row(r, &columns)?);
        }
        Ok(heading + &table(&columns.widths, &section.title, false, &rows))
    }

    /// One indicator's row of a section table: its name, figures and comparisons in
    /// cells as wide as the columns, and its commentary in the last column or in a row
    /// of its own beneath.
    fn table_row(&mut self, r: &Row, columns: &Columns) -> Result<String, Error> {
        let mut cells = self.name_cells(r);
        cells.extend(self.value_cells(r)?);
        cells.extend(self.comparison_cells(r, columns)?);
        let mut figures_row: String = cells
            .iter()
            .zip(&columns.widths)
            .map(|(body, w)| cell(*w, 1, false, body))
            .collect();
        if !columns.commentary_below {
            figures_row.push_str(&cell(
                *columns.widths.last().unwrap_or(&0),
                1,
                false,
                &commentary(&r.commentary),
            ));
            return Ok(row(RowKind::Body, &figures_row));
        }
        if r.commentary.is_empty() {
            return Ok(row(RowKind::Body, &figures_row));
        }
        // The commentary runs beneath the figures, across all but the reference column,
        // and stays on the page with them.
        let keep = keep_with_next(&figures_row);
        let span = columns.widths.len() - 1;
        let rest: u32 = columns.widths[1..].iter().sum();
        let below = cell(columns.widths[0], 1, false, "")
            + &cell(
                rest,
                span,
                false,
                &commentary_labelled(&self.view.labels.commentary, &r.commentary),
            );
        Ok(row(RowKind::Body, &keep) + &row(RowKind::Body, &below))
    }

    /// The cells that name the indicator: its reference (where the bookmark its detail
    /// page links back to sits), its title, and its outcome under the title or in a
    /// column of its own, as the layout places it.
    fn name_cells(&mut self, r: &Row) -> Vec<String> {
        let view = self.view;
        let layout = &view.layout;
        let mark = self.bookmark(&r.anchor);
        let mut cells = vec![plain(&format!("{mark}{}", text(&r.reference)))];
        let mut title = text(&r.title);
        if layout.outcome == OutcomePlacement::UnderTitle && !r.outcome.is_empty() {
            title.push_str(BREAK);
            title.push_str(&quiet(&r.outcome));
        }
        cells.push(plain(&title));
        if layout.outcome == OutcomePlacement::Column {
            cells.push(plain(&text(&r.outcome)));
        }
        cells
    }

    /// A cell for each month's value; the latest with its note on when it was last
    /// updated and its RAG icon.
    fn value_cells(&mut self, r: &Row) -> Result<Vec<String>, Error> {
        let mut cells: Vec<String> = r.values.iter().map(|v| figure(v)).collect();
        if let Some(latest) = cells.last_mut() {
            if let Some(note) = &r.last_updated_note {
                latest.push_str(&figure_note(&quiet(note)));
            }
            if let Some(icon) = r.rag_icon {
                latest.push_str(&plain(&self.icon(icon, &r.rag_alt)?));
            }
        }
        Ok(cells)
    }

    /// The cells that compare the latest value: the changes on the month and the year,
    /// the direction, the twelve-month average and maximum, the comparators and the
    /// trend chart, each unless the layout hides it.
    fn comparison_cells(&mut self, r: &Row, columns: &Columns) -> Result<Vec<String>, Error> {
        let view = self.view;
        let hidden = &view.layout.hide;
        let mut cells = vec![self.change(&r.change_month)?];
        if !hidden.contains(&OptionalColumn::YearChange) {
            cells.push(self.change(&r.change_year)?);
        }
        if !hidden.contains(&OptionalColumn::Direction) {
            cells.push(self.change(&r.direction)?);
        }
        if !hidden.contains(&OptionalColumn::TwelveMonth) {
            let mut average = figure(&r.average);
            if let Some(note) = &r.window_note {
                average.push_str(&figure_note(&quiet(&format!("({note})"))));
            }
            cells.push(average);
            cells.push(figure(&r.maximum));
        }
        if !hidden.contains(&OptionalColumn::Comparators) {
            cells.extend(r.benchmarks.iter().map(|b| figure(b)));
        }
        if !hidden.contains(&OptionalColumn::Trend) {
            cells.push(self.trend(r, columns.trend_mm)?);
        }
        Ok(cells)
    }

    /// A change or direction cell as the PDF prints it (the arrow, then the figure),
    /// with the arrow's words beneath.
    fn change(&mut self, t: &Trend) -> Result<String, Error> {
        let right = Para {
            right: true,
            ..Para::default()
        };
        let Some(icon) = t.icon else {
            return Ok(paragraph(right, &text(&t.text)));
        };
        let picture = self.picture(icon, &t.alt)?;
        let figure = if t.text.is_empty() {
            String::new()
        } else {
            text(&format!(" {}", t.text))
        };
        let words = legend_words(self.view, icon).unwrap_or(&t.alt);
        Ok(paragraph(right, &format!("{picture}{figure}"))
            + &paragraph(
                right,
                &run(
                    words,
                    Look {
                        quiet: true,
                        size: Some(12),
                        ..Look::default()
                    },
                ),
            ))
    }

    fn trend(&mut self, r: &Row, width_mm: f64) -> Result<String, Error> {
        let Some(name) = &r.spark else {
            return Ok(plain(&quiet(&self.view.legend.withheld_trend)));
        };
        let svg = self
            .view
            .graphics
            .get(name)
            .map(String::as_str)
            .unwrap_or_default();
        let mut out = plain(
            &self
                .pictures
                .place(name, svg, width_mm - 1.0, &r.spark_alt)?,
        );
        if let Some(marks) = self.spc_pictures(r, &text(" "))? {
            out.push_str(&plain(&marks));
            out.push_str(&plain(&run(
                &r.spc_alt,
                Look {
                    quiet: true,
                    size: Some(12),
                    ..Look::default()
                },
            )));
        }
        Ok(out)
    }
}

/// A figure, set to the right of its cell as numbers are.
fn figure(t: &str) -> String {
    figure_note(&text(t))
}

/// Runs (a note under a figure) set to the right, in a paragraph of their own.
fn figure_note(runs: &str) -> String {
    paragraph(
        Para {
            right: true,
            ..Para::default()
        },
        runs,
    )
}

/// What the legend calls `icon`: its own entry's words, or for an arrow the words of the
/// legend's arrow with the same judgement (or the steady diamond).
fn legend_words(view: &DocumentView, icon: Icon) -> Option<&str> {
    let legend = &view.legend;
    let groups = [legend.rag.as_ref(), legend.spc.as_ref()];
    let entries = legend
        .arrows
        .iter()
        .chain(groups.into_iter().flatten().flat_map(|g| &g.entries));
    let same = |e: &&crate::view::LegendEntry| match (e.icon, icon) {
        (Icon::Arrow(Arrow::Steady, _), Icon::Arrow(arrow, _)) => arrow == Arrow::Steady,
        (Icon::Arrow(a, j), Icon::Arrow(arrow, judgement)) => {
            a != Arrow::Steady && arrow != Arrow::Steady && j == judgement
        }
        (mine, theirs) => mine == theirs,
    };
    entries
        .clone()
        .find(|e| e.icon == icon)
        .or_else(|| entries.clone().find(same))
        .map(|e| e.words.as_str())
}

/// `xml` with every paragraph kept on the page with the next.
fn keep_with_next(xml: &str) -> String {
    let xml = xml.replace("<w:p/>", "<w:p></w:p>");
    let mut parts = xml.split("<w:p>");
    let mut out = parts.next().unwrap_or_default().to_string();
    for part in parts {
        out.push_str("<w:p><w:pPr><w:keepNext/>");
        match part.strip_prefix("<w:pPr>") {
            Some(rest) => out.push_str(rest),
            None => {
                out.push_str("</w:pPr>");
                out.push_str(part);
            }
        }
    }
    out
}

/// The bookmark of the detail pages' heading.
const DETAIL_PAGES: &str = "detail-pages";

/// The bookmark of a section's heading.
fn section_anchor(section: &SectionRows) -> String {
    format!("section-{}", section.id)
}

/// Commentary as ordinary paragraphs, one per line the writer typed.
fn commentary(words: &str) -> String {
    if words.is_empty() {
        return plain("");
    }
    words.split('\n').map(|line| plain(&text(line))).collect()
}

/// Commentary beneath its label ("Commentary (Jun-20):").
fn commentary_labelled(label: &str, words: &str) -> String {
    let mut lines = words.split('\n');
    let first = lines.next().unwrap_or_default();
    let mut out = plain(&format!("{}{}", bold(&format!("{label}: ")), text(first)));
    for line in lines {
        out.push_str(&plain(&text(line)));
    }
    out
}
