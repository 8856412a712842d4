//! Every change holds make to a booking in SQLite, each with its audit row: a hold recorded or
//! restarted ([`record_hold`]), extended ([`extend`]), sold ([`sell`]), released or cancelled
//! ([`release`]), expired ([`expire`], through [`clear_stale_claims`] when a hold that ran
//! out is in the way), and moved to other seats ([`move_seats`], in `claims/moves.rs`). Also
//! the audit row of a forced release of a lock with no booking. Cancels (a sale or a hold taken
//! back by staff) and the refunds they and refused late payments owe are in `claims/cancel.rs`,
//! re-exported here. Every change of a booking's seats prices it again (`claims/price.rs`: the
//! rule, and why an ended booking keeps its amount).
//!
//! Each function runs inside the caller's write transaction ([`Db::write`]): the change and its
//! audit row commit together or not at all, and nothing here touches Redis (the caller's step
//! before or after). The SQL itself is in `store`.
//!
//! # Expiring a hold
//!
//! [`expire`] is the one writer of PENDING → EXPIRED, for `sweep` as well as for reserve and
//! confirm. Given a booking and a [`Reason`], it guarantees:
//!
//! * it changes the booking only if it is still PENDING, and, for a reason that carries Redis's
//!   clock ([`Reason::ran_out_by`]: every reason but [`Reason::UserReservedAgain`]), only if its
//!   expiry is at or before that time. The `UPDATE` itself checks both, so a hold confirmed,
//!   released, expired or extended meanwhile is left alone;
//! * when it changes the booking, it sets `status = 'EXPIRED'` and `updated_at_ms = wall_ms`
//!   and writes exactly one audit row: `action` `expire`, the booking's showtime, id, user and
//!   the seats given, `at_ms = wall_ms`, and `detail` `{"reason": …}` plus the reason's one
//!   piece of evidence (`redis_now_ms` or `expired_at_ms`), keys in that order. When it does
//!   not, it writes nothing;
//! * it returns whether it changed the booking;
//! * the booking's seats stay in it (not released): the status trigger takes them off the
//!   fence, so they are free to claim in the same transaction.
//!
//! [`Db::write`]: crate::store::Db::write

mod cancel;
mod moves;
pub mod price;

pub use cancel::{CancelRecord, Cancellation, Mismatch, cancel, owe_late_payment, owe_mismatch};

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::error::{Error, TakenSeat, TakenState};
use crate::ids::{ShowtimeId, UserId};
use crate::store::{AuditEntry, Booking, Refused, Status, Tx};

pub use moves::{MoveRecord, SeatMove, move_seats};
pub use price::Price;

/// A booking as its audit row names it.
#[derive(Debug, Clone)]
pub struct BookingRef<'a> {
    pub id: i64,
    pub showtime_id: i64,
    pub user: &'a str,
    /// The seats the audit row lists: the booking's seats not released.
    pub seats: Vec<String>,
}

impl<'a> BookingRef<'a> {
    pub fn of(b: &'a Booking) -> Self {
        BookingRef {
            id: b.id,
            showtime_id: b.showtime_id.get(),
            user: b.user.as_str(),
            seats: b.seat_names(),
        }
    }
}

/// Why a PENDING booking expires; each is worded once, here, for its audit row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// `sweep`: the hold ran out by Redis's clock (`redis_now_ms`) and its locks are gone.
    RanOut { redis_now_ms: i64 },
    /// A reserve wants one of its seats, and it ran out (at `expired_at_ms`) by `redis_now_ms`.
    SeatReservedAgain {
        redis_now_ms: i64,
        expired_at_ms: i64,
    },
    /// A late payment for an earlier hold wants one of its seats, and it ran out likewise.
    SeatPaidLate {
        redis_now_ms: i64,
        expired_at_ms: i64,
    },
    /// Its user reserved again after Redis's clock said this hold had run out, and the new hold
    /// replaces it. Redis decided, so the booking's expiry is not checked again.
    UserReservedAgain,
}

impl Reason {
    /// The audit row's `reason`.
    pub fn text(self) -> &'static str {
        match self {
            Reason::RanOut { .. } => "hold ran out",
            Reason::SeatReservedAgain { .. } => "hold ran out; seat reserved again",
            Reason::SeatPaidLate { .. } => "hold ran out; late payment for an earlier hold",
            Reason::UserReservedAgain => "hold ran out; user reserved again",
        }
    }

    /// The time (Redis's clock) the booking's expiry must be at or before for it to expire;
    /// `None`: whatever its expiry.
    pub fn ran_out_by(self) -> Option<i64> {
        match self {
            Reason::RanOut { redis_now_ms }
            | Reason::SeatReservedAgain { redis_now_ms, .. }
            | Reason::SeatPaidLate { redis_now_ms, .. } => Some(redis_now_ms),
            Reason::UserReservedAgain => None,
        }
    }

    fn detail(self) -> Value {
        let reason = self.text();
        match self {
            Reason::RanOut { redis_now_ms } => {
                json!({ "reason": reason, "redis_now_ms": redis_now_ms })
            }
            Reason::SeatReservedAgain { expired_at_ms, .. }
            | Reason::SeatPaidLate { expired_at_ms, .. } => {
                json!({ "reason": reason, "expired_at_ms": expired_at_ms })
            }
            Reason::UserReservedAgain => json!({ "reason": reason }),
        }
    }
}

