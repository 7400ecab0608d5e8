//! The Typst edition: an adapter over the [`DocumentView`]. It serialises the view as
//! `/data.json` (with the files to attach to the PDF), serves every drawing at a path of
//! its own (`/spark/<id>.svg`, `/chart/<id>.svg`, which `/data.json` gives) and every icon at
//! `/icon/<id>.svg` (which `/data.json` gives as each icon's `path`), compiles the template in the closed [`ScorecardWorld`] and exports
//! the PDF. Only here do long words get their invisible break opportunities, since only
//! a narrow PDF table cell needs them.

mod breaks;
mod continuations;
mod edition;

use std::collections::BTreeMap;

use serde::Serialize;
use typst::foundations::Datetime;

pub use breaks::breakable;
pub use edition::{attachments, PdfEdition, EDITION};

use crate::diag::Problem;
use crate::error::{Error, ErrorKind};
use crate::icon::{self, Icon};
use crate::pdf::{self, StandardsChoice};
use crate::view::DocumentView;
use crate::world::ScorecardWorld;

/// A file the template should attach to the PDF (archival copies carry their inputs).
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Name inside the PDF, e.g. `months/2020-06.yaml`.
    pub name: String,
    /// Exact bytes.
    pub bytes: Vec<u8>,
    /// MIME type.
    pub mime: &'static str,
    /// PDF/A-3 relationship: `source` for inputs, `data` for derived tables.
    pub relationship: &'static str,
    /// What it is.
    pub description: String,
}

/// An attachment as `/data.json` lists it.
#[derive(Debug, Clone, Serialize)]
struct AttachmentInfo {
    path: String,
    name: String,
    mime: &'static str,
    relationship: &'static str,
    description: String,
}

/// `/data.json`: the view, the files to attach, and the parts of long commentary that
/// go into continuation rows.
#[derive(Serialize)]
struct TypstData<'a> {
    #[serde(flatten)]
    view: &'a DocumentView,
    attachments: Vec<AttachmentInfo>,
    continuations: BTreeMap<String, Vec<String>>,
}

/// A template to compile: its text and the name diagnostics show.
#[derive(Debug, Clone)]
pub struct Template {
    /// Shown in error messages, e.g. `templates/scorecard.typ` or the user's path.
    pub display_name: String,
    /// Typst source.
    pub source: String,
}

impl Template {
    /// The template compiled into the binary.
    pub fn embedded() -> Self {
        Self {
            display_name: pdf::EMBEDDED_TEMPLATE_NAME.to_string(),
            source: pdf::EMBEDDED_TEMPLATE.to_string(),
        }
    }
}

impl Default for Template {
    fn default() -> Self {
        Self::embedded()
    }
}

/// Everything the world serves besides the template, by virtual path: `/data.json`,
/// the drawings, the icons and any attachments.
pub fn virtual_files(
    view: &DocumentView,
    attachments: &[Attachment],
) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut hinted = breaks::with_break_hints(view);
    let mut files = drawings_at_paths(&mut hinted);
    for icon in Icon::all() {
        files.insert(icon_path(icon), icon.svg().into_bytes());
    }
    let attachments = attachments
        .iter()
        .map(|a| {
            // Served at its own name, so the attachment is called e.g. `months/2020-06.yaml`.
            let path = format!("/{}", a.name);
            files.insert(path.clone(), a.bytes.clone());
            AttachmentInfo {
                path,
                name: a.name.clone(),
                mime: a.mime,
                relationship: a.relationship,
                description: a.description.clone(),
            }
        })
        .collect();
    let continuations = continuations::split_long_commentary(&mut hinted);
    let data = TypstData {
        view: &hinted,
        attachments,
        continuations,
    };
    // The template finds each icon by `icon.path`, so here, and only here, icons carry one.
    let json =
        icon::with_locations(icon_path, || serde_json::to_vec_pretty(&data)).map_err(|e| {
            Error::one(
                ErrorKind::Template,
                Problem::general(format!("could not write /data.json: {e}")),
            )
        })?;
    files.insert("/data.json".to_string(), json);
    Ok(files)
}

/// Where the Typst edition serves an icon, and so the `path` each icon carries in
/// `/data.json`: `/icon/<id>.svg`.
pub fn icon_path(icon: Icon) -> String {
    format!("/icon/{}.svg", icon.id())
}

/// Serves each sparkline at `/spark/<id>.svg` and each chart at `/chart/<id>.svg`, the
/// paths the template's `image()` reads from `row.spark` and `detail.chart`, and points
/// the view's rows and details at them.
fn drawings_at_paths(view: &mut DocumentView) -> BTreeMap<String, Vec<u8>> {
    let graphics = std::mem::take(&mut view.graphics);
    let mut files = BTreeMap::new();
    let mut serve = |name: &mut Option<String>, path: String| {
        if let Some(svg) = name.as_ref().and_then(|n| graphics.get(n)) {
            files.insert(path.clone(), svg.clone().into_bytes());
            *name = Some(path);
        }
    };
    for row in view.sections.iter_mut().flat_map(|s| s.rows.iter_mut()) {
        serve(&mut row.spark, format!("/spark/{}.svg", row.id));
    }
    for detail in &mut view.details {
        serve(&mut detail.chart, format!("/chart/{}.svg", detail.id));
    }
    files
}

/// What the PDF export needs besides the view.
#[derive(Debug, Clone)]
pub struct PdfSettings<'a> {
    /// The template.
    pub template: &'a Template,
    /// PDF standards and tagging.
    pub standards: &'a StandardsChoice,
    /// Creation time written into the PDF.
    pub timestamp: Datetime,
    /// The document identifier, so equal inputs give equal bytes.
    pub ident: String,
}

/// A compiled and exported PDF.
#[derive(Debug, Clone)]
pub struct TypstPdf {
    /// The PDF file (object streams not yet packed).
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// The template's warnings.
    pub warnings: Vec<Problem>,
}

/// Lays out the view with the template and exports the PDF. `fonts` are the report's
/// own fonts besides the embedded ones. `lap` is told when compiling ends.
pub fn render(
    view: &DocumentView,
    attachments: &[Attachment],
    fonts: typst_kit::fonts::FontStore,
    settings: &PdfSettings,
    lap: &mut dyn FnMut(&'static str),
) -> Result<TypstPdf, Error> {
    let files = virtual_files(view, attachments)?;
    lap("sparklines and data");
    let world = ScorecardWorld::new(
        "/template.typ",
        settings.template.source.clone(),
        files,
        fonts,
        settings.timestamp,
    )
    .map_err(|e| Error::one(ErrorKind::Template, Problem::general(e.to_string())))?;
    let name = &settings.template.display_name;
    let (document, warnings) = pdf::compile(&world, name)?;
    lap("typst compile");
    let exported = pdf::export(
        &world,
        name,
        &document,
        settings.standards,
        settings.timestamp,
        &settings.ident,
    )?;
    Ok(TypstPdf {
        pdf: exported,
        pages: document.pages().len(),
        warnings,
    })
}
