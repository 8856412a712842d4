//! The seat map, drawn for people: `inspect` prints it on stdout, the interactive `reserve`
//! picker on stderr. One glyph per seat, columns aligned on seat numbers, colour only when the
//! stream it goes to wants it (the glyphs alone carry the meaning, so NO_COLOR loses nothing).
//!
//! A hall with gaps and aisles ([`render_in_layout`]) is drawn with each seat at its position
//! (`col`), a gap blank and each row's seat numbers at its end, since a column no longer has
//! one seat number; a layout without gaps (every rectangular showtime) is drawn exactly as
//! before. A showtime with several categories gets a line naming them and their seats.

mod layout;

pub use layout::{GridRow, categories_line, grid, render_in_layout};

use crate::catalog::Showtime;
use crate::snapshot::{SeatState, SeatView};

pub const FREE: &str = ".";
pub const HELD: &str = "h";
pub const SOLD: &str = "X";
/// Off sale (`block`).
pub const BLOCKED: &str = "#";
/// In the picker: seats the customer already holds.
pub const MINE: &str = "o";

fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn glyph(color: bool, state: SeatState, mine: bool) -> String {
    match (state, mine) {
        (_, true) => paint(color, "36;1", MINE),
        (SeatState::Free, _) => paint(color, "32", FREE),
        (SeatState::Held, _) => paint(color, "33;1", HELD),
        (SeatState::Sold, _) => paint(color, "31;1", SOLD),
        (SeatState::Blocked, _) => paint(color, "35", BLOCKED),
    }
}

/// The title line: "Showtime 24 · Avengers · Screen 1 · 2026-11-24 19:00 CET".
pub fn title(st: &Showtime) -> String {
    format!(
        "Showtime {} · {}{} · {}",
        st.showtime_id,
        crate::ids::escaped(&st.movie),
        st.screen
            .as_deref()
            .map(|s| format!(" · {}", crate::ids::escaped(s)))
            .unwrap_or_default(),
        crate::cli::output::local_from_rfc3339(&st.starts_at)
    )
}

/// The map and its legend. `mine` names the user whose held seats get their own glyph.
pub fn render(st: &Showtime, seats: &[SeatView], mine: Option<&str>, color: bool) -> String {
    let split = |seat: &str| -> (String, u32) {
        let row: String = seat
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let n = seat[row.len()..].parse().unwrap_or(0);
        (row, n)
    };
    let max_n = seats.iter().map(|s| split(&s.seat).1).max().unwrap_or(0);
    let w = max_n.to_string().len() + 1;
    let row_w = st.rows.iter().map(String::len).max().unwrap_or(1);
    let mut out = " ".repeat(row_w + 2);
    for n in 1..=max_n {
        out.push_str(&format!("{n:>w$}"));
    }
    out.push('\n');
    let mut current = String::new();
    let mut line = String::new();
    let mut col = 0u32;
    for s in seats {
        let (row, n) = split(&s.seat);
        if row != current {
            if !current.is_empty() {
                out.push_str(line.trim_end());
                out.push('\n');
            }
            line = format!("{row:<row_w$}  ");
            current = row;
            col = 0;
        }
        while col + 1 < n {
            line.push_str(&" ".repeat(w));
            col += 1;
        }
        let is_mine = mine.is_some() && s.state == SeatState::Held && s.user.as_deref() == mine;
        line.push_str(&" ".repeat(w - 1));
        line.push_str(&glyph(color, s.state, is_mine));
        col = n;
    }
    if !current.is_empty() {
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(&legend(seats, mine, color));
    out
}

/// The legend line under a map, after a blank line.
fn legend(seats: &[SeatView], mine: Option<&str>, color: bool) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "\nLegend: {} free   {} held   {} sold",
        glyph(color, SeatState::Free, false),
        glyph(color, SeatState::Held, false),
        glyph(color, SeatState::Sold, false),
    ));
    // Only a showtime with blocks gets the glyph in its legend, so others read as before.
    if seats.iter().any(|s| s.state == SeatState::Blocked) {
        out.push_str(&format!(
            "   {} blocked",
            glyph(color, SeatState::Blocked, false)
        ));
    }
    if mine.is_some() {
        out.push_str(&format!(
            "   {} held by this customer",
            glyph(color, SeatState::Held, true)
        ));
    }
    out.push('\n');
    out
}

/// The blocked seats and why, one line per reason: "Blocked: F7 (broken seat); H1, H2
/// (wheelchair space)". Empty when nothing is blocked.
pub fn blocked_line(seats: &[SeatView]) -> String {
    let mut by_reason: Vec<(&str, Vec<&str>)> = Vec::new();
    for s in seats.iter().filter(|s| s.state == SeatState::Blocked) {
        let reason = s.reason.as_deref().unwrap_or("");
        match by_reason.iter_mut().find(|(r, _)| *r == reason) {
            Some((_, list)) => list.push(&s.seat),
            None => by_reason.push((reason, vec![&s.seat])),
        }
    }
    if by_reason.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = by_reason
        .iter()
        .map(|(r, list)| format!("{} ({})", list.join(", "), crate::ids::escaped(r)))
        .collect();
    format!("Blocked: {}\n", parts.join("; "))
}
