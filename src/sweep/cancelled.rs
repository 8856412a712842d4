//! A cancelled screening in the sweep: whatever Redis still has of it (what a crash between
//! `showtime cancel`'s two steps, or a reserve that raced it and died, left behind) is cleared in
//! one script, with no grace period: no command can be on its way to a claim there, since the
//! schema refuses every claim on a cancelled showtime.

use super::plan::View;
use super::{Detail, DetailKind, Run};
use crate::error::Error;
use crate::snapshot::Report;

/// Clears the cancelled showtime's keys that `report` found (each one a
/// `cancelled_showtime_key` anomaly); quiet when there are none.
pub(super) fn clear(run: &mut Run, view: &View, report: &Report) -> Result<(), Error> {
    let n = report.anomalies.len();
    if n == 0 {
        return Ok(());
    }
    run.sum.cancelled_keys_cleared += n;
    let st = view.st;
    let seats: Vec<String> = view.redis.locks.keys().cloned().collect();
    if !run.opts.dry_run {
        let users: Vec<String> = view.redis.reservations.keys().cloned().collect();
        crate::holds::clear_found(run.redis, st, &seats, &users)?;
    }
    let text = format!("{n} keys of cancelled showtime {st} cleared");
    let d = Detail::new(DetailKind::CancelledShowtimeCleared, st.get(), text).seats(seats);
    run.sum.details.push(d);
    Ok(())
}
