//! A move as SQLite records it: the booking's old seats let go and the new ones claimed through
//! the fence, in the caller's one transaction, so a crash leaves the booking on its old seats or
//! its new ones, never both and never neither. With its `move` audit row on each showtime it
//! touches, naming both seats of every pair, so `inspect --seat` shows it on either seat. The
//! booking is priced again from its new seats (`price.rs`); a sale's move is first checked
//! against the rule of [`price::exchange`] in this same transaction (the checks before Redis
//! read the prices too, but this is the one that decides), and a move to cheaper seats records
//! the difference owed back, once: its refund names the old seats' claims in `refund_seats`,
//! and those claims end with the move, so no retry or repeat can owe them again.

use serde_json::json;

use super::price::{self, Exchange, Price, Swap};
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::store::{AuditEntry, Booking, NewRefund, Refund, RefundSource, Refused, Status, Tx};

/// One move, after Redis locked the new seats.
pub struct SeatMove<'a> {
    /// The booking as read in this transaction: PENDING or CONFIRMED.
    pub booking: &'a Booking,
    /// Where it goes: its own showtime, or another one (then every seat of it moves).
    pub to_showtime: ShowtimeId,
    /// `(from, to)` seat pairs, checked by the caller: distinct, sources in the booking,
    /// targets in the layout of `to_showtime`.
    pub pairs: &'a [(String, String)],
    /// Why, as staff said (optional).
    pub reason: Option<&'a str>,
    /// Redis's clock when the new seats were locked, for the audit row.
    pub redis_now_ms: i64,
}

/// What a move recorded.
pub struct MoveRecord {
    /// The booking's amount afterwards, from its new seats; `None`: no price.
    pub price: Option<Price>,
    /// The difference owed back for a sale moved to cheaper seats.
    pub refund: Option<Refund>,
}

/// Moves the claims and writes the audit rows. A sale's move that the price rule refuses, the
/// fence refusing a new seat, or the schema refusing the booking on its new showtime is a
/// conflict, and the caller's transaction rolls back everything written here.
pub fn move_seats(tx: &Tx<'_>, m: &SeatMove<'_>, wall_ms: i64) -> Result<MoveRecord, Error> {
    let b = m.booking;
    let exchange = match b.status {
        Status::Confirmed => Some(sale_exchange(tx, m)?),
        _ => None,
    };
    // Before the claims change: the refund names the old seats' claims as they are.
    let refund = match exchange {
        Some(Exchange::Refund(difference)) => Some(owe_difference(tx, m, &difference, wall_ms)?),
        _ => None,
    };
    move_claims(tx, m, wall_ms)?;
    // Its new seats' prices: for a sale, what was paid less what is owed back.
    let price = price::reprice(tx, b.id)?;
    audit_move(tx, m, refund.as_ref(), price.as_ref(), wall_ms)?;
    Ok(MoveRecord { price, refund })
}

/// The price rule for a sale's move, read in this transaction; a refusal is the error.
fn sale_exchange(tx: &Tx<'_>, m: &SeatMove<'_>) -> Result<Exchange, Error> {
    let b = m.booking;
    let old: Vec<String> = m.pairs.iter().map(|(f, _)| f.clone()).collect();
    let new: Vec<String> = m.pairs.iter().map(|(_, t)| t.clone()).collect();
    let exchange = price::exchange(
        tx.seat_prices(b.showtime_id, &old)?,
        tx.seat_prices(m.to_showtime, &new)?,
    );
    let swap = Swap {
        booking: b.id,
        paid: b.price(),
        old: &old,
        new: &new,
        to_showtime: m.to_showtime,
    };
    match exchange.refusal(&swap) {
        Some(e) => Err(e),
        None => Ok(exchange),
    }
}

