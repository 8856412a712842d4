//! `reserve`: Redis first (take the locks), then SQLite (record the PENDING booking); when
//! SQLite refuses, Redis gets back what it gave. `--order-id` links a Razorpay order to the hold
//! in that same transaction (`payments::orders`), so a hold and the order that pays it are
//! recorded together or not at all.

use std::time::Duration;

use serde::Serialize;

use super::claims::{self, BookingRef, Claimant, HoldRecord, Reason};
use super::conflict::{lock_state, not_available, shown_holder, sold_or_blocked, taken_by_locks};
use super::redis_steps::give_back;
use super::{IN_FLIGHT_GRACE, failpoint, lock_snapshot, restore_hold, strings, wall_ms};
use crate::catalog;
use crate::error::{Error, TakenSeat, TakenState};
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::payments::{self, orders::LinkTo};
use crate::redis_client::Redis;
use crate::scripts::{self, reserve as reserve_script};
use crate::store::{Block, Booking, Db, Status, Tx};

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
    /// What the hold's seats cost; `None`: no price (see `claims::price`).
    #[serde(skip)]
    pub price: Option<claims::Price>,
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
    /// The blocks `reserve --force` ended to hold these seats.
    #[serde(skip)]
    pub overridden_blocks: Vec<crate::blocks::SeatReason>,
}

/// What a reserve asks for, and the user's hold as SQLite recorded it before Redis's step.
/// (`reserve --best`, in `best.rs`, fills `requested` with the group its script chose.)
pub(super) struct Request<'a> {
    pub(super) showtime: ShowtimeId,
    pub(super) user: &'a UserId,
    pub(super) hold: Duration,
    /// The requested seats, in the order asked.
    pub(super) requested: Vec<String>,
    /// The user's PENDING booking on the showtime.
    pub(super) existing: Option<Booking>,
    /// Its seats, as the scripts take them.
    pub(super) held: Vec<String>,
    /// Staff's `reserve --force`: blocked seats are sold anyway, their blocks ended in the
    /// same transaction that claims them (audited as `block_override`).
    pub(super) over_blocks: bool,
    /// `reserve --order-id`: the Razorpay order linked to the hold in the transaction that
    /// records it (`payments::orders`).
    pub(super) order_id: Option<&'a str>,
}

/// What a reserve may do besides holding seats.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReserveOptions<'a> {
    /// Staff's `reserve --force`: see [`reserve_over_blocks`].
    pub over_blocks: bool,
    /// Links this Razorpay order to the hold, in the same transaction; an order linked to
    /// another booking refuses the reserve (exit 3) before Redis, and again in the transaction
    /// (where the refusal gives the locks back).
    pub order_id: Option<&'a str>,
}

impl Request<'_> {
    /// The seats of the user's current hold.
    fn held(&self) -> &[String] {
        &self.held
    }

    fn hold_ms(&self) -> i64 {
        self.hold.as_millis() as i64
    }
}

/// What the reserve script granted, on Redis's clock.
pub(super) struct Granted {
    pub(super) now_ms: i64,
    pub(super) expires_at_ms: i64,
    /// The current hold had already run out and was not carried over.
    pub(super) fresh: bool,
}

/// The hold Redis now has, which SQLite is to record.
struct Change {
    /// The current hold carries on (restarted, with the new seats added); false: a new hold,
    /// replacing the current one if there is one.
    continuing: bool,
    /// Every seat of the hold.
    seats: Vec<String>,
    /// The seats this command took in Redis: claimed in SQLite, or given back if SQLite refuses.
    added: Vec<String>,
}

impl Change {
    fn new(req: &Request<'_>, granted: &Granted) -> Change {
        let continuing = req.existing.is_some() && !granted.fresh;
        if !continuing {
            return Change {
                continuing,
                seats: req.requested.clone(),
                added: req.requested.clone(),
            };
        }
        let held = req.held();
        let new_seats: Vec<String> = req
            .requested
            .iter()
            .filter(|s| !held.contains(s))
            .cloned()
            .collect();
        Change {
            continuing,
            seats: held.iter().chain(new_seats.iter()).cloned().collect(),
            added: new_seats,
        }
    }
}

