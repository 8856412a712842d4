use std::path::PathBuf;

use clap::Args;

use crate::error::Error;
use crate::output;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  boxoffice man | man -l -                        # read it now
  boxoffice man --dir ~/.local/share/man/man1     # install boxoffice.1 and one page per command")]
pub struct ManArgs {
    /// Write boxoffice.1 and a page per command (boxoffice-reserve.1, ...) into this directory
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

pub fn run(a: &ManArgs) -> Result<(), Error> {
    let cmd = super::super::command();
    match &a.dir {
        Some(dir) => {
            clap_mangen::generate_to(cmd, dir).map_err(|e| {
                Error::invalid(format!("writing man pages to {}: {e}", dir.display()))
            })?;
            output::note(format!("Wrote man pages to {}", dir.display()));
            Ok(())
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| Error::Internal(e.into()))?;
            output::stdout(&String::from_utf8_lossy(&buf))
        }
    }
}
