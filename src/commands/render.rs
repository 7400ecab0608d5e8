//! `scorecard render`: every pack for every month asked for, written atomically, with a
//! progress bar on a terminal and one line per document written.

use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressStyle};
use scorecard::batch::{self, Job, Outcome, Shared};
use scorecard::diag::{did_you_mean, Problem};
use scorecard::edition::{Editions, Options};
use scorecard::error::{count, Error, ErrorKind};
use scorecard::model::{Dataset, Detail, Format, Pack, PackStandards, Paper, YearMonth};
use scorecard::web::index::FolderIndex;
use scorecard::{pdf, render};

use super::{choose_month, load_data};
use crate::args::RenderArgs;
use crate::config::{MonthChoice, RenderConfig};

pub(super) fn run(args: &RenderArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let config = RenderConfig::from_args(args)?;
    let clock = std::time::Instant::now();
    let dataset = load_data(&config.data, warnings)?;
    if std::env::var_os("SCORECARD_TIMINGS").is_some() {
        scorecard::tell!(
            "timing: load: {:.0} ms",
            clock.elapsed().as_secs_f64() * 1000.0
        );
    }
    let months = months(&dataset, config.months)?;
    for month in &months {
        warnings.extend(render::early_data_date(&dataset, *month));
    }
    let packs = packs(&dataset, &config.packs)?;
    check_pack_settings(&dataset, &packs, &config, warnings)?;
    let mut jobs: Vec<Job> = Vec::new();
    for month in &months {
        for pack in &packs {
            for format in formats(pack.as_ref(), &config) {
                let out = config
                    .out_dir
                    .join(batch::file_name(pack.as_ref(), *month, format));
                jobs.push(Job {
                    month: *month,
                    pack: pack.clone(),
                    format,
                    out,
                });
            }
        }
    }
    if let Some(out) = &config.out {
        match jobs.as_mut_slice() {
            [only] => only.out = out.clone(),
            _ => {
                return Err(Error::usage(
                    format!("--out names one file, and this render writes {}", jobs.len()),
                    "leave out --out (files go to --out-dir, named by pack, month and format), or choose one --pack and one --format",
                ))
            }
        }
    }
    // Named by pack and month, each file is checked once the packs are known: none may
    // replace an input or something that is not a regular file.
    let outs: Vec<PathBuf> = jobs.iter().map(|job| job.out.clone()).collect();
    scorecard::output::refuse_data_inputs(&outs, &dataset.root)?;
    let options = Options {
        template: config.template,
        standards: config.standards,
        attach_data: config.attach_data,
        html_template: config.html_template,
    };
    let shared = Shared {
        paper: config.paper.unwrap_or(Paper::A4),
        detail: config.detail.unwrap_or(Detail::None),
        timestamp: config.timestamp,
        editions: Editions::new(&options),
    };
    let progress = progress_bar(jobs.len());
    let on_done = |outcome: &Outcome| {
        progress.set_message(outcome.job.label());
        progress.inc(1);
    };
    let total = jobs.len();
    let index = FolderIndex::for_render(&jobs, &config.out_dir, config.out.is_none());
    let outcomes = batch::run(&dataset, jobs, &shared, config.threads, &on_done);
    progress.finish_and_clear();
    let wrote_any = outcomes.iter().any(|o| o.result.is_ok());
    let result = report(outcomes, total, warnings);
    // The folder's index lists what is there once this run's documents are written.
    let indexed = match index.filter(|_| wrote_any) {
        Some(index) => index.write(&dataset).map(|line| scorecard::say!("{line}")),
        None => Ok(()),
    };
    result.and(indexed)
}

/// The editions of one pack: its own `formats:`, else `--format`, else the PDF alone.
fn formats(pack: Option<&Pack>, config: &RenderConfig) -> Vec<Format> {
    pack.and_then(|p| p.formats.clone())
        .or_else(|| config.formats.clone())
        .unwrap_or_else(|| vec![Format::pdf()])
}

/// The months to render, in calendar order.
fn months(dataset: &Dataset, choice: MonthChoice) -> Result<Vec<YearMonth>, Error> {
    Ok(match choice {
        MonthChoice::Latest => vec![choose_month(dataset, None)?],
        // One month with no file fails before any work, naming the months there are.
        MonthChoice::One(month) => vec![choose_month(dataset, Some(month))?],
        MonthChoice::Range(from, to) => (0..=to.months_since(from)).map(|n| from.plus(n)).collect(),
        MonthChoice::All => dataset.months.keys().copied().collect(),
    })
}

