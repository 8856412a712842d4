//! `inspect`: the whole truth about a showtime, one seat or one user's hold, read-only.
//!
//! Everything here is built from [`crate::snapshot`]: one read of Redis, one of SQLite, and
//! their comparison. Nothing is written, so it is safe to run against production at any hour.

use rusqlite::params;
use serde::Serialize;

use crate::catalog::{self, Showtime};
use crate::db::{Booking, Db};
use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::keys;
use crate::redis_client::Redis;
use crate::snapshot::{self, Anomaly, Counts, DbView, KeyState, KeyValue, RedisView, SeatView};

#[derive(Debug, Serialize)]
pub struct ShowtimeReport {
    pub showtime_id: i64,
    #[serde(skip)]
    pub showtime: Showtime,
    pub counts: Counts,
    pub seats: Vec<SeatView>,
    pub anomalies: Vec<Anomaly>,
    #[serde(skip)]
    pub now_ms: i64,
    #[serde(skip)]
    pub round_trips: u32,
}

pub fn showtime(db: &Db, redis: &mut Redis, id: ShowtimeId) -> Result<ShowtimeReport, Error> {
    let dbv = DbView::read(db, id)?;
    let showtime = catalog::showtime_header(db, id, &dbv.layout)?;
    let rv = RedisView::read(redis, id)?;
    let report = snapshot::analyze(id, &dbv, &rv);
    Ok(ShowtimeReport {
        showtime_id: id.get(),
        showtime,
        counts: report.counts,
        seats: report.seats,
        anomalies: report.anomalies,
        now_ms: report.now_ms,
        round_trips: redis.round_trips,
    })
}

#[derive(Debug, Serialize)]
pub struct KeyReport {
    pub key: String,
    pub exists: bool,
    /// `string`, or the Redis type of a key that should have been one.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub value: Option<String>,
    pub ttl_ms: Option<i64>,
}

