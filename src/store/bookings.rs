//! Bookings and their seats: holds recorded, confirmed, released, extended and expired, and the
//! live claims the fence keeps to one per seat.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Db, Refused, Sql, Tx, sqlite::is_constraint};
use crate::error::Error;
use crate::ids::{ShowtimeId, UserId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Status {
    Pending,
    Confirmed,
    Cancelled,
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "PENDING",
            Status::Confirmed => "CONFIRMED",
            Status::Cancelled => "CANCELLED",
            Status::Expired => "EXPIRED",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s.to_ascii_uppercase().as_str() {
            "PENDING" => Some(Status::Pending),
            "CONFIRMED" => Some(Status::Confirmed),
            "CANCELLED" => Some(Status::Cancelled),
            "EXPIRED" => Some(Status::Expired),
            _ => None,
        }
    }

    /// Booking `id`'s status as stored in column `col`. The schema's CHECK allows no other, so
    /// anything else is a database someone edited by hand: an error naming the booking, never a
    /// guess at what it meant.
    pub(super) fn stored(s: &str, id: i64, col: usize) -> rusqlite::Result<Status> {
        Status::parse(s).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                col,
                rusqlite::types::Type::Text,
                Box::new(UnknownStatus {
                    booking_id: id,
                    status: s.to_string(),
                }),
            )
        })
    }
}

/// A booking row whose status is none of the four.
#[derive(Debug, thiserror::Error)]
#[error(
    "booking {booking_id} has status {status:?}, which is none of PENDING, CONFIRMED, CANCELLED \
     or EXPIRED (was the database edited by hand?)"
)]
struct UnknownStatus {
    booking_id: i64,
    status: String,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A booking and the seats it (still) claims.
#[derive(Debug, Clone, Serialize)]
pub struct Booking {
    pub id: i64,
    pub showtime_id: i64,
    pub user: String,
    pub status: Status,
    pub payment_id: Option<String>,
    pub late: bool,
    pub seats: Vec<String>,
    pub created_at_ms: i64,
    pub hold_started_at_ms: i64,
    pub expires_at_ms: i64,
    pub updated_at_ms: i64,
    pub confirmed_at_ms: Option<i64>,
}

/// A live claim on a seat: the PENDING or CONFIRMED booking that holds it in SQLite.
#[derive(Debug, Clone)]
pub struct Claim {
    pub seat: String,
    pub booking_id: i64,
    pub status: Status,
    pub user: String,
    pub expires_at_ms: i64,
}

// ---------------------------------------------------------------------------------------------
// reads, from either handle

impl Sql<'_> {
    fn load_booking(
        &self,
        filter: &str,
        p: impl rusqlite::Params,
    ) -> rusqlite::Result<Option<Booking>> {
        let sql = format!(
            "SELECT b.id, b.showtime_id, b.user_id, b.status, b.payment_id, b.late, b.created_at_ms,
                    b.hold_started_at_ms, b.expires_at_ms, b.updated_at_ms, b.confirmed_at_ms
               FROM bookings b WHERE {filter}"
        );
        let booking = self
            .conn
            .prepare_cached(&sql)?
            .query_row(p, |r| {
                let id: i64 = r.get(0)?;
                let status: String = r.get(3)?;
                Ok(Booking {
                    id,
                    showtime_id: r.get(1)?,
                    user: r.get(2)?,
                    status: Status::stored(&status, id, 3)?,
                    payment_id: r.get(4)?,
                    late: r.get(5)?,
                    seats: Vec::new(),
                    created_at_ms: r.get(6)?,
                    hold_started_at_ms: r.get(7)?,
                    expires_at_ms: r.get(8)?,
                    updated_at_ms: r.get(9)?,
                    confirmed_at_ms: r.get(10)?,
                })
            })
            .optional()?;
        let Some(mut b) = booking else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT bs.seat_id FROM booking_seats bs
               JOIN seats s ON s.showtime_id = bs.showtime_id AND s.seat_id = bs.seat_id
              WHERE bs.booking_id = ?1 AND bs.released_at_ms IS NULL
              ORDER BY s.ord",
        )?;
        b.seats = stmt
            .query_map([b.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(b))
    }

    fn booking(&self, id: i64) -> Result<Option<Booking>, Error> {
        self.load_booking("b.id = ?1", params![id])
            .map_err(|e| self.err(e))
    }

