//! `scorecard import`: values from spreadsheets into the month files, all or nothing,
//! with revisions listed and written only when asked for. The data folder is locked for
//! the whole run, and an import interrupted earlier is finished first.

use std::path::Path;

use scorecard::diag::Problem;
use scorecard::error::{count, Error, ErrorKind};
use scorecard::import::{self, mapping, transaction};
use scorecard::load;

use super::check;
use crate::args::ImportArgs;

pub(super) fn run(args: &ImportArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let folder = &args.data.data;
    let (_lock, recovered) = writer_lock(folder)?;
    if args.recover {
        if !recovered {
            scorecard::say!("{}: no interrupted import to finish", folder.display());
        }
        return Ok(());
    }
    // The folder's own warnings are reported once, by the check after the import.
    let (dataset, _) = load::load_before_first_month(folder).into_result(folder)?;
    let (imports, problems) = mapping::load(folder, Some(&dataset));
    let (errors, found): (Vec<Problem>, Vec<Problem>) =
        problems.into_iter().partition(Problem::is_error);
    warnings.extend(found);
    if !errors.is_empty() {
        let summary = format!(
            "{} in {}; no month file was changed",
            count(errors.len(), "error"),
            folder.join(mapping::FILE_NAME).display()
        );
        return Err(Error::new(ErrorKind::Data, errors).with_summary(summary));
    }
    let chosen = match &args.source {
        Some(id) => Some(
            imports
                .by_id(id)
                .map_err(|p| Error::one(ErrorKind::Usage, *p))?,
        ),
        None => None,
    };
    let requests: Vec<import::Request> = args
        .files
        .iter()
        .map(|file| import::Request {
            file: file.clone(),
            sheet: args.sheet.clone(),
            month: args.month,
            source: chosen.or_else(|| imports.source_for(file)).cloned(),
        })
        .collect();
    let planned = import::plan(&dataset, &requests);
    let (errors, found): (Vec<Problem>, Vec<Problem>) =
        planned.problems.into_iter().partition(Problem::is_error);
    warnings.extend(found);
    let named = match args.files.as_slice() {
        [one] => one.display().to_string(),
        many => format!("{} files", many.len()),
    };
    let Some(plan) = planned.plan.filter(|_| errors.is_empty()) else {
        let summary = format!(
            "{} in {named}; no month file was changed",
            count(errors.len(), "error"),
        );
        let shown = by_file(errors, &requests, &imports, args.source.is_some());
        return Err(Error::new(ErrorKind::Data, shown).with_summary(summary));
    };
    for file in &plan.files {
        scorecard::say!("{}: {}", file.file.display(), file.source);
        if !file.ignored_columns.is_empty() {
            scorecard::say!("ignored columns: {}", file.ignored_columns.join(", "));
        }
    }
    let blamed = match args.files.as_slice() {
        [one] => one.as_path(),
        _ => folder.as_path(),
    };
    if let Some(problem) = plan.revisions_problem(blamed).filter(|_| !args.revise) {
        return Err(Error::one(ErrorKind::Import, problem).with_summary("nothing was written"));
    }
    for revision in plan.revisions() {
        scorecard::say!("revised {revision}");
    }
    let written = import::write(folder, &plan)?;
    for month in plan.months.iter().filter(|m| m.new_text.is_some()) {
        let how = if month.create { "created" } else { "updated" };
        scorecard::say!("{how} {}", month.path.display());
    }
    if written.files.is_empty() {
        scorecard::say!("every value is already in the month files; nothing to write");
    }
    // The same load and check as `scorecard check`, on the files as now written; what
    // the tidy-up left behind is told whether or not the check passes.
    if let Err(mut failed) = check::run(&args.data, warnings) {
        if let Err(left) = written.tidied() {
            failed.problems.extend(left.problems);
        }
        return Err(failed);
    }
    scorecard::say!("imported {}", plan.summary());
    written.tidied()
}