pub fn reserve(
    db: &mut Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &UserId,
    seats: &[SeatId],
    hold: Duration,
) -> Result<Reservation, Error> {
    reserve_with(
        db,
        redis,
        showtime,
        user,
        seats,
        hold,
        ReserveOptions::default(),
    )
}

/// `reserve --force`: like [`reserve`], and a blocked seat among `seats` is held anyway, its
/// block ended in the same transaction (audited, forced). Held and sold seats are still refused.
pub fn reserve_over_blocks(
    db: &mut Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &UserId,
    seats: &[SeatId],
    hold: Duration,
) -> Result<Reservation, Error> {
    let opts = ReserveOptions {
        over_blocks: true,
        order_id: None,
    };
    reserve_with(db, redis, showtime, user, seats, hold, opts)
}

/// [`reserve`] with [`ReserveOptions`].
pub fn reserve_with(
    db: &mut Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &UserId,
    seats: &[SeatId],
    hold: Duration,
    opts: ReserveOptions<'_>,
) -> Result<Reservation, Error> {
    let over_blocks = opts.over_blocks;
    catalog::check_seats_on_sale(db, showtime, seats, "nothing was reserved")?;
    let requested = strings(seats);
    let existing = db.pending_booking(showtime, user.as_str())?;
    refuse_order_of_another(db, opts.order_id, existing.as_ref())?;
    refuse_sold(db, redis, showtime, user, &requested, over_blocks)?;
    let req = Request {
        order_id: opts.order_id,
        showtime,
        user,
        hold,
        requested,
        held: existing.as_ref().map_or_else(Vec::new, Booking::seat_names),
        existing,
        over_blocks,
    };
    let granted = take_locks(redis, &req)?;
    finish(db, redis, &req, &granted)
}

/// After Redis granted the hold: SQLite records it, or Redis gets back what it gave.
pub(super) fn finish(
    db: &mut Db,
    redis: &mut Redis,
    req: &Request<'_>,
    granted: &Granted,
) -> Result<Reservation, Error> {
    failpoint("reserve-after-redis");
    let change = Change::new(req, granted);
    match db.write(|tx| record(tx, req, granted, &change)) {
        Ok((booking_id, price, overridden)) => Ok(Reservation {
            booking_id,
            price,
            overridden_blocks: overridden.into_iter().map(Into::into).collect(),
            showtime_id: req.showtime,
            user: req.user.clone(),
            hold_kept: change.continuing
                && granted.expires_at_ms > granted.now_ms.saturating_add(req.hold_ms()),
            seats: change.seats,
            added: change.added,
            status: Status::Pending,
            hold_started_at_ms: granted.now_ms,
            expires_at_ms: granted.expires_at_ms,
            requested_hold_ms: req.hold_ms(),
        }),
        Err(e) => {
            let warnings = undo(db, redis, req, granted, &change);
            Err(e.with_warnings(warnings))
        }
    }
}

/// The fast path of `--order-id`: an order linked to a booking other than the user's current
/// hold is refused before Redis is touched. (The link in [`record`] is the guarantee: a hold
/// that runs out meanwhile becomes a new booking, which the order's link then refuses.)
pub(super) fn refuse_order_of_another(
    db: &Db,
    order_id: Option<&str>,
    existing: Option<&Booking>,
) -> Result<(), Error> {
    let Some(order_id) = order_id else {
        return Ok(());
    };
    crate::ids::check_order_id(order_id)?;
    match db.order_booking(order_id)? {
        Some(b) if Some(b) != existing.map(|e| e.id) => Err(order_of_another(order_id, b)),
        _ => Ok(()),
    }
}

