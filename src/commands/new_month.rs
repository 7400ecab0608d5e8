//! `scorecard new-month`: write next month's file (or a given month's) listing every
//! typed indicator with last month's value beside it. It never overwrites a file. In a
//! new folder (no month files yet) it writes the month given. Like `import`, it holds
//! the folder's writer lock and finishes an interrupted import first.

use scorecard::diag::Problem;
use scorecard::error::{count, Error, ErrorKind};
use scorecard::import::transaction;
use scorecard::model::YearMonth;
use scorecard::{load, scaffold};

use super::choose_month;
use super::import::writer_lock;
use crate::args::NewMonthArgs;

pub(super) fn run(args: &NewMonthArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let folder = &args.data.data;
    let (_lock, _) = writer_lock(folder)?;
    let (dataset, found) = load::load_before_first_month(folder).into_result(folder)?;
    warnings.extend(found);
    let month = match args.month {
        Some(month) => month,
        None if dataset.months.is_empty() => {
            return Err(Error::usage(
                format!(
                    "{} has no month files yet, so there is no next month",
                    folder.join("months").display()
                ),
                "give the first month to write, e.g. `scorecard new-month 2020-07`",
            ))
        }
        None => {
            let latest = choose_month(&dataset, None)?;
            scaffold::next_month(&dataset).ok_or_else(|| {
                Error::usage(
                    format!("there is no month after {latest} with a four-digit year"),
                    "give the month to write, e.g. `scorecard new-month 2020-07`",
                )
            })?
        }
    };
    let path = folder.join("months").join(format!("{month}.yaml"));
    let existing = dataset
        .months
        .get(&month)
        .map(|data| data.path.clone())
        .or_else(|| path.exists().then(|| path.clone()));
    if let Some(existing) = existing {
        return Err(already_there(&existing, month, folder));
    }
    let text = scaffold::month_file(&dataset, month);
    if let Err(e) = std::fs::create_dir_all(folder.join("months")) {
        return Err(Error::one(
            ErrorKind::Output,
            Problem::error(
                folder.join("months"),
                format!("cannot create the months folder: {e}"),
            )
            .hint("the data folder must be writable"),
        ));
    }
    let committed = transaction::commit(folder, &[(path.clone(), text)])?;
    let values = scaffold::typed_indicators(&dataset).count();
    let commentary = dataset.indicators().count();
    scorecard::say!(
        "wrote {}: {} and {} to fill in",
        path.display(),
        count(values, "value"),
        if commentary == 1 {
            "1 commentary entry".to_string()
        } else {
            format!("{commentary} commentary entries")
        },
    );
    let d = folder.display();
    scorecard::say!("next: fill it in, then run");
    scorecard::say!("  scorecard check --data {d}");
    scorecard::say!("  scorecard render --data {d}");
    committed.tidied()
}

fn already_there(existing: &std::path::Path, month: YearMonth, folder: &std::path::Path) -> Error {
    Error::one(
        ErrorKind::Data,
        Problem::error(
            existing,
            format!("{month} already has a month file; it was left as it is"),
        )
        .hint(format!(
            "edit that file, or give another month: `scorecard new-month YYYY-MM --data {}`",
            folder.display()
        )),
    )
}
