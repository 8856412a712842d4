//! `confirm`: read the locks, then SQLite (CONFIRMED), then Redis (drop the locks). A payment
//! for a hold that ran out still sells its seats if nobody has taken them since (late); else it
//! must be refunded, and the refund owed is recorded (`refunds`): in the transaction that refuses
//! it, or right after the locks refused it. Once per payment id, so a retried confirm records
//! nothing more. (A payment for a cancelled hold, or a second payment for a sale, is refused with
//! `refund_required` as before, and not recorded: neither is a late payment whose seats went to
//! someone else.)
//!
//! A webhook's confirm ([`confirm_paid`]) brings two more things, both settled inside the
//! sale's transaction so that no concurrent change slips between check and write: the amount
//! Razorpay captured, which must be the booking's (else not sold, owed back as
//! `amount_mismatch`, the booking left PENDING), and the event, recorded with its effect so that
//! a replay finds it and changes nothing ([`Paid`]).

use std::time::Duration;

use serde::Serialize;

use super::claims::{self, Claimant, Sale};
use super::conflict::{lock_state, shown_holder};
use super::{failpoint, finish_in_redis, lock_snapshot, wall_ms};
use crate::catalog;
use crate::error::{Error, TakenSeat};
use crate::ids::{ShowtimeId, UserId};
use crate::redis_client::Redis;
use crate::store::{Booking, Db, EventOutcome, PaymentEvent, Refused, Status, Tx};

mod sale;

use sale::{Done, SaleAsk, sell};

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
    /// What the seats cost, minor units of `currency`; `None`: no price.
    pub amount: Option<i64>,
    pub currency: Option<String>,
    #[serde(skip)]
    pub warning: Option<String>,
}

impl Confirmation {
    /// `booking`, sold with `payment_id`.
    fn of(
        booking: &Booking,
        payment_id: &str,
        late: bool,
        already_confirmed: bool,
        warning: Option<String>,
    ) -> Confirmation {
        Confirmation {
            booking_id: booking.id,
            showtime_id: booking.showtime_id.get(),
            user: booking.user.to_string(),
            status: Status::Confirmed,
            payment_id: payment_id.to_string(),
            seats: booking.seat_names(),
            late,
            already_confirmed,
            amount: booking.amount_minor,
            currency: booking.currency.clone(),
            warning,
        }
    }
}

/// What a webhook adds to a confirm (`Paid::default()`: nothing, the `confirm` command).
#[derive(Debug, Default, Clone, Copy)]
pub struct Paid<'a> {
    /// What was captured (minor units, ISO currency), checked against a priced booking.
    pub captured: Option<(i64, &'a str)>,
    /// The event to record with the confirm's effect.
    pub event: Option<Event<'a>>,
    /// How the payment was checked (`confirm --signature`, or staff `--force`): its
    /// `payment_verification` audit row, written in the sale's own transaction.
    pub verification: Option<Verified<'a>>,
}

/// A `payment_verification` audit row's detail, and whether staff forced the sale.
#[derive(Debug, Clone, Copy)]
pub struct Verified<'a> {
    pub detail: &'a serde_json::Value,
    pub forced: bool,
}

/// A webhook event, as recorded in `payment_events`.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub received_at_ms: i64,
}

impl Event<'_> {
    /// The row this event makes, with its outcome.
    pub fn row(&self, booking_id: i64, payment_id: &str, outcome: EventOutcome) -> PaymentEvent {
        PaymentEvent {
            event_id: self.id.to_string(),
            event: self.name.to_string(),
            payment_id: Some(payment_id.to_string()),
            booking_id: Some(booking_id),
            outcome,
            received_at_ms: self.received_at_ms,
        }
    }
}

/// What a confirm with an event did.
#[derive(Debug)]
pub enum PaidOutcome {
    /// Sold now, or already with this payment (`already_confirmed`).
    Sold(Confirmation),
    /// The event was recorded already (by a concurrent delivery): nothing changed.
    Duplicate(PaymentEvent),
}

/// Checks a payment id: 1-128 characters from `A-Z a-z 0-9 _ . -`.
pub fn check_payment_id(p: &str) -> Result<(), Error> {
    crate::ids::check_provider_id("payment id", p)
}

/// When the sale happens, by Redis's clock.
#[derive(Clone, Copy)]
struct Timing {
    redis_now_ms: i64,
    /// The hold had run out (or the booking was EXPIRED) when confirm read the locks.
    late: bool,
}

/// A booking this confirm sold.
struct Sold {
    booking: Booking,
    late: bool,
}

pub fn confirm(
    db: &mut Db,
    redis: &mut Redis,
    target: &Target,
    payment_id: &str,
    fallback_ttl: Duration,
) -> Result<Confirmation, Error> {
    match confirm_paid(db, redis, target, payment_id, Paid::default(), fallback_ttl)? {
        PaidOutcome::Sold(c) => Ok(c),
        PaidOutcome::Duplicate(e) => Err(Error::Internal(anyhow::anyhow!(
            "confirm without an event found event {}",
            e.event_id
        ))),
    }
}

