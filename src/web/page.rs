//! What a page template receives besides the view: the drawings as inline SVG. Each icon
//! is drawn once, as a `<symbol>` the page places with `<use>`; each sparkline and chart
//! is split into its `viewBox` and its body, so the template writes the `<svg>` element
//! itself and gives it `role="img"` and the view's alt text, escaped by the engine.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::format::MISSING;
use crate::icon::Icon;
use crate::view::{DocumentView, Words};

/// The context a page template is rendered with.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    /// The document, exactly as the PDF receives it.
    pub view: &'a DocumentView,
    /// The drawings, ready to place inline.
    pub web: Drawings,
}

/// Every drawing the page places.
#[derive(Debug, Serialize)]
pub struct Drawings {
    /// Every icon, once; a cell places one with `<use href="#ID">`.
    pub icons: Vec<Symbol>,
    /// Every sparkline and chart, by the path the view names.
    pub images: BTreeMap<String, Drawing>,
}

/// An icon as a `<symbol>`.
#[derive(Debug, Serialize)]
pub struct Symbol {
    /// Its element id, the icon's own id (`arrow-up-improving`).
    pub id: String,
    /// Its coordinate system.
    pub view_box: String,
    /// Its shapes.
    pub body: String,
}

/// A drawing split for inline use.
#[derive(Debug, Serialize)]
pub struct Drawing {
    /// Its coordinate system, from the drawing's own `viewBox` or size.
    pub view_box: String,
    /// Everything inside its root `<svg>` element.
    pub body: String,
}

/// The page context of `view`.
pub fn context(view: &DocumentView) -> PageContext<'_> {
    let icons = Icon::all()
        .into_iter()
        .map(|icon| {
            let drawing = split(&icon.svg());
            Symbol {
                id: icon.id(),
                view_box: drawing.view_box,
                body: drawing.body,
            }
        })
        .collect();
    let images = view
        .graphics
        .iter()
        .map(|(path, svg)| (path.clone(), split(svg)))
        .collect();
    PageContext {
        view,
        web: Drawings { icons, images },
    }
}

/// Splits an SVG document into its `viewBox` and its body. The documents are this
/// crate's own drawings, so the root element is the first `<svg …>` tag.
fn split(svg: &str) -> Drawing {
    let start = svg.find("<svg").unwrap_or(0);
    let open_end = svg[start..].find('>').map_or(svg.len(), |i| start + i + 1);
    let close = svg.rfind("</svg>").unwrap_or(svg.len()).max(open_end);
    let root = &svg[start..open_end];
    let view_box = attribute(root, "viewBox").unwrap_or_else(|| {
        let width = attribute(root, "width").unwrap_or_default();
        let height = attribute(root, "height").unwrap_or_default();
        format!("0 0 {} {}", number(&width), number(&height))
    });
    Drawing {
        view_box,
        body: svg[open_end..close].trim().to_string(),
    }
}

/// The value of `name="…"` or `name='…'` in a start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}="))? + name.len() + 2;
    let quote = tag[at..].chars().next()?;
    let rest = &tag[at + 1..];
    Some(rest[..rest.find(quote)?].to_string())
}

/// `300px` as `300`.
fn number(text: &str) -> String {
    text.trim_end_matches("px").to_string()
}

/// A figure as the web page writes it: the words' shorthand (the Government Statistical
/// Service's `[c]`, `[x]`, `[z]`) for a figure that is withheld, not available or not
/// applicable, known from the view's `shown` (`withheld`, `missing`, `not-applicable`)
/// when given, else from the text; any other text as it is.
pub fn shorthand(
    text: &str,
    shown: Option<&str>,
    withheld_symbol: Option<&str>,
    words: &Words,
) -> String {
    let short = match shown {
        Some("missing") => Some(words.missing_short),
        Some("not-applicable") => Some(words.not_applicable_short),
        Some("withheld") => Some(words.withheld_short),
        _ if text == MISSING => Some(words.missing_short),
        _ if text == words.not_applicable => Some(words.not_applicable_short),
        _ if withheld_symbol == Some(text) => Some(words.withheld_short),
        _ => None,
    };
    short.map_or_else(|| text.to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drawing_splits_into_its_view_box_and_body() {
        let d = split("<?xml version=\"1.0\"?>\n<svg width=\"120\" height=\"30\" xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>\n");
        assert_eq!(d.view_box, "0 0 120 30");
        assert_eq!(d.body, "<rect/>");
        let d = split("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 20' width='20' height='20'><path d='M0 0'/></svg>");
        assert_eq!(d.view_box, "0 0 20 20");
        assert_eq!(d.body, "<path d='M0 0'/>");
    }

    #[test]
    fn missing_and_not_applicable_figures_use_the_gss_shorthand() {
        let words = &crate::view::words::ENGLISH.words;
        assert_eq!(shorthand(MISSING, None, None, words), "[x]");
        assert_eq!(shorthand("n/a", None, Some("c"), words), "[z]");
        assert_eq!(shorthand("c", None, Some("c"), words), "[c]");
        assert_eq!(shorthand("c", None, None, words), "c");
        assert_eq!(shorthand("1,403", None, Some("c"), words), "1,403");
        assert_eq!(shorthand("7", Some("withheld"), None, words), "[c]");
        assert_eq!(shorthand("", Some("not-applicable"), None, words), "[z]");
    }
}
