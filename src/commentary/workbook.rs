//! An [`OwnerSheet`] as XLSX bytes (rust_xlsxwriter). The first sheet, [`SHEET`], is what
//! the owner reads and fills in: the report, month, owner and due date at the top, then
//! one row per indicator with its figures as the pack prints them, a native sparkline of
//! the last 24 months, last month's commentary, the suggested opening and the one
//! editable column. The sheet is protected without a password so only the commentary
//! cells can be changed; they wrap and carry a length validation matching what `check`
//! accepts. The hidden sheet [`HIDDEN_SHEET`] records the data folder, month, owner,
//! each row's indicator and its commentary and figures as they were, for `import`.
//! The layout constants here are the contract with the reader of returned workbooks.

use rust_xlsxwriter::{
    column_number_to_name, Color, DataValidation, DataValidationErrorStyle, DataValidationRule,
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Sparkline, Workbook,
    Worksheet, XlsxError,
};

use super::{OwnerSheet, HIDDEN_SHEET, MARKER, SHEET, TREND_MONTHS};
use crate::load::LONG_COMMENTARY;
use crate::view::words::{fill, ENGLISH};

/// The owner's table's header row, 0-based (row 6 as a spreadsheet numbers it).
pub const HEADER: u32 = 5;

/// The first figure column, 0-based (C): after `Ref` and the title.
pub const FIRST_FIGURE: u16 = 2;

/// The hidden sheet's row of column names, 0-based; one row per indicator follows.
pub const HIDDEN_HEADER: u32 = 9;

/// The hidden sheet's first trend column, 0-based, after id, row, commentary and figures.
fn trend_column(figures: usize) -> u16 {
    (3 + figures) as u16
}

/// Where each column of the owner's table is, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// The sparkline.
    pub trend: u16,
    /// Last month's commentary.
    pub last: u16,
    /// The suggested opening.
    pub suggested: u16,
    /// The editable commentary.
    pub commentary: u16,
}

impl Columns {
    /// The columns of a table with `figures` figure columns.
    pub fn for_figures(figures: usize) -> Self {
        let trend = FIRST_FIGURE + figures as u16;
        Self {
            trend,
            last: trend + 1,
            suggested: trend + 2,
            commentary: trend + 3,
        }
    }
}

/// The workbook's bytes. `created` (seconds since 1970) is written as its creation time,
/// so the same data makes the same file.
pub fn write(sheet: &OwnerSheet, created: i64) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new()
        .set_title(format!("{} – {}", sheet.title, sheet.editable_heading()))
        .set_author(sheet.organisation.clone())
        .set_creation_datetime(&ExcelDateTime::from_timestamp(created)?);
    workbook.set_properties(&properties);
    let owner_sheet = workbook.add_worksheet();
    owner_sheet.set_name(SHEET)?;
    write_owner_sheet(owner_sheet, sheet)?;
    let hidden = workbook.add_worksheet();
    hidden.set_name(HIDDEN_SHEET)?;
    write_hidden_sheet(hidden, sheet)?;
    hidden.set_hidden(true);
    hidden.protect();
    workbook.save_to_buffer()
}

fn write_owner_sheet(ws: &mut Worksheet, sheet: &OwnerSheet) -> Result<(), XlsxError> {
    let t = &ENGLISH;
    let w = &t.commentary_words;
    let border = Color::RGB(0xB0_B0_B0);
    let label = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xDD_E3_EA))
        .set_border(FormatBorder::Thin)
        .set_border_color(border);
    let cell = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color(border);
    let figure = cell.clone().set_align(FormatAlign::Right);
    let editable = cell
        .clone()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFF_F8_D6));
    let top = [
        sheet.organisation.clone(),
        sheet.title.clone(),
        t.long(sheet.month),
        sheet.owner.name.clone(),
        sheet.due.clone(),
    ];
    // In the wide title column, the value running on to the right.
    for (i, (name, value)) in w.top.iter().zip(top).enumerate() {
        ws.write_string_with_format(i as u32, 1, *name, &label)?;
        ws.write_string(i as u32, 2, value)?;
    }
    let columns = Columns::for_figures(sheet.figure_headings.len());
    let instructions = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    ws.merge_range(
        0,
        columns.last,
        HEADER - 1,
        columns.commentary,
        w.instructions,
        &instructions,
    )?;
    let mut headings = vec![t.words.reference.to_string(), t.words.indicator.to_string()];
    headings.extend(sheet.figure_headings.iter().cloned());
    headings.push(w.trend.to_string());
    headings.push(fill(
        w.last_month,
        &[("month", &t.long(sheet.month.plus(-1)))],
    ));
    headings.push(w.suggested.to_string());
    headings.push(sheet.editable_heading());
    for (c, heading) in headings.iter().enumerate() {
        ws.write_string_with_format(HEADER, c as u16, heading, &header)?;
    }
    let formats = RowFormats {
        cell: &cell,
        figure: &figure,
        editable: &editable,
    };
    write_rows(ws, sheet, columns, &formats)?;
    set_layout(ws, sheet, columns)?;
    ws.protect();
    Ok(())
}

/// The formats of a table row's cells.
struct RowFormats<'a> {
    cell: &'a Format,
    figure: &'a Format,
    editable: &'a Format,
}

