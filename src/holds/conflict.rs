//! How holds word a seat they could not have.

use crate::error::{Error, TakenSeat, TakenState};
use crate::ids::{ShowtimeId, UserId};
use crate::store::{Db, Status};

use super::reserve::blocked_seat;

/// A lock's holder as we may print it: a valid user id as is, anything else quoted, escaped
/// and capped (a lock value is whatever someone wrote into Redis).
pub fn shown_holder(h: &str) -> String {
    if UserId::is_valid(h) {
        h.to_string()
    } else {
        crate::ids::shown(h)
    }
}

/// The state a seat is in when another holder's lock is on it: `corrupt` when the lock key is
/// not boxoffice's (not a string, or an empty or unreadable value), else `held`. Every conflict
/// built from a lock goes through here, so they all agree.
pub(super) fn lock_state(corrupt: bool) -> TakenState {
    if corrupt {
        TakenState::Corrupt
    } else {
        TakenState::Held
    }
}

/// A reserve refused because of `taken`, naming each seat: nothing was reserved.
pub(super) fn not_available(showtime: ShowtimeId, taken: Vec<TakenSeat>) -> Error {
    let list: Vec<String> = taken.iter().map(ToString::to_string).collect();
    Error::Conflict {
        message: format!(
            "not available on showtime {showtime}: {}; nothing was reserved",
            list.join(", ")
        ),
        taken,
        refund_required: false,
        booking_id: None,
    }
}

/// The seats a script found taken, `(seat, holder)` as it answered: an empty holder is a lock
/// that is not boxoffice's (`corrupt`); a holder is shown escaped unless it is a user id.
pub(super) fn taken_by_locks(pairs: Vec<(String, String)>) -> Vec<TakenSeat> {
    pairs
        .into_iter()
        .map(|(seat, holder)| TakenSeat {
            seat,
            state: lock_state(holder.is_empty()),
            user: (!holder.is_empty()).then(|| shown_holder(&holder)),
            booking_id: None,
            reason: None,
        })
        .collect()
}

/// The seats of `seats` sold (CONFIRMED in SQLite), each naming its booking, and those blocked,
/// each with its reason: what a command refuses before it touches Redis. `blocks`: false for
/// staff's `reserve --force`, which sells a blocked seat anyway.
pub(super) fn sold_or_blocked(
    db: &Db,
    showtime: ShowtimeId,
    seats: &[String],
    blocks: bool,
) -> Result<Vec<TakenSeat>, Error> {
    let mut taken: Vec<TakenSeat> = db
        .live_claims(showtime, seats)?
        .into_iter()
        .filter(|c| c.status == Status::Confirmed)
        .map(|c| TakenSeat {
            seat: c.seat,
            state: TakenState::Sold,
            user: None,
            booking_id: Some(c.booking_id),
            reason: None,
        })
        .collect();
    if blocks {
        taken.extend(
            db.live_blocks(showtime, seats)?
                .into_iter()
                .map(blocked_seat),
        );
    }
    Ok(taken)
}
