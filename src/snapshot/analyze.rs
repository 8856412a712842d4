//! The comparison of the two views, with no I/O: the seat map and every anomaly. `analyze`
//! runs small checks in a fixed order (locks, locks against bookings, PENDING bookings, the
//! two indexes, reservation keys), and that order is the order `inspect` prints and the
//! README shows, so a new check goes where its anomalies should appear.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;

use crate::ids::{ShowtimeId, UserId};
use crate::keys::{parse_reservation, parse_seat_array};
use crate::store::Status;

use super::anomaly::{self, Anomaly, AnomalyKind};
use super::{DbClaim, DbView, KeyState, KeyValue, RedisView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SeatState {
    Free,
    Held,
    Sold,
    /// Off sale (`block`), with its reason in [`SeatView::reason`].
    Blocked,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeatView {
    pub seat: String,
    pub state: SeatState,
    pub user: Option<String>,
    pub ttl_ms: Option<i64>,
    pub booking_id: Option<i64>,
    /// Why a blocked seat is blocked (as typed: escape it before printing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Default, Clone, Serialize)]
pub struct Counts {
    pub free: usize,
    pub held: usize,
    pub sold: usize,
    /// Shown only when some seat is blocked, so a showtime without blocks reads as before.
    #[serde(skip_serializing_if = "is_zero")]
    pub blocked: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub struct Report {
    pub now_ms: i64,
    pub seats: Vec<SeatView>,
    pub counts: Counts,
    pub anomalies: Vec<Anomaly>,
}

/// Compares the two views: the seat map and every anomaly, with what to do about each.
pub fn analyze(showtime: ShowtimeId, db: &DbView, r: &RedisView) -> Report {
    let v = Views {
        st: showtime,
        now: r.now_ms,
        db,
        r,
        in_layout: db.layout.iter().map(String::as_str).collect(),
    };
    if db.cancelled {
        let holders = Holders {
            by_seat: HashMap::new(),
            list: Vec::new(),
        };
        let (seats, counts) = seat_map(&v, &holders);
        return Report {
            now_ms: v.now,
            seats,
            counts,
            anomalies: super::cancelled::check(showtime, r),
        };
    }
    let mut anomalies = Vec::new();
    let holders = check_locks(&v, &mut anomalies);
    for &(seat, holder) in &holders.list {
        anomalies.extend(check_held_lock(&v, seat, holder));
    }
    check_pending(&v, &holders, &mut anomalies);
    check_indexes(&v, &holders, &mut anomalies);
    check_reservations(&v, &holders, &mut anomalies);
    let (seats, counts) = seat_map(&v, &holders);
    Report {
        now_ms: v.now,
        seats,
        counts,
        anomalies,
    }
}

/// Both views and what every check needs from them.
struct Views<'a> {
    st: ShowtimeId,
    now: i64,
    db: &'a DbView,
    r: &'a RedisView,
    in_layout: HashSet<&'a str>,
}

impl Views<'_> {
    fn is_sold(&self, seat: &str) -> bool {
        self.db
            .claims
            .get(seat)
            .is_some_and(|c| c.status == Status::Confirmed)
    }
}

/// Valid string locks: a map for lookups, and the same (seat, holder) pairs in key order for
/// output.
struct Holders<'a> {
    by_seat: HashMap<&'a str, &'a str>,
    list: Vec<(&'a str, &'a str)>,
}

/// Each lock key on its own: an expiry, and a value that is a user id.
fn check_locks<'a>(v: &Views<'a>, anomalies: &mut Vec<Anomaly>) -> Holders<'a> {
    let mut holders = Holders {
        by_seat: HashMap::new(),
        list: Vec::new(),
    };
    for (seat, k) in &v.r.locks {
        if k.no_ttl() {
            let fix = anomaly::lock_no_ttl_fix(
                v.st,
                seat,
                &k.key,
                k.as_str(),
                v.db.claims.get(seat),
                v.now,
            );
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
        let bad = match &k.value {
            KeyValue::Str(v) if UserId::is_valid(v) => {
                holders.by_seat.insert(seat.as_str(), v.as_str());
                holders.list.push((seat.as_str(), v.as_str()));
                continue;
            }
            KeyValue::Str(v) => format!("holds {}, which is not a user id", crate::ids::shown(v)),
            KeyValue::WrongType(t) => format!("is a {t}, not a string"),
            KeyValue::Missing => continue,
        };
        anomalies.push(
            Anomaly::new(
                AnomalyKind::BadValue,
                format!("{} {bad}", k.key),
                anomaly::release_fix(v.st, seat, &k.key),
            )
            .seat(seat)
            .key(&k.key),
        );
    }
    holders
}

