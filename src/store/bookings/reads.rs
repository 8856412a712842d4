//! Reading bookings and claims: the statements shared by both handles (on `Sql`), and the
//! reads outside a transaction on [`Db`]. A read inside a write transaction is on `Tx`, with
//! the writes, in `bookings.rs`.

use rusqlite::params;

use super::{Booking, Claim, Status};
use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::store::exec::{Params, Row, Sql};
use crate::store::{Db, Tx};

impl Sql<'_> {
    pub(super) fn load_booking(
        &self,
        filter: &str,
        p: Params<'_>,
    ) -> Result<Option<Booking>, Error> {
        let sql = format!(
            "SELECT b.id, b.showtime_id, b.user_id, b.status, b.payment_id, b.late, b.created_at_ms,
                    b.hold_started_at_ms, b.expires_at_ms, b.updated_at_ms, b.confirmed_at_ms,
                    b.amount_minor, b.currency
               FROM bookings b WHERE {filter}"
        );
        let booking = self.row(&sql, p, |r| {
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
                amount_minor: r.get(11)?,
                currency: r.get(12)?,
            })
        })?;
        let Some(mut b) = booking else {
            return Ok(None);
        };
        b.seats = self.rows(
            "SELECT bs.seat_id FROM booking_seats bs
               JOIN seats s ON s.showtime_id = bs.showtime_id AND s.seat_id = bs.seat_id
              WHERE bs.booking_id = ?1 AND bs.released_at_ms IS NULL
              ORDER BY s.ord",
            params![b.id],
            |r| r.get(0),
        )?;
        Ok(Some(b))
    }

    pub(super) fn live_bookings(&self, showtime: ShowtimeId) -> Result<Vec<Booking>, Error> {
        let ids: Vec<i64> = self.rows(
            "SELECT id FROM bookings
              WHERE showtime_id = ?1 AND status IN ('PENDING', 'CONFIRMED') ORDER BY id",
            params![showtime.get()],
            |r| r.get(0),
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.booking(id)?);
        }
        Ok(out)
    }

    pub(super) fn booking(&self, id: i64) -> Result<Option<Booking>, Error> {
        self.load_booking("b.id = ?1", params![id])
    }

    pub(super) fn live_claims(
        &self,
        showtime: ShowtimeId,
        seats: &[String],
    ) -> Result<Vec<Claim>, Error> {
        let mut out = Vec::new();
        for seat in seats {
            let row = self.row(
                "SELECT bs.seat_id, b.id, b.status, b.user_id, b.expires_at_ms
                   FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                  WHERE bs.showtime_id = ?1 AND bs.seat_id = ?2 AND bs.live = 1",
                params![showtime.get(), seat],
                |r| {
                    let booking_id: i64 = r.get(1)?;
                    let status: String = r.get(2)?;
                    Ok(Claim {
                        seat: r.get(0)?,
                        booking_id,
                        status: Status::stored(&status, booking_id, 2)?,
                        user: r.get(3)?,
                        expires_at_ms: r.get(4)?,
                    })
                },
            )?;
            out.extend(row);
        }
        Ok(out)
    }
}

impl Db {
    pub fn booking(&self, id: i64) -> Result<Option<Booking>, Error> {
        self.sql().booking(id)
    }

    /// The showtime's live bookings (PENDING and CONFIRMED), oldest first, with their seats.
    pub fn live_bookings(&self, showtime: ShowtimeId) -> Result<Vec<Booking>, Error> {
        self.sql().live_bookings(showtime)
    }

    /// The user's open hold (PENDING booking) on the showtime; the schema allows one at most.
    pub fn pending_booking(
        &self,
        showtime: ShowtimeId,
        user: &str,
    ) -> Result<Option<Booking>, Error> {
        self.sql().load_booking(
            "b.showtime_id = ?1 AND b.user_id = ?2 AND b.status = 'PENDING'",
            params![showtime.get(), user],
        )
    }

    /// The live claim (PENDING or CONFIRMED booking) on each of `seats`, if any.
    pub fn live_claims(&self, showtime: ShowtimeId, seats: &[String]) -> Result<Vec<Claim>, Error> {
        self.sql().live_claims(showtime, seats)
    }

    /// Every live claim on the showtime's seats, in no particular order.
    pub fn showtime_claims(&self, showtime: ShowtimeId) -> Result<Vec<Claim>, Error> {
        self.sql().rows(
            "SELECT bs.seat_id, b.id, b.user_id, b.status, b.expires_at_ms
               FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
              WHERE bs.showtime_id = ?1 AND bs.live = 1",
            params![showtime.get()],
            |r: &Row<'_, '_>| {
                let booking_id: i64 = r.get(1)?;
                let status: String = r.get(3)?;
                Ok(Claim {
                    seat: r.get(0)?,
                    booking_id,
                    user: r.get(2)?,
                    status: Status::stored(&status, booking_id, 3)?,
                    expires_at_ms: r.get(4)?,
                })
            },
        )
    }

    /// The latest `limit` bookings (all when `None`) matching the filters, oldest first.
    pub fn list_bookings(
        &self,
        showtime: Option<ShowtimeId>,
        status: Option<Status>,
        user: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Vec<Booking>, Error> {
        let ids: Vec<i64> = self.sql().rows(
            "SELECT id FROM bookings
              WHERE (CAST(?1 AS BIGINT) IS NULL OR showtime_id = ?1)
                AND (CAST(?2 AS TEXT) IS NULL OR status = ?2)
                AND (CAST(?3 AS TEXT) IS NULL OR user_id = ?3)
              ORDER BY id DESC LIMIT ?4",
            params![
                showtime.map(ShowtimeId::get),
                status.map(Status::as_str),
                user,
                limit.map_or(i64::MAX, i64::from)
            ],
            |r| r.get::<i64>(0),
        )?;
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
        self.sql().booking_id_by_payment(payment_id)
    }
}

impl Tx<'_> {
    /// The booking paid with `payment_id`, in this transaction.
    pub fn booking_id_by_payment(&self, payment_id: &str) -> Result<Option<i64>, Error> {
        self.sql().booking_id_by_payment(payment_id)
    }
}

impl Sql<'_> {
    fn booking_id_by_payment(&self, payment_id: &str) -> Result<Option<i64>, Error> {
        self.row(
            "SELECT id FROM bookings WHERE payment_id = ?1",
            params![payment_id],
            |r| r.get(0),
        )
    }
}
