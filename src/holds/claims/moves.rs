//! A move as SQLite records it: the booking's old seats let go and the new ones claimed through
//! the fence, in the caller's one transaction, so a crash leaves the booking on its old seats or
//! its new ones, never both and never neither. With its `move` audit row on each showtime it
//! touches, naming both seats of every pair, so `inspect --seat` shows it on either seat. The
//! booking is priced again from its new seats (`price.rs`).

use serde_json::json;

use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::store::{AuditEntry, Booking, Refused, Tx};

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

/// Moves the claims and writes the audit rows. The fence refusing a new seat (or the schema
/// refusing the booking on its new showtime) is a conflict, and the caller's transaction rolls
/// back everything written here.
pub fn move_seats(tx: &Tx<'_>, m: &SeatMove<'_>, wall_ms: i64) -> Result<(), Error> {
    let b = m.booking;
    let (from_st, to_st) = (b.showtime_id, m.to_showtime);
    let across = from_st != to_st;
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
    // Its new seats' prices, perhaps in the new showtime's currency.
    super::price::reprice(tx, b.id)?;
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
    });
    let rows: Vec<(ShowtimeId, Vec<String>)> = if across {
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
