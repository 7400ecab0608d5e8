//! The render pipeline as one call: figures → the document's [`view`](crate::view::build) (every
//! word, figure, icon and drawing) → an [`Edition`] that lays it out (the PDF, the web
//! page, the Word document: see [`crate::edition`]) → the file's bytes. It returns the
//! bytes and the warnings; writing and printing them is the caller's job.

use std::path::Path;
use typst::foundations::Datetime;

use crate::diag::Problem;
use crate::edition::{Context, Edition, Output};
use crate::error::{Error, ErrorKind};
use crate::figures::{Derivation, IndicatorFigures};
use crate::model::Paper;
use crate::model::{Audience, Dataset, Detail, Pack, YearMonth};
use crate::view::{self, has_withheld, Document};

/// Everything a render needs besides the data and the edition (whose own settings, such
/// as the PDF's template, are its own).
#[derive(Debug, Clone)]
pub struct RenderSettings {
    /// The report month.
    pub month: YearMonth,
    /// Page size.
    pub paper: Paper,
    /// Which indicators get a detail page.
    pub detail: Detail,
    /// Creation time written into the document, in seconds since 1970 (UTC).
    pub timestamp: i64,
    /// The pack, when report.yaml defines packs.
    pub pack: Option<Pack>,
}

impl RenderSettings {
    /// Which document this is: its month, paper, pack and detail pages.
    pub fn document(&self) -> Document<'_> {
        Document {
            month: self.month,
            paper: self.paper,
            pack: self.pack.as_ref(),
            detail: self.detail,
        }
    }

    /// True when this document is for publication, with small numbers withheld.
    pub fn is_public(&self) -> bool {
        self.pack
            .as_ref()
            .is_some_and(|p| p.audience == Audience::Public)
    }
}

/// The figures a document shows: the pack's sections (every section without packs).
/// `derivation` must match the pack's audience.
pub fn document_figures(
    derivation: &Derivation,
    pack: Option<&Pack>,
    month: YearMonth,
) -> Vec<IndicatorFigures> {
    let mut figures = derivation.month(month);
    figures.retain(|f| pack.is_none_or(|p| p.shows(&f.section_id)));
    figures
}

/// Renders `edition` of the scorecard for `settings.month` from the document's figures
/// (see [`document_figures`]): the view, then the edition's bytes, with the edition's
/// warnings and those every edition shares.
pub fn render(
    dataset: &Dataset,
    figures: &[IndicatorFigures],
    settings: &RenderSettings,
    edition: &dyn Edition,
) -> Result<Output, Error> {
    let clock = std::time::Instant::now();
    let view = build_view(dataset, settings, figures)?;
    let built = clock.elapsed();
    let context = Context {
        dataset,
        figures,
        view: &view,
        settings,
    };
    let mut output = edition.render(&context)?;
    output.timings.insert(0, ("view", built));
    output
        .warnings
        .extend(commentary_warnings(dataset, figures, settings));
    Ok(output)
}

/// The document's view. The one place a leaf failure of the pipeline (a drawing that
/// fails) becomes a problem the user is shown.
fn build_view(
    dataset: &Dataset,
    settings: &RenderSettings,
    figures: &[IndicatorFigures],
) -> Result<view::DocumentView, Error> {
    view::build(dataset, &settings.document(), figures).map_err(|e| {
        let problem = Problem::error(dataset.root.join("indicators.yaml"), e.to_string())
            .field(e.indicator.clone())
            .hint("check the indicator's values: every figure must be a finite number");
        Error::one(ErrorKind::Template, problem)
    })
}

/// What every edition warns of: indicators with no commentary and, in a public pack,
/// commentary left out.
fn commentary_warnings(
    dataset: &Dataset,
    figures: &[IndicatorFigures],
    settings: &RenderSettings,
) -> Vec<Problem> {
    let mut warnings = missing_commentary(dataset, figures);
    if let Some(pack) = settings.pack.as_ref().filter(|_| settings.is_public()) {
        warnings.extend(withheld_commentary(dataset, pack, figures));
    }
    warnings
}

/// A warning when report.yaml's `data_as_at` comes before the report month ends: a month's
/// figures cannot be extracted before the month is over, so the date is probably last
/// month's, and the report would print it.
pub fn early_data_date(dataset: &Dataset, month: YearMonth) -> Option<Problem> {
    let day = dataset.report.data_as_at?;
    (day < month.last_day()).then(|| {
        Problem::warning(
            dataset.root.join("report.yaml"),
            format!(
                "{day} is before {month} ends, yet the {month} report will give it as the date of its data",
                month = month.long_name()
            ),
        )
        .field("data_as_at")
        .hint("set it to the day this month's figures were extracted, or remove it to use the last day of the report month")
    })
}

