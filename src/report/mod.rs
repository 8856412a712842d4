//! `boxoffice report`: how a screening, a day or a week is selling, from SQLite alone.
//!
//! The manager's question ("how is tonight selling, and what did we take?") must be answered
//! while Redis is down, so nothing here asks Redis: a seat is *held* when a PENDING booking
//! claims it in the database (a hold that ran out but was not swept yet still counts, as it does
//! for the fence), *sold* when a CONFIRMED one does, *blocked* while a block stands, and free
//! otherwise. The counts come from `store/report.rs`, one GROUP BY per statement over the
//! showtimes selected; grouping them by movie, day or screen happens here.
//!
//! Money is never added across currencies: a row of the report is one group **and one
//! currency** (the showtime's), so a week of INR and JPY screenings of one movie is two rows.
//! Revenue is what the CONFIRMED bookings cost (their `amount_minor`, kept equal to what was
//! paid less what is owed back); refunds owed are the refunds not settled yet. Per category,
//! revenue is the sold seats' prices (what the bookings' amounts are summed from) and refunds,
//! which belong to bookings, not seats, are not split.
//!
//! `chart` turns the audit table into the sales curve of one showtime.

pub mod chart;

use std::collections::BTreeMap;

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use crate::error::Error;
use crate::ids::ShowtimeId;
use crate::store::{CategoryCounts, Db, ShowtimeMoney, ShowtimeRow};

/// What a report covers.
#[derive(Debug, Clone, Copy)]
pub enum Period {
    /// One showtime, whenever it starts.
    Showtime(ShowtimeId),
    /// The showtimes starting on these local days, both included.
    Days { from: NaiveDate, to: NaiveDate },
}

/// What one row of the report is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum By {
    Showtime,
    Category,
    Movie,
    Day,
    Screen,
}

/// One row: a group of showtimes in one currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The showtime (`by` showtime or category), else `None`.
    pub showtime_id: Option<i64>,
    /// The movie (`by` showtime, category or movie).
    pub movie: Option<String>,
    /// The screen (`by` showtime, category or screen; `None` for a showtime without one).
    pub screen: Option<String>,
    /// When the showtime starts, RFC 3339 UTC (`by` showtime or category).
    pub starts_at: Option<String>,
    /// The local day its showtimes start on (`by` day).
    pub day: Option<String>,
    /// The seat category (`by` category).
    pub category: Option<String>,
    pub showtimes: u64,
    pub seats: u64,
    pub sold: u64,
    /// Seats claimed by PENDING bookings in the database (Redis is not asked).
    pub held: u64,
    pub blocked: u64,
    pub free: u64,
    /// sold / seats, in percent, one decimal.
    pub occupancy_pct: f64,
    /// The showtimes' currency; `None`: no prices.
    pub currency: Option<String>,
    /// Minor units of `currency`; `None` with no prices.
    pub revenue_minor: Option<i64>,
    /// Refunds not settled yet, minor units of `currency`; `None` with no prices, and per
    /// category.
    pub refunds_owed_minor: Option<i64>,
}

/// A whole report.
#[derive(Debug, Clone)]
pub struct Report {
    pub by: By,
    pub rows: Vec<Row>,
    /// The showtimes covered, in start order.
    pub showtimes: Vec<ShowtimeRow>,
}

impl Report {
    /// Seats sold over the whole report.
    pub fn tickets_sold(&self) -> u64 {
        self.rows.iter().map(|r| r.sold).sum()
    }
}

/// Builds the report of `period`, one row per `by` group and currency.
pub fn build(db: &Db, period: Period, by: By) -> Result<Report, Error> {
    let showtimes = select(db, period)?;
    let ids: Vec<i64> = showtimes.iter().map(|s| s.id).collect();
    let counts = db.report_counts(&ids)?;
    let revenue = db.report_revenue(&ids)?;
    let owed = db.report_refunds_owed(&ids)?;
    let per_showtime: Vec<Row> = showtimes
        .iter()
        .map(|s| showtime_row(s, by, (&counts, &revenue, &owed)))
        .collect();
    let rows = match by {
        By::Showtime => per_showtime,
        By::Category => category_rows(&showtimes, &counts),
        By::Movie | By::Day | By::Screen => merged(per_showtime, by),
    };
    Ok(Report {
        by,
        rows,
        showtimes,
    })
}

/// The showtimes a period covers; a missing showtime is not found (exit 4).
fn select(db: &Db, period: Period) -> Result<Vec<ShowtimeRow>, Error> {
    match period {
        Period::Showtime(id) => db
            .showtime(id)?
            .map(|s| vec![s])
            .ok_or_else(|| Error::not_found(format!("no showtime {id}"))),
        Period::Days { from, to } => {
            if to < from {
                return Err(Error::invalid(format!(
                    "--to {to} is before --from {from}; nothing to report"
                )));
            }
            db.report_showtimes(&day_start(from)?, &day_start(next_day(to)?)?)
        }
    }
}

fn next_day(d: NaiveDate) -> Result<NaiveDate, Error> {
    d.succ_opt()
        .ok_or_else(|| Error::invalid(format!("{d} is too far in the future")))
}

