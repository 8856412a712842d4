//! Showtimes and seat layouts: what can be sold. Reads SQLite only, so it works while Redis is
//! down.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::Error;
use crate::ids::{MAX_SEAT_NUMBER, SeatId, ShowtimeId};
use crate::store::{AuditEntry, Db, ShowtimeCancel};

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
    /// When, why and by whom the screening was cancelled; `null` while it is on.
    pub cancelled: Option<ShowtimeCancel>,
    /// The hall it was made from (`showtime add --hall`); `null` for a rectangular showtime.
    pub hall: Option<String>,
    /// The currency of its prices (ISO 4217); `null` when it has none (rectangular).
    pub currency: Option<String>,
}

pub struct NewShowtime<'a> {
    pub id: Option<ShowtimeId>,
    pub movie: &'a str,
    pub screen: Option<&'a str>,
    pub starts_at: DateTime<Utc>,
    pub rows: Vec<String>,
    pub seats_per_row: u32,
}

pub(crate) fn check_text(what: &str, s: &str, max: usize) -> Result<(), Error> {
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
        if let Some(id) = new.id
            && tx.showtime_exists(id)?
        {
            return Err(Error::conflict(format!("showtime {id} already exists")));
        }
        let id = tx.insert_showtime(new.id, new.movie, new.screen, &starts, now_ms)?;
        // Refuse (and roll back) an automatic id past the largest we accept.
        let st = ShowtimeId::new(id)?;
        let mut ord = 0;
        for row in &new.rows {
            for n in 1..=new.seats_per_row {
                let seat = SeatId::new(row, n)?;
                tx.insert_seat(st, &seat, ord)?;
                ord += 1;
            }
        }
        tx.write_seat_plan(st)?;
        tx.audit(AuditEntry {
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

/// A showtime in a stored hall (`showtime add --hall`).
pub struct NewHallShowtime<'a> {
    pub id: Option<ShowtimeId>,
    pub movie: &'a str,
    /// `None`: the hall's name.
    pub screen: Option<&'a str>,
    pub starts_at: DateTime<Utc>,
    pub hall: &'a str,
}

/// Adds a showtime with a copy of the hall's seats (position, category, price, accessibility)
/// and its currency, in one transaction: a later change of halls never reprices it.
pub fn add_hall_showtime(
    db: &mut Db,
    new: &NewHallShowtime<'_>,
    now_ms: i64,
) -> Result<Showtime, Error> {
    check_text("--movie", new.movie, 200)?;
    if let Some(screen) = new.screen {
        check_text("--screen", screen, 100)?;
    }
    let screen = new.screen.unwrap_or(new.hall);
    let starts = new
        .starts_at
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let id = db.write(|tx| {
        let hall = tx.hall(new.hall)?.ok_or_else(|| {
            Error::not_found(format!(
                "no hall named {} (`boxoffice hall list` shows the halls); nothing was added",
                crate::ids::shown(new.hall)
            ))
        })?;
        if let Some(id) = new.id
            && tx.showtime_exists(id)?
        {
            return Err(Error::conflict(format!("showtime {id} already exists")));
        }
        let id = tx.insert_showtime(new.id, new.movie, Some(screen), &starts, now_ms)?;
        let st = ShowtimeId::new(id)?;
        let seats = tx.copy_hall_seats(st, hall.id)?;
        tx.write_seat_plan(st)?;
        tx.audit(AuditEntry {
            at_ms: now_ms,
            showtime_id: Some(id),
            action: "showtime_add",
            detail: Some(serde_json::json!({
                "movie": new.movie, "screen": screen, "starts_at": starts,
                "hall": hall.name, "hall_id": hall.id, "seats": seats,
            })),
            ..Default::default()
        })?;
        Ok(id)
    })?;
    get_showtime(db, ShowtimeId::new(id)?)
}

/// Every seat of a showtime with its position, category, price and accessibility, in layout
/// order.
pub fn seat_infos(db: &Db, id: ShowtimeId) -> Result<Vec<crate::store::SeatInfo>, Error> {
    db.seat_infos(id)
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
    db.count_showtimes_from(from.unwrap_or(""))
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
    // Every stored start is >= "", so no bound is a range over the whole index.
    let from = from.unwrap_or("");
    // The page itself, through the showtimes_by_start index.
    let mut showtimes: Vec<Showtime> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for r in db.showtimes_page(from, limit)? {
        index.insert(r.id, showtimes.len());
        showtimes.push(Showtime {
            showtime_id: r.id,
            movie: r.movie,
            screen: r.screen,
            starts_at: r.starts_at,
            rows: Vec::new(),
            seats_per_row: 0,
            seats: 0,
            sold: 0,
            pending: 0,
            cancelled: r.cancelled,
            hall: r.hall,
            currency: r.currency,
        });
    }
    let total = if limit.is_some_and(|l| showtimes.len() as u64 == u64::from(l)) {
        count_showtimes(db, Some(from))?
    } else {
        showtimes.len() as u64
    };
    if showtimes.is_empty() {
        return Ok(ShowtimePage { showtimes, total });
    }
    // Each row's size, rows in layout order (a row's seats are contiguous in `ord`).
    for r in db.page_row_sizes(from, limit)? {
        if let Some(&i) = index.get(&r.showtime_id) {
            let st = &mut showtimes[i];
            st.rows.push(r.row);
            st.seats += r.seats;
            st.seats_per_row = st.seats_per_row.max(r.seats);
        }
    }
    // Sold and held seats: the live claims, through the fence's partial index.
    for c in db.page_claim_counts(from, limit)? {
        if let Some(&i) = index.get(&c.showtime_id) {
            showtimes[i].sold = c.sold;
            showtimes[i].pending = c.pending;
        }
    }
    Ok(ShowtimePage { showtimes, total })
}

pub fn get_showtime(db: &Db, id: ShowtimeId) -> Result<Showtime, Error> {
    let layout = layout(db, id)?;
    let mut st = showtime_header(db, id, &layout)?;
    let counts = db.claim_counts(id)?;
    st.sold = counts.sold;
    st.pending = counts.pending;
    Ok(st)
}

/// A showtime's header without the sold/held counts (which need a scan of its claims), with
/// rows and sizes taken from a layout the caller has already read.
pub fn showtime_header(db: &Db, id: ShowtimeId, layout: &[String]) -> Result<Showtime, Error> {
    let row = db
        .showtime(id)?
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
        movie: row.movie,
        screen: row.screen,
        starts_at: row.starts_at,
        seats_per_row: rows.iter().map(|r| r.1).max().unwrap_or(0),
        seats: layout.len() as u32,
        rows: rows.into_iter().map(|r| r.0).collect(),
        sold: 0,
        pending: 0,
        cancelled: row.cancelled,
        hall: row.hall,
        currency: row.currency,
    })
}

