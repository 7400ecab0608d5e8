//! `scorecard template`: the embedded template written out, as a starting point for a
//! custom one. Passed back with `--template`, it renders the same PDF byte for byte.

use std::io::Write;

use scorecard::error::{Error, ErrorKind};
use scorecard::{diag::Problem, output, pdf};

use crate::args::TemplateArgs;

pub(super) fn run(args: &TemplateArgs) -> Result<(), Error> {
    match &args.out {
        Some(path) => {
            output::write_atomically(path, pdf::EMBEDDED_TEMPLATE.as_bytes())?;
            println!(
                "wrote {} (it can `#import \"/lib.typ\"` for the icons and colours)",
                path.display()
            );
        }
        None => std::io::stdout()
            .write_all(pdf::EMBEDDED_TEMPLATE.as_bytes())
            .map_err(|e| {
                Error::one(
                    ErrorKind::Output,
                    Problem::general(format!("cannot write to standard output: {e}")),
                )
            })?,
    }
    Ok(())
}
