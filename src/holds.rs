//! Holds and bookings: reserve, confirm and release, across Redis and SQLite.
//!
//! Redis decides who holds a seat *now* (atomically, one Lua script per step, with Redis's own
//! clock); SQLite records what was decided and has the last word on sales through its fence (a
//! partial unique index: one live claim per seat). The order of the two steps is chosen so that
//! a crash between them leaves a state `sweep` can reconcile and never a seat sold twice:
//!
//! * reserve: Redis first (take the locks), then SQLite (record the PENDING booking). A crash in
//!   between leaves orphan locks that expire with the hold.
//! * confirm: read the locks, then SQLite (CONFIRMED), then Redis (drop the locks). A crash after
//!   the commit leaves locks on sold seats, which expire with the hold and block nobody.
//! * release: SQLite first (CANCELLED), then Redis. A crash in between leaves locks that expire.
//!
//! Audit timestamps are this machine's wall clock; hold start and expiry are Redis's clock.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use serde::Serialize;
use serde_json::json;

use crate::catalog;
use crate::error::{Error, TakenSeat, TakenState};
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::keys;
use crate::redis_client::Redis;
use crate::scripts::{
    self, extend as extend_script, finish, locks, reserve as reserve_script, restore,
};
use crate::store::{AuditEntry, Booking, Db, Refused, Status, Tx};

pub use crate::scripts::locks::{LockSnapshot, LockState};
/// What the restore script answered.
pub use crate::scripts::restore::Reply as Restored;

/// How long a user's hold in Redis that SQLite does not know about may be another command still
/// between its Redis and SQLite steps (which the 10 s busy timeout bounds far below this). Within
/// it, a second reserve for the same user is refused rather than merged; after it, the hold is
/// an orphan of a crashed command: the user's next reserve replaces it and `sweep` removes its
/// locks.
pub const IN_FLIGHT_GRACE: Duration = Duration::from_secs(60);

/// This machine's clock, for audit rows and `updated_at`.
pub fn wall_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Test-only crash points: `BOXOFFICE_FAILPOINT=reserve-after-redis` aborts the process there,
/// as `kill -9` would, so tests can prove the next sweep or inspect heals the state.
/// `BOXOFFICE_FAILPOINT=reserve-after-redis:pause` instead stops there until a line (or EOF)
/// arrives on stdin, so a test can run another command in the gap and then let this one finish.
/// `NAME:panic` panics there.
pub fn failpoint(name: &str) {
    let Some(v) = std::env::var_os("BOXOFFICE_FAILPOINT") else {
        return;
    };
    if v == name {
        std::process::abort();
    }
    // `NAME:panic` panics there: a stand-in for a bug, to test what the user sees then.
    if v.to_str()
        .and_then(|v| v.strip_suffix(":panic"))
        .is_some_and(|v| v == name)
    {
        panic!("failpoint {name}");
    }
    if v.to_str()
        .and_then(|v| v.strip_suffix(":pause"))
        .is_some_and(|v| v == name)
    {
        eprintln!("paused at {name}");
        let _ = std::io::stdin().read_line(&mut String::new());
    }
}

/// A lock's holder as we may print it: a valid user id as is, anything else quoted, escaped
/// and capped (a lock value is whatever someone wrote into Redis).
pub fn shown_holder(h: &str) -> String {
    if UserId::is_valid(h) {
        h.to_string()
    } else {
        crate::ids::shown(h)
    }
}

fn strings(seats: &[SeatId]) -> Vec<String> {
    seats.iter().map(|s| s.to_string()).collect()
}

/// Removes `user`'s locks on `seats` and tidies the indexes; `sold` says where the seats go.
/// Returns how many locks it removed (a seat someone else holds by now is left alone).
///
/// `hold` names the hold that is ending by its start on Redis's clock (the booking's
/// `hold_started_at_ms`, its reservation key's `reserved_at`). A lock's value is only the user
/// id, so when the user's reservation key is a different hold by now (they reserved again,
/// perhaps the same seats), that hold's locks and key are left alone. `None` ends whatever hold
/// the locks belong to: a lock with no booking behind it, or one on a sold seat.
pub fn finish_in_redis(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    sold: bool,
    hold: Option<i64>,
    fallback_ttl: Duration,
) -> Result<usize, Error> {
    if seats.is_empty() {
        return Ok(0);
    }
    // A hand-written lock may name a holder that is no valid user id: its lock can still be
    // removed, but no reservation key is built from it.
    let uid = UserId::is_valid(user)
        .then(|| user.parse::<UserId>())
        .transpose()?;
    let holder = match &uid {
        Some(u) => finish::Holder::User(u),
        None => finish::Holder::Other(user),
    };
    let call = finish::Finish {
        showtime,
        holder,
        seats,
        sold,
        hold,
        fallback_ttl,
    };
    Ok(scripts::run(redis, &call)?.removed)
}

/// Puts a hold back in Redis as SQLite records it: every seat locked for `user` until
/// `expires_at_ms`, and the reservation key naming the hold by its start. Only if nobody else
/// holds a seat and no other command of the user is changing their hold (`replaces`: the start
/// of the caller's own hold, which may be replaced); one script.
pub fn restore_hold(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    expires_at_ms: i64,
    started_ms: i64,
    replaces: Option<i64>,
) -> Result<Restored, Error> {
    restore_script(
        redis,
        showtime,
        user,
        seats,
        (expires_at_ms, started_ms),
        replaces,
        false,
    )
}

/// Like [`restore_hold`], for a live PENDING booking whose claims SQLite holds: other holders'
/// locks on its seats are replaced rather than refused. The fence gives each of these seats to
/// this booking alone, so such a lock is backed by no claim: a crash leftover, one written by
/// hand, or a reserve in flight that the fence will refuse (its undo only removes locks naming
/// its own user, so it never takes back the restored ones).
pub fn reclaim_hold(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    expires_at_ms: i64,
    started_ms: i64,
) -> Result<Restored, Error> {
    restore_script(
        redis,
        showtime,
        user,
        seats,
        (expires_at_ms, started_ms),
        None,
        true,
    )
}

