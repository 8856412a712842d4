//! Dynamic shell completion of showtime and seat ids and hall names, read from the database
//! (never Redis: a completion must answer instantly and can't wait on a network timeout).
//!
//! The shell runs `COMPLETE=<shell> boxoffice -- <words so far>`; clap_complete calls these
//! completers with the word being completed. They see the rest of the line through the process
//! arguments, which is how a seat completer learns the `--showtime` already typed and which
//! database `--db` names. Any failure yields no candidates: completion never prints errors.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};

use crate::catalog;
use crate::config::{self, Flags};
use crate::ids::ShowtimeId;
use crate::store::{Db, Status};

/// The words of the command line being completed (what the shell passes after `--`).
fn line_words() -> Vec<String> {
    std::env::args_os()
        .skip_while(|a| a != "--")
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// The value after `flag` (as `--flag v` or `--flag=v`) among the words being completed.
fn word_after(flag: &str) -> Option<String> {
    let words = line_words();
    let prefix = format!("{flag}=");
    words.iter().enumerate().rev().find_map(|(i, w)| {
        if let Some(v) = w.strip_prefix(&prefix) {
            Some(v.to_string())
        } else if w == flag {
            words.get(i + 1).cloned()
        } else {
            None
        }
    })
}

/// The showtime the line names: `--showtime N`, or inspect's positional.
fn showtime_on_line() -> Option<ShowtimeId> {
    if let Some(v) = word_after("--showtime") {
        return v.parse().ok();
    }
    let words = line_words();
    let at = words.iter().position(|w| w == "inspect")?;
    words[at + 1..].iter().find_map(|w| w.parse().ok())
}

fn open_db() -> Option<Db> {
    let flags = Flags {
        config: word_after("--config").map(PathBuf::from),
        db: word_after("--db").map(PathBuf::from),
        ..Flags::default()
    };
    let settings = config::resolve_from_env(&flags).ok()?;
    // Completion reads a local file only: no server is asked on a tab press.
    if !settings.db.value.path().is_some_and(|p| p.is_file()) {
        return None;
    }
    Db::open(&settings.db.value, false, "completion", "complete").ok()
}

fn showtimes(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some(db) = open_db() else {
        return Vec::new();
    };
    catalog::list_showtimes(&db)
        .unwrap_or_default()
        .into_iter()
        .filter(|st| st.showtime_id.to_string().starts_with(current.as_ref()))
        .map(|st| {
            let help = format!(
                "{} · {}",
                crate::ids::escaped(&st.movie),
                crate::cli::output::local_from_rfc3339(&st.starts_at)
            );
            CompletionCandidate::new(st.showtime_id.to_string()).help(Some(help.into()))
        })
        .collect()
}

fn seats(current: &OsStr, free_only: bool) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy().to_ascii_uppercase();
    let (Some(db), Some(st)) = (open_db(), showtime_on_line()) else {
        return Vec::new();
    };
    let blocks: std::collections::HashMap<String, String> = (db.showtime_blocks(st))
        .unwrap_or_default()
        .into_iter()
        .map(|b| (b.seat, b.reason))
        .collect();
    catalog::seat_claims(&db, st)
        .unwrap_or_default()
        .into_iter()
        .filter(|s| s.seat.starts_with(&current))
        .filter(|s| !free_only || (s.claim.is_none() && !blocks.contains_key(&s.seat)))
        .map(|s| {
            let help = match &s.claim {
                None if blocks.contains_key(&s.seat) => {
                    format!("blocked: {}", crate::ids::escaped(&blocks[&s.seat]))
                }
                None => "free".to_string(),
                Some((Status::Confirmed, user)) => format!("sold to {user}"),
                Some((_, user)) => format!("held by {user}"),
            };
            CompletionCandidate::new(s.seat).help(Some(help.into()))
        })
        .collect()
}

pub fn showtime() -> ArgValueCompleter {
    ArgValueCompleter::new(showtimes)
}

/// Seats with no live claim in the database: what `reserve` can take.
pub fn free_seat() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| seats(c, true))
}

/// Any seat of the showtime, with its state as help.
pub fn any_seat() -> ArgValueCompleter {
    ArgValueCompleter::new(|c: &OsStr| seats(c, false))
}

fn hall_names(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let Some(db) = open_db() else {
        return Vec::new();
    };
    crate::halls::list_halls(&db)
        .unwrap_or_default()
        .into_iter()
        .filter(|h| h.name.starts_with(current.as_ref()))
        .map(|h| {
            let help = format!("{} seats, {}", h.seats, h.categories.join(", "));
            CompletionCandidate::new(h.name).help(Some(help.into()))
        })
        .collect()
}

/// The halls' names (`hall show`, `showtime add --hall`), with their size as help.
pub fn hall() -> ArgValueCompleter {
    ArgValueCompleter::new(hall_names)
}
