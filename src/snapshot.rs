//! One showtime's state as Redis and SQLite each see it, read without changing anything, and
//! the comparison of the two: the seat map and the anomalies that `inspect` shows and `sweep`
//! repairs.
//!
//! Redis is read in a handful of round trips whatever the showtime's size: one SCAN pass for
//! the showtime's lock and reservation keys (never KEYS, which blocks the server), then one
//! pipeline with MGET and PTTL for all of them, and a second small pipeline only when a key
//! turns out not to be a string. The two reads are not one atomic snapshot, so a hold taken in
//! between can show as a passing anomaly; running inspect again tells a glitch from a fault.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use redis::Value as RValue;
use serde::Serialize;

use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::keys;
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
        let found = scan(redis, &keys::showtime_scan_pattern(showtime))?;
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

        let reserved_key = keys::reserved_seats(showtime);
        let available_key = keys::available_seats(showtime);
        let mut all: Vec<&str> = vec![&reserved_key, &available_key];
        all.extend(res_keys.iter().map(|(_, k)| k.as_str()));
        all.extend(lock_keys.iter().map(|(_, k)| k.as_str()));

        let mut pipe = redis::pipe();
        pipe.cmd("TIME").cmd("MGET").arg(&all);
        for k in &all {
            pipe.cmd("PTTL").arg(*k);
        }
        let reply: Vec<RValue> = redis.query_pipe(&pipe)?;
        let mut it = reply.into_iter();
        let (secs, micros): (i64, i64) = it
            .next()
            .and_then(|v| redis::from_redis_value(v).ok())
            .ok_or_else(|| Error::Internal(anyhow::anyhow!("TIME: unexpected reply")))?;
        let now_ms = secs * 1000 + micros / 1000;
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
        let state = |i: usize| -> KeyState {
            let value = match (&values[i], types.get(&i)) {
                (Some(v), _) => KeyValue::Str(v.clone()),
                (None, Some(t)) if t != "none" => KeyValue::WrongType(t.clone()),
                _ => KeyValue::Missing,
            };
            KeyState {
                key: all[i].to_string(),
                ttl_ms: (ttls[i] >= 0).then_some(ttls[i]),
                value,
            }
        };
        let reserved_index = state(0);
        let available_index = state(1);
        let mut reservations = BTreeMap::new();
        for (n, (user, _)) in res_keys.iter().enumerate() {
            let s = state(2 + n);
            if s.exists() {
                reservations.insert(user.clone(), s);
            }
        }
        let mut locks = BTreeMap::new();
        for (n, (seat, _)) in lock_keys.iter().enumerate() {
            let s = state(2 + res_keys.len() + n);
            if s.exists() {
                locks.insert(seat.clone(), s);
            }
        }
        Ok(RedisView {
            now_ms,
            locks,
            reservations,
            reserved_index,
            available_index,
        })
    }
}

/// Lock and reservation keys found by SCAN, by showtime: (seat, key) and (user, key) pairs.
pub type FoundKeys = BTreeMap<ShowtimeId, (Vec<(String, String)>, Vec<(String, String)>)>;

/// Scans for lock and reservation keys matching `pattern` (`seat_*` for every showtime) and
/// groups them by showtime. Keys that are not exactly of the scheme are ignored.
pub fn scan(redis: &mut Redis, pattern: &str) -> Result<FoundKeys, Error> {
    let mut found: FoundKeys = BTreeMap::new();
    let mut cursor: u64 = 0;
    loop {
        let (next, batch): (u64, Vec<Vec<u8>>) = redis.query(
            redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(pattern)
                .arg("COUNT")
                .arg(1000),
        )?;
        // A name that is not UTF-8 is no key of the scheme.
        for k in batch.into_iter().filter_map(|k| String::from_utf8(k).ok()) {
            if let Some((st, seat)) = keys::parse_seat_lock(&k) {
                found.entry(st).or_default().0.push((seat.to_string(), k));
            } else if let Some((st, user)) = keys::parse_seat_reservation(&k) {
                found.entry(st).or_default().1.push((user.to_string(), k));
            }
        }
        cursor = next;
        if cursor == 0 {
            break;
        }
    }
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
}

