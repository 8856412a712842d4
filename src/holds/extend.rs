//! `ttl`: what is left of a hold, key by key; and `ttl --extend`: Redis first (every key of the
//! hold, while the user still holds every seat), then SQLite (the booking's expiry).

use std::time::Duration;

use serde::Serialize;

use super::claims::{self, Extension};
use super::{lock_snapshot, shown_holder, wall_ms};
use crate::catalog;
use crate::error::Error;
use crate::ids::{SeatId, ShowtimeId, UserId};
use crate::keys;
use crate::redis_client::Redis;
use crate::scripts::{self, extend as extend_script};
use crate::store::{Booking, Db, Status};

/// How far past its start a hold may be extended without `--force`.
pub const EXTEND_CAP: Duration = Duration::from_secs(2 * 3600);

#[derive(Debug, Serialize)]
pub struct KeyTtl {
    pub key: String,
    pub exists: bool,
    /// Milliseconds left; null for a key without expiry (or missing).
    pub ttl_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat: Option<String>,
    /// For a lock: who holds it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HoldTtl {
    pub showtime_id: i64,
    pub user: String,
    pub booking_id: Option<i64>,
    pub status: Option<Status>,
    pub seats: Vec<String>,
    pub expires_at_ms: Option<i64>,
    pub hold_started_at_ms: Option<i64>,
    pub now_ms: i64,
    pub keys: Vec<KeyTtl>,
}

/// Who a `ttl` command is about.
pub enum HoldRef {
    User(UserId),
    /// The holder of this seat (from its lock, else from its booking).
    Seat(SeatId),
}

/// Resolves the holder a `ttl` command names. Returns the user and their PENDING booking.
pub fn resolve_hold(
    db: &Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    which: &HoldRef,
) -> Result<(String, Option<Booking>), Error> {
    catalog::get_showtime(db, showtime)?;
    let user = match which {
        HoldRef::User(u) => u.to_string(),
        HoldRef::Seat(seat) => holder_of(db, redis, showtime, seat)?,
    };
    let booking = db.pending_booking(showtime, &user)?;
    Ok((user, booking))
}

/// Who holds `seat`: its lock's holder, else its PENDING booking's user.
fn holder_of(
    db: &Db,
    redis: &mut Redis,
    showtime: ShowtimeId,
    seat: &SeatId,
) -> Result<String, Error> {
    catalog::check_seats(db, showtime, std::slice::from_ref(seat))?;
    let snap = lock_snapshot(redis, showtime, &[seat.to_string()])?;
    match snap.locks[0].holder.clone() {
        // A value someone else wrote: say so, rather than blame the input.
        Some(h) if !UserId::is_valid(&h) => Err(Error::conflict(format!(
            "seat {seat} on showtime {showtime} is locked by {}, which is not a user id; \
             see `boxoffice inspect {showtime} --seat {seat}`",
            shown_holder(&h)
        ))),
        Some(h) => Ok(h),
        None => db
            .live_claims(showtime, &[seat.to_string()])?
            .into_iter()
            .find(|c| c.status == Status::Pending)
            .map(|c| c.user)
            .ok_or_else(|| {
                Error::not_found(format!("seat {seat} on showtime {showtime} is not held"))
            }),
    }
}

/// The remaining time of every key of a user's hold.
pub fn hold_ttl(
    redis: &mut Redis,
    showtime: ShowtimeId,
    user: &str,
    booking: Option<Booking>,
) -> Result<HoldTtl, Error> {
    let uid: UserId = user.parse()?;
    let k = redis.keys();
    let res_key = k.seat_reservation(showtime, &uid);
    let idx_key = k.reserved_seats(showtime);
    let (listed, res_ttl, idx_ttl) = reservation_and_ttls(redis, &res_key, &idx_key)?;
    // The hold's seats: the booking's, plus any the reservation key lists.
    let mut seats: Vec<String> = booking
        .as_ref()
        .map(Booking::seat_names)
        .unwrap_or_default();
    for s in listed {
        if !seats.contains(&s) && s.parse::<SeatId>().is_ok() {
            seats.push(s);
        }
    }
    if booking.is_none() && seats.is_empty() {
        return Err(Error::not_found(format!(
            "user {user} has no hold on showtime {showtime}"
        )));
    }
    let snap = lock_snapshot(redis, showtime, &seats)?;
    let mut out: Vec<KeyTtl> = snap
        .locks
        .iter()
        .map(|l| KeyTtl {
            key: k.seat_lock_str(showtime, &l.seat),
            exists: l.holder.is_some() || l.wrong_type,
            ttl_ms: l.ttl_ms,
            seat: Some(l.seat.clone()),
            holder: l.holder.clone(),
        })
        .collect();
    for (key, ttl) in [(res_key, res_ttl), (idx_key, idx_ttl)] {
        out.push(KeyTtl {
            key,
            exists: ttl != -2,
            ttl_ms: (ttl >= 0).then_some(ttl),
            seat: None,
            holder: None,
        });
    }
    Ok(HoldTtl {
        showtime_id: showtime.get(),
        user: user.to_string(),
        booking_id: booking.as_ref().map(|b| b.id),
        status: booking.as_ref().map(|b| b.status),
        seats,
        expires_at_ms: booking.as_ref().map(|b| b.expires_at_ms),
        hold_started_at_ms: booking.as_ref().map(|b| b.hold_started_at_ms),
        now_ms: snap.now_ms,
        keys: out,
    })
}