fn order_of_another(order_id: &str, booking_id: i64) -> Error {
    Error::conflict(format!(
        "order {order_id} is linked to booking {booking_id}; an order pays one booking, nothing was reserved"
    ))
}

/// The fast path: sold and blocked seats are refused before Redis is touched. (The fence in
/// [`record`] is the guarantee; this only spares a lock round trip, and keeps a blocked seat's
/// refusal from touching Redis at all.) The refusal names every taken seat, not just the sold
/// ones: one read-only look at the others' locks.
fn refuse_sold(
    db: &Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &UserId,
    requested: &[String],
    over_blocks: bool,
) -> Result<(), Error> {
    let mut taken = sold_or_blocked(db, showtime, requested, !over_blocks)?;
    if taken.is_empty() {
        return Ok(());
    }
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
                    state: lock_state(l.wrong_type),
                    user: l.holder.as_deref().map(shown_holder),
                    booking_id: None,
                    reason: None,
                });
            }
        }
    }
    let pos = |s: &str| requested.iter().position(|r| r == s);
    taken.sort_by_key(|t| pos(&t.seat));
    Err(not_available(showtime, taken))
}

/// Redis's step: one script takes every requested seat (and restarts the current hold's), or
/// none of them.
fn take_locks(redis: &mut Redis, req: &Request<'_>) -> Result<Granted, Error> {
    let (showtime, user) = (req.showtime, req.user);
    let call = reserve_script::Reserve {
        showtime,
        user,
        hold: req.hold,
        held: req.held(),
        held_expires_at_ms: req.existing.as_ref().map_or(0, |b| b.expires_at_ms),
        requested: &req.requested,
        grace: IN_FLIGHT_GRACE,
    };
    match scripts::run(redis, &call)? {
        reserve_script::Reply::Taken(pairs) => {
            let taken = taken_by_locks(pairs);
            Err(not_available(showtime, taken))
        }
        reserve_script::Reply::Busy { now_ms, started_ms } => {
            Err(busy(showtime, user, now_ms, started_ms))
        }
        reserve_script::Reply::Ok {
            now_ms,
            expires_at_ms,
            fresh,
        } => Ok(Granted {
            now_ms,
            expires_at_ms,
            fresh,
        }),
    }
}

/// The refusal of a reserve that met another command of the same user between its two steps.
pub(super) fn busy(showtime: ShowtimeId, user: &UserId, now_ms: i64, started_ms: i64) -> Error {
    let age = Duration::from_millis(now_ms.saturating_sub(started_ms).max(0) as u64);
    Error::conflict(format!(
        "another command is changing user {user}'s hold on showtime {showtime} (it started {} ago); \
         nothing was reserved — retry in a moment. If that command crashed, its hold counts \
         as abandoned {} after it started",
        humantime::format_duration(Duration::from_secs(age.as_secs())),
        humantime::format_duration(IN_FLIGHT_GRACE),
    ))
}

