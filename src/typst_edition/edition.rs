//! The PDF as an [`Edition`]: its own settings (template, standards, attached data), the
//! files it attaches, and the steps from the view to packed PDF bytes.

use super::{render, Attachment, PdfSettings, Template};
use crate::diag::Problem;
use crate::edition::{Context, Edition, Entry, Options, Output};
use crate::error::Error;
use crate::export;
use crate::figures::IndicatorFigures;
use crate::model::{Dataset, YearMonth};
use crate::render::timestamp_datetime;
use crate::standards::StandardsChoice;
use crate::view::words::{fill, ENGLISH};

/// The PDF's entry in [`crate::edition::EDITIONS`].
pub const EDITION: Entry = Entry {
    name: "pdf",
    extension: "pdf",
    noun: "PDF",
    help: "tagged PDF (PDF/A and PDF/UA by default), for print and the archive",
    make: |options| Box::new(PdfEdition::new(options)),
};

/// The PDF edition and its own settings.
#[derive(Debug, Clone, Default)]
pub struct PdfEdition {
    /// The template.
    pub template: Template,
    /// PDF standards and tagging, unless a pack has its own.
    pub standards: StandardsChoice,
    /// Attach the input files and the figures CSV (needs PDF/A-3 or no PDF/A).
    pub attach_data: bool,
}

impl PdfEdition {
    /// The PDF edition with the command line's template, standards and attachments.
    pub fn new(options: &Options) -> Self {
        PdfEdition {
            template: options.template.clone(),
            standards: options.standards.clone(),
            attach_data: options.attach_data,
        }
    }
}

impl Edition for PdfEdition {
    fn render(&self, context: &Context) -> Result<Output, Error> {
        let Context {
            dataset,
            figures,
            view,
            settings,
        } = *context;
        let mut timings = Vec::new();
        let mut clock = std::time::Instant::now();
        let mut lap = |name: &'static str| {
            timings.push((name, clock.elapsed()));
            clock = std::time::Instant::now();
        };
        let attached = if self.attach_data {
            attachments(dataset, figures, settings.month, settings.is_public())
        } else {
            Vec::new()
        };
        let pack = settings
            .pack
            .as_ref()
            .map_or(String::new(), |p| format!("{}/", p.id));
        let standards = settings
            .pack
            .as_ref()
            .and_then(|p| p.standards.as_ref())
            .map_or(&self.standards, |own| &own.choice);
        let pdf_settings = PdfSettings {
            template: &self.template,
            standards,
            timestamp: timestamp_datetime(settings.timestamp),
            ident: format!(
                "scorecard/{}/{}/{pack}{}",
                dataset.report.organisation, dataset.report.title, settings.month
            ),
        };
        let fonts = crate::fonts::font_store(&dataset.report.fonts);
        let typeset = render(view, &attached, fonts, &pdf_settings, &mut lap)?;
        lap("pdf export");
        let exported = typeset.pdf;
        let mut warnings = typeset.warnings;
        let bytes = match crate::pack::pack_object_streams(&exported) {
            Ok(packed) => packed,
            Err(why) => {
                warnings.push(
                    Problem::general(format!(
                        "the PDF is written as typst exported it, without compressed object streams: {why}"
                    ))
                    .hint("the file is complete but larger; please report this with the template used"),
                );
                exported
            }
        };
        lap("pack");
        Ok(Output {
            bytes,
            pages: Some(typeset.pages),
            warnings,
            timings,
        })
    }
}

/// The files attached with `--attach-data`: every input exactly as read, then the
/// figures as CSV. A public pack carries only its figures, with small numbers withheld:
/// the inputs would reveal them.
pub fn attachments(
    dataset: &Dataset,
    figures: &[IndicatorFigures],
    month: YearMonth,
    public: bool,
) -> Vec<Attachment> {
    let mut out: Vec<Attachment> = dataset
        .sources
        .iter()
        .filter(|_| !public)
        .map(|s| Attachment {
            name: s.name.clone(),
            bytes: s.bytes.clone(),
            mime: "application/yaml",
            relationship: "source",
            description: fill(ENGLISH.attached_input, &[("name", &s.name)]),
        })
        .collect();
    out.push(Attachment {
        name: format!("figures-{month}.csv"),
        bytes: export::to_csv(figures).into_bytes(),
        mime: "text/csv",
        relationship: "data",
        description: fill(ENGLISH.attached_figures, &[("month", &ENGLISH.long(month))]),
    });
    out
}
