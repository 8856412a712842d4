//! Step 2: live PENDING bookings whose locks are missing (Redis restarted or evicted) get them
//! back with the time they have left, atomically, over any lock no claim backs.

use std::collections::BTreeSet;

use serde_json::json;

use super::plan::{LostHold, OtherLock, View};
use super::{Detail, DetailKind, Run};
use crate::error::Error;
use crate::holds::{Restored, failpoint, finish_in_redis, reclaim_hold, wall_ms};
use crate::ids::UserId;
use crate::store::{AuditEntry, Booking, Db, Status};

/// What the restores changed, for the steps after them.
#[derive(Default)]
pub(super) struct Restores {
    /// Seats whose other lock a restore replaced (or, dry, would): what the analysis said about
    /// that lock is no longer so.
    pub replaced: BTreeSet<String>,
    /// Users with a valid id whose locks a restore replaced: their reservation key no longer
    /// matches their locks.
    pub displaced: BTreeSet<String>,
    /// Whether a restore wrote to Redis (the index keys are rebuilt then).
    pub wrote: bool,
}

/// Restores every lost hold of the plan. None when the lock was lost on the way: the sweep
/// stops there.
pub(super) fn restore_all(
    run: &mut Run,
    view: &View,
    lost: &[LostHold],
) -> Result<Option<Restores>, Error> {
    let mut out = Restores::default();
    for hold in lost {
        if !run.keep()? {
            return Ok(None);
        }
        if run.opts.dry_run {
            would_restore(run, view, hold, &mut out);
        } else {
            restore(run, view, hold, &mut out)?;
        }
    }
    Ok(Some(out))
}

fn would_restore(run: &mut Run, view: &View, hold: &LostHold, out: &mut Restores) {
    let others = &hold.others;
    out.replaced.extend(others.iter().map(|o| o.seat.clone()));
    let text = format!(
        "booking {} of user {}: would restore its locks{}",
        hold.booking_id,
        hold.user,
        replaced_note(others)
    );
    counted(run, view, hold, others, text);
}

fn restore(run: &mut Run, view: &View, hold: &LostHold, out: &mut Restores) -> Result<(), Error> {
    let (st, id) = (view.st, hold.booking_id);
    let started = run
        .db
        .booking(id)?
        .map_or(view.now(), |b| b.hold_started_at_ms);
    // The booking was read before Redis, maybe long ago on a busy machine: look again right
    // before writing over anything, so a hold that ended meanwhile (released, expired) never
    // displaces the lock of the seat's next, rightful holder.
    failpoint("sweep-before-recheck");
    if !still_live(run.db, id, started)? {
        return Ok(());
    }
    failpoint("sweep-before-reclaim");
    let reply = reclaim_hold(
        run.redis,
        st,
        &hold.user,
        &hold.seats,
        hold.expires_at_ms,
        started,
    )?;
    let others: Vec<OtherLock> = match reply {
        Restored::Ok => Vec::new(),
        Restored::Replaced(pairs) => pairs.into_iter().map(OtherLock::from).collect(),
        // Ran out meanwhile (the next sweep expires it), or a command of the user is changing
        // their hold right now (the next sweep looks again). Never expired here: its time is
        // not up.
        Restored::Gone | Restored::Busy | Restored::Taken(_) => return Ok(()),
    };
    out.wrote = true;
    for o in &others {
        out.replaced.insert(o.seat.clone());
        // The displaced holder's reservation key no longer matches their locks.
        if UserId::is_valid(&o.holder) {
            out.displaced.insert(o.holder.clone());
        }
    }
    if !record_if_live(run.db, view, hold, started, &others)? {
        // It ended in the instant between the look and the restore: the locks it displaced may
        // be a live hold's (the seat's next holder); give them back before letting go.
        give_back(run, view, &others)?;
        finish_in_redis(
            run.redis,
            st,
            &hold.user,
            &hold.seats,
            false,
            Some(started),
            run.opts.hold,
        )?;
        return Ok(());
    }
    let text = format!(
        "booking {id} of user {}: locks restored for {}{}",
        hold.user,
        crate::text::human_duration(hold.expires_at_ms - view.now()),
        replaced_note(&others)
    );
    counted(run, view, hold, &others, text);
    Ok(())
}

/// Counts a restore (done, or in a dry run to be done) and says so.
fn counted(run: &mut Run, view: &View, hold: &LostHold, others: &[OtherLock], text: String) {
    run.sum.rehydrated += 1;
    if !others.is_empty() {
        run.sum.conflicts += 1;
        run.sum.displaced_locks += others.len();
    }
    let d = Detail::new(DetailKind::Rehydrated, view.st.get(), text)
        .booking(hold.booking_id)
        .user(hold.user.clone())
        .seats(hold.seats.clone());
    run.sum.details.push(d);
}

/// Writes the restore's audit row if the booking is still the hold it was, all in one
/// transaction. The booking was read before Redis: false when it ended meanwhile (released,
/// confirmed by another process), and then the locks just written belong to nobody.
fn record_if_live(
    db: &mut Db,
    view: &View,
    hold: &LostHold,
    started: i64,
    others: &[OtherLock],
) -> Result<bool, Error> {
    let mut detail = json!({ "expires_at_ms": hold.expires_at_ms });
    if !others.is_empty() {
        let replaced: Vec<_> = others
            .iter()
            .map(|o| json!({ "seat": o.seat, "holder": o.holder }))
            .collect();
        detail["replaced_locks"] = json!(replaced);
    }
    db.write(|tx| {
        let live = tx
            .booking(hold.booking_id)?
            .is_some_and(|b| is_hold(&b, started));
        if live {
            tx.audit(AuditEntry {
                at_ms: wall_ms(),
                showtime_id: Some(view.st.get()),
                booking_id: Some(hold.booking_id),
                user: Some(&hold.user),
                seats: &hold.seats,
                action: "rehydrate",
                detail: Some(detail.clone()),
                ..Default::default()
            })?;
        }
        Ok(live)
    })
}

/// ", replacing the lock of user 2 on C1", for a detail line (holders escaped).
fn replaced_note(others: &[OtherLock]) -> String {
    if others.is_empty() {
        return String::new();
    }
    let list: Vec<String> = others
        .iter()
        .map(|o| {
            if o.holder.is_empty() {
                format!("{} (a key that was not a string)", o.seat)
            } else {
                format!(
                    "{} (user {})",
                    o.seat,
                    crate::holds::shown_holder(&o.holder)
                )
            }
        })
        .collect();
    format!(
        ", over locks no booking backs on {} (the seats are this booking's in the database)",
        list.join(", ")
    )
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
fn give_back(run: &mut Run, view: &View, displaced: &[OtherLock]) -> Result<(), Error> {
    let holders: BTreeSet<&str> = displaced
        .iter()
        .map(|o| o.holder.as_str())
        .filter(|h| UserId::is_valid(h))
        .collect();
    for holder in holders {
        if let Some(b) = run.db.pending_booking(view.st, holder)? {
            // Gone (ran out meanwhile) or busy (their own command is at work): nothing to do.
            reclaim_hold(
                run.redis,
                view.st,
                holder,
                &b.seat_names(),
                b.expires_at_ms,
                b.hold_started_at_ms,
            )?;
        }
    }
    Ok(())
}
