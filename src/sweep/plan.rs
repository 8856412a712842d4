//! What one showtime needs, read off the snapshot before anything is written: the plan that
//! steps 2-4 then apply, in order.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::keys;
use crate::redis_client::Redis;
use crate::snapshot::{Anomaly, AnomalyKind, DbView, KeyValue, RedisView, Report};
use crate::store::{Db, Status};

use super::orphans::ORPHAN_GRACE;

/// The lock and the reservation keys the scan found for one showtime: (seat or user, key).
pub(super) type ShowtimeKeys = (Vec<(String, String)>, Vec<(String, String)>);

/// One showtime as this sweep read it: SQLite's record, then Redis's (with Redis's clock then).
pub(super) struct View {
    pub st: ShowtimeId,
    pub db: DbView,
    pub redis: RedisView,
}

impl View {
    /// Reads the showtime's claims, then the values of the keys the scan found for it.
    pub fn read(
        db: &Db,
        redis: &mut Redis,
        st: ShowtimeId,
        (locks, reservations): ShowtimeKeys,
    ) -> Result<View, Error> {
        let db = DbView::read(db, st)?;
        let redis = RedisView::load(redis, st, locks, reservations)?;
        Ok(View { st, db, redis })
    }

    /// Redis's clock when the showtime was read.
    pub fn now(&self) -> i64 {
        self.redis.now_ms
    }

    /// Whose lock is on `seat` when it was read; None for no lock, or a key that is no string.
    pub fn holder(&self, seat: &str) -> Option<&str> {
        self.redis.locks.get(seat).and_then(|k| k.as_str())
    }

    /// When `user`'s hold on this showtime started, by the `reserved_at` of their reservation
    /// key (epoch seconds, as the guide writes it); `None` when the key is missing or unreadable.
    pub fn hold_started_ms(&self, user: &str) -> Option<i64> {
        keys::reservation_started_ms(self.redis.reservations.get(user)?.as_str()?)
    }
}

/// Step 2: a live PENDING booking some of whose locks are missing.
pub(super) struct LostHold {
    pub booking_id: i64,
    pub user: String,
    /// All its seats, in layout order.
    pub seats: Vec<String>,
    pub expires_at_ms: i64,
    /// The other locks on its seats when the showtime was read: what a restore would replace.
    pub others: Vec<OtherLock>,
}

/// A lock on a seat of a live booking that is not the booking's own.
#[derive(Debug, Clone)]
pub(super) struct OtherLock {
    pub seat: String,
    /// Its value; empty for a key that is not a string.
    pub holder: String,
}

impl From<(String, String)> for OtherLock {
    fn from((seat, holder): (String, String)) -> OtherLock {
        OtherLock { seat, holder }
    }
}

/// Step 3: one holder's locks on sold seats, to remove.
pub(super) struct SoldLocks {
    pub user: String,
    pub seats: Vec<String>,
}

/// Step 4: a lock no booking backs, of a hold that started over [`ORPHAN_GRACE`] ago.
pub(super) struct StaleOrphan {
    pub user: String,
    pub seat: String,
    /// The hold's start, by its reservation key: the lock is removed only while it is that
    /// hold's.
    pub started_ms: i64,
}

/// How long an orphan lock's hold has been going, by the holder's reservation key.
pub(super) enum OrphanAge {
    /// Past the grace period: a crash leftover, removed.
    Stale(StaleOrphan),
    /// Maybe a reserve in flight: left alone.
    Young,
    /// No readable reservation key behind it (written by hand or by other software): left alone.
    Foreign,
    /// The report named no holder or no seat for it: reported only.
    Unnamed,
}

/// What the analysis found standing, reported by the sweep (and for an orphan, maybe removed).
pub(super) enum Finding<'r> {
    Orphan(&'r Anomaly, OrphanAge),
    NoTtl(&'r Anomaly),
    BadValue(&'r Anomaly),
}

impl Finding<'_> {
    pub fn anomaly(&self) -> &Anomaly {
        match self {
            Finding::Orphan(a, _) | Finding::NoTtl(a) | Finding::BadValue(a) => a,
        }
    }
}

/// What one showtime needs, in the order the sweep does it.
pub(super) struct Plan<'r> {
    /// Step 2, by booking id.
    pub lost: Vec<LostHold>,
    /// Reported after step 2, unless a restore replaced the lock one is about.
    pub findings: Vec<Finding<'r>>,
    /// Step 3, by holder.
    pub sold_locks: Vec<SoldLocks>,
    /// Step 3: users whose reservation key disagrees with their locks (or is malformed, or has
    /// no expiry). Steps 2 and 4 add the users whose locks they changed.
    pub reservations: BTreeSet<String>,
    /// Step 3: the index keys drifted (or one is malformed, or has no expiry).
    pub index: bool,
}

