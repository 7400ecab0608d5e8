//! The document's pictures: the view's SVG drawings and icons rasterised to PNG (with the
//! embedded fonts, so a chart's labels look as in the PDF) and placed inline with the
//! view's alt text as `wp:docPr descr`. Each distinct drawing is stored once however
//! often it is placed (an icon appears in hundreds of cells), and names and numbers are
//! given in placing order, so equal documents give equal packages.

use std::collections::BTreeMap;
use std::sync::Arc;

use resvg::{tiny_skia, usvg};

use super::xml::escape;
use crate::diag::Problem;
use crate::error::{Error, ErrorKind};

/// EMUs (the drawing unit) in a millimetre.
pub(super) const EMU_PER_MM: f64 = 36_000.0;

/// Pixels per millimetre of the stored PNGs: 200 dots an inch, sharp in print and on a
/// screen, and a third the size of 300.
const PX_PER_MM: f64 = 200.0 / 25.4;

/// One stored picture.
pub(super) struct Media {
    /// Its part name under `word/media/`.
    pub(super) name: String,
    /// Its relationship id in `document.xml.rels`.
    pub(super) rel: String,
    /// The PNG.
    pub(super) png: Vec<u8>,
}

/// The pictures placed so far.
pub(super) struct Pictures {
    options: usvg::Options<'static>,
    stored: BTreeMap<String, usize>,
    /// Every picture, in the order first placed.
    pub(super) media: Vec<Media>,
    placed: u32,
}

impl Pictures {
    /// No pictures yet; text in drawings is set in the embedded DejaVu Sans.
    pub(super) fn new() -> Self {
        let mut fonts = usvg::fontdb::Database::new();
        for face in crate::fonts::embedded_faces() {
            fonts.load_font_data(face.to_vec());
        }
        fonts.set_sans_serif_family(crate::fonts::EMBEDDED_FAMILY);
        let options = usvg::Options {
            font_family: crate::fonts::EMBEDDED_FAMILY.to_string(),
            fontdb: Arc::new(fonts),
            ..usvg::Options::default()
        };
        Pictures {
            options,
            stored: BTreeMap::new(),
            media: Vec::new(),
            placed: 0,
        }
    }

    /// An inline picture of `svg` (stored once under `key`), `width_mm` wide at its own
    /// aspect ratio, described by `alt`.
    pub(super) fn place(
        &mut self,
        key: &str,
        svg: &str,
        width_mm: f64,
        alt: &str,
    ) -> Result<String, Error> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| drawing_error(key, &e))?;
        let size = tree.size();
        let height_mm = width_mm * f64::from(size.height()) / f64::from(size.width()).max(1.0);
        let index = match self.stored.get(key) {
            Some(&index) => index,
            None => {
                let png = rasterise(&tree, width_mm)
                    .ok_or_else(|| drawing_error(key, &"the drawing has no area to draw"))?;
                let index = self.media.len();
                self.media.push(Media {
                    name: format!("image{}.png", index + 1),
                    rel: format!("rIdImage{}", index + 1),
                    png,
                });
                self.stored.insert(key.to_string(), index);
                index
            }
        };
        self.placed += 1;
        Ok(inline(
            self.placed,
            &self.media[index].rel,
            (width_mm * EMU_PER_MM).round() as u64,
            (height_mm * EMU_PER_MM).round() as u64,
            alt,
        ))
    }
}

/// The drawing as a PNG `width_mm` wide at [`PX_PER_MM`].
fn rasterise(tree: &usvg::Tree, width_mm: f64) -> Option<Vec<u8>> {
    let size = tree.size();
    let scale = (width_mm * PX_PER_MM) as f32 / size.width();
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width.max(1), height.max(1))?;
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().ok()
}

fn drawing_error(key: &str, error: &dyn std::fmt::Display) -> Error {
    Error::one(
        ErrorKind::Template,
        Problem::general(format!(
            "could not draw `{key}` for the Word document: {error}"
        )),
    )
}

/// A `w:drawing` run placing the picture `rel`, `cx` by `cy` EMUs, numbered `id`.
fn inline(id: u32, rel: &str, cx: u64, cy: u64, alt: &str) -> String {
    let alt = escape(alt);
    format!(
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/>\
         <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"Picture {id}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
         </a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )
}