/// Locks the data folder for writing and finishes any import interrupted earlier, saying
/// what was done (and true when there was one). A folder that does not exist is left for
/// the loader to report.
pub(super) fn writer_lock(folder: &Path) -> Result<(Option<transaction::FolderLock>, bool), Error> {
    if !folder.is_dir() {
        return Ok((None, false));
    }
    let lock = transaction::lock_folder(folder)?;
    let recovery = transaction::recover(folder)?;
    match &recovery {
        Some(transaction::Recovery::Completed(files)) if files.is_empty() => {
            scorecard::say!(
                "finished an interrupted import: every month file of it was already in place"
            )
        }
        Some(transaction::Recovery::Completed(files)) => {
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            scorecard::say!(
                "finished an interrupted import: {} written ({})",
                count(files.len(), "month file"),
                names.join(", ")
            );
        }
        Some(transaction::Recovery::PutBack(files)) => {
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            scorecard::say!(
                "finished putting back a failed import: {} now hold{} {} old values again{}",
                count(files.len(), "month file"),
                if files.len() == 1 { "s" } else { "" },
                if files.len() == 1 { "its" } else { "their" },
                if names.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", names.join(", "))
                }
            );
        }
        Some(transaction::Recovery::RolledBack) => {
            scorecard::say!("rolled back an interrupted import: it had not changed any month file")
        }
        Some(transaction::Recovery::Tidied) => scorecard::say!(
            "removed what a finished import had left behind in {}",
            folder.display()
        ),
        None => {}
    }
    Ok((Some(lock), recovery.is_some()))
}

/// Errors shown for one file; the rest are counted. A file read the wrong way can give
/// one error a cell, and the first few say what is wrong.
const MAX_ERRORS_PER_FILE: usize = 20;

/// The errors grouped by file in the order the files were given: the first of each file's
/// says how the file was read (which source, or that none in imports.yaml matched its
/// name), and after [`MAX_ERRORS_PER_FILE`] the rest are counted, not shown.
fn by_file(
    errors: Vec<Problem>,
    requests: &[import::Request],
    imports: &mapping::Imports,
    chosen: bool,
) -> Vec<Problem> {
    let mut rest = errors;
    let mut shown = Vec::new();
    for request in requests {
        let (mine, others): (Vec<Problem>, Vec<Problem>) = rest
            .into_iter()
            .partition(|p| p.file.as_deref() == Some(request.file.as_path()));
        rest = others;
        let total = mine.len();
        let mut mine: Vec<Problem> = mine.into_iter().take(MAX_ERRORS_PER_FILE).collect();
        if let (Some(first), Some(how)) = (mine.first_mut(), how_read(request, imports, chosen)) {
            first.notes.push(how);
        }
        if let Some(last) = mine.last_mut().filter(|_| total > MAX_ERRORS_PER_FILE) {
            let more = total - MAX_ERRORS_PER_FILE;
            last.notes.push(format!(
                "{more} more {} in {} not shown; fix these first, as one mistake often causes many",
                if more == 1 { "error" } else { "errors" },
                request.file.display()
            ));
        }
        shown.extend(mine);
    }
    shown.extend(rest);
    shown
}

/// How a file was read: the source that matched its name, or none of imports.yaml's.
fn how_read(request: &import::Request, imports: &mapping::Imports, chosen: bool) -> Option<String> {
    let path = imports.path.as_ref()?;
    let name = request.file.file_name()?.to_string_lossy();
    Some(match &request.source {
        Some(source) if chosen => format!("read with source `{}` (--source)", source.id),
        Some(source) => format!(
            "read with source `{}` in {}: its `files:` match `{name}`",
            source.id,
            path.display()
        ),
        None => format!(
            "no source in {} has `files:` that match `{name}`, so it was read as a plain table (wide, long or months in rows)",
            path.display()
        ),
    })
}