fn restore_script(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    (expires_at_ms, started_ms): (i64, i64),
    replaces: Option<i64>,
    replace_others: bool,
) -> Result<Restored, Error> {
    let user: UserId = user.parse()?;
    let call = restore::Restore {
        showtime,
        user: &user,
        seats,
        expires_at_ms,
        started_ms,
        replaces,
        grace: IN_FLIGHT_GRACE,
        replace_others,
    };
    scripts::run(redis, &call)
}

/// The locks of `seats` and Redis's clock, read together by one read-only script.
pub fn lock_snapshot(
    redis: &mut Redis,
    showtime: ShowtimeId,
    seats: &[String],
) -> Result<LockSnapshot, Error> {
    scripts::run(redis, &locks::Locks { showtime, seats })
}

/// Expires every PENDING booking whose hold has run out and that claims one of `seats`, and
/// returns the claims that still stand (sold, or held by a live booking), other than `own`.
fn clear_stale_claims(
    tx: &Tx<'_>,
    showtime: ShowtimeId,
    seats: &[String],
    own: Option<i64>,
    redis_now_ms: i64,
    reason: &str,
) -> Result<Vec<TakenSeat>, Error> {
    let mut taken = Vec::new();
    let mut expired = HashSet::new();
    for claim in tx.live_claims(showtime, seats)? {
        if Some(claim.booking_id) == own || expired.contains(&claim.booking_id) {
            continue;
        }
        if claim.status == Status::Pending && claim.expires_at_ms <= redis_now_ms {
            if tx.transition(
                claim.booking_id,
                Status::Pending,
                Status::Expired,
                wall_ms(),
            )? {
                let b = tx.booking(claim.booking_id)?;
                tx.audit(AuditEntry {
                    at_ms: wall_ms(),
                    showtime_id: Some(showtime.get()),
                    booking_id: Some(claim.booking_id),
                    user: Some(&claim.user),
                    seats: b.as_ref().map_or(&[][..], |b| &b.seats),
                    action: "expire",
                    detail: Some(json!({ "reason": reason, "expired_at_ms": claim.expires_at_ms })),
                    ..Default::default()
                })?;
            }
            expired.insert(claim.booking_id);
            continue;
        }
        taken.push(TakenSeat {
            seat: claim.seat,
            state: if claim.status == Status::Confirmed {
                TakenState::Sold
            } else {
                TakenState::Held
            },
            user: Some(claim.user),
            booking_id: Some(claim.booking_id),
        });
    }
    Ok(taken)
}

fn taken_message(showtime: ShowtimeId, taken: &[TakenSeat]) -> String {
    let list: Vec<String> = taken.iter().map(ToString::to_string).collect();
    format!(
        "not available on showtime {showtime}: {}; nothing was reserved",
        list.join(", ")
    )
}

// ---------------------------------------------------------------------------------------------
// reserve

#[derive(Debug, Serialize)]
pub struct Reservation {
    pub booking_id: i64,
    pub showtime_id: ShowtimeId,
    pub user: UserId,
    /// Every seat of the hold, including ones held before this command.
    pub seats: Vec<String>,
    /// The seats this command added.
    pub added: Vec<String>,
    pub status: Status,
    #[serde(skip)]
    pub hold_started_at_ms: i64,
    #[serde(skip)]
    pub expires_at_ms: i64,
    /// The hold asked for; adding seats never shortens the current hold, so it may be less than
    /// what the hold has left.
    #[serde(skip)]
    pub requested_hold_ms: i64,
    /// The current hold had more time left than the hold asked for, and kept it.
    #[serde(skip)]
    pub hold_kept: bool,
}

