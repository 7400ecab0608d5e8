//! The web page as an [`Edition`], with its own setting: the page template.

use super::{render, HtmlTemplate};
use crate::edition::{Context, Edition, Entry, Output};
use crate::error::Error;

/// The web page's entry in [`crate::edition::EDITIONS`].
pub const EDITION: Entry = Entry {
    name: "html",
    extension: "html",
    noun: "web page",
    help: "one self-contained, accessible HTML page",
    make: |options| {
        Box::new(WebEdition {
            template: options.html_template.clone(),
        })
    },
};

/// The web edition and its page template.
#[derive(Debug, Clone, Default)]
pub struct WebEdition {
    /// The page template.
    pub template: HtmlTemplate,
}

impl Edition for WebEdition {
    fn render(&self, context: &Context) -> Result<Output, Error> {
        let clock = std::time::Instant::now();
        let symbol = context.settings.document().withheld_symbol(context.dataset);
        let bytes = render(context.view, symbol, &self.template)?;
        Ok(Output {
            bytes,
            pages: None,
            warnings: Vec::new(),
            timings: vec![("web page", clock.elapsed())],
        })
    }
}
