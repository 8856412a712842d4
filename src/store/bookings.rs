//! Bookings and their seats: holds recorded, confirmed, released, extended and expired, and the
//! live claims the fence keeps to one per seat.
//!
//! This file is the writes, and the reads inside a write transaction, on [`Tx`]; the row types
//! are in `bookings/rows.rs` and the reads outside a transaction in `bookings/reads.rs`.

use rusqlite::params;

use super::{Refused, Tx};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};

mod reads;
mod rows;

pub use rows::{Booking, Claim, Status};

// ---------------------------------------------------------------------------------------------
// inside a write transaction

impl Tx<'_> {
    pub fn booking(&self, id: i64) -> Result<Option<Booking>, Error> {
        self.sql().booking(id)
    }

    pub fn live_claims(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Claim>, Error> {
        self.sql().live_claims(showtime, seats)
    }

    /// The showtime's live bookings (PENDING and CONFIRMED), oldest first, with their seats.
    pub fn live_bookings(&self, showtime: ShowtimeId) -> Result<Vec<Booking>, Error> {
        self.sql().live_bookings(showtime)
    }

    /// The id of the user's open hold (PENDING booking) on the showtime, if any.
    pub fn pending_booking_id(
        &self,
        showtime: ShowtimeId,
        user: &UserId,
    ) -> Result<Option<i64>, Error> {
        self.sql().row(
            "SELECT id FROM bookings WHERE showtime_id = ?1 AND user_id = ?2 AND status = 'PENDING'",
            params![showtime.get(), user.as_str()],
            |r| r.get(0),
        )
    }

    /// Records a new hold: a PENDING booking with no seats yet ([`Tx::claim_seat`] adds them).
    /// Returns its id.
    pub fn insert_hold(
        &self,
        showtime: ShowtimeId,
        user: &UserId,
        hold_started_at_ms: i64,
        expires_at_ms: i64,
        now_ms: i64,
    ) -> Result<i64, Error> {
        self.sql().one(
            "INSERT INTO bookings (showtime_id, user_id, status, created_at_ms,
                                   hold_started_at_ms, expires_at_ms, updated_at_ms)
             VALUES (?1, ?2, 'PENDING', ?3, ?4, ?5, ?3)
             RETURNING id",
            params![
                showtime.get(),
                user.as_str(),
                now_ms,
                hold_started_at_ms,
                expires_at_ms
            ],
            |r| r.get(0),
        )
    }

    /// Gives a PENDING booking a new start and expiry (the hold was restarted in Redis).
    /// Returns false (and changes nothing) when the booking is no longer PENDING.
    pub fn restart_hold(
        &self,
        id: i64,
        hold_started_at_ms: i64,
        expires_at_ms: i64,
        now_ms: i64,
    ) -> Result<bool, Error> {
        self.sql().update_one(
            "UPDATE bookings SET hold_started_at_ms = ?2, expires_at_ms = ?3, updated_at_ms = ?4
                  WHERE id = ?1 AND status = 'PENDING'",
            params![id, hold_started_at_ms, expires_at_ms, now_ms],
        )
    }

    /// Claims `seat` for the booking. A seat released from this booking earlier comes back
    /// into it. `Err(Refused)`: the fence refused it (another live claim on the seat, or a seat
    /// not in the layout).
    pub fn claim_seat(
        &self,
        booking_id: i64,
        showtime: ShowtimeId,
        seat: &str,
    ) -> Result<Result<(), Refused>, Error> {
        let done = self.sql().execute_refusable(
            "INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live)
             VALUES (?1, ?2, ?3, 1)
             ON CONFLICT (booking_id, seat_id) DO UPDATE
                SET showtime_id = excluded.showtime_id, live = 1, released_at_ms = NULL,
                    claim = booking_seats.claim
                            + CASE WHEN booking_seats.released_at_ms IS NOT NULL THEN 1 ELSE 0 END",
            params![booking_id, showtime.get(), seat],
        )?;
        Ok(done.map(drop))
    }

    /// Marks a PENDING or EXPIRED booking CONFIRMED, paid with `payment_id`. `Ok(false)`: the
    /// booking was in neither status (nothing changed). `Err(Refused)`: the payment already
    /// paid for another booking, or (a late payment for an EXPIRED booking) one of its seats is
    /// claimed by another booking now.
    pub fn confirm(
        &self,
        id: i64,
        payment_id: &str,
        late: bool,
        now_ms: i64,
    ) -> Result<Result<bool, Refused>, Error> {
        let done = self.sql().execute_refusable(
            "UPDATE bookings SET status = 'CONFIRMED', payment_id = ?2, late = ?3,
                    confirmed_at_ms = ?4, updated_at_ms = ?4
              WHERE id = ?1 AND status IN ('PENDING', 'EXPIRED')",
            params![id, payment_id, late, now_ms],
        )?;
        Ok(done.map(|n| n == 1))
    }

    /// Takes `seat` out of the booking (the rest of the booking stays as it is). Returns false
    /// when the seat was not in it, or was released from it already.
    pub fn release_seat(&self, booking_id: i64, seat: &str, now_ms: i64) -> Result<bool, Error> {
        self.sql().update_one(
            "UPDATE booking_seats SET live = NULL, released_at_ms = ?3
                  WHERE booking_id = ?1 AND seat_id = ?2 AND released_at_ms IS NULL",
            params![booking_id, seat, now_ms],
        )
    }

    /// Moves a PENDING booking's expiry. Returns false (and changes nothing) when the booking
    /// is no longer PENDING.
    pub fn extend_hold(&self, id: i64, expires_at_ms: i64, now_ms: i64) -> Result<bool, Error> {
        self.sql().update_one(
            "UPDATE bookings SET expires_at_ms = ?2, updated_at_ms = ?3 WHERE id = ?1 AND status = 'PENDING'",
            params![id, expires_at_ms, now_ms],
        )
    }

    /// Moves a booking from `from` to `to`. Returns false (and changes nothing) when the booking
    /// is no longer in `from` — someone else got there first.
    pub fn transition(
        &self,
        id: i64,
        from: Status,
        to: Status,
        now_ms: i64,
    ) -> Result<bool, Error> {
        self.sql().update_one(
            "UPDATE bookings SET status = ?3, updated_at_ms = ?4 WHERE id = ?1 AND status = ?2",
            params![id, from.as_str(), to.as_str(), now_ms],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::SeatId;
    use crate::store::Db;

    fn user(s: &str) -> UserId {
        s.parse().unwrap()
    }

    /// The schema's refusals come back as `Refused`, not as an error, and write nothing.
    #[test]
    fn the_fence_and_the_payment_index_refuse_as_values() {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Db::open(&dir.path().join("t.db"), true, "test", "test").unwrap();
        let st = ShowtimeId::new(7).unwrap();
        let a1: SeatId = "A1".parse().unwrap();
        let (first, second) = db
            .write(|tx| {
                let id = tx.insert_showtime(Some(st), "M", None, "2030-01-01T20:00:00Z", 0)?;
                assert_eq!(id, 7);
                tx.insert_seat(st, &a1, 0)?;
                let first = tx.insert_hold(st, &user("u1"), 1, 100, 1)?;
                let second = tx.insert_hold(st, &user("u2"), 1, 100, 1)?;
                assert_eq!(tx.claim_seat(first, st, "A1")?, Ok(()));
                assert_eq!(tx.claim_seat(second, st, "A1")?, Err(Refused));
                assert_eq!(tx.claim_seat(second, st, "B9")?, Err(Refused));
                assert_eq!(tx.confirm(first, "pay1", false, 2)?, Ok(true));
                assert_eq!(tx.confirm(second, "pay1", false, 2)?, Err(Refused));
                assert_eq!(tx.confirm(first, "pay1", false, 2)?, Ok(false));
                Ok((first, second))
            })
            .unwrap();
        let claims = db.live_claims(st, &["A1".to_string()]).unwrap();
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].booking_id, first);
        assert_eq!(claims[0].status, Status::Confirmed);
        let b = db.booking(second).unwrap().unwrap();
        assert_eq!((b.status, b.seats.len()), (Status::Pending, 0));
        assert_eq!(db.booking_id_by_payment("pay1").unwrap(), Some(first));
    }

    #[test]
    fn every_status_keeps_its_uppercase_string() {
        for (st, s) in [
            (Status::Pending, "PENDING"),
            (Status::Confirmed, "CONFIRMED"),
            (Status::Cancelled, "CANCELLED"),
            (Status::Expired, "EXPIRED"),
        ] {
            assert_eq!(st.as_str(), s);
            assert_eq!(st.to_string(), s);
            assert_eq!(serde_json::to_value(st).unwrap(), s);
            assert_eq!(Status::parse(s), Some(st));
            assert_eq!(Status::stored(s, 1, 0).unwrap(), st);
        }
        assert_eq!(Status::parse("BOGUS"), None);
    }

    /// A status the schema does not allow (a database edited by hand) is an internal error naming
    /// the booking on every read, not a silent relabel as CANCELLED or a free seat.
    #[test]
    fn an_unknown_stored_status_is_an_error_naming_the_booking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut db = Db::open(&path, true, "test", "test").unwrap();
        let st = ShowtimeId::new(7).unwrap();
        let a1: SeatId = "A1".parse().unwrap();
        let id = db
            .write(|tx| {
                tx.insert_showtime(Some(st), "M", None, "2030-01-01T20:00:00Z", 0)?;
                tx.insert_seat(st, &a1, 0)?;
                let id = tx.insert_hold(st, &user("u1"), 1, 100, 1)?;
                assert_eq!(tx.claim_seat(id, st, "A1")?, Ok(()));
                Ok(id)
            })
            .unwrap();
        // By hand, past the schema's CHECK and triggers, as only someone editing the file can.
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute_batch(&format!(
            "PRAGMA ignore_check_constraints = ON;
             DROP TRIGGER bookings_status_transitions;
             DROP TRIGGER booking_seats_follow_status;
             UPDATE bookings SET status = 'BOGUS' WHERE id = {id};"
        ))
        .unwrap();
        drop(raw);
        let check = |r: Result<(), Error>| {
            let e = r.unwrap_err();
            assert_eq!(e.kind(), "internal", "{e}");
            let m = e.to_string();
            assert!(
                m.contains(&format!("booking {id} has status \"BOGUS\"")),
                "{m}"
            );
        };
        check(db.booking(id).map(drop));
        check(db.live_claims(st, &["A1".to_string()]).map(drop));
        check(db.showtime_claims(st).map(drop));
        check(db.seat_claims(st).map(drop));
        check(db.list_bookings(None, None, None, None).map(drop));
    }
}