/// One valid lock against SQLite's claim on its seat: a sold seat's leftover lock, or a lock
/// no PENDING booking of its holder stands behind.
fn check_held_lock(v: &Views, seat: &str, holder: &str) -> Option<Anomaly> {
    let key = v.r.keys.seat_lock_str(v.st, seat);
    let ttl = v.r.locks[seat].ttl_ms;
    match v.db.claims.get(seat) {
        Some(c) if c.status == Status::Confirmed => Some(
            Anomaly::new(
                AnomalyKind::SoldButLocked,
                format!(
                    "seat {seat} is sold (booking {}) but still locked by user {holder}",
                    c.booking_id
                ),
                anomaly::sold_but_locked_fix(ttl),
            )
            .seat(seat)
            .key(&key)
            .booking(c.booking_id)
            .user(holder),
        ),
        Some(c) if c.status == Status::Pending && c.user == holder => None,
        other => {
            let why = if !v.in_layout.contains(seat) {
                format!("seat {seat} is not in the layout of showtime {}", v.st)
            } else if let Some(c) = other {
                format!(
                    "booking {} of user {} claims it in the database",
                    c.booking_id, c.user
                )
            } else {
                "no booking behind it".to_string()
            };
            let fix = anomaly::orphan_lock_fix(v.st, seat, &key, ttl, other, v.now);
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
            Some(a)
        }
    }
}

/// PENDING bookings against the locks, by booking id: one that ran out, or a live one with
/// seats Redis has no lock of its user on.
fn check_pending(v: &Views, holders: &Holders, anomalies: &mut Vec<Anomaly>) {
    let mut pending: BTreeMap<i64, (&DbClaim, Vec<&str>)> = BTreeMap::new();
    for (seat, c) in &v.db.claims {
        if c.status != Status::Pending {
            continue;
        }
        let e = pending.entry(c.booking_id).or_insert((c, Vec::new()));
        if holders.by_seat.get(seat.as_str()) != Some(&c.user.as_str()) {
            e.1.push(seat);
        }
    }
    let now = v.now;
    for (id, (c, missing)) in &mut pending {
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
                    anomaly::SWEEP_EXPIRES,
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
                    anomaly::SWEEP_RESTORES,
                )
                .booking(*id)
                .user(&c.user),
            );
        }
    }
}

/// The held-seats index against the locks, and the free-seats cache (when there is one)
/// against the layout minus sold minus held.
fn check_indexes(v: &Views, holders: &Holders, anomalies: &mut Vec<Anomaly>) {
    let held: BTreeSet<String> = holders
        .list
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| v.in_layout.contains(*s) && !v.is_sold(s))
        .map(|s| s.to_string())
        .collect();
    index_anomalies(&v.r.reserved_index, &held, "held seats", anomalies);
    let free: BTreeSet<String> =
        v.db.layout
            .iter()
            .filter(|s| {
                !holders.by_seat.contains_key(s.as_str())
                    && !v.db.claims.contains_key(*s)
                    && !v.db.blocks.contains_key(*s)
            })
            .cloned()
            .collect();
    if v.r.available_index.exists() {
        index_anomalies(&v.r.available_index, &free, "free seats", anomalies);
    }
}

/// Each user's reservation key against that user's locks, then the users who lock seats and
/// have no reservation key.
fn check_reservations(v: &Views, holders: &Holders, anomalies: &mut Vec<Anomaly>) {
    let mut by_user: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for &(seat, holder) in &holders.list {
        // A lock on a sold seat is reported as sold_but_locked, not as part of a hold.
        if !v.is_sold(seat) {
            by_user.entry(holder).or_default().insert(seat.to_string());
        }
    }
    for (user, k) in &v.r.reservations {
        let locked = by_user.remove(user.as_str()).unwrap_or_default();
        check_reservation(user, k, &locked, anomalies);
    }
    for (user, locked) in by_user {
        let key = v.r.keys.seat_reservation_str(v.st, user);
        anomalies.push(
            Anomaly::new(
                AnomalyKind::ReservationMismatch,
                format!(
                    "user {user} locks [{}] but {key} is missing",
                    join_sorted(&locked)
                ),
                anomaly::SWEEP_REWRITES,
            )
            .key(&key)
            .user(user),
        );
    }
}

