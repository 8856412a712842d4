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
//! Two sweeps at once: a short-lived lock in Redis ([`LOCK_TTL`], renewed while the sweep runs)
//! keeps the second one out, and every SQLite transition is still guarded, so even without the
//! lock a booking changes at most once. A sweep that finds the lock taken does nothing and says
//! so; one that finds its lock gone when renewing it (a step outlived it, and another sweep may
//! have taken over) stops there.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use serde::Serialize;
use serde_json::json;

use crate::error::Error;
use crate::holds::{Restored, finish_in_redis, reclaim_hold, wall_ms};
use crate::ids::{ShowtimeId, UserId};
use crate::keys;
use crate::redis_client::Redis;
use crate::scripts::{self, reindex::Reindex, reservation::Reservation, unlock::Unlock};
use crate::snapshot::{self, AnomalyKind, DbView, KeyValue, RedisView};
use crate::store::{AuditEntry, Booking, Db, Status};

/// Bookings handled per SQLite transaction and per Redis pipeline.
const BATCH: usize = 1000;
/// How long the sweep lock lives unless renewed: what a sweep that died holding it costs.
pub const LOCK_TTL: Duration = Duration::from_secs(10);
/// How often a running sweep renews its lock (at most; it renews between steps).
const RENEW_EVERY: Duration = Duration::from_secs(1);

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
    pub details: Vec<Detail>,
}

/// What a sweep detail line is about; the snake_case string is part of the `--json` output and
/// of the `-v` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailKind {
    UnknownShowtime,
    Expired,
    Rehydrated,
    SoldLockRemoved,
    OrphanLockRemoved,
    ReservationRepaired,
    IndexRepaired,
    OrphanLock,
    NoTtl,
    BadValue,
}

impl DetailKind {
    pub const ALL: [DetailKind; 10] = [
        DetailKind::UnknownShowtime,
        DetailKind::Expired,
        DetailKind::Rehydrated,
        DetailKind::SoldLockRemoved,
        DetailKind::OrphanLockRemoved,
        DetailKind::ReservationRepaired,
        DetailKind::IndexRepaired,
        DetailKind::OrphanLock,
        DetailKind::NoTtl,
        DetailKind::BadValue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DetailKind::UnknownShowtime => "unknown_showtime",
            DetailKind::Expired => "expired",
            DetailKind::Rehydrated => "rehydrated",
            DetailKind::SoldLockRemoved => "sold_lock_removed",
            DetailKind::OrphanLockRemoved => "orphan_lock_removed",
            DetailKind::ReservationRepaired => "reservation_repaired",
            DetailKind::IndexRepaired => "index_repaired",
            DetailKind::OrphanLock => "orphan_lock",
            DetailKind::NoTtl => "no_ttl",
            DetailKind::BadValue => "bad_value",
        }
    }

    /// Whether it describes what is (and stays so until someone acts), not what this sweep did.
    pub fn is_standing(self) -> bool {
        match self {
            DetailKind::OrphanLock
            | DetailKind::NoTtl
            | DetailKind::BadValue
            | DetailKind::UnknownShowtime => true,
            DetailKind::Expired
            | DetailKind::Rehydrated
            | DetailKind::SoldLockRemoved
            | DetailKind::OrphanLockRemoved
            | DetailKind::ReservationRepaired
            | DetailKind::IndexRepaired => false,
        }
    }
}

impl std::fmt::Display for DetailKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Serialize)]
pub struct Detail {
    pub kind: DetailKind,
    pub showtime_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub detail: String,
}

/// The holder of the sweep lock, as its token tells (`pid:started_ms:operator`), for a sweep
/// that was skipped.
#[derive(Debug, Serialize)]
pub struct LockHolder {
    pub key: String,
    /// The lock's value, exactly.
    pub holder: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// When that sweep started (its machine's clock).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_for_ms: Option<i64>,
    /// Until the lock runs out unless renewed; None when it has no expiry.
    pub expires_in_ms: Option<i64>,
}

