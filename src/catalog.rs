//! Showtimes and seat layouts: what can be sold. Reads SQLite only, so it works while Redis is
//! down.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::db::{Db, Status};
use crate::error::Error;
use crate::ids::{MAX_SEAT_NUMBER, SeatId, ShowtimeId};

/// Most seats one showtime may have.
pub const MAX_SEATS_PER_SHOWTIME: usize = 100_000;

#[derive(Debug, Clone, Serialize)]
pub struct Showtime {
    pub showtime_id: i64,
    pub movie: String,
    pub screen: Option<String>,
    pub starts_at: String,
    pub rows: Vec<String>,
    pub seats_per_row: u32,
    pub seats: u32,
    /// Seats of CONFIRMED bookings.
    pub sold: u32,
    /// Seats of PENDING bookings (as SQLite knows them).
    pub pending: u32,
}

pub struct NewShowtime<'a> {
    pub id: Option<ShowtimeId>,
    pub movie: &'a str,
    pub screen: Option<&'a str>,
    pub starts_at: DateTime<Utc>,
    pub rows: Vec<String>,
    pub seats_per_row: u32,
}

fn check_text(what: &str, s: &str, max: usize) -> Result<(), Error> {
    if s.trim().is_empty() {
        return Err(Error::invalid(format!("{what} must not be empty")));
    }
    if s.chars().count() > max {
        return Err(Error::invalid(format!(
            "{what} is longer than {max} characters"
        )));
    }
    // Controls repaint a terminal; bidi overrides and zero-width characters make a title read
    // as something else (or hide part of it) wherever it is shown.
    if s.chars().any(crate::ids::is_hostile_char) {
        return Err(Error::invalid(format!(
            "{what} must not contain control, bidi-override or zero-width characters (found {}); nothing was stored",
            crate::ids::shown(s)
        )));
    }
    Ok(())
}

pub fn add_showtime(db: &mut Db, new: &NewShowtime<'_>, now_ms: i64) -> Result<Showtime, Error> {
    check_text("--movie", new.movie, 200)?;
    if let Some(screen) = new.screen {
        check_text("--screen", screen, 100)?;
    }
    if !(1..=MAX_SEAT_NUMBER).contains(&new.seats_per_row) {
        return Err(Error::invalid(format!(
            "--seats-per-row must be between 1 and {MAX_SEAT_NUMBER}"
        )));
    }
    let total = new.rows.len() * new.seats_per_row as usize;
    if total > MAX_SEATS_PER_SHOWTIME {
        return Err(Error::invalid(format!(
            "{total} seats is more than the {MAX_SEATS_PER_SHOWTIME} one showtime may have"
        )));
    }
    let starts = new
        .starts_at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let id = db.write(|tx| {
        let c = tx.conn();
        if let Some(id) = new.id {
            let exists: bool = c
                .query_row("SELECT 1 FROM showtimes WHERE id = ?1", [id.get()], |_| {
                    Ok(true)
                })
                .optional()
                .map_err(|e| tx.map_err(e))?
                .unwrap_or(false);
            if exists {
                return Err(Error::conflict(format!("showtime {id} already exists")));
            }
        }
        c.execute(
            "INSERT INTO showtimes (id, movie, screen, starts_at, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                new.id.map(ShowtimeId::get),
                new.movie,
                new.screen,
                starts,
                now_ms
            ],
        )
        .map_err(|e| tx.map_err(e))?;
        let id = c.last_insert_rowid();
        // Refuse (and roll back) an automatic id past the largest we accept.
        ShowtimeId::new(id)?;
        let mut ins = c
            .prepare_cached(
                "INSERT INTO seats (showtime_id, seat_id, row_label, number, ord)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .map_err(|e| tx.map_err(e))?;
        let mut ord = 0;
        for row in &new.rows {
            for n in 1..=new.seats_per_row {
                let seat = SeatId::new(row, n)?;
                ins.execute(params![id, seat.as_str(), row, n, ord])
                    .map_err(|e| tx.map_err(e))?;
                ord += 1;
            }
        }
        tx.audit(crate::db::AuditEntry {
            at_ms: now_ms,
            showtime_id: Some(id),
            action: "showtime_add",
            detail: Some(serde_json::json!({
                "movie": new.movie, "screen": new.screen, "starts_at": starts,
                "rows": new.rows, "seats_per_row": new.seats_per_row,
            })),
            ..Default::default()
        })?;
        Ok(id)
    })?;
    get_showtime(db, ShowtimeId::new(id)?)
}

/// Every showtime, earliest first, with its counts.
pub fn list_showtimes(db: &Db) -> Result<Vec<Showtime>, Error> {
    Ok(list_showtimes_page(db, None, None)?.showtimes)
}

/// One page of `showtime list`.
pub struct ShowtimePage {
    /// Earliest first (then by id), with their counts.
    pub showtimes: Vec<Showtime>,
    /// How many showtimes match before the limit.
    pub total: u64,
}

