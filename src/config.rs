//! The command line checked into configurations before any work is done: the template is
//! readable, the standards can hold together, attachments are allowed. A wrong command
//! line exits with the usage status even when the data folder has errors.

use std::path::PathBuf;

use scorecard::error::Error;
use scorecard::load;
use scorecard::model::{Detail, Format, Paper, YearMonth};
use scorecard::pdf::{self, StandardName, StandardsChoice};
use scorecard::typst_edition::Template;
use scorecard::web::HtmlTemplate;
use typst_pdf::PdfStandard;

use crate::args::{DetailArg, PaperArg, RenderArgs, StandardArg};

/// Standards used with `--attach-data` when none are named: PDF/A-2 forbids attachments.
const ATTACHING_STANDARDS: [PdfStandard; 2] = [PdfStandard::A_3a, PdfStandard::Ua_1];

/// Which months a render covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MonthChoice {
    /// The latest month with a file.
    Latest,
    /// One month.
    One(YearMonth),
    /// Every month from the first to the last, inclusive.
    Range(YearMonth, YearMonth),
    /// Every month with a file.
    All,
}

/// A render as asked for, checked.
pub(crate) struct RenderConfig {
    /// The data folder.
    pub(crate) data: PathBuf,
    /// The months asked for.
    pub(crate) months: MonthChoice,
    /// The packs asked for; empty for every pack.
    pub(crate) packs: Vec<String>,
    /// The output path asked for, if any (one document only).
    pub(crate) out: Option<PathBuf>,
    /// The folder for documents named by pack and month.
    pub(crate) out_dir: PathBuf,
    /// Documents rendered at once.
    pub(crate) threads: usize,
    /// The template, read.
    pub(crate) template: Template,
    /// Page size, when asked for (a pack's own wins).
    pub(crate) paper: Option<Paper>,
    /// Detail pages, when asked for (a pack's own wins).
    pub(crate) detail: Option<Detail>,
    /// PDF standards and tagging.
    pub(crate) standards: StandardsChoice,
    /// True when `--pdf-standard` named the standards (a pack's own still win).
    pub(crate) standards_asked: bool,
    /// Attach the inputs and the figures CSV.
    pub(crate) attach_data: bool,
    /// Creation time, when given.
    pub(crate) timestamp: Option<i64>,
    /// The editions asked for with `--format`, in a fixed order; `None` when not asked
    /// (a pack's own `formats:` or else the PDF alone).
    pub(crate) formats: Option<Vec<Format>>,
    /// The web edition's page template, read.
    pub(crate) html_template: HtmlTemplate,
}

impl RenderConfig {
    /// Checks `args`; every refusal here is a usage error.
    pub(crate) fn from_args(args: &RenderArgs) -> Result<Self, Error> {
        let standards = standards(&args.pdf_standard, args.attach_data)?;
        let template = match &args.template {
            Some(path) => Template {
                display_name: path.display().to_string(),
                source: load::read_template(path)?,
            },
            None => Template::embedded(),
        };
        let html_template = match &args.html_template {
            Some(path) => HtmlTemplate {
                display_name: path.display().to_string(),
                source: load::read_html_template(path)?,
            },
            None => HtmlTemplate::embedded(),
        };
        let formats = (!args.format.is_empty()).then(|| {
            let mut formats: Vec<Format> = args.format.clone();
            formats.sort();
            formats.dedup();
            formats
        });
        let months = match (args.month, args.months, args.all_months) {
            (Some(month), _, _) => MonthChoice::One(month),
            (_, Some(range), _) => MonthChoice::Range(range.from, range.to),
            (_, _, true) => MonthChoice::All,
            _ => MonthChoice::Latest,
        };
        if args.out.is_some() && matches!(months, MonthChoice::Range(..) | MonthChoice::All) {
            return Err(Error::usage(
                "--out names one file, and this render writes one per month",
                "leave out --out (files go to --out-dir, named by pack and month)",
            ));
        }
        // An output must never replace the data or something that is not a file; this is
        // known from the command line alone, before any data is read.
        if let Some(out) = &args.out {
            scorecard::output::refuse_data_inputs(std::slice::from_ref(out), &args.data.data)?;
        }
        scorecard::output::check_output_folder(&args.out_dir, &args.data.data)?;
        let threads = args.jobs.map_or_else(
            || std::thread::available_parallelism().map_or(1, |n| n.get()),
            |n| n.get(),
        );
        Ok(Self {
            data: args.data.data.clone(),
            months,
            packs: args.packs.clone(),
            out: args.out.clone(),
            out_dir: args.out_dir.clone(),
            threads,
            template,
            paper: args.paper.map(|paper| match paper {
                PaperArg::A4 => Paper::A4,
                PaperArg::A3 => Paper::A3,
            }),
            detail: args.detail.map(|detail| match detail {
                DetailArg::None => Detail::None,
                DetailArg::Exceptions => Detail::Exceptions,
                DetailArg::All => Detail::All,
            }),
            standards,
            standards_asked: !args.pdf_standard.is_empty(),
            attach_data: args.attach_data,
            timestamp: args.creation_timestamp.and_then(|t| t.0),
            formats,
            html_template,
        })
    }
}

