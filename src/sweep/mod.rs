//! `sweep`: the cron job that replaces the old Celery task, and the place where the durable
//! record (SQLite) and the fast one (Redis) are brought back into agreement.
//!
//! One sweep, by Redis's clock:
//! 1. PENDING bookings past their expiry whose locks are gone become EXPIRED (guarded by the
//!    old status, so a confirmation a millisecond earlier wins). No booking is ever expired
//!    before its `expires_at`.
//! 2. Live PENDING bookings whose locks are missing (Redis restarted or evicted) get them back
//!    with the time they have left, atomically. Another lock found on such a seat is replaced:
//!    SQLite's fence gives the seat to this booking alone, so that lock is backed by no claim
//!    (a crash leftover, one written by hand, or a reserve in flight that the fence will refuse
//!    and whose undo only removes locks naming its own user).
//! 3. Locks on sold seats are removed; reservation keys are rewritten from the locks (keeping
//!    the hold's start, and never created for a lock no booking backs); the two index keys are
//!    rebuilt where they drifted.
//! 4. Orphan locks (no booking behind them) are reported. Those whose hold started more than
//!    [`ORPHAN_GRACE`] ago, by the holder's reservation key, are removed: no reserve is still
//!    between its Redis and SQLite steps that long (SQLite's busy timeout is 10 s), so they are
//!    what a process killed mid-command left behind. Younger ones may be a reserve in flight
//!    and are left alone; so are locks with no readable reservation key ("foreign": written by
//!    hand or by other software). Locks without a TTL are reported loudly.
//!
//! A cancelled screening skips steps 2-4: it has no claim left, and every key of it but an
//! empty free-seat cache is cleared at once (`cancelled.rs`).
//!
//! Two sweeps at once: a short-lived lock in Redis ([`LOCK_TTL`], renewed while the sweep runs)
//! keeps the second one out, and every SQLite transition is still guarded, so even without the
//! lock a booking changes at most once. A sweep that finds the lock taken does nothing and says
//! so; one that finds its lock gone when renewing it (a step outlived it, and another sweep may
//! have taken over) stops there.

mod cancelled;
mod expire;
mod lock;
mod orphans;
mod plan;
mod rehydrate;
mod reindex;
mod repair;
mod report;

use std::collections::BTreeSet;
use std::time::Duration;

use serde::Serialize;

use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::redis_client::Redis;
use crate::snapshot::{self, FoundKeys};
use crate::store::Db;

pub use lock::LOCK_TTL;
pub use orphans::ORPHAN_GRACE;
pub use report::{Detail, DetailKind, LockHolder};

pub(crate) use lock::{SweepLock, Taken};
use plan::{Plan, View};

#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub dry_run: bool,
    /// Another sweep held the lock; this one did nothing.
    pub skipped: bool,
    /// Who holds the lock, when this sweep was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock: Option<LockHolder>,
    /// This sweep's lock was gone when it renewed or released it (a step outlived it, and
    /// another sweep may have run alongside): it stopped where it found out, and the next
    /// sweep goes on.
    pub lock_lost: bool,
    pub expired: usize,
    pub rehydrated: usize,
    /// Lost holds whose seats another lock had landed on meanwhile (restored over it).
    pub conflicts: usize,
    /// Locks on seats of live bookings that no claim backs, replaced by the booking's own.
    pub displaced_locks: usize,
    pub index_repaired: usize,
    /// Keys of cancelled screenings cleared (locks, reservation keys, index keys).
    pub cancelled_keys_cleared: usize,
    pub reservations_repaired: usize,
    pub sold_locks_removed: usize,
    pub orphan_locks: usize,
    /// Orphan locks older than the grace period, removed.
    pub orphan_locks_removed: usize,
    /// Orphan locks whose holder has no readable reservation key (written by hand or by other
    /// software): reported, never removed or given a reservation key by the sweep.
    pub foreign_locks: usize,
    pub no_ttl: usize,
    pub bad_values: usize,
    pub showtimes: usize,
    /// Showtimes skipped because they have keys of the other key style (`keys migrate`): the
    /// sweep exits 3 after the others.
    pub other_key_style: Vec<i64>,
    pub details: Vec<Detail>,
}

pub struct Options {
    pub dry_run: bool,
    pub showtime: Option<ShowtimeId>,
    /// The hold length setting: the TTL of an index or reservation key the sweep rewrites when
    /// it finds it (and every lock behind it) without one.
    pub hold: Duration,
    /// Who runs the sweep, for the lock's token (and so for a skipped sweep's message).
    pub operator: String,
}

/// What every step works with: both stores, the options, the lock it must keep, and the
/// summary it adds to.
struct Run<'a> {
    db: &'a mut Db,
    redis: &'a mut Redis,
    opts: &'a Options,
    lock: SweepLock,
    sum: Summary,
}

impl Run<'_> {
    /// Whether the sweep may go on (renewing the lock when due); false once it is lost.
    fn keep(&mut self) -> Result<bool, Error> {
        self.lock.keep(self.redis)
    }
}

pub fn sweep(
    db: &mut Db,
    redis: &mut Redis,
    opts: &Options,
    progress: &dyn Fn(u64, u64),
) -> Result<Summary, Error> {
    let sum = Summary {
        dry_run: opts.dry_run,
        ..Default::default()
    };
    let lock = match SweepLock::take(redis, opts.dry_run, &opts.operator)? {
        Taken::Ours(lock) => lock,
        Taken::Held(holder) => {
            return Ok(Summary {
                skipped: true,
                lock: holder,
                ..sum
            });
        }
    };
    let mut run = Run {
        db,
        redis,
        opts,
        lock,
        sum,
    };
    let result = all_steps(&mut run, progress);
    let Run {
        redis,
        lock,
        mut sum,
        ..
    } = run;
    sum.lock_lost = lock.release(redis);
    result.map(|()| sum)
}

