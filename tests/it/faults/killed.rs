//! The process killed between its Redis and SQLite steps: what is left, and who heals it.

use std::time::Duration;

use serde_json::Value;

use super::*;
use crate::harness::{Env, strs};

/// When the sweep rewrites a crash leftover's reservation key (a lock of it went missing), the
/// key keeps its hold's start: it used to get reserved_at=now, which reset the orphans' age,
/// and made the key look like a newer hold to the command that left it.
#[test]
fn a_crash_leftovers_reservation_key_keeps_its_start_when_the_sweep_rewrites_it() {
    let env = Env::demo();
    crash(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 7 A1 A2",
    );
    let key = "seat_reservation_24_7";
    age_reservation(&env, key, 30.0);
    let before: Value = serde_json::from_str(&env.get(key).unwrap()).unwrap();
    redis::cmd("DEL")
        .arg("seat_lock:24:A2")
        .query::<()>(&mut env.con())
        .unwrap();
    let s = env.json("sweep");
    assert_eq!(s["reservations_repaired"], 1, "{s}");
    let after: Value = serde_json::from_str(&env.get(key).unwrap()).unwrap();
    assert_eq!(strs(&after["seat_ids"]), ["A1"]);
    let ms = |v: &Value| (v["reserved_at"].as_f64().unwrap() * 1000.0).round() as i64;
    assert_eq!(ms(&after), ms(&before));
    // Aged past the grace, it is removed as the crash leftover it is.
    age_reservation(&env, key, 40.0);
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks_removed"], 1, "{s}");
    assert_eq!(env.locks(), Vec::<String>::new());
    clean(&env);
}

#[test]
fn killed_after_taking_the_locks_the_orphans_are_found_and_the_retry_heals() {
    let env = Env::demo();
    crash(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 7 A1 A2",
    );
    // Redis has the locks, SQLite has nothing.
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(env.get("seat_lock:24:A2").as_deref(), Some("7"));
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
    assert_eq!(anomaly_kinds(&env), ["orphan_lock", "orphan_lock"]);
    env.fails(6, "inspect 24 --check");
    // The sweep reports them (a reserve in flight looks the same, so they are left to expire)
    // and other users are kept off the seats meanwhile.
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks"], 2, "{s}");
    env.fails(3, "reserve --showtime 24 --user 8 A2");
    // Within the grace, the customer's own retry can't tell the crashed command from one still
    // running, so it is refused and changes nothing...
    let before = env.redis_state();
    let (_, err) = env.fails(3, "reserve --showtime 24 --user 7 A1 A2");
    assert!(
        err.contains("another command is changing user 7's hold"),
        "{err}"
    );
    assert!(err.contains("abandoned 1m after it started"), "{err}");
    assert_eq!(env.redis_state(), before);
    assert_eq!(env.count("SELECT COUNT(*) FROM bookings"), 0);
    // ...and once the hold is older than that, the retry adopts its own locks and records the
    // booking: healed.
    age_reservation(&env, "seat_reservation_24_7", 120.0);
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    assert_eq!(env.booking_status(id), "PENDING");
    assert_eq!(pexpiretime(&env, "seat_lock:24:A1"), expires_of(&env, id));
    clean(&env);

    // Without a retry, a short hold's orphans expire on their own.
    crash(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 9 C1 --hold 1s",
    );
    assert_eq!(env.get("seat_lock:24:C1").as_deref(), Some("9"));
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("sweep");
    assert_eq!(env.get("seat_lock:24:C1"), None);
    clean(&env);
}

/// Orphans older than the grace period can't be a reserve in flight: the sweep removes them,
/// puts the keys in order, and the seats are on sale again at once.
#[test]
fn killed_after_taking_the_locks_a_minute_later_the_sweep_removes_the_orphans() {
    let env = Env::demo();
    crash(
        &env,
        "reserve-after-redis",
        "reserve --showtime 24 --user 7 A1 A2",
    );
    let key = "seat_reservation_24_7";
    age_reservation(&env, key, 120.0);
    // A dry run says what it would do and does nothing.
    let s = env.json("sweep --dry-run");
    assert_eq!(s["orphan_locks_removed"], 2, "{s}");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks"], 2, "{s}");
    assert_eq!(s["orphan_locks_removed"], 2, "{s}");
    assert_eq!(env.locks(), Vec::<String>::new());
    assert_eq!(env.get(key), None, "the reservation key follows its locks");
    env.ok("inspect 24 --check");
    env.ok("reserve --showtime 24 --user 8 A2");
    // The next sweep has nothing to say about them.
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks"], 0, "{s}");
}

#[test]
fn killed_after_recording_a_sale_the_leftover_locks_are_swept() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 A2");
    let id = r["booking_id"].as_i64().unwrap();
    crash(
        &env,
        "confirm-after-sqlite",
        &[
            "confirm",
            "--booking",
            &id.to_string(),
            "--payment-id",
            "p7",
        ],
    );
    assert_eq!(env.booking_status(id), "CONFIRMED");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    // The leftovers: both locks, and the reservation and index keys that still list them.
    assert_eq!(
        anomaly_kinds(&env),
        [
            "reservation_mismatch",
            "sold_but_locked",
            "sold_but_locked",
            "stale_index"
        ]
    );
    // Harmless meanwhile: nobody else can take the sold seats.
    env.fails(3, "reserve --showtime 24 --user 8 A1");
    let s = env.json("sweep");
    assert_eq!(s["sold_locks_removed"], 2, "{s}");
    assert_eq!(env.get("seat_lock:24:A1"), None);
    assert_eq!(env.get("seat_lock:24:A2"), None);
    assert_eq!(env.get("seat_reservation_24_7"), None);
    clean(&env);
    // The payment webhook's retry is still answered as a success, and changes nothing.
    let c = env.json(&format!("confirm --booking {id} --payment-id p7"));
    assert_eq!(c["already_confirmed"], true);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM audit WHERE action = 'confirm'"),
        1
    );
}

#[test]
fn killed_after_recording_a_release_the_leftover_locks_are_found_and_expire() {
    let env = Env::demo();
    let r = env.json("reserve --showtime 24 --user 7 A1 --hold 2s");
    let id = r["booking_id"].as_i64().unwrap();
    crash(
        &env,
        "release-after-sqlite",
        "release --showtime 24 --user 7",
    );
    assert_eq!(env.booking_status(id), "CANCELLED");
    assert_eq!(env.get("seat_lock:24:A1").as_deref(), Some("7"));
    assert_eq!(anomaly_kinds(&env), ["orphan_lock"]);
    let s = env.json("sweep");
    assert_eq!(s["orphan_locks"], 1, "{s}");
    // Staff can free it at once...
    env.ok("release --showtime 24 --seat A1 --force --yes");
    assert_eq!(env.get("seat_lock:24:A1"), None);
    clean(&env);
    // ...and otherwise it runs out with the hold.
    let r = env.json("reserve --showtime 24 --user 8 B1 --hold 1s");
    crash(
        &env,
        "release-after-sqlite",
        &["release", "--booking", &r["booking_id"].to_string()],
    );
    assert_eq!(env.get("seat_lock:24:B1").as_deref(), Some("8"));
    std::thread::sleep(Duration::from_millis(1200));
    env.ok("sweep");
    clean(&env);
    env.ok("reserve --showtime 24 --user 9 B1");
}