/// `confirm`, with what a webhook adds ([`Paid`]): the captured amount checked and the event
/// recorded in the transaction of the effect (a sale, a refund owed), or on its own when the
/// confirm changes nothing (a retry). A refusal that records nothing records no event.
pub fn confirm_paid(
    db: &mut Db,
    redis: &mut Redis,
    target: &Target,
    payment_id: &str,
    paid: Paid<'_>,
    fallback_ttl: Duration,
) -> Result<PaidOutcome, Error> {
    check_payment_id(payment_id)?;
    let booking = resolve(db, target, Some(payment_id))?;
    let showtime = booking.showtime_id;
    refuse_payment_of_another(db, &booking, payment_id)?;
    if let Some(e) = screening_refusal(db.showtime(showtime)?, &booking, payment_id) {
        return Err(owed(db, &booking, payment_id, e, paid));
    }
    match booking.status {
        Status::Confirmed => {
            let c = already_confirmed(redis, booking, payment_id, fallback_ttl)?;
            return record_retry(db, c, payment_id, paid);
        }
        Status::Cancelled => {
            return Err(must_refund(
                &booking,
                format!(
                    "booking {} was cancelled; it cannot be confirmed — payment {payment_id} must be refunded",
                    booking.id
                ),
            ));
        }
        Status::Pending | Status::Expired => {}
    }
    let timing = check_locks(redis, showtime, &booking, payment_id)
        .map_err(|e| owed(db, &booking, payment_id, e, paid))?;
    failpoint("confirm-before-sqlite");
    // A refusal decided in the transaction commits with the refund it owes (the inner error).
    let sale = SaleAsk {
        showtime,
        payment_id,
        timing,
        paid,
    };
    let Sold { booking, late } = match db.write(|tx| sell(tx, &booking, &sale))?? {
        Done::Sold(sold) => sold,
        Done::Duplicate(e) => return Ok(PaidOutcome::Duplicate(e)),
        Done::Raced => {
            // A concurrent confirm got there first.
            let b = db.booking(booking.id)?.ok_or_else(|| {
                Error::not_found(format!("booking {} does not exist", booking.id))
            })?;
            let c = already_confirmed(redis, b, payment_id, fallback_ttl)?;
            return record_retry(db, c, payment_id, paid);
        }
    };
    failpoint("confirm-after-sqlite");

    let warning = finish_in_redis(redis, showtime, booking.user.as_str(), &booking.seat_names(), true, Some(booking.hold_started_at_ms), fallback_ttl)
        .err()
        .map(|e| format!("booking confirmed, but its Redis locks were not removed ({e}); they expire on their own"));
    Ok(PaidOutcome::Sold(Confirmation::of(
        &booking, payment_id, late, false, warning,
    )))
}

/// A confirm that changed nothing (the booking was sold with this payment already): its event
/// is recorded on its own, so that a replay is a duplicate.
fn record_retry(
    db: &mut Db,
    c: Confirmation,
    payment_id: &str,
    paid: Paid<'_>,
) -> Result<PaidOutcome, Error> {
    let Some(ev) = paid.event else {
        return Ok(PaidOutcome::Sold(c));
    };
    let outcome = if c.late {
        EventOutcome::Late
    } else {
        EventOutcome::Confirmed
    };
    let row = ev.row(c.booking_id, payment_id, outcome);
    let first = db.write(|tx| {
        if tx.insert_payment_event(&row)? {
            return Ok(None);
        }
        Ok(Some(tx.payment_event(ev.id)?.unwrap_or(row.clone())))
    })?;
    Ok(match first {
        None => PaidOutcome::Sold(c),
        Some(first) => PaidOutcome::Duplicate(first),
    })
}

/// Records the webhook's event (if any) in the caller's transaction. `Some`: it was recorded
/// already, and this is what it did.
fn record_event(
    tx: &Tx<'_>,
    paid: Paid<'_>,
    booking_id: i64,
    payment_id: &str,
    outcome: EventOutcome,
) -> Result<Option<PaymentEvent>, Error> {
    let Some(ev) = paid.event else {
        return Ok(None);
    };
    if tx.insert_payment_event(&ev.row(booking_id, payment_id, outcome))? {
        return Ok(None);
    }
    tx.payment_event(ev.id)
}

fn booking_by_payment(db: &Db, payment_id: &str) -> Result<Option<Booking>, Error> {
    match db.booking_id_by_payment(payment_id)? {
        Some(id) => db.booking(id),
        None => Ok(None),
    }
}