fn redis_now(redis: &mut Redis) -> Result<i64, Error> {
    let (s, us): (i64, i64) = redis.query(&redis::cmd("TIME"))?;
    Ok(s * 1000 + us / 1000)
}

/// Step 1 for every showtime at once, then steps 2-4 showtime by showtime, keeping the lock
/// between them.
fn all_steps(run: &mut Run, progress: &dyn Fn(u64, u64)) -> Result<(), Error> {
    let now = redis_now(run.redis)?;
    let dirty = expire::overdue(run, now)?;
    if !run.keep()? {
        return Ok(());
    }
    let mut found = scan(run)?;
    let showtimes = to_visit(run, &found, &dirty)?;
    let total = showtimes.len() as u64;
    for (i, st) in showtimes.into_iter().enumerate() {
        // Between showtimes: renew the lock, or stop if another sweep has it by now.
        if !run.keep()? {
            return Ok(());
        }
        crate::holds::failpoint("sweep-showtime");
        progress(i as u64, total);
        let keys = found.remove(&st).unwrap_or_default();
        visit(run, st, keys, dirty.contains(&st))?;
    }
    progress(total, total);
    Ok(())
}

/// The lock and reservation keys in Redis, by showtime (of the one showtime asked for, if so).
fn scan(run: &mut Run) -> Result<FoundKeys, Error> {
    let k = run.redis.keys();
    let pattern = match run.opts.showtime {
        Some(st) => k.showtime_scan_pattern(st),
        None => k.all_showtimes_scan_pattern().to_string(),
    };
    let mut found = snapshot::scan(run.redis, &pattern)?;
    if let Some(st) = run.opts.showtime {
        found.retain(|k, _| *k == st);
    }
    Ok(found)
}

/// Every showtime with something to look at: keys in Redis (locks, reservation or index keys),
/// open holds, or a booking step 1 expired.
fn to_visit(
    run: &mut Run,
    found: &FoundKeys,
    dirty: &BTreeSet<ShowtimeId>,
) -> Result<BTreeSet<ShowtimeId>, Error> {
    let mut showtimes: BTreeSet<ShowtimeId> = found.keys().copied().collect();
    showtimes.extend(dirty.iter().copied());
    let only = run.opts.showtime;
    let asked = |st: &ShowtimeId| only.is_none_or(|o| o == *st);
    showtimes.extend(reindex::showtimes(run.redis)?.into_iter().filter(asked));
    for id in run.db.pending_showtimes()? {
        let st = ShowtimeId::new(id)?;
        if asked(&st) {
            showtimes.insert(st);
        }
    }
    Ok(showtimes)
}

/// Steps 2-4 for one showtime, or a word about its keys when the catalog does not know it.
fn visit(
    run: &mut Run,
    st: ShowtimeId,
    keys: plan::ShowtimeKeys,
    dirty: bool,
) -> Result<(), Error> {
    match crate::catalog::get_showtime(run.db, st) {
        Ok(_) => {}
        Err(Error::NotFound(_)) => {
            let (locks, reservations) = keys;
            run.sum.orphan_locks += locks.len();
            let text = format!(
                "{} keys for showtime {st}, which is not in the catalog",
                locks.len() + reservations.len()
            );
            let seats = locks.into_iter().map(|(s, _)| s).collect();
            let d = Detail::new(DetailKind::UnknownShowtime, st.get(), text).seats(seats);
            run.sum.details.push(d);
            return Ok(());
        }
        Err(e) => return Err(e),
    }
    // A showtime whose holds are in the other key style is not this sweep's to rebuild: its
    // repairs would write a second copy of them in this style.
    if let Err(e @ Error::Conflict { .. }) = crate::holds::check_key_style(run.redis, st) {
        run.sum.other_key_style.push(st.get());
        let d = Detail::new(DetailKind::OtherKeyStyle, st.get(), e.message());
        run.sum.details.push(d);
        return Ok(());
    }
    run.sum.showtimes += 1;
    reconcile(run, st, keys, dirty)
}

/// Steps 2-4 for one showtime: reads both records, plans every repair from the snapshot's
/// report, then applies the plan step by step. `dirty`: step 1 expired a booking here.
fn reconcile(
    run: &mut Run,
    st: ShowtimeId,
    keys: plan::ShowtimeKeys,
    dirty: bool,
) -> Result<(), Error> {
    let view = View::read(run.db, run.redis, st, keys)?;
    let report = snapshot::analyze(st, &view.db, &view.redis);
    if view.db.cancelled {
        return cancelled::clear(run, &view, &report);
    }
    let plan = Plan::build(&view, &report);

    let Some(restores) = rehydrate::restore_all(run, &view, &plan.lost)? else {
        return Ok(());
    };
    // Said in the report's order, before anything of step 3 (as `-v` and `--json` list them).
    let stale = orphans::report(run, st, plan.standing(&restores.replaced));
    let mut touched = dirty || restores.wrote;
    touched |= repair::sold_locks(run, &view, &plan.sold_locks)?;
    let removed = orphans::remove(run, &view, &stale)?;
    touched |= !removed.is_empty();

    let mut users = plan.reservations.clone();
    users.extend(restores.displaced);
    users.extend(removed);
    repair::reservations(run, &view, &users, &restores.replaced)?;
    reindex::rebuild(run, &view, plan.index, touched)
}
