//! `cancel`: staff take back a sale (or a hold), whole or some of its seats. SQLite first (the
//! seats released, the booking CANCELLED when none is left, the refund owed, the audit rows, in
//! one transaction), then Redis (the seats back in the free-seat cache, any leftover lock of the
//! booking's user on them removed; one script). A crash between the two leaves a free seat the
//! cache does not list, which `inspect` reports and `sweep` reindexes; the seat is on sale
//! meanwhile anyway (reserve asks the locks and the fence, not the cache).
//!
//! Worked out first as a [`CancelPlan`], so the CLI can ask before anything changes; the
//! transaction checks the booking again and cancels only what is still to cancel, so a repeated
//! or concurrent cancel changes nothing and owes no second refund.

use std::time::Duration;

use serde::Serialize;

use super::claims::{self, Cancellation};
use super::{failpoint, finish_in_redis, strings, wall_ms};
use crate::error::Error;
use crate::ids::SeatId;
use crate::redis_client::Redis;
use crate::store::{Booking, Db, Refund, RefundSource, Status, Tx};

/// What to cancel.
pub struct CancelRequest {
    pub booking: i64,
    /// Only these seats; `None`: every seat left in the booking.
    pub seats: Option<Vec<SeatId>>,
    pub reason: String,
}

/// What `cancel` would do, worked out before anything changes.
pub struct CancelPlan {
    booking: Booking,
    requested: Option<Vec<String>>,
    reason: String,
    split: Split,
}

