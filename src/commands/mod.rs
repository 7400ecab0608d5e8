//! Each subcommand as a function from checked arguments to a result. This is the
//! program's edge: it reads the environment, writes standard output and hands warnings
//! and errors back to `main`, which prints them; the work itself is in the library.

mod check;
mod commentary;
mod figures;
mod import;
mod init;
mod new_month;
mod render;
mod send;
mod spc;
mod template;

use std::path::Path;

use scorecard::diag::Problem;
use scorecard::error::{Error, ErrorKind};
use scorecard::load;
use scorecard::model::{Dataset, YearMonth};

use crate::args::Command;

/// Runs one subcommand; warnings are added to `warnings` whether or not it succeeds.
pub(crate) fn run(command: Command, warnings: &mut Vec<Problem>) -> Result<(), Error> {
    match command {
        Command::Check(args) => check::run(&args, warnings),
        Command::Figures(args) => figures::run(&args, warnings),
        Command::Render(args) => render::run(&args, warnings),
        Command::Spc(args) => spc::run(&args),
        Command::Template(args) => template::run(&args),
        Command::Import(args) => import::run(&args, warnings),
        Command::Init(args) => init::run(&args),
        Command::NewMonth(args) => new_month::run(&args, warnings),
        Command::Send(args) => send::run(&args, warnings),
        Command::Commentary(command) => commentary::run(&command, warnings),
    }
}

/// Loads and checks the data folder; its warnings go to `warnings`.
fn load_data(folder: &Path, warnings: &mut Vec<Problem>) -> Result<Dataset, Error> {
    let (dataset, found) = load::load(folder).into_result(folder)?;
    warnings.extend(found);
    Ok(dataset)
}

/// The requested month, or the latest; a month with no file lists those that exist.
fn choose_month(dataset: &Dataset, requested: Option<YearMonth>) -> Result<YearMonth, Error> {
    let no_months = || {
        Error::one(
            ErrorKind::Data,
            Problem::error(dataset.root.join("months"), "there are no month files"),
        )
    };
    let Some(month) = requested else {
        return dataset.latest_month().ok_or_else(no_months);
    };
    if dataset.months.contains_key(&month) {
        return Ok(month);
    }
    let existing: Vec<String> = dataset.months.keys().map(|m| m.to_string()).collect();
    Err(Error::one(
        ErrorKind::Data,
        Problem::error(
            dataset.root.join("months"),
            format!("there is no file for {month}"),
        )
        .hint(format!(
            "add months/{month}.yaml, or choose one of: {}",
            existing.join(", ")
        )),
    ))
}
