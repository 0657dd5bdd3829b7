//! The `docmend` binary: parse flags, validate them, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;
use docmend::cli::{Cli, Command};
use docmend::config::Config;

/// mimalloc: the stages and writers allocate millions of small strings and vectors on
/// several threads at once (a large document is mended in segments side by side), and
/// glibc's allocator serialised them on its arena locks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        Command::Check(args) => ExitCode::from(docmend::check::check(&args)),
        Command::Fix(args) => ExitCode::from(docmend::check::fix(&args)),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "docmend", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(cmd).render(&mut std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("docmend: writing the man page: {e}");
                    ExitCode::from(2)
                }
            }
        }
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
