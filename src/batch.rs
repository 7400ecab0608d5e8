//! Many documents in one run: every pack for every month asked for, from data loaded
//! once and series resolved once per audience, rendered in parallel across the machine's
//! cores (typst's caches are shared, so later compiles reuse earlier layout, and trimmed
//! after each document, so memory does not grow with their number). One failed document
//! does not stop the others; each result is reported in the order planned.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::diag::Problem;
use crate::edition::Editions;
use crate::error::{Error, ErrorKind};
use crate::figures::Derivation;
use crate::model::{Audience, Dataset, Detail, Format, Pack, Paper, YearMonth};
use crate::render::{self, RenderSettings};

/// One document to write.
#[derive(Debug, Clone)]
pub struct Job {
    /// The report month.
    pub month: YearMonth,
    /// The pack, when report.yaml defines packs.
    pub pack: Option<Pack>,
    /// The edition.
    pub format: Format,
    /// Where the file goes.
    pub out: PathBuf,
}

impl Job {
    /// "June 2020" or "board, June 2020", for progress and summaries.
    pub fn label(&self) -> String {
        match &self.pack {
            Some(pack) => format!("{}, {}", pack.id, self.month.long_name()),
            None => self.month.long_name(),
        }
    }
}

/// What every document shares unless its pack says otherwise.
#[derive(Debug)]
pub struct Shared {
    /// Page size.
    pub paper: Paper,
    /// Detail pages.
    pub detail: Detail,
    /// Creation time; `None` takes it from each month's data.
    pub timestamp: Option<i64>,
    /// Every edition, with its own settings.
    pub editions: Editions,
}

impl Shared {
    /// The settings of one document: the pack's own paper and detail pages where it has
    /// them, these otherwise; the creation time from the data unless given.
    pub fn settings(
        &self,
        dataset: &Dataset,
        month: YearMonth,
        pack: Option<&Pack>,
    ) -> RenderSettings {
        RenderSettings {
            month,
            paper: pack.and_then(|p| p.paper).unwrap_or(self.paper),
            detail: pack.and_then(|p| p.detail).unwrap_or(self.detail),
            timestamp: self
                .timestamp
                .unwrap_or_else(|| render::default_timestamp(dataset, month)),
            pack: pack.cloned(),
        }
    }
}

/// A document written.
#[derive(Debug, Clone)]
pub struct Written {
    /// Pages, for a PDF.
    pub pages: Option<usize>,
    /// Bytes.
    pub bytes: usize,
}

/// How one job ended.
#[derive(Debug)]
pub struct Outcome {
    /// The job.
    pub job: Job,
    /// Written, or why not.
    pub result: Result<Written, Error>,
    /// Warnings found while rendering it.
    pub warnings: Vec<Problem>,
}

/// The default file name: `scorecard-2020-06.pdf`, or `scorecard-public-2020-06.html` for
/// a pack's web page, so packs, months and editions never collide.
pub fn file_name(pack: Option<&Pack>, month: YearMonth, format: Format) -> String {
    let extension = format.entry().extension;
    match pack {
        Some(pack) => format!("scorecard-{}-{month}.{extension}", pack.id),
        None => format!("scorecard-{month}.{extension}"),
    }
}

/// Renders every job on up to `threads` threads; `on_done` is called as each finishes
/// (from the thread that rendered it). Outcomes come back in the order of `jobs`.
pub fn run(
    dataset: &Dataset,
    jobs: Vec<Job>,
    shared: &Shared,
    threads: usize,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    let board = Derivation::new(dataset, None);
    let public = jobs
        .iter()
        .any(|j| {
            j.pack
                .as_ref()
                .is_some_and(|p| p.audience == Audience::Public)
        })
        .then(|| Derivation::new(dataset, dataset.report.suppression.as_ref()));
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Outcome>>> = Mutex::new(jobs.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(job) = jobs.get(index) else {
                    break;
                };
                let derivation = match (&job.pack, &public) {
                    (Some(p), Some(public)) if p.audience == Audience::Public => public,
                    _ => &board,
                };
                let outcome = guarded(job, || render_one(dataset, derivation, job.clone(), shared));
                // typst memoises every layout it computes; without trimming, a long run
                // keeps every document's and its memory grows with each one.
                typst::comemo::evict(CACHE_AGE);
                // A failure in showing progress must not lose the document's outcome.
                let _ =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| on_done(&outcome)));
                // A lock is poisoned only by a panic while it is held, and a slot is set in
                // one move: the outcomes in it are whole, so they are taken as they are.
                done.lock().unwrap_or_else(PoisonError::into_inner)[index] = Some(outcome);
            });
        }
    });
    let slots = done.into_inner().unwrap_or_else(PoisonError::into_inner);
    slots
        .into_iter()
        .zip(jobs)
        .map(|(slot, job)| {
            slot.unwrap_or_else(|| Outcome {
                result: Err(Error::one(
                    ErrorKind::Template,
                    Problem::general(format!(
                        "rendering {} stopped before it said whether it was written",
                        job.label()
                    )),
                )
                .with_summary("no PDF was written")),
                job,
                warnings: Vec::new(),
            })
        })
        .collect()
}

