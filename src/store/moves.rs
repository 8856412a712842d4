//! The statements of a move that nothing else needs: the booking's showtime (or just its
//! `updated_at`) changed, and a new seat claimed on what may be another showtime. The old seats
//! are released with `Tx::release_seat` (`bookings.rs`), their rows kept as history.

use rusqlite::params;

use super::{Refused, Tx};
use crate::error::Error;
use crate::ids::ShowtimeId;

use super::Status;

impl Tx<'_> {
    /// Puts booking `id`, still in `status`, on `showtime` (its own, for a move within it).
    /// `Ok(false)`: the booking is no longer in `status` (nothing changed). `Err(Refused)`: the
    /// schema refused it (the user already has an open hold on that showtime).
    pub fn move_booking(
        &self,
        id: i64,
        status: Status,
        showtime: ShowtimeId,
        now_ms: i64,
    ) -> Result<Result<bool, Refused>, Error> {
        let done = self.sql().execute_refusable(
            "UPDATE bookings SET showtime_id = ?3, updated_at_ms = ?4
              WHERE id = ?1 AND status = ?2",
            params![id, status.as_str(), showtime.get(), now_ms],
        )?;
        Ok(done.map(|n| n == 1))
    }

    /// Claims `seat` on `showtime` for a booking that moves there, through the fence. The
    /// booking's seat rows are keyed by seat id alone, so a row of the same id (a seat released
    /// from the booking earlier, perhaps on its old showtime) becomes this claim; the audit keeps
    /// where it was. `Err(Refused)`: the fence refused it (another live claim on the seat, or a
    /// seat not in the layout).
    pub fn claim_moved_seat(
        &self,
        booking_id: i64,
        showtime: ShowtimeId,
        seat: &str,
    ) -> Result<Result<(), Refused>, Error> {
        // One statement for both: a claim takes the showtime it is made on.
        self.claim_seat(booking_id, showtime, seat)
    }
}
