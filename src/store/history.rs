//! `boxoffice history`: the audit table read back as a timeline, filtered.
//!
//! Each filter that narrows the most has its statement driven by its own index, so a seat's
//! history among a million events is one index range (`migrations/011_audit_seats.sql`), not a
//! scan: the seat (`audit_seats`), else the booking (`audit_by_booking`), else the user
//! (`audit_by_user`), else the operator (`audit_by_operator`), else the showtime
//! (`audit_by_showtime`). The other filters are checked on the rows the index gives. A
//! statement of `?N IS NULL OR …` alone would leave SQLite no index to choose.
//!
//! Events come in the order they were written (the audit id), not by `at_ms`: a command's
//! events carry the time of the clock it read (Redis's or this machine's), and two events of
//! one transaction may carry the same millisecond.

use rusqlite::params;

use super::{AuditEvent, Db};
use crate::error::Error;

/// What to look for; every field given must hold (`None`: any).
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    pub showtime: Option<i64>,
    /// A seat of `showtime` (which it needs).
    pub seat: Option<String>,
    pub booking: Option<i64>,
    pub user: Option<String>,
    pub operator: Option<String>,
    /// Events at or after this time (ms).
    pub since_ms: Option<i64>,
    /// Events before this time (ms).
    pub until_ms: Option<i64>,
    /// At most this many events: the latest ones, still shown oldest first.
    pub limit: u32,
}

macro_rules! history_sql {
    ($from:literal, $driver:literal) => {
        concat!(
            "SELECT a.id, a.at_ms, a.action, a.showtime_id, a.booking_id, a.user_id, a.seats,
                    a.command, a.operator, a.forced, a.detail
               FROM ",
            $from,
            " WHERE ",
            $driver,
            " AND (CAST(?1 AS BIGINT) IS NULL OR a.showtime_id = ?1)
               AND (CAST(?2 AS TEXT) IS NULL OR TRUE)
               AND (CAST(?3 AS BIGINT) IS NULL OR a.booking_id = ?3)
               AND (CAST(?4 AS TEXT) IS NULL OR a.user_id = ?4)
               AND (CAST(?5 AS TEXT) IS NULL OR a.operator = ?5)
               AND (CAST(?6 AS BIGINT) IS NULL OR a.at_ms >= ?6)
               AND (CAST(?7 AS BIGINT) IS NULL OR a.at_ms < ?7)
             ORDER BY a.id DESC LIMIT ?8"
        )
    };
}

/// A seat's events, and its screening's cancellation (which concerns every seat).
const BY_SEAT: &str = history_sql!(
    "audit a",
    "a.id IN (SELECT audit_id FROM audit_seats WHERE showtime_id = ?1 AND seat_id = ?2
              UNION ALL
              SELECT id FROM audit WHERE showtime_id = ?1 AND action = 'showtime_cancel')"
);
const BY_BOOKING: &str = history_sql!("audit a", "a.booking_id = ?3");
const BY_USER: &str = history_sql!("audit a", "a.user_id = ?4");
const BY_OPERATOR: &str = history_sql!("audit a", "a.operator = ?5");
const BY_SHOWTIME: &str = history_sql!("audit a", "a.showtime_id = ?1");
const BY_TIME: &str = history_sql!("audit a", "TRUE");

impl Db {
    /// The events the filter admits, oldest first (the latest `limit` of them).
    pub fn history(&self, f: &HistoryFilter) -> Result<Vec<(i64, AuditEvent)>, Error> {
        let sql = match f {
            HistoryFilter { seat: Some(_), .. } => BY_SEAT,
            HistoryFilter {
                booking: Some(_), ..
            } => BY_BOOKING,
            HistoryFilter { user: Some(_), .. } => BY_USER,
            HistoryFilter {
                operator: Some(_), ..
            } => BY_OPERATOR,
            HistoryFilter {
                showtime: Some(_), ..
            } => BY_SHOWTIME,
            _ => BY_TIME,
        };
        let q = self.sql();
        let p = params![
            f.showtime, f.seat, f.booking, f.user, f.operator, f.since_ms, f.until_ms, f.limit
        ];
        let mut out: Vec<(i64, AuditEvent)> = q.rows(sql, p, |r| {
            let seats: String = r.get(6)?;
            let detail: Option<String> = r.get(10)?;
            Ok((
                r.get(0)?,
                AuditEvent {
                    at_ms: r.get(1)?,
                    action: r.get(2)?,
                    showtime_id: r.get(3)?,
                    booking_id: r.get(4)?,
                    user: r.get(5)?,
                    seats: serde_json::from_str(&seats).unwrap_or(serde_json::Value::Null),
                    command: r.get(7)?,
                    operator: r.get(8)?,
                    forced: r.get(9)?,
                    detail: detail.and_then(|d| serde_json::from_str(&d).ok()),
                },
            ))
        })?;
        out.reverse();
        Ok(out)
    }
}