impl LockHolder {
    fn read(redis: &mut Redis) -> Result<Option<LockHolder>, Error> {
        let mut pipe = redis::pipe();
        pipe.cmd("GET")
            .arg(keys::sweep_lock())
            .cmd("PTTL")
            .arg(keys::sweep_lock());
        let (value, pttl): (Option<Vec<u8>>, i64) = redis.query_pipe(&pipe)?;
        let Some(value) = value else {
            return Ok(None);
        };
        let holder = String::from_utf8_lossy(&value).into_owned();
        let mut parts = holder.splitn(3, ':');
        let pid = parts.next().and_then(|p| p.parse::<u32>().ok());
        let started = parts.next().and_then(|p| p.parse::<i64>().ok());
        let operator = parts.next().filter(|_| pid.is_some() && started.is_some());
        Ok(Some(LockHolder {
            key: keys::sweep_lock(),
            pid: pid.filter(|_| started.is_some()),
            operator: operator.map(String::from),
            started_at_ms: started.filter(|_| pid.is_some()),
            held_for_ms: started
                .filter(|_| pid.is_some())
                .map(|s| (wall_ms() - s).max(0)),
            expires_in_ms: (pttl >= 0).then_some(pttl),
            holder,
        }))
    }

    /// One line for people, with everything taken from Redis escaped.
    pub fn describe(&self) -> String {
        let who = match (self.pid, &self.operator) {
            (Some(pid), Some(op)) => format!("pid {pid}, {}", crate::ids::shown(op)),
            _ => format!("value {}", crate::ids::shown(&self.holder)),
        };
        let since = self
            .held_for_ms
            .map(|ms| format!(", started {} ago", crate::text::human_duration(ms)))
            .unwrap_or_default();
        let left = match self.expires_in_ms {
            Some(ms) => format!("; it runs out in {}", crate::text::human_duration(ms)),
            None => "; it has no expiry: delete it if no sweep is running".to_string(),
        };
        format!("{} is held by another sweep ({who}{since}){left}", self.key)
    }
}

/// The sweep lock while this sweep holds it: renewed between steps, and found out when lost.
struct SweepLock {
    /// None for a dry run, which takes no lock.
    token: Option<String>,
    renewed: std::time::Instant,
    lost: bool,
}

impl SweepLock {
    /// Whether the sweep may go on: renews the lock when it is due, and says false (once the
    /// lock is found gone, for good) when it no longer holds our token.
    fn keep(&mut self, redis: &mut Redis) -> Result<bool, Error> {
        if self.lost {
            return Ok(false);
        }
        let Some(token) = &self.token else {
            return Ok(true);
        };
        if self.renewed.elapsed() < RENEW_EVERY {
            return Ok(true);
        }
        let ours = scripts::run(
            redis,
            &Unlock {
                token,
                renew: Some(LOCK_TTL),
            },
        )?;
        self.renewed = std::time::Instant::now();
        self.lost = !ours;
        Ok(!self.lost)
    }
}

/// How old a hold must be before its orphan locks count as crash leftovers: the same age after
/// which `reserve` stops treating an unknown hold of the user as a command in flight.
pub const ORPHAN_GRACE: std::time::Duration = crate::holds::IN_FLIGHT_GRACE;

pub struct Options {
    pub dry_run: bool,
    pub showtime: Option<ShowtimeId>,
}

pub fn sweep(
    db: &mut Db,
    redis: &mut Redis,
    opts: &Options,
    progress: &dyn Fn(u64, u64),
) -> Result<Summary, Error> {
    let mut sum = Summary {
        dry_run: opts.dry_run,
        ..Default::default()
    };
    let token = format!(
        "{}:{}:{}",
        std::process::id(),
        wall_ms(),
        crate::context::operator()
    );
    if !opts.dry_run {
        let got: Option<String> = redis.query(
            redis::cmd("SET")
                .arg(keys::sweep_lock())
                .arg(&token)
                .arg("NX")
                .arg("PX")
                .arg(LOCK_TTL.as_millis() as u64),
        )?;
        if got.is_none() {
            sum.skipped = true;
            sum.lock = LockHolder::read(redis)?;
            return Ok(sum);
        }
    }
    let mut lock = SweepLock {
        token: (!opts.dry_run).then(|| token.clone()),
        renewed: std::time::Instant::now(),
        lost: false,
    };
    let result = run(db, redis, opts, &mut sum, &mut lock, progress);
    sum.lock_lost = lock.lost;
    if !opts.dry_run {
        let released = scripts::run(
            redis,
            &Unlock {
                token: &token,
                renew: None,
            },
        );
        // Not ours any more at the end: the last step outlived the lock. Said, not hidden.
        if matches!(released, Ok(false)) {
            sum.lock_lost = true;
        }
    }
    result.map(|_| sum)
}

