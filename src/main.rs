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
    // Documents of one run (packs, months, editions) find the same things; each is said once.
    let mut said = std::collections::BTreeSet::new();
    for warning in &warnings {
        let text = warning.to_string();
        if said.insert(text.clone()) {
            scorecard::tell!("{text}");
        }
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            scorecard::tell!("{error}");
            ExitCode::from(error.exit_status())
        }
    }
}