impl<'r> Plan<'r> {
    pub fn build(view: &View, report: &'r Report) -> Plan<'r> {
        let mut plan = Plan {
            lost: lost_holds(view),
            findings: Vec::new(),
            sold_locks: Vec::new(),
            reservations: BTreeSet::new(),
            index: false,
        };
        let mut sold: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for a in &report.anomalies {
            match a.kind {
                AnomalyKind::SoldButLocked => {
                    if let (Some(u), Some(s)) = (&a.user, &a.seat) {
                        sold.entry(u).or_default().push(s.clone());
                    }
                }
                AnomalyKind::OrphanLock => {
                    let age = orphan_age(view, a);
                    plan.findings.push(Finding::Orphan(a, age));
                }
                AnomalyKind::NoTtl | AnomalyKind::BadValue => {
                    plan.findings.push(if a.kind == AnomalyKind::NoTtl {
                        Finding::NoTtl(a)
                    } else {
                        Finding::BadValue(a)
                    });
                    if a.seat.is_none() {
                        // An index or reservation key without expiry, or malformed: rewritten.
                        plan.index = true;
                        plan.reservations.extend(a.user.clone());
                    }
                }
                AnomalyKind::ReservationMismatch => plan.reservations.extend(a.user.clone()),
                AnomalyKind::StaleIndex => plan.index = true,
                // Both come from the database's view: lost holds are rehydrated and stale
                // PENDING bookings expired, from the claims themselves.
                AnomalyKind::LostHold | AnomalyKind::StalePending => {}
                // A cancelled screening is cleared whole before any plan (`cancelled.rs`).
                AnomalyKind::CancelledShowtimeKey => {}
            }
        }
        plan.sold_locks = sold
            .into_iter()
            .map(|(user, seats)| SoldLocks {
                user: user.to_string(),
                seats,
            })
            .collect();
        plan
    }

    /// The findings still so after step 2: none about a lock a restore replaced.
    pub fn standing<'p>(
        &'p self,
        replaced: &'p BTreeSet<String>,
    ) -> impl Iterator<Item = &'p Finding<'r>> {
        self.findings.iter().filter(|f| {
            !f.anomaly()
                .seat
                .as_ref()
                .is_some_and(|s| replaced.contains(s))
        })
    }
}

/// The live PENDING bookings (by SQLite) some of whose seats lack their lock (by Redis).
fn lost_holds(view: &View) -> Vec<LostHold> {
    let now = view.now();
    let mut lost: BTreeMap<i64, LostHold> = BTreeMap::new();
    for (seat, c) in &view.db.claims {
        if c.status == Status::Pending && c.expires_at_ms > now {
            let hold = lost.entry(c.booking_id).or_insert_with(|| LostHold {
                booking_id: c.booking_id,
                user: c.user.clone(),
                seats: Vec::new(),
                expires_at_ms: c.expires_at_ms,
                others: Vec::new(),
            });
            hold.seats.push(seat.clone());
        }
    }
    let pos: HashMap<&str, usize> = (view.db.layout.iter().enumerate())
        .map(|(i, s)| (s.as_str(), i))
        .collect();
    lost.into_values()
        .filter(|h| {
            h.seats
                .iter()
                .any(|s| view.holder(s) != Some(h.user.as_str()))
        })
        .map(|mut h| {
            h.seats
                .sort_by_key(|s| pos.get(s.as_str()).copied().unwrap_or(usize::MAX));
            h.others = other_locks(view, &h.user, &h.seats);
            h
        })
        .collect()
}

/// The locks on `seats` that are not `user`'s.
fn other_locks(view: &View, user: &str, seats: &[String]) -> Vec<OtherLock> {
    let other = |seat: &String| {
        let holder = match &view.redis.locks.get(seat)?.value {
            KeyValue::Missing => return None,
            KeyValue::Str(v) if v == user => return None,
            KeyValue::Str(v) => v.clone(),
            KeyValue::WrongType(_) => String::new(),
        };
        Some(OtherLock {
            seat: seat.clone(),
            holder,
        })
    };
    seats.iter().filter_map(other).collect()
}

fn orphan_age(view: &View, a: &Anomaly) -> OrphanAge {
    let (Some(user), Some(seat)) = (&a.user, &a.seat) else {
        return OrphanAge::Unnamed;
    };
    match view.hold_started_ms(user) {
        Some(at) if view.now() - at >= ORPHAN_GRACE.as_millis() as i64 => {
            OrphanAge::Stale(StaleOrphan {
                user: user.clone(),
                seat: seat.clone(),
                started_ms: at,
            })
        }
        Some(_) => OrphanAge::Young,
        // No hold of boxoffice's behind it: not ours to age or remove.
        None => OrphanAge::Foreign,
    }
}
