//! The command line, as clap types and nothing else. Values clap can check on its own
//! (months, timestamps, standard names) are parsed here, so a wrong one is refused before
//! any data is read.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Parser, Subcommand, ValueEnum};
use scorecard::edition::EDITIONS;
use scorecard::model::{Format, YearMonth};

/// Turns a performance team's monthly numbers into a board-ready PDF scorecard.
#[derive(Debug, Parser)]
#[command(name = "scorecard", version, about, long_about = None)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Load and validate the data folder, listing every problem found.
    Check(DataArgs),
    /// Print the derived figures for one month as CSV or JSON.
    Figures(FiguresArgs),
    /// Render the scorecard PDF.
    Render(RenderArgs),
    /// Run Making Data Count SPC (XmR) on a CSV series with a `value` column.
    Spc(SpcArgs),
    /// Write the embedded Typst template, as a starting point for your own.
    Template(TemplateArgs),
    /// Write a small, commented data folder to start from.
    Init(InitArgs),
    /// Write next month's file, with last month's values beside each line.
    NewMonth(NewMonthArgs),
    /// Import monthly values (or returned commentary workbooks) into the month files.
    Import(ImportArgs),
    /// Email the scorecard to the lists in distribution.yaml (a dry run without SMTP settings).
    Send(SendArgs),
    /// Ask each indicator's owner for this month's commentary, and follow it up.
    #[command(subcommand)]
    Commentary(CommentaryCommand),
}

/// `scorecard commentary`.
#[derive(Debug, Subcommand)]
pub(crate) enum CommentaryCommand {
    /// Write one workbook per owner to fill in (and with --send, email it).
    Request(CommentaryRequestArgs),
    /// List, per owner, the commentary still outstanding.
    Status(CommentaryStatusArgs),
    /// Email a reminder with a fresh workbook to owners with commentary outstanding.
    Chase(CommentaryChaseArgs),
}

/// The data folder and report month every `commentary` subcommand works on.
#[derive(Debug, clap::Args)]
pub(crate) struct CommentaryMonth {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// The report month; default: the latest month in the data.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub(crate) month: Option<YearMonth>,
}

/// `scorecard commentary request`.
#[derive(Debug, clap::Args)]
pub(crate) struct CommentaryRequestArgs {
    #[command(flatten)]
    pub(crate) at: CommentaryMonth,
    /// Only this owner (repeatable); default: every owner in distribution.yaml.
    #[arg(long = "owner", value_name = "ID")]
    pub(crate) owners: Vec<String>,
    /// The folder for the workbooks, named commentary-YYYY-MM-OWNER.xlsx.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub(crate) out_dir: PathBuf,
    /// Also email each owner with an address their workbook (a dry run without
    /// SCORECARD_SMTP_URL); at most once per owner and month.
    #[arg(long)]
    pub(crate) send: bool,
}

/// `scorecard commentary status`.
#[derive(Debug, clap::Args)]
pub(crate) struct CommentaryStatusArgs {
    #[command(flatten)]
    pub(crate) at: CommentaryMonth,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub(crate) format: StatusFormat,
}

/// How `commentary status` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatusFormat {
    /// One line per owner.
    Text,
    /// CSV with a header row.
    Csv,
}

/// `scorecard commentary chase`.
#[derive(Debug, clap::Args)]
pub(crate) struct CommentaryChaseArgs {
    #[command(flatten)]
    pub(crate) at: CommentaryMonth,
    /// Only this owner (repeatable); default: every owner with commentary outstanding.
    #[arg(long = "owner", value_name = "ID")]
    pub(crate) owners: Vec<String>,
    /// The folder for the fresh workbooks sent with the reminders, as for `request`.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub(crate) out_dir: PathBuf,
    /// Email the reminders (a dry run without SCORECARD_SMTP_URL); without it, list who
    /// would be chased. At most once per owner per day.
    #[arg(long)]
    pub(crate) send: bool,
}