impl DbView {
    pub fn read(db: &Db, showtime: ShowtimeId) -> Result<DbView, Error> {
        crate::catalog::check_seats(db, showtime, &[])?;
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
        Ok(DbView { layout, claims })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeatState {
    Free,
    Held,
    Sold,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeatView {
    pub seat: String,
    pub state: SeatState,
    pub user: Option<String>,
    pub ttl_ms: Option<i64>,
    pub booking_id: Option<i64>,
}

/// What is wrong, as `inspect` names it; the snake_case string is part of the `--json` output
/// and of the text table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    OrphanLock,
    LostHold,
    StalePending,
    NoTtl,
    StaleIndex,
    SoldButLocked,
    ReservationMismatch,
    BadValue,
}

impl AnomalyKind {
    pub const ALL: [AnomalyKind; 8] = [
        AnomalyKind::OrphanLock,
        AnomalyKind::LostHold,
        AnomalyKind::StalePending,
        AnomalyKind::NoTtl,
        AnomalyKind::StaleIndex,
        AnomalyKind::SoldButLocked,
        AnomalyKind::ReservationMismatch,
        AnomalyKind::BadValue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnomalyKind::OrphanLock => "orphan_lock",
            AnomalyKind::LostHold => "lost_hold",
            AnomalyKind::StalePending => "stale_pending",
            AnomalyKind::NoTtl => "no_ttl",
            AnomalyKind::StaleIndex => "stale_index",
            AnomalyKind::SoldButLocked => "sold_but_locked",
            AnomalyKind::ReservationMismatch => "reservation_mismatch",
            AnomalyKind::BadValue => "bad_value",
        }
    }
}

impl std::fmt::Display for AnomalyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Anomaly {
    pub kind: AnomalyKind,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// What to do about it.
    pub fix: String,
}

impl Anomaly {
    fn new(kind: AnomalyKind, detail: String, fix: impl Into<String>) -> Self {
        Anomaly {
            kind,
            detail,
            seat: None,
            key: None,
            booking_id: None,
            user: None,
            fix: fix.into(),
        }
    }
    fn seat(mut self, s: &str) -> Self {
        self.seat = Some(s.to_string());
        self
    }
    fn key(mut self, k: &str) -> Self {
        self.key = Some(k.to_string());
        self
    }
    fn booking(mut self, b: i64) -> Self {
        self.booking_id = Some(b);
        self
    }
    fn user(mut self, u: &str) -> Self {
        self.user = Some(u.to_string());
        self
    }
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    pub free: usize,
    pub held: usize,
    pub sold: usize,
}

pub struct Report {
    pub now_ms: i64,
    pub seats: Vec<SeatView>,
    pub counts: Counts,
    pub anomalies: Vec<Anomaly>,
}

/// The value formats live with the key scheme; re-exported for the callers that read them here.
pub use crate::keys::{parse_reservation, parse_seat_array};

/// Compares the two views: the seat map and every anomaly, with what to do about each.
pub fn analyze(showtime: ShowtimeId, db: &DbView, r: &RedisView) -> Report {
    let now = r.now_ms;
    let st = showtime;
    let in_layout: HashSet<&str> = db.layout.iter().map(String::as_str).collect();
    let mut anomalies = Vec::new();

    // Valid string locks by seat -> holder.
    // Valid string locks: a map for lookups, and the same pairs in key order for output.
    let mut holders: HashMap<&str, &str> = HashMap::new();
    let mut holder_list: Vec<(&str, &str)> = Vec::new();
    for (seat, k) in &r.locks {
        if k.no_ttl() {
            // A live hold's own lock gets its expiry back from an extension by its holder (a
            // forced release would end the customer's hold); a lock on a sold seat goes with
            // the sweep (a sale is never released); anything else is removed.
            let claim = db.claims.get(seat);
            let fix = match (claim, k.as_str()) {
                (Some(c), _) if c.status == Status::Confirmed => {
                    "boxoffice sweep (removes the lock of a sold seat)".to_string()
                }
                (Some(c), Some(h)) if c.user == h && c.expires_at_ms > now => format!(
                    "boxoffice ttl --showtime {st} --user {h} --extend 1s (puts the expiry back on the hold's keys, a second later)"
                ),
                _ => release_fix(st, seat, &k.key),
            };
            anomalies.push(
                Anomaly::new(
                    AnomalyKind::NoTtl,
                    format!(
                        "{} has no expiry: seat {seat} is stuck until someone deletes it",
                        k.key
                    ),
                    fix,
                )
                .seat(seat)
                .key(&k.key),
            );
        }
        match &k.value {
            KeyValue::Str(v) if UserId::is_valid(v) => {
                holders.insert(seat.as_str(), v.as_str());
                holder_list.push((seat.as_str(), v.as_str()));
            }
            KeyValue::Str(v) => anomalies.push(
                Anomaly::new(
                    AnomalyKind::BadValue,
                    format!(
                        "{} holds {}, which is not a user id",
                        k.key,
                        crate::ids::shown(v)
                    ),
                    release_fix(st, seat, &k.key),
                )
                .seat(seat)
                .key(&k.key),
            ),
            KeyValue::WrongType(t) => anomalies.push(
                Anomaly::new(
                    AnomalyKind::BadValue,
                    format!("{} is a {t}, not a string", k.key),
                    release_fix(st, seat, &k.key),
                )
                .seat(seat)
                .key(&k.key),
            ),
            KeyValue::Missing => {}
        }
    }

    // Locks against SQLite's claims.
    for &(seat, holder) in &holder_list {
        let key = keys::seat_lock_str(st, seat);
        let ttl = r.locks[seat].ttl_ms;
        match db.claims.get(seat) {
            Some(c) if c.status == Status::Confirmed => anomalies.push(
                Anomaly::new(
                    AnomalyKind::SoldButLocked,
                    format!(
                        "seat {seat} is sold (booking {}) but still locked by user {holder}",
                        c.booking_id
                    ),
                    format!(
                        "harmless: it expires in {}; `boxoffice sweep` removes it",
                        ttl.map_or("never".into(), crate::text::human_duration)
                    ),
                )
                .seat(seat)
                .key(&key)
                .booking(c.booking_id)
                .user(holder),
            ),
            Some(c) if c.status == Status::Pending && c.user == holder => {}
            other => {
                let why = if !in_layout.contains(seat) {
                    format!("seat {seat} is not in the layout of showtime {st}")
                } else if let Some(c) = other {
                    format!(
                        "booking {} of user {} claims it in the database",
                        c.booking_id, c.user
                    )
                } else {
                    "no booking behind it".to_string()
                };
                // Releasing the seat by force also ends the hold of a booking that claims it.
                let also = match other {
                    Some(c) => format!(" (also releases booking {})", c.booking_id),
                    None => String::new(),
                };
                // A live hold that claims the seat wins it back: the sweep restores its lock
                // over this one, and the customer keeps their booking.
                let live_claim =
                    other.filter(|c| c.status == Status::Pending && c.expires_at_ms > now);
                let fix = match (live_claim, ttl) {
                    (Some(c), _) => format!(
                        "boxoffice sweep (gives the seat back to booking {}, whose hold it is)",
                        c.booking_id
                    ),
                    (None, Some(ms)) if other.is_none() && seat.parse::<SeatId>().is_ok() => {
                        format!(
                            "expires on its own in {}; or {}",
                            crate::text::human_duration(ms),
                            release_fix(st, seat, &key)
                        )
                    }
                    _ => format!("{}{also}", release_fix(st, seat, &key)),
                };
                let mut a = Anomaly::new(
                    AnomalyKind::OrphanLock,
                    format!("seat {seat} is locked by user {holder}, but {why}"),
                    fix,
                )
                .seat(seat)
                .key(&key)
                .user(holder);
                if let Some(c) = other {
                    a = a.booking(c.booking_id);
                }
                anomalies.push(a);
            }
        }
    }

    // PENDING bookings against the locks.
    let mut pending: BTreeMap<i64, (&DbClaim, Vec<&str>, Vec<&str>)> = BTreeMap::new();
    for (seat, c) in &db.claims {
        if c.status != Status::Pending {
            continue;
        }
        let e = pending
            .entry(c.booking_id)
            .or_insert((c, Vec::new(), Vec::new()));
        e.1.push(seat);
        if holders.get(seat.as_str()) != Some(&c.user.as_str()) {
            e.2.push(seat);
        }
    }
    for (id, (c, _all, missing)) in &mut pending {
        missing.sort_by_key(|s| seat_order(s));
        if c.expires_at_ms <= now {
            anomalies.push(
                Anomaly::new(
                    AnomalyKind::StalePending,
                    format!(
                        "booking {id} of user {} ran out {} ago and is still PENDING",
                        c.user,
                        crate::text::human_duration(now - c.expires_at_ms)
                    ),
                    "boxoffice sweep (is cron running it?)",
                )
                .booking(*id)
                .user(&c.user),
            );
        } else if !missing.is_empty() {
            anomalies.push(
                Anomaly::new(
                    AnomalyKind::LostHold,
                    format!(
                        "booking {id} of user {} is held for {} more, but Redis has no lock for {}",
                        c.user,
                        crate::text::human_duration(c.expires_at_ms - now),
                        missing.join(", ")
                    ),
                    "boxoffice sweep (restores the locks)",
                )
                .booking(*id)
                .user(&c.user),
            );
        }
    }

    // The held-seats index against the locks.
    let held_index: BTreeSet<String> = holder_list
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| {
            in_layout.contains(*s)
                && db
                    .claims
                    .get(*s)
                    .is_none_or(|c| c.status != Status::Confirmed)
        })
        .map(|s| s.to_string())
        .collect();
    index_anomalies(&r.reserved_index, &held_index, "held seats", &mut anomalies);
    // The free-seats cache against layout minus sold minus held.
    let free: BTreeSet<String> = db
        .layout
        .iter()
        .filter(|s| !holders.contains_key(s.as_str()) && !db.claims.contains_key(*s))
        .cloned()
        .collect();
    if r.available_index.exists() {
        index_anomalies(&r.available_index, &free, "free seats", &mut anomalies);
    }

