//! What a page template receives besides the view: the drawings as inline SVG. Each icon
//! is drawn once, as a `<symbol>` the page places with `<use>`; each sparkline and chart
//! is split into its `viewBox` and its body, so the template writes the `<svg>` element
//! itself and gives it `role="img"` and the view's alt text, escaped by the engine.

use std::collections::BTreeMap;

use minijinja::HtmlEscape;
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

/// Text as HTML, escaped, with every negative amount whose minus stands before a symbol
/// (`−£0.9m`, up to the next space) in a `<span class="amount">` that the page keeps on
/// one line. A browser may otherwise break between the minus and the currency symbol
/// (both prefix a number, and nothing forbids a break between two prefixes); the span
/// adds nothing to the text a reader copies, as a word joiner would.
pub fn keep_signed_figures_whole(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    // Up to `done` the text is written; a figure found at `start` runs to `end`.
    let mut done = 0;
    for (start, _) in text.match_indices('\u{2212}') {
        let after = &text[start + '\u{2212}'.len_utf8()..];
        let signs_a_symbol = after
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace());
        if start < done || !signs_a_symbol {
            continue;
        }
        let end = text[start..]
            .find(char::is_whitespace)
            .map_or(text.len(), |e| start + e);
        html.push_str(&HtmlEscape(&text[done..start]).to_string());
        html.push_str("<span class=\"amount\">");
        html.push_str(&HtmlEscape(&text[start..end]).to_string());
        html.push_str("</span>");
        done = end;
    }
    html.push_str(&HtmlEscape(&text[done..]).to_string());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_amount_is_kept_whole_and_the_rest_escaped() {
        assert_eq!(
            keep_signed_figures_whole("Loss of \u{2212}\u{a3}0.9m, was \u{2212}\u{20ac}3k <b>"),
            "Loss of <span class=\"amount\">\u{2212}\u{a3}0.9m,</span> was \
             <span class=\"amount\">\u{2212}\u{20ac}3k</span> &lt;b&gt;"
        );
        // A minus before a digit cannot wrap, and a lone minus is not a figure.
        assert_eq!(
            keep_signed_figures_whole("\u{2212}4% \u{2212} & \u{2212}$2bn"),
            "\u{2212}4% \u{2212} &amp; <span class=\"amount\">\u{2212}$2bn</span>"
        );
        assert_eq!(
            keep_signed_figures_whole("\u{2212}\u{a3}1m"),
            "<span class=\"amount\">\u{2212}\u{a3}1m</span>"
        );
    }

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