/// PENDING → EXPIRED, with its audit row; see the module's doc for what it guarantees. Returns
/// whether the booking changed.
pub fn expire(
    tx: &Tx<'_>,
    booking: BookingRef<'_>,
    reason: Reason,
    wall_ms: i64,
) -> Result<bool, Error> {
    let changed = match reason.ran_out_by() {
        Some(redis_now_ms) => tx.expire_overdue(booking.id, redis_now_ms, wall_ms)?,
        None => tx.transition(booking.id, Status::Pending, Status::Expired, wall_ms)?,
    };
    if changed {
        tx.audit(AuditEntry {
            at_ms: wall_ms,
            showtime_id: Some(booking.showtime_id),
            booking_id: Some(booking.id),
            user: Some(booking.user),
            seats: &booking.seats,
            action: "expire",
            detail: Some(reason.detail()),
            ..Default::default()
        })?;
    }
    Ok(changed)
}

/// Who wants the seats of holds that ran out.
#[derive(Debug, Clone, Copy)]
pub enum Claimant {
    Reserve,
    LatePayment,
}

/// Expires every PENDING booking whose hold ran out by `redis_now_ms` and that claims one of
/// `seats`, and returns the claims that still stand (sold, or held by a live booking), other
/// than `own`'s.
pub fn clear_stale_claims(
    tx: &Tx<'_>,
    showtime: ShowtimeId,
    seats: &[String],
    own: Option<i64>,
    redis_now_ms: i64,
    claimant: Claimant,
    wall_ms: i64,
) -> Result<Vec<TakenSeat>, Error> {
    let mut taken = Vec::new();
    let mut expired = HashSet::new();
    for claim in tx.live_claims(showtime, seats)? {
        if Some(claim.booking_id) == own || expired.contains(&claim.booking_id) {
            continue;
        }
        if claim.status == Status::Pending && claim.expires_at_ms <= redis_now_ms {
            let (redis_now_ms, expired_at_ms) = (redis_now_ms, claim.expires_at_ms);
            let reason = match claimant {
                Claimant::Reserve => Reason::SeatReservedAgain {
                    redis_now_ms,
                    expired_at_ms,
                },
                Claimant::LatePayment => Reason::SeatPaidLate {
                    redis_now_ms,
                    expired_at_ms,
                },
            };
            let b = tx.booking(claim.booking_id)?;
            let booking = BookingRef {
                id: claim.booking_id,
                showtime_id: showtime.get(),
                user: &claim.user,
                seats: b.as_ref().map_or_else(Vec::new, Booking::seat_names),
            };
            expire(tx, booking, reason, wall_ms)?;
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
            reason: None,
        });
    }
    Ok(taken)
}

/// A hold as reserve records it, after Redis took its locks.
pub struct HoldRecord<'a> {
    pub showtime: ShowtimeId,
    pub user: &'a UserId,
    /// The user's PENDING booking this hold carries on (restarted, with the new seats added);
    /// `None` for a new booking.
    pub continues: Option<i64>,
    /// Start and expiry, Redis's clock.
    pub started_ms: i64,
    pub expires_at_ms: i64,
    /// The hold asked for.
    pub hold_ms: i64,
    /// The seats this reserve adds: claimed here.
    pub added: &'a [String],
    /// Every seat of the hold afterwards.
    pub seats: &'a [String],
}

/// Records a new PENDING booking, or restarts the one the hold continues, claims the added
/// seats (the fence refusing one is a conflict), prices the booking and writes the `reserve`
/// audit row. Returns the booking's id and its price.
pub fn record_hold(
    tx: &Tx<'_>,
    h: &HoldRecord<'_>,
    wall_ms: i64,
) -> Result<(i64, Option<Price>), Error> {
    let showtime = h.showtime;
    let booking_id = if let Some(id) = h.continues {
        tx.restart_hold(id, h.started_ms, h.expires_at_ms, wall_ms)?;
        id
    } else {
        tx.insert_hold(showtime, h.user, h.started_ms, h.expires_at_ms, wall_ms)?
    };
    // A seat released from this hold earlier comes back into it.
    for seat in h.added {
        tx.claim_seat(booking_id, showtime, seat)?.map_err(|Refused| {
            Error::conflict(format!(
                "seat {seat} on showtime {showtime} is claimed in the database; nothing was reserved"
            ))
        })?;
    }
    let price = price::reprice(tx, booking_id)?;
    tx.audit(AuditEntry {
        at_ms: wall_ms,
        showtime_id: Some(showtime.get()),
        booking_id: Some(booking_id),
        user: Some(h.user.as_str()),
        seats: h.added,
        action: "reserve",
        detail: Some(json!({
            "hold_ms": h.hold_ms,
            "hold_started_at_ms": h.started_ms,
            "expires_at_ms": h.expires_at_ms,
            "hold_seats": h.seats,
        })),
        ..Default::default()
    })?;
    Ok((booking_id, price))
}

