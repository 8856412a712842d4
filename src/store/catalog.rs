//! Showtimes and their seat layouts, and the counts of their live claims.

use rusqlite::params;

use super::exec::{Row, Sql};
use super::{Db, Status, Tx};
use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId};

/// A showtime's row, without its layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowtimeRow {
    pub id: i64,
    pub movie: String,
    pub screen: Option<String>,
    /// RFC 3339, UTC, as stored.
    pub starts_at: String,
    /// When and why the screening was cancelled (`showtime cancel`); `None` while it is on.
    pub cancelled: Option<ShowtimeCancel>,
    /// The name of the hall it was made from; `None`: a rectangular showtime.
    pub hall: Option<String>,
    /// The currency of its seats' prices (ISO 4217); `None`: no prices.
    pub currency: Option<String>,
}

/// A cancelled screening's record: set once, never cleared.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ShowtimeCancel {
    pub at_ms: i64,
    pub reason: String,
    pub operator: String,
}

/// The columns [`showtime_row`] reads, in its order.
pub(super) const ROW: &str =
    "id, movie, screen, starts_at, cancelled_at_ms, cancel_reason, cancelled_by,
                   (SELECT name FROM halls WHERE halls.id = showtimes.hall_id), currency";

pub(super) fn showtime_row(r: &Row<'_, '_>) -> rusqlite::Result<ShowtimeRow> {
    let at: Option<i64> = r.get(4)?;
    Ok(ShowtimeRow {
        id: r.get(0)?,
        movie: r.get(1)?,
        screen: r.get(2)?,
        starts_at: r.get(3)?,
        cancelled: match at {
            Some(at_ms) => Some(ShowtimeCancel {
                at_ms,
                reason: r.get::<Option<String>>(5)?.unwrap_or_default(),
                operator: r.get::<Option<String>>(6)?.unwrap_or_default(),
            }),
            None => None,
        },
        hall: r.get(7)?,
        currency: r.get(8)?,
    })
}

/// One row of a showtime's layout and how many seats it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSize {
    pub showtime_id: i64,
    pub row: String,
    pub seats: u32,
}

/// How many of a showtime's seats are sold (CONFIRMED) and held (PENDING), as SQLite knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClaimCounts {
    pub showtime_id: i64,
    pub sold: u32,
    pub pending: u32,
}

/// One seat of a showtime with what the best-available picker, the seat map and prices need.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SeatInfo {
    pub seat: String,
    pub row: String,
    pub number: u32,
    /// Position in the row counting gaps and aisles, from 0: two seats are side by side
    /// exactly when their `col`s differ by one.
    pub col: u32,
    /// The category's name (`standard` for a rectangular showtime).
    pub category: String,
    /// Minor units of the showtime's currency; `None`: no price.
    pub price_minor: Option<i64>,
    pub accessible: bool,
}

const SEAT_INFO: &str = "SELECT seat_id, row_label, number, COALESCE(col, number - 1), category,
                                price_minor, accessible
                           FROM seats WHERE showtime_id = ?1 ORDER BY ord";

fn seat_info(r: &Row<'_, '_>) -> rusqlite::Result<SeatInfo> {
    Ok(SeatInfo {
        seat: r.get(0)?,
        row: r.get(1)?,
        number: r.get(2)?,
        col: r.get(3)?,
        category: r.get(4)?,
        price_minor: r.get(5)?,
        accessible: r.get(6)?,
    })
}

/// A seat as the database alone sees it: free, or claimed by a live booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatClaim {
    pub seat: String,
    /// The live booking's status (PENDING or CONFIRMED) and user, if any.
    pub claim: Option<(Status, String)>,
}

/// The showtimes of one page of `showtime list`: those starting at or after `?1`, earliest
/// first (then by id), at most `?2` (all when negative), through the `showtimes_by_start`
/// index. The page's other two queries select by it.
const PAGE: &str = "SELECT id FROM showtimes WHERE starts_at >= ?1
                    ORDER BY starts_at, id LIMIT ?2";

impl Sql<'_> {
    fn showtime(&self, id: ShowtimeId) -> Result<Option<ShowtimeRow>, Error> {
        self.row(
            &format!("SELECT {ROW} FROM showtimes WHERE id = ?1"),
            params![id.get()],
            showtime_row,
        )
    }

    fn seat_infos(&self, id: ShowtimeId) -> Result<Vec<SeatInfo>, Error> {
        self.rows(SEAT_INFO, params![id.get()], seat_info)
    }

    fn showtime_exists(&self, id: ShowtimeId) -> Result<bool, Error> {
        self.exists("SELECT 1 FROM showtimes WHERE id = ?1", params![id.get()])
    }
}