/// Documents a memoised result may go unused before typst's cache drops it: enough for
/// the documents in flight to share the template's layout, few enough that memory stays
/// flat however many documents a run writes.
const CACHE_AGE: usize = 4;

/// Runs one job so that a panic inside it fails that document alone: the others are
/// still written and the summary still says what was.
fn guarded(job: &Job, render: impl FnOnce() -> Outcome) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(render)).unwrap_or_else(|_| Outcome {
        job: job.clone(),
        result: Err(Error::one(
            ErrorKind::Template,
            Problem::general(format!("rendering {} stopped unexpectedly", job.label())),
        )
        .with_summary(format!("no {} was written", job.format.entry().noun))),
        warnings: Vec::new(),
    })
}

fn render_one(dataset: &Dataset, derivation: &Derivation, job: Job, shared: &Shared) -> Outcome {
    let mut warnings = Vec::new();
    let result = render_job(dataset, derivation, &job, shared, &mut warnings);
    Outcome {
        job,
        result,
        warnings,
    }
}

fn render_job(
    dataset: &Dataset,
    derivation: &Derivation,
    job: &Job,
    shared: &Shared,
    warnings: &mut Vec<Problem>,
) -> Result<Written, Error> {
    if !dataset.months.contains_key(&job.month) {
        return Err(Error::one(
            ErrorKind::Data,
            Problem::error(
                dataset.root.join("months"),
                format!("there is no file for {}", job.month),
            )
            .hint(format!(
                "add months/{}.yaml, or leave the month out",
                job.month
            )),
        ));
    }
    let settings = shared.settings(dataset, job.month, job.pack.as_ref());
    let clock = std::time::Instant::now();
    let figures = render::document_figures(derivation, job.pack.as_ref(), job.month);
    let figures_time = clock.elapsed();
    let unwritten = |error: Error| {
        let what = format!("no {} was written", job.format.entry().noun);
        error.with_summary(if job.out.exists() {
            format!("{what}; the existing {} is unchanged", job.out.display())
        } else {
            what
        })
    };
    let edition = shared.editions.get(job.format);
    let output = render::render(dataset, &figures, &settings, edition).map_err(unwritten)?;
    let timings = &output.timings;
    if std::env::var_os("SCORECARD_TIMINGS").is_some() {
        let figures = ("figures", figures_time);
        for (stage, time) in std::iter::once(&figures).chain(timings) {
            crate::tell!("timing: {stage}: {:.0} ms", time.as_secs_f64() * 1000.0);
        }
    }
    warnings.extend(output.warnings);
    crate::output::write_atomically(&job.out, &output.bytes)?;
    Ok(Written {
        pages: output.pages,
        bytes: output.bytes.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_and_months_never_share_a_file_name() {
        let june: YearMonth = "2020-06".parse().unwrap();
        let pack = |id: &str| Pack {
            id: id.into(),
            title: None,
            sections: None,
            audience: Audience::Board,
            paper: None,
            standards: None,
            detail: None,
            formats: None,
        };
        let names = [
            file_name(None, june, Format::pdf()),
            file_name(None, june.plus(-1), Format::pdf()),
            file_name(Some(&pack("board")), june, Format::pdf()),
            file_name(Some(&pack("public")), june, Format::pdf()),
            file_name(Some(&pack("public")), june.plus(-1), Format::pdf()),
            file_name(None, june, Format::named("html").unwrap()),
            file_name(Some(&pack("public")), june, Format::named("html").unwrap()),
        ];
        let mut unique = names.to_vec();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert_eq!(names[3], "scorecard-public-2020-06.pdf");
        assert_eq!(names[6], "scorecard-public-2020-06.html");
    }
}
