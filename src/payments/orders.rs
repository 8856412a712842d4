//! Razorpay orders linked to bookings: `order link`, and the link `reserve --order-id` makes in
//! the transaction that records the hold.
//!
//! A checkout signature proves that Razorpay took a payment for an *order*; only the link says
//! which booking that order was opened for. So an order is linked once, when it is created for
//! a hold awaiting payment, and from then on pays that booking only: linking it to another is a
//! conflict (exit 3, naming the booking it has), linking it again to the same one changes
//! nothing. A booking that is no longer PENDING (sold, cancelled, expired) gets no new order:
//! no payment page should be opened for it, and a payment for an order opened in time is still
//! confirmed (late, or owed back) by `confirm` through the link it already has.

use serde::Serialize;
use serde_json::json;

use crate::error::Error;
use crate::holds::wall_ms;
use crate::ids::{ShowtimeId, check_order_id};
use crate::store::{AuditEntry, Db, Status, Tx};

/// The booking an order is linked to, as its audit row names it.
#[derive(Debug, Clone, Copy)]
pub struct LinkTo<'a> {
    pub booking_id: i64,
    pub showtime: ShowtimeId,
    pub user: &'a str,
}

/// What `order link` did.
#[derive(Debug, Serialize)]
pub struct Linked {
    pub order_id: String,
    pub booking_id: i64,
    pub showtime_id: ShowtimeId,
    pub user: String,
    /// The order was linked to this booking already: nothing changed.
    pub already_linked: bool,
}

/// `order link`: links `order_id` to the PENDING booking `booking_id`, with its `order_link`
/// audit row. The same pair again is `already_linked`; an order of another booking, or a
/// booking that is not PENDING, is a conflict; no such booking is not found. Nothing is written
/// unless the link is new.
pub fn link(db: &mut Db, booking_id: i64, order_id: &str) -> Result<Linked, Error> {
    check_order_id(order_id)?;
    db.write(|tx| {
        let booking = tx
            .booking(booking_id)?
            .ok_or_else(|| Error::not_found(format!("booking {booking_id} does not exist")))?;
        let already = tx.order_booking(order_id)? == Some(booking_id);
        if !already && booking.status != Status::Pending {
            return Err(Error::conflict(format!(
                "booking {booking_id} is {}, not a hold awaiting payment; order {order_id} was not linked",
                booking.status.as_str()
            )));
        }
        let to = LinkTo {
            booking_id,
            showtime: booking.showtime_id,
            user: booking.user.as_str(),
        };
        let new = link_in(tx, order_id, to, wall_ms())?;
        Ok(Linked {
            order_id: order_id.to_string(),
            booking_id,
            showtime_id: booking.showtime_id,
            user: booking.user.to_string(),
            already_linked: !new,
        })
    })
}

/// Links `order_id` to the booking inside the caller's transaction, with an `order_link` audit
/// row when the link is new. `Ok(false)`: it was linked to this booking already (nothing
/// written). An order linked to another booking is a conflict naming that booking.
pub fn link_in(tx: &Tx<'_>, order_id: &str, to: LinkTo<'_>, wall_ms: i64) -> Result<bool, Error> {
    match tx.link_order(order_id, to.booking_id, wall_ms)? {
        Ok(false) => Ok(false),
        Ok(true) => {
            tx.audit(AuditEntry {
                at_ms: wall_ms,
                showtime_id: Some(to.showtime.get()),
                booking_id: Some(to.booking_id),
                user: Some(to.user),
                seats: &[],
                action: "order_link",
                forced: false,
                detail: Some(json!({ "order_id": order_id })),
            })?;
            Ok(true)
        }
        Err(_) => {
            let other = tx.order_booking(order_id)?;
            Err(linked_elsewhere(order_id, other, to.booking_id))
        }
    }
}

/// The refusal of an order that pays another booking.
pub fn linked_elsewhere(order_id: &str, other: Option<i64>, booking_id: i64) -> Error {
    let other = other.map_or_else(|| "another booking".to_string(), |b| format!("booking {b}"));
    Error::conflict(format!(
        "order {order_id} is linked to {other}, not booking {booking_id}; an order pays one booking, nothing was changed"
    ))
}

/// The orders linked to a booking, oldest first (`order list`). No such booking is not found.
pub fn list(db: &Db, booking_id: i64) -> Result<Vec<String>, Error> {
    if db.booking(booking_id)?.is_none() {
        return Err(Error::not_found(format!(
            "booking {booking_id} does not exist"
        )));
    }
    db.booking_orders(booking_id)
}
