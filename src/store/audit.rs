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
        self.sql()
            .execute(
                "INSERT INTO audit (at_ms, showtime_id, booking_id, user_id, seats, action,
                                    command, operator, forced, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
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
                ],
            )
            .map(|_| ())
    }
}

impl Db {
    /// The latest `limit` audit events of a showtime, newest first: all of them, or those
    /// naming `seat` among their seats (and the screening's cancel, which concerns every seat)
    /// and/or `user` as their user. The same indexed reads as `history` (`history.rs`).
    pub fn audit_events(
        &self,
        showtime: ShowtimeId,
        seat: Option<&str>,
        user: Option<&str>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, Error> {
        let mut events = self.history(&super::HistoryFilter {
            showtime: Some(showtime.get()),
            seat: seat.map(str::to_string),
            user: user.map(str::to_string),
            limit,
            ..Default::default()
        })?;
        events.reverse();
        Ok(events.into_iter().map(|(_, e)| e).collect())
    }
}