/// The requested seats, by what a cancel does with them.
struct Split {
    /// Still in the booking: taken back now.
    cancel: Vec<String>,
    /// Taken back (or given back) before: nothing to do.
    already: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Cancelled {
    pub booking_id: i64,
    pub showtime_id: i64,
    pub user: String,
    /// The booking's status afterwards.
    pub status: Status,
    /// The seats this command took back (none when it was already done).
    pub cancelled_seats: Vec<String>,
    /// The seats still in the booking.
    pub remaining_seats: Vec<String>,
    /// The refund this command recorded, for sold seats.
    pub refund: Option<Refund>,
    /// Requested seats that had been taken back already.
    pub already_cancelled: Vec<String>,
    /// Nothing was left to do: a repeat of an earlier cancel.
    pub already_done: bool,
    /// Redis clean-ups that failed after the database committed (the cancel stands).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl CancelPlan {
    /// Nothing is left to cancel: the command reports it as already done, and asks nothing.
    pub fn already_done(&self) -> bool {
        self.split.cancel.is_empty()
    }

    /// One line for the confirmation prompt.
    pub fn describe(&self) -> String {
        let b = &self.booking;
        let what = match b.status {
            Status::Confirmed => "sold",
            _ => "held",
        };
        let whole = if self.split.cancel.len() == b.seats.len() {
            " — the whole booking"
        } else {
            ""
        };
        format!(
            "booking {} (user {}, showtime {}, {what}): {}{whole}",
            b.id,
            b.user,
            b.showtime_id,
            self.split.cancel.join(", ")
        )
    }
}

pub fn plan_cancel(db: &Db, req: CancelRequest) -> Result<CancelPlan, Error> {
    let reason = check_reason(&req.reason)?;
    let id = req.booking;
    let booking = db
        .booking(id)?
        .ok_or_else(|| Error::not_found(format!("booking {id} does not exist")))?;
    let requested = req.seats.as_deref().map(strings);
    let released = db.released_seats(id)?;
    let split = split(&booking, requested.as_deref(), &released)?;
    Ok(CancelPlan {
        booking,
        requested,
        reason,
        split,
    })
}

/// A reason for the audit table and the refund: 1-200 characters, not only spaces.
pub(super) fn check_reason(r: &str) -> Result<String, Error> {
    let r = r.trim();
    if r.is_empty() || r.chars().count() > 200 {
        return Err(Error::invalid(
            "--reason needs 1-200 characters saying why (it is kept with the cancel and the refund)",
        ));
    }
    Ok(r.to_string())
}

/// Sorts the requested seats (all the booking's when `None`) into those to cancel and those
/// taken back already. A seat the booking never had is not found, and nothing is cancelled.
fn split(b: &Booking, requested: Option<&[String]>, released: &[String]) -> Result<Split, Error> {
    let current = b.seat_names();
    let live = matches!(b.status, Status::Pending | Status::Confirmed);
    if b.status == Status::Expired {
        return Err(Error::not_found(format!(
            "booking {} expired unpaid; nothing to cancel",
            b.id
        )));
    }
    let Some(requested) = requested else {
        return Ok(if live {
            Split {
                cancel: current,
                already: Vec::new(),
            }
        } else {
            Split {
                cancel: Vec::new(),
                already: current,
            }
        });
    };
    let mut out = Split {
        cancel: Vec::new(),
        already: Vec::new(),
    };
    let mut missing = Vec::new();
    for s in requested {
        if current.contains(s) && live {
            out.cancel.push(s.clone());
        } else if current.contains(s) || released.contains(s) {
            out.already.push(s.clone());
        } else {
            missing.push(s.as_str());
        }
    }
    if !missing.is_empty() {
        return Err(Error::not_found(format!(
            "not in booking {}: {}; nothing was cancelled",
            b.id,
            missing.join(", ")
        )));
    }
    Ok(out)
}

pub fn cancel(
    db: &mut Db,
    redis: &mut Redis,
    plan: CancelPlan,
    fallback_ttl: Duration,
) -> Result<Cancelled, Error> {
    if plan.already_done() {
        return Ok(outcome(&plan.booking, &plan.split, None, Vec::new()));
    }
    super::check_key_style(redis, plan.booking.showtime_id)?;
    let (after, split, refund) = db.write(|tx| record(tx, &plan))?;
    if split.cancel.is_empty() {
        return Ok(outcome(&after, &split, None, Vec::new()));
    }
    failpoint("cancel-after-sqlite");

    // Committed: a failed Redis step is a warning (the seats are on sale by the fence; the
    // cache catches up at the next sweep).
    let b = &plan.booking;
    let warnings = finish_in_redis(
        redis,
        b.showtime_id,
        b.user.as_str(),
        &split.cancel,
        false,
        Some(b.hold_started_at_ms),
        fallback_ttl,
    )
    .err()
    .map(|e| {
        format!(
            "booking {} cancelled in the database, but Redis was not updated ({}); run `boxoffice sweep`",
            b.id,
            e.message()
        )
    })
    .into_iter()
    .collect();
    Ok(outcome(&after, &split, refund, warnings))
}

/// SQLite's step: the booking as it is now loses the seats still to cancel. Returns the booking
/// afterwards, what was done, and the refund owed.
fn record(tx: &Tx<'_>, plan: &CancelPlan) -> Result<(Booking, Split, Option<Refund>), Error> {
    let id = plan.booking.id;
    let gone = || Error::not_found(format!("booking {id} does not exist"));
    let current = tx.booking(id)?.ok_or_else(gone)?;
    let live = matches!(current.status, Status::Pending | Status::Confirmed);
    if current.status != plan.booking.status && live {
        return Err(Error::conflict(format!(
            "booking {id} changed while cancelling (now {}); nothing was cancelled — run it again",
            current.status
        )));
    }
    let released = tx.released_seats(id)?;
    let split = split(&current, plan.requested.as_deref(), &released)?;
    if split.cancel.is_empty() {
        return Ok((current, split, None));
    }
    let c = Cancellation {
        booking: &current,
        seats: &split.cancel,
        reason: &plan.reason,
        source: RefundSource::Cancel,
    };
    let rec = claims::cancel(tx, &c, wall_ms())?;
    let after = tx.booking(id)?.ok_or_else(gone)?;
    debug_assert_eq!(after.status, rec.status);
    Ok((after, split, rec.refund))
}

fn outcome(b: &Booking, split: &Split, refund: Option<Refund>, warnings: Vec<String>) -> Cancelled {
    let remaining = match b.status {
        Status::Pending | Status::Confirmed => b.seat_names(),
        _ => Vec::new(),
    };
    Cancelled {
        booking_id: b.id,
        showtime_id: b.showtime_id.get(),
        user: b.user.to_string(),
        status: b.status,
        cancelled_seats: split.cancel.clone(),
        remaining_seats: remaining,
        refund,
        already_cancelled: split.already.clone(),
        already_done: split.cancel.is_empty(),
        warnings,
    }
}