impl Db {
    /// Whether the showtime is in the catalog.
    pub fn showtime_exists(&self, id: ShowtimeId) -> Result<bool, Error> {
        self.sql().showtime_exists(id)
    }

    /// Every seat of the showtime with its position, category, price and accessibility, in
    /// layout order.
    pub fn seat_infos(&self, id: ShowtimeId) -> Result<Vec<SeatInfo>, Error> {
        self.sql().seat_infos(id)
    }

    /// The showtime's row, if it exists.
    pub fn showtime(&self, id: ShowtimeId) -> Result<Option<ShowtimeRow>, Error> {
        let q = self.sql();
        q.showtime(id)
    }

    /// How many showtimes start at or after `from` (RFC 3339 UTC, as stored; `""` for all).
    pub fn count_showtimes_from(&self, from: &str) -> Result<u64, Error> {
        self.sql()
            .one(
                "SELECT COUNT(*) FROM showtimes WHERE starts_at >= ?1",
                params![from],
                |r| r.get::<i64>(0),
            )
            .map(|n| n as u64)
    }

    /// The showtimes starting at or after `from` (`""` for all), earliest first (then by id),
    /// at most `limit` (all when `None`).
    pub fn showtimes_page(
        &self,
        from: &str,
        limit: Option<u32>,
    ) -> Result<Vec<ShowtimeRow>, Error> {
        self.sql().rows(
            &format!(
                "SELECT {ROW} FROM showtimes
                  WHERE starts_at >= ?1 ORDER BY starts_at, id LIMIT ?2"
            ),
            params![from, limit.map_or(i64::MAX, i64::from)],
            showtime_row,
        )
    }

    /// The layout rows of the same page of showtimes as [`Db::showtimes_page`], by showtime
    /// and then in layout order (a row's seats are contiguous in `ord`).
    pub fn page_row_sizes(&self, from: &str, limit: Option<u32>) -> Result<Vec<RowSize>, Error> {
        self.sql().rows(
            &format!(
                "SELECT s.showtime_id, s.row_label, COUNT(*) FROM seats s
                  WHERE s.showtime_id IN ({PAGE})
                  GROUP BY s.showtime_id, s.row_label
                  ORDER BY s.showtime_id, MIN(s.ord)"
            ),
            params![from, limit.map_or(i64::MAX, i64::from)],
            |r| {
                Ok(RowSize {
                    showtime_id: r.get(0)?,
                    row: r.get(1)?,
                    seats: r.get(2)?,
                })
            },
        )
    }

    /// The sold and held seats of the same page of showtimes as [`Db::showtimes_page`] (only
    /// those with any), from the live claims, through the fence's partial index.
    pub fn page_claim_counts(
        &self,
        from: &str,
        limit: Option<u32>,
    ) -> Result<Vec<ClaimCounts>, Error> {
        self.sql().rows(
            &format!(
                "SELECT bs.showtime_id,
                        COUNT(*) FILTER (WHERE b.status = 'CONFIRMED'),
                        COUNT(*) FILTER (WHERE b.status = 'PENDING')
                   FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                  WHERE bs.live = 1 AND bs.showtime_id IN ({PAGE})
                  GROUP BY bs.showtime_id"
            ),
            params![from, limit.map_or(i64::MAX, i64::from)],
            |r| {
                Ok(ClaimCounts {
                    showtime_id: r.get(0)?,
                    sold: r.get(1)?,
                    pending: r.get(2)?,
                })
            },
        )
    }

    /// The showtime's sold and held seats, from its live claims.
    pub fn claim_counts(&self, id: ShowtimeId) -> Result<ClaimCounts, Error> {
        self.sql().one(
            "SELECT COUNT(*) FILTER (WHERE b.status = 'CONFIRMED'),
                    COUNT(*) FILTER (WHERE b.status = 'PENDING')
               FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
              WHERE bs.showtime_id = ?1 AND bs.live = 1",
            params![id.get()],
            |r| {
                Ok(ClaimCounts {
                    showtime_id: id.get(),
                    sold: r.get(0)?,
                    pending: r.get(1)?,
                })
            },
        )
    }

