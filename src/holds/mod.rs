//! Holds and bookings: reserve, confirm and release, across Redis and SQLite.
//!
//! Redis decides who holds a seat *now* (atomically, one Lua script per step, with Redis's own
//! clock); SQLite records what was decided and has the last word on sales through its fence (a
//! partial unique index: one live claim per seat). The order of the two steps is chosen so that
//! a crash between them leaves a state `sweep` can reconcile and never a seat sold twice:
//!
//! * reserve: Redis first (take the locks), then SQLite (record the PENDING booking). A crash in
//!   between leaves orphan locks that expire with the hold.
//! * confirm: read the locks, then SQLite (CONFIRMED), then Redis (drop the locks). A crash after
//!   the commit leaves locks on sold seats, which expire with the hold and block nobody.
//! * release: SQLite first (CANCELLED), then Redis. A crash in between leaves locks that expire.
//! * cancel (staff take back a sale or a hold): SQLite first (seats released, refund owed), then
//!   Redis (the seats back in the free-seat cache). A crash in between leaves a stale cache that
//!   `sweep` rewrites.
//! * showtime cancel (the screening is called off): SQLite first (every hold released, every
//!   sale owed back, the showtime marked cancelled: the fence refuses new claims from then on),
//!   then Redis (the showtime's keys cleared). A crash in between leaves keys that `sweep` clears.
//!
//! Audit timestamps are this machine's wall clock; hold start and expiry are Redis's clock.
//!
//! One module per operation: `reserve`, `confirm`, `release`, `cancel`, `screening` (showtime
//! cancel), `extend` (with `ttl`),
//! `best` (`reserve --best`: the picker's candidates, the first free one taken by one script),
//! and `moves` (move: Redis locks the new seats, then SQLite moves the claims, then Redis lets
//! the old go). What
//! they share: `redis_steps` (the Redis steps `sweep` uses too), [`claims`] (every change to a
//! booking and its audit row, in SQLite), `conflict` (how a taken seat is worded), `clock` and
//! `failpoint`. Everything is used from here, as `holds::…`.

mod best;
mod cancel;
pub mod claims;
mod clock;
mod confirm;
mod conflict;
mod extend;
mod failpoint;
mod moves;
mod redis_steps;
mod release;
mod reserve;
mod screening;

pub use best::{ATTEMPTS, BestAsk, BestReservation, CANDIDATES, described, reserve_best};
pub use cancel::{CancelPlan, CancelRequest, Cancelled, cancel, plan_cancel};
pub use clock::{IN_FLIGHT_GRACE, wall_ms};
pub use confirm::{
    Confirmation, Event, Paid, PaidOutcome, Target, Verified, check_payment_id, confirm,
    confirm_paid,
};
pub use conflict::shown_holder;
pub use extend::{EXTEND_CAP, Extended, HoldRef, HoldTtl, KeyTtl, extend, hold_ttl, resolve_hold};
pub use failpoint::failpoint;
pub use moves::{MoveRequest, Moved, Pair, move_booking, parse_pair};
pub use redis_steps::{
    LockSnapshot, LockState, Restored, check_key_style, finish_in_redis, lock_snapshot,
    reclaim_hold, restore_hold,
};
pub use release::{ReleaseOutcome, ReleasePlan, ReleaseTarget, Released, plan_release, release};
pub use reserve::{Reservation, ReserveOptions, reserve, reserve_over_blocks, reserve_with};
pub use screening::{
    EndedBooking, ScreeningCancelled, ScreeningPlan, cancel_showtime, clear_found, clear_redis,
    plan_showtime_cancel,
};

use crate::ids::SeatId;

fn strings(seats: &[SeatId]) -> Vec<String> {
    seats.iter().map(|s| s.to_string()).collect()
}
