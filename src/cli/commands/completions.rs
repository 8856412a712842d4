use clap::Args;

use crate::cli::output;
use crate::error::Error;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice completions bash > ~/.local/share/bash-completion/completions/boxoffice
  boxoffice completions zsh  > ~/.zfunc/_boxoffice      # with fpath+=(~/.zfunc) in .zshrc
  boxoffice completions fish > ~/.config/fish/completions/boxoffice.fish

These complete commands, flags and values. To also complete showtime and seat ids from your
database, source the dynamic script instead, e.g. in ~/.bashrc:
  source <(COMPLETE=bash boxoffice)")]
pub struct CompletionsArgs {
    /// The shell to print completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The completion script for `shell`, as checked in under `completions/`.
pub fn script(shell: clap_complete::Shell) -> String {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut super::super::command(), "boxoffice", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

pub fn run(a: &CompletionsArgs) -> Result<(), Error> {
    output::stdout(&script(a.shell))
}
