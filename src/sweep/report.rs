//! What a sweep tells: one [`Detail`] per booking or key it touched or found, and who holds the
//! sweep lock when it was skipped. Data only: the words for people are the CLI's.

use serde::Serialize;

/// What a sweep detail line is about; the snake_case string is part of the `--json` output and
/// of the `-v` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailKind {
    UnknownShowtime,
    Expired,
    Rehydrated,
    SoldLockRemoved,
    OrphanLockRemoved,
    ReservationRepaired,
    IndexRepaired,
    OrphanLock,
    NoTtl,
    BadValue,
    CancelledShowtimeCleared,
    /// The showtime has keys of the other key style: skipped (`keys migrate`).
    OtherKeyStyle,
}

impl DetailKind {
    pub const ALL: [DetailKind; 12] = [
        DetailKind::UnknownShowtime,
        DetailKind::Expired,
        DetailKind::Rehydrated,
        DetailKind::SoldLockRemoved,
        DetailKind::OrphanLockRemoved,
        DetailKind::ReservationRepaired,
        DetailKind::IndexRepaired,
        DetailKind::OrphanLock,
        DetailKind::NoTtl,
        DetailKind::BadValue,
        DetailKind::CancelledShowtimeCleared,
        DetailKind::OtherKeyStyle,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DetailKind::UnknownShowtime => "unknown_showtime",
            DetailKind::Expired => "expired",
            DetailKind::Rehydrated => "rehydrated",
            DetailKind::SoldLockRemoved => "sold_lock_removed",
            DetailKind::OrphanLockRemoved => "orphan_lock_removed",
            DetailKind::ReservationRepaired => "reservation_repaired",
            DetailKind::IndexRepaired => "index_repaired",
            DetailKind::OrphanLock => "orphan_lock",
            DetailKind::NoTtl => "no_ttl",
            DetailKind::BadValue => "bad_value",
            DetailKind::CancelledShowtimeCleared => "cancelled_showtime_cleared",
            DetailKind::OtherKeyStyle => "other_key_style",
        }
    }

    /// Whether it describes what is (and stays so until someone acts), not what this sweep did.
    pub fn is_standing(self) -> bool {
        match self {
            DetailKind::OrphanLock
            | DetailKind::NoTtl
            | DetailKind::BadValue
            | DetailKind::UnknownShowtime
            | DetailKind::OtherKeyStyle => true,
            DetailKind::Expired
            | DetailKind::Rehydrated
            | DetailKind::SoldLockRemoved
            | DetailKind::OrphanLockRemoved
            | DetailKind::ReservationRepaired
            | DetailKind::IndexRepaired
            | DetailKind::CancelledShowtimeCleared => false,
        }
    }
}

impl std::fmt::Display for DetailKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Serialize)]
pub struct Detail {
    pub kind: DetailKind,
    pub showtime_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub booking_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub detail: String,
}

impl Detail {
    /// A line about showtime `showtime_id` naming no booking, user, seat or key (yet).
    pub(super) fn new(kind: DetailKind, showtime_id: i64, detail: String) -> Detail {
        Detail {
            kind,
            showtime_id,
            booking_id: None,
            user: None,
            seats: Vec::new(),
            key: None,
            detail,
        }
    }

    pub(super) fn booking(self, id: i64) -> Detail {
        Detail {
            booking_id: Some(id),
            ..self
        }
    }

    pub(super) fn user(self, user: String) -> Detail {
        Detail {
            user: Some(user),
            ..self
        }
    }

    pub(super) fn seats(self, seats: Vec<String>) -> Detail {
        Detail { seats, ..self }
    }

    pub(super) fn key(self, key: String) -> Detail {
        Detail {
            key: Some(key),
            ..self
        }
    }
}

/// The holder of the sweep lock, as its token tells (`pid:started_ms:operator`), for a sweep
/// that was skipped.
#[derive(Debug, Serialize)]
pub struct LockHolder {
    pub key: String,
    /// The lock's value, exactly.
    pub holder: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// When that sweep started (its machine's clock).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at_ms: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub held_for_ms: Option<i64>,
    /// Until the lock runs out unless renewed; None when it has no expiry.
    pub expires_in_ms: Option<i64>,
}

