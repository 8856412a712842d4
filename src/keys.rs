//! The Redis key scheme, and the only place its key strings are built.
//!
//! The scheme is the old Django system's, kept byte for byte because other software reads these
//! keys. Everything that goes into a key has already been validated by [`crate::ids`]: showtime
//! ids are positive integers, user and seat ids are drawn from small ASCII alphabets with no glob
//! characters, braces, colons, underscores or spaces, so a key can never be confused with another
//! and a SCAN pattern built here can never match another showtime's keys.
//!
//! | key | value | TTL |
//! |---|---|---|
//! | `seat_lock:{showtime}:{seat}` | the holder's user id | the hold |
//! | `reserved_seats_{showtime}` | JSON array of held seat ids | the longest hold in it |
//! | `seat_reservation_{showtime}_{user}` | `{"seat_ids":[…],"reserved_at":epoch_s}` | the hold |
//! | `available_seats_{showtime}` | JSON array of free seat ids (a cache) | 1 hour |
//!
//! The keys carry no Redis Cluster hash tag (the scheme predates us), so on a cluster one
//! showtime's keys would land in different slots; the scripts are nevertheless written for it:
//! every key they touch arrives in `KEYS`, and one script touches one showtime's keys only.

use crate::ids::{SeatId, ShowtimeId, UserId};

/// Time to live of the `available_seats_` cache, when a script writes it and it had none. Passed
/// to the scripts as an `ARGV`: no TTL is ever spelled in Lua.
pub const AVAILABLE_TTL_MS: u64 = 3_600_000;

/// Time to live of a `seat_reservation_` key rewritten from locks that all lack one (locks
/// written by hand): the default hold. A key is never written without a TTL.
pub const RESERVATION_FALLBACK_TTL_MS: u64 = 600_000;

/// A hold's start (epoch ms on Redis's clock) as a reservation value's `reserved_at` spells it:
/// epoch seconds with exactly three decimals, as `reserve.lua`'s `epoch_seconds` writes them.
pub fn reserved_at(started_ms: i64) -> String {
    format!("{}.{:03}", started_ms / 1000, started_ms % 1000)
}

/// A hold's start (epoch ms) read from its reservation value's `reserved_at` (epoch seconds,
/// as the guide writes it), rounded to the millisecond as the scripts round it; `None` when the
/// value is not a JSON object with a numeric `reserved_at`. The one place Rust decodes it.
pub fn reservation_started_ms(value: &str) -> Option<i64> {
    let v: serde_json::Value = serde_json::from_str(value).ok()?;
    let secs = v.get("reserved_at")?.as_f64()?;
    Some((secs * 1000.0).round() as i64)
}

/// The seat ids of a `seat_reservation_` value, or None when it is not a
/// `{"seat_ids":[…],"reserved_at":…}` object with a numeric `reserved_at`.
pub fn parse_reservation(value: &str) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_str(value).ok()?;
    v.get("reserved_at")?.as_f64()?;
    parse_seat_array(&v.get("seat_ids")?.to_string())
}

/// A JSON array of strings (the index values, a reservation's `seat_ids`), or None when the
/// value is anything else.
pub fn parse_seat_array(s: &str) -> Option<Vec<String>> {
    match serde_json::from_str::<serde_json::Value>(s).ok()? {
        serde_json::Value::Array(a) => a
            .into_iter()
            .map(|v| v.as_str().map(String::from))
            .collect(),
        // Lua's cjson writes an empty array as {}; accept it as one.
        serde_json::Value::Object(o) if o.is_empty() => Some(Vec::new()),
        _ => None,
    }
}

pub fn seat_lock(showtime: ShowtimeId, seat: &SeatId) -> String {
    format!("seat_lock:{showtime}:{seat}")
}

pub fn reserved_seats(showtime: ShowtimeId) -> String {
    format!("reserved_seats_{showtime}")
}

pub fn seat_reservation(showtime: ShowtimeId, user: &UserId) -> String {
    format!("seat_reservation_{showtime}_{user}")
}