/// One user's reservation key: an expiry, a value of the scheme, and the seats the user locks.
fn check_reservation(
    user: &str,
    k: &KeyState,
    locked: &BTreeSet<String>,
    anomalies: &mut Vec<Anomaly>,
) {
    if k.no_ttl() {
        anomalies.push(no_expiry(k).user(user));
    }
    let seats = match &k.value {
        KeyValue::Str(v) => parse_reservation(v),
        _ => None,
    };
    let Some(seats) = seats else {
        anomalies.push(
            Anomaly::new(
                AnomalyKind::BadValue,
                format!(
                    "{} is not a {{\"seat_ids\":[…],\"reserved_at\":…}} object",
                    k.key
                ),
                anomaly::SWEEP_REWRITES,
            )
            .key(&k.key)
            .user(user),
        );
        return;
    };
    let have: BTreeSet<String> = seats.into_iter().collect();
    if &have != locked {
        anomalies.push(
            Anomaly::new(
                AnomalyKind::ReservationMismatch,
                format!(
                    "{} lists [{}] but user {user} locks [{}]",
                    k.key,
                    join_sorted(&have),
                    join_sorted(locked)
                ),
                anomaly::SWEEP_REWRITES,
            )
            .key(&k.key)
            .user(user),
        );
    }
}

/// An index or reservation key with no expiry: the sweep puts one back.
fn no_expiry(k: &KeyState) -> Anomaly {
    Anomaly::new(
        AnomalyKind::NoTtl,
        format!("{} has no expiry", k.key),
        anomaly::SWEEP,
    )
    .key(&k.key)
}

/// One index key (a JSON array of seat ids) against the seats it should list.
fn index_anomalies(
    k: &KeyState,
    want: &BTreeSet<String>,
    what: &str,
    anomalies: &mut Vec<Anomaly>,
) {
    if k.no_ttl() {
        anomalies.push(no_expiry(k));
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
                anomaly::SWEEP_REBUILDS,
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
                anomaly::SWEEP_REBUILDS,
            )
            .key(&k.key),
        );
    }
}

/// The seat map: sold beats blocked beats held beats free; a lost hold still counts as held.
fn seat_map(v: &Views, holders: &Holders) -> (Vec<SeatView>, Counts) {
    let mut seats = Vec::with_capacity(v.db.layout.len());
    let mut counts = Counts::default();
    for seat in &v.db.layout {
        let claim = v.db.claims.get(seat);
        let lock = holders.by_seat.get(seat.as_str());
        let (state, user, booking_id) = match (claim, lock) {
            (Some(c), _) if c.status == Status::Confirmed => {
                (SeatState::Sold, Some(c.user.clone()), Some(c.booking_id))
            }
            _ if v.db.blocks.contains_key(seat) => (SeatState::Blocked, None, None),
            (c, Some(h)) => (
                SeatState::Held,
                Some(h.to_string()),
                c.filter(|c| c.user == *h).map(|c| c.booking_id),
            ),
            (Some(c), None) if c.expires_at_ms > v.now => {
                (SeatState::Held, Some(c.user.clone()), Some(c.booking_id))
            }
            _ => (SeatState::Free, None, None),
        };
        match state {
            SeatState::Free => counts.free += 1,
            SeatState::Held => counts.held += 1,
            SeatState::Sold => counts.sold += 1,
            SeatState::Blocked => counts.blocked += 1,
        }
        seats.push(SeatView {
            seat: seat.clone(),
            state,
            user,
            ttl_ms: v.r.locks.get(seat).and_then(|k| k.ttl_ms),
            booking_id,
            reason: (state == SeatState::Blocked)
                .then(|| v.db.blocks.get(seat).map(|b| b.reason.clone()))
                .flatten(),
        });
    }
    (seats, counts)
}

/// Seats in hall order: by row (shorter names first), then by number.
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

#[cfg(test)]
mod tests;
