//! The edition seam: an edition is a type behind [`Edition`] (after mdBook's `Renderer`: a
//! name, and a render over one [`Context`], the document's view plus its settings) and one
//! line in [`EDITIONS`]. The format names `--format` and report.yaml's `formats:` accept,
//! the file extensions, the help text and the words "no PDF was written" all come from
//! that list; nothing else names an edition. Settings that belong to one edition (the PDF's
//! template and standards, the web page's template) live in that edition's own value,
//! made from the command line's [`Options`] by its entry's `make`.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::diag::Problem;
use crate::error::Error;
use crate::figures::IndicatorFigures;
use crate::model::{Dataset, Format};
use crate::render::RenderSettings;
use crate::standards::StandardsChoice;
use crate::typst_edition::Template;
use crate::view::DocumentView;
use crate::web::HtmlTemplate;

/// What an edition lays out: the document's view, the figures it was built from, the
/// data (for what an edition carries besides the view, such as the PDF's attached inputs)
/// and the document's settings.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The data, as loaded.
    pub dataset: &'a Dataset,
    /// The figures the view shows.
    pub figures: &'a [IndicatorFigures],
    /// Everything a reader sees.
    pub view: &'a DocumentView,
    /// Month, paper, detail pages, pack and creation time.
    pub settings: &'a RenderSettings,
}

/// A finished edition of one document.
#[derive(Debug, Clone)]
pub struct Output {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages, for an edition that knows it.
    pub pages: Option<usize>,
    /// The edition's own warnings (a template's, say).
    pub warnings: Vec<Problem>,
    /// Wall time of each stage, for the benchmark (`SCORECARD_TIMINGS=1`).
    pub timings: Vec<(&'static str, Duration)>,
}

/// One edition: lays a document's view out as the bytes of one file.
pub trait Edition: Send + Sync + fmt::Debug {
    /// Lays the document out.
    fn render(&self, context: &Context) -> Result<Output, Error>;
}

/// The command line's settings for editions; each edition's `make` takes what is its own.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The PDF's Typst template (`--template`, else the embedded one).
    pub template: Template,
    /// The PDF's standards (`--pdf-standard`).
    pub standards: StandardsChoice,
    /// Attach the inputs and the figures CSV to the PDF (`--attach-data`).
    pub attach_data: bool,
    /// The web page's template (`--html-template`, else the embedded one).
    pub html_template: HtmlTemplate,
}

/// An entry of [`EDITIONS`].
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// Its name in `--format` and `formats:`.
    pub name: &'static str,
    /// Its files' extension.
    pub extension: &'static str,
    /// What a reader calls one of its files ("no PDF was written").
    pub noun: &'static str,
    /// One line for `--help`.
    pub help: &'static str,
    /// The edition, with its own settings taken from the command line's.
    pub make: fn(&Options) -> Box<dyn Edition>,
}

/// Every edition, in the order a run writes them and `--help` lists them.
pub const EDITIONS: &[Entry] = &[
    crate::typst_edition::EDITION,
    crate::web::EDITION,
    crate::docx_edition::EDITION,
];

impl Format {
    /// The edition named `name` in `--format` or `formats:`.
    pub fn named(name: &str) -> Option<Format> {
        EDITIONS
            .iter()
            .position(|e| e.name == name)
            .map(Format::from_index)
    }

    /// Every edition's format, in list order.
    pub fn all() -> impl Iterator<Item = Format> {
        (0..EDITIONS.len()).map(Format::from_index)
    }

    /// Its entry in [`EDITIONS`].
    pub fn entry(self) -> &'static Entry {
        &EDITIONS[self.index()]
    }

    /// As written in report.yaml and on the command line.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The PDF, which `send` attaches.
    pub fn pdf() -> Format {
        Format::named(crate::typst_edition::EDITION.name).unwrap_or(Format::from_index(0))
    }
}

/// Every name `--format` and `formats:` accept, comma-separated.
pub fn names() -> String {
    let names: Vec<&str> = EDITIONS.iter().map(|e| e.name).collect();
    names.join(", ")
}

impl Serialize for Format {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Format::named(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown format `{name}`, expected one of {}",
                names()
            ))
        })
    }
}

/// Every edition, made once from the command line's options, for a run to look up by
/// [`Format`].
#[derive(Debug)]
pub struct Editions(Vec<Box<dyn Edition>>);

impl Editions {
    /// Every edition in [`EDITIONS`], with its settings from `options`.
    pub fn new(options: &Options) -> Self {
        Editions(EDITIONS.iter().map(|e| (e.make)(options)).collect())
    }

    /// The edition of `format`.
    pub fn get(&self, format: Format) -> &dyn Edition {
        self.0[format.index()].as_ref()
    }
}

impl Default for Editions {
    fn default() -> Self {
        Editions::new(&Options::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_edition_has_its_own_name_and_extension() {
        let mut names: Vec<&str> = EDITIONS.iter().map(|e| e.name).collect();
        let mut extensions: Vec<&str> = EDITIONS.iter().map(|e| e.extension).collect();
        names.sort();
        names.dedup();
        extensions.sort();
        extensions.dedup();
        assert_eq!(names.len(), EDITIONS.len());
        assert_eq!(extensions.len(), EDITIONS.len());
        for format in Format::all() {
            assert_eq!(Format::named(format.name()), Some(format));
        }
        assert_eq!(Format::pdf().name(), "pdf");
        assert_eq!(Format::named("html").map(Format::name), Some("html"));
        assert_eq!(Format::named("docx").map(Format::name), Some("docx"));
        assert_eq!(Format::named("odt"), None);
    }
}
