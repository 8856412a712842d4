//! Step 3: locks on sold seats are removed, and reservation keys are rewritten from the locks
//! (keeping the hold's start, and never created for a lock no booking backs). The index keys
//! are the last repair, in `reindex`.

use std::collections::BTreeSet;

use super::plan::{SoldLocks, View};
use super::{Detail, DetailKind, Run};
use crate::error::Error;
use crate::holds::{IN_FLIGHT_GRACE, finish_in_redis};
use crate::ids::UserId;
use crate::keys;
use crate::scripts::{self, reservation::Reservation};
use crate::store::Booking;

/// Removes every holder's locks on sold seats. Returns whether it wrote to Redis.
pub(super) fn sold_locks(run: &mut Run, view: &View, sold: &[SoldLocks]) -> Result<bool, Error> {
    let mut wrote = false;
    for s in sold {
        run.sum.sold_locks_removed += s.seats.len();
        if !run.opts.dry_run {
            finish_in_redis(
                run.redis,
                view.st,
                &s.user,
                &s.seats,
                true,
                None,
                run.opts.hold,
            )?;
            wrote = true;
        }
        let text = format!("locks of user {} on sold seats removed", s.user);
        let d = Detail::new(DetailKind::SoldLockRemoved, view.st.get(), text)
            .user(s.user.clone())
            .seats(s.seats.clone());
        run.sum.details.push(d);
    }
    Ok(wrote)
}

/// A reservation key to write from the locks.
struct Rewrite {
    hold: KeyHold,
    /// The seats it may list: the script keeps those the user still locks.
    candidates: BTreeSet<String>,
}

/// The hold a reservation key is rewritten for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum KeyHold {
    /// The hold that started then (Redis's clock).
    Started(i64),
    /// None: a malformed key with no hold behind it, rewritten from no candidates (which
    /// deletes it).
    Nothing,
}

/// Rewrites the reservation keys of `users` that need it; `replaced` are the seats whose locks
/// step 2 replaced (no longer their holder's, whatever the snapshot said).
pub(super) fn reservations(
    run: &mut Run,
    view: &View,
    users: &BTreeSet<String>,
    replaced: &BTreeSet<String>,
) -> Result<(), Error> {
    for user in users {
        let Ok(uid) = user.parse::<UserId>() else {
            continue;
        };
        let pending = run.db.pending_booking(view.st, user)?;
        let Some(rw) = rewrite(view, user, pending.as_ref(), replaced) else {
            continue;
        };
        run.sum.reservations_repaired += 1;
        let key = run.redis.keys().seat_reservation(view.st, &uid);
        let text = format!("{key} rewritten from the locks");
        let d = Detail::new(DetailKind::ReservationRepaired, view.st.get(), text)
            .user(user.clone())
            .key(key);
        run.sum.details.push(d);
        if run.opts.dry_run {
            continue;
        }
        let cands: Vec<&String> = rw.candidates.iter().collect();
        let call = Reservation {
            showtime: view.st,
            user: &uid,
            started_ms: match rw.hold {
                KeyHold::Started(at) => at,
                KeyHold::Nothing => view.now(),
            },
            candidates: &cands,
        };
        scripts::run(run.redis, &call)?;
    }
    Ok(())
}

/// What `user`'s key is to be rewritten to, given their PENDING booking; None when it is to be
/// left alone (already right, or a command of theirs is at work on it).
fn rewrite(
    view: &View,
    user: &str,
    pending: Option<&Booking>,
    replaced: &BTreeSet<String>,
) -> Option<Rewrite> {
    let key = view.redis.reservations.get(user);
    let key_start = view.hold_started_ms(user);
    let hold = key_hold(view, pending, key_start, key.is_some_and(|k| k.exists()))?;
    // Candidates: their booking's seats, and the seats the key already lists that the user
    // still locked when we looked (a lock no booking or hold backs, such as one written by
    // hand, is never added to a hold).
    let listed: BTreeSet<String> = key
        .and_then(|k| k.as_str())
        .and_then(keys::parse_reservation)
        .unwrap_or_default()
        .into_iter()
        .collect();
    let mut candidates: BTreeSet<String> = (listed.iter())
        .filter(|s| view.holder(s) == Some(user))
        .cloned()
        .collect();
    if let Some(b) = pending {
        candidates.extend(b.seat_names());
    }
    // Already what a rewrite would write (the key lists exactly the candidates the user still
    // locks, from the same start, and expires): nothing to repair, say nothing.
    let would: BTreeSet<String> = (candidates.iter())
        .filter(|s| !replaced.contains(*s) && view.holder(s) == Some(user))
        .cloned()
        .collect();
    let same_start = key_start.is_some_and(|at| hold == KeyHold::Started(at));
    let expires = key.is_some_and(|k| !k.no_ttl());
    if same_start && would == listed && !would.is_empty() && expires {
        return None;
    }
    Some(Rewrite { hold, candidates })
}

/// The hold a user's key is written for, by its start: their booking's, or for a hold SQLite
/// does not know (a crash leftover, a reserve in flight) the one its key already names. A key
/// is never invented for locks no booking backs, and never given a new start (that resets an
/// orphan's age, and makes a reserve in flight take it for another hold of its user).
/// None: the key is left alone.
fn key_hold(
    view: &View,
    pending: Option<&Booking>,
    key_start: Option<i64>,
    key_exists: bool,
) -> Option<KeyHold> {
    match (pending, key_start) {
        // A command of the user is between its Redis and SQLite steps: the key is its hold's;
        // the next sweep looks again.
        (Some(b), Some(at))
            if at != b.hold_started_at_ms
                && view.now() - at < IN_FLIGHT_GRACE.as_millis() as i64 =>
        {
            None
        }
        (Some(b), _) => Some(KeyHold::Started(b.hold_started_at_ms)),
        (None, Some(at)) => Some(KeyHold::Started(at)),
        // A malformed key with no hold behind it: rewritten from no candidates, which deletes it.
        (None, None) if key_exists => Some(KeyHold::Nothing),
        (None, None) => None,
    }
}
