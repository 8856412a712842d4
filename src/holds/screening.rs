//! `showtime cancel`: the whole screening is called off (a projector fails). SQLite first, in
//! one transaction: every hold of the showtime released, every sale cancelled with its refund
//! owed (source `showtime_cancelled`), each with its audit row, then the showtime marked
//! cancelled and one `showtime_cancel` audit row. From that commit the schema refuses every new
//! claim on the showtime (a reserve, a move onto it, a late payment coming back to life), so
//! sales stop at once whatever Redis says. Then Redis: the showtime's locks, reservation keys
//! and held-seats index removed and its free-seat cache emptied (one SCAN to find the keys, one
//! script to clear them).
//!
//! A crash between the two leaves Redis with keys of a cancelled showtime: `inspect` reports
//! them, `sweep` (or the same `showtime cancel` again) clears them. Nobody can buy meanwhile:
//! the fence refuses the claim and reserve's undo gives its locks back.
//!
//! Worked out first as a [`ScreeningPlan`], so the CLI can say what will happen and ask; the
//! transaction reads everything again, so a hold taken after the plan is released too.

use serde::Serialize;

use super::claims::{self, Cancellation};
use super::{failpoint, wall_ms};
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::redis_client::Redis;
use crate::scripts::{self, screening_off};
use crate::store::{
    AuditEntry, Booking, Db, Refund, RefundSource, ShowtimeCancel, ShowtimeRow, Status, Tx,
};

/// What `showtime cancel` would do, worked out before anything changes.
pub struct ScreeningPlan {
    showtime: ShowtimeRow,
    reason: String,
    holds: Vec<Booking>,
    sales: Vec<Booking>,
}

/// One booking the cancel ended.
#[derive(Debug, Clone, Serialize)]
pub struct EndedBooking {
    pub booking_id: i64,
    pub user: String,
    /// Its status before: PENDING (a hold released) or CONFIRMED (a sale refunded).
    pub previous_status: Status,
    pub seats: Vec<String>,
    /// The refund owed for a sale; `None` for a hold.
    pub refund: Option<Refund>,
}

#[derive(Debug, Serialize)]
pub struct ScreeningCancelled {
    pub showtime_id: i64,
    pub movie: String,
    /// When, why and by whom, as recorded (by this command, or earlier).
    pub cancelled: ShowtimeCancel,
    /// The holds released and the sales cancelled by this command (none when already done).
    pub bookings: Vec<EndedBooking>,
    /// Keys of the showtime removed from Redis (locks, reservation keys, the held-seats index).
    pub redis_keys_removed: i64,
    /// It was cancelled before: nothing changed in the database (Redis was cleared again).
    pub already_done: bool,
    /// Redis clean-ups that failed after the database committed (the cancel stands).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl ScreeningPlan {
    /// Cancelled before: the command reports it, clears Redis again, and asks nothing.
    pub fn already_done(&self) -> bool {
        self.showtime.cancelled.is_some()
    }

    /// What the cancel will do, for the confirmation prompt.
    pub fn describe(&self) -> String {
        let s = &self.showtime;
        let screen = s
            .screen
            .as_deref()
            .map_or(String::new(), |x| format!(", {x}"));
        let seats = |b: &[Booking]| b.iter().map(|b| b.seats.len()).sum::<usize>();
        format!(
            "showtime {} ({}{screen}, {}): stop its sales, release {} and refund {}",
            s.id,
            s.movie,
            crate::text::local_from_rfc3339(&s.starts_at),
            counted(self.holds.len(), "hold", seats(&self.holds)),
            counted(self.sales.len(), "sale", seats(&self.sales)),
        )
    }
}

/// "2 holds (3 seats)", "no sale".
fn counted(n: usize, what: &str, seats: usize) -> String {
    match n {
        0 => format!("no {what}"),
        1 => format!(
            "1 {what} ({seats} seat{})",
            if seats == 1 { "" } else { "s" }
        ),
        _ => format!("{n} {what}s ({seats} seats)"),
    }
}

pub fn plan_showtime_cancel(
    db: &Db,
    showtime: ShowtimeId,
    reason: &str,
) -> Result<ScreeningPlan, Error> {
    let reason = super::cancel::check_reason(reason)?;
    let row = db
        .showtime(showtime)?
        .ok_or_else(|| Error::not_found(format!("showtime {showtime} does not exist")))?;
    let (sales, holds) =
        (db.live_bookings(showtime)?.into_iter()).partition(|b| b.status == Status::Confirmed);
    Ok(ScreeningPlan {
        showtime: row,
        reason,
        holds,
        sales,
    })
}

