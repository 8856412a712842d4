//! `watch`: a showtime's seat map kept up to date, read-only.
//!
//! Each frame is an [`inspect::showtime`] read (one SCAN pass and one pipeline in Redis, one
//! read of SQLite), so `watch` shows exactly what `inspect` would, and never writes: it is
//! safe against production at any hour. What changed between two frames is found by comparing
//! their seat maps ([`changes`]), not by trusting notifications, which only say *when* to look:
//! [`listen`] subscribes to the showtime's keyspace notifications when the server already sends
//! them (`notify-keyspace-events` with `K` and `A`, or `K` with `g$x`). It never turns them on
//! (`CONFIG SET` is the operator's decision on a production server), and SQLite's changes (a
//! sale confirmed, a block) are in no notification, so the caller also reads once a second.

pub mod listen;

use std::collections::HashMap;

use crate::snapshot::{SeatState, SeatView};

pub use crate::inspect::{ShowtimeReport, showtime as read};

/// One line of the change log: seats that went to the same state (and holder) between two
/// frames, in layout order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub seats: Vec<String>,
    pub state: SeatState,
    /// The holder, or the buyer of a sold seat, as found in Redis or SQLite (escape it).
    pub user: Option<String>,
}

/// What changed from `before` to `after`: a seat whose state or holder differs, grouped by
/// the state and user it went to. A seat in only one of the two frames is not a change.
pub fn changes(before: &[SeatView], after: &[SeatView]) -> Vec<Change> {
    let old: HashMap<&str, &SeatView> = before.iter().map(|s| (s.seat.as_str(), s)).collect();
    let mut out: Vec<Change> = Vec::new();
    for s in after {
        let Some(was) = old.get(s.seat.as_str()) else {
            continue;
        };
        let user = matches!(s.state, SeatState::Held | SeatState::Sold)
            .then(|| s.user.clone())
            .flatten();
        let was_user = matches!(was.state, SeatState::Held | SeatState::Sold)
            .then(|| was.user.clone())
            .flatten();
        if was.state == s.state && was_user == user {
            continue;
        }
        match out
            .iter_mut()
            .find(|c| c.state == s.state && c.user == user)
        {
            Some(c) => c.seats.push(s.seat.clone()),
            None => out.push(Change {
                seats: vec![s.seat.clone()],
                state: s.state,
                user,
            }),
        }
    }
    out
}

/// One customer's hold as the frame shows it: their held seats and the least time left on
/// their locks (None when a lock has no expiry, which `inspect` reports as an anomaly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hold {
    pub user: String,
    pub seats: Vec<String>,
    pub ttl_ms: Option<i64>,
}

/// The holds of a frame, the soonest to end first.
pub fn holds(seats: &[SeatView]) -> Vec<Hold> {
    let mut out: Vec<Hold> = Vec::new();
    for s in seats.iter().filter(|s| s.state == SeatState::Held) {
        let user = s.user.clone().unwrap_or_default();
        match out.iter_mut().find(|h| h.user == user) {
            Some(h) => {
                h.seats.push(s.seat.clone());
                h.ttl_ms = match (h.ttl_ms, s.ttl_ms) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
            None => out.push(Hold {
                user,
                seats: vec![s.seat.clone()],
                ttl_ms: s.ttl_ms,
            }),
        }
    }
    out.sort_by_key(|h| (h.ttl_ms.unwrap_or(i64::MAX), h.user.clone()));
    out
}

/// Whether a server's `notify-keyspace-events` already sends what `watch` needs: keyspace
/// events (`K`) for string commands, generic commands (DEL) and expiry (`$`, `g`, `x`), all
/// three included in `A`.
pub fn keyspace_allows(flags: &str) -> bool {
    let has = |c| flags.contains(c);
    has('K') && (has('A') || (has('g') && has('$') && has('x')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seat(seat: &str, state: SeatState, user: Option<&str>, ttl: Option<i64>) -> SeatView {
        SeatView {
            seat: seat.into(),
            state,
            user: user.map(String::from),
            ttl_ms: ttl,
            booking_id: None,
            reason: None,
        }
    }

    #[test]
    fn changes_are_grouped_by_what_the_seats_became() {
        use SeatState::*;
        let before = [
            seat("A1", Free, None, None),
            seat("A2", Free, None, None),
            seat("A3", Held, Some("8"), Some(5)),
            seat("A4", Held, Some("9"), Some(5)),
            seat("A5", Free, None, None),
        ];
        let after = [
            seat("A1", Held, Some("7"), Some(9)),
            seat("A2", Held, Some("7"), Some(9)),
            seat("A3", Free, None, None),
            seat("A4", Sold, Some("9"), None),
            seat("A5", Free, None, None),
            seat("A6", Held, Some("7"), None),
        ];
        let c = changes(&before, &after);
        assert_eq!(
            c,
            [
                Change {
                    seats: vec!["A1".into(), "A2".into()],
                    state: Held,
                    user: Some("7".into())
                },
                Change {
                    seats: vec!["A3".into()],
                    state: Free,
                    user: None
                },
                Change {
                    seats: vec!["A4".into()],
                    state: Sold,
                    user: Some("9".into())
                },
            ]
        );
        // A hold passing to another user is a change; a TTL going down is not.
        let later = [seat("A1", Held, Some("8"), Some(1))];
        assert_eq!(changes(&after[..1], &later)[0].user.as_deref(), Some("8"));
        let same = [seat("A1", Held, Some("7"), Some(1))];
        assert!(changes(&after[..1], &same).is_empty());
    }

    #[test]
    fn holds_are_listed_soonest_to_end_first() {
        use SeatState::*;
        let seats = [
            seat("A1", Held, Some("7"), Some(9_000)),
            seat("A2", Held, Some("8"), Some(2_000)),
            seat("A3", Held, Some("7"), Some(8_000)),
            seat("A4", Sold, Some("9"), None),
        ];
        let h = holds(&seats);
        assert_eq!(h.len(), 2);
        assert_eq!((h[0].user.as_str(), h[0].ttl_ms), ("8", Some(2_000)));
        assert_eq!(h[1].seats, ["A1", "A3"]);
        assert_eq!(h[1].ttl_ms, Some(8_000));
    }

    #[test]
    fn keyspace_flags_that_serve() {
        for ok in ["KEA", "AK", "K$gx", "Kg$xe"] {
            assert!(keyspace_allows(ok), "{ok}");
        }
        for no in ["", "EA", "K$", "Kgx", "Ex$g"] {
            assert!(!keyspace_allows(no), "{no}");
        }
    }
}
