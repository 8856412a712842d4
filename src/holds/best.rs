//! `reserve --best N`: the best N seats side by side, chosen and held in effect atomically.
//!
//! # How the choice stays atomic
//! The choice is made from a snapshot (the seats, SQLite's claims and blocks; after a miss, one
//! read-only Redis look at the locks of every seat SQLite leaves free too: see `free_seats`),
//! ranked by the pure picker ([`crate::seating`]). By the time the hold is taken that snapshot
//! may be stale: another `--best` may have taken the best group a millisecond ago, or be between
//! its Redis and SQLite steps. So the top [`CANDIDATES`] groups go to one script
//! (`reserve_best.lua`), which takes the FIRST whose locks are all free, in one round trip, and
//! writes exactly what `reserve` writes. Only when every candidate was taken meanwhile does the
//! command read again and rank again, at most [`ATTEMPTS`] times. Then SQLite's step is
//! `reserve`'s own (the fence decides, a refusal gives back the locks and puts the current hold
//! back), so `--best` with a hold of the same user adds the seats to it like a named reserve.
//!
//! Chosen over pick-hold-retry (choose one group, `reserve` it, retry on conflict), measured:
//! with 32 concurrent `--best 2`, every caller reads the same snapshot and picks the same group,
//! so pick-hold-retry serialises them into rounds of read + refusal; with one candidate and 8
//! attempts, 5 and 7 of the 32 callers of the race tests (`tests/it/best.rs`) failed while pairs
//! were free. With 64 candidates the script hands each caller the next free group in its one
//! round trip, and none failed. Choosing inside Lua from the layout instead would need the whole layout and
//! SQLite's claims in Redis, which does not have them.

use std::collections::HashSet;
use std::time::Duration;

use super::reserve::{Granted, Request, Reservation, busy, finish, refuse_order_of_another};
use super::{IN_FLIGHT_GRACE, lock_snapshot, wall_ms};
use crate::catalog;
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::redis_client::Redis;
use crate::scripts::{self, reserve_best as script};
use crate::seating::{self, Ask};
use crate::store::{Booking, Db, SeatGrid, SeatUse};

/// How many ranked groups one script call may take from.
pub const CANDIDATES: usize = 64;
/// How many snapshots a `--best` reads before it gives up on a showtime that keeps changing.
pub const ATTEMPTS: usize = 8;

/// What `reserve --best` asks for.
#[derive(Debug, Clone)]
pub struct BestAsk {
    /// Seats side by side, 1–10.
    pub n: usize,
    pub category: Option<String>,
    pub accessible: bool,
    /// When no N side by side exist: the closest seats in as few groups as possible.
    pub allow_split: bool,
    /// `--order-id`: the Razorpay order linked to the hold (see `reserve::ReserveOptions`).
    pub order_id: Option<String>,
}

/// A `--best` reserve: the hold, and how the seats came.
#[derive(Debug)]
pub struct BestReservation {
    pub reservation: Reservation,
    /// The seats this command chose, in groups side by side (one group unless split).
    pub groups: Vec<Vec<String>>,
}

