//! Step 1: PENDING bookings past their expiry whose locks are gone become EXPIRED.

use std::collections::BTreeSet;

use super::{Detail, DetailKind, Run};
use crate::error::Error;
use crate::holds::claims::{self, BookingRef, Reason};
use crate::holds::wall_ms;
use crate::ids::ShowtimeId;
use crate::redis_client::Redis;
use crate::store::{OverdueHold, Tx};

/// Bookings handled per SQLite transaction and per Redis pipeline.
const BATCH: usize = 1000;

/// Expires, page by page, every PENDING booking whose hold ran out by `now_ms` (Redis's clock)
/// and whose locks no longer name its user. Returns the showtimes where it expired one (their
/// index keys are rebuilt later). Stops early, without a word, when the lock is lost.
pub(super) fn overdue(run: &mut Run, now_ms: i64) -> Result<BTreeSet<ShowtimeId>, Error> {
    let mut dirty = BTreeSet::new();
    let mut after: i64 = 0;
    loop {
        if !run.keep()? {
            return Ok(dirty);
        }
        let page = run
            .db
            .overdue_holds(now_ms, after, run.opts.showtime, BATCH)?;
        let Some(last) = page.last() else {
            return Ok(dirty);
        };
        after = last.booking_id;
        let overdue = not_held(run.redis, page)?;
        if run.opts.dry_run {
            run.sum.expired += overdue.len();
            for h in overdue {
                run.sum.details.push(expired_detail(h, "would expire"));
            }
            continue;
        }
        let done = run.db.write(|tx| {
            let wall = wall_ms();
            let mut done = Vec::new();
            for h in &overdue {
                if expire(tx, h, now_ms, wall)? {
                    done.push(h.clone());
                }
            }
            Ok(done)
        })?;
        run.sum.expired += done.len();
        for h in done {
            dirty.insert(ShowtimeId::new(h.showtime_id)?);
            run.sum.details.push(expired_detail(h, "expired"));
        }
    }
}

/// The one place the sweep turns a booking EXPIRED, with its audit row: guarded by its old
/// status and its expiry, so a confirmation a millisecond earlier wins and an extension recorded
/// meanwhile keeps it. False when it changed nothing. `redis_now_ms` is Redis's clock (what the
/// hold is judged by), `wall_ms` this machine's (for the row's stamps).
pub(super) fn expire(
    tx: &Tx,
    hold: &OverdueHold,
    redis_now_ms: i64,
    wall_ms: i64,
) -> Result<bool, Error> {
    let booking = BookingRef {
        id: hold.booking_id,
        showtime_id: hold.showtime_id,
        user: &hold.user,
        seats: hold.seats.clone(),
    };
    claims::expire(tx, booking, Reason::RanOut { redis_now_ms }, wall_ms)
}

/// The holds of `page` that Redis no longer holds: one MGET for every lock of the page, and a
/// booking whose lock still names its user is still held there (an extension not yet recorded,
/// or a lock without expiry).
fn not_held(redis: &mut Redis, page: Vec<OverdueHold>) -> Result<Vec<OverdueHold>, Error> {
    let mut lock_keys = Vec::new();
    let k = redis.keys();
    for h in &page {
        let st = ShowtimeId::new(h.showtime_id)?;
        lock_keys.extend(h.seats.iter().map(|s| k.seat_lock_str(st, s)));
    }
    // Bytes: a lock value that is not UTF-8 is nobody's lock, not a failed sweep.
    let values: Vec<Option<Vec<u8>>> = if lock_keys.is_empty() {
        Vec::new()
    } else {
        redis.query(redis::cmd("MGET").arg(&lock_keys))?
    };
    let mut values = values.into_iter();
    Ok(page
        .into_iter()
        .filter(|h| {
            let mut held = false;
            for v in values.by_ref().take(h.seats.len()) {
                held |= v.as_deref() == Some(h.user.as_bytes());
            }
            !held
        })
        .collect())
}

fn expired_detail(h: OverdueHold, what: &str) -> Detail {
    let id = h.booking_id;
    let text = format!("booking {id} of user {} {what}: its hold ran out", h.user);
    Detail::new(DetailKind::Expired, h.showtime_id, text)
        .booking(id)
        .user(h.user)
        .seats(h.seats)
}
