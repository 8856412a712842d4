//! What bookings and refunds cost: the prices of a set of seats read in one statement, and a
//! booking's amount written. Which seats count and when an amount is "no price" is the domain's
//! rule (`holds::claims::price`); here are only the sums it needs and the column it sets.

use rusqlite::params;

use super::exec::{Row, Sql};
use super::{Db, Tx};
use crate::error::Error;
use crate::ids::ShowtimeId;

/// The prices of some seats of one showtime, as stored: how many seats, how many of them have a
/// price, the sum of those prices, and the showtime's currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatPrices {
    pub seats: i64,
    pub priced: i64,
    pub sum_minor: i64,
    pub currency: Option<String>,
}

impl Tx<'_> {
    /// The prices of booking `id`'s seats (those not released from it), on its showtime.
    pub fn booking_seat_prices(&self, id: i64) -> Result<SeatPrices, Error> {
        self.sql().one(
            "SELECT count(s.seat_id), count(s.price_minor), coalesce(sum(s.price_minor), 0),
                        (SELECT currency FROM showtimes WHERE id = b.showtime_id)
                   FROM bookings b
                   LEFT JOIN booking_seats bs
                          ON bs.booking_id = b.id AND bs.released_at_ms IS NULL
                   LEFT JOIN seats s
                          ON s.showtime_id = bs.showtime_id AND s.seat_id = bs.seat_id
                  WHERE b.id = ?1
                  GROUP BY b.id",
            params![id],
            prices_row,
        )
    }

    /// The prices of `seats` on `showtime` (seats not in its layout count as seats without a
    /// price).
    pub fn seat_prices(&self, showtime: ShowtimeId, seats: &[String]) -> Result<SeatPrices, Error> {
        self.sql().seat_prices(showtime, seats)
    }

    /// Sets booking `id`'s amount and currency (both `None`: no price).
    pub fn set_booking_amount(&self, id: i64, amount: Option<(i64, &str)>) -> Result<bool, Error> {
        self.sql().update_one(
            "UPDATE bookings SET amount_minor = ?2, currency = ?3 WHERE id = ?1",
            params![id, amount.map(|a| a.0), amount.map(|a| a.1)],
        )
    }
}

impl Db {
    /// [`Tx::seat_prices`], read outside a transaction (a command's checks before Redis).
    pub fn seat_prices(&self, showtime: ShowtimeId, seats: &[String]) -> Result<SeatPrices, Error> {
        self.sql().seat_prices(showtime, seats)
    }
}

impl Sql<'_> {
    fn seat_prices(&self, showtime: ShowtimeId, seats: &[String]) -> Result<SeatPrices, Error> {
        let list = serde_json::to_string(seats).unwrap_or_else(|_| "[]".into());
        let sql = self.pick(
            "SELECT count(j.value), count(s.price_minor), coalesce(sum(s.price_minor), 0),
                    (SELECT currency FROM showtimes WHERE id = ?1)
               FROM json_each(?2) j
               LEFT JOIN seats s ON s.showtime_id = ?1 AND s.seat_id = j.value",
            "SELECT count(j.value), count(s.price_minor), coalesce(sum(s.price_minor), 0),
                    (SELECT currency FROM showtimes WHERE id = ?1)
               FROM jsonb_array_elements_text(?2::jsonb) AS j(value)
               LEFT JOIN seats s ON s.showtime_id = ?1 AND s.seat_id = j.value",
        );
        self.one(sql, params![showtime.get(), list], prices_row)
    }
}

fn prices_row(r: &Row<'_, '_>) -> rusqlite::Result<SeatPrices> {
    Ok(SeatPrices {
        seats: r.get(0)?,
        priced: r.get(1)?,
        sum_minor: r.get(2)?,
        currency: r.get(3)?,
    })
}
