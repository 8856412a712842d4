//! Where things are printed: data on stdout (one JSON document with `--json`), messages on
//! stderr. A closed stdout (`boxoffice bookings | head -1`) is not an error.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Local, TimeZone, Utc};
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

pub fn warn(text: impl AsRef<str>) {
    note(format!("warning: {}", text.as_ref()))
}

/// RFC 3339 (UTC, milliseconds) for JSON.
pub fn rfc3339(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// The operator's local time, for people.
pub fn local_time(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|t| {
            let t: DateTime<Local> = t.with_timezone(&Local);
            t.format("%Y-%m-%d %H:%M:%S %Z").to_string()
        })
        .unwrap_or_default()
}

/// A starts_at stored as RFC 3339, shown in local time.
pub fn local_from_rfc3339(s: &str) -> String {
    DateTime::parse_from_rfc3339(s)
        .map(|t| {
            t.with_timezone(&Local)
                .format("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_else(|_| s.to_string())
}

/// "9m 12s", "45s", "1h 2m", "120ms".
pub fn human_duration(ms: i64) -> String {
    if ms < 0 {
        return "-".to_string();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let s = ms / 1000;
    let (h, m, s) = (s / 3600, (s % 3600) / 60, s % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, 0, _) => format!("{h}h"),
        (h, m, _) => format!("{h}h {m}m"),
    }
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

#[cfg(test)]
mod tests {
    use super::human_duration;

    #[test]
    fn durations() {
        assert_eq!(human_duration(552_000), "9m 12s");
        assert_eq!(human_duration(600_000), "10m");
        assert_eq!(human_duration(45_000), "45s");
        assert_eq!(human_duration(3_720_000), "1h 2m");
        assert_eq!(human_duration(120), "120ms");
    }
}
