//! The `scorecard` command: parses arguments and hands each subcommand to `commands`.

mod args;
mod commands;

use clap::Parser;

fn main() {
    let cli = args::Cli::parse();
    let code = commands::run(cli.command);
    std::process::exit(code);
}
