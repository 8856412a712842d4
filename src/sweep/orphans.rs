//! Step 4: what stands is reported (orphan locks, keys without expiry, malformed keys), and
//! orphan locks of holds older than [`ORPHAN_GRACE`] are removed as crash leftovers.

use std::collections::BTreeSet;

use super::plan::{Finding, OrphanAge, StaleOrphan, View};
use super::{Detail, DetailKind, Run};
use crate::error::Error;
use crate::holds::finish_in_redis;
use crate::ids::ShowtimeId;
use crate::snapshot::Anomaly;

/// How old a hold must be before its orphan locks count as crash leftovers: the same age after
/// which `reserve` stops treating an unknown hold of the user as a command in flight.
pub const ORPHAN_GRACE: std::time::Duration = crate::holds::IN_FLIGHT_GRACE;

/// Counts and reports what the analysis found standing. Returns the stale orphan locks among
/// them, to remove.
pub(super) fn report<'p, 'r: 'p>(
    run: &mut Run,
    st: ShowtimeId,
    findings: impl Iterator<Item = &'p Finding<'r>>,
) -> Vec<&'p StaleOrphan> {
    let mut stale = Vec::new();
    for f in findings {
        let kind = match f {
            Finding::Orphan(_, age) => {
                run.sum.orphan_locks += 1;
                match age {
                    OrphanAge::Stale(o) => stale.push(o),
                    OrphanAge::Foreign => run.sum.foreign_locks += 1,
                    OrphanAge::Young | OrphanAge::Unnamed => {}
                }
                DetailKind::OrphanLock
            }
            Finding::NoTtl(_) => {
                run.sum.no_ttl += 1;
                DetailKind::NoTtl
            }
            Finding::BadValue(_) => {
                run.sum.bad_values += 1;
                DetailKind::BadValue
            }
        };
        run.sum.details.push(anomaly_detail(kind, st, f.anomaly()));
    }
    stale
}

/// Removes crash leftovers, only while they still name the same holder and belong to the same
/// (abandoned) hold: if the user has reserved again meanwhile, the lock is the new hold's.
/// Returns the users whose lock it removed (their reservation keys are rewritten next).
pub(super) fn remove(
    run: &mut Run,
    view: &View,
    stale: &[&StaleOrphan],
) -> Result<BTreeSet<String>, Error> {
    let mut users = BTreeSet::new();
    for o in stale {
        if run.opts.dry_run {
            run.sum.orphan_locks_removed += 1;
            continue;
        }
        // A blocked seat leaves the free-seat cache with its orphan lock ('sold' mode), never
        // joins it.
        let blocked = view.db.blocks.contains_key(&o.seat);
        let removed = finish_in_redis(
            run.redis,
            view.st,
            &o.user,
            std::slice::from_ref(&o.seat),
            blocked,
            Some(o.started_ms),
            run.opts.hold,
        )?;
        if removed != 1 {
            continue;
        }
        run.sum.orphan_locks_removed += 1;
        let text = format!(
            "lock of user {} on {}, with no booking behind it for over {}, removed",
            o.user,
            o.seat,
            humantime::format_duration(ORPHAN_GRACE)
        );
        let d = Detail::new(DetailKind::OrphanLockRemoved, view.st.get(), text)
            .user(o.user.clone())
            .seats(vec![o.seat.clone()]);
        run.sum.details.push(d);
        users.insert(o.user.clone());
    }
    Ok(users)
}

fn anomaly_detail(kind: DetailKind, st: ShowtimeId, a: &Anomaly) -> Detail {
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
