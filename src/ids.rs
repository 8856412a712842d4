//! Validated identifiers and the small grammars users type: seat lists, row specs, durations.
//!
//! Everything that ends up inside a Redis key or a SQL row passes through here first. The
//! alphabets are deliberately narrow: no glob characters (`* ? [ ]`), braces (Cluster hash
//! tags), colons or underscores (the scheme's separators), whitespace or control characters can
//! reach a key. Parsing is total: every input gets a value or an [`Error::Invalid`] that says
//! what was wrong, never a panic.
//!
//! The ids are here; the grammars of seat lists, rows and durations are in `ids/grammar.rs`,
//! and the escaping of text shown to people in `ids/escape.rs`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Serialize, Serializer};

use crate::error::Error;

mod escape;
mod grammar;

pub use escape::{escaped, is_hostile_char, shown, shown_full};
pub use grammar::{parse_duration, parse_hold, parse_rows, parse_seat_list};

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

impl PartialEq<str> for UserId {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<UserId> for &str {
    fn eq(&self, other: &UserId) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<UserId> for str {
    fn eq(&self, other: &UserId) -> bool {
        self == other.as_str()
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

/// Checks an id a payment provider issued (`what`: "payment id", "refund id"): 1-128
/// characters from `A-Z a-z 0-9 _ . -`.
pub fn check_provider_id(what: &str, id: &str) -> Result<(), Error> {
    let ok = (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid {what} {}: use 1-128 characters from A-Z a-z 0-9 _ . -",
            shown(id)
        )))
    }
}

/// The longest id part of an order id accepted after `order_`. Razorpay's are 14 characters
/// today; the margin keeps a longer future format working without letting a paste of a whole
/// URL or JSON document through.
pub const ORDER_ID_MAX_ID: usize = 40;

/// Checks a Razorpay order id: `order_` followed by 1-40 ASCII letters and digits
/// (`order_9A33XWu170gUtm`). An order id is half of what a checkout signature covers, so it is
/// taken exactly as Razorpay issues it: no other prefix, no `_ . -`, no tidying of case.
pub fn check_order_id(id: &str) -> Result<(), Error> {
    let ok = id.strip_prefix("order_").is_some_and(|rest| {
        (1..=ORDER_ID_MAX_ID).contains(&rest.len())
            && rest.bytes().all(|c| c.is_ascii_alphanumeric())
    });
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid order id {}: expected Razorpay's form, order_ and 1-{ORDER_ID_MAX_ID} letters and digits (like order_9A33XWu170gUtm)",
            shown(id)
        )))
    }
}

impl AsRef<str> for SeatId {
    fn as_ref(&self) -> &str {
        &self.id
    }
}

/// The seats' ids as text, for the places that speak the key scheme's strings (scripts, audit).
pub fn seat_names(seats: &[SeatId]) -> Vec<String> {
    seats.iter().map(|s| s.as_str().to_string()).collect()
}

/// The seats' ids joined with `sep`, as messages and tables show them.
pub fn join_seats(seats: &[SeatId], sep: &str) -> String {
    seat_names(seats).join(sep)
}

impl Serialize for SeatId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn order_ids() {
        let longest = format!("order_{}", "a".repeat(ORDER_ID_MAX_ID));
        for ok in ["order_9A33XWu170gUtm", "order_1", longest.as_str()] {
            assert!(check_order_id(ok).is_ok(), "{ok}");
        }
        let too_long = format!("order_{}", "a".repeat(ORDER_ID_MAX_ID + 1));
        for bad in [
            "",
            "order_",
            "9A33XWu170gUtm",
            "ORDER_9A33XWu170gUtm",
            "pay_9A33XWu170gUtm",
            "order_9A33 XWu",
            " order_9A33XWu170gUtm",
            "order_9A33-XWu",
            "order_9A33_XWu",
            "order_é",
            too_long.as_str(),
        ] {
            assert!(check_order_id(bad).is_err(), "{bad}");
        }
    }
}