pub fn reserve(
    db: &mut Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &UserId,
    seats: &[SeatId],
    hold: Duration,
) -> Result<Reservation, Error> {
    catalog::check_seats(db, showtime, seats)?;
    let requested = strings(seats);

    // Fast path: sold seats are refused before Redis is touched. (The fence below is the
    // guarantee; this only spares a lock round trip.)
    let sold: Vec<TakenSeat> = db
        .live_claims(showtime, &requested)?
        .into_iter()
        .filter(|c| c.status == Status::Confirmed)
        .map(|c| TakenSeat {
            seat: c.seat,
            state: TakenState::Sold,
            user: None,
            booking_id: Some(c.booking_id),
        })
        .collect();
    if !sold.is_empty() {
        // Name every taken seat, not just the sold ones: one read-only look at the others.
        let mut taken = sold;
        let rest: Vec<String> = requested
            .iter()
            .filter(|s| !taken.iter().any(|t| &t.seat == *s))
            .cloned()
            .collect();
        if !rest.is_empty() {
            for l in lock_snapshot(redis, showtime, &rest)?.locks {
                if l.wrong_type || l.holder.as_deref().is_some_and(|h| h != user.as_str()) {
                    taken.push(TakenSeat {
                        seat: l.seat,
                        state: if l.wrong_type {
                            TakenState::Corrupt
                        } else {
                            TakenState::Held
                        },
                        user: l.holder.as_deref().map(shown_holder),
                        booking_id: None,
                    });
                }
            }
        }
        let pos = |s: &str| requested.iter().position(|r| r == s);
        taken.sort_by_key(|t| pos(&t.seat));
        return Err(Error::Conflict {
            message: taken_message(showtime, &taken),
            taken,
            refund_required: false,
            booking_id: None,
        });
    }

    let existing = db.pending_booking(showtime, user.as_str())?;
    let held: Vec<String> = existing
        .as_ref()
        .map(|b| b.seats.clone())
        .unwrap_or_default();
    let new_seats: Vec<String> = requested
        .iter()
        .filter(|s| !held.contains(s))
        .cloned()
        .collect();

    let hold_ms = hold.as_millis() as i64;
    let call = reserve_script::Reserve {
        showtime,
        user,
        hold,
        held: &held,
        held_expires_at_ms: existing.as_ref().map_or(0, |b| b.expires_at_ms),
        requested: &requested,
        grace: IN_FLIGHT_GRACE,
    };
    let (now_ms, expires_at_ms, fresh) = match scripts::run(redis, &call)? {
        reserve_script::Reply::Taken(pairs) => {
            let taken: Vec<TakenSeat> = pairs
                .into_iter()
                .map(|(seat, holder)| TakenSeat {
                    seat,
                    state: if holder.is_empty() {
                        TakenState::Corrupt
                    } else {
                        TakenState::Held
                    },
                    user: (!holder.is_empty()).then(|| shown_holder(&holder)),
                    booking_id: None,
                })
                .collect();
            return Err(Error::Conflict {
                message: taken_message(showtime, &taken),
                taken,
                refund_required: false,
                booking_id: None,
            });
        }
        reserve_script::Reply::Busy { now_ms, started_ms } => {
            let age = Duration::from_millis(now_ms.saturating_sub(started_ms).max(0) as u64);
            return Err(Error::conflict(format!(
                "another command is changing user {user}'s hold on showtime {showtime} (it started {} ago); \
                 nothing was reserved — retry in a moment. If that command crashed, its hold counts \
                 as abandoned {} after it started",
                humantime::format_duration(Duration::from_secs(age.as_secs())),
                humantime::format_duration(IN_FLIGHT_GRACE),
            )));
        }
        reserve_script::Reply::Ok {
            now_ms,
            expires_at_ms,
            fresh,
        } => (now_ms, expires_at_ms, fresh),
    };
    failpoint("reserve-after-redis");

    // The seats this command took in Redis, to give back if SQLite refuses.
    let continuing = existing.is_some() && !fresh;
    let locked_now: Vec<String> = if continuing {
        held.iter().chain(new_seats.iter()).cloned().collect()
    } else {
        requested.clone()
    };
    let undo_seats: Vec<String> = if continuing {
        new_seats.clone()
    } else {
        requested.clone()
    };

    let result = db.write(|tx| {
        let wall = wall_ms();
        // Re-read inside the transaction: another process may have moved this user's hold.
        let current = tx.pending_booking_id(showtime, user)?;
        if current != existing.as_ref().map(|b| b.id) {
            return Err(Error::conflict(format!(
                "user {user}'s hold on showtime {showtime} changed while reserving; nothing was reserved — retry"
            )));
        }
        let own = if continuing { current } else { None };
        let taken = clear_stale_claims(tx, showtime, &locked_now, own, now_ms, "hold ran out; seat reserved again")?;
        if !taken.is_empty() {
            return Err(Error::Conflict {
                message: taken_message(showtime, &taken),
                taken,
                refund_required: false,
                booking_id: None,
            });
        }
        if let (Some(old), false) = (&existing, continuing)
            && tx.transition(old.id, Status::Pending, Status::Expired, wall)?
        {
            tx.audit(AuditEntry {
                at_ms: wall,
                showtime_id: Some(showtime.get()),
                booking_id: Some(old.id),
                user: Some(user.as_str()),
                seats: &old.seats,
                action: "expire",
                detail: Some(json!({ "reason": "hold ran out; user reserved again" })),
                ..Default::default()
            })?;
        }
        let booking_id = if let Some(id) = own {
            tx.restart_hold(id, now_ms, expires_at_ms, wall)?;
            id
        } else {
            tx.insert_hold(showtime, user, now_ms, expires_at_ms, wall)?
        };
        let to_insert = if continuing { &new_seats } else { &requested };
        // A seat released from this hold earlier comes back into it.
        for seat in to_insert {
            tx.claim_seat(booking_id, showtime, seat)?.map_err(|Refused| {
                Error::conflict(format!(
                    "seat {seat} on showtime {showtime} is claimed in the database; nothing was reserved"
                ))
            })?;
        }
        tx.audit(AuditEntry {
            at_ms: wall,
            showtime_id: Some(showtime.get()),
            booking_id: Some(booking_id),
            user: Some(user.as_str()),
            seats: to_insert,
            action: "reserve",
            detail: Some(json!({
                "hold_ms": hold_ms,
                "hold_started_at_ms": now_ms,
                "expires_at_ms": expires_at_ms,
                "hold_seats": locked_now,
            })),
            ..Default::default()
        })?;
        Ok(booking_id)
    });

    match result {
        Ok(booking_id) => Ok(Reservation {
            booking_id,
            showtime_id: showtime,
            user: user.clone(),
            seats: locked_now,
            added: undo_seats,
            status: Status::Pending,
            hold_started_at_ms: now_ms,
            expires_at_ms,
            requested_hold_ms: hold_ms,
            hold_kept: continuing && expires_at_ms > now_ms.saturating_add(hold_ms),
        }),
        Err(e) => {
            // Give back what this command took; a failure here only leaves locks that expire.
            // The free-seat cache gets back only seats nobody else claims in SQLite: a refusal
            // by the fence means the seat is held (a live hold whose lock Redis lost) or sold,
            // and the cache must never list such a seat. When SQLite can't say (it is what
            // failed), none go back: a seat missing from the cache is only a stale index for
            // `sweep` to rebuild, a held one listed as free is a lie to the guide's readers.
            let claimed: HashSet<String> = match db.live_claims(showtime, &undo_seats) {
                Ok(claims) => claims.into_iter().map(|c| c.seat).collect(),
                Err(_) => undo_seats.iter().cloned().collect(),
            };
            let (taken, free): (Vec<String>, Vec<String>) = undo_seats
                .iter()
                .cloned()
                .partition(|s| claimed.contains(s));
            for (seats, sold) in [(free, false), (taken, true)] {
                if let Err(undo) = finish_in_redis(
                    redis,
                    showtime,
                    user.as_str(),
                    &seats,
                    sold,
                    Some(now_ms),
                    hold,
                ) {
                    eprintln!("warning: could not release the new locks after the failure: {undo}");
                }
            }
            // The script restarted the current hold's keys too: put the hold back as SQLite
            // still records it (expiry, and its start in the reservation key), so a refused
            // reserve leaves the hold as it was.
            if let (Some(old), true) = (&existing, continuing)
                && let Err(undo) = restore_hold(
                    redis,
                    showtime,
                    &old.user,
                    &old.seats,
                    old.expires_at_ms,
                    old.hold_started_at_ms,
                    Some(now_ms),
                )
            {
                eprintln!("warning: could not restore the hold after the failure: {undo}");
            }
            Err(e)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// confirm

pub enum Target {
    Booking(i64),
    Holder(ShowtimeId, UserId),
}

#[derive(Debug, Serialize)]
pub struct Confirmation {
    pub booking_id: i64,
    pub showtime_id: i64,
    pub user: String,
    pub status: Status,
    pub payment_id: String,
    pub seats: Vec<String>,
    pub late: bool,
    /// True when the booking was already confirmed with this payment id (a retry).
    pub already_confirmed: bool,
    #[serde(skip)]
    pub warning: Option<String>,
}

/// Checks a payment id: 1-128 characters from `A-Z a-z 0-9 _ . -`.
pub fn check_payment_id(p: &str) -> Result<(), Error> {
    let ok = (1..=128).contains(&p.len())
        && p.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "invalid payment id {}: use 1-128 characters from A-Z a-z 0-9 _ . -",
            crate::ids::shown(p)
        )))
    }
}

