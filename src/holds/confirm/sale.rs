//! The sale's SQLite transaction: the booking as it is now becomes CONFIRMED, or the payment
//! is refused with the refund it owes recorded in the same transaction (and, for a webhook,
//! the event with it).

use super::*;

/// What the transaction of a confirm decided: sold, already sold by another confirm (`Raced`),
/// already done by another delivery of the event (`Duplicate`), or refused (the inner error),
/// with the refund it owes recorded in the same transaction.
pub(super) type Decision = Result<Done, Error>;

pub(super) enum Done {
    Sold(Sold),
    Raced,
    Duplicate(PaymentEvent),
}

/// What the sale's transaction is asked to do.
pub(super) struct SaleAsk<'a> {
    pub(super) showtime: ShowtimeId,
    pub(super) payment_id: &'a str,
    pub(super) timing: Timing,
    pub(super) paid: Paid<'a>,
}

/// SQLite's step: the booking as it is now becomes CONFIRMED, unless it was cancelled
/// meanwhile, the captured amount is not its price, or (EXPIRED, a late payment) a seat of it is
/// claimed by a live booking.
pub(super) fn sell(tx: &Tx<'_>, booking: &Booking, ask: &SaleAsk<'_>) -> Result<Decision, Error> {
    let SaleAsk {
        showtime,
        payment_id,
        timing,
        paid,
    } = *ask;
    let wall = wall_ms();
    if let Some(first) = paid
        .event
        .map(|e| tx.payment_event(e.id))
        .transpose()?
        .flatten()
    {
        return Ok(Ok(Done::Duplicate(first)));
    }
    let current = tx
        .booking(booking.id)?
        .ok_or_else(|| Error::not_found(format!("booking {} does not exist", booking.id)))?;
    if let Some(e) = screening_refusal(tx.showtime(showtime)?, &current, payment_id) {
        return refused(tx, &current, ask, e, wall);
    }
    match current.status {
        Status::Confirmed => return Ok(Ok(Done::Raced)),
        Status::Cancelled => {
            return Ok(Err(must_refund(
                booking,
                format!(
                    "booking {} was cancelled meanwhile; payment {payment_id} must be refunded",
                    booking.id
                ),
            )));
        }
        Status::Pending | Status::Expired => {}
    }
    if let Some(d) = check_amount(tx, &current, ask, wall)? {
        return Ok(d);
    }
    if current.status == Status::Expired
        && let Some(d) = seats_gone(tx, &current, ask, wall)?
    {
        return Ok(d);
    }
    // Decided on time by Redis's clock, but the hold ran out (and the sweep expired it)
    // before this commit: the seats were free for others meanwhile, so the sale is late.
    let late = timing.late || current.status == Status::Expired;
    let sale = Sale {
        booking: &current,
        payment_id,
        late,
        redis_now_ms: timing.redis_now_ms,
    };
    if let Err(Refused) = claims::sell(tx, &sale, wall)? {
        let e = refund(&current, payment_id, Vec::new());
        return refused(tx, &current, ask, e, wall);
    }
    let outcome = if late {
        EventOutcome::Late
    } else {
        EventOutcome::Confirmed
    };
    if let Some(v) = paid.verification {
        let action = ("payment_verification", v.forced);
        claims::audit_booking(tx, &current, action, v.detail.clone(), wall)?;
    }
    record_event(tx, paid, current.id, payment_id, outcome)?;
    Ok(Ok(Done::Sold(Sold {
        booking: current,
        late,
    })))
}

/// A late payment for an EXPIRED booking: the holds that ran out in its way expire, and a seat
/// that is sold, held or blocked by now refuses it (the refund owed recorded here). `None`: its
/// seats are all free.
fn seats_gone(
    tx: &Tx<'_>,
    current: &Booking,
    ask: &SaleAsk<'_>,
    wall: i64,
) -> Result<Option<Decision>, Error> {
    let showtime = ask.showtime;
    let mut taken = claims::clear_stale_claims(
        tx,
        showtime,
        &current.seat_names(),
        Some(current.id),
        ask.timing.redis_now_ms,
        Claimant::LatePayment,
        wall,
    )?;
    // A seat blocked since the hold ran out is not for sale either (the fence would refuse the
    // claim; this names the block).
    taken.extend(
        (tx.live_blocks(showtime, &current.seat_names())?.into_iter())
            .map(super::super::reserve::blocked_seat),
    );
    if taken.is_empty() {
        return Ok(None);
    }
    let e = refund(current, ask.payment_id, taken);
    refused(tx, current, ask, e, wall).map(Some)
}

/// The captured amount against a priced booking's (as read in this transaction): a mismatch is
/// refused, and the payment owed back (`amount_mismatch`) with the event, in this transaction.
/// `None`: nothing to check, or they agree.
fn check_amount(
    tx: &Tx<'_>,
    current: &Booking,
    ask: &SaleAsk<'_>,
    wall_ms: i64,
) -> Result<Option<Decision>, Error> {
    let (Some((captured, captured_currency)), Some((amount, currency))) =
        (ask.paid.captured, current.price())
    else {
        return Ok(None);
    };
    if captured == amount && captured_currency == currency {
        return Ok(None);
    }
    let payment_id = ask.payment_id;
    let message = format!(
        "booking {} not confirmed: payment {payment_id} captured {} but the booking costs {}; \
         it stays pending, and the payment must be refunded",
        current.id,
        crate::text::money(captured, captured_currency),
        crate::text::money(amount, currency),
    );
    let m = claims::Mismatch {
        booking: current,
        payment_id,
        captured_minor: captured,
        captured_currency,
        reason: &message,
    };
    claims::owe_mismatch(tx, &m, wall_ms)?;
    record_event(
        tx,
        ask.paid,
        current.id,
        payment_id,
        EventOutcome::AmountMismatch,
    )?;
    Ok(Some(Err(must_refund(current, message))))
}

/// A refusal decided in the transaction: the refund it owes is recorded there, with the event,
/// and the transaction commits (with the stale holds it expired on the way, which had run out).
fn refused(
    tx: &Tx<'_>,
    booking: &Booking,
    ask: &SaleAsk<'_>,
    e: Error,
    wall_ms: i64,
) -> Result<Decision, Error> {
    claims::owe_late_payment(tx, booking, ask.payment_id, &e.message(), wall_ms)?;
    let outcome = EventOutcome::RefundRequired;
    record_event(tx, ask.paid, booking.id, ask.payment_id, outcome)?;
    Ok(Err(e))
}
