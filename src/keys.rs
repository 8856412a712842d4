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
//! The guide's keys carry no Redis Cluster hash tag (the scheme predates us), so on a cluster one
//! showtime's keys would land in different slots. The cluster style ([`KeyStyle::Cluster`])
//! writes the showtime as a hash tag instead (`seat_lock:{24}:A1`, `reserved_seats_{24}`,
//! `seat_reservation_{24}_7`, `available_seats_{24}`), so one showtime's keys share one slot;
//! the scripts are written for it: every key they touch arrives in `KEYS`, and one script
//! touches one showtime's keys only. The style is a setting, resolved once, and every key name,
//! parser and SCAN pattern is a method of [`Keys`], which carries it; each style reads only its
//! own keys (a seed-style parser sees no `{24}`, a cluster-style one no bare `24`).

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

/// How the showtime is written into its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyStyle {
    /// The guide's keys, byte for byte: `seat_lock:24:A1`, `reserved_seats_24`.
    #[default]
    Seed,
    /// The showtime as a Redis Cluster hash tag, so that one showtime's keys share one slot
    /// (a script may only touch keys of one slot): `seat_lock:{24}:A1`, `reserved_seats_{24}`.
    Cluster,
}

impl KeyStyle {
    pub const ALL: [KeyStyle; 2] = [KeyStyle::Seed, KeyStyle::Cluster];

    /// The other style: where `keys migrate` moves from, and whose keys a command refuses to
    /// find for a showtime it touches.
    pub fn other(self) -> KeyStyle {
        match self {
            KeyStyle::Seed => KeyStyle::Cluster,
            KeyStyle::Cluster => KeyStyle::Seed,
        }
    }

    /// The style's name as settings spell it (`key_style = "cluster"`).
    pub fn name(self) -> &'static str {
        match self {
            KeyStyle::Seed => "seed",
            KeyStyle::Cluster => "cluster",
        }
    }
}

impl std::fmt::Display for KeyStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for KeyStyle {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        KeyStyle::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| "expected seed or cluster".to_string())
    }
}

/// Every key name of the scheme in one style: builders, parsers and SCAN patterns. A command
/// gets its `Keys` from its connection ([`crate::redis_client::Redis::keys`]), where the style
/// resolved once by the settings is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Keys {
    style: KeyStyle,
}

impl Keys {
    /// The guide's keys.
    pub const SEED: Keys = Keys::new(KeyStyle::Seed);
    /// The hash-tagged keys for Redis Cluster.
    pub const CLUSTER: Keys = Keys::new(KeyStyle::Cluster);

    pub const fn new(style: KeyStyle) -> Keys {
        Keys { style }
    }

    pub fn style(self) -> KeyStyle {
        self.style
    }

    /// The showtime as its keys write it: `24`, or `{24}` (a hash tag) in the cluster style.
    pub fn showtime(self, showtime: ShowtimeId) -> String {
        match self.style {
            KeyStyle::Seed => showtime.to_string(),
            KeyStyle::Cluster => format!("{{{showtime}}}"),
        }
    }

    pub fn seat_lock(self, showtime: ShowtimeId, seat: &SeatId) -> String {
        self.seat_lock_str(showtime, seat.as_ref())
    }

    pub fn reserved_seats(self, showtime: ShowtimeId) -> String {
        format!("reserved_seats_{}", self.showtime(showtime))
    }

    pub fn seat_reservation(self, showtime: ShowtimeId, user: &UserId) -> String {
        self.seat_reservation_str(showtime, user.as_str())
    }

    pub fn available_seats(self, showtime: ShowtimeId) -> String {
        format!("available_seats_{}", self.showtime(showtime))
    }

    /// The lock key of a seat id as found in Redis (possibly not a valid [`SeatId`]), for
    /// reporting keys that `inspect` found.
    pub fn seat_lock_str(self, showtime: ShowtimeId, seat: &str) -> String {
        format!("seat_lock:{}:{seat}", self.showtime(showtime))
    }

    /// The reservation key of a user id as found in Redis.
    pub fn seat_reservation_str(self, showtime: ShowtimeId, user: &str) -> String {
        format!("seat_reservation_{}_{user}", self.showtime(showtime))
    }