/// One warning naming every indicator with no commentary for the report month, located
/// in that month's file.
pub fn missing_commentary(dataset: &Dataset, figures: &[IndicatorFigures]) -> Vec<Problem> {
    let missing: Vec<&IndicatorFigures> =
        figures.iter().filter(|f| f.commentary.is_none()).collect();
    let Some(first) = missing.first() else {
        return Vec::new();
    };
    let ids: Vec<&str> = missing.iter().map(|f| f.indicator.id.as_str()).collect();
    let message = missing_commentary_message(&ids, first.month);
    let field = match missing.as_slice() {
        [only] => format!("commentary.{}", only.indicator.id),
        _ => "commentary".to_string(),
    };
    dataset
        .months
        .get(&first.month)
        .map(|month| {
            Problem::warning(&month.path, message)
                .field(field)
                .hint(MISSING_COMMENTARY_HINT)
        })
        .into_iter()
        .collect()
}

/// The hint under a month's missing-commentary warning (which also marks it as one).
const MISSING_COMMENTARY_HINT: &str =
    "add it under `commentary:` so the board knows the story behind the number";

/// Documents of several months (a backfill) each warn of their month's missing
/// commentary: such warnings become one line for the run, naming the months, so a year
/// of old months gives one line, not a screenful. One month's warning stays as it is.
pub fn one_line_for_missing_commentary(warnings: &mut Vec<Problem>) {
    let is_missing =
        |p: &Problem| p.hints.first().map(String::as_str) == Some(MISSING_COMMENTARY_HINT);
    let months: Vec<String> = warnings
        .iter()
        .filter(|p| is_missing(p))
        .filter_map(|p| Some(p.file.as_ref()?.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    let Some(folder) = warnings
        .iter()
        .find(|p| is_missing(p))
        .and_then(|p| p.file.as_ref()?.parent().map(Path::to_path_buf))
    else {
        return;
    };
    if months.len() < 2 {
        return;
    }
    let at = warnings.iter().position(is_missing).unwrap_or(0);
    warnings.retain(|p| !is_missing(p));
    let (first, last) = (&months[0], &months[months.len() - 1]);
    let one = Problem::warning(
        folder,
        format!(
            "{} months rendered ({first} to {last}) have indicators with no commentary; `scorecard check` lists the latest month's",
            months.len()
        ),
    );
    warnings.insert(at.min(warnings.len()), one);
}

/// Most indicator ids one line about missing commentary names.
const MAX_IDS_NAMED: usize = 20;

/// "`contacts` has no commentary for June 2020", or for several, "22 indicators have no
/// commentary for June 2020: `contacts`, `referrals`, ... and 2 more".
pub fn missing_commentary_message(ids: &[&str], month: YearMonth) -> String {
    match ids {
        [only] => format!("`{only}` has no commentary for {}", month.long_name()),
        _ => {
            let named: Vec<String> = ids
                .iter()
                .take(MAX_IDS_NAMED)
                .map(|id| format!("`{id}`"))
                .collect();
            let more = match ids.len().saturating_sub(MAX_IDS_NAMED) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            format!(
                "{} indicators have no commentary for {}: {}{more}",
                ids.len(),
                month.long_name(),
                named.join(", ")
            )
        }
    }
}

/// One warning per indicator whose commentary a public pack leaves out because its
/// figures include withheld numbers that free text could quote.
pub fn withheld_commentary(
    dataset: &Dataset,
    pack: &Pack,
    figures: &[IndicatorFigures],
) -> Vec<Problem> {
    figures
        .iter()
        .filter(|f| f.commentary.is_some() && has_withheld(f))
        .filter_map(|f| {
            let message = format!(
                "the public pack `{}` leaves out the commentary on `{}`: its figures include withheld small numbers",
                pack.id, f.indicator.id
            );
            commentary_warning(dataset, f, message)
        })
        .collect()
}

/// A warning about an indicator's commentary, located in its month's file.
fn commentary_warning(dataset: &Dataset, f: &IndicatorFigures, message: String) -> Option<Problem> {
    let month = dataset.months.get(&f.month)?;
    Some(Problem::warning(&month.path, message).field(format!("commentary.{}", f.indicator.id)))
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
