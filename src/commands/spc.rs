//! `scorecard spc`: Making Data Count on any CSV series.

use scorecard::diag::Problem;
use scorecard::error::{Error, ErrorKind};
use scorecard::export::spc::{parse_series_csv, to_csv, to_json};
use scorecard::load;
use scorecard::model::Polarity;
use scorecard::spc::{analyse, SpcSettings};

use crate::args::{PolarityArg, SpcArgs, TableFormat};

pub(super) fn run(args: &SpcArgs) -> Result<(), Error> {
    let text = load::read_series_file(&args.file)?;
    let series = parse_series_csv(&text)
        .map_err(|e| Error::one(ErrorKind::Data, Problem::error(&args.file, e.to_string())))?;
    let n = series.values.len();
    if let Some(b) = args.baseline {
        if b < 2 || b > n {
            return Err(Error::usage(
                format!("--baseline {b} is outside the series of {n} points"),
                "give a baseline from 2 to the number of points",
            ));
        }
    }
    for &r in &args.recalc_at {
        if r < 2 || r > n {
            return Err(Error::usage(
                format!("--recalc-at {r} is outside the series of {n} points"),
                "points are numbered from 1; a recalculation starts at point 2 or later",
            ));
        }
    }
    let mut recalculate_at: Vec<usize> = args.recalc_at.iter().map(|r| r - 1).collect();
    recalculate_at.sort_unstable();
    recalculate_at.dedup();
    let settings = SpcSettings {
        polarity: match args.polarity {
            PolarityArg::Up => Polarity::Up,
            PolarityArg::Down => Polarity::Down,
            PolarityArg::Neutral => Polarity::Neutral,
        },
        target: args.target,
        baseline: args.baseline,
        recalculate_at,
    };
    let analysis = analyse(&series.values, &settings);
    match args.format {
        TableFormat::Csv => scorecard::terminal::out_data(to_csv(&series, &analysis).as_bytes()),
        TableFormat::Json => {
            scorecard::terminal::out_data(format!("{}\n", to_json(&series, &analysis)).as_bytes())
        }
    }
}