pub fn cancel_showtime(
    db: &mut Db,
    redis: &mut Redis,
    plan: ScreeningPlan,
) -> Result<ScreeningCancelled, Error> {
    let st = ShowtimeId::new(plan.showtime.id)?;
    let (cancelled, bookings, already_done) = match &plan.showtime.cancelled {
        Some(c) => (c.clone(), Vec::new(), true),
        None => match db.write(|tx| record(tx, st, &plan.reason))? {
            Recorded::Now(c, ended) => (c, ended, false),
            Recorded::Before(c) => (c, Vec::new(), true),
        },
    };
    if !already_done {
        failpoint("showtime-cancel-after-sqlite");
    }
    let mut out = ScreeningCancelled {
        showtime_id: st.get(),
        movie: plan.showtime.movie,
        cancelled,
        bookings,
        redis_keys_removed: 0,
        already_done,
        warnings: Vec::new(),
    };
    // Committed: a failed Redis step is a warning (nothing is on sale by the fence; the keys
    // are cleared by the next sweep).
    match clear_redis(redis, st) {
        Ok(c) => out.redis_keys_removed = c.removed,
        Err(e) => out.warnings.push(format!(
            "showtime {st} is cancelled in the database, but its Redis keys were not cleared ({}); run `boxoffice sweep`",
            e.message()
        )),
    }
    Ok(out)
}

enum Recorded {
    /// This transaction cancelled it, ending these bookings.
    Now(ShowtimeCancel, Vec<EndedBooking>),
    /// Another command got there first.
    Before(ShowtimeCancel),
}

/// SQLite's step: every live booking of the showtime ended (holds released, sales cancelled
/// and owed back), then the showtime marked cancelled, with the audit rows.
fn record(tx: &Tx<'_>, st: ShowtimeId, reason: &str) -> Result<Recorded, Error> {
    let gone = || Error::not_found(format!("showtime {st} does not exist"));
    if let Some(c) = tx.showtime(st)?.ok_or_else(gone)?.cancelled {
        return Ok(Recorded::Before(c));
    }
    let wall = wall_ms();
    let mut ended = Vec::new();
    for b in tx.live_bookings(st)? {
        let seats = b.seat_names();
        let c = Cancellation {
            booking: &b,
            seats: &seats,
            reason,
            source: RefundSource::ShowtimeCancelled,
        };
        let rec = claims::cancel(tx, &c, wall)?;
        ended.push(EndedBooking {
            booking_id: b.id,
            user: b.user.to_string(),
            previous_status: b.status,
            seats,
            refund: rec.refund,
        });
    }
    if !tx.cancel_showtime(st, reason, wall)? {
        return Err(Error::Internal(anyhow::anyhow!(
            "showtime {st} changed while cancelling it"
        )));
    }
    let refunds: Vec<i64> = ended
        .iter()
        .filter_map(|e| e.refund.as_ref().map(|r| r.id))
        .collect();
    let holds = ended
        .iter()
        .filter(|e| e.previous_status == Status::Pending)
        .count();
    tx.audit(AuditEntry {
        at_ms: wall,
        showtime_id: Some(st.get()),
        action: "showtime_cancel",
        forced: true,
        detail: Some(serde_json::json!({
            "reason": reason,
            "holds_released": holds,
            "sales_cancelled": ended.len() - holds,
            "refunds": refunds,
        })),
        ..Default::default()
    })?;
    let c = tx
        .showtime(st)?
        .and_then(|r| r.cancelled)
        .ok_or_else(gone)?;
    Ok(Recorded::Now(c, ended))
}

/// Redis's step, for `showtime cancel`: one SCAN for the showtime's lock and reservation keys,
/// then one script that removes them and the held-seats index and empties the free-seat cache.
pub fn clear_redis(redis: &mut Redis, st: ShowtimeId) -> Result<screening_off::Cleared, Error> {
    let pattern = redis.keys().showtime_scan_pattern(st);
    let found = crate::snapshot::scan(redis, &pattern)?;
    let (locks, reservations) = found.get(&st).cloned().unwrap_or_default();
    let seats: Vec<String> = locks.into_iter().map(|(s, _)| s).collect();
    let users: Vec<String> = reservations.into_iter().map(|(u, _)| u).collect();
    clear_found(redis, st, &seats, &users)
}

/// [`clear_redis`]'s script for keys already found (by `sweep`'s scan): the seats of the locks
/// and the users of the reservation keys.
pub fn clear_found(
    redis: &mut Redis,
    st: ShowtimeId,
    lock_seats: &[String],
    reservation_users: &[String],
) -> Result<screening_off::Cleared, Error> {
    let call = screening_off::ScreeningOff {
        showtime: st,
        lock_seats,
        reservation_users,
    };
    scripts::run(redis, &call)
}
