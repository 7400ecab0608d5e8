//! Compiling the template in the [`ScorecardWorld`] and exporting the PDF with the chosen
//! [standards](crate::standards), the reproducible timestamp and document identifier,
//! and typst's diagnostics turned into `error:` / `hint:` lines that name the template
//! file, line and column.

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards, Timestamp};

use crate::diag::Problem;
use crate::error::{Error, ErrorKind};
use crate::world::ScorecardWorld;

pub use crate::standards::{
    allows_attachments, choose_standards, parse_standards, validate_standards, StandardName,
    StandardsChoice, DEFAULT_STANDARDS,
};

/// The embedded template, compiled into the binary.
pub const EMBEDDED_TEMPLATE: &str = include_str!("../templates/scorecard.typ");
/// Where the embedded template lives in the source tree, for diagnostics.
pub const EMBEDDED_TEMPLATE_NAME: &str = "templates/scorecard.typ";

/// Compiles the world's template; returns the document and any warnings.
pub fn compile(
    world: &ScorecardWorld,
    template_name: &str,
) -> Result<(PagedDocument, Vec<Problem>), Error> {
    let warned = typst::compile::<PagedDocument>(world);
    let warnings = to_problems(world, template_name, &warned.warnings);
    match warned.output {
        Ok(document) => Ok((document, warnings)),
        Err(errors) => {
            let mut problems = to_problems(world, template_name, &errors);
            problems.extend(warnings);
            Err(Error::new(ErrorKind::Template, problems))
        }
    }
}

/// Exports a compiled document with fixed metadata, so equal inputs give equal bytes.
pub fn export(
    world: &ScorecardWorld,
    template_name: &str,
    document: &PagedDocument,
    choice: &StandardsChoice,
    timestamp: Datetime,
    ident: &str,
) -> Result<Vec<u8>, Error> {
    let standards = PdfStandards::new(&choice.standards)
        .map_err(|e| Error::one(ErrorKind::Usage, Problem::general(e.message().to_string())))?;
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(format!("scorecard {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(timestamp)),
        page_ranges: None,
        standards,
        tagged: choice.tagged,
        pretty: false,
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        Error::new(
            ErrorKind::Template,
            to_problems(world, template_name, &errors),
        )
    })
}

fn to_problems(
    world: &ScorecardWorld,
    template_name: &str,
    diagnostics: &[SourceDiagnostic],
) -> Vec<Problem> {
    diagnostics
        .iter()
        .map(|d| to_problem(world, template_name, d))
        .collect()
}

/// A typst diagnostic as a problem located in the template, with typst's trace as notes
/// and its hints, like typst's own command line.
fn to_problem(
    world: &ScorecardWorld,
    template_name: &str,
    diagnostic: &SourceDiagnostic,
) -> Problem {
    let mut problem = match locate(world, template_name, diagnostic.span) {
        Some(Location { file, line, column }) => {
            Problem::error(file, diagnostic.message.to_string()).at(line, column)
        }
        None => Problem::general(diagnostic.message.to_string()),
    };
    if diagnostic.severity == Severity::Warning {
        problem.severity = crate::diag::Severity::Warning;
    }
    for point in &diagnostic.trace {
        if let Some(location) = locate(world, template_name, point.span) {
            problem = problem.note(format!("in {} at {location}", point.v));
        }
    }
    for hint in &diagnostic.hints {
        // typst's own command line has a `--root` option; scorecard serves a fixed set of
        // files instead, which the hint below names.
        if hint.v.contains("--root") {
            continue;
        }
        problem = problem.hint(hint.v.to_string());
    }
    if diagnostic.message.contains("file not found") || diagnostic.message.contains("escape the") {
        problem = problem.hint(
            "a template can read only /data.json, /lib.typ and /spark/<id>.svg \
             (and, with --attach-data, the input files); packages and other files are not served",
        );
    }
    problem
}

/// Where in which file a diagnostic points.
struct Location {
    file: String,
    line: u64,
    column: u64,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

fn locate(
    world: &ScorecardWorld,
    template_name: &str,
    span: impl Into<typst::syntax::DiagSpan>,
) -> Option<Location> {
    let span = span.into();
    let id = span.id()?;
    let range = world.range(span)?;
    let source = world.source(id).ok()?;
    let (line, column) = source.lines().byte_to_line_column(range.start)?;
    let file = if id == world.main() {
        template_name.to_string()
    } else {
        id.get().vpath().get_with_slash().to_string()
    };
    Some(Location {
        file,
        line: line as u64 + 1,
        column: column as u64 + 1,
    })
}
