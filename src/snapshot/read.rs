//! Reading one showtime's state, without changing anything: Redis's keys (one SCAN pass, then
//! one pipeline of MGET and PTTL, and TYPE only for keys that are not strings) and SQLite's
//! layout and live claims. What the two say is compared elsewhere ([`super::analyze()`]), so
//! that comparison needs neither server.

use std::collections::{BTreeMap, HashMap};

use redis::Value as RValue;

use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::keys::Keys;
use crate::redis_client::Redis;
use crate::store::{Db, Status};

/// What one key of the scheme holds.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyValue {
    Missing,
    Str(String),
    /// Exists but is not a string: holds the Redis type name.
    WrongType(String),
}

#[derive(Debug, Clone)]
pub struct KeyState {
    pub key: String,
    pub value: KeyValue,
    /// Milliseconds left; None when the key has no expiry (or is missing).
    pub ttl_ms: Option<i64>,
}

impl KeyState {
    pub fn exists(&self) -> bool {
        self.value != KeyValue::Missing
    }

    pub fn no_ttl(&self) -> bool {
        self.exists() && self.ttl_ms.is_none()
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            KeyValue::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Redis's view of one showtime.
pub struct RedisView {
    /// The key style the keys were read in (for naming the keys it did not find).
    pub keys: Keys,
    pub now_ms: i64,
    /// Every `seat_lock:{st}:*` key, by seat id (which may not be in the layout).
    pub locks: BTreeMap<String, KeyState>,
    /// Every `seat_reservation_{st}_*` key, by user id.
    pub reservations: BTreeMap<String, KeyState>,
    pub reserved_index: KeyState,
    pub available_index: KeyState,
}

impl RedisView {
    pub fn read(redis: &mut Redis, showtime: ShowtimeId) -> Result<RedisView, Error> {
        // One SCAN pass finds both kinds of per-seat and per-user keys.
        let pattern = redis.keys().showtime_scan_pattern(showtime);
        let found = scan(redis, &pattern)?;
        let (lock_keys, res_keys) = found.get(&showtime).cloned().unwrap_or_default();
        Self::load(redis, showtime, lock_keys, res_keys)
    }

    /// Reads the values and TTLs of keys already found by [`scan`].
    pub fn load(
        redis: &mut Redis,
        showtime: ShowtimeId,
        mut lock_keys: Vec<(String, String)>,
        mut res_keys: Vec<(String, String)>,
    ) -> Result<RedisView, Error> {
        lock_keys.sort();
        lock_keys.dedup();
        res_keys.sort();
        res_keys.dedup();

        let k = redis.keys();
        let reserved_key = k.reserved_seats(showtime);
        let available_key = k.available_seats(showtime);
        let mut all: Vec<&str> = vec![&reserved_key, &available_key];
        all.extend(res_keys.iter().map(|(_, k)| k.as_str()));
        all.extend(lock_keys.iter().map(|(_, k)| k.as_str()));

        let replies = Replies::fetch(redis, &all)?;
        Ok(RedisView {
            keys: k,
            now_ms: replies.now_ms,
            locks: replies.present(&lock_keys, 2 + res_keys.len()),
            reservations: replies.present(&res_keys, 2),
            reserved_index: replies.state(0),
            available_index: replies.state(1),
        })
    }
}

/// The server's answers for a list of keys, in the list's order.
struct Replies<'a> {
    all: &'a [&'a str],
    now_ms: i64,
    values: Vec<Option<String>>,
    ttls: Vec<i64>,
    /// Type names of the keys that exist but are not strings, by position.
    types: HashMap<usize, String>,
}