/// Local midnight of `day`, as stored (RFC 3339 UTC, seconds). A day that starts in a DST gap
/// starts at its first local time.
fn day_start(day: NaiveDate) -> Result<String, Error> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    let local = Local
        .from_local_datetime(&midnight)
        .earliest()
        .or_else(|| {
            let one = midnight + chrono::Duration::hours(1);
            Local.from_local_datetime(&one).earliest()
        })
        .ok_or_else(|| Error::invalid(format!("{day} has no local midnight")))?;
    Ok(local
        .with_timezone(&Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// Today, in local time.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// The local day a stored start time falls on.
fn local_day(starts_at: &str) -> String {
    DateTime::parse_from_rfc3339(starts_at)
        .map(|t| t.with_timezone(&Local).date_naive().to_string())
        .unwrap_or_else(|_| starts_at.to_string())
}

/// One showtime's row, keyed for `by`.
fn showtime_row(
    s: &ShowtimeRow,
    by: By,
    (counts, revenue, owed): (&[CategoryCounts], &[ShowtimeMoney], &[ShowtimeMoney]),
) -> Row {
    let mut row = key_row(s, by);
    for c in counts.iter().filter(|c| c.showtime_id == s.id) {
        row.seats += c.seats;
        row.sold += c.sold;
        row.held += c.held;
        row.blocked += c.blocked;
    }
    row.revenue_minor = money_of(s, revenue);
    row.refunds_owed_minor = money_of(s, owed);
    finish(row)
}

/// A showtime's amount in its own currency; `None` when it has no prices. An amount in another
/// currency (there is none: a booking is priced in its showtime's) is never added in.
fn money_of(s: &ShowtimeRow, money: &[ShowtimeMoney]) -> Option<i64> {
    let currency = s.currency.as_ref()?;
    let sum = money
        .iter()
        .filter(|m| m.showtime_id == s.id && m.currency.as_ref() == Some(currency))
        .map(|m| m.amount_minor)
        .sum();
    Some(sum)
}

/// A row with `s`'s key for a grouping, and no counts yet.
fn key_row(s: &ShowtimeRow, by: By) -> Row {
    let per_showtime = matches!(by, By::Showtime | By::Category);
    Row {
        showtime_id: per_showtime.then_some(s.id),
        movie: matches!(by, By::Showtime | By::Category | By::Movie).then(|| s.movie.clone()),
        screen: matches!(by, By::Showtime | By::Category | By::Screen)
            .then(|| s.screen.clone())
            .flatten(),
        starts_at: per_showtime.then(|| s.starts_at.clone()),
        day: (by == By::Day).then(|| local_day(&s.starts_at)),
        category: None,
        showtimes: 1,
        seats: 0,
        sold: 0,
        held: 0,
        blocked: 0,
        free: 0,
        occupancy_pct: 0.0,
        currency: s.currency.clone(),
        revenue_minor: None,
        refunds_owed_minor: None,
    }
}

/// Free seats and occupancy from the counts.
fn finish(mut row: Row) -> Row {
    row.free = row.seats.saturating_sub(row.sold + row.held + row.blocked);
    row.occupancy_pct = if row.seats == 0 {
        0.0
    } else {
        (row.sold as f64 * 1000.0 / row.seats as f64).round() / 10.0
    };
    row
}

fn category_rows(showtimes: &[ShowtimeRow], counts: &[CategoryCounts]) -> Vec<Row> {
    let mut rows = Vec::new();
    for s in showtimes {
        for c in counts.iter().filter(|c| c.showtime_id == s.id) {
            let mut row = key_row(s, By::Category);
            row.category = Some(c.category.clone());
            row.seats = c.seats;
            row.sold = c.sold;
            row.held = c.held;
            row.blocked = c.blocked;
            row.revenue_minor = s.currency.as_ref().map(|_| c.sold_minor.unwrap_or(0));
            rows.push(finish(row));
        }
    }
    rows
}

/// Per-showtime rows merged by movie, day or screen and currency, in the order each group's
/// first showtime starts.
fn merged(per_showtime: Vec<Row>, by: By) -> Vec<Row> {
    let mut order: Vec<(Option<String>, Option<String>)> = Vec::new();
    let mut groups: BTreeMap<(Option<String>, Option<String>), Row> = BTreeMap::new();
    for r in per_showtime {
        let key = match by {
            By::Movie => r.movie.clone(),
            By::Day => r.day.clone(),
            _ => r.screen.clone(),
        };
        let key = (key, r.currency.clone());
        match groups.get_mut(&key) {
            Some(g) => add_into(g, &r),
            None => {
                order.push(key.clone());
                groups.insert(key, r);
            }
        }
    }
    order
        .into_iter()
        .filter_map(|k| groups.remove(&k))
        .map(finish)
        .collect()
}

fn add_into(g: &mut Row, r: &Row) {
    g.showtimes += r.showtimes;
    g.seats += r.seats;
    g.sold += r.sold;
    g.held += r.held;
    g.blocked += r.blocked;
    let add = |a: Option<i64>, b: Option<i64>| match (a, b) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
    };
    g.revenue_minor = add(g.revenue_minor, r.revenue_minor);
    g.refunds_owed_minor = add(g.refunds_owed_minor, r.refunds_owed_minor);
}

#[cfg(test)]
mod tests;
