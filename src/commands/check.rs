//! `scorecard check`: load the data folder and say whether it is usable.

use scorecard::diag::Problem;
use scorecard::error::{count, Error};

use super::load_data;
use crate::args::DataArgs;

pub(super) fn run(args: &DataArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let dataset = load_data(&args.data, warnings)?;
    let span =
        |m: Option<&scorecard::model::YearMonth>| m.map(|m| m.to_string()).unwrap_or_default();
    println!(
        "{}: {} sections, {} indicators, {} months ({} to {}): no errors, {}",
        args.data.display(),
        dataset.sections.len(),
        dataset.indicators().count(),
        dataset.months.len(),
        span(dataset.months.keys().next()),
        span(dataset.months.keys().next_back()),
        count(warnings.len(), "warning"),
    );
    Ok(())
}
