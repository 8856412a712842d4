//! The audit table: one row for every change, stamped with the operator and the command, and
//! read back by `inspect`.

use rusqlite::params;
use serde::Serialize;

use super::{Db, Tx};
use crate::error::Error;
use crate::ids::ShowtimeId;

/// One row of the audit table, as written.
#[derive(Debug, Default)]
pub struct AuditEntry<'a> {
    pub at_ms: i64,
    pub showtime_id: Option<i64>,
    pub booking_id: Option<i64>,
    pub user: Option<&'a str>,
    pub seats: &'a [String],
    pub action: &'a str,
    pub forced: bool,
    pub detail: Option<serde_json::Value>,
}

/// One row of the audit table, as read back.
#[derive(Debug, Serialize)]
pub struct AuditEvent {
    pub at_ms: i64,
    pub action: String,
    pub showtime_id: Option<i64>,
    pub booking_id: Option<i64>,
    pub user: Option<String>,
    pub seats: serde_json::Value,
    pub command: String,
    pub operator: String,
    pub forced: bool,
    pub detail: Option<serde_json::Value>,
}

impl Tx<'_> {
    /// Writes an audit row, stamped with this process's operator and command.
    pub fn audit(&self, e: AuditEntry<'_>) -> Result<(), Error> {
        let q = self.sql();
        q.conn
            .prepare_cached(
                "INSERT INTO audit (at_ms, showtime_id, booking_id, user_id, seats, action,
                                    command, operator, forced, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )
            .and_then(|mut s| {
                s.execute(params![
                    e.at_ms,
                    e.showtime_id,
                    e.booking_id,
                    e.user,
                    serde_json::to_string(e.seats).unwrap_or_else(|_| "[]".into()),
                    e.action,
                    self.command,
                    self.operator,
                    e.forced,
                    e.detail.map(|d| d.to_string()),
                ])
            })
            .map(|_| ())
            .map_err(|e| q.err(e))
    }
}

impl Db {
    /// The latest `limit` audit events of a showtime, newest first: all of them, or those
    /// naming `seat` among their seats (and the screening's cancel, which concerns every seat)
    /// and/or `user` as their user.
    pub fn audit_events(
        &self,
        showtime: ShowtimeId,
        seat: Option<&str>,
        user: Option<&str>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, Error> {
        let q = self.sql();
        q.conn
            .prepare_cached(
                "SELECT a.at_ms, a.action, a.booking_id, a.user_id, a.seats, a.command, a.operator,
                        a.forced, a.detail, a.showtime_id
                   FROM audit a
                  WHERE a.showtime_id = ?1
                    AND (?2 IS NULL
                         OR a.id IN (SELECT audit_id FROM audit_seats
                                      WHERE showtime_id = ?1 AND seat_id = ?2)
                         OR a.action = 'showtime_cancel')
                    AND (?3 IS NULL OR a.user_id = ?3)
                  ORDER BY a.id DESC LIMIT ?4",
            )
            .and_then(|mut s| {
                s.query_map(params![showtime.get(), seat, user, limit], |r| {
                    let seats: String = r.get(4)?;
                    let detail: Option<String> = r.get(8)?;
                    Ok(AuditEvent {
                        at_ms: r.get(0)?,
                        action: r.get(1)?,
                        showtime_id: r.get(9)?,
                        booking_id: r.get(2)?,
                        user: r.get(3)?,
                        seats: serde_json::from_str(&seats).unwrap_or(serde_json::Value::Null),
                        command: r.get(5)?,
                        operator: r.get(6)?,
                        forced: r.get(7)?,
                        detail: detail.and_then(|d| serde_json::from_str(&d).ok()),
                    })
                })?
                .collect()
            })
            .map_err(|e| q.err(e))
    }
}
