//! `block` and `unblock`: seats kept off sale with a reason (house seats, a broken seat, a
//! wheelchair space).
//!
//! A block is SQLite's, like a sale: a `seat_blocks` row that the schema's triggers keep apart
//! from every live claim (migration 003), so no command, forced or not, can hold or sell a
//! blocked seat without ending the block in the same transaction. Redis only mirrors it: the
//! seat leaves (or rejoins) the guide's free-seat cache `available_seats_{st}`.
//!
//! The order is SQLite, then Redis, for both commands. A crash in between leaves the cache
//! listing a blocked seat (or missing an unblocked one): `inspect` reports it as a stale index
//! and `sweep` rebuilds the cache without blocked seats (the snapshot reads the blocks; the
//! reindex is given only seats that are neither sold nor blocked). A Redis failure after the
//! commit is a warning, not a failure: the block stands.
//!
//! Repeating a block, or unblocking a seat that is not blocked, changes nothing and is reported
//! as "already" (exit 0), so a script can run either twice.

use serde::Serialize;
use serde_json::json;

use crate::catalog;
use crate::error::{Error, TakenSeat, TakenState};
use crate::holds::{failpoint, wall_ms};
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::redis_client::Redis;
use crate::scripts::{self, offsale::Offsale};
use crate::store::{AuditEntry, Block, Refused, Tx};

/// The longest reason kept, in characters.
pub const REASON_MAX: usize = 200;

/// A seat and why it is (or was) blocked.
#[derive(Debug, Clone, Serialize)]
pub struct SeatReason {
    pub seat: String,
    pub reason: String,
}

impl From<Block> for SeatReason {
    fn from(b: Block) -> Self {
        SeatReason {
            seat: b.seat,
            reason: b.reason,
        }
    }
}

