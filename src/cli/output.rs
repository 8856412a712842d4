//! Where things are printed: data on stdout (one JSON document with `--json`), messages on
//! stderr. A closed stdout (`boxoffice bookings | head -1`) is not an error.

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};

pub use crate::text::{human_duration, local_from_rfc3339, local_time, rfc3339};
use serde::Serialize;

use crate::error::Error;

/// Writes to stdout; a closed pipe is silently fine.
pub fn stdout(text: &str) -> Result<(), Error> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(Error::Internal(anyhow::anyhow!("writing to stdout: {e}")))
        }
        _ => Ok(()),
    }
}

/// Prints one line of data.
pub fn line(text: impl AsRef<str>) -> Result<(), Error> {
    stdout(&format!("{}\n", text.as_ref()))
}

/// Prints one JSON document.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Internal(anyhow::anyhow!("encoding JSON: {e}")))?;
    line(text)
}

/// A message for the person at the terminal (stderr). A leading "error:" or "warning:" is
/// coloured when stderr colour is on.
pub fn note(text: impl AsRef<str>) {
    let text = text.as_ref();
    let painted;
    let text = match (STDERR_COLOUR.load(Ordering::Relaxed), text.split_once(": ")) {
        (true, Some((label @ ("error" | "warning"), rest))) => {
            let code = if label == "error" { "31;1" } else { "33;1" };
            painted = format!("\x1b[{code}m{label}\x1b[0m: {rest}");
            painted.as_str()
        }
        _ => text,
    };
    let _ = writeln!(io::stderr().lock(), "{text}");
}

/// A text cell for a CSV file that a spreadsheet will open: one it would take for a formula (it
/// starts with `=`, `+`, `-` or `@`) gets a leading `'`. Reasons are typed by staff, and ids
/// could be edited by hand.
pub fn spreadsheet_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

pub fn warn(text: impl AsRef<str>) {
    note(format!("warning: {}", text.as_ref()))
}

/// Styles a table's cells only when `colour` says so (comfy-table's own terminal detection
/// would ignore --color and NO_COLOR).
pub fn colour_table(t: &mut comfy_table::Table, colour: bool) {
    if colour {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
}

/// Colour for messages on stderr ("error:" in red), decided once from --color and NO_COLOR.
static STDERR_COLOUR: AtomicBool = AtomicBool::new(false);

pub fn set_stderr_colour(on: bool) {
    STDERR_COLOUR.store(on, Ordering::Relaxed);
}

/// A table that reads well in a terminal and degrades to plain text in a pipe.
pub fn table(header: &[&str]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .apply_modifier(comfy_table::modifiers::UTF8_ROUND_CORNERS)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    if !std::io::IsTerminal::is_terminal(&io::stdout()) {
        t.load_preset(comfy_table::presets::ASCII_MARKDOWN);
    }
    t
}

/// `--color auto|always|never`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (`is_terminal`) or isn't a terminal. `auto` follows
    /// the NO_COLOR convention (no-color.org) and TERM=dumb.
    pub fn resolve(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
                    && is_terminal
            }
        }
    }

    pub fn stdout(self) -> bool {
        self.resolve(std::io::stdout().is_terminal())
    }

    pub fn stderr(self) -> bool {
        self.resolve(std::io::stderr().is_terminal())
    }
}