    /// One SCAN pattern for both the lock and the reservation keys of a showtime:
    /// `seat_*{st}[:_]*` matches `seat_lock:{st}:…` and `seat_reservation_{st}_…`. It can also
    /// match other showtimes' keys (`seat_lock:1:{st}_x` is impossible for valid seat ids, but
    /// the caller filters with [`Keys::seat_from_lock_key`] and
    /// [`Keys::user_from_reservation_key`] anyway).
    pub fn showtime_scan_pattern(self, showtime: ShowtimeId) -> String {
        format!("seat_*{}[:_]*", glob_escape(&self.showtime(showtime)))
    }

    /// The seat id of one showtime's lock key, if `key` is one.
    pub fn seat_from_lock_key(self, showtime: ShowtimeId, key: &str) -> Option<&str> {
        key.strip_prefix("seat_lock:")?
            .strip_prefix(&self.showtime(showtime))?
            .strip_prefix(':')
    }

    /// The user id of one showtime's reservation key, if `key` is one.
    pub fn user_from_reservation_key(self, showtime: ShowtimeId, key: &str) -> Option<&str> {
        key.strip_prefix("seat_reservation_")?
            .strip_prefix(&self.showtime(showtime))?
            .strip_prefix('_')
    }

    /// Showtime and seat of any `seat_lock:{st}:{seat}` key of this style.
    pub fn parse_seat_lock(self, key: &str) -> Option<(ShowtimeId, &str)> {
        let (st, seat) = key.strip_prefix("seat_lock:")?.split_once(':')?;
        let st = self.canonical_showtime(st)?;
        (!seat.is_empty()).then_some((st, seat))
    }

    /// Showtime and user of any `seat_reservation_{st}_{user}` key of this style. User ids
    /// never contain `_` (nor do showtimes, tagged or not), so the split is unambiguous.
    pub fn parse_seat_reservation(self, key: &str) -> Option<(ShowtimeId, &str)> {
        let (st, user) = key.strip_prefix("seat_reservation_")?.split_once('_')?;
        let st = self.canonical_showtime(st)?;
        (!user.is_empty()).then_some((st, user))
    }

    /// The showtime of a `reserved_seats_{st}` or `available_seats_{st}` key of this style.
    pub fn parse_index_key(self, key: &str) -> Option<ShowtimeId> {
        let st = key
            .strip_prefix("reserved_seats_")
            .or_else(|| key.strip_prefix("available_seats_"))?;
        self.canonical_showtime(st)
    }

    /// A showtime id exactly as this style writes it: `024` is not showtime 24's key (inspect,
    /// which matches keys by their exact text, would not see it either), and neither is `{24}`
    /// in the seed style or `24` in the cluster style.
    fn canonical_showtime(self, s: &str) -> Option<ShowtimeId> {
        let bare = match self.style {
            KeyStyle::Seed => s,
            KeyStyle::Cluster => s.strip_prefix('{')?.strip_suffix('}')?,
        };
        let st: ShowtimeId = bare.parse().ok()?;
        (st.to_string() == bare).then_some(st)
    }