/// The seats the reservation key lists (none when it is missing or unreadable), and the PTTLs
/// of the reservation key and the index, in one pipeline.
fn reservation_and_ttls(
    redis: &mut Redis,
    res_key: &str,
    idx_key: &str,
) -> Result<(Vec<String>, i64, i64), Error> {
    let mut pipe = redis::pipe();
    pipe.cmd("MGET")
        .arg(res_key)
        .cmd("PTTL")
        .arg(res_key)
        .cmd("PTTL")
        .arg(idx_key);
    let (res_val, res_ttl, idx_ttl): (Vec<Option<Vec<u8>>>, i64, i64) = redis.query_pipe(&pipe)?;
    let listed = res_val
        .into_iter()
        .next()
        .flatten()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .and_then(|v| keys::parse_reservation(&v))
        .unwrap_or_default();
    Ok((listed, res_ttl, idx_ttl))
}

#[derive(Debug, Serialize)]
pub struct Extended {
    pub booking_id: i64,
    pub showtime_id: i64,
    pub user: String,
    pub seats: Vec<String>,
    #[serde(skip)]
    pub previous_expires_at_ms: i64,
    #[serde(skip)]
    pub expires_at_ms: i64,
    #[serde(skip)]
    pub now_ms: i64,
    pub forced: bool,
}

/// Adds `by` to a PENDING hold: all its keys in Redis (one script, only while the user still
/// holds every seat), then the booking's expiry in SQLite.
pub fn extend(
    db: &mut Db,
    redis: &mut Redis,
    booking: &Booking,
    by: Duration,
    forced: bool,
) -> Result<Extended, Error> {
    let showtime = booking.showtime_id;
    let new_expiry = booking.expires_at_ms.saturating_add(by.as_millis() as i64);
    check_cap(booking, by, new_expiry, forced)?;
    let now_ms = extend_in_redis(redis, showtime, booking, new_expiry)?;
    let extension = Extension {
        booking,
        by_ms: by.as_millis() as i64,
        expires_at_ms: new_expiry,
        forced,
    };
    db.write(|tx| {
        if claims::extend(tx, &extension, wall_ms())? {
            Ok(())
        } else {
            Err(Error::conflict(format!(
                "booking {} stopped being PENDING while extending",
                booking.id
            )))
        }
    })?;
    Ok(Extended {
        booking_id: booking.id,
        showtime_id: booking.showtime_id.get(),
        user: booking.user.to_string(),
        seats: booking.seat_names(),
        previous_expires_at_ms: booking.expires_at_ms,
        expires_at_ms: new_expiry,
        now_ms,
        forced,
    })
}

/// Without `--force`, a hold ends at most [`EXTEND_CAP`] after its start.
fn check_cap(booking: &Booking, by: Duration, new_expiry: i64, forced: bool) -> Result<(), Error> {
    let cap = booking.hold_started_at_ms + EXTEND_CAP.as_millis() as i64;
    if new_expiry <= cap || forced {
        return Ok(());
    }
    Err(Error::invalid(format!(
        "extending by {} would run booking {}'s hold past {} after its start (until {}); \
         staff can pass --force",
        humantime::format_duration(by),
        booking.id,
        humantime::format_duration(EXTEND_CAP),
        crate::text::local_time(new_expiry)
    )))
}

/// Redis's step: every key of the hold moves to `new_expiry`, only while the user still holds
/// every seat. Returns Redis's clock.
fn extend_in_redis(
    redis: &mut Redis,
    showtime: ShowtimeId,
    booking: &Booking,
    new_expiry: i64,
) -> Result<i64, Error> {
    let uid: UserId = booking.user.clone();
    let call = extend_script::Extend {
        showtime,
        user: &uid,
        seats: &booking.seat_names(),
        expires_at_ms: new_expiry,
    };
    match scripts::run(redis, &call)? {
        extend_script::Reply::Ok { now_ms } => Ok(now_ms),
        extend_script::Reply::Gone {
            now_ms,
            seats: rest,
        } if now_ms > 0 && booking.expires_at_ms > now_ms => {
            // The database still gives the hold time: Redis lost the locks (an eviction, a
            // restart, a failover), and `sweep` puts them back with the time left.
            Err(Error::not_found(format!(
                "booking {}'s hold has {} left, but Redis lost its locks{}; run `boxoffice \
                 sweep` to restore them, then extend. Nothing was extended",
                booking.id,
                crate::text::human_duration(booking.expires_at_ms - now_ms),
                if rest.is_empty() {
                    String::new()
                } else {
                    format!(" on {}", rest.join(", "))
                }
            )))
        }
        extend_script::Reply::Gone { seats: rest, .. } => Err(Error::not_found(format!(
            "booking {}'s hold has run out{}; nothing to extend",
            booking.id,
            if rest.is_empty() {
                String::new()
            } else {
                format!(" (no lock on {})", rest.join(", "))
            }
        ))),
        extend_script::Reply::Other { held, .. } => {
            let pairs: Vec<String> = held
                .iter()
                .map(|(seat, holder)| match holder.as_str() {
                    "" => format!("{seat} (a lock key that is not a string)"),
                    h => format!("{seat} (user {})", shown_holder(h)),
                })
                .collect();
            Err(Error::conflict(format!(
                "booking {}'s seats are held by someone else now: {}; nothing was extended",
                booking.id,
                pairs.join(", ")
            )))
        }
    }
}
