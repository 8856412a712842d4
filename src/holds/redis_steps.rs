//! The Redis steps the operations share (and `sweep` uses): end a hold's locks, put a hold
//! back, and read some locks with Redis's clock. One script each.

use std::collections::HashSet;
use std::time::Duration;

use super::IN_FLIGHT_GRACE;
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};
use crate::redis_client::Redis;
use crate::scripts::{self, finish, locks, restore};
use crate::store::Db;

pub use crate::scripts::locks::{LockSnapshot, LockState};
/// What the restore script answered.
pub use crate::scripts::restore::Reply as Restored;

/// Removes `user`'s locks on `seats` and tidies the indexes; `sold` says where the seats go.
/// Returns how many locks it removed (a seat someone else holds by now is left alone).
///
/// `hold` names the hold that is ending by its start on Redis's clock (the booking's
/// `hold_started_at_ms`, its reservation key's `reserved_at`). A lock's value is only the user
/// id, so when the user's reservation key is a different hold by now (they reserved again,
/// perhaps the same seats), that hold's locks and key are left alone. `None` ends whatever hold
/// the locks belong to: a lock with no booking behind it, or one on a sold seat.
pub fn finish_in_redis(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    sold: bool,
    hold: Option<i64>,
    fallback_ttl: Duration,
) -> Result<usize, Error> {
    if seats.is_empty() {
        return Ok(0);
    }
    // A hand-written lock may name a holder that is no valid user id: its lock can still be
    // removed, but no reservation key is built from it.
    let uid = UserId::is_valid(user)
        .then(|| user.parse::<UserId>())
        .transpose()?;
    let holder = match &uid {
        Some(u) => finish::Holder::User(u),
        None => finish::Holder::Other(user),
    };
    let call = finish::Finish {
        showtime,
        holder,
        seats,
        sold,
        hold,
        fallback_ttl,
    };
    Ok(scripts::run(redis, &call)?.removed)
}

/// Puts a hold back in Redis as SQLite records it: every seat locked for `user` until
/// `expires_at_ms`, and the reservation key naming the hold by its start. Only if nobody else
/// holds a seat and no other command of the user is changing their hold (`replaces`: the start
/// of the caller's own hold, which may be replaced); one script.
pub fn restore_hold(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    expires_at_ms: i64,
    started_ms: i64,
    replaces: Option<i64>,
) -> Result<Restored, Error> {
    restore_script(
        redis,
        showtime,
        user,
        seats,
        (expires_at_ms, started_ms),
        replaces,
        false,
    )
}

/// Like [`restore_hold`], for a live PENDING booking whose claims SQLite holds: other holders'
/// locks on its seats are replaced rather than refused. The fence gives each of these seats to
/// this booking alone, so such a lock is backed by no claim: a crash leftover, one written by
/// hand, or a reserve in flight that the fence will refuse (its undo only removes locks naming
/// its own user, so it never takes back the restored ones).
pub fn reclaim_hold(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    expires_at_ms: i64,
    started_ms: i64,
) -> Result<Restored, Error> {
    restore_script(
        redis,
        showtime,
        user,
        seats,
        (expires_at_ms, started_ms),
        None,
        true,
    )
}

fn restore_script(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    (expires_at_ms, started_ms): (i64, i64),
    replaces: Option<i64>,
    replace_others: bool,
) -> Result<Restored, Error> {
    let user: UserId = user.parse()?;
    let call = restore::Restore {
        showtime,
        user: &user,
        seats,
        expires_at_ms,
        started_ms,
        replaces,
        grace: IN_FLIGHT_GRACE,
        replace_others,
    };
    scripts::run(redis, &call)
}

/// Refuses (exit 3, "run keys migrate") a showtime that has keys of the other key style, for a
/// command whose first step is SQLite's (release, cancel) and for each showtime `sweep` visits:
/// one read-only script, before anything changes. A guard, not the fence: a `keys migrate` run
/// between it and the command's Redis step leaves that step's keys to `sweep` (the database
/// still decides every sale). The scripts that take a hold check inside themselves.
pub fn check_key_style(redis: &mut Redis, showtime: ShowtimeId) -> Result<(), Error> {
    lock_snapshot(redis, showtime, &[]).map(|_| ())
}

/// The locks of `seats` and Redis's clock, read together by one read-only script.
pub fn lock_snapshot(
    redis: &mut Redis,
    showtime: ShowtimeId,
    seats: &[String],
) -> Result<LockSnapshot, Error> {
    scripts::run(redis, &locks::Locks { showtime, seats })
}

/// After SQLite refused a command: gives back the locks it took on `seats` in Redis. A
/// failure here only leaves locks that expire; each one is returned as a warning, for the CLI to
/// print with the error.
///
/// The free-seat cache gets back only seats SQLite neither claims nor blocks, of a screening
/// that is not cancelled: a refusal by the
/// fence means the seat is held (a live hold whose lock Redis lost), sold or blocked, and the
/// cache must never list such a seat. When SQLite can't say (it is what failed), none go back: a
/// seat missing from the cache is only a stale index for `sweep` to rebuild, a taken one listed
/// as free is a lie to the guide's readers.
pub fn give_back(
    db: &Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    seats: &[String],
    (hold, fallback_ttl): (Option<i64>, Duration),
) -> Vec<String> {
    let off_sale: HashSet<String> = match (
        db.live_claims(showtime, seats),
        db.live_blocks(showtime, seats),
        db.showtime(showtime),
    ) {
        // A cancelled screening has nothing on sale: none of its seats goes back.
        (_, _, Ok(Some(row))) if row.cancelled.is_some() => seats.iter().cloned().collect(),
        (Ok(claims), Ok(blocks), Ok(_)) => claims
            .into_iter()
            .map(|c| c.seat)
            .chain(blocks.into_iter().map(|b| b.seat))
            .collect(),
        _ => seats.iter().cloned().collect(),
    };
    let (taken, free): (Vec<String>, Vec<String>) =
        seats.iter().cloned().partition(|s| off_sale.contains(s));
    let mut warnings = Vec::new();
    for (seats, sold) in [(free, false), (taken, true)] {
        if let Err(e) = finish_in_redis(redis, showtime, user, &seats, sold, hold, fallback_ttl) {
            warnings.push(format!(
                "could not release the new locks after the failure: {e}"
            ));
        }
    }
    warnings
}
