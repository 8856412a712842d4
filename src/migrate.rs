//! `keys migrate`: moving the live holds of showtimes from one key style to the other (seed
//! `seat_lock:24:A1` ⇄ cluster `seat_lock:{24}:A1`), so that a cinema can switch styles without
//! dropping a hold.
//!
//! Why it is shaped this way:
//! - **One script per showtime** (`scripts/migrate.lua`), naming every key of the showtime in
//!   both styles, moves all of them or none, by `RENAME` (value and expiry to the millisecond).
//!   The names come from a SCAN of both styles and a read of what the source keys list; a key
//!   written after that look makes the script answer "stale" without writing, and the showtime
//!   is looked at again (at most [`LOOKS`] times).
//! - **Standalone Redis only.** On a Cluster the seed style's keys of one showtime sit in
//!   different slots, so no one script can take them, and a key-by-key copy would leave a
//!   window where one showtime's holds are split between styles. boxoffice itself never writes
//!   seed keys on a Cluster (its cluster URL requires the cluster style), so the way there is to
//!   migrate on the standalone server first, or to start the cluster empty and let `sweep`
//!   restore every live hold from the database. A cluster URL is refused (exit 2).
//! - **The sweep lock** is held for the whole run (a dry run takes none), so no sweep rebuilds
//!   a showtime's keys in either style meanwhile; a run that finds it taken changes nothing.
//! - **Commands running meanwhile**: every script that takes a hold refuses a showtime whose
//!   other style's held-seats index exists (exit 3, "run keys migrate"), checked inside the
//!   script, so a reserve in the new style before the move, or in the old one after it, is
//!   refused rather than splitting the showtime's holds. One in the old style before the move
//!   is simply moved with the rest (or makes the move look again).
//! - **Both styles holding seats** of one showtime (only software past that refusal can do it)
//!   is refused (exit 3) and nothing is moved: which hold wins is for the fence to say, so
//!   `sweep` in the chosen style (after the other style's keys expire or are removed) is the
//!   repair.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::keys::{self, KeyStyle, Keys};
use crate::redis_client::Redis;
use crate::scripts::{self, migrate as script};
use crate::sweep::{self, LockHolder};

pub use script::Moved;

/// How many times a showtime that keeps changing under the move is looked at again before the
/// run gives up on it (exit 3, retry).
pub const LOOKS: usize = 5;

pub struct Options {
    pub to: KeyStyle,
    pub showtime: Option<ShowtimeId>,
    pub dry_run: bool,
    /// Who runs it, for the sweep lock's token.
    pub operator: String,
}

/// One showtime's keys moved (or, for a dry run, that would be).
#[derive(Debug, Serialize)]
pub struct ShowtimeMoved {
    pub showtime_id: i64,
    pub keys: Vec<Moved>,
    /// Keys of the showtime in the old style that no seat or user id names (written by hand or
    /// by other software): left where they are, for `inspect` to report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left: Vec<String>,
}

/// A showtime the run did not move.
#[derive(Debug, Serialize)]
pub struct ShowtimeRefused {
    pub showtime_id: i64,
    pub reason: RefusedReason,
    /// The destination style's keys found (for `both_styles`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub found: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RefusedReason {
    /// Both styles hold seats of the showtime.
    BothStyles,
    /// It changed under every one of the [`LOOKS`] tries.
    KeptChanging,
}

#[derive(Debug)]
pub struct Summary {
    pub to: KeyStyle,
    pub from: KeyStyle,
    pub dry_run: bool,
    pub showtimes: Vec<ShowtimeMoved>,
    pub refused: Vec<ShowtimeRefused>,
}

