//! `analyze` on views built by hand: each scenario plants one fault and asserts the exact
//! anomalies (all fields, in order) and, where it matters, the seat map. No Redis, no SQLite.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

use super::super::{DbClaim, DbView, KeyState, KeyValue, RedisView};
use super::*;

const NOW: i64 = 1_800_000_000_000;
const HOLD_MS: i64 = 600_000;

fn st() -> ShowtimeId {
    ShowtimeId::new(24).unwrap()
}

fn str_(v: &str) -> KeyValue {
    KeyValue::Str(v.to_string())
}

/// A showtime of five seats, with nothing in Redis or SQLite until a test adds it.
struct World {
    db: DbView,
    r: RedisView,
}

impl World {
    fn new() -> World {
        let missing = |key: String| KeyState {
            key,
            value: KeyValue::Missing,
            ttl_ms: None,
        };
        World {
            db: DbView {
                layout: ["A1", "A2", "A3", "B1", "B2"].map(String::from).to_vec(),
                claims: HashMap::new(),
                blocks: HashMap::new(),
                cancelled: false,
            },
            r: RedisView {
                keys: crate::keys::Keys::SEED,
                now_ms: NOW,
                locks: BTreeMap::new(),
                reservations: BTreeMap::new(),
                reserved_index: missing("reserved_seats_24".into()),
                available_index: missing("available_seats_24".into()),
            },
        }
    }

    fn claim(mut self, seat: &str, booking: i64, user: &str, status: Status, left: i64) -> Self {
        let claim = DbClaim {
            booking_id: booking,
            user: user.to_string(),
            status,
            expires_at_ms: NOW + left,
        };
        self.db.claims.insert(seat.to_string(), claim);
        self
    }

    fn lock(mut self, seat: &str, value: KeyValue, ttl_ms: Option<i64>) -> Self {
        let key = format!("seat_lock:24:{seat}");
        let state = KeyState { key, value, ttl_ms };
        self.r.locks.insert(seat.to_string(), state);
        self
    }

    fn reservation(mut self, user: &str, value: KeyValue, ttl_ms: Option<i64>) -> Self {
        let key = format!("seat_reservation_24_{user}");
        let state = KeyState { key, value, ttl_ms };
        self.r.reservations.insert(user.to_string(), state);
        self
    }

    fn reserved_index(mut self, value: KeyValue, ttl_ms: Option<i64>) -> Self {
        self.r.reserved_index.value = value;
        self.r.reserved_index.ttl_ms = ttl_ms;
        self
    }

    fn available_index(mut self, value: KeyValue, ttl_ms: Option<i64>) -> Self {
        self.r.available_index.value = value;
        self.r.available_index.ttl_ms = ttl_ms;
        self
    }

    /// A live hold as `reserve` leaves it: PENDING claims, locks and the reservation key, all
    /// with the hold's time left (the indexes are the test's business).
    fn hold(mut self, booking: i64, user: &str, seats: &[&str]) -> Self {
        for seat in seats {
            self = self
                .claim(seat, booking, user, Status::Pending, HOLD_MS)
                .lock(seat, str_(user), Some(HOLD_MS));
        }
        let value = json!({"seat_ids": seats, "reserved_at": 1_800_000_000.0}).to_string();
        self.reservation(user, str_(&value), Some(HOLD_MS))
    }

    fn sold(mut self, booking: i64, user: &str, seats: &[&str]) -> Self {
        for seat in seats {
            self = self.claim(seat, booking, user, Status::Confirmed, -HOLD_MS);
        }
        self
    }

    fn cancelled(mut self) -> Self {
        self.db.cancelled = true;
        self
    }

    fn report(&self) -> Report {
        analyze(st(), &self.db, &self.r)
    }
}

/// The anomalies of a world, exactly as `inspect --json` would list them.
fn anomalies(w: &World) -> Value {
    serde_json::to_value(w.report().anomalies).unwrap()
}

/// The seat map as (seat, state, user, ttl, booking) in layout order.
fn seat_map(w: &World) -> Vec<Value> {
    w.report()
        .seats
        .iter()
        .map(|s| serde_json::to_value(s).unwrap())
        .collect()
}

const RELEASE_A3: &str = "boxoffice release --showtime 24 --seat A3 --force";

