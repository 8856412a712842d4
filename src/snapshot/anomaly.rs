//! What can be wrong with a showtime, as `inspect` names it and `sweep` repairs it, and the
//! wording of what to do about each: every fix text is here, so one that stops working (the
//! `inspect::every_fix_inspect_prints_clears_its_anomaly` test runs them all) has one place
//! to change.

use serde::Serialize;

use crate::ids::{SeatId, ShowtimeId};
use crate::store::Status;

use super::DbClaim;

/// What is wrong, as `inspect` names it; the snake_case string is part of the `--json` output
/// and of the text table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnomalyKind {
    OrphanLock,
    LostHold,
    StalePending,
    NoTtl,
    StaleIndex,
    SoldButLocked,
    ReservationMismatch,
    BadValue,
    /// A key of a cancelled screening, which should have none.
    CancelledShowtimeKey,
}

impl AnomalyKind {
    pub const ALL: [AnomalyKind; 9] = [
        AnomalyKind::OrphanLock,
        AnomalyKind::LostHold,
        AnomalyKind::StalePending,
        AnomalyKind::NoTtl,
        AnomalyKind::StaleIndex,
        AnomalyKind::SoldButLocked,
        AnomalyKind::ReservationMismatch,
        AnomalyKind::BadValue,
        AnomalyKind::CancelledShowtimeKey,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnomalyKind::OrphanLock => "orphan_lock",
            AnomalyKind::LostHold => "lost_hold",
            AnomalyKind::StalePending => "stale_pending",
            AnomalyKind::NoTtl => "no_ttl",
            AnomalyKind::StaleIndex => "stale_index",
            AnomalyKind::SoldButLocked => "sold_but_locked",
            AnomalyKind::ReservationMismatch => "reservation_mismatch",
            AnomalyKind::BadValue => "bad_value",
            AnomalyKind::CancelledShowtimeKey => "cancelled_showtime_key",
        }
    }
}

impl std::fmt::Display for AnomalyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Anomaly {
    pub kind: AnomalyKind,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seat: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// What to do about it.
    pub fix: String,
}

impl Anomaly {
    pub(super) fn new(kind: AnomalyKind, detail: String, fix: impl Into<String>) -> Self {
        Anomaly {
            kind,
            detail,
            seat: None,
            key: None,
            booking_id: None,
            user: None,
            fix: fix.into(),
        }
    }
    pub(super) fn seat(mut self, s: &str) -> Self {
        self.seat = Some(s.to_string());
        self
    }
    pub(super) fn key(mut self, k: &str) -> Self {
        self.key = Some(k.to_string());
        self
    }
    pub(super) fn booking(mut self, b: i64) -> Self {
        self.booking_id = Some(b);
        self
    }
    pub(super) fn user(mut self, u: &str) -> Self {
        self.user = Some(u.to_string());
        self
    }
}

/// The fix for what only a sweep repairs, with no more to say.
pub(super) const SWEEP: &str = "boxoffice sweep";
/// The fix for an index the sweep rebuilds from the locks.
pub(super) const SWEEP_REBUILDS: &str = "boxoffice sweep (rebuilds it)";
/// The fix for a reservation key the sweep rewrites from the locks.
pub(super) const SWEEP_REWRITES: &str = "boxoffice sweep (rewrites it from the locks)";
/// The fix for a live hold whose locks are gone.
pub(super) const SWEEP_RESTORES: &str = "boxoffice sweep (restores the locks)";
/// The fix for a key of a cancelled screening.
pub(super) const SWEEP_CLEARS: &str = "boxoffice sweep (clears the cancelled screening's keys)";
/// The fix for a hold that ran out and was never expired.
pub(super) const SWEEP_EXPIRES: &str = "boxoffice sweep (is cron running it?)";