fn redis_now(redis: &mut Redis) -> Result<i64, Error> {
    let (s, us): (i64, i64) = redis.query(&redis::cmd("TIME"))?;
    Ok(s * 1000 + us / 1000)
}

fn run(
    db: &mut Db,
    redis: &mut Redis,
    opts: &Options,
    sum: &mut Summary,
    lock: &mut SweepLock,
    progress: &dyn Fn(u64, u64),
) -> Result<(), Error> {
    let now = redis_now(redis)?;
    let mut dirty: BTreeSet<ShowtimeId> = BTreeSet::new();
    expire_overdue(db, redis, opts, now, sum, lock, &mut dirty)?;
    if !lock.keep(redis)? {
        return Ok(());
    }

    // Every showtime with something to look at: open holds, or keys in Redis.
    let pattern = match opts.showtime {
        Some(st) => keys::showtime_scan_pattern(st),
        None => keys::all_showtimes_scan_pattern().to_string(),
    };
    let mut found = snapshot::scan(redis, &pattern)?;
    if let Some(st) = opts.showtime {
        found.retain(|k, _| *k == st);
    }
    let mut showtimes: BTreeSet<ShowtimeId> = found.keys().copied().collect();
    showtimes.extend(dirty.iter().copied());
    // Index keys drift when holds run out on their own; once every lock and open hold of a
    // showtime is gone, only the index keys themselves bring it here.
    for st in index_showtimes(redis)? {
        if opts.showtime.is_none_or(|o| o == st) {
            showtimes.insert(st);
        }
    }
    let pending: Vec<i64> = db.pending_showtimes()?;
    for id in pending {
        let st = ShowtimeId::new(id)?;
        if opts.showtime.is_none_or(|o| o == st) {
            showtimes.insert(st);
        }
    }
    let total = showtimes.len() as u64;
    for (i, st) in showtimes.into_iter().enumerate() {
        // Between showtimes: renew the lock, or stop if another sweep has it by now.
        if !lock.keep(redis)? {
            return Ok(());
        }
        crate::holds::failpoint("sweep-showtime");
        progress(i as u64, total);
        let (locks, res) = found.remove(&st).unwrap_or_default();
        match crate::catalog::get_showtime(db, st) {
            Ok(_) => {}
            Err(Error::NotFound(_)) => {
                sum.orphan_locks += locks.len();
                sum.details.push(Detail {
                    kind: DetailKind::UnknownShowtime,
                    showtime_id: st.get(),
                    booking_id: None,
                    user: None,
                    seats: locks.iter().map(|(s, _)| s.clone()).collect(),
                    key: None,
                    detail: format!(
                        "{} keys for showtime {st}, which is not in the catalog",
                        locks.len() + res.len()
                    ),
                });
                continue;
            }
            Err(e) => return Err(e),
        }
        sum.showtimes += 1;
        reconcile(
            db,
            redis,
            opts,
            st,
            locks,
            res,
            dirty.contains(&st),
            sum,
            lock,
        )?;
    }
    progress(total, total);
    Ok(())
}

/// Showtimes that have a `reserved_seats_` or `available_seats_` key (one SCAN for both).
fn index_showtimes(redis: &mut Redis) -> Result<BTreeSet<ShowtimeId>, Error> {
    let mut out = BTreeSet::new();
    let mut cursor: u64 = 0;
    loop {
        let (next, batch): (u64, Vec<Vec<u8>>) = redis.query(
            redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg("*_seats_*")
                .arg("COUNT")
                .arg(1000),
        )?;
        for k in batch.into_iter().filter_map(|k| String::from_utf8(k).ok()) {
            let id = k
                .strip_prefix("reserved_seats_")
                .or_else(|| k.strip_prefix("available_seats_"));
            if let Some(st) = id.and_then(|s| s.parse::<ShowtimeId>().ok()) {
                out.insert(st);
            }
        }
        cursor = next;
        if cursor == 0 {
            return Ok(out);
        }
    }
}

