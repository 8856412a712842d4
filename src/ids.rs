//! Validated identifiers and the small grammars users type: seat lists, row specs, durations.
//!
//! Everything that ends up inside a Redis key or a SQL row passes through here first. The
//! alphabets are deliberately narrow: no glob characters (`* ? [ ]`), braces (Cluster hash
//! tags), colons or underscores (the scheme's separators), whitespace or control characters can
//! reach a key. Parsing is total: every input gets a value or an [`Error::Invalid`] that says
//! what was wrong, never a panic.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Serialize, Serializer};

use crate::error::Error;

/// Most seats one hold may take. Keeps a single Lua script (and its KEYS) bounded.
pub const MAX_SEATS_PER_HOLD: usize = 1000;
/// Longest row number in a layout.
pub const MAX_SEAT_NUMBER: u32 = 999;
/// Longest hold we accept.
pub const MAX_HOLD: Duration = Duration::from_secs(24 * 3600);

/// A showtime id: a positive integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShowtimeId(i64);

impl ShowtimeId {
    /// Largest id we accept: 2^53, so ids survive a round trip through any JSON parser.
    pub const MAX: i64 = 1 << 53;

    pub fn new(id: i64) -> Result<Self, Error> {
        if (1..=Self::MAX).contains(&id) {
            Ok(ShowtimeId(id))
        } else {
            Err(Error::invalid(format!(
                "invalid showtime id {id}: expected a positive integer up to {}",
                Self::MAX
            )))
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl FromStr for ShowtimeId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || {
            Error::invalid(format!(
                "invalid showtime id {}: expected a positive integer like 24",
                shown(s)
            ))
        };
        if s.is_empty() || s.len() > 16 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n: i64 = s.parse().map_err(|_| bad())?;
        ShowtimeId::new(n).map_err(|_| bad())
    }
}

impl fmt::Display for ShowtimeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for ShowtimeId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

/// A customer id: `[A-Za-z0-9][A-Za-z0-9._@-]{0,63}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UserId(String);

impl UserId {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `s` is a well-formed user id (used to judge values found in Redis).
    pub fn is_valid(s: &str) -> bool {
        let b = s.as_bytes();
        !b.is_empty()
            && b.len() <= 64
            && b[0].is_ascii_alphanumeric()
            && b[1..]
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'@' | b'-'))
    }
}

impl FromStr for UserId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        if UserId::is_valid(s) {
            Ok(UserId(s.to_string()))
        } else {
            Err(Error::invalid(format!(
                "invalid user id {}: use 1-64 characters from A-Z a-z 0-9 . @ -, starting with a letter or digit",
                shown(s)
            )))
        }
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for UserId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A seat id: a row label of one or two capital letters and a seat number 1-999, e.g. `A1`,
/// `J12`, `AA7`. Lower-case input is accepted and normalised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeatId {
    id: String,
    row_len: usize,
    number: u32,
}

impl SeatId {
    pub fn new(row: &str, number: u32) -> Result<Self, Error> {
        format!("{row}{number}").parse()
    }

    pub fn as_str(&self) -> &str {
        &self.id
    }

    pub fn row(&self) -> &str {
        &self.id[..self.row_len]
    }

    pub fn number(&self) -> u32 {
        self.number
    }

    /// Layout order: shorter row labels first, then alphabetical, then by number.
    pub fn sort_key(&self) -> (usize, &str, u32) {
        (self.row_len, self.row(), self.number)
    }
}

impl PartialOrd for SeatId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SeatId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl FromStr for SeatId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || {
            Error::invalid(format!(
                "invalid seat id {}: expected a row letter and a seat number like A1 or J12",
                shown(s)
            ))
        };
        let row_len = s.bytes().take_while(|b| b.is_ascii_alphabetic()).count();
        let digits = &s[row_len..];
        if !(1..=2).contains(&row_len)
            || digits.is_empty()
            || digits.len() > 3
            || !digits.bytes().all(|b| b.is_ascii_digit())
            || digits.starts_with('0')
        {
            return Err(bad());
        }
        let number: u32 = digits.parse().map_err(|_| bad())?;
        Ok(SeatId {
            id: s.to_ascii_uppercase(),
            row_len,
            number,
        })
    }
}

impl fmt::Display for SeatId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl Serialize for SeatId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id)
    }
}

