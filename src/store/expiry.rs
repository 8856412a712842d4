//! PENDING bookings whose hold ran out: what the sweep finds and expires.

use rusqlite::params;

use super::{Db, Tx};
use crate::error::Error;
use crate::ids::ShowtimeId;

/// A PENDING booking past its expiry, as the sweep reads it: its seats not released.
#[derive(Debug, Clone)]
pub struct OverdueHold {
    pub booking_id: i64,
    pub showtime_id: i64,
    pub user: String,
    pub seats: Vec<String>,
}

impl Db {
    /// The showtimes that have an open hold (a PENDING booking).
    pub fn pending_showtimes(&self) -> Result<Vec<i64>, Error> {
        self.sql().rows(
            "SELECT DISTINCT showtime_id FROM bookings WHERE status = 'PENDING'",
            params![],
            |r| r.get(0),
        )
    }

    /// Up to `limit` PENDING bookings whose hold ran out at or before `now_ms` (Redis's clock),
    /// of one showtime or all, with ids above `after`, by id: one page of the sweep's step 1.
    pub fn overdue_holds(
        &self,
        now_ms: i64,
        after: i64,
        showtime: Option<ShowtimeId>,
        limit: usize,
    ) -> Result<Vec<OverdueHold>, Error> {
        let q = self.sql();
        let sql = q.pick(
            "SELECT b.id, b.showtime_id, b.user_id,
                    (SELECT json_group_array(seat_id) FROM booking_seats
                      WHERE booking_id = b.id AND released_at_ms IS NULL)
               FROM bookings b
              WHERE b.status = 'PENDING' AND b.expires_at_ms <= ?1 AND b.id > ?2
                AND (?3 IS NULL OR b.showtime_id = ?3)
              ORDER BY b.id LIMIT ?4",
            "SELECT b.id, b.showtime_id, b.user_id,
                    (SELECT COALESCE(json_agg(seat_id), '[]')::text FROM booking_seats
                      WHERE booking_id = b.id AND released_at_ms IS NULL)
               FROM bookings b
              WHERE b.status = 'PENDING' AND b.expires_at_ms <= ?1 AND b.id > ?2
                AND (?3::bigint IS NULL OR b.showtime_id = ?3)
              ORDER BY b.id LIMIT ?4",
        );
        q.rows(
            sql,
            params![
                now_ms,
                after,
                showtime.map(ShowtimeId::get),
                i64::try_from(limit).unwrap_or(i64::MAX)
            ],
            |r| {
                let seats: String = r.get(3)?;
                Ok(OverdueHold {
                    booking_id: r.get(0)?,
                    showtime_id: r.get(1)?,
                    user: r.get(2)?,
                    seats: serde_json::from_str(&seats).unwrap_or_default(),
                })
            },
        )
    }
}

impl Tx<'_> {
    /// Expires a PENDING booking whose hold ran out at or before `redis_now_ms`. Returns false
    /// (and changes nothing) when it is no longer PENDING, or was extended past that meanwhile.
    pub fn expire_overdue(&self, id: i64, redis_now_ms: i64, now_ms: i64) -> Result<bool, Error> {
        self.sql().update_one(
            "UPDATE bookings SET status = 'EXPIRED', updated_at_ms = ?3
                  WHERE id = ?1 AND status = 'PENDING' AND expires_at_ms <= ?2",
            params![id, redis_now_ms, now_ms],
        )
    }
}