/// Step 1: PENDING bookings past their expiry whose locks are gone become EXPIRED.
fn expire_overdue(
    db: &mut Db,
    redis: &mut Redis,
    opts: &Options,
    now: i64,
    sum: &mut Summary,
    lock: &mut SweepLock,
    dirty: &mut BTreeSet<ShowtimeId>,
) -> Result<(), Error> {
    let mut after: i64 = 0;
    loop {
        if !lock.keep(redis)? {
            return Ok(());
        }
        // (id, showtime, user, seats)
        let batch: Vec<(i64, i64, String, Vec<String>)> = db
            .overdue_holds(now, after, opts.showtime, BATCH)?
            .into_iter()
            .map(|h| (h.booking_id, h.showtime_id, h.user, h.seats))
            .collect();
        let Some(last) = batch.last() else {
            return Ok(());
        };
        after = last.0;

        // One MGET for every lock of the batch: a booking whose lock still names its user is
        // still held in Redis (an extension not yet recorded, or a lock without expiry).
        let mut lock_keys = Vec::new();
        for (_, st, _, seats) in &batch {
            let st = ShowtimeId::new(*st)?;
            for s in seats {
                lock_keys.push(keys::seat_lock_str(st, s));
            }
        }
        // Bytes: a lock value that is not UTF-8 is nobody's lock, not a failed sweep.
        let values: Vec<Option<Vec<u8>>> = if lock_keys.is_empty() {
            Vec::new()
        } else {
            redis.query(redis::cmd("MGET").arg(&lock_keys))?
        };
        let mut i = 0;
        let mut overdue = Vec::new();
        for (id, st, user, seats) in &batch {
            let held = values[i..i + seats.len()]
                .iter()
                .any(|v| v.as_deref() == Some(user.as_bytes()));
            i += seats.len();
            if !held {
                overdue.push((*id, *st, user.clone(), seats.clone()));
            }
        }
        if opts.dry_run {
            sum.expired += overdue.len();
            for (id, st, user, seats) in overdue {
                sum.details
                    .push(expired_detail(id, st, user, seats, "would expire"));
            }
            continue;
        }
        let done = db.write(|tx| {
            let wall = wall_ms();
            let mut done = Vec::new();
            for (id, st, user, seats) in &overdue {
                if tx.expire_overdue(*id, now, wall)? {
                    tx.audit(AuditEntry {
                        at_ms: wall,
                        showtime_id: Some(*st),
                        booking_id: Some(*id),
                        user: Some(user),
                        seats,
                        action: "expire",
                        detail: Some(json!({ "reason": "hold ran out", "redis_now_ms": now })),
                        ..Default::default()
                    })?;
                    done.push((*id, *st, user.clone(), seats.clone()));
                }
            }
            Ok(done)
        })?;
        sum.expired += done.len();
        for (id, st, user, seats) in done {
            dirty.insert(ShowtimeId::new(st)?);
            sum.details
                .push(expired_detail(id, st, user, seats, "expired"));
        }
    }
}

fn expired_detail(id: i64, st: i64, user: String, seats: Vec<String>, what: &str) -> Detail {
    Detail {
        kind: DetailKind::Expired,
        showtime_id: st,
        booking_id: Some(id),
        detail: format!("booking {id} of user {user} {what}: its hold ran out"),
        user: Some(user),
        seats,
        key: None,
    }
}