impl From<&KeyState> for KeyReport {
    fn from(k: &KeyState) -> Self {
        let (kind, value) = match &k.value {
            KeyValue::Missing => (None, None),
            KeyValue::Str(v) => (Some("string".to_string()), Some(v.clone())),
            KeyValue::WrongType(t) => (Some(t.clone()), None),
        };
        KeyReport {
            key: k.key.clone(),
            exists: k.exists(),
            kind,
            value,
            ttl_ms: k.ttl_ms,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AuditEvent {
    pub at_ms: i64,
    pub action: String,
    pub booking_id: Option<i64>,
    pub user: Option<String>,
    pub seats: serde_json::Value,
    pub command: String,
    pub operator: String,
    pub forced: bool,
    pub detail: Option<serde_json::Value>,
}

#[derive(Debug, Serialize)]
pub struct SeatReport {
    pub showtime_id: i64,
    pub seat: String,
    pub in_layout: bool,
    pub state: Option<SeatView>,
    pub lock: KeyReport,
    pub booking: Option<Booking>,
    pub in_reserved_index: bool,
    /// None when the free-seat cache is absent or does not parse.
    pub in_available_index: Option<bool>,
    pub anomalies: Vec<Anomaly>,
    pub audit: Vec<AuditEvent>,
    #[serde(skip)]
    pub now_ms: i64,
}

pub fn seat(
    db: &Db,
    redis: &mut Redis,
    id: ShowtimeId,
    seat: &SeatId,
) -> Result<SeatReport, Error> {
    let dbv = DbView::read(db, id)?;
    let rv = RedisView::read(redis, id)?;
    let report = snapshot::analyze(id, &dbv, &rv);
    let s = seat.as_str();
    let lock = rv.locks.get(s).cloned().unwrap_or(KeyState {
        key: keys::seat_lock(id, seat),
        value: KeyValue::Missing,
        ttl_ms: None,
    });
    let booking = match dbv.claims.get(s) {
        Some(c) => db.booking(c.booking_id)?,
        None => None,
    };
    let listed = |k: &KeyState| {
        k.as_str()
            .and_then(snapshot::parse_seat_array)
            .map(|v| v.iter().any(|x| x == s))
    };
    let anomalies = report
        .anomalies
        .into_iter()
        .filter(|a| {
            a.seat.as_deref() == Some(s)
                || booking.as_ref().is_some_and(|b| a.booking_id == Some(b.id))
        })
        .collect();
    Ok(SeatReport {
        showtime_id: id.get(),
        seat: s.to_string(),
        in_layout: dbv.layout.iter().any(|x| x == s),
        state: report.seats.into_iter().find(|v| v.seat == s),
        lock: KeyReport::from(&lock),
        booking,
        in_reserved_index: listed(&rv.reserved_index).unwrap_or(false),
        in_available_index: listed(&rv.available_index),
        anomalies,
        audit: audit_for(db, id, Some(s), None, 10)?,
        now_ms: report.now_ms,
    })
}

#[derive(Debug, Serialize)]
pub struct UserReport {
    pub showtime_id: i64,
    pub user: String,
    pub booking: Option<Booking>,
    pub reservation: KeyReport,
    /// Seats this user locks in Redis, with their TTLs.
    pub locks: Vec<SeatLock>,
    pub anomalies: Vec<Anomaly>,
    pub audit: Vec<AuditEvent>,
    #[serde(skip)]
    pub now_ms: i64,
}

#[derive(Debug, Serialize)]
pub struct SeatLock {
    pub seat: String,
    pub key: String,
    pub ttl_ms: Option<i64>,
}

pub fn user(
    db: &Db,
    redis: &mut Redis,
    id: ShowtimeId,
    user: &UserId,
) -> Result<UserReport, Error> {
    let dbv = DbView::read(db, id)?;
    let rv = RedisView::read(redis, id)?;
    let report = snapshot::analyze(id, &dbv, &rv);
    let u = user.as_str();
    let booking = match db.pending_booking(id, u)? {
        Some(b) => Some(b),
        None => db
            .list_bookings(Some(id), None, Some(u), Some(1))?
            .into_iter()
            .next(),
    };
    let reservation = rv.reservations.get(u).cloned().unwrap_or(KeyState {
        key: keys::seat_reservation(id, user),
        value: KeyValue::Missing,
        ttl_ms: None,
    });
    let locks = rv
        .locks
        .iter()
        .filter(|(_, k)| k.as_str() == Some(u))
        .map(|(seat, k)| SeatLock {
            seat: seat.clone(),
            key: k.key.clone(),
            ttl_ms: k.ttl_ms,
        })
        .collect();
    Ok(UserReport {
        showtime_id: id.get(),
        user: u.to_string(),
        anomalies: report
            .anomalies
            .into_iter()
            .filter(|a| {
                a.user.as_deref() == Some(u)
                    || booking.as_ref().is_some_and(|b| a.booking_id == Some(b.id))
            })
            .collect(),
        booking,
        reservation: KeyReport::from(&reservation),
        locks,
        audit: audit_for(db, id, None, Some(u), 10)?,
        now_ms: report.now_ms,
    })
}

/// The latest audit events of a showtime touching a seat or a user, newest first.
pub fn audit_for(
    db: &Db,
    id: ShowtimeId,
    seat: Option<&str>,
    user: Option<&str>,
    limit: u32,
) -> Result<Vec<AuditEvent>, Error> {
    let mut stmt = db
        .conn()
        .prepare_cached(
            "SELECT a.at_ms, a.action, a.booking_id, a.user_id, a.seats, a.command, a.operator,
                    a.forced, a.detail
               FROM audit a
              WHERE a.showtime_id = ?1
                AND (?2 IS NULL OR EXISTS (SELECT 1 FROM json_each(a.seats) WHERE value = ?2))
                AND (?3 IS NULL OR a.user_id = ?3)
              ORDER BY a.id DESC LIMIT ?4",
        )
        .map_err(|e| db.map_err(e))?;
    let rows = stmt
        .query_map(params![id.get(), seat, user, limit], |r| {
            let seats: String = r.get(4)?;
            let detail: Option<String> = r.get(8)?;
            Ok(AuditEvent {
                at_ms: r.get(0)?,
                action: r.get(1)?,
                booking_id: r.get(2)?,
                user: r.get(3)?,
                seats: serde_json::from_str(&seats).unwrap_or(serde_json::Value::Null),
                command: r.get(5)?,
                operator: r.get(6)?,
                forced: r.get(7)?,
                detail: detail.and_then(|d| serde_json::from_str(&d).ok()),
            })
        })
        .map_err(|e| db.map_err(e))?;
    rows.collect::<Result<_, _>>().map_err(|e| db.map_err(e))
}