impl LockHolder {
    /// Reads a lock's value (`holder`) and remaining time (`pttl`, Redis's answer) at `now_ms`
    /// (this machine's clock, as the token's start is).
    pub(super) fn parse(key: String, holder: String, pttl: i64, now_ms: i64) -> LockHolder {
        let mut parts = holder.splitn(3, ':');
        let pid = parts.next().and_then(|p| p.parse::<u32>().ok());
        let started = parts.next().and_then(|p| p.parse::<i64>().ok());
        let operator = parts.next().filter(|_| pid.is_some() && started.is_some());
        LockHolder {
            key,
            pid: pid.filter(|_| started.is_some()),
            operator: operator.map(String::from),
            started_at_ms: started.filter(|_| pid.is_some()),
            held_for_ms: started
                .filter(|_| pid.is_some())
                .map(|s| (now_ms - s).max(0)),
            expires_in_ms: (pttl >= 0).then_some(pttl),
            holder,
        }
    }

    /// One line for people, with everything taken from Redis escaped.
    pub fn describe(&self) -> String {
        let who = match (self.pid, &self.operator) {
            (Some(pid), Some(op)) => format!("pid {pid}, {}", crate::ids::shown(op)),
            _ => format!("value {}", crate::ids::shown(&self.holder)),
        };
        let since = self
            .held_for_ms
            .map(|ms| format!(", started {} ago", crate::text::human_duration(ms)))
            .unwrap_or_default();
        let left = match self.expires_in_ms {
            Some(ms) => format!("; it runs out in {}", crate::text::human_duration(ms)),
            None => "; it has no expiry: delete it if no sweep is running".to_string(),
        };
        format!("{} is held by another sweep ({who}{since}){left}", self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::{DetailKind, LockHolder};

    #[test]
    fn every_detail_kind_keeps_its_snake_case_string_in_text_and_json() {
        let want = [
            (DetailKind::UnknownShowtime, "unknown_showtime", true),
            (DetailKind::Expired, "expired", false),
            (DetailKind::Rehydrated, "rehydrated", false),
            (DetailKind::SoldLockRemoved, "sold_lock_removed", false),
            (DetailKind::OrphanLockRemoved, "orphan_lock_removed", false),
            (
                DetailKind::ReservationRepaired,
                "reservation_repaired",
                false,
            ),
            (DetailKind::IndexRepaired, "index_repaired", false),
            (DetailKind::OrphanLock, "orphan_lock", true),
            (DetailKind::NoTtl, "no_ttl", true),
            (DetailKind::BadValue, "bad_value", true),
            (
                DetailKind::CancelledShowtimeCleared,
                "cancelled_showtime_cleared",
                false,
            ),
            (DetailKind::OtherKeyStyle, "other_key_style", true),
        ];
        assert_eq!(want.map(|(k, _, _)| k), DetailKind::ALL);
        for (k, s, standing) in want {
            assert_eq!(k.as_str(), s);
            assert_eq!(k.to_string(), s);
            assert_eq!(serde_json::to_value(k).unwrap(), s);
            assert_eq!(k.is_standing(), standing, "{s}");
        }
    }

    #[test]
    fn a_lock_token_is_read_as_pid_start_and_operator_or_not_at_all() {
        let key = || "boxoffice:sweep_lock".to_string();
        let h = LockHolder::parse(key(), "42:1000:ann:x".into(), 5_000, 3_500);
        assert_eq!(h.pid, Some(42));
        assert_eq!(h.started_at_ms, Some(1000));
        assert_eq!(h.operator.as_deref(), Some("ann:x"));
        assert_eq!(h.held_for_ms, Some(2_500));
        assert_eq!(h.expires_in_ms, Some(5_000));
        let h = LockHolder::parse(key(), "by hand".into(), -1, 3_500);
        assert_eq!((h.pid, h.started_at_ms, h.held_for_ms), (None, None, None));
        assert_eq!(h.operator, None);
        assert_eq!(h.expires_in_ms, None);
        assert_eq!(h.holder, "by hand");
    }
}
