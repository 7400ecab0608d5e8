//! `scorecard figures`: the derived figures for one month as CSV or JSON.

use scorecard::diag::Problem;
use scorecard::error::Error;
use scorecard::{export, figures};

use super::{choose_month, load_data};
use crate::args::{FiguresArgs, TableFormat};

pub(super) fn run(args: &FiguresArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let dataset = load_data(&args.data.data, warnings)?;
    let month = choose_month(&dataset, args.month)?;
    let figures = figures::figures_for_month(&dataset, month);
    let text = match args.format {
        TableFormat::Csv => export::to_csv(&figures),
        TableFormat::Json => export::to_json(&figures),
    };
    print!("{text}");
    Ok(())
}