/// How many showtimes start at or after `from` (RFC 3339 UTC, as stored), or in all.
pub fn count_showtimes(db: &Db, from: Option<&str>) -> Result<u64, Error> {
    db.conn()
        .query_row(
            "SELECT COUNT(*) FROM showtimes WHERE starts_at >= ?1",
            [from.unwrap_or("")],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n as u64)
        .map_err(|e| db.map_err(e))
}

/// The showtimes starting at or after `from` (all when `None`), earliest first, at most
/// `limit`. Three queries whatever the count — the page, the layouts' row sizes and one
/// grouped count of live claims — instead of three per showtime: at 100k showtimes the old
/// per-showtime reads took seconds.
pub fn list_showtimes_page(
    db: &Db,
    from: Option<&str>,
    limit: Option<u32>,
) -> Result<ShowtimePage, Error> {
    let c = db.conn();
    let err = |e| db.map_err(e);
    // Every stored start is >= "", so no bound is a range over the whole index.
    let from = from.unwrap_or("");
    let limit = limit.map_or(-1, i64::from);
    // The page itself, through the showtimes_by_start index.
    const PAGE: &str = "SELECT id FROM showtimes WHERE starts_at >= ?1
                        ORDER BY starts_at, id LIMIT ?2";
    let mut showtimes: Vec<Showtime> = Vec::new();
    let mut index = std::collections::HashMap::new();
    {
        let mut stmt = c
            .prepare(
                "SELECT id, movie, screen, starts_at FROM showtimes
                  WHERE starts_at >= ?1 ORDER BY starts_at, id LIMIT ?2",
            )
            .map_err(err)?;
        let mut rows = stmt.query(params![from, limit]).map_err(err)?;
        while let Some(r) = rows.next().map_err(err)? {
            let id: i64 = r.get(0).map_err(err)?;
            index.insert(id, showtimes.len());
            showtimes.push(Showtime {
                showtime_id: id,
                movie: r.get(1).map_err(err)?,
                screen: r.get(2).map_err(err)?,
                starts_at: r.get(3).map_err(err)?,
                rows: Vec::new(),
                seats_per_row: 0,
                seats: 0,
                sold: 0,
                pending: 0,
            });
        }
    }
    let total = if limit >= 0 && showtimes.len() as i64 == limit {
        count_showtimes(db, Some(from))?
    } else {
        showtimes.len() as u64
    };
    if showtimes.is_empty() {
        return Ok(ShowtimePage { showtimes, total });
    }
    // Each row's size, rows in layout order (a row's seats are contiguous in `ord`).
    {
        let mut stmt = c
            .prepare(&format!(
                "SELECT s.showtime_id, s.row_label, COUNT(*) FROM seats s
                  WHERE s.showtime_id IN ({PAGE})
                  GROUP BY s.showtime_id, s.row_label
                  ORDER BY s.showtime_id, MIN(s.ord)"
            ))
            .map_err(err)?;
        let mut rows = stmt.query(params![from, limit]).map_err(err)?;
        while let Some(r) = rows.next().map_err(err)? {
            let id: i64 = r.get(0).map_err(err)?;
            let n: u32 = r.get(2).map_err(err)?;
            if let Some(&i) = index.get(&id) {
                let st = &mut showtimes[i];
                st.rows.push(r.get(1).map_err(err)?);
                st.seats += n;
                st.seats_per_row = st.seats_per_row.max(n);
            }
        }
    }
    // Sold and held seats: the live claims, through the fence's partial index.
    {
        let mut stmt = c
            .prepare(&format!(
                "SELECT bs.showtime_id,
                        COALESCE(SUM(b.status = 'CONFIRMED'), 0),
                        COALESCE(SUM(b.status = 'PENDING'), 0)
                   FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
                  WHERE bs.live = 1 AND bs.showtime_id IN ({PAGE})
                  GROUP BY bs.showtime_id"
            ))
            .map_err(err)?;
        let mut rows = stmt.query(params![from, limit]).map_err(err)?;
        while let Some(r) = rows.next().map_err(err)? {
            let id: i64 = r.get(0).map_err(err)?;
            if let Some(&i) = index.get(&id) {
                showtimes[i].sold = r.get(1).map_err(err)?;
                showtimes[i].pending = r.get(2).map_err(err)?;
            }
        }
    }
    Ok(ShowtimePage { showtimes, total })
}

