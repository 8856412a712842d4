//! The Lua scripts as typed calls: one module per script, next to its `.lua` file.
//!
//! Each module owns its script ([`LuaScript`], with `common.lua` prepended), a builder that
//! lays out its `KEYS` and `ARGV` from typed values (every key name from [`crate::keys::Keys`], every
//! TTL constant from there too: a script never hard-codes one), and a parser for its reply.
//! [`run`] sends one call in one round trip.
//!
//! Every parser is strict in the same way: a reply that is not the shape the script's header
//! comment documents (an unknown tag, a number that is not an integer, a text that is not a
//! string, a list of pairs with an odd length) is refused as `Error::Internal` ("NAME script:
//! unexpected reply"), never read as a default. How a lock holder's bytes become text is each
//! script's documented choice (see the `holder` field of each reply).

use redis::Value;

use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::keys::Keys;
use crate::redis_client::Redis;

pub mod extend;
pub mod finish;
pub mod locks;
pub mod migrate;
pub mod move_take;
pub mod offsale;
pub mod reindex;
pub mod reservation;
pub mod reserve;
pub mod reserve_best;
pub mod restore;
pub mod screening_off;
pub mod unlock;

/// A Lua script with the shared helpers prepended, and its SHA1 for EVALSHA.
pub struct LuaScript {
    name: &'static str,
    body: String,
    sha: String,
}

impl LuaScript {
    fn new(name: &'static str, source: &'static str) -> Self {
        let body = format!("{}{}", include_str!("common.lua"), source);
        let sha = redis::Script::new(&body).get_hash().to_string();
        LuaScript { name, body, sha }
    }

    /// The script's name, for error messages ("during reserve").
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The whole body sent by `EVAL`: `common.lua`, then the script.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The SHA1 of [`LuaScript::body`], sent by `EVALSHA`.
    pub fn sha(&self) -> &str {
        &self.sha
    }
}

/// Declares a module's script static from the `.lua` file of the same name.
macro_rules! lua_script {
    ($name:literal) => {
        pub static SCRIPT: std::sync::LazyLock<$crate::scripts::LuaScript> =
            std::sync::LazyLock::new(|| {
                $crate::scripts::LuaScript::new($name, include_str!(concat!($name, ".lua")))
            });
    };
}
pub(crate) use lua_script;

/// One call of a script: its KEYS and ARGV as the script's header documents them, and how its
/// reply reads.
pub trait Call {
    type Reply;

    fn script(&self) -> &'static LuaScript;

    /// Whether the call may write: a reply lost then leaves the outcome unknown. Most scripts
    /// do; the read-only ones say otherwise.
    fn writes(&self) -> bool {
        true
    }

    /// The call's KEYS, named in style `k` (the connection's). Seat ids arrive as text (from SQLite, from Redis, or typed) and each lock
    /// key is built from the seat id it parses as: an invalid one refuses the call.
    fn keys(&self, k: Keys) -> Result<Vec<String>, Error>;

    fn args(&self) -> Vec<String>;

    /// Reads the script's reply to this call.
    fn parse(&self, reply: Value) -> Result<Self::Reply, Error>;

    /// The showtime whose other key style this script refuses (`other_style` in `common.lua`):
    /// the scripts that take or keep a hold, and the lock read that confirm, release and extend
    /// decide on. `None` for the others.
    fn fenced(&self) -> Option<ShowtimeId> {
        None
    }
}

