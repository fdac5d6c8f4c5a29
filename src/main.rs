//! The `cyberkompass` binary: parses arguments, runs the library, maps the result to an exit code.
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cyberkompass::cli::Cli::parse();
    let env = cyberkompass::cli::Env::from_process();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let code = cyberkompass::cli::run(cli, &env, &mut stdout.lock(), &mut stderr.lock());
    ExitCode::from(code)
}