pub fn available_seats(showtime: ShowtimeId) -> String {
    format!("available_seats_{showtime}")
}

/// The lock key of a seat id as found in Redis (possibly not a valid [`SeatId`]), for
/// reporting keys that `inspect` found.
pub fn seat_lock_str(showtime: ShowtimeId, seat: &str) -> String {
    format!("seat_lock:{showtime}:{seat}")
}

/// The reservation key of a user id as found in Redis.
pub fn seat_reservation_str(showtime: ShowtimeId, user: &str) -> String {
    format!("seat_reservation_{showtime}_{user}")
}

/// One SCAN pattern for both the lock and the reservation keys of a showtime:
/// `seat_*{st}[:_]*` matches `seat_lock:{st}:…` and `seat_reservation_{st}_…`. It can also
/// match other showtimes' keys (`seat_lock:1:{st}_x` is impossible for valid seat ids, but the
/// caller filters with [`seat_from_lock_key`] and [`user_from_reservation_key`] anyway).
pub fn showtime_scan_pattern(showtime: ShowtimeId) -> String {
    format!("seat_*{}[:_]*", glob_escape(&showtime.to_string()))
}

/// The seat id of one showtime's lock key, if `key` is one.
pub fn seat_from_lock_key(showtime: ShowtimeId, key: &str) -> Option<&str> {
    key.strip_prefix("seat_lock:")?
        .strip_prefix(&showtime.to_string())?
        .strip_prefix(':')
}

/// Showtime and seat of any `seat_lock:{st}:{seat}` key.
pub fn parse_seat_lock(key: &str) -> Option<(ShowtimeId, &str)> {
    let (st, seat) = key.strip_prefix("seat_lock:")?.split_once(':')?;
    let st = canonical_showtime(st)?;
    (!seat.is_empty()).then_some((st, seat))
}

/// Showtime and user of any `seat_reservation_{st}_{user}` key. User ids never contain `_`,
/// so the split is unambiguous.
pub fn parse_seat_reservation(key: &str) -> Option<(ShowtimeId, &str)> {
    let (st, user) = key.strip_prefix("seat_reservation_")?.split_once('_')?;
    let st = canonical_showtime(st)?;
    (!user.is_empty()).then_some((st, user))
}

/// A showtime id exactly as the scheme writes it: `024` is not showtime 24's key (inspect, which
/// matches keys by their exact text, would not see it either).
fn canonical_showtime(s: &str) -> Option<ShowtimeId> {
    let st: ShowtimeId = s.parse().ok()?;
    (st.to_string() == s).then_some(st)
}

/// SCAN pattern for every lock and reservation key of every showtime.
pub fn all_showtimes_scan_pattern() -> &'static str {
    "seat_*"
}

/// SCAN pattern for the two index keys (`reserved_seats_{st}`, `available_seats_{st}`) of
/// every showtime; filter with [`parse_index_key`].
pub fn index_scan_pattern() -> &'static str {
    "*_seats_*"
}

/// The showtime of a `reserved_seats_{st}` or `available_seats_{st}` key, if `key` is one.
pub fn parse_index_key(key: &str) -> Option<ShowtimeId> {
    key.strip_prefix("reserved_seats_")
        .or_else(|| key.strip_prefix("available_seats_"))?
        .parse()
        .ok()
}

/// The user id of one showtime's reservation key, if `key` is one.
pub fn user_from_reservation_key(showtime: ShowtimeId, key: &str) -> Option<&str> {
    key.strip_prefix("seat_reservation_")?
        .strip_prefix(&showtime.to_string())?
        .strip_prefix('_')
}