/// Runs one call: one round trip (two after a `SCRIPT FLUSH`, see [`Redis::eval`]).
///
/// A fenced call ([`Call::fenced`]) refuses a showtime that has keys of the other key style
/// (exit 3, "run keys migrate"). On a standalone Redis the other style's held-seats index goes
/// last in `KEYS` and the script checks it, atomically with everything it does. On a Cluster
/// that key sits in another slot, so it is read first, in its own round trip: a guard, not a
/// fence (a key of the other style written between the two goes unseen; boxoffice itself never
/// writes that style on a Cluster, and the database's fence still refuses every double sale).
pub fn run<C: Call>(redis: &mut Redis, call: &C) -> Result<C::Reply, Error> {
    let mut keys = call.keys(redis.keys())?;
    let args = call.args();
    if let Some(st) = call.fenced() {
        let style = redis.keys().style();
        let other = Keys::new(style.other()).reserved_seats(st);
        if redis.is_cluster() {
            let found: bool = redis.query(redis::cmd("EXISTS").arg(&other))?;
            if found {
                return Err(mixed(style, st, &other));
            }
        } else {
            keys.push(other.clone());
        }
        let reply: Value = redis.eval(call.script(), &keys, &args, call.writes())?;
        if is_mixed(&reply) {
            return Err(mixed(style, st, &other));
        }
        return call.parse(reply);
    }
    let reply: Value = redis.eval(call.script(), &keys, &args, call.writes())?;
    call.parse(reply)
}

/// Whether a fenced script answered `{'mixed', now_ms}`.
fn is_mixed(reply: &Value) -> bool {
    matches!(reply, Value::Array(items)
        if items.len() == 2
            && matches!(&items[0], Value::BulkString(b) if b == b"mixed")
            && matches!(items[1], Value::Int(_)))
}

/// The refusal of a showtime with keys of the other key style (exit 3): nothing was changed.
pub(crate) fn mixed(style: crate::keys::KeyStyle, showtime: ShowtimeId, found: &str) -> Error {
    Error::conflict(format!(
        "showtime {showtime} has keys of the {} key style ({found}) while this command uses the          {} style: nothing was changed. Run `boxoffice keys migrate --to {}` to move them (or          set key_style to the style they use)",
        style.other().name(),
        style.name(),
        style.name()
    ))
}

/// The refusal of a reply that is not what `script` returns.
pub(crate) fn unexpected(script: &str) -> Error {
    Error::Internal(anyhow::anyhow!("{script} script: unexpected reply"))
}

/// Reads a reply item by item, refusing anything out of shape as [`unexpected`].
pub(crate) struct Reader {
    script: &'static str,
    items: std::vec::IntoIter<Value>,
}

impl Reader {
    /// A reply that must be an array (a Lua table).
    pub(crate) fn new(script: &'static str, reply: Value) -> Result<Self, Error> {
        match reply {
            Value::Array(items) => Ok(Reader {
                script,
                items: items.into_iter(),
            }),
            _ => Err(unexpected(script)),
        }
    }

    pub(crate) fn bad(&self) -> Error {
        unexpected(self.script)
    }

    fn next(&mut self) -> Result<Value, Error> {
        self.items.next().ok_or_else(|| unexpected(self.script))
    }

    /// An integer (a Lua number).
    pub(crate) fn int(&mut self) -> Result<i64, Error> {
        match self.next()? {
            Value::Int(n) => Ok(n),
            _ => Err(self.bad()),
        }
    }

    /// A string's bytes (a Lua string may hold any bytes: a lock's value is whatever was
    /// written).
    pub(crate) fn bytes(&mut self) -> Result<Vec<u8>, Error> {
        match self.next()? {
            Value::BulkString(b) => Ok(b),
            _ => Err(self.bad()),
        }
    }

    /// A string that must be UTF-8 (a tag, a seat id the caller sent).
    pub(crate) fn text(&mut self) -> Result<String, Error> {
        String::from_utf8(self.bytes()?).map_err(|_| self.bad())
    }

    /// Whether every item has been read.
    pub(crate) fn is_empty(&self) -> bool {
        self.items.len() == 0
    }

    /// The end of the reply: nothing may follow.
    pub(crate) fn end(&self) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.bad())
        }
    }

    /// The rest of the reply as `(seat, holder)` pairs, the holder's bytes made text by
    /// `holder`.
    pub(crate) fn pairs(
        &mut self,
        holder: impl Fn(Vec<u8>) -> String,
    ) -> Result<Vec<(String, String)>, Error> {
        let mut out = Vec::with_capacity(self.items.len() / 2);
        while !self.is_empty() {
            let seat = self.text()?;
            out.push((seat, holder(self.bytes()?)));
        }
        Ok(out)
    }

    /// The rest of the reply as strings.
    pub(crate) fn texts(&mut self) -> Result<Vec<String>, Error> {
        let mut out = Vec::with_capacity(self.items.len());
        while !self.is_empty() {
            out.push(self.text()?);
        }
        Ok(out)
    }
}