/// Moves every showtime's keys (or the one asked for) from the other style to `opts.to`.
/// `cluster`: the connection is a Redis Cluster's, which is refused.
pub fn migrate(redis: &mut Redis, cluster: bool, opts: &Options) -> Result<Summary, Error> {
    if cluster {
        return Err(Error::invalid(CLUSTER_REFUSAL));
    }
    let from = opts.to.other();
    let mut lock = match sweep::SweepLock::take(redis, opts.dry_run, &opts.operator)? {
        sweep::Taken::Ours(lock) => lock,
        sweep::Taken::Held(holder) => return Err(lock_held(holder)),
    };
    let result = every_showtime(redis, &mut lock, from, opts);
    let lost = lock.release(redis);
    let sum = result?;
    if lost && !opts.dry_run {
        // Every showtime moved in one script each, so what the summary says is done is done; a
        // sweep may have started alongside the last ones.
        return Err(Error::conflict(
            "the sweep lock ran out during the migration (a showtime took longer than its TTL); \
             the showtimes listed moved, run `boxoffice keys migrate` again for the rest",
        ));
    }
    Ok(sum)
}

/// The refusal of a Cluster (exit 2), with the two ways there.
pub const CLUSTER_REFUSAL: &str = "keys migrate needs a standalone Redis: on a Redis Cluster \
    the seed style's keys of one showtime sit in different slots, so no one script can move them \
    together; nothing was changed. Migrate on the standalone server before moving to the \
    cluster, or start the cluster empty and run `boxoffice sweep --key-style cluster`, which \
    restores every live hold from the database";

fn lock_held(holder: Option<LockHolder>) -> Error {
    let who = holder.map_or_else(
        || "it ran out just now".to_string(),
        |h| format!("held by {}", crate::ids::escaped(&h.holder)),
    );
    Error::conflict(format!(
        "a sweep or another keys migrate is running (the sweep lock is {who}); nothing was \
         changed, retry when it ends"
    ))
}

fn every_showtime(
    redis: &mut Redis,
    lock: &mut sweep::SweepLock,
    from: KeyStyle,
    opts: &Options,
) -> Result<Summary, Error> {
    let mut sum = Summary {
        to: opts.to,
        from,
        dry_run: opts.dry_run,
        showtimes: Vec::new(),
        refused: Vec::new(),
    };
    let showtimes = match opts.showtime {
        Some(st) => BTreeSet::from([st]),
        None => showtimes_in(redis, from)?,
    };
    for st in showtimes {
        if !lock.keep(redis)? {
            break;
        }
        match one_showtime(redis, st, from, opts)? {
            Ok(moved) if moved.keys.is_empty() && moved.left.is_empty() => {}
            Ok(moved) => sum.showtimes.push(moved),
            Err(refused) => sum.refused.push(refused),
        }
    }
    Ok(sum)
}

/// Every showtime with a key of style `style`.
fn showtimes_in(redis: &mut Redis, style: KeyStyle) -> Result<BTreeSet<ShowtimeId>, Error> {
    let mut found = BTreeSet::new();
    let ks = Keys::new(style);
    for pattern in [ks.all_showtimes_scan_pattern(), ks.index_scan_pattern()] {
        redis.scan_each(pattern, |k| {
            found.extend(
                ks.parse_seat_lock(&k)
                    .map(|(st, _)| st)
                    .or_else(|| ks.parse_seat_reservation(&k).map(|(st, _)| st))
                    .or_else(|| ks.parse_index_key(&k)),
            );
        })?;
    }
    Ok(found)
}

/// One showtime: look, move, and look again while it says the look was stale.
fn one_showtime(
    redis: &mut Redis,
    st: ShowtimeId,
    from: KeyStyle,
    opts: &Options,
) -> Result<Result<ShowtimeMoved, ShowtimeRefused>, Error> {
    for _ in 0..LOOKS {
        let look = Look::take(redis, st, from, opts.to)?;
        let call = script::Migrate {
            showtime: st,
            from,
            to: opts.to,
            seats: &look.seats.iter().cloned().collect::<Vec<_>>(),
            users: &look.users.iter().cloned().collect::<Vec<_>>(),
            check: opts.dry_run,
        };
        match scripts::run(redis, &call)? {
            script::Reply::Ok { moved, .. } => {
                return Ok(Ok(ShowtimeMoved {
                    showtime_id: st.get(),
                    keys: moved,
                    left: look.left,
                }));
            }
            script::Reply::Both { found, .. } => {
                return Ok(Err(ShowtimeRefused {
                    showtime_id: st.get(),
                    reason: RefusedReason::BothStyles,
                    found,
                }));
            }
            script::Reply::Stale { .. } => {}
        }
    }
    Ok(Err(ShowtimeRefused {
        showtime_id: st.get(),
        reason: RefusedReason::KeptChanging,
        found: Vec::new(),
    }))
}