/// Refuses, before any work, a pack whose own PDF standards cannot carry `--attach-data`,
/// and warns where a pack's own settings in report.yaml replace an option given on the
/// command line.
fn check_pack_settings(
    dataset: &Dataset,
    packs: &[Option<Pack>],
    config: &RenderConfig,
    warnings: &mut Vec<Problem>,
) -> Result<(), Error> {
    let report = dataset.root.join("report.yaml");
    for pack in packs.iter().flatten() {
        if let Some(PackStandards {
            written: text,
            choice: own,
        }) = &pack.standards
        {
            if config.attach_data && !pdf::allows_attachments(&own.standards) {
                return Err(Error::usage(
                    format!(
                        "--attach-data: pack `{}` has `pdf_standard: {text}` in report.yaml, and PDF/A-1, PDF/A-2 and PDF/A-4 forbid attached files",
                        pack.id
                    ),
                    format!(
                        "give pack `{}` a standard that allows them (e.g. `pdf_standard: a-3b`), or leave out --attach-data, or render other packs with --pack",
                        pack.id
                    ),
                ));
            }
            if config.standards_asked && *own != config.standards {
                warnings.push(overridden(
                    &report,
                    pack,
                    "--pdf-standard",
                    &format!("pdf_standard: {text}"),
                ));
            }
        }
        let replaced = [
            config
                .paper
                .zip(pack.paper)
                .filter(|(asked, own)| asked != own)
                .map(|(_, own)| ("--paper", format!("paper: {}", own.name()))),
            config
                .detail
                .zip(pack.detail)
                .filter(|(asked, own)| asked != own)
                .map(|(_, own)| ("--detail", format!("detail: {}", own.name()))),
        ];
        let own_formats = config
            .formats
            .as_ref()
            .zip(pack.formats.as_ref())
            .filter(|(asked, own)| asked != own)
            .map(|(_, own)| {
                let names: Vec<&str> = own.iter().map(|f| f.name()).collect();
                ("--format", format!("formats: [{}]", names.join(", ")))
            });
        for (option, setting) in replaced.into_iter().flatten().chain(own_formats) {
            warnings.push(overridden(&report, pack, option, &setting));
        }
    }
    Ok(())
}

fn overridden(report: &std::path::Path, pack: &Pack, option: &str, setting: &str) -> Problem {
    Problem::warning(
        report,
        format!(
            "pack `{}` keeps its own `{setting}`; {option} does not apply to it",
            pack.id
        ),
    )
    .field(format!("packs.{}", pack.id))
    .hint(format!(
        "remove that line from the pack for it to follow {option}"
    ))
}

/// The packs to render: those asked for, or all; `None` stands for the one document a
/// report without packs has.
fn packs(dataset: &Dataset, asked: &[String]) -> Result<Vec<Option<Pack>>, Error> {
    let defined = &dataset.report.packs;
    if defined.is_empty() {
        if let Some(id) = asked.first() {
            return Err(Error::usage(
                format!("--pack {id}: report.yaml defines no packs"),
                "add `packs:` to report.yaml, or leave out --pack",
            ));
        }
        return Ok(vec![None]);
    }
    if asked.is_empty() {
        return Ok(defined.iter().cloned().map(Some).collect());
    }
    let mut chosen = Vec::new();
    for id in asked {
        match defined.iter().find(|p| &p.id == id) {
            Some(pack) if !chosen.contains(&Some(pack.clone())) => chosen.push(Some(pack.clone())),
            Some(_) => {}
            None => {
                let ids = defined.iter().map(|p| p.id.as_str());
                let hint = did_you_mean(id, ids.clone()).unwrap_or_else(|| {
                    format!(
                        "packs in report.yaml: {}",
                        ids.collect::<Vec<_>>().join(", ")
                    )
                });
                return Err(Error::usage(
                    format!("--pack {id}: report.yaml has no such pack"),
                    hint,
                ));
            }
        }
    }
    Ok(chosen)
}

/// A bar of documents done, the one just finished and the time left; nothing at all when
/// standard error is not a terminal, so logs and CI stay clean.
fn progress_bar(total: usize) -> ProgressBar {
    if total < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total as u64);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {pos}/{len} documents, {eta} left: {wide_msg}")
    {
        bar.set_style(style);
    }
    bar
}

/// One line per document written, every failure's problems, and for several documents
/// a closing count.
fn report(outcomes: Vec<Outcome>, total: usize, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let mut failures: Vec<(String, Error)> = Vec::new();
    let mut written = 0;
    for outcome in outcomes {
        // Packs of one month share most warnings (the commentary missing that month, say):
        // each is said once.
        for warning in outcome.warnings {
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
        match outcome.result {
            Ok(done) => {
                written += 1;
                let kind = match done.pages {
                    Some(pages) => count(pages, "page"),
                    None => outcome.job.format.entry().noun.to_string(),
                };
                scorecard::say!(
                    "wrote {} ({kind}, {} KB)",
                    outcome.job.out.display(),
                    done.bytes.div_ceil(1024)
                );
            }
            Err(error) => failures.push((outcome.job.label(), error)),
        }
    }
    render::one_line_for_missing_commentary(warnings);
    if total > 1 {
        scorecard::say!(
            "{} of {} written{}",
            written,
            count(total, "document"),
            if failures.is_empty() {
                String::new()
            } else {
                format!(", {} failed", failures.len())
            }
        );
    }
    match failures.len() {
        0 => Ok(()),
        // A render of one document fails as that document failed.
        _ if total == 1 => Err(failures.remove(0).1),
        _ => {
            let names: Vec<String> = failures.iter().map(|(label, _)| label.clone()).collect();
            let kind = if written == 0 {
                failures[0].1.kind
            } else {
                ErrorKind::Partial
            };
            let problems = failures
                .into_iter()
                .flat_map(|(label, error)| {
                    let mut problems = error.problems;
                    for problem in &mut problems {
                        problem.notes.push(format!("while rendering {label}"));
                    }
                    problems
                })
                .collect();
            Err(Error::new(kind, problems).with_summary(format!(
                "{} failed: {}",
                count(names.len(), "document"),
                names.join("; ")
            )))
        }
    }
}