/// A holder's bytes as text, invalid UTF-8 replaced (a lock that is not UTF-8 is still
/// someone's lock, never "unlocked").
pub(crate) fn lossy(b: Vec<u8>) -> String {
    String::from_utf8(b).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A holder's bytes as text, `""` when they are not UTF-8: `reserve` and `extend` report such a
/// lock as they report a key that is not a string.
pub(crate) fn utf8_or_empty(b: Vec<u8>) -> String {
    String::from_utf8(b).unwrap_or_default()
}

/// A reply that is one integer (a script returning a count or a flag).
pub(crate) fn int_reply(script: &'static str, reply: Value) -> Result<i64, Error> {
    match reply {
        Value::Int(n) => Ok(n),
        _ => Err(unexpected(script)),
    }
}

/// The three keys a script that writes one user's hold names first: the showtime's
/// `reserved_seats_`, the user's `seat_reservation_` and the showtime's `available_seats_`.
pub(crate) fn hold_keys(k: Keys, showtime: ShowtimeId, user: &UserId) -> [String; 3] {
    [
        k.reserved_seats(showtime),
        k.seat_reservation(showtime, user),
        k.available_seats(showtime),
    ]
}

/// A script's KEYS: the showtime's keys it names first (`head`), then one lock per seat of each
/// list in turn. Every key name comes from [`Keys`]; a seat that is not a seat id is refused
/// before anything is sent.
pub(crate) fn keys_and_locks<const N: usize>(
    k: Keys,
    showtime: ShowtimeId,
    head: [String; N],
    seat_lists: &[&[String]],
) -> Result<Vec<String>, Error> {
    let n: usize = seat_lists.iter().map(|l| l.len()).sum();
    let mut into = Vec::with_capacity(N + n);
    into.extend(head);
    for s in seat_lists.iter().flat_map(|l| l.iter()) {
        into.push(k.seat_lock(showtime, &s.parse::<SeatId>()?));
    }
    Ok(into)
}

#[cfg(test)]
pub(crate) mod test_util {
    use redis::Value;

    pub fn int(n: i64) -> Value {
        Value::Int(n)
    }

    pub fn s(t: &str) -> Value {
        Value::BulkString(t.as_bytes().to_vec())
    }

    pub fn bytes(b: &[u8]) -> Value {
        Value::BulkString(b.to_vec())
    }

    pub fn arr(items: Vec<Value>) -> Value {
        Value::Array(items)
    }

    /// Whether `e` is the refusal of an unexpected reply of `script`.
    pub fn refused<T>(r: Result<T, crate::error::Error>, script: &str) -> bool {
        matches!(r, Err(crate::error::Error::Internal(e))
            if e.to_string() == format!("{script} script: unexpected reply"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_lua_is_prepended_and_no_ttl_is_hard_coded() {
        for s in [
            &*extend::SCRIPT,
            &*finish::SCRIPT,
            &*locks::SCRIPT,
            &*reindex::SCRIPT,
            &*reservation::SCRIPT,
            &*reserve::SCRIPT,
            &*restore::SCRIPT,
            &*unlock::SCRIPT,
        ] {
            assert!(
                s.body().starts_with(include_str!("common.lua")),
                "{}",
                s.name()
            );
            assert_eq!(s.sha(), redis::Script::new(s.body()).get_hash());
            for ttl in ["3600000", "600000"] {
                assert!(!s.body().contains(ttl), "{} hard-codes {ttl}", s.name());
            }
        }
    }

    #[test]
    fn holders_become_text_two_ways() {
        assert_eq!(lossy(b"\xff5".to_vec()), "\u{fffd}5");
        assert_eq!(utf8_or_empty(b"\xff5".to_vec()), "");
        assert_eq!(utf8_or_empty(b"7".to_vec()), "7");
    }
}