/// Finds the booking a confirm acts on.
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
                && b.showtime_id == *showtime
                && b.user == *user
            {
                return Ok(b);
            }
            if payment_id.is_some() {
                let latest =
                    db.list_bookings(Some(*showtime), None, Some(user.as_str()), Some(1))?;
                // A hold the screening's cancel released is paid for too: owed back.
                let called_off = db
                    .showtime(*showtime)?
                    .is_some_and(|r| r.cancelled.is_some());
                if let Some(b) = latest.into_iter().next().filter(|b| {
                    b.status == Status::Expired || (called_off && b.status == Status::Cancelled)
                }) {
                    return Ok(b);
                }
            }
            Err(Error::not_found(format!(
                "user {user} has no hold on showtime {showtime}"
            )))
        }
    }
}

/// One payment pays for one booking.
fn refuse_payment_of_another(db: &Db, booking: &Booking, payment_id: &str) -> Result<(), Error> {
    match booking_by_payment(db, payment_id)? {
        Some(other) if other.id != booking.id => Err(Error::Conflict {
            message: format!(
                "payment {payment_id} already paid for booking {}; not confirming booking {} with it",
                other.id, booking.id
            ),
            taken: Vec::new(),
            refund_required: false,
            booking_id: Some(booking.id),
        }),
        _ => Ok(()),
    }
}

/// Redis's step: who holds the seats right now, by Redis's clock. A hold that ran out still
/// has its seats only if nobody else has taken them since.
fn check_locks(
    redis: &mut Redis,
    showtime: ShowtimeId,
    booking: &Booking,
    payment_id: &str,
) -> Result<Timing, Error> {
    let snap = lock_snapshot(redis, showtime, &booking.seat_names())?;
    let live_hold = booking.status == Status::Pending && snap.now_ms < booking.expires_at_ms;
    let late = !live_hold;
    if late {
        let taken: Vec<TakenSeat> = snap
            .locks
            .iter()
            .filter(|l| l.wrong_type || l.holder.as_deref().is_some_and(|h| h != booking.user))
            .map(|l| TakenSeat {
                seat: l.seat.clone(),
                state: lock_state(l.wrong_type),
                user: l.holder.as_deref().map(shown_holder),
                booking_id: None,
                reason: None,
            })
            .collect();
        if !taken.is_empty() {
            return Err(refund(booking, payment_id, taken));
        }
    }
    Ok(Timing {
        redis_now_ms: snap.now_ms,
        late,
    })
}

/// A refusal decided outside a transaction (by the locks): when it owes a refund, the refund is recorded now. A retry records nothing more. If the database
/// cannot record it, the refusal stands and says so.
fn owed(db: &mut Db, booking: &Booking, payment_id: &str, e: Error, paid: Paid<'_>) -> Error {
    if !matches!(
        e,
        Error::Conflict {
            refund_required: true,
            ..
        }
    ) {
        return e;
    }
    let reason = e.message();
    let wall = wall_ms();
    let outcome = EventOutcome::RefundRequired;
    match db.write(|tx| {
        claims::owe_late_payment(tx, booking, payment_id, &reason, wall)?;
        record_event(tx, paid, booking.id, payment_id, outcome)
    }) {
        Ok(_) => e,
        Err(w) => e.with_warnings(vec![format!(
            "the refund of payment {payment_id} was not recorded ({}); retry the confirm to record it",
            w.message()
        )]),
    }
}

/// A payment for a booking of a cancelled screening (its hold released, or run out, by then):
/// refused, and owed back. `None` when the screening is on, or the booking is a sale (which the
/// screening's cancel has refunded already).
fn screening_refusal(
    showtime: Option<crate::store::ShowtimeRow>,
    booking: &Booking,
    payment_id: &str,
) -> Option<Error> {
    let c = showtime?.cancelled?;
    if booking.status == Status::Confirmed {
        return None;
    }
    Some(must_refund(
        booking,
        format!(
            "booking {} not confirmed: the screening of showtime {} is cancelled ({}). Payment {payment_id} must be refunded",
            booking.id, booking.showtime_id, c.reason
        ),
    ))
}

/// A conflict in which the payment must be refunded.
fn must_refund(booking: &Booking, message: String) -> Error {
    Error::Conflict {
        message,
        taken: Vec::new(),
        refund_required: true,
        booking_id: Some(booking.id),
    }
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
        return Err(must_refund(
            &booking,
            format!(
                "booking {} is already confirmed with payment {}; payment {payment_id} must be refunded",
                booking.id,
                booking.payment_id.as_deref().unwrap_or("?")
            ),
        ));
    }
    // A retry: nothing changes in SQLite; locks a crashed confirm left behind are tidied.
    let showtime = booking.showtime_id;
    let warning = finish_in_redis(
        redis,
        showtime,
        booking.user.as_str(),
        &booking.seat_names(),
        true,
        Some(booking.hold_started_at_ms),
        fallback_ttl,
    )
    .err()
    .map(|e| format!("could not tidy Redis ({e})"));
    Ok(Confirmation::of(
        &booking,
        payment_id,
        booking.late,
        true,
        warning,
    ))
}