/// What `block` did.
#[derive(Debug, Serialize)]
pub struct Blocked {
    pub showtime_id: ShowtimeId,
    pub reason: String,
    /// Seats this command blocked.
    pub blocked: Vec<String>,
    /// Seats that were blocked already, with their (unchanged) reason.
    pub already_blocked: Vec<SeatReason>,
    /// Redis's step failed after the commit: the blocks stand, the cache is stale.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// What `unblock` did.
#[derive(Debug, Serialize)]
pub struct Unblocked {
    pub showtime_id: ShowtimeId,
    /// Seats this command unblocked, with the reason they had.
    pub unblocked: Vec<SeatReason>,
    /// Seats that were not blocked.
    pub already_unblocked: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Checks a reason as typed: not blank, not longer than [`REASON_MAX`]. (Control characters
/// never get this far: the CLI refuses them in every argument.)
pub fn check_reason(reason: &str) -> Result<String, Error> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(Error::invalid(
            "--reason is empty: say why (\"broken seat\", \"house seats\"); nothing was changed",
        ));
    }
    if r.chars().count() > REASON_MAX {
        return Err(Error::invalid(format!(
            "--reason is longer than {REASON_MAX} characters; nothing was changed"
        )));
    }
    Ok(r.to_string())
}

/// Blocks `seats` (all or none): refused (exit 3) when one is held or sold, naming the holder or
/// booking. `redis` is only asked for after the commit.
pub fn block(
    db: &mut crate::store::Db,
    redis: impl FnOnce() -> Result<Redis, Error>,
    showtime: ShowtimeId,
    seats: &[SeatId],
    reason: &str,
) -> Result<Blocked, Error> {
    let reason = check_reason(reason)?;
    catalog::check_seats_on_sale(db, showtime, seats, "nothing was blocked")?;
    let requested: Vec<String> = seats.iter().map(ToString::to_string).collect();
    let (blocked, already) = db.write(|tx| record_block(tx, showtime, &requested, &reason))?;
    failpoint("block-after-sqlite");
    let warnings = offsale(redis, showtime, &requested, true);
    Ok(Blocked {
        showtime_id: showtime,
        reason,
        blocked,
        already_blocked: already,
        warnings,
    })
}

/// SQLite's step of `block`: refuses claimed seats, skips blocked ones, blocks the rest and
/// writes the `block` audit row.
fn record_block(
    tx: &Tx<'_>,
    showtime: ShowtimeId,
    seats: &[String],
    reason: &str,
) -> Result<(Vec<String>, Vec<SeatReason>), Error> {
    let claims = tx.live_claims(showtime, seats)?;
    if !claims.is_empty() {
        let taken: Vec<TakenSeat> = claims
            .into_iter()
            .map(|c| TakenSeat {
                seat: c.seat,
                state: if c.status == crate::store::Status::Confirmed {
                    TakenState::Sold
                } else {
                    TakenState::Held
                },
                user: Some(crate::holds::shown_holder(&c.user)),
                booking_id: Some(c.booking_id),
                reason: None,
            })
            .collect();
        let list: Vec<String> = taken.iter().map(ToString::to_string).collect();
        return Err(Error::Conflict {
            message: format!(
                "cannot block on showtime {showtime}: {}; nothing was blocked (release or \
                 cancel the booking first)",
                list.join(", ")
            ),
            taken,
            refund_required: false,
            booking_id: None,
        });
    }
    let already: Vec<SeatReason> = tx
        .live_blocks(showtime, seats)?
        .into_iter()
        .map(SeatReason::from)
        .collect();
    let wall = wall_ms();
    let mut blocked = Vec::new();
    for seat in seats
        .iter()
        .filter(|s| !already.iter().any(|a| &a.seat == *s))
    {
        tx.insert_block(showtime, seat, reason, wall)?
            .map_err(|Refused| {
                Error::conflict(format!(
                    "seat {seat} on showtime {showtime} could not be blocked (claimed or blocked \
                     meanwhile); nothing was blocked"
                ))
            })?;
        blocked.push(seat.clone());
    }
    if !blocked.is_empty() {
        tx.audit(AuditEntry {
            at_ms: wall,
            showtime_id: Some(showtime.get()),
            seats: &blocked,
            action: "block",
            detail: Some(json!({ "reason": reason })),
            ..Default::default()
        })?;
    }
    Ok((blocked, already))
}

/// Ends the blocks on `seats`; a seat that is not blocked is reported, not refused.
pub fn unblock(
    db: &mut crate::store::Db,
    redis: impl FnOnce() -> Result<Redis, Error>,
    showtime: ShowtimeId,
    seats: &[SeatId],
    reason: Option<&str>,
) -> Result<Unblocked, Error> {
    let reason = reason.map(check_reason).transpose()?;
    catalog::check_seats_on_sale(db, showtime, seats, "nothing was unblocked")?;
    let requested: Vec<String> = seats.iter().map(ToString::to_string).collect();
    let (mut out, free) =
        db.write(|tx| record_unblock(tx, showtime, &requested, reason.as_deref()))?;
    failpoint("unblock-after-sqlite");
    // Only seats nobody claims go back on the cache: an "already unblocked" seat may be sold.
    out.warnings = offsale(redis, showtime, &free, false);
    Ok(out)
}

/// SQLite's step of `unblock`: ends the standing blocks and writes the `unblock` audit row.
/// Returns what it did, and the requested seats that are now free in SQLite (neither blocked
/// nor claimed).
fn record_unblock(
    tx: &Tx<'_>,
    showtime: ShowtimeId,
    seats: &[String],
    reason: Option<&str>,
) -> Result<(Unblocked, Vec<String>), Error> {
    // Read again here: a seat unblocked on a cancelled screening must not rejoin its cache.
    if let Some(c) = tx.showtime(showtime)?.and_then(|r| r.cancelled) {
        return Err(catalog::screening_cancelled(
            showtime,
            &c,
            "nothing was unblocked",
        ));
    }
    let wall = wall_ms();
    let mut unblocked = Vec::new();
    let mut already = Vec::new();
    for seat in seats {
        match tx.end_block(showtime, seat, wall)? {
            Some(b) => unblocked.push(SeatReason::from(b)),
            None => already.push(seat.clone()),
        }
    }
    if !unblocked.is_empty() {
        let names: Vec<String> = unblocked.iter().map(|u| u.seat.clone()).collect();
        let was: serde_json::Map<String, serde_json::Value> = unblocked
            .iter()
            .map(|u| (u.seat.clone(), json!(u.reason)))
            .collect();
        tx.audit(AuditEntry {
            at_ms: wall,
            showtime_id: Some(showtime.get()),
            seats: &names,
            action: "unblock",
            detail: Some(json!({ "reason": reason, "blocked_for": was })),
            ..Default::default()
        })?;
    }
    let claimed: Vec<String> = tx
        .live_claims(showtime, seats)?
        .into_iter()
        .map(|c| c.seat)
        .collect();
    let free = seats
        .iter()
        .filter(|s| !claimed.contains(s))
        .cloned()
        .collect();
    let out = Unblocked {
        showtime_id: showtime,
        unblocked,
        already_unblocked: already,
        warnings: Vec::new(),
    };
    Ok((out, free))
}

/// Redis's step: the seats leave (`blocked`) or rejoin the free-seat cache. A failure is a
/// warning: SQLite has the last word, and `sweep` rebuilds the cache.
fn offsale(
    redis: impl FnOnce() -> Result<Redis, Error>,
    showtime: ShowtimeId,
    seats: &[String],
    blocked: bool,
) -> Vec<String> {
    if seats.is_empty() {
        return Vec::new();
    }
    let call = Offsale {
        showtime,
        seats,
        blocked,
    };
    // The cache's name for the warning: the connection's style, or, when none was opened, the
    // guide's spelling of it (the message is for a person; `sweep` finds the real key).
    let mut cache = crate::keys::Keys::SEED.available_seats(showtime);
    match redis().and_then(|mut r| {
        cache = r.keys().available_seats(showtime);
        scripts::run(&mut r, &call)
    }) {
        Ok(_) => Vec::new(),
        Err(e) => vec![format!(
            "{} in the database, but the free-seat cache {cache} was not updated ({}); run \
             `boxoffice sweep` to rebuild it",
            if blocked { "blocked" } else { "unblocked" },
            e.message()
        )],
    }
}

/// The audit row of a `reserve --force` that ended `blocks` (already ended by the caller, in
/// this transaction) to hold their seats in `booking_id`.
pub(crate) fn record_override(
    tx: &Tx<'_>,
    showtime: ShowtimeId,
    user: &UserId,
    booking_id: i64,
    blocks: &[Block],
    wall_ms: i64,
) -> Result<(), Error> {
    let seats: Vec<String> = blocks.iter().map(|b| b.seat.clone()).collect();
    let was: serde_json::Map<String, serde_json::Value> = blocks
        .iter()
        .map(|b| (b.seat.clone(), json!(b.reason)))
        .collect();
    tx.audit(AuditEntry {
        at_ms: wall_ms,
        showtime_id: Some(showtime.get()),
        booking_id: Some(booking_id),
        user: Some(user.as_str()),
        seats: &seats,
        action: "block_override",
        forced: true,
        detail: Some(json!({
            "blocked_for": was,
            "overridden_by_booking": booking_id,
        })),
    })
}

/// The standing blocks among `seats`, for `reserve --force` to show before it asks.
pub fn standing(
    db: &crate::store::Db,
    showtime: ShowtimeId,
    seats: &[SeatId],
) -> Result<Vec<SeatReason>, Error> {
    let names: Vec<String> = seats.iter().map(ToString::to_string).collect();
    Ok(db
        .live_blocks(showtime, &names)?
        .into_iter()
        .map(SeatReason::from)
        .collect())
}