pub fn reserve_best(
    db: &mut Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &UserId,
    ask: &BestAsk,
    hold: Duration,
) -> Result<BestReservation, Error> {
    catalog::check_on_sale(db, showtime, "nothing was reserved")?;
    let order_id = ask.order_id.as_deref();
    let best_row = db.best_row(showtime)?;
    for attempt in 0..ATTEMPTS {
        let (seats, used) = db.seat_grid(showtime)?;
        if attempt == 0 {
            check_category(showtime, &seats, ask)?;
        }
        let pick = Ask {
            n: ask.n,
            category: ask.category.as_deref(),
            accessible: ask.accessible,
            best_row: best_row.as_deref(),
        };
        let existing = db.pending_booking(showtime, user.as_str())?;
        refuse_order_of_another(db, order_id, existing.as_ref())?;
        // The first attempt ranks from SQLite alone; after a miss, the locks too (see
        // [`free_seats`]).
        let locks = if attempt == 0 {
            None
        } else {
            Some(&mut *redis)
        };
        let free = free_seats(locks, showtime, &seats, &used)?;
        let offer =
            offer(&seats, &free, &pick, ask).ok_or_else(|| none_adjacent(showtime, &seats, ask))?;
        let mut req = Request {
            showtime,
            user,
            hold,
            requested: Vec::new(),
            held: existing.as_ref().map_or_else(Vec::new, Booking::seat_names),
            existing,
            over_blocks: false,
            order_id,
        };
        let Some((granted, chosen)) = take_first(redis, &req, &offer.candidates)? else {
            continue;
        };
        req.requested = offer.candidates[chosen].clone();
        let groups = offer.split.unwrap_or_else(|| vec![req.requested.clone()]);
        let reservation = finish(db, redis, &req, &granted)?;
        return Ok(BestReservation {
            reservation,
            groups,
        });
    }
    Err(Error::conflict(format!(
        "showtime {showtime} kept changing while choosing seats ({ATTEMPTS} tries); nothing was \
         reserved — retry"
    )))
}

/// What one attempt offers the script.
struct Offer {
    /// The groups, best first; the script takes the first that is all free.
    candidates: Vec<Vec<String>>,
    /// `--allow-split` with no N side by side: the groups of the one candidate.
    split: Option<Vec<Vec<String>>>,
}

/// The top ranked groups of N; with `--allow-split` and none of N, the one split choice (its
/// groups together, as one candidate). `None`: nothing fits.
fn offer(seats: &SeatGrid, free: &[bool], pick: &Ask<'_>, ask: &BestAsk) -> Option<Offer> {
    let ranked = seating::best(seats, free, pick, CANDIDATES);
    if !ranked.is_empty() {
        let candidates = ranked.into_iter().map(|c| c.seats);
        return Some(Offer {
            candidates: candidates.collect(),
            split: None,
        });
    }
    if !ask.allow_split {
        return None;
    }
    seating::split(seats, free, pick).map(|groups| Offer {
        candidates: vec![groups.concat()],
        split: Some(groups),
    })
}

/// The script's step: the first candidate whose locks are all free, or `None` when every one
/// was taken since the snapshot.
fn take_first(
    redis: &mut Redis,
    req: &Request<'_>,
    candidates: &[Vec<String>],
) -> Result<Option<(Granted, usize)>, Error> {
    let call = script::ReserveBest {
        showtime: req.showtime,
        user: req.user,
        hold: req.hold,
        held: &req.held,
        held_expires_at_ms: req.existing.as_ref().map_or(0, |b| b.expires_at_ms),
        candidates,
        grace: IN_FLIGHT_GRACE,
    };
    match scripts::run(redis, &call)? {
        script::Reply::Ok {
            now_ms,
            expires_at_ms,
            fresh,
            chosen,
        } => Ok(Some((
            Granted {
                now_ms,
                expires_at_ms,
                fresh,
            },
            chosen,
        ))),
        script::Reply::None { .. } => Ok(None),
        script::Reply::Busy { now_ms, started_ms } => {
            Err(busy(req.showtime, req.user, now_ms, started_ms))
        }
    }
}