/// Steps 2-4 for one showtime.
#[allow(clippy::too_many_arguments)]
fn reconcile(
    db: &mut Db,
    redis: &mut Redis,
    opts: &Options,
    st: ShowtimeId,
    locks: Vec<(String, String)>,
    res: Vec<(String, String)>,
    dirty: bool,
    sum: &mut Summary,
    lock: &mut SweepLock,
) -> Result<(), Error> {
    let dbv = DbView::read(db, st)?;
    let rv = RedisView::load(redis, st, locks, res)?;
    let report = snapshot::analyze(st, &dbv, &rv);
    let now = rv.now_ms;
    let mut touched = dirty;
    let mut fix_reservations: BTreeSet<String> = BTreeSet::new();
    let mut stale_orphans: Vec<(String, String, i64)> = Vec::new();
    let mut fix_index = false;

    // Lost holds, by booking.
    let mut lost: BTreeMap<i64, (String, Vec<String>, i64)> = BTreeMap::new();
    for (seat, c) in &dbv.claims {
        if c.status == Status::Pending && c.expires_at_ms > now {
            let e =
                lost.entry(c.booking_id)
                    .or_insert((c.user.clone(), Vec::new(), c.expires_at_ms));
            e.1.push(seat.clone());
        }
    }
    let holder_of = |seat: &str| {
        rv.locks
            .get(seat)
            .and_then(|k| k.as_str().map(String::from))
    };
    lost.retain(|_, (user, seats, _)| seats.iter().any(|s| holder_of(s).as_deref() != Some(user)));

    let pos: HashMap<&str, usize> = dbv
        .layout
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    // Seats whose other lock a restore replaced: what the analysis said about that lock is
    // no longer so.
    let mut replaced: BTreeSet<String> = BTreeSet::new();
    for (id, (user, mut seats, expires)) in lost {
        if !lock.keep(redis)? {
            return Ok(());
        }
        seats.sort_by_key(|s| pos.get(s.as_str()).copied().unwrap_or(usize::MAX));
        let started = db.booking(id)?.map_or(now, |b| b.hold_started_at_ms);
        if opts.dry_run {
            // (seat, holder) of the other locks a restore would replace.
            let others: Vec<(String, String)> = seats
                .iter()
                .filter_map(|s| {
                    let k = rv.locks.get(s)?;
                    match &k.value {
                        KeyValue::Missing => None,
                        KeyValue::Str(v) if *v == user => None,
                        KeyValue::Str(v) => Some((s.clone(), v.clone())),
                        KeyValue::WrongType(_) => Some((s.clone(), String::new())),
                    }
                })
                .collect();
            sum.rehydrated += 1;
            if !others.is_empty() {
                sum.conflicts += 1;
                sum.displaced_locks += others.len();
                replaced.extend(others.iter().map(|(s, _)| s.clone()));
            }
            sum.details.push(Detail {
                kind: DetailKind::Rehydrated,
                showtime_id: st.get(),
                booking_id: Some(id),
                detail: format!(
                    "booking {id} of user {user}: would restore its locks{}",
                    replaced_note(&others)
                ),
                user: Some(user),
                seats,
                key: None,
            });
            continue;
        }
        // The booking was read before Redis, maybe long ago on a busy machine: look again right
        // before writing over anything, so a hold that ended meanwhile (released, expired)
        // never displaces the lock of the seat's next, rightful holder.
        crate::holds::failpoint("sweep-before-recheck");
        if !still_live(db, id, started)? {
            continue;
        }
        crate::holds::failpoint("sweep-before-reclaim");
        let others = match reclaim_hold(redis, st, &user, &seats, expires, started)? {
            Restored::Ok => Vec::new(),
            Restored::Replaced(pairs) => pairs,
            // Ran out meanwhile (the next sweep expires it), or a command of the user is
            // changing their hold right now (the next sweep looks again). Never expired here:
            // its time is not up.
            Restored::Gone | Restored::Busy | Restored::Taken(_) => continue,
        };
        touched = true;
        for (seat, holder) in &others {
            replaced.insert(seat.clone());
            // The displaced holder's reservation key no longer matches their locks.
            if UserId::is_valid(holder) {
                fix_reservations.insert(holder.clone());
            }
        }
        // The booking was read before Redis: if it ended meanwhile (released, confirmed by
        // another process), the locks just written belong to nobody; take them back.
        let still = db.write(|tx| {
            let live = tx.booking(id)?.is_some_and(|b| is_hold(&b, started));
            if live {
                let mut detail = json!({ "expires_at_ms": expires });
                if !others.is_empty() {
                    detail["replaced_locks"] = json!(
                        others
                            .iter()
                            .map(|(seat, holder)| json!({ "seat": seat, "holder": holder }))
                            .collect::<Vec<_>>()
                    );
                }
                tx.audit(AuditEntry {
                    at_ms: wall_ms(),
                    showtime_id: Some(st.get()),
                    booking_id: Some(id),
                    user: Some(&user),
                    seats: &seats,
                    action: "rehydrate",
                    detail: Some(detail),
                    ..Default::default()
                })?;
            }
            Ok(live)
        })?;
        if !still {
            // It ended in the instant between the look and the restore: the locks it displaced
            // may be a live hold's (the seat's next holder); give them back before letting go.
            give_back(db, redis, st, &others)?;
            free_hold(redis, st, &user, &seats, started)?;
            continue;
        }
        sum.rehydrated += 1;
        if !others.is_empty() {
            sum.conflicts += 1;
            sum.displaced_locks += others.len();
        }
        sum.details.push(Detail {
            kind: DetailKind::Rehydrated,
            showtime_id: st.get(),
            booking_id: Some(id),
            detail: format!(
                "booking {id} of user {user}: locks restored for {}{}",
                crate::text::human_duration(expires - now),
                replaced_note(&others)
            ),
            user: Some(user),
            seats,
            key: None,
        });
    }

    // Locks on sold seats, by holder.
    let mut sold_locks: HashMap<String, Vec<String>> = HashMap::new();
    for a in &report.anomalies {
        if a.seat.as_ref().is_some_and(|s| replaced.contains(s))
            && matches!(
                a.kind,
                AnomalyKind::OrphanLock | AnomalyKind::NoTtl | AnomalyKind::BadValue
            )
        {
            continue;
        }
        match a.kind {
            AnomalyKind::SoldButLocked => {
                if let (Some(u), Some(s)) = (&a.user, &a.seat) {
                    sold_locks.entry(u.clone()).or_default().push(s.clone());
                }
            }
            AnomalyKind::OrphanLock => {
                sum.orphan_locks += 1;
                sum.details
                    .push(anomaly_detail(DetailKind::OrphanLock, st, a));
                if let (Some(u), Some(seat)) = (&a.user, &a.seat) {
                    match hold_started_ms(&rv, u) {
                        Some(at) if rv.now_ms - at >= ORPHAN_GRACE.as_millis() as i64 => {
                            stale_orphans.push((u.clone(), seat.clone(), at));
                        }
                        Some(_) => {}
                        // No hold of boxoffice's behind it: not ours to age or remove.
                        None => sum.foreign_locks += 1,
                    }
                }
            }
            AnomalyKind::NoTtl => {
                sum.no_ttl += 1;
                sum.details.push(anomaly_detail(DetailKind::NoTtl, st, a));
                if a.seat.is_none() {
                    // An index or reservation key without expiry: rewritten below.
                    fix_index = true;
                    if let Some(u) = &a.user {
                        fix_reservations.insert(u.clone());
                    }
                }
            }
            AnomalyKind::BadValue => {
                sum.bad_values += 1;
                sum.details
                    .push(anomaly_detail(DetailKind::BadValue, st, a));
                if a.seat.is_none() {
                    fix_index = true;
                    if let Some(u) = &a.user {
                        fix_reservations.insert(u.clone());
                    }
                }
            }
            AnomalyKind::ReservationMismatch => {
                if let Some(u) = &a.user {
                    fix_reservations.insert(u.clone());
                }
            }
            AnomalyKind::StaleIndex => fix_index = true,
            // Both come from the database's view: lost holds are rehydrated and stale PENDING
            // bookings expired above, from the claims themselves.
            AnomalyKind::LostHold | AnomalyKind::StalePending => {}
        }
    }
    for (user, seats) in sold_locks {
        sum.sold_locks_removed += seats.len();
        if !opts.dry_run {
            finish_in_redis(
                redis,
                st,
                &user,
                &seats,
                true,
                None,
                crate::config::DEFAULT_HOLD,
            )?;
            touched = true;
        }
        sum.details.push(Detail {
            kind: DetailKind::SoldLockRemoved,
            showtime_id: st.get(),
            booking_id: None,
            detail: format!("locks of user {user} on sold seats removed"),
            user: Some(user),
            seats,
            key: None,
        });
    }

    // Crash leftovers: removed only while they still name the same holder and belong to the
    // same (abandoned) hold: if the user has reserved again meanwhile, the lock is the new hold's.
    for (user, seat, started) in stale_orphans {
        if opts.dry_run {
            sum.orphan_locks_removed += 1;
            continue;
        }
        let removed = finish_in_redis(
            redis,
            st,
            &user,
            std::slice::from_ref(&seat),
            false,
            Some(started),
            crate::config::DEFAULT_HOLD,
        )?;
        if removed == 1 {
            sum.orphan_locks_removed += 1;
            touched = true;
            sum.details.push(Detail {
                kind: DetailKind::OrphanLockRemoved,
                showtime_id: st.get(),
                booking_id: None,
                detail: format!(
                    "lock of user {user} on {seat}, with no booking behind it for over {}, removed",
                    humantime::format_duration(ORPHAN_GRACE)
                ),
                user: Some(user.clone()),
                seats: vec![seat],
                key: None,
            });
            fix_reservations.insert(user);
        }
    }

    // Reservation keys rewritten from the locks; the script checks each lock itself.
    if !fix_reservations.is_empty() {
        for user in fix_reservations {
            let Ok(uid) = user.parse::<UserId>() else {
                continue;
            };
            // The hold the key is written for, by its start: the user's booking's, or for a
            // hold SQLite does not know (a crash leftover, a reserve in flight) the one its key
            // already names. A key is never invented for locks no booking backs, and never
            // given a new start (that resets an orphan's age, and makes a reserve in flight
            // take it for another hold of its user).
            let pending = db.pending_booking(st, &user)?;
            let key_start = hold_started_ms(&rv, &user);
            let key_exists = rv
                .reservations
                .get(&user)
                .is_some_and(|k| !matches!(k.value, KeyValue::Missing));
            let started = match (&pending, key_start) {
                // A command of the user is between its Redis and SQLite steps: the key is its
                // hold's; the next sweep looks again.
                (Some(b), Some(at))
                    if at != b.hold_started_at_ms
                        && now - at < crate::holds::IN_FLIGHT_GRACE.as_millis() as i64 =>
                {
                    continue;
                }
                (Some(b), _) => Some(b.hold_started_at_ms),
                (None, Some(at)) => Some(at),
                // A malformed key with no hold behind it: rewritten from no candidates, which
                // deletes it.
                (None, None) if key_exists => None,
                (None, None) => continue,
            };
            // Candidates: their booking's seats, and the seats the key already lists that the
            // user still locked when we looked (a lock no booking or hold backs, such as one
            // written by hand, is never added to a hold).
            let listed: BTreeSet<String> = rv
                .reservations
                .get(&user)
                .and_then(|k| k.as_str())
                .and_then(keys::parse_reservation)
                .unwrap_or_default()
                .into_iter()
                .collect();
            let mut cands: BTreeSet<String> = rv
                .locks
                .iter()
                .filter(|(s, k)| k.as_str() == Some(user.as_str()) && listed.contains(*s))
                .map(|(s, _)| s.clone())
                .collect();
            if let Some(b) = &pending {
                cands.extend(b.seats.iter().cloned());
            }
            // Already what a rewrite would write (the key lists exactly the candidates the user
            // still locks, from the same start, and expires): nothing to repair, say nothing.
            let would: BTreeSet<String> = cands
                .iter()
                .filter(|s| {
                    !replaced.contains(*s)
                        && rv.locks.get(*s).and_then(|k| k.as_str()) == Some(user.as_str())
                })
                .cloned()
                .collect();
            let expires = rv.reservations.get(&user).is_some_and(|k| !k.no_ttl());
            if started.is_some()
                && started == key_start
                && would == listed
                && !would.is_empty()
                && expires
            {
                continue;
            }
            sum.reservations_repaired += 1;
            sum.details.push(Detail {
                kind: DetailKind::ReservationRepaired,
                showtime_id: st.get(),
                booking_id: None,
                key: Some(keys::seat_reservation(st, &uid)),
                detail: format!("seat_reservation_{st}_{user} rewritten from the locks"),
                user: Some(user.clone()),
                seats: Vec::new(),
            });
            if opts.dry_run {
                continue;
            }
            let cands: Vec<&String> = cands.iter().collect();
            let call = Reservation {
                showtime: st,
                user: &uid,
                started_ms: started.unwrap_or(now),
                candidates: &cands,
            };
            scripts::run(redis, &call)?;
        }
    }

    // Index keys: rebuilt when they drifted or anything above changed them.
    if fix_index || touched || matches!(rv.available_index.value, KeyValue::Missing) {
        let sold: BTreeSet<&String> = dbv
            .claims
            .iter()
            .filter(|(_, c)| c.status == Status::Confirmed)
            .map(|(s, _)| s)
            .collect();
        let seats: Vec<&String> = dbv.layout.iter().filter(|s| !sold.contains(s)).collect();
        if opts.dry_run {
            if fix_index {
                sum.index_repaired += 1;
            }
        } else {
            let call = Reindex {
                showtime: st,
                seats: &seats,
                fallback_ttl: crate::config::DEFAULT_HOLD,
            };
            let written = scripts::run(redis, &call)?;
            // Creating the free-seat cache is upkeep, not a repair worth a line in cron mail.
            if fix_index && written > 0 {
                sum.index_repaired += written as usize;
                sum.details.push(Detail {
                    kind: DetailKind::IndexRepaired,
                    showtime_id: st.get(),
                    booking_id: None,
                    user: None,
                    seats: Vec::new(),
                    key: None,
                    detail: format!("{written} index keys of showtime {st} rebuilt from the locks"),
                });
            }
        }
    }
    Ok(())
}