    /// SCAN pattern for every lock and reservation key of every showtime (of both styles:
    /// filter with [`Keys::parse_seat_lock`] and [`Keys::parse_seat_reservation`]).
    pub fn all_showtimes_scan_pattern(self) -> &'static str {
        "seat_*"
    }

    /// SCAN pattern for the two index keys (`reserved_seats_{st}`, `available_seats_{st}`) of
    /// every showtime (of both styles); filter with [`Keys::parse_index_key`].
    pub fn index_scan_pattern(self) -> &'static str {
        "*_seats_*"
    }

    /// The keyspace-notification channel patterns (`PSUBSCRIBE`) of one showtime's keys in
    /// Redis database `db`: its locks, its reservations and its two indexes. `watch` listens on
    /// them; none of them can match another showtime's keys (a user id never contains `_`).
    pub fn keyspace_patterns(self, db: i64, showtime: ShowtimeId) -> Vec<String> {
        let st = glob_escape(&self.showtime(showtime));
        let prefix = format!("__keyspace@{db}__:");
        vec![
            format!("{prefix}seat_lock:{st}:*"),
            format!("{prefix}seat_reservation_{st}_*"),
            format!("{prefix}reserved_seats_{st}"),
            format!("{prefix}available_seats_{st}"),
        ]
    }
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
        let k = Keys::default();
        assert_eq!(k, Keys::SEED);
        assert_eq!(k.seat_lock(st, &seat), "seat_lock:24:A1");
        assert_eq!(k.reserved_seats(st), "reserved_seats_24");
        assert_eq!(k.seat_reservation(st, &user), "seat_reservation_24_7");
        assert_eq!(k.available_seats(st), "available_seats_24");
    }

    #[test]
    fn cluster_keys_tag_the_showtime() {
        let st = ShowtimeId::new(24).unwrap();
        let user: UserId = "7".parse().unwrap();
        let seat: SeatId = "A1".parse().unwrap();
        let k = Keys::CLUSTER;
        assert_eq!(k.seat_lock(st, &seat), "seat_lock:{24}:A1");
        assert_eq!(k.reserved_seats(st), "reserved_seats_{24}");
        assert_eq!(k.seat_reservation(st, &user), "seat_reservation_{24}_7");
        assert_eq!(k.available_seats(st), "available_seats_{24}");
        assert_eq!(k.showtime_scan_pattern(st), "seat_*{24}[:_]*");
        assert_eq!(k.parse_seat_lock("seat_lock:{24}:A1"), Some((st, "A1")));
        assert_eq!(
            k.parse_seat_reservation("seat_reservation_{24}_7"),
            Some((st, "7"))
        );
        assert_eq!(k.parse_index_key("reserved_seats_{24}"), Some(st));
        assert_eq!(k.seat_from_lock_key(st, "seat_lock:{24}:B2"), Some("B2"));
        assert_eq!(
            k.user_from_reservation_key(st, "seat_reservation_{24}_u"),
            Some("u")
        );
    }

    #[test]
    fn each_style_reads_only_its_own_keys() {
        let st = ShowtimeId::new(24).unwrap();
        for (k, other) in [(Keys::SEED, Keys::CLUSTER), (Keys::CLUSTER, Keys::SEED)] {
            let lock = other.seat_lock_str(st, "A1");
            let res = other.seat_reservation_str(st, "7");
            assert_eq!(k.parse_seat_lock(&lock), None, "{lock}");
            assert_eq!(k.parse_seat_reservation(&res), None, "{res}");
            assert_eq!(k.parse_index_key(&other.reserved_seats(st)), None);
            assert_eq!(k.seat_from_lock_key(st, &lock), None);
            assert_eq!(k.user_from_reservation_key(st, &res), None);
        }
        for bad in ["seat_lock:{024}:A1", "seat_lock:{24:A1", "seat_lock:24}:A1"] {
            assert_eq!(Keys::CLUSTER.parse_seat_lock(bad), None, "{bad}");
        }
        assert_eq!("cluster".parse(), Ok(KeyStyle::Cluster));
        assert_eq!("seed".parse(), Ok(KeyStyle::Seed));
        assert!("Cluster".parse::<KeyStyle>().is_err());
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
            Keys::SEED.keyspace_patterns(3, st),
            [
                "__keyspace@3__:seat_lock:24:*",
                "__keyspace@3__:seat_reservation_24_*",
                "__keyspace@3__:reserved_seats_24",
                "__keyspace@3__:available_seats_24",
            ]
        );
        assert_eq!(
            Keys::CLUSTER.keyspace_patterns(0, st),
            [
                "__keyspace@0__:seat_lock:{24}:*",
                "__keyspace@0__:seat_reservation_{24}_*",
                "__keyspace@0__:reserved_seats_{24}",
                "__keyspace@0__:available_seats_{24}",
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
        let k = Keys::SEED;
        assert_eq!(k.seat_from_lock_key(st, "seat_lock:24:B12"), Some("B12"));
        assert_eq!(k.seat_from_lock_key(st, "seat_lock:244:B12"), None);
        assert_eq!(k.parse_seat_lock("seat_lock:024:B12"), None);
        assert_eq!(
            k.user_from_reservation_key(st, "seat_reservation_24_u@x.io"),
            Some("u@x.io")
        );
    }
}