/// What one look at a showtime found, in both styles: the seat and user ids to name, and the
/// old style's keys that name none.
struct Look {
    seats: BTreeSet<SeatId>,
    users: BTreeSet<UserId>,
    left: Vec<String>,
}

impl Look {
    fn take(
        redis: &mut Redis,
        st: ShowtimeId,
        from: KeyStyle,
        to: KeyStyle,
    ) -> Result<Look, Error> {
        let mut look = Look {
            seats: BTreeSet::new(),
            users: BTreeSet::new(),
            left: Vec::new(),
        };
        for style in [from, to] {
            let ks = Keys::new(style);
            let mut found: BTreeMap<String, bool> = BTreeMap::new();
            redis.scan_each(&ks.showtime_scan_pattern(st), |k| {
                let named = if let Some((s, seat)) = ks.parse_seat_lock(&k) {
                    s == st && look.seat(seat)
                } else if let Some((s, user)) = ks.parse_seat_reservation(&k) {
                    s == st && look.user(user)
                } else {
                    true
                };
                found.insert(k, named);
            })?;
            if style == from {
                look.left = found
                    .into_iter()
                    .filter(|(_, n)| !n)
                    .map(|(k, _)| k)
                    .collect();
            }
        }
        look.read_listed(redis, st, from)?;
        Ok(look)
    }

    /// Names a seat found in a key; false when it is no canonical seat id.
    fn seat(&mut self, s: &str) -> bool {
        match s.parse::<SeatId>() {
            Ok(id) if id.to_string() == s => {
                self.seats.insert(id);
                true
            }
            _ => false,
        }
    }

    fn user(&mut self, u: &str) -> bool {
        match u.parse::<UserId>() {
            Ok(id) => {
                self.users.insert(id);
                true
            }
            _ => false,
        }
    }

    /// Adds what the old style's keys name: the holders of its locks, and the seats its
    /// reservations and held-seats index list (a lock gone while its reservation stays is still
    /// named, or the script would think the look stale for ever).
    fn read_listed(
        &mut self,
        redis: &mut Redis,
        st: ShowtimeId,
        from: KeyStyle,
    ) -> Result<(), Error> {
        let ks = Keys::new(from);
        let seats: Vec<SeatId> = self.seats.iter().cloned().collect();
        let users: Vec<UserId> = self.users.iter().cloned().collect();
        let mut names: Vec<String> = seats.iter().map(|s| ks.seat_lock(st, s)).collect();
        names.extend(users.iter().map(|u| ks.seat_reservation(st, u)));
        names.push(ks.reserved_seats(st));
        let values: Vec<Option<Vec<u8>>> = redis.query(redis::cmd("MGET").arg(&names))?;
        let (locks, rest) = values.split_at(seats.len().min(values.len()));
        for v in locks.iter().flatten() {
            self.user(&String::from_utf8_lossy(v));
        }
        for v in rest.iter().flatten() {
            let v = String::from_utf8_lossy(v);
            let listed = serde_json::from_str::<serde_json::Value>(&v)
                .ok()
                .and_then(|j| j.get("seat_ids").map(|s| s.to_string()))
                .map_or_else(
                    || keys::parse_seat_array(&v),
                    |s| keys::parse_seat_array(&s),
                );
            for s in listed.into_iter().flatten() {
                self.seat(&s);
            }
        }
        Ok(())
    }
}