/// SQLite's step: records the hold Redis granted, unless the user's hold moved meanwhile or a
/// seat is still claimed by a live booking or blocked (the fence). Returns the booking's id and
/// its price and the blocks a forced reserve ended.
fn record(
    tx: &Tx<'_>,
    req: &Request<'_>,
    granted: &Granted,
    change: &Change,
) -> Result<(i64, Option<claims::Price>, Vec<Block>), Error> {
    let (showtime, user) = (req.showtime, req.user);
    let wall = wall_ms();
    // A screening cancelled meanwhile first: it also ended the user's hold, which is no reason
    // to retry.
    if let Some(c) = tx.showtime(showtime)?.and_then(|r| r.cancelled) {
        return Err(catalog::screening_cancelled(
            showtime,
            &c,
            "nothing was reserved",
        ));
    }
    // Re-read inside the transaction: another process may have moved this user's hold.
    let current = tx.pending_booking_id(showtime, user)?;
    if current != req.existing.as_ref().map(|b| b.id) {
        return Err(Error::conflict(format!(
            "user {user}'s hold on showtime {showtime} changed while reserving; nothing was reserved — retry"
        )));
    }
    let own = if change.continuing { current } else { None };
    let taken = claims::clear_stale_claims(
        tx,
        showtime,
        &change.seats,
        own,
        granted.now_ms,
        Claimant::Reserve,
        wall,
    )?;
    if !taken.is_empty() {
        return Err(not_available(showtime, taken));
    }
    let blocks = tx.live_blocks(showtime, &change.added)?;
    if !blocks.is_empty() && !req.over_blocks {
        return Err(not_available(
            showtime,
            blocks.into_iter().map(blocked_seat).collect(),
        ));
    }
    for b in &blocks {
        tx.end_block(showtime, &b.seat, wall)?;
    }
    if let (Some(old), false) = (&req.existing, change.continuing) {
        claims::expire(tx, BookingRef::of(old), Reason::UserReservedAgain, wall)?;
    }
    let hold = HoldRecord {
        showtime,
        user,
        continues: own,
        started_ms: granted.now_ms,
        expires_at_ms: granted.expires_at_ms,
        hold_ms: req.hold_ms(),
        added: &change.added,
        seats: &change.seats,
    };
    let (booking_id, price) = claims::record_hold(tx, &hold, wall)?;
    if !blocks.is_empty() {
        crate::blocks::record_override(tx, showtime, user, booking_id, &blocks, wall)?;
    }
    link_order(tx, req, booking_id, wall)?;
    Ok((booking_id, price, blocks))
}

/// `--order-id`: links the order to the hold just recorded, in its transaction. An order
/// linked to another booking (one that ran out since the check before Redis, say) refuses the
/// reserve, and the locks are given back.
fn link_order(tx: &Tx<'_>, req: &Request<'_>, booking_id: i64, wall: i64) -> Result<(), Error> {
    let Some(order_id) = req.order_id else {
        return Ok(());
    };
    if let Some(other) = tx.order_booking(order_id)?.filter(|b| *b != booking_id) {
        return Err(order_of_another(order_id, other));
    }
    let to = LinkTo {
        booking_id,
        showtime: req.showtime,
        user: req.user.as_str(),
    };
    payments::orders::link_in(tx, order_id, to, wall).map(|_| ())
}

/// A blocked seat as a reserve's refusal names it.
pub(super) fn blocked_seat(b: Block) -> TakenSeat {
    TakenSeat {
        seat: b.seat,
        state: TakenState::Blocked,
        user: None,
        booking_id: None,
        reason: Some(b.reason),
    }
}

/// After SQLite refused: gives back what this command took in Redis ([`give_back`]), and puts
/// the user's current hold back as SQLite records it.
fn undo(
    db: &Db,
    redis: &mut Redis,
    req: &Request<'_>,
    granted: &Granted,
    change: &Change,
) -> Vec<String> {
    let hold = (Some(granted.now_ms), req.hold);
    let user = req.user.as_str();
    let mut warnings = give_back(db, redis, req.showtime, user, &change.added, hold);
    // The script restarted the current hold's keys too: put the hold back as SQLite still
    // records it (expiry, and its start in the reservation key), so a refused reserve leaves the
    // hold as it was.
    // (Not on a screening cancelled meanwhile: that ended the hold, and its keys are to go.)
    let called_off = db
        .showtime(req.showtime)
        .is_ok_and(|r| r.is_some_and(|r| r.cancelled.is_some()));
    if let (Some(old), true, false) = (&req.existing, change.continuing, called_off)
        && let Err(e) = restore_hold(
            redis,
            req.showtime,
            old.user.as_str(),
            &req.held,
            old.expires_at_ms,
            old.hold_started_at_ms,
            Some(granted.now_ms),
        )
    {
        warnings.push(format!("could not restore the hold after the failure: {e}"));
    }
    warnings
}
