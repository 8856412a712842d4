//! `release`: SQLite first (CANCELLED, or some seats taken out of the hold), then Redis. Worked
//! out first as a [`ReleasePlan`], so `--force` can ask before anything changes.

use std::collections::HashMap;
use std::time::Duration;

use serde::Serialize;

use super::claims;
use super::{LockState, failpoint, finish_in_redis, lock_snapshot, shown_holder, strings, wall_ms};
use crate::catalog;
use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::redis_client::Redis;
use crate::store::{Booking, Claim, Db, Status, Tx};

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
    bookings: Vec<BookingRelease>,
    orphans: Vec<OrphanLock>,
}

/// Seats to release from one booking.
struct BookingRelease {
    booking: Booking,
    seats: Vec<String>,
}

/// A lock with no PENDING booking behind it.
struct OrphanLock {
    seat: String,
    /// Who the lock names; `""` for a corrupt lock.
    holder: String,
}

impl ReleasePlan {
    /// One line per hold touched, for the confirmation prompt.
    pub fn describe(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .bookings
            .iter()
            .map(|BookingRelease { booking: b, seats }| {
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
        out.extend(self.orphans.iter().map(|OrphanLock { seat, holder }| {
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

    /// A plan to release `seats` from one booking, not forced.
    fn one(showtime: ShowtimeId, booking: Booking, seats: Vec<String>) -> ReleasePlan {
        ReleasePlan {
            showtime,
            forced: false,
            bookings: vec![BookingRelease { booking, seats }],
            orphans: Vec::new(),
        }
    }
}

pub fn plan_release(
    db: &Db,
    redis: &mut Redis,
    target: ReleaseTarget,
) -> Result<ReleasePlan, Error> {
    match target {
        ReleaseTarget::Booking { id, user } => plan_booking(db, id, user),
        ReleaseTarget::Holder {
            showtime,
            user,
            seats,
        } => plan_holder(db, showtime, &user, seats),
        ReleaseTarget::Seats { showtime, seats } => plan_seats(db, redis, showtime, &seats),
    }
}

/// A booking by id: all its seats, if `user` (when given) holds it.
fn plan_booking(db: &Db, id: i64, user: Option<UserId>) -> Result<ReleasePlan, Error> {
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
    let showtime = b.showtime_id;
    check_releasable(&b)?;
    let seats = b.seat_names();
    Ok(ReleasePlan::one(showtime, b, seats))
}

/// A user's own hold: all of it, or the named seats, which must all be in it.
fn plan_holder(
    db: &Db,
    showtime: ShowtimeId,
    user: &UserId,
    seats: Option<Vec<SeatId>>,
) -> Result<ReleasePlan, Error> {
    catalog::get_showtime(db, showtime)?;
    let Some(b) = db.pending_booking(showtime, user.as_str())? else {
        return Err(no_hold(db, showtime, user, seats.as_deref())?);
    };
    let Some(seats) = seats else {
        let all = b.seat_names();
        return Ok(ReleasePlan::one(showtime, b, all));
    };
    catalog::check_seats(db, showtime, &seats)?;
    let wanted = strings(&seats);
    let missing: Vec<&str> = wanted
        .iter()
        .filter(|s| !b.seats.iter().any(|h| h.as_str() == s.as_str()))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(Error::conflict(format!(
            "not in user {user}'s hold on showtime {showtime}: {}; staff can use --force",
            missing.join(", ")
        )));
    }
    Ok(ReleasePlan::one(showtime, b, wanted))
}

/// The error for a user with no hold: naming seats someone else holds is a conflict, not a
/// missing hold.
fn no_hold(
    db: &Db,
    showtime: ShowtimeId,
    user: &UserId,
    seats: Option<&[SeatId]>,
) -> Result<Error, Error> {
    if let Some(seats) = seats {
        let others: Vec<String> = db
            .live_claims(showtime, &strings(seats))?
            .into_iter()
            .map(|c| format!("{} (user {})", c.seat, c.user))
            .collect();
        if !others.is_empty() {
            return Ok(Error::conflict(format!(
                "held by someone else, not user {user}: {}; staff can use --force",
                others.join(", ")
            )));
        }
    }
    Ok(Error::not_found(format!(
        "user {user} has no hold on showtime {showtime}"
    )))
}

/// `--force`: whatever holds the seats, bookings and locks alike; never a sold seat.
fn plan_seats(
    db: &Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    seats: &[SeatId],
) -> Result<ReleasePlan, Error> {
    let wanted = strings(seats);
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
    let (orphans, free) = orphan_locks(&snap.locks, &claims);
    if !free.is_empty() {
        return Err(Error::not_found(format!(
            "nothing holds {} on showtime {showtime}; nothing was released",
            free.join(", ")
        )));
    }
    Ok(ReleasePlan {
        showtime,
        forced: true,
        bookings: claimed_bookings(db, &claims)?,
        orphans,
    })
}

/// Every lock on the seats goes, whoever it names: one with no booking behind it, one of
/// another user on a booked seat, and a corrupt one (an empty value, or a key that is not a
/// string: holder ''). The bookings go through SQLite. Returns those locks, and the seats
/// nothing holds at all.
fn orphan_locks(locks: &[LockState], claims: &[Claim]) -> (Vec<OrphanLock>, Vec<String>) {
    let claimant: HashMap<&str, &str> = claims
        .iter()
        .map(|c| (c.seat.as_str(), c.user.as_str()))
        .collect();
    let mut orphans = Vec::new();
    let mut free = Vec::new();
    let orphan = |seat: &str, holder: &str| OrphanLock {
        seat: seat.to_string(),
        holder: holder.to_string(),
    };
    for l in locks {
        let owner = claimant.get(l.seat.as_str()).copied();
        match &l.holder {
            Some(h) if owner != Some(h.as_str()) => orphans.push(orphan(&l.seat, h)),
            Some(_) => {}
            None if l.exists || l.wrong_type => orphans.push(orphan(&l.seat, "")),
            None if owner.is_none() => free.push(l.seat.clone()),
            None => {}
        }
    }
    (orphans, free)
}

/// The bookings behind `claims`, by id, each with its claimed seats.
fn claimed_bookings(db: &Db, claims: &[Claim]) -> Result<Vec<BookingRelease>, Error> {
    let mut by_booking: HashMap<i64, Vec<String>> = HashMap::new();
    for c in claims {
        by_booking
            .entry(c.booking_id)
            .or_default()
            .push(c.seat.clone());
    }
    let mut ids: Vec<i64> = by_booking.keys().copied().collect();
    ids.sort_unstable();
    let mut bookings = Vec::new();
    for id in ids {
        let booking = db
            .booking(id)?
            .ok_or_else(|| Error::not_found(format!("booking {id} does not exist")))?;
        let seats = by_booking.remove(&id).unwrap_or_default();
        bookings.push(BookingRelease { booking, seats });
    }
    Ok(bookings)
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
    super::check_key_style(redis, plan.showtime)?;
    let mut releases = db.write(|tx| record(tx, &plan))?;
    failpoint("release-after-sqlite");

    // From here the release is committed: a failed Redis step is a warning, not a failure of
    // the command (the same rule as confirm's), and sweep heals it.
    let mut warnings = finish_bookings(redis, plan.showtime, &releases, fallback_ttl);
    let (removed, failures) = remove_orphans(redis, plan, fallback_ttl);
    releases.extend(removed);
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

/// SQLite's step: each booking of the plan, re-read and still releasable, loses its seats; each
/// orphan lock gets its audit row.
fn record(tx: &Tx<'_>, plan: &ReleasePlan) -> Result<Vec<Released>, Error> {
    let wall = wall_ms();
    let mut out = Vec::new();
    for BookingRelease { booking: b, seats } in &plan.bookings {
        let current = tx
            .booking(b.id)?
            .ok_or_else(|| Error::not_found(format!("booking {} does not exist", b.id)))?;
        check_releasable(&current)?;
        let status = claims::release(tx, &current, seats, plan.forced, wall)?;
        out.push(Released {
            booking_id: Some(b.id),
            showtime_id: plan.showtime.get(),
            user: b.user.to_string(),
            released: seats.clone(),
            status: Some(status),
            forced: plan.forced,
            hold_started_at_ms: Some(current.hold_started_at_ms),
        });
    }
    for o in &plan.orphans {
        claims::record_orphan_release(tx, plan.showtime, &o.seat, &o.holder, plan.forced, wall)?;
    }
    Ok(out)
}

/// Redis's step for the released bookings: their locks go. Returns a warning for each booking
/// whose locks could not be removed.
fn finish_bookings(
    redis: &mut Redis,
    showtime: ShowtimeId,
    releases: &[Released],
    fallback_ttl: Duration,
) -> Vec<String> {
    let mut warnings = Vec::new();
    for r in releases {
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
    warnings
}

/// Redis's step for the orphan locks: each removed is a release; the failures are returned.
fn remove_orphans(
    redis: &mut Redis,
    plan: ReleasePlan,
    fallback_ttl: Duration,
) -> (Vec<Released>, Vec<Error>) {
    let mut releases = Vec::new();
    let mut failures = Vec::new();
    for OrphanLock { seat, holder } in plan.orphans {
        match finish_in_redis(
            redis,
            plan.showtime,
            &holder,
            std::slice::from_ref(&seat),
            false,
            None,
            fallback_ttl,
        ) {
            Ok(_) => releases.push(Released {
                booking_id: None,
                showtime_id: plan.showtime.get(),
                user: holder,
                released: vec![seat],
                status: None,
                forced: plan.forced,
                hold_started_at_ms: None,
            }),
            Err(e) => failures.push(e),
        }
    }
    (releases, failures)
}
