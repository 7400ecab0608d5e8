//! The command line, as clap types and nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Turns a performance team's monthly numbers into a board-ready PDF scorecard.
#[derive(Debug, Parser)]
#[command(name = "scorecard", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate the data folder, listing every problem found.
    Check(DataArgs),
    /// Print the derived figures for one month as CSV or JSON.
    Figures(FiguresArgs),
    /// Render the scorecard PDF.
    Render(RenderArgs),
    /// Run Making Data Count SPC (XmR) on a CSV series with a `value` column.
    Spc(SpcArgs),
    /// Email the scorecard to the lists in distribution.yaml (a dry run without SMTP settings).
    Send(SendArgs),
}

/// Where the data lives.
#[derive(Debug, clap::Args)]
pub struct DataArgs {
    /// The data folder holding report.yaml, indicators.yaml and months/.
    #[arg(long, value_name = "DIR", default_value = "data")]
    pub data: PathBuf,
}

/// Output format for tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// JSON.
    Json,
}

/// `scorecard figures`.
#[derive(Debug, clap::Args)]
pub struct FiguresArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The report month (YYYY-MM); default: the latest month in the data.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
}

/// Page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    /// A4 landscape.
    A4,
    /// A3 landscape.
    A3,
}

/// `scorecard render`.
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The report month (YYYY-MM); default: the latest month in the data.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// Where to write the PDF; default: out/scorecard-YYYY-MM.pdf.
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// A Typst template to use instead of the embedded one.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Paper size (always landscape).
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// PDF standards, comma-separated (a-2a, a-2b, a-3a, a-3b, ua-1, ...), `untagged`, or `none`.
    /// Default: a-2a,ua-1 (a-3a,ua-1 with --attach-data).
    #[arg(long, value_name = "LIST")]
    pub pdf_standard: Option<String>,
    /// Embed the input files and the figures CSV in the PDF (PDF/A-3).
    #[arg(long)]
    pub attach_data: bool,
}

/// Which direction is better, for `spc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolarityArg {
    /// Higher is better.
    Up,
    /// Lower is better.
    Down,
    /// Neither.
    Neutral,
}

/// `scorecard spc`.
#[derive(Debug, clap::Args)]
pub struct SpcArgs {
    /// CSV file with a `value` column (and optionally `month`).
    #[arg(value_name = "FILE.csv")]
    pub file: PathBuf,
    /// Which direction is better.
    #[arg(long, value_enum, default_value_t = PolarityArg::Neutral)]
    pub polarity: PolarityArg,
    /// Target, for the assurance icon.
    #[arg(long, allow_negative_numbers = true)]
    pub target: Option<f64>,
    /// Take the limits from the first N points.
    #[arg(long, value_name = "N")]
    pub baseline: Option<usize>,
    /// Start a new section of limits at point N (1-based); repeatable.
    #[arg(long = "recalc-at", value_name = "N")]
    pub recalc_at: Vec<usize>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
    pub format: TableFormat,
}

/// `scorecard send`.
#[derive(Debug, clap::Args)]
pub struct SendArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The report month (YYYY-MM); default: the latest month in the data.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// Send only this pack (repeatable); default: every list. Needs packs in report.yaml.
    #[arg(long = "pack", value_name = "ID")]
    pub packs: Vec<String>,
    /// Write each message to out/*.eml and print what would be sent; send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Send again to recipients the send log says already have this PDF.
    #[arg(long)]
    pub resend: bool,
}
