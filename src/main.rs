//! The `cyberkompass` binary: parses arguments, runs the library, maps the result to an exit code.
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    // `Cli::parse()` without dropping clap's command tree afterwards: freeing its thousands of
    // small allocations cost about a tenth of a short run (`validate` of the built-in set), and
    // the process ends right after the command anyway.
    let mut command = cyberkompass::cli::Cli::command();
    let mut matches = command.get_matches_mut();
    let cli = match cyberkompass::cli::Cli::from_arg_matches_mut(&mut matches) {
        Ok(cli) => cli,
        Err(e) => e.format(&mut command).exit(),
    };
    std::mem::forget(command);
    let env = cyberkompass::cli::Env::from_process();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = cyberkompass::cli::run_then_exit(cli, &env, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}