    fn live_claims(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Claim>, Error> {
        let run = || -> rusqlite::Result<Vec<Claim>> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT bs.seat_id, b.id, b.status, b.user_id, b.expires_at_ms
                   FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                  WHERE bs.showtime_id = ?1 AND bs.seat_id = ?2 AND bs.live = 1",
            )?;
            let mut out = Vec::new();
            for seat in seats {
                let row = stmt
                    .query_row(params![showtime.get(), seat], |r| {
                        let booking_id: i64 = r.get(1)?;
                        let status: String = r.get(2)?;
                        Ok(Claim {
                            seat: r.get(0)?,
                            booking_id,
                            status: Status::stored(&status, booking_id, 2)?,
                            user: r.get(3)?,
                            expires_at_ms: r.get(4)?,
                        })
                    })
                    .optional()?;
                out.extend(row);
            }
            Ok(out)
        };
        run().map_err(|e| self.err(e))
    }
}

impl Db {
    pub fn booking(&self, id: i64) -> Result<Option<Booking>, Error> {
        self.sql().booking(id)
    }

    /// The user's open hold (PENDING booking) on the showtime; the schema allows one at most.
    pub fn pending_booking(
        &self,
        showtime: ShowtimeId,
        user: &str,
    ) -> Result<Option<Booking>, Error> {
        let q = self.sql();
        q.load_booking(
            "b.showtime_id = ?1 AND b.user_id = ?2 AND b.status = 'PENDING'",
            params![showtime.get(), user],
        )
        .map_err(|e| q.err(e))
    }