/// ", replacing the lock of user 2 on C1", for a detail line (holders escaped).
fn replaced_note(others: &[(String, String)]) -> String {
    if others.is_empty() {
        return String::new();
    }
    let list: Vec<String> = others
        .iter()
        .map(|(seat, holder)| {
            if holder.is_empty() {
                format!("{seat} (a key that was not a string)")
            } else {
                format!("{seat} (user {})", crate::holds::shown_holder(holder))
            }
        })
        .collect();
    format!(
        ", over locks no booking backs on {} (the seats are this booking's in the database)",
        list.join(", ")
    )
}

fn anomaly_detail(kind: DetailKind, st: ShowtimeId, a: &snapshot::Anomaly) -> Detail {
    Detail {
        kind,
        showtime_id: st.get(),
        booking_id: a.booking_id,
        user: a.user.clone(),
        seats: a.seat.iter().cloned().collect(),
        key: a.key.clone(),
        detail: a.detail.clone(),
    }
}

/// Whether `b` is still the PENDING hold that started at `started` (not ended, not replaced by
/// a newer hold of the same customer).
fn is_hold(b: &Booking, started: i64) -> bool {
    b.status == Status::Pending && b.hold_started_at_ms == started
}

/// Whether booking `id` is still the PENDING hold that started at `started`.
fn still_live(db: &Db, id: i64, started: i64) -> Result<bool, Error> {
    Ok(db.booking(id)?.is_some_and(|b| is_hold(&b, started)))
}