/// How to remove one lock key, whatever it holds: a forced release of its seat, or, for a key
/// whose seat part is no seat id at all, deleting it by hand.
pub(super) fn release_fix(st: ShowtimeId, seat: &str, key: &str) -> String {
    if seat.parse::<SeatId>().is_ok_and(|s| s.as_str() == seat) {
        format!("boxoffice release --showtime {st} --seat {seat} --force")
    } else {
        format!(
            "redis-cli DEL {} (not a seat id; after checking who wrote it)",
            crate::ids::shown(key)
        )
    }
}

/// The fix for a lock with no expiry. A live hold's own lock gets its expiry back from an
/// extension by its holder (a forced release would end the customer's hold); a lock on a sold
/// seat goes with the sweep (a sale is never released); anything else is removed.
pub(super) fn lock_no_ttl_fix(
    st: ShowtimeId,
    seat: &str,
    key: &str,
    holder: Option<&str>,
    claim: Option<&DbClaim>,
    now: i64,
) -> String {
    match (claim, holder) {
        (Some(c), _) if c.status == Status::Confirmed => {
            "boxoffice sweep (removes the lock of a sold seat)".to_string()
        }
        (Some(c), Some(h)) if c.user == h && c.expires_at_ms > now => format!(
            "boxoffice ttl --showtime {st} --user {h} --extend 1s (puts the expiry back on the hold's keys, a second later)"
        ),
        _ => release_fix(st, seat, key),
    }
}

/// The fix for a lock on a sold seat: nothing urgent.
pub(super) fn sold_but_locked_fix(ttl_ms: Option<i64>) -> String {
    format!(
        "harmless: it expires in {}; `boxoffice sweep` removes it",
        ttl_ms.map_or("never".into(), crate::text::human_duration)
    )
}

/// The fix for a lock that no PENDING booking of its holder stands behind; `claim` is the
/// booking (of someone else, or sold) that claims the seat in SQLite, if any.
pub(super) fn orphan_lock_fix(
    st: ShowtimeId,
    seat: &str,
    key: &str,
    ttl_ms: Option<i64>,
    claim: Option<&DbClaim>,
    now: i64,
) -> String {
    // Releasing the seat by force also ends the hold of a booking that claims it.
    let also = match claim {
        Some(c) => format!(" (also releases booking {})", c.booking_id),
        None => String::new(),
    };
    // A live hold that claims the seat wins it back: the sweep restores its lock over this
    // one, and the customer keeps their booking.
    let live_claim = claim.filter(|c| c.status == Status::Pending && c.expires_at_ms > now);
    match (live_claim, ttl_ms) {
        (Some(c), _) => format!(
            "boxoffice sweep (gives the seat back to booking {}, whose hold it is)",
            c.booking_id
        ),
        (None, Some(ms)) if claim.is_none() && seat.parse::<SeatId>().is_ok() => {
            format!(
                "expires on its own in {}; or {}",
                crate::text::human_duration(ms),
                release_fix(st, seat, key)
            )
        }
        _ => format!("{}{also}", release_fix(st, seat, key)),
    }
}

#[cfg(test)]
mod tests {
    use super::AnomalyKind;

    #[test]
    fn every_anomaly_kind_keeps_its_snake_case_string_in_text_and_json() {
        let want = [
            (AnomalyKind::OrphanLock, "orphan_lock"),
            (AnomalyKind::LostHold, "lost_hold"),
            (AnomalyKind::StalePending, "stale_pending"),
            (AnomalyKind::NoTtl, "no_ttl"),
            (AnomalyKind::StaleIndex, "stale_index"),
            (AnomalyKind::SoldButLocked, "sold_but_locked"),
            (AnomalyKind::ReservationMismatch, "reservation_mismatch"),
            (AnomalyKind::BadValue, "bad_value"),
            (AnomalyKind::CancelledShowtimeKey, "cancelled_showtime_key"),
        ];
        assert_eq!(want.map(|(k, _)| k), AnomalyKind::ALL);
        for (k, s) in want {
            assert_eq!(k.as_str(), s);
            assert_eq!(k.to_string(), s);
            assert_eq!(serde_json::to_value(k).unwrap(), s);
        }
    }
}
