//! `scorecard import`: values from a spreadsheet into the month files, all or nothing,
//! with revisions listed and written only when asked for.

use scorecard::diag::Problem;
use scorecard::error::{count, Error, ErrorKind};
use scorecard::import;

use super::{check, load_data};
use crate::args::ImportArgs;

pub(super) fn run(args: &ImportArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    // The folder's own warnings are reported once, by the check after the import.
    let dataset = load_data(&args.data.data, &mut Vec::new())?;
    let request = import::Request {
        file: args.file.clone(),
        sheet: args.sheet.clone(),
        month: args.month,
    };
    let planned = import::plan(&dataset, &request);
    let (errors, found): (Vec<Problem>, Vec<Problem>) =
        planned.problems.into_iter().partition(Problem::is_error);
    warnings.extend(found);
    let Some(plan) = planned.plan.filter(|_| errors.is_empty()) else {
        let summary = format!(
            "{} in {}; no month file was changed",
            count(errors.len(), "error"),
            args.file.display()
        );
        return Err(Error::new(ErrorKind::Data, errors).with_summary(summary));
    };
    println!("{}: {}", args.file.display(), plan.source);
    if !plan.ignored_columns.is_empty() {
        println!("ignored columns: {}", plan.ignored_columns.join(", "));
    }
    if let Some(problem) = plan.revisions_problem(&args.file).filter(|_| !args.revise) {
        return Err(Error::one(ErrorKind::Import, problem).with_summary("nothing was written"));
    }
    for revision in plan.revisions() {
        println!("revised {revision}");
    }
    let written = import::write(&plan)?;
    for month in plan.months.iter().filter(|m| m.new_text.is_some()) {
        let how = if month.create { "created" } else { "updated" };
        println!("{how} {}", month.path.display());
    }
    if written.is_empty() {
        println!("every value is already in the month files; nothing to write");
    }
    // The same load and check as `scorecard check`, on the files as now written.
    check::run(&args.data, warnings)?;
    println!("imported {}", plan.summary());
    Ok(())
}