/// Parses seat arguments: each argument may hold several seats separated by commas or spaces,
/// and `A1-A4` or `A1..A4` expands to A1, A2, A3, A4 within one row. Duplicates are dropped,
/// first occurrence kept.
pub fn parse_seat_list<S: AsRef<str>>(args: &[S]) -> Result<Vec<SeatId>, Error> {
    let mut out: Vec<SeatId> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for arg in args {
        for token in arg
            .as_ref()
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
            .filter(|t| !t.is_empty())
        {
            for seat in expand_token(token)? {
                if seen.insert(seat.id.clone()) {
                    out.push(seat);
                }
                if out.len() > MAX_SEATS_PER_HOLD {
                    return Err(Error::invalid(format!(
                        "too many seats: at most {MAX_SEATS_PER_HOLD} in one command"
                    )));
                }
            }
        }
    }
    if out.is_empty() {
        return Err(Error::invalid(
            "no seats given: name seats like A1 A2 or A1-A4",
        ));
    }
    Ok(out)
}

fn expand_token(token: &str) -> Result<Vec<SeatId>, Error> {
    let range = token.split_once("..").or_else(|| token.split_once('-'));
    let Some((from, to)) = range else {
        return Ok(vec![token.parse()?]);
    };
    let bad = |why: &str| {
        Error::invalid(format!(
            "invalid seat range {}: {why} (write ranges like A1-A4 or A1..A4)",
            shown(token)
        ))
    };
    let from: SeatId = from.parse().map_err(|_| bad("not two seat ids"))?;
    let to: SeatId = to.parse().map_err(|_| bad("not two seat ids"))?;
    if from.row() != to.row() {
        return Err(bad("a range must stay within one row"));
    }
    if from.number > to.number {
        return Err(bad("the range runs backwards"));
    }
    (from.number..=to.number)
        .map(|n| SeatId::new(from.row(), n))
        .collect()
}

/// Parses a row spec like `A-C`, `A,B,D` or `A-Z,AA-AC` into row labels, in order.
pub fn parse_rows(spec: &str) -> Result<Vec<String>, Error> {
    let bad = |why: &str| {
        Error::invalid(format!(
            "invalid rows {}: {why} (write rows like A-J or A,B,C)",
            shown(spec)
        ))
    };
    let mut rows: Vec<String> = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let label = |s: &str| -> Result<String, Error> {
            let s = s.trim().to_ascii_uppercase();
            if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase()) {
                Ok(s)
            } else {
                Err(bad("a row label is one or two letters"))
            }
        };
        match part.split_once('-') {
            None => rows.push(label(part)?),
            Some((a, b)) => {
                let (a, b) = (label(a)?, label(b)?);
                let (ia, ib) = (row_index(&a), row_index(&b));
                if ia > ib {
                    return Err(bad("the range runs backwards"));
                }
                rows.extend((ia..=ib).map(row_label));
            }
        }
    }
    if rows.is_empty() {
        return Err(bad("no rows"));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = rows.iter().find(|r| !seen.insert(r.as_str())) {
        return Err(bad(&format!("row {dup} appears twice")));
    }
    Ok(rows)
}

/// A=0 … Z=25, AA=26 … ZZ=701.
fn row_index(label: &str) -> u32 {
    let b = label.as_bytes();
    match b.len() {
        1 => u32::from(b[0] - b'A'),
        _ => 26 * (u32::from(b[0] - b'A') + 1) + u32::from(b[1] - b'A'),
    }
}

fn row_label(i: u32) -> String {
    if i < 26 {
        char::from(b'A' + i as u8).to_string()
    } else {
        let i = i - 26;
        format!(
            "{}{}",
            char::from(b'A' + (i / 26) as u8),
            char::from(b'A' + (i % 26) as u8)
        )
    }
}

/// Parses a hold length like `90s`, `10m` or `1h 30m`: at least one second, at most a day.
pub fn parse_hold(s: &str) -> Result<Duration, Error> {
    let d = parse_duration(s, "hold")?;
    if d < Duration::from_secs(1) {
        return Err(Error::invalid(format!(
            "invalid hold {}: a hold must be at least 1s",
            shown(s)
        )));
    }
    if d > MAX_HOLD {
        return Err(Error::invalid(format!(
            "invalid hold {}: a hold may be at most 24h",
            shown(s)
        )));
    }
    Ok(d)
}

/// Parses a positive duration like `500ms`, `90s`, `10m`.
pub fn parse_duration(s: &str, what: &str) -> Result<Duration, Error> {
    let d = humantime::parse_duration(s.trim()).map_err(|_| {
        Error::invalid(format!(
            "invalid {what} {}: expected a duration like 90s, 10m or 1h 30m",
            shown(s)
        ))
    })?;
    if d.is_zero() {
        return Err(Error::invalid(format!(
            "invalid {what} {}: must be greater than zero",
            shown(s)
        )));
    }
    Ok(d)
}

