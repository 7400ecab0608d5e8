//! The web edition: a document's view laid out as one self-contained HTML page by a Jinja
//! template (the embedded `templates/scorecard.html`, or the user's `--html-template`).
//! The template receives the view as data and the engine escapes every value it prints;
//! only the SVG drawings this crate makes are placed as markup. The page needs no script,
//! no font file and no request to anything but itself. [`index`] writes the page that
//! lists a folder of months.

mod edition;
pub mod index;
mod page;

use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

pub use edition::{WebEdition, EDITION};
pub use page::{
    context, keep_signed_figures_whole, shorthand, Drawing, Drawings, PageContext, Symbol,
};

use crate::diag::Problem;
use crate::error::{Error, ErrorKind};
use crate::view::{DocumentView, Words};

/// The page template compiled into the binary.
pub const EMBEDDED_HTML_TEMPLATE: &str = include_str!("../../templates/scorecard.html");

/// The name errors in the embedded page template are reported under.
pub const EMBEDDED_HTML_TEMPLATE_NAME: &str = "templates/scorecard.html";

/// A page template: its Jinja source and the name its errors show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlTemplate {
    /// Shown in error messages: `templates/scorecard.html` or the user's path.
    pub display_name: String,
    /// Jinja source.
    pub source: String,
}

impl HtmlTemplate {
    /// The page template compiled into the binary.
    pub fn embedded() -> Self {
        Self {
            display_name: EMBEDDED_HTML_TEMPLATE_NAME.to_string(),
            source: EMBEDDED_HTML_TEMPLATE.to_string(),
        }
    }
}

impl Default for HtmlTemplate {
    fn default() -> Self {
        Self::embedded()
    }
}

/// Lays `view` out as a web page with `template`, giving the page's bytes (UTF-8).
/// `withheld_symbol` is a public pack's symbol for withheld figures, which the page writes
/// as `[c]`.
pub fn render(
    view: &DocumentView,
    withheld_symbol: Option<&str>,
    template: &HtmlTemplate,
) -> Result<Vec<u8>, Error> {
    render_with(&context(view), view.words, withheld_symbol, template)
}

/// Lays any serialisable `page` out with `template`.
fn render_with(
    page: &impl Serialize,
    words: Words,
    withheld_symbol: Option<&str>,
    template: &HtmlTemplate,
) -> Result<Vec<u8>, Error> {
    let mut env = Environment::new();
    let symbol = withheld_symbol.map(str::to_string);
    // `{{ figure|shorthand(shown) }}`: the statistical shorthand for a figure that is not
    // a number, from the view's `shown` when the template passes it, else from the text.
    env.add_filter("shorthand", move |text: String, shown: Option<String>| {
        shorthand(&text, shown.as_deref(), symbol.as_deref(), &words)
    });
    // `{{ text|keep_signed_figures_whole }}`: the text escaped, with `−£0.9m` kept on one
    // line; for prose that may quote a negative amount (commentary, outcomes, reasons).
    env.add_filter("keep_signed_figures_whole", |text: String| {
        minijinja::Value::from_safe_string(keep_signed_figures_whole(&text))
    });
    // Every template is HTML, whatever its file is called, so every value is escaped.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    // A misspelt field is an error, not an empty cell on a published page.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    let compiled = env
        .template_from_named_str(&template.display_name, &template.source)
        .map_err(|e| template_error(&template.display_name, &e))?;
    let html = compiled
        .render(minijinja::Value::from(Serde(page)))
        .map_err(|e| template_error(&template.display_name, &e))?;
    Ok(html.into_bytes())
}

/// A template failure as a problem at the template's line, with what went wrong in the
/// engine's words.
fn template_error(name: &str, error: &minijinja::Error) -> Error {
    let what = match error.detail() {
        Some(detail) => format!("{}: {detail}", error.kind()),
        None => error.kind().to_string(),
    };
    let mut problem = Problem::error(name, what);
    if let Some(line) = error.line() {
        problem = problem.at(line as u64, 1);
    }
    problem = problem.hint(
        "the page template is Jinja (minijinja); `scorecard template --format html` writes the embedded one to start from",
    );
    Error::one(ErrorKind::Template, problem).with_summary("no page was written")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::words::ENGLISH;

    #[derive(Serialize)]
    struct Page<'a> {
        title: &'a str,
    }

    fn template(source: &str) -> HtmlTemplate {
        HtmlTemplate {
            display_name: "page.html".to_string(),
            source: source.to_string(),
        }
    }

    #[test]
    fn values_are_escaped_by_the_engine() {
        let page = Page {
            title: "<script>alert(1)</script> & \"quotes\"",
        };
        let html = render_with(
            &page,
            ENGLISH.words,
            None,
            &template("<h1>{{ title }}</h1>"),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<h1>&lt;script&gt;alert(1)&lt;&#x2f;script&gt; &amp; &quot;quotes&quot;</h1>"
        );
    }

    #[test]
    fn a_misspelt_field_is_an_error_at_its_line() {
        let page = Page { title: "x" };
        let error = render_with(
            &page,
            ENGLISH.words,
            None,
            &template("<h1>\n{{ titel.words }}</h1>"),
        )
        .unwrap_err();
        assert_eq!(error.kind, ErrorKind::Template);
        let problem = &error.problems[0];
        assert_eq!(problem.line, Some(2), "{problem:?}");
        assert!(problem.message.contains("undefined"), "{problem:?}");
    }

    #[test]
    fn the_shorthand_filter_knows_the_withheld_symbol() {
        let page = Page { title: "*" };
        let html = render_with(
            &page,
            ENGLISH.words,
            Some("*"),
            &template(
                "{{ title|shorthand }} {{ '\u{2013}'|shorthand }} {{ '7'|shorthand('withheld') }}",
            ),
        )
        .unwrap();
        assert_eq!(String::from_utf8(html).unwrap(), "[c] [x] [c]");
    }

    #[test]
    fn a_syntax_error_names_the_template() {
        let page = Page { title: "x" };
        let error =
            render_with(&page, ENGLISH.words, None, &template("{% for x in %}")).unwrap_err();
        assert!(error.problems[0]
            .file
            .as_deref()
            .is_some_and(|f| f.ends_with("page.html")));
    }
}
