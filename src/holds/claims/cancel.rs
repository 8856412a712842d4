//! The booking changes of a cancel and the refunds owed, each with its audit rows, inside the
//! caller's transaction (re-exported from [`claims`](super), the one writer of booking state):
//!
//! * [`cancel`]: seats taken back from a PENDING hold (as `release --force` does) or from a
//!   CONFIRMED sale; a booking left with no seat ends CANCELLED. A sale's seats are owed back as
//!   one refund, recorded with them in `refund_seats`, so a paid seat is never refunded twice
//!   (the database refuses it);
//! * [`owe_late_payment`]: a payment that confirm refused because its seats went to someone
//!   else is owed back, once per payment id however often the confirm is retried;
//! * [`owe_mismatch`]: a captured payment whose amount or currency is not the booking's (a
//!   webhook's `payment.captured`) is owed back whole, once per payment id.
//!
//! A refund owes the cancelled seats' prices, or the late-paid booking's amount (`price.rs`);
//! a booking left with fewer seats is priced again.

use serde_json::json;

use crate::error::Error;
use crate::store::{AuditEntry, Booking, NewRefund, Refund, RefundSource, Refused, Status, Tx};

/// Seats to take back from a booking, as read in this transaction.
pub struct Cancellation<'a> {
    pub booking: &'a Booking,
    /// Seats of the booking, all still in it.
    pub seats: &'a [String],
    pub reason: &'a str,
    /// Why the refund is owed: staff's `cancel`, or the screening's `showtime cancel`.
    pub source: RefundSource,
}

/// What a cancel changed.
pub struct CancelRecord {
    /// The booking's status afterwards: CANCELLED, or as it was with fewer seats.
    pub status: Status,
    /// The refund owed for sold seats; `None` for a hold (nothing was paid).
    pub refund: Option<Refund>,
}

/// Takes `c.seats` back from a PENDING or CONFIRMED booking, with its `cancel` audit row (and,
/// for a sale, the refund and its `refund_owed` row). Any other status is an internal error: the
/// caller read it in this same transaction.
pub fn cancel(tx: &Tx<'_>, c: &Cancellation<'_>, wall_ms: i64) -> Result<CancelRecord, Error> {
    let b = c.booking;
    if !matches!(b.status, Status::Pending | Status::Confirmed) {
        return Err(Error::Internal(anyhow::anyhow!(
            "booking {} is {} and cannot be cancelled",
            b.id,
            b.status
        )));
    }
    let whole = b
        .seat_names()
        .iter()
        .all(|s| c.seats.iter().any(|r| r == s));
    if whole {
        if !tx.transition(b.id, b.status, Status::Cancelled, wall_ms)? {
            return Err(Error::Internal(anyhow::anyhow!(
                "booking {} changed during cancel",
                b.id
            )));
        }
    } else {
        for s in c.seats {
            tx.release_seat(b.id, s, wall_ms)?;
        }
        super::price::reprice(tx, b.id)?;
    }
    let refund = match b.status {
        Status::Confirmed => Some(owe_seats(tx, c, wall_ms)?),
        _ => None,
    };
    let status = if whole { Status::Cancelled } else { b.status };
    tx.audit(AuditEntry {
        at_ms: wall_ms,
        showtime_id: Some(b.showtime_id.get()),
        booking_id: Some(b.id),
        user: Some(b.user.as_str()),
        seats: c.seats,
        action: "cancel",
        forced: true,
        detail: Some(json!({
            "reason": c.reason,
            "previous_status": b.status,
            "status": status,
            "whole_booking": whole,
            "source": c.source,
            "refund": refund.as_ref().map(|r| r.id),
        })),
    })?;
    Ok(CancelRecord { status, refund })
}