/// A sale as confirm records it.
pub struct Sale<'a> {
    /// The booking as read in this transaction: PENDING, or EXPIRED for a late payment.
    pub booking: &'a Booking,
    pub payment_id: &'a str,
    pub late: bool,
    /// Redis's clock when confirm read the locks, for the audit row.
    pub redis_now_ms: i64,
}

/// PENDING or EXPIRED → CONFIRMED, with its audit row. `Ok(Err(Refused))`: the fence or the
/// payment index refused it, and nothing was written. A booking in neither status is an
/// internal error: the caller read it in this same transaction.
pub fn sell(tx: &Tx<'_>, sale: &Sale<'_>, wall_ms: i64) -> Result<Result<(), Refused>, Error> {
    let b = sale.booking;
    let updated = match tx.confirm(b.id, sale.payment_id, sale.late, wall_ms)? {
        Ok(updated) => updated,
        Err(Refused) => return Ok(Err(Refused)),
    };
    if !updated {
        return Err(Error::Internal(anyhow::anyhow!(
            "booking {} changed during confirm",
            b.id
        )));
    }
    let detail = json!({
        "payment_id": sale.payment_id,
        "late": sale.late,
        "previous_status": b.status,
        "expires_at_ms": b.expires_at_ms,
        "redis_now_ms": sale.redis_now_ms,
        // What was paid: a sale's amount stays this less what is owed back.
        "amount": b.amount_minor,
        "currency": b.currency,
    });
    audit_booking(tx, b, ("confirm", false), detail, wall_ms)?;
    Ok(Ok(()))
}

/// Releases `seats` from a PENDING booking (as read in this transaction): all of its seats
/// cancel it (PENDING → CANCELLED), fewer are taken out of it one by one (and it is priced
/// again). Writes the `release`
/// (or, `forced`, `force_release`) audit row. Returns the booking's status afterwards.
pub fn release(
    tx: &Tx<'_>,
    current: &Booking,
    seats: &[String],
    forced: bool,
    wall_ms: i64,
) -> Result<Status, Error> {
    let whole = current
        .seats
        .iter()
        .all(|s| seats.iter().any(|r| r == s.as_str()));
    if whole {
        tx.transition(current.id, Status::Pending, Status::Cancelled, wall_ms)?;
    } else {
        for s in seats {
            tx.release_seat(current.id, s, wall_ms)?;
        }
        price::reprice(tx, current.id)?;
    }
    tx.audit(AuditEntry {
        at_ms: wall_ms,
        showtime_id: Some(current.showtime_id.get()),
        booking_id: Some(current.id),
        user: Some(current.user.as_str()),
        seats,
        action: if forced { "force_release" } else { "release" },
        forced,
        detail: Some(json!({ "whole_hold": whole })),
    })?;
    Ok(if whole {
        Status::Cancelled
    } else {
        Status::Pending
    })
}

/// The audit row of a forced release of a lock with no booking behind it (`holder` `""` for a
/// corrupt lock). No booking changes: removing the lock from Redis is the whole release.
pub fn record_orphan_release(
    tx: &Tx<'_>,
    showtime: ShowtimeId,
    seat: &str,
    holder: &str,
    forced: bool,
    wall_ms: i64,
) -> Result<(), Error> {
    tx.audit(AuditEntry {
        at_ms: wall_ms,
        showtime_id: Some(showtime.get()),
        user: Some(holder),
        seats: &[seat.to_string()],
        action: "force_release_orphan_lock",
        forced,
        ..Default::default()
    })
}

/// An extension as `ttl --extend` records it, after Redis moved the keys.
pub struct Extension<'a> {
    pub booking: &'a Booking,
    pub by_ms: i64,
    pub expires_at_ms: i64,
    pub forced: bool,
}

/// Moves a PENDING booking's expiry, with its `extend` audit row. Returns false (and writes
/// nothing) when the booking is no longer PENDING.
pub fn extend(tx: &Tx<'_>, e: &Extension<'_>, wall_ms: i64) -> Result<bool, Error> {
    let b = e.booking;
    if !tx.extend_hold(b.id, e.expires_at_ms, wall_ms)? {
        return Ok(false);
    }
    let detail = json!({
        "by_ms": e.by_ms,
        "previous_expires_at_ms": b.expires_at_ms,
        "expires_at_ms": e.expires_at_ms,
    });
    audit_booking(tx, b, ("extend", e.forced), detail, wall_ms)?;
    Ok(true)
}

/// The audit row of a change to the whole of `b` (its seats as they stand): `action` and
/// whether staff forced it.
pub(super) fn audit_booking(
    tx: &Tx<'_>,
    b: &Booking,
    (action, forced): (&'static str, bool),
    detail: Value,
    wall_ms: i64,
) -> Result<(), Error> {
    tx.audit(AuditEntry {
        at_ms: wall_ms,
        showtime_id: Some(b.showtime_id.get()),
        booking_id: Some(b.id),
        user: Some(b.user.as_str()),
        seats: &b.seat_names(),
        action,
        forced,
        detail: Some(detail),
    })
}

#[cfg(test)]
mod tests;
