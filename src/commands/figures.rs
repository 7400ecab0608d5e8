//! `scorecard figures`: the derived figures for one month as CSV or JSON, as the board
//! sees them or as a public pack shows them.

use scorecard::diag::Problem;
use scorecard::error::Error;
use scorecard::export;
use scorecard::figures::Derivation;

use super::{choose_month, load_data};
use crate::args::{AudienceArg, FiguresArgs, TableFormat};

pub(super) fn run(args: &FiguresArgs, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    let dataset = load_data(&args.data.data, warnings)?;
    let month = choose_month(&dataset, args.month)?;
    let suppression = match args.audience {
        AudienceArg::Board => None,
        AudienceArg::Public => Some(dataset.report.suppression.as_ref().ok_or_else(|| {
            Error::usage(
                "--audience public: report.yaml has no `suppression:` rule",
                "add e.g. `suppression: {below: 5}` to report.yaml",
            )
        })?),
    };
    let figures = Derivation::new(&dataset, suppression).month(month);
    let text = match args.format {
        TableFormat::Csv => export::to_csv(&figures),
        TableFormat::Json => export::to_json(&figures),
    };
    scorecard::terminal::out_data(text.as_bytes())
}
