//! `scorecard check`: load the data folder (and its distribution.yaml and imports.yaml,
//! when there are) and say whether it is usable, listing every problem found in any,
//! and an import left interrupted.

use scorecard::diag::Problem;
use scorecard::error::{count, Error, ErrorKind};
use scorecard::load;
use scorecard::send::distribution;

use crate::args::DataArgs;

pub(super) fn run(args: &DataArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let loaded = load::load(&args.data);
    // report.yaml as read, even when another file failed: distribution.yaml's packs are
    // checked against it, and not at all when report.yaml itself failed.
    let report = loaded.report.as_ref();
    let packs: Vec<&str> = report
        .map(|r| r.packs.iter().map(|p| p.id.as_str()).collect())
        .unwrap_or_default();
    let lists = distribution::load(&args.data, report, &packs);
    let mut problems = loaded.problems;
    problems.extend(lists.problems);
    problems.extend(scorecard::import::transaction::interrupted(&args.data));
    let (imports, import_problems) =
        scorecard::import::mapping::load(&args.data, loaded.dataset.as_ref());
    problems.extend(import_problems);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let dataset = match loaded.dataset {
        Some(dataset) if errors == 0 => dataset,
        _ => {
            let summary = format!("{} in {}", count(errors, "error"), args.data.display());
            return Err(Error::new(ErrorKind::Data, problems).with_summary(summary));
        }
    };
    warnings.extend(problems);
    if let Some(latest) = dataset.months.keys().next_back() {
        warnings.extend(scorecard::render::early_data_date(&dataset, *latest));
    }
    let span =
        |m: Option<&scorecard::model::YearMonth>| m.map(|m| m.to_string()).unwrap_or_default();
    println!(
        "{}: {}, {}, {} ({} to {}): no errors, {}",
        args.data.display(),
        count(dataset.sections.len(), "section"),
        count(dataset.indicators().count(), "indicator"),
        count(dataset.months.len(), "month"),
        span(dataset.months.keys().next()),
        span(dataset.months.keys().next_back()),
        count(warnings.len(), "warning"),
    );
    if let Some(path) = &imports.path {
        println!(
            "{}: {}: no errors",
            path.display(),
            count(imports.sources.len(), "source")
        );
    }
    if let Some(latest) = dataset.latest_month() {
        let commentary = &dataset.months[&latest].commentary;
        let ids: Vec<&str> = dataset
            .indicators()
            .map(|(_, i)| i.id.as_str())
            .filter(|id| !commentary.contains_key(*id))
            .collect();
        // Said once, as the summary's second line: commentary is often written last, so
        // a missing one is news rather than a problem with the data.
        if !ids.is_empty() {
            println!(
                "{}",
                scorecard::render::missing_commentary_message(&ids, latest)
            );
        }
    }
    if let Some(d) = &lists.distribution {
        let recipients: usize = d.lists.iter().map(|l| l.recipients().len()).sum();
        println!(
            "{}: {}, {}: no errors",
            args.data.join(distribution::FILE_NAME).display(),
            count(d.lists.len(), "list"),
            count(recipients, "recipient")
        );
    }
    Ok(())
}