/// Where the data lives.
#[derive(Debug, clap::Args)]
pub(crate) struct DataArgs {
    /// The data folder holding report.yaml, indicators.yaml and months/.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub(crate) data: PathBuf,
}

/// Output format for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TableFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// JSON.
    Json,
}

/// Whose figures `scorecard figures` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum AudienceArg {
    /// Every figure as reported.
    Board,
    /// As a public pack shows them: small counts withheld under report.yaml's rule.
    Public,
}

/// `scorecard figures`.
#[derive(Debug, clap::Args)]
pub(crate) struct FiguresArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Whose figures: the board's, or the public version's.
    #[arg(long, value_enum, default_value_t = AudienceArg::Board)]
    pub(crate) audience: AudienceArg,
    /// The report month; default: the latest month in the data.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub(crate) month: Option<YearMonth>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub(crate) format: TableFormat,
}

/// Page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PaperArg {
    /// A4 landscape.
    A4,
    /// A3 landscape.
    A3,
}

/// Which indicators get a detail page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DetailArg {
    /// No detail pages.
    None,
    /// Only the indicators listed under "Needs attention".
    Exceptions,
    /// Every indicator.
    All,
}

/// A name accepted by `--pdf-standard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StandardArg {
    /// PDF/A-1b.
    #[value(name = "a-1b")]
    A1b,
    /// PDF/A-2b.
    #[value(name = "a-2b")]
    A2b,
    /// PDF/A-2u.
    #[value(name = "a-2u")]
    A2u,
    /// PDF/A-2a (tagged).
    #[value(name = "a-2a")]
    A2a,
    /// PDF/A-3b.
    #[value(name = "a-3b")]
    A3b,
    /// PDF/A-3u.
    #[value(name = "a-3u")]
    A3u,
    /// PDF/A-3a (tagged).
    #[value(name = "a-3a")]
    A3a,
    /// PDF/A-4.
    #[value(name = "a-4")]
    A4,
    /// PDF/A-4f (with attached files).
    #[value(name = "a-4f")]
    A4f,
    /// PDF/A-4e.
    #[value(name = "a-4e")]
    A4e,
    /// PDF/UA-1 (accessible; needs tags).
    #[value(name = "ua-1")]
    Ua1,
    /// Leave out the structure tree.
    Untagged,
    /// No standard at all.
    None,
}

/// An inclusive range of months, `2019-07..2020-06`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MonthRange {
    /// The first month.
    pub(crate) from: YearMonth,
    /// The last month.
    pub(crate) to: YearMonth,
}