fn booking_by_payment(db: &Db, payment_id: &str) -> Result<Option<Booking>, Error> {
    match db.booking_id_by_payment(payment_id)? {
        Some(id) => db.booking(id),
        None => Ok(None),
    }
}

/// Finds the booking a confirm or release acts on.
fn resolve(db: &Db, target: &Target, payment_id: Option<&str>) -> Result<Booking, Error> {
    match target {
        Target::Booking(id) => db
            .booking(*id)?
            .ok_or_else(|| Error::not_found(format!("booking {id} does not exist"))),
        Target::Holder(showtime, user) => {
            catalog::get_showtime(db, *showtime)?;
            if let Some(b) = db.pending_booking(*showtime, user.as_str())? {
                return Ok(b);
            }
            // No open hold: a retry of a confirm that went through, or a late payment for a
            // hold that the sweep (or a new reserve) has already expired.
            if let Some(p) = payment_id
                && let Some(b) = booking_by_payment(db, p)?
                && b.showtime_id == showtime.get()
                && b.user == user.as_str()
            {
                return Ok(b);
            }
            if payment_id.is_some() {
                let latest =
                    db.list_bookings(Some(*showtime), None, Some(user.as_str()), Some(1))?;
                if let Some(b) = latest
                    .into_iter()
                    .next()
                    .filter(|b| b.status == Status::Expired)
                {
                    return Ok(b);
                }
            }
            Err(Error::not_found(format!(
                "user {user} has no hold on showtime {showtime}"
            )))
        }
    }
}

pub fn confirm(
    db: &mut Db,
    redis: &mut Redis,
    target: &Target,
    payment_id: &str,
    fallback_ttl: Duration,
) -> Result<Confirmation, Error> {
    check_payment_id(payment_id)?;
    let booking = resolve(db, target, Some(payment_id))?;
    let showtime = ShowtimeId::new(booking.showtime_id)?;

    if let Some(other) = booking_by_payment(db, payment_id)?
        && other.id != booking.id
    {
        return Err(Error::Conflict {
            message: format!(
                "payment {payment_id} already paid for booking {}; not confirming booking {} with it",
                other.id, booking.id
            ),
            taken: Vec::new(),
            refund_required: false,
            booking_id: Some(booking.id),
        });
    }

    match booking.status {
        Status::Confirmed => return already_confirmed(redis, booking, payment_id, fallback_ttl),
        Status::Cancelled => {
            return Err(Error::Conflict {
                message: format!(
                    "booking {} was cancelled; it cannot be confirmed — payment {payment_id} must be refunded",
                    booking.id
                ),
                taken: Vec::new(),
                refund_required: true,
                booking_id: Some(booking.id),
            });
        }
        Status::Pending | Status::Expired => {}
    }

    // Who holds the seats in Redis right now, by Redis's clock.
    let snap = lock_snapshot(redis, showtime, &booking.seats)?;
    let now_ms = snap.now_ms;
    let live_hold = booking.status == Status::Pending && now_ms < booking.expires_at_ms;
    let late = !live_hold;
    if late {
        // The hold ran out: the seats are ours only if nobody else has taken them since.
        let taken: Vec<TakenSeat> = snap
            .locks
            .iter()
            .filter(|l| l.wrong_type || l.holder.as_deref().is_some_and(|h| h != booking.user))
            .map(|l| TakenSeat {
                seat: l.seat.clone(),
                state: TakenState::Held,
                user: l.holder.clone(),
                booking_id: None,
            })
            .collect();
        if !taken.is_empty() {
            return Err(refund(&booking, payment_id, taken));
        }
    }

    failpoint("confirm-before-sqlite");
    let outcome = db.write(|tx| {
        let wall = wall_ms();
        let current = tx
            .booking(booking.id)?
            .ok_or_else(|| Error::not_found(format!("booking {} does not exist", booking.id)))?;
        match current.status {
            Status::Confirmed => return Ok(None),
            Status::Cancelled => {
                return Err(Error::Conflict {
                    message: format!(
                        "booking {} was cancelled meanwhile; payment {payment_id} must be refunded",
                        booking.id
                    ),
                    taken: Vec::new(),
                    refund_required: true,
                    booking_id: Some(booking.id),
                });
            }
            Status::Expired => {
                let taken = clear_stale_claims(
                    tx,
                    showtime,
                    &current.seats,
                    Some(current.id),
                    now_ms,
                    "hold ran out; late payment for an earlier hold",
                )?;
                if !taken.is_empty() {
                    return Err(refund(&current, payment_id, taken));
                }
            }
            Status::Pending => {}
        }
        // Decided on time by Redis's clock, but the hold ran out (and the sweep expired it)
        // before this commit: the seats were free for others meanwhile, so the sale is late.
        let late = late || current.status == Status::Expired;
        let updated = tx
            .confirm(current.id, payment_id, late, wall)?
            .map_err(|Refused| refund(&current, payment_id, Vec::new()))?;
        if !updated {
            return Err(Error::Internal(anyhow::anyhow!(
                "booking {} changed during confirm",
                current.id
            )));
        }
        tx.audit(AuditEntry {
            at_ms: wall,
            showtime_id: Some(showtime.get()),
            booking_id: Some(current.id),
            user: Some(&current.user),
            seats: &current.seats,
            action: "confirm",
            detail: Some(json!({
                "payment_id": payment_id,
                "late": late,
                "previous_status": current.status,
                "expires_at_ms": current.expires_at_ms,
                "redis_now_ms": now_ms,
            })),
            ..Default::default()
        })?;
        Ok(Some((current, late)))
    })?;
    let Some((confirmed, late)) = outcome else {
        // A concurrent confirm got there first.
        let b = db
            .booking(booking.id)?
            .ok_or_else(|| Error::not_found(format!("booking {} does not exist", booking.id)))?;
        return already_confirmed(redis, b, payment_id, fallback_ttl);
    };
    failpoint("confirm-after-sqlite");

    let warning = finish_in_redis(redis, showtime, &confirmed.user, &confirmed.seats, true, Some(confirmed.hold_started_at_ms), fallback_ttl)
        .err()
        .map(|e| format!("booking confirmed, but its Redis locks were not removed ({e}); they expire on their own"));
    Ok(Confirmation {
        booking_id: confirmed.id,
        showtime_id: confirmed.showtime_id,
        user: confirmed.user,
        status: Status::Confirmed,
        payment_id: payment_id.to_string(),
        seats: confirmed.seats,
        late,
        already_confirmed: false,
        warning,
    })
}