pub fn get_showtime(db: &Db, id: ShowtimeId) -> Result<Showtime, Error> {
    let layout = layout(db, id)?;
    let mut st = showtime_header(db, id, &layout)?;
    let (sold, pending): (u32, u32) = db
        .conn()
        .query_row(
            "SELECT COALESCE(SUM(b.status = 'CONFIRMED'), 0), COALESCE(SUM(b.status = 'PENDING'), 0)
               FROM booking_seats bs JOIN bookings b ON b.id = bs.booking_id
              WHERE bs.showtime_id = ?1 AND bs.live = 1",
            [id.get()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| db.map_err(e))?;
    st.sold = sold;
    st.pending = pending;
    Ok(st)
}

/// A showtime's header without the sold/held counts (which need a scan of its claims), with
/// rows and sizes taken from a layout the caller has already read.
pub fn showtime_header(db: &Db, id: ShowtimeId, layout: &[String]) -> Result<Showtime, Error> {
    let (movie, screen, starts_at) = db
        .conn()
        .query_row(
            "SELECT movie, screen, starts_at FROM showtimes WHERE id = ?1",
            [id.get()],
            |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(|e| db.map_err(e))?
        .ok_or_else(|| Error::not_found(format!("showtime {id} does not exist")))?;
    let mut rows: Vec<(String, u32)> = Vec::new();
    for seat in layout {
        let row: String = seat
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        match rows.last_mut() {
            Some((r, n)) if *r == row => *n += 1,
            _ => rows.push((row, 1)),
        }
    }
    Ok(Showtime {
        showtime_id: id.get(),
        movie,
        screen,
        starts_at,
        seats_per_row: rows.iter().map(|r| r.1).max().unwrap_or(0),
        seats: layout.len() as u32,
        rows: rows.into_iter().map(|r| r.0).collect(),
        sold: 0,
        pending: 0,
    })
}

/// Every seat of a showtime, in layout order.
pub fn layout(db: &Db, id: ShowtimeId) -> Result<Vec<String>, Error> {
    db.conn()
        .prepare_cached("SELECT seat_id FROM seats WHERE showtime_id = ?1 ORDER BY ord")
        .and_then(|mut s| s.query_map([id.get()], |r| r.get(0))?.collect())
        .map_err(|e| db.map_err(e))
}

/// Checks that the showtime exists and every seat is in its layout (exit 4 otherwise, naming
/// every missing seat).
pub fn check_seats(db: &Db, id: ShowtimeId, seats: &[SeatId]) -> Result<(), Error> {
    let exists: bool = db
        .conn()
        .query_row("SELECT 1 FROM showtimes WHERE id = ?1", [id.get()], |_| {
            Ok(true)
        })
        .optional()
        .map_err(|e| db.map_err(e))?
        .unwrap_or(false);
    if !exists {
        return Err(Error::not_found(format!("showtime {id} does not exist")));
    }
    let mut stmt = db
        .conn()
        .prepare_cached("SELECT 1 FROM seats WHERE showtime_id = ?1 AND seat_id = ?2")
        .map_err(|e| db.map_err(e))?;
    let mut missing = Vec::new();
    for seat in seats {
        let found = stmt
            .exists(params![id.get(), seat.as_str()])
            .map_err(|e| db.map_err(e))?;
        if !found {
            missing.push(seat.as_str());
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::not_found(format!(
            "not in the layout of showtime {id}: {}",
            missing.join(", ")
        )))
    }
}

/// The guide's example: showtime 24, "Avengers" at 19:00 (the next 19:00 in local time),
/// rows A-J with seats 1-12.
pub fn demo_showtime() -> NewShowtime<'static> {
    use chrono::{Duration, Local, NaiveTime, TimeZone};
    let now = Local::now();
    let seven = NaiveTime::from_hms_opt(19, 0, 0).expect("valid time");
    let mut day = now.date_naive();
    if now.time() >= seven {
        day += Duration::days(1);
    }
    let starts = Local
        .from_local_datetime(&day.and_time(seven))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(Utc::now);
    NewShowtime {
        id: Some(ShowtimeId::new(24).expect("24 is valid")),
        movie: "Avengers",
        screen: Some("Screen 1"),
        starts_at: starts,
        rows: ('A'..='J').map(String::from).collect(),
        seats_per_row: 12,
    }
}

/// A seat as the database alone sees it: free, or claimed by a live booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatClaim {
    pub seat: String,
    /// The live booking's status (PENDING or CONFIRMED) and user, if any.
    pub claim: Option<(Status, String)>,
}

/// Every seat of a showtime in layout order with its live claim, from SQLite only — for shell
/// completion, which must answer fast and without Redis.
pub fn seat_claims(db: &Db, id: ShowtimeId) -> Result<Vec<SeatClaim>, Error> {
    db.conn()
        .prepare_cached(
            "SELECT s.seat_id, b.status, b.user_id
               FROM seats s
               LEFT JOIN booking_seats bs
                      ON bs.showtime_id = s.showtime_id AND bs.seat_id = s.seat_id AND bs.live = 1
               LEFT JOIN bookings b ON b.id = bs.booking_id
              WHERE s.showtime_id = ?1
              ORDER BY s.ord",
        )
        .and_then(|mut s| {
            s.query_map([id.get()], |r| {
                let status: Option<String> = r.get(1)?;
                let user: Option<String> = r.get(2)?;
                Ok(SeatClaim {
                    seat: r.get(0)?,
                    claim: status.as_deref().and_then(Status::parse).zip(user),
                })
            })?
            .collect()
        })
        .map_err(|e| db.map_err(e))
}
