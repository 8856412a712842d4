//! A cancelled screening has nothing in Redis but, for a while, an empty free-seat cache: its
//! holds were released and its sales cancelled when it was called off, and the schema refuses
//! every new claim. Any other key of it is what a crash between `showtime cancel`'s SQLite and
//! Redis steps (or a reserve that raced it and then crashed) left behind. Each is one
//! `cancelled_showtime_key` anomaly, which `sweep` clears; the usual checks (orphans, indexes,
//! reservations) are not run, so one leftover is reported once.

use super::anomaly::{Anomaly, AnomalyKind, SWEEP_CLEARS};
use super::{KeyState, KeyValue, RedisView};
use crate::ids::ShowtimeId;
use crate::keys::parse_seat_array;

pub(super) fn check(st: ShowtimeId, r: &RedisView) -> Vec<Anomaly> {
    let kind = AnomalyKind::CancelledShowtimeKey;
    let mut out = Vec::new();
    for (seat, k) in &r.locks {
        let what = format!("lock on seat {seat} of cancelled showtime {st}");
        out.push(
            Anomaly::new(kind, what, SWEEP_CLEARS)
                .seat(seat)
                .key(&k.key),
        );
    }
    for (user, k) in &r.reservations {
        let what = format!("reservation key of user {user} on cancelled showtime {st}");
        out.push(
            Anomaly::new(kind, what, SWEEP_CLEARS)
                .user(user)
                .key(&k.key),
        );
    }
    if r.reserved_index.exists() {
        let k = &r.reserved_index.key;
        let what = format!("{k} lists held seats of a cancelled showtime");
        out.push(Anomaly::new(kind, what, SWEEP_CLEARS).key(k));
    }
    if lists_seats(&r.available_index) {
        let k = &r.available_index.key;
        let what = format!("{k} lists seats of a cancelled showtime as free");
        out.push(Anomaly::new(kind, what, SWEEP_CLEARS).key(k));
    }
    out
}

/// Whether the free-seat cache says something other than "nothing is free".
fn lists_seats(k: &KeyState) -> bool {
    match &k.value {
        KeyValue::Missing => false,
        KeyValue::Str(s) => parse_seat_array(s).is_none_or(|a| !a.is_empty()),
        KeyValue::WrongType(_) => true,
    }
}
