//! The `completions` command: shell completions generated from the clap definition in
//! [`super::Cli`].

use clap::CommandFactory;

use super::context::{CmdResult, Ctx, Outcome};

/// `cyberkompass completions SHELL`.
pub fn run(ctx: &mut Ctx, shell: clap_complete::Shell) -> CmdResult {
    let mut cmd = super::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "cyberkompass", &mut buf);
    ctx.print(&String::from_utf8_lossy(&buf));
    Ok(Outcome::Done)
}