/// Whether a character must never reach a terminal as is: C0 and C1 controls and DEL (which
/// repaint or retitle it), bidi overrides and isolates (which reorder what is shown), and
/// zero-width characters and the BOM (which hide text).
pub fn is_hostile_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{061C}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Text from Redis or SQLite as it may be printed: every [`is_hostile_char`] written visibly
/// as Rust writes it (`\u{1b}`, `\u{202e}`); everything else as is. The one
/// escaping function for data shown to people; `--json` carries the value itself.
pub fn escaped(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_hostile_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_hostile_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Quotes user input for an error message, escaping control characters and capping its length,
/// so that hostile input cannot repaint the terminal or flood the log.
pub fn shown(s: &str) -> String {
    const MAX: usize = 40;
    let mut out: String = s
        .chars()
        .take(MAX)
        .flat_map(|c| {
            if is_hostile_char(c) {
                escaped(c.encode_utf8(&mut [0; 4]))
                    .into_owned()
                    .chars()
                    .collect::<Vec<_>>()
            } else {
                c.escape_debug().collect()
            }
        })
        .collect();
    if s.chars().count() > MAX {
        out.push('…');
    }
    format!("\"{out}\"")
}

/// Like [`shown`], without the cap: for values the message is about, which must not be cut.
pub fn shown_full(s: &str) -> String {
    format!(
        "\"{}\"",
        s.chars().flat_map(char::escape_debug).collect::<String>()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seats(args: &[&str]) -> Vec<String> {
        parse_seat_list(args)
            .unwrap()
            .into_iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn seat_lists_and_ranges() {
        assert_eq!(seats(&["A1", "a2"]), ["A1", "A2"]);
        assert_eq!(seats(&["A1-A3,B2"]), ["A1", "A2", "A3", "B2"]);
        assert_eq!(seats(&["A1..A2", "A2"]), ["A1", "A2"]);
        assert_eq!(seats(&["AA9..AA10"]), ["AA9", "AA10"]);
        for bad in [
            "A3-A1", "A1-B2", "A0", "1A", "A1-", "A01", "*", "A1:2", "{A1}", "Å1", "A1000",
        ] {
            assert!(parse_seat_list(&[bad]).is_err(), "{bad} accepted");
        }
        assert!(parse_seat_list::<&str>(&[]).is_err());
        assert!(parse_seat_list(&["A1-A999", "B1-B999"]).is_err());
    }

    #[test]
    fn escaping() {
        assert_eq!(escaped("Avengers · Screen 1"), "Avengers · Screen 1");
        assert_eq!(escaped("a\x1b[2J\x07b"), "a\\u{1b}[2J\\u{7}b");
        assert_eq!(
            escaped("x\u{202e}y\u{200b}\u{feff}\u{9b}"),
            "x\\u{202e}y\\u{200b}\\u{feff}\\u{9b}"
        );
        assert_eq!(escaped("\x7f\n"), "\\u{7f}\\u{a}");
        assert_eq!(shown("a\u{202e}\x1b\"q"), "\"a\\u{202e}\\u{1b}\\\"q\"");
    }

    #[test]
    fn rows() {
        assert_eq!(parse_rows("A-C").unwrap(), ["A", "B", "C"]);
        assert_eq!(parse_rows("Y-AB").unwrap(), ["Y", "Z", "AA", "AB"]);
        assert_eq!(parse_rows("a, c").unwrap(), ["A", "C"]);
        assert!(parse_rows("C-A").is_err());
        assert!(parse_rows("A,A").is_err());
        assert!(parse_rows("").is_err());
        assert!(parse_rows("A-ZZZ").is_err());
    }

    #[test]
    fn users() {
        for ok in ["7", "u@x.io", "a-b.c", &"x".repeat(64)] {
            assert!(ok.parse::<UserId>().is_ok(), "{ok}");
        }
        for bad in [
            "",
            "_a",
            "a_b",
            "a b",
            "a*",
            "a:b",
            "{a}",
            "é",
            "-a",
            &"x".repeat(65),
        ] {
            assert!(bad.parse::<UserId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn showtimes() {
        assert_eq!("24".parse::<ShowtimeId>().unwrap().get(), 24);
        for bad in ["0", "-1", "+1", "1e3", "", "99999999999999999999", " 1"] {
            assert!(bad.parse::<ShowtimeId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn holds() {
        assert_eq!(parse_hold("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_hold("10m").unwrap(), Duration::from_secs(600));
        for bad in ["0s", "500ms", "25h", "-1s", "ten", "", "10"] {
            assert!(parse_hold(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn shown_escapes() {
        assert_eq!(shown("a\u{1b}[2J"), "\"a\\u{1b}[2J\"");
    }
}
