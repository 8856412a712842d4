//! Halls: their layouts and categories (`hall add`, `hall list`, `hall show`), and the copy of
//! a hall's seats into a new showtime (`showtime add --hall`).

use rusqlite::params;

use super::exec::{Row, Sql};
use super::{Db, Tx};
use crate::error::Error;
use crate::ids::ShowtimeId;

/// A hall's row, with how many seats and rows it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallRow {
    pub id: i64,
    pub name: String,
    pub currency: String,
    pub best_row: Option<String>,
    pub seats: u32,
    pub rows: u32,
}

/// One category of a hall.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallCategoryRow {
    pub code: String,
    pub name: String,
    pub price_minor: i64,
    pub accessible: bool,
}

/// One seat of a hall, in layout order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallSeatRow {
    pub seat: String,
    pub row: String,
    pub number: u32,
    pub col: u32,
    /// The category's letter.
    pub code: String,
}

/// A hall to store; its seats and categories follow with [`Tx::insert_hall_category`] and
/// [`Tx::insert_hall_seat`].
pub struct NewHall<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    pub best_row: Option<&'a str>,
    /// The hall file as given.
    pub source: &'a str,
}

const HALL: &str = "SELECT h.id, h.name, h.currency, h.best_row,
                           (SELECT COUNT(*) FROM hall_seats s WHERE s.hall_id = h.id),
                           (SELECT COUNT(DISTINCT s.row_label) FROM hall_seats s WHERE s.hall_id = h.id)
                      FROM halls h";

fn hall_row(r: &Row<'_, '_>) -> rusqlite::Result<HallRow> {
    Ok(HallRow {
        id: r.get(0)?,
        name: r.get(1)?,
        currency: r.get(2)?,
        best_row: r.get(3)?,
        seats: r.get(4)?,
        rows: r.get(5)?,
    })
}

impl Sql<'_> {
    fn hall(&self, name: &str) -> Result<Option<HallRow>, Error> {
        self.row(
            &format!("{HALL} WHERE h.name = ?1"),
            params![name],
            hall_row,
        )
    }
}

impl Db {
    /// Every hall, by name.
    pub fn halls(&self) -> Result<Vec<HallRow>, Error> {
        self.sql()
            .rows(&format!("{HALL} ORDER BY h.name"), params![], hall_row)
    }

    /// The hall called `name`, if there is one.
    pub fn hall(&self, name: &str) -> Result<Option<HallRow>, Error> {
        self.sql().hall(name)
    }

    /// The hall file a hall was added from, as given.
    pub fn hall_source(&self, hall: i64) -> Result<String, Error> {
        self.sql().one(
            "SELECT source FROM halls WHERE id = ?1",
            params![hall],
            |r| r.get(0),
        )
    }

    /// A hall's categories, in the order they first appear in its layout (those without a
    /// seat last, by letter).
    pub fn hall_categories(&self, hall: i64) -> Result<Vec<HallCategoryRow>, Error> {
        self.sql().rows(
            "SELECT c.code, c.name, c.price_minor, c.accessible FROM hall_categories c
                  WHERE c.hall_id = ?1
                  ORDER BY (SELECT MIN(s.ord) FROM hall_seats s
                             WHERE s.hall_id = c.hall_id AND s.category = c.code) IS NULL,
                           (SELECT MIN(s.ord) FROM hall_seats s
                             WHERE s.hall_id = c.hall_id AND s.category = c.code),
                           c.code",
            params![hall],
            |r| {
                Ok(HallCategoryRow {
                    code: r.get(0)?,
                    name: r.get(1)?,
                    price_minor: r.get(2)?,
                    accessible: r.get(3)?,
                })
            },
        )
    }

    /// A hall's seats, in layout order.
    pub fn hall_seats(&self, hall: i64) -> Result<Vec<HallSeatRow>, Error> {
        self.sql().rows(
            "SELECT seat_id, row_label, number, col, category FROM hall_seats
              WHERE hall_id = ?1 ORDER BY ord",
            params![hall],
            |r| {
                Ok(HallSeatRow {
                    seat: r.get(0)?,
                    row: r.get(1)?,
                    number: r.get(2)?,
                    col: r.get(3)?,
                    code: r.get(4)?,
                })
            },
        )
    }
}

impl Tx<'_> {
    /// [`Db::hall`], read in this transaction.
    pub fn hall(&self, name: &str) -> Result<Option<HallRow>, Error> {
        self.sql().hall(name)
    }

    /// Adds a hall without categories or seats; returns its id.
    pub fn insert_hall(&self, h: &NewHall<'_>, now_ms: i64) -> Result<i64, Error> {
        self.sql().one(
            "INSERT INTO halls (name, currency, best_row, source, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
            params![h.name, h.currency, h.best_row, h.source, now_ms],
            |r| r.get(0),
        )
    }

    /// Adds a category to a hall.
    pub fn insert_hall_category(&self, hall: i64, c: &HallCategoryRow) -> Result<(), Error> {
        self.sql()
            .execute(
                "INSERT INTO hall_categories (hall_id, code, name, price_minor, accessible)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![hall, c.code, c.name, c.price_minor, c.accessible],
            )
            .map(|_| ())
    }

    /// Adds a seat to a hall, at position `ord` of its layout order.
    pub fn insert_hall_seat(&self, hall: i64, s: &HallSeatRow, ord: u32) -> Result<(), Error> {
        self.sql()
            .execute(
                "INSERT INTO hall_seats (hall_id, seat_id, row_label, number, col, category, ord)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![hall, s.seat, s.row, s.number, s.col, s.code, ord],
            )
            .map(|_| ())
    }

    /// Gives a showtime without seats the hall's: each seat with its position, its category's
    /// name, price and accessibility, in the hall's layout order; records the hall and its
    /// currency on the showtime. Returns how many seats it copied.
    pub fn copy_hall_seats(&self, showtime: ShowtimeId, hall: i64) -> Result<usize, Error> {
        let q = self.sql();
        let n = q.execute(
            "INSERT INTO seats (showtime_id, seat_id, row_label, number, ord, col, category,
                                    price_minor, accessible)
                 SELECT ?1, s.seat_id, s.row_label, s.number, s.ord, s.col, c.name,
                        c.price_minor, c.accessible
                   FROM hall_seats s
                   JOIN hall_categories c ON c.hall_id = s.hall_id AND c.code = s.category
                  WHERE s.hall_id = ?2",
            params![showtime.get(), hall],
        )?;
        q.update_one(
            "UPDATE showtimes SET hall_id = ?2,
                    currency = (SELECT currency FROM halls WHERE id = ?2)
              WHERE id = ?1",
            params![showtime.get(), hall],
        )?;
        Ok(n)
    }
}