    /// The live claim (PENDING or CONFIRMED booking) on each of `seats`, if any.
    pub fn live_claims(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Claim>, Error> {
        self.sql().live_claims(showtime, seats)
    }

    /// Every live claim on the showtime's seats, in no particular order.
    pub fn showtime_claims(&self, showtime: ShowtimeId) -> Result<Vec<Claim>, Error> {
        let q = self.sql();
        q.conn
            .prepare_cached(
                "SELECT bs.seat_id, b.id, b.user_id, b.status, b.expires_at_ms
                   FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                  WHERE bs.showtime_id = ?1 AND bs.live = 1",
            )
            .and_then(|mut s| {
                s.query_map(params![showtime.get()], |r| {
                    let booking_id: i64 = r.get(1)?;
                    let status: String = r.get(3)?;
                    Ok(Claim {
                        seat: r.get(0)?,
                        booking_id,
                        user: r.get(2)?,
                        status: Status::stored(&status, booking_id, 3)?,
                        expires_at_ms: r.get(4)?,
                    })
                })?
                .collect()
            })
            .map_err(|e| q.err(e))
    }

    /// The latest `limit` bookings (all when `None`) matching the filters, oldest first.
    pub fn list_bookings(
        &self,
        showtime: Option<ShowtimeId>,
        status: Option<Status>,
        user: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<Booking>, Error> {
        let q = self.sql();
        let ids: Vec<i64> = q
            .conn
            .prepare_cached(
                "SELECT id FROM bookings
                  WHERE (?1 IS NULL OR showtime_id = ?1)
                    AND (?2 IS NULL OR status = ?2)
                    AND (?3 IS NULL OR user_id = ?3)
                  ORDER BY id DESC LIMIT ?4",
            )
            .and_then(|mut s| {
                s.query_map(
                    params![
                        showtime.map(ShowtimeId::get),
                        status.map(Status::as_str),
                        user,
                        limit.map_or(-1, i64::from)
                    ],
                    |r| r.get::<_, i64>(0),
                )?
                .collect()
            })
            .map_err(|e| q.err(e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids.into_iter().rev() {
            if let Some(b) = self.booking(id)? {
                out.push(b);
            }
        }
        Ok(out)
    }

    /// The booking paid with `payment_id`, if any (a payment pays for one booking at most).
    pub fn booking_id_by_payment(&self, payment_id: &str) -> Result<Option<i64>, Error> {
        let q = self.sql();
        q.conn
            .prepare_cached("SELECT id FROM bookings WHERE payment_id = ?1")
            .and_then(|mut s| s.query_row([payment_id], |r| r.get(0)).optional())
            .map_err(|e| q.err(e))
    }
}

// ---------------------------------------------------------------------------------------------
// inside a write transaction

impl Tx<'_> {
    pub fn booking(&self, id: i64) -> Result<Option<Booking>, Error> {
        self.sql().booking(id)
    }

    pub fn live_claims(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Claim>, Error> {
        self.sql().live_claims(showtime, seats)
    }

    /// The id of the user's open hold (PENDING booking) on the showtime, if any.
    pub fn pending_booking_id(
        &self,
        showtime: ShowtimeId,
        user: &UserId,
    ) -> Result<Option<i64>, Error> {
        let q = self.sql();
        q.conn
            .prepare_cached(
                "SELECT id FROM bookings WHERE showtime_id = ?1 AND user_id = ?2 AND status = 'PENDING'",
            )
            .and_then(|mut s| {
                s.query_row(params![showtime.get(), user.as_str()], |r| r.get(0))
                    .optional()
            })
            .map_err(|e| q.err(e))
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
        let q = self.sql();
        q.conn
            .prepare_cached(
                "INSERT INTO bookings (showtime_id, user_id, status, created_at_ms,
                                       hold_started_at_ms, expires_at_ms, updated_at_ms)
                 VALUES (?1, ?2, 'PENDING', ?3, ?4, ?5, ?3)
                 RETURNING id",
            )
            .and_then(|mut s| {
                s.query_row(
                    params![
                        showtime.get(),
                        user.as_str(),
                        now_ms,
                        hold_started_at_ms,
                        expires_at_ms
                    ],
                    |r| r.get(0),
                )
            })
            .map_err(|e| q.err(e))
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
        let q = self.sql();
        let n = q
            .conn
            .prepare_cached(
                "UPDATE bookings SET hold_started_at_ms = ?2, expires_at_ms = ?3, updated_at_ms = ?4
                  WHERE id = ?1 AND status = 'PENDING'",
            )
            .and_then(|mut s| s.execute(params![id, hold_started_at_ms, expires_at_ms, now_ms]))
            .map_err(|e| q.err(e))?;
        Ok(n == 1)
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
        let q = self.sql();
        let done = q
            .conn
            .prepare_cached(
                "INSERT INTO booking_seats (booking_id, showtime_id, seat_id, live)
                 VALUES (?1, ?2, ?3, 1)
                 ON CONFLICT (booking_id, seat_id) DO UPDATE SET live = 1, released_at_ms = NULL",
            )
            .and_then(|mut s| s.execute(params![booking_id, showtime.get(), seat]));
        match done {
            Ok(_) => Ok(Ok(())),
            Err(e) if is_constraint(&e) => Ok(Err(Refused)),
            Err(e) => Err(q.err(e)),
        }
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
        let q = self.sql();
        let done = q
            .conn
            .prepare_cached(
                "UPDATE bookings SET status = 'CONFIRMED', payment_id = ?2, late = ?3,
                        confirmed_at_ms = ?4, updated_at_ms = ?4
                  WHERE id = ?1 AND status IN ('PENDING', 'EXPIRED')",
            )
            .and_then(|mut s| s.execute(params![id, payment_id, late, now_ms]));
        match done {
            Ok(n) => Ok(Ok(n == 1)),
            Err(e) if is_constraint(&e) => Ok(Err(Refused)),
            Err(e) => Err(q.err(e)),
        }
    }

    /// Takes `seat` out of the booking (the rest of the booking stays as it is). Returns false
    /// when the seat was not in it, or was released from it already.
    pub fn release_seat(&self, booking_id: i64, seat: &str, now_ms: i64) -> Result<bool, Error> {
        let q = self.sql();
        let n = q
            .conn
            .prepare_cached(
                "UPDATE booking_seats SET live = NULL, released_at_ms = ?3
                  WHERE booking_id = ?1 AND seat_id = ?2 AND released_at_ms IS NULL",
            )
            .and_then(|mut s| s.execute(params![booking_id, seat, now_ms]))
            .map_err(|e| q.err(e))?;
        Ok(n == 1)
    }

    /// Moves a PENDING booking's expiry. Returns false (and changes nothing) when the booking
    /// is no longer PENDING.
    pub fn extend_hold(&self, id: i64, expires_at_ms: i64, now_ms: i64) -> Result<bool, Error> {
        let q = self.sql();
        let n = q
            .conn
            .prepare_cached(
                "UPDATE bookings SET expires_at_ms = ?2, updated_at_ms = ?3 WHERE id = ?1 AND status = 'PENDING'",
            )
            .and_then(|mut s| s.execute(params![id, expires_at_ms, now_ms]))
            .map_err(|e| q.err(e))?;
        Ok(n == 1)
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
        let q = self.sql();
        let n = q
            .conn
            .prepare_cached(
                "UPDATE bookings SET status = ?3, updated_at_ms = ?4 WHERE id = ?1 AND status = ?2",
            )
            .and_then(|mut s| s.execute(params![id, from.as_str(), to.as_str(), now_ms]))
            .map_err(|e| q.err(e))?;
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::SeatId;

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