    // Each user's reservation key against that user's locks.
    let mut by_user: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for &(seat, holder) in &holder_list {
        // A lock on a sold seat is reported as sold_but_locked, not as part of a hold.
        if db
            .claims
            .get(seat)
            .is_some_and(|c| c.status == Status::Confirmed)
        {
            continue;
        }
        by_user.entry(holder).or_default().insert(seat.to_string());
    }
    for (user, k) in &r.reservations {
        if k.no_ttl() {
            anomalies.push(
                Anomaly::new(
                    AnomalyKind::NoTtl,
                    format!("{} has no expiry", k.key),
                    "boxoffice sweep",
                )
                .key(&k.key)
                .user(user),
            );
        }
        let seats = match &k.value {
            KeyValue::Str(v) => parse_reservation(v),
            _ => None,
        };
        let Some(seats) = seats else {
            by_user.remove(user.as_str());
            anomalies.push(
                Anomaly::new(
                    AnomalyKind::BadValue,
                    format!(
                        "{} is not a {{\"seat_ids\":[…],\"reserved_at\":…}} object",
                        k.key
                    ),
                    "boxoffice sweep (rewrites it from the locks)",
                )
                .key(&k.key)
                .user(user),
            );
            continue;
        };
        let have: BTreeSet<String> = seats.into_iter().collect();
        let locked = by_user.remove(user.as_str()).unwrap_or_default();
        if have != locked {
            anomalies.push(
                Anomaly::new(
                    AnomalyKind::ReservationMismatch,
                    format!(
                        "{} lists [{}] but user {user} locks [{}]",
                        k.key,
                        join_sorted(&have),
                        join_sorted(&locked)
                    ),
                    "boxoffice sweep (rewrites it from the locks)",
                )
                .key(&k.key)
                .user(user),
            );
        }
    }
    for (user, locked) in by_user {
        let key = keys::seat_reservation_str(st, user);
        anomalies.push(
            Anomaly::new(
                AnomalyKind::ReservationMismatch,
                format!(
                    "user {user} locks [{}] but {key} is missing",
                    join_sorted(&locked)
                ),
                "boxoffice sweep (rewrites it from the locks)",
            )
            .key(&key)
            .user(user),
        );
    }