/// `scorecard render`.
#[derive(Debug, clap::Args)]
pub(crate) struct RenderArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// The report month; default: the latest month in the data.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month, conflicts_with_all = ["months", "all_months"])]
    pub(crate) month: Option<YearMonth>,
    /// Render every month from FROM to TO (inclusive) in one run.
    #[arg(long, value_name = "FROM..TO", value_parser = parse_month_range, conflicts_with = "all_months")]
    pub(crate) months: Option<MonthRange>,
    /// Render every month that has a file.
    #[arg(long)]
    pub(crate) all_months: bool,
    /// Render only this pack from report.yaml (repeatable); default: every pack.
    #[arg(long = "pack", value_name = "ID")]
    pub(crate) packs: Vec<String>,
    /// Where to write the PDF when one document is rendered; default: in --out-dir.
    #[arg(long, value_name = "PATH")]
    pub(crate) out: Option<PathBuf>,
    /// The folder for the PDFs, named scorecard[-PACK]-YYYY-MM.pdf.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub(crate) out_dir: PathBuf,
    /// Documents rendered at once; default: one per core.
    #[arg(long, value_name = "N", value_parser = parse_jobs)]
    pub(crate) jobs: Option<std::num::NonZeroUsize>,
    /// A Typst template to use instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub(crate) template: Option<PathBuf>,
    /// Paper size (always landscape); default: a4. A pack's own `paper:` in report.yaml
    /// takes precedence.
    #[arg(long, value_enum)]
    pub(crate) paper: Option<PaperArg>,
    /// Detail pages, two indicators a page, each with a full SPC chart; default: none. A
    /// pack's own `detail:` in report.yaml takes precedence.
    #[arg(long, value_enum)]
    pub(crate) detail: Option<DetailArg>,
    /// PDF standards, comma-separated. Default: a-2a,ua-1 (a-3a,ua-1 with --attach-data).
    /// A pack's own `pdf_standard:` in report.yaml takes precedence.
    #[arg(long, value_name = "LIST", value_enum, value_delimiter = ',')]
    pub(crate) pdf_standard: Vec<StandardArg>,
    /// Embed the input files and the figures CSV in the PDF (PDF/A-3).
    #[arg(long)]
    pub(crate) attach_data: bool,
    /// The PDF's creation time in seconds since 1970; default: the data's "as at" date or
    /// the end of the report month, never the clock.
    #[arg(long, value_name = "UNIX_TIME", env = "SOURCE_DATE_EPOCH", value_parser = parse_timestamp)]
    pub(crate) creation_timestamp: Option<CreationTime>,
    /// Editions to write, comma-separated; default: pdf. A pack's own `formats:` in
    /// report.yaml takes precedence.
    #[arg(long, value_name = "LIST", value_parser = format_parser(), value_delimiter = ',')]
    pub(crate) format: Vec<Format>,
    /// A page template (Jinja) to use for the web edition instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub(crate) html_template: Option<PathBuf>,
}

/// The editions `render` can write, with their help, from the list of editions.
fn format_parser() -> impl clap::builder::TypedValueParser<Value = Format> {
    let values = EDITIONS
        .iter()
        .map(|e| clap::builder::PossibleValue::new(e.name).help(e.help));
    clap::builder::PossibleValuesParser::new(values)
        .map(|name| Format::named(&name).unwrap_or_else(Format::pdf))
}

/// Which embedded template `scorecard template` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TemplateFormat {
    /// The Typst template of the PDF.
    Typst,
    /// The Jinja page template of the web edition.
    Html,
}

/// Which direction is better, for `spc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PolarityArg {
    /// Higher is better.
    Up,
    /// Lower is better.
    Down,
    /// Neither direction is better.
    Neutral,
}

/// `scorecard spc`.
#[derive(Debug, clap::Args)]
pub(crate) struct SpcArgs {
    /// CSV file with a `value` column (and optionally `month`).
    #[arg(value_name = "FILE.csv")]
    pub(crate) file: PathBuf,
    /// Which direction is better.
    #[arg(long, value_enum, default_value_t = PolarityArg::Neutral)]
    pub(crate) polarity: PolarityArg,
    /// Target, for the assurance icon.
    #[arg(long, allow_negative_numbers = true, value_parser = parse_finite)]
    pub(crate) target: Option<f64>,
    /// Take the limits from the first N points.
    #[arg(long, value_name = "N")]
    pub(crate) baseline: Option<usize>,
    /// Start a new section of limits at point N (1-based); repeatable.
    #[arg(long = "recalc-at", value_name = "N")]
    pub(crate) recalc_at: Vec<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub(crate) format: TableFormat,
}

/// `scorecard template`.
#[derive(Debug, clap::Args)]
pub(crate) struct TemplateArgs {
    /// Where to write the template; default: standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: Option<PathBuf>,
    /// Which template: the PDF's (Typst) or the web page's (Jinja).
    #[arg(long, value_enum, default_value_t = TemplateFormat::Typst)]
    pub(crate) format: TemplateFormat,
}

/// `scorecard init`.
#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// The folder to create; it must not exist yet, or be empty.
    #[arg(value_name = "DIR")]
    pub(crate) dir: PathBuf,
}

/// `scorecard new-month`.
#[derive(Debug, clap::Args)]
pub(crate) struct NewMonthArgs {
    /// The month to write; default: the month after the latest month file.
    #[arg(value_name = "YYYY-MM", value_parser = parse_month)]
    pub(crate) month: Option<YearMonth>,
    #[command(flatten)]
    pub(crate) data: DataArgs,
}

