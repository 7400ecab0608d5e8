//! The Word edition: the document's view as an editable `.docx` with the PDF's content
//! (`body`: title block, summary, one table per section, detail pages), Word's own
//! heading styles, real tables (a header row repeating on every page, rows that do not
//! split), the view's drawings and icons as pictures with its alt text (`pictures`),
//! and the package (`package`) with the protective marking in header and footer, "Page N
//! of M" fields, the document language and core properties. It is written directly as
//! WordprocessingML: the parts are few, and writing them here keeps every byte fixed by
//! the data and the creation time.

mod body;
mod package;
mod pictures;
mod xml;

use crate::edition::{Context, Edition, Entry, Output};
use crate::error::Error;

/// The Word document's entry in [`crate::edition::EDITIONS`].
pub const EDITION: Entry = Entry {
    name: "docx",
    extension: "docx",
    noun: "Word document",
    help: "an editable Word document with the PDF's content, headings and tables",
    make: |_| Box::new(DocxEdition),
};

/// The Word edition; it has no settings of its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocxEdition;

impl Edition for DocxEdition {
    fn render(&self, context: &Context) -> Result<Output, Error> {
        let clock = std::time::Instant::now();
        let mut pictures = pictures::Pictures::new();
        let body = body::Body::new(context.view, &mut pictures).write()?;
        let laid_out = clock.elapsed();
        let bytes = package::package(
            context.view,
            &body,
            &pictures.media,
            context.settings.timestamp,
        )?;
        Ok(Output {
            bytes,
            pages: None,
            warnings: Vec::new(),
            timings: vec![
                ("word body and pictures", laid_out),
                ("word package", clock.elapsed() - laid_out),
            ],
        })
    }
}
