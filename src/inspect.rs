//! `inspect`: the whole truth about a showtime, one seat or one user's hold, read-only.
//!
//! Everything here is built from [`crate::snapshot`]: one read of Redis, one of SQLite, and
//! their comparison. Nothing is written, so it is safe to run against production at any hour.

use serde::Serialize;

use crate::catalog::{self, Showtime};
use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::redis_client::Redis;
use crate::snapshot::{self, Anomaly, Counts, DbView, KeyState, KeyValue, RedisView, SeatView};
use crate::store::{Booking, Db};

#[derive(Debug, Serialize)]
pub struct ShowtimeReport {
    pub showtime_id: i64,
    #[serde(skip)]
    pub showtime: Showtime,
    /// When, why and by whom the screening was cancelled (absent while it is on).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<crate::store::ShowtimeCancel>,
    /// The hall the showtime was made from; `null` for a rectangular one.
    pub hall: Option<String>,
    /// The currency of its prices (ISO 4217); `null` when it has none.
    pub currency: Option<String>,
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
        cancelled: showtime.cancelled.clone(),
        hall: showtime.hall.clone(),
        currency: showtime.currency.clone(),
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

pub use crate::store::AuditEvent;

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
    /// The names of the two index keys, in the connection's key style, for the text view.
    #[serde(skip)]
    pub index_keys: [String; 2],
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
        key: rv.keys.seat_lock(id, seat),
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
        index_keys: [
            rv.reserved_index.key.clone(),
            rv.available_index.key.clone(),
        ],
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
        key: rv.keys.seat_reservation(id, user),
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
    db.audit_events(id, seat, user, limit)
}