fn parse_month(text: &str) -> Result<YearMonth, ArgError> {
    text.parse()
        .map_err(|()| ArgError::NotAMonth(text.to_string()))
}

fn parse_jobs(text: &str) -> Result<std::num::NonZeroUsize, ArgError> {
    text.trim()
        .parse()
        .map_err(|_| ArgError::NotAJobCount(text.to_string()))
}

/// A creation time from the command line or `SOURCE_DATE_EPOCH`; an empty variable counts
/// as unset, as reproducible-build tools expect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CreationTime(pub(crate) Option<i64>);

fn parse_month_range(text: &str) -> Result<MonthRange, ArgError> {
    let (from, to) = text
        .split_once("..")
        .ok_or_else(|| ArgError::NotARange(text.to_string()))?;
    let (from, to) = (parse_month(from.trim())?, parse_month(to.trim())?);
    if from > to {
        return Err(ArgError::Backwards(text.to_string()));
    }
    Ok(MonthRange { from, to })
}

fn parse_timestamp(text: &str) -> Result<CreationTime, ArgError> {
    if text.trim().is_empty() {
        return Ok(CreationTime(None));
    }
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|s| (0..=scorecard::render::LATEST_TIMESTAMP).contains(s))
        .ok_or_else(|| ArgError::NotATimestamp(text.to_string()))
        .map(|seconds| CreationTime(Some(seconds)))
}

fn parse_finite(text: &str) -> Result<f64, ArgError> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| ArgError::NotFinite(text.to_string()))
}

/// A command-line value that does not parse, holding the text as written. clap puts the
/// option's name before it and exits with the usage status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ArgError {
    /// Not `YYYY-MM`.
    NotAMonth(String),
    /// Not a whole number of 1 or more.
    NotAJobCount(String),
    /// No `..` between two months.
    NotARange(String),
    /// A range whose first month is after its last.
    Backwards(String),
    /// Not seconds since 1970 within the range a PDF can carry.
    NotATimestamp(String),
    /// Not a finite number.
    NotFinite(String),
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgError::NotAMonth(text) => {
                write!(f, "`{text}` is not a month; write it as YYYY-MM, e.g. 2020-06")
            }
            ArgError::NotAJobCount(text) => write!(
                f,
                "`{text}` is not a number of documents: it must be 1 or more, e.g. --jobs 2"
            ),
            ArgError::NotARange(text) => write!(
                f,
                "`{text}` is not a range of months; write FROM..TO, e.g. 2019-07..2020-06"
            ),
            ArgError::Backwards(text) => {
                write!(f, "`{text}` runs backwards; write the earlier month first")
            }
            ArgError::NotATimestamp(text) => write!(
                f,
                "`{text}` is not a Unix time from 0 to {}; give seconds since 1970 such as 1593561600 (SOURCE_DATE_EPOCH sets it too)",
                scorecard::render::LATEST_TIMESTAMP
            ),
            ArgError::NotFinite(text) => {
                write!(f, "`{text}` is not a finite number; for example --target 85")
            }
        }
    }
}