/// The refund of a sale's cancelled seats, with its `refund_owed` audit row.
fn owe_seats(tx: &Tx<'_>, c: &Cancellation<'_>, wall_ms: i64) -> Result<Refund, Error> {
    let b = c.booking;
    let payment_id = b.payment_id.as_deref().ok_or_else(|| {
        Error::Internal(anyhow::anyhow!(
            "booking {} is CONFIRMED with no payment",
            b.id
        ))
    })?;
    let new = NewRefund {
        booking_id: b.id,
        showtime: b.showtime_id,
        payment_id,
        seats: c.seats,
        source: c.source,
        reason: c.reason,
        amount_minor: super::price::of_seats(tx, b.showtime_id, c.seats)?,
        now_ms: wall_ms,
    };
    let id = tx.insert_seat_refund(&new)?.map_err(|Refused| {
        Error::conflict(format!(
            "a seat of booking {} was refunded already; nothing was cancelled",
            b.id
        ))
    })?;
    let refund = find(tx, b.id, id)?;
    audit_owed(tx, b, &refund, wall_ms)?;
    Ok(refund)
}

/// Records that `payment_id`, refused for `booking` because its seats went to someone else, is
/// owed back, with its `refund_owed` audit row. Returns the refund when this call recorded it;
/// `None` when it was recorded already (a retried confirm) or the payment is the booking's own
/// (a sale's refund comes from its cancel).
pub fn owe_late_payment(
    tx: &Tx<'_>,
    booking: &Booking,
    payment_id: &str,
    reason: &str,
    wall_ms: i64,
) -> Result<Option<Refund>, Error> {
    if booking.payment_id.as_deref() == Some(payment_id) {
        return Ok(None);
    }
    let seats = booking.seat_names();
    let new = NewRefund {
        booking_id: booking.id,
        showtime: booking.showtime_id,
        payment_id,
        seats: &seats,
        source: RefundSource::LatePayment,
        reason,
        amount_minor: booking.price().map(|(amount, _)| amount),
        now_ms: wall_ms,
    };
    let Some(id) = tx.insert_late_payment_refund(&new)? else {
        return Ok(None);
    };
    let refund = find(tx, booking.id, id)?;
    audit_owed(tx, booking, &refund, wall_ms)?;
    Ok(Some(refund))
}

/// A payment that did not pay the booking's price: what was captured (`captured_minor` of
/// `captured_currency`).
pub struct Mismatch<'a> {
    pub booking: &'a Booking,
    pub payment_id: &'a str,
    pub captured_minor: i64,
    pub captured_currency: &'a str,
    pub reason: &'a str,
}

/// Records that a mismatched payment is owed back, with its `refund_owed` audit row. The refund
/// owes what was captured when it is in the showtime's currency (the refunds table's unit), and
/// no amount otherwise (the reason says what was captured). `None`: recorded already.
pub fn owe_mismatch(tx: &Tx<'_>, m: &Mismatch<'_>, wall_ms: i64) -> Result<Option<Refund>, Error> {
    let booking = m.booking;
    let seats = booking.seat_names();
    let same_currency = booking.currency.as_deref() == Some(m.captured_currency);
    let new = NewRefund {
        booking_id: booking.id,
        showtime: booking.showtime_id,
        payment_id: m.payment_id,
        seats: &seats,
        source: RefundSource::AmountMismatch,
        reason: m.reason,
        amount_minor: same_currency.then_some(m.captured_minor),
        now_ms: wall_ms,
    };
    let Some(id) = tx.insert_mismatch_refund(&new)? else {
        return Ok(None);
    };
    let refund = find(tx, booking.id, id)?;
    audit_owed(tx, booking, &refund, wall_ms)?;
    Ok(Some(refund))
}

pub(super) fn find(tx: &Tx<'_>, booking_id: i64, id: i64) -> Result<Refund, Error> {
    tx.refunds_of_booking(booking_id)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::Internal(anyhow::anyhow!("refund {id} vanished")))
}

pub(super) fn audit_owed(tx: &Tx<'_>, b: &Booking, r: &Refund, wall_ms: i64) -> Result<(), Error> {
    tx.audit(AuditEntry {
        at_ms: wall_ms,
        showtime_id: Some(b.showtime_id.get()),
        booking_id: Some(b.id),
        user: Some(b.user.as_str()),
        seats: &r.seats,
        action: "refund_owed",
        detail: Some(json!({
            "refund": r.id,
            "payment_id": r.payment_id,
            "source": r.source,
            "reason": r.reason,
        })),
        ..Default::default()
    })
}