/// The old seats let go, the booking on its showtime, the new seats claimed through the fence.
fn move_claims(tx: &Tx<'_>, m: &SeatMove<'_>, wall_ms: i64) -> Result<(), Error> {
    let b = m.booking;
    let to_st = m.to_showtime;
    for (from, _) in m.pairs {
        if !tx.release_seat(b.id, from, wall_ms)? {
            return Err(changed(b.id));
        }
    }
    match tx.move_booking(b.id, b.status, to_st, wall_ms)? {
        Ok(true) => {}
        Ok(false) => return Err(changed(b.id)),
        Err(Refused) => {
            return Err(Error::conflict(format!(
                "user {} already has a hold on showtime {to_st}; booking {} was not moved",
                b.user, b.id
            )));
        }
    }
    for (_, to) in m.pairs {
        tx.claim_moved_seat(b.id, to_st, to)?.map_err(|Refused| {
            Error::conflict(format!(
                "seat {to} on showtime {to_st} is claimed in the database; booking {} was not moved",
                b.id
            ))
        })?;
    }
    Ok(())
}

/// The refund of a sale moved to cheaper seats: the difference, on the old seats (their
/// showtime, their claims), with its `refund_owed` audit row.
fn owe_difference(
    tx: &Tx<'_>,
    m: &SeatMove<'_>,
    difference: &Price,
    wall_ms: i64,
) -> Result<Refund, Error> {
    let b = m.booking;
    let payment_id = b.payment_id.as_deref().ok_or_else(|| {
        Error::Internal(anyhow::anyhow!(
            "booking {} is CONFIRMED with no payment",
            b.id
        ))
    })?;
    let old: Vec<String> = m.pairs.iter().map(|(f, _)| f.clone()).collect();
    let pairs: Vec<String> = m.pairs.iter().map(|(f, t)| format!("{f} → {t}")).collect();
    let mut reason = format!("moved to cheaper seats: {}", pairs.join(", "));
    if m.to_showtime != b.showtime_id {
        reason.push_str(&format!(" on showtime {}", m.to_showtime));
    }
    if let Some(r) = m.reason {
        reason.push_str(&format!(" ({r})"));
    }
    let new = NewRefund {
        booking_id: b.id,
        showtime: b.showtime_id,
        payment_id,
        seats: &old,
        source: RefundSource::Move,
        reason: &reason,
        amount_minor: Some(difference.amount_minor),
        now_ms: wall_ms,
    };
    let id = tx.insert_seat_refund(&new)?.map_err(|Refused| {
        Error::conflict(format!(
            "a seat of booking {} was refunded already; nothing was moved",
            b.id
        ))
    })?;
    let refund = super::cancel::find(tx, b.id, id)?;
    super::cancel::audit_owed(tx, b, &refund, wall_ms)?;
    Ok(refund)
}

/// The `move` audit row, on each showtime the move touches.
fn audit_move(
    tx: &Tx<'_>,
    m: &SeatMove<'_>,
    refund: Option<&Refund>,
    price: Option<&Price>,
    wall_ms: i64,
) -> Result<(), Error> {
    let b = m.booking;
    let (from_st, to_st) = (b.showtime_id, m.to_showtime);
    let from: Vec<String> = m.pairs.iter().map(|(f, _)| f.clone()).collect();
    let to: Vec<String> = m.pairs.iter().map(|(_, t)| t.clone()).collect();
    let detail = json!({
        "from_showtime": from_st,
        "to_showtime": to_st,
        "from": from,
        "to": to,
        "status": b.status,
        "payment_id": b.payment_id,
        "expires_at_ms": b.expires_at_ms,
        "reason": m.reason,
        "redis_now_ms": m.redis_now_ms,
        "previous_amount": b.amount_minor,
        "amount": price.map(|p| p.amount_minor),
        "currency": price.map(|p| &p.currency),
        "refund": refund.map(|r| r.id),
    });
    let rows: Vec<(ShowtimeId, Vec<String>)> = if from_st != to_st {
        vec![(from_st, from), (to_st, to)]
    } else {
        vec![(from_st, from.into_iter().chain(to).collect())]
    };
    for (st, seats) in rows {
        tx.audit(AuditEntry {
            at_ms: wall_ms,
            showtime_id: Some(st.get()),
            booking_id: Some(b.id),
            user: Some(b.user.as_str()),
            seats: &seats,
            action: "move",
            forced: false,
            detail: Some(detail.clone()),
        })?;
    }
    Ok(())
}

fn changed(id: i64) -> Error {
    Error::conflict(format!(
        "booking {id} changed while moving; nothing was moved — retry"
    ))
}