fn refund(booking: &Booking, payment_id: &str, taken: Vec<TakenSeat>) -> Error {
    let list: Vec<String> = taken.iter().map(ToString::to_string).collect();
    let why = if list.is_empty() {
        "its seats went to someone else".to_string()
    } else {
        format!("seats went to someone else: {}", list.join(", "))
    };
    Error::Conflict {
        message: format!(
            "booking {} not confirmed: the hold ran out and {why}. Payment {payment_id} must be refunded",
            booking.id
        ),
        taken,
        refund_required: true,
        booking_id: Some(booking.id),
    }
}

fn already_confirmed(
    redis: &mut Redis,
    booking: Booking,
    payment_id: &str,
    fallback_ttl: Duration,
) -> Result<Confirmation, Error> {
    if booking.payment_id.as_deref() != Some(payment_id) {
        return Err(Error::Conflict {
            message: format!(
                "booking {} is already confirmed with payment {}; payment {payment_id} must be refunded",
                booking.id,
                booking.payment_id.as_deref().unwrap_or("?")
            ),
            taken: Vec::new(),
            refund_required: true,
            booking_id: Some(booking.id),
        });
    }
    // A retry: nothing changes in SQLite; locks a crashed confirm left behind are tidied.
    let showtime = ShowtimeId::new(booking.showtime_id)?;
    let warning = finish_in_redis(
        redis,
        showtime,
        &booking.user,
        &booking.seats,
        true,
        Some(booking.hold_started_at_ms),
        fallback_ttl,
    )
    .err()
    .map(|e| format!("could not tidy Redis ({e})"));
    Ok(Confirmation {
        booking_id: booking.id,
        showtime_id: booking.showtime_id,
        user: booking.user,
        status: Status::Confirmed,
        payment_id: payment_id.to_string(),
        seats: booking.seats,
        late: booking.late,
        already_confirmed: true,
        warning,
    })
}

// ---------------------------------------------------------------------------------------------
// release

pub enum ReleaseTarget {
    /// A booking by id; `user`, when given, must be its holder.
    Booking { id: i64, user: Option<UserId> },
    /// A user's own hold, or some seats of it.
    Holder {
        showtime: ShowtimeId,
        user: UserId,
        seats: Option<Vec<SeatId>>,
    },
    /// Whatever holds these seats (`--force`).
    Seats {
        showtime: ShowtimeId,
        seats: Vec<SeatId>,
    },
}