    /// Every seat of a showtime, in layout order.
    pub fn layout(&self, id: ShowtimeId) -> Result<Vec<String>, Error> {
        self.sql().rows(
            "SELECT seat_id FROM seats WHERE showtime_id = ?1 ORDER BY ord",
            params![id.get()],
            |r| r.get(0),
        )
    }

    /// Whether `seat` is in the showtime's layout.
    pub fn seat_exists(&self, id: ShowtimeId, seat: &SeatId) -> Result<bool, Error> {
        self.sql().exists(
            "SELECT 1 FROM seats WHERE showtime_id = ?1 AND seat_id = ?2",
            params![id.get(), seat.as_str()],
        )
    }

    /// Every seat of a showtime in layout order with its live claim.
    pub fn seat_claims(&self, id: ShowtimeId) -> Result<Vec<SeatClaim>, Error> {
        self.sql().rows(
                "SELECT s.seat_id, b.status, b.user_id, b.id
                   FROM seats s
                   LEFT JOIN booking_seats bs
                          ON bs.showtime_id = s.showtime_id AND bs.seat_id = s.seat_id AND bs.live = 1
                   LEFT JOIN bookings b ON b.id = bs.booking_id
                  WHERE s.showtime_id = ?1
                  ORDER BY s.ord",
                params![id.get()],
                |r| {
                    let status: Option<String> = r.get(1)?;
                    let user: Option<String> = r.get(2)?;
                    let status = match (status, r.get::<Option<i64>>(3)?) {
                        (Some(s), Some(id)) => Some(Status::stored(&s, id, 1)?),
                        _ => None,
                    };
                    Ok(SeatClaim {
                        seat: r.get(0)?,
                        claim: status.zip(user),
                    })
                },
            )
    }
}

impl Tx<'_> {
    /// Whether the showtime is in the catalog.
    pub fn showtime_exists(&self, id: ShowtimeId) -> Result<bool, Error> {
        self.sql().showtime_exists(id)
    }

    /// The showtime's row, read in this transaction.
    pub fn showtime(&self, id: ShowtimeId) -> Result<Option<ShowtimeRow>, Error> {
        self.sql().showtime(id)
    }

    /// Records that the screening is cancelled, stamped with this process's operator. False
    /// when it was cancelled already (nothing changed). The schema refuses it while a claim of
    /// the showtime is live: end every hold and sale first.
    pub fn cancel_showtime(
        &self,
        id: ShowtimeId,
        reason: &str,
        now_ms: i64,
    ) -> Result<bool, Error> {
        self.sql().update_one(
            "UPDATE showtimes SET cancelled_at_ms = ?2, cancel_reason = ?3, cancelled_by = ?4
              WHERE id = ?1 AND cancelled_at_ms IS NULL",
            params![id.get(), now_ms, reason, self.operator],
        )
    }

    /// Adds a showtime without seats ([`Tx::insert_seat`] adds them), with the given id or
    /// (`None`) the next free one. Returns its id.
    pub fn insert_showtime(
        &self,
        id: Option<ShowtimeId>,
        movie: &str,
        screen: Option<&str>,
        starts_at: &str,
        now_ms: i64,
    ) -> Result<i64, Error> {
        // No id: the next after the largest, as SQLite gives a rowid (the writers' lock makes
        // this safe on PostgreSQL too).
        self.sql().one(
            "INSERT INTO showtimes (id, movie, screen, starts_at, created_at_ms)
             VALUES (COALESCE(?1, (SELECT COALESCE(MAX(id), 0) + 1 FROM showtimes)),
                     ?2, ?3, ?4, ?5)
             RETURNING id",
            params![id.map(ShowtimeId::get), movie, screen, starts_at, now_ms],
            |r| r.get(0),
        )
    }

    /// Adds `seat` to the showtime's layout, at position `ord` (layout order).
    pub fn insert_seat(&self, showtime: ShowtimeId, seat: &SeatId, ord: u32) -> Result<(), Error> {
        self.sql()
            .execute(
                "INSERT INTO seats (showtime_id, seat_id, row_label, number, ord, col)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    showtime.get(),
                    seat.as_str(),
                    seat.row(),
                    seat.number(),
                    ord,
                    i64::from(seat.number()) - 1
                ],
            )
            .map(|_| ())
    }
}