impl std::error::Error for ArgError {}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_month_that_is_not_yyyy_mm_is_refused_by_clap() {
        let error = Cli::try_parse_from(["scorecard", "render", "--month", "June"]).unwrap_err();
        assert!(
            error.to_string().contains("`June` is not a month"),
            "{error}"
        );
    }

    #[test]
    fn month_ranges_run_forwards() {
        let range = parse_month_range("2019-07..2020-06").unwrap();
        assert_eq!(range.from.to_string(), "2019-07");
        assert_eq!(range.to.to_string(), "2020-06");
        assert_eq!(
            parse_month_range("2020-06..2019-07"),
            Err(ArgError::Backwards("2020-06..2019-07".into()))
        );
        assert_eq!(
            parse_month_range("2020-06"),
            Err(ArgError::NotARange("2020-06".into()))
        );
        assert_eq!(
            parse_month_range("2019-07..June"),
            Err(ArgError::NotAMonth("June".into()))
        );
        assert!(
            Cli::try_parse_from(["scorecard", "render", "--month", "2020-06", "--all-months"])
                .is_err()
        );
    }

    #[test]
    fn new_month_takes_an_optional_month_and_the_data_folder() {
        let cli =
            Cli::try_parse_from(["scorecard", "new-month", "2020-07", "--data", "d"]).unwrap();
        let Command::NewMonth(args) = cli.command else {
            panic!("new-month")
        };
        assert_eq!(args.month, Some("2020-07".parse().unwrap()));
        assert_eq!(args.data.data, PathBuf::from("d"));
        let cli = Cli::try_parse_from(["scorecard", "new-month"]).unwrap();
        let Command::NewMonth(args) = cli.command else {
            panic!("new-month")
        };
        assert_eq!(args.month, None);
        assert_eq!(args.data.data, PathBuf::from("data"));
        let error = Cli::try_parse_from(["scorecard", "new-month", "July"]).unwrap_err();
        assert!(
            error.to_string().contains("`July` is not a month"),
            "{error}"
        );
        assert!(
            Cli::try_parse_from(["scorecard", "init"]).is_err(),
            "init needs a folder"
        );
    }

    #[test]
    fn standards_are_a_comma_separated_list_of_names() {
        let cli =
            Cli::try_parse_from(["scorecard", "render", "--pdf-standard", "a-3b,ua-1"]).unwrap();
        let Command::Render(args) = cli.command else {
            panic!("render")
        };
        assert_eq!(args.pdf_standard, vec![StandardArg::A3b, StandardArg::Ua1]);
        assert!(Cli::try_parse_from(["scorecard", "render", "--pdf-standard", "a-9z"]).is_err());
    }
}

/// `scorecard import`.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportArgs {
    /// The spreadsheets: .csv, .xlsx, .xlsm, .xls or .ods, with numbers or with
    /// commentary (a workbook from `commentary request`, filled in); all are imported, or none.
    #[arg(value_name = "FILE", required_unless_present = "recover")]
    pub(crate) files: Vec<PathBuf>,
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// The sheet to read (workbooks only); default: the source's, or the first visible
    /// worksheet.
    #[arg(long, value_name = "NAME")]
    pub(crate) sheet: Option<String>,
    /// The month (YYYY-MM) of a file with one `value` column and no `month` column; in a
    /// file with several months, import only this one.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub(crate) month: Option<YearMonth>,
    /// Read every file with this source from imports.yaml (default: the first source
    /// whose `files` patterns match each file's name).
    #[arg(long, value_name = "ID")]
    pub(crate) source: Option<String>,
    /// Write values that differ from those already in the month files (revisions).
    #[arg(long)]
    pub(crate) revise: bool,
    /// Only finish (or roll back) an import that was interrupted, then stop.
    #[arg(long, conflicts_with_all = ["files", "revise"])]
    pub(crate) recover: bool,
}

/// `scorecard send`.
#[derive(Debug, clap::Args)]
pub(crate) struct SendArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// The report month; default: the latest month in the data.
    #[arg(long, value_name = "YYYY-MM", value_parser = parse_month)]
    pub(crate) month: Option<YearMonth>,
    /// Send only this pack's list (repeatable); default: every list.
    #[arg(long = "pack", value_name = "ID")]
    pub(crate) packs: Vec<String>,
    /// Write each message to out/*.eml and print what would be sent; send nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Send again to recipients the send log says already have this PDF.
    #[arg(long)]
    pub(crate) resend: bool,
    /// The PDF's creation time, as for `render`.
    #[arg(long, value_name = "UNIX_TIME", env = "SOURCE_DATE_EPOCH", value_parser = parse_timestamp)]
    pub(crate) creation_timestamp: Option<CreationTime>,
}