/// One row per indicator, each with its sparkline over the hidden sheet's figures.
fn write_rows(
    ws: &mut Worksheet,
    sheet: &OwnerSheet,
    columns: Columns,
    formats: &RowFormats<'_>,
) -> Result<(), XlsxError> {
    let (cell, figure, editable) = (formats.cell, formats.figure, formats.editable);
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = HEADER + 1 + i as u32;
        ws.write_string_with_format(r, 0, &row.reference, cell)?;
        ws.write_string_with_format(r, 1, &row.title, cell)?;
        for (j, text) in row.figures.iter().enumerate() {
            let format = if j + 1 == row.figures.len() {
                cell
            } else {
                figure
            };
            ws.write_string_with_format(r, FIRST_FIGURE + j as u16, text, format)?;
        }
        ws.write_blank(r, columns.trend, cell)?;
        let hidden_row = HIDDEN_HEADER + 1 + i as u32;
        let first = trend_column(sheet.figure_headings.len());
        let spark = Sparkline::new()
            .set_range((
                HIDDEN_SHEET,
                hidden_row,
                first,
                hidden_row,
                first + TREND_MONTHS as u16 - 1,
            ))
            .show_last_point(true)
            // Its figures are on the hidden sheet, which Excel would otherwise skip.
            .show_hidden_data(true)
            .set_sparkline_color(Color::RGB(0x1D_4E_89));
        ws.add_sparkline(r, columns.trend, &spark)?;
        ws.write_string_with_format(r, columns.last, &row.last_commentary, cell)?;
        ws.write_string_with_format(r, columns.suggested, &row.suggestion, cell)?;
        ws.write_string_with_format(r, columns.commentary, &row.commentary, editable)?;
        ws.set_row_height(r, 96)?;
    }
    Ok(())
}

/// The validation of the commentary column, column widths, frozen header, print setup.
fn set_layout(ws: &mut Worksheet, sheet: &OwnerSheet, columns: Columns) -> Result<(), XlsxError> {
    let w = &ENGLISH.commentary_words;
    ws.set_row_height(HEADER, 45)?;
    if let Some(last) = sheet.rows.len().checked_sub(1) {
        let last = HEADER + 1 + last as u32;
        let limit = LONG_COMMENTARY as u32;
        let message = fill(w.too_long, &[("limit", &limit.to_string())]);
        let validation = DataValidation::new()
            .allow_text_length(DataValidationRule::LessThanOrEqualTo(limit))
            .set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title(w.too_long_title)?
            .set_error_message(message)?;
        ws.add_data_validation(
            HEADER + 1,
            columns.commentary,
            last,
            columns.commentary,
            &validation,
        )?;
    }
    ws.set_column_width(0, 6)?;
    ws.set_column_width(1, 34)?;
    for c in FIRST_FIGURE..columns.trend {
        ws.set_column_width(c, 10)?;
    }
    ws.set_column_width(columns.trend - 1, 28)?;
    ws.set_column_width(columns.trend, 16)?;
    ws.set_column_width(columns.last, 36)?;
    ws.set_column_width(columns.suggested, 40)?;
    ws.set_column_width(columns.commentary, 60)?;
    ws.set_freeze_panes(HEADER + 1, 2)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(HEADER, HEADER)?;
    Ok(())
}

fn write_hidden_sheet(ws: &mut Worksheet, sheet: &OwnerSheet) -> Result<(), XlsxError> {
    let columns = Columns::for_figures(sheet.figure_headings.len());
    let facts: [(&str, String); 8] = [
        ("organisation", sheet.organisation.clone()),
        ("title", sheet.title.clone()),
        ("month", sheet.month.to_string()),
        ("owner", sheet.owner.id.clone()),
        ("header row", (HEADER + 1).to_string()),
        ("first figure column", column_number_to_name(FIRST_FIGURE)),
        ("figure columns", sheet.figure_headings.len().to_string()),
        (
            "commentary column",
            column_number_to_name(columns.commentary),
        ),
    ];
    ws.write_string(0, 0, MARKER)?;
    for (i, (name, value)) in facts.iter().enumerate() {
        ws.write_string(1 + i as u32, 0, *name)?;
        ws.write_string(1 + i as u32, 1, value)?;
    }
    ws.write_string(HIDDEN_HEADER, 0, "id")?;
    ws.write_string(HIDDEN_HEADER, 1, "row")?;
    ws.write_string(HIDDEN_HEADER, 2, "commentary")?;
    for (j, heading) in sheet.figure_headings.iter().enumerate() {
        ws.write_string(HIDDEN_HEADER, 3 + j as u16, heading)?;
    }
    let first = trend_column(sheet.figure_headings.len());
    for (i, row) in sheet.rows.iter().enumerate() {
        let r = HIDDEN_HEADER + 1 + i as u32;
        ws.write_string(r, 0, &row.id)?;
        ws.write_string(r, 1, (HEADER + 2 + i as u32).to_string())?;
        ws.write_string(r, 2, &row.commentary)?;
        for (j, text) in row.figures.iter().enumerate() {
            ws.write_string(r, 3 + j as u16, text)?;
        }
        for (k, value) in row.trend.iter().enumerate() {
            if let Some(x) = value {
                ws.write_number(r, first + k as u16, *x)?;
            }
        }
    }
    Ok(())
}
