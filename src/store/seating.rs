//! What `reserve --best` reads: every seat of a showtime with what the picker needs and what
//! SQLite knows of it, and the hall's best row.
//!
//! A 5,000-seat showtime is read on every try, so [`Db::seat_uses`] is shaped for speed
//! (measured with the `best` bench row): the seats without `ORDER BY` (sorting the whole rows in
//! SQLite tripled the read) and sorted here by `ord`; the live claims and the standing blocks
//! read apart and merged here (one join with them was four times slower than the three reads).

use std::collections::HashMap;

use rusqlite::OptionalExtension;

use super::{Db, SeatInfo};
use crate::error::Error;
use crate::ids::ShowtimeId;

/// What SQLite says of one seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeatUse {
    /// No live claim, no standing block.
    Free,
    /// In a PENDING booking expiring at this time (ms, Redis's clock as recorded).
    Held { expires_at_ms: i64 },
    /// Sold, or blocked.
    Off,
}

const SEATS: &str = "
    SELECT seat_id, row_label, number, COALESCE(col, number - 1), category, price_minor,
           accessible, ord
      FROM seats WHERE showtime_id = ?1";

const CLAIMS: &str = "
    SELECT bs.seat_id, b.status, b.expires_at_ms
      FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
     WHERE bs.showtime_id = ?1 AND bs.live = 1";

const BLOCKS: &str = "SELECT seat_id FROM seat_blocks WHERE showtime_id = ?1 AND live = 1";

impl Db {
    /// Every seat of the showtime in layout order, each with its use (see [`SeatUse`]).
    pub fn seat_uses(&self, showtime: ShowtimeId) -> Result<Vec<(SeatInfo, SeatUse)>, Error> {
        let q = self.sql();
        let id = showtime.get();
        let read = || -> rusqlite::Result<Vec<(SeatInfo, SeatUse)>> {
            let mut uses: HashMap<String, SeatUse> = HashMap::new();
            let mut st = q.conn.prepare_cached(CLAIMS)?;
            let mut rows = st.query([id])?;
            while let Some(r) = rows.next()? {
                let status: String = r.get(1)?;
                let used = match status.as_str() {
                    "PENDING" => SeatUse::Held {
                        expires_at_ms: r.get(2)?,
                    },
                    _ => SeatUse::Off,
                };
                uses.insert(r.get(0)?, used);
            }
            let mut st = q.conn.prepare_cached(BLOCKS)?;
            for seat in st.query_map([id], |r| r.get::<_, String>(0))? {
                uses.insert(seat?, SeatUse::Off);
            }
            let mut st = q.conn.prepare_cached(SEATS)?;
            let mut seats: Vec<(i64, SeatInfo)> = st
                .query_map([id], |r| {
                    Ok((
                        r.get(7)?,
                        SeatInfo {
                            seat: r.get(0)?,
                            row: r.get(1)?,
                            number: r.get(2)?,
                            col: r.get(3)?,
                            category: r.get(4)?,
                            price_minor: r.get(5)?,
                            accessible: r.get(6)?,
                        },
                    ))
                })?
                .collect::<rusqlite::Result<_>>()?;
            seats.sort_unstable_by_key(|s| s.0);
            Ok(seats
                .into_iter()
                .map(|(_, s)| {
                    let used = uses.get(&s.seat).copied().unwrap_or(SeatUse::Free);
                    (s, used)
                })
                .collect())
        };
        read().map_err(|e| q.err(e))
    }

    /// The row label the showtime's hall names as its best (`halls.best_row`); `None`: the
    /// showtime has no hall, or its hall names none (the picker then takes two-thirds back).
    pub fn best_row(&self, showtime: ShowtimeId) -> Result<Option<String>, Error> {
        let q = self.sql();
        q.conn
            .prepare_cached(
                "SELECT h.best_row FROM showtimes s JOIN halls h ON h.id = s.hall_id
                  WHERE s.id = ?1",
            )
            .and_then(|mut s| {
                s.query_row([showtime.get()], |r| r.get::<_, Option<String>>(0))
                    .optional()
            })
            .map(Option::flatten)
            .map_err(|e| q.err(e))
    }
}