/// Every seat of a showtime, in layout order.
pub fn layout(db: &Db, id: ShowtimeId) -> Result<Vec<String>, Error> {
    db.layout(id)
}

/// Checks that the showtime exists and every seat is in its layout (exit 4 otherwise, naming
/// every missing seat).
pub fn check_seats(db: &Db, id: ShowtimeId, seats: &[SeatId]) -> Result<(), Error> {
    if !db.showtime_exists(id)? {
        return Err(Error::not_found(format!("showtime {id} does not exist")));
    }
    check_layout(db, id, seats)
}

/// [`check_seats`] for a command that sells, moves onto or blocks seats: then, with the same
/// read of the showtime, refuses a cancelled screening (exit 3, see [`check_on_sale`]).
pub fn check_seats_on_sale(
    db: &Db,
    id: ShowtimeId,
    seats: &[SeatId],
    then: &str,
) -> Result<(), Error> {
    let row = db
        .showtime(id)?
        .ok_or_else(|| Error::not_found(format!("showtime {id} does not exist")))?;
    check_layout(db, id, seats)?;
    match row.cancelled {
        Some(c) => Err(screening_cancelled(id, &c, then)),
        None => Ok(()),
    }
}

/// Every seat in the showtime's layout (exit 4 otherwise, naming every missing seat).
fn check_layout(db: &Db, id: ShowtimeId, seats: &[SeatId]) -> Result<(), Error> {
    let mut missing = Vec::new();
    for seat in seats {
        if !db.seat_exists(id, seat)? {
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

/// The refusal of a sale on a cancelled screening (exit 3), saying when it was called off and
/// why; `then` says what the command did not do ("nothing was reserved").
pub fn screening_cancelled(id: ShowtimeId, c: &ShowtimeCancel, then: &str) -> Error {
    Error::conflict(format!(
        "the screening of showtime {id} is cancelled ({}); {then}",
        c.reason
    ))
}

/// Checks that the showtime exists and is not cancelled: nothing is sold, moved onto or blocked
/// on a cancelled screening (exit 3; the schema refuses the claim anyway).
pub fn check_on_sale(db: &Db, id: ShowtimeId, then: &str) -> Result<(), Error> {
    let row = db
        .showtime(id)?
        .ok_or_else(|| Error::not_found(format!("showtime {id} does not exist")))?;
    match row.cancelled {
        Some(c) => Err(screening_cancelled(id, &c, then)),
        None => Ok(()),
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
pub use crate::store::SeatClaim;

/// Every seat of a showtime in layout order with its live claim, from SQLite only — for shell
/// completion, which must answer fast and without Redis.
pub fn seat_claims(db: &Db, id: ShowtimeId) -> Result<Vec<SeatClaim>, Error> {
    db.seat_claims(id)
}