    // The seat map: sold beats held beats free; a lost hold still counts as held.
    let mut seats = Vec::with_capacity(db.layout.len());
    let mut counts = Counts::default();
    for seat in &db.layout {
        let claim = db.claims.get(seat);
        let lock = holders.get(seat.as_str());
        let (state, user, booking_id) = match (claim, lock) {
            (Some(c), _) if c.status == Status::Confirmed => {
                (SeatState::Sold, Some(c.user.clone()), Some(c.booking_id))
            }
            (c, Some(h)) => (
                SeatState::Held,
                Some(h.to_string()),
                c.filter(|c| c.user == *h).map(|c| c.booking_id),
            ),
            (Some(c), None) if c.expires_at_ms > now => {
                (SeatState::Held, Some(c.user.clone()), Some(c.booking_id))
            }
            _ => (SeatState::Free, None, None),
        };
        match state {
            SeatState::Free => counts.free += 1,
            SeatState::Held => counts.held += 1,
            SeatState::Sold => counts.sold += 1,
        }
        seats.push(SeatView {
            seat: seat.clone(),
            state,
            user,
            ttl_ms: r.locks.get(seat).and_then(|k| k.ttl_ms),
            booking_id,
        });
    }

    Report {
        now_ms: now,
        seats,
        counts,
        anomalies,
    }
}

