//! `scorecard check`: load the data folder (and its distribution.yaml and imports.yaml,
//! when there are) and say whether it is usable, listing every problem found in any,
//! and an import left interrupted. It also prints, as notes that do not change its exit
//! status, every recalculation of SPC limits the latest month's figures propose.

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
    // Owners are checked against distribution.yaml only when it was read whole: a file
    // that failed must not make indicators.yaml's owners look unlisted.
    let distribution_failed = lists.problems.iter().any(Problem::is_error);
    problems.extend(lists.problems);
    if let Some(dataset) = loaded.dataset.as_ref().filter(|_| !distribution_failed) {
        problems.extend(scorecard::commentary::owners_problems(
            dataset,
            lists.distribution.as_ref(),
        ));
    }
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
    scorecard::say!(
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
        scorecard::say!(
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
            scorecard::say!(
                "{}",
                scorecard::render::missing_commentary_message(&ids, latest)
            );
        }
    }
    print_proposals(&args.data, &dataset);
    if let Some(d) = &lists.distribution {
        let recipients: usize = d.lists.iter().map(|l| l.recipients().len()).sum();
        scorecard::say!(
            "{}: {}, {}: no errors",
            args.data.join(distribution::FILE_NAME).display(),
            count(d.lists.len(), "list"),
            count(recipients, "recipient")
        );
    }
    Ok(())
}

/// One note per proposed recalculation in the latest month, with the evidence and the YAML
/// that accepts it. Advice only: nothing is written.
fn print_proposals(folder: &std::path::Path, dataset: &scorecard::model::Dataset) {
    let Some(latest) = dataset.latest_month() else {
        return;
    };
    let path = folder.join("indicators.yaml");
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let t = &scorecard::view::words::ENGLISH;
    for f in scorecard::figures::Derivation::new(dataset, None).month(latest) {
        let file = path.display().to_string();
        let Some((note, hint)) = scorecard::view::advice::check_note(t, &f, &file) else {
            continue;
        };
        let at = id_line(&source, &f.indicator.id)
            .map(|line| format!(":{line}"))
            .unwrap_or_default();
        scorecard::say!(
            "note: {file}{at}: `{}.spc.recalculate_at`: {note}\n  = hint: {hint}",
            f.indicator.id
        );
    }
}

/// The 1-based line of `id: ID` for an indicator in indicators.yaml: the most indented
/// match, since a section's id sits further left than its indicators'.
fn id_line(source: &str, id: &str) -> Option<usize> {
    source
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let text = line.trim_start();
            let indent = line.len() - text.len();
            let text = text.strip_prefix("- ").unwrap_or(text).trim_end();
            let value = text.strip_prefix("id:")?.trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            (value == id).then_some((indent, i + 1))
        })
        .max_by_key(|(indent, line)| (*indent, std::cmp::Reverse(*line)))
        .map(|(_, line)| line)
}