/// Escapes Redis glob characters (`* ? [ ] \`) so that `s` matches only itself in a SCAN
/// pattern. Our ids never contain them, but patterns are built as if they could.
pub fn glob_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The keyspace-notification channel patterns (`PSUBSCRIBE`) of one showtime's keys in Redis
/// database `db`: its locks, its reservations and its two indexes. `watch` listens on them;
/// none of them can match another showtime's keys (a user id never contains `_`).
pub fn keyspace_patterns(db: i64, showtime: ShowtimeId) -> Vec<String> {
    let st = glob_escape(&showtime.to_string());
    let prefix = format!("__keyspace@{db}__:");
    vec![
        format!("{prefix}seat_lock:{st}:*"),
        format!("{prefix}seat_reservation_{st}_*"),
        format!("{prefix}reserved_seats_{st}"),
        format!("{prefix}available_seats_{st}"),
    ]
}

/// A short-lived lock so that two sweeps never work on the same showtime at once. Not part of
/// the guide's scheme; namespaced so it cannot collide with it.
pub fn sweep_lock() -> String {
    "boxoffice:sweep_lock".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_the_guide() {
        let st = ShowtimeId::new(24).unwrap();
        let user: UserId = "7".parse().unwrap();
        let seat: SeatId = "A1".parse().unwrap();
        assert_eq!(seat_lock(st, &seat), "seat_lock:24:A1");
        assert_eq!(reserved_seats(st), "reserved_seats_24");
        assert_eq!(seat_reservation(st, &user), "seat_reservation_24_7");
        assert_eq!(available_seats(st), "available_seats_24");
    }

    #[test]
    fn reserved_at_round_trips() {
        assert_eq!(reserved_at(1_700_000_000_005), "1700000000.005");
        assert_eq!(reserved_at(1_700_000_000_500), "1700000000.500");
        for ms in [1_700_000_000_005, 1_700_000_000_999, 1_000] {
            let v = format!(
                "{{\"seat_ids\":[\"A1\"],\"reserved_at\":{}}}",
                reserved_at(ms)
            );
            assert_eq!(reservation_started_ms(&v), Some(ms));
            assert_eq!(parse_reservation(&v), Some(vec!["A1".to_string()]));
        }
        assert_eq!(
            reservation_started_ms(r#"{"reserved_at":1700000000.5}"#),
            Some(1_700_000_000_500)
        );
        assert_eq!(reservation_started_ms(r#"{"reserved_at":"1"}"#), None);
        assert_eq!(reservation_started_ms("[1]"), None);
        assert_eq!(
            parse_reservation(r#"{"seat_ids":{},"reserved_at":1}"#),
            Some(vec![])
        );
        assert_eq!(parse_reservation(r#"{"seat_ids":["A1"]}"#), None);
        assert_eq!(
            parse_reservation(r#"{"seat_ids":[1],"reserved_at":1}"#),
            None
        );
    }

    #[test]
    fn the_fallback_ttl_is_the_default_hold() {
        assert_eq!(
            RESERVATION_FALLBACK_TTL_MS,
            crate::config::DEFAULT_HOLD.as_millis() as u64
        );
    }

    #[test]
    fn keyspace_patterns_name_one_showtimes_keys() {
        let st = ShowtimeId::new(24).unwrap();
        assert_eq!(
            keyspace_patterns(3, st),
            [
                "__keyspace@3__:seat_lock:24:*",
                "__keyspace@3__:seat_reservation_24_*",
                "__keyspace@3__:reserved_seats_24",
                "__keyspace@3__:available_seats_24",
            ]
        );
    }

    #[test]
    fn globs_are_escaped() {
        assert_eq!(glob_escape("a*b?[c]\\"), "a\\*b\\?\\[c\\]\\\\");
        assert_eq!(glob_escape("24"), "24");
    }

    #[test]
    fn parse_back() {
        let st = ShowtimeId::new(24).unwrap();
        assert_eq!(seat_from_lock_key(st, "seat_lock:24:B12"), Some("B12"));
        assert_eq!(seat_from_lock_key(st, "seat_lock:244:B12"), None);
        assert_eq!(
            user_from_reservation_key(st, "seat_reservation_24_u@x.io"),
            Some("u@x.io")
        );
    }
}