/// Which seats are free: not sold, not blocked, not in a live hold (SQLite, `used`), and, when
/// `redis` is given, without a lock (one read-only look at the locks of the seats SQLite does
/// not rule out).
///
/// The first attempt does without the locks: the script checks the candidates' locks anyway
/// and skips a group another command holds, so the look (a third of a 5,000-seat `--best`'s
/// time) only pays when every candidate was taken, which is what sends a retry here with
/// `redis`. A hold SQLite records past its expiry counts as free when its lock is gone:
/// `reserve`'s step clears such stale claims. Without the locks, a hold counts as live until
/// this machine's clock passes its expiry (a skewed clock only makes a seat look taken a little
/// longer, or sends a stale claim to the fence, which refuses it). The user's own hold is not
/// free: its seats are theirs already.
fn free_seats(
    redis: Option<&mut Redis>,
    showtime: ShowtimeId,
    seats: &SeatGrid,
    used: &[SeatUse],
) -> Result<Vec<bool>, Error> {
    let Some(redis) = redis else {
        let now = wall_ms();
        return Ok(used.iter().map(|u| usable(*u, now)).collect());
    };
    let look: Vec<String> = (used.iter().enumerate())
        .filter(|(_, u)| **u != SeatUse::Off)
        .map(|(i, _)| seats.name(i))
        .collect();
    let snap = lock_snapshot(redis, showtime, &look)?;
    let locked: HashSet<&str> = snap
        .locks
        .iter()
        .filter(|l| l.exists || l.wrong_type)
        .map(|l| l.seat.as_str())
        .collect();
    Ok((used.iter().enumerate())
        .map(|(i, u)| usable(*u, snap.now_ms) && !locked.contains(seats.name(i).as_str()))
        .collect())
}

/// Whether SQLite leaves the seat free at `now_ms`.
fn usable(used: SeatUse, now_ms: i64) -> bool {
    match used {
        SeatUse::Free => true,
        SeatUse::Held { expires_at_ms } => expires_at_ms <= now_ms,
        SeatUse::Off => false,
    }
}

/// `--category NAME` must be one of the showtime's: exit 4 naming the ones it has.
fn check_category(showtime: ShowtimeId, seats: &SeatGrid, ask: &BestAsk) -> Result<(), Error> {
    let Some(want) = &ask.category else {
        return Ok(());
    };
    let mut names: Vec<&str> = seats.kinds.iter().map(|k| k.category.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.contains(&want.as_str()) {
        return Ok(());
    }
    let shown: Vec<String> = names
        .iter()
        .map(|n| crate::ids::escaped(n).into_owned())
        .collect();
    Err(Error::not_found(format!(
        "showtime {showtime} has no category {}; its categories: {}; nothing was reserved",
        crate::ids::shown(want),
        shown.join(", ")
    )))
}

/// What the seats were looked for in: the category asked, "accessible", or by default every
/// non-accessible category of the showtime ("standard", "standard or premium").
pub fn described(seats: &SeatGrid, ask: &BestAsk) -> String {
    match (&ask.category, ask.accessible) {
        (Some(c), true) => format!("accessible {}", crate::ids::escaped(c)),
        (Some(c), false) => crate::ids::escaped(c).into_owned(),
        (None, true) => "accessible seats".to_string(),
        (None, false) => {
            let mut names: Vec<&str> = (seats.kinds.iter())
                .filter(|k| !k.accessible)
                .map(|k| k.category.as_str())
                .collect();
            names.sort_unstable();
            names.dedup();
            let names: Vec<String> = names
                .iter()
                .map(|n| crate::ids::escaped(n).into_owned())
                .collect();
            if names.is_empty() {
                "non-accessible seats".to_string()
            } else {
                names.join(" or ")
            }
        }
    }
}

/// Exit 3: no N side by side (or, split, not N free at all) in what was asked.
fn none_adjacent(showtime: ShowtimeId, seats: &SeatGrid, ask: &BestAsk) -> Error {
    let what = described(seats, ask);
    let n = ask.n;
    if ask.n == 1 {
        Error::conflict(format!(
            "no free seat in {what} on showtime {showtime}; nothing was reserved"
        ))
    } else if ask.allow_split {
        Error::conflict(format!(
            "fewer than {n} free seats in {what} on showtime {showtime}; nothing was reserved"
        ))
    } else {
        Error::conflict(format!(
            "no {n} adjacent seats in {what} on showtime {showtime}; nothing was reserved \
             (--allow-split takes them in separate groups)"
        ))
    }
}