/// How to remove one lock key, whatever it holds: a forced release of its seat, or, for a key
/// whose seat part is no seat id at all, deleting it by hand.
fn release_fix(st: ShowtimeId, seat: &str, key: &str) -> String {
    if seat.parse::<SeatId>().is_ok_and(|s| s.as_str() == seat) {
        format!("boxoffice release --showtime {st} --seat {seat} --force")
    } else {
        format!(
            "redis-cli DEL {} (not a seat id; after checking who wrote it)",
            crate::ids::shown(key)
        )
    }
}

fn seat_order(s: &str) -> (usize, String, u32) {
    let row: String = s.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let n = s[row.len()..].parse().unwrap_or(0);
    (row.len(), row, n)
}

fn join_sorted(set: &BTreeSet<String>) -> String {
    let mut v: Vec<&String> = set.iter().collect();
    v.sort_by_key(|s| seat_order(s));
    v.into_iter().cloned().collect::<Vec<_>>().join(", ")
}

fn index_anomalies(
    k: &KeyState,
    want: &BTreeSet<String>,
    what: &str,
    anomalies: &mut Vec<Anomaly>,
) {
    if k.no_ttl() {
        anomalies.push(
            Anomaly::new(
                AnomalyKind::NoTtl,
                format!("{} has no expiry", k.key),
                "boxoffice sweep",
            )
            .key(&k.key),
        );
    }
    let parsed = match &k.value {
        KeyValue::Missing => Some(Vec::new()),
        KeyValue::Str(v) => parse_seat_array(v),
        KeyValue::WrongType(_) => None,
    };
    let Some(have) = parsed else {
        let why = match &k.value {
            KeyValue::WrongType(t) => format!("is a {t}, not a string"),
            _ => "is not a JSON array of seat ids".to_string(),
        };
        anomalies.push(
            Anomaly::new(
                AnomalyKind::BadValue,
                format!("{} {why}", k.key),
                "boxoffice sweep (rebuilds it)",
            )
            .key(&k.key),
        );
        return;
    };
    let have: BTreeSet<String> = have.into_iter().collect();
    if &have != want {
        let extra: BTreeSet<String> = have.difference(want).cloned().collect();
        let missing: BTreeSet<String> = want.difference(&have).cloned().collect();
        let mut parts = Vec::new();
        if !extra.is_empty() {
            parts.push(format!("lists {} that it should not", join_sorted(&extra)));
        }
        if !missing.is_empty() {
            parts.push(format!("lacks {}", join_sorted(&missing)));
        }
        anomalies.push(
            Anomaly::new(
                AnomalyKind::StaleIndex,
                format!("{} (the {what}) {}", k.key, parts.join(" and ")),
                "boxoffice sweep (rebuilds it)",
            )
            .key(&k.key),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::AnomalyKind;

    #[test]
    fn every_anomaly_kind_keeps_its_snake_case_string_in_text_and_json() {
        let want = [
            (AnomalyKind::OrphanLock, "orphan_lock"),
            (AnomalyKind::LostHold, "lost_hold"),
            (AnomalyKind::StalePending, "stale_pending"),
            (AnomalyKind::NoTtl, "no_ttl"),
            (AnomalyKind::StaleIndex, "stale_index"),
            (AnomalyKind::SoldButLocked, "sold_but_locked"),
            (AnomalyKind::ReservationMismatch, "reservation_mismatch"),
            (AnomalyKind::BadValue, "bad_value"),
        ];
        assert_eq!(want.map(|(k, _)| k), AnomalyKind::ALL);
        for (k, s) in want {
            assert_eq!(k.as_str(), s);
            assert_eq!(k.to_string(), s);
            assert_eq!(serde_json::to_value(k).unwrap(), s);
        }
    }
}