fn standards(names: &[StandardArg], attach_data: bool) -> Result<StandardsChoice, Error> {
    let choice = if names.is_empty() {
        if attach_data {
            StandardsChoice {
                standards: ATTACHING_STANDARDS.to_vec(),
                tagged: true,
            }
        } else {
            StandardsChoice::default()
        }
    } else {
        let names: Vec<StandardName> = names.iter().map(|n| standard_name(*n)).collect();
        pdf::choose_standards(&names).map_err(|message| {
            Error::usage(
                format!("--pdf-standard: {message}"),
                "for example: --pdf-standard a-2a,ua-1",
            )
        })?
    };
    if attach_data && !pdf::allows_attachments(&choice.standards) {
        return Err(Error::usage(
            "--attach-data needs PDF/A-3, PDF/A-4f or no PDF/A: PDF/A-1, PDF/A-2 and PDF/A-4 forbid embedded files",
            "use --pdf-standard a-3a,ua-1 (the default with --attach-data)",
        ));
    }
    if !attach_data && choice.standards.contains(&PdfStandard::A_4f) {
        return Err(Error::usage(
            "PDF/A-4f is for documents with attached files, and this render attaches none",
            "add --attach-data, or use --pdf-standard a-4",
        ));
    }
    Ok(choice)
}

fn standard_name(arg: StandardArg) -> StandardName {
    let standard = match arg {
        StandardArg::Untagged => return StandardName::Untagged,
        StandardArg::None => return StandardName::None,
        StandardArg::A1b => PdfStandard::A_1b,
        StandardArg::A2b => PdfStandard::A_2b,
        StandardArg::A2u => PdfStandard::A_2u,
        StandardArg::A2a => PdfStandard::A_2a,
        StandardArg::A3b => PdfStandard::A_3b,
        StandardArg::A3u => PdfStandard::A_3u,
        StandardArg::A3a => PdfStandard::A_3a,
        StandardArg::A4 => PdfStandard::A_4,
        StandardArg::A4f => PdfStandard::A_4f,
        StandardArg::A4e => PdfStandard::A_4e,
        StandardArg::Ua1 => PdfStandard::Ua_1,
    };
    StandardName::Standard(standard)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_sets_are_refused_before_any_work() {
        assert!(standards(&[StandardArg::Ua1, StandardArg::Untagged], false).is_err());
        assert!(
            standards(&[StandardArg::A2b], true).is_err(),
            "A-2 forbids attachments"
        );
        assert!(
            standards(&[StandardArg::A4f], false).is_err(),
            "A-4f needs attachments"
        );
        assert_eq!(
            standards(&[], true).unwrap().standards,
            ATTACHING_STANDARDS.to_vec()
        );
        assert!(standards(&[], false).unwrap().tagged);
    }
}