#[derive(Debug, Serialize)]
pub struct Released {
    pub booking_id: Option<i64>,
    pub showtime_id: i64,
    pub user: String,
    pub released: Vec<String>,
    /// The booking's status afterwards (CANCELLED, or PENDING after a partial release); None
    /// for a lock with no booking behind it.
    pub status: Option<Status>,
    pub forced: bool,
    /// The released hold's start, which tells its Redis keys from a newer hold of the user.
    #[serde(skip)]
    pub hold_started_at_ms: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct ReleaseOutcome {
    pub releases: Vec<Released>,
    /// Redis clean-ups that failed after the database had committed the release: the release
    /// stands (exit 0), the locks expire on their own, and `sweep` removes them sooner.
    pub warnings: Vec<String>,
}

/// What `release` would do, worked out before anything changes (so `--force` can ask first).
pub struct ReleasePlan {
    showtime: ShowtimeId,
    forced: bool,
    /// (booking, seats to release from it)
    bookings: Vec<(Booking, Vec<String>)>,
    /// Locks with no PENDING booking behind them: (seat, holder)
    orphans: Vec<(String, String)>,
}

impl ReleasePlan {
    /// One line per hold touched, for the confirmation prompt.
    pub fn describe(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .bookings
            .iter()
            .map(|(b, seats)| {
                format!(
                    "booking {} (user {}, showtime {}): {}{}",
                    b.id,
                    b.user,
                    self.showtime,
                    seats.join(", "),
                    if seats.len() == b.seats.len() {
                        " — the whole hold"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        out.extend(self.orphans.iter().map(|(seat, holder)| {
            if holder.is_empty() {
                format!("a corrupt lock on {seat} (an empty value, or a key that is not a string)")
            } else {
                format!(
                    "lock on {seat} held by user {} with no hold of theirs behind it",
                    shown_holder(holder)
                )
            }
        }));
        out
    }

    pub fn forced(&self) -> bool {
        self.forced
    }
}

pub fn plan_release(
    db: &Db,
    redis: &mut Redis,
    target: ReleaseTarget,
) -> Result<ReleasePlan, Error> {
    match target {
        ReleaseTarget::Booking { id, user } => {
            let b = db
                .booking(id)?
                .ok_or_else(|| Error::not_found(format!("booking {id} does not exist")))?;
            if let Some(u) = user
                && u.as_str() != b.user
            {
                return Err(Error::conflict(format!(
                    "booking {id} is held by user {}, not {u}; staff can use --force with --seat",
                    b.user
                )));
            }
            let showtime = ShowtimeId::new(b.showtime_id)?;
            check_releasable(&b)?;
            let seats = b.seats.clone();
            Ok(ReleasePlan {
                showtime,
                forced: false,
                bookings: vec![(b, seats)],
                orphans: Vec::new(),
            })
        }
        ReleaseTarget::Holder {
            showtime,
            user,
            seats,
        } => {
            catalog::get_showtime(db, showtime)?;
            let Some(b) = db.pending_booking(showtime, user.as_str())? else {
                // Naming seats someone else holds is a conflict, not a missing hold.
                if let Some(seats) = &seats {
                    let others: Vec<String> = db
                        .live_claims(showtime, &strings(seats))?
                        .into_iter()
                        .map(|c| format!("{} (user {})", c.seat, c.user))
                        .collect();
                    if !others.is_empty() {
                        return Err(Error::conflict(format!(
                            "held by someone else, not user {user}: {}; staff can use --force",
                            others.join(", ")
                        )));
                    }
                }
                return Err(Error::not_found(format!(
                    "user {user} has no hold on showtime {showtime}"
                )));
            };
            let chosen = match seats {
                None => b.seats.clone(),
                Some(seats) => {
                    catalog::check_seats(db, showtime, &seats)?;
                    let wanted = strings(&seats);
                    let missing: Vec<&str> = wanted
                        .iter()
                        .filter(|s| !b.seats.contains(s))
                        .map(String::as_str)
                        .collect();
                    if !missing.is_empty() {
                        return Err(Error::conflict(format!(
                            "not in user {user}'s hold on showtime {showtime}: {}; staff can use --force",
                            missing.join(", ")
                        )));
                    }
                    wanted
                }
            };
            Ok(ReleasePlan {
                showtime,
                forced: false,
                bookings: vec![(b, chosen)],
                orphans: Vec::new(),
            })
        }
        ReleaseTarget::Seats { showtime, seats } => {
            let wanted = strings(&seats);
            let snap = lock_snapshot(redis, showtime, &wanted)?;
            // A lock on a seat outside the layout (written by hand, or left from an older
            // layout) can still be removed; a seat outside the layout with no lock is an error.
            let unlocked: Vec<SeatId> = seats
                .iter()
                .zip(&snap.locks)
                .filter(|(_, l)| !l.exists)
                .map(|(s, _)| s.clone())
                .collect();
            catalog::check_seats(db, showtime, &unlocked)?;
            let claims = db.live_claims(showtime, &wanted)?;
            let sold: Vec<&str> = claims
                .iter()
                .filter(|c| c.status == Status::Confirmed)
                .map(|c| c.seat.as_str())
                .collect();
            if !sold.is_empty() {
                return Err(Error::Conflict {
                    message: format!(
                        "sold, and a sale is final: {} on showtime {showtime}; nothing was released",
                        sold.join(", ")
                    ),
                    taken: Vec::new(),
                    refund_required: false,
                    booking_id: None,
                });
            }
            let mut by_booking: HashMap<i64, Vec<String>> = HashMap::new();
            for c in &claims {
                by_booking
                    .entry(c.booking_id)
                    .or_default()
                    .push(c.seat.clone());
            }
            // Every lock on the seats goes, whoever it names: one with no booking behind it, one
            // of another user on a booked seat, and a corrupt one (an empty value, or a key that
            // is not a string: holder ''). The bookings go through SQLite below.
            let claimant: HashMap<&str, &str> = claims
                .iter()
                .map(|c| (c.seat.as_str(), c.user.as_str()))
                .collect();
            let mut orphans = Vec::new();
            let mut free = Vec::new();
            for l in &snap.locks {
                let owner = claimant.get(l.seat.as_str()).copied();
                match &l.holder {
                    Some(h) if owner != Some(h.as_str()) => {
                        orphans.push((l.seat.clone(), h.clone()))
                    }
                    Some(_) => {}
                    None if l.exists || l.wrong_type => {
                        orphans.push((l.seat.clone(), String::new()))
                    }
                    None if owner.is_none() => free.push(l.seat.clone()),
                    None => {}
                }
            }
            if !free.is_empty() {
                return Err(Error::not_found(format!(
                    "nothing holds {} on showtime {showtime}; nothing was released",
                    free.join(", ")
                )));
            }
            let mut bookings = Vec::new();
            let mut ids: Vec<i64> = by_booking.keys().copied().collect();
            ids.sort_unstable();
            for id in ids {
                let b = db
                    .booking(id)?
                    .ok_or_else(|| Error::not_found(format!("booking {id} does not exist")))?;
                let seats = by_booking.remove(&id).unwrap_or_default();
                bookings.push((b, seats));
            }
            Ok(ReleasePlan {
                showtime,
                forced: true,
                bookings,
                orphans,
            })
        }
    }
}

fn check_releasable(b: &Booking) -> Result<(), Error> {
    match b.status {
        Status::Pending => Ok(()),
        Status::Confirmed => Err(Error::conflict(format!(
            "booking {} is CONFIRMED (sold); a sale is final and cannot be released",
            b.id
        ))),
        s => Err(Error::not_found(format!(
            "booking {} is already {s}; nothing to release",
            b.id
        ))),
    }
}

pub fn release(
    db: &mut Db,
    redis: &mut Redis,
    plan: ReleasePlan,
    fallback_ttl: Duration,
) -> Result<ReleaseOutcome, Error> {
    let showtime = plan.showtime;
    let forced = plan.forced;
    let action = if forced { "force_release" } else { "release" };
    let done = db.write(|tx| {
        let wall = wall_ms();
        let mut out = Vec::new();
        for (b, seats) in &plan.bookings {
            let current = tx
                .booking(b.id)?
                .ok_or_else(|| Error::not_found(format!("booking {} does not exist", b.id)))?;
            check_releasable(&current)?;
            let whole = current.seats.iter().all(|s| seats.contains(s));
            if whole {
                tx.transition(b.id, Status::Pending, Status::Cancelled, wall)?;
            } else {
                for s in seats {
                    tx.release_seat(b.id, s, wall)?;
                }
            }
            tx.audit(AuditEntry {
                at_ms: wall,
                showtime_id: Some(showtime.get()),
                booking_id: Some(b.id),
                user: Some(&b.user),
                seats,
                action,
                forced,
                detail: Some(json!({ "whole_hold": whole })),
            })?;
            out.push(Released {
                booking_id: Some(b.id),
                showtime_id: showtime.get(),
                user: b.user.clone(),
                released: seats.clone(),
                status: Some(if whole {
                    Status::Cancelled
                } else {
                    Status::Pending
                }),
                forced,
                hold_started_at_ms: Some(current.hold_started_at_ms),
            });
        }
        for (seat, holder) in &plan.orphans {
            tx.audit(AuditEntry {
                at_ms: wall,
                showtime_id: Some(showtime.get()),
                user: Some(holder),
                seats: std::slice::from_ref(seat),
                action: "force_release_orphan_lock",
                forced,
                ..Default::default()
            })?;
        }
        Ok(out)
    })?;
    failpoint("release-after-sqlite");

    // From here the release is committed: a failed Redis step is a warning, not a failure of
    // the command (the same rule as confirm's), and sweep heals it.
    let mut releases = done;
    let mut warnings = Vec::new();
    for r in &releases {
        if let Err(e) = finish_in_redis(
            redis,
            showtime,
            &r.user,
            &r.released,
            false,
            r.hold_started_at_ms,
            fallback_ttl,
        ) {
            warnings.push(format!(
                "{} released in the database, but its Redis locks were not removed ({}); they \
                 expire on their own, or run `boxoffice sweep`",
                match r.booking_id {
                    Some(id) => format!("booking {id}"),
                    None => "the hold".to_string(),
                },
                e.message()
            ));
        }
    }
    let mut failures = Vec::new();
    for (seat, holder) in plan.orphans {
        match finish_in_redis(
            redis,
            showtime,
            &holder,
            std::slice::from_ref(&seat),
            false,
            None,
            fallback_ttl,
        ) {
            Ok(_) => releases.push(Released {
                booking_id: None,
                showtime_id: showtime.get(),
                user: holder,
                released: vec![seat],
                status: None,
                forced,
                hold_started_at_ms: None,
            }),
            Err(e) => failures.push(e),
        }
    }
    // An orphan lock has no booking to record: removing it from Redis is the whole release.
    if let Some(e) = failures.into_iter().next() {
        if releases.is_empty() {
            return Err(e);
        }
        warnings.push(format!(
            "a lock with no booking was not removed ({}); run `boxoffice sweep`",
            e.message()
        ));
    }
    Ok(ReleaseOutcome { releases, warnings })
}

// ---------------------------------------------------------------------------------------------
// ttl and extend

/// How far past its start a hold may be extended without `--force`.
pub const EXTEND_CAP: Duration = Duration::from_secs(2 * 3600);

#[derive(Debug, Serialize)]
pub struct KeyTtl {
    pub key: String,
    pub exists: bool,
    /// Milliseconds left; null for a key without expiry (or missing).
    pub ttl_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat: Option<String>,
    /// For a lock: who holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HoldTtl {
    pub showtime_id: i64,
    pub user: String,
    pub booking_id: Option<i64>,
    pub status: Option<Status>,
    pub seats: Vec<String>,
    pub expires_at_ms: Option<i64>,
    pub hold_started_at_ms: Option<i64>,
    pub now_ms: i64,
    pub keys: Vec<KeyTtl>,
}

/// Who a `ttl` command is about.
pub enum HoldRef {
    User(UserId),
    /// The holder of this seat (from its lock, else from its booking).
    Seat(SeatId),
}

/// Resolves the holder a `ttl` command names. Returns the user and their PENDING booking.
pub fn resolve_hold(
    db: &Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    which: &HoldRef,
) -> Result<(String, Option<Booking>), Error> {
    catalog::get_showtime(db, showtime)?;
    let user = match which {
        HoldRef::User(u) => u.to_string(),
        HoldRef::Seat(seat) => {
            catalog::check_seats(db, showtime, std::slice::from_ref(seat))?;
            let snap = lock_snapshot(redis, showtime, &[seat.to_string()])?;
            match snap.locks[0].holder.clone() {
                // A value someone else wrote: say so, rather than blame the input.
                Some(h) if !UserId::is_valid(&h) => {
                    return Err(Error::conflict(format!(
                        "seat {seat} on showtime {showtime} is locked by {}, which is not a user id; \
                         see `boxoffice inspect {showtime} --seat {seat}`",
                        shown_holder(&h)
                    )));
                }
                Some(h) => h,
                None => db
                    .live_claims(showtime, &[seat.to_string()])?
                    .into_iter()
                    .find(|c| c.status == Status::Pending)
                    .map(|c| c.user)
                    .ok_or_else(|| {
                        Error::not_found(format!("seat {seat} on showtime {showtime} is not held"))
                    })?,
            }
        }
    };
    let booking = db.pending_booking(showtime, &user)?;
    Ok((user, booking))
}

/// The remaining time of every key of a user's hold.
pub fn hold_ttl(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    booking: Option<Booking>,
) -> Result<HoldTtl, Error> {
    let uid: UserId = user.parse()?;
    let res_key = keys::seat_reservation(showtime, &uid);
    let idx_key = keys::reserved_seats(showtime);
    // The hold's seats: the booking's, plus any the reservation key lists.
    let mut pipe = redis::pipe();
    pipe.cmd("MGET")
        .arg(&res_key)
        .cmd("PTTL")
        .arg(&res_key)
        .cmd("PTTL")
        .arg(&idx_key);
    let (res_val, res_ttl, idx_ttl): (Vec<Option<Vec<u8>>>, i64, i64) = redis.query_pipe(&pipe)?;
    let res_val = res_val
        .into_iter()
        .map(|v| v.map(|b| String::from_utf8_lossy(&b).into_owned()));
    let mut seats: Vec<String> = booking
        .as_ref()
        .map(|b| b.seats.clone())
        .unwrap_or_default();
    if let Some(listed) = res_val
        .into_iter()
        .next()
        .flatten()
        .and_then(|v| keys::parse_reservation(&v))
    {
        for s in listed {
            if !seats.contains(&s) && s.parse::<SeatId>().is_ok() {
                seats.push(s);
            }
        }
    }
    if booking.is_none() && seats.is_empty() {
        return Err(Error::not_found(format!(
            "user {user} has no hold on showtime {showtime}"
        )));
    }
    let snap = lock_snapshot(redis, showtime, &seats)?;
    let mut out = Vec::new();
    for l in &snap.locks {
        out.push(KeyTtl {
            key: keys::seat_lock_str(showtime, &l.seat),
            exists: l.holder.is_some() || l.wrong_type,
            ttl_ms: l.ttl_ms,
            seat: Some(l.seat.clone()),
            holder: l.holder.clone(),
        });
    }
    for (key, ttl) in [(res_key, res_ttl), (idx_key, idx_ttl)] {
        out.push(KeyTtl {
            key,
            exists: ttl != -2,
            ttl_ms: (ttl >= 0).then_some(ttl),
            seat: None,
            holder: None,
        });
    }
    Ok(HoldTtl {
        showtime_id: showtime.get(),
        user: user.to_string(),
        booking_id: booking.as_ref().map(|b| b.id),
        status: booking.as_ref().map(|b| b.status),
        seats,
        expires_at_ms: booking.as_ref().map(|b| b.expires_at_ms),
        hold_started_at_ms: booking.as_ref().map(|b| b.hold_started_at_ms),
        now_ms: snap.now_ms,
        keys: out,
    })
}

#[derive(Debug, Serialize)]
pub struct Extended {
    pub booking_id: i64,
    pub showtime_id: i64,
    pub user: String,
    pub seats: Vec<String>,
    #[serde(skip)]
    pub previous_expires_at_ms: i64,
    #[serde(skip)]
    pub expires_at_ms: i64,
    #[serde(skip)]
    pub now_ms: i64,
    pub forced: bool,
}

/// Adds `by` to a PENDING hold: all its keys in Redis (one script, only while the user still
/// holds every seat), then the booking's expiry in SQLite.
pub fn extend(
    db: &mut Db,
    redis: &mut Redis,
    booking: &Booking,
    by: Duration,
    forced: bool,
) -> Result<Extended, Error> {
    let showtime = ShowtimeId::new(booking.showtime_id)?;
    let new_expiry = booking.expires_at_ms.saturating_add(by.as_millis() as i64);
    let cap = booking.hold_started_at_ms + EXTEND_CAP.as_millis() as i64;
    if new_expiry > cap && !forced {
        return Err(Error::invalid(format!(
            "extending by {} would run booking {}'s hold past {} after its start (until {}); \
             staff can pass --force",
            humantime::format_duration(by),
            booking.id,
            humantime::format_duration(EXTEND_CAP),
            crate::text::local_time(new_expiry)
        )));
    }
    let uid: UserId = booking.user.parse()?;
    let call = extend_script::Extend {
        showtime,
        user: &uid,
        seats: &booking.seats,
        expires_at_ms: new_expiry,
    };
    let now_ms = match scripts::run(redis, &call)? {
        extend_script::Reply::Ok { now_ms } => now_ms,
        extend_script::Reply::Gone {
            now_ms,
            seats: rest,
        } if now_ms > 0 && booking.expires_at_ms > now_ms => {
            // The database still gives the hold time: Redis lost the locks (an eviction, a
            // restart, a failover), and `sweep` puts them back with the time left.
            return Err(Error::not_found(format!(
                "booking {}'s hold has {} left, but Redis lost its locks{}; run `boxoffice \
                 sweep` to restore them, then extend. Nothing was extended",
                booking.id,
                crate::text::human_duration(booking.expires_at_ms - now_ms),
                if rest.is_empty() {
                    String::new()
                } else {
                    format!(" on {}", rest.join(", "))
                }
            )));
        }
        extend_script::Reply::Gone { seats: rest, .. } => {
            return Err(Error::not_found(format!(
                "booking {}'s hold has run out{}; nothing to extend",
                booking.id,
                if rest.is_empty() {
                    String::new()
                } else {
                    format!(" (no lock on {})", rest.join(", "))
                }
            )));
        }
        extend_script::Reply::Other { held, .. } => {
            let pairs: Vec<String> = held
                .iter()
                .map(|(seat, holder)| match holder.as_str() {
                    "" => format!("{seat} (a lock key that is not a string)"),
                    h => format!("{seat} (user {})", shown_holder(h)),
                })
                .collect();
            return Err(Error::conflict(format!(
                "booking {}'s seats are held by someone else now: {}; nothing was extended",
                booking.id,
                pairs.join(", ")
            )));
        }
    };
    db.write(|tx| {
        let wall = wall_ms();
        if !tx.extend_hold(booking.id, new_expiry, wall)? {
            return Err(Error::conflict(format!(
                "booking {} stopped being PENDING while extending",
                booking.id
            )));
        }
        tx.audit(AuditEntry {
            at_ms: wall,
            showtime_id: Some(showtime.get()),
            booking_id: Some(booking.id),
            user: Some(&booking.user),
            seats: &booking.seats,
            action: "extend",
            forced,
            detail: Some(json!({
                "by_ms": by.as_millis() as i64,
                "previous_expires_at_ms": booking.expires_at_ms,
                "expires_at_ms": new_expiry,
            })),
        })
    })?;
    Ok(Extended {
        booking_id: booking.id,
        showtime_id: booking.showtime_id,
        user: booking.user.clone(),
        seats: booking.seats.clone(),
        previous_expires_at_ms: booking.expires_at_ms,
        expires_at_ms: new_expiry,
        now_ms,
        forced,
    })
}