/// Puts back the holds of the users whose locks a restore displaced, for those who hold a live
/// PENDING booking in SQLite: their whole hold, over whatever the restore wrote.
fn give_back(
    db: &Db,
    redis: &mut Redis,
    st: ShowtimeId,
    displaced: &[(String, String)],
) -> Result<(), Error> {
    let holders: BTreeSet<&str> = displaced
        .iter()
        .map(|(_, h)| h.as_str())
        .filter(|h| UserId::is_valid(h))
        .collect();
    for holder in holders {
        if let Some(b) = db.pending_booking(st, holder)? {
            // Gone (ran out meanwhile) or busy (their own command is at work): nothing to do.
            reclaim_hold(
                redis,
                st,
                holder,
                &b.seats,
                b.expires_at_ms,
                b.hold_started_at_ms,
            )?;
        }
    }
    Ok(())
}

/// Gives a booking's seats back in Redis: only its own hold's locks (by the hold's start), never
/// those of a newer hold of the same user.
fn free_hold(
    redis: &mut Redis,
    st: ShowtimeId,
    user: &str,
    seats: &[String],
    started: i64,
) -> Result<(), Error> {
    finish_in_redis(
        redis,
        st,
        user,
        seats,
        false,
        Some(started),
        crate::config::DEFAULT_HOLD,
    )?;
    Ok(())
}

