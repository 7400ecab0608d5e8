//! `scorecard template`: an embedded template written out, as a starting point for a
//! custom one: the PDF's Typst template, or with `--format html` the web page's Jinja
//! template. Passed back with `--template` or `--html-template`, it renders the same bytes.

use scorecard::error::Error;
use scorecard::{output, pdf, web};

use crate::args::{TemplateArgs, TemplateFormat};

pub(super) fn run(args: &TemplateArgs) -> Result<(), Error> {
    let (text, note) = match args.format {
        TemplateFormat::Typst => (
            pdf::EMBEDDED_TEMPLATE,
            "it can `#import \"/lib.typ\"` for the icons and colours",
        ),
        TemplateFormat::Html => (
            web::EMBEDDED_HTML_TEMPLATE,
            "use it with `scorecard render --format html --html-template FILE`",
        ),
    };
    match &args.out {
        Some(path) => {
            output::write_atomically(path, text.as_bytes())?;
            scorecard::say!("wrote {} ({note})", path.display());
        }
        None => scorecard::terminal::out_data(text.as_bytes())?,
    }
    Ok(())
}
