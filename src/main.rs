//! The `scorecard` command: parses the command line, runs one subcommand, and prints
//! every warning and error in one place.

mod args;
mod commands;
mod config;

use std::process::ExitCode;

use clap::Parser;
use scorecard::diag::Problem;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let mut warnings: Vec<Problem> = Vec::new();
    let result = commands::run(cli.command, &mut warnings);
    for warning in &warnings {
        eprintln!("{warning}");
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::from(error.exit_status())
        }
    }
}
