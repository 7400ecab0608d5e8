//! Compiling the template in the [`ScorecardWorld`] and exporting the PDF: the choice of
//! PDF standards (PDF/A-2a and PDF/UA-1 by default), the reproducible timestamp and
//! document identifier, and typst's diagnostics turned into `error:` / `hint:` lines
//! that name the template file, line and column.

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::{World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::Problem;
use crate::error::{Error, ErrorKind};
use crate::world::ScorecardWorld;

/// The embedded template, compiled into the binary.
pub const EMBEDDED_TEMPLATE: &str = include_str!("../templates/scorecard.typ");
/// Where the embedded template lives in the source tree, for diagnostics.
pub const EMBEDDED_TEMPLATE_NAME: &str = "templates/scorecard.typ";

/// The standards every render conforms to unless told otherwise.
pub const DEFAULT_STANDARDS: [PdfStandard; 2] = [PdfStandard::A_2a, PdfStandard::Ua_1];

/// Which PDF standards to write, as chosen on the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct StandardsChoice {
    /// The standards to enforce (empty for `none`).
    pub standards: Vec<PdfStandard>,
    /// Whether to write a tagged PDF.
    pub tagged: bool,
}

impl Default for StandardsChoice {
    fn default() -> Self {
        Self {
            standards: DEFAULT_STANDARDS.to_vec(),
            tagged: true,
        }
    }
}

/// One entry of a standards list: a PDF standard, `untagged` or `none`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StandardName {
    /// A PDF/A or PDF/UA standard.
    Standard(PdfStandard),
    /// Drop the structure tree.
    Untagged,
    /// No standard at all.
    None,
}

impl std::str::FromStr for StandardName {
    type Err = String;

    /// Parses `a-2b`, `ua-1`, `untagged` or `none`.
    fn from_str(name: &str) -> Result<Self, String> {
        match name.trim() {
            "none" => Ok(StandardName::None),
            "untagged" => Ok(StandardName::Untagged),
            name => serde_json::from_value(serde_json::Value::String(name.into()))
                .map(StandardName::Standard)
                .map_err(|_| {
                    format!(
                        "unknown PDF standard `{name}`; use a-1b, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e, ua-1, untagged or none"
                    )
                }),
        }
    }
}

/// Turns a list of standard names into a checked choice, refusing sets that cannot hold.
/// `untagged` may be added to drop the structure tree, which is refused with any standard
/// that needs tags.
pub fn choose_standards(names: &[StandardName]) -> Result<StandardsChoice, String> {
    if names.is_empty() {
        return Err("no standard given; name one or more (e.g. a-2a,ua-1), or `none`".into());
    }
    let has_standard = names.iter().any(|n| matches!(n, StandardName::Standard(_)));
    if names.contains(&StandardName::None) && has_standard {
        return Err("`none` cannot be combined with a standard".into());
    }
    let mut choice = StandardsChoice {
        standards: Vec::new(),
        tagged: !names.contains(&StandardName::Untagged),
    };
    for name in names {
        if let StandardName::Standard(standard) = name {
            if !choice.standards.contains(standard) {
                choice.standards.push(*standard);
            }
        }
    }
    validate_standards(&choice)?;
    Ok(choice)
}

/// Parses a comma-separated list such as `a-2b,ua-1`, or `none`.
pub fn parse_standards(text: &str) -> Result<StandardsChoice, String> {
    let names = text
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::parse)
        .collect::<Result<Vec<StandardName>, String>>()?;
    choose_standards(&names)
}

/// Refuses combinations that cannot hold, before any work is done. Typst itself would
/// write an untagged file that claims PDF/UA, so that case is checked here.
pub fn validate_standards(choice: &StandardsChoice) -> Result<(), String> {
    let needs_tags: Vec<&str> = choice
        .standards
        .iter()
        .filter_map(|s| match s {
            PdfStandard::Ua_1 => Some("ua-1"),
            PdfStandard::A_1a => Some("a-1a"),
            PdfStandard::A_2a => Some("a-2a"),
            PdfStandard::A_3a => Some("a-3a"),
            _ => None,
        })
        .collect();
    if !choice.tagged && !needs_tags.is_empty() {
        return Err(format!(
            "an untagged PDF cannot conform to {}: these standards require a tagged structure; drop `untagged` or choose e.g. a-2b",
            needs_tags.join(" and ")
        ));
    }
    PdfStandards::new(&choice.standards).map_err(|e| {
        let mut message = e.message().to_string();
        for hint in e.hints() {
            message.push_str("; ");
            message.push_str(hint);
        }
        message
    })?;
    Ok(())
}

/// True when the standards allow embedded files (PDF/A-3, PDF/A-4f, PDF/A-4e, or no
/// PDF/A at all).
pub fn allows_attachments(standards: &[PdfStandard]) -> bool {
    !standards.iter().any(|s| {
        matches!(
            s,
            PdfStandard::A_1b
                | PdfStandard::A_1a
                | PdfStandard::A_2b
                | PdfStandard::A_2u
                | PdfStandard::A_2a
                | PdfStandard::A_4
        )
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_standards_are_archival_and_accessible() {
        let choice = StandardsChoice::default();
        assert!(validate_standards(&choice).is_ok());
        assert!(!allows_attachments(&choice.standards));
    }

    #[test]
    fn standards_parse_and_refuse_impossible_sets() {
        assert_eq!(parse_standards("none").unwrap().standards, vec![]);
        assert_eq!(
            parse_standards("a-3b, ua-1").unwrap().standards,
            vec![PdfStandard::A_3b, PdfStandard::Ua_1]
        );
        assert!(parse_standards("ua-1,untagged")
            .unwrap_err()
            .contains("untagged"));
        assert!(
            parse_standards("a-2b,a-3b").is_err(),
            "two PDF/A parts at once"
        );
        assert!(parse_standards("a-9z")
            .unwrap_err()
            .contains("unknown PDF standard"));
        assert!(parse_standards("untagged").is_ok());
        assert!(choose_standards(&[]).is_err());
        assert!(parse_standards("").is_err(), "an empty list is not `none`");
        assert!(parse_standards("none,ua-1").is_err());
        assert!(!allows_attachments(
            &parse_standards("a-4").unwrap().standards
        ));
        assert!(allows_attachments(
            &parse_standards("a-4f").unwrap().standards
        ));
        assert!(allows_attachments(
            &parse_standards("a-3a,ua-1").unwrap().standards
        ));
    }
}