/// When `user`'s hold on this showtime started, by the `reserved_at` of their reservation key
/// (epoch seconds, as the guide writes it); `None` when the key is missing or unreadable.
fn hold_started_ms(rv: &RedisView, user: &str) -> Option<i64> {
    keys::reservation_started_ms(rv.reservations.get(user)?.as_str()?)
}

#[cfg(test)]
mod tests {
    use super::DetailKind;

    #[test]
    fn every_detail_kind_keeps_its_snake_case_string_in_text_and_json() {
        let want = [
            (DetailKind::UnknownShowtime, "unknown_showtime", true),
            (DetailKind::Expired, "expired", false),
            (DetailKind::Rehydrated, "rehydrated", false),
            (DetailKind::SoldLockRemoved, "sold_lock_removed", false),
            (DetailKind::OrphanLockRemoved, "orphan_lock_removed", false),
            (
                DetailKind::ReservationRepaired,
                "reservation_repaired",
                false,
            ),
            (DetailKind::IndexRepaired, "index_repaired", false),
            (DetailKind::OrphanLock, "orphan_lock", true),
            (DetailKind::NoTtl, "no_ttl", true),
            (DetailKind::BadValue, "bad_value", true),
        ];
        assert_eq!(want.map(|(k, _, _)| k), DetailKind::ALL);
        for (k, s, standing) in want {
            assert_eq!(k.as_str(), s);
            assert_eq!(k.to_string(), s);
            assert_eq!(serde_json::to_value(k).unwrap(), s);
            assert_eq!(k.is_standing(), standing, "{s}");
        }
    }
}
