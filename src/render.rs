//! The render pipeline as one call: figures → sparklines and `/data.json` → typst world →
//! compile → export. It returns the PDF bytes and the warnings; writing and printing them
//! is the caller's job.

use typst::foundations::Datetime;

use crate::diag::Problem;
use crate::error::{Error, ErrorKind};
use crate::export;
use crate::figures::{figures_for_month, IndicatorFigures};
use crate::model::{Dataset, YearMonth};
use crate::pdf::{self, StandardsChoice};
use crate::template_data::{virtual_files, Attachment, Paper};
use crate::world::ScorecardWorld;

/// A template to compile: its text and the name diagnostics show.
#[derive(Debug, Clone)]
pub struct Template {
    /// Shown in error messages, e.g. `templates/scorecard.typ` or the user's path.
    pub display_name: String,
    /// Typst source.
    pub source: String,
}

impl Template {
    /// The template compiled into the binary.
    pub fn embedded() -> Self {
        Self {
            display_name: pdf::EMBEDDED_TEMPLATE_NAME.to_string(),
            source: pdf::EMBEDDED_TEMPLATE.to_string(),
        }
    }
}

/// Everything a render needs besides the data.
#[derive(Debug, Clone)]
pub struct RenderSettings {
    /// The report month.
    pub month: YearMonth,
    /// Page size.
    pub paper: Paper,
    /// PDF standards and tagging.
    pub standards: StandardsChoice,
    /// Attach the input files and the figures CSV (needs PDF/A-3 or no PDF/A).
    pub attach_data: bool,
    /// Creation time written into the PDF, in seconds since 1970 (UTC).
    pub timestamp: i64,
    /// The template.
    pub template: Template,
}

/// A finished render.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Warnings from the template, and indicators with no commentary.
    pub warnings: Vec<Problem>,
    /// The figures that were printed.
    pub figures: Vec<IndicatorFigures>,
    /// Wall time of each stage, for the benchmark (`SCORECARD_TIMINGS=1`).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// The files attached with `--attach-data`: every input exactly as read, then the
/// figures as CSV.
pub fn attachments(
    dataset: &Dataset,
    figures: &[IndicatorFigures],
    month: YearMonth,
) -> Vec<Attachment> {
    let mut out: Vec<Attachment> = dataset
        .sources
        .iter()
        .map(|s| Attachment {
            name: s.name.clone(),
            bytes: s.bytes.clone(),
            mime: "application/yaml",
            relationship: "source",
            description: format!("Input file {}", s.name),
        })
        .collect();
    out.push(Attachment {
        name: format!("figures-{month}.csv"),
        bytes: export::to_csv(figures).into_bytes(),
        mime: "text/csv",
        relationship: "data",
        description: format!("Derived figures for {}", month.long_name()),
    });
    out
}

/// Renders the scorecard for `settings.month`.
pub fn render(dataset: &Dataset, settings: &RenderSettings) -> Result<Rendered, Error> {
    let mut timings = Vec::new();
    let mut clock = std::time::Instant::now();
    let mut lap = |name: &'static str| {
        timings.push((name, clock.elapsed()));
        clock = std::time::Instant::now();
    };
    let figures = figures_for_month(dataset, settings.month);
    lap("figures");
    let attached = if settings.attach_data {
        attachments(dataset, &figures, settings.month)
    } else {
        Vec::new()
    };
    let files = virtual_files(dataset, settings.month, &figures, settings.paper, &attached);
    lap("sparklines and data");
    let today = timestamp_datetime(settings.timestamp);
    let world = ScorecardWorld::new(
        "/template.typ",
        settings.template.source.clone(),
        files,
        crate::fonts::font_store(&dataset.report.fonts),
        today,
    )
    .map_err(|e| Error::one(ErrorKind::Template, Problem::general(e)))?;
    let name = &settings.template.display_name;
    let (document, mut warnings) = pdf::compile(&world, name)?;
    warnings.extend(missing_commentary(dataset, &figures));
    lap("typst compile");
    let ident = format!(
        "scorecard/{}/{}/{}",
        dataset.report.organisation, dataset.report.title, settings.month
    );
    let exported = pdf::export(&world, name, &document, &settings.standards, today, &ident)?;
    lap("pdf export");
    let bytes = crate::pack::pack_object_streams(&exported).unwrap_or(exported);
    lap("pack");
    Ok(Rendered {
        pdf: bytes,
        pages: document.pages().len(),
        warnings,
        figures,
        timings,
    })
}

/// One warning per indicator with no commentary for the report month, located in that
/// month's file.
pub fn missing_commentary(dataset: &Dataset, figures: &[IndicatorFigures]) -> Vec<Problem> {
    figures
        .iter()
        .filter(|f| f.commentary.is_none())
        .filter_map(|f| {
            let month = dataset.months.get(&f.month)?;
            Some(
                Problem::warning(
                    &month.path,
                    format!(
                        "`{}` has no commentary for {}",
                        f.indicator.id,
                        f.month.long_name()
                    ),
                )
                .field(format!("commentary.{}", f.indicator.id))
                .hint("add it under `commentary:` so the board knows the story behind the number"),
            )
        })
        .collect()
}

/// The latest creation time a PDF date can hold (its years have four digits): the last
/// second of 9999.
pub const LATEST_TIMESTAMP: i64 = 253_402_300_799;

/// 1980-01-01, the earliest date every PDF reader handles; used if a time cannot be shown.
const FALLBACK_TIMESTAMP: i64 = 315_532_800;

/// Seconds since 1970 as a typst datetime (UTC); out-of-range values clamp to 1980.
pub fn timestamp_datetime(seconds: i64) -> Datetime {
    let moment = chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_else(|| {
        chrono::DateTime::from_timestamp(FALLBACK_TIMESTAMP, 0).unwrap_or_default()
    });
    use chrono::{Datelike, Timelike};
    Datetime::from_ymd_hms(
        moment.year(),
        moment.month() as u8,
        moment.day() as u8,
        moment.hour() as u8,
        moment.minute() as u8,
        moment.second() as u8,
    )
    .unwrap_or_else(|| Datetime::from_ymd(1980, 1, 1).expect("1980-01-01 is a valid date"))
}

/// The default creation time: `data_as_at` when set, else the end of the report month,
/// at midnight UTC. Never the clock, so a render is reproducible.
pub fn default_timestamp(dataset: &Dataset, month: YearMonth) -> i64 {
    let day = dataset
        .report
        .data_as_at
        .unwrap_or_else(|| month.last_day());
    day.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
}