impl<'a> Replies<'a> {
    fn fetch(redis: &mut Redis, all: &'a [&'a str]) -> Result<Replies<'a>, Error> {
        let mut pipe = redis::pipe();
        // MGET first: on Redis Cluster a pipeline goes to the node of its first command's keys
        // (one showtime's keys share a slot there), and TIME is then that node's clock.
        pipe.cmd("MGET").arg(all).cmd("TIME");
        for k in all {
            pipe.cmd("PTTL").arg(*k);
        }
        let reply: Vec<RValue> = redis.query_pipe(&pipe)?;
        let mut it = reply.into_iter();
        // Values are bytes: one that is not UTF-8 is shown (and judged) with U+FFFD in it.
        let values: Vec<Option<String>> = it
            .next()
            .and_then(|v| redis::from_redis_value::<Vec<Option<Vec<u8>>>>(v).ok())
            .map(|vs| {
                vs.into_iter()
                    .map(|v| v.map(|b| String::from_utf8_lossy(&b).into_owned()))
                    .collect()
            })
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("MGET: unexpected reply")))?;
        let (secs, micros): (i64, i64) = it
            .next()
            .and_then(|v| redis::from_redis_value(v).ok())
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("TIME: unexpected reply")))?;
        let now_ms = secs * 1000 + micros / 1000;
        let ttls: Vec<i64> = it
            .map(|v| redis::from_redis_value(v).unwrap_or(-2))
            .collect();

        // MGET answers nil for a key that is not a string; PTTL tells whether it exists.
        let odd: Vec<usize> = (0..all.len())
            .filter(|&i| values[i].is_none() && ttls[i] != -2)
            .collect();
        let mut types: HashMap<usize, String> = HashMap::new();
        if !odd.is_empty() {
            let mut pipe = redis::pipe();
            for &i in &odd {
                pipe.cmd("TYPE").arg(all[i]);
            }
            let t: Vec<String> = redis.query_pipe(&pipe)?;
            types.extend(odd.iter().copied().zip(t));
        }
        Ok(Replies {
            all,
            now_ms,
            values,
            ttls,
            types,
        })
    }

    /// The state of the key at position `i` of the list.
    fn state(&self, i: usize) -> KeyState {
        let value = match (&self.values[i], self.types.get(&i)) {
            (Some(v), _) => KeyValue::Str(v.clone()),
            (None, Some(t)) if t != "none" => KeyValue::WrongType(t.clone()),
            _ => KeyValue::Missing,
        };
        KeyState {
            key: self.all[i].to_string(),
            ttl_ms: (self.ttls[i] >= 0).then_some(self.ttls[i]),
            value,
        }
    }

    /// The keys of `named` (name, key) that exist, by name; they sit in the list from `first`.
    fn present(&self, named: &[(String, String)], first: usize) -> BTreeMap<String, KeyState> {
        let mut out = BTreeMap::new();
        for (n, (name, _)) in named.iter().enumerate() {
            let s = self.state(first + n);
            if s.exists() {
                out.insert(name.clone(), s);
            }
        }
        out
    }
}

/// Lock and reservation keys found by SCAN, by showtime: (seat, key) and (user, key) pairs.
pub type FoundKeys = BTreeMap<ShowtimeId, (Vec<(String, String)>, Vec<(String, String)>)>;

/// Scans for lock and reservation keys matching `pattern` (`seat_*` for every showtime) and
/// groups them by showtime. Keys that are not exactly of the scheme, in the connection's key
/// style, are ignored.
pub fn scan(redis: &mut Redis, pattern: &str) -> Result<FoundKeys, Error> {
    let mut found: FoundKeys = BTreeMap::new();
    let style = redis.keys();
    redis.scan_each(pattern, |k| {
        if let Some((st, seat)) = style.parse_seat_lock(&k) {
            found.entry(st).or_default().0.push((seat.to_string(), k));
        } else if let Some((st, user)) = style.parse_seat_reservation(&k) {
            found.entry(st).or_default().1.push((user.to_string(), k));
        }
    })?;
    Ok(found)
}

/// A live claim on a seat as SQLite knows it.
#[derive(Debug, Clone)]
pub struct DbClaim {
    pub booking_id: i64,
    pub user: String,
    pub status: Status,
    pub expires_at_ms: i64,
}

/// SQLite's view of one showtime.
pub struct DbView {
    pub layout: Vec<String>,
    /// Live claims (PENDING or CONFIRMED bookings) by seat.
    pub claims: HashMap<String, DbClaim>,
    /// Standing blocks by seat: never free, whatever Redis lists (the schema keeps them apart
    /// from claims).
    pub blocks: HashMap<String, crate::store::Block>,
    /// The screening is cancelled: nothing of it belongs in Redis but an empty free-seat cache.
    pub cancelled: bool,
}

impl DbView {
    pub fn read(db: &Db, showtime: ShowtimeId) -> Result<DbView, Error> {
        let row = db
            .showtime(showtime)?
            .ok_or_else(|| Error::not_found(format!("showtime {showtime} does not exist")))?;
        let layout = crate::catalog::layout(db, showtime)?;
        let mut claims = HashMap::new();
        for c in db.showtime_claims(showtime)? {
            let claim = DbClaim {
                booking_id: c.booking_id,
                user: c.user,
                status: c.status,
                expires_at_ms: c.expires_at_ms,
            };
            claims.insert(c.seat, claim);
        }
        let blocks = (db.showtime_blocks(showtime)?.into_iter())
            .map(|b| (b.seat.clone(), b))
            .collect();
        Ok(DbView {
            layout,
            claims,
            blocks,
            cancelled: row.cancelled.is_some(),
        })
    }
}
