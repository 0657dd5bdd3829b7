//! The `docmend` binary: parse flags, validate them, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;
use docmend::cli::{Cli, Command};
use docmend::config::Config;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Convert(args) => match Config::from_args(&args) {
            Ok(cfg) => ExitCode::from(docmend::app::run(&cfg).exit_code()),
            Err(e) => {
                eprintln!("docmend: {e}");
                ExitCode::from(2)
            }
        },
        Command::Explain { code } => match docmend::stages::explain(&code) {
            Some(text) => {
                println!("{}: {text}", code.to_ascii_uppercase());
                ExitCode::SUCCESS
            }
            None => {
                eprintln!("docmend: {code}: unknown rule code");
                ExitCode::from(2)
            }
        },
    }
}
