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

/// mimalloc's option indexes in v3's `mi_option_t` (the version Cargo.lock pins).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Tune mimalloc for a run that lasts seconds and frees and reallocates its line
/// vectors stage after stage. By default it handed freed memory back to the OS after
/// 10 ms, in transparent huge pages, so the next stage faulted it in again and the
/// kernel zeroed 2 MB at a time: a quarter of the run time on a 10 MB dump was
/// `clear_page`. Freed memory is now kept for 200 ms and in ordinary pages: system time
/// fell by three quarters, wall time by a fifth, and peak RSS for a 100 MB dump stayed
/// under 0.9 GB (no purging at all took it to 1.3 GB). A `MIMALLOC_PURGE_DELAY` or
/// `MIMALLOC_ALLOW_THP` in the environment still wins.
fn tune_allocator() {
    let set = |var: &str, option, value| {
        if std::env::var_os(var).is_none() {
            // SAFETY: mi_option_set only stores a value in mimalloc's option table,
            // and both values are valid for their options.
            unsafe { libmimalloc_sys::mi_option_set(option, value) };
        }
    };
    set("MIMALLOC_PURGE_DELAY", MI_OPTION_PURGE_DELAY, 200);
    set("MIMALLOC_ALLOW_THP", MI_OPTION_ALLOW_THP, 0);
    // mimalloc reads that option when it starts, before main, and has by then asked for
    // huge pages on its first arena; the kernel's own switch covers that arena too.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: PR_SET_THP_DISABLE takes plain integers and only sets a flag on this
        // process; a kernel that lacks it returns an error, which changes nothing.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0) };
    }
}

fn main() -> ExitCode {
    tune_allocator();
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
