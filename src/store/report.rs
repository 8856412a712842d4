//! The statements of `boxoffice report`: which showtimes a report covers, and per showtime its
//! seats by category and state, its takings and the refunds it owes, each one GROUP BY over the
//! showtimes named (a JSON array, so one prepared statement serves one showtime or a week of
//! them). Reads only: the report works while Redis is down, and never waits for a writer (WAL).
//!
//! Each statement walks an index: `seats` by its primary key, the live claims and live blocks
//! by their partial unique indexes (`live = 1`), bookings by `bookings_by_showtime`; only the
//! refunds, a short table, are scanned.

use rusqlite::params;
use serde_json::Value;

use super::catalog::{ROW, showtime_row};
use super::exec::Row;
use super::{Db, ShowtimeRow};
use crate::error::Error;

/// One showtime's seats of one category, by state. Blocks and live claims never share a seat
/// (the schema's triggers), so `seats - sold - held - blocked` are free.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryCounts {
    pub showtime_id: i64,
    pub category: String,
    pub seats: u64,
    pub sold: u64,
    pub held: u64,
    pub blocked: u64,
    /// The sold seats' prices summed (minor units of the showtime's currency); `None`: no
    /// sold seat has a price.
    pub sold_minor: Option<i64>,
}

/// An amount of one showtime in one currency (`None`: the rows had no currency).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShowtimeMoney {
    pub showtime_id: i64,
    pub currency: Option<String>,
    pub amount_minor: i64,
    /// How many rows were summed (bookings, refunds).
    pub rows: u64,
}

/// One audit row that changes what a showtime has held or sold, for the sales chart.
#[derive(Debug, Clone)]
pub struct SalesEvent {
    pub at_ms: i64,
    pub action: String,
    pub booking_id: Option<i64>,
    pub seats: Vec<String>,
    pub detail: Value,
}

/// The audit actions that change a showtime's held or sold seats.
const SALES_ACTIONS: &str = "('reserve', 'confirm', 'release', 'force_release', 'expire', \
                             'cancel', 'move', 'showtime_cancel')";

/// A COUNT(*) column.
fn count(r: &Row<'_, '_>, i: usize) -> rusqlite::Result<u64> {
    r.get::<i64>(i).map(|n| n.max(0).unsigned_abs())
}

/// The showtimes of a report, as a JSON list in `?1`: the set each engine reads it as.
const IN_LITE: &str = "(SELECT value FROM json_each(?1))";
const IN_PG: &str = "(SELECT jsonb_array_elements_text(?1::jsonb)::bigint)";

fn ids_json(ids: &[i64]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

impl Db {
    /// The showtimes starting in `[from, to)` (RFC 3339 UTC, as stored), in start order.
    pub fn report_showtimes(&self, from: &str, to: &str) -> Result<Vec<ShowtimeRow>, Error> {
        let q = self.sql();
        let sql = format!(
            "SELECT {ROW} FROM showtimes WHERE starts_at >= ?1 AND starts_at < ?2
              ORDER BY starts_at, id"
        );
        q.rows(&sql, params![from, to], showtime_row)
    }

    /// Seats by showtime and category: how many, sold, held (PENDING live claims, whatever
    /// Redis says) and blocked, and what the sold ones cost.
    pub fn report_counts(&self, showtimes: &[i64]) -> Result<Vec<CategoryCounts>, Error> {
        let q = self.sql();
        let sql = "SELECT s.showtime_id, s.category, COUNT(*),
                        COUNT(b.id) FILTER (WHERE b.status = 'CONFIRMED'),
                        COUNT(b.id) FILTER (WHERE b.status = 'PENDING'),
                        COUNT(k.id),
                        SUM(s.price_minor) FILTER (WHERE b.status = 'CONFIRMED')
                   FROM seats s
                   LEFT JOIN booking_seats c
                          ON c.showtime_id = s.showtime_id AND c.seat_id = s.seat_id
                         AND c.live = 1
                   LEFT JOIN bookings b ON b.id = c.booking_id
                   LEFT JOIN seat_blocks k
                          ON k.showtime_id = s.showtime_id AND k.seat_id = s.seat_id
                         AND k.live = 1
                  WHERE s.showtime_id IN {IN}
                  GROUP BY s.showtime_id, s.category
                  ORDER BY s.showtime_id, MIN(s.ord)"
            .replace("{IN}", q.pick(IN_LITE, IN_PG));
        q.rows(&sql, params![ids_json(showtimes)], |r| {
            Ok(CategoryCounts {
                showtime_id: r.get(0)?,
                category: r.get(1)?,
                seats: count(r, 2)?,
                sold: count(r, 3)?,
                held: count(r, 4)?,
                blocked: count(r, 5)?,
                sold_minor: r.get(6)?,
            })
        })
    }

    /// What the CONFIRMED bookings of each showtime cost, per currency (a booking with no
    /// price counts in the `None` row with amount 0).
    pub fn report_revenue(&self, showtimes: &[i64]) -> Result<Vec<ShowtimeMoney>, Error> {
        self.report_money(
            "SELECT showtime_id, currency, COALESCE(SUM(amount_minor), 0), COUNT(*)
               FROM bookings
              WHERE showtime_id IN {IN} AND status = 'CONFIRMED'
              GROUP BY showtime_id, currency",
            showtimes,
        )
    }

    /// What each showtime still owes back (refunds not settled), per currency (the showtime's:
    /// a refund carries none of its own).
    pub fn report_refunds_owed(&self, showtimes: &[i64]) -> Result<Vec<ShowtimeMoney>, Error> {
        self.report_money(
            "SELECT r.showtime_id, CASE WHEN r.amount_cents IS NOT NULL THEN st.currency END,
                    COALESCE(SUM(r.amount_cents), 0), COUNT(*)
               FROM refunds r JOIN showtimes st ON st.id = r.showtime_id
              WHERE r.showtime_id IN {IN}
                AND r.settled_at_ms IS NULL
              GROUP BY r.showtime_id, 2",
            showtimes,
        )
    }

    fn report_money(&self, sql: &str, showtimes: &[i64]) -> Result<Vec<ShowtimeMoney>, Error> {
        let q = self.sql();
        let sql = sql.replace("{IN}", q.pick(IN_LITE, IN_PG));
        q.rows(&sql, params![ids_json(showtimes)], |r| {
            Ok(ShowtimeMoney {
                showtime_id: r.get(0)?,
                currency: r.get(1)?,
                amount_minor: r.get(2)?,
                rows: count(r, 3)?,
            })
        })
    }

    /// The audit rows that changed a showtime's holds and sales, oldest first.
    pub fn sales_events(&self, showtime: i64) -> Result<Vec<SalesEvent>, Error> {
        let q = self.sql();
        let sql = format!(
            "SELECT at_ms, action, booking_id, seats, detail FROM audit
              WHERE showtime_id = ?1 AND action IN {SALES_ACTIONS}
              ORDER BY at_ms, id"
        );
        q.rows(&sql, params![showtime], |r| {
            let seats: String = r.get(3)?;
            let detail: Option<String> = r.get(4)?;
            Ok(SalesEvent {
                at_ms: r.get(0)?,
                action: r.get(1)?,
                booking_id: r.get(2)?,
                seats: serde_json::from_str(&seats).unwrap_or_default(),
                detail: detail
                    .and_then(|d| serde_json::from_str(&d).ok())
                    .unwrap_or(Value::Null),
            })
        })
    }
}