/// Every scenario, with the anomalies it must give; the tests below run each, and one checks
/// that together they cover every kind.
fn scenarios() -> Vec<(&'static str, World, Value)> {
    vec![
        (
            "a lock with no booking behind it, expiring",
            World::new().lock("A3", str_("42"), Some(60_000)),
            json!([
                {"kind": "orphan_lock", "seat": "A3", "key": "seat_lock:24:A3", "user": "42",
                 "detail": "seat A3 is locked by user 42, but no booking behind it",
                 "fix": format!("expires on its own in 1m; or {RELEASE_A3}")},
                {"kind": "stale_index", "key": "reserved_seats_24",
                 "detail": "reserved_seats_24 (the held seats) lacks A3",
                 "fix": "boxoffice sweep (rebuilds it)"},
                {"kind": "reservation_mismatch", "key": "seat_reservation_24_42", "user": "42",
                 "detail": "user 42 locks [A3] but seat_reservation_24_42 is missing",
                 "fix": "boxoffice sweep (rewrites it from the locks)"},
            ]),
        ),
        (
            "another user's lock on a live hold's seat",
            World::new()
                .hold(1, "7", &["A1"])
                .lock("A1", str_("8"), Some(HOLD_MS))
                .reserved_index(str_(r#"["A1"]"#), Some(HOLD_MS)),
            json!([
                {"kind": "orphan_lock", "seat": "A1", "key": "seat_lock:24:A1", "user": "8",
                 "booking_id": 1,
                 "detail": "seat A1 is locked by user 8, but booking 1 of user 7 claims it in the database",
                 "fix": "boxoffice sweep (gives the seat back to booking 1, whose hold it is)"},
                {"kind": "lost_hold", "booking_id": 1, "user": "7",
                 "detail": "booking 1 of user 7 is held for 10m more, but Redis has no lock for A1",
                 "fix": "boxoffice sweep (restores the locks)"},
                {"kind": "reservation_mismatch", "key": "seat_reservation_24_7", "user": "7",
                 "detail": "seat_reservation_24_7 lists [A1] but user 7 locks []",
                 "fix": "boxoffice sweep (rewrites it from the locks)"},
                {"kind": "reservation_mismatch", "key": "seat_reservation_24_8", "user": "8",
                 "detail": "user 8 locks [A1] but seat_reservation_24_8 is missing",
                 "fix": "boxoffice sweep (rewrites it from the locks)"},
            ]),
        ),
        (
            "a lock with no expiry on a seat outside the layout",
            World::new().lock("Z9", str_("7"), None).reservation(
                "7",
                str_(r#"{"seat_ids":["Z9"],"reserved_at":1}"#),
                Some(1),
            ),
            json!([
                {"kind": "no_ttl", "seat": "Z9", "key": "seat_lock:24:Z9",
                 "detail": "seat_lock:24:Z9 has no expiry: seat Z9 is stuck until someone deletes it",
                 "fix": "boxoffice release --showtime 24 --seat Z9 --force"},
                {"kind": "orphan_lock", "seat": "Z9", "key": "seat_lock:24:Z9", "user": "7",
                 "detail": "seat Z9 is locked by user 7, but seat Z9 is not in the layout of showtime 24",
                 "fix": "boxoffice release --showtime 24 --seat Z9 --force"},
            ]),
        ),
        (
            "a lock on a booking that ran out and is still PENDING",
            World::new()
                .claim("A3", 4, "9", Status::Pending, -5_000)
                .lock("A3", str_("9"), Some(2_500))
                .reserved_index(str_(r#"["A3"]"#), Some(2_500))
                .reservation("9", str_(r#"{"seat_ids":["A3"],"reserved_at":1}"#), Some(1)),
            json!([
                {"kind": "stale_pending", "booking_id": 4, "user": "9",
                 "detail": "booking 4 of user 9 ran out 5s ago and is still PENDING",
                 "fix": "boxoffice sweep (is cron running it?)"},
            ]),
        ),
        (
            "a stray lock on a seat an ended booking claims",
            World::new()
                .claim("A3", 4, "9", Status::Pending, -5_000)
                .lock("A3", str_("8"), Some(2_500))
                .reserved_index(str_(r#"["A3"]"#), Some(2_500))
                .reservation("8", str_(r#"{"seat_ids":["A3"],"reserved_at":1}"#), Some(1)),
            json!([
                {"kind": "orphan_lock", "seat": "A3", "key": "seat_lock:24:A3", "user": "8",
                 "booking_id": 4,
                 "detail": "seat A3 is locked by user 8, but booking 4 of user 9 claims it in the database",
                 "fix": format!("{RELEASE_A3} (also releases booking 4)")},
                {"kind": "stale_pending", "booking_id": 4, "user": "9",
                 "detail": "booking 4 of user 9 ran out 5s ago and is still PENDING",
                 "fix": "boxoffice sweep (is cron running it?)"},
            ]),
        ),
        (
            "a live hold whose locks are all gone",
            World::new()
                .claim("B1", 3, "7", Status::Pending, 90_000)
                .claim("A2", 3, "7", Status::Pending, 90_000),
            json!([
                {"kind": "lost_hold", "booking_id": 3, "user": "7",
                 "detail": "booking 3 of user 7 is held for 1m 30s more, but Redis has no lock for A2, B1",
                 "fix": "boxoffice sweep (restores the locks)"},
            ]),
        ),
        (
            "a live hold's lock with no expiry",
            World::new()
                .hold(1, "7", &["A1"])
                .lock("A1", str_("7"), None)
                .reserved_index(str_(r#"["A1"]"#), Some(HOLD_MS)),
            json!([
                {"kind": "no_ttl", "seat": "A1", "key": "seat_lock:24:A1",
                 "detail": "seat_lock:24:A1 has no expiry: seat A1 is stuck until someone deletes it",
                 "fix": "boxoffice ttl --showtime 24 --user 7 --extend 1s (puts the expiry back on the hold's keys, a second later)"},
            ]),
        ),
        (
            "a sold seat still locked, with no expiry",
            World::new()
                .sold(2, "8", &["B1"])
                .lock("B1", str_("8"), None),
            json!([
                {"kind": "no_ttl", "seat": "B1", "key": "seat_lock:24:B1",
                 "detail": "seat_lock:24:B1 has no expiry: seat B1 is stuck until someone deletes it",
                 "fix": "boxoffice sweep (removes the lock of a sold seat)"},
                {"kind": "sold_but_locked", "seat": "B1", "key": "seat_lock:24:B1", "user": "8",
                 "booking_id": 2,
                 "detail": "seat B1 is sold (booking 2) but still locked by user 8",
                 "fix": "harmless: it expires in never; `boxoffice sweep` removes it"},
            ]),
        ),
        (
            "a sold seat still locked, expiring",
            World::new()
                .sold(2, "8", &["B1"])
                .lock("B1", str_("8"), Some(65_000)),
            json!([
                {"kind": "sold_but_locked", "seat": "B1", "key": "seat_lock:24:B1", "user": "8",
                 "booking_id": 2,
                 "detail": "seat B1 is sold (booking 2) but still locked by user 8",
                 "fix": "harmless: it expires in 1m 5s; `boxoffice sweep` removes it"},
            ]),
        ),
        (
            "an index and a reservation key with no expiry",
            World::new()
                .hold(1, "7", &["A1"])
                .reservation("7", str_(r#"{"seat_ids":["A1"],"reserved_at":1}"#), None)
                .reserved_index(str_(r#"["A1"]"#), None),
            json!([
                {"kind": "no_ttl", "key": "reserved_seats_24",
                 "detail": "reserved_seats_24 has no expiry", "fix": "boxoffice sweep"},
                {"kind": "no_ttl", "key": "seat_reservation_24_7", "user": "7",
                 "detail": "seat_reservation_24_7 has no expiry", "fix": "boxoffice sweep"},
            ]),
        ),
        (
            "both indexes listing the wrong seats",
            World::new()
                .hold(1, "7", &["A1", "A2"])
                .reserved_index(str_(r#"["A1","B2"]"#), Some(HOLD_MS))
                .available_index(str_(r#"["A1","A3"]"#), Some(HOLD_MS)),
            json!([
                {"kind": "stale_index", "key": "reserved_seats_24",
                 "detail": "reserved_seats_24 (the held seats) lists B2 that it should not and lacks A2",
                 "fix": "boxoffice sweep (rebuilds it)"},
                {"kind": "stale_index", "key": "available_seats_24",
                 "detail": "available_seats_24 (the free seats) lists A1 that it should not and lacks B1, B2",
                 "fix": "boxoffice sweep (rebuilds it)"},
            ]),
        ),
        (
            "locks holding no user id, one of them not even a seat's",
            World::new()
                .lock("A3", str_("not a user"), Some(HOLD_MS))
                .lock("B1", KeyValue::WrongType("hash".into()), Some(HOLD_MS))
                .lock("x_y", str_("7"), Some(HOLD_MS))
                .reservation(
                    "7",
                    str_(r#"{"seat_ids":["x_y"],"reserved_at":1}"#),
                    Some(1),
                ),
            json!([
                {"kind": "bad_value", "seat": "A3", "key": "seat_lock:24:A3",
                 "detail": "seat_lock:24:A3 holds \"not a user\", which is not a user id",
                 "fix": RELEASE_A3},
                {"kind": "bad_value", "seat": "B1", "key": "seat_lock:24:B1",
                 "detail": "seat_lock:24:B1 is a hash, not a string",
                 "fix": "boxoffice release --showtime 24 --seat B1 --force"},
                {"kind": "orphan_lock", "seat": "x_y", "key": "seat_lock:24:x_y", "user": "7",
                 "detail": "seat x_y is locked by user 7, but seat x_y is not in the layout of showtime 24",
                 "fix": "redis-cli DEL \"seat_lock:24:x_y\" (not a seat id; after checking who wrote it)"},
            ]),
        ),
        (
            "indexes and a reservation key that are not of the scheme",
            World::new()
                .hold(1, "7", &["A1"])
                .reservation("7", str_("[]"), Some(HOLD_MS))
                .reserved_index(str_("nope"), Some(HOLD_MS))
                .available_index(KeyValue::WrongType("list".into()), Some(HOLD_MS)),
            json!([
                {"kind": "bad_value", "key": "reserved_seats_24",
                 "detail": "reserved_seats_24 is not a JSON array of seat ids",
                 "fix": "boxoffice sweep (rebuilds it)"},
                {"kind": "bad_value", "key": "available_seats_24",
                 "detail": "available_seats_24 is a list, not a string",
                 "fix": "boxoffice sweep (rebuilds it)"},
                {"kind": "bad_value", "key": "seat_reservation_24_7", "user": "7",
                 "detail": "seat_reservation_24_7 is not a {\"seat_ids\":[…],\"reserved_at\":…} object",
                 "fix": "boxoffice sweep (rewrites it from the locks)"},
            ]),
        ),
        (
            "a reservation key listing seats its user does not lock",
            World::new()
                .hold(1, "7", &["A1"])
                .reservation(
                    "7",
                    str_(r#"{"seat_ids":["A2","A1"],"reserved_at":1}"#),
                    Some(1),
                )
                .reserved_index(str_(r#"["A1"]"#), Some(HOLD_MS)),
            json!([
                {"kind": "reservation_mismatch", "key": "seat_reservation_24_7", "user": "7",
                 "detail": "seat_reservation_24_7 lists [A1, A2] but user 7 locks [A1]",
                 "fix": "boxoffice sweep (rewrites it from the locks)"},
            ]),
        ),
        (
            "a cancelled screening with a hold's keys and a free-seat cache left in Redis",
            World::new()
                .lock("A1", str_("7"), Some(HOLD_MS))
                .reservation("7", str_(r#"{"seat_ids":["A1"],"reserved_at":1}"#), Some(1))
                .reserved_index(str_(r#"["A1"]"#), Some(HOLD_MS))
                .available_index(str_(r#"["A2","A3"]"#), Some(HOLD_MS))
                .cancelled(),
            json!([
                {"kind": "cancelled_showtime_key", "seat": "A1", "key": "seat_lock:24:A1",
                 "detail": "lock on seat A1 of cancelled showtime 24",
                 "fix": CLEARS},
                {"kind": "cancelled_showtime_key", "key": "seat_reservation_24_7", "user": "7",
                 "detail": "reservation key of user 7 on cancelled showtime 24",
                 "fix": CLEARS},
                {"kind": "cancelled_showtime_key", "key": "reserved_seats_24",
                 "detail": "reserved_seats_24 lists held seats of a cancelled showtime",
                 "fix": CLEARS},
                {"kind": "cancelled_showtime_key", "key": "available_seats_24",
                 "detail": "available_seats_24 lists seats of a cancelled showtime as free",
                 "fix": CLEARS},
            ]),
        ),
        (
            "a cancelled screening whose free-seat cache is empty, as cancelling leaves it",
            World::new()
                .available_index(str_("[]"), Some(HOLD_MS))
                .cancelled(),
            json!([]),
        ),
    ]
}

const CLEARS: &str = "boxoffice sweep (clears the cancelled screening's keys)";

#[test]
fn each_planted_fault_gives_exactly_its_anomalies_in_order() {
    for (name, world, want) in scenarios() {
        assert_eq!(anomalies(&world), want, "{name}");
    }
}

#[test]
fn the_scenarios_cover_every_anomaly_kind() {
    let mut seen = BTreeSet::new();
    for (_, world, _) in scenarios() {
        seen.extend(world.report().anomalies.iter().map(|a| a.kind.as_str()));
    }
    let all: BTreeSet<&str> = AnomalyKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(seen, all);
}

/// A hold, a sale and indexes that agree: nothing to report.
fn clean() -> World {
    World::new()
        .hold(1, "7", &["A1", "A2"])
        .sold(2, "8", &["B1"])
        .reserved_index(str_(r#"["A2","A1"]"#), Some(HOLD_MS))
        .available_index(str_(r#"["A3","B2"]"#), Some(HOLD_MS))
}

#[test]
fn a_clean_showtime_has_no_anomaly() {
    assert_eq!(anomalies(&clean()), json!([]));
    // Lua's cjson writes an empty array as {}, and a showtime with nothing in Redis is clean.
    let empty = World::new().reserved_index(str_("{}"), Some(1));
    assert_eq!(anomalies(&empty), json!([]));
    assert_eq!(anomalies(&World::new()), json!([]));
}

#[test]
fn the_seat_map_shows_sold_held_and_free_seats_in_layout_order() {
    let w = clean();
    let r = w.report();
    assert_eq!(r.now_ms, NOW);
    assert_eq!((r.counts.free, r.counts.held, r.counts.sold), (2, 2, 1));
    let held = |seat: &str| json!({"seat": seat, "state": "held", "user": "7", "ttl_ms": HOLD_MS, "booking_id": 1});
    let free = |seat: &str| json!({"seat": seat, "state": "free", "user": null, "ttl_ms": null, "booking_id": null});
    assert_eq!(
        seat_map(&w),
        vec![
            held("A1"),
            held("A2"),
            free("A3"),
            json!({"seat": "B1", "state": "sold", "user": "8", "ttl_ms": null, "booking_id": 2}),
            free("B2"),
        ]
    );
}

#[test]
fn the_seat_map_counts_a_lost_hold_as_held_and_a_stray_lock_as_its_holders() {
    let w = World::new()
        // A live hold without its lock still keeps the seat.
        .claim("A1", 1, "7", Status::Pending, HOLD_MS)
        // A lock with no booking shows its holder, with no booking.
        .lock("A2", str_("42"), Some(5_000))
        // Someone else's lock on a live hold's seat shows the lock's holder, no booking.
        .claim("A3", 3, "9", Status::Pending, HOLD_MS)
        .lock("A3", str_("8"), Some(4_000))
        // An ended hold with no lock is free; a sale beats a lock on its seat.
        .claim("B1", 4, "9", Status::Pending, -1)
        .sold(5, "6", &["B2"])
        .lock("B2", str_("6"), Some(3_000));
    let r = w.report();
    assert_eq!((r.counts.free, r.counts.held, r.counts.sold), (1, 3, 1));
    assert_eq!(
        seat_map(&w),
        vec![
            json!({"seat": "A1", "state": "held", "user": "7", "ttl_ms": null, "booking_id": 1}),
            json!({"seat": "A2", "state": "held", "user": "42", "ttl_ms": 5_000, "booking_id": null}),
            json!({"seat": "A3", "state": "held", "user": "8", "ttl_ms": 4_000, "booking_id": null}),
            json!({"seat": "B1", "state": "free", "user": null, "ttl_ms": null, "booking_id": null}),
            json!({"seat": "B2", "state": "sold", "user": "6", "ttl_ms": 3_000, "booking_id": 5}),
        ]
    );
}
