//! The last repair of step 3: the two index keys (`reserved_seats_`, `available_seats_`) are
//! rebuilt from the locks where they drifted.

use std::collections::BTreeSet;

use super::plan::View;
use super::{Detail, DetailKind, Run};
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::redis_client::Redis;
use crate::scripts::{self, reindex::Reindex};
use crate::snapshot::KeyValue;
use crate::store::Status;

/// Rebuilds the showtime's index keys when they `drifted`, when an earlier step `touched` its
/// locks, or when the free-seat cache is missing. Only a drift is counted and said: creating
/// the cache is upkeep, not a repair worth a line in cron mail.
pub(super) fn rebuild(
    run: &mut Run,
    view: &View,
    drifted: bool,
    touched: bool,
) -> Result<(), Error> {
    let cache_missing = matches!(view.redis.available_index.value, KeyValue::Missing);
    if !(drifted || touched || cache_missing) {
        return Ok(());
    }
    if run.opts.dry_run {
        if drifted {
            run.sum.index_repaired += 1;
        }
        return Ok(());
    }
    let sold: BTreeSet<&String> = (view.db.claims.iter())
        .filter(|(_, c)| c.status == Status::Confirmed)
        .map(|(s, _)| s)
        .collect();
    // A blocked seat is left out like a sold one, so it never lands on the free-seat cache.
    let seats: Vec<&String> = (view.db.layout.iter())
        .filter(|s| !sold.contains(s) && !view.db.blocks.contains_key(*s))
        .collect();
    let call = Reindex {
        showtime: view.st,
        seats: &seats,
        fallback_ttl: run.opts.hold,
    };
    let written = scripts::run(run.redis, &call)?;
    if drifted && written > 0 {
        run.sum.index_repaired += written as usize;
        let text = format!(
            "{written} index keys of showtime {} rebuilt from the locks",
            view.st
        );
        let d = Detail::new(DetailKind::IndexRepaired, view.st.get(), text);
        run.sum.details.push(d);
    }
    Ok(())
}

/// Showtimes that have a `reserved_seats_` or `available_seats_` key (one SCAN for both): index
/// keys drift when holds run out on their own, and once every lock and open hold of a showtime
/// is gone, only the index keys themselves bring it to the sweep.
pub(super) fn showtimes(redis: &mut Redis) -> Result<BTreeSet<ShowtimeId>, Error> {
    let mut out = BTreeSet::new();
    let style = redis.keys();
    redis.scan_each(style.index_scan_pattern(), |k| {
        out.extend(style.parse_index_key(&k));
    })?;
    Ok(out)
}
